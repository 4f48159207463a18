//! Custom fields: their definitions, and the checks of the values people
//! and licences carry against them.

use serde::{Deserialize, Serialize};

use crate::error::{Error, RecordKind, Result, echo};
use crate::fields::{FieldDefinition, FieldTarget, FieldValues, MAX_FIELDS};
use crate::model::Person;
use crate::store::{LicenceRecord, PeopleQuery, Records};

use super::{Context, Tracker, Tx};

/// How many values a change of definitions dropped.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct DroppedValues {
    /// People whose value was dropped.
    pub people: u64,
    /// Licences whose value was dropped.
    pub licences: u64,
}

/// The values of a record of `target` (named `field` in errors) as their
/// `definitions` keep them (a date field's text read as a date), or why
/// they do not fit: each key defined for the target, each value of its
/// definition's type, and every required field present.
pub(crate) fn fitted(
    definitions: &[FieldDefinition],
    target: FieldTarget,
    field: &str,
    values: &FieldValues,
) -> Result<FieldValues> {
    let mut fitted = FieldValues::new();
    for (key, value) in values {
        let at = format!("{field}.{key}");
        let definition = definitions
            .iter()
            .find(|d| d.key == *key && d.target == target)
            .ok_or_else(|| {
                Error::invalid(
                    &at,
                    format!("`{}` is not a field of {}", echo(key), noun(target)),
                )
            })?;
        fitted.insert(key.clone(), definition.fit(&at, value.clone())?);
    }
    require_all(definitions, target, field, &fitted)?;
    Ok(fitted)
}

/// Checks that `values` hold every required field of `target`.
pub(crate) fn require_all(
    definitions: &[FieldDefinition],
    target: FieldTarget,
    field: &str,
    values: &FieldValues,
) -> Result<()> {
    let missing = definitions
        .iter()
        .find(|d| d.target == target && d.required && !values.contains_key(&d.key));
    match missing {
        Some(definition) => Err(Error::invalid(
            format!("{field}.{}", definition.key),
            format!("`{}` is required", definition.label),
        )),
        None => Ok(()),
    }
}

/// The values [`fitted`] to the stored definitions.
pub(crate) fn fitted_values(
    tx: &mut Tx<'_>,
    target: FieldTarget,
    field: &str,
    values: &FieldValues,
) -> Result<FieldValues> {
    let definitions = tx.store.field_definitions()?;
    fitted(&definitions, target, field, values)
}

fn noun(target: FieldTarget) -> &'static str {
    match target {
        FieldTarget::Person => "people",
        FieldTarget::Licence => "licences",
    }
}

/// The people and licences holding a value of `definition`'s field.
fn holding(
    tx: &mut Tx<'_>,
    definition: &FieldDefinition,
) -> Result<(Vec<Person>, Vec<LicenceRecord>)> {
    let key = &definition.key;
    Ok(match definition.target {
        FieldTarget::Person => {
            let mut people = tx.store.people(&PeopleQuery::default())?;
            people.retain(|p| p.fields.contains_key(key));
            (people, Vec::new())
        }
        FieldTarget::Licence => {
            let mut licences = tx.store.licences_showing_field(key)?;
            licences.retain(|r| r.licence.fields.contains_key(key));
            (Vec::new(), licences)
        }
    })
}

/// Drops the value of `key` from `people` and `licences`, each audited.
fn drop_values(
    tx: &mut Tx<'_>,
    key: &str,
    people: Vec<Person>,
    licences: Vec<LicenceRecord>,
) -> Result<DroppedValues> {
    let dropped = DroppedValues {
        people: people.len() as u64,
        licences: licences.len() as u64,
    };
    for old in people {
        let mut new = old.clone();
        new.fields.remove(key);
        tx.store.put_people(std::slice::from_ref(&new))?;
        tx.audit_diff(
            "drop_field_value",
            RecordKind::Person,
            &new.id,
            Some(&new.id),
            Some(&old),
            Some(&new),
        )?;
    }
    for old in licences {
        let mut new = old.clone();
        new.licence.fields.remove(key);
        new.updated_at = tx.ctx.at;
        tx.store.put_licences(std::slice::from_ref(&new))?;
        tx.audit_diff(
            "drop_field_value",
            RecordKind::Licence,
            &new.licence.id,
            Some(&new.licence.holder_id),
            Some(&old.licence),
            Some(&new.licence),
        )?;
    }
    Ok(dropped)
}

