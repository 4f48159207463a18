//! Rule operations for custody and purging.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{RuleOperation, operation};
use crate::custody::{Association, Custody, Event, Party, Rights, RightsQuery, rights_all};
use crate::purge::{PurgeFacts, PurgeReason, Retention, due_for_purge};
use crate::{Day, Result};

operation! {
    /// Applies custody events in order to a candidate's state and answers
    /// the state after them, the pending requests, and every party's
    /// rights on every licence. A refused event fails the whole call.
    pub struct CustodyInput as "custody" -> CustodyOutput {
        /// The state before the events (none by default).
        #[serde(default)]
        pub state: Custody,
        /// The events, in order.
        pub events: Vec<Event>,
        /// The sites whose rights to report.
        #[serde(default)]
        pub sites: Vec<String>,
    }
}

/// Each party's rights on one licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PartyRights {
    /// The candidate's rights.
    pub candidate: Rights,
    /// Each asked-about site's rights, by site id.
    #[serde(deserialize_with = "super::map_or_pairs")]
    pub sites: BTreeMap<String, Rights>,
}

/// A candidate's custody after the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustodyOutput {
    /// The state after the events.
    pub state: Custody,
    /// The requests pending on the candidate's list.
    pub pending: Vec<Association>,
    /// The rights on every licence, by licence id.
    #[serde(deserialize_with = "super::map_or_pairs")]
    pub rights: BTreeMap<String, PartyRights>,
}

impl RuleOperation for CustodyInput {
    fn run(self) -> Result<CustodyOutput> {
        self.state.validate()?;
        let state = self
            .events
            .iter()
            .try_fold(self.state, |state, event| state.apply(event))?;
        let rights = state
            .licences
            .iter()
            .map(|licence| {
                let id = &licence.licence_id;
                let sites = self
                    .sites
                    .iter()
                    .map(|site| (site.clone(), state.rights(id, &Party::Site(site.clone()))))
                    .collect();
                let candidate = state.rights(id, &Party::Candidate);
                (id.clone(), PartyRights { candidate, sites })
            })
            .collect();
        let pending = state.pending_requests().cloned().collect();
        Ok(CustodyOutput {
            state,
            pending,
            rights,
        })
    }
}

operation! {
    /// What each party of a batch may do with its licence, with numbers for
    /// owners and parties as in the batch records.
    pub struct RightsInput as "rights" -> RightsOutput {
        /// The (licence, party) pairs.
        pub queries: Vec<RightsQuery>,
    }
}

/// The rights of a batch, in batch order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RightsOutput {
    /// The rights by name.
    pub rights: Vec<Rights>,
    /// The same rights as bits (view 1, edit 2, delete 4, transfer 8,
    /// share 16, remove 32).
    pub bits: Vec<u8>,
}

impl RuleOperation for RightsInput {
    fn run(self) -> Result<RightsOutput> {
        let rights = rights_all(&self.queries)?;
        let bits = rights.iter().map(|r| r.bits()).collect();
        Ok(RightsOutput { rights, bits })
    }
}

/// A licence's dates that retention looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PurgeLicence {
    /// The licence.
    pub id: String,
    /// Its expiry date, if it has one.
    #[serde(default)]
    pub expiry: Option<Day>,
    /// When it was deleted, if it was.
    #[serde(default)]
    pub deleted_on: Option<Day>,
}

operation! {
    /// The licences due for purging on `today` under a retention policy.
    pub struct PurgeInput as "purge" -> PurgeOutput {
        /// The date to decide on.
        pub today: Day,
        /// How long expired and deleted licences are kept.
        #[serde(default)]
        pub retention: Retention,
        /// The licences.
        pub licences: Vec<PurgeLicence>,
    }
}

/// A licence due for purging (or purged), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Purged {
    /// The licence.
    pub id: String,
    /// Expired or deleted longer ago than the retention allows.
    pub reason: PurgeReason,
}

/// The licences due for purging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PurgeOutput {
    /// The licences due, in input order.
    pub due: Vec<Purged>,
}

impl RuleOperation for PurgeInput {
    fn run(self) -> Result<PurgeOutput> {
        let facts: Vec<PurgeFacts> = self
            .licences
            .iter()
            .map(|l| PurgeFacts::new(l.expiry, l.deleted_on))
            .collect();
        let due = due_for_purge(&facts, &self.retention, self.today)?
            .iter()
            .filter_map(|p| {
                let licence = self.licences.get(p.index as usize)?;
                Some(Purged {
                    id: licence.id.clone(),
                    reason: p.reason,
                })
            })
            .collect();
        Ok(PurgeOutput { due })
    }
}
