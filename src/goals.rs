//! Goal units and goal-level tracing: from "the theme is there" to "this goal of the welfare
//! report reached this budget row".
//!
//! **Goal units** are read from the structures that carry goals:
//! - goal tables: a header row whose cells name two or more of goal, action, indicator, target,
//!   owner, resources and outcome (the facet cues of `lexicons/facets.toml`: Tavoite, Toimenpide,
//!   Mittari, Tavoitetaso, Vastuu, Määräraha, Toteuma …) including a goal column; each row under
//!   it is a goal unit whose cells are read by their column;
//! - labelled blocks: a unit with `Tavoite:` and at least one more label (`Mittari:`, `Vastuu:`,
//!   `Toimenpide:`, `Tavoitetaso:`, `Määräraha:`, `Toteuma:`);
//! - list items under a heading that names goals.
//!
//! **HVK goal items** are the goal units of the welfare report, with stable ids (`hvk-01-…`).
//! Each is traced down the chain: at every judged level after the HVK the best unit of the same
//! theme whose goal words overlap the item's (two shared word stems, or one for a short goal) and
//! whose document's years meet the item's is its match; the item is *covered* there when the
//! match reaches the level's expected rung (minus the tolerance of the drop-off rule), *shallow*
//! when it is below, *uncovered* when nothing matches. Outcomes reported in the financial
//! statement or annual report without a planned goal of the same year (budget or operating plan)
//! are *reported without a plan*; binding budget goals that no report of the same year comes back
//! to are *planned, not reported*.

use crate::analyse::{self, lexicon::Lexicon};
use crate::corpus::{AnalysedDoc, AnalysedUnit};
use crate::model::{Facet, FacetSet, Level, Rung, UnitKind};
use std::collections::BTreeSet;

/// One goal as a document states it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalUnit {
    pub doc: String,
    pub level: Option<Level>,
    pub years: Vec<u32>,
    pub page: usize,
    pub unit: usize,
    /// The goal as written (the goal cell, or the text after `Tavoite:`).
    pub goal: String,
    /// Other fields by facet (indicator, owner, resources …), as written.
    pub fields: Vec<(Facet, String)>,
    pub themes: Vec<usize>,
    pub facets: FacetSet,
    pub rung: Rung,
    /// Word stems of the goal text used to pair goals across documents.
    stems: BTreeSet<String>,
}

/// Column roles in goal tables, in the order a header cell is tried.
const COLUMN_FACETS: [Facet; 7] = [
    Facet::Target,
    Facet::Indicator,
    Facet::Owner,
    Facet::Resources,
    Facet::Outcome,
    Facet::Action,
    Facet::Goal,
];

/// The facets a header cell names (`Mittari ja tavoitetaso` names indicator and target).
fn header_facets(cell: &str, lex: &Lexicon) -> FacetSet {
    analyse::analyse_text(cell, lex, FacetSet::default()).facets
}

/// Stems of the content words of a goal text: words of four or more letters, cut to five
/// (`vähenee` and `vähentää` meet at `vähen`).
fn stems(text: &str) -> BTreeSet<String> {
    analyse::text::tokenize(text)
        .into_iter()
        .filter(|t| t.text.chars().count() >= 4 && t.text.chars().all(char::is_alphabetic))
        .map(|t| t.text.chars().take(5).collect())
        .collect()
}

fn unit_goal(
    doc: &AnalysedDoc,
    au: &AnalysedUnit,
    goal: String,
    fields: Vec<(Facet, String)>,
) -> GoalUnit {
    let mut themes = au.analysis.themes();
    themes.dedup();
    GoalUnit {
        doc: doc.id.clone(),
        level: au.level,
        years: doc.years.clone(),
        page: au.unit.page,
        unit: au.unit.index,
        stems: stems(&goal),
        goal,
        fields,
        themes,
        facets: au.analysis.facets,
        rung: au.analysis.facets.rung(),
    }
}

const LABELS: [(&str, Option<Facet>); 9] = [
    ("tavoite", Some(Facet::Goal)),
    ("toimenpide", Some(Facet::Action)),
    ("toimenpiteet", Some(Facet::Action)),
    ("mittari", Some(Facet::Indicator)),
    ("tavoitetaso", Some(Facet::Target)),
    ("vastuu", Some(Facet::Owner)),
    ("vastuutaho", Some(Facet::Owner)),
    ("määräraha", Some(Facet::Resources)),
    ("toteuma", Some(Facet::Outcome)),
];

