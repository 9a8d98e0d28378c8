//! The persistent search index (tantivy) of every unit: document, level, years, page, unit,
//! heading path, themes, facets and text. The only module that imports tantivy.
//!
//! A query word is compiled like a lexicon term: `lexicon::compile_term` gives its keys
//! (`analyse::text::term_key`: `lapsi` → `laps`, `liikunta` → `liikun`; a word too short for a
//! key matches only the whole word, as inside a lexicon phrase). A lexicon knows base forms and
//! stems the rule cannot reach, so when theme terms of the lexicon match the query word at its
//! start (the query word is one of their forms), the query word also takes the keys of the
//! term word whose key is longest: `lapsi` and `lasten` both become
//! `laps|lasten|lapse|lapsi` (from `lapsi|lasten|~lapse|~lapsi`), `liikunnan` becomes
//! `liikunnan|liikun` (from `liikunta`). A unit is found when every query word matches one of
//! its tokens by the matcher's own rule (`analyse::matcher::find`): at the token's start, or
//! inside it as a compound part when the key is long enough, so a query word finds exactly what
//! the matcher finds for it as a term (`liikunnan` finds `Lähiliikuntapaikkojen`; `nuori` does
//! not find `ammattinuori`).
//!
//! To find keys inside compounds, the text is cut into words by `analyse::text::tokenize`, and
//! every word is indexed as its overlapping four-letter grams at consecutive positions; a key
//! is searched as the phrase of its grams. That finds a key anywhere in a word, a superset of
//! the matcher's rule, so the candidate units are then checked with `matcher::find` on the
//! tokens of their stored text.
//!
//! The index lives in `<corpus>/.linjaus/index` beside the analysis cache. `update` re-indexes
//! only the documents whose fingerprint changed (a state file keeps each document's: its bytes,
//! the lexicon, and what the index holds that is not in the bytes: the units' levels and the
//! document's years, which the manifest may change) and drops documents that are gone. Several
//! processes may search one corpus at once: the one holding tantivy's writer lock indexes, the
//! others wait for it (up to [`LOCK_WAIT`]) and then find the index up to date.

