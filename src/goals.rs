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
//! Each is traced down the chain by what is distinctive to it (see [`Weights`], [`assess`]): at
//! every judged level after the HVK, a unit about one of the goal's own themes that shares a
//! distinctive word stem with it (`analyse::text::word_key`s, weighted by their rarity over the
//! corpus's units; generic population words of `goals.toml` weigh a tenth) carrying at least
//! half the weight of the goal's words (or of what its indicator measures), in a document whose
//! years meet the item's, pairs with it; the best such unit (one that covers, a goal unit, the
//! deeper, the higher score) is its match. The item is *covered* there when the match reaches
//! the level's expected rung, is not a vision and does not only list the welfare report's goals;
//! *shallow* otherwise ([`Shortfall`]); *uncovered* when nothing matches. Outcomes reported in
//! the financial statement or annual report without a planned goal of the same year (budget or
//! operating plan), by the same pairing, are *reported without a plan*; binding budget goals
//! that no report of the same year comes back to are *planned, not reported*.

use crate::analyse::lexicon::{CardLayout, GoalVocab, Lexicon};
use crate::analyse::{self, text};
use crate::corpus::{AnalysedDoc, AnalysedUnit};
use crate::model::{Facet, FacetSet, Level, Rung, UnitKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

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
    /// The goal's own themes: those of `themes` matched on a word that is not a generic
    /// population or administration word (`goals.toml` `generic_pairing`: `Nuorten
    /// mielenterveys vahvistuu` is about mental health, not about children and young people);
    /// all of `themes` when every match is on such a word.
    pub own_themes: Vec<String>,
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

/// The ids of the themes a unit mentions on a word that is not generic (see
/// [`GoalUnit::own_themes`]), in lexicon order: those matched inside the goal statement `goal`
/// (a goal-table row's goal cell) when it has any, else those of the whole unit; all its themes
/// when none is.
fn own_theme_ids(au: &AnalysedUnit, lex: &Lexicon, goal: &str) -> Vec<String> {
    let tokens = text::tokenize(&au.unit.text);
    let lang = au.analysis.lang;
    let own = |span: Option<(usize, usize)>| {
        let mut own: Vec<usize> = au
            .analysis
            .hits
            .iter()
            .filter(|h| {
                tokens.get(h.token).is_none_or(|t| {
                    !lex.goals.is_generic_word(&text::word_key(&t.text, lang))
                        && span.is_none_or(|(a, b)| t.start >= a && t.end <= b)
                })
            })
            .map(|h| h.theme)
            .collect();
        own.sort_unstable();
        own.dedup();
        own
    };
    let span = au
        .unit
        .text
        .find(goal)
        .filter(|_| !goal.is_empty())
        .map(|a| (a, a + goal.len()));
    let mut ids = span.map(|s| own(Some(s))).unwrap_or_default();
    if ids.is_empty() {
        ids = own(None);
    }
    if ids.is_empty() {
        return theme_ids(au, lex);
    }
    ids.into_iter().map(|t| lex.themes[t].id.clone()).collect()
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
    let own_themes = own_theme_ids(au, lex, &goal);
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
        own_themes,
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
    let mut headers: HashMap<usize, Vec<FacetSet>> = HashMap::new();
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
                let goal_text = g.goal.clone();
                g.own_themes.extend(own_theme_ids(prev, lex, &goal_text));
                g.own_themes.sort_unstable();
                g.own_themes.dedup();
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
    /// The goal's text when it is a cell of its unit (not the whole unit).
    goal_text: Option<String>,
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
                let text = c.goal_text.clone().unwrap_or_else(|| au.unit.text.clone());
                let mut g = unit_goal(lex, doc, au, text, c.fields.clone());
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
                goal_text: None,
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
        } else if u.kind == UnitKind::TableRow && c.goal.is_none() && !c.indicators {
            // The goal and its status side by side in one row (a PDF table rebuilt from its
            // glyph positions): the first cell is the goal, the second its status.
            let mut cells = u.cells.iter().map(|c| c.trim());
            if let Some(goal) = cells.next().filter(|g| !g.is_empty()) {
                c.goal = Some(au);
                c.goal_text = Some(goal.to_string());
                if let Some(status) = cells.next().filter(|s| !s.is_empty()) {
                    if c.status_expected {
                        c.status_expected = false;
                        c.fields.push((Facet::Outcome, status.to_string()));
                    }
                }
            }
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
    /// Why a goal that has a match is only *shallow*.
    pub shortfall: Option<Shortfall>,
    pub found: Option<Match>,
}

/// Why a matched HVK goal is *shallow* at a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    /// The match is below the level's expected rung.
    BelowRung,
    /// The match is a vision statement (or under a vision heading).
    Vision,
    /// The match only lists the welfare report's goals (it names the report and two or more
    /// of its goals).
    HvkGoalList,
}

