//! The corpus manifest `linjaus.toml`: municipality, council term, pinned themes, per-document
//! level/year/language/title, and the municipality's own themes. Every problem is reported as
//! `file:line: message`.

use crate::analyse::lexicon::{RawTheme, Theme, theme_from_raw, toml_problem};
use crate::error::{Error, Result, line_of};
use crate::model::{Lang, Level};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

pub const MANIFEST: &str = "linjaus.toml";

#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub municipality: Option<String>,
    pub term: Option<String>,
    /// Theme ids traced whatever the welfare report says.
    pub pinned: Vec<Spanned<String>>,
    pub documents: Vec<DocEntry>,
    pub themes: Vec<Theme>,
    /// The manifest's file name and text, for locating later problems (unknown pinned theme).
    pub file: String,
    pub src: String,
    /// Problems with single entries (`file:line: message`). A document entry is kept without
    /// its bad value (skipped only when its `path` is unusable), a bad `[[theme]]` or top-level
    /// value is skipped alone, so one typo does not discard the rest of the manifest; the run
    /// reports them and exits 2.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DocEntry {
    /// Relative to the corpus folder, `/`-separated.
    pub path: String,
    pub level: Option<Level>,
    pub year: Option<u32>,
    pub language: Option<Lang>,
    pub title: Option<String>,
    pub line: usize,
}

/// One `[[document]]` entry, deserialized on its own so that a bad entry costs only itself.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    path: Spanned<String>,
    level: Option<Spanned<String>>,
    year: Option<u32>,
    language: Option<Spanned<String>>,
    title: Option<String>,
}

/// The manifest's top-level keys.
const TOP_KEYS: &str = "`municipality`, `term`, `themes`, `document`, `theme`, `check`";

/// A schema error in one value of the manifest as `file:line: message`. The line is the error's
/// own (falling back to the value's start); the message names the key it is under (`key`
/// is the value's own, if it has one) when serde's message does not (a wrong type or value).
fn value_problem(
    file: &str,
    src: &str,
    key: Option<&str>,
    value: &Spanned<DeValue>,
    e: &toml::de::Error,
) -> String {
    let pos = e.span().map_or(value.span().start, |s| s.start);
    let (inner, at_key) = locate(value.get_ref(), pos).unwrap_or_default();
    let mut path: Vec<&str> = key.into_iter().collect();
    path.extend(inner.iter().map(String::as_str));
    let prefix = match (path.as_slice(), at_key) {
        ([], _) | ([_], true) => String::new(),
        (p, true) => format!("in `{}`: ", p[..p.len() - 1].join(".")),
        (p, false) => format!("`{}`: ", p.join(".")),
    };
    format!("{file}:{}: {prefix}{}", line_of(src, pos), e.message())
}

/// The key path of the innermost key (or value) at byte `pos` within `value`, and whether
/// `pos` is on the key itself rather than its value. (A table's span need not cover its keys,
/// as with a `[theme.fi]` header, so every child is searched.)
fn locate(value: &DeValue, pos: usize) -> Option<(Vec<String>, bool)> {
    match value {
        DeValue::Table(t) => t.iter().find_map(|(k, v)| {
            let key = k.get_ref().to_string();
            if k.span().contains(&pos) {
                return Some((vec![key], true));
            }
            locate_in(v, pos).map(|(rest, at_key)| ([vec![key], rest].concat(), at_key))
        }),
        DeValue::Array(a) => a.iter().find_map(|v| locate_in(v, pos)),
        _ => None,
    }
}

/// [`locate`] within a child value, or the value itself when `pos` is on it.
fn locate_in(v: &Spanned<DeValue>, pos: usize) -> Option<(Vec<String>, bool)> {
    locate(v.get_ref(), pos).or_else(|| {
        let span = v.span();
        (span.contains(&pos) || span.start == pos).then(Default::default)
    })
}

/// Deserialize one manifest value (under `key`, for a top-level one), recording a schema error
/// as a problem.
fn value_of<T: serde::de::DeserializeOwned>(
    key: Option<&str>,
    v: Spanned<DeValue<'_>>,
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = v.clone();
    T::deserialize(ValueDeserializer::from(v))
        .map_err(|e| problems.push(value_problem(file, src, key, &value, &e)))
        .ok()
}

/// The line of a `file:line: message` problem, for sorting.
fn problem_line(problem: &str, file: &str) -> usize {
    problem
        .get(file.len() + 1..)
        .and_then(|rest| rest.split(':').next())
        .and_then(|l| l.parse().ok())
        .unwrap_or(0)
}

