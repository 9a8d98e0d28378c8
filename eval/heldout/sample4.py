#!/usr/bin/env python3
"""Draw test4, a reserved fresh test part of eval/heldout/ (not measured in the session that drew
it): prose units from test-side documents only, none of them already in dev.jsonl, test.jsonl,
the test2 draw or the test3 draw. Deterministic (seed 23).

Sources, cutting and exclusions are sample2.py's (imported from it): the 16 test-side minutes,
the Seinäjoki statement (and the two Lapua budget files, which have no unit left: every page
carries a label); pages with a label in eval/labels*.jsonl are skipped; a unit whose (doc, fp) or
exact text is in dev.jsonl, test.jsonl, test2-units.jsonl or test3-units.jsonl is excluded; a text is drawn once.
Only prose units (text >= 100 characters), uniformly at random per document with
random.Random(23): 16 per minutes document (all if fewer), 40 from the Seinäjoki statement.

Usage: python3 eval/heldout/sample4.py --bin PATH/linjaus --out FILE
Writes FILE (unlabelled, stratum "P4"), sorted by doc, page, on_page.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample2 import follow_up  # noqa: E402

if __name__ == "__main__":
    sys.exit(follow_up(seed=23, per_minutes_doc=16, per_seinajoki=40, seen=("dev.jsonl", "test.jsonl", "test2-units.jsonl", "test3-units.jsonl"), stratum="P4"))
