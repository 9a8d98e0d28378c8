#!/usr/bin/env bash
# Whole `linjaus analyse` on the real-corpus PDFs against `pdftotext` run over the same files one
# after another (extraction only). Prints median wall times of 5 runs, their ratio, pages per
# second and linjaus's peak RSS, without the analysis cache (every run extracts and analyses
# everything). Needs ../shared/real-corpus, pdftotext and GNU time.
# Usage: cargo build --release && benches/pdf-vs-pdftotext.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/real-corpus
if [ ! -d "$corpus" ] || ! command -v pdftotext >/dev/null; then
  echo "skipped: needs $corpus and pdftotext"; exit 0
fi
bin=target/release/linjaus
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$corpus"/*.pdf "$tmp"/
pages=0
for f in "$tmp"/*.pdf; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}' || echo 0))); done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
p=(); l=()
for _ in 1 2 3 4 5; do
  t0=$(now); for f in "$tmp"/*.pdf; do pdftotext "$f" "$tmp/out.txt"; done; t1=$(now)
  p+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); "$bin" analyse "$tmp" --no-cache --format json -o "$tmp/report.json" 2>/dev/null || true; t1=$(now)
  l+=("$(echo "$t1 - $t0" | bc)")
done
pt=$(printf '%s\n' "${p[@]}" | median); lt=$(printf '%s\n' "${l[@]}" | median)
rss=$( { /usr/bin/time -f "%M" "$bin" analyse "$tmp" --no-cache --format json -o "$tmp/report.json" 2>&1 >/dev/null; } | tail -1)
echo "pages:                  $pages"
echo "pdftotext (sequential): ${pt} s"
echo "linjaus analyse:        ${lt} s  ($(echo "scale=0; $pages / $lt" | bc) pages/s)"
echo "ratio linjaus/pdftotext: $(echo "scale=2; $lt / $pt" | bc)"
echo "linjaus peak RSS:       $((rss / 1024)) MB"
