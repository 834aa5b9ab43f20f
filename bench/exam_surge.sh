#!/usr/bin/env bash
# The exam surge of issue 16 (a measurement, not a pass/fail test of speed): 5,000 candidates
# start their online attempt within 60 s, then each autosaves one answer every 30 s for
# 5 minutes. On a fresh database per run: `seforce seed-demo`, then `bench-exam-seed` writes a
# sitting open now with its paper and the paid candidates directly (no argon2 logins, no
# enrolment chain), then one release `seforce serve` answers `bench-exam-surge`, which mints the
# candidates' access tokens with the server's JWT secret (checked against one real login first)
# and sends the load open-loop. Reports errors (must be 0), p50/p99 of start and of autosave
# (target p99 ≤ 100 ms), the server's peak RSS (VmHWM) and CPU, and the machine's load average.
# Writes bench/results/exam-surge-<db>.md. Exits non-zero when something broke or any request
# failed; a missed latency target is reported, not failed.
#
# Build first: `make bench` does both. Knobs (environment):
#   BENCH_DB=sqlite|postgres|both (default both; PostgreSQL: a scratch database on
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432, dropped afterwards)
#   SURGE_CANDIDATES=5000 SURGE_START_WINDOW=60 SURGE_MINUTES=5 SURGE_INTERVAL=30
#   SURGE_PORT=18096 BENCH_WORKERS=<cores>
#   SURGE_IDEMPOTENCY_KEY=1 (0: autosaves without the key the SPA sends, to measure its cost)
#   SURGE_LOG=warn (the server's log filter; with `info` every request's handling time is logged,
#   and the server's log is kept as bench/results/exam-surge-<db>.server.log)
# A quick check: SURGE_CANDIDATES=500 SURGE_MINUTES=1 BENCH_DB=sqlite ./bench/exam_surge.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-both}
if [[ $DB == both ]]; then
  rc=0
  BENCH_DB=sqlite "$0" || rc=1
  BENCH_DB=postgres "$0" || rc=1
  exit $rc
fi
[[ $DB == sqlite || $DB == postgres ]] || { echo "exam-surge: BENCH_DB must be sqlite, postgres or both" >&2; exit 1; }

REL=${CARGO_TARGET_DIR:-target}/release
SEFORCE=$REL/seforce SEED=$REL/bench-exam-seed SURGE=$REL/bench-exam-surge
N=${SURGE_CANDIDATES:-5000}
WINDOW=${SURGE_START_WINDOW:-60}
MINUTES=${SURGE_MINUTES:-5}
INTERVAL=${SURGE_INTERVAL:-30}
PORT=${SURGE_PORT:-18096}
WORKERS=${BENCH_WORKERS:-$(nproc)}
PG_BASE=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
LOG=${SURGE_LOG:-warn}

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'exam-surge: %s\n' "$*" >&2; exit 1; }

for b in "$SEFORCE" "$SEED" "$SURGE"; do
  [[ -x $b ]] || die "$b is missing: run 'make bench' (or cargo build --release -p server -p bench)"
done
command -v curl >/dev/null || die "curl is needed"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is in use (set SURGE_PORT)"; fi

dir=$(mktemp -d -t seforce-surge.XXXXXX)
pids=() pg_db=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n $pg_db ]]; then
    psql "$PG_BASE/postgres" -qc "drop database if exists $pg_db with (force)" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
if [[ $DB == postgres ]]; then
  command -v psql >/dev/null || die "psql is needed for BENCH_DB=postgres"
  pg_db="seforce_surge_$$"
  psql "$PG_BASE/postgres" -qc "create database $pg_db" || die "cannot create database $pg_db on $PG_BASE"
  export DATABASE_URL="$PG_BASE/$pg_db"
else
  unset DATABASE_URL
fi
# One secret for the server and the client that mints the candidates' tokens.
SEFORCE_JWT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
export SEFORCE_JWT_SECRET

say "seed-demo and $N exam candidates into $dir ($DB)"
timeout 300 "$SEFORCE" seed-demo --data-dir "$dir" --log warn
timeout 600 "$SEED" --data-dir "$dir" --candidates "$N" --out "$dir/roster.tsv" \
  --duration-minutes $((MINUTES + 60))

say "starting seforce on :$PORT ($WORKERS workers)"
"$SEFORCE" serve --data-dir "$dir" --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log "$LOG" \
  --spa-dir "$dir/no-spa" >"$dir/seforce.log" 2>&1 &
