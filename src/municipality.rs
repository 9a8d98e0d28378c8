//! Which municipality each document of a folder belongs to, so that a folder holding the
//! documents of several municipalities is never analysed as one without saying so, and goals
//! are never paired across them.
//!
//! A document's municipality is told, in this order, by
//! 1. the manifest of a sub-folder it lies in (`kunta-a/linjaus.toml`: the sub-folder is a
//!    municipality of its own; its `municipality`, else the folder's name);
//! 2. the name on its cover or title page: a capitalised word followed by one of the
//!    `municipality_words` of `lexicons/common.toml` (`Järvelän kunta`, `Seinäjoen kaupungin
//!    tilinpäätös`, `Vasa stad`) in a short unit (at most 12 words) of its first three pages;
//! 3. the folder's own manifest (`municipality = "Järvelä"`), for documents that name none.
//!
//! Names are compared by their beginning, so a manifest's `Järvelä` and a cover's `Järvelän`
//! (genitive), or `Seinäjoki` and `Seinäjoen`, are one municipality. Documents that name no
//! municipality in a folder without a manifest are *not told*: in a mixed folder they are kept
//! together with each other, apart from every named municipality.

use crate::analyse::lexicon::Lexicon;
use crate::config::{MANIFEST, Manifest};
use crate::corpus::{AnalysedDoc, Corpus};
use std::collections::HashMap;
use std::path::Path;

/// The cover or title page: units of these pages with at most this many words.
const TITLE_PAGES: usize = 3;
const TITLE_MAX_WORDS: usize = 12;
/// Units of the title zone read per document.
const TITLE_UNITS: usize = 60;

/// One municipality of a mixed folder and its documents (ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// As the manifest or the document writes it (`Järvelä`, `Koivulan kunta`).
    pub name: String,
    pub docs: Vec<String>,
}

/// A folder whose documents belong to two or more municipalities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mixed {
    pub groups: Vec<Group>,
    /// Documents that name no municipality (and no manifest says).
    pub untold: Vec<String>,
}

impl Mixed {
    /// The group index of a document; `None` for the documents not told.
    pub fn group_of(&self, doc: &str) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.docs.iter().any(|d| d == doc))
    }

    /// True when two documents may be paired (same municipality, or both not told).
    pub fn same(&self, a: &str, b: &str) -> bool {
        self.group_of(a) == self.group_of(b)
    }

    /// The warning an analysis of the folder carries.
    pub fn message(&self) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("{}: {}", g.name, g.docs.join(", ")))
            .collect();
        if !self.untold.is_empty() {
            parts.push(format!("no municipality named: {}", self.untold.join(", ")));
        }
        format!(
            "the folder holds documents of {} municipalities ({}); HVK goals are traced within \
             each municipality only, but the theme table and drop-offs merge them: analyse one \
             folder per municipality, or compare them with `linjaus compare`",
            self.groups.len(),
            parts.join("; ")
        )
    }
}

/// The municipality a document names on its cover or title page, as written
/// (`Seinäjoen kaupunki`), if any.
pub fn named_in(doc: &AnalysedDoc, lex: &Lexicon) -> Option<String> {
    doc.units
        .iter()
        .take(TITLE_UNITS)
        .filter(|u| {
            u.unit.page <= TITLE_PAGES && u.unit.text.split_whitespace().count() <= TITLE_MAX_WORDS
        })
        .find_map(|u| name_in_text(&u.unit.text, &lex.municipality_words))
}

fn name_in_text(text: &str, words: &[String]) -> Option<String> {
    let toks: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .collect();
    toks.windows(2).find_map(|w| {
        let (name, word) = (w[0], w[1].to_lowercase());
        let capital = name.chars().next().is_some_and(char::is_uppercase);
        let letters =
            name.chars().count() >= 3 && name.chars().all(|c| c.is_alphabetic() || c == '-');
        (capital && letters && words.contains(&word)).then(|| format!("{name} {}", w[1]))
    })
}

