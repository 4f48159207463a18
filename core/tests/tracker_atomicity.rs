//! Every tracker operation is one transaction: a storage failure at any of
//! its writes leaves the stored data exactly as before, on both stores. The
//! operations come from the registry: each one that writes needs a case.

#![allow(clippy::expect_used, clippy::panic)]

mod support;

use licence_core::allocation::{Rule, Scope};
use licence_core::custody::{Action, Event, Party};
use licence_core::fields::{FieldDefinition, FieldTarget, FieldType, FieldValue};
use licence_core::model::{Course, Licence, LicenceKind, LicenceType, Owner, Person, Role, Site};
use licence_core::operations::{TRACKER_OPERATIONS, find};
use licence_core::policy::ReminderPolicy;
use licence_core::purge::Retention;
use licence_core::readiness::{Requirement, RequirementScope};
use licence_core::settings::Settings;
use licence_core::store::Store;
use licence_core::store::memory::MemoryStore;
use licence_core::store::sqlite::SqliteStore;
use licence_core::tracker::{Context, ImportMode, Tracker};
use licence_core::{ErrorKind, Period, Result};
use support::{FailingStore, Faults, day, snapshot};

fn ctx() -> Context {
    Context::new("admin", 1_767_225_600)
}

fn person(id: &str, location: &str, registered: &str) -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: id.into(),
        name: format!("Person {id}"),
        email: Some(format!("{id}@example.org")),
        location: Some(location.into()),
        department: Some("Warehouse".into()),
        roles: vec![Role::Delegate],
        registered_on: day(registered),
        active: true,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

fn licence(id: &str, holder: &str, type_id: &str, expiry: &str) -> Licence {
    Licence {
        id: id.into(),
        holder_id: holder.into(),
        type_id: type_id.into(),
        reference: None,
        issuer: None,
        acquired: None,
        expiry: Some(day(expiry)),
        notes: String::new(),
        owner: Owner::Candidate,
        renews: None,
        superseded_by: None,
        fields: Default::default(),
    }
}

fn first_aid() -> LicenceType {
    LicenceType {
        requires_approval: false,
        fixed_renewal: None,
        id: "first-aid".into(),
        name: "First aid".into(),
        kind: LicenceKind::Certification,
        validity: Some(Period::years(3)),
        renewal_basis: Default::default(),
        grace_days: 0,
        policy: None,
    }
}

/// A text field of people.
fn badge() -> FieldDefinition {
    FieldDefinition {
        key: "badge".into(),
        label: "Badge".into(),
        target: FieldTarget::Person,
        field_type: FieldType::Text,
        choices: Vec::new(),
        required: false,
    }
}

/// A choice field of licences.
fn colour() -> FieldDefinition {
    FieldDefinition {
        key: "colour".into(),
        label: "Card colour".into(),
        target: FieldTarget::Licence,
        field_type: FieldType::Choice,
        choices: vec!["Red".into(), "Blue".into()],
        required: false,
    }
}