/// Refuses to lose values unless the host asked to drop them.
fn refuse_unless(drop: bool, key: &str, action: &str, values: usize) -> Result<()> {
    if values > 0 && !drop {
        return Err(Error::transition(
            format!("{values} values held"),
            format!("{action} field `{key}` (ask to drop the values)"),
        ));
    }
    Ok(())
}

impl Tracker {
    /// The organisation's custom field definitions, by key.
    pub fn fields(&self) -> Result<Vec<FieldDefinition>> {
        self.read(|store| store.field_definitions())
    }

    /// Adds a custom field, or changes one. Changing its type or target
    /// while values exist, or taking away a choice a value holds, is an
    /// invalid transition unless `drop` asks to drop those values; each
    /// drop is audited. Returns how many were dropped.
    pub fn define_field(
        &self,
        ctx: &Context,
        definition: &FieldDefinition,
        drop: bool,
    ) -> Result<DroppedValues> {
        definition.validate()?;
        self.write(ctx, |tx| {
            let definitions = tx.store.field_definitions()?;
            let old = definitions.iter().find(|d| d.key == definition.key);
            let dropped = match old {
                Some(old) if old == definition => return Ok(DroppedValues::default()),
                Some(old) => {
                    let (mut people, mut licences) = holding(tx, old)?;
                    // Another type or target leaves no value in place;
                    // other changes (choices) only the values they refuse.
                    let same_kind =
                        old.target == definition.target && old.field_type == definition.field_type;
                    let fits = |values: &FieldValues| {
                        same_kind
                            && values
                                .get(&definition.key)
                                .is_some_and(|v| definition.check("field", v).is_ok())
                    };
                    people.retain(|p| !fits(&p.fields));
                    licences.retain(|r| !fits(&r.licence.fields));
                    let misfits = people.len() + licences.len();
                    refuse_unless(drop, &definition.key, "change", misfits)?;
                    drop_values(tx, &definition.key, people, licences)?
                }
                None if definitions.len() >= MAX_FIELDS => {
                    return Err(Error::limit("custom fields", MAX_FIELDS as u64));
                }
                None => DroppedValues::default(),
            };
            tx.store.put_field_definition(definition)?;
            tx.audit_diff(
                "define_field",
                RecordKind::Field,
                &definition.key,
                None,
                old,
                Some(definition),
            )?;
            Ok(dropped)
        })
    }

    /// Removes a custom field. While people or licences hold values of it,
    /// that is an invalid transition unless `drop` asks to drop them (each
    /// drop audited). Returns how many were dropped.
    pub fn remove_field(&self, ctx: &Context, key: &str, drop: bool) -> Result<DroppedValues> {
        self.write(ctx, |tx| {
            let old = tx
                .store
                .field_definitions()?
                .into_iter()
                .find(|d| d.key == key)
                .ok_or_else(|| Error::not_found(RecordKind::Field, key))?;
            let (people, licences) = holding(tx, &old)?;
            refuse_unless(drop, key, "remove", people.len() + licences.len())?;
            let dropped = drop_values(tx, key, people, licences)?;
            tx.store.remove_field_definition(key)?;
            tx.audit_diff(
                "remove_field",
                RecordKind::Field,
                key,
                None,
                Some(&old),
                None,
            )?;
            Ok(dropped)
        })
    }
}
