//! Bulk import of people and licences from CSV, with a per-row error report
//! (line, column, reason), all-or-nothing or keeping the good rows.
//!
//! Rows are read and written in chunks, so memory stays bounded however
//! large the file is.

use super::fields::require_all;
use crate::fields::{FieldDefinition, FieldTarget, FieldValues};
use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::error::{Error, RecordKind, Result, echo};
use crate::model::{Licence, LicenceType, Owner, Person, Role};
use crate::reminders::Schedule;
use crate::renewal::expiry_from;
use crate::store::collections::{self, Collection};
use crate::store::records::{PeopleById, people_by_id};
use crate::store::{LicenceRecord, Records};

use super::{Context, Tracker, Tx};

/// Rows validated and written together.
const CHUNK: usize = 10_000;
/// The most row errors reported; later ones are counted, not listed.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// What to do with the good rows when some rows are bad.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import nothing unless every row is good.
    #[default]
    AllOrNothing,
    /// Import the good rows and report the bad ones.
    KeepGoodRows,
}

/// Why one row was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// Why.
    pub reason: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// Rows stored.
    pub imported: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The first [`MAX_REPORTED_ERRORS`] rejections.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    fn reject(&mut self, line: u64, column: Option<&str>, reason: String) {
        self.rejected += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(RowError {
                line,
                column: column.map(str::to_owned),
                reason,
            });
        }
    }

    fn reject_error(&mut self, line: u64, error: &Error) {
        let column = match error {
            Error::InvalidInput { field, .. } => {
                Some(field.rsplit('.').next().unwrap_or(field).to_owned())
            }
            _ => None,
        };
        let reason = match error {
            Error::InvalidInput { reason, .. } => reason.clone(),
            other => other.to_string(),
        };
        self.rejected += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(RowError {
                line,
                column,
                reason,
            });
        }
    }
}

/// The columns of a people file.
pub const PEOPLE_COLUMNS: [&str; 10] = [
    "id",
    "name",
    "email",
    "location",
    "department",
    "roles",
    "registered_on",
    "active",
    "positions",
    "line_manager",
];
/// The columns of a licences file.
pub const LICENCE_COLUMNS: [&str; 8] = [
    "id",
    "holder_id",
    "type_id",
    "reference",
    "issuer",
    "acquired",
    "expiry",
    "notes",
];

/// A data row (its line and the requested columns' values), or a row that
/// could not be read (its line and why).
type TableRow = std::result::Result<(u64, Vec<String>), (u64, String)>;

/// A CSV file's rows as maps from the required header names to positions.
struct Table<R: Read> {
    reader: csv::Reader<R>,
    positions: Vec<Option<usize>>,
}

impl<R: Read> Table<R> {
    fn new(input: R, columns: &[&str], required: &[&str]) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| Error::invalid("csv", format!("the header line cannot be read: {e}")))?
            .clone();
        let positions: Vec<Option<usize>> = columns
            .iter()
            .map(|c| headers.iter().position(|h| h.trim() == *c))
            .collect();
        if let Some(missing) = required.iter().find(|r| {
            columns
                .iter()
                .position(|c| c == *r)
                .and_then(|i| positions[i])
                .is_none()
        }) {
            return Err(Error::invalid(
                "csv",
                format!("the header has no `{missing}` column"),
            ));
        }
        Ok(Self { reader, positions })
    }

    /// The next record as the requested columns' values (empty for absent
    /// ones), with its line; `None` at the end.
    fn next(&mut self, record: &mut csv::StringRecord) -> Option<TableRow> {
        match self.reader.read_record(record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let values = self
                    .positions
                    .iter()
                    .map(|p| {
                        p.and_then(|i| record.get(i))
                            .unwrap_or("")
                            .trim()
                            .to_owned()
                    })
                    .collect();
                Some(Ok((line, values)))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                Some(Err((line, format!("malformed csv: {e}"))))
            }
        }
    }
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn optional_day(field: &str, value: &str) -> Result<Option<Day>> {
    (!value.is_empty())
        .then(|| Day::parse(field, value))
        .transpose()
}

/// The items of a `;`-separated cell, trimmed, empty ones left out.
fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|r| !r.is_empty())
}

fn parse_roles(value: &str) -> Result<Vec<Role>> {
    items(value)
        .map(|r| {
            serde_json::from_value(serde_json::Value::String(r.to_lowercase()))
                .map_err(|_| Error::invalid("roles", format!("`{}` is not a role", echo(r))))
        })
        .collect()
}

