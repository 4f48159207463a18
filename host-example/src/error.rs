//! Errors at the component boundary: the WIT error and the engine's error,
//! one mapping each way, and the host's [`Failure`] for a call that did not
//! end with the engine's answer.

use std::fmt;

use licence_core::error::{Error, RecordKind};

use crate::bindings::types as wit;

/// The engine's record kind for a WIT one.
pub fn from_wit_kind(kind: wit::RecordKind) -> RecordKind {
    match kind {
        wit::RecordKind::Person => RecordKind::Person,
        wit::RecordKind::LicenceType => RecordKind::LicenceType,
        wit::RecordKind::Licence => RecordKind::Licence,
        wit::RecordKind::Attachment => RecordKind::Attachment,
        wit::RecordKind::Course => RecordKind::Course,
        wit::RecordKind::Seat => RecordKind::Seat,
        wit::RecordKind::Rule => RecordKind::Rule,
        wit::RecordKind::Site => RecordKind::Site,
        wit::RecordKind::Policy => RecordKind::Policy,
        wit::RecordKind::Reminder => RecordKind::Reminder,
    }
}

fn to_wit_kind(kind: RecordKind) -> wit::RecordKind {
    match kind {
        RecordKind::Person => wit::RecordKind::Person,
        RecordKind::LicenceType => wit::RecordKind::LicenceType,
        RecordKind::Licence => wit::RecordKind::Licence,
        RecordKind::Attachment => wit::RecordKind::Attachment,
        RecordKind::Course => wit::RecordKind::Course,
        RecordKind::Seat => wit::RecordKind::Seat,
        RecordKind::Rule => wit::RecordKind::Rule,
        RecordKind::Site => wit::RecordKind::Site,
        RecordKind::Policy => wit::RecordKind::Policy,
        RecordKind::Reminder => wit::RecordKind::Reminder,
    }
}

/// The engine's error for an error the component returned, kind for kind.
pub fn from_wit(e: wit::Error) -> Error {
    match e {
        wit::Error::NotFound(r) => Error::not_found(from_wit_kind(r.kind), r.id),
        wit::Error::AlreadyExists(r) => Error::already_exists(from_wit_kind(r.kind), r.id),
        wit::Error::InvalidInput(f) => Error::invalid(f.field, f.reason),
        wit::Error::PermissionDenied(p) => Error::denied(p.party, p.action),
        wit::Error::InvalidTransition(t) => Error::transition(t.from, t.action),
        wit::Error::LimitExceeded(l) => Error::limit(l.what, l.limit),
        wit::Error::Storage(message) => Error::storage(message),
    }
}

/// The WIT error for an engine error (the host's store failing), kind for
/// kind.
pub fn to_wit(e: Error) -> wit::Error {
    match e {
        Error::NotFound { kind, id } => wit::Error::NotFound(wit::RecordRef {
            kind: to_wit_kind(kind),
            id,
        }),
        Error::AlreadyExists { kind, id } => wit::Error::AlreadyExists(wit::RecordRef {
            kind: to_wit_kind(kind),
            id,
        }),
        Error::InvalidInput { field, reason } => {
            wit::Error::InvalidInput(wit::InvalidField { field, reason })
        }
        Error::PermissionDenied { party, action } => {
            wit::Error::PermissionDenied(wit::RefusedParty { party, action })
        }
        Error::InvalidTransition { from, action } => {
            wit::Error::InvalidTransition(wit::RefusedTransition { from, action })
        }
        Error::LimitExceeded { what, limit } => {
            wit::Error::LimitExceeded(wit::ExceededLimit { what, limit })
        }
        Error::Storage { message } => wit::Error::Storage(message),
    }
}

/// Why a call to a component did not return the engine's answer, or did
/// with the engine's error.
#[derive(Debug)]
pub enum Failure {
    /// The engine refused the request: its typed error.
    Engine(Error),
    /// The call used up its fuel budget: the request is too large, or would
    /// never end. The instance was discarded.
    OutOfFuel {
        /// The budget of one call, in fuel units (about one per WebAssembly
        /// instruction).
        budget: u64,
    },
    /// The component needed more memory than its limit: the request is too
    /// large. The instance was discarded.
    OutOfMemory {
        /// The memory limit of one instance, in bytes.
        limit: usize,
    },
    /// The component trapped (a fault inside it). The instance was
    /// discarded.
    Trap(String),
    /// The component could not be loaded or instantiated.
    Load(String),
}

impl Failure {
    /// Whether the instance that failed was discarded: the next call runs on
    /// a fresh one.
    pub fn discarded_instance(&self) -> bool {
        matches!(
            self,
            Self::OutOfFuel { .. } | Self::OutOfMemory { .. } | Self::Trap(_)
        )
    }

    /// The engine's error, if the engine refused the request.
    pub fn engine_error(&self) -> Option<&Error> {
        match self {
            Self::Engine(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Engine(e) => write!(f, "{e}"),
            Self::OutOfFuel { budget } => write!(
                f,
                "the call was stopped after its budget of {budget} fuel units: the request is too large or does not end"
            ),
            Self::OutOfMemory { limit } => write!(
                f,
                "the call needed more than the component's memory limit of {} MiB: the request is too large",
                limit >> 20
            ),
            Self::Trap(message) => write!(
                f,
                "the component failed ({message}); a fresh instance serves the next call"
            ),
            Self::Load(message) => write!(f, "loading the component: {message}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Engine(e)
    }
}
