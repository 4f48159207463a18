//! The one list of operations and the registry derived from it.

use serde_json::Value;

use super::*;
use crate::allocation::{Allocation, Completion};
use crate::error::Result;
use crate::model::{Attachment, LicenceType, Person, Seat};
use crate::readiness::PersonReadiness;
use crate::report::{OverviewPage, StatusCounts};
use crate::settings::Settings;
use crate::store::LicenceRecord;
use crate::tracker::{
    AllocationReport, DroppedValues, Erasure, ImportReport, ReadinessCounts, ReadinessPage, Tracker,
};

/// Calls the macro `$callback` with every operation of the engine, as
/// `rules { name: Input => Output, .. } tracker { .. } tracker_without_input
/// { .. }`, where `name` is the operation's name, `Input` its input record
/// and `Output` what it answers (types named as in `licence_core`; a door
/// names its own types the same). A tracker operation whose input has no
/// field is listed apart, so that a door can give it no parameter. This is the one list of operations: the
/// registry, the JSON door and the bindings' typed doors are made from it,
/// so an operation missing from a door fails to compile.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            rules {
                status: StatusInput => StatusOutput,
                due_reminders: DueRemindersInput => ReminderList,
                digests: DigestsInput => DigestList,
                trigger_date: TriggerDateInput => TriggerDateOutput,
                renewal: RenewalInput => RenewalOutput,
                custody: CustodyInput => CustodyOutput,
                rights: RightsInput => RightsOutput,
                purge: PurgeInput => PurgeOutput,
                eligible: EligibleInput => EligibleOutput,
                allocate: AllocateInput => Allocation,
                matching_rules: MatchingRulesInput => MatchingRulesOutput,
                register: RegisterInput => NewSeats,
                backfill: BackfillInput => Allocation,
                complete_course: CompleteCourseInput => Completion,
                recertify: RecertifyInput => NewSeats,
                readiness: ReadinessInput => ReadinessOutput,
            }
            tracker {
                update_settings: UpdateSettingsInput => (),
                register_person: RegisterPersonInput => SeatList,
                update_person: UpdatePersonInput => SeatList,
                deactivate_person: DeactivatePersonInput => (),
                erase_person: ErasePersonInput => Erasure,
                define_field: DefineFieldInput => DroppedValues,
                remove_field: RemoveFieldInput => DroppedValues,
                person: PersonInput => Person,
                people: PeopleInput => PersonList,
                create_licence_type: CreateLicenceTypeInput => (),
                update_licence_type: UpdateLicenceTypeInput => (),
                licence_type: LicenceTypeInput => LicenceType,
                record_licence: RecordLicenceInput => LicenceRecord,
                edit_licence: EditLicenceInput => LicenceRecord,
                delete_licence: DeleteLicenceInput => (),
                licence: LicenceInput => LicenceRecord,
                licences: LicencesInput => LicenceRecordList,
                licences_of: LicencesOfInput => HeldLicenceList,
                licences_seen_by: LicencesSeenByInput => HeldLicenceList,
                add_attachment: AddAttachmentInput => Attachment,
                attachment: AttachmentInput => AttachmentContent,
                attachments: AttachmentsInput => AttachmentList,
                delete_attachment: DeleteAttachmentInput => (),
                create_course: CreateCourseInput => (),
                eligible_people: EligiblePeopleInput => PersonList,
                allocate: AllocateSeatsInput => AllocationReport,
                create_rule: CreateRuleInput => (),
                delete_rule: DeleteRuleInput => (),
                backfill: BackfillRuleInput => AllocationReport,
                seats: SeatsInput => SeatPage,
                complete_seat: CompleteSeatInput => Completion,
                revoke_seat: RevokeSeatInput => Seat,
                recertify: RecertifySeatsInput => SeatList,
                create_site: CreateSiteInput => (),
                custody_event: CustodyEventInput => (),
                rights: LicenceRightsInput => RightsHeld,
                pending_requests: PendingRequestsInput => AssociationList,
                associations: AssociationsInput => AssociationList,
                due_reminders: RemindersDueInput => ReminderList,
                claim_reminders: ClaimRemindersInput => ReminderList,
                digests: ReminderDigestsInput => DigestList,
                acknowledge: AcknowledgeInput => (),
                acknowledgements: AcknowledgementsInput => AcknowledgementList,
                audit: AuditInput => AuditEntryList,
                changes: ChangesInput => ChangeFeed,
                purge: PurgeLicencesInput => PurgedList,
                overview: OverviewInput => OverviewPage,
                status_counts: StatusCountsInput => StatusCounts,
                export_csv: ExportCsvInput => CsvExport,
                export_xlsx: ExportXlsxInput => XlsxExport,
                calendar: CalendarInput => CalendarExport,
                import_people_csv: ImportPeopleCsvInput => ImportReport,
                import_licences_csv: ImportLicencesCsvInput => ImportReport,
                create_requirement: CreateRequirementInput => (),
                update_requirement: UpdateRequirementInput => (),
                delete_requirement: DeleteRequirementInput => (),
                readiness: PersonReadinessInput => PersonReadiness,
                readiness_matrix: ReadinessMatrixInput => ReadinessPage,
                readiness_counts: ReadinessCountsInput => ReadinessCounts,
                site_readiness: SiteReadinessInput => PersonReadiness,
                export_readiness_csv: ExportReadinessCsvInput => CsvExport,
                approve_licence: ApproveLicenceInput => LicenceRecord,
                reject_licence: RejectLicenceInput => LicenceRecord,
                approvals: ApprovalsInput => LicenceRecordList,
            }
            tracker_without_input {
                settings: SettingsInput => Settings,
                licence_types: LicenceTypesInput => LicenceTypeList,
                courses: CoursesInput => CourseList,
                rules: RulesInput => RuleList,
                sites: SitesInput => SiteList,
                fields: FieldsInput => FieldList,
                requirements: RequirementsInput => RequirementList,
            }
        }
    };
}

