//! Which reminders are due on a date (SPEC §3.3), who receives them, and
//! digests per recipient.
//!
//! A licence's reminders for one expiry date form a sequence of *slots* in
//! time order: one per lead (trigger = expiry − lead) and, after expiry, one
//! per after-expiry repeat (trigger = expiry + n × every). On a date only the
//! most recent triggered slot can be due; earlier unacknowledged slots are
//! skipped. Acknowledging a slot records its trigger date, so the state of a
//! licence is one date per expiry: the latest acknowledged trigger.
//!
//! A lead stays due until the expiry day; an after-expiry reminder stays due
//! until the next one would come, and the last one for as long as the
//! interval, so a licence that expired long ago sends nothing more.
//!
//! A slot whose trigger would fall outside 0001-01-01 … 9999-12-31 (a
//! 3-month lead of a licence expiring in January of year 1, a repeat after
//! an expiry late in 9999) does not exist: it is never due and never the
//! next reminder, so every reminder issued has a trigger that can be
//! stored and acknowledged, and such a licence is recorded like any other.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Period};
use crate::error::{Error, RecordKind, Result};
use crate::expiry::{Expiry, check_batch_len};
use crate::fields::folded;
use crate::model::{Licence, LicenceType, Owner, Person, Role};
use crate::policy::{AfterExpiry, ReminderPolicy};

/// A policy prepared for the batch path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    leads: Vec<Period>,
    after_expiry: Option<AfterExpiry>,
    max_lead_days: i32,
}

impl Schedule {
    /// Prepares a validated policy.
    pub fn new(policy: &ReminderPolicy) -> Result<Self> {
        policy.validate()?;
        Ok(Self {
            leads: policy.leads.clone(),
            after_expiry: policy.after_expiry,
            max_lead_days: policy
                .leads
                .iter()
                .map(|l| l.max_days())
                .max()
                .unwrap_or(-1),
        })
    }

    /// The slot due on `today` for a licence expiring on `expiry` whose
    /// reminders were acknowledged up to the trigger `acknowledged_through`.
    #[inline]
    pub fn due(&self, expiry: Day, acknowledged_through: Option<Day>, today: Day) -> Option<Slot> {
        let days_left = expiry.days_since(today);
        let acked = acknowledged_through.map_or(i32::MIN, Day::number);
        if days_left >= 0 {
            if days_left > self.max_lead_days {
                return None;
            }
            let mut best: Option<(Day, Period)> = None;
            let mut pending = 0u16;
            for &lead in &self.leads {
                let Some(trigger) = lead.before(expiry) else {
                    continue;
                };
                if trigger <= today && trigger.number() > acked {
                    pending += 1;
                    if best.is_none_or(|(t, _)| trigger > t) {
                        best = Some((trigger, lead));
                    }
                }
            }
            best.map(|(trigger, lead)| Slot {
                trigger,
                lead: Some(lead),
                occurrence: 0,
                days_left,
                skipped: pending - 1,
            })
        } else {
            let after = self.after_expiry?;
            let every = i32::from(after.every_days);
            let since = -days_left;
            let occurrence = since / every;
            if occurrence == 0 || occurrence > i32::from(after.times) {
                return None;
            }
            let trigger = expiry.plus_days(occurrence * every);
            if trigger.number() <= acked {
                return None;
            }
            let first_pending =
                (acked.saturating_sub(expiry.number()).max(0) / every + 1).min(occurrence);
            Some(Slot {
                trigger,
                lead: None,
                occurrence: occurrence as u16,
                days_left,
                skipped: (occurrence - first_pending) as u16,
            })
        }
    }
}

