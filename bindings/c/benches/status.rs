//! The status batch of a million licences through the C entry point
//! (`lt_status_batch`, called through its Rust symbol) against core's
//! `evaluate_into`, measured in the same run; `make bench` also times the
//! real C call from a C program (`tests/c/bench_status.c`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use licence::{ResultCode, lt_status_batch};
use licence_core::expiry::{Evaluation, Expiry, Window, evaluate_into};
use licence_core::{Day, Status};

const LICENCES: usize = 1_000_000;
const ROUNDS: usize = 25;

/// Two years back to three years ahead, one in twenty without expiry.
fn expiries(today: Day) -> Vec<Expiry> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..LICENCES)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if i % 20 == 0 {
                Expiry::NEVER
            } else {
                Expiry(today.number() - 730 + (state % 1826) as i32)
            }
        })
        .collect()
}

fn main() -> Result<(), licence_core::Error> {
    let today = Day::parse("today", "2026-03-01")?;
    let window = Window::default();
    let input = expiries(today);
    let blank = Evaluation {
        days_left: 0,
        status: Status::Active,
    };
    let mut out = vec![blank; LICENCES];
    let (mut core, mut c) = (Duration::MAX, Duration::MAX);
    // Interleaved, so that both see the same machine load.
    for _ in 0..ROUNDS {
        let start = Instant::now();
        evaluate_into(black_box(&input), today, window, &mut out)?;
        core = core.min(start.elapsed());
        black_box(&out);

        let start = Instant::now();
        // SAFETY: both arrays hold `LICENCES` records.
        let code = unsafe {
            lt_status_batch(
                black_box(input.as_ptr()),
                input.len(),
                today.number(),
                window.days(),
                out.as_mut_ptr(),
            )
        };
        c = c.min(start.elapsed());
        black_box(&out);
        if code != ResultCode::Ok {
            return Err(licence_core::Error::storage(format!(
                "the C call returned {code:?}"
            )));
        }
    }
    let per = |d: Duration| d.as_nanos() as f64 / LICENCES as f64;
    println!(
        "status batch, {LICENCES} licences, fastest of {ROUNDS}: core evaluate_into {:.2} ms ({:.2} ns/licence), lt_status_batch {:.2} ms ({:.2} ns/licence), ratio C/core {:.3}",
        core.as_secs_f64() * 1e3,
        per(core),
        c.as_secs_f64() * 1e3,
        per(c),
        c.as_secs_f64() / core.as_secs_f64()
    );
    // For `make bench`, which compares the C program's call with it.
    println!("core_ns {:.4}", per(core));
    Ok(())
}
