//! Faults on the SQLite store, each with the outcome it must have: a writer
//! killed at random moments loses no acknowledged operation and leaves no
//! half of one; a full disk fails an import or an operation with a storage
//! error and stores nothing of it; a read-only file refuses writes with a
//! storage error; a corrupted file gives storage errors, never a crash; four
//! processes writing one file lose nothing.
//!
//! The cases with processes run this test binary again as a worker
//! (`LICENCE_FAULTS_WORKER` holds its task as JSON), which reports on stdout
//! in lines starting with `worker: `.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use licence_core::audit::AuditQuery;
use licence_core::custody::{Action, Event, Party};
use licence_core::model::{Licence, LicenceKind, LicenceType, Owner, Site};
use licence_core::report::OverviewQuery;
use licence_core::store::sqlite::SqliteStore;
use licence_core::store::{Condition, Entry, LicenceQuery, PeopleQuery, Query, Store, Stored};
use licence_core::tracker::{ImportMode, Tracker};
use licence_core::{ErrorKind, Period, RecordKind, Result};
use serde_json::{Value, json};
use support::{ctx, day, person, snapshot, tempdir};

fn licence_type(id: &str) -> LicenceType {
    LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: id.into(),
        name: format!("Type {id}"),
        kind: LicenceKind::Licence,
        validity: Some(Period::years(3)),
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    }
}

fn licence(id: &str, holder: &str, type_id: &str) -> Licence {
    Licence {
        id: id.into(),
        holder_id: holder.into(),
        type_id: type_id.into(),
        reference: None,
        issuer: None,
        acquired: None,
        expiry: Some(day("2027-01-01")),
        notes: String::new(),
        owner: Owner::Candidate,
        renews: None,
        superseded_by: None,
        fields: Default::default(),
    }
}

/// A forklift licence type, its holder `ana` and the site `s1`.
fn organisation(tracker: &Tracker) {
    tracker
        .create_licence_type(&ctx(), &licence_type("forklift"))
        .expect("type");
    tracker
        .register_person(&ctx(), &person("ana"))
        .expect("person");
    let site = Site {
        id: "s1".into(),
        name: "Acme".into(),
    };
    tracker.create_site(&ctx(), &site).expect("site");
}

/// A CSV of `rows` forklift licences of `ana`, with ids starting `prefix`.
fn licences_csv(prefix: &str, rows: usize) -> String {
    let mut csv = String::from("id,holder_id,type_id,expiry\n");
    for i in 1..=rows {
        csv.push_str(&format!("{prefix}{i},ana,forklift,2027-01-01\n"));
    }
    csv
}

/// What `PRAGMA integrity_check` says of the file.
fn integrity(path: &Path) -> String {
    let connection = rusqlite::Connection::open(path).expect("open for the check");
    connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity_check")
}

// ---------------------------------------------------------------------------
// Worker processes.

const TASK: &str = "LICENCE_FAULTS_WORKER";

/// The worker process for `task`, its stdout piped.
fn worker(task: &Value) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args([
            "worker_process",
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(TASK, task.to_string())
        .stdout(Stdio::piped());
    command
}

/// Starts `command`; its reports arrive on the receiver as it prints them.
fn spawn(mut command: Command) -> (Child, Receiver<String>) {
    let mut child = command.spawn().expect("a worker process");
    let stdout = child.stdout.take().expect("piped");
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        // The harness may print its own words before a report on a line.
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if let Some((_, report)) = line.split_once("worker: ") {
                sender.send(report.to_owned()).ok();
            }
        }
    });
    (child, receiver)
}

/// Runs `command` to its end and returns its reports; a worker that failed
/// (a panic) or ran for more than a minute fails the test.
fn run(command: Command, what: &str) -> Vec<String> {
    let (mut child, reports) = spawn(command);
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the worker") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("{what}: the worker hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let reports: Vec<String> = reports.iter().collect();
    assert!(
        status.success(),
        "{what}: the worker failed ({status}) after {reports:?}"
    );
    reports
}

/// Prints a report for the parent at once.
fn say(report: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "worker: {report}").expect("stdout");
    out.flush().expect("stdout");
}

