//! The SQLite store (bundled SQLite through rusqlite): the embedded default
//! for native hosts and mobile apps. WAL journal, foreign keys on, versioned
//! forward-only migrations over `user_version`, and indexes on the columns
//! that reminders and reports filter on.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::allocation::Rule;
use crate::audit::{AuditEntry, AuditQuery};
use crate::calendar::Day;
use crate::custody::Association;
use crate::error::{Error, Failure, RecordKind, Result};
use crate::expiry::{Status, Window};
use crate::model::{Attachment, Course, Licence, LicenceType, Owner, Person, Role, Seat, Site};
use crate::report::{
    OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, SortKey, StatusCounts, status_of,
};
use crate::settings::Settings;

use super::{
    AcknowledgementRecord, LicenceQuery, LicenceRecord, PeopleQuery, ReminderCandidate, SeatQuery,
    Store,
};

/// The schema, one forward-only step per version: step `n` takes a database
/// at version `n` to version `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the records.
    "CREATE TABLE settings (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);
     CREATE TABLE people (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, location TEXT, department TEXT,
        roles INTEGER NOT NULL, registered_on INTEGER NOT NULL, active INTEGER NOT NULL);
     CREATE TABLE licence_types (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
     CREATE TABLE licences (
        id TEXT PRIMARY KEY,
        holder_id TEXT NOT NULL REFERENCES people(id),
        type_id TEXT NOT NULL REFERENCES licence_types(id),
        reference TEXT, issuer TEXT, acquired INTEGER, expiry INTEGER, notes TEXT NOT NULL,
        owner_site TEXT, renews TEXT, superseded_by TEXT, deleted_on INTEGER,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        reminded_through INTEGER, next_reminder INTEGER);
     CREATE INDEX licences_holder ON licences(holder_id);
     CREATE TABLE acknowledgements (
        licence_id TEXT NOT NULL REFERENCES licences(id) ON DELETE CASCADE,
        expiry INTEGER NOT NULL, trigger_on INTEGER NOT NULL, at INTEGER NOT NULL);
     CREATE INDEX acknowledgements_licence ON acknowledgements(licence_id);
     CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        licence_id TEXT NOT NULL REFERENCES licences(id) ON DELETE CASCADE,
        doc TEXT NOT NULL, content BLOB NOT NULL);
     CREATE INDEX attachments_licence ON attachments(licence_id);
     CREATE TABLE courses (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
     CREATE TABLE seats (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people(id),
        course_id TEXT NOT NULL REFERENCES courses(id),
        state TEXT NOT NULL, doc TEXT NOT NULL);
     CREATE INDEX seats_person ON seats(person_id);
     CREATE INDEX seats_course ON seats(course_id);
     CREATE TABLE rules (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
     CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL);
     CREATE TABLE associations (
        candidate_id TEXT PRIMARY KEY REFERENCES people(id), doc TEXT NOT NULL);
     CREATE TABLE audit (
        seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, record_kind TEXT NOT NULL, record_id TEXT NOT NULL,
        person_id TEXT, changes TEXT NOT NULL);
     CREATE INDEX audit_record ON audit(record_kind, record_id);
     CREATE INDEX audit_person ON audit(person_id);",
    // 2: the sort key of current licences (no expiry sorts last) and the
    // indexes of the reminders outbox and the reports.
    "ALTER TABLE licences ADD COLUMN sort_expiry INTEGER
        GENERATED ALWAYS AS (COALESCE(expiry, 2147483647)) VIRTUAL;
     CREATE INDEX licences_current ON licences(sort_expiry, id)
        WHERE deleted_on IS NULL AND superseded_by IS NULL;
     CREATE INDEX licences_current_type ON licences(type_id, sort_expiry, id)
        WHERE deleted_on IS NULL AND superseded_by IS NULL;
     CREATE INDEX licences_outbox ON licences(sort_expiry, next_reminder)
        WHERE deleted_on IS NULL AND superseded_by IS NULL AND next_reminder IS NOT NULL;
     CREATE INDEX licences_deleted ON licences(deleted_on) WHERE deleted_on IS NOT NULL;
     CREATE INDEX people_location_department ON people(location, department);
     CREATE INDEX people_department ON people(department);
     CREATE INDEX people_administrators ON people(id) WHERE roles & 4 != 0;
     CREATE INDEX people_managers ON people(id) WHERE roles & 16 != 0;",
];

