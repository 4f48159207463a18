//! Automatic allocation rules by scope (SPEC §4.2), indexed by scope so that
//! evaluating a person touches only the rules of that person's scopes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Allocation, Catalogue, NewSeat, Outcome, SeatIndex, index_people};
use crate::calendar::{Day, Period};
use crate::error::{Error, RecordKind, Result};
use crate::expiry::check_batch_len;
use crate::fields::{folded, place_passes};
use crate::model::{Person, SeatSource};
use crate::validate;

/// Whom a rule gives its course to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// Everyone.
    Company,
    /// Everyone at a location.
    Location {
        /// The location, compared ignoring case and surrounding spaces.
        location: String,
    },
    /// Everyone in a department.
    Department {
        /// The department, compared ignoring case and surrounding spaces.
        department: String,
    },
    /// Everyone in a department at a location (the IT team in London).
    LocationAndDepartment {
        /// The location, compared ignoring case and surrounding spaces.
        location: String,
        /// The department, compared ignoring case and surrounding spaces.
        department: String,
    },
}

impl Scope {
    /// Whether `person` is in this scope, comparing locations and
    /// departments ignoring case and surrounding spaces.
    pub fn matches(&self, person: &Person) -> bool {
        let is =
            |wanted: &str, value: &Option<String>| place_passes(Some(wanted), value.as_deref());
        match self {
            Self::Company => true,
            Self::Location { location } => is(location, &person.location),
            Self::Department { department } => is(department, &person.department),
            Self::LocationAndDepartment {
                location,
                department,
            } => is(location, &person.location) && is(department, &person.department),
        }
    }

    /// The day `person` joined this scope: their registration, or for a
    /// location or department the day they moved there (the later of the
    /// two moves for both).
    pub fn joined_on(&self, person: &Person) -> Day {
        match self {
            Self::Company => person.registered_on,
            Self::Location { .. } => person.at_location_since(),
            Self::Department { .. } => person.in_department_since(),
            Self::LocationAndDepartment { .. } => {
                person.at_location_since().max(person.in_department_since())
            }
        }
    }

    fn validate(&self) -> Result<()> {
        match self {
            Self::Company => Ok(()),
            Self::Location { location } => validate::name("rule.scope.location", location),
            Self::Department { department } => validate::name("rule.scope.department", department),
            Self::LocationAndDepartment {
                location,
                department,
            } => {
                validate::name("rule.scope.location", location)?;
                validate::name("rule.scope.department", department)
            }
        }
    }
}

/// Gives a course to the people of a scope who joined it (registered, or
/// moved into it) on or after the day the rule was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rule {
    /// Host-assigned id.
    pub id: String,
    /// The course it gives.
    pub course_id: String,
    /// Whom it gives the course to.
    pub scope: Scope,
    /// The day it was created.
    pub created_on: Day,
}

impl Rule {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        validate::id("rule.id", &self.id)?;
        validate::id("rule.course_id", &self.course_id)?;
        self.scope.validate()
    }

    /// Whether the rule gives its course to `person` without a backfill:
    /// in scope, and joined it on or after the rule's creation day.
    pub fn covers(&self, person: &Person) -> bool {
        self.scope.matches(person) && self.joins(person)
    }

    /// Whether `person`, known to be in scope, joined it on or after the
    /// rule's creation day.
    fn joins(&self, person: &Person) -> bool {
        self.scope.joined_on(person) >= self.created_on
    }
}

/// Positions of rules in [`RuleIndex::rules`], by scope.
type Bucket = Vec<usize>;

/// Rules indexed by id and by scope, locations and departments
/// [folded](crate::fields::folded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleIndex {
    rules: Vec<Rule>,
    ids: HashMap<String, usize>,
    company: Bucket,
    by_location: HashMap<String, Bucket>,
    by_department: HashMap<String, Bucket>,
    by_location_and_department: HashMap<String, HashMap<String, Bucket>>,
}

impl RuleIndex {
    /// Validates and indexes `rules`, whose courses must be in `catalogue`.
    pub fn new(rules: Vec<Rule>, catalogue: &Catalogue) -> Result<Self> {
        check_batch_len(rules.len())?;
        let mut index = Self::default();
        for rule in rules {
            index.insert(rule, catalogue)?;
        }
        Ok(index)
    }