/// The body of every worker process; does nothing in a normal test run.
#[test]
#[ignore = "run by the fault tests as a worker process"]
fn worker_process() {
    let Ok(task) = std::env::var(TASK) else {
        return;
    };
    let task: Value = serde_json::from_str(&task).expect("a worker task");
    let path = PathBuf::from(task["path"].as_str().expect("path"));
    match task["kind"].as_str().expect("kind") {
        "write" => write_until_killed(&path, task["round"].as_u64().expect("round") as u32),
        "record" => record_many(&path, task["worker"].as_str().expect("worker")),
        "probe" => probe(&path, task["dir"].as_str().map(Path::new)),
        other => panic!("no task `{other}`"),
    }
}

// ---------------------------------------------------------------------------
// 1. A writer killed at random moments.

/// The notes an edit writes.
const EDITED: &str = "edited";

/// The `n`th operation of the writer of round `round`. Five kinds take
/// turns on group `n / 5`: a licence recorded, the same licence edited, an
/// import of three, a site's upload for the round's candidate, and an
/// attachment to the first licence.
#[derive(Clone, Copy, Debug)]
struct Op {
    round: u32,
    n: u32,
}

impl Op {
    fn group(self) -> String {
        format!("{}-{}", self.round, self.n / 5)
    }

    fn candidate(self) -> String {
        format!("c{}", self.round)
    }

    fn content(self) -> Vec<u8> {
        self.group().bytes().cycle().take(12_000).collect()
    }

    fn run(self, t: &Tracker) -> Result<()> {
        let g = self.group();
        let first = format!("l{g}");
        match self.n % 5 {
            0 => t
                .record_licence(&ctx(), &licence(&first, "ana", "forklift"), None)
                .map(drop),
            1 => {
                let edited = Licence {
                    notes: EDITED.into(),
                    ..licence(&first, "ana", "forklift")
                };
                t.edit_licence(&ctx(), &edited).map(drop)
            }
            2 => {
                let csv = licences_csv(&format!("i{g}-"), 3);
                let report =
                    t.import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)?;
                assert_eq!(report.imported, 3, "{report:?}");
                Ok(())
            }
            3 => {
                let id = format!("u{g}");
                let upload = Event::new(
                    Party::Site("s1".into()),
                    Action::Upload {
                        licence_id: id.clone(),
                        type_id: "forklift".into(),
                        answering: None,
                    },
                );
                let uploaded = licence(&id, &self.candidate(), "forklift");
                t.custody_event(
                    &ctx(),
                    &self.candidate(),
                    &upload,
                    Some(&uploaded),
                    day("2026-01-10"),
                )
            }
            _ => t
                .add_attachment(
                    &ctx(),
                    &format!("a{g}"),
                    &first,
                    "card.bin",
                    "application/octet-stream",
                    &self.content(),
                )
                .map(drop),
        }
    }

    /// How many of the operation's parts are stored, of how many: each
    /// record it writes, and the audit entry of each.
    fn stored(self, t: &Tracker) -> (usize, usize) {
        let g = self.group();
        let first = format!("l{g}");
        let parts = match self.n % 5 {
            0 => vec![
                licence_is(t, &first, |_| true),
                audited(t, RecordKind::Licence, &first, "record_licence"),
            ],
            1 => vec![
                licence_is(t, &first, |l| l.notes == EDITED),
                audited(t, RecordKind::Licence, &first, "edit_licence"),
            ],
            2 => (1..=3)
                .flat_map(|k| {
                    let id = format!("i{g}-{k}");
                    [
                        licence_is(t, &id, |_| true),
                        audited(t, RecordKind::Licence, &id, "import_licence"),
                    ]
                })
                .collect(),
            3 => {
                let id = format!("u{g}");
                let candidate = self.candidate();
                let quoted = format!("\"{id}\"");
                let shared = t
                    .associations(&candidate, &Party::Staff)
                    .expect("associations")
                    .iter()
                    .any(|a| a.licence_id.as_deref() == Some(id.as_str()));
                let query = AuditQuery::Record {
                    kind: RecordKind::Person,
                    id: candidate,
                };
                let share_audited = t.audit(&query).expect("audit").iter().any(|e| {
                    e.action == "custody_upload"
                        && e.changes.iter().any(|c| {
                            c.new.as_ref().is_some_and(|new| new.contains(&quoted))
                                && !c.old.as_ref().is_some_and(|old| old.contains(&quoted))
                        })
                });
                vec![
                    licence_is(t, &id, |l| l.owner == Owner::Site("s1".into())),
                    audited(t, RecordKind::Licence, &id, "custody_upload"),
                    shared,
                    share_audited,
                ]
            }
            _ => {
                let id = format!("a{g}");
                let attached = match t.attachment(&id, &Party::Staff) {
                    Ok((_, content)) => content == self.content(),
                    Err(e) if e.kind() == ErrorKind::NotFound => false,
                    Err(e) => panic!("attachment {id}: {e}"),
                };
                vec![
                    attached,
                    audited(t, RecordKind::Attachment, &id, "add_attachment"),
                ]
            }
        };
        (parts.iter().filter(|p| **p).count(), parts.len())
    }
}

