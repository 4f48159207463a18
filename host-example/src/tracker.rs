//! The `tracker` component: the engine's tracker running in the sandbox,
//! its records kept by the host through the `store` import.

use std::path::Path;

use licence_core::operations::Operation;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasmtime::Store;
use wasmtime::component::{ComponentType, HasSelf, Instance, Lift, Linker, Lower, ResourceAny};

use crate::bindings::tracker::{
    Tracker as Bindings, TrackerIndices as BindingsIndices, TrackerPre,
};
use crate::bindings::types as wit;
use crate::error::Failure;
use crate::rules::parse_output;
use crate::runtime::{Compilation, Runtime, State};
use crate::store::StoreHost;
use crate::typed::{answer, export_index, wit_input};

/// The `tracker` component, compiled and linked once (with this host's
/// `store`): open as many trackers as needed.
#[derive(Clone)]
pub struct TrackerComponent {
    runtime: Runtime,
    pre: TrackerPre<State<StoreHost>>,
    /// Where each export is, found once rather than by name per instance.
    indices: BindingsIndices,
}

/// The export name of the tracker's constructor.
const CONSTRUCTOR: &str = "[constructor]tracker";

struct Live {
    store: Store<State<StoreHost>>,
    /// The generated bindings, loaded on the first call that uses them:
    /// loading type-checks every export, which a typed method called by
    /// its index does not need.
    bindings: Option<Bindings>,
    instance: Instance,
    tracker: ResourceAny,
}

/// The export name of the tracker interface.
const TRACKING: &str = "licence:engine/tracking@0.1.0";

impl TrackerComponent {
    /// Loads the component at `path` (see [`Runtime::load`]) and links its
    /// one import, `store`, to [`StoreHost`].
    pub fn load(runtime: &Runtime, path: &Path) -> wasmtime::Result<(Self, Compilation)> {
        let (component, compilation) = runtime.load(path)?;
        let mut linker = Linker::new(runtime.engine());
        Bindings::add_to_linker::<_, HasSelf<StoreHost>>(
            &mut linker,
            |state: &mut State<StoreHost>| &mut state.data,
        )?;
        let pre = TrackerPre::new(linker.instantiate_pre(&component)?)?;
        let indices = BindingsIndices::new(pre.instance_pre())?;
        Ok((
            Self {
                runtime: runtime.clone(),
                pre,
                indices,
            },
            compilation,
        ))
    }

    /// A tracker whose records live in `store`, on a fresh instance.
    pub fn open(
        &self,
        store: Box<dyn licence_core::store::Store>,
    ) -> Result<TrackerInstance, Failure> {
        let live = self.live(StoreHost::new(store, self.runtime.limits()))?;
        Ok(TrackerInstance {
            component: self.clone(),
            live: Some(live),
            spare: None,
        })
    }

    fn live(&self, host: StoreHost) -> Result<Live, Failure> {
        let mut store = self.runtime.store(host);
        let loaded = |e: wasmtime::Error| Failure::Load(format!("{e:#}"));
        let instance = self
            .pre
            .instance_pre()
            .instantiate(&mut store)
            .map_err(loaded)?;
        let tracker = self.runtime.call(&mut store, |store| {
            let index = export_index(&instance, &mut *store, TRACKING, CONSTRUCTOR)?;
            let (tracker,) = instance
                .get_typed_func::<(), (ResourceAny,)>(&mut *store, &index)?
                .call(&mut *store, ())?;
            Ok(Ok(tracker))
        })?;
        Ok(Live {
            store,
            bindings: None,
            instance,
            tracker,
        })
    }
}

/// A tracker running in an instance of the `tracker` component. A call that
/// traps discards the instance, after rolling back any transaction it left
/// open; the next call runs on a fresh instance over the same records.
pub struct TrackerInstance {
    component: TrackerComponent,
    live: Option<Live>,
    spare: Option<StoreHost>,
}

impl TrackerInstance {
    fn call<R>(
        &mut self,
        call: impl FnOnce(
            &Bindings,
            ResourceAny,
            &mut Store<State<StoreHost>>,
        ) -> wasmtime::Result<Result<R, wit::Error>>,
    ) -> Result<R, Failure> {
        let indices = self.component.indices.clone();
        self.call_instance(|bindings, instance, tracker, store| {
            let bindings = match bindings {
                Some(bindings) => bindings,
                None => bindings.insert(indices.load(&mut *store, instance)?),
            };
            call(bindings, tracker, store)
        })
    }

