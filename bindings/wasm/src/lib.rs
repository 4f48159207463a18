//! The WebAssembly component guest of the licence tracking engine: the
//! wit-bindgen glue between the WIT package in `wit/` and the engine. It
//! converts types and errors and implements the engine's store over the
//! imported `store` interface; every decision is the engine's.
//!
//! One crate, two worlds, chosen by cargo feature: `rules` (the pure engine,
//! no imports) and `tracker` (the tracker resource over the host's store).
//! Each component is built with only its feature on, so it contains and
//! imports only what its world needs; both are on by default so that native
//! checks see all of the code.

mod convert;
#[cfg(feature = "rules")]
mod rules;
#[cfg(feature = "tracker")]
mod store;
#[cfg(feature = "tracker")]
mod tracker;