/// A small organisation with something of every kind of record.
fn baseline(t: &Tracker) -> Result<()> {
    let c = ctx();
    let retention = Retention {
        after_expiry: Some(Period::years(1)),
        after_deletion: None,
    };
    t.update_settings(
        &c,
        &Settings {
            retention,
            ..Settings::default()
        },
    )?;
    let mut admin = person("adm", "Leeds", "2020-01-01");
    admin.roles = vec![Role::Administrator];
    t.register_person(&c, &admin)?;
    t.define_field(&c, &badge(), false)?;
    t.define_field(&c, &colour(), false)?;
    let mut ana = person("ana", "Leeds", "2024-01-01");
    ana.fields
        .insert("badge".into(), FieldValue::Text("B-7".into()));
    t.register_person(&c, &ana)?;
    t.register_person(&c, &person("bo", "Bristol", "2024-01-01"))?;
    t.create_licence_type(&c, &first_aid())?;
    t.create_course(
        &c,
        &Course {
            id: "fa".into(),
            title: "First aid course".into(),
            issues_type_id: Some("first-aid".into()),
            validity: None,
        },
    )?;
    t.create_rule(
        &c,
        &Rule {
            id: "leeds".into(),
            course_id: "fa".into(),
            scope: Scope::Location {
                location: "Leeds".into(),
            },
            created_on: day("2025-01-01"),
        },
    )?;
    t.create_site(
        &c,
        &Site {
            id: "s1".into(),
            name: "Acme".into(),
        },
    )?;
    let mut l1 = licence("l1", "ana", "first-aid", "2026-05-31");
    l1.fields
        .insert("colour".into(), FieldValue::Text("Red".into()));
    t.record_licence(&c, &l1, None)?;
    t.record_licence(&c, &licence("l2", "bo", "first-aid", "2025-01-01"), None)?;
    t.add_attachment(&c, "f1", "l1", "card.jpg", "image/jpeg", b"card")?;
    t.allocate(&c, "fa", &["bo".to_owned()], day("2026-01-05"))?;
    t.create_requirement(&c, &requirement("r1"))?;
    // A licence that its holder recorded, awaiting approval.
    let forklift = LicenceType {
        id: "forklift".into(),
        name: "Forklift".into(),
        requires_approval: true,
        ..first_aid()
    };
    t.create_licence_type(&c, &forklift)?;
    let by_ana = Context::new("ana", 1_767_225_600).acting_for(Party::Candidate);
    let p1 = licence("p1", "ana", "forklift", "2027-05-31");
    t.record_licence(&by_ana, &p1, None)?;
    Ok(())
}

fn requirement(id: &str) -> Requirement {
    Requirement {
        id: id.into(),
        name: format!("Requirement {id}"),
        scope: RequirementScope::Location {
            location: "Leeds".into(),
        },
        type_ids: vec!["first-aid".into()],
    }
}

/// The organisation's administrator, who approves licences.
fn administrator() -> Context {
    Context::new("adm", 1_767_225_600)
}

