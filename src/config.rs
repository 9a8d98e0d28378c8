//! The corpus manifest `linjaus.toml`: municipality, council term, pinned themes, per-document
//! level/year/language/title, and the municipality's own themes. Every problem is reported as
//! `file:line: message`.

use crate::analyse::lexicon::{RawTheme, Theme, theme_from_raw, toml_problem};
use crate::error::{Error, Result, line_of};
use crate::model::{Lang, Level};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

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
    /// Problems with single entries (`file:line: message`). The entries are kept without the
    /// bad value, so one typo does not discard the rest of the manifest; the run reports them
    /// and exits 2.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    municipality: Option<String>,
    term: Option<String>,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    #[serde(default)]
    document: Vec<RawDoc>,
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    path: Spanned<String>,
    level: Option<Spanned<String>>,
    year: Option<u32>,
    language: Option<Spanned<String>>,
    title: Option<String>,
}

/// The same shape without `deny_unknown_fields`: read after the strict parse failed, so the
/// entries that are right still count while the problem is reported.
#[derive(Deserialize)]
struct LenientRaw {
    municipality: Option<String>,
    term: Option<String>,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    #[serde(default)]
    document: Vec<LenientDoc>,
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
struct LenientDoc {
    path: Spanned<String>,
    level: Option<Spanned<String>>,
    year: Option<u32>,
    language: Option<Spanned<String>>,
    title: Option<String>,
}

impl From<LenientRaw> for Raw {
    fn from(r: LenientRaw) -> Raw {
        Raw {
            municipality: r.municipality,
            term: r.term,
            themes: r.themes,
            document: r
                .document
                .into_iter()
                .map(|d| RawDoc {
                    path: d.path,
                    level: d.level,
                    year: d.year,
                    language: d.language,
                    title: d.title,
                })
                .collect(),
            theme: r.theme,
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
        let mut problems = Vec::new();
        let raw: Raw = match toml::from_str(src) {
            Ok(r) => r,
            Err(strict) => {
                problems.push(toml_problem(file, src, &strict));
                toml::from_str::<LenientRaw>(src)
                    .map_err(|_| Error::Invalid {
                        problems: problems.clone(),
                    })?
                    .into()
            }
        };
        let mut documents = Vec::new();
        for d in raw.document {
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
        let themes = raw
            .theme
            .into_iter()
            .filter_map(|t| theme_from_raw(t, src, file, None, &mut problems))
            .collect();
        Ok(Manifest {
            municipality: raw.municipality,
            term: raw.term,
            pinned: raw.themes,
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
}
