//! The sandbox: what the components import and export, typed calls and
//! their errors, the bounds on hostile requests, recovery after a trap, and
//! the compiled-code cache.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use licence_core::ErrorKind;
use licence_core::operations::{RULE_OPERATIONS, TRACKER_OPERATIONS};
use licence_core::store::memory::MemoryStore;
use licence_host::bindings::pure_rules::{
    DueSlot, Evaluations, ReminderFlags, ReminderInput, Rights, RightsQuery, Schedule,
};
use licence_host::bindings::types::{Period, PeriodUnit};
use licence_host::rules::RulesComponent;
use licence_host::runtime::Compilation;
use licence_host::tracker::TrackerComponent;
use licence_host::{Failure, Limits, Runtime};
use serde_json::json;
use wasmtime::component::types::ComponentItem;

use support::{component, default_limits, runtime};

const TODAY: i32 = 20_605; // 2026-06-01

fn kind(failure: Failure) -> ErrorKind {
    match failure {
        Failure::Engine(e) => e.kind(),
        other => panic!("expected an engine error, got: {other}"),
    }
}

fn names(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = items.collect();
    names.sort();
    names
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn rules_imports_nothing_and_tracker_imports_only_the_store() {
    let (rules, tracker) = (component("rules"), component("tracker"));
    let runtime = runtime(default_limits());
    let engine = runtime.engine();
    let (rules, _) = runtime.load(&rules).unwrap();
    let (tracker, _) = runtime.load(&tracker).unwrap();
    let functions = |c: &wasmtime::component::Component, interface: &str| {
        let ty = c.component_type();
        ty.exports(engine)
            .chain(ty.imports(engine))
            .find_map(|(name, item)| match item.ty {
                ComponentItem::ComponentInstance(instance) if name == interface => {
                    let functions = instance
                        .exports(engine)
                        .filter(|(_, item)| matches!(item.ty, ComponentItem::ComponentFunc(_)));
                    Some(names(functions.map(|(n, _)| n.to_owned())))
                }
                _ => None,
            })
            .expect("the interface")
    };
    let imports = |c: &wasmtime::component::Component| {
        names(
            c.component_type()
                .imports(engine)
                .map(|(n, _)| n.to_owned()),
        )
    };
    let exports = |c: &wasmtime::component::Component| {
        names(
            c.component_type()
                .exports(engine)
                .map(|(n, _)| n.to_owned()),
        )
    };
    assert_eq!(imports(&rules), Vec::<String>::new());
    // `types` is exported so that not even a types-only import appears.
    assert_eq!(
        exports(&rules),
        [
            "licence:engine/pure-rules@0.1.0",
            "licence:engine/records@0.1.0",
            "licence:engine/rule-operations@0.1.0",
            "licence:engine/types@0.1.0"
        ]
    );
    // A typed function for every rule operation of the registry, and no
    // other.
    let registry = names(
        RULE_OPERATIONS
            .iter()
            .map(|entry| entry.name.replace('_', "-")),
    );
    assert_eq!(
        functions(&rules, "licence:engine/rule-operations@0.1.0"),
        registry
    );
    assert_eq!(imports(&tracker), ["licence:engine/store@0.1.0"]);
    // The small store: documents with typed keys, in nine functions.
    assert_eq!(
        functions(&tracker, "licence:engine/store@0.1.0"),
        [
            "begin",
            "commit",
            "count",
            "find",
            "get",
            "next-sequence",
            "put",
            "remove",
            "rollback"
        ]
    );
    assert_eq!(
        exports(&tracker),
        [
            "licence:engine/records@0.1.0",
            "licence:engine/tracking@0.1.0",
            "licence:engine/types@0.1.0"
        ]
    );
    // A typed method for every tracker operation of the registry.
    let methods = functions(&tracker, "licence:engine/tracking@0.1.0");
    let mut registry: Vec<String> = TRACKER_OPERATIONS
        .iter()
        .map(|entry| format!("[method]tracker.{}", entry.name.replace('_', "-")))
        .collect();
    registry.extend([
        "[constructor]tracker".to_owned(),
        "[method]tracker.execute".to_owned(),
        "[static]tracker.operations".to_owned(),
    ]);
    assert_eq!(methods, names(registry.into_iter()));
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn typed_batch_calls_answer_and_refuse_with_error_kinds() {
    let path = component("rules");
    let (rules, _) = RulesComponent::load(&runtime(default_limits()), &path).unwrap();
    let mut rules = rules.instantiate().unwrap();

    let evaluations = rules
        .evaluate_status(&[TODAY - 1, TODAY, TODAY + 91, i32::MIN], TODAY, 90)
        .unwrap();
    assert_eq!(
        evaluations,
        Evaluations {
            days_left: vec![-1, 0, 91, i32::MIN],
            statuses: vec![2, 1, 0, 0],
        }
    );
    let refused = rules.evaluate_status(&[TODAY], TODAY, 4_000).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid window_days: `4000` is more than 3660"
    );
    assert_eq!(kind(refused), ErrorKind::InvalidInput);

    let week = Period {
        amount: 1,
        unit: PeriodUnit::Weeks,
    };
    let month = Period {
        amount: 1,
        unit: PeriodUnit::Months,
    };
    let schedules = [Schedule {
        leads: vec![month, week],
        after_expiry: None,
    }];
    let licence = |expiry: i32, flags: ReminderFlags| ReminderInput {
        expiry,
        acknowledged_through: i32::MIN,
        schedule: 0,
        flags,
    };
    let due = rules
        .due_reminders(
            &[
                licence(TODAY + 7, ReminderFlags::empty()),
                licence(TODAY + 7, ReminderFlags::SUPERSEDED),
                licence(TODAY + 60, ReminderFlags::empty()),
            ],
            &schedules,
            TODAY,
        )
        .unwrap();
    assert_eq!(
        due,
        [DueSlot {
            index: 0,
            trigger: TODAY,
            days_left: 7,
            lead: week,
            occurrence: 0,
            skipped: 1,
        }]
    );
    let mut unknown_schedule = licence(TODAY + 7, ReminderFlags::empty());
    unknown_schedule.schedule = 1;
    let refused = rules.due_reminders(&[unknown_schedule], &schedules, TODAY);
    assert_eq!(kind(refused.unwrap_err()), ErrorKind::InvalidInput);

    let query = |owner, party, shared| RightsQuery {
        owner,
        party,
        shared,
    };
    let rights = rules
        .evaluate_rights(&[
            query(0, 0, false),
            query(1, 1, false),
            query(0, 2, true),
            query(1, 0, false),
            query(u32::MAX, 0, false),
        ])
        .unwrap();
    assert_eq!(
        rights,
        [
            Rights::VIEW | Rights::EDIT | Rights::DELETE | Rights::SHARE,
            Rights::VIEW | Rights::EDIT | Rights::DELETE | Rights::TRANSFER,
            Rights::VIEW | Rights::REMOVE,
            Rights::empty(),
            Rights::empty(),
        ]
    );

    let refused = rules.execute("no_such_op", "{}").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "invalid op: `no_such_op` is not a rule operation"
    );
    let refused = rules.execute("status", "{not json").unwrap_err();
    assert_eq!(kind(refused), ErrorKind::InvalidInput);
    assert!(
        rules
            .operations()
            .unwrap()
            .contains(&"matching_rules".to_owned())
    );
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn a_batch_over_the_memory_limit_fails_cleanly_and_the_host_keeps_serving() {
    let path = component("rules");
    let limits = Limits {
        memory_bytes: 32 << 20,
        ..default_limits()
    };
    let (rules, _) = RulesComponent::load(&runtime(limits), &path).unwrap();
    let mut rules = rules.instantiate().unwrap();
    // 64 MiB of expiries cannot even be copied into a 32 MiB instance.
    let huge = vec![TODAY; 16 << 20];
    let failure = rules.evaluate_status(&huge, TODAY, 90).unwrap_err();
    assert!(
        matches!(failure, Failure::OutOfMemory { limit } if limit == 32 << 20),
        "{failure:?}"
    );
    assert!(failure.discarded_instance());
    assert_eq!(
        failure.to_string(),
        "the call needed more than the component's memory limit of 32 MiB: the request is too large"
    );
    let answer = rules.evaluate_status(&[TODAY + 1], TODAY, 90).unwrap();
    assert_eq!((answer.days_left, answer.statuses), (vec![1], vec![1]));
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn an_endless_request_is_stopped_at_its_deadline_and_the_host_keeps_serving() {
    let path = component("rules");
    let limits = Limits {
        deadline: Duration::from_millis(20),
        ..default_limits()
    };
    let (rules, _) = RulesComponent::load(&runtime(limits), &path).unwrap();
    let mut rules = rules.instantiate().unwrap();
    // A million dates as JSON text: far more than 20 ms of work.
    let expiries: Vec<String> = (0..1_000_000)
        .map(|i| format!("\"2026-{:02}-01\"", i % 12 + 1))
        .collect();
    let input = format!(
        "{{\"today\": \"2026-06-01\", \"expiries\": [{}]}}",
        expiries.join(",")
    );
    let failure = rules.execute("status", &input).unwrap_err();
    assert!(
        matches!(failure, Failure::TimedOut { deadline } if deadline == Duration::from_millis(20)),
        "{failure:?}"
    );
    assert_eq!(
        failure.to_string(),
        "the call was stopped at its deadline of 20 ms: the request is too large or does not end"
    );
    let answer = rules
        .execute_json(
            "status",
            &json!({ "today": "2026-06-01", "expiries": ["2026-05-31"] }),
        )
        .unwrap();
    assert_eq!(answer["results"][0]["status"], "expired");
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn a_trap_in_the_tracker_rolls_back_and_a_fresh_instance_serves() {
    let path = component("tracker");
    let limits = Limits {
        deadline: Duration::from_millis(20),
        ..default_limits()
    };
    let (tracker, _) = TrackerComponent::load(&runtime(limits), &path).unwrap();
    let mut tracker = tracker.open(Box::new(MemoryStore::new())).unwrap();
    let ctx = json!({ "actor": "admin", "at": 1_780_000_000 });
    let person = |id: &str| json!({ "ctx": ctx, "person": { "id": id, "name": "Ana Adeyemi", "registered_on": "2026-06-01" } });
    tracker
        .execute_json("register_person", &person("ana"))
        .unwrap();

    let mut csv = String::from("id,name,email,location,department,roles,registered_on,active\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "p{i},Person {i},p{i}@example.com,Leeds,Warehouse,delegate,2026-06-01,true\n"
        ));
    }
    let import = json!({ "ctx": ctx, "csv": csv, "mode": "all_or_nothing" });
    let failure = tracker
        .execute_json("import_people_csv", &import)
        .unwrap_err();
    assert!(matches!(failure, Failure::TimedOut { .. }), "{failure:?}");
    assert!(failure.discarded_instance());

    // A fresh instance over the same records: nothing of the import stayed,
    // and the store is out of the interrupted transaction.
    let people = tracker.execute_json("people", &json!({})).unwrap();
    assert_eq!(people["people"].as_array().map(Vec::len), Some(1));
    tracker
        .execute_json("register_person", &person("ben"))
        .unwrap();
    let refused = tracker
        .execute_json("register_person", &person("ben"))
        .unwrap_err();
    assert_eq!(kind(refused), ErrorKind::AlreadyExists);
    let counts = tracker
        .call_typed("status_counts", &json!({ "today": "2026-06-01" }))
        .unwrap();
    assert_eq!(counts, json!({ "active": 0, "expiring": 0, "expired": 0 }));
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn a_call_past_its_store_budget_fails_cleanly_and_the_next_one_serves() {
    let path = component("tracker");
    let limits = Limits {
        store_rows: 40,
        ..default_limits()
    };
    let (tracker, _) = TrackerComponent::load(&runtime(limits), &path).unwrap();
    let mut tracker = tracker.open(Box::new(MemoryStore::new())).unwrap();
    let ctx = json!({ "actor": "admin", "at": 1_780_000_000 });
    let mut csv = String::from("id,name,registered_on\n");
    for i in 0..50 {
        csv.push_str(&format!("p{i:02},Person {i},2026-06-01\n"));
    }
    let import = json!({ "ctx": ctx, "csv": csv, "mode": "all_or_nothing" });
    let imported = tracker.execute_json("import_people_csv", &import).unwrap();
    assert_eq!(imported["imported"], 50);

    let failure = tracker
        .execute_json("people", &json!({ "page": { "limit": 100 } }))
        .unwrap_err();
    assert_eq!(
        failure.to_string(),
        "storage failure: the call read more than 40 records from the host's store"
    );
    assert!(!failure.discarded_instance());
    // A page within the budget, on the same instance.
    let page = tracker
        .execute_json("people", &json!({ "page": { "offset": 20, "limit": 20 } }))
        .unwrap();
    assert_eq!(page["people"][0]["id"], "p20");
    assert_eq!(page["next_offset"], 40);
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn compiled_components_are_cached_by_hash_and_settings() {
    let path = component("rules");
    let cache = std::env::temp_dir().join(format!("licence-host-cache-{}", std::process::id()));
    std::fs::remove_dir_all(&cache).ok();
    let runtime = Runtime::new(default_limits(), Some(cache.clone())).unwrap();
    let (_, first) = RulesComponent::load(&runtime, &path).unwrap();
    let (rules, second) = RulesComponent::load(&runtime, &path).unwrap();
    assert_eq!(
        (first, second),
        (Compilation::Compiled, Compilation::Cached)
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].extension().is_some_and(|e| e == "cwasm"));
    let mut instance = rules.instantiate().unwrap();
    assert!(
        instance
            .operations()
            .unwrap()
            .contains(&"status".to_owned())
    );
    // The cached code is mapped from the file: release it before damaging it.
    drop((instance, rules));

    // A damaged cache file is recompiled, not trusted.
    std::fs::write(&files[0], b"not a compiled component").unwrap();
    let (_, third) = RulesComponent::load(&runtime, &path).unwrap();
    assert_eq!(third, Compilation::Compiled);
    std::fs::remove_dir_all(&cache).ok();
}

#[test]
#[ignore = "needs the built components: `make test-wasm` runs it"]
fn the_xlsx_export_inside_the_component_is_the_native_workbook() {
    let (tracker, _) =
        TrackerComponent::load(&runtime(default_limits()), &component("tracker")).unwrap();
    let mut tracker = tracker.open(Box::new(MemoryStore::new())).unwrap();
    let native = licence_core::tracker::Tracker::in_memory();
    let ctx = json!({ "actor": "admin", "at": 1_767_225_600 });
    let steps = [
        (
            "register_person",
            json!({ "ctx": ctx, "person": {
            "id": "ana", "name": "Ana <Adeyemi> & co", "location": " Leeds ",
            "registered_on": "2024-01-10" } }),
        ),
        (
            "create_licence_type",
            json!({ "ctx": ctx, "licence_type": {
            "id": "forklift", "name": "Forklift licence", "kind": "licence",
            "validity": "3 years" } }),
        ),
        (
            "record_licence",
            json!({ "ctx": ctx, "licence": {
            "id": "l1", "holder_id": "ana", "type_id": "forklift",
            "acquired": "2023-05-31", "reference": "_x0041_" } }),
        ),
        (
            "record_licence",
            json!({ "ctx": ctx, "licence": {
            "id": "l2", "holder_id": "ana", "type_id": "forklift",
            "acquired": "1890-01-01" } }),
        ),
    ];
    for (op, input) in &steps {
        tracker.call_typed(op, input).unwrap();
        licence_core::operations::execute_tracker(&native, op, input).unwrap();
    }
    let query = json!({ "today": "2026-06-01" });
    let inside = tracker.call_typed("export_xlsx", &query).unwrap();
    let outside =
        licence_core::operations::execute_tracker(&native, "export_xlsx", &query).unwrap();
    let bytes = inside["xlsx"].as_str().unwrap();
    assert!(bytes.len() > 1_000, "{bytes}");
    assert_eq!(inside, outside);
}
