//! Budgets per document, and the worker process that reads the formats whose parsers are not
//! ours.
//!
//! A document may take at most [`Budget::time`] to read and its reader at most
//! [`Budget::memory`] of address space; its file may be at most [`Budget::max_file`] bytes.
//! The PDF, office and spreadsheet readers (lopdf, calamine, quick-xml, zip) are
//! third-party code that cannot be asked to stop, so with [`Extraction::Worker`] they run in a
//! child process (the same binary, the hidden sub-command `__extract`), like Apache Tika's
//! forked parser: the document's bytes go in by its stdin, the extracted pages come back by its
//! stdout as JSON, the child runs under an address-space limit (`RLIMIT_AS`), and a watchdog
//! kills it when the time budget is spent. Workers are kept for the next document. A document
//! over a budget is an error that names the
//! budget; the rest of the batch goes on.
//!
//! Plain text, Markdown and HTML are read by our own code, in this process, when the file is at
//! most [`IN_PROCESS_TEXT`] bytes (their memory is a small multiple of the input); larger ones
//! go to the worker too. On systems other than Unix there is no worker: every document is read
//! in process (the file-size budget still holds).

use crate::error::{Error, Result};
use crate::ingest::{self, Format};
use crate::model::Document;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Text and HTML files up to this size are read in process even with a worker.
pub const IN_PROCESS_TEXT: u64 = 1024 * 1024;

/// The hidden sub-command the worker runs.
pub const WORKER_COMMAND: &str = "__extract";

/// What one document may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Wall time to read one document (worker only).
    pub time: Duration,
    /// Address space of the worker reading one document, in bytes.
    pub memory: u64,
    /// Largest document file read, in bytes.
    pub max_file: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            time: Duration::from_secs(60),
            memory: 2 * 1024 * 1024 * 1024,
            max_file: ingest::MAX_FILE,
        }
    }
}

/// Where documents are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Extraction {
    /// Every document in this process: no time or memory budget (the file-size budget holds).
    #[default]
    InProcess,
    /// PDF, office and spreadsheet files, and text or HTML over [`IN_PROCESS_TEXT`], by a
    /// worker process: `exe __extract` (the linjaus binary).
    Worker { exe: PathBuf },
}

/// Read one document's `bytes` (already read from `path`) into pages, where `extraction` says,
/// within `budget`.
pub fn extract(
    path: &Path,
    id: &str,
    bytes: &[u8],
    extraction: &Extraction,
    budget: &Budget,
) -> Result<Document> {
    match extraction {
        Extraction::Worker { exe } if cfg!(unix) && needs_worker(path, bytes) => {
            let mut doc = worker::run(exe, path, bytes, budget)?;
            doc.id = id.to_string();
            Ok(doc)
        }
        _ => ingest::from_bytes(path, id, bytes),
    }
}

/// End the worker processes kept for the next document (the end of a run: none linger).
pub fn shutdown_workers() {
    worker::shutdown();
}

/// Is this document read by a parser that is not ours (or too big to read in process)?
fn needs_worker(path: &Path, bytes: &[u8]) -> bool {
    match Format::detect(path, &bytes[..bytes.len().min(ingest::HEAD)]) {
        Some(Format::Text | Format::Html) => bytes.len() as u64 > IN_PROCESS_TEXT,
        Some(Format::Pdf | Format::Package | Format::Legacy) => true,
        None => false,
    }
}

/// What the worker sends back: the document's pages, or why it could not be read.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum Reply {
    Ok {
        pages: Vec<String>,
        page_labels: Vec<Option<String>>,
        encoding: String,
        warnings: Vec<String>,
    },
    Err(String),
}

