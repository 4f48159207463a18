//! Courses, seats and allocation rules: manual allocation, rules applied on
//! registration and on demand (backfill), completion that records the issued
//! licence, and recertification of expiring licences.

use crate::allocation::{
    self, Allocation, Catalogue, NewSeat, PersonFilter, Rule, RuleIndex, SeatIndex,
};
use crate::calendar::{Day, Period};
use crate::error::{Error, RecordKind, Result};
use crate::model::{Approval, Course, Person, Seat, SeatState};
use crate::store::{LicenceQuery, Listing, Page, PeopleQuery, Records, SeatQuery};

use super::attachments::sha256_hex;
use super::licences::{insert_licence, require_type};
use super::{Context, Tracker, Tx};

fn catalogue_parts(tx: &mut Tx<'_>) -> Result<(Vec<Course>, Vec<crate::model::LicenceType>)> {
    Ok((tx.store.courses()?, tx.store.licence_types()?))
}

/// A fresh seat id: a short hash of the seat's facts, bumped past ids in use.
fn seat_id(tx: &mut Tx<'_>, seat: &NewSeat) -> Result<String> {
    for n in 0u32.. {
        let facts = format!(
            "{}\n{}\n{}\n{n}",
            seat.person_id, seat.course_id, seat.given_on
        );
        let id = format!("seat-{}", &sha256_hex(facts.as_bytes())[..20]);
        if tx.store.seat(&id)?.is_none() {
            return Ok(id);
        }
    }
    Err(Error::storage("no free seat id"))
}

/// Stores the seats decided, audits each, and returns them.
fn store_seats(tx: &mut Tx<'_>, decided: Vec<NewSeat>, action: &str) -> Result<Vec<Seat>> {
    let mut seats = Vec::with_capacity(decided.len());
    for new_seat in decided {
        let id = seat_id(tx, &new_seat)?;
        let seat = new_seat.into_seat(id)?;
        tx.store.put_seats(std::slice::from_ref(&seat))?;
        tx.audit_diff(
            action,
            RecordKind::Seat,
            &seat.id,
            Some(&seat.person_id),
            None,
            Some(&seat),
        )?;
        seats.push(seat);
    }
    Ok(seats)
}

/// Gives `person` the seats of every rule that covers them on `today`.
pub(crate) fn apply_rules_to(tx: &mut Tx<'_>, person: &Person, today: Day) -> Result<Vec<Seat>> {
    let rules = tx.store.rules()?;
    if rules.is_empty() || !person.active {
        return Ok(Vec::new());
    }
    let (courses, types) = catalogue_parts(tx)?;
    let catalogue = Catalogue::new(&courses, &types)?;
    let index = RuleIndex::new(rules, &catalogue)?;
    let held = tx.store.seats(&SeatQuery {
        person_id: Some(person.id.clone()),
        ..SeatQuery::default()
    })?;
    let mut seats = SeatIndex::new(&held)?;
    let decided = allocation::apply_rules(&index, std::slice::from_ref(person), &mut seats, today)?;
    store_seats(tx, decided, "allocate_by_rule")
}

fn course_seats(tx: &mut Tx<'_>, course_id: &str) -> Result<SeatIndex> {
    let held = tx.store.seats(&SeatQuery {
        course_id: Some(course_id.to_owned()),
        ..SeatQuery::default()
    })?;
    SeatIndex::new(&held)
}

/// The outcome of an allocation: a result per person and the seats stored.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct AllocationReport {
    /// One result per person considered, in input order.
    pub results: Vec<allocation::PersonResult>,
    /// The seats given.
    pub seats: Vec<Seat>,
}

fn report(tx: &mut Tx<'_>, decided: Allocation, action: &str) -> Result<AllocationReport> {
    let seats = store_seats(tx, decided.seats, action)?;
    Ok(AllocationReport {
        results: decided.results,
        seats,
    })
}

impl Tracker {
    /// Adds a course; the licence type it issues, if any, must exist.
    pub fn create_course(&self, ctx: &Context, course: &Course) -> Result<()> {
        course.validate()?;
        self.write(ctx, |tx| {
            if tx.store.course(&course.id)?.is_some() {
                return Err(Error::already_exists(RecordKind::Course, &course.id));
            }
            if let Some(type_id) = &course.issues_type_id {
                require_type(tx, type_id)?;
            }
            tx.store.put_course(course)?;
            tx.audit_diff(
                "create_course",
                RecordKind::Course,
                &course.id,
                None,
                None,
                Some(course),
            )
        })
    }

