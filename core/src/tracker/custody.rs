//! Sites, and the custody of licences held between sites and candidates:
//! events, rights and pending requests; and purging by retention.

use super::fields::fitted_values;
use crate::audit::Change;
use crate::calendar::Day;
use crate::custody::{Action, Association, Custody, Event, LicenceCustody, Party, Rights};
use crate::error::{Error, RecordKind, Result};
use crate::fields::FieldTarget;
use crate::model::{Licence, Owner, Site};
use crate::purge::{PurgeReason, purge_reason};
use crate::store::LicenceRecord;
use crate::store::{LicenceQuery, Records, Store};

use super::licences::{insert_licence, mark_deleted, require_licence};
use super::people::require_person;
use super::{Context, Tracker, Tx, approval};

/// One candidate's custody state, read from the store.
fn custody_of(store: &mut dyn Store, candidate_id: &str) -> Result<Custody> {
    if store.person(candidate_id)?.is_none() {
        return Err(Error::not_found(RecordKind::Person, candidate_id));
    }
    let query = LicenceQuery {
        holder_id: Some(candidate_id.to_owned()),
        include_superseded: true,
        include_deleted: true,
        ..LicenceQuery::default()
    };
    let licences = store
        .licences(&query)?
        .into_iter()
        .map(|r| LicenceCustody {
            licence_id: r.licence.id,
            type_id: r.licence.type_id,
            owner: r.licence.owner,
            deleted: r.deleted_on.is_some(),
        })
        .collect();
    Ok(Custody {
        licences,
        associations: store.associations(candidate_id)?,
    })
}

fn require_site(store: &mut dyn Store, party: &Party) -> Result<()> {
    match party {
        Party::Site(id) if store.site(id)?.is_none() => Err(Error::not_found(RecordKind::Site, id)),
        _ => Ok(()),
    }
}

/// What `party` may do with a stored licence: the custody rules' answer
/// ([`Custody::rights`]) over its holder's site associations. The staff
/// also view a deleted licence, which the organisation keeps until purged.
pub(crate) fn rights_on(
    store: &mut dyn Store,
    party: &Party,
    record: &LicenceRecord,
) -> Result<Rights> {
    let licence = &record.licence;
    let associations = match party {
        Party::Site(_) => store.associations(&licence.holder_id)?,
        Party::Candidate | Party::Staff => Vec::new(),
    };
    let custody = Custody {
        licences: vec![LicenceCustody {
            licence_id: licence.id.clone(),
            type_id: licence.type_id.clone(),
            owner: licence.owner.clone(),
            deleted: record.deleted_on.is_some(),
        }],
        associations,
    };
    Ok(match party {
        Party::Staff if record.deleted_on.is_some() => Rights::VIEW,
        _ => custody.rights(&licence.id, party),
    })
}

/// Refuses with permission denied unless `party` holds `right` on the
/// licence; `action` names what was attempted.
pub(crate) fn authorise(
    store: &mut dyn Store,
    party: &Party,
    record: &LicenceRecord,
    right: Rights,
    action: &str,
) -> Result<()> {
    if rights_on(store, party, record)?.contains(right) {
        Ok(())
    } else {
        Err(Error::denied(
            party.to_string(),
            format!("{action} licence `{}`", record.licence.id),
        ))
    }
}

/// Checks `event` against the custody of `candidate_id`: the custody
/// before and after it.
pub(crate) fn check_event(
    store: &mut dyn Store,
    candidate_id: &str,
    event: &Event,
) -> Result<(Custody, Custody)> {
    let before = custody_of(store, candidate_id)?;
    let after = before.apply(event)?;
    Ok((before, after))
}

/// Stores the associations an event changed, with an audit entry named
/// `action`.
pub(crate) fn save_associations(
    tx: &mut Tx<'_>,
    candidate_id: &str,
    action: &str,
    (before, after): &(Custody, Custody),
) -> Result<()> {
    if after.associations == before.associations {
        return Ok(());
    }
    tx.store
        .put_associations(candidate_id, &after.associations)?;
    let text = |a: &[Association]| serde_json::to_string(a).ok();
    tx.audit(
        action,
        RecordKind::Person,
        candidate_id,
        Some(candidate_id),
        vec![Change {
            field: "associations".into(),
            old: text(&before.associations),
            new: text(&after.associations),
        }],
    )
}

