//! Who acts, and the people who hold licences.

use licence_core::{model, tracker};

use crate::error::LicenceError;
use crate::mirror::day;

/// Who acts, and when: recorded in the audit log of every change.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Context {
    /// The acting user, as the app names them.
    pub actor: String,
    /// When, as seconds since 1970-01-01 UTC.
    pub at: i64,
}

impl From<Context> for tracker::Context {
    fn from(ctx: Context) -> Self {
        Self::new(ctx.actor, ctx.at)
    }
}

mirror_enum! {
    /// What a person may do in the organisation.
    Role = model::Role {
        /// Takes courses.
        Delegate,
        /// Delivers courses.
        Trainer,
        /// Administers the organisation's records; receives reminders.
        Administrator,
        /// Books courses for others.
        Booker,
        /// Manages a team; may receive escalated reminders.
        Manager,
    }
}

/// Someone who holds licences and takes courses.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Person {
    /// App-assigned id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The date the person was registered, `YYYY-MM-DD`.
    pub registered_on: String,
    /// E-mail address; without one the person receives no reminders.
    #[uniffi(default = None)]
    pub email: Option<String>,
    /// Work location.
    #[uniffi(default = None)]
    pub location: Option<String>,
    /// Department.
    #[uniffi(default = None)]
    pub department: Option<String>,
    /// The person's roles, without duplicates.
    #[uniffi(default = [])]
    pub roles: Vec<Role>,
    /// Whether the person is active.
    #[uniffi(default = true)]
    pub active: bool,
}

impl TryFrom<Person> for model::Person {
    type Error = LicenceError;

    fn try_from(p: Person) -> Result<Self, LicenceError> {
        Ok(Self {
            registered_on: day("person.registered_on", &p.registered_on)?,
            id: p.id,
            name: p.name,
            email: p.email,
            location: p.location,
            department: p.department,
            roles: p.roles.into_iter().map(Into::into).collect(),
            active: p.active,
        })
    }
}

impl From<model::Person> for Person {
    fn from(p: model::Person) -> Self {
        Self {
            id: p.id,
            name: p.name,
            registered_on: p.registered_on.to_string(),
            email: p.email,
            location: p.location,
            department: p.department,
            roles: p.roles.into_iter().map(Into::into).collect(),
            active: p.active,
        }
    }
}
