//! What the engine's tests, benchmarks and demos share, kept out of the
//! engine's public API: the conformance-vector reader and matcher that every
//! Rust runner uses (core, the wasmtime host), and a realistic sample
//! organisation with the demo scenario.

pub mod conformance;
pub mod sample;
