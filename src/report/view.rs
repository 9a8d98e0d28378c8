//! Typed views of an [`Analysis`]: what every renderer reads. The JSON report is this view
//! serialised (keys sorted); the terminal table reads the same structs. Views compute nothing
//! new: they select, label (in the report language) and round.

use super::i18n;
use crate::analyse::lexicon::Lexicon;
use crate::corpus::LevelSource;
use crate::goals::{GoalUnit, Goals, Status};
use crate::model::{Lang, Level};
use crate::pipeline::Analysis;
use crate::score::{Cell, Evidence, Ratio, TracedFrom};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub municipality: Option<String>,
    pub term: Option<String>,
    /// The corpus folder's name (a title when the manifest names no municipality); not in the
    /// JSON.
    #[serde(skip)]
    pub root: String,
    pub label_language: &'static str,
    pub traced_from: &'static str,
    pub levels_present: Vec<Level>,
    pub inferred_levels: Vec<String>,
    pub chain_coverage: Option<RatioView>,
    pub report_back: Option<RatioView>,
    pub documents: Vec<DocumentView>,
    pub themes: Vec<ThemeView>,
    pub goals: GoalsView,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// What a reader must know before acting on the analysis (`src/guardrails.rs`).
    pub guardrails: Vec<GuardrailView>,
}

#[derive(Debug, Serialize)]
pub struct GuardrailView {
    /// `two-welfare-reports`, `level-tie`, `level-weak`, `years-mixed`, `level-partly-covered`.
    pub kind: &'static str,
    pub level: Option<Level>,
    pub documents: Vec<String>,
    /// In the report's label language.
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RatioView {
    pub numerator: usize,
    pub denominator: usize,
    pub value: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub path: String,
    pub title: String,
    pub level: Option<Level>,
    pub level_source: &'static str,
    pub level_confidence: Option<f64>,
    pub level_cues: Vec<String>,
    pub sections: Vec<SectionView>,
    /// The year the document is counted for (manifest, else the first year its title or
    /// file name names); `years` are all the years it covers.
    pub year: Option<u32>,
    pub years: Vec<u32>,
    pub language: &'static str,
    pub encoding: &'static str,
    pub pages: usize,
    pub units: usize,
    pub words: usize,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    /// `null`: a part that is no part of the chain (most `§` items of minutes).
    pub level: Option<Level>,
    pub from_unit: usize,
    pub from_page: Option<usize>,
    /// A minutes item's number and title; absent for a part of a book.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Labels {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ThemeView {
    pub id: String,
    pub label: Labels,
    pub hvk_weight: usize,
    pub pinned: bool,
    pub dropoff: Option<DropOffView>,
    /// Theme × level, with the evidence units.
    pub levels: BTreeMap<Level, CellView>,
    /// Theme × level × year, for the levels whose documents cover two or more years (the same
    /// units as the level cell, so without evidence).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub level_years: BTreeMap<Level, BTreeMap<u32, CellView>>,
    /// Theme × document, for documents that mention the theme (evidence is in `levels`).
    pub documents: BTreeMap<String, CellView>,
}

#[derive(Debug, Serialize)]
pub struct DropOffView {
    pub level: Level,
    pub rung: u8,
    pub expected: u8,
    pub missing_facets: Vec<&'static str>,
    pub reason: String,
    /// The highest-rung unit of the theme at the drop-off level (absent when the theme is not
    /// found there at all: then every document of the level was searched).
    pub best_evidence: Option<CiteView>,
}

/// Where a finding is: document, page (and the number the page prints), unit.
#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    pub document: String,
    pub page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_label: Option<String>,
    pub unit: usize,
}

#[derive(Debug, Serialize)]
pub struct CellView {
    pub rung: u8,
    pub rung_label: &'static str,
    pub expected_rung: Option<u8>,
    pub facets: Vec<&'static str>,
    pub hits: usize,
    pub units: usize,
    pub goal_units: usize,
    pub words: usize,
    pub density_per_10k: f64,
    pub score: u8,
    pub score_parts: ScoreParts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<EvidenceView>>,
}

