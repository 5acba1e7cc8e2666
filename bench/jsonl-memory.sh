#!/usr/bin/env bash
# Peak memory of `newsgraph analyze` on a large generated JSONL stream (issue
# 17): records copied from examples/en-summit.jsonl with new ids until the
# file reaches SIZE_MB. Prints wall and CPU time and peak RSS; memory must not
# grow with the file size (run with two sizes to see it). With MAX_SECONDS the
# run is stopped after that long (`timeout`); every 10 s the RSS and the
# number of documents written so far are printed (the RSS curve).
# Usage: bench/jsonl-memory.sh [path/to/newsgraph] [SIZE_MB] [THREADS] [MAX_SECONDS]
set -euo pipefail
BIN=${1:-target/release/newsgraph}
SIZE_MB=${2:-1000}
THREADS=${3:-2}
MAX_SECONDS=${4:-0}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR/big.jsonl" "$SIZE_MB" <<'PY'
import json, sys
recs = [json.loads(l) for l in open("examples/en-summit.jsonl", encoding="utf-8") if l.strip()]
target = int(sys.argv[2]) * 1_000_000
n = size = 0
with open(sys.argv[1], "w", encoding="utf-8") as f:
    while size < target:
        r = dict(recs[n % len(recs)]); r["id"] = f"gen-{n}"
        line = json.dumps(r, ensure_ascii=False) + "\n"
        f.write(line); size += len(line.encode()); n += 1
print(f"{n} records, {size} bytes", file=sys.stderr)
PY
if [ "$MAX_SECONDS" = 0 ]; then
  /usr/bin/time -f "%e s wall, %U+%S s CPU, peak %M KB" "$BIN" analyze --threads "$THREADS" "$DIR/big.jsonl" | wc -l
  exit
fi
/usr/bin/time -f "%e s wall, %U+%S s CPU, peak %M KB" -o "$DIR/time" \
  timeout "$MAX_SECONDS" "$BIN" analyze --no-tokens --threads "$THREADS" -o "$DIR/out.jsonl" "$DIR/big.jsonl" &
sleep 1
PID=$(pgrep -n -f "^$BIN analyze --no-tokens --threads $THREADS -o $DIR/out.jsonl" || true)
t=0
while [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; do
  sleep 10; t=$((t + 10))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo -)
  echo "t=${t}s rss=${rss} KB documents=$(wc -l < "$DIR/out.jsonl" 2>/dev/null || echo 0)"
done
wait || true
echo "$(cat "$DIR/time" | tail -1); documents written: $(wc -l < "$DIR/out.jsonl")"