    /// Validates and adds one rule; a repeated id is an already-exists error.
    pub fn insert(&mut self, rule: Rule, catalogue: &Catalogue) -> Result<()> {
        rule.validate()?;
        catalogue.course(&rule.course_id)?;
        if self.ids.contains_key(&rule.id) {
            return Err(Error::already_exists(RecordKind::Rule, &rule.id));
        }
        let at = self.rules.len();
        let bucket = match &rule.scope {
            Scope::Company => &mut self.company,
            Scope::Location { location } => self.by_location.entry(folded(location)).or_default(),
            Scope::Department { department } => {
                self.by_department.entry(folded(department)).or_default()
            }
            Scope::LocationAndDepartment {
                location,
                department,
            } => self
                .by_location_and_department
                .entry(folded(location))
                .or_default()
                .entry(folded(department))
                .or_default(),
        };
        bucket.push(at);
        self.ids.insert(rule.id.clone(), at);
        self.rules.push(rule);
        Ok(())
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.ids.get(id).and_then(|&at| self.rules.get(at))
    }

    /// The rules whose scope `person` is in: company-wide first, then by
    /// location, by department, and by both, each in insertion order.
    pub fn matching<'s>(&'s self, person: &Person) -> impl Iterator<Item = &'s Rule> + 's {
        let location = person.location.as_deref().map(folded);
        let department = person.department.as_deref().map(folded);
        let both = location
            .as_deref()
            .zip(department.as_deref())
            .and_then(|(l, d)| self.by_location_and_department.get(l)?.get(d));
        let buckets = [
            Some(&self.company),
            location.and_then(|l| self.by_location.get(&l)),
            department.and_then(|d| self.by_department.get(&d)),
            both,
        ];
        buckets
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|&at| self.rules.get(at))
    }
}

/// The seats the rules give `people` on `today`, when they are registered
/// or have moved to another location or department: one per course of each
/// rule that [covers](Rule::covers) them, none where they hold an open seat
/// for the course (also when two rules give one course), none to inactive
/// people.
pub fn apply_rules(
    index: &RuleIndex,
    people: &[Person],
    seats: &mut SeatIndex,
    today: Day,
) -> Result<Vec<NewSeat>> {
    index_people(people)?;
    let mut given = Vec::new();
    for person in people.iter().filter(|p| p.active) {
        for rule in index.matching(person).filter(|r| r.joins(person)) {
            let source = || SeatSource::Rule(rule.id.clone());
            given.extend(seats.give(&person.id, &rule.course_id, source, today));
        }
    }
    Ok(given)
}