impl Schedule {
    /// The earliest trigger after `acknowledged_through` (all triggers when
    /// `None`) for a licence expiring on `expiry`: the first date anything
    /// can be due. `None` when every slot is acknowledged.
    pub fn next_trigger(&self, expiry: Day, acknowledged_through: Option<Day>) -> Option<Day> {
        let after = |t: &Day| acknowledged_through.is_none_or(|a| *t > a);
        let leads = self.leads.iter().filter_map(|l| l.before(expiry));
        let repeats = self.after_expiry.into_iter().flat_map(|a| {
            (1..=i32::from(a.times))
                .filter_map(move |k| expiry.plus_days(k * i32::from(a.every_days)).supported())
        });
        leads.chain(repeats).filter(after).min()
    }

    /// The most days before expiry that a reminder can be due (a month
    /// counts 31 days); negative when the policy has no lead.
    pub fn days_due_before_expiry(&self) -> i32 {
        self.max_lead_days
    }

    /// The most days after expiry that a reminder can still be due.
    pub fn days_due_after_expiry(&self) -> i32 {
        self.after_expiry.map_or(0, |a| {
            (i32::from(a.times) + 1) * i32::from(a.every_days) - 1
        })
    }
}

/// A reminder slot that is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    /// The date the slot became due; acknowledging it records this date.
    pub trigger: Day,
    /// The lead, for a reminder before (or on) the expiry day.
    pub lead: Option<Period>,
    /// For an after-expiry reminder, which one (1 = the first); 0 before.
    pub occurrence: u16,
    /// Expiry − today.
    pub days_left: i32,
    /// Earlier unacknowledged slots skipped in favour of this one.
    pub skipped: u16,
}

/// Flags of a [`ReminderInput`].
pub mod flags {
    /// A newer licence renewed this one.
    pub const SUPERSEDED: u32 = 1;
    /// The licence is deleted.
    pub const DELETED: u32 = 2;
    /// The holder is inactive.
    pub const HOLDER_INACTIVE: u32 = 4;
    /// Every known flag.
    pub const ALL: u32 = SUPERSEDED | DELETED | HOLDER_INACTIVE;
}

/// `acknowledged_through` of a [`ReminderInput`] with nothing acknowledged.
pub const NOTHING_ACKNOWLEDGED: i32 = i32::MIN;

/// The batch input record for due reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct ReminderInput {
    /// The expiry date.
    pub expiry: Expiry,
    /// Latest acknowledged trigger for this expiry (day number), or
    /// [`NOTHING_ACKNOWLEDGED`].
    pub acknowledged_through: i32,
    /// Index of the licence's schedule in the batch's schedules.
    pub schedule: u32,
    /// Any of [`flags`].
    pub flags: u32,
}

/// The batch output record: one per licence with a reminder due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct DueSlot {
    /// Position of the licence in the batch.
    pub index: u32,
    /// The trigger date (day number) to acknowledge.
    pub trigger: i32,
    /// Expiry − today.
    pub days_left: i32,
    /// The lead before expiry; `0 days` for after-expiry reminders.
    pub lead: Period,
    /// For an after-expiry reminder, which one (1 = the first); 0 before.
    pub occurrence: u16,
    /// Earlier unacknowledged reminders skipped in favour of this one.
    pub skipped: u16,
}

