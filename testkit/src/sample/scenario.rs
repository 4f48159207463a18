//! The demo scenario: a realistic organisation run through a tracker's
//! operations by name, so the same scenario runs natively and inside the
//! WebAssembly component (the caller supplies how an operation is run).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use licence_core::calendar::Day;
use licence_core::error::{Error, Result};
use licence_core::model::{Licence, Person, Role};
use licence_core::tracker::{LICENCE_COLUMNS, PEOPLE_COLUMNS};

use super::{LOCATIONS, organisation};

/// Runs one tracker operation by name (see [`licence_core::operations`]).
pub type Execute<'a> = &'a mut dyn FnMut(&str, &Value) -> Result<Value>;

/// What the scenario is run with.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many people the organisation has.
    pub people: usize,
    /// The demo date.
    pub today: Day,
    /// Where the overview exports are written.
    pub out_dir: PathBuf,
}

/// Rows imported per call, so that progress shows.
const IMPORT_CHUNK: usize = 5_000;
/// Mornings of reminders replayed before the demo date.
const REPLAYED_MORNINGS: i32 = 30;

fn failed(e: std::io::Error) -> Error {
    Error::storage(format!("writing the demo output: {e}"))
}

fn ctx(today: Day) -> Value {
    // Host time: the demo date at 08:00 UTC.
    json!({ "actor": "demo", "at": i64::from(today.number()) * 86_400 + 8 * 3_600 })
}

/// The organisation's custom field of people, required of everyone.
const EMPLOYEE_NUMBER: &str = "employee_number";

/// The employee number the demo gives a person: `E-` and their id's digits.
fn employee_number(p: &Person) -> String {
    format!(
        "E-{}",
        p.id.trim_start_matches(|c: char| !c.is_ascii_digit())
    )
}

fn person_row(p: &Person) -> Vec<String> {
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| format!("{r:?}").to_lowercase())
        .collect();
    vec![
        p.id.clone(),
        p.name.clone(),
        p.email.clone().unwrap_or_default(),
        p.location.clone().unwrap_or_default(),
        p.department.clone().unwrap_or_default(),
        roles.join(";"),
        p.registered_on.to_string(),
        p.active.to_string(),
        p.positions.join(";"),
        p.line_manager.clone().unwrap_or_default(),
        employee_number(p),
    ]
}

fn licence_row(l: &Licence) -> Vec<String> {
    let date = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        l.id.clone(),
        l.holder_id.clone(),
        l.type_id.clone(),
        l.reference.clone().unwrap_or_default(),
        l.issuer.clone().unwrap_or_default(),
        date(l.acquired),
        date(l.expiry),
        l.notes.clone(),
    ]
}

fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let bad = |e: csv::Error| Error::storage(format!("writing csv: {e}"));
    writer.write_record(header).map_err(bad)?;
    for row in rows {
        writer.write_record(row).map_err(bad)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::storage(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::storage(e.to_string()))
}

/// A CSV import operation: its name, what it imports, and its columns.
struct Import<T> {
    op: &'static str,
    what: &'static str,
    header: Vec<&'static str>,
    row: fn(&T) -> Vec<String>,
}

/// Imports `rows` in chunks, printing progress.
fn import<T>(
    execute: Execute<'_>,
    out: &mut dyn Write,
    import: Import<T>,
    rows: &[T],
    ctx: &Value,
) -> Result<u64> {
    let Import {
        op,
        what,
        header,
        row,
    } = import;
    let mut imported = 0;
    for chunk in rows.chunks(IMPORT_CHUNK) {
        let csv = csv_text(&header, chunk.iter().map(row))?;
        let report = execute(
            op,
            &json!({ "ctx": ctx, "csv": csv, "mode": "all_or_nothing" }),
        )?;
        if report["rejected"].as_u64() != Some(0) {
            let first = report["errors"].as_array().and_then(|e| e.first()).cloned();
            return Err(Error::invalid(
                op,
                format!(
                    "{} rows rejected, the first: {}",
                    report["rejected"],
                    first.unwrap_or_default()
                ),
            ));
        }
        imported += report["imported"].as_u64().unwrap_or(0);
        write!(out, "\r  {what}: {imported} of {}", rows.len()).map_err(failed)?;
        out.flush().map_err(failed)?;
    }
    writeln!(out).map_err(failed)?;
    Ok(imported)
}

