//! Licence types, licences and their attachments.

use serde::{Deserialize, Serialize};

use crate::custody::Party;
use crate::model::{Attachment, Licence, LicenceType};
use crate::operations::{Bytes, TrackerOperation, operation};
use crate::store::{LicenceQuery, LicenceRecord, Page};
use crate::tracker::{Context, HeldLicence, Tracker};
use crate::{Day, Result};

operation! {
    /// Adds a licence type to the catalogue.
    pub struct CreateLicenceTypeInput as "create_licence_type" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The type.
        pub licence_type: LicenceType,
    }
}

impl TrackerOperation for CreateLicenceTypeInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.create_licence_type(&self.ctx, &self.licence_type)
    }
}

operation! {
    /// Changes a licence type; reminder dates of its licences are
    /// recomputed.
    pub struct UpdateLicenceTypeInput as "update_licence_type" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The type as it is now.
        pub licence_type: LicenceType,
    }
}

impl TrackerOperation for UpdateLicenceTypeInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.update_licence_type(&self.ctx, &self.licence_type)
    }
}

operation! {
    /// One licence type.
    pub struct LicenceTypeInput as "licence_type" -> LicenceType {
        /// The type's id.
        pub id: String,
    }
}

impl TrackerOperation for LicenceTypeInput {
    fn run(self, t: &Tracker) -> Result<LicenceType> {
        t.licence_type(&self.id)
    }
}

/// The catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceTypeList {
    /// Every licence type, by id.
    pub licence_types: Vec<LicenceType>,
}

operation! {
    /// Every licence type, by id.
    pub struct LicenceTypesInput as "licence_types" -> LicenceTypeList {}
}

impl TrackerOperation for LicenceTypesInput {
    fn run(self, t: &Tracker) -> Result<LicenceTypeList> {
        let licence_types = t.licence_types()?;
        Ok(LicenceTypeList { licence_types })
    }
}

operation! {
    /// Records a licence (a renewal when it names the licence it renews,
    /// which needs the Edit right on that one), creating its type in the
    /// same step when `new_type` is given (the staff only); the expiry is
    /// derived from the type's validity when absent. A site's licence is
    /// its upload, held by that site and hidden from the holder; a party
    /// other than the staff records only licences it owns.
    pub struct RecordLicenceInput as "record_licence" (writes) -> LicenceRecord {
        /// Who acts, and when.
        pub ctx: Context,
        /// The licence.
        pub licence: Licence,
        /// A licence type to create with it.
        #[serde(default)]
        pub new_type: Option<LicenceType>,
    }
}

impl TrackerOperation for RecordLicenceInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecord> {
        t.record_licence(&self.ctx, &self.licence, self.new_type.as_ref())
    }
}

operation! {
    /// Changes a licence's fields, for a party with the Edit right on it.
    /// The type of a licence a site holds cannot change.
    pub struct EditLicenceInput as "edit_licence" (writes) -> LicenceRecord {
        /// Who acts, and when.
        pub ctx: Context,
        /// The licence as it is now.
        pub licence: Licence,
    }
}

impl TrackerOperation for EditLicenceInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecord> {
        t.edit_licence(&self.ctx, &self.licence)
    }
}

operation! {
    /// Deletes a licence, for a party with the Delete right on it; it is
    /// kept until purged. A candidate-owned licence's shares go back to
    /// pending requests.
    pub struct DeleteLicenceInput as "delete_licence" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The licence.
        pub id: String,
        /// The deletion date.
        pub on: Day,
    }
}

impl TrackerOperation for DeleteLicenceInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.delete_licence(&self.ctx, &self.id, self.on)
    }
}

operation! {
    /// One licence as stored, for a party with the View right on it (the
    /// staff also see it deleted).
    pub struct LicenceInput as "licence" -> LicenceRecord {
        /// The licence's id.
        pub id: String,
        /// The party asking (SPEC §5): the holder, a site, or, when absent,
        /// the organisation's staff.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for LicenceInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecord> {
        t.licence(&self.id, &self.party.unwrap_or_default())
    }
}

/// Licences as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicenceRecordList {
    /// The licences, by id.
    pub licences: Vec<LicenceRecord>,
    /// Where the next page starts; absent on the last page.
    #[serde(default)]
    pub next_offset: Option<u32>,
}

