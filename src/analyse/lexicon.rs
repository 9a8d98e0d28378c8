//! Lexicons: data loaded at run time from a folder (default `lexicons/`), validated with every
//! problem reported as `file:line: message`.
//!
//! - `themes/<id>.toml`: one welfare theme each (labels, Finnish and Swedish terms, weak terms,
//!   look-alikes to exclude, and `match` / `no_match` example sentences).
//! - `facets.toml`: cue words of each facet (goal, action, indicator, …).
//! - `levels.toml`: title and body cues that tell a document's level.
//! - `common.toml`: rules shared by all themes (organisation-name heads).
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
use std::path::{Path, PathBuf};
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
}

#[derive(Debug, Clone)]
pub struct LevelCues {
    pub level: Level,
    pub title: Vec<Term>,
    /// Cues that count only in file names (abbreviations such as `TA`, `TP` that are column
    /// heads in the body of many documents).
    pub file_name: Vec<Term>,
    pub body: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Sorted by id.
    pub themes: Vec<Theme>,
    /// Compound heads that make a theme word in front of them part of an organisation or role
    /// name (`common.toml`).
    pub organisation_heads: Vec<String>,
    /// Every first-word key of every theme and facet term, for one-pass prefiltering.
    pub index: KeyIndex,
    pub facets: Vec<FacetCues>,
    pub levels: Vec<LevelCues>,
    /// The analysis rules in force (all by default; tests and measurements switch some off).
    pub rules: RuleSet,
}

impl Lexicon {
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Load and validate a lexicon folder; all problems in all files are reported together.
    pub fn load(dir: &Path) -> Result<Lexicon> {
        let mut problems = Vec::new();
        let mut themes = Vec::new();
        let theme_dir = dir.join("themes");
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&theme_dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect(),
            Err(e) => return Err(Error::io(&theme_dir, &e)),
        };
        files.sort();
        for path in &files {
            let src = match std::fs::read_to_string(path) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if let Some(t) = parse_theme(
                &src,
                &path.display().to_string(),
                Some(&stem),
                &mut problems,
            ) {
                themes.push(t);
            }
        }
        if themes.is_empty() && problems.is_empty() {
            problems.push(format!(
                "{}: no theme files (*.toml) found",
                theme_dir.display()
            ));
        }
        let facets =
            read_with(dir.join("facets.toml"), &mut problems, parse_facets).unwrap_or_default();
        let levels =
            read_with(dir.join("levels.toml"), &mut problems, parse_levels).unwrap_or_default();
        let organisation_heads =
            read_with(dir.join("common.toml"), &mut problems, parse_common).unwrap_or_default();
        if !problems.is_empty() {
            return Err(Error::Invalid { problems });
        }
        themes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut lex = Lexicon {
            themes,
            organisation_heads,
            index: KeyIndex::default(),
            facets,
            levels,
            rules: RuleSet::default(),
        };
        lex.reindex();
        Ok(lex)
    }

    /// Add or replace themes (a municipality's own, from its manifest).
    pub fn merge_themes(&mut self, extra: Vec<Theme>) {
        for t in extra {
            self.themes.retain(|o| o.id != t.id);
            self.themes.push(t);
        }
        self.themes.sort_by(|a, b| a.id.cmp(&b.id));
        self.reindex();
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
            .chain(
                self.facets
                    .iter_mut()
                    .flat_map(|f| f.fi.iter_mut().chain(f.sv.iter_mut())),
            )
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

fn read_with<T>(
    path: PathBuf,
    problems: &mut Vec<String>,
    f: fn(&str, &str, &mut Vec<String>) -> Option<T>,
) -> Option<T> {
    match std::fs::read_to_string(&path) {
        Ok(src) => f(&src, &path.display().to_string(), problems),
        Err(e) => {
            problems.push(format!("{}: {e}", path.display()));
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
        out.push(FacetCues { facet, fi, sv });
    }
    Some(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommon {
    #[serde(default)]
    organisation_heads: Words,
}

fn parse_common(src: &str, file: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let raw: RawCommon = parse_toml(src, file, problems)?;
    let mut out = Vec::new();
    for h in raw.organisation_heads {
        let head = h.get_ref().trim().to_lowercase();
        if head.chars().count() < MIN_KEY || !head.chars().all(char::is_alphabetic) {
            problems.push(format!(
                "{file}:{}: organisation head `{head}` must be at least {MIN_KEY} letters",
                line_of(src, h.span().start)
            ));
        } else {
            out.push(head);
        }
    }
    Some(out)
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
}

fn parse_levels(src: &str, file: &str, problems: &mut Vec<String>) -> Option<Vec<LevelCues>> {
    let raw: BTreeMap<Spanned<String>, RawLevel> = parse_toml(src, file, problems)?;
    let mut out = Vec::new();
    for (name, l) in raw {
        let Some(level) = Level::from_id(name.get_ref()) else {
            problems.push(format!(
                "{file}:{}: unknown level `{}`; valid: {}",
                line_of(src, name.span().start),
                name.get_ref(),
                Level::valid_ids()
            ));
            continue;
        };
        let mut list = |ws: &Words| {
            ws.iter()
                .filter_map(|w| compile_spanned(w, Lang::Fi, false, src, file, problems))
                .collect::<Vec<_>>()
        };
        let title = list(&l.title);
        let file_name = list(&l.file_name);
        let body = list(&l.body);
        out.push(LevelCues {
            level,
            title,
            file_name,
            body,
        });
    }
    Some(out)
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
