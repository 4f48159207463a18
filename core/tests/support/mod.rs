//! Shared pieces of the tracker tests: a store that fails its Nth write (or
//! its next commits, as conflicts with other transactions), a snapshot of
//! everything a tracker keeps, and a temporary directory.

#![allow(dead_code, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use licence_core::audit::AuditQuery;
use licence_core::custody::Party;
use licence_core::model::{Person, Role};
use licence_core::store::{
    Condition, Entry, LicenceQuery, Page, PeopleQuery, Query, SeatQuery, Store, Stored,
};
use licence_core::tracker::{Context, Tracker};
use licence_core::{Day, Error, RecordKind, Result};

/// Counts writes and fails the write numbered `fail_at` (1-based; 0 never);
/// counts transactions begun, and fails the next `conflicts` commits as
/// conflicts with another transaction (which the tracker may retry).
#[derive(Clone, Default)]
pub struct Faults {
    pub writes: Arc<AtomicUsize>,
    pub fail_at: Arc<AtomicUsize>,
    pub begins: Arc<AtomicUsize>,
    pub conflicts: Arc<AtomicUsize>,
    conflicted: Arc<AtomicBool>,
}

impl Faults {
    fn write(&self) -> Result<()> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at.load(Ordering::SeqCst) {
            return Err(Error::storage(format!("injected failure of write {n}")));
        }
        Ok(())
    }

    /// Fails write `n` from now on (0: none), counting from zero again.
    pub fn arm(&self, n: usize) {
        self.writes.store(0, Ordering::SeqCst);
        self.fail_at.store(n, Ordering::SeqCst);
    }

    pub fn count(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    /// Fails the commit with a conflict while any is left to fail.
    fn commit(&self) -> Result<()> {
        let left = self.conflicts.load(Ordering::SeqCst);
        if left > 0 {
            self.conflicts.store(left - 1, Ordering::SeqCst);
            self.conflicted.store(true, Ordering::SeqCst);
            return Err(Error::storage(
                "injected conflict: could not serialize access",
            ));
        }
        Ok(())
    }
}

/// A store that delegates to `inner` and fails where `faults` says.
pub struct FailingStore {
    pub inner: Box<dyn Store>,
    pub faults: Faults,
}

impl Store for FailingStore {
    fn begin(&mut self) -> Result<()> {
        self.faults.begins.fetch_add(1, Ordering::SeqCst);
        self.inner.begin()
    }

    fn commit(&mut self) -> Result<()> {
        self.faults.commit()?;
        self.inner.commit()
    }

    fn retry(&mut self) -> bool {
        self.faults.conflicted.swap(false, Ordering::SeqCst)
    }

    fn rollback(&mut self) -> Result<()> {
        self.inner.rollback()
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        self.inner.get(collection, ids)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        self.faults.write()?;
        self.inner.put(collection, entries)
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        self.faults.write()?;
        self.inner.remove(collection, ids)
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        self.inner.find(query)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        self.inner.count(collection, conditions)
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        self.faults.write()?;
        self.inner.next_sequence(name, count)
    }
}

/// A page as long as a page may be: everything of a test's tracker.
pub const EVERYTHING: Page = Page {
    offset: 0,
    limit: licence_core::report::MAX_PAGE,
};

/// Everything a tracker keeps, as one comparable text.
pub fn snapshot(tracker: &Tracker) -> String {
    let everything = LicenceQuery {
        include_superseded: true,
        include_deleted: true,
        ..LicenceQuery::default()
    };
    let people = tracker
        .people(&PeopleQuery::default(), EVERYTHING)
        .map(|l| l.items)
        .expect("people");
    let licences = tracker
        .licences(&everything, EVERYTHING)
        .map(|l| l.items)
        .expect("licences");
    let mut parts = vec![
        format!("{:?}", tracker.settings().expect("settings")),
        format!("{people:?}"),
        format!("{:?}", tracker.licence_types().expect("types")),
        format!("{licences:?}"),
        format!("{:?}", tracker.courses().expect("courses")),
        format!(
            "{:?}",
            tracker
                .seats(&SeatQuery::default(), EVERYTHING)
                .map(|l| l.items)
                .expect("seats")
        ),
        format!("{:?}", tracker.rules().expect("rules")),
        format!("{:?}", tracker.sites().expect("sites")),
    ];
    for record in &licences {
        let id = &record.licence.id;
        parts.push(format!("{:?}", tracker.acknowledgements(id).expect("acks")));
        let attachments = tracker.attachments(id, &Party::Staff).expect("attachments");
        for a in &attachments {
            parts.push(format!(
                "{:?}",
                tracker
                    .attachment(&a.id, &Party::Staff)
                    .expect("attachment")
            ));
        }
        let query = AuditQuery::Record {
            kind: RecordKind::Licence,
            id: id.clone(),
        };
        parts.push(format!("{:?}", tracker.audit(&query).expect("audit")));
    }
    for person in &people {
        parts.push(format!(
            "{:?}",
            tracker
                .associations(&person.id, &Party::Staff)
                .expect("associations")
        ));
        let query = AuditQuery::Person {
            id: person.id.clone(),
        };
        parts.push(format!("{:?}", tracker.audit(&query).expect("audit")));
    }
    parts.join("\n")
}

/// A fresh directory under the system's temporary directory, removed with
/// everything in it when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn join(&self, name: impl AsRef<std::path::Path>) -> std::path::PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

pub fn tempdir() -> TempDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "licence-tests-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// The acting context of the tests: the organisation's staff.
pub fn ctx() -> Context {
    Context::new("admin", 1_767_225_600)
}

/// A delegate in Leeds with an e-mail address.
pub fn person(id: &str) -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: id.into(),
        name: format!("Person {id}"),
        email: Some(format!("{id}@example.org")),
        location: Some("Leeds".into()),
        department: None,
        roles: vec![Role::Delegate],
        registered_on: day("2025-01-01"),
        active: true,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

pub fn day(text: &str) -> Day {
    Day::parse("test", text).expect("a test date")
}

/// Why the PostgreSQL tests are ignored without a server.
#[cfg(feature = "postgres")]
pub const NEEDS_POSTGRES: &str =
    "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES";

/// The URL of the organisation `schema` on the test server.
#[cfg(feature = "postgres")]
pub fn postgres_url(schema: &str) -> String {
    let server = std::env::var("LICENCE_TEST_POSTGRES")
        .expect("LICENCE_TEST_POSTGRES: run the PostgreSQL tests with `make test-postgres`");
    format!("{server}?schema={schema}")
}

/// The store of the organisation `schema` on the test server, emptied.
#[cfg(feature = "postgres")]
pub fn postgres_store(schema: &str) -> licence_core::store::postgres::PostgresStore {
    let mut store = licence_core::store::postgres::PostgresStore::open(&postgres_url(schema))
        .expect("the test server");
    store.clear().expect("emptied");
    store
}
