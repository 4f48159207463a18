//! The panic boundary that wraps the body of every `extern "C"` function,
//! and the thread-local last error message.
//!
//! No panic crosses into C: a caught panic becomes `LT_RESULT_INTERNAL` with a
//! message, or a function's documented fallback value.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use licence_core::Error;

use crate::result::ResultCode;

thread_local! {
    /// The message of the last failed call on this thread; empty after a
    /// call that succeeded.
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Runs `f`, returning `fallback` if it panics (after recording the panic as
/// the thread's last error).
pub(crate) fn catch<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            set_last_error(&format!("internal error: {what}"));
            fallback
        }
    }
}

/// Runs the body of a call that returns a status code: `LT_RESULT_OK` when it
/// succeeds, the error's kind when it fails, `LT_RESULT_INTERNAL` when it panics.
/// The thread's last error is cleared or set to match.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), Error>) -> ResultCode {
    catch(ResultCode::Internal, || match f() {
        Ok(()) => {
            set_last_error("");
            ResultCode::Ok
        }
        Err(error) => {
            set_last_error(&error.to_string());
            error.kind().into()
        }
    })
}

fn set_last_error(message: &str) {
    // A message quotes user input, which may hold NUL characters.
    let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    LAST_ERROR.with(|last| *last.borrow_mut() = text);
}

/// The message of the last call on this thread that failed, or an empty
/// string when the last call succeeded: lowercase, without a final period,
/// quoting the input at fault, e.g. ``invalid expiry: `2026-02-30` is not a
/// calendar date``.
///
/// The string belongs to the library and stays valid until the next `lt_`
/// call on the same thread; copy it to keep it. Never free it. Each thread
/// has its own.
#[unsafe(no_mangle)]
pub extern "C" fn lt_last_error() -> *const c_char {
    catch(c"".as_ptr(), || {
        LAST_ERROR.with(|last| last.borrow().as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    fn last() -> String {
        // SAFETY: the pointer is valid until the next call on this thread.
        unsafe { CStr::from_ptr(lt_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message() {
        let code = guard(|| panic!("the index `7` is out of range"));
        assert_eq!(code, ResultCode::Internal);
        assert_eq!(last(), "internal error: the index `7` is out of range");
        assert_eq!(catch(5, || -> i32 { panic!("{}", 1 + 1) }), 5);
        assert_eq!(last(), "internal error: 2");
    }

    #[test]
    fn errors_set_the_message_and_success_clears_it() {
        let code = guard(|| Err(Error::invalid("id", "`a\0b` is not allowed")));
        assert_eq!(code, ResultCode::InvalidInput);
        assert_eq!(last(), "invalid id: `a\\0b` is not allowed");
        assert_eq!(guard(|| Ok(())), ResultCode::Ok);
        assert_eq!(last(), "");
    }
}