/// A case of an operation that writes: `operation` or `operation: variant`,
/// and the call.
type Case = (&'static str, fn(&Tracker) -> Result<()>);

/// The operation a case calls.
fn operation_of(case: &str) -> &str {
    case.split(':').next().unwrap_or(case)
}

fn cases() -> Vec<Case> {
    vec![
        ("update_settings", |t| {
            let settings = Settings {
                default_policy: ReminderPolicy {
                    leads: vec![Period::weeks(2)],
                    ..Default::default()
                },
                retention: Retention {
                    after_expiry: Some(Period::years(1)),
                    after_deletion: None,
                },
                ..Settings::default()
            };
            t.update_settings(&ctx(), &settings)
        }),
        ("register_person", |t| {
            t.register_person(&ctx(), &person("cy", "Leeds", "2026-01-01"))
                .map(drop)
        }),
        ("update_person", |t| {
            t.update_person(
                &ctx(),
                &person("bo", "Leeds", "2026-01-01"),
                day("2026-01-10"),
            )
            .map(drop)
        }),
        ("deactivate_person", |t| t.deactivate_person(&ctx(), "ana")),
        ("erase_person", |t| t.erase_person(&ctx(), "ana").map(drop)),
        ("define_field", |t| {
            let hours = FieldDefinition {
                key: "hours".into(),
                field_type: FieldType::Number,
                ..badge()
            };
            t.define_field(&ctx(), &hours, false).map(drop)
        }),
        ("define_field: a new type dropping values", |t| {
            let badge = FieldDefinition {
                field_type: FieldType::Number,
                ..badge()
            };
            t.define_field(&ctx(), &badge, true).map(drop)
        }),
        ("remove_field", |t| {
            t.remove_field(&ctx(), "colour", true).map(drop)
        }),
        ("create_licence_type", |t| {
            t.create_licence_type(
                &ctx(),
                &LicenceType {
                    id: "crane".into(),
                    name: "Crane".into(),
                    ..first_aid()
                },
            )
        }),
        ("update_licence_type", |t| {
            let policy = ReminderPolicy {
                leads: vec![Period::days(10)],
                ..Default::default()
            };
            t.update_licence_type(
                &ctx(),
                &LicenceType {
                    policy: Some(policy),
                    ..first_aid()
                },
            )
        }),
        ("record_licence", |t| {
            t.record_licence(
                &ctx(),
                &licence("l3", "ana", "first-aid", "2027-01-01"),
                None,
            )
            .map(drop)
        }),
        ("record_licence: with a new type", |t| {
            let new_type = LicenceType {
                id: "cscs".into(),
                name: "CSCS".into(),
                ..first_aid()
            };
            t.record_licence(
                &ctx(),
                &licence("l3", "ana", "cscs", "2027-01-01"),
                Some(&new_type),
            )
            .map(drop)
        }),
        ("record_licence: renewal", |t| {
            let renewal = Licence {
                renews: Some("l1".into()),
                ..licence("l3", "ana", "first-aid", "2029-05-31")
            };
            t.record_licence(&ctx(), &renewal, None).map(drop)
        }),
        ("edit_licence", |t| {
            t.edit_licence(&ctx(), &licence("l1", "ana", "first-aid", "2026-06-30"))
                .map(drop)
        }),
        ("delete_licence", |t| {
            t.delete_licence(&ctx(), "l1", day("2026-01-10"))
        }),
        ("add_attachment", |t| {
            t.add_attachment(&ctx(), "f2", "l1", "back.jpg", "image/jpeg", b"back")
                .map(drop)
        }),
        ("delete_attachment", |t| t.delete_attachment(&ctx(), "f1")),
        ("create_course", |t| {
            t.create_course(
                &ctx(),
                &Course {
                    id: "c2".into(),
                    title: "Ladders".into(),
                    issues_type_id: None,
                    validity: None,
                },
            )
        }),
        ("allocate", |t| {
            t.allocate(
                &ctx(),
                "fa",
                &["ana".into(), "adm".into()],
                day("2026-01-10"),
            )
            .map(drop)
        }),
        ("create_rule", |t| {
            t.create_rule(
                &ctx(),
                &Rule {
                    id: "all".into(),
                    course_id: "fa".into(),
                    scope: Scope::Company,
                    created_on: day("2026-01-01"),
                },
            )
        }),
        ("delete_rule", |t| t.delete_rule(&ctx(), "leeds")),
        ("create_requirement", |t| {
            t.create_requirement(&ctx(), &requirement("r2"))
        }),
        ("update_requirement", |t| {
            let changed = Requirement {
                scope: RequirementScope::Company,
                ..requirement("r1")
            };
            t.update_requirement(&ctx(), &changed)
        }),
        ("delete_requirement", |t| t.delete_requirement(&ctx(), "r1")),
        ("approve_licence", |t| {
            t.approve_licence(&administrator(), "p1").map(drop)
        }),
        ("reject_licence", |t| {
            t.reject_licence(&administrator(), "p1", "The photo is unreadable")
                .map(drop)
        }),
        ("backfill", |t| {
            t.backfill(&ctx(), "leeds", None, day("2026-01-10"))
                .map(drop)
        }),
        ("complete_seat", |t| {
            let seat = t
                .seats(&Default::default(), support::EVERYTHING)?
                .items
                .into_iter()
                .next()
                .expect("a seat");
            t.complete_seat(&ctx(), &seat.id, day("2026-01-10"))
                .map(drop)
        }),
        ("revoke_seat", |t| {
            let seat = t
                .seats(&Default::default(), support::EVERYTHING)?
                .items
                .into_iter()
                .next()
                .expect("a seat");
            t.revoke_seat(&ctx(), &seat.id).map(drop)
        }),
        ("recertify", |t| {
            t.recertify(&ctx(), day("2026-04-01")).map(drop)
        }),
        ("create_site", |t| {
            t.create_site(
                &ctx(),
                &Site {
                    id: "s2".into(),
                    name: "Bridge".into(),
                },
            )
        }),
        ("custody_event: upload", |t| {
            let event = Event::new(
                Party::Site("s1".into()),
                Action::Upload {
                    licence_id: "up".into(),
                    type_id: "first-aid".into(),
                    answering: None,
                },
            );
            t.custody_event(
                &ctx(),
                "ana",
                &event,
                Some(&licence("up", "ana", "first-aid", "2027-01-01")),
                day("2026-01-10"),
            )
        }),
        ("custody_event: request", |t| {
            let event = Event::new(
                Party::Site("s1".into()),
                Action::Request {
                    type_id: "first-aid".into(),
                },
            );
            t.custody_event(&ctx(), "ana", &event, None, day("2026-01-10"))
        }),
        ("custody_event: delete", |t| {
            let event = Event::new(
                Party::Candidate,
                Action::Delete {
                    licence_id: "l1".into(),
                },
            );
            t.custody_event(&ctx(), "ana", &event, None, day("2026-01-10"))
        }),
        ("acknowledge", |t| {
            t.acknowledge(&ctx(), "l1", day("2026-05-31"), day("2026-02-28"))
        }),
        ("claim_reminders", |t| {
            let claimed = t.claim_reminders(&ctx(), day("2026-03-01"), "worker-1", 300, None)?;
            assert!(!claimed.is_empty(), "a reminder is due");
            Ok(())
        }),
        ("purge", |t| t.purge(&ctx(), day("2026-01-10")).map(drop)),
        ("import_people_csv", |t| {
            let csv = "id,name,registered_on\nq1,Quinn,2025-01-01\nq2,Rosa,2025-01-02\n";
            t.import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)
                .map(drop)
        }),
        ("import_licences_csv", |t| {
            let csv = "id,holder_id,type_id,expiry\nk1,ana,first-aid,2027-01-01\nk2,bo,first-aid,2027-01-02\n";
            t.import_licences_csv(&ctx(), csv.as_bytes(), ImportMode::KeepGoodRows)
                .map(drop)
        }),
    ]
}

