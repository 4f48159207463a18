//! File contents in operation documents.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::fmt;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The bytes of a file: base64 text in a JSON document, plain bytes in a
/// binary format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&STANDARD.encode(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(BytesVisitor)
        } else {
            deserializer.deserialize_byte_buf(BytesVisitor)
        }
    }
}

/// Reads base64 text, bytes, or a list of byte values (as a WIT
/// `list<u8>` arrives).
struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Bytes, E> {
        STANDARD
            .decode(text)
            .map(Bytes)
            .map_err(|e| E::custom(format!("not base64: {e}")))
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
        Ok(Bytes(bytes.to_vec()))
    }

    fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Bytes, E> {
        Ok(Bytes(bytes))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Bytes, A::Error> {
        let mut bytes = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(byte) = items.next_element::<u8>()? {
            bytes.push(byte);
        }
        Ok(Bytes(bytes))
    }
}

impl schemars::JsonSchema for Bytes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bytes".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The bytes of a file, base64 (RFC 4648, with padding).",
            "type": "string",
            "contentEncoding": "base64"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_in_json() {
        let json = serde_json::to_string(&Bytes(b"card".to_vec())).ok();
        assert_eq!(json.as_deref(), Some("\"Y2FyZA==\""));
        let back: Result<Bytes, _> = serde_json::from_str("\"Y2FyZA==\"");
        assert_eq!(back.ok(), Some(Bytes(b"card".to_vec())));
        let bad: Result<Bytes, _> = serde_json::from_str("\"not base64!\"");
        assert!(bad.is_err_and(|e| e.to_string().contains("not base64")));
        let listed: Result<Bytes, _> = serde_json::from_str("[99, 97, 114, 100]");
        assert_eq!(listed.ok(), Some(Bytes(b"card".to_vec())));
        let too_big: Result<Bytes, _> = serde_json::from_str("[256]");
        assert!(too_big.is_err());
    }
}