impl Shortfall {
    pub fn id(self) -> &'static str {
        match self {
            Shortfall::BelowRung => "below-expected-rung",
            Shortfall::Vision => "vision",
            Shortfall::HvkGoalList => "list-of-hvk-goals",
        }
    }
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

/// Weight of a generic word (`goals.toml` `generic_pairing`, and the generic measure words)
/// against a distinctive word of the same rarity.
pub const GENERIC_WEIGHT: f64 = 0.1;
/// The least pairing score (the weighted share of the goal's words, or of what its indicator
/// measures, that the other side holds) that pairs two goal statements.
pub const ACCEPT_SCORE: f64 = 0.5;

/// How much each word stem weighs in pairing: its inverse document frequency over the units of
/// the corpus, `ln((1 + N) / (1 + n)) + 1` for a stem in `n` of `N` units (a word every unit
/// holds weighs 1, a rare one several times more), times [`GENERIC_WEIGHT`] for a generic word.
pub struct Weights<'a> {
    units: usize,
    df: HashMap<String, u32>,
    vocab: &'a GoalVocab,
}

impl<'a> Weights<'a> {
    pub fn new(docs: &[&AnalysedDoc], lex: &'a Lexicon) -> Self {
        let df = docs
            .par_iter()
            .map(|d| {
                let mut df: HashMap<String, u32> = HashMap::new();
                for u in &d.units {
                    for s in stems(&u.unit.text) {
                        *df.entry(s).or_default() += 1;
                    }
                }
                df
            })
            .reduce(HashMap::new, |mut a, b| {
                for (k, v) in b {
                    *a.entry(k).or_default() += v;
                }
                a
            });
        Weights {
            units: docs.iter().map(|d| d.units.len()).sum(),
            df,
            vocab: &lex.goals,
        }
    }

    /// Is the stem a generic population, administration or measure word?
    pub fn generic(&self, stem: &str) -> bool {
        self.vocab.is_generic_word(stem) || self.vocab.is_generic_measure(stem)
    }

    pub fn weight(&self, stem: &str) -> f64 {
        let n = f64::from(self.df.get(stem).copied().unwrap_or(0));
        let idf = ((1.0 + self.units as f64) / (1.0 + n)).ln().max(0.0) + 1.0;
        if self.generic(stem) {
            idf * GENERIC_WEIGHT
        } else {
            idf
        }
    }

    /// The weighted share of `mine` that `has` holds, and the stems it holds.
    fn share(&self, mine: &BTreeSet<String>, has: impl Fn(&str) -> bool) -> (f64, Vec<String>) {
        let total: f64 = mine.iter().map(|s| self.weight(s)).sum();
        let shared: Vec<String> = mine.iter().filter(|s| has(s)).cloned().collect();
        let part: f64 = shared.iter().map(|s| self.weight(s)).sum();
        (if total > 0.0 { part / total } else { 0.0 }, shared)
    }
}

/// Why two goal statements were paired: the word stems they share, of the goal text and of what
/// the goal's indicator measures, the distinctive ones among them, and the pairing score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairing {
    pub goal_words: Vec<String>,
    pub indicator_words: Vec<String>,
    /// The shared stems that are not generic words.
    pub distinctive_words: Vec<String>,
    /// The weighted share (0–1) of the goal's words (or of its indicator's, whichever is more)
    /// found on the other side.
    pub score: f64,
    /// The matched unit is a goal unit (a goal-table row, labelled block, goal card or goal
    /// list item), not a passing mention.
    pub goal_unit: bool,
}

/// Why a unit was not paired with a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The unit is not about any of the goal's own themes.
    OtherTheme,
    /// The unit shares no distinctive word with the goal: only generic ones, or none.
    OnlyGenericWords,
    /// The shared words weigh less than [`ACCEPT_SCORE`] of the goal's.
    WeakScore,
}

