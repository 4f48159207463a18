//! Where a tracker keeps its records: one trait, several stores.
//!
//! The trait is shaped so that it can also be implemented across the
//! WebAssembly component boundary: plain data in and out, no generics or
//! closures, explicit transactions, and queries coarse enough that a report
//! or a day's reminders take a few calls rather than one per licence.
//! Stores keep data; they make no decisions (the tracker does).

pub mod memory;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use serde::{Deserialize, Serialize};

use crate::allocation::Rule;
use crate::audit::{AuditEntry, AuditQuery};
use crate::calendar::Day;
use crate::custody::Association;
use crate::error::{RecordKind, Result};
use crate::expiry::Window;
use crate::model::{
    Attachment, Course, Licence, LicenceType, Person, Role, Seat, SeatState, Site, Timestamp,
};
use crate::report::{OverviewFilter, OverviewPage, OverviewQuery, StatusCounts};
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
}

/// A licence whose reminder may be due, with its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReminderCandidate {
    /// The licence.
    pub record: LicenceRecord,
    /// Its holder.
    pub holder: Person,
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

/// Which people to list. `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeopleQuery {
    /// Only active (`true`) or inactive (`false`) people.
    #[serde(default)]
    pub active: Option<bool>,
    /// Only people with this role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Only people at this location.
    #[serde(default)]
    pub location: Option<String>,
    /// Only people in this department.
    #[serde(default)]
    pub department: Option<String>,
}

impl PeopleQuery {
    /// Whether `person` is listed by this query.
    pub fn matches(&self, person: &Person) -> bool {
        self.active.is_none_or(|a| a == person.active)
            && self.role.is_none_or(|r| person.has_role(r))
            && self
                .location
                .as_ref()
                .is_none_or(|l| person.location.as_ref() == Some(l))
            && self
                .department
                .as_ref()
                .is_none_or(|d| person.department.as_ref() == Some(d))
    }
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
    /// Whether `record` is listed by this query.
    pub fn matches(&self, record: &LicenceRecord) -> bool {
        let licence = &record.licence;
        self.holder_id
            .as_ref()
            .is_none_or(|h| *h == licence.holder_id)
            && self.type_id.as_ref().is_none_or(|t| *t == licence.type_id)
            && (self.include_superseded || !licence.is_superseded())
            && (self.include_deleted || record.deleted_on.is_none())
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
    /// Whether `seat` is listed by this query.
    pub fn matches(&self, seat: &Seat) -> bool {
        self.person_id.as_ref().is_none_or(|p| *p == seat.person_id)
            && self.course_id.as_ref().is_none_or(|c| *c == seat.course_id)
            && self.state.is_none_or(|s| s == seat.state)
    }
}

/// Where a tracker keeps its records.
///
/// Every write happens between [`Store::begin`] and [`Store::commit`]; after
/// [`Store::rollback`] the store is exactly as it was at `begin`. `put_*`
/// inserts or replaces by id.
pub trait Store: Send {
    /// Starts a transaction.
    fn begin(&mut self) -> Result<()>;
    /// Makes the transaction's writes permanent.
    fn commit(&mut self) -> Result<()>;
    /// Undoes the transaction's writes.
    fn rollback(&mut self) -> Result<()>;

    /// The organisation's settings, if they were ever stored.
    fn settings(&mut self) -> Result<Option<Settings>>;
    /// Stores the organisation's settings.
    fn put_settings(&mut self, settings: &Settings) -> Result<()>;

    /// One person.
    fn person(&mut self, id: &str) -> Result<Option<Person>>;
    /// Inserts or replaces people.
    fn put_people(&mut self, people: &[Person]) -> Result<()>;
    /// The people matching `query`, by id.
    fn people(&mut self, query: &PeopleQuery) -> Result<Vec<Person>>;
    /// The stored people among `ids` (unknown ids are left out), by id.
    fn people_with_ids(&mut self, ids: &[String]) -> Result<Vec<Person>>;

    /// One licence type.
    fn licence_type(&mut self, id: &str) -> Result<Option<LicenceType>>;
    /// The licence type whose name matches `name` case-insensitively.
    fn licence_type_named(&mut self, name: &str) -> Result<Option<LicenceType>>;
    /// Inserts or replaces a licence type.
    fn put_licence_type(&mut self, licence_type: &LicenceType) -> Result<()>;
    /// Every licence type, by id.
    fn licence_types(&mut self) -> Result<Vec<LicenceType>>;

