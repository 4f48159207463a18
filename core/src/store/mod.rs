//! Where a tracker keeps its records: one small trait, several stores.
//!
//! A store keeps documents it does not interpret, in named collections,
//! each with the typed keys the engine finds records by. The engine decides
//! what the documents hold and what their keys are ([`records`] and
//! [`collections`]); a store only keeps, finds, orders and counts. The same
//! shape is the component's `store` import, so a host backs the tracker by
//! its own database with nine functions, and the trait does not change when
//! the engine gains a record kind, a field or an operation.
//!
//! Semantics every store follows:
//! - Every write happens between [`Store::begin`] and [`Store::commit`];
//!   after [`Store::rollback`] the store is exactly as it was at `begin`.
//! - `put` inserts or replaces by id, document and keys together. A record
//!   has each key at most once; a key it lacks matches no condition.
//! - Keys compare numbers numerically and text by Unicode code point (the
//!   byte order of UTF-8). A condition matches a record whose key lies in any
//!   of its inclusive ranges; a query matches records meeting all of its
//!   conditions. The name `id` refers to the record's id in conditions and
//!   orders alike.
//! - Results are in the query's order, then by id ascending; a store with
//!   no order lists by id.

pub mod collections;
pub mod memory;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod records;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::error::Result;

pub use records::{
    AcknowledgementRecord, HeldRecord, Holders, LicenceQuery, LicenceRecord, Listing, Page,
    PeopleById, PeopleQuery, Records, ReminderCandidates, ReminderClaim, SeatQuery,
};

/// A name of a collection or a key: the engine's names are static.
pub type Name = Cow<'static, str>;

/// A value a record is indexed by. Dates are day numbers and flags are 0 or
/// 1; one key always holds the same variant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyValue {
    /// A whole number.
    Number(i64),
    /// Text, compared by code point.
    Text(String),
}

impl From<i64> for KeyValue {
    fn from(number: i64) -> Self {
        Self::Number(number)
    }
}

impl From<i32> for KeyValue {
    fn from(number: i32) -> Self {
        Self::Number(number.into())
    }
}

impl From<bool> for KeyValue {
    fn from(flag: bool) -> Self {
        Self::Number(flag.into())
    }
}

impl From<&str> for KeyValue {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for KeyValue {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

/// One key of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The key's name, one of its collection's.
    pub name: Name,
    /// Its value.
    pub value: KeyValue,
}

impl Key {
    /// The key `name` with `value`.
    pub fn new(name: &'static str, value: impl Into<KeyValue>) -> Self {
        Self {
            name: Cow::Borrowed(name),
            value: value.into(),
        }
    }
}

/// A record to keep: its id, its document and its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The record's id, unique in its collection.
    pub id: String,
    /// The record, kept as given.
    pub document: Vec<u8>,
    /// The keys it is found by.
    pub keys: Vec<Key>,
}

impl Entry {
    /// The value of the key `name`, if the entry has it (`id` is its id).
    pub fn key(&self, name: &str) -> Option<Cow<'_, KeyValue>> {
        if name == "id" {
            return Some(Cow::Owned(KeyValue::Text(self.id.clone())));
        }
        self.keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| Cow::Borrowed(&k.value))
    }
}

/// A record as read back: its id and its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// The record's id.
    pub id: String,
    /// The document it was kept with.
    pub document: Vec<u8>,
}

/// Inclusive bounds on a key; a missing bound is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// The smallest value in the range.
    pub low: Option<KeyValue>,
    /// The largest value in the range.
    pub high: Option<KeyValue>,
}

impl Range {
    /// Whether `value` lies in the range.
    pub fn contains(&self, value: &KeyValue) -> bool {
        self.low.as_ref().is_none_or(|low| low <= value)
            && self.high.as_ref().is_none_or(|high| value <= high)
    }
}

/// Records whose key `key` lies in any of the ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The key's name.
    pub key: Name,
    /// The ranges; a condition without ranges matches nothing.
    pub any_of: Vec<Range>,
}

