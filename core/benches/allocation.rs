//! Benchmarks of allocation rules; run by `make bench`.
//!
//! Indexes 10,000 rules over 50 locations × 40 departments (a few
//! company-wide, some per location, some per department, most per team) and
//! registers 100,000 people through them in batches of 1,000, the way a host
//! imports staff: each batch starts from an empty seat index, since new
//! people hold no seats yet. Then again with the people's locations and
//! departments typed in other cases and with spaces around (as hosts send
//! them), which must give the same seats at nearly the same speed.

use std::hint::black_box;
use std::time::Instant;

use licence_core::Day;
use licence_core::allocation::{Catalogue, Rule, RuleIndex, Scope, SeatIndex, apply_rules};
use licence_core::model::{Course, Person};

const LOCATIONS: usize = 50;
const DEPARTMENTS: usize = 40;
const COURSES: usize = 300;
const RULES: usize = 10_000;
const PEOPLE: usize = 100_000;
const BATCH: usize = 1_000;

fn day(offset: usize) -> Day {
    Day::first().plus_days(738_000 + (offset % 730) as i32)
}

/// A cheap deterministic spread (Knuth's multiplicative hash).
fn spread(i: usize, modulus: usize) -> usize {
    (i.wrapping_mul(2_654_435_761) >> 7) % modulus
}

fn courses() -> Vec<Course> {
    (0..COURSES)
        .map(|i| Course {
            id: format!("course-{i}"),
            title: format!("Course {i}"),
            issues_type_id: None,
            validity: None,
        })
        .collect()
}

fn scope(i: usize) -> Scope {
    let location = format!("location-{}", spread(i, LOCATIONS));
    let department = format!("department-{}", spread(i + 1, DEPARTMENTS));
    match i % 100 {
        0 if i < 500 => Scope::Company,
        0..=4 => Scope::Location { location },
        5..=9 => Scope::Department { department },
        _ => Scope::LocationAndDepartment {
            location,
            department,
        },
    }
}

fn rules() -> Vec<Rule> {
    (0..RULES)
        .map(|i| Rule {
            id: format!("rule-{i}"),
            course_id: format!("course-{}", spread(i + 7, COURSES)),
            scope: scope(i),
            created_on: day(spread(i + 3, 730)),
        })
        .collect()
}

fn person(i: usize) -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: format!("person-{i}"),
        name: format!("Person {i}"),
        email: None,
        location: Some(format!("location-{}", i % LOCATIONS)),
        department: Some(format!("department-{}", (i / LOCATIONS) % DEPARTMENTS)),
        roles: Vec::new(),
        registered_on: day(spread(i, 730)),
        active: i % 20 != 0,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

/// `person(i)` with their places typed another way: in upper case, or in
/// lower case with spaces around, or as the rules spell them.
fn typed_person(i: usize) -> Person {
    let mut person = person(i);
    let retype = |place: &mut Option<String>| {
        if let Some(text) = place.as_mut() {
            *text = match i % 3 {
                0 => text.to_uppercase(),
                1 => format!("  {} ", text.to_lowercase()),
                _ => text.clone(),
            };
        }
    };
    retype(&mut person.location);
    retype(&mut person.department);
    person
}

/// The fastest of three registrations of `people` through `index`, and the
/// seats given.
fn register(index: &RuleIndex, people: &[Person], today: Day) -> Result<(f64, usize), String> {
    let mut fastest = f64::MAX;
    let mut given = 0;
    for _ in 0..3 {
        let started = Instant::now();
        given = 0;
        for batch in people.chunks(BATCH) {
            let mut seats = SeatIndex::default();
            let seats = apply_rules(black_box(index), black_box(batch), &mut seats, today)
                .map_err(|e| e.to_string())?;
            given += black_box(seats).len();
        }
        fastest = fastest.min(started.elapsed().as_secs_f64());
    }
    Ok((fastest, given))
}

fn main() {
    let courses = courses();
    let Ok(catalogue) = Catalogue::new(&courses, &[]) else {
        return eprintln!("allocation: the bench catalogue is invalid");
    };
    let started = Instant::now();
    let index = match RuleIndex::new(rules(), &catalogue) {
        Ok(index) => index,
        Err(e) => return eprintln!("allocation: the bench rules are invalid: {e}"),
    };
    let indexing = started.elapsed();
    let today = day(800);
    let people: Vec<Person> = (0..PEOPLE).map(person).collect();
    let typed: Vec<Person> = (0..PEOPLE).map(typed_person).collect();
    let (exact, given) = match register(&index, &people, today) {
        Ok(done) => done,
        Err(e) => return eprintln!("allocation: {e}"),
    };
    let (varied, given_varied) = match register(&index, &typed, today) {
        Ok(done) => done,
        Err(e) => return eprintln!("allocation: {e}"),
    };
    if given_varied != given {
        return eprintln!(
            "allocation: case-varied places gave {given_varied} seats, exact ones {given}"
        );
    }
    println!(
        "allocation: index {RULES} rules: {:.1} ms",
        indexing.as_secs_f64() * 1e3
    );
    println!(
        "allocation: register {PEOPLE} people against {RULES} rules: {:.0} ms ({:.2} µs/person, {given} seats)",
        exact * 1e3,
        exact * 1e6 / PEOPLE as f64,
    );
    println!(
        "allocation: the same people with places typed in other cases and spaces: {:.0} ms, {:.2}x (target ≤ 1.2x), the same {given} seats",
        varied * 1e3,
        varied / exact,
    );
}
