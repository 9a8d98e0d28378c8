#!/usr/bin/env bash
# Whole `linjaus analyse` against `pdftotext` run over the same files one after another
# (extraction only), on both shared folders (../shared/real-corpus and
# ../shared/real-corpus-minutes), without the analysis cache (every run extracts and analyses
# everything). Runs are paired: each round runs pdftotext and then linjaus (and, with
# LINJAUS_BASE=path/to/an/older/linjaus, that binary too) back to back, so that the load of a
# shared machine hits both alike. Prints per folder the median wall and CPU (user + system)
# times of RUNS rounds (default 5), their ratios (pdftotext / linjaus: above 1 = linjaus faster),
# pages per second, linjaus's peak RSS, and the machine's load (`uptime`) before and after.
# Needs pdftotext, pdfinfo and GNU time.
# Usage: cargo build --release && benches/pdf-vs-pdftotext.sh [folder…]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "skipped: needs pdftotext and GNU time"; exit 0
fi
bin=${LINJAUS_BIN:-target/release/linjaus}
base=${LINJAUS_BASE:-}
runs=${RUNS:-5}
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(../shared/real-corpus ../shared/real-corpus-minutes)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Run a command under GNU time, appending "wall cpu rss_kb" to the file $1; a failed run (any
# non-zero exit) stops the script with the run's stderr: a benchmark of a failing run measures
# nothing.
timed() {
  local out=$1; shift
  local rc=0
  /usr/bin/time -o "$tmp/t" -f "%e %U %S %M" "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "error: run failed with exit code $rc: $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  tail -1 "$tmp/t" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >>"$out"
}
col() { awk -v c="$1" '{print $c}' "$2" | median; }
for corpus in "${folders[@]}"; do
  if [ ! -d "$corpus" ]; then echo "skipped: no $corpus"; continue; fi
  work="$tmp/docs"; rm -rf "$work"; mkdir -p "$work"
  cp "$corpus"/*.pdf "$work"/
  pages=0; files=0
  for f in "$work"/*.pdf; do
    files=$((files + 1))
    pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}' || echo 0)))
  done
  # pdftotext over the files one after another, as one timed shell.
  cat >"$tmp/p2t.sh" <<EOF
for f in "$work"/*.pdf; do pdftotext "\$f" "$tmp/out.txt"; done
EOF
  rm -f "$tmp"/p.txt "$tmp"/l.txt "$tmp"/b.txt
  load_before=$(uptime | sed 's/.*load average: //')
  for _ in $(seq "$runs"); do
    timed "$tmp/p.txt" bash "$tmp/p2t.sh"
    timed "$tmp/l.txt" "$bin" analyse "$work" --no-cache --format json -o "$tmp/report.json"
    if [ -n "$base" ]; then
      timed "$tmp/b.txt" "$base" analyse "$work" --no-cache --format json -o "$tmp/report.json"
    fi
  done
  load_after=$(uptime | sed 's/.*load average: //')
  pw=$(col 1 "$tmp/p.txt"); pc=$(col 2 "$tmp/p.txt")
  lw=$(col 1 "$tmp/l.txt"); lc=$(col 2 "$tmp/l.txt"); lr=$(col 3 "$tmp/l.txt")
  echo "== $corpus: $files PDFs, $pages pages, $runs paired rounds"
  echo "load (1/5/15 min):       before $load_before; after $load_after"
  echo "pdftotext (sequential):  wall ${pw} s  cpu ${pc} s"
  echo "linjaus analyse:         wall ${lw} s  cpu ${lc} s  ($(echo "scale=0; $pages / $lw" | bc) pages/s)  peak RSS $((lr / 1024)) MB"
  if [ -n "$base" ]; then
    bw=$(col 1 "$tmp/b.txt"); bc_=$(col 2 "$tmp/b.txt"); br=$(col 3 "$tmp/b.txt")
    echo "base linjaus analyse:    wall ${bw} s  cpu ${bc_} s  peak RSS $((br / 1024)) MB"
  fi
  echo "throughput pdftotext/linjaus: wall $(echo "scale=2; $pw / $lw" | bc)x  cpu $(echo "scale=2; $pc / $lc" | bc)x"
done
