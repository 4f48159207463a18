//! Attachments: files kept with a licence, with their SHA-256.

use sha2::{Digest, Sha256};

use crate::error::{Error, RecordKind, Result};
use crate::model::Attachment;
use crate::store::Records;

use super::licences::{require_licence, require_live};
use super::{Context, Tracker};

/// Lowercase hex SHA-256 of `content`.
pub fn sha256_hex(content: &[u8]) -> String {
    Sha256::digest(content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Tracker {
    /// Stores a file with a licence; its size is checked against the
    /// organisation's limit and its SHA-256 computed.
    pub fn add_attachment(
        &self,
        ctx: &Context,
        id: &str,
        licence_id: &str,
        file_name: &str,
        media_type: &str,
        content: &[u8],
    ) -> Result<Attachment> {
        let attachment = Attachment {
            id: id.to_owned(),
            licence_id: licence_id.to_owned(),
            file_name: file_name.to_owned(),
            media_type: media_type.to_owned(),
            size: content.len() as u64,
            sha256: sha256_hex(content),
        };
        self.write(ctx, |tx| {
            attachment.validate(tx.settings()?.attachment_limit)?;
            let record = require_licence(tx, licence_id)?;
            require_live(&record, "attach a file to")?;
            if tx.store.attachment(id)?.is_some() {
                return Err(Error::already_exists(RecordKind::Attachment, id));
            }
            tx.store.put_attachment(&attachment, content)?;
            tx.audit_diff(
                "add_attachment",
                RecordKind::Attachment,
                id,
                Some(&record.licence.holder_id),
                None,
                Some(&attachment),
            )?;
            Ok(attachment.clone())
        })
    }

    /// An attachment's metadata and content.
    pub fn attachment(&self, id: &str) -> Result<(Attachment, Vec<u8>)> {
        self.read(|store| {
            let missing = || Error::not_found(RecordKind::Attachment, id);
            let attachment = store.attachment(id)?.ok_or_else(missing)?;
            let content = store.attachment_content(id)?.ok_or_else(missing)?;
            Ok((attachment, content))
        })
    }

    /// A licence's attachments, by id.
    pub fn attachments(&self, licence_id: &str) -> Result<Vec<Attachment>> {
        self.read(|store| {
            if store.licence(licence_id)?.is_none() {
                return Err(Error::not_found(RecordKind::Licence, licence_id));
            }
            store.attachments(licence_id)
        })
    }

    /// Deletes an attachment.
    pub fn delete_attachment(&self, ctx: &Context, id: &str) -> Result<()> {
        self.write(ctx, |tx| {
            let attachment = tx
                .store
                .attachment(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Attachment, id))?;
            let holder = require_licence(tx, &attachment.licence_id)?
                .licence
                .holder_id;
            tx.store.remove_attachment(id)?;
            tx.audit_diff(
                "delete_attachment",
                RecordKind::Attachment,
                id,
                Some(&holder),
                Some(&attachment),
                None,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
