//! The engine's store inside the component: every call goes to the host
//! through the imported `store` interface. Records cross as JSON documents
//! in the engine's serde forms and dates as day numbers; this module only
//! converts.

use licence_core::Day;
use licence_core::allocation::Rule;
use licence_core::audit::{AuditEntry, AuditQuery};
use licence_core::custody::Association;
use licence_core::error::{Error, Failure, RecordKind, Result};
use licence_core::expiry::Window;
use licence_core::model::{Attachment, Course, LicenceType, Person, Seat, Site};
use licence_core::report::{OverviewFilter, OverviewPage, OverviewQuery, StatusCounts};
use licence_core::settings::Settings;
use licence_core::store::{
    AcknowledgementRecord, LicenceQuery, LicenceRecord, PeopleQuery, ReminderCandidate, SeatQuery,
    Store,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::tracker::host::{self, Error as HostError};

/// The record kinds of the `store` interface.
mod kinds {
    use crate::tracker::host as wit;
    crate::convert::record_kind_to_wit!();
}

/// The engine's error for a failure the host's store reported, kind for
/// kind.
fn from_host(e: HostError) -> Error {
    use licence_core::RecordKind as K;
    let kind = |kind: host::RecordKind| match kind {
        host::RecordKind::Person => K::Person,
        host::RecordKind::LicenceType => K::LicenceType,
        host::RecordKind::Licence => K::Licence,
        host::RecordKind::Attachment => K::Attachment,
        host::RecordKind::Course => K::Course,
        host::RecordKind::Seat => K::Seat,
        host::RecordKind::Rule => K::Rule,
        host::RecordKind::Site => K::Site,
        host::RecordKind::Policy => K::Policy,
        host::RecordKind::Reminder => K::Reminder,
    };
    match e {
        HostError::NotFound(r) => Error::not_found(kind(r.kind), r.id),
        HostError::AlreadyExists(r) => Error::already_exists(kind(r.kind), r.id),
        HostError::InvalidInput(f) => Error::invalid(f.field, f.reason),
        HostError::PermissionDenied(p) => Error::denied(p.party, p.action),
        HostError::InvalidTransition(t) => Error::transition(t.from, t.action),
        HostError::LimitExceeded(l) => Error::limit(l.what, l.limit),
        HostError::Storage(message) => Error::storage(message),
    }
}

/// The store the host keeps behind the `store` import.
pub struct HostStore;

/// The JSON document for a record sent to the host.
fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Failure::encode("a record", value)
}

/// A record from the host's JSON document.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T> {
    Failure::decode(text)
}

/// The host's answer, with its error converted.
fn host<T>(result: std::result::Result<T, HostError>) -> Result<T> {
    result.map_err(from_host)
}

/// An optional record from the host.
fn optional<T: DeserializeOwned>(
    result: std::result::Result<Option<String>, HostError>,
) -> Result<Option<T>> {
    host(result)?.map(|text| parse(&text)).transpose()
}

/// A list of records from the host.
fn list<T: DeserializeOwned>(result: std::result::Result<String, HostError>) -> Result<Vec<T>> {
    parse(&host(result)?)
}

impl Store for HostStore {
    fn begin(&mut self) -> Result<()> {
        host(host::begin())
    }

    fn commit(&mut self) -> Result<()> {
        host(host::commit())
    }

    fn rollback(&mut self) -> Result<()> {
        host(host::rollback())
    }

    fn settings(&mut self) -> Result<Option<Settings>> {
        optional(host::settings())
    }

    fn put_settings(&mut self, settings: &Settings) -> Result<()> {
        host(host::put_settings(&json(settings)?))
    }

    fn person(&mut self, id: &str) -> Result<Option<Person>> {
        optional(host::person(id))
    }

    fn put_people(&mut self, people: &[Person]) -> Result<()> {
        host(host::put_people(&json(people)?))
    }

    fn people(&mut self, query: &PeopleQuery) -> Result<Vec<Person>> {
        list(host::people(&json(query)?))
    }

    fn people_with_ids(&mut self, ids: &[String]) -> Result<Vec<Person>> {
        list(host::people_with_ids(ids))
    }

    fn licence_type(&mut self, id: &str) -> Result<Option<LicenceType>> {
        optional(host::licence_type(id))
    }

    fn licence_type_named(&mut self, name: &str) -> Result<Option<LicenceType>> {
        optional(host::licence_type_named(name))
    }

    fn put_licence_type(&mut self, licence_type: &LicenceType) -> Result<()> {
        host(host::put_licence_type(&json(licence_type)?))
    }

    fn licence_types(&mut self) -> Result<Vec<LicenceType>> {
        list(host::licence_types())
    }

