//! The persistent search index (tantivy) of every unit: document, level, years, page, unit,
//! heading path, themes, facets and text. The only module that imports tantivy.
//!
//! Finnish-aware search with the same analysis chain as the matcher: the text is cut into
//! words by `analyse::text::tokenize`, and every word is indexed as its overlapping four-letter
//! grams at consecutive positions. A query word becomes its key (`analyse::text::term_key`
//! less up to four letters of inflection, at least six: `liikunnan` → `liikun`,
//! `liikuntapaikat` → `liikuntapa`) and the grams of the key as a phrase, so the key is found
//! inside any word: inflected forms and compounds find each other (`liikunta` finds
//! `kuntoliikuntapaikkojen`, `väkivallan` finds `lähisuhdeväkivalta`). All query words must be
//! found in a unit.
//!
//! The index lives in `<corpus>/.linjaus/index` beside the analysis cache. `update` re-indexes
//! only the documents whose bytes or lexicon changed (a state file keeps each document's
//! fingerprint) and drops documents that are gone.

use crate::analyse::lexicon::Lexicon;
use crate::analyse::text::{self, term_key};
use crate::corpus::AnalysedDoc;
use crate::model::{Lang, Level};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term, doc};

const TOKENIZER: &str = "linjaus_grams";
const GRAM: usize = 4;
/// Positions reserved for the grams of one word.
const SLOTS: usize = 64;
/// Bumped when the schema or the tokenizer changes: an index of another version is rebuilt.
const VERSION: &str = "1";

/// Words as overlapping grams at consecutive positions (see the module doc).
#[derive(Clone, Default)]
struct GramTokenizer {
    tokens: Vec<Token>,
}

struct GramStream<'a> {
    tokens: &'a [Token],
    next: usize,
}

impl TokenStream for GramStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        // Filters are not used with this tokenizer; the stream hands out its own tokens.
        unreachable!("GramStream tokens are not mutated")
    }
}

/// The grams of a lower-cased word, or the word itself when it is shorter than a gram.
fn grams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= GRAM {
        return vec![word.to_string()];
    }
    chars
        .windows(GRAM)
        .take(SLOTS)
        .map(|w| w.iter().collect())
        .collect()
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = GramStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream<'a> {
        self.tokens.clear();
        for (p, t) in text::tokenize(text).into_iter().enumerate() {
            for (i, g) in grams(&t.text).into_iter().enumerate() {
                self.tokens.push(Token {
                    offset_from: t.start,
                    offset_to: t.end,
                    position: p * SLOTS + i,
                    text: g,
                    position_length: 1,
                });
            }
        }
        GramStream {
            tokens: &self.tokens,
            next: 0,
        }
    }
}

#[derive(Clone, Copy)]
struct Fields {
    doc: Field,
    level: Field,
    year: Field,
    page: Field,
    unit: Field,
    heading: Field,
    themes: Field,
    facets: Field,
    text: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let grams = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        doc: b.add_text_field("doc", STRING | STORED),
        level: b.add_text_field("level", STRING | STORED),
        year: b.add_u64_field("year", INDEXED | STORED),
        page: b.add_u64_field("page", STORED),
        unit: b.add_u64_field("unit", STORED),
        heading: b.add_text_field("heading", STORED),
        themes: b.add_text_field("themes", STRING | STORED),
        facets: b.add_text_field("facets", STRING | STORED),
        text: b.add_text_field("text", grams),
    };
    (b.build(), fields)
}

pub struct UnitIndex {
    index: Index,
    fields: Fields,
    state_file: PathBuf,
}

/// Search filters; `None` = any.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub theme: Option<String>,
    pub level: Option<Level>,
    pub doc: Option<String>,
    pub year: Option<u32>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub score: f32,
    pub doc: String,
    pub level: Option<String>,
    pub page: u64,
    pub unit: u64,
    pub heading: String,
    pub themes: Vec<String>,
    pub facets: Vec<String>,
    pub text: String,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("search index: {e}")
}

impl UnitIndex {
    /// Open the index in `dir` (`<corpus>/.linjaus`), creating or rebuilding it as needed.
    pub fn open(dir: &Path) -> Result<UnitIndex, String> {
        let path = dir.join("index");
        let version_file = path.join("linjaus-version");
        let current = std::fs::read_to_string(&version_file).ok();
        if current.as_deref() != Some(VERSION) && path.exists() {
            std::fs::remove_dir_all(&path).map_err(err)?;
        }
        std::fs::create_dir_all(&path).map_err(err)?;
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(&path) {
            Ok(i) => i,
            Err(_) => Index::create_in_dir(&path, schema).map_err(err)?,
        };
        index
            .tokenizers()
            .register(TOKENIZER, GramTokenizer::default());
        std::fs::write(&version_file, VERSION).map_err(err)?;
        Ok(UnitIndex {
            index,
            fields,
            state_file: path.join("linjaus-state.json"),
        })
    }

