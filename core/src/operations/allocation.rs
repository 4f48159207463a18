//! Rule operations for course allocation: eligible people, manual
//! allocation, rule matching, registration, backfill, course completion and
//! recertification.
//!
//! Every operation takes the organisation's records as plain lists
//! (`courses`, `types`, `people`, `seats`, `rules`, `licences`; each may be
//! omitted when empty) next to its own arguments.

use serde::{Deserialize, Serialize};

use super::expiry::window;
use super::{RuleOperation, operation};
use crate::allocation::{
    Allocation, Catalogue, Completion, NewSeat, PersonFilter, Rule, RuleIndex, SeatIndex, allocate,
    apply_rules, backfill, complete_course, eligible, recertify,
};
use crate::model::{Course, Licence, LicenceType, Person, Seat};
use crate::{Day, Period, Result};

/// The records an allocation operation reasons about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Records {
    /// The courses.
    #[serde(default)]
    pub courses: Vec<Course>,
    /// The licence types.
    #[serde(default)]
    pub types: Vec<LicenceType>,
    /// The people.
    #[serde(default)]
    pub people: Vec<Person>,
    /// The seats already given.
    #[serde(default)]
    pub seats: Vec<Seat>,
    /// The allocation rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The licences held.
    #[serde(default)]
    pub licences: Vec<Licence>,
}

impl Records {
    fn catalogue(&self) -> Result<Catalogue<'_>> {
        Catalogue::new(&self.courses, &self.types)
    }

    fn rule_index(&self) -> Result<RuleIndex> {
        RuleIndex::new(self.rules.clone(), &self.catalogue()?)
    }

    fn seat_index(&self) -> Result<SeatIndex> {
        SeatIndex::new(&self.seats)
    }
}

/// Seats given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewSeats {
    /// The seats, in the order they were given.
    pub seats: Vec<NewSeat>,
}

operation! {
    /// The active people without an open seat for a course, filtered.
    pub struct EligibleInput as "eligible" -> EligibleOutput {
        /// The organisation's records.
        #[serde(flatten)]
        pub records: Records,
        /// The course.
        pub course_id: String,
        /// Which people to consider.
        #[serde(default)]
        pub filter: PersonFilter,
    }
}

/// The people who may be given a seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EligibleOutput {
    /// Their ids.
    pub people: Vec<String>,
}

impl RuleOperation for EligibleInput {
    fn run(self) -> Result<EligibleOutput> {
        let r = &self.records;
        let seats = r.seat_index()?;
        let people = eligible(
            &r.catalogue()?,
            &self.course_id,
            &r.people,
            &seats,
            &self.filter,
        )?;
        Ok(EligibleOutput {
            people: people.iter().map(|p| p.id.clone()).collect(),
        })
    }
}

operation! {
    /// Gives a course to a list of people: one result per person.
    pub struct AllocateInput as "allocate" -> Allocation {
        /// The organisation's records.
        #[serde(flatten)]
        pub records: Records,
        /// The course.
        pub course_id: String,
        /// The people.
        pub person_ids: Vec<String>,
        /// The allocation date.
        pub today: Day,
    }
}

impl RuleOperation for AllocateInput {
    fn run(self) -> Result<Allocation> {
        let r = &self.records;
        let mut seats = r.seat_index()?;
        let catalogue = r.catalogue()?;
        allocate(
            &catalogue,
            &self.course_id,
            &self.person_ids,
            &r.people,
            &mut seats,
            self.today,
        )
    }
}

operation! {
    /// The allocation rules whose scope includes a person.
    pub struct MatchingRulesInput as "matching_rules" -> MatchingRulesOutput {
        /// The organisation's records.
        #[serde(flatten)]
        pub records: Records,
        /// The person.
        pub person: Person,
    }
}

/// The rules that match a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MatchingRulesOutput {
    /// Their ids.
    pub rule_ids: Vec<String>,
}

impl RuleOperation for MatchingRulesInput {
    fn run(self) -> Result<MatchingRulesOutput> {
        self.person.validate()?;
        let index = self.records.rule_index()?;
        let rule_ids = index.matching(&self.person).map(|r| r.id.clone()).collect();
        Ok(MatchingRulesOutput { rule_ids })
    }
}

operation! {
    /// Applies the allocation rules to newly registered people.
    pub struct RegisterInput as "register" -> NewSeats {
        /// The organisation's records; `people` are the people registered.
        #[serde(flatten)]
        pub records: Records,
        /// The registration date.
        pub today: Day,
    }
}

impl RuleOperation for RegisterInput {
    fn run(self) -> Result<NewSeats> {
        let r = &self.records;
        let mut seats = r.seat_index()?;
        let seats = apply_rules(&r.rule_index()?, &r.people, &mut seats, self.today)?;
        Ok(NewSeats { seats })
    }
}

operation! {
    /// Applies a rule to existing people, crediting recent completions.
    pub struct BackfillInput as "backfill" -> Allocation {
        /// The organisation's records.
        #[serde(flatten)]
        pub records: Records,
        /// The rule.
        pub rule_id: String,
        /// Skip people who completed the course within this period.
        #[serde(default)]
        pub credit_within: Option<Period>,
        /// The allocation date.
        pub today: Day,
    }
}

impl RuleOperation for BackfillInput {
    fn run(self) -> Result<Allocation> {
        let r = &self.records;
        let mut seats = r.seat_index()?;
        let index = r.rule_index()?;
        backfill(
            &index,
            &self.rule_id,
            self.credit_within,
            &r.people,
            &mut seats,
            self.today,
        )
    }
}

operation! {
    /// Completes an open seat; a course that issues a licence type issues
    /// the licence, renewing the holder's current one.
    pub struct CompleteCourseInput as "complete_course" -> Completion {
        /// The organisation's records; `licences` are the holder's.
        #[serde(flatten)]
        pub records: Records,
        /// The seat.
        pub seat: Seat,
        /// The completion date.
        pub completed_on: Day,
        /// The expiring window in days (90 when absent).
        #[serde(default)]
        pub window_days: Option<u32>,
    }
}

impl RuleOperation for CompleteCourseInput {
    fn run(self) -> Result<Completion> {
        let r = &self.records;
        let mut seats = r.seat_index()?;
        complete_course(
            &r.catalogue()?,
            &self.seat,
            self.completed_on,
            &r.licences,
            &mut seats,
            window(self.window_days)?,
        )
    }
}

operation! {
    /// Gives a seat again for the issued licences entering their expiring
    /// window, so their holders can renew before they lapse.
    pub struct RecertifyInput as "recertify" -> NewSeats {
        /// The organisation's records.
        #[serde(flatten)]
        pub records: Records,
        /// The date.
        pub today: Day,
        /// The expiring window in days (90 when absent).
        #[serde(default)]
        pub window_days: Option<u32>,
    }
}

impl RuleOperation for RecertifyInput {
    fn run(self) -> Result<NewSeats> {
        let r = &self.records;
        let mut seats = r.seat_index()?;
        let seats = recertify(
            &r.catalogue()?,
            &r.licences,
            &r.people,
            &mut seats,
            self.today,
            window(self.window_days)?,
        )?;
        Ok(NewSeats { seats })
    }
}
