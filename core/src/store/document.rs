//! How the engine writes a record into a store's document, and reads it
//! back.
//!
//! A document is MessagePack with structs as arrays of their fields in
//! declaration order, after the format byte `0xc1` (a byte MessagePack never
//! uses). Without field names a licence takes about a fifth of its JSON
//! size, and bulk writes are bound by the bytes they write. A document
//! without the format byte is JSON, as schema 3 and 4 databases hold; it is
//! read as such and written packed the next time its record changes.
//!
//! Because fields are found by position, a stored record type only ever
//! gains fields at its end, each with `#[serde(default)]` so that older
//! documents still read; a field is never moved or removed. The checked-in
//! samples in `core/tests/documents.rs` fail when a layout changes.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Failure, Result};

/// The first byte of a packed document.
const PACKED: u8 = 0xc1;

/// `value` as a packed document.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut document = vec![PACKED];
    rmp_serde::encode::write(&mut document, value).map_err(Failure::Packing)?;
    Ok(document)
}

/// The record in `document`, packed or JSON; a malformed one is a
/// [`Failure::Record`] or a [`Failure::PackedRecord`].
pub fn decode<T: DeserializeOwned>(document: impl AsRef<[u8]>) -> Result<T> {
    let document = document.as_ref();
    match document.split_first() {
        Some((&PACKED, packed)) => {
            rmp_serde::from_slice(packed).map_err(|e| Failure::PackedRecord(e).into())
        }
        _ => serde_json::from_slice(document).map_err(|e| Failure::Record(e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Licence, Owner};

    fn licence() -> Licence {
        Licence {
            id: "l1".into(),
            holder_id: "p1".into(),
            type_id: "forklift".into(),
            reference: Some("R-1".into()),
            issuer: None,
            acquired: None,
            expiry: None,
            notes: "ü\u{0}\"".into(),
            owner: Owner::Candidate,
            renews: None,
            superseded_by: None,
        }
    }

    #[test]
    fn a_record_reads_back_from_its_packed_document() {
        let document = encode(&licence()).unwrap();
        assert_eq!(document[0], PACKED);
        let json = serde_json::to_vec(&licence()).unwrap();
        assert!(
            document.len() * 2 < json.len(),
            "{} vs {}",
            document.len(),
            json.len()
        );
        assert_eq!(decode::<Licence>(&document).unwrap(), licence());
    }

    #[test]
    fn a_json_document_of_an_earlier_schema_still_reads() {
        let json = serde_json::to_vec(&licence()).unwrap();
        assert_eq!(decode::<Licence>(&json).unwrap(), licence());
    }

    #[test]
    fn a_malformed_document_is_a_storage_failure() {
        for document in [&b""[..], b"{", &[PACKED], &[PACKED, 0x92, 0x01]] {
            let error = decode::<Licence>(document).unwrap_err();
            assert_eq!(error.kind().as_str(), "storage", "{document:?}");
        }
    }
}
