/* Generated from the engine's registry of operations (`make header`); do not edit. */

/*
 * licence_operations.h: the name of every operation that lt_execute()
 * (LT_RULE_*) and lt_tracker_execute() (LT_TRACKER_*) run. The JSON Schema
 * of each operation's input and output document is in
 * schema/operations.schema.json, under operations.rules.<name> and
 * operations.tracker.<name>.
 */

#ifndef LICENCE_OPERATIONS_H
#define LICENCE_OPERATIONS_H

// The status and days left of every licence of a batch on `today`.
// Through lt_execute(); reads only.
#define LT_RULE_STATUS "status"

// The reminders due on `today` for an organisation's records kept by
// the host: at most one per licence, the most urgent.
// Through lt_execute(); reads only.
#define LT_RULE_DUE_REMINDERS "due_reminders"

// The reminders due on `today`, grouped into one digest per recipient.
// Through lt_execute(); reads only.
#define LT_RULE_DIGESTS "digests"

// The trigger date of a reminder `lead` before `expiry`, months clamped
// to the end of a shorter month.
// Through lt_execute(); reads only.
#define LT_RULE_TRIGGER_DATE "trigger_date"

// The expiry of a licence renewed on `renewed_on`, counted as its type
// says (from completion, or from the previous expiry inside the window
// or the grace period).
// Through lt_execute(); reads only.
#define LT_RULE_RENEWAL "renewal"

// Applies custody events in order to a candidate's state and answers
// the state after them, the pending requests, and every party's
// rights on every licence. A refused event fails the whole call.
// Through lt_execute(); reads only.
#define LT_RULE_CUSTODY "custody"

// What each party of a batch may do with its licence, with numbers for
// owners and parties as in the batch records.
// Through lt_execute(); reads only.
#define LT_RULE_RIGHTS "rights"

// The licences due for purging on `today` under a retention policy.
// Through lt_execute(); reads only.
#define LT_RULE_PURGE "purge"

// The active people without an open seat for a course, filtered.
// Through lt_execute(); reads only.
#define LT_RULE_ELIGIBLE "eligible"

// Gives a course to a list of people: one result per person.
// Through lt_execute(); reads only.
#define LT_RULE_ALLOCATE "allocate"

// The allocation rules whose scope includes a person.
// Through lt_execute(); reads only.
#define LT_RULE_MATCHING_RULES "matching_rules"

// Applies the allocation rules to newly registered people.
// Through lt_execute(); reads only.
#define LT_RULE_REGISTER "register"

// Applies a rule to existing people, crediting recent completions.
// Through lt_execute(); reads only.
#define LT_RULE_BACKFILL "backfill"

// Completes an open seat; a course that issues a licence type issues
// the licence, renewing the holder's current one.
// Through lt_execute(); reads only.
#define LT_RULE_COMPLETE_COURSE "complete_course"

// Gives a seat again for the issued licences entering their expiring
// window, so their holders can renew before they lapse.
// Through lt_execute(); reads only.
#define LT_RULE_RECERTIFY "recertify"

// Whether each person of a batch is ready on `today`: every
// requirement whose scope includes them has a counting licence. With
// `site`, the site's requirements instead, met only by licences shared
// with it.
// Through lt_execute(); reads only.
#define LT_RULE_READINESS "readiness"

// Replaces the organisation's settings; the reminder dates of every
// current licence are recomputed.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_UPDATE_SETTINGS "update_settings"

// Registers a person; the allocation rules that match them give them
// their seats.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_REGISTER_PERSON "register_person"

// Changes a person; moving into a rule's scope gives its seats.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_UPDATE_PERSON "update_person"

// Marks a person inactive: no more reminders or allocations, history
// kept.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DEACTIVATE_PERSON "deactivate_person"

// Erases a person and everything they hold (the right to erasure):
// their licences, attachments, seats and site associations, and the
// personal data in earlier audit entries about them, leaving one entry
// that records the erasure.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_ERASE_PERSON "erase_person"

// Adds a custom field, or changes one (label, required, choices, type).
// A change that stored values no longer fit is refused as an invalid
// transition while they exist, unless `drop_values` drops them.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DEFINE_FIELD "define_field"

// Removes a custom field; refused as an invalid transition while people
// or licences hold values of it, unless `drop_values` drops them.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_REMOVE_FIELD "remove_field"

// One person.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_PERSON "person"

// The people matching a query, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_PEOPLE "people"

// Adds a licence type to the catalogue.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CREATE_LICENCE_TYPE "create_licence_type"

// Changes a licence type; reminder dates of its licences are
// recomputed.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_UPDATE_LICENCE_TYPE "update_licence_type"

