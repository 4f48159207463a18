//! How the JSON targets read a fuzz input: steps, each an operation and a
//! JSON document that structural edits may then change.
//!
//! An input is steps separated by a `0xFF` byte (never in UTF-8 text).
//! A step is one byte choosing the operation, the document's JSON text,
//! and optionally a `0x00` byte (never in JSON text) followed by edit
//! bytes: [`Edit`]s applied to the parsed document, so that a valid
//! document from the seeds changes shape while staying JSON. Text that is
//! not JSON goes to the door as text.

use arbitrary::{Arbitrary, Unstructured};
use licence_core::operations::Entry;
use serde_json::{Map, Value};

/// Separates the steps of an input.
pub const STEP: u8 = 0xFF;
/// Separates a step's document from its edit bytes.
pub const EDITS: u8 = 0x00;
/// The most steps of one input that run.
pub const MAX_STEPS: usize = 32;
/// The most edits of one step.
const MAX_EDITS: usize = 16;

/// A step's document: JSON, or text that is not.
#[derive(Debug)]
pub enum Document {
    /// Parsed (and edited) JSON.
    Json(Value),
    /// Text that did not parse, invalid UTF-8 replaced.
    Text(String),
}

/// One step of an input: an operation of `entries` and its document.
pub fn step(entries: &'static [Entry], bytes: &[u8]) -> (&'static Entry, Document) {
    let (choice, rest) = bytes.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
    let entry = &entries[usize::from(choice) % entries.len()];
    let (text, edits) = match rest.iter().position(|b| *b == EDITS) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let document = match serde_json::from_slice::<Value>(text) {
        Ok(mut value) => {
            let mut u = Unstructured::new(edits);
            for _ in 0..MAX_EDITS {
                match Edit::arbitrary(&mut u) {
                    Ok(edit) if !edits.is_empty() => edit.apply(&mut value),
                    _ => break,
                }
                if u.is_empty() {
                    break;
                }
            }
            Document::Json(value)
        }
        Err(_) => Document::Text(String::from_utf8_lossy(text).into_owned()),
    };
    (entry, document)
}

/// The steps of an input.
pub fn steps(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.split(|b| *b == STEP).take(MAX_STEPS)
}

/// The bytes of a step running the operation at `index` on `document`
/// (the seeds' encoding).
pub fn encode_step(index: usize, document: &Value) -> Vec<u8> {
    let mut bytes = vec![u8::try_from(index).unwrap_or(u8::MAX)];
    bytes.extend(document.to_string().into_bytes());
    bytes
}

/// A change of one node of a document, chosen by its number in a
/// depth-first walk (modulo the number of nodes).
#[derive(Debug, Arbitrary)]
struct Edit {
    node: u16,
    change: Change,
}

#[derive(Debug, Arbitrary)]
enum Change {
    /// Replaces the node with a value.
    Set(Leaf),
    /// Removes the node from its object or array.
    Remove,
    /// Replaces the node with a copy of another node.
    CopyFrom(u16),
    /// An array repeats its first element this many times; another node
    /// becomes an array of copies of itself.
    Repeat(u16),
}

#[derive(Debug, Arbitrary)]
enum Leaf {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Edge(u8),
    Text(String),
    Word(u8),
    EmptyArray,
    EmptyObject,
}

/// Numbers at the edges of the integer types the documents hold.
const EDGES: [f64; 12] = [
    0.0,
    -1.0,
    1.0,
    255.0,
    65_535.0,
    65_536.0,
    2_147_483_647.0,
    -2_147_483_648.0,
    4_294_967_295.0,
    9_007_199_254_740_993.0,
    1.8e19,
    -9.3e18,
];

/// Texts at the edges of what the documents accept: dates, periods, ids.
const WORDS: [&str; 24] = [
    "",
    " ",
    "0001-01-01",
    "9999-12-31",
    "0000-12-31",
    "2024-02-29",
    "2026-02-29",
    "2026-13-01",
    "0 days",
    "1 day",
    "3660 days",
    "3661 days",
    "10 years",
    "11 years",
    "120 months",
    "522 weeks",
    "staff",
    "candidate",
    "expired",
    "keep_good_rows",
    "=cmd|' /C calc'!A0",
    "a\u{0}b",
    "ünïcödé ✓",
    "-",
];

impl Leaf {
    fn value(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::Integer(i) => i.into(),
            Self::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            Self::Edge(i) => edge(EDGES[usize::from(i) % EDGES.len()]),
            Self::Text(text) => text.into(),
            Self::Word(i) => WORDS[usize::from(i) % WORDS.len()].into(),
            Self::EmptyArray => Value::Array(Vec::new()),
            Self::EmptyObject => Value::Object(Map::new()),
        }
    }
}

