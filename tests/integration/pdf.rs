//! PDF input: layout, page numbers, running headers, tables, and every kind of bad file.

use crate::util::{Scratch, root, run, stderr, stdout};
use serde_json::Value;

/// A minimal PDF: one page per entry, each a list of (x, y, text) runs in Helvetica 11 pt.
pub fn make_pdf(pages: &[Vec<(f64, f64, String)>]) -> Vec<u8> {
    make_pdf_with(pages, "")
}

/// [`make_pdf`] with more entries in the document catalogue (`/PageLabels << … >>`).
pub fn make_pdf_with(pages: &[Vec<(f64, f64, String)>], catalog: &str) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    let mut objects: Vec<String> = Vec::new();
    objects.push(format!("<< /Type /Catalog /Pages 2 0 R {catalog}>>"));
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    for (i, runs) in pages.iter().enumerate() {
        let content: String = runs
            .iter()
            .map(|(x, y, t)| {
                let esc = t
                    .replace('\\', "\\\\")
                    .replace('(', "\\(")
                    .replace(')', "\\)");
                format!("BT /F1 11 Tf {x} {y} Td ({esc}) Tj ET\n")
            })
            .collect();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    assemble(&objects)
}

/// A PDF file of `objects` (numbered from 1; object 1 is the catalog), with its cross-reference
/// table and trailer.
pub fn assemble(objects: &[impl AsRef<[u8]>]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(o.as_ref());
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn latin1(s: &str) -> String {
    // WinAnsi: the test strings only use Latin-1 letters, written here as their code points.
    s.to_string()
}

fn page(i: usize, body: &[&str]) -> Vec<(f64, f64, String)> {
    let mut runs = vec![(
        50.0,
        800.0,
        latin1("Esimerkkilan kaupunki - Tilinpaatos 2024"),
    )];
    let mut y = 760.0;
    for line in body {
        runs.push((50.0, y, latin1(line)));
        y -= 14.0;
    }
    runs.push((280.0, 40.0, format!("{i} / 5")));
    runs
}

fn units(path: &std::path::Path) -> Vec<Value> {
    let out = run(&["units", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Each unit's kind and text, in order.
fn kinds_and_texts(us: &[Value]) -> Vec<(&str, &str)> {
    us.iter()
        .map(|u| (u["kind"].as_str().unwrap(), u["text"].as_str().unwrap()))
        .collect()
}

#[test]
fn pages_lines_hyphenation_headers_and_tables() {
    let s = Scratch::new("pdf");
    let mut pages: Vec<Vec<(f64, f64, String)>> = (1..=5)
        .map(|i| {
            page(
                i,
                &["Tavallista tekstia sivulla.", "Toinen kappaleen rivi."],
            )
        })
        .collect();
    pages[1] = page(
        2,
        &[
            "Kaupunki laati hyvinvointi-",
            "kertomuksen ja liikunta-",
            "ohjelman vuonna 2024.",
        ],
    );
    let mut table = page(3, &["Sitovat tavoitteet"]);
    table.push((50.0, 700.0, "Liikunta lisaantyy".into()));
    table.push((300.0, 700.0, "Kayttokerrat".into()));
    table.push((450.0, 700.0, "150 000".into()));
    pages[2] = table;
    let f = s.write("tilinpaatos-2024.pdf", make_pdf(&pages));
    let us = units(&f);
    // Running header and page-number footer are gone from every page.
    assert!(
        us.iter().all(|u| !u["text"]
            .as_str()
            .unwrap()
            .contains("Esimerkkilan kaupunki")),
        "{us:?}"
    );
    assert!(
        us.iter()
            .all(|u| !u["text"].as_str().unwrap().contains(" / 5")),
        "{us:?}"
    );
    // Hyphenated line ends are joined, on the right page.
    let p2: Vec<&str> = us
        .iter()
        .filter(|u| u["page"] == 2)
        .map(|u| u["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        p2,
        ["Kaupunki laati hyvinvointikertomuksen ja liikuntaohjelman vuonna 2024."]
    );
    // A row of a table stays one unit with its cells apart.
    let row = us
        .iter()
        .find(|u| u["page"] == 3 && u["kind"] == "table-row")
        .expect("a table row");
    assert_eq!(row["text"], "Liikunta lisaantyy | Kayttokerrat | 150 000");
}

fn analyse(dir: &Scratch) -> (Value, std::process::Output) {
    let out = run(&["analyse", dir.arg(), "--format", "json"], None);
    // No report at all when no document could be read (exit 2, errors on stderr).
    let text = stdout(&out);
    if text.is_empty() {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        return (Value::Null, out);
    }
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (v, out)
}

fn good_pdf() -> Vec<u8> {
    make_pdf(
        &(1..=3)
            .map(|i| page(i, &["Tavoitteena on lisata liikuntaa."]))
            .collect::<Vec<_>>(),
    )
}

/// One bad file beside a good one: the bad one is named with its reason, the good one is
/// analysed, and the exit code is 2.
fn bad_file(name: &str, bytes: &[u8], reason: &str) {
    let s = Scratch::new("badpdf");
    s.write("hyvinvointikertomus.pdf", good_pdf());
    s.write(name, bytes);
    let (v, out) = analyse(&s);
    assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{name}: {reason}")), "{name}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        v["documents"].as_array().unwrap().len(),
        1,
        "{name}: the good document is still analysed"
    );
}

#[test]
fn truncated_pdf() {
    let good = good_pdf();
    bad_file(
        "katkennut.pdf",
        &good[..good.len() / 2],
        "not a readable PDF",
    );
}

#[test]
fn broken_cross_reference_table() {
    let mut pdf = good_pdf();
    let at = pdf.windows(4).position(|w| w == b"xref").unwrap();
    pdf.truncate(at);
    pdf.extend(
        b"xref\n0 9\nthis is not a table\ntrailer\n<< /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n",
    );
    let s = Scratch::new("xref");
    s.write("rikki.pdf", &pdf);
    let (v, out) = analyse(&s);
    // lopdf may recover the objects without the table; either way nothing crashes and the
    // outcome is reported.
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    match out.status.code() {
        Some(0) => assert_eq!(v["documents"].as_array().unwrap().len(), 1),
        Some(2) => assert!(err.contains("rikki.pdf: "), "{err}"),
        c => panic!("exit {c:?}: {err}"),
    }
}

#[test]
fn random_bytes_with_a_pdf_name() {
    let bytes: Vec<u8> = (0u32..3000)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    bad_file("satunnainen.pdf", &bytes, "");
}

#[test]
fn zero_byte_pdf() {
    bad_file("tyhja.pdf", b"", "file is empty");
}

#[test]
fn pdf_without_text_is_reported_as_a_scan() {
    let pdf = make_pdf(&[vec![], vec![]]);
    bad_file("skannattu.pdf", &pdf, "no text layer");
}

#[test]
fn encrypted_pdfs() {
    let fixtures = root().join("tests/fixtures");
    // A user password is needed: reported.
    bad_file(
        "salattu.pdf",
        &std::fs::read(fixtures.join("encrypted-user-password.pdf")).unwrap(),
        "encrypted PDF",
    );
    // Only an owner password (empty user password): read.
    let s = Scratch::new("owner");
    s.write(
        "omistaja.pdf",
        std::fs::read(fixtures.join("encrypted-owner-only.pdf")).unwrap(),
    );
    let (v, out) = analyse(&s);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(v["documents"][0]["words"].as_u64().unwrap() > 3, "{v}");
}

#[test]
fn two_hundred_pages_of_one_long_line() {
    let line = "liikunta ".repeat(600);
    let pages: Vec<Vec<(f64, f64, String)>> = (0..200)
        .map(|_| vec![(10.0, 400.0, line.clone())])
        .collect();
    let s = Scratch::new("long");
    s.write("pitka-rivi.pdf", make_pdf(&pages));
    let (v, out) = analyse(&s);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(v["documents"][0]["pages"], 200);
}

/// (page, page_label) of each unit.
fn labels(us: &[Value]) -> Vec<(u64, Option<String>)> {
    let mut out: Vec<(u64, Option<String>)> = us
        .iter()
        .map(|u| {
            (
                u["page"].as_u64().unwrap(),
                u.get("page_label").map(|l| l.as_str().unwrap().to_string()),
            )
        })
        .collect();
    out.dedup();
    out
}

fn expect(pairs: &[(u64, &str)]) -> Vec<(u64, Option<String>)> {
    pairs
        .iter()
        .map(|(p, l)| (*p, (!l.is_empty()).then(|| l.to_string())))
        .collect()
}

#[test]
fn page_labels_of_the_catalogue_are_the_cited_pages() {
    // Roman front matter i–ii, then 1–3, then an appendix "Liite 8": the labels win over the
    // numbers the pages print (here the PDF page index, as a careless footer would).
    let pages: Vec<Vec<(f64, f64, String)>> = (1..=6)
        .map(|i| footed(&format!("Tekstia sivulla {i}."), Some(&i.to_string())))
        .collect();
    let pdf = make_pdf_with(
        &pages,
        "/PageLabels << /Nums [0 << /S /r >> 2 << /S /D >> 5 << /P (Liite ) /S /D /St 8 >>] >> ",
    );
    assert!(pdf.len() < 10 << 10);
    let s = Scratch::new("pagelabels");
    let us = units(&s.write("kirja.pdf", pdf));
    assert_eq!(
        labels(&us),
        expect(&[
            (1, "i"),
            (2, "ii"),
            (3, "1"),
            (4, "2"),
            (5, "3"),
            (6, "Liite 8")
        ])
    );
    // A tree that does not start at page 0 leaves the pages before it without a label; kids
    // are read, and a broken entry is skipped.
    let pdf = make_pdf_with(
        &pages[..4],
        "/PageLabels << /Kids [<< /Nums [1 << /S /A >> (x) 7] >> << /Nums [3 << /S /R /St 4 >>] >>] >> ",
    );
    let us = units(&s.write("lapset.pdf", pdf));
    assert_eq!(
        labels(&us),
        expect(&[(1, ""), (2, "A"), (3, "B"), (4, "IV")])
    );
}

/// A page with a body line and, optionally, a footer line in the bottom band.
fn footed(body: &str, footer: Option<&str>) -> Vec<(f64, f64, String)> {
    let mut runs = vec![(50.0, 700.0, body.to_string())];
    if let Some(f) = footer {
        runs.push((280.0, 40.0, f.to_string()));
    }
    runs
}

#[test]
fn printed_page_numbers_become_labels_even_when_the_footer_is_removed() {
    let s = Scratch::new("printed");
    // A cover without a number, then "Sivu 3" … "Sivu 7": the footer recurs, so it is removed
    // as a running line, but its numbers are kept as labels.
    let mut pages = vec![footed("Hyvinvointikertomus 2024", None)];
    for n in 3..=7 {
        pages.push(footed(
            &format!("Liikunta lisaantyy {n}."),
            Some(&format!("Sivu {n}")),
        ));
    }
    let us = units(&s.write("sivu.pdf", make_pdf(&pages)));
    assert!(
        us.iter()
            .all(|u| !u["text"].as_str().unwrap().contains("Sivu")),
        "{us:?}"
    );
    assert_eq!(
        labels(&us),
        expect(&[(1, ""), (2, "3"), (3, "4"), (4, "5"), (5, "6"), (6, "7")])
    );
    // Plain numbers, one page (a picture, say) without its own: it gets the number between.
    let mut pages = vec![footed("Kansi", None)];
    for n in 3..=7 {
        let footer = (n != 5).then(|| n.to_string());
        pages.push(footed(&format!("Teksti {n}."), footer.as_deref()));
    }
    let us = units(&s.write("numerot.pdf", make_pdf(&pages)));
    assert_eq!(
        labels(&us),
        expect(&[(1, ""), (2, "3"), (3, "4"), (4, "5"), (5, "6"), (6, "7")])
    );
}

#[test]
fn stray_numbers_in_a_footer_or_a_table_are_not_page_labels() {
    let s = Scratch::new("stray");
    // The year on every page, a table total near the bottom of one, and two numbers that
    // follow each other on two pages only: nothing is consistent over enough pages.
    let footers = [
        Some("2024"),
        Some("2024"),
        Some("15"),
        None,
        Some("4"),
        Some("5"),
    ];
    let pages: Vec<Vec<(f64, f64, String)>> = footers
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut p = footed(&format!("Kirjasto avattiin {i}."), Some("2024"));
            if let Some(f) = f {
                p.push((450.0, 60.0, f.to_string()));
            }
            p
        })
        .collect();
    let us = units(&s.write("harhaluvut.pdf", make_pdf(&pages)));
    assert!(us.iter().all(|u| u.get("page_label").is_none()), "{us:?}");
}

#[test]
fn text_files_with_form_feed_pages_get_the_numbers_they_print() {
    let s = Scratch::new("textpages");
    let text = "Hyvinvointisuunnitelma 2025\n\nKansilehti.\n\u{c}\
                Johdanto\n\nKaupunki lisaa liikuntaa 40 prosenttia.\n\n- 2 -\n\u{c}\
                Sivu 3\n\nUimahalli avataan.\n\u{c}\
                Polut kunnostetaan.\n\n4\n";
    let us = units(&s.write("suunnitelma.txt", text));
    assert_eq!(
        labels(&us),
        expect(&[(1, ""), (2, "2"), (3, "3"), (4, "4")])
    );
}

#[test]
fn real_financial_statements_cite_their_printed_page_numbers() {
    let corpus = root().join("../shared/real-corpus");
    if !corpus.is_dir() {
        crate::util::skipped("needs ../shared/real-corpus");
        return;
    }
    // Seinäjoki: the cover, contents and a section title page are not counted (PDF page 49
    // prints 46), nor are the later section title pages. Kauhava: an e-signature sheet comes
    // first, and the pages print "48/157".
    for (file, page, label) in [
        ("seinajoki-tilinpaatos-2024.pdf", 49, Some("46")),
        ("seinajoki-tilinpaatos-2024.pdf", 78, None),
        ("seinajoki-tilinpaatos-2024.pdf", 79, Some("75")),
        ("seinajoki-tilinpaatos-2024.pdf", 188, Some("179")),
        ("kauhava-tilinpaatos-2024.pdf", 1, None),
        ("kauhava-tilinpaatos-2024.pdf", 49, Some("48")),
    ] {
        let us = units(&corpus.join(file));
        let on_page: Vec<&Value> = us.iter().filter(|u| u["page"] == page).collect();
        assert!(!on_page.is_empty(), "{file} p{page}");
        for u in on_page {
            assert_eq!(
                u.get("page_label").and_then(Value::as_str),
                label,
                "{file} p{page}"
            );
        }
    }
}

/// A one-page PDF built with lopdf whose `/Contents` is two streams: first `bomb` (its
/// dictionary gets `/Filter filters` and `extra`, its content is `payload` deflated), then a
/// plain stream that prints `Liikuntapaikkoja kunnostetaan`.
fn pdf_with_bomb_first(
    filters: lopdf::Object,
    extra: &[(&str, lopdf::Object)],
    payload: &[u8],
) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream};
    use std::io::Write;
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    let font_id = doc.add_object(Object::Dictionary(font));
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(font_id));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(payload).unwrap();
    let mut dict = Dictionary::new();
    dict.set("Filter", filters);
    for (k, v) in extra {
        dict.set(*k, v.clone());
    }
    let bomb_id = doc.add_object(Object::Stream(Stream::new(dict, z.finish().unwrap())));
    let text = b"BT /F1 12 Tf 72 700 Td (Liikuntapaikkoja kunnostetaan) Tj ET".to_vec();
    let text_id = doc.add_object(Object::Stream(Stream::new(Dictionary::new(), text)));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages_id));
    page.set(
        "Contents",
        Object::Array(vec![Object::Reference(bomb_id), Object::Reference(text_id)]),
    );
    page.set("Resources", Object::Dictionary(resources));
    page.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
    );
    let page_id = doc.add_object(Object::Dictionary(page));
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", 1);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = doc.add_object(Object::Dictionary(catalog));
    doc.trailer.set("Root", Object::Reference(catalog_id));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Text of all units of a PDF read by `linjaus units` (which must exit 0).