#[derive(Debug, Serialize)]
pub struct ScoreParts {
    pub depth: f64,
    pub breadth: f64,
}

#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub document: String,
    pub page: usize,
    /// The number the page prints, when known (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_label: Option<String>,
    pub unit: usize,
    pub kind: &'static str,
    pub heading_path: Vec<String>,
    pub snippet: String,
    pub terms: Vec<String>,
    pub matched: Vec<String>,
    pub facets: Vec<&'static str>,
    pub facet_cues: Vec<String>,
    pub rung: u8,
}

#[derive(Debug, Serialize)]
pub struct GoalsView {
    pub units: Vec<GoalUnitView>,
    pub items: Vec<GoalItemView>,
    pub reported_without_plan: Vec<GoalUnitView>,
    pub planned_not_reported: Vec<GoalUnitView>,
}

#[derive(Debug, Serialize)]
pub struct GoalUnitView {
    pub document: String,
    pub page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_label: Option<String>,
    pub unit: usize,
    pub level: Option<Level>,
    pub years: Vec<u32>,
    pub goal: String,
    pub fields: Vec<FieldView>,
    pub themes: Vec<String>,
    /// The themes the goal is paired on (matched on a word that is not generic).
    pub own_themes: Vec<String>,
    pub facets: Vec<&'static str>,
    pub rung: u8,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub facet: &'static str,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct GoalItemView {
    pub id: String,
    pub source: GoalUnitView,
    pub dropoff: Option<Level>,
    pub trace: Vec<LevelTraceView>,
}

#[derive(Debug, Serialize)]
pub struct LevelTraceView {
    pub level: Level,
    pub status: Status,
    pub expected_rung: u8,
    /// Why a matched goal is only shallow: `below-expected-rung`, `vision` or
    /// `list-of-hvk-goals` (null when covered or uncovered).
    pub reason: Option<&'static str>,
    #[serde(rename = "match")]
    pub found: Option<MatchView>,
}

#[derive(Debug, Serialize)]
pub struct MatchView {
    pub document: String,
    pub page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_label: Option<String>,
    pub unit: usize,
    pub rung: u8,
    pub snippet: String,
    pub paired_by: PairedByView,
}

#[derive(Debug, Serialize)]
pub struct PairedByView {
    pub goal_words: Vec<String>,
    pub indicator_words: Vec<String>,
    /// The shared stems that are not generic words.
    pub distinctive_words: Vec<String>,
    /// Pairing strength 0–1: the IDF-weighted share of the goal's words (or its indicator's)
    /// the match holds.
    pub score: f64,
    /// The match is a goal unit (goal-table row, labelled block, goal card, goal list item).
    pub goal_unit: bool,
}