/// The entries of an array of tables (`[[document]]`, `[[theme]]`).
fn entries<'i>(
    key: &str,
    v: Spanned<DeValue<'i>>,
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Vec<Spanned<DeValue<'i>>> {
    let line = line_of(src, v.span().start);
    match v.into_inner() {
        DeValue::Array(a) => a.into_iter().collect(),
        other => {
            problems.push(format!(
                "{file}:{line}: `{key}` must be an array of tables (`[[{key}]]`), not {}",
                other.type_str()
            ));
            Vec::new()
        }
    }
}

/// One `[[document]]` entry. A bad value other than `path` is reported and dropped, and the
/// entry kept without it; an entry without a usable `path` is reported and skipped.
fn raw_doc(
    mut v: Spanned<DeValue<'_>>,
    src: &str,
    file: &str,
    problems: &mut Vec<String>,
) -> Option<RawDoc> {
    loop {
        let e = match RawDoc::deserialize(ValueDeserializer::from(v.clone())) {
            Ok(d) => return Some(d),
            Err(e) => e,
        };
        problems.push(value_problem(file, src, None, &v, &e));
        let at = e.span().map_or(v.span().start, |s| s.start);
        let (path, _) = locate(v.get_ref(), at).unwrap_or_default();
        let DeValue::Table(t) = v.get_mut() else {
            return None;
        };
        let bad = path.first().filter(|k| *k != "path")?;
        let before = t.len();
        *t = std::mem::take(t)
            .into_iter()
            .filter(|(k, _)| k.get_ref() != bad)
            .collect();
        if t.len() == before {
            return None;
        }
    }
}

