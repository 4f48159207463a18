//! The engine's records over any [`Store`]: what each document holds, the
//! keys it is kept with, and the queries reports and the reminders outbox
//! run. Every store gets these by implementing the nine document
//! functions; none of them knows a licence from a seat.
//!
//! Keys that come from another record (a licence's holder and type) are the
//! engine's to keep current: putting people or a licence type re-keys the
//! licences that show them.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::collections::{self as c, Collection};
use super::{Condition, Entry, Key, KeyValue, Order, Query, Range, Store, Stored};
use crate::allocation::Rule;
use crate::audit::{AuditEntry, AuditQuery};
use crate::calendar::Day;
use crate::custody::Association;
use crate::error::{Error, Failure, RecordKind, Result};
use crate::expiry::{Status, Window};
use crate::fields::{FieldDefinition, folded};
use crate::model::{
    Approval, Attachment, Course, Licence, LicenceType, Person, Role, Seat, SeatState, Site,
    Timestamp,
};
use crate::readiness::Requirement;
use crate::report::{
    OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, SortKey, StatusCounts, status_of,
};
use crate::settings::Settings;

/// A licence as stored: the record and the tracker's state about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceRecord {
    /// The licence itself.
    pub licence: Licence,
    /// When it was deleted; deleted licences are kept until purged.
    pub deleted_on: Option<Day>,
    /// When it was recorded (host time).
    pub created_at: Timestamp,
    /// When it last changed (host time).
    pub updated_at: Timestamp,
    /// The latest acknowledged reminder trigger for the current expiry.
    pub reminded_through: Option<Day>,
    /// The first date a reminder can be due (the reminders outbox index).
    pub next_reminder: Option<Day>,
    /// Whether it is approved, waits for approval or was rejected.
    #[serde(default)]
    pub approval: Approval,
    /// Why it was rejected, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
}

impl LicenceRecord {
    /// Whether the licence waits for approval: pending, neither deleted
    /// nor superseded.
    pub fn awaits_approval(&self) -> bool {
        self.approval == Approval::Pending
            && self.deleted_on.is_none()
            && !self.licence.is_superseded()
    }
}

/// Whose licences to read for readiness.
#[derive(Debug, Clone, Copy)]
pub enum Holders<'a> {
    /// These holders'.
    Each(&'a [String]),
    /// Every holder's whose id lies from the first to the second.
    Between(&'a str, &'a str),
}

/// A licence as readiness reads it from its stored document: what its
/// requirements need, and nothing else decoded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "HeldDocument")]
pub struct HeldRecord {
    /// The licence's id.
    pub id: String,
    /// Its holder.
    pub holder_id: String,
    /// Its licence type.
    pub type_id: String,
    /// Its expiry; `None` never expires.
    pub expiry: Option<Day>,
    /// Its approval.
    pub approval: Approval,
}

/// The parts of a stored [`LicenceRecord`] a [`HeldRecord`] reads.
#[derive(Deserialize)]
struct HeldDocument {
    licence: HeldLicence,
    #[serde(default)]
    approval: Approval,
}

#[derive(Deserialize)]
struct HeldLicence {
    id: String,
    holder_id: String,
    type_id: String,
    #[serde(default)]
    expiry: Option<Day>,
}

impl From<HeldDocument> for HeldRecord {
    fn from(document: HeldDocument) -> Self {
        let HeldLicence {
            id,
            holder_id,
            type_id,
            expiry,
        } = document.licence;
        Self {
            id,
            holder_id,
            type_id,
            expiry,
            approval: document.approval,
        }
    }
}

impl From<&LicenceRecord> for HeldRecord {
    fn from(record: &LicenceRecord) -> Self {
        let licence = &record.licence;
        Self {
            id: licence.id.clone(),
            holder_id: licence.holder_id.clone(),
            type_id: licence.type_id.clone(),
            expiry: licence.expiry,
            approval: record.approval,
        }
    }
}

/// Licences whose reminders may be due, with their holders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderCandidates {
    /// The licences, in expiry order; each holder is among `holders`.
    pub records: Vec<LicenceRecord>,
    /// Their holders, each once.
    pub holders: Vec<Person>,
}

/// A reminder that the host acknowledged as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AcknowledgementRecord {
    /// The licence.
    pub licence_id: String,
    /// The expiry the reminder was for.
    pub expiry: Day,
    /// The reminder's trigger date.
    pub trigger: Day,
    /// When it was acknowledged (host time).
    pub at: Timestamp,
}

/// A reminder handed to a worker ([`Tracker::claim_reminders`]), not handed
/// to another until its lease lapses.
///
/// [`Tracker::claim_reminders`]: crate::tracker::Tracker::claim_reminders
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderClaim {
    /// The licence.
    pub licence_id: String,
    /// The expiry the reminder is for.
    pub expiry: Day,
    /// The reminder's trigger date.
    pub trigger: Day,
    /// The worker that holds it.
    pub worker: String,
    /// When the lease lapses (host time).
    pub until: Timestamp,
}

/// Which people to list. `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeopleQuery {
    /// Only active (`true`) or inactive (`false`) people.
    #[serde(default)]
    pub active: Option<bool>,
    /// Only people with this role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Only people at this location (ignoring case and surrounding spaces).
    #[serde(default)]
    pub location: Option<String>,
    /// Only people in this department (ignoring case and surrounding
    /// spaces).
    #[serde(default)]
    pub department: Option<String>,
}

impl PeopleQuery {
    fn conditions(&self) -> Vec<Condition> {
        let mut conditions = Vec::new();
        if let Some(active) = self.active {
            conditions.push(Condition::equals("active", active));
        }
        if let Some(role) = self.role {
            conditions.push(Condition::equals(role_key(role), true));
        }
        if let Some(location) = &self.location {
            conditions.push(Condition::equals("location", folded(location)));
        }
        if let Some(department) = &self.department {
            conditions.push(Condition::equals("department", folded(department)));
        }
        conditions
    }
}

/// One page of a listing: the rows to skip and how many to return, at
/// most [`MAX_PAGE`](crate::report::MAX_PAGE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Page {
    /// Rows to skip.
    #[serde(default)]
    pub offset: u32,
    /// Rows to return (1,000 unless given).
    #[serde(default = "Page::default_limit")]
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            offset: 0,
            limit: Self::default_limit(),
        }
    }
}

