//! Deriving expiry dates from validities, and renewals that supersede an
//! older licence (SPEC §3.4).

use crate::calendar::{Day, MAX_YEAR, Period};
use crate::error::{Error, Result};
use crate::expiry::Window;
use crate::model::{FixedRenewal, Licence, LicenceType, RenewalBasis};

/// The expiry of a licence of `licence_type` acquired on `acquired`: the
/// type's fixed renewal date when it has one (SPEC §3.5), else the
/// acquired date plus `validity` (the course's or the type's); `None` when
/// there is neither (never expires). An expiry past 9999-12-31 is a
/// limit-exceeded error.
pub fn expiry_from(
    licence_type: &LicenceType,
    validity: Option<Period>,
    acquired: Day,
) -> Result<Option<Day>> {
    if let Some(fixed) = &licence_type.fixed_renewal {
        return fixed.expiry_from(acquired).map(Some);
    }
    validity
        .map(|v| v.derive_after(acquired, "the expiry"))
        .transpose()
}

impl FixedRenewal {
    /// Checks the month and day (29 February allowed) and the minimum
    /// active period.
    pub fn validate(&self, field: &str) -> Result<()> {
        // A leap year, so that 29 February is a valid fixed date.
        Day::from_ymd(field, 2000, self.month.into(), self.day.into())?;
        if let Some(min_active) = &self.min_active {
            min_active.validate(&format!("{field}.min_active"))?;
        }
        Ok(())
    }

    /// The fixed date in `year` (29 February is 28 February in a common
    /// year), or `None` past 9999.
    pub fn in_year(&self, year: i32) -> Option<Day> {
        let (month, day) = (self.month.into(), u32::from(self.day));
        (year <= MAX_YEAR).then(|| {
            Day::from_ymd("", year, month, day)
                .or_else(|_| Day::from_ymd("", year, month, day - 1))
                .ok()
        })?
    }

    /// The first fixed date on or after `day`; past 9999-12-31 a
    /// limit-exceeded error.
    pub fn on_or_after(&self, day: Day) -> Result<Day> {
        let year = day.ymd().0;
        [year, year + 1]
            .into_iter()
            .filter_map(|y| self.in_year(y))
            .find(|d| *d >= day)
            .ok_or_else(|| {
                Error::limit(
                    format!("the year of the fixed date after {day}"),
                    MAX_YEAR as u64,
                )
            })
    }

    /// The expiry of a licence acquired on `acquired`: the first fixed date
    /// on or after it that leaves at least the minimum active period.
    pub fn expiry_from(&self, acquired: Day) -> Result<Day> {
        let earliest = match self.min_active {
            Some(min_active) => min_active.derive_after(acquired, "the minimum active period")?,
            None => acquired,
        };
        self.on_or_after(earliest)
    }

    /// The expiry of a renewal on `renewed_on` of a licence that expires
    /// (or expired) on `previous`: renewing early, or late inside
    /// `grace_days`, keeps the cycle (the next fixed date after
    /// `previous`); after the grace period the cycle starts afresh.
    pub fn renewed(&self, previous: Option<Day>, renewed_on: Day, grace_days: u16) -> Result<Day> {
        match previous {
            Some(previous) if renewed_on <= previous.plus_days(i32::from(grace_days)) => {
                self.on_or_after(previous.plus_days(1))
            }
            _ => self.expiry_from(renewed_on),
        }
    }
}

/// The expiry of a renewal on `renewed_on` of a licence of `licence_type`
/// that expired (or expires) on `previous_expiry`, with `validity` (the
/// course's or the type's). `None` when there is no validity: never expires.
/// A type with a fixed renewal date renews on it ([`FixedRenewal::renewed`]).
///
/// From completion: renewal date + validity. From the previous expiry:
/// renewing inside the expiring window or the grace period keeps the cycle
/// (previous expiry + validity); earlier, later, or without a previous
/// expiry, the cycle starts afresh from the renewal date. An expiry past
/// 9999-12-31 is a limit-exceeded error.
pub fn renewed_expiry(
    licence_type: &LicenceType,
    validity: Option<Period>,
    previous_expiry: Option<Day>,
    renewed_on: Day,
    window: Window,
) -> Result<Option<Day>> {
    if let Some(fixed) = &licence_type.fixed_renewal {
        return fixed
            .renewed(previous_expiry, renewed_on, licence_type.grace_days)
            .map(Some);
    }
    let Some(validity) = validity else {
        return Ok(None);
    };
    let keeps_cycle = |previous: Day| {
        let opens = previous.plus_days(-(window.days() as i32));
        let closes = previous.plus_days(i32::from(licence_type.grace_days));
        (opens..=closes).contains(&renewed_on)
    };
    let from = match (licence_type.renewal_basis, previous_expiry) {
        (RenewalBasis::FromPreviousExpiry, Some(previous)) if keeps_cycle(previous) => previous,
        _ => renewed_on,
    };
    validity.derive_after(from, "the renewed expiry").map(Some)
}

