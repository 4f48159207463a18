//! People: register, update, deactivate, look up.

use super::fields::fitted_values;
use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result};
use crate::fields::FieldTarget;
use crate::fields::same_text;
use crate::model::{Person, Seat};
use crate::store::{Listing, Page, PeopleQuery, Records};

use super::{Context, Tracker, Tx, courses};

/// Loads a person or fails with not found.
/// Fails when `person` names a line manager who is not registered.
fn require_line_manager(tx: &mut Tx<'_>, person: &Person) -> Result<()> {
    match &person.line_manager {
        Some(manager) => require_person(tx, manager).map(drop),
        None => Ok(()),
    }
}

pub(crate) fn require_person(tx: &mut Tx<'_>, id: &str) -> Result<Person> {
    tx.store
        .person(id)?
        .ok_or_else(|| Error::not_found(RecordKind::Person, id))
}

/// `new` with the days of its moves: `today` where its location or
/// department differs from `old`'s (none when it has none), else `old`'s.
fn moved(old: &Person, new: &Person, today: Day) -> Person {
    let since = |before: &Option<String>, after: &Option<String>, was: Option<Day>| match after {
        None => None,
        Some(_) if same_place(before, after) => was,
        Some(_) => Some(today),
    };
    Person {
        location_since: since(&old.location, &new.location, old.location_since),
        department_since: since(&old.department, &new.department, old.department_since),
        ..new.clone()
    }
}

/// Whether two locations (or departments) are the same place, ignoring
/// case and surrounding spaces.
fn same_place(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_text(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
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
            require_line_manager(tx, person)?;
            let fields = fitted_values(tx, FieldTarget::Person, "person.fields", &person.fields)?;
            let person = &Person {
                fields,
                ..person.clone()
            };
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

    /// Replaces a person's details. A move (a change of location or
    /// department, ignoring case and surrounding spaces) is dated `today`
    /// in `location_since` or `department_since`, which are otherwise kept
    /// as stored; a move or a reactivation evaluates the allocation rules
    /// on `today`. Returns the seats given.
    pub fn update_person(&self, ctx: &Context, person: &Person, today: Day) -> Result<Vec<Seat>> {
        person.validate()?;
        self.write(ctx, |tx| {
            let old = require_person(tx, &person.id)?;
            require_line_manager(tx, person)?;
            let mut new = moved(&old, person, today);
            new.fields = fitted_values(tx, FieldTarget::Person, "person.fields", &new.fields)?;
            if old == new {
                return Ok(Vec::new());
            }
            tx.store.put_people(std::slice::from_ref(&new))?;
            tx.audit_diff(
                "update_person",
                RecordKind::Person,
                &new.id,
                Some(&new.id),
                Some(&old),
                Some(&new),
            )?;
            let moved = !same_place(&old.location, &new.location)
                || !same_place(&old.department, &new.department);
            let reactivated = !old.active && new.active;
            if moved || reactivated {
                courses::apply_rules_to(tx, &new, today)
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

    /// One page of the people matching `query`, by id.
    pub fn people(&self, query: &PeopleQuery, page: Page) -> Result<Listing<Person>> {
        page.validate()?;
        self.read(|store| store.people_page(query, page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::policy::ReminderPolicy;
    use crate::settings::Settings;
    use crate::tracker::ImportMode;

    fn refused_field<T: std::fmt::Debug>(result: Result<T>) -> String {
        match result {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    /// Every door an e-mail address comes in by checks that it is one bare
    /// address: people registered, updated or imported, and the extra
    /// recipients of the default policy and of a type's policy.
    #[test]
    fn every_e_mail_address_is_one_address() {
        let tracker = Tracker::in_memory();
        let ctx = Context::new("admin", 1);
        let ann = |email: &str| Person {
            email: Some(email.into()),
            ..fixtures::person("ann", None, None)
        };
        let listed = tracker.register_person(&ctx, &ann("ann@x.org, bo@x.org"));
        assert_eq!(refused_field(listed), "person.email");
        tracker.register_person(&ctx, &ann("ann@x.org")).unwrap();
        let named =
            tracker.update_person(&ctx, &ann("Ann <ann@x.org>"), fixtures::day("2026-02-01"));
        assert_eq!(refused_field(named), "person.email");
        assert_eq!(
            tracker.person("ann").unwrap().email.as_deref(),
            Some("ann@x.org")
        );
        let policy = |address: &str| ReminderPolicy {
            extra_recipients: vec!["office@x.org".into(), address.into()],
            ..ReminderPolicy::default()
        };
        let settings = Settings {
            default_policy: policy("boss@x.org;office@x.org"),
            ..Settings::default()
        };
        assert_eq!(
            refused_field(tracker.update_settings(&ctx, &settings)),
            "policy.extra_recipients"
        );
        let quoted = crate::model::LicenceType {
            policy: Some(policy("\"Office\"@x.org")),
            ..fixtures::forklift()
        };
        assert_eq!(
            refused_field(tracker.create_licence_type(&ctx, &quoted)),
            "policy.extra_recipients"
        );
        let csv = "id,name,email,registered_on\nbo,Bo,bo\u{202E}@x.org,2026-01-01\n";
        let report = tracker
            .import_people_csv(&ctx, csv.as_bytes(), ImportMode::KeepGoodRows)
            .unwrap();
        assert_eq!(report.imported, 0);
        assert_eq!(report.errors[0].column.as_deref(), Some("email"));
    }
}
