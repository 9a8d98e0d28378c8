//! Stage 1, ingest: a file on disk → [`Document`] (text by page).
//!
//! Contract: fails per document with an [`Error::Ingest`] that names the file and the reason;
//! never panics on any input (third-party readers run inside `guard`). Each format is a module
//! that turns bytes into pages: `pdf` directly, the structured formats (`office` for DOCX/ODT,
//! `html`, `sheet` for spreadsheets) through the light markup of `markup` that the segmenter
//! reads, plain text as it is. [`Format::detect`] picks the module by content first (magic
//! bytes, zip package entries, an HTML preamble) and by extension only when the content says
//! nothing.

mod html;
mod markup;
mod office;
mod page_numbers;
mod pdf;
#[rustfmt::skip]
mod pdf_tables;
mod pdf_text;
mod sheet;
mod text;

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// Every name [`Document::encoding`] can hold for a text or HTML file's character encoding
/// (`utf-8`, `utf-16`, `windows-1252`, `iso-8859-1`, …).
pub const TEXT_ENCODINGS: &[&str] = text::NAMES;

/// Largest file read (bytes); bigger ones are refused rather than read into memory.
pub const MAX_FILE: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
    /// A zip package: DOCX, ODT, XLSX or ODS, told apart by its entries when read.
    Package,
    /// An OLE compound file (Word or Excel 97–2003).
    Legacy,
}

impl Format {
    /// The format of a file, from its first bytes and then its extension. `None`: not a
    /// document linjaus knows (skipped when walking a folder).
    pub fn detect(path: &Path, head: &[u8]) -> Option<Format> {
        // A PDF's header may follow some junk (readers look in the first kilobyte).
        if head.starts_with(b"%PDF") || head.windows(5).any(|w| w == b"%PDF-") {
            return Some(Format::Pdf);
        }
        if head.starts_with(b"PK\x03\x04") {
            return Some(Format::Package);
        }
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Some(Format::Legacy);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            // A binary format's name without its magic bytes: content decides, so text is
            // read as text (a `.txt.pdf`); anything else goes to its reader, which says why
            // it cannot read it.
            "pdf" | "docx" | "odt" | "xlsx" | "ods" | "doc" | "xls" if looks_like_text(head) => {
                Some(Format::Text)
            }
            "pdf" => Some(Format::Pdf),
            "docx" | "odt" | "xlsx" | "ods" => Some(Format::Package),
            "doc" | "xls" => Some(Format::Legacy),
            _ => None,
        }
    }
}

/// How many bytes [`Format::detect`] is given to look at.
pub const HEAD: usize = 1024;

/// Text, by its first bytes: some, and none of them a control byte other than tab, line
/// breaks and form feed (binary formats have many in their first kilobyte).
fn looks_like_text(head: &[u8]) -> bool {
    !head.is_empty()
        && head
            .iter()
            .all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
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

/// Is this thread inside `guard`? (For the binary's panic hook.)
pub fn in_guard() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Is this a file `analyse DIR` should pick up?
pub fn is_document(path: &Path) -> bool {
    Format::detect(path, &[]).is_some()
}

/// Read one document. `id` is its path relative to the corpus root.
pub fn ingest(path: &Path, id: &str) -> Result<Document> {
    let bytes = read(path)?;
    from_bytes(path, id, &bytes)
}

/// Read a document's bytes, refusing folders, empty files and files over [`MAX_FILE`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_at_most(path, MAX_FILE)
}

/// Read a document's bytes, refusing folders, empty files and files over `max` bytes (the
/// file-size budget, `--max-file`).
pub fn read_at_most(path: &Path, max: u64) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::ingest(path, e.to_string()))?;
    if meta.is_dir() {
        return Err(Error::ingest(path, "is a folder, not a document"));
    }
    if meta.len() == 0 {
        return Err(Error::ingest(path, "file is empty (0 bytes)"));
    }
    if meta.len() > max {
        return Err(Error::ingest(
            path,
            format!(
                "file is {}, over the file-size budget of {} (--max-file)",
                crate::budget::show_size(meta.len()),
                crate::budget::show_size(max)
            ),
        ));
    }
    std::fs::read(path).map_err(|e| Error::ingest(path, e.to_string()))
}

