//! Attachments: files kept with a licence, with their SHA-256.

use sha2::{Digest, Sha256};

use crate::error::{Error, RecordKind, Result};
use crate::model::Attachment;
use crate::store::Records;

use super::custody::authorise;
use super::licences::require_licence;
use super::{Context, Tracker, approval};
use crate::custody::{Party, Rights};
use crate::store::Store;

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
        self.write_licence(ctx, |tx| {
            let record = require_licence(tx, licence_id)?;
            authorise(
                tx.store,
                tx.ctx.party(),
                &record,
                Rights::EDIT,
                "attach a file to",
            )?;
            attachment.validate(tx.settings()?.attachment_limit)?;
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
            approval::resubmit_stored(tx, licence_id)?;
            Ok(attachment.clone())
        })
    }

    /// An attachment's metadata and content, for a party with the View
    /// right on its licence.
    pub fn attachment(&self, id: &str, party: &Party) -> Result<(Attachment, Vec<u8>)> {
        party.validate("party")?;
        self.read(|store| {
            let missing = || Error::not_found(RecordKind::Attachment, id);
            let attachment = store.attachment(id)?.ok_or_else(missing)?;
            authorise_on(store, party, &attachment.licence_id, Rights::VIEW, "view")?;
            let content = store.attachment_content(id)?.ok_or_else(missing)?;
            Ok((attachment, content))
        })
    }

    /// A licence's attachments, by id, for a party with the View right.
    pub fn attachments(&self, licence_id: &str, party: &Party) -> Result<Vec<Attachment>> {
        party.validate("party")?;
        self.read(|store| {
            authorise_on(store, party, licence_id, Rights::VIEW, "view")?;
            store.attachments(licence_id)
        })
    }

    /// Deletes an attachment, for a party with the Edit right on its
    /// licence.
    pub fn delete_attachment(&self, ctx: &Context, id: &str) -> Result<()> {
        self.write_licence(ctx, |tx| {
            let attachment = tx
                .store
                .attachment(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Attachment, id))?;
            let holder = authorise_on(
                tx.store,
                tx.ctx.party(),
                &attachment.licence_id,
                Rights::EDIT,
                "remove a file from",
            )?;
            tx.store.remove_attachment(id)?;
            tx.audit_diff(
                "delete_attachment",
                RecordKind::Attachment,
                id,
                Some(&holder),
                Some(&attachment),
                None,
            )?;
            approval::resubmit_stored(tx, &attachment.licence_id)
        })
    }
}

/// Checks `party`'s `right` on the licence `licence_id`; its holder.
fn authorise_on(
    store: &mut dyn Store,
    party: &Party,
    licence_id: &str,
    right: Rights,
    action: &str,
) -> Result<String> {
    let record = store
        .licence(licence_id)?
        .ok_or_else(|| Error::not_found(RecordKind::Licence, licence_id))?;
    authorise(store, party, &record, right, action)?;
    Ok(record.licence.holder_id)
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