/// The schema version this build writes.
pub fn schema_version() -> u32 {
    MIGRATIONS.len() as u32
}

fn failed(e: rusqlite::Error) -> Error {
    e.into()
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    Failure::encode("a record", value)
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    Failure::decode(text)
}

fn day(number: Option<i32>) -> Result<Option<Day>> {
    number
        .map(|n| Day::from_number("stored date", n))
        .transpose()
}

const ROLES: [Role; 5] = [
    Role::Delegate,
    Role::Trainer,
    Role::Administrator,
    Role::Booker,
    Role::Manager,
];

fn role_bit(role: Role) -> i64 {
    1 << ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

fn role_bits(roles: &[Role]) -> i64 {
    roles.iter().fold(0, |bits, r| bits | role_bit(*r))
}

const PERSON_COLUMNS: &str = "id, name, email, location, department, roles, registered_on, active";

fn person_row(row: &Row<'_>) -> rusqlite::Result<(Person, i32)> {
    person_row_at(row, 0)
}

/// A person from the [`PERSON_COLUMNS`] starting at column `at`, with the
/// registration date still a day number.
fn person_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<(Person, i32)> {
    let bits: i64 = row.get(at + 5)?;
    Ok((
        Person {
            id: row.get(at)?,
            name: row.get(at + 1)?,
            email: row.get(at + 2)?,
            location: row.get(at + 3)?,
            department: row.get(at + 4)?,
            roles: ROLES
                .iter()
                .copied()
                .filter(|r| bits & role_bit(*r) != 0)
                .collect(),
            registered_on: Day::first(),
            active: row.get(at + 7)?,
        },
        row.get(at + 6)?,
    ))
}

fn person_from(parts: (Person, i32)) -> Result<Person> {
    let (person, registered) = parts;
    Ok(Person {
        registered_on: Day::from_number("stored date", registered)?,
        ..person
    })
}

const LICENCE_COLUMNS: &str = "l.id, l.holder_id, l.type_id, l.reference, l.issuer, l.acquired, l.expiry, \
    l.notes, l.owner_site, l.renews, l.superseded_by, l.deleted_on, l.created_at, l.updated_at, \
    l.reminded_through, l.next_reminder";

/// A licence row with its dates still as day numbers.
struct RawLicence {
    licence: Licence,
    acquired: Option<i32>,
    expiry: Option<i32>,
    deleted_on: Option<i32>,
    created_at: i64,
    updated_at: i64,
    reminded_through: Option<i32>,
    next_reminder: Option<i32>,
}

fn licence_row(row: &Row<'_>) -> rusqlite::Result<RawLicence> {
    let owner_site: Option<String> = row.get(8)?;
    Ok(RawLicence {
        licence: Licence {
            id: row.get(0)?,
            holder_id: row.get(1)?,
            type_id: row.get(2)?,
            reference: row.get(3)?,
            issuer: row.get(4)?,
            acquired: None,
            expiry: None,
            notes: row.get(7)?,
            owner: owner_site.map_or(Owner::Candidate, Owner::Site),
            renews: row.get(9)?,
            superseded_by: row.get(10)?,
        },
        acquired: row.get(5)?,
        expiry: row.get(6)?,
        deleted_on: row.get(11)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
        reminded_through: row.get(14)?,
        next_reminder: row.get(15)?,
    })
}

fn licence_from(raw: RawLicence) -> Result<LicenceRecord> {
    Ok(LicenceRecord {
        licence: Licence {
            acquired: day(raw.acquired)?,
            expiry: day(raw.expiry)?,
            ..raw.licence
        },
        deleted_on: day(raw.deleted_on)?,
        created_at: raw.created_at,
        updated_at: raw.updated_at,
        reminded_through: day(raw.reminded_through)?,
        next_reminder: day(raw.next_reminder)?,
    })
}

/// A store in a SQLite database file (or in memory).
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `path` and migrates it to
    /// the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let connection = Connection::open(path).map_err(failed)?;
        Self::from_connection(connection)
    }

    /// A private database in memory.
    pub fn open_in_memory() -> Result<Self> {
        Self::from_connection(Connection::open_in_memory().map_err(failed)?)
    }

    fn from_connection(connection: Connection) -> Result<Self> {
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                 PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
            )
            .map_err(failed)?;
        let mut store = Self { connection };
        store.migrate(schema_version())?;
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn version(&self) -> Result<u32> {
        self.connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(failed)
    }

    /// Applies the migrations from the database's version up to `target`, in
    /// one immediate transaction. A database newer than this build is refused.
    pub fn migrate(&mut self, target: u32) -> Result<()> {
        let current = self.version()?;
        if current > schema_version() {
            return Err(Error::storage(format!(
                "the database has schema version {current}, newer than this engine's {}",
                schema_version()
            )));
        }
        if current >= target {
            return Ok(());
        }
        let tx = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        for step in &MIGRATIONS[current as usize..target.min(schema_version()) as usize] {
            tx.execute_batch(step).map_err(failed)?;
        }
        tx.pragma_update(None, "user_version", target.min(schema_version()))
            .map_err(failed)?;
        tx.commit().map_err(failed)
    }

    /// The connection, for benchmarks that compare with hand-written SQL.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    fn licences_where(&self, condition: &str, values: Vec<Value>) -> Result<Vec<LicenceRecord>> {
        let sql = format!("SELECT {LICENCE_COLUMNS} FROM licences l {condition}");
        let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
        let rows = statement
            .query_map(params_from_iter(values), licence_row)
            .map_err(failed)?;
        rows.map(|raw| licence_from(raw.map_err(failed)?)).collect()
    }

    fn docs<T: DeserializeOwned>(&self, sql: &str, values: Vec<Value>) -> Result<Vec<T>> {
        let mut statement = self.connection.prepare_cached(sql).map_err(failed)?;
        let rows = statement
            .query_map(params_from_iter(values), |row| row.get::<_, String>(0))
            .map_err(failed)?;
        rows.map(|doc| from_json(&doc.map_err(failed)?)).collect()
    }

    fn doc<T: DeserializeOwned>(&self, sql: &str, id: &str) -> Result<Option<T>> {
        let doc: Option<String> = self
            .connection
            .prepare_cached(sql)
            .map_err(failed)?
            .query_row([id], |row| row.get(0))
            .optional()
            .map_err(failed)?;
        doc.map(|d| from_json(&d)).transpose()
    }

    fn execute(&self, sql: &str, values: impl rusqlite::Params) -> Result<()> {
        self.connection
            .prepare_cached(sql)
            .map_err(failed)?
            .execute(values)
            .map(|_| ())
            .map_err(failed)
    }
}

