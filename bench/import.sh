#!/usr/bin/env bash
# Bulk-import benchmark of issue 15 (a measurement, not a pass/fail test): 100,000 persons
# uploaded to POST /api/v1/persons/imports (all or nothing) as CSV and as XLSX, on SQLite and on
# PostgreSQL, each on a fresh database (seed-demo, then one release `seforce serve`). The
# upload answers at once with a job; bench-import follows it to its end. Reports the wall time
# from the upload to the job's end, the server's CPU time during it and its peak RSS (VmHWM).
# Writes bench/results/import.md. Knobs: BENCH_DB=sqlite|postgres|both (default both),
# BENCH_IMPORT_ROWS=100000, BENCH_IMPORT_FORMATS="csv xlsx", BENCH_IMPORT_PORT=18094,
# BENCH_PG_URL=postgres://postgres@127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."

REL=${CARGO_TARGET_DIR:-target}/release
SEFORCE=$REL/seforce IMPORT=$REL/bench-import
ROWS=${BENCH_IMPORT_ROWS:-100000}
FORMATS=${BENCH_IMPORT_FORMATS:-csv xlsx}
PORT=${BENCH_IMPORT_PORT:-18094}
DBS=${BENCH_DB:-both}; [[ $DBS == both ]] && DBS="sqlite postgres"
PG_BASE=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
TARGET_S=20 TARGET_RSS_MB=150

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-import: %s\n' "$*" >&2; exit 1; }
for b in "$SEFORCE" "$IMPORT"; do
  [[ -x $b ]] || die "$b is missing: run 'make bench' (or cargo build --release -p server -p bench)"
done
hz=$(getconf CLK_TCK)
results=$(mktemp)
sf="" dir="" pg_db=""
stop() {
  [[ -n $sf ]] && { kill "$sf" 2>/dev/null || true; wait "$sf" 2>/dev/null || true; }
  [[ -n $dir ]] && rm -rf "$dir"
  [[ -n $pg_db ]] && psql "$PG_BASE/postgres" -qc "drop database if exists $pg_db with (force)" >/dev/null 2>&1 || true
  sf="" dir="" pg_db=""
}
trap 'stop; rm -f "$results"' EXIT

one() { # db format
  local db=$1 format=$2
  dir=$(mktemp -d -t seforce-import.XXXXXX)
  if [[ $db == postgres ]]; then
    pg_db="seforce_import_$$"
    psql "$PG_BASE/postgres" -qc "create database $pg_db" || die "cannot create $pg_db"
    export DATABASE_URL="$PG_BASE/$pg_db"
  else
    unset DATABASE_URL
  fi
  timeout 120 "$SEFORCE" seed-demo --data-dir "$dir" --log warn
  "$SEFORCE" serve --data-dir "$dir" --bind "127.0.0.1:$PORT" --log warn --spa-dir "$dir/no-spa" \
    >"$dir/seforce.log" 2>&1 &
  sf=$!
  for _ in $(seq 1 300); do curl -sf --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  local c0; c0=$(awk '{print $14 + $15}' "/proc/$sf/stat")
  say "$ROWS persons as $format on $db"
  local line
  line=$(timeout 900 "$IMPORT" --url "http://127.0.0.1:$PORT" --rows "$ROWS" --format "$format") \
    || { tail -5 "$dir/seforce.log" >&2; line="FAILED"; }
  local c1; c1=$(awk '{print $14 + $15}' "/proc/$sf/stat")
  local hwm; hwm=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$sf/status")
  local cpu; cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) / hz}')
  local secs; secs=$(sed -nE 's/.*bytes, ([0-9.]+) s,.*/\1/p' <<<"$line")
  echo "| $db | $format | ${secs:-–} s | $cpu s | $hwm MB | $line |" >>"$results"
  stop
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for db in $DBS; do for f in $FORMATS; do one "$db" "$f"; done; done
mkdir -p bench/results
{
  echo "# seforce bulk import, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) cores; load average before: $load_before." \
    "Targets: ≤ $TARGET_S s and ≤ $TARGET_RSS_MB MB peak RSS for $ROWS persons."
  echo
  echo "| database | file | upload to job done | server CPU | server peak RSS | bench-import |"
  echo "|---|---|---:|---:|---:|---|"
  cat "$results"
} >bench/results/import.md
cat bench/results/import.md
