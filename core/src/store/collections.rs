//! The collections the engine keeps and the keys each is found by: the one
//! list that stores derive their tables and indexes from, and that the
//! memory and SQLite stores check every key against.

use std::borrow::Cow;

use super::{Condition, KeyValue, Range};
use crate::error::{Error, Result};

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// Whole numbers: day numbers, flags, counts.
    Number,
    /// Text.
    Text,
}

/// A collection: its name, its keys, and the indexes its queries use.
#[derive(Debug)]
pub struct Collection {
    /// The collection's name.
    pub name: &'static str,
    /// Its keys and what they hold.
    pub keys: &'static [(&'static str, KeyType)],
    /// Indexes worth keeping, each a list of keys (`id` among them where
    /// it orders); an index need only hold the records that have its first
    /// key, since only queries on that key use it.
    pub indexes: &'static [&'static [&'static str]],
    /// Whether ids are sequence numbers written with twenty digits (so
    /// that id order is number order): a store may keep them as numbers.
    pub numbered: bool,
}

impl Collection {
    /// The type of the key `name`, if the collection has it.
    pub fn key_type(&self, name: &str) -> Option<KeyType> {
        if name == "id" {
            return Some(KeyType::Text);
        }
        self.keys.iter().find(|(k, _)| *k == name).map(|(_, t)| *t)
    }

    /// The number the id `id` of a numbered collection stands for.
    pub fn sequence_number(&self, id: &str) -> Result<i64> {
        id.parse().map_err(|_| {
            Error::internal(format!(
                "the id `{id}` in the collection `{}` is not a sequence number",
                self.name
            ))
        })
    }

