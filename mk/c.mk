# C library (bindings/c): `make header` regenerates include/licence.h with the
# pinned cbindgen; `make pkgconfig` writes target/pkgconfig/licence.pc (and
# licence-static.pc) for the release library; test-c fails when the header
# is stale, then builds the C test program with -Wall -Wextra -Werror and
# runs it under valgrind, and compiles and runs the README example through
# pkg-config (shared and static); bench-c times the status batch of a
# million licences from a C program against the same call in Rust.

C_TARGET := $(abspath $(or $(CARGO_TARGET_DIR),target))
C_OUT := $(C_TARGET)/c
C_HEADER := include/licence.h
C_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
CBINDGEN_VERSION := 0.29.4
CBINDGEN := $(TOOLS)/bin/cbindgen
C_DEBIAN_PACKAGES := gcc g++ libcjson-dev valgrind pkg-config
C_WARNINGS := -std=c11 -Wall -Wextra -Werror
C_TEST_SOURCES := tests/c/main.c tests/c/vectors.c tests/c/calls.c
VALGRIND := valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1

TEST_STEPS += test-c
BENCH_STEPS += bench-c

.PHONY: header pkgconfig test-c test-c-header c-tools c-library bench-c

## cbindgen (pinned) into $(TOOLS); the C and C++ compilers, cJSON, valgrind
## and pkg-config from Debian.
c-tools:
	@if [ "$$($(CBINDGEN) --version 2>/dev/null)" != "cbindgen $(CBINDGEN_VERSION)" ]; then \
		$(CARGO) install --locked --root $(TOOLS) cbindgen --version $(CBINDGEN_VERSION); \
	fi
	@missing="$$(for p in $(C_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi

## Regenerates the checked-in headers: licence.h from the crate, and
## licence_operations.h from the engine's registry of operations.
header: c-tools
	cd bindings/c && $(CBINDGEN) --quiet --config cbindgen.toml --crate licence-c \
		--output $(CURDIR)/$(C_HEADER)
	UPDATE_HEADER=1 $(CARGO) test -q -p licence-c --test operations_header

# Writes the pkg-config files for the library built in $(1) into $(2).
define c_pkgconfig
	mkdir -p $(2)
	for pc in licence licence-static; do \
		sed -e 's|@includedir@|$(CURDIR)/include|' -e 's|@libdir@|$(1)|' \
			-e 's|@version@|$(C_VERSION)|' bindings/c/$$pc.pc.in > $(2)/$$pc.pc || exit 1; \
	done
endef

## target/pkgconfig/licence.pc for the release library (build it with
## `cargo build --release -p licence-c`); use PKG_CONFIG_PATH=target/pkgconfig.
pkgconfig:
	$(call c_pkgconfig,$(C_TARGET)/release,$(C_TARGET)/pkgconfig)

## The debug library, and pkg-config files for it in target/debug/pkgconfig.
c-library:
	$(CARGO) build -p licence-c
	$(call c_pkgconfig,$(C_TARGET)/debug,$(C_TARGET)/debug/pkgconfig)

## Fails when the checked-in headers differ from fresh ones.
test-c-header: header
	git diff --exit-code -- include
	@if [ -n "$$(git ls-files --others --exclude-standard -- include)" ]; then \
		echo "include/ has files not checked in"; exit 1; fi

## The vectors and the error cases under valgrind; the README example.
test-c: c-tools test-c-header c-library
	$(CXX) -std=c++17 -Wall -Wextra -Werror -fsyntax-only -Iinclude -x c++ $(C_HEADER)
	$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -Iinclude -x c $(C_HEADER)
	mkdir -p $(C_OUT)
	$(CC) $(C_WARNINGS) -g -Iinclude $(C_TEST_SOURCES) -o $(C_OUT)/test_licence \
		-L$(C_TARGET)/debug -Wl,-rpath,$(C_TARGET)/debug -llicence -lcjson
	$(VALGRIND) $(C_OUT)/test_licence tests/vectors
	PKG_CONFIG_PATH=$(C_TARGET)/debug/pkgconfig sh -c '\
		$(CC) $(C_WARNINGS) tests/c/example.c -o $(C_OUT)/example $$(pkg-config --cflags --libs licence) && \
		$(CC) $(C_WARNINGS) tests/c/example.c -o $(C_OUT)/example-static $$(pkg-config --cflags --libs licence-static)'
	$(VALGRIND) $(C_OUT)/example
	$(C_OUT)/example-static

## Status of 1,000,000 licences: the C call from a C program and through its
## Rust symbol, against core's evaluate_into in Rust.
bench-c: c-tools
	$(CARGO) build --release -p licence-c
	mkdir -p $(C_OUT)
	$(CC) $(C_WARNINGS) -O2 -Iinclude tests/c/bench_status.c -o $(C_OUT)/bench_status \
		-L$(C_TARGET)/release -Wl,-rpath,$(C_TARGET)/release -llicence
	core_ns="$$($(CARGO) bench -q -p licence-c --bench status | tee /dev/stderr | awk '/^core_ns/ {print $$2}')" && \
	$(C_OUT)/bench_status "$$core_ns"
