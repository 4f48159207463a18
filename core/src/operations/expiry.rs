//! Rule operations for expiry status, reminders, digests and renewals.

use serde::{Deserialize, Serialize};

use super::{RuleOperation, operation};
use crate::expiry::{Expiry, Status, Window, evaluate_all};
use crate::model::{Licence, LicenceType, Person};
use crate::policy::ReminderPolicy;
use crate::reminders::{Acknowledgement, Digest, DueReminder, Roster, digests};
use crate::renewal::renewed_expiry;
use crate::{Day, Period, Result};

/// The expiring window of `days`, or the default one.
pub(crate) fn window(days: Option<u32>) -> Result<Window> {
    days.map_or(Ok(Window::default()), Window::new)
}

operation! {
    /// The status and days left of every licence of a batch on `today`.
    pub struct StatusInput as "status" -> StatusOutput {
        /// The date to evaluate on.
        pub today: Day,
        /// The expiring window in days (90 when absent).
        #[serde(default)]
        pub window_days: Option<u32>,
        /// Each licence's expiry date; `null` for one that never expires.
        pub expiries: Vec<Option<Day>>,
    }
}

/// One licence's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusResult {
    /// Active, expiring or expired.
    pub status: Status,
    /// Expiry − today, negative once expired; absent without an expiry.
    pub days_left: Option<i32>,
}

/// The statuses of a batch, in batch order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusOutput {
    /// One result per licence.
    pub results: Vec<StatusResult>,
}

impl RuleOperation for StatusInput {
    fn run(self) -> Result<StatusOutput> {
        let expiries: Vec<Expiry> = self.expiries.iter().map(|d| Expiry::from_day(*d)).collect();
        let results = evaluate_all(&expiries, self.today, window(self.window_days)?)?;
        let results = results
            .iter()
            .map(|r| StatusResult {
                status: r.status,
                days_left: r.days_left(),
            })
            .collect();
        Ok(StatusOutput { results })
    }
}

operation! {
    /// The reminders due on `today` for an organisation's records kept by
    /// the host: at most one per licence, the most urgent.
    pub struct DueRemindersInput as "due_reminders" -> ReminderList {
        /// The date the reminders are due on.
        pub today: Day,
        /// The organisation's default reminder policy.
        #[serde(default)]
        pub default_policy: ReminderPolicy,
        /// The holders, and the administrators and managers to remind.
        pub people: Vec<Person>,
        /// The licence types, with their own policies.
        pub types: Vec<LicenceType>,
        /// The licences.
        pub licences: Vec<Licence>,
        /// The reminders already sent.
        #[serde(default)]
        pub acknowledgements: Vec<Acknowledgement>,
    }
}

/// Due reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReminderList {
    /// The reminders, each with its recipients.
    pub reminders: Vec<DueReminder>,
}

impl RuleOperation for DueRemindersInput {
    fn run(self) -> Result<ReminderList> {
        // The host's people are checked here; a tracker's were checked when
        // stored, and one kept from an older version never fails a batch.
        for (i, person) in self.people.iter().enumerate() {
            let field = format!("people[{i}].email");
            crate::validate::optional(&field, person.email.as_deref(), crate::validate::email)?;
        }
        let roster = Roster::new(&self.people, &self.types, &self.default_policy)?;
        let reminders = roster.due_reminders(&self.licences, &self.acknowledgements, self.today)?;
        Ok(ReminderList { reminders })
    }
}

operation! {
    /// The reminders due on `today`, grouped into one digest per recipient.
    pub struct DigestsInput as "digests" -> DigestList {
        /// The same records as `due_reminders`.
        #[serde(flatten)]
        pub records: DueRemindersInput,
    }
}

/// One message per recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DigestList {
    /// The digests, recipients in case-insensitive order.
    pub digests: Vec<Digest>,
}

impl RuleOperation for DigestsInput {
    fn run(self) -> Result<DigestList> {
        let due = self.records.run()?;
        Ok(DigestList {
            digests: digests(&due.reminders),
        })
    }
}

operation! {
    /// The trigger date of a reminder `lead` before `expiry`, months clamped
    /// to the end of a shorter month.
    pub struct TriggerDateInput as "trigger_date" -> TriggerDateOutput {
        /// The expiry date.
        pub expiry: Day,
        /// The lead before it.
        pub lead: Period,
    }
}

/// A reminder's trigger date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TriggerDateOutput {
    /// Expiry − lead.
    pub trigger: Day,
}

impl RuleOperation for TriggerDateInput {
    fn run(self) -> Result<TriggerDateOutput> {
        Ok(TriggerDateOutput {
            trigger: self.lead.derive_before(self.expiry, "the trigger date")?,
        })
    }
}

operation! {
    /// The expiry of a licence renewed on `renewed_on`, counted as its type
    /// says (from completion, or from the previous expiry inside the window
    /// or the grace period).
    pub struct RenewalInput as "renewal" -> RenewalOutput {
        /// The licence type.
        pub licence_type: LicenceType,
        /// The validity to use instead of the type's (a course's, say).
        #[serde(default)]
        pub validity: Option<Period>,
        /// The renewed licence's expiry, if it had one.
        #[serde(default)]
        pub previous_expiry: Option<Day>,
        /// The renewal date.
        pub renewed_on: Day,
        /// The expiring window in days (90 when absent).
        #[serde(default)]
        pub window_days: Option<u32>,
    }
}

/// A renewal's expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenewalOutput {
    /// The new expiry; absent when the licence never expires.
    pub expiry: Option<Day>,
}

impl RuleOperation for RenewalInput {
    fn run(self) -> Result<RenewalOutput> {
        self.licence_type.validate()?;
        let validity = self.validity.or(self.licence_type.validity);
        let expiry = renewed_expiry(
            &self.licence_type,
            validity,
            self.previous_expiry,
            self.renewed_on,
            window(self.window_days)?,
        )?;
        Ok(RenewalOutput { expiry })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::fixtures::{self, day};

    #[test]
    fn the_hosts_people_have_one_address_each() {
        let mut ana = fixtures::person("ana", None, None);
        ana.email = Some("Ana <ana@example.org>".into());
        let input = DueRemindersInput {
            today: day("2026-06-01"),
            default_policy: Default::default(),
            people: vec![fixtures::person("bo", None, None), ana],
            types: Vec::new(),
            licences: Vec::new(),
            acknowledgements: Vec::new(),
        };
        let refused = input.run().err();
        assert!(
            matches!(&refused, Some(crate::Error::InvalidInput { field, .. }) if field == "people[1].email"),
            "{refused:?}"
        );
    }

    #[test]
    fn dates_outside_the_years_are_limit_errors() {
        let trigger = |expiry: &str| {
            TriggerDateInput {
                expiry: day(expiry),
                lead: Period::months(3),
            }
            .run()
            .map(|o| o.trigger)
        };
        assert_eq!(trigger("0001-04-01"), Ok(day("0001-01-01")));
        assert_eq!(
            trigger("0001-03-31").map_err(|e| e.kind()),
            Err(ErrorKind::LimitExceeded)
        );
        let renewal = RenewalInput {
            licence_type: fixtures::forklift(),
            validity: None,
            previous_expiry: None,
            renewed_on: day("9997-01-01"),
            window_days: None,
        };
        assert_eq!(
            renewal.run().map_err(|e| e.to_string()),
            Err("the year of the renewed expiry (3 years after 9997-01-01) exceeds the limit of 9999".into())
        );
    }
}
