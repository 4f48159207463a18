//! A database written by an earlier schema opens and keeps its data.
//!
//! `fixtures/v2.sql` is a dump of a schema-2 database (the demo scenario
//! for twelve people, plus settings and attachments), and
//! `fixtures/v2-answers.json` holds what the schema-2 engine answered to
//! reads of every kind of record in it. Opening the dump with this build
//! migrates it; every read must answer exactly as before, and the
//! migrated database must take writes that continue its history.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use licence_core::operations::execute_tracker;
use licence_core::tracker::Tracker;
use serde_json::{Value, json};

const DUMP: &str = include_str!("fixtures/v2.sql");
const ANSWERS: &str = include_str!("fixtures/v2-answers.json");
const TODAY: &str = "2026-06-01";

/// A fresh schema-2 database named `name`.
fn database(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("licence-migration-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::remove_file(&path).ok();
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.execute_batch(DUMP).unwrap();
    path
}

fn call(tracker: &Tracker, op: &str, input: Value) -> Value {
    execute_tracker(tracker, op, &input).unwrap_or_else(|e| panic!("{op} {input}: {e}"))
}

/// The `field` of each item in the list under `key`.
fn ids(list: &Value, key: &str, field: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

/// Reads of every kind of record, keyed by what they read.
fn reads(tracker: &Tracker) -> Value {
    let mut answers = serde_json::Map::new();
    let mut read = |key: String, op: &str, input: Value| {
        answers.insert(key, call(tracker, op, input));
    };
    let people = call(tracker, "people", json!({}));
    let licences = call(
        tracker,
        "licences",
        json!({"query": {"include_superseded": true, "include_deleted": true}}),
    );
    for op in ["settings", "licence_types", "courses", "rules", "sites"] {
        read(op.into(), op, json!({}));
    }
    read("seats".into(), "seats", json!({}));
    for id in ids(&people, "people", "id") {
        read(format!("person {id}"), "person", json!({"id": id}));
        read(
            format!("licences_of {id}"),
            "licences_of",
            json!({"holder_id": id, "today": TODAY}),
        );
        read(
            format!("audit of {id}"),
            "audit",
            json!({"query": {"person": {"id": id}}}),
        );
        read(
            format!("associations {id}"),
            "associations",
            json!({"candidate_id": id}),
        );
    }
    for licence in licences["licences"].as_array().unwrap() {
        let id = licence["licence"]["id"].as_str().unwrap().to_owned();
        let attachments = call(tracker, "attachments", json!({"licence_id": id}));
        for attachment in ids(&attachments, "attachments", "id") {
            read(
                format!("attachment {attachment}"),
                "attachment",
                json!({"id": attachment}),
            );
        }
        read(
            format!("audit {id}"),
            "audit",
            json!({"query": {"record": {"kind": "licence", "id": id}}}),
        );
        read(
            format!("attachments {id}"),
            "attachments",
            json!({"licence_id": id}),
        );
        read(
            format!("acknowledgements {id}"),
            "acknowledgements",
            json!({"licence_id": id}),
        );
    }
    for sort in ["expiry", "holder", "type", "status"] {
        for descending in [false, true] {
            read(
                format!("overview {sort} {descending}"),
                "overview",
                json!({"today": TODAY, "query": {"sort": sort, "descending": descending, "limit": 25}}),
            );
        }
    }
    read(
        "overview filtered".into(),
        "overview",
        json!({"today": TODAY, "query": {"filter": {"statuses": ["expiring", "expired"], "location": "Leeds"}}}),
    );
    read(
        "status_counts".into(),
        "status_counts",
        json!({"today": TODAY}),
    );
    for today in [TODAY, "2026-06-20", "2026-09-01"] {
        read(
            format!("due_reminders {today}"),
            "due_reminders",
            json!({"today": today}),
        );
        read(
            format!("digests {today}"),
            "digests",
            json!({"today": today}),
        );
    }
    read("export_csv".into(), "export_csv", json!({"today": TODAY}));
    answers.insert("people".into(), people);
    answers.insert("licences".into(), licences);
    Value::Object(answers)
}

/// `answer` without the custom field values (`"fields": {}`) that records
/// and rows carry since custom fields came, empty for migrated records, and
/// without the `"next_offset": null` of a listing's last page, and without the
/// defaults of what came later: licences' `"approval": "approved"`, people's
/// `"positions": []` and types' `"requires_approval": false`.
fn without_empty_fields(answer: Value) -> Value {
    match answer {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, value)| {
                    !(key == "fields" && *value == json!({})
                        || key == "next_offset" && value.is_null()
                        || key == "approval" && *value == json!("approved")
                        || key == "positions" && *value == json!([])
                        || key == "requires_approval" && *value == json!(false))
                })
                .map(|(key, value)| (key, without_empty_fields(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_empty_fields).collect()),
        other => other,
    }
}

#[test]
fn a_schema_2_database_answers_as_before() {
    let tracker = Tracker::open(database("answers.db")).unwrap();
    let answers: Value = serde_json::from_str(ANSWERS).unwrap();
    let now = without_empty_fields(reads(&tracker));
    for (key, expected) in answers.as_object().unwrap() {
        assert_eq!(now.get(key), Some(expected), "{key}");
    }
    assert_eq!(
        now.as_object().unwrap().len(),
        answers.as_object().unwrap().len()
    );
}

#[test]
fn a_migrated_database_continues_its_history() {
    let path = database("history.db");
    let ctx = json!({"actor": "admin", "at": 1_780_000_000});
    {
        let tracker = Tracker::open(&path).unwrap();
        let people = call(&tracker, "people", json!({}));
        let last = ids(&people, "people", "id")
            .into_iter()
            .flat_map(|id| {
                let entries = call(&tracker, "audit", json!({"query": {"person": {"id": id}}}));
                entries["entries"].as_array().unwrap().clone()
            })
            .filter_map(|entry| entry["seq"].as_u64())
            .max()
            .unwrap();
        call(
            &tracker,
            "register_person",
            json!({"ctx": ctx, "person": {"id": "late", "name": "Late Joiner", "registered_on": TODAY, "location": "Leeds"}}),
        );
        let after = call(
            &tracker,
            "audit",
            json!({"query": {"person": {"id": "late"}}}),
        );
        assert_eq!(after["entries"][0]["seq"].as_u64(), Some(last + 1));
    }
    let reopened = Tracker::open(&path).unwrap();
    assert_eq!(
        call(&reopened, "person", json!({"id": "late"}))["name"],
        json!("Late Joiner")
    );
}

#[test]
fn a_schema_3_database_gets_a_numbered_audit_log() {
    let path = database("v3.db");
    let before = reads(&Tracker::open(&path).unwrap());
    // The same records as schema 3 kept them: audit ids as 20-digit text.
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE audit_text (id TEXT PRIMARY KEY, document BLOB NOT NULL, \
                 record_kind TEXT, record_id TEXT, person_id TEXT); \
                 INSERT INTO audit_text SELECT printf('%020d', id), document, record_kind, \
                 record_id, person_id FROM audit; \
                 DROP TABLE audit; ALTER TABLE audit_text RENAME TO audit; \
                 PRAGMA user_version = 3;",
            )
            .unwrap();
    }
    let tracker = Tracker::open(&path).unwrap();
    assert_eq!(reads(&tracker), before);
    let ctx = json!({"actor": "admin", "at": 1_780_000_000});
    call(
        &tracker,
        "register_person",
        json!({"ctx": ctx, "person": {"id": "late", "name": "Late Joiner", "registered_on": TODAY}}),
    );
    drop(tracker);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let (version, text_ids, entries, last): (u32, u64, u64, i64) = connection
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT COUNT(*) FROM audit WHERE typeof(id) != 'integer'), \
             (SELECT COUNT(*) FROM audit), (SELECT MAX(id) FROM audit)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .unwrap();
    assert_eq!((version, text_ids), (5, 0));
    assert_eq!(
        last as u64, entries,
        "the log is numbered 1, 2, 3, … without gaps"
    );
    let indexes: u64 = connection
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
}

