//! Requirements and readiness (SPEC §9): whether a person is cleared to
//! work on a date.
//!
//! A [`Requirement`] says that the people in its scope must hold a current
//! licence of one of its types. [`Requirements`] indexes a set of them by
//! scope and by type, once; [`Requirements::check`] then answers for one
//! person from the licences they hold, without allocating per licence, so
//! that a batch of a hundred thousand people runs at millions of checks a
//! second.

use std::borrow::Cow;
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

impl Best {
    /// Takes licence `licence` (of a type the requirement names, not
    /// superseded) into account.
    #[inline]
    fn take(&mut self, licence: u32, expiry: i32, approval: Approval, today: i32) {
        match approval {
            Approval::Pending => self.pending = self.pending.or(Some(licence)),
            Approval::Rejected => self.rejected = self.rejected.or(Some(licence)),
            Approval::Approved if expiry < today => {
                if self.expired.is_none_or(|(e, _)| expiry > e) {
                    self.expired = Some((expiry, licence));
                }
            }
            Approval::Approved => {
                if self.counting.is_none_or(|(e, _)| expiry > e) {
                    self.counting = Some((expiry, licence));
                }
            }
        }
    }
}

/// The indexes below hash short ids and places once per licence and per
/// person, where SipHash took longer than the check itself. Only the
/// requirements' own types and places are inserted, so keys chosen to
/// collide cannot grow a chain beyond them.
type Index<K, V> = rustc_hash::FxHashMap<K, V>;

/// `text` [`folded`], without allocating when it is ASCII and short.
fn fold<'t>(text: &'t str, buffer: &'t mut [u8; 256]) -> Cow<'t, str> {
    if !text.is_ascii() {
        return Cow::Owned(folded(text));
    }
    // The ASCII characters `str::trim` takes off.
    let text = text.trim_matches(|c| matches!(c, ' ' | '\t'..='\r'));
    if text.len() > buffer.len() {
        return Cow::Owned(folded(text));
    }
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(text);
    }
    let buffer = &mut buffer[..text.len()];
    buffer.copy_from_slice(text.as_bytes());
    buffer.make_ascii_lowercase();
    match std::str::from_utf8(buffer) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(folded(text)),
    }
}

/// A set of requirements indexed by scope and by licence type.
#[derive(Debug)]
pub struct Requirements<'a> {
    requirements: &'a [Requirement],
    /// Each licence type a requirement names, as an index into `meets`.
    by_type: Index<&'a str, u32>,
    /// The requirements each type of `by_type` meets, in index order.
    meets: Vec<Vec<u32>>,
    company: Vec<u32>,
    by_location: Index<String, Vec<u32>>,
    by_department: Index<String, Vec<u32>>,
    /// By location, then department.
    by_place: Index<String, Index<String, Vec<u32>>>,
    by_role: Index<Role, Vec<u32>>,
    by_position: Index<&'a str, Vec<u32>>,
    by_site: Index<&'a str, Vec<u32>>,
}

/// A licence as a batch checks it: where it is in the input, which
/// requirements its type meets, its expiry (`i32::MAX`: never) and its
/// approval.
#[derive(Clone, Copy)]
struct Slim {
    licence: u32,
    meets: u32,
    expiry: i32,
    approval: Approval,
}

/// Indexes of requirements: one person's, or one site's.
pub type Applicable = Vec<u32>;

