//! What the JSON door takes beyond the typed records: a custom field's
//! value written plain (a string, a number, a boolean, a date's text), kept
//! typed as its definition says.

#![allow(clippy::unwrap_used, clippy::panic)]

use licence_core::operations::execute_tracker;
use licence_core::tracker::Tracker;
use serde_json::{Value, json};

fn call(tracker: &Tracker, op: &str, input: Value) -> Result<Value, String> {
    execute_tracker(tracker, op, &input).map_err(|e| e.kind().as_str().to_owned())
}

#[test]
fn plain_custom_field_values_are_kept_typed() {
    let tracker = Tracker::in_memory();
    let ctx = json!({"actor": "hr", "at": 1_767_225_600});
    let define = |key: &str, target: &str, kind: &str| {
        let field = json!({"key": key, "label": key, "target": target, "type": kind});
        call(
            &tracker,
            "define_field",
            json!({"ctx": ctx, "field": field}),
        )
        .unwrap();
    };
    define("employee_number", "person", "text");
    define("started_on", "person", "date");
    define("hours", "licence", "number");
    define("cleared", "licence", "yes_no");
    let person = json!({"id": "ana", "name": "Ana", "registered_on": "2024-01-10",
        "fields": {"employee_number": "E-9", "started_on": "2024-03-01"}});
    call(
        &tracker,
        "register_person",
        json!({"ctx": ctx, "person": person}),
    )
    .unwrap();
    let stored = call(&tracker, "person", json!({"id": "ana"})).unwrap();
    assert_eq!(
        stored["fields"],
        json!({"employee_number": {"text": "E-9"}, "started_on": {"date": "2024-03-01"}})
    );
    let licence = |fields: Value| {
        json!({"ctx": ctx, "licence": {"id": "l1", "holder_id": "ana", "type_id": "forklift",
            "expiry": "2027-01-01", "fields": fields},
            "new_type": {"id": "forklift", "name": "Forklift", "kind": "licence"}})
    };
    let refused = |fields: Value| call(&tracker, "record_licence", licence(fields)).unwrap_err();
    assert_eq!(refused(json!({"hours": "four"})), "invalid_input");
    assert_eq!(refused(json!({"cleared": "yes"})), "invalid_input");
    assert_eq!(refused(json!({"hours": null})), "invalid_input");
    let recorded = call(
        &tracker,
        "record_licence",
        licence(json!({"hours": 4, "cleared": true})),
    );
    assert_eq!(
        recorded.unwrap()["licence"]["fields"],
        json!({"hours": {"number": 4.0}, "cleared": {"yes_no": true}})
    );
    let page = call(
        &tracker,
        "overview",
        json!({"today": "2026-06-01", "query": {"filter": {"field": {"key": "employee_number", "value": "e-9"}}}}),
    )
    .unwrap();
    assert_eq!(page["total"], 1);
}
