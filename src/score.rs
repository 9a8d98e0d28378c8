//! Stage 4, score: analysed documents → which themes are traced, and for each theme × document
//! and theme × level the rung, facet vector, hit counts, density, visibility score and evidence;
//! the drop-off point of every traced theme; chain coverage and report-back ratios.
//!
//! Contract: pure and deterministic (no I/O, sorted output). The model, for auditors:
//!
//! - **Unit rung** = R1 for any theme hit; if the unit carries the goal facet (own words, its
//!   heading or its table header), the highest rung among its facets: goal R2, action R3,
//!   indicator/target R4, binding/owner R5, resources R6, outcome R7, evaluation R8.
//! - **Cell rung** (theme × document or level) = the highest unit rung; the cell's facet vector
//!   is the union of the facets of the units that mention the theme.
//! - **Visibility score** 0–100 = depth + breadth. Depth = 80 × min(rung, expected) / expected,
//!   where expected is the level's expected rung (R2 for levels without one). Breadth = 4 points
//!   per goal-bearing unit (rung ≥ R2) mentioning the theme, at most 20.
//! - **Density** = theme hits per 10,000 words of the document or level.
//! - **Traced themes**: those that reach ≥ R2 in the welfare report (`hvk`), ranked by the
//!   number of goal-bearing HVK units (then hits); pinned themes are added. Without an HVK, all
//!   themes are traced.
//! - **Drop-off point**: walking the chain after the HVK over the levels present in the corpus
//!   and having an expected rung, the first level where the theme's rung is below expected − 1
//!   (planning levels, expected ≤ R6) or below expected (reporting levels: the interim report,
//!   financial statement and annual report must report an outcome, R7; the evaluation report
//!   must evaluate, R8).
//! - **Chain coverage** = traced themes with ≥ R4 in the budget ÷ themes with ≥ R2 in the HVK.
//!   **Report-back** = themes with ≥ R7 in the financial statement or annual report ÷ themes with
//!   ≥ R5 in the budget.

use crate::analyse::lexicon::Lexicon;
use crate::corpus::{AnalysedDoc, AnalysedUnit};
use crate::model::{Facet, FacetSet, Level, Rung};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One unit behind a cell: where it is and why it counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub doc: String,
    pub page: usize,
    /// The number the page prints, when known (cite both: the file's page and the printed one).
    pub page_label: Option<String>,
    pub unit: usize,
    pub kind: &'static str,
    pub heading_path: Vec<String>,
    pub text: String,
    pub terms: Vec<String>,
    pub matched: Vec<String>,
    pub facets: FacetSet,
    pub facet_cues: Vec<String>,
    pub rung: Rung,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub rung: Rung,
    pub facets: FacetSet,
    pub hits: usize,
    pub units: usize,
    pub goal_units: usize,
    pub words: usize,
    pub expected: Option<Rung>,
    pub evidence: Vec<Evidence>,
}

