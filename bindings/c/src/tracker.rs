//! The tracker handle: one organisation's records in a SQLite file.

use std::ffi::c_char;

use licence_core::Error;
use licence_core::operations::execute_tracker;
use licence_core::store::OpenOptions;
use licence_core::tracker::Tracker;

use crate::args::{Out, handle, text};
use crate::boundary::{catch, guard};
use crate::json::run_json;
use crate::result::ResultCode;

/// An open tracker: one organisation's records in one SQLite database.
/// Opened by [`lt_tracker_open`], closed by [`lt_tracker_free`]. A tracker
/// may be used from several threads at once; its calls are serialised.
pub struct TrackerHandle {
    tracker: Tracker,
}

impl TrackerHandle {
    /// The tracker behind the handle.
    pub(crate) fn tracker(&self) -> &Tracker {
        &self.tracker
    }
}

/// Opens (creating if missing, and migrating) the database at the UTF-8
/// `path` and stores a new tracker in `*out`: a SQLite file, `":memory:"`
/// for a private database in memory, or a PostgreSQL URL
/// (`postgresql://user@host/database?schema=organisation`). Close it with
/// [`lt_tracker_free`].
///
/// # Safety
/// `path` is null or a NUL-terminated string; `out` is null or valid for
/// writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_open(
    path: *const c_char,
    out: *mut *mut TrackerHandle,
) -> ResultCode {
    guard(|| {
        // SAFETY: a NUL-terminated string or null, by the contract.
        let path = unsafe { text(path, "path")? };
        let out = Out::new(out, "out")?;
        let tracker = Tracker::open(path)?;
        let handle = Box::into_raw(Box::new(TrackerHandle { tracker }));
        // SAFETY: `out` is writable by the contract.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// [`lt_tracker_open`] with the options in `options_json` (null or `{}` for
/// the defaults): `{"durability": "full" | "normal", "busy_timeout_ms":
/// 5000, "read_only": false}`. `full` durability syncs each commit to disk;
/// `normal` commits faster, survives a crash of the process, but may lose
/// the last commits on a loss of power. A tracker open read-only refuses
/// every write with `LT_RESULT_STORAGE`.
///
/// # Safety
/// `path` and `options_json` are null or NUL-terminated strings; `out` is
/// null or valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_open_with(
    path: *const c_char,
    options_json: *const c_char,
    out: *mut *mut TrackerHandle,
) -> ResultCode {
    guard(|| {
        // SAFETY: NUL-terminated strings or null, by the contract.
        let path = unsafe { text(path, "path")? };
        let options: OpenOptions = if options_json.is_null() {
            OpenOptions::default()
        } else {
            // SAFETY: a NUL-terminated string, by the contract.
            let json = unsafe { text(options_json, "options_json")? };
            serde_json::from_str(json).map_err(|e| Error::invalid("options_json", e.to_string()))?
        };
        let out = Out::new(out, "out")?;
        let tracker = Tracker::open_with(path, &options)?;
        let handle = Box::into_raw(Box::new(TrackerHandle { tracker }));
        // SAFETY: `out` is writable by the contract.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Closes a tracker and frees it. Null is ignored.
///
/// # Safety
/// `tracker` is null or from [`lt_tracker_open`], not freed before and not
/// in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_free(tracker: *mut TrackerHandle) {
    catch((), || {
        if !tracker.is_null() {
            // SAFETY: made by `Box::into_raw` in `lt_tracker_open`, freed once.
            drop(unsafe { Box::from_raw(tracker) });
        }
    });
}

/// Runs the tracker operation `op` on the JSON document `input_json` and
/// stores the output document in `*out_json`, freed with `lt_string_free`.
///
/// Operations that change records take `"ctx": {"actor": "...", "at":
/// <seconds since 1970>}`; file contents travel as base64 (or as plain
/// bytes through `lt_tracker_add_attachment`). The operations are the
/// `LT_TRACKER_*` names of `licence_operations.h`; their input and output
/// documents are described by `schema/operations.schema.json` and shown by
/// the scenarios in `tests/vectors/tracker.json`.
/// A failed operation leaves the records as they were.
///
/// # Safety
/// `tracker` is null or a live tracker; `op` and `input_json` are null or
/// NUL-terminated strings; `out_json` is null or valid for writing a
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_tracker_execute(
    tracker: *mut TrackerHandle,
    op: *const c_char,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ResultCode {
    let run = |op: &str, input: &serde_json::Value| {
        // SAFETY: a live tracker or null, by the contract.
        let handle = unsafe { handle(tracker.cast_const(), "tracker")? };
        execute_tracker(handle.tracker(), op, input)
    };
    // SAFETY: the same contract as this function's.
    unsafe { run_json(op, input_json, out_json, run) }
}
