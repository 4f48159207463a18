//! The audit log (SPEC §7): every change appends an entry — when, who, what
//! action, which record, and the fields changed (old → new). Entries are
//! never edited, except that purging a licence and erasing a person blank
//! the values they hold ([`AuditEntry::blank_values`]).

use crate::fields::FieldValue;
use serde::{Deserialize, Serialize};

use crate::error::RecordKind;
use crate::model::Timestamp;

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Change {
    /// The field.
    pub field: String,
    /// Its value before, if it had one.
    pub old: Option<String>,
    /// Its value after, if it has one.
    pub new: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    /// Position in the log, assigned by the store (0 before it is stored).
    #[serde(default)]
    pub seq: u64,
    /// When, as supplied by the host.
    pub at: Timestamp,
    /// Who did it, as the host names them.
    pub actor: String,
    /// What was done, such as `record_licence` or `acknowledge`.
    pub action: String,
    /// Which kind of record changed.
    pub record_kind: RecordKind,
    /// Which record changed.
    pub record_id: String,
    /// The person the record belongs to, for listing per person.
    #[serde(default)]
    pub person_id: Option<String>,
    /// The fields changed.
    #[serde(default)]
    pub changes: Vec<Change>,
}

impl AuditEntry {
    /// Blanks the personal data the entry holds — every changed field's
    /// old and new value — keeping who acted, when, the action, the record
    /// and which fields changed. Whether there was anything to blank.
    pub fn blank_values(&mut self) -> bool {
        let mut blanked = false;
        for change in &mut self.changes {
            blanked |= change.old.take().is_some() | change.new.take().is_some();
        }
        blanked
    }
}

/// Which entries to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditQuery {
    /// Entries about one record.
    Record {
        /// The record's kind.
        kind: RecordKind,
        /// The record's id.
        id: String,
    },
    /// Entries about one person or any record of theirs.
    Person {
        /// The person's id.
        id: String,
    },
}

impl AuditQuery {
    /// Whether `entry` is listed by this query.
    pub fn matches(&self, entry: &AuditEntry) -> bool {
        match self {
            Self::Record { kind, id } => entry.record_kind == *kind && entry.record_id == *id,
            Self::Person { id } => entry.person_id.as_ref() == Some(id),
        }
    }
}

/// The changes between two versions of a record, compared field by field on
/// their JSON forms: a field only in `old` becomes `old → none`.
pub fn diff<T: Serialize>(old: Option<&T>, new: Option<&T>) -> Vec<Change> {
    let fields = |value: Option<&T>| match value.map(serde_json::to_value) {
        Some(Ok(serde_json::Value::Object(map))) => custom_fields_apart(map),
        _ => serde_json::Map::new(),
    };
    let (before, after) = (fields(old), fields(new));
    let text = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (text(before.get(name)), text(after.get(name)));
            (old != new).then(|| Change {
                field: name.clone(),
                old,
                new,
            })
        })
        .collect()
}

/// A record's `fields` (custom field values) as one field each, named
/// `fields.<key>`, with the value as its text ([`FieldValue`]'s).
fn custom_fields_apart(
    mut map: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    if let Some(Value::Object(values)) = map.remove("fields") {
        for (key, value) in values {
            let text = serde_json::from_value::<FieldValue>(value)
                .map_or(Value::Null, |v| Value::String(v.to_string()));
            map.insert(format!("fields.{key}"), text);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_lists_changed_fields_only() {
        let old = json!({"name": "Ana", "email": "a@example.org", "roles": ["delegate"]});
        let new = json!({"name": "Ana López", "email": null, "roles": ["delegate"]});
        let changes = diff(Some(&old), Some(&new));
        assert_eq!(
            changes,
            vec![
                Change {
                    field: "email".into(),
                    old: Some("a@example.org".into()),
                    new: None
                },
                Change {
                    field: "name".into(),
                    old: Some("Ana".into()),
                    new: Some("Ana López".into())
                },
            ]
        );
        assert_eq!(
            diff(None, Some(&json!({"id": "x"})))[0].new.as_deref(),
            Some("x")
        );
    }

    #[test]
    fn custom_fields_are_audited_one_by_one() {
        let old = json!({"fields": {"badge": {"text": "B-1"}, "cleared": {"yes_no": false}}});
        let new = json!({"fields": {"cleared": {"yes_no": true}, "hours": {"number": 7.5}}});
        let change = |field: &str, old: Option<&str>, new: Option<&str>| Change {
            field: field.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
        };
        assert_eq!(
            diff(Some(&old), Some(&new)),
            vec![
                change("fields.badge", Some("B-1"), None),
                change("fields.cleared", Some("no"), Some("yes")),
                change("fields.hours", None, Some("7.5")),
            ]
        );
    }
}
