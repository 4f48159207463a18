//! The SQLite store: migrations, persistence across reopening, sharing a
//! tracker between threads, and the .xlsx export read back.

#![allow(clippy::expect_used, clippy::panic)]

mod support;

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use licence_core::custody::Party;
use licence_core::model::{Licence, LicenceKind, LicenceType, Owner, Role};
use licence_core::report::{OverviewFilter, OverviewQuery};
use licence_core::store::sqlite::{SCHEMA_VERSION, SqliteStore};
use licence_core::store::{LicenceQuery, Page, PeopleQuery};
use licence_core::tracker::Tracker;
use licence_core::{Period, Status};
use rusqlite::Connection;
use support::{ctx, day, person, tempdir};

fn forklift() -> LicenceType {
    LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: "forklift".into(),
        name: "Forklift licence".into(),
        kind: LicenceKind::Licence,
        validity: Some(Period::years(3)),
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    }
}

fn licence(id: &str, holder: &str, expiry: &str) -> Licence {
    Licence {
        id: id.into(),
        holder_id: holder.into(),
        type_id: "forklift".into(),
        reference: Some(format!("REF-{id}")),
        issuer: None,
        acquired: Some(day("2024-01-01")),
        expiry: Some(day(expiry)),
        notes: "kept in the van".into(),
        owner: Owner::Candidate,
        renews: None,
        superseded_by: None,
        fields: Default::default(),
    }
}

/// The schema as SQLite reports it (without the planner's statistics), for
/// comparing two databases.
fn schema(connection: &Connection) -> Vec<String> {
    let mut statement = connection
        .prepare(
            "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
        )
        .expect("schema query");
    statement
        .query_map([], |row| row.get(0))
        .expect("schema rows")
        .collect::<Result<_, _>>()
        .expect("schema")
}

#[test]
fn an_empty_file_is_migrated_to_the_current_version() {
    let dir = tempdir();
    let store = SqliteStore::open(dir.join("fresh.db")).expect("open");
    assert_eq!(store.version().expect("version"), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 5);
}

/// Databases of each earlier schema (`fixtures/v1.sql` with a few rows,
/// and the sample database of `fixtures/v2.sql`) end with the schema of a
/// fresh one and their records; `migration.rs` checks every answer of the
/// version-2 database.
#[test]
fn every_earlier_version_migrates_forward_keeping_its_data() {
    let dir = tempdir();
    let fresh = SqliteStore::open(dir.join("fresh.db")).expect("open fresh");
    let v1 = format!(
        "{}
         INSERT INTO people (id, name, roles, registered_on, active, location)
            VALUES ('old', 'Old Record', 17, 20000, 1, 'Leeds');
         INSERT INTO licence_types (id, name, name_key, doc) VALUES ('forklift', 'Forklift', 'forklift',
            '{{\"id\":\"forklift\",\"name\":\"Forklift\",\"kind\":\"licence\"}}');
         INSERT INTO licences (id, holder_id, type_id, expiry, notes, created_at, updated_at, next_reminder)
            VALUES ('l1', 'old', 'forklift', 20400, '', 1, 1, 20300);",
        include_str!("fixtures/v1.sql")
    );
    for (version, sql, people, licences) in [
        (1, v1.as_str(), 1, 1),
        (2, include_str!("fixtures/v2.sql"), 14, 77),
    ] {
        let path = dir.join(format!("v{version}.db"));
        Connection::open(&path)
            .expect("open old")
            .execute_batch(sql)
            .expect("old schema");
        let migrated = SqliteStore::open(&path).expect("migrate");
        assert_eq!(migrated.version().expect("version"), SCHEMA_VERSION);
        assert_eq!(
            schema(migrated.connection()),
            schema(fresh.connection()),
            "from version {version}"
        );
        let tracker = Tracker::new(Box::new(migrated));
        let found = tracker
            .people(&PeopleQuery::default(), Page::default())
            .map(|l| l.items)
            .expect("people");
        assert_eq!(found.len(), people, "from version {version}");
        let all = LicenceQuery {
            include_superseded: true,
            include_deleted: true,
            ..LicenceQuery::default()
        };
        assert_eq!(
            tracker
                .licences(&all, Page::default())
                .map(|l| l.items)
                .expect("licences")
                .len(),
            licences
        );
    }
    let tracker = Tracker::open(dir.join("v1.db")).expect("reopen");
    let old = tracker.person("old").expect("old person");
    assert_eq!(old.roles, [Role::Delegate, Role::Manager]);
    assert_eq!(old.location.as_deref(), Some("Leeds"));
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempdir();
    let path = dir.join("newer.db");
    Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("version");
    let error = SqliteStore::open(&path).expect_err("newer schema");
    assert_eq!(error.kind(), licence_core::ErrorKind::Storage);
    assert!(error.to_string().contains("schema version 99"), "{error}");
}

