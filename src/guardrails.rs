//! Guardrails: what a person reading the analysis needs to be told before acting on it. Each is
//! computed from the classified corpus, typed here, worded in fi/sv/en by `report::i18n`, and
//! shown in the terminal report and the JSON (`guardrails`). Criteria:
//!
//! - **Two welfare reports**: two or more documents (or book sections) are placed at the HVK
//!   level, by the manifest or by inference. `§` items of minutes that present the HVK are not
//!   counted: they are about it, not it.
//! - **Tie / weak level**: a document's inferred level won a tie (the two best levels had the
//!   same points; the earlier in the chain was taken), or is weak: no title or file-name cue
//!   named it (body cues alone placed it), or it had less than
//!   [`crate::classify::WEAK_CONFIDENCE`] of the two best levels' points.
//! - **Years mixed**: the whole documents of one level are counted for two or more different
//!   years: its level cell pools them (`level_years` in the JSON keeps them apart). Minutes are
//!   left out: a series of minutes spans years by nature.
//! - **Partly covered level**: every source of a level is partial — a `§` item of minutes (it
//!   presents or decides on the document, it is not the document), or a document or book
//!   section whose title or file name names one body (`[one-body]` cues of `levels.toml`:
//!   `sivistyslautakunnan käyttösuunnitelma`, `bildningsnämndens verksamhetsplan`) at a level
//!   each body writes for its own area (budget, operating plan, interim and annual report; not
//!   the audit committee's evaluation report). A theme
//!   absent there is not shown absent from the level: other bodies' documents are not in the
//!   folder.

use crate::analyse::matcher;
use crate::analyse::text;
use crate::corpus::{AnalysedDoc, Corpus, LevelSource};
use crate::model::Level;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
pub enum Guardrail {
    /// Documents placed at the HVK level (two or more).
    TwoWelfareReports { docs: Vec<String> },
    /// An inferred level that won a tie with `other`.
    LevelTie {
        doc: String,
        level: Level,
        other: Level,
    },
    /// An inferred level without a title or file-name cue, or with a low share of the points.
    LevelWeak {
        doc: String,
        level: Level,
        confidence: f64,
    },
    /// The whole documents of a level are counted for different years.
    YearsMixed {
        level: Level,
        years: Vec<u32>,
        docs: Vec<String>,
    },
    /// Every source of a level is partial (minutes items, one body's documents).
    PartlyCovered { level: Level, docs: Vec<String> },
}

impl Guardrail {
    pub fn id(&self) -> &'static str {
        match self {
            Guardrail::TwoWelfareReports { .. } => "two-welfare-reports",
            Guardrail::LevelTie { .. } => "level-tie",
            Guardrail::LevelWeak { .. } => "level-weak",
            Guardrail::YearsMixed { .. } => "years-mixed",
            Guardrail::PartlyCovered { .. } => "level-partly-covered",
        }
    }

    /// The documents it is about.
    pub fn docs(&self) -> Vec<String> {
        match self {
            Guardrail::TwoWelfareReports { docs }
            | Guardrail::YearsMixed { docs, .. }
            | Guardrail::PartlyCovered { docs, .. } => docs.clone(),
            Guardrail::LevelTie { doc, .. } | Guardrail::LevelWeak { doc, .. } => {
                vec![doc.clone()]
            }
        }
    }

    /// The level it is about, if one.
    pub fn level(&self) -> Option<Level> {
        match self {
            Guardrail::TwoWelfareReports { .. } => Some(Level::Hvk),
            Guardrail::LevelTie { level, .. }
            | Guardrail::LevelWeak { level, .. }
            | Guardrail::YearsMixed { level, .. }
            | Guardrail::PartlyCovered { level, .. } => Some(*level),
        }
    }
}

/// The whole-document or book-section levels of a document (minutes items left out).
fn own_levels(d: &AnalysedDoc) -> Vec<Level> {
    if matches!(d.level_source, LevelSource::Minutes) {
        return Vec::new();
    }
    let mut l: Vec<Level> = d.level.into_iter().collect();
    l.extend(d.sections.iter().filter_map(|s| s.level));
    l.sort();
    l.dedup();
    l
}

/// Levels written by each body for its own area (an audit committee's evaluation report or a
/// welfare report prepared by one committee is the whole municipality's).
fn per_body(l: Level) -> bool {
    matches!(
        l,
        Level::Budget | Level::OperatingPlan | Level::InterimReport | Level::AnnualReport
    )
}

