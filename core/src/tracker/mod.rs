//! The stateful tracker a host talks to when it wants the engine to keep the
//! records. Every operation validates its input, applies the rules, writes
//! through a [`Store`], and appends audit entries, in one transaction: a
//! failure leaves the stored data exactly as it was.
//!
//! A tracker can be shared between threads; operations are serialised.

mod approval;
mod attachments;
mod courses;
mod custody;
mod fields;
mod import;
mod licences;
mod outbox;
mod people;
mod privacy;
mod readiness;
mod reports;

use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::audit::{AuditEntry, AuditQuery, Change, diff};
use crate::custody::Party;
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
pub use privacy::Erasure;
pub use readiness::{ReadinessCounts, ReadinessFilter, ReadinessPage, RequirementCount};
pub use reports::EXPORT_COLUMNS;

/// Who acts, and when (host time): recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Context {
    /// The acting user, as the host names them.
    pub actor: String,
    /// When, as seconds since 1970-01-01 UTC.
    pub at: Timestamp,
    /// The party the user acts for, whose custody rights every operation
    /// on a licence checks (SPEC §5): the licence's holder, a site, or,
    /// when absent, the organisation's staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Party>,
}

impl Context {
    /// A context for `actor` at `at`, acting for the organisation's staff.
    pub fn new(actor: impl Into<String>, at: Timestamp) -> Self {
        Self {
            actor: actor.into(),
            at,
            party: None,
        }
    }

    /// The same context acting for `party`.
    pub fn acting_for(self, party: Party) -> Self {
        Self {
            party: Some(party),
            ..self
        }
    }

    /// The acting party: the organisation's staff when none is named.
    pub fn party(&self) -> &Party {
        self.party.as_ref().unwrap_or(&Party::Staff)
    }

