//! Privacy on purge and erasure (SPEC §5, §7): purging a licence blanks
//! the personal data of its earlier audit entries; erasing a person removes
//! everything they hold and blanks every entry about them, leaving one
//! entry that records the erasure — on the memory and the SQLite store.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use licence_core::ErrorKind;
use licence_core::operations::execute_tracker;
use licence_core::tracker::Tracker;
use serde_json::{Value, json};

const CTX: fn() -> Value = || json!({ "actor": "admin", "at": 1_767_225_600 });

fn run(tracker: &Tracker, op: &str, mut input: Value) -> Value {
    input["ctx"] = CTX();
    execute_tracker(tracker, op, &input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn read(tracker: &Tracker, op: &str, input: Value) -> Result<Value, ErrorKind> {
    execute_tracker(tracker, op, &input).map_err(|e| e.kind())
}

/// Ana with a forklift licence (with a file, an edit and a reminder
/// acknowledged), a seat, and a share with a site; Bo with a licence.
fn organisation(tracker: &Tracker) {
    run(
        tracker,
        "create_licence_type",
        json!({ "licence_type": { "id": "forklift", "name": "Forklift", "kind": "licence" } }),
    );
    run(
        tracker,
        "create_course",
        json!({ "course": { "id": "fk", "title": "Forklift course" } }),
    );
    run(
        tracker,
        "create_site",
        json!({ "site": { "id": "s1", "name": "Acme" } }),
    );
    for (id, name) in [("ana", "Ana López"), ("bo", "Bo Berg")] {
        let person = json!({ "id": id, "name": name, "email": format!("{id}@example.org"), "roles": ["delegate"], "registered_on": "2024-01-10", "active": true });
        run(tracker, "register_person", json!({ "person": person }));
        let licence = json!({ "id": format!("{id}-1"), "holder_id": id, "type_id": "forklift", "reference": format!("REF-{id}"), "notes": "private note", "expiry": "2026-03-01" });
        run(tracker, "record_licence", json!({ "licence": licence }));
    }
    run(
        tracker,
        "add_attachment",
        json!({ "id": "f1", "licence_id": "ana-1", "file_name": "ana-passport.jpg", "media_type": "image/jpeg", "content": "aGk=" }),
    );
    run(tracker, "delete_attachment", json!({ "id": "f1" }));
    run(
        tracker,
        "add_attachment",
        json!({ "id": "f2", "licence_id": "ana-1", "file_name": "ana-card.jpg", "media_type": "image/jpeg", "content": "aGk=" }),
    );
    let edited = json!({ "id": "ana-1", "holder_id": "ana", "type_id": "forklift", "reference": "REF-ana-2", "notes": "private note", "expiry": "2026-03-01" });
    run(tracker, "edit_licence", json!({ "licence": edited }));
    run(
        tracker,
        "acknowledge",
        json!({ "licence_id": "ana-1", "expiry": "2026-03-01", "trigger": "2026-02-01" }),
    );
    run(
        tracker,
        "allocate",
        json!({ "course_id": "fk", "person_ids": ["ana"], "today": "2026-01-05" }),
    );
    let event = |party: Value, action: Value| {
        let mut event = action;
        event["party"] = party;
        run(
            tracker,
            "custody_event",
            json!({ "candidate_id": "ana", "event": event, "on": "2026-01-06" }),
        );
    };
    event(
        json!({ "site": "s1" }),
        json!({ "action": "request", "type_id": "forklift" }),
    );
    event(
        json!("candidate"),
        json!({ "action": "share", "licence_id": "ana-1", "site_id": "s1" }),
    );
}

/// Every value the audit entries about `query` still hold.
fn values(tracker: &Tracker, query: Value) -> Vec<String> {
    let entries = read(tracker, "audit", json!({ "query": query })).unwrap();
    entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap().clone())
        .flat_map(|c| [c["old"].clone(), c["new"].clone()])
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn actions(tracker: &Tracker, query: Value) -> Vec<String> {
    let entries = read(tracker, "audit", json!({ "query": query })).unwrap();
    entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} by {}",
                e["action"].as_str().unwrap(),
                e["actor"].as_str().unwrap()
            )
        })
        .collect()
}

