//! The `store` import: the host keeps the tracker's records in any engine
//! store (the SQLite store for the demo). The interface has the engine's
//! store shape, documents with typed keys, so this module only converts;
//! the store keeps the data and the tracker inside the component makes
//! every decision.

use licence_core::error::Result;
use licence_core::store::{Condition, Entry, Key, KeyValue, Order, Query, Range, Store, Stored};

use crate::bindings::store::{self as wit, Host};

/// The host side of the `store` import: an engine store, and whether the
/// component left a transaction open.
pub struct StoreHost {
    store: Box<dyn Store>,
    in_transaction: bool,
}

impl std::fmt::Debug for StoreHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreHost")
            .field("in_transaction", &self.in_transaction)
            .finish_non_exhaustive()
    }
}

/// The store's answer; a failure is its message.
type Answer<T> = std::result::Result<T, String>;

fn key_value(value: wit::KeyValue) -> KeyValue {
    match value {
        wit::KeyValue::Number(n) => KeyValue::Number(n),
        wit::KeyValue::Text(t) => KeyValue::Text(t),
    }
}

fn condition(condition: wit::Condition) -> Condition {
    Condition {
        key: condition.key.into(),
        any_of: condition
            .any_of
            .into_iter()
            .map(|r| Range {
                low: r.low.map(key_value),
                high: r.high.map(key_value),
            })
            .collect(),
    }
}

fn stored(found: Vec<Stored>) -> Vec<wit::Stored> {
    found
        .into_iter()
        .map(|s| wit::Stored {
            id: s.id,
            document: s.document,
        })
        .collect()
}

impl StoreHost {
    /// The host side over `store`.
    pub fn new(store: Box<dyn Store>) -> Self {
        Self {
            store,
            in_transaction: false,
        }
    }

    /// Undoes a transaction that a discarded instance left open, so the
    /// records are as they were before its call.
    pub fn recover(&mut self) -> Result<()> {
        if self.in_transaction {
            self.in_transaction = false;
            self.store.rollback()?;
        }
        Ok(())
    }

    fn with<R>(&mut self, f: impl FnOnce(&mut dyn Store) -> Result<R>) -> Answer<R> {
        f(&mut *self.store).map_err(|e| e.to_string())
    }
}

impl Host for StoreHost {
    fn begin(&mut self) -> Answer<()> {
        self.with(|s| s.begin())?;
        self.in_transaction = true;
        Ok(())
    }

    fn commit(&mut self) -> Answer<()> {
        self.with(|s| s.commit())?;
        self.in_transaction = false;
        Ok(())
    }

    fn rollback(&mut self) -> Answer<()> {
        self.in_transaction = false;
        self.with(|s| s.rollback())
    }

    fn get(&mut self, collection: String, ids: Vec<String>) -> Answer<Vec<wit::Stored>> {
        self.with(|s| s.get(&collection, &ids)).map(stored)
    }

    fn put(&mut self, collection: String, entries: Vec<wit::Entry>) -> Answer<()> {
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|e| Entry {
                id: e.id,
                document: e.document,
                keys: e
                    .keys
                    .into_iter()
                    .map(|k| Key {
                        name: k.name.into(),
                        value: key_value(k.value),
                    })
                    .collect(),
            })
            .collect();
        self.with(|s| s.put(&collection, &entries))
    }

    fn remove(&mut self, collection: String, ids: Vec<String>) -> Answer<()> {
        self.with(|s| s.remove(&collection, &ids))
    }

    fn find(&mut self, query: wit::Query) -> Answer<Vec<wit::Stored>> {
        let query = Query {
            collection: query.collection.into(),
            conditions: query.conditions.into_iter().map(condition).collect(),
            order: query
                .order
                .into_iter()
                .map(|o| Order {
                    key: o.key.into(),
                    descending: o.descending,
                })
                .collect(),
            offset: query.offset,
            limit: query.limit,
        };
        self.with(|s| s.find(&query)).map(stored)
    }

    fn count(&mut self, collection: String, conditions: Vec<wit::Condition>) -> Answer<u64> {
        let conditions: Vec<Condition> = conditions.into_iter().map(condition).collect();
        self.with(|s| s.count(&collection, &conditions))
    }

    fn next_sequence(&mut self, name: String, count: u64) -> Answer<u64> {
        self.with(|s| s.next_sequence(&name, count))
    }
}
