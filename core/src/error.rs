//! The engine's one error type. Its kinds are stable: every binding maps them
//! one to one (WIT variant, C status code, uniffi exception).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A result whose error is the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most characters of user input that an error message quotes.
pub const MAX_ECHO_CHARS: usize = 64;

/// User input as an error message quotes it: whole up to
/// [`MAX_ECHO_CHARS`] characters, else cut there and followed by `…`, so a
/// 10 MB id is not echoed back whole.
pub fn echo(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(MAX_ECHO_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]).into(),
        None => value.into(),
    }
}

/// The kind of record an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A person who holds licences.
    Person,
    /// A catalogue entry of licences.
    LicenceType,
    /// One credential held by one person.
    Licence,
    /// A file kept with a licence.
    Attachment,
    /// Something a person is trained on.
    Course,
    /// A person's entitlement to take a course.
    Seat,
    /// An automatic allocation rule.
    Rule,
    /// A client employer that licences are shared with.
    Site,
    /// A reminder policy.
    Policy,
    /// A due reminder.
    Reminder,
    /// A custom field definition.
    Field,
    /// A requirement that people in a scope hold a licence.
    Requirement,
}

impl RecordKind {
    /// The stable lowercase name of the kind, as used in messages and vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::LicenceType => "licence type",
            Self::Licence => "licence",
            Self::Attachment => "attachment",
            Self::Course => "course",
            Self::Seat => "seat",
            Self::Rule => "rule",
            Self::Site => "site",
            Self::Policy => "policy",
            Self::Reminder => "reminder",
            Self::Field => "field",
            Self::Requirement => "requirement",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every way an engine operation can fail.
///
/// Messages are lowercase, without a final period, and quote user input in
/// backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A record that the operation names does not exist.
    #[error("{kind} `{id}` not found")]
    NotFound {
        /// Which kind of record was looked up.
        kind: RecordKind,
        /// The id that was looked up.
        id: String,
    },
    /// A record with this id (or unique name) exists already.
    #[error("{kind} `{id}` already exists")]
    AlreadyExists {
        /// Which kind of record clashed.
        kind: RecordKind,
        /// The id or unique name that clashed.
        id: String,
    },
    /// A field of the input is malformed or breaks a rule.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field at fault.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The acting party lacks the right for the action.
    #[error("{party} may not {action}")]
    PermissionDenied {
        /// Who tried to act.
        party: String,
        /// What they tried to do.
        action: String,
    },
    /// The action is not possible from the record's current state.
    #[error("cannot {action} from state {from}")]
    InvalidTransition {
        /// The record's state when the action was refused.
        from: String,
        /// The action that was refused.
        action: String,
    },
    /// A size or count limit was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    LimitExceeded {
        /// What was too large.
        what: String,
        /// The largest allowed value.
        limit: u64,
    },
    /// The store failed to read or write.
    #[error("storage failure: {message}")]
    Storage {
        /// What the store reported.
        message: String,
    },
    /// A failure inside the engine (a bug): nothing the caller sent or
    /// stored explains it.
    #[error("internal failure: {message}")]
    Internal {
        /// What failed.
        message: String,
    },
}

/// The stable kind of an [`Error`], without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u32)]
pub enum ErrorKind {
    /// See [`Error::NotFound`].
    NotFound = 1,
    /// See [`Error::AlreadyExists`].
    AlreadyExists = 2,
    /// See [`Error::InvalidInput`].
    InvalidInput = 3,
    /// See [`Error::PermissionDenied`].
    PermissionDenied = 4,
    /// See [`Error::InvalidTransition`].
    InvalidTransition = 5,
    /// See [`Error::LimitExceeded`].
    LimitExceeded = 6,
    /// See [`Error::Storage`].
    Storage = 7,
    /// See [`Error::Internal`].
    Internal = 100,
}

impl ErrorKind {
    /// The stable snake_case name of the kind, as used in the vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyExists => "already_exists",
            Self::InvalidInput => "invalid_input",
            Self::PermissionDenied => "permission_denied",
            Self::InvalidTransition => "invalid_transition",
            Self::LimitExceeded => "limit_exceeded",
            Self::Storage => "storage",
            Self::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::AlreadyExists { .. } => ErrorKind::AlreadyExists,
            Self::InvalidInput { .. } => ErrorKind::InvalidInput,
            Self::PermissionDenied { .. } => ErrorKind::PermissionDenied,
            Self::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            Self::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Self::Storage { .. } => ErrorKind::Storage,
            Self::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// A [`Error::NotFound`] for `kind` and `id` (cut by [`echo`]).
    pub fn not_found(kind: RecordKind, id: impl AsRef<str>) -> Self {
        Self::NotFound {
            kind,
            id: echo(id.as_ref()).into_owned(),
        }
    }

    /// An [`Error::AlreadyExists`] for `kind` and `id` (cut by [`echo`]).
    pub fn already_exists(kind: RecordKind, id: impl AsRef<str>) -> Self {
        Self::AlreadyExists {
            kind,
            id: echo(id.as_ref()).into_owned(),
        }
    }

