#!/usr/bin/env python3
"""Split units.jsonl into a development part (dev.jsonl, tune on it) and a test part
(test.jsonl, measured once), half and half, stratified by doc_kind, with random.Random(7).
Done once, before any unit was run through linjaus. Usage: python3 eval/swedish/split.py"""
import collections, json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
rows = [json.loads(l) for l in open(os.path.join(HERE, "units.jsonl"), encoding="utf-8") if l.strip()]
by_kind = collections.defaultdict(list)
for r in rows:
    by_kind[r["doc_kind"]].append(r["id"])
rng = random.Random(7)
dev = set()
for kind in sorted(by_kind):
    ids = sorted(by_kind[kind])
    rng.shuffle(ids)
    dev.update(ids[: len(ids) // 2])
for name, keep in (("dev", True), ("test", False)):
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8") as w:
        for r in rows:
            if (r["id"] in dev) == keep:
                w.write(json.dumps(r, ensure_ascii=False) + "\n")
