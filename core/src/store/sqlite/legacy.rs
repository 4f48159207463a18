//! The move from schema versions 1 and 2 (a table per record, a column per
//! field) to the document schema: the old tables are set aside, every
//! record is read from them and put again through [`Records`] (so its keys
//! are the engine's), the audit log keeps its sequence numbers, and the old
//! tables are dropped. The caller runs it inside one transaction.

use std::collections::BTreeMap;

use rusqlite::{Connection, Row};
use serde::de::DeserializeOwned;

use super::{SqliteStore, mismatched};
use crate::audit::AuditEntry;
use crate::calendar::Day;
use crate::error::{Failure, Result};
use crate::model::{Licence, Owner, Person, Role, Site};
use crate::store::collections::AUDIT;
use crate::store::records::{AUDIT_SEQUENCE, audit_entry};
use crate::store::{AcknowledgementRecord, LicenceRecord, Records, Store};

/// The tables of schema 2.
const TABLES: &[&str] = &[
    "settings",
    "people",
    "licence_types",
    "licences",
    "acknowledgements",
    "attachments",
    "courses",
    "seats",
    "rules",
    "sites",
    "associations",
    "audit",
];

/// Rows read and put again at a time.
const PAGE: usize = 10_000;

/// The roles in the order of their bits in schema 2.
const ROLES: [Role; 5] = [
    Role::Delegate,
    Role::Trainer,
    Role::Administrator,
    Role::Booker,
    Role::Manager,
];

/// Renames the old tables out of the way of the new ones.
pub(super) fn set_aside(connection: &Connection) -> rusqlite::Result<()> {
    for table in TABLES {
        connection.execute_batch(&format!("ALTER TABLE {table} RENAME TO legacy_{table}"))?;
    }
    Ok(())
}

fn day(number: Option<i32>) -> Result<Option<Day>> {
    number
        .map(|n| Day::from_number("stored date", n))
        .transpose()
}

fn document<T: DeserializeOwned>(row: &Row<'_>, at: usize) -> Result<T> {
    Failure::decode(row.get::<_, String>(at)?)
}

fn person(row: &Row<'_>) -> Result<Person> {
    let bits: i64 = row.get(5)?;
    Ok(Person {
        positions: Vec::new(),
        line_manager: None,
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        location: row.get(3)?,
        department: row.get(4)?,
        roles: ROLES
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, r)| *r)
            .collect(),
        registered_on: Day::from_number("stored date", row.get(6)?)?,
        active: row.get(7)?,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    })
}

fn licence(row: &Row<'_>) -> Result<LicenceRecord> {
    let owner_site: Option<String> = row.get(8)?;
    Ok(LicenceRecord {
        approval: Default::default(),
        rejection_reason: None,
        licence: Licence {
            id: row.get(0)?,
            holder_id: row.get(1)?,
            type_id: row.get(2)?,
            reference: row.get(3)?,
            issuer: row.get(4)?,
            acquired: day(row.get(5)?)?,
            expiry: day(row.get(6)?)?,
            notes: row.get(7)?,
            owner: owner_site.map_or(Owner::Candidate, Owner::Site),
            renews: row.get(9)?,
            superseded_by: row.get(10)?,
            fields: Default::default(),
        },
        deleted_on: day(row.get(11)?)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
        reminded_through: day(row.get(14)?)?,
        next_reminder: day(row.get(15)?)?,
    })
}

fn audit(row: &Row<'_>) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.get::<_, i64>(0)? as u64,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        record_kind: Failure::decode(row.get::<_, String>(4)?)?,
        record_id: row.get(5)?,
        person_id: row.get(6)?,
        changes: document(row, 7)?,
    })
}

/// Reads `columns` of the old `table` of schema `version` a page at a
/// time, in row order, and hands each page to `put`.
fn pages<T>(
    store: &mut SqliteStore,
    version: u32,
    table: &str,
    columns: &str,
    read: impl Fn(&Row<'_>) -> Result<T>,
    mut put: impl FnMut(&mut SqliteStore, Vec<T>) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {columns}, rowid FROM legacy_{table} WHERE rowid > ?1 ORDER BY rowid LIMIT {PAGE}"
    );
    let rowid_at = columns.split(',').count();
    let mut after = 0_i64;
    loop {
        let mut page = Vec::new();
        {
            let sql_failed = |e| mismatched(version, e);
            let mut statement = store.connection.prepare(&sql).map_err(sql_failed)?;
            let mut rows = statement.query([after]).map_err(sql_failed)?;
            while let Some(row) = rows.next().map_err(sql_failed)? {
                after = row.get(rowid_at)?;
                page.push(read(row)?);
            }
        }
        if page.is_empty() {
            return Ok(());
        }
        put(store, page)?;
    }
}

