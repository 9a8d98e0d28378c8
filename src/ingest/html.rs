//! HTML: the main text of a municipal web page or minutes page. Scripts, styles, navigation,
//! headers, footers, forms and cookie banners are left out; when the page has a `<main>` (or,
//! failing that, an `<article>`) only its content is kept. Headings, list items and table rows
//! keep their structure. A small hand-written tokenizer: municipal pages are rarely well-formed
//! XML, and the job needs no DOM.

use super::markup::Blocks;

/// Elements whose whole content is dropped.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "head",
];
/// `id`, `class` or `role` words that mark navigation, banners and other page furniture.
const FURNITURE: &[&str] = &[
    "cookie",
    "consent",
    "banner",
    "navigation",
    "navbar",
    "menu",
    "breadcrumb",
    "footer",
    "header",
    "skip",
    "social",
    "share",
    "sidebar",
];
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col", "base", "embed",
    "param", "track",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let closing = inner.starts_with('/');
    let body = inner.trim_start_matches('/');
    let end = body
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(body.len());
    Tag {
        name: body[..end].to_ascii_lowercase(),
        closing,
        self_closing: inner.ends_with('/'),
        attrs: &body[end..],
    }
}

fn is_furniture(attrs: &str) -> bool {
    let a = attrs.to_ascii_lowercase();
    ["id=", "class=", "role="].iter().any(|k| {
        a.match_indices(k).any(|(i, _)| {
            let v = &a[i + k.len()..];
            let v = v.trim_start_matches(['"', '\'']);
            let v = &v[..v.find(['"', '\'', '>']).unwrap_or(v.len())];
            v.split(|c: char| !c.is_alphanumeric())
                .any(|w| FURNITURE.contains(&w))
        })
    })
}

/// Named references for U+00A1–U+00FF, in code point order (HTML 4's Latin-1 set).
const LATIN1: [&str; 95] = [
    "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
    "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para",
    "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave",
    "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc",
    "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc",
    "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
    "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave",
    "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve",
    "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml",
    "yacute", "thorn", "yuml",
];
/// HTML 4's other named references that text (not mathematics) uses.
const TYPOGRAPHIC: &[(&str, char)] = &[
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("hellip", '…'),
    ("bull", '•'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("euro", '€'),
    ("trade", '™'),
    ("minus", '−'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Zcaron", 'Ž'),
    ("zcaron", 'ž'),
    ("Yuml", 'Ÿ'),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("rarr", '→'),
    ("larr", '←'),
];

/// The end (`>`) of the tag that `s` starts with. A `>` inside a quoted attribute value
/// (`onclick="return n>0"`) does not end it; a quote never closed falls back to the first `>`.
fn tag_end(s: &str) -> Option<usize> {
    let (mut quote, mut after_eq) = (None, false);
    for (i, c) in s.bytes().enumerate().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'>' => return Some(i),
            None if after_eq && (c == b'"' || c == b'\'') => quote = Some(c),
            None => {}
        }
        after_eq = quote.is_none() && (c == b'=' || (after_eq && c.is_ascii_whitespace()));
    }
    s.find('>')
}

