//! Custody rights on every licence operation (SPEC §5): each operation that
//! reads or changes a licence, its attachments or its associations, tried
//! by every party (the organisation's staff, the candidate, the site that
//! holds or held it, another site) in every custody state, on every store.
//! The expected outcomes are written out by hand from the SPEC's table; a
//! refusal must leave the candidate's records exactly as they were.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod support;

use licence_core::audit::AuditQuery;
use licence_core::custody::{Action, Event, Party};
use licence_core::model::{Licence, LicenceType, Owner, Person, Site};
use licence_core::tracker::{Context, Tracker};
use licence_core::{ErrorKind, RecordKind, Result};
use serde_json::json;
use support::day;

const PARTIES: [&str; 4] = ["staff", "candidate", "s1", "s2"];

/// The operations, in the order of each expected row.
const OPERATIONS: [&str; 11] = [
    "licence",
    "attachments",
    "attachment",
    "edit_licence",
    "add_attachment",
    "delete_attachment",
    "delete_licence",
    "transfer",
    "share with s2",
    "unshare from s1",
    "remove",
];

/// The outcome of every operation (columns as [`OPERATIONS`]) for every
/// party (rows as [`PARTIES`]): `ok`, `pd` permission denied, `it` invalid
/// transition, `ii` invalid input.
type Row = [&'static str; 11];

const ALL_DENIED: Row = ["pd"; 11];
/// The staff on a deleted licence: they view the record kept until purged.
const STAFF_ON_DELETED: Row = [
    "ok", "ok", "ok", "pd", "pd", "pd", "pd", "pd", "pd", "pd", "pd",
];
/// The staff and the candidate on a candidate-owned licence that s1 does
/// not hold.
const STAFF_ON_OWN: Row = [
    "ok", "ok", "ok", "ok", "ok", "ok", "ok", "it", "ok", "it", "ii",
];
const CANDIDATE_ON_OWN: Row = [
    "ok", "ok", "ok", "ok", "ok", "ok", "ok", "pd", "ok", "it", "pd",
];
/// The same while s1 holds a share of it.
const STAFF_ON_SHARED: Row = [
    "ok", "ok", "ok", "ok", "ok", "ok", "ok", "it", "ok", "ok", "ii",
];
const CANDIDATE_ON_SHARED: Row = [
    "ok", "ok", "ok", "ok", "ok", "ok", "ok", "pd", "ok", "ok", "pd",
];
const SITE_ON_SHARED: Row = [
    "ok", "ok", "ok", "pd", "pd", "pd", "pd", "pd", "pd", "pd", "ok",
];

/// Each custody state of the licence `l`, with the expected rows.
const STATES: [(&str, [Row; 4]); 8] = [
    (
        "site_owned",
        [
            [
                "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "it", "it", "it",
            ],
            ALL_DENIED,
            [
                "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "pd", "pd", "pd",
            ],
            ALL_DENIED,
        ],
    ),
    (
        "transferred",
        [
            STAFF_ON_SHARED,
            CANDIDATE_ON_SHARED,
            SITE_ON_SHARED,
            ALL_DENIED,
        ],
    ),
    (
        "candidate_owned",
        [STAFF_ON_OWN, CANDIDATE_ON_OWN, ALL_DENIED, ALL_DENIED],
    ),
    (
        "shared",
        [
            STAFF_ON_SHARED,
            CANDIDATE_ON_SHARED,
            SITE_ON_SHARED,
            ALL_DENIED,
        ],
    ),
    (
        "unshared",
        [STAFF_ON_OWN, CANDIDATE_ON_OWN, ALL_DENIED, ALL_DENIED],
    ),
    (
        "removed",
        [STAFF_ON_OWN, CANDIDATE_ON_OWN, ALL_DENIED, ALL_DENIED],
    ),
    (
        "candidate_deleted",
        [STAFF_ON_DELETED, ALL_DENIED, ALL_DENIED, ALL_DENIED],
    ),
    (
        "site_deleted",
        [STAFF_ON_DELETED, ALL_DENIED, ALL_DENIED, ALL_DENIED],
    ),
];

fn party(name: &str) -> Party {
    match name {
        "staff" => Party::Staff,
        "candidate" => Party::Candidate,
        site => Party::Site(site.into()),
    }
}

fn ctx(party: Party) -> Context {
    Context::new("tester", 1_767_225_600).acting_for(party)
}

/// The organisation: the type, the two sites.
fn organisation(tracker: &Tracker) {
    let staff = ctx(Party::Staff);
    let induction: LicenceType = serde_json::from_value(json!({
        "id": "induction", "name": "Site induction", "kind": "induction"
    }))
    .unwrap();
    tracker.create_licence_type(&staff, &induction).unwrap();
    for id in ["s1", "s2"] {
        let site = Site {
            id: id.into(),
            name: format!("Site {id}"),
        };
        tracker.create_site(&staff, &site).unwrap();
    }
}

/// A candidate `c` holding the licence `l` in `state`, with the attachment
/// `a`; s2 has a pending request for the licence's type.
fn candidate_in(tracker: &Tracker, state: &str, c: &str, l: &str, a: &str) {
    let staff = ctx(Party::Staff);
    let person: Person = serde_json::from_value(json!({
        "id": c, "name": format!("Candidate {c}"), "roles": ["delegate"],
        "registered_on": "2024-01-10", "active": true
    }))
    .unwrap();
    tracker.register_person(&staff, &person).unwrap();
    let event = |who: &str, action: Action| {
        tracker
            .custody_event(
                &staff,
                c,
                &Event::new(party(who), action),
                None,
                day("2026-01-12"),
            )
            .unwrap_or_else(|e| panic!("{state}: {e}"));
    };
    let request = |site: &str| {
        event(
            site,
            Action::Request {
                type_id: "induction".into(),
            },
        );
    };
    let licence = |owner: Owner| -> Licence {
        serde_json::from_value(json!({
            "id": l, "holder_id": c, "type_id": "induction",
            "acquired": "2026-01-10", "owner": owner
        }))
        .unwrap()
    };
    request("s2");
    if state.starts_with("site") || state == "transferred" {
        tracker
            .record_licence(&ctx(party("s1")), &licence(Owner::Site("s1".into())), None)
            .unwrap();
    } else {
        tracker
            .record_licence(&ctx(Party::Candidate), &licence(Owner::Candidate), None)
            .unwrap();
    }
    tracker
        .add_attachment(&staff, a, l, "card.jpg", "image/jpeg", b"card")
        .unwrap();
    let id = || l.to_owned();
    let share_s1 = || {
        request("s1");
        event(
            "candidate",
            Action::Share {
                licence_id: id(),
                site_id: "s1".into(),
            },
        );
    };
    match state {
        "transferred" => event("s1", Action::Transfer { licence_id: id() }),
        "shared" => share_s1(),
        "unshared" => {
            share_s1();
            event(
                "candidate",
                Action::Unshare {
                    licence_id: id(),
                    site_id: "s1".into(),
                },
            );
        }
        "removed" => {
            share_s1();
            event("s1", Action::Remove { licence_id: id() });
        }
        "candidate_deleted" => {
            share_s1();
            event("candidate", Action::Delete { licence_id: id() });
        }
        "site_deleted" => event("s1", Action::Delete { licence_id: id() }),
        _ => {}
    }
}

/// Runs `operation` by `who` on the licence `l` (attachment `a`) of `c`.
fn attempt(
    tracker: &Tracker,
    operation: &str,
    who: &Party,
    c: &str,
    l: &str,
    a: &str,
) -> Result<()> {
    let acting = ctx(who.clone());
    let on = day("2026-02-01");
    let event = |action: Action| {
        tracker.custody_event(&acting, c, &Event::new(who.clone(), action), None, on)
    };
    match operation {
        "licence" => tracker.licence(l, who).map(drop),
        "attachments" => tracker.attachments(l, who).map(drop),
        "attachment" => tracker.attachment(a, who).map(drop),
        "edit_licence" => {
            let mut licence = tracker.licence(l, &Party::Staff)?.licence;
            licence.reference = Some("EDITED".into());
            tracker.edit_licence(&acting, &licence).map(drop)
        }
        "add_attachment" => tracker
            .add_attachment(
                &acting,
                &format!("{a}-new"),
                l,
                "back.jpg",
                "image/jpeg",
                b"back",
            )
            .map(drop),
        "delete_attachment" => tracker.delete_attachment(&acting, a),
        "delete_licence" => tracker.delete_licence(&acting, l, on),
        "transfer" => event(Action::Transfer {
            licence_id: l.into(),
        }),
        "share with s2" => event(Action::Share {
            licence_id: l.into(),
            site_id: "s2".into(),
        }),
        "unshare from s1" => event(Action::Unshare {
            licence_id: l.into(),
            site_id: "s1".into(),
        }),
        "remove" => event(Action::Remove {
            licence_id: l.into(),
        }),
        other => panic!("no operation {other}"),
    }
}

/// What the tracker keeps about the candidate `c` and the licence `l`.
fn records_of(tracker: &Tracker, c: &str, l: &str) -> String {
    let staff = Party::Staff;
    let audit = |query| tracker.audit(&query).unwrap();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        tracker.licence(l, &staff).unwrap(),
        tracker.associations(c, &Party::Staff).unwrap(),
        tracker.attachments(l, &staff).unwrap(),
        audit(AuditQuery::Person { id: c.into() }),
        audit(AuditQuery::Record {
            kind: RecordKind::Licence,
            id: l.into()
        }),
    )
}

