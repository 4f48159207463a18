//! A deterministic, realistic sample organisation for demos and benchmarks:
//! people across locations and departments, a catalogue of licence types, and
//! licences with renewal histories; and the demo scenario that runs a
//! tracker through it.

pub mod scenario;

use licence_core::calendar::{Day, Period};
use licence_core::model::{Licence, LicenceKind, LicenceType, Owner, Person, RenewalBasis, Role};
use licence_core::policy::{Audience, ReminderPolicy};

const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hamza", "Isla", "Jack", "Kofi", "Lena",
    "Mo", "Nia", "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tom", "Uma", "Vik", "Wen", "Yusuf",
];
const LAST_NAMES: &[&str] = &[
    "Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
    "Khan", "Lopez", "Murphy", "Novak", "Owen", "Patel", "Reid", "Smith", "Taylor", "Walsh",
];
/// Work locations of the sample organisation.
pub const LOCATIONS: &[&str] = &["Leeds", "Manchester", "Bristol", "Glasgow", "Cardiff"];
/// Departments of the sample organisation.
pub const DEPARTMENTS: &[&str] = &[
    "Warehouse",
    "Transport",
    "Maintenance",
    "Construction",
    "Office",
];

/// Positions some people of the sample organisation hold (SPEC §9).
pub const FORKLIFT_DRIVER: &str = "forklift-driver";
/// See [`FORKLIFT_DRIVER`].
pub const SCAFFOLDER: &str = "scaffolder";
/// See [`FORKLIFT_DRIVER`].
pub const FIRST_AIDER: &str = "first-aider";
/// The departments whose teams (a department at a location) have line
/// managers: each person reports to the team's latest active manager with
/// an e-mail address listed before them.
pub const LINE_MANAGED: &[&str] = &["Warehouse", "Construction"];

/// A small deterministic random source (xorshift64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A source seeded with `seed` (zero is replaced by a fixed constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A sample organisation's records.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Everyone, administrators and managers included.
    pub people: Vec<Person>,
    /// The licence catalogue.
    pub types: Vec<LicenceType>,
    /// Every licence, renewed ones (superseded) included.
    pub licences: Vec<Licence>,
}

fn licence_type(id: &str, name: &str, kind: LicenceKind, validity: Option<Period>) -> LicenceType {
    LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: id.into(),
        name: name.into(),
        kind,
        validity,
        renewal_basis: RenewalBasis::FromCompletion,
        grace_days: 0,
        policy: None,
    }
}

/// The sample licence catalogue.
pub fn catalogue() -> Vec<LicenceType> {
    let mut types = vec![
        licence_type(
            "forklift",
            "Forklift licence",
            LicenceKind::Licence,
            Some(Period::years(3)),
        ),
        licence_type(
            "first-aid",
            "First aid at work",
            LicenceKind::Certification,
            Some(Period::years(3)),
        ),
        licence_type(
            "site-induction",
            "Site induction",
            LicenceKind::Induction,
            Some(Period::years(1)),
        ),
        licence_type(
            "height",
            "Working at height",
            LicenceKind::Certification,
            Some(Period::years(2)),
        ),
        licence_type(
            "driving",
            "Driving licence",
            LicenceKind::Licence,
            Some(Period::years(10)),
        ),
        licence_type(
            "cscs",
            "CSCS card",
            LicenceKind::Qualification,
            Some(Period::years(5)),
        ),
        licence_type(
            "asbestos",
            "Asbestos awareness",
            LicenceKind::Certification,
            Some(Period::years(1)),
        ),
        licence_type(
            "ladder",
            "Ladder inspection",
            LicenceKind::Equipment,
            Some(Period::months(6)),
        ),
        licence_type("nvq", "NVQ level 2", LicenceKind::Qualification, None),
    ];
    for t in &mut types {
        match t.id.as_str() {
            "first-aid" => {
                t.renewal_basis = RenewalBasis::FromPreviousExpiry;
                t.grace_days = 28;
            }
            "ladder" => {
                t.policy = Some(ReminderPolicy {
                    leads: vec![Period::weeks(2), Period::days(0)],
                    managers: Audience::Always,
                    ..ReminderPolicy::default()
                });
            }
            _ => {}
        }
    }
    types
}

/// Generates `people` people (about one in twenty-five inactive) holding
/// several licences each, as of `today`, from `seed`.
pub fn organisation(people: usize, today: Day, seed: u64) -> Organisation {
    let mut rng = Rng::new(seed);
    let types = catalogue();
    let mut staff = Vec::with_capacity(people);
    let mut licences = Vec::new();
    for n in 0..people {
        let person = person(&mut rng, n, today);
        holdings(&mut rng, &person, &types, today, &mut licences);
        staff.push(person);
    }
    positions(&mut staff, &licences, seed);
    line_managers(&mut staff);
    Organisation {
        people: staff,
        types,
        licences,
    }
}

