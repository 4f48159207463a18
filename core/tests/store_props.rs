//! Property tests of the store contract: random writes, committed or rolled
//! back, and random queries answer the same on the SQLite store, the memory
//! store and a plain model of the contract written here (every record kept
//! in a map; a query filters and sorts them all).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::cmp::Ordering;
use std::collections::BTreeMap;

use licence_core::store::memory::MemoryStore;
use licence_core::store::sqlite::SqliteStore;
use licence_core::store::{Condition, Entry, Key, KeyValue, Order, Query, Range, Store, Stored};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

#[cfg(feature = "postgres")]
mod support;

const IDS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
const HOLDERS: [&str; 3] = ["ann", "bob", "Cy"];

/// One record: a document, and a number key and a text key it may lack.
fn entry() -> impl Strategy<Value = Entry> {
    (
        0..IDS.len(),
        any::<u8>(),
        proptest::option::of(-3_i64..6),
        proptest::option::of(0..HOLDERS.len()),
    )
        .prop_map(|(id, byte, expiry, holder)| Entry {
            id: IDS[id].into(),
            document: vec![byte],
            keys: [
                expiry.map(|e| Key::new("expiry", e)),
                holder.map(|h| Key::new("holder_id", HOLDERS[h])),
            ]
            .into_iter()
            .flatten()
            .collect(),
        })
}

/// A transaction: records put, ids removed, whether it announces its puts
/// first (which sets the SQLite store's indexes aside), and whether it
/// commits.
#[derive(Debug, Clone)]
struct Transaction {
    put: Vec<Entry>,
    remove: Vec<String>,
    announce: bool,
    commit: bool,
}

