//! The analysis cache: what ingest, segment and analyse made of a document, stored under the
//! corpus folder (`.linjaus/cache/`, or a folder of the user's choosing) and keyed by a hash of
//! the file's bytes and a fingerprint of the lexicon in force (themes, facets, shared rules,
//! tool version). A re-run reads and hashes each file but re-analyses only the ones whose bytes
//! or lexicon changed. Level inference, sections, scores and goals are always recomputed: they
//! depend on the manifest and on the other documents.
//!
//! The cache is an optimisation: an unreadable, corrupt or unwritable cache is ignored, never an
//! error. Entries are written atomically (temporary file, then rename); entries no document used
//! in a run are removed at its end.

use crate::analyse::UnitAnalysis;
use crate::analyse::lexicon::Lexicon;
use crate::model::Unit;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cache folder inside a corpus folder.
pub const DEFAULT_DIR: &str = ".linjaus";

/// FNV-1a, 64 bits: change detection for file bytes and the lexicon, not security.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    h
}

/// A fingerprint of everything in the lexicon that analysis depends on (including the rules in
/// force), of the analysis chain ([`crate::analyse::text::CHAIN`]), and of the tool build: its
/// version and the size and modification time of the running executable, so a rebuilt
/// binary (whose analysis may differ under the same version number) starts a fresh cache.
pub fn lexicon_fingerprint(lex: &Lexicon) -> u64 {
    let mut s = format!(
        "{}|{}",
        env!("CARGO_PKG_VERSION"),
        crate::analyse::text::CHAIN
    );
    if let Some(m) = std::env::current_exe().ok().and_then(|p| p.metadata().ok()) {
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        s.push_str(&format!("|{}|{:?}", m.len(), mtime));
    }
    for t in &lex.themes {
        s.push_str(&t.id);
        for set in [&t.fi, &t.sv] {
            for term in set.terms.iter().chain(&set.exclude) {
                s.push('|');
                s.push_str(&term.text);
                s.push(if term.weak { 'w' } else { 's' });
            }
        }
    }
    for f in &lex.facets {
        s.push_str(f.facet.id());
        for term in f.fi.iter().chain(&f.sv) {
            s.push('|');
            s.push_str(&term.text);
            s.push(if term.weak { 'w' } else { 's' });
        }
        for term in f.fi_exclude.iter().chain(&f.sv_exclude) {
            s.push('|');
            s.push_str(&term.text);
            s.push('x');
        }
        for term in f.fi_context.iter().chain(&f.sv_context) {
            s.push('|');
            s.push_str(&term.text);
            s.push('c');
        }
        s.push_str("|suffix:");
        s.push_str(&f.fi_suffix.join(","));
        s.push_str(&f.sv_suffix.join(","));
    }
    s.push_str(&lex.organisation_heads.join(","));
    s.push_str("|procedural:");
    s.push_str(&lex.procedural_heads.join(","));
    s.push_str("|personnel:");
    s.push_str(&lex.personnel_cues.join(","));
    s.push_str("|finance:");
    s.push_str(&lex.finance_cues.join(","));
    s.push_str("|facilities:");
    s.push_str(&lex.facilities.join(","));
    s.push_str("|rules:");
    s.push_str(&lex.rules.ids().join(","));
    if let Some(m) = &lex.learned {
        s.push_str(&m.to_toml("|learned:"));
    }
    fnv64(s.as_bytes())
}

/// What is kept of one document.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub pages: usize,
    pub encoding: String,
    pub warnings: Vec<String>,
    pub units: Vec<(Unit, UnitAnalysis)>,
}

pub struct Cache {
    dir: Option<PathBuf>,
    used: Mutex<BTreeSet<String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

/// What the cache did in one run: documents read from it, and documents analysed afresh.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
}

impl Cache {
    /// A cache in `dir`, or a disabled one.
    pub fn new(dir: Option<PathBuf>) -> Cache {
        Cache {
            dir: dir.map(|d| d.join("cache")),
            used: Mutex::new(BTreeSet::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    fn name(bytes_hash: u64, lexicon: u64) -> String {
        format!("{bytes_hash:016x}-{lexicon:016x}.json")
    }

    /// The entry of a document, if the cache has a readable one (counted as a hit; anything
    /// else as a miss).
    pub fn get(&self, bytes_hash: u64, lexicon: u64) -> Option<Entry> {
        let entry = self.read(bytes_hash, lexicon);
        let counter = if entry.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        entry
    }

    fn read(&self, bytes_hash: u64, lexicon: u64) -> Option<Entry> {
        let dir = self.dir.as_ref()?;
        let name = Self::name(bytes_hash, lexicon);
        self.used.lock().ok()?.insert(name.clone());
        let text = std::fs::read(dir.join(&name)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    pub fn put(&self, bytes_hash: u64, lexicon: u64, entry: &Entry) {
        let Some(dir) = &self.dir else { return };
        let name = Self::name(bytes_hash, lexicon);
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.clone());
        }
        let Ok(json) = serde_json::to_vec(entry) else {
            return;
        };
        // Best effort: a folder that cannot be written means no cache, not an error.
        let _ = std::fs::create_dir_all(dir)
            .and_then(|_| crate::output::atomic_write(&dir.join(&name), &json));
    }

    /// Remove entries no document used in this run.
    pub fn prune(&self) {
        let (Some(dir), Ok(used)) = (&self.dir, self.used.lock()) else {
            return;
        };
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let stale = name.ends_with(".json") && !used.contains(&name)
                || is_abandoned_temporary(&name, &e);
            if stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// A temporary file of `output::atomic_write` left by a run that was killed: an hour old (a
/// running write renames its file within moments, so a parallel run's is never taken).
fn is_abandoned_temporary(name: &str, e: &std::fs::DirEntry) -> bool {
    name.starts_with(".linjaus-")
        && name.ends_with(".tmp")
        && e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

/// The static name of an encoding or format read back from the cache.
pub fn encoding_name(s: &str) -> &'static str {
    const KNOWN: [&str; 6] = [
        "pdf",
        "docx",
        "odt",
        "html",
        "html (legacy encoding)",
        "spreadsheet",
    ];
    KNOWN
        .iter()
        .chain(crate::ingest::TEXT_ENCODINGS)
        .find(|k| **k == s)
        .copied()
        .unwrap_or("cached")
}

#[cfg(test)]
mod tests {
    use super::Cache;

    #[test]
    fn prune_removes_temporaries_of_killed_runs_but_not_fresh_ones() {
        let dir = tempfile::tempdir().unwrap();
        let entries = dir.path().join("cache");
        std::fs::create_dir(&entries).unwrap();
        let old = entries.join(".linjaus-abc123.tmp");
        let fresh = entries.join(".linjaus-def456.tmp");
        std::fs::write(&old, "half").unwrap();
        std::fs::write(&fresh, "half").unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        Cache::new(Some(dir.path().to_path_buf())).prune();
        assert!(!old.exists());
        assert!(fresh.exists());
    }
}
