#!/usr/bin/env bash
# Peak memory of `newsgraph analyze` on a large generated JSONL stream (issue
# 17): records copied from examples/en-summit.jsonl with new ids until SIZE_MB
# have been written. The stream is generated on the fly into the analyzer's
# standard input (nothing is written to disk) and the output is only counted.
# Prints the RSS and the number of documents written every 10 s (the RSS
# curve), then wall and CPU time and peak RSS; memory must stay flat as the
# documents go by. With MAX_SECONDS the run is stopped after that long
# (`timeout`), for when memory is clearly flat.
# Usage: bench/jsonl-memory.sh [path/to/newsgraph] [SIZE_MB] [THREADS] [MAX_SECONDS]
set -euo pipefail
BIN=${1:-target/release/newsgraph}
SIZE_MB=${2:-1000}
THREADS=${3:-2}
MAX_SECONDS=${4:-1000000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
gen() {
python3 - "$SIZE_MB" <<'PY'
import json, sys
recs = [json.loads(l) for l in open("examples/en-summit.jsonl", encoding="utf-8") if l.strip()]
target = int(sys.argv[1]) * 1_000_000
n = size = 0
out = sys.stdout
try:
    while size < target:
        r = dict(recs[n % len(recs)]); r["id"] = f"gen-{n}"
        line = json.dumps(r, ensure_ascii=False) + "\n"
        out.write(line); size += len(line.encode()); n += 1
except BrokenPipeError:
    pass
print(f"generator: {n} records, {size} bytes", file=sys.stderr)
PY
}
( gen | /usr/bin/time -f "%e s wall, %U+%S s CPU, peak %M KB" -o "$DIR/time" \
    timeout "$MAX_SECONDS" "$BIN" analyze --no-tokens --input-format jsonl --threads "$THREADS" - \
  | awk -v f="$DIR/count" '{n++} n % 100 == 0 {print n > f; close(f)} END {print n > f}' ) &
sleep 2
PID=$(pgrep -n -f "^$BIN analyze --no-tokens --input-format jsonl --threads $THREADS -\$" || true)
t=0
while [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; do
  sleep 10; t=$((t + 10))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo -)
  echo "t=${t}s rss=${rss} KB documents=$(cat "$DIR/count" 2>/dev/null || echo 0)"
done
wait || true
echo "$(tail -1 "$DIR/time"); documents written: $(cat "$DIR/count")"