/// Whether the licence `id` is stored and `check` holds of it.
fn licence_is(t: &Tracker, id: &str, check: impl Fn(&Licence) -> bool) -> bool {
    match t.licence(id, &Party::Staff) {
        Ok(record) => check(&record.licence),
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => panic!("licence {id}: {e}"),
    }
}

/// Whether the record has an audit entry of `action`.
fn audited(t: &Tracker, kind: RecordKind, id: &str, action: &str) -> bool {
    let query = AuditQuery::Record {
        kind,
        id: id.to_owned(),
    };
    t.audit(&query)
        .expect("audit")
        .iter()
        .any(|e| e.action == action)
}

/// Runs the round's operations one after another, reporting `ready` when
/// the file is open and `ack N` when operation N has returned `Ok`, until
/// it is killed.
fn write_until_killed(path: &Path, round: u32) {
    let tracker = Tracker::open(path).expect("open");
    say("ready");
    for n in 0.. {
        let op = Op { round, n };
        op.run(&tracker).unwrap_or_else(|e| panic!("{op:?}: {e}"));
        say(&format!("ack {n}"));
    }
}

/// SplitMix64: a small deterministic generator, so that a failing round
/// runs again the same way.
struct Rng(u64);

impl Rng {
    /// A number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// Checks the operations of a round whose writer acknowledged `acked`:
/// those are stored whole, the one it was running is stored whole or not
/// at all, and none after it began.
fn check_round(t: &Tracker, round: u32, acked: u32) {
    for n in 0..=acked + 1 {
        let op = Op { round, n };
        let (stored, parts) = op.stored(t);
        match n.cmp(&acked) {
            std::cmp::Ordering::Less => {
                assert_eq!(
                    stored, parts,
                    "{op:?} was acknowledged but is not all there"
                )
            }
            std::cmp::Ordering::Equal => assert!(
                stored == 0 || stored == parts,
                "{op:?}, running when killed, is half there: {stored} of {parts} parts"
            ),
            std::cmp::Ordering::Greater => assert_eq!(stored, 0, "{op:?} never ran"),
        }
    }
}

#[test]
fn a_writer_killed_at_random_moments_loses_nothing_it_acknowledged() {
    const ROUNDS: u32 = 24;
    let dir = tempdir();
    let path = dir.join("killed.db");
    organisation(&Tracker::open(&path).expect("open"));
    let mut acked_by_round = Vec::new();
    for round in 0..ROUNDS {
        Tracker::open(&path)
            .expect("open")
            .register_person(&ctx(), &person(&Op { round, n: 0 }.candidate()))
            .expect("the round's candidate");
        let mut rng = Rng(u64::from(round));
        let (mut child, reports) = spawn(worker(
            &json!({"kind": "write", "path": path, "round": round}),
        ));
        // Every fourth round is killed while it starts and opens the file,
        // the others while they write.
        let delay = if round % 4 == 3 {
            rng.below(30)
        } else {
            let ready = reports.recv_timeout(Duration::from_secs(30));
            if ready.as_deref() != Ok("ready") {
                child.kill().ok();
                panic!(
                    "round {round}: the writer did not open: {ready:?}, {:?}",
                    child.wait()
                );
            }
            rng.below(150)
        };
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("kill");
        let status = child.wait().expect("the killed writer");
        let acked: Vec<u32> = reports
            .iter()
            .filter_map(|r| r.strip_prefix("ack ").map(|n| n.parse().expect("a number")))
            .collect();
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the writer stopped before it was killed ({status}) after {acked:?}"
        );
        let count = acked.len() as u32;
        assert_eq!(acked, (0..count).collect::<Vec<_>>(), "round {round}");
        assert_eq!(integrity(&path), "ok", "round {round}");
        let tracker = Tracker::open(&path).expect("reopen after the kill");
        check_round(&tracker, round, count);
        acked_by_round.push(count);
    }
    // A writer got through every kind of operation, and every round's
    // operations are still whole.
    assert!(
        acked_by_round.iter().any(|&n| n >= 5),
        "too few operations to kill: {acked_by_round:?}"
    );
    let tracker = Tracker::open(&path).expect("reopen");
    for (round, acked) in (0..).zip(acked_by_round) {
        check_round(&tracker, round, acked);
    }
}

