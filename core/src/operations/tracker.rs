//! A tracker's operations by name (see the module above for the format).
//! Operations that change records take `ctx: {actor, at}`; file contents
//! travel as base64 (`content_base64`, `xlsx_base64`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::allocation::{PersonFilter, Rule};
use crate::audit::AuditQuery;
use crate::calendar::{Day, Period};
use crate::custody::{Event, Party};
use crate::error::{Error, Result};
use crate::model::{Course, Licence, LicenceType, Person, Site};
use crate::report::{OverviewFilter, OverviewQuery};
use crate::settings::Settings;
use crate::store::{LicenceQuery, PeopleQuery, SeatQuery};
use crate::tracker::{Context, ImportMode, Tracker};

use super::{decode, encode, unknown};

/// The names of the tracker operations.
pub const TRACKER_OPERATIONS: &[&str] = &[
    "settings",
    "update_settings",
    "register_person",
    "update_person",
    "deactivate_person",
    "person",
    "people",
    "create_licence_type",
    "update_licence_type",
    "licence_type",
    "licence_types",
    "record_licence",
    "edit_licence",
    "delete_licence",
    "licence",
    "licences",
    "licences_of",
    "licences_seen_by",
    "add_attachment",
    "attachment",
    "attachments",
    "delete_attachment",
    "create_course",
    "courses",
    "eligible_people",
    "allocate",
    "create_rule",
    "delete_rule",
    "rules",
    "backfill",
    "seats",
    "complete_seat",
    "revoke_seat",
    "recertify",
    "create_site",
    "sites",
    "custody_event",
    "rights",
    "pending_requests",
    "associations",
    "due_reminders",
    "digests",
    "acknowledge",
    "acknowledgements",
    "audit",
    "purge",
    "overview",
    "status_counts",
    "export_csv",
    "export_xlsx",
    "import_people_csv",
    "import_licences_csv",
];

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Today {
    today: Day,
}

#[derive(Deserialize)]
struct Acting<T> {
    ctx: Context,
    #[serde(flatten)]
    args: T,
}

#[derive(Deserialize)]
struct Empty {}

/// Runs `f` on the decoded input and encodes its output.
fn call<I: DeserializeOwned, O: serde::Serialize>(
    input: &Value,
    f: impl FnOnce(I) -> Result<O>,
) -> Result<Value> {
    encode(&f(decode(input)?)?)
}

fn bytes(field: &str, text: &str) -> Result<Vec<u8>> {
    STANDARD
        .decode(text)
        .map_err(|e| Error::invalid(field, format!("is not base64: {e}")))
}

