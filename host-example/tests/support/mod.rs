//! Shared by the host's tests: where the components are, a runtime with
//! the compiled-code cache, and the conformance vectors.
//!
//! The components are built by `make wasm` into `target/components` (or the
//! folder `LICENCE_COMPONENTS` names). The tests that need them are marked
//! `#[ignore]` so that a plain `cargo test` reports them as ignored rather
//! than passed; `make test-wasm` builds the components and runs them with
//! `--include-ignored`.

#![allow(dead_code, clippy::panic, clippy::expect_used)]

use std::path::PathBuf;

use licence_host::Failure;
use licence_host::{Limits, Runtime};
use licence_testkit::conformance::{self, cases};
use serde_json::Value;

/// The folder of the built components.
pub fn components_dir() -> PathBuf {
    std::env::var_os("LICENCE_COMPONENTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/components"))
}

/// The path of component `name` (`rules` or `tracker`); fails when it was
/// not built.
pub fn component(name: &str) -> PathBuf {
    let path = components_dir().join(format!("licence-{name}.wasm"));
    assert!(
        path.exists(),
        "{} is missing: run `make wasm`",
        path.display()
    );
    path
}

/// A runtime with `limits` and the shared compiled-code cache.
pub fn runtime(limits: Limits) -> Runtime {
    Runtime::new(limits, Some(components_dir().join("cache"))).expect("wasmtime engine")
}

/// Every case of every vector file, with the file's name.
pub fn vector_cases() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    cases(&dir).expect("the vector files")
}

/// Compares an outcome with a case's (or step's) `expect` or `error`; a
/// call that did not end with the engine's answer is an internal error.
pub fn check(outcome: Result<Value, Failure>, case: &Value) -> Result<(), String> {
    let outcome = outcome.map_err(|failure| match failure {
        Failure::Engine(err) => err,
        other => licence_core::Error::internal(other.to_string()),
    });
    conformance::check(outcome, case)
}

/// The default limits.
pub fn default_limits() -> Limits {
    Limits::default()
}
