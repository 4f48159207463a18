//! Licence types and licences: record (creating a type inline), edit, renew,
//! delete, look up, and a holder's own list.

use super::fields::fitted_values;
use crate::fields::FieldTarget;
use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result};
use crate::expiry::Status;
use crate::model::{Approval, Licence, LicenceType, Owner, Role};
use crate::renewal::{expiry_from, renewed_expiry, supersede};
use crate::report::status_of;
use crate::store::{LicenceQuery, LicenceRecord, Listing, Page, Records};

use super::custody::{authorise, check_event, save_associations};
use super::people::require_person;
use super::{Context, Tracker, Tx, approval, outbox};
use crate::custody::{Action, Event, Party, Rights};

/// A licence with its status on a date: a holder's "my licences" row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeldLicence {
    /// The licence and its stored state.
    pub record: LicenceRecord,
    /// The type's name.
    pub type_name: String,
    /// Its status on the date asked.
    pub status: Status,
    /// Days left on the date asked.
    pub days_left: Option<i32>,
}

pub(crate) fn require_type(tx: &mut Tx<'_>, id: &str) -> Result<LicenceType> {
    tx.store
        .licence_type(id)?
        .ok_or_else(|| Error::not_found(RecordKind::LicenceType, id))
}

pub(crate) fn require_licence(tx: &mut Tx<'_>, id: &str) -> Result<LicenceRecord> {
    tx.store
        .licence(id)?
        .ok_or_else(|| Error::not_found(RecordKind::Licence, id))
}

/// Refuses to change the type of a licence a site holds (its own upload,
/// or a share answering its request for that type): the association would
/// no longer match. The party edits after the site removes it, or records
/// a licence of the other type.
fn require_unheld(tx: &mut Tx<'_>, record: &LicenceRecord) -> Result<()> {
    let licence = &record.licence;
    let held_by = tx
        .store
        .associations(&licence.holder_id)?
        .into_iter()
        .find(|a| a.licence_id.as_deref() == Some(licence.id.as_str()));
    match held_by {
        Some(association) => Err(Error::transition(
            "shared",
            format!(
                "change the type of licence `{}`, which site `{}` holds",
                licence.id, association.site_id
            ),
        )),
        None => Ok(()),
    }
}

/// Fails when the licence is deleted.
pub(crate) fn require_live(record: &LicenceRecord, action: &str) -> Result<()> {
    match record.deleted_on {
        Some(_) => Err(Error::transition(
            "deleted",
            format!("{action} `{}`", record.licence.id),
        )),
        None => Ok(()),
    }
}

/// Stores a new licence type after checking that its id and name are free.
pub(crate) fn insert_type(tx: &mut Tx<'_>, licence_type: &LicenceType) -> Result<()> {
    licence_type.validate()?;
    if tx.store.licence_type(&licence_type.id)?.is_some() {
        return Err(Error::already_exists(
            RecordKind::LicenceType,
            &licence_type.id,
        ));
    }
    if tx.store.licence_type_named(&licence_type.name)?.is_some() {
        return Err(Error::already_exists(
            RecordKind::LicenceType,
            &licence_type.name,
        ));
    }
    tx.store.put_licence_type(licence_type)?;
    tx.audit_diff(
        "create_licence_type",
        RecordKind::LicenceType,
        &licence_type.id,
        None,
        None,
        Some(licence_type),
    )
}

