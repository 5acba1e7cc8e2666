"""Runs a spaCy pipeline's NER on a `token<TAB>IOB2` file (as written by
`newsgraph eval ner --export`), on the gold tokens, and prints exact-span
P/R/F1 per type and overall as JSON, scored like `newsgraph eval ner`:
only the types present in the gold file count.

Usage: python bench/spacy_ner.py MODEL FILE
Label mapping: PER/PERSON→PER; ORG→ORG; LOC/GPE/FAC→LOC;
MISC/NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC; others dropped.
"""
import json
import sys
import time

import spacy
from spacy.tokens import Doc

MAP = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
       "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
       "LAW": "MISC", "LANGUAGE": "MISC"}


def read(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if cur:
                sents.append(cur)
            cur = []
            continue
        tok, tag = line.rsplit("\t", 1)
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def spans(tags):
    out, i = set(), 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            t, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + t:
                j += 1
            out.add((i, j, t))
            i = j
        else:
            i += 1
    return out


def main():
    model, path = sys.argv[1], sys.argv[2]
    nlp = spacy.load(model, exclude=["lemmatizer"])
    sents = read(path)
    gold_types = {t for s in sents for (_, _, t) in spans([g for _, g in s])}
    counts = {t: [0, 0, 0] for t in gold_types}
    ntok = sum(len(s) for s in sents)
    docs = [Doc(nlp.vocab, words=[w or "_" for w, _ in s]) for s in sents]
    t0 = time.time()
    docs = list(nlp.pipe(docs, batch_size=256))
    secs = time.time() - t0
    for s, doc in zip(sents, docs):
        g = spans([t for _, t in s])
        p = {(e.start, e.end, MAP[e.label_]) for e in doc.ents if MAP.get(e.label_) in gold_types}
        for (_, _, t) in g:
            counts[t][2] += 1
        for x in p:
            counts[x[2]][1] += 1
            if x in g:
                counts[x[2]][0] += 1

    def prf(tp, sy, go):
        p = 100.0 * tp / sy if sy else 0.0
        r = 100.0 * tp / go if go else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 2), "r": round(r, 2), "f1": round(f, 2), "gold": go}

    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    res = prf(*tot)
    res["per_type"] = {t: prf(*c) for t, c in sorted(counts.items())}
    res["tokens"] = ntok
    res["tokens_per_s"] = round(ntok / secs)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
