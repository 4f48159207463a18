//! The PostgreSQL store: for hosts that run several application servers on
//! one database. One schema per organisation, named by the host; a table
//! per collection with the document and a typed column per key, and the
//! collection's indexes, all derived from [`collections`](super::collections)
//! as the SQLite store's are.
//!
//! A store is opened by URL, `postgresql://user@host:port/database?schema=acme`
//! (`schema` defaults to `public`; `pool_size`, from 1 to 64, to 8). Every
//! store of one process opened with the same URL apart from its schema
//! shares one pool of connections; a transaction holds one connection from
//! its `begin` to its `commit` or `rollback`, and a read outside one borrows
//! a connection per call. A read of several pages (an export) is one
//! REPEATABLE READ transaction, which takes no lock.
//!
//! Writers of one organisation take a transaction-scoped advisory lock at
//! `begin`, so they follow one another as SQLite's writers do, on one server
//! or on several: the audit log is numbered without gaps, and a write reads
//! what the previous one committed. Readers never wait. Migrations run under
//! the same lock, so servers starting at once migrate once. A write waits
//! for the lock at most the busy timeout of its [`OpenOptions`].
//!
//! Text keys and ids are `COLLATE "C"`, which orders UTF-8 text by code
//! point; a database whose encoding is not UTF-8 is refused. A lost
//! connection fails the operation in flight with a storage error (the
//! server rolls its transaction back) and is replaced by the pool; a
//! deadlock or serialization failure is retried by the tracker a bounded
//! number of times (see [`Store::retry`]).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use r2d2::{ManageConnection, Pool, PooledConnection};

use super::collections::{self, Collection, KeyType};
use super::{Condition, Entry, KeyValue, OpenOptions, Query, Range, Store, Stored};
use crate::error::{Error, Result};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 1;

/// Connections a pool keeps at most, unless the URL sets `pool_size`.
const POOL_SIZE: u32 = 8;

/// How long an operation waits for a connection (or to connect) before it
/// fails with a storage error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements a connection keeps at most.
const STATEMENTS: usize = 256;

/// A connection with the statements it has prepared.
pub struct Session {
    client: Client,
    statements: HashMap<String, Statement>,
    /// Whether a statement failed on a conflict with another transaction.
    conflicted: bool,
}

