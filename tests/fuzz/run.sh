#!/usr/bin/env bash
# make fuzz: schemathesis (pinned) against a freshly seeded server, on SQLite and on PostgreSQL.
# Fails when any case gets a 5xx or an answer the description does not allow (status, media
# type, headers, body schema, 405/Allow). Other findings are counted and printed, not fatal;
# docs/SECURITY.md records the figures of the last run.
#
#   FUZZ_EXAMPLES   cases per operation and phase (default 20)
#   FUZZ_SECONDS    time budget per database (default 300)
#   FUZZ_PG_URL     admin URL of a PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres;
#                   set to "" to fuzz SQLite only)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${CARGO_TARGET_DIR:?}"
BIN="$CARGO_TARGET_DIR/debug/seforce"
ST_VERSION=4.32.5
VENV="$CARGO_TARGET_DIR/venv-schemathesis-$ST_VERSION"
EXAMPLES="${FUZZ_EXAMPLES:-20}"
SECONDS_PER_DB="${FUZZ_SECONDS:-300}"
PG_URL="${FUZZ_PG_URL-postgres://postgres@127.0.0.1:5432/postgres}"
PORT="${FUZZ_PORT:-18097}"

if [ ! -x "$VENV/bin/st" ]; then
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install --quiet "schemathesis==$ST_VERSION"
fi

# Checks that must find nothing: a server error, or an answer outside the description.
FATAL="ST101 ST102 ST103 ST104 ST105 ST106 ST107 ST108 ST109 ST110 ST204 ST205"

run_one() { # name database-url
	local name=$1 url=$2 tmp pid token log
	tmp=$(mktemp -d)
	log="$CARGO_TARGET_DIR/fuzz-$name.log"
	"$BIN" serve --seed-demo --bind "127.0.0.1:$PORT" --data-dir "$tmp" --log warn --spa-dir /nonexistent \
		${url:+--database-url "$url"} > "$tmp/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
	token=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'content-type: application/json' \
		-d '{"login":"admin","password":"Demo-Pass-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
	set +e
	"$VENV/bin/st" run "http://127.0.0.1:$PORT/api/openapi.json" --url "http://127.0.0.1:$PORT" \
		-H "Authorization: Bearer $token" --checks all --max-examples "$EXAMPLES" --max-time "$SECONDS_PER_DB" \
		--seed 20261207 --workers 2 --exclude-path-regex 'auth/logout' --no-color > "$log" 2>&1
	set -e
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if grep -q ' 500 \| panicked' "$tmp/server.log"; then grep -m5 ' 500 \|panicked' "$tmp/server.log"; fi
	rm -rf "$tmp"
	python3 - "$name" "$log" "$FATAL" <<'PY'
import re, sys
name, log, fatal = sys.argv[1], sys.argv[2], sys.argv[3].split()
text = open(log, encoding="utf-8").read()
cases = re.search(r"(\d+) generated", text)
found = dict((c, int(n)) for c, n in re.findall(r"(ST\d{3}) [^:\n]+: (\d+)", text.split("SUMMARY")[-1]))
bad = {c: n for c, n in found.items() if c in fatal}
print(f"fuzz {name}: {cases.group(1) if cases else '?'} cases generated; "
      f"5xx: {found.get('ST101', 0) + found.get('ST102', 0)}; schema/conformance failures: "
      f"{sum(n for c, n in bad.items() if c not in ('ST101', 'ST102'))}; other findings: "
      f"{ {c: n for c, n in found.items() if c not in fatal} or 'none'} (log: {log})")
sys.exit(1 if bad else 0)
PY
}

status=0
run_one sqlite "" || status=1
if [ -n "$PG_URL" ] && psql "$PG_URL" -Atc 'select 1' >/dev/null 2>&1; then
	db="seforce_fuzz_$$"
	psql "$PG_URL" -qc "create database $db"
	run_one postgres "${PG_URL%/*}/$db" || status=1
	psql "$PG_URL" -qc "drop database if exists $db with (force)" || true
else
	echo "fuzz: no PostgreSQL at FUZZ_PG_URL; SQLite only"
fi
exit $status
