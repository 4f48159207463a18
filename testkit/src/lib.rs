//! What the engine's tests, benchmarks, demos and generated files share,
//! kept out of the engine's public API: the conformance-vector reader and
//! matcher that every Rust runner uses (core, the wasmtime host), a
//! realistic sample organisation with the demo scenario, the writer of the
//! typed WIT made from the registry of operations, and the writer of the
//! uniffi records made from that WIT.

pub mod conformance;
pub mod sample;
pub mod uniffi;
pub mod wit;
