//! People: register, update, deactivate, look up.

use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result};
use crate::model::{Person, Seat};
use crate::store::{PeopleQuery, Records};

use super::{Context, Tracker, Tx, courses};

/// Loads a person or fails with not found.
pub(crate) fn require_person(tx: &mut Tx<'_>, id: &str) -> Result<Person> {
    tx.store
        .person(id)?
        .ok_or_else(|| Error::not_found(RecordKind::Person, id))
}

impl Tracker {
    /// Registers a new person and gives them the seats of every allocation
    /// rule that covers them; returns the seats given.
    pub fn register_person(&self, ctx: &Context, person: &Person) -> Result<Vec<Seat>> {
        person.validate()?;
        self.write(ctx, |tx| {
            if tx.store.person(&person.id)?.is_some() {
                return Err(Error::already_exists(RecordKind::Person, &person.id));
            }
            tx.store.put_people(std::slice::from_ref(person))?;
            tx.audit_diff(
                "register_person",
                RecordKind::Person,
                &person.id,
                Some(&person.id),
                None,
                Some(person),
            )?;
            courses::apply_rules_to(tx, person, person.registered_on)
        })
    }

    /// Replaces a person's details. A change of location or department
    /// evaluates the allocation rules on `today`; returns the seats given.
    pub fn update_person(&self, ctx: &Context, person: &Person, today: Day) -> Result<Vec<Seat>> {
        person.validate()?;
        self.write(ctx, |tx| {
            let old = require_person(tx, &person.id)?;
            if old == *person {
                return Ok(Vec::new());
            }
            tx.store.put_people(std::slice::from_ref(person))?;
            tx.audit_diff(
                "update_person",
                RecordKind::Person,
                &person.id,
                Some(&person.id),
                Some(&old),
                Some(person),
            )?;
            let moved = old.location != person.location || old.department != person.department;
            let reactivated = !old.active && person.active;
            if moved || reactivated {
                courses::apply_rules_to(tx, person, today)
            } else {
                Ok(Vec::new())
            }
        })
    }

    /// Marks a person inactive (employment ended): they keep their history
    /// but get no reminders and no new allocations. Deactivating twice is
    /// harmless.
    pub fn deactivate_person(&self, ctx: &Context, id: &str) -> Result<()> {
        self.write(ctx, |tx| {
            let old = require_person(tx, id)?;
            if !old.active {
                return Ok(());
            }
            let new = Person {
                active: false,
                ..old.clone()
            };
            tx.store.put_people(std::slice::from_ref(&new))?;
            tx.audit_diff(
                "deactivate_person",
                RecordKind::Person,
                id,
                Some(id),
                Some(&old),
                Some(&new),
            )
        })
    }

    /// One person.
    pub fn person(&self, id: &str) -> Result<Person> {
        self.read(|store| {
            store
                .person(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Person, id))
        })
    }

    /// The people matching `query`, by id.
    pub fn people(&self, query: &PeopleQuery) -> Result<Vec<Person>> {
        self.read(|store| store.people(query))
    }
}
