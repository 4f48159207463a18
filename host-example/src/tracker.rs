//! The `tracker` component: the engine's tracker running in the sandbox,
//! its records kept by the host through the `store` import.

use std::path::Path;

use serde_json::Value;
use wasmtime::Store;
use wasmtime::component::{HasSelf, Linker, ResourceAny};

use crate::bindings::tracker::{Tracker as Bindings, TrackerPre};
use crate::bindings::tracking::{Context, StatusCounts};
use crate::bindings::types::{self as wit, Day};
use crate::error::Failure;
use crate::rules::parse_output;
use crate::runtime::{Compilation, Runtime, State};
use crate::store::StoreHost;

/// The `tracker` component, compiled and linked once (with this host's
/// `store`): open as many trackers as needed.
#[derive(Clone)]
pub struct TrackerComponent {
    runtime: Runtime,
    pre: TrackerPre<State<StoreHost>>,
}

struct Live {
    store: Store<State<StoreHost>>,
    bindings: Bindings,
    tracker: ResourceAny,
}

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
        Ok((
            Self {
                runtime: runtime.clone(),
                pre,
            },
            compilation,
        ))
    }

    /// A tracker whose records live in `store`, on a fresh instance.
    pub fn open(
        &self,
        store: Box<dyn licence_core::store::Store>,
    ) -> Result<TrackerInstance, Failure> {
        let live = self.live(StoreHost::new(store))?;
        Ok(TrackerInstance {
            component: self.clone(),
            live: Some(live),
            spare: None,
        })
    }

    fn live(&self, host: StoreHost) -> Result<Live, Failure> {
        let mut store = self.runtime.store(host);
        let bindings = self
            .pre
            .instantiate(&mut store)
            .map_err(|e| Failure::Load(format!("{e:#}")))?;
        let tracker = self.runtime.call(&mut store, |store| {
            bindings
                .licence_engine_tracking()
                .tracker()
                .call_constructor(store)
                .map(Ok)
        })?;
        Ok(Live {
            store,
            bindings,
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
        let live = match (&mut self.live, self.spare.take()) {
            (Some(live), _) => live,
            (None, Some(host)) => self.live.insert(self.component.live(host)?),
            (None, None) => return Err(Failure::Load("the tracker's store was lost".into())),
        };
        let Live {
            store,
            bindings,
            tracker,
        } = live;
        let result = self
            .component
            .runtime
            .call(store, |store| call(bindings, *tracker, store));
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

    /// Counts per status of every current licence on `today` (a day number).
    pub fn status_counts(&mut self, today: Day) -> Result<StatusCounts, Failure> {
        self.call(|b, tracker, store| {
            b.licence_engine_tracking()
                .tracker()
                .call_status_counts(store, tracker, today)
        })
    }

    /// Records that a reminder was sent.
    pub fn acknowledge(
        &mut self,
        ctx: &Context,
        licence_id: &str,
        expiry: Day,
        trigger: Day,
    ) -> Result<(), Failure> {
        self.call(|b, tracker, store| {
            b.licence_engine_tracking()
                .tracker()
                .call_acknowledge(store, tracker, ctx, licence_id, expiry, trigger)
        })
    }
}
