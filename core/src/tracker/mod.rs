//! The stateful tracker a host talks to when it wants the engine to keep the
//! records. Every operation validates its input, applies the rules, writes
//! through a [`Store`], and appends audit entries, in one transaction: a
//! failure leaves the stored data exactly as it was.
//!
//! A tracker can be shared between threads; operations are serialised.

mod attachments;
mod courses;
mod custody;
mod fields;
mod import;
mod licences;
mod outbox;
mod people;
mod reports;

use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::audit::{AuditEntry, AuditQuery, Change, diff};
use crate::error::{Error, RecordKind, Result};
use crate::model::Timestamp;
use crate::settings::Settings;
use crate::store::memory::MemoryStore;
use crate::store::{OpenOptions, Records, Store};

pub use attachments::sha256_hex;
pub use courses::AllocationReport;
pub use fields::DroppedValues;
pub use import::{ImportMode, ImportReport, LICENCE_COLUMNS, PEOPLE_COLUMNS, RowError};
pub use licences::HeldLicence;
pub use reports::EXPORT_COLUMNS;

/// Who acts, and when (host time): recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Context {
    /// The acting user, as the host names them.
    pub actor: String,
    /// When, as seconds since 1970-01-01 UTC.
    pub at: Timestamp,
}

impl Context {
    /// A context for `actor` at `at`.
    pub fn new(actor: impl Into<String>, at: Timestamp) -> Self {
        Self {
            actor: actor.into(),
            at,
        }
    }

    fn validate(&self) -> Result<()> {
        crate::validate::id("context.actor", &self.actor)
    }
}

/// How many times a write meeting conflicts with other transactions is
/// tried before its failure is reported.
const ATTEMPTS: u32 = 3;

/// The tracker: one organisation's records behind a [`Store`].
pub struct Tracker {
    store: Mutex<Box<dyn Store>>,
}

impl std::fmt::Debug for Tracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracker").finish_non_exhaustive()
    }
}

/// One transaction's view of the store, with the acting context.
pub(crate) struct Tx<'a> {
    pub(crate) store: &'a mut dyn Store,
    pub(crate) ctx: &'a Context,
}

impl Tx<'_> {
    /// Appends an audit entry for a change of one record.
    pub(crate) fn audit(
        &mut self,
        action: &str,
        kind: RecordKind,
        id: &str,
        person_id: Option<&str>,
        changes: Vec<Change>,
    ) -> Result<()> {
        let entry = self.entry(action, kind, id, person_id, changes);
        self.store.append_audit(vec![entry])
    }

    /// Appends an audit entry without field changes for each record, given
    /// as its id and its person's, in one write (imports).
    pub(crate) fn audit_each<'r>(
        &mut self,
        action: &str,
        kind: RecordKind,
        records: impl IntoIterator<Item = (&'r str, Option<&'r str>)>,
    ) -> Result<()> {
        let entries = records
            .into_iter()
            .map(|(id, person_id)| self.entry(action, kind, id, person_id, Vec::new()))
            .collect();
        self.store.append_audit(entries)
    }

    /// An audit entry in this transaction's context.
    fn entry(
        &self,
        action: &str,
        kind: RecordKind,
        id: &str,
        person_id: Option<&str>,
        changes: Vec<Change>,
    ) -> AuditEntry {
        AuditEntry {
            seq: 0,
            at: self.ctx.at,
            actor: self.ctx.actor.clone(),
            action: action.to_owned(),
            record_kind: kind,
            record_id: id.to_owned(),
            person_id: person_id.map(str::to_owned),
            changes,
        }
    }

    /// Appends an audit entry with the field changes from `old` to `new`.
    pub(crate) fn audit_diff<T: Serialize>(
        &mut self,
        action: &str,
        kind: RecordKind,
        id: &str,
        person_id: Option<&str>,
        old: Option<&T>,
        new: Option<&T>,
    ) -> Result<()> {
        self.audit(action, kind, id, person_id, diff(old, new))
    }

    /// The organisation's settings (the defaults until some are stored).
    pub(crate) fn settings(&mut self) -> Result<Settings> {
        Ok(self.store.settings()?.unwrap_or_default())
    }
}

