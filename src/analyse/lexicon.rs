//! Lexicons: data loaded at run time from a folder (default `lexicons/`), validated with every
//! problem reported as `file:line: message`.
//!
//! - `themes/<id>.toml`: one welfare theme each (labels, Finnish and Swedish terms, weak terms,
//!   look-alikes to exclude, and `match` / `no_match` example sentences).
//! - `facets.toml`: cue words of each facet (goal, action, indicator, …).
//! - `levels.toml`: title and body cues that tell a document's level.
//! - `common.toml`: rules shared by all themes (organisation-name heads).
//! - `goals.toml`: the vocabulary of goal structures (labels of labelled goal blocks, goal-table
//!   header hints, goal-card layouts, generic measure words) and goal examples.
//!
//! Term syntax (see `lexicons/README.md`): words separated by spaces form a phrase; `a|b` gives
//! alternatives for one word; a plain word becomes a key by `text::term_key`; `~abc` is a literal
//! key (prefix) used as is; `=abc` matches only the whole token `abc`.

use super::matcher::KeyIndex;
use super::rules::RuleSet;
use super::text::{self, MIN_KEY};
use crate::error::{Error, Result, line_of};
use crate::model::{Facet, Lang, Level};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;

/// One way a word of a term can appear in a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Prefix of a token, or of a compound part inside it.
    Prefix(String),
    /// The whole token.
    Exact(String),
}

/// A lexicon term, compiled to keys: one list of alternatives per word of the phrase.
#[derive(Debug, Clone)]
pub struct Term {
    pub text: String,
    pub words: Vec<Vec<Key>>,
    pub weak: bool,
    /// Ids of the first word's keys in the lexicon's [`KeyIndex`] (empty outside a lexicon).
    pub first: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct TermSet {
    pub terms: Vec<Term>,
    pub exclude: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub label_fi: String,
    pub label_sv: String,
    pub label_en: String,
    pub fi: TermSet,
    pub sv: TermSet,
    pub examples_match: Vec<String>,
    pub examples_no_match: Vec<String>,
    /// Where the theme was defined (lexicon file or manifest).
    pub source: String,
}

impl Theme {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.label_fi,
            Lang::Sv => &self.label_sv,
            Lang::En => &self.label_en,
        }
    }
    pub fn terms(&self, lang: Lang) -> &TermSet {
        if lang == Lang::Sv { &self.sv } else { &self.fi }
    }
}

#[derive(Debug, Clone)]
pub struct FacetCues {
    pub facet: Facet,
    pub fi: Vec<Term>,
    pub sv: Vec<Term>,
    /// Context cues (`fi_context` / `sv_context`, weak): count only as the second cue of a
    /// weak cue (rule `context-cue`).
    pub fi_context: Vec<Term>,
    pub sv_context: Vec<Term>,
    /// Word endings that are cues (`fi_suffix` / `sv_suffix`, lower case; rule `suffix-cue`).
    pub fi_suffix: Vec<String>,
    pub sv_suffix: Vec<String>,
    /// Look-alikes (`fi_exclude` / `sv_exclude`): a cue they cover does not count (rule
    /// `lookalike`: `tavoitteiden toteutuminen` reports on goals, `valittiin` is procedure).
    pub fi_exclude: Vec<Term>,
    pub sv_exclude: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct LevelCues {
    pub level: Level,
    pub title: Vec<Term>,
    /// Cues that count only in file names (abbreviations such as `TA`, `TP` that are column
    /// heads in the body of many documents).
    pub file_name: Vec<Term>,
    pub body: Vec<Term>,
    /// Titles that must be given this level (`examples`, run by `linjaus lexicons`), with
    /// their lines.
    pub examples: Vec<(usize, String)>,
}

/// The `[minutes]` table of `levels.toml` (not a level): what tells a minutes document
/// (pöytäkirja, protokoll) whose § items are sections of their own (`src/minutes.rs`).
#[derive(Debug, Clone, Default)]
pub struct MinutesCues {
    /// Cues in a title or file name that say the document is minutes.
    pub title: Vec<Term>,
    /// Cues in the opening units (a minutes page's fixed phrases: `käsitellyt asiat`,
    /// `pöytäkirjan tarkastus`, `protokolljustering`).
    pub body: Vec<Term>,
    /// Cues in an item's title that make it another body's document (a request for a
    /// statement, a ministry's programme): such an item gets no level.
    pub external: Vec<Term>,
    /// Item titles that must get no level, with their lines.
    pub examples: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Sorted by id.
    pub themes: Vec<Theme>,
    /// Compound heads that make a theme word in front of them part of an organisation or role
    /// name (`common.toml`).
    pub organisation_heads: Vec<String>,
    /// Words that follow a municipality's name on a cover or title (`Järvelän kunta`, `Vasa
    /// stad`), lower case (`common.toml`): how a document names its municipality.
    pub municipality_words: Vec<String>,
    /// Procurement, contract, insurance, property and street words that cancel a theme term
    /// in or next to its compound (`common.toml`, rule `procedural-context`).
    pub procedural_heads: Vec<String>,
    /// Word parts (a space: two words in a row) that make a unit about the municipality's own
    /// personnel (`common.toml`, rule `personnel-context`).
    pub personnel_cues: Vec<String>,
    /// Finance words (word parts; `=ta`: a whole token) by which a unit reads as a finance row
    /// (`common.toml`, rule `finance-row`).
    pub finance_cues: Vec<String>,
    /// Word parts of facilities (`uimahall`) whose theme a finance row or an enumeration keeps: an
    /// investment in a swimming hall is about the swimming hall (`common.toml`, rules
    /// `finance-row`, `enumeration`).
    pub facilities: Vec<String>,
    /// Every first-word key of every theme and facet term, for one-pass prefiltering.
    pub index: KeyIndex,
    pub facets: Vec<FacetCues>,
    pub levels: Vec<LevelCues>,
    /// Minutes cues (`[minutes]` of `levels.toml`).
    pub minutes: MinutesCues,
    /// Cues that a document's title names one body (`[one-body]` of `levels.toml`:
    /// `sivistyslautakunnan`, `nämndens`), for the partly-covered guardrail.
    pub one_body: Vec<Term>,
    /// Vocabulary of goal structures (`goals.toml`).
    pub goals: GoalVocab,
    /// The analysis rules in force (all by default; tests and measurements switch some off).
    pub rules: RuleSet,
    /// The learned layer's model (`learned.toml`, optional): see [`super::learned`].
    pub learned: Option<super::learned::Model>,
}

/// A label that begins a field of a labelled goal block (`tavoite:`, `mätare:`), lower case.
/// A label ending in `:` needs the colon; the compound labels of goal cards
/// (`talousarviotavoite`, `mittari/mittarit`) are written without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLabel {
    pub text: String,
    pub facet: Facet,
}

