//! Reference wasmtime host of the licence tracking engine.
fn main() {}
