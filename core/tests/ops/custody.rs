//! Vector ops for custody.

use licence_core::Error;
use serde_json::Value;

/// Runs a custody op, or `None` for an op of another area.
pub fn run(_op: &str, _input: &Value) -> Option<Result<Value, Error>> {
    None
}
