//! The checked-in JSON Schema is the one the registry makes. `make schema`
//! (`UPDATE_SCHEMA=1 cargo test -p licence-core --test schema`) rewrites it.

#![allow(clippy::expect_used, clippy::panic)]

use std::path::Path;

use licence_core::operations::{TRACKER_OPERATIONS, execute, execute_tracker, operations, schema};
use licence_core::tracker::Tracker;
use licence_testkit::conformance::cases;
use serde_json::Value;

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../schema/operations.schema.json"
);

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

/// A validator of the definition `$ref` points at, inside the whole
/// document (so its references resolve).
fn validator(document: &Value, reference: &Value) -> jsonschema::Validator {
    let mut schema = document.clone();
    if let Some(root) = schema.as_object_mut() {
        root.remove("operations");
        root.remove("$id");
        if let Some(reference) = reference.get("$ref") {
            root.insert("$ref".into(), reference.clone());
        } else {
            root.insert("type".into(), reference["type"].clone());
        }
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema")
}

fn check(document: &Value, door: &str, op: &str, side: &str, instance: &Value) -> Option<String> {
    let reference = &document["operations"][door][op][side];
    if reference.is_null() {
        return Some(format!("`{op}` is not a {door} operation"));
    }
    let errors: Vec<String> = validator(document, reference)
        .iter_errors(instance)
        .map(|e| format!("{} at `{}`", e, e.instance_path()))
        .collect();
    (!errors.is_empty()).then(|| format!("{op} {side}: {}", errors.join("; ")))
}

/// Every vector that succeeds has an input and an output that the schema
/// accepts: the schema describes the documents the JSON door takes and
/// gives.
#[test]
fn conformance_vectors_agree_with_the_schema() {
    let document = schema::document();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, case) in cases(&dir).expect("the vector files") {
        let name = case["name"].as_str().unwrap_or("?");
        let op = case["op"].as_str().unwrap_or_default();
        if op != "tracker" {
            if case.get("expect").is_some() {
                let output = execute(op, &case["input"]).expect("a succeeding case");
                failures.extend(check(&document, "rules", op, "input", &case["input"]));
                failures.extend(check(&document, "rules", op, "output", &output));
                checked += 1;
            }
            continue;
        }
        let tracker = Tracker::in_memory();
        for step in case["input"]["steps"].as_array().into_iter().flatten() {
            let op = step["op"].as_str().unwrap_or_default();
            let outcome = execute_tracker(&tracker, op, &step["input"]);
            if let (Some(_), Ok(output)) = (step.get("expect"), outcome) {
                let at = |why: String| format!("{file} / {name}: {why}");
                let input = check(&document, "tracker", op, "input", &step["input"]);
                failures.extend(input.map(at));
                failures.extend(check(&document, "tracker", op, "output", &output).map(at));
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 200, "only {checked} documents checked");
    // And it refuses what the door refuses.
    let bad = [
        (
            "status",
            serde_json::json!({"today": "1 March", "expiries": []}),
        ),
        ("status", serde_json::json!({"expiries": []})),
        (
            "trigger_date",
            serde_json::json!({"expiry": "2026-05-31", "lead": "3 fortnights"}),
        ),
    ];
    for (op, input) in bad {
        assert!(execute(op, &input).is_err(), "{op} {input}");
        assert!(
            check(&document, "rules", op, "input", &input).is_some(),
            "{op} {input}"
        );
    }
}
