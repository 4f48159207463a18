//! The tracker on PostgreSQL next to SQLite, run by `make bench-postgres`
//! (which starts a throwaway server and sets LICENCE_TEST_POSTGRES; without
//! it the bench says so and measures nothing):
//!
//! - import of 1,000,000 licences from CSV, against a bare `COPY` of the
//!   same rows into the same table;
//! - the reminders due on one date in steady state, against the same
//!   hand-written query on PostgreSQL, and against the tracker on SQLite;
//! - the first overview page and one registration, PostgreSQL vs SQLite;
//! - registrations per second from 4 workers at once against 1.
//!
//! The test server runs with fsync off: the figures compare the engine with
//! the database's floor, not disks.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use licence_core::report::{OverviewFilter, OverviewQuery};
use licence_core::store::postgres::PostgresStore;
use licence_core::store::sqlite::SqliteStore;
use licence_core::tracker::{ImportMode, Tracker};
use licence_core::{Day, Error, Status};

mod support;

use support::{LICENCES, Rows, ctx, fastest, steady_state};

fn failed(e: postgres::Error) -> Error {
    Error::storage(e.to_string())
}

/// `COPY` of the licences the import writes, as the bare floor: each row's
/// document and the key columns the engine fills.
fn bare_copy(server: &str, schema: &str, today: Day) -> Result<Duration, Error> {
    let mut client = postgres::Client::connect(server, postgres::NoTls).map_err(failed)?;
    let started = Instant::now();
    let mut writer = client
        .copy_in(&format!(
            "COPY {schema}.licences (id, document, holder_id, type_id, current, superseded, \
             deleted, expiry, next_reminder, holder_active, holder_name, holder_location, \
             holder_department, type_name) FROM STDIN"
        ))
        .map_err(failed)?;
    let mut line = Vec::new();
    for i in 0..LICENCES {
        let (record, columns) = support::bare_record(i, today)?;
        let document = serde_json::to_vec(&record).map_err(|e| Error::storage(e.to_string()))?;
        line.clear();
        write!(line, "{}\t\\\\x", record.licence.id).map_err(|e| Error::storage(e.to_string()))?;
        for byte in document {
            write!(line, "{byte:02x}").map_err(|e| Error::storage(e.to_string()))?;
        }
        writeln!(
            line,
            "\t{}\t{}\t1\t0\t0\t{}\t{}\t1\t{}\t{}\t{}\t{}",
            record.licence.holder_id,
            record.licence.type_id,
            columns.expiry,
            columns.next_reminder,
            columns.holder_name,
            columns.location,
            columns.department,
            columns.type_name,
        )
        .map_err(|e| Error::storage(e.to_string()))?;
        writer
            .write_all(&line)
            .map_err(|e| Error::storage(e.to_string()))?;
    }
    writer.finish().map_err(failed)?;
    Ok(started.elapsed())
}

/// The hand-written query of a day's reminders: the same rows the tracker
/// reads, with their holders.
fn hand_written_due(
    client: &mut postgres::Client,
    statement: &postgres::Statement,
    bounds: &[i64; 4],
) -> Result<usize, Error> {
    let bounds: Vec<&(dyn postgres::types::ToSql + Sync)> = bounds
        .iter()
        .map(|b| b as &(dyn postgres::types::ToSql + Sync))
        .collect();
    let rows = client.query(statement, &bounds).map_err(failed)?;
    for row in &rows {
        std::hint::black_box((
            row.get::<_, &str>(0),
            row.get::<_, &[u8]>(1),
            row.get::<_, &[u8]>(2),
        ));
    }
    Ok(rows.len())
}

/// What the tracker answers on one database, each the fastest of a few
/// rounds: reminders due, the first overview page, one registration.
struct Reads {
    due: Duration,
    due_count: usize,
    page: Duration,
    register: Duration,
}

fn reads(tracker: &Tracker, today: Day) -> Result<Reads, Error> {
    let (due, reminders) = fastest(10, || tracker.due_reminders(today))?;
    let query = OverviewQuery {
        filter: OverviewFilter {
            statuses: vec![Status::Expiring],
            ..OverviewFilter::default()
        },
        ..OverviewQuery::default()
    };
    let (page, _) = fastest(10, || tracker.overview(&query, today))?;
    let (register, _) = fastest(1, || {
        tracker.register_person(&ctx(), &support::new_person(today))
    })?;
    Ok(Reads {
        due,
        due_count: reminders.len(),
        page,
        register,
    })
}