/// The reminders due on `today` for a batch of licences: compact records in,
/// one [`DueSlot`] per licence with a reminder due out.
pub fn due_slots(
    inputs: &[ReminderInput],
    schedules: &[Schedule],
    today: Day,
) -> Result<Vec<DueSlot>> {
    check_batch_len(inputs.len())?;
    let mut out = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let Some(schedule) = schedules.get(input.schedule as usize) else {
            return Err(Error::invalid(
                format!("inputs[{index}].schedule"),
                format!(
                    "`{}` is not one of the {} schedules",
                    input.schedule,
                    schedules.len()
                ),
            ));
        };
        if input.flags & !flags::ALL != 0 {
            return Err(Error::invalid(
                format!("inputs[{index}].flags"),
                format!("`{}` has unknown bits", input.flags),
            ));
        }
        if input.flags != 0 || input.expiry == Expiry::NEVER {
            continue;
        }
        let expiry = Day::from_number(&format!("inputs[{index}].expiry"), input.expiry.0)?;
        let acknowledged = (input.acknowledged_through != NOTHING_ACKNOWLEDGED)
            .then_some(input.acknowledged_through)
            .map(|n| Day::from_number(&format!("inputs[{index}].acknowledged_through"), n))
            .transpose()?;
        if let Some(slot) = schedule.due(expiry, acknowledged, today) {
            out.push(DueSlot {
                index: index as u32,
                trigger: slot.trigger.number(),
                days_left: slot.days_left,
                lead: slot.lead.unwrap_or(Period::days(0)),
                occurrence: slot.occurrence,
                skipped: slot.skipped,
            });
        }
    }
    out.shrink_to_fit();
    Ok(out)
}

/// A host's record that a reminder was sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Acknowledgement {
    /// The licence.
    pub licence_id: String,
    /// The expiry date the reminder was for.
    pub expiry: Day,
    /// The reminder's trigger date.
    pub trigger: Day,
}

/// A reminder due today, with everything a host needs to send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DueReminder {
    /// The licence.
    pub licence_id: String,
    /// Its holder.
    pub holder_id: String,
    /// The holder's display name.
    pub holder_name: String,
    /// Its licence type.
    pub type_id: String,
    /// The type's name.
    pub type_name: String,
    /// The expiry date.
    pub expiry: Day,
    /// The trigger date: acknowledge with this date.
    pub trigger: Day,
    /// The lead, for a reminder before (or on) the expiry day.
    pub lead: Option<Period>,
    /// For an after-expiry reminder, which one (1 = the first); 0 before.
    pub occurrence: u16,
    /// Expiry − today.
    pub days_left: i32,
    /// Earlier unacknowledged reminders skipped in favour of this one.
    pub skipped: u16,
    /// Who receives it, without duplicates (compared case-insensitively).
    pub recipients: Vec<String>,
}

impl DueReminder {
    /// The acknowledgement that marks this reminder as sent.
    pub fn acknowledgement(&self) -> Acknowledgement {
        Acknowledgement {
            licence_id: self.licence_id.clone(),
            expiry: self.expiry,
            trigger: self.trigger,
        }
    }
}

/// The people and types of an organisation, indexed for reminders.
#[derive(Debug)]
pub struct Roster<'a> {
    people: HashMap<&'a str, &'a Person>,
    types: HashMap<&'a str, (&'a LicenceType, Schedule)>,
    default_schedule: Schedule,
    default_policy: &'a ReminderPolicy,
    administrators: Vec<&'a str>,
    /// The active managers of each department (or, for managers without
    /// one, location), found through the two maps by the folded name.
    manager_groups: Vec<Vec<&'a str>>,
    groups_by_department: HashMap<String, usize>,
    groups_by_location: HashMap<String, usize>,
    /// The group of each line manager who can receive reminders (active,
    /// with an address), by their id.
    groups_by_line_manager: HashMap<&'a str, usize>,
    /// Who besides the holder receives a reminder, made once per licence
    /// type, group of managers and side of the expiry date, then reused
    /// for every reminder of the batch.
    staff: RefCell<HashMap<StaffKey<'a>, Vec<&'a str>>>,
}

/// A licence type, whether the reminder comes after expiry, and the group
/// of managers escalated to.
type StaffKey<'a> = (&'a str, bool, Option<usize>);