fn pdf_text(name: &str, pdf: &[u8]) -> String {
    let s = Scratch::new("pdfbomb");
    let f = s.write(name, pdf);
    units(&f)
        .iter()
        .map(|u| u["text"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A page's content stream marked `/Subtype /Image` was left compressed, and lopdf inflated it,
/// without a limit, when the page was read. Now it is emptied: the text it hides (behind 64 MB
/// of blanks, from 64 KB) is not read, and the page's other stream is.
#[test]
fn a_content_stream_marked_as_an_image_is_not_inflated() {
    let mut payload = b"BT /F1 12 Tf 72 600 Td (Piilotettu pommi) Tj ET\n".to_vec();
    payload.resize(64 << 20, b' ');
    let pdf = pdf_with_bomb_first(
        lopdf::Object::Name(b"FlateDecode".to_vec()),
        &[("Subtype", lopdf::Object::Name(b"Image".to_vec()))],
        &payload,
    );
    assert!(pdf.len() < 1 << 20, "{}", pdf.len());
    let text = pdf_text("kuvapommi.pdf", &pdf);
    assert!(text.contains("Liikuntapaikkoja kunnostetaan"), "{text}");
    assert!(
        !text.contains("Piilotettu"),
        "the image-marked stream was inflated: {text}"
    );
}

/// A chain of Flate and a filter lopdf cannot decode (RunLength, ASCIIHex) was left as is, and
/// lopdf inflated the Flate stage, without a limit, before failing on the next one and reading
/// the raw bytes as content (which hid the rest of the page). Now such a stream is emptied and
/// the page's other stream is read.
#[test]
fn a_flate_chain_with_a_filter_lopdf_cannot_decode_is_not_inflated() {
    use lopdf::Object;
    for second in ["RunLengthDecode", "ASCIIHexDecode"] {
        let chain = Object::Array(vec![
            Object::Name(b"FlateDecode".to_vec()),
            Object::Name(second.as_bytes().to_vec()),
        ]);
        let pdf = pdf_with_bomb_first(chain, &[], &vec![b'0'; 64 << 20]);
        assert!(pdf.len() < 1 << 20, "{}", pdf.len());
        let text = pdf_text("ketjupommi.pdf", &pdf);
        assert!(
            text.contains("Liikuntapaikkoja kunnostetaan"),
            "{second}: {text}"
        );
    }
}

/// Width of `s` in Helvetica at `size` points (the core-14 metrics, for the characters the
/// tests below draw).
fn helvetica_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            ' ' | '/' | 't' => 278.0,
            '(' | ')' | 'r' => 333.0,
            'i' | 'j' | 'l' => 222.0,
            'k' | 'y' | 'c' | 's' => 500.0,
            'P' => 667.0,
            'L' => 556.0,
            _ => 556.0,
        })
        .sum::<f64>()
        * size
        / 1000.0
}

