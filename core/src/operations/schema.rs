//! The JSON Schema of every operation's input and output, made from the
//! registry: one document that a host calling the JSON door (C, PHP, .NET,
//! Python) can validate against and generate types from. It is checked in
//! as `schema/operations.schema.json`.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::{Entry, RULE_OPERATIONS, TRACKER_OPERATIONS};

/// The schema document: every operation under `operations.rules` or
/// `operations.tracker` with its doc, whether it writes, and references to
/// its input and output under `$defs`.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut door = |entries: &[Entry]| -> Value {
        let operations: Map<String, Value> = entries
            .iter()
            .map(|entry| {
                let input = (entry.input)(&mut generator);
                let output = (entry.output)(&mut generator);
                let operation = json!({
                    "description": entry.doc_lines().collect::<Vec<_>>().join(" "),
                    "writes": entry.writes,
                    "input": input,
                    "output": output,
                });
                (entry.name.to_owned(), operation)
            })
            .collect();
        Value::Object(operations)
    };
    let rules = door(RULE_OPERATIONS);
    let tracker = door(TRACKER_OPERATIONS);
    let definitions: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:licence-engine:operations",
        "title": "Licence tracking engine operations",
        "description": "The input and output documents of every operation of the JSON door (`lt_execute`, `lt_tracker_execute`, `execute`, `execute_tracker`). Each operation's `input` and `output` refer to a definition under `$defs`. Dates are `YYYY-MM-DD`, periods such as `3 months`, enums snake_case, file contents base64.",
        "operations": { "rules": rules, "tracker": tracker },
        "$defs": definitions,
    })
}

/// The schema document as the checked-in text (pretty, with a final
/// newline).
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
