//! A store that keeps everything in memory: for tests and for hosts that keep
//! nothing. `begin` keeps a copy of the tables, so a rollback restores
//! exactly the state at `begin` (a copy per transaction: fine for the sizes
//! such hosts keep; large organisations belong in the SQLite store).

use std::collections::BTreeMap;

use crate::allocation::Rule;
use crate::audit::{AuditEntry, AuditQuery};
use crate::calendar::Day;
use crate::custody::Association;
use crate::error::{Error, RecordKind, Result};
use crate::expiry::Window;
use crate::model::{Attachment, Course, LicenceType, Person, Seat, Site};
use crate::report::{self, OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, StatusCounts};
use crate::settings::Settings;

use super::{
    AcknowledgementRecord, LicenceQuery, LicenceRecord, PeopleQuery, ReminderCandidate, SeatQuery,
    Store,
};

/// Every table of the memory store.
#[derive(Debug, Clone, Default)]
struct Tables {
    settings: Option<Settings>,
    people: BTreeMap<String, Person>,
    types: BTreeMap<String, LicenceType>,
    licences: BTreeMap<String, LicenceRecord>,
    acknowledgements: Vec<AcknowledgementRecord>,
    attachments: BTreeMap<String, (Attachment, Vec<u8>)>,
    courses: BTreeMap<String, Course>,
    seats: BTreeMap<String, Seat>,
    rules: BTreeMap<String, Rule>,
    sites: BTreeMap<String, Site>,
    associations: BTreeMap<String, Vec<Association>>,
    audit: Vec<AuditEntry>,
}

/// A store in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tables: Tables,
    /// The state at `begin`, while a transaction is open.
    saved: Option<Tables>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn writing(&mut self) -> Result<&mut Tables> {
        if self.saved.is_none() {
            return Err(Error::storage("write outside a transaction"));
        }
        Ok(&mut self.tables)
    }

    fn rows(&self, today: Day, window: Window) -> impl Iterator<Item = OverviewRow> + '_ {
        let tables = &self.tables;
        tables
            .licences
            .values()
            .filter(|r| r.deleted_on.is_none() && !r.licence.is_superseded())
            .map(move |record| {
                let licence = &record.licence;
                let holder = tables.people.get(&licence.holder_id);
                let (status, days_left) = report::status_of(licence.expiry, today, window);
                OverviewRow {
                    licence_id: licence.id.clone(),
                    holder_id: licence.holder_id.clone(),
                    holder_name: holder.map(|p| p.name.clone()).unwrap_or_default(),
                    type_id: licence.type_id.clone(),
                    type_name: tables
                        .types
                        .get(&licence.type_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    reference: licence.reference.clone(),
                    issuer: licence.issuer.clone(),
                    acquired: licence.acquired,
                    expiry: licence.expiry,
                    status,
                    days_left,
                    location: holder.and_then(|p| p.location.clone()),
                    department: holder.and_then(|p| p.department.clone()),
                }
            })
    }
}

fn put_all<T: Clone>(table: &mut BTreeMap<String, T>, items: &[T], id: fn(&T) -> &str) {
    for item in items {
        table.insert(id(item).to_owned(), item.clone());
    }
}

impl Store for MemoryStore {
    fn begin(&mut self) -> Result<()> {
        if self.saved.is_some() {
            return Err(Error::storage("a transaction is already open"));
        }
        self.saved = Some(self.tables.clone());
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.saved
            .take()
            .map(|_| ())
            .ok_or_else(|| Error::storage("commit without a transaction"))
    }

    fn rollback(&mut self) -> Result<()> {
        let saved = self
            .saved
            .take()
            .ok_or_else(|| Error::storage("rollback without a transaction"))?;
        self.tables = saved;
        Ok(())
    }

    fn settings(&mut self) -> Result<Option<Settings>> {
        Ok(self.tables.settings.clone())
    }

    fn put_settings(&mut self, settings: &Settings) -> Result<()> {
        self.writing()?.settings = Some(settings.clone());
        Ok(())
    }

    fn person(&mut self, id: &str) -> Result<Option<Person>> {
        Ok(self.tables.people.get(id).cloned())
    }

    fn put_people(&mut self, people: &[Person]) -> Result<()> {
        put_all(&mut self.writing()?.people, people, |p| &p.id);
        Ok(())
    }

