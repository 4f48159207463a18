//! The records of the engine's operations for Kotlin, Swift and Python:
//! generated from `wit/operations.wit` by `licence-testkit`
//! (`make schema`); a test fails while it is stale. Do not edit.

use std::collections::HashMap;

/// Marks a reminder as sent: it is never due again. Acknowledging twice
/// is harmless.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AcknowledgeInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The expiry the reminder was for.
    pub expiry: Date,
    /// The licence.
    pub licence_id: String,
    /// The reminder's trigger date.
    pub trigger: Date,
}

/// A host's record that a reminder was sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Acknowledgement {
    /// The expiry date the reminder was for.
    pub expiry: Date,
    /// The licence.
    pub licence_id: String,
    /// The reminder's trigger date.
    pub trigger: Date,
}

/// Reminders acknowledged as sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AcknowledgementList {
    /// The acknowledgements, oldest first.
    pub acknowledgements: Vec<AcknowledgementRecord>,
}

/// A reminder that the host acknowledged as sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AcknowledgementRecord {
    /// When it was acknowledged (host time).
    pub at: i64,
    /// The expiry the reminder was for.
    pub expiry: Date,
    /// The licence.
    pub licence_id: String,
    /// The reminder's trigger date.
    pub trigger: Date,
}

/// A licence's acknowledged reminders, oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AcknowledgementsInput {
    /// The licence.
    pub licence_id: String,
}

/// Keeps a file with a licence, within the organisation's size limit,
/// for a party with the Edit right on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AddAttachmentInput {
    /// Its content.
    pub content: Bytes,
    /// Who acts, and when.
    pub ctx: Context,
    /// The file's name.
    pub file_name: String,
    /// The attachment's id.
    pub id: String,
    /// The licence.
    pub licence_id: String,
    /// Its media type, such as `image/jpeg`.
    pub media_type: String,
}

/// Reminders repeated after expiry until the licence is renewed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AfterExpiry {
    /// Days between two reminders (the first comes this many days after expiry).
    pub every_days: u16,
    /// How many reminders at most.
    pub times: u16,
}

/// Gives a course to a list of people: one result per person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AllocateInput {
    /// The course.
    pub course_id: String,
    /// The courses.
    pub courses: Vec<Course>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The people.
    pub person_ids: Vec<String>,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The allocation date.
    pub today: Date,
    /// The licence types.
    pub types: Vec<LicenceType>,
}

/// Gives a course to a list of people: one result per person, one bad
/// id spoiling nothing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AllocateSeatsInput {
    /// The course.
    pub course_id: String,
    /// Who acts, and when.
    pub ctx: Context,
    /// The people.
    pub person_ids: Vec<String>,
    /// The allocation date.
    pub today: Date,
}

/// The decisions of a manual allocation or a backfill.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Allocation {
    /// One result per person considered, in input order.
    pub results: Vec<PersonResult>,
    /// The seats to give, in input order.
    pub seats: Vec<NewSeat>,
}

/// The outcome of an allocation: a result per person and the seats stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AllocationReport {
    /// One result per person considered, in input order.
    pub results: Vec<PersonResult>,
    /// The seats given.
    pub seats: Vec<Seat>,
}

/// Where a licence stands in approval (SPEC §10). Only an approved licence
/// counts towards requirements and gets reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Approval {
    /// Approved, or of a type that needs no approval.
    Approved,
    /// Recorded by its holder; waits for an administrator or a manager.
    Pending,
    /// Rejected, with a reason; editing its evidence makes it pending again.
    Rejected,
}

/// The licences awaiting approval, by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ApprovalsInput {
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
}

/// Approves a licence awaiting approval: it counts and gets reminders.
/// The context's actor must be an active administrator or manager other
/// than the holder.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ApproveLicenceInput {
    /// Who decides (a person's id), and when.
    pub ctx: Context,
    /// The licence's id.
    pub id: String,
}

/// A site's link to a candidate: a pending request for a licence type, or a
/// licence it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Association {
    /// The licence held: present exactly when `shared`.
    #[uniffi(default)]
    pub licence_id: Option<String>,
    /// The site.
    pub site_id: String,
    /// Requested or shared.
    pub state: AssociationState,
    /// The licence type requested or held.
    pub type_id: String,
}

/// Site associations.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AssociationList {
    /// The associations, in the order they were made.
    pub associations: Vec<Association>,
}

/// The state of a site association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum AssociationState {
    /// The site asked for a licence of the type; it is pending on the
    /// candidate's list until a licence answers it.
    Requested,
    /// The site holds a licence: one it uploaded, or one shared with it.
    Shared,
}

/// A candidate's site associations: requests and shares.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AssociationsInput {
    /// The candidate.
    pub candidate_id: String,
    /// The party asking (SPEC §5): a site sees only its own
    /// associations; the candidate and, when absent, the organisation's
    /// staff see all.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// Metadata of a file kept with a licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Attachment {
    /// The file's name.
    pub file_name: String,
    /// Host-assigned id.
    pub id: String,
    /// The licence it belongs to.
    pub licence_id: String,
    /// Its media type, such as `application/pdf`.
    pub media_type: String,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// An attachment with its content.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AttachmentContent {
    /// Its metadata.
    pub attachment: Attachment,
    /// The file's content.
    pub content: Bytes,
}

/// One attachment with its content, for a party with the View right on
/// its licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AttachmentInput {
    /// The attachment's id.
    pub id: String,
    /// The party asking (SPEC §5): the holder, a site, or, when absent,
    /// the organisation's staff.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// Attachments' metadata.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AttachmentList {
    /// The attachments, by id.
    pub attachments: Vec<Attachment>,
}

/// A licence's attachments, without their content, for a party with the
/// View right on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AttachmentsInput {
    /// The licence.
    pub licence_id: String,
    /// The party asking (SPEC §5): the holder, a site, or, when absent,
    /// the organisation's staff.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// When a group of people is reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Audience {
    /// Never.
    Never,
    /// For every reminder, before and after expiry.
    Always,
    /// Only once the licence has expired (escalation).
    OnceExpired,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AuditEntry {
    /// What was done, such as `record_licence` or `acknowledge`.
    pub action: String,
    /// Who did it, as the host names them.
    pub actor: String,
    /// When, as supplied by the host.
    pub at: i64,
    /// The fields changed.
    pub changes: Vec<Change>,
    /// The person the record belongs to, for listing per person.
    #[uniffi(default)]
    pub person_id: Option<String>,
    /// Which record changed.
    pub record_id: String,
    /// Which kind of record changed.
    pub record_kind: RecordKind,
    /// Position in the log, assigned by the store (0 before it is stored).
    pub seq: u64,
}

/// Audit entries.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AuditEntryList {
    /// The entries, oldest first.
    pub entries: Vec<AuditEntry>,
}

/// The audit entries about a record or a person, oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AuditInput {
    /// Which entries.
    pub query: AuditQuery,
}

/// Which entries to list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum AuditQuery {
    /// Entries about one record.
    Record(AuditQueryRecord),
    /// Entries about one person or any record of theirs.
    Person(AuditQueryPerson),
}

/// `audit-query-person` in the typed WIT.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AuditQueryPerson {
    /// The person's id.
    pub id: String,
}

/// `audit-query-record` in the typed WIT.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct AuditQueryRecord {
    /// The record's id.
    pub id: String,
    /// The record's kind.
    pub kind: RecordKind,
}

/// Applies a rule to existing people, crediting recent completions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct BackfillInput {
    /// The courses.
    pub courses: Vec<Course>,
    /// Skip people who completed the course within this period.
    #[uniffi(default)]
    pub credit_within: Option<Period>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The rule.
    pub rule_id: String,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The allocation date.
    pub today: Date,
    /// The licence types.
    pub types: Vec<LicenceType>,
}

/// Applies a rule to existing people, crediting completions of the
/// course within `credit_within`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct BackfillRuleInput {
    /// Skip people who completed the course within this period.
    #[uniffi(default)]
    pub credit_within: Option<Period>,
    /// Who acts, and when.
    pub ctx: Context,
    /// The rule.
    pub rule_id: String,
    /// The allocation date.
    pub today: Date,
}

