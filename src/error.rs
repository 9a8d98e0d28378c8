//! The library's errors and warnings, as values. Every error names the file it is about (and
//! the line, for data files), so the binary prints one line per problem and carries on with the
//! rest of the batch; [`Error::kind`] tells them apart for machine-readable output.

use std::fmt;
use std::path::PathBuf;

/// One problem with user-supplied input or the file system.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A document could not be read or decoded.
    #[error("{}: {reason}", path.display())]
    Ingest { path: PathBuf, reason: String },
    /// A data file (manifest, lexicon) has problems; each message is `file:line: message`.
    #[error("{}", problems.join("\n"))]
    Invalid { problems: Vec<String> },
    /// Reading or writing a file failed.
    #[error("{}: {reason}", path.display())]
    Io { path: PathBuf, reason: String },
    /// A theme id that the lexicon in force does not have.
    #[error("unknown theme `{id}`; valid themes: {}", valid.join(", "))]
    UnknownTheme { id: String, valid: Vec<String> },
    /// A problem with a document the manifest lists, with the manifest line.
    #[error("{error} (listed in {manifest} line {line})")]
    Listed {
        error: Box<Error>,
        manifest: &'static str,
        line: usize,
    },
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
    /// A short, stable name of the kind of problem (`ingest`, `invalid`, `io`, `unknown-theme`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Ingest { .. } => "ingest",
            Error::Invalid { .. } => "invalid",
            Error::Io { .. } => "io",
            Error::UnknownTheme { .. } => "unknown-theme",
            Error::Listed { error, .. } => error.kind(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Something worth knowing that did not stop anything, about a document (by its id) or the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub doc: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn doc(doc: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            doc: Some(doc.into()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.doc {
            Some(d) => write!(f, "{d}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// 1-based line number of byte offset `pos` in `src`.
pub fn line_of(src: &str, pos: usize) -> usize {
    src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
