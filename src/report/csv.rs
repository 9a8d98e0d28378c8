//! `--format csv`: the four tables of [`super::tables`] as CSV files the way Finnish Excel
//! opens them — `;` between fields, decimal comma, UTF-8 with a byte-order mark, CRLF line
//! ends, quoting per RFC 4180 (a field with `;`, `"`, CR or LF is quoted, quotes doubled).
//! A text field that starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a
//! document's text never runs as a formula in a spreadsheet.

use super::tables::{Table, Value};
use super::view::Report;
use crate::model::Lang;

/// One field, quoted when it must be.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A number with a decimal comma (`12,5`; integers without decimals).
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string().replace('.', ",")
    }
}

/// One table as CSV text (with the byte-order mark).
pub fn table(t: &Table) -> String {
    rows(t.headers, &t.rows)
}

/// A header row and rows as CSV text (with the byte-order mark): the same conventions for
/// every CSV the tool writes (also `compare --format csv`).
pub fn rows<H: AsRef<str>>(headers: &[H], rows: &[Vec<Value>]) -> String {
    let mut o = String::from('\u{feff}');
    let header: Vec<String> = headers.iter().map(|h| field(h.as_ref())).collect();
    o.push_str(&header.join(";"));
    o.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(s) => field(s),
                Value::Int(n) => n.to_string(),
                Value::Num(x) => number(*x),
                Value::Empty => String::new(),
            })
            .collect();
        o.push_str(&fields.join(";"));
        o.push_str("\r\n");
    }
    o
}

/// The four files: (`cells.csv`, text), (`dropoffs.csv`, …), (`goals.csv`, …),
/// (`evidence.csv`, …).
pub fn render(r: &Report, lang: Lang) -> Vec<(String, String)> {
    super::tables::tables(r, lang)
        .iter()
        .map(|t| (format!("{}.csv", t.id), table(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_per_rfc_4180() {
        assert_eq!(field("abc"), "abc");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn numbers_take_a_decimal_comma() {
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(80.0), "80");
        assert_eq!(number(0.0), "0");
    }
}
