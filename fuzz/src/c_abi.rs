//! The C library's calls, with strings and arrays made from the fuzz input.
//!
//! An input is steps as for the JSON targets ([`crate::document`]); a step
//! is a byte choosing the call, a byte of flags (which pointers are null or
//! misaligned), then what the call takes: an operation byte and text for
//! the string calls, [`arbitrary`] records for the batch calls. A string is
//! the step's bytes with a NUL added, so that it may hold an earlier NUL
//! and invalid UTF-8; an array's length is any length within its buffer.

use std::ffi::{CStr, c_char};
use std::ptr;

use arbitrary::{Arbitrary, Unstructured};
use licence::{
    ResultCode, SchedulesHandle, TrackerHandle, lt_bytes_free, lt_day_from_ymd, lt_day_parse,
    lt_execute, lt_last_error, lt_purge_batch, lt_reminders_batch, lt_result_name, lt_rights_batch,
    lt_schedules_free, lt_schedules_new, lt_status_batch, lt_string_free,
    lt_tracker_add_attachment, lt_tracker_attachment_content, lt_tracker_execute, lt_tracker_free,
    lt_tracker_open,
};
use licence_core::custody::{Rights, RightsQuery};
use licence_core::expiry::{Evaluation, Expiry, evaluate_into};
use licence_core::operations::{Entry, RULE_OPERATIONS, TRACKER_OPERATIONS};
use licence_core::purge::{Purge, PurgeFacts, PurgeReason};
use licence_core::reminders::{DueSlot, ReminderInput};
use licence_core::{Day, Period, Status};

use crate::bug;
use crate::document::steps;

/// The calls a step makes, by its first byte (modulo their number).
pub mod calls {
    /// `lt_execute`.
    pub const EXECUTE: u8 = 0;
    /// `lt_tracker_execute`.
    pub const TRACKER_EXECUTE: u8 = 1;
    /// `lt_tracker_add_attachment`.
    pub const ADD_ATTACHMENT: u8 = 2;
    /// `lt_tracker_attachment_content`.
    pub const ATTACHMENT_CONTENT: u8 = 3;
    /// `lt_status_batch`.
    pub const STATUS: u8 = 4;
    /// `lt_schedules_new`, then `lt_reminders_batch`.
    pub const REMINDERS: u8 = 5;
    /// `lt_rights_batch`.
    pub const RIGHTS: u8 = 6;
    /// `lt_purge_batch`.
    pub const PURGE: u8 = 7;
    /// `lt_day_parse` and `lt_day_from_ymd`.
    pub const DAYS: u8 = 8;
    /// How many calls there are.
    pub const COUNT: u8 = 9;
}

/// The flags byte of a step: which pointers the call gets null or
/// misaligned.
pub mod flags {
    /// The tracker or schedules handle is null.
    pub const NULL_HANDLE: u8 = 1;
    /// The first string (the operation) is null.
    pub const NULL_OP: u8 = 2;
    /// The document or the input array is null.
    pub const NULL_INPUT: u8 = 4;
    /// The output pointer is null.
    pub const NULL_OUT: u8 = 8;
    /// The input array starts one byte into its buffer.
    pub const MISALIGNED: u8 = 16;
    /// The operation's name is the step's text rather than a listed one.
    pub const TEXT_OP: u8 = 32;
}

/// The most records of a batch.
const MAX_RECORDS: usize = 64;