// One licence type.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCE_TYPE "licence_type"

// Records a licence (a renewal when it names the licence it renews,
// which needs the Edit right on that one), creating its type in the
// same step when `new_type` is given (the staff only); the expiry is
// derived from the type's validity when absent. A site's licence is
// its upload, held by that site and hidden from the holder; a party
// other than the staff records only licences it owns.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_RECORD_LICENCE "record_licence"

// Changes a licence's fields, for a party with the Edit right on it.
// The type of a licence a site holds cannot change.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_EDIT_LICENCE "edit_licence"

// Deletes a licence, for a party with the Delete right on it; it is
// kept until purged. A candidate-owned licence's shares go back to
// pending requests.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DELETE_LICENCE "delete_licence"

// One licence as stored, for a party with the View right on it (the
// staff also see it deleted).
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCE "licence"

// The licences matching a query, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCES "licences"

// A holder's current licences with their status on `today` ("my
// licences"), without those a site owns and hides from them.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCES_OF "licences_of"

// A holder's current licences as a viewer may see them: their own, or
// anyone's for a role that views people; refused otherwise.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCES_SEEN_BY "licences_seen_by"

// Keeps a file with a licence, within the organisation's size limit,
// for a party with the Edit right on it.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_ADD_ATTACHMENT "add_attachment"

// One attachment with its content, for a party with the View right on
// its licence.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_ATTACHMENT "attachment"

// A licence's attachments, without their content, for a party with the
// View right on it.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_ATTACHMENTS "attachments"

// Removes an attachment, for a party with the Edit right on its
// licence.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DELETE_ATTACHMENT "delete_attachment"

// Adds a course.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CREATE_COURSE "create_course"

// The active people without an open seat for a course, filtered by
// name, location and department.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_ELIGIBLE_PEOPLE "eligible_people"

// Gives a course to a list of people: one result per person, one bad
// id spoiling nothing.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_ALLOCATE "allocate"

// Adds an automatic allocation rule.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CREATE_RULE "create_rule"

// Removes an allocation rule; the seats it gave stay.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DELETE_RULE "delete_rule"

// Applies a rule to existing people, crediting completions of the
// course within `credit_within`.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_BACKFILL "backfill"

// The seats matching a query, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_SEATS "seats"

// Completes an open seat; a course that issues a licence type records
// the licence, renewing the holder's current one.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_COMPLETE_SEAT "complete_seat"

// Revokes an open seat.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_REVOKE_SEAT "revoke_seat"

// Gives the course again to the holders of issued licences entering
// their expiring window.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_RECERTIFY "recertify"

// Adds a client site.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CREATE_SITE "create_site"

// A party's custody action on a candidate's licence (upload, transfer,
// delete, request, withdraw, share, unshare, remove), refused unless the party
// holds the right and the state allows it.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CUSTODY_EVENT "custody_event"

// What a party may do with a candidate's licence, so a host can draw
// its buttons.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_RIGHTS "rights"

// The requests pending on a candidate's list.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_PENDING_REQUESTS "pending_requests"

// A candidate's site associations: requests and shares.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_ASSOCIATIONS "associations"

// The reminders due on `today` (the outbox): at most one per licence,
// with its recipients.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_DUE_REMINDERS "due_reminders"

// Hands the reminders due on `today` to `worker` for `lease_seconds`
// (at most a day), soonest expiry first, at most `limit` (all when
// left out): for several servers sending the same organisation's
// reminders. A reminder another worker claimed is not handed out until
// its lease lapses (at the context's time); the same worker claiming
// again gets its own back with a new lease; acknowledging releases the
// claim for good.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CLAIM_REMINDERS "claim_reminders"

// The reminders due on `today`, one digest per recipient.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_DIGESTS "digests"

// Marks a reminder as sent: it is never due again. Acknowledging twice
// is harmless.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_ACKNOWLEDGE "acknowledge"

// A licence's acknowledged reminders, oldest first.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_ACKNOWLEDGEMENTS "acknowledgements"

// The audit entries about a record or a person, oldest first.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_AUDIT "audit"

// The change feed: the audit entries numbered after `after`, oldest
// first, at most `limit` (1,000 unless given, at most 10,000). The host
// stores the `cursor` it gets once it has processed the entries and
// asks again from it: delivery is at least once, and resumes after a
// crash. Numbers are never reused, also across purges.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_CHANGES "changes"

// Deletes the licences (with their attachments) that the retention
// policy no longer keeps on `today`, keeping an audit entry.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_PURGE "purge"