    fn licence(&mut self, id: &str) -> Result<Option<LicenceRecord>> {
        optional(host::licence(id))
    }

    fn put_licences(&mut self, records: &[LicenceRecord]) -> Result<()> {
        host(host::put_licences(&json(records)?))
    }

    fn licences(&mut self, query: &LicenceQuery) -> Result<Vec<LicenceRecord>> {
        list(host::licences(&json(query)?))
    }

    fn existing_ids(&mut self, kind: RecordKind, ids: &[String]) -> Result<Vec<String>> {
        host(host::existing_ids(kinds::record_kind(kind), ids))
    }

    fn remove_licence(&mut self, id: &str) -> Result<()> {
        host(host::remove_licence(id))
    }

    fn reminder_candidates(
        &mut self,
        today: Day,
        earliest_expiry: Day,
        latest_expiry: Day,
    ) -> Result<Vec<ReminderCandidate>> {
        list(host::reminder_candidates(
            today.number(),
            earliest_expiry.number(),
            latest_expiry.number(),
        ))
    }

    fn purge_candidates(
        &mut self,
        expired_before: Day,
        deleted_before: Day,
    ) -> Result<Vec<LicenceRecord>> {
        list(host::purge_candidates(
            expired_before.number(),
            deleted_before.number(),
        ))
    }

    fn put_acknowledgement(&mut self, ack: &AcknowledgementRecord) -> Result<()> {
        host(host::put_acknowledgement(&json(ack)?))
    }

    fn acknowledgements(&mut self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>> {
        list(host::acknowledgements(licence_id))
    }

    fn attachment(&mut self, id: &str) -> Result<Option<Attachment>> {
        optional(host::attachment(id))
    }

    fn attachment_content(&mut self, id: &str) -> Result<Option<Vec<u8>>> {
        host(host::attachment_content(id))
    }

    fn put_attachment(&mut self, attachment: &Attachment, content: &[u8]) -> Result<()> {
        host(host::put_attachment(&json(attachment)?, content))
    }

    fn attachments(&mut self, licence_id: &str) -> Result<Vec<Attachment>> {
        list(host::attachments(licence_id))
    }

    fn remove_attachment(&mut self, id: &str) -> Result<()> {
        host(host::remove_attachment(id))
    }

    fn course(&mut self, id: &str) -> Result<Option<Course>> {
        optional(host::course(id))
    }

    fn put_course(&mut self, course: &Course) -> Result<()> {
        host(host::put_course(&json(course)?))
    }

    fn courses(&mut self) -> Result<Vec<Course>> {
        list(host::courses())
    }

    fn seat(&mut self, id: &str) -> Result<Option<Seat>> {
        optional(host::seat(id))
    }

    fn put_seats(&mut self, seats: &[Seat]) -> Result<()> {
        host(host::put_seats(&json(seats)?))
    }

    fn seats(&mut self, query: &SeatQuery) -> Result<Vec<Seat>> {
        list(host::seats(&json(query)?))
    }

    fn put_rule(&mut self, rule: &Rule) -> Result<()> {
        host(host::put_rule(&json(rule)?))
    }

    fn remove_rule(&mut self, id: &str) -> Result<()> {
        host(host::remove_rule(id))
    }

    fn rules(&mut self) -> Result<Vec<Rule>> {
        list(host::rules())
    }

    fn site(&mut self, id: &str) -> Result<Option<Site>> {
        optional(host::site(id))
    }

    fn put_site(&mut self, site: &Site) -> Result<()> {
        host(host::put_site(&json(site)?))
    }

    fn sites(&mut self) -> Result<Vec<Site>> {
        list(host::sites())
    }

    fn associations(&mut self, candidate_id: &str) -> Result<Vec<Association>> {
        list(host::associations(candidate_id))
    }

    fn put_associations(&mut self, candidate_id: &str, associations: &[Association]) -> Result<()> {
        host(host::put_associations(candidate_id, &json(associations)?))
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<u64> {
        host(host::append_audit(&json(entry)?))
    }

    fn audit(&mut self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        list(host::audit(&json(query)?))
    }

    fn overview(
        &mut self,
        query: &OverviewQuery,
        today: Day,
        window: Window,
    ) -> Result<OverviewPage> {
        parse(&host(host::overview(
            &json(query)?,
            today.number(),
            window.days(),
        ))?)
    }

    fn status_counts(
        &mut self,
        filter: &OverviewFilter,
        today: Day,
        window: Window,
    ) -> Result<StatusCounts> {
        parse(&host(host::status_counts(
            &json(filter)?,
            today.number(),
            window.days(),
        ))?)
    }
}
