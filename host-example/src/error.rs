//! Errors at the component boundary: the engine's error for the WIT error,
//! in one mapping, and the host's [`Failure`] for a call that did not
//! end with the engine's answer.

use std::fmt;
use std::time::Duration;

use licence_core::error::{Error, RecordKind};

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
        wit::RecordKind::Field => RecordKind::Field,
        wit::RecordKind::Requirement => RecordKind::Requirement,
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
