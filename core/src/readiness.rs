//! Requirements and readiness (SPEC §9): whether a person is cleared to
//! work on a date.
//!
//! A [`Requirement`] says that the people in its scope must hold a current
//! licence of one of its types. [`Requirements`] indexes a set of them by
//! scope and by type, once; [`Requirements::check`] then answers for one
//! person from the licences they hold, without allocating per licence, so
//! that a batch of a hundred thousand people runs at millions of checks a
//! second.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, Result, echo};
use crate::expiry::Window;
use crate::fields::folded;
use crate::model::{Approval, Person, Role};
use crate::validate;

/// Whom a requirement applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequirementScope {
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
    /// Everyone in a department at a location.
    LocationAndDepartment {
        /// The location, compared ignoring case and surrounding spaces.
        location: String,
        /// The department, compared ignoring case and surrounding spaces.
        department: String,
    },
    /// Everyone with a role.
    Role {
        /// The role.
        role: Role,
    },
    /// Everyone holding a position, such as `forklift-driver`.
    Position {
        /// The position, compared exactly.
        position: String,
    },
    /// The candidates a site takes: met only by licences shared with it.
    Site {
        /// The site's id.
        site: String,
    },
}

/// People in a scope must hold a current licence of one of a set of types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Host-assigned id.
    pub id: String,
    /// What it is called, such as "Forklift drivers: first aid".
    pub name: String,
    /// Whom it applies to.
    pub scope: RequirementScope,
    /// The licence types that meet it: any one of them (alternatives).
    pub type_ids: Vec<String>,
}

/// The most alternative licence types a requirement names.
pub const MAX_ALTERNATIVES: usize = 64;

impl Requirement {
    /// Checks every field: at least one type, each once.
    pub fn validate(&self) -> Result<()> {
        validate::id("requirement.id", &self.id)?;
        validate::name("requirement.name", &self.name)?;
        match &self.scope {
            RequirementScope::Company => {}
            RequirementScope::Location { location } => {
                validate::name("requirement.scope.location", location)?;
            }
            RequirementScope::Department { department } => {
                validate::name("requirement.scope.department", department)?;
            }
            RequirementScope::LocationAndDepartment {
                location,
                department,
            } => {
                validate::name("requirement.scope.location", location)?;
                validate::name("requirement.scope.department", department)?;
            }
            RequirementScope::Role { .. } => {}
            RequirementScope::Position { position } => {
                validate::id("requirement.scope.position", position)?;
            }
            RequirementScope::Site { site } => validate::id("requirement.scope.site", site)?,
        }
        if self.type_ids.is_empty() {
            return Err(Error::invalid(
                "requirement.type_ids",
                "must name at least one licence type",
            ));
        }
        if self.type_ids.len() > MAX_ALTERNATIVES {
            return Err(Error::limit(
                "licence types a requirement names",
                MAX_ALTERNATIVES as u64,
            ));
        }
        for (i, type_id) in self.type_ids.iter().enumerate() {
            validate::id("requirement.type_ids", type_id)?;
            if self.type_ids[..i].contains(type_id) {
                return Err(Error::invalid(
                    "requirement.type_ids",
                    format!("`{}` is listed twice", echo(type_id)),
                ));
            }
        }
        Ok(())
    }
}

/// Where a person stands on one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementState {
    /// A counting licence stays valid past the expiring window.
    Met,
    /// The best counting licence expires within the window.
    Expiring,
    /// Nothing counts.
    Missing,
}

/// Why nothing counts towards a requirement. When several apply, the first
/// of this list is given: what is already under way comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// A licence of a required type waits for approval.
    AwaitingApproval,
    /// A licence of a required type was rejected.
    Rejected,
    /// The latest licence of a required type expired (on `expiry`).
    Expired,
    /// No licence of a required type is held.
    NoneHeld,
}

/// A licence as readiness sees it: its type, its expiry and whether it can
/// count. Deleted licences are left out by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held<'a> {
    /// The licence type's id.
    pub type_id: &'a str,
    /// The last day it is valid; `None` never expires.
    pub expiry: Option<Day>,
    /// Its approval.
    pub approval: Approval,
    /// Whether a renewal superseded it (then it counts for nothing).
    pub superseded: bool,
}

