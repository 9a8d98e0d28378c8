//! Running the `match` / `no_match` example sentences every theme file carries, and checking
//! that the examples and look-alikes can fail at all.
//!
//! Definitions (used by `linjaus lexicons` and the lexicon test):
//!
//! - A **candidate** of theme T in a text is a match of one of T's terms (strong or weak, from
//!   the term set of the text's language as `analyse_text` detects it) before any rule drops it:
//!   what `analyse_text` reports as hits with every rule switched off.
//! - A `no_match` example is **vacuous** when it has no candidate of its own theme: it passes
//!   whatever the rules do, so it tests nothing.
//! - An `exclude` entry E of T's Finnish or Swedish set is **dead** when, over T's `match` and
//!   `no_match` examples whose language selects E's set, plus E's own text (its words, first
//!   alternative of each, `~`/`=` marks removed, read in E's language), no occurrence of E covers
//!   a candidate of T in the sense of `matcher::excluded`. Such an entry changed no result on any
//!   of those texts: either no term of T matches where E does (E is redundant), or no example
//!   shows what E is for.

use super::lexicon::{Lexicon, Term, TermSet};
use super::rules::RuleSet;
use super::{analyse_text, matcher, text};
use crate::error::line_of;
use crate::model::{FacetSet, Lang};
use serde::Deserialize;
use std::fmt;
use toml::Spanned;

/// One line per `[[example]]` of `goals.toml` that does not give the goal unit it states.
pub use crate::goals::example_failures as goal_failures;

/// One line per example that does not behave as its theme file says.
pub fn failures(lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for (ti, t) in lex.themes.iter().enumerate() {
        for (sentences, want) in [(&t.examples_match, true), (&t.examples_no_match, false)] {
            for s in sentences {
                let got = analyse_text(&text::normalise(s), lex, FacetSet::default())
                    .themes()
                    .contains(&ti);
                if got != want {
                    let what = if want {
                        "should match but does not"
                    } else {
                        "should not match but does"
                    };
                    out.push(format!(
                        "{}: theme `{}`: example {what}: {s}",
                        t.source, t.id
                    ));
                }
            }
        }
    }
    out
}

/// A lexicon problem that does not stop a run: `file:line: message` (or `file: message` when the
/// line cannot be found, e.g. for a theme defined in a manifest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Dead exclusions and vacuous `no_match` examples of every theme, in file and line order.
pub fn warnings(lex: &Lexicon) -> Vec<Warning> {
    let mut out = dead_exclusions(lex);
    out.extend(vacuous_no_match(lex));
    out.extend(redundant_terms(lex));
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}

/// `no_match` examples without a candidate of their own theme (see the module doc).
pub fn vacuous_no_match(lex: &Lexicon) -> Vec<Warning> {
    let mut raw = lex.clone();
    raw.rules = RuleSet::none();
    let mut out = Vec::new();
    for (ti, t) in lex.themes.iter().enumerate() {
        let lines = Located::read(&t.source);
        for (i, s) in t.examples_no_match.iter().enumerate() {
            let a = analyse_text(&text::normalise(s), &raw, FacetSet::default());
            if !a.themes().contains(&ti) {
                out.push(Warning {
                    file: t.source.clone(),
                    line: lines.as_ref().and_then(|l| l.no_match(i)),
                    message: format!(
                        "theme `{}`: `no_match` example has no term of the theme, so it cannot fail; use a sentence where a term occurs but must not count: {s}",
                        t.id
                    ),
                });
            }
        }
    }
    out
}

/// One-word terms whose every alternative another one-word term of the same theme and
/// language already matches wherever it matches (a strong one, or any for a weak term): each
/// word it finds would count twice as evidence and in the theme's hits. A key `k` is covered by
/// a prefix key `e` when `k` starts with `e` and can match inside a compound only where `e` can
/// too (5 letters or more), and `k` holds no organisation or procedural head after `e` (a term
/// written with its head, `yhdyspintasopimus`, is what keeps a contract word from cancelling
/// the theme); an exact key only by the same exact key or a prefix of it.
pub fn redundant_terms(lex: &Lexicon) -> Vec<Warning> {
    use super::lexicon::Key;
    let heads: Vec<&str> = lex
        .organisation_heads
        .iter()
        .chain(&lex.procedural_heads)
        .map(String::as_str)
        .collect();
    let covered = |k: &Key, e: &Key| match (k, e) {
        (Key::Exact(k), Key::Exact(e)) => k == e,
        (_, Key::Exact(_)) => false,
        (Key::Exact(k), Key::Prefix(e)) => k.starts_with(e.as_str()),
        (Key::Prefix(k), Key::Prefix(e)) => {
            let (kn, en) = (k.chars().count(), e.chars().count());
            k.starts_with(e.as_str())
                && (en >= 5 || kn < 5)
                && !heads.iter().any(|h| k[e.len()..].contains(h))
        }
    };
    let mut out = Vec::new();
    for t in &lex.themes {
        let lines = Located::read(&t.source);
        for (lang, set) in [(Lang::Fi, &t.fi), (Lang::Sv, &t.sv)] {
            let strong = set.terms.iter().filter(|x| !x.weak).count();
            for (i, term) in set.terms.iter().enumerate() {
                let [alts] = term.words.as_slice() else {
                    continue;
                };
                let by = set.terms.iter().enumerate().find(|(j, other)| {
                    *j != i
                        && (!other.weak || term.weak)
                        && other.words.len() == 1
                        && alts
                            .iter()
                            .all(|k| other.words[0].iter().any(|e| covered(k, e)))
                });
                // Two terms covering each other: only the later one is reported.
                if let Some((_, other)) = by.filter(|(j, o)| {
                    *j < i
                        || !o.words[0]
                            .iter()
                            .all(|k| alts.iter().any(|e| covered(k, e)))
                }) {
                    out.push(Warning {
                        file: t.source.clone(),
                        line: lines.as_ref().and_then(|l| {
                            if i < strong {
                                l.term(lang, false, i)
                            } else {
                                l.term(lang, true, i - strong)
                            }
                        }),
                        message: format!(
                            "theme `{}`: {} term `{}` adds nothing: `{}` of the same theme already matches every word it matches, so each would count twice; remove it",
                            t.id,
                            if lang == Lang::Sv { "Swedish" } else { "Finnish" },
                            term.text,
                            other.text,
                        ),
                    });
                }
            }
        }
    }
    out
}

