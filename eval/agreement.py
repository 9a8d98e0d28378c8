#!/usr/bin/env python3
"""Agreement of two annotators on the held-out test part: eval/heldout/agreement-b.jsonl holds a
second, independent labelling (by an annotator who saw neither the first labels nor linjaus'
output) of 180 units drawn at random (seed 5) from the test part's units of at least 60
characters. Prints micro F1 between the annotators and Cohen's kappa over unit x label
decisions, for themes and facets. The figure says how hard the task is: linjaus is not
expected to agree with an annotator more often than two annotators agree with each other.

`--first test2.jsonl --second test2-b.jsonl` does the same for the fresh test part test2 (200
units, each labelled twice, blind).

Usage: python3 eval/agreement.py [--first FILE --second FILE]   (files in eval/heldout/)
"""
import argparse, json, os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout")


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--first", default="test.jsonl")
    ap.add_argument("--second", default="agreement-b.jsonl")
    a = ap.parse_args()
    first = {(r["doc"], r["page"], r["on_page"]): r for r in load(a.first)}
    second = load(a.second)
    for kind in ("themes", "facets"):
        pairs = [(set(first[(r["doc"], r["page"], r["on_page"])][kind]), set(r[kind])) for r in second]
        tp = sum(len(a & b) for a, b in pairs)
        only_a = sum(len(a - b) for a, b in pairs)
        only_b = sum(len(b - a) for a, b in pairs)
        labels = sorted(set().union(*(a | b for a, b in pairs)))
        n = agree = pa = pb = 0
        for a, b in pairs:
            for l in labels:
                x, y = l in a, l in b
                n += 1
                agree += x == y
                pa += x
                pb += y
        po, pe = agree / n, (pa / n) * (pb / n) + (1 - pa / n) * (1 - pb / n)
        f1 = 2 * tp / (2 * tp + only_a + only_b)
        print(f"{kind}: {len(pairs)} units, first {tp + only_a} labels, second {tp + only_b}, "
              f"both {tp}; F1 {f1:.3f}, kappa {(po - pe) / (1 - pe):.3f}")


if __name__ == "__main__":
    main()