/// A goal card laid out over several units (see `goals::goal_cards`); every text is lower case
/// and is tested against the start of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardLayout {
    /// A unit opening with one of these (and not itself a labelled block) opens a card.
    pub opens: Vec<String>,
    /// When the opening unit names one of these, the paragraph after the goal is its status.
    pub status: Vec<String>,
    /// A unit opening with one of these starts the card's indicator rows.
    pub indicators: Vec<String>,
    /// The facet of each cell of an indicator row (`None`: a cell that is not read).
    pub columns: Vec<Option<Facet>>,
    /// A unit opening with one of these ends the card (as a heading or a new page does).
    pub ends: Vec<String>,
}

/// A `[[example]]` of `goals.toml`: a text and the goal unit it must give (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalExample {
    pub line: usize,
    pub text: String,
    /// `None`: the text must give no goal unit.
    pub goal: Option<String>,
    /// The goal unit's fields, by facet in `Facet` order, each facet's values in text order.
    pub fields: Vec<(Facet, Vec<String>)>,
}

/// The vocabulary of goal structures, from `goals.toml`.
#[derive(Debug, Clone, Default)]
pub struct GoalVocab {
    /// Field labels of both languages, in file order.
    pub labels: Vec<GoalLabel>,
    /// Labels that, opening the unit after a numbered goal or a list item, report its outcome.
    pub numbered_outcome: Vec<String>,
    /// Lower-case word parts one of which every goal-table header holds.
    pub header_hints: Vec<String>,
    /// Keys (`text::word_key`, or literal) of words that say how, not what, is measured.
    pub generic_measure: Vec<String>,
    /// Keys of generic population and administration words (`kunta`, `nuoret`, `skola` …):
    /// they weigh little when goals are paired (`goals::Weights`).
    pub generic_pairing: Vec<String>,
    /// Lower-case word parts that name the welfare report (`hyvinvointikertomu`,
    /// `välfärdsberättelse`): a unit naming it and several of its goals only lists them.
    pub hvk_names: Vec<String>,
    /// Lower-case words that open a vision heading or statement (`visio`, `vision`): a vision
    /// is not a goal, whatever its facets.
    pub vision: Vec<String>,
    pub cards: Vec<CardLayout>,
    pub examples: Vec<GoalExample>,
    /// The file the vocabulary came from.
    pub source: String,
    /// Every label in lower case, Capitalised and UPPER case, for a quick test of a unit.
    finder: Option<aho_corasick::AhoCorasick>,
    /// The same for the goal labels only.
    goal_finder: Option<aho_corasick::AhoCorasick>,
    /// The labels as written (lower case), pattern `i` = `labels[i]`, to find them in a
    /// lower-cased unit in one pass.
    label_finder: Option<aho_corasick::AhoCorasick>,
}

impl GoalVocab {
    /// Does `text` hold a label (a goal label when `goal_only`), in one of the usual cases? A
    /// cheap test before a unit is lower-cased.
    pub fn mentions_label(&self, text: &str, goal_only: bool) -> bool {
        let finder = if goal_only {
            &self.goal_finder
        } else {
            &self.finder
        };
        finder.as_ref().is_some_and(|ac| ac.is_match(text))
    }

    /// Is `stem` (a `text::word_key`) one of the generic measure words?
    pub fn is_generic_measure(&self, stem: &str) -> bool {
        self.generic_measure.iter().any(|g| stem.starts_with(g))
    }

    /// Is `stem` (a `text::word_key`) a generic population or administration word?
    pub fn is_generic_word(&self, stem: &str) -> bool {
        self.generic_pairing.iter().any(|g| stem.starts_with(g))
    }

    /// Every place a label occurs in `lower` (a lower-cased unit): (start, end, facet), in
    /// order of start; overlapping labels are all given.
    pub fn label_marks(&self, lower: &str) -> Vec<(usize, usize, Facet)> {
        self.label_finder.as_ref().map_or_else(Vec::new, |ac| {
            ac.find_overlapping_iter(lower)
                .map(|m| {
                    (
                        m.start(),
                        m.end(),
                        self.labels[m.pattern().as_usize()].facet,
                    )
                })
                .collect()
        })
    }

