//! The progress line on stderr while a corpus is read: documents done of all, pages read.
//! Drawn only when stderr is a terminal, not in CI (`CI` set) nor on a dumb terminal, not
//! under `--quiet`, and only once the run has lasted a second (`LINJAUS_PROGRESS_DELAY_MS`
//! changes the wait; the tests set it to 0). Never on stdout. Hand-written rather than
//! `indicatif`: one line, redrawn ten times a second, is all linjaus needs.

use linjaus::progress::{Progress, Snapshot};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct Bar {
    pub counters: Arc<Progress>,
    stop: Arc<(Mutex<bool>, Condvar)>,
    drawn: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Whether a progress line may be drawn on this stderr.
fn wanted(quiet: bool) -> bool {
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

impl Bar {
    /// A bar for one run, or `None` when none is wanted.
    pub fn start(quiet: bool) -> Option<Bar> {
        if !wanted(quiet) {
            return None;
        }
        let delay = std::env::var("LINJAUS_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        let counters = Arc::new(Progress::default());
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let drawn = Arc::new(AtomicBool::new(false));
        let thread = {
            let (counters, stop, drawn) = (counters.clone(), stop.clone(), drawn.clone());
            std::thread::spawn(move || {
                let (lock, cv) = &*stop;
                let mut wait = Duration::from_millis(delay);
                loop {
                    let Ok(guard) = lock.lock() else { return };
                    let Ok((guard, _)) = cv.wait_timeout_while(guard, wait, |s| !*s) else {
                        return;
                    };
                    if *guard {
                        return;
                    }
                    drop(guard);
                    let now = counters.snapshot();
                    // Until the folder has been walked there is nothing to show: look again
                    // soon.
                    if now.documents == 0 {
                        wait = Duration::from_millis(5);
                        continue;
                    }
                    let line = format!("\r\x1b[2K{}", line(now));
                    let _ = std::io::stderr().lock().write_all(line.as_bytes());
                    drawn.store(true, Ordering::Relaxed);
                    wait = Duration::from_millis(100);
                }
            })
        };
        Some(Bar {
            counters,
            stop,
            drawn,
            thread: Some(thread),
        })
    }
}

impl Drop for Bar {
    /// Stop drawing and clear the line, so that what follows on stderr starts clean.
    fn drop(&mut self) {
        let (lock, cv) = &*self.stop;
        if let Ok(mut s) = lock.lock() {
            *s = true;
        }
        cv.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if self.drawn.load(Ordering::Relaxed) {
            let _ = std::io::stderr().lock().write_all(b"\r\x1b[2K");
        }
    }
}

/// `[########........] 12/40 documents · 1234 pages`
fn line(s: Snapshot) -> String {
    const WIDTH: usize = 24;
    let filled = (s.done * WIDTH).checked_div(s.documents).unwrap_or(0);
    format!(
        "[{}{}] {}/{} documents · {} pages",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled.min(WIDTH)),
        s.done,
        s.documents,
        s.pages
    )
}