/// The worker's side (`linjaus __extract`): until its stdin ends, read a request (a frame
/// with the document's name, then a frame with its bytes; the name tells the format when the
/// content does not), extract it and write the reply as one frame of JSON to stdout. A frame is
/// a little-endian u64 length and that many bytes. Returns false when a pipe failed.
pub fn worker_main() -> bool {
    use std::io::Write;
    let mut input = std::io::BufReader::new(std::io::stdin().lock());
    let mut out = std::io::stdout().lock();
    loop {
        let name = match read_frame(&mut input) {
            Ok(Some(n)) => n,
            Ok(None) => return true,
            Err(_) => return false,
        };
        let Ok(Some(bytes)) = read_frame(&mut input) else {
            return false;
        };
        let name = PathBuf::from(String::from_utf8_lossy(&name).into_owned());
        let reply = match ingest::from_bytes(&name, "", &bytes) {
            Ok(d) => Reply::Ok {
                pages: d.pages,
                page_labels: d.page_labels,
                encoding: d.encoding.to_string(),
                warnings: d.warnings,
            },
            Err(Error::Ingest { reason, .. }) => Reply::Err(reason),
            Err(e) => Reply::Err(e.to_string()),
        };
        drop(bytes);
        let Ok(json) = serde_json::to_vec(&reply) else {
            return false;
        };
        drop(reply);
        if write_frame(&mut out, &json)
            .and_then(|()| out.flush())
            .is_err()
        {
            return false;
        }
    }
}

/// One frame: a little-endian u64 length, then the bytes. `None` at the end of the input.
fn read_frame(r: &mut impl std::io::Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = usize::try_from(u64::from_le_bytes(len))
        .map_err(|_| std::io::Error::other("frame too long"))?;
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)?;
    Ok(Some(buf))
}

fn write_frame(w: &mut impl std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// `60s`, `500ms`, `2m`, `1h` or a bare number of seconds.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim();
    let (num, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a time (e.g. 60s, 500ms, 2m)"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("`{s}`: unknown time unit `{unit}` (ms, s, m, h)")),
    };
    if !secs.is_finite() || secs <= 0.0 || secs > 1e9 {
        return Err(format!("`{s}`: the time must be above zero"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `2G`, `512M`, `64K`, `100B` or a bare number of megabytes (MiB).
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let (num, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 2G, 512M)"))?;
    let mult: f64 = match unit.to_ascii_uppercase().trim_end_matches("IB") {
        "" | "M" | "MB" => 1024.0 * 1024.0,
        "B" => 1.0,
        "K" | "KB" => 1024.0,
        "G" | "GB" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("`{s}`: unknown size unit `{unit}` (K, M, G)")),
    };
    let bytes = n * mult;
    if !(1.0..=1e18).contains(&bytes) {
        return Err(format!("`{s}`: the size must be above zero"));
    }
    Ok(bytes as u64)
}

/// A duration as the flags take it (`60s`, `500ms`).
pub fn show_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// A size in MB (KB or bytes when smaller).
pub fn show_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{} KB", bytes.div_ceil(1024)),
        _ => format!("{} MB", bytes.div_ceil(1024 * 1024)),
    }
}

#[cfg(unix)]
mod worker {
    //! Workers are kept for the next document (as Tika's forked parser keeps its JVM): a
    //! process per document would cost its start and a fresh heap every time. A worker that
    //! was stopped (time budget) is killed; one that died on a reused heap gets the document
    //! again in a fresh worker before the memory budget is blamed.
    use super::{Budget, Reply, WORKER_COMMAND, read_frame, show_duration, show_size, write_frame};
    use crate::error::{Error, Result};
    use crate::model::Document;
    use std::io::{Read, Write};
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::path::{Path, PathBuf};
    use std::process::{Child, ChildStdin, Command, Stdio};
    use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    /// The most of a worker's stderr kept (to tell a failed allocation from a crash).
    const STDERR_KEPT: usize = 64 * 1024;
    /// Documents one worker reads before it is replaced (its heap is not reused for ever).
    const MAX_SERVED: usize = 64;
    /// Idle workers kept at most.
    const MAX_IDLE: usize = 16;

