//! Running the stages over one municipality's folder: find documents, read the manifest, and
//! ingest → segment → analyse → classify each document. Problems with single documents are
//! collected, never fatal, so the rest of the batch is still analysed.

use crate::analyse::lexicon::Lexicon;
use crate::analyse::text::{self, Token};
use crate::analyse::{self, UnitAnalysis};
use crate::budget::{Budget, Extraction};
use crate::cache::Cache;
use crate::classify::{self, Inferred};
use crate::config::{DocEntry, MANIFEST, Manifest};
use crate::error::{Error, Warning};
use crate::ingest;
use crate::model::{FacetSet, Lang, Level, Unit, UnitKind};
use crate::progress::Progress;
use crate::segment;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a document's level came from.
#[derive(Debug, Clone, PartialEq)]
pub enum LevelSource {
    Manifest,
    Inferred(Inferred),
    /// No cue pointed at any level: the document is listed but not placed in the chain.
    Unknown,
    /// Minutes (`src/minutes.rs`): the document has no level of its own; each `§` item is a
    /// section with its own level or none.
    Minutes,
}

/// A part of a document with a level of its own: a part of a two-level book (the
/// toimintakertomus of a tilinpäätös), or a `§` item of minutes. It runs from `from_unit` to the
/// next section's first unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub from_unit: usize,
    /// `None`: the part is no part of the chain (most items of minutes).
    pub level: Option<Level>,
    /// A minutes item's number and title (`§ 26 Tilinpäätös 2024`); `None` in a book.
    pub title: Option<String>,
    /// The year a minutes item's title names (`§ 99 Talousarvio 2026` in minutes of 2025):
    /// its units count for that year; `None`: the document's year.
    pub year: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct AnalysedUnit {
    pub unit: Unit,
    pub analysis: UnitAnalysis,
    /// The level this unit counts for: the document's, or its section's when a book holds two
    /// levels (the toimintakertomus part of a tilinpäätös).
    pub level: Option<Level>,
}

#[derive(Debug, Clone)]
pub struct AnalysedDoc {
    pub id: String,
    /// Hash of the file's bytes (change detection for the cache and the index).
    pub hash: u64,
    pub title: String,
    pub level: Option<Level>,
    /// Where a book holding two levels changes level, or where each item of minutes begins,
    /// in order; empty for a document of one level.
    pub sections: Vec<Section>,
    pub level_source: LevelSource,
    /// The year the document is counted for: the manifest's, else the first year its title
    /// names, else the first its file name names. Cells per level and year use it.
    pub year: Option<u32>,
    /// Every year the document covers (`2025–2028` is four) and the manifest's year.
    pub years: Vec<u32>,
    pub lang: Lang,
    pub encoding: &'static str,
    pub pages: usize,
    pub words: usize,
    pub units: Vec<AnalysedUnit>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub root: PathBuf,
    pub municipality: Option<String>,
    pub term: Option<String>,
    /// Ids of the themes the manifest pins (only those the lexicon has).
    pub pinned: Vec<String>,
    pub docs: Vec<AnalysedDoc>,
    /// Problems that stop part of the job (exit code 2).
    pub errors: Vec<Error>,
    /// Things worth knowing about the run that did not stop anything (documents carry their
    /// own).
    pub warnings: Vec<Warning>,
    /// The draft analysed in place of the documents of its level (`check --draft`), if any.
    pub draft: Option<DraftInfo>,
}

/// A draft document to analyse in place of the corpus's documents of its level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub file: PathBuf,
    /// The level the draft is for; inferred from the draft like any document when `None`.
    pub level: Option<Level>,
}

/// What a draft replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    /// The draft's id in the analysis (its path within the corpus folder, else its file name).
    pub id: String,
    /// The draft's path as given.
    pub path: PathBuf,
    pub level: Level,
    /// Ids of the documents it replaced (those of its level).
    pub replaced: Vec<String>,
}

impl Corpus {
    /// The run's warnings, then each document's.
    pub fn all_warnings(&self) -> impl Iterator<Item = &Warning> {
        self.warnings
            .iter()
            .chain(self.docs.iter().flat_map(|d| &d.warnings))
    }
}

