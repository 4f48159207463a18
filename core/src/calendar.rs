//! Civil calendar dates and periods: no time of day, no time zone, no clock.
//!
//! A [`Day`] is a day number (days since 1970-01-01) so that batches carry
//! plain integers; conversions to and from `YYYY-MM-DD` are strict.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result, echo};

/// The earliest year a date may have.
pub const MIN_YEAR: i32 = 1;
/// The latest year a date may have.
pub const MAX_YEAR: i32 = 9999;

/// The day number of 1970-01-01 counted from 0001-01-01 (chrono's "CE" days).
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// A civil calendar date, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Day(i32);

impl Day {
    /// The date for `year`, `month` (1–12) and `day` of the month, or an
    /// invalid-input error naming `field` (30 February, month 13, year 0).
    pub fn from_ymd(field: &str, year: i32, month: u32, day: u32) -> Result<Self> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Error::invalid(
                field,
                format!("year `{year}` is outside {MIN_YEAR}–{MAX_YEAR}"),
            ));
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Self::from_naive)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    format!("`{year:04}-{month:02}-{day:02}` is not a calendar date"),
                )
            })
    }

    /// Parses a strict `YYYY-MM-DD` date, naming `field` in the error.
    pub fn parse(field: &str, text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                field,
                format!("`{}` is not a date in the form YYYY-MM-DD", echo(text)),
            )
        };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32> {
            let part = &text[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = i32::try_from(number(0..4)?).map_err(|_| bad())?;
        Self::from_ymd(field, year, number(5..7)?, number(8..10)?)
    }

    /// The date `days` after 1970-01-01, if it lies within the supported years.
    pub fn from_number(field: &str, days: i32) -> Result<Self> {
        let day = Self(days);
        if day < Self::first() || day > Self::last() {
            return Err(Error::invalid(
                field,
                format!("day number `{days}` is outside the supported years"),
            ));
        }
        Ok(day)
    }

    /// The first supported date, 0001-01-01.
    pub fn first() -> Self {
        Self(-UNIX_EPOCH_FROM_CE + 1)
    }

    /// The last supported date, 9999-12-31.
    pub fn last() -> Self {
        Self(2_932_896)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn number(self) -> i32 {
        self.0
    }

    /// This date as a chrono date.
    pub fn to_naive(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0.saturating_add(UNIX_EPOCH_FROM_CE))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The day number of a chrono date.
    pub fn from_naive(date: NaiveDate) -> Self {
        Self(date.num_days_from_ce() - UNIX_EPOCH_FROM_CE)
    }

    /// The date `days` later (earlier when negative), saturating at the
    /// integer range; callers compare it, or check it with
    /// [`Day::supported`] before they keep it.
    pub fn plus_days(self, days: i32) -> Self {
        Self(self.0.saturating_add(days))
    }

    /// This date when it lies within 0001-01-01 … 9999-12-31, the only
    /// dates that are stored, returned or parsed.
    pub fn supported(self) -> Option<Self> {
        (Self::first()..=Self::last())
            .contains(&self)
            .then_some(self)
    }

    /// Signed number of days from `earlier` to `self`.
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0.saturating_sub(earlier.0)
    }

    /// The date `months` calendar months later (earlier when negative),
    /// clamped to the end of a shorter month (31 May − 3 months = 28/29
    /// Feb); `None` outside the supported years.
    pub fn plus_months(self, months: i32) -> Option<Self> {
        let date = self.to_naive();
        let shifted = if months >= 0 {
            date.checked_add_months(Months::new(months.unsigned_abs()))
        } else {
            date.checked_sub_months(Months::new(months.unsigned_abs()))
        };
        shifted.map(Self::from_naive).and_then(Self::supported)
    }

    /// The year, month and day of the month.
    pub fn ymd(self) -> (i32, u32, u32) {
        let date = self.to_naive();
        (date.year(), date.month(), date.day())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Day {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse("date", text)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse("date", &text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A civil calendar date, `YYYY-MM-DD`, from 0001-01-01 to 9999-12-31.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// The unit of a [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum PeriodUnit {
    /// Calendar days.
    Days = 0,
    /// Weeks of seven days.
    Weeks = 1,
    /// Calendar months, clamped to the end of a shorter month.
    Months = 2,
    /// Calendar years (twelve calendar months).
    Years = 3,
}

impl PeriodUnit {
    /// The largest amount accepted for this unit (ten years' worth).
    pub fn max_amount(self) -> u16 {
        match self {
            Self::Days => 3660,
            Self::Weeks => 522,
            Self::Months => 120,
            Self::Years => 10,
        }
    }

    /// The unit for a numeric code (0 days, 1 weeks, 2 months, 3 years).
    pub fn from_code(field: &str, code: u8) -> Result<Self> {
        match code {
            0 => Ok(Self::Days),
            1 => Ok(Self::Weeks),
            2 => Ok(Self::Months),
            3 => Ok(Self::Years),
            _ => Err(Error::invalid(
                field,
                format!("unit code `{code}` is unknown"),
            )),
        }
    }

    fn name(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Self::Days, false) => "day",
            (Self::Days, true) => "days",
            (Self::Weeks, false) => "week",
            (Self::Weeks, true) => "weeks",
            (Self::Months, false) => "month",
            (Self::Months, true) => "months",
            (Self::Years, false) => "year",
            (Self::Years, true) => "years",
        }
    }
}

/// A whole number of days, weeks, months or years, such as a reminder lead
/// ("3 months") or a validity ("2 years").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Period {
    /// How many units.
    pub amount: u16,
    /// Which unit.
    pub unit: PeriodUnit,
}

