//! Licences held between a site and a candidate: parties and their rights.

use licence_core::custody;

/// Who acts on a licence held between a site and a candidate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Party {
    /// The candidate who holds the licences.
    Candidate,
    /// A site (client employer).
    Site {
        /// The site's id.
        site_id: String,
    },
}

impl From<Party> for custody::Party {
    fn from(party: Party) -> Self {
        match party {
            Party::Candidate => Self::Candidate,
            Party::Site { site_id } => Self::Site(site_id),
        }
    }
}

/// What a party may do with a licence: one flag per button to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Rights {
    /// See the licence.
    pub view: bool,
    /// Change its fields.
    pub edit: bool,
    /// Delete it.
    pub delete: bool,
    /// Hand it to the candidate, for good.
    pub transfer: bool,
    /// Share it with (or unshare it from) a site that requested it.
    pub share: bool,
    /// Take it off the site's own list, leaving it with the candidate.
    pub remove: bool,
}

impl From<custody::Rights> for Rights {
    fn from(r: custody::Rights) -> Self {
        use custody::Rights as R;
        Self {
            view: r.contains(R::VIEW),
            edit: r.contains(R::EDIT),
            delete: r.contains(R::DELETE),
            transfer: r.contains(R::TRANSFER),
            share: r.contains(R::SHARE),
            remove: r.contains(R::REMOVE),
        }
    }
}
