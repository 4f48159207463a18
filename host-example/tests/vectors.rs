//! The whole conformance suite (`tests/vectors/*.json`) through both
//! components: rule cases through the `rules` component's typed functions
//! and its `execute` (and the status cases also through the typed batch
//! call), tracker scenarios through the `tracker` component's typed
//! methods with a fresh SQLite store per case.

#![allow(clippy::panic, clippy::expect_used)]

mod support;

use licence_core::store::sqlite::SqliteStore;
use licence_core::{Day, Status};
use licence_host::Failure;
use licence_host::rules::{Rules, RulesComponent};
use licence_host::tracker::TrackerComponent;
use serde_json::{Value, json};

use support::{check, component, default_limits, runtime, vector_cases};

fn status_name(code: u8) -> &'static str {
    [Status::Active, Status::Expiring, Status::Expired]
        .into_iter()
        .find(|s| *s as u8 == code)
        .map_or("unknown status code", Status::as_str)
}

/// A `status` case through the typed batch call: day numbers in, records
/// out, reshaped as the JSON operation's output.
fn typed_status(rules: &mut Rules, input: &Value) -> Result<Value, Failure> {
    let day = |v: &Value| -> Result<i32, Failure> {
        let text = v.as_str().unwrap_or_default();
        Ok(Day::parse("date", text)?.number())
    };
    let today = day(&input["today"])?;
    let expiries = input["expiries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| if e.is_null() { Ok(i32::MIN) } else { day(e) })
        .collect::<Result<Vec<_>, _>>()?;
    let window = input["window_days"].as_u64().map_or(90, |w| w as u32);
    let answer = rules.evaluate_status(&expiries, today, window)?;
    assert_eq!(answer.days_left.len(), answer.statuses.len());
    let results: Vec<Value> = answer
        .days_left
        .iter()
        .zip(&answer.statuses)
        .map(|(days_left, status)| {
            let days_left = (*days_left != i32::MIN).then_some(*days_left);
            json!({ "status": status_name(*status), "days_left": days_left })
        })
        .collect();
    Ok(json!({ "results": results }))
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn vectors_through_both_components() {
    let (rules_path, tracker_path) = (component("rules"), component("tracker"));
    let runtime = runtime(default_limits());
    let (rules, _) = RulesComponent::load(&runtime, &rules_path).expect("rules component");
    let (tracker, _) = TrackerComponent::load(&runtime, &tracker_path).expect("tracker component");
    let mut rules = rules.instantiate().expect("rules instance");

    let mut failures = Vec::new();
    let (mut rule_cases, mut typed_cases, mut scenarios, mut steps) = (0, 0, 0, 0);
    for (file, case) in vector_cases() {
        let name = format!("{file} / {}", case["name"].as_str().unwrap_or("?"));
        let op = case["op"].as_str().expect("case op");
        let input = &case["input"];
        if op != "tracker" {
            rule_cases += 1;
            if let Err(why) = check(rules.call_typed(op, input), &case) {
                failures.push(format!("{name} (typed): {why}"));
            }
            if let Err(why) = check(rules.execute_json(op, input), &case) {
                failures.push(format!("{name} (execute): {why}"));
            }
            // Status inputs with malformed dates never reach the typed call:
            // day numbers cannot be malformed.
            let typed_input = input["today"]
                .as_str()
                .is_some_and(|t| Day::parse("t", t).is_ok());
            if op == "status" && typed_input {
                typed_cases += 1;
                if let Err(why) = check(typed_status(&mut rules, input), &case) {
                    failures.push(format!("{name} (evaluate-status): {why}"));
                }
            }
            continue;
        }
        scenarios += 1;
        let store = SqliteStore::open_in_memory().expect("sqlite store");
        let mut instance = tracker.open(Box::new(store)).expect("tracker instance");
        for (i, step) in input["steps"].as_array().into_iter().flatten().enumerate() {
            steps += 1;
            let step_op = step["op"].as_str().expect("step op");
            let outcome = instance.call_typed(step_op, &step["input"]);
            if let Err(why) = check(outcome, step) {
                failures.push(format!("{name}, step {i} `{step_op}`: {why}"));
                break;
            }
        }
    }
    eprintln!(
        "{rule_cases} rule cases ({typed_cases} also typed), {scenarios} tracker scenarios with {steps} steps"
    );
    assert!(rule_cases >= 50, "only {rule_cases} rule cases");
    assert!(typed_cases >= 3, "only {typed_cases} typed status cases");
    assert!(scenarios >= 5, "only {scenarios} tracker scenarios");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