impl Session {
    /// The statement for `sql`, prepared once per connection.
    fn prepared(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        if self.statements.len() >= STATEMENTS {
            self.statements.clear();
        }
        let statement = self.client.prepare(sql).map_err(|e| self.failed(e))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn query(&mut self, sql: &str, values: &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>> {
        let statement = self.prepared(sql)?;
        self.client
            .query(&statement, values)
            .map_err(|e| self.failed(e))
    }

    fn execute(&mut self, sql: &str, values: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let statement = self.prepared(sql)?;
        self.client
            .execute(&statement, values)
            .map_err(|e| self.failed(e))
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(|e| self.failed(e))
    }

    /// `error` as a storage error, noting whether it was a conflict.
    fn failed(&mut self, error: postgres::Error) -> Error {
        self.conflicted |= transient(&error);
        storage(error)
    }
}

/// Opens connections for a pool.
#[derive(Debug)]
pub struct Connector {
    config: postgres::Config,
}

impl ManageConnection for Connector {
    type Connection = Session;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<Session, postgres::Error> {
        Ok(Session {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
            conflicted: false,
        })
    }

    fn is_valid(&self, session: &mut Session) -> std::result::Result<(), postgres::Error> {
        session.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, session: &mut Session) -> bool {
        session.client.is_closed()
    }
}

/// A PostgreSQL failure as the engine's storage error, with the server's
/// message when it sent one.
fn storage(error: postgres::Error) -> Error {
    let message = match error.as_db_error() {
        Some(db) => format!("PostgreSQL: {} ({})", db.message(), db.code().code()),
        None => format!("PostgreSQL: {error}"),
    };
    Error::storage(message)
}

/// Whether `error` is a conflict that the same transaction, run again, may
/// not meet.
fn transient(error: &postgres::Error) -> bool {
    matches!(
        error.code(),
        Some(&SqlState::T_R_SERIALIZATION_FAILURE) | Some(&SqlState::T_R_DEADLOCK_DETECTED)
    )
}

/// Where a store lives: the pool's URL (without the store's own options),
/// the schema and the pool's size.
#[derive(Debug, PartialEq, Eq)]
struct Location {
    url: String,
    schema: String,
    pool_size: u32,
}

impl Location {
    fn parse(url: &str) -> Result<Self> {
        let invalid = |reason: String| Error::invalid("database", reason);
        let (base, options) = url.split_once('?').unwrap_or((url, ""));
        let mut schema = "public".to_owned();
        let mut pool_size = POOL_SIZE;
        let mut kept = Vec::new();
        for option in options.split('&').filter(|o| !o.is_empty()) {
            match option.split_once('=') {
                Some(("schema", name)) => schema = name.to_owned(),
                Some(("pool_size", size)) => {
                    pool_size = size
                        .parse()
                        .ok()
                        .filter(|n| (1..=64).contains(n))
                        .ok_or_else(|| {
                            invalid(format!("pool_size `{size}` is not a number from 1 to 64"))
                        })?;
                }
                _ => kept.push(option),
            }
        }
        let valid_schema = schema.len() <= 63
            && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !schema.starts_with("pg_");
        if !valid_schema {
            return Err(invalid(format!(
                "schema `{schema}` is not a lowercase name of letters, digits and `_` \
                 (at most 63, not starting with a digit or `pg_`)"
            )));
        }
        let url = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        Ok(Self {
            url,
            schema,
            pool_size,
        })
    }

    /// The number writers of this schema lock: the same on every server.
    fn lock_key(&self) -> i64 {
        // FNV-1a: stable across builds and platforms.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in "licence-engine:".bytes().chain(self.schema.bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash as i64
    }
}

/// The pools of this process, by URL and size.
type Pools = HashMap<(String, u32), Pool<Connector>>;

/// The pool for `location`, made on first use.
fn pool(location: &Location) -> Result<Pool<Connector>> {
    static POOLS: OnceLock<Mutex<Pools>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Mutex::default)
        .lock()
        .map_err(|_| Error::internal("the PostgreSQL pools were poisoned"))?;
    let key = (location.url.clone(), location.pool_size);
    if let Some(pool) = pools.get(&key) {
        return Ok(pool.clone());
    }
    let mut config: postgres::Config = location
        .url
        .parse()
        .map_err(|e| Error::invalid("database", format!("not a PostgreSQL URL: {e}")))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("licence-engine");
    }
    // Each statement is planned for its values and the tables as they are
    // now: a plan kept from when a table was small (a fresh organisation, or
    // the start of a bulk import in one transaction) would scan it whole.
    let options = config
        .get_options()
        .map_or(String::new(), |o| format!("{o} "));
    config.options(&format!("{options}-c plan_cache_mode=force_custom_plan"));
    let pool = Pool::builder()
        .max_size(location.pool_size)
        .min_idle(Some(0))
        .connection_timeout(CONNECT_TIMEOUT)
        .test_on_check_out(false)
        .build_unchecked(Connector { config });
    pools.insert(key, pool.clone());
    Ok(pool)
}

/// A collection's table, qualified by the schema and quoted (names come
/// from the collection definitions and a checked schema, never from input).
fn table(schema: &str, name: &str) -> String {
    format!("\"{schema}\".\"{name}\"")
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

fn column_type(key_type: KeyType) -> &'static str {
    match key_type {
        KeyType::Number => "BIGINT",
        KeyType::Text => "TEXT COLLATE \"C\"",
    }
}

/// A key as an index column: nulls first, so that a scan either way gives
/// a query's order (records lacking a key come first in ascending order);
/// the id is never null, and is ordered as queries order it.
fn index_column(key: &str) -> String {
    if key == "id" {
        "id".to_owned()
    } else {
        format!("{} NULLS FIRST", quoted(key))
    }
}