/// The steps of the input through the C library, on one tracker opened on
/// a private database in memory. Invariants: no crash and no panic; every
/// call returns one of the documented codes, never internal nor storage;
/// the last error is empty exactly after a success; outputs are written
/// only on success, and what is returned (JSON text, bytes, handles) is
/// well-formed and freed with the library's own functions; the batch calls
/// answer what core answers for the same records.
pub fn c_abi(data: &[u8]) {
    let mut tracker: *mut TrackerHandle = ptr::null_mut();
    // SAFETY: a NUL-terminated path and a writable pointer.
    let code = unsafe { lt_tracker_open(c":memory:".as_ptr(), &mut tracker) };
    check(code, "lt_tracker_open");
    for step in steps(data) {
        let mut u = Unstructured::new(step);
        let call = u.arbitrary::<u8>().unwrap_or(0) % calls::COUNT;
        let flags = u.arbitrary::<u8>().unwrap_or(0);
        let handle = if flags & flags::NULL_HANDLE != 0 {
            ptr::null_mut()
        } else {
            tracker
        };
        match call {
            calls::EXECUTE => execute(u, flags, RULE_OPERATIONS, |op, input, out| {
                // SAFETY: NUL-terminated strings or null, a writable pointer or null.
                unsafe { lt_execute(op, input, out) }
            }),
            calls::TRACKER_EXECUTE => execute(u, flags, TRACKER_OPERATIONS, |op, input, out| {
                // SAFETY: a live tracker or null, as `lt_execute`.
                unsafe { lt_tracker_execute(handle, op, input, out) }
            }),
            calls::ADD_ATTACHMENT => add_attachment(u, flags, handle),
            calls::ATTACHMENT_CONTENT => attachment_content(u, flags, handle),
            calls::STATUS => status(u, flags),
            calls::REMINDERS => reminders(u, flags),
            calls::RIGHTS => rights(u, flags),
            calls::PURGE => purge(u, flags),
            _ => days(u, flags),
        }
    }
    // SAFETY: from `lt_tracker_open`, freed once.
    unsafe { lt_tracker_free(tracker) };
}

/// Checks a call's code and the last error that goes with it.
fn check(code: ResultCode, call: &str) {
    let number = code as u32;
    // SAFETY: the last error is a NUL-terminated string until the next call.
    let message = unsafe { CStr::from_ptr(lt_last_error()) }
        .to_string_lossy()
        .into_owned();
    if matches!(code, ResultCode::Internal | ResultCode::Storage) {
        bug(&format!("{call}: {code:?}: {message}"));
    }
    if (code == ResultCode::Ok) != message.is_empty() {
        bug(&format!("{call}: {code:?} with the message `{message}`"));
    }
    // SAFETY: a static NUL-terminated string.
    let name = unsafe { CStr::from_ptr(lt_result_name(number)) };
    if name == c"unknown" {
        bug(&format!("{call}: the code {number} has no name"));
    }
}

/// A NUL-terminated copy of `bytes`, or `None` for a null pointer.
struct CText(Option<Vec<u8>>);

impl CText {
    fn new(bytes: &[u8], null: bool) -> Self {
        Self((!null).then(|| bytes.iter().copied().chain([0]).collect()))
    }

    fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(ptr::null(), |b| b.as_ptr().cast())
    }
}

/// Checks a string call's output, and frees it: written exactly on
/// success (when there is somewhere to write it), and JSON text.
fn take_json(code: ResultCode, out: *mut c_char, call: &str) {
    if (code == ResultCode::Ok) == out.is_null() {
        bug(&format!("{call}: {code:?} and the output {out:?}"));
    }
    if out.is_null() {
        return;
    }
    // SAFETY: a NUL-terminated string from the library.
    let text = unsafe { CStr::from_ptr(out) }.to_str().map(str::to_owned);
    // SAFETY: from the library, freed once.
    unsafe { lt_string_free(out) };
    match text.map(|t| serde_json::from_str::<serde_json::Value>(&t)) {
        Ok(Ok(_)) => {}
        _ => bug(&format!("{call} answered no JSON text")),
    }
}

/// `lt_execute` or `lt_tracker_execute`: an operation byte, then the
/// document's text.
fn execute(
    mut u: Unstructured,
    flags: u8,
    entries: &[Entry],
    call: impl FnOnce(*const c_char, *const c_char, *mut *mut c_char) -> ResultCode,
) {
    let choice = usize::from(u.arbitrary::<u8>().unwrap_or(0));
    let text = u.take_rest();
    let op = if flags & flags::TEXT_OP != 0 {
        CText::new(text, flags & flags::NULL_OP != 0)
    } else {
        let name = entries[choice % entries.len()].name.as_bytes();
        CText::new(name, flags & flags::NULL_OP != 0)
    };
    let input = CText::new(text, flags & flags::NULL_INPUT != 0);
    let mut out: *mut c_char = ptr::null_mut();
    let out_ptr = if flags & flags::NULL_OUT != 0 {
        ptr::null_mut()
    } else {
        &mut out
    };
    let code = call(op.ptr(), input.ptr(), out_ptr);
    check(code, "execute");
    if flags & flags::NULL_OUT == 0 {
        take_json(code, out, "execute");
    }
}

