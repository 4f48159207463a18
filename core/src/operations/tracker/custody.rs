//! Sites, and licences held between sites and candidates.

use serde::{Deserialize, Serialize};

use crate::custody::{Association, Event, Party, Rights};
use crate::model::{Licence, Site};
use crate::operations::{TrackerOperation, operation};
use crate::tracker::{Context, Tracker};
use crate::{Day, Result};

operation! {
    /// Adds a client site.
    pub struct CreateSiteInput as "create_site" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The site.
        pub site: Site,
    }
}

impl TrackerOperation for CreateSiteInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.create_site(&self.ctx, &self.site)
    }
}

/// Sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SiteList {
    /// Every site, by id.
    pub sites: Vec<Site>,
}

operation! {
    /// Every site, by id.
    pub struct SitesInput as "sites" -> SiteList {}
}

impl TrackerOperation for SitesInput {
    fn run(self, t: &Tracker) -> Result<SiteList> {
        let sites = t.sites()?;
        Ok(SiteList { sites })
    }
}

operation! {
    /// A party's custody action on a candidate's licence (upload, transfer,
    /// delete, request, withdraw, share, unshare, remove), refused unless the party
    /// holds the right and the state allows it.
    pub struct CustodyEventInput as "custody_event" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The candidate.
        pub candidate_id: String,
        /// The party and its action.
        pub event: Event,
        /// The licence an upload records.
        #[serde(default)]
        pub licence: Option<Licence>,
        /// The date of the event.
        pub on: Day,
    }
}

impl TrackerOperation for CustodyEventInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.custody_event(
            &self.ctx,
            &self.candidate_id,
            &self.event,
            self.licence.as_ref(),
            self.on,
        )
    }
}

/// What a party may do with a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RightsHeld {
    /// The rights.
    pub rights: Rights,
}

operation! {
    /// What a party may do with a candidate's licence, so a host can draw
    /// its buttons.
    pub struct LicenceRightsInput as "rights" -> RightsHeld {
        /// The candidate.
        pub candidate_id: String,
        /// The licence.
        pub licence_id: String,
        /// The party asking.
        pub party: Party,
    }
}

impl TrackerOperation for LicenceRightsInput {
    fn run(self, t: &Tracker) -> Result<RightsHeld> {
        let rights = t.rights(&self.candidate_id, &self.licence_id, &self.party)?;
        Ok(RightsHeld { rights })
    }
}

/// Site associations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssociationList {
    /// The associations, in the order they were made.
    pub associations: Vec<Association>,
}

operation! {
    /// The requests pending on a candidate's list.
    pub struct PendingRequestsInput as "pending_requests" -> AssociationList {
        /// The candidate.
        pub candidate_id: String,
        /// The party asking (SPEC §5): a site sees only its own
        /// associations; the candidate and, when absent, the organisation's
        /// staff see all.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for PendingRequestsInput {
    fn run(self, t: &Tracker) -> Result<AssociationList> {
        let party = self.party.unwrap_or_default();
        let associations = t.pending_requests(&self.candidate_id, &party)?;
        Ok(AssociationList { associations })
    }
}

operation! {
    /// A candidate's site associations: requests and shares.
    pub struct AssociationsInput as "associations" -> AssociationList {
        /// The candidate.
        pub candidate_id: String,
        /// The party asking (SPEC §5): a site sees only its own
        /// associations; the candidate and, when absent, the organisation's
        /// staff see all.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for AssociationsInput {
    fn run(self, t: &Tracker) -> Result<AssociationList> {
        let party = self.party.unwrap_or_default();
        let associations = t.associations(&self.candidate_id, &party)?;
        Ok(AssociationList { associations })
    }
}