impl Condition {
    /// Records whose key equals `value`.
    pub fn equals(key: &'static str, value: impl Into<KeyValue>) -> Self {
        Self::one_of(key, [value])
    }

    /// Records whose key equals one of `values`.
    pub fn one_of<V: Into<KeyValue>>(
        key: &'static str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        Self {
            key: Cow::Borrowed(key),
            any_of: values
                .into_iter()
                .map(|v| {
                    let value = v.into();
                    Range {
                        low: Some(value.clone()),
                        high: Some(value),
                    }
                })
                .collect(),
        }
    }

    /// Records whose key lies from `low` to `high` (inclusive; `None` open).
    pub fn between(key: &'static str, low: Option<i64>, high: Option<i64>) -> Self {
        Self::ranges(key, [(low, high)])
    }

    /// Records whose key lies in any of the numeric ranges.
    pub fn ranges(
        key: &'static str,
        ranges: impl IntoIterator<Item = (Option<i64>, Option<i64>)>,
    ) -> Self {
        Self {
            key: Cow::Borrowed(key),
            any_of: ranges
                .into_iter()
                .map(|(low, high)| Range {
                    low: low.map(KeyValue::Number),
                    high: high.map(KeyValue::Number),
                })
                .collect(),
        }
    }

    /// Whether `entry` meets the condition.
    pub fn matches(&self, entry: &Entry) -> bool {
        entry
            .key(&self.key)
            .is_some_and(|value| self.any_of.iter().any(|r| r.contains(&value)))
    }
}

/// One term of a query's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The key's name.
    pub key: Name,
    /// Largest first.
    pub descending: bool,
}

/// Which records of a collection to list, in which order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// The collection.
    pub collection: Name,
    /// Conditions the records meet, all of them.
    pub conditions: Vec<Condition>,
    /// The order, before the final order by id ascending.
    pub order: Vec<Order>,
    /// Records to skip.
    pub offset: u32,
    /// Records to list at most; `None` lists all.
    pub limit: Option<u32>,
}

impl Query {
    /// Every record of `collection` meeting `conditions`, by id.
    pub fn all(collection: &'static str, conditions: Vec<Condition>) -> Self {
        Self {
            collection: Cow::Borrowed(collection),
            conditions,
            order: Vec::new(),
            offset: 0,
            limit: None,
        }
    }

    /// Whether `entry` meets every condition.
    pub fn matches(&self, entry: &Entry) -> bool {
        self.conditions.iter().all(|c| c.matches(entry))
    }

