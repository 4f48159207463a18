//! Properties of course allocation over arbitrary sequences of registrations,
//! moves, backfills, manual allocations, completions and revocations.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;

use licence_core::allocation::{
    Catalogue, NewSeat, Rule, RuleIndex, Scope, SeatIndex, allocate, apply_rules, backfill,
    complete_course,
};
use licence_core::expiry::Window;
use licence_core::model::{Course, Person, Seat, SeatSource, SeatState};
use licence_core::{Day, Period};
use proptest::prelude::*;

const LOCATIONS: [&str; 3] = ["London", "Leeds", "York"];
const DEPARTMENTS: [&str; 3] = ["IT", "Sales", "Ops"];
const COURSES: usize = 4;
const PEOPLE: usize = 6;

fn day(offset: u16) -> Day {
    Day::parse("t", "2026-01-01")
        .unwrap()
        .plus_days(i32::from(offset))
}

fn courses() -> Vec<Course> {
    (0..COURSES)
        .map(|i| Course {
            id: format!("c{i}"),
            title: format!("Course {i}"),
            issues_type_id: None,
            validity: None,
        })
        .collect()
}

/// A location or department as a host might type it: as listed, in lower
/// case, or in upper case with spaces around.
type Spelt = (usize, u8);

fn spell(names: &[&str], (at, how): Spelt) -> String {
    match how {
        0 => names[at].to_owned(),
        1 => names[at].to_lowercase(),
        _ => format!("  {} ", names[at].to_uppercase()),
    }
}

fn spelt(names: usize) -> impl Strategy<Value = Spelt> {
    (0..names, 0u8..3)
}

fn place() -> impl Strategy<Value = (Option<Spelt>, Option<Spelt>)> {
    (
        proptest::option::of(spelt(LOCATIONS.len())),
        proptest::option::of(spelt(DEPARTMENTS.len())),
    )
}

/// The model's comparison of places: trimmed, in lower case.
fn same(a: &Option<String>, b: &str) -> bool {
    a.as_ref()
        .is_some_and(|a| a.trim().to_lowercase() == b.trim().to_lowercase())
}

/// The model's answer: whether `rule` gives its course to `person` when
/// they register or move, from the days they joined their places.
fn model_covers(rule: &Rule, person: &Person) -> bool {
    let since =
        |day: Option<Day>| day.map_or(person.registered_on, |d| d.max(person.registered_on));
    let (at_location, in_department) =
        (since(person.location_since), since(person.department_since));
    let (matches, joined) = match &rule.scope {
        Scope::Company => (true, person.registered_on),
        Scope::Location { location } => (same(&person.location, location), at_location),
        Scope::Department { department } => (same(&person.department, department), in_department),
        Scope::LocationAndDepartment {
            location,
            department,
        } => (
            same(&person.location, location) && same(&person.department, department),
            at_location.max(in_department),
        ),
    };
    person.active && matches && rule.created_on <= joined
}

fn scope() -> impl Strategy<Value = Scope> {
    let location = (0..LOCATIONS.len()).prop_map(|l| LOCATIONS[l].to_owned());
    let department = (0..DEPARTMENTS.len()).prop_map(|d| DEPARTMENTS[d].to_owned());
    prop_oneof![
        Just(Scope::Company),
        location
            .clone()
            .prop_map(|location| Scope::Location { location }),
        department
            .clone()
            .prop_map(|department| Scope::Department { department }),
        (location, department).prop_map(|(location, department)| {
            Scope::LocationAndDepartment {
                location,
                department,
            }
        }),
    ]
}

