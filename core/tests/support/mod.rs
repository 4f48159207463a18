//! Shared pieces of the tracker tests: a store that fails its Nth write, a
//! snapshot of everything a tracker keeps, and a small organisation.

#![allow(dead_code, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use licence_core::allocation::Rule;
use licence_core::audit::{AuditEntry, AuditQuery};
use licence_core::custody::Association;
use licence_core::expiry::Window;
use licence_core::model::{Attachment, Course, LicenceType, Person, Seat, Site};
use licence_core::report::{OverviewFilter, OverviewPage, OverviewQuery, StatusCounts};
use licence_core::settings::Settings;
use licence_core::store::{
    AcknowledgementRecord, LicenceQuery, LicenceRecord, PeopleQuery, ReminderCandidate, SeatQuery,
    Store,
};
use licence_core::tracker::Tracker;
use licence_core::{Day, Error, RecordKind, Result};

/// Counts writes and fails the write numbered `fail_at` (1-based; 0 never).
#[derive(Clone, Default)]
pub struct Faults {
    pub writes: Arc<AtomicUsize>,
    pub fail_at: Arc<AtomicUsize>,
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
}

/// A store that delegates to `inner` and fails where `faults` says.
pub struct FailingStore {
    pub inner: Box<dyn Store>,
    pub faults: Faults,
}

macro_rules! read {
    ($name:ident($($arg:ident: $ty:ty),*) -> $out:ty) => {
        fn $name(&mut self, $($arg: $ty),*) -> Result<$out> {
            self.inner.$name($($arg),*)
        }
    };
}

macro_rules! write {
    ($name:ident($($arg:ident: $ty:ty),*) -> $out:ty) => {
        fn $name(&mut self, $($arg: $ty),*) -> Result<$out> {
            self.faults.write()?;
            self.inner.$name($($arg),*)
        }
    };
}

impl Store for FailingStore {
    read!(begin() -> ());
    read!(commit() -> ());
    read!(rollback() -> ());
    read!(settings() -> Option<Settings>);
    write!(put_settings(settings: &Settings) -> ());
    read!(person(id: &str) -> Option<Person>);
    write!(put_people(people: &[Person]) -> ());
    read!(people(query: &PeopleQuery) -> Vec<Person>);
    read!(people_with_ids(ids: &[String]) -> Vec<Person>);
    read!(licence_type(id: &str) -> Option<LicenceType>);
    read!(licence_type_named(name: &str) -> Option<LicenceType>);
    write!(put_licence_type(licence_type: &LicenceType) -> ());
    read!(licence_types() -> Vec<LicenceType>);
    read!(licence(id: &str) -> Option<LicenceRecord>);
    write!(put_licences(records: &[LicenceRecord]) -> ());
    read!(licences(query: &LicenceQuery) -> Vec<LicenceRecord>);
    read!(existing_ids(kind: RecordKind, ids: &[String]) -> Vec<String>);
    write!(remove_licence(id: &str) -> ());
    read!(reminder_candidates(today: Day, earliest_expiry: Day, latest_expiry: Day) -> Vec<ReminderCandidate>);
    read!(purge_candidates(expired_before: Day, deleted_before: Day) -> Vec<LicenceRecord>);
    write!(put_acknowledgement(ack: &AcknowledgementRecord) -> ());
    read!(acknowledgements(licence_id: &str) -> Vec<AcknowledgementRecord>);
    read!(attachment(id: &str) -> Option<Attachment>);
    read!(attachment_content(id: &str) -> Option<Vec<u8>>);
    write!(put_attachment(attachment: &Attachment, content: &[u8]) -> ());
    read!(attachments(licence_id: &str) -> Vec<Attachment>);
    write!(remove_attachment(id: &str) -> ());
    read!(course(id: &str) -> Option<Course>);
    write!(put_course(course: &Course) -> ());
    read!(courses() -> Vec<Course>);
    read!(seat(id: &str) -> Option<Seat>);
    write!(put_seats(seats: &[Seat]) -> ());
    read!(seats(query: &SeatQuery) -> Vec<Seat>);
    write!(put_rule(rule: &Rule) -> ());
    write!(remove_rule(id: &str) -> ());
    read!(rules() -> Vec<Rule>);
    read!(site(id: &str) -> Option<Site>);
    write!(put_site(site: &Site) -> ());
    read!(sites() -> Vec<Site>);
    read!(associations(candidate_id: &str) -> Vec<Association>);
    write!(put_associations(candidate_id: &str, associations: &[Association]) -> ());
    write!(append_audit(entry: &AuditEntry) -> u64);
    read!(audit(query: &AuditQuery) -> Vec<AuditEntry>);
    read!(overview(query: &OverviewQuery, today: Day, window: Window) -> OverviewPage);
    read!(status_counts(filter: &OverviewFilter, today: Day, window: Window) -> StatusCounts);
}

/// Everything a tracker keeps, as one comparable text.
pub fn snapshot(tracker: &Tracker) -> String {
    let everything = LicenceQuery {
        include_superseded: true,
        include_deleted: true,
        ..LicenceQuery::default()
    };
    let people = tracker.people(&PeopleQuery::default()).expect("people");
    let licences = tracker.licences(&everything).expect("licences");
    let mut parts = vec![
        format!("{:?}", tracker.settings().expect("settings")),
        format!("{people:?}"),
        format!("{:?}", tracker.licence_types().expect("types")),
        format!("{licences:?}"),
        format!("{:?}", tracker.courses().expect("courses")),
        format!("{:?}", tracker.seats(&SeatQuery::default()).expect("seats")),
        format!("{:?}", tracker.rules().expect("rules")),
        format!("{:?}", tracker.sites().expect("sites")),
    ];
    for record in &licences {
        let id = &record.licence.id;
        parts.push(format!("{:?}", tracker.acknowledgements(id).expect("acks")));
        let attachments = tracker.attachments(id).expect("attachments");
        for a in &attachments {
            parts.push(format!(
                "{:?}",
                tracker.attachment(&a.id).expect("attachment")
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
            tracker.associations(&person.id).expect("associations")
        ));
        let query = AuditQuery::Person {
            id: person.id.clone(),
        };
        parts.push(format!("{:?}", tracker.audit(&query).expect("audit")));
    }
    parts.join("\n")
}

pub fn day(text: &str) -> Day {
    Day::parse("test", text).expect("a test date")
}
