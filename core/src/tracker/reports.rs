//! Reports: the overview with filters and paging, counts per status,
//! export of the overview as CSV (RFC 4180) and as an .xlsx workbook, and
//! its expiry and reminder dates as an iCalendar document.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::calendar::Day;
use crate::error::{Error, Failure, RecordKind, Result};
use crate::fields::FieldValue;
use crate::ical::{self, Calendar, CalendarEntry};
use crate::model::{LicenceType, Owner, Timestamp};
use crate::report::{
    MAX_PAGE, OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, StatusCounts,
};
use crate::store::{LicenceRecord, Records, Store};
use crate::workbook::{Cell, Workbook};

use super::Tracker;
use super::readiness::{ReadinessFilter, matrix_table};

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

/// CSV text (RFC 4180) written a row at a time, every cell neutralised.
pub(crate) struct CsvWriter(csv::Writer<Vec<u8>>);

impl CsvWriter {
    /// An empty text.
    pub(crate) fn new() -> Self {
        Self(csv::Writer::from_writer(Vec::new()))
    }

    /// Writes one row of text cells, neutralised.
    pub(crate) fn row(&mut self, cells: &[String]) -> Result<()> {
        let cells: Vec<String> = cells.iter().map(|c| neutralised(c.clone())).collect();
        self.row_as_is(&cells)
    }

    /// Writes one row whose cells the caller neutralised where needed.
    fn row_as_is(&mut self, cells: &[String]) -> Result<()> {
        self.0
            .write_record(cells)
            .map_err(|e| Error::from(Failure::Csv(e)))
    }

    /// The text.
    pub(crate) fn finish(self) -> Result<String> {
        let bytes = self
            .0
            .into_inner()
            .map_err(|e| Error::from(Failure::Csv(e.into_error().into())))?;
        String::from_utf8(bytes).map_err(|e| Error::internal(format!("writing CSV: {e}")))
    }
}

/// The query an export reads `page` rows at a time: `query` from its
/// first row, checked.
fn export_query(query: &OverviewQuery, page: u32) -> Result<OverviewQuery> {
    let paged = OverviewQuery {
        offset: 0,
        limit: page,
        ..query.clone()
    };
    paged.validate()?;
    Ok(paged)
}

/// The custom fields' keys, and the headings of an export:
/// [`EXPORT_COLUMNS`], then those keys.
fn export_headings(store: &mut dyn Store) -> Result<(Vec<String>, Vec<String>)> {
    let keys: Vec<String> = store
        .field_definitions()?
        .into_iter()
        .map(|d| d.key)
        .collect();
    let headings = EXPORT_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(keys.iter().cloned())
        .collect();
    Ok((headings, keys))
}

