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


path = f"{data}/events-petrarch2/dictionaries/CAMEO.2.0.txt"
lines = open(path, encoding="utf-8", errors="replace").read().splitlines()

# Synsets ("&PROPOSAL" then "+PROPOSAL", "+SUGGESTION"…): a pattern object
# written as a synset stands for each of its single-word members.
synsets = {}
cur = None
for raw in lines:
    line = raw.split("#")[0].strip()
    if re.match(r"^&[A-Z_]+$", line):
        cur = synsets.setdefault(line[1:], [])
    elif cur is not None and line.startswith("+"):
        w = line[1:].strip().rstrip("_")
        if re.match(r"^[A-Z]+$", w):
            cur.append(w.lower())
    elif not line:
        cur = None


def objects(first):
    """The object lemmas of a pattern's first element: a word, the last
    word of a {PHRASE}, or the members of a &SYNSET."""
    m = re.match(r"^\{([^}]*)\}$", first)
    if m:
        first = m.group(1).split()[-1] if m.group(1).split() else ""
    if first.startswith("&"):
        return synsets.get(first[1:], [])
    if re.match(r"^[A-Z]+$", first):
        return [first.lower()]
    return []


block_code = None
verbs = []
patterns = []  # (verb or None, kind, pattern, code) of the current block


def flush():
    # A verb with no code of its own (the block's code is "---") is coded by
    # its own object patterns when at least 3 of them and 60 % or more agree
    # on one PLOVER type ("reject" → REJECT, "lift" → CONCEDE/RETREAT…).
    for v in verbs:
        if (v, "V", "*") in rows:
            continue
        own = [plover(c) for (pv, pat, c) in patterns if pv == v]
        kinds = [p[1][0] for p in own if p]
        if len(kinds) < 3:
            continue
        best = max(set(kinds), key=kinds.count)
        if kinds.count(best) / len(kinds) >= 0.6:
            codes = [p[0] for p in own if p and p[1][0] == best]
            root = min(codes, key=len)[:2]
            mode = c2p.get(root, (best, "-"))[1] or "-"
            key = (v, "V", "*")
            rows[key] = [v, "V", "*", best, mode if mode else "-", root, "-"]
            order.append(key)


for raw in lines:
    comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
    line = raw.split("#")[0].rstrip()
    if not line.strip():
        continue
    m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
    if m:
        flush()
        block_code = m.group(2).strip()
        verbs = []
        patterns = []
        continue
    if line.startswith("-"):
        # "- * OBJECT … [code]   # VERB": that verb of the block with that
        # object (the comment names the verb the pattern was written for; a
        # pattern whose comment names none of the block's verbs is skipped,
        # one without a comment applies to all of them).
        m = re.match(r"^-\s+\*\s+(.*?)\s*\[([^\]]+)\]\s*$", line.strip())
        if not m:
            continue
        rest, code = m.group(1).split(), m.group(2)
        owner = comment.split()[0].lower() if comment.split() else None
        if owner is not None and not re.match(r"^[a-z_]+$", owner):
            owner = None
        targets = verbs if owner is None else [v for v in verbs if v == owner]
        if not rest:
            continue
        pm = re.match(r"^\(([A-Z]+)\)$", rest[0])
        if pm and len(rest) == 1:
            for v in targets:
                add(v, "prep=" + pm.group(1).lower(), code)
            continue
        if rest[0].startswith("{") and not rest[0].endswith("}"):
            j = next((k for k, w in enumerate(rest) if w.endswith("}")), None)
            if j is None:
                continue
            first = " ".join(rest[: j + 1])
        else:
            first = rest[0]
        for o in objects(first):
            if o in STOP:
                continue
            for v in targets:
                patterns.append((v, "obj=" + o, code))
                add(v, "obj=" + o, code)
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
flush()

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
