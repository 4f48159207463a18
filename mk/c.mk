# C library (bindings/c): `make header` regenerates include/licence.h with the
# pinned cbindgen; `make pkgconfig` writes target/pkgconfig/licence.pc (and
# licence-static.pc) for the release library; test-c fails when the header
# is stale, then builds the C test program with -Wall -Wextra -Werror and
# runs it under valgrind, and compiles and runs the README example through
# pkg-config (shared and static); test-c-install installs the library into a
# temporary prefix with `make install` and builds the README example against
# that copy; bench-c times the status batch of a million licences from a C
# program against the same call in Rust.
#
# `make install PREFIX=/usr/local` (and DESTDIR= for staging) installs the
# headers, liblicence.so.VERSION with its soname link and liblicence.so, the
# static library and pkg-config files naming the prefix; C_PROFILE=dev
# installs the debug build instead of the release one.

C_TARGET := $(abspath $(or $(CARGO_TARGET_DIR),target))
C_OUT := $(C_TARGET)/c
C_HEADER := include/licence.h
CBINDGEN_VERSION := 0.29.4
CBINDGEN := $(TOOLS)/bin/cbindgen
C_DEBIAN_PACKAGES := gcc g++ libcjson-dev valgrind pkg-config
C_WARNINGS := -std=c11 -Wall -Wextra -Werror
C_TEST_SOURCES := tests/c/main.c tests/c/vectors.c tests/c/calls.c
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
C_PROFILE ?= release
C_PROFILE_DIR := $(if $(filter dev,$(C_PROFILE)),debug,$(C_PROFILE))
VALGRIND := valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1

TEST_STEPS += test-c test-c-install
BENCH_STEPS += bench-c

.PHONY: header pkgconfig test-c test-c-header test-c-install c-tools c-library bench-c \
	install uninstall

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

# The soname the library in $(1) was linked with (see bindings/c/build.rs).
c_soname = $$(objdump -p $(1)/liblicence.so | awk '$$1 == "SONAME" {print $$2}')

# Writes the pkg-config files into $(2) for headers in $(3) and the library
# in $(1); $(4) is the prefix they name, $(5) extra linker flags.
define c_pkgconfig
	mkdir -p $(2)
	for pc in licence licence-static; do \
		sed -e 's|@prefix@|$(4)|' -e 's|@includedir@|$(3)|' -e 's|@libdir@|$(1)|' \
			-e 's|@version@|$(VERSION)|' -e 's|@rpath@|$(5)|' \
			bindings/c/$$pc.pc.in > $(2)/$$pc.pc || exit 1; \
	done
endef

# Pkg-config files for the library built in $(1), written into $(2), with
# the link by soname that programs built against it load.
define c_build_tree
	ln -sf liblicence.so $(1)/$(call c_soname,$(1))
	$(call c_pkgconfig,$(1),$(2),$(CURDIR)/include,$(CURDIR), -Wl$(comma)-rpath$(comma)$(1))
endef
comma := ,

## target/pkgconfig/licence.pc for the release library (build it with
## `cargo build --release -p licence-c`); use PKG_CONFIG_PATH=target/pkgconfig.
pkgconfig:
	$(call c_build_tree,$(C_TARGET)/release,$(C_TARGET)/pkgconfig)

## The debug library, and pkg-config files for it in target/debug/pkgconfig.
c-library:
	$(CARGO) build -p licence-c
	$(call c_build_tree,$(C_TARGET)/debug,$(C_TARGET)/debug/pkgconfig)

## Installs the C library under $(PREFIX): headers, the shared library with
## its soname link and development link, the static library, pkg-config files.
install:
	$(CARGO) build --profile $(C_PROFILE) -p licence-c
	soname=$(call c_soname,$(C_TARGET)/$(C_PROFILE_DIR)) && \
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig && \
	install -m 644 $(C_HEADER) include/licence_operations.h $(DESTDIR)$(INCLUDEDIR)/ && \
	install -m 755 $(C_TARGET)/$(C_PROFILE_DIR)/liblicence.so $(DESTDIR)$(LIBDIR)/liblicence.so.$(VERSION) && \
	ln -sf liblicence.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$$soname && \
	ln -sf $$soname $(DESTDIR)$(LIBDIR)/liblicence.so && \
	install -m 644 $(C_TARGET)/$(C_PROFILE_DIR)/liblicence.a $(DESTDIR)$(LIBDIR)/
	$(call c_pkgconfig,$(LIBDIR:$(PREFIX)%=$${prefix}%),$(DESTDIR)$(LIBDIR)/pkgconfig,$(INCLUDEDIR:$(PREFIX)%=$${prefix}%),$(PREFIX),)

## Removes what `make install` installed under $(PREFIX).
uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/licence.h $(DESTDIR)$(INCLUDEDIR)/licence_operations.h \
		$(DESTDIR)$(LIBDIR)/liblicence.so* $(DESTDIR)$(LIBDIR)/liblicence.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/licence.pc $(DESTDIR)$(LIBDIR)/pkgconfig/licence-static.pc

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

C_INSTALLED := $(C_OUT)/installed

## `make install` into a temporary prefix (the debug build), then the README
## example built against that copy through its pkg-config files, shared and
## static, and run from it through the soname link.
test-c-install: c-tools test-c-header
	rm -rf $(C_INSTALLED)
	$(MAKE) --no-print-directory install C_PROFILE=dev PREFIX=$(C_INSTALLED)
	soname=$(call c_soname,$(C_INSTALLED)/lib) && \
	test "$$soname" = "$$(readlink $(C_INSTALLED)/lib/liblicence.so)" && \
	test "$$(readlink $(C_INSTALLED)/lib/$$soname)" = liblicence.so.$(VERSION) && \
	grep -qx 'prefix=$(C_INSTALLED)' $(C_INSTALLED)/lib/pkgconfig/licence.pc
	PKG_CONFIG_PATH=$(C_INSTALLED)/lib/pkgconfig sh -c '\
		$(CC) $(C_WARNINGS) tests/c/example.c -o $(C_OUT)/example-installed $$(pkg-config --cflags --libs licence) && \
		$(CC) $(C_WARNINGS) tests/c/example.c -o $(C_OUT)/example-installed-static $$(pkg-config --cflags --libs licence-static)'
	LD_LIBRARY_PATH=$(C_INSTALLED)/lib ldd $(C_OUT)/example-installed | grep -q '$(C_INSTALLED)/lib/liblicence.so'
	LD_LIBRARY_PATH=$(C_INSTALLED)/lib $(C_OUT)/example-installed | grep -qx 'person: not_found: person `bob` not found'
	$(C_OUT)/example-installed-static | grep -qx 'licence 0: expired'

## Status of 1,000,000 licences: the C call from a C program and through its
## Rust symbol, against core's evaluate_into in Rust.
bench-c: c-tools
	$(CARGO) build --release -p licence-c
	ln -sf liblicence.so $(C_TARGET)/release/$(call c_soname,$(C_TARGET)/release)
	mkdir -p $(C_OUT)
	$(CC) $(C_WARNINGS) -O2 -Iinclude tests/c/bench_status.c -o $(C_OUT)/bench_status \
		-L$(C_TARGET)/release -Wl,-rpath,$(C_TARGET)/release -llicence
	core_ns="$$($(CARGO) bench -q -p licence-c --bench status | awk '{ print > "/dev/stderr" } /^core_ns/ {print $$2}')" && \
	$(C_OUT)/bench_status "$$core_ns"
