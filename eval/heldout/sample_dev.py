#!/usr/bin/env python3
"""Draw a further development part of eval/heldout/ (issue 11): prose units from DEV-side
documents only (the 24 minutes and the Kauhava statement of dev.jsonl). Tune on these parts;
they are not test parts.

  --part 2  dev2: seed 31, none of the units already in dev.jsonl, test.jsonl or a test draw;
  --part 3  dev3: seed 32, and none of dev2 either.

Cutting and exclusions are sample2.py's (imported from it): pages with a label in
eval/labels*.jsonl are skipped; a unit whose (doc, fp) or exact text is in an earlier part is
excluded; a text is drawn once. Only prose units (text >= 100 characters), uniformly at random
per document: 12 per minutes document (all if fewer), 50 from the Kauhava statement.

Usage: python3 eval/heldout/sample_dev.py --part N --bin PATH/linjaus --out FILE
Writes FILE (unlabelled, stratum "D<N>"), sorted by doc, page, on_page.
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample2 import KAUHAVA, draw, prose_units, write_jsonl  # noqa: E402

TESTS = ("test.jsonl", "test2-units.jsonl", "test3-units.jsonl", "test4-units.jsonl")
PARTS = {
    2: (31, ("dev.jsonl",) + TESTS),
    3: (32, ("dev.jsonl", "dev2-units.jsonl") + TESTS),
}

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", type=int, choices=sorted(PARTS), required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    seed, seen = PARTS[a.part]
    sources, minutes, by_doc = prose_units(a.bin, seen, side="dev")
    groups = [([d], 12) for d in minutes] + [([KAUHAVA], 50)]
    write_jsonl(a.out, draw(by_doc, sources, groups, seed, f"D{a.part}"))
