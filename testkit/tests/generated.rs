//! The checked-in typed WIT is the one the registry of operations makes, and
//! the checked-in uniffi records are the ones that WIT makes. `make schema`
//! (`UPDATE_SCHEMA=1 cargo test -p licence-testkit --test generated`)
//! rewrites them.

#![allow(clippy::expect_used)]

use licence_core::operations::schema;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../wit/operations.wit");
const WIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../wit");
const RECORDS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../bindings/uniffi/src/records.rs"
);

#[test]
fn checked_in_wit_is_current() {
    let text = licence_testkit::wit::render(&schema::document()).expect("a WIT for every type");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(PATH, &text).expect("write the WIT");
    }
    let current = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        current == text,
        "wit/operations.wit is stale: run `make schema`"
    );
}

#[test]
fn checked_in_uniffi_records_are_current() {
    let text = licence_testkit::uniffi::render(WIT.as_ref()).expect("a uniffi type for every type");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(RECORDS, &text).expect("write the records");
    }
    let current = std::fs::read_to_string(RECORDS).unwrap_or_default();
    assert!(
        current == text,
        "bindings/uniffi/src/records.rs is stale: run `make schema`"
    );
}