fn transaction() -> impl Strategy<Value = Transaction> {
    (
        proptest::collection::vec(entry(), 0..6),
        proptest::collection::vec(0..IDS.len(), 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(put, remove, announce, commit)| Transaction {
            put,
            remove: remove.into_iter().map(|i| IDS[i].to_owned()).collect(),
            announce,
            commit,
        })
}

fn bound() -> impl Strategy<Value = Option<KeyValue>> {
    proptest::option::of((-4_i64..7).prop_map(KeyValue::Number))
}

/// A bound on text, some with a NUL character (which no stored key holds).
fn text_bound() -> impl Strategy<Value = Option<KeyValue>> {
    const BOUNDS: [&str; 8] = ["", "Cy", "Cy\0", "ann", "ann\0x", "b\0", "bob", "bob\0"];
    proptest::option::of((0..BOUNDS.len()).prop_map(|i| KeyValue::Text(BOUNDS[i].into())))
}

fn condition() -> impl Strategy<Value = Condition> {
    prop_oneof![
        proptest::collection::vec((bound(), bound()), 0..3).prop_map(|ranges| Condition {
            key: "expiry".into(),
            any_of: ranges
                .into_iter()
                .map(|(low, high)| Range { low, high })
                .collect(),
        }),
        proptest::collection::vec(0..HOLDERS.len(), 1..3)
            .prop_map(|h| Condition::one_of("holder_id", h.into_iter().map(|i| HOLDERS[i]))),
        (0..IDS.len()).prop_map(|i| Condition::equals("id", IDS[i])),
        proptest::collection::vec((text_bound(), text_bound()), 1..3).prop_map(|ranges| {
            Condition {
                key: "holder_id".into(),
                any_of: ranges
                    .into_iter()
                    .map(|(low, high)| Range { low, high })
                    .collect(),
            }
        }),
    ]
}

fn query() -> impl Strategy<Value = Query> {
    (
        proptest::collection::vec(condition(), 0..3),
        proptest::collection::vec((0..3_usize, any::<bool>()), 0..3),
        0_u32..4,
        proptest::option::of(0_u32..5),
    )
        .prop_map(|(conditions, order, offset, limit)| Query {
            collection: "licences".into(),
            conditions,
            order: order
                .into_iter()
                .map(|(key, descending)| Order {
                    key: ["expiry", "holder_id", "id"][key].into(),
                    descending,
                })
                .collect(),
            offset,
            limit,
        })
}

/// The value of `name` in `entry`, as the contract defines it.
fn key(entry: &Entry, name: &str) -> Option<KeyValue> {
    if name == "id" {
        return Some(KeyValue::Text(entry.id.clone()));
    }
    entry
        .keys
        .iter()
        .find(|k| k.name == name)
        .map(|k| k.value.clone())
}

fn holds(condition: &Condition, entry: &Entry) -> bool {
    key(entry, &condition.key).is_some_and(|value| {
        condition.any_of.iter().any(|r| {
            r.low.as_ref().is_none_or(|low| *low <= value)
                && r.high.as_ref().is_none_or(|high| value <= *high)
        })
    })
}

/// The model's answer: filter, sort (a missing key first), page.
fn answer(records: &BTreeMap<String, Entry>, query: &Query) -> Vec<Stored> {
    let mut found: Vec<&Entry> = records
        .values()
        .filter(|e| query.conditions.iter().all(|c| holds(c, e)))
        .collect();
    found.sort_by(|a, b| {
        query
            .order
            .iter()
            .map(|o| {
                let order = key(a, &o.key).cmp(&key(b, &o.key));
                if o.descending { order.reverse() } else { order }
            })
            .find(|o| *o != Ordering::Equal)
            .unwrap_or_else(|| a.id.cmp(&b.id))
    });
    found
        .into_iter()
        .skip(query.offset as usize)
        .take(query.limit.map_or(usize::MAX, |l| l as usize))
        .map(|e| Stored {
            id: e.id.clone(),
            document: e.document.clone(),
        })
        .collect()
}

/// Runs `transactions` on every store, then `queries`, checking each
/// answer against the model.
fn stores_answer_alike(
    stores: &mut [&mut dyn Store],
    transactions: &[Transaction],
    queries: &[Query],
) -> Result<(), TestCaseError> {
    let mut model: BTreeMap<String, Entry> = BTreeMap::new();
    let mut numbers = 0;
    for tx in transactions {
        let mut after = model.clone();
        for e in &tx.put {
            after.insert(e.id.clone(), e.clone());
        }
        for id in &tx.remove {
            after.remove(id);
        }
        let taken = tx.put.len() as u64 + 1;
        for store in stores.iter_mut() {
            store.begin().unwrap();
            if tx.announce {
                store.will_put("licences", tx.put.len() as u64 + 1).unwrap();
            }
            store.put("licences", &tx.put).unwrap();
            store.remove("licences", &tx.remove).unwrap();
            let held = Query::all("licences", vec![Condition::one_of("holder_id", HOLDERS)]);
            prop_assert_eq!(store.find(&held).unwrap(), answer(&after, &held));
            prop_assert_eq!(store.next_sequence("audit", taken).unwrap(), numbers + 1);
            if tx.commit {
                store.commit().unwrap()
            } else {
                store.rollback().unwrap()
            }
        }
        if tx.commit {
            model = after;
            numbers += taken;
        }
    }
    for query in queries {
        let expected = answer(&model, query);
        let conditions = &query.conditions;
        let count = model
            .values()
            .filter(|e| conditions.iter().all(|c| holds(c, e)))
            .count() as u64;
        let ids: Vec<String> = IDS.iter().rev().map(|id| (*id).to_owned()).collect();
        let all: Vec<Stored> = answer(&model, &Query::all("licences", Vec::new()));
        for store in stores.iter_mut() {
            prop_assert_eq!(&store.find(query).unwrap(), &expected, "{:?}", query);
            prop_assert_eq!(store.count("licences", conditions).unwrap(), count);
            prop_assert_eq!(&store.get("licences", &ids).unwrap(), &all);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn stores_answer_as_the_contract_says(
        transactions in proptest::collection::vec(transaction(), 1..6),
        queries in proptest::collection::vec(query(), 1..6),
    ) {
        let mut sqlite = SqliteStore::open_in_memory().unwrap();
        sqlite.set_bulk_threshold(1);
        let mut memory = MemoryStore::new();
        stores_answer_alike(&mut [&mut sqlite, &mut memory], &transactions, &queries)?;
    }
}

#[cfg(feature = "postgres")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    #[ignore = "needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES"]
    fn the_postgres_store_answers_as_the_contract_says(
        transactions in proptest::collection::vec(transaction(), 1..6),
        queries in proptest::collection::vec(query(), 1..6),
    ) {
        let mut postgres = support::postgres_store("store_props");
        stores_answer_alike(&mut [&mut postgres], &transactions, &queries)?;
    }
}
