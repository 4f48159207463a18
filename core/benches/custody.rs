//! Benchmarks of custody rules; run by `make bench`.

fn main() {}
