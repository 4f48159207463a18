//! The whole conformance suite (`tests/vectors/*.json`) through the typed
//! uniffi calls: each case's JSON input is read as the engine's input,
//! given to the typed method (of `Rules`, or of a fresh `Tracker` for each
//! scenario) as its uniffi record, and the uniffi answer is read back as
//! the engine's output and compared. The dispatcher by operation name is
//! made from the engine's list of operations. Kotlin and Python run the
//! same files through the foreign side of these methods.

#![allow(clippy::panic, clippy::expect_used)]

use std::path::PathBuf;

use licence_core::operations::{self, Operation};
use licence_testkit::conformance::{cases, check};
use licence_uniffi::{LicenceError, Rules, Tracker, records};
use serde_json::Value;

/// The uniffi record `W` of the engine's input.
fn record<I: Operation, W: serde::de::DeserializeOwned>(input: &I) -> W {
    licence_transcode::from_engine(input).expect("every engine input has its record")
}

/// The engine's JSON output for the uniffi answer `O` of operation `I`.
fn answer<I: Operation, O: serde::Serialize>(output: &O) -> Value {
    let engine: I::Output =
        licence_transcode::to_engine(output).expect("every record answer is an engine output");
    serde_json::to_value(&engine).expect("an output encodes")
}

macro_rules! dispatch {
    (
        rules { $($rule:ident: $rule_input:ident => $rule_output:ident,)* }
        tracker { $($name:ident: $input:ident => $output:tt,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:ident,)* }
    ) => {
        /// Runs the rule operation `op` through its typed method.
        fn rule(rules: &Rules, op: &str, input: &Value) -> Result<Value, LicenceError> {
            match op {
                $(stringify!($rule) => {
                    let input = operations::decode::<operations::$rule_input>(input)?;
                    let output = rules.$rule(record::<_, records::$rule_input>(&input))?;
                    Ok(answer::<operations::$rule_input, _>(&output))
                })*
                // No such operation: refused as the JSON door refuses it.
                other => Err(licence_uniffi::execute(other.into(), input.to_string())
                    .expect_err("an unknown operation fails")),
            }
        }

        /// Runs the tracker operation `op` through its typed method.
        fn tracker(tracker: &Tracker, op: &str, input: &Value) -> Result<Value, LicenceError> {
            match op {
                $(stringify!($name) => {
                    let input = operations::decode::<operations::$input>(input)?;
                    let output = tracker.$name(record::<_, records::$input>(&input))?;
                    Ok(answer::<operations::$input, _>(&output))
                })*
                $(stringify!($bare) => {
                    operations::decode::<operations::$bare_input>(input)?;
                    let output = tracker.$bare()?;
                    Ok(answer::<operations::$bare_input, _>(&output))
                })*
                // No such operation: refused as the JSON door refuses it.
                other => Err(tracker
                    .execute(other.into(), input.to_string())
                    .expect_err("an unknown operation fails")),
            }
        }
    };
}
licence_core::for_each_operation!(dispatch);

#[test]
fn vectors_through_the_typed_methods() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let rules = Rules::new();
    let mut failures = Vec::new();
    let (mut rule_cases, mut scenarios) = (0, 0);
    for (file, case) in cases(&dir).expect("the vector files") {
        let name = format!("{file} / {}", case["name"].as_str().unwrap_or("?"));
        let op = case["op"].as_str().expect("case op");
        if op != "tracker" {
            rule_cases += 1;
            if let Err(why) = check(rule(&rules, op, &case["input"]).map_err(Into::into), &case) {
                failures.push(format!("{name}: {why}"));
            }
            continue;
        }
        scenarios += 1;
        let instance = Tracker::in_memory().expect("a tracker");
        for (i, step) in case["input"]["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let step_op = step["op"].as_str().expect("step op");
            if let Err(why) = check(
                tracker(&instance, step_op, &step["input"]).map_err(Into::into),
                step,
            ) {
                failures.push(format!("{name}, step {i} `{step_op}`: {why}"));
                break;
            }
        }
    }
    assert!(rule_cases >= 50, "only {rule_cases} rule cases");
    assert!(scenarios >= 5, "only {scenarios} tracker scenarios");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
