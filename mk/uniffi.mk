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
# What the jar's users put beside it: JNA and the Kotlin standard library;
# the tests also use Gson and Kotlin's reflection.
JVM_CP := $(JNA_JAR):$(KOTLIN_HOME)/lib/kotlin-stdlib.jar
KOTLIN_CP := $(JVM_CP):$(GSON_JAR):$(KOTLIN_HOME)/lib/kotlin-reflect.jar

PY_VENV := $(TOOLS)/python-maturin

TEST_STEPS += test-uniffi-generated test-kotlin test-java test-python
BENCH_STEPS += bench-uniffi bench-python

.PHONY: bindings uniffi-library test-uniffi test-uniffi-generated test-kotlin \
	test-python python-wheel python-env bench-uniffi bench-python kotlin-tools python-tools

## Builds the library and the pinned uniffi-bindgen, each as maturin's
## build of the wheel does (the generator by its binary's name from the
## workspace), so the two builds share every compiled crate.
uniffi-library:
	$(CARGO) build -p licence-uniffi
	$(CARGO) build --bin uniffi-bindgen

## Regenerates the Kotlin, Swift and Python sources from the built library.
bindings: uniffi-library
	rm -rf $(UNIFFI_GENERATED)
	for lang in kotlin swift python; do \
		$(UNIFFI_BINDGEN) generate --no-format --language $$lang \
			--out-dir $(UNIFFI_GENERATED)/$$lang $(UNIFFI_DEBUG_LIB) || exit 1; \
	done

test-uniffi: test-uniffi-generated test-kotlin test-java test-python

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

JVM_OUT := $(UNIFFI_TARGET)/jvm
JVM_JAR := $(JVM_OUT)/licence-engine-$(VERSION).jar
JVM_POM := $(JVM_OUT)/licence-engine-$(VERSION).pom
## The native library the jar carries: the debug build unless told otherwise
## (`make jar JVM_LIBRARY=target/release/liblicence_uniffi.so`).
JVM_LIBRARY ?= $(UNIFFI_DEBUG_LIB)

.PHONY: jar test-java

## The jar: the generated Kotlin compiled, the native library under
## linux-x86-64/ (where JNA looks on the class path), and the pom naming the
## JNA and kotlin-stdlib versions it was built against.
jar: $(JVM_JAR)

# The debug library, rebuilt by cargo when its sources changed (what depends
# on it is remade only then).
$(UNIFFI_DEBUG_LIB): uniffi-library

$(JVM_JAR): $(UNIFFI_GENERATED)/kotlin/licence/licence.kt $(JVM_LIBRARY) bindings/uniffi/pom.xml.in \
		| kotlin-tools
	rm -rf $(JVM_OUT)/classes && mkdir -p $(JVM_OUT)/classes/linux-x86-64
	$(KOTLINC) -nowarn -cp $(JNA_JAR) -d $(JVM_OUT)/classes $(UNIFFI_GENERATED)/kotlin/licence/licence.kt
	cp $(JVM_LIBRARY) $(JVM_OUT)/classes/linux-x86-64/liblicence_uniffi.so
	sed -e 's|@version@|$(VERSION)|' \
		-e "s|@jna_version@|$$(dpkg-query -W -f='$${Version}' libjna-java | sed 's/-.*//')|" \
		-e 's|@kotlin_version@|$(KOTLIN_VERSION)|' bindings/uniffi/pom.xml.in > $(JVM_POM)
	mkdir -p $(JVM_OUT)/classes/META-INF/maven/org.licence-engine/licence-engine
	cp $(JVM_POM) $(JVM_OUT)/classes/META-INF/maven/org.licence-engine/licence-engine/pom.xml
	jar --create --file $@ -C $(JVM_OUT)/classes .

