#!/usr/bin/env bash
# `linjaus compare` at the scale of all of Finland: N municipality folders (default 300) of ten
# documents each, made from corpus-samples/jarvela (eight Markdown documents: renamed
# municipality, shifted years, one of five edits so that drop-offs differ) and two real PDFs
# of ../shared/real-corpus (one of the two financial statements, 158–189 pages, and one of the
# two small Lapua documents; each copy gets a byte appended after its end so that its hash
# differs). Copies, not links. Then:
#   1. cold: `compare ROOT --format json --cache-dir CACHE` with an empty cache;
#   2. re-run: the same, every document in the cache;
#   3. one document changed in one municipality, re-run.
# Each run under /usr/bin/time -v: wall time, CPU time (user + system: less sensitive than the
# wall to other work on a shared machine), peak RSS, the 1-minute load average after the run;
# pages/s = pages in the report ÷ wall time.
# Usage: cargo build --release && benches/compare-scale.sh [N]   (N=30 for a quick run)
# The set is built under target/compare-scale (about 3.5 MB per municipality); KEEP=1 keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
real=../shared/real-corpus
[ -d "$real" ] || { echo "skipped: needs $real"; exit 0; }
[ -x /usr/bin/time ] || { echo "skipped: needs /usr/bin/time (Debian: apt-get install time)"; exit 0; }
bin=${LINJAUS_BIN:-$PWD/target/release/linjaus}
dir=$PWD/target/compare-scale
root=$dir/root cache=$dir/cache
rm -rf "$dir"; mkdir -p "$root" "$cache"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT

python3 - "$n" "$root" "$real" <<'EOF'
import os, shutil, sys
n, root, real = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sample = "corpus-samples/jarvela"
heads = ["Järvi", "Koivu", "Mänty", "Lehto", "Kallio", "Harju", "Niemi", "Salo", "Rauta", "Kivi",
         "Haapa", "Pihla", "Tammi", "Vaahtera", "Kuusi", "Lampi", "Suo", "Ranta", "Mäki", "Laakso"]
tails = ["la", "lä", "vaara", "joki", "lahti", "mäki", "saari", "koski", "niemi", "järvi",
         "vesi", "harju", "ranta", "salmi", "kylä"]
big = ["kauhava-tilinpaatos-2024.pdf", "seinajoki-tilinpaatos-2024.pdf"]
small = ["lapua-lautakuntien-talousarviot-2025.pdf", "lapua-talousarvion-taytantoonpano-ohjeet-2024.pdf"]
# One of five edits per municipality (0: none), so that drop-offs and rankings differ.
edits = [
    None,
    ("02-kuntastrategia-2025-2030.md", "### 5 Talous tasapainossa",
     "### 6 Päihteetön arki\n\nTavoitteena on, että nuorten päihteiden käyttö vähenee.\n\n### 5 Talous tasapainossa"),
    ("10-arviointikertomus-2026.md", "kuntalaisten liikuntaa koskeva tavoite toteutui", "talousarvio toteutui"),
    ("05-talousarvio-2026.md", "| Pitkäaikaistyöttömyys vähenee |", "| Työllisyyspalvelut toimivat |"),
    ("09-toimintakertomus-2026.md", "Liikunta", "Vapaa-aika"),
]
for i in range(n):
    name = heads[i % len(heads)] + tails[(i // len(heads)) % len(tails)]
    if i >= len(heads) * len(tails):
        name += str(i)
    name = name[0] + name[1:].lower()
    folder = os.path.join(root, f"{i:03d}-{name.lower()}")
    os.makedirs(folder)
    year = 2025 + i % 3
    edit = edits[i % len(edits)]
    for f in sorted(os.listdir(sample)):
        if f.startswith("04-") or f.startswith("03-"):
            continue  # eight Markdown documents; two PDFs below make ten
        text = open(os.path.join(sample, f), encoding="utf-8").read()
        text = text.replace("Järvelän", name + "n").replace("Järvelä", name)
        if edit and edit[0] == f:
            text = text.replace(edit[1], edit[2])
        text = text.replace("2026", str(year))
        out = f.replace("2026", str(year))
        open(os.path.join(folder, out), "w", encoding="utf-8").write(text)
    for pdf in (big[i % 2], small[(i // 2) % 2]):
        dst = os.path.join(folder, f"{name.lower()}-{pdf.split('-', 1)[1]}")
        shutil.copyfile(os.path.join(real, pdf), dst)
        with open(dst, "ab") as fh:
            fh.write(f"\n% linjaus-bench {i}\n".encode())
EOF

pages() { python3 -c 'import json,sys; print(sum(m["pages"] for m in json.load(open(sys.argv[1]))["municipalities"]))' "$1"; }
measure() { # label
  local rc=0
  /usr/bin/time -v "$bin" compare "$root" --format json -o "$dir/out.json" --cache-dir "$cache" -q \
    2>"$dir/time.txt" || rc=$?
  if [ "$rc" -ne 0 ]; then echo "error: compare exited $rc" >&2; cat "$dir/time.txt" >&2; exit 1; fi
  local wall rss p cpu
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  p=$(pages "$dir/out.json")
  printf '%-30s %7.1f s wall %7.1f s CPU %7d pages %6.0f pages/s  peak RSS %4d MB  load %s\n' \
    "$1" "$wall" "$cpu" "$p" "$(echo "$p / $wall" | bc -l)" $((rss / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"

}
docs=$(find "$root" -type f ! -name linjaus.toml | wc -l)
echo "compare-scale: $n municipalities, $docs documents, $(du -sm "$root" | cut -f1) MB, $(nproc) cores"
measure "cold (empty cache)"
measure "re-run (all cached)"
f=$(find "$root" -name '05-talousarvio-*.md' | sort | sed -n 1p)  # not head: pipefail
printf '\nTavoitteena on, että kuntalaisten liikunta lisääntyy edelleen.\n' >> "$f"
measure "re-run, one document changed"
