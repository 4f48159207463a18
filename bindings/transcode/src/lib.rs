//! One generic conversion between the engine's own types and a door's
//! generated types of the same shape (the WIT bindings of the component
//! guest and of the host), so that no door converts type by type.
//!
//! [`transcode`] serializes one value into a tree and deserializes the other
//! type from it. The shapes agree field by field (a WIT record's fields are
//! the engine type's fields in kebab-case), with these rules where the two
//! spell things differently:
//!
//! - enum cases match ignoring case, `_` and `-` (`from_previous_expiry`,
//!   `FromPreviousExpiry`); a case read as text is snake_case, as in the
//!   engine's JSON;
//! - a variant with data matches the engine's externally tagged enums
//!   (`{"site": "s1"}` is `owner::site("s1")`);
//! - a `date` record (`year`, `month`, `day`) is the engine's `YYYY-MM-DD`
//!   date, and a `period` record (`amount`, `unit`) its `3 months` period;
//! - a map is a list of (key, value) pairs;
//! - bytes are a list of `u8`.
//!
//! A value that does not fit the other type is an error naming what did not
//! fit; nothing panics.

mod de;
mod node;
mod ser;

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a value could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

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

/// `value` as a `U` of the same shape.
pub fn transcode<T: Serialize + ?Sized, U: DeserializeOwned>(value: &T) -> Result<U, Error> {
    U::deserialize(node::to_node(value)?)
}

#[cfg(test)]
mod tests;
