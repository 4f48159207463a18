//! Dispatch of vector ops to core, one module per rule area.

mod allocation;
mod custody;
mod expiry;

use licence_core::Error;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Runs `op` on `input`, or `None` when no area knows the op.
pub fn run(op: &str, input: &Value) -> Option<Result<Value, Error>> {
    expiry::run(op, input)
        .or_else(|| custody::run(op, input))
        .or_else(|| allocation::run(op, input))
}

/// Decodes a vector's input; a decoding failure is reported as invalid input,
/// the way a binding rejects a malformed record.
pub fn decode<T: DeserializeOwned>(input: &Value) -> Result<T, Error> {
    serde_json::from_value(input.clone()).map_err(|e| Error::invalid("input", e.to_string()))
}

/// Encodes an output value.
pub fn encode<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::invalid("output", e.to_string()))
}