/// The bytes of a file, base64 (RFC 4648, with padding).
pub type Bytes = Vec<u8>;

/// One event of a calendar document, for hosts and tests that look at the
/// events without parsing the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CalendarEvent {
    /// Its day: the expiry date, or the reminder's trigger date.
    pub date: Date,
    /// The licence's expiry date.
    pub expiry: Date,
    /// The reminder's lead; absent for the expiry itself.
    #[uniffi(default)]
    pub lead: Option<Period>,
    /// The licence.
    pub licence_id: String,
    /// Its UID (before escaping).
    pub uid: String,
}

/// Expiry and reminder dates as an iCalendar document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CalendarExport {
    /// Its events in the document's order: each one's UID, day, licence
    /// and lead.
    pub events: Vec<CalendarEvent>,
    /// The iCalendar (RFC 5545) text: CRLF line ends, TEXT escaped, lines
    /// folded after 75 octets. Served as `text/calendar`.
    pub ics: String,
}

/// Expiry and reminder dates as an iCalendar document (RFC 5545), for
/// the host to serve or mail: one person's own licences (`person_id`,
/// leaving out a site's uploads hidden from them), or the current
/// licences the overview shows for `filter` on `today`, in expiry
/// order. Read in one snapshot; nothing is written.
/// Every licence with an expiry date gets an all-day event on that
/// date (DTSTART;VALUE=DATE, DTEND the next day), also once expired:
/// renewing supersedes it and its events leave the document. Each
/// reminder lead of the licence's policy (its type's, or the
/// organisation's) whose trigger date is on or after `today`, before
/// the expiry day and not yet acknowledged gets an all-day event on its
/// trigger date; a lead of 0 days falls on the expiry event and adds
/// none, leads with the same trigger date add one, and licences of
/// inactive holders get none (as in the outbox). Reminders after expiry
/// are not listed.
/// UIDs are stable per licence, expiry and lead, so that a calendar
/// importing the document again updates its events:
/// `<licence>/<expiry>@licence-engine` for the expiry and
/// `<licence>/<expiry>/<lead>@licence-engine` for a reminder, the lead
/// an ISO 8601 duration (`l1/2026-05-31/P3M@licence-engine`). Summaries
/// read `First aid expires — Ana López` and `First aid expires in 3
/// months (2026-05-31) — Ana López`. Every event's DTSTAMP is `at`;
/// nothing reads a clock. Refused: an unknown person (not found), a
/// filter naming another holder than `person_id`, and the overview's
/// limits on the filter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CalendarInput {
    /// When the document is made (host time, seconds since 1970-01-01
    /// UTC), written as every event's DTSTAMP.
    pub at: i64,
    /// Which licences (all current ones by default).
    pub filter: OverviewFilter,
    /// Only this person's own licences.
    #[uniffi(default)]
    pub person_id: Option<String>,
    /// The date statuses, the filter and pending reminders are
    /// evaluated on.
    pub today: Date,
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Change {
    /// The field.
    pub field: String,
    /// Its value after, if it has one.
    #[uniffi(default)]
    pub new: Option<String>,
    /// Its value before, if it had one.
    #[uniffi(default)]
    pub old: Option<String>,
}

/// One page of the change feed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ChangeFeed {
    /// The cursor to ask from next: the number (`seq`) of the last entry
    /// returned, or the cursor given when there was none.
    pub cursor: u64,
    /// The entries after the cursor, oldest first.
    pub entries: Vec<AuditEntry>,
}

/// The change feed: the audit entries numbered after `after`, oldest
/// first, at most `limit` (1,000 unless given, at most 10,000). The host
/// stores the `cursor` it gets once it has processed the entries and
/// asks again from it: delivery is at least once, and resumes after a
/// crash. Numbers are never reused, also across purges.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ChangesInput {
    /// The cursor: the number of the last entry processed (0: from the
    /// start).
    pub after: u64,
    /// The most entries to return.
    #[uniffi(default)]
    pub limit: Option<u32>,
}

/// Hands the reminders due on `today` to `worker` for `lease_seconds`
/// (at most a day), soonest expiry first, at most `limit` (all when
/// left out): for several servers sending the same organisation's
/// reminders. A reminder another worker claimed is not handed out until
/// its lease lapses (at the context's time); the same worker claiming
/// again gets its own back with a new lease; acknowledging releases the
/// claim for good.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ClaimRemindersInput {
    /// Who acts, and when: the lease runs from this time.
    pub ctx: Context,
    /// How long the claim lasts, in seconds.
    pub lease_seconds: u32,
    /// The most reminders to claim.
    #[uniffi(default)]
    pub limit: Option<u32>,
    /// The date.
    pub today: Date,
    /// The worker (a server or process) claiming them.
    pub worker: String,
}

/// Completes an open seat; a course that issues a licence type issues
/// the licence, renewing the holder's current one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CompleteCourseInput {
    /// The completion date.
    pub completed_on: Date,
    /// The courses.
    pub courses: Vec<Course>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seat.
    pub seat: Seat,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The licence types.
    pub types: Vec<LicenceType>,
    /// The expiring window in days (90 when absent).
    #[uniffi(default)]
    pub window_days: Option<u32>,
}

/// Completes an open seat; a course that issues a licence type records
/// the licence, renewing the holder's current one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CompleteSeatInput {
    /// The completion date.
    pub completed_on: Date,
    /// Who acts, and when.
    pub ctx: Context,
    /// The seat.
    pub seat_id: String,
}

/// What completing a course decided.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Completion {
    /// The licence the course issues, if it issues one.
    #[uniffi(default)]
    pub licence: Option<IssuedLicence>,
    /// The seat, now completed.
    pub seat: Seat,
}

/// Who acts, and when (host time): recorded in the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Context {
    /// The acting user, as the host names them.
    pub actor: String,
    /// When, as seconds since 1970-01-01 UTC.
    pub at: i64,
    /// The party the user acts for, whose custody rights every operation
    /// on a licence checks (SPEC §5): the licence's holder, a site, or,
    /// when absent, the organisation's staff.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// Something a person is trained on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Course {
    /// Host-assigned id.
    pub id: String,
    /// The licence type that completing the course issues.
    #[uniffi(default)]
    pub issues_type_id: Option<String>,
    /// Title.
    pub title: String,
    /// Validity of the issued licence (the type's validity when absent).
    #[uniffi(default)]
    pub validity: Option<Period>,
}

/// Courses.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CourseList {
    /// Every course, by id.
    pub courses: Vec<Course>,
}

/// Adds a course.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CreateCourseInput {
    /// The course.
    pub course: Course,
    /// Who acts, and when.
    pub ctx: Context,
}

/// Adds a licence type to the catalogue.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CreateLicenceTypeInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The type.
    pub licence_type: LicenceType,
}

/// Adds a requirement: the people in its scope must hold a current
/// licence of one of its types. Its types, and its site for a site's
/// requirement, must exist.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CreateRequirementInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The requirement.
    pub requirement: Requirement,
}

/// Adds an automatic allocation rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CreateRuleInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The rule.
    pub rule: Rule,
}

/// Adds a client site.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CreateSiteInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The site.
    pub site: Site,
}

/// The overview as CSV.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CsvExport {
    /// RFC 4180 text, formulas neutralised.
    pub csv: String,
}

/// One candidate's custody state: their licences and the site associations.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Custody {
    /// Requests and shares, in the order they were made.
    pub associations: Vec<Association>,
    /// The candidate's licences, deleted ones included.
    pub licences: Vec<LicenceCustody>,
}

/// A party's custody action on a candidate's licence (upload, transfer,
/// delete, request, withdraw, share, unshare, remove), refused unless the party
/// holds the right and the state allows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CustodyEventInput {
    /// The candidate.
    pub candidate_id: String,
    /// Who acts, and when.
    pub ctx: Context,
    /// The party and its action.
    pub event: Event,
    /// The licence an upload records.
    #[uniffi(default)]
    pub licence: Option<Licence>,
    /// The date of the event.
    pub on: Date,
}