/// Marks `previous` as superseded by `renewal`, which must be a newer licence
/// of the same type for the same holder that names `previous` as the licence
/// it renews.
pub fn supersede(previous: &mut Licence, renewal: &Licence) -> Result<()> {
    if renewal.renews.as_deref() != Some(previous.id.as_str()) {
        return Err(Error::invalid(
            "licence.renews",
            format!("`{}` does not renew `{}`", renewal.id, previous.id),
        ));
    }
    if renewal.id == previous.id {
        return Err(Error::invalid(
            "licence.renews",
            "a licence cannot renew itself",
        ));
    }
    if renewal.holder_id != previous.holder_id || renewal.type_id != previous.type_id {
        return Err(Error::invalid(
            "licence.renews",
            format!(
                "`{}` has another holder or type than `{}`",
                renewal.id, previous.id
            ),
        ));
    }
    if let Some(by) = &previous.superseded_by {
        return Err(Error::transition(
            format!("superseded by `{by}`"),
            format!("renew `{}`", previous.id),
        ));
    }
    previous.superseded_by = Some(renewal.id.clone());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::model::{LicenceKind, Owner};

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn first_aid(basis: RenewalBasis, grace_days: u16) -> LicenceType {
        LicenceType {
            requires_approval: false,
            fixed_renewal: None,
            id: "first-aid".into(),
            name: "First aid".into(),
            kind: LicenceKind::Certification,
            validity: Some(Period::years(3)),
            renewal_basis: basis,
            grace_days,
            policy: None,
        }
    }

    #[test]
    fn from_completion_counts_from_renewal_date() {
        let t = first_aid(RenewalBasis::FromCompletion, 0);
        let got = renewed_expiry(
            &t,
            t.validity,
            Some(day("2026-06-30")),
            day("2026-05-01"),
            Window::default(),
        );
        assert_eq!(got, Ok(Some(day("2029-05-01"))));
    }

    #[test]
    fn from_previous_expiry_keeps_the_cycle_inside_window_and_grace() {
        let t = first_aid(RenewalBasis::FromPreviousExpiry, 30);
        let prev = Some(day("2026-06-30"));
        let renew = |on: &str| renewed_expiry(&t, t.validity, prev, day(on), Window::default());
        assert_eq!(renew("2026-05-01"), Ok(Some(day("2029-06-30"))));
        assert_eq!(renew("2026-07-30"), Ok(Some(day("2029-06-30"))));
        assert_eq!(renew("2026-07-31"), Ok(Some(day("2029-07-31"))));
        assert_eq!(renew("2026-01-01"), Ok(Some(day("2029-01-01"))));
        assert_eq!(
            renewed_expiry(&t, None, prev, day("2026-05-01"), Window::default()),
            Ok(None)
        );
    }

    #[test]
    fn expiries_past_9999_are_limit_errors() {
        let t = first_aid(RenewalBasis::FromPreviousExpiry, 0);
        assert_eq!(
            expiry_from(&t, t.validity, day("9996-12-31")),
            Ok(Some(day("9999-12-31")))
        );
        assert_eq!(
            expiry_from(&t, t.validity, day("9997-01-02")).map_err(|e| e.kind()),
            Err(ErrorKind::LimitExceeded)
        );
        assert_eq!(expiry_from(&t, None, Day::last()), Ok(None));
        // Keeping the cycle from 9997-06-30 would pass 9999; so would
        // starting afresh from 9998-01-01.
        let renew = |previous: &str, on: &str| {
            renewed_expiry(
                &t,
                t.validity,
                Some(day(previous)),
                day(on),
                Window::default(),
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            renew("9997-06-30", "9997-05-01"),
            Err("the year of the renewed expiry (3 years after 9997-06-30) exceeds the limit of 9999".into())
        );
        assert_eq!(
            renew("9996-06-30", "9998-01-01"),
            Err("the year of the renewed expiry (3 years after 9998-01-01) exceeds the limit of 9999".into())
        );
        assert_eq!(
            renew("9996-06-30", "9996-05-01"),
            Ok(Some(day("9999-06-30")))
        );
    }

    #[test]
    fn supersede_checks_holder_type_and_state() {
        let old = Licence {
            id: "old".into(),
            holder_id: "p1".into(),
            type_id: "first-aid".into(),
            reference: None,
            issuer: None,
            acquired: None,
            expiry: Some(day("2026-06-30")),
            notes: String::new(),
            owner: Owner::Candidate,
            renews: None,
            superseded_by: None,
            fields: Default::default(),
        };
        let new = Licence {
            id: "new".into(),
            renews: Some("old".into()),
            ..old.clone()
        };
        let mut previous = old.clone();
        assert_eq!(supersede(&mut previous, &new), Ok(()));
        assert_eq!(previous.superseded_by.as_deref(), Some("new"));
        let again = supersede(&mut previous, &new).err().map(|e| e.kind());
        assert_eq!(again, Some(ErrorKind::InvalidTransition));
        let other_holder = Licence {
            holder_id: "p2".into(),
            ..new
        };
        let mut fresh = old;
        assert_eq!(
            supersede(&mut fresh, &other_holder).err().map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(fresh.superseded_by, None);
    }
}