/// Analyse a corpus folder (or a single document) with the base lexicon plus the manifest's own
/// themes; returns the corpus and the lexicon in force for it (the base itself when the
/// manifest adds no themes). `base` is never changed.
pub fn analyse_corpus(
    path: &Path,
    base: &Arc<Lexicon>,
    cache: &Cache,
    progress: Option<&Progress>,
) -> (Corpus, Arc<Lexicon>) {
    analyse_corpus_with(
        path,
        base,
        cache,
        progress,
        &Extraction::InProcess,
        &Budget::default(),
    )
}

/// [`analyse_corpus`], reading documents where `extraction` says, within `budget`.
pub fn analyse_corpus_with(
    path: &Path,
    base: &Arc<Lexicon>,
    cache: &Cache,
    progress: Option<&Progress>,
    extraction: &Extraction,
    budget: &Budget,
) -> (Corpus, Arc<Lexicon>) {
    let mut c = Corpus::default();
    let (root, files) = if path.is_dir() {
        let mut files = Vec::new();
        walk(path, path, &mut files, &mut c.warnings, &mut c.errors);
        files.sort();
        (path.to_path_buf(), files)
    } else {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, vec![path.to_path_buf()])
    };
    c.root = root.clone();
    if !path.exists() {
        c.errors.push(Error::ingest(path, "no such file or folder"));
        return (c, base.clone());
    }
    let manifest = match Manifest::load(&root) {
        Ok(m) => m,
        Err(e) => {
            c.errors.push(e);
            None
        }
    };
    let mut files: Vec<(String, PathBuf)> =
        files.into_iter().map(|f| (rel_id(&root, &f), f)).collect();
    let mut lex = base.clone();
    if let Some(m) = &manifest {
        if !m.problems.is_empty() {
            c.errors.push(Error::Invalid {
                problems: m.problems.clone(),
            });
        }
        c.municipality = m.municipality.clone();
        c.term = m.term.clone();
        if !m.themes.is_empty() {
            lex = Arc::new(base.with_themes(&m.themes));
        }
        for p in &m.pinned {
            if lex.theme(p.get_ref()).is_none() {
                let line = crate::error::line_of(&m.src, p.span().start);
                c.errors.push(Error::Invalid {
                    problems: vec![format!(
                        "{}:{line}: pinned theme `{}` is not in the lexicon; valid themes: {}",
                        m.file,
                        p.get_ref(),
                        lex.theme_ids().join(", ")
                    )],
                });
            } else {
                c.pinned.push(p.get_ref().clone());
            }
        }
        // Listed documents the walk did not find are ingested anyway so that the error names
        // them (only when a whole folder is analysed).
        for d in m.documents.iter().filter(|_| path.is_dir()) {
            if !files.iter().any(|(id, _)| *id == d.path) {
                files.push((d.path.clone(), root.join(&d.path)));
            }
        }
        files.sort();
    }
    // Nothing is read from outside the corpus folder: a link (or a manifest path through a
    // linked folder, or with `..`) that leads out of it is an error, and the file is not read.
    if path.is_dir() {
        if let Ok(inside) = std::fs::canonicalize(&root) {
            files.retain(|(id, f)| match std::fs::canonicalize(f) {
                Ok(real) if !real.starts_with(&inside) => {
                    c.errors.push(Error::ingest(
                        id,
                        "leads outside the corpus folder (through a link or `..`); not read",
                    ));
                    false
                }
                _ => true,
            });
        }
    }
    // Documents are read and analysed in parallel; results keep the sorted file order.
    let fingerprint = crate::cache::lexicon_fingerprint(&lex);
    if let Some(p) = progress {
        p.start(files.len());
    }
    let results: Vec<(Option<usize>, crate::error::Result<AnalysedDoc>)> = files
        .par_iter()
        .map(|(id, file)| {
            let entry = manifest.as_ref().and_then(|m| m.entry(id));
            let read = (extraction, budget);
            let doc = analyse_document(id, file, entry, &lex, cache, fingerprint, read);
            if let Some(p) = progress {
                p.document_done(doc.as_ref().map_or(0, |d| d.pages));
            }
            (entry.map(|e| e.line), doc)
        })
        .collect();
    cache.prune();
    for (listed_at, r) in results {
        match r {
            Ok(doc) => c.docs.push(doc),
            Err(e) => c.errors.push(match listed_at {
                Some(line) => Error::Listed {
                    error: Box::new(e),
                    manifest: MANIFEST,
                    line,
                },
                None => e,
            }),
        }
    }
    (c, lex)
}

