//! The `rules` component: the pure engine, with no imports at all.

use std::path::Path;

use licence_core::operations::Operation;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasmtime::Store;
use wasmtime::component::{ComponentType, Instance, Lift, Linker, Lower};

use crate::bindings::pure_rules::{
    DueSlot, Evaluations, ReminderInput, Rights, RightsQuery, Schedule,
};
use crate::bindings::rules::{Rules as Bindings, RulesIndices as BindingsIndices, RulesPre};
use crate::error::Failure;
use crate::runtime::{Compilation, Runtime, State};
use crate::typed::{answer, export_index, wit_input};

/// The `rules` component, compiled and linked once: instantiate it as often
/// as needed.
#[derive(Clone)]
pub struct RulesComponent {
    runtime: Runtime,
    pre: RulesPre<State<()>>,
    /// Where each export is, found once rather than by name per instance.
    indices: BindingsIndices,
}

impl RulesComponent {
    /// Loads the component at `path` (see [`Runtime::load`]). The linker is
    /// empty: the component gets no capability.
    pub fn load(runtime: &Runtime, path: &Path) -> wasmtime::Result<(Self, Compilation)> {
        let (component, compilation) = runtime.load(path)?;
        let linker = Linker::new(runtime.engine());
        let pre = RulesPre::new(linker.instantiate_pre(&component)?)?;
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

    fn live(&self) -> Result<Live, Failure> {
        let mut store = self.runtime.store(());
        let loaded = |e: wasmtime::Error| Failure::Load(format!("{e:#}"));
        let instance = self
            .pre
            .instance_pre()
            .instantiate(&mut store)
            .map_err(loaded)?;
        Ok(Live {
            store,
            bindings: None,
            instance,
        })
    }

    /// A fresh instance.
    pub fn instantiate(&self) -> Result<Rules, Failure> {
        Ok(Rules {
            live: Some(self.live()?),
            component: self.clone(),
        })
    }
}

struct Live {
    store: Store<State<()>>,
    /// The generated bindings, loaded on the first call that uses them:
    /// loading type-checks every export, which a typed operation called by
    /// its index does not need.
    bindings: Option<Bindings>,
    instance: Instance,
}

/// The export name of the typed rule operations.
const RULE_OPERATIONS: &str = "licence:engine/rule-operations@0.1.0";

/// An instance of the `rules` component. A call that traps discards the
/// instance; the next call runs on a fresh one.
pub struct Rules {
    component: RulesComponent,
    live: Option<Live>,
}

impl Rules {
    fn call<R>(
        &mut self,
        call: impl FnOnce(
            &Bindings,
            &mut Store<State<()>>,
        ) -> wasmtime::Result<Result<R, crate::bindings::types::Error>>,
    ) -> Result<R, Failure> {
        let indices = self.component.indices.clone();
        self.call_instance(|bindings, instance, store| {
            let bindings = match bindings {
                Some(bindings) => bindings,
                None => bindings.insert(indices.load(&mut *store, instance)?),
            };
            call(bindings, store)
        })
    }

    fn call_instance<R>(
        &mut self,
        call: impl FnOnce(
            &mut Option<Bindings>,
            &Instance,
            &mut Store<State<()>>,
        ) -> wasmtime::Result<Result<R, crate::bindings::types::Error>>,
    ) -> Result<R, Failure> {
        let live = match &mut self.live {
            Some(live) => live,
            None => self.live.insert(self.component.live()?),
        };
        let Live {
            store,
            bindings,
            instance,
        } = live;
        let result = self
            .component
            .runtime
            .call(store, |store| call(bindings, instance, store));
        if result.as_ref().is_err_and(Failure::discarded_instance) {
            self.live = None;
        }
        result
    }

    /// The status of every licence of a batch on `today` (a day number):
    /// `expiries` are day numbers, or `i32::MIN` for none. The answer holds
    /// days left and status codes (0 active, 1 expiring, 2 expired) in
    /// batch order.
    pub fn evaluate_status(
        &mut self,
        expiries: &[i32],
        today: i32,
        window_days: u32,
    ) -> Result<Evaluations, Failure> {
        self.call(|b, store| {
            b.licence_engine_pure_rules()
                .call_evaluate_status(store, expiries, today, window_days)
        })
    }

