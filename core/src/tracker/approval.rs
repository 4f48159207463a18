//! Approval of self-submitted licences (SPEC §10): a licence of a type that
//! requires approval, recorded by its holder, starts pending; an
//! administrator or a manager approves it or rejects it with a reason.
//! Only an approved licence counts towards requirements and gets reminders.

use crate::audit::Change;
use crate::error::{Error, RecordKind, Result};
use crate::model::{Approval, Licence, Role};
use crate::store::{LicenceRecord, Listing, Page, Records};
use crate::validate;

use super::licences::{require_licence, require_live, require_type, supersede_renewed};
use super::{Context, Tracker, Tx, outbox};
use crate::custody::Party;

/// The approval a licence is recorded with: pending when its type requires
/// approval and its holder records it (the context acts for the candidate,
/// or its actor is the holder); approved otherwise.
pub(crate) fn on_recording(tx: &mut Tx<'_>, licence: &Licence) -> Result<Approval> {
    let licence_type = require_type(tx, &licence.type_id)?;
    let by_holder = *tx.ctx.party() == Party::Candidate || tx.ctx.actor == licence.holder_id;
    Ok(if licence_type.requires_approval && by_holder {
        Approval::Pending
    } else {
        Approval::Approved
    })
}

/// Returns a rejected licence whose evidence changed to pending, clearing
/// the reason; the change to audit, when there was one.
pub(crate) fn resubmit(record: &mut LicenceRecord) -> Option<Change> {
    if record.approval != Approval::Rejected {
        return None;
    }
    record.approval = Approval::Pending;
    record.rejection_reason = None;
    Some(approval_change(Approval::Rejected, Approval::Pending))
}

/// [`resubmit`] for the licence `licence_id` after a change to its
/// attachments, stored and audited.
pub(crate) fn resubmit_stored(tx: &mut Tx<'_>, licence_id: &str) -> Result<()> {
    let mut record = require_licence(tx, licence_id)?;
    let Some(change) = resubmit(&mut record) else {
        return Ok(());
    };
    record.updated_at = tx.ctx.at;
    tx.store.put_licences(std::slice::from_ref(&record))?;
    tx.audit(
        "resubmit_licence",
        RecordKind::Licence,
        licence_id,
        Some(&record.licence.holder_id),
        vec![change],
    )
}

fn approval_change(old: Approval, new: Approval) -> Change {
    Change {
        field: "approval".into(),
        old: Some(old.as_str().into()),
        new: Some(new.as_str().into()),
    }
}

/// The decision on a pending licence.
enum Decision<'r> {
    Approve,
    Reject(&'r str),
}

impl Tracker {
    /// Approves a pending licence: it counts towards requirements and its
    /// reminders start; the licence it renews is superseded now. The
    /// context's actor must be an active person with the administrator or
    /// manager role, other than the holder.
    pub fn approve_licence(&self, ctx: &Context, id: &str) -> Result<LicenceRecord> {
        self.decide(ctx, id, Decision::Approve)
    }

    /// Rejects a pending licence with `reason`, which its holder sees; it
    /// stays without reminders and counts towards nothing until its
    /// evidence is edited, which makes it pending again.
    pub fn reject_licence(&self, ctx: &Context, id: &str, reason: &str) -> Result<LicenceRecord> {
        validate::name("reason", reason)?;
        self.decide(ctx, id, Decision::Reject(reason))
    }

    /// One page of the licences awaiting approval, by id.
    pub fn approvals(&self, page: Page) -> Result<Listing<LicenceRecord>> {
        page.validate()?;
        self.read(|store| store.approval_page(page))
    }

    fn decide(&self, ctx: &Context, id: &str, decision: Decision<'_>) -> Result<LicenceRecord> {
        let action = match decision {
            Decision::Approve => "approve",
            Decision::Reject(_) => "reject",
        };
        self.write(ctx, |tx| {
            let mut record = require_licence(tx, id)?;
            let holder = record.licence.holder_id.clone();
            let decider = tx.store.person(&tx.ctx.actor)?;
            let may_decide = decider.is_some_and(|p| {
                p.active && (p.has_role(Role::Administrator) || p.has_role(Role::Manager))
            });
            if !may_decide || tx.ctx.actor == holder {
                return Err(Error::denied(
                    format!("person `{}`", tx.ctx.actor),
                    format!("{action} licence `{id}`"),
                ));
            }
            require_live(&record, action)?;
            if record.approval != Approval::Pending {
                return Err(Error::transition(
                    record.approval.as_str(),
                    format!("{action} licence `{id}`"),
                ));
            }
            let new = match decision {
                Decision::Approve => Approval::Approved,
                Decision::Reject(_) => Approval::Rejected,
            };
            record.approval = new;
            record.updated_at = tx.ctx.at;
            let mut changes = vec![approval_change(Approval::Pending, new)];
            if let Decision::Reject(reason) = decision {
                record.rejection_reason = Some(reason.to_owned());
                changes.push(Change {
                    field: "rejection_reason".into(),
                    old: None,
                    new: Some(reason.to_owned()),
                });
            }
            if new == Approval::Approved
                && let Some(previous) = &record.licence.renews
            {
                let previous = require_licence(tx, previous)?;
                if previous.deleted_on.is_none() && !previous.licence.is_superseded() {
                    supersede_renewed(tx, previous, &record.licence)?;
                }
            }
            let licence_type = require_type(tx, &record.licence.type_id)?;
            outbox::schedule(tx, &mut record, &licence_type)?;
            tx.store.put_licences(std::slice::from_ref(&record))?;
            tx.audit(
                &format!("{action}_licence"),
                RecordKind::Licence,
                id,
                Some(&holder),
                changes,
            )?;
            Ok(record.clone())
        })
    }
}