    /// Every course, by id.
    pub fn courses(&self) -> Result<Vec<Course>> {
        self.read(|store| store.courses())
    }

    /// The active people without an open seat for `course_id`, narrowed by
    /// `filter`.
    pub fn eligible_people(&self, course_id: &str, filter: &PersonFilter) -> Result<Vec<Person>> {
        self.read(|store| {
            let (courses, types) = (store.courses()?, store.licence_types()?);
            let catalogue = Catalogue::new(&courses, &types)?;
            let people = store.people(&PeopleQuery {
                active: Some(true),
                ..PeopleQuery::default()
            })?;
            let held = store.seats(&SeatQuery {
                course_id: Some(course_id.to_owned()),
                ..SeatQuery::default()
            })?;
            let seats = SeatIndex::new(&held)?;
            Ok(
                allocation::eligible(&catalogue, course_id, &people, &seats, filter)?
                    .into_iter()
                    .cloned()
                    .collect(),
            )
        })
    }

    /// Gives `course_id` to each of `person_ids` on `today`: a result per
    /// person; one bad id does not spoil the others.
    pub fn allocate(
        &self,
        ctx: &Context,
        course_id: &str,
        person_ids: &[String],
        today: Day,
    ) -> Result<AllocationReport> {
        self.write(ctx, |tx| {
            let (courses, types) = catalogue_parts(tx)?;
            let catalogue = Catalogue::new(&courses, &types)?;
            let people = tx.store.people_with_ids(person_ids)?;
            let mut seats = course_seats(tx, course_id)?;
            let decided = allocation::allocate(
                &catalogue, course_id, person_ids, &people, &mut seats, today,
            )?;
            report(tx, decided, "allocate")
        })
    }

    /// Adds an allocation rule. It gives seats to people registered on or
    /// after its creation day; [`Tracker::backfill`] applies it to others.
    pub fn create_rule(&self, ctx: &Context, rule: &Rule) -> Result<()> {
        rule.validate()?;
        self.write(ctx, |tx| {
            let rules = tx.store.rules()?;
            let (courses, types) = catalogue_parts(tx)?;
            let catalogue = Catalogue::new(&courses, &types)?;
            let mut index = RuleIndex::new(rules, &catalogue)?;
            index.insert(rule.clone(), &catalogue)?;
            tx.store.put_rule(rule)?;
            tx.audit_diff(
                "create_rule",
                RecordKind::Rule,
                &rule.id,
                None,
                None,
                Some(rule),
            )
        })
    }

    /// Removes an allocation rule; seats it gave stay.
    pub fn delete_rule(&self, ctx: &Context, id: &str) -> Result<()> {
        self.write(ctx, |tx| {
            let rule = tx
                .store
                .rules()?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(|| Error::not_found(RecordKind::Rule, id))?;
            tx.store.remove_rule(id)?;
            tx.audit_diff("delete_rule", RecordKind::Rule, id, None, Some(&rule), None)
        })
    }

    /// Every allocation rule, by id.
    pub fn rules(&self) -> Result<Vec<Rule>> {
        self.read(|store| store.rules())
    }

    /// Applies a rule to the people already registered on `today`, skipping
    /// those who completed the course within `credit_within`; reports what it
    /// did per person.
    pub fn backfill(
        &self,
        ctx: &Context,
        rule_id: &str,
        credit_within: Option<Period>,
        today: Day,
    ) -> Result<AllocationReport> {
        self.write(ctx, |tx| {
            let rules = tx.store.rules()?;
            let (courses, types) = catalogue_parts(tx)?;
            let catalogue = Catalogue::new(&courses, &types)?;
            let index = RuleIndex::new(rules, &catalogue)?;
            let rule = index
                .get(rule_id)
                .ok_or_else(|| Error::not_found(RecordKind::Rule, rule_id))?;
            let mut seats = course_seats(tx, &rule.course_id.clone())?;
            let people = tx.store.people(&PeopleQuery::default())?;
            let decided =
                allocation::backfill(&index, rule_id, credit_within, &people, &mut seats, today)?;
            report(tx, decided, "backfill")
        })
    }