/// The licence an upload records, checked against the event.
fn uploaded(
    candidate_id: &str,
    event: &Event,
    upload: Option<&Licence>,
) -> Result<Option<Licence>> {
    let Action::Upload {
        licence_id,
        type_id,
        ..
    } = &event.action
    else {
        return Ok(None);
    };
    let licence = upload.ok_or_else(|| Error::invalid("licence", "an upload needs the licence"))?;
    if licence.id != *licence_id || licence.type_id != *type_id || licence.holder_id != candidate_id
    {
        return Err(Error::invalid(
            "licence",
            "must have the upload's licence id and type, held by the candidate",
        ));
    }
    let owner = match &event.party {
        Party::Site(site) => Owner::Site(site.clone()),
        Party::Candidate | Party::Staff => Owner::Candidate,
    };
    Ok(Some(Licence {
        owner,
        ..licence.clone()
    }))
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Upload { .. } => "custody_upload",
        Action::Transfer { .. } => "custody_transfer",
        Action::Delete { .. } => "custody_delete",
        Action::Request { .. } => "custody_request",
        Action::Withdraw { .. } => "custody_withdraw",
        Action::Share { .. } => "custody_share",
        Action::Unshare { .. } => "custody_unshare",
        Action::Remove { .. } => "custody_remove",
    }
}

/// Writes what a custody event changed about one licence.
fn apply_licence_change(tx: &mut Tx<'_>, event: &Event, on: Day) -> Result<()> {
    match &event.action {
        Action::Transfer { licence_id } => {
            let record = require_licence(tx, licence_id)?;
            let old = record.licence.clone();
            let mut moved = record;
            moved.licence.owner = Owner::Candidate;
            moved.updated_at = tx.ctx.at;
            tx.store.put_licences(std::slice::from_ref(&moved))?;
            tx.audit_diff(
                "custody_transfer",
                RecordKind::Licence,
                licence_id,
                Some(&old.holder_id),
                Some(&old),
                Some(&moved.licence),
            )
        }
        Action::Delete { licence_id } => {
            let record = require_licence(tx, licence_id)?;
            mark_deleted(tx, &record, on, "custody_delete")
        }
        _ => Ok(()),
    }
}

impl Tracker {
    /// Adds a site.
    pub fn create_site(&self, ctx: &Context, site: &Site) -> Result<()> {
        site.validate()?;
        self.write(ctx, |tx| {
            if tx.store.site(&site.id)?.is_some() {
                return Err(Error::already_exists(RecordKind::Site, &site.id));
            }
            tx.store.put_site(site)?;
            tx.audit_diff(
                "create_site",
                RecordKind::Site,
                &site.id,
                None,
                None,
                Some(site),
            )
        })
    }

    /// Every site, by id.
    pub fn sites(&self) -> Result<Vec<Site>> {
        self.read(|store| store.sites())
    }

    /// Applies a custody event to a candidate's licences on `on`. An upload
    /// carries the licence to record (owned by the uploading party). A party
    /// without the right gets a permission error; an event the state does
    /// not allow, an invalid transition; either changes nothing. The staff
    /// submit events for any party; a context acting for a holder or a site
    /// submits only that party's events.
    pub fn custody_event(
        &self,
        ctx: &Context,
        candidate_id: &str,
        event: &Event,
        upload: Option<&Licence>,
        on: Day,
    ) -> Result<()> {
        // The staff submit events for any party; another acts for itself.
        if ![&Party::Staff, &event.party].contains(&ctx.party()) {
            return Err(Error::invalid(
                "ctx.party",
                format!("is not the event's party, {}", event.party),
            ));
        }
        self.write_licence(ctx, |tx| {
            require_person(tx, candidate_id)?;
            require_site(tx.store, &event.party)?;
            if let Action::Request { type_id } | Action::Withdraw { type_id } = &event.action {
                super::licences::require_type(tx, type_id)?;
            }
            let change = check_event(tx.store, candidate_id, event)?;
            if let Some(mut licence) = uploaded(candidate_id, event, upload)? {
                let fields = &licence.fields;
                licence.fields = fitted_values(tx, FieldTarget::Licence, "licence.fields", fields)?;
                let approval = approval::on_recording(tx, &licence)?;
                insert_licence(tx, &licence, "custody_upload", approval)?;
            }
            apply_licence_change(tx, event, on)?;
            save_associations(tx, candidate_id, action_name(&event.action), &change)
        })
    }

