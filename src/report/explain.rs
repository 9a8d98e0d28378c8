//! `linjaus explain`: what each stage saw in a document, so a surprising score can be understood
//! without reading code — the document's level and the cues behind it, then for each unit its
//! place, text, tokens, the theme terms that matched (with the compound part, `kunto[liikun]ta…`),
//! the matches that were dropped and why, the facet cues (own and inherited) and the rung.

use super::i18n;
use crate::analyse::lexicon::Lexicon;
use crate::analyse::text::tokenize;
use crate::corpus::{AnalysedDoc, AnalysedUnit, LevelSource};
use crate::model::{FacetSet, Lang};
use serde_json::{Value, json};
use std::fmt::Write;

/// Which units to show: all, one page's, or one unit (its position in the document).
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    pub page: Option<usize>,
    pub unit: Option<usize>,
}

impl Selection {
    /// Does the selection keep any unit of `doc` (all when nothing is selected)?
    pub fn selects_any(&self, doc: &AnalysedDoc) -> bool {
        (self.page.is_none() && self.unit.is_none()) || doc.units.iter().any(|u| self.keeps(u))
    }

    fn keeps(&self, u: &AnalysedUnit) -> bool {
        self.page.is_none_or(|p| u.unit.page == p) && self.unit.is_none_or(|i| u.unit.index == i)
    }
}

/// `token` with the matched key bracketed: `kunto[liikun]tapaikkojen`.
fn marked(token: &str, part: (usize, usize)) -> String {
    let (a, b) = (part.0.min(token.len()), part.1.min(token.len()));
    if !token.is_char_boundary(a) || !token.is_char_boundary(b) {
        return token.to_string();
    }
    format!("{}[{}]{}", &token[..a], &token[a..b], &token[b..])
}

fn own_facets(u: &AnalysedUnit) -> FacetSet {
    let mut f = FacetSet::default();
    for c in &u.analysis.cues {
        f.insert(c.facet);
    }
    f
}