sf=$!; pids+=("$sf")
say "seforce pid $sf"
for _ in $(seq 1 600); do
  curl -sf --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  kill -0 "$sf" 2>/dev/null || { cat "$dir/seforce.log" >&2; die "seforce did not start"; }
  sleep 0.1
done
curl -sf --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null || die "no answer from seforce"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of the PostgreSQL backends of the benchmark database (0 on SQLite); the pool keeps
# its connections open, so the backends live through the run.
pg_ticks() {
  [[ -n $pg_db ]] || { echo 0; return; }
  local t=0 p
  for p in $(psql "$PG_BASE/postgres" -tAc "select pid from pg_stat_activity where datname = '$pg_db'"); do
    [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)
idle_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$sf/status")
# Resident memory and the load average every 5 s while the surge runs.
(while kill -0 "$sf" 2>/dev/null; do
   printf '%s %s\n' "$(awk '/^VmRSS/ {print $2}' "/proc/$sf/status" 2>/dev/null)" "$(cut -d' ' -f1 /proc/loadavg)"
   sleep 5
 done) >"$dir/samples" &
sampler=$!; pids+=("$sampler")

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_before=$(uptime)
c0=$(cpu_ticks "$sf"); g0=$(pg_ticks); t0=$(date +%s)
say "the surge: $N candidates over ${WINDOW} s, autosaves every ${INTERVAL} s for ${MINUTES} min (load before: $load_before)"
set +e
timeout $((WINDOW + MINUTES * 60 + 600)) "$SURGE" --base "http://127.0.0.1:$PORT" --roster "$dir/roster.tsv" \
  --start-window "$WINDOW" --minutes "$MINUTES" --interval "$INTERVAL" \
  $([[ ${SURGE_IDEMPOTENCY_KEY:-1} == 0 ]] && echo --no-idempotency-key) >"$dir/report.md" 2> >(tee "$dir/surge.err" >&2)
rc=$?
set -e
t1=$(date +%s); c1=$(cpu_ticks "$sf"); g1=$(pg_ticks)
kill "$sampler" 2>/dev/null || true
kill -0 "$sf" 2>/dev/null || { tail -20 "$dir/seforce.log" >&2; die "seforce died during the surge"; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
hwm_mb=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$sf/status")
mb() { awk -v k="${1:-0}" 'BEGIN {printf "%.0f", k / 1024}'; }
load_max=$(awk '{print $2}' "$dir/samples" | sort -g | tail -1)
cpu() { awk -v a="$1" -v b="$2" -v hz="$hz" 'BEGIN {printf "%.0f", (b - a) / hz}'; }
count_sql="select (select count(*) from exam_attempts) || ' attempts, ' || (select count(*) from exam_answers) || ' answers held'"
rows="not counted (no sqlite3 CLI; see the read-back below)"
if [[ $DB == postgres ]]; then
  rows=$(psql "$DATABASE_URL" -tAc "$count_sql")
elif command -v sqlite3 >/dev/null; then
  rows=$(sqlite3 "$dir/seforce.db" "$count_sql")
fi

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev + uncommitted changes"
mkdir -p bench/results
{
  echo "# seforce exam surge on $DB, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $rev; $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo));" \
    "release build, $WORKERS HTTP workers; the load client on the same machine over loopback."
  echo
  echo "- Load average: before $load_before, after $load_after, highest 1-minute sample during $load_max" \
    "(\`uptime\` before: $(sed 's/^ *//' <<<"$uptime_before"))"
  echo "- seforce: **peak RSS (VmHWM) $hwm_mb MB** (idle before the surge $(mb "$idle_kb") MB);" \
    "CPU $(cpu "$c0" "$c1") s over $((t1 - t0)) s; PostgreSQL backends' CPU $(cpu "$g0" "$g1") s"
  echo "- Database afterwards: $rows"
  echo
  cat "$dir/report.md"
  [[ $rc == 0 ]] || { echo; echo "**bench-exam-surge exited with $rc:** $(tail -3 "$dir/surge.err")"; }
} >"bench/results/exam-surge-$DB.md"
cat "bench/results/exam-surge-$DB.md"
[[ $LOG == warn ]] || cp "$dir/seforce.log" "bench/results/exam-surge-$DB.server.log"
echo "(written to bench/results/exam-surge-$DB.md)"
exit "$rc"