/// `lt_tracker_add_attachment`: the document's text up to a NUL, then the
/// content.
fn add_attachment(u: Unstructured, flags: u8, tracker: *mut TrackerHandle) {
    let rest = u.take_rest();
    let (text, content) = rest
        .iter()
        .position(|b| *b == 0)
        .map_or((rest, &[][..]), |at| (&rest[..at], &rest[at + 1..]));
    let input = CText::new(text, flags & flags::NULL_INPUT != 0);
    let (content_ptr, len) = if flags & flags::NULL_OP != 0 {
        (ptr::null(), content.len())
    } else {
        (content.as_ptr(), content.len())
    };
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: a live tracker or null, a NUL-terminated string or null,
    // `len` bytes or null, a writable pointer.
    let code =
        unsafe { lt_tracker_add_attachment(tracker, input.ptr(), content_ptr, len, &mut out) };
    check(code, "lt_tracker_add_attachment");
    take_json(code, out, "lt_tracker_add_attachment");
}

/// `lt_tracker_attachment_content`: the id's text.
fn attachment_content(u: Unstructured, flags: u8, tracker: *mut TrackerHandle) {
    let id = CText::new(u.take_rest(), flags & flags::NULL_OP != 0);
    let mut out: *mut u8 = ptr::null_mut();
    let mut len = usize::MAX;
    // SAFETY: a live tracker or null, a NUL-terminated string or null,
    // writable pointers.
    let code = unsafe { lt_tracker_attachment_content(tracker, id.ptr(), &mut out, &mut len) };
    check(code, "lt_tracker_attachment_content");
    let written = code == ResultCode::Ok;
    if written == (len == usize::MAX) || (!written && !out.is_null()) {
        bug(&format!(
            "lt_tracker_attachment_content: {code:?}, {len} bytes"
        ));
    }
    // SAFETY: from the library with that length, freed once.
    unsafe { lt_bytes_free(out, if written { len } else { 0 }) };
}

/// Records from the input, at most [`MAX_RECORDS`], and a length within
/// them.
fn records<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>) -> (Vec<T>, usize) {
    let records: Vec<T> = u
        .arbitrary_iter()
        .map(|iter| iter.take(MAX_RECORDS).filter_map(Result::ok).collect())
        .unwrap_or_default();
    let len = u.int_in_range(0..=records.len()).unwrap_or(records.len());
    (records, len)
}

/// The input array's pointer: null, misaligned (one byte into a copy of
/// the records), or the records'.
fn array<T: Copy>(records: &[T], flags: u8, bytes: &mut Vec<u8>) -> *const T {
    if flags & flags::NULL_INPUT != 0 {
        ptr::null()
    } else if flags & flags::MISALIGNED != 0 && std::mem::align_of::<T>() > 1 {
        let size = std::mem::size_of_val(records);
        bytes.resize(size + 1, 0);
        // SAFETY: the buffer has room for the records after its first byte.
        unsafe {
            ptr::copy_nonoverlapping(
                records.as_ptr().cast::<u8>(),
                bytes.as_mut_ptr().add(1),
                size,
            );
            bytes.as_ptr().add(1).cast()
        }
    } else {
        records.as_ptr()
    }
}

/// The output array's pointer: null, or room for `room` records.
fn room<T>(out: &mut [T], flags: u8) -> *mut T {
    if flags & flags::NULL_OUT != 0 {
        ptr::null_mut()
    } else {
        out.as_mut_ptr()
    }
}