    fn call_instance<R>(
        &mut self,
        call: impl FnOnce(
            &mut Option<Bindings>,
            &Instance,
            ResourceAny,
            &mut Store<State<StoreHost>>,
        ) -> wasmtime::Result<Result<R, wit::Error>>,
    ) -> Result<R, Failure> {
        let live = match (&mut self.live, self.spare.take()) {
            (Some(live), _) => live,
            (None, Some(host)) => self.live.insert(self.component.live(host)?),
            (None, None) => return Err(Failure::Load("the tracker's store was lost".into())),
        };
        let Live {
            store,
            bindings,
            instance,
            tracker,
        } = live;
        store.data_mut().data.start_call();
        let result = self
            .component
            .runtime
            .call(store, |store| call(bindings, instance, *tracker, store));
        if result.as_ref().is_err_and(Failure::discarded_instance)
            && let Some(live) = self.live.take()
        {
            let mut host = live.store.into_data().data;
            let recovered = host.recover();
            self.spare = Some(host);
            recovered.map_err(Failure::Engine)?;
        }
        result
    }

    /// The names of the operations [`TrackerInstance::execute`] runs.
    pub fn operations(&mut self) -> Result<Vec<String>, Failure> {
        self.call(|b, _, store| {
            b.licence_engine_tracking()
                .tracker()
                .call_operations(store)
                .map(Ok)
        })
    }

    /// Runs the tracker operation `op` on a JSON document, as JSON text.
    pub fn execute(&mut self, op: &str, input: &str) -> Result<String, Failure> {
        self.call(|b, tracker, store| {
            b.licence_engine_tracking()
                .tracker()
                .call_execute(store, tracker, op, input)
        })
    }

    /// Runs the tracker operation `op` on a JSON value.
    pub fn execute_json(&mut self, op: &str, input: &Value) -> Result<Value, Failure> {
        let output = self.execute(op, &input.to_string())?;
        parse_output(&output)
    }

    /// Calls the typed method `name` with the WIT record `input` (none for
    /// an operation without input) and answers its WIT output `O`.
    fn method<W, O>(&mut self, name: &str, input: Option<&W>) -> Result<O, Failure>
    where
        W: ComponentType + Lower,
        O: ComponentType + Lift,
    {
        let method = format!("[method]tracker.{}", name.replace('_', "-"));
        self.call_instance(|_, instance, tracker, store| {
            let index = export_index(instance, &mut *store, TRACKING, &method)?;
            type Answer<O> = (Result<O, wit::Error>,);
            let (answer,) = match input {
                Some(input) => instance
                    .get_typed_func::<(ResourceAny, &W), Answer<O>>(&mut *store, &index)?
                    .call(&mut *store, (tracker, input))?,
                None => instance
                    .get_typed_func::<(ResourceAny,), Answer<O>>(&mut *store, &index)?
                    .call(&mut *store, (tracker,))?,
            };
            Ok(answer)
        })
    }

    /// Runs the operation whose engine input is `I` (WIT input `W`, WIT
    /// output `O`) through its typed method, with the JSON document `input`.
    fn typed<I, W, O>(
        &mut self,
        name: &str,
        input: &Value,
        has_input: bool,
    ) -> Result<Value, Failure>
    where
        I: Operation,
        W: ComponentType + Lower + Serialize + DeserializeOwned,
        O: ComponentType + Lift + Serialize + DeserializeOwned,
    {
        let converted: Option<W> = if has_input {
            Some(wit_input(&licence_core::operations::decode::<I>(input)?)?)
        } else {
            None
        };
        let output: O = self.method(name, converted.as_ref())?;
        answer::<I, O>(name, &output)
    }
}

/// Every typed tracker operation, by name.
macro_rules! typed_tracker {
    (
        rules { $($rules:tt)* }
        tracker { $($name:ident: $input:ident => $output:tt,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:ident,)* }
    ) => {
        impl TrackerInstance {
            /// Runs the tracker operation `op` through its typed method: the
            /// JSON document is read as the engine's input record, converted
            /// to the WIT record (`licence-transcode`), passed to the
            /// component's method, and its WIT answer converted back to the
            /// engine's output and written as JSON.
            pub fn call_typed(&mut self, op: &str, input: &Value) -> Result<Value, Failure> {
                use crate::bindings::records;
                use licence_core::operations as engine;
                match op {
                    $(stringify!($name) => self.typed::<
                        engine::$input,
                        records::$input,
                        typed_tracker!(@out $output),
                    >(op, input, true),)*
                    $(stringify!($bare) => self.typed::<
                        engine::$bare_input,
                        (),
                        records::$bare_output,
                    >(op, input, false),)*
                    _ => Err(licence_core::Error::invalid(
                        "op",
                        format!("`{op}` is not a tracker operation"),
                    )
                    .into()),
                }
            }
        }
    };
    (@out ()) => { () };
    (@out $output:ident) => { records::$output };
}
licence_core::for_each_operation!(typed_tracker);
