//! The overview report (SPEC §6): one row per current licence, with filters,
//! sorting, paging and counts per status. Stores run the query (SQL or a
//! scan); the semantics live here so that every store agrees.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, Result};
use crate::expiry::{Expiry, Status, Window, evaluate};
use crate::fields::{FieldValue, FieldValues, place_passes};

/// The most rows one overview page may have.
pub const MAX_PAGE: u32 = 10_000;

/// The most values one list of an overview filter (statuses, type ids) may
/// hold: a store turns each into parameters of one query, and SQLite takes
/// at most 32,766 of them.
pub const MAX_FILTER_VALUES: usize = 1_000;

/// Which current licences an overview shows. Empty lists and `None` mean
/// "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverviewFilter {
    /// Only these statuses.
    #[serde(default)]
    pub statuses: Vec<Status>,
    /// Only these licence types.
    #[serde(default)]
    pub type_ids: Vec<String>,
    /// Only this holder's licences.
    #[serde(default)]
    pub holder_id: Option<String>,
    /// Only holders at this location (ignoring case and surrounding spaces).
    #[serde(default)]
    pub location: Option<String>,
    /// Only holders in this department (ignoring case and surrounding
    /// spaces).
    #[serde(default)]
    pub department: Option<String>,
    /// Only licences expiring from today up to this many days ahead.
    #[serde(default)]
    pub expiring_within_days: Option<u32>,
    /// Only licences showing this custom field value (the licence's own
    /// field or its holder's).
    #[serde(default)]
    pub field: Option<FieldFilter>,
}

/// A custom field's value to filter on: text and choices compare ignoring
/// case and surrounding spaces, other types by value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldFilter {
    /// The field's key.
    pub key: String,
    /// The value wanted.
    pub value: FieldValue,
}

impl FieldFilter {
    /// Whether `values` hold the wanted value.
    pub fn matches(&self, values: &FieldValues) -> bool {
        values
            .get(&self.key)
            .is_some_and(|v| v.matching_text() == self.value.matching_text())
    }
}

/// The order of overview rows; ties are broken by expiry, then licence id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Soonest expiry first; licences without expiry last.
    #[default]
    Expiry,
    /// Holder name.
    Holder,
    /// Licence type name.
    Type,
    /// Most urgent first: expired, expiring, active.
    Status,
}

/// A filtered, sorted page of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverviewQuery {
    /// Which licences.
    #[serde(default)]
    pub filter: OverviewFilter,
    /// The order.
    #[serde(default)]
    pub sort: SortKey,
    /// Reverse the order.
    #[serde(default)]
    pub descending: bool,
    /// Rows to skip.
    #[serde(default)]
    pub offset: u32,
    /// Rows to return, at most [`MAX_PAGE`].
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    50
}

impl Default for OverviewQuery {
    fn default() -> Self {
        Self {
            filter: OverviewFilter::default(),
            sort: SortKey::default(),
            descending: false,
            offset: 0,
            limit: default_limit(),
        }
    }
}

impl OverviewQuery {
    /// Checks the page size, the number of values in the filter's lists,
    /// the window and the field filter.
    pub fn validate(&self) -> Result<()> {
        if self.limit > MAX_PAGE {
            return Err(Error::limit("overview page size", u64::from(MAX_PAGE)));
        }
        let lists = [
            ("filter.statuses", self.filter.statuses.len()),
            ("filter.type_ids", self.filter.type_ids.len()),
        ];
        if let Some((list, _)) = lists.iter().find(|(_, n)| *n > MAX_FILTER_VALUES) {
            return Err(Error::limit(*list, MAX_FILTER_VALUES as u64));
        }
        if let Some(days) = self.filter.expiring_within_days {
            Window::new(days).map_err(|_| {
                Error::invalid(
                    "filter.expiring_within_days",
                    format!("`{days}` is more than 3660"),
                )
            })?;
        }
        if let Some(field) = &self.filter.field {
            crate::fields::key("filter.field.key", &field.key)?;
            let values = FieldValues::from([(field.key.clone(), field.value.clone())]);
            crate::fields::validate_values("filter.field", &values)?;
        }
        Ok(())
    }
}

