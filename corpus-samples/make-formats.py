#!/usr/bin/env python3
"""Write the Järvelä budget (jarvela/05-talousarvio-2026.md) as DOCX, ODT, HTML, PDF, XLSX and ODS
into formats/, with only the standard library, so that the tests can check that a document gives
the same theme results whatever format it comes in. The files are committed; run this again
after changing the Markdown source.

Each format carries something the reader must leave out: a running header in the DOCX and the
PDF, a page footer in the ODT, navigation, a cookie banner and a footer in the HTML.
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "jarvela", "05-talousarvio-2026.md")
OUT = os.path.join(HERE, "formats")
BASE = "talousarvio-2026"
HEADER = "Järvelän kunta – talousarvio 2026 – luonnos"


def blocks():
    """(kind, level, content) from the Markdown: heading, para, item, table (list of rows)."""
    out, table = [], None
    for line in open(SRC, encoding="utf-8").read().splitlines():
        s = line.strip()
        if s.startswith("|"):
            if set(s) <= set("|-: "):
                continue
            cells = [c.strip() for c in s.strip("|").split("|")]
            if table is None:
                table = []
                out.append(("table", 0, table))
            table.append(cells)
            continue
        table = None
        if not s:
            continue
        if s.startswith("#"):
            level = len(s) - len(s.lstrip("#"))
            out.append(("heading", level, s[level:].strip()))
        elif s.startswith("- "):
            out.append(("item", 0, s[2:]))
        elif out and out[-1][0] == "para" and not line.startswith(" "):
            out[-1] = ("para", 0, out[-1][2] + " " + s)
        else:
            out.append(("para", 0, s))
    return out


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=method)


def docx(bs):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    body = []
    for kind, level, c in bs:
        if kind == "heading":
            body.append(f'<w:p><w:pPr><w:pStyle w:val="Otsikko{level}"/></w:pPr><w:r><w:t>{escape(c)}</w:t></w:r></w:p>')
        elif kind == "item":
            body.append(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{escape(c)}</w:t></w:r></w:p>')
        elif kind == "para":
            body.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(c)}</w:t></w:r></w:p>')
        else:
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(x)}</w:t></w:r></w:p></w:tc>" for x in r) + "</w:tr>" for r in c)
            body.append(f"<w:tbl>{rows}</w:tbl>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>{"".join(body)}<w:sectPr><w:headerReference w:type="default" r:id="rId2"/></w:sectPr></w:body></w:document>'
    styles = f'<?xml version="1.0" encoding="UTF-8"?><w:styles {w}>' + "".join(
        f'<w:style w:type="paragraph" w:styleId="Otsikko{i}"><w:name w:val="heading {i}"/></w:style>' for i in range(1, 5)) + "</w:styles>"
    header = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {w}><w:p><w:r><w:t>{escape(HEADER)}</w:t></w:r></w:p></w:hdr>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
             '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>')
    write_zip(os.path.join(OUT, BASE + ".docx"), [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/_rels/document.xml.rels", doc_rels),
                                                 ("word/document.xml", document), ("word/styles.xml", styles), ("word/header1.xml", header)])


def odt(bs):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3"')
    body = []
    for kind, level, c in bs:
        if kind == "heading":
            body.append(f'<text:h text:outline-level="{level}">{escape(c)}</text:h>')
        elif kind == "item":
            body.append(f"<text:list><text:list-item><text:p>{escape(c)}</text:p></text:list-item></text:list>")
        elif kind == "para":
            body.append(f"<text:p>{escape(c)}</text:p>")
        else:
            rows = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(x)}</text:p></table:table-cell>" for x in r) + "</table:table-row>" for r in c)
            body.append(f'<table:table table:name="T">{rows}</table:table>')
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>{"".join(body)}</office:text></office:body></office:document-content>'
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:master-styles><style:master-page style:name="Standard">'
              f"<style:footer><text:p>{escape(HEADER)}</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    write_zip(os.path.join(OUT, BASE + ".odt"), [("mimetype", "application/vnd.oasis.opendocument.text"), ("META-INF/manifest.xml", manifest),
                                                ("content.xml", content), ("styles.xml", styles)])


def html(bs):
    body = []
    for kind, level, c in bs:
        if kind == "heading":
            body.append(f"<h{level}>{escape(c)}</h{level}>")
        elif kind == "item":
            body.append(f"<ul><li>{escape(c)}</li></ul>")
        elif kind == "para":
            body.append(f"<p>{escape(c)}</p>")
        else:
            head = "<tr>" + "".join(f"<th>{escape(x)}</th>" for x in c[0]) + "</tr>"
            rows = "".join("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in r) + "</tr>" for r in c[1:])
            body.append(f"<table>{head}{rows}</table>")
    page = ('<!DOCTYPE html>\n<html lang="fi"><head><meta charset="utf-8"><title>Talousarvio 2026</title>'
            '<script>window.dataLayer = ["<p>Liikunta</p>"];</script><style>p { color: black }</style></head><body>'
            '<header><a href="/">Järvelän kunta</a></header><nav><ul><li>Asuminen</li><li>Liikunta ja kulttuuri</li><li>Sosiaali- ja terveyspalvelut</li></ul></nav>'
            '<div id="cookie-consent">Käytämme evästeitä. Hyväksy evästeet.</div>'
            f'<main>{"".join(body)}</main><footer>Järvelän kunta, Kuntatie 1. Päihdetyön neuvonta ja kirjasto.</footer></body></html>\n')
    open(os.path.join(OUT, BASE + ".html"), "w", encoding="utf-8").write(page)


def pdf(bs):
    """One landscape page per top-level section, Helvetica (WinAnsi): headings 14/12 pt, text
    10 pt, tables 7 pt with their columns 20 pt apart; a running header and a page footer."""
    lines_by_page, page = [], []
    for kind, level, c in bs:
        if kind == "heading" and level == 2 and page:
            lines_by_page.append(page)
            page = []
        if kind == "table":
            widths = [max(len(r[j]) if j < len(r) else 0 for r in c) for j in range(max(len(r) for r in c))]
            xs = [50 + sum(w * 3.6 + 20 for w in widths[:j]) for j in range(len(widths))]
            for r in c:
                page.append(("row", list(zip(xs, r))))
        elif kind == "heading":
            page.append(("heading", c))
        else:
            text = ("- " if kind == "item" else "") + c
            words, line = text.split(), ""
            for w in words:
                if len(line) + len(w) > 120:
                    page.append(("text", line))
                    line = ""
                line = (line + " " + w).strip()
            page.append(("text", line))
        page.append(("gap", None))
    lines_by_page.append(page)

    def esc(s):
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("–", "-").encode("cp1252")

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for i, lines in enumerate(lines_by_page):
        y, content = 540, b"BT /F1 9 Tf 50 570 Td (" + esc(HEADER) + b") Tj ET\n"
        for kind, c in lines:
            if kind == "gap":
                y -= 10
                continue
            if kind == "row":
                for x, cell in c:
                    content += b"BT /F1 7 Tf %d %d Td (" % (x, y) + esc(cell) + b") Tj ET\n"
                y -= 10
            elif kind == "heading":
                content += b"BT /F1 14 Tf 50 %d Td (" % y + esc(c) + b") Tj ET\n"
                y -= 18
            else:
                content += b"BT /F1 10 Tf 50 %d Td (" % y + esc(c) + b") Tj ET\n"
                y -= 13
        content += b"BT /F1 9 Tf 400 25 Td (" + esc(f"Sivu {i + 1}") + b") Tj ET\n"
        page_id = len(objects) + 1
        kids.append(page_id)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    open(os.path.join(OUT, BASE + ".pdf"), "wb").write(out)


def xlsx(bs):
    """The binding-goal tables, one sheet each, named after the committee above them."""
    sheets, heading = [], None
    for kind, level, c in bs:
        if kind == "heading" and level == 3:
            heading = c
        if kind == "table" and heading:
            sheets.append((heading[:31], c))

    def cell(ref, v):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

    def col(j):
        return chr(ord("A") + j)
    entries = []
    for i, (name, rows) in enumerate(sheets):
        data = "".join(f'<row r="{r + 1}">' + "".join(cell(f"{col(j)}{r + 1}", v) for j, v in enumerate(row)) + "</row>" for r, row in enumerate(rows))
        entries.append((f"xl/worksheets/sheet{i + 1}.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>'))
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets)) + "</sheets></workbook>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
               + "</Relationships>")
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
             + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    write_zip(os.path.join(OUT, BASE + "-sitovat-tavoitteet.xlsx"), [("[Content_Types].xml", types), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                                                                    ("xl/_rels/workbook.xml.rels", wb_rels)] + entries)


def ods(bs):
    """The binding-goal tables as an OpenDocument spreadsheet, one sheet per committee."""
    sheets, heading = [], None
    for kind, level, c in bs:
        if kind == "heading" and level == 3:
            heading = c
        if kind == "table" and heading:
            sheets.append((heading, c))
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"')
    tables = "".join(
        f'<table:table table:name="{escape(n)}">' + "".join(
            "<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(x)}</text:p></table:table-cell>' for x in r) + "</table:table-row>"
            for r in rows) + "</table:table>" for n, rows in sheets)
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>'
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    write_zip(os.path.join(OUT, BASE + "-sitovat-tavoitteet.ods"), [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                                                   ("META-INF/manifest.xml", manifest), ("content.xml", content)])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    bs = blocks()
    docx(bs)
    odt(bs)
    html(bs)
    pdf(bs)
    xlsx(bs)
    ods(bs)
    with open(os.path.join(OUT, BASE + ".md"), "w", encoding="utf-8") as f:
        f.write(open(SRC, encoding="utf-8").read())
    print("wrote", sorted(os.listdir(OUT)))