#[test]
fn a_schema_4_database_gets_its_places_folded() {
    let path = database("v4.db");
    let before = reads(&Tracker::open(&path).unwrap());
    // Schema 4 keyed locations and departments as the host sent them.
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "UPDATE people SET location = 'Leeds' WHERE location = 'leeds'; \
                 UPDATE people SET department = 'Warehouse' WHERE department = 'warehouse'; \
                 UPDATE licences SET holder_location = 'Leeds' WHERE holder_location = 'leeds'; \
                 PRAGMA user_version = 4;",
            )
            .unwrap();
        let unfolded: u64 = connection
            .query_row(
                "SELECT COUNT(*) FROM people WHERE location = 'Leeds'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(unfolded > 0);
    }
    let tracker = Tracker::open(&path).unwrap();
    assert_eq!(reads(&tracker), before);
    let leeds = call(&tracker, "people", json!({"query": {"location": " LEEDS"}}));
    let everyone = call(&tracker, "people", json!({}));
    let at_leeds: Vec<&Value> = everyone["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["location"] == "Leeds")
        .collect();
    assert_eq!(leeds["people"].as_array().unwrap().len(), at_leeds.len());
    let overview = call(
        &tracker,
        "overview",
        json!({"today": TODAY, "query": {"filter": {"location": "leeds", "department": " WAREHOUSE"}}}),
    );
    assert!(!overview["rows"].as_array().unwrap().is_empty());
    drop(tracker);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let (version, unfolded): (u32, u64) = connection
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT COUNT(*) FROM people WHERE location != lower(trim(location))) + \
             (SELECT COUNT(*) FROM licences WHERE holder_department != lower(trim(holder_department)))",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, unfolded), (5, 0));
}
