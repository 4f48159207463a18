//! The Rust side of `make bench`'s uniffi comparison: the engine's batch
//! status call for 100,000 licences, the same batch the Kotlin bench passes
//! through the binding. Prints `rust_ns <median nanoseconds per call>`.

use std::hint::black_box;
use std::time::Instant;

use licence_core::expiry::{Expiry, Window, evaluate_all};
use licence_core::{Day, Result};

/// Licences in the batch; the Kotlin bench uses the same number and pattern.
const LICENCES: i32 = 100_000;
const RUNS: usize = 200;

fn main() -> Result<()> {
    let today = Day::parse("today", "2026-02-01")?;
    let expiries: Vec<Expiry> = (0..LICENCES)
        .map(|i| match i % 10 {
            0 => Expiry::NEVER,
            _ => Expiry(today.number() - 400 + (i * 7919) % 1500),
        })
        .collect();
    let window = Window::default();
    for _ in 0..RUNS / 4 {
        black_box(evaluate_all(black_box(&expiries), today, window)?);
    }
    let mut times: Vec<u128> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        black_box(evaluate_all(black_box(&expiries), today, window)?);
        times.push(start.elapsed().as_nanos());
    }
    times.sort_unstable();
    println!("rust_ns {}", times[RUNS / 2]);
    Ok(())
}