/// Put a draft in place of the corpus's documents of its level: the draft is analysed like any
/// document (its level given, else inferred), the documents of that level are removed (and the
/// draft's own file, if it lies in the corpus folder), and the draft is added in path order. A
/// draft that cannot be read, or whose level cannot be told, is an error; the documents of a
/// given level are removed even then, so that nothing is checked in the draft's stead.
pub fn add_draft(
    c: &mut Corpus,
    draft: &Draft,
    lex: &Lexicon,
    cache: &Cache,
    read: (&Extraction, &Budget),
) {
    let id = match draft.file.strip_prefix(&c.root) {
        Ok(_) if c.root.is_dir() => rel_id(&c.root, &draft.file),
        _ => draft
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| draft.file.display().to_string()),
    };
    let entry = draft.level.map(|level| DocEntry {
        path: id.clone(),
        level: Some(level),
        year: None,
        language: None,
        title: None,
        line: 0,
    });
    let fingerprint = crate::cache::lexicon_fingerprint(lex);
    let doc = analyse_document(
        &id,
        &draft.file,
        entry.as_ref(),
        lex,
        cache,
        fingerprint,
        read,
    );
    let level = match &doc {
        Ok(d) => d.level.or(draft.level),
        Err(_) => draft.level,
    };
    // The documents of the draft's level, and the draft's own file if it is in the corpus.
    let (gone, kept): (Vec<AnalysedDoc>, Vec<AnalysedDoc>) = std::mem::take(&mut c.docs)
        .into_iter()
        .partition(|d| d.id == id || level.is_some_and(|l| d.level == Some(l)));
    c.docs = kept;
    let replaced: Vec<String> = gone.into_iter().map(|d| d.id).collect();
    match (doc, level) {
        (Ok(d), Some(level)) => {
            c.docs.push(d);
            c.docs.sort_by(|a, b| a.id.cmp(&b.id));
            c.draft = Some(DraftInfo {
                id,
                path: draft.file.clone(),
                level,
                replaced,
            });
        }
        (Ok(_), None) => c.errors.push(Error::ingest(
            &draft.file,
            format!(
                "the draft's level cannot be told from its title or text; give it with --level (one of {})",
                Level::valid_ids()
            ),
        )),
        (Err(e), _) => c.errors.push(e),
    }
}