impl Manifest {
    /// Read `linjaus.toml` from a corpus folder; `Ok(None)` when there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        let src = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, &e)),
        };
        Manifest::parse(&src, &path.display().to_string()).map(Some)
    }

    /// Parse a manifest. `Err` only when nothing of it can be used (a syntax error); problems
    /// with single entries are in [`Manifest::problems`].
    pub fn parse(src: &str, file: &str) -> Result<Manifest> {
        let top = DeTable::parse(src).map_err(|e| Error::Invalid {
            problems: vec![toml_problem(file, src, &e)],
        })?;
        let mut problems = Vec::new();
        let (mut municipality, mut term, mut pinned) = (None, None, Vec::new());
        let (mut raw_docs, mut raw_themes) = (Vec::new(), Vec::new());
        for (key, v) in top.into_inner() {
            match key.get_ref().as_ref() {
                "municipality" => {
                    municipality = value_of(Some("municipality"), v, src, file, &mut problems)
                }
                "term" => term = value_of(Some("term"), v, src, file, &mut problems),
                // A bad theme id costs only itself.
                "themes" => match v.get_ref().as_array() {
                    Some(ids) => {
                        pinned = ids
                            .iter()
                            .filter_map(|id| {
                                value_of(Some("themes"), id.clone(), src, file, &mut problems)
                            })
                            .collect()
                    }
                    None => {
                        value_of::<Vec<String>>(Some("themes"), v, src, file, &mut problems);
                    }
                },
                "document" => raw_docs = entries("document", v, src, file, &mut problems),
                "theme" => raw_themes = entries("theme", v, src, file, &mut problems),
                // The policy of `linjaus check`, read and validated by `crate::check`.
                "check" => {}
                k => problems.push(format!(
                    "{file}:{}: unknown field `{k}`, expected one of {TOP_KEYS}",
                    line_of(src, key.span().start)
                )),
            }
        }
        // Problems in the order of the file (the table's keys come sorted).
        problems.sort_by_key(|p| problem_line(p, file));
        let mut documents = Vec::new();
        for d in raw_docs {
            let Some(d) = raw_doc(d, src, file, &mut problems) else {
                continue;
            };
            let line = line_of(src, d.path.span().start);
            let level = d.level.as_ref().and_then(|l| {
                let lv = Level::from_id(l.get_ref());
                if lv.is_none() {
                    problems.push(format!(
                        "{file}:{}: unknown level `{}` for `{}`; valid levels: {}",
                        line_of(src, l.span().start),
                        l.get_ref(),
                        d.path.get_ref(),
                        Level::valid_ids()
                    ));
                }
                lv
            });
            let language = d.language.as_ref().and_then(|l| {
                let lang = Lang::from_id(l.get_ref()).filter(|l| *l != Lang::En);
                if lang.is_none() {
                    problems.push(format!(
                        "{file}:{}: unknown language `{}`; valid: fi, sv",
                        line_of(src, l.span().start),
                        l.get_ref()
                    ));
                }
                lang
            });
            let p = d.path.get_ref().replace('\\', "/");
            if p.is_empty() || p.starts_with('/') || p.split('/').any(|c| c == "..") {
                problems.push(format!(
                    "{file}:{line}: document path `{p}` must be relative to the corpus folder"
                ));
                continue;
            }
            if documents.iter().any(|x: &DocEntry| x.path == p) {
                problems.push(format!("{file}:{line}: document `{p}` is listed twice"));
                continue;
            }
            documents.push(DocEntry {
                path: p,
                level,
                year: d.year,
                language,
                title: d.title,
                line,
            });
        }
        let themes = raw_themes
            .into_iter()
            .filter_map(|t| {
                let raw: RawTheme = value_of(None, t, src, file, &mut problems)?;
                theme_from_raw(raw, src, file, None, &mut problems)
            })
            .collect();
        Ok(Manifest {
            municipality,
            term,
            pinned,
            documents,
            themes,
            file: file.to_string(),
            src: src.to_string(),
            problems,
        })
    }

    pub fn entry(&self, id: &str) -> Option<&DocEntry> {
        self.documents.iter().find(|d| d.path == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_level_names_file_line_and_valid_ids() {
        let src = "municipality = \"X\"\n\n[[document]]\npath = \"a.txt\"\nlevel = \"budjetti\"\n";
        let m = Manifest::parse(src, "k/linjaus.toml").unwrap();
        let problems = &m.problems;
        assert_eq!(problems.len(), 1);
        assert_eq!(m.municipality.as_deref(), Some("X"), "the rest is kept");
        assert_eq!(m.documents[0].level, None);
        assert!(problems[0].starts_with("k/linjaus.toml:5: unknown level `budjetti` for `a.txt`; valid levels: hvk, strategy,"), "{}", problems[0]);
    }

    #[test]
    fn syntax_errors_and_unknown_keys_have_lines() {
        let m = Manifest::parse(
            "municipality = \"X\"\n[[document]]\npath = \"a.txt\"\nleve = \"hvk\"\n[[document]]\npath = \"b.txt\"\nlevel = \"budget\"\n",
            "m.toml",
        )
        .unwrap();
        assert!(m.problems[0].starts_with("m.toml:4:"), "{:?}", m.problems);
        // One bad entry does not discard the rest of the manifest.
        assert_eq!(m.municipality.as_deref(), Some("X"));
        assert_eq!(m.documents.len(), 2);
        assert_eq!(m.entry("b.txt").and_then(|d| d.level), Some(Level::Budget));
        let Err(Error::Invalid { problems }) = Manifest::parse("[[document]\n", "m.toml") else {
            panic!()
        };
        assert!(problems[0].starts_with("m.toml:1:"), "{problems:?}");
    }

    #[test]
    fn manifest_themes_are_compiled() {
        let src = "[[theme]]\nid = \"pyoraily\"\nlabel = { fi = \"Pyöräily\", sv = \"Cykling\", en = \"Cycling\" }\nfi.terms = [\"pyöräily\"]\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.themes[0].id, "pyoraily");
    }

    #[test]
    fn wrong_typed_year_costs_only_that_value() {
        let src = "municipality = \"X\"\n\n[[document]]\npath = \"a.txt\"\nlevel = \"hvk\"\n\n[[document]]\npath = \"b.txt\"\nlevel = \"budget\"\nyear = \"2026\"\n\n[[document]]\npath = \"c.txt\"\nyear = 2025\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
        assert!(
            m.problems[0].starts_with("m.toml:10: `year`: invalid type: string \"2026\""),
            "{:?}",
            m.problems
        );
        assert_eq!(m.municipality.as_deref(), Some("X"));
        assert_eq!(m.documents.len(), 3, "the other entries are kept");
        let b = m.entry("b.txt").unwrap();
        assert_eq!((b.level, b.year, b.line), (Some(Level::Budget), None, 8));
        assert_eq!(m.entry("c.txt").unwrap().year, Some(2025));
        assert_eq!(m.entry("a.txt").unwrap().level, Some(Level::Hvk));
    }

    #[test]
    fn negative_year_and_numeric_level_are_problems_too() {
        let src = "term = \"2025-2029\"\n[[document]]\npath = \"a.txt\"\nyear = -1\nlevel = 5\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 2, "{:?}", m.problems);
        assert!(
            m.problems
                .iter()
                .any(|p| p.starts_with("m.toml:4: `year`:")),
            "{:?}",
            m.problems
        );
        assert!(
            m.problems
                .iter()
                .any(|p| p.starts_with("m.toml:5: `level`:")),
            "{:?}",
            m.problems
        );
        assert_eq!(m.term.as_deref(), Some("2025-2029"));
        let a = m.entry("a.txt").unwrap();
        assert_eq!((a.level, a.year), (None, None));
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let src = "[[document]]\npath = \"a.txt\"\nleve = \"hvk\"\n[[document]]\npath = \"b.txt\"\nyaer = 2025\nlevel = \"budget\"\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 2, "{:?}", m.problems);
        assert!(
            m.problems[0].starts_with("m.toml:3: unknown field `leve`"),
            "{:?}",
            m.problems
        );
        assert!(
            m.problems[1].starts_with("m.toml:6: unknown field `yaer`"),
            "{:?}",
            m.problems
        );
        assert_eq!(m.documents.len(), 2);
        assert_eq!(m.entry("b.txt").and_then(|d| d.level), Some(Level::Budget));
    }

    #[test]
    fn entry_without_path_is_skipped_alone() {
        let src = "[[document]]\nlevel = \"hvk\"\n[[document]]\npath = \"b.txt\"\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
        assert!(
            m.problems[0].contains("missing field `path`"),
            "{:?}",
            m.problems
        );
        assert_eq!(m.documents.len(), 1);
    }

    #[test]
    fn bad_theme_costs_only_that_theme() {
        let src = "municipality = \"X\"\n[[theme]]\nid = \"a\"\nlabel = { fi = \"A\", sv = \"A\", en = \"A\" }\nfi.terms = [\"aaaa\"]\ncolour = \"red\"\n[[theme]]\nid = \"b\"\nlabel = { fi = \"B\", sv = \"B\", en = \"B\" }\nfi.terms = [\"bbbb\"]\n[[document]]\npath = \"a.txt\"\nlevel = \"hvk\"\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
        assert!(
            m.problems[0].starts_with("m.toml:6: unknown field `colour`"),
            "{:?}",
            m.problems
        );
        let ids: Vec<_> = m.themes.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
        assert_eq!(m.municipality.as_deref(), Some("X"));
        assert_eq!(m.entry("a.txt").and_then(|d| d.level), Some(Level::Hvk));
    }

    #[test]
    fn nested_theme_problem_names_its_table() {
        let src = "[[theme]]\nid = \"a\"\nlabel = { fi = \"A\", sv = \"A\", en = \"A\" }\n[theme.fi]\nterms = [\"aaaa\"]\ntermz = [\"abab\"]\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
        assert!(
            m.problems[0].starts_with("m.toml:6: in `fi`: unknown field `termz`"),
            "{:?}",
            m.problems
        );
    }

    #[test]
    fn wrong_typed_top_level_keys_are_one_problem_each() {
        let src = "municipality = 5\nterm = \"2025-2029\"\nthemes = \"liikunta\"\nbogus = 1\n[[document]]\npath = \"a.txt\"\nlevel = \"hvk\"\n";
        let m = Manifest::parse(src, "m.toml").unwrap();
        let lines: Vec<_> = m.problems.iter().map(|p| &p[..9]).collect();
        assert_eq!(
            lines,
            ["m.toml:1:", "m.toml:3:", "m.toml:4:"],
            "{:?}",
            m.problems
        );
        assert!(
            m.problems[0].contains("`municipality`: invalid type"),
            "{:?}",
            m.problems
        );
        assert!(
            m.problems[2].contains("unknown field `bogus`"),
            "{:?}",
            m.problems
        );
        assert_eq!(m.municipality, None);
        assert_eq!(m.term.as_deref(), Some("2025-2029"));
        assert!(m.pinned.is_empty());
        assert_eq!(m.entry("a.txt").and_then(|d| d.level), Some(Level::Hvk));
        let m = Manifest::parse("themes = [\"liikunta\", 3]\n", "m.toml").unwrap();
        assert!(
            m.problems[0].starts_with("m.toml:1: `themes`: invalid type: integer `3`"),
            "{:?}",
            m.problems
        );
        assert_eq!(m.pinned.len(), 1, "the good id is kept");
    }

    #[test]
    fn syntax_error_loses_the_manifest_with_its_line() {
        let src = "municipality = \"X\"\n[[document]]\npath = \"a.txt\"\nyear = 20 26\n";
        let Err(Error::Invalid { problems }) = Manifest::parse(src, "m.toml") else {
            panic!()
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("m.toml:4:"), "{problems:?}");
    }
}
