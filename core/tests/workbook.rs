//! The .xlsx writer read back by an independent reader: every text comes
//! back as written, dates as dates, numbers as numbers.

#![allow(clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use licence_core::Day;
use licence_core::workbook::{Cell, Workbook};

fn day(text: &str) -> Day {
    Day::parse("date", text).expect("date")
}

/// `text` with SpreadsheetML's `_xHHHH_` escapes decoded, as Excel and
/// LibreOffice read them (the reader used here returns them as stored).
fn decoded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let code = rest
            .get(at + 2..at + 6)
            .filter(|_| rest.get(at + 6..at + 7) == Some("_"));
        match code
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
        {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn texts_dates_and_numbers_read_back_as_written() {
    let texts = [
        "plain",
        "  spaced  ",
        "<tag> & \"quotes\" 'single'",
        "bell\u{7}, escape \u{1b} and null \u{0}",
        "_x0041_ is not an A",
        "Łódź, 東京, emoji 🦺",
        "=SUM(A1:A2)",
    ];
    let mut book = Workbook::new();
    let sheet = book
        .sheet("Cells", &["text", "date", "number"])
        .expect("sheet");
    for (i, text) in texts.iter().enumerate() {
        sheet
            .row(&[
                Cell::Text(text),
                Cell::Date(day("2026-05-31")),
                Cell::Number(i as f64 - 1.5),
            ])
            .expect("row");
    }
    sheet
        .row(&[
            Cell::Empty,
            Cell::Date(day("1899-12-31")),
            Cell::Number(f64::NAN),
        ])
        .expect("row");
    let other = book.sheet("Second sheet", &["only"]).expect("second sheet");
    other.row(&[Cell::Text("there")]).expect("row");
    let bytes = book.finish().expect("file");

    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Cells", "Second sheet"]);
    let sheet = workbook.worksheet_range("Cells").expect("the sheet");
    assert_eq!(sheet.get_size(), (texts.len() + 2, 3));
    let cell = |row: usize, col: usize| {
        sheet
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    assert_eq!(cell(0, 1), Data::String("date".into()));
    for (i, text) in texts.iter().enumerate() {
        match cell(i + 1, 0) {
            Data::String(read) => assert_eq!(decoded(&read), *text, "row {i}"),
            other => panic!("not text: {other:?}"),
        }
        match cell(i + 1, 1) {
            Data::DateTime(date) => assert_eq!(date.as_f64(), 46173.0),
            other => panic!("not a date: {other:?}"),
        }
        assert_eq!(cell(i + 1, 2), Data::Float(i as f64 - 1.5));
    }
    let last = texts.len() + 1;
    assert_eq!(cell(last, 0), Data::Empty);
    assert_eq!(cell(last, 1), Data::String("1899-12-31".into()));
    assert_eq!(cell(last, 2), Data::String("NaN".into()));
    let second = workbook.worksheet_range("Second sheet").expect("second");
    assert_eq!(
        second.get_value((1, 0)),
        Some(&Data::String("there".into()))
    );
}

#[test]
fn an_export_has_a_column_per_custom_field_typed_as_its_values() {
    use licence_core::fields::{FieldDefinition, FieldTarget, FieldType, FieldValue};
    use licence_core::model::{Licence, LicenceKind, LicenceType, Person};
    use licence_core::report::OverviewQuery;
    use licence_core::tracker::{Context, Tracker};

    let tracker = Tracker::in_memory();
    let ctx = Context::new("admin", 1_767_225_600);
    let define = |key: &str, target, field_type| {
        let definition = FieldDefinition {
            key: key.into(),
            label: key.into(),
            target,
            field_type,
            choices: Vec::new(),
            required: false,
        };
        tracker
            .define_field(&ctx, &definition, false)
            .expect("define");
    };
    define("employee_number", FieldTarget::Person, FieldType::Text);
    define("hours", FieldTarget::Licence, FieldType::Number);
    define("inspected_on", FieldTarget::Licence, FieldType::Date);
    define("cleared", FieldTarget::Licence, FieldType::YesNo);
    let person = Person {
        positions: Vec::new(),
        line_manager: None,
        id: "ana".into(),
        name: "Ana".into(),
        email: None,
        location: None,
        department: None,
        roles: Vec::new(),
        registered_on: day("2024-01-10"),
        active: true,
        location_since: None,
        department_since: None,
        fields: [("employee_number".into(), FieldValue::Text("007".into()))].into(),
    };
    tracker.register_person(&ctx, &person).expect("person");
    let forklift = LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: "forklift".into(),
        name: "Forklift".into(),
        kind: LicenceKind::Licence,
        validity: None,
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    };
    let licence = Licence {
        id: "l1".into(),
        holder_id: "ana".into(),
        type_id: "forklift".into(),
        reference: None,
        issuer: None,
        acquired: None,
        expiry: Some(day("2026-05-31")),
        notes: String::new(),
        owner: Default::default(),
        renews: None,
        superseded_by: None,
        fields: [
            ("hours".into(), FieldValue::Number(7.5)),
            ("inspected_on".into(), FieldValue::Date(day("2026-05-31"))),
            ("cleared".into(), FieldValue::YesNo(true)),
        ]
        .into(),
    };
    tracker
        .record_licence(&ctx, &licence, Some(&forklift))
        .expect("licence");
    let bytes = tracker
        .export_xlsx(&OverviewQuery::default(), day("2026-03-01"))
        .expect("export");

    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let sheet = workbook.worksheet_range("Licences").expect("the sheet");
    let headings: Vec<String> = (0..17)
        .map(|col| {
            sheet
                .get_value((0, col))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        headings[13..],
        ["cleared", "employee_number", "hours", "inspected_on"]
    );
    let cell = |col: u32| sheet.get_value((1, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(13), Data::String("yes".into()));
    assert_eq!(cell(14), Data::String("007".into()), "text stays text");
    assert_eq!(cell(15), Data::Float(7.5));
    match cell(16) {
        Data::DateTime(date) => assert_eq!(date.as_f64(), 46173.0),
        other => panic!("not a date: {other:?}"),
    }
}

#[test]
fn an_export_has_a_readiness_sheet_and_the_matrix_comes_as_csv() {
    use licence_core::model::{Licence, LicenceKind, LicenceType, Person};
    use licence_core::readiness::{Requirement, RequirementScope};
    use licence_core::report::{OverviewFilter, OverviewQuery};
    use licence_core::tracker::{Context, ReadinessFilter, Tracker};

    let tracker = Tracker::in_memory();
    let ctx = Context::new("admin", 1_767_225_600);
    let person = |id: &str, name: &str, location: &str| Person {
        positions: vec!["forklift-driver".into()],
        line_manager: None,
        id: id.into(),
        name: name.into(),
        email: None,
        location: Some(location.into()),
        department: None,
        roles: Vec::new(),
        registered_on: day("2024-01-10"),
        active: true,
        location_since: None,
        department_since: None,
        fields: Default::default(),
    };
    tracker
        .register_person(&ctx, &person("ana", "Ana", "Leeds"))
        .expect("ana");
    tracker
        .register_person(&ctx, &person("bo", "=Bo", "Leeds"))
        .expect("bo");
    tracker
        .register_person(&ctx, &person("cy", "Cy", "York"))
        .expect("cy");
    for (id, name) in [("fa", "First aid"), ("fl", "Forklift")] {
        let licence_type = LicenceType {
            requires_approval: false,
            fixed_renewal: None,
            id: id.into(),
            name: name.into(),
            kind: LicenceKind::Certification,
            validity: None,
            renewal_basis: Default::default(),
            grace_days: 0,
            policy: None,
        };
        tracker
            .create_licence_type(&ctx, &licence_type)
            .expect("type");
    }
    let requirement = |id: &str, name: &str, scope, type_id: &str| Requirement {
        id: id.into(),
        name: name.into(),
        scope,
        type_ids: vec![type_id.into()],
    };
    let forklift_drivers = RequirementScope::Position {
        position: "forklift-driver".into(),
    };
    let york = RequirementScope::Location {
        location: "York".into(),
    };
    for r in [
        requirement("r1", "First aid", RequirementScope::Company, "fa"),
        requirement("r2", "Forklift", forklift_drivers, "fl"),
        requirement("r3", "York induction", york, "fa"),
    ] {
        tracker.create_requirement(&ctx, &r).expect("requirement");
    }
    let licence = |id: &str, holder: &str, type_id: &str, expiry: &str| Licence {
        id: id.into(),
        holder_id: holder.into(),
        type_id: type_id.into(),
        reference: None,
        issuer: None,
        acquired: None,
        expiry: Some(day(expiry)),
        notes: String::new(),
        owner: Default::default(),
        renews: None,
        superseded_by: None,
        fields: Default::default(),
    };
    for l in [
        licence("l1", "ana", "fa", "2027-01-01"),
        licence("l2", "ana", "fl", "2026-04-01"),
        licence("l3", "bo", "fa", "2026-02-01"),
    ] {
        tracker.record_licence(&ctx, &l, None).expect("licence");
    }
    let on = day("2026-03-01");
    let csv = tracker
        .export_readiness_csv(&ReadinessFilter::default(), on)
        .expect("csv");
    assert_eq!(
        csv,
        "person_id,name,location,department,ready,First aid,Forklift,York induction\n\
         ana,Ana,Leeds,,yes,met,expiring 2026-04-01,\n\
         bo,'=Bo,Leeds,,no,missing: expired 2026-02-01,missing: none held,\n\
         cy,Cy,York,,no,missing: none held,missing: none held,missing: none held\n"
    );

    let leeds = OverviewQuery {
        filter: OverviewFilter {
            location: Some("leeds".into()),
            ..OverviewFilter::default()
        },
        ..OverviewQuery::default()
    };
    let bytes = tracker.export_xlsx(&leeds, on).expect("export");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Licences", "Readiness"]);
    let sheet = workbook.worksheet_range("Readiness").expect("the sheet");
    assert_eq!(
        sheet.get_size(),
        (3, 8),
        "the headings and Leeds's two people"
    );
    let text = |row: u32, col: u32| {
        sheet
            .get_value((row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(text(0, 6), "Forklift");
    assert_eq!(text(2, 1), "=Bo", "the workbook keeps text as text");
    assert_eq!(text(2, 5), "missing: expired 2026-02-01");
}