/// The SQL `WHERE` clause and values of an overview filter on `today`.
fn overview_where(filter: &OverviewFilter, today: Day, window: Window) -> (String, Vec<Value>) {
    let t = i64::from(today.number());
    let w = i64::from(window.days());
    let mut clauses = vec!["l.deleted_on IS NULL AND l.superseded_by IS NULL".to_owned()];
    let mut values: Vec<Value> = Vec::new();
    if !filter.statuses.is_empty() {
        let parts: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| match s {
                Status::Expired => format!("l.sort_expiry < {t}"),
                Status::Expiring => format!("l.sort_expiry BETWEEN {t} AND {}", t + w),
                Status::Active => format!("l.sort_expiry > {}", t + w),
            })
            .collect();
        clauses.push(format!("({})", parts.join(" OR ")));
    }
    if !filter.type_ids.is_empty() {
        clauses.push(format!(
            "l.type_id IN ({})",
            vec!["?"; filter.type_ids.len()].join(", ")
        ));
        values.extend(filter.type_ids.iter().map(|id| Value::Text(id.clone())));
    }
    for (column, value) in [
        ("l.holder_id", &filter.holder_id),
        ("p.location", &filter.location),
        ("p.department", &filter.department),
    ] {
        if let Some(value) = value {
            clauses.push(format!("{column} = ?"));
            values.push(Value::Text(value.clone()));
        }
    }
    if let Some(days) = filter.expiring_within_days {
        clauses.push(format!(
            "l.sort_expiry BETWEEN {t} AND {}",
            t + i64::from(days)
        ));
    }
    (format!("WHERE {}", clauses.join(" AND ")), values)
}

