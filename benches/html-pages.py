#!/usr/bin/env python3
"""Make realistic municipal web pages from the real minutes, to measure HTML extraction.

    python3 benches/html-pages.py [MINUTES_DIR] [OUT_DIR]

MINUTES_DIR defaults to ../shared/real-corpus-minutes (PDFs, read with `pdftotext`); OUT_DIR to
/tmp/linjaus-html-pages. The minutes' text is not copied into the project: the pages are made
at run time. For each page NAME.html the script writes NAME.truth.txt, the main text a reader
sees (headings, paragraphs, list items and table cells, one block a line), so an extractor can
be scored on coverage (truth words it keeps) and leftovers (words it keeps that are not main
text: navigation, cookie banner, scripts, footer).

The markup is what municipal sites serve: a cookie banner, a skip link, a header with a search
form, a mega-menu <nav>, breadcrumbs, <main> (or only an <article>, or neither), minutes items
as <h2> with paragraphs that are often left unclosed, <li> without </li>, attendance and vote
tables, entities (&auml;, &nbsp;, &#228;, &euro;, &sect;), misnested inline tags, an attribute holding ">", <p> with a <div> in
it, an aside, a footer, inline JSON and analytics scripts that hold HTML-looking strings.
Deterministic (seeded).
"""

import html
import random
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/real-corpus-minutes")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/linjaus-html-pages")

NAV = ["Asuminen ja ympäristö", "Kasvatus ja opetus", "Kulttuuri ja vapaa-aika",
       "Liikunta ja ulkoilu", "Sosiaali- ja terveyspalvelut", "Työ ja yrittäminen",
       "Päätöksenteko", "Kaupunkiorganisaatio", "Tietoa kaupungista", "Asiointi"]
SUB = ["Esityslistat ja pöytäkirjat", "Kuulutukset", "Hallintosääntö", "Valtuusto",
       "Kaupunginhallitus", "Lautakunnat", "Talous", "Strategia", "Hankinnat", "Avoimet työpaikat",
       "Tontit", "Kaavoitus", "Kirjasto", "Uimahalli", "Nuorisopalvelut", "Musiikkiopisto"]


