#!/usr/bin/env bash
# Browser journeys: every role's day in headless Chromium (Debian's /usr/bin/chromium; Playwright downloads no browser)
# against a debug server started on a fresh demo county by journeys/conftest.py. A failing journey leaves screenshots of
# every page it had open, and the server's log, in $JOURNEY_ARTIFACTS (default journeys/artifacts).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r journeys/requirements.txt 2>/dev/null \
  || python3 -m pip install --quiet -r journeys/requirements.txt
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
BIN="$(swift build --show-bin-path)/bottomline"
[ -x "$BIN" ] || swift build --product bottomline
export BOTTOMLINE_BIN="$BIN"
export JOURNEY_ARTIFACTS="${JOURNEY_ARTIFACTS:-$PWD/journeys/artifacts}"
rm -rf "$JOURNEY_ARTIFACTS"
python3 -m pytest journeys -q -p no:cacheprovider
