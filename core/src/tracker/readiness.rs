//! Requirements and readiness (SPEC §9): the requirements as records, and
//! readiness computed on demand for a date — one person, a matrix of
//! people, its counts, and a site's view of a candidate.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::custody::Party;
use crate::error::{Error, RecordKind, Result};
use crate::expiry::Window;
use crate::model::{Person, Role};
use crate::readiness::{
    Applicable, Batch, Held, MissingReason, PersonReadiness, Requirement, RequirementReadiness,
    RequirementScope, RequirementState, Requirements,
};
use crate::store::{HeldRecord, Holders, Listing, Page, PeopleQuery, Records, Store};
use crate::validate;

use super::reports::CsvWriter;
use super::{Context, Tracker, Tx};

/// Which people a readiness matrix or its counts cover: active people
/// unless `include_inactive`; the other filters narrow them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadinessFilter {
    /// Also people who are no longer active.
    #[serde(default)]
    pub include_inactive: bool,
    /// Only people at this location (ignoring case and surrounding spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Only people in this department (ignoring case and surrounding
    /// spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Only people with this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Only people holding this position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// Only people who are ready (`true`) or not (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
}

impl ReadinessFilter {
    fn validate(&self) -> Result<()> {
        validate::optional(
            "filter.location",
            self.location.as_deref(),
            validate::short_text,
        )?;
        validate::optional(
            "filter.department",
            self.department.as_deref(),
            validate::short_text,
        )?;
        validate::optional("filter.position", self.position.as_deref(), validate::id)
    }

    /// The part of the filter the store applies.
    fn people(&self) -> PeopleQuery {
        PeopleQuery {
            active: (!self.include_inactive).then_some(true),
            role: self.role,
            location: self.location.clone(),
            department: self.department.clone(),
        }
    }

    /// Whether the filter needs each person's readiness, or positions,
    /// before it can page: then every person of the store's part is read.
    fn reads_everyone(&self) -> bool {
        self.position.is_some() || self.ready.is_some()
    }
}

/// One page of a readiness matrix: people × the requirements that apply
/// to each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadinessPage {
    /// One row per person, by id.
    pub rows: Vec<PersonReadiness>,
    /// The offset of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<u32>,
}

/// How many people of a filter are ready, and each requirement's states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadinessCounts {
    /// People covered.
    pub people: u32,
    /// Of them, ready.
    pub ready: u32,
    /// Of them, not ready.
    pub not_ready: u32,
    /// Each requirement, in id order, with the people it applies to.
    pub requirements: Vec<RequirementCount>,
}

/// One requirement's column of the matrix, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementCount {
    /// The requirement.
    pub requirement_id: String,
    /// People who meet it.
    pub met: u32,
    /// People whose licence for it expires within the window.
    pub expiring: u32,
    /// People missing it.
    pub missing: u32,
}

/// People read per step while scanning for a matrix or counts.
const SCAN: u32 = 5_000;

/// Checks a requirement's references: its types and its site exist.
fn require_references(tx: &mut Tx<'_>, requirement: &Requirement) -> Result<()> {
    requirement.validate()?;
    for type_id in &requirement.type_ids {
        super::licences::require_type(tx, type_id)?;
    }
    if let RequirementScope::Site { site } = &requirement.scope
        && tx.store.site(site)?.is_none()
    {
        return Err(Error::not_found(RecordKind::Site, site));
    }
    Ok(())
}

/// The organisation's requirements and expiring window.
fn standards(store: &mut dyn Store) -> Result<(Vec<Requirement>, Window)> {
    let window = store.settings()?.unwrap_or_default().window;
    Ok((store.requirements()?, window))
}

