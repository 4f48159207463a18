//! The `tracker` world: the engine's tracker as a resource, over the store
//! the host provides through the imported `store` interface.

use licence_core::Day;
use licence_core::operations::{TRACKER_OPERATIONS, execute_text, execute_tracker};
use licence_core::report::OverviewFilter;
use licence_core::tracker::{Context, Tracker};

use crate::store::HostStore;

wit_bindgen::generate!({
    world: "tracker",
    path: "../../wit",
});

pub use licence::engine::store as host;

use exports::licence::engine::tracking as api;
use exports::licence::engine::types as wit;

crate::convert::error_to_wit!();

fn day(field: &str, number: wit::Day) -> Result<Day, wit::Error> {
    Day::from_number(field, number).map_err(error)
}

/// The exported `tracker` interface.
struct Component;

impl api::Guest for Component {
    type Tracker = TrackerResource;
}

/// One tracker resource: the engine's tracker over the host's store.
struct TrackerResource(Tracker);

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
        execute_text(&op, &input, |op, input| execute_tracker(&self.0, op, input)).map_err(error)
    }

    fn status_counts(&self, today: wit::Day) -> Result<api::StatusCounts, wit::Error> {
        let counts = self
            .0
            .status_counts(&OverviewFilter::default(), day("today", today)?)
            .map_err(error)?;
        Ok(api::StatusCounts {
            active: counts.active,
            expiring: counts.expiring,
            expired: counts.expired,
        })
    }

    fn acknowledge(
        &self,
        ctx: api::Context,
        licence_id: String,
        expiry: wit::Day,
        trigger: wit::Day,
    ) -> Result<(), wit::Error> {
        let ctx = Context::new(ctx.actor, ctx.at);
        let (expiry, trigger) = (day("expiry", expiry)?, day("trigger", trigger)?);
        self.0
            .acknowledge(&ctx, &licence_id, expiry, trigger)
            .map_err(error)
    }
}

export!(Component);