/// Ingest, segment, analyse and place one document.
fn analyse_document(
    id: &str,
    file: &Path,
    entry: Option<&DocEntry>,
    lex: &Lexicon,
    cache: &Cache,
    fingerprint: u64,
    (extraction, budget): (&Extraction, &Budget),
) -> crate::error::Result<AnalysedDoc> {
    let id = id.to_string();
    let bytes = ingest::read_at_most(file, budget.max_file)?;
    let hash = crate::cache::fnv64(&bytes);
    let (units, pages, encoding, read_warnings) = match cache.get(hash, fingerprint) {
        Some(e) => {
            let units = e
                .units
                .into_iter()
                .map(|(unit, analysis)| AnalysedUnit {
                    unit,
                    analysis,
                    level: None,
                })
                .collect();
            (
                units,
                e.pages,
                crate::cache::encoding_name(&e.encoding),
                e.warnings,
            )
        }
        None => {
            // Only documents the cache does not hold are extracted (in a worker, if so chosen).
            let doc = crate::budget::extract(file, &id, &bytes, extraction, budget)?;
            let seg = segment::segment(&doc);
            let units = analyse_units(seg.units, lex);
            let warnings: Vec<String> = doc.warnings.iter().cloned().chain(seg.warnings).collect();
            let entry = crate::cache::Entry {
                pages: doc.pages.len(),
                encoding: doc.encoding.to_string(),
                warnings: warnings.clone(),
                units: units
                    .iter()
                    .map(|u: &AnalysedUnit| (u.unit.clone(), u.analysis.clone()))
                    .collect(),
            };
            cache.put(hash, fingerprint, &entry);
            (units, doc.pages.len(), doc.encoding, warnings)
        }
    };
    let mut level_warning = None;
    let words = units.iter().map(|u| u.analysis.words).sum();
    let cue_title = entry
        .and_then(|e| e.title.clone())
        .or_else(|| classify::find_title(&units.iter().map(|u| &u.unit).collect::<Vec<_>>(), lex));
    let file_name = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let unit_refs: Vec<&Unit> = units.iter().map(|u| &u.unit).collect();
    let items = match entry.and_then(|e| e.level) {
        Some(_) => None,
        None => crate::minutes::split(file_name, &unit_refs, lex),
    };
    let (level, level_source) = match entry.and_then(|e| e.level) {
        Some(l) => (Some(l), LevelSource::Manifest),
        None if items.is_some() => (None, LevelSource::Minutes),
        None => match classify::infer_level(
            cue_title.as_deref(),
            file_name,
            &units.iter().map(|u| &u.unit).collect::<Vec<_>>(),
            lex,
        ) {
            Some(inf) => (Some(inf.level), LevelSource::Inferred(inf)),
            None => {
                level_warning = Some(format!(
                    "no level cue found; the document is not placed in the chain (set its level in {MANIFEST})"
                ));
                (None, LevelSource::Unknown)
            }
        },
    };
    let mut units = units;
    let sections = match &items {
        Some(items) => minutes_sections(&mut units, items),
        None => assign_sections(&mut units, level, lex),
    };
    // Minutes are named by their file (their list of items would give a title cue).
    let cue_title = if items.is_some() {
        entry
            .and_then(|e| e.title.clone())
            .or_else(|| Some(file_name.replace(['-', '_'], " ")))
    } else {
        cue_title
    };
    let title = cue_title
        .or_else(|| {
            units
                .iter()
                .find(|u| u.unit.kind == UnitKind::Heading)
                .map(|u| u.unit.text.clone())
        })
        .unwrap_or_default();
    // The years a document covers: those its title names (`2025–2028` is four), and the
    // manifest's year.
    let title_years = classify::years_in(&title);
    let year = entry
        .and_then(|e| e.year)
        .or_else(|| title_years.first().copied())
        .or_else(|| classify::years_in(file_name).first().copied());
    let mut years = title_years;
    years.extend(year);
    years.sort_unstable();
    years.dedup();
    let sv_words: usize = units
        .iter()
        .filter(|u| u.analysis.lang == Lang::Sv)
        .map(|u| u.analysis.words)
        .sum();
    let lang = entry
        .and_then(|e| e.language)
        .unwrap_or(if sv_words * 2 > words {
            Lang::Sv
        } else {
            Lang::Fi
        });
    // The level warning first: a summary that shows one warning per document shows it.
    let warnings = level_warning
        .into_iter()
        .chain(read_warnings)
        .map(|w| Warning::doc(&id, w))
        .collect();
    Ok(AnalysedDoc {
        id,
        hash,
        title,
        level,
        sections,
        level_source,
        year,
        years,
        lang,
        encoding,
        pages,
        words,
        units,
        warnings,
    })
}

/// Headings this short can start a section.
const SECTION_HEADING_WORDS: usize = 8;

