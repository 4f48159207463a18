//! Benchmarks of the tracker on its SQLite store; run by `make bench`.
//!
//! - import of 1,000,000 licences from CSV, streamed, against a bare
//!   prepared-statement INSERT loop into the same schema, in one run, and
//!   the same loop into the licences table with only its primary key, each
//!   other index then built on its own;
//! - the reminders due on one date on that database, against the
//!   equivalent hand-written SQL on the same file;
//! - the first overview page (50 rows, one filter);
//! - readiness on that database: 30 requirements of mixed scopes, a third
//!   of the people holding a position; the first page of the readiness
//!   matrix (50 people) and the counts of the whole organisation;
//! - then 100,000 more licences with a custom field, imported against as
//!   many without one, and the first overview page filtered by the field;
//! - one small write on a fresh file with each durability, FULL against
//!   NORMAL.
//!
//! With `KEEP_BENCH_DB` set, the databases are kept for profiling. With
//! `TRACKER_BENCH=readiness`, only the import and the readiness figures
//! are measured (the bare loops, the custom field and the durability
//! figures are left out).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use licence_core::fields::{FieldDefinition, FieldTarget, FieldType, FieldValue};
use licence_core::model::Role;
use licence_core::readiness::{Requirement, RequirementScope};
use licence_core::report::OverviewQuery;
use licence_core::report::{FieldFilter, OverviewFilter};
use licence_core::store::sqlite::SqliteStore;
use licence_core::store::{Durability, OpenOptions, Page, PeopleQuery, Records, Store};
use licence_core::tracker::{ImportMode, ReadinessFilter, Tracker};
use licence_core::{Day, Error, Status};
use rusqlite::params;

mod support;

use support::{LICENCES, PEOPLE, Rows, TYPES, ctx, fastest, steady_state};

fn fresh(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::remove_file(name).ok();
    }
}

/// Resident memory now, in bytes (Linux; 0 elsewhere).
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

fn peak_resident() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

/// A tracker on a fresh file with the people and types the licences need.
fn organisation(path: &Path) -> Result<Tracker, Error> {
    fresh(path);
    let tracker = Tracker::open(path)?;
    support::organisation(&tracker)?;
    Ok(tracker)
}

/// A bare prepared-statement INSERT loop of the same rows into the same
/// schema: each licence's document and the key columns the engine writes.
/// With `primary_key_only`, the licences table's other indexes are dropped
/// first and built again after the loop, each timed: what each index costs.
fn bare_insert(
    path: &Path,
    today: Day,
    primary_key_only: bool,
) -> Result<(Duration, Vec<(String, Duration)>), Error> {
    drop(organisation(path)?);
    let store = SqliteStore::open(path)?;
    let connection = store.connection();
    let failed = |e: rusqlite::Error| Error::storage(e.to_string());
    let mut indexes = Vec::new();
    if primary_key_only {
        let mut statement = connection
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'licences' AND sql IS NOT NULL")
            .map_err(failed)?;
        indexes = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(failed)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed)?;
        for (name, _) in &indexes {
            connection
                .execute_batch(&format!("DROP INDEX \"{name}\""))
                .map_err(failed)?;
        }
    }
    let started = Instant::now();
    connection.execute_batch("BEGIN").map_err(failed)?;
    {
        let mut insert = connection
            .prepare(
                "INSERT INTO licences (id, document, holder_id, type_id, current, superseded, deleted, \
                 expiry, next_reminder, holder_active, holder_name, holder_location, holder_department, type_name) \
                 VALUES (?1, ?2, ?3, ?4, 1, 0, 0, ?5, ?6, 1, ?7, ?8, ?9, ?10)",
            )
            .map_err(failed)?;
        for i in 0..LICENCES {
            let (record, columns) = support::bare_record(i, today)?;
            let document =
                serde_json::to_vec(&record).map_err(|e| Error::storage(e.to_string()))?;
            insert
                .execute(params![
                    record.licence.id,
                    document,
                    record.licence.holder_id,
                    record.licence.type_id,
                    columns.expiry,
                    columns.next_reminder,
                    columns.holder_name,
                    columns.location,
                    columns.department,
                    columns.type_name,
                ])
                .map_err(failed)?;
        }
    }
    connection.execute_batch("COMMIT").map_err(failed)?;
    let elapsed = started.elapsed();
    let mut built = Vec::new();
    for (name, sql) in indexes {
        let started = Instant::now();
        connection.execute_batch(&sql).map_err(failed)?;
        built.push((name, started.elapsed()));
    }
    Ok((elapsed, built))
}

