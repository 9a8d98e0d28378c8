//! `linjaus compare`: many municipalities side by side, and one municipality's years.
//!
//! Every municipality is analysed on its own with [`pipeline::analyse`] (the same base lexicon;
//! a manifest's own themes stay with its municipality), so goal tracing, drop-offs and
//! reported-without-plan never cross municipalities. Analyses run on `jobs` worker threads
//! (each analysis also uses the rayon pool inside), and each [`Analysis`] is reduced to a
//! [`Summary`] and dropped by the worker that made it: at most `jobs` analyses are in memory
//! at once, whatever the number of municipalities.
//!
//! The figures, for auditors (the README states them too):
//! - **Judged levels** of a municipality: the levels present in its corpus after the HVK that
//!   have an expected rung (programmes and budget instructions are not judged).
//! - **Reach** of a theme = judged levels the theme holds before its drop-off point ÷ judged
//!   levels (1 = it never drops off). Undefined without judged levels.
//! - **Mean rung** of a theme = mean of its rung (0–8) over the judged levels.
//! - **Theme ranking**: municipalities tracing the theme, by reach, then mean rung (higher
//!   first); equal figures share a rank (1, 1, 3).
//! - **Overall ranking**: by mean reach over the municipality's traced themes, then chain
//!   coverage, then report-back (higher first; a missing ratio counts as lowest).
//! - **Drop-off distribution** of a theme: how many of the municipalities tracing it drop it at
//!   each level, and how many hold it down the whole chain.
//! - **Years**: at every level where a municipality has documents of two or more years
//!   ([`AnalysedDoc::year`](crate::corpus::AnalysedDoc)), consecutive years are compared theme
//!   by theme (`ThemeTrace::by_level_year`): rungs gained or lost, newly short of the level's
//!   expectation (the drop-off rule), newly meeting it (at a reporting level: newly reported);
//!   and HVK goal by goal (the goals traced with only that year's documents at that level):
//!   status gained or lost.

use crate::analyse::lexicon::Lexicon;
use crate::cache::CacheStats;
use crate::corpus::AnalysedDoc;
use crate::error::{Error, Warning};
use crate::goals::{self, Status};
use crate::model::{Lang, Level, Rung};
use crate::pipeline::{self, Analysis, CacheMode};
use crate::score::{DropOff, Ratio, TracedFrom};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One municipality to analyse: a corpus folder (or document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
}

/// The municipalities named by the command line: two or more corpus paths; or one folder,
/// which is one municipality when it holds a manifest or documents itself, else a root whose
/// sub-folders are the municipalities. A root without sub-folders is an error.
pub fn inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>, Vec<Warning>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    if paths.len() != 1 {
        let inputs = paths.iter().map(|p| Input { path: p.clone() }).collect();
        return (inputs, errors, warnings);
    }
    let root = &paths[0];
    let rd = match std::fs::read_dir(root) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Error::io(root, &e));
            return (Vec::new(), errors, warnings);
        }
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    // A folder with its own manifest or documents is one municipality (its years compared).
    let own = entries.iter().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        !name.starts_with('.')
            && e.path().is_file()
            && (name == crate::config::MANIFEST || crate::ingest::is_document(&e.path()))
            && !name.eq_ignore_ascii_case("README.md")
    });
    if own {
        return (vec![Input { path: root.clone() }], errors, warnings);
    }
    let mut inputs = Vec::new();
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if e.path().is_dir() {
            inputs.push(Input { path: e.path() });
        } else if !name.eq_ignore_ascii_case("README.md") {
            warnings.push(Warning::doc(
                e.path().display().to_string(),
                "skipped, not a document nor a municipality folder",
            ));
        }
    }
    if inputs.is_empty() {
        errors.push(Error::ingest(
            root,
            "no documents and no municipality folders in it: compare takes a folder of \
             municipality folders, one municipality's folder, or two or more corpus paths",
        ));
    }
    (inputs, errors, warnings)
}

/// How a comparison runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The cache of every municipality: in its folder, off, or `DIR/<folder>-<hash>/`.
    pub cache: CacheMode,
    /// Municipalities analysed at once (at least 1).
    pub jobs: usize,
    /// How each municipality's documents are read (extraction, budgets); the cache is set per
    /// municipality from `cache`.
    pub analysis: pipeline::Options,
}

/// A theme's labels in the three report languages (from the municipality's lexicon).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThemeLabels {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl ThemeLabels {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

