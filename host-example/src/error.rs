//! Errors at the component boundary: the WIT error and the engine's error,
//! one mapping each way, and the host's [`Failure`] for a call that did not
//! end with the engine's answer.

use std::fmt;
use std::time::Duration;

use licence_core::error::{Error, RecordKind};

use crate::bindings::store;
use crate::bindings::types as wit;

fn from_wit_kind(kind: wit::RecordKind) -> RecordKind {
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

/// The engine's record kind for one the component passed to the store.
pub fn from_store_kind(kind: store::RecordKind) -> RecordKind {
    match kind {
        store::RecordKind::Person => RecordKind::Person,
        store::RecordKind::LicenceType => RecordKind::LicenceType,
        store::RecordKind::Licence => RecordKind::Licence,
        store::RecordKind::Attachment => RecordKind::Attachment,
        store::RecordKind::Course => RecordKind::Course,
        store::RecordKind::Seat => RecordKind::Seat,
        store::RecordKind::Rule => RecordKind::Rule,
        store::RecordKind::Site => RecordKind::Site,
        store::RecordKind::Policy => RecordKind::Policy,
        store::RecordKind::Reminder => RecordKind::Reminder,
    }
}

fn to_store_kind(kind: RecordKind) -> store::RecordKind {
    match kind {
        RecordKind::Person => store::RecordKind::Person,
        RecordKind::LicenceType => store::RecordKind::LicenceType,
        RecordKind::Licence => store::RecordKind::Licence,
        RecordKind::Attachment => store::RecordKind::Attachment,
        RecordKind::Course => store::RecordKind::Course,
        RecordKind::Seat => store::RecordKind::Seat,
        RecordKind::Rule => store::RecordKind::Rule,
        RecordKind::Site => store::RecordKind::Site,
        RecordKind::Policy => store::RecordKind::Policy,
        RecordKind::Reminder => store::RecordKind::Reminder,
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
        wit::Error::Internal(message) => Error::internal(message),
    }
}

/// The `store` error for an engine error (the host's store failing), kind
/// for kind.
pub fn to_store_error(e: Error) -> store::Error {
    match e {
        Error::NotFound { kind, id } => store::Error::NotFound(store::RecordRef {
            kind: to_store_kind(kind),
            id,
        }),
        Error::AlreadyExists { kind, id } => store::Error::AlreadyExists(store::RecordRef {
            kind: to_store_kind(kind),
            id,
        }),
        Error::InvalidInput { field, reason } => {
            store::Error::InvalidInput(store::InvalidField { field, reason })
        }
        Error::PermissionDenied { party, action } => {
            store::Error::PermissionDenied(store::RefusedParty { party, action })
        }
        Error::InvalidTransition { from, action } => {
            store::Error::InvalidTransition(store::RefusedTransition { from, action })
        }
        Error::LimitExceeded { what, limit } => {
            store::Error::LimitExceeded(store::ExceededLimit { what, limit })
        }
        // The store interface has no internal case: a bug of the host's
        // store is, to the engine, its store failing.
        Error::Storage { message } | Error::Internal { message } => store::Error::Storage(message),
    }
}

/// Why a call to a component did not return the engine's answer, or did
/// with the engine's error.
#[derive(Debug)]
pub enum Failure {
    /// The engine refused the request: its typed error.
    Engine(Error),
    /// The call ran past its deadline: the request is too large, or would
    /// never end. The instance was discarded.
    TimedOut {
        /// How long one call may run.
        deadline: Duration,
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
            Self::TimedOut { .. } | Self::OutOfMemory { .. } | Self::Trap(_)
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
            Self::TimedOut { deadline } => write!(
                f,
                "the call was stopped at its deadline of {} ms: the request is too large or does not end",
                deadline.as_millis()
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