// ---------------------------------------------------------------------------
// 2. A full disk.

/// A SQLite store on a disk that has room for `room` more pages at the
/// start of each transaction (negative: for as many as it likes), through
/// SQLite's `max_page_count`, which fails a write that would grow the file
/// beyond it as a full disk does (SQLITE_FULL).
struct Cramped {
    inner: SqliteStore,
    room: Arc<AtomicI64>,
}

impl Store for Cramped {
    fn begin(&mut self) -> Result<()> {
        let connection = self.inner.connection();
        let pages: i64 = connection.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let room = self.room.load(Ordering::SeqCst);
        let most = if room < 0 {
            4_294_967_294
        } else {
            pages + room
        };
        connection
            .pragma_update_and_check(None, "max_page_count", most, |row| row.get::<_, i64>(0))?;
        self.inner.begin()
    }

    fn commit(&mut self) -> Result<()> {
        self.inner.commit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.inner.rollback()
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        self.inner.get(collection, ids)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        self.inner.put(collection, entries)
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        self.inner.remove(collection, ids)
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        self.inner.find(query)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        self.inner.count(collection, conditions)
    }

    fn will_put(&mut self, collection: &str, count: u64) -> Result<()> {
        self.inner.will_put(collection, count)
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        self.inner.next_sequence(name, count)
    }
}

/// Runs `operation` with room for 0, 1, 2, 4… more pages until it
/// succeeds: each time the disk fills it fails with a storage error saying
/// so and stores nothing. Returns how many times it failed.
fn fill_the_disk_until_it_fits(
    tracker: &Tracker,
    path: &Path,
    room: &AtomicI64,
    what: &str,
    operation: impl Fn() -> Result<()>,
) -> u32 {
    let rooms = std::iter::once(0).chain((0..20).map(|i| 1 << i));
    for (failures, pages) in (0..).zip(rooms) {
        let before = snapshot(tracker);
        room.store(pages, Ordering::SeqCst);
        let outcome = operation();
        room.store(-1, Ordering::SeqCst);
        let Err(e) = outcome else {
            return failures;
        };
        assert_eq!(e.kind(), ErrorKind::Storage, "{what}, {pages} pages: {e}");
        assert!(e.to_string().contains("full"), "{what}, {pages} pages: {e}");
        assert_eq!(snapshot(tracker), before, "{what}, {pages} pages: {e}");
        assert_eq!(integrity(path), "ok", "{what}, {pages} pages");
    }
    panic!("{what} never fitted");
}