/// Records a new licence: checks it, derives its expiry from the type's
/// validity or fixed date when none is given, supersedes the licence it
/// renews, and schedules its reminders. A licence recorded `approval`
/// pending supersedes nothing until it is approved.
pub(crate) fn insert_licence(
    tx: &mut Tx<'_>,
    licence: &Licence,
    action: &str,
    approval: Approval,
) -> Result<LicenceRecord> {
    licence.validate()?;
    if licence.superseded_by.is_some() {
        return Err(Error::invalid(
            "licence.superseded_by",
            "is set by a later renewal, not when recording",
        ));
    }
    if tx.store.licence(&licence.id)?.is_some() {
        return Err(Error::already_exists(RecordKind::Licence, &licence.id));
    }
    require_person(tx, &licence.holder_id)?;
    let licence_type = require_type(tx, &licence.type_id)?;
    let mut licence = licence.clone();
    if let Some(previous_id) = &licence.renews {
        let previous = require_licence(tx, previous_id)?;
        require_live(&previous, "renew")?;
        if licence.expiry.is_none() {
            let settings = tx.settings()?;
            let renewed_on = licence.acquired.ok_or_else(|| {
                Error::invalid(
                    "licence.acquired",
                    "a renewal needs an acquired date or an expiry date",
                )
            })?;
            licence.expiry = renewed_expiry(
                &licence_type,
                licence_type.validity,
                previous.licence.expiry,
                renewed_on,
                settings.window,
            )?;
        }
        match approval {
            Approval::Approved => supersede_renewed(tx, previous, &licence)?,
            // Checked now, done when approved.
            _ => supersede(&mut previous.licence.clone(), &licence)?,
        }
    } else if let (None, Some(acquired)) = (licence.expiry, licence.acquired) {
        licence.expiry = expiry_from(&licence_type, licence_type.validity, acquired)?;
    }
    licence.validate()?;
    let mut record = LicenceRecord {
        licence,
        deleted_on: None,
        created_at: tx.ctx.at,
        updated_at: tx.ctx.at,
        reminded_through: None,
        next_reminder: None,
        approval,
        rejection_reason: None,
    };
    outbox::schedule(tx, &mut record, &licence_type)?;
    tx.store.put_licences(std::slice::from_ref(&record))?;
    let licence = &record.licence;
    tx.audit_diff(
        action,
        RecordKind::Licence,
        &licence.id,
        Some(&licence.holder_id),
        None,
        Some(licence),
    )?;
    Ok(record)
}

/// Marks `previous` superseded by its renewal `licence`: no more reminders.
pub(crate) fn supersede_renewed(
    tx: &mut Tx<'_>,
    mut previous: LicenceRecord,
    licence: &Licence,
) -> Result<()> {
    let old = previous.licence.clone();
    supersede(&mut previous.licence, licence)?;
    previous.updated_at = tx.ctx.at;
    previous.next_reminder = None;
    tx.store.put_licences(std::slice::from_ref(&previous))?;
    tx.audit_diff(
        "supersede_licence",
        RecordKind::Licence,
        &old.id,
        Some(&old.holder_id),
        Some(&old),
        Some(&previous.licence),
    )
}

/// Marks a licence deleted on `on`.
pub(crate) fn mark_deleted(
    tx: &mut Tx<'_>,
    record: &LicenceRecord,
    on: Day,
    action: &str,
) -> Result<()> {
    require_live(record, "delete")?;
    let deleted = LicenceRecord {
        deleted_on: Some(on),
        updated_at: tx.ctx.at,
        next_reminder: None,
        ..record.clone()
    };
    tx.store.put_licences(std::slice::from_ref(&deleted))?;
    let licence = &record.licence;
    tx.audit(
        action,
        RecordKind::Licence,
        &licence.id,
        Some(&licence.holder_id),
        vec![crate::audit::Change {
            field: "deleted_on".into(),
            old: None,
            new: Some(on.to_string()),
        }],
    )
}

impl Tracker {
    /// Adds a licence type to the catalogue; its id and its name (compared
    /// case-insensitively) must be new.
    pub fn create_licence_type(&self, ctx: &Context, licence_type: &LicenceType) -> Result<()> {
        self.write(ctx, |tx| insert_type(tx, licence_type))
    }

    /// Replaces a licence type. A changed reminder policy reschedules the
    /// reminders of its licences.
    pub fn update_licence_type(&self, ctx: &Context, licence_type: &LicenceType) -> Result<()> {
        licence_type.validate()?;
        self.write(ctx, |tx| {
            let old = require_type(tx, &licence_type.id)?;
            if let Some(other) = tx.store.licence_type_named(&licence_type.name)?
                && other.id != licence_type.id
            {
                return Err(Error::already_exists(
                    RecordKind::LicenceType,
                    &licence_type.name,
                ));
            }
            tx.store.put_licence_type(licence_type)?;
            tx.audit_diff(
                "update_licence_type",
                RecordKind::LicenceType,
                &old.id,
                None,
                Some(&old),
                Some(licence_type),
            )?;
            if old.policy != licence_type.policy {
                outbox::reschedule(tx, Some(&licence_type.id))?;
            }
            Ok(())
        })
    }

    /// One licence type.
    pub fn licence_type(&self, id: &str) -> Result<LicenceType> {
        self.read(|store| {
            store
                .licence_type(id)?
                .ok_or_else(|| Error::not_found(RecordKind::LicenceType, id))
        })
    }