/// The hand-written SQL of a day's reminders: the same rows the tracker reads.
fn hand_written_due(connection: &rusqlite::Connection, today: Day) -> Result<usize, Error> {
    let failed = |e: rusqlite::Error| Error::storage(e.to_string());
    let mut statement = connection
        .prepare_cached(&support::hand_written_due_sql(""))
        .map_err(failed)?;
    let rows = statement
        .query_map(support::hand_written_due_bounds(today)?, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })
        .map_err(failed)?;
    let mut count = 0;
    for row in rows {
        std::hint::black_box(row.map_err(failed)?);
        count += 1;
    }
    Ok(count)
}

/// Licences with a custom field: 100,000 imported with a card colour (one
/// of ten) against 100,000 without, then the first overview page filtered
/// by one colour.
fn custom_field(tracker: &Tracker, today: Day) -> Result<(), Error> {
    const MORE: usize = 100_000;
    const COLOURS: [&str; 10] = [
        "Red", "Blue", "Green", "Amber", "White", "Black", "Grey", "Pink", "Teal", "Gold",
    ];
    let colour = FieldDefinition {
        key: "card_colour".into(),
        label: "Card colour".into(),
        target: FieldTarget::Licence,
        field_type: FieldType::Choice,
        choices: COLOURS.iter().map(|c| (*c).to_owned()).collect(),
        required: false,
    };
    tracker.define_field(&ctx(), &colour, false)?;
    let csv = |prefix: &str, coloured: bool| {
        let mut csv = String::from("id,holder_id,type_id,expiry,card_colour\n");
        for n in 0..MORE {
            let expiry = today.plus_days((n % 1500) as i32 - 400);
            let colour = if coloured {
                COLOURS[n % COLOURS.len()]
            } else {
                ""
            };
            csv.push_str(&format!(
                "{prefix}{n},p{:06},{},{expiry},{colour}\n",
                n % PEOPLE,
                TYPES[n % TYPES.len()]
            ));
        }
        csv
    };
    let import = |csv: String| -> Result<Duration, Error> {
        let started = Instant::now();
        let report =
            tracker.import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)?;
        assert_eq!(report.imported as usize, MORE);
        Ok(started.elapsed())
    };
    let plain = import(csv("plain-", false))?;
    let coloured = import(csv("coloured-", true))?;
    println!(
        "tracker: import {MORE} more licences with a custom field: {:.2} s; without: {:.2} s; ratio {:.2}x",
        coloured.as_secs_f64(),
        plain.as_secs_f64(),
        coloured.as_secs_f64() / plain.as_secs_f64(),
    );
    let by_field = |statuses: Vec<Status>| OverviewQuery {
        filter: OverviewFilter {
            statuses,
            field: Some(FieldFilter {
                key: "card_colour".into(),
                value: FieldValue::Text("red".into()),
            }),
            ..OverviewFilter::default()
        },
        ..OverviewQuery::default()
    };
    let (field_time, page) = fastest(20, || tracker.overview(&by_field(Vec::new()), today))?;
    let (both_time, both) = fastest(20, || {
        tracker.overview(&by_field(vec![Status::Expiring]), today)
    })?;
    println!(
        "tracker: first overview page ({} rows) filtered by a custom field's value on {} licences: {:.2} ms ({} match); with a status filter too: {:.2} ms ({} match)",
        page.rows.len(),
        LICENCES + 2 * MORE,
        field_time.as_secs_f64() * 1e3,
        page.total,
        both_time.as_secs_f64() * 1e3,
        both.total,
    );
    Ok(())
}

/// The positions people hold on the readiness figures' database.
const POSITIONS: [&str; 4] = ["forklift-driver", "rigger", "first-aider", "site-lead"];