impl<'a> Roster<'a> {
    /// Indexes `people` and `types` under the organisation's default policy;
    /// every person's e-mail address must pass [`validate::email`].
    pub fn new(
        people: &'a [Person],
        types: &'a [LicenceType],
        default_policy: &'a ReminderPolicy,
    ) -> Result<Self> {
        let mut roster = Self {
            people: HashMap::with_capacity(people.len()),
            types: HashMap::with_capacity(types.len()),
            default_schedule: Schedule::new(default_policy)?,
            default_policy,
            administrators: Vec::new(),
            manager_groups: Vec::new(),
            groups_by_department: HashMap::new(),
            groups_by_location: HashMap::new(),
            groups_by_line_manager: HashMap::new(),
            staff: RefCell::default(),
        };
        for person in people {
            if roster.people.insert(&person.id, person).is_some() {
                return Err(Error::already_exists(RecordKind::Person, &person.id));
            }
            let Some(email) = person.email.as_deref().filter(|_| person.active) else {
                continue;
            };
            if person.has_role(Role::Administrator) {
                roster.administrators.push(email);
            }
            if person.has_role(Role::Manager) {
                let groups = match (&person.department, &person.location) {
                    (Some(department), _) => Some((&mut roster.groups_by_department, department)),
                    (None, Some(location)) => Some((&mut roster.groups_by_location, location)),
                    (None, None) => None,
                };
                if let Some((groups, place)) = groups {
                    let group = *groups.entry(folded(place)).or_insert_with(|| {
                        roster.manager_groups.push(Vec::new());
                        roster.manager_groups.len() - 1
                    });
                    roster.manager_groups[group].push(email);
                }
            }
        }
        for manager in people.iter().filter_map(|p| p.line_manager.as_deref()) {
            let Some(person) = roster.people.get(manager) else {
                continue;
            };
            let Some(email) = person.email.as_deref().filter(|_| person.active) else {
                continue;
            };
            if !roster.groups_by_line_manager.contains_key(manager) {
                roster.manager_groups.push(vec![email]);
                let group = roster.manager_groups.len() - 1;
                roster.groups_by_line_manager.insert(&person.id, group);
            }
        }
        for licence_type in types {
            let schedule = match &licence_type.policy {
                Some(policy) => Schedule::new(policy)?,
                None => roster.default_schedule.clone(),
            };
            if roster
                .types
                .insert(&licence_type.id, (licence_type, schedule))
                .is_some()
            {
                return Err(Error::already_exists(
                    RecordKind::LicenceType,
                    &licence_type.id,
                ));
            }
        }
        Ok(roster)
    }

    /// The group of the holder's managers: their line manager when one is
    /// set, active and has an address; otherwise the active managers of the
    /// holder's department, or, for a holder without a department,
    /// managers without a department at the holder's location (both
    /// compared ignoring case and surrounding spaces).
    fn manager_group(&self, holder: &Person) -> Option<usize> {
        let line_manager = holder.line_manager.as_deref();
        if let Some(group) = line_manager.and_then(|m| self.groups_by_line_manager.get(m)) {
            return Some(*group);
        }
        match (&holder.department, &holder.location) {
            (Some(department), _) => self.groups_by_department.get(&folded(department)),
            (None, Some(location)) => self.groups_by_location.get(&folded(location)),
            (None, None) => None,
        }
        .copied()
    }

    /// The reminders due on `today` for `licences`, given the reminders
    /// already acknowledged. Superseded licences and licences of inactive
    /// holders get none.
    pub fn due_reminders(
        &self,
        licences: &[Licence],
        acknowledgements: &[Acknowledgement],
        today: Day,
    ) -> Result<Vec<DueReminder>> {
        check_batch_len(licences.len())?;
        let mut acknowledged: HashMap<(&str, Day), Day> = HashMap::new();
        for ack in acknowledgements {
            let latest = acknowledged
                .entry((&ack.licence_id, ack.expiry))
                .or_insert(ack.trigger);
            *latest = (*latest).max(ack.trigger);
        }
        let mut due = Vec::new();
        for licence in licences {
            let through = licence
                .expiry
                .and_then(|e| acknowledged.get(&(licence.id.as_str(), e)).copied());
            due.extend(self.due_for(licence, through, today)?);
        }
        Ok(due)
    }

