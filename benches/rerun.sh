#!/usr/bin/env bash
# Re-run speed with the analysis cache: the real-corpus PDFs copied to a scratch folder, a first
# `linjaus analyse` (cache empty), then one document changed (bytes appended after its end, which
# PDF readers ignore) and a second run that re-reads only that document. Median of 5 runs each,
# terminal and JSON output. Needs ../shared/real-corpus.
# Usage: cargo build --release && benches/rerun.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/real-corpus
[ -d "$corpus" ] || { echo "skipped: needs $corpus"; exit 0; }
bin=$PWD/target/release/linjaus
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
for fmt in terminal json; do
  first=(); again=()
  for i in 1 2 3 4 5; do
    rm -rf "$tmp/c"; mkdir "$tmp/c"; cp "$corpus"/*.pdf "$tmp/c/"; chmod u+w "$tmp/c"/*
    first+=("$(secs "$bin" analyse "$tmp/c" --format "$fmt")")
    printf '\n%% changed %s\n' "$i" >> "$tmp/c/lapua-lautakuntien-talousarviot-2025.pdf"
    again+=("$(secs "$bin" analyse "$tmp/c" --format "$fmt")")
  done
  f=$(printf '%s\n' "${first[@]}" | median); a=$(printf '%s\n' "${again[@]}" | median)
  echo "$fmt: first run ${f} s, re-run after one document changed ${a} s, speed-up $(echo "scale=1; $f / $a" | bc)x"
done
