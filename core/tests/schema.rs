//! The checked-in JSON Schema is the one the registry makes. `make schema`
//! (`UPDATE_SCHEMA=1 cargo test -p licence-core --test schema`) rewrites it.

#![allow(clippy::expect_used, clippy::panic)]

use std::path::Path;

use licence_core::operations::{TRACKER_OPERATIONS, operations, schema};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/operations.schema.json");

#[test]
fn checked_in_schema_is_current() {
    let text = schema::text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(PATH, &text).expect("write the schema");
    }
    let current = std::fs::read_to_string(Path::new(PATH)).unwrap_or_default();
    assert!(
        current == text,
        "schema/operations.schema.json is stale: run `make schema`"
    );
}

#[test]
fn every_operation_has_its_input_and_output_in_the_schema() {
    let document = schema::document();
    for entry in operations() {
        let door = if TRACKER_OPERATIONS.iter().any(|e| std::ptr::eq(e, entry)) {
            "tracker"
        } else {
            "rules"
        };
        let operation = &document["operations"][door][entry.name];
        for side in ["input", "output"] {
            let reference = operation[side]["$ref"].as_str();
            if let Some(name) = reference.and_then(|r| r.strip_prefix("#/$defs/")) {
                assert!(
                    document["$defs"].get(name).is_some(),
                    "{}: {side} `{name}` is not defined",
                    entry.name
                );
            } else {
                // Only `()` (null) is inlined.
                assert_eq!(operation[side]["type"], "null", "{}: {side}", entry.name);
            }
        }
    }
}