impl Rejection {
    pub fn id(self) -> &'static str {
        match self {
            Rejection::OtherTheme => "other-theme",
            Rejection::OnlyGenericWords => "only-generic-words",
            Rejection::WeakScore => "weak-score",
        }
    }
}

/// Do two goal statements speak of the same goal? `b` must be about one of `a`'s own themes,
/// share at least one distinctive word with it (unless every word of `a`'s goal is generic: then
/// all of them), and reach [`ACCEPT_SCORE`] with the goal words or with what `a`'s indicator
/// measures. `b_goal` holds the stems of `b`'s goal text, `b_more` any further stems of it (its
/// own indicator's). The pairing (with its score) is given in both cases, for `explain`.
pub fn assess(
    a: &GoalUnit,
    b_themes: &[impl AsRef<str>],
    b_goal: &BTreeSet<String>,
    b_more: &BTreeSet<String>,
    w: &Weights,
) -> (Pairing, Option<Rejection>) {
    let (goal_score, goal_words) = w.share(&a.stems, |s| b_goal.contains(s));
    let (indicator_score, indicator_words) = w.share(&a.indicator_stems, |s| {
        b_goal.contains(s) || b_more.contains(s)
    });
    let mut distinctive_words: Vec<String> = goal_words
        .iter()
        .chain(&indicator_words)
        .filter(|s| !w.generic(s))
        .cloned()
        .collect();
    distinctive_words.sort_unstable();
    distinctive_words.dedup();
    let score = goal_score.max(indicator_score);
    let pairing = Pairing {
        goal_words,
        indicator_words,
        distinctive_words,
        score: (score * 100.0).round() / 100.0,
        goal_unit: false,
    };
    let on_theme = a
        .own_themes
        .iter()
        .any(|t| b_themes.iter().any(|b| b.as_ref() == t));
    let all_generic = a.stems.iter().all(|s| w.generic(s));
    let rejection = if !on_theme {
        Some(Rejection::OtherTheme)
    } else if all_generic {
        (a.stems.is_empty() || goal_score < 0.999).then_some(Rejection::OnlyGenericWords)
    } else if pairing.distinctive_words.is_empty() {
        Some(Rejection::OnlyGenericWords)
    } else if score < ACCEPT_SCORE {
        Some(Rejection::WeakScore)
    } else {
        None
    };
    (pairing, rejection)
}

fn same_goal(
    a: &GoalUnit,
    b_themes: &[impl AsRef<str>],
    b_goal: &BTreeSet<String>,
    b_more: &BTreeSet<String>,
    w: &Weights,
) -> Option<Pairing> {
    match assess(a, b_themes, b_goal, b_more, w) {
        (p, None) => Some(p),
        _ => None,
    }
}

/// A unit that can carry a goal (it has a level and a theme), with what pairing reads of it
/// worked out once for all HVK goals.
pub struct Candidate<'a> {
    pub doc: &'a AnalysedDoc,
    pub unit: &'a AnalysedUnit,
    pub level: Level,
    pub themes: Vec<&'a str>,
    stems: BTreeSet<String>,
    /// A goal unit of its document (see [`goal_units`]).
    pub goal_unit: bool,
    /// Under a vision heading, or a vision statement itself (`goals.toml` `vision`).
    pub vision: bool,
    /// The unit, its heading or (for a list item) its list's lead-in names the welfare report.
    hvk_ref: bool,
    /// When `hvk_ref`: its themes with those the matcher dropped as passing mentions in a
    /// listing unit (`Rule::Listing`) — a list of the report's goals names each theme once.
    listed_themes: Vec<&'a str>,
    /// The first unit of its run of list items (its own index when not a list item).
    run: usize,
}

impl<'a> Candidate<'a> {
    /// The themes a goal is paired on: the matcher's, and in a unit that names the welfare
    /// report also those it dropped as listed (such a unit can only make a goal *shallow*).
    fn pairing_themes(&self) -> &[&'a str] {
        if self.hvk_ref {
            &self.listed_themes
        } else {
            &self.themes
        }
    }