use crate::analyse::lexicon::{self, Key, Lexicon, compile_term};
use crate::analyse::matcher::{find, key_in_token};
use crate::analyse::text;
use crate::corpus::AnalysedDoc;
use crate::model::{Lang, Level};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
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
const VERSION: &str = "2";
/// How long `update` waits for another process that holds the index writer.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

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
    page_label: Field,
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
        page_label: b.add_text_field("page_label", STORED),
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
    /// The number the page prints, when known.
    pub page_label: Option<String>,
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
    /// Safe against another process opening the same fresh index at the same time.
    pub fn open(dir: &Path) -> Result<UnitIndex, String> {
        let path = dir.join("index");
        let version_file = path.join("linjaus-version");
        let current = std::fs::read_to_string(&version_file).ok();
        // An index of another version, or one older than version files, is rebuilt. A folder
        // without a version file and without an index is one another process is creating: it
        // writes the version file before the index.
        let stale = match current.as_deref() {
            Some(v) => v != VERSION,
            None => path.join("meta.json").exists(),
        };
        if stale {
            match std::fs::remove_dir_all(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(err(e)),
                _ => {}
            }
        }
        std::fs::create_dir_all(&path).map_err(err)?;
        if current.as_deref() != Some(VERSION) {
            crate::output::atomic_write(&version_file, VERSION.as_bytes()).map_err(err)?;
        }
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(&path) {
            Ok(i) => i,
            // Another process may create it between the two calls.
            Err(_) => Index::create_in_dir(&path, schema)
                .or_else(|_| Index::open_in_dir(&path))
                .map_err(err)?,
        };
        index
            .tokenizers()
            .register(TOKENIZER, GramTokenizer::default());
        Ok(UnitIndex {
            index,
            fields,
            state_file: path.join("linjaus-state.json"),
        })
    }

    fn read_state(&self) -> BTreeMap<String, String> {
        std::fs::read(&self.state_file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// The index writer; while another process holds it, wait (up to [`LOCK_WAIT`]).
    fn writer(&self) -> Result<IndexWriter, String> {
        let start = Instant::now();
        loop {
            match self.index.writer(50_000_000) {
                Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _))
                    if start.elapsed() < LOCK_WAIT =>
                {
                    std::thread::sleep(Duration::from_millis(50));
                }
                r => return r.map_err(err),
            }
        }
    }

    /// Re-index the documents whose fingerprint changed and drop the ones that are gone.
    /// Returns how many documents were (re)indexed: 0 when the index was up to date (also when
    /// another process brought it up to date while this one waited for the writer).
    pub fn update(
        &self,
        docs: &[AnalysedDoc],
        lex: &Lexicon,
        lexicon_fp: u64,
    ) -> Result<usize, String> {
        let new: BTreeMap<String, String> = docs
            .iter()
            .map(|d| (d.id.clone(), fingerprint(d, lexicon_fp)))
            .collect();
        let todo = |old: &BTreeMap<String, String>| {
            let changed: Vec<&AnalysedDoc> = docs
                .iter()
                .filter(|d| old.get(&d.id) != new.get(&d.id))
                .collect();
            let gone: Vec<String> = old
                .keys()
                .filter(|k| !new.contains_key(*k))
                .cloned()
                .collect();
            (changed, gone)
        };
        // Up to date: no writer needed, so searches of an unchanged corpus never wait.
        let (changed, gone) = todo(&self.read_state());
        if changed.is_empty() && gone.is_empty() {
            return Ok(0);
        }
        let mut w = self.writer()?;
        // Read the state again under the lock: another process may have just indexed.
        let (changed, gone) = todo(&self.read_state());
        if changed.is_empty() && gone.is_empty() {
            return Ok(0);
        }
        let f = self.fields;
        for id in gone.iter().chain(changed.iter().map(|d| &d.id)) {
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
                if let Some(p) = &u.unit.page_label {
                    document.add_text(f.page_label, p);
                }
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
        // Written while the writer lock is still held.
        let state = serde_json::to_vec(&new).map_err(err)?;
        crate::output::atomic_write(&self.state_file, &state).map_err(err)?;
        drop(w);
        Ok(changed.len())
    }

    /// Units where every query word is found (by the matcher's rule, see the module doc),
    /// best first.
    pub fn search(
        &self,
        query: &SearchQuery,
        filters: &Filters,
        limit: usize,
    ) -> Result<Vec<Found>, String> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &query.words {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for key in &word.keys {
                alts.push((Occur::Should, self.key_query(key)?));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
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
        // Every candidate, best first: the grams find a superset of what the matcher finds, so
        // candidates are checked in order until `limit` of them hold.
        let all = (searcher.num_docs() as usize).max(1);
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(all))
            .map_err(err)?;
        let mut out = Vec::new();
        for (score, addr) in top {
            if out.len() >= limit.max(1) {
                break;
            }
            let d: TantivyDocument = searcher.doc(addr).map_err(err)?;
            let s = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let unit_text = s(f.text);
            if !query.matches(&text::tokenize(&unit_text)) {
                continue;
            }
            let n = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            let all = |field: Field| {
                d.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
            };
            let level = s(f.level);
            let page_label = s(f.page_label);
            out.push(Found {
                score,
                doc: s(f.doc),
                level: (!level.is_empty()).then_some(level),
                page: n(f.page),
                page_label: (!page_label.is_empty()).then_some(page_label),
                unit: n(f.unit),
                heading: s(f.heading),
                themes: all(f.themes),
                facets: all(f.facets),
                text: unit_text,
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

    /// The candidate query of one key: the phrase of its grams (found anywhere in a word); a
    /// key shorter than a gram is the whole word, or for a prefix any gram it starts.
    fn key_query(&self, key: &Key) -> Result<Box<dyn Query>, String> {
        let field = self.fields.text;
        let (Key::Prefix(k) | Key::Exact(k)) = key;
        if matches!(key, Key::Prefix(_)) && k.chars().count() < GRAM {
            let pattern = format!("{}.*", regex_escape(k));
            return Ok(Box::new(
                RegexQuery::from_pattern(&pattern, field).map_err(err)?,
            ));
        }
        let terms: Vec<(usize, Term)> = grams(k)
            .into_iter()
            .enumerate()
            .map(|(i, g)| (i, Term::from_field_text(field, &g)))
            .collect();
        Ok(if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms[0].1.clone(),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new_with_offset(terms))
        })
    }
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            c.is_ascii_punctuation()
                .then_some('\\')
                .into_iter()
                .chain([c])
        })
        .collect()
}

