#!/usr/bin/env bash
# Training benchmarks of issue 3 (measurements, not pass/fail tests of speed): confirmations of
# approved enrolments under contention (one 30-seat class, then many classes), and 500 trainees
# signing in by QR code (spread over 60 s, then as a burst). Starts a release
# `seforce serve --seed-demo` on a temporary data directory, runs `bench-training` against it
# (which seeds everything through the public HTTP API), and, in the same run, measures the
# ceiling (a minimal actix-web server answering a fixed page) with wrk for scale.
# Prints the report and writes it to bench/results/training.md. Exits non-zero when something
# broke or an outcome check failed (e.g. not exactly 30 confirmed, or fewer than 500 present);
# latencies are reported, never asserted. Load goes to 127.0.0.1 only; every step is bounded.
#
# Build first: `make bench` does both. Knobs (environment):
#   BENCH_TRAINING_PORT=18092 (the ceiling uses +1) BENCH_WORKERS=<cores> BENCH_CONNECTIONS=64
#   BENCH_TRAINING_ARGS="--trainees 500 --window 60 ..." (see `bench-training --help`)
# BENCH_DB=sqlite, postgres or both (default): with both, the run happens once per database;
# PostgreSQL uses a scratch database on BENCH_PG_URL (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-both}
if [[ $DB == both ]]; then
  rc=0
  BENCH_DB=sqlite "$0" || rc=1
  BENCH_DB=postgres "$0" || rc=1
  exit $rc
fi

REL=${CARGO_TARGET_DIR:-target}/release
SEFORCE=$REL/seforce CEILING=$REL/ceiling TRAINING=$REL/bench-training
PORT=${BENCH_TRAINING_PORT:-18092}
CPORT=$((PORT + 1))
WORKERS=${BENCH_WORKERS:-$(nproc)}
CONNS=${BENCH_CONNECTIONS:-64}
read -r -a EXTRA <<<"${BENCH_TRAINING_ARGS:-}"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-training: %s\n' "$*" >&2; exit 1; }

for b in "$SEFORCE" "$CEILING" "$TRAINING"; do
  [[ -x $b ]] || die "$b is missing: run 'make bench' (or cargo build --release -p server -p bench)"
done
command -v curl >/dev/null || die "curl is needed"
for p in "$PORT" "$CPORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set BENCH_TRAINING_PORT)"; fi
done

dir=$(mktemp -d -t seforce-training.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
if [[ $DB == postgres ]]; then
  PG_BASE=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
  pg_db="seforce_training_$$"
  psql "$PG_BASE/postgres" -qc "create database $pg_db" || die "cannot create database $pg_db"
  export DATABASE_URL="$PG_BASE/$pg_db"
  trap 'cleanup; psql "$PG_BASE/postgres" -qc "drop database if exists $pg_db with (force)" >/dev/null 2>&1 || true' EXIT
else
  unset DATABASE_URL
fi

wait_for() { # url pid
  for _ in $(seq 1 600); do
    curl -sf --max-time 2 "$1" >/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  cat "$dir"/*.log >&2 || true
  die "no answer from $1"
}

say "starting seforce serve --seed-demo on :$PORT ($WORKERS workers, $DB, data dir $dir)"
"$SEFORCE" serve --seed-demo --data-dir "$dir" --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --log warn --spa-dir "$dir/no-spa" >"$dir/seforce.log" 2>&1 &
sf=$!; pids+=("$sf")
wait_for "http://127.0.0.1:$PORT/readyz" "$sf"

# The machine's ceiling at this moment, for scale (skipped without wrk; bench/run.sh installs it).
ceiling="not measured (wrk missing)"
if command -v wrk >/dev/null; then
  "$CEILING" --bind "127.0.0.1:$CPORT" --workers "$WORKERS" >"$dir/ceiling.log" 2>&1 &
  cl=$!; pids+=("$cl")
  wait_for "http://127.0.0.1:$CPORT/api/v1/persons" "$cl"
  load_ceiling=$(cut -d' ' -f1-3 /proc/loadavg)
  say "ceiling: wrk -t2 -c$CONNS -d8s (after a 2 s warm-up)"
  wrk -t2 -c"$CONNS" -d2s "http://127.0.0.1:$CPORT/api/v1/persons" >/dev/null
  wrk -t2 -c"$CONNS" -d8s --latency "http://127.0.0.1:$CPORT/api/v1/persons" >"$dir/ceiling.wrk"
  kill "$cl" 2>/dev/null || true; wait "$cl" 2>/dev/null || true
  c_rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/ceiling.wrk")
  c_p99=$(awk '$1 == "99%" {print $2}' "$dir/ceiling.wrk")
  ceiling="$c_rps requests/s, p99 $c_p99 (wrk -t2 -c$CONNS -d8s, load average before: $load_ceiling)"
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
c0=$(cpu_ticks "$sf"); t0=$(date +%s)
say "running bench-training (seeds through the API, then measures)"
set +e
timeout 3600 "$TRAINING" --base "http://127.0.0.1:$PORT" --in-flight "$CONNS" --server-pid "$sf" "${EXTRA[@]}" \
  >"$dir/report.md" 2> >(tee "$dir/training.err" >&2)
rc=$?
set -e
t1=$(date +%s); c1=$(cpu_ticks "$sf")
kill -0 "$sf" 2>/dev/null || { tail -20 "$dir/seforce.log" >&2; die "seforce died during the run"; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
hwm_mb=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$sf/status")
server_cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {printf "%.0f", (b - a) / hz}')

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev + uncommitted changes"
mkdir -p bench/results
{
  echo "# seforce training benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $rev; $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo));" \
    "load average before the run $load_before, after $load_after. seforce serve --seed-demo," \
    "$DB, $WORKERS HTTP workers; the load generator on the same machine over loopback."
  echo
  echo "- Ceiling in the same run: $ceiling"
  echo "- seforce over the whole run ($((t1 - t0)) s including setup): ${server_cpu} s of CPU," \
    "peak RSS ${hwm_mb} MB"
  echo
  cat "$dir/report.md"
  [[ $rc == 0 ]] || { echo; echo "**bench-training exited with $rc:** $(tail -3 "$dir/training.err")"; }
} >"bench/results/training-$DB.md"
cat "bench/results/training-$DB.md"
echo "(written to bench/results/training.md)"
exit "$rc"