#[test]
fn a_full_disk_fails_an_import_or_an_operation_and_keeps_nothing_of_it() {
    let dir = tempdir();
    let path = dir.join("full.db");
    let mut store = SqliteStore::open(&path).expect("open");
    // The import sets the licences' indexes aside, and its commit builds
    // them again: the disk may fill there too.
    store.set_bulk_threshold(500);
    let room = Arc::new(AtomicI64::new(-1));
    let tracker = Tracker::new(Box::new(Cramped {
        inner: store,
        room: Arc::clone(&room),
    }));
    organisation(&tracker);

    // A licence with long notes: its record and its audit entry each take
    // a few pages.
    let long = Licence {
        notes: "n".repeat(10_000),
        ..licence("long", "ana", "forklift")
    };
    let failures = fill_the_disk_until_it_fits(&tracker, &path, &room, "a licence", || {
        tracker.record_licence(&ctx(), &long, None).map(drop)
    });
    assert!(failures >= 2, "recording failed only {failures} times");
    assert!(licence_is(&tracker, "long", |l| l.notes.len() == 10_000));

    let content = vec![7; 200_000];
    let failures = fill_the_disk_until_it_fits(&tracker, &path, &room, "an attachment", || {
        tracker
            .add_attachment(
                &ctx(),
                "f1",
                "long",
                "scan.pdf",
                "application/pdf",
                &content,
            )
            .map(drop)
    });
    assert!(failures >= 5, "attaching failed only {failures} times");
    let (_, stored) = tracker.attachment("f1", &Party::Staff).expect("attached");
    assert_eq!(stored, content);

    let csv = licences_csv("k", 1_500);
    let failures = fill_the_disk_until_it_fits(&tracker, &path, &room, "the import", || {
        let report =
            tracker.import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::KeepGoodRows)?;
        assert_eq!((report.imported, report.rejected), (1_500, 0));
        Ok(())
    });
    assert!(failures >= 5, "the import failed only {failures} times");
    assert!(licence_is(&tracker, "k1500", |_| true));
}

// ---------------------------------------------------------------------------
// 3 and 4. Read-only and corrupted files: a worker opens the file, reads,
// writes and reads again, and reports each step's outcome.

/// Reports `step ok` or `step KIND MESSAGE` for each step on the file, and
/// whether the directory `dir` refused a new file (`unenforced` if not).
fn probe(path: &Path, dir: Option<&Path>) {
    if let Some(dir) = dir {
        let test = dir.join("probe");
        if std::fs::write(&test, b"").is_ok() {
            std::fs::remove_file(&test).ok();
            say("unenforced");
            return;
        }
    }
    let outcome = |step: &str, result: Result<()>| match result {
        Ok(()) => say(&format!("{step} ok")),
        Err(e) => say(&format!("{step} {} {e}", e.kind())),
    };
    let tracker = match Tracker::open(path) {
        Ok(tracker) => tracker,
        Err(e) => return outcome("open", Err(e)),
    };
    outcome("open", Ok(()));
    let reads = |when: &str| {
        let everything = LicenceQuery {
            include_superseded: true,
            include_deleted: true,
            ..LicenceQuery::default()
        };
        outcome(
            &format!("people{when}"),
            tracker
                .people(&PeopleQuery::default(), support::EVERYTHING)
                .map(|l| l.items)
                .map(drop),
        );
        outcome(
            &format!("licences{when}"),
            tracker
                .licences(&everything, support::EVERYTHING)
                .map(|l| l.items)
                .map(drop),
        );
        outcome(
            &format!("overview{when}"),
            tracker
                .overview(&OverviewQuery::default(), day("2026-03-01"))
                .map(drop),
        );
        let audit = AuditQuery::Person { id: "ana".into() };
        outcome(&format!("audit{when}"), tracker.audit(&audit).map(drop));
        outcome(
            &format!("attachment{when}"),
            tracker.attachment("f1", &Party::Staff).map(drop),
        );
        outcome(
            &format!("due{when}"),
            tracker.due_reminders(day("2026-12-01")).map(drop),
        );
    };
    reads("");
    outcome(
        "write",
        tracker.register_person(&ctx(), &person("new")).map(drop),
    );
    reads("-again");
}

/// The outcomes a probe reported, as (step, kind or `ok`, message).
fn outcomes(reports: &[String]) -> Vec<(String, String, String)> {
    reports
        .iter()
        .map(|r| {
            let (step, rest) = r.split_once(' ').expect("a step's outcome");
            let (kind, message) = rest.split_once(' ').unwrap_or((rest, ""));
            (step.to_owned(), kind.to_owned(), message.to_owned())
        })
        .collect()
}

