//! The tree a value passes through, and the names both sides agree on.

use serde::Serialize;

use crate::Error;

/// A serialized value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `()`, a unit struct, or nothing.
    Unit,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    Uint(u64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Str(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// An absent option.
    None,
    /// A present option.
    Some(Box<Node>),
    /// A sequence or tuple.
    Seq(Vec<Node>),
    /// A map.
    Map(Vec<(Node, Node)>),
    /// A struct, with its type's name.
    Struct(&'static str, Vec<(&'static str, Node)>),
    /// An enum case and its data (`Unit` for none).
    Variant(&'static str, Box<Node>),
}

/// The tree of `value`.
pub(crate) fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, Error> {
    value.serialize(crate::ser::NodeSerializer)
}

/// The name of a WIT `date` record in the generated bindings.
pub(crate) const DATE: &str = "Date";
/// The name of a WIT `period` record in the generated bindings.
pub(crate) const PERIOD: &str = "Period";

/// A name compared ignoring case, `_` and `-`.
pub(crate) fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `FromPreviousExpiry` as `from_previous_expiry`; snake_case stays.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}