/// The name part of a named municipality (`Seinäjoen kaupunki` → `seinäjoen`), lower case.
fn key(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// Two names of one municipality: equal, or one a form of the other (`järvelä`/`järvelän`,
/// `seinäjoki`/`seinäjoen`, `turku`/`turun`): they share all but the last three letters of the
/// shorter, and at least three.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (key(a), key(b));
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 3 && common + 3 >= shorter
}

/// The municipality of the top-most sub-folder of `root` holding a manifest on the way to
/// `doc` (its `municipality`, else the folder's name).
fn sub_manifest(
    root: &Path,
    doc: &str,
    seen: &mut HashMap<String, Option<String>>,
) -> Option<String> {
    let parts: Vec<&str> = doc.split('/').collect();
    for i in 1..parts.len() {
        let rel = parts[..i].join("/");
        let name = seen
            .entry(rel.clone())
            .or_insert_with(|| {
                let dir = root.join(&rel);
                dir.join(MANIFEST).is_file().then(|| {
                    Manifest::load(&dir)
                        .ok()
                        .flatten()
                        .and_then(|m| m.municipality)
                        .unwrap_or_else(|| parts[i - 1].to_string())
                })
            })
            .clone();
        if name.is_some() {
            return name;
        }
    }
    None
}

/// The municipalities of a corpus's documents when there are two or more; `None` for a folder
/// of one municipality (or of documents that name none).
pub fn mixed(corpus: &Corpus, lex: &Lexicon) -> Option<Mixed> {
    let mut groups: Vec<Group> = Vec::new();
    let mut untold = Vec::new();
    let mut seen = HashMap::new();
    let add = |groups: &mut Vec<Group>, name: String, doc: &str| match groups
        .iter_mut()
        .find(|g| same_name(&g.name, &name))
    {
        Some(g) => g.docs.push(doc.to_string()),
        None => groups.push(Group {
            name,
            docs: vec![doc.to_string()],
        }),
    };
    // The folder's own manifest names the municipality first, so its nominative is the name
    // shown.
    if let Some(m) = &corpus.municipality {
        groups.push(Group {
            name: m.clone(),
            docs: Vec::new(),
        });
    }
    for d in &corpus.docs {
        let name = sub_manifest(&corpus.root, &d.id, &mut seen)
            .or_else(|| named_in(d, lex))
            .or_else(|| corpus.municipality.clone());
        match name {
            Some(n) => add(&mut groups, n, &d.id),
            None => untold.push(d.id.clone()),
        }
    }
    groups.retain(|g| !g.docs.is_empty());
    (groups.len() >= 2).then_some(Mixed { groups, untold })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        ["kunta", "kunnan", "kaupunki", "kaupungin", "stad", "kommun"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn names_on_covers() {
        let w = words();
        assert_eq!(
            name_in_text("Seinäjoen kaupungin tilinpäätös 2024", &w).as_deref(),
            Some("Seinäjoen kaupungin")
        );
        assert_eq!(
            name_in_text("Bokslut 2024 — Vasa stad", &w).as_deref(),
            Some("Vasa stad")
        );
        assert_eq!(name_in_text("Talousarvio 2026", &w), None);
        // Lower case before the word is not a name (`koko kunta`).
        assert_eq!(name_in_text("koko kunta liikkuu", &w), None);
    }

    #[test]
    fn forms_of_one_name() {
        assert!(same_name("Järvelä", "Järvelän kunta"));
        assert!(same_name("Seinäjoki", "Seinäjoen kaupunki"));
        assert!(same_name("Turku", "Turun kaupunki"));
        assert!(same_name("Korsholm", "Korsholms kommun"));
        assert!(!same_name("Järvelä", "Koivulan kunta"));
        assert!(!same_name("Lapua", "Kauhavan kaupunki"));
    }
}