def minutes_blocks(pdf):
    """Blocks of a minutes PDF: ("h", text), ("p", text), ("li", text), ("table", rows)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    blocks, para = [], []

    def flush():
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    for raw in text.replace("\f", "\n").splitlines():
        line = raw.strip().replace("\u200b", "")
        if not line:
            flush()
        elif re.match(r"^(Lapuan kaupunki|Pöytäkirja|\d+/20\d\d|\d+ \(\d+\))$", line):
            continue  # running header of the PDF
        elif re.match(r"^§ \d+", line):
            flush()
            blocks.append(("h", line))
        elif re.match(r"^[-•–]\s+", line):
            flush()
            blocks.append(("li", re.sub(r"^[-•–]\s+", "", line)))
        else:
            para.append(line)
    flush()
    # Attendance lists become tables (name, role), as case-management systems render them.
    out = []
    for kind, t in blocks:
        if kind == "p" and "," in t and len(t) < 400 and t.count(",") >= 3 and rnd.random() < 0.3:
            names = [n.strip() for n in t.split(",") if n.strip()]
            rows = [[n, rnd.choice(["jäsen", "varajäsen", "puheenjohtaja", "esittelijä"])]
                    for n in names]
            out.append(("table", rows))
        else:
            out.append((kind, t))
    return out


ENT = {"ä": "&auml;", "ö": "&ouml;", "å": "&aring;", "Ä": "&Auml;", "€": "&euro;",
       "–": "&ndash;", "§": "&sect;", "½": "&frac12;", "×": "&times;"}


def esc(t):
    """Escape text, writing some letters as named or numeric entities and some spaces as
    &nbsp;, as editors do."""
    s = html.escape(t, quote=False)
    r = rnd.random()
    if r < 0.2:
        s = "".join(ENT.get(c, c) for c in s)
    elif r < 0.3:
        s = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in s)
    if rnd.random() < 0.2:
        s = re.sub(r"(\d) (\d)", r"\1&nbsp;\2", s)
    return s


def inline(t):
    """Wrap a few words in inline markup, sometimes misnested."""
    words = esc(t).split(" ")
    if len(words) > 6 and rnd.random() < 0.3:
        i = rnd.randrange(len(words) - 3)
        form = rnd.choice(["<strong>{}</strong>", "<em>{}</em>", '<a href="/asia/{n}">{}</a>',
                           "<b><i>{}</b></i>", '<span class="hl">{}</span></span>',
                           # an attribute with ">" in it (old CMS event handlers)
                           '<a href="#" onclick="return n>0">{}</a>'])
        words[i:i + 2] = [form.format(" ".join(words[i:i + 2]), n=rnd.randrange(9999))]
    return " ".join(words)


def body(blocks):
    out = []
    in_list = False
    for kind, t in blocks:
        if kind != "li" and in_list:
            out.append("</ul>" if rnd.random() < 0.8 else "")  # some lists never closed
            in_list = False
        if kind == "h":
            out.append(f'<h2 id="p{rnd.randrange(10**6)}">{esc(t)}</h2>')
        elif kind == "li":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{inline(t)}" + ("</li>" if rnd.random() < 0.5 else ""))
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>\n"
                           for r in t)
            out.append('<table class="attendance"><thead><tr><th>Nimi</th><th>Rooli</th></tr>'
                       f"</thead><tbody>\n{rows}</tbody></table>")
        else:
            r = rnd.random()
            if r < 0.4:
                out.append(f"<p>{inline(t)}")  # unclosed <p>
            elif r < 0.5:
                out.append(f'<div class="text-block">{inline(t)}</div>')
            else:
                out.append(f"<p>{inline(t)}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def truth(blocks):
    lines = []
    for kind, t in blocks:
        if kind == "table":
            lines += [" ".join(["Nimi", "Rooli"])] + [" ".join(r) for r in t]
        else:
            lines.append(t)
    return "\n".join(lines) + "\n"


def furniture_script(n):
    data = [{"title": s, "url": f"/{s.lower().replace(' ', '-')}", "html": f"<p>{s}</p>"}
            for s in SUB] * n
    return ("<script>window.__SITE__ = " + repr(data).replace("'", '"') +
            ";\nif (a < b && b > c) { document.write('<div class=\"x\">Evästeasetukset</div>'); }"
            "</script>")


def page(title, blocks, layout, menu_copies, script_copies):
    nav = "\n".join(
        f'<li class="menu-item"><a href="/{i}">{esc(n)}</a><ul class="sub-menu">' +
        "".join(f'<li><a href="/{i}/{j}">{esc(s)}</a>' for j, s in enumerate(SUB)) + "</ul></li>"
        for i, n in enumerate(NAV * menu_copies))
    head = (f'<!DOCTYPE html>\n<html lang="fi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)} | Lapuan kaupunki</title>"
            '<link rel="stylesheet" href="/assets/site.css">'
            "<style>.cookie-banner{position:fixed} p > a:hover{color:#003}</style>"
            + furniture_script(script_copies) +
            '<script async src="https://example.invalid/analytics.js"></script></head>\n')
    top = ('<body class="page-template">\n<a class="skip-link" href="#main">Siirry sisältöön</a>\n'
           '<div id="cookie-consent" class="cookie-banner" role="dialog"><p>Käytämme evästeitä '
           "parantaaksemme käyttökokemusta.</p><button>Hyväksy kaikki</button><button>Vain "
           "välttämättömät</button></div>\n"
           '<header class="site-header"><img src="/logo.svg" alt="Lapuan kaupunki">'
           '<form role="search"><input name="q" placeholder="Hae sivustolta"><button>Hae</button>'
           "</form></header>\n"
           f'<nav class="main-navigation" aria-label="Päävalikko"><ul>{nav}</ul></nav>\n'
           '<nav class="breadcrumb"><a href="/">Etusivu</a> › <a href="/paatoksenteko">'
           "Päätöksenteko</a> › Pöytäkirjat</nav>\n")
    content = (f"<h1>{esc(title)}</h1>\n"
               '<p class="meta">Julkaistu 18.2.2025 &ndash; Päivitetty 20.2.2025</p>\n'
               + body(blocks) +
               # A <div> inside an unclosed <p>: HTML closes the <p> there.
               '\n<p>Pöytäkirja on nähtävänä yleisessä tietoverkossa.<div class="notice">'
               "Oikaisuvaatimusohjeet ovat pöytäkirjan liitteenä.</div>\n")
    truth_extra = ("Julkaistu 18.2.2025 – Päivitetty 20.2.2025\n"
                   "Pöytäkirja on nähtävänä yleisessä tietoverkossa.\n"
                   "Oikaisuvaatimusohjeet ovat pöytäkirjan liitteenä.\n")
    aside = ('<aside class="sidebar"><h2>Katso myös</h2><ul><li><a href="/x">Valtuuston '
             "kokoukset</a><li><a href=\"/y\">Lautakuntien kokoukset</a></ul></aside>\n")
    foot = ('<footer class="site-footer"><p>Lapuan kaupunki, Poutuntie 8, 62100 Lapua. '
            "Vaihde 06 4384 111.</p><ul class=\"social\"><li>Facebook<li>Instagram</ul></footer>"
            '\n<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}'
            "gtag('js', new Date());</script>\n</body></html>\n")
    if layout == "main":
        mid = f'<main id="main">\n<article>{content}</article>\n</main>\n{aside}'
    elif layout == "article":
        mid = f'<div class="layout"><article class="minutes">{content}</article>{aside}</div>\n'
    else:  # neither: the content is a div among the furniture
        mid = f'<div id="content" class="content-area">{content}</div>\n{aside}'
    return head + top + mid + foot, f"{title}\n" + truth(blocks) + truth_extra


rnd = random.Random(2025)
pdfs = sorted(SRC.glob("*.pdf"))
if not pdfs:
    sys.exit(f"no PDFs in {SRC}")
OUT.mkdir(parents=True, exist_ok=True)
docs = {p.stem: minutes_blocks(p) for p in pdfs}
names = sorted(docs)

all_blocks = [b for n in names for b in docs[n]]

# name, first minutes used, main text wanted (bytes), layout, menu copies, script copies
plan = [
    ("news-item-20k", 0, 9_000, "main", 1, 1),
    ("agenda-item-60k", 5, 40_000, "article", 1, 2),
    ("minutes-150k", 10, 110_000, "main", 2, 4),
    ("minutes-no-main-250k", 14, 190_000, "none", 2, 6),
    ("minutes-scripts-500k", 20, 200_000, "main", 6, 150),
    ("year-of-minutes-1m", 0, 800_000, "main", 3, 20),
    ("year-of-minutes-2m", 12, 1_780_000, "article", 4, 40),
]
for name, first, want, layout, menus, scripts in plan:
    start = sum(len(docs[n]) for n in names[:first])
    blocks, size, i = [], 0, start
    while size < want:
        b = all_blocks[i % len(all_blocks)]
        blocks.append(b)
        size += len((b[1] if b[0] != "table" else str(b[1])).encode()) + 1
        i += 1
    title = "Pöytäkirja: " + names[first].replace("lapua-", "").replace("-poytakirja", "")
    markup, text = page(title, blocks, layout, menus, scripts)
    (OUT / f"{name}.html").write_text(markup, encoding="utf-8")
    (OUT / f"{name}.truth.txt").write_text(text, encoding="utf-8")
    print(f"{name}.html {len(markup.encode()) // 1024} KB, main text "
          f"{len(text.encode()) // 1024} KB")
