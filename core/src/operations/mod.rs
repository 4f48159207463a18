//! The engine's operations by name, with JSON documents in and out: the one
//! door that every binding can pass records through without a type of its
//! own for each, and that the conformance vectors drive.
//!
//! [`execute`] runs the pure rules; [`execute_tracker`] runs a tracker's
//! operations. Inputs and outputs are the serde forms of the core types:
//! dates `YYYY-MM-DD`, periods such as `"3 months"`, enums in snake_case.
//! A malformed document is an invalid-input error naming what is wrong.

mod allocation;
pub mod conformance;
mod custody;
mod expiry;
mod tracker;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};

pub use tracker::{TRACKER_OPERATIONS, execute_tracker};

/// The names of the pure rule operations.
pub const RULE_OPERATIONS: &[&str] = &[
    "status",
    "due_reminders",
    "digests",
    "trigger_date",
    "renewal",
    "custody",
    "rights",
    "purge",
    "eligible",
    "allocate",
    "matching_rules",
    "register",
    "backfill",
    "complete_course",
    "recertify",
];

/// Runs the pure rule operation `op` on `input`.
pub fn execute(op: &str, input: &Value) -> Result<Value> {
    expiry::run(op, input)
        .or_else(|| custody::run(op, input))
        .or_else(|| allocation::run(op, input))
        .unwrap_or_else(|| Err(unknown(op)))
}

/// [`execute`] or [`execute_tracker`] with the documents as JSON text.
pub fn execute_text(
    op: &str,
    input: &str,
    run: impl FnOnce(&str, &Value) -> Result<Value>,
) -> Result<String> {
    let input: Value = if input.trim().is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_str(input)
            .map_err(|e| Error::invalid("input", format!("is not JSON: {e}")))?
    };
    let output = run(op, &input)?;
    serde_json::to_string(&output).map_err(|e| Error::storage(format!("encoding the output: {e}")))
}

fn unknown(op: &str) -> Error {
    Error::invalid("op", format!("`{op}` is not an operation"))
}

/// Decodes an operation's input document.
pub(crate) fn decode<T: DeserializeOwned>(input: &Value) -> Result<T> {
    T::deserialize(input).map_err(|e| Error::invalid("input", e.to_string()))
}

/// Encodes an operation's output document.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::storage(format!("encoding the output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::Tracker;

    fn is_unknown(result: &Result<Value>) -> bool {
        matches!(result, Err(Error::InvalidInput { field, .. }) if field == "op")
    }

    #[test]
    fn every_listed_operation_is_known_and_no_other() {
        let empty = Value::Object(serde_json::Map::new());
        for op in RULE_OPERATIONS {
            assert!(!is_unknown(&execute(op, &empty)), "{op}");
        }
        let tracker = Tracker::in_memory();
        for op in TRACKER_OPERATIONS {
            assert!(!is_unknown(&execute_tracker(&tracker, op, &empty)), "{op}");
        }
        assert!(is_unknown(&execute("no_such_op", &empty)));
        assert!(is_unknown(&execute_tracker(&tracker, "no_such_op", &empty)));
    }

    #[test]
    fn text_documents_are_checked() {
        let status = execute_text(
            "status",
            r#"{"today":"2026-03-01","expiries":["2026-03-02"]}"#,
            execute,
        );
        assert_eq!(
            status.ok().as_deref(),
            Some(r#"{"results":[{"days_left":1,"status":"expiring"}]}"#)
        );
        let bad = execute_text("status", "{not json", execute)
            .err()
            .map(|e| e.kind());
        assert_eq!(bad, Some(crate::ErrorKind::InvalidInput));
    }
}
