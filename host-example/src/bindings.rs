//! Host bindings of the two worlds, generated from the WIT package in `wit/`.
//! The `types` interface is generated once, with the `rules` world, and
//! shared by the `tracker` world.

/// The `rules` world: the pure engine, importing nothing.
#[allow(missing_docs)] // generated; the WIT documents every item
pub mod rules {
    wasmtime::component::bindgen!({
        world: "rules",
        path: "../wit",
        additional_derives: [PartialEq, Eq],
    });
}

/// The `tracker` world: the tracker resource over the imported `store`.
#[allow(missing_docs)] // generated; the WIT documents every item
pub mod tracker {
    wasmtime::component::bindgen!({
        world: "tracker",
        path: "../wit",
        with: { "licence:engine/types": crate::bindings::rules::exports::licence::engine::types },
        additional_derives: [PartialEq, Eq],
    });
}

pub use rules::exports::licence::engine::pure_rules;
pub use rules::exports::licence::engine::types;
pub use tracker::exports::licence::engine::tracking;
pub use tracker::licence::engine::store;
