//! The same document in every format gives the same results; formats are told by content; bad
//! packages are survived.

use crate::util::{Scratch, root, run, stderr, stdout};
use serde_json::Value;
use std::io::Write;

fn analyse(path: &str) -> (Value, std::process::Output) {
    let out = run(&["analyse", path, "--format", "json", "--no-cache"], None);
    let v: Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (v, out)
}

#[test]
fn one_budget_in_seven_formats_gives_the_same_theme_results() {
    let dir = root().join("corpus-samples/formats");
    let (v, out) = analyse(dir.to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 7);
    assert!(docs.iter().all(|d| d["level"] == "budget"), "{docs:?}");
    let full = [
        "talousarvio-2026.md",
        "talousarvio-2026.docx",
        "talousarvio-2026.odt",
        "talousarvio-2026.html",
        "talousarvio-2026.pdf",
    ];
    let words = |p: &str| docs.iter().find(|d| d["path"] == p).unwrap()["words"].clone();
    for p in &full[1..] {
        assert_eq!(
            words(p),
            words(full[0]),
            "{p}: running headers, footers, navigation and banners left out"
        );
    }
    let cell = |t: &Value, p: &str| {
        let c = &t["documents"][p];
        (
            c["rung"].as_u64().unwrap_or(0),
            c["facets"].clone(),
            c["hits"].as_u64().unwrap_or(0),
        )
    };
    let mut checked = 0;
    for t in v["themes"].as_array().unwrap() {
        let reference = cell(t, full[0]);
        for p in &full[1..] {
            assert_eq!(cell(t, p), reference, "theme {} in {p}", t["id"]);
        }
        if reference.0 >= 5 {
            // The spreadsheet holds only the binding-goal tables: same rung for their themes.
            assert_eq!(
                cell(t, "talousarvio-2026-sitovat-tavoitteet.ods").0,
                reference.0,
                "theme {} in ods",
                t["id"]
            );
            assert_eq!(
                cell(t, "talousarvio-2026-sitovat-tavoitteet.xlsx").0,
                reference.0,
                "theme {} in xlsx",
                t["id"]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "five themes carried by binding-goal tables");
}

#[test]
fn format_is_told_by_content_not_extension() {
    let formats = root().join("corpus-samples/formats");
    let s = Scratch::new("lies");
    s.write(
        "budjetti.txt",
        std::fs::read(formats.join("talousarvio-2026.docx")).unwrap(),
    );
    s.write(
        "budjetti-sivu.txt",
        std::fs::read(formats.join("talousarvio-2026.html")).unwrap(),
    );
    s.write(
        "budjetti.odt",
        std::fs::read(formats.join("talousarvio-2026.pdf")).unwrap(),
    );
    let (v, out) = analyse(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let enc: Vec<(String, String)> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["encoding"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        enc,
        [
            ("budjetti-sivu.txt".into(), "html".into()),
            ("budjetti.odt".into(), "pdf".into()),
            ("budjetti.txt".into(), "docx".into())
        ]
    );
    assert!(
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["words"] == 140)
    );
}

fn docx_with(document_xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(document_xml).unwrap();
    w.finish().unwrap().into_inner()
}

fn bad_file(name: &str, bytes: &[u8], reason: &str) {
    let s = Scratch::new("badpkg");
    s.write(
        "talousarvio.md",
        "# Talousarvio 2026\n\nSitova tavoite: liikunta lisääntyy.\n",
    );
    s.write(name, bytes);
    let (v, out) = analyse(s.arg());
    assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{name}: ")) && err.contains(reason),
        "{name}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        v["documents"].as_array().unwrap().len(),
        1,
        "{name}: the good document is still analysed"
    );
}

#[test]
fn random_bytes_with_a_docx_name() {
    let bytes: Vec<u8> = (0u32..5000)
        .map(|i| (i.wrapping_mul(2246822519) >> 11) as u8)
        .collect();
    bad_file("satunnainen.docx", &bytes, "not a DOCX, ODT or spreadsheet");
}

#[test]
fn docx_zip_bomb_is_refused() {
    let mut bytes = docx_with(
        b"<w:document><w:body><w:p><w:r><w:t>Liikunta</w:t></w:r></w:p></w:body></w:document>",
    );
    // Make the entry declare 3 GB when decompressed, in the local and the central header.
    let declared = 3_000_000_000u32.to_le_bytes();
    for (sig, at) in [
        ([0x50u8, 0x4b, 0x03, 0x04], 22),
        ([0x50, 0x4b, 0x01, 0x02], 24),
    ] {
        let pos = bytes.windows(4).position(|w| w == sig).unwrap();
        bytes[pos + at..pos + at + 4].copy_from_slice(&declared);
    }
    bad_file("pommi.docx", &bytes, "zip bomb");
}

#[test]
fn deeply_nested_xml_is_refused() {
    let xml = format!(
        "<w:document><w:body>{}Liikunta{}</w:body></w:document>",
        "<w:p>".repeat(5000),
        "</w:p>".repeat(5000)
    );
    bad_file("syva.docx", &docx_with(xml.as_bytes()), "nested more than");
}

#[test]
fn legacy_word_files_are_named_and_skipped() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend([0u8; 512]);
    bad_file("vanha.doc", &bytes, "Word 97–2003");
}

/// Bytes of `s` in Windows-1252 (every character must have one).
fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '–' => 0x96,
            c => u8::try_from(u32::from(c)).expect("a Latin-1 character"),
        })
        .collect()
}

fn analyse_no_cache(path: &str) -> (Value, std::process::Output) {
    let out = run(&["analyse", path, "--format", "json", "--no-cache"], None);
    let v: Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (v, out)
}

