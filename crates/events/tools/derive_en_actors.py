#!/usr/bin/env python3
"""Derives the English actor-code dictionary (lang/en/event-actors.tsv)
from the PETRARCH2 actor dictionaries (MIT, openeventdata/petrarch2:
Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt): every name and synonym of an actor with
its CAMEO code. Where a name has several dated codes the latest is kept
(a person's office changes; the country part rarely does). Names with
several different country parts across entries are dropped as ambiguous.

usage: derive_en_actors.py SHARED_DATA_DIR > lang/en/event-actors.tsv
"""
import re
import sys

data = sys.argv[1] + "/events-petrarch2/dictionaries"
FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
]
CODE = re.compile(r"\[([A-Z]{3,})(?:\s+([<>]?)([0-9]{6,8})(?:-([0-9]{6,8}))?)?\s*\]")


def when(m):
    """A code's end date as YYYYMMDD (6-digit dates are YYMMDD)."""
    d = m.group(4) or m.group(3) or "0"
    if len(d) == 6:
        d = ("20" if d[:2] < "30" else "19") + d
    return d.ljust(8, "0")


def norm(name):
    name = name.strip().strip("_").replace("_", " ")
    name = re.sub(r"\s+", " ", name).strip().lower()
    if name.startswith("the "):
        name = name[4:]
    return name


codes = {}  # name -> set of codes (latest per block)
for fn in FILES:
    names, block_codes = [], []

    def flush():
        if names and block_codes:
            # latest dated code, else the last listed
            best = max(block_codes, key=lambda c: c[1])[0]
            for n in names:
                codes.setdefault(n, set()).add(best)

    for raw in open(f"{data}/{fn}", encoding="utf-8", errors="replace"):
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            for m in CODE.finditer(line):
                block_codes.append((m.group(1), when(m)))
            continue
        line = line.lstrip("+")
        # a name: a new actor once the previous one has its codes (names
        # listed before a block's codes, with or without "+", share them)
        if block_codes:
            flush()
            names, block_codes = [], []
        head = line.split("[")[0]
        n = norm(head)
        if n:
            names.append(n)
        for m in CODE.finditer(line):
            block_codes.append((m.group(1), when(m)))
    flush()

print("# English actor names and their CAMEO actor codes, derived by")
print("# crates/events/tools/derive_en_actors.py from the PETRARCH2 actor")
print("# dictionaries (Phoenix.*.actors.txt; Copyright Open Event Data Alliance,")
print("# MIT licence, github.com/openeventdata/petrarch2). Used by the events")
print("# stage for participants whose entity has no code of its own.")
print("# Format: normalized name (lower case) <TAB> CAMEO actor code.")
for n in sorted(codes):
    cs = codes[n]
    if len({c[:3] for c in cs}) != 1 or len(n) < 3 or not re.search(r"[a-z]", n):
        continue
    print(f"{n}\t{sorted(cs)[0]}")
