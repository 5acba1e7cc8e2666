"""Writes the speed benchmark's corpus as JSONL (one article per line) from
../shared/data: French = the French TimeBank articles (text of <TEXT>, date
of the DCT) plus the French PUD documents (`# text` lines grouped by
`# newdoc`); English = the TempEval-3 platinum articles plus the English
PUD documents. Each set is repeated REPEAT times (ids suffixed), as in
issue 16's baseline. Usage: speed_corpus.py DATA_DIR OUT_DIR [REPEAT]
Writes OUT_DIR/fr.jsonl, OUT_DIR/en.jsonl, OUT_DIR/short.txt (one short
French article, for the start-time figure) and OUT_DIR/<lang>.txt (the
same texts, one article per paragraph block, for spaCy)."""

import glob
import html
import json
import os
import re
import sys


def timeml(path):
    raw = open(path, encoding="utf-8").read()
    m = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d\d-\d\d)', raw)
    if not m:
        m = re.search(r'value="(\d{4}-\d\d-\d\d)"[^>]*functionInDocument="CREATION_TIME"', raw)
    date = m.group(1) if m else None
    t = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", t.group(1) if t else "")).strip()
    return os.path.basename(path).rsplit(".", 1)[0], date, text


def pud(path):
    docs, cur, name = [], [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("# newdoc id ="):
            if cur:
                docs.append((name, None, " ".join(cur)))
            name, cur = line.split("=", 1)[1].strip(), []
        elif line.startswith("# text ="):
            cur.append(line.split("=", 1)[1].strip())
    if cur:
        docs.append((name, None, " ".join(cur)))
    return docs


def main():
    data, out = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    os.makedirs(out, exist_ok=True)
    sets = {
        "fr": [timeml(p) for p in sorted(glob.glob(f"{data}/timeml-fr-timebank/data/*.tml"))]
        + pud(f"{data}/ud-fr-pud/fr_pud-ud-test.conllu"),
        "en": [timeml(p) for p in sorted(glob.glob(f"{data}/timeml-en-tempeval3/test/te3-platinum/*.tml"))]
        + pud(f"{data}/ud-en-pud/en_pud-ud-test.conllu"),
    }
    for lang, docs in sets.items():
        docs = [d for d in docs if d[2]]
        with open(f"{out}/{lang}.jsonl", "w", encoding="utf-8") as j, \
             open(f"{out}/{lang}.txt", "w", encoding="utf-8") as t:
            for r in range(repeat):
                for name, date, text in docs:
                    rec = {"id": f"{name}-{r}", "text": text, "language": lang}
                    if date:
                        rec["published"] = date
                    j.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    t.write(text.replace("\n\n", "\n") + "\n\n")
    # the first French TimeBank article of a few hundred characters
    for name, date, text in sets["fr"]:
        if date and 300 <= len(text) <= 1500:
            with open(f"{out}/short.txt", "w", encoding="utf-8") as f:
                f.write(f"date {date}\n{text}\n")
            break


main()
