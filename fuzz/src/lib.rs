//! The engine's fuzz targets, as plain functions over the fuzz input: the
//! binaries in `fuzz_targets/` hand them to libFuzzer (`make fuzz`), and
//! `tests/replay.rs` runs them over the saved inputs in `corpus/` and
//! `regressions/` and over seeds made from the conformance vectors
//! (`make test`).
//!
//! A target reports a broken invariant by panicking.

#![allow(clippy::panic)]

mod c_abi;
mod calendar;
mod csv_import;
mod custody;
pub mod document;
mod json;
pub mod seeds;
mod store;

use licence_core::{Error, ErrorKind};

pub use c_abi::c_abi;
pub use calendar::calendar;
pub use csv_import::csv_import;
pub use custody::custody;
pub use json::{json_rules, json_tracker};

/// A fuzz target: runs one input, panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target, by the name of its binary and its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("json_rules", json_rules),
    ("json_tracker", json_tracker),
    ("csv_import", csv_import),
    ("calendar", calendar),
    ("custody", custody),
    ("c_abi", c_abi),
];

/// Fails the run: an invariant of the engine does not hold.
fn bug(what: &str) -> ! {
    panic!("{what}")
}

/// Checks that a failure is one a host acts on: not the engine's internal
/// failure (a bug), and not a storage failure, which the memory store and
/// an in-memory SQLite database only report for a bug.
fn check_error(what: &str, error: &Error) {
    if matches!(error.kind(), ErrorKind::Internal | ErrorKind::Storage) {
        bug(&format!("{what}: {error}"));
    }
}
