//! Seed inputs for every target, made from the conformance vectors
//! (`tests/vectors/*.json`): `make fuzz` starts each run from them, and the
//! replay test runs them too.

use std::path::Path;

use licence_core::operations::{Entry, RULE_OPERATIONS, TRACKER_OPERATIONS};
use serde_json::Value;

use crate::c_abi::calls;
use crate::csv_import::flags;
use crate::document::{STEP, encode_step};

/// The conformance vectors' folder.
pub fn vectors_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors"))
}

/// A rule case's or a tracker step's operation and input document.
struct Call {
    op: String,
    input: Value,
}

/// Every case of the vectors: a rule call, or a tracker scenario's steps.
fn cases() -> Vec<Result<Call, Vec<Call>>> {
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let Some(document) = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        else {
            continue;
        };
        for case in document["cases"].as_array().into_iter().flatten() {
            let call = |v: &Value| Call {
                op: v["op"].as_str().unwrap_or_default().to_owned(),
                input: v["input"].clone(),
            };
            cases.push(match case["op"].as_str() {
                Some("tracker") => Err(case["input"]["steps"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(call)
                    .collect()),
                _ => Ok(call(case)),
            });
        }
    }
    cases
}

fn index(entries: &[Entry], op: &str) -> Option<usize> {
    entries.iter().position(|e| e.name == op)
}

/// A tracker scenario's steps, each prefixed by `prefix`, as one input.
fn scenario(steps: &[Call], prefix: &[u8]) -> Vec<u8> {
    let encoded: Vec<Vec<u8>> = steps
        .iter()
        .filter_map(|s| index(TRACKER_OPERATIONS, &s.op).map(|i| (i, &s.input)))
        .take(crate::document::MAX_STEPS)
        .map(|(i, input)| [prefix, &encode_step(i, input)].concat())
        .collect();
    encoded.join(&STEP)
}

/// The seeds of the target `name`.
pub fn seeds(name: &str) -> Vec<Vec<u8>> {
    let cases = cases();
    let rules = cases.iter().filter_map(|c| c.as_ref().ok());
    let scenarios = cases.iter().filter_map(|c| c.as_ref().err());
    match name {
        "json_rules" => rules
            .filter_map(|c| index(RULE_OPERATIONS, &c.op).map(|i| encode_step(i, &c.input)))
            .collect(),
        "json_tracker" => scenarios.map(|s| scenario(s, &[])).collect(),
        "csv_import" => csv_seeds(scenarios.flatten()),
        "calendar" => CALENDAR.iter().map(|t| t.as_bytes().to_vec()).collect(),
        "custody" => cases
            .iter()
            .filter_map(|c| c.as_ref().ok())
            .filter(|c| c.op == "custody")
            .map(|c| custody_seed(&c.input["events"]))
            .collect(),
        "c_abi" => {
            let mut seeds: Vec<Vec<u8>> = rules
                .filter_map(|c| index(RULE_OPERATIONS, &c.op).map(|i| (i, &c.input)))
                .map(|(i, input)| [&[calls::EXECUTE, 0][..], &encode_step(i, input)].concat())
                .collect();
            seeds.extend(scenarios.map(|s| scenario(s, &[calls::TRACKER_EXECUTE, 0])));
            seeds.extend(batch_seeds());
            seeds
        }
        _ => Vec::new(),
    }
}

const CALENDAR: [&str; 12] = [
    "2026-03-01",
    "0001-01-01",
    "9999-12-31",
    "2024-02-29",
    "2026-02-30",
    "3 months",
    "1 year",
    "0 days",
    "522 weeks",
    "2026-01-31|1 month",
    "9999-12-31|1 day",
    "0001-03-31|1 month",
];

/// Every CSV text the vectors import, into an organisation with and
/// without custom fields, all or nothing and keeping the good rows.
fn csv_seeds<'a>(steps: impl Iterator<Item = &'a Call>) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for step in steps {
        let kind = match step.op.as_str() {
            "import_people_csv" => 0,
            "import_licences_csv" => flags::LICENCES,
            _ => continue,
        };
        let csv = step.input["csv"].as_str().unwrap_or_default();
        for variant in [0, flags::KEEP_GOOD_ROWS, flags::FIELDS, flags::TYPED] {
            seeds.push([&[kind | variant], csv.as_bytes()].concat());
        }
    }
    seeds
}