/// Hits of `theme` in document `path`.
fn hits(v: &Value, theme: &str, path: &str) -> u64 {
    v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == theme)
        .and_then(|t| t["documents"][path]["hits"].as_u64())
        .unwrap_or(0)
}

#[test]
fn legacy_and_utf16_text_files_are_read_and_name_their_encoding() {
    let fi = "# Hyvinvointikertomus 2025\n\nTavoitteena on vähentää yksinäisyyttä ja päihteiden \
              käyttöä. Määrärahaa lisätään 50 000 € vuodessa – ikääntyneiden yksinäisyyttä \
              torjutaan kerhoilla.\n";
    let sv = "# Välfärdsberättelse 2025\n\nMålet är att minska ensamheten och användningen av \
              rusmedel. Åtgärderna för äldres ensamhet fortsätter på fritiden.\n";
    let s = Scratch::new("legacy");
    s.write("fi-1252.txt", cp1252(fi));
    s.write("sv-latin1.txt", cp1252(sv));
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(fi.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(sv.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    s.write("fi-utf16le.txt", le);
    s.write("sv-utf16be.txt", be);
    s.write("fi-utf8.txt", fi);
    let (v, out) = analyse_no_cache(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = v["documents"].as_array().unwrap();
    let enc: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["encoding"].as_str().unwrap()))
        .collect();
    assert_eq!(
        enc,
        [
            ("fi-1252.txt", "windows-1252"),
            ("fi-utf16le.txt", "utf-16"),
            ("fi-utf8.txt", "utf-8"),
            ("sv-latin1.txt", "iso-8859-1"),
            ("sv-utf16be.txt", "utf-16")
        ]
    );
    let words = |p: &str| docs.iter().find(|d| d["path"] == p).unwrap()["words"].clone();
    assert_eq!(words("fi-1252.txt"), words("fi-utf8.txt"));
    assert_eq!(words("fi-utf16le.txt"), words("fi-utf8.txt"));
    for p in ["fi-1252.txt", "fi-utf16le.txt", "fi-utf8.txt"] {
        assert!(hits(&v, "loneliness-community", p) >= 1, "{p}");
        assert!(hits(&v, "substance-use", p) >= 1, "{p}");
    }
    for p in ["sv-latin1.txt", "sv-utf16be.txt"] {
        assert!(hits(&v, "loneliness-community", p) >= 1, "{p}");
    }
}

#[test]
fn an_html_page_declared_charset_is_honoured_when_it_is_not_utf8() {
    // Finnish in Mac Roman (ä = 0x8A, ö = 0x9A): read as Windows-1252 it would be "yksinŠisyys".
    let body = "<main><h1>Hyvinvointikertomus</h1><p>Tavoitteena on v\u{8A}hent\u{8A}\u{8A} \
                yksin\u{8A}isyytt\u{8A} ja p\u{8A}ihteiden k\u{8A}ytt\u{9A}\u{8A}.</p></main>";
    let page = |head: &str| -> Vec<u8> {
        format!(
            "<!DOCTYPE html><html><head>{head}<title>T</title></head><body>{body}</body></html>"
        )
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
    };
    let s = Scratch::new("charset");
    s.write("mac-meta.html", page(r#"<meta charset="macintosh">"#));
    s.write(
        "mac-http-equiv.htm",
        page(r#"<meta http-equiv="Content-Type" content="text/html; charset=x-mac-roman">"#),
    );
    s.write("mac-undeclared.html", page(""));
    let (v, out) = analyse_no_cache(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for p in ["mac-meta.html", "mac-http-equiv.htm"] {
        assert!(hits(&v, "loneliness-community", p) >= 1, "{p}");
        assert!(hits(&v, "substance-use", p) >= 1, "{p}");
    }
    assert_eq!(
        hits(&v, "loneliness-community", "mac-undeclared.html"),
        0,
        "without the declaration the bytes are guessed as Windows-1252"
    );
    assert!(
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["encoding"] == "html (legacy encoding)")
    );
}

#[test]
fn skipped_files_are_warned_about_in_name_order() {
    let s = Scratch::new("walkorder");
    s.write(
        "talousarvio.md",
        "# Talousarvio 2026\n\nLiikunta lisääntyy.\n",
    );
    let names = [
        "m.bin", "c.bin", "x.bin", "a.bin", "k/b.bin", "q.bin", "e.bin",
    ];
    for n in names {
        s.write(n, b"x");
    }
    let out = run(&["analyse", s.arg(), "--no-cache"], None);
    let err = stderr(&out);
    let at = |n: &str| err.find(n).unwrap_or_else(|| panic!("{n}: {err}"));
    let mut sorted = names;
    sorted.sort();
    let pos: Vec<usize> = sorted.iter().map(|n| at(n)).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{err}");
}

/// Content decides: a text file named `.pdf` or `.docx` is read as text; a binary file named
/// `.pdf` without a PDF header is still an error naming it.
#[test]
fn text_under_a_binary_format_name_is_read_as_text() {
    let s = Scratch::new("txt-pdf");
    s.write(
        "05-talousarvio-2026.txt.pdf",
        "Talousarvio 2026\n\nLiikuntapaikkojen kunnostus on tavoitteena.\n",
    );
    s.write(
        "06-kayttosuunnitelma-2026.docx",
        "Käyttösuunnitelma 2026\n\nLiikunta.\n",
    );
    s.write("broken.pdf", b"\x00\x01\x02garbage without a header\xff");
    let out = run(
        &["analyse", s.arg(), "--format", "json", "--no-cache"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let docs: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        [
            "05-talousarvio-2026.txt.pdf",
            "06-kayttosuunnitelma-2026.docx"
        ]
    );
    assert!(stderr(&out).contains("broken.pdf: "), "{}", stderr(&out));
}
