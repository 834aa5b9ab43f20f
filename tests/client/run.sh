#!/usr/bin/env bash
# A Python client generated from openapi/openapi.json with openapi-python-client (pinned,
# installed from PyPI into a venv under the target dir) drives a login, a list, a create, a
# refusal and an export against a freshly seeded server (tests/client/drive.py).
#
# Two things are the generator's, not the description's:
# - 0.29 treats only a few media types as files; config.yaml maps the file types we serve
#   (PDF, XLSX, images...) to application/octet-stream, which it does (its documented
#   `content_type_overrides`);
# - 0.29 writes `Unset` into auth_token.py (the operation with two request media types) without
#   importing it; the import is added here after generation.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${CARGO_TARGET_DIR:?}"
BIN="$CARGO_TARGET_DIR/debug/seforce"
VERSION=0.29.1
VENV="$CARGO_TARGET_DIR/venv-openapi-python-client-$VERSION"
PORT="${CLIENT_TEST_PORT:-18098}"

if [ ! -x "$VENV/bin/openapi-python-client" ]; then
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install --quiet "openapi-python-client==$VERSION"
fi
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
PATH="$VENV/bin:$PATH" openapi-python-client generate --path openapi/openapi.json --meta none \
	--output-path "$tmp/seforce_client" --config tests/client/config.yaml > "$tmp/generate.log" 2>&1 \
	|| { cat "$tmp/generate.log"; exit 1; }
if grep -qi "warning\|endpoint will not be generated" "$tmp/generate.log"; then
	cat "$tmp/generate.log"; echo "generated client: the generator skipped parts of the description"; exit 1
fi
sed -i 's/^from \.\.\.types import UNSET, Response$/from ...types import UNSET, Response, Unset/' \
	"$tmp/seforce_client/api/auth/auth_token.py"
"$BIN" serve --seed-demo --bind "127.0.0.1:$PORT" --data-dir "$tmp" --log warn --spa-dir /nonexistent \
	> "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
PYTHONPATH="$tmp" "$VENV/bin/python" tests/client/drive.py "http://127.0.0.1:$PORT"
