#!/usr/bin/env bash
# Schemathesis against the API document, as a signed-in county officer of a small demo county: a fixed seed and
# example budget, so a run is repeatable; it fails on any server error or any answer that does not match the document.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check 'schemathesis>=4,<5' 2>/dev/null || python3 -m pip install --quiet 'schemathesis>=4,<5'

BIN="$(swift build --show-bin-path)/bottomline"
[ -x "$BIN" ] || swift build --product bottomline
WORK="$(mktemp -d /tmp/bottomline-st.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
"$BIN" demo --db "$WORK/st.sqlite" --households 300 --seed 7 >/dev/null
FEEDTOKEN="$("$BIN" token add 医保局 --kinds medical --region 411681 --db "$WORK/st.sqlite" | grep -o 'bl_[0-9a-f]*' | head -n 1)"
BOTTOMLINE_PUBLIC_URL="$BASE" "$BIN" serve --db "$WORK/st.sqlite" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

# Sign in as a browser does: the login page's form cookie and token, then the session's own token from a page.
JAR="$WORK/cookies"
TOKEN="$(curl -fs -c "$JAR" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)"
curl -fs -b "$JAR" -c "$JAR" -o /dev/null -d "username=xian&password=demo2026&_csrf=$TOKEN" "$BASE/login"
SESSION="$(awk '$6 == "bottomline_session" {print $7}' "$JAR")"
CSRF="$(curl -fs -b "bottomline_session=$SESSION" "$BASE/households" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)"
[ -n "$SESSION" ] && [ -n "$CSRF" ] || { echo "schemathesis: could not sign in"; cat "$WORK/server.log"; exit 1; }

schemathesis run "$BASE/api/v1/openapi.json" --url "$BASE" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-60}" --seed 20261203 --generation-deterministic --workers 1 \
  -H "Cookie: bottomline_session=$SESSION" -H "X-CSRF-Token: $CSRF" -H "Authorization: Bearer $FEEDTOKEN" --no-color
# The server is still alive and answering after the run.
curl -fs "$BASE/healthz" >/dev/null