/// 30 requirements over the four types: 2 of the company, 10 of a
/// location, 8 of a department, 4 of a location and department, 2 of a
/// role and 4 of a position.
fn requirements() -> Vec<Requirement> {
    let scope = |i: usize| match i {
        0..2 => RequirementScope::Company,
        2..12 => RequirementScope::Location {
            location: format!("Site {}", (i - 2) * 5),
        },
        12..20 => RequirementScope::Department {
            department: format!("team {}", (i - 12) * 5),
        },
        20..24 => RequirementScope::LocationAndDepartment {
            location: format!("site {}", i - 19),
            department: format!("Team {}", i - 19),
        },
        24 => RequirementScope::Role {
            role: Role::Manager,
        },
        25 => RequirementScope::Role {
            role: Role::Administrator,
        },
        _ => RequirementScope::Position {
            position: POSITIONS[i - 26].into(),
        },
    };
    (0..30)
        .map(|i| Requirement {
            id: format!("requirement-{i:02}"),
            name: format!("Requirement {i}"),
            scope: scope(i),
            type_ids: (0..1 + i % 2)
                .map(|k| TYPES[(i + k) % TYPES.len()].to_owned())
                .collect(),
        })
        .collect()
}

/// Readiness on the loaded database: every third person is given one of
/// four positions (set directly, in bulk, as the people import takes
/// none), 30 requirements are added, then the first page of the matrix
/// (50 people, the default filter) and the counts of everyone.
fn readiness(path: &Path, tracker: Tracker, today: Day) -> Result<Tracker, Error> {
    drop(tracker);
    let mut store = SqliteStore::open(path)?;
    let mut people = store.people(&PeopleQuery::default())?;
    for (n, person) in people.iter_mut().enumerate() {
        if n % 3 == 0 {
            person.positions = vec![POSITIONS[(n / 3) % POSITIONS.len()].to_owned()];
        }
    }
    store.begin()?;
    store.put_people(&people)?;
    store.commit()?;
    drop(store);
    let tracker = Tracker::open(path)?;
    let requirements = requirements();
    for requirement in &requirements {
        tracker.create_requirement(&ctx(), requirement)?;
    }
    let filter = ReadinessFilter::default();
    let first = Page {
        offset: 0,
        limit: 50,
    };
    let (page_time, page) = fastest(20, || tracker.readiness_matrix(&filter, today, first))?;
    let cells: usize = page.rows.iter().map(|r| r.requirements.len()).sum();
    let (counts_time, counts) = fastest(3, || tracker.readiness_counts(&filter, today))?;
    let checks: u32 = counts
        .requirements
        .iter()
        .map(|r| r.met + r.expiring + r.missing)
        .sum();
    println!(
        "tracker: readiness matrix, first page ({} people, {cells} checks) of {} requirements on {LICENCES} licences: {:.2} ms; counts of the whole organisation ({} people, {checks} checks, {} ready): {:.2} s, {:.0} people/s",
        page.rows.len(),
        requirements.len(),
        page_time.as_secs_f64() * 1e3,
        counts.people,
        counts.ready,
        counts_time.as_secs_f64(),
        f64::from(counts.people) / counts_time.as_secs_f64(),
    );
    Ok(tracker)
}

/// One small write (registering a person), 200 times on a fresh file with
/// each durability: what syncing every commit to disk costs.
fn durability(dir: &Path, today: Day) -> Result<(), Error> {
    const WRITES: u32 = 200;
    let mut each = Vec::new();
    for durability in [Durability::Full, Durability::Normal] {
        let path = dir.join(format!("{durability:?}.db"));
        fresh(&path);
        let options = OpenOptions {
            durability,
            ..OpenOptions::default()
        };
        let tracker = Tracker::open_with(&path, &options)?;
        let started = Instant::now();
        for n in 0..WRITES {
            let person = support::new_person(today);
            let person = licence_core::model::Person {
                id: format!("{}-{n}", person.id),
                ..person
            };
            tracker.register_person(&ctx(), &person)?;
        }
        each.push(started.elapsed() / WRITES);
    }
    println!(
        "tracker: one small write (register a person) with durability FULL: {:.3} ms; NORMAL: {:.3} ms; ratio {:.2}x",
        each[0].as_secs_f64() * 1e3,
        each[1].as_secs_f64() * 1e3,
        each[0].as_secs_f64() / each[1].as_secs_f64(),
    );
    Ok(())
}

