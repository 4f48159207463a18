//! The records the engine reasons about (SPEC §1), each with a `validate`
//! that returns a typed error for the first field at fault.

use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Period};
use crate::error::{Error, Result, echo};
use crate::fields::{self, FieldValues};
use crate::policy::ReminderPolicy;
use crate::validate;

/// Seconds since 1970-01-01 UTC, supplied by the host (audit, created/changed).
pub type Timestamp = i64;

/// What a person may do in the organisation; a person may have several.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
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

/// Someone who holds licences and takes courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Person {
    /// Host-assigned id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// E-mail address; without one the person receives no reminders.
    #[serde(default)]
    pub email: Option<String>,
    /// Work location, used by reports and allocation rules.
    #[serde(default)]
    pub location: Option<String>,
    /// Department, used by reports, allocation rules and manager escalation.
    #[serde(default)]
    pub department: Option<String>,
    /// The person's roles, without duplicates.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The date the person was registered.
    pub registered_on: Day,
    /// Whether the person is active; an inactive person keeps history but
    /// gets no reminders and no new allocations.
    #[serde(default = "yes")]
    pub active: bool,
    /// The day the person moved to their location; until then (or when
    /// absent) `registered_on` counts. The allocation rules of a location
    /// count it as the person's registration date (SPEC §4.2). The tracker
    /// sets it when an update changes the location; a registration keeps
    /// the host's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_since: Option<Day>,
    /// The day the person moved to their department, as `location_since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_since: Option<Day>,
    /// Values of the organisation's custom fields for people.
    #[serde(default, deserialize_with = "crate::fields::deserialize_values")]
    pub fields: FieldValues,
    /// The person's positions: host-defined labels such as
    /// `forklift-driver`, which requirements can be scoped to (SPEC §9).
    #[serde(default)]
    pub positions: Vec<String>,
    /// The person's line manager, another registered person: escalated
    /// reminders go to them rather than to the department's managers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_manager: Option<String>,
}

/// The most positions a person may hold.
pub const MAX_POSITIONS: usize = 64;

fn yes() -> bool {
    true
}

impl Person {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        validate::id("person.id", &self.id)?;
        validate::name("person.name", &self.name)?;
        validate::optional("person.email", self.email.as_deref(), validate::email)?;
        validate::optional(
            "person.location",
            self.location.as_deref(),
            validate::short_text,
        )?;
        validate::optional(
            "person.department",
            self.department.as_deref(),
            validate::short_text,
        )?;
        fields::validate_values("person.fields", &self.fields)?;
        if self.positions.len() > MAX_POSITIONS {
            return Err(Error::limit(
                "positions a person holds",
                MAX_POSITIONS as u64,
            ));
        }
        for (i, position) in self.positions.iter().enumerate() {
            validate::id("person.positions", position)?;
            if self.positions[..i].contains(position) {
                return Err(Error::invalid(
                    "person.positions",
                    format!("position `{}` is listed twice", echo(position)),
                ));
            }
        }
        if let Some(manager) = &self.line_manager {
            validate::id("person.line_manager", manager)?;
            if *manager == self.id {
                return Err(Error::invalid(
                    "person.line_manager",
                    "a person cannot be their own line manager",
                ));
            }
        }
        for (i, role) in self.roles.iter().enumerate() {
            if self.roles[..i].contains(role) {
                return Err(Error::invalid(
                    "person.roles",
                    format!("role `{role:?}` is listed twice"),
                ));
            }
        }
        Ok(())
    }

    /// The day the person joined their current location: the later of
    /// `registered_on` and `location_since`.
    pub fn at_location_since(&self) -> Day {
        self.location_since
            .map_or(self.registered_on, |d| d.max(self.registered_on))
    }

    /// The day the person joined their current department, as
    /// [`Person::at_location_since`].
    pub fn in_department_since(&self) -> Day {
        self.department_since
            .map_or(self.registered_on, |d| d.max(self.registered_on))
    }

    /// Whether the person has `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// What a licence type tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    /// A licence such as a driver's licence or a trade ticket.
    Licence,
    /// A certification such as first aid.
    Certification,
    /// A qualification.
    Qualification,
    /// A site or company induction.
    Induction,
    /// Tools, vehicles and other equipment with an inspection due date.
    Equipment,
}