/// A running header `Lapuan kaupunki   Poytakirja 4/2024 2 (4)` whose total is drawn after the
/// closing parenthesis, back to the left (as the Lapua minutes draw it): it joins its line, so
/// the printed numbers become the page labels and no stray number is left on a line of its own.
#[test]
fn a_total_drawn_after_its_parenthesis_joins_the_running_header() {
    let s = Scratch::new("header-order");
    let pages: Vec<Vec<(f64, f64, String)>> = (1..=4)
        .map(|n| {
            let head = format!("Poytakirja 4/2024 {n} (");
            let x = 300.0;
            let open_end = x + helvetica_width(&head, 11.0);
            let total = "4";
            let close_x = open_end + helvetica_width(total, 11.0) + 0.2;
            vec![
                (50.0, 800.0, "Lapuan kaupunki".to_string()),
                (x, 800.0, head),
                (close_x, 800.0, ")".to_string()),
                (open_end + 0.1, 800.0, total.to_string()),
                (50.0, 700.0, format!("Kokous alkoi kello {n}.")),
            ]
        })
        .collect();
    let us = units(&s.write("poytakirja.pdf", make_pdf(&pages)));
    assert_eq!(
        labels(&us),
        expect(&[(1, "1"), (2, "2"), (3, "3"), (4, "4")]),
        "{us:?}"
    );
    let texts: Vec<&str> = us.iter().map(|u| u["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Kokous alkoi kello 1.",
            "Kokous alkoi kello 2.",
            "Kokous alkoi kello 3.",
            "Kokous alkoi kello 4."
        ]
    );
}