/// One traced theme of one municipality.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ThemeSummary {
    pub id: String,
    pub label: ThemeLabels,
    pub hvk_weight: usize,
    pub pinned: bool,
    /// The highest rung per level present.
    pub rungs: BTreeMap<Level, Rung>,
    pub dropoff: Option<DropOff>,
    /// Reach (see the module docs); `None` without judged levels.
    pub reach: Option<f64>,
    /// Mean rung over the judged levels; `None` without judged levels.
    pub mean_rung: Option<f64>,
}

/// One HVK goal of one municipality: its status per level and where it drops off.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GoalSummary {
    pub id: String,
    pub goal: String,
    pub themes: Vec<String>,
    pub statuses: Vec<(Level, Status)>,
    pub dropoff: Option<Level>,
}

/// How a theme changed at a level from one year to the next.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ThemeChange {
    pub theme: String,
    pub label: ThemeLabels,
    pub from: Rung,
    pub to: Rung,
    /// Met the level's expectation in the earlier year and not in the later.
    pub newly_dropped_off: bool,
    /// Did not meet it and now does (at a reporting level: newly reported).
    pub newly_met: bool,
}

/// How an HVK goal's status changed at a level from one year to the next.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GoalChange {
    pub id: String,
    pub goal: String,
    pub from: Status,
    pub to: Status,
}

/// One level of one municipality compared between two consecutive years.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct YearComparison {
    pub level: Level,
    pub from: u32,
    pub to: u32,
    /// Themes whose rung changed (traced themes only).
    pub themes: Vec<ThemeChange>,
    /// HVK goals whose status changed.
    pub goals: Vec<GoalChange>,
}

/// What a comparison keeps of one municipality's analysis.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// The manifest's `municipality`, else the folder's name.
    pub name: String,
    pub path: String,
    pub term: Option<String>,
    pub documents: usize,
    pub pages: usize,
    pub levels: Vec<Level>,
    pub traced_from: TracedFrom,
    pub themes: Vec<ThemeSummary>,
    pub chain_coverage: Option<Ratio>,
    pub report_back: Option<Ratio>,
    pub goals: Vec<GoalSummary>,
    pub years: Vec<YearComparison>,
    /// The analysis's errors and warnings, as the binary prints them.
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub cache: CacheStats,
    /// Read from the summary cache: nothing was analysed (not stored).
    #[serde(skip)]
    pub reused: bool,
}

