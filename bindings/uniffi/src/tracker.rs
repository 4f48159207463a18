//! The tracker object: one organisation's records in a SQLite file the app
//! chooses (or in memory), with typed methods for what an app does and
//! [`Tracker::execute`] for every other operation.

use std::sync::Arc;

use licence_core::{model, operations, tracker};

use crate::courses::{AllocationReport, Course, Seat};
use crate::custody::{Party, Rights};
use crate::error::LicenceError;
use crate::licences::{
    Attachment, AttachmentContent, HeldLicence, Licence, LicenceType, StoredLicence,
};
use crate::mirror::{all, day};
use crate::people::{Context, Person};
use crate::reminders::{Digest, DueReminder};
use crate::reports::{OverviewFilter, OverviewPage, OverviewQuery, StatusCounts};

/// One organisation's records: people, licence types, licences with their
/// attachments, reminders, reports, custody and courses. Calls from several
/// threads are serialised.
#[derive(Debug, uniffi::Object)]
pub struct Tracker {
    inner: tracker::Tracker,
}

type Result<T> = std::result::Result<T, LicenceError>;

#[uniffi::export]
impl Tracker {
    /// Opens the SQLite database at `path`, creating it when missing; the
    /// records stay there between runs of the app.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: tracker::Tracker::open(path)?,
        }))
    }

    /// A tracker that keeps its records in memory only.
    #[uniffi::constructor]
    pub fn in_memory() -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            inner: tracker::Tracker::in_memory(),
        }))
    }

    /// Runs the tracker operation `op` (see `tracker_operations`) on the
    /// JSON document `input_json`, returning the output document as JSON.
    pub fn execute(&self, op: String, input_json: String) -> Result<String> {
        Ok(operations::execute_text(&op, &input_json, |op, input| {
            operations::execute_tracker(&self.inner, op, input)
        })?)
    }

    /// Registers a person; returns the course seats that allocation rules
    /// gave them.
    pub fn register_person(&self, ctx: Context, person: Person) -> Result<Vec<Seat>> {
        let person = person.try_into()?;
        Ok(all(self.inner.register_person(&ctx.into(), &person)?))
    }

    /// The person with `id`.
    pub fn person(&self, id: String) -> Result<Person> {
        Ok(self.inner.person(&id)?.into())
    }

    /// Adds a licence type to the catalogue.
    pub fn create_licence_type(&self, ctx: Context, licence_type: LicenceType) -> Result<()> {
        let licence_type = licence_type.try_into()?;
        Ok(self.inner.create_licence_type(&ctx.into(), &licence_type)?)
    }

    /// Changes a licence type; its reminders are computed afresh.
    pub fn update_licence_type(&self, ctx: Context, licence_type: LicenceType) -> Result<()> {
        let licence_type = licence_type.try_into()?;
        Ok(self.inner.update_licence_type(&ctx.into(), &licence_type)?)
    }

    /// The licence type with `id`.
    pub fn licence_type(&self, id: String) -> Result<LicenceType> {
        Ok(self.inner.licence_type(&id)?.into())
    }

    /// Every licence type of the catalogue.
    pub fn licence_types(&self) -> Result<Vec<LicenceType>> {
        Ok(all(self.inner.licence_types()?))
    }

    /// Records a licence; with `new_type`, creates its type in the same
    /// step. Without an expiry, the expiry is derived from the type's
    /// validity.
    pub fn record_licence(
        &self,
        ctx: Context,
        licence: Licence,
        new_type: Option<LicenceType>,
    ) -> Result<StoredLicence> {
        let licence = licence.try_into()?;
        let new_type: Option<model::LicenceType> = new_type.map(TryInto::try_into).transpose()?;
        Ok(self
            .inner
            .record_licence(&ctx.into(), &licence, new_type.as_ref())?
            .into())
    }

    /// Records `licence` as the renewal of the licence `renews_id`, which is
    /// superseded: it stays on record as history and gets no more reminders.
    pub fn renew_licence(
        &self,
        ctx: Context,
        renews_id: String,
        licence: Licence,
    ) -> Result<StoredLicence> {
        let licence = Licence {
            renews: Some(renews_id),
            ..licence
        };
        self.record_licence(ctx, licence, None)
    }

    /// Changes a licence's details; holder, owner and renewal links stay.
    pub fn edit_licence(&self, ctx: Context, licence: Licence) -> Result<StoredLicence> {
        let licence = licence.try_into()?;
        Ok(self.inner.edit_licence(&ctx.into(), &licence)?.into())
    }

    /// Deletes a licence on `on` (`YYYY-MM-DD`); it is kept, without
    /// reminders, until purged.
    pub fn delete_licence(&self, ctx: Context, id: String, on: String) -> Result<()> {
        Ok(self
            .inner
            .delete_licence(&ctx.into(), &id, day("on", &on)?)?)
    }

    /// The licence with `id`, deleted or not.
    pub fn licence(&self, id: String) -> Result<StoredLicence> {
        Ok(self.inner.licence(&id)?.into())
    }

    /// A holder's current licences with their status on `today`, soonest
    /// expiry first: what the holder shows an inspector.
    pub fn licences_of(&self, holder_id: String, today: String) -> Result<Vec<HeldLicence>> {
        Ok(all(self
            .inner
            .licences_of(&holder_id, day("today", &today)?)?))
    }

    /// Stores a file with a licence, such as a photo of the card.
    pub fn add_attachment(
        &self,
        ctx: Context,
        id: String,
        licence_id: String,
        file_name: String,
        media_type: String,
        content: Vec<u8>,
    ) -> Result<Attachment> {
        Ok(self
            .inner
            .add_attachment(
                &ctx.into(),
                &id,
                &licence_id,
                &file_name,
                &media_type,
                &content,
            )?
            .into())
    }

    /// The attachment with `id`, with its content.
    pub fn attachment(&self, id: String) -> Result<AttachmentContent> {
        let (attachment, content) = self.inner.attachment(&id)?;
        Ok(AttachmentContent {
            attachment: attachment.into(),
            content,
        })
    }

    /// The attachments of a licence.
    pub fn attachments(&self, licence_id: String) -> Result<Vec<Attachment>> {
        Ok(all(self.inner.attachments(&licence_id)?))
    }

    /// Deletes an attachment.
    pub fn delete_attachment(&self, ctx: Context, id: String) -> Result<()> {
        Ok(self.inner.delete_attachment(&ctx.into(), &id)?)
    }

    /// The reminders due on `today`.
    pub fn due_reminders(&self, today: String) -> Result<Vec<DueReminder>> {
        Ok(all(self.inner.due_reminders(day("today", &today)?)?))
    }

    /// The reminders due on `today`, one digest per recipient.
    pub fn digests(&self, today: String) -> Result<Vec<Digest>> {
        Ok(all(self.inner.digests(day("today", &today)?)?))
    }

    /// Records that a due reminder was sent: it is never due again.
    pub fn acknowledge(&self, ctx: Context, reminder: DueReminder) -> Result<()> {
        let expiry = day("expiry", &reminder.expiry)?;
        let trigger = day("trigger", &reminder.trigger)?;
        Ok(self
            .inner
            .acknowledge(&ctx.into(), &reminder.licence_id, expiry, trigger)?)
    }

    /// A page of the overview report on `today`.
    pub fn overview(&self, query: OverviewQuery, today: String) -> Result<OverviewPage> {
        Ok(self
            .inner
            .overview(&query.into(), day("today", &today)?)?
            .into())
    }

    /// How many current licences have each status on `today`.
    pub fn status_counts(&self, filter: OverviewFilter, today: String) -> Result<StatusCounts> {
        Ok(self
            .inner
            .status_counts(&filter.into(), day("today", &today)?)?
            .into())
    }

    /// What `party` may do with a licence of the candidate `candidate_id`.
    pub fn rights(&self, candidate_id: String, licence_id: String, party: Party) -> Result<Rights> {
        Ok(self
            .inner
            .rights(&candidate_id, &licence_id, &party.into())?
            .into())
    }

    /// Adds a course.
    pub fn create_course(&self, ctx: Context, course: Course) -> Result<()> {
        let course = course.try_into()?;
        Ok(self.inner.create_course(&ctx.into(), &course)?)
    }

    /// Every course.
    pub fn courses(&self) -> Result<Vec<Course>> {
        Ok(all(self.inner.courses()?))
    }

    /// Gives a course to each of `person_ids` on `today`: a result per person.
    pub fn allocate(
        &self,
        ctx: Context,
        course_id: String,
        person_ids: Vec<String>,
        today: String,
    ) -> Result<AllocationReport> {
        let today = day("today", &today)?;
        Ok(self
            .inner
            .allocate(&ctx.into(), &course_id, &person_ids, today)?
            .into())
    }

    /// A person's course seats.
    pub fn seats_of(&self, person_id: String) -> Result<Vec<Seat>> {
        let query = licence_core::store::SeatQuery {
            person_id: Some(person_id),
            ..Default::default()
        };
        Ok(all(self.inner.seats(&query)?))
    }
}