/// Registrations per second from `workers` trackers at once, for `time`.
fn throughput(url: &str, workers: usize, time: Duration) -> Result<f64, Error> {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..workers)
        .map(|w| {
            let (done, stop, url) = (done.clone(), stop.clone(), url.to_owned());
            std::thread::spawn(move || -> Result<(), Error> {
                let tracker = Tracker::open(&url)?;
                let today = Day::parse("today", "2026-06-01")?;
                let mut person = support::new_person(today);
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    person.id = format!("w{workers}-{w}-{n}");
                    tracker.register_person(&ctx(), &person)?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(time);
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread
            .join()
            .map_err(|_| Error::internal("a worker panicked"))??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / time.as_secs_f64())
}

fn main() -> Result<(), Error> {
    let Ok(server) = std::env::var("LICENCE_TEST_POSTGRES") else {
        println!(
            "postgres: LICENCE_TEST_POSTGRES is not set (`make bench-postgres` starts a server); nothing measured"
        );
        return Ok(());
    };
    let today = Day::parse("today", "2026-06-01")?;
    let schema = "bench";
    let url = format!("{server}?schema={schema}");

    let mut store = PostgresStore::open(&url)?;
    store.clear()?;
    let tracker = Tracker::new(Box::new(store));
    support::organisation(&tracker)?;
    let copy = bare_copy(&server, schema, today)?;
    PostgresStore::open(&url)?.execute_batch("TRUNCATE licences")?;
    let started = Instant::now();
    let report = tracker.import_licences_csv(&ctx(), Rows::new(today), ImportMode::AllOrNothing)?;
    let import = started.elapsed();
    assert_eq!(report.imported as usize, LICENCES);
    println!(
        "postgres: import {LICENCES} licences from CSV: {:.2} s ({:.0}/s); bare COPY {:.2} s; ratio {:.2}x",
        import.as_secs_f64(),
        LICENCES as f64 / import.as_secs_f64(),
        copy.as_secs_f64(),
        import.as_secs_f64() / copy.as_secs_f64(),
    );
    steady_state(&mut PostgresStore::open(&url)?, today)?;
    // What autovacuum does after a bulk load: statistics and the visibility
    // map that index-only counts read.
    let mut client = postgres::Client::connect(&server, postgres::NoTls).map_err(failed)?;
    client
        .batch_execute(&format!("VACUUM ANALYZE {schema}.licences"))
        .map_err(failed)?;
    let postgres = reads(&tracker, today)?;

    let bounds = support::hand_written_due_bounds(today)?;
    let statement = client
        .prepare(&support::hand_written_due_sql(&format!("{schema}.")))
        .map_err(failed)?;
    let (sql, rows) = fastest(10, || hand_written_due(&mut client, &statement, &bounds))?;

    let dir = std::env::temp_dir().join(format!("licence-bench-pg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::storage(e.to_string()))?;
    let path = dir.join("tracker.db");
    let sqlite = Tracker::open(&path)?;
    support::organisation(&sqlite)?;
    sqlite.import_licences_csv(&ctx(), Rows::new(today), ImportMode::AllOrNothing)?;
    drop(sqlite);
    steady_state(&mut SqliteStore::open(&path)?, today)?;
    let sqlite = reads(&Tracker::open(&path)?, today)?;
    std::fs::remove_dir_all(&dir).ok();

    println!(
        "postgres: reminders due on {today} ({} due): {:.2} ms; hand-written query {:.2} ms ({rows} rows), ratio {:.2}x; SQLite {:.2} ms, PostgreSQL/SQLite {:.2}x",
        postgres.due_count,
        postgres.due.as_secs_f64() * 1e3,
        sql.as_secs_f64() * 1e3,
        postgres.due.as_secs_f64() / sql.as_secs_f64(),
        sqlite.due.as_secs_f64() * 1e3,
        postgres.due.as_secs_f64() / sqlite.due.as_secs_f64(),
    );
    assert_eq!(postgres.due_count, sqlite.due_count);
    println!(
        "postgres: first overview page: {:.2} ms; SQLite {:.2} ms, PostgreSQL/SQLite {:.2}x",
        postgres.page.as_secs_f64() * 1e3,
        sqlite.page.as_secs_f64() * 1e3,
        postgres.page.as_secs_f64() / sqlite.page.as_secs_f64(),
    );
    println!(
        "postgres: one registration on that database: {:.2} ms; SQLite {:.2} ms, PostgreSQL/SQLite {:.2}x",
        postgres.register.as_secs_f64() * 1e3,
        sqlite.register.as_secs_f64() * 1e3,
        postgres.register.as_secs_f64() / sqlite.register.as_secs_f64(),
    );
    drop(tracker);
    let one = throughput(&url, 1, Duration::from_secs(3))?;
    let four = throughput(&url, 4, Duration::from_secs(3))?;
    println!(
        "postgres: registrations per second, 4 workers at once: {four:.0}; 1 worker: {one:.0}; ratio {:.2}x",
        four / one
    );
    Ok(())
}
