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
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample2 import follow_up  # noqa: E402

if __name__ == "__main__":
    sys.exit(follow_up(seed=22, per_minutes_doc=14, per_seinajoki=60, seen=("dev.jsonl", "test.jsonl", "test2-units.jsonl"), stratum="P3"))
