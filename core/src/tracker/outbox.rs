//! The reminders outbox: which reminders are due on a date, acknowledging
//! them as sent, and digests per recipient.
//!
//! Each stored licence carries `next_reminder`, the first date one of its
//! reminders can be due, so a day's reminders are an indexed range query
//! rather than a scan of every licence.

use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result};
use crate::model::{Approval, LicenceType, Person, Role};
use crate::reminders::{Digest, DueReminder, Roster, Schedule, digests};
use crate::store::{
    AcknowledgementRecord, LicenceQuery, LicenceRecord, PeopleQuery, Records, ReminderClaim, Store,
};

use super::licences::require_licence;
use super::{Context, Tracker, Tx};

/// The longest lease a claim on reminders may ask for: a day.
pub const MAX_LEASE_SECONDS: u32 = 86_400;

/// Sets `record.next_reminder` from its expiry, its acknowledged reminders
/// and its type's policy (the organisation default when it has none).
pub(crate) fn schedule(
    tx: &mut Tx<'_>,
    record: &mut LicenceRecord,
    licence_type: &LicenceType,
) -> Result<()> {
    let settings = tx.settings()?;
    let policy = licence_type
        .policy
        .as_ref()
        .unwrap_or(&settings.default_policy);
    let schedule = Schedule::new(policy)?;
    record.next_reminder = next_reminder(record, &schedule);
    Ok(())
}

fn next_reminder(record: &LicenceRecord, schedule: &Schedule) -> Option<Day> {
    let live = record.deleted_on.is_none()
        && !record.licence.is_superseded()
        && record.approval == Approval::Approved;
    let expiry = record.licence.expiry.filter(|_| live)?;
    schedule.next_trigger(expiry, record.reminded_through)
}

