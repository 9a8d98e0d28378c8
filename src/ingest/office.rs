//! DOCX and ODT: the document body's paragraphs, headings (with their levels, also from
//! localised Word styles such as `Otsikko1`), list items and tables (a row stays a row), page
//! breaks; headers and footers live in other parts of the package and are left out.
//!
//! Both are zip packages of XML. Reading is bounded: at most [`MAX_UNZIPPED`] bytes are
//! decompressed from a package (a zip bomb is reported as such), and XML nested deeper than
//! [`MAX_DEPTH`] elements is refused.

use super::markup::{Blocks, Tables};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Most bytes decompressed from one package.
pub const MAX_UNZIPPED: u64 = 200 * 1024 * 1024;
/// Deepest XML element nesting accepted.
pub const MAX_DEPTH: usize = 500;

/// The kind of zip package, from its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Docx,
    Odt,
    Spreadsheet,
    Other,
}

pub fn package_kind(bytes: &[u8]) -> Package {
    let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Package::Other;
    };
    let names: Vec<&str> = zip.file_names().collect();
    if names.contains(&"word/document.xml") {
        Package::Docx
    } else if names.contains(&"xl/workbook.xml") {
        Package::Spreadsheet
    } else if names.contains(&"content.xml") {
        let mut zip = zip;
        let mime = read_entry(&mut zip, "mimetype", &mut 0)
            .ok()
            .flatten()
            .unwrap_or_default();
        if mime.contains("spreadsheet") {
            Package::Spreadsheet
        } else {
            Package::Odt
        }
    } else {
        Package::Other
    }
}

/// Read one entry as UTF-8 text; `Ok(None)` when it is absent. `budget` counts the bytes
/// decompressed so far from this package.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("broken zip package ({e})")),
    };
    let left = MAX_UNZIPPED.saturating_sub(*budget);
    if file.size() > left {
        return Err(format!(
            "{name} declares {} MB when decompressed, over the {} MB limit: refused as a possible zip bomb",
            file.size() >> 20,
            MAX_UNZIPPED >> 20
        ));
    }
    let mut buf = Vec::new();
    file.take(left + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("broken zip package ({e})"))?;
    *budget += buf.len() as u64;
    if *budget > MAX_UNZIPPED {
        return Err(format!(
            "decompresses to more than {} MB: refused as a possible zip bomb",
            MAX_UNZIPPED >> 20
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| format!("{name} in the package is not UTF-8"))
}

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, String> {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip package ({e})"))
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Walk an XML text, calling `f` for every start (`Some(e)`, `false`), empty element (`Some(e)`,
/// `true`), end (`None` with the local name) and text; enforces the depth limit.
fn walk(xml: &str, mut f: impl FnMut(Node)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "XML nested more than {MAX_DEPTH} levels deep: refused"
                    ));
                }
                f(Node::Start(&e));
            }
            Ok(Event::Empty(e)) => f(Node::Empty(&e)),
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                f(Node::End(e.local_name().as_ref()));
            }
            Ok(Event::Text(t)) => f(Node::Text(&t.decode().unwrap_or_default())),
            Ok(Event::CData(t)) => f(Node::Text(&String::from_utf8_lossy(&t))),
            Ok(Event::GeneralRef(r)) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.decode().unwrap_or_default().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                f(Node::Text(&s));
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "broken XML at byte {} ({e})",
                    reader.buffer_position()
                ));
            }
        }
    }
}

