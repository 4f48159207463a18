//! Custody of licences shared between sites and candidates (SPEC §5).
//!
//! One candidate's custody is plain data, [`Custody`]: their licences with
//! each one's owner, and the site associations — requests (`requested`) and
//! shares (`shared`). Associations outlive licences: a request exists before
//! any licence answers it, and a deleted licence sends its shares back to
//! pending. [`Custody::apply`] checks an [`Event`] against its party's rights
//! and returns the next state, leaving the current one as it was;
//! [`Custody::rights`] tells a host which buttons to draw.
//!
//! Rights are checked before state. A refused event fails with:
//! - permission denied when the party lacks the right the action needs,
//!   whatever the licence's state (hidden means hidden: a party learns
//!   nothing about a licence it has no right to);
//! - invalid transition when the party holds the right but the action is
//!   impossible now: the association is in the wrong state (sharing without
//!   a request), or the organisation's staff, who hold every right, ask for
//!   what the licence's state does not allow (transferring a
//!   candidate-owned licence).
//!
//! The hot path, [`rights_into`], answers compact [`RightsQuery`] records that
//! carry numbers instead of strings.

use std::collections::HashSet;
use std::fmt;
use std::ops::BitOr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, RecordKind, Result};
use crate::expiry::check_batch_len;
use crate::model::Owner;
use crate::validate;

/// What a party may do with a licence: a bitset that bindings pass as a
/// plain integer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct Rights(u8);

impl Rights {
    /// No right at all.
    pub const NONE: Self = Self(0);
    /// See the licence.
    pub const VIEW: Self = Self(1);
    /// Change its fields.
    pub const EDIT: Self = Self(1 << 1);
    /// Delete it.
    pub const DELETE: Self = Self(1 << 2);
    /// Hand it to the candidate, for good.
    pub const TRANSFER: Self = Self(1 << 3);
    /// Share it with (or unshare it from) a site that requested it.
    pub const SHARE: Self = Self(1 << 4);
    /// Take it off the site's own list, leaving the licence with the candidate.
    pub const REMOVE: Self = Self(1 << 5);
    /// A site's rights on a licence it owns.
    pub const SITE_OWNER: Self = Self::VIEW
        .union(Self::EDIT)
        .union(Self::DELETE)
        .union(Self::TRANSFER);
    /// The candidate's rights on a licence they own.
    pub const CANDIDATE_OWNER: Self = Self::VIEW
        .union(Self::EDIT)
        .union(Self::DELETE)
        .union(Self::SHARE);
    /// A site's rights on a candidate-owned licence shared with it.
    pub const SHARED_SITE: Self = Self::VIEW.union(Self::REMOVE);
    /// Every right: the organisation's staff on a licence not deleted.
    pub const ALL: Self = Self::SITE_OWNER
        .union(Self::CANDIDATE_OWNER)
        .union(Self::REMOVE);

    const NAMED: [(Self, &'static str); 6] = [
        (Self::VIEW, "view"),
        (Self::EDIT, "edit"),
        (Self::DELETE, "delete"),
        (Self::TRANSFER, "transfer"),
        (Self::SHARE, "share"),
        (Self::REMOVE, "remove"),
    ];

    /// The bits, as bindings pass them.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Every right in `self` or `other`.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every right of `other` is in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether there is no right at all.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The lowercase names of the rights, in the order view, edit, delete,
    /// transfer, share, remove.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMED
            .into_iter()
            .filter(move |(right, _)| self.contains(*right))
            .map(|(_, name)| name)
    }
}

impl BitOr for Rights {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

impl fmt::Debug for Rights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

impl Serialize for Rights {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.names())
    }
}

impl<'de> Deserialize<'de> for Rights {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .try_fold(Self::NONE, |rights, name| {
                Self::NAMED
                    .iter()
                    .find(|(_, known)| known == name)
                    .map(|(right, _)| rights | *right)
                    .ok_or_else(|| serde::de::Error::custom(format!("`{name}` is not a right")))
            })
    }
}

impl schemars::JsonSchema for Rights {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rights".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "What a party may do with a licence: a set of rights, in the order view, edit, delete, transfer, share, remove.",
            "type": "array",
            "uniqueItems": true,
            "items": { "enum": ["view", "edit", "delete", "transfer", "share", "remove"] }
        })
    }
}

/// Who acts on, or asks about, a licence.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The candidate who holds the licences.
    Candidate,
    /// The site with this id.
    Site(String),
    /// The organisation's own staff, acting for the organisation: every
    /// right on a licence that is not deleted.
    #[default]
    Staff,
}

impl Party {
    /// Checks a site's id.
    pub fn validate(&self, field: &str) -> Result<()> {
        match self {
            Self::Site(site) => validate::id(field, site),
            Self::Candidate | Self::Staff => Ok(()),
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Candidate => f.write_str("candidate"),
            Self::Site(id) => write!(f, "site `{id}`"),
            Self::Staff => f.write_str("staff"),
        }
    }
}

/// The state of a site association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssociationState {
    /// The site asked for a licence of the type; it is pending on the
    /// candidate's list until a licence answers it.
    Requested,
    /// The site holds a licence: one it uploaded, or one shared with it.
    Shared,
}

/// A site's link to a candidate: a pending request for a licence type, or a
/// licence it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Association {
    /// The site.
    pub site_id: String,
    /// The licence type requested or held.
    pub type_id: String,
    /// Requested or shared.
    pub state: AssociationState,
    /// The licence held: present exactly when `shared`.
    #[serde(default)]
    pub licence_id: Option<String>,
}

impl Association {
    fn requested(site_id: &str, type_id: &str) -> Self {
        Self {
            site_id: site_id.into(),
            type_id: type_id.into(),
            state: AssociationState::Requested,
            licence_id: None,
        }
    }

    fn is_request(&self, site_id: &str, type_id: &str) -> bool {
        self.state == AssociationState::Requested
            && self.site_id == site_id
            && self.type_id == type_id
    }

    fn holds(&self, licence_id: &str) -> bool {
        self.licence_id.as_deref() == Some(licence_id)
    }

    fn share(&mut self, licence_id: &str) {
        self.state = AssociationState::Shared;
        self.licence_id = Some(licence_id.into());
    }
}

/// A licence as custody sees it: its type, its owner, and whether it was
/// deleted (its id is never reused).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceCustody {
    /// The licence.
    pub licence_id: String,
    /// Its licence type.
    pub type_id: String,
    /// A site (hidden from the candidate) or the candidate.
    pub owner: Owner,
    /// Deleted: nobody has any right on it.
    #[serde(default)]
    pub deleted: bool,
}

