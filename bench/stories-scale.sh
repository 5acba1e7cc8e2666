#!/bin/sh
# Story grouping at scale: N synthetic digests (default 100,000) through the
# online grouper, in release mode. Prints one JSON line (time, memory).
set -e
cd "$(dirname "$0")/.."
cargo run -q --release -j 1 -p newsgraph-stories --example scale -- "${1:-100000}"
