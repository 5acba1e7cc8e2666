#!/bin/sh
# Rebuilds the KB and retrains the shipped sentence and NER models (open-licence
# data only). Every command is also in models/MANIFEST.tsv (with the syntax
# models'); `sh bench/models-check.sh` checks the files against it.
# Usage: sh bench/train-models.sh [SHARED_DATA_DIR]   (run from the repository root)
set -e
D=${1:-../shared/data}
NG=./target/release/newsgraph
cargo build --release -p newsgraph
$NG train segmenter --lang fr --train "$D/ud-fr-sequoia/fr_sequoia-ud-train.conllu" \
  --dev "$D/ud-fr-sequoia/fr_sequoia-ud-dev.conllu" --epochs 12 -o models/fr/sentences.bin
$NG train segmenter --lang en --train "$D/ud-en-ewt/en_ewt-ud-train.conllu" \
  --dev "$D/ud-en-ewt/en_ewt-ud-dev.conllu" --epochs 12 -o models/en/sentences.bin
$NG kb build --shared "$D" -o kb/builtin.jsonl.gz
cargo build --release -p newsgraph   # embed the new KB (gazetteer features)
# Sequoia (news) is listed twice: weight 2 (tuned on Sequoia dev and NewsEye dev2).
$NG train ner --lang fr --epochs 12 -o models/fr/ner.bin.gz \
  "$D/ner-fr-sequoia-parseme/sequoia-ud.parseme.frsemcor.train.conllu.gz" \
  "$D/ner-fr-sequoia-parseme/sequoia-ud.parseme.frsemcor.train.conllu.gz" \
  "$D/ner-fr-newseye/HIPE-2022-v2.1-newseye-dev-fr.tsv.gz" \
  "$D/ner-fr-europeana/enp_FR.bnf.bio" \
  "$D/ner-fr-7romans/ner/BelAmi.conll.gz:3000" \
  "$D/ner-fr-7romans/ner/Germinal.conll.gz:3000"
# UNER EWT train listed twice: weight 2 (tuned on UNER EWT dev).
$NG train ner --lang en --epochs 8 -o models/en/ner.bin.gz \
  "$D/ner-en-uner-ewt-train/en_ewt-ud-train.normalized.iob2.gz" \
  "$D/ner-en-uner-ewt-train/en_ewt-ud-train.normalized.iob2.gz" \
  "$D/ner-en-btc/a.conll" "$D/ner-en-btc/b.conll" "$D/ner-en-btc/e.conll" \
  "$D/ner-en-btc/f.conll" "$D/ner-en-btc/g.conll" "$D/ner-en-btc/h.conll" \
  "$D/ner-en-wnut17/wnut17train.conll"
cargo build --release -p newsgraph   # embed the new models