/// Turn a document's bytes into pages of text (the format is told by content, then by `path`'s
/// extension).
pub fn from_bytes(path: &Path, id: &str, bytes: &[u8]) -> Result<Document> {
    let fail = |r: String| Error::ingest(path, r);
    // Plain text keeps the numbers its pages print; the structured formats have none in the
    // text read from them (a DOCX's page numbers are fields of its footer, laid out by Word).
    let mut plain = false;
    let (markup, encoding, warnings): (String, &'static str, Vec<String>) = match Format::detect(
        path,
        &bytes[..bytes.len().min(HEAD)],
    ) {
        Some(Format::Pdf) => {
            let pdf::Extracted {
                pages,
                labels,
                warnings,
            } = pdf::read(bytes).map_err(fail)?;
            return Ok(Document {
                id: id.to_string(),
                path: path.to_path_buf(),
                pages,
                page_labels: labels,
                encoding: "pdf",
                warnings,
            });
        }
        Some(Format::Text) | Some(Format::Html) => {
            let named_html = Format::detect(path, &[]) == Some(Format::Html);
            // A page's own `<meta charset>` counts when its bytes are not UTF-8.
            let declared = if named_html
                || html::looks_like_html(&String::from_utf8_lossy(&bytes[..bytes.len().min(512)]))
            {
                html::declared_charset(bytes)
            } else {
                None
            };
            let (text, encoding) = text::decode(bytes, declared).map_err(fail)?;
            let head = &text[..text.char_indices().nth(512).map_or(text.len(), |(i, _)| i)];
            let is_html = named_html || html::looks_like_html(head);
            if is_html {
                (
                    html::html(&text),
                    if encoding == "utf-8" {
                        "html"
                    } else {
                        "html (legacy encoding)"
                    },
                    Vec::new(),
                )
            } else {
                plain = true;
                (text, encoding, Vec::new())
            }
        }
        Some(Format::Package) => {
            let kind = office::package_kind(bytes);
            let (text, name) = match kind {
                office::Package::Docx => (guard(|| office::docx(bytes)), "docx"),
                office::Package::Odt => (guard(|| office::odt(bytes)), "odt"),
                office::Package::Spreadsheet => (guard(|| sheet::sheets(bytes)), "spreadsheet"),
                office::Package::Other => return Err(fail("not a DOCX, ODT or spreadsheet (not a readable zip package, or one of another kind)".into())),
            };
            let text = text
                .map_err(|p| fail(format!("the reader failed ({p})")))?
                .map_err(fail)?;
            (text, name, Vec::new())
        }
        Some(Format::Legacy) => {
            let is_sheet = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xls"));
            if !is_sheet {
                return Err(fail(
                    "a Word 97–2003 (.doc) file: save it as DOCX or PDF".into(),
                ));
            }
            let text = guard(|| sheet::sheets(bytes))
                .map_err(|p| fail(format!("the reader failed ({p})")))?
                .map_err(fail)?;
            (text, "spreadsheet", Vec::new())
        }
        None => return Err(fail("unsupported file type".into())),
    };
    if markup.trim().is_empty() {
        return Err(fail("file has no text".into()));
    }
    let pages: Vec<String> = markup.split('\u{000C}').map(str::to_string).collect();
    let page_labels = if plain {
        page_numbers::text_labels(&pages)
    } else {
        vec![None; pages.len()]
    };
    Ok(Document {
        id: id.to_string(),
        path: path.to_path_buf(),
        pages,
        page_labels,
        encoding,
        warnings,
    })
}
