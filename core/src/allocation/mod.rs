//! Course allocation (SPEC §4): manual allocation, rules by scope, and
//! recertification when an issued licence is expiring.
//!
//! Every function here is a pure decision over plain values: it takes the
//! people, the course [`Catalogue`] and a [`SeatIndex`] of the seats people
//! hold, and returns the seats to give ([`NewSeat`]) and a result per person.
//! The index records each seat it gives, so a sequence of decisions never
//! gives a person a second open seat for one course.
//!
//! Decisions carry no ids. The caller assigns a seat's (or an issued
//! licence's) id when it stores it, as it does for every record (SPEC §1),
//! with [`NewSeat::into_seat`] and [`IssuedLicence::into_licence`]; so the
//! rules stay deterministic and a failed store leaves no gap in a sequence.
//!
//! Every check happens before the first decision: an error leaves the
//! [`SeatIndex`] as it was.

mod catalogue;
mod manual;
mod recertification;
mod rules;
mod seats;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, RecordKind, Result};
use crate::expiry::check_batch_len;
use crate::model::Person;

pub use catalogue::Catalogue;
pub use manual::{PersonFilter, allocate, eligible};
pub use recertification::{Completion, IssuedLicence, complete_course, recertify};
pub use rules::{Rule, RuleIndex, Scope, apply_rules, backfill};
pub use seats::{NewSeat, SeatIndex};

/// What an allocation decided for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
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

/// The outcome for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonResult {
    /// The person's id, as given.
    pub person_id: String,
    /// What was decided.
    pub outcome: Outcome,
}

/// The decisions of a manual allocation or a backfill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Allocation {
    /// One result per person considered, in input order.
    pub results: Vec<PersonResult>,
    /// The seats to give, in input order.
    pub seats: Vec<NewSeat>,
}

impl Allocation {
    /// Records `person_id`'s outcome: allocated with `seat`, or `otherwise`.
    fn record(&mut self, person_id: &str, seat: Option<NewSeat>, otherwise: Outcome) {
        let outcome = match seat {
            Some(seat) => {
                self.seats.push(seat);
                Outcome::Allocated
            }
            None => otherwise,
        };
        self.results.push(PersonResult {
            person_id: person_id.to_owned(),
            outcome,
        });
    }

    /// Records an outcome without a seat.
    fn skip(&mut self, person_id: &str, outcome: Outcome) {
        self.record(person_id, None, outcome);
    }
}

/// Validates `people`, rejecting a repeated id, and indexes them by id.
fn index_people(people: &[Person]) -> Result<HashMap<&str, &Person>> {
    check_batch_len(people.len())?;
    let mut by_id = HashMap::with_capacity(people.len());
    for person in people {
        person.validate()?;
        if by_id.insert(person.id.as_str(), person).is_some() {
            return Err(Error::already_exists(RecordKind::Person, &person.id));
        }
    }
    Ok(by_id)
}
