//! Property tests of reminder scheduling: trigger dates and day-by-day walks.

use licence_core::calendar::{Day, Period, PeriodUnit};
use licence_core::policy::{AfterExpiry, ReminderPolicy};
use licence_core::reminders::Schedule;
use proptest::prelude::*;

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (0u16..=400).prop_map(Period::days),
        (0u16..=20).prop_map(Period::weeks),
        (0u16..=13).prop_map(Period::months),
        (0u16..=2).prop_map(Period::years),
    ]
}

fn expiry() -> impl Strategy<Value = Day> {
    // 1990-01-01 ..= 2060-12-31, leap days and month ends included.
    (7305i32..=33237)
        .prop_map(|n| Day::from_number("expiry", n).unwrap_or_else(|e| unreachable!("{e}")))
}

fn policy() -> impl Strategy<Value = ReminderPolicy> {
    (
        proptest::collection::vec(period(), 0..6),
        proptest::option::of((1u16..=30, 1u16..=6)),
    )
        .prop_map(|(mut leads, after)| {
            leads.sort_by_key(|p| (p.unit as u8, p.amount));
            leads.dedup();
            ReminderPolicy {
                leads,
                after_expiry: after.map(|(every_days, times)| AfterExpiry { every_days, times }),
                ..ReminderPolicy::default()
            }
        })
}

proptest! {
    #[test]
    fn a_trigger_never_lies_after_expiry(expiry in expiry(), lead in period()) {
        let trigger = lead.before(expiry).unwrap_or_else(|| unreachable!("in range"));
        prop_assert!(trigger <= expiry);
        if lead.unit == PeriodUnit::Days {
            prop_assert_eq!(expiry.days_since(trigger), i32::from(lead.amount));
        }
        if lead.amount > 0 {
            prop_assert!(trigger < expiry);
        }
    }

    #[test]
    fn month_leads_land_in_the_right_month(expiry in expiry(), months in 0u16..=24) {
        let (y, m, d) = expiry.ymd();
        let (ty, tm, td) = Period::months(months)
            .before(expiry)
            .unwrap_or_else(|| unreachable!("in range"))
            .ymd();
        let back = (y * 12 + m as i32 - 1) - i32::from(months);
        prop_assert_eq!((ty, tm as i32), (back.div_euclid(12), back.rem_euclid(12) + 1));
        prop_assert!(td <= d);
    }

    /// Walking day by day from 400 days before expiry to 400 days after,
    /// acknowledging every due reminder: each slot fires at most once, pre-expiry
    /// slots never fire after expiry, after-expiry ones never before, and no
    /// more than the policy's count fire after expiry.
    #[test]
    fn walking_with_acknowledgement_fires_each_slot_once(expiry in expiry(), policy in policy()) {
        let schedule = Schedule::new(&policy).unwrap_or_else(|e| unreachable!("{e}"));
        let mut acknowledged = None;
        let mut fired = Vec::new();
        let mut after_count = 0u16;
        for offset in -400..=400 {
            let today = expiry.plus_days(offset);
            if let Some(slot) = schedule.due(expiry, acknowledged, today) {
                prop_assert!(slot.trigger <= today);
                prop_assert!(!fired.contains(&slot.trigger), "slot {} fired twice", slot.trigger);
                match slot.lead {
                    Some(lead) => {
                        prop_assert!(today <= expiry);
                        prop_assert_eq!(lead.before(expiry), Some(slot.trigger));
                    }
                    None => {
                        prop_assert!(today > expiry);
                        after_count += 1;
                    }
                }
                fired.push(slot.trigger);
                acknowledged = Some(slot.trigger);
            }
        }
        prop_assert!(after_count <= policy.after_expiry.map_or(0, |a| a.times));
        if let Some(after) = policy.after_expiry {
            let expected = (400 / after.every_days).min(after.times);
            prop_assert_eq!(after_count, expected);
        }
        // Leads that triggered before the walk began collapse into one
        // reminder on its first day; every later trigger fires on its own.
        let start = expiry.plus_days(-400);
        let mut later: Vec<Day> = policy.leads.iter().filter_map(|l| l.before(expiry)).filter(|t| *t > start).collect();
        later.sort();
        later.dedup();
        let collapsed = policy.leads.iter().filter_map(|l| l.before(expiry)).any(|t| t <= start);
        let before = fired.iter().filter(|t| **t <= expiry).count();
        prop_assert_eq!(before, later.len() + usize::from(collapsed));
    }

    /// Without acknowledgement the due slot is always the latest trigger.
    #[test]
    fn unacknowledged_due_slot_is_the_most_urgent(expiry in expiry(), policy in policy(), offset in -60i32..=0) {
        let schedule = Schedule::new(&policy).unwrap_or_else(|e| unreachable!("{e}"));
        let today = expiry.plus_days(offset);
        let triggered: Vec<Day> = policy.leads.iter().filter_map(|l| l.before(expiry)).filter(|t| *t <= today).collect();
        let due = schedule.due(expiry, None, today);
        prop_assert_eq!(due.map(|s| s.trigger), triggered.iter().max().copied());
        if let Some(slot) = due {
            prop_assert_eq!(usize::from(slot.skipped) + 1, triggered.len());
        }
    }

    /// What the reminders outbox relies on to read a range of next
    /// reminder dates: whenever a reminder is due on `today`, the licence's
    /// next reminder lies from today less the longest lead and the
    /// after-expiry period, to today.
    #[test]
    fn a_due_reminder_lies_in_the_outbox_range(
        expiry in expiry(),
        policy in policy(),
        acknowledged in proptest::option::of(-500i32..=200),
        offset in -500i32..=200,
    ) {
        let schedule = Schedule::new(&policy).unwrap_or_else(|e| unreachable!("{e}"));
        let acknowledged = acknowledged.map(|d| expiry.plus_days(d));
        let today = expiry.plus_days(offset);
        let next = schedule.next_trigger(expiry, acknowledged);
        if let Some(next) = next {
            let lead = schedule.days_due_before_expiry().max(0);
            prop_assert!(next >= expiry.plus_days(-lead));
        }
        if schedule.due(expiry, acknowledged, today).is_some() {
            let next = next.unwrap_or_else(|| unreachable!("due without a next trigger"));
            let lead = schedule.days_due_before_expiry().max(0);
            let earliest = today.plus_days(-schedule.days_due_after_expiry() - lead);
            prop_assert!(next <= today, "next {next} after today {today}");
            prop_assert!(next >= earliest, "next {next} before {earliest}");
        }
    }
}
