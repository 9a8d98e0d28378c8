#!/usr/bin/env python3
"""Draw the held-out units of eval/heldout/ (issue 11): split documents into a development and a
test side, then draw units at random per document. Deterministic (seed below).

Units are cut exactly as eval/measure.py cuts them: `pdftotext DOC.pdf DOC.txt`, then
`linjaus units *.txt`; a unit is keyed by doc (the .pdf name), page, on_page and fp (FNV-1a 64 of
the unit text, as eval/measure.py computes it).

Sources: every minutes PDF in ../shared/real-corpus-minutes/ and the two financial statements in
../shared/real-corpus/, minus every page of those that already has a label in eval/labels.jsonl
or eval/labels-welfare.jsonl (whole pages are left out, not just the labelled units).

No unit is skipped for its content (labelling.md has no rule to skip page furniture); the only
filter is the labelled-pages rule above.

Usage: python3 eval/heldout/sample.py --bin PATH/linjaus --out DIR
Writes DIR/dev-units.jsonl and DIR/test-units.jsonl (stratum A: random units per document) and
DIR/dev-units-b.jsonl and DIR/test-units-b.jsonl (stratum B: random prose units per document),
DIR/dev-units-c.jsonl and DIR/test-units-c.jsonl (stratum C: a second draw like B),
unlabelled: the input for labelling. Each record carries its "stratum".
"""
import argparse, collections, json, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(ROOT, "..", "shared")
MINUTES = os.path.join(SHARED, "real-corpus-minutes")
CORPUS = os.path.join(SHARED, "real-corpus")
STATEMENTS = ["kauhava-tilinpaatos-2024.pdf", "seinajoki-tilinpaatos-2024.pdf"]
SEED = 11
DEV_SHARE = 0.6
PER_MINUTES_DOC = 16
PER_STATEMENT = 25
# Stratum B: extra units drawn at random among the prose units (text of at least PROSE_CHARS
# characters) not already drawn in stratum A, with its own generator, so stratum A is unchanged.
# Theme-blind (length only; no tagger involved): it adds sentences, since over half of all units
# are page furniture (page numbers, dates, names) and carry no themes.
PROSE_CHARS = 100
PROSE_PER_MINUTES_DOC = 6
PROSE_PER_STATEMENT = 10
# Stratum C: a second, independent draw of the same kind as B (generator SEED + 2), added after
# A and B were labelled because the themed units were still few; A and B are unchanged by it.
PROSE_C_PER_MINUTES_DOC = 6
PROSE_C_PER_STATEMENT = 10

sys.path.insert(0, os.path.dirname(HERE))
from measure import fp  # noqa: E402


def body(doc):
    # lapua-<body>-<YYYY-MM-DD>-poytakirja.pdf -> body; statements form their own stratum
    if "tilinpaatos" in doc:
        return "tilinpaatos"
    return doc[len("lapua-"):-len("-YYYY-MM-DD-poytakirja.pdf")]


def split(docs, rng):
    """Whole documents to one side, stratified by body: round(60 %) of each body to dev."""
    strata = collections.defaultdict(list)
    for d in sorted(docs):
        strata[body(d)].append(d)
    dev, test = [], []
    for b in sorted(strata):
        ds = strata[b][:]
        rng.shuffle(ds)
        k = max(1, min(len(ds) - 1, round(DEV_SHARE * len(ds))))
        dev += ds[:k]
        test += ds[k:]
    return sorted(dev), sorted(test)


def cut(bin_path, sources):
    """Cut each document of SOURCES ({pdf name: folder}) as eval/measure.py does (`pdftotext`,
    then `linjaus units`): its (pdf name, unit) pairs in document order."""
    with tempfile.TemporaryDirectory() as tmp:
        txts = []
        for d in sorted(sources):
            out = os.path.join(tmp, d[:-4] + ".txt")
            subprocess.run(["pdftotext", os.path.join(sources[d], d), out], check=True)
            txts.append(out)
        lines = subprocess.run([bin_path, "units", "-q", *txts], check=True, capture_output=True, text=True).stdout
    for line in lines.splitlines():
        u = json.loads(line)
        yield u["doc"][:-4] + ".pdf", u


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    labelled_pages = set()
    for f in ("labels.jsonl", "labels-welfare.jsonl"):
        for line in open(os.path.join(ROOT, "eval", f), encoding="utf-8"):
            if line.strip():
                l = json.loads(line)
                labelled_pages.add((l["doc"], l["page"]))
    sources = {d: MINUTES for d in os.listdir(MINUTES) if d.endswith(".pdf")}
    sources.update({d: CORPUS for d in STATEMENTS})
    by_doc = collections.defaultdict(list)
    for doc, u in cut(a.bin, sources):
        if (doc, u["page"]) in labelled_pages:
            continue
        by_doc[doc].append(u)
    rng = random.Random(SEED)
    dev, test = split(sources, rng)
    os.makedirs(a.out, exist_ok=True)
    taken = collections.defaultdict(set)

    def write(path, stratum, u, d):
        rec = {"doc": d, "corpus": os.path.basename(sources[d]), "page": u["page"],
               "on_page": u["on_page"], "fp": fp(u["text"]), "stratum": stratum, "kind": u["kind"],
               "heading_path": u["heading_path"], "text": u["text"]}
        path.write(json.dumps(rec, ensure_ascii=False) + "\n")

    for name, docs in (("dev", dev), ("test", test)):
        with open(os.path.join(a.out, name + "-units.jsonl"), "w", encoding="utf-8") as w:
            for d in docs:
                n = PER_STATEMENT if d in STATEMENTS else PER_MINUTES_DOC
                pool = by_doc[d]
                picked = sorted(rng.sample(range(len(pool)), min(n, len(pool))))
                for i in picked:
                    taken[d].add(i)
                    write(w, "A", pool[i], d)
        print(f"{name}: {len(docs)} documents: {', '.join(docs)}")
    rng_b = random.Random(SEED + 1)
    for name, docs in (("dev", dev), ("test", test)):
        with open(os.path.join(a.out, name + "-units-b.jsonl"), "w", encoding="utf-8") as w:
            for d in docs:
                n = PROSE_PER_STATEMENT if d in STATEMENTS else PROSE_PER_MINUTES_DOC
                pool = [i for i, u in enumerate(by_doc[d]) if len(u["text"]) >= PROSE_CHARS and i not in taken[d]]
                for i in sorted(rng_b.sample(pool, min(n, len(pool)))):
                    taken[d].add(i)
                    write(w, "B", by_doc[d][i], d)
    rng_c = random.Random(SEED + 2)
    for name, docs in (("dev", dev), ("test", test)):
        with open(os.path.join(a.out, name + "-units-c.jsonl"), "w", encoding="utf-8") as w:
            for d in docs:
                n = PROSE_C_PER_STATEMENT if d in STATEMENTS else PROSE_C_PER_MINUTES_DOC
                pool = [i for i, u in enumerate(by_doc[d]) if len(u["text"]) >= PROSE_CHARS and i not in taken[d]]
                for i in sorted(rng_c.sample(pool, min(n, len(pool)))):
                    write(w, "C", by_doc[d][i], d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