/// How a renewal's expiry is counted when it is derived from a validity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RenewalBasis {
    /// New expiry = renewal date + validity.
    #[default]
    FromCompletion,
    /// Renewing inside the expiring window (or the grace period) keeps the
    /// cycle: new expiry = old expiry + validity.
    FromPreviousExpiry,
}

/// A catalogue entry of licences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceType {
    /// Host-assigned id.
    pub id: String,
    /// Name, unique in the organisation compared case-insensitively.
    pub name: String,
    /// What the type tracks.
    pub kind: LicenceKind,
    /// Validity used to derive an expiry from the acquired date.
    #[serde(default)]
    pub validity: Option<Period>,
    /// How renewals count the new period.
    #[serde(default)]
    pub renewal_basis: RenewalBasis,
    /// Days after expiry during which a renewal keeps the old cycle.
    #[serde(default)]
    pub grace_days: u16,
    /// Reminder policy overriding the organisation's default.
    #[serde(default)]
    pub policy: Option<ReminderPolicy>,
    /// Whether a licence of this type that its holder records waits for
    /// an administrator's or a manager's approval (SPEC §10).
    #[serde(default)]
    pub requires_approval: bool,
    /// A calendar date the type renews on every year, instead of a
    /// validity period (SPEC §3.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_renewal: Option<FixedRenewal>,
}

/// A yearly renewal date (SPEC §3.5): licences expire on `month`-`day`
/// (29 February is 28 February in common years), the first one on or
/// after the acquired date that leaves at least `min_active` between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixedRenewal {
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month.
    pub day: u8,
    /// The shortest time a new licence is valid; when the next fixed date
    /// is closer than this, the one a year later is its expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_active: Option<Period>,
}

/// The longest grace period accepted, in days.
pub const MAX_GRACE_DAYS: u16 = 366;

impl LicenceType {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        validate::id("licence_type.id", &self.id)?;
        validate::name("licence_type.name", &self.name)?;
        if let Some(validity) = &self.validity {
            validity.validate("licence_type.validity")?;
            if validity.amount == 0 {
                return Err(Error::invalid(
                    "licence_type.validity",
                    "must be longer than zero",
                ));
            }
        }
        if self.grace_days > MAX_GRACE_DAYS {
            return Err(Error::invalid(
                "licence_type.grace_days",
                format!("`{}` is more than {MAX_GRACE_DAYS}", self.grace_days),
            ));
        }
        if let Some(policy) = &self.policy {
            policy.validate()?;
        }
        if let Some(fixed) = &self.fixed_renewal {
            fixed.validate("licence_type.fixed_renewal")?;
            if self.validity.is_some() {
                return Err(Error::invalid(
                    "licence_type.fixed_renewal",
                    "a type renews either on a fixed date or after its validity, not both",
                ));
            }
        }
        Ok(())
    }

    /// The name folded for case-insensitive uniqueness checks.
    pub fn name_key(name: &str) -> String {
        fields::folded(name)
    }
}

/// Who owns a licence (SPEC §5).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The holder owns it.
    #[default]
    Candidate,
    /// The site with this id owns it; the holder cannot see it.
    Site(String),
}

/// One credential held by one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Licence {
    /// Host-assigned id.
    pub id: String,
    /// The person who holds it.
    pub holder_id: String,
    /// Its licence type.
    pub type_id: String,
    /// Reference (card or certificate) number.
    #[serde(default)]
    pub reference: Option<String>,
    /// Who issued it.
    #[serde(default)]
    pub issuer: Option<String>,
    /// When it was acquired.
    #[serde(default)]
    pub acquired: Option<Day>,
    /// The last day it is valid; `None` never expires.
    #[serde(default)]
    pub expiry: Option<Day>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
    /// Who owns it.
    #[serde(default)]
    pub owner: Owner,
    /// The licence this one renews, if any.
    #[serde(default)]
    pub renews: Option<String>,
    /// The licence that renewed this one; a superseded licence is history.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// Values of the organisation's custom fields for licences.
    #[serde(default, deserialize_with = "crate::fields::deserialize_values")]
    pub fields: FieldValues,
}