    /// The reminders due on `today` for a batch of licences.
    pub fn due_reminders(
        &mut self,
        licences: &[ReminderInput],
        schedules: &[Schedule],
        today: i32,
    ) -> Result<Vec<DueSlot>, Failure> {
        self.call(|b, store| {
            b.licence_engine_pure_rules()
                .call_due_reminders(store, licences, schedules, today)
        })
    }

    /// What each party of a batch may do with its licence.
    pub fn evaluate_rights(&mut self, queries: &[RightsQuery]) -> Result<Vec<Rights>, Failure> {
        self.call(|b, store| {
            b.licence_engine_pure_rules()
                .call_evaluate_rights(store, queries)
        })
    }

    /// The names of the operations [`Rules::execute`] runs.
    pub fn operations(&mut self) -> Result<Vec<String>, Failure> {
        self.call(|b, store| b.licence_engine_pure_rules().call_operations(store).map(Ok))
    }

    /// Runs the rule operation `op` on a JSON document, as JSON text.
    pub fn execute(&mut self, op: &str, input: &str) -> Result<String, Failure> {
        self.call(|b, store| b.licence_engine_pure_rules().call_execute(store, op, input))
    }

    /// Runs the rule operation `op` on a JSON value.
    pub fn execute_json(&mut self, op: &str, input: &Value) -> Result<Value, Failure> {
        let output = self.execute(op, &input.to_string())?;
        parse_output(&output)
    }

    /// Runs the rule operation `op` through its typed function: the JSON
    /// document is read as the engine's input record, converted to the WIT
    /// record (`licence-transcode`), passed to the component's typed
    /// function, and its WIT answer converted back to the engine's output
    /// and written as JSON.
    pub fn call_typed(&mut self, op: &str, input: &Value) -> Result<Value, Failure> {
        typed_rule(self, op, input).unwrap_or_else(|| {
            Err(
                licence_core::Error::invalid("op", format!("`{op}` is not a rule operation"))
                    .into(),
            )
        })
    }

    /// Calls the typed function `name` whose engine input is `I`, WIT input
    /// `W` and WIT output `O`.
    fn typed<I, W, O>(&mut self, name: &str, input: &Value) -> Result<Value, Failure>
    where
        I: Operation,
        W: ComponentType + Lower + Serialize + DeserializeOwned,
        O: ComponentType + Lift + DeserializeOwned + Serialize,
    {
        let converted: W = wit_input(&licence_core::operations::decode::<I>(input)?)?;
        let function = name.replace('_', "-");
        let output: O = self.call_instance(|_, instance, store| {
            let index = export_index(instance, &mut *store, RULE_OPERATIONS, &function)?;
            let typed = instance
                .get_typed_func::<(&W,), (Result<O, crate::bindings::types::Error>,)>(
                    &mut *store,
                    &index,
                )?;
            let (result,) = typed.call(&mut *store, (&converted,))?;
            Ok(result)
        })?;
        answer::<I, O>(name, &output)
    }
}

/// Every typed rule operation, by name: `None` for a name that is none.
macro_rules! typed_rules {
    (
        rules { $($name:ident: $input:ident => $output:ident,)* }
        tracker { $($tracker:tt)* }
        tracker_without_input { $($bare:tt)* }
    ) => {
        fn typed_rule(rules: &mut Rules, op: &str, input: &Value) -> Option<Result<Value, Failure>> {
            use crate::bindings::records;
            match op {
                $(stringify!($name) => Some(rules.typed::<
                    licence_core::operations::$input,
                    records::$input,
                    records::$output,
                >(op, input)),)*
                _ => None,
            }
        }
    };
}
licence_core::for_each_operation!(typed_rules);

/// The JSON value of a component's output document.
pub(crate) fn parse_output(output: &str) -> Result<Value, Failure> {
    serde_json::from_str(output)
        .map_err(|e| Failure::Trap(format!("the component's output is not JSON: {e}")))
}