/// Decode character references: named ones common in Finnish pages, decimal and hexadecimal.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '#'))
            .map(|j| j + 1);
        let (name, after) = match end {
            Some(j) if rest[j..].starts_with(';') => (&rest[1..j], &rest[j + 1..]),
            _ => {
                out.push('&');
                rest = &rest[1..];
                continue;
            }
        };
        let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => LATIN1
                    .iter()
                    .position(|n| *n == name)
                    .and_then(|i| char::from_u32(0xA1 + i as u32))
                    .or_else(|| {
                        TYPOGRAPHIC
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, c)| *c)
                    }),
            }
        };
        match c {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The part of the page to read: the content of `<main>` or else `<article>`, if present.
fn main_part(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    for tag in ["main", "article"] {
        if let Some(start) = lower.find(&format!("<{tag}")) {
            if let Some(open_end) = lower[start..].find('>') {
                let from = start + open_end + 1;
                let to = lower
                    .rfind(&format!("</{tag}"))
                    .filter(|&e| e >= from)
                    .unwrap_or(html.len());
                return &html[from..to];
            }
        }
    }
    html
}

pub fn html(source: &str) -> String {
    let html = main_part(source);
    let mut b = Blocks::default();
    let mut text = String::new();
    // The block being read: heading level, list item or paragraph.
    let mut heading: Option<usize> = None;
    let mut item = false;
    let mut skip: Vec<String> = Vec::new();
    let (mut row, mut cell, mut in_cell): (Vec<String>, String, bool) =
        (Vec::new(), String::new(), false);
    let flush = |b: &mut Blocks, text: &mut String, heading: Option<usize>, item: bool| {
        let t = decode_entities(text);
        match heading {
            Some(l) => b.heading(l, &t),
            None if item => b.item(&t),
            None => b.paragraph(&t),
        }
        text.clear();
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip.is_empty() {
                if in_cell {
                    cell.push_str(rest)
                } else {
                    text.push_str(rest)
                }
            }
            break;
        };
        if skip.is_empty() {
            let chunk = &rest[..lt];
            if in_cell {
                cell.push_str(chunk)
            } else {
                text.push_str(chunk)
            }
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else { break };
        let tag = parse_tag(&rest[1..gt]);
        rest = &rest[gt + 1..];
        if tag.name.is_empty() || tag.name.starts_with('!') || tag.name.starts_with('?') {
            continue;
        }
        let void = VOID.contains(&tag.name.as_str()) || tag.self_closing;
        if !skip.is_empty() {
            if tag.closing && skip.last() == Some(&tag.name) {
                skip.pop();
            } else if !tag.closing && !void && skip.last() == Some(&tag.name) {
                skip.push(tag.name);
            }
            continue;
        }
        if !tag.closing && !void && (SKIP.contains(&tag.name.as_str()) || is_furniture(tag.attrs)) {
            // Raw-text elements end at their own closing tag, whatever is inside.
            if tag.name == "script" || tag.name == "style" {
                let close = format!("</{}", tag.name);
                rest = rest
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or("", |e| &rest[e..]);
            }
            skip.push(tag.name);
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("br", _) => {
                if in_cell {
                    cell.push(' ')
                } else {
                    text.push(' ')
                }
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                flush(&mut b, &mut text, heading, item);
                heading = tag.name[1..].parse().ok();
                item = false;
            }
            ("li", false) => {
                flush(&mut b, &mut text, heading, item);
                (heading, item) = (None, true);
            }
            (
                "p" | "div" | "section" | "article" | "blockquote" | "pre" | "ul" | "ol" | "dl"
                | "dt" | "dd" | "figure" | "figcaption",
                _,
            )
            | ("h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li", true) => {
                flush(&mut b, &mut text, heading, item);
                (heading, item) = (None, false);
            }
            ("table", _) => {
                flush(&mut b, &mut text, heading, item);
                (heading, item) = (None, false);
                b.end_table();
            }
            ("tr", false) => row.clear(),
            ("tr", true) => b.row(
                &std::mem::take(&mut row)
                    .into_iter()
                    .map(|c| decode_entities(&c))
                    .collect::<Vec<_>>(),
            ),
            ("td" | "th", false) => {
                if in_cell {
                    row.push(std::mem::take(&mut cell));
                }
                in_cell = true;
            }
            ("td" | "th", true) => {
                row.push(std::mem::take(&mut cell));
                in_cell = false;
            }
            _ => {}
        }
    }
    flush(&mut b, &mut text, heading, item);
    b.finish()
}

/// The encoding a page declares for itself in its first bytes: `<meta charset="…">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">` or an XML declaration's
/// `encoding="…"`, as a label `encoding_rs` knows (`latin1`, `iso-8859-15`, `windows-1252`, …).
/// Like a browser's prescan, only the head of the file is looked at.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let value = |tag: &str, key: &str| -> Option<String> {
        let at = tag.find(key)? + key.len();
        let v = tag[at..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .trim_start();
        let end = v
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '>' | '/'))
            .unwrap_or(v.len());
        Some(v[..end].to_string()).filter(|v| !v.is_empty())
    };
    let mut labels = Vec::new();
    if head.trim_start().starts_with("<?xml") {
        let decl = &head[..head.find("?>").unwrap_or(head.len())];
        labels.extend(value(decl, "encoding="));
    }
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        let tag = &rest[i..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        labels.extend(value(tag, "charset="));
        rest = &rest[i + 5..];
    }
    labels
        .iter()
        .find_map(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
}