    /// The reminder due on `today` for one licence whose reminders for its
    /// current expiry were acknowledged up to `acknowledged_through`.
    pub fn due_for(
        &self,
        licence: &Licence,
        acknowledged_through: Option<Day>,
        today: Day,
    ) -> Result<Option<DueReminder>> {
        let holder = self
            .people
            .get(licence.holder_id.as_str())
            .ok_or_else(|| Error::not_found(RecordKind::Person, &licence.holder_id))?;
        let (licence_type, schedule) = self
            .types
            .get(licence.type_id.as_str())
            .ok_or_else(|| Error::not_found(RecordKind::LicenceType, &licence.type_id))?;
        let Some(expiry) = licence.expiry else {
            return Ok(None);
        };
        if licence.is_superseded() || !holder.active {
            return Ok(None);
        }
        let Some(slot) = schedule.due(expiry, acknowledged_through, today) else {
            return Ok(None);
        };
        let policy = licence_type.policy.as_ref().unwrap_or(self.default_policy);
        Ok(Some(DueReminder {
            licence_id: licence.id.clone(),
            holder_id: holder.id.clone(),
            holder_name: holder.name.clone(),
            type_id: licence_type.id.clone(),
            type_name: licence_type.name.clone(),
            expiry,
            trigger: slot.trigger,
            lead: slot.lead,
            occurrence: slot.occurrence,
            days_left: slot.days_left,
            skipped: slot.skipped,
            recipients: self.recipients(
                licence_type,
                policy,
                holder,
                licence.owner == Owner::Candidate,
                slot.occurrence > 0,
            ),
        }))
    }

    /// The schedule of a licence type (its own policy or the default).
    pub fn schedule(&self, type_id: &str) -> Result<&Schedule> {
        self.types
            .get(type_id)
            .map(|(_, schedule)| schedule)
            .ok_or_else(|| Error::not_found(RecordKind::LicenceType, type_id))
    }

    /// The most days before expiry that any type's reminder can be due.
    pub fn days_due_before_expiry(&self) -> i32 {
        self.types
            .values()
            .map(|(_, s)| s.days_due_before_expiry())
            .max()
            .unwrap_or(0)
    }

    /// The most days after expiry that any type's reminder can still be due.
    pub fn days_due_after_expiry(&self) -> i32 {
        self.types
            .values()
            .map(|(_, s)| s.days_due_after_expiry())
            .max()
            .unwrap_or(0)
    }

    /// The holder (when the policy says so), then the administrators, the
    /// holder's managers and the policy's extra recipients, as the policy
    /// says for this side of the expiry date, without duplicates.
    fn recipients(
        &self,
        licence_type: &'a LicenceType,
        policy: &'a ReminderPolicy,
        holder: &Person,
        holder_sees: bool,
        after_expiry: bool,
    ) -> Vec<String> {
        let group = policy
            .managers
            .includes(after_expiry)
            .then(|| self.manager_group(holder))
            .flatten();
        let mut cache = self.staff.borrow_mut();
        let staff = cache
            .entry((&licence_type.id, after_expiry, group))
            .or_insert_with(|| {
                let administrators: &[&str] = if policy.administrators.includes(after_expiry) {
                    &self.administrators
                } else {
                    &[]
                };
                let managers = group.map_or(&[][..], |g| &self.manager_groups[g]);
                unique_in_order(
                    administrators
                        .iter()
                        .chain(managers)
                        .copied()
                        .chain(policy.extra_recipients.iter().map(String::as_str)),
                )
            });
        // A licence a site owns is hidden from its holder (SPEC §5).
        let holder_address = holder
            .email
            .as_deref()
            .filter(|_| policy.holder && holder_sees);
        let mut recipients = Vec::with_capacity(staff.len() + 1);
        recipients.extend(holder_address.map(str::to_owned));
        recipients.extend(
            staff
                .iter()
                .filter(|a| holder_address.is_none_or(|h| !h.eq_ignore_ascii_case(a)))
                .map(|a| (*a).to_owned()),
        );
        recipients
    }
}

