# PostgreSQL store (core/src/store/postgres.rs). test-postgres starts a
# throwaway server with scripts/with-postgres.sh (stopped at the end even
# when a test fails) and runs on it: core's PostgreSQL suites (every tracker
# vector, the atomicity of every write, the store contract, migrations, a
# restarted server, several processes writing and claiming reminders), the
# README's C example and the Python scenario on organisations opened by URL,
# and the demo inside the
# tracker component with the host's store in PostgreSQL. Without the server
# (`make unit`) those Rust tests are reported as ignored. bench-postgres
# runs the tracker bench on PostgreSQL next to SQLite and hand-written SQL.

POSTGRES_TARGET := $(or $(CARGO_TARGET_DIR),target)
WITH_POSTGRES := scripts/with-postgres.sh
POSTGRES_CORE_TEST := $(CARGO) test -q -p licence-core --features postgres

TEST_STEPS += test-postgres
BENCH_STEPS += bench-postgres

.PHONY: postgres-tools test-postgres bench-postgres

## The PostgreSQL server from Debian.
postgres-tools:
	@dpkg -s postgresql >/dev/null 2>&1 || { apt-get update && apt-get install -y postgresql; }

test-postgres: postgres-tools wasm python-env c-tools c-library
	mkdir -p $(C_OUT)
	$(CC) $(C_WARNINGS) -Iinclude tests/c/example.c -o $(C_OUT)/example-postgres \
		-L$(C_TARGET)/debug -Wl,-rpath,$(C_TARGET)/debug -llicence
	$(WITH_POSTGRES) sh -c '\
		$(C_OUT)/example-postgres "$$LICENCE_TEST_POSTGRES?schema=c_example" \
			>$(C_OUT)/example-postgres.out && cat $(C_OUT)/example-postgres.out && \
		grep -q "status_counts: {\"active\":0,\"expired\":0,\"expiring\":1}" \
			$(C_OUT)/example-postgres.out && \
		$(POSTGRES_CORE_TEST) --test postgres -- --include-ignored --test-threads=1 && \
		$(POSTGRES_CORE_TEST) --test tracker_atomicity --test store_props --test custody_rights -- --include-ignored postgres && \
		$(PYTEST) tests/python/test_scenario.py && \
		$(CARGO) run -q -p licence-host --bin licence-host -- --people 300 \
			--out $(POSTGRES_TARGET)/demo-postgres --db "$$LICENCE_TEST_POSTGRES?schema=demo"'

bench-postgres: postgres-tools
	$(WITH_POSTGRES) $(CARGO) bench -p licence-core --features postgres --bench postgres
