//! Benchmarks of custody rules; run by `make bench`.
//!
//! Rights for 1,000,000 (licence, party) pairs in one batch call: the best of
//! a few rounds, in pairs per second.

use std::hint::black_box;
use std::time::{Duration, Instant};

use licence_core::custody::{Rights, RightsQuery, rights_into};

const PAIRS: usize = 1_000_000;
const ROUNDS: usize = 7;
const SITES: u32 = 50;

/// A deterministic mix: a tenth deleted, the rest owned by the candidate or
/// one of the sites, asked about by the candidate or any site.
fn queries() -> Vec<RightsQuery> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 32) as u32
    };
    (0..PAIRS)
        .map(|_| {
            let roll = next();
            let owner = match roll % 10 {
                0 => RightsQuery::DELETED,
                1..=5 => RightsQuery::CANDIDATE,
                _ => 1 + next() % SITES,
            };
            RightsQuery {
                owner,
                party: next() % (SITES + 1),
                shared: (roll >> 8) & 1,
            }
        })
        .collect()
}

fn main() {
    let queries = queries();
    let mut out = vec![Rights::NONE; queries.len()];
    let mut best = Duration::MAX;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let result = rights_into(black_box(&queries), black_box(&mut out));
        best = best.min(start.elapsed());
        if let Err(e) = result {
            eprintln!("custody: {e}");
            std::process::exit(1);
        }
        black_box(&out);
    }
    let viewers = out.iter().filter(|r| r.contains(Rights::VIEW)).count();
    let seconds = best.as_secs_f64();
    println!(
        "custody: rights for {PAIRS} pairs: {:.2} ms, {:.1} M pairs/s ({viewers} may view)",
        seconds * 1e3,
        PAIRS as f64 / seconds / 1e6,
    );
}
