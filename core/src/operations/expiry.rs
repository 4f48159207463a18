//! Operations for expiry status, reminders, digests and renewals.

use crate::expiry::{Expiry, Window, evaluate_all};
use crate::model::{Licence, LicenceType, Person};
use crate::policy::ReminderPolicy;
use crate::reminders::{Acknowledgement, Roster, digests};
use crate::renewal::renewed_expiry;
use crate::{Day, Error, Period};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{decode, encode};

#[derive(Deserialize)]
struct StatusInput {
    today: Day,
    #[serde(default)]
    window_days: Option<u32>,
    expiries: Vec<Option<Day>>,
}

#[derive(Deserialize)]
struct RemindersInput {
    today: Day,
    #[serde(default)]
    default_policy: ReminderPolicy,
    people: Vec<Person>,
    types: Vec<LicenceType>,
    licences: Vec<Licence>,
    #[serde(default)]
    acknowledgements: Vec<Acknowledgement>,
}

#[derive(Deserialize)]
struct TriggerInput {
    expiry: Day,
    lead: Period,
}

#[derive(Deserialize)]
struct RenewalInput {
    licence_type: LicenceType,
    #[serde(default)]
    validity: Option<Period>,
    previous_expiry: Option<Day>,
    renewed_on: Day,
    #[serde(default)]
    window_days: Option<u32>,
}

fn window(days: Option<u32>) -> Result<Window, Error> {
    days.map_or(Ok(Window::default()), Window::new)
}

fn due(input: &RemindersInput) -> Result<Vec<crate::reminders::DueReminder>, Error> {
    let roster = Roster::new(&input.people, &input.types, &input.default_policy)?;
    roster.due_reminders(&input.licences, &input.acknowledgements, input.today)
}

/// Runs an expiry-area op, or `None` for an op of another area.
pub fn run(op: &str, input: &Value) -> Option<crate::error::Result<Value>> {
    let result = match op {
        "status" => decode::<StatusInput>(input).and_then(|i| {
            let expiries: Vec<Expiry> = i.expiries.iter().map(|d| Expiry::from_day(*d)).collect();
            let results = evaluate_all(&expiries, i.today, window(i.window_days)?)?;
            Ok(json!({ "results": results.iter().map(|r| json!({
                "status": r.status.as_str(),
                "days_left": r.days_left(),
            })).collect::<Vec<_>>() }))
        }),
        "due_reminders" => decode::<RemindersInput>(input)
            .and_then(|i| due(&i))
            .and_then(|reminders| Ok(json!({ "reminders": encode(&reminders)? }))),
        "digests" => decode::<RemindersInput>(input)
            .and_then(|i| due(&i))
            .and_then(|reminders| Ok(json!({ "digests": encode(&digests(&reminders))? }))),
        "trigger_date" => decode::<TriggerInput>(input)
            .map(|i| json!({ "trigger": i.lead.before(i.expiry).to_string() })),
        "renewal" => decode::<RenewalInput>(input).and_then(|i| {
            i.licence_type.validate()?;
            let validity = i.validity.or(i.licence_type.validity);
            let expiry = renewed_expiry(
                &i.licence_type,
                validity,
                i.previous_expiry,
                i.renewed_on,
                window(i.window_days)?,
            );
            Ok(json!({ "expiry": expiry.map(|d| d.to_string()) }))
        }),
        _ => return None,
    };
    Some(result)
}
