//! The one place where the engine's errors become the bindings' exception,
//! kind for kind, with the engine's fields and message.

use std::fmt;

use licence_core::error::{Error, ErrorKind};

use crate::records::RecordKind;

/// The bindings' record kind for the engine's, and back: one mapping.
fn kind(kind: licence_core::error::RecordKind) -> RecordKind {
    use licence_core::error::RecordKind as K;
    match kind {
        K::Person => RecordKind::Person,
        K::LicenceType => RecordKind::LicenceType,
        K::Licence => RecordKind::Licence,
        K::Attachment => RecordKind::Attachment,
        K::Course => RecordKind::Course,
        K::Seat => RecordKind::Seat,
        K::Rule => RecordKind::Rule,
        K::Site => RecordKind::Site,
        K::Policy => RecordKind::Policy,
        K::Reminder => RecordKind::Reminder,
        K::Field => RecordKind::Field,
        K::Requirement => RecordKind::Requirement,
    }
}

fn core_kind(kind: RecordKind) -> licence_core::error::RecordKind {
    use licence_core::error::RecordKind as K;
    match kind {
        RecordKind::Person => K::Person,
        RecordKind::LicenceType => K::LicenceType,
        RecordKind::Licence => K::Licence,
        RecordKind::Attachment => K::Attachment,
        RecordKind::Course => K::Course,
        RecordKind::Seat => K::Seat,
        RecordKind::Rule => K::Rule,
        RecordKind::Site => K::Site,
        RecordKind::Policy => K::Policy,
        RecordKind::Reminder => K::Reminder,
        RecordKind::Field => K::Field,
        RecordKind::Requirement => K::Requirement,
    }
}

/// Every way an engine call can fail: `LicenceException` in Kotlin,
/// `LicenceError` in Swift and Python. `message()` is the engine's message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum LicenceError {
    /// A record that the call names does not exist.
    NotFound {
        /// Which kind of record was looked up.
        kind: RecordKind,
        /// The id that was looked up.
        id: String,
    },
    /// A record with this id (or unique name) exists already.
    AlreadyExists {
        /// Which kind of record clashed.
        kind: RecordKind,
        /// The id or unique name that clashed.
        id: String,
    },
    /// A field of the input is malformed or breaks a rule.
    InvalidInput {
        /// The field at fault.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The acting party lacks the right for the action.
    PermissionDenied {
        /// Who tried to act.
        party: String,
        /// What they tried to do.
        action: String,
    },
    /// The action is not possible from the record's current state.
    InvalidTransition {
        /// The record's state when the action was refused.
        from: String,
        /// The action that was refused.
        action: String,
    },
    /// A size or count limit was exceeded.
    LimitExceeded {
        /// What was too large.
        what: String,
        /// The largest allowed value.
        limit: u64,
    },
    /// The store failed to read or write.
    Storage {
        /// What the store reported.
        detail: String,
    },
    /// A failure inside the engine (a bug).
    Internal {
        /// What failed.
        detail: String,
    },
}

impl From<Error> for LicenceError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound { kind: k, id } => Self::NotFound { kind: kind(k), id },
            Error::AlreadyExists { kind: k, id } => Self::AlreadyExists { kind: kind(k), id },
            Error::InvalidInput { field, reason } => Self::InvalidInput { field, reason },
            Error::PermissionDenied { party, action } => Self::PermissionDenied { party, action },
            Error::InvalidTransition { from, action } => Self::InvalidTransition { from, action },
            Error::LimitExceeded { what, limit } => Self::LimitExceeded { what, limit },
            Error::Storage { message } => Self::Storage { detail: message },
            Error::Internal { message } => Self::Internal { detail: message },
        }
    }
}

impl From<LicenceError> for Error {
    fn from(error: LicenceError) -> Self {
        match error {
            LicenceError::NotFound { kind, id } => Self::NotFound {
                kind: core_kind(kind),
                id,
            },
            LicenceError::AlreadyExists { kind, id } => Self::AlreadyExists {
                kind: core_kind(kind),
                id,
            },
            LicenceError::InvalidInput { field, reason } => Self::InvalidInput { field, reason },
            LicenceError::PermissionDenied { party, action } => {
                Self::PermissionDenied { party, action }
            }
            LicenceError::InvalidTransition { from, action } => {
                Self::InvalidTransition { from, action }
            }
            LicenceError::LimitExceeded { what, limit } => Self::LimitExceeded { what, limit },
            LicenceError::Storage { detail } => Self::Storage { message: detail },
            LicenceError::Internal { detail } => Self::Internal { message: detail },
        }
    }
}

impl LicenceError {
    fn core(&self) -> Error {
        self.clone().into()
    }

    fn core_kind(&self) -> ErrorKind {
        self.core().kind()
    }
}

impl fmt::Display for LicenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core().fmt(f)
    }
}

impl std::error::Error for LicenceError {}

#[uniffi::export]
impl LicenceError {
    /// The engine's message, such as "licence `l9` not found".
    pub fn message(&self) -> Result<String, LicenceError> {
        Ok(self.to_string())
    }

    /// The stable name of the kind: `not_found`, `already_exists`,
    /// `invalid_input`, `permission_denied`, `invalid_transition`,
    /// `limit_exceeded`, `storage` or `internal`.
    pub fn kind_name(&self) -> Result<String, LicenceError> {
        Ok(self.core_kind().as_str().to_owned())
    }

    /// The stable code of the kind, 1 (not found) to 7 (storage) or 100
    /// (internal), the same as the C library's.
    pub fn code(&self) -> Result<u32, LicenceError> {
        Ok(self.core_kind() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use licence_core::error::RecordKind as CoreKind;

    #[test]
    fn every_kind_maps_one_to_one_with_its_message_and_code() {
        let cases = [
            (Error::not_found(CoreKind::LicenceType, "x"), "not_found", 1),
            (
                Error::already_exists(CoreKind::Person, "p"),
                "already_exists",
                2,
            ),
            (Error::invalid("expiry", "bad"), "invalid_input", 3),
            (Error::denied("candidate", "delete"), "permission_denied", 4),
            (
                Error::transition("deleted", "edit"),
                "invalid_transition",
                5,
            ),
            (Error::limit("batch length", 7), "limit_exceeded", 6),
            (Error::storage("disk full"), "storage", 7),
            (Error::internal("a bug"), "internal", 100),
        ];
        for (core, name, code) in cases {
            let error = LicenceError::from(core.clone());
            assert_eq!(error.kind_name(), Ok(name.to_owned()));
            assert_eq!(error.code(), Ok(code));
            assert_eq!(error.message(), Ok(core.to_string()));
            assert_eq!(Error::from(error), core);
        }
    }

    #[test]
    fn fields_are_kept() {
        let error = LicenceError::from(Error::not_found(CoreKind::LicenceType, "forklift"));
        assert_eq!(
            error,
            LicenceError::NotFound {
                kind: RecordKind::LicenceType,
                id: "forklift".into()
            }
        );
        assert_eq!(
            error.message(),
            Ok("licence type `forklift` not found".to_owned())
        );
    }
}
