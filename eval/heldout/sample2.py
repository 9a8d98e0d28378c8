#!/usr/bin/env python3
"""Draw test2, a fresh test part of eval/heldout/ (issue 11): prose units from test-side
documents only, none of them already in dev.jsonl or test.jsonl. Deterministic (seed 21).

Units are cut exactly as sample.py / eval/measure.py cut them: `pdftotext DOC.pdf DOC.txt`, then
`linjaus units -q *.txt`; a unit is keyed by doc, page, on_page and fp (measure.fp of its text).

Sources (test side only, never a dev-side document):
- the 16 minutes PDFs of ../shared/real-corpus-minutes/ that test.jsonl draws from;
- ../shared/real-corpus/seinajoki-tilinpaatos-2024.pdf;
- ../shared/real-corpus/lapua-lautakuntien-talousarviot-2025.pdf and
  lapua-talousarvion-taytantoonpano-ohjeet-2024.pdf (never used in the held-out sets).
Exclusions: every page with a label in eval/labels.jsonl or eval/labels-welfare.jsonl; every unit
whose (doc, fp) or exact text occurs in dev.jsonl or test.jsonl; a unit whose text equals an
earlier drawn unit's. Only prose units (text >= 100 characters) are drawn, uniformly at random
per document with random.Random(21): 12 per minutes document, 50 from the Seinäjoki statement,
up to 20 from the two Lapua budget files together (all if fewer).

Usage: python3 eval/heldout/sample2.py --bin PATH/linjaus --out FILE
Writes FILE (unlabelled, stratum "P2"), sorted by doc, page, on_page.
"""
import argparse, collections, json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(ROOT, "..", "shared")
MINUTES = os.path.join(SHARED, "real-corpus-minutes")
CORPUS = os.path.join(SHARED, "real-corpus")
SEINAJOKI = "seinajoki-tilinpaatos-2024.pdf"
KAUHAVA = "kauhava-tilinpaatos-2024.pdf"
LAPUA = ["lapua-lautakuntien-talousarviot-2025.pdf", "lapua-talousarvion-taytantoonpano-ohjeet-2024.pdf"]
SEED = 21
PROSE_CHARS = 100
PER_MINUTES_DOC = 12
PER_SEINAJOKI = 50
PER_LAPUA = 20  # the two Lapua files together

sys.path.insert(0, os.path.dirname(HERE))
from measure import fp  # noqa: E402
from sample import cut  # noqa: E402


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def prose_units(bin_path, seen_files=("dev.jsonl", "test.jsonl"), side="test"):
    """Cut one side's sources with BIN_PATH and return (sources, minutes, by_doc): the source
    folder of each document, the sorted minutes documents, and per document its prose units
    (text >= PROSE_CHARS) not on a labelled page and whose (doc, fp) or exact text is in none of
    SEEN_FILES (paths relative to this folder). SIDE "test": the documents of test.jsonl and the
    two Lapua budget files; SIDE "dev": the documents of dev.jsonl (24 minutes and the Kauhava
    statement)."""
    labelled_pages = set()
    for f in ("labels.jsonl", "labels-welfare.jsonl"):
        for l in read_jsonl(os.path.join(ROOT, "eval", f)):
            labelled_pages.add((l["doc"], l["page"]))
    seen_fp, seen_text = set(), set()
    for f in seen_files:
        for r in read_jsonl(os.path.join(HERE, f)):
            seen_fp.add((r["doc"], r["fp"]))
            seen_text.add(r["text"])
    side_docs = {r["doc"] for r in read_jsonl(os.path.join(HERE, side + ".jsonl"))}
    statements = [SEINAJOKI] + LAPUA if side == "test" else [KAUHAVA]
    minutes = sorted(d for d in side_docs if d not in statements)
    expected = 16 if side == "test" else 24
    assert len(minutes) == expected and all(os.path.exists(os.path.join(MINUTES, d)) for d in minutes), minutes
    sources = {d: MINUTES for d in minutes}
    sources.update({d: CORPUS for d in statements})
    by_doc = collections.defaultdict(list)
    for doc, u in cut(bin_path, sources):
        if (doc, u["page"]) in labelled_pages:
            continue
        if len(u["text"]) < PROSE_CHARS:
            continue
        if (doc, fp(u["text"])) in seen_fp or u["text"] in seen_text:
            continue
        by_doc[doc].append(u)
    return sources, minutes, by_doc


def draw(by_doc, sources, groups, seed, stratum):
    """Draw uniformly per group ([docs], n) with random.Random(SEED), in group order; a text is
    drawn at most once. Returns the records (stratum STRATUM), each group sorted by position."""
    rng = random.Random(seed)
    drawn_text = set()
    out = []
    for docs, n in groups:
        # pool: the group's prose units not drawn before, each text once (no duplicates)
        pool, in_pool = [], set()
        for d in docs:
            for u in by_doc[d]:
                if u["text"] in drawn_text or u["text"] in in_pool:
                    continue
                in_pool.add(u["text"])
                pool.append((d, u))
        picked = sorted(rng.sample(range(len(pool)), min(n, len(pool))))
        drawn_text.update(pool[i][1]["text"] for i in picked)
        recs = []
        for i in picked:
            d, u = pool[i]
            recs.append({"doc": d, "corpus": os.path.basename(sources[d]), "page": u["page"],
                         "on_page": u["on_page"], "fp": fp(u["text"]), "stratum": stratum,
                         "kind": u["kind"], "heading_path": u["heading_path"], "text": u["text"]})
        recs.sort(key=lambda r: (r["doc"], r["page"], r["on_page"]))
        out += recs
        print(f"{', '.join(docs)}: pool {len(pool)}, drawn {len(recs)}", file=sys.stderr)
    return out


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8") as w:
        for r in recs:
            w.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(recs)} units -> {path}", file=sys.stderr)


def args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    return ap.parse_args()


def follow_up(seed, per_minutes_doc, per_seinajoki, seen, stratum):
    """A later draw (sample3.py, sample4.py): PER_MINUTES_DOC prose units per test-side minutes
    document and PER_SEINAJOKI from the Seinäjoki statement, none of them in SEEN."""
    a = args()
    sources, minutes, by_doc = prose_units(a.bin, seen)
    groups = [([d], per_minutes_doc) for d in minutes] + [([SEINAJOKI], per_seinajoki)]
    write_jsonl(a.out, draw(by_doc, sources, groups, seed, stratum))
    return 0


def main():
    a = args()
    sources, minutes, by_doc = prose_units(a.bin)
    groups = [([d], PER_MINUTES_DOC) for d in minutes] + [([SEINAJOKI], PER_SEINAJOKI), (LAPUA, PER_LAPUA)]
    write_jsonl(a.out, draw(by_doc, sources, groups, SEED, "P2"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