/// A document's state in the index: its bytes, the lexicon, and what is indexed that the
/// bytes do not hold (the units' levels, which the manifest and sections decide, and the
/// document's years).
fn fingerprint(d: &AnalysedDoc, lexicon_fp: u64) -> String {
    let mut meta = String::new();
    for u in &d.units {
        meta.push_str(u.level.map_or("-", |l| l.id()));
        meta.push(',');
    }
    meta.push(';');
    for y in &d.years {
        meta.push_str(&format!("{y},"));
    }
    format!(
        "{:016x}-{lexicon_fp:016x}-{:016x}",
        d.hash,
        crate::cache::fnv64(meta.as_bytes())
    )
}

/// One query word and the keys it is searched by (alternatives, like one word of a term).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub word: String,
    pub keys: Vec<Key>,
}

/// A compiled query: every word must be found (see the module doc).
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub words: Vec<QueryWord>,
    terms: Vec<lexicon::Term>,
}

impl SearchQuery {
    /// Compile `query`: its words as lexicon terms, widened by the theme terms of `lex` that
    /// the words are forms of.
    pub fn new(query: &str, lex: Option<&Lexicon>) -> SearchQuery {
        let words: Vec<QueryWord> = text::tokenize(&text::normalise(query))
            .into_iter()
            .filter(|t| t.text.chars().any(char::is_alphanumeric))
            .map(|t| {
                let mut keys = word_keys(&t.text);
                for k in lex.map(|l| lexicon_keys(&t.text, l)).unwrap_or_default() {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
                QueryWord { word: t.text, keys }
            })
            .collect();
        SearchQuery::of_words(words)
    }

    fn of_words(words: Vec<QueryWord>) -> SearchQuery {
        let terms = words
            .iter()
            .map(|w| lexicon::Term {
                text: w.word.clone(),
                words: vec![w.keys.clone()],
                weak: false,
                first: Vec::new(),
            })
            .collect();
        SearchQuery { words, terms }
    }

    /// Each word's keys for display: alternatives joined by `|`, a whole-word key as `=word`.
    pub fn key_labels(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|w| {
                w.keys
                    .iter()
                    .map(|k| match k {
                        Key::Prefix(k) => k.clone(),
                        Key::Exact(k) => format!("={k}"),
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    /// Does every query word match `tokens` (the matcher's rule)?
    pub fn matches(&self, tokens: &[text::Token]) -> bool {
        !self.terms.is_empty() && self.terms.iter().all(|t| !find(t, tokens).is_empty())
    }

    /// The first token that a query word matches, as a byte span.
    fn first_hit(&self, tokens: &[text::Token]) -> Option<(usize, usize)> {
        tokens
            .iter()
            .find(|t| {
                self.words
                    .iter()
                    .flat_map(|w| &w.keys)
                    .any(|k| key_in_token(k, &t.text, true).is_some())
            })
            .map(|t| (t.start, t.end))
    }
}

/// The keys of one word compiled as a lexicon term (`compile_term`); a word too short for a
/// key is matched as the whole word, as `compile_term` does inside a phrase.
pub fn word_keys(word: &str) -> Vec<Key> {
    match compile_term(word, Lang::Fi, false) {
        Ok(t) => t.words.into_iter().next().unwrap_or_default(),
        Err(_) => vec![Key::Exact(word.to_lowercase())],
    }
}

/// The keys of the Finnish single-word theme terms (terms and weak terms, not look-alikes) that
/// match `word` at its start with the longest key: the base forms and stems the lexicon gives
/// for it.
fn lexicon_keys(word: &str, lex: &Lexicon) -> Vec<Key> {
    let mut best = 0;
    let mut out: Vec<Key> = Vec::new();
    // Single-word terms only: the alternatives of a phrase's word belong to that phrase
    // (`kuntalaisten|lasten|… hyvinvointi`).
    let words =
        lex.themes
            .iter()
            .flat_map(|t| &t.fi.terms)
            .filter_map(|t| match t.words.as_slice() {
                [alts] => Some(alts),
                _ => None,
            });
    for alts in words {
        let len = alts
            .iter()
            .filter(|k| matches!(key_in_token(k, word, false), Some((0, _))))
            .map(|k| {
                let (Key::Prefix(k) | Key::Exact(k)) = k;
                k.chars().count()
            })
            .max()
            .unwrap_or(0);
        if len == 0 || len < best {
            continue;
        }
        if len > best {
            best = len;
            out.clear();
        }
        for k in alts {
            if !out.contains(k) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// A snippet of `text` around the first word a query word matches, the word marked
/// `[like this]`.
pub fn snippet(text: &str, query: &SearchQuery, width: usize) -> String {
    let Some((start, end)) = query.first_hit(&text::tokenize(text)) else {
        return text.chars().take(width).collect();
    };
    let before: String = text[..start]
        .chars()
        .rev()
        .take(width / 2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(width / 2).collect();
    let lead = if before.len() < start { "…" } else { "" };
    let tail = if after.len() < text.len() - end {
        "…"
    } else {
        ""
    };
    format!("{lead}{before}[{}]{after}{tail}", &text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons")).unwrap()
    }

    fn keys(q: &SearchQuery) -> Vec<String> {
        q.key_labels()
    }

    fn finds(q: &SearchQuery, text: &str) -> bool {
        q.matches(&text::tokenize(text))
    }

    /// A scratch folder under the system temp dir (never the checkout), removed on drop.
    struct Scratch(PathBuf);
    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("linjaus-index-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_query_word_has_the_keys_of_a_lexicon_term_of_that_word() {
        let words = [
            "liikunta",
            "liikunnan",
            "liikuntapaikat",
            "väkivalta",
            "kotihoito",
            "terveys",
            "ikääntynyt",
            "ihminen",
            "tavoite",
            "toimintakyky",
            "päihde",
            "lapsi",
            "lasten",
            "nuori",
            "hyte",
            "2026",
        ];
        for w in words {
            let term = compile_term(w, Lang::Fi, false).unwrap();
            let q = SearchQuery::new(w, None);
            assert_eq!(q.words.len(), 1, "{w}");
            assert_eq!(q.words[0].keys, term.words[0], "{w}");
        }
        // With a lexicon, a query word keeps its own keys and gains those of the lexicon word
        // it is a form of; every plain word of every Finnish theme term reaches all the keys
        // of its own alternatives.
        let lex = lexicon();
        for term in lex.themes.iter().flat_map(|t| &t.fi.terms) {
            let single = term.words.len() == 1;
            for (w, raw) in term.text.split_whitespace().enumerate() {
                for alt in raw
                    .split('|')
                    .filter(|a| a.chars().all(char::is_alphabetic))
                {
                    let q = SearchQuery::new(alt, Some(&lex));
                    let got = &q.words[0].keys;
                    let own = compile_term(alt, Lang::Fi, false)
                        .map(|t| t.words[0].clone())
                        .unwrap_or_else(|_| vec![Key::Exact(alt.to_lowercase())]);
                    assert!(own.iter().all(|k| got.contains(k)), "{alt}: {got:?}");
                    // Unless a longer key of another term also starts the word.
                    let longest = |ks: &[Key]| {
                        ks.iter()
                            .filter(|k| matches!(key_in_token(k, alt, false), Some((0, _))))
                            .map(|k| {
                                let (Key::Prefix(k) | Key::Exact(k)) = k;
                                k.chars().count()
                            })
                            .max()
                    };
                    if single && longest(&term.words[w]) == longest(got) {
                        assert!(
                            term.words[w].iter().all(|k| got.contains(k)),
                            "{alt} of `{}`: {got:?}",
                            term.text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn query_keys_come_from_the_term_compiler_and_the_lexicon() {
        let lex = lexicon();
        let q = |s: &str| SearchQuery::new(s, Some(&lex));
        assert_eq!(keys(&q("lapsi")), ["laps|lasten|lapse|lapsi"]);
        assert_eq!(keys(&q("lasten")), ["lasten|laps|lapse|lapsi"]);
        assert_eq!(keys(&q("liikunnan")), ["liikunnan|liikun"]);
        assert_eq!(
            keys(&q("Väkivallan, ikääntyneiden")).len(),
            2,
            "punctuation is not a word"
        );
        assert_eq!(keys(&SearchQuery::new("uni", None)), ["=uni"]);
    }

    #[test]
    fn query_words_find_what_the_matcher_finds() {
        let lex = lexicon();
        let q = |s: &str| SearchQuery::new(s, Some(&lex));
        // `lapsi|lasten` in the children's theme: the query reaches the stem the rule cannot.
        assert!(finds(&q("lapsi"), "Lasten harrastuksia tuetaan."));
        assert!(finds(&q("lasten"), "Lapsiperheiden palvelut."));
        assert!(finds(&q("liikunnan"), "Lähiliikuntapaikkojen kunnostus."));
        assert!(finds(&q("liikunta"), "kuntoliikuntapaikkojen kunnostus"));
        // A key of four letters matches only at a word's start (matcher test `nuori`).
        assert!(!finds(&q("nuori"), "ammattinuori"));
        assert!(finds(&q("nuori"), "nuorten palvelut"));
        assert!(!finds(&q("liikunta ydinvoimala"), "liikunta"));
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
            &SearchQuery::new("liikunta", None),
            20,
        );
        assert_eq!(s, "…kunnostaa [kuntoliikuntapaikkoja] kylissä.");
    }

    fn corpus(s: &Scratch, lex: &std::sync::Arc<Lexicon>) -> Vec<AnalysedDoc> {
        std::fs::write(
            s.0.join("doc.md"),
            "# Palvelut\n\nAmmattinuori aloitti työt kunnassa.\n\nLasten harrastuksia tuetaan.\n\n\
             Lähiliikuntapaikkojen kunnostus jatkuu.\n",
        )
        .unwrap();
        let no_cache = crate::cache::Cache::new(None);
        crate::corpus::analyse_corpus(&s.0, lex, &no_cache, None)
            .0
            .docs
    }

    #[test]
    fn the_index_finds_what_the_matcher_finds() {
        let s = Scratch::new("matcher");
        let lex = std::sync::Arc::new(lexicon());
        let docs = corpus(&s, &lex);
        let ix = UnitIndex::open(&s.0.join(".linjaus")).unwrap();
        assert_eq!(ix.update(&docs, &lex, 1).unwrap(), 1);
        let texts = |query: &str| -> Vec<String> {
            ix.search(
                &SearchQuery::new(query, Some(&lex)),
                &Filters::default(),
                10,
            )
            .unwrap()
            .into_iter()
            .map(|f| f.text)
            .collect()
        };
        assert_eq!(texts("lapsi"), ["Lasten harrastuksia tuetaan."]);
        // The grams find `nuor` inside `ammattinuori`; the matcher's rule drops it.
        assert!(texts("nuori").is_empty(), "{:?}", texts("nuori"));
        assert_eq!(
            texts("liikunnan"),
            ["Lähiliikuntapaikkojen kunnostus jatkuu."]
        );
        // A prefix shorter than a gram (a `~` key of a lexicon) still finds longer words.
        let short = SearchQuery::of_words(vec![QueryWord {
            word: "jat".into(),
            keys: vec![Key::Prefix("jat".into())],
        }]);
        let found = ix.search(&short, &Filters::default(), 10).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].text, "Lähiliikuntapaikkojen kunnostus jatkuu.");
        assert_eq!(ix.update(&docs, &lex, 1).unwrap(), 0);
    }

    #[test]
    fn two_updates_of_a_fresh_index_at_once_do_not_fail() {
        let s = Scratch::new("concurrent");
        let lex = std::sync::Arc::new(lexicon());
        let docs = corpus(&s, &lex);
        let dir = s.0.join(".linjaus");
        let counts: Vec<usize> = std::thread::scope(|sc| {
            let run = || {
                sc.spawn(|| {
                    let ix = UnitIndex::open(&dir)?;
                    let n = ix.update(&docs, &lex, 1)?;
                    let found = ix.search(
                        &SearchQuery::new("lapsi", Some(&lex)),
                        &Filters::default(),
                        5,
                    )?;
                    assert_eq!(found.len(), 1);
                    Ok::<usize, String>(n)
                })
            };
            let (a, b) = (run(), run());
            [a, b].map(|h| h.join().unwrap().unwrap()).to_vec()
        });
        // One of them indexed the document, the other found the index up to date.
        assert_eq!(counts.iter().sum::<usize>(), 1, "{counts:?}");
    }
}
