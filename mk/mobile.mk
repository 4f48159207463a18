# Size-first builds for phones and embedded hosts: `make mobile` builds the
# uniffi library (Kotlin, Swift, Python) and the C library with the
# `mobile` profile of Cargo.toml (size-optimised, LTO, one codegen unit),
# without the PostgreSQL store and with SQLite's full-text search, R*Tree,
# statistics tables and extension loading left out, then writes stripped
# copies into target/mobile/stripped. bench-size prints their sizes, the
# uniffi library's with panics aborting, and what each crate contributes.
#
# A cross build for a phone uses the same profile and SQLite flags, e.g.
# LIBSQLITE3_FLAGS="$(MOBILE_SQLITE_FLAGS)" cargo ndk … --profile mobile.

MOBILE_TARGET := $(or $(CARGO_TARGET_DIR),target)
MOBILE_OUT := $(MOBILE_TARGET)/mobile
MOBILE_SQLITE_FLAGS := -USQLITE_ENABLE_FTS3 -USQLITE_ENABLE_FTS3_PARENTHESIS \
	-USQLITE_ENABLE_FTS5 -USQLITE_ENABLE_RTREE -USQLITE_ENABLE_DBSTAT_VTAB \
	-USQLITE_ENABLE_STAT4 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_DEPRECATED \
	-DSQLITE_OMIT_SHARED_CACHE -DSQLITE_OMIT_PROGRESS_CALLBACK
MOBILE_LIBRARIES := liblicence_uniffi.so liblicence.so

BENCH_STEPS += bench-size

.PHONY: mobile bench-size

# Builds $(2) size-first into the target folder $(1) and writes stripped
# copies into $(1)/mobile/stripped; $(3) sets more of the environment.
define mobile_build
	$(3) LIBSQLITE3_FLAGS="$(MOBILE_SQLITE_FLAGS)" $(CARGO) build --profile mobile \
		--no-default-features $(foreach p,$(2),-p $(p)) --lib --target-dir $(1)
	mkdir -p $(1)/mobile/stripped
	for lib in $(MOBILE_LIBRARIES); do \
		[ ! -f $(1)/mobile/$$lib ] || strip --strip-all -o $(1)/mobile/stripped/$$lib $(1)/mobile/$$lib; \
	done
endef

mobile:
	$(call mobile_build,$(MOBILE_TARGET),licence-uniffi licence-c)

# The uniffi library is also built with panics aborting, in a folder of its
# own (a panic strategy is a different build of every crate), to show what
# unwinding costs.
bench-size: mobile
	$(call mobile_build,$(MOBILE_TARGET)/panic-abort,licence-uniffi,CARGO_PROFILE_MOBILE_PANIC=abort)
	@for lib in $(MOBILE_OUT)/stripped/*.so $(MOBILE_TARGET)/panic-abort/mobile/stripped/*.so; do \
		bytes=$$(stat -c %s $$lib); \
		echo "size: $$lib: $$bytes bytes ($$(( bytes / 1024 )) KiB)"; \
	done
	$(PYTHON) scripts/crate-sizes.py $(MOBILE_OUT)/liblicence_uniffi.so 15
