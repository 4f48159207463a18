//! The uniffi records of the engine's operations, made from the typed WIT
//! (`wit/operations.wit`, itself made from the registry's JSON Schema): a
//! Rust record, enum or variant with uniffi's derives for every type the
//! `records` interface defines or uses, named as in the engine. Checked in
//! as `bindings/uniffi/src/records.rs` (`make schema` rewrites it); the
//! uniffi crate converts them to and from the engine's types with the one
//! generic conversion of `licence-transcode`, as the component guest does.
//!
//! How WIT types become Rust: records, enums and variants one to one
//! (fields in snake_case, options defaulting to none and maps to empty, cases in
//! UpperCamelCase); `list<tuple<string,
//! T>>` is a `HashMap<String, T>` (a map in Kotlin, Swift and Python);
//! `list<u8>` is bytes; aliases are Rust type aliases.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use wit_parser::{Docs, Resolve, Type, TypeDefKind, TypeId, TypeOwner};

/// Rust keywords that WIT names may spell, written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn",
];

/// `licence-type` as `LicenceType`.
fn camel(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// `type-id` as `type_id`, raw when a keyword.
fn snake(name: &str) -> String {
    let name = name.replace('-', "_");
    if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The WIT docs of `name`, or a line naming it where the WIT has none.
fn docs(out: &mut String, indent: &str, docs: &Docs, name: &str) {
    match &docs.contents {
        Some(text) => {
            for line in text.lines() {
                let _ = writeln!(out, "{indent}/// {}", line.trim_end());
            }
        }
        None => {
            let _ = writeln!(out, "{indent}/// `{name}` in the typed WIT.");
        }
    }
}

/// The generated Rust definitions.
struct Rust<'a> {
    resolve: &'a Resolve,
    /// Named types still to define.
    pending: Vec<TypeId>,
    defined: BTreeSet<TypeId>,
}

impl Rust<'_> {
    /// The Rust type of a WIT type, noting named types to define.
    fn ty(&mut self, ty: &Type) -> Result<String, String> {
        Ok(match ty {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::U16 => "u16".into(),
            Type::U32 => "u32".into(),
            Type::U64 => "u64".into(),
            Type::S8 => "i8".into(),
            Type::S16 => "i16".into(),
            Type::S32 => "i32".into(),
            Type::S64 => "i64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::String => "String".into(),
            Type::Id(id) => self.id(*id)?,
            other => return Err(format!("no uniffi type for {other:?}")),
        })
    }

    fn id(&mut self, id: TypeId) -> Result<String, String> {
        let resolve = self.resolve;
        let def = &resolve.types[id];
        match &def.name {
            Some(name) => {
                if self.defined.insert(id) {
                    self.pending.push(id);
                }
                Ok(camel(name))
            }
            None => self.shape(&def.kind),
        }
    }

    /// The Rust type of an unnamed list, option or alias.
    fn shape(&mut self, kind: &TypeDefKind) -> Result<String, String> {
        let resolve = self.resolve;
        Ok(match kind {
            TypeDefKind::List(Type::U8) => "Vec<u8>".into(),
            TypeDefKind::List(item) => {
                if let Type::Id(tuple) = item
                    && let TypeDefKind::Tuple(t) = &resolve.types[*tuple].kind
                    && let [Type::String, value] = t.types.as_slice()
                {
                    format!("HashMap<String, {}>", self.ty(value)?)
                } else {
                    format!("Vec<{}>", self.ty(item)?)
                }
            }
            TypeDefKind::Option(inner) => format!("Option<{}>", self.ty(inner)?),
            TypeDefKind::Type(inner) => self.ty(inner)?,
            other => {
                return Err(format!(
                    "no uniffi type for an anonymous {}",
                    other.as_str()
                ));
            }
        })
    }

    /// The definition of the named type `id`.
    fn define(&mut self, id: TypeId) -> Result<String, String> {
        let resolve = self.resolve;
        let def = &resolve.types[id];
        let name = camel(def.name.as_deref().unwrap_or("?"));
        let mut out = String::new();
        docs(&mut out, "", &def.docs, def.name.as_deref().unwrap_or("?"));
        match &def.kind {
            TypeDefKind::Record(record) => {
                out.push_str(
                    "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]\n",
                );
                let _ = writeln!(out, "pub struct {name} {{");
                for field in &record.fields {
                    docs(&mut out, "    ", &field.docs, &field.name);
                    let ty = self.ty(&field.ty)?;
                    // A field the engine may omit may be omitted by callers
                    // too; so may a map (custom field values).
                    if ty.starts_with("Option<") || ty.starts_with("HashMap<") {
                        out.push_str("    #[uniffi(default)]\n");
                    }
                    let _ = writeln!(out, "    pub {}: {ty},", snake(&field.name));
                }
                out.push_str("}\n");
            }
            TypeDefKind::Enum(cases) => {
                out.push_str(
                    "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, uniffi::Enum)]\n",
                );
                let _ = writeln!(out, "pub enum {name} {{");
                for case in &cases.cases {
                    docs(&mut out, "    ", &case.docs, &case.name);
                    let _ = writeln!(out, "    {},", camel(&case.name));
                }
                out.push_str("}\n");
            }
            TypeDefKind::Variant(variant) => {
                out.push_str(
                    "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]\n",
                );
                let _ = writeln!(out, "pub enum {name} {{");
                for case in &variant.cases {
                    docs(&mut out, "    ", &case.docs, &case.name);
                    match &case.ty {
                        Some(ty) => {
                            let ty = self.ty(ty)?;
                            let _ = writeln!(out, "    {}({ty}),", camel(&case.name));
                        }
                        None => {
                            let _ = writeln!(out, "    {},", camel(&case.name));
                        }
                    }
                }
                out.push_str("}\n");
            }
            TypeDefKind::Type(_) | TypeDefKind::List(_) | TypeDefKind::Option(_) => {
                let target = self.shape(&def.kind)?;
                let _ = writeln!(out, "pub type {name} = {target};");
            }
            other => return Err(format!("`{name}`: no uniffi type for a {}", other.as_str())),
        }
        Ok(out)
    }
}

