//! Benchmarks of expiry rules; run by `make bench`.

fn main() {}