/// Applies custody events in order to a candidate's state and answers
/// the state after them, the pending requests, and every party's
/// rights on every licence. A refused event fails the whole call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CustodyInput {
    /// The events, in order.
    pub events: Vec<Event>,
    /// The sites whose rights to report.
    pub sites: Vec<String>,
    /// The state before the events (none by default).
    pub state: Custody,
}

/// A candidate's custody after the events.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct CustodyOutput {
    /// The requests pending on the candidate's list.
    pub pending: Vec<Association>,
    /// The rights on every licence, by licence id.
    #[uniffi(default)]
    pub rights: HashMap<String, PartyRights>,
    /// The state after the events.
    pub state: Custody,
}

/// A civil calendar date, `YYYY-MM-DD`, from 0001-01-01 to 9999-12-31.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Date {
    /// The year, 1 to 9999.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month.
    pub day: u8,
}

/// Marks a person inactive: no more reminders or allocations, history
/// kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DeactivatePersonInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The person.
    pub id: String,
}

/// Adds a custom field, or changes one (label, required, choices, type).
/// A change that stored values no longer fit is refused as an invalid
/// transition while they exist, unless `drop_values` drops them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DefineFieldInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// Drop the values the change no longer allows (each audited).
    pub drop_values: bool,
    /// The definition.
    pub field: FieldDefinition,
}

/// Removes an attachment, for a party with the Edit right on its
/// licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DeleteAttachmentInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The attachment.
    pub id: String,
}

/// Deletes a licence, for a party with the Delete right on it; it is
/// kept until purged. A candidate-owned licence's shares go back to
/// pending requests.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DeleteLicenceInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The licence.
    pub id: String,
    /// The deletion date.
    pub on: Date,
}

/// Deletes a requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DeleteRequirementInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The requirement's id.
    pub id: String,
}

/// Removes an allocation rule; the seats it gave stay.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DeleteRuleInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The rule.
    pub id: String,
}

/// One message for one recipient, listing every reminder due for them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Digest {
    /// The recipient's address (its first spelling).
    pub recipient: String,
    /// The reminders, soonest expiry first.
    pub reminders: Vec<DueReminder>,
}

/// One message per recipient.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DigestList {
    /// The digests, recipients in case-insensitive order.
    pub digests: Vec<Digest>,
}

/// The reminders due on `today`, grouped into one digest per recipient.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DigestsInput {
    /// The reminders already sent.
    pub acknowledgements: Vec<Acknowledgement>,
    /// The organisation's default reminder policy.
    pub default_policy: ReminderPolicy,
    /// The licences.
    pub licences: Vec<Licence>,
    /// The holders, and the administrators and managers to remind.
    pub people: Vec<Person>,
    /// The date the reminders are due on.
    pub today: Date,
    /// The licence types, with their own policies.
    pub types: Vec<LicenceType>,
}

/// How many values a change of definitions dropped.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DroppedValues {
    /// Licences whose value was dropped.
    pub licences: u64,
    /// People whose value was dropped.
    pub people: u64,
}

/// A reminder due today, with everything a host needs to send it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DueReminder {
    /// Expiry − today.
    pub days_left: i32,
    /// The expiry date.
    pub expiry: Date,
    /// Its holder.
    pub holder_id: String,
    /// The holder's display name.
    pub holder_name: String,
    /// The lead, for a reminder before (or on) the expiry day.
    #[uniffi(default)]
    pub lead: Option<Period>,
    /// The licence.
    pub licence_id: String,
    /// For an after-expiry reminder, which one (1 = the first); 0 before.
    pub occurrence: u16,
    /// Who receives it, without duplicates (compared case-insensitively).
    pub recipients: Vec<String>,
    /// Earlier unacknowledged reminders skipped in favour of this one.
    pub skipped: u16,
    /// The trigger date: acknowledge with this date.
    pub trigger: Date,
    /// Its licence type.
    pub type_id: String,
    /// The type's name.
    pub type_name: String,
}

/// The reminders due on `today` for an organisation's records kept by
/// the host: at most one per licence, the most urgent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct DueRemindersInput {
    /// The reminders already sent.
    pub acknowledgements: Vec<Acknowledgement>,
    /// The organisation's default reminder policy.
    pub default_policy: ReminderPolicy,
    /// The licences.
    pub licences: Vec<Licence>,
    /// The holders, and the administrators and managers to remind.
    pub people: Vec<Person>,
    /// The date the reminders are due on.
    pub today: Date,
    /// The licence types, with their own policies.
    pub types: Vec<LicenceType>,
}

/// Changes a licence's fields, for a party with the Edit right on it.
/// The type of a licence a site holds cannot change.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct EditLicenceInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The licence as it is now.
    pub licence: Licence,
}

/// The active people without an open seat for a course, filtered.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct EligibleInput {
    /// The course.
    pub course_id: String,
    /// The courses.
    pub courses: Vec<Course>,
    /// Which people to consider.
    pub filter: PersonFilter,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The licence types.
    pub types: Vec<LicenceType>,
}

/// The people who may be given a seat.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct EligibleOutput {
    /// Their ids.
    pub people: Vec<String>,
}

/// The active people without an open seat for a course, filtered by
/// name, location and department.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct EligiblePeopleInput {
    /// The course.
    pub course_id: String,
    /// Which people (everyone by default).
    pub filter: PersonFilter,
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
}

/// Erases a person and everything they hold (the right to erasure):
/// their licences, attachments, seats and site associations, and the
/// personal data in earlier audit entries about them, leaving one entry
/// that records the erasure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ErasePersonInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The person.
    pub id: String,
}

/// What erasing a person removed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Erasure {
    /// Attachments removed with them.
    pub attachments: u32,
    /// Earlier audit entries whose personal data was blanked.
    pub blanked_entries: u32,
    /// Licences removed, deleted and superseded ones included.
    pub licences: u32,
    /// Course seats removed.
    pub seats: u32,
}

/// A party's action: the input of [`Custody::apply`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Event {
    /// Which case this is; the other fields are its data.
    pub action: EventAction,
    /// The site whose pending request the candidate answers.
    #[uniffi(default)]
    pub answering: Option<String>,
    /// The new licence's id, never used before.
    #[uniffi(default)]
    pub licence_id: Option<String>,
    /// Who acts.
    pub party: Party,
    /// The site whose request it answers.
    #[uniffi(default)]
    pub site_id: Option<String>,
    /// Its licence type.
    #[uniffi(default)]
    pub type_id: Option<String>,
}

/// The cases of `event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum EventAction {
    /// Records a new licence. A site's upload is site-owned and hidden from
    /// the candidate; the candidate's is candidate-owned and, with
    /// `answering`, answers that site's request for the type.
    Upload,
    /// The owning site hands the licence to the candidate, for good.
    Transfer,
    /// The owner deletes the licence. A site's deletion drops its
    /// association; the candidate's sends every share back to `requested`.
    Delete,
    /// A site asks the candidate for a licence of a type.
    Request,
    /// A site withdraws its pending request for a type: the request is
    /// deleted and leaves the candidate's pending list. A request already
    /// answered (shared) cannot be withdrawn; the site removes the licence.
    Withdraw,
    /// The candidate answers a site's pending request with a licence they own.
    Share,
    /// The candidate takes a shared licence back: the site's request is
    /// pending again.
    Unshare,
    /// A site drops a candidate-owned licence from its list; the licence
    /// stays with the candidate.
    Remove,
}

/// The overview's rows as CSV (RFC 4180), every page of the query.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ExportCsvInput {
    /// Filters and sort.
    pub query: OverviewQuery,
    /// The date statuses are evaluated on.
    pub today: Date,
}

/// The readiness matrix on `on` for the people of `filter` as CSV: one
/// row per person (id, name, location, department, ready `yes` or
/// `no`), then a column per requirement named after it holding `met`,
/// `expiring YYYY-MM-DD` or `missing: <reason>`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ExportReadinessCsvInput {
    /// Which people.
    pub filter: ReadinessFilter,
    /// The date.
    pub on: Date,
}