fn main() -> Result<(), Error> {
    let today = Day::parse("today", "2026-06-01")?;
    let dir: PathBuf = std::env::temp_dir().join(format!("licence-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::storage(e.to_string()))?;

    let only_readiness = std::env::var("TRACKER_BENCH").is_ok_and(|v| v == "readiness");
    let (bare, _) = if only_readiness {
        (Duration::ZERO, Vec::new())
    } else {
        bare_insert(&dir.join("bare.db"), today, false)?
    };
    let (plain, built) = if only_readiness {
        (Duration::ZERO, Vec::new())
    } else {
        bare_insert(&dir.join("plain.db"), today, true)?
    };
    std::fs::remove_file(dir.join("plain.db")).ok();
    let path = dir.join("tracker.db");
    let tracker = organisation(&path)?;
    let before = resident();
    let started = Instant::now();
    let report = tracker.import_licences_csv(&ctx(), Rows::new(today), ImportMode::AllOrNothing)?;
    let import = started.elapsed();
    let memory = peak_resident().saturating_sub(before);
    assert_eq!(report.imported as usize, LICENCES);
    if only_readiness {
        println!(
            "tracker: import {LICENCES} licences from CSV: {:.2} s, {:.0} licences/s",
            import.as_secs_f64(),
            LICENCES as f64 / import.as_secs_f64(),
        );
    } else {
        println!(
            "tracker: import {LICENCES} licences from CSV: {:.2} s, {:.0} licences/s; bare INSERT loop {:.2} s ({:.0}/s); ratio {:.2}x; peak resident growth {:.0} MiB",
            import.as_secs_f64(),
            LICENCES as f64 / import.as_secs_f64(),
            bare.as_secs_f64(),
            LICENCES as f64 / bare.as_secs_f64(),
            import.as_secs_f64() / bare.as_secs_f64(),
            memory as f64 / 1048576.0,
        );
        let built: Vec<String> = built
            .iter()
            .map(|(name, time)| format!("{name} {:.2} s", time.as_secs_f64()))
            .collect();
        println!(
            "tracker: the same INSERT loop into the licences table with only its primary key: {:.2} s ({:.2}x of the bare loop); each other index built afterwards: {}",
            plain.as_secs_f64(),
            plain.as_secs_f64() / bare.as_secs_f64(),
            built.join(", "),
        );
    }
    drop(tracker);

    steady_state(&mut SqliteStore::open(&path)?, today)?;
    let tracker = Tracker::open(&path)?;
    let (due_time, due) = fastest(20, || tracker.due_reminders(today))?;
    let store = SqliteStore::open(&path)?;
    let (sql_time, rows) = fastest(20, || hand_written_due(store.connection(), today))?;
    println!(
        "tracker: reminders due on {today} on {LICENCES} licences: {:.2} ms ({} due, recipients resolved); hand-written SQL {:.2} ms ({rows} rows); ratio {:.2}x",
        due_time.as_secs_f64() * 1e3,
        due.len(),
        sql_time.as_secs_f64() * 1e3,
        due_time.as_secs_f64() / sql_time.as_secs_f64(),
    );

    let query = OverviewQuery {
        filter: OverviewFilter {
            statuses: vec![Status::Expiring],
            ..OverviewFilter::default()
        },
        ..OverviewQuery::default()
    };
    let (page_time, page) = fastest(20, || tracker.overview(&query, today))?;
    let by_type = OverviewQuery {
        filter: OverviewFilter {
            type_ids: vec!["forklift".into()],
            ..OverviewFilter::default()
        },
        ..OverviewQuery::default()
    };
    let (type_time, type_page) = fastest(20, || tracker.overview(&by_type, today))?;
    println!(
        "tracker: first overview page ({} rows): status filter {:.2} ms ({} match); type filter {:.2} ms ({} match)",
        page.rows.len(),
        page_time.as_secs_f64() * 1e3,
        page.total,
        type_time.as_secs_f64() * 1e3,
        type_page.total,
    );
    let person = support::new_person(today);
    let (register, _) = fastest(1, || tracker.register_person(&ctx(), &person))?;
    println!(
        "tracker: one operation (register a person) on that database: {:.3} ms",
        register.as_secs_f64() * 1e3
    );
    let tracker = readiness(&path, tracker, today)?;
    if !only_readiness {
        custom_field(&tracker, today)?;
    }
    drop(tracker);
    if !only_readiness {
        durability(&dir, today)?;
    }
    if std::env::var_os("KEEP_BENCH_DB").is_none() {
        std::fs::remove_dir_all(&dir).ok();
    } else {
        println!("kept {}", dir.display());
    }
    Ok(())
}
