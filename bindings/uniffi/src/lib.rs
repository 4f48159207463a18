//! Kotlin, Swift and Python bindings of the licence tracking engine.
//!
//! Two doors, both through uniffi:
//! - typed records and functions for what an app does: a [`Tracker`] over a
//!   SQLite file (people, licence types, licences and their attachments, "my
//!   licences" with status and days left, reminders, reports, custody
//!   rights, courses), and [`expiry_statuses`] for large batches;
//! - [`execute`] and [`Tracker::execute`], which reach every operation of
//!   the engine by name with JSON documents in and out.
//!
//! This crate only converts: records mirror the engine's with `From` and
//! `TryFrom` impls, and every error becomes a [`LicenceError`]. Dates are
//! `YYYY-MM-DD` text, periods such as `"3 months"`, timestamps seconds since
//! 1970-01-01 UTC. Every exported function returns a `Result`, so a foreign
//! caller always gets an exception it can catch.

#[macro_use]
mod mirror;

mod batch;
mod courses;
mod custody;
mod error;
mod licences;
mod people;
mod reminders;
mod reports;
mod rules;
mod tracker;

pub use batch::{DayNumbers, Statuses, expiry_statuses, expiry_statuses_packed};
pub use courses::{AllocationReport, Course, Outcome, PersonResult, Seat, SeatSource, SeatState};
pub use custody::{Party, Rights};
pub use error::{LicenceError, RecordKind};
pub use licences::{
    AfterExpiry, Attachment, AttachmentContent, Audience, HeldLicence, Licence, LicenceKind,
    LicenceType, Owner, ReminderPolicy, RenewalBasis, StoredLicence,
};
pub use people::{Context, Person, Role};
pub use reminders::{Digest, DueReminder};
pub use reports::{
    OverviewFilter, OverviewPage, OverviewQuery, OverviewRow, SortKey, Status, StatusCounts,
};
pub use rules::{date_of, day_number, execute, rule_operations, tracker_operations};
pub use tracker::Tracker;

uniffi::setup_scaffolding!("licence");
