//! What the tracker benchmarks share: the organisation, the licences as
//! CSV rows generated on the fly, the steady state of a host that sends
//! every morning's reminders, and timing.

#![allow(dead_code)]

use std::io::Read;
use std::time::{Duration, Instant};

use licence_core::model::{LicenceKind, LicenceType, Person, Role};
use licence_core::policy::ReminderPolicy;
use licence_core::reminders::Schedule;
use licence_core::store::{LicenceQuery, Records, Store};
use licence_core::tracker::{Context, ImportMode, Tracker};
use licence_core::{Day, Error, Period};

pub const PEOPLE: usize = 100_000;
pub const LICENCES: usize = 1_000_000;
pub const TYPES: [&str; 4] = ["forklift", "first-aid", "height", "induction"];

/// CSV licence rows generated on the fly: the import never sees the whole
/// file in memory.
pub struct Rows {
    next: usize,
    today: i32,
    buffer: Vec<u8>,
    at: usize,
}

impl Rows {
    pub fn new(today: Day) -> Self {
        let header = b"id,holder_id,type_id,reference,expiry\n".to_vec();
        Self {
            next: 0,
            today: today.number(),
            buffer: header,
            at: 0,
        }
    }

    /// The i-th licence: holder, type and an expiry from two years ago to
    /// three years ahead.
    pub fn licence(i: usize, today: i32) -> (String, String, &'static str, String, i32) {
        let spread = (i.wrapping_mul(2_654_435_761) % 1826) as i32;
        (
            format!("l{i:07}"),
            format!("p{:06}", i % PEOPLE),
            TYPES[i % TYPES.len()],
            format!("R-{i}"),
            today - 730 + spread,
        )
    }
}