/// Addresses without duplicates, compared case-insensitively (ASCII, as
/// domain names are); the first spelling of each is kept, in order.
pub fn unique_addresses<'s>(addresses: impl IntoIterator<Item = &'s str>) -> Vec<String> {
    unique_in_order(addresses)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// [`unique_addresses`], borrowed.
fn unique_in_order<'s>(addresses: impl IntoIterator<Item = &'s str>) -> Vec<&'s str> {
    // A reminder's few recipients are compared one by one; a long list
    // (hundreds of administrators) through a set.
    const COMPARED: usize = 64;
    let mut kept: Vec<&str> = Vec::new();
    let mut seen: Option<std::collections::HashSet<Caseless>> = None;
    for address in addresses {
        let new = match &mut seen {
            Some(seen) => seen.insert(Caseless(address)),
            None => !kept.iter().any(|k| k.eq_ignore_ascii_case(address)),
        };
        if new {
            kept.push(address);
            if seen.is_none() && kept.len() > COMPARED {
                seen = Some(kept.iter().map(|k| Caseless(k)).collect());
            }
        }
    }
    kept
}

/// An address compared and hashed without regard to ASCII case.
struct Caseless<'s>(&'s str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Lowercased a block at a time: the hasher's cost is per call.
        let mut block = [0u8; 64];
        for chunk in self.0.as_bytes().chunks(block.len()) {
            let lower = &mut block[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_usize(self.0.len());
    }
}

/// One message for one recipient, listing every reminder due for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Digest {
    /// The recipient's address (its first spelling).
    pub recipient: String,
    /// The reminders, soonest expiry first.
    pub reminders: Vec<DueReminder>,
}

