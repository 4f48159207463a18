//! Courses, the seats that let people take them, and allocations.

use licence_core::{allocation, model, tracker};

use crate::error::LicenceError;
use crate::mirror::{all, optional_period, text_of};

/// Something a person is trained on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Course {
    /// App-assigned id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The licence type that completing the course issues.
    #[uniffi(default)]
    pub issues_type_id: Option<String>,
    /// Validity of the issued licence, such as `"2 years"` (the type's
    /// validity when none).
    #[uniffi(default)]
    pub validity: Option<String>,
}

impl TryFrom<Course> for model::Course {
    type Error = LicenceError;

    fn try_from(c: Course) -> Result<Self, LicenceError> {
        Ok(Self {
            validity: optional_period("course.validity", c.validity.as_deref())?,
            id: c.id,
            title: c.title,
            issues_type_id: c.issues_type_id,
        })
    }
}

impl From<model::Course> for Course {
    fn from(c: model::Course) -> Self {
        Self {
            id: c.id,
            title: c.title,
            issues_type_id: c.issues_type_id,
            validity: text_of(c.validity),
        }
    }
}

mirror_enum! {
    /// The state of a course seat.
    SeatState = model::SeatState {
        /// Open: the person may take the course.
        Allocated,
        /// The person completed the course.
        Completed,
        /// The seat was withdrawn.
        Revoked,
    }
}

/// How a seat was given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SeatSource {
    /// By hand.
    Manual,
    /// By an allocation rule.
    Rule {
        /// The rule's id.
        rule_id: String,
    },
    /// Automatically again, because the issued licence is expiring.
    Recertification,
}

impl From<model::SeatSource> for SeatSource {
    fn from(source: model::SeatSource) -> Self {
        match source {
            model::SeatSource::Manual => Self::Manual,
            model::SeatSource::Rule(rule_id) => Self::Rule { rule_id },
            model::SeatSource::Recertification => Self::Recertification,
        }
    }
}

/// A person's entitlement to take a course.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Seat {
    /// Its id.
    pub id: String,
    /// Who may take the course.
    pub person_id: String,
    /// Which course.
    pub course_id: String,
    /// How it was given.
    pub source: SeatSource,
    /// When it was given, `YYYY-MM-DD`.
    pub given_on: String,
    /// Its state.
    pub state: SeatState,
    /// When it was completed, if it was.
    pub completed_on: Option<String>,
}

impl From<model::Seat> for Seat {
    fn from(s: model::Seat) -> Self {
        Self {
            id: s.id,
            person_id: s.person_id,
            course_id: s.course_id,
            source: s.source.into(),
            given_on: s.given_on.to_string(),
            state: s.state.into(),
            completed_on: text_of(s.completed_on),
        }
    }
}

mirror_enum! {
    /// What an allocation decided for one person.
    Outcome = allocation::Outcome {
        /// A seat was given.
        Allocated,
        /// The person already holds an open seat for the course.
        AlreadyAllocated,
        /// No person has this id.
        UnknownPerson,
        /// The person is inactive and gets no new allocations.
        InactivePerson,
        /// The person completed the course recently enough to be credited.
        RecentlyCompleted,
    }
}

/// The outcome for one person.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PersonResult {
    /// The person's id, as given.
    pub person_id: String,
    /// What was decided.
    pub outcome: Outcome,
}

impl From<allocation::PersonResult> for PersonResult {
    fn from(r: allocation::PersonResult) -> Self {
        Self {
            person_id: r.person_id,
            outcome: r.outcome.into(),
        }
    }
}

/// The outcome of an allocation: a result per person and the seats given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AllocationReport {
    /// One result per person, in input order.
    pub results: Vec<PersonResult>,
    /// The seats given.
    pub seats: Vec<Seat>,
}

impl From<tracker::AllocationReport> for AllocationReport {
    fn from(r: tracker::AllocationReport) -> Self {
        Self {
            results: all(r.results),
            seats: all(r.seats),
        }
    }
}
