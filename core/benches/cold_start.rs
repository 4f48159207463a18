//! Cold start on a phone-sized database, run by `make bench`: open a SQLite
//! file of 1,000 licences (its schema already current), list one holder's
//! licences with their statuses, and close it.

use std::time::{Duration, Instant};

use licence_core::tracker::{ImportMode, Tracker};
use licence_core::{Day, Error};

mod support;

use support::{Rows, TYPES, ctx};

const PEOPLE: usize = 100;
const LICENCES: usize = 1_000;
const ROUNDS: usize = 200;

/// A file with the organisation and its licences, written and closed.
fn phone_database(path: &std::path::Path, today: Day) -> Result<(), Error> {
    let tracker = Tracker::open(path)?;
    support::organisation_of(&tracker, PEOPLE)?;
    let mut csv = String::from("id,holder_id,type_id,reference,expiry\n");
    for i in 0..LICENCES {
        let (id, _, type_id, reference, expiry) = Rows::licence(i, today.number());
        let expiry = Day::from_number("expiry", expiry)?;
        csv.push_str(&format!(
            "{id},p{:06},{type_id},{reference},{expiry}\n",
            i % PEOPLE
        ));
    }
    let report = tracker.import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)?;
    assert_eq!(report.imported as usize, LICENCES);
    Ok(())
}

fn main() -> Result<(), Error> {
    let today = Day::parse("today", "2026-06-01")?;
    let dir = std::env::temp_dir().join(format!("licence-cold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::storage(e.to_string()))?;
    let path = dir.join("phone.db");
    phone_database(&path, today)?;
    let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut held = 0;
    for round in 0..ROUNDS {
        let holder = format!("p{:06}", round % PEOPLE);
        let started = Instant::now();
        let tracker = Tracker::open(&path)?;
        let licences = tracker.licences_of(&holder, today)?;
        drop(tracker);
        times.push(started.elapsed());
        held = licences.len();
    }
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "cold start: open a {LICENCES}-licence SQLite file, list one holder's {held} licences ({} types) with their statuses, close: median {:.2} ms, fastest {:.2} ms, slowest {:.2} ms ({ROUNDS} rounds)",
        TYPES.len(),
        ms(times[ROUNDS / 2]),
        ms(times[0]),
        ms(times[ROUNDS - 1]),
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
