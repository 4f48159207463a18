//! The tracker object: one organisation's records in a SQLite file the app
//! chooses (or in memory), with a typed method per tracker operation of the
//! engine's registry, and [`Tracker::execute`] to run them by name.

use std::sync::Arc;

use licence_core::operations;
use licence_core::store::{Durability, OpenOptions};
use licence_core::tracker;

use crate::error::LicenceError;
use crate::records;

/// One organisation's records: people, licence types, licences with their
/// attachments, reminders, reports, custody and courses. Calls from several
/// threads are serialised.
#[derive(Debug, uniffi::Object)]
pub struct Tracker {
    inner: tracker::Tracker,
}

type Result<T> = std::result::Result<T, LicenceError>;

#[uniffi::export]
impl Tracker {
    /// Opens the SQLite database at `path`, creating it when missing (the
    /// records stay there between runs of the app), or the organisation at
    /// a PostgreSQL URL (`postgresql://user@host/database?schema=name`).
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: tracker::Tracker::open(path)?,
        }))
    }

    /// [`Tracker::open`] with options: `full_durability` syncs each commit
    /// to disk (the default of `open`; without it commits are faster and
    /// survive a crash of the app, but the last ones may be lost on a loss
    /// of power), `busy_timeout_ms` is how long a write waits for another
    /// connection (5,000 by `open`), and `read_only` refuses every write
    /// with a storage error.
    #[uniffi::constructor]
    pub fn open_with(
        path: String,
        full_durability: bool,
        busy_timeout_ms: u32,
        read_only: bool,
    ) -> Result<Arc<Self>> {
        let options = OpenOptions {
            durability: if full_durability {
                Durability::Full
            } else {
                Durability::Normal
            },
            busy_timeout_ms,
            read_only,
        };
        Ok(Arc::new(Self {
            inner: tracker::Tracker::open_with(path, &options)?,
        }))
    }

    /// A tracker that keeps its records in memory only.
    #[uniffi::constructor]
    pub fn in_memory() -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: tracker::Tracker::in_memory(),
        }))
    }

    /// Runs the tracker operation `op` (see `tracker_operations`) on the
    /// JSON document `input_json`, returning the output document as JSON.
    pub fn execute(&self, op: String, input_json: String) -> Result<String> {
        Ok(operations::execute_text(&op, &input_json, |op, input| {
            operations::execute_tracker(&self.inner, op, input)
        })?)
    }
}

/// One typed method of the tracker: its input record in, its output out.
macro_rules! tracker_method {
    ($name:ident: $input:ident => ()) => {
        #[uniffi::export]
        impl Tracker {
            /// Runs this operation of the engine's registry (see its input record).
            pub fn $name(&self, input: records::$input) -> Result<()> {
                Ok(licence_transcode::run_tracker::<operations::$input, _, _>(
                    &self.inner,
                    &input,
                )?)
            }
        }
    };
    ($name:ident: $input:ident => $output:ident) => {
        #[uniffi::export]
        impl Tracker {
            /// Runs this operation of the engine's registry (see its input record).
            pub fn $name(&self, input: records::$input) -> Result<records::$output> {
                Ok(licence_transcode::run_tracker::<operations::$input, _, _>(
                    &self.inner,
                    &input,
                )?)
            }
        }
    };
}

/// The tracker's typed methods, one per operation of the registry.
macro_rules! typed_tracker {
    (
        rules { $($rules:tt)* }
        tracker { $($name:ident: $input:ident => $output:tt,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:ident,)* }
    ) => {
        $(tracker_method!($name: $input => $output);)*

        #[uniffi::export]
        impl Tracker {
            $(
                /// Runs this operation of the engine's registry; it takes no input.
                pub fn $bare(&self) -> Result<records::$bare_output> {
                    Ok(licence_transcode::answer(&self.inner, operations::$bare_input {})?)
                }
            )*
        }
    };
}
licence_core::for_each_operation!(typed_tracker);
