//! A store that keeps everything in memory: for tests and for hosts that keep
//! nothing. Queries scan their collection; a transaction keeps an undo log,
//! so a rollback restores exactly the state at `begin`. Large organisations
//! belong in the SQLite store.

use std::collections::BTreeMap;

use super::collections;
use super::{Condition, Entry, Query, Store, Stored};
use crate::error::{Error, Result};

/// What a write replaced, to undo it.
#[derive(Debug)]
enum Undo {
    /// A record and what it was before (`None`: it did not exist).
    Record {
        collection: String,
        id: String,
        before: Option<Entry>,
    },
    /// A sequence and its number before.
    Sequence { name: String, before: Option<u64> },
}

/// A store in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    collections: BTreeMap<String, BTreeMap<String, Entry>>,
    sequences: BTreeMap<String, u64>,
    /// The writes of the open transaction, oldest first.
    undo: Option<Vec<Undo>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn undo_log(&mut self) -> Result<&mut Vec<Undo>> {
        self.undo
            .as_mut()
            .ok_or_else(|| Error::storage("write outside a transaction"))
    }

    /// Replaces (or with `None` removes) one record, logging what was there.
    fn replace(&mut self, collection: &str, id: &str, entry: Option<Entry>) -> Result<()> {
        self.undo_log()?;
        let records = self.collections.entry(collection.to_owned()).or_default();
        let before = match entry {
            Some(entry) => records.insert(id.to_owned(), entry),
            None => records.remove(id),
        };
        self.undo_log()?.push(Undo::Record {
            collection: collection.to_owned(),
            id: id.to_owned(),
            before,
        });
        Ok(())
    }

    /// The records of `query`'s collection that match it, in its order.
    fn matching(&self, query: &Query) -> Result<Vec<&Entry>> {
        check_conditions(&query.collection, &query.conditions)?;
        let collection = collections::named(&query.collection)?;
        for term in &query.order {
            collection.check_key(&term.key)?;
        }
        let mut found: Vec<&Entry> = self
            .collections
            .get(query.collection.as_ref())
            .into_iter()
            .flat_map(|records| records.values())
            .filter(|entry| query.matches(entry))
            .collect();
        found.sort_by(|a, b| query.compare(a, b));
        Ok(found)
    }
}

fn check_conditions(collection: &str, conditions: &[Condition]) -> Result<()> {
    let collection = collections::named(collection)?;
    conditions
        .iter()
        .try_for_each(|c| collection.check_key(&c.key).map(|_| ()))
}

fn stored(entry: &Entry) -> Stored {
    Stored {
        id: entry.id.clone(),
        document: entry.document.clone(),
    }
}

impl Store for MemoryStore {
    fn begin(&mut self) -> Result<()> {
        if self.undo.is_some() {
            return Err(Error::storage("a transaction is already open"));
        }
        self.undo = Some(Vec::new());
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.undo
            .take()
            .map(|_| ())
            .ok_or_else(|| Error::storage("commit without a transaction"))
    }

    fn rollback(&mut self) -> Result<()> {
        let undo = self
            .undo
            .take()
            .ok_or_else(|| Error::storage("rollback without a transaction"))?;
        for step in undo.into_iter().rev() {
            match step {
                Undo::Record {
                    collection,
                    id,
                    before,
                } => {
                    let records = self.collections.entry(collection).or_default();
                    match before {
                        Some(entry) => records.insert(id, entry),
                        None => records.remove(&id),
                    };
                }
                Undo::Sequence { name, before } => {
                    match before {
                        Some(number) => self.sequences.insert(name, number),
                        None => self.sequences.remove(&name),
                    };
                }
            }
        }
        Ok(())
    }