/// The lifecycle state of a licence, as named in transition errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LicenceState {
    SiteOwned,
    CandidateOwned,
    Deleted,
}

impl LicenceState {
    fn as_str(self) -> &'static str {
        match self {
            Self::SiteOwned => "site_owned",
            Self::CandidateOwned => "candidate_owned",
            Self::Deleted => "deleted",
        }
    }

    /// Every right an owner or a site with a share can have in this state:
    /// what the staff's every right comes down to.
    fn possible(self) -> Rights {
        match self {
            Self::SiteOwned => Rights::SITE_OWNER,
            Self::CandidateOwned => Rights::CANDIDATE_OWNER | Rights::SHARED_SITE,
            Self::Deleted => Rights::NONE,
        }
    }
}

impl LicenceCustody {
    fn state(&self) -> LicenceState {
        match (&self.owner, self.deleted) {
            (_, true) => LicenceState::Deleted,
            (Owner::Site(_), false) => LicenceState::SiteOwned,
            (Owner::Candidate, false) => LicenceState::CandidateOwned,
        }
    }
}

/// What a party does (SPEC §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Records a new licence. A site's upload is site-owned and hidden from
    /// the candidate; the candidate's is candidate-owned and, with
    /// `answering`, answers that site's request for the type.
    Upload {
        /// The new licence's id, never used before.
        licence_id: String,
        /// Its licence type.
        type_id: String,
        /// The site whose pending request the candidate answers.
        #[serde(default)]
        answering: Option<String>,
    },
    /// The owning site hands the licence to the candidate, for good.
    Transfer {
        /// The licence.
        licence_id: String,
    },
    /// The owner deletes the licence. A site's deletion drops its
    /// association; the candidate's sends every share back to `requested`.
    Delete {
        /// The licence.
        licence_id: String,
    },
    /// A site asks the candidate for a licence of a type.
    Request {
        /// The licence type asked for.
        type_id: String,
    },
    /// A site withdraws its pending request for a type: the request is
    /// deleted and leaves the candidate's pending list. A request already
    /// answered (shared) cannot be withdrawn; the site removes the licence.
    Withdraw {
        /// The licence type asked for.
        type_id: String,
    },
    /// The candidate answers a site's pending request with a licence they own.
    Share {
        /// The licence.
        licence_id: String,
        /// The site whose request it answers.
        site_id: String,
    },
    /// The candidate takes a shared licence back: the site's request is
    /// pending again.
    Unshare {
        /// The licence.
        licence_id: String,
        /// The site it was shared with.
        site_id: String,
    },
    /// A site drops a candidate-owned licence from its list; the licence
    /// stays with the candidate.
    Remove {
        /// The licence.
        licence_id: String,
    },
}

impl Action {
    fn validate(&self) -> Result<()> {
        match self {
            Self::Upload {
                licence_id,
                type_id,
                answering,
            } => {
                validate::id("licence_id", licence_id)?;
                validate::id("type_id", type_id)?;
                validate::optional("answering", answering.as_deref(), validate::id)
            }
            Self::Request { type_id } | Self::Withdraw { type_id } => {
                validate::id("type_id", type_id)
            }
            Self::Share {
                licence_id,
                site_id,
            }
            | Self::Unshare {
                licence_id,
                site_id,
            } => {
                validate::id("licence_id", licence_id)?;
                validate::id("site_id", site_id)
            }
            Self::Transfer { licence_id }
            | Self::Delete { licence_id }
            | Self::Remove { licence_id } => validate::id("licence_id", licence_id),
        }
    }
}

/// A party's action: the input of [`Custody::apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Who acts.
    pub party: Party,
    /// What they do.
    #[serde(flatten)]
    pub action: Action,
}

impl Event {
    /// An event of `party` doing `action`.
    pub fn new(party: Party, action: Action) -> Self {
        Self { party, action }
    }
}

/// One candidate's custody state: their licences and the site associations.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Custody {
    /// The candidate's licences, deleted ones included.
    #[serde(default)]
    pub licences: Vec<LicenceCustody>,
    /// Requests and shares, in the order they were made.
    #[serde(default)]
    pub associations: Vec<Association>,
}

impl Custody {
    /// Checks a stored state: valid unique ids; a `shared` association holds
    /// a live licence of its type and a `requested` one holds none; at most
    /// one pending request per site and type; a site-owned licence is
    /// associated with its owner only.
    pub fn validate(&self) -> Result<()> {
        let mut ids = HashSet::new();
        for (i, licence) in self.licences.iter().enumerate() {
            validate::id(&format!("licences[{i}].licence_id"), &licence.licence_id)?;
            validate::id(&format!("licences[{i}].type_id"), &licence.type_id)?;
            if let Owner::Site(site) = &licence.owner {
                validate::id(&format!("licences[{i}].owner"), site)?;
            }
            if !ids.insert(licence.licence_id.as_str()) {
                return Err(Error::already_exists(
                    RecordKind::Licence,
                    &licence.licence_id,
                ));
            }
        }
        let mut keys = HashSet::new();
        for (i, association) in self.associations.iter().enumerate() {
            self.validate_association(i, association)?;
            let key = (
                association.site_id.as_str(),
                association.type_id.as_str(),
                association.licence_id.as_deref(),
            );
            if !keys.insert(key) {
                return Err(Error::invalid(
                    format!("associations[{i}]"),
                    format!("site `{}` is associated twice", association.site_id),
                ));
            }
        }
        self.validate_owner_shares()
    }

    fn validate_association(&self, i: usize, association: &Association) -> Result<()> {
        validate::id(&format!("associations[{i}].site_id"), &association.site_id)?;
        validate::id(&format!("associations[{i}].type_id"), &association.type_id)?;
        let field = format!("associations[{i}].licence_id");
        let Some(id) = &association.licence_id else {
            return match association.state {
                AssociationState::Requested => Ok(()),
                AssociationState::Shared => Err(Error::invalid(field, "a share needs a licence")),
            };
        };
        if association.state == AssociationState::Requested {
            return Err(Error::invalid(field, "a pending request holds no licence"));
        }
        let Some(licence) = self.find(id) else {
            return Err(Error::not_found(RecordKind::Licence, id));
        };
        let owner_ok = match &licence.owner {
            Owner::Site(owner) => *owner == association.site_id,
            Owner::Candidate => true,
        };
        if licence.deleted || licence.type_id != association.type_id || !owner_ok {
            return Err(Error::invalid(
                field,
                format!(
                    "licence `{id}` cannot be shared with site `{}`",
                    association.site_id
                ),
            ));
        }
        Ok(())
    }