/// Every row of the overview from the first page `paged` on, a page at a
/// time.
fn each_row(
    store: &mut dyn Store,
    paged: &OverviewQuery,
    today: Day,
    mut f: impl FnMut(&OverviewRow) -> Result<()>,
) -> Result<()> {
    let window = store.settings()?.unwrap_or_default().window;
    let mut paged = paged.clone();
    loop {
        let rows = store.overview(&paged, today, window)?.rows;
        for row in &rows {
            f(row)?;
        }
        if rows.len() < paged.limit as usize {
            return Ok(());
        }
        paged.offset += paged.limit;
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

    /// The overview rows for `query` (all pages) as CSV with a header line;
    /// custom field values as their text (dates as ISO 8601, yes/no as
    /// `yes` or `no`). Text a spreadsheet would run as a formula (starting
    /// with `=`, `+`, `-`, `@`, tab or carriage return) gets a `'` before
    /// it; dates and numbers (days left `-3`) are written as they are. The
    /// rows are one snapshot of the records.
    pub fn export_csv(&self, query: &OverviewQuery, today: Day) -> Result<String> {
        let paged = export_query(query, MAX_PAGE)?;
        let mut writer = CsvWriter::new();
        self.read_snapshot(|store| {
            let (headings, keys) = export_headings(store)?;
            writer.row_as_is(&headings)?;
            each_row(store, &paged, today, |row| {
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
                writer.row_as_is(&record)
            })
        })?;
        writer.finish()
    }

    /// The overview rows for `query` (all pages) as an .xlsx workbook: the
    /// sheet "Licences", dates as dates and days left as numbers, custom
    /// fields too (numbers as numbers, dates as dates); and the sheet
    /// "Readiness", the readiness matrix on `today` of the active people at
    /// the filter's location and department, as
    /// [`Tracker::export_readiness_csv`] writes it. One snapshot of the
    /// records.
    pub fn export_xlsx(&self, query: &OverviewQuery, today: Day) -> Result<Vec<u8>> {
        let paged = export_query(query, MAX_PAGE)?;
        let mut workbook = Workbook::new();
        self.read_snapshot(|store| {
            let (headings, keys) = export_headings(store)?;
            let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
            let sheet = workbook.sheet("Licences", &headings)?;
            each_row(store, &paged, today, |row| {
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
            let people = ReadinessFilter {
                location: query.filter.location.clone(),
                department: query.filter.department.clone(),
                ..ReadinessFilter::default()
            };
            let mut rows = Vec::new();
            matrix_table(store, &people, today, |cells| {
                rows.push(cells.to_vec());
                Ok(())
            })?;
            let (headings, rows) = rows
                .split_first()
                .ok_or_else(|| Error::internal("the readiness matrix has no headings"))?;
            let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
            let sheet = workbook.sheet("Readiness", &headings)?;
            for row in rows {
                let cells: Vec<Cell<'_>> = row.iter().map(|c| Cell::Text(c)).collect();
                sheet.row(&cells)?;
            }
            Ok(())
        })?;
        workbook.finish()
    }

    /// The expiry and reminder dates of the current licences matching
    /// `filter` on `today` (of `person_id`'s own licences, when given) as
    /// an iCalendar document stamped `at` (SPEC §12); see
    /// [`CalendarInput`](crate::operations::CalendarInput) for what it
    /// holds. The licences are one snapshot of the records.
    pub fn calendar(
        &self,
        at: Timestamp,
        today: Day,
        person_id: Option<&str>,
        filter: &OverviewFilter,
    ) -> Result<Calendar> {
        ical::stamp_value("at", at)?;
        let mut filter = filter.clone();
        if let Some(id) = person_id {
            crate::validate::id("person_id", id)?;
            if filter.holder_id.as_ref().is_some_and(|holder| holder != id) {
                return Err(Error::invalid(
                    "filter.holder_id",
                    "names another person than `person_id`",
                ));
            }
            filter.holder_id = Some(id.to_owned());
        }
        let query = OverviewQuery {
            filter,
            ..OverviewQuery::default()
        };
        let paged = export_query(&query, MAX_PAGE)?;
        let entries = self.read_snapshot(|store| {
            if let Some(id) = person_id {
                if store.person(id)?.is_none() {
                    return Err(Error::not_found(RecordKind::Person, id));
                }
            }
            let mut rows = Vec::new();
            each_row(store, &paged, today, |row| {
                if row.expiry.is_some() {
                    rows.push(row.clone());
                }
                Ok(())
            })?;
            let holders: Vec<String> = rows
                .iter()
                .map(|row| row.holder_id.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let active: HashSet<String> = store
                .people_with_ids(&holders)?
                .into_iter()
                .filter(|p| p.active)
                .map(|p| p.id)
                .collect();
            let types: HashMap<String, LicenceType> = store
                .licence_types()?
                .into_iter()
                .map(|t| (t.id.clone(), t))
                .collect();
            let default_policy = store.settings()?.unwrap_or_default().default_policy;
            let mut entries = Vec::with_capacity(rows.len());
            for row in rows {
                let Some(expiry) = row.expiry else { continue };
                let record: LicenceRecord = store.licence(&row.licence_id)?.ok_or_else(|| {
                    Error::internal(format!("overview row `{}` has no licence", row.licence_id))
                })?;
                // A person's own calendar: not a site's upload hidden from them.
                if person_id.is_some() && record.licence.owner != Owner::Candidate {
                    continue;
                }
                let mut reminders = Vec::new();
                if active.contains(&row.holder_id) {
                    let policy = types
                        .get(&row.type_id)
                        .and_then(|t| t.policy.as_ref())
                        .unwrap_or(&default_policy);
                    for &lead in &policy.leads {
                        let Some(trigger) = lead.before(expiry) else {
                            continue;
                        };
                        let pending = trigger < expiry
                            && trigger >= today
                            && record.reminded_through.is_none_or(|r| trigger > r);
                        if pending && reminders.iter().all(|&(_, t)| t != trigger) {
                            reminders.push((lead, trigger));
                        }
                    }
                    reminders.sort_by_key(|&(_, trigger)| trigger);
                }
                entries.push(CalendarEntry {
                    licence_id: row.licence_id,
                    holder_name: row.holder_name,
                    type_name: row.type_name,
                    expiry,
                    reminders,
                });
            }
            Ok(entries)
        })?;
        ical::render(&entries, at)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::error::ErrorKind;
    use crate::expiry::Status;
    use crate::fields::{FieldDefinition, FieldTarget, FieldType, FieldValues};
    use crate::fixtures::{self, day, forklift, licence, person};
    use crate::model::{Licence, Person};
    use crate::report::{MAX_FILTER_VALUES, OverviewFilter, OverviewQuery};
    use crate::store::sqlite::SqliteStore;
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

    fn ctx() -> Context {
        Context::new("admin", 1_767_225_600)
    }

    /// Gives `tracker` one person holding the licences `ids`, expiring a
    /// day apart in that order from 2026-03-01.
    fn organisation(tracker: &Tracker, ids: &[&str]) {
        tracker.create_licence_type(&ctx(), &forklift()).unwrap();
        tracker
            .register_person(&ctx(), &person("ana", None, None))
            .unwrap();
        for (n, id) in ids.iter().enumerate() {
            let expiry = day("2026-03-01").plus_days(n as i32).to_string();
            tracker
                .record_licence(&ctx(), &licence(id, "ana", "forklift", &expiry), None)
                .unwrap();
        }
    }

    /// A licence of Ana's expiring before every other.
    fn early(tracker: &Tracker, id: &str) {
        tracker
            .record_licence(&ctx(), &licence(id, "ana", "forklift", "2026-01-01"), None)
            .unwrap();
    }

    /// An export's pages are one snapshot: another connection to the file
    /// records, between two pages, a licence that sorts first (shifting
    /// every later page by one); read page by page without a snapshot, a
    /// row comes twice, and in one snapshot every row comes once and the
    /// new one not at all.
    #[test]
    fn an_export_reads_one_snapshot_while_another_connection_writes() {
        let dir = std::env::temp_dir().join(format!("licence-snapshot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("records.db");
        let tracker = Tracker::open(&path).unwrap();
        let other = Tracker::open(&path).unwrap();
        organisation(&tracker, &["l1", "l2", "l3", "l4", "l5"]);
        let paged = export_query(&OverviewQuery::default(), 2).unwrap();
        let today = day("2026-02-01");

        let mut seen: Vec<String> = Vec::new();
        tracker
            .read(|store| {
                each_row(store, &paged, today, |row| {
                    if seen.is_empty() {
                        early(&other, "e1");
                    }
                    seen.push(row.licence_id.clone());
                    Ok(())
                })
            })
            .unwrap();
        assert_eq!(seen, ["l1", "l2", "l2", "l3", "l4", "l5"]);

        let mut seen: Vec<String> = Vec::new();
        tracker
            .read_snapshot(|store| {
                each_row(store, &paged, today, |row| {
                    if seen.is_empty() {
                        early(&other, "e2");
                    }
                    seen.push(row.licence_id.clone());
                    Ok(())
                })
            })
            .unwrap();
        assert_eq!(seen, ["e1", "l1", "l2", "l3", "l4", "l5"]);
        let csv = tracker
            .export_csv(&OverviewQuery::default(), today)
            .unwrap();
        assert_eq!(csv.lines().count(), 1 + 7, "a header and every licence");
        drop((tracker, other));
        std::fs::remove_dir_all(&dir).ok();
    }

    /// A filter's lists hold at most [`MAX_FILTER_VALUES`] values, on every
    /// store, whatever reads them; at the limit the query runs.
    #[test]
    fn a_filter_holds_at_most_so_many_values_on_every_store() {
        let sqlite = Tracker::new(Box::new(SqliteStore::open_in_memory().unwrap()));
        for tracker in [Tracker::in_memory(), sqlite] {
            organisation(&tracker, &["l1"]);
            let today = day("2026-02-01");
            let types = |n: usize| OverviewQuery {
                filter: OverviewFilter {
                    type_ids: (1..n)
                        .map(|i| format!("t{i}"))
                        .chain(["forklift".to_owned()])
                        .collect(),
                    ..OverviewFilter::default()
                },
                ..OverviewQuery::default()
            };
            let many = types(40_000);
            let refused = [
                tracker.overview(&many, today).map(|_| ()),
                tracker.status_counts(&many.filter, today).map(|_| ()),
                tracker.export_csv(&many, today).map(|_| ()),
                tracker.export_xlsx(&many, today).map(|_| ()),
            ];
            for error in refused {
                let error = error.unwrap_err();
                assert_eq!(error.kind(), ErrorKind::LimitExceeded);
                assert_eq!(
                    error.to_string(),
                    "filter.type_ids exceeds the limit of 1000"
                );
            }
            let statuses = OverviewQuery {
                filter: OverviewFilter {
                    statuses: vec![Status::Active; MAX_FILTER_VALUES + 1],
                    ..OverviewFilter::default()
                },
                ..OverviewQuery::default()
            };
            let error = tracker.overview(&statuses, today).unwrap_err();
            assert_eq!(
                error.to_string(),
                "filter.statuses exceeds the limit of 1000"
            );
            let page = tracker.overview(&types(MAX_FILTER_VALUES), today).unwrap();
            assert_eq!(page.total, 1);
        }
    }

    /// Ana's calendar on 2026-03-15: a licence whose reminders are passed
    /// (3 months), acknowledged (1 week, and with it 1 month) or on the
    /// expiry event (the day itself); one of a type with its own policy
    /// (two leads on one date, an older reminder acknowledged); an expired
    /// one; and a renewed one that only its renewal shows.
    #[test]
    fn a_persons_calendar_holds_expiries_and_pending_reminders() {
        use crate::calendar::Period;
        use crate::model::LicenceType;
        use crate::policy::ReminderPolicy;

        let tracker = Tracker::in_memory();
        organisation(&tracker, &[]);
        let first_aid = LicenceType {
            id: "first-aid".into(),
            name: "First aid, level 2".into(),
            policy: Some(ReminderPolicy {
                leads: vec![Period::weeks(2), Period::days(14)],
                ..ReminderPolicy::default()
            }),
            ..forklift()
        };
        tracker.create_licence_type(&ctx(), &first_aid).unwrap();
        for (id, type_id, expiry) in [
            ("l1", "forklift", "2026-05-31"),
            ("l2", "first-aid", "2026-04-10"),
            ("l0", "forklift", "2026-01-31"),
            ("old", "first-aid", "2026-03-20"),
        ] {
            tracker
                .record_licence(&ctx(), &licence(id, "ana", type_id, expiry), None)
                .unwrap();
        }
        let renewal = Licence {
            renews: Some("old".into()),
            ..licence("new", "ana", "first-aid", "2029-03-20")
        };
        tracker.record_licence(&ctx(), &renewal, None).unwrap();
        tracker
            .acknowledge(&ctx(), "l1", day("2026-05-31"), day("2026-05-24"))
            .unwrap();
        tracker
            .acknowledge(&ctx(), "l2", day("2026-04-10"), day("2026-01-01"))
            .unwrap();

        let today = day("2026-03-15");
        let calendar = tracker
            .calendar(
                1_773_532_800,
                today,
                Some("ana"),
                &OverviewFilter::default(),
            )
            .unwrap();
        let events: Vec<(&str, String)> = calendar
            .events
            .iter()
            .map(|e| (e.uid.as_str(), e.date.to_string()))
            .collect();
        let want = [
            ("l0/2026-01-31@licence-engine", "2026-01-31"),
            ("l2/2026-04-10@licence-engine", "2026-04-10"),
            ("l2/2026-04-10/P2W@licence-engine", "2026-03-27"),
            ("l1/2026-05-31@licence-engine", "2026-05-31"),
            ("new/2029-03-20@licence-engine", "2029-03-20"),
            ("new/2029-03-20/P2W@licence-engine", "2029-03-06"),
        ]
        .map(|(uid, date)| (uid, date.to_owned()));
        assert_eq!(events, want);
        let text = &calendar.text;
        assert!(text.contains("\r\nDTSTAMP:20260315T000000Z\r\n"));
        assert!(text.contains("\r\nSUMMARY:First aid\\, level 2 expires — Person ana\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 6);
    }

    #[test]
    fn a_calendar_for_a_filter_leaves_out_reminders_of_inactive_holders() {
        let tracker = Tracker::in_memory();
        organisation(&tracker, &["l1"]);
        tracker
            .register_person(&ctx(), &person("bo", Some("York"), None))
            .unwrap();
        tracker
            .record_licence(&ctx(), &licence("b1", "bo", "forklift", "2026-03-02"), None)
            .unwrap();
        tracker.deactivate_person(&ctx(), "bo").unwrap();
        let today = day("2026-02-01");
        let every = tracker
            .calendar(0, today, None, &OverviewFilter::default())
            .unwrap();
        let uids: Vec<&str> = every.events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(
            uids,
            [
                "l1/2026-03-01@licence-engine",
                "l1/2026-03-01/P1M@licence-engine",
                "l1/2026-03-01/P1W@licence-engine",
                "b1/2026-03-02@licence-engine",
            ]
        );
        let york = OverviewFilter {
            location: Some("york".into()),
            ..OverviewFilter::default()
        };
        let calendar = tracker.calendar(0, today, None, &york).unwrap();
        assert_eq!(calendar.events.len(), 1);
        let nobody = OverviewFilter {
            type_ids: vec!["crane".into()],
            ..OverviewFilter::default()
        };
        let empty = tracker.calendar(0, today, None, &nobody).unwrap();
        assert!(empty.events.is_empty());
        assert!(!empty.text.contains("VEVENT"));
    }

    #[test]
    fn a_calendar_is_refused_for_an_unknown_person_a_second_holder_or_a_bad_stamp() {
        let tracker = Tracker::in_memory();
        organisation(&tracker, &["l1"]);
        let today = day("2026-02-01");
        let all = OverviewFilter::default();
        let kind = |r: Result<Calendar>| r.unwrap_err().kind();
        assert_eq!(
            kind(tracker.calendar(0, today, Some("nobody"), &all)),
            ErrorKind::NotFound
        );
        let bo = OverviewFilter {
            holder_id: Some("bo".into()),
            ..OverviewFilter::default()
        };
        assert_eq!(
            kind(tracker.calendar(0, today, Some("ana"), &bo)),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            kind(tracker.calendar(0, today, Some(""), &all)),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            kind(tracker.calendar(i64::MAX, today, None, &all)),
            ErrorKind::InvalidInput
        );
        let many = OverviewFilter {
            type_ids: vec!["t".into(); MAX_FILTER_VALUES + 1],
            ..OverviewFilter::default()
        };
        assert_eq!(
            kind(tracker.calendar(0, today, None, &many)),
            ErrorKind::LimitExceeded
        );
    }
}
