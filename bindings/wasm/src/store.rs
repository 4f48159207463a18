//! The engine's store inside the component: each call of the engine's
//! [`Store`] goes to the host through the imported `store` interface, whose
//! records have the same shape as the engine's; this module only converts.

use licence_core::error::{Error, Result};
use licence_core::store::{Condition, Entry, KeyValue, Query, Store, Stored};

use crate::tracker::host;

/// The store the host keeps behind the `store` import.
pub struct HostStore;

/// The host's answer, its failure a storage error.
fn answer<T>(result: std::result::Result<T, String>) -> Result<T> {
    result.map_err(Error::storage)
}

fn key_value(value: &KeyValue) -> host::KeyValue {
    match value {
        KeyValue::Number(n) => host::KeyValue::Number(*n),
        KeyValue::Text(t) => host::KeyValue::Text(t.clone()),
    }
}

fn condition(condition: &Condition) -> host::Condition {
    host::Condition {
        key: condition.key.to_string(),
        any_of: condition
            .any_of
            .iter()
            .map(|r| host::Range {
                low: r.low.as_ref().map(key_value),
                high: r.high.as_ref().map(key_value),
            })
            .collect(),
    }
}

fn stored(found: Vec<host::Stored>) -> Vec<Stored> {
    found
        .into_iter()
        .map(|s| Stored {
            id: s.id,
            document: s.document,
        })
        .collect()
}

impl Store for HostStore {
    fn begin(&mut self) -> Result<()> {
        answer(host::begin())
    }

    fn commit(&mut self) -> Result<()> {
        answer(host::commit())
    }

    fn rollback(&mut self) -> Result<()> {
        answer(host::rollback())
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        answer(host::get(collection, ids)).map(stored)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        let entries: Vec<host::Entry> = entries
            .iter()
            .map(|e| host::Entry {
                id: e.id.clone(),
                document: e.document.clone(),
                keys: e
                    .keys
                    .iter()
                    .map(|k| host::Key {
                        name: k.name.to_string(),
                        value: key_value(&k.value),
                    })
                    .collect(),
            })
            .collect();
        answer(host::put(collection, &entries))
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        answer(host::remove(collection, ids))
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        let query = host::Query {
            collection: query.collection.to_string(),
            conditions: query.conditions.iter().map(condition).collect(),
            order: query
                .order
                .iter()
                .map(|o| host::Order {
                    key: o.key.to_string(),
                    descending: o.descending,
                })
                .collect(),
            offset: query.offset,
            limit: query.limit,
        };
        answer(host::find(&query)).map(stored)
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        let conditions: Vec<host::Condition> = conditions.iter().map(condition).collect();
        answer(host::count(collection, &conditions))
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        answer(host::next_sequence(name, count))
    }
}