/// The custom fields of one target in an import: a column each, after
/// the fixed columns, headed by the field's key.
struct FieldColumns {
    target: FieldTarget,
    /// The target's definitions, in column order.
    definitions: Vec<FieldDefinition>,
}

impl FieldColumns {
    fn new(tx: &mut Tx<'_>, target: FieldTarget) -> Result<Self> {
        let mut definitions = tx.store.field_definitions()?;
        definitions.retain(|d| d.target == target);
        Ok(Self {
            target,
            definitions,
        })
    }

    /// The fixed columns followed by the fields' keys.
    fn columns<'a>(&'a self, fixed: &[&'a str]) -> Vec<&'a str> {
        fixed
            .iter()
            .copied()
            .chain(self.definitions.iter().map(|d| d.key.as_str()))
            .collect()
    }

    /// The values in the field columns (`cells`), an empty cell being no
    /// value, each read as its definition says; every required one present.
    fn values(&self, cells: &[String]) -> Result<FieldValues> {
        let mut values = FieldValues::new();
        for (definition, cell) in self.definitions.iter().zip(cells) {
            if !cell.is_empty() {
                let key = &definition.key;
                values.insert(key.clone(), definition.parse(key, cell)?);
            }
        }
        let field = match self.target {
            FieldTarget::Person => "person.fields",
            FieldTarget::Licence => "licence.fields",
        };
        require_all(&self.definitions, self.target, field, &values)?;
        Ok(values)
    }
}

fn parse_person(values: &[String], fields: &FieldColumns) -> Result<Person> {
    let active = match values[7].to_lowercase().as_str() {
        "" | "true" | "yes" | "1" => true,
        "false" | "no" | "0" => false,
        other => {
            return Err(Error::invalid(
                "active",
                format!("`{}` is not true or false", echo(other)),
            ));
        }
    };
    let person = Person {
        positions: items(&values[8]).map(str::to_owned).collect(),
        line_manager: optional(&values[9]),
        id: values[0].clone(),
        name: values[1].clone(),
        email: optional(&values[2]),
        location: optional(&values[3]),
        department: optional(&values[4]),
        roles: parse_roles(&values[5])?,
        registered_on: Day::parse("registered_on", &values[6])?,
        active,
        fields: fields.values(&values[PEOPLE_COLUMNS.len()..])?,
        department_since: Default::default(),
        location_since: Default::default(),
    };
    person.validate()?;
    Ok(person)
}

fn parse_licence(
    values: &[String],
    types: &HashMap<String, (LicenceType, Schedule)>,
    fields: &FieldColumns,
) -> Result<Licence> {
    let mut licence = Licence {
        id: values[0].clone(),
        holder_id: values[1].clone(),
        type_id: values[2].clone(),
        reference: optional(&values[3]),
        issuer: optional(&values[4]),
        acquired: optional_day("acquired", &values[5])?,
        expiry: optional_day("expiry", &values[6])?,
        notes: values[7].clone(),
        owner: Owner::Candidate,
        renews: None,
        superseded_by: None,
        fields: fields.values(&values[LICENCE_COLUMNS.len()..])?,
    };
    let (licence_type, _) = types.get(&licence.type_id).ok_or_else(|| {
        Error::invalid(
            "type_id",
            format!("`{}` is not a licence type", echo(&licence.type_id)),
        )
    })?;
    if let (None, Some(acquired)) = (licence.expiry, licence.acquired) {
        licence.expiry = expiry_from(licence_type, licence_type.validity, acquired)?;
    }
    licence.validate()?;
    Ok(licence)
}

/// Keeps a chunk's rows whose ids are new: to the store, to the chunk, and
/// to the earlier chunks that were checked but not written (`unwritten`).
fn fresh_ids<T>(
    rows: Vec<(u64, T)>,
    id: fn(&T) -> &str,
    existing: &HashSet<String>,
    unwritten: &HashSet<String>,
    report: &mut ImportReport,
) -> Vec<(u64, T)> {
    let mut seen = HashSet::new();
    rows.into_iter()
        .filter(|(line, row)| {
            let id = id(row);
            let fresh =
                !existing.contains(id) && !unwritten.contains(id) && seen.insert(id.to_owned());
            if !fresh {
                report.reject(*line, Some("id"), format!("`{id}` already exists"));
            }
            fresh
        })
        .collect()
}

/// The import's input, which one attempt reads: an import that met a
/// conflict with another transaction is not run again.
fn once<R>(input: &mut Option<R>) -> Result<R> {
    input.take().ok_or_else(|| {
        Error::storage("the import met a conflict with another writer; import again")
    })
}

impl Tracker {
    /// Imports people from CSV with the header [`PEOPLE_COLUMNS`] (`email`,
    /// `location`, `department`, `roles` and `positions` — each separated
    /// by `;` —, `active` and `line_manager` may be left out), then a column
    /// per custom field of people, headed by its key (an empty cell is no
    /// value). A line manager must be registered already or be the person
    /// of an earlier line of the file. Imported people are not evaluated
    /// against the allocation rules; run a backfill for that.
    pub fn import_people_csv(
        &self,
        ctx: &Context,
        input: impl Read,
        mode: ImportMode,
    ) -> Result<ImportReport> {
        let mut input = Some(input);
        self.write_or_discard(ctx, |tx| {
            let fields = FieldColumns::new(tx, FieldTarget::Person)?;
            let columns = fields.columns(&PEOPLE_COLUMNS);
            let mut table = Table::new(
                once(&mut input)?,
                &columns,
                &["id", "name", "registered_on"],
            )?;
            let mut report = ImportReport::default();
            let mut record = csv::StringRecord::new();
            let mut chunk = Vec::new();
            let mut unwritten = HashSet::new();
            loop {
                let next = table.next(&mut record);
                match &next {
                    Some(Ok((line, values))) => match parse_person(values, &fields) {
                        Ok(person) => chunk.push((*line, person)),
                        Err(e) => report.reject_error(*line, &e),
                    },
                    Some(Err((line, reason))) => report.reject(*line, None, reason.clone()),
                    None => {}
                }
                if chunk.len() == CHUNK || (next.is_none() && !chunk.is_empty()) {
                    let ids: Vec<String> = chunk
                        .iter()
                        .map(|(_, p): &(u64, Person)| p.id.clone())
                        .collect();
                    let existing: HashSet<String> = tx
                        .store
                        .existing_ids(RecordKind::Person, &ids)?
                        .into_iter()
                        .collect();
                    let good = fresh_ids(
                        std::mem::take(&mut chunk),
                        |p| &p.id,
                        &existing,
                        &unwritten,
                        &mut report,
                    );
                    let good = known_line_managers(tx, good, &unwritten, &mut report)?;
                    if writes(mode, &report) {
                        write_people(tx, good, &mut report)?;
                    } else {
                        unwritten.extend(good.into_iter().map(|(_, p)| p.id));
                    }
                }
                if next.is_none() {
                    return finish(report, mode);
                }
            }
        })
    }

