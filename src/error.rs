//! The library's error type. Every variant names the file it is about, so the binary can print
//! one line per problem and carry on with the rest of the batch.

use std::fmt;
use std::path::PathBuf;

/// One problem with user-supplied input or the file system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A document could not be read or decoded.
    Ingest { path: PathBuf, reason: String },
    /// A data file (manifest, lexicon) has problems; each message is `file:line: message`.
    Invalid { problems: Vec<String> },
    /// Reading or writing a file failed.
    Io { path: PathBuf, reason: String },
}

impl Error {
    pub fn ingest(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Ingest {
            path: path.into(),
            reason: reason.into(),
        }
    }
    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            reason: err.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Ingest { path, reason } => write!(f, "{}: {}", path.display(), reason),
            Error::Io { path, reason } => write!(f, "{}: {}", path.display(), reason),
            Error::Invalid { problems } => write!(f, "{}", problems.join("\n")),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// 1-based line number of byte offset `pos` in `src`.
pub fn line_of(src: &str, pos: usize) -> usize {
    src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
