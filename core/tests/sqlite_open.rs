//! Opening a SQLite file: several processes migrating one file at once, a
//! file whose version does not match its tables.

#![allow(clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use licence_core::ErrorKind;
use licence_core::store::PeopleQuery;
use licence_core::store::sqlite::{SCHEMA_VERSION, SqliteStore};
use licence_core::tracker::Tracker;
use rusqlite::Connection;
use support::tempdir;

/// Processes that open one file at once.
const OPENERS: usize = 6;

/// Milliseconds since 1970.
fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_millis()
}

/// The body of every opener process: waits for the agreed moment, opens
/// the file in LICENCE_TEST_OPEN and reports; does nothing in a normal run.
#[test]
#[ignore = "run by the multi-process tests as an opener"]
fn opener_process() {
    let Ok(path) = std::env::var("LICENCE_TEST_OPEN") else {
        return;
    };
    let at: u128 = std::env::var("LICENCE_TEST_OPEN_AT")
        .expect("LICENCE_TEST_OPEN_AT")
        .parse()
        .expect("a time");
    std::thread::sleep(Duration::from_millis(
        at.saturating_sub(now_ms()).try_into().unwrap_or(0),
    ));
    match Tracker::open(&path) {
        Ok(_) => println!("opener: opened"),
        Err(e) => println!("opener: failed: {e}"),
    }
}

/// Opens `path` from [`OPENERS`] processes at once and answers what each
/// reported.
fn open_at_once(path: &Path) -> Vec<String> {
    let at = now_ms() + 500;
    let children: Vec<_> = (0..OPENERS)
        .map(|_| {
            Command::new(std::env::current_exe().expect("the test binary"))
                .args([
                    "opener_process",
                    "--exact",
                    "--include-ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("LICENCE_TEST_OPEN", path)
                .env("LICENCE_TEST_OPEN_AT", at.to_string())
                .stdout(Stdio::piped())
                .spawn()
                .expect("an opener process")
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("the opener");
            assert!(output.status.success(), "an opener crashed");
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .find_map(|line| line.split_once("opener: ").map(|(_, r)| r.to_owned()))
                .unwrap_or_else(|| "no report".to_owned())
        })
        .collect()
}

fn version(path: &Path) -> u32 {
    Connection::open(path)
        .expect("open")
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version")
}

#[test]
fn processes_opening_a_fresh_file_at_once_all_succeed() {
    let dir = tempdir();
    for round in 0..3 {
        let path = dir.join(format!("fresh-{round}.db"));
        assert_eq!(open_at_once(&path), vec!["opened"; OPENERS]);
        assert_eq!(version(&path), SCHEMA_VERSION);
    }
}

#[test]
fn processes_migrating_an_old_file_at_once_all_succeed() {
    let dir = tempdir();
    for round in 0..3 {
        let path = dir.join(format!("v2-{round}.db"));
        Connection::open(&path)
            .expect("open old")
            .execute_batch(include_str!("fixtures/v2.sql"))
            .expect("schema 2");
        assert_eq!(version(&path), 2);
        assert_eq!(open_at_once(&path), vec!["opened"; OPENERS]);
        assert_eq!(version(&path), SCHEMA_VERSION);
        let tracker = Tracker::open(&path).expect("migrated");
        let people = tracker.people(&PeopleQuery::default()).expect("people");
        assert_eq!(people.len(), 14, "the sample's people are kept");
    }
}

/// A file that says version 2 but holds the current tables: the migration
/// from 2 cannot run on them, and the error says why.
#[test]
fn a_version_lower_than_the_tables_is_a_clear_storage_error() {
    let dir = tempdir();
    let path = dir.join("mislabelled.db");
    drop(SqliteStore::open(&path).expect("fresh"));
    Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 2)
        .expect("version");
    let error = SqliteStore::open(&path).expect_err("mislabelled");
    assert_eq!(error.kind(), ErrorKind::Storage);
    let message = error.to_string();
    assert!(
        message.contains("schema version 2") && message.contains("do not match"),
        "{message}"
    );
    assert_eq!(version(&path), 2, "nothing was changed");
}
