//! `--format json`: the stable, documented schema (README "JSON output"). Keys are sorted
//! (serde_json's default map), documents by path, traced themes by HVK weight.

use super::ReportInput;
use crate::corpus::LevelSource;
use crate::model::{Lang, Level};
use crate::score::{Cell, Evidence, TracedFrom};
use rayon::prelude::*;
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
        goals,
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
        .par_iter()
        .map(|t| {
            let th = &lexicon.themes[t.theme];
            let levels: serde_json::Map<String, Value> = t
                .by_level
                .iter()
                .map(|(l, c)| (l.id().to_string(), cell(c, *lang, true)))
                .collect();
            let docs: serde_json::Map<String, Value> = t
                .by_doc
                .iter()
                .filter(|(_, c)| c.hits > 0)
                .map(|(d, c)| (d.clone(), cell(c, *lang, false)))
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
        "goals": goals_view(goals, lexicon),
        "errors": corpus.errors,
        "warnings": corpus.warnings.iter().chain(corpus.docs.iter().flat_map(|d| &d.warnings)).collect::<Vec<_>>(),
    })
}

fn goal_unit(g: &crate::goals::GoalUnit, lex: &crate::analyse::lexicon::Lexicon) -> Value {
    json!({
        "document": g.doc, "page": g.page, "unit": g.unit, "level": g.level.map(Level::id), "years": g.years,
        "goal": g.goal,
        "fields": g.fields.iter().map(|(f, v)| json!({"facet": f.id(), "text": v})).collect::<Vec<_>>(),
        "themes": g.themes.iter().map(|t| lex.themes[*t].id.as_str()).collect::<Vec<_>>(),
        "facets": g.facets.ids(), "rung": g.rung.0,
    })
}

fn goals_view(goals: &crate::goals::Goals, lex: &crate::analyse::lexicon::Lexicon) -> Value {
    json!({
        "units": goals.units.iter().map(|g| goal_unit(g, lex)).collect::<Vec<_>>(),
        "items": goals.items.iter().map(|i| json!({
            "id": i.id,
            "source": goal_unit(&i.goal, lex),
            "dropoff": i.dropoff().map(|t| t.level.id()),
            "trace": i.trace.iter().map(|t| json!({
                "level": t.level.id(), "status": t.status.id(), "expected_rung": t.expected.0,
                "match": t.found.as_ref().map(|m| json!({"document": m.doc, "page": m.page, "unit": m.unit, "rung": m.rung.0, "snippet": snippet(&m.text, 300), "paired_by": {"goal_words": m.paired_by.goal_words, "indicator_words": m.paired_by.indicator_words}})),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "reported_without_plan": goals.reported_without_plan.iter().map(|g| goal_unit(g, lex)).collect::<Vec<_>>(),
        "planned_not_reported": goals.planned_not_reported.iter().map(|g| goal_unit(g, lex)).collect::<Vec<_>>(),
    })
}

/// A cell; `with_evidence` for level cells (document cells would repeat the same units: their
/// evidence is in the level cells, each item naming its document).
fn cell(c: &Cell, lang: Lang, with_evidence: bool) -> Value {
    let mut v = json!({
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
    });
    if with_evidence {
        v["evidence"] = c.evidence.iter().map(evidence).collect::<Vec<_>>().into();
    }
    v
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
