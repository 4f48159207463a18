//! Mirrors of the engine's plain enums, converted both ways, and the date
//! and period text conversions every record shares.

use licence_core::{Day, Period};

use crate::error::LicenceError;

/// Declares a uniffi enum whose unit variants mirror an engine enum one to
/// one, with `From` conversions both ways.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident = $core:path { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => Self::$variant),+
                }
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                use $core as Core;
                match value {
                    $(Core::$variant => Self::$variant),+
                }
            }
        }
    };
}

/// Parses a `YYYY-MM-DD` date named `field`.
pub(crate) fn day(field: &str, text: &str) -> Result<Day, LicenceError> {
    Ok(Day::parse(field, text)?)
}

/// Parses an optional `YYYY-MM-DD` date named `field`.
pub(crate) fn optional_day(field: &str, text: Option<&str>) -> Result<Option<Day>, LicenceError> {
    text.map(|t| day(field, t)).transpose()
}

/// Parses an optional period such as `"3 months"` named `field`.
pub(crate) fn optional_period(
    field: &str,
    text: Option<&str>,
) -> Result<Option<Period>, LicenceError> {
    Ok(text.map(|t| Period::parse(field, t)).transpose()?)
}

/// The text of an optional date or period.
pub(crate) fn text_of<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// Converts every item of a list.
pub(crate) fn all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}
