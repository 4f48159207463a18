//! Courses that issue licences (SPEC §4.3): completing one records the
//! licence, and an expiring licence brings the course back.

use serde::{Deserialize, Serialize};

use super::{Catalogue, NewSeat, SeatIndex, index_people};
use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result};
use crate::expiry::{Expiry, Status, Window, check_batch_len, evaluate};
use crate::model::{Course, Licence, Owner, Person, Seat, SeatSource, SeatState};
use crate::renewal::{expiry_from, renewed_expiry};
use crate::validate;

/// A licence that completing a course issues, not yet stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IssuedLicence {
    /// The person who completed the course.
    pub holder_id: String,
    /// The licence type the course issues.
    pub type_id: String,
    /// The completion date.
    pub acquired: Day,
    /// From the course's validity, or the type's; `None` never expires.
    pub expiry: Option<Day>,
    /// The holder's current licence of the type, which this one renews
    /// (see [`crate::renewal::supersede`]).
    pub renews: Option<String>,
}

impl IssuedLicence {
    /// The licence to store, with the caller-assigned `id`.
    pub fn into_licence(self, id: impl Into<String>) -> Result<Licence> {
        let id = id.into();
        validate::id("licence.id", &id)?;
        Ok(Licence {
            id,
            holder_id: self.holder_id,
            type_id: self.type_id,
            reference: None,
            issuer: None,
            acquired: Some(self.acquired),
            expiry: self.expiry,
            notes: String::new(),
            owner: Owner::Candidate,
            renews: self.renews,
            superseded_by: None,
            fields: Default::default(),
        })
    }
}

/// What completing a course decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Completion {
    /// The seat, now completed.
    pub seat: Seat,
    /// The licence the course issues, if it issues one.
    pub licence: Option<IssuedLicence>,
}

fn state_name(state: SeatState) -> &'static str {
    match state {
        SeatState::Allocated => "allocated",
        SeatState::Completed => "completed",
        SeatState::Revoked => "revoked",
    }
}

/// Completes the open `seat` on `completed_on`. When the course issues a
/// licence type, the licence is acquired on that day and expires after the
/// course's validity (or the type's); it renews the holder's current licence
/// of the type among `holder_licences`, counting the new period as the type
/// says (SPEC §3.4).
pub fn complete_course(
    catalogue: &Catalogue,
    seat: &Seat,
    completed_on: Day,
    holder_licences: &[Licence],
    seats: &mut SeatIndex,
    window: Window,
) -> Result<Completion> {
    if seat.state != SeatState::Allocated {
        return Err(Error::transition(state_name(seat.state), "complete"));
    }
    validate::id("seat.id", &seat.id)?;
    validate::id("seat.person_id", &seat.person_id)?;
    validate::id("seat.course_id", &seat.course_id)?;
    let course = catalogue.course(&seat.course_id)?;
    if completed_on < seat.given_on {
        return Err(Error::invalid(
            "completed_on",
            format!(
                "`{completed_on}` is before the seat was given on `{}`",
                seat.given_on
            ),
        ));
    }
    check_batch_len(holder_licences.len())?;
    for licence in holder_licences {
        licence.validate()?;
    }
    let licence = issued_licence(
        catalogue,
        course,
        seat,
        completed_on,
        holder_licences,
        window,
    )?;
    seats.complete(&seat.person_id, &seat.course_id, completed_on);
    let seat = Seat {
        state: SeatState::Completed,
        completed_on: Some(completed_on),
        ..seat.clone()
    };
    Ok(Completion { seat, licence })
}

fn issued_licence(
    catalogue: &Catalogue,
    course: &Course,
    seat: &Seat,
    completed_on: Day,
    holder_licences: &[Licence],
    window: Window,
) -> Result<Option<IssuedLicence>> {
    let Some(type_id) = &course.issues_type_id else {
        return Ok(None);
    };
    let licence_type = catalogue.licence_type(type_id)?;
    let validity = course.validity.or(licence_type.validity);
    let current = holder_licences
        .iter()
        .filter(|l| l.holder_id == seat.person_id && &l.type_id == type_id)
        .filter(|l| !l.is_superseded())
        .max_by_key(|l| l.expiry.map_or(i32::MAX, Day::number));
    let expiry = match current {
        Some(current) => {
            renewed_expiry(licence_type, validity, current.expiry, completed_on, window)?
        }
        None => expiry_from(licence_type, validity, completed_on)?,
    };
    Ok(Some(IssuedLicence {
        holder_id: seat.person_id.clone(),
        type_id: type_id.clone(),
        acquired: completed_on,
        expiry,
        renews: current.map(|l| l.id.clone()),
    }))
}