impl Period {
    /// A period, checked against the unit's maximum (naming `field`).
    pub fn new(field: &str, amount: u16, unit: PeriodUnit) -> Result<Self> {
        let period = Self { amount, unit };
        period.validate(field)?;
        Ok(period)
    }

    /// A period of `amount` days, unchecked.
    pub const fn days(amount: u16) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Days,
        }
    }

    /// A period of `amount` weeks, unchecked.
    pub const fn weeks(amount: u16) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Weeks,
        }
    }

    /// A period of `amount` months, unchecked.
    pub const fn months(amount: u16) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Months,
        }
    }

    /// A period of `amount` years, unchecked.
    pub const fn years(amount: u16) -> Self {
        Self {
            amount,
            unit: PeriodUnit::Years,
        }
    }

    /// Checks the amount against the unit's maximum.
    pub fn validate(&self, field: &str) -> Result<()> {
        let max = self.unit.max_amount();
        if self.amount > max {
            return Err(Error::invalid(
                field,
                format!("`{self}` is longer than {max} {}", self.unit.name(true)),
            ));
        }
        Ok(())
    }

    /// `day` moved forward by this period (months clamped to month ends);
    /// `None` past 9999-12-31.
    pub fn after(self, day: Day) -> Option<Day> {
        self.shift(day, 1)
    }

    /// `day` moved back by this period (months clamped to month ends);
    /// `None` before 0001-01-01.
    pub fn before(self, day: Day) -> Option<Day> {
        self.shift(day, -1)
    }

    /// [`Period::after`] for a date the engine keeps or returns, `what`
    /// (such as `the expiry`): past 9999-12-31 a limit-exceeded error.
    pub fn derive_after(self, day: Day, what: &str) -> Result<Day> {
        self.after(day).ok_or_else(|| {
            Error::limit(
                format!("the year of {what} ({self} after {day})"),
                MAX_YEAR as u64,
            )
        })
    }

    /// [`Period::before`] for a date the engine keeps or returns, `what`
    /// (such as `the trigger date`): before 0001-01-01 a limit-exceeded
    /// error.
    pub fn derive_before(self, day: Day, what: &str) -> Result<Day> {
        self.before(day).ok_or_else(|| {
            Error::limit(
                format!("the years before {MIN_YEAR:04} of {what} ({self} before {day})"),
                0,
            )
        })
    }

    fn shift(self, day: Day, sign: i32) -> Option<Day> {
        let amount = i32::from(self.amount) * sign;
        match self.unit {
            PeriodUnit::Days => day.plus_days(amount).supported(),
            PeriodUnit::Weeks => day.plus_days(amount * 7).supported(),
            PeriodUnit::Months => day.plus_months(amount),
            PeriodUnit::Years => day.plus_months(amount * 12),
        }
    }

    /// The most days this period can span (a month counts 31).
    pub fn max_days(self) -> i32 {
        let amount = i32::from(self.amount);
        match self.unit {
            PeriodUnit::Days => amount,
            PeriodUnit::Weeks => amount * 7,
            PeriodUnit::Months => amount * 31,
            PeriodUnit::Years => amount * 366,
        }
    }

    /// Parses `"3 months"`, `"1 week"`, `"0 days"` (singular or plural unit),
    /// naming `field` in the error.
    pub fn parse(field: &str, text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                field,
                format!(
                    "`{}` is not a period such as `3 months`, `2 weeks` or `90 days`",
                    echo(text)
                ),
            )
        };
        let mut words = text.split_whitespace();
        let (Some(amount), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(bad());
        };
        let amount: u16 = amount.parse().map_err(|_| bad())?;
        let unit = match unit {
            "day" | "days" => PeriodUnit::Days,
            "week" | "weeks" => PeriodUnit::Weeks,
            "month" | "months" => PeriodUnit::Months,
            "year" | "years" => PeriodUnit::Years,
            _ => return Err(bad()),
        };
        Self::new(field, amount, unit)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.name(self.amount != 1))
    }
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse("period", text)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse("period", &text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A whole number of days, weeks, months or years, such as `3 months` or `1 year`.",
            "type": "string",
            "pattern": "^\\s*[0-9]+\\s+(day|days|week|weeks|month|months|year|years)\\s*$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn parses_and_prints_round_trip() {
        assert_eq!(day("1970-01-01").number(), 0);
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(Day::first().to_string(), "0001-01-01");
        assert_eq!(Day::last().to_string(), "9999-12-31");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "0000-01-01",
            "2026-1-01",
            "26-01-01",
            "",
            "2026-01-0a",
            "+026-01-01",
        ] {
            let err = Day::parse("expiry", bad).err().map(|e| e.kind());
            assert_eq!(err, Some(ErrorKind::InvalidInput), "{bad}");
        }
    }

    #[test]
    fn malformed_input_is_quoted_cut() {
        let huge = "9".repeat(10 * 1024 * 1024);
        let cut = format!("`{}…`", "9".repeat(64));
        let date = Day::parse("expiry", &huge).map_err(|e| e.to_string());
        assert_eq!(
            date,
            Err(format!(
                "invalid expiry: {cut} is not a date in the form YYYY-MM-DD"
            ))
        );
        let period = Period::parse("lead", &huge).map_err(|e| e.to_string());
        assert!(period.is_err_and(|m| m.starts_with(&format!("invalid lead: {cut} is not"))));
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let before = |p: Period, d: &str| p.before(day(d));
        assert_eq!(
            before(Period::months(3), "2026-05-31"),
            Some(day("2026-02-28"))
        );
        assert_eq!(
            before(Period::months(3), "2028-05-31"),
            Some(day("2028-02-29"))
        );
        assert_eq!(
            before(Period::months(1), "2026-03-31"),
            Some(day("2026-02-28"))
        );
        assert_eq!(
            Period::years(1).after(day("2024-02-29")),
            Some(day("2025-02-28"))
        );
        assert_eq!(
            before(Period::weeks(1), "2026-01-03"),
            Some(day("2025-12-27"))
        );
        assert_eq!(
            before(Period::days(0), "2026-01-03"),
            Some(day("2026-01-03"))
        );
    }

    #[test]
    fn shifts_stay_within_the_supported_years() {
        let first = Day::first();
        let last = Day::last();
        assert_eq!(Period::days(0).before(first), Some(first));
        assert_eq!(Period::days(1).before(first), None);
        assert_eq!(Period::weeks(1).before(day("0001-01-07")), None);
        assert_eq!(Period::months(1).before(day("0001-01-31")), None);
        assert_eq!(Period::years(1).before(day("0001-12-31")), None);
        assert_eq!(Period::days(1).after(last), None);
        assert_eq!(Period::months(1).after(day("9999-12-01")), None);
        assert_eq!(
            Period::months(1).after(day("9999-11-30")),
            Some(day("9999-12-30"))
        );
        assert_eq!(Period::years(10).after(day("9990-01-01")), None);
        assert_eq!(last.plus_days(1).supported(), None);
        assert_eq!(first.plus_days(-1).supported(), None);
        assert_eq!(last.supported(), Some(last));
    }

    #[test]
    fn derived_dates_outside_the_years_are_limit_errors() {
        let past = Period::years(3).derive_after(day("9998-06-01"), "the expiry");
        assert_eq!(
            past,
            Err(Error::limit(
                "the year of the expiry (3 years after 9998-06-01)",
                9999
            ))
        );
        assert_eq!(
            past.map_err(|e| e.to_string()),
            Err(
                "the year of the expiry (3 years after 9998-06-01) exceeds the limit of 9999"
                    .into()
            )
        );
        let early = Period::months(3).derive_before(day("0001-02-01"), "the trigger date");
        assert_eq!(
            early.map_err(|e| e.to_string()),
            Err("the years before 0001 of the trigger date (3 months before 0001-02-01) exceeds the limit of 0".into())
        );
        assert_eq!(
            Period::years(3).derive_after(day("9996-12-31"), "the expiry"),
            Ok(Day::last())
        );
    }

    #[test]
    fn periods_parse_with_limits() {
        assert_eq!(
            Period::parse("lead", "3 months").ok(),
            Some(Period::months(3))
        );
        assert_eq!(Period::parse("lead", "1 week").ok(), Some(Period::weeks(1)));
        assert_eq!(Period::months(1).to_string(), "1 month");
        for bad in ["3", "3 fortnights", "-1 days", "121 months", "1 day extra"] {
            let err = Period::parse("lead", bad).err().map(|e| e.kind());
            assert_eq!(err, Some(ErrorKind::InvalidInput), "{bad}");
        }
    }
}
