//! Reminders due on a date, and their digests per recipient.

use licence_core::reminders;

use crate::mirror::{all, text_of};

/// A reminder due: send it, then acknowledge it with its `trigger` date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DueReminder {
    /// The licence.
    pub licence_id: String,
    /// Its holder.
    pub holder_id: String,
    /// The holder's display name.
    pub holder_name: String,
    /// Its licence type.
    pub type_id: String,
    /// The type's name.
    pub type_name: String,
    /// The expiry date, `YYYY-MM-DD`.
    pub expiry: String,
    /// The trigger date: acknowledge with this date.
    pub trigger: String,
    /// The lead, such as `"1 months"`, for a reminder before (or on) the
    /// expiry day.
    pub lead: Option<String>,
    /// For an after-expiry reminder, which one (1 = the first); 0 before.
    pub occurrence: u16,
    /// Expiry − today.
    pub days_left: i32,
    /// Earlier unacknowledged reminders skipped in favour of this one.
    pub skipped: u16,
    /// Who receives it, without duplicates.
    pub recipients: Vec<String>,
}

impl From<reminders::DueReminder> for DueReminder {
    fn from(r: reminders::DueReminder) -> Self {
        Self {
            licence_id: r.licence_id,
            holder_id: r.holder_id,
            holder_name: r.holder_name,
            type_id: r.type_id,
            type_name: r.type_name,
            expiry: r.expiry.to_string(),
            trigger: r.trigger.to_string(),
            lead: text_of(r.lead),
            occurrence: r.occurrence,
            days_left: r.days_left,
            skipped: r.skipped,
            recipients: r.recipients,
        }
    }
}

/// One recipient's reminders of a day, for a single message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Digest {
    /// The recipient's address.
    pub recipient: String,
    /// The reminders, soonest expiry first.
    pub reminders: Vec<DueReminder>,
}

impl From<reminders::Digest> for Digest {
    fn from(d: reminders::Digest) -> Self {
        Self {
            recipient: d.recipient,
            reminders: all(d.reminders),
        }
    }
}