    struct Worker {
        exe: PathBuf,
        limit: u64,
        child: Child,
        stdin: ChildStdin,
        replies: Receiver<Vec<u8>>,
        stderr: Arc<Mutex<Vec<u8>>>,
        served: usize,
    }

    impl Worker {
        fn spawn(exe: &Path, limit: u64) -> std::io::Result<Worker> {
            let mut cmd = Command::new(exe);
            cmd.arg(WORKER_COMMAND)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            // SAFETY: the closure runs in the child between fork and exec and only calls
            // setrlimit, which is async-signal-safe; it allocates nothing.
            unsafe {
                cmd.pre_exec(move || {
                    let lim = libc::rlimit {
                        rlim_cur: limit as libc::rlim_t,
                        rlim_max: limit as libc::rlim_t,
                    };
                    if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            let mut child = cmd.spawn()?;
            let (stdin, stdout, mut stderr) = (
                child.stdin.take().expect("piped"),
                child.stdout.take().expect("piped"),
                child.stderr.take().expect("piped"),
            );
            let (tx, replies) = mpsc::channel();
            std::thread::spawn(move || {
                let mut r = std::io::BufReader::new(stdout);
                while let Ok(Some(frame)) = read_frame(&mut r) {
                    if tx.send(frame).is_err() {
                        break;
                    }
                }
            });
            let kept = Arc::new(Mutex::new(Vec::new()));
            let sink = kept.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut k = sink.lock().unwrap_or_else(|p| p.into_inner());
                    k.extend_from_slice(&buf[..n]);
                    if k.len() > STDERR_KEPT {
                        let cut = k.len() - STDERR_KEPT;
                        k.drain(..cut);
                    }
                }
            });
            Ok(Worker {
                exe: exe.to_path_buf(),
                limit,
                child,
                stdin,
                replies,
                stderr: kept,
                served: 0,
            })
        }

        /// Kill the worker; what it wrote on stderr and how it ended.
        fn end(mut self) -> (String, Option<std::process::ExitStatus>) {
            let _ = self.child.kill();
            let status = self.child.wait().ok();
            let err = self
                .stderr
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            (String::from_utf8_lossy(&err).into_owned(), status)
        }
    }

    static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

    /// End the idle workers and wait for them.
    pub(super) fn shutdown() {
        let idle = std::mem::take(&mut *IDLE.lock().unwrap_or_else(|p| p.into_inner()));
        for mut w in idle {
            drop(w.stdin);
            let _ = w.child.wait();
        }
    }

    fn take_idle(exe: &Path, limit: u64) -> Option<Worker> {
        let mut idle = IDLE.lock().unwrap_or_else(|p| p.into_inner());
        let at = idle.iter().position(|w| w.exe == exe && w.limit == limit)?;
        Some(idle.swap_remove(at))
    }

    fn give_back(w: Worker) {
        let mut idle = IDLE.lock().unwrap_or_else(|p| p.into_inner());
        if w.served < MAX_SERVED && idle.len() < MAX_IDLE {
            idle.push(w);
        } else {
            drop(idle);
            // Its stdin closes: it ends by itself.
            let mut w = w;
            drop(w.stdin);
            let _ = w.child.wait();
        }
    }