/// The order of one query term, matching [`index_column`].
fn order_term(key: &str, descending: bool) -> String {
    match (key == "id", descending) {
        (true, false) => "id".to_owned(),
        (true, true) => "id DESC".to_owned(),
        (false, false) => format!("{} NULLS FIRST", quoted(key)),
        (false, true) => format!("{} DESC NULLS LAST", quoted(key)),
    }
}

/// The statements that create a collection's table and indexes.
fn create(schema: &str, collection: &Collection) -> String {
    let name = table(schema, collection.name);
    let id = if collection.numbered {
        "BIGINT"
    } else {
        column_type(KeyType::Text)
    };
    let columns: String = collection
        .keys
        .iter()
        .map(|(key, key_type)| format!(", {} {}", quoted(key), column_type(*key_type)))
        .collect();
    let mut sql = format!(
        "CREATE TABLE IF NOT EXISTS {name} (id {id} PRIMARY KEY, document BYTEA NOT NULL{columns});\n"
    );
    for index in collection.indexes {
        let columns: Vec<String> = index.iter().map(|k| index_column(k)).collect();
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {} ON {name} ({}) WHERE {} IS NOT NULL;\n",
            quoted(&collection.index_name(index)),
            columns.join(", "),
            quoted(index[0]),
        ));
    }
    sql
}

/// A value bound to a statement.
#[derive(Debug)]
enum Param {
    Number(i64),
    Text(String),
    Numbers(Vec<i64>),
    Texts(Vec<String>),
    Limit(Option<i64>),
}

impl Param {
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Self::Number(n) => n,
            Self::Text(t) => t,
            Self::Numbers(n) => n,
            Self::Texts(t) => t,
            Self::Limit(l) => l,
        }
    }
}

fn param(value: &KeyValue) -> Param {
    match value {
        KeyValue::Number(n) => Param::Number(*n),
        KeyValue::Text(t) => Param::Text(t.clone()),
    }
}

fn bound(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(Param::as_sql).collect()
}

/// The ids as their column holds them.
fn id_param(collection: &Collection, ids: &[String]) -> Result<Param> {
    Ok(if collection.numbered {
        Param::Numbers(
            ids.iter()
                .map(|id| collection.sequence_number(id))
                .collect::<Result<_>>()?,
        )
    } else {
        Param::Texts(ids.to_vec())
    })
}

/// The ids among `ids` that a record can have (no NUL character).
fn storable(ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter(|id| !id.contains('\0'))
        .cloned()
        .collect()
}

/// The id column as records are read back: numbers in twenty digits.
fn id_column(collection: &Collection) -> &'static str {
    if collection.numbered {
        "lpad(id::text, 20, '0')"
    } else {
        "id"
    }
}

/// Whether `value` is text that PostgreSQL cannot hold: with a NUL
/// character. No stored key or id has one.
fn unstorable(value: &KeyValue) -> bool {
    matches!(value, KeyValue::Text(text) if text.contains('\0'))
}

/// One range of a condition on `column`, as SQL. A text bound with a NUL
/// character is replaced by its part before the NUL, which no stored value
/// lies strictly between: above it is above the bound, at or below it is
/// below it.
fn range_sql(column: &str, range: &Range, params: &mut Vec<Param>) -> String {
    let mut placeholder = |value: &KeyValue| {
        let value = match value {
            KeyValue::Text(text) => {
                KeyValue::Text(text.split('\0').next().unwrap_or("").to_owned())
            }
            number => number.clone(),
        };
        params.push(param(&value));
        format!("${}", params.len())
    };
    match (&range.low, &range.high) {
        (Some(low), Some(high)) if low == high && unstorable(low) => "FALSE".to_owned(),
        (Some(low), Some(high)) if low == high => format!("{column} = {}", placeholder(low)),
        (low, high) => {
            let mut parts = Vec::new();
            if let Some(low) = low {
                let operator = if unstorable(low) { ">" } else { ">=" };
                parts.push(format!("{column} {operator} {}", placeholder(low)));
            }
            if let Some(high) = high {
                parts.push(format!("{column} <= {}", placeholder(high)));
            }
            if parts.is_empty() {
                parts.push(format!("{column} IS NOT NULL"));
            }
            parts.join(" AND ")
        }
    }
}

