//! Goal units and goal-level tracing: from "the theme is there" to "this goal of the welfare
//! report reached this budget row".
//!
//! The vocabulary of these structures (field labels in Finnish and Swedish, goal-table header
//! hints, goal-card layouts, generic measure words) is data: `lexicons/goals.toml`, loaded into
//! [`Lexicon::goals`](crate::analyse::lexicon::Lexicon).
//!
//! **Goal units** are read from the structures that carry goals:
//! - goal tables: a header row whose cells name two or more of goal, action, indicator, target,
//!   owner, resources and outcome (the facet cues of `lexicons/facets.toml`: Tavoite, Toimenpide,
//!   Mittari, Tavoitetaso, Vastuu, Määräraha, Toteuma …) including a goal column; each row under
//!   it is a goal unit whose cells are read by their column;
//! - labelled blocks: a unit with a goal label (`Tavoite:`, `Mål:`) and at least one more label
//!   (`Mittari:`, `Vastuu:`, `Toimenpide:`, `Mätare:`, `Ansvarig:` …), or a numbered goal
//!   followed by such a label (`1. Kohtuulliset ryhmäkoot. Toteutuminen: …`);
//! - goal cards laid out over several units (`Talousarviotavoite` … `Mittari/mittarit`);
//! - items of goal lists: list items with a theme that state a goal or sit under a goal heading.
//!
//! **HVK goal items** are the goal units of the welfare report, with stable ids (`hvk-01-…`).
//! Each is traced down the chain: at every judged level after the HVK the best unit of the same
//! theme whose goal words overlap the item's (two shared word stems, or one for a short goal; stems
//! are `analyse::text::word_key`s, the matcher's key derivation) and
//! whose document's years meet the item's is its match; the item is *covered* there when the
//! match reaches the level's expected rung (minus the tolerance of the drop-off rule), *shallow*
//! when it is below, *uncovered* when nothing matches. Outcomes reported in the financial
//! statement or annual report without a planned goal of the same year (budget or operating plan)
//! are *reported without a plan*; binding budget goals that no report of the same year comes back
//! to are *planned, not reported*.

use crate::analyse::lexicon::{CardLayout, GoalVocab, Lexicon};
use crate::analyse::{self, text};
use crate::corpus::{AnalysedDoc, AnalysedUnit};
use crate::model::{Facet, FacetSet, Level, Rung, UnitKind};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// One goal as a document states it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalUnit {
    pub doc: String,
    pub level: Option<Level>,
    pub years: Vec<u32>,
    pub page: usize,
    /// The number the page prints, when known.
    pub page_label: Option<String>,
    pub unit: usize,
    /// The goal as written (the goal cell, or the text after `Tavoite:`).
    pub goal: String,
    /// Other fields by facet (indicator, owner, resources …), as written.
    pub fields: Vec<(Facet, String)>,
    /// Ids of the themes the goal's unit mentions.
    pub themes: Vec<String>,
    pub facets: FacetSet,
    pub rung: Rung,
    /// Word stems of the goal text used to pair goals across documents.
    stems: BTreeSet<String>,
    /// Stems of the indicator fields that name what is measured (generic measure words left
    /// out), so a goal worded differently but measured the same way still pairs.
    indicator_stems: BTreeSet<String>,
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

/// The facets a header cell names (`Mittari ja tavoitetaso` names indicator and target): its
/// facet cues, and the facet of a field label (`mätare:`, colon left out) it begins with
/// (`Mätare`, `Ansvarig`: a Swedish word alone in a cell is not told from Finnish by the
/// language guess its cues are read in).
fn header_facets(cell: &str, lex: &Lexicon) -> FacetSet {
    let mut facets = analyse::analyse_text(cell, lex, FacetSet::default()).facets;
    let lower = cell.trim().to_lowercase();
    for l in &lex.goals.labels {
        let Some(word) = l.text.strip_suffix(':') else {
            continue; // a goal card's compound label, not a column name
        };
        if lower
            .strip_prefix(word)
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
        {
            facets.insert(l.facet);
        }
    }
    facets
}

