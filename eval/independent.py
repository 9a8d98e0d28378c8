#!/usr/bin/env python3
"""Measure `linjaus tag` on the independent test set ../shared/labels/minutes-300.jsonl (300 units
of real minutes, labelled by two annotators who are not this project; see its README).

A test set, not a development set: run it when a change is done and report the figures; do not
tune lexicons or rules to its units. Scoring as its README asks: micro precision, recall and F1
over the required labels; a predicted label that only one annotator gave (`*_optional`) is
neither rewarded nor penalised. Without ../shared/labels it says so and exits 0.

Usage: python3 eval/independent.py [--bin target/release/linjaus] [--per-label]
(scored by `linjaus eval`; facets also on the units that have a theme)
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LABELS = os.path.join(ROOT, "..", "shared", "labels", "minutes-300.jsonl")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "linjaus"))
    ap.add_argument("--per-label", action="store_true", help="also the scores per theme and facet")
    a = ap.parse_args()
    if not os.path.isfile(LABELS):
        print("skipped: needs ../shared/labels/minutes-300.jsonl")
        return 0
    # Scored by `linjaus eval` (the same command users run on their own labels): only the fields
    # it reads are passed on.
    keys = ("id", "text", "themes", "facets", "themes_optional", "facets_optional")
    inp = "".join(
        json.dumps({k: l[k] for k in keys if k in l}, ensure_ascii=False) + "\n"
        for l in (json.loads(x) for x in open(LABELS, encoding="utf-8") if x.strip())
    )
    res = subprocess.run([a.bin, "eval", "-", "--format", "json"], input=inp, capture_output=True, text=True)
    sys.stderr.write(res.stderr)
    if res.returncode != 0:
        return res.returncode
    ev = json.loads(res.stdout)
    for kind in ("themes", "facets", "facets_themed"):
        s, m = ev[kind], ev[kind]["micro"]
        f = lambda x: "nan" if x is None else f"{x:.3f}"
        print(f"{kind}: {s['units']} units, precision {f(m['precision'])}, recall {f(m['recall'])}, F1 {f(m['f1'])} (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
        if a.per_label:
            for k, c in s["per_label"].items():
                print(f"  {k:<26} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}  {f(c['precision'])}  {f(c['recall'])}  {f(c['f1'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
