# PHP package (bindings/php) over the C library with PHP's FFI: `make
# php-package` stages the installable package in target/php/licence-engine
# (the sources, and licence.h preprocessed for FFI::cdef beside them, with
# licence-preload.h for ffi.preload / FFI::load); test-php runs the
# conformance vectors and the scenario through it against the debug
# library, and the README example; bench-php times the status batch of
# 100,000 licences from PHP against the same call in Rust.

PHP_OUT := $(C_TARGET)/php
PHP_PACKAGE := $(PHP_OUT)/licence-engine
PHP_HEADER := $(PHP_PACKAGE)/licence.h
PHP_PRELOAD_HEADER := $(PHP_PACKAGE)/licence-preload.h
PHP_DEBIAN_PACKAGES := php8.2-cli

TEST_STEPS += test-php
BENCH_STEPS += bench-php

.PHONY: php-tools php-header php-package test-php bench-php

## PHP 8.2 from Debian; its FFI extension comes with php8.2-common.
php-tools:
	@missing="$$(for p in $(PHP_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi
	@php -m | grep -qix ffi || { echo "php has no FFI extension"; exit 1; }

# FFI::cdef takes declarations only: it skips preprocessor lines instead of
# running them, so it would read both sides of the header's #if (the C23
# enum bases, C++'s extern "C") and choke. cpp resolves them; the system
# includes are dropped first, as FFI knows int32_t, size_t and the like,
# and the header's #define constants vanish (the package has its own).
$(PHP_HEADER): $(C_HEADER) include/licence_operations.h mk/php.mk | c-tools
	mkdir -p $(@D)
	sed '/^#include </d' $(C_HEADER) | cpp -P -nostdinc -Iinclude - > $@.tmp
	mv $@.tmp $@

# The same declarations for FFI::load() and ffi.preload, which read these
# two defines (and only these) at the top of the file.
$(PHP_PRELOAD_HEADER): $(PHP_HEADER)
	{ printf '#define FFI_SCOPE "LICENCE"\n#define FFI_LIB "liblicence.so"\n'; cat $<; } > $@.tmp
	mv $@.tmp $@

## The header preprocessed for PHP's FFI, and its preload variant.
php-header: $(PHP_HEADER) $(PHP_PRELOAD_HEADER)

## The installable package in target/php/licence-engine: copy it beside
## your code (or use it as a Composer path repository).
php-package: php-header
	mkdir -p $(PHP_PACKAGE)/src
	cp bindings/php/composer.json bindings/php/README.md $(PHP_PACKAGE)/
	cp bindings/php/src/*.php $(PHP_PACKAGE)/src/

## The README example (the same as bindings/php/README.md's; package on
## the include_path, library on the loader's path), the library preloaded
## with ffi.preload, then the vectors and the scenario through the package
## on the debug library.
test-php: php-tools c-library php-package
	for f in bindings/php/src/*.php tests/php/*.php; do php -l $$f >/dev/null || exit 1; done
	$(PYTHON) scripts/readme-examples.py bindings/php/README.md
	LD_LIBRARY_PATH=$(C_TARGET)/debug php -d include_path=$(PHP_PACKAGE)/src \
		tests/php/example.php > $(PHP_OUT)/example.out
	diff -u tests/php/example.expected $(PHP_OUT)/example.out
	LD_LIBRARY_PATH=$(C_TARGET)/debug php -d ffi.enable=preload -d ffi.preload=$(PHP_PRELOAD_HEADER) \
		-d include_path=$(PHP_PACKAGE)/src tests/php/preloaded.php
	php tests/php/run.php $(PHP_HEADER) $(C_TARGET)/debug/liblicence.so tests/vectors

## Status of 100,000 licences through lt_status_batch from PHP (release
## library), against the engine's batch call in Rust.
bench-php: php-tools php-header
	$(CARGO) build --release -p licence-c
	rust_ns="$$($(RUST_STATUS_NS))" && \
	php tests/php/bench.php $(PHP_HEADER) $(C_TARGET)/release/liblicence.so "$$rust_ns"
