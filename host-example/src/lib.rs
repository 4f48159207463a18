//! The reference wasmtime host of the licence tracking engine: it loads the
//! engine's two WebAssembly components and serves them well.
//!
//! - Each component is compiled once and reused: an `InstancePre` per
//!   component, and compiled code cached on disk (keyed by the component's
//!   hash and the engine's settings), so a later run only maps it in.
//! - Every call is bounded: a deadline (epoch interruption) and a memory
//!   limit per instance. Running past either, or any other trap, ends that
//!   call with a clear [`Failure`] and discards the instance; the next call
//!   instantiates a fresh one from the `InstancePre`, so the host keeps
//!   serving.
//! - The `tracker` component keeps its records through the `store` import,
//!   which this host implements over any engine store (the SQLite store for
//!   the demo): the tracker's logic runs in the sandbox, the data stays with
//!   the host.

pub mod bindings;
pub mod error;
pub mod rules;
pub mod runtime;
pub mod store;
pub mod tracker;
mod typed;

pub use error::Failure;
pub use runtime::{Limits, Runtime};