    fn build_finder(&mut self) {
        self.label_finder = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(self.labels.iter().map(|l| l.text.as_str()))
            .ok();
        // Each label in lower case, Capitalised and UPPER case.
        let forms = |goal_only: bool| -> Vec<String> {
            let mut patterns: Vec<String> = Vec::new();
            for l in self
                .labels
                .iter()
                .filter(|l| !goal_only || l.facet == Facet::Goal)
            {
                let mut first = l.text.chars();
                let capital: String = first
                    .next()
                    .map(|c| c.to_uppercase().chain(first).collect())
                    .unwrap_or_default();
                for form in [l.text.clone(), capital, l.text.to_uppercase()] {
                    if !patterns.contains(&form) {
                        patterns.push(form);
                    }
                }
            }
            patterns
        };
        // A DFA: every unit of every document is scanned, and the label set is small.
        let build = |patterns: Vec<String>| {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns)
                .ok()
        };
        self.finder = build(forms(false));
        self.goal_finder = build(forms(true));
    }
}

impl Lexicon {
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Load and validate a lexicon folder; all problems in all files are reported together.
    pub fn load(dir: &Path) -> Result<Lexicon> {
        Lexicon::load_from(&Files::Dir(dir))
    }

    /// The default lexicons, built into the binary from this checkout's `lexicons/` folder.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::load_from(&Files::Builtin)
    }

    fn load_from(files: &Files) -> Result<Lexicon> {
        let mut problems = Vec::new();
        let mut themes = Vec::new();
        for rel in files.themes()? {
            let src = match files.read(&rel) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{}: {e}", files.name(&rel)));
                    continue;
                }
            };
            let stem = rel
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".toml"))
                .unwrap_or_default()
                .to_string();
            if let Some(t) = parse_theme(&src, &files.name(&rel), Some(&stem), &mut problems) {
                themes.push(t);
            }
        }
        if themes.is_empty() && problems.is_empty() {
            problems.push(format!(
                "{}: no theme files (*.toml) found",
                files.name("themes")
            ));
        }
        let facets =
            read_with(files, "facets.toml", &mut problems, parse_facets).unwrap_or_default();
        let (levels, minutes, one_body) =
            read_with(files, "levels.toml", &mut problems, parse_levels).unwrap_or_default();
        let Common {
            organisation_heads,
            municipality_words,
            procedural_heads,
            personnel_cues,
            finance_cues,
            facilities,
        } = read_with(files, "common.toml", &mut problems, parse_common).unwrap_or_default();
        let goals = read_with(files, "goals.toml", &mut problems, parse_goals).unwrap_or_default();
        // Optional: without it the rules alone decide.
        let learned = match files.read("learned.toml") {
            Ok(src) => {
                super::learned::Model::parse(&src, &files.name("learned.toml"), &mut problems)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                problems.push(format!("{}: {e}", files.name("learned.toml")));
                None
            }
        };
        if !problems.is_empty() {
            return Err(Error::Invalid { problems });
        }
        themes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut lex = Lexicon {
            themes,
            organisation_heads,
            municipality_words,
            procedural_heads,
            personnel_cues,
            finance_cues,
            facilities,
            index: KeyIndex::default(),
            facets,
            levels,
            minutes,
            one_body,
            goals,
            rules: RuleSet::default(),
            learned,
        };
        lex.reindex();
        Ok(lex)
    }

    /// This lexicon with more themes added or replaced (a municipality's own, from its
    /// manifest): a new lexicon, so the base one stays as it is for other corpora.
    pub fn with_themes(&self, extra: &[Theme]) -> Lexicon {
        let mut lex = self.clone();
        for t in extra {
            lex.themes.retain(|o| o.id != t.id);
            lex.themes.push(t.clone());
        }
        lex.themes.sort_by(|a, b| a.id.cmp(&b.id));
        lex.reindex();
        lex
    }

    /// The theme ids, sorted (for messages that list the valid ones).
    pub fn theme_ids(&self) -> Vec<String> {
        self.themes.iter().map(|t| t.id.clone()).collect()
    }

    /// (Re)build the key index over all theme, facet and level-cue terms and give each term its
    /// key ids.
    fn reindex(&mut self) {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let terms = self
            .themes
            .iter_mut()
            .flat_map(|t| [&mut t.fi, &mut t.sv])
            .flat_map(|set| set.terms.iter_mut().chain(set.exclude.iter_mut()))
            .chain(self.facets.iter_mut().flat_map(|f| {
                f.fi.iter_mut()
                    .chain(f.sv.iter_mut())
                    .chain(f.fi_exclude.iter_mut())
                    .chain(f.sv_exclude.iter_mut())
            }))
            .chain(
                self.levels
                    .iter_mut()
                    .flat_map(|l| l.title.iter_mut().chain(l.body.iter_mut())),
            );
        for term in terms {
            term.first = term.words.first().map_or_else(Vec::new, |alts| {
                alts.iter()
                    .map(|k| {
                        let (Key::Prefix(s) | Key::Exact(s)) = k;
                        let next = ids.len() as u32;
                        *ids.entry(s.clone()).or_insert(next)
                    })
                    .collect()
            });
        }
        let mut keys: Vec<(u32, String)> = ids.into_iter().map(|(k, i)| (i, k)).collect();
        keys.sort();
        self.index = KeyIndex::build(keys.into_iter().map(|(_, k)| k).collect());
    }
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_lexicons.rs"));
}