/// Applies the rule `rule_id` on `today` to every person in its scope,
/// whenever they were registered, with a result per person in scope.
/// With `credit_within`, a person who completed the course that recently
/// (on or after `today` − `credit_within`) is credited and gets no seat.
pub fn backfill(
    index: &RuleIndex,
    rule_id: &str,
    credit_within: Option<Period>,
    people: &[Person],
    seats: &mut SeatIndex,
    today: Day,
) -> Result<Allocation> {
    validate::id("rule_id", rule_id)?;
    let rule = index
        .get(rule_id)
        .ok_or_else(|| Error::not_found(RecordKind::Rule, rule_id))?;
    if let Some(period) = credit_within {
        period.validate("credit_within")?;
    }
    index_people(people)?;
    let credited_since = credit_within.map(|period| period.before(today).unwrap_or(Day::first()));
    let course_id = rule.course_id.as_str();
    let mut allocation = Allocation::default();
    for person in people.iter().filter(|p| rule.scope.matches(p)) {
        let id = person.id.as_str();
        let credited = credited_since
            .zip(seats.last_completed(id, course_id))
            .is_some_and(|(since, completed)| completed >= since);
        if !person.active {
            allocation.skip(id, Outcome::InactivePerson);
        } else if seats.has_open(id, course_id) {
            allocation.skip(id, Outcome::AlreadyAllocated);
        } else if credited {
            allocation.skip(id, Outcome::RecentlyCompleted);
        } else {
            let source = || SeatSource::Rule(rule.id.clone());
            let seat = seats.give(id, course_id, source, today);
            allocation.record(id, seat, Outcome::AlreadyAllocated);
        }
    }
    Ok(allocation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::fixtures::{course, day, person, seat};
    use crate::model::{Course, SeatState};

    fn courses() -> Vec<Course> {
        vec![course("c1"), course("c2"), course("c3")]
    }

    fn rule(id: &str, course_id: &str, scope: Scope, created_on: &str) -> Rule {
        Rule {
            id: id.into(),
            course_id: course_id.into(),
            scope,
            created_on: day(created_on),
        }
    }

    fn location(l: &str) -> Scope {
        Scope::Location { location: l.into() }
    }

    fn department(d: &str) -> Scope {
        Scope::Department {
            department: d.into(),
        }
    }

    fn team(l: &str, d: &str) -> Scope {
        Scope::LocationAndDepartment {
            location: l.into(),
            department: d.into(),
        }
    }

    fn rules() -> Vec<Rule> {
        vec![
            rule("all", "c1", Scope::Company, "2026-01-01"),
            rule("london", "c2", location("London"), "2026-01-01"),
            rule("it", "c3", department("IT"), "2026-01-01"),
            rule("london-it", "c2", team("London", "IT"), "2026-01-01"),
            rule("leeds-it", "c3", team("Leeds", "IT"), "2026-01-02"),
        ]
    }

    fn index(courses: &[Course]) -> RuleIndex {
        RuleIndex::new(rules(), &Catalogue::new(courses, &[]).unwrap()).unwrap()
    }

    fn rule_ids<'a>(index: &'a RuleIndex, person: &'a Person) -> Vec<&'a str> {
        index.matching(person).map(|r| r.id.as_str()).collect()
    }

    fn given(seats: &[NewSeat]) -> Vec<(&str, &str, &SeatSource)> {
        seats
            .iter()
            .map(|s| (s.person_id.as_str(), s.course_id.as_str(), &s.source))
            .collect()
    }

    #[test]
    fn matching_touches_only_the_person_scopes() {
        let courses = courses();
        let index = index(&courses);
        let london_it = person("p1", Some("London"), Some("IT"));
        assert_eq!(
            rule_ids(&index, &london_it),
            ["all", "london", "it", "london-it"]
        );
        let leeds_sales = person("p2", Some("Leeds"), Some("Sales"));
        assert_eq!(rule_ids(&index, &leeds_sales), ["all"]);
        let nowhere = person("p3", None, Some("IT"));
        assert_eq!(rule_ids(&index, &nowhere), ["all", "it"]);
        assert_eq!(index.get("it").map(|r| &r.scope), Some(&department("IT")));
        assert_eq!(index.get("nope"), None);
    }

    #[test]
    fn scopes_match_ignoring_case_and_surrounding_spaces() {
        let courses = courses();
        let index = index(&courses);
        let typed = person("p1", Some(" london"), Some("it "));
        assert_eq!(
            rule_ids(&index, &typed),
            ["all", "london", "it", "london-it"]
        );
        assert!(location("LONDON").matches(&typed));
        assert!(team(" London ", "It").matches(&typed));
        assert!(!location("Londonderry").matches(&typed));
        let unicode = person("p2", Some("ÅRHUS"), None);
        assert!(location("århus").matches(&unicode));
        assert_eq!(unicode.location.as_deref(), Some("ÅRHUS"), "stored as sent");
    }

    #[test]
    fn a_move_counts_as_registration_for_the_scope_joined() {
        let courses = courses();
        let index = index(&courses);
        let rule = |id: &str| SeatSource::Rule(id.into());
        // Registered long before every rule; moved to London IT on the 5th.
        let mut mover = person("p1", Some("London"), Some("IT"));
        mover.registered_on = day("2020-03-01");
        mover.location_since = Some(day("2026-01-05"));
        let got = apply_rules(
            &index,
            std::slice::from_ref(&mover),
            &mut SeatIndex::default(),
            day("2026-01-05"),
        )
        .unwrap();
        // London's rule applies; the company's and IT's do not (the person
        // joined the company and the department in 2020).
        assert_eq!(given(&got), [("p1", "c2", &rule("london"))]);
        // Joining both scopes: the later of the two moves counts.
        mover.department_since = Some(day("2025-06-01"));
        assert_eq!(team("London", "IT").joined_on(&mover), day("2026-01-05"));
        assert_eq!(Scope::Company.joined_on(&mover), day("2020-03-01"));
        // A move recorded before the registration counts from registration.
        mover.location_since = Some(day("2019-01-01"));
        assert_eq!(location("London").joined_on(&mover), day("2020-03-01"));
    }

    #[test]
    fn index_rejects_bad_rules() {
        let courses = courses();
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let build = |rules: Vec<Rule>| RuleIndex::new(rules, &catalogue).err();
        assert_eq!(
            build(vec![rule("r", "c9", Scope::Company, "2026-01-01")]),
            Some(Error::not_found(RecordKind::Course, "c9"))
        );
        assert_eq!(
            build(vec![
                rule("r", "c1", Scope::Company, "2026-01-01"),
                rule("r", "c2", Scope::Company, "2026-01-01"),
            ]),
            Some(Error::already_exists(RecordKind::Rule, "r"))
        );
        assert_eq!(
            build(vec![rule("r", "c1", team("London", " "), "2026-01-01")])
                .map(|e| e.to_string())
                .as_deref(),
            Some("invalid rule.scope.department: must not be blank")
        );
        assert_eq!(
            build(vec![rule("", "c1", Scope::Company, "2026-01-01")]).map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
    }

    #[test]
    fn registration_gives_one_seat_per_course_from_rules_created_by_then() {
        let courses = courses();
        let index = index(&courses);
        let mut seats = SeatIndex::default();
        let today = day("2026-01-01");
        let people = [
            person("p1", Some("London"), Some("IT")),
            person("p2", Some("Leeds"), Some("IT")),
        ];
        let got = apply_rules(&index, &people, &mut seats, today).unwrap();
        let rule = |id: &str| SeatSource::Rule(id.into());
        assert_eq!(
            given(&got),
            [
                ("p1", "c1", &rule("all")),
                ("p1", "c2", &rule("london")),
                ("p1", "c3", &rule("it")),
                ("p2", "c1", &rule("all")),
                ("p2", "c3", &rule("it")),
            ]
        );
        assert!(got.iter().all(|s| s.given_on == today));
        assert_eq!(apply_rules(&index, &people, &mut seats, today), Ok(vec![]));
    }

    #[test]
    fn registration_before_the_rule_or_inactive_gets_nothing() {
        let courses = courses();
        let index = index(&courses);
        let mut seats = SeatIndex::default();
        let mut early = person("p1", Some("Leeds"), Some("IT"));
        early.registered_on = day("2025-12-31");
        let mut same_day = person("p2", Some("Leeds"), Some("IT"));
        same_day.registered_on = day("2026-01-02");
        let mut gone = person("p3", Some("Leeds"), Some("IT"));
        gone.active = false;
        let people = [early, same_day, gone];
        let got = apply_rules(&index, &people, &mut seats, day("2026-01-02")).unwrap();
        let rule = |id: &str| SeatSource::Rule(id.into());
        assert_eq!(
            given(&got),
            [("p2", "c1", &rule("all")), ("p2", "c3", &rule("it"))]
        );
    }

    #[test]
    fn a_move_adds_the_new_scope_courses() {
        let courses = courses();
        let index = index(&courses);
        let mut seats = SeatIndex::default();
        let mut p1 = person("p1", Some("Leeds"), Some("Sales"));
        let today = day("2026-01-05");
        assert_eq!(
            apply_rules(&index, std::slice::from_ref(&p1), &mut seats, today)
                .unwrap()
                .len(),
            1
        );
        p1.location = Some("London".into());
        let got = apply_rules(&index, std::slice::from_ref(&p1), &mut seats, today).unwrap();
        assert_eq!(
            given(&got),
            [("p1", "c2", &SeatSource::Rule("london".into()))]
        );
    }

    #[test]
    fn backfill_reports_each_person_in_scope() {
        let courses = courses();
        let index = index(&courses);
        let mut recent = seat("s1", "recent", "c2", SeatState::Completed);
        recent.completed_on = Some(day("2025-07-01"));
        let mut old = seat("s2", "old", "c2", SeatState::Completed);
        old.completed_on = Some(day("2025-06-30"));
        let open = seat("s3", "open", "c2", SeatState::Allocated);
        let mut seats = SeatIndex::new(&[recent, old, open]).unwrap();
        let mut gone = person("gone", Some("London"), None);
        gone.active = false;
        let people = [
            person("recent", Some("London"), None),
            person("old", Some("London"), None),
            person("open", Some("London"), None),
            gone,
            person("leeds", Some("Leeds"), None),
        ];
        let today = day("2026-01-01");
        let got = backfill(
            &index,
            "london",
            Some(Period::months(6)),
            &people,
            &mut seats,
            today,
        )
        .unwrap();
        let outcomes: Vec<(&str, Outcome)> = got
            .results
            .iter()
            .map(|r| (r.person_id.as_str(), r.outcome))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("recent", Outcome::RecentlyCompleted),
                ("old", Outcome::Allocated),
                ("open", Outcome::AlreadyAllocated),
                ("gone", Outcome::InactivePerson),
            ]
        );
        assert_eq!(
            given(&got.seats),
            [("old", "c2", &SeatSource::Rule("london".into()))]
        );
        let again = backfill(&index, "london", None, &people, &mut seats, today).unwrap();
        assert_eq!(
            again.results.iter().map(|r| r.outcome).collect::<Vec<_>>(),
            [
                Outcome::Allocated,
                Outcome::AlreadyAllocated,
                Outcome::AlreadyAllocated,
                Outcome::InactivePerson,
            ]
        );
    }

    #[test]
    fn backfill_checks_its_input() {
        let courses = courses();
        let index = index(&courses);
        let mut seats = SeatIndex::default();
        let today = day("2026-01-01");
        let people = [person("p1", None, None)];
        assert_eq!(
            backfill(&index, "nope", None, &people, &mut seats, today).err(),
            Some(Error::not_found(RecordKind::Rule, "nope"))
        );
        let too_long = Some(Period::years(11));
        assert_eq!(
            backfill(&index, "all", too_long, &people, &mut seats, today)
                .err()
                .map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(seats, SeatIndex::default());
    }
}