/// Stems of the content words of a goal text: the [`text::word_key`] of each word of four or
/// more letters (`vähenee` and `vähentää` meet at `vähen`), in the language the text is in.
fn stems(text: &str) -> BTreeSet<String> {
    let tokens = text::tokenize(text);
    let lang = text::detect_lang(&tokens);
    tokens
        .into_iter()
        .filter(|t| t.text.chars().count() >= 4 && t.text.chars().all(char::is_alphabetic))
        .map(|t| text::word_key(&t.text, lang))
        .collect()
}

/// What the indicator and target fields measure (a column `Mittari ja tavoitetaso` is read as a
/// target, and targets restate the measure: `Ahdistuneisuutta kokevien osuus alle 15 %`).
/// Generic measure words (`goals.toml`: `osuus`, `määrä`, `andel` …) are left out.
fn indicator_stems(fields: &[(Facet, String)], vocab: &GoalVocab) -> BTreeSet<String> {
    fields
        .iter()
        .filter(|(f, _)| matches!(f, Facet::Indicator | Facet::Target))
        .flat_map(|(_, text)| stems(text))
        .filter(|s| !vocab.is_generic_measure(s))
        .collect()
}

/// The ids of the themes a unit mentions, in lexicon order.
fn theme_ids(au: &AnalysedUnit, lex: &Lexicon) -> Vec<String> {
    au.analysis
        .themes()
        .into_iter()
        .map(|t| lex.themes[t].id.clone())
        .collect()
}

fn unit_goal(
    lex: &Lexicon,
    doc: &AnalysedDoc,
    au: &AnalysedUnit,
    goal: String,
    fields: Vec<(Facet, String)>,
) -> GoalUnit {
    let vocab = &lex.goals;
    let themes = theme_ids(au, lex);
    GoalUnit {
        doc: doc.id.clone(),
        level: au.level,
        years: doc.years.clone(),
        page: au.unit.page,
        page_label: au.unit.page_label.clone(),
        unit: au.unit.index,
        stems: stems(&goal),
        indicator_stems: indicator_stems(&fields, vocab),
        goal,
        fields,
        themes,
        facets: au.analysis.facets,
        rung: au.analysis.facets.rung(),
    }
}

/// A labelled goal block (`Tavoite: … Mittari: … Vastuu: …`, `Mål: … Mätare: …`, or a goal
/// card's `Talousarviotavoite … Mittari/mittarit …`) → the goal and its fields, if the goal
/// label and one more are present. Labels are those of `goals.toml`: those ending in a colon
/// need it, the compound labels of goal cards are recognised without one.
/// Does `text`, lower-cased, start with `lower_prefix` (which is lower case)?
fn starts_with_lower(text: &str, lower_prefix: &str) -> bool {
    let mut t = text.chars().flat_map(char::to_lowercase);
    lower_prefix.chars().all(|c| t.next() == Some(c))
}

fn labelled(text: &str, vocab: &GoalVocab) -> Option<(String, Vec<(Facet, String)>)> {
    // A goal label, in one of the usual cases, or a numbered goal: most units are passed over
    // without lower-casing.
    let numbered = text.starts_with(|c: char| c.is_ascii_digit());
    if !numbered && !vocab.mentions_label(text, true) {
        return None;
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None; // lower-casing changed byte offsets (rare letters): do not guess
    }
    let mut marks: Vec<(usize, usize, Facet)> = vocab
        .label_marks(&lower)
        .into_iter()
        .filter(|&(i, _, _)| i == 0 || !lower[..i].chars().last().is_some_and(char::is_alphabetic))
        .collect();
    // Where labels overlap (`sitova tavoite:` holds `tavoite:`), the one starting first wins.
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let mut kept: Vec<(usize, usize, Facet)> = Vec::new();
    for m in marks {
        if kept.last().is_none_or(|k| m.0 >= k.1) {
            kept.push(m);
        }
    }
    // A numbered goal ("1. Kohtuulliset ryhmäkoot perusopetuksessa. Toteutuminen: …"): the
    // number stands for the goal label.
    let number: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !number.is_empty()
        && text[number.len()..].starts_with(". ")
        && !kept.is_empty()
        && !kept.iter().any(|m| m.2 == Facet::Goal)
    {
        kept.insert(0, (0, number.len() + 2, Facet::Goal));
    }
    if kept.len() < 2 || !kept.iter().any(|m| m.2 == Facet::Goal) {
        return None;
    }
    let mut goal = String::new();
    let mut fields = Vec::new();
    for (k, &(_, end, facet)) in kept.iter().enumerate() {
        let stop = kept.get(k + 1).map_or(text.len(), |m| m.0);
        let value = text
            .get(end..stop)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '.')
            .to_string();
        if value.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        if facet == Facet::Goal && goal.is_empty() {
            goal = value;
        } else if !value.is_empty() {
            fields.push((facet, value));
        }
    }
    (!goal.is_empty()).then_some((goal, fields))
}

