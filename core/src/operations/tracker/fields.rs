//! The organisation's custom fields.

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::fields::FieldDefinition;
use crate::operations::{TrackerOperation, operation};
use crate::tracker::{Context, DroppedValues, Tracker};

/// Custom field definitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldList {
    /// Every definition, by key.
    pub fields: Vec<FieldDefinition>,
}

operation! {
    /// The organisation's custom fields for people and licences, by key.
    pub struct FieldsInput as "fields" -> FieldList {}
}

impl TrackerOperation for FieldsInput {
    fn run(self, t: &Tracker) -> Result<FieldList> {
        let fields = t.fields()?;
        Ok(FieldList { fields })
    }
}

operation! {
    /// Adds a custom field, or changes one (label, required, choices, type).
    /// A change that stored values no longer fit is refused as an invalid
    /// transition while they exist, unless `drop_values` drops them.
    pub struct DefineFieldInput as "define_field" (writes) -> DroppedValues {
        /// Who acts, and when.
        pub ctx: Context,
        /// The definition.
        pub field: FieldDefinition,
        /// Drop the values the change no longer allows (each audited).
        #[serde(default)]
        pub drop_values: bool,
    }
}

impl TrackerOperation for DefineFieldInput {
    fn run(self, t: &Tracker) -> Result<DroppedValues> {
        t.define_field(&self.ctx, &self.field, self.drop_values)
    }
}

operation! {
    /// Removes a custom field; refused as an invalid transition while people
    /// or licences hold values of it, unless `drop_values` drops them.
    pub struct RemoveFieldInput as "remove_field" (writes) -> DroppedValues {
        /// Who acts, and when.
        pub ctx: Context,
        /// The field's key.
        pub key: String,
        /// Drop the values people and licences hold (each audited).
        #[serde(default)]
        pub drop_values: bool,
    }
}

impl TrackerOperation for RemoveFieldInput {
    fn run(self, t: &Tracker) -> Result<DroppedValues> {
        t.remove_field(&self.ctx, &self.key, self.drop_values)
    }
}