/// The text of a lexicon file by the name messages give it ([`Theme::source`]): a built-in
/// file or one on disk.
pub fn source_text(name: &str) -> Option<String> {
    match name
        .strip_prefix("lexicons/")
        .and_then(|n| n.strip_suffix(BUILTIN_MARK))
    {
        Some(rel) => Files::Builtin.read(rel).ok(),
        None => std::fs::read_to_string(name).ok(),
    }
}

const BUILTIN_MARK: &str = " (built in)";

/// Where lexicon files come from: a folder, or the files built into the binary.
enum Files<'a> {
    Dir(&'a Path),
    Builtin,
}

impl Files<'_> {
    /// The theme files, as paths relative to the lexicon folder, sorted.
    fn themes(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = match self {
            Files::Dir(dir) => {
                let theme_dir = dir.join("themes");
                std::fs::read_dir(&theme_dir)
                    .map_err(|e| Error::io(&theme_dir, &e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .filter_map(|p| {
                        let name = p.file_name()?.to_str()?.to_string();
                        Some(format!("themes/{name}"))
                    })
                    .collect()
            }
            Files::Builtin => builtin::BUILTIN
                .iter()
                .map(|(rel, _)| rel.to_string())
                .filter(|rel| rel.starts_with("themes/"))
                .collect(),
        };
        out.sort();
        Ok(out)
    }

    fn read(&self, rel: &str) -> std::io::Result<String> {
        match self {
            Files::Dir(dir) => std::fs::read_to_string(dir.join(rel)),
            Files::Builtin => builtin::BUILTIN
                .iter()
                .find(|(r, _)| *r == rel)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }

    /// How messages name a file.
    fn name(&self, rel: &str) -> String {
        match self {
            Files::Dir(dir) => dir.join(rel).display().to_string(),
            Files::Builtin => format!("lexicons/{rel}{BUILTIN_MARK}"),
        }
    }
}

fn read_with<T>(
    files: &Files,
    rel: &str,
    problems: &mut Vec<String>,
    f: fn(&str, &str, &mut Vec<String>) -> Option<T>,
) -> Option<T> {
    match files.read(rel) {
        Ok(src) => f(&src, &files.name(rel), problems),
        Err(e) => {
            problems.push(format!("{}: {e}", files.name(rel)));
            None
        }
    }
}

/// A TOML syntax or schema error as `file:line: message`.
pub(crate) fn toml_problem(file: &str, src: &str, e: &toml::de::Error) -> String {
    let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
    format!("{file}:{line}: {}", e.message())
}

/// Deserialize `src`, recording a syntax or schema error as a problem.
fn parse_toml<T: serde::de::DeserializeOwned>(
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    toml::from_str(src)
        .map_err(|e| problems.push(toml_problem(file, src, &e)))
        .ok()
}

type Words = Vec<Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTheme {
    pub id: Option<Spanned<String>>,
    pub label: RawLabel,
    #[serde(default)]
    pub fi: RawTerms,
    #[serde(default)]
    pub sv: RawTerms,
    #[serde(default)]
    pub examples: RawExamples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLabel {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerms {
    #[serde(default)]
    pub terms: Words,
    #[serde(default)]
    pub weak: Words,
    #[serde(default)]
    pub exclude: Words,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExamples {
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// Parse one theme file (or a `[[theme]]` table re-serialised from a manifest).
pub fn parse_theme(
    src: &str,
    file: &str,
    stem: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Theme> {
    let raw: RawTheme = parse_toml(src, file, problems)?;
    theme_from_raw(raw, src, file, stem, problems)
}

pub(crate) fn theme_from_raw(
    raw: RawTheme,
    src: &str,
    file: &str,
    stem: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Theme> {
    let before = problems.len();
    let id = match (&raw.id, stem) {
        (Some(id), Some(stem)) if id.get_ref() != stem => {
            problems.push(format!(
                "{file}:{}: id `{}` differs from the file name `{stem}`",
                line_of(src, id.span().start),
                id.get_ref()
            ));
            stem.to_string()
        }
        (Some(id), _) => id.get_ref().clone(),
        (None, Some(stem)) => stem.to_string(),
        (None, None) => {
            problems.push(format!("{file}:1: theme has no `id`"));
            String::new()
        }
    };
    if !id.is_empty()
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(format!(
            "{file}:1: theme id `{id}` must be lower-case ASCII letters, digits and hyphens"
        ));
    }
    let mut set = |raw: &RawTerms, lang: Lang| TermSet {
        terms: raw
            .terms
            .iter()
            .map(|w| (w, false))
            .chain(raw.weak.iter().map(|w| (w, true)))
            .filter_map(|(w, weak)| compile_spanned(w, lang, weak, src, file, problems))
            .collect(),
        exclude: raw
            .exclude
            .iter()
            .filter_map(|w| compile_spanned(w, lang, false, src, file, problems))
            .collect(),
    };
    let fi = set(&raw.fi, Lang::Fi);
    let sv = set(&raw.sv, Lang::Sv);
    if fi.terms.is_empty() {
        problems.push(format!(
            "{file}:1: theme `{id}` has no Finnish terms (`[fi] terms`)"
        ));
    }
    if problems.len() > before {
        return None;
    }
    Some(Theme {
        id,
        label_fi: raw.label.fi,
        label_sv: raw.label.sv,
        label_en: raw.label.en,
        fi,
        sv,
        examples_match: raw.examples.matches,
        examples_no_match: raw.examples.no_match,
        source: file.to_string(),
    })
}

fn compile_spanned(
    w: &Spanned<String>,
    lang: Lang,
    weak: bool,
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Option<Term> {
    match compile_term(w.get_ref(), lang, weak) {
        Ok(t) => Some(t),
        Err(msg) => {
            problems.push(format!("{file}:{}: {msg}", line_of(src, w.span().start)));
            None
        }
    }
}

/// Compile a term string into keys (see the module doc for the syntax).
pub fn compile_term(text: &str, lang: Lang, weak: bool) -> std::result::Result<Term, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty term".into());
    }
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let mut alts = Vec::new();
        for alt in word.split('|') {
            let key = if let Some(exact) = alt.strip_prefix('=') {
                Key::Exact(exact.to_lowercase())
            } else if let Some(lit) = alt.strip_prefix('~') {
                Key::Prefix(lit.to_lowercase())
            } else {
                if !alt
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '%' || c == '€')
                {
                    return Err(format!(
                        "term `{text}`: `{alt}` must be letters or digits (hyphenated words are written as separate words)"
                    ));
                }
                let key = if alt.chars().all(|c| c.is_alphabetic()) {
                    text::term_key(alt, lang)
                } else {
                    alt.to_lowercase()
                };
                let short = key.chars().count() < MIN_KEY;
                if short && text.split_whitespace().count() > 1 {
                    // Inside a phrase a short word (`ja`, `i`, `työ`) is matched as a whole word.
                    alts.push(Key::Exact(alt.to_lowercase()));
                    continue;
                }
                if short && !matches!(alt, "%" | "€") {
                    return Err(format!(
                        "term `{text}`: key `{key}` is shorter than {MIN_KEY} letters and would match unrelated words; write `={alt}` to match the whole word only"
                    ));
                }
                Key::Prefix(key)
            };
            match &key {
                Key::Prefix(k) | Key::Exact(k) if k.is_empty() => {
                    return Err(format!("term `{text}` has an empty alternative"));
                }
                _ => {}
            }
            alts.push(key);
        }
        words.push(alts);
    }
    Ok(Term {
        text: text.to_string(),
        words,
        weak,
        first: Vec::new(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacet {
    #[serde(default)]
    fi: Words,
    #[serde(default)]
    fi_weak: Words,
    #[serde(default)]
    sv: Words,
    #[serde(default)]
    sv_weak: Words,
    #[serde(default)]
    fi_context: Words,
    #[serde(default)]
    sv_context: Words,
    #[serde(default)]
    fi_suffix: Words,
    #[serde(default)]
    sv_suffix: Words,
    #[serde(default)]
    fi_exclude: Words,
    #[serde(default)]
    sv_exclude: Words,
}

fn parse_facets(src: &str, file: &str, problems: &mut Vec<String>) -> Option<Vec<FacetCues>> {
    let raw: BTreeMap<Spanned<String>, RawFacet> = parse_toml(src, file, problems)?;
    let mut out = Vec::new();
    for (name, f) in raw {
        let Some(facet) = Facet::from_id(name.get_ref()) else {
            let valid: Vec<_> = Facet::ALL.iter().map(|f| f.id()).collect();
            problems.push(format!(
                "{file}:{}: unknown facet `{}`; valid: {}",
                line_of(src, name.span().start),
                name.get_ref(),
                valid.join(", ")
            ));
            continue;
        };
        let mut list = |strong: &Words, weak: &Words, lang| {
            strong
                .iter()
                .map(|w| (w, false))
                .chain(weak.iter().map(|w| (w, true)))
                .filter_map(|(w, weak)| compile_spanned(w, lang, weak, src, file, problems))
                .collect::<Vec<_>>()
        };
        let fi = list(&f.fi, &f.fi_weak, Lang::Fi);
        let sv = list(&f.sv, &f.sv_weak, Lang::Sv);
        let fi_context = list(&Words::default(), &f.fi_context, Lang::Fi);
        let sv_context = list(&Words::default(), &f.sv_context, Lang::Sv);
        let fi_exclude = list(&f.fi_exclude, &Words::default(), Lang::Fi);
        let sv_exclude = list(&f.sv_exclude, &Words::default(), Lang::Sv);
        let suffixes = |words: &Words, problems: &mut Vec<String>| {
            letter_words(
                words,
                3,
                "suffix",
                "must be at least 3 letters",
                src,
                file,
                problems,
            )
        };
        let fi_suffix = suffixes(&f.fi_suffix, problems);
        let sv_suffix = suffixes(&f.sv_suffix, problems);
        out.push(FacetCues {
            facet,
            fi,
            sv,
            fi_context,
            sv_context,
            fi_suffix,
            sv_suffix,
            fi_exclude,
            sv_exclude,
        });
    }
    Some(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommon {
    #[serde(default)]
    organisation_heads: Words,
    #[serde(default)]
    municipality_words: Words,
    #[serde(default)]
    procedural_heads: Words,
    #[serde(default)]
    personnel_cues: Words,
    #[serde(default)]
    finance_cues: Words,
    #[serde(default)]
    facilities: Words,
}

/// The word lists of `common.toml`, checked.
#[derive(Default)]
struct Common {
    organisation_heads: Vec<String>,
    municipality_words: Vec<String>,
    procedural_heads: Vec<String>,
    personnel_cues: Vec<String>,
    finance_cues: Vec<String>,
    facilities: Vec<String>,
}

/// The words of `list`, trimmed and lower-cased; one that is shorter than `min` letters or holds
/// anything but letters is a problem (`FILE:LINE: what `word` must`) and left out.
fn letter_words(
    list: &Words,
    min: usize,
    what: &str,
    must: &str,
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Vec<String> {
    checked_words(
        list,
        |w| w.trim().to_lowercase(),
        |w| w.chars().count() >= min && w.chars().all(char::is_alphabetic),
        (what, must),
        (src, file),
        problems,
    )
}

/// The entries of `list`, each as `norm` makes it, that `ok` accepts; another is a problem
/// (`FILE:LINE: what `entry` must`) and left out.
fn checked_words(
    list: &Words,
    norm: impl Fn(&str) -> String,
    ok: impl Fn(&str) -> bool,
    (what, must): (&str, &str),
    (src, file): (&str, &str),
    problems: &mut Vec<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for w in list {
        let word = norm(w.get_ref());
        if ok(&word) {
            out.push(word);
        } else {
            problems.push(format!(
                "{file}:{}: {what} `{word}` {must}",
                line_of(src, w.span().start)
            ));
        }
    }
    out
}

/// A word of lower-case letters, at least `min` of them.
fn lower_word(w: &str, min: usize) -> bool {
    w.chars().count() >= min && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
}

fn parse_common(src: &str, file: &str, problems: &mut Vec<String>) -> Option<Common> {
    let raw: RawCommon = parse_toml(src, file, problems)?;
    let words = letter_words(
        &raw.municipality_words,
        1,
        "municipality word",
        "must be one word of letters",
        src,
        file,
        problems,
    );
    let must = format!("must be at least {MIN_KEY} letters");
    let mut heads =
        |list: &Words, what: &str| letter_words(list, MIN_KEY, what, &must, src, file, problems);
    let out = heads(&raw.organisation_heads, "organisation head");
    let procedural = heads(&raw.procedural_heads, "procedural head");
    let places = heads(&raw.facilities, "facility");
    let personnel = checked_words(
        &raw.personnel_cues,
        str::to_string,
        |w| w.split(' ').count() <= 2 && w.split(' ').all(|p| lower_word(p, MIN_KEY)),
        (
            "personnel cue",
            &format!("must be one or two lower-case words of at least {MIN_KEY} letters"),
        ),
        (src, file),
        problems,
    );
    let finance = checked_words(
        &raw.finance_cues,
        str::to_string,
        |w| match w.strip_prefix('=') {
            Some(whole) => lower_word(whole, 1),
            None => lower_word(w, MIN_KEY),
        },
        (
            "finance cue",
            &format!(
                "must be a lower-case word part of at least {MIN_KEY} letters, or `=` and a whole word"
            ),
        ),
        (src, file),
        problems,
    );
    Some(Common {
        organisation_heads: out,
        municipality_words: words,
        procedural_heads: procedural,
        personnel_cues: personnel,
        finance_cues: finance,
        facilities: places,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoals {
    #[serde(default)]
    header_hints: Words,
    #[serde(default)]
    generic_measure: RawLangWords,
    #[serde(default)]
    generic_pairing: RawLangWords,
    #[serde(default)]
    hvk_names: Words,
    #[serde(default)]
    vision: Words,
    #[serde(default)]
    numbered_outcome: Words,
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, RawLangWords>,
    #[serde(default)]
    card: Vec<RawCard>,
    #[serde(default)]
    example: Vec<RawGoalExample>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLangWords {
    #[serde(default)]
    fi: Words,
    #[serde(default)]
    sv: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard {
    opens: Words,
    #[serde(default)]
    status: Words,
    indicators: Words,
    columns: Words,
    #[serde(default)]
    ends: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoalExample {
    text: Spanned<String>,
    #[serde(default)]
    goal: Option<String>,
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, RawFieldValues>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFieldValues {
    One(String),
    Many(Vec<String>),
}

/// Parse `goals.toml` (layout and meaning: `lexicons/README.md`).
fn parse_goals(src: &str, file: &str, problems: &mut Vec<String>) -> Option<GoalVocab> {
    let raw: RawGoals = parse_toml(src, file, problems)?;
    let line = |w: &Spanned<String>| line_of(src, w.span().start);
    let facet_of = |name: &Spanned<String>, problems: &mut Vec<String>| {
        let f = Facet::from_id(name.get_ref());
        if f.is_none() {
            let valid: Vec<_> = Facet::ALL.iter().map(|f| f.id()).collect();
            problems.push(format!(
                "{file}:{}: unknown facet `{}`; valid: {}",
                line(name),
                name.get_ref(),
                valid.join(", ")
            ));
        }
        f
    };
    // A label or layout text: lower case, with a letter, no surrounding space.
    let phrase = |w: &Spanned<String>, what: &str, problems: &mut Vec<String>| {
        let t = w.get_ref();
        if t.trim() != t || t.to_lowercase() != *t || !t.chars().any(char::is_alphabetic) {
            problems.push(format!(
                "{file}:{}: {what} `{t}` must be lower case, hold a letter and have no surrounding spaces",
                line(w)
            ));
            None
        } else {
            Some(t.clone())
        }
    };
    let mut vocab = GoalVocab {
        source: file.to_string(),
        ..GoalVocab::default()
    };
    for (name, words) in &raw.labels {
        let Some(facet) = facet_of(name, problems) else {
            continue;
        };
        for w in words.fi.iter().chain(&words.sv) {
            let Some(text) = phrase(w, "label", problems) else {
                continue;
            };
            if let Some(other) = vocab.labels.iter().find(|l| l.text == text) {
                problems.push(format!(
                    "{file}:{}: label `{text}` is listed twice (under `{}` and `{}`)",
                    line(w),
                    other.facet.id(),
                    facet.id()
                ));
                continue;
            }
            vocab.labels.push(GoalLabel { text, facet });
        }
    }
    if !vocab.labels.iter().any(|l| l.facet == Facet::Goal) {
        problems.push(format!(
            "{file}:1: no goal label (`[labels.goal]`): no labelled goal block could be read"
        ));
    }
    vocab.numbered_outcome = raw
        .numbered_outcome
        .iter()
        .filter_map(|w| phrase(w, "label", problems))
        .collect();
    for w in &raw.header_hints {
        if let Some(h) = phrase(w, "header hint", problems) {
            if h.chars().count() < 3 {
                problems.push(format!(
                    "{file}:{}: header hint `{h}` is shorter than 3 letters and would let any row through",
                    line(w)
                ));
            } else {
                vocab.header_hints.push(h);
            }
        }
    }
    for (words, lang, generic) in [
        (&raw.generic_measure.fi, Lang::Fi, false),
        (&raw.generic_measure.sv, Lang::Sv, false),
        (&raw.generic_pairing.fi, Lang::Fi, true),
        (&raw.generic_pairing.sv, Lang::Sv, true),
    ] {
        for w in words {
            let t = w.get_ref().trim();
            let key = match t.strip_prefix('~') {
                Some(lit) => lit.to_lowercase(),
                None => text::word_key(t, lang),
            };
            if key.chars().count() < MIN_KEY || !key.chars().all(char::is_alphabetic) {
                problems.push(format!(
                    "{file}:{}: {} `{t}`: key `{key}` must be at least {MIN_KEY} letters",
                    line(w),
                    if generic {
                        "generic word"
                    } else {
                        "measure word"
                    }
                ));
            } else if generic {
                vocab.generic_pairing.push(key);
            } else {
                vocab.generic_measure.push(key);
            }
        }
    }
    vocab.hvk_names = raw
        .hvk_names
        .iter()
        .filter_map(|w| phrase(w, "welfare report name", problems))
        .collect();
    vocab.vision = raw
        .vision
        .iter()
        .filter_map(|w| phrase(w, "vision word", problems))
        .collect();
    for c in &raw.card {
        let mut list = |ws: &Words, what: &str| {
            ws.iter()
                .filter_map(|w| phrase(w, what, problems))
                .collect::<Vec<_>>()
        };
        let layout = CardLayout {
            opens: list(&c.opens, "card opener"),
            status: list(&c.status, "card status label"),
            indicators: list(&c.indicators, "card indicator label"),
            ends: list(&c.ends, "card end"),
            columns: c
                .columns
                .iter()
                .map(|w| {
                    if w.get_ref().is_empty() {
                        Some(None)
                    } else {
                        facet_of(w, problems).map(Some)
                    }
                })
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default(),
        };
        if layout.opens.is_empty() || layout.indicators.is_empty() {
            let at = c.opens.first().or(c.indicators.first()).map_or(1, line);
            problems.push(format!(
                "{file}:{at}: a card needs `opens` and `indicators`"
            ));
        }
        vocab.cards.push(layout);
    }
    for e in &raw.example {
        let at = line(&e.text);
        if e.text.get_ref().trim().is_empty() {
            problems.push(format!("{file}:{at}: example has no text"));
            continue;
        }
        if e.goal.is_none() && !e.fields.is_empty() {
            problems.push(format!(
                "{file}:{at}: example has fields but no `goal` (an example without `goal` must give no goal unit)"
            ));
            continue;
        }
        let mut fields = Vec::new();
        for (name, values) in &e.fields {
            let Some(facet) = facet_of(name, problems) else {
                continue;
            };
            let values = match values {
                RawFieldValues::One(v) => vec![v.clone()],
                RawFieldValues::Many(v) => v.clone(),
            };
            fields.push((facet, values));
        }
        fields.sort_by_key(|(f, _)| *f);
        vocab.examples.push(GoalExample {
            line: at,
            text: e.text.get_ref().clone(),
            goal: e.goal.clone(),
            fields,
        });
    }
    vocab.build_finder();
    Some(vocab)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    #[serde(default)]
    title: Words,
    #[serde(default)]
    file_name: Words,
    #[serde(default)]
    body: Words,
    #[serde(default)]
    examples: Words,
    /// Only in `[minutes]`.
    #[serde(default)]
    external: Words,
}

fn parse_levels(
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Option<(Vec<LevelCues>, MinutesCues, Vec<Term>)> {
    let raw: BTreeMap<Spanned<String>, RawLevel> = parse_toml(src, file, problems)?;
    let mut out = Vec::new();
    let mut minutes = MinutesCues::default();
    let mut one_body = Vec::new();
    let lined = |ws: &Words| -> Vec<(usize, String)> {
        ws.iter()
            .map(|w| (line_of(src, w.span().start), w.get_ref().clone()))
            .collect()
    };
    let list = |ws: &Words, problems: &mut Vec<String>| {
        ws.iter()
            .filter_map(|w| compile_spanned(w, Lang::Fi, false, src, file, problems))
            .collect::<Vec<_>>()
    };
    for (name, l) in raw {
        if name.get_ref() == "minutes" {
            minutes = MinutesCues {
                title: list(&l.title, problems),
                body: list(&l.body, problems),
                external: list(&l.external, problems),
                examples: lined(&l.examples),
            };
            continue;
        }
        if name.get_ref() == "one-body" {
            one_body = list(&l.title, problems);
            continue;
        }
        if !l.external.is_empty() {
            problems.push(format!(
                "{file}:{}: `external` belongs in [minutes] only",
                line_of(src, name.span().start)
            ));
        }
        let Some(level) = Level::from_id(name.get_ref()) else {
            problems.push(format!(
                "{file}:{}: unknown level `{}`; valid: {}",
                line_of(src, name.span().start),
                name.get_ref(),
                Level::valid_ids()
            ));
            continue;
        };
        let title = list(&l.title, problems);
        let file_name = list(&l.file_name, problems);
        let body = list(&l.body, problems);
        out.push(LevelCues {
            level,
            title,
            file_name,
            body,
            examples: lined(&l.examples),
        });
    }
    Some((out, minutes, one_body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_syntax() {
        let t = compile_term("lapsi|lasten =hyte ~kotihoid", Lang::Fi, false).unwrap();
        assert_eq!(t.words.len(), 3);
        assert_eq!(
            t.words[0],
            vec![Key::Prefix("laps".into()), Key::Prefix("lasten".into())]
        );
        assert_eq!(t.words[1], vec![Key::Exact("hyte".into())]);
        assert_eq!(t.words[2], vec![Key::Prefix("kotihoid".into())]);
        assert!(
            compile_term("ikä", Lang::Fi, false)
                .unwrap_err()
                .contains("shorter")
        );
        assert!(compile_term("  ", Lang::Fi, false).is_err());
    }

    #[test]
    fn goal_vocabulary_problems_carry_file_and_line() {
        let src = "header_hints = [\"mål\", \"ab\"]\n[generic_measure]\nfi = [\"~osu\"]\n[labels.goal]\nfi = [\"tavoite:\"]\n[labels.aim]\nfi = [\"x:\"]\n[labels.outcome]\nfi = [\"Toteuma:\", \"tavoite:\"]\n[[card]]\nopens = [\"talousarviotavoite\"]\nindicators = [\"mittari/mittarit\"]\ncolumns = [\"indicator\", \"size\"]\n[[example]]\ntext = \"Mittari: osuus.\"\nfields = { indicator = \"osuus\" }\n";
        let mut problems = Vec::new();
        let vocab = parse_goals(src, "goals.toml", &mut problems).unwrap();
        for want in [
            "goals.toml:1: header hint `ab` is shorter",
            "goals.toml:3: measure word `~osu`",
            "goals.toml:6: unknown facet `aim`",
            "goals.toml:9: label `Toteuma:` must be lower case",
            "goals.toml:9: label `tavoite:` is listed twice (under `goal` and `outcome`)",
            "goals.toml:13: unknown facet `size`",
            "goals.toml:15: example has fields but no `goal`",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(want)),
                "{want}: {problems:?}"
            );
        }
        assert_eq!(problems.len(), 7, "{problems:?}");
        assert_eq!(vocab.header_hints, ["mål"]);
        let mut problems = Vec::new();
        parse_goals("[labels.goal]\nfi = 1\n", "goals.toml", &mut problems);
        assert!(problems[0].starts_with("goals.toml:2:"), "{problems:?}");
    }

    #[test]
    fn goal_labels_are_found_in_the_usual_cases() {
        let mut problems = Vec::new();
        let src = "[labels.goal]\nsv = [\"mål:\"]\n[labels.indicator]\nfi = [\"mittari:\"]\n";
        let vocab = parse_goals(src, "goals.toml", &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(vocab.mentions_label("Mål: fler unga idrottar", true));
        assert!(vocab.mentions_label("MÅL: fler unga idrottar", true));
        assert!(!vocab.mentions_label("Mittari: osuus", true));
        assert!(vocab.mentions_label("Mittari: osuus", false));
        assert!(!vocab.mentions_label("Målet är att fler idrottar", false));
    }

    #[test]
    fn theme_problems_carry_file_and_line() {
        let src = "id = \"x\"\n[label]\nfi = \"a\"\nsv = \"b\"\nen = \"c\"\n[fi]\nterms = [\"liikunta\",\n  \"ikä\"]\n";
        let mut problems = Vec::new();
        assert!(parse_theme(src, "themes/y.toml", Some("y"), &mut problems).is_none());
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("themes/y.toml:1: id `x` differs")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("themes/y.toml:8: term `ikä`")),
            "{problems:?}"
        );
        let mut problems = Vec::new();
        parse_theme("[label]\nfi = 1\n", "t.toml", Some("t"), &mut problems);
        assert!(problems[0].starts_with("t.toml:2:"), "{problems:?}");
    }
}