    fn people(&mut self, query: &PeopleQuery) -> Result<Vec<Person>> {
        Ok(self
            .tables
            .people
            .values()
            .filter(|p| query.matches(p))
            .cloned()
            .collect())
    }

    fn people_with_ids(&mut self, ids: &[String]) -> Result<Vec<Person>> {
        let mut found: Vec<Person> = ids
            .iter()
            .filter_map(|id| self.tables.people.get(id).cloned())
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found)
    }

    fn licence_type(&mut self, id: &str) -> Result<Option<LicenceType>> {
        Ok(self.tables.types.get(id).cloned())
    }

    fn licence_type_named(&mut self, name: &str) -> Result<Option<LicenceType>> {
        let key = LicenceType::name_key(name);
        Ok(self
            .tables
            .types
            .values()
            .find(|t| LicenceType::name_key(&t.name) == key)
            .cloned())
    }

    fn put_licence_type(&mut self, licence_type: &LicenceType) -> Result<()> {
        put_all(
            &mut self.writing()?.types,
            std::slice::from_ref(licence_type),
            |t| &t.id,
        );
        Ok(())
    }

    fn licence_types(&mut self) -> Result<Vec<LicenceType>> {
        Ok(self.tables.types.values().cloned().collect())
    }

    fn licence(&mut self, id: &str) -> Result<Option<LicenceRecord>> {
        Ok(self.tables.licences.get(id).cloned())
    }

    fn put_licences(&mut self, records: &[LicenceRecord]) -> Result<()> {
        put_all(&mut self.writing()?.licences, records, |r| &r.licence.id);
        Ok(())
    }

    fn licences(&mut self, query: &LicenceQuery) -> Result<Vec<LicenceRecord>> {
        Ok(self
            .tables
            .licences
            .values()
            .filter(|r| query.matches(r))
            .cloned()
            .collect())
    }

    fn existing_ids(&mut self, kind: RecordKind, ids: &[String]) -> Result<Vec<String>> {
        let tables = &self.tables;
        let exists = |id: &String| match kind {
            RecordKind::Person => Ok(tables.people.contains_key(id)),
            RecordKind::Licence => Ok(tables.licences.contains_key(id)),
            other => Err(Error::invalid(
                "kind",
                format!("`{other}` ids are not listed this way"),
            )),
        };
        let mut found = Vec::new();
        for id in ids {
            if exists(id)? {
                found.push(id.clone());
            }
        }
        Ok(found)
    }

    fn remove_licence(&mut self, id: &str) -> Result<()> {
        let tables = self.writing()?;
        tables.licences.remove(id);
        tables.attachments.retain(|_, (a, _)| a.licence_id != id);
        tables.acknowledgements.retain(|a| a.licence_id != id);
        Ok(())
    }

    fn reminder_candidates(
        &mut self,
        today: Day,
        earliest_expiry: Day,
        latest_expiry: Day,
    ) -> Result<Vec<ReminderCandidate>> {
        let tables = &self.tables;
        Ok(tables
            .licences
            .values()
            .filter(|r| {
                r.deleted_on.is_none()
                    && !r.licence.is_superseded()
                    && r.next_reminder.is_some_and(|d| d <= today)
                    && r.licence
                        .expiry
                        .is_some_and(|e| (earliest_expiry..=latest_expiry).contains(&e))
            })
            .filter_map(|record| {
                let holder = tables
                    .people
                    .get(&record.licence.holder_id)
                    .filter(|p| p.active)?;
                Some(ReminderCandidate {
                    record: record.clone(),
                    holder: holder.clone(),
                })
            })
            .collect())
    }

    fn purge_candidates(
        &mut self,
        expired_before: Day,
        deleted_before: Day,
    ) -> Result<Vec<LicenceRecord>> {
        Ok(self
            .tables
            .licences
            .values()
            .filter(|r| {
                r.deleted_on.is_some_and(|d| d < deleted_before)
                    || r.licence.expiry.is_some_and(|e| e < expired_before)
            })
            .cloned()
            .collect())
    }

    fn put_acknowledgement(&mut self, ack: &AcknowledgementRecord) -> Result<()> {
        self.writing()?.acknowledgements.push(ack.clone());
        Ok(())
    }

    fn acknowledgements(&mut self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>> {
        Ok(self
            .tables
            .acknowledgements
            .iter()
            .filter(|a| a.licence_id == licence_id)
            .cloned()
            .collect())
    }

    fn attachment(&mut self, id: &str) -> Result<Option<Attachment>> {
        Ok(self.tables.attachments.get(id).map(|(a, _)| a.clone()))
    }

    fn attachment_content(&mut self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.tables.attachments.get(id).map(|(_, c)| c.clone()))
    }

    fn put_attachment(&mut self, attachment: &Attachment, content: &[u8]) -> Result<()> {
        self.writing()?.attachments.insert(
            attachment.id.clone(),
            (attachment.clone(), content.to_vec()),
        );
        Ok(())
    }

    fn attachments(&mut self, licence_id: &str) -> Result<Vec<Attachment>> {
        Ok(self
            .tables
            .attachments
            .values()
            .filter(|(a, _)| a.licence_id == licence_id)
            .map(|(a, _)| a.clone())
            .collect())
    }

    fn remove_attachment(&mut self, id: &str) -> Result<()> {
        self.writing()?.attachments.remove(id);
        Ok(())
    }

    fn course(&mut self, id: &str) -> Result<Option<Course>> {
        Ok(self.tables.courses.get(id).cloned())
    }

    fn put_course(&mut self, course: &Course) -> Result<()> {
        put_all(
            &mut self.writing()?.courses,
            std::slice::from_ref(course),
            |c| &c.id,
        );
        Ok(())
    }

    fn courses(&mut self) -> Result<Vec<Course>> {
        Ok(self.tables.courses.values().cloned().collect())
    }

    fn seat(&mut self, id: &str) -> Result<Option<Seat>> {
        Ok(self.tables.seats.get(id).cloned())
    }

    fn put_seats(&mut self, seats: &[Seat]) -> Result<()> {
        put_all(&mut self.writing()?.seats, seats, |s| &s.id);
        Ok(())
    }

    fn seats(&mut self, query: &SeatQuery) -> Result<Vec<Seat>> {
        Ok(self
            .tables
            .seats
            .values()
            .filter(|s| query.matches(s))
            .cloned()
            .collect())
    }

    fn put_rule(&mut self, rule: &Rule) -> Result<()> {
        put_all(
            &mut self.writing()?.rules,
            std::slice::from_ref(rule),
            |r| &r.id,
        );
        Ok(())
    }

    fn remove_rule(&mut self, id: &str) -> Result<()> {
        self.writing()?.rules.remove(id);
        Ok(())
    }

    fn rules(&mut self) -> Result<Vec<Rule>> {
        Ok(self.tables.rules.values().cloned().collect())
    }

    fn site(&mut self, id: &str) -> Result<Option<Site>> {
        Ok(self.tables.sites.get(id).cloned())
    }

    fn put_site(&mut self, site: &Site) -> Result<()> {
        put_all(
            &mut self.writing()?.sites,
            std::slice::from_ref(site),
            |s| &s.id,
        );
        Ok(())
    }

    fn sites(&mut self) -> Result<Vec<Site>> {
        Ok(self.tables.sites.values().cloned().collect())
    }

    fn associations(&mut self, candidate_id: &str) -> Result<Vec<Association>> {
        Ok(self
            .tables
            .associations
            .get(candidate_id)
            .cloned()
            .unwrap_or_default())
    }

    fn put_associations(&mut self, candidate_id: &str, associations: &[Association]) -> Result<()> {
        self.writing()?
            .associations
            .insert(candidate_id.to_owned(), associations.to_vec());
        Ok(())
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<u64> {
        let audit = &mut self.writing()?.audit;
        let seq = audit.len() as u64 + 1;
        audit.push(AuditEntry {
            seq,
            ..entry.clone()
        });
        Ok(seq)
    }

    fn audit(&mut self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        Ok(self
            .tables
            .audit
            .iter()
            .filter(|e| query.matches(e))
            .cloned()
            .collect())
    }

    fn overview(
        &mut self,
        query: &OverviewQuery,
        today: Day,
        window: Window,
    ) -> Result<OverviewPage> {
        let rows = self
            .rows(today, window)
            .filter(|r| query.filter.matches(r, today))
            .collect();
        Ok(report::page(rows, query))
    }

    fn status_counts(
        &mut self,
        filter: &OverviewFilter,
        today: Day,
        window: Window,
    ) -> Result<StatusCounts> {
        let mut counts = StatusCounts::default();
        for row in self
            .rows(today, window)
            .filter(|r| filter.matches(r, today))
        {
            counts.add(row.status);
        }
        Ok(counts)
    }
}