/// `exclude` entries that cover no candidate of their theme (see the module doc).
pub fn dead_exclusions(lex: &Lexicon) -> Vec<Warning> {
    let mut out = Vec::new();
    for t in &lex.themes {
        let lines = Located::read(&t.source);
        let examples: Vec<(Vec<text::Token>, Lang)> = t
            .examples_match
            .iter()
            .chain(&t.examples_no_match)
            .map(|s| {
                let tokens = text::tokenize(&text::normalise(s));
                let lang = text::detect_lang(&tokens);
                (tokens, lang)
            })
            .collect();
        for (lang, set) in [(Lang::Fi, &t.fi), (Lang::Sv, &t.sv)] {
            for (i, e) in set.exclude.iter().enumerate() {
                let own = text::tokenize(&text::normalise(&own_text(e)));
                let fires = covers(set, e, &own)
                    || examples
                        .iter()
                        .filter(|(_, l)| std::ptr::eq(t.terms(*l), set))
                        .any(|(tokens, _)| covers(set, e, tokens));
                if !fires {
                    out.push(Warning {
                        file: t.source.clone(),
                        line: lines.as_ref().and_then(|l| l.exclude(lang, i)),
                        message: format!(
                            "theme `{}`: `exclude` entry `{}` covers no match of the theme's {} terms in its own text or any example, so it cannot change a result; add a `no_match` example where it does, or remove it",
                            t.id,
                            e.text,
                            if lang == Lang::Sv { "Swedish" } else { "Finnish" },
                        ),
                    });
                }
            }
        }
    }
    out
}

/// Does some occurrence of `e` in `tokens` cover a match of a term of `set`?
fn covers(set: &TermSet, e: &Term, tokens: &[text::Token]) -> bool {
    let ex = matcher::find(e, tokens);
    !ex.is_empty()
        && set
            .terms
            .iter()
            .flat_map(|term| matcher::find(term, tokens))
            .any(|span| matcher::excluded(&span, &ex))
}

/// An exclude entry's words as text: the first alternative of each word, marks removed.
fn own_text(e: &Term) -> String {
    e.text
        .split_whitespace()
        .map(|w| {
            let first = w.split('|').next().unwrap_or(w);
            first.trim_start_matches(['~', '='])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a theme file's `exclude` entries and `no_match` examples are (the file is read again;
/// a theme from a manifest has no file of its own and gets no line).
struct Located {
    src: String,
    theme: LocatedTheme,
}

impl Located {
    fn read(path: &str) -> Option<Located> {
        let src = super::lexicon::source_text(path)?;
        let theme = toml::from_str(&src).ok()?;
        Some(Located { src, theme })
    }

    fn no_match(&self, i: usize) -> Option<usize> {
        self.line(&self.theme.examples.no_match, i)
    }

    fn term(&self, lang: Lang, weak: bool, i: usize) -> Option<usize> {
        let set = self.set(lang);
        self.line(if weak { &set.weak } else { &set.terms }, i)
    }

    fn exclude(&self, lang: Lang, i: usize) -> Option<usize> {
        self.line(&self.set(lang).exclude, i)
    }

    fn set(&self, lang: Lang) -> &LocatedTerms {
        if lang == Lang::Sv {
            &self.theme.sv
        } else {
            &self.theme.fi
        }
    }

    fn line(&self, list: &[Spanned<String>], i: usize) -> Option<usize> {
        Some(line_of(&self.src, list.get(i)?.span().start))
    }
}

#[derive(Deserialize, Default)]
struct LocatedTheme {
    #[serde(default)]
    fi: LocatedTerms,
    #[serde(default)]
    sv: LocatedTerms,
    #[serde(default)]
    examples: LocatedExamples,
}

#[derive(Deserialize, Default)]
struct LocatedTerms {
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    weak: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct LocatedExamples {
    #[serde(default)]
    no_match: Vec<Spanned<String>>,
}
