//! The conversion of the engine's errors into WIT errors: the one place
//! where errors leave the component.
//!
//! Each world exports its own copy of the `types` interface (exported, so
//! that the `rules` component imports nothing at all), and wit-bindgen
//! generates each copy as its own Rust types. The conversions are therefore
//! written once here, as macros, and expanded in each world's module for
//! the generated module that `wit` names there.

/// Defines `error`: the WIT error (in `wit`) for an engine error, kind for
/// kind, with its details.
macro_rules! error_to_wit {
    () => {
        /// The WIT form of an engine record kind.
        pub fn record_kind(kind: licence_core::RecordKind) -> wit::RecordKind {
            use licence_core::RecordKind as K;
            match kind {
                K::Person => wit::RecordKind::Person,
                K::LicenceType => wit::RecordKind::LicenceType,
                K::Licence => wit::RecordKind::Licence,
                K::Attachment => wit::RecordKind::Attachment,
                K::Course => wit::RecordKind::Course,
                K::Seat => wit::RecordKind::Seat,
                K::Rule => wit::RecordKind::Rule,
                K::Site => wit::RecordKind::Site,
                K::Policy => wit::RecordKind::Policy,
                K::Reminder => wit::RecordKind::Reminder,
                K::Field => wit::RecordKind::Field,
                K::Requirement => wit::RecordKind::Requirement,
            }
        }

        /// The WIT error for an engine error, kind for kind.
        pub fn error(e: licence_core::Error) -> wit::Error {
            use licence_core::Error as E;
            match e {
                E::NotFound { kind, id } => wit::Error::NotFound(wit::RecordRef {
                    kind: record_kind(kind),
                    id,
                }),
                E::AlreadyExists { kind, id } => wit::Error::AlreadyExists(wit::RecordRef {
                    kind: record_kind(kind),
                    id,
                }),
                E::InvalidInput { field, reason } => {
                    wit::Error::InvalidInput(wit::InvalidField { field, reason })
                }
                E::PermissionDenied { party, action } => {
                    wit::Error::PermissionDenied(wit::RefusedParty { party, action })
                }
                E::InvalidTransition { from, action } => {
                    wit::Error::InvalidTransition(wit::RefusedTransition { from, action })
                }
                E::LimitExceeded { what, limit } => {
                    wit::Error::LimitExceeded(wit::ExceededLimit { what, limit })
                }
                E::Storage { message } => wit::Error::Storage(message),
                E::Internal { message } => wit::Error::Internal(message),
            }
        }
    };
}

pub(crate) use error_to_wit;
