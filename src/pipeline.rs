//! The one library entry every command builds on: a corpus path, a base lexicon and options in,
//! an immutable, typed [`Analysis`] out (documents with their levels and years, the lexicon in
//! force for this municipality, scores per theme × level × year, goal traces, errors and
//! warnings as values). The binary parses arguments, calls this, renders and sets the exit code.
//!
//! The base lexicon is never changed: a manifest's own themes make a new lexicon for this
//! analysis only ([`Lexicon::with_themes`]), so analyses of several municipalities with their
//! own themes can run side by side from one base.

use crate::analyse::lexicon::Lexicon;
use crate::budget::{Budget, Extraction};
use crate::cache::{Cache, CacheStats};
use crate::corpus::{self, AnalysedDoc, Corpus, Draft};
use crate::error::Error;
use crate::goals::{self, Goals};
use crate::index::{Filters, Found, SearchQuery, UnitIndex};
use crate::model::{Lang, Unit};
use crate::progress::Progress;
use crate::score::{self, Scores};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the analysis cache lives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheMode {
    /// No cache: every document is analysed afresh and nothing is written.
    Off,
    /// `.linjaus/` inside the corpus folder (no cache for a single document).
    #[default]
    InCorpus,
    /// A folder of the caller's choosing.
    Dir(PathBuf),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub cache: CacheMode,
    /// Counters advanced as documents are read, for a progress bar.
    pub progress: Option<Arc<Progress>>,
    /// Where documents are read: in this process (the default) or by a worker process.
    pub extraction: Extraction,
    /// What one document may cost to read ([`crate::budget`]).
    pub budget: Budget,
}

impl Options {
    /// The cache folder for a corpus at `path`, if any.
    pub fn cache_dir(&self, path: &Path) -> Option<PathBuf> {
        match &self.cache {
            CacheMode::Off => None,
            CacheMode::InCorpus => path.is_dir().then(|| path.join(crate::cache::DEFAULT_DIR)),
            CacheMode::Dir(d) => Some(d.clone()),
        }
    }
}

/// Everything known about one municipality's corpus after a run. Immutable: renderers, the
/// index and later stages read it.
#[derive(Debug)]
pub struct Analysis {
    pub corpus: Corpus,
    /// The lexicon in force: the base plus the manifest's own themes. Theme indices in unit
    /// analyses refer to it; results name themes by id.
    pub lexicon: Arc<Lexicon>,
    pub scores: Scores,
    pub goals: Goals,
    /// What a reader must be told before acting on the analysis (`src/guardrails.rs`).
    pub guardrails: Vec<crate::guardrails::Guardrail>,
    /// How many documents were read from the cache and how many analysed afresh.
    pub cache: CacheStats,
}

impl Analysis {
    /// True when some part of the job could not be done (exit code 2).
    pub fn incomplete(&self) -> bool {
        !self.corpus.errors.is_empty()
    }

    /// True when there is nothing to report on: no document could be read.
    pub fn is_empty(&self) -> bool {
        self.corpus.docs.is_empty()
    }
}

/// Analyse a municipality's folder (or one document): ingest → segment → analyse → classify
/// ([`corpus`]), then score and trace goals. Never fails as a whole: problems are in
/// `corpus.errors`, and a path with no documents gives an analysis with an error and no
/// documents.
pub fn analyse(path: &Path, base: &Arc<Lexicon>, opts: &Options) -> Analysis {
    analyse_inner(path, base, opts, None)
}

/// [`analyse`] with a draft in place of the corpus's documents of its level (`check --draft`):
/// the draft is analysed like any document and the documents of its level are left out before
/// scoring and goal tracing; `corpus.draft` says what it replaced.
pub fn analyse_with_draft(
    path: &Path,
    base: &Arc<Lexicon>,
    opts: &Options,
    draft: &Draft,
) -> Analysis {
    analyse_inner(path, base, opts, Some(draft))
}

fn analyse_inner(
    path: &Path,
    base: &Arc<Lexicon>,
    opts: &Options,
    draft: Option<&Draft>,
) -> Analysis {
    let cache = Cache::new(opts.cache_dir(path));
    let (mut corpus, lexicon) = corpus::analyse_corpus_with(
        path,
        base,
        &cache,
        opts.progress.as_deref(),
        &opts.extraction,
        &opts.budget,
    );
    if let Some(d) = draft {
        corpus::add_draft(
            &mut corpus,
            d,
            &lexicon,
            &cache,
            (&opts.extraction, &opts.budget),
        );
    }
    crate::budget::shutdown_workers();
    if corpus.docs.is_empty() && corpus.errors.is_empty() {
        corpus.errors.push(Error::ingest(
            path,
            "no documents found (nothing to analyse)",
        ));
    }
    let scores = score::score(&corpus.docs, &lexicon, &corpus.pinned);
    // A folder holding several municipalities' documents: said, and goals kept apart.
    let goals = match crate::municipality::mixed(&corpus, &lexicon) {
        None => goals::trace(&corpus.docs, &lexicon, &scores.levels),
        Some(m) => {
            corpus.warnings.push(crate::error::Warning {
                doc: None,
                message: m.message(),
            });
            goals::trace_apart(&corpus.docs, &lexicon, &scores.levels, &|a, b| m.same(a, b))
        }
    };
    let guardrails = crate::guardrails::check(&corpus, &lexicon);
    Analysis {
        corpus,
        lexicon,
        scores,
        goals,
        guardrails,
        cache: cache.stats(),
    }
}

