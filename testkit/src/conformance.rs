//! How the conformance vectors (`tests/vectors/*.json`) are read and
//! compared, for the Rust runners of every door (core, the wasmtime host,
//! uniffi's typed methods).
//!
//! A vector file holds `cases: [{name, op, input, expect | error}]`. An
//! `expect` document matches an actual one as a subset: every key it names
//! must be present with a matching value; arrays match element by element
//! and must have the same length; other values must be equal.

use std::path::Path;

use serde_json::Value;

use licence_core::error::{Error, Result};

/// Where `actual` differs from the subset `expected`, as a path and reason;
/// `None` when it matches.
pub fn mismatch(expected: &Value, actual: &Value) -> Option<String> {
    mismatch_at(expected, actual, "")
}

fn mismatch_at(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            e.iter().find_map(|(key, value)| match a.get(key) {
                Some(found) => mismatch_at(value, found, &format!("{path}.{key}")),
                None => Some(format!("{path}.{key}: missing")),
            })
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (ev, av))| mismatch_at(ev, av, &format!("{path}[{i}]"))),
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Compares an outcome with a case's (or a scenario step's) `expect` or
/// `error`: the reason they differ, if they do.
pub fn check(outcome: Result<Value>, case: &Value) -> std::result::Result<(), String> {
    match (outcome, case.get("expect"), case.get("error")) {
        (Ok(actual), Some(expected), None) => match mismatch(expected, &actual) {
            None => Ok(()),
            Some(why) => Err(format!("{why}\n  actual: {actual}")),
        },
        (Err(err), None, Some(kind)) if kind.as_str() == Some(err.kind().as_str()) => Ok(()),
        (Ok(actual), None, Some(kind)) => Err(format!("expected error {kind}, got {actual}")),
        (Err(err), _, _) => Err(format!("unexpected error {}: {err}", err.kind())),
        _ => Err("a case needs exactly one of `expect` and `error`".into()),
    }
}

/// Every case of every `*.json` vector file in `dir` (files in name order),
/// each with its file's name.
pub fn cases(dir: &Path) -> Result<Vec<(String, Value)>> {
    let unreadable = |e: std::io::Error| Error::storage(format!("reading {}: {e}", dir.display()));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|x| x == "json") {
            files.push(path);
        }
    }
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file).map_err(unreadable)?;
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| Error::invalid(name.clone(), format!("is not JSON: {e}")))?;
        let listed = doc["cases"]
            .as_array()
            .ok_or_else(|| Error::invalid(name.clone(), "has no `cases` list"))?;
        cases.extend(listed.iter().map(|case| (name.clone(), case.clone())));
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_matching() {
        let actual = json!({"a": 1, "b": [{"x": 1, "y": 2}], "c": null});
        assert_eq!(mismatch(&json!({"b": [{"y": 2}]}), &actual), None);
        assert_eq!(
            mismatch(&json!({"a": 2}), &actual).as_deref(),
            Some(".a: expected 2, got 1")
        );
        assert_eq!(
            mismatch(&json!({"d": 1}), &actual).as_deref(),
            Some(".d: missing")
        );
        assert_eq!(
            mismatch(&json!({"b": []}), &actual).as_deref(),
            Some(r#".b: expected [], got [{"x":1,"y":2}]"#)
        );
        assert_eq!(mismatch(&json!({"c": null}), &actual), None);
    }
}
