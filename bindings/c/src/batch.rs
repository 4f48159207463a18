//! The hot batch paths over plain `#[repr(C)]` arrays: status, due
//! reminders, rights and purging. Dates are day numbers since 1970-01-01
//! (see `lt_day_from_ymd`); nothing is allocated per licence.

use std::ffi::c_char;

use licence_core::custody::{Rights, RightsQuery, rights_into};
use licence_core::expiry::{Evaluation, Expiry, Window, evaluate_into};
use licence_core::policy::ReminderPolicy;
use licence_core::purge::{Purge, PurgeFacts, Retention, due_for_purge};
use licence_core::reminders::{DueSlot, ReminderInput, Schedule, due_slots};
use licence_core::{Day, Error};
use serde::de::DeserializeOwned;

use crate::args::{Out, batch, batch_out, handle, text};
use crate::boundary::{catch, guard};
use crate::result::ResultCode;

/// Reminder policies prepared for [`lt_reminders_batch`]: a licence's
/// `schedule` field is an index into them. Made by [`lt_schedules_new`],
/// freed by [`lt_schedules_free`]; immutable, so it may be shared between
/// threads.
pub struct SchedulesHandle {
    schedules: Vec<Schedule>,
}

fn today(day: i32) -> Result<Day, Error> {
    Day::from_number("today", day)
}

/// The JSON document at `ptr`, named `name` in errors.
///
/// # Safety
/// `ptr` is null or a NUL-terminated string.
unsafe fn document<T: DeserializeOwned>(ptr: *const c_char, name: &str) -> Result<T, Error> {
    // SAFETY: as this function's contract.
    let json = unsafe { text(ptr, name)? };
    serde_json::from_str(json).map_err(|e| Error::invalid(name, e.to_string()))
}

/// Copies `found` to the front of `out` and stores their count.
fn store_found<T: Copy>(found: &[T], out: &mut [T], out_len: Out<usize>) {
    out[..found.len()].copy_from_slice(found);
    // SAFETY: the caller's `out_len` is writable by its contract.
    unsafe { out_len.write(found.len()) };
}

/// Evaluates the status and days left of `len` licences on `today` with an
/// expiring window of `window_days` (core's default is 90) into `out`, which
/// has room for `len` records. A licence without expiry is
/// `LT_EXPIRY_NEVER` and gets `days_left = LT_NO_DAYS_LEFT`.
///
/// # Safety
/// `expiries` points to `len` records and `out` to room for `len` records
/// (either may be null when `len` is 0); they do not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_status_batch(
    expiries: *const Expiry,
    len: usize,
    today: i32,
    window_days: u32,
    out: *mut Evaluation,
) -> ResultCode {
    guard(|| {
        // SAFETY: `len` records at each pointer, by the contract.
        let (expiries, out) = unsafe {
            (
                batch(expiries, len, "expiries")?,
                batch_out(out, len, "out")?,
            )
        };
        evaluate_into(
            expiries,
            self::today(today)?,
            Window::new(window_days)?,
            out,
        )
    })
}

/// Prepares the reminder policies of the JSON array `policies_json` (each
/// as in the engine's documents: `{"leads": ["3 months", "0 days"],
/// "after_expiry": {"every_days": 7, "times": 4}, ...}`) and stores the
/// handle in `*out`; free it with [`lt_schedules_free`].
///
/// # Safety
/// `policies_json` is null or a NUL-terminated string; `out` is null or
/// valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_schedules_new(
    policies_json: *const c_char,
    out: *mut *mut SchedulesHandle,
) -> ResultCode {
    guard(|| {
        // SAFETY: a NUL-terminated string or null, by the contract.
        let policies: Vec<ReminderPolicy> = unsafe { document(policies_json, "policies_json")? };
        let out = Out::new(out, "out")?;
        let schedules = policies
            .iter()
            .map(Schedule::new)
            .collect::<Result<Vec<_>, _>>()?;
        let handle = Box::into_raw(Box::new(SchedulesHandle { schedules }));
        // SAFETY: `out` is writable by the contract.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Frees schedules. Null is ignored.
///
/// # Safety
/// `schedules` is null or from [`lt_schedules_new`], not freed before and
/// not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_schedules_free(schedules: *mut SchedulesHandle) {
    catch((), || {
        if !schedules.is_null() {
            // SAFETY: made by `Box::into_raw` in `lt_schedules_new`, freed once.
            drop(unsafe { Box::from_raw(schedules) });
        }
    });
}

/// Finds the reminders due on `today` among `len` licences: writes one
/// record per licence with a reminder due, in batch order, to the front of
/// `out` (room for `len` records) and their count to `*out_len`. Only the
/// most urgent reminder of a licence is due; `skipped` counts the others.
///
/// # Safety
/// `inputs` points to `len` records and `out` to room for `len` records
/// (either may be null when `len` is 0); `schedules` is null or live;
/// `out_len` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_reminders_batch(
    inputs: *const ReminderInput,
    len: usize,
    schedules: *const SchedulesHandle,
    today: i32,
    out: *mut DueSlot,
    out_len: *mut usize,
) -> ResultCode {
    guard(|| {
        // SAFETY: `len` records at each pointer and a live handle, by the
        // contract.
        let (inputs, schedules, out) = unsafe {
            (
                batch(inputs, len, "inputs")?,
                handle(schedules, "schedules")?,
                batch_out(out, len, "out")?,
            )
        };
        let out_len = Out::new(out_len, "out_len")?;
        let due = due_slots(inputs, &schedules.schedules, self::today(today)?)?;
        store_found(&due, out, out_len);
        Ok(())
    })
}

/// What each of `len` parties may do with a licence, as bits of
/// `LT_RIGHTS_*`, into `out` (room for `len` records).
///
/// # Safety
/// `queries` points to `len` records and `out` to room for `len` records
/// (either may be null when `len` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_rights_batch(
    queries: *const RightsQuery,
    len: usize,
    out: *mut Rights,
) -> ResultCode {
    guard(|| {
        // SAFETY: `len` records at each pointer, by the contract.
        let (queries, out) =
            unsafe { (batch(queries, len, "queries")?, batch_out(out, len, "out")?) };
        rights_into(queries, out)
    })
}

/// Finds the licences due for purging on `today` under the retention policy
/// `retention_json` (`{"after_expiry": "1 year", "after_deletion": "30
/// days"}`; a missing period keeps such licences): writes one record per
/// licence due, in batch order, to the front of `out` (room for `len`
/// records) and their count to `*out_len`.
///
/// # Safety
/// `facts` points to `len` records and `out` to room for `len` records
/// (either may be null when `len` is 0); `retention_json` is null or a
/// NUL-terminated string; `out_len` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_purge_batch(
    facts: *const PurgeFacts,
    len: usize,
    retention_json: *const c_char,
    today: i32,
    out: *mut Purge,
    out_len: *mut usize,
) -> ResultCode {
    guard(|| {
        // SAFETY: `len` records at each pointer and a NUL-terminated string,
        // by the contract.
        let (facts, retention, out) = unsafe {
            (
                batch(facts, len, "facts")?,
                document::<Retention>(retention_json, "retention_json")?,
                batch_out(out, len, "out")?,
            )
        };
        let out_len = Out::new(out_len, "out_len")?;
        let due = due_for_purge(facts, &retention, self::today(today)?)?;
        store_found(&due, out, out_len);
        Ok(())
    })
}
