//! Custom fields (SPEC §1): the organisation's own fields for people and
//! licences, their definitions, and the checks of values against them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, Result, echo};
use crate::validate;

/// The longest field key accepted, in bytes.
pub const MAX_KEY_BYTES: usize = 64;
/// The most fields an organisation may define.
pub const MAX_FIELDS: usize = 100;
/// The most choices a choice field may offer.
pub const MAX_CHOICES: usize = 200;

/// A record's custom field values, by field key.
pub type FieldValues = BTreeMap<String, FieldValue>;

/// Which records a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldTarget {
    /// People (an employee number, a cost centre).
    Person,
    /// Licences (a card colour, a permit class).
    Licence,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Text, at most 200 bytes.
    Text,
    /// A finite number.
    Number,
    /// A calendar date.
    Date,
    /// Yes or no.
    YesNo,
    /// One of the definition's choices.
    Choice,
}

/// A field the organisation defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldDefinition {
    /// The key values are stored under, and the field's column in CSV
    /// files: lowercase letters, digits and `_`, starting with a letter.
    /// Keys are unique across people's and licences' fields.
    pub key: String,
    /// The label a host shows.
    pub label: String,
    /// Whose field it is.
    pub target: FieldTarget,
    /// What it holds.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The allowed values of a choice field, compared ignoring case and
    /// surrounding spaces; empty for other types.
    #[serde(default)]
    pub choices: Vec<String>,
    /// Whether a person or licence the host registers or edits must have a
    /// value. Records written before the field was required keep working
    /// until they are edited.
    #[serde(default)]
    pub required: bool,
}

impl FieldDefinition {
    /// Checks every part of the definition.
    pub fn validate(&self) -> Result<()> {
        key("field.key", &self.key)?;
        validate::name("field.label", &self.label)?;
        match (self.field_type, self.choices.len()) {
            (FieldType::Choice, 0) => {
                return Err(Error::invalid(
                    "field.choices",
                    "a choice field needs at least one choice",
                ));
            }
            (FieldType::Choice, n) if n > MAX_CHOICES => {
                return Err(Error::invalid(
                    "field.choices",
                    format!("has {n} choices, more than {MAX_CHOICES}"),
                ));
            }
            (FieldType::Choice, _) => {}
            (_, 0) => {}
            _ => {
                return Err(Error::invalid(
                    "field.choices",
                    "only a choice field has choices",
                ));
            }
        }
        for (i, choice) in self.choices.iter().enumerate() {
            validate::name("field.choices", choice)?;
            if self.choices[..i].iter().any(|c| same_text(c, choice)) {
                return Err(Error::invalid(
                    "field.choices",
                    format!("`{choice}` is listed twice"),
                ));
            }
        }
        Ok(())
    }

    /// Checks `value` against the definition; `field` names it in errors.
    pub fn check(&self, field: &str, value: &FieldValue) -> Result<()> {
        self.fit(field, value.clone()).map(drop)
    }

    /// `value` as the definition keeps it, or why it does not fit: a date
    /// field takes a date's text too.
    pub fn fit(&self, field: &str, value: FieldValue) -> Result<FieldValue> {
        if let (FieldType::Date, FieldValue::Text(text)) = (self.field_type, &value) {
            return Day::parse(field, text.trim()).map(FieldValue::Date);
        }
        self.fits(field, &value)?;
        Ok(value)
    }

    fn fits(&self, field: &str, value: &FieldValue) -> Result<()> {
        let wrong = || {
            Err(Error::invalid(
                field,
                format!(
                    "`{}` is not {}",
                    echo(&value.to_string()),
                    self.field_type.described()
                ),
            ))
        };
        match (self.field_type, value) {
            (FieldType::Text, FieldValue::Text(text)) => validate::short_text(field, text),
            (FieldType::Choice, FieldValue::Text(text)) => {
                if self.choices.iter().any(|c| same_text(c, text)) {
                    Ok(())
                } else {
                    Err(Error::invalid(
                        field,
                        format!("`{}` is not one of {}", echo(text), self.choices.join(", ")),
                    ))
                }
            }
            (FieldType::Number, FieldValue::Number(n)) if n.is_finite() => Ok(()),
            (FieldType::Date, FieldValue::Date(_)) | (FieldType::YesNo, FieldValue::YesNo(_)) => {
                Ok(())
            }
            _ => wrong(),
        }
    }

