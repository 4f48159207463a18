//! Properties of readiness (SPEC §9) over arbitrary people, requirements
//! and licences: an independent reading of the rule agrees with the engine,
//! deleting or expiring a licence never makes anyone readier, and a pending
//! licence never makes anyone ready. The tracker answers as the rule does.

#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use licence_core::Day;
use licence_core::custody::Party;
use licence_core::expiry::Window;
use licence_core::model::Owner;
use licence_core::model::{Approval, Licence, LicenceKind, LicenceType, Person, Role};
use licence_core::readiness::{
    Held, Requirement, RequirementScope, RequirementState, Requirements,
};
use licence_core::store::Page;
use licence_core::tracker::{Context, ReadinessFilter, Tracker};
use proptest::prelude::*;

const TYPES: [&str; 4] = ["fa2", "fa3", "forklift", "induction"];
const LOCATIONS: [&str; 2] = ["Leeds", "York"];
const POSITIONS: [&str; 2] = ["forklift-driver", "first-aider"];
const WINDOW: u32 = 30;

fn today() -> Day {
    Day::parse("t", "2026-06-01").unwrap()
}

/// A licence: its type, its expiry as days from today (`None`: never
/// expires), its approval, and whether a renewal superseded it.
type Drawn = (usize, Option<i16>, Approval, bool);

fn approval() -> impl Strategy<Value = Approval> {
    prop_oneof![
        6 => Just(Approval::Approved),
        1 => Just(Approval::Pending),
        1 => Just(Approval::Rejected),
    ]
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        0..TYPES.len(),
        proptest::option::weighted(0.9, -60i16..120),
        approval(),
        proptest::bool::weighted(0.1),
    )
}

fn scope() -> impl Strategy<Value = RequirementScope> {
    prop_oneof![
        Just(RequirementScope::Company),
        (0..LOCATIONS.len()).prop_map(|l| RequirementScope::Location {
            location: LOCATIONS[l].to_uppercase()
        }),
        Just(RequirementScope::Role {
            role: Role::Manager
        }),
        (0..POSITIONS.len()).prop_map(|p| RequirementScope::Position {
            position: POSITIONS[p].into()
        }),
    ]
}

fn requirements() -> impl Strategy<Value = Vec<Requirement>> {
    proptest::collection::vec(
        (
            scope(),
            proptest::sample::subsequence(TYPES.to_vec(), 1..=2),
        ),
        0..5,
    )
    .prop_map(|drawn| {
        drawn
            .into_iter()
            .enumerate()
            .map(|(i, (scope, types))| Requirement {
                id: format!("r{i}"),
                name: format!("Requirement {i}"),
                scope,
                type_ids: types.into_iter().map(str::to_owned).collect(),
            })
            .collect()
    })
}

/// A person: location, whether a manager, positions.
fn person() -> impl Strategy<Value = Person> {
    (
        0..LOCATIONS.len(),
        any::<bool>(),
        proptest::sample::subsequence(POSITIONS.to_vec(), 0..=2),
    )
        .prop_map(|(location, manager, positions)| {
            let mut person = support::person("p");
            person.location = Some(LOCATIONS[location].into());
            person.roles = if manager { vec![Role::Manager] } else { vec![] };
            person.positions = positions.into_iter().map(str::to_owned).collect();
            person
        })
}

fn held(drawn: &[Drawn]) -> Vec<Held<'static>> {
    drawn
        .iter()
        .map(|(t, expiry, approval, superseded)| Held {
            type_id: TYPES[*t],
            expiry: expiry.map(|d| today().plus_days(i32::from(d))),
            approval: *approval,
            superseded: *superseded,
        })
        .collect()
}