/// The `WHERE` clause of `conditions` on `collection`, with its values.
fn where_sql(
    collection: &Collection,
    conditions: &[Condition],
    params: &mut Vec<Param>,
) -> Result<String> {
    let mut clauses = Vec::with_capacity(conditions.len());
    for condition in conditions {
        let key_type = collection.check_key(&condition.key)?;
        let numbered = collection.numbered && condition.key == "id";
        let column = quoted(&condition.key);
        let ranges = &collection.stored_condition(condition)?.any_of;
        let points: Option<Vec<&KeyValue>> = ranges
            .iter()
            .map(|r| match (&r.low, &r.high) {
                (Some(low), Some(high)) if low == high => Some(low),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|points| points.into_iter().filter(|p| !unstorable(p)).collect());
        let clause = match points {
            Some(points) if points.is_empty() => "FALSE".to_owned(),
            Some(points) if points.len() > 1 => {
                let mut numbers = Vec::new();
                let mut texts = Vec::new();
                for point in points {
                    match point {
                        KeyValue::Number(n) => numbers.push(*n),
                        KeyValue::Text(t) => texts.push(t.clone()),
                    }
                }
                let array = if numbered || (key_type == KeyType::Number && texts.is_empty()) {
                    Param::Numbers(numbers)
                } else if numbers.is_empty() {
                    Param::Texts(texts)
                } else {
                    return Err(Error::internal(format!(
                        "the key `{}` is compared with numbers and text at once",
                        condition.key
                    )));
                };
                params.push(array);
                format!("{column} = ANY(${})", params.len())
            }
            _ => {
                let parts: Vec<String> = ranges
                    .iter()
                    .map(|r| format!("({})", range_sql(&column, r, params)))
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

fn stored(rows: Vec<postgres::Row>) -> Result<Vec<Stored>> {
    rows.into_iter()
        .map(|row| {
            Ok(Stored {
                id: row.try_get(0).map_err(storage)?,
                document: row.try_get(1).map_err(storage)?,
            })
        })
        .collect()
}

/// A store in one schema of a PostgreSQL database.
pub struct PostgresStore {
    pool: Pool<Connector>,
    schema: String,
    lock_key: i64,
    /// The connection of the transaction in progress.
    transaction: Option<PooledConnection<Connector>>,
    /// Whether the last failure was a conflict worth running again.
    conflicted: bool,
    /// The `SET LOCAL` of a write transaction's lock timeout.
    lock_timeout: String,
    /// Whether writes are refused.
    read_only: bool,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Opens the organisation at `url` (`postgresql://…?schema=name`),
    /// creating its schema and tables if missing and migrating them to the
    /// current version.
    pub fn open(url: &str) -> Result<Self> {
        Self::open_with(url, &OpenOptions::default())
    }

    /// Opens the organisation at `url` with `options`: their busy timeout
    /// is each write transaction's `lock_timeout` (the wait for the
    /// organisation's writer lock included); durability is the server's
    /// to decide. Open read-only, the schema is not migrated but must be
    /// current, and every write is refused.
    pub fn open_with(url: &str, options: &OpenOptions) -> Result<Self> {
        let location = Location::parse(url)?;
        let mut store = Self {
            pool: pool(&location)?,
            lock_key: location.lock_key(),
            schema: location.schema,
            transaction: None,
            conflicted: false,
            lock_timeout: format!(
                "SET LOCAL lock_timeout = {};",
                options.busy_timeout_ms.max(1)
            ),
            read_only: options.read_only,
        };
        if !store.read_only {
            store.migrate()?;
            return Ok(store);
        }
        let version = store.version()?;
        if version != SCHEMA_VERSION {
            return Err(Error::storage(format!(
                "the schema `{}` has version {version}, not this engine's {SCHEMA_VERSION}, \
                 and is open read-only, so it cannot be migrated",
                store.schema,
            )));
        }
        Ok(store)
    }

    /// The schema the store keeps its tables in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The schema version of the organisation's tables.
    pub fn version(&mut self) -> Result<i32> {
        let sql = format!(
            "SELECT version FROM {}",
            table(&self.schema, "schema_version")
        );
        let rows = self.session(|s| s.query(&sql, &[]))?;
        match rows.first() {
            Some(row) => row.try_get(0).map_err(storage),
            None => Ok(0),
        }
    }

    /// Removes every record of the organisation, its sequences included,
    /// keeping its tables: for demos and tests that start afresh.
    pub fn clear(&mut self) -> Result<()> {
        let tables: Vec<String> = collections::ALL
            .iter()
            .map(|c| c.name)
            .chain(["sequences"])
            .map(|name| table(&self.schema, name))
            .collect();
        let sql = format!("TRUNCATE {}", tables.join(", "));
        self.session(|s| s.batch(&sql))
    }

    /// Runs `sql` (several statements, no parameters) in the organisation's
    /// schema, outside any transaction: for tests and benchmarks that
    /// compare with hand-written SQL.
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        let path = self.search_path();
        self.session(|s| s.batch(&format!("{path}{sql}")))
    }

    /// The statement that makes the organisation's schema the one
    /// unqualified names are found in.
    fn search_path(&self) -> String {
        format!("SET search_path TO {};", quoted(&self.schema))
    }

    /// Runs one query with text parameters and answers its rows, each
    /// column as text: for benchmarks that compare with hand-written SQL.
    pub fn query_text(&mut self, sql: &str, values: &[&str]) -> Result<Vec<Vec<Option<String>>>> {
        let values: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let path = self.search_path();
        let rows = self.session(|s| {
            s.batch(&path)?;
            s.query(sql, &values)
        })?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| row.try_get(i).map_err(storage))
                    .collect()
            })
            .collect()
    }

    /// Creates the schema and any collection or index it lacks, drops the
    /// indexes no longer defined and records the version, in one
    /// transaction under the organisation's lock. A newer schema is refused.
    fn migrate(&mut self) -> Result<()> {
        let schema = self.schema.clone();
        let lock_key = self.lock_key;
        let lock_timeout = self.lock_timeout.clone();
        self.session(|s| {
            let encoding = s.query("SHOW server_encoding", &[])?;
            let encoding: String = encoding
                .first()
                .map(|row| row.try_get(0).map_err(storage))
                .transpose()?
                .unwrap_or_default();
            if encoding != "UTF8" {
                return Err(Error::storage(format!(
                    "the database's encoding is {encoding}; the engine needs UTF8"
                )));
            }
            s.batch(&format!(
                "BEGIN; {lock_timeout} SELECT pg_advisory_xact_lock({lock_key}); \
                 CREATE SCHEMA IF NOT EXISTS {}; \
                 CREATE TABLE IF NOT EXISTS {} (version INTEGER NOT NULL);",
                quoted(&schema),
                table(&schema, "schema_version"),
            ))?;
            let migrated = migrate_locked(s, &schema);
            match migrated {
                Ok(()) => s.batch("COMMIT"),
                Err(e) => {
                    s.batch("ROLLBACK").ok();
                    Err(e)
                }
            }
        })
    }

    /// Runs `f` on the transaction's connection, or on one borrowed from
    /// the pool for this call. A borrowed connection found closed before
    /// `f` could do anything (the server restarted since it was last used)
    /// is replaced once.
    fn session<T>(&mut self, f: impl Fn(&mut Session) -> Result<T>) -> Result<T> {
        let run = |session: &mut Session| {
            session.conflicted = false;
            let outcome = f(session);
            (outcome, session.conflicted)
        };
        let (outcome, conflicted) = match self.transaction.as_mut() {
            Some(session) => run(session),
            None => {
                let mut session = self.connection()?;
                match run(&mut session) {
                    (Err(_), _) if session.client.is_closed() => {
                        drop(session);
                        run(&mut *self.connection()?)
                    }
                    other => other,
                }
            }
        };
        self.conflicted = conflicted;
        outcome
    }

    fn connection(&self) -> Result<PooledConnection<Connector>> {
        self.pool
            .get()
            .map_err(|e| Error::storage(format!("PostgreSQL: no connection: {e}")))
    }

    /// Notes whether `error` was a conflict, for [`Store::retry`].
    fn noting<T>(&mut self, result: std::result::Result<T, postgres::Error>) -> Result<T> {
        result.map_err(|e| {
            self.conflicted = transient(&e);
            storage(e)
        })
    }

    /// Starts a transaction with `sql` on a connection it then holds (a
    /// stale one left open is rolled back first).
    fn start(&mut self, sql: &str) -> Result<()> {
        self.conflicted = false;
        if let Some(mut stale) = self.transaction.take() {
            stale.batch("ROLLBACK").ok();
        }
        let mut session = self.connection()?;
        let mut begun = session.client.batch_execute(sql);
        if begun.is_err() && session.client.is_closed() {
            // A connection the server closed while it lay in the pool.
            session = self.connection()?;
            begun = session.client.batch_execute(sql);
        }
        if begun.is_err() {
            session.client.batch_execute("ROLLBACK").ok();
        }
        self.noting(begun)?;
        self.transaction = Some(session);
        Ok(())
    }

    fn definition(&self, collection: &str) -> Result<(&'static Collection, String)> {
        let definition = collections::named(collection)?;
        Ok((definition, table(&self.schema, definition.name)))
    }
}

/// The migration steps, inside the transaction that holds the lock.
fn migrate_locked(s: &mut Session, schema: &str) -> Result<()> {
    let version_table = table(schema, "schema_version");
    let rows = s.query(&format!("SELECT version FROM {version_table}"), &[])?;
    let current: i32 = match rows.first() {
        Some(row) => row.try_get(0).map_err(storage)?,
        None => 0,
    };
    if current > SCHEMA_VERSION {
        return Err(Error::storage(format!(
            "the schema `{schema}` has version {current}, newer than this engine's {SCHEMA_VERSION}"
        )));
    }
    let wanted = collections::index_names();
    let ours: Vec<String> = collections::ALL.iter().map(|c| c.name.to_owned()).collect();
    let schema_name = schema.to_owned();
    let indexes = s.query(
        "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) \
         AND indexname NOT LIKE '%_pkey'",
        &[&schema_name, &ours],
    )?;
    let mut sql = String::new();
    for row in indexes {
        let name: String = row.try_get(0).map_err(storage)?;
        if !wanted.contains(&name) {
            sql.push_str(&format!(
                "DROP INDEX {}.{};\n",
                quoted(schema),
                quoted(&name)
            ));
        }
    }
    for collection in collections::ALL {
        sql.push_str(&create(schema, collection));
    }
    sql.push_str(&format!(
        "CREATE TABLE IF NOT EXISTS {} (name TEXT COLLATE \"C\" PRIMARY KEY, value BIGINT NOT NULL);\n\
         DELETE FROM {version_table};\nINSERT INTO {version_table} VALUES ({SCHEMA_VERSION});",
        table(schema, "sequences"),
    ));
    s.batch(&sql)
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        if let Some(mut session) = self.transaction.take() {
            session.batch("ROLLBACK").ok();
        }
    }
}