    /// Reads a value from its text in a CSV cell.
    pub fn parse(&self, field: &str, text: &str) -> Result<FieldValue> {
        let value = match self.field_type {
            FieldType::Text | FieldType::Choice => FieldValue::Text(text.to_owned()),
            FieldType::Number => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(FieldValue::Number)
                .ok_or_else(|| {
                    Error::invalid(field, format!("`{}` is not a number", echo(text)))
                })?,
            FieldType::Date => FieldValue::Date(Day::parse(field, text)?),
            FieldType::YesNo => match text.to_lowercase().as_str() {
                "yes" | "true" | "1" => FieldValue::YesNo(true),
                "no" | "false" | "0" => FieldValue::YesNo(false),
                _ => {
                    return Err(Error::invalid(
                        field,
                        format!("`{}` is not yes or no", echo(text)),
                    ));
                }
            },
        };
        self.fit(field, value)
    }
}

impl FieldType {
    fn described(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "a number",
            Self::Date => "a date",
            Self::YesNo => "yes or no",
            Self::Choice => "one of the choices",
        }
    }
}

/// A custom field's value, written tagged by its type (`{"text": "E-1"}`,
/// `{"number": 7.5}`, `{"date": "2026-05-31"}`, `{"yes_no": true}`). A JSON
/// document may also give a plain string, number or boolean; a plain
/// string is a date's text for a date field.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldValue {
    /// The value of a text or choice field.
    Text(String),
    /// The value of a number field.
    Number(f64),
    /// The value of a date field.
    Date(Day),
    /// The value of a yes/no field.
    YesNo(bool),
}

/// Values are finite numbers (refused otherwise), so equality is total.
impl Eq for FieldValue {}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error as _, MapAccess, Visitor};

        struct Value;

        impl<'de> Visitor<'de> for Value {
            type Value = FieldValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a custom field value: {\"text\": …}, {\"number\": …}, {\"date\": …}, {\"yes_no\": …}, or a plain string, number or boolean")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(
                self,
                v: String,
            ) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::Text(v))
            }

            fn visit_bool<E: serde::de::Error>(
                self,
                v: bool,
            ) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::YesNo(v))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::Number(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<FieldValue, A::Error> {
                let tag: String = map
                    .next_key()?
                    .ok_or_else(|| A::Error::custom("a custom field value without its type"))?;
                let value = match tag.as_str() {
                    "text" => FieldValue::Text(map.next_value()?),
                    "number" => FieldValue::Number(map.next_value()?),
                    "date" => FieldValue::Date(map.next_value()?),
                    "yes_no" => FieldValue::YesNo(map.next_value()?),
                    other => {
                        return Err(A::Error::unknown_variant(
                            other,
                            &["text", "number", "date", "yes_no"],
                        ));
                    }
                };
                if map.next_key::<String>()?.is_some() {
                    return Err(A::Error::custom("a custom field value has one type"));
                }
                Ok(value)
            }
        }

        deserializer.deserialize_any(Value)
    }
}

impl FieldValue {
    /// The text a filter compares: text folded as [`folded`] does, numbers
    /// in their shortest form, dates as ISO 8601, yes/no as `yes` or `no`.
    pub fn matching_text(&self) -> String {
        match self {
            Self::Text(text) => folded(text),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Number(n) => write!(f, "{n}"),
            Self::Date(day) => write!(f, "{day}"),
            Self::YesNo(yes) => f.write_str(if *yes { "yes" } else { "no" }),
        }
    }
}

/// Reads a record's values from a map, or from a list of (key, value)
/// pairs, the shape a WIT record gives a map (a key given twice is
/// refused).
pub fn deserialize_values<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<FieldValues, D::Error> {
    use serde::de::{Error as _, MapAccess, SeqAccess, Visitor};

    struct Values;

    impl<'de> Visitor<'de> for Values {
        type Value = FieldValues;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("custom field values by key")
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<FieldValues, A::Error> {
            let mut values = FieldValues::new();
            while let Some((key, value)) = map.next_entry::<String, FieldValue>()? {
                if values.insert(key.clone(), value).is_some() {
                    return Err(A::Error::custom(format!(
                        "the field `{key}` is given twice"
                    )));
                }
            }
            Ok(values)
        }

        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<FieldValues, A::Error> {
            let mut values = FieldValues::new();
            while let Some((key, value)) = seq.next_element::<(String, FieldValue)>()? {
                if values.insert(key.clone(), value).is_some() {
                    return Err(A::Error::custom(format!(
                        "the field `{key}` is given twice"
                    )));
                }
            }
            Ok(values)
        }
    }

    deserializer.deserialize_any(Values)
}

