# The WebAssembly components and their reference host.
#
# `make wasm` builds the two components of the WIT package in wit/ from the
# guest crate bindings/wasm (see scripts/build-wasm.sh):
#   target/components/licence-rules.wasm    world `rules`, imports nothing
#   target/components/licence-tracker.wasm  world `tracker`, imports `store`
# test-wasm runs the host's tests against them (conformance vectors through
# both components, imports, limits, traps, the compiled-code cache);
# bench-wasm compares the components with the engine run natively;
# demo-wasm runs the demo scenario inside the tracker component with the
# records in a SQLite file kept by the host, or in PostgreSQL with
# DB=postgresql://…?schema=name (DEMO_ARGS passes options, e.g.
# DEMO_ARGS="--people 20000").

TEST_STEPS += test-wasm
BENCH_STEPS += bench-wasm

.PHONY: wasm test-wasm bench-wasm demo-wasm

wasm:
	CARGO="$(CARGO)" scripts/build-wasm.sh

test-wasm: wasm
	$(CARGO) test -p licence-host -- --include-ignored

bench-wasm: wasm
	$(CARGO) bench -p licence-host

demo-wasm: wasm
	$(CARGO) run --release -q -p licence-host --bin licence-host -- \
		$(if $(DB),--db '$(DB)') $(DEMO_ARGS)
