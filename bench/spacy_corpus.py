"""Runs a spaCy pipeline over the articles of a JSONL file (bench/speed.sh's
corpus) in one process, one article per Doc (nlp.pipe, n_process=1), and
prints one tab-separated line: model, articles, tokens, CPU seconds of the
pipeline (user+sys of this process, model loading excluded), CPU seconds of
loading, wall seconds of the pipeline. Never a project dependency: run by
bench/speed.sh inside a throwaway virtualenv."""

import json
import sys
import time

import spacy

model, path = sys.argv[1], sys.argv[2]
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
c0 = time.process_time()
nlp = spacy.load(model)
c1, w1 = time.process_time(), time.perf_counter()
tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
c2, w2 = time.process_time(), time.perf_counter()
print(f"{model}\t{len(texts)}\t{tokens}\t{c2 - c1:.3f}\t{c1 - c0:.3f}\t{w2 - w1:.3f}")
