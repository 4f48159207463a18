//! The licence tracking engine: expiry status, reminder scheduling, renewals,
//! custody between sites and candidates, and course allocation.
//!
//! Every rule here is a pure function over plain values. Nothing reads a
//! clock: "today" is always an argument.
//!
//! A host that wants the engine to keep the records opens a
//! [`tracker::Tracker`] (SQLite on a file, or in memory):
//!
//! ```
//! use licence_core::model::{Licence, LicenceKind, LicenceType, Owner, Person, Role};
//! use licence_core::tracker::{Context, Tracker};
//! use licence_core::{Day, Period, Status};
//!
//! # fn main() -> licence_core::Result<()> {
//! let tracker = Tracker::in_memory(); // or Tracker::open("licences.db")?
//! let hr = Context::new("hr-system", 1_767_225_600);
//! let day = |text| Day::parse("date", text);
//! tracker.register_person(&hr, &Person {
//!     positions: Vec::new(),
//!     line_manager: None,
//!     id: "ana".into(),
//!     name: "Ana López".into(),
//!     email: Some("ana@example.org".into()),
//!     location: Some("Leeds".into()),
//!     department: Some("Warehouse".into()),
//!     roles: vec![Role::Delegate],
//!     registered_on: day("2024-01-10")?,
//!     active: true,
//!     location_since: None,
//!     department_since: None,
//!     fields: Default::default(),
//! })?;
//! let forklift = LicenceType {
//!     requires_approval: false,
//!     fixed_renewal: None,
//!     id: "forklift".into(),
//!     name: "Forklift licence".into(),
//!     kind: LicenceKind::Licence,
//!     validity: Some(Period::years(3)),
//!     renewal_basis: Default::default(),
//!     grace_days: 0,
//!     policy: None,
//! };
//! // The type is created in the same step; the expiry comes from its validity.
//! let recorded = tracker.record_licence(&hr, &Licence {
//!     id: "fl-1".into(),
//!     holder_id: "ana".into(),
//!     type_id: "forklift".into(),
//!     reference: Some("FL-20931".into()),
//!     issuer: None,
//!     acquired: Some(day("2023-05-31")?),
//!     expiry: None,
//!     notes: String::new(),
//!     owner: Owner::Candidate,
//!     renews: None,
//!     superseded_by: None,
//!     fields: Default::default(),
//! }, Some(&forklift))?;
//! assert_eq!(recorded.licence.expiry, Some(day("2026-05-31")?));
//!
//! let mine = tracker.licences_of("ana", day("2026-03-02")?)?;
//! assert_eq!((mine[0].status, mine[0].days_left), (Status::Expiring, Some(90)));
//!
//! // Three months before 31 May is 28 February: the first reminder.
//! let due = tracker.due_reminders(day("2026-02-28")?)?;
//! assert_eq!(due[0].recipients, vec!["ana@example.org".to_string()]);
//! tracker.acknowledge(&hr, "fl-1", due[0].expiry, due[0].trigger)?;
//! assert!(tracker.due_reminders(day("2026-03-01")?)?.is_empty());
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]

pub mod allocation;
pub mod audit;
pub mod calendar;
pub mod custody;
pub mod error;
pub mod expiry;
pub mod fields;
pub mod ical;
pub mod model;
pub mod operations;
pub mod policy;
pub mod purge;
pub mod readiness;
pub mod reminders;
pub mod renewal;
pub mod report;
pub mod settings;
pub mod store;
pub mod tracker;
pub mod validate;
pub mod workbook;

#[cfg(test)]
mod fixtures;

pub use calendar::{Day, Period, PeriodUnit};
pub use error::{Error, ErrorKind, Failure, RecordKind, Result};
pub use expiry::{Evaluation, Expiry, Status, Window};