/// Runs the tracker operation `op` on `input`.
pub fn execute_tracker(tracker: &Tracker, op: &str, input: &Value) -> Result<Value> {
    let t = tracker;
    match op {
        "settings" => call(input, |_: Empty| t.settings()),
        "update_settings" => {
            #[derive(Deserialize)]
            struct A {
                settings: Settings,
            }
            call(input, |a: Acting<A>| {
                t.update_settings(&a.ctx, &a.args.settings)
            })
        }
        "register_person" => {
            #[derive(Deserialize)]
            struct A {
                person: Person,
            }
            call(input, |a: Acting<A>| {
                t.register_person(&a.ctx, &a.args.person)
                    .map(|seats| json!({ "seats": seats }))
            })
        }
        "update_person" => {
            #[derive(Deserialize)]
            struct A {
                person: Person,
                today: Day,
            }
            call(input, |a: Acting<A>| {
                t.update_person(&a.ctx, &a.args.person, a.args.today)
                    .map(|seats| json!({ "seats": seats }))
            })
        }
        "deactivate_person" => call(input, |a: Acting<Id>| {
            t.deactivate_person(&a.ctx, &a.args.id)
        }),
        "person" => call(input, |a: Id| t.person(&a.id)),
        "people" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                query: PeopleQuery,
            }
            call(input, |a: A| {
                t.people(&a.query).map(|people| json!({ "people": people }))
            })
        }
        "create_licence_type" | "update_licence_type" => {
            #[derive(Deserialize)]
            struct A {
                licence_type: LicenceType,
            }
            call(input, |a: Acting<A>| {
                if op == "create_licence_type" {
                    t.create_licence_type(&a.ctx, &a.args.licence_type)
                } else {
                    t.update_licence_type(&a.ctx, &a.args.licence_type)
                }
            })
        }
        "licence_type" => call(input, |a: Id| t.licence_type(&a.id)),
        "licence_types" => call(input, |_: Empty| {
            t.licence_types()
                .map(|types| json!({ "licence_types": types }))
        }),
        "record_licence" => {
            #[derive(Deserialize)]
            struct A {
                licence: Licence,
                #[serde(default)]
                new_type: Option<LicenceType>,
            }
            call(input, |a: Acting<A>| {
                t.record_licence(&a.ctx, &a.args.licence, a.args.new_type.as_ref())
            })
        }
        "edit_licence" => {
            #[derive(Deserialize)]
            struct A {
                licence: Licence,
            }
            call(input, |a: Acting<A>| {
                t.edit_licence(&a.ctx, &a.args.licence)
            })
        }
        "delete_licence" => {
            #[derive(Deserialize)]
            struct A {
                id: String,
                on: Day,
            }
            call(input, |a: Acting<A>| {
                t.delete_licence(&a.ctx, &a.args.id, a.args.on)
            })
        }
        "licence" => call(input, |a: Id| t.licence(&a.id)),
        "licences" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                query: LicenceQuery,
            }
            call(input, |a: A| {
                t.licences(&a.query)
                    .map(|licences| json!({ "licences": licences }))
            })
        }
        "licences_seen_by" => {
            #[derive(Deserialize)]
            struct A {
                viewer_id: String,
                holder_id: String,
                today: Day,
            }
            call(input, |a: A| {
                t.licences_seen_by(&a.viewer_id, &a.holder_id, a.today)
                    .map(|licences| json!({ "licences": licences }))
            })
        }
        "licences_of" => {
            #[derive(Deserialize)]
            struct A {
                holder_id: String,
                today: Day,
            }
            call(input, |a: A| {
                t.licences_of(&a.holder_id, a.today)
                    .map(|licences| json!({ "licences": licences }))
            })
        }
        "add_attachment" => {
            #[derive(Deserialize)]
            struct A {
                id: String,
                licence_id: String,
                file_name: String,
                media_type: String,
                content_base64: String,
            }
            call(input, |a: Acting<A>| {
                let content = bytes("content_base64", &a.args.content_base64)?;
                let x = &a.args;
                t.add_attachment(
                    &a.ctx,
                    &x.id,
                    &x.licence_id,
                    &x.file_name,
                    &x.media_type,
                    &content,
                )
            })
        }
        "attachment" => call(input, |a: Id| {
            t.attachment(&a.id)
                .map(|(attachment, content)| json!({ "attachment": attachment, "content_base64": STANDARD.encode(content) }))
        }),
        "attachments" => {
            #[derive(Deserialize)]
            struct A {
                licence_id: String,
            }
            call(input, |a: A| {
                t.attachments(&a.licence_id)
                    .map(|list| json!({ "attachments": list }))
            })
        }
        "delete_attachment" => call(input, |a: Acting<Id>| {
            t.delete_attachment(&a.ctx, &a.args.id)
        }),
        "create_course" => {
            #[derive(Deserialize)]
            struct A {
                course: Course,
            }
            call(input, |a: Acting<A>| {
                t.create_course(&a.ctx, &a.args.course)
            })
        }
        "courses" => call(input, |_: Empty| {
            t.courses().map(|courses| json!({ "courses": courses }))
        }),
        "eligible_people" => {
            #[derive(Deserialize)]
            struct A {
                course_id: String,
                #[serde(default)]
                filter: PersonFilter,
            }
            call(input, |a: A| {
                t.eligible_people(&a.course_id, &a.filter)
                    .map(|people| json!({ "people": people }))
            })
        }
        "allocate" => {
            #[derive(Deserialize)]
            struct A {
                course_id: String,
                person_ids: Vec<String>,
                today: Day,
            }
            call(input, |a: Acting<A>| {
                t.allocate(&a.ctx, &a.args.course_id, &a.args.person_ids, a.args.today)
            })
        }
        "create_rule" => {
            #[derive(Deserialize)]
            struct A {
                rule: Rule,
            }
            call(input, |a: Acting<A>| t.create_rule(&a.ctx, &a.args.rule))
        }
        "delete_rule" => call(input, |a: Acting<Id>| t.delete_rule(&a.ctx, &a.args.id)),
        "rules" => call(input, |_: Empty| {
            t.rules().map(|rules| json!({ "rules": rules }))
        }),
        "backfill" => {
            #[derive(Deserialize)]
            struct A {
                rule_id: String,
                #[serde(default)]
                credit_within: Option<Period>,
                today: Day,
            }
            call(input, |a: Acting<A>| {
                t.backfill(&a.ctx, &a.args.rule_id, a.args.credit_within, a.args.today)
            })
        }
        "seats" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                query: SeatQuery,
            }
            call(input, |a: A| {
                t.seats(&a.query).map(|seats| json!({ "seats": seats }))
            })
        }
        "complete_seat" => {
            #[derive(Deserialize)]
            struct A {
                seat_id: String,
                completed_on: Day,
            }
            call(input, |a: Acting<A>| {
                t.complete_seat(&a.ctx, &a.args.seat_id, a.args.completed_on)
            })
        }
        "revoke_seat" => {
            #[derive(Deserialize)]
            struct A {
                seat_id: String,
            }
            call(input, |a: Acting<A>| t.revoke_seat(&a.ctx, &a.args.seat_id))
        }
        "recertify" => call(input, |a: Acting<Today>| {
            t.recertify(&a.ctx, a.args.today)
                .map(|seats| json!({ "seats": seats }))
        }),
        "create_site" => {
            #[derive(Deserialize)]
            struct A {
                site: Site,
            }
            call(input, |a: Acting<A>| t.create_site(&a.ctx, &a.args.site))
        }
        "sites" => call(input, |_: Empty| {
            t.sites().map(|sites| json!({ "sites": sites }))
        }),
        "custody_event" => {
            #[derive(Deserialize)]
            struct A {
                candidate_id: String,
                event: Event,
                #[serde(default)]
                licence: Option<Licence>,
                on: Day,
            }
            call(input, |a: Acting<A>| {
                let x = &a.args;
                t.custody_event(&a.ctx, &x.candidate_id, &x.event, x.licence.as_ref(), x.on)
            })
        }
        "rights" => {
            #[derive(Deserialize)]
            struct A {
                candidate_id: String,
                licence_id: String,
                party: Party,
            }
            call(input, |a: A| {
                t.rights(&a.candidate_id, &a.licence_id, &a.party)
                    .map(|r| json!({ "rights": r }))
            })
        }
        "pending_requests" | "associations" => {
            #[derive(Deserialize)]
            struct A {
                candidate_id: String,
            }
            call(input, |a: A| {
                let list = if op == "pending_requests" {
                    t.pending_requests(&a.candidate_id)?
                } else {
                    t.associations(&a.candidate_id)?
                };
                Ok(json!({ "associations": list }))
            })
        }
        "due_reminders" => call(input, |a: Today| {
            t.due_reminders(a.today).map(|r| json!({ "reminders": r }))
        }),
        "digests" => call(input, |a: Today| {
            t.digests(a.today).map(|d| json!({ "digests": d }))
        }),
        "acknowledge" => {
            #[derive(Deserialize)]
            struct A {
                licence_id: String,
                expiry: Day,
                trigger: Day,
            }
            call(input, |a: Acting<A>| {
                t.acknowledge(&a.ctx, &a.args.licence_id, a.args.expiry, a.args.trigger)
            })
        }
        "acknowledgements" => {
            #[derive(Deserialize)]
            struct A {
                licence_id: String,
            }
            call(input, |a: A| {
                t.acknowledgements(&a.licence_id)
                    .map(|list| json!({ "acknowledgements": list }))
            })
        }
        "audit" => {
            #[derive(Deserialize)]
            struct A {
                query: AuditQuery,
            }
            call(input, |a: A| {
                t.audit(&a.query)
                    .map(|entries| json!({ "entries": entries }))
            })
        }
        "purge" => call(input, |a: Acting<Today>| {
            let purged = t.purge(&a.ctx, a.args.today)?;
            Ok(
                json!({ "purged": purged.iter().map(|(id, reason)| json!({ "id": id, "reason": reason })).collect::<Vec<_>>() }),
            )
        }),
        "overview" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                query: OverviewQuery,
                today: Day,
            }
            call(input, |a: A| t.overview(&a.query, a.today))
        }
        "status_counts" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                filter: OverviewFilter,
                today: Day,
            }
            call(input, |a: A| t.status_counts(&a.filter, a.today))
        }
        "export_csv" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(default)]
                query: OverviewQuery,
                today: Day,
            }
            call(input, |a: A| {
                t.export_csv(&a.query, a.today)
                    .map(|csv| json!({ "csv": csv }))
            })
        }
        "export_xlsx" => export_xlsx(t, input),
        "import_people_csv" | "import_licences_csv" => {
            #[derive(Deserialize)]
            struct A {
                csv: String,
                #[serde(default)]
                mode: ImportMode,
            }
            call(input, |a: Acting<A>| {
                let csv = a.args.csv.as_bytes();
                if op == "import_people_csv" {
                    t.import_people_csv(&a.ctx, csv, a.args.mode)
                } else {
                    t.import_licences_csv(&a.ctx, csv, a.args.mode)
                }
            })
        }
        _ => Err(unknown(op)),
    }
}

#[cfg(feature = "xlsx")]
fn export_xlsx(t: &Tracker, input: &Value) -> Result<Value> {
    #[derive(Deserialize)]
    struct A {
        #[serde(default)]
        query: OverviewQuery,
        today: Day,
    }
    call(input, |a: A| {
        t.export_xlsx(&a.query, a.today)
            .map(|xlsx| json!({ "xlsx_base64": STANDARD.encode(xlsx) }))
    })
}

#[cfg(not(feature = "xlsx"))]
fn export_xlsx(_: &Tracker, _: &Value) -> Result<Value> {
    Err(Error::invalid(
        "op",
        "`export_xlsx` is not available in this build",
    ))
}
