//! Operations for custody and purging.
//!
//! - `custody`: `{state?, events, sites?}` → `{state, pending, rights}`, where
//!   `rights` maps every licence id to `{candidate: [..], sites: {id: [..]}}`
//!   for the candidate and each of `sites`. A refused event fails the case
//!   with its error kind.
//! - `rights`: `{queries: [{owner, party, shared}]}` (numbers, as the batch
//!   records) → `{rights: [[names]], bits: [n]}`.
//! - `purge`: `{today, retention: {after_expiry?, after_deletion?},
//!   licences: [{id, expiry?, deleted_on?}]}` → `{due: [{id, reason}]}`.

use crate::custody::{Custody, Event, Party, RightsQuery, rights_all};
use crate::purge::{PurgeFacts, Retention, due_for_purge};
use crate::{Day, Error};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{decode, encode};

#[derive(Deserialize)]
struct CustodyInput {
    #[serde(default)]
    state: Custody,
    events: Vec<Event>,
    #[serde(default)]
    sites: Vec<String>,
}

#[derive(Deserialize)]
struct RightsInput {
    queries: Vec<RightsQuery>,
}

#[derive(Deserialize)]
struct PurgeLicence {
    id: String,
    #[serde(default)]
    expiry: Option<Day>,
    #[serde(default)]
    deleted_on: Option<Day>,
}

#[derive(Deserialize)]
struct PurgeInput {
    today: Day,
    #[serde(default)]
    retention: Retention,
    licences: Vec<PurgeLicence>,
}

fn custody(input: CustodyInput) -> crate::error::Result<Value> {
    input.state.validate()?;
    let state = input
        .events
        .iter()
        .try_fold(input.state, |state, event| state.apply(event))?;
    let mut rights = Map::new();
    for licence in &state.licences {
        let id = &licence.licence_id;
        let sites: Map<String, Value> = input
            .sites
            .iter()
            .map(|site| {
                let held = state.rights(id, &Party::Site(site.clone()));
                Ok((site.clone(), encode(&held)?))
            })
            .collect::<Result<_, Error>>()?;
        let candidate = encode(&state.rights(id, &Party::Candidate))?;
        rights.insert(
            id.clone(),
            json!({ "candidate": candidate, "sites": sites }),
        );
    }
    let pending: Vec<_> = state.pending_requests().collect();
    Ok(json!({
        "state": encode(&state)?,
        "pending": encode(&pending)?,
        "rights": rights,
    }))
}

fn rights(input: &RightsInput) -> crate::error::Result<Value> {
    let all = rights_all(&input.queries)?;
    Ok(json!({
        "rights": encode(&all)?,
        "bits": all.iter().map(|r| r.bits()).collect::<Vec<_>>(),
    }))
}

fn purge(input: &PurgeInput) -> crate::error::Result<Value> {
    let facts: Vec<PurgeFacts> = input
        .licences
        .iter()
        .map(|l| PurgeFacts::new(l.expiry, l.deleted_on))
        .collect();
    let due = due_for_purge(&facts, &input.retention, input.today)?;
    let due: Vec<Value> = due
        .iter()
        .filter_map(|p| {
            let licence = input.licences.get(p.index as usize)?;
            Some(json!({ "id": licence.id, "reason": p.reason.as_str() }))
        })
        .collect();
    Ok(json!({ "due": due }))
}

/// Runs a custody or purge op, or `None` for an op of another area.
pub fn run(op: &str, input: &Value) -> Option<crate::error::Result<Value>> {
    let result = match op {
        "custody" => decode::<CustodyInput>(input).and_then(custody),
        "rights" => decode::<RightsInput>(input).and_then(|i| rights(&i)),
        "purge" => decode::<PurgeInput>(input).and_then(|i| purge(&i)),
        _ => return None,
    };
    Some(result)
}