/// The overview's rows as an Excel workbook (.xlsx).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ExportXlsxInput {
    /// Filters and sort.
    pub query: OverviewQuery,
    /// The date statuses are evaluated on.
    pub today: Date,
}

/// A field the organisation defines.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct FieldDefinition {
    /// The allowed values of a choice field, compared ignoring case and
    /// surrounding spaces; empty for other types.
    pub choices: Vec<String>,
    /// The key values are stored under, and the field's column in CSV
    /// files: lowercase letters, digits and `_`, starting with a letter.
    /// Keys are unique across people's and licences' fields.
    pub key: String,
    /// The label a host shows.
    pub label: String,
    /// Whether a person or licence the host registers or edits must have a
    /// value. Records written before the field was required keep working
    /// until they are edited.
    pub required: bool,
    /// Whose field it is.
    pub target: FieldTarget,
    /// What it holds.
    pub r#type: FieldType,
}

/// A custom field's value to filter on: text and choices compare ignoring
/// case and surrounding spaces, other types by value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct FieldFilter {
    /// The field's key.
    pub key: String,
    /// The value wanted.
    pub value: FieldValue,
}

/// Custom field definitions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct FieldList {
    /// Every definition, by key.
    pub fields: Vec<FieldDefinition>,
}

/// Which records a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum FieldTarget {
    /// People (an employee number, a cost centre).
    Person,
    /// Licences (a card colour, a permit class).
    Licence,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum FieldType {
    /// Text, at most 200 bytes.
    Text,
    /// A finite number.
    Number,
    /// A calendar date.
    Date,
    /// Yes or no.
    YesNo,
    /// One of the definition's choices.
    Choice,
}

/// A custom field's value, written tagged by its type (`{"text": "E-1"}`,
/// `{"number": 7.5}`, `{"date": "2026-05-31"}`, `{"yes_no": true}`). A JSON
/// document may also give a plain string, number or boolean; a plain
/// string is a date's text for a date field.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum FieldValue {
    /// The value of a text or choice field.
    Text(String),
    /// The value of a number field.
    Number(f64),
    /// The value of a date field.
    Date(Date),
    /// The value of a yes/no field.
    YesNo(bool),
}

/// A yearly renewal date (SPEC §3.5): licences expire on `month`-`day`
/// (29 February is 28 February in common years), the first one on or
/// after the acquired date that leaves at least `min_active` between them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct FixedRenewal {
    /// The day of the month.
    pub day: u8,
    /// The shortest time a new licence is valid; when the next fixed date
    /// is closer than this, the one a year later is its expiry.
    #[uniffi(default)]
    pub min_active: Option<Period>,
    /// The month, 1–12.
    pub month: u8,
}

/// A licence with its status on a date: a holder's "my licences" row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct HeldLicence {
    /// Days left on the date asked.
    #[uniffi(default)]
    pub days_left: Option<i32>,
    /// The licence and its stored state.
    pub record: LicenceRecord,
    /// Its status on the date asked.
    pub status: Status,
    /// The type's name.
    pub type_name: String,
}

/// Licences with their status on a date.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct HeldLicenceList {
    /// The licences.
    pub licences: Vec<HeldLicence>,
}

/// Imports licences from CSV, with an error per bad row; all or
/// nothing, or keeping the good rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ImportLicencesCsvInput {
    /// The CSV text, with a header row.
    pub csv: String,
    /// Who acts, and when.
    pub ctx: Context,
    /// All or nothing (the default), or keep the good rows.
    pub mode: ImportMode,
}

/// What to do with the good rows when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum ImportMode {
    /// Import nothing unless every row is good.
    AllOrNothing,
    /// Import the good rows and report the bad ones.
    KeepGoodRows,
}

/// Imports people from CSV, with an error per bad row; all or nothing,
/// or keeping the good rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ImportPeopleCsvInput {
    /// The CSV text, with a header row.
    pub csv: String,
    /// Who acts, and when.
    pub ctx: Context,
    /// All or nothing (the default), or keep the good rows.
    pub mode: ImportMode,
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ImportReport {
    /// The first [`MAX_REPORTED_ERRORS`] rejections.
    pub errors: Vec<RowError>,
    /// Rows stored.
    pub imported: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// A licence that completing a course issues, not yet stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct IssuedLicence {
    /// The completion date.
    pub acquired: Date,
    /// From the course's validity, or the type's; `None` never expires.
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// The person who completed the course.
    pub holder_id: String,
    /// The holder's current licence of the type, which this one renews
    /// (see [`crate::renewal::supersede`]).
    #[uniffi(default)]
    pub renews: Option<String>,
    /// The licence type the course issues.
    pub type_id: String,
}

/// One credential held by one person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Licence {
    /// When it was acquired.
    #[uniffi(default)]
    pub acquired: Option<Date>,
    /// The last day it is valid; `None` never expires.
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// Values of the organisation's custom fields for licences.
    #[uniffi(default)]
    pub fields: HashMap<String, FieldValue>,
    /// The person who holds it.
    pub holder_id: String,
    /// Host-assigned id.
    pub id: String,
    /// Who issued it.
    #[uniffi(default)]
    pub issuer: Option<String>,
    /// Free notes.
    pub notes: String,
    /// Who owns it.
    pub owner: Owner,
    /// Reference (card or certificate) number.
    #[uniffi(default)]
    pub reference: Option<String>,
    /// The licence this one renews, if any.
    #[uniffi(default)]
    pub renews: Option<String>,
    /// The licence that renewed this one; a superseded licence is history.
    #[uniffi(default)]
    pub superseded_by: Option<String>,
    /// Its licence type.
    pub type_id: String,
}

/// A licence as custody sees it: its type, its owner, and whether it was
/// deleted (its id is never reused).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceCustody {
    /// Deleted: nobody has any right on it.
    pub deleted: bool,
    /// The licence.
    pub licence_id: String,
    /// A site (hidden from the candidate) or the candidate.
    pub owner: Owner,
    /// Its licence type.
    pub type_id: String,
}

/// One licence as stored, for a party with the View right on it (the
/// staff also see it deleted).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceInput {
    /// The licence's id.
    pub id: String,
    /// The party asking (SPEC §5): the holder, a site, or, when absent,
    /// the organisation's staff.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// What a licence type tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum LicenceKind {
    /// A licence such as a driver's licence or a trade ticket.
    Licence,
    /// A certification such as first aid.
    Certification,
    /// A qualification.
    Qualification,
    /// A site or company induction.
    Induction,
    /// Tools, vehicles and other equipment with an inspection due date.
    Equipment,
}

/// Which licences to list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceQuery {
    /// Only this holder's licences.
    #[uniffi(default)]
    pub holder_id: Option<String>,
    /// Also deleted licences.
    pub include_deleted: bool,
    /// Also superseded (renewed) licences.
    pub include_superseded: bool,
    /// Only licences of this type.
    #[uniffi(default)]
    pub type_id: Option<String>,
}

/// A licence as stored: the record and the tracker's state about it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceRecord {
    /// Whether it is approved, waits for approval or was rejected.
    pub approval: Approval,
    /// When it was recorded (host time).
    pub created_at: i64,
    /// When it was deleted; deleted licences are kept until purged.
    #[uniffi(default)]
    pub deleted_on: Option<Date>,
    /// The licence itself.
    pub licence: Licence,
    /// The first date a reminder can be due (the reminders outbox index).
    #[uniffi(default)]
    pub next_reminder: Option<Date>,
    /// Why it was rejected, while it is.
    #[uniffi(default)]
    pub rejection_reason: Option<String>,
    /// The latest acknowledged reminder trigger for the current expiry.
    #[uniffi(default)]
    pub reminded_through: Option<Date>,
    /// When it last changed (host time).
    pub updated_at: i64,
}

/// Licences as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceRecordList {
    /// The licences, by id.
    pub licences: Vec<LicenceRecord>,
    /// Where the next page starts; absent on the last page.
    #[uniffi(default)]
    pub next_offset: Option<u32>,
}

