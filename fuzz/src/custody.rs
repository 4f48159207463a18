//! Sequences of custody events against the rights function (SPEC §5).

use arbitrary::{Arbitrary, Unstructured};
use licence_core::ErrorKind;
use licence_core::custody::{Action, Custody, Event, Party, Rights, RightsQuery};

use crate::bug;

/// The sites; the last id is not a valid one.
const SITES: [&str; 5] = ["s1", "s2", "s3", "s4", ""];
/// The licences; the last id is not a valid one.
const LICENCES: [&str; 5] = ["l1", "l2", "l3", "l4", ""];
const TYPES: [&str; 2] = ["forklift", "first_aid"];
/// The most events of one input.
const MAX_EVENTS: usize = 64;

/// One event, its parts chosen from the small sets above.
#[derive(Debug, Arbitrary)]
struct Step {
    party: u8,
    action: u8,
    licence: u8,
    site: u8,
    type_id: bool,
    answer: bool,
}

fn pick<'a>(choices: &[&'a str], index: u8) -> &'a str {
    choices[usize::from(index) % choices.len()]
}

impl Step {
    fn event(&self) -> Event {
        let party = match self.party % 6 {
            0 => Party::Candidate,
            5 => Party::Staff,
            site => Party::Site(SITES[usize::from(site) - 1].into()),
        };
        let licence_id = pick(&LICENCES, self.licence).to_owned();
        let site_id = pick(&SITES, self.site).to_owned();
        let type_id = TYPES[usize::from(self.type_id)].to_owned();
        let action = match self.action % 8 {
            0 => Action::Upload {
                licence_id,
                type_id,
                answering: self.answer.then_some(site_id),
            },
            1 => Action::Transfer { licence_id },
            2 => Action::Delete { licence_id },
            3 => Action::Request { type_id },
            4 => Action::Withdraw { type_id },
            5 => Action::Share {
                licence_id,
                site_id,
            },
            6 => Action::Unshare {
                licence_id,
                site_id,
            },
            _ => Action::Remove { licence_id },
        };
        Event::new(party, action)
    }
}

/// A sequence of events applied with [`Custody::apply`], each to the state
/// the allowed ones before it left. Invariants: no panic; a refusal is a
/// typed error of custody's kinds, and a party without the right an action
/// on a licence needs is refused with permission denied, whatever the
/// state; every state reached passes [`Custody::validate`]; the rights of
/// every party on every licence agree with the batch [`RightsQuery::rights`].
pub fn custody(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut state = Custody::default();
    for _ in 0..MAX_EVENTS {
        let Ok(step) = Step::arbitrary(&mut u) else {
            break;
        };
        let event = step.event();
        match state.apply(&event) {
            Ok(next) => {
                if let Some(needed) = needed(&state, &event) {
                    if !needed.0.contains(needed.1) {
                        bug(&format!("{event:?} was allowed without the right"));
                    }
                }
                if let Err(error) = next.validate() {
                    bug(&format!("{event:?} left an invalid state: {error}"));
                }
                state = next;
                check_rights(&state);
            }
            Err(error) => {
                let denied = needed(&state, &event).is_some_and(|(held, n)| !held.contains(n));
                let kind = error.kind();
                if (denied && kind != ErrorKind::PermissionDenied)
                    || matches!(
                        kind,
                        ErrorKind::Internal | ErrorKind::Storage | ErrorKind::LimitExceeded
                    )
                {
                    bug(&format!("{event:?} was refused with {error}"));
                }
            }
        }
        if u.is_empty() {
            break;
        }
    }
}

/// For a well-formed action on a licence that exists: the rights the party
/// holds on it, and the right the action needs.
fn needed(state: &Custody, event: &Event) -> Option<(Rights, Rights)> {
    let (licence_id, right) = match &event.action {
        Action::Transfer { licence_id } => (licence_id, Rights::TRANSFER),
        Action::Delete { licence_id } => (licence_id, Rights::DELETE),
        Action::Share { site_id, .. } | Action::Unshare { site_id, .. } if site_id.is_empty() => {
            return None;
        }
        Action::Share { licence_id, .. } | Action::Unshare { licence_id, .. } => {
            (licence_id, Rights::SHARE)
        }
        Action::Remove { licence_id } => (licence_id, Rights::REMOVE),
        Action::Upload { .. } | Action::Request { .. } | Action::Withdraw { .. } => return None,
    };
    state
        .licences
        .iter()
        .any(|l| l.licence_id == *licence_id)
        .then(|| (state.rights(licence_id, &event.party), right))
}

/// The rights of the candidate, the staff and each site on each licence,
/// against the batch's answer for the same pairs as numbers.
fn check_rights(state: &Custody) {
    let mut parties = vec![Party::Candidate, Party::Staff];
    parties.extend(SITES[..4].iter().map(|s| Party::Site((*s).into())));
    for licence in &state.licences {
        for party in &parties {
            let one = state.rights(&licence.licence_id, party);
            let batch = RightsQuery::of(state, licence, party, site_number).rights();
            if one != batch {
                bug(&format!(
                    "{party} on {licence:?}: {one:?}, the batch says {batch:?}"
                ));
            }
        }
    }
}

/// A site's number in the batch: its index + 1.
fn site_number(site: &str) -> u32 {
    SITES
        .iter()
        .position(|s| *s == site)
        .map_or(u32::MAX - 2, |i| i as u32 + 1)
}
