//! The seats people hold, indexed by person and course, and the seats that
//! allocation decides to give.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, Result};
use crate::expiry::check_batch_len;
use crate::model::{Seat, SeatSource, SeatState};
use crate::validate;

/// A seat that allocation decided to give, not yet stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewSeat {
    /// Who may take the course.
    pub person_id: String,
    /// Which course.
    pub course_id: String,
    /// How it was given.
    pub source: SeatSource,
    /// When it was given.
    pub given_on: Day,
}

impl NewSeat {
    /// The open seat to store, with the caller-assigned `id`.
    pub fn into_seat(self, id: impl Into<String>) -> Result<Seat> {
        let id = id.into();
        validate::id("seat.id", &id)?;
        Ok(Seat {
            id,
            person_id: self.person_id,
            course_id: self.course_id,
            source: self.source,
            given_on: self.given_on,
            state: SeatState::Allocated,
            completed_on: None,
        })
    }
}

/// What one person holds of one course.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Holding {
    open: bool,
    last_given: Option<Day>,
    last_completed: Option<Day>,
}

impl Holding {
    fn given(&mut self, on: Day) {
        self.open = true;
        self.last_given = self.last_given.max(Some(on));
    }
}

/// The seats people hold, by person and course: whether one is open, and
/// when the last one was given and completed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatIndex {
    people: HashMap<String, HashMap<String, Holding>>,
}

impl SeatIndex {
    /// Indexes stored `seats`; a second open seat of a person for one course
    /// is invalid input.
    pub fn new(seats: &[Seat]) -> Result<Self> {
        check_batch_len(seats.len())?;
        let mut index = Self::default();
        for seat in seats {
            index.add(seat)?;
        }
        Ok(index)
    }

    /// Adds a stored seat, in any state.
    pub fn add(&mut self, seat: &Seat) -> Result<()> {
        validate::id("seat.id", &seat.id)?;
        validate::id("seat.person_id", &seat.person_id)?;
        validate::id("seat.course_id", &seat.course_id)?;
        let holding = self
            .people
            .entry(seat.person_id.clone())
            .or_default()
            .entry(seat.course_id.clone())
            .or_default();
        if seat.state == SeatState::Allocated && holding.open {
            return Err(Error::invalid(
                "seat.state",
                format!(
                    "`{}` holds a second open seat `{}` for `{}`",
                    seat.person_id, seat.id, seat.course_id
                ),
            ));
        }
        holding.last_given = holding.last_given.max(Some(seat.given_on));
        match seat.state {
            SeatState::Allocated => holding.open = true,
            SeatState::Completed => {
                holding.last_completed = holding.last_completed.max(seat.completed_on);
            }
            SeatState::Revoked => {}
        }
        Ok(())
    }

    fn holding(&self, person_id: &str, course_id: &str) -> Option<&Holding> {
        self.people.get(person_id)?.get(course_id)
    }

    /// Whether the person holds an open seat for the course.
    pub fn has_open(&self, person_id: &str, course_id: &str) -> bool {
        self.holding(person_id, course_id).is_some_and(|h| h.open)
    }

    /// When the person last completed the course, if ever.
    pub fn last_completed(&self, person_id: &str, course_id: &str) -> Option<Day> {
        self.holding(person_id, course_id)?.last_completed
    }

    /// When the person was last given a seat for the course, if ever.
    pub fn last_given(&self, person_id: &str, course_id: &str) -> Option<Day> {
        self.holding(person_id, course_id)?.last_given
    }

    /// Gives the person a seat for the course on `given_on` unless they hold
    /// an open one; records it and returns it.
    pub(super) fn give(
        &mut self,
        person_id: &str,
        course_id: &str,
        source: impl FnOnce() -> SeatSource,
        given_on: Day,
    ) -> Option<NewSeat> {
        let courses = match self.people.get_mut(person_id) {
            Some(courses) => courses,
            None => self.people.entry(person_id.to_owned()).or_default(),
        };
        match courses.get_mut(course_id) {
            Some(holding) if holding.open => return None,
            Some(holding) => holding.given(given_on),
            None => {
                let mut holding = Holding::default();
                holding.given(given_on);
                courses.insert(course_id.to_owned(), holding);
            }
        }
        Some(NewSeat {
            person_id: person_id.to_owned(),
            course_id: course_id.to_owned(),
            source: source(),
            given_on,
        })
    }

    /// Records that the person completed the course on `completed_on`,
    /// closing their open seat.
    pub(super) fn complete(&mut self, person_id: &str, course_id: &str, completed_on: Day) {
        let holding = self
            .people
            .entry(person_id.to_owned())
            .or_default()
            .entry(course_id.to_owned())
            .or_default();
        holding.open = false;
        holding.last_completed = holding.last_completed.max(Some(completed_on));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::fixtures::{day, seat};

    #[test]
    fn index_knows_open_seats_and_last_dates() {
        let mut done = seat("s1", "p1", "c1", SeatState::Completed);
        done.completed_on = Some(day("2025-03-01"));
        let index = SeatIndex::new(&[
            done,
            seat("s2", "p1", "c2", SeatState::Allocated),
            seat("s3", "p2", "c1", SeatState::Revoked),
        ])
        .unwrap();
        assert!(index.has_open("p1", "c2"));
        assert!(!index.has_open("p1", "c1"));
        assert!(!index.has_open("p2", "c1"));
        assert_eq!(index.last_completed("p1", "c1"), Some(day("2025-03-01")));
        assert_eq!(index.last_completed("p2", "c1"), None);
        assert_eq!(index.last_given("p2", "c1"), Some(day("2025-01-01")));
        assert_eq!(index.last_given("p3", "c1"), None);
    }

    #[test]
    fn a_second_open_seat_is_invalid() {
        let err = SeatIndex::new(&[
            seat("s1", "p1", "c1", SeatState::Allocated),
            seat("s2", "p1", "c1", SeatState::Allocated),
        ])
        .err();
        assert_eq!(err.as_ref().map(Error::kind), Some(ErrorKind::InvalidInput));
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("invalid seat.state: `p1` holds a second open seat `s2` for `c1`")
        );
        let empty_id = seat("", "p1", "c1", SeatState::Allocated);
        assert_eq!(
            SeatIndex::new(&[empty_id]).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
    }

    #[test]
    fn give_refuses_a_second_open_seat_until_completion() {
        let mut index = SeatIndex::default();
        let today = day("2026-01-10");
        let first = index.give("p1", "c1", || SeatSource::Manual, today);
        assert_eq!(
            first
                .clone()
                .map(|s| (s.person_id, s.course_id, s.given_on)),
            Some(("p1".into(), "c1".into(), today))
        );
        assert_eq!(index.give("p1", "c1", || SeatSource::Manual, today), None);
        index.complete("p1", "c1", day("2026-02-01"));
        assert!(!index.has_open("p1", "c1"));
        assert!(
            index
                .give("p1", "c1", || SeatSource::Recertification, today)
                .is_some()
        );
        let stored = first.map(|s| s.into_seat("seat-1"));
        assert_eq!(
            stored.map(|s| s.map(|s| (s.id, s.state))),
            Some(Ok(("seat-1".into(), SeatState::Allocated)))
        );
    }

    #[test]
    fn into_seat_checks_the_id() {
        let seat = NewSeat {
            person_id: "p1".into(),
            course_id: "c1".into(),
            source: SeatSource::Manual,
            given_on: day("2026-01-10"),
        };
        assert_eq!(
            seat.into_seat(" x").err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
    }
}
