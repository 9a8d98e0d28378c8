//! The outputs of the smaller commands: `units` and `tag` (JSON Lines) and `search` (terminal
//! or JSON). Same rule as the analysis report: typed views in, text out.

use super::Format;
use super::json;
use crate::analyse::UnitAnalysis;
use crate::analyse::lexicon::Lexicon;
use crate::index::{Found, SearchQuery, snippet};
use crate::model::{Lang, Unit};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;

/// One unit as `linjaus units` prints it. `unit` is the unit's position in the document, as
/// everywhere else (JSON evidence, `explain --unit`, search results); `on_page` its position
/// on its page; `page_label` the number the page prints, left out when unknown.
#[derive(Debug, Serialize)]
pub struct UnitLine<'a> {
    pub doc: &'a str,
    pub page: usize,
    /// The number printed on the page, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_label: Option<&'a str>,
    pub unit: usize,
    pub on_page: usize,
    pub kind: &'static str,
    pub heading_path: &'a [String],
    /// The language the unit is analysed in: its own, or its document's when it has no
    /// language cue (a heading, a table row). `tag` and `eval` read it back.
    pub lang: &'static str,
    pub text: &'a str,
}

/// The units of one document as JSON Lines, with the language each is analysed in.
pub fn units(doc: &str, units: &[Unit], langs: &[Lang]) -> String {
    let mut out = String::new();
    let mut last_page = 0;
    let mut on_page = 0;
    for (u, lang) in units.iter().zip(langs) {
        if u.page != last_page {
            (last_page, on_page) = (u.page, 0);
        }
        out.push_str(&json::line(&UnitLine {
            doc,
            page: u.page,
            page_label: u.page_label.as_deref(),
            unit: u.index,
            on_page,
            kind: u.kind.id(),
            heading_path: &u.heading_path,
            lang: lang.id(),
            text: &u.text,
        }));
        on_page += 1;
    }
    out
}

#[derive(Debug, Serialize)]
struct TagLine<'a> {
    id: &'a Value,
    themes: Vec<&'a str>,
    facets: Vec<&'static str>,
    lang: &'static str,
    evidence: Vec<TagEvidence<'a>>,
    facet_cues: Vec<TagCue<'a>>,
}

#[derive(Debug, Serialize)]
struct TagEvidence<'a> {
    theme: &'a str,
    term: &'a str,
    matched: &'a str,
    weak: bool,
}

#[derive(Debug, Serialize)]
struct TagCue<'a> {
    facet: &'static str,
    cue: &'a str,
    matched: &'a str,
}

/// One `linjaus tag` output line: the input's id, sorted theme and facet ids, the language and
/// the evidence.
pub fn tag(id: &Value, a: &UnitAnalysis, lex: &Lexicon) -> String {
    let mut themes: Vec<&str> = a
        .themes()
        .into_iter()
        .map(|t| lex.themes[t].id.as_str())
        .collect();
    themes.sort_unstable();
    json::line(&TagLine {
        id,
        themes,
        facets: a.facets.ids(),
        lang: a.lang.id(),
        evidence: a
            .hits
            .iter()
            .map(|h| TagEvidence {
                theme: &lex.themes[h.theme].id,
                term: &h.term,
                matched: &h.matched,
                weak: h.weak,
            })
            .collect(),
        facet_cues: a
            .cues
            .iter()
            .map(|c| TagCue {
                facet: c.facet.id(),
                cue: &c.cue,
                matched: &c.matched,
            })
            .collect(),
    })
}

#[derive(Debug, Serialize)]
struct SearchView<'a> {
    query: &'a str,
    keys: &'a [String],
    reindexed: usize,
    results: Vec<SearchHit<'a>>,
}

#[derive(Debug, Serialize)]
struct SearchHit<'a> {
    document: &'a str,
    level: Option<&'a str>,
    page: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_label: Option<&'a str>,
    unit: u64,
    heading_path: &'a str,
    themes: &'a [String],
    facets: &'a [String],
    score: f32,
    snippet: String,
}

/// Search results: document, page, unit and heading path with a snippet, the found word marked.
pub fn search(
    format: Format,
    lang: crate::model::Lang,
    query: &str,
    compiled: &SearchQuery,
    found: &[Found],
    limit: usize,
    reindexed: usize,
) -> String {
    let keys = compiled.key_labels();
    match format {
        Format::Json => json::render(&SearchView {
            query,
            keys: &keys,
            reindexed,
            results: found
                .iter()
                .map(|r| SearchHit {
                    document: &r.doc,
                    level: r.level.as_deref(),
                    page: r.page,
                    page_label: r.page_label.as_deref(),
                    unit: r.unit,
                    heading_path: &r.heading,
                    themes: &r.themes,
                    facets: &r.facets,
                    score: r.score,
                    snippet: snippet(&r.text, compiled, 200),
                })
                .collect(),
        }),
        Format::Terminal => {
            let mut s = String::new();
            for r in found {
                let _ = writeln!(
                    s,
                    "{} {} u{} [{}] {}\n  {}",
                    r.doc,
                    super::i18n::cite_page(lang, r.page as usize, r.page_label.as_deref()),
                    r.unit,
                    r.level.as_deref().unwrap_or("–"),
                    r.heading,
                    snippet(&r.text, compiled, 200)
                );
            }
            let summary = super::i18n::search_summary(
                lang,
                found.len(),
                query,
                &keys.join(" + "),
                found.len() >= limit,
            );
            let _ = writeln!(s, "{summary}");
            // Document text and the query are in every line: nothing reaches the terminal raw.
            super::safe::text(&s).into_owned()
        }
    }
}

#[derive(Debug, Serialize)]
struct ThemeLine<'a> {
    id: &'a str,
    label: &'a str,
    source: &'a str,
}

/// `linjaus themes`: every theme's id and label (in `lang`), and where it is defined.
pub fn themes(format: Format, lex: &Lexicon, lang: crate::model::Lang) -> String {
    let rows: Vec<ThemeLine> = lex
        .themes
        .iter()
        .map(|t| ThemeLine {
            id: &t.id,
            label: t.label(lang),
            source: &t.source,
        })
        .collect();
    match format {
        Format::Json => json::render(&rows),
        Format::Terminal => {
            let width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
            let mut s = String::new();
            for r in &rows {
                let _ = writeln!(s, "{:<width$}  {}", r.id, r.label);
            }
            s
        }
    }
}