/// Checks a field key: lowercase ASCII letters, digits and `_`, starting
/// with a letter, at most [`MAX_KEY_BYTES`].
pub fn key(field: &str, value: &str) -> Result<()> {
    let starts_with_letter = value.starts_with(|c: char| c.is_ascii_lowercase());
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !starts_with_letter || !allowed || value.len() > MAX_KEY_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "`{}` is not a key: lowercase letters, digits and `_`, starting with a \
                 letter, at most {MAX_KEY_BYTES} bytes",
                echo(value).escape_debug()
            ),
        ));
    }
    Ok(())
}

/// Checks the shape of a record's values without their definitions: valid
/// keys, short text, finite numbers.
pub fn validate_values(field: &str, values: &FieldValues) -> Result<()> {
    if values.len() > MAX_FIELDS {
        return Err(Error::invalid(
            field,
            format!("has {} values, more than {MAX_FIELDS}", values.len()),
        ));
    }
    for (k, value) in values {
        key(field, k)?;
        let at = format!("{field}.{k}");
        match value {
            FieldValue::Text(text) => validate::short_text(&at, text)?,
            FieldValue::Number(n) if !n.is_finite() => {
                return Err(Error::invalid(at, "must be a finite number"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// `text` as scopes, choices and filters compare it: without surrounding
/// spaces, in lower case.
pub fn folded(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Whether a place (a location or department) `value` passes a filter on
/// `wanted` (none passes everything), ignoring case and surrounding spaces.
pub fn place_passes(wanted: Option<&str>, value: Option<&str>) -> bool {
    wanted.is_none_or(|w| value.is_some_and(|v| same_text(w, v)))
}

/// Whether `a` and `b` are the same once [`folded`], without allocating.
pub fn same_text(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.trim().eq_ignore_ascii_case(b.trim());
    }
    fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
        s.trim().chars().flat_map(char::to_lowercase)
    }
    lower(a).eq(lower(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn definition(field_type: FieldType, choices: &[&str]) -> FieldDefinition {
        FieldDefinition {
            key: "k".into(),
            label: "K".into(),
            target: FieldTarget::Person,
            field_type,
            choices: choices.iter().map(|c| (*c).into()).collect(),
            required: false,
        }
    }

    #[test]
    fn text_is_folded_for_matching() {
        assert_eq!(folded("  Leeds "), "leeds");
        assert!(same_text("Leeds", " leeds  "));
        assert!(same_text("ÅRHUS", "århus"));
        assert!(!same_text("Leeds", "Leed"));
        assert_eq!(FieldValue::Text(" Red ".into()).matching_text(), "red");
        assert_eq!(FieldValue::Number(12.0).matching_text(), "12");
        assert_eq!(FieldValue::Number(12.5).matching_text(), "12.5");
        assert_eq!(FieldValue::YesNo(false).matching_text(), "no");
    }

    #[test]
    fn keys_are_lowercase_identifiers() {
        for good in ["employee_number", "a", "cost_centre_2"] {
            assert_eq!(key("f", good), Ok(()));
        }
        for bad in [
            "",
            "Employee",
            "2nd",
            "cost centre",
            "_x",
            "a-b",
            &"a".repeat(65),
        ] {
            assert_eq!(
                key("f", bad).map_err(|e| e.kind()),
                Err(ErrorKind::InvalidInput)
            );
        }
    }

    #[test]
    fn values_are_checked_against_their_type() {
        let number = definition(FieldType::Number, &[]);
        assert_eq!(number.parse("f", "12.50"), Ok(FieldValue::Number(12.5)));
        assert!(number.parse("f", "twelve").is_err());
        assert!(number.check("f", &FieldValue::Text("1".into())).is_err());
        let colour = definition(FieldType::Choice, &["Red", "Blue"]);
        assert_eq!(colour.check("f", &FieldValue::Text(" red".into())), Ok(()));
        let refused = colour.check("f", &FieldValue::Text("green".into()));
        assert_eq!(
            refused.map_err(|e| e.to_string()),
            Err("invalid f: `green` is not one of Red, Blue".into())
        );
        let yes_no = definition(FieldType::YesNo, &[]);
        assert_eq!(yes_no.parse("f", "Yes"), Ok(FieldValue::YesNo(true)));
        let date = definition(FieldType::Date, &[]);
        assert!(date.parse("f", "2025-02-30").is_err());
    }

    #[test]
    fn values_read_from_a_map_or_from_pairs() {
        #[derive(Debug, serde::Deserialize)]
        struct Record {
            #[serde(deserialize_with = "deserialize_values")]
            fields: FieldValues,
        }
        let read = |json: &str| {
            serde_json::from_str::<Record>(json)
                .map(|r| r.fields)
                .map_err(|e| e.to_string())
        };
        let expected = FieldValues::from([
            ("a".into(), FieldValue::Text("x".into())),
            ("b".into(), FieldValue::YesNo(true)),
        ]);
        let map = read(r#"{"fields": {"a": {"text": "x"}, "b": {"yes_no": true}}}"#);
        assert_eq!(map, Ok(expected.clone()));
        let pairs = read(r#"{"fields": [["a", {"text": "x"}], ["b", {"yes_no": true}]]}"#);
        assert_eq!(pairs, Ok(expected));
        assert_eq!(read(r#"{"fields": []}"#), Ok(FieldValues::new()));
        let twice = read(r#"{"fields": [["a", {"text": "x"}], ["a", {"text": "y"}]]}"#);
        assert!(twice.is_err_and(|e| e.contains("`a` is given twice")));
    }

    #[test]
    fn a_value_reads_tagged_or_plain() {
        let read = |json: &str| serde_json::from_str::<FieldValue>(json).map_err(|e| e.to_string());
        assert_eq!(
            read(r#"{"text": "E-1"}"#),
            Ok(FieldValue::Text("E-1".into()))
        );
        assert_eq!(read(r#""E-1""#), Ok(FieldValue::Text("E-1".into())));
        assert_eq!(read(r#"{"number": 7}"#), Ok(FieldValue::Number(7.0)));
        assert_eq!(read("-7"), Ok(FieldValue::Number(-7.0)));
        assert_eq!(read("7.5"), Ok(FieldValue::Number(7.5)));
        assert_eq!(read("true"), Ok(FieldValue::YesNo(true)));
        assert_eq!(read(r#"{"yes_no": false}"#), Ok(FieldValue::YesNo(false)));
        let may = Day::parse("d", "2026-05-31").unwrap();
        assert_eq!(read(r#"{"date": "2026-05-31"}"#), Ok(FieldValue::Date(may)));
        assert!(read(r#"{"date": "2026-02-30"}"#).is_err());
        assert!(read(r#"{"colour": "red"}"#).is_err_and(|e| e.contains("unknown variant")));
        assert!(read(r#"{"text": "a", "number": 1}"#).is_err());
        assert!(read("{}").is_err());
        assert!(read("null").is_err());
        assert!(read("[1]").is_err());
        // A date field takes a date's text; other fields keep their type.
        let date = definition(FieldType::Date, &[]);
        assert_eq!(
            date.fit("f", FieldValue::Text(" 2026-05-31".into())),
            Ok(FieldValue::Date(may))
        );
        assert!(date.fit("f", FieldValue::Text("soon".into())).is_err());
        let text = definition(FieldType::Text, &[]);
        assert!(text.fit("f", FieldValue::Date(may)).is_err());
    }

    #[test]
    fn definitions_are_validated() {
        let no_choices = definition(FieldType::Choice, &[]);
        assert!(no_choices.validate().is_err());
        let stray = definition(FieldType::Text, &["a"]);
        assert!(stray.validate().is_err());
        let twice = definition(FieldType::Choice, &["Red", " red"]);
        assert!(twice.validate().is_err());
        assert_eq!(definition(FieldType::Choice, &["Red"]).validate(), Ok(()));
    }
}
