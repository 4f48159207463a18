//! Conversions between the WIT `types` interface and the engine's types: the
//! one place where errors cross the component boundary.

use licence_core::error::{Error, RecordKind};
use licence_core::{Day, Period, PeriodUnit};

use crate::wit;

/// The WIT form of a record kind.
pub fn record_kind(kind: RecordKind) -> wit::RecordKind {
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

/// The WIT error for an engine error, kind for kind.
pub fn error(e: Error) -> wit::Error {
    match e {
        Error::NotFound { kind, id } => wit::Error::NotFound(wit::RecordRef {
            kind: record_kind(kind),
            id,
        }),
        Error::AlreadyExists { kind, id } => wit::Error::AlreadyExists(wit::RecordRef {
            kind: record_kind(kind),
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

/// The engine error for a WIT error (a failure reported by the host's
/// store), kind for kind.
#[cfg(feature = "tracker")]
pub fn from_wit(e: wit::Error) -> Error {
    let kind = |kind: wit::RecordKind| match kind {
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
    };
    match e {
        wit::Error::NotFound(r) => Error::not_found(kind(r.kind), r.id),
        wit::Error::AlreadyExists(r) => Error::already_exists(kind(r.kind), r.id),
        wit::Error::InvalidInput(f) => Error::invalid(f.field, f.reason),
        wit::Error::PermissionDenied(p) => Error::denied(p.party, p.action),
        wit::Error::InvalidTransition(t) => Error::transition(t.from, t.action),
        wit::Error::LimitExceeded(l) => Error::limit(l.what, l.limit),
        wit::Error::Storage(message) => Error::storage(message),
    }
}

/// The date for a day number received as `field`.
pub fn day(field: &str, number: wit::Day) -> Result<Day, wit::Error> {
    Day::from_number(field, number).map_err(error)
}

/// The WIT form of a period.
#[cfg(feature = "rules")]
pub fn period(p: Period) -> wit::Period {
    wit::Period {
        amount: p.amount,
        unit: match p.unit {
            PeriodUnit::Days => wit::PeriodUnit::Days,
            PeriodUnit::Weeks => wit::PeriodUnit::Weeks,
            PeriodUnit::Months => wit::PeriodUnit::Months,
            PeriodUnit::Years => wit::PeriodUnit::Years,
        },
    }
}

/// The engine's period for a WIT one received as `field`, checked.
#[cfg(feature = "rules")]
pub fn from_wit_period(field: &str, p: wit::Period) -> Result<Period, wit::Error> {
    let unit = match p.unit {
        wit::PeriodUnit::Days => PeriodUnit::Days,
        wit::PeriodUnit::Weeks => PeriodUnit::Weeks,
        wit::PeriodUnit::Months => PeriodUnit::Months,
        wit::PeriodUnit::Years => PeriodUnit::Years,
    };
    Period::new(field, p.amount, unit).map_err(error)
}