    fn validate_owner_shares(&self) -> Result<()> {
        for licence in &self.licences {
            if let (Owner::Site(site), false) = (&licence.owner, licence.deleted)
                && self.shared_index(site, &licence.licence_id).is_none()
            {
                return Err(Error::invalid(
                    "associations",
                    format!(
                        "site `{site}` owns licence `{}` without holding it",
                        licence.licence_id
                    ),
                ));
            }
        }
        Ok(())
    }

    /// What `party` may do with the licence `licence_id`: nothing for an
    /// unknown or deleted licence, for the candidate while a site owns it,
    /// and for a site without a share of it.
    pub fn rights(&self, licence_id: &str, party: &Party) -> Rights {
        self.find(licence_id)
            .map_or(Rights::NONE, |licence| self.rights_on(licence, party))
    }

    /// The requests pending on the candidate's list.
    pub fn pending_requests(&self) -> impl Iterator<Item = &Association> {
        self.associations
            .iter()
            .filter(|a| a.state == AssociationState::Requested)
    }

    /// The state after `event`, or why it is refused; `self` is never
    /// changed, so a refused event changes nothing.
    pub fn apply(&self, event: &Event) -> Result<Self> {
        event.action.validate()?;
        let party = &event.party;
        party.validate("party")?;
        match &event.action {
            Action::Upload {
                licence_id,
                type_id,
                answering,
            } => self.upload(party, licence_id, type_id, answering.as_deref()),
            Action::Transfer { licence_id } => self.transfer(party, licence_id),
            Action::Delete { licence_id } => self.delete(party, licence_id),
            Action::Request { type_id } => self.request(party, type_id),
            Action::Withdraw { type_id } => self.withdraw(party, type_id),
            Action::Share {
                licence_id,
                site_id,
            } => self.share(party, licence_id, site_id),
            Action::Unshare {
                licence_id,
                site_id,
            } => self.unshare(party, licence_id, site_id),
            Action::Remove { licence_id } => self.remove(party, licence_id),
        }
    }

    fn find(&self, licence_id: &str) -> Option<&LicenceCustody> {
        self.licences.iter().find(|l| l.licence_id == licence_id)
    }

    fn index_of(&self, licence_id: &str) -> Result<usize> {
        self.licences
            .iter()
            .position(|l| l.licence_id == licence_id)
            .ok_or_else(|| Error::not_found(RecordKind::Licence, licence_id))
    }

    fn shared_index(&self, site_id: &str, licence_id: &str) -> Option<usize> {
        self.associations
            .iter()
            .position(|a| a.site_id == site_id && a.holds(licence_id))
    }

    fn request_index(&self, site_id: &str, type_id: &str) -> Option<usize> {
        self.associations
            .iter()
            .position(|a| a.is_request(site_id, type_id))
    }

    fn rights_on(&self, licence: &LicenceCustody, party: &Party) -> Rights {
        match (licence.state(), &licence.owner, party) {
            (LicenceState::SiteOwned, Owner::Site(owner), Party::Site(site)) if owner == site => {
                Rights::SITE_OWNER
            }
            (LicenceState::CandidateOwned, _, Party::Candidate) => Rights::CANDIDATE_OWNER,
            (LicenceState::CandidateOwned, _, Party::Site(site))
                if self.shared_index(site, &licence.licence_id).is_some() =>
            {
                Rights::SHARED_SITE
            }
            (LicenceState::SiteOwned | LicenceState::CandidateOwned, _, Party::Staff) => {
                Rights::ALL
            }
            _ => Rights::NONE,
        }
    }

    /// Checks that `party` holds `right` on the licence at `index` (else
    /// permission denied, whatever the state), then that the licence's state
    /// allows it (else an invalid transition, which only the staff's every
    /// right can meet).
    fn authorise(&self, party: &Party, index: usize, right: Rights, action: &str) -> Result<()> {
        let licence = &self.licences[index];
        if !self.rights_on(licence, party).contains(right) {
            return Err(Error::denied(party.to_string(), action));
        }
        let state = licence.state();
        if !state.possible().contains(right) {
            return Err(Error::transition(state.as_str(), action));
        }
        Ok(())
    }

    fn upload(
        &self,
        party: &Party,
        licence_id: &str,
        type_id: &str,
        answering: Option<&str>,
    ) -> Result<Self> {
        if self.find(licence_id).is_some() {
            return Err(Error::already_exists(RecordKind::Licence, licence_id));
        }
        let (owner, answered) = match (party, answering) {
            (Party::Site(site), None) => (Owner::Site(site.clone()), None),
            (Party::Site(_), Some(_)) => {
                return Err(Error::invalid(
                    "answering",
                    "only the candidate answers a request",
                ));
            }
            (Party::Candidate | Party::Staff, None) => (Owner::Candidate, None),
            (Party::Candidate | Party::Staff, Some(site)) => {
                let index = self.request_index(site, type_id).ok_or_else(|| {
                    Error::transition(
                        "not requested",
                        format!("answer a request of site `{site}` for `{type_id}`"),
                    )
                })?;
                (Owner::Candidate, Some(index))
            }
        };
        let mut next = self.clone();
        if let Owner::Site(site) = &owner {
            let mut held = Association::requested(site, type_id);
            held.share(licence_id);
            next.associations.push(held);
        }
        if let Some(association) = answered.and_then(|i| next.associations.get_mut(i)) {
            association.share(licence_id);
        }
        next.licences.push(LicenceCustody {
            licence_id: licence_id.into(),
            type_id: type_id.into(),
            owner,
            deleted: false,
        });
        Ok(next)
    }

    fn transfer(&self, party: &Party, licence_id: &str) -> Result<Self> {
        let index = self.index_of(licence_id)?;
        let action = format!("transfer licence `{licence_id}`");
        self.authorise(party, index, Rights::TRANSFER, &action)?;
        let mut next = self.clone();
        next.licences[index].owner = Owner::Candidate;
        Ok(next)
    }

    fn delete(&self, party: &Party, licence_id: &str) -> Result<Self> {
        let index = self.index_of(licence_id)?;
        let action = format!("delete licence `{licence_id}`");
        self.authorise(party, index, Rights::DELETE, &action)?;
        let mut next = self.clone();
        if self.licences[index].owner == Owner::Candidate {
            next.back_to_pending(|a| a.holds(licence_id));
        } else {
            next.associations.retain(|a| !a.holds(licence_id));
        }
        next.licences[index].deleted = true;
        Ok(next)
    }

    fn request(&self, party: &Party, type_id: &str) -> Result<Self> {
        let action = format!("request a licence of type `{type_id}`");
        let Party::Site(site) = party else {
            return Err(Error::denied(party.to_string(), action));
        };
        if self.request_index(site, type_id).is_some() {
            return Err(Error::transition("requested", action));
        }
        let mut next = self.clone();
        next.associations
            .push(Association::requested(site, type_id));
        Ok(next)
    }

