//! `--format json`: the stable, documented schema (README "JSON output"). Keys are sorted
//! (serde_json's default map), documents by path, traced themes by HVK weight.

use super::ReportInput;
use crate::corpus::LevelSource;
use crate::model::{Lang, Level};
use crate::score::{Cell, Evidence, TracedFrom};
use serde_json::{Value, json};

pub const SCHEMA_VERSION: u32 = 1;

pub fn render(input: &ReportInput) -> String {
    let mut s = serde_json::to_string_pretty(&view(input)).unwrap_or_default();
    s.push('\n');
    s
}

fn labels(fi: &str, sv: &str, en: &str) -> Value {
    json!({"fi": fi, "sv": sv, "en": en})
}

pub fn view(input: &ReportInput) -> Value {
    let ReportInput {
        corpus,
        scores,
        lexicon,
        lang,
        ..
    } = input;
    let documents: Vec<Value> = corpus
        .docs
        .iter()
        .map(|d| {
            let (source, confidence, cues) = match &d.level_source {
                LevelSource::Manifest => ("manifest", Value::Null, vec![]),
                LevelSource::Inferred(i) => (
                    "inferred",
                    json!((i.confidence * 100.0).round() / 100.0),
                    i.cues.clone(),
                ),
                LevelSource::Unknown => ("unknown", Value::Null, vec![]),
            };
            json!({
                "path": d.id, "title": d.title, "level": d.level.map(Level::id),
                "level_source": source, "level_confidence": confidence, "level_cues": cues,
                "sections": d.sections.iter().map(|(unit, l)| json!({"level": l.id(), "from_unit": unit, "from_page": d.units.get(*unit).map(|u| u.unit.page)})).collect::<Vec<_>>(),
                "years": d.years, "language": d.lang.id(), "encoding": d.encoding,
                "pages": d.pages, "units": d.units.len(), "words": d.words,
            })
        })
        .collect();
    let themes: Vec<Value> = scores
        .traced
        .iter()
        .map(|t| {
            let th = &lexicon.themes[t.theme];
            let levels: serde_json::Map<String, Value> = t
                .by_level
                .iter()
                .map(|(l, c)| (l.id().to_string(), cell(c, *lang)))
                .collect();
            let docs: serde_json::Map<String, Value> = t
                .by_doc
                .iter()
                .filter(|(_, c)| c.hits > 0)
                .map(|(d, c)| (d.clone(), cell(c, *lang)))
                .collect();
            json!({
                "id": th.id,
                "label": labels(&th.label_fi, &th.label_sv, &th.label_en),
                "hvk_weight": t.hvk_weight,
                "pinned": t.pinned,
                "dropoff": t.dropoff.as_ref().map(|d| json!({
                    "level": d.level.id(), "rung": d.rung.0, "expected": d.expected.0,
                    "missing_facets": d.missing.iter().map(|f| f.id()).collect::<Vec<_>>(),
                    "reason": super::terminal::dropoff_reason(d, *lang),
                })),
                "levels": levels,
                "documents": docs,
            })
        })
        .collect();
    let ratio = |r: Option<crate::score::Ratio>| {
        r.map(|r| json!({"numerator": r.num, "denominator": r.den, "value": r.value()}))
    };
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "linjaus", "version": env!("CARGO_PKG_VERSION")},
        "municipality": corpus.municipality,
        "term": corpus.term,
        "label_language": lang.id(),
        "traced_from": match scores.traced_from { TracedFrom::Hvk => "hvk", TracedFrom::AllThemesNoHvk => "all-themes-no-hvk" },
        "levels_present": scores.levels.iter().map(|l| l.id()).collect::<Vec<_>>(),
        "inferred_levels": corpus.docs.iter().filter(|d| matches!(d.level_source, LevelSource::Inferred(_))).map(|d| d.id.clone()).collect::<Vec<_>>(),
        "chain_coverage": ratio(scores.chain_coverage),
        "report_back": ratio(scores.report_back),
        "documents": documents,
        "themes": themes,
        "errors": corpus.errors,
        "warnings": corpus.warnings.iter().chain(corpus.docs.iter().flat_map(|d| &d.warnings)).collect::<Vec<_>>(),
    })
}

fn cell(c: &Cell, lang: Lang) -> Value {
    json!({
        "rung": c.rung.0,
        "rung_label": c.rung.label(lang),
        "expected_rung": c.expected.map(|r| r.0),
        "facets": c.facets.ids(),
        "hits": c.hits,
        "units": c.units,
        "goal_units": c.goal_units,
        "words": c.words,
        "density_per_10k": (c.density() * 10.0).round() / 10.0,
        "score": c.score(),
        "score_parts": {"depth": (c.depth_points() * 10.0).round() / 10.0, "breadth": c.breadth_points()},
        "evidence": c.evidence.iter().map(evidence).collect::<Vec<_>>(),
    })
}

pub fn snippet(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}

fn evidence(e: &Evidence) -> Value {
    json!({
        "document": e.doc, "page": e.page, "unit": e.unit, "kind": e.kind,
        "heading_path": e.heading_path, "snippet": snippet(&e.text, 300),
        "terms": e.terms, "matched": e.matched, "facets": e.facets.ids(),
        "facet_cues": e.facet_cues, "rung": e.rung.0,
    })
}
