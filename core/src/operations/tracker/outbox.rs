//! Reminders, the audit log and retention.

use serde::{Deserialize, Serialize};

use crate::audit::{AuditEntry, AuditQuery};
use crate::operations::{DigestList, Purged, ReminderList, TrackerOperation, operation};
use crate::store::{AcknowledgementRecord, Page};
use crate::tracker::{Context, Tracker};
use crate::{Day, Result};

operation! {
    /// The reminders due on `today` (the outbox): at most one per licence,
    /// with its recipients.
    pub struct RemindersDueInput as "due_reminders" -> ReminderList {
        /// The date.
        pub today: Day,
    }
}

impl TrackerOperation for RemindersDueInput {
    fn run(self, t: &Tracker) -> Result<ReminderList> {
        let reminders = t.due_reminders(self.today)?;
        Ok(ReminderList { reminders })
    }
}

operation! {
    /// Hands the reminders due on `today` to `worker` for `lease_seconds`
    /// (at most a day), soonest expiry first, at most `limit` (all when
    /// left out): for several servers sending the same organisation's
    /// reminders. A reminder another worker claimed is not handed out until
    /// its lease lapses (at the context's time); the same worker claiming
    /// again gets its own back with a new lease; acknowledging releases the
    /// claim for good.
    pub struct ClaimRemindersInput as "claim_reminders" (writes) -> ReminderList {
        /// Who acts, and when: the lease runs from this time.
        pub ctx: Context,
        /// The date.
        pub today: Day,
        /// The worker (a server or process) claiming them.
        pub worker: String,
        /// How long the claim lasts, in seconds.
        pub lease_seconds: u32,
        /// The most reminders to claim.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
    }
}

impl TrackerOperation for ClaimRemindersInput {
    fn run(self, t: &Tracker) -> Result<ReminderList> {
        let reminders = t.claim_reminders(
            &self.ctx,
            self.today,
            &self.worker,
            self.lease_seconds,
            self.limit,
        )?;
        Ok(ReminderList { reminders })
    }
}

operation! {
    /// The reminders due on `today`, one digest per recipient.
    pub struct ReminderDigestsInput as "digests" -> DigestList {
        /// The date.
        pub today: Day,
    }
}

impl TrackerOperation for ReminderDigestsInput {
    fn run(self, t: &Tracker) -> Result<DigestList> {
        let digests = t.digests(self.today)?;
        Ok(DigestList { digests })
    }
}

operation! {
    /// Marks a reminder as sent: it is never due again. Acknowledging twice
    /// is harmless.
    pub struct AcknowledgeInput as "acknowledge" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The licence.
        pub licence_id: String,
        /// The expiry the reminder was for.
        pub expiry: Day,
        /// The reminder's trigger date.
        pub trigger: Day,
    }
}

impl TrackerOperation for AcknowledgeInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.acknowledge(&self.ctx, &self.licence_id, self.expiry, self.trigger)
    }
}

/// Reminders acknowledged as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AcknowledgementList {
    /// The acknowledgements, oldest first.
    pub acknowledgements: Vec<AcknowledgementRecord>,
}

operation! {
    /// A licence's acknowledged reminders, oldest first.
    pub struct AcknowledgementsInput as "acknowledgements" -> AcknowledgementList {
        /// The licence.
        pub licence_id: String,
    }
}

impl TrackerOperation for AcknowledgementsInput {
    fn run(self, t: &Tracker) -> Result<AcknowledgementList> {
        let acknowledgements = t.acknowledgements(&self.licence_id)?;
        Ok(AcknowledgementList { acknowledgements })
    }
}

/// Audit entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntryList {
    /// The entries, oldest first.
    pub entries: Vec<AuditEntry>,
}

operation! {
    /// The audit entries about a record or a person, oldest first.
    pub struct AuditInput as "audit" -> AuditEntryList {
        /// Which entries.
        pub query: AuditQuery,
    }
}

impl TrackerOperation for AuditInput {
    fn run(self, t: &Tracker) -> Result<AuditEntryList> {
        let entries = t.audit(&self.query)?;
        Ok(AuditEntryList { entries })
    }
}

/// One page of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChangeFeed {
    /// The entries after the cursor, oldest first.
    pub entries: Vec<AuditEntry>,
    /// The cursor to ask from next: the number (`seq`) of the last entry
    /// returned, or the cursor given when there was none.
    pub cursor: u64,
}

operation! {
    /// The change feed: the audit entries numbered after `after`, oldest
    /// first, at most `limit` (1,000 unless given, at most 10,000). The host
    /// stores the `cursor` it gets once it has processed the entries and
    /// asks again from it: delivery is at least once, and resumes after a
    /// crash. Numbers are never reused, also across purges.
    pub struct ChangesInput as "changes" -> ChangeFeed {
        /// The cursor: the number of the last entry processed (0: from the
        /// start).
        #[serde(default)]
        pub after: u64,
        /// The most entries to return.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
    }
}

impl TrackerOperation for ChangesInput {
    fn run(self, t: &Tracker) -> Result<ChangeFeed> {
        let limit = self.limit.unwrap_or_else(Page::default_limit);
        let entries = t.changes(self.after, limit)?;
        let cursor = entries.last().map_or(self.after, |entry| entry.seq);
        Ok(ChangeFeed { entries, cursor })
    }
}

/// The licences purged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PurgedList {
    /// Each licence and why.
    pub purged: Vec<Purged>,
}

operation! {
    /// Deletes the licences (with their attachments) that the retention
    /// policy no longer keeps on `today`, keeping an audit entry.
    pub struct PurgeLicencesInput as "purge" (writes) -> PurgedList {
        /// Who acts, and when.
        pub ctx: Context,
        /// The date.
        pub today: Day,
    }
}

impl TrackerOperation for PurgeLicencesInput {
    fn run(self, t: &Tracker) -> Result<PurgedList> {
        let purged = t
            .purge(&self.ctx, self.today)?
            .into_iter()
            .map(|(id, reason)| Purged { id, reason })
            .collect();
        Ok(PurgedList { purged })
    }
}
