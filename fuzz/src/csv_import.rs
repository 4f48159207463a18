//! CSV import of people and licences, with the fuzz input as the CSV text.

use licence_core::operations::execute_tracker;
use licence_core::store::collections::{LICENCES, PEOPLE};
use licence_core::tracker::{Context, ImportMode, ImportReport, Tracker};
use serde_json::{Value, json};

use crate::store::Shared;
use crate::{bug, check_error};

/// What the first byte of an input chooses, bit by bit.
pub mod flags {
    /// Imports licences rather than people.
    pub const LICENCES: u8 = 1;
    /// Keeps the good rows rather than all or nothing.
    pub const KEEP_GOOD_ROWS: u8 = 2;
    /// Calls the tracker with the raw bytes rather than through the JSON
    /// door (which takes text: invalid UTF-8 is replaced there).
    pub const TYPED: u8 = 4;
    /// The organisation has custom fields of people and licences.
    pub const FIELDS: u8 = 8;
}

/// The CSV text after the first byte, imported into a small organisation.
/// Invariants: no panic; a failure is not internal and leaves the store as
/// it was; a report counts no more listed errors than rejected rows, in
/// line order; an all-or-nothing import with a rejected row stores nothing,
/// and otherwise exactly the imported rows are added.
pub fn csv_import(data: &[u8]) {
    let Some((&choice, csv)) = data.split_first() else {
        return;
    };
    let (tracker, store) = Shared::tracker();
    organisation(&tracker, choice & flags::FIELDS != 0);
    let (collection, op) = if choice & flags::LICENCES != 0 {
        (LICENCES.name, "import_licences_csv")
    } else {
        (PEOPLE.name, "import_people_csv")
    };
    let mode = if choice & flags::KEEP_GOOD_ROWS != 0 {
        ImportMode::KeepGoodRows
    } else {
        ImportMode::AllOrNothing
    };
    let before = store.snapshot();
    let count = store.count(collection);
    let result = if choice & flags::TYPED != 0 {
        let ctx = admin();
        match op {
            "import_licences_csv" => tracker.import_licences_csv(&ctx, csv, mode),
            _ => tracker.import_people_csv(&ctx, csv, mode),
        }
    } else {
        let input = json!({
            "ctx": admin(),
            "csv": String::from_utf8_lossy(csv),
            "mode": mode,
        });
        execute_tracker(&tracker, op, &input).map(|output| {
            serde_json::from_value::<ImportReport>(output)
                .unwrap_or_else(|e| bug(&format!("`{op}` answered no report: {e}")))
        })
    };
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            check_error(op, &error);
            if store.snapshot() != before {
                bug(&format!("`{op}` failed and changed the store"));
            }
            return;
        }
    };
    if report.errors.len() as u64 > report.rejected || !report.errors.is_sorted_by_key(|e| e.line) {
        bug(&format!("`{op}` reported {report:?}"));
    }
    if mode == ImportMode::AllOrNothing && report.rejected > 0 {
        if report.imported != 0 || store.snapshot() != before {
            bug(&format!(
                "`{op}` rejected a row and stored some: {report:?}"
            ));
        }
    } else if store.count(collection) != count + report.imported {
        bug(&format!(
            "`{op}` stored other than the {} imported rows",
            report.imported
        ));
    }
}

fn admin() -> Context {
    Context::new("admin", 1_767_225_600)
}

/// Two licence types and a few people for the licences to refer to, and,
/// with `fields`, a custom field of each type for people and licences.
fn organisation(tracker: &Tracker, fields: bool) {
    let ctx = admin();
    let mut steps: Vec<(&str, Value)> = vec![
        (
            "create_licence_type",
            json!({"ctx": ctx, "licence_type": {"id": "forklift", "name": "Forklift", "kind": "licence", "validity": "3 years"}}),
        ),
        (
            "create_licence_type",
            json!({"ctx": ctx, "licence_type": {"id": "crane", "name": "Crane", "kind": "equipment"}}),
        ),
    ];
    if fields {
        for (key, target, kind) in [
            ("employee_number", "person", "text"),
            ("cost_centre", "person", "choice"),
            ("started_on", "person", "date"),
            ("card_colour", "licence", "choice"),
            ("hours", "licence", "number"),
            ("cleared", "licence", "yes_no"),
        ] {
            let choices = if kind == "choice" {
                json!(["Red", "Blue"])
            } else {
                json!([])
            };
            steps.push((
                "define_field",
                json!({"ctx": ctx, "field": {"key": key, "label": key, "target": target, "type": kind, "choices": choices}}),
            ));
        }
    }
    for id in ["q1", "q3", "p1", "p5"] {
        steps.push((
            "register_person",
            json!({"ctx": ctx, "person": {"id": id, "name": id, "registered_on": "2024-01-01", "active": true}}),
        ));
    }
    for (op, input) in steps {
        if let Err(error) = execute_tracker(tracker, op, &input) {
            bug(&format!("the organisation's `{op}`: {error}"));
        }
    }
}
