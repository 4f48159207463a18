//! A write that fails on a conflict with another transaction (a deadlock or
//! a serialization failure, as PostgreSQL reports them) is run again from
//! the start, at most three attempts in all; a failure of another kind is
//! reported at once.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::sync::atomic::Ordering;

use licence_core::ErrorKind;
use licence_core::model::Person;
use licence_core::store::memory::MemoryStore;
use licence_core::store::{Page, PeopleQuery};
use licence_core::tracker::{Context, ImportMode, Tracker};
use support::{FailingStore, Faults, day};

/// A tracker on the memory store whose next `conflicts` commits fail as
/// conflicts.
fn tracker(conflicts: usize) -> (Tracker, Faults) {
    let faults = Faults::default();
    faults.conflicts.store(conflicts, Ordering::SeqCst);
    let store = FailingStore {
        inner: Box::new(MemoryStore::new()),
        faults: faults.clone(),
    };
    (Tracker::new(Box::new(store)), faults)
}

fn begins(faults: &Faults) -> usize {
    faults.begins.load(Ordering::SeqCst)
}

fn ana() -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
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
    tracker
        .people(&PeopleQuery::default(), Page::default())
        .map(|l| l.items)
        .unwrap()
        .len()
}

#[test]
fn a_write_meeting_two_conflicts_succeeds_on_its_third_attempt() {
    let (tracker, faults) = tracker(2);
    tracker.register_person(&ctx(), &ana()).unwrap();
    assert_eq!(begins(&faults), 3);
    assert_eq!(people(&tracker), 1);
}

#[test]
fn a_write_meeting_three_conflicts_fails_and_changes_nothing() {
    let (tracker, faults) = tracker(5);
    let error = tracker.register_person(&ctx(), &ana()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert_eq!(begins(&faults), 3);
    assert_eq!(people(&tracker), 0);
}

#[test]
fn other_failures_are_not_tried_again() {
    let (tracker, faults) = tracker(0);
    faults.arm(1);
    let error = tracker.register_person(&ctx(), &ana()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert_eq!(begins(&faults), 1);
    assert_eq!(people(&tracker), 0);
}

#[test]
fn an_import_meeting_a_conflict_asks_to_be_run_again() {
    let (tracker, faults) = tracker(1);
    let csv = "id,name,registered_on\nq1,Quinn,2025-01-01\n";
    let error = tracker
        .import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(error.to_string().contains("import again"), "{error}");
    assert_eq!(begins(&faults), 2);
    assert_eq!(people(&tracker), 0);
    let report = tracker
        .import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
        .unwrap();
    assert_eq!(report.imported, 1);
}
