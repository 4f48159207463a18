//! Every operation of the engine, defined once: its name, its input record,
//! its output type, whether it changes records, and its doc.
//!
//! An operation's input record *is* the operation: it implements
//! [`Operation`] (and [`RuleOperation`] for the pure rules or
//! [`TrackerOperation`] for a tracker's operations), so a Rust caller runs
//! it typed (`StatusInput { .. }.run()`, `tracker.call(RegisterPersonInput
//! { .. })`). The one list of operations, [`for_each_operation!`], derives
//! the rest: the registry ([`RULE_OPERATIONS`], [`TRACKER_OPERATIONS`]), the JSON door ([`execute`],
//! [`execute_tracker`]) that C and scripting hosts use, the JSON Schema of
//! every input and output ([`schema`]), and the lists the bindings and
//! tests check themselves against.
//!
//! In the JSON documents, dates are `YYYY-MM-DD`, periods such as
//! `"3 months"`, enums in snake_case and file contents base64. A malformed
//! document is an invalid-input error naming what is wrong.
//!
//! ```
//! use licence_core::operations::{
//!     RuleOperation, StatusCountsInput, StatusInput, execute_tracker,
//! };
//! use licence_core::tracker::Tracker;
//! use licence_core::{Day, Status};
//!
//! # fn main() -> licence_core::Result<()> {
//! let today = Day::parse("today", "2026-03-01")?;
//! // A rule, typed.
//! let expiries = vec![Some(Day::parse("expiry", "2026-03-02")?), None];
//! let statuses = StatusInput { today, window_days: None, expiries }.run()?;
//! assert_eq!(statuses.results[0].status, Status::Expiring);
//! assert_eq!(statuses.results[1].days_left, None);
//!
//! // A tracker operation, typed and by name with a JSON document.
//! let tracker = Tracker::in_memory();
//! let counts = tracker.call(StatusCountsInput { filter: Default::default(), today })?;
//! assert_eq!(counts.expired, 0);
//! let same = execute_tracker(&tracker, "status_counts", &serde_json::json!({ "today": "2026-03-01" }))?;
//! assert_eq!(same["expired"], 0);
//! # Ok(())
//! # }
//! ```

mod allocation;
mod bytes;
mod custody;
mod expiry;
mod readiness;
mod registry;
pub mod schema;
mod tracker;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Failure, Result};

pub use allocation::*;
pub use bytes::Bytes;
pub use custody::*;
pub use expiry::*;
pub use readiness::*;
pub use registry::{Door, Entry, RULE_OPERATIONS, TRACKER_OPERATIONS, find, operations};
pub use tracker::*;

/// One operation: implemented by its input record.
pub trait Operation: Serialize + DeserializeOwned + schemars::JsonSchema {
    /// The operation's name, as the JSON door and the bindings know it.
    const NAME: &'static str;
    /// What the operation does (its doc comment).
    const DOC: &'static str;
    /// Whether it changes records (and so takes the acting context).
    const WRITES: bool;
    /// What it answers.
    type Output: Serialize + DeserializeOwned + schemars::JsonSchema;
}

/// A pure rule operation: needs nothing but its input.
pub trait RuleOperation: Operation {
    /// Runs the operation.
    fn run(self) -> Result<Self::Output>;
}

/// An operation of a tracker: reads or changes its records.
pub trait TrackerOperation: Operation {
    /// Runs the operation on `tracker`.
    fn run(self, tracker: &crate::tracker::Tracker) -> Result<Self::Output>;
}

/// Defines an operation's input record and its [`Operation`] impl. The doc
/// comment is the operation's doc; `writes` marks an operation that changes
/// records.
macro_rules! operation {
    (
        $(#[doc = $doc:literal])+
        pub struct $input:ident as $name:literal $(($writes:ident))? -> $output:ty {
            $($fields:tt)*
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub struct $input {
            $($fields)*
        }

        impl $crate::operations::Operation for $input {
            const NAME: &'static str = $name;
            const DOC: &'static str = concat!($($doc, "\n"),+);
            const WRITES: bool = operation!(@writes $($writes)?);
            type Output = $output;
        }
    };
    (@writes writes) => {
        true
    };
    (@writes) => {
        false
    };
}
pub(crate) use operation;

/// Runs the pure rule operation `op` on the JSON document `input`.
pub fn execute(op: &str, input: &Value) -> Result<Value> {
    match find(RULE_OPERATIONS, op).map(|entry| entry.door) {
        Some(Door::Rules(run)) => run(input),
        _ => Err(unknown(op, "rule")),
    }
}

/// Runs the tracker operation `op` on `tracker` with the JSON document
/// `input`.
pub fn execute_tracker(
    tracker: &crate::tracker::Tracker,
    op: &str,
    input: &Value,
) -> Result<Value> {
    match find(TRACKER_OPERATIONS, op).map(|entry| entry.door) {
        Some(Door::Tracker(run)) => run(tracker, input),
        _ => Err(unknown(op, "tracker")),
    }
}

/// [`execute`] or [`execute_tracker`] with the documents as JSON text; an
/// empty input is an empty object.
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
    Failure::encode("the output", &output)
}

fn unknown(op: &str, door: &str) -> Error {
    Error::invalid(
        "op",
        format!("`{}` is not a {door} operation", crate::error::echo(op)),
    )
}

/// A map read from an object or from a list of `[key, value]` pairs (as a
/// WIT `list<tuple<string, T>>` arrives).
pub(crate) fn map_or_pairs<'de, D, T>(
    deserializer: D,
) -> std::result::Result<std::collections::BTreeMap<String, T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Map(std::collections::BTreeMap<String, T>),
        Pairs(Vec<(String, T)>),
    }
    Ok(
        match <Either<T> as serde::Deserialize>::deserialize(deserializer)? {
            Either::Map(map) => map,
            Either::Pairs(pairs) => pairs.into_iter().collect(),
        },
    )
}

/// Decodes an operation's input document, as the JSON door does: a
/// document that does not fit is invalid input.
pub fn decode<T: DeserializeOwned>(input: &Value) -> Result<T> {
    T::deserialize(input).map_err(|e| Error::invalid("input", e.to_string()))
}

/// Encodes an operation's output document.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|source| {
        Failure::Encoding {
            what: "the output",
            source,
        }
        .into()
    })
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
        let tracker = Tracker::in_memory();
        for entry in RULE_OPERATIONS {
            assert!(!is_unknown(&execute(entry.name, &empty)), "{}", entry.name);
        }
        for entry in TRACKER_OPERATIONS {
            let run = execute_tracker(&tracker, entry.name, &empty);
            assert!(!is_unknown(&run), "{}", entry.name);
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