impl Store for PostgresStore {
    fn begin(&mut self) -> Result<()> {
        if self.read_only {
            return Err(super::read_only());
        }
        let sql = format!(
            "BEGIN; {} SELECT pg_advisory_xact_lock({})",
            self.lock_timeout, self.lock_key
        );
        self.start(&sql)
    }

    /// A REPEATABLE READ transaction: one snapshot, without the writers'
    /// lock.
    fn begin_read(&mut self) -> Result<()> {
        self.start("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    }

    fn commit(&mut self) -> Result<()> {
        let mut session = self
            .transaction
            .take()
            .ok_or_else(|| Error::internal("commit without a transaction"))?;
        let committed = session.client.batch_execute("COMMIT");
        self.noting(committed)
    }

    fn rollback(&mut self) -> Result<()> {
        let Some(mut session) = self.transaction.take() else {
            return Ok(());
        };
        match session.client.batch_execute("ROLLBACK") {
            // A closed connection's transaction is rolled back by the server.
            Err(_) if session.client.is_closed() => Ok(()),
            other => self.noting(other),
        }
    }

    fn retry(&mut self) -> bool {
        std::mem::take(&mut self.conflicted)
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        let (definition, name) = self.definition(collection)?;
        let ids = id_param(definition, &storable(ids))?;
        let sql = format!(
            "SELECT {}, document FROM {name} WHERE id = ANY($1) ORDER BY id",
            id_column(definition)
        );
        self.session(|s| stored(s.query(&sql, &[ids.as_sql()])?))
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        let (definition, name) = self.definition(collection)?;
        if entries.is_empty() {
            return Ok(());
        }
        // The last entry for an id wins, as when put one by one.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (at, entry) in entries.iter().enumerate() {
            last.insert(&entry.id, at);
        }
        let kept: Vec<&Entry> = entries
            .iter()
            .enumerate()
            .filter(|(at, entry)| last.get(entry.id.as_str()) == Some(at))
            .map(|(_, entry)| entry)
            .collect();
        for entry in &kept {
            for key in &entry.keys {
                definition.check_key(&key.name)?;
            }
        }
        let ids: Vec<String> = kept.iter().map(|e| e.id.clone()).collect();
        let ids = id_param(definition, &ids)?;
        let documents: Vec<&[u8]> = kept.iter().map(|e| e.document.as_slice()).collect();
        let columns = definition
            .keys
            .iter()
            .map(|(key, key_type)| Ok((*key, KeyColumn::of(definition, key, *key_type, &kept)?)))
            .collect::<Result<Vec<_>>>()?;
        let id_type = if definition.numbered {
            "bigint"
        } else {
            "text"
        };
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![ids.as_sql(), &documents];
        let mut unnest = vec![format!("$1::{id_type}[]"), "$2::bytea[]".to_owned()];
        for (_, column) in &columns {
            values.push(column.as_sql());
            unnest.push(format!("${}::{}[]", values.len(), column.sql_type()));
        }
        let names: String = columns
            .iter()
            .map(|(k, _)| format!(", {}", quoted(k)))
            .collect();
        let updates: String = columns
            .iter()
            .map(|(k, _)| format!(", {0} = excluded.{0}", quoted(k)))
            .collect();
        let sql = format!(
            "INSERT INTO {name} (id, document{names}) SELECT * FROM UNNEST({}) \
             ON CONFLICT (id) DO UPDATE SET document = excluded.document{updates}",
            unnest.join(", ")
        );
        self.session(|s| s.execute(&sql, &values).map(|_| ()))
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        let (definition, name) = self.definition(collection)?;
        let ids = id_param(definition, &storable(ids))?;
        let sql = format!("DELETE FROM {name} WHERE id = ANY($1)");
        self.session(|s| s.execute(&sql, &[ids.as_sql()]).map(|_| ()))
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        let (definition, name) = self.definition(&query.collection)?;
        let mut params = Vec::new();
        let condition = where_sql(definition, &query.conditions, &mut params)?;
        let mut order = Vec::with_capacity(query.order.len() + 1);
        for term in &query.order {
            definition.check_key(&term.key)?;
            order.push(order_term(&term.key, term.descending));
        }
        order.push("id".to_owned());
        params.push(Param::Limit(query.limit.map(i64::from)));
        params.push(Param::Number(query.offset.into()));
        let sql = format!(
            "SELECT {}, document FROM {name}{condition} ORDER BY {} LIMIT ${} OFFSET ${}",
            id_column(definition),
            order.join(", "),
            params.len() - 1,
            params.len(),
        );
        let values = bound(&params);
        self.session(|s| stored(s.query(&sql, &values)?))
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        let (definition, name) = self.definition(collection)?;
        let mut params = Vec::new();
        let condition = where_sql(definition, conditions, &mut params)?;
        let sql = format!("SELECT COUNT(*) FROM {name}{condition}");
        let values = bound(&params);
        let rows = self.session(|s| s.query(&sql, &values))?;
        let count: i64 = rows
            .first()
            .ok_or_else(|| Error::storage("PostgreSQL: a count gave no row"))?
            .try_get(0)
            .map_err(storage)?;
        Ok(count as u64)
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        let sql = format!(
            "INSERT INTO {0} AS s (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = s.value + excluded.value RETURNING value",
            table(&self.schema, "sequences")
        );
        let (name, count) = (name.to_owned(), count as i64);
        let rows = self.session(|s| s.query(&sql, &[&name, &count]))?;
        let last: i64 = rows
            .first()
            .ok_or_else(|| Error::storage(format!("the sequence `{name}` gave no number")))?
            .try_get(0)
            .map_err(storage)?;
        Ok((last + 1 - count) as u64)
    }
}

/// One key's values over the entries a `put` writes, bound as an array.
enum KeyColumn<'e> {
    Numbers(Vec<Option<i64>>),
    Texts(Vec<Option<&'e str>>),
}

impl<'e> KeyColumn<'e> {
    /// The values of `key`, of `key_type`, in `entries` (null where one
    /// lacks it).
    fn of(
        collection: &Collection,
        key: &str,
        key_type: KeyType,
        entries: &[&'e Entry],
    ) -> Result<Self> {
        let values = entries
            .iter()
            .map(|e| e.keys.iter().find(|k| k.name == key).map(|k| &k.value));
        Ok(match key_type {
            KeyType::Number => Self::Numbers(
                values
                    .map(|value| match value {
                        Some(KeyValue::Number(n)) => Ok(Some(*n)),
                        Some(KeyValue::Text(_)) => Err(mistyped(collection, key)),
                        None => Ok(None),
                    })
                    .collect::<Result<_>>()?,
            ),
            KeyType::Text => Self::Texts(
                values
                    .map(|value| match value {
                        Some(KeyValue::Text(t)) => Ok(Some(t.as_str())),
                        Some(KeyValue::Number(_)) => Err(mistyped(collection, key)),
                        None => Ok(None),
                    })
                    .collect::<Result<_>>()?,
            ),
        })
    }

    fn sql_type(&self) -> &'static str {
        match self {
            Self::Numbers(_) => "bigint",
            Self::Texts(_) => "text",
        }
    }

    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Self::Numbers(numbers) => numbers,
            Self::Texts(texts) => texts,
        }
    }
}