/// How an operation is run from a JSON document.
#[derive(Clone, Copy)]
pub enum Door {
    /// A pure rule operation.
    Rules(fn(&Value) -> Result<Value>),
    /// An operation of a tracker.
    Tracker(fn(&Tracker, &Value) -> Result<Value>),
}

/// One operation in the registry.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Its name.
    pub name: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Whether it changes records.
    pub writes: bool,
    /// How to run it from a JSON document.
    pub door: Door,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("name", &self.name)
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
}

/// The lines of an operation's doc, without the comment's indentation.
pub(crate) fn doc_lines(doc: &'static str) -> impl Iterator<Item = &'static str> {
    doc.lines().map(str::trim).filter(|line| !line.is_empty())
}

/// Whether two names are the same, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

fn run_rule<T: RuleOperation>(input: &Value) -> Result<Value> {
    encode(&decode::<T>(input)?.run()?)
}

fn run_tracker<T: TrackerOperation>(tracker: &Tracker, input: &Value) -> Result<Value> {
    encode(&decode::<T>(input)?.run(tracker)?)
}

impl Entry {
    /// The lines of its doc, without the comment's indentation.
    pub fn doc_lines(&self) -> impl Iterator<Item = &'static str> {
        doc_lines(self.doc)
    }

    const fn of<T: Operation>(listed: &str, door: Door) -> Self {
        assert!(
            same(listed, T::NAME),
            "an operation is listed under a name other than its own"
        );
        Self {
            name: T::NAME,
            doc: T::DOC,
            writes: T::WRITES,
            door,
        }
    }

    const fn rule<T: RuleOperation>(listed: &str) -> Self {
        Self::of::<T>(listed, Door::Rules(run_rule::<T>))
    }

    const fn tracker<T: TrackerOperation>(listed: &str) -> Self {
        Self::of::<T>(listed, Door::Tracker(run_tracker::<T>))
    }
}

macro_rules! registry {
    (
        rules { $($rule:ident: $rule_input:ident => $rule_output:ty,)* }
        tracker { $($op:ident: $input:ident => $output:ty,)* }
        tracker_without_input { $($bare:ident: $bare_input:ident => $bare_output:ty,)* }
    ) => {
        // Each operation answers the output it is listed with.
        $(const _: fn(<super::$rule_input as Operation>::Output) -> $rule_output = |output| output;)*
        $(const _: fn(<super::$input as Operation>::Output) -> $output = |output| output;)*
        $(const _: fn(<super::$bare_input as Operation>::Output) -> $bare_output = |output| output;)*

        /// The pure rule operations, in the order of
        /// [`for_each_operation!`](crate::for_each_operation).
        pub static RULE_OPERATIONS: &[Entry] = &[
            $(Entry::rule::<super::$rule_input>(stringify!($rule)),)*
        ];

        /// A tracker's operations, in the order of
        /// [`for_each_operation!`](crate::for_each_operation).
        pub static TRACKER_OPERATIONS: &[Entry] = &[
            $(Entry::tracker::<super::$input>(stringify!($op)),)*
            $(Entry::tracker::<super::$bare_input>(stringify!($bare)),)*
        ];
    };
}
crate::for_each_operation!(registry);

/// Every operation: the rules, then a tracker's.
pub fn operations() -> impl Iterator<Item = &'static Entry> {
    RULE_OPERATIONS.iter().chain(TRACKER_OPERATIONS)
}

/// The operation named `name` among `entries`.
pub fn find(entries: &'static [Entry], name: &str) -> Option<&'static Entry> {
    entries.iter().find(|entry| entry.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_operation_is_documented() {
        for entries in [RULE_OPERATIONS, TRACKER_OPERATIONS] {
            for (i, entry) in entries.iter().enumerate() {
                assert!(
                    entries[..i].iter().all(|e| e.name != entry.name),
                    "`{}` is listed twice",
                    entry.name
                );
            }
        }
        for entry in operations() {
            assert!(
                entry.doc_lines().next().is_some(),
                "`{}` has no doc",
                entry.name
            );
            assert!(
                entry
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "`{}` is not snake_case",
                entry.name
            );
        }
    }
}
