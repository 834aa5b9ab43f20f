#!/usr/bin/env bash
# Parallel password guesses against one account (issue 13 §2; a measurement, not a test):
# GUESSES wrong passwords sent at once for inst.admin, spread over ADDRESSES client addresses
# (127.0.0.2, 127.0.0.3, …), then the right password from a fresh address. Prints how many
# guesses were checked (401) and refused (429) and what the owner got, for each binary given
# (default: this tree's debug build), on a fresh SQLite database, or PostgreSQL with BENCH_PG.
#
#   bench/guesses.sh [seforce-binary ...]
# Knobs: GUESSES=100 ADDRESSES=1 BENCH_PG=postgres://postgres@127.0.0.1:5432 BENCH_PORT=18097
set -euo pipefail
cd "$(dirname "$0")/.."
GUESSES=${GUESSES:-100}
ADDRESSES=${ADDRESSES:-1}
PORT=${BENCH_PORT:-18097}
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=("${CARGO_TARGET_DIR:-target}/debug/seforce")

run_one() {
  local bin=$1 dir db="" pid url
  dir=$(mktemp -d -t seforce-guesses.XXXXXX)
  if [[ -n ${BENCH_PG:-} ]]; then
    db="seforce_bench_g_$(date +%s%N)"
    psql "$BENCH_PG/postgres" -qc "create database $db" >/dev/null
    export DATABASE_URL="$BENCH_PG/$db"
  else
    export DATABASE_URL="sqlite://$dir/seforce.db?mode=rwc"
  fi
  timeout 300 "$bin" seed-demo --data-dir "$dir" --log warn
  "$bin" serve --data-dir "$dir" --bind "127.0.0.1:$PORT" --log warn --spa-dir "$dir/no-spa" \
    >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  url="http://127.0.0.1:$PORT/api/v1/auth/token"
  seq 0 $((GUESSES - 1)) | xargs -P "$GUESSES" -I{} sh -c \
    "curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.\$(( {} % $ADDRESSES + 2 )) \
      -H 'content-type: application/json' -d '{\"login\":\"inst.admin\",\"password\":\"wrong-guess-{}\"}' $url" \
    >"$dir/codes"
  local owner
  owner=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.250 -H 'content-type: application/json' \
    -d '{"login":"inst.admin","password":"Demo-Pass-2026"}' "$url")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ -z $db ]] || psql "$BENCH_PG/postgres" -qc "drop database $db with (force)" >/dev/null || true
  printf '%s\t%s guesses from %s address(es): checked (401) %s, refused (429) %s, other %s; owner from a clean address: %s\n' \
    "$bin" "$GUESSES" "$ADDRESSES" "$(grep -c '^401$' "$dir/codes" || true)" \
    "$(grep -c '^429$' "$dir/codes" || true)" "$(grep -vc '^40[19]$\|^429$' "$dir/codes" || true)" "$owner"
  rm -rf "$dir"
}

for b in "${bins[@]}"; do run_one "$b"; done