impl<'a> Requirements<'a> {
    /// Indexes `requirements`, each checked; ids must be unique.
    pub fn new(requirements: &'a [Requirement]) -> Result<Self> {
        crate::expiry::check_batch_len(requirements.len())?;
        let mut set = Self {
            requirements,
            by_type: Index::default(),
            meets: Vec::new(),
            company: Vec::new(),
            by_location: Index::default(),
            by_department: Index::default(),
            by_place: Index::default(),
            by_role: Index::default(),
            by_position: Index::default(),
            by_site: Index::default(),
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
                let next = set.meets.len() as u32;
                let slot = *set.by_type.entry(type_id).or_insert(next);
                if slot == next {
                    set.meets.push(Vec::new());
                }
                set.meets[slot as usize].push(index);
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
                    .entry(folded(location))
                    .or_default()
                    .entry(folded(department))
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
        let mut found = Vec::with_capacity(self.company.len() + 8);
        found.extend_from_slice(&self.company);
        let (mut location_buffer, mut department_buffer) = ([0u8; 256], [0u8; 256]);
        let places = !(self.by_location.is_empty() && self.by_place.is_empty());
        let location = match &person.location {
            Some(location) if places => Some(fold(location, &mut location_buffer)),
            _ => None,
        };
        let departments = !(self.by_department.is_empty() && self.by_place.is_empty());
        let department = match &person.department {
            Some(department) if departments => Some(fold(department, &mut department_buffer)),
            _ => None,
        };
        if let Some(location) = &location {
            found.extend(
                self.by_location
                    .get(location.as_ref())
                    .into_iter()
                    .flatten(),
            );
        }
        if let Some(department) = &department {
            found.extend(
                self.by_department
                    .get(department.as_ref())
                    .into_iter()
                    .flatten(),
            );
        }
        if let (Some(location), Some(department)) = (&location, &department) {
            found.extend(
                self.by_place
                    .get(location.as_ref())
                    .and_then(|d| d.get(department.as_ref()))
                    .into_iter()
                    .flatten(),
            );
        }
        if !self.by_role.is_empty() {
            for role in &person.roles {
                found.extend(self.by_role.get(role).into_iter().flatten());
            }
        }
        if !self.by_position.is_empty() {
            for position in &person.positions {
                found.extend(
                    self.by_position
                        .get(position.as_str())
                        .into_iter()
                        .flatten(),
                );
            }
        }
        if found.len() > self.company.len() {
            found.sort_unstable();
            found.dedup();
        }
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
            let Some(&meets) = self.by_type.get(h.type_id) else {
                continue;
            };
            let expiry = h.expiry.map_or(i32::MAX, Day::number);
            for requirement in &self.meets[meets as usize] {
                if let Ok(slot) = applicable.binary_search(requirement) {
                    best[slot].take(licence as u32, expiry, h.approval, today_n);
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
    pub fn check_batch<P, A: AsRef<[u32]>>(
        &self,
        people: &[P],
        mut applicable: impl FnMut(&P) -> A,
        licences: &[(u32, Held<'_>)],
        today: Day,
        window: Window,
    ) -> Result<Batch> {
        // Each licence's type is looked up once; a superseded licence, or
        // one of a type no requirement names, counts for nothing and is
        // left out. Then a counting sort by holder: `slim[starts[p]..
        // starts[p + 1]]` are person `p`'s, in the order given.
        let mut meets = Vec::with_capacity(licences.len());
        let mut starts = vec![0u32; people.len() + 1];
        for (holder, h) in licences {
            let slot = starts.get_mut(*holder as usize + 1).ok_or_else(|| {
                Error::invalid("licences.holder", format!("no person has index {holder}"))
            })?;
            let found = if h.superseded {
                None
            } else {
                self.by_type.get(h.type_id).copied()
            };
            *slot += u32::from(found.is_some());
            meets.push(found.unwrap_or(u32::MAX));
        }
        for p in 0..people.len() {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut slim = vec![
            Slim {
                licence: 0,
                meets: 0,
                expiry: 0,
                approval: Approval::Approved,
            };
            starts[people.len()] as usize
        ];
        for (i, ((holder, h), meets)) in licences.iter().zip(meets).enumerate() {
            if meets == u32::MAX {
                continue;
            }
            let at = &mut next[*holder as usize];
            slim[*at as usize] = Slim {
                licence: i as u32,
                meets,
                expiry: h.expiry.map_or(i32::MAX, Day::number),
                approval: h.approval,
            };
            *at += 1;
        }
        let mut batch = Batch {
            checks: Vec::with_capacity(people.len() * (self.company.len() + 2)),
            people: Vec::with_capacity(people.len()),
        };
        // Where each requirement is among the person's applicable ones
        // (`u32::MAX`: not), set and cleared person by person.
        let mut slot_of = vec![u32::MAX; self.requirements.len()];
        let mut best: Vec<Best> = Vec::new();
        let today_n = today.number();
        for (p, person) in people.iter().enumerate() {
            let applicable = applicable(person);
            let applicable = applicable.as_ref();
            best.clear();
            best.resize(applicable.len(), Best::default());
            for (slot, requirement) in applicable.iter().enumerate() {
                if let Some(at) = slot_of.get_mut(*requirement as usize) {
                    *at = slot as u32;
                }
            }
            for l in &slim[starts[p] as usize..starts[p + 1] as usize] {
                for requirement in &self.meets[l.meets as usize] {
                    let slot = slot_of[*requirement as usize];
                    if let Some(best) = best.get_mut(slot as usize) {
                        best.take(l.licence, l.expiry, l.approval, today_n);
                    }
                }
            }
            let first = batch.checks.len();
            let mut ready = true;
            for (requirement, best) in applicable.iter().zip(&best) {
                if let Some(at) = slot_of.get_mut(*requirement as usize) {
                    *at = u32::MAX;
                }
                let check = best.check(*requirement, today, window);
                ready &= check.clears();
                batch.checks.push(check);
            }
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
    fn places_fold_as_fields_fold_them_without_allocating_when_ascii() {
        let long = format!(" {} ", "Ab".repeat(200));
        for text in [
            "leeds",
            " Leeds\t",
            "\x0bYARD\r\n",
            "  ",
            "",
            "Zürich ",
            "\u{a0}York",
            &long,
        ] {
            let mut buffer = [0u8; 256];
            let got = fold(text, &mut buffer);
            assert_eq!(got, folded(text), "{text:?}");
            if text.is_ascii() && text.len() <= 256 {
                assert!(matches!(got, Cow::Borrowed(_)), "{text:?}");
            }
        }
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