    /// Imports licences from CSV with the header [`LICENCE_COLUMNS`]
    /// (`reference`, `issuer`, `acquired`, `expiry` and `notes` may be left
    /// out), then a column per custom field of licences, headed by its key.
    /// Holders and types must exist; an expiry left empty is derived from
    /// the type's validity.
    pub fn import_licences_csv(
        &self,
        ctx: &Context,
        input: impl Read,
        mode: ImportMode,
    ) -> Result<ImportReport> {
        let mut input = Some(input);
        self.write_or_discard(ctx, |tx| {
            let settings = tx.settings()?;
            let mut types = HashMap::new();
            for licence_type in tx.store.licence_types()? {
                let policy = licence_type
                    .policy
                    .as_ref()
                    .unwrap_or(&settings.default_policy);
                let schedule = Schedule::new(policy)?;
                types.insert(licence_type.id.clone(), (licence_type, schedule));
            }
            let fields = FieldColumns::new(tx, FieldTarget::Licence)?;
            let columns = fields.columns(&LICENCE_COLUMNS);
            let mut table =
                Table::new(once(&mut input)?, &columns, &["id", "holder_id", "type_id"])?;
            let mut report = ImportReport::default();
            let mut record = csv::StringRecord::new();
            let mut chunk = Vec::new();
            let mut unwritten = HashSet::new();
            loop {
                let next = table.next(&mut record);
                match &next {
                    Some(Ok((line, values))) => match parse_licence(values, &types, &fields) {
                        Ok(licence) => chunk.push((*line, licence)),
                        Err(e) => report.reject_error(*line, &e),
                    },
                    Some(Err((line, reason))) => report.reject(*line, None, reason.clone()),
                    None => {}
                }
                if chunk.len() == CHUNK || (next.is_none() && !chunk.is_empty()) {
                    let rows = std::mem::take(&mut chunk);
                    let (good, holders) = check_licence_refs(tx, rows, &unwritten, &mut report)?;
                    if writes(mode, &report) {
                        write_licences(tx, good, &holders, &types, &mut report)?;
                    } else {
                        unwritten.extend(good.into_iter().map(|(_, l)| l.id));
                    }
                }
                if next.is_none() {
                    return finish(report, mode);
                }
            }
        })
    }
}

/// Whether the checked rows are written: not once an all-or-nothing
/// import has rejected a row (the later rows are still checked, so that the
/// report lists every bad row).
fn writes(mode: ImportMode, report: &ImportReport) -> bool {
    mode == ImportMode::KeepGoodRows || report.rejected == 0
}

/// The report, and whether to keep the writes: an all-or-nothing import
/// with rejections stores nothing.
fn finish(mut report: ImportReport, mode: ImportMode) -> Result<(ImportReport, bool)> {
    report.errors.sort_by_key(|e| e.line);
    if mode == ImportMode::AllOrNothing && report.rejected > 0 {
        report.imported = 0;
        return Ok((report, false));
    }
    Ok((report, true))
}

/// Announces `count` records of `collection`, each with its audit entry,
/// so that the store may index a large import in bulk.
fn will_put(tx: &mut Tx<'_>, collection: &Collection, count: usize) -> Result<()> {
    tx.store.will_put(collection.name, count as u64)?;
    tx.store.will_put(collections::AUDIT.name, count as u64)
}

fn write_people(
    tx: &mut Tx<'_>,
    rows: Vec<(u64, Person)>,
    report: &mut ImportReport,
) -> Result<()> {
    let people: Vec<Person> = rows.into_iter().map(|(_, p)| p).collect();
    will_put(tx, &collections::PEOPLE, people.len())?;
    tx.store.put_people(&people)?;
    tx.audit_each(
        "import_person",
        RecordKind::Person,
        people.iter().map(|p| (p.id.as_str(), Some(p.id.as_str()))),
    )?;
    report.imported += people.len() as u64;
    Ok(())
}

/// Keeps the rows whose line manager, when they name one, is registered or
/// is the person of an earlier good row of the file (`unwritten` holds the
/// earlier chunks' good rows that were checked but not written).
fn known_line_managers(
    tx: &mut Tx<'_>,
    rows: Vec<(u64, Person)>,
    unwritten: &HashSet<String>,
    report: &mut ImportReport,
) -> Result<Vec<(u64, Person)>> {
    let managers: HashSet<&str> = rows
        .iter()
        .filter_map(|(_, p)| p.line_manager.as_deref())
        .collect();
    if managers.is_empty() {
        return Ok(rows);
    }
    let managers: Vec<String> = managers.into_iter().map(str::to_owned).collect();
    let stored: HashSet<String> = tx
        .store
        .existing_ids(RecordKind::Person, &managers)?
        .into_iter()
        .collect();
    let mut earlier = HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(line, p)| {
            let known = p.line_manager.as_ref().is_none_or(|m| {
                stored.contains(m) || unwritten.contains(m) || earlier.contains(m)
            });
            if known {
                earlier.insert(p.id.clone());
            } else {
                report.reject(
                    *line,
                    Some("line_manager"),
                    format!(
                        "`{}` is not a person (a line manager is registered, or on an earlier line)",
                        p.line_manager.as_deref().unwrap_or_default()
                    ),
                );
            }
            known
        })
        .collect())
}

