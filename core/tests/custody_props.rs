//! Property tests of custody: long random event sequences with several sites
//! keep the SPEC §5 invariants.

use std::collections::HashSet;

use licence_core::ErrorKind;
use licence_core::custody::{
    Action, AssociationState, Custody, Event, LicenceCustody, Party, Rights, RightsQuery,
    rights_all,
};
use licence_core::model::Owner;
use proptest::prelude::*;

const SITES: [&str; 4] = ["s1", "s2", "s3", "s4"];
const LICENCES: [&str; 4] = ["l1", "l2", "l3", "l4"];
const TYPES: [&str; 2] = ["forklift", "first_aid"];

fn party(index: usize) -> Party {
    SITES
        .get(index)
        .map_or(Party::Candidate, |s| Party::Site((*s).into()))
}

fn action(kind: u8, licence: usize, site: usize, type_id: usize, answer: bool) -> Action {
    let licence_id = LICENCES[licence].to_string();
    let site_id = SITES[site].to_string();
    let type_id = TYPES[type_id].to_string();
    match kind {
        0 => Action::Upload {
            licence_id,
            type_id,
            answering: answer.then_some(site_id),
        },
        1 => Action::Transfer { licence_id },
        2 => Action::Delete { licence_id },
        3 => Action::Request { type_id },
        4 => Action::Share {
            licence_id,
            site_id,
        },
        5 => Action::Unshare {
            licence_id,
            site_id,
        },
        6 => Action::Remove { licence_id },
        _ => Action::Withdraw { type_id },
    }
}

fn event() -> impl Strategy<Value = Event> {
    (
        0..5usize,
        0..8u8,
        0..4usize,
        0..4usize,
        0..2usize,
        any::<bool>(),
    )
        .prop_map(|(who, kind, licence, site, type_id, answer)| {
            Event::new(party(who), action(kind, licence, site, type_id, answer))
        })
}

fn site_number(site: &str) -> u32 {
    SITES
        .iter()
        .position(|s| *s == site)
        .map_or(99, |i| i as u32 + 1)
}

fn holds(state: &Custody, site: &str, licence: &str) -> bool {
    state
        .associations
        .iter()
        .any(|a| a.site_id == site && a.licence_id.as_deref() == Some(licence))
}

fn query(state: &Custody, licence: &LicenceCustody, party: &Party) -> RightsQuery {
    RightsQuery::of(state, licence, party, site_number)
}

/// Invariants of every state reached by allowed events.
fn check_state(state: &Custody, ever_candidate: &HashSet<String>) -> Result<(), TestCaseError> {
    prop_assert_eq!(state.validate(), Ok(()));
    let parties: Vec<Party> = (0..5).map(party).collect();
    for licence in &state.licences {
        let id = &licence.licence_id;
        if ever_candidate.contains(id) {
            prop_assert_eq!(&licence.owner, &Owner::Candidate, "{} went back", id);
        }
        for site in SITES {
            if !holds(state, site, id) {
                let rights = state.rights(id, &Party::Site(site.into()));
                prop_assert_eq!(rights, Rights::NONE, "{} on {}", site, id);
            }
        }
        if matches!(licence.owner, Owner::Site(_)) {
            prop_assert_eq!(state.rights(id, &Party::Candidate), Rights::NONE);
        }
        let queries: Vec<RightsQuery> = parties.iter().map(|p| query(state, licence, p)).collect();
        let expected: Vec<Rights> = parties.iter().map(|p| state.rights(id, p)).collect();
        prop_assert_eq!(rights_all(&queries), Ok(expected));
    }
    Ok(())
}

/// After the candidate deletes a licence, every site that held it has its
/// request for the type pending again, and nothing holds the licence.
fn check_candidate_delete(
    before: &Custody,
    after: &Custody,
    licence: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(
        after
            .associations
            .iter()
            .all(|a| a.licence_id.as_deref() != Some(licence))
    );
    for former in before
        .associations
        .iter()
        .filter(|a| a.licence_id.as_deref() == Some(licence))
    {
        let pending = after.pending_requests().any(|a| {
            a.site_id == former.site_id
                && a.type_id == former.type_id
                && a.state == AssociationState::Requested
        });
        prop_assert!(pending, "{} lost its request", former.site_id);
    }
    Ok(())
}

