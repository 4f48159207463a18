//! Purge policy: which deleted or expired licences are due for purging (SPEC §5).
//!
//! A [`Retention`] keeps a licence for a period after it expired and for a
//! period after it was deleted. Both are counted from the day the licence
//! stopped being current:
//! - a licence with expiry date `E` is valid through `E` (SPEC §3.1), so it
//!   expired on `E + 1 day`; it is due from `after_expiry` after that day;
//! - a licence deleted on `D` is due from `after_deletion` after `D`.
//!
//! A period of zero purges on the day itself; no period keeps such licences
//! for ever. Supersession plays no part: a superseded licence is history and
//! is purged by its own expiry, like any other.
//!
//! This module only decides. The tracker deletes the licences it names (and
//! their attachments) and keeps an audit entry without personal data, for
//! which [`PurgeReason`] is enough.

use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Period};
use crate::error::{Error, Result};
use crate::expiry::check_batch_len;

/// How long expired and deleted licences are kept.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Retention {
    /// Kept this long after expiring; `None` keeps expired licences.
    #[serde(default)]
    pub after_expiry: Option<Period>,
    /// Kept this long after deletion; `None` keeps deleted licences.
    #[serde(default)]
    pub after_deletion: Option<Period>,
}

impl Retention {
    /// Checks both periods against their units' maximum.
    pub fn validate(&self) -> Result<()> {
        if let Some(period) = &self.after_expiry {
            period.validate("retention.after_expiry")?;
        }
        if let Some(period) = &self.after_deletion {
            period.validate("retention.after_deletion")?;
        }
        Ok(())
    }
}

/// Why a licence is due for purging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum PurgeReason {
    /// It expired longer ago than the retention after expiry.
    Expired = 0,
    /// It was deleted longer ago than the retention after deletion.
    Deleted = 1,
}

impl PurgeReason {
    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Deleted => "deleted",
        }
    }
}

/// The batch input record: a licence's dates as day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct PurgeFacts {
    /// The expiry date, or [`PurgeFacts::NO_DAY`] for a licence that never
    /// expires.
    pub expiry: i32,
    /// The day it was deleted, or [`PurgeFacts::NO_DAY`] while it is not.
    pub deleted_on: i32,
}

impl PurgeFacts {
    /// The day number that stands for "no date".
    pub const NO_DAY: i32 = i32::MIN;

    /// The record for optional expiry and deletion dates.
    pub fn new(expiry: Option<Day>, deleted_on: Option<Day>) -> Self {
        let number = |day: Option<Day>| day.map_or(Self::NO_DAY, Day::number);
        Self {
            expiry: number(expiry),
            deleted_on: number(deleted_on),
        }
    }
}

/// The batch output record: a licence due for purging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Purge {
    /// Position of the licence in the batch.
    pub index: u32,
    /// Why it is due; deletion wins when both are.
    pub reason: PurgeReason,
}

/// Whether a licence is due on `today` under `retention`, and why. Deletion
/// is reported before expiry when both are due.
pub fn purge_reason(
    expiry: Option<Day>,
    deleted_on: Option<Day>,
    retention: &Retention,
    today: Day,
) -> Option<PurgeReason> {
    let due = |since: Option<Day>, keep: Option<Period>| {
        since
            .zip(keep)
            .is_some_and(|(day, keep)| keep.after(day).is_some_and(|due| due <= today))
    };
    if due(deleted_on, retention.after_deletion) {
        Some(PurgeReason::Deleted)
    } else if due(expiry.map(|e| e.plus_days(1)), retention.after_expiry) {
        Some(PurgeReason::Expired)
    } else {
        None
    }
}

/// The day of a batch record, naming the field (built only on error).
fn day(number: i32, field: impl FnOnce() -> String) -> Result<Option<Day>> {
    if number == PurgeFacts::NO_DAY {
        return Ok(None);
    }
    Day::from_number("day", number).map(Some).map_err(|_| {
        Error::invalid(
            field(),
            format!("day number `{number}` is outside the supported years"),
        )
    })
}