/// Keeps the rows whose id is new and whose holder exists, with the
/// holders they name, by id.
fn check_licence_refs(
    tx: &mut Tx<'_>,
    rows: Vec<(u64, Licence)>,
    unwritten: &HashSet<String>,
    report: &mut ImportReport,
) -> Result<(Vec<(u64, Licence)>, PeopleById)> {
    let ids: Vec<String> = rows.iter().map(|(_, l)| l.id.clone()).collect();
    let existing: HashSet<String> = tx
        .store
        .existing_ids(RecordKind::Licence, &ids)?
        .into_iter()
        .collect();
    let rows = fresh_ids(rows, |l| &l.id, &existing, unwritten, report);
    let holders = people_by_id(tx.store, rows.iter().map(|(_, l)| l.holder_id.as_str()))?;
    let rows = rows
        .into_iter()
        .filter(|(line, l)| {
            let ok = holders.contains_key(&l.holder_id);
            if !ok {
                report.reject(
                    *line,
                    Some("holder_id"),
                    format!("`{}` is not a person", l.holder_id),
                );
            }
            ok
        })
        .collect();
    Ok((rows, holders))
}

fn write_licences(
    tx: &mut Tx<'_>,
    rows: Vec<(u64, Licence)>,
    holders: &PeopleById,
    types: &HashMap<String, (LicenceType, Schedule)>,
    report: &mut ImportReport,
) -> Result<()> {
    let at = tx.ctx.at;
    let records: Vec<LicenceRecord> = rows
        .into_iter()
        .map(|(_, licence)| {
            let next_reminder = types
                .get(&licence.type_id)
                .zip(licence.expiry)
                .and_then(|((_, schedule), expiry)| schedule.next_trigger(expiry, None));
            LicenceRecord {
                approval: Default::default(),
                rejection_reason: None,
                licence,
                deleted_on: None,
                created_at: at,
                updated_at: at,
                reminded_through: None,
                next_reminder,
            }
        })
        .collect();
    will_put(tx, &collections::LICENCES, records.len())?;
    tx.store.put_licences_held_by(&records, holders)?;
    tx.audit_each(
        "import_licence",
        RecordKind::Licence,
        records
            .iter()
            .map(|r| (r.licence.id.as_str(), Some(r.licence.holder_id.as_str()))),
    )?;
    report.imported += records.len() as u64;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Page, PeopleQuery};

    /// People rows `p0..pN`, line 2 with a bad date, and at the end (in a
    /// later chunk) `p1` again.
    fn people_csv(n: usize) -> String {
        let mut csv = String::from("id,name,registered_on\nbad,Bad Date,2026-02-30\n");
        for i in 0..n {
            csv.push_str(&format!("p{i},Person {i},2026-01-01\n"));
        }
        csv.push_str("p1,Again,2026-01-01\n");
        csv
    }

    #[test]
    fn all_or_nothing_reports_every_bad_row_across_chunks() {
        let tracker = Tracker::in_memory();
        let ctx = Context::new("admin", 0);
        let n = CHUNK + 5;
        let csv = people_csv(n);
        let report = tracker
            .import_people_csv(&ctx, csv.as_bytes(), ImportMode::AllOrNothing)
            .unwrap();
        assert_eq!((report.imported, report.rejected), (0, 2));
        let lines: Vec<(u64, Option<&str>)> = report
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect();
        let last = u64::try_from(n).unwrap() + 3;
        assert_eq!(lines, [(2, Some("registered_on")), (last, Some("id"))]);
        assert_eq!(
            tracker
                .people(&PeopleQuery::default(), Page::default())
                .map(|l| l.items)
                .unwrap(),
            []
        );
        // Keeping the good rows, the store tells the duplicate.
        let report = tracker
            .import_people_csv(&ctx, csv.as_bytes(), ImportMode::KeepGoodRows)
            .unwrap();
        assert_eq!((report.imported, report.rejected), (n as u64, 2));
    }

    #[test]
    fn positions_and_line_managers_are_read_when_present() {
        let tracker = Tracker::in_memory();
        let ctx = Context::new("admin", 0);
        let boss = "id,name,registered_on\nboss,Bea Boss,2025-01-01\n";
        let report = tracker
            .import_people_csv(&ctx, boss.as_bytes(), ImportMode::AllOrNothing)
            .unwrap();
        assert_eq!((report.imported, report.rejected), (1, 0));
        assert_eq!(
            tracker.person("boss").unwrap().positions,
            Vec::<String>::new()
        );
        let csv = "id,name,registered_on,positions,line_manager\n\
            mo,Mo,2025-01-01, forklift-driver ;first-aider;,boss\n\
            ana,Ana,2025-01-01,,mo\n\
            bo,Bo,2025-01-01,scaffolder,cy\n\
            cy,Cy,2025-01-01,,\n\
            dee,Dee,2025-01-01,,ghost\n\
            eve,Eve,2025-01-01,a;a,\n\
            fay,Fay,2025-01-01,,fay\n";
        let report = tracker
            .import_people_csv(&ctx, csv.as_bytes(), ImportMode::KeepGoodRows)
            .unwrap();
        let errors: Vec<(u64, Option<&str>)> = report
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect();
        // A line manager on a later line or nowhere is refused, as are a
        // position listed twice and a person managing themselves.
        assert_eq!(
            errors,
            [
                (4, Some("line_manager")),
                (6, Some("line_manager")),
                (7, Some("positions")),
                (8, Some("line_manager")),
            ]
        );
        assert_eq!(report.imported, 3);
        let mo = tracker.person("mo").unwrap();
        assert_eq!(mo.positions, ["forklift-driver", "first-aider"]);
        assert_eq!(mo.line_manager.as_deref(), Some("boss"));
        let ana = tracker.person("ana").unwrap();
        assert_eq!(ana.line_manager.as_deref(), Some("mo"));
        assert!(ana.positions.is_empty());
        let cy = tracker.person("cy").unwrap();
        assert_eq!(cy.line_manager, None);
    }
}
