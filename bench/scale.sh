#!/usr/bin/env bash
# Scaling measurements for issue 17: time and peak memory of `newsgraph
# analyze` on generated inputs (1 M vs 2 M characters of news text, 10 MB
# without punctuation, deeply nested HTML). Inputs are generated into a temp
# dir from the repo's examples; nothing is committed.
# Usage: bench/scale.sh [path/to/newsgraph] [cases...]
#   cases: 1m 2m 4m nopunct10 nopunct50 div10k div50k  (default: 1m 2m div50k nopunct10)
set -euo pipefail
BIN=${1:-target/release/newsgraph}; shift || true
CASES=${*:-1m 2m nopunct10 div50k}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
gen() {
python3 - "$DIR" "$1" <<'PY'
import sys, pathlib, re
d, case = pathlib.Path(sys.argv[1]), sys.argv[2]
base = open("examples/fr-sommet.txt", encoding="utf-8").read().split("\n", 1)[1]
en = "The minister said on Monday that talks would resume next week in Geneva. \"We have made progress,\" she told reporters. "
def fill(n, unit):
    return (unit * (n // len(unit) + 1))[:n]
if case in ("1m", "2m", "4m"):
    n = {"1m": 1_000_000, "2m": 2_000_000, "4m": 4_000_000}[case]
    (d / f"{case}.txt").write_text("date 2024-03-14\n" + fill(n, base + "\n\n"), encoding="utf-8")
elif case.startswith("nopunct"):
    n = int(case[7:]) * 1_000_000
    words = re.sub(r"[^\w ]", "", base.replace("\n", " "))
    (d / f"{case}.txt").write_text("date 2024-03-14\n" + fill(n, words + " "), encoding="utf-8")
elif case.startswith("div"):
    n = int(case[3:].replace("k", "000"))
    body = "<p>" + "Le ministre a annoncé mercredi que les négociations reprendraient. " * 5 + "</p>"
    (d / f"{case}.html").write_text("<html><body>" + "<div>" * n + body + "</div>" * n + "</body></html>", encoding="utf-8")
PY
}
for c in $CASES; do
  gen "$c"
  f=$(ls "$DIR"/"$c".*)
  size=$(stat -c %s "$f")
  /usr/bin/time -f "%e %U %S %M" -o "$DIR/t" "$BIN" analyze --max-bytes 100000000 --max-seconds 100000 "$f" > "$DIR/out" 2> "$DIR/err" || true
  read -r secs usr sys kb < "$DIR/t"
  echo "$c: $size bytes, ${secs} s wall, ${usr}+${sys} s CPU, peak ${kb} KB, exit-lines $(wc -l < "$DIR/out"), stderr: $(head -c 300 "$DIR/err" | tr '\n' ' ')"
  rm -f "$f"
done