impl Read for Rows {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buffer.len() {
            if self.next == LICENCES {
                return Ok(0);
            }
            self.buffer.clear();
            self.at = 0;
            let (id, holder, type_id, reference, expiry) = Self::licence(self.next, self.today);
            let expiry = Day::from_number("expiry", expiry).map_err(std::io::Error::other)?;
            self.buffer.extend_from_slice(
                format!("{id},{holder},{type_id},{reference},{expiry}\n").as_bytes(),
            );
            self.next += 1;
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

pub fn ctx() -> Context {
    Context::new("bench", 1_767_225_600)
}

/// Gives `tracker` the people and types the licences need.
pub fn organisation(tracker: &Tracker) -> Result<(), Error> {
    organisation_of(tracker, PEOPLE)
}

/// Gives `tracker` the four licence types and `people` people.
pub fn organisation_of(tracker: &Tracker, people: usize) -> Result<(), Error> {
    for id in TYPES {
        tracker.create_licence_type(
            &ctx(),
            &LicenceType {
                requires_approval: false,
                fixed_renewal: None,
                id: id.into(),
                name: id.replace('-', " "),
                kind: LicenceKind::Certification,
                validity: Some(Period::years(3)),
                renewal_basis: Default::default(),
                grace_days: 0,
                policy: None,
            },
        )?;
    }
    let mut csv = String::from("id,name,email,location,department,roles,registered_on\n");
    for n in 0..people {
        // Twenty administrators, and a manager per two hundred people (spread
        // over the forty teams).
        let role = if n % 5000 == 0 {
            "administrator"
        } else if n % 199 == 1 {
            "manager"
        } else {
            "delegate"
        };
        csv.push_str(&format!(
            "p{n:06},Person {n},p{n}@example.com,Site {},Team {},{role},2020-01-01\n",
            n % 50,
            n % 40
        ));
    }
    let report = tracker.import_people_csv(&ctx(), csv.as_bytes(), ImportMode::AllOrNothing)?;
    assert_eq!(report.imported as usize, people);
    Ok(())
}

/// Marks every reminder due before `today` as sent, as a host that runs
/// every morning would have (set directly, in bulk, for the benchmark).
pub fn steady_state(store: &mut dyn Store, today: Day) -> Result<(), Error> {
    let schedule = Schedule::new(&ReminderPolicy::default())?;
    let yesterday = today.plus_days(-1);
    let mut records = store.licences(&LicenceQuery::default())?;
    for record in &mut records {
        if let Some(expiry) = record.licence.expiry
            && let Some(slot) = schedule.due(expiry, None, yesterday)
        {
            record.reminded_through = Some(slot.trigger);
            record.next_reminder = schedule.next_trigger(expiry, Some(slot.trigger));
        }
    }
    store.begin()?;
    store.put_licences(&records)?;
    store.commit()
}

pub fn fastest<T>(
    rounds: usize,
    mut f: impl FnMut() -> Result<T, Error>,
) -> Result<(Duration, T), Error> {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..rounds {
        let started = Instant::now();
        let value = f()?;
        let elapsed = started.elapsed();
        if best.as_ref().is_none_or(|(b, _)| elapsed < *b) {
            best = Some((elapsed, value));
        }
    }
    best.ok_or_else(|| Error::storage("no rounds"))
}

/// A person to register on a loaded database.
pub fn new_person(today: Day) -> Person {
    Person {
        positions: Vec::new(),
        line_manager: None,
        id: "bench-new".into(),
        name: "New Person".into(),
        email: None,
        location: None,
        department: None,
        roles: vec![Role::Delegate],
        registered_on: today,
        active: true,
        department_since: Default::default(),
        fields: Default::default(),
        location_since: Default::default(),
    }
}

/// The key columns a bare load writes for a licence, as the engine would.
pub struct BareColumns {
    /// Its expiry's day number.
    pub expiry: i32,
    /// Its next reminder's day number.
    pub next_reminder: i32,
    /// Its holder's name, location and department.
    pub holder_name: String,
    /// The holder's location.
    pub location: String,
    /// The holder's department.
    pub department: String,
    /// Its type's name.
    pub type_name: String,
}

/// The i-th licence as stored, with the key columns, for the bare loads
/// the imports are compared with.
pub fn bare_record(
    i: usize,
    today: Day,
) -> Result<(licence_core::store::LicenceRecord, BareColumns), Error> {
    use licence_core::model::{Licence, Owner};
    let (id, holder, type_id, reference, expiry) = Rows::licence(i, today.number());
    let n = i % PEOPLE;
    let record = licence_core::store::LicenceRecord {
        approval: Default::default(),
        rejection_reason: None,
        licence: Licence {
            id,
            holder_id: holder,
            type_id: type_id.into(),
            reference: Some(reference),
            issuer: None,
            acquired: None,
            expiry: Some(Day::from_number("expiry", expiry)?),
            notes: String::new(),
            owner: Owner::Candidate,
            renews: None,
            superseded_by: None,
            fields: Default::default(),
        },
        deleted_on: None,
        created_at: 0,
        updated_at: 0,
        reminded_through: None,
        next_reminder: Some(Day::from_number("expiry", expiry - 90)?),
    };
    let columns = BareColumns {
        expiry,
        next_reminder: expiry - 90,
        holder_name: format!("Person {n}"),
        location: format!("Site {}", n % 50),
        department: format!("Team {}", n % 40),
        type_name: type_id.replace('-', " "),
    };
    Ok((record, columns))
}

/// The hand-written SQL of a day's reminders, reading the rows the tracker
/// reads: current licences of active holders whose next reminder lies from
/// `$1` to `$2` (today) and whose expiry lies from `$3` to `$4`, each with
/// its holder. `prefix` qualifies the table names (`schema.` or nothing).
/// The `+` keeps the expiry out of the choice of index, as the engine does,
/// so that the range of next reminders is read.
pub fn hand_written_due_sql(prefix: &str) -> String {
    format!(
        "SELECT l.id, l.document, p.document FROM {prefix}licences l \
         JOIN {prefix}people p ON p.id = l.holder_id \
         WHERE l.current = 1 AND l.holder_active = 1 \
         AND l.next_reminder BETWEEN $1 AND $2 AND +l.expiry BETWEEN $3 AND $4"
    )
}

/// The parameters of [`hand_written_due_sql`] on `today` under the default
/// policy: the bounds the tracker reads.
pub fn hand_written_due_bounds(today: Day) -> Result<[i64; 4], Error> {
    let schedule = Schedule::new(&ReminderPolicy::default())?;
    let lead = schedule.days_due_before_expiry().max(0);
    let earliest_expiry = today.plus_days(-schedule.days_due_after_expiry());
    Ok([
        earliest_expiry.plus_days(-lead),
        today,
        earliest_expiry,
        today.plus_days(lead),
    ]
    .map(|day| i64::from(day.number())))
}