    /// What `party` may do with a candidate's licence.
    pub fn rights(&self, candidate_id: &str, licence_id: &str, party: &Party) -> Result<Rights> {
        party.validate("party")?;
        self.read(|store| {
            if store.person(candidate_id)?.is_none() {
                return Err(Error::not_found(RecordKind::Person, candidate_id));
            }
            match store.licence(licence_id)? {
                Some(record) if record.licence.holder_id == candidate_id => {
                    rights_on(store, party, &record)
                }
                _ => Err(Error::not_found(RecordKind::Licence, licence_id)),
            }
        })
    }

    /// A candidate's pending requests: sites waiting for a licence of a
    /// type, as `party` sees them (a site, its own).
    pub fn pending_requests(&self, candidate_id: &str, party: &Party) -> Result<Vec<Association>> {
        let mut pending = self.associations(candidate_id, party)?;
        pending.retain(|a| a.state == crate::custody::AssociationState::Requested);
        Ok(pending)
    }

    /// A candidate's site associations, in the order they were made, as
    /// `party` sees them: a site sees only its own; the candidate and the
    /// staff see all.
    pub fn associations(&self, candidate_id: &str, party: &Party) -> Result<Vec<Association>> {
        party.validate("party")?;
        self.read(|store| {
            let mut associations = custody_of(store, candidate_id)?.associations;
            if let Party::Site(site) = party {
                associations.retain(|a| a.site_id == *site);
            }
            Ok(associations)
        })
    }

    /// Purges the licences (with their attachments) that the organisation's
    /// retention says are due on `today`. Each purge leaves an audit entry
    /// naming only the licence id and the reason, and blanks the personal
    /// data of the earlier entries about the licence.
    pub fn purge(&self, ctx: &Context, today: Day) -> Result<Vec<(String, PurgeReason)>> {
        self.write(ctx, |tx| {
            let retention = tx.settings()?.retention;
            // A loose bound (months are at most 31 days); the rule decides.
            let bound = |keep: Option<crate::calendar::Period>| {
                keep.map_or(Day::first(), |k| today.plus_days(1 - k.max_days() + 3))
            };
            let candidates = tx.store.purge_candidates(
                bound(retention.after_expiry),
                bound(retention.after_deletion).plus_days(1),
            )?;
            let mut purged = Vec::new();
            for record in candidates {
                let Some(reason) =
                    purge_reason(record.licence.expiry, record.deleted_on, &retention, today)
                else {
                    continue;
                };
                if record.deleted_on.is_none() {
                    // Purged while live: its shares go back to pending, as
                    // when it is deleted.
                    let holder = &record.licence.holder_id;
                    let delete = Event::new(
                        Party::Staff,
                        Action::Delete {
                            licence_id: record.licence.id.clone(),
                        },
                    );
                    let change = check_event(tx.store, holder, &delete)?;
                    save_associations(tx, holder, "purge_licence", &change)?;
                }
                super::privacy::forget_licence(tx, &record)?;
                tx.store.remove_licence(&record.licence.id)?;
                tx.audit(
                    "purge_licence",
                    RecordKind::Licence,
                    &record.licence.id,
                    None,
                    vec![Change {
                        field: "reason".into(),
                        old: None,
                        new: Some(reason.as_str().into()),
                    }],
                )?;
                purged.push((record.licence.id, reason));
            }
            Ok(purged)
        })
    }
}
