//! `linjaus compare --format csv|markdown`: the comparison as one table for a spreadsheet or
//! an evaluation report, one row per municipality × traced theme (a municipality that does not
//! trace a theme has no row for it, as it has no cell in the terminal matrix). Columns:
//! municipality, theme id and label, the rung at each level present (empty where the
//! municipality has no document of the level), the drop-off level (id and label) and its
//! explanation, reach, mean rung and the theme rank. Everything is read off
//! [`CompareReport`] (already rounded, labelled in the report language): nothing is computed
//! here. Rows follow the municipalities' order in the view, themes in the view's order.
//!
//! CSV: the conventions of [`super::csv`] (`;`, decimal comma, UTF-8 with BOM, CRLF, RFC 4180
//! quoting, a formula-like start defused). Text is passed through [`super::digest::visible`] first, so no
//! control code reaches the file raw. Markdown: cells escaped with [`super::markdown::escape`].

use super::compare::CompareReport;
use super::i18n;
use super::tables::{Value, int, text};
use crate::model::Lang;
use std::fmt::Write;

/// The header row and the rows.
pub struct CompareTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Per column: a number (right-aligned in Markdown).
    pub numeric: Vec<bool>,
}

fn opt<T>(x: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    x.map_or(Value::Empty, f)
}

/// The comparison as one table, labelled in `lang`.
pub fn table(r: &CompareReport, lang: Lang) -> CompareTable {
    let w = i18n::compare_table_words(lang);
    let mut headers: Vec<String> = vec![w.municipality.into(), w.theme_id.into(), w.theme.into()];
    let mut numeric = vec![false; 3];
    for l in &r.levels_present {
        headers.push(format!("{}: {}", w.rung, i18n::level_label(*l, lang)));
        numeric.push(true);
    }
    for (h, n) in [
        (w.dropoff_id, false),
        (w.dropoff, false),
        (w.reason, false),
        (w.reach, true),
        (w.mean_rung, true),
        (w.rank, true),
    ] {
        headers.push(h.into());
        numeric.push(n);
    }
    let mut rows = Vec::new();
    for m in &r.municipalities {
        for th in &r.themes {
            let Some(cell) = m.themes.get(&th.id) else {
                continue;
            };
            let mut row = vec![text(&m.name), text(&th.id), text(th.label.get(lang))];
            for l in &r.levels_present {
                row.push(opt(cell.rungs.get(l), |r| Value::Int(i64::from(*r))));
            }
            row.extend([
                opt(cell.dropoff, |l| Value::Text(l.id().into())),
                opt(cell.dropoff, |l| text(i18n::level_label(l, lang))),
                opt(cell.dropoff_reason.as_deref(), text),
                opt(cell.reach, Value::Num),
                opt(cell.mean_rung, Value::Num),
                opt(cell.rank, int),
            ]);
            rows.push(row);
        }
    }
    CompareTable {
        headers,
        rows,
        numeric,
    }
}

/// `compare --format csv`: one CSV file.
pub fn csv(r: &CompareReport, lang: Lang) -> String {
    let t = table(r, lang);
    super::csv::rows(&t.headers, &t.rows)
}

/// `compare --format markdown`: a title, the table, the definitions of the figures.
pub fn markdown(r: &CompareReport, lang: Lang) -> String {
    use super::markdown::escape;
    let cw = i18n::compare_words(lang);
    let t = table(r, lang);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {} — {} {}\n",
        cw.title,
        r.municipalities.len(),
        cw.municipalities
    );
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    o.push_str(&row(t.headers.iter().map(|h| escape(h)).collect()));
    o.push_str(&row(t
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" }.to_string())
        .collect()));
    for r in &t.rows {
        o.push_str(&row(r
            .iter()
            .map(|v| match v {
                Value::Text(s) => escape(s),
                Value::Int(n) => n.to_string(),
                Value::Num(x) => i18n::decimal(*x, 2, lang),
                Value::Empty => "–".to_string(),
            })
            .collect()));
    }
    let _ = writeln!(o, "\n## {}\n", cw.definitions);
    for (_, d) in i18n::compare_definitions(lang) {
        let _ = writeln!(o, "- {}", escape(d));
    }
    o
}