impl Licence {
    /// Checks every field, including expiry ≥ acquired.
    pub fn validate(&self) -> Result<()> {
        validate::id("licence.id", &self.id)?;
        validate::id("licence.holder_id", &self.holder_id)?;
        validate::id("licence.type_id", &self.type_id)?;
        validate::optional(
            "licence.reference",
            self.reference.as_deref(),
            validate::short_text,
        )?;
        validate::optional(
            "licence.issuer",
            self.issuer.as_deref(),
            validate::short_text,
        )?;
        validate::text("licence.notes", &self.notes)?;
        fields::validate_values("licence.fields", &self.fields)?;
        validate::optional("licence.renews", self.renews.as_deref(), validate::id)?;
        if let Owner::Site(site) = &self.owner {
            validate::id("licence.owner", site)?;
        }
        if let (Some(acquired), Some(expiry)) = (self.acquired, self.expiry)
            && expiry < acquired
        {
            return Err(Error::invalid(
                "licence.expiry",
                format!("`{expiry}` is before the acquired date `{acquired}`"),
            ));
        }
        Ok(())
    }

    /// Whether a newer licence has replaced this one.
    pub fn is_superseded(&self) -> bool {
        self.superseded_by.is_some()
    }
}

/// Where a licence stands in approval (SPEC §10). Only an approved licence
/// counts towards requirements and gets reminders.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// Approved, or of a type that needs no approval.
    #[default]
    Approved,
    /// Recorded by its holder; waits for an administrator or a manager.
    Pending,
    /// Rejected, with a reason; editing its evidence makes it pending again.
    Rejected,
}

impl Approval {
    /// The state's name, as in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }
}

/// The default attachment size limit: 10 MiB.
pub const DEFAULT_ATTACHMENT_LIMIT: u64 = 10 * 1024 * 1024;

/// Metadata of a file kept with a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Attachment {
    /// Host-assigned id.
    pub id: String,
    /// The licence it belongs to.
    pub licence_id: String,
    /// The file's name.
    pub file_name: String,
    /// Its media type, such as `application/pdf`.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
}

impl Attachment {
    /// Checks every field against `size_limit` bytes.
    pub fn validate(&self, size_limit: u64) -> Result<()> {
        validate::id("attachment.id", &self.id)?;
        validate::id("attachment.licence_id", &self.licence_id)?;
        validate::file_name("attachment.file_name", &self.file_name)?;
        let media_ok = self.media_type.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty() && !b.is_empty() && !self.media_type.contains(char::is_whitespace)
        });
        if !media_ok {
            return Err(Error::invalid(
                "attachment.media_type",
                format!(
                    "`{}` is not a media type such as `application/pdf`",
                    echo(&self.media_type)
                ),
            ));
        }
        if self.size > size_limit {
            return Err(Error::limit("attachment size in bytes", size_limit));
        }
        let hex_ok = self.sha256.len() == 64
            && self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex_ok {
            return Err(Error::invalid(
                "attachment.sha256",
                "must be 64 lowercase hex digits",
            ));
        }
        Ok(())
    }
}

/// Something a person is trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Course {
    /// Host-assigned id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The licence type that completing the course issues.
    #[serde(default)]
    pub issues_type_id: Option<String>,
    /// Validity of the issued licence (the type's validity when absent).
    #[serde(default)]
    pub validity: Option<Period>,
}

impl Course {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        validate::id("course.id", &self.id)?;
        validate::name("course.title", &self.title)?;
        validate::optional(
            "course.issues_type_id",
            self.issues_type_id.as_deref(),
            validate::id,
        )?;
        if let Some(validity) = &self.validity {
            validity.validate("course.validity")?;
            if self.issues_type_id.is_none() {
                return Err(Error::invalid(
                    "course.validity",
                    "needs a licence type that the course issues",
                ));
            }
        }
        Ok(())
    }
}