    /// The catalogue, by id.
    pub fn licence_types(&self) -> Result<Vec<LicenceType>> {
        self.read(|store| store.licence_types())
    }

    /// Records a licence. With `new_type`, the type is created in the same
    /// step (the licence's `type_id` must name it). When the licence names a
    /// licence it `renews`, that one is superseded. Without an expiry date,
    /// the expiry is derived from the type's validity (for a renewal, by the
    /// type's renewal basis).
    pub fn record_licence(
        &self,
        ctx: &Context,
        licence: &Licence,
        new_type: Option<&LicenceType>,
    ) -> Result<LicenceRecord> {
        self.write_licence(ctx, |tx| {
            let party = tx.ctx.party().clone();
            let recorder = match &licence.owner {
                Owner::Candidate => Party::Candidate,
                Owner::Site(site) => Party::Site(site.clone()),
            };
            if party != Party::Staff && (party != recorder || new_type.is_some()) {
                let what = if new_type.is_some() {
                    "create a licence type"
                } else {
                    "record a licence for another owner"
                };
                return Err(Error::denied(party.to_string(), what));
            }
            if let Some(previous) = &licence.renews {
                let previous = require_licence(tx, previous)?;
                authorise(tx.store, &party, &previous, Rights::EDIT, "renew")?;
            }
            if let Some(new_type) = new_type {
                if new_type.id != licence.type_id {
                    return Err(Error::invalid(
                        "licence.type_id",
                        format!(
                            "`{}` is not the new type `{}`",
                            licence.type_id, new_type.id
                        ),
                    ));
                }
                insert_type(tx, new_type)?;
            }
            let fields =
                fitted_values(tx, FieldTarget::Licence, "licence.fields", &licence.fields)?;
            let licence = Licence {
                fields,
                ..licence.clone()
            };
            let approval = approval::on_recording(tx, &licence)?;
            let Party::Site(site) = recorder else {
                return insert_licence(tx, &licence, "record_licence", approval);
            };
            // A site's licence is its upload: it holds it, hidden from the
            // candidate.
            if tx.store.site(&site)?.is_none() {
                return Err(Error::not_found(RecordKind::Site, &site));
            }
            let upload = Event::new(
                Party::Site(site),
                Action::Upload {
                    licence_id: licence.id.clone(),
                    type_id: licence.type_id.clone(),
                    answering: None,
                },
            );
            let change = check_event(tx.store, &licence.holder_id, &upload)?;
            let record = insert_licence(tx, &licence, "record_licence", approval)?;
            save_associations(tx, &licence.holder_id, "custody_upload", &change)?;
            Ok(record)
        })
    }

    /// Changes a licence's details. Holder, owner and renewal links cannot
    /// change here; a changed expiry date schedules its reminders afresh.
    pub fn edit_licence(&self, ctx: &Context, licence: &Licence) -> Result<LicenceRecord> {
        licence.validate()?;
        self.write_licence(ctx, |tx| {
            let old = require_licence(tx, &licence.id)?;
            authorise(tx.store, tx.ctx.party(), &old, Rights::EDIT, "edit")?;
            let fixed = [
                (
                    "licence.holder_id",
                    old.licence.holder_id == licence.holder_id,
                ),
                ("licence.owner", old.licence.owner == licence.owner),
                ("licence.renews", old.licence.renews == licence.renews),
                (
                    "licence.superseded_by",
                    old.licence.superseded_by == licence.superseded_by,
                ),
            ];
            if let Some((field, _)) = fixed.iter().find(|(_, same)| !same) {
                return Err(Error::invalid(*field, "cannot be changed by an edit"));
            }
            let licence_type = require_type(tx, &licence.type_id)?;
            if old.licence.type_id != licence.type_id {
                require_unheld(tx, &old)?;
            }
            let fields =
                fitted_values(tx, FieldTarget::Licence, "licence.fields", &licence.fields)?;
            let licence = &Licence {
                fields,
                ..licence.clone()
            };
            let mut record = LicenceRecord {
                licence: licence.clone(),
                updated_at: tx.ctx.at,
                ..old.clone()
            };
            if old.licence.expiry != licence.expiry {
                record.reminded_through = None;
            }
            let resubmitted = approval::resubmit(&mut record);
            outbox::schedule(tx, &mut record, &licence_type)?;
            tx.store.put_licences(std::slice::from_ref(&record))?;
            tx.audit_diff(
                "edit_licence",
                RecordKind::Licence,
                &licence.id,
                Some(&licence.holder_id),
                Some(&old.licence),
                Some(licence),
            )?;
            if let Some(change) = resubmitted {
                tx.audit(
                    "resubmit_licence",
                    RecordKind::Licence,
                    &licence.id,
                    Some(&licence.holder_id),
                    vec![change],
                )?;
            }
            Ok(record)
        })
    }

