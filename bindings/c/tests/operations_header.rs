//! `include/licence_operations.h`, the C list of operations, is made from
//! core's registry: a name macro per operation with its doc, whether it
//! writes, and where its documents are described. `make header` rewrites it
//! (`UPDATE_HEADER=1 cargo test -p licence-c --test operations_header`).

#![allow(clippy::expect_used)]

use std::fmt::Write;

use licence_core::operations::{Entry, RULE_OPERATIONS, TRACKER_OPERATIONS};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../include/licence_operations.h"
);

const PREAMBLE: &str = "\
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
";

fn section(out: &mut String, prefix: &str, call: &str, entries: &[Entry]) {
    for entry in entries {
        out.push('\n');
        for line in entry.doc_lines() {
            let _ = writeln!(out, "// {line}");
        }
        let changes = if entry.writes {
            "changes records, takes \"ctx\""
        } else {
            "reads only"
        };
        let _ = writeln!(out, "// Through {call}(); {changes}.");
        let _ = writeln!(
            out,
            "#define {prefix}{} \"{}\"",
            entry.name.to_uppercase(),
            entry.name
        );
    }
}

fn render() -> String {
    let mut out = String::from(PREAMBLE);
    section(&mut out, "LT_RULE_", "lt_execute", RULE_OPERATIONS);
    section(
        &mut out,
        "LT_TRACKER_",
        "lt_tracker_execute",
        TRACKER_OPERATIONS,
    );
    out.push_str("\n#endif /* LICENCE_OPERATIONS_H */\n");
    out
}

#[test]
fn checked_in_list_is_current() {
    let text = render();
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(PATH, &text).expect("write the header");
    }
    let current = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        current == text,
        "include/licence_operations.h is stale: run `make header`"
    );
}
