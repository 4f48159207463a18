//! The PostgreSQL store on a real server (`make test-postgres` starts a
//! throwaway one and sets LICENCE_TEST_POSTGRES; without it every test here
//! is reported as ignored): every tracker vector, migrations under the
//! advisory lock, organisations kept apart, a lost server, and several
//! processes on one organisation — writing at once, and claiming the same
//! mornings' reminders, one of them killed while it holds claims.
//!
//! Run them one at a time (`--test-threads=1`): one test stops the server.

#![cfg(feature = "postgres")]
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use licence_core::ErrorKind;
use licence_core::operations::execute_tracker;
use licence_core::store::postgres::{PostgresStore, SCHEMA_VERSION};
use licence_core::store::{Durability, Entry, OpenOptions, Query, Store};
use licence_core::tracker::Tracker;
use licence_testkit::conformance::{cases, check};
use serde_json::{Value, json};
use support::{day, postgres_store, postgres_url};

/// 2026-01-01 00:00 UTC.
const NEW_YEAR: i64 = 1_767_225_600;

fn run(tracker: &Tracker, op: &str, input: Value) -> Value {
    execute_tracker(tracker, op, &input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// The whole audit log of the organisation `schema`, as (number, action),
/// read from the store.
fn audit_log(schema: &str) -> Vec<(u64, String)> {
    let mut store = PostgresStore::open(&postgres_url(schema)).unwrap();
    store
        .find(&Query::all("audit", Vec::new()))
        .unwrap()
        .into_iter()
        .map(|stored| {
            let entry: Value = serde_json::from_slice(&stored.document).unwrap();
            (
                stored.id.parse().unwrap(),
                entry["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn tracker(schema: &str) -> Tracker {
    Tracker::new(Box::new(postgres_store(schema)))
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn every_tracker_vector_passes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut ran = 0;
    let mut failures = Vec::new();
    for (file, case) in cases(&dir).expect("the vector files") {
        if case["op"] != "tracker" {
            continue;
        }
        ran += 1;
        let tracker = tracker("vectors");
        let name = case["name"].as_str().unwrap_or("?");
        for (i, step) in case["input"]["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .enumerate()
        {
            let op = step["op"].as_str().expect("op");
            if let Err(why) = check(execute_tracker(&tracker, op, &step["input"]), step) {
                failures.push(format!("{file} / {name}, step {i} `{op}`: {why}"));
                break;
            }
        }
    }
    assert!(ran >= 16, "only {ran} tracker cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn migrations_create_keep_and_refuse_what_they_should() {
    let url = postgres_url("migrations");
    let mut store = PostgresStore::open(&url).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    // A host's own table and index survive; an index the engine no longer
    // defines is dropped when the organisation is opened again.
    store
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS host_notes (x int); \
             CREATE INDEX IF NOT EXISTS host_notes_x ON host_notes (x); \
             CREATE INDEX IF NOT EXISTS licences__retired ON licences (expiry);",
        )
        .unwrap();
    drop(store);
    let mut store = PostgresStore::open(&url).unwrap();
    let indexes = store
        .query_text(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'migrations' \
             AND indexname IN ('host_notes_x', 'licences__retired', 'licences__holder_id') \
             ORDER BY 1",
            &[],
        )
        .unwrap();
    assert_eq!(
        indexes,
        vec![
            vec![Some("host_notes_x".to_owned())],
            vec![Some("licences__holder_id".to_owned())]
        ]
    );
    // A newer schema is refused, naming both versions.
    store
        .execute_batch("UPDATE schema_version SET version = 99")
        .unwrap();
    let error = PostgresStore::open(&url).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(error.to_string().contains("version 99"), "{error}");
    store
        .execute_batch(&format!(
            "UPDATE schema_version SET version = {SCHEMA_VERSION}"
        ))
        .unwrap();
    // Bad URLs are bad input.
    for bad in [
        "postgresql://licence@127.0.0.1:1/x?schema=Bad-Name",
        "postgresql://licence@127.0.0.1:1/x?pool_size=100",
    ] {
        assert_eq!(
            Tracker::open(bad).unwrap_err().kind(),
            ErrorKind::InvalidInput,
            "{bad}"
        );
    }
    // A server that is not there is a storage error, not a hang.
    let started = Instant::now();
    let error = Tracker::open("postgresql://licence@127.0.0.1:1/x?schema=none").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn organisations_in_one_database_see_nothing_of_each_other() {
    let acme = tracker("org_acme");
    let globex = tracker("org_globex");
    let person = |id: &str| {
        json!({"ctx": {"actor": "admin", "at": NEW_YEAR},
               "person": {"id": id, "name": id, "registered_on": "2025-01-01", "active": true}})
    };
    run(&acme, "register_person", person("ana"));
    run(&globex, "register_person", person("bo"));
    run(&globex, "register_person", person("ana"));
    let ids = |t: &Tracker| -> Vec<String> {
        run(t, "people", json!({}))["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&acme), ["ana"]);
    assert_eq!(ids(&globex), ["ana", "bo"]);
    let audit = |schema: &str| audit_log(schema).len();
    assert_eq!((audit("org_acme"), audit("org_globex")), (1, 2));
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn a_lost_server_fails_operations_cleanly_and_they_resume() {
    let ctl = std::env::var("LICENCE_TEST_POSTGRES_CTL").expect("LICENCE_TEST_POSTGRES_CTL");
    let server = |action: &str| {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{ctl} {action} >/dev/null"))
            .status()
            .expect("pg_ctl");
        assert!(status.success(), "pg_ctl {action}");
    };
    let tracker = tracker("restart");
    let person = |id: &str| {
        json!({"ctx": {"actor": "admin", "at": NEW_YEAR},
               "person": {"id": id, "name": id, "registered_on": "2025-01-01", "active": true}})
    };
    run(&tracker, "register_person", person("before"));
    server("stop -m fast");
    for op in ["register_person", "people"] {
        let error = execute_tracker(&tracker, op, &person("during")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Storage, "{op}: {error}");
    }
    server("start");
    run(&tracker, "register_person", person("after"));
    let people = run(&tracker, "people", json!({}));
    let ids: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["after", "before"]);
}

// ---------------------------------------------------------------------------
// Several processes on one organisation. Each is this test binary run again
// with LICENCE_TEST_WORKER naming its task; it reports on stdout in lines
// starting with `worker:`.

/// What a worker process does, from LICENCE_TEST_WORKER.
fn worker_task() -> Option<Value> {
    std::env::var("LICENCE_TEST_WORKER")
        .ok()
        .map(|task| serde_json::from_str(&task).expect("a worker task"))
}

fn spawn_worker(task: Value) -> Child {
    Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "worker_process",
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LICENCE_TEST_WORKER", task.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("a worker process")
}

/// What a line reports, if it is a report (the test harness may print its
/// own words before it on the first line).
fn report(line: &str) -> Option<&str> {
    line.split_once("worker: ").map(|(_, report)| report)
}

/// The `worker:` lines a finished worker printed.
fn reports(child: Child) -> Vec<String> {
    let output = child.wait_with_output().expect("the worker");
    assert!(output.status.success(), "a worker failed");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| report(line).map(str::to_owned))
        .collect()
}

/// The body of every worker process; does nothing in a normal test run.
#[test]
#[ignore = "run by the multi-process tests as a worker"]
fn worker_process() {
    let Some(task) = worker_task() else { return };
    let tracker = Tracker::open(task["url"].as_str().unwrap()).expect("open");
    let worker = task["worker"].as_str().unwrap();
    match task["kind"].as_str().unwrap() {
        "open" => {
            run(
                &tracker,
                "register_person",
                json!({"ctx": {"actor": worker, "at": NEW_YEAR}, "person": {"id": worker,
                       "name": worker, "registered_on": "2025-01-01", "active": true}}),
            );
            println!("worker: opened");
        }
        "write" => write_for(&tracker, worker, task["millis"].as_u64().unwrap()),
        "claim" => claim_morning(&tracker, worker, &task),
        "claim_and_hang" => {
            let claimed = claim(&tracker, worker, &task);
            for reminder in &claimed {
                println!("worker: claimed {reminder}");
            }
            println!("worker: holding");
            std::thread::sleep(Duration::from_secs(600));
        }
        other => panic!("no task `{other}`"),
    }
}

/// Registers people, records and renews licences and acknowledges their
/// reminders for `millis`, reporting each person registered.
fn write_for(tracker: &Tracker, worker: &str, millis: u64) {
    let deadline = Instant::now() + Duration::from_millis(millis);
    let mut n = 0;
    while Instant::now() < deadline {
        n += 1;
        let id = format!("{worker}-{n}");
        let c = json!({"actor": worker, "at": NEW_YEAR + n});
        run(
            tracker,
            "register_person",
            json!({"ctx": c, "person": {"id": id, "name": id, "registered_on": "2025-01-01",
                   "active": true, "location": "Depot"}}),
        );
        run(
            tracker,
            "record_licence",
            json!({"ctx": c, "licence": {"id": format!("{id}-l1"), "holder_id": id,
                   "type_id": "forklift", "expiry": "2026-03-01"}}),
        );
        run(
            tracker,
            "acknowledge",
            json!({"ctx": c, "licence_id": format!("{id}-l1"), "expiry": "2026-03-01",
                   "trigger": "2026-01-30"}),
        );
        run(
            tracker,
            "record_licence",
            json!({"ctx": c, "licence": {"id": format!("{id}-l2"), "holder_id": id,
                   "type_id": "forklift", "expiry": "2029-03-01", "renews": format!("{id}-l1")}}),
        );
        println!("worker: registered {id}");
    }
}

/// Claims a morning's reminders in batches until none is left, printing
/// each and acknowledging it.
fn claim_morning(tracker: &Tracker, worker: &str, task: &Value) {
    loop {
        let claimed = claim(tracker, worker, task);
        if claimed.is_empty() {
            return;
        }
        for reminder in claimed {
            println!("worker: claimed {reminder}");
            let (licence, rest) = reminder.split_once(' ').unwrap();
            let (expiry, trigger) = rest.split_once(' ').unwrap();
            run(
                tracker,
                "acknowledge",
                json!({"ctx": {"actor": worker, "at": task["at"]}, "licence_id": licence,
                       "expiry": expiry, "trigger": trigger}),
            );
        }
    }
}

/// One claim of the task's morning, as `licence expiry trigger` lines.
fn claim(tracker: &Tracker, worker: &str, task: &Value) -> Vec<String> {
    let claimed = run(
        tracker,
        "claim_reminders",
        json!({"ctx": {"actor": worker, "at": task["at"]}, "today": task["today"],
               "worker": worker, "lease_seconds": 60, "limit": 7}),
    );
    claimed["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["licence_id"].as_str().unwrap(),
                r["expiry"].as_str().unwrap(),
                r["trigger"].as_str().unwrap()
            )
        })
        .collect()
}

/// An organisation with a forklift licence type and an administrator.
fn organisation(schema: &str) -> Tracker {
    let tracker = tracker(schema);
    let c = json!({"actor": "admin", "at": NEW_YEAR});
    run(
        &tracker,
        "create_licence_type",
        json!({"ctx": c, "licence_type": {"id": "forklift", "name": "Forklift",
               "kind": "licence", "validity": "3 years"}}),
    );
    run(
        &tracker,
        "register_person",
        json!({"ctx": c, "person": {"id": "adm", "name": "Admin", "roles": ["administrator"],
               "registered_on": "2020-01-01", "active": true, "email": "adm@example.org"}}),
    );
    tracker
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn four_servers_writing_at_once_lose_nothing() {
    let tracker = organisation("four_writers");
    let url = postgres_url("four_writers");
    let workers: Vec<Child> = (1..=4)
        .map(|w| {
            spawn_worker(
                json!({"kind": "write", "url": url, "worker": format!("w{w}"),
                                "millis": 4000}),
            )
        })
        .collect();
    let registered: BTreeSet<String> = workers
        .into_iter()
        .flat_map(reports)
        .map(|line| line.strip_prefix("registered ").unwrap().to_owned())
        .collect();
    assert!(
        registered.len() >= 8,
        "only {} registered",
        registered.len()
    );
    let people: BTreeSet<String> = run(&tracker, "people", json!({}))["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .filter(|id| id != "adm")
        .collect();
    assert_eq!(
        people, registered,
        "every acknowledged registration is there"
    );
    let licences = tracker
        .licences(
            &licence_core::store::LicenceQuery {
                include_superseded: true,
                ..Default::default()
            },
            support::EVERYTHING,
        )
        .unwrap()
        .items;
    assert_eq!(licences.len(), 2 * registered.len());
    // The audit log: numbered 1..n without a gap or a repeat, five entries
    // per person (register, record, acknowledge, and the renewal: the new
    // licence and the one it supersedes), two for the setup.
    let audit = audit_log("four_writers");
    let seqs: Vec<u64> = audit.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(seqs, (1..=audit.len() as u64).collect::<Vec<_>>());
    assert_eq!(audit.len(), 2 + 5 * registered.len());
    let mut by_action: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, action) in &audit {
        *by_action.entry(action.as_str()).or_default() += 1;
    }
    assert_eq!(by_action["acknowledge_reminder"], registered.len());
}

/// People, each holding licences expiring over the coming months, so that
/// every morning of January has reminders due.
fn reminders_organisation(schema: &str) -> Tracker {
    let tracker = organisation(schema);
    let c = json!({"actor": "admin", "at": NEW_YEAR});
    for p in 0..40 {
        let id = format!("p{p:02}");
        run(
            &tracker,
            "register_person",
            json!({"ctx": c, "person": {"id": id, "name": id, "registered_on": "2020-01-01",
                   "active": true, "email": format!("{id}@example.org")}}),
        );
        for l in 0..4 {
            let expiry = day("2026-01-02").plus_days(p * 4 + l);
            run(
                &tracker,
                "record_licence",
                json!({"ctx": c, "licence": {"id": format!("{id}-{l}"), "holder_id": id,
                       "type_id": "forklift", "expiry": expiry.to_string()}}),
            );
        }
    }
    tracker
}

fn due(tracker: &Tracker, today: &str) -> BTreeSet<String> {
    tracker
        .due_reminders(day(today))
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {}", r.licence_id, r.expiry, r.trigger))
        .collect()
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn thirty_mornings_of_four_workers_hand_out_every_reminder_once() {
    let tracker = reminders_organisation("mornings");
    let url = postgres_url("mornings");
    let mut handed_out = 0;
    for morning in 0..30 {
        let today = day("2026-01-01").plus_days(morning);
        let at = NEW_YEAR + i64::from(morning) * 86_400 + 7 * 3600;
        let expected = due(&tracker, &today.to_string());
        let workers: Vec<Child> = (1..=4)
            .map(|w| {
                spawn_worker(
                    json!({"kind": "claim", "url": url, "worker": format!("w{w}"),
                                    "today": today.to_string(), "at": at}),
                )
            })
            .collect();
        let mut claimed: Vec<String> = workers
            .into_iter()
            .flat_map(reports)
            .map(|line| line.strip_prefix("claimed ").unwrap().to_owned())
            .collect();
        let count = claimed.len();
        claimed.sort();
        claimed.dedup();
        assert_eq!(
            claimed.len(),
            count,
            "{today}: a reminder was handed out twice"
        );
        assert_eq!(
            claimed.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{today}: every due reminder, once"
        );
        assert!(due(&tracker, &today.to_string()).is_empty());
        handed_out += count;
    }
    assert!(
        handed_out >= 100,
        "only {handed_out} reminders in 30 mornings"
    );
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn a_killed_worker_s_reminders_reach_another_after_its_lease() {
    let tracker = reminders_organisation("killed_worker");
    let url = postgres_url("killed_worker");
    let today = "2026-01-10";
    let at = NEW_YEAR + 9 * 86_400;
    let expected = due(&tracker, today);
    assert!(expected.len() > 7, "more are due than one claim takes");

    let mut doomed = spawn_worker(json!({"kind": "claim_and_hang", "url": url,
                                         "worker": "doomed", "today": today, "at": at}));
    let mut lines = BufReader::new(doomed.stdout.take().unwrap()).lines();
    let mut held = BTreeSet::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        match report(&line) {
            Some("holding") => break,
            Some(claimed) => {
                held.insert(claimed.strip_prefix("claimed ").unwrap().to_owned());
            }
            None => {}
        }
    }
    assert_eq!(held.len(), 7);
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();

    // Within the lease, the others get everything but what it held.
    let survivor = |at: i64| {
        reports(spawn_worker(
            json!({"kind": "claim", "url": url, "worker": "survivor",
                                     "today": today, "at": at}),
        ))
        .into_iter()
        .map(|line| line.strip_prefix("claimed ").unwrap().to_owned())
        .collect::<BTreeSet<_>>()
    };
    let early = survivor(at + 30);
    assert!(early.is_disjoint(&held));
    assert_eq!(
        early.union(&held).cloned().collect::<BTreeSet<_>>(),
        expected
    );
    // After the lease lapses, what it held reaches another worker.
    assert_eq!(survivor(at + 61), held);
    assert!(due(&tracker, today).is_empty());
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn servers_starting_at_once_migrate_once() {
    let url = postgres_url("racing_start");
    {
        let mut store = PostgresStore::open(&postgres_url("public")).unwrap();
        store
            .execute_batch("DROP SCHEMA IF EXISTS racing_start CASCADE")
            .unwrap();
    }
    let workers: Vec<Child> = (1..=4)
        .map(|w| spawn_worker(json!({"kind": "open", "url": url, "worker": format!("s{w}")})))
        .collect();
    let opened: Vec<String> = workers.into_iter().flat_map(reports).collect();
    assert_eq!(opened.len(), 4, "each opened the fresh schema and wrote");
    let mut store = PostgresStore::open(&url).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let people = store.count("people", &[]).unwrap();
    assert_eq!(people, 4, "each registered its first person");
    let versions = store
        .query_text("SELECT count(*)::text FROM schema_version", &[])
        .unwrap();
    assert_eq!(versions, vec![vec![Some("1".to_owned())]]);
}

#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn odd_input_gets_the_answer_sqlite_gives() {
    let postgres = organisation("odd_input");
    let sqlite = Tracker::new(Box::new(
        licence_core::store::sqlite::SqliteStore::open_in_memory().unwrap(),
    ));
    let cases = [
        ("person", json!({"id": "a\u{0}b"})),
        ("licence", json!({"id": "l\u{0}"})),
        ("people", json!({"location": "De\u{0}pot"})),
        (
            "licences_of",
            json!({"holder_id": "x\u{0}", "today": "2026-01-01"}),
        ),
        ("attachments", json!({"licence_id": "\u{0}"})),
        ("audit", json!({"query": {"person": {"id": "\u{0}"}}})),
        ("person", json!({"id": "\u{1F600}".repeat(200)})),
    ];
    for (op, input) in cases {
        let kind = |t: &Tracker| execute_tracker(t, op, &input).map_err(|e| e.kind());
        let (on_postgres, on_sqlite) = (kind(&postgres), kind(&sqlite));
        assert_eq!(on_postgres.is_ok(), on_sqlite.is_ok(), "{op} {input}");
        assert_eq!(on_postgres.err(), on_sqlite.err(), "{op} {input}");
    }
}

/// A read transaction sees the records as at its first read while another
/// connection commits, and takes no writer's lock; a write waits for the
/// writers' lock at most the busy timeout; a store open read-only refuses
/// writes; durability is the server's.
#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn open_options_and_read_transactions() {
    let url = postgres_url("options");
    let mut reader = postgres_store("options");
    let quick = OpenOptions {
        busy_timeout_ms: 200,
        durability: Durability::Normal,
        ..OpenOptions::default()
    };
    let mut writer = PostgresStore::open_with(&url, &quick).unwrap();
    let person = |id: &str| Entry {
        id: id.into(),
        document: b"{}".to_vec(),
        keys: Vec::new(),
    };
    let put = |store: &mut PostgresStore, id: &str| {
        store.begin()?;
        store.put("people", &[person(id)])?;
        store.commit()
    };
    put(&mut writer, "before").unwrap();

    reader.begin_read().unwrap();
    assert_eq!(reader.count("people", &[]).unwrap(), 1);
    put(&mut writer, "during").unwrap();
    assert_eq!(reader.count("people", &[]).unwrap(), 1, "one snapshot");
    reader.rollback().unwrap();
    assert_eq!(reader.count("people", &[]).unwrap(), 2);

    // A writer holding the organisation's lock: another waits 200 ms.
    reader.begin().unwrap();
    let started = Instant::now();
    let error = writer.begin().expect_err("the lock is held");
    assert_eq!(error.kind(), ErrorKind::Storage);
    assert!(error.to_string().contains("lock timeout"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
    reader.rollback().unwrap();
    put(&mut writer, "after").unwrap();

    let read_only = OpenOptions {
        read_only: true,
        ..OpenOptions::default()
    };
    let mut store = PostgresStore::open_with(&url, &read_only).unwrap();
    assert_eq!(store.count("people", &[]).unwrap(), 3);
    let error = store.begin().expect_err("read-only");
    assert_eq!(
        error.to_string(),
        "storage failure: the database is open read-only"
    );
    let fresh = PostgresStore::open_with(&postgres_url("options_absent"), &read_only);
    assert_eq!(fresh.map(|_| ()).unwrap_err().kind(), ErrorKind::Storage);
}
