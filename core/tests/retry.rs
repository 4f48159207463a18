//! A write that fails on a conflict with another transaction (a deadlock or
//! a serialization failure, as PostgreSQL reports them) is run again from
//! the start, at most three attempts in all; a failure of another kind is
//! reported at once.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::sync::{Arc, Mutex};

use licence_core::ErrorKind;
use licence_core::model::Person;
use licence_core::store::memory::MemoryStore;
use licence_core::store::{Condition, Entry, PeopleQuery, Query, Store, Stored};
use licence_core::tracker::{Context, ImportMode, Tracker};
use licence_core::{Error, Result};
use support::day;

/// How a [`ConflictingStore`] has been used, shared with the test.
#[derive(Default)]
struct Log {
    begins: usize,
    /// Commits still to fail.
    conflicts: usize,
    /// Whether the failures are conflicts (else plain storage failures).
    transient: bool,
}

/// The memory store, whose commits fail while `log.conflicts` lasts.
struct ConflictingStore {
    inner: MemoryStore,
    log: Arc<Mutex<Log>>,
    conflicted: bool,
}

impl Store for ConflictingStore {
    fn begin(&mut self) -> Result<()> {
        self.log.lock().unwrap().begins += 1;
        self.inner.begin()
    }

    fn commit(&mut self) -> Result<()> {
        let mut log = self.log.lock().unwrap();
        if log.conflicts > 0 {
            log.conflicts -= 1;
            self.conflicted = log.transient;
            return Err(Error::storage("could not serialize access"));
        }
        self.inner.commit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.inner.rollback()
    }

    fn retry(&mut self) -> bool {
        std::mem::take(&mut self.conflicted)
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        self.inner.get(collection, ids)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        self.inner.put(collection, entries)
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        self.inner.remove(collection, ids)
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        self.inner.find(query)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        self.inner.count(collection, conditions)
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        self.inner.next_sequence(name, count)
    }
}

fn tracker(conflicts: usize, transient: bool) -> (Tracker, Arc<Mutex<Log>>) {
    let log = Arc::new(Mutex::new(Log {
        conflicts,
        transient,
        ..Log::default()
    }));
    let store = ConflictingStore {
        inner: MemoryStore::new(),
        log: log.clone(),
        conflicted: false,
    };
    (Tracker::new(Box::new(store)), log)
}

fn ana() -> Person {
    Person {
        id: "ana".into(),
        name: "Ana".into(),
        email: None,
        location: None,
        department: None,
        roles: Vec::new(),
        registered_on: day("2025-01-01"),
        active: true,
        department_since: None,
        fields: Default::default(),
        location_since: None,
    }
}

fn ctx() -> Context {
    Context::new("hr", 1_767_225_600)
}

fn people(tracker: &Tracker) -> usize {
    tracker.people(&PeopleQuery::default()).unwrap().len()
}

#[test]
fn a_write_meeting_two_conflicts_succeeds_on_its_third_attempt() {
    let (tracker, log) = tracker(2, true);
    tracker.register_person(&ctx(), &ana()).unwrap();
    assert_eq!(log.lock().unwrap().begins, 3);
    assert_eq!(people(&tracker), 1);
}

#[test]
fn a_write_meeting_three_conflicts_fails_and_changes_nothing() {
    let (tracker, log) = tracker(5, true);
    let error = tracker.register_person(&ctx(), &ana()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert_eq!(log.lock().unwrap().begins, 3);
    assert_eq!(people(&tracker), 0);
}

#[test]
fn other_failures_are_not_tried_again() {
    let (tracker, log) = tracker(1, false);
    let error = tracker.register_person(&ctx(), &ana()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert_eq!(log.lock().unwrap().begins, 1);
    assert_eq!(people(&tracker), 0);
}

#[test]
fn an_import_meeting_a_conflict_asks_to_be_run_again() {
    let (tracker, log) = tracker(1, true);
    let csv = "id,name,registered_on\nq1,Quinn,2025-01-01\n";
    let error = tracker
        .import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(error.to_string().contains("import again"), "{error}");
    assert_eq!(log.lock().unwrap().begins, 2);
    assert_eq!(people(&tracker), 0);
    let report = tracker
        .import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
        .unwrap();
    assert_eq!(report.imported, 1);
}
