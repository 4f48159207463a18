//! File contents in operation documents.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
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
            let text = String::deserialize(deserializer)?;
            STANDARD
                .decode(text)
                .map(Self)
                .map_err(|e| serde::de::Error::custom(format!("not base64: {e}")))
        } else {
            Vec::<u8>::deserialize(deserializer).map(Self)
        }
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
    }
}