/// One overview row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    pub acquired: Option<Day>,
    /// Expiry date.
    pub expiry: Option<Day>,
    /// Status on the report date.
    pub status: Status,
    /// Days left on the report date.
    pub days_left: Option<i32>,
    /// The holder's location.
    pub location: Option<String>,
    /// The holder's department.
    pub department: Option<String>,
    /// The custom field values it shows: the holder's and the licence's.
    #[serde(default, deserialize_with = "crate::fields::deserialize_values")]
    pub fields: FieldValues,
}

/// One page of the overview, with the number of rows that match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverviewPage {
    /// The rows of this page.
    pub rows: Vec<OverviewRow>,
    /// How many rows match the filter across all pages.
    pub total: u64,
}

/// How many current licences have each status.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct StatusCounts {
    /// Active licences.
    pub active: u64,
    /// Expiring licences.
    pub expiring: u64,
    /// Expired licences.
    pub expired: u64,
}

impl StatusCounts {
    /// Counts one more licence of `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Active => self.active += 1,
            Status::Expiring => self.expiring += 1,
            Status::Expired => self.expired += 1,
        }
    }
}

/// The status and days left of a row's expiry on `today`.
pub fn status_of(expiry: Option<Day>, today: Day, window: Window) -> (Status, Option<i32>) {
    let evaluation = evaluate(Expiry::from_day(expiry), today, window);
    (evaluation.status, evaluation.days_left())
}

impl OverviewFilter {
    /// Whether `row` (already evaluated on `today`) passes the filter.
    pub fn matches(&self, row: &OverviewRow, today: Day) -> bool {
        let within = self.expiring_within_days.is_none_or(|days| {
            row.expiry
                .is_some_and(|e| e >= today && e.days_since(today) <= days as i32)
        });
        (self.statuses.is_empty() || self.statuses.contains(&row.status))
            && (self.type_ids.is_empty() || self.type_ids.contains(&row.type_id))
            && self.holder_id.as_ref().is_none_or(|h| *h == row.holder_id)
            && place_passes(self.location.as_deref(), row.location.as_deref())
            && place_passes(self.department.as_deref(), row.department.as_deref())
            && self.field.as_ref().is_none_or(|f| f.matches(&row.fields))
            && within
    }
}

/// The rank of a status in the status order: most urgent first.
pub fn status_rank(status: Status) -> u8 {
    match status {
        Status::Expired => 0,
        Status::Expiring => 1,
        Status::Active => 2,
    }
}

impl SortKey {
    /// Compares two rows in this order (ascending).
    pub fn compare(self, a: &OverviewRow, b: &OverviewRow) -> Ordering {
        // Licences without expiry sort after every date.
        let expiry = |r: &OverviewRow| (r.expiry.is_none(), r.expiry);
        let primary = match self {
            Self::Expiry => Ordering::Equal,
            Self::Holder => a.holder_name.cmp(&b.holder_name),
            Self::Type => a.type_name.cmp(&b.type_name),
            Self::Status => status_rank(a.status).cmp(&status_rank(b.status)),
        };
        primary
            .then_with(|| expiry(a).cmp(&expiry(b)))
            .then_with(|| a.licence_id.cmp(&b.licence_id))
    }
}

/// Sorts `rows` for `query` and cuts out its page.
pub fn page(mut rows: Vec<OverviewRow>, query: &OverviewQuery) -> OverviewPage {
    rows.sort_by(|a, b| {
        let order = query.sort.compare(a, b);
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
    let total = rows.len() as u64;
    let rows = rows
        .into_iter()
        .skip(query.offset as usize)
        .take(query.limit as usize)
        .collect();
    OverviewPage { rows, total }
}
