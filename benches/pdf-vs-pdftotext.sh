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
bin=${LINJAUS_BIN:-target/release/linjaus}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$corpus"/*.pdf "$tmp"/
pages=0
for f in "$tmp"/*.pdf; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}' || echo 0))); done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
# Run linjaus; a failed run (any non-zero exit; 2 means something went wrong) stops the script
# with the run's stderr: a benchmark of a failing run measures nothing.
linjaus() {
  local rc=0
  "$@" 2>"$tmp/stderr" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "error: run failed with exit code $rc: $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
}
p=(); l=()
for _ in 1 2 3 4 5; do
  t0=$(now); for f in "$tmp"/*.pdf; do pdftotext "$f" "$tmp/out.txt"; done; t1=$(now)
  p+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); linjaus "$bin" analyse "$tmp" --no-cache --format json -o "$tmp/report.json"; t1=$(now)
  l+=("$(echo "$t1 - $t0" | bc)")
done
pt=$(printf '%s\n' "${p[@]}" | median); lt=$(printf '%s\n' "${l[@]}" | median)
linjaus /usr/bin/time -o "$tmp/rss" -f "%M" "$bin" analyse "$tmp" --no-cache --format json -o "$tmp/report.json"
rss=$(tail -1 "$tmp/rss")
echo "pages:                  $pages"
echo "pdftotext (sequential): ${pt} s"
echo "linjaus analyse:        ${lt} s  ($(echo "scale=0; $pages / $lt" | bc) pages/s)"
echo "ratio linjaus/pdftotext: $(echo "scale=2; $lt / $pt" | bc)"
echo "linjaus peak RSS:       $((rss / 1024)) MB"
