//! The pure rules: a typed method per rule operation of the engine's
//! registry, every rule operation by name, and date conversions.

use std::sync::Arc;

use licence_core::operations;
use licence_core::{Day, operations::Entry};

use crate::error::LicenceError;
use crate::records;

type Result<T> = std::result::Result<T, LicenceError>;

/// The engine's pure rules: no records, no clock, no side effects.
#[derive(Debug, uniffi::Object)]
pub struct Rules;

#[uniffi::export]
impl Rules {
    /// The rules.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self)
    }
}

/// The typed methods of the rules, one per rule operation of the registry.
macro_rules! typed_rules {
    (
        rules { $($name:ident: $input:ident => $output:ident,)* }
        tracker { $($tracker:tt)* }
        tracker_without_input { $($bare:tt)* }
    ) => {
        #[uniffi::export]
        impl Rules {
            $(
                /// Runs this rule of the engine's registry (see its input record).
                pub fn $name(&self, input: records::$input) -> Result<records::$output> {
                    Ok(licence_transcode::run_rule::<operations::$input, _, _>(&input)?)
                }
            )*
        }
    };
}
licence_core::for_each_operation!(typed_rules);

/// Runs the rule operation `op` (see [`rule_operations`]) on the JSON
/// document `input_json`, returning the output document as JSON text.
#[uniffi::export]
pub fn execute(op: String, input_json: String) -> Result<String> {
    Ok(operations::execute_text(
        &op,
        &input_json,
        operations::execute,
    )?)
}

/// The names of the rule operations that [`execute`] runs.
#[uniffi::export]
pub fn rule_operations() -> Result<Vec<String>> {
    Ok(names(operations::RULE_OPERATIONS))
}

/// The names of the tracker operations that `Tracker.execute` runs.
#[uniffi::export]
pub fn tracker_operations() -> Result<Vec<String>> {
    Ok(names(operations::TRACKER_OPERATIONS))
}

fn names(list: &[Entry]) -> Vec<String> {
    list.iter().map(|entry| entry.name.to_owned()).collect()
}

/// The day number (days since 1970-01-01) of a `YYYY-MM-DD` date.
#[uniffi::export]
pub fn day_number(date: String) -> Result<i32> {
    Ok(Day::parse("date", &date)?.number())
}

/// The date record of a `YYYY-MM-DD` date. Java calls this rather than the
/// record's constructor, which Kotlin hides from Java because of its
/// unsigned fields.
#[uniffi::export]
pub fn parse_date(text: String) -> Result<records::Date> {
    let (year, month, day) = Day::parse("date", &text)?.ymd();
    // A parsed month and day always fit: 1 to 12 and 1 to 31.
    let small = |value: u32| u8::try_from(value).unwrap_or(u8::MAX);
    Ok(records::Date {
        year,
        month: small(month),
        day: small(day),
    })
}

/// The `YYYY-MM-DD` date of a day number.
#[uniffi::export]
pub fn date_of(day_number: i32) -> Result<String> {
    Ok(Day::from_number("day_number", day_number)?.to_string())
}
