//! The demo through the reference host: the realistic scenario of the native
//! demo executed inside the `tracker` component, with the records kept by
//! this host through the component's `store` import: in a SQLite file in the
//! output folder, or in PostgreSQL with `--db postgresql://…?schema=name`.
//! The demo starts from an empty organisation: it removes the file, or
//! empties the engine's tables in that schema.
//!
//! `licence-host [--people N] [--today YYYY-MM-DD] [--out DIR] [--components DIR] [--db URL]`
//!
//! The components are read from `--components` (default
//! `target/components`, where `make wasm` writes them); their compiled code
//! is cached in its `cache` folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use licence_core::store::{self, Store};
use licence_core::{Day, Error};
use licence_host::tracker::TrackerComponent;
use licence_host::{Failure, Limits, Runtime};
use licence_testkit::sample::scenario::{self, Options};
use serde_json::Value;

fn argument(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn remove_database(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.as_os_str().to_owned();
        path.push(suffix);
        std::fs::remove_file(path).ok();
    }
}

/// The store of an empty organisation: at the PostgreSQL URL `db`, emptied,
/// or in a new SQLite file in `out_dir`.
fn open_empty(db: Option<String>, out_dir: &Path) -> Result<Box<dyn Store>, Error> {
    match db {
        Some(url) if store::is_postgres_url(&url) => {
            let mut store = store::postgres::PostgresStore::open(&url)?;
            store.clear()?;
            println!(
                "Records in PostgreSQL, schema `{}`, kept by the host",
                store.schema()
            );
            Ok(Box::new(store))
        }
        Some(path) => Err(Error::invalid(
            "--db",
            format!(
                "`{path}` is not a PostgreSQL URL (without --db the records go in a SQLite file)"
            ),
        )),
        None => {
            let database = out_dir.join("licences.db");
            remove_database(&database);
            println!("Records in {}, kept by the host", database.display());
            store::open(&database)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "usage: licence-host [--people N] [--today YYYY-MM-DD] [--out DIR] [--components DIR] [--db URL]"
        );
        return Ok(());
    }
    let today = argument(&args, "--today").unwrap_or_else(|| "2026-06-01".into());
    let today = Day::parse("--today", &today).map_err(|e| e.to_string())?;
    let people = match argument(&args, "--people") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--people: `{n}` is not a number"))?,
        None => 5_000,
    };
    let out_dir =
        PathBuf::from(argument(&args, "--out").unwrap_or_else(|| "target/demo-wasm".into()));
    let components = PathBuf::from(
        argument(&args, "--components").unwrap_or_else(|| "target/components".into()),
    );

    let runtime = Runtime::new(Limits::default(), Some(components.join("cache")))
        .map_err(|e| format!("starting wasmtime: {e:#}"))?;
    let path = components.join("licence-tracker.wasm");
    let started = Instant::now();
    let (component, compilation) = TrackerComponent::load(&runtime, &path).map_err(|e| {
        format!(
            "loading `{}` (run `make wasm` first): {e:#}",
            path.display()
        )
    })?;
    println!(
        "Tracker component {} ({compilation:?}, ready in {} ms)",
        path.display(),
        started.elapsed().as_millis()
    );

    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("creating `{}`: {e}", out_dir.display()))?;
    let store = open_empty(argument(&args, "--db"), &out_dir).map_err(|e| e.to_string())?;
    let mut tracker = component.open(store).map_err(|e| e.to_string())?;

    // A failure of the host or the sandbox is kept whole for the report;
    // the scenario itself sees engine errors only.
    let mut failure: Option<Failure> = None;
    let mut execute = |op: &str, input: &Value| -> Result<Value, Error> {
        tracker.call_typed(op, input).map_err(|f| match f {
            Failure::Engine(e) => e,
            other => {
                let e = Error::storage(other.to_string());
                failure = Some(other);
                e
            }
        })
    };
    let started = Instant::now();
    let options = Options {
        people,
        today,
        out_dir,
    };
    let outcome = scenario::run(&mut execute, &options, &mut std::io::stdout());
    match (outcome, failure) {
        (Ok(()), _) => {
            println!("\nDone in {:.1} s.", started.elapsed().as_secs_f64());
            Ok(())
        }
        (Err(_), Some(failure)) => Err(failure.to_string()),
        (Err(e), None) => Err(e.to_string()),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("licence-host: {message}");
            ExitCode::FAILURE
        }
    }
}
