//! Status, the overview report and the dashboard counts.

use licence_core::{expiry, report};

use crate::mirror::{all, text_of};

mirror_enum! {
    /// A licence's status on a date.
    Status = expiry::Status {
        /// Expires after the expiring window, or never.
        Active,
        /// Expires within the window (today included).
        Expiring,
        /// Expired before today.
        Expired,
    }
}

mirror_enum! {
    /// The order of overview rows; ties are broken by expiry, then id.
    SortKey = report::SortKey {
        /// Soonest expiry first; licences without expiry last.
        Expiry,
        /// Holder name.
        Holder,
        /// Licence type name.
        Type,
        /// Most urgent first: expired, expiring, active.
        Status,
    }
}

/// Which current licences an overview shows; empty lists and none mean any.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct OverviewFilter {
    /// Only these statuses.
    #[uniffi(default)]
    pub statuses: Vec<Status>,
    /// Only these licence types.
    #[uniffi(default)]
    pub type_ids: Vec<String>,
    /// Only this holder's licences.
    #[uniffi(default)]
    pub holder_id: Option<String>,
    /// Only holders at this location.
    #[uniffi(default)]
    pub location: Option<String>,
    /// Only holders in this department.
    #[uniffi(default)]
    pub department: Option<String>,
    /// Only licences expiring from today up to this many days ahead.
    #[uniffi(default)]
    pub expiring_within_days: Option<u32>,
}

impl From<OverviewFilter> for report::OverviewFilter {
    fn from(f: OverviewFilter) -> Self {
        Self {
            statuses: all(f.statuses),
            type_ids: f.type_ids,
            holder_id: f.holder_id,
            location: f.location,
            department: f.department,
            expiring_within_days: f.expiring_within_days,
        }
    }
}

/// A filtered, sorted page of the overview.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OverviewQuery {
    /// Which licences.
    pub filter: OverviewFilter,
    /// The order.
    pub sort: SortKey,
    /// Reverse the order.
    #[uniffi(default = false)]
    pub descending: bool,
    /// Rows to skip.
    #[uniffi(default = 0)]
    pub offset: u32,
    /// Rows to return, at most 10,000.
    #[uniffi(default = 50)]
    pub limit: u32,
}

impl From<OverviewQuery> for report::OverviewQuery {
    fn from(q: OverviewQuery) -> Self {
        Self {
            filter: q.filter.into(),
            sort: q.sort.into(),
            descending: q.descending,
            offset: q.offset,
            limit: q.limit,
        }
    }
}

/// One overview row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OverviewRow {
    /// The licence.
    pub licence_id: String,
    /// Its holder.
    pub holder_id: String,
    /// The holder's name.
    pub holder_name: String,
    /// Its licence type.
    pub type_id: String,
    /// The type's name.
    pub type_name: String,
    /// Reference number.
    pub reference: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Acquired date.
    pub acquired: Option<String>,
    /// Expiry date.
    pub expiry: Option<String>,
    /// Status on the report date.
    pub status: Status,
    /// Days left on the report date.
    pub days_left: Option<i32>,
    /// The holder's location.
    pub location: Option<String>,
    /// The holder's department.
    pub department: Option<String>,
}

impl From<report::OverviewRow> for OverviewRow {
    fn from(r: report::OverviewRow) -> Self {
        Self {
            licence_id: r.licence_id,
            holder_id: r.holder_id,
            holder_name: r.holder_name,
            type_id: r.type_id,
            type_name: r.type_name,
            reference: r.reference,
            issuer: r.issuer,
            acquired: text_of(r.acquired),
            expiry: text_of(r.expiry),
            status: r.status.into(),
            days_left: r.days_left,
            location: r.location,
            department: r.department,
        }
    }
}

/// One page of the overview, with the number of rows that match in all.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OverviewPage {
    /// The rows of this page.
    pub rows: Vec<OverviewRow>,
    /// How many rows match the filter across all pages.
    pub total: u64,
}

impl From<report::OverviewPage> for OverviewPage {
    fn from(p: report::OverviewPage) -> Self {
        Self {
            rows: all(p.rows),
            total: p.total,
        }
    }
}

/// How many current licences have each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct StatusCounts {
    /// Active licences.
    pub active: u64,
    /// Expiring licences.
    pub expiring: u64,
    /// Expired licences.
    pub expired: u64,
}

impl From<report::StatusCounts> for StatusCounts {
    fn from(c: report::StatusCounts) -> Self {
        Self {
            active: c.active,
            expiring: c.expiring,
            expired: c.expired,
        }
    }
}
