//! Every rule operation by name with JSON documents in and out, and the
//! strings the library returns.

use std::ffi::{CString, c_char};

use licence_core::Error;
use licence_core::operations::{execute, execute_text};

use crate::args::{Out, text};
use crate::boundary::{catch, guard};
use crate::result::ResultCode;

/// A returned JSON document as a string the caller frees with
/// [`lt_string_free`].
pub(crate) fn into_c_string(json: String) -> Result<*mut c_char, Error> {
    CString::new(json)
        .map(CString::into_raw)
        .map_err(|e| Error::internal(format!("the output holds a NUL byte: {e}")))
}

/// Runs `op` on the JSON text at `input_json` with `run`, storing the output
/// document in `out_json`.
///
/// # Safety
/// As for [`lt_execute`].
pub(crate) unsafe fn run_json(
    op: *const c_char,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
    run: impl FnOnce(&str, &serde_json::Value) -> Result<serde_json::Value, Error>,
) -> ResultCode {
    guard(|| {
        // SAFETY: NUL-terminated strings or null, by the caller's contract.
        let (op, input) = unsafe { (text(op, "op")?, text(input_json, "input_json")?) };
        let out = Out::new(out_json, "out_json")?;
        let json = into_c_string(execute_text(op, input, run)?)?;
        // SAFETY: `out_json` is writable by the caller's contract.
        unsafe { out.write(json) };
        Ok(())
    })
}

/// Runs the pure rule operation `op` on the JSON document `input_json`
/// (an empty string stands for `{}`) and stores the output document in
/// `*out_json`, which the caller frees with [`lt_string_free`].
///
/// The operations are the `LT_RULE_*` names of `licence_operations.h`;
/// their input and output documents are described by
/// `schema/operations.schema.json` and shown by the conformance vectors
/// (`tests/vectors/*.json`). An unknown operation or a malformed document
/// is `LT_RESULT_INVALID_INPUT`; `*out_json` is written only on success.
///
/// # Safety
/// `op` and `input_json` are null or NUL-terminated strings; `out_json` is
/// null or valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_execute(
    op: *const c_char,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ResultCode {
    // SAFETY: the same contract as this function's.
    unsafe { run_json(op, input_json, out_json, execute) }
}

/// Frees a string the library returned. Null is ignored.
///
/// # Safety
/// `text` is null or a string from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_string_free(text: *mut c_char) {
    catch((), || {
        if !text.is_null() {
            // SAFETY: made by `CString::into_raw` here, freed only once.
            drop(unsafe { CString::from_raw(text) });
        }
    });
}