/// Groups a day's reminders into one digest per recipient, recipients in
/// case-insensitive order.
pub fn digests(reminders: &[DueReminder]) -> Vec<Digest> {
    let mut by_recipient: HashMap<String, Digest> = HashMap::new();
    for reminder in reminders {
        for recipient in &reminder.recipients {
            by_recipient
                .entry(recipient.to_ascii_lowercase())
                .or_insert_with(|| Digest {
                    recipient: recipient.clone(),
                    reminders: Vec::new(),
                })
                .reminders
                .push(reminder.clone());
        }
    }
    let mut digests: Vec<(String, Digest)> = by_recipient.into_iter().collect();
    digests.sort_by(|a, b| a.0.cmp(&b.0));
    digests
        .into_iter()
        .map(|(_, mut digest)| {
            digest
                .reminders
                .sort_by(|a, b| (a.expiry, &a.licence_id).cmp(&(b.expiry, &b.licence_id)));
            digest
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn day(text: &str) -> Day {
        Day::parse("t", text).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn schedule() -> Schedule {
        Schedule::new(&ReminderPolicy::default()).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn three_months_before_31_may_is_end_of_february() {
        let due = schedule().due(day("2026-05-31"), None, day("2026-02-28"));
        assert_eq!(
            due.map(|s| (s.trigger, s.lead)),
            Some((day("2026-02-28"), Some(Period::months(3))))
        );
        assert_eq!(
            schedule().due(day("2026-05-31"), None, day("2026-02-27")),
            None
        );
    }

    #[test]
    fn most_urgent_lead_wins_and_others_are_skipped() {
        let due = schedule().due(day("2026-05-31"), None, day("2026-05-25"));
        assert_eq!(
            due.map(|s| (s.lead, s.skipped)),
            Some((Some(Period::weeks(1)), 2))
        );
        // Acknowledged through the week lead: nothing until the day itself.
        let acked = Some(day("2026-05-24"));
        assert_eq!(
            schedule().due(day("2026-05-31"), acked, day("2026-05-30")),
            None
        );
        let on_day = schedule().due(day("2026-05-31"), acked, day("2026-05-31"));
        assert_eq!(
            on_day.map(|s| (s.lead, s.days_left, s.skipped)),
            Some((Some(Period::days(0)), 0, 0))
        );
    }

    #[test]
    fn after_expiry_repeats_stop_after_times() {
        let e = day("2026-05-31");
        assert_eq!(schedule().due(e, Some(e), day("2026-06-06")), None);
        let first = schedule().due(e, Some(e), day("2026-06-07"));
        assert_eq!(
            first.map(|s| (s.occurrence, s.trigger, s.skipped)),
            Some((1, day("2026-06-07"), 0))
        );
        let late = schedule().due(e, Some(e), day("2026-07-04"));
        assert_eq!(late.map(|s| (s.occurrence, s.skipped)), Some((4, 3)));
        assert_eq!(schedule().due(e, Some(e), day("2026-07-05")), None);
        assert_eq!(
            schedule().due(e, Some(day("2026-06-28")), day("2026-07-04")),
            None
        );
        assert_eq!(schedule().days_due_after_expiry(), 34);
    }

    #[test]
    fn triggers_outside_the_supported_years_never_come() {
        let first = Day::first();
        // The month and week leads would fall before year 1: only the day
        // itself is due, with nothing skipped.
        let due = schedule().due(first, None, first);
        assert_eq!(
            due.map(|s| (s.trigger, s.lead, s.skipped)),
            Some((first, Some(Period::days(0)), 0))
        );
        assert_eq!(schedule().next_trigger(first, None), Some(first));
        let month = day("0001-02-01");
        assert_eq!(
            schedule().next_trigger(month, None),
            Some(day("0001-01-01"))
        );
        // The repeats after 9999-12-31 would fall past 9999.
        let last = Day::last();
        assert_eq!(schedule().next_trigger(last, Some(last)), None);
        assert_eq!(
            schedule().next_trigger(day("9999-12-20"), Some(day("9999-12-20"))),
            Some(day("9999-12-27"))
        );
    }

    #[test]
    fn next_trigger_follows_acknowledgement() {
        let e = day("2026-05-31");
        assert_eq!(schedule().next_trigger(e, None), Some(day("2026-02-28")));
        assert_eq!(schedule().next_trigger(e, Some(day("2026-05-24"))), Some(e));
        assert_eq!(schedule().next_trigger(e, Some(e)), Some(day("2026-06-07")));
        assert_eq!(schedule().next_trigger(e, Some(day("2026-06-28"))), None);
    }

    fn person(id: &str, email: &str, department: &str, roles: Vec<Role>) -> Person {
        Person {
            email: Some(email.into()),
            roles,
            ..fixtures::person(id, Some("Leeds"), Some(department))
        }
    }

    #[test]
    fn recipients_made_once_per_batch_follow_each_type_holder_and_side_of_expiry() {
        let people = [
            person("ana", "ana@example.org", "Stores", vec![Role::Delegate]),
            person(
                "bo",
                "Boss@Example.org",
                "Stores",
                vec![Role::Administrator],
            ),
            person("cy", "cy@example.org", "stores ", vec![Role::Manager]),
            person("di", "di@example.org", "Yard", vec![Role::Manager]),
            person("ed", "ed@example.org", "Yard", vec![Role::Delegate]),
        ];
        let quiet = ReminderPolicy {
            administrators: crate::policy::Audience::Never,
            extra_recipients: vec!["safety@example.org".into()],
            ..ReminderPolicy::default()
        };
        let types = [
            fixtures::forklift(),
            LicenceType {
                id: "height".into(),
                policy: Some(quiet),
                ..fixtures::forklift()
            },
        ];
        let default_policy = ReminderPolicy::default();
        let roster = Roster::new(&people, &types, &default_policy).unwrap();
        let today = day("2026-06-01");
        let recipients = |id, holder, type_id, expiry| {
            roster
                .due_for(&fixtures::licence(id, holder, type_id, expiry), None, today)
                .unwrap()
                .map(|r| r.recipients)
                .unwrap_or_default()
        };
        // Before expiry: the holder and the administrators; the holder who
        // is an administrator is named once, in the first spelling.
        assert_eq!(
            recipients("l1", "ana", "forklift", "2026-06-08"),
            ["ana@example.org", "Boss@Example.org"]
        );
        assert_eq!(
            recipients("l2", "bo", "forklift", "2026-06-08"),
            ["Boss@Example.org"]
        );
        // After expiry, the managers of the holder's own department too
        // (compared ignoring case and spaces), from the same batch.
        assert_eq!(
            recipients("l3", "ana", "forklift", "2026-05-25"),
            ["ana@example.org", "Boss@Example.org", "cy@example.org"]
        );
        assert_eq!(
            recipients("l4", "ed", "forklift", "2026-05-25"),
            ["ed@example.org", "Boss@Example.org", "di@example.org"]
        );
        // Another type's policy: no administrators, an extra recipient.
        assert_eq!(
            recipients("l5", "ed", "height", "2026-05-25"),
            ["ed@example.org", "di@example.org", "safety@example.org"]
        );
        assert_eq!(
            recipients("l6", "ana", "height", "2026-06-08"),
            ["ana@example.org", "safety@example.org"]
        );
    }

    #[test]
    fn escalation_goes_to_the_line_manager_when_one_can_receive_it() {
        let with_line_manager = |id: &str, manager: &str| Person {
            line_manager: Some(manager.into()),
            ..person(id, &format!("{id}@example.org"), "Stores", vec![])
        };
        let mut gone = person("gus", "gus@example.org", "Yard", vec![]);
        gone.active = false;
        let people = [
            person("cy", "cy@example.org", "Stores", vec![Role::Manager]),
            person("lu", "lu@example.org", "Yard", vec![]),
            gone,
            with_line_manager("ana", "lu"),
            with_line_manager("bo", "gus"),
            with_line_manager("eve", "nobody"),
        ];
        let default_policy = ReminderPolicy::default();
        let types = [fixtures::forklift()];
        let roster = Roster::new(&people, &types, &default_policy).unwrap();
        let today = day("2026-06-01");
        let recipients = |holder, expiry| {
            let licence = fixtures::licence("l", holder, "forklift", expiry);
            roster
                .due_for(&licence, None, today)
                .unwrap()
                .unwrap()
                .recipients
        };
        // After expiry the line manager, not the department's managers.
        assert_eq!(
            recipients("ana", "2026-05-25"),
            ["ana@example.org", "lu@example.org"]
        );
        // Before expiry the managers are not reminded at all.
        assert_eq!(recipients("ana", "2026-06-08"), ["ana@example.org"]);
        // An inactive or unknown line manager: the department's managers.
        assert_eq!(
            recipients("bo", "2026-05-25"),
            ["bo@example.org", "cy@example.org"]
        );
        assert_eq!(
            recipients("eve", "2026-05-25"),
            ["eve@example.org", "cy@example.org"]
        );
    }

    #[test]
    fn addresses_are_unique_ignoring_case() {
        assert_eq!(
            unique_addresses(["Ana@Example.org", "bo@example.org", "ana@example.org"]),
            vec!["Ana@Example.org".to_string(), "bo@example.org".to_string()]
        );
        // Past the few compared one by one, a set: the same answer.
        let many: Vec<String> = (0..300)
            .map(|i| format!("Admin{}@Example.org", i % 150))
            .collect();
        let lower: Vec<String> = many.iter().map(|a| a.to_lowercase()).collect();
        let unique = unique_addresses(many.iter().chain(&lower).map(String::as_str));
        assert_eq!(unique, many[..150].to_vec());
    }
}
