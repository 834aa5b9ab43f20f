# seforce — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Reuse a cargo target directory outside the clone when the machine has one.
CARGO_TARGET_DIR ?= $(if $(wildcard /work/cargo-target),/work/cargo-target,$(CURDIR)/target)
export CARGO_TARGET_DIR
BIN := $(CARGO_TARGET_DIR)/debug/seforce
RELEASE_BIN := $(CARGO_TARGET_DIR)/release/seforce
E2E_PORT ?= 18080

.PHONY: client-test run test setup spa build openapi openapi-check fmt fmt-check lint module-cycles test-rust test-pg frontend-check e2e bench fuzz clean-test-dbs

## run: install frontend packages, build the SPA and the server, migrate, load demo data once, serve on :8080
run: spa build
	$(BIN) serve --seed-demo

## test: every check, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL, browser tests included
test: fmt-check lint module-cycles test-rust test-pg openapi-check client-test frontend-check e2e
	@echo "make test: all checks passed"

setup:
	@if [ ! -d frontend/node_modules ]; then cd frontend && npm ci --no-audit --no-fund; fi

spa: setup
	cd frontend && npm run build

build:
	cargo build -p server

## openapi: regenerate openapi/openapi.json and the SPA's generated types
openapi: build
	$(BIN) openapi --out openapi/openapi.json
	@if [ -d frontend/node_modules ]; then cd frontend && npm run gen:api; fi

## openapi-check: fail when the committed description differs from the code
openapi-check: build
	$(BIN) openapi --out $(CARGO_TARGET_DIR)/openapi.check.json
	@diff -q openapi/openapi.json $(CARGO_TARGET_DIR)/openapi.check.json >/dev/null || { echo "openapi/openapi.json is stale: run 'make openapi'"; diff openapi/openapi.json $(CARGO_TARGET_DIR)/openapi.check.json | head -40; exit 1; }
	@echo "openapi: no drift"

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings

## module-cycles: fail when modules inside a crate import each other in a circle (tests/module_cycles.rs)
module-cycles:
	cargo test -p journeys --test module_cycles

## test-rust: the Rust suites on SQLite, whatever TEST_DATABASE_URL says (test-pg runs them on it)
test-rust:
	env -u TEST_DATABASE_URL cargo test --workspace

test-pg:
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		echo "== the Rust suites again on PostgreSQL"; \
		cargo test --workspace; \
	else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

frontend-check: setup
	cd frontend && npm run typecheck && npm run lint && npm run test && npm run check:api

## e2e: browser tests in Debian's Chromium against a freshly seeded server
e2e: spa build
	@tmp=$$(mktemp -d); \
	$(BIN) serve --seed-demo --bind 127.0.0.1:$(E2E_PORT) --data-dir $$tmp --log warn > $$tmp/server.log 2>&1 & pid=$$!; \
	trap "kill $$pid 2>/dev/null; rm -rf $$tmp" EXIT; \
	for i in $$(seq 1 100); do curl -sf http://127.0.0.1:$(E2E_PORT)/readyz >/dev/null && break; \
		kill -0 $$pid 2>/dev/null || { cat $$tmp/server.log; exit 1; }; sleep 0.2; done; \
	cd frontend && E2E_BASE_URL=http://127.0.0.1:$(E2E_PORT) npm run e2e

## bench: load test (not a test) on SQLite and PostgreSQL (BENCH_DB=sqlite|postgres|both): see docs/BENCHMARKS.md
## (the exam surge takes about 6.5 minutes per database; SURGE_CANDIDATES=500 SURGE_MINUTES=1 for a quick one)
BENCH_DB ?= both
export BENCH_DB
bench:
	cargo build --release -p server -p bench
	./bench/run.sh
	./bench/training.sh
	./bench/import.sh
	./bench/exam_surge.sh
	@if [ "$$BENCH_DB" != sqlite ]; then ./bench/writers.sh; fi

## client-test: a Python client generated from the description drives login, list, create, refusal, export
client-test: build
	./tests/client/run.sh

## fuzz: schemathesis (pinned, installed into a venv under the target dir) on SQLite and PostgreSQL:
## any 5xx or answer outside the description fails; see tests/fuzz/run.sh and docs/SECURITY.md
fuzz: build
	./tests/fuzz/run.sh

clean-test-dbs:
	@psql -h 127.0.0.1 -U postgres -Atc "select datname from pg_database where datname like 'seforce_test_%'" 2>/dev/null | while read -r db; do psql -h 127.0.0.1 -U postgres -qc "drop database if exists $$db" || true; done
