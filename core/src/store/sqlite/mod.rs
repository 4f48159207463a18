//! The SQLite store (bundled SQLite through rusqlite): the embedded default
//! for native hosts and mobile apps. WAL journal, each commit synced to
//! disk unless [`OpenOptions`] say otherwise; a write takes the write lock
//! at its `begin`, a read transaction reads one snapshot. One table per
//! collection with the document and a typed column per key, and the
//! collection's
//! indexes, all derived from [`collections`](super::collections).
//!
//! The schema version is kept in `user_version`. Version 3 is the document
//! schema; version 4 keeps the ids of numbered collections (the audit log)
//! as integers; version 5 keys locations and departments folded (trimmed,
//! in lower case). A database of versions 1 and 2 (a table per record with a
//! column per field) is migrated forward on open, in one transaction
//! ([`legacy`]), and one of version 3 has its numbered tables rebuilt.
//! A collection or an index added later is created when a database is
//! opened, and an index no longer defined is dropped; a key added to an
//! existing collection needs a step that adds its column and puts the
//! collection's records again.

mod legacy;

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, MAIN_DB, OpenFlags, OptionalExtension, params_from_iter};

use super::collections::{self, Collection, KeyType};
use super::{Condition, Durability, Entry, KeyValue, OpenOptions, Query, Range, Store, Stored};
use crate::error::{Error, Result};
use crate::fields::folded;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 5;

/// Ids per statement, well under SQLite's limit on parameters.
const CHUNK: usize = 1_000;

/// Records announced by [`Store::will_put`] from which a collection's
/// indexes are set aside until the commit, when the table also holds no
/// more than that many: building an index over a table at once costs about
/// a third of keeping it up to date row by row.
const BULK_RECORDS: u64 = 50_000;

/// A store in a SQLite database file (or in memory).
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
    /// The transaction's bulk writes.
    bulk: Bulk,
    /// Whether the database is open for reading only.
    read_only: bool,
}

/// What the transaction has announced it will put, per collection, and the
/// collections whose indexes it has set aside.
#[derive(Debug)]
struct Bulk {
    /// The fewest announced records that set indexes aside.
    threshold: u64,
    /// Per collection: the records announced, and those the table held
    /// when they first reached the threshold.
    announced: Vec<(&'static str, u64, Option<u64>)>,
    set_aside: Vec<&'static Collection>,
}

impl Bulk {
    fn new(threshold: u64) -> Self {
        Self {
            threshold,
            announced: Vec::new(),
            set_aside: Vec::new(),
        }
    }

    /// Forgets the transaction's announcements, keeping the threshold.
    fn clear(&mut self) {
        self.announced.clear();
        self.set_aside.clear();
    }
}

/// A collection's table or column name, quoted for SQL (names come from
/// the collection definitions, never from input).
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

fn column_type(key_type: KeyType) -> &'static str {
    match key_type {
        KeyType::Number => "INTEGER",
        KeyType::Text => "TEXT",
    }
}

/// The statement that creates a collection's table named `table`: the id
/// (an integer in a numbered collection), the document, a column per key.
fn create_table(collection: &Collection, table: &str) -> String {
    let id = if collection.numbered {
        "INTEGER"
    } else {
        "TEXT"
    };
    let columns: String = collection
        .keys
        .iter()
        .map(|(key, key_type)| format!(", {} {}", quoted(key), column_type(*key_type)))
        .collect();
    format!(
        "CREATE TABLE IF NOT EXISTS {} (id {id} PRIMARY KEY, document BLOB NOT NULL{columns});\n",
        quoted(table)
    )
}

/// The statements that create a collection's table and indexes.
fn create(collection: &Collection) -> String {
    let table = quoted(collection.name);
    let mut sql = create_table(collection, collection.name);
    for index in collection.indexes {
        let columns: Vec<String> = index.iter().map(|k| quoted(k)).collect();
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {} ON {table} ({}) WHERE {} IS NOT NULL;\n",
            quoted(&collection.index_name(index)),
            columns.join(", "),
            columns[0],
        ));
    }
    sql
}