    /// Re-index the documents whose fingerprint changed and drop the ones that are gone.
    /// Returns how many documents were (re)indexed.
    pub fn update(
        &self,
        docs: &[AnalysedDoc],
        lex: &Lexicon,
        lexicon_fp: u64,
    ) -> Result<usize, String> {
        let old: BTreeMap<String, String> = std::fs::read(&self.state_file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let new: BTreeMap<String, String> = docs
            .iter()
            .map(|d| (d.id.clone(), format!("{:016x}-{lexicon_fp:016x}", d.hash)))
            .collect();
        let changed: Vec<&AnalysedDoc> = docs
            .iter()
            .filter(|d| old.get(&d.id) != new.get(&d.id))
            .collect();
        let gone: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
        if changed.is_empty() && gone.is_empty() {
            return Ok(0);
        }
        let mut w: IndexWriter = self.index.writer(50_000_000).map_err(err)?;
        let f = self.fields;
        for id in gone.iter().copied().chain(changed.iter().map(|d| &d.id)) {
            w.delete_term(Term::from_field_text(f.doc, id));
        }
        for d in &changed {
            for u in &d.units {
                let mut document = doc!(
                    f.doc => d.id.as_str(),
                    f.page => u.unit.page as u64,
                    f.unit => u.unit.index as u64,
                    f.heading => u.unit.heading_path.join(" › "),
                    f.text => u.unit.text.as_str(),
                );
                if let Some(l) = u.level {
                    document.add_text(f.level, l.id());
                }
                for y in &d.years {
                    document.add_u64(f.year, u64::from(*y));
                }
                for t in u.analysis.themes() {
                    document.add_text(f.themes, &lex.themes[t].id);
                }
                for facet in u.analysis.facets.ids() {
                    document.add_text(f.facets, facet);
                }
                w.add_document(document).map_err(err)?;
            }
        }
        w.commit().map_err(err)?;
        let tmp = self.state_file.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec(&new).map_err(err)?)
            .and_then(|_| std::fs::rename(&tmp, &self.state_file))
            .map_err(err)?;
        Ok(changed.len())
    }

    /// Units where every query word is found (as an inflected or compound form), best first.
    pub fn search(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> Result<Vec<Found>, String> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for key in query_keys(query) {
            let terms: Vec<(usize, Term)> = grams(&key)
                .into_iter()
                .enumerate()
                .map(|(i, g)| (i, Term::from_field_text(f.text, &g)))
                .collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(
                    terms[0].1.clone(),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new_with_offset(terms))
            };
            clauses.push((Occur::Must, q));
        }
        if clauses.is_empty() {
            return Err("the query has no words to search for".into());
        }
        let exact = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(t) = &filters.theme {
            clauses.push((Occur::Must, exact(f.themes, t)));
        }
        if let Some(l) = filters.level {
            clauses.push((Occur::Must, exact(f.level, l.id())));
        }
        if let Some(d) = &filters.doc {
            clauses.push((Occur::Must, exact(f.doc, d)));
        }
        if let Some(y) = filters.year {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.year, u64::from(y)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let reader = self.index.reader().map_err(err)?;
        let searcher = reader.searcher();
        let top = searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(limit.max(1)),
            )
            .map_err(err)?;
        let mut out = Vec::new();
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).map_err(err)?;
            let s = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let n = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            let all = |field: Field| {
                d.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
            };
            let level = s(f.level);
            out.push(Found {
                score,
                doc: s(f.doc),
                level: (!level.is_empty()).then_some(level),
                page: n(f.page),
                unit: n(f.unit),
                heading: s(f.heading),
                themes: all(f.themes),
                facets: all(f.facets),
                text: s(f.text),
            });
        }
        // Ties in score keep the order of the corpus.
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.doc.cmp(&b.doc))
                .then(a.unit.cmp(&b.unit))
        });
        Ok(out)
    }
}

/// The keys a query searches for, one per word (see the module doc).
pub fn query_keys(query: &str) -> Vec<String> {
    text::tokenize(&text::normalise(query))
        .into_iter()
        .filter(|t| t.text.chars().any(char::is_alphanumeric))
        .map(|t| {
            let key = term_key(&t.text, Lang::Fi);
            // Up to four trailing letters may be inflection (`-iden`, `-nnan`); keep at least
            // six (or the whole word, if shorter).
            let len = key.chars().count();
            let n = len.min(len.saturating_sub(4).max(6));
            key.chars().take(n).collect()
        })
        .collect()
}

/// A snippet of `text` around the first word that holds one of the query keys, the word marked
/// `[like this]`.
pub fn snippet(text: &str, keys: &[String], width: usize) -> String {
    let tokens = text::tokenize(text);
    let Some(hit) = tokens
        .iter()
        .find(|t| keys.iter().any(|k| t.text.contains(k.as_str())))
    else {
        return text.chars().take(width).collect();
    };
    let before: String = text[..hit.start]
        .chars()
        .rev()
        .take(width / 2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[hit.end..].chars().take(width / 2).collect();
    let lead = if before.len() < hit.start { "…" } else { "" };
    let tail = if after.len() < text.len() - hit.end {
        "…"
    } else {
        ""
    };
    format!("{lead}{before}[{}]{after}{tail}", &text[hit.start..hit.end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keys_are_short_stems() {
        assert_eq!(query_keys("liikunnan"), ["liikun"]);
        assert_eq!(query_keys("liikuntapaikat"), ["liikuntapa"]);
        assert_eq!(
            query_keys("Väkivallan, ikääntyneiden"),
            ["väkiva", "ikääntyne"]
        );
        assert_eq!(query_keys("uni"), ["uni"]);
    }

    #[test]
    fn grams_of_words() {
        assert_eq!(grams("liikun"), ["liik", "iiku", "ikun"]);
        assert_eq!(grams("ikä"), ["ikä"]);
    }

    #[test]
    fn snippets_mark_the_word() {
        let s = snippet(
            "Kunta kunnostaa kuntoliikuntapaikkoja kylissä.",
            &["liikun".to_string()],
            20,
        );
        assert_eq!(s, "…kunnostaa [kuntoliikuntapaikkoja] kylissä.");
    }
}
