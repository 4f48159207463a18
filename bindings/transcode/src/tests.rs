//! Conversions between the engine's types and types shaped as the WIT
//! bindings generate them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use licence_core::fields::{FieldType, FieldValue};
use licence_core::model::{Licence, Owner};
use licence_core::{Day, Period};
use serde::{Deserialize, Serialize};

use super::*;

/// Types shaped as wit-bindgen generates them from the WIT.
mod wit {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Date {
        pub year: i32,
        pub month: u8,
        pub day: u8,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum PeriodUnit {
        Days,
        Weeks,
        Months,
        Years,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Period {
        pub amount: u16,
        pub unit: PeriodUnit,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum Owner {
        Candidate,
        Site(String),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Licence {
        pub id: String,
        pub holder_id: String,
        pub type_id: String,
        pub reference: Option<String>,
        pub issuer: Option<String>,
        pub acquired: Option<Date>,
        pub expiry: Option<Date>,
        pub notes: String,
        pub owner: Owner,
        pub renews: Option<String>,
        pub superseded_by: Option<String>,
        pub fields: Vec<(String, FieldValue)>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum FieldValue {
        Text(String),
        Number(f64),
        Date(Date),
        YesNo(bool),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum FieldType {
        Text,
        Number,
        Date,
        YesNo,
        Choice,
    }

    /// With a field named after a keyword, as wit-bindgen names it.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Definition {
        pub key: String,
        pub type_: FieldType,
    }
}

fn day(text: &str) -> Day {
    Day::parse("t", text).unwrap()
}

fn licence() -> Licence {
    Licence {
        id: "l1".into(),
        holder_id: "ana".into(),
        type_id: "forklift".into(),
        reference: Some("FL-1".into()),
        issuer: None,
        acquired: None,
        expiry: Some(day("2026-05-31")),
        notes: String::new(),
        owner: Owner::Site("s1".into()),
        renews: None,
        superseded_by: None,
        fields: [
            ("card".into(), FieldValue::Text("Red".into())),
            ("hours".into(), FieldValue::Number(7.5)),
            ("seen_on".into(), FieldValue::Date(day("2026-01-02"))),
        ]
        .into(),
    }
}

#[test]
fn a_record_goes_both_ways_with_dates_and_cases() {
    let converted: wit::Licence = from_engine(&licence()).unwrap();
    let may_31 = wit::Date {
        year: 2026,
        month: 5,
        day: 31,
    };
    assert_eq!(converted.expiry, Some(may_31));
    assert_eq!(converted.owner, wit::Owner::Site("s1".into()));
    assert_eq!(converted.acquired, None);
    assert_eq!(
        converted.fields[1],
        ("hours".into(), wit::FieldValue::Number(7.5))
    );
    let back: Licence = to_engine(&converted).unwrap();
    assert_eq!(back, licence());
}

#[test]
fn a_field_named_after_a_keyword_is_the_document_key_without_its_underscore() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Engine {
        key: String,
        #[serde(rename = "type")]
        field_type: FieldType,
    }
    let engine = Engine {
        key: "k".into(),
        field_type: FieldType::YesNo,
    };
    let door: wit::Definition = from_engine(&engine).unwrap();
    assert_eq!(door.type_, wit::FieldType::YesNo);
    let back: Engine = to_engine(&door).unwrap();
    assert_eq!(back, engine);
}

#[test]
fn periods_are_records_of_amount_and_unit() {
    let converted: wit::Period = from_engine(&Period::months(3)).unwrap();
    let three_months = wit::Period {
        amount: 3,
        unit: wit::PeriodUnit::Months,
    };
    assert_eq!(converted, three_months);
    let two_weeks = wit::Period {
        amount: 2,
        unit: wit::PeriodUnit::Weeks,
    };
    let back: Period = to_engine(&two_weeks).unwrap();
    assert_eq!(back, Period::weeks(2));
}

#[test]
fn mismatches_are_errors_naming_what_did_not_fit() {
    #[derive(Debug, Serialize)]
    struct Held {
        expiry: wit::Date,
    }
    #[derive(Debug, Deserialize)]
    struct Engine {
        #[allow(dead_code)]
        expiry: Day,
    }
    let february_30 = wit::Date {
        year: 2026,
        month: 2,
        day: 30,
    };
    let error = to_engine::<_, Engine>(&Held {
        expiry: february_30,
    })
    .unwrap_err();
    assert!(error.to_string().contains("not a calendar date"), "{error}");
    let error = from_engine::<_, wit::Owner>(&"nobody").unwrap_err();
    assert_eq!(error.to_string(), "`nobody` is not a case of `Owner`");
    let error = from_engine::<_, wit::Licence>(&7u32).unwrap_err();
    assert!(error.to_string().contains("struct Licence"), "{error}");
}

#[test]
fn maps_are_lists_of_pairs_and_bytes_lists_of_u8() {
    let map: std::collections::BTreeMap<String, u32> =
        [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    let pairs: Vec<(String, u32)> = from_engine(&map).unwrap();
    assert_eq!(pairs, vec![("a".to_owned(), 1), ("b".to_owned(), 2)]);

    let bytes = licence_core::operations::Bytes(b"card".to_vec());
    let list: Vec<u8> = from_engine(&bytes).unwrap();
    assert_eq!(list, b"card".to_vec());
}

#[test]
fn unit_cases_read_as_snake_case_text() {
    #[derive(Serialize)]
    enum RenewalBasis {
        FromPreviousExpiry,
    }
    let text: String = to_engine(&RenewalBasis::FromPreviousExpiry).unwrap();
    assert_eq!(text, "from_previous_expiry");
    let basis: licence_core::model::RenewalBasis =
        to_engine(&RenewalBasis::FromPreviousExpiry).unwrap();
    assert_eq!(basis, licence_core::model::RenewalBasis::FromPreviousExpiry);
}

/// The engine's internally tagged enums are one WIT record: the tag as an
/// enum, the other fields as options.
#[test]
fn tagged_cases_are_flat_records() {
    use licence_core::allocation::Scope;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum ScopeKind {
        Company,
        Location,
        Department,
        LocationAndDepartment,
    }
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct WitScope {
        department: Option<String>,
        kind: ScopeKind,
        location: Option<String>,
    }
    let leeds = Scope::Location {
        location: "Leeds".into(),
    };
    let converted: WitScope = from_engine(&leeds).unwrap();
    assert_eq!(
        converted,
        WitScope {
            department: None,
            kind: ScopeKind::Location,
            location: Some("Leeds".into()),
        }
    );
    let back: Scope = to_engine(&converted).unwrap();
    assert_eq!(back, leeds);
    let company: Scope = to_engine(&WitScope {
        department: None,
        kind: ScopeKind::Company,
        location: None,
    })
    .unwrap();
    assert_eq!(company, Scope::Company);
    let missing = to_engine::<_, Scope>(&WitScope {
        department: None,
        kind: ScopeKind::Department,
        location: Some("Leeds".into()),
    });
    assert!(missing.is_err());
}
