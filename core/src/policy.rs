//! Reminder policies (SPEC §3.2): lead times, after-expiry repeats and who is
//! reminded.

use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::error::{Error, Result};
use crate::validate;

/// The most lead times one policy may have.
pub const MAX_LEADS: usize = 16;
/// The most after-expiry reminders one policy may send.
pub const MAX_AFTER_EXPIRY_TIMES: u16 = 52;
/// The most extra recipients one policy may have.
pub const MAX_EXTRA_RECIPIENTS: usize = 50;

/// When a group of people is reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Never.
    Never,
    /// For every reminder, before and after expiry.
    Always,
    /// Only once the licence has expired (escalation).
    OnceExpired,
}

impl Audience {
    /// Whether this audience receives a reminder sent `after_expiry` or not.
    pub fn includes(self, after_expiry: bool) -> bool {
        match self {
            Self::Never => false,
            Self::Always => true,
            Self::OnceExpired => after_expiry,
        }
    }
}

/// Reminders repeated after expiry until the licence is renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AfterExpiry {
    /// Days between two reminders (the first comes this many days after expiry).
    pub every_days: u16,
    /// How many reminders at most.
    pub times: u16,
}

/// Who is reminded and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReminderPolicy {
    /// Lead times before expiry; `0 days` is the expiry day itself.
    pub leads: Vec<Period>,
    /// Reminders after expiry, if any.
    #[serde(default)]
    pub after_expiry: Option<AfterExpiry>,
    /// Whether the holder is reminded (only if they have an e-mail address).
    #[serde(default = "yes")]
    pub holder: bool,
    /// When the organisation's administrators are reminded.
    #[serde(default = "always")]
    pub administrators: Audience,
    /// When the holder's managers are reminded.
    #[serde(default = "once_expired")]
    pub managers: Audience,
    /// Further addresses (supervisors, an office inbox).
    #[serde(default)]
    pub extra_recipients: Vec<String>,
}

fn yes() -> bool {
    true
}

fn always() -> Audience {
    Audience::Always
}

fn once_expired() -> Audience {
    Audience::OnceExpired
}

impl Default for ReminderPolicy {
    /// Three months, one month, one week and the day itself; then weekly for
    /// four weeks after expiry, escalated to managers.
    fn default() -> Self {
        Self {
            leads: vec![
                Period::months(3),
                Period::months(1),
                Period::weeks(1),
                Period::days(0),
            ],
            after_expiry: Some(AfterExpiry {
                every_days: 7,
                times: 4,
            }),
            holder: true,
            administrators: Audience::Always,
            managers: Audience::OnceExpired,
            extra_recipients: Vec::new(),
        }
    }
}

impl ReminderPolicy {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        if self.leads.len() > MAX_LEADS {
            return Err(Error::limit("number of reminder leads", MAX_LEADS as u64));
        }
        for (i, lead) in self.leads.iter().enumerate() {
            lead.validate("policy.leads")?;
            if self.leads[..i].contains(lead) {
                return Err(Error::invalid(
                    "policy.leads",
                    format!("`{lead}` is listed twice"),
                ));
            }
        }
        if let Some(after) = self.after_expiry {
            if after.every_days == 0 || after.every_days > 366 {
                return Err(Error::invalid(
                    "policy.after_expiry.every_days",
                    format!("`{}` is not between 1 and 366", after.every_days),
                ));
            }
            if after.times == 0 || after.times > MAX_AFTER_EXPIRY_TIMES {
                return Err(Error::invalid(
                    "policy.after_expiry.times",
                    format!(
                        "`{}` is not between 1 and {MAX_AFTER_EXPIRY_TIMES}",
                        after.times
                    ),
                ));
            }
        }
        if self.extra_recipients.len() > MAX_EXTRA_RECIPIENTS {
            return Err(Error::limit(
                "number of extra recipients",
                MAX_EXTRA_RECIPIENTS as u64,
            ));
        }
        for address in &self.extra_recipients {
            validate::email("policy.extra_recipients", address)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn default_policy_is_valid() {
        assert_eq!(ReminderPolicy::default().validate(), Ok(()));
    }

    #[test]
    fn rejects_bad_policies() {
        let kind = |p: ReminderPolicy| p.validate().err().map(|e| e.kind());
        let mut twice = ReminderPolicy::default();
        twice.leads.push(Period::months(1));
        assert_eq!(kind(twice), Some(ErrorKind::InvalidInput));
        let many = ReminderPolicy {
            leads: (0..17).map(Period::days).collect(),
            ..Default::default()
        };
        assert_eq!(kind(many), Some(ErrorKind::LimitExceeded));
        let zero = ReminderPolicy {
            after_expiry: Some(AfterExpiry {
                every_days: 0,
                times: 1,
            }),
            ..Default::default()
        };
        assert_eq!(kind(zero), Some(ErrorKind::InvalidInput));
        let mut address = ReminderPolicy::default();
        address.extra_recipients.push("office".into());
        assert_eq!(kind(address), Some(ErrorKind::InvalidInput));
    }

    #[test]
    fn escalation_audience() {
        assert!(!Audience::OnceExpired.includes(false));
        assert!(Audience::OnceExpired.includes(true));
        assert!(Audience::Always.includes(false));
        assert!(!Audience::Never.includes(true));
    }
}
