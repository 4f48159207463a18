//! A tracker's operations, by area. Operations that change records take the
//! acting context `ctx: {actor, at}`.

mod courses;
mod custody;
mod fields;
mod licences;
mod outbox;
mod people;
mod readiness;
mod reports;

pub use courses::*;
pub use custody::*;
pub use fields::*;
pub use licences::*;
pub use outbox::*;
pub use people::*;
pub use readiness::*;
pub use reports::*;

use crate::tracker::Tracker;

impl Tracker {
    /// Runs the typed operation `op`.
    pub fn call<T: super::TrackerOperation>(&self, op: T) -> crate::Result<T::Output> {
        op.run(self)
    }
}