/// Runs the whole demo: organisation, courses and rules, custody, dashboard,
/// reminders and digests, exports. Prints as it goes to `out`.
pub fn run(execute: Execute<'_>, options: &Options, out: &mut dyn Write) -> Result<()> {
    let today = options.today;
    let ctx = ctx(today);
    let org = organisation(options.people, today, 2026);
    let current: Vec<&Licence> = org.licences.iter().filter(|l| !l.is_superseded()).collect();
    writeln!(
        out,
        "Organisation on {today}: {} people, {} licence types, {} current licences",
        org.people.len(),
        org.types.len(),
        current.len()
    )
    .map_err(failed)?;
    for licence_type in &org.types {
        execute(
            "create_licence_type",
            &json!({ "ctx": ctx, "licence_type": licence_type }),
        )?;
    }
    execute(
        "define_field",
        &json!({ "ctx": ctx, "field": { "key": EMPLOYEE_NUMBER, "label": "Employee number",
        "target": "person", "type": "text", "required": true } }),
    )?;
    writeln!(
        out,
        "  custom field of people: `{EMPLOYEE_NUMBER}` (text, required), imported as a column"
    )
    .map_err(failed)?;
    let people = Import {
        op: "import_people_csv",
        what: "people imported",
        header: [PEOPLE_COLUMNS.as_slice(), &[EMPLOYEE_NUMBER]].concat(),
        row: person_row,
    };
    import(execute, out, people, &org.people, &ctx)?;
    let licences = Import {
        op: "import_licences_csv",
        what: "licences imported",
        header: LICENCE_COLUMNS.to_vec(),
        row: |l: &&Licence| licence_row(l),
    };
    import(execute, out, licences, &current, &ctx)?;

    allocation(execute, out, today, &ctx)?;
    mover(execute, out, today, &ctx, &org.people)?;
    custody(execute, out, today, &ctx)?;
    dashboard(execute, out, today)?;
    readiness(execute, out, today, &ctx)?;
    approvals(execute, out, today, &ctx, &org.people)?;
    reminders(execute, out, today)?;
    exports(execute, out, today, &options.out_dir)
}

/// The courses of the seats a registration or an update gave.
fn courses_given(seats: &Value) -> Vec<&str> {
    seats["seats"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["course_id"].as_str())
        .collect()
}

fn allocation(execute: Execute<'_>, out: &mut dyn Write, today: Day, ctx: &Value) -> Result<()> {
    writeln!(out, "\nCourses and allocation rules").map_err(failed)?;
    execute(
        "create_course",
        &json!({ "ctx": ctx, "course": {
        "id": "first-aid-course", "title": "First aid at work", "issues_type_id": "first-aid" } }),
    )?;
    let location = LOCATIONS[0];
    execute(
        "create_rule",
        &json!({ "ctx": ctx, "rule": {
        "id": "first-aid-leeds", "course_id": "first-aid-course",
        "scope": { "kind": "location", "location": location }, "created_on": today.to_string() } }),
    )?;
    let backfill = execute(
        "backfill",
        &json!({ "ctx": ctx, "rule_id": "first-aid-leeds", "today": today.to_string(), "credit_within": "6 months" }),
    )?;
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for result in backfill["results"].as_array().into_iter().flatten() {
        *outcomes
            .entry(result["outcome"].as_str().unwrap_or("?").to_owned())
            .or_default() += 1;
    }
    writeln!(out, "  rule `first-aid-leeds` (everyone at {location}), backfilled on existing staff: {outcomes:?}").map_err(failed)?;
    let starter = json!({ "id": "new-starter", "name": "Nadia Starter", "email": "nadia.starter@example.com",
        "location": location, "department": "Warehouse", "roles": ["delegate"], "registered_on": today.to_string(),
        "fields": { EMPLOYEE_NUMBER: { "text": "E-NEW-1" } } });
    let seats = execute("register_person", &json!({ "ctx": ctx, "person": starter }))?;
    let given = courses_given(&seats);
    writeln!(
        out,
        "  a new starter at {location} registered today was given: {given:?}"
    )
    .map_err(failed)?;
    Ok(())
}