/// A good database with people, licences, an attachment and reminders due,
/// closed (its journal folded into the file).
fn good_database(path: &Path) {
    let tracker = Tracker::open(path).expect("open");
    organisation(&tracker);
    for p in 0..20 {
        tracker
            .register_person(&ctx(), &person(&format!("p{p}")))
            .expect("person");
    }
    let csv = licences_csv("g", 300);
    tracker
        .import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
        .expect("import");
    tracker
        .add_attachment(&ctx(), "f1", "g1", "card.jpg", "image/jpeg", &[1; 20_000])
        .expect("attachment");
}

#[test]
fn a_read_only_file_refuses_writes_with_a_storage_error() {
    let dir = tempdir();
    let good = dir.join("good.db");
    good_database(&good);
    // (case, the file's mode or none for a missing file, the directory's)
    let cases = [
        ("a read-only file", Some(0o444), 0o777),
        (
            "a writable file in a read-only directory",
            Some(0o666),
            0o555,
        ),
        (
            "a read-only file in a read-only directory",
            Some(0o444),
            0o555,
        ),
        ("a new file in a read-only directory", None, 0o555),
    ];
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    // Root writes anywhere: the workers then run as `nobody`.
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).expect("a folder");
    mode(&locked, 0o555);
    let as_nobody = std::fs::write(locked.join("probe"), b"").is_ok();
    mode(&locked, 0o755);
    for (i, (case, file, directory)) in cases.into_iter().enumerate() {
        let folder = dir.join(format!("case{i}"));
        std::fs::create_dir(&folder).expect("a folder");
        let path = folder.join("licences.db");
        if let Some(file) = file {
            std::fs::copy(&good, &path).expect("a copy");
            mode(&path, file);
        }
        mode(&folder, directory);
        let before = std::fs::read(&path).ok();
        let mut command = worker(&json!({"kind": "probe", "path": path, "dir":
            (directory == 0o555).then_some(&folder)}));
        if as_nobody {
            command.uid(65534).gid(65534);
        }
        let reports = run(command, case);
        mode(&folder, 0o755);
        if reports == ["unenforced"] {
            println!("{case}: skipped, the directory's permissions are not enforced");
            continue;
        }
        let outcomes = outcomes(&reports);
        for (step, kind, message) in &outcomes {
            assert!(
                ["ok", "storage"].contains(&kind.as_str()),
                "{case}, {step}: {kind} {message}"
            );
        }
        // Opening fails, or else writing does, saying why.
        let (step, kind, message) = outcomes
            .iter()
            .find(|(step, kind, _)| ["open", "write"].contains(&step.as_str()) && kind != "ok")
            .unwrap_or_else(|| panic!("{case}: opened and written: {outcomes:?}"));
        assert_eq!(kind, "storage", "{case}, {step}: {message}");
        let lower = message.to_lowercase();
        assert!(
            ["read", "open", "permission", "denied"]
                .iter()
                .any(|word| lower.contains(word)),
            "{case}, {step}: unclear: {message}"
        );
        println!("{case}: {step} failed: {message}");
        assert_eq!(
            std::fs::read(&path).ok(),
            before,
            "{case}: the file changed"
        );
    }
}

