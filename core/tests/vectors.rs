//! Runs the shared conformance vectors (`tests/vectors/*.json`) against core.
//!
//! A vector file holds `cases`, each with an `op`, an `input`, and either an
//! `expect` value or an `error` kind. `expect` matches as a subset: every key
//! it names must be present with the same value; arrays match element-wise
//! and must have the same length.
//!
//! The op `tracker` is a scenario: `input.steps` is a list of tracker
//! operations, each with its own `expect` or `error`, run in order against a
//! fresh tracker on each store (memory and SQLite).

#![allow(clippy::panic, clippy::expect_used)]

use std::path::PathBuf;

use licence_core::operations::{execute, execute_tracker};
use licence_core::store::memory::MemoryStore;
use licence_core::store::sqlite::SqliteStore;
use licence_core::tracker::Tracker;
use licence_testkit::conformance::{cases, check};
use serde_json::Value;

fn trackers() -> Vec<(&'static str, Tracker)> {
    let sqlite = SqliteStore::open_in_memory().expect("sqlite store");
    vec![
        ("memory", Tracker::new(Box::new(MemoryStore::new()))),
        ("sqlite", Tracker::new(Box::new(sqlite))),
    ]
}

fn run_case(case: &Value) -> Result<(), String> {
    let op = case["op"].as_str().ok_or("case without `op`")?;
    let input = &case["input"];
    if op != "tracker" {
        return check(execute(op, input), case);
    }
    let steps = input["steps"]
        .as_array()
        .ok_or("a tracker case needs `steps`")?;
    for (store, tracker) in trackers() {
        for (i, step) in steps.iter().enumerate() {
            let step_op = step["op"].as_str().ok_or("step without `op`")?;
            let outcome = execute_tracker(&tracker, step_op, &step["input"]);
            check(outcome, step)
                .map_err(|why| format!("{store} store, step {i} `{step_op}`: {why}"))?;
        }
    }
    Ok(())
}

#[test]
fn conformance_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let cases = cases(&dir).expect("the vector files");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(file, case)| {
            let name = case["name"].as_str().unwrap_or("?");
            run_case(case)
                .err()
                .map(|why| format!("{file} / {name}: {why}"))
        })
        .collect();
    assert!(
        cases.len() >= 100,
        "only {} vector cases found",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
