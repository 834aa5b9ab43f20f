#!/usr/bin/env bash
# Load benchmark (a measurement, not a pass/fail test): GET /api/v1/persons?limit=20 as the
# association admin over a database holding 100k persons, and, in the same run on the same
# machine, two ceilings: a minimal actix-web server answering a fixed page of the same shape
# (the fixed-JSON ceiling), and the same minimal server running seforce's page statement through
# the same driver and writing the same JSON (the database ceiling, `ceiling --data-dir`).
# BENCH_DB=sqlite, postgres or both (default): with both, the whole run happens once per
# database, one after the other. PostgreSQL: a scratch database on BENCH_PG_URL
# (postgres://postgres@127.0.0.1:5432), dropped afterwards; the CPU of its backends is read too.
# Prints a summary and writes it to bench/results/latest.md (one section per database). Exits non-zero only when something
# broke (a build missing, a server that does not start, a failed login); a missed target is
# reported, not failed. Load goes to 127.0.0.1 only; every step is bounded in time.
#
# Build first: `make bench` does both. Knobs (environment):
#   BENCH_PERSONS=100000 BENCH_ROUNDS=3 BENCH_DURATION=10s BENCH_WARMUP=3s BENCH_CONNECTIONS=64 BENCH_THREADS=2
#   BENCH_WORKERS=<cores> BENCH_PORT=18090 (the ceiling uses BENCH_PORT+1)
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-both}
if [[ $DB == both ]]; then
  rc=0
  BENCH_DB=sqlite "$0" || rc=1
  BENCH_DB=postgres "$0" || rc=1
  cat bench/results/latest-sqlite.md bench/results/latest-postgres.md >bench/results/latest.md 2>/dev/null || true
  echo "(both written to bench/results/latest.md)"
  exit $rc
fi
[[ $DB == sqlite || $DB == postgres ]] || { echo "bench: BENCH_DB must be sqlite, postgres or both" >&2; exit 1; }

REL=${CARGO_TARGET_DIR:-target}/release
SEFORCE=$REL/seforce CEILING=$REL/ceiling SEED=$REL/bench-seed
PERSONS=${BENCH_PERSONS:-100000}
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-$(nproc)}
PORT=${BENCH_PORT:-18090}
CPORT=$((PORT + 1))
TARGET_RATIO=25   # seforce requests/s as % of the fixed-JSON ceiling, at least (SQLite)
[[ $DB == postgres ]] && TARGET_RATIO=10 # the same on PostgreSQL (issue 15)
TARGET_DB_RATIO=70 # seforce requests/s as % of the database ceiling, at least
TARGET_RSS_MB=150 # seforce peak resident memory, at most

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for b in "$SEFORCE" "$CEILING" "$SEED"; do
  [[ -x $b ]] || die "$b is missing: run 'make bench' (or cargo build --release -p server -p bench)"
done
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  timeout 300 $sudo apt-get update -qq && timeout 300 $sudo apt-get install -y -qq wrk >/dev/null \
    || die "could not install wrk (apt-get install wrk)"
fi
command -v curl >/dev/null || die "curl is needed"
for p in "$PORT" "$CPORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set BENCH_PORT)"; fi
done