/// The statements that drop the indexes of the collections' tables that
/// the definitions no longer name (an index an earlier build kept).
fn drop_retired_indexes(connection: &Connection) -> rusqlite::Result<String> {
    let wanted = collections::index_names();
    let mut statement = connection.prepare(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )?;
    let indexes = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut sql = String::new();
    for index in indexes {
        let (name, table) = index?;
        let ours = collections::ALL.iter().any(|c| c.name == table);
        if ours && !wanted.contains(&name) {
            sql.push_str(&format!("DROP INDEX {};\n", quoted(&name)));
        }
    }
    Ok(sql)
}

/// A migration step's failure on a database that records schema `version`:
/// a plain SQL error there (a missing or duplicate table or column) means
/// that its tables are not those of that version.
pub(super) fn mismatched(version: u32, error: rusqlite::Error) -> Error {
    let plain = match &error {
        rusqlite::Error::SqliteFailure(e, _) | rusqlite::Error::SqlInputError { error: e, .. } => {
            e.code == rusqlite::ErrorCode::Unknown
        }
        _ => false,
    };
    if plain {
        Error::storage(format!(
            "the database records schema version {version} but its tables do not match \
             that version, so it cannot be migrated to {SCHEMA_VERSION}: {error}"
        ))
    } else {
        error.into()
    }
}

/// A connection that reads the database at `path` and cannot write it. A
/// WAL database keeps an index in shared memory beside it (`-shm`), which a
/// directory that cannot be written (a read-only mount) cannot hold, and
/// SQLite then refuses to read it: such a file, when no write-ahead log is
/// pending beside it (`-wal`), is opened as immutable, without locks,
/// since nothing can change it there.
fn read_only_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)?;
    let readable = connection.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()));
    let error = match readable {
        Ok(()) => return Ok(connection),
        Err(e) => e,
    };
    // SQLite could not set up the WAL index beside the file.
    let no_index = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    );
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    let pending = std::fs::metadata(&log).is_ok_and(|m| m.len() > 0);
    match std::path::absolute(path)
        .ok()
        .as_deref()
        .and_then(Path::to_str)
    {
        Some(name) if no_index && !pending => {
            let uri = format!("file://{}?immutable=1", uri_path(name));
            let flags = flags | OpenFlags::SQLITE_OPEN_URI;
            Ok(Connection::open_with_flags(uri, flags)?)
        }
        _ => Err(error.into()),
    }
}

/// An absolute `path` as the path of a SQLite URI: starting with `/`, and
/// every byte but letters, digits, `/` and `-._~` percent-encoded.
fn uri_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        uri.push('/');
    }
    for byte in path.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                uri.push(char::from(byte));
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Switches the database to WAL. Processes opening a fresh file at once
/// find each other switching it, and SQLite answers one of them "busy" at
/// once rather than wait for a lock it could deadlock on: the switch is
/// tried again until `busy_timeout_ms` have passed.
fn use_wal(connection: &Connection, busy_timeout_ms: u32) -> Result<()> {
    let deadline = Instant::now() + Duration::from_millis(busy_timeout_ms.into());
    loop {
        match connection.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            outcome => return Ok(outcome?),
        }
    }
}

fn value(key: &KeyValue) -> Value {
    match key {
        KeyValue::Number(n) => Value::Integer(*n),
        KeyValue::Text(t) => Value::Text(t.clone()),
    }
}

/// A record's id as its column holds it: an integer in a numbered
/// collection, whose ids are sequence numbers.
fn id_value(collection: &Collection, id: &str) -> Result<Value> {
    if collection.numbered {
        collection.sequence_number(id).map(Value::Integer)
    } else {
        Ok(Value::Text(id.to_owned()))
    }
}

/// The id column as records are read back: numbers in twenty digits.
fn id_column(collection: &Collection) -> &'static str {
    if collection.numbered {
        "printf('%020d', id)"
    } else {
        "id"
    }
}

/// One range of a condition on `column`, as SQL.
fn range_sql(column: &str, range: &Range, values: &mut Vec<Value>) -> String {
    match (&range.low, &range.high) {
        (Some(low), Some(high)) if low == high => {
            values.push(value(low));
            format!("{column} = ?")
        }
        (Some(low), Some(high)) => {
            values.extend([value(low), value(high)]);
            format!("{column} BETWEEN ? AND ?")
        }
        (Some(low), None) => {
            values.push(value(low));
            format!("{column} >= ?")
        }
        (None, Some(high)) => {
            values.push(value(high));
            format!("{column} <= ?")
        }
        (None, None) => format!("{column} IS NOT NULL"),
    }
}