/// Recomputes the next reminder of every current licence (of one type, when
/// given) after a policy change.
pub(crate) fn reschedule(tx: &mut Tx<'_>, type_id: Option<&str>) -> Result<()> {
    let settings = tx.settings()?;
    let types = tx.store.licence_types()?;
    let query = LicenceQuery {
        type_id: type_id.map(str::to_owned),
        ..LicenceQuery::default()
    };
    let mut changed = Vec::new();
    for licence_type in types.iter().filter(|t| type_id.is_none_or(|id| t.id == id)) {
        let policy = licence_type
            .policy
            .as_ref()
            .unwrap_or(&settings.default_policy);
        let schedule = Schedule::new(policy)?;
        let query = LicenceQuery {
            type_id: Some(licence_type.id.clone()),
            ..query.clone()
        };
        for mut record in tx.store.licences(&query)? {
            let next = next_reminder(&record, &schedule);
            if next != record.next_reminder {
                record.next_reminder = next;
                changed.push(record);
            }
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    tx.store.put_licences(&changed)
}

/// The reminders due on `today`, read in a few coarse store calls.
fn due_on(store: &mut dyn Store, today: Day) -> Result<Vec<DueReminder>> {
    let settings = store.settings()?.unwrap_or_default();
    let types = store.licence_types()?;
    // Recipients that are not holders: administrators and managers.
    let staff = |role| PeopleQuery {
        active: Some(true),
        role: Some(role),
        ..PeopleQuery::default()
    };
    let mut people: Vec<Person> = store.people(&staff(Role::Administrator))?;
    people.extend(store.people(&staff(Role::Manager))?);
    let empty: [Person; 0] = [];
    let all_types = Roster::new(&empty, &types, &settings.default_policy)?;
    let candidates = store.reminder_candidates(
        today,
        today.plus_days(-all_types.days_due_after_expiry()),
        today.plus_days(all_types.days_due_before_expiry().max(0)),
    )?;
    people.extend(candidates.holders);
    people.sort_by(|a, b| a.id.cmp(&b.id));
    people.dedup_by(|a, b| a.id == b.id);
    // Line managers receive their people's escalations (SPEC §3.2).
    let line_managers: Vec<String> = people
        .iter()
        .filter_map(|p| p.line_manager.clone())
        .filter(|m| people.binary_search_by(|p| p.id.as_str().cmp(m)).is_err())
        .collect();
    if !line_managers.is_empty() {
        people.extend(store.people_with_ids(&line_managers)?);
        people.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let roster = Roster::new(&people, &types, &settings.default_policy)?;
    let mut due = Vec::new();
    for record in &candidates.records {
        due.extend(roster.due_for(&record.licence, record.reminded_through, today)?);
    }
    due.sort_by(|a, b| (a.expiry, &a.licence_id).cmp(&(b.expiry, &b.licence_id)));
    Ok(due)
}

impl Tracker {
    /// The reminders due on `today`, soonest expiry first.
    pub fn due_reminders(&self, today: Day) -> Result<Vec<DueReminder>> {
        self.read(|store| due_on(store, today))
    }

    /// The reminders due on `today`, one digest per recipient.
    pub fn digests(&self, today: Day) -> Result<Vec<Digest>> {
        self.read(|store| due_on(store, today))
            .map(|due| digests(&due))
    }

    /// Hands the reminders due on `today` to `worker` for `lease_seconds`
    /// (from the context's time), soonest expiry first, at most `limit`:
    /// those claimed by no one, those whose lease has lapsed, and those the
    /// same worker claimed before (their lease starts again). A reminder
    /// claimed by another worker is not handed out until its lease lapses;
    /// acknowledging it releases the claim for good. Several servers
    /// claiming the same morning's reminders each get their own share, and
    /// every reminder is handed out once.
    pub fn claim_reminders(
        &self,
        ctx: &Context,
        today: Day,
        worker: &str,
        lease_seconds: u32,
        limit: Option<u32>,
    ) -> Result<Vec<DueReminder>> {
        crate::validate::id("worker", worker)?;
        if lease_seconds == 0 {
            return Err(Error::invalid(
                "lease_seconds",
                "a lease lasts at least a second",
            ));
        }
        if lease_seconds > MAX_LEASE_SECONDS {
            return Err(Error::limit("lease_seconds", MAX_LEASE_SECONDS.into()));
        }
        if limit == Some(0) {
            return Err(Error::invalid("limit", "at least one reminder is claimed"));
        }
        self.write(ctx, |tx| {
            let due = due_on(tx.store, today)?;
            let ids: Vec<String> = due.iter().map(|r| r.licence_id.clone()).collect();
            let held: std::collections::HashMap<String, ReminderClaim> = tx
                .store
                .claims(&ids)?
                .into_iter()
                .map(|claim| (claim.licence_id.clone(), claim))
                .collect();
            let taken_by_another = |reminder: &DueReminder| {
                held.get(&reminder.licence_id).is_some_and(|claim| {
                    claim.expiry == reminder.expiry
                        && claim.trigger == reminder.trigger
                        && claim.until > tx.ctx.at
                        && claim.worker != worker
                })
            };
            let claimed: Vec<DueReminder> = due
                .iter()
                .filter(|reminder| !taken_by_another(reminder))
                .take(limit.map_or(usize::MAX, |n| n as usize))
                .cloned()
                .collect();
            let until = tx.ctx.at.saturating_add(lease_seconds.into());
            let claims: Vec<ReminderClaim> = claimed
                .iter()
                .map(|reminder| ReminderClaim {
                    licence_id: reminder.licence_id.clone(),
                    expiry: reminder.expiry,
                    trigger: reminder.trigger,
                    worker: worker.to_owned(),
                    until,
                })
                .collect();
            tx.store.put_claims(&claims)?;
            Ok(claimed)
        })
    }

    /// Records that the reminder for `licence_id` with `trigger`, for the
    /// licence's `expiry`, was sent: it is never due again. Acknowledging
    /// twice, or a reminder older than one already acknowledged, is harmless.
    pub fn acknowledge(
        &self,
        ctx: &Context,
        licence_id: &str,
        expiry: Day,
        trigger: Day,
    ) -> Result<()> {
        self.write(ctx, |tx| {
            let mut record = require_licence(tx, licence_id)?;
            let current = record.licence.expiry;
            if current != Some(expiry) {
                return Err(Error::invalid(
                    "expiry",
                    format!("`{expiry}` is not the current expiry of licence `{licence_id}`"),
                ));
            }
            if trigger > expiry.plus_days(3660) || trigger < expiry.plus_days(-3660) {
                return Err(Error::invalid(
                    "trigger",
                    format!("`{trigger}` is not a reminder date of this licence"),
                ));
            }
            if record.reminded_through.is_some_and(|t| t >= trigger) {
                return Ok(());
            }
            tx.store.remove_claim(licence_id)?;
            let licence_type =
                tx.store
                    .licence_type(&record.licence.type_id)?
                    .ok_or_else(|| {
                        Error::not_found(RecordKind::LicenceType, &record.licence.type_id)
                    })?;
            let old = record.reminded_through;
            record.reminded_through = Some(trigger);
            schedule(tx, &mut record, &licence_type)?;
            tx.store.put_licences(std::slice::from_ref(&record))?;
            tx.store.put_acknowledgement(&AcknowledgementRecord {
                licence_id: licence_id.to_owned(),
                expiry,
                trigger,
                at: tx.ctx.at,
            })?;
            tx.audit(
                "acknowledge_reminder",
                RecordKind::Reminder,
                licence_id,
                Some(&record.licence.holder_id),
                vec![crate::audit::Change {
                    field: "reminded_through".into(),
                    old: old.map(|d| d.to_string()),
                    new: Some(trigger.to_string()),
                }],
            )
        })
    }

    /// A licence's acknowledged reminders, oldest first.
    pub fn acknowledgements(&self, licence_id: &str) -> Result<Vec<AcknowledgementRecord>> {
        self.read(|store| store.acknowledgements(licence_id))
    }
}