/// What a party may do with a candidate's licence, so a host can draw
/// its buttons.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceRightsInput {
    /// The candidate.
    pub candidate_id: String,
    /// The licence.
    pub licence_id: String,
    /// The party asking.
    pub party: Party,
}

/// A catalogue entry of licences.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceType {
    /// A calendar date the type renews on every year, instead of a
    /// validity period (SPEC §3.5).
    #[uniffi(default)]
    pub fixed_renewal: Option<FixedRenewal>,
    /// Days after expiry during which a renewal keeps the old cycle.
    pub grace_days: u16,
    /// Host-assigned id.
    pub id: String,
    /// What the type tracks.
    pub kind: LicenceKind,
    /// Name, unique in the organisation compared case-insensitively.
    pub name: String,
    /// Reminder policy overriding the organisation's default.
    #[uniffi(default)]
    pub policy: Option<ReminderPolicy>,
    /// How renewals count the new period.
    pub renewal_basis: RenewalBasis,
    /// Whether a licence of this type that its holder records waits for
    /// an administrator's or a manager's approval (SPEC §10).
    pub requires_approval: bool,
    /// Validity used to derive an expiry from the acquired date.
    #[uniffi(default)]
    pub validity: Option<Period>,
}

/// One licence type.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceTypeInput {
    /// The type's id.
    pub id: String,
}

/// The catalogue.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicenceTypeList {
    /// Every licence type, by id.
    pub licence_types: Vec<LicenceType>,
}

/// The licences matching a query, by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicencesInput {
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
    /// Which licences (current ones by default).
    pub query: LicenceQuery,
}

/// A holder's current licences with their status on `today` ("my
/// licences"), without those a site owns and hides from them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicencesOfInput {
    /// The holder.
    pub holder_id: String,
    /// The date to evaluate on.
    pub today: Date,
}

/// A holder's current licences as a viewer may see them: their own, or
/// anyone's for a role that views people; refused otherwise.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct LicencesSeenByInput {
    /// Whose licences.
    pub holder_id: String,
    /// The date to evaluate on.
    pub today: Date,
    /// Who looks.
    pub viewer_id: String,
}

/// The allocation rules whose scope includes a person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct MatchingRulesInput {
    /// The courses.
    pub courses: Vec<Course>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The person.
    pub person: Person,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The licence types.
    pub types: Vec<LicenceType>,
}

/// The rules that match a person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct MatchingRulesOutput {
    /// Their ids.
    pub rule_ids: Vec<String>,
}

/// Why nothing counts towards a requirement. When several apply, the first
/// of this list is given: what is already under way comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum MissingReason {
    /// A licence of a required type waits for approval.
    AwaitingApproval,
    /// A licence of a required type was rejected.
    Rejected,
    /// The latest licence of a required type expired (on `expiry`).
    Expired,
    /// No licence of a required type is held.
    NoneHeld,
}

/// A seat that allocation decided to give, not yet stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct NewSeat {
    /// Which course.
    pub course_id: String,
    /// When it was given.
    pub given_on: Date,
    /// Who may take the course.
    pub person_id: String,
    /// How it was given.
    pub source: SeatSource,
}

/// Seats given.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct NewSeats {
    /// The seats, in the order they were given.
    pub seats: Vec<NewSeat>,
}

/// What an allocation decided for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Outcome {
    /// A seat was given.
    Allocated,
    /// The person already holds an open seat for the course.
    AlreadyAllocated,
    /// No person has this id.
    UnknownPerson,
    /// The person is inactive and gets no new allocations.
    InactivePerson,
    /// The person completed the course recently enough to be credited.
    RecentlyCompleted,
}

/// Which current licences an overview shows. Empty lists and `None` mean
/// "any".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct OverviewFilter {
    /// Only holders in this department (ignoring case and surrounding
    /// spaces).
    #[uniffi(default)]
    pub department: Option<String>,
    /// Only licences expiring from today up to this many days ahead.
    #[uniffi(default)]
    pub expiring_within_days: Option<u32>,
    /// Only licences showing this custom field value (the licence's own
    /// field or its holder's).
    #[uniffi(default)]
    pub field: Option<FieldFilter>,
    /// Only this holder's licences.
    #[uniffi(default)]
    pub holder_id: Option<String>,
    /// Only holders at this location (ignoring case and surrounding spaces).
    #[uniffi(default)]
    pub location: Option<String>,
    /// Only these statuses.
    pub statuses: Vec<Status>,
    /// Only these licence types.
    pub type_ids: Vec<String>,
}

/// One page of the overview on `today`: one row per current licence,
/// filtered, sorted and paged.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct OverviewInput {
    /// Filters, sort and page (the first 50 rows by expiry by default).
    pub query: OverviewQuery,
    /// The date statuses are evaluated on.
    pub today: Date,
}

/// One page of the overview, with the number of rows that match in all.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct OverviewPage {
    /// The rows of this page.
    pub rows: Vec<OverviewRow>,
    /// How many rows match the filter across all pages.
    pub total: u64,
}

/// A filtered, sorted page of the overview.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct OverviewQuery {
    /// Reverse the order.
    pub descending: bool,
    /// Which licences.
    pub filter: OverviewFilter,
    /// Rows to return, at most [`MAX_PAGE`].
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
    /// The order.
    pub sort: SortKey,
}

/// One overview row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct OverviewRow {
    /// Acquired date.
    #[uniffi(default)]
    pub acquired: Option<Date>,
    /// Days left on the report date.
    #[uniffi(default)]
    pub days_left: Option<i32>,
    /// The holder's department.
    #[uniffi(default)]
    pub department: Option<String>,
    /// Expiry date.
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// The custom field values it shows: the holder's and the licence's.
    #[uniffi(default)]
    pub fields: HashMap<String, FieldValue>,
    /// Its holder.
    pub holder_id: String,
    /// The holder's name.
    pub holder_name: String,
    /// Issuer.
    #[uniffi(default)]
    pub issuer: Option<String>,
    /// The licence.
    pub licence_id: String,
    /// The holder's location.
    #[uniffi(default)]
    pub location: Option<String>,
    /// Reference number.
    #[uniffi(default)]
    pub reference: Option<String>,
    /// Status on the report date.
    pub status: Status,
    /// Its licence type.
    pub type_id: String,
    /// The type's name.
    pub type_name: String,
}

/// Who owns a licence (SPEC §5).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Owner {
    /// The holder owns it.
    Candidate,
    /// The site with this id owns it; the holder cannot see it.
    Site(String),
}

/// One page of a listing: the rows to skip and how many to return, at
/// most [`MAX_PAGE`](crate::report::MAX_PAGE).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Page {
    /// Rows to return (1,000 unless given).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// Who acts on, or asks about, a licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Party {
    /// The candidate who holds the licences.
    Candidate,
    /// The site with this id.
    Site(String),
    /// The organisation's own staff, acting for the organisation: every
    /// right on a licence that is not deleted.
    Staff,
}

/// Each party's rights on one licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PartyRights {
    /// The candidate's rights.
    pub candidate: Rights,
    /// Each asked-about site's rights, by site id.
    #[uniffi(default)]
    pub sites: HashMap<String, Rights>,
}

/// The requests pending on a candidate's list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PendingRequestsInput {
    /// The candidate.
    pub candidate_id: String,
    /// The party asking (SPEC §5): a site sees only its own
    /// associations; the candidate and, when absent, the organisation's
    /// staff see all.
    #[uniffi(default)]
    pub party: Option<Party>,
}

/// The people matching a query, by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PeopleInput {
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
    /// Which people (everyone by default).
    pub query: PeopleQuery,
}

/// Which people to list. `None` means any.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PeopleQuery {
    /// Only active (`true`) or inactive (`false`) people.
    #[uniffi(default)]
    pub active: Option<bool>,
    /// Only people in this department (ignoring case and surrounding
    /// spaces).
    #[uniffi(default)]
    pub department: Option<String>,
    /// Only people at this location (ignoring case and surrounding spaces).
    #[uniffi(default)]
    pub location: Option<String>,
    /// Only people with this role.
    #[uniffi(default)]
    pub role: Option<Role>,
}

