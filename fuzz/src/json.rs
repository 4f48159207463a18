//! The JSON door: every rule operation, and sequences of tracker operations
//! on a tracker in memory.

use licence_core::Result;
use licence_core::operations::{
    Entry, RULE_OPERATIONS, TRACKER_OPERATIONS, execute, execute_text, execute_tracker,
};
use serde_json::Value;

use crate::document::{Document, step, steps};
use crate::store::Shared;
use crate::{bug, check_error};

/// Rule operations through [`execute`] (or [`execute_text`] for a document
/// that is not JSON). Invariants: no panic; a failure is not internal.
pub fn json_rules(data: &[u8]) {
    for bytes in steps(data) {
        let (entry, document) = step(RULE_OPERATIONS, bytes);
        if let Err(error) = run(entry, document, execute) {
            check_error(entry.name, &error);
        }
    }
}

/// A sequence of tracker operations through the JSON door on one tracker
/// in memory. Invariants: no panic; a failure is not internal; an
/// operation that fails, or only reads, leaves every stored record as it
/// was.
pub fn json_tracker(data: &[u8]) {
    let (tracker, store) = Shared::tracker();
    for bytes in steps(data) {
        let (entry, document) = step(TRACKER_OPERATIONS, bytes);
        let before = store.snapshot();
        let result = run(entry, document, |op, input| {
            execute_tracker(&tracker, op, input)
        });
        if let Err(error) = &result {
            check_error(entry.name, error);
        }
        if (result.is_err() || !entry.writes) && store.snapshot() != before {
            let outcome = result.map(|_| "succeeded").unwrap_or("failed");
            bug(&format!("`{}` {outcome} and changed the store", entry.name));
        }
    }
}

/// Runs `entry` on `document` through `door`; text goes through
/// [`execute_text`].
fn run(
    entry: &Entry,
    document: Document,
    door: impl FnOnce(&str, &Value) -> Result<Value>,
) -> Result<()> {
    match document {
        Document::Json(value) => door(entry.name, &value).map(drop),
        Document::Text(text) => execute_text(entry.name, &text, door).map(drop),
    }
}