    /// An [`Error::InvalidInput`] for `field` with `reason`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A [`Error::PermissionDenied`] for `party` attempting `action`.
    pub fn denied(party: impl Into<String>, action: impl Into<String>) -> Self {
        Self::PermissionDenied {
            party: party.into(),
            action: action.into(),
        }
    }

    /// An [`Error::InvalidTransition`] for `action` refused in state `from`.
    pub fn transition(from: impl Into<String>, action: impl Into<String>) -> Self {
        Self::InvalidTransition {
            from: from.into(),
            action: action.into(),
        }
    }

    /// An [`Error::LimitExceeded`] for `what` over `limit`.
    pub fn limit(what: impl Into<String>, limit: u64) -> Self {
        Self::LimitExceeded {
            what: what.into(),
            limit,
        }
    }

    /// An [`Error::Internal`] saying what failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal {
            message: message.into(),
        }
    }

    /// A [`Error::Storage`] with the store's `message`.
    pub fn storage(message: impl Into<String>) -> Self {
        Self::Storage {
            message: message.into(),
        }
    }
}

/// A failure below the rules, with its source kept until it is mapped to
/// the public [`Error`] — in one place, `From<Failure> for Error`: the
/// database's and a malformed stored record's are storage failures; an
/// encoding or a file writer's are internal.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The SQLite database failed.
    #[cfg(feature = "sqlite")]
    #[error("the database failed: {0}")]
    Database(#[from] rusqlite::Error),
    /// A record read from a store (a database, or the host's store across
    /// the sandbox) is malformed.
    #[error("a stored record is malformed: {0}")]
    Record(#[source] serde_json::Error),
    /// A value could not be encoded.
    #[error("encoding {what}: {source}")]
    Encoding {
        /// What was being encoded.
        what: &'static str,
        /// Why it failed.
        #[source]
        source: serde_json::Error,
    },
    /// The CSV writer failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Packing the .xlsx workbook's parts failed.
    #[error("packing the workbook: {0}")]
    Zip(#[from] zip::result::ZipError),
}

impl Failure {
    /// `value` as JSON text; failing to encode it is [`Failure::Encoding`]
    /// of `what`.
    pub fn encode<T: serde::Serialize + ?Sized>(what: &'static str, value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(|source| Self::Encoding { what, source }.into())
    }

    /// A stored record read from its JSON document; a malformed one is
    /// [`Failure::Record`].
    pub fn decode<T: serde::de::DeserializeOwned>(document: impl AsRef<[u8]>) -> Result<T> {
        serde_json::from_slice(document.as_ref()).map_err(|e| Self::Record(e).into())
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        let message = failure.to_string();
        match failure {
            #[cfg(feature = "sqlite")]
            Failure::Database(_) => Self::Storage { message },
            Failure::Record(_) => Self::Storage { message },
            Failure::Encoding { .. } | Failure::Csv(_) | Failure::Zip(_) => {
                Self::Internal { message }
            }
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Database(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_user_input() {
        let e = Error::not_found(RecordKind::LicenceType, "forklift");
        assert_eq!(e.to_string(), "licence type `forklift` not found");
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            Error::invalid("expiry", "`2026-02-30` is not a calendar date").to_string(),
            "invalid expiry: `2026-02-30` is not a calendar date"
        );
    }

    #[test]
    fn echoed_input_is_cut_to_a_readable_length() {
        let huge = "x".repeat(10 * 1024 * 1024);
        let cut = format!("{}…", "x".repeat(MAX_ECHO_CHARS));
        let e = Error::not_found(RecordKind::Licence, &huge);
        assert_eq!(e.to_string(), format!("licence `{cut}` not found"));
        let e = Error::already_exists(RecordKind::Person, huge);
        assert_eq!(e.to_string(), format!("person `{cut}` already exists"));
        // Cut on a character boundary; short input is kept whole.
        let accents = "é".repeat(MAX_ECHO_CHARS + 1);
        assert_eq!(echo(&accents), format!("{}…", "é".repeat(MAX_ECHO_CHARS)));
        assert_eq!(echo(&accents[2..]), accents[2..]);
        assert_eq!(echo("forklift"), "forklift");
    }

    #[test]
    fn kind_codes_are_stable() {
        assert_eq!(ErrorKind::NotFound as u32, 1);
        assert_eq!(ErrorKind::Storage as u32, 7);
        assert_eq!(ErrorKind::Internal as u32, 100);
        assert_eq!(Error::limit("batch", 5).kind().as_str(), "limit_exceeded");
    }

    #[test]
    fn failures_map_to_their_kinds_in_one_place() {
        let malformed = serde_json::from_str::<u32>("\"x\"")
            .err()
            .map(Failure::Record);
        let error = malformed.map(Error::from);
        assert_eq!(error.as_ref().map(Error::kind), Some(ErrorKind::Storage));
        assert!(
            error
                .map(|e| e.to_string())
                .is_some_and(|m| m.starts_with("storage failure: a stored record is malformed"))
        );
        let encoding = serde_json::from_str::<u32>("x")
            .err()
            .map(|source| Failure::Encoding {
                what: "the output",
                source,
            });
        let error = encoding.map(Error::from);
        assert_eq!(error.as_ref().map(Error::kind), Some(ErrorKind::Internal));
    }
}
