//! An organisation's settings: default reminder policy, expiring window,
//! attachment size limit and retention.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::expiry::Window;
use crate::model::DEFAULT_ATTACHMENT_LIMIT;
use crate::policy::ReminderPolicy;
use crate::purge::Retention;

/// An organisation's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Settings {
    /// The reminder policy of types without their own.
    #[serde(default)]
    pub default_policy: ReminderPolicy,
    /// The expiring window.
    #[serde(default)]
    pub window: Window,
    /// The largest attachment accepted, in bytes.
    #[serde(default = "default_attachment_limit")]
    pub attachment_limit: u64,
    /// How long expired and deleted licences are kept.
    #[serde(default)]
    pub retention: Retention,
}

fn default_attachment_limit() -> u64 {
    DEFAULT_ATTACHMENT_LIMIT
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            default_policy: ReminderPolicy::default(),
            window: Window::default(),
            attachment_limit: DEFAULT_ATTACHMENT_LIMIT,
            retention: Retention::default(),
        }
    }
}

impl Settings {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        self.default_policy.validate()?;
        self.retention.validate()
    }
}