/// The state of a course seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeatState {
    /// Open: the person may take the course.
    Allocated,
    /// The person completed the course.
    Completed,
    /// The seat was withdrawn.
    Revoked,
}

/// How a seat was given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeatSource {
    /// By hand.
    Manual,
    /// By the allocation rule with this id.
    Rule(String),
    /// Automatically again, because the issued licence is expiring.
    Recertification,
}

/// A person's entitlement to take a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Seat {
    /// Host-assigned id.
    pub id: String,
    /// Who may take the course.
    pub person_id: String,
    /// Which course.
    pub course_id: String,
    /// How it was given.
    pub source: SeatSource,
    /// When it was given.
    pub given_on: Day,
    /// Its state.
    pub state: SeatState,
    /// When it was completed, if it was.
    #[serde(default)]
    pub completed_on: Option<Day>,
}

/// A client employer that candidates' licences can be shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Site {
    /// Host-assigned id.
    pub id: String,
    /// Name.
    pub name: String,
}

impl Site {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        validate::id("site.id", &self.id)?;
        validate::name("site.name", &self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn licence() -> Licence {
        Licence {
            id: "l1".into(),
            holder_id: "p1".into(),
            type_id: "forklift".into(),
            reference: Some("FL-1".into()),
            issuer: None,
            acquired: Some(day("2025-01-01")),
            expiry: Some(day("2026-01-01")),
            notes: String::new(),
            owner: Owner::Candidate,
            renews: None,
            superseded_by: None,
            fields: Default::default(),
        }
    }

    #[test]
    fn licence_dates_must_be_in_order() {
        assert_eq!(licence().validate(), Ok(()));
        let mut bad = licence();
        bad.expiry = Some(day("2024-12-31"));
        let err = bad.validate().err();
        assert_eq!(err.as_ref().map(Error::kind), Some(ErrorKind::InvalidInput));
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("invalid licence.expiry: `2024-12-31` is before the acquired date `2025-01-01`")
        );
        let mut same_day = licence();
        same_day.expiry = same_day.acquired;
        assert_eq!(same_day.validate(), Ok(()));
    }

    #[test]
    fn person_checks_email_and_roles() {
        let mut person = Person {
            positions: Vec::new(),
            line_manager: None,
            id: "p1".into(),
            name: "Ana".into(),
            email: Some("ana@example.org".into()),
            location: None,
            department: None,
            roles: vec![Role::Manager, Role::Delegate],
            registered_on: day("2026-01-01"),
            active: true,
            department_since: Default::default(),
            fields: Default::default(),
            location_since: Default::default(),
        };
        assert_eq!(person.validate(), Ok(()));
        person.roles.push(Role::Manager);
        assert_eq!(
            person.validate().err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
        person.roles.pop();
        person.email = Some("not-an-address".into());
        assert_eq!(
            person.validate().err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
    }

    #[test]
    fn attachment_size_limit_is_a_limit_error() {
        let attachment = Attachment {
            id: "a1".into(),
            licence_id: "l1".into(),
            file_name: "card.jpg".into(),
            media_type: "image/jpeg".into(),
            size: DEFAULT_ATTACHMENT_LIMIT + 1,
            sha256: "0".repeat(64),
        };
        assert_eq!(
            attachment
                .validate(DEFAULT_ATTACHMENT_LIMIT)
                .err()
                .map(|e| e.kind()),
            Some(ErrorKind::LimitExceeded)
        );
        assert_eq!(attachment.validate(u64::MAX), Ok(()));
        for file_name in ["..", ".", "../card.jpg", "card\u{0}.jpg", "gpj\u{202E}.exe"] {
            let named = Attachment {
                file_name: file_name.into(),
                ..attachment.clone()
            };
            assert!(
                matches!(named.validate(u64::MAX), Err(Error::InvalidInput { field, .. }) if field == "attachment.file_name"),
                "{file_name:?}"
            );
        }
    }
}