fn rules() -> impl Strategy<Value = Vec<Rule>> {
    proptest::collection::vec((0..COURSES, scope(), 0u16..30), 0..10).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (course, scope, created))| Rule {
                id: format!("r{i}"),
                course_id: format!("c{course}"),
                scope,
                created_on: day(created),
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Op {
    Register {
        person: usize,
        place: (Option<Spelt>, Option<Spelt>),
        registered: u16,
        active: bool,
    },
    Move {
        person: usize,
        place: (Option<Spelt>, Option<Spelt>),
    },
    Deactivate(usize),
    Backfill {
        rule: usize,
        credit_days: Option<u16>,
    },
    Allocate {
        course: usize,
        people: Vec<usize>,
    },
    Complete {
        person: usize,
        course: usize,
    },
    Revoke {
        person: usize,
        course: usize,
    },
    Reload,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..PEOPLE, place(), 0u16..40, proptest::bool::weighted(0.8)).prop_map(
            |(person, place, registered, active)| Op::Register {
                person,
                place,
                registered,
                active
            }
        ),
        (0..PEOPLE, place()).prop_map(|(person, place)| Op::Move { person, place }),
        (0..PEOPLE).prop_map(Op::Deactivate),
        (0..10usize, proptest::option::of(0u16..60))
            .prop_map(|(rule, credit_days)| Op::Backfill { rule, credit_days }),
        (0..COURSES, proptest::collection::vec(0..PEOPLE + 1, 0..4))
            .prop_map(|(course, people)| Op::Allocate { course, people }),
        (0..PEOPLE, 0..COURSES).prop_map(|(person, course)| Op::Complete { person, course }),
        (0..PEOPLE, 0..COURSES).prop_map(|(person, course)| Op::Revoke { person, course }),
        Just(Op::Reload),
    ]
}

/// What a tracker would keep: people, every seat ever given, and the index.
struct World {
    today: u16,
    rules: Vec<Rule>,
    people: Vec<Person>,
    ledger: Vec<Seat>,
    seats: SeatIndex,
}

impl World {
    fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    fn store(&mut self, given: Vec<NewSeat>) {
        for seat in given {
            let person = self.person(&seat.person_id).unwrap();
            assert!(person.active, "inactive {} got {seat:?}", person.id);
            let id = format!("s{}", self.ledger.len());
            self.ledger.push(seat.into_seat(id).unwrap());
        }
    }

    fn open_seat(&self, person: usize, course: usize) -> Option<usize> {
        let (p, c) = (format!("p{person}"), format!("c{course}"));
        self.ledger
            .iter()
            .position(|s| s.person_id == p && s.course_id == c && s.state == SeatState::Allocated)
    }

    fn assert_one_open_seat_per_course(&self) {
        let mut open: HashMap<(&str, &str), usize> = HashMap::new();
        for seat in self
            .ledger
            .iter()
            .filter(|s| s.state == SeatState::Allocated)
        {
            *open.entry((&seat.person_id, &seat.course_id)).or_default() += 1;
        }
        assert!(open.values().all(|&n| n == 1), "{open:?}");
    }

    fn set_person(&mut self, person: Person) {
        match self.people.iter_mut().find(|p| p.id == person.id) {
            Some(slot) => *slot = person,
            None => self.people.push(person),
        }
    }

    /// Registers or updates `person` and applies the rules to them: every
    /// seat given is from a rule the model says covers them, and every such
    /// rule's course is then open for them.
    fn evaluate(&mut self, index: &RuleIndex, person: Person) {
        self.set_person(person.clone());
        let people = std::slice::from_ref(&person);
        let given = apply_rules(index, people, &mut self.seats, day(self.today)).unwrap();
        for seat in &given {
            let SeatSource::Rule(rule_id) = &seat.source else {
                panic!("a rule gave {seat:?}");
            };
            let rule = index.get(rule_id).unwrap();
            assert!(
                model_covers(rule, &person),
                "{rule:?} gave a seat to {person:?}"
            );
        }
        self.store(given);
        let index_of = |id: &str| id[1..].parse::<usize>().unwrap();
        for rule in self.rules.iter().filter(|r| model_covers(r, &person)) {
            let open = self.open_seat(index_of(&person.id), index_of(&rule.course_id));
            assert!(open.is_some(), "{rule:?} gave {person:?} nothing");
        }
    }