#[test]
fn records_survive_reopening_the_file() {
    let dir = tempdir();
    let path = dir.join("phone.db");
    {
        let tracker = Tracker::open(&path).expect("open");
        tracker
            .register_person(&ctx(), &person("ana"))
            .expect("register");
        tracker
            .create_licence_type(&ctx(), &forklift())
            .expect("type");
        tracker
            .record_licence(&ctx(), &licence("l1", "ana", "2026-05-31"), None)
            .expect("record");
        tracker
            .add_attachment(
                &ctx(),
                "f1",
                "l1",
                "card.jpg",
                "image/jpeg",
                &[0xff, 0xd8, 0xff],
            )
            .expect("attach");
    }
    let tracker = Tracker::open(&path).expect("reopen");
    let mine = tracker.licences_of("ana", day("2026-05-01")).expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].record.licence, licence("l1", "ana", "2026-05-31"));
    assert_eq!(
        (mine[0].status, mine[0].days_left),
        (Status::Expiring, Some(30))
    );
    let (attachment, content) = tracker.attachment("f1", &Party::Staff).expect("attachment");
    assert_eq!((attachment.size, content), (3, vec![0xff, 0xd8, 0xff]));
}

#[test]
fn eight_threads_share_one_tracker_and_nothing_is_lost() {
    let dir = tempdir();
    let tracker = Arc::new(Tracker::open(dir.join("shared.db")).expect("open"));
    tracker
        .create_licence_type(&ctx(), &forklift())
        .expect("type");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let tracker = Arc::clone(&tracker);
            std::thread::spawn(move || {
                for i in 0..25 {
                    let holder = format!("p{t}-{i}");
                    tracker
                        .register_person(&ctx(), &person(&holder))
                        .expect("register");
                    let id = format!("l{t}-{i}");
                    tracker
                        .record_licence(&ctx(), &licence(&id, &holder, "2026-05-31"), None)
                        .expect("record");
                    tracker
                        .acknowledge(&ctx(), &id, day("2026-05-31"), day("2026-02-28"))
                        .expect("ack");
                    let page = tracker
                        .overview(&OverviewQuery::default(), day("2026-03-01"))
                        .expect("overview");
                    assert!(page.total >= 1);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread failed");
    }
    assert_eq!(
        tracker
            .people(&PeopleQuery::default(), Page::default())
            .map(|l| l.items)
            .expect("people")
            .len(),
        200
    );
    let licences = tracker
        .licences(&LicenceQuery::default(), Page::default())
        .map(|l| l.items)
        .expect("licences");
    assert_eq!(licences.len(), 200);
    assert!(
        licences
            .iter()
            .all(|r| r.reminded_through == Some(day("2026-02-28")))
    );
    let counts = tracker
        .status_counts(&OverviewFilter::default(), day("2026-03-02"))
        .expect("counts");
    assert_eq!(
        (counts.active, counts.expiring, counts.expired),
        (0, 200, 0)
    );
}

#[test]
fn the_xlsx_export_has_the_overview_cells() {
    let tracker = Tracker::in_memory();
    tracker
        .register_person(&ctx(), &person("ana"))
        .expect("register");
    tracker
        .create_licence_type(&ctx(), &forklift())
        .expect("type");
    tracker
        .record_licence(&ctx(), &licence("l1", "ana", "2026-05-31"), None)
        .expect("record");
    tracker
        .record_licence(&ctx(), &licence("l2", "ana", "2026-01-31"), None)
        .expect("record");
    let bytes = tracker
        .export_xlsx(&OverviewQuery::default(), day("2026-03-01"))
        .expect("xlsx");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let sheet = workbook.worksheet_range("Licences").expect("the sheet");
    assert_eq!(sheet.get_size(), (3, 13));
    let cell = |row: u32, col: u32| sheet.get_value((row, col)).cloned().expect("a cell");
    assert_eq!(cell(0, 0), Data::String("licence_id".into()));
    assert_eq!(cell(1, 0), Data::String("l2".into()));
    assert_eq!(cell(1, 9), Data::String("expired".into()));
    assert_eq!(cell(1, 10), Data::Float(-29.0));
    assert_eq!(cell(2, 2), Data::String("Person ana".into()));
    assert_eq!(cell(2, 5), Data::String("REF-l1".into()));
    match cell(2, 8) {
        Data::DateTime(date) => {
            assert_eq!(date.as_f64(), 46173.0, "2026-05-31 as an Excel serial date")
        }
        other => panic!("expiry is not a date: {other:?}"),
    }
}