impl Page {
    /// The rows a page returns unless told otherwise.
    pub(crate) fn default_limit() -> u32 {
        1_000
    }

    /// Checks the page size: at least one row, at most
    /// [`MAX_PAGE`](crate::report::MAX_PAGE).
    pub fn validate(&self) -> Result<()> {
        if self.limit == 0 {
            return Err(Error::invalid("page.limit", "must be at least 1"));
        }
        if self.limit > crate::report::MAX_PAGE {
            return Err(Error::limit(
                "page size",
                u64::from(crate::report::MAX_PAGE),
            ));
        }
        Ok(())
    }

    /// The page of `rows`, from a list one longer than the page when more
    /// follow.
    fn of<T>(self, mut rows: Vec<T>) -> Listing<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        Listing {
            next_offset: more.then(|| self.offset.saturating_add(self.limit)),
            items: rows,
        }
    }

    /// `query` limited to this page and one more row (to tell whether more
    /// follow).
    fn query(self, mut query: Query) -> Query {
        query.offset = self.offset;
        query.limit = Some(self.limit.saturating_add(1));
        query
    }

    /// The page of `rows`, all of a listing.
    pub fn slice<T>(self, rows: Vec<T>) -> Listing<T> {
        let rows = rows
            .into_iter()
            .skip(self.offset as usize)
            .take(self.limit as usize + 1)
            .collect();
        self.of(rows)
    }
}

/// One page of records, and where the next page starts when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// The records of the page.
    pub items: Vec<T>,
    /// The offset of the next page; `None` on the last page.
    pub next_offset: Option<u32>,
}

/// Which licences to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceQuery {
    /// Only this holder's licences.
    #[serde(default)]
    pub holder_id: Option<String>,
    /// Only licences of this type.
    #[serde(default)]
    pub type_id: Option<String>,
    /// Also superseded (renewed) licences.
    #[serde(default)]
    pub include_superseded: bool,
    /// Also deleted licences.
    #[serde(default)]
    pub include_deleted: bool,
}

impl LicenceQuery {
    fn conditions(&self) -> Vec<Condition> {
        let mut conditions = Vec::new();
        if let Some(holder) = &self.holder_id {
            conditions.push(Condition::equals("holder_id", holder.as_str()));
        }
        if let Some(type_id) = &self.type_id {
            conditions.push(Condition::equals("type_id", type_id.as_str()));
        }
        if !self.include_superseded {
            conditions.push(Condition::equals("superseded", false));
        }
        if !self.include_deleted {
            conditions.push(Condition::equals("deleted", false));
        }
        conditions
    }
}

/// Which seats to list. `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeatQuery {
    /// Only this person's seats.
    #[serde(default)]
    pub person_id: Option<String>,
    /// Only seats for this course.
    #[serde(default)]
    pub course_id: Option<String>,
    /// Only seats in this state.
    #[serde(default)]
    pub state: Option<SeatState>,
}

impl SeatQuery {
    fn conditions(&self) -> Result<Vec<Condition>> {
        let mut conditions = Vec::new();
        if let Some(person) = &self.person_id {
            conditions.push(Condition::equals("person_id", person.as_str()));
        }
        if let Some(course) = &self.course_id {
            conditions.push(Condition::equals("course_id", course.as_str()));
        }
        if let Some(state) = self.state {
            conditions.push(Condition::equals("state", name_of(&state)?));
        }
        Ok(conditions)
    }
}

/// The one settings record's id.
const ORGANISATION: &str = "organisation";
/// The sequence that numbers the audit log.
pub(crate) const AUDIT_SEQUENCE: &str = "audit";
/// Ids per `get` or `one_of` condition, so that no query grows unbounded.
const CHUNK: usize = 500;
/// The expiry key of a licence that never expires: after every date.
const NEVER: i32 = i32::MAX;

/// The flag key of a role.
fn role_key(role: Role) -> &'static str {
    match role {
        Role::Delegate => "role_delegate",
        Role::Trainer => "role_trainer",
        Role::Administrator => "role_administrator",
        Role::Booker => "role_booker",
        Role::Manager => "role_manager",
    }
}

/// The serde name of a unit variant, such as `booked` or `licence_type`.
fn name_of<T: Serialize>(value: &T) -> Result<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Ok(name),
        _ => Err(Error::internal("a key value that is not a name")),
    }
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|source| {
        Failure::Encoding {
            what: "a record",
            source,
        }
        .into()
    })
}

fn decode_all<T: DeserializeOwned>(stored: Vec<Stored>) -> Result<Vec<T>> {
    stored
        .iter()
        .map(|s| Failure::decode(&s.document))
        .collect()
}

fn ids_of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    ids.into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn person_keys(person: &Person) -> Vec<Key> {
    let mut keys = vec![Key::new("active", person.active)];
    if let Some(location) = &person.location {
        keys.push(Key::new("location", folded(location)));
    }
    if let Some(department) = &person.department {
        keys.push(Key::new("department", folded(department)));
    }
    let mut roles = person.roles.clone();
    roles.sort_unstable_by_key(|r| role_key(*r));
    roles.dedup();
    keys.extend(roles.into_iter().map(|r| Key::new(role_key(r), true)));
    keys
}

fn licence_keys(record: &LicenceRecord, holder: Option<&Person>, type_name: &str) -> Vec<Key> {
    let licence = &record.licence;
    let superseded = licence.is_superseded();
    let deleted = record.deleted_on.is_some();
    let mut keys = vec![
        Key::new("holder_id", licence.holder_id.as_str()),
        Key::new("type_id", licence.type_id.as_str()),
        Key::new("current", !superseded && !deleted),
        Key::new("superseded", superseded),
        Key::new("deleted", deleted),
        Key::new("expiry", licence.expiry.map_or(NEVER, Day::number)),
        Key::new("holder_active", holder.is_some_and(|h| h.active)),
        Key::new(
            "holder_name",
            holder.map_or(String::new(), |h| h.name.clone()),
        ),
        Key::new("type_name", type_name),
    ];
    if let Some(day) = record.next_reminder {
        keys.push(Key::new("next_reminder", day.number()));
    }
    if let Some(day) = record.deleted_on {
        keys.push(Key::new("deleted_on", day.number()));
    }
    if let Some(location) = holder.and_then(|h| h.location.as_deref()) {
        keys.push(Key::new("holder_location", folded(location)));
    }
    if let Some(department) = holder.and_then(|h| h.department.as_deref()) {
        keys.push(Key::new("holder_department", folded(department)));
    }
    keys
}

