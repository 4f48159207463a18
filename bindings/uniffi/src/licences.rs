//! Licence types with their reminder policies, licences, and attachments.

use licence_core::{model, policy, store, tracker};

use crate::error::LicenceError;
use crate::mirror::{optional_day, optional_period, text_of};
use crate::reports::Status;

mirror_enum! {
    /// What a licence type tracks.
    LicenceKind = model::LicenceKind {
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
}

mirror_enum! {
    /// How a renewal's expiry is counted when it is derived from a validity.
    RenewalBasis = model::RenewalBasis {
        /// New expiry = renewal date + validity.
        FromCompletion,
        /// Renewing inside the expiring window (or the grace period) keeps
        /// the cycle: new expiry = old expiry + validity.
        FromPreviousExpiry,
    }
}

mirror_enum! {
    /// When a group of people is reminded.
    Audience = policy::Audience {
        /// Never.
        Never,
        /// For every reminder, before and after expiry.
        Always,
        /// Only once the licence has expired (escalation).
        OnceExpired,
    }
}

/// Reminders repeated after expiry until the licence is renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AfterExpiry {
    /// Days between two reminders (the first comes this many days after expiry).
    pub every_days: u16,
    /// How many reminders at most.
    pub times: u16,
}

/// Who is reminded of an expiring licence, and when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReminderPolicy {
    /// Lead times before expiry such as `"3 months"`; `"0 days"` is the
    /// expiry day itself.
    pub leads: Vec<String>,
    /// Reminders after expiry, if any.
    #[uniffi(default)]
    pub after_expiry: Option<AfterExpiry>,
    /// Whether the holder is reminded (only if they have an e-mail address).
    #[uniffi(default = true)]
    pub holder: bool,
    /// When the organisation's administrators are reminded.
    pub administrators: Audience,
    /// When the holder's managers are reminded.
    pub managers: Audience,
    /// Further addresses (supervisors, an office inbox).
    #[uniffi(default)]
    pub extra_recipients: Vec<String>,
}

impl TryFrom<ReminderPolicy> for policy::ReminderPolicy {
    type Error = LicenceError;

    fn try_from(p: ReminderPolicy) -> Result<Self, LicenceError> {
        let leads = p
            .leads
            .iter()
            .map(|lead| licence_core::Period::parse("policy.leads", lead))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            leads,
            after_expiry: p.after_expiry.map(|a| policy::AfterExpiry {
                every_days: a.every_days,
                times: a.times,
            }),
            holder: p.holder,
            administrators: p.administrators.into(),
            managers: p.managers.into(),
            extra_recipients: p.extra_recipients,
        })
    }
}

impl From<policy::ReminderPolicy> for ReminderPolicy {
    fn from(p: policy::ReminderPolicy) -> Self {
        Self {
            leads: p.leads.iter().map(ToString::to_string).collect(),
            after_expiry: p.after_expiry.map(|a| AfterExpiry {
                every_days: a.every_days,
                times: a.times,
            }),
            holder: p.holder,
            administrators: p.administrators.into(),
            managers: p.managers.into(),
            extra_recipients: p.extra_recipients,
        }
    }
}

/// A catalogue entry of licences.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LicenceType {
    /// App-assigned id.
    pub id: String,
    /// Name, unique in the organisation compared case-insensitively.
    pub name: String,
    /// What the type tracks.
    pub kind: LicenceKind,
    /// Validity such as `"3 years"`, used to derive an expiry from the
    /// acquired date.
    #[uniffi(default)]
    pub validity: Option<String>,
    /// How renewals count the new period.
    pub renewal_basis: RenewalBasis,
    /// Days after expiry during which a renewal keeps the old cycle.
    #[uniffi(default = 0)]
    pub grace_days: u16,
    /// Reminder policy overriding the organisation's default.
    #[uniffi(default)]
    pub policy: Option<ReminderPolicy>,
}

impl TryFrom<LicenceType> for model::LicenceType {
    type Error = LicenceError;

    fn try_from(t: LicenceType) -> Result<Self, LicenceError> {
        Ok(Self {
            validity: optional_period("licence_type.validity", t.validity.as_deref())?,
            policy: t.policy.map(TryInto::try_into).transpose()?,
            id: t.id,
            name: t.name,
            kind: t.kind.into(),
            renewal_basis: t.renewal_basis.into(),
            grace_days: t.grace_days,
        })
    }
}

impl From<model::LicenceType> for LicenceType {
    fn from(t: model::LicenceType) -> Self {
        Self {
            id: t.id,
            name: t.name,
            kind: t.kind.into(),
            validity: text_of(t.validity),
            renewal_basis: t.renewal_basis.into(),
            grace_days: t.grace_days,
            policy: t.policy.map(Into::into),
        }
    }
}

