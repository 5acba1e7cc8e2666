#!/usr/bin/env python3
"""Derives the English event dictionary (lang/en/events.tsv) from the
PETRARCH2 verb dictionary (MIT, openeventdata/petrarch2, CAMEO.2.0.txt)
and the CAMEO→PLOVER table (CAMEO2PLOVER-2021.txt, CC BY-SA 4.0), then
appends the hand-written entries of crates/events/tools/en_events_extra.tsv
(event nouns, corrections).

usage: derive_en_events.py SHARED_DATA_DIR > lang/en/events.tsv
"""
import re
import sys

data = sys.argv[1]
c2p = {}
for line in open(f"{data}/events-plover/CAMEO2PLOVER-2021.txt", encoding="utf-8"):
    line = line.split("#")[0].strip()
    m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
    if m:
        code, kind, mode = m.group(1), m.group(2), (m.group(3) or "").strip()
        c2p.setdefault(code, (kind, mode))


def plover(code):
    code = code.split(":")[0].strip()
    if not code.isdigit():
        return None
    for n in range(len(code), 1, -1):
        if code[:n] in c2p:
            return code[:n], c2p[code[:n]]
    return None


rows = {}  # (lemma, pattern) -> row
order = []
extra = open("crates/events/tools/en_events_extra.tsv", encoding="utf-8").read()
for line in extra.splitlines():
    cols = line.split("\t")
    if len(cols) >= 4 and not line.startswith("#"):
        rows[(cols[0], cols[1], cols[2])] = None  # hand-written wins
STOP = set("with off if for to in on at by of from into against as about alongside bitterly".split())


def add(lemma, pattern, code):
    p = plover(code)
    if p is None:
        return
    cameo, (kind, mode) = p
    key = (lemma, "V", pattern)
    if key in rows:
        return
    mode = mode if mode and mode != "-" else "-"
    rows[key] = [lemma, "V", pattern, kind, mode, cameo, "-"]
    order.append(key)


src = open(f"{data}/events-petrarch2/dictionaries/CAMEO.2.0.txt", encoding="utf-8", errors="replace")
block_code = None
verbs = []
for raw in src:
    line = raw.split("#")[0].rstrip()
    if not line.strip():
        continue
    m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
    if m:
        block_code = m.group(2).strip()
        verbs = []
        continue
    if line.startswith("-"):
        # "- * WORD [code]": the verb with that object.
        m = re.match(r"^-\s+\*\s+([A-Z]+)\s*\[([^\]]+)\]\s*$", line.strip())
        if m and m.group(1).lower() not in STOP:
            for v in verbs:
                add(v, "obj=" + m.group(1).lower(), m.group(2))
        m = re.match(r"^-\s+\*\s+\(([A-Z]+)\)\s*\[([^\]]+)\]\s*$", line.strip())
        if m:
            for v in verbs:
                add(v, "prep=" + m.group(1).lower(), m.group(2))
        continue
    m = re.match(r"^\+?([A-Z_]+)\s*(\{[^}]*\})?\s*(\[([^\]]*)\])?", line.strip())
    if not m:
        continue
    word = m.group(1)
    code = (m.group(4) or "").strip() or block_code
    if "_" in word:
        head, _, rest = word.partition("_")
        parts = rest.split("_")
        if len(parts) == 1 and code and code != "---":
            add(head.lower(), "prep=" + parts[0].lower(), code)
        continue
    verbs.append(word.lower())
    if code and code != "---":
        add(word.lower(), "*", code)

print("""# English event dictionary for newsgraph (PLOVER 2.0).
# Verb entries are derived by crates/events/tools/derive_en_events.py from the
# PETRARCH2 verb dictionary CAMEO.2.0.txt (Copyright Open Event Data
# Alliance, MIT licence, github.com/openeventdata/petrarch2): verbs with a
# CAMEO code of their own, "- * NOUN" object patterns and "VERB_PREP"
# phrasal verbs, mapped to PLOVER with CAMEO2PLOVER-2021.txt (openeventdata/
# PLOVER, CC BY-SA 4.0). CAMEO 01/02 (statements, appeals without a PLOVER
# type) are left to the statement default. The hand-written part at the end
# (event nouns, corrections) comes from crates/events/tools/en_events_extra.tsv.
# Format: see lang/fr/events.tsv.""")
print("# --- hand-written (take precedence) ---")
sys.stdout.write(extra)
print("# --- derived from PETRARCH2 ---")
for key in order:
    print("\t".join(rows[key]))
