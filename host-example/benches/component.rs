//! The components against the engine run natively, measured in one run:
//! a batch status call for 1,000,000 licences, tracker operations over a
//! SQLite file, instantiation from a pre-compiled component, and the
//! components' sizes. Needs `make wasm` first (`make bench-wasm` does it).
//!
//! `cargo bench -p licence-host`

#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use licence_core::Day;
use licence_core::expiry::{Evaluation, Expiry, Status, Window, evaluate_into};
use licence_core::operations::execute_tracker;
use licence_core::store::sqlite::SqliteStore;
use licence_core::tracker::{Context, Tracker};
use licence_host::rules::RulesComponent;
use licence_host::tracker::TrackerComponent;
use licence_host::{Limits, Runtime};
use licence_testkit::sample::organisation;
use serde_json::{Value, json};

const LICENCES: usize = 1_000_000;
const PEOPLE: usize = 2_000;

/// The fastest of `runs` timings of `f` (the least disturbed by other work).
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn ratio(component: Duration, native: Duration) -> f64 {
    component.as_secs_f64() / native.as_secs_f64().max(1e-12)
}

fn status(rules: &RulesComponent, today: Day) {
    let expiries: Vec<i32> = (0..LICENCES as i32)
        .map(|i| {
            if i % 17 == 0 {
                i32::MIN
            } else {
                today.number() - 400 + i % 1_500
            }
        })
        .collect();
    let typed: Vec<Expiry> = expiries.iter().map(|&e| Expiry(e)).collect();
    let mut out = vec![
        Evaluation {
            days_left: 0,
            status: Status::Active
        };
        LICENCES
    ];
    let native = fastest(10, || {
        evaluate_into(&typed, today, Window::default(), &mut out).expect("native status");
    });
    let mut instance = rules.instantiate().expect("rules instance");
    let mut answer = None;
    let component = fastest(10, || {
        answer = Some(
            instance
                .evaluate_status(&expiries, today.number(), 90)
                .expect("component status"),
        );
    });
    let answer = answer.expect("an answer");
    assert!(out.iter().enumerate().all(|(i, n)| {
        answer.days_left[i] == n.days_left && answer.statuses[i] == n.status as u8
    }));
    println!(
        "status of {LICENCES} licences: native {}, component {} ({:.2}x native)",
        ms(native),
        ms(component),
        ratio(component, native)
    );
}

/// A SQLite file with a sample organisation, recorded natively.
fn organisation_file(dir: &Path, today: Day) -> (PathBuf, String) {
    let path = dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
    let tracker = Tracker::open(&path).expect("sqlite tracker");
    let ctx = Context::new("bench", i64::from(today.number()) * 86_400);
    let org = organisation(PEOPLE, today, 7);
    for licence_type in &org.types {
        tracker
            .create_licence_type(&ctx, licence_type)
            .expect("type");
    }
    for person in &org.people {
        tracker.register_person(&ctx, person).expect("person");
    }
    // Renewed licences first, as they were recorded in their day; each
    // renewal then supersedes the licence it renews.
    let (old, current): (Vec<_>, Vec<_>) = org.licences.iter().partition(|l| l.is_superseded());
    for licence in old.into_iter().chain(current) {
        let mut licence = licence.clone();
        licence.superseded_by = None;
        tracker
            .record_licence(&ctx, &licence, None)
            .expect("licence");
    }
    let holder = org.licences.first().map(|l| l.holder_id.clone());
    (path, holder.unwrap_or_default())
}

fn tracker_operations(component: &TrackerComponent, today: Day) {
    let dir = std::env::temp_dir().join(format!("licence-host-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench folder");
    let (path, holder) = organisation_file(&dir, today);
    let native = Tracker::open(&path).expect("native tracker");
    let store = SqliteStore::open(&path).expect("sqlite store");
    let mut inside = component.open(Box::new(store)).expect("tracker instance");
    let day = today.to_string();
    let operations: [(&str, Value); 4] = [
        ("status_counts", json!({ "today": day })),
        (
            "overview",
            json!({ "today": day, "query": { "filter": { "statuses": ["expiring"] }, "limit": 50 } }),
        ),
        ("due_reminders", json!({ "today": day })),
        ("licences_of", json!({ "holder_id": holder, "today": day })),
    ];
    println!("tracker operations on {PEOPLE} people, records in a SQLite file:");
    for (op, input) in operations {
        let mut native_out = Value::Null;
        let native_time = fastest(20, || {
            native_out = execute_tracker(&native, op, &input).expect("native op");
        });
        let mut component_out = Value::Null;
        let component_time = fastest(20, || {
            component_out = inside.execute_json(op, &input).expect("component op");
        });
        assert_eq!(native_out, component_out, "{op}");
        let mut typed_out = Value::Null;
        let typed_time = fastest(20, || {
            typed_out = inside.call_typed(op, &input).expect("typed component op");
        });
        assert_eq!(native_out, typed_out, "{op} (typed)");
        println!(
            "  {op:<14} native {}, component by name {} ({:.2}x native), typed {} ({:.2}x native)",
            ms(native_time),
            ms(component_time),
            ratio(component_time, native_time),
            ms(typed_time),
            ratio(typed_time, native_time)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

fn instantiation(rules: &RulesComponent, tracker: &TrackerComponent) {
    const RUNS: u32 = 2_000;
    let started = Instant::now();
    for _ in 0..RUNS {
        let mut instance = rules.instantiate().expect("rules instance");
        std::hint::black_box(&mut instance);
    }
    let rules_each = started.elapsed() / RUNS;
    let started = Instant::now();
    for _ in 0..RUNS {
        let store = licence_core::store::memory::MemoryStore::new();
        let mut instance = tracker.open(Box::new(store)).expect("tracker instance");
        std::hint::black_box(&mut instance);
    }
    let tracker_each = started.elapsed() / RUNS;
    println!(
        "instantiation from the pre-compiled component (pooling allocator): rules {:.1} µs, tracker {:.1} µs with its resource",
        rules_each.as_secs_f64() * 1e6,
        tracker_each.as_secs_f64() * 1e6
    );
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/components");
    let (rules_path, tracker_path) = (
        dir.join("licence-rules.wasm"),
        dir.join("licence-tracker.wasm"),
    );
    if !rules_path.exists() || !tracker_path.exists() {
        panic!("the components are not built: run `make wasm` (or `make bench-wasm`)");
    }
    let runtime = Runtime::new(Limits::default(), Some(dir.join("cache"))).expect("engine");
    let (rules, _) = RulesComponent::load(&runtime, &rules_path).expect("rules component");
    let (tracker, _) = TrackerComponent::load(&runtime, &tracker_path).expect("tracker component");
    let today = Day::parse("today", "2026-06-01").expect("date");

    for path in [&rules_path, &tracker_path] {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        println!("{}: {} KiB", path.display(), size / 1024);
    }
    status(&rules, today);
    tracker_operations(&tracker, today);
    instantiation(&rules, &tracker);
}
