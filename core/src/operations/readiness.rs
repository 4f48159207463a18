//! The readiness rule for hosts that keep their own records (SPEC §9).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::expiry::window;
use super::{RuleOperation, operation};
use crate::error::{Error, RecordKind};
use crate::model::{Approval, Person};
use crate::readiness::{Held, PersonReadiness, Requirement, Requirements};
use crate::{Day, Result};

/// A licence as the readiness rule reads it. Leave deleted licences out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadinessLicence {
    /// The licence's id.
    pub id: String,
    /// Its holder, one of the batch's people.
    pub holder_id: String,
    /// Its licence type.
    pub type_id: String,
    /// The last day it is valid; `null` never expires.
    #[serde(default)]
    pub expiry: Option<Day>,
    /// Its approval (approved when absent).
    #[serde(default)]
    pub approval: Approval,
    /// Whether a renewal superseded it.
    #[serde(default)]
    pub superseded: bool,
    /// The sites it is shared with (or that uploaded it).
    #[serde(default)]
    pub shared_with: Vec<String>,
}

operation! {
    /// Whether each person of a batch is ready on `today`: every
    /// requirement whose scope includes them has a counting licence. With
    /// `site`, the site's requirements instead, met only by licences shared
    /// with it.
    pub struct ReadinessInput as "readiness" -> ReadinessOutput {
        /// The date to evaluate on.
        pub today: Day,
        /// The expiring window in days (90 when absent).
        #[serde(default)]
        pub window_days: Option<u32>,
        /// The requirements.
        pub requirements: Vec<Requirement>,
        /// The people.
        pub people: Vec<Person>,
        /// Their licences.
        pub licences: Vec<ReadinessLicence>,
        /// A site whose view of its candidates to give.
        #[serde(default)]
        pub site: Option<String>,
    }
}

/// Each person's readiness, in batch order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadinessOutput {
    /// One row per person.
    pub people: Vec<PersonReadiness>,
}

impl RuleOperation for ReadinessInput {
    fn run(self) -> Result<ReadinessOutput> {
        crate::expiry::check_batch_len(self.licences.len())?;
        crate::expiry::check_batch_len(self.people.len())?;
        let window = window(self.window_days)?;
        let set = Requirements::new(&self.requirements)?;
        let mut index = HashMap::with_capacity(self.people.len());
        for (i, person) in self.people.iter().enumerate() {
            person.validate()?;
            if index.insert(person.id.as_str(), i as u32).is_some() {
                return Err(Error::already_exists(RecordKind::Person, &person.id));
            }
        }
        let site = self.site.as_deref();
        let mut held = Vec::with_capacity(self.licences.len());
        let mut ids = Vec::with_capacity(self.licences.len());
        for licence in &self.licences {
            let holder = *index
                .get(licence.holder_id.as_str())
                .ok_or_else(|| Error::not_found(RecordKind::Person, &licence.holder_id))?;
            if site.is_some_and(|s| !licence.shared_with.iter().any(|w| w == s)) {
                continue;
            }
            ids.push(licence.id.as_str());
            held.push((
                holder,
                Held {
                    type_id: &licence.type_id,
                    expiry: licence.expiry,
                    approval: licence.approval,
                    superseded: licence.superseded,
                },
            ));
        }
        let batch = match site {
            Some(site) => {
                let of_site = set.of_site(site);
                set.check_batch(&self.people, |_| of_site.clone(), &held, self.today, window)?
            }
            None => set.check_batch(
                &self.people,
                |p| set.applying_to(p),
                &held,
                self.today,
                window,
            )?,
        };
        let people = self
            .people
            .iter()
            .zip(&batch.people)
            .map(|(person, (range, _))| {
                PersonReadiness::new(
                    &person.id,
                    &set,
                    &batch.checks[range.clone()],
                    self.today,
                    |l| ids[l as usize],
                )
            })
            .collect();
        Ok(ReadinessOutput { people })
    }
}