impl Summary {
    /// Mean reach over the traced themes that have one.
    pub fn mean_reach(&self) -> Option<f64> {
        mean(self.themes.iter().filter_map(|t| t.reach))
    }
    pub fn theme(&self, id: &str) -> Option<&ThemeSummary> {
        self.themes.iter().find(|t| t.id == id)
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The judged levels of a chain: after the HVK, with an expected rung.
pub fn judged(levels: &[Level]) -> Vec<Level> {
    levels
        .iter()
        .copied()
        .filter(|l| *l != Level::Hvk && l.expected_rung().is_some())
        .collect()
}

/// The drop-off rule at one level: the rung meets the level's expectation (planning levels
/// with a tolerance of one rung, reporting levels exactly).
pub fn meets(level: Level, rung: Rung) -> Option<bool> {
    let expected = level.expected_rung()?;
    let tolerance = if expected <= Rung(6) { 1 } else { 0 };
    Some(rung.0 + tolerance >= expected.0)
}

fn labels(lex: &Lexicon, id: &str) -> ThemeLabels {
    let th = lex.theme(id);
    let get = |l: Lang| th.map_or(id, |t| t.label(l)).to_string();
    ThemeLabels {
        fi: get(Lang::Fi),
        sv: get(Lang::Sv),
        en: get(Lang::En),
    }
}

/// The levels a document counts for.
fn counts_for(d: &AnalysedDoc, level: Level) -> bool {
    d.level == Some(level) || d.sections.iter().any(|s| s.level == Some(level))
}

/// Reduce an analysis to what a comparison keeps.
pub fn summarise(a: &Analysis, fallback_name: &str) -> Summary {
    let levels = a.scores.levels.clone();
    let judged = judged(&levels);
    let themes: Vec<ThemeSummary> = a
        .scores
        .traced
        .iter()
        .map(|t| {
            let rung = |l: Level| t.by_level.get(&l).map_or(Rung(0), |c| c.rung);
            let held = match &t.dropoff {
                None => judged.len(),
                Some(d) => judged.iter().take_while(|l| **l != d.level).count(),
            };
            let n = judged.len();
            ThemeSummary {
                id: t.theme.clone(),
                label: labels(&a.lexicon, &t.theme),
                hvk_weight: t.hvk_weight,
                pinned: t.pinned,
                rungs: t.by_level.iter().map(|(l, c)| (*l, c.rung)).collect(),
                dropoff: t.dropoff.clone(),
                reach: (n > 0).then(|| held as f64 / n as f64),
                mean_rung: mean(judged.iter().map(|l| f64::from(rung(*l).0))),
            }
        })
        .collect();
    let goals = a
        .goals
        .items
        .iter()
        .map(|i| GoalSummary {
            id: i.id.clone(),
            goal: i.goal.goal.clone(),
            themes: i.goal.themes.clone(),
            statuses: i.trace.iter().map(|t| (t.level, t.status)).collect(),
            dropoff: i.dropoff().map(|t| t.level),
        })
        .collect();
    Summary {
        name: a
            .corpus
            .municipality
            .clone()
            .unwrap_or_else(|| fallback_name.to_string()),
        path: String::new(),
        term: a.corpus.term.clone(),
        documents: a.corpus.docs.len(),
        pages: a.corpus.docs.iter().map(|d| d.pages).sum(),
        traced_from: a.scores.traced_from,
        chain_coverage: a.scores.chain_coverage,
        report_back: a.scores.report_back,
        years: years(a, &themes),
        themes,
        goals,
        levels,
        errors: a.corpus.errors.iter().map(ToString::to_string).collect(),
        warnings: a.corpus.all_warnings().map(ToString::to_string).collect(),
        cache: a.cache,
        reused: false,
    }
}

/// Consecutive years compared at every level with documents of two or more years.
fn years(a: &Analysis, themes: &[ThemeSummary]) -> Vec<YearComparison> {
    let mut out = Vec::new();
    // A folder of several municipalities: goals are paired within each (as `analyse` did).
    let mixed = crate::municipality::mixed(&a.corpus, &a.lexicon);
    let same = |x: &str, y: &str| mixed.as_ref().is_none_or(|m| m.same(x, y));
    for &level in &a.scores.levels {
        let years: BTreeSet<u32> = a
            .corpus
            .docs
            .iter()
            .filter(|d| counts_for(d, level))
            .filter_map(|d| d.year)
            .collect();
        let years: Vec<u32> = years.into_iter().collect();
        if years.len() < 2 {
            continue;
        }
        // Goal statuses at this level with only one year's documents of it (the HVK's own
        // goals are not compared when the HVK is the level: two terms' goals differ).
        let statuses: Vec<BTreeMap<String, (String, Status)>> = if level == Level::Hvk {
            Vec::new()
        } else {
            years
                .iter()
                .map(|&y| {
                    let docs: Vec<&AnalysedDoc> = a
                        .corpus
                        .docs
                        .iter()
                        .filter(|d| counts_for(d, level) && d.year == Some(y))
                        .collect();
                    goals::retrace_at(&a.goals.items, &docs, &a.lexicon, level, &same)
                        .into_iter()
                        .filter_map(|(id, t)| {
                            let goal = a.goals.items.iter().find(|i| i.id == id)?.goal.goal.clone();
                            Some((id, (goal, t.status)))
                        })
                        .collect()
                })
                .collect()
        };
        for (k, pair) in years.windows(2).enumerate() {
            let (from, to) = (pair[0], pair[1]);
            let theme_changes = a
                .scores
                .traced
                .iter()
                .filter_map(|t| {
                    let at = |y: u32| {
                        t.by_level_year
                            .get(&level)
                            .and_then(|m| m.get(&y))
                            .map_or(Rung(0), |c| c.rung)
                    };
                    let (r1, r2) = (at(from), at(to));
                    if r1 == r2 {
                        return None;
                    }
                    let (m1, m2) = (meets(level, r1), meets(level, r2));
                    let label = themes
                        .iter()
                        .find(|s| s.id == t.theme)
                        .map(|s| s.label.clone())?;
                    Some(ThemeChange {
                        theme: t.theme.clone(),
                        label,
                        from: r1,
                        to: r2,
                        newly_dropped_off: m1 == Some(true) && m2 == Some(false),
                        newly_met: m1 == Some(false) && m2 == Some(true),
                    })
                })
                .collect();
            let goal_changes = match (statuses.get(k), statuses.get(k + 1)) {
                (Some(s1), Some(s2)) => s1
                    .iter()
                    .filter_map(|(id, (goal, st1))| {
                        let (_, st2) = s2.get(id)?;
                        (st1 != st2).then(|| GoalChange {
                            id: id.clone(),
                            goal: goal.clone(),
                            from: *st1,
                            to: *st2,
                        })
                    })
                    .collect(),
                _ => Vec::new(),
            };
            out.push(YearComparison {
                level,
                from,
                to,
                themes: theme_changes,
                goals: goal_changes,
            });
        }
    }
    out
}

/// A status's place from worst to best, for "gained" and "lost".
pub fn status_rank(s: Status) -> u8 {
    match s {
        Status::Uncovered => 0,
        Status::Shallow => 1,
        Status::Covered => 2,
    }
}

/// The cache of one municipality: its own sub-folder of a shared cache folder (a cache prunes
/// the entries its run did not use, so municipalities must not share one).
fn cache_for(mode: &CacheMode, path: &Path) -> CacheMode {
    match mode {
        CacheMode::Dir(d) => {
            let name: String = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let hash = crate::cache::fnv64(full.to_string_lossy().as_bytes());
            CacheMode::Dir(d.join(format!("{name}-{:08x}", hash as u32)))
        }
        other => other.clone(),
    }
}

/// The set compared: every municipality's summary (in input order) and the figures across them.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub municipalities: Vec<Summary>,
    /// Theme ids traced by any municipality: by the number of municipalities tracing them, then
    /// id.
    pub themes: Vec<String>,
    /// Per theme: (municipality index, rank), best first.
    pub theme_rankings: BTreeMap<String, Vec<(usize, usize)>>,
    /// (municipality index, rank), best first; municipalities without a ranked theme are left
    /// out.
    pub overall: Vec<(usize, usize)>,
    /// Per theme: drop-off level (`None` = held down the whole chain) → municipalities.
    pub dropoffs: BTreeMap<String, BTreeMap<Option<Level>, usize>>,
    /// Every level present in any municipality, in chain order.
    pub levels: Vec<Level>,
}

impl Comparison {
    /// True when some municipality could not be analysed completely (exit code 2).
    pub fn incomplete(&self) -> bool {
        self.municipalities.iter().any(|m| !m.errors.is_empty())
    }
}

/// Analyse every municipality (at most `opts.jobs` at once) and compare them. `progress` is
/// called after each municipality (done, total), from the worker threads.
pub fn run(
    inputs: &[Input],
    base: &Arc<Lexicon>,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Comparison {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Summary>>> = Mutex::new(vec![None; inputs.len()]);
    let jobs = opts.jobs.clamp(1, inputs.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(input) = inputs.get(i) else { break };
                    let popts = pipeline::Options {
                        cache: cache_for(&opts.cache, &input.path),
                        ..opts.analysis.clone()
                    };
                    let folder = std::fs::canonicalize(&input.path)
                        .unwrap_or_else(|_| input.path.clone())
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| input.path.display().to_string());
                    let mut sum = summary(&input.path, &folder, base, &popts);
                    sum.path = input.path.display().to_string();
                    if let Ok(mut s) = slots.lock() {
                        s[i] = Some(sum);
                    }
                    progress(done.fetch_add(1, Ordering::SeqCst) + 1, inputs.len());
                }
            });
        }
    });
    let municipalities: Vec<Summary> = slots
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect();
    compare(municipalities)
}

