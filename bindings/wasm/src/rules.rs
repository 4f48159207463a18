//! The `rules` world: the pure engine as batch calls, as typed operations
//! (each converted with the one generic conversion of `licence-transcode`),
//! and as operations by name.

use licence_core::custody::{self, Rights};
use licence_core::expiry::{self, Expiry, Window};
use licence_core::operations::{RULE_OPERATIONS, execute, execute_text};
use licence_core::policy::ReminderPolicy;
use licence_core::reminders::{self, flags};
use licence_core::{Day, Period, PeriodUnit, RecordKind};

wit_bindgen::generate!({
    world: "rules",
    path: "../../wit",
    additional_derives: [PartialEq, serde::Serialize, serde::Deserialize],
    // Flags are bit sets, converted by hand for the batch calls.
    additional_derives_ignore: ["reminder-flags", "rights", "reminder-input"],
});

use exports::licence::engine::pure_rules as api;
use exports::licence::engine::types as wit;

/// The typed rule operations, one per operation of the registry.
macro_rules! typed_rules {
    (
        rules { $($name:ident: $input:ident => $output:ident,)* }
        tracker { $($tracker:tt)* }
        tracker_without_input { $($bare:tt)* }
    ) => {
        impl exports::licence::engine::rule_operations::Guest for Rules {
            $(
                fn $name(
                    input: exports::licence::engine::records::$input,
                ) -> Result<exports::licence::engine::records::$output, wit::Error> {
                    licence_transcode::run_rule::<licence_core::operations::$input, _, _>(&input)
                        .map_err(error)
                }
            )*
        }
    };
}
licence_core::for_each_operation!(typed_rules);

crate::convert::error_to_wit!();

fn day(field: &str, number: wit::Day) -> Result<Day, wit::Error> {
    Day::from_number(field, number).map_err(error)
}

fn period(p: Period) -> wit::Period {
    wit::Period {
        amount: p.amount,
        unit: match p.unit {
            PeriodUnit::Days => wit::PeriodUnit::Days,
            PeriodUnit::Weeks => wit::PeriodUnit::Weeks,
            PeriodUnit::Months => wit::PeriodUnit::Months,
            PeriodUnit::Years => wit::PeriodUnit::Years,
        },
    }
}

fn from_wit_period(field: &str, p: wit::Period) -> Result<Period, wit::Error> {
    let unit = match p.unit {
        wit::PeriodUnit::Days => PeriodUnit::Days,
        wit::PeriodUnit::Weeks => PeriodUnit::Weeks,
        wit::PeriodUnit::Months => PeriodUnit::Months,
        wit::PeriodUnit::Years => PeriodUnit::Years,
    };
    Period::new(field, p.amount, unit).map_err(error)
}

/// The exported `rules` interface.
struct Rules;

fn window(days: u32) -> Result<Window, wit::Error> {
    Window::new(days).map_err(error)
}

fn reminder_flags(f: api::ReminderFlags) -> u32 {
    [
        (api::ReminderFlags::SUPERSEDED, flags::SUPERSEDED),
        (api::ReminderFlags::DELETED, flags::DELETED),
        (api::ReminderFlags::HOLDER_INACTIVE, flags::HOLDER_INACTIVE),
    ]
    .into_iter()
    .filter(|(wit, _)| f.contains(*wit))
    .fold(0, |bits, (_, bit)| bits | bit)
}

fn schedule(index: usize, s: api::Schedule) -> Result<reminders::Schedule, wit::Error> {
    let field = format!("schedules[{index}].leads");
    let leads = s
        .leads
        .into_iter()
        .map(|lead| from_wit_period(&field, lead))
        .collect::<Result<_, _>>()?;
    let policy = ReminderPolicy {
        leads,
        after_expiry: s.after_expiry.map(|a| licence_core::policy::AfterExpiry {
            every_days: a.every_days,
            times: a.times,
        }),
        ..ReminderPolicy::default()
    };
    reminders::Schedule::new(&policy).map_err(error)
}

fn rights(r: Rights) -> api::Rights {
    [
        (Rights::VIEW, api::Rights::VIEW),
        (Rights::EDIT, api::Rights::EDIT),
        (Rights::DELETE, api::Rights::DELETE),
        (Rights::TRANSFER, api::Rights::TRANSFER),
        (Rights::SHARE, api::Rights::SHARE),
        (Rights::REMOVE, api::Rights::REMOVE),
    ]
    .into_iter()
    .filter(|(right, _)| r.contains(*right))
    .fold(api::Rights::empty(), |all, (_, wit)| all | wit)
}

impl api::Guest for Rules {
    fn evaluate_status(
        expiries: Vec<i32>,
        today: wit::Day,
        window_days: u32,
    ) -> Result<api::Evaluations, wit::Error> {
        let (today, window) = (day("today", today)?, window(window_days)?);
        // Reuses the vector's memory.
        let expiries: Vec<Expiry> = expiries.into_iter().map(Expiry).collect();
        expiry::check_expiries(&expiries).map_err(error)?;
        // Straight into the two columns in one pass, without an
        // intermediate list of records.
        let (days_left, statuses) = expiries
            .iter()
            .map(|e| {
                let evaluation = expiry::evaluate(*e, today, window);
                (evaluation.days_left, evaluation.status as u8)
            })
            .unzip();
        Ok(api::Evaluations {
            days_left,
            statuses,
        })
    }