/// Who owns a licence held between a site and a candidate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Owner {
    /// The holder owns it.
    Candidate,
    /// A site owns it; the holder cannot see it.
    Site {
        /// The owning site.
        site_id: String,
    },
}

impl From<Owner> for model::Owner {
    fn from(owner: Owner) -> Self {
        match owner {
            Owner::Candidate => Self::Candidate,
            Owner::Site { site_id } => Self::Site(site_id),
        }
    }
}

impl From<model::Owner> for Owner {
    fn from(owner: model::Owner) -> Self {
        match owner {
            model::Owner::Candidate => Self::Candidate,
            model::Owner::Site(site_id) => Self::Site { site_id },
        }
    }
}

/// One credential held by one person.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Licence {
    /// App-assigned id.
    pub id: String,
    /// The person who holds it.
    pub holder_id: String,
    /// Its licence type.
    pub type_id: String,
    /// Reference (card or certificate) number.
    #[uniffi(default)]
    pub reference: Option<String>,
    /// Who issued it.
    #[uniffi(default)]
    pub issuer: Option<String>,
    /// When it was acquired, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub acquired: Option<String>,
    /// The last day it is valid, `YYYY-MM-DD`; none never expires (or, when
    /// recorded, is derived from the type's validity).
    #[uniffi(default)]
    pub expiry: Option<String>,
    /// Free notes.
    #[uniffi(default)]
    pub notes: String,
    /// Who owns it.
    pub owner: Owner,
    /// The licence this one renews, if any.
    #[uniffi(default)]
    pub renews: Option<String>,
    /// The licence that renewed this one; a superseded licence is history.
    #[uniffi(default)]
    pub superseded_by: Option<String>,
}

impl TryFrom<Licence> for model::Licence {
    type Error = LicenceError;

    fn try_from(l: Licence) -> Result<Self, LicenceError> {
        Ok(Self {
            acquired: optional_day("licence.acquired", l.acquired.as_deref())?,
            expiry: optional_day("licence.expiry", l.expiry.as_deref())?,
            id: l.id,
            holder_id: l.holder_id,
            type_id: l.type_id,
            reference: l.reference,
            issuer: l.issuer,
            notes: l.notes,
            owner: l.owner.into(),
            renews: l.renews,
            superseded_by: l.superseded_by,
        })
    }
}

impl From<model::Licence> for Licence {
    fn from(l: model::Licence) -> Self {
        Self {
            id: l.id,
            holder_id: l.holder_id,
            type_id: l.type_id,
            reference: l.reference,
            issuer: l.issuer,
            acquired: text_of(l.acquired),
            expiry: text_of(l.expiry),
            notes: l.notes,
            owner: l.owner.into(),
            renews: l.renews,
            superseded_by: l.superseded_by,
        }
    }
}

/// A licence as stored, with its history stamps.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StoredLicence {
    /// The licence itself (with the expiry derived when it was recorded).
    pub licence: Licence,
    /// When it was deleted; deleted licences are kept until purged.
    pub deleted_on: Option<String>,
    /// When it was recorded (seconds since 1970-01-01 UTC).
    pub created_at: i64,
    /// When it last changed.
    pub updated_at: i64,
}

impl From<store::LicenceRecord> for StoredLicence {
    fn from(r: store::LicenceRecord) -> Self {
        Self {
            licence: r.licence.into(),
            deleted_on: text_of(r.deleted_on),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A holder's licence with its status on a date: a "my licences" row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HeldLicence {
    /// The licence.
    pub licence: Licence,
    /// The type's name.
    pub type_name: String,
    /// Its status on the date asked.
    pub status: Status,
    /// Days left on the date asked (negative once expired); none without
    /// an expiry.
    pub days_left: Option<i32>,
}

impl From<tracker::HeldLicence> for HeldLicence {
    fn from(h: tracker::HeldLicence) -> Self {
        Self {
            licence: h.record.licence.into(),
            type_name: h.type_name,
            status: h.status.into(),
            days_left: h.days_left,
        }
    }
}

/// A file kept with a licence.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Attachment {
    /// App-assigned id.
    pub id: String,
    /// The licence it belongs to.
    pub licence_id: String,
    /// The file's name.
    pub file_name: String,
    /// Its media type, such as `image/jpeg`.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
}

impl From<model::Attachment> for Attachment {
    fn from(a: model::Attachment) -> Self {
        Self {
            id: a.id,
            licence_id: a.licence_id,
            file_name: a.file_name,
            media_type: a.media_type,
            size: a.size,
            sha256: a.sha256,
        }
    }
}

/// An attachment with its content.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AttachmentContent {
    /// Its metadata.
    pub attachment: Attachment,
    /// The file's bytes.
    pub content: Vec<u8>,
}