/// An edge number as an integer where it is one.
fn edge(number: f64) -> Value {
    if number.fract() == 0.0 && number >= i64::MIN as f64 && number < i64::MAX as f64 {
        (number as i64).into()
    } else if number.fract() == 0.0 && number >= 0.0 && number < u64::MAX as f64 {
        (number as u64).into()
    } else {
        serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
    }
}

/// The most elements a repeat makes: past the engine's small limits.
const MAX_REPEAT: usize = 2_000;
/// The most nodes an edit leaves in a document, to stay within a fuzz
/// run's memory and time.
const MAX_NODES: usize = 20_000;

impl Edit {
    fn apply(self, document: &mut Value) {
        let nodes = count(document);
        let target = usize::from(self.node) % nodes;
        let change = match self.change {
            Change::Set(leaf) => Some(leaf.value()),
            Change::Remove => None,
            Change::CopyFrom(other) => nth(document, usize::from(other) % nodes).cloned(),
            Change::Repeat(times) => {
                let times = usize::from(times) % MAX_REPEAT;
                nth(document, target).map(|node| match node {
                    Value::Array(items) => {
                        Value::Array(items.first().map_or(Vec::new(), |f| vec![f.clone(); times]))
                    }
                    other => Value::Array(vec![other.clone(); times]),
                })
            }
        };
        let old = nth(document, target).map_or(0, count);
        let new = change.as_ref().map_or(0, count);
        if nodes - old + new <= MAX_NODES {
            replace(document, target, change);
        }
    }
}

/// How many nodes `value` has, itself included.
fn count(value: &Value) -> usize {
    1 + children(value).map(count).sum::<usize>()
}

fn children(value: &Value) -> Box<dyn Iterator<Item = &Value> + '_> {
    match value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(map) => Box::new(map.values()),
        _ => Box::new(std::iter::empty()),
    }
}

/// The node numbered `n` in a depth-first walk of `value`.
fn nth(value: &Value, n: usize) -> Option<&Value> {
    if n == 0 {
        return Some(value);
    }
    let mut n = n - 1;
    for child in children(value) {
        let size = count(child);
        if n < size {
            return nth(child, n);
        }
        n -= size;
    }
    None
}

/// Replaces the node numbered `n` with `new`, or removes it (the root
/// becomes null).
fn replace(value: &mut Value, n: usize, new: Option<Value>) {
    if n == 0 {
        *value = new.unwrap_or(Value::Null);
        return;
    }
    let mut n = n - 1;
    let mut found = None;
    let sizes: Vec<usize> = children(value).map(count).collect();
    for (i, size) in sizes.into_iter().enumerate() {
        if n < size {
            found = Some((i, n));
            break;
        }
        n -= size;
    }
    let Some((i, n)) = found else { return };
    match (value, n, new) {
        (Value::Array(items), 0, None) => {
            items.remove(i);
        }
        (Value::Object(map), 0, None) => {
            let key = map.keys().nth(i).cloned();
            key.and_then(|key| map.remove(&key));
        }
        (Value::Array(items), _, new) => replace(&mut items[i], n, new),
        (Value::Object(map), _, new) => {
            if let Some(child) = map.values_mut().nth(i) {
                replace(child, n, new);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use licence_core::operations::RULE_OPERATIONS;
    use serde_json::json;

    #[test]
    fn a_step_without_edits_is_its_operation_and_document() {
        let document = json!({"today": "2026-03-01", "expiries": ["2026-03-02"]});
        let index = RULE_OPERATIONS.iter().position(|e| e.name == "status");
        let bytes = encode_step(index.unwrap_or_default(), &document);
        let (entry, parsed) = step(RULE_OPERATIONS, &bytes);
        assert_eq!(entry.name, "status");
        assert!(matches!(parsed, Document::Json(value) if value == document));
    }

    #[test]
    fn edits_reach_every_node() {
        let mut document = json!({"a": [1, {"b": 2}], "c": "x"});
        assert_eq!(count(&document), 6);
        assert_eq!(nth(&document, 4), Some(&json!(2)));
        replace(&mut document, 4, Some(json!("y")));
        replace(&mut document, 2, None);
        assert_eq!(document, json!({"a": [{"b": "y"}], "c": "x"}));
        replace(&mut document, 5, Some(json!(null)));
        assert_eq!(document, json!({"a": [{"b": "y"}], "c": "x"}));
    }
}
