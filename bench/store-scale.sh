#!/usr/bin/env bash
# Scale benchmark of the corpus store (a command, not a test):
#   bench/store-scale.sh [N_DOCS] [WORKDIR]
# 1. analyzes the bundled examples once (JSONL without tokens);
# 2. replicates them to N_DOCS documents with new ids, URLs, outlets, dates,
#    an extra varying sentence, per-replica person names, and one synthetic
#    event per document (the events stage is not on main yet);
# 3. ingests them with `newsgraph ingest --analyzed --no-stories` (store only: the story
#    digests are written, compressed, but not grouped; docs/stories.md) and reports
#    documents/s and the store size against the JSONL size;
# 4. measures entity, timeline and search latency (p50, p95) with
#    crates/store/examples/store_bench.rs.
# Uses the binary of PROFILE (default release; PROFILE=dev for the debug
# build). REUSE=1 keeps an existing WORKDIR/corpus.jsonl of N_DOCS lines.
# With PG_URL=postgres://user:password@host/db the store is the schema
# `newsgraph_scale` of that database (dropped and re-created first) instead
# of an SQLite file; its size is the sum of pg_total_relation_size over the
# schema's tables (indexes and TOAST included).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
W=${2:-/tmp/newsgraph-scale}
PROFILE=${PROFILE:-release}
mkdir -p "$W"
if [ "$PROFILE" = release ]; then FLAG=--release; DIR=release; else FLAG=; DIR=debug; fi
cargo build $FLAG -p newsgraph -p newsgraph-store --examples --bin newsgraph 2>&1 | tail -1
BIN=target/$DIR/newsgraph
if [ "${REUSE:-0}" = 1 ] && [ -s "$W/corpus.jsonl" ] && [ "$(wc -l < "$W/corpus.jsonl")" = "$N" ]; then
  echo "reusing $W/corpus.jsonl"
else
"$BIN" analyze examples/ --no-tokens > "$W/base.jsonl"
python3 - "$W/base.jsonl" "$W/corpus.jsonl" "$N" <<'PY'
import json, random, sys
base = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
out = open(sys.argv[2], "w", encoding="utf-8")
n = int(sys.argv[3])
rng = random.Random(42)
vocab = ("rencontre sommet accord frontière élection réforme budget grève tribunal "
         "enquête sanctions énergie port usine récolte inondation vaccin traité").split()
for i in range(n):
    d = json.loads(json.dumps(base[i % len(base)]))
    d["id"] = f"{d['id']}-{i}"
    d["url"] = f"https://outlet{i % 50}.example/{i}"
    d["source"] = f"Outlet {i % 50}"
    d["published"] = f"{2019 + i % 6}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
    extra = " Dépêche %d : %s %s %s." % (i, *rng.sample(vocab, 3))
    d["text"] = d["text"] + extra
    for e in d["entities"]:
        if e["type"] == "PER" and not e.get("kb"):
            e["name"] = f"{e['name']} {i % 1000}"
    per = [e for e in d["entities"] if e["type"] == "PER"]
    gpe = [e for e in d["entities"] if e["type"] in ("GPE", "LOC")]
    if per and d["sentences"]:
        s = d["sentences"][0]
        m = per[0]["mentions"][0]
        d["events"] = [{
            "id": "v0", "type": rng.choice(["CONSULT", "AGREE", "ACCUSE", "AID"]),
            "trigger": {"start": m["start"], "end": m["end"], "text": m["text"], "lemma": m["text"]},
            "actors": [{"entity": per[0]["id"], "text": m["text"]}],
            "targets": [{"entity": gpe[0]["id"], "text": gpe[0]["mentions"][0]["text"]}] if gpe else [],
            "place": None,
            "time": {"value": d["published"][:7] if i % 3 else None, "timex": None},
            "modality": "asserted", "sentence": 0,
        }]
    out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
fi
JSONL=$(stat -c %s "$W/corpus.jsonl")
echo "corpus: $N documents, JSONL without tokens $((JSONL / 1000000)) MB"
if [ -n "${PG_URL:-}" ]; then
    psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS newsgraph_scale CASCADE; CREATE SCHEMA newsgraph_scale"
    case "$PG_URL" in *\?*) SEP='&' ;; *) SEP='?' ;; esac
    STORE="$PG_URL${SEP}options=-c%20search_path%3Dnewsgraph_scale"
else
    rm -f "$W/store.db" "$W/store.db-wal" "$W/store.db-shm"
    STORE="$W/store.db"
fi
# Wall time and the CPU time the process got (the machine may be shared).
/usr/bin/time -f "%e %U %S" -o "$W/ingest.time" "$BIN" ingest --analyzed --no-stories "$W/corpus.jsonl" --db "$STORE"
read -r WALL USR SYS < "$W/ingest.time"
if [ -n "${PG_URL:-}" ]; then
    DB=$(psql -tA "$PG_URL" -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'newsgraph_scale' AND c.relkind = 'r'")
else
    # Checkpoint the WAL so that the file size is the whole store.
    "$BIN" stats --db "$W/store.db" --format jsonl > "$W/stats.json"
    DB=$(( $(stat -c %s "$W/store.db") + $(stat -c %s "$W/store.db-wal" 2>/dev/null || echo 0) ))
fi
python3 -c "print(f'ingest: {$N/$WALL:.0f} documents/s wall ({$WALL:.1f} s), {$N/($USR+$SYS):.0f} documents per CPU-second of the client ({$USR:.1f} s user + {$SYS:.1f} s system); store {$DB/1e6:.0f} MB = {$DB/$JSONL:.2f} x JSONL')"
cargo run -q $FLAG -p newsgraph-store --example store_bench -- "$STORE" 200
