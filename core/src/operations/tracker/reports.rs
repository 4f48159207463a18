//! The overview, its exports, and bulk import.

use serde::{Deserialize, Serialize};

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