/// The SQL `ORDER BY` of an overview query, matching [`SortKey::compare`].
fn overview_order(sort: SortKey, descending: bool, today: Day, window: Window) -> String {
    let t = today.number();
    let w = i64::from(t) + i64::from(window.days());
    let primary = match sort {
        SortKey::Expiry => None,
        SortKey::Holder => Some("p.name".to_owned()),
        SortKey::Type => Some("t.name".to_owned()),
        SortKey::Status => Some(format!(
            "CASE WHEN l.sort_expiry < {t} THEN 0 WHEN l.sort_expiry <= {w} THEN 1 ELSE 2 END"
        )),
    };
    let direction = if descending { " DESC" } else { "" };
    primary
        .into_iter()
        .chain(["l.sort_expiry".to_owned(), "l.id".to_owned()])
        .map(|term| format!("{term}{direction}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const OVERVIEW_FROM: &str = "FROM licences l JOIN people p ON p.id = l.holder_id \
    JOIN licence_types t ON t.id = l.type_id";

/// The tables a count over `filter` needs: holders only when the filter
/// names their location or department (every licence has a holder and a
/// type, so the joins change no count).
fn counting_from(filter: &OverviewFilter) -> &'static str {
    if filter.location.is_some() || filter.department.is_some() {
        "FROM licences l JOIN people p ON p.id = l.holder_id"
    } else {
        "FROM licences l"
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<()> {
        self.connection
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(failed)
    }

    fn commit(&mut self) -> Result<()> {
        self.connection.execute_batch("COMMIT").map_err(failed)
    }

    fn rollback(&mut self) -> Result<()> {
        self.connection.execute_batch("ROLLBACK").map_err(failed)
    }

    fn settings(&mut self) -> Result<Option<Settings>> {
        self.doc("SELECT doc FROM settings WHERE id = ?1", "1")
    }

    fn put_settings(&mut self, settings: &Settings) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO settings (id, doc) VALUES (1, ?1)",
            [to_json(settings)?],
        )
    }

    fn person(&mut self, id: &str) -> Result<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1");
        let found = self
            .connection
            .prepare_cached(&sql)
            .map_err(failed)?
            .query_row([id], person_row)
            .optional()
            .map_err(failed)?;
        found.map(person_from).transpose()
    }

    fn put_people(&mut self, people: &[Person]) -> Result<()> {
        // An UPDATE, then an INSERT when no row had the id (see put_licences).
        let mut update = self
            .connection
            .prepare_cached(
                "UPDATE people SET (name, email, location, department, roles, registered_on, active) \
                 = (?2, ?3, ?4, ?5, ?6, ?7, ?8) WHERE id = ?1",
            )
            .map_err(failed)?;
        let mut insert = self
            .connection
            .prepare_cached(
                "INSERT INTO people (id, name, email, location, department, roles, registered_on, active) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(failed)?;
        for p in people {
            let values = params![
                p.id,
                p.name,
                p.email,
                p.location,
                p.department,
                role_bits(&p.roles),
                p.registered_on.number(),
                p.active
            ];
            if update.execute(values).map_err(failed)? == 0 {
                insert.execute(values).map_err(failed)?;
            }
        }
        Ok(())
    }

    fn people(&mut self, query: &PeopleQuery) -> Result<Vec<Person>> {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut values: Vec<Value> = Vec::new();
        if let Some(active) = query.active {
            clauses.push("active = ?".into());
            values.push(Value::Integer(i64::from(active)));
        }
        if let Some(role) = query.role {
            clauses.push(format!("roles & {} != 0", role_bit(role)));
        }
        for (column, value) in [
            ("location", &query.location),
            ("department", &query.department),
        ] {
            if let Some(value) = value {
                clauses.push(format!("{column} = ?"));
                values.push(Value::Text(value.clone()));
            }
        }
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE {} ORDER BY id",
            clauses.join(" AND ")
        );
        let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
        let rows = statement
            .query_map(params_from_iter(values), person_row)
            .map_err(failed)?;
        rows.map(|r| person_from(r.map_err(failed)?)).collect()
    }

    fn people_with_ids(&mut self, ids: &[String]) -> Result<Vec<Person>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT {PERSON_COLUMNS} FROM people WHERE id IN ({}) ORDER BY id",
                vec!["?"; chunk.len()].join(", ")
            );
            let mut statement = self.connection.prepare(&sql).map_err(failed)?;
            let rows = statement
                .query_map(params_from_iter(chunk), person_row)
                .map_err(failed)?;
            for row in rows {
                found.push(person_from(row.map_err(failed)?)?);
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found)
    }

    fn licence_type(&mut self, id: &str) -> Result<Option<LicenceType>> {
        self.doc("SELECT doc FROM licence_types WHERE id = ?1", id)
    }

    fn licence_type_named(&mut self, name: &str) -> Result<Option<LicenceType>> {
        self.doc(
            "SELECT doc FROM licence_types WHERE name_key = ?1",
            &LicenceType::name_key(name),
        )
    }

    fn put_licence_type(&mut self, licence_type: &LicenceType) -> Result<()> {
        self.execute(
            "INSERT INTO licence_types (id, name, name_key, doc) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, doc = excluded.doc",
            params![
                licence_type.id,
                licence_type.name,
                LicenceType::name_key(&licence_type.name),
                to_json(licence_type)?
            ],
        )
    }

    fn licence_types(&mut self) -> Result<Vec<LicenceType>> {
        self.docs("SELECT doc FROM licence_types ORDER BY id", Vec::new())
    }

    fn licence(&mut self, id: &str) -> Result<Option<LicenceRecord>> {
        Ok(self
            .licences_where("WHERE l.id = ?", vec![Value::Text(id.to_owned())])?
            .pop())
    }

    fn put_licences(&mut self, records: &[LicenceRecord]) -> Result<()> {
        // An UPDATE, then an INSERT when no row had the id: unlike an upsert,
        // neither needs a statement journal, which halves a bulk import.
        let columns = "holder_id, type_id, reference, issuer, acquired, expiry, notes, owner_site, \
            renews, superseded_by, deleted_on, created_at, updated_at, reminded_through, next_reminder";
        let mut update = self
            .connection
            .prepare_cached(
                "UPDATE licences SET (holder_id, type_id, reference, issuer, acquired, expiry, notes, \
                 owner_site, renews, superseded_by, deleted_on, created_at, updated_at, reminded_through, \
                 next_reminder) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) WHERE id = ?1",
            )
            .map_err(failed)?;
        let mut insert = self
            .connection
            .prepare_cached(&format!(
                "INSERT INTO licences (id, {columns}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
            ))
            .map_err(failed)?;
        let number = |d: Option<Day>| d.map(Day::number);
        for r in records {
            let l = &r.licence;
            let owner_site = match &l.owner {
                Owner::Candidate => None,
                Owner::Site(site) => Some(site.as_str()),
            };
            let values = params![
                l.id,
                l.holder_id,
                l.type_id,
                l.reference,
                l.issuer,
                number(l.acquired),
                number(l.expiry),
                l.notes,
                owner_site,
                l.renews,
                l.superseded_by,
                number(r.deleted_on),
                r.created_at,
                r.updated_at,
                number(r.reminded_through),
                number(r.next_reminder)
            ];
            if update.execute(values).map_err(failed)? == 0 {
                insert.execute(values).map_err(failed)?;
            }
        }
        Ok(())
    }

    fn licences(&mut self, query: &LicenceQuery) -> Result<Vec<LicenceRecord>> {
        let mut clauses = vec!["1 = 1"];
        let mut values = Vec::new();
        if let Some(holder) = &query.holder_id {
            clauses.push("l.holder_id = ?");
            values.push(Value::Text(holder.clone()));
        }
        if let Some(type_id) = &query.type_id {
            clauses.push("l.type_id = ?");
            values.push(Value::Text(type_id.clone()));
        }
        if !query.include_superseded {
            clauses.push("l.superseded_by IS NULL");
        }
        if !query.include_deleted {
            clauses.push("l.deleted_on IS NULL");
        }
        self.licences_where(
            &format!("WHERE {} ORDER BY l.id", clauses.join(" AND ")),
            values,
        )
    }

    fn existing_ids(&mut self, kind: RecordKind, ids: &[String]) -> Result<Vec<String>> {
        let table = match kind {
            RecordKind::Person => "people",
            RecordKind::Licence => "licences",
            other => {
                return Err(Error::invalid(
                    "kind",
                    format!("`{other}` ids are not listed this way"),
                ));
            }
        };
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id FROM {table} WHERE id IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
            let rows = statement
                .query_map(params_from_iter(chunk), |row| row.get(0))
                .map_err(failed)?;
            for row in rows {
                found.push(row.map_err(failed)?);
            }
        }
        Ok(found)
    }

    fn remove_licence(&mut self, id: &str) -> Result<()> {
        self.execute("DELETE FROM licences WHERE id = ?1", [id])
    }

    fn reminder_candidates(
        &mut self,
        today: Day,
        earliest_expiry: Day,
        latest_expiry: Day,
    ) -> Result<Vec<ReminderCandidate>> {
        let sql = format!(
            "SELECT {LICENCE_COLUMNS}, p.id, p.name, p.email, p.location, p.department, p.roles, \
             p.registered_on, p.active FROM licences l JOIN people p ON p.id = l.holder_id \
             WHERE l.sort_expiry BETWEEN ?1 AND ?2 AND l.next_reminder <= ?3 \
             AND l.deleted_on IS NULL AND l.superseded_by IS NULL AND p.active = 1"
        );
        let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
        let rows = statement
            .query_map(
                params![
                    earliest_expiry.number(),
                    latest_expiry.number(),
                    today.number()
                ],
                |row| Ok((licence_row(row)?, person_row_at(row, 16)?)),
            )
            .map_err(failed)?;
        rows.map(|row| {
            let (raw, holder) = row.map_err(failed)?;
            Ok(ReminderCandidate {
                record: licence_from(raw)?,
                holder: person_from(holder)?,
            })
        })
        .collect()
    }

    fn purge_candidates(
        &mut self,
        expired_before: Day,
        deleted_before: Day,
    ) -> Result<Vec<LicenceRecord>> {
        self.licences_where(
            "WHERE l.deleted_on < ? UNION SELECT {LICENCE_COLUMNS} FROM licences l WHERE l.expiry < ?"
                .replace("{LICENCE_COLUMNS}", LICENCE_COLUMNS)
                .as_str(),
            vec![
                Value::Integer(deleted_before.number().into()),
                Value::Integer(expired_before.number().into()),
            ],
        )
    }

    fn put_acknowledgement(&mut self, ack: &AcknowledgementRecord) -> Result<()> {
        self.execute(
            "INSERT INTO acknowledgements (licence_id, expiry, trigger_on, at) VALUES (?1, ?2, ?3, ?4)",
            params![ack.licence_id, ack.expiry.number(), ack.trigger.number(), ack.at],
        )
    }

    fn acknowledgements(&mut self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT licence_id, expiry, trigger_on, at FROM acknowledgements WHERE licence_id = ?1 ORDER BY rowid",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map([licence_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i32>(1)?,
                    row.get::<_, i32>(2)?,
                    row.get(3)?,
                ))
            })
            .map_err(failed)?;
        rows.map(|row| {
            let (licence_id, expiry, trigger, at) = row.map_err(failed)?;
            Ok(AcknowledgementRecord {
                licence_id,
                expiry: Day::from_number("stored date", expiry)?,
                trigger: Day::from_number("stored date", trigger)?,
                at,
            })
        })
        .collect()
    }

    fn attachment(&mut self, id: &str) -> Result<Option<Attachment>> {
        self.doc("SELECT doc FROM attachments WHERE id = ?1", id)
    }

    fn attachment_content(&mut self, id: &str) -> Result<Option<Vec<u8>>> {
        self.connection
            .prepare_cached("SELECT content FROM attachments WHERE id = ?1")
            .map_err(failed)?
            .query_row([id], |row| row.get(0))
            .optional()
            .map_err(failed)
    }

    fn put_attachment(&mut self, attachment: &Attachment, content: &[u8]) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO attachments (id, licence_id, doc, content) VALUES (?1, ?2, ?3, ?4)",
            params![attachment.id, attachment.licence_id, to_json(attachment)?, content],
        )
    }

    fn attachments(&mut self, licence_id: &str) -> Result<Vec<Attachment>> {
        self.docs(
            "SELECT doc FROM attachments WHERE licence_id = ? ORDER BY id",
            vec![Value::Text(licence_id.to_owned())],
        )
    }

    fn remove_attachment(&mut self, id: &str) -> Result<()> {
        self.execute("DELETE FROM attachments WHERE id = ?1", [id])
    }

    fn course(&mut self, id: &str) -> Result<Option<Course>> {
        self.doc("SELECT doc FROM courses WHERE id = ?1", id)
    }

    fn put_course(&mut self, course: &Course) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO courses (id, doc) VALUES (?1, ?2)",
            params![course.id, to_json(course)?],
        )
    }

    fn courses(&mut self) -> Result<Vec<Course>> {
        self.docs("SELECT doc FROM courses ORDER BY id", Vec::new())
    }

    fn seat(&mut self, id: &str) -> Result<Option<Seat>> {
        self.doc("SELECT doc FROM seats WHERE id = ?1", id)
    }

    fn put_seats(&mut self, seats: &[Seat]) -> Result<()> {
        for seat in seats {
            self.execute(
                "INSERT OR REPLACE INTO seats (id, person_id, course_id, state, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    seat.id,
                    seat.person_id,
                    seat.course_id,
                    to_json(&seat.state)?,
                    to_json(seat)?
                ],
            )?;
        }
        Ok(())
    }

    fn seats(&mut self, query: &SeatQuery) -> Result<Vec<Seat>> {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut values = Vec::new();
        for (column, value) in [
            ("person_id", &query.person_id),
            ("course_id", &query.course_id),
        ] {
            if let Some(value) = value {
                clauses.push(format!("{column} = ?"));
                values.push(Value::Text(value.clone()));
            }
        }
        if let Some(state) = &query.state {
            clauses.push("state = ?".into());
            values.push(Value::Text(to_json(state)?));
        }
        self.docs(
            &format!(
                "SELECT doc FROM seats WHERE {} ORDER BY id",
                clauses.join(" AND ")
            ),
            values,
        )
    }

    fn put_rule(&mut self, rule: &Rule) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO rules (id, doc) VALUES (?1, ?2)",
            params![rule.id, to_json(rule)?],
        )
    }

    fn remove_rule(&mut self, id: &str) -> Result<()> {
        self.execute("DELETE FROM rules WHERE id = ?1", [id])
    }

    fn rules(&mut self) -> Result<Vec<Rule>> {
        self.docs("SELECT doc FROM rules ORDER BY id", Vec::new())
    }

    fn site(&mut self, id: &str) -> Result<Option<Site>> {
        self.connection
            .prepare_cached("SELECT id, name FROM sites WHERE id = ?1")
            .map_err(failed)?
            .query_row([id], |row| {
                Ok(Site {
                    id: row.get(0)?,
                    name: row.get(1)?,
                })
            })
            .optional()
            .map_err(failed)
    }

    fn put_site(&mut self, site: &Site) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO sites (id, name) VALUES (?1, ?2)",
            params![site.id, site.name],
        )
    }

    fn sites(&mut self) -> Result<Vec<Site>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id, name FROM sites ORDER BY id")
            .map_err(failed)?;
        let rows = statement
            .query_map([], |row| {
                Ok(Site {
                    id: row.get(0)?,
                    name: row.get(1)?,
                })
            })
            .map_err(failed)?;
        rows.map(|r| r.map_err(failed)).collect()
    }

    fn associations(&mut self, candidate_id: &str) -> Result<Vec<Association>> {
        Ok(self
            .doc(
                "SELECT doc FROM associations WHERE candidate_id = ?1",
                candidate_id,
            )?
            .unwrap_or_default())
    }

    fn put_associations(&mut self, candidate_id: &str, associations: &[Association]) -> Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO associations (candidate_id, doc) VALUES (?1, ?2)",
            params![candidate_id, to_json(&associations)?],
        )
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<u64> {
        self.execute(
            "INSERT INTO audit (at, actor, action, record_kind, record_id, person_id, changes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                entry.at,
                entry.actor,
                entry.action,
                to_json(&entry.record_kind)?,
                entry.record_id,
                entry.person_id,
                to_json(&entry.changes)?
            ],
        )?;
        Ok(self.connection.last_insert_rowid() as u64)
    }

    fn audit(&mut self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        let (condition, values) = match query {
            AuditQuery::Record { kind, id } => (
                "record_kind = ?1 AND record_id = ?2",
                vec![Value::Text(to_json(kind)?), Value::Text(id.clone())],
            ),
            AuditQuery::Person { id } => ("person_id = ?1", vec![Value::Text(id.clone())]),
        };
        let sql = format!(
            "SELECT seq, at, actor, action, record_kind, record_id, person_id, changes FROM audit \
             WHERE {condition} ORDER BY seq"
        );
        let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
        let rows = statement
            .query_map(params_from_iter(values), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, String>(7)?,
                ))
            })
            .map_err(failed)?;
        rows.map(|row| {
            let (seq, at, actor, action, kind, record_id, person_id, changes) =
                row.map_err(failed)?;
            Ok(AuditEntry {
                seq: seq as u64,
                at,
                actor,
                action,
                record_kind: from_json::<RecordKind>(&kind)?,
                record_id,
                person_id,
                changes: from_json(&changes)?,
            })
        })
        .collect()
    }

    fn overview(
        &mut self,
        query: &OverviewQuery,
        today: Day,
        window: Window,
    ) -> Result<OverviewPage> {
        let (condition, values) = overview_where(&query.filter, today, window);
        let order = overview_order(query.sort, query.descending, today, window);
        let sql = format!(
            "SELECT l.id, l.holder_id, p.name, l.type_id, t.name, l.reference, l.issuer, l.acquired, l.expiry, \
             p.location, p.department {OVERVIEW_FROM} {condition} ORDER BY {order} LIMIT {} OFFSET {}",
            query.limit, query.offset
        );
        let mut statement = self.connection.prepare_cached(&sql).map_err(failed)?;
        let rows = statement
            .query_map(params_from_iter(values.iter()), |row| {
                Ok((
                    OverviewRow {
                        licence_id: row.get(0)?,
                        holder_id: row.get(1)?,
                        holder_name: row.get(2)?,
                        type_id: row.get(3)?,
                        type_name: row.get(4)?,
                        reference: row.get(5)?,
                        issuer: row.get(6)?,
                        acquired: None,
                        expiry: None,
                        status: Status::Active,
                        days_left: None,
                        location: row.get(9)?,
                        department: row.get(10)?,
                    },
                    row.get::<_, Option<i32>>(7)?,
                    row.get::<_, Option<i32>>(8)?,
                ))
            })
            .map_err(failed)?;
        let rows = rows
            .map(|row| {
                let (row, acquired, expiry) = row.map_err(failed)?;
                let expiry = day(expiry)?;
                let (status, days_left) = status_of(expiry, today, window);
                Ok(OverviewRow {
                    acquired: day(acquired)?,
                    expiry,
                    status,
                    days_left,
                    ..row
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let total: i64 = self
            .connection
            .prepare_cached(&format!(
                "SELECT COUNT(*) {} {condition}",
                counting_from(&query.filter)
            ))
            .map_err(failed)?
            .query_row(params_from_iter(values.iter()), |row| row.get(0))
            .map_err(failed)?;
        Ok(OverviewPage {
            rows,
            total: total as u64,
        })
    }

    fn status_counts(
        &mut self,
        filter: &OverviewFilter,
        today: Day,
        window: Window,
    ) -> Result<StatusCounts> {
        let (condition, values) = overview_where(filter, today, window);
        let t = today.number();
        let w = i64::from(t) + i64::from(window.days());
        let sql = format!(
            "SELECT COALESCE(SUM(l.sort_expiry > {w}), 0), \
             COALESCE(SUM(l.sort_expiry BETWEEN {t} AND {w}), 0), COALESCE(SUM(l.sort_expiry < {t}), 0) \
             {} {condition}",
            counting_from(filter)
        );
        self.connection
            .prepare_cached(&sql)
            .map_err(failed)?
            .query_row(params_from_iter(values), |row| {
                Ok(StatusCounts {
                    active: row.get::<_, i64>(0)? as u64,
                    expiring: row.get::<_, i64>(1)? as u64,
                    expired: row.get::<_, i64>(2)? as u64,
                })
            })
            .map_err(failed)
    }
}
