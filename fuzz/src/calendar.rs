//! Parsing dates and periods, and shifting a date by a period.

use licence_core::{Day, ErrorKind, Period, Result};

use crate::bug;

/// The input as text, parsed as a date and as a period; text of the form
/// `date|period` also shifts the date by the period. Invariants: no panic;
/// what parses displays as text that parses to the same value (for a date,
/// the very input), and goes through JSON unchanged; what does not is an
/// invalid-input error; a shifted date moves the right way, or is past the
/// supported years.
pub fn calendar(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let day = parsed(Day::parse("date", &text), &text);
    let period = parsed(Period::parse("period", &text), &text);
    if let Some(day) = day {
        if day.to_string() != text {
            bug(&format!("`{text}` parsed as {day}"));
        }
        if Day::from_number("date", day.number()) != Ok(day) {
            bug(&format!("{day} has no day number"));
        }
    }
    if let Some(period) = period {
        if period.validate("period").is_err() {
            bug(&format!("`{text}` parsed as {period:?}, which is too long"));
        }
    }
    if let Some((day, period)) = text.split_once('|') {
        if let (Some(day), Some(period)) = (
            parsed(Day::parse("date", day), day),
            parsed(Period::parse("period", period), period),
        ) {
            shift(day, period);
        }
    }
}

/// The value parsed from `text`, checked to display as text that parses
/// back to it, or `None` after checking the error's kind.
fn parsed<T>(result: Result<T>, text: &str) -> Option<T>
where
    T: std::fmt::Display + std::str::FromStr<Err = licence_core::Error> + PartialEq + Copy,
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    match result {
        Ok(value) => {
            let shown = value.to_string();
            if shown.parse::<T>().ok() != Some(value) {
                bug(&format!(
                    "`{text}` parsed, and its display `{shown}` did not"
                ));
            }
            let json = serde_json::to_value(value).ok();
            if json.and_then(|j| serde_json::from_value::<T>(j).ok()) != Some(value) {
                bug(&format!("`{text}` does not go through JSON"));
            }
            Some(value)
        }
        Err(error) if error.kind() == ErrorKind::InvalidInput => None,
        Err(error) => bug(&format!("`{text}`: {error}")),
    }
}

/// Checks `day` moved forward and back by `period`.
fn shift(day: Day, period: Period) {
    let forward = period.after(day);
    let back = period.before(day);
    if forward.is_some_and(|f| f < day) || back.is_some_and(|b| b > day) {
        bug(&format!("{day} moved the wrong way by {period}"));
    }
    for derived in [
        period.derive_after(day, "the date"),
        period.derive_before(day, "the date"),
    ] {
        if let Err(error) = derived {
            if error.kind() != ErrorKind::LimitExceeded {
                bug(&format!("{day} shifted by {period}: {error}"));
            }
        }
    }
    if forward
        .and_then(|f| period.before(f))
        .is_some_and(|b| b > day)
    {
        bug(&format!("{day} forward and back by {period} is later"));
    }
}
