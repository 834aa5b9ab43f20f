#!/usr/bin/env bash
# Concurrent writers on PostgreSQL (issue 15 §1; a measurement, not a test): 64 connections
# creating persons (POST /api/v1/persons, a new valid person each) against a fresh database,
# for each binary given (default: this tree's release build). Prints one line per binary:
# creates/s, p50, p99, non-2xx. Compare binaries in the same run; absolute numbers move with
# the machine's load.
#
#   bench/writers.sh [seforce-binary ...]
# Knobs: BENCH_PG=postgres://postgres@127.0.0.1:5432 BENCH_DURATION=10s BENCH_WARMUP=3s
#        BENCH_CONNECTIONS=64 BENCH_THREADS=2 BENCH_WORKERS=<cores> BENCH_PORT=18095
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-$(nproc)}
PORT=${BENCH_PORT:-18095}
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=("${CARGO_TARGET_DIR:-target}/release/seforce")
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

run_one() { # binary
  local bin=$1 db dir pid token employer out
  db="seforce_bench_w_$(date +%s%N)"
  dir=$(mktemp -d -t seforce-writers.XXXXXX)
  psql "$PG/postgres" -qc "create database $db" >/dev/null
  export DATABASE_URL="$PG/$db"
  timeout 300 "$bin" seed-demo --data-dir "$dir" --log warn
  "$bin" serve --data-dir "$dir" --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log warn \
    --spa-dir "$dir/no-spa" >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  token=$(curl -sS -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'content-type: application/json' \
    -d '{"login":"assoc.admin","password":"Demo-Pass-2026"}' | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')
  employer=$(curl -sS "http://127.0.0.1:$PORT/api/v1/organizations?kind=inspection_institution" \
    -H "authorization: Bearer $token" | sed -nE 's/.*"items":\[\{"id":"([^"]+)".*/\1/p')
  [[ -n $token && -n $employer ]] || { cat "$dir/server.log" >&2; kill "$pid"; exit 1; }
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s bench/writers.lua "http://127.0.0.1:$PORT" \
    -- "$employer" "$token" "$THREADS" 1000000 >/dev/null
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s --latency -s bench/writers.lua \
    "http://127.0.0.1:$PORT" -- "$employer" "$token" "$THREADS" 0)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  psql "$PG/postgres" -qc "drop database $db with (force)" >/dev/null || true
  rm -rf "$dir"
  printf '%s\t%s creates/s\tp50 %s\tp99 %s\tnon-2xx %s\n' "$bin" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk '/Non-2xx/ {n = $NF} END {print n + 0}' <<<"$out")"
}

for b in "${bins[@]}"; do run_one "$b"; done