    /// One licence, deleted or not.
    fn licence(&mut self, id: &str) -> Result<Option<LicenceRecord>>;
    /// Inserts or replaces licences.
    fn put_licences(&mut self, records: &[LicenceRecord]) -> Result<()>;
    /// The licences matching `query`, by id.
    fn licences(&mut self, query: &LicenceQuery) -> Result<Vec<LicenceRecord>>;
    /// The ids among `ids` that name stored records of `kind` (people or
    /// licences, deleted licences included).
    fn existing_ids(&mut self, kind: RecordKind, ids: &[String]) -> Result<Vec<String>>;
    /// Removes a licence with its attachments and acknowledgements (purge).
    fn remove_licence(&mut self, id: &str) -> Result<()>;
    /// Current licences of active holders whose next reminder is on or
    /// before `today` and whose expiry lies from `earliest_expiry` to
    /// `latest_expiry` (the dates whose reminders can be due today): the
    /// reminders outbox.
    fn reminder_candidates(
        &mut self,
        today: Day,
        earliest_expiry: Day,
        latest_expiry: Day,
    ) -> Result<Vec<ReminderCandidate>>;
    /// Licences deleted before `deleted_before` or expired before
    /// `expired_before`, superseded ones included: the purge candidates.
    fn purge_candidates(
        &mut self,
        expired_before: Day,
        deleted_before: Day,
    ) -> Result<Vec<LicenceRecord>>;

    /// Records an acknowledgement.
    fn put_acknowledgement(&mut self, ack: &AcknowledgementRecord) -> Result<()>;
    /// A licence's acknowledgements, oldest first.
    fn acknowledgements(&mut self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>>;

    /// One attachment's metadata.
    fn attachment(&mut self, id: &str) -> Result<Option<Attachment>>;
    /// One attachment's content.
    fn attachment_content(&mut self, id: &str) -> Result<Option<Vec<u8>>>;
    /// Stores an attachment with its content.
    fn put_attachment(&mut self, attachment: &Attachment, content: &[u8]) -> Result<()>;
    /// A licence's attachments, by id.
    fn attachments(&mut self, licence_id: &str) -> Result<Vec<Attachment>>;
    /// Removes an attachment.
    fn remove_attachment(&mut self, id: &str) -> Result<()>;

    /// One course.
    fn course(&mut self, id: &str) -> Result<Option<Course>>;
    /// Inserts or replaces a course.
    fn put_course(&mut self, course: &Course) -> Result<()>;
    /// Every course, by id.
    fn courses(&mut self) -> Result<Vec<Course>>;

    /// One seat.
    fn seat(&mut self, id: &str) -> Result<Option<Seat>>;
    /// Inserts or replaces seats.
    fn put_seats(&mut self, seats: &[Seat]) -> Result<()>;
    /// The seats matching `query`, by id.
    fn seats(&mut self, query: &SeatQuery) -> Result<Vec<Seat>>;

    /// Inserts or replaces an allocation rule.
    fn put_rule(&mut self, rule: &Rule) -> Result<()>;
    /// Removes an allocation rule.
    fn remove_rule(&mut self, id: &str) -> Result<()>;
    /// Every allocation rule, by id.
    fn rules(&mut self) -> Result<Vec<Rule>>;

    /// One site.
    fn site(&mut self, id: &str) -> Result<Option<Site>>;
    /// Inserts or replaces a site.
    fn put_site(&mut self, site: &Site) -> Result<()>;
    /// Every site, by id.
    fn sites(&mut self) -> Result<Vec<Site>>;
    /// A candidate's site associations, in the order they were made.
    fn associations(&mut self, candidate_id: &str) -> Result<Vec<Association>>;
    /// Replaces a candidate's site associations.
    fn put_associations(&mut self, candidate_id: &str, associations: &[Association]) -> Result<()>;

    /// Appends an entry to the audit log; returns its sequence number.
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<u64>;
    /// The entries matching `query`, oldest first.
    fn audit(&mut self, query: &AuditQuery) -> Result<Vec<AuditEntry>>;

    /// One page of the overview on `today`.
    fn overview(
        &mut self,
        query: &OverviewQuery,
        today: Day,
        window: Window,
    ) -> Result<OverviewPage>;
    /// Counts per status of the current licences matching `filter`.
    fn status_counts(
        &mut self,
        filter: &OverviewFilter,
        today: Day,
        window: Window,
    ) -> Result<StatusCounts>;
}
