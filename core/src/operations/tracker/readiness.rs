//! Requirements, readiness and the approval of self-submitted licences.

use serde::{Deserialize, Serialize};

use crate::custody::Party;
use crate::operations::{CsvExport, LicenceRecordList, TrackerOperation, operation};
use crate::readiness::{PersonReadiness, Requirement};
use crate::store::{LicenceRecord, Page};
use crate::tracker::{Context, ReadinessCounts, ReadinessFilter, ReadinessPage, Tracker};
use crate::{Day, Result};

operation! {
    /// Adds a requirement: the people in its scope must hold a current
    /// licence of one of its types. Its types, and its site for a site's
    /// requirement, must exist.
    pub struct CreateRequirementInput as "create_requirement" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The requirement.
        pub requirement: Requirement,
    }
}

impl TrackerOperation for CreateRequirementInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.create_requirement(&self.ctx, &self.requirement)
    }
}

operation! {
    /// Replaces a requirement.
    pub struct UpdateRequirementInput as "update_requirement" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The requirement, with the id of the one it replaces.
        pub requirement: Requirement,
    }
}

impl TrackerOperation for UpdateRequirementInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.update_requirement(&self.ctx, &self.requirement)
    }
}

operation! {
    /// Deletes a requirement.
    pub struct DeleteRequirementInput as "delete_requirement" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The requirement's id.
        pub id: String,
    }
}

impl TrackerOperation for DeleteRequirementInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.delete_requirement(&self.ctx, &self.id)
    }
}

/// Requirements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementList {
    /// Every requirement, by id.
    pub requirements: Vec<Requirement>,
}

operation! {
    /// Every requirement, by id.
    pub struct RequirementsInput as "requirements" -> RequirementList {}
}

impl TrackerOperation for RequirementsInput {
    fn run(self, t: &Tracker) -> Result<RequirementList> {
        let requirements = t.requirements()?;
        Ok(RequirementList { requirements })
    }
}

operation! {
    /// Whether a person is ready on `on` (today, or a planned job's date):
    /// each requirement whose scope includes them, met, expiring or
    /// missing, with the licence it is about.
    pub struct PersonReadinessInput as "readiness" -> PersonReadiness {
        /// The person's id.
        pub person_id: String,
        /// The date.
        pub on: Day,
    }
}

impl TrackerOperation for PersonReadinessInput {
    fn run(self, t: &Tracker) -> Result<PersonReadiness> {
        t.readiness(&self.person_id, self.on)
    }
}

operation! {
    /// One page of the readiness matrix on `on`: the people of `filter`
    /// (active people unless it says otherwise), by id, each with the
    /// requirements that apply to them.
    pub struct ReadinessMatrixInput as "readiness_matrix" -> ReadinessPage {
        /// Which people.
        #[serde(default)]
        pub filter: ReadinessFilter,
        /// The date.
        pub on: Day,
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

impl TrackerOperation for ReadinessMatrixInput {
    fn run(self, t: &Tracker) -> Result<ReadinessPage> {
        t.readiness_matrix(&self.filter, self.on, self.page)
    }
}

operation! {
    /// How many of the people of `filter` are ready on `on`, and how many
    /// meet, are expiring on, or miss each requirement.
    pub struct ReadinessCountsInput as "readiness_counts" -> ReadinessCounts {
        /// Which people.
        #[serde(default)]
        pub filter: ReadinessFilter,
        /// The date.
        pub on: Day,
    }
}

impl TrackerOperation for ReadinessCountsInput {
    fn run(self, t: &Tracker) -> Result<ReadinessCounts> {
        t.readiness_counts(&self.filter, self.on)
    }
}

operation! {
    /// A site's view of a candidate on `on`: the requirements the site
    /// states, met only by licences shared with it.
    pub struct SiteReadinessInput as "site_readiness" -> PersonReadiness {
        /// The site.
        pub site_id: String,
        /// The candidate.
        pub candidate_id: String,
        /// The date.
        pub on: Day,
        /// The party asking: that site, or, when absent, the staff.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for SiteReadinessInput {
    fn run(self, t: &Tracker) -> Result<PersonReadiness> {
        t.site_readiness(
            &self.site_id,
            &self.candidate_id,
            self.on,
            &self.party.unwrap_or_default(),
        )
    }
}

operation! {
    /// The readiness matrix on `on` for the people of `filter` as CSV: one
    /// row per person (id, name, location, department, ready `yes` or
    /// `no`), then a column per requirement named after it holding `met`,
    /// `expiring YYYY-MM-DD` or `missing: <reason>`.
    pub struct ExportReadinessCsvInput as "export_readiness_csv" -> CsvExport {
        /// Which people.
        #[serde(default)]
        pub filter: ReadinessFilter,
        /// The date.
        pub on: Day,
    }
}

impl TrackerOperation for ExportReadinessCsvInput {
    fn run(self, t: &Tracker) -> Result<CsvExport> {
        let csv = t.export_readiness_csv(&self.filter, self.on)?;
        Ok(CsvExport { csv })
    }
}

operation! {
    /// Approves a licence awaiting approval: it counts and gets reminders.
    /// The context's actor must be an active administrator or manager other
    /// than the holder.
    pub struct ApproveLicenceInput as "approve_licence" (writes) -> LicenceRecord {
        /// Who decides (a person's id), and when.
        pub ctx: Context,
        /// The licence's id.
        pub id: String,
    }
}

impl TrackerOperation for ApproveLicenceInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecord> {
        t.approve_licence(&self.ctx, &self.id)
    }
}

operation! {
    /// Rejects a licence awaiting approval with a reason its holder sees;
    /// editing its evidence makes it pending again.
    pub struct RejectLicenceInput as "reject_licence" (writes) -> LicenceRecord {
        /// Who decides (a person's id), and when.
        pub ctx: Context,
        /// The licence's id.
        pub id: String,
        /// Why.
        pub reason: String,
    }
}

impl TrackerOperation for RejectLicenceInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecord> {
        t.reject_licence(&self.ctx, &self.id, &self.reason)
    }
}

operation! {
    /// The licences awaiting approval, by id.
    pub struct ApprovalsInput as "approvals" -> LicenceRecordList {
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

impl TrackerOperation for ApprovalsInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecordList> {
        let listing = t.approvals(self.page)?;
        Ok(LicenceRecordList {
            licences: listing.items,
            next_offset: listing.next_offset,
        })
    }
}