/// A whole number of days, weeks, months or years ("3 months").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Period {
    /// How many units.
    pub amount: u16,
    /// Which unit.
    pub unit: PeriodUnit,
}

/// The unit of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum PeriodUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months, clamped to the end of a shorter month.
    Months,
    /// Calendar years.
    Years,
}

/// Someone who holds licences and takes courses.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Person {
    /// Whether the person is active; an inactive person keeps history but
    /// gets no reminders and no new allocations.
    pub active: bool,
    /// Department, used by reports, allocation rules and manager escalation.
    #[uniffi(default)]
    pub department: Option<String>,
    /// The day the person moved to their department, as `location_since`.
    #[uniffi(default)]
    pub department_since: Option<Date>,
    /// E-mail address; without one the person receives no reminders.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Values of the organisation's custom fields for people.
    #[uniffi(default)]
    pub fields: HashMap<String, FieldValue>,
    /// Host-assigned id.
    pub id: String,
    /// The person's line manager, another registered person: escalated
    /// reminders go to them rather than to the department's managers.
    #[uniffi(default)]
    pub line_manager: Option<String>,
    /// Work location, used by reports and allocation rules.
    #[uniffi(default)]
    pub location: Option<String>,
    /// The day the person moved to their location; until then (or when
    /// absent) `registered_on` counts. The allocation rules of a location
    /// count it as the person's registration date (SPEC §4.2). The tracker
    /// sets it when an update changes the location; a registration keeps
    /// the host's value.
    #[uniffi(default)]
    pub location_since: Option<Date>,
    /// Display name.
    pub name: String,
    /// The person's positions: host-defined labels such as
    /// `forklift-driver`, which requirements can be scoped to (SPEC §9).
    pub positions: Vec<String>,
    /// The date the person was registered.
    pub registered_on: Date,
    /// The person's roles, without duplicates.
    pub roles: Vec<Role>,
}

/// Narrows the list of eligible people; an absent field matches everyone.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonFilter {
    /// The department, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub department: Option<String>,
    /// The location, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub location: Option<String>,
    /// Part of the name, compared case-insensitively.
    #[uniffi(default)]
    pub name: Option<String>,
}

/// One person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonInput {
    /// The person's id.
    pub id: String,
}

/// People, by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonList {
    /// Where the next page starts; absent on the last page.
    #[uniffi(default)]
    pub next_offset: Option<u32>,
    /// The people.
    pub people: Vec<Person>,
}

/// One person's readiness on a date (SPEC §9).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonReadiness {
    /// The person.
    pub person_id: String,
    /// Whether every requirement that applies is met or expiring.
    pub ready: bool,
    /// Each requirement that applies, in the order the requirements are
    /// listed.
    pub requirements: Vec<RequirementReadiness>,
}

/// Whether a person is ready on `on` (today, or a planned job's date):
/// each requirement whose scope includes them, met, expiring or
/// missing, with the licence it is about.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonReadinessInput {
    /// The date.
    pub on: Date,
    /// The person's id.
    pub person_id: String,
}

/// The outcome for one person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PersonResult {
    /// What was decided.
    pub outcome: Outcome,
    /// The person's id, as given.
    pub person_id: String,
}

/// The licences due for purging on `today` under a retention policy.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PurgeInput {
    /// The licences.
    pub licences: Vec<PurgeLicence>,
    /// How long expired and deleted licences are kept.
    pub retention: Retention,
    /// The date to decide on.
    pub today: Date,
}

/// A licence's dates that retention looks at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PurgeLicence {
    /// When it was deleted, if it was.
    #[uniffi(default)]
    pub deleted_on: Option<Date>,
    /// Its expiry date, if it has one.
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// The licence.
    pub id: String,
}

/// Deletes the licences (with their attachments) that the retention
/// policy no longer keeps on `today`, keeping an audit entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PurgeLicencesInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The date.
    pub today: Date,
}

/// The licences due for purging.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PurgeOutput {
    /// The licences due, in input order.
    pub due: Vec<Purged>,
}

/// Why a licence is due for purging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum PurgeReason {
    /// It expired longer ago than the retention after expiry.
    Expired,
    /// It was deleted longer ago than the retention after deletion.
    Deleted,
}

/// A licence due for purging (or purged), and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Purged {
    /// The licence.
    pub id: String,
    /// Expired or deleted longer ago than the retention allows.
    pub reason: PurgeReason,
}

/// The licences purged.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct PurgedList {
    /// Each licence and why.
    pub purged: Vec<Purged>,
}

/// How many people of a filter are ready, and each requirement's states.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessCounts {
    /// Of them, not ready.
    pub not_ready: u32,
    /// People covered.
    pub people: u32,
    /// Of them, ready.
    pub ready: u32,
    /// Each requirement, in id order, with the people it applies to.
    pub requirements: Vec<RequirementCount>,
}

/// How many of the people of `filter` are ready on `on`, and how many
/// meet, are expiring on, or miss each requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessCountsInput {
    /// Which people.
    pub filter: ReadinessFilter,
    /// The date.
    pub on: Date,
}

/// Which people a readiness matrix or its counts cover: active people
/// unless `include_inactive`; the other filters narrow them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessFilter {
    /// Only people in this department (ignoring case and surrounding
    /// spaces).
    #[uniffi(default)]
    pub department: Option<String>,
    /// Also people who are no longer active.
    pub include_inactive: bool,
    /// Only people at this location (ignoring case and surrounding spaces).
    #[uniffi(default)]
    pub location: Option<String>,
    /// Only people holding this position.
    #[uniffi(default)]
    pub position: Option<String>,
    /// Only people who are ready (`true`) or not (`false`).
    #[uniffi(default)]
    pub ready: Option<bool>,
    /// Only people with this role.
    #[uniffi(default)]
    pub role: Option<Role>,
}

/// Whether each person of a batch is ready on `today`: every
/// requirement whose scope includes them has a counting licence. With
/// `site`, the site's requirements instead, met only by licences shared
/// with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessInput {
    /// Their licences.
    pub licences: Vec<ReadinessLicence>,
    /// The people.
    pub people: Vec<Person>,
    /// The requirements.
    pub requirements: Vec<Requirement>,
    /// A site whose view of its candidates to give.
    #[uniffi(default)]
    pub site: Option<String>,
    /// The date to evaluate on.
    pub today: Date,
    /// The expiring window in days (90 when absent).
    #[uniffi(default)]
    pub window_days: Option<u32>,
}

/// A licence as the readiness rule reads it. Leave deleted licences out.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessLicence {
    /// Its approval (approved when absent).
    pub approval: Approval,
    /// The last day it is valid; `null` never expires.
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// Its holder, one of the batch's people.
    pub holder_id: String,
    /// The licence's id.
    pub id: String,
    /// The sites it is shared with (or that uploaded it).
    pub shared_with: Vec<String>,
    /// Whether a renewal superseded it.
    pub superseded: bool,
    /// Its licence type.
    pub type_id: String,
}

/// One page of the readiness matrix on `on`: the people of `filter`
/// (active people unless it says otherwise), by id, each with the
/// requirements that apply to them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessMatrixInput {
    /// Which people.
    pub filter: ReadinessFilter,
    /// The date.
    pub on: Date,
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
}

/// Each person's readiness, in batch order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessOutput {
    /// One row per person.
    pub people: Vec<PersonReadiness>,
}

/// One page of a readiness matrix: people × the requirements that apply
/// to each.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReadinessPage {
    /// The offset of the next page; absent on the last page.
    #[uniffi(default)]
    pub next_offset: Option<u32>,
    /// One row per person, by id.
    pub rows: Vec<PersonReadiness>,
}

/// Gives a seat again for the issued licences entering their expiring
/// window, so their holders can renew before they lapse.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RecertifyInput {
    /// The courses.
    pub courses: Vec<Course>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The date.
    pub today: Date,
    /// The licence types.
    pub types: Vec<LicenceType>,
    /// The expiring window in days (90 when absent).
    #[uniffi(default)]
    pub window_days: Option<u32>,
}

/// Gives the course again to the holders of issued licences entering
/// their expiring window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RecertifySeatsInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The date.
    pub today: Date,
}