#[test]
fn a_corrupted_file_fails_with_storage_errors_and_never_crashes() {
    let dir = tempdir();
    let good = dir.join("good.db");
    good_database(&good);
    let bytes = std::fs::read(&good).expect("the good file");
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let pages = bytes.len() / page;
    assert!(pages > 20, "only {pages} pages");
    let middle = pages / 2 * page;
    let last = (pages - 1) * page;
    let flipped = |offsets: &[usize]| {
        let mut copy = bytes.clone();
        for &at in offsets {
            for byte in &mut copy[at..at + 16] {
                *byte ^= 0xff;
            }
        }
        copy
    };
    // Where the middle one of the stored documents holding `text` holds it.
    let within = |text: &str| {
        let found: Vec<usize> = (0..bytes.len() - text.len())
            .filter(|&at| bytes[at..].starts_with(text.as_bytes()))
            .collect();
        assert!(!found.is_empty(), "no `{text}` stored");
        found[found.len() / 2]
    };
    let mut impossible_date = bytes.clone();
    let at = within("\"expiry\":\"2027-01-01\"") + 10;
    impossible_date[at..at + 10].copy_from_slice(b"2027-02-31");
    let damaged = [
        ("the header's magic", flipped(&[0])),
        ("the header's sizes and counts", flipped(&[16, 28, 44])),
        ("the schema page", flipped(&[100, page / 2, page - 16])),
        (
            "a page in the middle",
            flipped(&[middle, middle + page / 2]),
        ),
        (
            "the last page",
            flipped(&[last, last + page / 2, last + page - 16]),
        ),
        (
            "every page's start",
            flipped(&(1..pages).map(|p| p * page).collect::<Vec<_>>()),
        ),
        ("a licence", flipped(&[within("\"holder_id\":\"ana\"")])),
        ("a licence's expiry, 31 February", impossible_date),
        (
            "an audit entry",
            flipped(&[within("\"action\":\"import_licence\"")]),
        ),
        ("a person", flipped(&[within("\"name\":\"Person p")])),
        ("the file cut short", bytes[..bytes.len() * 2 / 3].to_vec()),
    ];
    for (i, (what, content)) in damaged.iter().enumerate() {
        let path = dir.join(format!("damaged{i}.db"));
        std::fs::write(&path, content).expect("a damaged copy");
        let reports = run(worker(&json!({"kind": "probe", "path": path})), what);
        let outcomes = outcomes(&reports);
        assert!(!outcomes.is_empty(), "{what}: nothing reported");
        for (step, kind, message) in &outcomes {
            assert!(
                ["ok", "storage"].contains(&kind.as_str()),
                "{what}, {step}: {kind} {message}"
            );
        }
        let failed: Vec<String> = outcomes
            .iter()
            .filter(|(_, kind, _)| kind != "ok")
            .map(|(step, _, message)| format!("{step}: {message}"))
            .collect();
        println!("{what}: {} steps, failed: {failed:?}", outcomes.len());
    }
}

// ---------------------------------------------------------------------------
// 5. Four processes writing one file.

/// Licences each writer records.
const EACH: usize = 50;

/// Registers the worker's own person and licence type and records
/// [`EACH`] licences, reporting `ack ID` for each, or `error KIND MESSAGE`
/// for a step that failed.
fn record_many(path: &Path, worker: &str) {
    let failed = |e: licence_core::Error| say(&format!("error {} {e}", e.kind()));
    let tracker = match Tracker::open(path) {
        Ok(tracker) => tracker,
        Err(e) => return failed(e),
    };
    let setup = tracker
        .register_person(&ctx(), &person(worker))
        .map(drop)
        .and_then(|()| tracker.create_licence_type(&ctx(), &licence_type(worker)));
    if let Err(e) = setup {
        return failed(e);
    }
    for i in 0..EACH {
        let id = format!("{worker}-{i}");
        match tracker.record_licence(&ctx(), &licence(&id, worker, worker), None) {
            Ok(_) => say(&format!("ack {id}")),
            Err(e) => failed(e),
        }
    }
}

#[test]
fn four_processes_writing_one_new_file_lose_nothing() {
    let dir = tempdir();
    let path = dir.join("shared.db");
    let writers: Vec<_> = (1..=4)
        .map(|w| {
            let task = json!({"kind": "record", "path": path, "worker": format!("w{w}")});
            std::thread::spawn(move || run(worker(&task), "a writer"))
        })
        .collect();
    let mut acked = Vec::new();
    let mut errors = Vec::new();
    for writer in writers {
        for report in writer.join().expect("a writer") {
            match report.strip_prefix("ack ") {
                Some(id) => acked.push(id.to_owned()),
                None => errors.push(report),
            }
        }
    }
    assert!(errors.is_empty(), "writers failed: {errors:?}");
    assert_eq!(acked.len(), 4 * EACH);
    assert_eq!(integrity(&path), "ok");
    let tracker = Tracker::open(&path).expect("open");
    let mut stored: Vec<String> = tracker
        .licences(&LicenceQuery::default(), support::EVERYTHING)
        .map(|l| l.items)
        .expect("licences")
        .into_iter()
        .map(|r| r.licence.id)
        .collect();
    stored.sort();
    acked.sort();
    assert_eq!(stored, acked);
    for id in &acked {
        assert!(
            audited(&tracker, RecordKind::Licence, id, "record_licence"),
            "{id} has no audit entry"
        );
    }
}