/// A financial statement usually opens with its toimintakertomus (annual report) and goes on
/// with the statements proper; an annual report may end with them. In such a document, a short
/// heading with an annual-report title cue starts an annual-report section, and one with a
/// financial-statement title or body cue (tuloslaskelma, tase, toteutumisvertailu …) starts a
/// financial-statement section. Every unit gets its level; the sections are returned when the
/// document turns out to hold both levels.
fn assign_sections(
    units: &mut [AnalysedUnit],
    level: Option<Level>,
    lex: &Lexicon,
) -> Vec<Section> {
    for u in units.iter_mut() {
        u.level = level;
    }
    let Some(doc_level) =
        level.filter(|l| matches!(l, Level::FinancialStatement | Level::AnnualReport))
    else {
        return Vec::new();
    };
    let cues = |l: Level, body: bool| -> Vec<&crate::analyse::lexicon::Term> {
        lex.levels
            .iter()
            .filter(|c| c.level == l)
            .flat_map(|c| {
                c.title
                    .iter()
                    .chain(if body { c.body.iter() } else { [].iter() })
            })
            .collect()
    };
    let (ar, fs) = (
        cues(Level::AnnualReport, false),
        cues(Level::FinancialStatement, true),
    );
    let mut sections: Vec<(usize, Level)> = Vec::new();
    let mut current = doc_level;
    for (i, u) in units.iter_mut().enumerate() {
        if u.unit.kind == UnitKind::Heading
            && u.unit.text.split_whitespace().count() <= SECTION_HEADING_WORDS
        {
            let toks = crate::analyse::text::tokenize(&u.unit.text);
            let hit = |terms: &[&crate::analyse::lexicon::Term]| {
                terms
                    .iter()
                    .any(|t| !crate::analyse::matcher::find(t, &toks).is_empty())
            };
            let next = if hit(&ar) {
                Level::AnnualReport
            } else if hit(&fs) {
                Level::FinancialStatement
            } else {
                current
            };
            if next != current || sections.is_empty() && next != doc_level {
                if sections.is_empty() && i > 0 {
                    sections.push((0, doc_level));
                }
                sections.push((i, next));
                current = next;
            }
        }
        u.level = Some(current);
    }
    if sections.iter().all(|(_, l)| *l == doc_level) {
        return Vec::new();
    }
    sections
        .into_iter()
        .map(|(from_unit, l)| Section {
            from_unit,
            level: Some(l),
            title: None,
            year: None,
        })
        .collect()
}

/// The year a minutes item's title names: the first, as a document title's (`Talousarvio 2026
/// ja taloussuunnitelma 2026–2028` → 2026); a diary number's year (`LAPDno-2024-828`) is not one.
fn item_year(title: &str) -> Option<u32> {
    let mut clean = String::with_capacity(title.len());
    let mut rest = title;
    // `-2024-`: a year between two hyphens is part of a diary number.
    while let Some(i) = rest.find('-') {
        let after = &rest[i + 1..];
        let diary = after.len() > 5
            && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && after.as_bytes()[4] == b'-';
        clean.push_str(&rest[..=i]);
        rest = if diary { &after[5..] } else { after };
    }
    clean.push_str(rest);
    classify::years_in(&clean).first().copied()
}

/// Minutes: a section per `§` item (and one without a level for what precedes the first item),
/// each unit taking its item's level.
fn minutes_sections(units: &mut [AnalysedUnit], items: &[crate::minutes::Item]) -> Vec<Section> {
    let mut sections = Vec::new();
    if items.first().is_some_and(|i| i.from_unit > 0) {
        sections.push(Section {
            from_unit: 0,
            level: None,
            title: None,
            year: None,
        });
    }
    sections.extend(items.iter().map(|i| Section {
        from_unit: i.from_unit,
        level: i.level,
        title: Some(i.title.clone()),
        year: item_year(&i.title),
    }));
    let mut k = 0;
    for (i, u) in units.iter_mut().enumerate() {
        while k + 1 < sections.len() && sections[k + 1].from_unit <= i {
            k += 1;
        }
        u.level = sections.get(k).and_then(|s| s.level);
    }
    sections
}

