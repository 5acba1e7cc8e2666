#!/usr/bin/env bash
# Peak memory of `newsgraph analyze` on a large generated JSONL stream (issue
# 17): records copied from examples/en-summit.jsonl with new ids until the
# file reaches SIZE_MB. Prints wall and CPU time and peak RSS; memory must not
# grow with the file size (run with two sizes to see it).
# Usage: bench/jsonl-memory.sh [path/to/newsgraph] [SIZE_MB] [THREADS]
set -euo pipefail
BIN=${1:-target/release/newsgraph}
SIZE_MB=${2:-1000}
THREADS=${3:-2}
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
/usr/bin/time -f "%e s wall, %U+%S s CPU, peak %M KB" "$BIN" analyze --threads "$THREADS" "$DIR/big.jsonl" | wc -l