dir=$(mktemp -d -t seforce-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

pg_db=""
if [[ $DB == postgres ]]; then
  command -v psql >/dev/null || die "psql is needed for BENCH_DB=postgres"
  PG_BASE=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
  pg_db="seforce_bench_$$"
  psql "$PG_BASE/postgres" -qc "create database $pg_db" || die "cannot create database $pg_db on $PG_BASE"
  export DATABASE_URL="$PG_BASE/$pg_db"
  trap 'cleanup; psql "$PG_BASE/postgres" -qc "drop database if exists $pg_db with (force)" >/dev/null 2>&1 || true' EXIT
else
  unset DATABASE_URL
fi

say "seed-demo and $PERSONS benchmark persons into $dir ($DB)"
timeout 120 "$SEFORCE" seed-demo --data-dir "$dir" --log warn
timeout 600 "$SEED" --data-dir "$dir" --count "$PERSONS"

say "starting seforce on :$PORT and the ceiling on :$CPORT ($WORKERS workers each)"
"$SEFORCE" serve --data-dir "$dir" --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log warn \
  --spa-dir "$dir/no-spa" >"$dir/seforce.log" 2>&1 &
sf=$!; pids+=("$sf")
"$CEILING" --bind "127.0.0.1:$CPORT" --workers "$WORKERS" --data-dir "$dir" >"$dir/ceiling.log" 2>&1 &
cl=$!; pids+=("$cl")

wait_for() { # url pid
  for _ in $(seq 1 200); do
    curl -sf --max-time 2 "$1" >/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  cat "$dir"/*.log >&2 || true
  die "no answer from $1"
}
wait_for "http://127.0.0.1:$PORT/readyz" "$sf"
wait_for "http://127.0.0.1:$CPORT/api/v1/persons" "$cl"

login=$(curl -sS --max-time 10 -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" \
  -H 'content-type: application/json' -d '{"login":"assoc.admin","password":"Demo-Pass-2026"}')
token=$(sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' <<<"$login")
[[ -n $token ]] || die "login failed: $login"
auth="Authorization: Bearer $token"
url_sf="http://127.0.0.1:$PORT/api/v1/persons?limit=20"
url_c="http://127.0.0.1:$CPORT/api/v1/persons"
url_d="http://127.0.0.1:$CPORT/api/v1/db/persons"

# The page must be a real one: 20 persons and a cursor to more.
body_sf=$(curl -sf --max-time 10 -H "$auth" "$url_sf") || die "GET $url_sf failed"
body_c=$(curl -sf --max-time 10 "$url_c")
body_d=$(curl -sf --max-time 10 "$url_d") || die "GET $url_d failed: $(tail -5 "$dir/ceiling.log")"
[[ $body_d == "$body_sf" ]] || die "the database ceiling's page differs from seforce's"
items=$(grep -o '"national_id_masked"' <<<"$body_sf" | wc -l)
[[ $items == 20 ]] && grep -q '"next_cursor":"' <<<"$body_sf" \
  || die "seforce page has $items persons and no cursor: $(head -c 300 <<<"$body_sf")"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of the PostgreSQL backends serving the benchmark database (0 on SQLite). Backends
# that come and go during the load are missed; the pools keep theirs open.
pg_ticks() {
  [[ -n $pg_db ]] || { echo 0; return; }
  local t=0 p
  for p in $(psql "$PG_BASE/postgres" -tAc "select pid from pg_stat_activity where datname = '$pg_db'"); do
    [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)
secs=${DURATION%s}

bench() { # name pid wrk-args...
  local name=$1 pid=$2; shift 2
  say "warm-up $name ($WARMUP)"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" >/dev/null
  say "measuring $name (wrk -t$THREADS -c$CONNS -d$DURATION)"
  local c0 g0; c0=$(cpu_ticks "$pid"); g0=$(pg_ticks)
  # Sample the resident set every 0.2 s while wrk runs (VmHWM below also keeps the peak).
  (while kill -0 "$pid" 2>/dev/null; do
     awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null; sleep 0.2
   done) >"$dir/$name.rss" &
  local sampler=$!
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s --latency "$@" >"$dir/$name.wrk"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -0 "$pid" 2>/dev/null || die "$name died under load: $(tail -20 "$dir/${name%%.*}.log" 2>/dev/null)"
  local c1 g1; c1=$(cpu_ticks "$pid"); g1=$(pg_ticks)
  awk -v a="$c0" -v b="$c1" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.2f", (b - a) / hz / s}' \
    >"$dir/$name.cpu"
  awk -v a="$g0" -v b="$g1" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.2f", (b - a) / hz / s}' \
    >"$dir/$name.pgcpu"
}
rps() { awk '/^Requests\/sec/ {print $2}' "$dir/$1.wrk"; }
p99() { awk '$1 == "99%" {print $2}' "$dir/$1.wrk"; }
total() { awk '/requests in/ {print $1}' "$dir/$1.wrk"; }
non2xx() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$dir/$1.wrk"; }
sockerr() { awk '/Socket errors/ {gsub(/,/, ""); n = $4 + $6 + $8 + $10} END {print n + 0}' "$dir/$1.wrk"; }
errors() { echo "$(( $(non2xx "$1") + $(sockerr "$1") )) ($(non2xx "$1") non-2xx, $(sockerr "$1") socket)"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The two servers alternate, round by round, so that a change in the background load of this
# shared machine hits both alike; every round's ratio is reported, the median one is the result.
ratios=() db_ratios=()
for r in $(seq 1 "$ROUNDS"); do
  bench "ceiling.$r" "$cl" "$url_c"
  bench "dbceiling.$r" "$cl" "$url_d"
  bench "seforce.$r" "$sf" -H "$auth" "$url_sf"
  ratios+=("$(awk -v a="$(rps "seforce.$r")" -v b="$(rps "ceiling.$r")" 'BEGIN {printf "%.1f", 100 * a / b}')")
  db_ratios+=("$(awk -v a="$(rps "seforce.$r")" -v b="$(rps "dbceiling.$r")" 'BEGIN {printf "%.1f", 100 * a / b}')")
done
db_ratio=$(printf '%s\n' "${db_ratios[@]}" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
db_ok=$(awk -v r="$db_ratio" -v t="$TARGET_DB_RATIO" 'BEGIN {print (r >= t) ? "met" : "MISSED"}')
ratio=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
mid=1
for r in $(seq 1 "$ROUNDS"); do [[ ${ratios[$((r - 1))]} == "$ratio" ]] && { mid=$r; break; }; done
c_rps=$(rps "ceiling.$mid"); s_rps=$(rps "seforce.$mid")
cat "$dir"/seforce.*.rss >"$dir/seforce.rss"
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$sf/status")
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$sf/status")
sampled_kb=$(sort -n "$dir/seforce.rss" | tail -1)
mb() { awk -v k="${1:-0}" 'BEGIN {printf "%.0f", k / 1024}'; }
peak_mb=$(mb "$hwm_kb")
ratio_ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN {print (r >= t) ? "met" : "MISSED"}')
rss_ok=$(awk -v m="$peak_mb" -v t="$TARGET_RSS_MB" 'BEGIN {print (m <= t) ? "met" : "MISSED"}')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev + uncommitted changes"

mkdir -p bench/results
{
  echo "# seforce load benchmark on $DB, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $rev; $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))," \
    "load average before the run $load_before. wrk -t$THREADS -c$CONNS -d$DURATION on the same" \
    "machine over loopback, $ROUNDS rounds; $WORKERS HTTP workers in both servers; $DB with $PERSONS + 5 persons."
  echo
  echo "| | requests/s | p99 latency | requests | errors | server CPU (cores) | PostgreSQL CPU (cores) | body bytes |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|"
  echo "| ceiling: fixed page, minimal actix-web | $c_rps | $(p99 "ceiling.$mid") | $(total "ceiling.$mid") | $(errors "ceiling.$mid") | $(cat "$dir/ceiling.$mid.cpu") | – | $(printf %s "$body_c" | wc -c) |"
  echo "| database ceiling: the page statement, same driver, same JSON | $(rps "dbceiling.$mid") | $(p99 "dbceiling.$mid") | $(total "dbceiling.$mid") | $(errors "dbceiling.$mid") | $(cat "$dir/dbceiling.$mid.cpu") | $(cat "$dir/dbceiling.$mid.pgcpu") | $(printf %s "$body_d" | wc -c) |"
  echo "| seforce: GET /api/v1/persons?limit=20 | $s_rps | $(p99 "seforce.$mid") | $(total "seforce.$mid") | $(errors "seforce.$mid") | $(cat "$dir/seforce.$mid.cpu") | $(cat "$dir/seforce.$mid.pgcpu") | $(printf %s "$body_sf" | wc -c) |"
  echo
  echo "- seforce / fixed-JSON ceiling: **$ratio %** (target ≥ $TARGET_RATIO %: $ratio_ok); the median of" \
    "$ROUNDS alternating rounds (round $mid shown above), each round's ratio: ${ratios[*]} %"
  echo "- seforce / database ceiling: **$db_ratio %** (target ≥ $TARGET_DB_RATIO %: $db_ok);" \
    "each round's ratio: ${db_ratios[*]} %"
  echo "- seforce peak RSS (VmHWM): **$peak_mb MB** (target ≤ $TARGET_RSS_MB MB: $rss_ok);" \
    "highest sample under load $(mb "$sampled_kb") MB, $(mb "$rss_kb") MB after the run"
  echo
  echo "<details><summary>wrk output</summary>"
  echo
  echo '```'
  for r in $(seq 1 "$ROUNDS"); do
    echo "# ceiling, round $r"; cat "$dir/ceiling.$r.wrk"
    echo "# database ceiling, round $r"; cat "$dir/dbceiling.$r.wrk"
    echo "# seforce, round $r"; cat "$dir/seforce.$r.wrk"
  done
  echo '```'
  echo
  echo "</details>"
} >"bench/results/latest-$DB.md"
cp "bench/results/latest-$DB.md" bench/results/latest.md
sed '/^<details>/,$d' "bench/results/latest-$DB.md"
[[ $ratio_ok == met ]] || echo "TARGET MISSED: seforce reaches $ratio % of the ceiling (target ≥ $TARGET_RATIO %)"
[[ $db_ok == met ]] || echo "TARGET MISSED: seforce reaches $db_ratio % of the database ceiling (target ≥ $TARGET_DB_RATIO %)"
[[ $rss_ok == met ]] || echo "TARGET MISSED: seforce peak RSS $peak_mb MB (target ≤ $TARGET_RSS_MB MB)"
echo "(written to bench/results/latest-$DB.md)"