/// Analyse a document's units in order, passing goal/binding facets down from headings and
/// every facet of a table's header row down to its rows.
pub fn analyse_units(units: Vec<Unit>, lex: &Lexicon) -> Vec<AnalysedUnit> {
    let tokens: Vec<Vec<Token>> = units.iter().map(|u| text::tokenize(&u.text)).collect();
    let (lang, langs) = languages(tokens.iter().map(|t| text::lang_cues(t)).collect());
    let mut heading_cache: HashMap<String, FacetSet> = HashMap::new();
    let mut out: Vec<AnalysedUnit> = Vec::with_capacity(units.len());
    for ((unit, tokens), unit_lang) in units.into_iter().zip(tokens).zip(langs) {
        let mut inherited = FacetSet::default();
        let headings = lex.rules.enabled(analyse::Rule::HeadingFacets);
        for h in unit.heading_path.iter().filter(|_| headings) {
            let f = *heading_cache.entry(h.clone()).or_insert_with(|| {
                analyse::heading_facets(&analyse::analyse_text_in(
                    h,
                    lex,
                    FacetSet::default(),
                    lang,
                ))
            });
            inherited = inherited.union(f);
        }
        let header = lex.rules.enabled(analyse::Rule::TableHeaderFacets);
        if let Some(hdr) = unit
            .table_header
            .and_then(|i| out.get(i))
            .filter(|_| header)
        {
            inherited = inherited.union(hdr.analysis.facets);
        }
        let analysis = analyse::analyse_tokens(&unit.text, &tokens, lex, inherited, unit_lang);
        out.push(AnalysedUnit {
            unit,
            analysis,
            level: None,
        });
    }
    out
}

/// The language each unit is analysed in (as [`analyse_units`] decides it): its own cues, or
/// else its document's language. `linjaus units` prints it, so that `tag` given a unit's `lang`
/// reads the unit as `analyse` does.
pub fn unit_languages(units: &[Unit]) -> Vec<Lang> {
    let cues = units
        .iter()
        .map(|u| text::lang_cues(&text::tokenize(&u.text)))
        .collect();
    languages(cues).1
}

/// A document's language from its units' own cues (Swedish when more units read as Swedish
/// than as Finnish), and each unit's: its own cue, else the document's (a heading, a table row).
fn languages(cues: Vec<Option<Lang>>) -> (Lang, Vec<Lang>) {
    let sv = cues.iter().filter(|c| **c == Some(Lang::Sv)).count();
    let fi = cues.iter().filter(|c| c.is_some()).count() - sv;
    let lang = if sv > fi { Lang::Sv } else { Lang::Fi };
    (lang, cues.into_iter().map(|c| c.unwrap_or(lang)).collect())
}

fn rel_id(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collect document files under `dir`, skipping hidden entries, linjaus's own files and
/// README files. Entries are visited in name order, so the warnings come in the same order on
/// every run. (Hand-written rather than `walkdir`: the skips, the link-to-folder and
/// unreadable-folder warnings would all stay our own code around it.)
fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    errors: &mut Vec<Error>,
) {
    // An unreadable folder is an error: its documents would be missing from the analysis.
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Error::io(dir, &e));
            return;
        }
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name == MANIFEST || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        // Symbolic links to folders are not followed (a link cycle would never end).
        let is_link = e.file_type().is_ok_and(|t| t.is_symlink());
        if p.is_dir() && is_link {
            warnings.push(Warning::doc(
                rel_id(root, &p),
                "skipped, a link to a folder",
            ));
        } else if p.is_dir() {
            walk(root, &p, out, warnings, errors);
        } else if ingest::is_document(&p) {
            out.push(p);
        } else {
            warnings.push(Warning::doc(
                rel_id(root, &p),
                "skipped, not a document type linjaus reads",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::item_year;

    #[test]
    fn an_item_names_its_year_but_not_by_its_diary_number() {
        assert_eq!(
            item_year("§ 41 Talousarvio 2026 ja taloussuunnitelma 2027–2028 LAPDno-2025-12"),
            Some(2026)
        );
        assert_eq!(item_year("§ 78 Konserniohjaus LAPDno-2023-883"), None);
        assert_eq!(
            item_year("§ 42 Talousarvion toteutuminen 1.1.–30.6.2025"),
            Some(2025)
        );
        assert_eq!(item_year("§ 9 Remiss – 2026-"), Some(2026));
        assert_eq!(
            item_year("§ 51 Budget 2026 och ekonomiplan 2027–2028, bildningsnämnden"),
            Some(2026)
        );
    }
}
