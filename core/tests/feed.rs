//! The change feed (SPEC §11): the audit log read after a cursor, a page at
//! a time — every entry once, in order; numbers that only grow, across
//! purges, erasure, reopening a SQLite file and a rolled-back transaction;
//! page sizes out of range refused. On the memory and the SQLite store.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod support;

use licence_core::ErrorKind;
use licence_core::operations::execute_tracker;
use licence_core::report::MAX_PAGE;
use licence_core::store::sqlite::SqliteStore;
use licence_core::tracker::Tracker;
use serde_json::{Value, json};
use support::{FailingStore, Faults, tempdir};

fn run(tracker: &Tracker, op: &str, mut input: Value) -> Value {
    input["ctx"] = json!({ "actor": "admin", "at": 1_767_225_600 });
    execute_tracker(tracker, op, &input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// One page of the feed: the entries' numbers and the cursor returned.
fn page(tracker: &Tracker, after: u64, limit: Option<u32>) -> (Vec<u64>, u64) {
    let mut input = json!({ "after": after });
    if let Some(limit) = limit {
        input["limit"] = json!(limit);
    }
    let feed = execute_tracker(tracker, "changes", &input).expect("changes");
    let seqs = feed["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    (seqs, feed["cursor"].as_u64().expect("cursor"))
}

/// Every entry after `after`, read `limit` at a time until a page comes
/// back empty (its cursor unchanged); and the last cursor.
fn drain(tracker: &Tracker, mut after: u64, limit: u32) -> (Vec<u64>, u64) {
    let mut all = Vec::new();
    loop {
        let (seqs, cursor) = page(tracker, after, Some(limit));
        assert!(seqs.len() <= limit as usize, "{seqs:?}");
        if seqs.is_empty() {
            assert_eq!(cursor, after, "an empty page keeps the cursor");
            return (all, after);
        }
        assert_eq!(Some(&cursor), seqs.last(), "the cursor is the last number");
        all.extend(seqs);
        after = cursor;
    }
}

fn strictly_increasing(seqs: &[u64]) -> bool {
    seqs.windows(2).all(|w| w[0] < w[1])
}

fn register(tracker: &Tracker, id: &str) {
    let person = json!({ "id": id, "name": format!("Person {id}"), "roles": ["delegate"], "registered_on": "2024-01-10", "active": true });
    run(tracker, "register_person", json!({ "person": person }));
}

/// Two people, a type, and a licence each that expired in March 2026.
fn organisation(tracker: &Tracker) {
    run(
        tracker,
        "create_licence_type",
        json!({ "licence_type": { "id": "forklift", "name": "Forklift", "kind": "licence" } }),
    );
    for id in ["ana", "bo"] {
        register(tracker, id);
        let licence = json!({ "id": format!("{id}-1"), "holder_id": id, "type_id": "forklift", "reference": format!("REF-{id}"), "expiry": "2026-03-01" });
        run(tracker, "record_licence", json!({ "licence": licence }));
    }
    let edited = json!({ "id": "ana-1", "holder_id": "ana", "type_id": "forklift", "reference": "REF-ana-2", "expiry": "2026-03-01" });
    run(tracker, "edit_licence", json!({ "licence": edited }));
}

fn paging_returns_every_entry_once_in_order(tracker: &Tracker) {
    assert_eq!(page(tracker, 0, None), (vec![], 0), "an empty log");
    organisation(tracker);
    let (whole, last) = page(tracker, 0, None);
    assert_eq!(whole.len(), 6, "{whole:?}");
    assert!(strictly_increasing(&whole), "{whole:?}");
    assert_eq!(drain(tracker, 0, 2), (whole.clone(), last));
    assert_eq!(drain(tracker, 0, 4), (whole.clone(), last));
    // Resuming from any cursor gives the rest.
    let (rest, _) = drain(tracker, whole[2], 2);
    assert_eq!(rest, whole[3..]);
    // The entries are the audit log's, whole.
    let feed = execute_tracker(tracker, "changes", &json!({ "limit": 1 })).unwrap();
    let audit = execute_tracker(
        tracker,
        "audit",
        &json!({ "query": { "record": { "kind": "licence_type", "id": "forklift" } } }),
    )
    .unwrap();
    assert_eq!(feed["entries"][0], audit["entries"][0]);
    // Cursors past every number, up to the largest, find nothing.
    for after in [
        last,
        last + 1,
        i64::MAX as u64 - 1,
        i64::MAX as u64,
        u64::MAX,
    ] {
        assert_eq!(page(tracker, after, Some(3)), (vec![], after));
    }
}

fn numbers_grow_across_purge_and_erasure(tracker: &Tracker) {
    organisation(tracker);
    let (before, cursor) = drain(tracker, 0, 2);
    run(
        tracker,
        "update_settings",
        json!({ "settings": { "retention": { "after_expiry": "30 days" } } }),
    );
    let purged = run(tracker, "purge", json!({ "today": "2026-06-01" }));
    assert_eq!(purged["purged"].as_array().unwrap().len(), 2);
    // Purging blanked earlier entries in place: their numbers stay, and the
    // feed after the cursor holds only what came since.
    let (after_purge, cursor) = drain(tracker, cursor, 2);
    assert!(after_purge.len() >= 3, "{after_purge:?}");
    assert!(after_purge.iter().all(|n| *n > before[before.len() - 1]));
    register(tracker, "cy");
    run(tracker, "erase_person", json!({ "id": "ana" }));
    let (after_erasure, cursor) = drain(tracker, cursor, 2);
    assert_eq!(after_erasure.len(), 2, "{after_erasure:?}");
    assert!(after_erasure[0] > after_purge[after_purge.len() - 1]);
    register(tracker, "di");
    let (latest, _) = drain(tracker, cursor, 2);
    assert_eq!(latest.len(), 1);
    assert!(latest[0] > cursor);
    // From the start: every number once, in order, none reused.
    let (all, _) = drain(tracker, 0, 2);
    let expected: Vec<u64> = [before, after_purge, after_erasure, latest].concat();
    assert_eq!(all, expected);
    assert!(strictly_increasing(&all), "{all:?}");
}

fn limits_out_of_range_are_refused(tracker: &Tracker) {
    organisation(tracker);
    let refused = |limit: u32| {
        execute_tracker(tracker, "changes", &json!({ "after": 0, "limit": limit }))
            .map_err(|e| e.kind())
            .err()
    };
    assert_eq!(refused(0), Some(ErrorKind::InvalidInput));
    assert_eq!(refused(MAX_PAGE + 1), Some(ErrorKind::LimitExceeded));
    assert_eq!(refused(u32::MAX), Some(ErrorKind::LimitExceeded));
    assert_eq!(refused(MAX_PAGE), None);
    assert_eq!(
        tracker.changes(0, 0).map_err(|e| e.kind()).err(),
        Some(ErrorKind::InvalidInput)
    );
}

fn on_sqlite(test: fn(&Tracker)) {
    let dir = tempdir();
    test(&Tracker::open(dir.join("feed.db")).unwrap());
}

#[test]
fn paging_returns_every_entry_once_in_order_in_memory() {
    paging_returns_every_entry_once_in_order(&Tracker::in_memory());
}

#[test]
fn paging_returns_every_entry_once_in_order_on_sqlite() {
    on_sqlite(paging_returns_every_entry_once_in_order);
}

#[test]
fn numbers_grow_across_purge_and_erasure_in_memory() {
    numbers_grow_across_purge_and_erasure(&Tracker::in_memory());
}

#[test]
fn numbers_grow_across_purge_and_erasure_on_sqlite() {
    on_sqlite(numbers_grow_across_purge_and_erasure);
}

#[test]
fn limits_out_of_range_are_refused_in_memory() {
    limits_out_of_range_are_refused(&Tracker::in_memory());
}

#[test]
fn limits_out_of_range_are_refused_on_sqlite() {
    on_sqlite(limits_out_of_range_are_refused);
}

/// Closing and reopening a SQLite file keeps the numbers growing, and a
/// transaction rolled back after taking numbers leaves no entry in the
/// feed, nor a number below one already read.
#[test]
fn numbers_grow_across_reopening_and_a_rollback_on_sqlite() {
    let dir = tempdir();
    let path = dir.join("feed.db");
    let faulty = |faults: &Faults| {
        Tracker::new(Box::new(FailingStore {
            inner: Box::new(SqliteStore::open(&path).unwrap()),
            faults: faults.clone(),
        }))
    };
    let faults = Faults::default();
    let tracker = faulty(&faults);
    organisation(&tracker);
    let (first, cursor) = drain(&tracker, 0, 2);
    drop(tracker);

    // Reopened: the next entry comes after every one before.
    let tracker = faulty(&faults);
    faults.arm(0);
    register(&tracker, "cy");
    let writes = faults.count();
    let (second, cursor) = drain(&tracker, cursor, 2);
    assert_eq!(second.len(), 1);
    assert!(second[0] > first[first.len() - 1]);

    // The same change failing at its last write, after its entry took its
    // number: rolled back, nothing in the feed.
    faults.arm(writes);
    let person = json!({ "id": "di", "name": "Person di", "roles": ["delegate"], "registered_on": "2024-01-10", "active": true });
    let failed = execute_tracker(
        &tracker,
        "register_person",
        &json!({ "person": person, "ctx": { "actor": "admin", "at": 1 } }),
    );
    assert_eq!(failed.map_err(|e| e.kind()).err(), Some(ErrorKind::Storage));
    assert_eq!(page(&tracker, cursor, None), (vec![], cursor));
    drop(tracker);

    // Reopened once more: new entries come after every committed one, and
    // the cursor reads them.
    let tracker = Tracker::open(&path).unwrap();
    assert_eq!(page(&tracker, cursor, None), (vec![], cursor));
    register(&tracker, "ed");
    let (third, _) = drain(&tracker, cursor, 2);
    assert_eq!(third.len(), 1);
    assert!(third[0] > cursor);
    let (all, _) = drain(&tracker, 0, 2);
    assert_eq!(all, [first, second, third].concat());
    assert!(strictly_increasing(&all));
}
