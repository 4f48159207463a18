//! Expiry status (SPEC §3.1), one licence at a time or as a batch.
//!
//! The batch takes compact records ([`Expiry`], a day number) and writes
//! fixed-size [`Evaluation`]s, so every binding can pass plain arrays.

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, Result};

/// The default expiring window, in days.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;
/// The longest expiring window accepted, in days.
pub const MAX_WINDOW_DAYS: u32 = 3660;
/// The most licences one batch call accepts.
pub const MAX_BATCH: usize = 1 << 24;

/// A licence's status on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    /// Expires after the window, or never.
    Active = 0,
    /// Expires within the window (today included).
    Expiring = 1,
    /// Expired before today.
    Expired = 2,
}

impl Status {
    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
        }
    }
}

/// An optional expiry date as a plain day number: the batch input record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Expiry(pub i32);

impl Expiry {
    /// No expiry date: the licence never expires.
    pub const NEVER: Self = Self(i32::MIN);

    /// The record for an optional expiry date.
    pub fn from_day(day: Option<Day>) -> Self {
        day.map_or(Self::NEVER, |d| Self(d.number()))
    }
}

/// The expiring window: how many days ahead a licence counts as expiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "u32", into = "u32")]
pub struct Window(u32);

impl Window {
    /// A window of `days`, at most [`MAX_WINDOW_DAYS`].
    pub fn new(days: u32) -> Result<Self> {
        if days > MAX_WINDOW_DAYS {
            return Err(Error::invalid(
                "window_days",
                format!("`{days}` is more than {MAX_WINDOW_DAYS}"),
            ));
        }
        Ok(Self(days))
    }

    /// The window's length in days.
    pub fn days(self) -> u32 {
        self.0
    }
}

impl Default for Window {
    fn default() -> Self {
        Self(DEFAULT_WINDOW_DAYS)
    }
}

impl TryFrom<u32> for Window {
    type Error = Error;

    fn try_from(days: u32) -> Result<Self> {
        Self::new(days)
    }
}

impl From<Window> for u32 {
    fn from(window: Window) -> u32 {
        window.0
    }
}

/// `days_left` of an [`Evaluation`] for a licence without expiry.
pub const NO_DAYS_LEFT: i32 = i32::MIN;

/// The batch output record: status and days left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Evaluation {
    /// Expiry − today, negative once expired; [`NO_DAYS_LEFT`] without expiry.
    pub days_left: i32,
    /// The status.
    pub status: Status,
}

impl Evaluation {
    /// Days left, or `None` for a licence that never expires.
    pub fn days_left(self) -> Option<i32> {
        (self.days_left != NO_DAYS_LEFT).then_some(self.days_left)
    }
}

/// The status and days left of one licence on `today`.
#[inline]
pub fn evaluate(expiry: Expiry, today: Day, window: Window) -> Evaluation {
    if expiry == Expiry::NEVER {
        return Evaluation {
            days_left: NO_DAYS_LEFT,
            status: Status::Active,
        };
    }
    // Both are day numbers within ±3 million, so this cannot overflow.
    let days_left = expiry.0.wrapping_sub(today.number());
    let status = if days_left < 0 {
        Status::Expired
    } else if days_left.unsigned_abs() <= window.days() {
        Status::Expiring
    } else {
        Status::Active
    };
    Evaluation { days_left, status }
}

/// Checks that a batch of `len` items is within [`MAX_BATCH`].
pub fn check_batch_len(len: usize) -> Result<()> {
    if len > MAX_BATCH {
        return Err(Error::limit("batch length", MAX_BATCH as u64));
    }
    Ok(())
}

/// Checks that a batch is within [`MAX_BATCH`] and that every expiry is
/// [`Expiry::NEVER`] or a day number of the supported years: what the batch
/// functions check before evaluating.
pub fn check_expiries(expiries: &[Expiry]) -> Result<()> {
    check_batch_len(expiries.len())?;
    let (first, last) = (Day::first().number(), Day::last().number());
    match expiries
        .iter()
        .position(|e| *e != Expiry::NEVER && !(first..=last).contains(&e.0))
    {
        Some(i) => Err(Error::invalid(
            format!("expiries[{i}]"),
            format!(
                "day number `{}` is outside the supported years",
                expiries[i].0
            ),
        )),
        None => Ok(()),
    }
}

/// Evaluates every licence of a batch into `out`, which must be as long as
/// `expiries`. Nothing is allocated.
pub fn evaluate_into(
    expiries: &[Expiry],
    today: Day,
    window: Window,
    out: &mut [Evaluation],
) -> Result<()> {
    if out.len() != expiries.len() {
        return Err(Error::invalid(
            "out",
            format!("has {} slots for {} licences", out.len(), expiries.len()),
        ));
    }
    check_expiries(expiries)?;
    for (slot, expiry) in out.iter_mut().zip(expiries) {
        *slot = evaluate(*expiry, today, window);
    }
    Ok(())
}

/// Evaluates every licence of a batch; the result is exactly as long as the
/// input and is the only allocation.
pub fn evaluate_all(expiries: &[Expiry], today: Day, window: Window) -> Result<Vec<Evaluation>> {
    check_expiries(expiries)?;
    Ok(expiries
        .iter()
        .map(|e| evaluate(*e, today, window))
        .collect())
}

/// How many licences of a batch have each status: `[active, expiring, expired]`.
pub fn count_by_status(evaluations: &[Evaluation]) -> [usize; 3] {
    let mut counts = [0; 3];
    for evaluation in evaluations {
        counts[evaluation.status as usize] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn window_boundaries() {
        let today = day("2026-03-01");
        let w = Window::new(30).unwrap_or_default();
        let at = |offset: i32| evaluate(Expiry(today.number() + offset), today, w);
        assert_eq!(
            at(-1),
            Evaluation {
                days_left: -1,
                status: Status::Expired
            }
        );
        assert_eq!(
            at(0),
            Evaluation {
                days_left: 0,
                status: Status::Expiring
            }
        );
        assert_eq!(at(1).status, Status::Expiring);
        assert_eq!(at(30).status, Status::Expiring);
        assert_eq!(
            at(31),
            Evaluation {
                days_left: 31,
                status: Status::Active
            }
        );
        let never = evaluate(Expiry::NEVER, today, w);
        assert_eq!((never.status, never.days_left()), (Status::Active, None));
    }

    #[test]
    fn batch_checks_lengths_and_ranges() {
        let today = day("2026-03-01");
        let mut out = vec![
            Evaluation {
                days_left: 0,
                status: Status::Active
            };
            1
        ];
        let kind = |r: Result<()>| r.err().map(|e| e.kind());
        assert_eq!(
            kind(evaluate_into(&[], today, Window::default(), &mut out)),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(
            kind(evaluate_into(
                &[Expiry(i32::MAX)],
                today,
                Window::default(),
                &mut out
            )),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(
            evaluate_into(
                &[Expiry(today.number())],
                today,
                Window::default(),
                &mut out
            ),
            Ok(())
        );
        assert_eq!(out[0].status, Status::Expiring);
        assert_eq!(
            Window::new(3661).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(
            check_batch_len(MAX_BATCH + 1).err().map(|e| e.kind()),
            Some(ErrorKind::LimitExceeded)
        );
    }

    #[test]
    fn counts() {
        let today = day("2026-03-01");
        let all = evaluate_all(
            &[
                Expiry::NEVER,
                Expiry(today.number()),
                Expiry(today.number() - 5),
            ],
            today,
            Window::default(),
        );
        assert_eq!(all.map(|a| count_by_status(&a)), Ok([1, 1, 1]));
    }
}
