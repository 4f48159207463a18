//! Stored documents keep their layout.
//!
//! A packed document finds fields by position (`store::document`), so a
//! field moved, removed or inserted before the end of a stored record type
//! would read old documents wrongly. `fixtures/documents.json` holds one
//! packed document per collection, written by the build that introduced
//! it, with the record it was written from; each must still read as that
//! record (fields appended since, with their defaults, are allowed). The
//! file is only ever added to: `UPDATE_DOCUMENTS=1` adds a sample for a
//! collection that has none, taken from the schema-2 fixture database.

#![allow(clippy::unwrap_used, clippy::panic)]

use licence_core::allocation::Rule;
use licence_core::audit::AuditEntry;
use licence_core::custody::Association;
use licence_core::model::{Attachment, Course, LicenceType, Person, Seat, Site};
use licence_core::settings::Settings;
use licence_core::store::collections::{ALL, ATTACHMENT_CONTENTS};
use licence_core::store::document::decode;
use licence_core::store::{AcknowledgementRecord, LicenceRecord};
use licence_core::tracker::Tracker;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

const SAMPLES: &str = "tests/fixtures/documents.json";

/// The record a document of `collection` holds, as JSON.
fn read(collection: &str, document: &[u8]) -> licence_core::Result<Value> {
    fn as_json<T: DeserializeOwned + Serialize>(document: &[u8]) -> licence_core::Result<Value> {
        Ok(serde_json::to_value(decode::<T>(document)?).unwrap())
    }
    match collection {
        "settings" => as_json::<Settings>(document),
        "people" => as_json::<Person>(document),
        "licence_types" => as_json::<LicenceType>(document),
        "licences" => as_json::<LicenceRecord>(document),
        "acknowledgements" => as_json::<Vec<AcknowledgementRecord>>(document),
        "attachments" => as_json::<Attachment>(document),
        "courses" => as_json::<Course>(document),
        "seats" => as_json::<Seat>(document),
        "rules" => as_json::<Rule>(document),
        "sites" => as_json::<Site>(document),
        "associations" => as_json::<Vec<Association>>(document),
        "audit" => as_json::<AuditEntry>(document),
        other => panic!("no record type for the collection `{other}`: add it here"),
    }
}

/// Whether `actual` holds everything `expected` does (objects may have
/// gained fields).
fn holds(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|a| holds(a, v)))
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(a, e)| holds(a, e))
        }
        _ => actual == expected,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn samples() -> Map<String, Value> {
    match std::fs::read_to_string(SAMPLES) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(_) => Map::new(),
    }
}

/// Adds a sample for each collection without one, from the schema-2
/// fixture database opened (and so migrated and packed) by this build.
fn add_missing(samples: &mut Map<String, Value>) {
    let dir = std::env::temp_dir().join(format!("licence-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("samples.db");
    std::fs::remove_file(&path).ok();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(include_str!("fixtures/v2.sql"))
        .unwrap();
    drop(Tracker::open(&path).unwrap());
    let connection = rusqlite::Connection::open(&path).unwrap();
    for collection in ALL.iter().filter(|c| c.name != ATTACHMENT_CONTENTS.name) {
        if samples.contains_key(collection.name) {
            continue;
        }
        let document: Option<Vec<u8>> = connection
            .query_row(
                &format!(
                    "SELECT document FROM \"{}\" ORDER BY length(document) DESC LIMIT 1",
                    collection.name
                ),
                [],
                |row| row.get(0),
            )
            .ok();
        if let Some(document) = document {
            let record = read(collection.name, &document).unwrap();
            samples.insert(
                collection.name.into(),
                json!({"packed": hex(&document), "record": record}),
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn packed_documents_of_earlier_builds_read_as_written() {
    let mut samples = samples();
    if std::env::var_os("UPDATE_DOCUMENTS").is_some() {
        add_missing(&mut samples);
        std::fs::write(
            SAMPLES,
            serde_json::to_string_pretty(&samples).unwrap() + "\n",
        )
        .unwrap();
    }
    for (collection, sample) in &samples {
        let document = unhex(sample["packed"].as_str().unwrap());
        let record = read(collection, &document).unwrap_or_else(|e| {
            panic!("a stored {collection} document no longer reads: {e}; a stored type may only gain fields at its end, with #[serde(default)]")
        });
        assert!(
            holds(&record, &sample["record"]),
            "a stored {collection} document reads differently: a field moved, or was removed or inserted\n now: {record}\n was: {}",
            sample["record"]
        );
    }
    let missing: Vec<&str> = ALL
        .iter()
        .map(|c| c.name)
        .filter(|name| *name != ATTACHMENT_CONTENTS.name && !samples.contains_key(*name))
        .collect();
    assert!(
        missing.is_empty(),
        "collections without a sample document: {missing:?} (UPDATE_DOCUMENTS=1 adds them)"
    );
}
