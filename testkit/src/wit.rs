//! The typed WIT of the engine's operations, made from the JSON Schema of
//! the registry (`licence_core::operations::schema`): a record, enum or
//! variant for every type an operation takes or gives, named as in the
//! engine, and a function per operation. Checked in as
//! `wit/operations.wit` (`make schema` rewrites it); the component guest
//! implements it with one generic conversion (`licence-transcode`).
//!
//! How schema shapes become WIT:
//! - an object with properties is a record (fields in kebab-case; a WIT
//!   record has every field, so a field the engine may omit is an option or
//!   has its default filled in);
//! - a set of string constants is an enum; constants mixed with one-key
//!   objects are a variant (the engine's externally tagged enums);
//! - objects told apart by a constant property (the engine's internally
//!   tagged enums, such as a rule's scope) are one record: the tag as an
//!   enum, the other properties as options;
//! - a map is a list of (key, value) tuples; `Date` is a `date` record;
//!   `Bytes` a list of `u8`; the types of the `types` interface are used
//!   from it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::{Map, Value};

/// Types of the hand-written `types` interface, by their schema name.
const FROM_TYPES: &[(&str, &str)] = &[
    ("Period", "period"),
    ("PeriodUnit", "period-unit"),
    ("RecordKind", "record-kind"),
];

/// WIT keywords, which need a `%` as names.
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "bool",
    "borrow",
    "char",
    "constructor",
    "enum",
    "export",
    "f32",
    "f64",
    "flags",
    "from",
    "func",
    "future",
    "import",
    "include",
    "interface",
    "list",
    "option",
    "own",
    "package",
    "record",
    "resource",
    "result",
    "s16",
    "s32",
    "s64",
    "s8",
    "static",
    "stream",
    "string",
    "tuple",
    "type",
    "u16",
    "u32",
    "u64",
    "u8",
    "use",
    "variant",
    "with",
    "world",
];

/// `DueRemindersInput` or `due_reminders` in kebab-case, `%`-escaped when it
/// is a keyword.
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    if KEYWORDS.contains(&out.as_str()) {
        format!("%{out}")
    } else {
        out
    }
}

/// One WIT type definition being written.
struct Definitions<'a> {
    defs: &'a Map<String, Value>,
    /// Definitions by WIT name, in name order.
    out: BTreeMap<String, String>,
    done: BTreeSet<String>,
}