/// A long-standing employee moves to the rule's location, typed in another
/// case: the move counts as joining the scope today, so the rule created
/// today gives them its course; the overview finds them by employee number.
fn mover(
    execute: Execute<'_>,
    out: &mut dyn Write,
    today: Day,
    ctx: &Value,
    people: &[Person],
) -> Result<()> {
    let location = LOCATIONS[0];
    let Some(person) = people
        .iter()
        .find(|p| p.active && p.registered_on < today && p.location.as_deref() != Some(location))
    else {
        return Ok(());
    };
    let number = employee_number(person);
    let typed = format!(" {} ", location.to_uppercase());
    let mut moved = serde_json::to_value(person).map_err(|e| Error::internal(e.to_string()))?;
    moved["location"] = json!(typed);
    moved["fields"] = json!({ EMPLOYEE_NUMBER: { "text": number } });
    let seats = execute(
        "update_person",
        &json!({ "ctx": ctx, "person": moved, "today": today.to_string() }),
    )?;
    let given = courses_given(&seats);
    writeln!(
        out,
        "  {} ({number}, registered {}) moved from {} to {typed:?} today and was given: {given:?}",
        person.name,
        person.registered_on,
        person.location.as_deref().unwrap_or("nowhere"),
    )
    .map_err(failed)?;
    let page = execute(
        "overview",
        &json!({ "today": today.to_string(), "query": { "filter": {
            "field": { "key": EMPLOYEE_NUMBER, "value": { "text": number } } } } }),
    )?;
    let held: Vec<&str> = page["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["type_name"].as_str())
        .collect();
    writeln!(
        out,
        "  the overview filtered by {EMPLOYEE_NUMBER} {number}: {} licences {held:?}",
        page["total"]
    )
    .map_err(failed)?;
    Ok(())
}

fn custody(execute: Execute<'_>, out: &mut dyn Write, today: Day, ctx: &Value) -> Result<()> {
    writeln!(
        out,
        "\nA candidate's induction held between two client sites"
    )
    .map_err(failed)?;
    for (id, name) in [
        ("north", "Northern Build Ltd"),
        ("harbour", "Harbour Works"),
    ] {
        execute(
            "create_site",
            &json!({ "ctx": ctx, "site": { "id": id, "name": name } }),
        )?;
    }
    let candidate = json!({ "id": "cara", "name": "Cara Candidate", "email": "cara@example.com",
        "registered_on": today.to_string(), "fields": { EMPLOYEE_NUMBER: { "text": "C-1" } } });
    execute(
        "register_person",
        &json!({ "ctx": ctx, "person": candidate }),
    )?;
    let upload = json!({ "party": { "site": "north" }, "action": "upload", "licence_id": "cara-induction", "type_id": "site-induction" });
    let licence = json!({ "id": "cara-induction", "holder_id": "cara", "type_id": "site-induction", "acquired": today.to_string() });
    let steps = [
        (
            "Northern Build uploads her site induction",
            json!({ "candidate_id": "cara", "event": upload, "licence": licence }),
        ),
        (
            "Northern Build transfers it to her",
            json!({ "candidate_id": "cara", "event": { "party": { "site": "north" }, "action": "transfer", "licence_id": "cara-induction" } }),
        ),
        (
            "Harbour Works requests a site induction",
            json!({ "candidate_id": "cara", "event": { "party": { "site": "harbour" }, "action": "request", "type_id": "site-induction" } }),
        ),
        (
            "Cara shares hers with Harbour Works",
            json!({ "candidate_id": "cara", "event": { "party": "candidate", "action": "share", "licence_id": "cara-induction", "site_id": "harbour" } }),
        ),
        (
            "Northern Build requests a first-aid cert.",
            json!({ "candidate_id": "cara", "event": { "party": { "site": "north" }, "action": "request", "type_id": "first-aid" } }),
        ),
        (
            "Northern Build withdraws that request",
            json!({ "candidate_id": "cara", "event": { "party": { "site": "north" }, "action": "withdraw", "type_id": "first-aid" } }),
        ),
    ];
    let parties = [
        ("Cara", json!("candidate")),
        ("Northern Build", json!({ "site": "north" })),
        ("Harbour Works", json!({ "site": "harbour" })),
    ];
    for (what, mut input) in steps {
        input["ctx"] = ctx.clone();
        input["on"] = json!(today.to_string());
        execute("custody_event", &input)?;
        let mut line = format!("  {what:<42}");
        for (name, party) in &parties {
            let rights = execute(
                "rights",
                &json!({ "candidate_id": "cara", "licence_id": "cara-induction", "party": party }),
            )?;
            let names: Vec<&str> = rights["rights"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            line.push_str(&format!(" {name}: [{}]", names.join(", ")));
        }
        writeln!(out, "{line}").map_err(failed)?;
    }
    let pending = execute("pending_requests", &json!({ "candidate_id": "cara" }))?;
    writeln!(
        out,
        "  Cara's pending requests now: {}",
        pending["associations"]
    )
    .map_err(failed)?;
    let refused = execute(
        "custody_event",
        &json!({ "ctx": ctx, "candidate_id": "cara", "on": today.to_string(),
        "event": { "party": { "site": "north" }, "action": "delete", "licence_id": "cara-induction" } }),
    );
    if let Err(e) = refused {
        writeln!(
            out,
            "  Northern Build tries to delete it: refused ({}: {e})",
            e.kind()
        )
        .map_err(failed)?;
    }
    Ok(())
}

fn dashboard(execute: Execute<'_>, out: &mut dyn Write, today: Day) -> Result<()> {
    let counts = execute("status_counts", &json!({ "today": today.to_string() }))?;
    writeln!(out, "\nDashboard on {today} (expiring window 90 days)").map_err(failed)?;
    for status in ["active", "expiring", "expired"] {
        writeln!(
            out,
            "  {status:<9}{:>8}",
            counts[status].as_u64().unwrap_or(0)
        )
        .map_err(failed)?;
    }
    let page = execute(
        "overview",
        &json!({ "today": today.to_string(), "query": { "filter": { "statuses": ["expiring"] }, "limit": 8 } }),
    )?;
    writeln!(out, "  expiring soonest ({} in all):", page["total"]).map_err(failed)?;
    for row in page["rows"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "    {:<22} {:<22} {}  {:>3} days left",
            row["holder_name"].as_str().unwrap_or(""),
            row["type_name"].as_str().unwrap_or(""),
            row["expiry"].as_str().unwrap_or(""),
            row["days_left"]
        )
        .map_err(failed)?;
    }
    Ok(())
}

/// A string field of an answer, or nothing.
fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

/// A person's name, as the tracker has it.
fn name_of(execute: Execute<'_>, id: &str) -> Result<String> {
    let person = execute("person", &json!({ "id": id }))?;
    Ok(text(&person["name"]).to_owned())
}

/// The requirements' names, by id.
fn requirement_names(execute: Execute<'_>) -> Result<BTreeMap<String, String>> {
    let list = execute("requirements", &json!({}))?;
    Ok(list["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (text(&r["id"]).to_owned(), text(&r["name"]).to_owned()))
        .collect())
}

/// Whom a requirement's scope (as the tracker answers it) covers.
fn scope_text(scope: &Value) -> String {
    match text(&scope["kind"]) {
        "company" => "everyone".to_owned(),
        "location" => format!("at {}", text(&scope["location"])),
        "department" => format!("in {}", text(&scope["department"])),
        "location_and_department" => format!(
            "in {} at {}",
            text(&scope["department"]),
            text(&scope["location"])
        ),
        "role" => format!("role {}", text(&scope["role"])),
        "position" => format!("position {}", text(&scope["position"])),
        "site" => format!("site {}", text(&scope["site"])),
        other => other.to_owned(),
    }
}

/// Where a person stands on one requirement, in words: `missing (expired
/// 2026-03-02)`, `expiring 2026-07-01 (30 days)`, `met`.
fn standing(check: &Value) -> String {
    match text(&check["state"]) {
        "missing" => match (text(&check["reason"]), check["expiry"].as_str()) {
            ("expired", Some(expiry)) => format!("expired {expiry}"),
            (reason, _) => reason.replace('_', " "),
        },
        "expiring" => format!(
            "expiring {} ({} days)",
            text(&check["expiry"]),
            check["days_left"]
        ),
        state => match check["expiry"].as_str() {
            Some(expiry) => format!("{state} (to {expiry})"),
            None => state.to_owned(),
        },
    }
}

/// What a readiness answer says of its requirements that `pick` keeps, in
/// words.
fn standings(
    readiness: &Value,
    names: &BTreeMap<String, String>,
    pick: impl Fn(&Value) -> bool,
) -> String {
    readiness["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| pick(c))
        .map(|c| {
            let id = text(&c["requirement_id"]);
            let name = names.get(id).map_or(id, String::as_str);
            format!("{name}: {}", standing(c))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Keeps the requirements a person misses.
fn missing(check: &Value) -> bool {
    check["state"] == "missing"
}

/// Keeps every requirement.
fn any(_: &Value) -> bool {
    true
}

/// Keeps the requirement of a construction card.
fn construction_card(check: &Value) -> bool {
    check["requirement_id"] == CONSTRUCTION_CARD
}

/// The requirement that construction holds a card, which the demo makes
/// need approval.
const CONSTRUCTION_CARD: &str = "construction-card";

/// The ids of the people of a readiness matrix page.
fn people_of(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| text(&r["person_id"]).to_owned())
        .collect()
}

/// Requirements by company, location, department, position, role and
/// site; who is cleared to work today, who is not and why, whether a crew
/// is still cleared in two weeks, and a site checking its candidate.
fn readiness(execute: Execute<'_>, out: &mut dyn Write, today: Day, ctx: &Value) -> Result<()> {
    writeln!(out, "\nRequirements and readiness on {today}").map_err(failed)?;
    let requirements = [
        (
            "induction",
            "Site induction",
            json!({ "kind": "company" }),
            vec!["site-induction"],
        ),
        (
            "glasgow-asbestos",
            "Asbestos awareness in Glasgow",
            json!({ "kind": "location", "location": "Glasgow" }),
            vec!["asbestos"],
        ),
        (
            CONSTRUCTION_CARD,
            "Construction card",
            json!({ "kind": "department", "department": "Construction" }),
            vec!["cscs", "nvq"],
        ),
        (
            "forklift",
            "Forklift licence",
            json!({ "kind": "position", "position": super::FORKLIFT_DRIVER }),
            vec!["forklift"],
        ),
        (
            "scaffolding",
            "Working at height",
            json!({ "kind": "position", "position": super::SCAFFOLDER }),
            vec!["height"],
        ),
        (
            "first-aider",
            "First aid",
            json!({ "kind": "position", "position": super::FIRST_AIDER }),
            vec!["first-aid"],
        ),
        (
            "manager-driving",
            "Driving licence",
            json!({ "kind": "role", "role": "manager" }),
            vec!["driving"],
        ),
        (
            "harbour-induction",
            "Harbour Works induction",
            json!({ "kind": "site", "site": "harbour" }),
            vec!["site-induction"],
        ),
        (
            "harbour-first-aid",
            "Harbour Works first aid",
            json!({ "kind": "site", "site": "harbour" }),
            vec!["first-aid"],
        ),
    ];
    for (id, name, scope, type_ids) in requirements {
        execute(
            "create_requirement",
            &json!({ "ctx": ctx, "requirement": { "id": id, "name": name, "scope": scope, "type_ids": type_ids } }),
        )?;
    }
    let types = execute("licence_types", &json!({}))?;
    let type_names: BTreeMap<&str, &str> = types["licence_types"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (text(&t["id"]), text(&t["name"])))
        .collect();
    let listed = execute("requirements", &json!({}))?;
    for requirement in listed["requirements"].as_array().into_iter().flatten() {
        let alternatives: Vec<&str> = requirement["type_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| type_names.get(text(t)).copied().unwrap_or(text(t)))
            .collect();
        writeln!(
            out,
            "  {:<30} {:<26} {}",
            text(&requirement["name"]),
            scope_text(&requirement["scope"]),
            alternatives.join(" or ")
        )
        .map_err(failed)?;
    }
    let names = requirement_names(execute)?;
    let on = |day: Day| day.to_string();
    let mut held = Vec::new();
    for position in [
        super::FORKLIFT_DRIVER,
        super::SCAFFOLDER,
        super::FIRST_AIDER,
    ] {
        let counts = execute(
            "readiness_counts",
            &json!({ "filter": { "position": position }, "on": on(today) }),
        )?;
        held.push(format!("{position} {}", counts["people"]));
    }
    writeln!(out, "  positions held (active people): {}", held.join(", ")).map_err(failed)?;

    let counts = execute("readiness_counts", &json!({ "on": on(today) }))?;
    writeln!(
        out,
        "  cleared to work: {} of {} active people ({} not)",
        counts["ready"], counts["people"], counts["not_ready"]
    )
    .map_err(failed)?;
    writeln!(
        out,
        "    {:<30} {:>6} {:>9} {:>8}",
        "", "met", "expiring", "missing"
    )
    .map_err(failed)?;
    for row in counts["requirements"].as_array().into_iter().flatten() {
        let id = text(&row["requirement_id"]);
        writeln!(
            out,
            "    {:<30} {:>6} {:>9} {:>8}",
            names.get(id).map_or(id, String::as_str),
            row["met"].as_u64().unwrap_or(0),
            row["expiring"].as_u64().unwrap_or(0),
            row["missing"].as_u64().unwrap_or(0)
        )
        .map_err(failed)?;
    }
    let page = execute(
        "readiness_matrix",
        &json!({ "filter": { "ready": false }, "on": on(today), "page": { "limit": 5 } }),
    )?;
    writeln!(out, "  not cleared, the first five:").map_err(failed)?;
    for row in page["rows"].as_array().into_iter().flatten() {
        let name = name_of(execute, text(&row["person_id"]))?;
        writeln!(out, "    {name:<22} {}", standings(row, &names, missing)).map_err(failed)?;
    }

    // Planning a job in two weeks: who of the forklift drivers is cleared
    // today but not then.
    let later = today.plus_days(14);
    let crew = json!({ "position": super::FORKLIFT_DRIVER });
    let mut cleared = Vec::new();
    let mut not_ready = Vec::new();
    for day in [today, later] {
        let counts = execute(
            "readiness_counts",
            &json!({ "filter": crew, "on": on(day) }),
        )?;
        cleared.push(format!("{} of {}", counts["ready"], counts["people"]));
        let mut filter = crew.clone();
        filter["ready"] = json!(false);
        not_ready.push(execute(
            "readiness_matrix",
            &json!({ "filter": filter, "on": on(day), "page": { "limit": 10_000 } }),
        )?);
    }
    writeln!(
        out,
        "  will the forklift drivers still be cleared on {later}? today {}, on {later} {}",
        cleared[0], cleared[1]
    )
    .map_err(failed)?;
    let before = people_of(&not_ready[0]);
    let dropping: Vec<&Value> = not_ready[1]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !before.iter().any(|id| id == text(&r["person_id"])))
        .collect();
    for row in dropping.iter().take(3) {
        let name = name_of(execute, text(&row["person_id"]))?;
        writeln!(
            out,
            "    not by then: {name:<22} {}",
            standings(row, &names, missing)
        )
        .map_err(failed)?;
    }
    if dropping.len() > 3 {
        writeln!(out, "    and {} more", dropping.len() - 3).map_err(failed)?;
    }

    let site = execute(
        "site_readiness",
        &json!({ "site_id": "harbour", "candidate_id": "cara", "on": on(today), "party": { "site": "harbour" } }),
    )?;
    writeln!(
        out,
        "  Harbour Works checks {}: {} — {}",
        name_of(execute, "cara")?,
        if site["ready"] == true {
            "ready"
        } else {
            "not ready"
        },
        standings(&site, &names, any)
    )
    .map_err(failed)?;
    Ok(())
}

/// Approval of self-submitted licences: a type that needs approval, a few
/// holders recording theirs, the queue worked through by an administrator
/// and a manager of the sample.
fn approvals(
    execute: Execute<'_>,
    out: &mut dyn Write,
    today: Day,
    ctx: &Value,
    people: &[Person],
) -> Result<()> {
    writeln!(out, "\nApproval of self-submitted licences").map_err(failed)?;
    let mut card = execute("licence_type", &json!({ "id": "cscs" }))?;
    card["requires_approval"] = json!(true);
    execute(
        "update_licence_type",
        &json!({ "ctx": ctx, "licence_type": card }),
    )?;
    let card = execute("licence_type", &json!({ "id": "cscs" }))?;
    let card_name = text(&card["name"]).to_owned();
    writeln!(
        out,
        "  {card_name} requires approval: {}",
        card["requires_approval"]
    )
    .map_err(failed)?;

    // Construction workers without a card record theirs themselves.
    let names = requirement_names(execute)?;
    let page = execute(
        "readiness_matrix",
        &json!({ "filter": { "department": "Construction", "ready": false }, "on": today.to_string(), "page": { "limit": 1_000 } }),
    )?;
    let without_card: Vec<String> = page["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| {
            r["requirements"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| construction_card(c) && missing(c))
        })
        .map(|r| text(&r["person_id"]).to_owned())
        .take(4)
        .collect();
    let mut submitted = Vec::new();
    for (n, holder) in without_card.iter().enumerate() {
        // The holder signs in as themselves: two say so by their party,
        // two only by being the actor.
        let mut as_holder = json!({ "actor": holder, "at": ctx["at"] });
        let how = if n % 2 == 0 {
            as_holder["party"] = json!("candidate");
            "as the candidate"
        } else {
            "signed in as themselves"
        };
        let id = format!("{holder}-cscs-own");
        let record = execute(
            "record_licence",
            &json!({ "ctx": as_holder, "licence": { "id": id, "holder_id": holder, "type_id": "cscs",
                "reference": format!("CSCS-{:07}", 4_200_000 + n), "acquired": today.to_string() } }),
        )?;
        let name = format!("{} ({holder})", name_of(execute, holder)?);
        writeln!(
            out,
            "  {name:<24} records their {card_name} {how}: {}",
            text(&record["approval"])
        )
        .map_err(failed)?;
        submitted.push((id, holder.clone(), name));
    }
    let Some((first_id, first_holder, first_name)) = submitted.first().cloned() else {
        return Ok(());
    };
    let readiness = execute(
        "readiness",
        &json!({ "person_id": first_holder, "on": today.to_string() }),
    )?;
    writeln!(
        out,
        "  {first_name}, readiness meanwhile: {}",
        standings(&readiness, &names, construction_card)
    )
    .map_err(failed)?;
    let queue = |execute: Execute<'_>| -> Result<Vec<String>> {
        let list = execute("approvals", &json!({ "page": { "limit": 100 } }))?;
        Ok(list["licences"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| text(&r["licence"]["id"]).to_owned())
            .collect())
    };
    let waiting = queue(execute)?;
    writeln!(
        out,
        "  the approval queue: {} licences {waiting:?}",
        waiting.len()
    )
    .map_err(failed)?;

    let refused = execute(
        "approve_licence",
        &json!({ "ctx": { "actor": first_holder, "at": ctx["at"] }, "id": first_id }),
    );
    if let Err(e) = refused {
        writeln!(
            out,
            "  {first_name} tries to approve it: refused ({}: {e})",
            e.kind()
        )
        .map_err(failed)?;
    }
    // The approvers: the sample's first active administrator and manager.
    let with_role = |role: Role| {
        people
            .iter()
            .find(|p| p.active && p.roles.contains(&role))
            .map(|p| p.id.clone())
    };
    let administrator = match with_role(Role::Administrator) {
        Some(id) => id,
        None => {
            execute(
                "register_person",
                &json!({ "ctx": ctx, "person": { "id": "approver", "name": "Alex Approver",
                "roles": ["administrator"], "registered_on": today.to_string(),
                "fields": { EMPLOYEE_NUMBER: { "text": "E-ADMIN" } } } }),
            )?;
            "approver".to_owned()
        }
    };
    let manager = with_role(Role::Manager).unwrap_or_else(|| administrator.clone());
    let decider = |id: &str| json!({ "actor": id, "at": ctx["at"] });
    let (rejected, approved) = submitted.split_last().unwrap_or((&submitted[0], &[]));
    let admin_name = name_of(execute, &administrator)?;
    for (id, _, name) in approved {
        let record = execute(
            "approve_licence",
            &json!({ "ctx": decider(&administrator), "id": id }),
        )?;
        writeln!(
            out,
            "  {admin_name} (administrator) approves {id} of {name}: {}, first reminder {}",
            text(&record["approval"]),
            text(&record["next_reminder"])
        )
        .map_err(failed)?;
    }
    let (rejected_id, rejected_holder, rejected_name) = rejected;
    let record = execute(
        "reject_licence",
        &json!({ "ctx": decider(&manager), "id": rejected_id,
        "reason": "The photo of the card is unreadable; please upload both sides" }),
    )?;
    writeln!(
        out,
        "  {} (manager) rejects {rejected_id} of {rejected_name}: {}",
        name_of(execute, &manager)?,
        text(&record["approval"])
    )
    .map_err(failed)?;
    let seen = execute(
        "licence",
        &json!({ "id": rejected_id, "party": "candidate" }),
    )?;
    writeln!(
        out,
        "  {rejected_name} sees it {}, reason {:?}",
        text(&seen["approval"]),
        text(&seen["rejection_reason"])
    )
    .map_err(failed)?;
    for (holder, name) in [
        (&first_holder, &first_name),
        (rejected_holder, rejected_name),
    ] {
        let readiness = execute(
            "readiness",
            &json!({ "person_id": holder, "on": today.to_string() }),
        )?;
        writeln!(
            out,
            "  {name}, readiness now: {}",
            standings(&readiness, &names, construction_card)
        )
        .map_err(failed)?;
    }
    let waiting = queue(execute)?;
    writeln!(
        out,
        "  the approval queue afterwards: {} licences {waiting:?}",
        waiting.len()
    )
    .map_err(failed)?;
    Ok(())
}

fn reminders(execute: Execute<'_>, out: &mut dyn Write, today: Day) -> Result<()> {
    writeln!(out, "\nReminders").map_err(failed)?;
    let mut sent = 0;
    for offset in (1..=REPLAYED_MORNINGS).rev() {
        let morning = today.plus_days(-offset);
        let due = execute("due_reminders", &json!({ "today": morning.to_string() }))?;
        for reminder in due["reminders"].as_array().into_iter().flatten() {
            execute(
                "acknowledge",
                &json!({ "ctx": ctx(morning), "licence_id": reminder["licence_id"],
                "expiry": reminder["expiry"], "trigger": reminder["trigger"] }),
            )?;
            sent += 1;
        }
        write!(out, "\r  replaying the last {REPLAYED_MORNINGS} mornings: {morning}, {sent} reminders sent and acknowledged").map_err(failed)?;
        out.flush().map_err(failed)?;
    }
    writeln!(out).map_err(failed)?;
    let due = execute("due_reminders", &json!({ "today": today.to_string() }))?;
    let due = due["reminders"].as_array().cloned().unwrap_or_default();
    let after = due
        .iter()
        .filter(|r| r["occurrence"].as_u64() > Some(0))
        .count();
    writeln!(
        out,
        "  due today: {} ({} before expiry, {after} after expiry)",
        due.len(),
        due.len() - after
    )
    .map_err(failed)?;
    let digests = execute("digests", &json!({ "today": today.to_string() }))?;
    let mut digests = digests["digests"].as_array().cloned().unwrap_or_default();
    writeln!(
        out,
        "  as digests: {} messages, one per recipient; the largest:",
        digests.len()
    )
    .map_err(failed)?;
    digests.sort_by_key(|d| std::cmp::Reverse(d["reminders"].as_array().map_or(0, Vec::len)));
    for digest in digests.iter().take(3) {
        let items = digest["reminders"].as_array().cloned().unwrap_or_default();
        writeln!(
            out,
            "    to {} — {} licences, e.g.:",
            digest["recipient"].as_str().unwrap_or(""),
            items.len()
        )
        .map_err(failed)?;
        for item in items.iter().take(3) {
            writeln!(
                out,
                "      {} / {}: expires {} ({} days)",
                item["holder_name"].as_str().unwrap_or(""),
                item["type_name"].as_str().unwrap_or(""),
                item["expiry"].as_str().unwrap_or(""),
                item["days_left"]
            )
            .map_err(failed)?;
        }
    }
    Ok(())
}

fn exports(execute: Execute<'_>, out: &mut dyn Write, today: Day, dir: &Path) -> Result<()> {
    writeln!(out, "\nExports of the overview").map_err(failed)?;
    std::fs::create_dir_all(dir).map_err(failed)?;
    let query = json!({ "today": today.to_string(), "query": {} });
    let csv = execute("export_csv", &query)?;
    let csv = csv["csv"].as_str().unwrap_or_default();
    let csv_path = dir.join("overview.csv");
    std::fs::write(&csv_path, csv).map_err(failed)?;
    writeln!(
        out,
        "  {} ({} rows)",
        csv_path.display(),
        csv.lines().count().saturating_sub(1)
    )
    .map_err(failed)?;
    let xlsx = execute("export_xlsx", &query)?;
    let bytes = STANDARD
        .decode(xlsx["xlsx"].as_str().unwrap_or_default())
        .map_err(|e| Error::internal(format!("the .xlsx export's encoding: {e}")))?;
    let path = dir.join("overview.xlsx");
    std::fs::write(&path, &bytes).map_err(failed)?;
    writeln!(
        out,
        "  {} ({} bytes; sheets Licences and Readiness)",
        path.display(),
        bytes.len()
    )
    .map_err(failed)?;
    let matrix = execute("export_readiness_csv", &json!({ "on": today.to_string() }))?;
    let matrix = matrix["csv"].as_str().unwrap_or_default();
    let matrix_path = dir.join("readiness.csv");
    std::fs::write(&matrix_path, matrix).map_err(failed)?;
    writeln!(
        out,
        "  {} ({} people)",
        matrix_path.display(),
        matrix.lines().count().saturating_sub(1)
    )
    .map_err(failed)?;
    Ok(())
}
