//! Reports: the overview with filters and paging, counts per status, and
//! export of the overview as CSV (RFC 4180) and as an .xlsx workbook.

use crate::calendar::Day;
use crate::error::{Error, Failure, Result};
use crate::fields::FieldValue;
use crate::report::{
    MAX_PAGE, OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, StatusCounts,
};
use crate::store::Records;
use crate::workbook::{Cell, Workbook};

use super::Tracker;

/// The column headings of exported overview rows; a column per custom
/// field follows them, headed by its key.
pub const EXPORT_COLUMNS: [&str; 13] = [
    "licence_id",
    "holder_id",
    "holder_name",
    "type_id",
    "type_name",
    "reference",
    "issuer",
    "acquired",
    "expiry",
    "status",
    "days_left",
    "location",
    "department",
];

/// A row's cells in [`EXPORT_COLUMNS`] order.
fn cells(row: &OverviewRow) -> [String; 13] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        row.licence_id.clone(),
        row.holder_id.clone(),
        row.holder_name.clone(),
        row.type_id.clone(),
        row.type_name.clone(),
        text(&row.reference),
        text(&row.issuer),
        date(row.acquired),
        date(row.expiry),
        row.status.as_str().to_owned(),
        row.days_left.map(|d| d.to_string()).unwrap_or_default(),
        text(&row.location),
        text(&row.department),
    ]
}

impl Tracker {
    /// One page of the overview on `today`.
    pub fn overview(&self, query: &OverviewQuery, today: Day) -> Result<OverviewPage> {
        query.validate()?;
        self.read(|store| {
            let window = store.settings()?.unwrap_or_default().window;
            store.overview(query, today, window)
        })
    }

    /// Counts per status of the current licences matching `filter` on `today`.
    pub fn status_counts(&self, filter: &OverviewFilter, today: Day) -> Result<StatusCounts> {
        OverviewQuery {
            filter: filter.clone(),
            ..OverviewQuery::default()
        }
        .validate()?;
        self.read(|store| {
            let window = store.settings()?.unwrap_or_default().window;
            store.status_counts(filter, today, window)
        })
    }

    /// Every row of the overview for `query` (its paging ignored), page by page.
    fn each_row(
        &self,
        query: &OverviewQuery,
        today: Day,
        mut f: impl FnMut(&OverviewRow) -> Result<()>,
    ) -> Result<()> {
        let mut page_query = OverviewQuery {
            offset: 0,
            limit: MAX_PAGE,
            ..query.clone()
        };
        page_query.validate()?;
        loop {
            let page = self.overview(&page_query, today)?;
            for row in &page.rows {
                f(row)?;
            }
            if page.rows.len() < MAX_PAGE as usize {
                return Ok(());
            }
            page_query.offset += MAX_PAGE;
        }
    }

    /// The headings of an export: [`EXPORT_COLUMNS`], then the custom
    /// fields' keys.
    fn export_headings(&self) -> Result<(Vec<String>, Vec<String>)> {
        let keys: Vec<String> = self.fields()?.into_iter().map(|d| d.key).collect();
        let headings = EXPORT_COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .chain(keys.iter().cloned())
            .collect();
        Ok((headings, keys))
    }

    /// The overview rows for `query` (all pages) as CSV with a header line;
    /// custom field values as their text (dates as ISO 8601, yes/no as
    /// `yes` or `no`).
    pub fn export_csv(&self, query: &OverviewQuery, today: Day) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| Error::from(Failure::Csv(e));
        let (headings, keys) = self.export_headings()?;
        writer.write_record(&headings).map_err(failed)?;
        self.each_row(query, today, |row| {
            let values = keys
                .iter()
                .map(|k| row.fields.get(k).map(|v| v.to_string()).unwrap_or_default());
            let record: Vec<String> = cells(row).into_iter().chain(values).collect();
            writer.write_record(&record).map_err(failed)
        })?;
        let bytes = writer
            .into_inner()
            .map_err(|e| failed(e.into_error().into()))?;
        String::from_utf8(bytes).map_err(|e| Error::internal(format!("writing CSV: {e}")))
    }

    /// The overview rows for `query` (all pages) as an .xlsx workbook with
    /// one sheet, dates as dates and days left as numbers; custom fields
    /// too (numbers as numbers, dates as dates).
    pub fn export_xlsx(&self, query: &OverviewQuery, today: Day) -> Result<Vec<u8>> {
        let mut workbook = Workbook::new();
        let (headings, keys) = self.export_headings()?;
        let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
        let sheet = workbook.sheet("Licences", &headings)?;
        self.each_row(query, today, |row| {
            let texts = cells(row);
            let mut values: Vec<Cell<'_>> = texts.iter().map(|text| Cell::Text(text)).collect();
            values[7] = row.acquired.map_or(Cell::Empty, Cell::Date);
            values[8] = row.expiry.map_or(Cell::Empty, Cell::Date);
            values[10] = row
                .days_left
                .map_or(Cell::Empty, |days| Cell::Number(f64::from(days)));
            let yes_no = |yes: bool| if yes { "yes" } else { "no" };
            values.extend(keys.iter().map(|k| match row.fields.get(k) {
                None => Cell::Empty,
                Some(FieldValue::Text(text)) => Cell::Text(text),
                Some(FieldValue::Number(n)) => Cell::Number(*n),
                Some(FieldValue::Date(day)) => Cell::Date(*day),
                Some(FieldValue::YesNo(yes)) => Cell::Text(yes_no(*yes)),
            }));
            sheet.row(&values)
        })?;
        workbook.finish()
    }
}
