#!/usr/bin/env bash
# Screenshots of the web UI for docs/ (a command, not a test):
#
#   bench/screenshots.sh
#
# Ingests the bundled examples into a fresh store, serves it on loopback,
# and writes docs/img/{story,entity,document,analyze}.png with headless
# Chromium at 1280x900. Stops the server it started.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/debug/newsgraph}
PORT=${PORT:-18090}
[ -x "$BIN" ] || cargo build -p newsgraph
TMP=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BIN" ingest examples/ --db "$TMP/shots.db" >/dev/null
"$BIN" serve --db "$TMP/shots.db" --addr "127.0.0.1:$PORT" 2>/dev/null &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fs "$BASE/api/stats" >/dev/null 2>&1 && break; sleep 0.2; done
STORY=$(curl -fs "$BASE/api/stories?limit=200" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
best = max(items, key=lambda s: (len(s["documents"]), sum(len(f["conflicts"]) for f in s["facts"])))
print(best["id"])')
ENTITY=$(curl -fs "$BASE/api/entities?q=Claire&limit=1" | python3 -c '
import json, sys, urllib.parse
print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["key"], safe=""))')
mkdir -p docs/img
shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/profile" --hide-scrollbars --virtual-time-budget=3000 \
    --window-size=1280,900 --screenshot="docs/img/$1.png" "$2" 2>/dev/null
  echo "docs/img/$1.png  <- $2"
}
shot story "$BASE/story/$STORY"
shot entity "$BASE/entity/$ENTITY"
shot document "$BASE/doc/arvex-afp-fr"
shot search "$BASE/search?q=Arvex"