/// The kind of record an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum RecordKind {
    /// A person who holds licences.
    Person,
    /// A catalogue entry of licences.
    LicenceType,
    /// One credential held by one person.
    Licence,
    /// A file kept with a licence.
    Attachment,
    /// Something a person is trained on.
    Course,
    /// A person's entitlement to take a course.
    Seat,
    /// An automatic allocation rule.
    Rule,
    /// A client employer that licences are shared with.
    Site,
    /// A reminder policy.
    Policy,
    /// A due reminder.
    Reminder,
    /// A custom field definition.
    Field,
    /// A requirement that people in a scope hold a licence.
    Requirement,
}

/// Records a licence (a renewal when it names the licence it renews,
/// which needs the Edit right on that one), creating its type in the
/// same step when `new_type` is given (the staff only); the expiry is
/// derived from the type's validity when absent. A site's licence is
/// its upload, held by that site and hidden from the holder; a party
/// other than the staff records only licences it owns.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RecordLicenceInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The licence.
    pub licence: Licence,
    /// A licence type to create with it.
    #[uniffi(default)]
    pub new_type: Option<LicenceType>,
}

/// Applies the allocation rules to newly registered people.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RegisterInput {
    /// The courses.
    pub courses: Vec<Course>,
    /// The licences held.
    pub licences: Vec<Licence>,
    /// The people.
    pub people: Vec<Person>,
    /// The allocation rules.
    pub rules: Vec<Rule>,
    /// The seats already given.
    pub seats: Vec<Seat>,
    /// The registration date.
    pub today: Date,
    /// The licence types.
    pub types: Vec<LicenceType>,
}

/// Registers a person; the allocation rules that match them give them
/// their seats.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RegisterPersonInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The person.
    pub person: Person,
}

/// Rejects a licence awaiting approval with a reason its holder sees;
/// editing its evidence makes it pending again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RejectLicenceInput {
    /// Who decides (a person's id), and when.
    pub ctx: Context,
    /// The licence's id.
    pub id: String,
    /// Why.
    pub reason: String,
}

/// The reminders due on `today`, one digest per recipient.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReminderDigestsInput {
    /// The date.
    pub today: Date,
}

/// Due reminders.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReminderList {
    /// The reminders, each with its recipients.
    pub reminders: Vec<DueReminder>,
}

/// Who is reminded and when.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct ReminderPolicy {
    /// When the organisation's administrators are reminded.
    pub administrators: Audience,
    /// Reminders after expiry, if any.
    #[uniffi(default)]
    pub after_expiry: Option<AfterExpiry>,
    /// Further addresses (supervisors, an office inbox).
    pub extra_recipients: Vec<String>,
    /// Whether the holder is reminded (only if they have an e-mail address).
    pub holder: bool,
    /// Lead times before expiry; `0 days` is the expiry day itself.
    pub leads: Vec<Period>,
    /// When the holder's managers are reminded.
    pub managers: Audience,
}

/// The reminders due on `today` (the outbox): at most one per licence,
/// with its recipients.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RemindersDueInput {
    /// The date.
    pub today: Date,
}

/// Removes a custom field; refused as an invalid transition while people
/// or licences hold values of it, unless `drop_values` drops them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RemoveFieldInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// Drop the values people and licences hold (each audited).
    pub drop_values: bool,
    /// The field's key.
    pub key: String,
}

/// How a renewal's expiry is counted when it is derived from a validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum RenewalBasis {
    /// New expiry = renewal date + validity.
    FromCompletion,
    /// Renewing inside the expiring window (or the grace period) keeps the
    /// cycle: new expiry = old expiry + validity.
    FromPreviousExpiry,
}

/// The expiry of a licence renewed on `renewed_on`, counted as its type
/// says (from completion, or from the previous expiry inside the window
/// or the grace period).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RenewalInput {
    /// The licence type.
    pub licence_type: LicenceType,
    /// The renewed licence's expiry, if it had one.
    #[uniffi(default)]
    pub previous_expiry: Option<Date>,
    /// The renewal date.
    pub renewed_on: Date,
    /// The validity to use instead of the type's (a course's, say).
    #[uniffi(default)]
    pub validity: Option<Period>,
    /// The expiring window in days (90 when absent).
    #[uniffi(default)]
    pub window_days: Option<u32>,
}

/// A renewal's expiry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RenewalOutput {
    /// The new expiry; absent when the licence never expires.
    #[uniffi(default)]
    pub expiry: Option<Date>,
}

/// People in a scope must hold a current licence of one of a set of types.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Requirement {
    /// Host-assigned id.
    pub id: String,
    /// What it is called, such as "Forklift drivers: first aid".
    pub name: String,
    /// Whom it applies to.
    pub scope: RequirementScope,
    /// The licence types that meet it: any one of them (alternatives).
    pub type_ids: Vec<String>,
}

/// One requirement's column of the matrix, counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RequirementCount {
    /// People whose licence for it expires within the window.
    pub expiring: u32,
    /// People who meet it.
    pub met: u32,
    /// People missing it.
    pub missing: u32,
    /// The requirement.
    pub requirement_id: String,
}

/// Requirements.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RequirementList {
    /// Every requirement, by id.
    pub requirements: Vec<Requirement>,
}

/// Where a person stands on one requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RequirementReadiness {
    /// Days from the date asked to that expiry, for a met or expiring
    /// requirement.
    #[uniffi(default)]
    pub days_left: Option<i32>,
    /// That licence's expiry (for `expired`, the day it expired).
    #[uniffi(default)]
    pub expiry: Option<Date>,
    /// The licence that meets it, or the one the reason is about.
    #[uniffi(default)]
    pub licence_id: Option<String>,
    /// Why it is missing.
    #[uniffi(default)]
    pub reason: Option<MissingReason>,
    /// The requirement.
    pub requirement_id: String,
    /// Met, expiring or missing.
    pub state: RequirementState,
}

/// Whom a requirement applies to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RequirementScope {
    /// The department, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub department: Option<String>,
    /// Which case this is; the other fields are its data.
    pub kind: RequirementScopeKind,
    /// The location, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub location: Option<String>,
    /// The position, compared exactly.
    #[uniffi(default)]
    pub position: Option<String>,
    /// The role.
    #[uniffi(default)]
    pub role: Option<Role>,
    /// The site's id.
    #[uniffi(default)]
    pub site: Option<String>,
}

/// The cases of `requirement-scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum RequirementScopeKind {
    /// Everyone.
    Company,
    /// Everyone at a location.
    Location,
    /// Everyone in a department.
    Department,
    /// Everyone in a department at a location.
    LocationAndDepartment,
    /// Everyone with a role.
    Role,
    /// Everyone holding a position, such as `forklift-driver`.
    Position,
    /// The candidates a site takes: met only by licences shared with it.
    Site,
}

/// Where a person stands on one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum RequirementState {
    /// A counting licence stays valid past the expiring window.
    Met,
    /// The best counting licence expires within the window.
    Expiring,
    /// Nothing counts.
    Missing,
}

/// How long expired and deleted licences are kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Retention {
    /// Kept this long after deletion; `None` keeps deleted licences.
    #[uniffi(default)]
    pub after_deletion: Option<Period>,
    /// Kept this long after expiring; `None` keeps expired licences.
    #[uniffi(default)]
    pub after_expiry: Option<Period>,
}

/// Revokes an open seat.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RevokeSeatInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The seat.
    pub seat_id: String,
}

/// One of rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Right {
    /// `view` in the typed WIT.
    View,
    /// `edit` in the typed WIT.
    Edit,
    /// `delete` in the typed WIT.
    Delete,
    /// `transfer` in the typed WIT.
    Transfer,
    /// `share` in the typed WIT.
    Share,
    /// `remove` in the typed WIT.
    Remove,
}

/// What a party may do with a licence: a set of rights, in the order view, edit, delete, transfer, share, remove.
pub type Rights = Vec<Right>;

/// What a party may do with a licence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RightsHeld {
    /// The rights.
    pub rights: Rights,
}

