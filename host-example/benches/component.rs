//! Benchmarks of the components against the engine run natively.
fn main() {}
