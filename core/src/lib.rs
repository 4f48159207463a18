//! The licence tracking engine: expiry status, reminder scheduling, renewals,
//! custody between sites and candidates, and course allocation.
//!
//! Every rule here is a pure function over plain values. Nothing reads a
//! clock: "today" is always an argument.

#![forbid(unsafe_code)]

pub mod allocation;
pub mod audit;
pub mod calendar;
pub mod custody;
pub mod error;
pub mod expiry;
pub mod model;
pub mod operations;
pub mod policy;
pub mod purge;
pub mod reminders;
pub mod renewal;
pub mod report;
pub mod sample;
pub mod settings;
pub mod store;
pub mod tracker;
pub mod validate;

pub use calendar::{Day, Period, PeriodUnit};
pub use error::{Error, ErrorKind, RecordKind, Result};
pub use expiry::{Evaluation, Expiry, Status, Window};
