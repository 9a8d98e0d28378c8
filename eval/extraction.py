#!/usr/bin/env python3
"""Extraction quality of linjaus's PDF reader against pdftotext, per file of ../shared/real-corpus.

coverage  = share of the distinct words pdftotext finds that linjaus also finds;
fragments = share of linjaus's distinct words that pdftotext does not produce (broken pieces).
Words are runs of letters and digits, compared in lower case; both sides have words hyphenated
across line ends joined (pdftotext does it itself; linjaus in its normaliser). Runs where
pdftotext and ../shared/real-corpus exist, otherwise says so and exits 0.

Usage: cargo build --release && python3 eval/extraction.py [--bin target/release/linjaus] [--corpus DIR]
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "real-corpus")


def words(text):
    return {w.lower() for w in re.findall(r"[^\W_]+", text)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "linjaus"))
    ap.add_argument("--corpus", default=CORPUS, help="folder of PDFs (default ../shared/real-corpus)")
    a = ap.parse_args()
    corpus = a.corpus
    if not os.path.isdir(corpus) or shutil.which("pdftotext") is None:
        print(f"skipped: needs {corpus} and pdftotext")
        return 0
    worst_cov, worst_frag = 1.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'file':<52} {'pdftotext':>9} {'linjaus':>8} {'coverage':>9} {'fragments':>9}")
        for pdf in sorted(glob.glob(os.path.join(corpus, "*.pdf"))):
            out = os.path.join(tmp, "ref.txt")
            subprocess.run(["pdftotext", pdf, out], check=True)
            ref = re.sub(r"(\w)-\n(?=[a-zäöå])", r"\1", open(out, encoding="utf-8", errors="replace").read())
            units = subprocess.run([a.bin, "units", pdf], capture_output=True, text=True, check=True).stdout
            got = "\n".join(json.loads(l)["text"] for l in units.splitlines())
            r, g = words(ref), words(got)
            cov = len(r & g) / len(r) if r else 1.0
            frag = len(g - r) / len(g) if g else 0.0
            worst_cov, worst_frag = min(worst_cov, cov), max(worst_frag, frag)
            print(f"{os.path.basename(pdf):<52} {len(r):>9} {len(g):>8} {cov:>9.4f} {frag:>9.4f}")
    print(f"worst: coverage {worst_cov:.4f} (target >= 0.99), fragments {worst_frag:.4f} (target < 0.005)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
