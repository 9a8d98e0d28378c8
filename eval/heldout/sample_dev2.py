#!/usr/bin/env python3
"""Draw dev2, a second development part of eval/heldout/ (issue 11): prose units from DEV-side
documents only (the 24 minutes and the Kauhava statement of dev.jsonl), none of them already in
dev.jsonl or test.jsonl. Deterministic (seed 31). Tune on it; it is not a test part.

Cutting and exclusions are sample2.py's (imported from it): pages with a label in
eval/labels*.jsonl are skipped; a unit whose (doc, fp) or exact text is in dev.jsonl, test.jsonl
or any test draw is excluded; a text is drawn once. Only prose units (text >= 100 characters),
uniformly at random per document with random.Random(31): 12 per minutes document (all if fewer),
50 from the Kauhava statement.

Usage: python3 eval/heldout/sample_dev2.py --bin PATH/linjaus --out FILE
Writes FILE (unlabelled, stratum "D2"), sorted by doc, page, on_page.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample2 import KAUHAVA, args, draw, prose_units, write_jsonl  # noqa: E402

SEEN = ("dev.jsonl", "test.jsonl", "test2-units.jsonl", "test3-units.jsonl", "test4-units.jsonl")

if __name__ == "__main__":
    a = args()
    sources, minutes, by_doc = prose_units(a.bin, SEEN, side="dev")
    groups = [([d], 12) for d in minutes] + [([KAUHAVA], 50)]
    write_jsonl(a.out, draw(by_doc, sources, groups, 31, "D2"))
