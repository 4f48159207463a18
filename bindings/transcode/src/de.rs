//! Any type out of a [`Node`], with the rules of the crate's doc.

use licence_core::{Day, Period, PeriodUnit};
use serde::de::{self, DeserializeSeed, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use crate::Error;
use crate::node::{DATE, Node, PERIOD, folded, snake};

fn fail(message: impl std::fmt::Display) -> Error {
    <Error as de::Error>::custom(message)
}

/// The bytes of the engine's base64 text.
fn base64(text: String) -> Result<Vec<u8>, Error> {
    serde_json::from_value::<licence_core::operations::Bytes>(serde_json::Value::String(text))
        .map(|bytes| bytes.0)
        .map_err(fail)
}

impl Node {
    /// A `date` or `period` record as the engine's text, or `None`.
    pub(crate) fn as_engine_text(&self) -> Option<Result<String, Error>> {
        let Node::Struct(name, fields) = self else {
            return None;
        };
        let field = |key: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| fail(format!("a `{name}` without `{key}`")))
        };
        match *name {
            DATE => Some((|| {
                let year = i32::deserialize(field("year")?)?;
                let month = u32::deserialize(field("month")?)?;
                let day = u32::deserialize(field("day")?)?;
                Day::from_ymd("date", year, month, day)
                    .map(|d| d.to_string())
                    .map_err(fail)
            })()),
            PERIOD => Some((|| {
                let amount = u16::deserialize(field("amount")?)?;
                let unit = PeriodUnit::deserialize(field("unit")?)?;
                Period::new("period", amount, unit)
                    .map(|p| p.to_string())
                    .map_err(fail)
            })()),
            _ => None,
        }
    }

    /// The fields of the record `name` (a date or a period) for the
    /// engine's `text`.
    fn engine_record(name: &str, text: &str) -> Result<Vec<(&'static str, Node)>, Error> {
        if name == DATE {
            let (year, month, day) = Day::parse("date", text).map_err(fail)?.ymd();
            return Ok(vec![
                ("year", Node::Int(year.into())),
                ("month", Node::Uint(month.into())),
                ("day", Node::Uint(day.into())),
            ]);
        }
        let period = Period::parse("period", text).map_err(fail)?;
        Ok(vec![
            ("amount", Node::Uint(period.amount.into())),
            ("unit", crate::node::to_node(&period.unit)?),
        ])
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Unit => "nothing",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::Uint(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Bytes(_) => "bytes",
            Node::None | Node::Some(_) => "an option",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a map",
            Node::Struct(..) => "a record",
            Node::Variant(..) => "a case",
        }
    }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some(text) = self.as_engine_text() {
            return visitor.visit_string(text?);
        }
        match self {
            Node::Unit => visitor.visit_unit(),
            Node::Bool(v) => visitor.visit_bool(v),
            Node::Int(v) => visitor.visit_i64(v),
            Node::Uint(v) => visitor.visit_u64(v),
            Node::Float(v) => visitor.visit_f64(v),
            Node::Str(v) => visitor.visit_string(v),
            Node::Bytes(v) => visitor.visit_byte_buf(v),
            Node::None => visitor.visit_none(),
            // A present option is its value to a type that reads anything
            // (the engine's tagged enums read a WIT record's options so).
            Node::Some(v) => (*v).deserialize_any(visitor),
            Node::Seq(items) => visitor.visit_seq(Items(items.into_iter())),
            Node::Map(entries) => visitor.visit_map(Entries::new(entries)),
            Node::Struct(_, fields) => visitor.visit_map(Entries::of_fields(fields)),
            Node::Variant(name, data) => match *data {
                Node::Unit => visitor.visit_string(snake(name)),
                data => visitor.visit_map(Entries::new(vec![(Node::Str(snake(name)), data)])),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::None | Node::Unit => visitor.visit_none(),
            Node::Some(v) => visitor.visit_some(*v),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::None | Node::Unit => visitor.visit_unit(),
            other => Err(fail(format!("expected nothing, got {}", other.kind()))),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Str(v) => visitor.visit_string(v),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Bytes(v) => visitor.visit_byte_buf(v),
            Node::Str(text) => visitor.visit_byte_buf(base64(text)?),
            Node::Seq(items) => {
                let bytes = items
                    .into_iter()
                    .map(u8::deserialize)
                    .collect::<Result<Vec<u8>, Error>>()?;
                visitor.visit_byte_buf(bytes)
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Seq(items) => visitor.visit_seq(Items(items.into_iter())),
            // Only file contents are text where a list is wanted: base64.
            Node::Str(text) => {
                let items = base64(text)?.into_iter().map(|b| Node::Uint(b.into()));
                visitor.visit_seq(Items(items))
            }
            Node::Bytes(bytes) => {
                let items = bytes.into_iter().map(|b| Node::Uint(b.into()));
                visitor.visit_seq(Items(items))
            }
            Node::Map(entries) => {
                let pairs = entries.into_iter().map(|(k, v)| Node::Seq(vec![k, v]));
                visitor.visit_seq(Items(pairs))
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Seq(items) => {
                let entries = items
                    .into_iter()
                    .map(|item| match item {
                        Node::Seq(pair) if pair.len() == 2 => {
                            let mut pair = pair.into_iter();
                            match (pair.next(), pair.next()) {
                                (Some(k), Some(v)) => Ok((k, v)),
                                _ => Err(fail("a map entry that is not a pair")),
                            }
                        }
                        other => Err(fail(format!(
                            "expected a (key, value) pair, got {}",
                            other.kind()
                        ))),
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                visitor.visit_map(Entries::new(entries))
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::Str(text) if name == DATE || name == PERIOD => {
                visitor.visit_map(Entries::of_fields(Node::engine_record(name, &text)?))
            }
            Node::Struct(_, fields) => visitor.visit_map(Entries::of_fields(fields)),
            Node::Map(entries) => {
                visitor.visit_map(Entries::new(keywords_escaped(entries, fields)))
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (case, data) = match self {
            Node::Str(case) => (case, Node::Unit),
            Node::Variant(case, data) => (case.to_owned(), *data),
            Node::Map(entries) if entries.len() == 1 => match entries.into_iter().next() {
                Some((Node::Str(case), data)) => (case, data),
                _ => return Err(fail(format!("a `{name}` whose case is not named"))),
            },
            other => {
                return Err(fail(format!(
                    "expected a case of `{name}`, got {}",
                    other.kind()
                )));
            }
        };
        let wanted = folded(&case);
        let variant = variants
            .iter()
            .find(|v| folded(v) == wanted)
            .ok_or_else(|| fail(format!("`{case}` is not a case of `{name}`")))?;
        visitor.visit_enum(Case { variant, data })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
    }
}

/// A document's `entries` with each key that names no field of `fields`
/// but is a keyword in the door's language given the field's name, the key
/// with `_` after it (`type` is `type_`). Not generic, so that it is not
/// repeated per record type.
fn keywords_escaped(entries: Vec<(Node, Node)>, fields: &[&str]) -> Vec<(Node, Node)> {
    let escaped = |key: Node| match key {
        Node::Str(key) if !fields.contains(&key.as_str()) => {
            let with = format!("{key}_");
            Node::Str(if fields.contains(&with.as_str()) {
                with
            } else {
                key
            })
        }
        other => other,
    };
    entries.into_iter().map(|(k, v)| (escaped(k), v)).collect()
}

/// The items of a sequence.
struct Items<I>(I);

impl<'de, I: Iterator<Item = Node>> de::SeqAccess<'de> for Items<I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }
}

/// The entries of a map or the fields of a record.
struct Entries {
    entries: std::vec::IntoIter<(Node, Node)>,
    value: Option<Node>,
}

impl Entries {
    fn new(entries: Vec<(Node, Node)>) -> Self {
        Self {
            entries: entries.into_iter(),
            value: None,
        }
    }

    fn of_fields(fields: Vec<(&'static str, Node)>) -> Self {
        Self::new(
            fields
                .into_iter()
                .map(|(k, v)| (Node::Str(k.to_owned()), v))
                .collect(),
        )
    }
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| fail("a map value without its key"))?;
        seed.deserialize(value)
    }
}

/// An enum case being read.
struct Case {
    variant: &'static str,
    data: Node,
}

impl<'de> de::EnumAccess<'de> for Case {
    type Error = Error;
    type Variant = Node;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Node), Error> {
        let variant = seed.deserialize(Node::Str(self.variant.to_owned()))?;
        Ok((variant, self.data))
    }
}

impl<'de> de::VariantAccess<'de> for Node {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self {
            Node::Unit | Node::None => Ok(()),
            other => Err(fail(format!(
                "expected a case without data, got {}",
                other.kind()
            ))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