    fn validate(&self) -> Result<()> {
        crate::validate::id("context.actor", &self.actor)?;
        self.party().validate("context.party")
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

    /// Runs the organisation's change `f` in one transaction: committed
    /// when it succeeds, rolled back (leaving the store as it was) when it
    /// fails. Only the organisation's staff make such changes.
    pub(crate) fn write<T>(
        &self,
        ctx: &Context,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_or_discard(ctx, |tx| f(tx).map(|value| (value, true)))
    }

    /// Runs `f`, a change of one licence, its attachments or its
    /// associations, in one transaction, for any party: `f` checks the
    /// party's custody rights before it reads or writes anything else.
    pub(crate) fn write_licence<T>(
        &self,
        ctx: &Context,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        ctx.validate()?;
        self.transact(ctx, |tx| f(tx).map(|value| (value, true)))
    }

    /// Runs the organisation's change `f` in one transaction, committed
    /// when it succeeds and asks to keep its writes, rolled back otherwise.
    pub(crate) fn write_or_discard<T>(
        &self,
        ctx: &Context,
        f: impl FnMut(&mut Tx<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
        ctx.validate()?;
        if *ctx.party() != Party::Staff {
            return Err(Error::denied(
                ctx.party().to_string(),
                "change the organisation's records",
            ));
        }
        self.transact(ctx, f)
    }

    /// Runs `f` in one transaction. A transaction that failed on a conflict
    /// with another one ([`Store::retry`]) runs again, at most [`ATTEMPTS`]
    /// times in all.
    fn transact<T>(
        &self,
        ctx: &Context,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
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

    /// The change feed (SPEC §11): at most `limit` audit entries numbered
    /// after `after` (0: from the start), oldest first. The host keeps the
    /// number of the last entry it processed and asks again from there.
    /// Numbers only grow, and writers take turns, so an entry never
    /// appears behind a number already read. `limit` is from 1 to
    /// [`MAX_PAGE`](crate::report::MAX_PAGE).
    pub fn changes(&self, after: u64, limit: u32) -> Result<Vec<AuditEntry>> {
        if limit == 0 {
            return Err(Error::invalid("limit", "must be at least 1"));
        }
        if limit > crate::report::MAX_PAGE {
            return Err(Error::limit(
                "change feed page size",
                u64::from(crate::report::MAX_PAGE),
            ));
        }
        self.read(|store| store.audit_after(after, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Day, Period};
    use crate::error::ErrorKind;
    use crate::fixtures::{self, day};
    use crate::model::{Licence, Person};
    use crate::report::OverviewQuery;
    use crate::store::{LicenceQuery, Page};

    /// A tracker over `store` with the forklift type and its holder `p1`.
    fn tracker_with_forklift(store: Box<dyn Store>) -> (Tracker, Context) {
        let tracker = Tracker::new(store);
        let ctx = Context::new("admin", 1);
        let holder = Person {
            email: Some("p1@example.org".into()),
            ..fixtures::person("p1", None, None)
        };
        tracker.register_person(&ctx, &holder).unwrap();
        tracker
            .create_licence_type(&ctx, &fixtures::forklift())
            .unwrap();
        (tracker, ctx)
    }

    fn kind<T>(result: Result<T>) -> Option<ErrorKind> {
        result.err().map(|e| e.kind())
    }

    /// Every read that a stored licence takes part in.
    fn every_read_works(tracker: &Tracker, today: Day) {
        assert_eq!(
            tracker
                .licences(&LicenceQuery::default(), Page::default())
                .map(|l| l.items)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(tracker.licences_of("p1", today).unwrap().len(), 1);
        let all = OverviewQuery::default();
        assert_eq!(tracker.overview(&all, today).unwrap().total, 1);
        assert_eq!(tracker.export_csv(&all, today).unwrap().lines().count(), 2);
        assert!(tracker.export_xlsx(&all, today).is_ok());
        assert!(tracker.due_reminders(today).is_ok());
    }

    /// A licence expiring on the first supported day is kept: the leads
    /// whose trigger would fall before year 1 are never due, the day itself
    /// and the repeats after it are, and each can be acknowledged.
    #[test]
    fn a_licence_expiring_on_0001_01_01_is_read_reminded_and_acknowledged() {
        let mut stores: Vec<Box<dyn Store>> = vec![Box::new(MemoryStore::new())];
        #[cfg(feature = "sqlite")]
        stores.push(Box::new(
            crate::store::sqlite::SqliteStore::open_in_memory().unwrap(),
        ));
        for store in stores {
            year_one_licence(store);
        }
    }

    fn year_one_licence(store: Box<dyn Store>) {
        let (tracker, ctx) = tracker_with_forklift(store);
        let first = Day::first();
        let licence = fixtures::licence("l1", "p1", "forklift", "0001-01-01");
        let record = tracker.record_licence(&ctx, &licence, None).unwrap();
        assert_eq!(record.next_reminder, Some(first));
        for today in [first, day("0001-01-08"), day("2026-06-01"), Day::last()] {
            every_read_works(&tracker, today);
        }
        let due = tracker.due_reminders(first).unwrap();
        let slots: Vec<_> = due.iter().map(|r| (r.trigger, r.lead, r.skipped)).collect();
        assert_eq!(slots, [(first, Some(Period::days(0)), 0)]);
        tracker.acknowledge(&ctx, "l1", first, first).unwrap();
        assert_eq!(tracker.due_reminders(first).unwrap(), []);
        let week = day("0001-01-08");
        assert_eq!(
            tracker.licence("l1", &Party::Staff).unwrap().next_reminder,
            Some(week)
        );
        let due = tracker.due_reminders(week).unwrap();
        assert_eq!(due.iter().map(|r| r.occurrence).collect::<Vec<_>>(), [1]);
        tracker.acknowledge(&ctx, "l1", first, week).unwrap();
        // Edited to expire on the last supported day: its repeats after
        // expiry would fall past 9999 and are never due.
        let last = Licence {
            expiry: Some(Day::last()),
            ..licence
        };
        let record = tracker.edit_licence(&ctx, &last).unwrap();
        assert_eq!(record.next_reminder, Some(day("9999-09-30")));
        tracker
            .acknowledge(&ctx, "l1", Day::last(), Day::last())
            .unwrap();
        assert_eq!(
            tracker.licence("l1", &Party::Staff).unwrap().next_reminder,
            None
        );
        every_read_works(&tracker, Day::last());
    }

    /// Expiries derived past 9999-12-31 are refused when recording, renewing
    /// or completing a course, and nothing is stored.
    #[test]
    fn derived_expiries_past_9999_are_limit_errors() {
        let (tracker, ctx) = tracker_with_forklift(Box::new(MemoryStore::new()));
        let acquired = |id: &str, on: &str| Licence {
            acquired: Some(day(on)),
            expiry: None,
            ..fixtures::licence(id, "p1", "forklift", "2026-01-01")
        };
        let late = acquired("l1", "9997-01-01");
        assert_eq!(
            kind(tracker.record_licence(&ctx, &late, None)),
            Some(ErrorKind::LimitExceeded)
        );
        assert_eq!(
            kind(tracker.licence("l1", &Party::Staff)),
            Some(ErrorKind::NotFound)
        );
        let record = tracker
            .record_licence(&ctx, &acquired("l1", "9996-12-31"), None)
            .unwrap();
        assert_eq!(record.licence.expiry, Some(Day::last()));
        let renewal = Licence {
            renews: Some("l1".into()),
            ..acquired("l2", "9998-01-01")
        };
        assert_eq!(
            kind(tracker.record_licence(&ctx, &renewal, None)),
            Some(ErrorKind::LimitExceeded)
        );
        assert_eq!(
            tracker
                .licence("l1", &Party::Staff)
                .unwrap()
                .licence
                .superseded_by,
            None
        );
        tracker
            .create_course(&ctx, &fixtures::forklift_course("c1", None))
            .unwrap();
        let given = tracker
            .allocate(&ctx, "c1", &["p1".into()], day("9998-01-01"))
            .unwrap();
        let seat = &given.seats[0].id;
        assert_eq!(
            kind(tracker.complete_seat(&ctx, seat, day("9998-01-01"))),
            Some(ErrorKind::LimitExceeded)
        );
        assert_eq!(
            tracker
                .seats(&Default::default(), Page::default())
                .map(|l| l.items)
                .unwrap()[0]
                .completed_on,
            None
        );
        every_read_works(&tracker, day("9998-01-01"));
    }
}
