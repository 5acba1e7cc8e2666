#!/bin/sh
# Reruns every evaluation command whose figures README.md and docs/figures.md
# show, and writes them as JSON (one object per evaluation: set, command,
# the command's own --json output) to docs/figures.json, then the Markdown
# tables between the `<!-- figures:… -->` markers of docs/figures.md and
# README.md (bench/figures.py).
# Usage (from the repository root): sh bench/figures.sh [SHARED_DATA_DIR] [OUT_JSON]
# Environment: STAGES (subset, e.g. "segment quotes": only their rows are
# replaced in an existing OUT), NG (binary),
# NG_NOBUILD=1 (do not build).
# Takes about 15 minutes on one core (release build). Speed figures are
# not part of it: they need an idle machine (see docs/figures.md).
set -eu
D=${1:-../shared/data}
OUT=${2:-docs/figures.json}
NG=${NG:-./target/release/newsgraph}
[ -n "${NG_NOBUILD:-}" ] || cargo build --release -j1 -p newsgraph >&2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ROWS="$OUT.rows.jsonl"; : > "$ROWS"
# run STAGE SET CMD... : runs `newsgraph CMD --json`, records its output.
run() {
  stage=$1; set=$2; shift 2
  echo "$stage $set: newsgraph $*" >&2
  $NG "$@" --json > "$T/out.json"
  python3 - "$stage" "$set" "newsgraph $*" "$T/out.json" >> "$ROWS" <<'PY'
import json, sys
stage, name, cmd, path = sys.argv[1:5]
out = json.loads(open(path).read())
print(json.dumps({"stage": stage, "set": name, "command": cmd, "result": out}, ensure_ascii=False))
PY
}
# NER sets spread over several files are exported to one CoNLL file first
# (gold tokens and labels only), as bench/compare-spacy.sh does for spaCy.
ner_set() { # name lang files...
  name=$1; lang=$2; shift 2
  : > "$T/$name.conll"
  for f in "$@"; do
    $NG eval ner --gold "$f" --lang "$lang" --json --export "$T/part.conll" > /dev/null
    cat "$T/part.conll" >> "$T/$name.conll"
  done
  run ner "$name" eval ner --gold "$T/$name.conll" --lang "$lang"
}

stage_segment() {
  for s in "ud-fr-sequoia/fr_sequoia-ud-test" "ud-fr-gsd/fr_gsd-ud-test" "ud-fr-pud/fr_pud-ud-test" \
           "ud-en-ewt/en_ewt-ud-test" "ud-en-pud/en_pud-ud-test" \
           "ud-fr-sequoia/fr_sequoia-ud-dev" "ud-fr-gsd/fr_gsd-ud-dev" "ud-en-ewt/en_ewt-ud-dev"; do
    run segment "$(basename $s)" eval segment --gold "$D/$s.conllu"
  done
}
stage_syntax() {
  for s in "ud-fr-sequoia/fr_sequoia-ud-test" "ud-fr-gsd/fr_gsd-ud-test" "ud-fr-pud/fr_pud-ud-test" \
           "ud-en-ewt/en_ewt-ud-test" "ud-en-pud/en_pud-ud-test"; do
    run syntax "$(basename $s)" eval syntax --gold "$D/$s.conllu"
    run syntax-raw "$(basename $s)" eval syntax --gold "$D/$s.conllu" --raw
  done
}
stage_time() {
  run time tempeval3-platinum eval time --gold "$D/timeml-en-tempeval3/test"
  run time tempeval3-train eval time --gold "$D/timeml-en-tempeval3/train" --convention timebank
  run time fr-timebank-test eval time --gold "$D/timeml-fr-timebank/data" \
    --split "$D/timeml-fr-timebank/split.tsv" --parts test
  run time fr-timebank-train-dev eval time --gold "$D/timeml-fr-timebank/data" \
    --split "$D/timeml-fr-timebank/split.tsv" --parts train,dev
  run time fr-timebank-all eval time --gold "$D/timeml-fr-timebank/data"
  # The same with the production segmenter and tagger before the time stage
  # (tense from the token layer), as `analyze` runs it.
  run time tempeval3-platinum-pipeline eval time --gold "$D/timeml-en-tempeval3/test" --pipeline
  run time fr-timebank-all-pipeline eval time --gold "$D/timeml-fr-timebank/data" --pipeline
}
stage_ner() {
  ner_set fr-sequoia-test fr "$D/ner-fr-sequoia-parseme/sequoia-ud.parseme.frsemcor.test.conllu.gz"
  ner_set fr-fenec-sample fr "$D"/ner-fr-fenec-sample/*.webanno.tsv
  ner_set fr-wikineural-test fr "$D/ner-wikineural-silver/wikineural-fr-test.conll.gz"
  ner_set fr-newseye-test fr "$D/ner-fr-newseye/HIPE-2022-v2.1-newseye-test-fr.tsv.gz"
  ner_set en-uner-ewt-test en "$D/ner-en-uner-ewt/en_ewt-ud-test.iob2"
  ner_set en-wikigold en "$D/ner-en-wikigold/wikigold.conll.txt"
}
stage_linking() {
  run linking en-dwie-test eval linking --gold "$D/ie-en-dwie/dwie.jsonl.gz"
  run linking fr-newseye-test eval linking --gold "$D/ner-fr-newseye/HIPE-2022-v2.1-newseye-test-fr.tsv.gz"
}
stage_quotes() {
  run quotes polnear-test eval quotes --gold "$D/quotes-en-polnear/test"
  run quotes polnear-dev eval quotes --gold "$D/quotes-en-polnear/dev"
}
stage_coref() {
  run coref gum-test eval coref --gold "$D/coref-en-gum/gum.test.conllu.gz" --lang en
  run coref gum-test-news-interview eval coref --gold "$D/coref-en-gum/gum.test.conllu.gz" --lang en --only GUM_news_,GUM_interview_
  run coref democrat-test eval coref --gold "$D/coref-fr-democrat/dem1921_sg.test.conll.gz" --lang fr
  run coref gum-dev eval coref --gold "$D/coref-en-gum/gum.dev.conllu.gz" --lang en
  run coref democrat-dev eval coref --gold "$D/coref-fr-democrat/dem1921_sg.dev.conll.gz" --lang fr
}
# STAGES selects and orders the stages (default: all).
for st in ${STAGES:-segment syntax time ner linking quotes coref}; do "stage_$st"; done
python3 - "$ROWS" "$OUT" <<'PY'
import json, sys
import os
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
# A subset run (STAGES) replaces only the rows it recomputed: the other
# rows of an existing OUT are kept, in their order.
if os.environ.get("STAGES") and os.path.exists(sys.argv[2]):
    new = {(r["stage"], r["set"]): r for r in rows}
    kept = json.load(open(sys.argv[2], encoding="utf-8"))
    merged = [new.pop((r["stage"], r["set"]), r) for r in kept]
    rows = merged + list(new.values())
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False, indent=1)
    f.write("\n")
PY
rm -f "$ROWS"; echo "wrote $OUT" >&2
if [ "$OUT" = docs/figures.json ]; then python3 bench/figures.py docs/figures.json; fi
