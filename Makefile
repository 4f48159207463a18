# The front door: `make demo` runs the demo, `make test` runs every test.
# Each target installs what it needs, and does nothing when it is already
# there. Each binding adds its own steps from mk/*.mk to TEST_STEPS and
# BENCH_STEPS.

CARGO ?= cargo
PYTHON ?= python3
# Tools the build installs (compilers, generators), kept across clones.
TOOLS ?= $(HOME)/.cache/licence-engine/tools
export CARGO_TERM_COLOR ?= never
# The version of every package the build makes (the workspace's).
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

TEST_STEPS := lint unit
BENCH_STEPS := bench-core

include $(sort $(wildcard mk/*.mk))

.PHONY: demo demo-native test lint unit schema bench bench-core

## Runs the demo on the embedded defaults: the scenario inside the tracker
## component on the reference wasmtime host, records in a SQLite file.
demo: demo-wasm

## The same scenario on the engine linked natively.
demo-native:
	$(CARGO) run --release -p licence-testkit --bin licence-demo

## Every check CI runs: formatting, lints, unit, property and vector tests,
## and each binding's own suite, one after another (a failing step does not
## stop the rest); the last line adds up every suite: `N passed, M failed`.
test:
	@$(PYTHON) scripts/run-tests.py $(TEST_STEPS)

lint:
	$(PYTHON) scripts/readme-examples.py
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace

## Rewrites what is made from the registry of operations: the JSON Schema
## (schema/operations.schema.json), the typed WIT (wit/operations.wit) and
## the uniffi records made from it (bindings/uniffi/src/records.rs).
## `make test` fails while any is stale.
schema:
	UPDATE_SCHEMA=1 $(CARGO) test -q -p licence-core --test schema checked_in_schema_is_current
	UPDATE_SCHEMA=1 $(CARGO) test -q -p licence-testkit --test generated checked_in_wit_is_current
	UPDATE_SCHEMA=1 $(CARGO) test -q -p licence-testkit --test generated checked_in_uniffi_records_are_current

## Benchmarks, reported as ratios measured in one run.
bench: $(BENCH_STEPS)

bench-core:
	$(CARGO) bench -p licence-core
