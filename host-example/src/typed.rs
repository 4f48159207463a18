//! The two ends of a typed call made with a JSON document: the document
//! read as the engine's input and converted to the WIT record, and the WIT
//! answer converted to the engine's output and written as JSON. Both
//! components' typed calls use them.

use licence_core::operations::Operation;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasmtime::AsContextMut;
use wasmtime::component::{ComponentExportIndex, Instance};

use crate::error::Failure;

/// The export index of the function `name` of the exported `interface`.
pub(crate) fn export_index(
    instance: &Instance,
    mut store: impl AsContextMut,
    interface: &str,
    name: &str,
) -> wasmtime::Result<ComponentExportIndex> {
    let missing =
        || wasmtime::Error::msg(format!("the component exports no `{interface}` `{name}`"));
    let interface = instance
        .get_export_index(&mut store, None, interface)
        .ok_or_else(missing)?;
    instance
        .get_export_index(&mut store, Some(&interface), name)
        .ok_or_else(missing)
}

/// The WIT record `W` of the engine's `input`.
pub(crate) fn wit_input<I: Operation, W: DeserializeOwned>(input: &I) -> Result<W, Failure> {
    licence_transcode::from_engine(input)
        .map_err(|e| licence_core::Error::invalid("input", e.to_string()).into())
}

/// The JSON document of the engine's output for the WIT answer `output` to
/// the operation `name`.
pub(crate) fn answer<I: Operation, O: Serialize>(name: &str, output: &O) -> Result<Value, Failure> {
    let engine_output: I::Output = licence_transcode::to_engine(output).map_err(|e| {
        Failure::Trap(format!(
            "the component's answer to `{name}` does not fit: {e}"
        ))
    })?;
    serde_json::to_value(&engine_output)
        .map_err(|e| Failure::Trap(format!("encoding the answer to `{name}`: {e}")))
}