    /// Only the site that asked withdraws; a candidate has no such right.
    fn withdraw(&self, party: &Party, type_id: &str) -> Result<Self> {
        let action = format!("withdraw the request for type `{type_id}`");
        let Party::Site(site) = party else {
            return Err(Error::denied(party.to_string(), action));
        };
        let Some(index) = self.request_index(site, type_id) else {
            let answered = self
                .associations
                .iter()
                .any(|a| a.site_id == *site && a.type_id == type_id);
            let state = if answered { "shared" } else { "not requested" };
            return Err(Error::transition(state, action));
        };
        let mut next = self.clone();
        next.associations.remove(index);
        Ok(next)
    }

    fn share(&self, party: &Party, licence_id: &str, site_id: &str) -> Result<Self> {
        let index = self.index_of(licence_id)?;
        let action = format!("share licence `{licence_id}` with site `{site_id}`");
        self.authorise(party, index, Rights::SHARE, &action)?;
        if self.shared_index(site_id, licence_id).is_some() {
            return Err(Error::transition("shared", action));
        }
        let request = self
            .request_index(site_id, &self.licences[index].type_id)
            .ok_or_else(|| Error::transition("not requested", action))?;
        let mut next = self.clone();
        next.associations[request].share(licence_id);
        Ok(next)
    }

    fn unshare(&self, party: &Party, licence_id: &str, site_id: &str) -> Result<Self> {
        let index = self.index_of(licence_id)?;
        let action = format!("unshare licence `{licence_id}` from site `{site_id}`");
        self.authorise(party, index, Rights::SHARE, &action)?;
        if self.shared_index(site_id, licence_id).is_none() {
            return Err(Error::transition("not shared", action));
        }
        let mut next = self.clone();
        next.back_to_pending(|a| a.site_id == site_id && a.holds(licence_id));
        Ok(next)
    }

    fn remove(&self, party: &Party, licence_id: &str) -> Result<Self> {
        let index = self.index_of(licence_id)?;
        let action = format!("remove licence `{licence_id}`");
        self.authorise(party, index, Rights::REMOVE, &action)?;
        let Party::Site(site) = party else {
            return Err(Error::invalid(
                "party",
                "a site removes a licence from its own list: name the site",
            ));
        };
        let mut next = self.clone();
        next.associations
            .retain(|a| !(a.site_id == *site && a.holds(licence_id)));
        Ok(next)
    }

    /// Turns the matching shares back into pending requests, merging each
    /// into a request its site already has pending for the type.
    fn back_to_pending(&mut self, matches: impl Fn(&Association) -> bool) {
        for association in self.associations.iter_mut().filter(|a| matches(a)) {
            association.state = AssociationState::Requested;
            association.licence_id = None;
        }
        let mut pending = HashSet::new();
        self.associations.retain(|a| {
            a.state == AssociationState::Shared
                || pending.insert((a.site_id.clone(), a.type_id.clone()))
        });
    }
}

/// One (licence, party) pair of the rights batch, with numbers instead of
/// strings: the candidate is [`RightsQuery::CANDIDATE`], the organisation's
/// staff [`RightsQuery::STAFF`] and each site has a number of the host's
/// choosing (say its index + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[repr(C)]
pub struct RightsQuery {
    /// The licence's owner, or [`RightsQuery::DELETED`] for a deleted licence.
    pub owner: u32,
    /// The party asking.
    pub party: u32,
    /// Non-zero when the asking site holds a `shared` association with the
    /// licence.
    pub shared: u32,
}

impl RightsQuery {
    /// The number of the candidate.
    pub const CANDIDATE: u32 = 0;
    /// The owner number of a deleted licence; no party has it.
    pub const DELETED: u32 = u32::MAX;
    /// The party number of the organisation's staff; no licence's owner.
    pub const STAFF: u32 = u32::MAX - 1;

    /// The record of `party` asking about `licence` in `custody`, each site
    /// numbered by `site_number` (never [`RightsQuery::CANDIDATE`],
    /// [`RightsQuery::STAFF`] or [`RightsQuery::DELETED`]).
    pub fn of(
        custody: &Custody,
        licence: &LicenceCustody,
        party: &Party,
        site_number: impl Fn(&str) -> u32,
    ) -> Self {
        let owner = match (&licence.owner, licence.deleted) {
            (_, true) => Self::DELETED,
            (Owner::Candidate, false) => Self::CANDIDATE,
            (Owner::Site(site), false) => site_number(site),
        };
        let (party, shared) = match party {
            Party::Candidate => (Self::CANDIDATE, false),
            Party::Staff => (Self::STAFF, false),
            Party::Site(site) => (
                site_number(site),
                custody.shared_index(site, &licence.licence_id).is_some(),
            ),
        };
        Self {
            owner,
            party,
            shared: u32::from(shared),
        }
    }

    /// What the party may do with the licence; the same answer as
    /// [`Custody::rights`].
    #[inline]
    pub fn rights(self) -> Rights {
        if self.owner == Self::DELETED || self.party == Self::DELETED {
            Rights::NONE
        } else if self.party == Self::STAFF {
            Rights::ALL
        } else if self.owner == self.party {
            if self.owner == Self::CANDIDATE {
                Rights::CANDIDATE_OWNER
            } else {
                Rights::SITE_OWNER
            }
        } else if self.owner == Self::CANDIDATE && self.shared != 0 {
            Rights::SHARED_SITE
        } else {
            Rights::NONE
        }
    }
}

/// The rights of every pair of a batch into `out`, which must be as long as
/// `queries`. Nothing is allocated.
pub fn rights_into(queries: &[RightsQuery], out: &mut [Rights]) -> Result<()> {
    check_batch_len(queries.len())?;
    if out.len() != queries.len() {
        return Err(Error::invalid(
            "out",
            format!("has {} slots for {} pairs", out.len(), queries.len()),
        ));
    }
    for (slot, query) in out.iter_mut().zip(queries) {
        *slot = query.rights();
    }
    Ok(())
}

