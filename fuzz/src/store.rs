//! A tracker over the in-memory store whose records the target can read
//! between operations, to check that an operation changed nothing.

use std::sync::{Arc, Mutex, MutexGuard};

use licence_core::Result;
use licence_core::store::memory::MemoryStore;
use licence_core::store::{Condition, Entry, Query, Store, Stored, collections};
use licence_core::tracker::Tracker;

/// The memory store, shared between the tracker and the target.
#[derive(Clone, Default)]
pub struct Shared(Arc<Mutex<MemoryStore>>);

impl Shared {
    /// A tracker over a new, empty store, and the store.
    pub fn tracker() -> (Tracker, Self) {
        let shared = Self::default();
        (Tracker::new(Box::new(shared.clone())), shared)
    }

    fn lock(&self) -> MutexGuard<'_, MemoryStore> {
        // A panic while the lock was held ends the run; the store is whole.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every record of every collection, in a fixed order.
    pub fn snapshot(&self) -> Vec<Vec<Stored>> {
        let mut store = self.lock();
        collections::ALL
            .iter()
            .map(|c| {
                store
                    .find(&Query::all(c.name, Vec::new()))
                    .unwrap_or_else(|e| crate::bug(&format!("listing {}: {e}", c.name)))
            })
            .collect()
    }

    /// How many records `collection` holds.
    pub fn count(&self, collection: &str) -> u64 {
        self.lock()
            .count(collection, &[])
            .unwrap_or_else(|e| crate::bug(&format!("counting {collection}: {e}")))
    }
}

impl Store for Shared {
    fn begin(&mut self) -> Result<()> {
        self.lock().begin()
    }

    fn commit(&mut self) -> Result<()> {
        self.lock().commit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.lock().rollback()
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        self.lock().get(collection, ids)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        self.lock().put(collection, entries)
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        self.lock().remove(collection, ids)
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        self.lock().find(query)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        self.lock().count(collection, conditions)
    }

    fn will_put(&mut self, collection: &str, count: u64) -> Result<()> {
        self.lock().will_put(collection, count)
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        self.lock().next_sequence(name, count)
    }
}