fn status(mut u: Unstructured, flags: u8) {
    let (expiries, len) = records::<i32>(&mut u);
    let expiries: Vec<Expiry> = expiries.into_iter().map(Expiry).collect();
    let today = u.arbitrary::<i32>().unwrap_or(0);
    let window = u.arbitrary::<u32>().unwrap_or(90);
    let blank = Evaluation {
        days_left: 0,
        status: Status::Active,
    };
    let mut out = vec![blank; expiries.len()];
    let mut copy = Vec::new();
    let input = array(&expiries, flags, &mut copy);
    // SAFETY: `len` records at the input, room for as many at the output
    // (or null, or misaligned within a buffer that holds them).
    let code = unsafe { lt_status_batch(input, len, today, window, room(&mut out, flags)) };
    check(code, "lt_status_batch");
    if code == ResultCode::Ok {
        let mut expected = vec![blank; len];
        let day = Day::from_number("today", today);
        let window = licence_core::Window::new(window);
        let core = day.and_then(|d| {
            window.and_then(|w| evaluate_into(&expiries[..len], d, w, &mut expected))
        });
        if core.is_err() || expected[..] != out[..len] {
            bug("lt_status_batch answered other than core");
        }
    }
}

#[derive(Debug, Arbitrary, Clone, Copy)]
struct Reminder {
    expiry: i32,
    acknowledged_through: i32,
    schedule: u8,
    flags: u8,
}

fn reminders(mut u: Unstructured, flags: u8) {
    let (inputs, len) = records::<Reminder>(&mut u);
    let inputs: Vec<ReminderInput> = inputs
        .into_iter()
        .map(|r| ReminderInput {
            expiry: Expiry(r.expiry),
            acknowledged_through: r.acknowledged_through,
            schedule: u32::from(r.schedule % 4),
            flags: u32::from(r.flags % 8),
        })
        .collect();
    let today = u.arbitrary::<i32>().unwrap_or(0);
    let policies = CText::new(u.take_rest(), false);
    let mut schedules: *mut SchedulesHandle = ptr::null_mut();
    // SAFETY: a NUL-terminated string, a writable pointer.
    let code = unsafe { lt_schedules_new(policies.ptr(), &mut schedules) };
    check(code, "lt_schedules_new");
    if (code == ResultCode::Ok) == schedules.is_null() {
        bug(&format!(
            "lt_schedules_new: {code:?} and the handle {schedules:?}"
        ));
    }
    let handle = if flags & flags::NULL_HANDLE != 0 {
        ptr::null()
    } else {
        schedules.cast_const()
    };
    let blank = DueSlot {
        index: u32::MAX,
        trigger: 0,
        days_left: 0,
        lead: Period::days(0),
        occurrence: 0,
        skipped: 0,
    };
    let mut out = vec![blank; inputs.len()];
    let mut found = usize::MAX;
    let mut copy = Vec::new();
    let input = array(&inputs, flags, &mut copy);
    // SAFETY: as `lt_status_batch`; a live handle or null; a writable count.
    let code =
        unsafe { lt_reminders_batch(input, len, handle, today, room(&mut out, flags), &mut found) };
    check(code, "lt_reminders_batch");
    check_found(
        code,
        found,
        len,
        out.iter().map(|s| s.index),
        "lt_reminders_batch",
    );
    // SAFETY: from `lt_schedules_new` or null, freed once.
    unsafe { lt_schedules_free(schedules) };
}

/// Checks a batch's count of records found and their indexes: written
/// exactly on success, within the batch, in batch order.
fn check_found(
    code: ResultCode,
    found: usize,
    len: usize,
    indexes: impl Iterator<Item = u32>,
    call: &str,
) {
    if code != ResultCode::Ok {
        if found != usize::MAX {
            bug(&format!("{call} failed and wrote a count"));
        }
        return;
    }
    let indexes: Vec<u32> = indexes.take(found.min(len)).collect();
    if found > len
        || !indexes.is_sorted_by(|a, b| a < b)
        || indexes.last().is_some_and(|i| *i as usize >= len)
    {
        bug(&format!("{call}: {found} found of {len}: {indexes:?}"));
    }
}

#[derive(Debug, Arbitrary, Clone, Copy)]
struct Query {
    owner: u8,
    party: u8,
    shared: bool,
}

