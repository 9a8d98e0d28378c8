//! Stage 1, ingest: a file on disk → [`Document`] (text by page).
//!
//! Contract: fails per document with an [`Error::Ingest`] that names the file and the reason;
//! never panics on any input. This is the seam where further formats plug in: each format is a
//! module that turns bytes into pages, and [`Format::detect`] picks it.

mod pdf;
mod text;

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// Largest file read (bytes); bigger ones are refused rather than read into memory.
pub const MAX_FILE: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Pdf,
    /// A format linjaus recognises but cannot read yet (named for the error message).
    NotYet(&'static str),
}

impl Format {
    /// The format of a file, from its first bytes and then its extension. `None`: not a
    /// document linjaus knows (skipped when walking a folder).
    pub fn detect(path: &Path, head: &[u8]) -> Option<Format> {
        if head.starts_with(b"%PDF") {
            return Some(Format::Pdf);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if head.starts_with(b"PK\x03\x04") {
            return Some(Format::NotYet(match ext.as_str() {
                "odt" => "ODT",
                "xlsx" | "ods" => "spreadsheet",
                _ => "DOCX",
            }));
        }
        match ext.as_str() {
            "txt" | "md" | "markdown" | "text" => Some(Format::Text),
            "pdf" => Some(Format::Pdf),
            "docx" | "doc" => Some(Format::NotYet("DOCX")),
            "odt" => Some(Format::NotYet("ODT")),
            "html" | "htm" => Some(Format::NotYet("HTML")),
            "xlsx" | "xls" | "ods" => Some(Format::NotYet("spreadsheet")),
            _ => None,
        }
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, turning a panic inside it (a third-party reader meeting a malformed file) into an
/// error message. While `f` runs, [`in_guard`] is true on this thread, so a panic hook can stay
/// quiet about panics that are handled here.
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    GUARDED.with(|g| g.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into())
    })
}

/// Is this thread inside [`guard`]? (For the binary's panic hook.)
pub fn in_guard() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Is this a file `analyse DIR` should pick up?
pub fn is_document(path: &Path) -> bool {
    Format::detect(path, &[]).is_some()
}

/// Read one document. `id` is its path relative to the corpus root.
pub fn ingest(path: &Path, id: &str) -> Result<Document> {
    let meta = std::fs::metadata(path).map_err(|e| Error::ingest(path, e.to_string()))?;
    if meta.is_dir() {
        return Err(Error::ingest(path, "is a folder, not a document"));
    }
    if meta.len() == 0 {
        return Err(Error::ingest(path, "file is empty (0 bytes)"));
    }
    if meta.len() > MAX_FILE {
        return Err(Error::ingest(
            path,
            format!(
                "file is {} MB, over the {} MB limit",
                meta.len() >> 20,
                MAX_FILE >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::ingest(path, e.to_string()))?;
    match Format::detect(path, &bytes[..bytes.len().min(8)]) {
        Some(Format::Text) => {
            let (text, encoding) = text::decode(&bytes).map_err(|r| Error::ingest(path, r))?;
            if text.trim().is_empty() {
                return Err(Error::ingest(path, "file has no text (only whitespace)"));
            }
            let pages = text.split('\u{000C}').map(str::to_string).collect();
            Ok(Document {
                id: id.to_string(),
                path: path.to_path_buf(),
                pages,
                encoding,
                warnings: Vec::new(),
            })
        }
        Some(Format::Pdf) => {
            let (pages, warnings) = pdf::read(&bytes).map_err(|r| Error::ingest(path, r))?;
            Ok(Document {
                id: id.to_string(),
                path: path.to_path_buf(),
                pages,
                encoding: "pdf",
                warnings,
            })
        }
        Some(Format::NotYet(name)) => Err(Error::ingest(
            path,
            format!("{name} documents are not supported yet; convert it to text (.txt) for now"),
        )),
        None => Err(Error::ingest(path, "unsupported file type")),
    }
}
