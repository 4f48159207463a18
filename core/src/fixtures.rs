//! Records shared by the unit tests.

use crate::calendar::{Day, Period};
use crate::model::{
    Course, Licence, LicenceKind, LicenceType, Owner, Person, Seat, SeatSource, SeatState,
};

pub fn day(text: &str) -> Day {
    Day::parse("t", text).unwrap()
}

/// An active person registered on 2026-01-01.
pub fn person(id: &str, location: Option<&str>, department: Option<&str>) -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: id.into(),
        name: format!("Person {id}"),
        email: None,
        location: location.map(Into::into),
        department: department.map(Into::into),
        roles: Vec::new(),
        registered_on: day("2026-01-01"),
        active: true,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

/// A manual seat given on 2025-01-01.
pub fn seat(id: &str, person_id: &str, course_id: &str, state: SeatState) -> Seat {
    Seat {
        id: id.into(),
        person_id: person_id.into(),
        course_id: course_id.into(),
        source: SeatSource::Manual,
        given_on: day("2025-01-01"),
        state,
        completed_on: None,
    }
}

/// A course that issues nothing.
pub fn course(id: &str) -> Course {
    Course {
        id: id.into(),
        title: format!("Course {id}"),
        issues_type_id: None,
        validity: None,
    }
}

/// The forklift licence type, valid for 3 years.
pub fn forklift() -> LicenceType {
    LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: "forklift".into(),
        name: "Forklift".into(),
        kind: LicenceKind::Licence,
        validity: Some(Period::years(3)),
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    }
}

/// A course that issues the forklift licence.
pub fn forklift_course(id: &str, validity: Option<Period>) -> Course {
    Course {
        issues_type_id: Some("forklift".into()),
        validity,
        ..course(id)
    }
}

/// A candidate-owned licence of `type_id` held by `holder_id`, expiring on
/// `expiry`.
pub fn licence(id: &str, holder_id: &str, type_id: &str, expiry: &str) -> Licence {
    Licence {
        id: id.into(),
        holder_id: holder_id.into(),
        type_id: type_id.into(),
        reference: None,
        issuer: None,
        acquired: None,
        expiry: Some(day(expiry)),
        notes: String::new(),
        owner: Owner::Candidate,
        renews: None,
        superseded_by: None,
        fields: Default::default(),
    }
}