fn mistyped(collection: &Collection, key: &str) -> Error {
    Error::internal(format!(
        "the key `{key}` of the collection `{}` was given a value of the wrong type",
        collection.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_give_their_schema_and_keep_the_client_options() {
        let location =
            Location::parse("postgresql://licence@db:5432/hr?schema=acme&connect_timeout=3")
                .unwrap();
        assert_eq!(
            location,
            Location {
                url: "postgresql://licence@db:5432/hr?connect_timeout=3".into(),
                schema: "acme".into(),
                pool_size: 8,
            }
        );
        let location = Location::parse("postgres://db/hr?pool_size=2").unwrap();
        assert_eq!(
            (location.url.as_str(), location.schema.as_str()),
            ("postgres://db/hr", "public")
        );
        assert_eq!(location.pool_size, 2);
        for bad in [
            "postgresql://db/hr?schema=Acme",
            "postgresql://db/hr?schema=1st",
            "postgresql://db/hr?schema=pg_catalog",
            "postgresql://db/hr?schema=a%22b",
            "postgresql://db/hr?pool_size=0",
        ] {
            assert_eq!(
                Location::parse(bad).unwrap_err().kind().as_str(),
                "invalid_input",
                "{bad}"
            );
        }
    }

    #[test]
    fn each_schema_locks_its_own_number() {
        let key = |url: &str| Location::parse(url).unwrap().lock_key();
        assert_eq!(
            key("postgresql://a/x?schema=acme"),
            key("postgres://b/y?schema=acme")
        );
        assert_ne!(
            key("postgresql://a/x?schema=acme"),
            key("postgresql://a/x?schema=acme2")
        );
    }
}
