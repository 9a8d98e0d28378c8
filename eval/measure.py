#!/usr/bin/env python3
"""Measure `linjaus tag` against hand labels of real municipal paragraphs.

The labels (eval/labels.jsonl) name a unit by document, page and position on the page, as
`linjaus units` cuts the text `pdftotext` extracts from ../shared/real-corpus; the municipal text
itself is not stored here. Runs only where pdftotext and ../shared/real-corpus exist; otherwise
it says so and exits 0.

Usage: python3 eval/measure.py [--bin target/release/linjaus] [--labels FILE...] [--show-errors]
(default: both label sets, eval/labels.jsonl and eval/labels-welfare.jsonl, measured together)
"""
import argparse, collections, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "..", "shared", "real-corpus")


def fp(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def prf(tp, fp_, fn):
    p = tp / (tp + fp_) if tp + fp_ else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return p, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "linjaus"))
    ap.add_argument("--labels", nargs="+", default=[os.path.join(HERE, "labels.jsonl"), os.path.join(HERE, "labels-welfare.jsonl")])
    ap.add_argument("--show-errors", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(CORPUS) or shutil.which("pdftotext") is None:
        print("skipped: needs ../shared/real-corpus and pdftotext")
        return 0
    labels = [json.loads(l) for f in a.labels for l in open(f, encoding="utf-8") if l.strip()]
    docs = sorted({l["doc"] for l in labels})
    with tempfile.TemporaryDirectory() as tmp:
        txts = []
        for d in docs:
            out = os.path.join(tmp, d[:-4] + ".txt")
            subprocess.run(["pdftotext", os.path.join(CORPUS, d), out], check=True)
            txts.append(out)
        units = subprocess.run([a.bin, "units", *txts], check=True, capture_output=True, text=True).stdout
        by_key = {}
        for line in units.splitlines():
            u = json.loads(line)
            by_key[(u["doc"][:-4] + ".pdf", u["page"], u["on_page"])] = u["text"]
        tag_in, drift = [], 0
        for i, l in enumerate(labels):
            text = by_key.get((l["doc"], l["page"], l["on_page"]))
            if text is None or fp(text) != l["fp"]:
                drift += 1
                continue
            tag_in.append(json.dumps({"id": i, "text": text}, ensure_ascii=False))
        tagged = subprocess.run([a.bin, "tag", "-"], input="\n".join(tag_in) + "\n", check=True, capture_output=True, text=True).stdout
    got = {json.loads(l)["id"]: json.loads(l) for l in tagged.splitlines()}
    if drift:
        print(f"warning: {drift} labelled units no longer match the segmentation (skipped)")
    for kind in ("themes", "facets"):
        c = collections.defaultdict(lambda: [0, 0, 0])
        for i, t in got.items():
            want, have = set(labels[i][kind]), set(t[kind])
            for x in want & have:
                c[x][0] += 1
            for x in have - want:
                c[x][1] += 1
                if a.show_errors:
                    why = [e["matched"] for e in t["evidence"] if e["theme"] == x] if kind == "themes" else []
                    print(f"FP {kind[:-1]} {x} {why}: {labels[i]['doc']} p{labels[i]['page']} u{labels[i]['on_page']}: {by_key[(labels[i]['doc'], labels[i]['page'], labels[i]['on_page'])][:160]}")
            for x in want - have:
                c[x][2] += 1
                if a.show_errors:
                    print(f"FN {kind[:-1]} {x}: {labels[i]['doc']} p{labels[i]['page']} u{labels[i]['on_page']}: {by_key[(labels[i]['doc'], labels[i]['page'], labels[i]['on_page'])][:160]}")
        tp = sum(v[0] for v in c.values()); fp_ = sum(v[1] for v in c.values()); fn = sum(v[2] for v in c.values())
        p, r = prf(tp, fp_, fn)
        print(f"\n{kind}: {len(got)} units, micro precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp_}, fn {fn})")
        print(f"  {'id':<28} {'tp':>3} {'fp':>3} {'fn':>3}  {'prec':>5}  {'rec':>5}")
        for k in sorted(c):
            p, r = prf(*c[k])
            print(f"  {k:<28} {c[k][0]:>3} {c[k][1]:>3} {c[k][2]:>3}  {p:>5.2f}  {r:>5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
