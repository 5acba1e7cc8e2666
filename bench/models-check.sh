#!/bin/sh
# Checks the model store against models/MANIFEST.tsv:
#  1. every shipped file listed in the manifest has the listed sha256
#     (and every file under models/ is listed);
#  2. with --retrain, retrains the cheap models (the manifest's `check`
#     column says `retrain`: the sentence-boundary models, ~1–3 min each on
#     one core) with the manifest's exact command into a temporary directory
#     and checks the result is byte-identical to the shipped file.
# Exit status 1 on any mismatch. Run from the repository root:
#   sh bench/models-check.sh [--retrain] [SHARED_DATA_DIR]
# Environment: NG (the binary, default target/release/newsgraph), NG_NOBUILD=1
# (do not build it). Training is deterministic and gives the same bytes from
# a debug or a release build.
set -eu
RETRAIN=0
if [ "${1:-}" = --retrain ]; then RETRAIN=1; shift; fi
D=${1:-../shared/data}
M=models/MANIFEST.tsv
fail=0
# 1. Checksums.
tail -n +2 "$M" | while IFS='	' read -r file sha bytes check cmd data commit; do
  got=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$got" = "$sha" ]; then echo "ok        $file"; else echo "MISMATCH  $file: $got, manifest $sha"; echo x >> "${TMPDIR:-/tmp}/models-check.$$"; fi
done
for f in models/*/*.bin models/*/*.gz; do
  cut -f1 "$M" | grep -qx "$f" || { echo "UNLISTED  $f"; echo x >> "${TMPDIR:-/tmp}/models-check.$$"; }
done
# 2. Retraining the cheap models.
if [ $RETRAIN = 1 ]; then
  NG=${NG:-./target/release/newsgraph}
  [ -n "${NG_NOBUILD:-}" ] || cargo build --release -j1 -p newsgraph >&2
  T=$(mktemp -d)
  tail -n +2 "$M" | while IFS='	' read -r file sha bytes check cmd data commit; do
    [ "$check" = retrain ] || continue
    mkdir -p "$T/$(dirname "$file")"
    # The manifest's command, writing under $T and reading $D.
    c=$(printf '%s' "$cmd" | sed -e "s#-o $file#-o $T/$file#" -e "s#\.\./shared/data#$D#g" -e "s#^newsgraph #$NG #")
    echo "retrain   $file: $c" >&2
    sh -c "$c" > "$T/log" 2>&1 || { cat "$T/log"; echo x >> "${TMPDIR:-/tmp}/models-check.$$"; continue; }
    got=$(sha256sum "$T/$file" | cut -d' ' -f1)
    if [ "$got" = "$sha" ]; then echo "same      $file (retrained: $(grep -h '^dev' "$T/log" || true))"
    else echo "DIFFERENT $file retrained at $(git rev-parse --short HEAD): $got"; echo x >> "${TMPDIR:-/tmp}/models-check.$$"; fi
  done
  rm -rf "$T"
fi
if [ -s "${TMPDIR:-/tmp}/models-check.$$" ]; then rm -f "${TMPDIR:-/tmp}/models-check.$$"; echo "models-check: FAILED"; exit 1; fi
echo "models-check: all files match models/MANIFEST.tsv"