/// What each party of a batch may do with its licence, with numbers for
/// owners and parties as in the batch records.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RightsInput {
    /// The (licence, party) pairs.
    pub queries: Vec<RightsQuery>,
}

/// The rights of a batch, in batch order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RightsOutput {
    /// The same rights as bits (view 1, edit 2, delete 4, transfer 8,
    /// share 16, remove 32).
    pub bits: Vec<u8>,
    /// The rights by name.
    pub rights: Vec<Rights>,
}

/// One (licence, party) pair of the rights batch, with numbers instead of
/// strings: the candidate is [`RightsQuery::CANDIDATE`], the organisation's
/// staff [`RightsQuery::STAFF`] and each site has a number of the host's
/// choosing (say its index + 1).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RightsQuery {
    /// The licence's owner, or [`RightsQuery::DELETED`] for a deleted licence.
    pub owner: u32,
    /// The party asking.
    pub party: u32,
    /// Non-zero when the asking site holds a `shared` association with the
    /// licence.
    pub shared: u32,
}

/// What a person may do in the organisation; a person may have several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Role {
    /// Takes courses.
    Delegate,
    /// Delivers courses.
    Trainer,
    /// Administers the organisation's records; receives reminders.
    Administrator,
    /// Books courses for others.
    Booker,
    /// Manages a team; may receive escalated reminders.
    Manager,
}

/// Why one row was rejected.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RowError {
    /// The column at fault, when one is.
    #[uniffi(default)]
    pub column: Option<String>,
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// Gives a course to the people of a scope who joined it (registered, or
/// moved into it) on or after the day the rule was created.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Rule {
    /// The course it gives.
    pub course_id: String,
    /// The day it was created.
    pub created_on: Date,
    /// Host-assigned id.
    pub id: String,
    /// Whom it gives the course to.
    pub scope: Scope,
}

/// Allocation rules.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct RuleList {
    /// Every rule, by id.
    pub rules: Vec<Rule>,
}

/// Whom a rule gives its course to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Scope {
    /// The department, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub department: Option<String>,
    /// Which case this is; the other fields are its data.
    pub kind: ScopeKind,
    /// The location, compared ignoring case and surrounding spaces.
    #[uniffi(default)]
    pub location: Option<String>,
}

/// The cases of `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum ScopeKind {
    /// Everyone.
    Company,
    /// Everyone at a location.
    Location,
    /// Everyone in a department.
    Department,
    /// Everyone in a department at a location (the IT team in London).
    LocationAndDepartment,
}

/// A person's entitlement to take a course.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Seat {
    /// When it was completed, if it was.
    #[uniffi(default)]
    pub completed_on: Option<Date>,
    /// Which course.
    pub course_id: String,
    /// When it was given.
    pub given_on: Date,
    /// Host-assigned id.
    pub id: String,
    /// Who may take the course.
    pub person_id: String,
    /// How it was given.
    pub source: SeatSource,
    /// Its state.
    pub state: SeatState,
}

/// Seats given by the allocation rules.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SeatList {
    /// The seats.
    pub seats: Vec<Seat>,
}

/// One page of seats.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SeatPage {
    /// Where the next page starts; absent on the last page.
    #[uniffi(default)]
    pub next_offset: Option<u32>,
    /// The seats, by id.
    pub seats: Vec<Seat>,
}

/// Which seats to list. `None` means any.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SeatQuery {
    /// Only seats for this course.
    #[uniffi(default)]
    pub course_id: Option<String>,
    /// Only this person's seats.
    #[uniffi(default)]
    pub person_id: Option<String>,
    /// Only seats in this state.
    #[uniffi(default)]
    pub state: Option<SeatState>,
}

/// How a seat was given.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum SeatSource {
    /// By hand.
    Manual,
    /// By the allocation rule with this id.
    Rule(String),
    /// Automatically again, because the issued licence is expiring.
    Recertification,
}

/// The state of a course seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum SeatState {
    /// Open: the person may take the course.
    Allocated,
    /// The person completed the course.
    Completed,
    /// The seat was withdrawn.
    Revoked,
}

/// The seats matching a query, by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SeatsInput {
    /// The page (the first 1,000 by default, at most 10,000).
    pub page: Page,
    /// Which seats (every seat by default).
    pub query: SeatQuery,
}

/// An organisation's settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Settings {
    /// The largest attachment accepted, in bytes.
    pub attachment_limit: u64,
    /// The reminder policy of types without their own.
    pub default_policy: ReminderPolicy,
    /// How long expired and deleted licences are kept.
    pub retention: Retention,
    /// The expiring window.
    pub window: Window,
}

/// A client employer that candidates' licences can be shared with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct Site {
    /// Host-assigned id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// Sites.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SiteList {
    /// Every site, by id.
    pub sites: Vec<Site>,
}

/// A site's view of a candidate on `on`: the requirements the site
/// states, met only by licences shared with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct SiteReadinessInput {
    /// The candidate.
    pub candidate_id: String,
    /// The date.
    pub on: Date,
    /// The party asking: that site, or, when absent, the staff.
    #[uniffi(default)]
    pub party: Option<Party>,
    /// The site.
    pub site_id: String,
}

/// The order of overview rows; ties are broken by expiry, then licence id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum SortKey {
    /// Soonest expiry first; licences without expiry last.
    Expiry,
    /// Holder name.
    Holder,
    /// Licence type name.
    Type,
    /// Most urgent first: expired, expiring, active.
    Status,
}

/// A licence's status on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]
pub enum Status {
    /// Expires after the window, or never.
    Active,
    /// Expires within the window (today included).
    Expiring,
    /// Expired before today.
    Expired,
}

/// How many current licences have each status.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct StatusCounts {
    /// Active licences.
    pub active: u64,
    /// Expired licences.
    pub expired: u64,
    /// Expiring licences.
    pub expiring: u64,
}

/// Counts per status of the current licences matching a filter, for a
/// dashboard.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct StatusCountsInput {
    /// Which licences (all current ones by default).
    pub filter: OverviewFilter,
    /// The date statuses are evaluated on.
    pub today: Date,
}

/// The status and days left of every licence of a batch on `today`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct StatusInput {
    /// Each licence's expiry date; `null` for one that never expires.
    pub expiries: Vec<Option<Date>>,
    /// The date to evaluate on.
    pub today: Date,
    /// The expiring window in days (90 when absent).
    #[uniffi(default)]
    pub window_days: Option<u32>,
}

/// The statuses of a batch, in batch order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct StatusOutput {
    /// One result per licence.
    pub results: Vec<StatusResult>,
}

/// One licence's status.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct StatusResult {
    /// Expiry − today, negative once expired; absent without an expiry.
    #[uniffi(default)]
    pub days_left: Option<i32>,
    /// Active, expiring or expired.
    pub status: Status,
}

/// The trigger date of a reminder `lead` before `expiry`, months clamped
/// to the end of a shorter month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct TriggerDateInput {
    /// The expiry date.
    pub expiry: Date,
    /// The lead before it.
    pub lead: Period,
}

/// A reminder's trigger date.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct TriggerDateOutput {
    /// Expiry − lead.
    pub trigger: Date,
}

/// Changes a licence type; reminder dates of its licences are
/// recomputed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct UpdateLicenceTypeInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The type as it is now.
    pub licence_type: LicenceType,
}

/// Changes a person; moving into a rule's scope gives its seats.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct UpdatePersonInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The person as they are now.
    pub person: Person,
    /// The date of the change.
    pub today: Date,
}

/// Replaces a requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct UpdateRequirementInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The requirement, with the id of the one it replaces.
    pub requirement: Requirement,
}

/// Replaces the organisation's settings; the reminder dates of every
/// current licence are recomputed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct UpdateSettingsInput {
    /// Who acts, and when.
    pub ctx: Context,
    /// The new settings.
    pub settings: Settings,
}

/// The expiring window: how many days ahead a licence counts as expiring.
pub type Window = u32;

/// The overview as a workbook.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]
pub struct XlsxExport {
    /// The .xlsx file.
    pub xlsx: Bytes,
}
