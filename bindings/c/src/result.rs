//! The status code every call returns, and its one mapping from core's error
//! kinds.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use licence_core::ErrorKind;

/// What a call returns: `LT_RESULT_OK`, one of core's error kinds (the same codes,
/// 1 to 7), or `LT_RESULT_INTERNAL` for a failure inside the library. Codes are
/// stable and never reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultCode {
    /// The call succeeded and wrote its outputs.
    Ok = 0,
    /// A record the call names does not exist.
    NotFound = 1,
    /// A record with this id (or unique name) exists already.
    AlreadyExists = 2,
    /// An argument is malformed or breaks a rule; this includes null
    /// pointers, invalid UTF-8 and malformed JSON.
    InvalidInput = 3,
    /// The acting party lacks the right for the action.
    PermissionDenied = 4,
    /// The action is not possible from the record's current state.
    InvalidTransition = 5,
    /// A size or count limit was exceeded.
    LimitExceeded = 6,
    /// The store failed to read or write.
    Storage = 7,
    /// A failure inside the engine or the library (a bug); the message says
    /// where.
    Internal = 100,
}

/// Core's error kinds, in code order.
const KINDS: [ErrorKind; 8] = [
    ErrorKind::NotFound,
    ErrorKind::AlreadyExists,
    ErrorKind::InvalidInput,
    ErrorKind::PermissionDenied,
    ErrorKind::InvalidTransition,
    ErrorKind::LimitExceeded,
    ErrorKind::Storage,
    ErrorKind::Internal,
];

impl From<ErrorKind> for ResultCode {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::NotFound => Self::NotFound,
            ErrorKind::AlreadyExists => Self::AlreadyExists,
            ErrorKind::InvalidInput => Self::InvalidInput,
            ErrorKind::PermissionDenied => Self::PermissionDenied,
            ErrorKind::InvalidTransition => Self::InvalidTransition,
            ErrorKind::LimitExceeded => Self::LimitExceeded,
            ErrorKind::Storage => Self::Storage,
            ErrorKind::Internal => Self::Internal,
        }
    }
}

/// The stable name of a status code: `ok`, an error kind's name as the
/// conformance vectors spell it (`not_found`, `invalid_input`, ...),
/// `internal`, or `unknown` for a number that is no code. The string is
/// static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn lt_result_name(code: u32) -> *const c_char {
    crate::boundary::catch(c"unknown".as_ptr(), || {
        let name = match code {
            0 => c"ok",
            _ => kind_names()
                .iter()
                .find(|(kind_code, _)| *kind_code == code)
                .map_or(c"unknown", |(_, name)| name.as_c_str()),
        };
        name.as_ptr()
    })
}

/// Each kind's code and name, as static C strings built once.
fn kind_names() -> &'static [(u32, CString)] {
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        KINDS
            .iter()
            .filter_map(|kind| {
                Some((
                    ResultCode::from(*kind) as u32,
                    CString::new(kind.as_str()).ok()?,
                ))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    fn name(code: u32) -> String {
        // SAFETY: `lt_result_name` returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(lt_result_name(code)) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn codes_and_names_are_cores() {
        for kind in KINDS {
            assert_eq!(ResultCode::from(kind) as u32, kind as u32);
            assert_eq!(name(kind as u32), kind.as_str());
        }
        assert_eq!(ResultCode::from(ErrorKind::PermissionDenied) as u32, 4);
        assert_eq!(name(0), "ok");
        assert_eq!(name(100), "internal");
        assert_eq!(name(8), "unknown");
    }
}
