//! How far a run is: counters the corpus stage advances as documents are read, for a front
//! end to draw (the library never prints). Shared between threads; reading them never blocks
//! the run.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[derive(Debug, Default)]
pub struct Progress {
    documents: AtomicUsize,
    done: AtomicUsize,
    pages: AtomicUsize,
}

/// One reading of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// Documents in the run (0 until the folder has been walked).
    pub documents: usize,
    /// Documents read and analysed (or failed).
    pub done: usize,
    /// Pages of the documents done.
    pub pages: usize,
}

impl Progress {
    /// The folder has been walked: `n` documents will be read.
    pub fn start(&self, n: usize) {
        self.documents.store(n, Relaxed);
    }

    /// One document is done; it had `pages` pages (0 when it could not be read).
    pub fn document_done(&self, pages: usize) {
        self.pages.fetch_add(pages, Relaxed);
        self.done.fetch_add(1, Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            documents: self.documents.load(Relaxed),
            done: self.done.load(Relaxed),
            pages: self.pages.load(Relaxed),
        }
    }
}