/// The [`LICENCE_FIELDS`](c::LICENCE_FIELDS) records of a licence with
/// `keys`: one per value of its own fields and its holder's.
fn field_entries(
    record: &LicenceRecord,
    holder: Option<&Person>,
    keys: &[Key],
) -> Result<Vec<Entry>> {
    let holder_fields = holder.map(|h| &h.fields).into_iter().flatten();
    let id = &record.licence.id;
    holder_fields
        .chain(&record.licence.fields)
        .map(|(field, value)| {
            let mut keys = keys.to_vec();
            keys.push(Key::new("licence_id", id.as_str()));
            keys.push(Key::new("field", field.as_str()));
            keys.push(Key::new("value", value.matching_text()));
            Ok(Entry {
                id: format!("{field}:{id}"),
                document: encode(id)?,
                keys,
            })
        })
        .collect()
}

/// The licence ids that [`LICENCE_FIELDS`](c::LICENCE_FIELDS) records
/// hold, in their order.
fn shown_licence_ids(shown: &[Stored]) -> Result<Vec<String>> {
    shown
        .iter()
        .map(|s| Failure::decode::<String>(&s.document))
        .collect()
}

/// The ids of the [`LICENCE_FIELDS`](c::LICENCE_FIELDS) records of the
/// licences `ids`.
fn field_entry_ids<S: Store + ?Sized>(store: &mut S, ids: &[String]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let query = Query::all(
            c::LICENCE_FIELDS.name,
            vec![Condition::one_of(
                "licence_id",
                chunk.iter().map(String::as_str),
            )],
        );
        found.extend(store.find(&query)?.into_iter().map(|s| s.id));
    }
    Ok(found)
}

/// An audit entry as kept: its id is its sequence number in twenty digits.
pub(crate) fn audit_entry(entry: &AuditEntry) -> Result<Entry> {
    let mut keys = vec![
        Key::new("record_kind", name_of(&entry.record_kind)?),
        Key::new("record_id", entry.record_id.as_str()),
    ];
    if let Some(person) = &entry.person_id {
        keys.push(Key::new("person_id", person.as_str()));
    }
    Ok(Entry {
        id: format!("{:020}", entry.seq),
        document: encode(entry)?,
        keys,
    })
}

/// Whether a change from `old` to `new` changes the keys of their licences.
fn shown_on_licences_changed(old: &Person, new: &Person) -> bool {
    old.name != new.name
        || old.active != new.active
        || old.location != new.location
        || old.department != new.department
        || old.fields != new.fields
}

/// The expiry ranges of `status` on `today`.
fn status_range(status: Status, today: Day, window: Window) -> (Option<i64>, Option<i64>) {
    let t = i64::from(today.number());
    let w = t + i64::from(window.days());
    match status {
        Status::Expired => (None, Some(t - 1)),
        Status::Expiring => (Some(t), Some(w)),
        Status::Active => (Some(w + 1), None),
    }
}

/// The conditions on current licences of an overview filter on `today`.
/// The collection an overview reads (the licences, or the field records
/// when it filters by a field's value) and its conditions.
fn overview_conditions(
    filter: &OverviewFilter,
    today: Day,
    window: Window,
) -> (&'static Collection, Vec<Condition>) {
    let mut conditions = vec![Condition::equals("current", true)];
    if !filter.statuses.is_empty() {
        conditions.push(Condition::ranges(
            "expiry",
            filter
                .statuses
                .iter()
                .map(|s| status_range(*s, today, window)),
        ));
    }
    if !filter.type_ids.is_empty() {
        conditions.push(Condition::one_of(
            "type_id",
            filter.type_ids.iter().map(String::as_str),
        ));
    }
    if let Some(holder) = &filter.holder_id {
        conditions.push(Condition::equals("holder_id", holder.as_str()));
    }
    for (key, value) in [
        ("holder_location", &filter.location),
        ("holder_department", &filter.department),
    ] {
        if let Some(value) = value {
            conditions.push(Condition::equals(key, folded(value)));
        }
    }
    if let Some(days) = filter.expiring_within_days {
        let t = i64::from(today.number());
        conditions.push(Condition::between(
            "expiry",
            Some(t),
            Some(t + i64::from(days)),
        ));
    }
    match &filter.field {
        None => (&c::LICENCES, conditions),
        Some(field) => {
            conditions.push(Condition::equals("field", field.key.clone()));
            conditions.push(Condition::equals("value", field.value.matching_text()));
            (&c::LICENCE_FIELDS, conditions)
        }
    }
}

/// The order of an overview, matching [`SortKey::compare`]: status order is
/// expiry order, since status only grows with the expiry.
fn overview_order(sort: SortKey, descending: bool) -> Vec<Order> {
    let primary = match sort {
        SortKey::Expiry | SortKey::Status => None,
        SortKey::Holder => Some("holder_name"),
        SortKey::Type => Some("type_name"),
    };
    primary
        .into_iter()
        .chain(["expiry", "id"])
        .map(|key| Order {
            key: key.into(),
            descending,
        })
        .collect()
}

/// Reads and writes of the engine's records, for every [`Store`].
pub trait Records: Store {
    /// The organisation's settings, if they were ever stored.
    fn settings(&mut self) -> Result<Option<Settings>> {
        one(self, &c::SETTINGS, ORGANISATION)
    }

    /// Stores the organisation's settings.
    fn put_settings(&mut self, settings: &Settings) -> Result<()> {
        put_one(self, &c::SETTINGS, ORGANISATION, settings, Vec::new())
    }

    /// One person.
    fn person(&mut self, id: &str) -> Result<Option<Person>> {
        one(self, &c::PEOPLE, id)
    }