/// The licences of a batch that are due for purging on `today`, in batch
/// order.
pub fn due_for_purge(
    facts: &[PurgeFacts],
    retention: &Retention,
    today: Day,
) -> Result<Vec<Purge>> {
    check_batch_len(facts.len())?;
    retention.validate()?;
    let mut due = Vec::new();
    // The batch length check keeps every index within u32.
    for (index, fact) in (0u32..).zip(facts) {
        let expiry = day(fact.expiry, || format!("facts[{index}].expiry"))?;
        let deleted_on = day(fact.deleted_on, || format!("facts[{index}].deleted_on"))?;
        if let Some(reason) = purge_reason(expiry, deleted_on, retention, today) {
            due.push(Purge { index, reason });
        }
    }
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    const POLICY: Retention = Retention {
        after_expiry: Some(Period::years(1)),
        after_deletion: Some(Period::days(30)),
    };

    #[test]
    fn expired_licences_are_kept_for_the_period_after_expiring() {
        let expiry = Some(day("2025-03-31"));
        let on = |today: &str| purge_reason(expiry, None, &POLICY, day(today));
        assert_eq!(on("2026-03-31"), None);
        assert_eq!(on("2026-04-01"), Some(PurgeReason::Expired));
        assert_eq!(purge_reason(None, None, &POLICY, day("9999-12-31")), None);
        let at_once = Retention {
            after_expiry: Some(Period::days(0)),
            after_deletion: None,
        };
        assert_eq!(
            purge_reason(expiry, None, &at_once, day("2025-03-31")),
            None
        );
        assert_eq!(
            purge_reason(expiry, None, &at_once, day("2025-04-01")),
            Some(PurgeReason::Expired)
        );
    }

    #[test]
    fn deleted_licences_are_kept_for_the_period_after_deletion() {
        let deleted = Some(day("2026-01-10"));
        let on = |today: &str| purge_reason(None, deleted, &POLICY, day(today));
        assert_eq!(on("2026-02-08"), None);
        assert_eq!(on("2026-02-09"), Some(PurgeReason::Deleted));
        let both = purge_reason(Some(day("2020-01-01")), deleted, &POLICY, day("2026-03-01"));
        assert_eq!(both, Some(PurgeReason::Deleted));
        let expired_only =
            purge_reason(Some(day("2020-01-01")), deleted, &POLICY, day("2026-01-11"));
        assert_eq!(expired_only, Some(PurgeReason::Expired));
    }

    #[test]
    fn without_a_period_nothing_is_purged() {
        let keep = Retention::default();
        let facts = Some(day("2000-01-01"));
        assert_eq!(purge_reason(facts, facts, &keep, day("2026-01-01")), None);
    }

    #[test]
    fn batch_reports_indices_and_rejects_bad_input() {
        let facts = [
            PurgeFacts::new(Some(day("2024-01-01")), None),
            PurgeFacts::new(Some(day("2026-01-01")), None),
            PurgeFacts::new(None, Some(day("2025-12-01"))),
            PurgeFacts::new(None, None),
        ];
        let due = due_for_purge(&facts, &POLICY, day("2026-01-02"));
        assert_eq!(
            due,
            Ok(vec![
                Purge {
                    index: 0,
                    reason: PurgeReason::Expired
                },
                Purge {
                    index: 2,
                    reason: PurgeReason::Deleted
                },
            ])
        );
        let kind = |r: Result<Vec<Purge>>| r.err().map(|e| e.kind());
        let bad_day = [PurgeFacts {
            expiry: i32::MAX,
            deleted_on: PurgeFacts::NO_DAY,
        }];
        assert_eq!(
            kind(due_for_purge(&bad_day, &POLICY, day("2026-01-02"))),
            Some(ErrorKind::InvalidInput)
        );
        let too_long = Retention {
            after_expiry: Some(Period::years(11)),
            after_deletion: None,
        };
        assert_eq!(
            kind(due_for_purge(&facts, &too_long, day("2026-01-02"))),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(PurgeReason::Deleted.as_str(), "deleted");
    }
}