impl Cell {
    pub fn density(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.hits as f64 * 10_000.0 / self.words as f64
        }
    }
    pub fn depth_points(&self) -> f64 {
        let exp = f64::from(self.expected.unwrap_or(Rung(2)).0);
        80.0 * f64::from(self.rung.0).min(exp) / exp
    }
    pub fn breadth_points(&self) -> f64 {
        (4 * self.goal_units).min(20) as f64
    }
    pub fn score(&self) -> u8 {
        (self.depth_points() + self.breadth_points()).round() as u8
    }
    /// Add `other`'s counts to this cell, leaving its evidence out.
    fn absorb_counts(&mut self, other: &Cell) {
        self.rung = self.rung.max(other.rung);
        self.facets = self.facets.union(other.facets);
        self.hits += other.hits;
        self.units += other.units;
        self.goal_units += other.goal_units;
        self.words += other.words;
    }
    fn absorb(&mut self, mut other: Cell) {
        self.absorb_counts(&other);
        self.evidence.append(&mut other.evidence);
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DropOff {
    pub level: Level,
    pub rung: Rung,
    pub expected: Rung,
    /// Facets that would have lifted the theme to the expected rung, none of which was found.
    pub missing: Vec<Facet>,
}

#[derive(Debug, Clone)]
pub struct ThemeTrace {
    /// The theme's id (lexicon or manifest).
    pub theme: String,
    /// Goal-bearing units in the HVK (0 when there is no HVK or the theme was pinned).
    pub hvk_weight: usize,
    pub pinned: bool,
    /// Theme × document; these cells keep no evidence (the level cells hold it).
    pub by_doc: BTreeMap<String, Cell>,
    pub by_level: BTreeMap<Level, Cell>,
    /// Theme × level × year (the document's year, [`AnalysedDoc::year`]); documents without a
    /// year are not in it. The same units as `by_level`, so these cells keep no evidence.
    pub by_level_year: BTreeMap<Level, BTreeMap<u32, Cell>>,
    pub dropoff: Option<DropOff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TracedFrom {
    Hvk,
    AllThemesNoHvk,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ratio {
    pub num: usize,
    pub den: usize,
}

impl Ratio {
    pub fn value(self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }
}

#[derive(Debug, Clone)]
pub struct Scores {
    pub traced: Vec<ThemeTrace>,
    pub traced_from: TracedFrom,
    /// Levels with at least one document, in chain order.
    pub levels: Vec<Level>,
    pub chain_coverage: Option<Ratio>,
    pub report_back: Option<Ratio>,
}

/// The levels a document counts for: its own, or those of its sections.
fn doc_levels(d: &AnalysedDoc) -> Vec<Level> {
    if d.sections.is_empty() {
        d.level.into_iter().collect()
    } else {
        let mut l: Vec<Level> = d.sections.iter().filter_map(|s| s.level).collect();
        l.sort();
        l.dedup();
        l
    }
}

/// The year each unit counts for: its section's own year (a minutes item naming one, `§ 99
/// Talousarvio 2026`), else the document's.
fn unit_years(doc: &AnalysedDoc) -> Vec<Option<u32>> {
    let mut k = 0;
    (0..doc.units.len())
        .map(|i| {
            while k + 1 < doc.sections.len() && doc.sections[k + 1].from_unit <= i {
                k += 1;
            }
            doc.sections
                .get(k)
                .filter(|s| s.from_unit <= i)
                .and_then(|s| s.year)
                .or(doc.year)
        })
        .collect()
}

/// Per-theme cell of one document, or of its units of one level (`only`), or of those units
/// that count for one year (`year`: `(the year, each unit's year)`).
fn doc_cell(
    doc: &AnalysedDoc,
    theme: usize,
    only: Option<Level>,
    year: Option<(u32, &[Option<u32>])>,
    with_evidence: bool,
) -> Cell {
    let units = doc.units.iter().enumerate().filter_map(move |(i, u)| {
        let level_ok = only.is_none() || u.level == only;
        let year_ok = year.is_none_or(|(y, years)| years.get(i).copied().flatten() == Some(y));
        (level_ok && year_ok).then_some(u)
    });
    let mut c = Cell {
        words: if only.is_none() {
            doc.words
        } else {
            units.clone().map(|u| u.analysis.words).sum()
        },
        expected: only.or(doc.level).and_then(Level::expected_rung),
        ..Cell::default()
    };
    for au in units {
        let hits: Vec<_> = au
            .analysis
            .hits
            .iter()
            .filter(|h| h.theme == theme)
            .collect();
        if hits.is_empty() {
            continue;
        }
        let rung = au.analysis.facets.rung();
        c.rung = c.rung.max(rung);
        c.facets = c.facets.union(au.analysis.facets);
        c.hits += hits.len();
        c.units += 1;
        if rung >= Rung(2) {
            c.goal_units += 1;
        }
        if !with_evidence {
            continue;
        }
        c.evidence.push(evidence(
            doc,
            au,
            &hits
                .iter()
                .map(|h| (h.term.clone(), h.matched.clone()))
                .collect::<Vec<_>>(),
            rung,
        ));
    }
    c
}

fn evidence(
    doc: &AnalysedDoc,
    au: &AnalysedUnit,
    hits: &[(String, String)],
    rung: Rung,
) -> Evidence {
    let mut terms: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
    terms.sort();
    terms.dedup();
    let mut matched: Vec<String> = hits.iter().map(|h| h.1.clone()).collect();
    matched.dedup();
    Evidence {
        doc: doc.id.clone(),
        page: au.unit.page,
        page_label: au.unit.page_label.clone(),
        unit: au.unit.index,
        kind: au.unit.kind.id(),
        heading_path: au.unit.heading_path.clone(),
        text: au.unit.text.clone(),
        terms,
        matched,
        facets: au.analysis.facets,
        facet_cues: au
            .analysis
            .cues
            .iter()
            .map(|c| format!("{}: {}", c.facet.id(), c.matched))
            .collect(),
        rung,
    }
}

/// Score a corpus for the lexicon's themes (the lexicon the documents were analysed with);
/// `pinned` lists theme ids traced whatever the HVK says.
pub fn score(docs: &[AnalysedDoc], lex: &Lexicon, pinned: &[String]) -> Scores {
    let mut levels: Vec<Level> = docs.iter().flat_map(doc_levels).collect();
    levels.sort();
    levels.dedup();

    // Each unit's year, for the documents whose sections name their own (minutes items); once
    // per document, not per theme.
    let years_of: Vec<Option<Vec<Option<u32>>>> = docs
        .iter()
        .map(|d| {
            d.sections
                .iter()
                .any(|s| s.year.is_some())
                .then(|| unit_years(d))
        })
        .collect();
    let mut all: Vec<ThemeTrace> = (0..lex.themes.len())
        .into_par_iter()
        .map(|t| {
            let mut by_doc = BTreeMap::new();
            let mut by_level: BTreeMap<Level, Cell> = BTreeMap::new();
            let mut by_level_year: BTreeMap<Level, BTreeMap<u32, Cell>> = BTreeMap::new();
            let empty = |l: Level| Cell {
                expected: l.expected_rung(),
                ..Cell::default()
            };
            for (d, years) in docs.iter().zip(&years_of) {
                // The document cell keeps no evidence: the level cells hold it, each item
                // naming its document.
                let whole = doc_cell(d, t, None, None, false);
                for l in doc_levels(d) {
                    let only = (!d.sections.is_empty()).then_some(l);
                    let part = doc_cell(d, t, only, None, true);
                    let mut by_year = |y: u32, cell: &Cell| {
                        by_level_year
                            .entry(l)
                            .or_default()
                            .entry(y)
                            .or_insert_with(|| empty(l))
                            .absorb_counts(cell);
                    };
                    if let Some(years) = years {
                        let mut ys: Vec<u32> = d
                            .units
                            .iter()
                            .zip(years)
                            .filter(|(u, _)| u.level == Some(l))
                            .filter_map(|(_, y)| *y)
                            .collect();
                        ys.sort_unstable();
                        ys.dedup();
                        for y in ys {
                            by_year(y, &doc_cell(d, t, only, Some((y, years)), false));
                        }
                    } else if let Some(y) = d.year {
                        by_year(y, &part);
                    }
                    by_level.entry(l).or_insert_with(|| empty(l)).absorb(part);
                }
                by_doc.insert(d.id.clone(), whole);
            }
            let hvk_weight = by_level.get(&Level::Hvk).map_or(0, |c| c.goal_units);
            let id = &lex.themes[t].id;
            ThemeTrace {
                theme: id.clone(),
                hvk_weight,
                pinned: pinned.contains(id),
                by_doc,
                by_level,
                by_level_year,
                dropoff: None,
            }
        })
        .collect();

    let has_hvk = levels.contains(&Level::Hvk);
    let traced_from = if has_hvk {
        TracedFrom::Hvk
    } else {
        TracedFrom::AllThemesNoHvk
    };
    let hvk_rung = |t: &ThemeTrace| t.by_level.get(&Level::Hvk).map_or(Rung(0), |c| c.rung);
    let hvk_hits = |t: &ThemeTrace| t.by_level.get(&Level::Hvk).map_or(0, |c| c.hits);
    if has_hvk {
        all.retain(|t| hvk_rung(t) >= Rung(2) || t.pinned);
        all.sort_by(|a, b| {
            b.hvk_weight
                .cmp(&a.hvk_weight)
                .then(hvk_hits(b).cmp(&hvk_hits(a)))
                .then(a.theme.cmp(&b.theme))
        });
    }
    for t in &mut all {
        t.dropoff = dropoff(t, &levels);
    }

    let rung_at = |t: &ThemeTrace, l: Level| t.by_level.get(&l).map_or(Rung(0), |c| c.rung);
    let chain_coverage = (has_hvk && levels.contains(&Level::Budget)).then(|| Ratio {
        num: all
            .iter()
            .filter(|t| hvk_rung(t) >= Rung(2) && rung_at(t, Level::Budget) >= Rung(4))
            .count(),
        den: all.iter().filter(|t| hvk_rung(t) >= Rung(2)).count(),
    });
    let reports =
        levels.contains(&Level::FinancialStatement) || levels.contains(&Level::AnnualReport);
    let report_back = (levels.contains(&Level::Budget) && reports).then(|| {
        let planned: Vec<&ThemeTrace> = all
            .iter()
            .filter(|t| rung_at(t, Level::Budget) >= Rung(5))
            .collect();
        Ratio {
            num: planned
                .iter()
                .filter(|t| {
                    rung_at(t, Level::FinancialStatement).max(rung_at(t, Level::AnnualReport))
                        >= Rung(7)
                })
                .count(),
            den: planned.len(),
        }
    });
    Scores {
        traced: all,
        traced_from,
        levels,
        chain_coverage,
        report_back,
    }
}

fn dropoff(t: &ThemeTrace, levels: &[Level]) -> Option<DropOff> {
    for &level in levels.iter().filter(|l| **l != Level::Hvk) {
        let Some(expected) = level.expected_rung() else {
            continue;
        };
        let tolerance = if expected <= Rung(6) { 1 } else { 0 };
        let cell = t.by_level.get(&level);
        let rung = cell.map_or(Rung(0), |c| c.rung);
        if rung.0 + tolerance < expected.0 {
            let facets = cell.map_or(FacetSet::default(), |c| c.facets);
            let mut missing: Vec<Facet> = Facet::ALL
                .into_iter()
                .filter(|f| f.rung() > rung && f.rung() <= expected && !facets.contains(*f))
                .collect();
            missing.sort_by_key(|f| f.rung());
            return Some(DropOff {
                level,
                rung,
                expected,
                missing,
            });
        }
    }
    None
}
