#!/usr/bin/env bash
# Load test of `newsgraph serve` on loopback (a command, not a CI test).
#
#   bench/serve-load.sh STORE.db [REQUESTS] [CONCURRENCY]
#
# Starts the release binary on 127.0.0.1 with the given store, picks the
# most documented entity, and loads the entity profile and timeline
# endpoints with `oha` (cargo install oha; a bounded request count) or, when
# oha is absent, `wrk` (Debian package; a bounded duration of 10 s). Prints
# requests/s, latency percentiles and the CPU seconds the server used (the
# machine may be shared); stops the server it started.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: bench/serve-load.sh STORE.db [REQUESTS] [CONCURRENCY]}
N=${2:-20000}
C=${3:-16}
PORT=${PORT:-18089}
BIN=${BIN:-target/release/newsgraph}
if command -v oha >/dev/null; then TOOL=oha
elif command -v wrk >/dev/null; then TOOL=wrk
else echo "need oha (cargo install oha) or wrk (apt-get install wrk)" >&2; exit 2; fi
[ -x "$BIN" ] || cargo build --release -p newsgraph
"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$PORT/api/stats" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "store: $(curl -fs "http://127.0.0.1:$PORT/api/stats")"
KEY=$(curl -fs "http://127.0.0.1:$PORT/api/entities?limit=1" |
  python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["key"], safe=""))')
echo "entity: $KEY"
# CPU seconds (user + system) the server process has used so far.
cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$SERVER/stat"; }
for path in "api/entities/$KEY" "api/entities/$KEY/timeline?limit=50"; do
  C0=$(cpu)
  if [ "$TOOL" = oha ]; then
    echo "== GET /$path  (oha: $N requests, $C connections)"
    oha --no-tui -n "$N" -c "$C" "http://127.0.0.1:$PORT/$path" |
      grep -E 'Success rate|Requests/sec|Slowest|Fastest|Average|50.00%|95.00%|99.00%|\[200\]|\[[45][0-9][0-9]\]'
  else
    echo "== GET /$path  (wrk: 10 s, 2 threads, $C connections)"
    wrk -t2 -c "$C" -d10s --latency "http://127.0.0.1:$PORT/$path" |
      grep -E 'Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx'
  fi
  echo "server CPU: $(python3 -c "print(f'{$(cpu) - $C0:.2f}')") s user+system; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
