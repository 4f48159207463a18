# npm package for Node (bindings/js): `make js-package` transpiles the two
# WebAssembly components with the pinned jco into target/js/package (ES
# modules and TypeScript declarations), adds the hand-written wrappers and
# packs target/js/licence-engine-<version>.tgz; test-js installs that
# tarball into a fresh folder and, importing the package by its name,
# type-checks a consumer's TypeScript and runs the Node suites there (every
# conformance vector through the typed exports, a back end's scenario, the
# README example); bench-js times the status batch from Node through the
# rules component against the same call in Rust.

JS_TARGET := $(abspath $(or $(CARGO_TARGET_DIR),target))
JS_COMPONENTS := $(or $(COMPONENTS_DIR),target/components)
JS_OUT := $(JS_TARGET)/js
JS_PACKAGE := $(JS_OUT)/package
JS_CONSUMER := $(JS_OUT)/consumer
JS_TARBALL := $(JS_OUT)/licence-engine-$(VERSION).tgz
JCO_VERSION := 1.35.0
JCO_HOME := $(TOOLS)/jco-$(JCO_VERSION)
JCO := $(JCO_HOME)/node_modules/.bin/jco
# The TypeScript compiler jco depends on, to type-check a consumer's code.
JS_TSC := $(JCO_HOME)/node_modules/typescript/bin/tsc
NPM_QUIET := --no-audit --no-fund --silent
# The conformance vectors and the schema that test-js reads.
JS_VECTORS ?= $(CURDIR)/tests/vectors
JS_SCHEMA ?= $(CURDIR)/schema/operations.schema.json
# Copies package.json (argv 1) with the version argv 2 to argv 3.
JS_SET_VERSION := const fs = require("fs"); const [, from, version, to] = process.argv; \
	fs.writeFileSync(to, JSON.stringify({ ...JSON.parse(fs.readFileSync(from)), version }, null, 2) + "\n");

TEST_STEPS += test-js
BENCH_STEPS += bench-js

.PHONY: js-tools js-package test-js bench-js

## jco (pinned) from npm into $(TOOLS), with the machine's Node (20 or
## newer) and npm.
js-tools:
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || \
		{ echo "the npm package needs Node.js 20 or newer and npm"; exit 1; }
	@if [ "$$($(JCO) --version 2>/dev/null)" != "$(JCO_VERSION)" ]; then \
		rm -rf $(JCO_HOME) && mkdir -p $(JCO_HOME) && \
		npm install $(NPM_QUIET) --prefix $(JCO_HOME) @bytecodealliance/jco@$(JCO_VERSION); \
	fi

## The package: both components transpiled with `--instantiation sync`
## (the wrappers of bindings/js/src instantiate them: the rules when
## imported, a tracker with the store its host passes, a fresh instance
## after a trap), the wrappers, the README and package.json (its version
## Cargo.toml's), packed by npm.
js-package: wasm js-tools
	rm -rf $(JS_PACKAGE) $(JS_OUT)/licence-engine-*.tgz && mkdir -p $(JS_PACKAGE)/generated
	for world in rules tracker; do \
		$(JCO) transpile $(JS_COMPONENTS)/licence-$$world.wasm --name licence-$$world \
			--instantiation sync -o $(JS_PACKAGE)/generated/$$world --quiet || exit 1; \
	done
	@if grep -rl "@bytecodealliance/" $(JS_PACKAGE)/generated; then \
		echo "the transpiled components import a jco package (WASI?): the package has no dependencies"; \
		exit 1; fi
	cp bindings/js/src/*.js bindings/js/src/*.d.ts bindings/js/README.md $(JS_PACKAGE)/
	node -e '$(JS_SET_VERSION)' bindings/js/package.json "$(VERSION)" $(JS_PACKAGE)/package.json
	cd $(JS_PACKAGE) && npm pack --silent --pack-destination $(JS_OUT) >/dev/null
	@ls -l $(JS_TARBALL)

## The package installed from its tarball in a folder of its own: a
## consumer's TypeScript type-checked against its declarations, then the
## Node suites; prints `node: N passed, M failed`.
test-js: js-package
	rm -rf $(JS_CONSUMER) && mkdir -p $(JS_CONSUMER)
	printf '{ "name": "licence-engine-consumer", "private": true, "type": "module" }\n' \
		> $(JS_CONSUMER)/package.json
	cd $(JS_CONSUMER) && npm install $(NPM_QUIET) $(JS_TARBALL)
	cp bindings/js/test/*.js bindings/js/test/types.ts bindings/js/test/tsconfig.json \
		bindings/js/examples/example.mjs bindings/js/examples/example.out $(JS_CONSUMER)/
	cd $(JS_CONSUMER) && node $(JS_TSC) -p tsconfig.json
	cd $(JS_CONSUMER) && \
		LICENCE_VECTORS=$(JS_VECTORS) LICENCE_SCHEMA=$(JS_SCHEMA) \
		node --test --test-reporter=tap *.test.js > tap.txt; \
		status=$$?; cat tap.txt; \
		awk '/^# pass / {p = $$3} /^# fail / {f += $$3} /^# cancelled / {f += $$3} \
			END {printf "node: %d passed, %d failed\n", p, f; exit (p > 0 && f == 0) ? 0 : 1}' tap.txt \
		&& [ $$status -eq 0 ]

## Status of 100,000 licences: Node through the rules component vs Rust.
bench-js: js-package
	rust_ns="$$($(RUST_STATUS_NS))" && \
	node bindings/js/bench/status.mjs "$$rust_ns" $(JS_PACKAGE)