fn docs(out: &mut String, indent: &str, description: Option<&Value>) {
    if let Some(text) = description.and_then(Value::as_str) {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

fn reference(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

fn constant(schema: &Value) -> Option<&str> {
    schema.get("const").and_then(Value::as_str)
}

impl<'a> Definitions<'a> {
    /// The WIT type of a property or item schema; `context` names inline
    /// records.
    fn ty(&mut self, schema: &Value, context: &str) -> Result<String, String> {
        if let Some(name) = reference(schema) {
            return self.named(name);
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            let some: Vec<&Value> = any
                .iter()
                .filter(|s| s.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if let [inner] = some.as_slice()
                && any.len() == 2
            {
                return Ok(format!("option<{}>", self.ty(inner, context)?));
            }
            return Err(format!("{context}: an anyOf that is not an option"));
        }
        match schema.get("type") {
            Some(Value::Array(types)) => {
                let some: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
                let [inner] = some.as_slice() else {
                    return Err(format!("{context}: a union of types"));
                };
                let mut single = schema.clone();
                single["type"] = (*inner).clone();
                Ok(format!("option<{}>", self.ty(&single, context)?))
            }
            Some(Value::String(kind)) => self.scalar(kind, schema, context),
            _ => Err(format!("{context}: a schema without a type: {schema}")),
        }
    }

    fn scalar(&mut self, kind: &str, schema: &Value, context: &str) -> Result<String, String> {
        Ok(match kind {
            "string" => "string".into(),
            "boolean" => "bool".into(),
            "number" => "f64".into(),
            "integer" => match schema.get("format").and_then(Value::as_str) {
                Some("uint8") => "u8",
                Some("uint16") => "u16",
                Some("uint32") => "u32",
                Some("uint64") => "u64",
                Some("int8") => "s8",
                Some("int16") => "s16",
                Some("int32") => "s32",
                Some("int64") => "s64",
                other => return Err(format!("{context}: an integer of format {other:?}")),
            }
            .into(),
            "array" => {
                let items = schema
                    .get("items")
                    .ok_or_else(|| format!("{context}: an array without items"))?;
                format!("list<{}>", self.ty(items, context)?)
            }
            "object" => {
                if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                    format!("list<tuple<string, {}>>", self.ty(values, context)?)
                } else {
                    self.record(context, schema, None)?;
                    kebab(context)
                }
            }
            other => return Err(format!("{context}: a `{other}`")),
        })
    }

    /// The WIT name of the definition `name`, writing it when first met.
    fn named(&mut self, name: &str) -> Result<String, String> {
        if let Some((_, wit)) = FROM_TYPES.iter().find(|(schema, _)| *schema == name) {
            return Ok((*wit).to_owned());
        }
        let wit = kebab(name);
        if self.done.insert(name.to_owned()) {
            let schema = self
                .defs
                .get(name)
                .ok_or_else(|| format!("`{name}` is not defined"))?
                .clone();
            self.define(name, &schema)?;
        }
        Ok(wit)
    }

    fn define(&mut self, name: &str, schema: &Value) -> Result<(), String> {
        let description = schema.get("description");
        if name == "Date" {
            let mut out = String::new();
            docs(&mut out, "    ", description);
            out.push_str(
                "    record date {\n        /// The year, 1 to 9999.\n        year: s32,\n        /// The month, 1 to 12.\n        month: u8,\n        /// The day of the month.\n        day: u8,\n    }\n",
            );
            self.out.insert("date".into(), out);
            return Ok(());
        }
        if let Some(cases) = schema.get("oneOf").and_then(Value::as_array) {
            return self.cases(name, schema, cases);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") if schema.get("properties").is_some() => self.record(name, schema, None),
            Some("string") if schema.get("contentEncoding").is_some() => {
                self.alias(name, description, "list<u8>".into());
                Ok(())
            }
            Some("array") if schema["items"].get("enum").is_some() => {
                // A set of names: an enum of them and a list of it.
                let singular = name.trim_end_matches('s');
                let mut out = String::new();
                let _ = writeln!(out, "    /// One of {}.", kebab(name));
                let _ = writeln!(out, "    enum {} {{", kebab(singular));
                for case in schema["items"]["enum"].as_array().into_iter().flatten() {
                    let _ = writeln!(out, "        {},", kebab(case.as_str().unwrap_or("?")));
                }
                out.push_str("    }\n");
                self.out.insert(kebab(singular), out);
                self.alias(name, description, format!("list<{}>", kebab(singular)));
                Ok(())
            }
            Some(kind) => {
                let ty = self.scalar(kind, schema, name)?;
                self.alias(name, description, ty);
                Ok(())
            }
            None => Err(format!("`{name}` has no shape the WIT can say")),
        }
    }

    fn alias(&mut self, name: &str, description: Option<&Value>, ty: String) {
        let mut out = String::new();
        docs(&mut out, "    ", description);
        let _ = writeln!(out, "    type {} = {ty};", kebab(name));
        self.out.insert(kebab(name), out);
    }

    /// A record of `schema`'s properties. For a tagged enum, `tagged`
    /// names the tag property (its type is the enum of the cases) and the
    /// properties that are options because not every case has them.
    fn record(
        &mut self,
        name: &str,
        schema: &Value,
        tagged: Option<(&str, BTreeSet<String>)>,
    ) -> Result<(), String> {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("`{name}` has no properties"))?;
        let mut out = String::new();
        docs(&mut out, "    ", schema.get("description"));
        let _ = writeln!(out, "    record {} {{", kebab(name));
        for (field, property) in properties {
            let context = format!("{name}_{field}");
            let is_tag = matches!(&tagged, Some((tag, _)) if tag == field);
            let mut ty = if is_tag {
                kebab(&context)
            } else {
                self.ty(property, &context)?
            };
            if let Some((_, optional)) = &tagged
                && optional.contains(field)
                && !ty.starts_with("option<")
            {
                ty = format!("option<{ty}>");
            }
            if is_tag {
                let _ = writeln!(
                    out,
                    "        /// Which case this is; the other fields are its data."
                );
            } else {
                docs(&mut out, "        ", property.get("description"));
            }
            let _ = writeln!(out, "        {}: {ty},", kebab(field));
        }
        out.push_str("    }\n");
        self.out.insert(kebab(name), out);
        Ok(())
    }

    /// An enum, a variant, or a tagged record of `cases` (with the
    /// properties `schema` has besides them).
    fn cases(&mut self, name: &str, schema: &Value, cases: &[Value]) -> Result<(), String> {
        let description = schema.get("description");
        let mut out = String::new();
        docs(&mut out, "    ", description);
        if cases.iter().all(|c| constant(c).is_some()) {
            let _ = writeln!(out, "    enum {} {{", kebab(name));
            for case in cases {
                docs(&mut out, "        ", case.get("description"));
                let _ = writeln!(out, "        {},", kebab(constant(case).unwrap_or("?")));
            }
            out.push_str("    }\n");
            self.out.insert(kebab(name), out);
            return Ok(());
        }
        let one_key = |case: &Value| -> Option<(String, Value)> {
            let properties = case.get("properties")?.as_object()?;
            if properties.len() != 1
                || case.get("additionalProperties") != Some(&Value::Bool(false))
            {
                return None;
            }
            properties
                .iter()
                .next()
                .map(|(k, v)| (k.clone(), v.clone()))
        };
        if cases
            .iter()
            .all(|c| constant(c).is_some() || one_key(c).is_some())
        {
            let _ = writeln!(out, "    variant {} {{", kebab(name));
            for case in cases {
                docs(&mut out, "        ", case.get("description"));
                if let Some(label) = constant(case) {
                    let _ = writeln!(out, "        {},", kebab(label));
                } else if let Some((label, data)) = one_key(case) {
                    let ty = self.ty(&data, &format!("{name}_{label}"))?;
                    let _ = writeln!(out, "        {}({ty}),", kebab(&label));
                }
            }
            out.push_str("    }\n");
            self.out.insert(kebab(name), out);
            return Ok(());
        }
        self.tagged(name, schema, cases)
    }

    /// Objects told apart by one constant property: one record, with the
    /// properties that `schema` has besides its cases.
    fn tagged(&mut self, name: &str, schema: &Value, cases: &[Value]) -> Result<(), String> {
        let tag = cases[0]
            .get("properties")
            .and_then(Value::as_object)
            .and_then(|p| p.iter().find(|(_, v)| constant(v).is_some()))
            .map(|(k, _)| k.clone())
            .ok_or_else(|| format!("`{name}`: cases without a tag"))?;
        let mut merged = schema
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut required_everywhere: Option<BTreeSet<String>> = None;
        let mut tag_enum = String::new();
        let _ = writeln!(tag_enum, "    /// The cases of `{}`.", kebab(name));
        let _ = writeln!(tag_enum, "    enum {} {{", kebab(&format!("{name}_{tag}")));
        for case in cases {
            let properties = case
                .get("properties")
                .and_then(Value::as_object)
                .ok_or_else(|| format!("`{name}`: a case without properties"))?;
            let label = properties
                .get(&tag)
                .and_then(constant)
                .ok_or_else(|| format!("`{name}`: a case without its `{tag}`"))?;
            docs(&mut tag_enum, "        ", case.get("description"));
            let _ = writeln!(tag_enum, "        {},", kebab(label));
            for (k, v) in properties {
                merged.entry(k.clone()).or_insert_with(|| v.clone());
            }
            let required: BTreeSet<String> = case
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect();
            required_everywhere = Some(match required_everywhere {
                Some(all) => all.intersection(&required).cloned().collect(),
                None => required,
            });
        }
        tag_enum.push_str("    }\n");
        self.out.insert(kebab(&format!("{name}_{tag}")), tag_enum);
        let mut required = required_everywhere.unwrap_or_default();
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_owned)),
        );
        let optional = merged
            .keys()
            .filter(|k| !required.contains(*k))
            .cloned()
            .collect();
        let mut record = serde_json::json!({ "properties": merged });
        if let Some(description) = schema.get("description") {
            record["description"] = description.clone();
        }
        self.record(name, &record, Some((&tag, optional)))
    }
}

