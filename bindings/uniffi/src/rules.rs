//! The pure rules: every rule operation by name, and date conversions.

use licence_core::{Day, operations};

use crate::error::LicenceError;
use crate::mirror::day;

/// Runs the rule operation `op` (see [`rule_operations`]) on the JSON
/// document `input_json`, returning the output document as JSON text.
#[uniffi::export]
pub fn execute(op: String, input_json: String) -> Result<String, LicenceError> {
    Ok(operations::execute_text(
        &op,
        &input_json,
        operations::execute,
    )?)
}

/// The names of the rule operations that [`execute`] runs.
#[uniffi::export]
pub fn rule_operations() -> Result<Vec<String>, LicenceError> {
    Ok(names(operations::RULE_OPERATIONS))
}

/// The names of the tracker operations that `Tracker.execute` runs.
#[uniffi::export]
pub fn tracker_operations() -> Result<Vec<String>, LicenceError> {
    Ok(names(operations::TRACKER_OPERATIONS))
}

fn names(list: &[operations::Entry]) -> Vec<String> {
    list.iter().map(|entry| entry.name.to_owned()).collect()
}

/// The day number (days since 1970-01-01) of a `YYYY-MM-DD` date.
#[uniffi::export]
pub fn day_number(date: String) -> Result<i32, LicenceError> {
    Ok(day("date", &date)?.number())
}

/// The `YYYY-MM-DD` date of a day number.
#[uniffi::export]
pub fn date_of(day_number: i32) -> Result<String, LicenceError> {
    Ok(Day::from_number("day_number", day_number)?.to_string())
}