/// Numbered goals reported one after another in one paragraph ("… seuraavasti: 1. Kohtuulliset
/// ryhmäkoot. Toteutuminen: … 2. Oppilaiden tuki. Toteutuminen: …"): each numbered part that
/// carries another label is a goal.
fn numbered_goals(text: &str, vocab: &GoalVocab) -> Vec<(String, Vec<(Facet, String)>)> {
    if !vocab.mentions_label(text, false) {
        return Vec::new();
    }
    // Starts of `N. Capital`, at the start of the text or after a space.
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    for (i, c) in text.char_indices() {
        if !c.is_ascii_digit()
            || (i > 0 && bytes[i - 1] != b' ')
            || (i > 0 && bytes[i - 1].is_ascii_digit())
        {
            continue;
        }
        let digits = text[i..].chars().take_while(char::is_ascii_digit).count();
        let rest = &text[i + digits..];
        if digits <= 2
            && rest.starts_with(". ")
            && rest[2..].chars().next().is_some_and(char::is_uppercase)
        {
            starts.push(i);
        }
    }
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        if let Some(g) = labelled(&text[start..end], vocab) {
            out.push(g);
        }
    }
    out
}

/// The text after an outcome label that opens `text` (`Toteutuminen: …`, `numbered_outcome` in
/// `goals.toml`), which reports on the numbered goal or list item before it.
fn numbered_outcome<'t>(text: &'t str, vocab: &GoalVocab) -> Option<&'t str> {
    vocab.numbered_outcome.iter().find_map(|label| {
        // Labels are lower case without letters whose lower case changes length, so the label's
        // character count is the head's.
        let n = label.chars().count();
        let cut = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
        starts_with_lower(text, label).then(|| &text[cut..])
    })
}

/// The goal units of one document.
pub fn goal_units(doc: &AnalysedDoc, lex: &Lexicon) -> Vec<GoalUnit> {
    let vocab = &lex.goals;
    let mut out = Vec::new();
    // Column roles of each goal-table header (by unit index).
    let mut headers: std::collections::HashMap<usize, Vec<FacetSet>> =
        std::collections::HashMap::new();
    let mut previous: Option<&AnalysedUnit> = None;
    for au in &doc.units {
        let u = &au.unit;
        let before = previous.replace(au);
        // "1. Kohtuulliset ryhmäkoot perusopetuksessa." then "Toteutuminen: …" as the next unit.
        if let (Some(rest), Some(prev)) = (numbered_outcome(&u.text, vocab), before) {
            let number: String = prev
                .unit
                .text
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let goal = if prev.unit.kind == UnitKind::ListItem {
                Some(prev.unit.text.trim())
            } else {
                prev.unit.text[number.len()..]
                    .strip_prefix(". ")
                    .filter(|_| !number.is_empty())
            };
            if let Some(goal) = goal
                .map(|g| g.trim().trim_end_matches('.').to_string())
                .filter(|g| g.split_whitespace().count() <= 30)
            {
                let mut g = unit_goal(
                    lex,
                    doc,
                    au,
                    goal,
                    vec![(Facet::Outcome, rest.trim().to_string())],
                );
                g.themes.extend(theme_ids(prev, lex));
                g.themes.sort_unstable();
                g.themes.dedup();
                g.facets.insert(Facet::Goal);
                g.facets.insert(Facet::Outcome);
                g.rung = g.facets.rung();
                out.push(g);
                continue;
            }
        }
        if u.kind == UnitKind::TableRow && u.table_header.is_none() {
            let lower = u.text.to_lowercase();
            if !vocab
                .header_hints
                .iter()
                .any(|h| lower.contains(h.as_str()))
            {
                continue;
            }
            let roles: Vec<FacetSet> = u.cells.iter().map(|c| header_facets(c, lex)).collect();
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
            let cells = &u.cells;
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
                out.push(unit_goal(lex, doc, au, goal, fields));
            }
            continue;
        }
        let numbered = numbered_goals(&u.text, vocab);
        if !numbered.is_empty() {
            for (goal, fields) in numbered {
                out.push(unit_goal(lex, doc, au, goal, fields));
            }
        } else if let Some((goal, fields)) = labelled(&u.text, vocab) {
            out.push(unit_goal(lex, doc, au, goal, fields));
        } else if u.kind == UnitKind::ListItem
            && au.analysis.facets.contains(Facet::Goal)
            && !au.analysis.hits.is_empty()
        {
            // An item of a goal list (under a goal heading, or stating a goal itself).
            out.push(unit_goal(lex, doc, au, u.text.clone(), Vec::new()));
        }
    }
    out.extend(goal_cards(doc, lex));
    out.sort_by_key(|g| g.unit);
    out
}

