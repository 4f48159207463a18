//! The one list of operations and the registry derived from it.

use schemars::{Schema, SchemaGenerator};
use serde_json::Value;

use super::{Operation, RuleOperation, TrackerOperation, decode, encode};
use crate::error::Result;
use crate::tracker::Tracker;

/// Calls the macro `$callback` with every operation of the engine, as
/// `rules { name: Input, .. } tracker { name: Input, .. }`, where `name` is
/// the operation's name and `Input` its input record in
/// `licence_core::operations`. This is the one list of operations: the
/// registry, the JSON door and the bindings' typed doors are made from it,
/// so an operation missing from a door fails to compile.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            rules {
                status: StatusInput,
                due_reminders: DueRemindersInput,
                digests: DigestsInput,
                trigger_date: TriggerDateInput,
                renewal: RenewalInput,
                custody: CustodyInput,
                rights: RightsInput,
                purge: PurgeInput,
                eligible: EligibleInput,
                allocate: AllocateInput,
                matching_rules: MatchingRulesInput,
                register: RegisterInput,
                backfill: BackfillInput,
                complete_course: CompleteCourseInput,
                recertify: RecertifyInput,
            }
            tracker {
                settings: SettingsInput,
                update_settings: UpdateSettingsInput,
                register_person: RegisterPersonInput,
                update_person: UpdatePersonInput,
                deactivate_person: DeactivatePersonInput,
                person: PersonInput,
                people: PeopleInput,
                create_licence_type: CreateLicenceTypeInput,
                update_licence_type: UpdateLicenceTypeInput,
                licence_type: LicenceTypeInput,
                licence_types: LicenceTypesInput,
                record_licence: RecordLicenceInput,
                edit_licence: EditLicenceInput,
                delete_licence: DeleteLicenceInput,
                licence: LicenceInput,
                licences: LicencesInput,
                licences_of: LicencesOfInput,
                licences_seen_by: LicencesSeenByInput,
                add_attachment: AddAttachmentInput,
                attachment: AttachmentInput,
                attachments: AttachmentsInput,
                delete_attachment: DeleteAttachmentInput,
                create_course: CreateCourseInput,
                courses: CoursesInput,
                eligible_people: EligiblePeopleInput,
                allocate: AllocateSeatsInput,
                create_rule: CreateRuleInput,
                delete_rule: DeleteRuleInput,
                rules: RulesInput,
                backfill: BackfillRuleInput,
                seats: SeatsInput,
                complete_seat: CompleteSeatInput,
                revoke_seat: RevokeSeatInput,
                recertify: RecertifySeatsInput,
                create_site: CreateSiteInput,
                sites: SitesInput,
                custody_event: CustodyEventInput,
                rights: LicenceRightsInput,
                pending_requests: PendingRequestsInput,
                associations: AssociationsInput,
                due_reminders: RemindersDueInput,
                digests: ReminderDigestsInput,
                acknowledge: AcknowledgeInput,
                acknowledgements: AcknowledgementsInput,
                audit: AuditInput,
                purge: PurgeLicencesInput,
                overview: OverviewInput,
                status_counts: StatusCountsInput,
                export_csv: ExportCsvInput,
                export_xlsx: ExportXlsxInput,
                import_people_csv: ImportPeopleCsvInput,
                import_licences_csv: ImportLicencesCsvInput,
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
    /// The schema of its input record (registered in the generator).
    pub input: fn(&mut SchemaGenerator) -> Schema,
    /// The schema of its output (registered in the generator).
    pub output: fn(&mut SchemaGenerator) -> Schema,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("name", &self.name)
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
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
        self.doc
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
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
            input: |generator| generator.subschema_for::<T>(),
            output: |generator| generator.subschema_for::<T::Output>(),
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
    (rules { $($rule:ident: $rule_input:ident,)* } tracker { $($op:ident: $input:ident,)* }) => {
        /// The pure rule operations, in the order of
        /// [`for_each_operation!`](crate::for_each_operation).
        pub static RULE_OPERATIONS: &[Entry] = &[
            $(Entry::rule::<super::$rule_input>(stringify!($rule)),)*
        ];

        /// A tracker's operations, in the order of
        /// [`for_each_operation!`](crate::for_each_operation).
        pub static TRACKER_OPERATIONS: &[Entry] = &[
            $(Entry::tracker::<super::$input>(stringify!($op)),)*
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

    #[test]
    fn operations_that_write_take_the_acting_context() {
        let mut generator = SchemaGenerator::default();
        for entry in operations() {
            let input = (entry.input)(&mut generator);
            let name = input
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or_default()
                .to_owned();
            let definition = generator.definitions().get(&name).cloned();
            let takes_ctx = definition
                .as_ref()
                .and_then(|d| d.pointer("/properties/ctx"))
                .is_some();
            let is_tracker = matches!(entry.door, Door::Tracker(_));
            assert_eq!(
                takes_ctx,
                entry.writes && is_tracker,
                "`{}`: writes {} but takes ctx {takes_ctx}",
                entry.name,
                entry.writes
            );
        }
    }
}
