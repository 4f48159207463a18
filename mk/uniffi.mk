# Kotlin, Swift and Python bindings (bindings/uniffi): `make bindings`
# regenerates the checked-in sources with the pinned uniffi-bindgen;
# test-uniffi fails when they are stale and runs the Kotlin (JVM + JNA) and
# Python suites; bench-uniffi compares a batch status call from Kotlin with
# the same call in Rust.

UNIFFI_TARGET := $(or $(CARGO_TARGET_DIR),target)
UNIFFI_GENERATED := bindings/uniffi/generated
UNIFFI_DEBUG_LIB := $(UNIFFI_TARGET)/debug/liblicence_uniffi.so
UNIFFI_RELEASE_LIB := $(UNIFFI_TARGET)/release/liblicence_uniffi.so
UNIFFI_BINDGEN := $(UNIFFI_TARGET)/debug/uniffi-bindgen

KOTLIN_VERSION := 2.4.20
KOTLIN_HOME := $(TOOLS)/kotlin-compiler-$(KOTLIN_VERSION)
KOTLINC := $(KOTLIN_HOME)/bin/kotlinc
JNA_JAR := /usr/share/java/jna.jar
GSON_JAR := /usr/share/java/gson.jar
KOTLIN_OUT := $(UNIFFI_TARGET)/kotlin
KOTLIN_CP := $(JNA_JAR):$(GSON_JAR):$(KOTLIN_HOME)/lib/kotlin-stdlib.jar:$(KOTLIN_HOME)/lib/kotlin-reflect.jar

PYTHON ?= python3
PY_VENV := $(TOOLS)/python-uniffi
PY_MODULE_DIR := $(UNIFFI_TARGET)/python-uniffi

TEST_STEPS += test-uniffi
BENCH_STEPS += bench-uniffi

.PHONY: bindings uniffi-library test-uniffi test-uniffi-generated test-kotlin \
	test-python python-module bench-uniffi kotlin-tools python-tools

## Builds the library and the pinned uniffi-bindgen in one go (one feature
## set, so the two never disagree).
uniffi-library:
	$(CARGO) build -p licence-uniffi --features bindgen

## Regenerates the Kotlin, Swift and Python sources from the built library.
bindings: uniffi-library
	rm -rf $(UNIFFI_GENERATED)
	for lang in kotlin swift python; do \
		$(UNIFFI_BINDGEN) generate --no-format --language $$lang \
			--out-dir $(UNIFFI_GENERATED)/$$lang $(UNIFFI_DEBUG_LIB) || exit 1; \
	done

test-uniffi: test-uniffi-generated test-kotlin test-python

## Fails when the checked-in sources differ from freshly generated ones.
test-uniffi-generated: bindings
	git diff --exit-code -- $(UNIFFI_GENERATED)
	@untracked="$$(git ls-files --others --exclude-standard -- $(UNIFFI_GENERATED))"; \
	if [ -n "$$untracked" ]; then echo "not checked in: $$untracked"; exit 1; fi

## kotlinc from npm into $(TOOLS); JNA and Gson from Debian.
kotlin-tools:
	@if [ ! -x $(KOTLINC) ]; then \
		mkdir -p $(TOOLS) && cd $(TOOLS) && \
		npm pack --silent kotlin-compiler@$(KOTLIN_VERSION) >/dev/null && \
		rm -rf $(KOTLIN_HOME).tmp && mkdir -p $(KOTLIN_HOME).tmp && \
		tar xzf kotlin-compiler-$(KOTLIN_VERSION).tgz -C $(KOTLIN_HOME).tmp --strip-components=1 && \
		rm kotlin-compiler-$(KOTLIN_VERSION).tgz && \
		chmod +x $(KOTLIN_HOME).tmp/bin/* && mv $(KOTLIN_HOME).tmp $(KOTLIN_HOME); \
	fi
	@if [ ! -f $(JNA_JAR) ] || [ ! -f $(GSON_JAR) ]; then \
		apt-get update && apt-get install -y libjna-java libgoogle-gson-java; \
	fi

$(KOTLIN_OUT)/tests.jar: kotlin-tools bindings $(wildcard tests/kotlin/*.kt)
	mkdir -p $(KOTLIN_OUT)
	$(KOTLINC) -nowarn -cp $(KOTLIN_CP) -d $@ \
		$(UNIFFI_GENERATED)/kotlin/licence/licence.kt $(wildcard tests/kotlin/*.kt)

## The conformance vectors and the mobile scenario on the JVM.
test-kotlin: $(KOTLIN_OUT)/tests.jar
	java -Djna.library.path=$(dir $(UNIFFI_DEBUG_LIB)) -cp $<:$(KOTLIN_CP) \
		licence.tests.MainKt tests/vectors

## pytest in a virtual environment under $(TOOLS).
python-tools:
	@if [ ! -x $(PY_VENV)/bin/pytest ]; then \
		$(PYTHON) -m venv $(PY_VENV) && $(PY_VENV)/bin/pip install --quiet pytest; \
	fi

## The generated Python module next to the debug library, for pytest.
python-module: python-tools bindings
	rm -rf $(PY_MODULE_DIR) && mkdir -p $(PY_MODULE_DIR)
	cp $(UNIFFI_GENERATED)/python/licence.py $(UNIFFI_DEBUG_LIB) $(PY_MODULE_DIR)/

# pytest on the module (the tests to run follow).
PYTEST := PYTHONDONTWRITEBYTECODE=1 LICENCE_PYTHON_MODULE_DIR=$(PY_MODULE_DIR) \
	$(PY_VENV)/bin/pytest -q -p no:cacheprovider

## The same vectors and scenario against the generated Python module.
test-python: python-module
	$(PYTEST) tests/python

## Status of 100,000 licences: Kotlin through the binding vs the Rust call.
bench-uniffi: kotlin-tools bindings
	$(CARGO) build --release -p licence-uniffi
	mkdir -p $(KOTLIN_OUT)
	$(KOTLINC) -nowarn -cp $(KOTLIN_CP) -d $(KOTLIN_OUT)/bench.jar \
		$(UNIFFI_GENERATED)/kotlin/licence/licence.kt tests/kotlin/bench/Bench.kt
	rust_ns="$$($(CARGO) bench -q -p licence-uniffi --bench status | awk '/^rust_ns/ {print $$2}')" && \
	java -Djna.library.path=$(dir $(UNIFFI_RELEASE_LIB)) -cp $(KOTLIN_OUT)/bench.jar:$(KOTLIN_CP) \
		licence.bench.BenchKt "$$rust_ns"
