//! Reports: the overview with filters and paging, counts per status, and
//! export of the overview as CSV (RFC 4180) and as an .xlsx workbook.

use crate::calendar::Day;
use crate::error::{Error, Failure, Result};
use crate::report::{
    MAX_PAGE, OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, StatusCounts,
};
use crate::store::Records;

use super::Tracker;

/// The column headings of exported overview rows.
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

    /// The overview rows for `query` (all pages) as CSV with a header line.
    pub fn export_csv(&self, query: &OverviewQuery, today: Day) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| Error::from(Failure::Csv(e));
        writer.write_record(EXPORT_COLUMNS).map_err(failed)?;
        self.each_row(query, today, |row| {
            writer.write_record(cells(row)).map_err(failed)
        })?;
        let bytes = writer
            .into_inner()
            .map_err(|e| failed(e.into_error().into()))?;
        String::from_utf8(bytes).map_err(|e| Error::internal(format!("writing CSV: {e}")))
    }

    /// The overview rows for `query` (all pages) as an .xlsx workbook with
    /// one sheet, dates as dates and days left as numbers.
    #[cfg(feature = "xlsx")]
    pub fn export_xlsx(&self, query: &OverviewQuery, today: Day) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let failed = |e: rust_xlsxwriter::XlsxError| Error::from(Failure::Workbook(e));
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Licences").map_err(failed)?;
        let bold = Format::new().set_bold();
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        for (col, name) in EXPORT_COLUMNS.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *name, &bold)
                .map_err(failed)?;
        }
        let mut line = 0u32;
        self.each_row(query, today, |row| {
            line += 1;
            for (col, text) in cells(row).iter().enumerate() {
                let col = col as u16;
                let date = match col {
                    7 => row.acquired,
                    8 => row.expiry,
                    _ => None,
                };
                if let Some(date) = date {
                    let (y, m, d) = date.ymd();
                    let value =
                        ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).map_err(failed)?;
                    sheet
                        .write_datetime_with_format(line, col, &value, &date_format)
                        .map_err(failed)?;
                } else if let (10, Some(days)) = (col, row.days_left) {
                    sheet
                        .write_number(line, col, f64::from(days))
                        .map_err(failed)?;
                } else if !text.is_empty() {
                    sheet.write_string(line, col, text).map_err(failed)?;
                }
            }
            Ok(())
        })?;
        sheet
            .autofilter(0, 0, line, EXPORT_COLUMNS.len() as u16 - 1)
            .map_err(failed)?;
        workbook.save_to_buffer().map_err(failed)
    }
}