    /// The rung the unit counts for in goal tracing: a vision is a mention (R1).
    pub fn rung(&self) -> Rung {
        if self.vision {
            Rung(1)
        } else {
            self.unit.analysis.facets.rung()
        }
    }
}

fn names_any(text: &str, words: &[String]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(w.as_str()))
}

fn opens_with_any(text: &str, words: &[String]) -> bool {
    let lower = text
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    words.iter().any(|w| {
        lower
            .strip_prefix(w.as_str())
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()) || rest.len() < 4)
    })
}

pub fn candidates<'a>(docs: &[&'a AnalysedDoc], lex: &'a Lexicon) -> Vec<Candidate<'a>> {
    let vocab = &lex.goals;
    docs.par_iter()
        .flat_map_iter(|&d| {
            let goal_at: BTreeSet<usize> = goal_units(d, lex).iter().map(|g| g.unit).collect();
            // Runs of list items (same heading path), and whether the run, its heading or its
            // lead-in names the welfare report.
            let mut run_of = vec![0; d.units.len()];
            let mut refs: HashMap<usize, bool> = HashMap::new();
            let mut start: Option<usize> = None;
            for (i, u) in d.units.iter().enumerate() {
                let item = u.unit.kind == UnitKind::ListItem;
                let continues = item
                    && start.is_some_and(|s| {
                        d.units[i - 1].unit.kind == UnitKind::ListItem
                            && d.units[s].unit.heading_path == u.unit.heading_path
                    });
                if !continues {
                    start = Some(i);
                }
                let s = start.unwrap_or(i);
                run_of[i] = s;
                let mut named = names_any(&u.unit.text, &vocab.hvk_names)
                    || u.unit
                        .heading_path
                        .last()
                        .is_some_and(|h| names_any(h, &vocab.hvk_names));
                if item && s == i && i > 0 {
                    named |= names_any(&d.units[i - 1].unit.text, &vocab.hvk_names);
                }
                *refs.entry(s).or_default() |= named;
            }
            d.units.iter().enumerate().filter_map(move |(i, u)| {
                let hvk_ref = refs.get(&run_of[i]).copied().unwrap_or(false);
                let mut listed_themes: Vec<&str> = Vec::new();
                if hvk_ref {
                    let mut t: Vec<usize> = u
                        .analysis
                        .themes()
                        .into_iter()
                        .chain(
                            u.analysis
                                .dropped
                                .iter()
                                .filter(|d| d.rule == crate::analyse::rules::Rule::Listing)
                                .map(|d| d.hit.theme),
                        )
                        .collect();
                    t.sort_unstable();
                    t.dedup();
                    listed_themes = t.into_iter().map(|t| lex.themes[t].id.as_str()).collect();
                }
                let level = u
                    .level
                    .filter(|_| !u.analysis.hits.is_empty() || !listed_themes.is_empty())?;
                let vision = opens_with_any(&u.unit.text, &vocab.vision)
                    || u.unit
                        .heading_path
                        .iter()
                        .any(|h| opens_with_any(h, &vocab.vision));
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
                    goal_unit: goal_at.contains(&u.unit.index),
                    vision,
                    hvk_ref,
                    listed_themes,
                    run: run_of[i],
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

/// One candidate as a goal's match: accepted with its pairing, or rejected and why.
pub struct Considered<'c, 'a> {
    pub candidate: &'c Candidate<'a>,
    pub pairing: Pairing,
    pub rejection: Option<Rejection>,
    /// The unit (or its list) names the welfare report and two or more of its goals.
    pub in_hvk_list: bool,
}

/// Every candidate of `level` that shares a word with HVK goal `gi` (of `goals`), accepted or
/// not, best first: what [`trace_level`] chose from, for `linjaus explain --goal`.
pub fn considered<'c, 'a>(
    goals: &[&GoalUnit],
    gi: usize,
    candidates: &'c [Candidate<'a>],
    level: Level,
    same: &(dyn Fn(&str, &str) -> bool + Sync),
    w: &Weights,
) -> Vec<Considered<'c, 'a>> {
    let lists = hvk_lists(goals, candidates, level, same, w);
    let g = goals[gi];
    let mut out: Vec<Considered> = candidates
        .iter()
        .filter(|c| {
            c.level == level && years_meet(&g.years, &c.doc.years) && same(&g.doc, &c.doc.id)
        })
        .filter_map(|c| {
            let (mut pairing, rejection) =
                assess(g, c.pairing_themes(), &c.stems, &BTreeSet::new(), w);
            pairing.goal_unit = c.goal_unit;
            (!pairing.goal_words.is_empty() || !pairing.indicator_words.is_empty()).then(|| {
                Considered {
                    candidate: c,
                    in_hvk_list: lists.contains(&(c.doc.id.as_str(), c.run)),
                    pairing,
                    rejection,
                }
            })
        })
        .collect();
    let expected = level.expected_rung().unwrap_or(Rung(0));
    out.sort_by_key(|k| {
        std::cmp::Reverse((
            k.rejection.is_none(),
            rank(k.candidate, &k.pairing, k.in_hvk_list, expected),
        ))
    });
    out
}

/// Runs (document, first unit) at `level` that name the welfare report and pair two or more of
/// its goals: lists of the report's goals.
fn hvk_lists<'a>(
    goals: &[&GoalUnit],
    candidates: &'a [Candidate],
    level: Level,
    same: &(dyn Fn(&str, &str) -> bool + Sync),
    w: &Weights,
) -> BTreeSet<(&'a str, usize)> {
    let mut paired: HashMap<(&str, usize), BTreeSet<usize>> = HashMap::new();
    for c in candidates.iter().filter(|c| c.level == level && c.hvk_ref) {
        for (gi, g) in goals.iter().enumerate() {
            if years_meet(&g.years, &c.doc.years)
                && same(&g.doc, &c.doc.id)
                && same_goal(g, c.pairing_themes(), &c.stems, &BTreeSet::new(), w).is_some()
            {
                paired
                    .entry((c.doc.id.as_str(), c.run))
                    .or_default()
                    .insert(gi);
            }
        }
    }
    paired
        .into_iter()
        .filter(|(_, g)| g.len() >= 2)
        .map(|(k, _)| k)
        .collect()
}

/// The order in which a goal's matches are preferred: one that covers the goal (deep enough, not
/// a list of the report's goals), a goal unit, the deeper, the higher score, the earlier.
fn rank<'a>(
    c: &'a Candidate,
    p: &Pairing,
    in_list: bool,
    expected: Rung,
) -> (bool, bool, Rung, i64, std::cmp::Reverse<(&'a str, usize)>) {
    let rung = c.rung();
    (
        rung >= expected && !in_list,
        c.goal_unit,
        rung,
        (p.score * 1000.0).round() as i64,
        std::cmp::Reverse((c.doc.id.as_str(), c.unit.unit.index)),
    )
}

/// HVK goals at one level: each one's best candidate of that level that pairs with it, and its
/// status (*covered* needs the level's expected rung — no tolerance — in a unit that is neither
/// a vision nor a list of the report's goals).
fn trace_level(
    goals: &[&GoalUnit],
    candidates: &[Candidate],
    level: Level,
    same: &(dyn Fn(&str, &str) -> bool + Sync),
    w: &Weights,
) -> Vec<Option<LevelTrace>> {
    let Some(expected) = level.expected_rung() else {
        return goals.iter().map(|_| None).collect();
    };
    let lists = hvk_lists(goals, candidates, level, same, w);
    goals
        .iter()
        .map(|g| {
            let found = candidates
                .iter()
                .filter(|c| {
                    c.level == level
                        && years_meet(&g.years, &c.doc.years)
                        && same(&g.doc, &c.doc.id)
                })
                .filter_map(|c| {
                    let mut p = same_goal(g, c.pairing_themes(), &c.stems, &BTreeSet::new(), w)?;
                    p.goal_unit = c.goal_unit;
                    // Paired only on a theme the matcher dropped as listed: a passing mention.
                    let listed = !c.themes.iter().any(|t| g.own_themes.iter().any(|o| o == t));
                    let in_list = lists.contains(&(c.doc.id.as_str(), c.run)) || listed;
                    Some((c, p, in_list))
                })
                .max_by(|a, b| rank(a.0, &a.1, a.2, expected).cmp(&rank(b.0, &b.1, b.2, expected)));
            let (status, shortfall) = match &found {
                None => (Status::Uncovered, None),
                Some((_, _, true)) => (Status::Shallow, Some(Shortfall::HvkGoalList)),
                Some((c, _, _)) if c.vision => (Status::Shallow, Some(Shortfall::Vision)),
                Some((c, _, _)) if c.rung() >= expected => (Status::Covered, None),
                Some(_) => (Status::Shallow, Some(Shortfall::BelowRung)),
            };
            Some(LevelTrace {
                level,
                status,
                expected,
                shortfall,
                found: found.map(|(c, paired_by, _)| Match {
                    doc: c.doc.id.clone(),
                    page: c.unit.unit.page,
                    page_label: c.unit.unit.page_label.clone(),
                    unit: c.unit.unit.index,
                    text: c.unit.unit.text.clone(),
                    rung: c.rung(),
                    paired_by,
                }),
            })
        })
        .collect()
}

/// Traced HVK goals (`items` of an earlier [`trace`]) followed again at one `level`, among
/// `docs` only (one year's documents of the level, for comparing years): the same matching
/// as [`trace`] (and `same` as in [`trace_apart`]), without reading goal units again. Word
/// weights are those of `docs`.
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
    let w = Weights::new(docs, lex);
    let goals: Vec<&GoalUnit> = items.iter().map(|i| &i.goal).collect();
    items
        .iter()
        .zip(trace_level(&goals, &candidates, level, same, &w))
        .filter_map(|(i, t)| Some((i.id.clone(), t?)))
        .collect()
}

/// The HVK goal units of `units`, in order: the goals traced down the chain.
pub fn hvk_goals(units: &[GoalUnit]) -> Vec<&GoalUnit> {
    units
        .iter()
        .filter(|g| g.level == Some(Level::Hvk) && !g.themes.is_empty())
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
    let w = Weights::new(docs, lex);
    let hvk = hvk_goals(&units);
    let candidates = if hvk.is_empty() {
        Vec::new()
    } else {
        candidates(docs, lex)
    };
    let mut traces: Vec<Vec<LevelTrace>> = hvk.iter().map(|_| Vec::new()).collect();
    for &level in levels.iter().filter(|l| **l != Level::Hvk) {
        for (i, t) in trace_level(&hvk, &candidates, level, same, &w)
            .into_iter()
            .enumerate()
        {
            traces[i].extend(t);
        }
    }
    let items: Vec<GoalItem> = hvk
        .into_iter()
        .zip(traces)
        .enumerate()
        .map(|(i, (g, trace))| GoalItem {
            id: format!("hvk-{:02}-{}", i + 1, slug(&g.goal)),
            goal: g.clone(),
            trace,
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
            && same_goal(a, &b.themes, &b.stems, &b.indicator_stems, &w).is_some()
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

/// A unit weighed as an HVK goal's match (for `linjaus explain --goal`).
#[derive(Debug, Clone)]
pub struct ConsideredUnit {
    pub doc: String,
    pub page: usize,
    pub page_label: Option<String>,
    pub unit: usize,
    pub text: String,
    /// The rung it counts for (a vision: R1).
    pub rung: Rung,
    pub themes: Vec<String>,
    pub vision: bool,
    pub in_hvk_list: bool,
    pub pairing: Pairing,
    /// `None`: accepted as a pairing.
    pub rejection: Option<Rejection>,
}

/// How an HVK goal was traced at one level: its status and every unit that shared a word with
/// it, accepted (best first: the first is the match) or rejected, with why.
#[derive(Debug, Clone)]
pub struct LevelExplanation {
    pub level: Level,
    pub trace: Option<LevelTrace>,
    pub considered: Vec<ConsideredUnit>,
}

/// Why HVK goal `id` (of `items`, the traced goals) paired as it did at each of `levels`.
/// `None` when no item has that id.
pub fn explain(
    items: &[GoalItem],
    id: &str,
    docs: &[AnalysedDoc],
    lex: &Lexicon,
    levels: &[Level],
    same: &(dyn Fn(&str, &str) -> bool + Sync),
) -> Option<Vec<LevelExplanation>> {
    let gi = items.iter().position(|i| i.id == id)?;
    let refs: Vec<&AnalysedDoc> = docs.iter().collect();
    let w = Weights::new(&refs, lex);
    let cands = candidates(&refs, lex);
    let goals: Vec<&GoalUnit> = items.iter().map(|i| &i.goal).collect();
    let out = levels
        .iter()
        .filter(|l| **l != Level::Hvk && l.expected_rung().is_some())
        .map(|&level| LevelExplanation {
            level,
            trace: items[gi].trace.iter().find(|t| t.level == level).cloned(),
            considered: considered(&goals, gi, &cands, level, same, &w)
                .into_iter()
                .map(|k| ConsideredUnit {
                    doc: k.candidate.doc.id.clone(),
                    page: k.candidate.unit.unit.page,
                    page_label: k.candidate.unit.unit.page_label.clone(),
                    unit: k.candidate.unit.unit.index,
                    text: k.candidate.unit.unit.text.clone(),
                    rung: k.candidate.rung(),
                    themes: k.candidate.themes.iter().map(|t| t.to_string()).collect(),
                    vision: k.candidate.vision,
                    in_hvk_list: k.in_hvk_list,
                    pairing: k.pairing,
                    rejection: k.rejection,
                })
                .collect(),
        })
        .collect();
    Some(out)
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

    /// A goal of the welfare report, on `themes`, as pairing reads it.
    fn hvk_goal(text: &str, themes: &[&str]) -> super::GoalUnit {
        super::GoalUnit {
            doc: "hvk.md".into(),
            level: Some(crate::model::Level::Hvk),
            years: Vec::new(),
            page: 1,
            page_label: None,
            unit: 0,
            goal: text.into(),
            fields: Vec::new(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            own_themes: themes.iter().map(|t| t.to_string()).collect(),
            facets: Default::default(),
            rung: crate::model::Rung(2),
            stems: super::stems(text),
            indicator_stems: Default::default(),
        }
    }

    #[test]
    fn pairing_needs_a_distinctive_word_on_the_goals_own_theme() {
        use super::Rejection;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let lex = Lexicon::load(&dir).expect("bundled lexicon loads");
        // No corpus: every stem is equally rare, so only the generic words weigh less.
        let w = super::Weights {
            units: 0,
            df: Default::default(),
            vocab: &lex.goals,
        };
        let none = std::collections::BTreeSet::new();
        let judge = |goal: &super::GoalUnit, text: &str, themes: &[&str]| {
            super::assess(goal, themes, &super::stems(text), &none, &w)
        };
        let mh = hvk_goal("Nuorten mielenterveys vahvistuu", &["mental-health"]);
        // Population and change words only, even on the right theme: no pairing.
        let (p, r) = judge(&mh, "Nuorten liikunta vahvistuu", &["mental-health"]);
        assert_eq!(r, Some(Rejection::OnlyGenericWords), "{p:?}");
        assert!(p.distinctive_words.is_empty());
        // The distinctive word carries the goal: `miele` weighs ten times `nuort` or `vahvi`.
        let (p, r) = judge(&mh, "Nuorten mielenterveyttä tuetaan", &["mental-health"]);
        assert_eq!(r, None);
        assert_eq!(p.distinctive_words, ["miele"]);
        assert!(p.score > 0.9, "{p:?}");
        // The same words on another theme: no pairing.
        let (_, r) = judge(
            &mh,
            "Nuorten mielenterveyttä tuetaan",
            &["physical-activity"],
        );
        assert_eq!(r, Some(Rejection::OtherTheme));
        // Swedish: `barn`, `unga`, `stärks` are generic; `psykisk` is not.
        let sv = hvk_goal("Barn och ungas psykiska hälsa stärks", &["mental-health"]);
        let (_, r) = judge(
            &sv,
            "Barn och unga idrottar mer och stärks",
            &["mental-health"],
        );
        assert_eq!(r, Some(Rejection::OnlyGenericWords));
        let (_, r) = judge(&sv, "Ungas psykiska hälsa", &["mental-health"]);
        assert_eq!(r, None);
        // A goal of generic words only pairs only where all of them are.
        let all = hvk_goal(
            "Lasten ja nuorten hyvinvointi vahvistuu",
            &["children-youth-families"],
        );
        let (_, r) = judge(
            &all,
            "Lasten ja nuorten hyvinvointi vahvistuu",
            &["children-youth-families"],
        );
        assert_eq!(r, None);
        let (_, r) = judge(&all, "Nuorten hyvinvointi", &["children-youth-families"]);
        assert_eq!(r, Some(Rejection::OnlyGenericWords));
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
