#!/usr/bin/env python3
"""Level accuracy on real document openings: the four PDFs of ../shared/real-corpus (levels from
its README) and the forty minutes of ../shared/real-corpus-minutes (a minutes document has no
level of its own; its § items are labelled in eval/minutes-item-levels.tsv).

    python3 eval/levels.py [LINJAUS_BINARY]

Prints document-level accuracy, § item detection against each minutes' own list of items
(the `§ N` lines of its first two pages), and item-level accuracy (an item's level when the
binary does not split minutes: the document's level). Never reads ../shared/labels."""
import json, os, subprocess, sys, tempfile, collections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "linjaus")
REAL = {
    "kauhava-tilinpaatos-2024.pdf": "financial-statement",
    "seinajoki-tilinpaatos-2024.pdf": "financial-statement",
    "lapua-talousarvion-taytantoonpano-ohjeet-2024.pdf": "budget-instructions",
    "lapua-lautakuntien-talousarviot-2025.pdf": "budget",
}

def analyse(folder):
    with tempfile.TemporaryDirectory() as cache:
        out = subprocess.run([BIN, "analyse", folder, "--format", "json", "--cache-dir", cache, "-q"],
                             capture_output=True, text=True)
    return json.loads(out.stdout)

def main():
    mins = os.path.join(SHARED, "real-corpus-minutes")
    real = os.path.join(SHARED, "real-corpus")
    if not os.path.isdir(mins) or not os.path.isdir(real):
        print("needs ../shared/real-corpus and ../shared/real-corpus-minutes; skipped")
        return
    r = analyse(real)
    ok = sum(1 for d in r["documents"] if REAL.get(d["path"]) == d.get("level"))
    m = analyse(mins)
    mdocs = m["documents"]
    mok = sum(1 for d in mdocs if d.get("level_source") == "minutes")
    print(f"documents: real-corpus {ok}/{len(REAL)}, minutes read as minutes {mok}/{len(mdocs)}, "
          f"all {ok + mok}/{len(REAL) + len(mdocs)}")
    labels = {}
    for line in open(os.path.join(HERE, "minutes-item-levels.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        stem, n, level = line.rstrip("\n").split("\t")
        labels[(stem, int(n))] = level
    toc_total = found_total = hit_total = 0
    right = total = 0
    conf = collections.Counter()
    for d in mdocs:
        stem = d["path"].removeprefix("lapua-").removesuffix("-poytakirja.pdf")
        units = subprocess.run([BIN, "units", os.path.join(mins, d["path"])], capture_output=True, text=True).stdout
        toc = set()
        for line in units.splitlines():
            u = json.loads(line)
            t = u["text"]
            if u["page"] <= 2 and t.startswith("§"):
                num = t[1:].strip().split()[0].strip("|")
                if num.isdigit():
                    toc.add(int(num))
        items = {}
        for s in d.get("sections", []):
            if s.get("title"):
                items[int(s["title"].split()[1])] = s.get("level")
        toc_total += len(toc)
        found_total += len(items)
        hit_total += len(toc & set(items))
        for n in sorted(toc):
            want = labels.get((stem, n))
            got = items.get(n) if items else d.get("level")
            total += 1
            right += want == got
            if want != got:
                conf[(want, got)] += 1
    print(f"items: {hit_total}/{toc_total} of the lists' items found, {found_total - hit_total} found that no list names")
    print(f"item level: {right}/{total} = {right / total:.3f}")
    chain = sum(1 for v in labels.values())
    print(f"  (labelled part of the chain: {chain}; errors by (label, got): "
          + ", ".join(f"{a or 'none'}→{b or 'none'} {c}" for (a, b), c in conf.most_common()) + ")")

main()