/// Does the document (its title or file name) name one body?
fn one_body(d: &AnalysedDoc, lex: &crate::analyse::lexicon::Lexicon) -> bool {
    let name = d.id.rsplit('/').next().unwrap_or(&d.id);
    [d.title.as_str(), &name.replace(['-', '_', '.'], " ")]
        .iter()
        .any(|s| {
            let toks = text::tokenize(&text::normalise(s));
            lex.one_body
                .iter()
                .any(|t| !matcher::find(t, &toks).is_empty())
        })
}

/// The levels a document is a source for (its own and its sections'), each with whether it is
/// a partial source of that level, judged for that level itself: every level of minutes (its `§`
/// items present or decide on documents, they are not them), and, in a document that names one
/// body, the levels each body writes for its own area ([`per_body`]). A one-body document's
/// section of a whole-municipality level (an evaluation report) is a full source of it, and a
/// one-body book's operating-plan section is partial even when the book's own level is not.
fn source_levels(
    level: Option<Level>,
    sections: &[Option<Level>],
    minutes: bool,
    one_body: bool,
) -> Vec<(Level, bool)> {
    let mut levels: Vec<Level> = level
        .into_iter()
        .chain(sections.iter().flatten().copied())
        .collect();
    levels.sort();
    levels.dedup();
    levels
        .into_iter()
        .map(|l| (l, minutes || one_body && per_body(l)))
        .collect()
}

/// The guardrails of a classified corpus, in a fixed order (kind, then level, then document).
pub fn check(c: &Corpus, lex: &crate::analyse::lexicon::Lexicon) -> Vec<Guardrail> {
    let mut out = Vec::new();
    let hvk: Vec<String> = c
        .docs
        .iter()
        .filter(|d| own_levels(d).contains(&Level::Hvk))
        .map(|d| d.id.clone())
        .collect();
    if hvk.len() >= 2 {
        out.push(Guardrail::TwoWelfareReports { docs: hvk });
    }
    for d in &c.docs {
        if let LevelSource::Inferred(i) = &d.level_source {
            if let (true, Some((other, _))) = (i.is_tie(), i.runner_up) {
                out.push(Guardrail::LevelTie {
                    doc: d.id.clone(),
                    level: i.level,
                    other,
                });
            } else if i.is_weak() {
                out.push(Guardrail::LevelWeak {
                    doc: d.id.clone(),
                    level: i.level,
                    confidence: i.confidence,
                });
            }
        }
    }
    let mut by_level: BTreeMap<Level, (BTreeSet<u32>, Vec<String>)> = BTreeMap::new();
    for d in &c.docs {
        for l in own_levels(d) {
            let e = by_level.entry(l).or_default();
            e.0.extend(d.year);
            e.1.push(d.id.clone());
        }
    }
    for (level, (years, docs)) in &by_level {
        if years.len() >= 2 {
            out.push(Guardrail::YearsMixed {
                level: *level,
                years: years.iter().copied().collect(),
                docs: docs.clone(),
            });
        }
    }
    // Sources per level: (document, partial?).
    let mut sources: BTreeMap<Level, Vec<(String, bool)>> = BTreeMap::new();
    for d in &c.docs {
        let minutes = matches!(d.level_source, LevelSource::Minutes);
        let sections: Vec<Option<Level>> = d.sections.iter().map(|s| s.level).collect();
        for (l, partial) in source_levels(d.level, &sections, minutes, one_body(d, lex)) {
            sources.entry(l).or_default().push((d.id.clone(), partial));
        }
    }
    for (level, src) in sources {
        if src.iter().all(|(_, p)| *p) {
            out.push(Guardrail::PartlyCovered {
                level,
                docs: src.into_iter().map(|(d, _)| d).collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_coverage_is_judged_per_level() {
        use Level::*;
        // A committee's budget with an evaluation section: the budget is that body's only, the
        // evaluation (the audit committee's, for the whole municipality) is not partial.
        assert_eq!(
            source_levels(
                Some(Budget),
                &[Some(Budget), Some(EvaluationReport)],
                false,
                true
            ),
            [(Budget, true), (EvaluationReport, false)]
        );
        // A committee's book whose own level is not written per body, with an operating-plan
        // section: that section is partial.
        assert_eq!(
            source_levels(Some(Strategy), &[Some(OperatingPlan)], false, true),
            [(Strategy, false), (OperatingPlan, true)]
        );
        // Minutes: every item's level is partial; items without a level are none.
        assert_eq!(
            source_levels(None, &[None, Some(Budget), Some(Hvk), None], true, false),
            [(Hvk, true), (Budget, true)]
        );
        // A whole municipality's document is a full source of each of its levels.
        assert_eq!(
            source_levels(
                Some(FinancialStatement),
                &[Some(AnnualReport), Some(FinancialStatement)],
                false,
                false
            ),
            [(FinancialStatement, false), (AnnualReport, false)]
        );
    }
}