fn purging_blanks_the_history_of_the_licence(tracker: &Tracker) {
    organisation(tracker);
    let licence = json!({ "record": { "kind": "licence", "id": "ana-1" } });
    assert!(values(tracker, licence.clone()).contains(&"REF-ana-2".to_owned()));
    run(
        tracker,
        "update_settings",
        json!({ "settings": { "retention": { "after_expiry": "30 days" } } }),
    );
    let purged = run(tracker, "purge", json!({ "today": "2026-04-01" }));
    assert_eq!(purged["purged"].as_array().unwrap().len(), 2);
    // Who acted, when and what kind of change stay; the values go, except
    // the purge's reason.
    assert_eq!(
        actions(tracker, licence.clone()),
        [
            "record_licence by admin",
            "edit_licence by admin",
            "purge_licence by admin"
        ]
    );
    assert_eq!(values(tracker, licence), ["expired"]);
    let ana = values(tracker, json!({ "person": { "id": "ana" } }));
    for personal in [
        "REF-ana",
        "private note",
        "ana-passport.jpg",
        "ana-card.jpg",
        "2026-03-01",
    ] {
        assert!(
            !ana.iter().any(|v| v.contains(personal)),
            "{personal} kept in {ana:?}"
        );
    }
    // The person's own entries are not the licence's: they stay.
    assert!(ana.contains(&"Ana López".to_owned()), "{ana:?}");
}

fn erasing_a_person_leaves_one_entry(tracker: &Tracker) {
    organisation(tracker);
    let bo_before = (
        read(tracker, "licence", json!({ "id": "bo-1" })),
        values(tracker, json!({ "person": { "id": "bo" } })),
    );
    let erased = run(tracker, "erase_person", json!({ "id": "ana" }));
    assert_eq!(erased["licences"], 1);
    assert_eq!(erased["attachments"], 1);
    assert_eq!(erased["seats"], 1);
    assert!(erased["blanked_entries"].as_u64().unwrap() >= 8, "{erased}");
    assert_eq!(
        read(tracker, "person", json!({ "id": "ana" })),
        Err(ErrorKind::NotFound)
    );
    assert_eq!(
        read(tracker, "licence", json!({ "id": "ana-1" })),
        Err(ErrorKind::NotFound)
    );
    assert_eq!(
        read(tracker, "attachment", json!({ "id": "f2" })),
        Err(ErrorKind::NotFound)
    );
    let seats = read(tracker, "seats", json!({ "query": { "person_id": "ana" } })).unwrap();
    assert_eq!(seats["seats"], json!([]));
    assert_eq!(
        read(tracker, "associations", json!({ "candidate_id": "ana" })),
        Err(ErrorKind::NotFound)
    );
    let ana = json!({ "person": { "id": "ana" } });
    let listed = actions(tracker, ana.clone());
    assert_eq!(
        listed.last().map(String::as_str),
        Some("erase_person by admin")
    );
    assert_eq!(
        listed
            .iter()
            .filter(|a| a.starts_with("erase_person"))
            .count(),
        1
    );
    // Only the erasure's counts are left.
    assert_eq!(values(tracker, ana), ["1", "1", "1"]);
    let bo_after = (
        read(tracker, "licence", json!({ "id": "bo-1" })),
        values(tracker, json!({ "person": { "id": "bo" } })),
    );
    assert_eq!(bo_after, bo_before);
    assert_eq!(
        execute_tracker(
            tracker,
            "erase_person",
            &json!({ "id": "ana", "ctx": CTX() })
        )
        .map_err(|e| e.kind()),
        Err(ErrorKind::NotFound)
    );
    let as_candidate =
        json!({ "id": "bo", "ctx": { "actor": "bo", "at": 1, "party": "candidate" } });
    assert_eq!(
        execute_tracker(tracker, "erase_person", &as_candidate).map_err(|e| e.kind()),
        Err(ErrorKind::PermissionDenied)
    );
}

fn sqlite(name: &str, test: fn(&Tracker)) {
    let path = std::env::temp_dir().join(format!("privacy-{name}-{}.db", std::process::id()));
    test(&Tracker::open(&path).unwrap());
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
}

#[test]
fn purging_blanks_the_history_of_the_licence_in_memory() {
    purging_blanks_the_history_of_the_licence(&Tracker::in_memory());
}

#[test]
fn purging_blanks_the_history_of_the_licence_on_sqlite() {
    sqlite("purge", purging_blanks_the_history_of_the_licence);
}

#[test]
fn erasing_a_person_leaves_one_entry_in_memory() {
    erasing_a_person_leaves_one_entry(&Tracker::in_memory());
}

#[test]
fn erasing_a_person_leaves_one_entry_on_sqlite() {
    sqlite("erase", erasing_a_person_leaves_one_entry);
}