fn person(rng: &mut Rng, n: usize, today: Day) -> Person {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    // About one administrator per thousand people, three managers and a
    // trainer per forty.
    let roles = match (n % 1000, n % 40) {
        (0, _) => vec![Role::Administrator],
        (_, 1..=3) => vec![Role::Manager, Role::Delegate],
        (_, 4) => vec![Role::Trainer, Role::Delegate],
        _ => vec![Role::Delegate],
    };
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: format!("p{n:06}"),
        name: format!("{first} {last}"),
        email: (rng.below(10) != 0).then(|| {
            format!(
                "{}.{}{n}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            )
        }),
        location: Some((*rng.pick(LOCATIONS)).to_owned()),
        department: Some((*rng.pick(DEPARTMENTS)).to_owned()),
        roles,
        registered_on: today.plus_days(-(rng.below(3650) as i32)),
        active: rng.below(25) != 0,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

/// Gives people positions: in the warehouse, those who hold a forklift
/// licence (and a few trainees who do not) drive forklifts; about half of
/// construction are scaffolders; a third of the first-aid certificate
/// holders are the appointed first-aiders. From a random source of its
/// own, so that the records drawn before stay as they were.
fn positions(staff: &mut [Person], licences: &[Licence], seed: u64) {
    let mut rng = Rng::new(seed ^ 0x00C0_FFEE);
    let held: std::collections::HashSet<(&str, &str)> = licences
        .iter()
        .map(|l| (l.holder_id.as_str(), l.type_id.as_str()))
        .collect();
    for person in staff {
        let holds = |type_id: &str| held.contains(&(person.id.as_str(), type_id));
        let mut positions = Vec::new();
        match person.department.as_deref() {
            Some("Warehouse") if holds("forklift") || rng.below(5) == 0 => {
                positions.push(FORKLIFT_DRIVER.to_owned());
            }
            Some("Construction") if rng.below(2) == 0 => positions.push(SCAFFOLDER.to_owned()),
            _ => {}
        }
        if holds("first-aid") && rng.below(3) == 0 {
            positions.push(FIRST_AIDER.to_owned());
        }
        person.positions = positions;
    }
}

/// Gives the people of the [`LINE_MANAGED`] departments a line manager:
/// their team's latest active manager with an e-mail address before them.
fn line_managers(staff: &mut [Person]) {
    let mut latest: std::collections::HashMap<(String, String), String> =
        std::collections::HashMap::new();
    for person in staff {
        let (Some(location), Some(department)) = (&person.location, &person.department) else {
            continue;
        };
        if !LINE_MANAGED.contains(&department.as_str()) {
            continue;
        }
        let team = (location.clone(), department.clone());
        person.line_manager = latest.get(&team).cloned();
        if person.active && person.email.is_some() && person.roles.contains(&Role::Manager) {
            latest.insert(team, person.id.clone());
        }
    }
}

/// Adds a person's licences: a few types each, some with a renewal history.
fn holdings(
    rng: &mut Rng,
    person: &Person,
    types: &[LicenceType],
    today: Day,
    out: &mut Vec<Licence>,
) {
    let count = 2 + rng.below(9) as usize;
    let first = rng.below(types.len() as u64) as usize;
    for k in 0..count.min(types.len()) {
        let licence_type = &types[(first + k) % types.len()];
        let span = licence_type.validity.map_or(1500, |v| v.max_days().max(30));
        // Acquired somewhere in the last validity period (plus a little more,
        // so some have lapsed).
        let acquired = today.plus_days(-(rng.below(u64::from(span.unsigned_abs()) * 6 / 5) as i32));
        let id = format!("{}-{}", person.id, licence_type.id);
        let mut licence = Licence {
            id: id.clone(),
            holder_id: person.id.clone(),
            type_id: licence_type.id.clone(),
            reference: Some(format!(
                "{}-{:07}",
                licence_type.id.to_uppercase(),
                rng.below(10_000_000)
            )),
            issuer: Some("Example Training Ltd".into()),
            acquired: Some(acquired),
            expiry: licence_type.validity.and_then(|v| v.after(acquired)),
            notes: String::new(),
            owner: Owner::Candidate,
            renews: None,
            superseded_by: None,
            fields: Default::default(),
        };
        let older_acquired = licence_type.validity.and_then(|v| v.before(acquired));
        if let (Some(older_acquired), true) = (older_acquired, rng.below(3) == 0) {
            // An older certificate, renewed by this one.
            out.push(Licence {
                id: format!("{id}-old"),
                acquired: Some(older_acquired),
                expiry: Some(acquired),
                superseded_by: Some(id.clone()),
                ..licence.clone()
            });
            licence.renews = Some(format!("{id}-old"));
        }
        out.push(licence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_records_are_valid_and_deterministic() {
        let today = Day::parse("t", "2026-06-01").unwrap_or_else(|e| unreachable!("{e}"));
        let org = organisation(300, today, 7);
        assert_eq!(org.people.len(), 300);
        assert!(org.licences.len() > 1500, "{}", org.licences.len());
        for p in &org.people {
            assert_eq!(p.validate(), Ok(()));
        }
        for t in &org.types {
            assert_eq!(t.validate(), Ok(()));
        }
        for l in &org.licences {
            assert_eq!(l.validate(), Ok(()), "{}", l.id);
        }
        let mut ids: Vec<&str> = org.licences.iter().map(|l| l.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), org.licences.len(), "licence ids are unique");
        let again = organisation(300, today, 7);
        assert_eq!(again.licences, org.licences);
        assert_eq!(again.people, org.people);
        let with_position = |p: &str| {
            org.people
                .iter()
                .filter(|x| x.positions.iter().any(|q| q == p))
                .count()
        };
        for position in [FORKLIFT_DRIVER, SCAFFOLDER, FIRST_AIDER] {
            assert!(with_position(position) > 5, "{position}");
        }
        // A line manager is listed before the people who report to them.
        let mut seen = std::collections::HashSet::new();
        let mut managed = 0;
        for p in &org.people {
            if let Some(manager) = &p.line_manager {
                assert!(seen.contains(manager.as_str()), "{}", p.id);
                managed += 1;
            }
            seen.insert(p.id.as_str());
        }
        assert!(managed > 10, "{managed}");
    }
}