    /// How `a` and `b` compare in the query's order (records lacking a key
    /// come first for it).
    pub fn compare(&self, a: &Entry, b: &Entry) -> Ordering {
        self.order
            .iter()
            .map(|term| {
                let order = a.key(&term.key).cmp(&b.key(&term.key));
                if term.descending {
                    order.reverse()
                } else {
                    order
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.id.cmp(&b.id))
    }
}

/// Where a tracker keeps its records: documents in collections, with keys.
pub trait Store: Send {
    /// Starts a transaction.
    fn begin(&mut self) -> Result<()>;
    /// Makes the transaction's writes permanent.
    fn commit(&mut self) -> Result<()>;
    /// Undoes the transaction's writes.
    fn rollback(&mut self) -> Result<()>;
    /// Starts a transaction that only reads, ended by [`Store::rollback`]:
    /// its reads see the records as they were at its first read, whatever
    /// other connections commit meanwhile. By default a write transaction
    /// ([`Store::begin`]), which is as consistent but holds other writers
    /// back until it ends (the component's `store` import has no such
    /// call).
    fn begin_read(&mut self) -> Result<()> {
        self.begin()
    }

    /// The stored records of `collection` among `ids` (unknown ids left
    /// out), by id.
    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>>;
    /// Inserts or replaces records.
    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()>;
    /// Removes records (unknown ids are ignored).
    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()>;
    /// The records matching `query`, in its order, from its offset, at most
    /// its limit.
    fn find(&mut self, query: &Query) -> Result<Vec<Stored>>;
    /// How many records of `collection` meet every condition.
    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64>;
    /// Announces that about `count` more records of `collection` are about
    /// to be put in this transaction, as a bulk import does chunk by chunk.
    /// A store may then index them at the commit, in bulk, rather than one
    /// by one; every query answers alike either way. By default it does
    /// nothing (the component's `store` import has no such call: a host's
    /// store indexes as it sees fit).
    fn will_put(&mut self, collection: &str, count: u64) -> Result<()> {
        let _ = (collection, count);
        Ok(())
    }
    /// Whether the failure this store just reported was a conflict with
    /// another transaction (a deadlock, a serialization failure) after which
    /// the same operation, run again from [`Store::begin`], may succeed. The
    /// tracker asks after each failed write; by default never.
    fn retry(&mut self) -> bool {
        false
    }
    /// Takes the next `count` numbers of the sequence `name` (which starts
    /// at 1) and returns the first. Sequences are kept like records: a
    /// rollback gives back the numbers its transaction took, and nothing
    /// else reuses them.
    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64>;
}

/// Whether `location` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgresql://") || location.starts_with("postgres://")
}

/// How a commit reaches the disk, in the SQLite store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// Each commit is on the disk before it returns (`synchronous = FULL`):
    /// it survives a crash of the process and a loss of power. Suited to a
    /// system of record.
    #[default]
    Full,
    /// Commits are synced to the disk at checkpoints, not each one
    /// (`synchronous = NORMAL`): faster commits that survive a crash of the
    /// process, but a loss of power or a crash of the system may lose the
    /// last ones (the database stays consistent).
    Normal,
}

/// How a store is opened. The default suits a system of record: durable
/// commits, writers waiting up to five seconds for each other, writes
/// allowed. As a JSON document (the C library's), each field may be left
/// out for its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenOptions {
    /// How a commit reaches the disk (SQLite). PostgreSQL ignores it: the
    /// server's settings (`synchronous_commit`) decide.
    pub durability: Durability,
    /// How long, in milliseconds, an operation waits for another
    /// connection's lock on the records before it fails: SQLite's busy
    /// timeout, and PostgreSQL's `lock_timeout` in each write transaction
    /// (at least 1 ms there, where 0 would mean no limit).
    pub busy_timeout_ms: u32,
    /// Opens the records for reading only, every write refused with a
    /// storage error; their schema must be current, since it cannot be
    /// migrated. A SQLite file that cannot be opened for writing (its
    /// permissions, a read-only mount) is opened so without being asked.
    pub read_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            durability: Durability::Full,
            busy_timeout_ms: 5_000,
            read_only: false,
        }
    }
}

/// The failure of a write to records open read-only.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn read_only() -> crate::error::Error {
    crate::error::Error::storage("the database is open read-only")
}

/// Opens the store at `location` with the default [`OpenOptions`].
pub fn open(location: &std::path::Path) -> Result<Box<dyn Store>> {
    open_with(location, &OpenOptions::default())
}

/// Opens the store at `location`: a PostgreSQL URL (`postgresql://…`, with
/// the `postgres` feature) or the path of a SQLite file (created if
/// missing, with the `sqlite` feature).
pub fn open_with(location: &std::path::Path, options: &OpenOptions) -> Result<Box<dyn Store>> {
    if let Some(url) = location.to_str().filter(|l| is_postgres_url(l)) {
        #[cfg(feature = "postgres")]
        return Ok(Box::new(postgres::PostgresStore::open_with(url, options)?));
        #[cfg(not(feature = "postgres"))]
        return Err(crate::error::Error::invalid(
            "database",
            format!("this build of the engine has no PostgreSQL store for `{url}`"),
        ));
    }
    #[cfg(feature = "sqlite")]
    return Ok(Box::new(sqlite::SqliteStore::open_with(location, options)?));
    #[cfg(not(feature = "sqlite"))]
    {
        let _ = options;
        Err(crate::error::Error::invalid(
            "database",
            "this build of the engine has no SQLite store",
        ))
    }
}
