//! The JSON Schema of every operation's input and output, made from the one
//! list of operations: one document that a host calling the JSON door (C,
//! PHP, .NET, Python) can validate against and generate types from. It is
//! checked in as `schema/operations.schema.json`.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::*;

/// Each operation's entry of the document: doc, whether it writes, and
/// references to its input and output.
type Documented = (&'static str, Value);

fn describe<T: Operation>(generator: &mut SchemaGenerator) -> Documented {
    let input = generator.subschema_for::<T>();
    let output = generator.subschema_for::<T::Output>();
    let description: Vec<&str> = super::registry::doc_lines(T::DOC).collect();
    let operation = json!({
        "description": description.join("\n"),
        "writes": T::WRITES,
        "input": input,
        "output": output,
    });
    (T::NAME, operation)
}

macro_rules! described {
    (
        rules { $($rule:ident: $rule_input:ident => $rule_output:ty,)* }
        tracker { $($op:ident: $input:ident => $output:ty,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:ty,)* }
    ) => {
        /// The rule operations' and the tracker operations' entries.
        fn described(generator: &mut SchemaGenerator) -> (Vec<Documented>, Vec<Documented>) {
            (
                vec![$(describe::<$rule_input>(generator),)*],
                vec![
                    $(describe::<$input>(generator),)*
                    $(describe::<$bare_input>(generator),)*
                ],
            )
        }
    };
}
crate::for_each_operation!(described);

/// The schema document: every operation under `operations.rules` or
/// `operations.tracker` with its doc, whether it writes, and references to
/// its input and output under `$defs`.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let (rules, tracker) = described(&mut generator);
    let object = |entries: Vec<Documented>| {
        Value::Object(
            entries
                .into_iter()
                .map(|(name, operation)| (name.to_owned(), operation))
                .collect(),
        )
    };
    let definitions: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:licence-engine:operations",
        "title": "Licence tracking engine operations",
        "description": "The input and output documents of every operation of the JSON door (`lt_execute`, `lt_tracker_execute`, `execute`, `execute_tracker`). Each operation's `input` and `output` refer to a definition under `$defs`. Dates are `YYYY-MM-DD`, periods such as `3 months`, enums snake_case, file contents base64.",
        "operations": { "rules": object(rules), "tracker": object(tracker) },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_that_write_take_the_acting_context() {
        let document = document();
        for (door, entries) in [("rules", RULE_OPERATIONS), ("tracker", TRACKER_OPERATIONS)] {
            for entry in entries {
                let input = &document["operations"][door][entry.name]["input"]["$ref"];
                let name = input.as_str().and_then(|r| r.rsplit('/').next());
                let definition = &document["$defs"][name.unwrap_or_default()];
                let takes_ctx = definition.pointer("/properties/ctx").is_some();
                assert_eq!(
                    takes_ctx,
                    entry.writes && door == "tracker",
                    "`{}`: writes {} but takes ctx {takes_ctx}",
                    entry.name,
                    entry.writes
                );
            }
        }
    }
}
