#!/usr/bin/env bash
# Writes the fuzzing seed corpus (issue 17) into fuzz/corpus/<target>/ from
# the bundled examples and a few hostile shapes; nothing is committed but
# this script. Run from the repository root: fuzz/seed.sh
set -euo pipefail
C=fuzz/corpus
mkdir -p "$C"/{read_text,read_jsonl_line,read_html,segment,pipeline}
python3 - "$C" <<'PY'
import pathlib, sys
c = pathlib.Path(sys.argv[1])
ex = pathlib.Path("examples")
def put(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    (c / target / name).write_bytes(data)
texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ex.glob("*.txt"))}
for stem, t in texts.items():
    put("read_text", stem, t)
    body = t.split("\n", 1)[1] if t.startswith("date ") else t
    for target in ("segment", "pipeline"):
        put(target, stem, body[:1500])
put("read_text", "date-forms", "Date: 14 mars 2024\nLe ministre est arrivé.")
put("read_text", "date-time", "date 2024-03-14T10:00+01:00\nThe minister said so.")
put("read_text", "date-limite", "date limite de dépôt : lundi.\nLe texte.")
put("read_text", "utf16", b"\xff\xfe" + "date 2024-03-14\nLe café.".encode("utf-16-le"))
for i, line in enumerate(l for l in (ex / "en-summit.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()):
    put("read_jsonl_line", f"summit-{i}", line)
for i, line in enumerate(l for l in (ex / "stories.jsonl").read_text(encoding="utf-8").splitlines()[:3] if l.strip()):
    put("read_jsonl_line", f"stories-{i}", line[:1500])
put("read_jsonl_line", "types", '{"text": ["a"], "published": 2024, "id": null}')
put("read_jsonl_line", "surrogate", '{"text":"Il a dit \\ud800 hier.","published":"2024-03-14T10:00:00Z"}')
put("read_html", "article", (ex / "fr-article.html").read_bytes())
put("read_html", "nested", "<html><body>" + "<div>" * 300 + "<p>Le ministre a parlé.</p>" + "</div>" * 300 + "</body></html>")
put("read_html", "script", "<html><head><script>var a = '<p>';</script><title>T</title></head><body><article><h1>T</h1><p>Le texte.</p></article></body></html>")
quotes = "« Nous avons progressé », a déclaré la ministre. “We will,” he said. ‘Yes’ \"no\" « « » »"
for target in ("segment", "pipeline"):
    put(target, "quotes", quotes)
    put(target, "abbrev", "M. Dupont et Dr. Smith, U.S.A., 3.5 % le 14/03/2024 à 10 h 30... (voir p. 4) !?")
    put(target, "mixed", "Il a dit \u202eعربي\u202c 👩‍👩‍👧 e\u0301\u200b\r\n\r\nfin")
PY
echo "seeds in $C: $(find "$C" -type f | wc -l) files"