impl Tracker {
    /// A tracker over `store`.
    pub fn new(store: Box<dyn Store>) -> Self {
        Self {
            store: Mutex::new(store),
        }
    }

    /// A tracker that keeps its records in memory.
    pub fn in_memory() -> Self {
        Self::new(Box::new(MemoryStore::new()))
    }

    /// A tracker over the database at `location`: a PostgreSQL URL
    /// (`postgresql://user@host/database?schema=organisation`) or the path
    /// of a SQLite file (created if missing).
    pub fn open(location: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::open_with(location, &OpenOptions::default())
    }

    /// A tracker over the database at `location` (as for [`Tracker::open`])
    /// opened with `options`: durability, busy timeout, read-only.
    pub fn open_with(location: impl AsRef<std::path::Path>, options: &OpenOptions) -> Result<Self> {
        crate::store::open_with(location.as_ref(), options).map(Self::new)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Box<dyn Store>>> {
        self.store
            .lock()
            .map_err(|_| Error::internal("the tracker's store was poisoned by an earlier failure"))
    }

    /// Runs `f` in one transaction: committed when it succeeds, rolled back
    /// (leaving the store as it was) when it fails.
    pub(crate) fn write<T>(
        &self,
        ctx: &Context,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_or_discard(ctx, |tx| f(tx).map(|value| (value, true)))
    }

    /// Runs `f` in one transaction, committed when it succeeds and asks to
    /// keep its writes, rolled back otherwise. A transaction that failed on
    /// a conflict with another one ([`Store::retry`]) runs again, at most
    /// [`ATTEMPTS`] times in all.
    pub(crate) fn write_or_discard<T>(
        &self,
        ctx: &Context,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
        ctx.validate()?;
        let mut guard = self.lock()?;
        let store: &mut dyn Store = &mut **guard;
        let mut attempt = 1;
        loop {
            match Self::transaction(store, ctx, &mut f) {
                Err(_) if attempt < ATTEMPTS && store.retry() => attempt += 1,
                outcome => return outcome,
            }
        }
    }

    /// One attempt of [`Tracker::write_or_discard`].
    fn transaction<T>(
        store: &mut dyn Store,
        ctx: &Context,
        f: &mut impl FnMut(&mut Tx<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
        store.begin()?;
        match f(&mut Tx {
            store: &mut *store,
            ctx,
        }) {
            Ok((value, true)) => match store.commit() {
                Ok(()) => Ok(value),
                Err(e) => {
                    // The commit failed: undo what it left behind.
                    store.rollback().ok();
                    Err(e)
                }
            },
            Ok((value, false)) => store.rollback().map(|()| value),
            Err(e) => {
                store.rollback()?;
                Err(e)
            }
        }
    }

    /// Runs a read-only `f` against the store.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut dyn Store) -> Result<T>) -> Result<T> {
        let mut guard = self.lock()?;
        f(&mut **guard)
    }

    /// Runs a read-only `f` against one snapshot of the store: in one read
    /// transaction ([`Store::begin_read`]) with the tracker's lock held
    /// throughout, so that a read of several pages sees the records as one
    /// moment left them while other connections write.
    pub(crate) fn read_snapshot<T>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T>,
    ) -> Result<T> {
        self.read(|store| {
            store.begin_read()?;
            let read = f(&mut *store);
            let ended = store.rollback();
            let value = read?;
            ended.map(|()| value)
        })
    }

    /// The organisation's settings.
    pub fn settings(&self) -> Result<Settings> {
        self.read(|store| Ok(store.settings()?.unwrap_or_default()))
    }

    /// Replaces the organisation's settings. Reminder dates of every current
    /// licence are recomputed for the new default policy.
    pub fn update_settings(&self, ctx: &Context, settings: &Settings) -> Result<()> {
        settings.validate()?;
        self.write(ctx, |tx| {
            let old = tx.settings()?;
            tx.store.put_settings(settings)?;
            tx.audit_diff(
                "update_settings",
                RecordKind::Policy,
                "organisation",
                None,
                Some(&old),
                Some(settings),
            )?;
            outbox::reschedule(tx, None)
        })
    }

    /// The audit entries matching `query`, oldest first.
    pub fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        self.read(|store| store.audit(query))
    }
}