/// Lines on one baseline but apart (two columns drawn one after the other) stay apart: only a
/// glyph that fits a narrow gap of a line joins it.
#[test]
fn two_columns_drawn_one_after_the_other_stay_two_columns() {
    let s = Scratch::new("two-columns");
    let left = [
        "Kaupunki laatii hyvinvointikertomuksen",
        "valtuustokausittain ja raportoi siita",
        "vuosittain valtuustolle.",
    ];
    let right = [
        "Liikuntapaikkoja kunnostetaan kylissa",
        "ja uusia lahiliikuntapaikkoja rakennetaan",
        "koulujen pihoille.",
    ];
    let mut runs = Vec::new();
    for (i, l) in left.iter().enumerate() {
        runs.push((50.0, 700.0 - 13.0 * i as f64, l.to_string()));
    }
    for (i, r) in right.iter().enumerate() {
        runs.push((310.0, 700.0 - 13.0 * i as f64, r.to_string()));
    }
    // A justified paragraph under them, its spaces stretched (but under two font sizes).
    let mut x = 50.0;
    for w in ["Tavoitteena", "on", "lisata", "liikuntaa."] {
        runs.push((x, 600.0, w.to_string()));
        x += helvetica_width(w, 11.0) + 14.0;
    }
    runs.push((
        50.0,
        587.0,
        "Liikunta lisaantyy kaikissa ikaryhmissa koko kaupungin alueella.".into(),
    ));
    let us = units(&s.write("kaksi-palstaa.pdf", make_pdf(&[runs])));
    let got = kinds_and_texts(&us);
    assert_eq!(
        got,
        [
            (
                "paragraph",
                "Kaupunki laatii hyvinvointikertomuksen valtuustokausittain ja raportoi siita vuosittain valtuustolle."
            ),
            (
                "paragraph",
                "Liikuntapaikkoja kunnostetaan kylissa ja uusia lahiliikuntapaikkoja rakennetaan koulujen pihoille."
            ),
            (
                "paragraph",
                "Tavoitteena on lisata liikuntaa. Liikunta lisaantyy kaikissa ikaryhmissa koko kaupungin alueella."
            ),
        ],
        "prose was taken for a table"
    );
}