/// The text of `bindings/uniffi/src/records.rs` for the WIT package in
/// `wit_dir`.
pub fn render(wit_dir: &Path) -> Result<String, String> {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_dir(wit_dir)
        .map_err(|e| format!("reading the WIT: {e:#}"))?;
    let records = resolve.packages[package]
        .interfaces
        .get("records")
        .copied()
        .ok_or("the package has no `records` interface")?;
    let mut rust = Rust {
        resolve: &resolve,
        pending: Vec::new(),
        defined: BTreeSet::new(),
    };
    for id in resolve.interfaces[records].types.values() {
        let def = &resolve.types[*id];
        // Types `records` only uses from elsewhere are defined when used.
        if def.owner == TypeOwner::Interface(records) && rust.defined.insert(*id) {
            rust.pending.push(*id);
        }
    }
    let mut definitions = Vec::new();
    while let Some(id) = rust.pending.pop() {
        let def = &resolve.types[id];
        // A `use` of another interface's type is an alias to the original.
        if let TypeDefKind::Type(Type::Id(original)) = def.kind
            && resolve.types[original].name == def.name
        {
            if rust.defined.insert(original) {
                rust.pending.push(original);
            }
            continue;
        }
        let name = camel(def.name.as_deref().unwrap_or("?"));
        definitions.push((name, rust.define(id)?));
    }
    definitions.sort();
    definitions.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(
        "//! The records of the engine's operations for Kotlin, Swift and Python:\n\
         //! generated from `wit/operations.wit` by `licence-testkit`\n\
         //! (`make schema`); a test fails while it is stale. Do not edit.\n\
         \n\
         use std::collections::HashMap;\n",
    );
    for (_, definition) in definitions {
        out.push('\n');
        out.push_str(&definition);
    }
    Ok(out)
}
