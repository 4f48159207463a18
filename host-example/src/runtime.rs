//! The wasmtime engine the components run on: its settings (pooling
//! allocator, epoch interruption), the compiled-code cache, and the per-call
//! bounds.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store,
    Trap,
};

use crate::bindings::types as wit;
use crate::error::{Failure, from_wit};

/// The bounds of every instance and call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most linear memory one instance may use, in bytes.
    pub memory_bytes: usize,
    /// How long one call may run; a call still running then is stopped.
    /// Checked every [`TICK`], so this is rounded up to whole ticks.
    pub deadline: Duration,
    /// How many instances may be alive at once (the pooling allocator's
    /// slots).
    pub instances: u32,
    /// The most records one call may read from the host's store.
    pub store_rows: u64,
    /// The most document bytes one call may read from the host's store.
    pub store_bytes: u64,
}

impl Default for Limits {
    /// 256 MiB of memory, 10 seconds per call, 16 live instances; a call
    /// reads at most 1,000,000 records and 256 MiB from the host's store.
    fn default() -> Self {
        Self {
            memory_bytes: 256 << 20,
            deadline: Duration::from_secs(10),
            instances: 16,
            store_rows: 1_000_000,
            store_bytes: 256 << 20,
        }
    }
}

/// How often the engine's epoch advances: the granularity of deadlines.
pub const TICK: Duration = Duration::from_millis(5);

impl Limits {
    /// The deadline in epoch ticks (at least one).
    fn ticks(&self) -> u64 {
        (self.deadline.as_nanos().div_ceil(TICK.as_nanos()) as u64).max(1)
    }
}

/// How a component was made ready to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compilation {
    /// Compiled now (and written to the cache, if there is one).
    Compiled,
    /// Loaded from the cache of compiled code.
    Cached,
}

/// The engine, its bounds and its cache of compiled components.
#[derive(Clone)]
pub struct Runtime {
    engine: Engine,
    limits: Limits,
    cache_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("limits", &self.limits)
            .field("cache_dir", &self.cache_dir)
            .finish_non_exhaustive()
    }
}

/// What a store of this host holds: the memory limiter and the world's own
/// host data.
pub struct State<T> {
    limiter: Limiter,
    /// The world's host data (the `store` import's records for `tracker`).
    pub data: T,
}

/// Enforces the memory limit and remembers whether it refused a growth, so
/// that the trap that follows can be reported as what it is.
struct Limiter {
    memory_bytes: usize,
    refused: bool,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired <= self.memory_bytes;
        self.refused |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= TABLE_ELEMENTS)
    }
}

/// The most elements of one table (function references of the guest).
const TABLE_ELEMENTS: usize = 20_000;

/// A [`Hasher`] that feeds SHA-256, for a cache key that is stable across
/// runs and builds.
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl Runtime {
    /// An engine with the pooling allocator sized by `limits`, epoch
    /// interruption on (a thread advances the epoch every [`TICK`] for as
    /// long as the engine lives), and compiled components cached in
    /// `cache_dir` (none: no cache).
    pub fn new(limits: Limits, cache_dir: Option<PathBuf>) -> wasmtime::Result<Self> {
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(limits.instances)
            .total_core_instances(limits.instances)
            .total_memories(limits.instances)
            .total_tables(limits.instances)
            .table_elements(TABLE_ELEMENTS)
            .max_memory_size(limits.memory_bytes)
            // A slot's table is reset with `memset` rather than handed back
            // to the kernel, so the next instance takes no page faults on
            // it: a quarter off the tracker's instantiation.
            .table_keep_resident(TABLE_ELEMENTS * std::mem::size_of::<usize>());
        let mut config = Config::new();
        config
            .epoch_interruption(true)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&config)?;
        let weak = engine.weak();
        std::thread::Builder::new()
            .name("licence-host-epoch".into())
            .spawn(move || {
                while let Some(engine) = weak.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(TICK);
                }
            })?;
        Ok(Self {
            engine,
            limits,
            cache_dir,
        })
    }

    /// The wasmtime engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The bounds of every instance and call.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Where the compiled form of a component with these bytes is cached:
    /// named by the SHA-256 of the bytes and of the engine's settings.
    fn cache_path(&self, bytes: &[u8]) -> Option<PathBuf> {
        let dir = self.cache_dir.as_ref()?;
        let mut hasher = Sha256Hasher(Sha256::new());
        hasher.write(bytes);
        self.engine
            .precompile_compatibility_hash()
            .hash(&mut hasher);
        let digest = hasher.0.finalize();
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Some(dir.join(format!("{name}.cwasm")))
    }

    /// The component in the file at `path`, compiled, or loaded from the
    /// cache when it was compiled before with the same engine settings.
    pub fn load(&self, path: &Path) -> wasmtime::Result<(Component, Compilation)> {
        let bytes = std::fs::read(path).map_err(|e| {
            wasmtime::format_err!("reading the component `{}`: {e}", path.display())
        })?;
        let cached = self.cache_path(&bytes);
        if let Some(cached) = cached.as_ref().filter(|p| p.exists()) {
            // SAFETY: the cache directory is this host's own and its files
            // are written only below, from `Component::serialize` of this
            // engine's compilation; the name includes the engine's
            // compatibility hash. A file that fails to load is recompiled.
            if let Ok(component) = unsafe { Component::deserialize_file(&self.engine, cached) } {
                return Ok((component, Compilation::Cached));
            }
        }
        let component = Component::new(&self.engine, &bytes)?;
        if let Some(cached) = cached {
            // The cache only saves time: failing to write it is not an error.
            self.write_cache(&cached, &component).ok();
        }
        Ok((component, Compilation::Compiled))
    }

    fn write_cache(&self, path: &Path, component: &Component) -> wasmtime::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let partial = path.with_extension(format!("partial-{}", std::process::id()));
        std::fs::write(&partial, component.serialize()?)?;
        std::fs::rename(&partial, path)?;
        Ok(())
    }

    /// A store for one instance, holding `data`, with the memory limit on.
    pub fn store<T>(&self, data: T) -> Store<State<T>> {
        let mut store = Store::new(
            &self.engine,
            State {
                limiter: Limiter {
                    memory_bytes: self.limits.memory_bytes,
                    refused: false,
                },
                data,
            },
        );
        store.limiter(|state| &mut state.limiter);
        store.epoch_deadline_trap();
        // Instantiation runs the component's start-up code: bounded too.
        store.set_epoch_deadline(self.limits.ticks());
        store
    }

    /// Runs one call on `store` within the deadline, and sorts out how it
    /// ended: the engine's answer, the engine's error, or a trap (after which
    /// the caller must discard the instance: see
    /// [`Failure::discarded_instance`]).
    pub fn call<T, R>(
        &self,
        store: &mut Store<State<T>>,
        call: impl FnOnce(&mut Store<State<T>>) -> wasmtime::Result<Result<R, wit::Error>>,
    ) -> Result<R, Failure> {
        store.set_epoch_deadline(self.limits.ticks());
        store.data_mut().limiter.refused = false;
        match call(store) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(Failure::Engine(from_wit(e))),
            Err(trap) => Err(self.failure(store, &trap)),
        }
    }

    fn failure<T>(&self, store: &Store<State<T>>, trap: &wasmtime::Error) -> Failure {
        if store.data().limiter.refused {
            Failure::OutOfMemory {
                limit: self.limits.memory_bytes,
            }
        } else if trap.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            Failure::TimedOut {
                deadline: self.limits.deadline,
            }
        } else {
            Failure::Trap(format!("{trap:#}"))
        }
    }
}
