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

/// The columns of [`EXPORT_COLUMNS`] that hold dates and numbers; the
/// others hold text.
const ACQUIRED: usize = 7;
const EXPIRY: usize = 8;
const DAYS_LEFT: usize = 10;

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

/// A CSV text cell that a spreadsheet would run as a formula (one that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return) with a `'`
/// before it, so that it shows as text (OWASP's CSV injection rule).
fn neutralised(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
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
    /// `yes` or `no`). Text a spreadsheet would run as a formula (starting
    /// with `=`, `+`, `-`, `@`, tab or carriage return) gets a `'` before
    /// it; dates and numbers (days left `-3`) are written as they are.
    pub fn export_csv(&self, query: &OverviewQuery, today: Day) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| Error::from(Failure::Csv(e));
        let (headings, keys) = self.export_headings()?;
        writer.write_record(&headings).map_err(failed)?;
        self.each_row(query, today, |row| {
            let fixed = cells(row)
                .into_iter()
                .enumerate()
                .map(|(column, cell)| match column {
                    ACQUIRED | EXPIRY | DAYS_LEFT => cell,
                    _ => neutralised(cell),
                });
            let values = keys.iter().map(|k| match row.fields.get(k) {
                None => String::new(),
                Some(FieldValue::Text(text)) => neutralised(text.clone()),
                Some(value) => value.to_string(),
            });
            let record: Vec<String> = fixed.chain(values).collect();
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
            values[ACQUIRED] = row.acquired.map_or(Cell::Empty, Cell::Date);
            values[EXPIRY] = row.expiry.map_or(Cell::Empty, Cell::Date);
            values[DAYS_LEFT] = row
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

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::fields::{FieldDefinition, FieldTarget, FieldType, FieldValues};
    use crate::fixtures::{self, day};
    use crate::model::{Licence, Person};
    use crate::report::OverviewQuery;
    use crate::tracker::{Context, Tracker};

    const HYPERLINK: &str = r#"=HYPERLINK("http://x","y")"#;
    const CMD: &str = "=cmd|' /C calc'!A0";

    #[test]
    fn formula_text_gets_a_quote_before_it() {
        for (text, want) in [
            (HYPERLINK, r#"'=HYPERLINK("http://x","y")"#),
            (CMD, "'=cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("\tfoo", "'\tfoo"),
            ("\rfoo", "'\rfoo"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralised(text.into()), want, "{text:?}");
        }
    }

    /// A tracker holding one licence whose texts are hostile, expired 3
    /// days before 2026-06-04, acquired before Excel's first date.
    fn hostile_tracker() -> Tracker {
        let tracker = Tracker::in_memory();
        let ctx = Context::new("admin", 1);
        for (key, field_type) in [("note", FieldType::Text), ("hours", FieldType::Number)] {
            let definition = FieldDefinition {
                key: key.into(),
                label: key.into(),
                target: FieldTarget::Licence,
                field_type,
                choices: Vec::new(),
                required: false,
            };
            tracker.define_field(&ctx, &definition, false).unwrap();
        }
        let holder = Person {
            name: HYPERLINK.into(),
            location: Some("+1".into()),
            department: Some("-2+3".into()),
            ..fixtures::person("p1", None, None)
        };
        tracker.register_person(&ctx, &holder).unwrap();
        tracker
            .create_licence_type(&ctx, &fixtures::forklift())
            .unwrap();
        let fields: FieldValues = [
            ("note".to_owned(), FieldValue::Text("@SUM(A1)".into())),
            ("hours".to_owned(), FieldValue::Number(-5.0)),
        ]
        .into();
        let licence = Licence {
            reference: Some(CMD.into()),
            issuer: Some("@SUM(A1)".into()),
            acquired: Some(day("0001-01-01")),
            notes: "=1+1".into(),
            fields,
            ..fixtures::licence("l1", "p1", "forklift", "2026-06-01")
        };
        tracker.record_licence(&ctx, &licence, None).unwrap();
        tracker
    }

    #[test]
    fn csv_neutralises_formula_text_and_keeps_numbers_and_dates() {
        let tracker = hostile_tracker();
        let csv = tracker
            .export_csv(&OverviewQuery::default(), day("2026-06-04"))
            .unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headings = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1);
        let cell = |heading: &str| {
            let at = headings.iter().position(|h| h == heading).unwrap();
            rows[0][at].to_owned()
        };
        assert_eq!(cell("holder_name"), r#"'=HYPERLINK("http://x","y")"#);
        assert_eq!(cell("reference"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("issuer"), "'@SUM(A1)");
        assert_eq!(cell("location"), "'+1");
        assert_eq!(cell("department"), "'-2+3");
        assert_eq!(cell("note"), "'@SUM(A1)");
        assert_eq!(cell("hours"), "-5");
        assert_eq!(cell("days_left"), "-3");
        assert_eq!(cell("acquired"), "0001-01-01");
        assert_eq!(cell("expiry"), "2026-06-01");
        assert_eq!(cell("status"), "expired");
        // RFC 4180: a cell with quotes and a comma is quoted, quotes doubled.
        assert!(csv.contains(r#","'=HYPERLINK(""http://x"",""y"")","#));
    }

    #[test]
    fn xlsx_keeps_text_as_text_and_writes_early_dates_as_text() {
        let tracker = hostile_tracker();
        let bytes = tracker
            .export_xlsx(&OverviewQuery::default(), day("2026-06-04"))
            .unwrap();
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("Licences").unwrap();
        let cell = |col: usize| sheet.get_value((1, col as u32)).cloned();
        assert_eq!(cell(2), Some(Data::String(HYPERLINK.into())));
        assert_eq!(cell(5), Some(Data::String(CMD.into())));
        assert_eq!(cell(ACQUIRED), Some(Data::String("0001-01-01".into())));
        assert!(matches!(cell(EXPIRY), Some(Data::DateTime(d)) if d.as_f64() == 46174.0));
        assert_eq!(cell(DAYS_LEFT), Some(Data::Float(-3.0)));
        assert_eq!(cell(11), Some(Data::String("+1".into())));
        assert_eq!(cell(12), Some(Data::String("-2+3".into())));
    }
}