    /// Deletes a licence on `on` (kept, without reminders, until purged),
    /// as the custody delete does (SPEC §5): the acting party needs the
    /// Delete right, a candidate-owned licence's shares go back to
    /// `requested` and a site-owned licence's association is dropped. No
    /// party has a right on a deleted licence.
    pub fn delete_licence(&self, ctx: &Context, id: &str, on: Day) -> Result<()> {
        self.write_licence(ctx, |tx| {
            let record = require_licence(tx, id)?;
            let holder = record.licence.holder_id.clone();
            // The custody delete checks the party's Delete right.
            let delete = Event::new(
                tx.ctx.party().clone(),
                Action::Delete {
                    licence_id: id.to_owned(),
                },
            );
            let change = check_event(tx.store, &holder, &delete)?;
            mark_deleted(tx, &record, on, "delete_licence")?;
            save_associations(tx, &holder, "custody_delete", &change)
        })
    }

    /// One licence with its stored state, as `party` may view it: the staff
    /// see it deleted or not; the holder and sites need the View right.
    pub fn licence(&self, id: &str, party: &Party) -> Result<LicenceRecord> {
        party.validate("party")?;
        self.read(|store| {
            let record = store
                .licence(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Licence, id))?;
            authorise(store, party, &record, Rights::VIEW, "view")?;
            Ok(record)
        })
    }

    /// One page of the licences matching `query`, by id.
    pub fn licences(&self, query: &LicenceQuery, page: Page) -> Result<Listing<LicenceRecord>> {
        page.validate()?;
        self.read(|store| store.licence_page(query, page))
    }

    /// A holder's current licences as `viewer` may see them: every holder
    /// sees their own, and people whose role lets them view people
    /// (administrators, managers, trainers, bookers) see everyone's; anyone
    /// else gets a permission error.
    pub fn licences_seen_by(
        &self,
        viewer_id: &str,
        holder_id: &str,
        today: Day,
    ) -> Result<Vec<HeldLicence>> {
        let viewer = self.person(viewer_id)?;
        let views_people = [
            Role::Administrator,
            Role::Manager,
            Role::Trainer,
            Role::Booker,
        ]
        .iter()
        .any(|r| viewer.has_role(*r));
        if viewer_id != holder_id && !(views_people && viewer.active) {
            return Err(Error::denied(
                format!("person `{viewer_id}`"),
                format!("view the licences of `{holder_id}`"),
            ));
        }
        self.licences_of(holder_id, today)
    }

    /// A holder's current licences with their status on `today`, soonest
    /// expiry first — what the holder shows an inspector. Licences a site
    /// owns are hidden from the holder until transferred.
    pub fn licences_of(&self, holder_id: &str, today: Day) -> Result<Vec<HeldLicence>> {
        self.read(|store| {
            if store.person(holder_id)?.is_none() {
                return Err(Error::not_found(RecordKind::Person, holder_id));
            }
            let window = store.settings()?.unwrap_or_default().window;
            let types = store.licence_types()?;
            let query = LicenceQuery {
                holder_id: Some(holder_id.to_owned()),
                ..LicenceQuery::default()
            };
            let mut held: Vec<HeldLicence> = store
                .licences(&query)?
                .into_iter()
                .filter(|r| r.licence.owner == Owner::Candidate)
                .map(|record| {
                    let (status, days_left) = status_of(record.licence.expiry, today, window);
                    let type_name = types
                        .iter()
                        .find(|t| t.id == record.licence.type_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default();
                    HeldLicence {
                        record,
                        type_name,
                        status,
                        days_left,
                    }
                })
                .collect();
            held.sort_by_key(|h| {
                (
                    h.record.licence.expiry.is_none(),
                    h.record.licence.expiry,
                    h.record.licence.id.clone(),
                )
            });
            Ok(held)
        })
    }
}
