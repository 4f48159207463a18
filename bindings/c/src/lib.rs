//! C library of the licence tracking engine: `liblicence.so` and
//! `liblicence.a` with the header `include/licence.h`.
//!
//! Conventions, the same for every function (all named `lt_`):
//! - every call returns an `lt_result`: `LT_RESULT_OK`, one of core's error kinds
//!   (codes 1 to 7), or `LT_RESULT_INTERNAL` (100) for a caught panic. The message
//!   of the last failure on the calling thread is [`lt_last_error`];
//!   [`lt_result_name`] names a code as the conformance vectors do;
//! - null pointers, misaligned pointers, invalid UTF-8 and malformed JSON are
//!   `LT_RESULT_INVALID_INPUT`, never a crash; an array may be null when its length
//!   is 0;
//! - outputs come last and are written only on success;
//! - handles are opaque and paired: [`lt_tracker_open`] /
//!   [`lt_tracker_free`], [`lt_schedules_new`] / [`lt_schedules_free`];
//!   strings the library returns are freed with [`lt_string_free`], bytes
//!   with [`lt_bytes_free`];
//! - records travel as JSON documents through [`lt_execute`] (every rule
//!   operation) and [`lt_tracker_execute`] (every tracker operation), in the
//!   forms of core's `operations` module and the conformance vectors; the
//!   hot batch paths take plain `#[repr(C)]` arrays of core's records.

mod args;
mod attachments;
mod batch;
mod boundary;
mod constants;
mod day;
mod json;
mod result;
mod tracker;

pub use attachments::{lt_bytes_free, lt_tracker_add_attachment, lt_tracker_attachment_content};
pub use batch::{
    SchedulesHandle, lt_purge_batch, lt_reminders_batch, lt_rights_batch, lt_schedules_free,
    lt_schedules_new, lt_status_batch,
};
pub use boundary::lt_last_error;
pub use constants::*;
pub use day::{lt_day_from_ymd, lt_day_parse};
pub use json::{lt_execute, lt_string_free};
pub use result::{ResultCode, lt_result_name};
pub use tracker::{TrackerHandle, lt_tracker_execute, lt_tracker_free, lt_tracker_open};
