//! Calendar dates as the day numbers the batch records carry.

use std::ffi::c_char;

use licence_core::Day;

use crate::args::{Out, text};
use crate::boundary::guard;
use crate::result::ResultCode;

/// Stores in `*out` the day number (days since 1970-01-01) of `year`,
/// `month` (1–12) and `day` of the month; 30 February, month 13 or a year
/// outside 1–9999 is `LT_RESULT_INVALID_INPUT`.
///
/// # Safety
/// `out` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_day_from_ymd(
    year: i32,
    month: u32,
    day: u32,
    out: *mut i32,
) -> ResultCode {
    guard(|| {
        let out = Out::new(out, "out")?;
        let number = Day::from_ymd("date", year, month, day)?.number();
        // SAFETY: `out` is writable by the contract.
        unsafe { out.write(number) };
        Ok(())
    })
}

/// Stores in `*out` the day number of the strict `YYYY-MM-DD` date `date`.
///
/// # Safety
/// `date` is null or a NUL-terminated string; `out` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lt_day_parse(date: *const c_char, out: *mut i32) -> ResultCode {
    guard(|| {
        // SAFETY: a NUL-terminated string or null, by the contract.
        let date = unsafe { text(date, "date")? };
        let out = Out::new(out, "out")?;
        let number = Day::parse("date", date)?.number();
        // SAFETY: `out` is writable by the contract.
        unsafe { out.write(number) };
        Ok(())
    })
}