/// A withdrawal deletes exactly the site's pending request for the type,
/// and nothing else.
fn check_withdraw(
    before: &Custody,
    after: &Custody,
    site: &str,
    type_id: &str,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(&after.licences, &before.licences);
    let mut expected = before.associations.clone();
    let at = expected.iter().position(|a| {
        a.site_id == site && a.type_id == type_id && a.state == AssociationState::Requested
    });
    prop_assert!(at.is_some(), "withdrew a request {} did not have", site);
    expected.remove(at.unwrap_or_default());
    prop_assert_eq!(&after.associations, &expected);
    prop_assert!(
        !after
            .pending_requests()
            .any(|a| a.site_id == site && a.type_id == type_id)
    );
    Ok(())
}

/// Which allowed event a step was: one bucket per action, the candidate's
/// and a site's deletions apart.
fn bucket(event: &Event) -> usize {
    match (&event.party, &event.action) {
        (_, Action::Upload { .. }) => 0,
        (_, Action::Transfer { .. }) => 1,
        (Party::Candidate | Party::Staff, Action::Delete { .. }) => 2,
        (Party::Site(_), Action::Delete { .. }) => 3,
        (_, Action::Request { .. }) => 4,
        (_, Action::Share { .. }) => 5,
        (_, Action::Unshare { .. }) => 6,
        (_, Action::Remove { .. }) => 7,
        (_, Action::Withdraw { .. }) => 8,
    }
}

/// Applies `events` from an empty state, checking every invariant after
/// every step; returns how many events of each [`bucket`] were allowed.
fn run(events: &[Event]) -> Result<[usize; 9], TestCaseError> {
    let mut state = Custody::default();
    let mut ever_candidate = HashSet::new();
    let mut allowed = [0; 9];
    for event in events {
        let before = state.clone();
        match state.apply(event) {
            Err(e) => {
                prop_assert_eq!(&state, &before, "refused {:?} changed the state", event);
                let expected_input_error = e.kind() == ErrorKind::InvalidInput
                    && matches!(
                        event.action,
                        Action::Upload {
                            answering: Some(_),
                            ..
                        }
                    );
                prop_assert!(
                    expected_input_error
                        || matches!(
                            e.kind(),
                            ErrorKind::PermissionDenied
                                | ErrorKind::InvalidTransition
                                | ErrorKind::AlreadyExists
                                | ErrorKind::NotFound
                        ),
                    "{:?}: {}",
                    event,
                    e
                );
            }
            Ok(next) => {
                allowed[bucket(event)] += 1;
                check_state(&next, &ever_candidate)?;
                if let (Party::Candidate, Action::Delete { licence_id }) =
                    (&event.party, &event.action)
                {
                    check_candidate_delete(&before, &next, licence_id)?;
                }
                if let (Party::Site(site), Action::Withdraw { type_id }) =
                    (&event.party, &event.action)
                {
                    check_withdraw(&before, &next, site, type_id)?;
                }
                ever_candidate.extend(
                    next.licences
                        .iter()
                        .filter(|l| l.owner == Owner::Candidate)
                        .map(|l| l.licence_id.clone()),
                );
                state = next;
            }
        }
    }
    Ok(allowed)
}

fn sequences() -> impl Strategy<Value = Vec<Event>> {
    proptest::collection::vec(event(), 1..300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_event_sequences_keep_the_invariants(events in sequences()) {
        run(&events)?;
    }
}

/// The generator reaches every allowed event, so the property above is not
/// vacuous.
#[test]
fn sequences_reach_every_allowed_event() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut total = [0; 9];
    for _ in 0..50 {
        let events = sequences()
            .new_tree(&mut runner)
            .map(|tree| tree.current())
            .unwrap_or_default();
        let allowed = run(&events).unwrap_or_else(|e| panic!("{e}"));
        for (sum, n) in total.iter_mut().zip(allowed) {
            *sum += n;
        }
    }
    assert!(total.iter().all(|n| *n > 0), "allowed per event: {total:?}");
}
