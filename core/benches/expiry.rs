//! Benchmarks of the expiry batch calls; run by `make bench`.
//!
//! Reports throughput and ratios measured in the same run: the status batch
//! against a plain copy of the same input bytes, and the peak memory of each
//! batch call against the size of its output.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use licence_core::expiry::{Evaluation, Expiry, Window, evaluate_all, evaluate_into};
use licence_core::policy::ReminderPolicy;
use licence_core::reminders::{NOTHING_ACKNOWLEDGED, ReminderInput, Schedule, due_slots};
use licence_core::{Day, Status};

/// Counts live and peak heap bytes so a batch call's memory can be reported.
struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged and only
// updates counters.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: `ptr` was allocated by this allocator with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const LICENCES: usize = 1_000_000;
const ROUNDS: usize = 15;

/// A deterministic spread of expiries: two years back to three years ahead,
/// one in twenty without expiry.
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

/// The fastest of `ROUNDS` runs of `f`.
fn fastest(mut f: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A field of `/proc/self/status` in bytes (Linux only; 0 elsewhere).
fn proc_status_bytes(field: &str) -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

/// Peak heap bytes (allocator-counted, with reallocation in place counted as
/// growth) and peak resident bytes above the level before `f` runs.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    // Resets the kernel's peak-resident mark (VmHWM) to the current size.
    std::fs::write("/proc/self/clear_refs", "5").ok();
    let rss = proc_status_bytes("VmRSS:");
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    let heap = PEAK.load(Ordering::Relaxed) - base;
    (out, heap, proc_status_bytes("VmHWM:").saturating_sub(rss))
}

fn per_second(count: usize, time: Duration) -> f64 {
    count as f64 / time.as_secs_f64()
}

fn main() -> Result<(), licence_core::Error> {
    let today = Day::parse("today", "2026-06-01")?;
    let window = Window::default();
    let input = expiries(today);
    let mut out = vec![
        Evaluation {
            days_left: 0,
            status: Status::Active
        };
        LICENCES
    ];

    let status = fastest(|| {
        let result = evaluate_into(black_box(&input), today, window, black_box(&mut out));
        black_box(result).ok();
    });
    let mut copy = vec![Expiry(0); LICENCES];
    let copied = fastest(|| {
        black_box(&mut copy).copy_from_slice(black_box(&input));
    });
    let (all, status_heap, status_rss) = peak_during(|| evaluate_all(&input, today, window));
    let status_output = all?.len() * size_of::<Evaluation>();
    println!(
        "expiry: status for {LICENCES} licences: {:.2} ms, {:.0} M licences/s; plain copy of the input {:.2} ms; ratio {:.2}x",
        status.as_secs_f64() * 1e3,
        per_second(LICENCES, status) / 1e6,
        copied.as_secs_f64() * 1e3,
        status.as_secs_f64() / copied.as_secs_f64(),
    );
    println!(
        "expiry: status batch peak heap {status_heap} bytes, peak resident growth {status_rss} bytes, for {status_output} bytes of output"
    );

    let schedules = [Schedule::new(&ReminderPolicy::default())?];
    let reminder_input: Vec<ReminderInput> = input
        .iter()
        .map(|expiry| ReminderInput {
            expiry: *expiry,
            acknowledged_through: NOTHING_ACKNOWLEDGED,
            schedule: 0,
            flags: 0,
        })
        .collect();
    let mut due_count = 0;
    let reminders = fastest(|| {
        let due = due_slots(black_box(&reminder_input), &schedules, today);
        due_count = due.map_or(0, |d| d.len());
    });
    let (due, due_heap, due_rss) = peak_during(|| due_slots(&reminder_input, &schedules, today));
    let due = due?;
    println!(
        "reminders: due on one date for {LICENCES} licences (four leads, weekly after expiry): {:.2} ms, {:.1} M licences/s, {due_count} due",
        reminders.as_secs_f64() * 1e3,
        per_second(LICENCES, reminders) / 1e6,
    );
    println!(
        "reminders: batch peak heap {due_heap} bytes (address space, grown in place), peak resident growth {due_rss} bytes, for {} bytes of output",
        std::mem::size_of_val(due.as_slice()),
    );
    Ok(())
}
