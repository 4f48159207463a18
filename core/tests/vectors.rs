//! Runs the shared conformance vectors (`tests/vectors/*.json`) against core.
//!
//! A vector file holds `cases`, each with an `op`, an `input`, and either an
//! `expect` value or an `error` kind. `expect` matches as a subset: every key
//! it names must be present with the same value; arrays match element-wise
//! and must have the same length.

#![allow(clippy::panic, clippy::expect_used)]

mod ops;

use std::path::PathBuf;

use licence_core::Error;
use serde_json::Value;

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Where `actual` differs from the subset `expected`, as a path and reason.
fn mismatch(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            e.iter().find_map(|(key, value)| match a.get(key) {
                Some(found) => mismatch(value, found, &format!("{path}.{key}")),
                None => Some(format!("{path}.{key}: missing")),
            })
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (ev, av))| mismatch(ev, av, &format!("{path}[{i}]"))),
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn run_case(case: &Value) -> Result<(), String> {
    let op = case["op"].as_str().ok_or("case without `op`")?;
    let input = &case["input"];
    let outcome: Result<Value, Error> =
        ops::run(op, input).ok_or_else(|| format!("unknown op `{op}`"))?;
    match (outcome, case.get("expect"), case.get("error")) {
        (Ok(actual), Some(expected), None) => match mismatch(expected, &actual, "") {
            None => Ok(()),
            Some(why) => Err(format!("{why}\n  actual: {actual}")),
        },
        (Err(err), None, Some(kind)) if kind.as_str() == Some(err.kind().as_str()) => Ok(()),
        (Ok(actual), None, Some(kind)) => Err(format!("expected error {kind}, got {actual}")),
        (Err(err), _, _) => Err(format!("unexpected error {}: {err}", err.kind())),
        _ => Err("a case needs exactly one of `expect` and `error`".into()),
    }
}

#[test]
fn conformance_vectors() {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in vector_files() {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no cases", file.display()));
        for case in cases {
            count += 1;
            if let Err(why) = run_case(case) {
                let name = case["name"].as_str().unwrap_or("?");
                failures.push(format!("{} / {name}: {why}", file.display()));
            }
        }
    }
    assert!(count >= 10, "only {count} vector cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
