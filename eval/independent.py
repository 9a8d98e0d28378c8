#!/usr/bin/env python3
"""Measure `linjaus tag` on the independent test set ../shared/labels/minutes-300.jsonl (300 units
of real minutes, labelled by two annotators who are not this project; see its README).

A test set, not a development set: run it when a change is done and report the figures; do not
tune lexicons or rules to its units. Scoring as its README asks: micro precision, recall and F1
over the required labels; a predicted label that only one annotator gave (`*_optional`) is
neither rewarded nor penalised. Without ../shared/labels it says so and exits 0.

Usage: python3 eval/independent.py [--bin target/release/linjaus]
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LABELS = os.path.join(ROOT, "..", "shared", "labels", "minutes-300.jsonl")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "linjaus"))
    a = ap.parse_args()
    if not os.path.isfile(LABELS):
        print("skipped: needs ../shared/labels/minutes-300.jsonl")
        return 0
    labels = [json.loads(l) for l in open(LABELS, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({"id": l["id"], "text": l["text"]}, ensure_ascii=False) + "\n" for l in labels)
    out = subprocess.run([a.bin, "tag", "-"], input=inp, capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        v = json.loads(line)
        got[v["id"]] = v
    for kind in ("themes", "facets"):
        tp = fp = fn = 0
        for l in labels:
            want, optional = set(l[kind]), set(l[kind + "_optional"])
            pred = set(got[l["id"]][kind]) - optional
            tp += len(pred & want)
            fp += len(pred - want)
            fn += len(want - pred)
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f = 2 * p * r / (p + r) if p + r else float("nan")
        print(f"{kind}: {len(labels)} units, precision {p:.3f}, recall {r:.3f}, F1 {f:.3f} (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