/// The engine's answer: whether ready, and each applying requirement's
/// state, by requirement index.
fn engine(
    requirements: &[Requirement],
    person: &Person,
    held: &[Held<'_>],
) -> (bool, Vec<(u32, RequirementState)>) {
    let set = Requirements::new(requirements).unwrap();
    let mut checks = Vec::new();
    let window = Window::new(WINDOW).unwrap();
    set.check(&set.applying_to(person), held, today(), window, &mut checks);
    let states: Vec<_> = checks.iter().map(|c| (c.requirement, c.state)).collect();
    (checks.iter().all(|c| c.clears()), states)
}

/// The rule read plainly: a requirement applies when its scope includes
/// the person; it is met or expiring when a licence of one of its types is
/// approved, not superseded and not expired today.
fn oracle(
    requirements: &[Requirement],
    person: &Person,
    held: &[Held<'_>],
) -> (bool, Vec<(u32, RequirementState)>) {
    let applies = |scope: &RequirementScope| match scope {
        RequirementScope::Company => true,
        RequirementScope::Location { location } => person
            .location
            .as_deref()
            .is_some_and(|l| l.to_lowercase() == location.trim().to_lowercase()),
        RequirementScope::Role { role } => person.roles.contains(role),
        RequirementScope::Position { position } => person.positions.contains(position),
        _ => false,
    };
    let mut states = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        if !applies(&requirement.scope) {
            continue;
        }
        let counting: Vec<Option<Day>> = held
            .iter()
            .filter(|h| requirement.type_ids.iter().any(|t| t == h.type_id))
            .filter(|h| h.approval == Approval::Approved && !h.superseded)
            .filter(|h| h.expiry.is_none_or(|e| e >= today()))
            .map(|h| h.expiry)
            .collect();
        let state = if counting.is_empty() {
            RequirementState::Missing
        } else if counting
            .iter()
            .any(|e| e.is_none_or(|e| e > today().plus_days(WINDOW as i32)))
        {
            RequirementState::Met
        } else {
            RequirementState::Expiring
        };
        states.push((i as u32, state));
    }
    let ready = states.iter().all(|(_, s)| *s != RequirementState::Missing);
    (ready, states)
}

/// How good a state is: missing < expiring < met.
fn rank(state: RequirementState) -> u8 {
    match state {
        RequirementState::Missing => 0,
        RequirementState::Expiring => 1,
        RequirementState::Met => 2,
    }
}

fn no_better(after: &[(u32, RequirementState)], before: &[(u32, RequirementState)]) -> bool {
    after.len() == before.len()
        && after
            .iter()
            .zip(before)
            .all(|(a, b)| a.0 == b.0 && rank(a.1) <= rank(b.1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ready_exactly_when_every_requirement_in_scope_has_a_counting_licence(
        requirements in requirements(),
        person in person(),
        licences in proptest::collection::vec(drawn(), 0..8),
    ) {
        let held = held(&licences);
        prop_assert_eq!(engine(&requirements, &person, &held), oracle(&requirements, &person, &held));
    }

    #[test]
    fn deleting_or_expiring_a_licence_never_improves_readiness(
        requirements in requirements(),
        person in person(),
        licences in proptest::collection::vec(drawn(), 1..8),
        which in any::<prop::sample::Index>(),
        expired_days_ago in 1i16..400,
    ) {
        let held = held(&licences);
        let (ready, states) = engine(&requirements, &person, &held);
        let at = which.index(held.len());
        let mut deleted = held.clone();
        deleted.remove(at);
        let (ready_after, after) = engine(&requirements, &person, &deleted);
        prop_assert!(!ready_after || ready);
        prop_assert!(no_better(&after, &states));
        let mut expired = held.clone();
        expired[at].expiry = Some(today().plus_days(-i32::from(expired_days_ago)));
        let (ready_after, after) = engine(&requirements, &person, &expired);
        prop_assert!(!ready_after || ready);
        prop_assert!(no_better(&after, &states));
    }

    #[test]
    fn a_pending_licence_never_makes_anyone_ready(
        requirements in requirements(),
        person in person(),
        licences in proptest::collection::vec(drawn(), 0..8),
        pending in proptest::collection::vec((0..TYPES.len(), proptest::option::of(-60i16..400)), 1..4),
    ) {
        let held = held(&licences);
        let before = engine(&requirements, &person, &held);
        let mut with_pending = held.clone();
        with_pending.extend(pending.iter().map(|(t, expiry)| Held {
            type_id: TYPES[*t],
            expiry: expiry.map(|d| today().plus_days(i32::from(d))),
            approval: Approval::Pending,
            superseded: false,
        }));
        let after = engine(&requirements, &person, &with_pending);
        prop_assert_eq!(after, before);
    }
}

fn licence_type(id: &str) -> LicenceType {
    LicenceType {
        requires_approval: true,
        fixed_renewal: None,
        id: id.into(),
        name: id.into(),
        kind: LicenceKind::Certification,
        validity: None,
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The tracker keeps licences, approvals and requirements, and answers
    /// one person's readiness and the matrix as the rule does.
    #[test]
    fn the_tracker_answers_as_the_rule(
        requirements in requirements(),
        person in person(),
        licences in proptest::collection::vec(drawn(), 0..6),
    ) {
        let tracker = Tracker::open(":memory:").unwrap();
        let staff = support::ctx();
        let holder = Context::new("p", 1_767_225_600).acting_for(Party::Candidate);
        tracker.register_person(&staff, &person).unwrap();
        for type_id in TYPES {
            tracker.create_licence_type(&staff, &licence_type(type_id)).unwrap();
        }
        for requirement in &requirements {
            tracker.create_requirement(&staff, requirement).unwrap();
        }
        let mut admin = support::person("adm");
        admin.roles = vec![Role::Administrator];
        tracker.register_person(&staff, &admin).unwrap();
        let decider = Context::new("adm", 1_767_225_600);
        // Superseded licences are left to the rule's own tests.
        let mut held_by_tracker = Vec::new();
        for (i, (t, expiry, approval, _)) in licences.iter().enumerate() {
            let licence = Licence {
                id: format!("l{i}"),
                holder_id: "p".into(),
                type_id: TYPES[*t].into(),
                reference: None,
                issuer: None,
                acquired: None,
                expiry: expiry.map(|d| today().plus_days(i32::from(d))),
                notes: String::new(),
                owner: Owner::Candidate,
                renews: None,
                superseded_by: None,
                fields: Default::default(),
            };
            tracker.record_licence(&holder, &licence, None).unwrap();
            match approval {
                Approval::Approved => drop(tracker.approve_licence(&decider, &licence.id).unwrap()),
                Approval::Rejected => drop(tracker.reject_licence(&decider, &licence.id, "No").unwrap()),
                Approval::Pending => {}
            }
            held_by_tracker.push((*t, *expiry, *approval, false));
        }
        let mut stored = requirements.clone();
        stored.sort_by(|a, b| a.id.cmp(&b.id));
        let expected = engine(&stored, &person, &held(&held_by_tracker));
        let settings = licence_core::settings::Settings {
            window: Window::new(WINDOW).unwrap(),
            ..Default::default()
        };
        tracker.update_settings(&staff, &settings).unwrap();
        let answer = tracker.readiness("p", today()).unwrap();
        prop_assert_eq!(answer.ready, expected.0);
        let states: Vec<_> = answer
            .requirements
            .iter()
            .map(|r| r.state)
            .collect();
        prop_assert_eq!(states, expected.1.iter().map(|(_, s)| *s).collect::<Vec<_>>());
        let matrix = tracker
            .readiness_matrix(&ReadinessFilter::default(), today(), Page::default())
            .unwrap();
        let row = matrix.rows.iter().find(|r| r.person_id == "p").unwrap();
        prop_assert_eq!(row, &answer);
    }
}