/// `Tavoite: … Mittari: … Vastuu: …` → fields, if the goal label and one more are present.
fn labelled(text: &str) -> Option<(String, Vec<(Facet, String)>)> {
    let lower = text.to_lowercase();
    let mut marks: Vec<(usize, usize, Facet)> = Vec::new();
    for (label, facet) in LABELS {
        let pat = format!("{label}:");
        for (i, _) in lower.match_indices(&pat) {
            let starts_word = i == 0 || !lower[..i].chars().last().is_some_and(char::is_alphabetic);
            if let (true, Some(f)) = (starts_word, facet) {
                marks.push((i, i + pat.len(), f));
            }
        }
    }
    marks.sort();
    marks.dedup_by_key(|m| m.0);
    if marks.len() < 2 || !marks.iter().any(|m| m.2 == Facet::Goal) {
        return None;
    }
    let mut goal = String::new();
    let mut fields = Vec::new();
    for (k, &(_, end, facet)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(text.len(), |m| m.0);
        let value = text
            .get(end..stop)
            .unwrap_or("")
            .trim()
            .trim_end_matches('.')
            .trim()
            .to_string();
        if facet == Facet::Goal && goal.is_empty() {
            goal = value;
        } else if !value.is_empty() {
            fields.push((facet, value));
        }
    }
    (!goal.is_empty()).then_some((goal, fields))
}

/// The goal units of one document.
pub fn goal_units(doc: &AnalysedDoc, lex: &Lexicon) -> Vec<GoalUnit> {
    let mut out = Vec::new();
    // Column roles of each goal-table header (by unit index).
    let mut headers: std::collections::HashMap<usize, Vec<FacetSet>> =
        std::collections::HashMap::new();
    for au in &doc.units {
        let u = &au.unit;
        if u.kind == UnitKind::TableRow && u.table_header.is_none() {
            let roles: Vec<FacetSet> = u.text.split(" | ").map(|c| header_facets(c, lex)).collect();
            let named: FacetSet = roles.iter().fold(FacetSet::default(), |a, r| a.union(*r));
            let kinds = COLUMN_FACETS.iter().filter(|f| named.contains(**f)).count();
            if kinds >= 2 && roles.iter().any(|r| r.contains(Facet::Goal)) {
                headers.insert(u.index, roles);
            }
            continue;
        }
        if u.kind == UnitKind::TableRow {
            let Some(roles) = u.table_header.and_then(|h| headers.get(&h)) else {
                continue;
            };
            let cells: Vec<&str> = u.text.split(" | ").collect();
            let mut goal = String::new();
            let mut fields = Vec::new();
            for (cell, role) in cells.iter().zip(roles) {
                // A column is the first of its roles in COLUMN_FACETS order, goal last: "Sitova
                // tavoite" is the goal, "Tavoitetaso" the target.
                let Some(facet) = COLUMN_FACETS.iter().copied().find(|f| role.contains(*f)) else {
                    continue;
                };
                if facet == Facet::Goal && goal.is_empty() {
                    goal = cell.trim().to_string();
                } else if !cell.trim().is_empty() {
                    fields.push((facet, cell.trim().to_string()));
                }
            }
            if !goal.is_empty() {
                out.push(unit_goal(doc, au, goal, fields));
            }
            continue;
        }
        if let Some((goal, fields)) = labelled(&u.text) {
            out.push(unit_goal(doc, au, goal, fields));
        }
    }
    out
}

/// How an HVK goal fares at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Covered,
    Shallow,
    Uncovered,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Shallow => "shallow",
            Status::Uncovered => "uncovered",
        }
    }
}

/// A match of an HVK goal at one level: where, and how deep.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub doc: String,
    pub page: usize,
    pub unit: usize,
    pub text: String,
    pub rung: Rung,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelTrace {
    pub level: Level,
    pub status: Status,
    pub expected: Rung,
    pub found: Option<Match>,
}

/// One goal of the welfare report and its way down the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalItem {
    pub id: String,
    pub goal: GoalUnit,
    pub trace: Vec<LevelTrace>,
}

impl GoalItem {
    /// The first level where the goal is not covered.
    pub fn dropoff(&self) -> Option<&LevelTrace> {
        self.trace.iter().find(|t| t.status != Status::Covered)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Goals {
    pub items: Vec<GoalItem>,
    /// Outcomes reported without a planned goal of the same year.
    pub reported_without_plan: Vec<GoalUnit>,
    /// Binding budget goals that no report of the same year comes back to.
    pub planned_not_reported: Vec<GoalUnit>,
}

fn slug(text: &str) -> String {
    let words: Vec<String> = analyse::text::tokenize(text)
        .into_iter()
        .filter(|t| t.text.chars().all(char::is_alphabetic))
        .take(4)
        .map(|t| {
            t.text
                .chars()
                .map(|c| match c {
                    'ä' | 'å' => 'a',
                    'ö' => 'o',
                    c => c,
                })
                .collect()
        })
        .collect();
    words.join("-")
}

fn years_meet(a: &[u32], b: &[u32]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|y| b.contains(y))
}

/// Do two goal statements speak of the same goal: a shared theme and overlapping goal words?
fn same_goal(a: &GoalUnit, b_themes: &[usize], b_stems: &BTreeSet<String>) -> bool {
    let shared = a.stems.intersection(b_stems).count();
    let need = if a.stems.len().min(b_stems.len()) <= 3 {
        1
    } else {
        2
    };
    a.themes.iter().any(|t| b_themes.contains(t)) && shared >= need
}

/// Units of one level (from any document) that can carry a goal: every unit with a theme.
fn candidates<'a>(
    docs: &'a [AnalysedDoc],
    level: Level,
) -> impl Iterator<Item = (&'a AnalysedDoc, &'a AnalysedUnit)> {
    docs.iter().flat_map(move |d| {
        d.units
            .iter()
            .filter(move |u| u.level == Some(level) && !u.analysis.hits.is_empty())
            .map(move |u| (d, u))
    })
}