/// At most `max` characters of `text`, with `…` when cut.
pub fn snippet(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// Evidence snippets are cut to this many characters.
const SNIPPET: usize = 300;

fn ratio(r: Option<Ratio>) -> Option<RatioView> {
    r.map(|r| RatioView {
        numerator: r.num,
        denominator: r.den,
        value: r.value(),
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn cell(c: &Cell, lang: Lang, with_evidence: bool) -> CellView {
    CellView {
        rung: c.rung.0,
        rung_label: i18n::rung_label(c.rung, lang),
        expected_rung: c.expected.map(|r| r.0),
        facets: c.facets.ids(),
        hits: c.hits,
        units: c.units,
        goal_units: c.goal_units,
        words: c.words,
        density_per_10k: round1(c.density()),
        score: c.score(),
        score_parts: ScoreParts {
            depth: round1(c.depth_points()),
            breadth: c.breadth_points(),
        },
        evidence: with_evidence.then(|| c.evidence.iter().map(evidence).collect()),
    }
}

fn evidence(e: &Evidence) -> EvidenceView {
    EvidenceView {
        document: e.doc.clone(),
        page: e.page,
        page_label: e.page_label.clone(),
        unit: e.unit,
        kind: e.kind,
        heading_path: e.heading_path.clone(),
        snippet: snippet(&e.text, SNIPPET),
        terms: e.terms.clone(),
        matched: e.matched.clone(),
        facets: e.facets.ids(),
        facet_cues: e.facet_cues.clone(),
        rung: e.rung.0,
    }
}

/// The first of a cell's highest-rung evidence units.
fn best_cite(c: &Cell) -> Option<CiteView> {
    let best = c.evidence.iter().map(|e| e.rung).max()?;
    c.evidence
        .iter()
        .find(|e| e.rung == best)
        .map(|e| CiteView {
            document: e.doc.clone(),
            page: e.page,
            page_label: e.page_label.clone(),
            unit: e.unit,
        })
}

fn goal_unit(g: &GoalUnit) -> GoalUnitView {
    GoalUnitView {
        document: g.doc.clone(),
        page: g.page,
        page_label: g.page_label.clone(),
        unit: g.unit,
        level: g.level,
        years: g.years.clone(),
        goal: g.goal.clone(),
        fields: g
            .fields
            .iter()
            .map(|(f, v)| FieldView {
                facet: f.id(),
                text: v.clone(),
            })
            .collect(),
        themes: g.themes.clone(),
        own_themes: g.own_themes.clone(),
        facets: g.facets.ids(),
        rung: g.rung.0,
    }
}

fn goals(goals: &Goals) -> GoalsView {
    GoalsView {
        units: goals.units.iter().map(goal_unit).collect(),
        items: goals
            .items
            .iter()
            .map(|i| GoalItemView {
                id: i.id.clone(),
                source: goal_unit(&i.goal),
                dropoff: i.dropoff().map(|t| t.level),
                trace: i
                    .trace
                    .iter()
                    .map(|t| LevelTraceView {
                        level: t.level,
                        status: t.status,
                        expected_rung: t.expected.0,
                        reason: t.shortfall.map(|s| s.id()),
                        found: t.found.as_ref().map(|m| MatchView {
                            document: m.doc.clone(),
                            page: m.page,
                            page_label: m.page_label.clone(),
                            unit: m.unit,
                            rung: m.rung.0,
                            snippet: snippet(&m.text, SNIPPET),
                            paired_by: PairedByView {
                                goal_words: m.paired_by.goal_words.clone(),
                                indicator_words: m.paired_by.indicator_words.clone(),
                                distinctive_words: m.paired_by.distinctive_words.clone(),
                                score: m.paired_by.score,
                                goal_unit: m.paired_by.goal_unit,
                            },
                        }),
                    })
                    .collect(),
            })
            .collect(),
        reported_without_plan: goals.reported_without_plan.iter().map(goal_unit).collect(),
        planned_not_reported: goals.planned_not_reported.iter().map(goal_unit).collect(),
    }
}

fn labels(lex: &Lexicon, id: &str) -> Labels {
    let th = lex.theme(id);
    let get = |l: Lang| th.map_or(id, |t| t.label(l)).to_string();
    Labels {
        fi: get(Lang::Fi),
        sv: get(Lang::Sv),
        en: get(Lang::En),
    }
}

/// What a view holds beyond the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Figures only: level cells carry no evidence (the terminal table).
    Figures,
    /// Level cells carry their evidence units (JSON, and reports that cite).
    Evidence,
}

/// The view of a whole analysis, labelled in `lang`.
pub fn report(a: &Analysis, lang: Lang, detail: Detail) -> Report {
    let with_evidence = detail == Detail::Evidence;
    let corpus = &a.corpus;
    let scores = &a.scores;
    let documents = corpus
        .docs
        .iter()
        .map(|d| {
            let (source, confidence, cues) = match &d.level_source {
                LevelSource::Manifest => ("manifest", None, vec![]),
                LevelSource::Inferred(i) => (
                    "inferred",
                    Some((i.confidence * 100.0).round() / 100.0),
                    i.cues.clone(),
                ),
                LevelSource::Unknown => ("unknown", None, vec![]),
                LevelSource::Minutes => ("minutes", None, vec![]),
            };
            DocumentView {
                path: d.id.clone(),
                title: d.title.clone(),
                level: d.level,
                level_source: source,
                level_confidence: confidence,
                level_cues: cues,
                sections: d
                    .sections
                    .iter()
                    .map(|s| SectionView {
                        level: s.level,
                        from_unit: s.from_unit,
                        from_page: d.units.get(s.from_unit).map(|u| u.unit.page),
                        title: s.title.clone(),
                    })
                    .collect(),
                year: d.year,
                years: d.years.clone(),
                language: d.lang.id(),
                encoding: d.encoding,
                pages: d.pages,
                units: d.units.len(),
                words: d.words,
            }
        })
        .collect();
    let themes = scores
        .traced
        .par_iter()
        .map(|t| ThemeView {
            id: t.theme.clone(),
            label: labels(&a.lexicon, &t.theme),
            hvk_weight: t.hvk_weight,
            pinned: t.pinned,
            dropoff: t.dropoff.as_ref().map(|d| DropOffView {
                level: d.level,
                rung: d.rung.0,
                expected: d.expected.0,
                missing_facets: d.missing.iter().map(|f| f.id()).collect(),
                reason: i18n::dropoff_reason(d, lang),
                best_evidence: t.by_level.get(&d.level).and_then(best_cite),
            }),
            levels: t
                .by_level
                .iter()
                .map(|(l, c)| (*l, cell(c, lang, with_evidence)))
                .collect(),
            level_years: t
                .by_level_year
                .iter()
                .filter(|(l, years)| years.len() > 1 && t.by_level.contains_key(l))
                .map(|(l, years)| {
                    let cells = years
                        .iter()
                        .map(|(y, c)| (*y, cell(c, lang, false)))
                        .collect();
                    (*l, cells)
                })
                .collect(),
            documents: t
                .by_doc
                .iter()
                .filter(|(_, c)| c.hits > 0)
                .map(|(d, c)| (d.clone(), cell(c, lang, false)))
                .collect(),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "linjaus",
            version: env!("CARGO_PKG_VERSION"),
        },
        municipality: corpus.municipality.clone(),
        term: corpus.term.clone(),
        root: {
            // `analyse .` names the folder, not `.`.
            let root = std::fs::canonicalize(&corpus.root).unwrap_or_else(|_| corpus.root.clone());
            root.file_name().map_or_else(
                || root.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        },
        label_language: lang.id(),
        traced_from: match scores.traced_from {
            TracedFrom::Hvk => "hvk",
            TracedFrom::AllThemesNoHvk => "all-themes-no-hvk",
        },
        levels_present: scores.levels.clone(),
        inferred_levels: corpus
            .docs
            .iter()
            .filter(|d| matches!(d.level_source, LevelSource::Inferred(_)))
            .map(|d| d.id.clone())
            .collect(),
        chain_coverage: ratio(scores.chain_coverage),
        report_back: ratio(scores.report_back),
        documents,
        themes,
        goals: goals(&a.goals),
        errors: corpus.errors.iter().map(ToString::to_string).collect(),
        warnings: corpus.all_warnings().map(ToString::to_string).collect(),
        guardrails: a
            .guardrails
            .iter()
            .map(|g| GuardrailView {
                kind: g.id(),
                level: g.level(),
                documents: g.docs(),
                message: i18n::guardrail_message(g, lang),
            })
            .collect(),
    }
}

impl Report {
    /// The traced themes that drop off, with their drop-off, in table order.
    pub fn dropoffs(&self) -> impl Iterator<Item = (&ThemeView, &DropOffView)> {
        self.themes
            .iter()
            .filter_map(|th| th.dropoff.as_ref().map(|d| (th, d)))
    }
}

/// The documents searched at `level`: those placed at it, and those with a section of it.
pub fn documents_at(r: &Report, level: Level) -> Vec<&str> {
    r.documents
        .iter()
        .filter(|d| d.level == Some(level) || d.sections.iter().any(|s| s.level == Some(level)))
        .map(|d| d.path.as_str())
        .collect()
}

/// The level a goal item drops off at, with its status.
pub fn goal_dropoff(i: &GoalItemView) -> Option<&LevelTraceView> {
    i.trace.iter().find(|t| t.status != Status::Covered)
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn snippet_cuts_at_characters_not_bytes() {
        assert_eq!(snippet("äää", 3), "äää");
        assert_eq!(snippet("äääb", 2), "ää…");
    }
}
