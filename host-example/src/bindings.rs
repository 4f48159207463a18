//! Host bindings of the worlds, generated from the WIT package in `wit/`.
//! The `types` interface is generated once, with the `typed-rules` world
//! (whose records all carry serde, for the one generic conversion of
//! `licence-transcode`), and shared by the `rules` and `tracker` worlds.

/// The records and typed rule operations.
#[allow(missing_docs)] // generated; the WIT documents every item
pub mod typed {
    wasmtime::component::bindgen!({
        world: "typed-rules",
        path: "../wit",
        additional_derives: [PartialEq, serde::Serialize, serde::Deserialize],
    });
}

/// The `rules` world: the pure engine, importing nothing.
#[allow(missing_docs)] // generated; the WIT documents every item
pub mod rules {
    wasmtime::component::bindgen!({
        world: "rules",
        path: "../wit",
        with: {
            "licence:engine/types": crate::bindings::typed::exports::licence::engine::types,
            "licence:engine/records": crate::bindings::typed::exports::licence::engine::records,
            "licence:engine/rule-operations": crate::bindings::typed::exports::licence::engine::rule_operations,
        },
        additional_derives: [PartialEq],
    });
}

/// The `tracker` world: the tracker resource over the imported `store`.
#[allow(missing_docs)] // generated; the WIT documents every item
pub mod tracker {
    wasmtime::component::bindgen!({
        world: "tracker",
        path: "../wit",
        with: {
            "licence:engine/types": crate::bindings::typed::exports::licence::engine::types,
            "licence:engine/records": crate::bindings::typed::exports::licence::engine::records,
        },
        additional_derives: [PartialEq],
    });
}

pub use rules::exports::licence::engine::pure_rules;
pub use tracker::exports::licence::engine::tracking;
pub use tracker::licence::engine::store;
pub use typed::exports::licence::engine::records;
pub use typed::exports::licence::engine::types;
