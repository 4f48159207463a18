//! Opening a SQLite file: several processes migrating one file at once, a
//! file whose version does not match its tables, the open options
//! (durability, busy timeout, read-only), plain paths only, and files that
//! cannot be written.

#![allow(clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use licence_core::ErrorKind;
use licence_core::store::sqlite::{SCHEMA_VERSION, SqliteStore};
use licence_core::store::{Durability, OpenOptions, PeopleQuery};
use licence_core::tracker::Tracker;
use rusqlite::Connection;
use support::{ctx, person, tempdir};

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

/// Files of schema 2 (the sample of `fixtures/v2.sql`) and of schema 4
/// (the same migrated, its version set back: its places are folded again).
#[test]
fn processes_migrating_an_old_file_at_once_all_succeed() {
    let dir = tempdir();
    for (round, old) in [2, 4, 2].into_iter().enumerate() {
        let path = dir.join(format!("v{old}-{round}.db"));
        Connection::open(&path)
            .expect("open old")
            .execute_batch(include_str!("fixtures/v2.sql"))
            .expect("schema 2");
        if old == 4 {
            drop(SqliteStore::open(&path).expect("migrated"));
            Connection::open(&path)
                .expect("open")
                .pragma_update(None, "user_version", 4)
                .expect("version 4");
        }
        assert_eq!(version(&path), old);
        assert_eq!(open_at_once(&path), vec!["opened"; OPENERS]);
        assert_eq!(version(&path), SCHEMA_VERSION);
        let tracker = Tracker::open(&path).expect("migrated");
        let people = tracker
            .people(&PeopleQuery::default(), support::EVERYTHING)
            .map(|l| l.items)
            .expect("people");
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

/// The value of `pragma` on `store`'s connection.
fn pragma(store: &SqliteStore, pragma: &str) -> String {
    store
        .connection()
        .query_row(&format!("PRAGMA {pragma}"), [], |row| {
            row.get::<_, rusqlite::types::Value>(0)
        })
        .map(|value| match value {
            rusqlite::types::Value::Integer(n) => n.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .expect("pragma")
}

#[test]
fn commits_are_durable_unless_asked_otherwise() {
    let dir = tempdir();
    let full = SqliteStore::open(dir.join("full.db")).expect("open");
    assert_eq!(pragma(&full, "synchronous"), "2", "FULL");
    assert_eq!(pragma(&full, "journal_mode"), "wal");
    let options = OpenOptions {
        durability: Durability::Normal,
        ..OpenOptions::default()
    };
    let normal = SqliteStore::open_with(dir.join("normal.db"), &options).expect("open");
    assert_eq!(pragma(&normal, "synchronous"), "1", "NORMAL");
    assert_eq!(OpenOptions::default().durability, Durability::Full);
}

#[test]
fn the_busy_timeout_is_applied() {
    let dir = tempdir();
    let default = SqliteStore::open(dir.join("default.db")).expect("open");
    assert_eq!(pragma(&default, "busy_timeout"), "5000");
    let options = OpenOptions {
        busy_timeout_ms: 1234,
        ..OpenOptions::default()
    };
    let set = SqliteStore::open_with(dir.join("set.db"), &options).expect("open");
    assert_eq!(pragma(&set, "busy_timeout"), "1234");
}

/// A SQLite URI is not a path: refused, so two trackers cannot share an
/// in-memory database through one; `:memory:` stays private to each.
#[test]
fn uris_are_refused_and_memory_databases_are_private() {
    for uri in [
        "file::memory:?cache=shared",
        "file:shared?mode=memory&cache=shared",
    ] {
        let error = Tracker::open(uri).expect_err(uri);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{uri}");
        assert!(error.to_string().contains("SQLite URI"), "{error}");
        assert!(!Path::new(uri).exists(), "no file `{uri}`");
    }
    let one = Tracker::open(":memory:").expect("one");
    let other = Tracker::open(":memory:").expect("other");
    one.register_person(&ctx(), &person("ana"))
        .expect("register");
    assert_eq!(
        one.people(&PeopleQuery::default(), support::EVERYTHING)
            .map(|l| l.items)
            .expect("people")
            .len(),
        1
    );
    assert!(
        other
            .people(&PeopleQuery::default(), support::EVERYTHING)
            .map(|l| l.items)
            .expect("people")
            .is_empty()
    );
}

/// A file with one person, closed.
fn with_ana(path: &Path) {
    let tracker = Tracker::open(path).expect("open");
    tracker
        .register_person(&ctx(), &person("ana"))
        .expect("register");
}

/// Reads work and writes fail with the read-only storage error.
fn reads_but_refuses_writes(tracker: &Tracker) {
    let people = tracker
        .people(&PeopleQuery::default(), support::EVERYTHING)
        .map(|l| l.items)
        .expect("people");
    assert_eq!(people.len(), 1);
    assert_eq!(tracker.person("ana").expect("ana").name, "Person ana");
    let error = tracker
        .register_person(&ctx(), &person("ben"))
        .expect_err("a write");
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert_eq!(
        error.to_string(),
        "storage failure: the database is open read-only"
    );
}

#[test]
fn read_only_opens_read_and_refuse_writes() {
    let dir = tempdir();
    let path = dir.join("records.db");
    with_ana(&path);
    let read_only = OpenOptions {
        read_only: true,
        ..OpenOptions::default()
    };
    reads_but_refuses_writes(&Tracker::open_with(&path, &read_only).expect("read-only"));
    let tracker = Tracker::open(&path).expect("writable");
    assert_eq!(
        tracker
            .people(&PeopleQuery::default(), support::EVERYTHING)
            .map(|l| l.items)
            .expect("people")
            .len(),
        1
    );

    let missing = Tracker::open_with(dir.join("missing.db"), &read_only).expect_err("missing");
    assert_eq!(missing.kind(), ErrorKind::Storage);
    assert!(!dir.join("missing.db").exists());
}

/// Sets the permissions of `path` to `mode`.
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A database file that cannot be written (0444) in a directory that
/// cannot be written (0555), as on a read-only mount, opens read-only;
/// one of an older schema is refused, since it cannot be migrated. Skipped
/// where permissions are not enforced (as root).
#[test]
fn a_file_that_cannot_be_written_opens_read_only() {
    let dir = tempdir();
    let records = dir.join("records");
    std::fs::create_dir(&records).expect("dir");
    let path = records.join("records.db");
    with_ana(&path);
    let old = records.join("v4.db");
    with_ana(&old);
    Connection::open(&old)
        .expect("open")
        .pragma_update(None, "user_version", 4)
        .expect("version 4");
    for file in [&path, &old] {
        chmod(file, 0o444);
    }
    chmod(&records, 0o555);
    // Writable again at the end, even after a failure, so that the
    // directory can be removed.
    struct Restore(std::path::PathBuf);
    impl Drop for Restore {
        fn drop(&mut self) {
            chmod(&self.0, 0o755);
        }
    }
    let _restore = Restore(records.clone());
    let enforced = std::fs::write(records.join("probe"), b"").is_err();
    if enforced {
        assert!(!records.join("records.db-wal").exists());
        reads_but_refuses_writes(&Tracker::open(&path).expect("read-only"));
        let error = Tracker::open(&old).expect_err("version 4");
        assert_eq!(error.kind(), ErrorKind::Storage);
        assert!(
            error.to_string().contains("schema version 4")
                && error.to_string().contains("read-only"),
            "{error}"
        );
    } else {
        eprintln!("skipped: permissions are not enforced for this user");
    }
}
