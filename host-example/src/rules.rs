//! The `rules` component: the pure engine, with no imports at all.

use std::path::Path;

use serde_json::Value;
use wasmtime::Store;
use wasmtime::component::Linker;

use crate::bindings::pure_rules::{
    DueSlot, Evaluations, ReminderInput, Rights, RightsQuery, Schedule,
};
use crate::bindings::rules::{Rules as Bindings, RulesPre};
use crate::error::Failure;
use crate::runtime::{Compilation, Runtime, State};

/// The `rules` component, compiled and linked once: instantiate it as often
/// as needed.
#[derive(Clone)]
pub struct RulesComponent {
    runtime: Runtime,
    pre: RulesPre<State<()>>,
}

impl RulesComponent {
    /// Loads the component at `path` (see [`Runtime::load`]). The linker is
    /// empty: the component gets no capability.
    pub fn load(runtime: &Runtime, path: &Path) -> wasmtime::Result<(Self, Compilation)> {
        let (component, compilation) = runtime.load(path)?;
        let linker = Linker::new(runtime.engine());
        let pre = RulesPre::new(linker.instantiate_pre(&component)?)?;
        Ok((
            Self {
                runtime: runtime.clone(),
                pre,
            },
            compilation,
        ))
    }

    fn live(&self) -> Result<Live, Failure> {
        let mut store = self.runtime.store(());
        let bindings = self
            .pre
            .instantiate(&mut store)
            .map_err(|e| Failure::Load(format!("{e:#}")))?;
        Ok(Live { store, bindings })
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
    bindings: Bindings,
}

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
        let live = match &mut self.live {
            Some(live) => live,
            None => self.live.insert(self.component.live()?),
        };
        let Live { store, bindings } = live;
        let result = self
            .component
            .runtime
            .call(store, |store| call(bindings, store));
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
}

/// The JSON value of a component's output document.
pub(crate) fn parse_output(output: &str) -> Result<Value, Failure> {
    serde_json::from_str(output)
        .map_err(|e| Failure::Trap(format!("the component's output is not JSON: {e}")))
}