fn code(outcome: &Result<()>) -> &'static str {
    match outcome.as_ref().map_err(licence_core::Error::kind) {
        Ok(()) => "ok",
        Err(ErrorKind::PermissionDenied) => "pd",
        Err(ErrorKind::InvalidTransition) => "it",
        Err(ErrorKind::InvalidInput) => "ii",
        Err(other) => panic!("unexpected {other:?}: {outcome:?}"),
    }
}

/// Every (state × party × operation) triple, each on its own candidate so
/// that one tracker holds them all.
fn every_triple(tracker: &Tracker) {
    organisation(tracker);
    let mut checked = 0;
    for (s, (state, rows)) in STATES.iter().enumerate() {
        for (p, (who, row)) in PARTIES.iter().zip(rows).enumerate() {
            for (o, (operation, expected)) in OPERATIONS.iter().zip(row).enumerate() {
                let (c, l, a) = (
                    format!("c{s}-{p}-{o}"),
                    format!("l{s}-{p}-{o}"),
                    format!("a{s}-{p}-{o}"),
                );
                candidate_in(tracker, state, &c, &l, &a);
                let before = records_of(tracker, &c, &l);
                let outcome = attempt(tracker, operation, &party(who), &c, &l, &a);
                assert_eq!(
                    code(&outcome),
                    *expected,
                    "{state} / {who} / {operation}: {outcome:?}"
                );
                if *expected != "ok" {
                    assert!(
                        records_of(tracker, &c, &l) == before,
                        "{state} / {who} / {operation}: a refusal changed the records"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, STATES.len() * PARTIES.len() * OPERATIONS.len());
}

#[test]
fn every_operation_state_and_party_on_the_memory_store() {
    every_triple(&Tracker::in_memory());
}

#[test]
fn every_operation_state_and_party_on_sqlite() {
    let path = std::env::temp_dir().join(format!("custody-rights-{}.db", std::process::id()));
    every_triple(&Tracker::open(&path).unwrap());
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
}

#[cfg(feature = "postgres")]
#[test]
#[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
fn every_operation_state_and_party_on_postgres() {
    every_triple(&Tracker::new(Box::new(support::postgres_store(
        "custody_rights",
    ))));
}

/// A live licence purged by retention sends its shares back to pending
/// requests, as deleting it does; a site's own upload takes its
/// association with it.
#[test]
fn purging_a_shared_licence_reopens_the_request() {
    let tracker = Tracker::in_memory();
    organisation(&tracker);
    candidate_in(&tracker, "shared", "c", "l", "a");
    candidate_in(&tracker, "site_owned", "d", "m", "b");
    let staff = ctx(Party::Staff);
    for id in ["l", "m"] {
        let mut licence = tracker.licence(id, &Party::Staff).unwrap().licence;
        licence.expiry = Some(day("2026-01-31"));
        tracker.edit_licence(&staff, &licence).unwrap();
    }
    let settings =
        serde_json::from_value(json!({ "retention": { "after_expiry": "30 days" } })).unwrap();
    tracker.update_settings(&staff, &settings).unwrap();
    let purged = tracker.purge(&staff, day("2026-04-01")).unwrap();
    assert_eq!(purged.len(), 2);
    let sites = |c: &str| -> Vec<(String, bool)> {
        tracker
            .associations(c, &Party::Staff)
            .unwrap()
            .into_iter()
            .map(|a| (a.site_id, a.licence_id.is_some()))
            .collect()
    };
    assert_eq!(sites("c"), [("s2".into(), false), ("s1".into(), false)]);
    assert_eq!(sites("d"), [("s2".into(), false)]);
}