/// A party or owner number: the candidate, a site, the staff or deleted.
fn number(n: u8) -> u32 {
    match n % 8 {
        6 => RightsQuery::STAFF,
        7 => RightsQuery::DELETED,
        site => u32::from(site),
    }
}

fn rights(mut u: Unstructured, flags: u8) {
    let (queries, len) = records::<Query>(&mut u);
    let queries: Vec<RightsQuery> = queries
        .into_iter()
        .map(|q| RightsQuery {
            owner: number(q.owner),
            party: number(q.party),
            shared: u32::from(q.shared),
        })
        .collect();
    let mut out = vec![Rights::NONE; queries.len()];
    let mut copy = Vec::new();
    let input = array(&queries, flags, &mut copy);
    // SAFETY: as `lt_status_batch`.
    let code = unsafe { lt_rights_batch(input, len, room(&mut out, flags)) };
    check(code, "lt_rights_batch");
    if code == ResultCode::Ok
        && queries[..len]
            .iter()
            .zip(&out)
            .any(|(q, r)| q.rights() != *r)
    {
        bug("lt_rights_batch answered other than core");
    }
}

#[derive(Debug, Arbitrary, Clone, Copy)]
struct Facts {
    expiry: i32,
    deleted_on: Option<i32>,
}

fn purge(mut u: Unstructured, flags: u8) {
    let (facts, len) = records::<Facts>(&mut u);
    let facts: Vec<PurgeFacts> = facts
        .into_iter()
        .map(|f| PurgeFacts {
            expiry: f.expiry,
            deleted_on: f.deleted_on.unwrap_or(PurgeFacts::NO_DAY),
        })
        .collect();
    let today = u.arbitrary::<i32>().unwrap_or(0);
    let retention = CText::new(u.take_rest(), flags & flags::NULL_OP != 0);
    let blank = Purge {
        index: u32::MAX,
        reason: PurgeReason::Expired,
    };
    let mut out = vec![blank; facts.len()];
    let mut found = usize::MAX;
    let mut copy = Vec::new();
    let input = array(&facts, flags, &mut copy);
    // SAFETY: as `lt_reminders_batch`, with a NUL-terminated string or null.
    let code = unsafe {
        lt_purge_batch(
            input,
            len,
            retention.ptr(),
            today,
            room(&mut out, flags),
            &mut found,
        )
    };
    check(code, "lt_purge_batch");
    check_found(
        code,
        found,
        len,
        out.iter().map(|p| p.index),
        "lt_purge_batch",
    );
}

fn days(mut u: Unstructured, flags: u8) {
    let (year, month, day) = (
        u.arbitrary::<i32>().unwrap_or(0),
        u.arbitrary::<u32>().unwrap_or(0),
        u.arbitrary::<u32>().unwrap_or(0),
    );
    let mut out = i32::MIN;
    // SAFETY: a writable number.
    let code = unsafe { lt_day_from_ymd(year, month, day, &mut out) };
    check(code, "lt_day_from_ymd");
    let expected = Day::from_ymd("day", year, month, day).map(Day::number).ok();
    if (code == ResultCode::Ok).then_some(out) != expected {
        bug("lt_day_from_ymd answered other than core");
    }
    let null = flags & flags::NULL_INPUT != 0;
    let rest = u.take_rest();
    let text = CText::new(rest, null);
    let mut parsed = i32::MIN;
    // SAFETY: a NUL-terminated string or null, a writable number.
    let code = unsafe { lt_day_parse(text.ptr(), &mut parsed) };
    check(code, "lt_day_parse");
    let until_nul = rest.split(|b| *b == 0).next().unwrap_or_default();
    let expected = std::str::from_utf8(until_nul)
        .ok()
        .filter(|_| !null)
        .and_then(|t| Day::parse("date", t).ok())
        .map(Day::number);
    if (code == ResultCode::Ok).then_some(parsed) != expected
        || (code != ResultCode::Ok && parsed != i32::MIN)
    {
        bug("lt_day_parse answered other than core");
    }
}
