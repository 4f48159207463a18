//! The overview, its exports, and bulk import.

use serde::{Deserialize, Serialize};

use crate::ical::CalendarEvent;
use crate::model::Timestamp;
use crate::operations::{Bytes, TrackerOperation, operation};
use crate::report::{OverviewFilter, OverviewPage, OverviewQuery, StatusCounts};
use crate::tracker::{Context, ImportMode, ImportReport, Tracker};
use crate::{Day, Result};

operation! {
    /// One page of the overview on `today`: one row per current licence,
    /// filtered, sorted and paged.
    pub struct OverviewInput as "overview" -> OverviewPage {
        /// Filters, sort and page (the first 50 rows by expiry by default).
        #[serde(default)]
        pub query: OverviewQuery,
        /// The date statuses are evaluated on.
        pub today: Day,
    }
}

impl TrackerOperation for OverviewInput {
    fn run(self, t: &Tracker) -> Result<OverviewPage> {
        t.overview(&self.query, self.today)
    }
}

operation! {
    /// Counts per status of the current licences matching a filter, for a
    /// dashboard.
    pub struct StatusCountsInput as "status_counts" -> StatusCounts {
        /// Which licences (all current ones by default).
        #[serde(default)]
        pub filter: OverviewFilter,
        /// The date statuses are evaluated on.
        pub today: Day,
    }
}

impl TrackerOperation for StatusCountsInput {
    fn run(self, t: &Tracker) -> Result<StatusCounts> {
        t.status_counts(&self.filter, self.today)
    }
}

/// The overview as CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CsvExport {
    /// RFC 4180 text, formulas neutralised.
    pub csv: String,
}

operation! {
    /// The overview's rows as CSV (RFC 4180), every page of the query.
    pub struct ExportCsvInput as "export_csv" -> CsvExport {
        /// Filters and sort.
        #[serde(default)]
        pub query: OverviewQuery,
        /// The date statuses are evaluated on.
        pub today: Day,
    }
}

impl TrackerOperation for ExportCsvInput {
    fn run(self, t: &Tracker) -> Result<CsvExport> {
        let csv = t.export_csv(&self.query, self.today)?;
        Ok(CsvExport { csv })
    }
}

/// The overview as a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct XlsxExport {
    /// The .xlsx file.
    pub xlsx: Bytes,
}

operation! {
    /// The overview's rows as an Excel workbook (.xlsx).
    pub struct ExportXlsxInput as "export_xlsx" -> XlsxExport {
        /// Filters and sort.
        #[serde(default)]
        pub query: OverviewQuery,
        /// The date statuses are evaluated on.
        pub today: Day,
    }
}

impl TrackerOperation for ExportXlsxInput {
    fn run(self, t: &Tracker) -> Result<XlsxExport> {
        let xlsx = t.export_xlsx(&self.query, self.today)?;
        Ok(XlsxExport { xlsx: Bytes(xlsx) })
    }
}

/// Expiry and reminder dates as an iCalendar document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalendarExport {
    /// The iCalendar (RFC 5545) text: CRLF line ends, TEXT escaped, lines
    /// folded after 75 octets. Served as `text/calendar`.
    pub ics: String,
    /// Its events in the document's order: each one's UID, day, licence
    /// and lead.
    pub events: Vec<CalendarEvent>,
}

operation! {
    /// Expiry and reminder dates as an iCalendar document (RFC 5545), for
    /// the host to serve or mail: one person's own licences (`person_id`,
    /// leaving out a site's uploads hidden from them), or the current
    /// licences the overview shows for `filter` on `today`, in expiry
    /// order. Read in one snapshot; nothing is written.
    ///
    /// Every licence with an expiry date gets an all-day event on that
    /// date (DTSTART;VALUE=DATE, DTEND the next day), also once expired:
    /// renewing supersedes it and its events leave the document. Each
    /// reminder lead of the licence's policy (its type's, or the
    /// organisation's) whose trigger date is on or after `today`, before
    /// the expiry day and not yet acknowledged gets an all-day event on its
    /// trigger date; a lead of 0 days falls on the expiry event and adds
    /// none, leads with the same trigger date add one, and licences of
    /// inactive holders get none (as in the outbox). Reminders after expiry
    /// are not listed.
    ///
    /// UIDs are stable per licence, expiry and lead, so that a calendar
    /// importing the document again updates its events:
    /// `<licence>/<expiry>@licence-engine` for the expiry and
    /// `<licence>/<expiry>/<lead>@licence-engine` for a reminder, the lead
    /// an ISO 8601 duration (`l1/2026-05-31/P3M@licence-engine`). Summaries
    /// read `First aid expires — Ana López` and `First aid expires in 3
    /// months (2026-05-31) — Ana López`. Every event's DTSTAMP is `at`;
    /// nothing reads a clock. Refused: an unknown person (not found), a
    /// filter naming another holder than `person_id`, and the overview's
    /// limits on the filter.
    pub struct CalendarInput as "calendar" -> CalendarExport {
        /// When the document is made (host time, seconds since 1970-01-01
        /// UTC), written as every event's DTSTAMP.
        pub at: Timestamp,
        /// The date statuses, the filter and pending reminders are
        /// evaluated on.
        pub today: Day,
        /// Only this person's own licences.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub person_id: Option<String>,
        /// Which licences (all current ones by default).
        #[serde(default)]
        pub filter: OverviewFilter,
    }
}

impl TrackerOperation for CalendarInput {
    fn run(self, t: &Tracker) -> Result<CalendarExport> {
        let calendar = t.calendar(self.at, self.today, self.person_id.as_deref(), &self.filter)?;
        Ok(CalendarExport {
            ics: calendar.text,
            events: calendar.events,
        })
    }
}

operation! {
    /// Imports people from CSV, with an error per bad row; all or nothing,
    /// or keeping the good rows.
    pub struct ImportPeopleCsvInput as "import_people_csv" (writes) -> ImportReport {
        /// Who acts, and when.
        pub ctx: Context,
        /// The CSV text, with a header row.
        pub csv: String,
        /// All or nothing (the default), or keep the good rows.
        #[serde(default)]
        pub mode: ImportMode,
    }
}

impl TrackerOperation for ImportPeopleCsvInput {
    fn run(self, t: &Tracker) -> Result<ImportReport> {
        t.import_people_csv(&self.ctx, self.csv.as_bytes(), self.mode)
    }
}

operation! {
    /// Imports licences from CSV, with an error per bad row; all or
    /// nothing, or keeping the good rows.
    pub struct ImportLicencesCsvInput as "import_licences_csv" (writes) -> ImportReport {
        /// Who acts, and when.
        pub ctx: Context,
        /// The CSV text, with a header row.
        pub csv: String,
        /// All or nothing (the default), or keep the good rows.
        #[serde(default)]
        pub mode: ImportMode,
    }
}

impl TrackerOperation for ImportLicencesCsvInput {
    fn run(self, t: &Tracker) -> Result<ImportReport> {
        t.import_licences_csv(&self.ctx, self.csv.as_bytes(), self.mode)
    }
}