/// A goal card being read (see [`goal_cards`]).
struct Card<'a> {
    layout: &'a CardLayout,
    status_expected: bool,
    goal: Option<&'a AnalysedUnit>,
    fields: Vec<(Facet, String)>,
    indicators: bool,
}

/// Goal cards laid out over several units, as in many municipal financial statements (layouts
/// in `goals.toml`): a `Talousarviotavoite | Tilannekuvaus ja riskiarvio` row, the goal and its
/// status as the next paragraphs, then a `Mittari/mittarit | Nykyarvo Tavoitearvo Toteuma-arvo`
/// row and one row per indicator (name, current value, target, outcome: the layout's
/// `columns`). A card ends at a heading, a new card, one of the layout's `ends` (a new
/// strategic line) or a new page.
fn goal_cards<'a>(doc: &'a AnalysedDoc, lex: &'a Lexicon) -> Vec<GoalUnit> {
    let vocab = &lex.goals;
    let mut out = Vec::new();
    if vocab.cards.is_empty() {
        return out;
    }
    let mut card: Option<Card> = None;
    let mut page = 0;
    let flush = |card: &mut Option<Card>, out: &mut Vec<GoalUnit>| {
        if let Some(c) = card.take() {
            if let Some(au) = c.goal {
                let mut g = unit_goal(lex, doc, au, au.unit.text.clone(), c.fields.clone());
                let mut f = g.facets;
                f.insert(Facet::Goal);
                for (facet, _) in &c.fields {
                    f.insert(*facet);
                }
                g.facets = f;
                g.rung = f.rung();
                out.push(g);
            }
        }
    };
    // Card labels open the unit: compared letter by letter in lower case, without lower-casing
    // the unit (most units differ at the first letter).
    let opens = |list: &[String], text: &str| list.iter().any(|l| starts_with_lower(text, l));
    for au in &doc.units {
        let u = &au.unit;
        let opened = vocab
            .cards
            .iter()
            .find(|l| opens(&l.opens, &u.text))
            .filter(|_| labelled(&u.text, vocab).is_none());
        let ends = card
            .as_ref()
            .is_some_and(|c| opens(&c.layout.ends, &u.text));
        if u.kind == UnitKind::Heading || opened.is_some() || ends || u.page != page {
            flush(&mut card, &mut out);
        }
        page = u.page;
        if let Some(layout) = opened {
            let text = u.text.to_lowercase();
            card = Some(Card {
                layout,
                status_expected: layout.status.iter().any(|s| text.contains(s.as_str())),
                goal: None,
                fields: Vec::new(),
                indicators: false,
            });
            continue;
        }
        let Some(c) = card.as_mut() else { continue };
        if opens(&c.layout.indicators, &u.text) {
            c.indicators = true;
        } else if c.indicators && u.kind == UnitKind::TableRow {
            let cells = u.cells.iter().map(|c| c.trim());
            for (cell, facet) in cells.zip(&c.layout.columns) {
                if let Some(facet) = facet.filter(|_| !cell.is_empty()) {
                    c.fields.push((facet, cell.to_string()));
                }
            }
        } else if c.indicators && u.kind == UnitKind::Paragraph {
            // An indicator whose name wrapped out of the table row.
            c.fields.push((Facet::Indicator, u.text.clone()));
        } else if u.kind == UnitKind::Paragraph && c.goal.is_none() {
            c.goal = Some(au);
        } else if u.kind == UnitKind::Paragraph && c.status_expected && !c.indicators {
            c.status_expected = false;
            c.fields.push((Facet::Outcome, u.text.clone()));
        }
    }
    flush(&mut card, &mut out);
    out
}