    /// `condition` as a store that keeps the ids of a numbered collection
    /// as numbers compares it: bounds on the id as the numbers they stand
    /// for. Other conditions are as they are.
    pub fn stored_condition<'c>(&self, condition: &'c Condition) -> Result<Cow<'c, Condition>> {
        if !(self.numbered && condition.key == "id") {
            return Ok(Cow::Borrowed(condition));
        }
        let number = |bound: &Option<KeyValue>| -> Result<Option<KeyValue>> {
            match bound {
                Some(KeyValue::Text(id)) => {
                    self.sequence_number(id).map(|n| Some(KeyValue::Number(n)))
                }
                other => Ok(other.clone()),
            }
        };
        let any_of = condition
            .any_of
            .iter()
            .map(|range| {
                Ok(Range {
                    low: number(&range.low)?,
                    high: number(&range.high)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Cow::Owned(Condition {
            key: condition.key.clone(),
            any_of,
        }))
    }

    /// The name of the collection's index on `index`: the collection and
    /// the keys, unique among every collection's indexes.
    pub fn index_name(&self, index: &[&str]) -> String {
        format!("{}__{}", self.name, index.join("__"))
    }

    /// Checks that the collection has the key `name`.
    pub fn check_key(&self, name: &str) -> Result<KeyType> {
        self.key_type(name).ok_or_else(|| {
            Error::internal(format!(
                "the collection `{}` has no key `{name}`",
                self.name
            ))
        })
    }
}

use KeyType::{Number, Text};

/// The organisation's settings (one record, `organisation`).
pub const SETTINGS: Collection = Collection {
    name: "settings",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// People, with one flag key per role they hold.
pub const PEOPLE: Collection = Collection {
    name: "people",
    keys: &[
        ("active", Number),
        ("location", Text),
        ("department", Text),
        ("role_delegate", Number),
        ("role_trainer", Number),
        ("role_administrator", Number),
        ("role_booker", Number),
        ("role_manager", Number),
    ],
    indexes: &[
        &["location", "department"],
        &["department"],
        &["role_administrator"],
        &["role_manager"],
    ],
    numbered: false,
};

/// The licence catalogue, found by case-folded name.
pub const LICENCE_TYPES: Collection = Collection {
    name: "licence_types",
    keys: &[("name_key", Text)],
    indexes: &[&["name_key"]],
    numbered: false,
};

/// The keys of a licence (the holder's and type's fields among them, kept
/// current by the engine), followed by `$extra`: the one list that
/// [`LICENCES`] and [`LICENCE_FIELDS`] share.
macro_rules! licence_keys {
    ($($extra:expr),* $(,)?) => {
        &[
            ("holder_id", Text),
            ("type_id", Text),
            ("current", Number),
            ("superseded", Number),
            ("deleted", Number),
            ("expiry", Number),
            ("next_reminder", Number),
            ("deleted_on", Number),
            ("holder_active", Number),
            ("holder_name", Text),
            ("holder_location", Text),
            ("holder_department", Text),
            ("type_name", Text),
            $($extra),*
        ]
    };
}

/// Licences with the tracker's state, keyed with what reports and the
/// reminders outbox filter and sort on.
pub const LICENCES: Collection = Collection {
    name: "licences",
    keys: licence_keys!(),
    indexes: &[
        &["holder_id"],
        // The overview in expiry order.
        &["current", "expiry", "id"],
        // The reminders outbox: a range of next reminder dates, read in
        // the index's order.
        &["current", "holder_active", "next_reminder", "expiry", "id"],
        &["current", "type_id", "expiry", "id"],
        &["deleted_on"],
    ],
    numbered: false,
};

/// One record per custom field value a licence shows (its own and its
/// holder's), with the licence's keys, so that an overview filtered by a
/// field's value reads an index. The id is `field:licence id`; the
/// document is the licence id.
pub const LICENCE_FIELDS: Collection = Collection {
    name: "licence_fields",
    keys: licence_keys!(("licence_id", Text), ("field", Text), ("value", Text)),
    indexes: &[
        &["field", "value", "current", "expiry", "id"],
        &["licence_id"],
    ],
    numbered: false,
};

/// The licences that await approval (SPEC §10): one record per licence,
/// by its id; the document is the licence id.
pub const APPROVALS: Collection = Collection {
    name: "approvals",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// The organisation's custom field definitions, by key.
pub const FIELDS: Collection = Collection {
    name: "fields",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Acknowledged reminders: one record per licence, listing them.
pub const ACKNOWLEDGEMENTS: Collection = Collection {
    name: "acknowledgements",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Reminders handed to a worker until a lease lapses: one record per
/// licence, for its reminder due now.
pub const CLAIMS: Collection = Collection {
    name: "claims",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Attachments' metadata.
pub const ATTACHMENTS: Collection = Collection {
    name: "attachments",
    keys: &[("licence_id", Text)],
    indexes: &[&["licence_id"]],
    numbered: false,
};

/// Attachments' content: the bytes themselves, by attachment id.
pub const ATTACHMENT_CONTENTS: Collection = Collection {
    name: "attachment_contents",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Courses.
pub const COURSES: Collection = Collection {
    name: "courses",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Course seats.
pub const SEATS: Collection = Collection {
    name: "seats",
    keys: &[("person_id", Text), ("course_id", Text), ("state", Text)],
    indexes: &[&["person_id"], &["course_id"]],
    numbered: false,
};

/// Allocation rules.
pub const RULES: Collection = Collection {
    name: "rules",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Requirements (SPEC §9): few, read together.
pub const REQUIREMENTS: Collection = Collection {
    name: "requirements",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Client sites.
pub const SITES: Collection = Collection {
    name: "sites",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// Site associations: one record per candidate, listing them in order.
pub const ASSOCIATIONS: Collection = Collection {
    name: "associations",
    keys: &[],
    indexes: &[],
    numbered: false,
};

/// The audit log: ids are sequence numbers written with twenty digits, so
/// that id order is log order.
pub const AUDIT: Collection = Collection {
    name: "audit",
    keys: &[
        ("record_kind", Text),
        ("record_id", Text),
        ("person_id", Text),
    ],
    indexes: &[&["record_kind", "record_id"], &["person_id"]],
    numbered: true,
};

/// Every collection.
pub const ALL: &[&Collection] = &[
    &SETTINGS,
    &PEOPLE,
    &LICENCE_TYPES,
    &LICENCES,
    &LICENCE_FIELDS,
    &APPROVALS,
    &FIELDS,
    &ACKNOWLEDGEMENTS,
    &CLAIMS,
    &ATTACHMENTS,
    &ATTACHMENT_CONTENTS,
    &COURSES,
    &SEATS,
    &RULES,
    &REQUIREMENTS,
    &SITES,
    &ASSOCIATIONS,
    &AUDIT,
];

/// The names of every collection's indexes.
pub fn index_names() -> Vec<String> {
    ALL.iter()
        .flat_map(|c| c.indexes.iter().map(|index| c.index_name(index)))
        .collect()
}

/// The collection named `name`.
pub fn named(name: &str) -> Result<&'static Collection> {
    ALL.iter()
        .copied()
        .find(|c| c.name == name)
        .ok_or_else(|| Error::internal(format!("no collection is named `{name}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_indexes_name_keys() {
        for (i, collection) in ALL.iter().enumerate() {
            assert!(ALL[..i].iter().all(|c| c.name != collection.name));
            for index in collection.indexes {
                assert!(!index.is_empty());
                for key in *index {
                    assert!(collection.key_type(key).is_some(), "{key}");
                }
            }
        }
        assert_eq!(named("licences").unwrap().name, "licences");
        assert_eq!(named("nothing").unwrap_err().kind().as_str(), "internal");
    }
}