/// A binding-goal table whose cells wrap over several lines, drawn cell by cell (each cell's
/// lines one after another), with a header cell wrapped too (`Tavoitetaso` / `2026`): each row
/// comes out as one table row with its cells, the header first, and the paragraph after the
/// table stays a paragraph.
#[test]
fn a_table_with_wrapped_cells_comes_out_as_rows() {
    let s = Scratch::new("wrapped-table");
    let cols = [50.0, 190.0, 330.0, 450.0];
    let mut runs: Vec<(f64, f64, String)> = vec![(50.0, 760.0, "Sitovat tavoitteet".into())];
    // The header, drawn as one line, and its wrapped year.
    for (x, t) in cols
        .iter()
        .zip(["Sitova tavoite", "Toimenpiteet", "Mittari", "Tavoitetaso"])
    {
        runs.push((*x, 730.0, t.to_string()));
    }
    runs.push((450.0, 717.0, "2026".into()));
    let rows: [[&[&str]; 4]; 2] = [
        [
            &["Liikunta-aktiivisuus", "lisaantyy kaikissa", "ikaryhmissa"],
            &["Liikuntapaikkoja", "kunnostetaan ja uusia", "rakennetaan"],
            &["Kayttokerrat", "vuodessa"],
            &["150 000"],
        ],
        [
            &["Yksinaisyys vahenee", "nuorten keskuudessa"],
            &["Nuorisotyon ryhmat", "kouluilla"],
            &["Kouluterveys-", "kysely"],
            &["alle 10 %"],
        ],
    ];
    let mut y = 699.0;
    for row in rows {
        let mut lowest = y;
        for (x, cell) in cols.iter().zip(row) {
            for (i, line) in cell.iter().enumerate() {
                let ly = y - 13.0 * i as f64;
                runs.push((*x, ly, line.to_string()));
                lowest = f64::min(lowest, ly);
            }
        }
        y = lowest - 17.0;
    }
    runs.push((
        50.0,
        y - 20.0,
        "Tavoitteiden toteutumista seurataan puolivuosittain.".into(),
    ));
    let us = units(&s.write("talousarvio-2026.pdf", make_pdf(&[runs])));
    let got = kinds_and_texts(&us);
    assert_eq!(
        got,
        [
            ("paragraph", "Sitovat tavoitteet"),
            (
                "table-row",
                "Sitova tavoite | Toimenpiteet | Mittari | Tavoitetaso 2026"
            ),
            (
                "table-row",
                "Liikunta-aktiivisuus lisaantyy kaikissa ikaryhmissa | Liikuntapaikkoja kunnostetaan ja uusia rakennetaan | Kayttokerrat vuodessa | 150 000"
            ),
            (
                "table-row",
                "Yksinaisyys vahenee nuorten keskuudessa | Nuorisotyon ryhmat kouluilla | Kouluterveyskysely | alle 10 %"
            ),
            (
                "paragraph",
                "Tavoitteiden toteutumista seurataan puolivuosittain."
            ),
        ],
        "{us:?}"
    );
    // The header row's cells name the columns' facets, as a DOCX table's do: each row is a
    // goal with its indicator and target.
    let out = run(
        &["analyse", s.arg(), "--no-cache", "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let goals = v["goals"]["units"].as_array().unwrap();
    let goal = goals
        .iter()
        .find(|g| g["goal"] == "Liikunta-aktiivisuus lisaantyy kaikissa ikaryhmissa")
        .unwrap_or_else(|| panic!("{goals:?}"));
    let fields: Vec<(&str, &str)> = goal["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["facet"].as_str().unwrap(), f["text"].as_str().unwrap()))
        .collect();
    assert!(
        fields.contains(&("indicator", "Kayttokerrat vuodessa"))
            && fields.contains(&("target", "150 000")),
        "{fields:?}"
    );
}

/// A page whose content stream is longer than the per-page work limit is cut there, and the
/// document says so.
#[test]
fn a_page_cut_at_its_work_limit_is_reported() {
    let mut payload = b"BT /F1 12 Tf 72 700 Td (Liikunta lisaantyy) Tj ET\n".to_vec();
    payload.extend(b"q Q ".repeat((1 << 21) + 1000));
    let pdf = pdf_with_bomb_first(lopdf::Object::Name(b"FlateDecode".to_vec()), &[], &payload);
    let s = Scratch::new("work-limit");
    s.write("raskas-sivu.pdf", &pdf);
    let out = run(&["analyse", s.arg(), "--no-cache", "-v"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("raskas-sivu.pdf")
            && err.contains("page 1: text cut at the work limit of one page"),
        "{err}"
    );
    // A page under the limit says nothing of the kind.
    let s = Scratch::new("work-limit-ok");
    s.write("kevyt-sivu.pdf", good_pdf());
    let err = stderr(&run(&["analyse", s.arg(), "--no-cache", "-v"], None));
    assert!(!err.contains("work limit"), "{err}");
}