enum Node<'a> {
    Start(&'a BytesStart<'a>),
    Empty(&'a BytesStart<'a>),
    End(&'a [u8]),
    Text(&'a str),
}

/// Heading level of a Word style, from its name or id: `heading 2`, `Heading2`, `Otsikko 2`,
/// `Rubrik 2`, `Überschrift 2`; `Title` / `Otsikko` without a number is level 1.
fn heading_level(style: &str) -> Option<usize> {
    let s: String = style
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let word = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let num = &s[word.len()..];
    match (word, num.parse::<usize>()) {
        ("heading" | "otsikko" | "rubrik" | "überschrift" | "titre", Ok(n)) => Some(n.clamp(1, 6)),
        ("title" | "otsikko" | "rubrik" | "titel", Err(_)) => Some(1),
        _ => None,
    }
}

pub fn docx(bytes: &[u8]) -> Result<String, String> {
    let mut zip = open(bytes)?;
    let mut budget = 0;
    let body = read_entry(&mut zip, "word/document.xml", &mut budget)?
        .ok_or("DOCX without word/document.xml")?;
    // Style ids to names, so `Otsikko1` (Finnish Word) and `Heading1` both give a level.
    let mut styles: HashMap<String, String> = HashMap::new();
    if let Some(xml) = read_entry(&mut zip, "word/styles.xml", &mut budget)? {
        let mut current: Option<String> = None;
        walk(&xml, |n| match n {
            Node::Start(e) if e.local_name().as_ref() == b"style" => {
                current = attr(e, b"w:styleId")
            }
            Node::Empty(e) if e.local_name().as_ref() == b"name" => {
                if let (Some(id), Some(name)) = (current.clone(), attr(e, b"w:val")) {
                    styles.insert(id, name);
                }
            }
            _ => {}
        })?;
    }
    let mut b = Blocks::default();
    let (mut text, mut in_t, mut style, mut outline, mut list) =
        (String::new(), false, None::<String>, None::<usize>, false);
    let mut tables = Tables::default();
    let mut page_break = false;
    walk(&body, |n| {
        let is_start = matches!(n, Node::Start(_));
        match n {
            Node::Start(e) | Node::Empty(e) => match e.local_name().as_ref() {
                b"p" => {
                    text.clear();
                    (style, outline, list) = (None, None, false);
                }
                b"t" => in_t = is_start,
                b"pStyle" => style = attr(e, b"w:val"),
                b"outlineLvl" => {
                    outline = attr(e, b"w:val")
                        .and_then(|v| v.parse::<usize>().ok())
                        .map(|v| v + 1)
                }
                b"numPr" => list = true,
                b"tab" | b"cr" => text.push(' '),
                b"br" => {
                    if attr(e, b"w:type").as_deref() == Some("page") {
                        page_break = true;
                    } else {
                        text.push(' ');
                    }
                }
                b"lastRenderedPageBreak" => page_break = true,
                b"tbl" if is_start => tables.start_table(),
                b"tr" => tables.start_row(),
                b"tc" => tables.start_cell(),
                _ => {}
            },
            Node::Text(t) if in_t => text.push_str(t),
            Node::End(name) => match name {
                b"t" => in_t = false,
                b"p" => {
                    if page_break && !tables.in_table() {
                        b.page_break();
                    }
                    page_break = false;
                    if tables.in_table() {
                        tables.text(&text);
                    } else {
                        let level = outline.or_else(|| {
                            style.as_ref().and_then(|s| {
                                heading_level(styles.get(s).map_or(s.as_str(), String::as_str))
                                    .or_else(|| heading_level(s))
                            })
                        });
                        match level {
                            Some(l) => b.heading(l, &text),
                            None if list => b.item(&text),
                            None => b.paragraph(&text),
                        }
                    }
                    text.clear();
                }
                b"tc" => tables.end_cell(),
                b"tr" => tables.end_row(&mut b),
                b"tbl" => tables.end_table(&mut b),
                _ => {}
            },
            _ => {}
        }
    })?;
    Ok(b.finish())
}

pub fn odt(bytes: &[u8]) -> Result<String, String> {
    let mut zip = open(bytes)?;
    let mut budget = 0;
    let body =
        read_entry(&mut zip, "content.xml", &mut budget)?.ok_or("ODT without content.xml")?;
    let mut b = Blocks::default();
    let mut text = String::new();
    // What the current text block is: heading level, list item, or paragraph.
    let (mut heading, mut in_block, mut list_depth) = (None::<usize>, false, 0usize);
    let mut tables = Tables::default();
    walk(&body, |n| match n {
        Node::Start(e) => match e.local_name().as_ref() {
            b"h" => {
                heading = Some(
                    attr(e, b"text:outline-level")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1),
                );
                in_block = true;
                text.clear();
            }
            b"p" => {
                heading = None;
                in_block = true;
                text.clear();
            }
            b"list-item" => list_depth += 1,
            b"table" => tables.start_table(),
            b"table-row" => tables.start_row(),
            b"table-cell" => tables.start_cell(),
            _ => {}
        },
        Node::Empty(e) => match e.local_name().as_ref() {
            b"s" => {
                let n: usize = attr(e, b"text:c").and_then(|v| v.parse().ok()).unwrap_or(1);
                text.push_str(&" ".repeat(n.min(8)));
            }
            b"tab" | b"line-break" => text.push(' '),
            b"soft-page-break" if !tables.in_table() => b.page_break(),
            _ => {}
        },
        Node::Text(t) if in_block => text.push_str(t),
        Node::End(name) => match name {
            b"h" | b"p" => {
                in_block = false;
                if tables.in_table() {
                    tables.text(&text);
                } else if let Some(l) = heading {
                    b.heading(l, &text);
                } else if list_depth > 0 {
                    b.item(&text);
                } else {
                    b.paragraph(&text);
                }
                text.clear();
            }
            b"list-item" => list_depth = list_depth.saturating_sub(1),
            b"table-cell" => tables.end_cell(),
            b"table-row" => tables.end_row(&mut b),
            b"table" => tables.end_table(&mut b),
            _ => {}
        },
        _ => {}
    })?;
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::heading_level;

    #[test]
    fn heading_styles_in_several_languages() {
        assert_eq!(heading_level("heading 2"), Some(2));
        assert_eq!(heading_level("Otsikko1"), Some(1));
        assert_eq!(heading_level("Rubrik 3"), Some(3));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("Normal"), None);
        assert_eq!(heading_level("Luettelokappale"), None);
    }
}