    /// Inserts or replaces people, re-keying the licences of those whose
    /// name, location, department or activity changed.
    fn put_people(&mut self, people: &[Person]) -> Result<()> {
        let old: PeopleById = people_by_id(self, people.iter().map(|p| p.id.as_str()))?;
        let entries = people
            .iter()
            .map(|p| {
                Ok(Entry {
                    id: p.id.clone(),
                    document: encode(p)?,
                    keys: person_keys(p),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.put(c::PEOPLE.name, &entries)?;
        let changed: Vec<&str> = people
            .iter()
            .filter(|p| {
                old.get(&p.id)
                    .is_some_and(|o| shown_on_licences_changed(o, p))
            })
            .map(|p| p.id.as_str())
            .collect();
        for chunk in changed.chunks(CHUNK) {
            let records: Vec<LicenceRecord> = decode_all(self.find(&Query::all(
                c::LICENCES.name,
                vec![Condition::one_of("holder_id", chunk.iter().copied())],
            ))?)?;
            self.put_licences(&records)?;
        }
        Ok(())
    }

    /// The people matching `query`, by id.
    fn people(&mut self, query: &PeopleQuery) -> Result<Vec<Person>> {
        listed(self, &Query::all(c::PEOPLE.name, query.conditions()))
    }

    /// One page of the people matching `query`, by id.
    fn people_page(&mut self, query: &PeopleQuery, page: Page) -> Result<Listing<Person>> {
        let query = page.query(Query::all(c::PEOPLE.name, query.conditions()));
        Ok(page.of(listed(self, &query)?))
    }

    /// The stored people among `ids` (unknown ids are left out), by id.
    fn people_with_ids(&mut self, ids: &[String]) -> Result<Vec<Person>> {
        many(self, &c::PEOPLE, ids)
    }

    /// One licence type.
    fn licence_type(&mut self, id: &str) -> Result<Option<LicenceType>> {
        one(self, &c::LICENCE_TYPES, id)
    }

    /// The licence type whose name matches `name` case-insensitively.
    fn licence_type_named(&mut self, name: &str) -> Result<Option<LicenceType>> {
        let query = Query::all(
            c::LICENCE_TYPES.name,
            vec![Condition::equals("name_key", LicenceType::name_key(name))],
        );
        Ok(listed(self, &query)?.into_iter().next())
    }

    /// Inserts or replaces a licence type, re-keying its licences when its
    /// name changed.
    fn put_licence_type(&mut self, licence_type: &LicenceType) -> Result<()> {
        let renamed = self
            .licence_type(&licence_type.id)?
            .is_some_and(|old| old.name != licence_type.name);
        put_one(
            self,
            &c::LICENCE_TYPES,
            &licence_type.id,
            licence_type,
            vec![Key::new(
                "name_key",
                LicenceType::name_key(&licence_type.name),
            )],
        )?;
        if renamed {
            let records: Vec<LicenceRecord> = decode_all(self.find(&Query::all(
                c::LICENCES.name,
                vec![Condition::equals("type_id", licence_type.id.as_str())],
            ))?)?;
            self.put_licences(&records)?;
        }
        Ok(())
    }

    /// Every licence type, by id.
    fn licence_types(&mut self) -> Result<Vec<LicenceType>> {
        listed(self, &Query::all(c::LICENCE_TYPES.name, Vec::new()))
    }

    /// One licence, deleted or not.
    fn licence(&mut self, id: &str) -> Result<Option<LicenceRecord>> {
        one(self, &c::LICENCES, id)
    }

    /// Inserts or replaces licences, keyed with their holders' and types'
    /// fields.
    fn put_licences(&mut self, records: &[LicenceRecord]) -> Result<()> {
        for chunk in records.chunks(CHUNK) {
            let holders = people_by_id(self, chunk.iter().map(|r| r.licence.holder_id.as_str()))?;
            self.put_licences_held_by(chunk, &holders)?;
        }
        Ok(())
    }

    /// Inserts or replaces licences whose holders the caller has read, by
    /// id: [`put_licences`](Records::put_licences) without reading them
    /// again (a holder left out is keyed as unknown and inactive).
    fn put_licences_held_by(
        &mut self,
        records: &[LicenceRecord],
        holders: &PeopleById,
    ) -> Result<()> {
        for chunk in records.chunks(CHUNK) {
            let type_names: BTreeMap<String, String> = many::<LicenceType, _>(
                self,
                &c::LICENCE_TYPES,
                &ids_of(chunk.iter().map(|r| r.licence.type_id.as_str())),
            )?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
            let mut shown = Vec::new();
            let entries = chunk
                .iter()
                .map(|record| {
                    let licence = &record.licence;
                    let holder = holders.get(&licence.holder_id);
                    let type_name = type_names.get(&licence.type_id).map_or("", String::as_str);
                    let keys = licence_keys(record, holder, type_name);
                    shown.extend(field_entries(record, holder, &keys)?);
                    Ok(Entry {
                        id: licence.id.clone(),
                        document: encode(record)?,
                        keys,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            self.put(c::LICENCES.name, &entries)?;
            self.put_field_entries(&entries, shown)?;
            self.put_approval_entries(chunk)?;
        }
        Ok(())
    }

    /// Keeps the [`APPROVALS`](c::APPROVALS) queue: the licences of
    /// `written` that await approval are in it, the others not. Nothing is
    /// removed while the queue is empty.
    fn put_approval_entries(&mut self, written: &[LicenceRecord]) -> Result<()> {
        let (waiting, decided): (Vec<&LicenceRecord>, Vec<&LicenceRecord>) =
            written.iter().partition(|r| r.awaits_approval());
        let any = Query {
            limit: Some(1),
            ..Query::all(c::APPROVALS.name, Vec::new())
        };
        if !decided.is_empty() && !self.find(&any)?.is_empty() {
            let ids: Vec<String> = decided.iter().map(|r| r.licence.id.clone()).collect();
            self.remove(c::APPROVALS.name, &ids)?;
        }
        let entries = waiting
            .iter()
            .map(|r| {
                Ok(Entry {
                    id: r.licence.id.clone(),
                    document: encode(&r.licence.id)?,
                    keys: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if entries.is_empty() {
            return Ok(());
        }
        self.put(c::APPROVALS.name, &entries)
    }

    /// One page of the licences that await approval, by id.
    fn approval_page(&mut self, page: Page) -> Result<Listing<LicenceRecord>> {
        let query = page.query(Query::all(c::APPROVALS.name, Vec::new()));
        let waiting: Vec<String> = listed(self, &query)?;
        let listing = page.of(waiting);
        Ok(Listing {
            items: self.licences_with_ids(&listing.items)?,
            next_offset: listing.next_offset,
        })
    }

    /// Replaces the [`LICENCE_FIELDS`](c::LICENCE_FIELDS) records of the
    /// licences `written` with `shown`. Nothing is read while the
    /// collection is empty (an organisation without custom fields).
    fn put_field_entries(&mut self, written: &[Entry], shown: Vec<Entry>) -> Result<()> {
        let any = Query {
            limit: Some(1),
            ..Query::all(c::LICENCE_FIELDS.name, Vec::new())
        };
        if shown.is_empty() && self.find(&any)?.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = written.iter().map(|e| e.id.clone()).collect();
        let kept: BTreeSet<&str> = shown.iter().map(|e| e.id.as_str()).collect();
        let stale: Vec<String> = field_entry_ids(self, &ids)?
            .into_iter()
            .filter(|id| !kept.contains(id.as_str()))
            .collect();
        self.remove(c::LICENCE_FIELDS.name, &stale)?;
        self.put(c::LICENCE_FIELDS.name, &shown)
    }

    /// The organisation's custom field definitions, by key.
    fn field_definitions(&mut self) -> Result<Vec<FieldDefinition>> {
        listed(self, &Query::all(c::FIELDS.name, Vec::new()))
    }

    /// Inserts or replaces a custom field definition.
    fn put_field_definition(&mut self, definition: &FieldDefinition) -> Result<()> {
        put_one(self, &c::FIELDS, &definition.key, definition, Vec::new())
    }

    /// Removes a custom field definition.
    fn remove_field_definition(&mut self, key: &str) -> Result<()> {
        self.remove(c::FIELDS.name, &[key.to_owned()])
    }

    /// The licences, deleted and superseded ones included, that show a
    /// value of the field `key` (their own or their holder's), by id.
    fn licences_showing_field(&mut self, key: &str) -> Result<Vec<LicenceRecord>> {
        let shown = self.find(&Query::all(
            c::LICENCE_FIELDS.name,
            vec![Condition::equals("field", key.to_owned())],
        ))?;
        many(self, &c::LICENCES, &shown_licence_ids(&shown)?)
    }

    /// The licences matching `query`, by id.
    fn licences(&mut self, query: &LicenceQuery) -> Result<Vec<LicenceRecord>> {
        listed(self, &Query::all(c::LICENCES.name, query.conditions()))
    }

    /// One page of the licences matching `query`, by id.
    fn licence_page(&mut self, query: &LicenceQuery, page: Page) -> Result<Listing<LicenceRecord>> {
        let query = page.query(Query::all(c::LICENCES.name, query.conditions()));
        Ok(page.of(listed(self, &query)?))
    }

    /// The ids among `ids` that name stored records of `kind` (people or
    /// licences, deleted licences included).
    fn existing_ids(&mut self, kind: RecordKind, ids: &[String]) -> Result<Vec<String>> {
        let collection = match kind {
            RecordKind::Person => &c::PEOPLE,
            RecordKind::Licence => &c::LICENCES,
            other => {
                return Err(Error::internal(format!(
                    "existing ids of {} records",
                    other.as_str()
                )));
            }
        };
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut found = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            // Counted first: all or none of them, the common answers of an
            // import, need no document read.
            let condition = Condition::one_of("id", chunk.iter().map(String::as_str));
            match self.count(collection.name, &[condition])? {
                0 => {}
                n if n == chunk.len() as u64 => found.extend_from_slice(chunk),
                _ => found.extend(self.get(collection.name, chunk)?.into_iter().map(|s| s.id)),
            }
        }
        Ok(found)
    }

    /// Removes a licence with its attachments and acknowledgements (purge).
    fn remove_licence(&mut self, id: &str) -> Result<()> {
        let attachments: Vec<String> = self.attachments(id)?.into_iter().map(|a| a.id).collect();
        self.remove(c::ATTACHMENT_CONTENTS.name, &attachments)?;
        self.remove(c::ATTACHMENTS.name, &attachments)?;
        let licence = [id.to_owned()];
        self.remove(c::ACKNOWLEDGEMENTS.name, &licence)?;
        self.remove(c::CLAIMS.name, &licence)?;
        let shown = field_entry_ids(self, &licence)?;
        self.remove(c::LICENCE_FIELDS.name, &shown)?;
        self.remove(c::APPROVALS.name, &licence)?;
        self.remove(c::LICENCES.name, &licence)
    }

    /// Current licences of active holders whose next reminder is on or
    /// before `today` and whose expiry lies from `earliest_expiry` to
    /// `latest_expiry` (the dates whose reminders can be due today, the
    /// latest `today` plus the longest lead): the reminders outbox.
    ///
    /// A licence's next reminder is never earlier than its expiry less the
    /// longest lead, so the store reads a range of next reminder dates (a
    /// lead and an after-expiry period wide), not an expiry window nor
    /// every licence whose reminders were never acknowledged.
    fn reminder_candidates(
        &mut self,
        today: Day,
        earliest_expiry: Day,
        latest_expiry: Day,
    ) -> Result<ReminderCandidates> {
        let longest_lead = latest_expiry.days_since(today).max(0);
        let earliest_trigger = earliest_expiry.plus_days(-longest_lead);
        let ascending = |key: &'static str| Order {
            key: key.into(),
            descending: false,
        };
        let query = Query {
            // The order of the outbox index, so that the store need not
            // sort the documents.
            order: vec![ascending("next_reminder"), ascending("expiry")],
            ..Query::all(
                c::LICENCES.name,
                vec![
                    Condition::equals("current", true),
                    Condition::equals("holder_active", true),
                    Condition::between(
                        "next_reminder",
                        Some(earliest_trigger.number().into()),
                        Some(today.number().into()),
                    ),
                ],
            )
        };
        // The expiry is checked here rather than in the query: with a
        // condition on the expiry as well, SQLite reads the overview's
        // expiry index instead of the range of next reminders.
        let mut records: Vec<LicenceRecord> = listed(self, &query)?;
        records.retain(|r| {
            r.licence
                .expiry
                .is_some_and(|e| (earliest_expiry..=latest_expiry).contains(&e))
        });
        let holders: PeopleById =
            people_by_id(self, records.iter().map(|r| r.licence.holder_id.as_str()))?;
        records.retain(|r| holders.contains_key(&r.licence.holder_id));
        Ok(ReminderCandidates {
            records,
            holders: holders.into_values().collect(),
        })
    }

    /// Licences deleted before `deleted_before` or expired before
    /// `expired_before`, superseded ones included, by id: the purge
    /// candidates.
    fn purge_candidates(
        &mut self,
        expired_before: Day,
        deleted_before: Day,
    ) -> Result<Vec<LicenceRecord>> {
        let mut found = BTreeMap::new();
        for (key, before) in [("deleted_on", deleted_before), ("expiry", expired_before)] {
            let query = Query::all(
                c::LICENCES.name,
                vec![Condition::between(
                    key,
                    None,
                    Some(i64::from(before.number()) - 1),
                )],
            );
            for record in listed::<LicenceRecord, _>(self, &query)? {
                found.insert(record.licence.id.clone(), record);
            }
        }
        Ok(found.into_values().collect())
    }

    /// Records an acknowledgement.
    fn put_acknowledgement(&mut self, ack: &AcknowledgementRecord) -> Result<()> {
        let mut acks = self.acknowledgements(&ack.licence_id)?;
        acks.push(ack.clone());
        put_one(
            self,
            &c::ACKNOWLEDGEMENTS,
            &ack.licence_id,
            &acks,
            Vec::new(),
        )
    }

    /// A licence's acknowledgements, oldest first.
    fn acknowledgements(&mut self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>> {
        Ok(one(self, &c::ACKNOWLEDGEMENTS, licence_id)?.unwrap_or_default())
    }

    /// The claims on the reminders of the licences `ids`.
    fn claims(&mut self, ids: &[String]) -> Result<Vec<ReminderClaim>> {
        many(self, &c::CLAIMS, ids)
    }

    /// Records claims, replacing those of the same licences.
    fn put_claims(&mut self, claims: &[ReminderClaim]) -> Result<()> {
        let entries = claims
            .iter()
            .map(|claim| {
                Ok(Entry {
                    id: claim.licence_id.clone(),
                    document: encode(claim)?,
                    keys: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.put(c::CLAIMS.name, &entries)
    }

    /// Releases the claim on a licence's reminder.
    fn remove_claim(&mut self, licence_id: &str) -> Result<()> {
        self.remove(c::CLAIMS.name, &[licence_id.to_owned()])
    }

    /// One attachment's metadata.
    fn attachment(&mut self, id: &str) -> Result<Option<Attachment>> {
        one(self, &c::ATTACHMENTS, id)
    }

    /// One attachment's content.
    fn attachment_content(&mut self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .get(c::ATTACHMENT_CONTENTS.name, &[id.to_owned()])?
            .pop()
            .map(|s| s.document))
    }

    /// Stores an attachment with its content.
    fn put_attachment(&mut self, attachment: &Attachment, content: &[u8]) -> Result<()> {
        put_one(
            self,
            &c::ATTACHMENTS,
            &attachment.id,
            attachment,
            vec![Key::new("licence_id", attachment.licence_id.as_str())],
        )?;
        self.put(
            c::ATTACHMENT_CONTENTS.name,
            &[Entry {
                id: attachment.id.clone(),
                document: content.to_vec(),
                keys: Vec::new(),
            }],
        )
    }

    /// A licence's attachments, by id.
    fn attachments(&mut self, licence_id: &str) -> Result<Vec<Attachment>> {
        let query = Query::all(
            c::ATTACHMENTS.name,
            vec![Condition::equals("licence_id", licence_id)],
        );
        listed(self, &query)
    }

    /// Removes an attachment.
    fn remove_attachment(&mut self, id: &str) -> Result<()> {
        let ids = [id.to_owned()];
        self.remove(c::ATTACHMENT_CONTENTS.name, &ids)?;
        self.remove(c::ATTACHMENTS.name, &ids)
    }

    /// Removes a person with their seats and site associations (their
    /// licences are removed one by one first).
    fn remove_person(&mut self, id: &str) -> Result<()> {
        let seats = SeatQuery {
            person_id: Some(id.to_owned()),
            ..SeatQuery::default()
        };
        let seats: Vec<String> = self.seats(&seats)?.into_iter().map(|s| s.id).collect();
        self.remove(c::SEATS.name, &seats)?;
        let person = [id.to_owned()];
        self.remove(c::ASSOCIATIONS.name, &person)?;
        self.remove(c::PEOPLE.name, &person)
    }

    /// One course.
    fn course(&mut self, id: &str) -> Result<Option<Course>> {
        one(self, &c::COURSES, id)
    }

    /// Inserts or replaces a course.
    fn put_course(&mut self, course: &Course) -> Result<()> {
        put_one(self, &c::COURSES, &course.id, course, Vec::new())
    }

    /// Every course, by id.
    fn courses(&mut self) -> Result<Vec<Course>> {
        listed(self, &Query::all(c::COURSES.name, Vec::new()))
    }

    /// One seat.
    fn seat(&mut self, id: &str) -> Result<Option<Seat>> {
        one(self, &c::SEATS, id)
    }

    /// Inserts or replaces seats.
    fn put_seats(&mut self, seats: &[Seat]) -> Result<()> {
        let entries = seats
            .iter()
            .map(|seat| {
                Ok(Entry {
                    id: seat.id.clone(),
                    document: encode(seat)?,
                    keys: vec![
                        Key::new("person_id", seat.person_id.as_str()),
                        Key::new("course_id", seat.course_id.as_str()),
                        Key::new("state", name_of(&seat.state)?),
                    ],
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.put(c::SEATS.name, &entries)
    }

    /// The seats matching `query`, by id.
    fn seats(&mut self, query: &SeatQuery) -> Result<Vec<Seat>> {
        listed(self, &Query::all(c::SEATS.name, query.conditions()?))
    }

    /// One page of the seats matching `query`, by id.
    fn seat_page(&mut self, query: &SeatQuery, page: Page) -> Result<Listing<Seat>> {
        let query = page.query(Query::all(c::SEATS.name, query.conditions()?));
        Ok(page.of(listed(self, &query)?))
    }

    /// Inserts or replaces an allocation rule.
    fn put_rule(&mut self, rule: &Rule) -> Result<()> {
        put_one(self, &c::RULES, &rule.id, rule, Vec::new())
    }

    /// Removes an allocation rule.
    fn remove_rule(&mut self, id: &str) -> Result<()> {
        self.remove(c::RULES.name, &[id.to_owned()])
    }

    /// Every allocation rule, by id.
    fn rules(&mut self) -> Result<Vec<Rule>> {
        listed(self, &Query::all(c::RULES.name, Vec::new()))
    }

    /// The stored licences among `ids` (unknown ids are left out), by id.
    fn licences_with_ids(&mut self, ids: &[String]) -> Result<Vec<LicenceRecord>> {
        many(self, &c::LICENCES, ids)
    }

    /// One requirement.
    fn requirement(&mut self, id: &str) -> Result<Option<Requirement>> {
        one(self, &c::REQUIREMENTS, id)
    }

    /// Inserts or replaces a requirement.
    fn put_requirement(&mut self, requirement: &Requirement) -> Result<()> {
        put_one(
            self,
            &c::REQUIREMENTS,
            &requirement.id,
            requirement,
            Vec::new(),
        )
    }

    /// Removes a requirement.
    fn remove_requirement(&mut self, id: &str) -> Result<()> {
        self.remove(c::REQUIREMENTS.name, &[id.to_owned()])
    }

    /// Every requirement, by id.
    fn requirements(&mut self) -> Result<Vec<Requirement>> {
        listed(self, &Query::all(c::REQUIREMENTS.name, Vec::new()))
    }

    /// The licences of `holders` that are neither deleted nor superseded,
    /// as readiness reads them: by id for `Each`, in holder order for
    /// `Between`.
    fn held_by(&mut self, holders: Holders<'_>) -> Result<Vec<HeldRecord>> {
        let live = || {
            vec![
                Condition::equals("deleted", false),
                Condition::equals("superseded", false),
            ]
        };
        let mut found = Vec::new();
        match holders {
            Holders::Each(ids) => {
                for chunk in ids.chunks(CHUNK) {
                    let mut conditions = live();
                    conditions.push(Condition::one_of(
                        "holder_id",
                        chunk.iter().map(String::as_str),
                    ));
                    found.extend(listed::<HeldRecord, _>(
                        self,
                        &Query::all(c::LICENCES.name, conditions),
                    )?);
                }
            }
            Holders::Between(first, last) => {
                let mut conditions = live();
                conditions.push(Condition {
                    key: "holder_id".into(),
                    any_of: vec![Range {
                        low: Some(first.into()),
                        high: Some(last.into()),
                    }],
                });
                // In the holder index's order, so that no store sorts them.
                let query = Query {
                    order: vec![Order {
                        key: "holder_id".into(),
                        descending: false,
                    }],
                    ..Query::all(c::LICENCES.name, conditions)
                };
                found = listed(self, &query)?;
            }
        }
        Ok(found)
    }

    /// Up to `limit` of the people matching `query` whose ids come after
    /// `after` (from the first when `None`), by id: a scan of many people
    /// a step at a time, each step an index range.
    fn people_after(
        &mut self,
        query: &PeopleQuery,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Person>> {
        let mut conditions = query.conditions();
        if let Some(after) = after {
            // From `after` on (ranges are inclusive), leaving it out below.
            conditions.push(Condition {
                key: "id".into(),
                any_of: vec![Range {
                    low: Some(after.into()),
                    high: None,
                }],
            });
        }
        let query = Query {
            limit: Some(limit.saturating_add(1)),
            ..Query::all(c::PEOPLE.name, conditions)
        };
        let mut people: Vec<Person> = listed(self, &query)?;
        if after.is_some_and(|after| people.first().is_some_and(|p| p.id == after)) {
            people.remove(0);
        }
        people.truncate(limit as usize);
        Ok(people)
    }

    /// One site.
    fn site(&mut self, id: &str) -> Result<Option<Site>> {
        one(self, &c::SITES, id)
    }

    /// Inserts or replaces a site.
    fn put_site(&mut self, site: &Site) -> Result<()> {
        put_one(self, &c::SITES, &site.id, site, Vec::new())
    }

    /// Every site, by id.
    fn sites(&mut self) -> Result<Vec<Site>> {
        listed(self, &Query::all(c::SITES.name, Vec::new()))
    }

    /// A candidate's site associations, in the order they were made.
    fn associations(&mut self, candidate_id: &str) -> Result<Vec<Association>> {
        Ok(one(self, &c::ASSOCIATIONS, candidate_id)?.unwrap_or_default())
    }

    /// Replaces a candidate's site associations.
    fn put_associations(&mut self, candidate_id: &str, associations: &[Association]) -> Result<()> {
        put_one(
            self,
            &c::ASSOCIATIONS,
            candidate_id,
            associations,
            Vec::new(),
        )
    }

    /// Appends entries to the audit log, in order, numbering them.
    fn append_audit(&mut self, entries: Vec<AuditEntry>) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let first = self.next_sequence(AUDIT_SEQUENCE, entries.len() as u64)?;
        let entries = entries
            .into_iter()
            .zip(first..)
            .map(|(entry, seq)| audit_entry(&AuditEntry { seq, ..entry }))
            .collect::<Result<Vec<_>>>()?;
        self.put(c::AUDIT.name, &entries)
    }

    /// Stores entries again under their numbers: only purging and erasure
    /// change an entry, blanking its personal data.
    fn rewrite_audit(&mut self, entries: &[AuditEntry]) -> Result<()> {
        let entries = entries
            .iter()
            .map(audit_entry)
            .collect::<Result<Vec<_>>>()?;
        self.put(c::AUDIT.name, &entries)
    }

    /// The entries matching `query`, oldest first.
    fn audit(&mut self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        let conditions = match query {
            AuditQuery::Record { kind, id } => vec![
                Condition::equals("record_kind", name_of(kind)?),
                Condition::equals("record_id", id.as_str()),
            ],
            AuditQuery::Person { id } => vec![Condition::equals("person_id", id.as_str())],
        };
        listed(self, &Query::all(c::AUDIT.name, conditions))
    }

    /// The change feed (SPEC §11): at most `limit` entries numbered after
    /// `after`, oldest first, read as a range of the log's ids (their
    /// twenty digits order as the numbers do), not a scan of the log.
    fn audit_after(&mut self, after: u64, limit: u32) -> Result<Vec<AuditEntry>> {
        // Stores keep the numbers as signed 64-bit integers: none lies
        // after the largest of them.
        let Some(first) = after.checked_add(1).filter(|n| i64::try_from(*n).is_ok()) else {
            return Ok(Vec::new());
        };
        let from = Condition {
            key: "id".into(),
            any_of: vec![Range {
                low: Some(KeyValue::Text(format!("{first:020}"))),
                high: None,
            }],
        };
        let query = Query {
            limit: Some(limit),
            ..Query::all(c::AUDIT.name, vec![from])
        };
        listed(self, &query)
    }

    /// One page of the overview on `today`.
    fn overview(
        &mut self,
        query: &OverviewQuery,
        today: Day,
        window: Window,
    ) -> Result<OverviewPage> {
        let (collection, conditions) = overview_conditions(&query.filter, today, window);
        let total = self.count(collection.name, &conditions)?;
        let page = Query {
            collection: collection.name.into(),
            conditions,
            order: overview_order(query.sort, query.descending),
            offset: query.offset,
            limit: Some(query.limit),
        };
        let records: Vec<LicenceRecord> = if collection.name == c::LICENCES.name {
            listed(self, &page)?
        } else {
            // Field records hold the licence id; read the licences in order.
            let ids = shown_licence_ids(&self.find(&page)?)?;
            let mut by_id: BTreeMap<String, LicenceRecord> =
                many::<LicenceRecord, _>(self, &c::LICENCES, &ids)?
                    .into_iter()
                    .map(|r| (r.licence.id.clone(), r))
                    .collect();
            ids.iter().filter_map(|id| by_id.remove(id)).collect()
        };
        let holders: PeopleById =
            people_by_id(self, records.iter().map(|r| r.licence.holder_id.as_str()))?;
        let type_names: BTreeMap<String, String> = self
            .licence_types()?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let rows = records
            .into_iter()
            .map(|record| {
                let licence = record.licence;
                let holder = holders.get(&licence.holder_id);
                let (status, days_left) = status_of(licence.expiry, today, window);
                OverviewRow {
                    holder_name: holder.map(|h| h.name.clone()).unwrap_or_default(),
                    type_name: type_names
                        .get(&licence.type_id)
                        .cloned()
                        .unwrap_or_default(),
                    location: holder.and_then(|h| h.location.clone()),
                    department: holder.and_then(|h| h.department.clone()),
                    fields: holder
                        .map(|h| h.fields.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .chain(licence.fields)
                        .collect(),
                    licence_id: licence.id,
                    holder_id: licence.holder_id,
                    type_id: licence.type_id,
                    reference: licence.reference,
                    issuer: licence.issuer,
                    acquired: licence.acquired,
                    expiry: licence.expiry,
                    status,
                    days_left,
                }
            })
            .collect();
        Ok(OverviewPage { rows, total })
    }

    /// Counts per status of the current licences matching `filter`.
    fn status_counts(
        &mut self,
        filter: &OverviewFilter,
        today: Day,
        window: Window,
    ) -> Result<StatusCounts> {
        let mut count = |status| {
            let (collection, mut conditions) = overview_conditions(filter, today, window);
            let (low, high) = status_range(status, today, window);
            conditions.push(Condition::between("expiry", low, high));
            self.count(collection.name, &conditions)
        };
        Ok(StatusCounts {
            active: count(Status::Active)?,
            expiring: count(Status::Expiring)?,
            expired: count(Status::Expired)?,
        })
    }
}

impl<S: Store + ?Sized> Records for S {}

/// People by id.
pub type PeopleById = BTreeMap<String, Person>;

/// The stored people among `ids`, by id.
pub(crate) fn people_by_id<'a, S: Store + ?Sized>(
    store: &mut S,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<PeopleById> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let ids: Vec<String> = ids.into_iter().map(str::to_owned).collect();
    Ok(store
        .people_with_ids(&ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect())
}

/// The record `id` of `collection`, decoded.
fn one<T: DeserializeOwned, S: Store + ?Sized>(
    store: &mut S,
    collection: &Collection,
    id: &str,
) -> Result<Option<T>> {
    store
        .get(collection.name, &[id.to_owned()])?
        .pop()
        .map(|s| Failure::decode(&s.document))
        .transpose()
}

/// The records of `collection` among `ids`, decoded, by id.
fn many<T: DeserializeOwned, S: Store + ?Sized>(
    store: &mut S,
    collection: &Collection,
    ids: &[String],
) -> Result<Vec<T>> {
    let ids = ids_of(ids.iter().map(String::as_str));
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        found.extend(decode_all(store.get(collection.name, chunk)?)?);
    }
    Ok(found)
}

/// The records matching `query`, decoded.
fn listed<T: DeserializeOwned, S: Store + ?Sized>(store: &mut S, query: &Query) -> Result<Vec<T>> {
    decode_all(store.find(query)?)
}

/// Stores one record.
fn put_one<T: Serialize + ?Sized, S: Store + ?Sized>(
    store: &mut S,
    collection: &Collection,
    id: &str,
    value: &T,
    keys: Vec<Key>,
) -> Result<()> {
    store.put(
        collection.name,
        &[Entry {
            id: id.to_owned(),
            document: encode(value)?,
            keys,
        }],
    )
}