// One page of the overview on `today`: one row per current licence,
// filtered, sorted and paged.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_OVERVIEW "overview"

// Counts per status of the current licences matching a filter, for a
// dashboard.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_STATUS_COUNTS "status_counts"

// The overview's rows as CSV (RFC 4180), every page of the query.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_EXPORT_CSV "export_csv"

// The overview's rows as an Excel workbook (.xlsx).
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_EXPORT_XLSX "export_xlsx"

// Expiry and reminder dates as an iCalendar document (RFC 5545), for
// the host to serve or mail: one person's own licences (`person_id`,
// leaving out a site's uploads hidden from them), or the current
// licences the overview shows for `filter` on `today`, in expiry
// order. Read in one snapshot; nothing is written.
// Every licence with an expiry date gets an all-day event on that
// date (DTSTART;VALUE=DATE, DTEND the next day), also once expired:
// renewing supersedes it and its events leave the document. Each
// reminder lead of the licence's policy (its type's, or the
// organisation's) whose trigger date is on or after `today`, before
// the expiry day and not yet acknowledged gets an all-day event on its
// trigger date; a lead of 0 days falls on the expiry event and adds
// none, leads with the same trigger date add one, and licences of
// inactive holders get none (as in the outbox). Reminders after expiry
// are not listed.
// UIDs are stable per licence, expiry and lead, so that a calendar
// importing the document again updates its events:
// `<licence>/<expiry>@licence-engine` for the expiry and
// `<licence>/<expiry>/<lead>@licence-engine` for a reminder, the lead
// an ISO 8601 duration (`l1/2026-05-31/P3M@licence-engine`). Summaries
// read `First aid expires — Ana López` and `First aid expires in 3
// months (2026-05-31) — Ana López`. Every event's DTSTAMP is `at`;
// nothing reads a clock. Refused: an unknown person (not found), a
// filter naming another holder than `person_id`, and the overview's
// limits on the filter.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_CALENDAR "calendar"

// Imports people from CSV, with an error per bad row; all or nothing,
// or keeping the good rows.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_IMPORT_PEOPLE_CSV "import_people_csv"

// Imports licences from CSV, with an error per bad row; all or
// nothing, or keeping the good rows.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_IMPORT_LICENCES_CSV "import_licences_csv"

// Adds a requirement: the people in its scope must hold a current
// licence of one of its types. Its types, and its site for a site's
// requirement, must exist.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_CREATE_REQUIREMENT "create_requirement"

// Replaces a requirement.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_UPDATE_REQUIREMENT "update_requirement"

// Deletes a requirement.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_DELETE_REQUIREMENT "delete_requirement"

// Whether a person is ready on `on` (today, or a planned job's date):
// each requirement whose scope includes them, met, expiring or
// missing, with the licence it is about.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_READINESS "readiness"

// One page of the readiness matrix on `on`: the people of `filter`
// (active people unless it says otherwise), by id, each with the
// requirements that apply to them.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_READINESS_MATRIX "readiness_matrix"

// How many of the people of `filter` are ready on `on`, and how many
// meet, are expiring on, or miss each requirement.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_READINESS_COUNTS "readiness_counts"

// A site's view of a candidate on `on`: the requirements the site
// states, met only by licences shared with it.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_SITE_READINESS "site_readiness"

// The readiness matrix on `on` for the people of `filter` as CSV: one
// row per person (id, name, location, department, ready `yes` or
// `no`), then a column per requirement named after it holding `met`,
// `expiring YYYY-MM-DD` or `missing: <reason>`.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_EXPORT_READINESS_CSV "export_readiness_csv"

// Approves a licence awaiting approval: it counts and gets reminders.
// The context's actor must be an active administrator or manager other
// than the holder.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_APPROVE_LICENCE "approve_licence"

// Rejects a licence awaiting approval with a reason its holder sees;
// editing its evidence makes it pending again.
// Through lt_tracker_execute(); changes records, takes "ctx".
#define LT_TRACKER_REJECT_LICENCE "reject_licence"

// The licences awaiting approval, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_APPROVALS "approvals"

// The organisation's settings: default reminder policy, expiring
// window, retention and attachment limit.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_SETTINGS "settings"

// Every licence type, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_LICENCE_TYPES "licence_types"

// Every course, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_COURSES "courses"

// Every allocation rule, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_RULES "rules"

// Every site, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_SITES "sites"

// The organisation's custom fields for people and licences, by key.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_FIELDS "fields"

// Every requirement, by id.
// Through lt_tracker_execute(); reads only.
#define LT_TRACKER_REQUIREMENTS "requirements"

#endif /* LICENCE_OPERATIONS_H */
