# Fuzzing (fuzz/, crate licence-fuzz): `make fuzz` runs each target of
# fuzz/fuzz_targets/ with cargo-fuzz (libFuzzer) for FUZZ_SECONDS, one after
# another, starting from the saved corpus and from seeds made from the
# conformance vectors. What it finds stays in target/fuzz/corpus/<target>/;
# fuzz/corpus/<target>/ is then re-minimised by scripts/fuzz-merge.sh to the
# fewest inputs that reach code the seeds do not, at most FUZZ_MAX_CORPUS of
# the smallest (libFuzzer's set-cover merge rather than `cargo fuzz cmin`,
# which cannot count the seeds as already there). A crash is written to
# target/fuzz/artifacts/<target>/; copy it to fuzz/regressions/<target>/
# with the fix. `make test` replays both folders without the fuzzer (the
# unit step's `cargo test --workspace` runs fuzz/tests/replay.rs).
#
# It runs on the stable toolchain: without a sanitizer cargo-fuzz passes
# rustc no unstable flag. FUZZ_SANITIZER=address adds AddressSanitizer,
# which needs RUSTC_BOOTSTRAP=1 on stable (set here) and a full rebuild.

CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(basename $(notdir $(wildcard fuzz/fuzz_targets/*.rs)))
FUZZ_SANITIZER ?= none
# The most inputs saved per target, the smallest kept.
FUZZ_MAX_CORPUS ?= 200
# The longest input tried, in bytes: keeps the saved corpus small.
FUZZ_MAX_LEN ?= 8192
FUZZ_OUT := $(abspath $(or $(CARGO_TARGET_DIR),target))/fuzz
FUZZ_BUILD := --sanitizer $(FUZZ_SANITIZER) --features libfuzzer
FUZZ_ENV := $(if $(filter none,$(FUZZ_SANITIZER)),,RUSTC_BOOTSTRAP=1)
# The saved corpus of a target after a run ($$t): scripts/fuzz-merge.sh with
# the binary cargo-fuzz built.
FUZZ_MERGE = scripts/fuzz-merge.sh \
	$(abspath $(or $(CARGO_TARGET_DIR),target))/x86_64-unknown-linux-gnu/release/$$t \
	$(FUZZ_OUT)/seeds/$$t fuzz/corpus/$$t $(FUZZ_OUT)/corpus/$$t $(FUZZ_MAX_CORPUS) $(FUZZ_MAX_LEN)

.PHONY: fuzz fuzz-tools

## cargo-fuzz (pinned) into $(TOOLS).
fuzz-tools:
	@if [ "$$($(CARGO_FUZZ) --version 2>/dev/null)" != "cargo-fuzz $(CARGO_FUZZ_VERSION)" ]; then \
		$(CARGO) install --locked --root $(TOOLS) cargo-fuzz --version $(CARGO_FUZZ_VERSION); \
	fi

## Every target for FUZZ_SECONDS (60) each; `make fuzz FUZZ_TARGETS=c_abi
## FUZZ_SECONDS=600` for one. Fails when a target crashed.
fuzz: fuzz-tools
	rm -rf $(FUZZ_OUT)/seeds
	$(CARGO) run -q -p licence-fuzz --example seeds -- $(FUZZ_OUT)/seeds
	$(FUZZ_ENV) $(CARGO_FUZZ) build $(FUZZ_BUILD)
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/artifacts/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_ENV) $(CARGO_FUZZ) run $(FUZZ_BUILD) $$t $(FUZZ_OUT)/corpus/$$t fuzz/corpus/$$t \
			$(FUZZ_OUT)/seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
			-timeout=20 -artifact_prefix=$(FUZZ_OUT)/artifacts/$$t/ -print_final_stats=1 \
			>$(FUZZ_OUT)/$$t.log 2>&1 || failed="$$failed $$t"; \
		grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY)' \
			$(FUZZ_OUT)/$$t.log; \
		$(FUZZ_MERGE) || failed="$$failed $$t(merge)"; \
		echo "fuzz: $$t: $$(ls fuzz/corpus/$$t | wc -l) inputs saved, $$(cat fuzz/corpus/$$t/* | wc -c) bytes"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashed:$$failed (see $(FUZZ_OUT)/artifacts)"; exit 1; fi