pub fn trace(docs: &[AnalysedDoc], lex: &Lexicon, levels: &[Level]) -> Goals {
    let units: Vec<GoalUnit> = docs.iter().flat_map(|d| goal_units(d, lex)).collect();
    let items: Vec<GoalItem> = units
        .iter()
        .filter(|g| g.level == Some(Level::Hvk) && !g.themes.is_empty())
        .enumerate()
        .map(|(i, g)| {
            let trace = levels
                .iter()
                .filter(|l| **l != Level::Hvk)
                .filter_map(|&level| {
                    let expected = level.expected_rung()?;
                    let tolerance = if expected <= Rung(6) { 1 } else { 0 };
                    let found = candidates(docs, level)
                        .filter(|(d, u)| {
                            years_meet(&g.years, &d.years)
                                && same_goal(g, &u.analysis.themes(), &stems(&u.unit.text))
                        })
                        .map(|(d, u)| Match {
                            doc: d.id.clone(),
                            page: u.unit.page,
                            unit: u.unit.index,
                            text: u.unit.text.clone(),
                            rung: u.analysis.facets.rung(),
                        })
                        .max_by_key(|m| (m.rung, std::cmp::Reverse((m.doc.clone(), m.unit))));
                    let status = match &found {
                        None => Status::Uncovered,
                        Some(m) if m.rung.0 + tolerance >= expected.0 => Status::Covered,
                        Some(_) => Status::Shallow,
                    };
                    Some(LevelTrace {
                        level,
                        status,
                        expected,
                        found,
                    })
                })
                .collect();
            GoalItem {
                id: format!("hvk-{:02}-{}", i + 1, slug(&g.goal)),
                goal: g.clone(),
                trace,
            }
        })
        .collect();
    let planning = |g: &GoalUnit| matches!(g.level, Some(Level::Budget | Level::OperatingPlan));
    let reporting = |g: &GoalUnit| {
        matches!(
            g.level,
            Some(Level::FinancialStatement | Level::AnnualReport | Level::InterimReport)
        ) && g.facets.contains(Facet::Outcome)
    };
    let pairs = |a: &GoalUnit, b: &GoalUnit| {
        years_meet(&a.years, &b.years) && same_goal(a, &b.themes, &b.stems)
    };
    let reported_without_plan = units
        .iter()
        .filter(|r| {
            reporting(r)
                && !r.themes.is_empty()
                && !units.iter().any(|p| planning(p) && pairs(r, p))
        })
        .cloned()
        .collect();
    let planned_not_reported = units
        .iter()
        .filter(|p| {
            p.level == Some(Level::Budget)
                && p.facets.contains(Facet::Binding)
                && !p.themes.is_empty()
        })
        .filter(|p| {
            !units.iter().any(|r| {
                reporting(r)
                    && matches!(
                        r.level,
                        Some(Level::FinancialStatement | Level::AnnualReport)
                    )
                    && pairs(p, r)
            })
        })
        .cloned()
        .collect();
    Goals {
        items,
        reported_without_plan,
        planned_not_reported,
    }
}

#[cfg(test)]
mod tests {
    use super::labelled;
    use crate::model::Facet;

    #[test]
    fn labelled_blocks() {
        let (goal, fields) = labelled("Tavoite: kuntalaisten liikunta lisääntyy. Mittari: riittävästi liikkuvien osuus. Vastuu: vapaa-aikalautakunta.").unwrap();
        assert_eq!(goal, "kuntalaisten liikunta lisääntyy");
        assert_eq!(
            fields,
            [
                (Facet::Indicator, "riittävästi liikkuvien osuus".to_string()),
                (Facet::Owner, "vapaa-aikalautakunta".to_string())
            ]
        );
        assert!(labelled("Tavoitteena on lisätä liikuntaa.").is_none());
        assert!(labelled("Mittari: osuus. Vastuu: lautakunta.").is_none());
    }
}
