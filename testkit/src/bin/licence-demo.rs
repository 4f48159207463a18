//! The engine on its embedded default: a SQLite file holding a realistic
//! organisation, run through the demo scenario (import, allocation rules,
//! custody, dashboard, reminders and digests, CSV and .xlsx exports).
//!
//! `cargo run -p licence-testkit --bin licence-demo -- [--today YYYY-MM-DD] [--people N] [--out DIR]`

use std::path::PathBuf;
use std::time::Instant;

use licence_core::operations::execute_tracker;
use licence_core::tracker::Tracker;
use licence_core::{Day, Error};
use licence_testkit::sample::scenario::{self, Options};

fn argument(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let today = Day::parse(
        "--today",
        &argument(&args, "--today").unwrap_or_else(|| "2026-06-01".into()),
    )?;
    let people = match argument(&args, "--people") {
        Some(n) => n
            .parse()
            .map_err(|_| Error::invalid("--people", format!("`{n}` is not a number")))?,
        None => 5_000,
    };
    let out_dir = PathBuf::from(argument(&args, "--out").unwrap_or_else(|| "target/demo".into()));
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::storage(e.to_string()))?;
    let database = out_dir.join("licences.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.clone().into_os_string();
        path.push(suffix);
        std::fs::remove_file(path).ok();
    }
    println!("Records in {}", database.display());
    let tracker = Tracker::open(&database)?;
    let started = Instant::now();
    let options = Options {
        people,
        today,
        out_dir,
    };
    scenario::run(
        &mut |op, input| execute_tracker(&tracker, op, input),
        &options,
        &mut std::io::stdout(),
    )?;
    println!("\nDone in {:.1} s.", started.elapsed().as_secs_f64());
    Ok(())
}