/// The head of the `tracking` interface, up to its list of used records.
const TRACKING: &str = "\
/// The stateful tracker: one organisation's people, licences, courses,
/// custody, reminders, audit log and reports, kept through the imported
/// `store`. Every change validates its input, applies the rules and writes
/// in one store transaction: a failure leaves the records as they were.
interface tracking {
    use types.{error};
    use records.{";

/// The tracker resource, up to its typed operations.
const RESOURCE: &str = "\
    /// One organisation's tracker over the host's store. Several trackers of
    /// one instance share that instance's store. Every operation is a typed
    /// method; `execute` runs them by name with JSON documents.
    resource tracker {
        /// A tracker over the store the host provides.
        constructor();

        /// The names of the operations that `execute` runs.
        operations: static func() -> list<string>;

        /// Runs the tracker operation `op` on the JSON document `input` and
        /// returns its JSON output (see `schema/operations.schema.json`).
        execute: func(op: string, input: string) -> result<string, error>;

";

/// A function per operation of `operations` (the schema's `rules` or
/// `tracker`), indented by `indent`, noting the records they use.
fn functions(
    definitions: &mut Definitions<'_>,
    used: &mut BTreeSet<String>,
    operations: &Value,
    indent: &str,
) -> Result<String, String> {
    let mut out = String::new();
    let operations = operations
        .as_object()
        .ok_or("the schema lists no operations")?;
    for (op, operation) in operations {
        let output = match operation["output"].get("$ref") {
            Some(_) => definitions.ty(&operation["output"], op)?,
            None => "_".to_owned(),
        };
        let params = if is_empty(definitions.defs, &operation["input"]) {
            String::new()
        } else {
            let input = definitions.ty(&operation["input"], op)?;
            used.insert(input.clone());
            format!("input: {input}")
        };
        if output != "_" {
            used.insert(output.clone());
        }
        docs(&mut out, indent, operation.get("description"));
        let _ = writeln!(
            out,
            "{indent}{}: func({params}) -> result<{output}, error>;",
            kebab(op)
        );
    }
    Ok(out)
}

/// Whether an operation's input has no field (its function takes nothing).
fn is_empty(defs: &Map<String, Value>, input: &Value) -> bool {
    reference(input)
        .and_then(|name| defs.get(name))
        .is_some_and(has_no_fields)
}

/// Whether a definition is an object without fields (an input record
/// that WIT cannot have).
fn has_no_fields(schema: &Value) -> bool {
    schema.get("properties").is_none() && schema.get("oneOf").is_none()
}

/// The text of `wit/operations.wit` for the schema `document`.
pub fn render(document: &Value) -> Result<String, String> {
    let defs = document["$defs"]
        .as_object()
        .ok_or("the schema has no `$defs`")?;
    let mut definitions = Definitions {
        defs,
        out: BTreeMap::new(),
        done: BTreeSet::new(),
    };
    let mut used = BTreeSet::new();
    let rules = functions(
        &mut definitions,
        &mut used,
        &document["operations"]["rules"],
        "    ",
    )?;
    let mut tracker_used = BTreeSet::new();
    let tracker = functions(
        &mut definitions,
        &mut tracker_used,
        &document["operations"]["tracker"],
        "        ",
    )?;
    // Every other type, so that the tracker's records are there too; an
    // input without fields has no record.
    for name in defs.keys() {
        if !has_no_fields(&defs[name]) {
            definitions.named(name)?;
        }
    }
    let mut out = String::from(
        "// Generated from the engine's registry of operations (`make schema`); do not edit.\n\npackage licence:engine@0.1.0;\n\n/// The records that the engine's operations take and give, each named as\n/// in the engine (`licence_core`) and shaped as its JSON document in\n/// `schema/operations.schema.json`, with dates as `date` records.\ninterface records {\n    use types.{",
    );
    out.push_str(
        &FROM_TYPES
            .iter()
            .map(|(_, wit)| *wit)
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str("};\n");
    for definition in definitions.out.values() {
        out.push('\n');
        out.push_str(definition);
    }
    out.push_str("}\n\n/// The pure rule operations, typed: each takes its input record and\n/// answers its output record or the engine's error. Nothing here keeps\n/// state, reads a clock or touches the outside world.\ninterface rule-operations {\n    use types.{error};\n    use records.{");
    out.push_str(&used.into_iter().collect::<Vec<_>>().join(", "));
    out.push_str("};\n\n");
    out.push_str(&rules);
    out.push_str("}\n\n");
    out.push_str(TRACKING);
    out.push_str(&tracker_used.into_iter().collect::<Vec<_>>().join(", "));
    out.push_str("};\n\n");
    out.push_str(RESOURCE);
    out.push_str(&tracker);
    out.push_str("    }\n}\n");
    Ok(out)
}