    fn due_reminders(
        licences: Vec<api::ReminderInput>,
        schedules: Vec<api::Schedule>,
        today: wit::Day,
    ) -> Result<Vec<api::DueSlot>, wit::Error> {
        let today = day("today", today)?;
        let schedules = schedules
            .into_iter()
            .enumerate()
            .map(|(i, s)| schedule(i, s))
            .collect::<Result<Vec<_>, _>>()?;
        let inputs: Vec<reminders::ReminderInput> = licences
            .iter()
            .map(|l| reminders::ReminderInput {
                expiry: Expiry(l.expiry),
                acknowledged_through: l.acknowledged_through,
                schedule: l.schedule,
                flags: reminder_flags(l.flags),
            })
            .collect();
        let slots = reminders::due_slots(&inputs, &schedules, today).map_err(error)?;
        Ok(slots
            .into_iter()
            .map(|s| api::DueSlot {
                index: s.index,
                trigger: s.trigger,
                days_left: s.days_left,
                lead: period(s.lead),
                occurrence: s.occurrence,
                skipped: s.skipped,
            })
            .collect())
    }

    fn evaluate_rights(queries: Vec<api::RightsQuery>) -> Result<Vec<api::Rights>, wit::Error> {
        let queries: Vec<custody::RightsQuery> = queries
            .into_iter()
            .map(|q| custody::RightsQuery {
                owner: q.owner,
                party: q.party,
                shared: u32::from(q.shared),
            })
            .collect();
        let all = custody::rights_all(&queries).map_err(error)?;
        Ok(all.into_iter().map(rights).collect())
    }

    fn operations() -> Vec<String> {
        RULE_OPERATIONS
            .iter()
            .map(|op| op.name.to_owned())
            .collect()
    }

    fn execute(op: String, input: String) -> Result<String, wit::Error> {
        execute_text(&op, &input, execute).map_err(error)
    }

    fn error_message(e: wit::Error) -> String {
        use licence_core::Error as E;
        let record = |r: wit::RecordRef, new: fn(RecordKind, String) -> E| {
            match licence_transcode::to_engine::<_, RecordKind>(&r.kind) {
                Ok(kind) => new(kind, r.id),
                Err(e) => E::internal(e.to_string()),
            }
        };
        match e {
            wit::Error::NotFound(r) => record(r, E::not_found),
            wit::Error::AlreadyExists(r) => record(r, E::already_exists),
            wit::Error::InvalidInput(f) => E::invalid(f.field, f.reason),
            wit::Error::PermissionDenied(p) => E::denied(p.party, p.action),
            wit::Error::InvalidTransition(t) => E::transition(t.from, t.action),
            wit::Error::LimitExceeded(l) => E::limit(l.what, l.limit),
            wit::Error::Storage(message) => E::storage(message),
            wit::Error::Internal(message) => E::internal(message),
        }
        .to_string()
    }
}

export!(Rules);

#[cfg(test)]
mod tests {
    use super::api::Guest;
    use super::*;
    use licence_core::Status;

    #[test]
    fn flags_and_rights_map_bit_for_bit() {
        let all = api::ReminderFlags::SUPERSEDED
            | api::ReminderFlags::DELETED
            | api::ReminderFlags::HOLDER_INACTIVE;
        assert_eq!(reminder_flags(all), flags::ALL);
        assert_eq!(reminder_flags(api::ReminderFlags::DELETED), flags::DELETED);
        assert_eq!(
            rights(Rights::CANDIDATE_OWNER),
            api::Rights::VIEW | api::Rights::EDIT | api::Rights::DELETE | api::Rights::SHARE
        );
        assert_eq!(
            rights(Rights::SHARED_SITE),
            api::Rights::VIEW | api::Rights::REMOVE
        );
        assert_eq!(rights(Rights::NONE), api::Rights::empty());
    }

    #[test]
    fn error_messages_are_the_engines() {
        let errors = [
            licence_core::Error::not_found(RecordKind::LicenceType, "forklift"),
            licence_core::Error::already_exists(RecordKind::Person, "ana"),
            licence_core::Error::invalid("expiry", "`2026-02-30` is not a calendar date"),
            licence_core::Error::denied("site `s1`", "delete"),
            licence_core::Error::transition("requested", "transfer"),
            licence_core::Error::limit("batch", 1_000_000),
            licence_core::Error::storage("disk full"),
            licence_core::Error::internal("bug"),
        ];
        for e in errors {
            assert_eq!(Rules::error_message(error(e.clone())), e.to_string());
        }
    }

    #[test]
    fn errors_keep_their_kind_and_details() {
        let refused = Rules::evaluate_status(vec![0], 0, 5_000);
        assert_eq!(
            refused,
            Err(wit::Error::InvalidInput(wit::InvalidField {
                field: "window_days".into(),
                reason: "`5000` is more than 3660".into(),
            }))
        );
        let missing = error(licence_core::Error::not_found(
            licence_core::RecordKind::LicenceType,
            "forklift",
        ));
        assert_eq!(
            missing,
            wit::Error::NotFound(wit::RecordRef {
                kind: wit::RecordKind::LicenceType,
                id: "forklift".into(),
            })
        );
        let evaluations = Rules::evaluate_status(vec![10, i32::MIN, 2], 3, 90);
        assert_eq!(
            evaluations,
            Ok(api::Evaluations {
                days_left: vec![7, i32::MIN, -1],
                statuses: vec![
                    Status::Expiring as u8,
                    Status::Active as u8,
                    Status::Expired as u8
                ],
            })
        );
    }
}
