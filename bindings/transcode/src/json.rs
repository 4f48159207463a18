//! A [`Node`] as the engine's JSON document, and back.

use licence_core::operations::Bytes;
use serde_json::{Map, Number, Value};

use crate::Error;
use crate::node::{Node, snake};

/// The engine's JSON document for a node of a WIT value: dates and periods
/// as text, cases in snake_case, options as their value or `null`, bytes
/// as base64.
pub(crate) fn to_json(node: Node) -> Result<Value, Error> {
    if let Some(text) = node.as_engine_text() {
        return Ok(Value::String(text?));
    }
    Ok(match node {
        Node::Unit | Node::None => Value::Null,
        Node::Bool(v) => Value::Bool(v),
        Node::Int(v) => v.into(),
        Node::Uint(v) => v.into(),
        Node::Float(v) => Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| Error(format!("`{v}` is not a finite number")))?,
        Node::Str(v) => Value::String(v),
        Node::Bytes(v) => serde_json::to_value(Bytes(v)).map_err(|e| Error(e.to_string()))?,
        Node::Some(v) => to_json(*v)?,
        Node::Seq(items) => Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?),
        Node::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| match key {
                    Node::Str(key) => Ok((key, to_json(value)?)),
                    other => Err(Error(format!("a map key that is {}", other.kind()))),
                })
                .collect::<Result<Map<_, _>, Error>>()?,
        ),
        // A field named after a keyword (`type_`) is the document's key
        // without the `_`.
        Node::Struct(_, fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| {
                    let key = key.strip_suffix('_').unwrap_or(key);
                    Ok((key.to_owned(), to_json(value)?))
                })
                .collect::<Result<Map<_, _>, Error>>()?,
        ),
        Node::Variant(name, data) => match *data {
            Node::Unit => Value::String(snake(name)),
            data => {
                let mut case = Map::new();
                case.insert(snake(name), to_json(data)?);
                Value::Object(case)
            }
        },
    })
}

/// The node of an engine JSON document.
pub(crate) fn from_json(value: Value) -> Node {
    match value {
        Value::Null => Node::None,
        Value::Bool(v) => Node::Bool(v),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(v), _, _) => Node::Uint(v),
            (None, Some(v), _) => Node::Int(v),
            (None, None, Some(v)) => Node::Float(v),
            _ => Node::None,
        },
        Value::String(v) => Node::Str(v),
        Value::Array(items) => Node::Seq(items.into_iter().map(from_json).collect()),
        Value::Object(entries) => Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Node::Str(k), from_json(v)))
                .collect(),
        ),
    }
}
