//! Benchmarks of allocation rules; run by `make bench`.

fn main() {}
