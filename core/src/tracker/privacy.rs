//! Privacy (SPEC §5, §7): what purging leaves of a licence's history, and
//! erasing a person with everything they hold.

use serde::{Deserialize, Serialize};

use crate::audit::{AuditEntry, AuditQuery, Change};
use crate::error::{RecordKind, Result};
use crate::model::Person;
use crate::store::{LicenceQuery, LicenceRecord, PeopleQuery, Records};

use super::people::require_person;
use super::{Context, Tracker, Tx};

/// What erasing a person removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Erasure {
    /// Licences removed, deleted and superseded ones included.
    pub licences: u32,
    /// Attachments removed with them.
    pub attachments: u32,
    /// Course seats removed.
    pub seats: u32,
    /// Earlier audit entries whose personal data was blanked.
    pub blanked_entries: u32,
}

/// Blanks `entries` that hold values and stores them again; how many.
fn blank(tx: &mut Tx<'_>, mut entries: Vec<AuditEntry>) -> Result<u32> {
    entries.retain_mut(AuditEntry::blank_values);
    tx.store.rewrite_audit(&entries)?;
    Ok(u32::try_from(entries.len()).unwrap_or(u32::MAX))
}

/// Whether `entry` is about an attachment of the licence `licence_id`
/// (added or removed: its `licence_id` field names the licence).
fn about_attachment_of(entry: &AuditEntry, licence_id: &str) -> bool {
    entry.record_kind == RecordKind::Attachment
        && entry.changes.iter().any(|c| {
            c.field == "licence_id"
                && [&c.old, &c.new]
                    .into_iter()
                    .any(|v| v.as_deref() == Some(licence_id))
        })
}

/// Blanks the personal data that earlier audit entries hold about a
/// licence about to be purged: its own entries (reference, notes, dates,
/// field values), its reminders' and its attachments' (file names).
pub(crate) fn forget_licence(tx: &mut Tx<'_>, record: &LicenceRecord) -> Result<u32> {
    let licence = &record.licence;
    let mut entries = Vec::new();
    for kind in [RecordKind::Licence, RecordKind::Reminder] {
        entries.extend(tx.store.audit(&AuditQuery::Record {
            kind,
            id: licence.id.clone(),
        })?);
    }
    let held = tx.store.audit(&AuditQuery::Person {
        id: licence.holder_id.clone(),
    })?;
    entries.extend(
        held.into_iter()
            .filter(|entry| about_attachment_of(entry, &licence.id)),
    );
    blank(tx, entries)
}

impl Tracker {
    /// Erases a person and everything they hold (the right to erasure):
    /// their licences with attachments, reminders and custom field values,
    /// their course seats and site associations, and the personal data of
    /// every earlier audit entry about them, leaving one entry that records
    /// the erasure.
    pub fn erase_person(&self, ctx: &Context, person_id: &str) -> Result<Erasure> {
        self.write(ctx, |tx| {
            require_person(tx, person_id)?;
            let query = LicenceQuery {
                holder_id: Some(person_id.to_owned()),
                include_superseded: true,
                include_deleted: true,
                ..LicenceQuery::default()
            };
            let licences = tx.store.licences(&query)?;
            let mut attachments = 0;
            for record in &licences {
                attachments += tx.store.attachments(&record.licence.id)?.len();
                tx.store.remove_licence(&record.licence.id)?;
            }
            let seats = tx
                .store
                .seats(&crate::store::SeatQuery {
                    person_id: Some(person_id.to_owned()),
                    ..Default::default()
                })?
                .len();
            tx.store.remove_person(person_id)?;
            // Nobody keeps the erased person as line manager.
            let managed: Vec<Person> = tx
                .store
                .people(&PeopleQuery::default())?
                .into_iter()
                .filter(|p| p.line_manager.as_deref() == Some(person_id))
                .map(|p| Person {
                    line_manager: None,
                    ..p
                })
                .collect();
            tx.store.put_people(&managed)?;
            for person in &managed {
                tx.audit(
                    "update_person",
                    RecordKind::Person,
                    &person.id,
                    Some(&person.id),
                    vec![Change {
                        field: "line_manager".into(),
                        old: None,
                        new: None,
                    }],
                )?;
            }
            let about = tx.store.audit(&AuditQuery::Person {
                id: person_id.to_owned(),
            })?;
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let erasure = Erasure {
                licences: count(licences.len()),
                attachments: count(attachments),
                seats: count(seats),
                blanked_entries: blank(tx, about)?,
            };
            let counted = |field: &str, n: u32| Change {
                field: field.into(),
                old: Some(n.to_string()),
                new: None,
            };
            tx.audit(
                "erase_person",
                RecordKind::Person,
                person_id,
                Some(person_id),
                vec![
                    counted("licences", erasure.licences),
                    counted("attachments", erasure.attachments),
                    counted("seats", erasure.seats),
                ],
            )?;
            Ok(erasure)
        })
    }
}
