//! The `store` import: the host keeps the tracker's records in any engine
//! store (the SQLite store for the demo). The interface has the engine's
//! store shape, documents with typed keys, so this module only converts;
//! the store keeps the data and the tracker inside the component makes
//! every decision. The host bounds the work a guest's call makes it do:
//! past the call's deadline, or its budget of records and bytes read, the
//! store refuses, and the call fails cleanly (its transaction rolled back).

use std::time::Instant;

use licence_core::error::Result;
use licence_core::store::{Condition, Entry, Key, KeyValue, Order, Query, Range, Store, Stored};

use crate::bindings::store::{self as wit, Host};
use crate::runtime::Limits;

/// The host side of the `store` import: an engine store, whether the
/// component left a transaction open, and what the current call may still
/// read.
pub struct StoreHost {
    store: Box<dyn Store>,
    in_transaction: bool,
    budget: Budget,
}

/// What one call may still make the host's store do.
#[derive(Debug, Clone, Copy)]
struct Budget {
    deadline: Option<Instant>,
    limits: Limits,
    rows: u64,
    bytes: u64,
}

impl Budget {
    fn new(limits: Limits) -> Self {
        Self {
            deadline: None,
            limits,
            rows: 0,
            bytes: 0,
        }
    }

    /// Refuses once the call's deadline has passed.
    fn check_time(&self) -> Answer<()> {
        match self.deadline {
            Some(deadline) if Instant::now() > deadline => Err(format!(
                "the call ran past its deadline of {} ms in the host's store",
                self.limits.deadline.as_millis()
            )),
            _ => Ok(()),
        }
    }

    /// Counts what the store answered, refusing past the budget.
    fn spend(&mut self, found: &[Stored]) -> Answer<()> {
        self.check_time()?;
        self.rows += found.len() as u64;
        self.bytes += found.iter().map(|s| s.document.len() as u64).sum::<u64>();
        if self.rows > self.limits.store_rows {
            return Err(format!(
                "the call read more than {} records from the host's store",
                self.limits.store_rows
            ));
        }
        if self.bytes > self.limits.store_bytes {
            return Err(format!(
                "the call read more than {} bytes from the host's store",
                self.limits.store_bytes
            ));
        }
        Ok(())
    }
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
    /// The host side over `store`, bounded by `limits`.
    pub fn new(store: Box<dyn Store>, limits: Limits) -> Self {
        Self {
            store,
            in_transaction: false,
            budget: Budget::new(limits),
        }
    }

    /// Starts a call: its deadline from now, and a full budget.
    pub fn start_call(&mut self) {
        let limits = self.budget.limits;
        self.budget = Budget {
            deadline: Instant::now().checked_add(limits.deadline),
            ..Budget::new(limits)
        };
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
        self.budget.check_time()?;
        let found = self.with(|s| s.get(&collection, &ids))?;
        self.budget.spend(&found)?;
        Ok(stored(found))
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
        self.budget.check_time()?;
        let found = self.with(|s| s.find(&query))?;
        self.budget.spend(&found)?;
        Ok(stored(found))
    }

    fn count(&mut self, collection: String, conditions: Vec<wit::Condition>) -> Answer<u64> {
        let conditions: Vec<Condition> = conditions.into_iter().map(condition).collect();
        self.with(|s| s.count(&collection, &conditions))
    }

    fn next_sequence(&mut self, name: String, count: u64) -> Answer<u64> {
        self.with(|s| s.next_sequence(&name, count))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn found(sizes: &[usize]) -> Vec<Stored> {
        sizes
            .iter()
            .map(|&n| Stored {
                id: "r".into(),
                document: vec![b'x'; n],
            })
            .collect()
    }

    #[test]
    fn a_call_reads_within_its_budget_of_records_and_bytes() {
        let limits = Limits {
            store_rows: 3,
            store_bytes: 100,
            ..Limits::default()
        };
        let mut budget = Budget::new(limits);
        assert_eq!(budget.spend(&found(&[10, 10])), Ok(()));
        assert_eq!(
            budget.spend(&found(&[10, 10])),
            Err("the call read more than 3 records from the host's store".into())
        );
        let mut budget = Budget::new(limits);
        assert_eq!(
            budget.spend(&found(&[101])),
            Err("the call read more than 100 bytes from the host's store".into())
        );
    }

    #[test]
    fn a_call_past_its_deadline_is_refused_by_the_store() {
        let limits = Limits {
            deadline: Duration::from_millis(20),
            ..Limits::default()
        };
        let mut host = StoreHost::new(
            Box::new(licence_core::store::memory::MemoryStore::new()),
            limits,
        );
        host.start_call();
        assert_eq!(host.count("people".into(), Vec::new()), Ok(0));
        assert_eq!(host.find_all("people"), Ok(0));
        host.budget.deadline = Instant::now().checked_sub(Duration::from_millis(1));
        assert_eq!(
            host.find_all("people"),
            Err("the call ran past its deadline of 20 ms in the host's store".into())
        );
        host.start_call();
        assert_eq!(host.find_all("people"), Ok(0));
    }

    impl StoreHost {
        fn find_all(&mut self, collection: &str) -> Answer<usize> {
            let query = wit::Query {
                collection: collection.into(),
                conditions: Vec::new(),
                order: Vec::new(),
                offset: 0,
                limit: None,
            };
            self.find(query).map(|found| found.len())
        }
    }
}