/// The rights of every pair of a batch, in order.
pub fn rights_all(queries: &[RightsQuery]) -> Result<Vec<Rights>> {
    check_batch_len(queries.len())?;
    Ok(queries.iter().map(|q| q.rights()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const FORKLIFT: &str = "forklift";
    const PARTIES: [&str; 5] = ["candidate", "s1", "s2", "s3", "s4"];

    fn party(name: &str) -> Party {
        match name {
            "candidate" => Party::Candidate,
            site => Party::Site(site.into()),
        }
    }

    fn upload(licence: &str, type_id: &str, answering: Option<&str>) -> Action {
        Action::Upload {
            licence_id: licence.into(),
            type_id: type_id.into(),
            answering: answering.map(Into::into),
        }
    }

    fn transfer() -> Action {
        Action::Transfer {
            licence_id: "l1".into(),
        }
    }

    fn delete() -> Action {
        Action::Delete {
            licence_id: "l1".into(),
        }
    }

    fn request(type_id: &str) -> Action {
        Action::Request {
            type_id: type_id.into(),
        }
    }

    fn withdraw(type_id: &str) -> Action {
        Action::Withdraw {
            type_id: type_id.into(),
        }
    }

    fn share(site: &str) -> Action {
        Action::Share {
            licence_id: "l1".into(),
            site_id: site.into(),
        }
    }

    fn unshare(site: &str) -> Action {
        Action::Unshare {
            licence_id: "l1".into(),
            site_id: site.into(),
        }
    }

    fn remove() -> Action {
        Action::Remove {
            licence_id: "l1".into(),
        }
    }

    fn apply(state: &Custody, who: &str, action: Action) -> Result<Custody> {
        state.apply(&Event::new(party(who), action))
    }

    fn then(state: Custody, who: &str, action: Action) -> Custody {
        apply(&state, who, action).unwrap_or_else(|e| panic!("{who}: {e}"))
    }

    fn refused(state: &Custody, who: &str, action: Action) -> ErrorKind {
        let before = state.clone();
        let kind = apply(state, who, action).map_or_else(|e| e.kind(), |_| panic!("allowed"));
        assert_eq!(*state, before);
        kind
    }

    /// `l1=candidate | s1:shared(l1) s3:requested(forklift)`.
    fn describe(state: &Custody) -> String {
        let licences: Vec<String> = state
            .licences
            .iter()
            .map(|l| {
                let owner = match (&l.owner, l.deleted) {
                    (_, true) => "deleted",
                    (Owner::Candidate, false) => "candidate",
                    (Owner::Site(site), false) => site,
                };
                format!("{}={owner}", l.licence_id)
            })
            .collect();
        let associations: Vec<String> = state
            .associations
            .iter()
            .map(|a| match (&a.state, &a.licence_id) {
                (AssociationState::Shared, Some(id)) => format!("{}:shared({id})", a.site_id),
                _ => format!("{}:requested({})", a.site_id, a.type_id),
            })
            .collect();
        let or_dash = |v: Vec<String>| {
            if v.is_empty() {
                "-".into()
            } else {
                v.join(" ")
            }
        };
        format!("{} | {}", or_dash(licences), or_dash(associations))
    }

    /// Every party's rights on `l1` as letters: `candidate=VEDS s1=VR s2=-`.
    fn rights_line(state: &Custody) -> String {
        let letters = |rights: Rights| -> String {
            let s: String = rights
                .names()
                .map(|n| n[..1].to_uppercase())
                .collect::<String>();
            if s.is_empty() { "-".into() } else { s }
        };
        PARTIES
            .iter()
            .map(|p| format!("{p}={}", letters(state.rights("l1", &party(p)))))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// s1 and s2 asked for a forklift licence; no licence yet.
    fn requested() -> Custody {
        let state = then(Custody::default(), "s1", request(FORKLIFT));
        then(state, "s2", request(FORKLIFT))
    }

    /// s1 uploaded l1; s2 and s3 asked for a forklift licence.
    fn site_owned() -> Custody {
        let state = then(Custody::default(), "s1", upload("l1", FORKLIFT, None));
        let state = then(state, "s2", request(FORKLIFT));
        then(state, "s3", request(FORKLIFT))
    }

    /// l1 transferred by s1 and shared with s2; s3's request is pending.
    fn candidate_owned() -> Custody {
        let state = then(site_owned(), "s1", transfer());
        then(state, "candidate", share("s2"))
    }

    fn candidate_deleted() -> Custody {
        then(candidate_owned(), "candidate", delete())
    }

    fn site_deleted() -> Custody {
        then(site_owned(), "s1", delete())
    }

    /// Outcome codes of the [`grid_actions`], in order.
    type Row = [&'static str; 8];
    type Fixture = (&'static str, fn() -> Custody, [Row; 5]);

    /// Columns: upload l1, transfer, delete, request forklift, share with s3,
    /// unshare from s2, remove, withdraw the forklift request. Rows: candidate, s1, s2, s3, s4.
    const GRID: [Fixture; 5] = [
        (
            "requested",
            requested,
            [
                ["ok", "nf", "nf", "pd", "nf", "nf", "nf", "pd"],
                ["ok", "nf", "nf", "it", "nf", "nf", "nf", "ok"],
                ["ok", "nf", "nf", "it", "nf", "nf", "nf", "ok"],
                ["ok", "nf", "nf", "ok", "nf", "nf", "nf", "it"],
                ["ok", "nf", "nf", "ok", "nf", "nf", "nf", "it"],
            ],
        ),
        (
            "site_owned",
            site_owned,
            [
                ["ae", "pd", "pd", "pd", "pd", "pd", "pd", "pd"],
                ["ae", "ok", "ok", "ok", "pd", "pd", "pd", "it"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "pd", "it"],
            ],
        ),
        (
            "candidate_owned",
            candidate_owned,
            [
                ["ae", "pd", "ok", "pd", "ok", "ok", "pd", "pd"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "ok", "it"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "ok", "it"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "pd", "it"],
            ],
        ),
        (
            "candidate_deleted",
            candidate_deleted,
            [
                ["ae", "pd", "pd", "pd", "pd", "pd", "pd", "pd"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "pd", "it"],
            ],
        ),
        (
            "site_deleted",
            site_deleted,
            [
                ["ae", "pd", "pd", "pd", "pd", "pd", "pd", "pd"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "pd", "it"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "it", "pd", "pd", "pd", "ok"],
                ["ae", "pd", "pd", "ok", "pd", "pd", "pd", "it"],
            ],
        ),
    ];

    fn grid_actions() -> [Action; 8] {
        [
            upload("l1", FORKLIFT, None),
            transfer(),
            delete(),
            request(FORKLIFT),
            share("s3"),
            unshare("s2"),
            remove(),
            withdraw(FORKLIFT),
        ]
    }

    fn code(kind: ErrorKind) -> &'static str {
        match kind {
            ErrorKind::PermissionDenied => "pd",
            ErrorKind::InvalidTransition => "it",
            ErrorKind::AlreadyExists => "ae",
            ErrorKind::NotFound => "nf",
            _ => "other",
        }
    }

    /// The outcome of every allowed cell: (state, party, column) → state
    /// afterwards and every party's rights on l1 afterwards.
    const ALLOWED: [(&str, &str, usize, &str, &str); 32] = [
        (
            "requested",
            "candidate",
            0,
            "l1=candidate | s1:requested(forklift) s2:requested(forklift)",
            "candidate=VEDS s1=- s2=- s3=- s4=-",
        ),
        (
            "requested",
            "s1",
            0,
            "l1=s1 | s1:requested(forklift) s2:requested(forklift) s1:shared(l1)",
            "candidate=- s1=VEDT s2=- s3=- s4=-",
        ),
        (
            "requested",
            "s2",
            0,
            "l1=s2 | s1:requested(forklift) s2:requested(forklift) s2:shared(l1)",
            "candidate=- s1=- s2=VEDT s3=- s4=-",
        ),
        (
            "requested",
            "s3",
            0,
            "l1=s3 | s1:requested(forklift) s2:requested(forklift) s3:shared(l1)",
            "candidate=- s1=- s2=- s3=VEDT s4=-",
        ),
        (
            "requested",
            "s4",
            0,
            "l1=s4 | s1:requested(forklift) s2:requested(forklift) s4:shared(l1)",
            "candidate=- s1=- s2=- s3=- s4=VEDT",
        ),
        (
            "requested",
            "s3",
            3,
            "- | s1:requested(forklift) s2:requested(forklift) s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "requested",
            "s4",
            3,
            "- | s1:requested(forklift) s2:requested(forklift) s4:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s1",
            1,
            "l1=candidate | s1:shared(l1) s2:requested(forklift) s3:requested(forklift)",
            "candidate=VEDS s1=VR s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s1",
            2,
            "l1=deleted | s2:requested(forklift) s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s1",
            3,
            "l1=s1 | s1:shared(l1) s2:requested(forklift) s3:requested(forklift) \
             s1:requested(forklift)",
            "candidate=- s1=VEDT s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s4",
            3,
            "l1=s1 | s1:shared(l1) s2:requested(forklift) s3:requested(forklift) \
             s4:requested(forklift)",
            "candidate=- s1=VEDT s2=- s3=- s4=-",
        ),
        (
            "candidate_owned",
            "candidate",
            2,
            "l1=deleted | s1:requested(forklift) s2:requested(forklift) s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "candidate_owned",
            "candidate",
            4,
            "l1=candidate | s1:shared(l1) s2:shared(l1) s3:shared(l1)",
            "candidate=VEDS s1=VR s2=VR s3=VR s4=-",
        ),
        (
            "candidate_owned",
            "candidate",
            5,
            "l1=candidate | s1:shared(l1) s2:requested(forklift) s3:requested(forklift)",
            "candidate=VEDS s1=VR s2=- s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s1",
            6,
            "l1=candidate | s2:shared(l1) s3:requested(forklift)",
            "candidate=VEDS s1=- s2=VR s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s2",
            6,
            "l1=candidate | s1:shared(l1) s3:requested(forklift)",
            "candidate=VEDS s1=VR s2=- s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s1",
            3,
            "l1=candidate | s1:shared(l1) s2:shared(l1) s3:requested(forklift) \
             s1:requested(forklift)",
            "candidate=VEDS s1=VR s2=VR s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s2",
            3,
            "l1=candidate | s1:shared(l1) s2:shared(l1) s3:requested(forklift) \
             s2:requested(forklift)",
            "candidate=VEDS s1=VR s2=VR s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s4",
            3,
            "l1=candidate | s1:shared(l1) s2:shared(l1) s3:requested(forklift) \
             s4:requested(forklift)",
            "candidate=VEDS s1=VR s2=VR s3=- s4=-",
        ),
        (
            "candidate_deleted",
            "s4",
            3,
            "l1=deleted | s1:requested(forklift) s2:requested(forklift) \
             s3:requested(forklift) s4:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_deleted",
            "s1",
            3,
            "l1=deleted | s2:requested(forklift) s3:requested(forklift) s1:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_deleted",
            "s4",
            3,
            "l1=deleted | s2:requested(forklift) s3:requested(forklift) s4:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "requested",
            "s1",
            7,
            "- | s2:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "requested",
            "s2",
            7,
            "- | s1:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s2",
            7,
            "l1=s1 | s1:shared(l1) s3:requested(forklift)",
            "candidate=- s1=VEDT s2=- s3=- s4=-",
        ),
        (
            "site_owned",
            "s3",
            7,
            "l1=s1 | s1:shared(l1) s2:requested(forklift)",
            "candidate=- s1=VEDT s2=- s3=- s4=-",
        ),
        (
            "candidate_owned",
            "s3",
            7,
            "l1=candidate | s1:shared(l1) s2:shared(l1)",
            "candidate=VEDS s1=VR s2=VR s3=- s4=-",
        ),
        (
            "candidate_deleted",
            "s1",
            7,
            "l1=deleted | s2:requested(forklift) s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "candidate_deleted",
            "s2",
            7,
            "l1=deleted | s1:requested(forklift) s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "candidate_deleted",
            "s3",
            7,
            "l1=deleted | s1:requested(forklift) s2:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_deleted",
            "s2",
            7,
            "l1=deleted | s3:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
        (
            "site_deleted",
            "s3",
            7,
            "l1=deleted | s2:requested(forklift)",
            "candidate=- s1=- s2=- s3=- s4=-",
        ),
    ];

    #[test]
    fn fixtures_match_the_spec_table() {
        let cases = [
            (
                requested(),
                "- | s1:requested(forklift) s2:requested(forklift)",
                "candidate=- s1=- s2=- s3=- s4=-",
            ),
            (
                site_owned(),
                "l1=s1 | s1:shared(l1) s2:requested(forklift) s3:requested(forklift)",
                "candidate=- s1=VEDT s2=- s3=- s4=-",
            ),
            (
                candidate_owned(),
                "l1=candidate | s1:shared(l1) s2:shared(l1) s3:requested(forklift)",
                "candidate=VEDS s1=VR s2=VR s3=- s4=-",
            ),
            (
                candidate_deleted(),
                "l1=deleted | s1:requested(forklift) s2:requested(forklift) s3:requested(forklift)",
                "candidate=- s1=- s2=- s3=- s4=-",
            ),
            (
                site_deleted(),
                "l1=deleted | s2:requested(forklift) s3:requested(forklift)",
                "candidate=- s1=- s2=- s3=- s4=-",
            ),
        ];
        for (state, summary, rights) in cases {
            assert_eq!(describe(&state), summary);
            assert_eq!(rights_line(&state), rights, "{summary}");
            assert_eq!(state.validate(), Ok(()), "{summary}");
        }
    }

    #[test]
    fn every_state_party_and_event() {
        let mut allowed_seen = 0;
        for (name, fixture, rows) in GRID {
            let state = fixture();
            for (who, row) in PARTIES.iter().zip(rows) {
                for (column, (action, expected)) in grid_actions().into_iter().zip(row).enumerate()
                {
                    let at = format!("{name} / {who} / {action:?}");
                    let before = state.clone();
                    let outcome = apply(&state, who, action);
                    assert_eq!(state, before, "{at}");
                    match outcome {
                        Ok(next) => {
                            let (.., summary, rights) = ALLOWED
                                .iter()
                                .find(|(s, p, c, ..)| (*s, *p, *c) == (name, *who, column))
                                .unwrap_or_else(|| panic!("{at}: allowed, expected {expected}"));
                            assert_eq!(describe(&next), *summary, "{at}");
                            assert_eq!(rights_line(&next), *rights, "{at}");
                            assert_eq!(next.validate(), Ok(()), "{at}");
                            allowed_seen += 1;
                        }
                        Err(e) => assert_eq!(code(e.kind()), expected, "{at}: {e}"),
                    }
                }
            }
        }
        assert_eq!(allowed_seen, ALLOWED.len());
    }

    /// The organisation's staff on every fixture: every right on a licence
    /// not deleted, refused by the state where no owner could act, and no
    /// site's own actions (request, withdraw, remove from its list).
    #[test]
    fn staff_hold_every_right_on_a_live_licence() {
        let staff =
            |state: &Custody, action: Action| state.apply(&Event::new(Party::Staff, action));
        let cases: [(fn() -> Custody, Row); 5] = [
            (requested, ["ok", "nf", "nf", "pd", "nf", "nf", "nf", "pd"]),
            (site_owned, ["ae", "ok", "ok", "pd", "it", "it", "it", "pd"]),
            (
                candidate_owned,
                ["ae", "it", "ok", "pd", "ok", "ok", "other", "pd"],
            ),
            (
                candidate_deleted,
                ["ae", "pd", "pd", "pd", "pd", "pd", "pd", "pd"],
            ),
            (
                site_deleted,
                ["ae", "pd", "pd", "pd", "pd", "pd", "pd", "pd"],
            ),
        ];
        let mut allowed = Vec::new();
        for (fixture, row) in cases {
            let state = fixture();
            for (column, (action, expected)) in grid_actions().into_iter().zip(row).enumerate() {
                match staff(&state, action) {
                    Ok(next) => {
                        assert_eq!(expected, "ok", "{} / {column}", describe(&state));
                        assert_eq!(next.validate(), Ok(()));
                        allowed.push(describe(&next));
                    }
                    Err(e) => assert_eq!(code(e.kind()), expected, "{column}: {e}"),
                }
            }
        }
        assert_eq!(
            allowed,
            [
                "l1=candidate | s1:requested(forklift) s2:requested(forklift)",
                "l1=candidate | s1:shared(l1) s2:requested(forklift) s3:requested(forklift)",
                "l1=deleted | s2:requested(forklift) s3:requested(forklift)",
                "l1=deleted | s1:requested(forklift) s2:requested(forklift) s3:requested(forklift)",
                "l1=candidate | s1:shared(l1) s2:shared(l1) s3:shared(l1)",
                "l1=candidate | s1:shared(l1) s2:requested(forklift) s3:requested(forklift)",
            ]
        );
        let letters = |state: &Custody| {
            state
                .rights("l1", &Party::Staff)
                .names()
                .map(|n| &n[..1])
                .collect::<String>()
        };
        assert_eq!(letters(&site_owned()), "vedtsr");
        assert_eq!(letters(&candidate_owned()), "vedtsr");
        assert_eq!(letters(&candidate_deleted()), "");
    }

    #[test]
    fn candidate_upload_answers_a_request() {
        let state = then(requested(), "candidate", upload("l1", FORKLIFT, Some("s1")));
        assert_eq!(
            describe(&state),
            "l1=candidate | s1:shared(l1) s2:requested(forklift)"
        );
        assert_eq!(rights_line(&state), "candidate=VEDS s1=VR s2=- s3=- s4=-");
        let pending: Vec<&str> = state
            .pending_requests()
            .map(|a| a.site_id.as_str())
            .collect();
        assert_eq!(pending, ["s2"]);
        assert_eq!(
            refused(
                &requested(),
                "candidate",
                upload("l1", FORKLIFT, Some("s4"))
            ),
            ErrorKind::InvalidTransition
        );
        assert_eq!(
            refused(
                &requested(),
                "candidate",
                upload("l1", "first_aid", Some("s1"))
            ),
            ErrorKind::InvalidTransition
        );
        assert_eq!(
            refused(&requested(), "s1", upload("l1", FORKLIFT, Some("s1"))),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn share_needs_a_pending_request_of_the_licence_type() {
        let state = candidate_owned();
        assert_eq!(
            refused(&state, "candidate", share("s4")),
            ErrorKind::InvalidTransition
        );
        assert_eq!(
            refused(&state, "candidate", share("s1")),
            ErrorKind::InvalidTransition
        );
        let other_type = then(state.clone(), "s4", request("first_aid"));
        assert_eq!(
            refused(&other_type, "candidate", share("s4")),
            ErrorKind::InvalidTransition
        );
        assert_eq!(
            refused(&state, "candidate", unshare("s3")),
            ErrorKind::InvalidTransition
        );
    }

    #[test]
    fn shares_sent_back_merge_with_pending_requests() {
        let state = then(candidate_owned(), "s1", request(FORKLIFT));
        let deleted = then(state.clone(), "candidate", delete());
        assert_eq!(
            describe(&deleted),
            "l1=deleted | s1:requested(forklift) s2:requested(forklift) s3:requested(forklift)"
        );
        let unshared = then(state, "candidate", unshare("s1"));
        assert_eq!(
            describe(&unshared),
            "l1=candidate | s1:requested(forklift) s2:shared(l1) s3:requested(forklift)"
        );
        assert_eq!(unshared.validate(), Ok(()));
    }

    #[test]
    fn a_transfer_cannot_be_undone_or_repeated() {
        // Once transferred, neither the site nor the candidate holds the
        // Transfer right: refused as denied, whatever the state.
        let state = then(site_owned(), "s1", transfer());
        assert_eq!(
            refused(&state, "s1", transfer()),
            ErrorKind::PermissionDenied
        );
        assert_eq!(
            refused(&state, "candidate", transfer()),
            ErrorKind::PermissionDenied
        );
        assert_eq!(refused(&state, "s1", delete()), ErrorKind::PermissionDenied);
        assert_eq!(state.licences[0].owner, Owner::Candidate);
    }

    #[test]
    fn refusals_name_the_party_or_the_state() {
        let message = |state: &Custody, who: &str, action: Action| {
            apply(state, who, action).map_or_else(|e| e.to_string(), |_| panic!("allowed"))
        };
        assert_eq!(
            message(&candidate_owned(), "s1", delete()),
            "site `s1` may not delete licence `l1`"
        );
        assert_eq!(
            message(&candidate_owned(), "s2", transfer()),
            "site `s2` may not transfer licence `l1`"
        );
        assert_eq!(
            message(&site_owned(), "candidate", share("s3")),
            "candidate may not share licence `l1` with site `s3`"
        );
        assert_eq!(
            message(&site_owned(), "s1", remove()),
            "site `s1` may not remove licence `l1`"
        );
        let staff = site_owned().apply(&Event::new(Party::Staff, remove()));
        assert_eq!(
            staff.map_err(|e| e.to_string()),
            Err("cannot remove licence `l1` from state site_owned".into())
        );
        assert_eq!(
            message(&candidate_owned(), "candidate", share("s4")),
            "cannot share licence `l1` with site `s4` from state not requested"
        );
        assert_eq!(
            message(&requested(), "candidate", request(FORKLIFT)),
            "candidate may not request a licence of type `forklift`"
        );
    }

    #[test]
    fn ids_are_checked_before_anything_else() {
        let state = candidate_owned();
        let bad = [
            Event::new(Party::Site(" s1".into()), remove()),
            Event::new(Party::Candidate, upload("", FORKLIFT, None)),
            Event::new(Party::Candidate, upload("l9", FORKLIFT, Some(""))),
            Event::new(Party::Site("s1".into()), request(&"t".repeat(129))),
            Event::new(
                Party::Candidate,
                Action::Share {
                    licence_id: "l1".into(),
                    site_id: "s\n4".into(),
                },
            ),
        ];
        for event in bad {
            let kind = state.apply(&event).err().map(|e| e.kind());
            assert_eq!(kind, Some(ErrorKind::InvalidInput), "{event:?}");
        }
    }

    #[test]
    fn stored_states_are_validated() {
        let shared = |site: &str, type_id: &str, licence: Option<&str>| Association {
            site_id: site.into(),
            type_id: type_id.into(),
            state: AssociationState::Shared,
            licence_id: licence.map(Into::into),
        };
        let kind = |state: &Custody| state.validate().err().map(|e| e.kind());
        let mut state = candidate_owned();
        state.licences.push(state.licences[0].clone());
        assert_eq!(kind(&state), Some(ErrorKind::AlreadyExists));

        let cases: [fn(&mut Custody); 7] = [
            |s| s.associations[2].licence_id = Some("l1".into()),
            |s| s.associations[0].licence_id = None,
            |s| s.associations.push(s.associations[2].clone()),
            |s| s.licences[0].deleted = true,
            |s| s.licences[0].owner = Owner::Site("s2".into()),
            |s| s.associations[0].type_id = "first_aid".into(),
            |s| s.licences[0].type_id = String::new(),
        ];
        for (i, break_it) in cases.into_iter().enumerate() {
            let mut state = candidate_owned();
            break_it(&mut state);
            assert_eq!(kind(&state), Some(ErrorKind::InvalidInput), "case {i}");
        }
        let mut orphan = site_owned();
        orphan.associations.remove(0);
        assert_eq!(kind(&orphan), Some(ErrorKind::InvalidInput));
        let mut dangling = requested();
        dangling
            .associations
            .push(shared("s3", FORKLIFT, Some("l9")));
        assert_eq!(kind(&dangling), Some(ErrorKind::NotFound));
    }

    #[test]
    fn rights_bitset() {
        let owner = Rights::CANDIDATE_OWNER;
        assert_eq!(owner.bits(), 0b1_0111);
        assert!(owner.contains(Rights::VIEW | Rights::SHARE));
        assert!(!owner.contains(Rights::TRANSFER));
        assert!(Rights::NONE.is_empty());
        assert_eq!(
            Rights::SITE_OWNER.names().collect::<Vec<_>>(),
            ["view", "edit", "delete", "transfer"]
        );
        assert_eq!(
            format!("{:?}", Rights::SHARED_SITE),
            r#"{"view", "remove"}"#
        );
        assert_eq!(Rights::default(), Rights::NONE);
    }

    #[test]
    fn events_are_plain_json() {
        let event = Event::new(Party::Site("s1".into()), transfer());
        let json = r#"{"party":{"site":"s1"},"action":"transfer","licence_id":"l1"}"#;
        assert_eq!(serde_json::to_string(&event).ok().as_deref(), Some(json));
        let back: Option<Event> = serde_json::from_str(json).ok();
        assert_eq!(back, Some(event));
        let upload: Option<Event> = serde_json::from_str(
            r#"{"party":"candidate","action":"upload","licence_id":"l2","type_id":"t"}"#,
        )
        .ok();
        assert_eq!(
            upload,
            Some(Event::new(Party::Candidate, self::upload("l2", "t", None)))
        );
    }

    /// The batch record of `party` asking about `licence`: sites are numbered
    /// by their digit (`s3` is 3).
    fn query(state: &Custody, licence: &LicenceCustody, party: &Party) -> RightsQuery {
        RightsQuery::of(state, licence, party, |site| {
            site[1..].parse::<u32>().unwrap_or(99)
        })
    }

    #[test]
    fn batch_agrees_with_custody() {
        for state in [site_owned(), candidate_owned(), candidate_deleted()] {
            let licence = &state.licences[0];
            let parties: Vec<Party> = PARTIES
                .iter()
                .map(|p| party(p))
                .chain([Party::Staff])
                .collect();
            let queries: Vec<RightsQuery> =
                parties.iter().map(|p| query(&state, licence, p)).collect();
            let expected: Vec<Rights> = parties.iter().map(|p| state.rights("l1", p)).collect();
            assert_eq!(rights_all(&queries), Ok(expected.clone()));
            let mut out = vec![Rights::NONE; queries.len()];
            assert_eq!(rights_into(&queries, &mut out), Ok(()));
            assert_eq!(out, expected);
        }
        let mut short = [Rights::NONE; 1];
        let queries = [RightsQuery {
            owner: 0,
            party: 0,
            shared: 0,
        }; 2];
        assert_eq!(
            rights_into(&queries, &mut short).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
        let deleted_party = RightsQuery {
            owner: RightsQuery::DELETED,
            party: RightsQuery::DELETED,
            shared: 1,
        };
        assert_eq!(deleted_party.rights(), Rights::NONE);
    }
}