    /// One page of the seats matching `query`, by id.
    pub fn seats(&self, query: &SeatQuery, page: Page) -> Result<Listing<Seat>> {
        page.validate()?;
        self.read(|store| store.seat_page(query, page))
    }

    /// Completes an open seat on `completed_on`. A course that issues a
    /// licence type records the licence (renewing the holder's current one).
    pub fn complete_seat(
        &self,
        ctx: &Context,
        seat_id: &str,
        completed_on: Day,
    ) -> Result<allocation::Completion> {
        self.write(ctx, |tx| {
            let seat = tx
                .store
                .seat(seat_id)?
                .ok_or_else(|| Error::not_found(RecordKind::Seat, seat_id))?;
            let (courses, types) = catalogue_parts(tx)?;
            let catalogue = Catalogue::new(&courses, &types)?;
            let holder_licences: Vec<_> = tx
                .store
                .licences(&LicenceQuery {
                    holder_id: Some(seat.person_id.clone()),
                    ..LicenceQuery::default()
                })?
                .into_iter()
                .map(|r| r.licence)
                .collect();
            let mut seats = course_seats(tx, &seat.course_id)?;
            let window = tx.settings()?.window;
            let completion = allocation::complete_course(
                &catalogue,
                &seat,
                completed_on,
                &holder_licences,
                &mut seats,
                window,
            )?;
            tx.store.put_seats(std::slice::from_ref(&completion.seat))?;
            tx.audit_diff(
                "complete_seat",
                RecordKind::Seat,
                seat_id,
                Some(&seat.person_id),
                Some(&seat),
                Some(&completion.seat),
            )?;
            if let Some(issued) = &completion.licence {
                let licence = issued.clone().into_licence(format!("{seat_id}-licence"))?;
                insert_licence(tx, &licence, "issue_licence", Approval::Approved)?;
            }
            Ok(completion)
        })
    }

    /// Withdraws an open seat.
    pub fn revoke_seat(&self, ctx: &Context, seat_id: &str) -> Result<Seat> {
        self.write(ctx, |tx| {
            let seat = tx
                .store
                .seat(seat_id)?
                .ok_or_else(|| Error::not_found(RecordKind::Seat, seat_id))?;
            if seat.state != SeatState::Allocated {
                return Err(Error::transition(
                    format!("{:?}", seat.state).to_lowercase(),
                    format!("revoke seat `{seat_id}`"),
                ));
            }
            let revoked = Seat {
                state: SeatState::Revoked,
                ..seat.clone()
            };
            tx.store.put_seats(std::slice::from_ref(&revoked))?;
            tx.audit_diff(
                "revoke_seat",
                RecordKind::Seat,
                seat_id,
                Some(&seat.person_id),
                Some(&seat),
                Some(&revoked),
            )?;
            Ok(revoked)
        })
    }

    /// Gives the course again to holders whose licence issued by a course is
    /// in its expiring window on `today`; returns the seats given.
    pub fn recertify(&self, ctx: &Context, today: Day) -> Result<Vec<Seat>> {
        self.write(ctx, |tx| {
            let (courses, types) = catalogue_parts(tx)?;
            let catalogue = Catalogue::new(&courses, &types)?;
            let issuing: Vec<&str> = courses
                .iter()
                .filter_map(|c| c.issues_type_id.as_deref())
                .collect();
            let mut licences = Vec::new();
            for type_id in issuing {
                let query = LicenceQuery {
                    type_id: Some(type_id.to_owned()),
                    ..LicenceQuery::default()
                };
                licences.extend(tx.store.licences(&query)?.into_iter().map(|r| r.licence));
            }
            let holders: Vec<String> = licences.iter().map(|l| l.holder_id.clone()).collect();
            let people = tx.store.people_with_ids(&holders)?;
            let held = tx.store.seats(&SeatQuery::default())?;
            let mut seats = SeatIndex::new(&held)?;
            let window = tx.settings()?.window;
            let decided =
                allocation::recertify(&catalogue, &licences, &people, &mut seats, today, window)?;
            store_seats(tx, decided, "recertify")
        })
    }
}