/// The seats to give on `today` so that holders of expiring `licences` can
/// renew them: for each current licence in its expiring window whose type
/// some course issues, a seat for the first such course in the catalogue,
/// unless the active holder holds an open seat for one of those courses or
/// was given one since the licence entered the window.
pub fn recertify(
    catalogue: &Catalogue,
    licences: &[Licence],
    people: &[Person],
    seats: &mut SeatIndex,
    today: Day,
    window: Window,
) -> Result<Vec<NewSeat>> {
    check_batch_len(licences.len())?;
    let by_id = index_people(people)?;
    let mut due = Vec::new();
    for licence in licences {
        licence.validate()?;
        let holder = by_id
            .get(licence.holder_id.as_str())
            .ok_or_else(|| Error::not_found(RecordKind::Person, &licence.holder_id))?;
        let courses = catalogue.courses_issuing(&licence.type_id);
        let Some(expiry) = licence.expiry.filter(|_| !licence.is_superseded()) else {
            continue;
        };
        if holder.active
            && !courses.is_empty()
            && evaluate(Expiry::from_day(Some(expiry)), today, window).status == Status::Expiring
        {
            due.push((holder, courses, expiry.plus_days(-(window.days() as i32))));
        }
    }
    let mut given = Vec::new();
    for (holder, courses, window_opened) in due {
        let served = courses.iter().any(|c| {
            seats.has_open(&holder.id, &c.id)
                || seats
                    .last_given(&holder.id, &c.id)
                    .is_some_and(|on| on >= window_opened)
        });
        if let (false, Some(course)) = (served, courses.first()) {
            given.extend(seats.give(
                &holder.id,
                &course.id,
                || SeatSource::Recertification,
                today,
            ));
        }
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::error::ErrorKind;
    use crate::fixtures::{self, course, day, forklift, forklift_course, person, seat};
    use crate::model::{LicenceType, RenewalBasis};

    fn licence(id: &str, holder_id: &str, expiry: &str) -> Licence {
        fixtures::licence(id, holder_id, "forklift", expiry)
    }

    fn open_seat(course_id: &str) -> Seat {
        let mut s = seat("s1", "p1", course_id, SeatState::Allocated);
        s.given_on = day("2026-03-01");
        s
    }

    #[test]
    fn completing_records_the_issued_licence() {
        let courses = [forklift_course("fl", Some(Period::years(1)))];
        let types = [forklift()];
        let catalogue = Catalogue::new(&courses, &types).unwrap();
        let mut seats = SeatIndex::new(&[open_seat("fl")]).unwrap();
        let on = day("2026-03-10");
        let got = complete_course(
            &catalogue,
            &open_seat("fl"),
            on,
            &[],
            &mut seats,
            Window::default(),
        )
        .unwrap();
        assert_eq!(
            (got.seat.state, got.seat.completed_on),
            (SeatState::Completed, Some(on))
        );
        assert_eq!(
            got.licence,
            Some(IssuedLicence {
                holder_id: "p1".into(),
                type_id: "forklift".into(),
                acquired: on,
                expiry: Some(day("2027-03-10")),
                renews: None,
            })
        );
        assert!(!seats.has_open("p1", "fl"));
        assert_eq!(seats.last_completed("p1", "fl"), Some(on));
        let stored = got
            .licence
            .map(|l| l.into_licence("lic-1").map(|l| l.acquired));
        assert_eq!(stored, Some(Ok(Some(on))));
    }

    #[test]
    fn completing_renews_the_current_licence() {
        let courses = [forklift_course("fl", None)];
        let types = [LicenceType {
            renewal_basis: RenewalBasis::FromPreviousExpiry,
            ..forklift()
        }];
        let catalogue = Catalogue::new(&courses, &types).unwrap();
        let mut old = licence("old", "p1", "2025-04-01");
        old.superseded_by = Some("current".into());
        let held = [
            old,
            licence("current", "p1", "2026-04-01"),
            licence("other", "p2", "2026-12-01"),
        ];
        let mut seats = SeatIndex::default();
        let got = complete_course(
            &catalogue,
            &open_seat("fl"),
            day("2026-03-10"),
            &held,
            &mut seats,
            Window::default(),
        )
        .unwrap();
        let licence = got.licence.unwrap();
        assert_eq!(licence.renews.as_deref(), Some("current"));
        assert_eq!(licence.expiry, Some(day("2029-04-01")));
    }

    #[test]
    fn a_plain_course_issues_nothing() {
        let courses = [course("c1")];
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let mut seats = SeatIndex::default();
        let got = complete_course(
            &catalogue,
            &open_seat("c1"),
            day("2026-03-01"),
            &[],
            &mut seats,
            Window::default(),
        )
        .unwrap();
        assert_eq!(got.licence, None);
    }

    #[test]
    fn completing_checks_state_date_and_course() {
        let courses = [course("c1")];
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let mut seats = SeatIndex::default();
        let mut run = |seat: &Seat, on: &str| {
            complete_course(
                &catalogue,
                seat,
                day(on),
                &[],
                &mut seats,
                Window::default(),
            )
            .err()
        };
        let mut done = open_seat("c1");
        done.state = SeatState::Completed;
        assert_eq!(
            run(&done, "2026-03-02"),
            Some(Error::transition("completed", "complete"))
        );
        assert_eq!(
            run(&open_seat("c1"), "2026-02-28")
                .map(|e| e.to_string())
                .as_deref(),
            Some("invalid completed_on: `2026-02-28` is before the seat was given on `2026-03-01`")
        );
        assert_eq!(
            run(&open_seat("c9"), "2026-03-02"),
            Some(Error::not_found(RecordKind::Course, "c9"))
        );
        assert_eq!(seats, SeatIndex::default());
    }

    #[test]
    fn expiring_licences_bring_the_course_back_once() {
        let courses = [
            course("c1"),
            forklift_course("fl", None),
            forklift_course("fl2", None),
        ];
        let types = [forklift()];
        let catalogue = Catalogue::new(&courses, &types).unwrap();
        let mut gone = person("p3", None, None);
        gone.active = false;
        let people = [person("p1", None, None), person("p2", None, None), gone];
        let mut superseded = licence("l0", "p2", "2026-04-01");
        superseded.superseded_by = Some("l1".into());
        let licences = [
            licence("l1", "p1", "2026-04-01"),
            licence("l2", "p1", "2026-05-01"),
            superseded,
            licence("l3", "p2", "2026-06-01"),
            licence("l4", "p3", "2026-04-01"),
        ];
        let today = day("2026-03-01");
        let window = Window::new(60).unwrap();
        let mut seats = SeatIndex::default();
        let got = recertify(&catalogue, &licences, &people, &mut seats, today, window).unwrap();
        let given: Vec<(&str, &str, &SeatSource)> = got
            .iter()
            .map(|s| (s.person_id.as_str(), s.course_id.as_str(), &s.source))
            .collect();
        assert_eq!(given, [("p1", "fl", &SeatSource::Recertification)]);
        assert_eq!(
            recertify(&catalogue, &licences, &people, &mut seats, today, window),
            Ok(vec![])
        );
        let mut revoked = seat("s1", "p1", "fl", SeatState::Revoked);
        revoked.given_on = day("2026-02-01");
        let mut seats = SeatIndex::new(&[revoked]).unwrap();
        assert_eq!(
            recertify(&catalogue, &licences, &people, &mut seats, today, window),
            Ok(vec![])
        );
        let mut seats = SeatIndex::new(&[seat("s1", "p1", "fl2", SeatState::Allocated)]).unwrap();
        assert_eq!(
            recertify(&catalogue, &licences, &people, &mut seats, today, window),
            Ok(vec![])
        );
    }

    #[test]
    fn recertify_needs_known_holders() {
        let courses = [forklift_course("fl", None)];
        let types = [forklift()];
        let catalogue = Catalogue::new(&courses, &types).unwrap();
        let mut seats = SeatIndex::default();
        let licences = [licence("l1", "ghost", "2026-04-01")];
        let got = recertify(
            &catalogue,
            &licences,
            &[],
            &mut seats,
            day("2026-03-01"),
            Window::default(),
        );
        assert_eq!(
            got.err(),
            Some(Error::not_found(RecordKind::Person, "ghost"))
        );
        let mut bad = licence("l1", "p1", "2026-04-01");
        bad.acquired = Some(day("2026-05-01"));
        let got = recertify(
            &catalogue,
            &[bad],
            &[person("p1", None, None)],
            &mut seats,
            day("2026-03-01"),
            Window::default(),
        );
        assert_eq!(got.err().map(|e| e.kind()), Some(ErrorKind::InvalidInput));
    }
}
