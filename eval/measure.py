#!/usr/bin/env python3
"""Measure themes and facets against hand labels of real municipal paragraphs, with `linjaus eval`.

Label files name a unit by document, page and position on the page, as `linjaus units` cuts the
text `pdftotext` extracts from ../shared/<corpus> (`corpus` key, default `real-corpus`), with the
unit's fingerprint `fp`. eval/labels*.jsonl store no text: the units are cut again here (needs
pdftotext and ../shared; otherwise those files are skipped with a message). The held-out parts
(eval/heldout/*.jsonl) store the labelled `text` itself and are scored as they are.

The scoring is `linjaus eval`'s (micro and per-label precision, recall, F1; `*_optional` labels
neither rewarded nor penalised); this script only builds its input.

Usage: python3 eval/measure.py [--bin target/release/linjaus] [--labels FILE...] [--format json]
       [--without-rule ID...] [--show-errors] [--dump FILE]
(default: eval/labels.jsonl and eval/labels-welfare.jsonl, measured together;
 the held-out development part: --labels eval/heldout/dev.jsonl)
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")


def fp(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def cut_units(binary, labels, tmp):
    """Text of each position-only label's unit, by (corpus, doc, page, on_page)."""
    wanted = sorted({(l.get("corpus", "real-corpus"), l["doc"]) for l in labels if "text" not in l})
    if not wanted:
        return {}
    if shutil.which("pdftotext") is None:
        print("skipped position-only labels: needs pdftotext", file=sys.stderr)
        return None
    by_key = {}
    for corpus, doc in wanted:
        pdf = os.path.join(SHARED, corpus, doc)
        if not os.path.isfile(pdf):
            print(f"skipped labels of {doc}: needs {pdf}", file=sys.stderr)
            continue
        out = os.path.join(tmp, doc[:-4] + ".txt")
        subprocess.run(["pdftotext", pdf, out], check=True)
        units = subprocess.run([binary, "units", out], check=True, capture_output=True, text=True).stdout
        for line in units.splitlines():
            u = json.loads(line)
            by_key[(corpus, doc, u["page"], u["on_page"])] = u["text"]
    return by_key


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "linjaus"))
    ap.add_argument("--labels", nargs="+", default=[os.path.join(HERE, "labels.jsonl"), os.path.join(HERE, "labels-welfare.jsonl")])
    ap.add_argument("--format", choices=["terminal", "json"], default="terminal")
    ap.add_argument("--without-rule", action="append", default=[])
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--dump", metavar="FILE", help="also write the `linjaus eval` input (with `doc`) to FILE, e.g. for `linjaus train`")
    a = ap.parse_args()
    labels = [json.loads(l) for f in a.labels for l in open(f, encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        by_key = cut_units(a.bin, labels, tmp)
        rows, drift = [], 0
        for i, l in enumerate(labels):
            text = l.get("text")
            if text is None:
                text = (by_key or {}).get((l.get("corpus", "real-corpus"), l["doc"], l["page"], l["on_page"]))
            if text is None or fp(text) != l["fp"]:
                drift += 1
                continue
            row = {"id": i, "doc": l["doc"], "text": text, "themes": l["themes"], "facets": l["facets"]}
            for k in ("themes_optional", "facets_optional"):
                if k in l:
                    row[k] = l[k]
            rows.append(row)
        if drift:
            print(f"warning: {drift} labelled units no longer match the segmentation or were not cut (skipped)", file=sys.stderr)
        if not rows:
            print("skipped: no labelled unit could be measured")
            return 0
        inp = os.path.join(tmp, "eval.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        if a.dump:
            shutil.copyfile(inp, a.dump)
        args = [a.bin, "eval", inp, "--format", a.format]
        for r in a.without_rule:
            args += ["--without-rule", r]
        res = subprocess.run(args, capture_output=True, text=True)
        sys.stdout.write(res.stdout)
        sys.stderr.write(res.stderr)
        if res.returncode != 0:
            return res.returncode
        if a.show_errors:
            tag_in = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
            tagged = subprocess.run([a.bin, "tag", "-"], input=tag_in, check=True, capture_output=True, text=True).stdout
            got = {json.loads(l)["id"]: json.loads(l) for l in tagged.splitlines()}
            for r in rows:
                t, l = got[r["id"]], labels[r["id"]]
                where = f"{l['doc']} p{l['page']} u{l['on_page']}"
                for kind in ("themes", "facets"):
                    want, opt, have = set(r[kind]), set(r.get(kind + "_optional", [])), set(t[kind])
                    for x in sorted(have - want - opt):
                        why = [e["matched"] for e in t["evidence"] if e["theme"] == x] if kind == "themes" else [c["matched"] for c in t["facet_cues"] if c["facet"] == x]
                        print(f"FP {kind[:-1]} {x} {why}: {where}: {r['text'][:200]}")
                    for x in sorted(want - have):
                        print(f"FN {kind[:-1]} {x}: {where}: {r['text'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