/// One person's answer on one requirement, with the licence it is about
/// as an index into the licences checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The requirement, as an index into the set.
    pub requirement: u32,
    /// Met, expiring or missing.
    pub state: RequirementState,
    /// Why it is missing.
    pub reason: Option<MissingReason>,
    /// The licence that meets it, or the one the reason is about.
    pub licence: Option<u32>,
    /// That licence's expiry.
    pub expiry: Option<Day>,
}

impl Check {
    /// Whether the requirement is met or expiring: it does not stop the
    /// person being ready.
    pub fn clears(&self) -> bool {
        self.state != RequirementState::Missing
    }
}

/// The best licence found so far for one requirement.
#[derive(Clone, Copy, Default)]
struct Best {
    /// A counting licence with the latest expiry (`i32::MAX`: never).
    counting: Option<(i32, u32)>,
    pending: Option<u32>,
    rejected: Option<u32>,
    /// The expired licence with the latest expiry.
    expired: Option<(i32, u32)>,
}

impl Best {
    fn check(self, requirement: u32, today: Day, window: Window) -> Check {
        let found = |state, reason, licence: u32, expiry: Option<Day>| Check {
            requirement,
            state,
            reason,
            licence: Some(licence),
            expiry,
        };
        let day = |n: i32| {
            (n != i32::MAX)
                .then(|| Day::from_number("", n).ok())
                .flatten()
        };
        if let Some((expiry, licence)) = self.counting {
            let state = if expiry != i32::MAX
                && expiry <= today.number().saturating_add(window.days() as i32)
            {
                RequirementState::Expiring
            } else {
                RequirementState::Met
            };
            return found(state, None, licence, day(expiry));
        }
        let missing = |reason, licence, expiry| {
            found(RequirementState::Missing, Some(reason), licence, expiry)
        };
        match (self.pending, self.rejected, self.expired) {
            (Some(l), _, _) => missing(MissingReason::AwaitingApproval, l, None),
            (None, Some(l), _) => missing(MissingReason::Rejected, l, None),
            (None, None, Some((expiry, l))) => missing(MissingReason::Expired, l, day(expiry)),
            (None, None, None) => Check {
                requirement,
                state: RequirementState::Missing,
                reason: Some(MissingReason::NoneHeld),
                licence: None,
                expiry: None,
            },
        }
    }
}

/// A set of requirements indexed by scope and by licence type.
#[derive(Debug)]
pub struct Requirements<'a> {
    requirements: &'a [Requirement],
    by_type: HashMap<&'a str, Vec<u32>>,
    company: Vec<u32>,
    by_location: HashMap<String, Vec<u32>>,
    by_department: HashMap<String, Vec<u32>>,
    by_place: HashMap<(String, String), Vec<u32>>,
    by_role: HashMap<Role, Vec<u32>>,
    by_position: HashMap<&'a str, Vec<u32>>,
    by_site: HashMap<&'a str, Vec<u32>>,
}

/// Indexes of requirements: one person's, or one site's.
pub type Applicable = Vec<u32>;

impl<'a> Requirements<'a> {
    /// Indexes `requirements`, each checked; ids must be unique.
    pub fn new(requirements: &'a [Requirement]) -> Result<Self> {
        crate::expiry::check_batch_len(requirements.len())?;
        let mut set = Self {
            requirements,
            by_type: HashMap::new(),
            company: Vec::new(),
            by_location: HashMap::new(),
            by_department: HashMap::new(),
            by_place: HashMap::new(),
            by_role: HashMap::new(),
            by_position: HashMap::new(),
            by_site: HashMap::new(),
        };
        let mut ids = HashMap::with_capacity(requirements.len());
        for (index, requirement) in requirements.iter().enumerate() {
            requirement.validate()?;
            if ids.insert(requirement.id.as_str(), index).is_some() {
                return Err(Error::already_exists(
                    crate::error::RecordKind::Requirement,
                    &requirement.id,
                ));
            }
            let index = index as u32;
            for type_id in &requirement.type_ids {
                set.by_type.entry(type_id).or_default().push(index);
            }
            match &requirement.scope {
                RequirementScope::Company => set.company.push(index),
                RequirementScope::Location { location } => {
                    set.by_location
                        .entry(folded(location))
                        .or_default()
                        .push(index);
                }
                RequirementScope::Department { department } => {
                    set.by_department
                        .entry(folded(department))
                        .or_default()
                        .push(index);
                }
                RequirementScope::LocationAndDepartment {
                    location,
                    department,
                } => set
                    .by_place
                    .entry((folded(location), folded(department)))
                    .or_default()
                    .push(index),
                RequirementScope::Role { role } => {
                    set.by_role.entry(*role).or_default().push(index)
                }
                RequirementScope::Position { position } => {
                    set.by_position.entry(position).or_default().push(index);
                }
                RequirementScope::Site { site } => set.by_site.entry(site).or_default().push(index),
            }
        }
        Ok(set)
    }