/// How an HVK goal fares at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// The number the page prints, when known.
    pub page_label: Option<String>,
    pub unit: usize,
    pub text: String,
    pub rung: Rung,
    pub paired_by: Pairing,
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
    /// Every goal unit of every document.
    pub units: Vec<GoalUnit>,
    pub items: Vec<GoalItem>,
    /// Outcomes reported without a planned goal of the same year.
    pub reported_without_plan: Vec<GoalUnit>,
    /// Binding budget goals that no report of the same year comes back to.
    pub planned_not_reported: Vec<GoalUnit>,
    /// Binding budget goals that a report of the same year could come back to (a financial
    /// statement or annual report of their year is in the corpus): those of
    /// `planned_not_reported` and those reported back.
    pub binding: Vec<GoalUnit>,
}

/// A goal's id words: its first four words, lower case, `ä`/`å` → `a`, `ö` → `o`, joined by
/// `-` (`hvk-01-` + this is an HVK goal's id).
pub fn slug(text: &str) -> String {
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

/// Why two goal statements were paired: the word stems they share, of the goal text and of what
/// the goal's indicator measures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairing {
    pub goal_words: Vec<String>,
    pub indicator_words: Vec<String>,
}

/// Do two goal statements speak of the same goal? They share a theme, and either goal words
/// overlap (one stem when either side has at most three, else two) or `b` names what `a`'s
/// indicator measures (every distinctive indicator stem, at most two needed). `b_goal` holds the
/// stems of `b`'s goal text, `b_more` any further stems of it (its own indicator's).
fn same_goal(
    a: &GoalUnit,
    b_themes: &[impl AsRef<str>],
    b_goal: &BTreeSet<String>,
    b_more: &BTreeSet<String>,
) -> Option<Pairing> {
    if !a
        .themes
        .iter()
        .any(|t| b_themes.iter().any(|b| b.as_ref() == t))
    {
        return None;
    }
    let goal_words: Vec<String> = a.stems.intersection(b_goal).cloned().collect();
    let need = if a.stems.len().min(b_goal.len()) <= 3 {
        1
    } else {
        2
    };
    let indicator_words: Vec<String> = a
        .indicator_stems
        .iter()
        .filter(|s| b_goal.contains(*s) || b_more.contains(*s))
        .cloned()
        .collect();
    let need_indicator = a.indicator_stems.len().min(2);
    (goal_words.len() >= need || (need_indicator > 0 && indicator_words.len() >= need_indicator))
        .then_some(Pairing {
            goal_words,
            indicator_words,
        })
}

/// A unit that can carry a goal (it has a level and a theme), with what pairing reads of it
/// worked out once for all HVK goals.
struct Candidate<'a> {
    doc: &'a AnalysedDoc,
    unit: &'a AnalysedUnit,
    level: Level,
    themes: Vec<&'a str>,
    stems: BTreeSet<String>,
}

fn candidates<'a>(docs: &[&'a AnalysedDoc], lex: &'a Lexicon) -> Vec<Candidate<'a>> {
    docs.par_iter()
        .flat_map_iter(|&d| {
            d.units.iter().filter_map(move |u| {
                let level = u.level.filter(|_| !u.analysis.hits.is_empty())?;
                Some(Candidate {
                    doc: d,
                    unit: u,
                    level,
                    themes: u
                        .analysis
                        .themes()
                        .into_iter()
                        .map(|t| lex.themes[t].id.as_str())
                        .collect(),
                    stems: stems(&u.unit.text),
                })
            })
        })
        .collect()
}

pub fn trace(docs: &[AnalysedDoc], lex: &Lexicon, levels: &[Level]) -> Goals {
    let refs: Vec<&AnalysedDoc> = docs.iter().collect();
    trace_within(&refs, lex, levels, &|_, _| true)
}

/// [`trace`] over documents of several municipalities kept apart: goals pair only between
/// documents `same` puts together (document ids), so no HVK goal is traced, and no outcome or
/// binding goal paired, across municipalities.
pub fn trace_apart(
    docs: &[AnalysedDoc],
    lex: &Lexicon,
    levels: &[Level],
    same: &(dyn Fn(&str, &str) -> bool + Sync),
) -> Goals {
    let refs: Vec<&AnalysedDoc> = docs.iter().collect();
    trace_within(&refs, lex, levels, same)
}