/// The `WHERE` clause of `conditions` on `collection`, with its values.
fn where_sql(
    collection: &Collection,
    conditions: &[Condition],
    values: &mut Vec<Value>,
) -> Result<String> {
    let mut clauses = Vec::with_capacity(conditions.len());
    for condition in conditions {
        collection.check_key(&condition.key)?;
        let condition = collection.stored_condition(condition)?;
        let column = quoted(&condition.key);
        let points: Option<Vec<&KeyValue>> = condition
            .any_of
            .iter()
            .map(|r| match (&r.low, &r.high) {
                (Some(low), Some(high)) if low == high => Some(low),
                _ => None,
            })
            .collect();
        let clause = match points {
            Some(points) if points.is_empty() => "0".to_owned(),
            Some(points) if points.len() > 1 => {
                values.extend(points.iter().map(|p| value(p)));
                format!("{column} IN ({})", vec!["?"; points.len()].join(", "))
            }
            _ => {
                let parts: Vec<String> = condition
                    .any_of
                    .iter()
                    .map(|r| range_sql(&column, r, values))
                    .collect();
                format!("({})", parts.join(" OR "))
            }
        };
        clauses.push(clause);
    }
    Ok(if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    })
}

fn stored_rows(
    statement: &mut rusqlite::CachedStatement<'_>,
    values: Vec<Value>,
) -> Result<Vec<Stored>> {
    let rows = statement.query_map(params_from_iter(values), |row| {
        Ok(Stored {
            id: row.get(0)?,
            document: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `path` with the default
    /// [`OpenOptions`] and migrates it to the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, &OpenOptions::default())
    }

    /// Opens the database at `path`: a plain file path (`:memory:` for a
    /// private database in memory). A name starting with `file:`, which
    /// the bundled SQLite reads as a URI whatever the open flags say (it is
    /// built with `SQLITE_USE_URI`), and which could then share one
    /// database in memory between trackers, is refused as invalid input.
    /// The file is created if missing and migrated to the current schema;
    /// or opened for reading only when `options` ask for it or the file
    /// cannot be written ([`OpenOptions::read_only`]).
    pub fn open_with(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Self> {
        let path = path.as_ref();
        if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
            return Err(Error::invalid(
                "database",
                format!(
                    "`{}` is a SQLite URI; the engine opens a plain file path",
                    path.display()
                ),
            ));
        }
        if !options.read_only {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let connection = Connection::open_with_flags(path, flags)?;
            if !connection.is_readonly(MAIN_DB)? {
                return Self::from_connection(connection, options, false);
            }
        }
        Self::from_connection(read_only_connection(path)?, options, true)
    }

    /// A private database in memory.
    pub fn open_in_memory() -> Result<Self> {
        Self::from_connection(
            Connection::open_in_memory()?,
            &OpenOptions::default(),
            false,
        )
    }

    fn from_connection(
        connection: Connection,
        options: &OpenOptions,
        read_only: bool,
    ) -> Result<Self> {
        connection.pragma_update(None, "busy_timeout", options.busy_timeout_ms)?;
        if !read_only {
            use_wal(&connection, options.busy_timeout_ms)?;
        }
        let synchronous = match options.durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        connection.execute_batch(&format!(
            "PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = OFF; \
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
        ))?;
        let mut store = Self {
            connection,
            bulk: Bulk::new(BULK_RECORDS),
            read_only,
        };
        if read_only {
            let version = store.version()?;
            if version != SCHEMA_VERSION {
                return Err(Error::storage(format!(
                    "the database has schema version {version}, not this engine's \
                     {SCHEMA_VERSION}, and is open read-only, so it cannot be migrated"
                )));
            }
            return Ok(store);
        }
        store.migrate()?;
        // Statistics for the query planner, refreshed where they are stale.
        store
            .connection
            .execute_batch("PRAGMA analysis_limit = 400; PRAGMA optimize = 0x10002;")?;
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn version(&self) -> Result<u32> {
        Ok(self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Takes the database to [`SCHEMA_VERSION`] and creates any collection
    /// or index it lacks, in one immediate transaction. The write lock is
    /// taken before the version is read, so that processes opening one file
    /// at once migrate it one after the other, each finding it as the one
    /// before left it. A database newer than this build is refused.
    fn migrate(&mut self) -> Result<()> {
        self.begin()?;
        let migrated = match self.version() {
            Ok(current) if current > SCHEMA_VERSION => Err(Error::storage(format!(
                "the database has schema version {current}, newer than this engine's {SCHEMA_VERSION}"
            ))),
            Ok(current) => self.migrate_from(current),
            Err(e) => Err(e),
        };
        match migrated {
            Ok(()) => self.commit(),
            Err(e) => {
                self.rollback().ok();
                Err(e)
            }
        }
    }

    fn migrate_from(&mut self, version: u32) -> Result<()> {
        let step = |result: rusqlite::Result<()>| result.map_err(|e| mismatched(version, e));
        if (1..=2).contains(&version) {
            step(legacy::set_aside(&self.connection))?;
        }
        if version == 3 {
            step(self.number_ids())?;
        }
        step(self.create_schema())?;
        if (1..=2).contains(&version) {
            legacy::copy(self, version)?;
        }
        if (3..=4).contains(&version) {
            step(self.fold_places())?;
        }
        self.connection
            .pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(())
    }

    /// Creates every collection's table and index that is missing and drops
    /// the indexes no longer defined.
    fn create_schema(&self) -> rusqlite::Result<()> {
        let schema: String = collections::ALL.iter().map(|c| create(c)).collect();
        let retired = drop_retired_indexes(&self.connection)?;
        self.connection.execute_batch(&format!(
            "{retired}{schema}CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
        ))
    }

    /// Schema 3 to 4: the tables of numbered collections rebuilt with
    /// integer ids (their indexes are created again after).
    fn number_ids(&self) -> rusqlite::Result<()> {
        for collection in collections::ALL.iter().filter(|c| c.numbered) {
            let rebuilt = format!("{}__rebuilt", collection.name);
            let keys: String = collection
                .keys
                .iter()
                .map(|(key, _)| format!(", {}", quoted(key)))
                .collect();
            self.connection.execute_batch(&format!(
                "{}INSERT INTO {rebuilt_q} SELECT CAST(id AS INTEGER), document{keys} FROM {table};\n\
                 DROP TABLE {table};\nALTER TABLE {rebuilt_q} RENAME TO {table};",
                create_table(collection, &rebuilt),
                rebuilt_q = quoted(&rebuilt),
                table = quoted(collection.name),
            ))?;
        }
        Ok(())
    }

    /// Schema 4 to 5: the location and department keys of people and
    /// licences folded, one statement per distinct stored value.
    fn fold_places(&self) -> rusqlite::Result<()> {
        let keys = [
            (&collections::PEOPLE, "location"),
            (&collections::PEOPLE, "department"),
            (&collections::LICENCES, "holder_location"),
            (&collections::LICENCES, "holder_department"),
        ];
        for (collection, key) in keys {
            let (table, column) = (quoted(collection.name), quoted(key));
            let values: Vec<String> = self
                .connection
                .prepare(&format!(
                    "SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
                ))?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut update = self.connection.prepare(&format!(
                "UPDATE {table} SET {column} = ?1 WHERE {column} = ?2"
            ))?;
            for value in values {
                let folded = folded(&value);
                if folded != value {
                    update.execute([&folded, &value])?;
                }
            }
        }
        Ok(())
    }

    /// Sets how many records a transaction must announce
    /// ([`Store::will_put`]) before a collection's indexes are set aside
    /// until its commit (50,000 unless set; the table must also hold no
    /// more than were announced).
    pub fn set_bulk_threshold(&mut self, records: u64) {
        self.bulk.threshold = records;
    }

    /// The connection, for benchmarks that compare with hand-written SQL.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    fn execute(&self, sql: &str, values: impl rusqlite::Params) -> Result<()> {
        self.connection.prepare_cached(sql)?.execute(values)?;
        Ok(())
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<()> {
        if self.read_only {
            return Err(super::read_only());
        }
        self.bulk.clear();
        Ok(self.connection.execute_batch("BEGIN IMMEDIATE")?)
    }

    fn begin_read(&mut self) -> Result<()> {
        self.bulk.clear();
        Ok(self.connection.execute_batch("BEGIN")?)
    }

    fn commit(&mut self) -> Result<()> {
        let rebuilt: String = self
            .bulk
            .set_aside
            .iter()
            .map(|c| format!("{}ANALYZE {};\n", create(c), quoted(c.name)))
            .collect();
        self.bulk.clear();
        Ok(self.connection.execute_batch(&format!("{rebuilt}COMMIT"))?)
    }

    fn rollback(&mut self) -> Result<()> {
        // The indexes set aside come back with the rest of the schema.
        self.bulk.clear();
        // After some failures (a full disk) SQLite has rolled the whole
        // transaction back itself: nothing is left to undo.
        if self.connection.is_autocommit() {
            return Ok(());
        }
        Ok(self.connection.execute_batch("ROLLBACK")?)
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        let definition = collections::named(collection)?;
        let table = quoted(definition.name);
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT {}, document FROM {table} WHERE id IN ({}) ORDER BY id",
                id_column(definition),
                vec!["?"; chunk.len()].join(", ")
            );
            let mut statement = self.connection.prepare_cached(&sql)?;
            let values = chunk
                .iter()
                .map(|id| id_value(definition, id))
                .collect::<Result<_>>()?;
            found.extend(stored_rows(&mut statement, values)?);
        }
        if ids.len() > CHUNK {
            found.sort_by(|a, b| a.id.cmp(&b.id));
            found.dedup_by(|a, b| a.id == b.id);
        }
        Ok(found)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        let definition = collections::named(collection)?;
        let keys = definition.keys;
        let names: String = keys
            .iter()
            .map(|(k, _)| format!(", {}", quoted(k)))
            .collect();
        let updates: String = keys
            .iter()
            .map(|(k, _)| format!(", {0} = excluded.{0}", quoted(k)))
            .collect();
        let sql = format!(
            "INSERT INTO {} (id, document{names}) VALUES (?{}) \
             ON CONFLICT(id) DO UPDATE SET document = excluded.document{updates}",
            quoted(definition.name),
            ", ?".repeat(keys.len() + 1),
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let mut row: Vec<Value> = Vec::with_capacity(keys.len() + 2);
        for entry in entries {
            row.clear();
            row.push(id_value(definition, &entry.id)?);
            row.push(Value::Blob(entry.document.clone()));
            row.resize(keys.len() + 2, Value::Null);
            for key in &entry.keys {
                let Some(at) = keys.iter().position(|(k, _)| *k == key.name) else {
                    definition.check_key(&key.name)?;
                    continue;
                };
                row[at + 2] = value(&key.value);
            }
            statement.execute(params_from_iter(row.iter()))?;
        }
        Ok(())
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        let definition = collections::named(collection)?;
        let sql = format!("DELETE FROM {} WHERE id = ?1", quoted(definition.name));
        for id in ids {
            self.execute(&sql, [id_value(definition, id)?])?;
        }
        Ok(())
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        let definition = collections::named(&query.collection)?;
        let mut values = Vec::new();
        let condition = where_sql(definition, &query.conditions, &mut values)?;
        let mut order = Vec::with_capacity(query.order.len() + 1);
        for term in &query.order {
            definition.check_key(&term.key)?;
            let direction = if term.descending { " DESC" } else { "" };
            order.push(format!("{}{direction}", quoted(&term.key)));
        }
        order.push("id".to_owned());
        values.push(Value::Integer(query.limit.map_or(-1, i64::from)));
        values.push(Value::Integer(query.offset.into()));
        let sql = format!(
            "SELECT {}, document FROM {}{condition} ORDER BY {} LIMIT ? OFFSET ?",
            id_column(definition),
            quoted(definition.name),
            order.join(", ")
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        stored_rows(&mut statement, values)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        let definition = collections::named(collection)?;
        let mut values = Vec::new();
        let condition = where_sql(definition, conditions, &mut values)?;
        let sql = format!(
            "SELECT COUNT(*) FROM {}{condition}",
            quoted(definition.name)
        );
        let count: i64 = self
            .connection
            .prepare_cached(&sql)?
            .query_row(params_from_iter(values), |row| row.get(0))?;
        Ok(count as u64)
    }

    fn will_put(&mut self, collection: &str, count: u64) -> Result<()> {
        let definition = collections::named(collection)?;
        if definition.indexes.is_empty()
            || self
                .bulk
                .set_aside
                .iter()
                .any(|c| c.name == definition.name)
        {
            return Ok(());
        }
        let at = match self
            .bulk
            .announced
            .iter()
            .position(|(name, ..)| *name == definition.name)
        {
            Some(at) => at,
            None => {
                self.bulk.announced.push((definition.name, 0, None));
                self.bulk.announced.len() - 1
            }
        };
        let (_, announced, held) = &mut self.bulk.announced[at];
        *announced += count;
        if *announced < self.bulk.threshold {
            return Ok(());
        }
        let held = match held {
            Some(held) => *held,
            None => {
                let counted: u64 = self.connection.query_row(
                    &format!("SELECT COUNT(*) FROM {}", quoted(definition.name)),
                    [],
                    |row| row.get(0),
                )?;
                *held = Some(counted);
                counted
            }
        };
        if held <= *announced {
            let dropped: String = definition
                .indexes
                .iter()
                .map(|index| {
                    format!(
                        "DROP INDEX IF EXISTS {};\n",
                        quoted(&definition.index_name(index))
                    )
                })
                .collect();
            self.connection.execute_batch(&dropped)?;
            self.bulk.set_aside.push(definition);
        }
        Ok(())
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        let last: Option<i64> = self
            .connection
            .prepare_cached(
                "INSERT INTO sequences (name, value) VALUES (?1, ?2) \
                 ON CONFLICT(name) DO UPDATE SET value = value + ?2 RETURNING value",
            )?
            .query_row(rusqlite::params![name, count as i64], |row| row.get(0))
            .optional()?;
        last.map(|n| n as u64 + 1 - count)
            .ok_or_else(|| Error::storage(format!("the sequence `{name}` gave no number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Key;
    use crate::store::memory::MemoryStore;

    /// The same writes and queries on SQLite and in memory answer alike.
    #[test]
    fn answers_as_the_memory_store_does() {
        let entries: Vec<Entry> = (0..40)
            .map(|i| Entry {
                id: format!("l{:02}", (i * 7) % 40),
                document: vec![i as u8],
                keys: [
                    Some(Key::new("expiry", i64::from(i % 9))),
                    Some(Key::new("holder_id", format!("p{}", i % 3))),
                    (i % 4 != 0).then(|| Key::new("holder_name", format!("N{}", i % 5))),
                ]
                .into_iter()
                .flatten()
                .collect(),
            })
            .collect();
        let mut sqlite = SqliteStore::open_in_memory().unwrap();
        let mut memory = MemoryStore::new();
        let stores: [&mut dyn Store; 2] = [&mut sqlite, &mut memory];
        let queries = [
            Query::all(
                "licences",
                vec![Condition::one_of("holder_id", ["p1", "p2"])],
            ),
            Query {
                order: vec![
                    crate::store::Order {
                        key: "holder_name".into(),
                        descending: true,
                    },
                    crate::store::Order {
                        key: "expiry".into(),
                        descending: false,
                    },
                ],
                offset: 3,
                limit: Some(20),
                ..Query::all(
                    "licences",
                    vec![Condition::ranges(
                        "expiry",
                        [(None, Some(2)), (Some(6), None)],
                    )],
                )
            },
        ];
        let mut answers = Vec::new();
        for store in stores {
            store.begin().unwrap();
            store.put("licences", &entries).unwrap();
            store.remove("licences", &["l07".into()]).unwrap();
            store.commit().unwrap();
            let mut answer: Vec<Vec<Stored>> =
                queries.iter().map(|q| store.find(q).unwrap()).collect();
            answer.push(
                store
                    .get("licences", &["l03".into(), "l01".into(), "zz".into()])
                    .unwrap(),
            );
            let count = store
                .count(
                    "licences",
                    &[Condition::between("expiry", Some(3), Some(5))],
                )
                .unwrap();
            answers.push((answer, count));
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0[2].len(), 2);
    }

    #[test]
    fn sequences_roll_back_with_their_transaction() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.begin().unwrap();
        assert_eq!(store.next_sequence("audit", 1).unwrap(), 1);
        store.commit().unwrap();
        store.begin().unwrap();
        assert_eq!(store.next_sequence("audit", 5).unwrap(), 2);
        store.rollback().unwrap();
        store.begin().unwrap();
        assert_eq!(store.next_sequence("audit", 5).unwrap(), 2);
        assert_eq!(store.next_sequence("audit", 1).unwrap(), 7);
        assert_eq!(store.next_sequence("other", 1).unwrap(), 1);
        store.commit().unwrap();
    }

    /// A full disk (here the most pages the file may have) makes SQLite
    /// roll the transaction back itself; the rollback after it succeeds.
    #[test]
    fn a_full_disk_fails_the_write_and_the_rollback_succeeds() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let pages: i64 = store
            .connection()
            .query_row("PRAGMA page_count", [], |row| row.get(0))
            .unwrap();
        store
            .connection()
            .pragma_update_and_check(None, "max_page_count", pages, |row| row.get::<_, i64>(0))
            .unwrap();
        store.begin().unwrap();
        let big = [Entry {
            id: "l1".into(),
            document: vec![1; 100_000],
            keys: Vec::new(),
        }];
        let error = store.put("licences", &big).unwrap_err();
        assert!(error.to_string().contains("full"), "{error}");
        assert!(store.connection().is_autocommit(), "SQLite rolled back");
        store.rollback().unwrap();
        store.begin().unwrap();
        store.put("licences", &licences(0..1)).unwrap();
        store.commit().unwrap();
        assert_eq!(store.count("licences", &[]).unwrap(), 1);
    }

    #[test]
    fn indexes_are_those_defined_after_opening() {
        let dir = std::env::temp_dir().join(format!("licence-indexes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("indexes.db");
        let indexes = |store: &SqliteStore| indexes_of(store, "%");
        let store = SqliteStore::open(&path).unwrap();
        let mut defined = collections::index_names();
        defined.sort();
        assert_eq!(indexes(&store), defined);
        store
            .connection()
            .execute_batch(
                "CREATE INDEX licences__retired ON licences (expiry); \
                 CREATE TABLE host_table (x); CREATE INDEX host_index ON host_table (x);",
            )
            .unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        let mut expected = defined.clone();
        expected.push("host_index".to_owned());
        expected.sort();
        assert_eq!(indexes(&store), expected);
        drop(store);
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The indexes of the tables whose names match the pattern `tables`
    /// (`%` for all), by name.
    fn indexes_of(store: &SqliteStore, tables: &str) -> Vec<String> {
        let mut statement = store
            .connection()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name LIKE ?1 ORDER BY name")
            .unwrap();
        statement
            .query_map([tables], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn licences(range: std::ops::Range<u32>) -> Vec<Entry> {
        range
            .map(|i| Entry {
                id: format!("l{i:03}"),
                document: vec![1],
                keys: vec![Key::new("holder_id", format!("p{}", i % 7))],
            })
            .collect()
    }

    #[test]
    fn a_bulk_write_sets_indexes_aside_until_its_commit() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.set_bulk_threshold(10);
        let defined = indexes_of(&store, "licences");
        assert_eq!(defined.len(), collections::LICENCES.indexes.len());
        let holder = Query::all("licences", vec![Condition::equals("holder_id", "p3")]);

        // Announced below the threshold: indexed row by row.
        store.begin().unwrap();
        store.will_put("licences", 9).unwrap();
        assert_eq!(indexes_of(&store, "licences"), defined);
        store.put("licences", &licences(0..9)).unwrap();
        store.commit().unwrap();

        // At the threshold, over a table that holds no more: set aside,
        // answered alike, and built again at the commit.
        store.begin().unwrap();
        store.will_put("licences", 5).unwrap();
        store.will_put("licences", 5).unwrap();
        assert!(indexes_of(&store, "licences").is_empty());
        assert_eq!(
            indexes_of(&store, "audit").len(),
            2,
            "other collections keep theirs"
        );
        store.put("licences", &licences(9..30)).unwrap();
        assert_eq!(store.find(&holder).unwrap().len(), 4);
        store.commit().unwrap();
        assert_eq!(indexes_of(&store, "licences"), defined);
        assert_eq!(store.find(&holder).unwrap().len(), 4);
        assert_eq!(store.count("licences", &[]).unwrap(), 30);

        // Rolled back: the indexes return with the records as they were.
        store.begin().unwrap();
        store.will_put("licences", 40).unwrap();
        assert!(indexes_of(&store, "licences").is_empty());
        store.put("licences", &licences(30..70)).unwrap();
        store.rollback().unwrap();
        assert_eq!(indexes_of(&store, "licences"), defined);
        assert_eq!(store.count("licences", &[]).unwrap(), 30);

        // A table holding more than is announced keeps its indexes.
        store.begin().unwrap();
        store.will_put("licences", 20).unwrap();
        assert_eq!(indexes_of(&store, "licences"), defined);
        store.commit().unwrap();
    }
}
