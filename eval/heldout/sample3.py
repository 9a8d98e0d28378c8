#!/usr/bin/env python3
"""Draw test3, a second fresh test part of eval/heldout/ (issue 11): prose units from test-side
documents only, none of them already in dev.jsonl, test.jsonl or the test2 draw. Deterministic
(seed 22).

Sources, cutting and exclusions are sample2.py's (imported from it): the 16 test-side minutes,
the Seinäjoki statement (and the two Lapua budget files, which have no unit left: every page
carries a label); pages with a label in eval/labels*.jsonl are skipped; a unit whose (doc, fp) or
exact text is in dev.jsonl, test.jsonl or test2-units.jsonl is excluded; a text is drawn once.
Only prose units (text >= 100 characters), uniformly at random per document with
random.Random(22): 14 per minutes document (all if fewer), 60 from the Seinäjoki statement.

Usage: python3 eval/heldout/sample3.py --bin PATH/linjaus --out FILE
Writes FILE (unlabelled, stratum "P3"), sorted by doc, page, on_page.
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample2 import SEINAJOKI, draw, prose_units, write_jsonl  # noqa: E402

SEED = 22
PER_MINUTES_DOC = 14
PER_SEINAJOKI = 60
SEEN = ("dev.jsonl", "test.jsonl", "test2-units.jsonl")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    sources, minutes, by_doc = prose_units(a.bin, SEEN)
    groups = [([d], PER_MINUTES_DOC) for d in minutes] + [([SEINAJOKI], PER_SEINAJOKI)]
    write_jsonl(a.out, draw(by_doc, sources, groups, SEED, "P3"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