fn level_line(doc: &AnalysedDoc, w: &i18n::ExplainWords, lang: Lang) -> String {
    let level = doc.level.map_or("–", |l| i18n::level_label(l, lang));
    match &doc.level_source {
        LevelSource::Manifest => format!("{level} ({})", w.manifest),
        LevelSource::Inferred(i) => format!(
            "{level} ({}, {} {}: {})",
            w.inferred,
            w.confidence,
            i18n::decimal(i.confidence, 2, lang),
            i.cues
                .iter()
                .map(|c| i18n::level_cue(c, lang))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        LevelSource::Unknown => w.no_cue.to_string(),
        LevelSource::Minutes => i18n::minutes_label(lang).to_string(),
    }
}

pub fn terminal(doc: &AnalysedDoc, lex: &Lexicon, sel: Selection, lang: Lang) -> String {
    let w = i18n::explain_words(lang);
    let [
        text_row,
        tokens_row,
        theme_row,
        dropped_row,
        model_row,
        facet_row,
        rung_row,
    ] = w.rows;
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", doc.id, level_line(doc, &w, lang));
    let _ = writeln!(
        o,
        "{} {}, {} {}, {} {}, {}",
        doc.pages,
        w.pages,
        doc.units.len(),
        w.units,
        doc.words,
        w.words,
        doc.encoding
    );
    for s in &doc.sections {
        let level = s.level.map_or("–", |l| i18n::level_label(l, lang));
        let title = s
            .title
            .as_deref()
            .map(|t| format!(" ({})", crate::report::safe::line(t)))
            .unwrap_or_default();
        let _ = writeln!(o, "{} {}: {level}{title}", w.section_from, s.from_unit);
    }
    for u in doc.units.iter().filter(|u| sel.keeps(u)) {
        let a = &u.analysis;
        let tokens = tokenize(&u.unit.text);
        let _ = writeln!(
            o,
            "\n{} u{} {} [{}] {} {} · {} {}",
            i18n::cite_page(lang, u.unit.page, u.unit.page_label.as_deref()),
            u.unit.index,
            u.unit.kind.id(),
            u.unit.heading_path.join(" › "),
            w.language,
            a.lang.id(),
            a.words,
            w.words
        );
        let _ = writeln!(o, "  {text_row}{}", u.unit.text);
        let toks: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let _ = writeln!(o, "  {tokens_row}{}", toks.join(" "));
        for h in &a.hits {
            let tok = tokens
                .get(h.token)
                .map_or(String::new(), |t| marked(&t.text, h.part));
            let weak = if h.weak {
                format!(" ({})", w.weak)
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "  {theme_row}{:<26} `{}` → `{tok}`{weak}",
                lex.themes[h.theme].id, h.term
            );
        }
        for d in &a.dropped {
            let tok = tokens
                .get(d.hit.token)
                .map_or(String::new(), |t| marked(&t.text, d.hit.part));
            let _ = writeln!(
                o,
                "  {dropped_row}{:<26} `{}` → `{tok}`: {} ({} `{}`)",
                lex.themes[d.hit.theme].id,
                d.hit.term,
                i18n::rule_reason(d.rule, lang),
                w.rule,
                d.rule.id()
            );
        }
        for d in &a.decisions {
            let why: Vec<String> = d.top.iter().map(|(f, x)| format!("{f} {x:+.2}")).collect();
            let _ = writeln!(
                o,
                "  {model_row}{:<26} p={:.2} {} ({})",
                lex.themes[d.theme].id,
                d.p,
                w.verdict[usize::from(!d.kept)],
                why.join(", ")
            );
        }
        for c in &a.cues {
            let _ = writeln!(
                o,
                "  {facet_row}{:<10} `{}` ← `{}`",
                c.facet.id(),
                c.matched,
                c.cue
            );
        }
        let own = own_facets(u);
        let inherited: Vec<&str> = a
            .facets
            .iter()
            .filter(|f| !own.contains(*f))
            .map(|f| f.id())
            .collect();
        if !inherited.is_empty() {
            let _ = writeln!(o, "  {facet_row}{} ({})", inherited.join(", "), w.inherited);
        }
        if !a.hits.is_empty() {
            let rung = a.facets.rung();
            let _ = writeln!(
                o,
                "  {rung_row}R{} {}{}",
                rung.0,
                i18n::rung_label(rung, lang),
                u.level
                    .map(|l| format!(" · {} {}", w.counts_for, l.id()))
                    .unwrap_or_default()
            );
        }
    }
    // Document text is in every line: nothing from it reaches the terminal raw.
    super::safe::text(&o).into_owned()
}

pub fn json(doc: &AnalysedDoc, lex: &Lexicon, sel: Selection) -> String {
    let units: Vec<Value> = doc
        .units
        .iter()
        .filter(|u| sel.keeps(u))
        .map(|u| {
            let a = &u.analysis;
            let tokens = tokenize(&u.unit.text);
            let hit = |h: &crate::analyse::ThemeHit| {
                json!({"theme": lex.themes[h.theme].id, "term": h.term, "matched": h.matched, "weak": h.weak,
                       "token": tokens.get(h.token).map(|t| marked(&t.text, h.part))})
            };
            json!({
                "page": u.unit.page, "page_label": u.unit.page_label, "unit": u.unit.index, "kind": u.unit.kind.id(), "heading_path": u.unit.heading_path,
                "text": u.unit.text, "language": a.lang.id(), "words": a.words,
                "tokens": tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
                "hits": a.hits.iter().map(hit).collect::<Vec<_>>(),
                "dropped": a.dropped.iter().map(|d| { let mut v = hit(&d.hit); v["reason"] = json!(format!("{} (rule `{}`)", i18n::rule_reason(d.rule, Lang::En), d.rule.id())); v["rule"] = json!(d.rule.id()); v }).collect::<Vec<_>>(),
                "model": a.decisions.iter().map(|d| json!({"theme": lex.themes[d.theme].id, "p": (d.p * 1000.0).round() / 1000.0, "kept": d.kept, "features": d.top.iter().map(|(f, x)| json!({"feature": f, "weight": (x * 1000.0).round() / 1000.0})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                "facet_cues": a.cues.iter().map(|c| json!({"facet": c.facet.id(), "cue": c.cue, "matched": c.matched})).collect::<Vec<_>>(),
                "facets": a.facets.ids(),
                "inherited_facets": a.facets.iter().filter(|f| !own_facets(u).contains(*f)).map(|f| f.id()).collect::<Vec<_>>(),
                "rung": if a.hits.is_empty() { None } else { Some(a.facets.rung().0) },
                "level": u.level.map(|l| l.id()),
            })
        })
        .collect();
    let (source, cues) = match &doc.level_source {
        LevelSource::Manifest => ("manifest", vec![]),
        LevelSource::Inferred(i) => ("inferred", i.cues.clone()),
        LevelSource::Unknown => ("unknown", vec![]),
        LevelSource::Minutes => ("minutes", vec![]),
    };
    let v = json!({
        "document": doc.id, "level": doc.level.map(|l| l.id()), "level_source": source, "level_cues": cues,
        "pages": doc.pages, "words": doc.words, "encoding": doc.encoding, "units": units,
    });
    super::json::render(&v)
}