$(KOTLIN_OUT)/tests.jar: $(JVM_JAR) $(wildcard tests/kotlin/*.kt)
	mkdir -p $(KOTLIN_OUT)
	$(KOTLINC) -nowarn -cp $(JVM_JAR):$(KOTLIN_CP) -d $@ $(wildcard tests/kotlin/*.kt)

## The conformance vectors and the mobile scenario on the JVM, against the
## jar (its native library included).
test-kotlin: $(KOTLIN_OUT)/tests.jar
	java -cp $<:$(JVM_JAR):$(KOTLIN_CP) licence.tests.MainKt tests/vectors

## The README's Java example, compiled with javac against the jar and run
## with the jar, JNA and kotlin-stdlib alone on the class path.
test-java: $(JVM_JAR)
	rm -rf $(JVM_OUT)/java && mkdir -p $(JVM_OUT)/java
	javac -Werror -d $(JVM_OUT)/java -cp $(JVM_JAR):$(JVM_CP) tests/java/Example.java
	java -cp $(JVM_OUT)/java:$(JVM_JAR):$(JVM_CP) Example > $(JVM_OUT)/java/out.txt
	cat $(JVM_OUT)/java/out.txt
	printf '%s\n' 'Forklift: EXPIRING, 45 days left' 'person `bob` not found (not_found)' | \
		diff - $(JVM_OUT)/java/out.txt

MATURIN_VERSION := 1.16.0
PY_ENV := $(UNIFFI_TARGET)/python-env

## maturin (pinned) in a virtual environment under $(TOOLS).
python-tools:
	@if [ "$$($(PY_VENV)/bin/maturin --version 2>/dev/null)" != "maturin $(MATURIN_VERSION)" ]; then \
		$(PYTHON) -m venv $(PY_VENV) && $(PY_VENV)/bin/pip install --quiet maturin==$(MATURIN_VERSION); \
	fi

## The wheel (`licence-engine`, module `licence`) in target/wheels/dev, built by
## maturin from the debug build; `python-wheel MATURIN_PROFILE=release` for
## the one to ship.
MATURIN_PROFILE ?= dev
PY_WHEELS := $(UNIFFI_TARGET)/wheels/$(MATURIN_PROFILE)
python-wheel: python-tools
	rm -rf $(PY_WHEELS)
	cd bindings/uniffi && $(abspath $(PY_VENV))/bin/maturin build --quiet --profile $(MATURIN_PROFILE) \
		--compatibility linux --out $(abspath $(PY_WHEELS))

## A fresh virtual environment with the wheel installed by pip, pytest, and
## icalendar (the independent parser of the calendar export's text).
python-env: python-wheel
	rm -rf $(PY_ENV)
	$(PYTHON) -m venv $(PY_ENV)
	$(PY_ENV)/bin/pip install --quiet pytest icalendar $(PY_WHEELS)/licence_engine-*.whl

# pytest in that environment (the tests to run follow).
PYTEST := PYTHONDONTWRITEBYTECODE=1 $(PY_ENV)/bin/pytest -q -p no:cacheprovider

## The vectors, the scenarios and the README example against the installed
## package.
test-python: python-env
	$(PYTEST) tests/python

# The Rust side of the door benchmarks (Kotlin, Python, Node, PHP): the
# median nanoseconds of the engine's status batch of 100,000 licences.
RUST_STATUS_NS = $(CARGO) bench -q -p licence-uniffi --bench status | awk '/^rust_ns/ {print $$2}'

## Status of 100,000 licences: Kotlin through the binding vs the Rust call.
bench-uniffi: kotlin-tools bindings
	$(CARGO) build --release -p licence-uniffi
	mkdir -p $(KOTLIN_OUT)
	$(KOTLINC) -nowarn -cp $(KOTLIN_CP) -d $(KOTLIN_OUT)/bench.jar \
		$(UNIFFI_GENERATED)/kotlin/licence/licence.kt tests/kotlin/bench/Bench.kt
	rust_ns="$$($(RUST_STATUS_NS))" && \
	java -Djna.library.path=$(dir $(UNIFFI_RELEASE_LIB)) -cp $(KOTLIN_OUT)/bench.jar:$(KOTLIN_CP) \
		licence.bench.BenchKt "$$rust_ns"

PY_BENCH_ENV := $(UNIFFI_TARGET)/python-bench-env

## Status of 100,000 licences: Python through the installed release wheel vs
## the Rust call.
bench-python:
	$(MAKE) --no-print-directory python-wheel MATURIN_PROFILE=release
	rm -rf $(PY_BENCH_ENV) && $(PYTHON) -m venv $(PY_BENCH_ENV)
	$(PY_BENCH_ENV)/bin/pip install --quiet $(UNIFFI_TARGET)/wheels/release/licence_engine-*.whl
	rust_ns="$$($(RUST_STATUS_NS))" && \
	$(PY_BENCH_ENV)/bin/python tests/python/bench/status.py "$$rust_ns"
