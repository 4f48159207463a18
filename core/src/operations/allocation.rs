//! Operations for course allocation: eligible people, manual allocation,
//! rule matching, registration, backfill, course completion and
//! recertification.
//!
//! Every op takes the organisation's records as plain lists (`courses`,
//! `types`, `people`, `seats`, `rules`, `licences`; each may be omitted when
//! empty) next to its own arguments.

use crate::allocation::{
    Catalogue, PersonFilter, Rule, RuleIndex, SeatIndex, allocate, apply_rules, backfill,
    complete_course, eligible, recertify,
};
use crate::expiry::Window;
use crate::model::{Course, Licence, LicenceType, Person, Seat};
use crate::{Day, Error, Period};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{decode, encode};

/// The records an op reasons about.
#[derive(Deserialize)]
struct Records {
    #[serde(default)]
    courses: Vec<Course>,
    #[serde(default)]
    types: Vec<LicenceType>,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default)]
    seats: Vec<Seat>,
    #[serde(default)]
    rules: Vec<Rule>,
    #[serde(default)]
    licences: Vec<Licence>,
}

impl Records {
    fn catalogue(&self) -> Result<Catalogue<'_>, Error> {
        Catalogue::new(&self.courses, &self.types)
    }

    fn rule_index(&self) -> Result<RuleIndex, Error> {
        RuleIndex::new(self.rules.clone(), &self.catalogue()?)
    }
}

#[derive(Deserialize)]
struct EligibleInput {
    #[serde(flatten)]
    records: Records,
    course_id: String,
    #[serde(default)]
    filter: PersonFilter,
}

#[derive(Deserialize)]
struct AllocateInput {
    #[serde(flatten)]
    records: Records,
    course_id: String,
    person_ids: Vec<String>,
    today: Day,
}

#[derive(Deserialize)]
struct MatchingInput {
    #[serde(flatten)]
    records: Records,
    person: Person,
}

#[derive(Deserialize)]
struct RegisterInput {
    #[serde(flatten)]
    records: Records,
    today: Day,
}

#[derive(Deserialize)]
struct BackfillInput {
    #[serde(flatten)]
    records: Records,
    rule_id: String,
    #[serde(default)]
    credit_within: Option<Period>,
    today: Day,
}

#[derive(Deserialize)]
struct CompleteInput {
    #[serde(flatten)]
    records: Records,
    seat: Seat,
    completed_on: Day,
    #[serde(default)]
    window_days: Option<u32>,
}

#[derive(Deserialize)]
struct RecertifyInput {
    #[serde(flatten)]
    records: Records,
    today: Day,
    #[serde(default)]
    window_days: Option<u32>,
}

fn window(days: Option<u32>) -> Result<Window, Error> {
    days.map_or(Ok(Window::default()), Window::new)
}

fn eligible_op(i: EligibleInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let seats = SeatIndex::new(&r.seats)?;
    let people = eligible(&r.catalogue()?, &i.course_id, &r.people, &seats, &i.filter)?;
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    Ok(json!({ "people": ids }))
}

fn allocate_op(i: AllocateInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let mut seats = SeatIndex::new(&r.seats)?;
    let catalogue = r.catalogue()?;
    encode(&allocate(
        &catalogue,
        &i.course_id,
        &i.person_ids,
        &r.people,
        &mut seats,
        i.today,
    )?)
}

fn matching_op(i: MatchingInput) -> crate::error::Result<Value> {
    i.person.validate()?;
    let index = i.records.rule_index()?;
    let ids: Vec<&str> = index.matching(&i.person).map(|r| r.id.as_str()).collect();
    Ok(json!({ "rule_ids": ids }))
}

fn register_op(i: RegisterInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let mut seats = SeatIndex::new(&r.seats)?;
    let given = apply_rules(&r.rule_index()?, &r.people, &mut seats, i.today)?;
    Ok(json!({ "seats": encode(&given)? }))
}

fn backfill_op(i: BackfillInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let mut seats = SeatIndex::new(&r.seats)?;
    let index = r.rule_index()?;
    encode(&backfill(
        &index,
        &i.rule_id,
        i.credit_within,
        &r.people,
        &mut seats,
        i.today,
    )?)
}

fn complete_op(i: CompleteInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let mut seats = SeatIndex::new(&r.seats)?;
    let completion = complete_course(
        &r.catalogue()?,
        &i.seat,
        i.completed_on,
        &r.licences,
        &mut seats,
        window(i.window_days)?,
    )?;
    encode(&completion)
}

fn recertify_op(i: RecertifyInput) -> crate::error::Result<Value> {
    let r = &i.records;
    let mut seats = SeatIndex::new(&r.seats)?;
    let given = recertify(
        &r.catalogue()?,
        &r.licences,
        &r.people,
        &mut seats,
        i.today,
        window(i.window_days)?,
    )?;
    Ok(json!({ "seats": encode(&given)? }))
}

/// Runs an allocation op, or `None` for an op of another area.
pub fn run(op: &str, input: &Value) -> Option<crate::error::Result<Value>> {
    let result = match op {
        "eligible" => decode(input).and_then(eligible_op),
        "allocate" => decode(input).and_then(allocate_op),
        "matching_rules" => decode(input).and_then(matching_op),
        "register" => decode(input).and_then(register_op),
        "backfill" => decode(input).and_then(backfill_op),
        "complete_course" => decode(input).and_then(complete_op),
        "recertify" => decode(input).and_then(recertify_op),
        _ => return None,
    };
    Some(result)
}
