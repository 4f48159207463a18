//! Benchmarks of the readiness rule (SPEC §9); run by `make bench`.
//!
//! 100,000 people against 50 requirements over 1,000,000 licences (ten a
//! person on average, of 60 types, the 20 that requirements name most
//! often held most), with requirements scoped to the company, a location,
//! a department, both, a role and a position; some licences pending,
//! rejected, superseded, expired or never expiring. Checked in one
//! `Requirements::check_batch` call, scoping each person as the tracker
//! does (`Requirements::applying_to`), and reported as (person,
//! requirement) checks a second: the sum over people of the requirements
//! that apply to them, over the time of the call.

use std::hint::black_box;
use std::time::{Duration, Instant};

use licence_core::expiry::Window;
use licence_core::model::{Approval, Person, Role};
use licence_core::readiness::{Held, Requirement, RequirementScope, Requirements};
use licence_core::{Day, Error};

const PEOPLE: usize = 100_000;
const LICENCES: usize = 1_000_000;
const TYPES: usize = 60;
/// The types requirements name most, and that people hold most.
const COMMON_TYPES: usize = 20;
const REQUIREMENTS: usize = 50;
const LOCATIONS: usize = 50;
const DEPARTMENTS: usize = 40;
const POSITIONS: usize = 12;
const ROUNDS: usize = 5;

/// A deterministic stream of pseudo-random numbers (xorshift).
struct Spread(u64);

impl Spread {
    fn next(&mut self, modulus: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % modulus as u64) as usize
    }
}

fn type_id(n: usize) -> String {
    format!("type-{n:02}")
}

/// 50 requirements: 4 company-wide, 12 of a location, 10 of a department,
/// 8 of a location and department, 4 of a role, 12 of a position; one to
/// three alternative types each.
fn requirements() -> Vec<Requirement> {
    let mut spread = Spread(0x2545_F491_4F6C_DD1D);
    (0..REQUIREMENTS)
        .map(|i| {
            let location = format!("Site {}", spread.next(LOCATIONS));
            let department = format!("team {}", spread.next(DEPARTMENTS));
            let scope = match i {
                0..4 => RequirementScope::Company,
                4..16 => RequirementScope::Location { location },
                16..26 => RequirementScope::Department { department },
                26..34 => RequirementScope::LocationAndDepartment {
                    location,
                    department,
                },
                34..38 => RequirementScope::Role {
                    role: [Role::Manager, Role::Administrator, Role::Trainer][i % 3],
                },
                _ => RequirementScope::Position {
                    position: format!("position-{}", i % POSITIONS),
                },
            };
            let first = spread.next(COMMON_TYPES);
            let type_ids = (0..1 + i % 3)
                .map(|k| {
                    type_id(if k == 2 {
                        (first + 29) % TYPES
                    } else {
                        (first + 7 * k) % COMMON_TYPES
                    })
                })
                .collect();
            Requirement {
                id: format!("requirement-{i:02}"),
                name: format!("Requirement {i}"),
                scope,
                type_ids,
            }
        })
        .collect()
}