/// An HVK goal at one level: the best candidate of that level that pairs with it.
fn trace_at(
    g: &GoalUnit,
    candidates: &[Candidate],
    level: Level,
    same: &(dyn Fn(&str, &str) -> bool + Sync),
) -> Option<LevelTrace> {
    let expected = level.expected_rung()?;
    let tolerance = if expected <= Rung(6) { 1 } else { 0 };
    let found = candidates
        .iter()
        .filter(|c| {
            c.level == level && years_meet(&g.years, &c.doc.years) && same(&g.doc, &c.doc.id)
        })
        .filter_map(|c| Some((c, same_goal(g, &c.themes, &c.stems, &BTreeSet::new())?)))
        .max_by_key(|(c, _)| {
            let key = (c.doc.id.as_str(), c.unit.unit.index);
            (c.unit.analysis.facets.rung(), std::cmp::Reverse(key))
        })
        .map(|(c, paired_by)| Match {
            doc: c.doc.id.clone(),
            page: c.unit.unit.page,
            page_label: c.unit.unit.page_label.clone(),
            unit: c.unit.unit.index,
            text: c.unit.unit.text.clone(),
            rung: c.unit.analysis.facets.rung(),
            paired_by,
        });
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
}

/// Traced HVK goals (`items` of an earlier [`trace`]) followed again at one `level`, among
/// `docs` only (one year's documents of the level, for comparing years): the same matching
/// as [`trace`] (and `same` as in [`trace_apart`]), without reading goal units again.
pub fn retrace_at(
    items: &[GoalItem],
    docs: &[&AnalysedDoc],
    lex: &Lexicon,
    level: Level,
    same: &(dyn Fn(&str, &str) -> bool + Sync),
) -> Vec<(String, LevelTrace)> {
    let candidates: Vec<Candidate> = candidates(docs, lex)
        .into_iter()
        .filter(|c| c.level == level)
        .collect();
    items
        .iter()
        .filter_map(|i| Some((i.id.clone(), trace_at(&i.goal, &candidates, level, same)?)))
        .collect()
}

fn trace_within(
    docs: &[&AnalysedDoc],
    lex: &Lexicon,
    levels: &[Level],
    same: &(dyn Fn(&str, &str) -> bool + Sync),
) -> Goals {
    let units: Vec<GoalUnit> = docs
        .par_iter()
        .flat_map_iter(|d| goal_units(d, lex))
        .collect();
    let hvk: Vec<&GoalUnit> = units
        .iter()
        .filter(|g| g.level == Some(Level::Hvk) && !g.themes.is_empty())
        .collect();
    let candidates = if hvk.is_empty() {
        Vec::new()
    } else {
        candidates(docs, lex)
    };
    let items: Vec<GoalItem> = hvk
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let trace = levels
                .iter()
                .filter(|l| **l != Level::Hvk)
                .filter_map(|&level| trace_at(g, &candidates, level, same))
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
        same(&a.doc, &b.doc)
            && years_meet(&a.years, &b.years)
            && same_goal(a, &b.themes, &b.stems, &b.indicator_stems).is_some()
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
    // Only where a financial statement or annual report of the goal's year is in the corpus
    // can a goal be found not reported back.
    let report_years: Vec<(&str, &[u32])> = docs
        .iter()
        .filter(|d| {
            d.units.iter().any(|u| {
                matches!(
                    u.level,
                    Some(Level::FinancialStatement | Level::AnnualReport)
                )
            })
        })
        .map(|d| (d.id.as_str(), d.years.as_slice()))
        .collect();
    let binding: Vec<GoalUnit> = units
        .iter()
        .filter(|p| {
            p.level == Some(Level::Budget)
                && p.facets.contains(Facet::Binding)
                && !p.themes.is_empty()
                && report_years
                    .iter()
                    .any(|(d, y)| same(&p.doc, d) && years_meet(&p.years, y))
        })
        .cloned()
        .collect();
    let planned_not_reported = binding
        .iter()
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
        units,
        items,
        reported_without_plan,
        planned_not_reported,
        binding,
    }
}

