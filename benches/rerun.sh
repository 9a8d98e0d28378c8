#!/usr/bin/env bash
# Re-run speed with the analysis cache: the real-corpus PDFs copied to a scratch folder, a first
# `linjaus analyse` (cache empty), then one document changed (bytes appended after its end, which
# PDF readers ignore) and a second run that re-reads only that document. Median of 5 runs each,
# terminal and JSON output. Needs ../shared/real-corpus.
# Usage: cargo build --release && benches/rerun.sh   (LINJAUS_BIN=path to time another build)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/real-corpus
[ -d "$corpus" ] || { echo "skipped: needs $corpus"; exit 0; }
bin=${LINJAUS_BIN:-$PWD/target/release/linjaus}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Time one run into $elapsed. A failed run (any non-zero exit; 2 means something went wrong)
# stops the script with the run's stderr: a benchmark of a failing run measures nothing.
secs() {
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
  t1=$(date +%s.%N)
  if [ "$rc" -ne 0 ]; then
    echo "error: run failed with exit code $rc: $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  elapsed=$(echo "$t1 - $t0" | bc)
}
for fmt in terminal json; do
  first=(); again=()
  for i in 1 2 3 4 5; do
    rm -rf "$tmp/c"; mkdir "$tmp/c"; cp "$corpus"/*.pdf "$tmp/c/"; chmod u+w "$tmp/c"/*
    secs "$bin" analyse "$tmp/c" --format "$fmt"; first+=("$elapsed")
    printf '\n%% changed %s\n' "$i" >> "$tmp/c/lapua-lautakuntien-talousarviot-2025.pdf"
    secs "$bin" analyse "$tmp/c" --format "$fmt"; again+=("$elapsed")
  done
  f=$(printf '%s\n' "${first[@]}" | median); a=$(printf '%s\n' "${again[@]}" | median)
  echo "$fmt: first run ${f} s, re-run after one document changed ${a} s, speed-up $(echo "scale=1; $f / $a" | bc)x"
done
