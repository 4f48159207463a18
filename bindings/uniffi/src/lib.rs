//! Kotlin, Swift and Python bindings of the licence tracking engine.
//!
//! Every operation of the engine is a typed call, made from the engine's
//! one list of operations: a method of [`Tracker`] per tracker operation
//! (over a SQLite file or in memory) and a method of [`Rules`] per rule
//! operation, each taking its input record and giving its output record.
//! The records ([`records`]) are generated from the typed WIT, so they are
//! the same in every door: dates are `Date` records (year, month, day),
//! periods `Period` records, maps are maps. [`execute`] and
//! [`Tracker::execute`] also run every operation by name with JSON
//! documents, and [`expiry_statuses`] serves large batches.
//!
//! This crate only converts, through the one generic conversion of
//! `licence-transcode`, and every error becomes a [`LicenceError`]. Every
//! exported function returns a `Result`, so a foreign caller always gets an
//! exception it can catch.

mod batch;
mod error;
// Generated (`make schema`): kept as written.
#[rustfmt::skip]
pub mod records;
mod rules;
mod tracker;

pub use batch::{DayNumbers, Statuses, expiry_statuses, expiry_statuses_packed};
pub use error::LicenceError;
pub use rules::{Rules, date_of, day_number, execute, rule_operations, tracker_operations};
pub use tracker::Tracker;

uniffi::setup_scaffolding!("licence");