/// One document analysed on its own, as `explain` shows it (no cache, no scores): the
/// document (if it could be read), the lexicon in force, and the run's errors and warnings.
pub fn analyse_document(
    file: &Path,
    base: &Arc<Lexicon>,
) -> (Option<AnalysedDoc>, Arc<Lexicon>, Corpus) {
    analyse_document_with(file, base, &Options::default())
}

/// [`analyse_document`] with the extraction and budget of `opts` (its cache is not used).
pub fn analyse_document_with(
    file: &Path,
    base: &Arc<Lexicon>,
    opts: &Options,
) -> (Option<AnalysedDoc>, Arc<Lexicon>, Corpus) {
    if file.is_dir() {
        let corpus = Corpus {
            errors: vec![Error::ingest(
                file,
                "explain takes one document, not a folder",
            )],
            ..Corpus::default()
        };
        return (None, base.clone(), corpus);
    }
    let (mut corpus, lexicon) = corpus::analyse_corpus_with(
        file,
        base,
        &Cache::new(None),
        None,
        &opts.extraction,
        &opts.budget,
    );
    crate::budget::shutdown_workers();
    let doc = (!corpus.docs.is_empty()).then(|| corpus.docs.remove(0));
    (doc, lexicon, corpus)
}

/// One document's units as `linjaus units` prints them.
#[derive(Debug)]
pub struct DocUnits {
    /// The file's name.
    pub name: String,
    pub units: Vec<Unit>,
    /// The language each unit is analysed in ([`crate::corpus::unit_languages`]).
    pub langs: Vec<Lang>,
}

/// The units documents are cut into (ingest and segment only, as `linjaus units` prints them
/// for labelling), or why a file could not be read.
pub fn units(files: &[PathBuf]) -> Vec<Result<DocUnits, Error>> {
    files
        .iter()
        .map(|f| {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let doc = crate::ingest::ingest(f, &name)?;
            let units = crate::segment::segment(&doc).units;
            let langs = crate::corpus::unit_languages(&units);
            Ok(DocUnits { name, units, langs })
        })
        .collect()
}

/// The result of a search: the analysis it was run on, the units found, and how many
/// documents the index had to (re)index first.
#[derive(Debug)]
pub struct Search {
    pub analysis: Analysis,
    /// The query as compiled (its words' keys, for display and snippets).
    pub query: SearchQuery,
    pub found: Vec<Found>,
    pub reindexed: usize,
}

/// Search the units of a corpus folder: the corpus is analysed (with the cache), the index
/// beside the cache brought up to date, and the query run.
pub fn search(
    path: &Path,
    base: &Arc<Lexicon>,
    opts: &Options,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<Search, Error> {
    if !path.exists() {
        return Err(Error::ingest(path, "no such folder"));
    }
    if !path.is_dir() {
        return Err(Error::ingest(
            path,
            "search takes a corpus folder, not a document",
        ));
    }
    if SearchQuery::new(query, None).words.is_empty() {
        return Err(Error::Invalid {
            problems: vec![format!("the query `{query}` has no words to search for")],
        });
    }
    let dir = opts
        .cache_dir(path)
        .unwrap_or_else(|| path.join(crate::cache::DEFAULT_DIR));
    let opts = Options {
        cache: CacheMode::Dir(dir.clone()),
        ..opts.clone()
    };
    let analysis = analyse(path, base, &opts);
    if let Some(id) = &filters.theme {
        if analysis.lexicon.theme(id).is_none() {
            return Err(Error::UnknownTheme {
                id: id.clone(),
                valid: analysis.lexicon.theme_ids(),
            });
        }
    }
    if let Some(doc) = &filters.doc {
        if !analysis.corpus.docs.iter().any(|d| &d.id == doc) {
            let ids: Vec<&str> = analysis.corpus.docs.iter().map(|d| d.id.as_str()).collect();
            return Err(Error::Invalid {
                problems: vec![format!(
                    "no document `{doc}` in the corpus; its documents: {}",
                    ids.join(", ")
                )],
            });
        }
    }
    let query = SearchQuery::new(query, Some(&analysis.lexicon));
    let index_err = |e: String| Error::Io {
        path: dir.join("index"),
        reason: e,
    };
    let ix = UnitIndex::open(&dir).map_err(index_err)?;
    let reindexed = ix
        .update(
            &analysis.corpus.docs,
            &analysis.lexicon,
            crate::cache::lexicon_fingerprint(&analysis.lexicon),
        )
        .map_err(index_err)?;
    let found = ix.search(&query, filters, limit).map_err(index_err)?;
    Ok(Search {
        analysis,
        query,
        found,
        reindexed,
    })
}