    fn apply(&mut self, op: Op, index: &RuleIndex, catalogue: &Catalogue) {
        self.today += 1;
        let today = day(self.today);
        match op {
            Op::Register {
                person,
                place,
                registered,
                active,
            } => {
                let record = Person {
                    positions: Vec::new(),
                    line_manager: None,
                    id: format!("p{person}"),
                    name: format!("Person {person}"),
                    email: None,
                    location: place.0.map(|l| spell(&LOCATIONS, l)),
                    department: place.1.map(|d| spell(&DEPARTMENTS, d)),
                    roles: Vec::new(),
                    registered_on: day(registered),
                    active,
                    department_since: Default::default(),
                    fields: Default::default(),
                    location_since: Default::default(),
                };
                self.evaluate(index, record);
            }
            Op::Move { person, place } => {
                if let Some(found) = self.person(&format!("p{person}")) {
                    // As the tracker dates a move: today where the place
                    // changed (not only its spelling), else as it was.
                    let mut moved = found.clone();
                    moved.location = place.0.map(|l| spell(&LOCATIONS, l));
                    moved.department = place.1.map(|d| spell(&DEPARTMENTS, d));
                    let dated = |old: &Option<String>, new: &Option<String>, was| match new {
                        None => None,
                        Some(new) if same(old, new) => was,
                        Some(_) => Some(today),
                    };
                    moved.location_since =
                        dated(&found.location, &moved.location, found.location_since);
                    moved.department_since =
                        dated(&found.department, &moved.department, found.department_since);
                    self.evaluate(index, moved);
                }
            }
            Op::Deactivate(person) => {
                if let Some(found) = self.person(&format!("p{person}")) {
                    let mut gone = found.clone();
                    gone.active = false;
                    self.set_person(gone);
                }
            }
            Op::Backfill { rule, credit_days } => {
                let Some(rule) = index.get(&format!("r{rule}")) else {
                    return;
                };
                let credit = credit_days.map(Period::days);
                let done = backfill(
                    index,
                    &rule.id,
                    credit,
                    &self.people,
                    &mut self.seats,
                    today,
                );
                self.store(done.unwrap().seats);
            }
            Op::Allocate { course, people } => {
                let ids: Vec<String> = people.iter().map(|p| format!("p{p}")).collect();
                let course = format!("c{course}");
                let done = allocate(
                    catalogue,
                    &course,
                    &ids,
                    &self.people,
                    &mut self.seats,
                    today,
                );
                self.store(done.unwrap().seats);
            }
            Op::Complete { person, course } => {
                if let Some(at) = self.open_seat(person, course) {
                    let done = complete_course(
                        catalogue,
                        &self.ledger[at],
                        today,
                        &[],
                        &mut self.seats,
                        Window::default(),
                    );
                    self.ledger[at] = done.unwrap().seat;
                }
            }
            Op::Revoke { person, course } => {
                if let Some(at) = self.open_seat(person, course) {
                    self.ledger[at].state = SeatState::Revoked;
                    self.seats = SeatIndex::new(&self.ledger).unwrap();
                }
            }
            Op::Reload => self.seats = SeatIndex::new(&self.ledger).unwrap(),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever happens, no person holds two open seats for one course,
    /// inactive people get no seats, and registering or moving gives the
    /// seats of exactly the rules created on or before the day the person
    /// joined the rule's scope, places compared ignoring case and spaces.
    #[test]
    fn sequences_keep_the_allocation_invariants(
        rules in rules(),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let courses = courses();
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let index = RuleIndex::new(rules.clone(), &catalogue).unwrap();
        let mut world = World {
            today: 0,
            rules,
            people: Vec::new(),
            ledger: Vec::new(),
            seats: SeatIndex::default(),
        };
        for op in ops {
            world.apply(op, &index, &catalogue);
            world.assert_one_open_seat_per_course();
        }
    }

    /// The scope index finds exactly the rules a scan of every rule finds,
    /// no more and no fewer.
    #[test]
    fn index_matches_a_scan(rules in rules(), place in place()) {
        let courses = courses();
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let index = RuleIndex::new(rules.clone(), &catalogue).unwrap();
        let person = Person {
            positions: Vec::new(),
            line_manager: None,
            id: "p".into(),
            name: "P".into(),
            email: None,
            location: place.0.map(|l| spell(&LOCATIONS, l)),
            department: place.1.map(|d| spell(&DEPARTMENTS, d)),
            roles: Vec::new(),
            registered_on: day(0),
            active: true,
            department_since: Default::default(),
            fields: Default::default(),
            location_since: Default::default(),
        };
        let mut found: Vec<&str> = index.matching(&person).map(|r| r.id.as_str()).collect();
        let mut scanned: Vec<&str> = rules
            .iter()
            .filter(|r| r.scope.matches(&person))
            .map(|r| r.id.as_str())
            .collect();
        found.sort_unstable();
        scanned.sort_unstable();
        prop_assert_eq!(found, scanned);
    }
}