    /// The hard address-space limit of this process (`u64::MAX` when unlimited).
    fn inherited_limit() -> u64 {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut lim) } != 0
            || lim.rlim_max == libc::RLIM_INFINITY
        {
            return u64::MAX;
        }
        // `rlim_t` is not u64 everywhere.
        #[allow(clippy::useless_conversion)]
        u64::try_from(lim.rlim_max).unwrap_or(u64::MAX)
    }

    /// Read one document in a worker: bytes in, pages out, under the memory limit, the worker
    /// killed when the time budget is spent.
    pub(super) fn run(exe: &Path, path: &Path, bytes: &[u8], budget: &Budget) -> Result<Document> {
        let fail = |r: String| Error::ingest(path, r);
        let started = Instant::now();
        // Never above a limit this process already runs under (`ulimit -v`): raising the hard
        // limit is not allowed, and the error then names the limit in force.
        let limit = budget.memory.min(inherited_limit());
        let name = path.to_string_lossy();
        let mut fresh_only = false;
        loop {
            let (mut w, reused) = match take_idle(exe, limit).filter(|_| !fresh_only) {
                Some(w) => (w, true),
                None => (
                    Worker::spawn(exe, limit)
                        .map_err(|e| fail(format!("the reader process could not start ({e})")))?,
                    false,
                ),
            };
            w.stderr.lock().unwrap_or_else(|p| p.into_inner()).clear();
            let sent = write_frame(&mut w.stdin, name.as_bytes())
                .and_then(|()| write_frame(&mut w.stdin, bytes))
                .and_then(|()| w.stdin.flush());
            let left = budget.time.saturating_sub(started.elapsed());
            let reply = match sent {
                Ok(()) => w.replies.recv_timeout(left),
                Err(_) => Err(RecvTimeoutError::Disconnected),
            };
            let frame = match reply {
                Ok(frame) => {
                    w.served += 1;
                    give_back(w);
                    frame
                }
                Err(RecvTimeoutError::Timeout) => {
                    w.end();
                    return Err(fail(format!(
                        "over the time budget of {} (--time-budget): reading was stopped",
                        show_duration(budget.time)
                    )));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let (err, status) = w.end();
                    if reused {
                        // Perhaps the heap left by earlier documents: once more, afresh.
                        fresh_only = true;
                        continue;
                    }
                    let out_of_memory = err.contains("memory allocation of")
                        || err.contains("out of memory")
                        || err.contains("Cannot allocate memory")
                        || err.contains("capacity overflow");
                    if out_of_memory {
                        // Name the limit that was in force: ours, or the `ulimit -v` we run under.
                        let source = if limit < budget.memory {
                            "the ulimit -v this run inherited"
                        } else {
                            "--memory-budget"
                        };
                        return Err(fail(format!(
                            "over the memory budget of {} ({source}): reading was stopped",
                            show_size(limit)
                        )));
                    }
                    let how = match status {
                        Some(s) => match s.signal() {
                            Some(sig) => format!("signal {sig}"),
                            None => format!("exit code {}", s.code().unwrap_or(-1)),
                        },
                        None => "lost".into(),
                    };
                    return Err(fail(format!("the reader process failed ({how})")));
                }
            };
            let reply: Reply = serde_json::from_slice(&frame)
                .map_err(|_| fail("the reader process sent no readable reply".into()))?;
            return match reply {
                Reply::Ok {
                    pages,
                    page_labels,
                    encoding,
                    warnings,
                } => Ok(Document {
                    id: String::new(),
                    path: path.to_path_buf(),
                    pages,
                    page_labels,
                    encoding: crate::cache::encoding_name(&encoding),
                    warnings,
                }),
                Reply::Err(reason) => Err(fail(reason)),
            };
        }
    }
}

#[cfg(not(unix))]
mod worker {
    use super::Budget;
    use crate::error::Result;
    use crate::model::Document;
    use std::path::Path;

    pub(super) fn shutdown() {}

    /// No worker off Unix: the document is read in process.
    pub(super) fn run(_exe: &Path, path: &Path, bytes: &[u8], _: &Budget) -> Result<Document> {
        crate::ingest::from_bytes(path, "", bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_parse() {
        assert_eq!(parse_duration("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("300"), Ok(300 << 20));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert!(parse_size("-1").is_err());
        assert!(parse_size("3X").is_err());
        assert_eq!(show_size(2048), "2 KB");
        assert_eq!(show_size(2 << 30), "2048 MB");
    }
}