/// Version of the summary cache's format: bump it when [`Summary`] changes.
const SUMMARY_FORMAT: u32 = 1;
const SUMMARY_FILE: &str = "compare-summary.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredSummary {
    key: String,
    summary: Summary,
}

/// Every file under `dir` (hidden entries skipped, links to folders not followed), sorted, as
/// (path relative to `root`, hash of its bytes); `None` when something cannot be read.
fn file_hashes(root: &Path, dir: &Path, out: &mut Vec<(String, u64)>) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let t = e.file_type().ok()?;
        let p = e.path();
        if t.is_dir() {
            file_hashes(root, &p, out)?;
        } else if !(t.is_symlink() && p.is_dir()) {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            out.push((rel, crate::cache::fnv64(&std::fs::read(&p).ok()?)));
        }
    }
    Some(())
}

/// What a municipality's summary depends on: every file of its folder (documents and
/// manifest, by their bytes), the base lexicon and the tool build (the lexicon fingerprint
/// holds both), the folder's name and the summary format.
fn summary_key(path: &Path, folder: &str, base: &Lexicon) -> Option<String> {
    let mut files = Vec::new();
    if path.is_dir() {
        file_hashes(path, path, &mut files)?;
    } else {
        files.push((
            folder.to_string(),
            crate::cache::fnv64(&std::fs::read(path).ok()?),
        ));
    }
    let mut text = format!(
        "{SUMMARY_FORMAT}\n{folder}\n{:016x}\n",
        crate::cache::lexicon_fingerprint(base)
    );
    for (rel, h) in files {
        text.push_str(&format!("{rel}\0{h:016x}\n"));
    }
    Some(format!("{:016x}", crate::cache::fnv64(text.as_bytes())))
}