/// A custody case's events in the custody target's encoding: six bytes an
/// event (party, action, licence, site, type, answer), each id numbered by
/// its first appearance.
fn custody_seed(events: &Value) -> Vec<u8> {
    let mut names: [Vec<String>; 3] = Default::default();
    let mut number = |kind: usize, id: &Value| -> u8 {
        let Some(id) = id.as_str() else { return 0 };
        let ids = &mut names[kind];
        let at = ids.iter().position(|i| i == id).unwrap_or_else(|| {
            ids.push(id.to_owned());
            ids.len() - 1
        });
        u8::try_from(at).unwrap_or(u8::MAX)
    };
    let mut bytes = Vec::new();
    for event in events.as_array().into_iter().flatten() {
        let party = match &event["party"] {
            Value::String(p) if p == "candidate" => 0,
            Value::String(_) => 5,
            site => 1 + number(1, &site["site"]) % 4,
        };
        let action = [
            "upload", "transfer", "delete", "request", "withdraw", "share", "unshare", "remove",
        ]
        .iter()
        .position(|a| event["action"].as_str() == Some(a))
        .unwrap_or(0);
        let site = if event["answering"].is_string() {
            &event["answering"]
        } else {
            &event["site_id"]
        };
        bytes.extend([
            party,
            action as u8,
            number(0, &event["licence_id"]),
            number(1, site),
            number(2, &event["type_id"]) % 2,
            u8::from(event["answering"].is_string()),
        ]);
    }
    bytes
}

/// A seed for each batch call: a few records, today 2026-03-01 and, where
/// the call takes one, a JSON document.
fn batch_seeds() -> Vec<Vec<u8>> {
    /// 2026-03-01 as a day number, little-endian as `arbitrary` reads it.
    const TODAY: [u8; 4] = 20_513_i32.to_le_bytes();
    let record = |fields: &[&[u8]]| [&[1u8][..], &fields.concat()].concat();
    let expiry = |days: i32| (20_513 + days).to_le_bytes();
    let statuses: Vec<u8> = [-400, -1, 0, 30, 365]
        .iter()
        .flat_map(|d| record(&[&expiry(*d)]))
        .collect();
    let reminders: Vec<u8> = [-10, 0, 7, 30, 90]
        .iter()
        .flat_map(|d| record(&[&expiry(*d), &i32::MIN.to_le_bytes(), &[0, 0]]))
        .collect();
    let rights: Vec<u8> = (0u8..8)
        .flat_map(|i| record(&[&[i, (i + 1) % 8, i % 2]]))
        .collect();
    let purges: Vec<u8> = [-800, -10, 200]
        .iter()
        .flat_map(|d| record(&[&expiry(*d), &[1], &expiry(d - 40)]))
        .collect();
    let policies = br#"[{"leads": ["3 months", "1 month", "0 days"], "after_expiry": {"every_days": 7, "times": 4}}]"#;
    let retention = br#"{"after_expiry": "1 year", "after_deletion": "30 days"}"#;
    vec![
        [
            &[calls::STATUS, 0][..],
            &statuses,
            &[0, 5],
            &TODAY,
            &90u32.to_le_bytes(),
        ]
        .concat(),
        [
            &[calls::REMINDERS, 0][..],
            &reminders,
            &[0, 5],
            &TODAY,
            policies,
        ]
        .concat(),
        [&[calls::RIGHTS, 0][..], &rights, &[0, 8]].concat(),
        [&[calls::PURGE, 0][..], &purges, &[0, 3], &TODAY, retention].concat(),
        [
            &[calls::DAYS, 0][..],
            &2026i32.to_le_bytes(),
            &2u32.to_le_bytes(),
            &29u32.to_le_bytes(),
            b"2024-02-29",
        ]
        .concat(),
        [&[calls::ATTACHMENT_CONTENT, 0][..], b"a1"].concat(),
    ]
}