/// The goal units one text gives, read as a document of its own (Markdown, one page): what a
/// `goals.toml` example is checked against.
pub fn goal_units_of_text(text: &str, lex: &Lexicon) -> Vec<GoalUnit> {
    let doc = crate::model::Document {
        id: "example".into(),
        path: "example.md".into(),
        pages: vec![text.to_string()],
        page_labels: Vec::new(),
        encoding: "utf-8",
        warnings: Vec::new(),
    };
    let units = crate::corpus::analyse_units(crate::segment::segment(&doc).units, lex);
    let doc = AnalysedDoc {
        id: doc.id,
        hash: 0,
        title: String::new(),
        level: None,
        sections: Vec::new(),
        level_source: crate::corpus::LevelSource::Unknown,
        year: None,
        years: Vec::new(),
        lang: crate::model::Lang::Fi,
        encoding: doc.encoding,
        pages: 1,
        words: units.iter().map(|u| u.analysis.words).sum(),
        units,
        warnings: Vec::new(),
    };
    goal_units(&doc, lex)
}

/// One line per `[[example]]` of `goals.toml` whose text does not give the goal unit it states
/// (the goal as written and exactly the fields listed, by facet), or gives one when it states
/// none.
pub fn example_failures(lex: &Lexicon) -> Vec<String> {
    let vocab = &lex.goals;
    let mut out = Vec::new();
    for e in &vocab.examples {
        let units = goal_units_of_text(&e.text, lex);
        let found: Vec<&str> = units.iter().map(|g| g.goal.as_str()).collect();
        let at = format!("{}:{}: goal example", vocab.source, e.line);
        let Some(want) = &e.goal else {
            if !units.is_empty() {
                out.push(format!("{at}: should give no goal but gives {found:?}"));
            }
            continue;
        };
        let Some(g) = units.iter().find(|g| g.goal == *want) else {
            out.push(format!(
                "{at}: should give the goal {want:?} but gives {found:?}"
            ));
            continue;
        };
        let mut got: Vec<(Facet, Vec<String>)> = Vec::new();
        for (facet, value) in &g.fields {
            match got.iter_mut().find(|(f, _)| f == facet) {
                Some((_, values)) => values.push(value.clone()),
                None => got.push((*facet, vec![value.clone()])),
            }
        }
        got.sort_by_key(|(f, _)| *f);
        if got != e.fields {
            let show = |fields: &[(Facet, Vec<String>)]| {
                fields
                    .iter()
                    .map(|(f, v)| format!("{} = {v:?}", f.id()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(format!(
                "{at}: goal {want:?} should have fields {{{}}} but has {{{}}}",
                show(&e.fields),
                show(&got)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analyse::lexicon::{GoalVocab, Lexicon};
    use crate::model::Facet;

    fn vocab() -> GoalVocab {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        Lexicon::load(&dir).expect("bundled lexicon loads").goals
    }

    #[test]
    fn labelled_blocks() {
        let vocab = vocab();
        let labelled = |text: &str| super::labelled(text, &vocab);
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
        let (goal, fields) = labelled("Strateginen valinta Talousarviotavoite Tasapainoinen talous. Mittari/mittarit Käyttötalous tuotot/kulut %").unwrap();
        assert_eq!(goal, "Tasapainoinen talous");
        assert_eq!(
            fields,
            [(Facet::Indicator, "Käyttötalous tuotot/kulut %".to_string())]
        );
        assert!(labelled("Mittari: osuus. Vastuu: lautakunta.").is_none());
        let (goal, fields) = labelled("1. Kohtuulliset ryhmäkoot perusopetuksessa. Toteutuminen: Ryhmäkoot on pidetty kohtuullisina.").unwrap();
        assert_eq!(goal, "Kohtuulliset ryhmäkoot perusopetuksessa");
        assert_eq!(
            fields,
            [(
                Facet::Outcome,
                "Ryhmäkoot on pidetty kohtuullisina".to_string()
            )]
        );
        assert!(labelled("2024 toteutuminen: hyvä.").is_none());
        let many = super::numbered_goals(
            "Tavoitteet ovat toteutuneet seuraavasti: 1. Kohtuulliset ryhmäkoot. Toteutuminen: Pidettiin. 2. Oppilaiden tuki. Toteutuminen: Hyvä. Lopuksi 3 asiaa.",
            &vocab,
        );
        assert_eq!(
            many.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
            ["Kohtuulliset ryhmäkoot", "Oppilaiden tuki"]
        );
    }
}