    /// The requirements, in the order given.
    pub fn all(&self) -> &'a [Requirement] {
        self.requirements
    }

    /// The requirement at `index`.
    pub fn get(&self, index: u32) -> &'a Requirement {
        &self.requirements[index as usize]
    }

    /// The requirements whose scope includes `person` (site requirements
    /// apply only through [`Requirements::of_site`]), in index order.
    pub fn applying_to(&self, person: &Person) -> Applicable {
        let mut found = self.company.clone();
        let location = person.location.as_deref().map(folded);
        let department = person.department.as_deref().map(folded);
        if let Some(location) = &location {
            found.extend(self.by_location.get(location).into_iter().flatten());
        }
        if let Some(department) = &department {
            found.extend(self.by_department.get(department).into_iter().flatten());
        }
        if let (Some(location), Some(department)) = (location, department) {
            found.extend(
                self.by_place
                    .get(&(location, department))
                    .into_iter()
                    .flatten(),
            );
        }
        for role in &person.roles {
            found.extend(self.by_role.get(role).into_iter().flatten());
        }
        for position in &person.positions {
            found.extend(
                self.by_position
                    .get(position.as_str())
                    .into_iter()
                    .flatten(),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The requirements a site states for the candidates it takes.
    pub fn of_site(&self, site: &str) -> Applicable {
        self.by_site.get(site).cloned().unwrap_or_default()
    }

    /// Checks the `applicable` requirements (indexes in ascending order)
    /// against the licences a person holds on `today`, appending one
    /// [`Check`] per requirement to `out`, in the same order. A licence
    /// counts when it is of a required type, approved, not superseded and
    /// not expired on `today` (a licence in its grace period does not).
    pub fn check(
        &self,
        applicable: &[u32],
        held: &[Held<'_>],
        today: Day,
        window: Window,
        out: &mut Vec<Check>,
    ) {
        let start = out.len();
        let mut best = vec![Best::default(); applicable.len()];
        let today_n = today.number();
        for (licence, h) in held.iter().enumerate() {
            if h.superseded {
                continue;
            }
            let Some(meets) = self.by_type.get(h.type_id) else {
                continue;
            };
            let licence = licence as u32;
            let expiry = h.expiry.map_or(i32::MAX, Day::number);
            for requirement in meets {
                let Ok(slot) = applicable.binary_search(requirement) else {
                    continue;
                };
                let best = &mut best[slot];
                match h.approval {
                    Approval::Pending => best.pending = best.pending.or(Some(licence)),
                    Approval::Rejected => best.rejected = best.rejected.or(Some(licence)),
                    Approval::Approved if expiry < today_n => {
                        if best.expired.is_none_or(|(e, _)| expiry > e) {
                            best.expired = Some((expiry, licence));
                        }
                    }
                    Approval::Approved => {
                        if best.counting.is_none_or(|(e, _)| expiry > e) {
                            best.counting = Some((expiry, licence));
                        }
                    }
                }
            }
        }
        out.reserve(applicable.len());
        out.extend(
            applicable
                .iter()
                .zip(best)
                .map(|(requirement, best)| best.check(*requirement, today, window)),
        );
        debug_assert_eq!(out.len() - start, applicable.len());
    }
}

/// One person's readiness on a date (SPEC §9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonReadiness {
    /// The person.
    pub person_id: String,
    /// Whether every requirement that applies is met or expiring.
    pub ready: bool,
    /// Each requirement that applies, in the order the requirements are
    /// listed.
    pub requirements: Vec<RequirementReadiness>,
}

/// Where a person stands on one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementReadiness {
    /// The requirement.
    pub requirement_id: String,
    /// Met, expiring or missing.
    pub state: RequirementState,
    /// Why it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<MissingReason>,
    /// The licence that meets it, or the one the reason is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_id: Option<String>,
    /// That licence's expiry (for `expired`, the day it expired).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Day>,
    /// Days from the date asked to that expiry, for a met or expiring
    /// requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i32>,
}

impl PersonReadiness {
    /// The readiness of `person_id` from its `checks`, naming each licence
    /// by `licence_id` (given a check's licence index).
    pub fn new<'s>(
        person_id: &str,
        set: &Requirements<'_>,
        checks: &[Check],
        today: Day,
        licence_id: impl Fn(u32) -> &'s str,
    ) -> Self {
        let requirements = checks
            .iter()
            .map(|c| RequirementReadiness {
                requirement_id: set.get(c.requirement).id.clone(),
                state: c.state,
                reason: c.reason,
                licence_id: c.licence.map(|l| licence_id(l).to_owned()),
                expiry: c.expiry,
                days_left: c.expiry.filter(|_| c.clears()).map(|e| e.days_since(today)),
            })
            .collect();
        Self {
            person_id: person_id.to_owned(),
            ready: checks.iter().all(Check::clears),
            requirements,
        }
    }
}