/// Puts every record of the old tables of schema `version` into the new
/// ones, then drops the old tables.
pub(super) fn copy(store: &mut SqliteStore, version: u32) -> Result<()> {
    pages(
        store,
        version,
        "settings",
        "doc",
        |r| document(r, 0),
        |s, page| {
            page.iter()
                .try_for_each(|settings| s.put_settings(settings))
        },
    )?;
    pages(
        store,
        version,
        "people",
        "id, name, email, location, department, roles, registered_on, active",
        person,
        |s, page| s.put_people(&page),
    )?;
    pages(
        store,
        version,
        "licence_types",
        "doc",
        |r| document(r, 0),
        |s, page| page.iter().try_for_each(|t| s.put_licence_type(t)),
    )?;
    pages(
        store,
        version,
        "licences",
        "id, holder_id, type_id, reference, issuer, acquired, expiry, notes, owner_site, renews, \
         superseded_by, deleted_on, created_at, updated_at, reminded_through, next_reminder",
        licence,
        |s, page| s.put_licences(&page),
    )?;
    let mut acknowledgements: BTreeMap<String, Vec<AcknowledgementRecord>> = BTreeMap::new();
    pages(
        store,
        version,
        "acknowledgements",
        "licence_id, expiry, trigger_on, at",
        |r| {
            Ok(AcknowledgementRecord {
                licence_id: r.get(0)?,
                expiry: Day::from_number("stored date", r.get(1)?)?,
                trigger: Day::from_number("stored date", r.get(2)?)?,
                at: r.get(3)?,
            })
        },
        |_, page| {
            for ack in page {
                acknowledgements
                    .entry(ack.licence_id.clone())
                    .or_default()
                    .push(ack);
            }
            Ok(())
        },
    )?;
    for ack in acknowledgements.into_values().flatten() {
        store.put_acknowledgement(&ack)?;
    }
    pages(
        store,
        version,
        "attachments",
        "doc, content",
        |r| Ok((document(r, 0)?, r.get::<_, Vec<u8>>(1)?)),
        |s, page| {
            page.iter()
                .try_for_each(|(attachment, content)| s.put_attachment(attachment, content))
        },
    )?;
    pages(
        store,
        version,
        "courses",
        "doc",
        |r| document(r, 0),
        |s, page| page.iter().try_for_each(|course| s.put_course(course)),
    )?;
    pages(
        store,
        version,
        "seats",
        "doc",
        |r| document(r, 0),
        |s, page| s.put_seats(&page),
    )?;
    pages(
        store,
        version,
        "rules",
        "doc",
        |r| document(r, 0),
        |s, page| page.iter().try_for_each(|rule| s.put_rule(rule)),
    )?;
    pages(
        store,
        version,
        "sites",
        "id, name",
        |r| {
            Ok(Site {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
        |s, page| page.iter().try_for_each(|site| s.put_site(site)),
    )?;
    pages(
        store,
        version,
        "associations",
        "candidate_id, doc",
        |r| Ok((r.get::<_, String>(0)?, document::<Vec<_>>(r, 1)?)),
        |s, page| {
            page.iter()
                .try_for_each(|(candidate, list)| s.put_associations(candidate, list))
        },
    )?;
    let mut last = 0;
    pages(
        store,
        version,
        "audit",
        "seq, at, actor, action, record_kind, record_id, person_id, changes",
        audit,
        |s, page| {
            last = page.last().map_or(last, |e| e.seq);
            let entries = page.iter().map(audit_entry).collect::<Result<Vec<_>>>()?;
            s.put(AUDIT.name, &entries)
        },
    )?;
    store.execute(
        "INSERT INTO sequences (name, value) VALUES (?1, ?2)",
        rusqlite::params![AUDIT_SEQUENCE, last as i64],
    )?;
    for table in TABLES {
        store
            .connection
            .execute_batch(&format!("DROP TABLE legacy_{table}"))?;
    }
    Ok(())
}