/// Checks `people` on `on` against `records`, their licences (others'
/// are left out); a check's licence is an index into the records kept,
/// which are returned.
fn check_held(
    set: &Requirements<'_>,
    people: &[Person],
    applicable: impl FnMut(&Person) -> Applicable,
    mut records: Vec<HeldRecord>,
    on: Day,
    window: Window,
) -> Result<(Batch, Vec<HeldRecord>)> {
    let index: HashMap<&str, u32> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i as u32))
        .collect();
    records.retain(|r| index.contains_key(r.holder_id.as_str()));
    let held: Vec<(u32, Held<'_>)> = records
        .iter()
        .map(|r| {
            let holder = index.get(r.holder_id.as_str()).copied().unwrap_or_default();
            let held = Held {
                type_id: &r.type_id,
                expiry: r.expiry,
                approval: r.approval,
                superseded: false,
            };
            (holder, held)
        })
        .collect();
    let batch = set.check_batch(people, applicable, &held, on, window)?;
    Ok((batch, records))
}

/// Checks `people` on `on`, reading the live licences of `holders`.
fn check_people(
    store: &mut dyn Store,
    set: &Requirements<'_>,
    people: &[Person],
    holders: Holders<'_>,
    on: Day,
    window: Window,
) -> Result<(Batch, Vec<HeldRecord>)> {
    let records = store.held_by(holders)?;
    check_held(set, people, |p| set.applying_to(p), records, on, window)
}

/// [`check_people`] for a few people, reading their own licences.
fn check_few(
    store: &mut dyn Store,
    set: &Requirements<'_>,
    people: &[Person],
    on: Day,
    window: Window,
) -> Result<(Batch, Vec<HeldRecord>)> {
    let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
    check_people(store, set, people, Holders::Each(&ids), on, window)
}

/// The readiness of `person`, the `i`th of `batch`, whose licences are
/// `records`.
fn readiness_row(
    set: &Requirements<'_>,
    person: &Person,
    batch: &Batch,
    i: usize,
    records: &[HeldRecord],
    on: Day,
) -> PersonReadiness {
    let checks = &batch.checks[batch.people[i].0.clone()];
    PersonReadiness::new(&person.id, set, checks, on, |l| &records[l as usize].id)
}

/// The rows of `batch` for `people`.
fn rows(
    set: &Requirements<'_>,
    people: &[Person],
    batch: &Batch,
    records: &[HeldRecord],
    on: Day,
) -> Vec<PersonReadiness> {
    people
        .iter()
        .enumerate()
        .map(|(i, person)| readiness_row(set, person, batch, i, records, on))
        .collect()
}

/// Calls `each` with every person of `filter` (in id order, a step at a
/// time) and their checks, until it returns `false`. Each step reads the
/// next people by id and the live licences of the holders from the first
/// to the last of them, each an index range.
fn scan(
    store: &mut dyn Store,
    set: &Requirements<'_>,
    filter: &ReadinessFilter,
    on: Day,
    window: Window,
    mut each: impl FnMut(&Person, &Batch, usize, &[HeldRecord]) -> bool,
) -> Result<()> {
    let query = filter.people();
    let mut after: Option<String> = None;
    loop {
        let step = store.people_after(&query, after.as_deref(), SCAN)?;
        let (Some(first), Some(last)) = (step.first(), step.last()) else {
            return Ok(());
        };
        let (first, last) = (first.id.clone(), last.id.clone());
        let more = step.len() == SCAN as usize;
        let people: Vec<Person> = step
            .into_iter()
            .filter(|p| {
                filter
                    .position
                    .as_ref()
                    .is_none_or(|wanted| p.positions.contains(wanted))
            })
            .collect();
        let holders = Holders::Between(&first, &last);
        let (batch, records) = check_people(store, set, &people, holders, on, window)?;
        for (i, person) in people.iter().enumerate() {
            let ready = batch.people[i].1;
            if filter.ready.is_none_or(|wanted| wanted == ready)
                && !each(person, &batch, i, &records)
            {
                return Ok(());
            }
        }
        if !more {
            return Ok(());
        }
        after = Some(last);
    }
}

/// The columns of an exported readiness matrix before one column per
/// requirement (site requirements aside), headed by its name.
pub const MATRIX_COLUMNS: [&str; 5] = ["person_id", "name", "location", "department", "ready"];