/// The checks of many people at once: each person's licences, given with
/// the index of their holder, grouped in one pass.
#[derive(Debug, Default)]
pub struct Batch {
    /// Every check, person after person.
    pub checks: Vec<Check>,
    /// Each person's checks, as a range of `checks`, and whether they are
    /// ready.
    pub people: Vec<(std::ops::Range<usize>, bool)>,
}

impl Requirements<'_> {
    /// Checks every one of `people` (their applicable requirements given
    /// by `applicable`) against `licences`, each with its holder's index
    /// in `people`; a check's licence is an index into `licences`.
    pub fn check_batch<P>(
        &self,
        people: &[P],
        applicable: impl Fn(&P) -> Applicable,
        licences: &[(u32, Held<'_>)],
        today: Day,
        window: Window,
    ) -> Result<Batch> {
        // Counting sort by holder: `order` lists licence indexes holder by
        // holder, `starts[p]..starts[p + 1]` being person `p`'s.
        let mut starts = vec![0usize; people.len() + 1];
        for (holder, _) in licences {
            let slot = starts.get_mut(*holder as usize + 1).ok_or_else(|| {
                Error::invalid("licences.holder", format!("no person has index {holder}"))
            })?;
            *slot += 1;
        }
        for p in 0..people.len() {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; licences.len()];
        let mut held = vec![
            Held {
                type_id: "",
                expiry: None,
                approval: Approval::Approved,
                superseded: true,
            };
            licences.len()
        ];
        for (i, (holder, h)) in licences.iter().enumerate() {
            let at = &mut next[*holder as usize];
            order[*at] = i as u32;
            held[*at] = *h;
            *at += 1;
        }
        let mut batch = Batch {
            checks: Vec::new(),
            people: Vec::with_capacity(people.len()),
        };
        for (p, person) in people.iter().enumerate() {
            let first = batch.checks.len();
            let own = starts[p]..starts[p + 1];
            self.check(
                &applicable(person),
                &held[own.clone()],
                today,
                window,
                &mut batch.checks,
            );
            for check in &mut batch.checks[first..] {
                check.licence = check.licence.map(|l| order[own.start + l as usize]);
            }
            let ready = batch.checks[first..].iter().all(Check::clears);
            batch.people.push((first..batch.checks.len(), ready));
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, day};

    fn requirement(id: &str, scope: RequirementScope, types: &[&str]) -> Requirement {
        Requirement {
            id: id.into(),
            name: format!("Requirement {id}"),
            scope,
            type_ids: types.iter().map(|t| (*t).into()).collect(),
        }
    }

    fn held<'a>(type_id: &'a str, expiry: Option<&str>, approval: Approval) -> Held<'a> {
        Held {
            type_id,
            expiry: expiry.map(day),
            approval,
            superseded: false,
        }
    }

    #[test]
    fn scopes_select_by_place_role_and_position() {
        let set = [
            requirement("all", RequirementScope::Company, &["a"]),
            requirement(
                "leeds",
                RequirementScope::Location {
                    location: " LEEDS".into(),
                },
                &["a"],
            ),
            requirement(
                "yard-leeds",
                RequirementScope::LocationAndDepartment {
                    location: "leeds".into(),
                    department: "Yard".into(),
                },
                &["a"],
            ),
            requirement(
                "managers",
                RequirementScope::Role {
                    role: Role::Manager,
                },
                &["a"],
            ),
            requirement(
                "forklift",
                RequirementScope::Position {
                    position: "forklift-driver".into(),
                },
                &["a"],
            ),
            requirement("site", RequirementScope::Site { site: "s1".into() }, &["a"]),
        ];
        let set = Requirements::new(&set).unwrap();
        let mut ana = fixtures::person("ana", Some("Leeds"), Some("yard"));
        assert_eq!(set.applying_to(&ana), [0, 1, 2]);
        ana.positions = vec!["forklift-driver".into()];
        ana.roles = vec![Role::Manager];
        assert_eq!(set.applying_to(&ana), [0, 1, 2, 3, 4]);
        let bo = fixtures::person("bo", Some("York"), Some("Yard"));
        assert_eq!(set.applying_to(&bo), [0]);
        assert_eq!(set.of_site("s1"), [5]);
        assert!(set.of_site("s2").is_empty());
    }

    #[test]
    fn states_follow_the_best_counting_licence_and_reasons_their_order() {
        let set = [requirement("fa", RequirementScope::Company, &["l2", "l3"])];
        let set = Requirements::new(&set).unwrap();
        let today = day("2026-06-01");
        let run = |held: &[Held<'_>]| {
            let mut out = Vec::new();
            set.check(&[0], held, today, Window::default(), &mut out);
            let c = out[0];
            (
                c.state,
                c.reason,
                c.licence,
                c.expiry.map(|d| d.to_string()),
            )
        };
        use MissingReason::*;
        use RequirementState::*;
        let approved = Approval::Approved;
        assert_eq!(run(&[]), (Missing, Some(NoneHeld), None, None));
        // Expired yesterday: missing, with the date; today is still valid.
        let expired = held("l2", Some("2026-05-31"), approved);
        assert_eq!(
            run(&[expired]),
            (Missing, Some(Expired), Some(0), Some("2026-05-31".into()))
        );
        let last_day = held("l3", Some("2026-06-01"), approved);
        assert_eq!(
            run(&[expired, last_day]),
            (Expiring, None, Some(1), Some("2026-06-01".into()))
        );
        // The window's last day is expiring; the day after is met.
        let in_window = held("l2", Some("2026-08-30"), approved);
        let past_window = held("l3", Some("2026-08-31"), approved);
        assert_eq!(run(&[in_window]).0, Expiring);
        assert_eq!(run(&[in_window, past_window]).2, Some(1));
        assert_eq!(run(&[held("l2", None, approved)]).0, Met);
        // Pending before rejected before expired; other types count nothing.
        let pending = held("l2", None, Approval::Pending);
        let rejected = held("l3", None, Approval::Rejected);
        let other = held("forklift", None, approved);
        assert_eq!(
            run(&[other, expired, rejected, pending]),
            (Missing, Some(AwaitingApproval), Some(3), None)
        );
        assert_eq!(run(&[expired, rejected]).1, Some(Rejected));
        let superseded = Held {
            superseded: true,
            ..held("l2", None, approved)
        };
        assert_eq!(run(&[superseded]).1, Some(NoneHeld));
    }

    #[test]
    fn refusals_name_the_field() {
        let field = |r: Requirement| match Requirements::new(&[r]).unwrap_err() {
            Error::InvalidInput { field, .. } => field,
            other => unreachable!("{other}"),
        };
        assert_eq!(
            field(requirement("r", RequirementScope::Company, &[])),
            "requirement.type_ids"
        );
        let position = |p: &str| {
            requirement(
                "r",
                RequirementScope::Position { position: p.into() },
                &["a"],
            )
        };
        assert_eq!(field(position("")), "requirement.scope.position");
        assert_eq!(
            field(position(&"p".repeat(129))),
            "requirement.scope.position"
        );
        assert_eq!(
            field(requirement("r", RequirementScope::Company, &["a", "a"])),
            "requirement.type_ids"
        );
        let twice = [
            requirement("r", RequirementScope::Company, &["a"]),
            requirement("r", RequirementScope::Company, &["b"]),
        ];
        assert_eq!(
            Requirements::new(&twice).unwrap_err().kind().as_str(),
            "already_exists"
        );
    }
}
