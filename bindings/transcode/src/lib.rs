//! One generic conversion between the engine's own types and a door's
//! generated types of the same shape (the WIT bindings of the component
//! guest and of the host, uniffi's records), so that no door converts type
//! by type, and the typed call every door makes with it ([`run_rule`],
//! [`run_tracker`]).
//!
//! A WIT value is read as the engine's JSON document ([`to_engine`]) and
//! written from it ([`from_engine`]): the engine's side is exactly the
//! JSON door's (the same serde code, shared), and the WIT record is that
//! document, typed. The shapes agree field by field (a WIT record's fields
//! are the JSON document's keys in kebab-case), with these rules where the
//! two spell things differently:
//!
//! - enum cases match ignoring case, `_` and `-` (`from_previous_expiry`,
//!   `FromPreviousExpiry`); a case read as text is snake_case, as in the
//!   engine's JSON;
//! - a variant with data matches the engine's externally tagged enums
//!   (`{"site": "s1"}` is `owner::site("s1")`);
//! - a `date` record (`year`, `month`, `day`) is the engine's `YYYY-MM-DD`
//!   date, and a `period` record (`amount`, `unit`) its `3 months` period;
//! - an internally tagged enum of the engine (a rule's scope, a custody
//!   event) is one record: its tag as an enum and the other fields as
//!   options;
//! - a map is a list of (key, value) pairs;
//! - bytes are a list of `u8` (base64 in the document).
//!
//! A value that does not fit the other type is an error naming what did not
//! fit; nothing panics.

mod de;
mod json;
mod node;
mod ser;

use std::fmt;

use licence_core::operations::{RuleOperation, TrackerOperation};
use licence_core::tracker::Tracker;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a value could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub(crate) String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// The engine's input record `T` for the WIT record `input` that a caller
/// sent: a value that does not fit is the engine's invalid-input error.
pub fn input<W: Serialize + ?Sized, T: DeserializeOwned>(input: &W) -> licence_core::Result<T> {
    to_engine(input).map_err(|e| licence_core::Error::invalid("input", e.to_string()))
}

/// The WIT record `W` for the engine's `output`: a value that does not fit
/// is an internal error (the WIT and the engine disagree).
pub fn output<T: Serialize + ?Sized, W: DeserializeOwned>(output: &T) -> licence_core::Result<W> {
    from_engine(output)
        .map_err(|e| licence_core::Error::internal(format!("encoding the output: {e}")))
}

/// Runs the rule operation `I`, given as the door's typed record `input`,
/// and answers the door's typed record `O`.
pub fn run_rule<I, W, O>(input: &W) -> licence_core::Result<O>
where
    I: RuleOperation,
    W: Serialize + ?Sized,
    O: DeserializeOwned,
{
    let input: I = self::input(input)?;
    output(&input.run()?)
}

/// Runs the tracker operation `I` on `tracker`, given as the door's typed
/// record `input`, and answers the door's typed record `O`.
pub fn run_tracker<I, W, O>(tracker: &Tracker, input: &W) -> licence_core::Result<O>
where
    I: TrackerOperation,
    W: Serialize + ?Sized,
    O: DeserializeOwned,
{
    let input: I = self::input(input)?;
    answer(tracker, input)
}

/// Runs the engine's operation `op` on `tracker` and answers the door's
/// typed record `O` (for operations whose input has no field).
pub fn answer<I: TrackerOperation, O: DeserializeOwned>(
    tracker: &Tracker,
    op: I,
) -> licence_core::Result<O> {
    output(&op.run(tracker)?)
}

/// The engine's `T` for the WIT value `value`.
pub fn to_engine<W: Serialize + ?Sized, T: DeserializeOwned>(value: &W) -> Result<T, Error> {
    let document = json::to_json(node::to_node(value)?)?;
    T::deserialize(&document).map_err(|e| Error(e.to_string()))
}

/// The WIT value `W` for the engine's `value`.
pub fn from_engine<T: Serialize + ?Sized, W: DeserializeOwned>(value: &T) -> Result<W, Error> {
    let document = serde_json::to_value(value).map_err(|e| Error(e.to_string()))?;
    W::deserialize(json::from_json(document))
}

#[cfg(test)]
mod tests;