    fn get(&mut self, collection: &str, ids: &[String]) -> Result<Vec<Stored>> {
        collections::named(collection)?;
        let Some(records) = self.collections.get(collection) else {
            return Ok(Vec::new());
        };
        let mut found: Vec<Stored> = ids
            .iter()
            .filter_map(|id| records.get(id))
            .map(stored)
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found)
    }

    fn put(&mut self, collection: &str, entries: &[Entry]) -> Result<()> {
        let definition = collections::named(collection)?;
        for entry in entries {
            for key in &entry.keys {
                definition.check_key(&key.name)?;
            }
            self.replace(collection, &entry.id, Some(entry.clone()))?;
        }
        Ok(())
    }

    fn remove(&mut self, collection: &str, ids: &[String]) -> Result<()> {
        collections::named(collection)?;
        for id in ids {
            self.replace(collection, id, None)?;
        }
        Ok(())
    }

    fn find(&mut self, query: &Query) -> Result<Vec<Stored>> {
        Ok(self
            .matching(query)?
            .into_iter()
            .skip(query.offset as usize)
            .take(query.limit.map_or(usize::MAX, |l| l as usize))
            .map(stored)
            .collect())
    }

    fn count(&mut self, collection: &str, conditions: &[Condition]) -> Result<u64> {
        check_conditions(collection, conditions)?;
        Ok(self.collections.get(collection).map_or(0, |records| {
            records
                .values()
                .filter(|entry| conditions.iter().all(|c| c.matches(entry)))
                .count() as u64
        }))
    }

    fn next_sequence(&mut self, name: &str, count: u64) -> Result<u64> {
        self.undo_log()?;
        let before = self.sequences.get(name).copied();
        let next = before.unwrap_or(0) + 1;
        self.sequences
            .insert(name.to_owned(), before.unwrap_or(0) + count);
        self.undo_log()?.push(Undo::Sequence {
            name: name.to_owned(),
            before,
        });
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Key, KeyValue, Order};

    fn entry(id: &str, expiry: i64, holder: &str) -> Entry {
        Entry {
            id: id.into(),
            document: id.as_bytes().to_vec(),
            keys: vec![
                Key::new("expiry", KeyValue::Number(expiry)),
                Key::new("holder_id", holder),
            ],
        }
    }

    fn ids(found: Vec<Stored>) -> Vec<String> {
        found.into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn finds_orders_pages_and_counts() {
        let mut store = MemoryStore::new();
        store.begin().unwrap();
        store
            .put(
                "licences",
                &[
                    entry("c", 5, "ann"),
                    entry("a", 9, "bob"),
                    entry("b", 5, "ann"),
                ],
            )
            .unwrap();
        store.commit().unwrap();
        let mut query = Query::all("licences", vec![Condition::equals("holder_id", "ann")]);
        assert_eq!(ids(store.find(&query).unwrap()), ["b", "c"]);
        query.conditions = vec![Condition::between("expiry", Some(5), Some(8))];
        query.order = vec![Order {
            key: "id".into(),
            descending: true,
        }];
        assert_eq!(ids(store.find(&query).unwrap()), ["c", "b"]);
        query.conditions.clear();
        query.order = vec![Order {
            key: "expiry".into(),
            descending: true,
        }];
        query.offset = 1;
        query.limit = Some(1);
        assert_eq!(ids(store.find(&query).unwrap()), ["b"]);
        assert_eq!(
            store
                .count("licences", &[Condition::one_of("holder_id", ["bob", "cy"])])
                .unwrap(),
            1
        );
    }

    #[test]
    fn a_rollback_restores_records_and_sequences() {
        let mut store = MemoryStore::new();
        store.begin().unwrap();
        store.put("licences", &[entry("a", 1, "ann")]).unwrap();
        assert_eq!(store.next_sequence("audit", 1).unwrap(), 1);
        store.commit().unwrap();
        store.begin().unwrap();
        store
            .put("licences", &[entry("a", 2, "bob"), entry("b", 3, "bob")])
            .unwrap();
        store.remove("licences", &["a".into()]).unwrap();
        assert_eq!(store.next_sequence("audit", 3).unwrap(), 2);
        store.rollback().unwrap();
        let all = store.find(&Query::all("licences", Vec::new())).unwrap();
        assert_eq!(
            all,
            vec![Stored {
                id: "a".into(),
                document: b"a".to_vec()
            }]
        );
        store.begin().unwrap();
        assert_eq!(store.next_sequence("audit", 1).unwrap(), 2);
        assert_eq!(store.next_sequence("audit", 1).unwrap(), 3);
        store.rollback().unwrap();
    }

    #[test]
    fn unknown_collections_and_keys_are_internal_errors() {
        let mut store = MemoryStore::new();
        store.begin().unwrap();
        let bad = Entry {
            keys: vec![Key::new("colour", "red")],
            ..entry("a", 1, "ann")
        };
        assert_eq!(
            store.put("licences", &[bad]).unwrap_err().kind().as_str(),
            "internal"
        );
        assert_eq!(
            store.get("shoes", &[]).unwrap_err().kind().as_str(),
            "internal"
        );
        assert_eq!(
            store
                .count("licences", &[Condition::equals("colour", "red")])
                .unwrap_err()
                .kind()
                .as_str(),
            "internal"
        );
    }
}
