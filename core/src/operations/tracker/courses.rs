//! Courses, allocation rules and seats.

use serde::{Deserialize, Serialize};

use super::SeatList;
use crate::allocation::{Completion, PersonFilter, Rule};
use crate::model::{Course, Seat};
use crate::operations::{TrackerOperation, operation};
use crate::store::{Page, SeatQuery};
use crate::tracker::{AllocationReport, Context, Tracker};
use crate::{Day, Period, Result};

use super::PersonList;

operation! {
    /// Adds a course.
    pub struct CreateCourseInput as "create_course" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The course.
        pub course: Course,
    }
}

impl TrackerOperation for CreateCourseInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.create_course(&self.ctx, &self.course)
    }
}

/// Courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseList {
    /// Every course, by id.
    pub courses: Vec<Course>,
}

operation! {
    /// Every course, by id.
    pub struct CoursesInput as "courses" -> CourseList {}
}

impl TrackerOperation for CoursesInput {
    fn run(self, t: &Tracker) -> Result<CourseList> {
        let courses = t.courses()?;
        Ok(CourseList { courses })
    }
}

operation! {
    /// The active people without an open seat for a course, filtered by
    /// name, location and department.
    pub struct EligiblePeopleInput as "eligible_people" -> PersonList {
        /// The course.
        pub course_id: String,
        /// Which people (everyone by default).
        #[serde(default)]
        pub filter: PersonFilter,
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

impl TrackerOperation for EligiblePeopleInput {
    fn run(self, t: &Tracker) -> Result<PersonList> {
        self.page.validate()?;
        let listing = self
            .page
            .slice(t.eligible_people(&self.course_id, &self.filter)?);
        Ok(PersonList {
            people: listing.items,
            next_offset: listing.next_offset,
        })
    }
}

operation! {
    /// Gives a course to a list of people: one result per person, one bad
    /// id spoiling nothing.
    pub struct AllocateSeatsInput as "allocate" (writes) -> AllocationReport {
        /// Who acts, and when.
        pub ctx: Context,
        /// The course.
        pub course_id: String,
        /// The people.
        pub person_ids: Vec<String>,
        /// The allocation date.
        pub today: Day,
    }
}

impl TrackerOperation for AllocateSeatsInput {
    fn run(self, t: &Tracker) -> Result<AllocationReport> {
        t.allocate(&self.ctx, &self.course_id, &self.person_ids, self.today)
    }
}

operation! {
    /// Adds an automatic allocation rule.
    pub struct CreateRuleInput as "create_rule" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The rule.
        pub rule: Rule,
    }
}

impl TrackerOperation for CreateRuleInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.create_rule(&self.ctx, &self.rule)
    }
}

operation! {
    /// Removes an allocation rule; the seats it gave stay.
    pub struct DeleteRuleInput as "delete_rule" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The rule.
        pub id: String,
    }
}

impl TrackerOperation for DeleteRuleInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.delete_rule(&self.ctx, &self.id)
    }
}

/// Allocation rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RuleList {
    /// Every rule, by id.
    pub rules: Vec<Rule>,
}

operation! {
    /// Every allocation rule, by id.
    pub struct RulesInput as "rules" -> RuleList {}
}

impl TrackerOperation for RulesInput {
    fn run(self, t: &Tracker) -> Result<RuleList> {
        let rules = t.rules()?;
        Ok(RuleList { rules })
    }
}

operation! {
    /// Applies a rule to existing people, crediting completions of the
    /// course within `credit_within`.
    pub struct BackfillRuleInput as "backfill" (writes) -> AllocationReport {
        /// Who acts, and when.
        pub ctx: Context,
        /// The rule.
        pub rule_id: String,
        /// Skip people who completed the course within this period.
        #[serde(default)]
        pub credit_within: Option<Period>,
        /// The allocation date.
        pub today: Day,
    }
}

impl TrackerOperation for BackfillRuleInput {
    fn run(self, t: &Tracker) -> Result<AllocationReport> {
        t.backfill(&self.ctx, &self.rule_id, self.credit_within, self.today)
    }
}

operation! {
    /// The seats matching a query, by id.
    pub struct SeatsInput as "seats" -> SeatPage {
        /// Which seats (every seat by default).
        #[serde(default)]
        pub query: SeatQuery,
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

/// One page of seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeatPage {
    /// The seats, by id.
    pub seats: Vec<Seat>,
    /// Where the next page starts; absent on the last page.
    #[serde(default)]
    pub next_offset: Option<u32>,
}

impl TrackerOperation for SeatsInput {
    fn run(self, t: &Tracker) -> Result<SeatPage> {
        let listing = t.seats(&self.query, self.page)?;
        Ok(SeatPage {
            seats: listing.items,
            next_offset: listing.next_offset,
        })
    }
}

operation! {
    /// Completes an open seat; a course that issues a licence type records
    /// the licence, renewing the holder's current one.
    pub struct CompleteSeatInput as "complete_seat" (writes) -> Completion {
        /// Who acts, and when.
        pub ctx: Context,
        /// The seat.
        pub seat_id: String,
        /// The completion date.
        pub completed_on: Day,
    }
}

impl TrackerOperation for CompleteSeatInput {
    fn run(self, t: &Tracker) -> Result<Completion> {
        t.complete_seat(&self.ctx, &self.seat_id, self.completed_on)
    }
}

operation! {
    /// Revokes an open seat.
    pub struct RevokeSeatInput as "revoke_seat" (writes) -> Seat {
        /// Who acts, and when.
        pub ctx: Context,
        /// The seat.
        pub seat_id: String,
    }
}

impl TrackerOperation for RevokeSeatInput {
    fn run(self, t: &Tracker) -> Result<Seat> {
        t.revoke_seat(&self.ctx, &self.seat_id)
    }
}

operation! {
    /// Gives the course again to the holders of issued licences entering
    /// their expiring window.
    pub struct RecertifySeatsInput as "recertify" (writes) -> SeatList {
        /// Who acts, and when.
        pub ctx: Context,
        /// The date.
        pub today: Day,
    }
}

impl TrackerOperation for RecertifySeatsInput {
    fn run(self, t: &Tracker) -> Result<SeatList> {
        let seats = t.recertify(&self.ctx, self.today)?;
        Ok(SeatList { seats })
    }
}