operation! {
    /// The licences matching a query, by id.
    pub struct LicencesInput as "licences" -> LicenceRecordList {
        /// Which licences (current ones by default).
        #[serde(default)]
        pub query: LicenceQuery,
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

impl TrackerOperation for LicencesInput {
    fn run(self, t: &Tracker) -> Result<LicenceRecordList> {
        let listing = t.licences(&self.query, self.page)?;
        Ok(LicenceRecordList {
            licences: listing.items,
            next_offset: listing.next_offset,
        })
    }
}

/// Licences with their status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeldLicenceList {
    /// The licences.
    pub licences: Vec<HeldLicence>,
}

operation! {
    /// A holder's current licences with their status on `today` ("my
    /// licences"), without those a site owns and hides from them.
    pub struct LicencesOfInput as "licences_of" -> HeldLicenceList {
        /// The holder.
        pub holder_id: String,
        /// The date to evaluate on.
        pub today: Day,
    }
}

impl TrackerOperation for LicencesOfInput {
    fn run(self, t: &Tracker) -> Result<HeldLicenceList> {
        let licences = t.licences_of(&self.holder_id, self.today)?;
        Ok(HeldLicenceList { licences })
    }
}

operation! {
    /// A holder's current licences as a viewer may see them: their own, or
    /// anyone's for a role that views people; refused otherwise.
    pub struct LicencesSeenByInput as "licences_seen_by" -> HeldLicenceList {
        /// Who looks.
        pub viewer_id: String,
        /// Whose licences.
        pub holder_id: String,
        /// The date to evaluate on.
        pub today: Day,
    }
}

impl TrackerOperation for LicencesSeenByInput {
    fn run(self, t: &Tracker) -> Result<HeldLicenceList> {
        let licences = t.licences_seen_by(&self.viewer_id, &self.holder_id, self.today)?;
        Ok(HeldLicenceList { licences })
    }
}

operation! {
    /// Keeps a file with a licence, within the organisation's size limit,
    /// for a party with the Edit right on it.
    pub struct AddAttachmentInput as "add_attachment" (writes) -> Attachment {
        /// Who acts, and when.
        pub ctx: Context,
        /// The attachment's id.
        pub id: String,
        /// The licence.
        pub licence_id: String,
        /// The file's name.
        pub file_name: String,
        /// Its media type, such as `image/jpeg`.
        pub media_type: String,
        /// Its content.
        pub content: Bytes,
    }
}

impl TrackerOperation for AddAttachmentInput {
    fn run(self, t: &Tracker) -> Result<Attachment> {
        t.add_attachment(
            &self.ctx,
            &self.id,
            &self.licence_id,
            &self.file_name,
            &self.media_type,
            &self.content.0,
        )
    }
}

/// An attachment with its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AttachmentContent {
    /// Its metadata.
    pub attachment: Attachment,
    /// The file's content.
    pub content: Bytes,
}

operation! {
    /// One attachment with its content, for a party with the View right on
    /// its licence.
    pub struct AttachmentInput as "attachment" -> AttachmentContent {
        /// The attachment's id.
        pub id: String,
        /// The party asking (SPEC §5): the holder, a site, or, when absent,
        /// the organisation's staff.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for AttachmentInput {
    fn run(self, t: &Tracker) -> Result<AttachmentContent> {
        let (attachment, content) = t.attachment(&self.id, &self.party.unwrap_or_default())?;
        Ok(AttachmentContent {
            attachment,
            content: Bytes(content),
        })
    }
}

/// Attachments' metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AttachmentList {
    /// The attachments, by id.
    pub attachments: Vec<Attachment>,
}

operation! {
    /// A licence's attachments, without their content, for a party with the
    /// View right on it.
    pub struct AttachmentsInput as "attachments" -> AttachmentList {
        /// The licence.
        pub licence_id: String,
        /// The party asking (SPEC §5): the holder, a site, or, when absent,
        /// the organisation's staff.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub party: Option<Party>,
    }
}

impl TrackerOperation for AttachmentsInput {
    fn run(self, t: &Tracker) -> Result<AttachmentList> {
        let attachments = t.attachments(&self.licence_id, &self.party.unwrap_or_default())?;
        Ok(AttachmentList { attachments })
    }
}

operation! {
    /// Removes an attachment, for a party with the Edit right on its
    /// licence.
    pub struct DeleteAttachmentInput as "delete_attachment" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The attachment.
        pub id: String,
    }
}

impl TrackerOperation for DeleteAttachmentInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.delete_attachment(&self.ctx, &self.id)
    }
}