/// Runs every operation with a failure injected at each of its writes.
fn every_write_of_every_operation_can_fail(open: fn() -> Box<dyn Store>) {
    for (name, operation) in cases() {
        let mut writes = None;
        for n in 1.. {
            let faults = Faults::default();
            let tracker = Tracker::new(Box::new(FailingStore {
                inner: open(),
                faults: faults.clone(),
            }));
            baseline(&tracker).expect("baseline");
            let before = snapshot(&tracker);
            faults.arm(n);
            match operation(&tracker) {
                Ok(()) => {
                    assert!(
                        faults.count() < n,
                        "{name}: succeeded although write {n} failed"
                    );
                    writes = Some(n - 1);
                    break;
                }
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::Storage, "{name}, write {n}: {e}");
                    faults.arm(0);
                    assert_eq!(
                        snapshot(&tracker),
                        before,
                        "{name}: write {n} failed and left changes"
                    );
                }
            }
        }
        assert!(writes.is_some_and(|w| w > 0), "{name} wrote nothing");
    }
}

#[test]
fn every_operation_that_writes_has_a_case_and_no_other() {
    let cases = cases();
    for entry in TRACKER_OPERATIONS.iter().filter(|entry| entry.writes) {
        assert!(
            cases
                .iter()
                .any(|(case, _)| operation_of(case) == entry.name),
            "`{}` changes records but has no atomicity case here",
            entry.name
        );
    }
    for (case, _) in &cases {
        let entry = find(TRACKER_OPERATIONS, operation_of(case));
        assert!(
            entry.is_some_and(|e| e.writes),
            "`{case}` is not an operation that writes"
        );
    }
}

#[test]
fn memory_store_operations_are_atomic() {
    every_write_of_every_operation_can_fail(|| Box::new(MemoryStore::new()));
}

#[test]
fn sqlite_store_operations_are_atomic() {
    every_write_of_every_operation_can_fail(|| {
        Box::new(SqliteStore::open_in_memory().expect("sqlite"))
    });
}

#[test]
#[cfg(feature = "postgres")]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn postgres_store_operations_are_atomic() {
    every_write_of_every_operation_can_fail(|| Box::new(support::postgres_store("atomicity")));
}
