//! Any value into a [`Node`].

use serde::Serialize;
use serde::ser;

use crate::Error;
use crate::node::{Node, to_node};

/// Serializes into a [`Node`]; not human-readable, so file contents stay
/// bytes.
pub(crate) struct NodeSerializer;

/// A sequence, tuple or map being built.
pub(crate) struct Collect {
    items: Vec<Node>,
    entries: Vec<(Node, Node)>,
    key: Option<Node>,
}

/// A struct (or a struct-like enum case) being built.
pub(crate) struct Fields {
    name: &'static str,
    variant: Option<&'static str>,
    fields: Vec<(&'static str, Node)>,
}

/// A tuple-like enum case being built.
pub(crate) struct TupleCase {
    variant: &'static str,
    items: Vec<Node>,
}

impl Collect {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            entries: Vec::new(),
            key: None,
        }
    }
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = Error;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = TupleCase;
    type SerializeMap = Collect;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Fields;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<Node, Error> {
        Ok(Node::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, Error> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Node, Error> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Node, Error> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Node, Error> {
        Ok(Node::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Node, Error> {
        Ok(Node::Uint(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Node, Error> {
        Ok(Node::Uint(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Node, Error> {
        Ok(Node::Uint(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Node, Error> {
        Ok(Node::Uint(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Node, Error> {
        Ok(Node::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Node, Error> {
        Ok(Node::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Node, Error> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, Error> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Node, Error> {
        Ok(Node::Bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Node, Error> {
        Ok(Node::None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, Error> {
        Ok(Node::Some(Box::new(to_node(value)?)))
    }
    fn serialize_unit(self) -> Result<Node, Error> {
        Ok(Node::Unit)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, Error> {
        Ok(Node::Unit)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, Error> {
        Ok(Node::Variant(variant, Box::new(Node::Unit)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, Error> {
        to_node(value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, Error> {
        Ok(Node::Variant(variant, Box::new(to_node(value)?)))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, Error> {
        Ok(Collect::new())
    }
    fn serialize_tuple(self, _: usize) -> Result<Collect, Error> {
        Ok(Collect::new())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collect, Error> {
        Ok(Collect::new())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TupleCase, Error> {
        Ok(TupleCase {
            variant,
            items: Vec::new(),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collect, Error> {
        Ok(Collect::new())
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Fields, Error> {
        Ok(Fields {
            name,
            variant: None,
            fields: Vec::new(),
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields, Error> {
        Ok(Fields {
            name,
            variant: Some(variant),
            fields: Vec::new(),
        })
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = Node;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Seq(self.items))
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = Node;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Collect {
    type Ok = Node;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for TupleCase {
    type Ok = Node;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(to_node(value)?);
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Variant(self.variant, Box::new(Node::Seq(self.items))))
    }
}

impl ser::SerializeMap for Collect {
    type Ok = Node;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(to_node(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.entries.push((key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Map(self.entries))
    }
}

impl ser::SerializeStruct for Fields {
    type Ok = Node;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.fields.push((key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        let node = Node::Struct(self.name, self.fields);
        Ok(match self.variant {
            Some(variant) => Node::Variant(variant, Box::new(node)),
            None => node,
        })
    }
}

impl ser::SerializeStructVariant for Fields {
    type Ok = Node;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<Node, Error> {
        ser::SerializeStruct::end(self)
    }
}
