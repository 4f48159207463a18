# The front door: `make demo` runs the demo, `make test` runs every test.
# Each target installs what it needs, and does nothing when it is already there.

CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: demo test lint unit bench

## Runs the demo on the embedded defaults.
demo:
	$(CARGO) run --release -p licence-core --example demo

## Every check CI runs: formatting, lints, unit, property and vector tests.
test: lint unit

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace

## Benchmarks, reported as ratios measured in one run.
bench:
	$(CARGO) bench -p licence-core