/// A municipality's summary: from the summary cache beside its analysis cache when none of
/// its files changed, else analysed afresh (its analysis dropped as soon as it is summarised)
/// and stored there when the analysis had no errors.
fn summary(path: &Path, folder: &str, base: &Arc<Lexicon>, popts: &pipeline::Options) -> Summary {
    let file = popts.cache_dir(path).map(|d| d.join(SUMMARY_FILE));
    let key = file.as_ref().and_then(|_| summary_key(path, folder, base));
    if let (Some(f), Some(k)) = (&file, &key) {
        let stored = std::fs::read(f)
            .ok()
            .and_then(|b| serde_json::from_slice::<StoredSummary>(&b).ok());
        if let Some(s) = stored.filter(|s| &s.key == k) {
            let mut sum = s.summary;
            sum.reused = true;
            return sum;
        }
    }
    let a = pipeline::analyse(path, base, popts);
    let sum = summarise(&a, folder);
    drop(a);
    if let (Some(f), Some(key), true) = (&file, key, sum.errors.is_empty()) {
        let stored = StoredSummary { key, summary: sum };
        if let Ok(json) = serde_json::to_vec(&stored) {
            // Best effort, like the analysis cache: no summary cache is no error.
            let _ = f
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| crate::output::atomic_write(f, &json));
        }
        return stored.summary;
    }
    sum
}

/// Competition ranks (1, 1, 3) of items sorted best first, equal when `same` says so.
fn ranks<T>(sorted: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(sorted.len());
    for i in 0..sorted.len() {
        let r = if i > 0 && same(&sorted[i - 1], &sorted[i]) {
            out[i - 1]
        } else {
            i + 1
        };
        out.push(r);
    }
    out
}

fn desc(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    b.unwrap_or(-1.0).total_cmp(&a.unwrap_or(-1.0))
}

/// Municipality index, mean reach, chain coverage, report-back.
type OverallRow = (usize, Option<f64>, Option<f64>, Option<f64>);

/// The figures across summaries (see the module docs).
pub fn compare(municipalities: Vec<Summary>) -> Comparison {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &municipalities {
        for t in &m.themes {
            *count.entry(&t.id).or_default() += 1;
        }
    }
    let mut themes: Vec<String> = count.keys().map(|s| s.to_string()).collect();
    themes.sort_by(|a, b| count[b.as_str()].cmp(&count[a.as_str()]).then(a.cmp(b)));

    let mut theme_rankings = BTreeMap::new();
    let mut dropoffs = BTreeMap::new();
    for id in &themes {
        let mut rows: Vec<(usize, Option<f64>, Option<f64>)> = municipalities
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.theme(id).map(|t| (i, t.reach, t.mean_rung)))
            .filter(|(_, reach, _)| reach.is_some())
            .collect();
        rows.sort_by(|a, b| {
            desc(a.1, b.1)
                .then(desc(a.2, b.2))
                .then(municipalities[a.0].name.cmp(&municipalities[b.0].name))
        });
        let r = ranks(&rows, |a, b| a.1 == b.1 && a.2 == b.2);
        theme_rankings.insert(
            id.clone(),
            rows.iter()
                .zip(r)
                .map(|(row, rank)| (row.0, rank))
                .collect(),
        );
        let mut dist: BTreeMap<Option<Level>, usize> = BTreeMap::new();
        for m in &municipalities {
            if let Some(t) = m.theme(id) {
                *dist.entry(t.dropoff.as_ref().map(|d| d.level)).or_default() += 1;
            }
        }
        dropoffs.insert(id.clone(), dist);
    }
    let ratio = |r: Option<Ratio>| r.and_then(Ratio::value);
    let mut rows: Vec<OverallRow> = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                i,
                m.mean_reach(),
                ratio(m.chain_coverage),
                ratio(m.report_back),
            )
        })
        .filter(|r| r.1.is_some())
        .collect();
    rows.sort_by(|a, b| {
        desc(a.1, b.1)
            .then(desc(a.2, b.2))
            .then(desc(a.3, b.3))
            .then(municipalities[a.0].name.cmp(&municipalities[b.0].name))
    });
    let r = ranks(&rows, |a, b| a.1 == b.1 && a.2 == b.2 && a.3 == b.3);
    let overall = rows
        .iter()
        .zip(r)
        .map(|(row, rank)| (row.0, rank))
        .collect();
    let mut levels: Vec<Level> = municipalities
        .iter()
        .flat_map(|m| m.levels.iter().copied())
        .collect();
    levels.sort();
    levels.dedup();
    Comparison {
        municipalities,
        themes,
        theme_rankings,
        overall,
        dropoffs,
        levels,
    }
}
