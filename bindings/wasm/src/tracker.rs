//! The `tracker` world: the engine's tracker as a resource, over the store
//! the host provides through the imported `store` interface, with a typed
//! method per operation (each converted with the one generic conversion of
//! `licence-transcode`) and the operations by name.

use licence_core::operations::{TRACKER_OPERATIONS, execute_text, execute_tracker};
use licence_core::tracker::Tracker;

use crate::store::HostStore;

wit_bindgen::generate!({
    world: "tracker",
    path: "../../wit",
    additional_derives: [serde::Serialize, serde::Deserialize],
});

pub use licence::engine::store as host;

use exports::licence::engine::records;
use exports::licence::engine::tracking as api;
use exports::licence::engine::types as wit;

crate::convert::error_to_wit!();

/// The tracker's typed methods, one per operation of the registry.
macro_rules! typed_tracker {
    (
        rules { $($rules:tt)* }
        tracker { $($name:ident: $input:ident => $output:tt,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:tt,)* }
    ) => {
        impl api::GuestTracker for TrackerResource {
            fn new() -> Self {
                Self(Tracker::new(Box::new(HostStore)))
            }

            fn operations() -> Vec<String> {
                TRACKER_OPERATIONS
                    .iter()
                    .map(|op| op.name.to_owned())
                    .collect()
            }

            fn execute(&self, op: String, input: String) -> Result<String, wit::Error> {
                execute_text(&op, &input, |op, input| execute_tracker(&self.0, op, input))
                    .map_err(error)
            }

            $(
                fn $name(&self, input: records::$input) -> Result<typed_tracker!(@out $output), wit::Error> {
                    licence_transcode::run_tracker::<licence_core::operations::$input, _, _>(&self.0, &input)
                        .map_err(error)
                }
            )*
            $(
                fn $bare(&self) -> Result<records::$bare_output, wit::Error> {
                    licence_transcode::answer(&self.0, licence_core::operations::$bare_input {})
                        .map_err(error)
                }
            )*
        }
    };
    (@out ()) => { () };
    (@out $output:ident) => { records::$output };
}
licence_core::for_each_operation!(typed_tracker);

/// The exported `tracker` interface.
struct Component;

impl api::Guest for Component {
    type Tracker = TrackerResource;
}

/// One tracker resource: the engine's tracker over the host's store.
struct TrackerResource(Tracker);

export!(Component);