/// Person `i`: a location and department (spelt in other cases than the
/// requirements, as hosts send them), a role, and none to three positions.
fn person(i: usize, spread: &mut Spread) -> Person {
    let role = if i % 5000 == 0 {
        Role::Administrator
    } else if i % 199 == 1 {
        Role::Manager
    } else if i % 97 == 3 {
        Role::Trainer
    } else {
        Role::Delegate
    };
    let mut positions: Vec<String> = Vec::new();
    for _ in 0..spread.next(4) {
        let position = format!("position-{}", spread.next(POSITIONS));
        if !positions.contains(&position) {
            positions.push(position);
        }
    }
    Person {
        positions,
        line_manager: None,
        id: format!("p{i:06}"),
        name: format!("Person {i}"),
        email: None,
        location: Some(format!("site {}", i % LOCATIONS)),
        department: Some(format!("Team {}", (i / LOCATIONS) % DEPARTMENTS)),
        roles: vec![role],
        registered_on: Day::first(),
        active: true,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

/// The licences, each with its holder's index: expiries from two years
/// back to three years ahead, one in twenty never expiring; 3% pending, 1%
/// rejected, 5% superseded.
fn licences<'t>(types: &'t [String], today: Day) -> Vec<(u32, Held<'t>)> {
    let mut spread = Spread(0x9E37_79B9_7F4A_7C15);
    (0..LICENCES)
        .map(|_| {
            let holder = spread.next(PEOPLE) as u32;
            let kind = if spread.next(10) < 7 {
                spread.next(COMMON_TYPES)
            } else {
                COMMON_TYPES + spread.next(TYPES - COMMON_TYPES)
            };
            let expiry =
                (spread.next(20) != 0).then(|| today.plus_days(spread.next(1826) as i32 - 730));
            let approval = match spread.next(100) {
                0..3 => Approval::Pending,
                3 => Approval::Rejected,
                _ => Approval::Approved,
            };
            let held = Held {
                type_id: &types[kind],
                expiry,
                approval,
                superseded: spread.next(20) == 0,
            };
            (holder, held)
        })
        .collect()
}

/// The fastest of `ROUNDS` runs of `f`, and its last value.
fn fastest<T>(mut f: impl FnMut() -> Result<T, Error>) -> Result<(Duration, T), Error> {
    let mut best = Duration::MAX;
    let mut value = None;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let v = black_box(f()?);
        best = best.min(started.elapsed());
        value = Some(v);
    }
    Ok((best, value.ok_or_else(|| Error::internal("no rounds"))?))
}

fn main() -> Result<(), Error> {
    let today = Day::parse("today", "2026-06-01")?;
    let window = Window::default();
    let types: Vec<String> = (0..TYPES).map(type_id).collect();
    let requirements = requirements();
    let mut spread = Spread(0xD1B5_4A32_D192_ED03);
    let people: Vec<Person> = (0..PEOPLE).map(|i| person(i, &mut spread)).collect();
    let licences = licences(&types, today);

    let started = Instant::now();
    let set = Requirements::new(&requirements)?;
    let indexing = started.elapsed();
    let (time, batch) = fastest(|| {
        set.check_batch(
            black_box(&people),
            |p| set.applying_to(p),
            black_box(&licences),
            today,
            window,
        )
    })?;
    let checks = batch.checks.len();
    let ready = batch.people.iter().filter(|(_, ready)| *ready).count();
    let clear = batch.checks.iter().filter(|c| c.clears()).count();
    let (scoping, applicable) = fastest(|| {
        Ok(people
            .iter()
            .map(|p| set.applying_to(black_box(p)).len())
            .sum::<usize>())
    })?;
    debug_assert_eq!(applicable, checks);
    // The same licences in holder order, as a store reading them holder by
    // holder returns them: the batch's sort by holder reads and writes in
    // order rather than all over its output.
    let mut in_order = licences.clone();
    in_order.sort_by_key(|(holder, _)| *holder);
    let (ordered, ordered_batch) = fastest(|| {
        set.check_batch(
            black_box(&people),
            |p| set.applying_to(p),
            black_box(&in_order),
            today,
            window,
        )
    })?;
    let ordered_ready = ordered_batch.people.iter().filter(|(_, r)| *r).count();
    if ordered_batch.checks.len() != checks || ordered_ready != ready {
        return Err(Error::internal(
            "the order of the licences changed the answer",
        ));
    }
    println!(
        "readiness: {PEOPLE} people against {REQUIREMENTS} requirements over {LICENCES} licences in no order (pure rule, one batch): {:.1} ms, {:.1} M (person, requirement) pairs decided a second; {:.1} M checks/s of the requirements that apply ({checks} checks, {:.1} a person; {clear} met or expiring; {ready} people ready); scoping the people alone {:.1} ms; indexing the requirements {:.1} µs",
        time.as_secs_f64() * 1e3,
        (PEOPLE * REQUIREMENTS) as f64 / time.as_secs_f64() / 1e6,
        checks as f64 / time.as_secs_f64() / 1e6,
        checks as f64 / PEOPLE as f64,
        scoping.as_secs_f64() * 1e3,
        indexing.as_secs_f64() * 1e6,
    );
    println!(
        "readiness: the same licences in holder order: {:.1} ms, {:.1} M checks/s; {:.2}x the time in no order",
        ordered.as_secs_f64() * 1e3,
        checks as f64 / ordered.as_secs_f64() / 1e6,
        ordered.as_secs_f64() / time.as_secs_f64(),
    );
    Ok(())
}