/// One requirement's cell of an exported matrix: `met`, `expiring
/// YYYY-MM-DD` or `missing: <reason>` (with the date a licence expired);
/// empty where the requirement does not apply.
fn matrix_cell(check: &RequirementReadiness) -> String {
    let on = |prefix: &str| match check.expiry {
        Some(day) => format!("{prefix} {day}"),
        None => prefix.to_owned(),
    };
    match (check.state, check.reason) {
        (RequirementState::Met, _) => "met".into(),
        (RequirementState::Expiring, _) => on("expiring"),
        (_, Some(MissingReason::Expired)) => on("missing: expired"),
        (_, Some(MissingReason::AwaitingApproval)) => "missing: awaiting approval".into(),
        (_, Some(MissingReason::Rejected)) => "missing: rejected".into(),
        (_, _) => "missing: none held".into(),
    }
}

/// The readiness matrix on `on` for the people of `filter`, as text rows:
/// `row` gets the headings first ([`MATRIX_COLUMNS`], then each
/// requirement's name), then each person's cells, `ready` among them as
/// `yes` or `no`.
pub(crate) fn matrix_table(
    store: &mut dyn Store,
    filter: &ReadinessFilter,
    on: Day,
    mut row: impl FnMut(&[String]) -> Result<()>,
) -> Result<()> {
    filter.validate()?;
    let (requirements, window) = standards(store)?;
    let set = Requirements::new(&requirements)?;
    let columns: Vec<&Requirement> = requirements
        .iter()
        .filter(|r| !matches!(r.scope, RequirementScope::Site { .. }))
        .collect();
    let headings: Vec<String> = MATRIX_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(columns.iter().map(|r| r.name.clone()))
        .collect();
    row(&headings)?;
    let mut failure = None;
    scan(
        store,
        &set,
        filter,
        on,
        window,
        |person, batch, i, records| {
            let ready = batch.people[i].1;
            let readiness = readiness_row(&set, person, batch, i, records, on);
            let mut cells = vec![
                person.id.clone(),
                person.name.clone(),
                person.location.clone().unwrap_or_default(),
                person.department.clone().unwrap_or_default(),
                if ready { "yes" } else { "no" }.to_owned(),
            ];
            cells.extend(columns.iter().map(|r| {
                readiness
                    .requirements
                    .iter()
                    .find(|c| c.requirement_id == r.id)
                    .map(matrix_cell)
                    .unwrap_or_default()
            }));
            match row(&cells) {
                Ok(()) => true,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        },
    )?;
    failure.map_or(Ok(()), Err)
}

impl Tracker {
    /// The readiness matrix on `on` for the people of `filter` as CSV
    /// (RFC 4180): [`MATRIX_COLUMNS`], then a column per requirement named
    /// after it, holding `met`, `expiring YYYY-MM-DD` or `missing:
    /// <reason>`. Text a spreadsheet would run as a formula is neutralised
    /// as in the overview's CSV. One snapshot of the records.
    pub fn export_readiness_csv(&self, filter: &ReadinessFilter, on: Day) -> Result<String> {
        let mut writer = CsvWriter::new();
        self.read_snapshot(|store| matrix_table(store, filter, on, |cells| writer.row(cells)))?;
        writer.finish()
    }

    /// Adds a requirement. Its licence types, and its site for a site's
    /// requirement, must exist.
    pub fn create_requirement(&self, ctx: &Context, requirement: &Requirement) -> Result<()> {
        self.write(ctx, |tx| {
            require_references(tx, requirement)?;
            if tx.store.requirement(&requirement.id)?.is_some() {
                return Err(Error::already_exists(
                    RecordKind::Requirement,
                    &requirement.id,
                ));
            }
            tx.store.put_requirement(requirement)?;
            tx.audit_diff(
                "create_requirement",
                RecordKind::Requirement,
                &requirement.id,
                None,
                None,
                Some(requirement),
            )
        })
    }

    /// Replaces a requirement.
    pub fn update_requirement(&self, ctx: &Context, requirement: &Requirement) -> Result<()> {
        self.write(ctx, |tx| {
            require_references(tx, requirement)?;
            let old = tx
                .store
                .requirement(&requirement.id)?
                .ok_or_else(|| Error::not_found(RecordKind::Requirement, &requirement.id))?;
            tx.store.put_requirement(requirement)?;
            tx.audit_diff(
                "update_requirement",
                RecordKind::Requirement,
                &requirement.id,
                None,
                Some(&old),
                Some(requirement),
            )
        })
    }

    /// Deletes a requirement.
    pub fn delete_requirement(&self, ctx: &Context, id: &str) -> Result<()> {
        self.write(ctx, |tx| {
            let old = tx
                .store
                .requirement(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Requirement, id))?;
            tx.store.remove_requirement(id)?;
            tx.audit_diff(
                "delete_requirement",
                RecordKind::Requirement,
                id,
                None,
                Some(&old),
                None,
            )
        })
    }

    /// Every requirement, by id.
    pub fn requirements(&self) -> Result<Vec<Requirement>> {
        self.read(|store| store.requirements())
    }

    /// Whether a person is ready on `on`: each requirement whose scope
    /// includes them, with its state and the licence it is about.
    pub fn readiness(&self, person_id: &str, on: Day) -> Result<PersonReadiness> {
        self.read_snapshot(|store| {
            let person = store
                .person(person_id)?
                .ok_or_else(|| Error::not_found(RecordKind::Person, person_id))?;
            let (requirements, window) = standards(store)?;
            let set = Requirements::new(&requirements)?;
            let people = [person];
            let (batch, records) = check_few(store, &set, &people, on, window)?;
            Ok(rows(&set, &people, &batch, &records, on).remove(0))
        })
    }

    /// One page of the readiness matrix on `on`: the people of `filter`,
    /// by id, each with the requirements that apply to them. Filtering by
    /// position or by readiness reads every person of the rest of the
    /// filter.
    pub fn readiness_matrix(
        &self,
        filter: &ReadinessFilter,
        on: Day,
        page: Page,
    ) -> Result<ReadinessPage> {
        filter.validate()?;
        page.validate()?;
        self.read_snapshot(|store| {
            let (requirements, window) = standards(store)?;
            let set = Requirements::new(&requirements)?;
            if !filter.reads_everyone() {
                let Listing { items, next_offset } = store.people_page(&filter.people(), page)?;
                let (batch, records) = check_few(store, &set, &items, on, window)?;
                let rows = rows(&set, &items, &batch, &records, on);
                return Ok(ReadinessPage { rows, next_offset });
            }
            let (mut skip, mut rows) = (page.offset, Vec::new());
            let mut more = false;
            scan(
                store,
                &set,
                filter,
                on,
                window,
                |person, batch, i, records| {
                    if skip > 0 {
                        skip -= 1;
                        return true;
                    }
                    if rows.len() == page.limit as usize {
                        more = true;
                        return false;
                    }
                    rows.push(readiness_row(&set, person, batch, i, records, on));
                    true
                },
            )?;
            let next_offset = more.then(|| page.offset.saturating_add(page.limit));
            Ok(ReadinessPage { rows, next_offset })
        })
    }

    /// The counts of the readiness matrix on `on` for everyone in
    /// `filter`: how many are ready, and each requirement's states.
    pub fn readiness_counts(&self, filter: &ReadinessFilter, on: Day) -> Result<ReadinessCounts> {
        filter.validate()?;
        self.read_snapshot(|store| {
            let (requirements, window) = standards(store)?;
            let set = Requirements::new(&requirements)?;
            let mut columns = vec![[0u32; 3]; requirements.len()];
            let mut counts = ReadinessCounts::default();
            scan(store, &set, filter, on, window, |_, batch, i, _| {
                let (range, ready) = &batch.people[i];
                counts.people += 1;
                if *ready {
                    counts.ready += 1;
                } else {
                    counts.not_ready += 1;
                }
                for check in &batch.checks[range.clone()] {
                    let state = match check.state {
                        RequirementState::Met => 0,
                        RequirementState::Expiring => 1,
                        RequirementState::Missing => 2,
                    };
                    columns[check.requirement as usize][state] += 1;
                }
                true
            })?;
            counts.requirements = requirements
                .iter()
                .zip(columns)
                .filter(|(r, _)| !matches!(r.scope, RequirementScope::Site { .. }))
                .map(|(r, [met, expiring, missing])| RequirementCount {
                    requirement_id: r.id.clone(),
                    met,
                    expiring,
                    missing,
                })
                .collect();
            Ok(counts)
        })
    }

    /// A site's view of a candidate on `on`: the requirements the site
    /// states, met only by licences the candidate shares with the site (or
    /// the site uploaded). `party`, when a site, must be that site.
    pub fn site_readiness(
        &self,
        site_id: &str,
        candidate_id: &str,
        on: Day,
        party: &Party,
    ) -> Result<PersonReadiness> {
        party.validate("party")?;
        if !matches!(party, Party::Staff) && *party != Party::Site(site_id.to_owned()) {
            return Err(Error::denied(
                party.to_string(),
                format!("view the readiness of `{candidate_id}` for site `{site_id}`"),
            ));
        }
        self.read_snapshot(|store| {
            if store.site(site_id)?.is_none() {
                return Err(Error::not_found(RecordKind::Site, site_id));
            }
            let candidate = store
                .person(candidate_id)?
                .ok_or_else(|| Error::not_found(RecordKind::Person, candidate_id))?;
            let (requirements, window) = standards(store)?;
            let set = Requirements::new(&requirements)?;
            let shared: Vec<String> = store
                .associations(candidate_id)?
                .into_iter()
                .filter(|a| a.site_id == site_id)
                .filter_map(|a| a.licence_id)
                .collect();
            let records: Vec<HeldRecord> = store
                .licences_with_ids(&shared)?
                .iter()
                .filter(|r| r.deleted_on.is_none() && !r.licence.is_superseded())
                .map(HeldRecord::from)
                .collect();
            let people = [candidate];
            let of_site: Applicable = set.of_site(site_id);
            let (batch, records) =
                check_held(&set, &people, |_| of_site.clone(), records, on, window)?;
            Ok(rows(&set, &people, &batch, &records, on).remove(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::day;
    use crate::model::{LicenceKind, LicenceType};
    use crate::tracker::ImportMode;

    #[test]
    fn a_scan_reads_every_person_once_across_its_steps() {
        let tracker = Tracker::in_memory();
        let ctx = Context::new("admin", 0);
        let people = SCAN as usize + 3;
        let csv: String = std::iter::once("id,name,registered_on\n".to_owned())
            .chain((0..people).map(|i| format!("p{i:05},Person {i},2025-01-01\n")))
            .collect();
        tracker
            .import_people_csv(&ctx, csv.as_bytes(), ImportMode::AllOrNothing)
            .unwrap();
        let first_aid = LicenceType {
            id: "fa".into(),
            name: "First aid".into(),
            kind: LicenceKind::Certification,
            validity: None,
            renewal_basis: Default::default(),
            grace_days: 0,
            policy: None,
            requires_approval: false,
            fixed_renewal: None,
        };
        tracker.create_licence_type(&ctx, &first_aid).unwrap();
        let everyone = Requirement {
            id: "r".into(),
            name: "First aid".into(),
            scope: RequirementScope::Company,
            type_ids: vec!["fa".into()],
        };
        tracker.create_requirement(&ctx, &everyone).unwrap();
        let on = day("2026-06-01");
        let counts = tracker
            .readiness_counts(&ReadinessFilter::default(), on)
            .unwrap();
        assert_eq!(
            (counts.people, counts.not_ready),
            (people as u32, people as u32)
        );
        let not_ready = ReadinessFilter {
            ready: Some(false),
            ..ReadinessFilter::default()
        };
        let page = Page {
            offset: SCAN - 1,
            limit: 3,
        };
        let rows = tracker.readiness_matrix(&not_ready, on, page).unwrap();
        let ids: Vec<&str> = rows.rows.iter().map(|r| r.person_id.as_str()).collect();
        assert_eq!(ids, ["p04999", "p05000", "p05001"]);
        assert_eq!(rows.next_offset, Some(SCAN + 2));
    }
}
