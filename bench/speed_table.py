"""Turns bench/speed.sh's measurements (a temp dir) into a Markdown table,
printed, and written between the `<!-- speed:begin -->` and
`<!-- speed:end -->` markers of FIGURES_MD when that argument is given.
Usage: speed_table.py TMPDIR NG_BINARY [FIGURES_MD]"""

import datetime
import glob
import os
import re
import statistics
import subprocess
import sys

T, NG = sys.argv[1], sys.argv[2]
FIG = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None


def runs(path):
    """[(wall, user, sys, kb)] of a `timed` file."""
    out = []
    if os.path.exists(path):
        for line in open(path):
            p = line.split()
            if len(p) == 4:
                out.append((float(p[0]), float(p[1]), float(p[2]), int(p[3])))
    return out


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def whole(path):
    r = runs(path)
    return {"wall": med([x[0] for x in r]), "cpu": med([x[1] + x[2] for x in r]),
            "mb": med([x[3] / 1024 for x in r]), "n": len(r)}


def stages(lang, threads):
    by, words = {}, 0
    for f in sorted(glob.glob(f"{T}/stages-{lang}-{threads}-*")):
        lines = open(f, encoding="utf-8").read().splitlines()
        head = [i for i, l in enumerate(lines) if l.startswith("stage\tcpu_s")]
        if not head:
            continue
        m = re.search(r"\((\d+) documents, (\d+) words\)", lines[head[-1]])
        words = int(m.group(2)) if m else words
        for l in lines[head[-1] + 1:]:
            p = l.split("\t")
            if len(p) == 3:
                by.setdefault(p[0], []).append(float(p[1]))
    return {k: med(v) for k, v in by.items()}, words


def spacy(lang):
    p = f"{T}/sp-{lang}.out"
    if not os.path.exists(p) or not open(p).read().strip():
        return None
    model, docs, tokens, cpu, load, wall = open(p).read().split("\t")
    w = whole(f"{T}/sp-{lang}")
    return {"model": model, "tokens": int(tokens), "cpu": float(cpu), "load": float(load),
            "wall": float(wall), "proc_cpu": w["cpu"], "mb": w["mb"]}


def fmt(x, nd=0):
    if x != x:  # nan
        return "—"
    return f"{x:,.{nd}f}"


langs = ["fr", "en"]
rows = []
data = {}
for lang in langs:
    st, words = stages(lang, 1)
    data[lang] = {"st": st, "words": words, "w1": whole(f"{T}/ng-{lang}-1"),
                  "w2": whole(f"{T}/ng-{lang}-2"), "sp": spacy(lang)}

hdr = "| measurement | " + " | ".join(f"{l} corpus" for l in langs) + " |"
rows.append(hdr)
rows.append("|---|" + "---:|" * len(langs))


def row(name, f):
    rows.append(f"| {name} | " + " | ".join(f(data[l]) for l in langs) + " |")


row("words (newsgraph tokens; the articles three times over)", lambda d: fmt(d["words"]))
row("**newsgraph `--threads 1`, whole process**: CPU s (user+sys)", lambda d: fmt(d["w1"]["cpu"], 2))
row("words per CPU-second, whole process", lambda d: fmt(d["words"] / d["w1"]["cpu"]))
row("wall s / peak RSS MB", lambda d: f'{fmt(d["w1"]["wall"], 2)} / {fmt(d["w1"]["mb"])}')
stage_names = []
for l in langs:
    for k in data[l]["st"]:
        if k not in stage_names and k != "all stages":
            stage_names.append(k)
for s in stage_names + ["all stages"]:
    row(f"stage `{s}`: CPU s, words per CPU-second",
        lambda d, s=s: (f'{fmt(d["st"][s], 3)}, {fmt(d["words"] / d["st"][s])}'
                        if s in d["st"] and d["st"][s] > 0 else "—"))
row("**newsgraph `--threads 2`**: wall s / CPU s / peak RSS MB",
    lambda d: f'{fmt(d["w2"]["wall"], 2)} / {fmt(d["w2"]["cpu"], 2)} / {fmt(d["w2"]["mb"])}')
row("scaling: wall `--threads 1` ÷ wall `--threads 2` (target ≥ 1.8)",
    lambda d: fmt(d["w1"]["wall"] / d["w2"]["wall"], 2))
if any(data[l]["sp"] for l in langs):
    row("**spaCy** model", lambda d: f'`{d["sp"]["model"]}`' if d["sp"] else "—")
    row("spaCy tokens", lambda d: fmt(d["sp"]["tokens"]) if d["sp"] else "—")
    row("spaCy whole process: CPU s (user+sys, with loading) / peak RSS MB",
        lambda d: f'{fmt(d["sp"]["proc_cpu"], 2)} / {fmt(d["sp"]["mb"])}' if d["sp"] else "—")
    row("spaCy pipeline only: CPU s, tokens per CPU-second",
        lambda d: f'{fmt(d["sp"]["cpu"], 2)}, {fmt(d["sp"]["tokens"] / d["sp"]["cpu"])}' if d["sp"] else "—")
    row("**ratio, whole process** (spaCy CPU ÷ newsgraph CPU, same articles; target ≥ 20)",
        lambda d: f'**{fmt(d["sp"]["proc_cpu"] / d["w1"]["cpu"], 1)}×**' if d["sp"] else "—")
    row("ratio, pipelines only (spaCy pipeline CPU ÷ newsgraph all stages CPU)",
        lambda d: fmt(d["sp"]["cpu"] / d["st"]["all stages"], 1) + "×"
        if d["sp"] and d["st"].get("all stages") else "—")
table = "\n".join(rows)

s = whole(f"{T}/start")
start = (f"Start on one short article (`analyze` of a {os.path.getsize(T + '/short.txt')}-byte "
         f"French TimeBank text, median of {s['n']}): **{fmt(s['wall'] * 1000)} ms wall, "
         f"{fmt(s['cpu'] * 1000)} ms CPU, {fmt(s['mb'])} MB peak RSS** (target ≤ 100 ms, ≤ 60 MB).")
big = whole(f"{T}/big")
if big["n"]:
    start += (f" Batch of {os.environ.get('BIG_MB', '?')} MB (French corpus repeated, all cores): "
              f"{fmt(big['wall'], 1)} s wall, {fmt(big['cpu'], 1)} s CPU, **{fmt(big['mb'])} MB peak RSS** "
              f"(target ≤ 200 MB).")
try:
    version = subprocess.run([NG, "--version"], capture_output=True, text=True).stdout.strip()
except OSError:
    version = NG
sv = open(f"{T}/spacy-version").read().strip() if os.path.exists(f"{T}/spacy-version") else None
note = (f"`sh bench/speed.sh` ({datetime.date.today()}, {version}"
        + (f", spaCy {sv}" if sv else "") + f"; newsgraph figures are medians of "
        f"{data['fr']['w1']['n']} runs; CPU = user+sys, the machine being shared).")
text = f"{note}\n\n{table}\n\n{start}\n"
print(text)
if FIG:
    doc = open(FIG, encoding="utf-8").read()
    a, b = "<!-- speed:begin -->", "<!-- speed:end -->"
    if a in doc and b in doc:
        doc = doc[:doc.index(a) + len(a)] + "\n" + text + doc[doc.index(b):]
    else:
        doc += f"\n## Speed and footprint (whole pipeline)\n\n{a}\n{text}{b}\n"
    open(FIG, "w", encoding="utf-8").write(doc)