/// Does the text look like HTML (whatever the file is called)?
pub fn looks_like_html(head: &str) -> bool {
    let h = head
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .to_ascii_lowercase();
    h.starts_with("<!doctype html")
        || h.starts_with("<html")
        || (h.starts_with("<?xml") && h.contains("<html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_without_furniture() {
        let page = r#"<!DOCTYPE html><html><head><title>T</title><script>var x = "<p>ei</p>";</script></head>
        <body><nav><ul><li>Etusivu</li></ul></nav><div class="cookie-banner">Hyväksy evästeet</div>
        <main><h1>Hyvinvointi&shy;kertomus</h1><p>Kunta lis&auml;&auml; liikuntaa<br>kaikille.</p>
        <ul><li>Uimahalli<li>Polut</ul>
        <table><tr><th>Tavoite</th><th>Mittari</th></tr><tr><td>Liikunta</td><td>Kysely &amp; tilasto</td></tr></table>
        <!-- <p>kommentti</p> --></main><footer>Yhteystiedot</footer></body></html>"#;
        assert_eq!(
            html(page),
            "# Hyvinvointi\u{00AD}kertomus\n\nKunta lisää liikuntaa kaikille.\n\n- Uimahalli\n\n- Polut\n\n| Tavoite | Mittari |\n| Liikunta | Kysely & tilasto |"
        );
    }

    #[test]
    fn entities_and_detection() {
        assert_eq!(
            decode_entities("a &amp; b &#228; &#xE4; &bogus; & c"),
            "a & b ä ä &bogus; & c"
        );
        assert_eq!(
            decode_entities("&sect; 12 &iexcl;&yuml; &Aring;bo &laquo;x&raquo; &frac12; &bdquo;"),
            "§ 12 ¡ÿ Åbo «x» ½ „"
        );
        assert!(looks_like_html("\u{FEFF}  <!DOCTYPE HTML>"));
        assert!(!looks_like_html("Liikunta <b>"));
    }

    #[test]
    fn a_quoted_gt_does_not_end_a_tag() {
        assert_eq!(
            html(
                r##"<p>Ennen <a href="#" onclick="return n>0" title='a > b'>linkki</a> ja <p title="x">jälkeen"##
            ),
            "Ennen linkki ja\n\njälkeen"
        );
        assert_eq!(tag_end("<a b=\"c>d"), Some(7), "an unclosed quote");
    }

    #[test]
    fn declared_charsets() {
        let name = |b: &[u8]| declared_charset(b).map(encoding_rs::Encoding::name);
        assert_eq!(
            name(b"<!DOCTYPE html><html><head><META CHARSET=\"ISO-8859-15\">"),
            Some("ISO-8859-15")
        );
        assert_eq!(
            name(b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=latin1\" />"),
            Some("windows-1252")
        );
        assert_eq!(
            name(b"<?xml version='1.0' encoding='windows-1250'?><html>"),
            Some("windows-1250")
        );
        assert_eq!(name(b"<html><head><meta name=\"x\" content=\"y\">"), None);
        assert_eq!(name(b"<html><meta charset=\"bogus-9\">"), None);
    }

    #[test]
    fn a_heading_path_holds_its_ancestors_not_its_previous_sibling() {
        let page = "<main><h1>Hyvinvointi</h1><h2>Liikunta</h2><p>Uimahalli.</p>\
            <h2>Kulttuuri</h2><p>Kirjasto.</p><h3>Museo</h3><p>Näyttely.</p>\
            <h2>Osallisuus</h2><p>Nuorisovaltuusto.</p></main>";
        let doc = crate::model::Document {
            id: "p.html".into(),
            path: "p.html".into(),
            pages: vec![html(page)],
            page_labels: Vec::new(),
            encoding: "utf-8",
            warnings: Vec::new(),
        };
        let units = crate::segment::segment(&doc).units;
        let path = |t: &str| {
            units
                .iter()
                .find(|u| u.text == t)
                .map(|u| u.heading_path.join(" › "))
        };
        assert_eq!(path("Kulttuuri").as_deref(), Some("Hyvinvointi"));
        assert_eq!(
            path("Kirjasto.").as_deref(),
            Some("Hyvinvointi › Kulttuuri")
        );
        assert_eq!(path("Museo").as_deref(), Some("Hyvinvointi › Kulttuuri"));
        assert_eq!(path("Osallisuus").as_deref(), Some("Hyvinvointi"));
        assert_eq!(
            path("Nuorisovaltuusto.").as_deref(),
            Some("Hyvinvointi › Osallisuus")
        );
    }
}
