//! PDF: text per page, pure Rust (our own text layer, `pdf_text`, on lopdf's object model),
//! fonts decoded once per document, pages read in parallel.
//!
//! The glyphs `pdf_text` reports, with their positions, are laid out again here: a new line
//! when the baseline moves by half a font size or the text goes back left; a blank line (new
//! paragraph) after a vertical gap of two font sizes; a space after a horizontal gap of a fifth
//! of the font size; a tab after a gap of two font sizes, so that table rows stay on one line with
//! their cells apart (the segmenter reads tab-separated lines as table rows). A glyph drawn out
//! of order — back to the left, or after other lines — that fits a gap of at most two font sizes
//! between two glyphs of a line on its baseline (within a quarter of the font size) joins that
//! line where it belongs (`Pöytäkirja 4/2024 2 (8)` whose `8` is drawn after the `)`); a glyph in
//! a wider gap (the gutter between two cells or columns) starts a line of its own, as before.
//! Tables whose cells wrap, or that are drawn cell by cell, are rebuilt from the glyph
//! positions as one `| a | b |` row per table row (`pdf_rows`: each line keeps its parts when
//! the glyphs are dropped, per page; the tables are rebuilt once the running headers and
//! footers are gone, so that a table, or a row, cut by a page break is read on as one — a row
//! cut in two cites the page it starts on).
//! Words hyphenated across lines are joined later by `analyse::text::normalise`, like every other
//! text.
//!
//! A page cut at the text layer's per-page work limit is reported as a warning.
//!
//! Running headers and footers — lines among the first or last three of a page that recur, digits
//! aside, on at least half of the pages (and at least three) — are removed.
//!
//! Page labels (the number each page prints) come from the catalogue's `/PageLabels` when it has
//! them, else from the short lines of each page's top and bottom bands, read before the running
//! lines are removed (`page_numbers`).
//!
//! A panic inside the PDF libraries becomes an error for that page (or, while loading, for the
//! document); streams may inflate to at most 512 MB per document (every filter chain lopdf could
//! decode — Flate, LZW, ASCII85, PNG predictors — is decoded here under that limit, and images
//! and chains with any other filter are emptied, as are font programs, which the text layer never
//! reads, so lopdf never inflates a page's streams itself; object streams are decoded under the
//! same limit by lopdf's load filter, before lopdf unpacks them, and cross-reference streams are
//! found in the file's bytes and measured first, a heuristic that `#xx`-escaped names can
//! escape; not covered: the object streams of an encrypted file); an encrypted file is opened with
//! the empty user password or reported; a file with pages but no text is reported as a probable
//! scan.

use super::guard;
use super::page_numbers;
use super::pdf_text::{self, GlyphSink};

#[path = "pdf_rows.rs"]
mod rows;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What a PDF gives: the text of each page, the number each page prints (when known), and
/// warnings about what could not be read.
#[derive(Debug)]
pub struct Extracted {
    pub pages: Vec<String>,
    pub labels: Vec<Option<String>>,
    pub warnings: Vec<String>,
}

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    read_limited(bytes, MAX_INFLATED)
}

/// [`read`] with streams inflating to at most `limit` bytes.
fn read_limited(bytes: &[u8], limit: u64) -> Result<Extracted, String> {
    let inflated = AtomicU64::new(0);
    if let Inflate::TooBig = measure_xref_streams(bytes, &inflated, limit) {
        return Err(bomb(limit));
    }
    LOADING.with(|l| {
        *l.borrow_mut() = Some(LoadBudget {
            limit,
            total: inflated.load(Ordering::Relaxed),
            over: false,
        })
    });
    let options = lopdf::LoadOptions::with_filter(bound_object_streams);
    let loaded = guard(|| lopdf::Document::load_mem_with_options(bytes, options));
    let budget = LOADING.with(|l| l.borrow_mut().take());
    if budget.as_ref().is_some_and(|b| b.over) {
        return Err(bomb(limit));
    }
    inflated.store(budget.map_or(0, |b| b.total), Ordering::Relaxed);
    let mut doc = loaded
        .map_err(|p| format!("the PDF reader failed ({p})"))?
        .map_err(|e| format!("not a readable PDF ({e})"))?;
    if doc.is_encrypted() {
        let opened = guard(|| doc.decrypt(""))
            .map(|r| r.is_ok())
            .unwrap_or(false);
        if !opened || doc.is_encrypted() && doc.get_pages().is_empty() {
            return Err("encrypted PDF: it needs a password (an empty one was tried)".into());
        }
    }
    // Font programs and content streams are inflated once here, in parallel, instead of once
    // per page that uses them. Every stream is decoded with a limit, so a decompression bomb is
    // refused instead of filling memory; the streams not decoded here are emptied (`defuse`).
    // Font programs are never read (the text layer needs a font's dictionaries, not its
    // glyph outlines): they are emptied instead of inflated.
    let programs: HashSet<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"FontDescriptor")
        })
        .flat_map(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .into_iter()
                .filter_map(|k| d.get(k).and_then(|o| o.as_reference()).ok())
        })
        .collect();
    let too_big = AtomicBool::new(false);
    doc.objects.par_iter_mut().for_each(|(id, obj)| {
        if let lopdf::Object::Stream(s) = obj {
            if too_big.load(Ordering::Relaxed) {
                return;
            }
            if programs.contains(id) {
                s.set_plain_content(Vec::new());
                return;
            }
            if let Inflate::TooBig = defuse(s, &inflated, limit) {
                too_big.store(true, Ordering::Relaxed);
            }
        }
    });
    if too_big.load(Ordering::Relaxed) {
        return Err(bomb(limit));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    let doc = &doc;
    // Fonts are decoded once for the document, then shared by the pages.
    let fonts = guard(|| pdf_text::Fonts::of(doc))
        .map_err(|p| format!("the PDF's fonts could not be read ({p})"))?;
    let fonts = &fonts;
    #[allow(clippy::type_complexity)]
    let laid_out: Vec<Result<(Vec<Line>, HashMap<i64, usize>, bool), String>> = pages
        .par_iter()
        .map(|(&n, &id)| {
            guard(|| {
                let mut dev = Layout::default();
                let cut = pdf_text::page(doc, fonts, id, &mut dev);
                let lines = dev.finish();
                // Type sizes before tables are rebuilt (their rows are left out of the body
                // size either way); then the glyphs are dropped, only the text and the parts
                // of each line (for the tables) are kept.
                let sizes = size_counts(&lines);
                let mut lines = lines;
                rows::prepare(&mut lines);
                (lines, sizes, cut)
            })
            .map_err(|p| {
                format!("page {n} could not be read (the PDF reader failed: {p}); skipped")
            })
        })
        .collect();
    let mut warnings = Vec::new();
    let mut texts = Vec::with_capacity(laid_out.len());
    let mut cut = Vec::new();
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for (r, n) in laid_out.into_iter().zip(pages.keys()) {
        match r {
            Ok((t, counts, was_cut)) => {
                if was_cut {
                    cut.push(n.to_string());
                }
                for (size, n) in counts {
                    *sizes.entry(size).or_default() += n;
                }
                texts.push(t);
            }
            Err(w) => {
                warnings.push(w);
                texts.push(Vec::new());
            }
        }
    }
    if let Some(w) = cut_warning(&cut) {
        warnings.push(w);
    }
    if texts
        .iter()
        .all(|t| t.iter().all(|l| l.text.trim().is_empty()))
    {
        return Err(if warnings.len() == texts.len() {
            format!(
                "no page could be read ({})",
                warnings.first().map_or("", String::as_str)
            )
        } else {
            "no text layer: the PDF looks like a scanned image; run OCR on it first".into()
        });
    }
    // Labels before the running lines go: the page number is often one of them.
    let labels = guard(|| page_numbers::pdf_page_labels(doc, texts.len()))
        .ok()
        .flatten()
        .unwrap_or_else(|| page_numbers::labels_from_candidates(&number_candidates(&texts)));
    let removed = remove_running_lines(&mut texts);
    if removed > 0 {
        warnings.push(format!("{removed} running header/footer lines removed"));
    }
    // Tables after the running lines are gone: a table that runs to the bottom of a page may
    // go on at the top of the next.
    let texts = rows::rebuild(texts);
    let body = most_common_size(sizes);
    Ok(Extracted {
        pages: texts.iter().map(|t| render(t, body)).collect(),
        labels,
        warnings,
    })
}

/// The warning for pages cut at the per-page work limit (their text after that point is
/// missing), listing at most ten of them.
fn cut_warning(pages: &[String]) -> Option<String> {
    let (first, more) = pages.split_at(pages.len().min(10));
    let list = first.join(", ");
    let more = if more.is_empty() {
        String::new()
    } else {
        format!(" and {} more", more.len())
    };
    match first.len() {
        0 => None,
        1 => Some(format!(
            "page {list}: text cut at the work limit of one page (a content stream too long or too deeply nested); the rest of the page is missing"
        )),
        _ => Some(format!(
            "pages {list}{more}: text cut at the work limit of one page (content streams too long or too deeply nested); the rest of those pages is missing"
        )),
    }
}

/// The page numbers each page may print: its short lines in the top and bottom bands, and the
/// number with its total at either end of such a line (`Pöytäkirja 4/2024 2 (8)`: `2 (8)`).
fn number_candidates(pages: &[Vec<Line>]) -> Vec<Vec<(u64, page_numbers::Style)>> {
    pages
        .iter()
        .map(|p| {
            let mut texts: Vec<String> = Vec::new();
            for l in p.iter().filter(|l| in_margin(l)) {
                let text = l.text.trim();
                let words: Vec<&str> = text.split_whitespace().collect();
                if words.len() > RUNNING_MAX_WORDS {
                    continue;
                }
                texts.push(text.to_string());
                for n in 2..=3.min(words.len().saturating_sub(1)) {
                    for w in [&words[words.len() - n..], &words[..n]] {
                        let w = w.join(" ");
                        if w.contains(['(', '/']) {
                            texts.push(w);
                        }
                    }
                }
            }
            page_numbers::candidates(texts.iter().map(String::as_str))
        })
        .collect()
}

/// Is the line in the top or bottom band where running headers and footers sit?
fn in_margin(line: &Line) -> bool {
    line.at < MARGIN || line.at > 1.0 - MARGIN
}

/// The error of a document whose streams inflate beyond `limit`.
fn bomb(limit: u64) -> String {
    format!(
        "its compressed streams inflate to more than {} MB: refused as a possible decompression bomb",
        limit >> 20
    )
}

/// The inflate budget of the PDF lopdf is loading on this thread, for [`bound_object_streams`]
/// (lopdf's load filter is a plain function, and lopdf loads on the calling thread).
struct LoadBudget {
    limit: u64,
    total: u64,
    over: bool,
}

thread_local! {
    static LOADING: std::cell::RefCell<Option<LoadBudget>> = const { std::cell::RefCell::new(None) };
}

/// lopdf's load filter: an object stream (`/Type /ObjStm`) is decoded here under the
/// document's limit ([`defuse`]) before lopdf unpacks it, which it would do without a limit;
/// one over the limit is dropped and the load marked as a bomb. lopdf ignores what the filter
/// returns for the file's own objects and keeps it for the objects unpacked from an object
/// stream, which are never streams. Not reached: the object streams of an encrypted file, which
/// lopdf decrypts and unpacks without the filter.
fn bound_object_streams(
    id: lopdf::ObjectId,
    obj: &mut lopdf::Object,
) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    let lopdf::Object::Stream(s) = obj else {
        return Some((id, obj.clone()));
    };
    if s.dict.has_type(b"ObjStm") {
        let within = LOADING.with(|l| {
            let mut l = l.borrow_mut();
            let Some(b) = l.as_mut() else {
                return true;
            };
            let total = AtomicU64::new(b.total);
            let over = matches!(defuse(s, &total, b.limit), Inflate::TooBig);
            b.total = total.load(Ordering::Relaxed);
            b.over |= over;
            !over
        });
        if !within {
            return None;
        }
    }
    Some((id, lopdf::Object::Null))
}

/// lopdf also inflates cross-reference streams (`/Type /XRef`) while it reads the file's
/// cross-reference sections, before any filter runs and without a limit. So they are found in
/// the file's bytes first (a stream never sits inside another stream, so these show in the raw
/// file) and decoded here under the document's limit, with the filters their dictionary names
/// that lopdf would run (the decoded bytes are dropped and counted against `total`). `TooBig`
/// when they take the document over the limit. A heuristic reading of raw bytes: a name or
/// filter written with `#xx` escapes, a dictionary holding the letters `obj` in a key, or
/// stream data holding `endstream`, escapes it.
fn measure_xref_streams(bytes: &[u8], total: &AtomicU64, limit: u64) -> Inflate {
    const WINDOW: usize = 64 << 10;
    // Every search below goes forward from where the last one ended, so a file full of these
    // names (or of `/` alone) is still read in one pass.
    let mut stream = NextOf::new(bytes, b"stream");
    let mut endobj = NextOf::new(bytes, b"endobj");
    let mut endstream = NextOf::new(bytes, b"endstream");
    let (mut at, mut last_end) = (0, 0);
    while let Some(off) = bytes[at..].iter().position(|&b| b == b'/') {
        let name_at = at + off;
        at = name_at + 1;
        let rest = &bytes[at..];
        if !rest.starts_with(b"XRef") || rest.get(4).is_some_and(u8::is_ascii_alphanumeric) {
            continue; // not the name, or `/XRefStm`, a trailer key
        }
        // The stream keyword that ends this dictionary, before the object ends.
        let Some(kw) = stream.from(at).filter(|&k| k - at <= WINDOW) else {
            continue;
        };
        if endobj.from(at).is_some_and(|e| e < kw) {
            continue;
        }
        let back = name_at.saturating_sub(WINDOW).max(last_end);
        let dict_from = back
            + bytes[back..name_at]
                .windows(3)
                .rposition(|w| w == b"obj")
                .unwrap_or(0);
        let filters = named_filters(&bytes[dict_from..kw]);
        let mut start = kw + b"stream".len();
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let end = endstream.from(start).unwrap_or(bytes.len());
        (at, last_end) = (end, end);
        if filters.is_empty() {
            continue;
        }
        let dict = lopdf::Dictionary::from_iter([(
            "Filter",
            lopdf::Object::Array(filters.into_iter().map(lopdf::Object::Name).collect()),
        )]);
        let mut s = lopdf::Stream::new(dict, bytes[start..end].to_vec());
        if let Inflate::TooBig = inflate_bounded(&mut s, total, limit) {
            return Inflate::TooBig;
        }
    }
    Inflate::Done
}

/// The next occurrence of a keyword at or after a position that only grows: the last answer
/// is kept while it still lies ahead, so the file is searched once.
struct NextOf<'a> {
    hay: &'a [u8],
    needle: &'static [u8],
    /// The last answer and the position it was searched from.
    last: Option<(usize, Option<usize>)>,
}

impl<'a> NextOf<'a> {
    fn new(hay: &'a [u8], needle: &'static [u8]) -> Self {
        NextOf {
            hay,
            needle,
            last: None,
        }
    }

    fn from(&mut self, from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.last
            && searched <= from
            && found.is_none_or(|p| p >= from)
        {
            return found;
        }
        let found = self
            .hay
            .get(from..)?
            .windows(self.needle.len())
            .position(|w| w == self.needle)
            .map(|p| from + p);
        self.last = Some((from, found));
        found
    }
}

/// The filters of a stream dictionary's `/Filter` (a name or an array of names) that lopdf
/// would run: the chain up to the first one it cannot decode (it inflates the stages before
/// that one, then fails).
fn named_filters(dict: &[u8]) -> Vec<Vec<u8>> {
    let Some(f) = dict.windows(7).position(|w| w == b"/Filter") else {
        return Vec::new();
    };
    let value = dict[f + 7..].trim_ascii_start();
    let value = match value.first() {
        Some(b'[') => &value[1..value.iter().position(|&b| b == b']').unwrap_or(value.len())],
        Some(b'/') => {
            let end = value[1..]
                .iter()
                .position(|&b| b == b'/' || b == b'>' || b == b'[' || b.is_ascii_whitespace())
                .map_or(value.len(), |e| e + 1);
            &value[..end]
        }
        _ => return Vec::new(),
    };
    value
        .split(|&b| b == b'/' || b.is_ascii_whitespace())
        .filter(|n| !n.is_empty())
        .take_while(|n| matches!(*n, b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode"))
        .map(<[u8]>::to_vec)
        .collect()
}

/// Most bytes all the streams of one PDF may inflate to.
const MAX_INFLATED: u64 = 512 * 1024 * 1024;

enum Inflate {
    /// Decoded in place (or not compressed at all).
    Done,
    /// Its decoded bytes would take the document over the limit.
    TooBig,
    /// A filter lopdf cannot decode either (DCT, CCITT, JBIG2, RunLength, ASCIIHex, …) somewhere
    /// in the chain: left as is by [`inflate_bounded`] (and emptied by [`defuse`]).
    Unsupported,
}

/// Leave a stream so that lopdf never inflates it without a limit: decoded here under the limit
/// ([`inflate_bounded`]), or emptied. Emptied are images (`/Subtype /Image`: not text, and the
/// key does not stop lopdf from inflating the stream when a page names it as its `/Contents`)
/// and chains with a filter neither lopdf nor this module decodes (lopdf would inflate the
/// Flate stages before such a filter, without a limit, only to fail on it and use the raw
/// bytes). Returns `TooBig` when the document goes over the limit, else `Done`.
fn defuse(s: &mut lopdf::Stream, total: &AtomicU64, limit: u64) -> Inflate {
    let image = s
        .dict
        .get(b"Subtype")
        .and_then(|o| o.as_name())
        .is_ok_and(|n| n == b"Image");
    let outcome = if image {
        Inflate::Unsupported
    } else {
        inflate_bounded(s, total, limit)
    };
    match outcome {
        Inflate::TooBig => Inflate::TooBig,
        Inflate::Done => Inflate::Done,
        Inflate::Unsupported => {
            s.set_plain_content(Vec::new());
            Inflate::Done
        }
    }
}

/// Decode a stream's filter chain in place (Flate, LZW, ASCII85, with PNG predictors: the
/// filters lopdf itself would decode), counting every stage's output against `total`, so that
/// lopdf never decodes it again without a limit. A stream that is corrupt beyond what lopdf
/// would read is left empty.
fn inflate_bounded(s: &mut lopdf::Stream, total: &AtomicU64, limit: u64) -> Inflate {
    use lopdf::Object;
    let filters: Vec<Vec<u8>> = match s.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => match a.iter().map(|o| o.as_name().map(<[u8]>::to_vec)).collect() {
            Ok(f) => f,
            Err(_) => return Inflate::Unsupported,
        },
        _ => return Inflate::Done,
    };
    if filters.is_empty() {
        return Inflate::Done;
    }
    if !filters.iter().all(|f| {
        matches!(
            f.as_slice(),
            b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode"
        )
    }) {
        return Inflate::Unsupported;
    }
    // Parameters: one dictionary (lopdf applies it to every stage) or one entry per filter.
    let params = |i: usize| -> Option<lopdf::Dictionary> {
        match s.dict.get(b"DecodeParms") {
            Ok(Object::Dictionary(d)) => Some(d.clone()),
            Ok(Object::Array(a)) => a.get(i).and_then(|o| o.as_dict().ok()).cloned(),
            _ => None,
        }
    };
    let params: Vec<Option<lopdf::Dictionary>> = (0..filters.len()).map(params).collect();
    let mut data = std::mem::take(&mut s.content);
    for (filter, params) in filters.iter().zip(&params) {
        let left = limit.saturating_sub(total.load(Ordering::Relaxed));
        let decoded = match filter.as_slice() {
            b"FlateDecode" => inflate_flate(&data, left),
            b"LZWDecode" => {
                let early = params
                    .as_ref()
                    .and_then(|p| p.get(b"EarlyChange").and_then(Object::as_i64).ok())
                    .is_none_or(|v| v != 0);
                lzw_decode(&data, early, left)
            }
            // At most four bytes per input byte (`z`), so bounded by the input; counted after.
            _ => Ok(lopdf::Stream::new(
                lopdf::Dictionary::from_iter([("Filter", Object::Name(b"ASCII85Decode".to_vec()))]),
                data,
            )
            .decompressed_content()
            .unwrap_or_default()),
        };
        let Ok(out) = decoded else {
            return Inflate::TooBig;
        };
        if total.fetch_add(out.len() as u64, Ordering::Relaxed) + out.len() as u64 > limit {
            return Inflate::TooBig;
        }
        data = if filter.as_slice() == b"ASCII85Decode" {
            out
        } else {
            predict(out, params.as_ref())
        };
    }
    s.set_plain_content(data);
    Inflate::Done
}

/// Inflate zlib data to at most `left + 1` bytes (`Err` beyond `left`). Like lopdf, a stream
/// that fails keeps what was inflated before the error, and one that fails at once is retried
/// as raw deflate (a broken zlib header or checksum).
fn inflate_flate(input: &[u8], left: u64) -> Result<Vec<u8>, ()> {
    let mut out = Vec::new();
    let read = flate2::read::ZlibDecoder::new(input)
        .take(left + 1)
        .read_to_end(&mut out);
    if read.is_err() && out.is_empty() && input.len() > 2 {
        out.clear();
        let _ = flate2::read::DeflateDecoder::new(&input[2..])
            .take(left + 1)
            .read_to_end(&mut out);
    }
    if out.len() as u64 > left {
        return Err(());
    }
    Ok(out)
}

/// PDF LZW: codes of 9 to 12 bits, most significant bit first, 256 = clear table, 257 = end;
/// with `early` (EarlyChange 1, the default) the code width grows one code early. Decoding stops
/// at the end code, at the end of the data or at a code that is not in the table (keeping what
/// came before, as lopdf does). `Err` when the output would exceed `left` bytes.
fn lzw_decode(input: &[u8], early: bool, left: u64) -> Result<Vec<u8>, ()> {
    const CLEAR: usize = 256;
    const END: usize = 257;
    const FIRST: usize = 258;
    const MAX_CODES: usize = 4096;
    let mut out: Vec<u8> = Vec::new();
    // An entry is a range of `out`: the previous string and the first byte of the next one,
    // which were written one after the other.
    let mut table: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<(usize, usize)> = None;
    let mut width = 9;
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut bytes = input.iter();
    loop {
        while bits < width {
            let Some(&b) = bytes.next() else {
                return Ok(out);
            };
            acc = (acc << 8) | u32::from(b);
            bits += 8;
        }
        let code = ((acc >> (bits - width)) & ((1 << width) - 1)) as usize;
        bits -= width;
        if code == CLEAR {
            table.clear();
            prev = None;
            width = 9;
            continue;
        }
        if code == END {
            return Ok(out);
        }
        let start = out.len();
        let len = if code < CLEAR {
            out.push(code as u8);
            1
        } else if let Some(&(s, l)) = table.get(code - FIRST) {
            if (start + l) as u64 > left {
                return Err(());
            }
            out.extend_from_within(s..s + l);
            l
        } else if let (true, Some((s, l))) = (code - FIRST == table.len(), prev) {
            // The code being defined: the previous string and its own first byte.
            if (start + l + 1) as u64 > left {
                return Err(());
            }
            out.extend_from_within(s..s + l);
            out.push(out[s]);
            l + 1
        } else {
            return Ok(out);
        };
        if out.len() as u64 > left {
            return Err(());
        }
        if let Some((s, l)) = prev {
            if FIRST + table.len() < MAX_CODES {
                table.push((s, l + 1));
            }
        }
        prev = Some((start, len));
        let next = FIRST + table.len() + usize::from(early);
        width = match next {
            ..512 => 9,
            512..1024 => 10,
            1024..2048 => 11,
            _ => 12,
        };
    }
}

/// Undo a PNG predictor (`Predictor` 10–15), as lopdf does; other predictors are left, as lopdf
/// leaves them. The output is never longer than the input; a row wider than the data (which
/// lopdf would allocate before failing) or a broken row gives an empty stream.
fn predict(data: Vec<u8>, params: Option<&lopdf::Dictionary>) -> Vec<u8> {
    use lopdf::Object;
    let Some(p) = params else {
        return data;
    };
    let get = |k: &[u8]| p.get(k).and_then(Object::as_i64).ok();
    if !get(b"Predictor").is_some_and(|v| (10..=15).contains(&v)) {
        return data;
    }
    let positive = |v: Option<i64>, min: i64| v.unwrap_or(min).max(min) as u64;
    let columns = positive(get(b"Columns"), 1);
    let colors = positive(get(b"Colors"), 1);
    let bits = positive(get(b"BitsPerComponent"), 8).max(8);
    let pixel = colors.saturating_mul(bits) / 8;
    let row = pixel.saturating_mul(columns);
    if data.is_empty() || row >= data.len() as u64 {
        return Vec::new();
    }
    lopdf::filters::png::decode_frame(&data, pixel as usize, columns as usize).unwrap_or_default()
}

/// One glyph as the text layer reports it, in page coordinates with y growing downwards.
#[derive(Clone, Copy)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
}

/// A glyph kept on its line: where it starts and ends (its end moved on over the spaces drawn
/// after it), its size, and its text as a range of the line's buffer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub x: f64,
    pub end: f64,
    pub size: f64,
    at: u32,
    len: u16,
    /// A space glyph was drawn after it.
    pub space_after: bool,
}

/// A laid-out line: its text, its baseline as a share of the page height (0 = top), and whether
/// a paragraph break comes before it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub text: String,
    pub at: f64,
    pub break_before: bool,
    /// Largest font size on the line.
    pub size: f64,
    /// Baseline in page units (y growing downwards).
    pub y: f64,
    /// The line's glyphs in reading order (kept until tables are rebuilt, then dropped).
    pub glyphs: Vec<Placed>,
    /// The glyphs' texts.
    buf: String,
    /// The line's parts, split at gaps wide enough to part two table cells (kept for the
    /// table search when the glyphs are dropped).
    parts: Vec<rows::Part>,
}

impl Line {
    fn new(at: f64, y: f64, break_before: bool, size: f64) -> Self {
        Line {
            text: String::new(),
            at,
            break_before,
            size,
            y,
            glyphs: Vec::new(),
            buf: String::new(),
            parts: Vec::new(),
        }
    }

    /// A line of text only (tests, rebuilt table rows).
    pub(super) fn of_text(text: String, at: f64, y: f64, break_before: bool, size: f64) -> Self {
        Line {
            text,
            ..Line::new(at, y, break_before, size)
        }
    }

    /// The text of one glyph.
    pub(super) fn glyph_text(&self, g: &Placed) -> &str {
        let at = g.at as usize;
        self.buf.get(at..at + g.len as usize).unwrap_or("")
    }

    /// Put a glyph at `index` of the line.
    fn insert(&mut self, index: usize, g: &Glyph, ch: &str) {
        let at = u32::try_from(self.buf.len()).unwrap_or(u32::MAX);
        let text = ch.get(..ch.len().min(u16::MAX as usize)).unwrap_or("");
        self.buf.push_str(text);
        self.glyphs.insert(
            index.min(self.glyphs.len()),
            Placed {
                x: g.x,
                end: g.end,
                size: g.size,
                at,
                len: text.len() as u16,
                space_after: false,
            },
        );
        self.size = self.size.max(g.size);
    }

    /// The text from the glyphs: a space after a gap of a fifth of the font size (or a space
    /// glyph), a tab after a gap of two font sizes.
    fn render_text(&mut self) {
        let mut text = String::with_capacity(self.buf.len() + self.glyphs.len() / 4);
        for (i, g) in self.glyphs.iter().enumerate() {
            if i > 0 {
                let prev = &self.glyphs[i - 1];
                let size = prev.size.max(g.size);
                let gap = g.x - prev.end;
                if gap > size * 2.0 {
                    text.push('\t');
                } else if prev.space_after || gap > size * 0.2 {
                    text.push(' ');
                }
            }
            text.push_str(self.glyph_text(g));
        }
        self.text = text;
    }

    /// Where a glyph drawn out of order fits into a narrow gap between two glyphs of the line
    /// without overlapping either (`None` when it does not fall inside the line, would overlap,
    /// or the gap is wider than two font sizes).
    fn gap_for(&self, g: &Glyph) -> Option<usize> {
        let tol = g.size * 0.15;
        let i = self.glyphs.partition_point(|p| p.x < g.x);
        let (a, b) = (self.glyphs.get(i.checked_sub(1)?)?, self.glyphs.get(i)?);
        // A narrow gap only (a word's or a word space's): a glyph drawn into the gutter between
        // two cells is a line of its own, as before.
        let narrow = b.x - a.end <= g.size.max(a.size) * 2.0;
        let near_end = self.glyphs.len() - i <= MAX_SHIFT;
        (narrow && near_end && a.end - tol <= g.x && g.end <= b.x + tol).then_some(i)
    }
}

/// Lays glyphs out as lines of text.
#[derive(Default)]
struct Layout {
    height: f64,
    lines: Vec<Line>,
    last: Option<Glyph>,
    /// The line and index of the last glyph placed.
    cur: Option<(usize, usize)>,
    pending_space: bool,
}

/// Lines searched back for one whose baseline a glyph drawn out of order shares.
const SAME_BASELINE_LOOKBACK: usize = 64;
/// Most glyphs a glyph inserted into a line may move: text drawn out of order is joined near a
/// line's end (a page number, a cell), and a hostile page that draws a long line twice over costs
/// linear time, not quadratic (the rest starts lines of its own).
const MAX_SHIFT: usize = 256;

impl Layout {
    fn finish(mut self) -> Vec<Line> {
        for l in &mut self.lines {
            l.render_text();
        }
        self.lines
    }

    /// A line of the page on the glyph's baseline (within a quarter of the font size) with a
    /// gap the glyph fits in: glyphs of one line drawn in another order (a page number drawn
    /// after the total) join it instead of starting a line of their own.
    fn same_baseline(&self, g: &Glyph) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .enumerate()
            .rev()
            .take(SAME_BASELINE_LOOKBACK)
            .filter(|(_, l)| (l.y - g.y).abs() <= l.size.max(g.size) * 0.25)
            .find_map(|(i, l)| l.gap_for(g).map(|at| (i, at)))
    }
}

/// Heading level of a line set in a larger type than the body text (`body` = the document's
/// most common size): short, without table gaps, not ending a sentence.
fn heading_level(l: &Line, body: f64) -> Option<usize> {
    let ratio = l.size / body;
    let text = l.text.trim();
    let words = text.split_whitespace().count();
    if ratio < 1.15
        || words == 0
        || words > 12
        || text.contains('\t')
        || text.starts_with('|')
        || text.ends_with('.')
        || !text.chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some(if ratio >= 1.6 {
        1
    } else if ratio >= 1.3 {
        2
    } else {
        3
    })
}

/// Page text from its lines: a blank line marks a paragraph break; lines in a larger type become
/// `#` headings.
fn render(lines: &[Line], body: f64) -> String {
    let mut out = String::new();
    let mut after_heading = false;
    for (i, l) in lines.iter().enumerate() {
        let heading = heading_level(l, body);
        if i > 0 {
            out.push_str(if l.break_before || heading.is_some() || after_heading {
                "\n\n"
            } else {
                "\n"
            });
        }
        if let Some(level) = heading {
            out.push_str(&"#".repeat(level));
            out.push(' ');
        }
        out.push_str(&l.text);
        after_heading = heading.is_some();
    }
    out
}

/// The size most of the document's running text is set in (by characters, to the half point;
/// table rows left out, their type is often smaller).
#[cfg(test)]
fn body_size(pages: &[Vec<Line>]) -> f64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for p in pages {
        for (size, n) in size_counts(p) {
            *counts.entry(size).or_default() += n;
        }
    }
    most_common_size(counts)
}

/// Characters per type size (in half points) of a page's lines that are not table rows.
fn size_counts(lines: &[Line]) -> HashMap<i64, usize> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for l in lines.iter().filter(|l| !l.text.contains('\t')) {
        *counts.entry((l.size * 2.0).round() as i64).or_default() += l.text.chars().count();
    }
    counts
}

/// The most common size of [`size_counts`] (the smaller on a tie; 10 when there is none).
fn most_common_size(counts: HashMap<i64, usize>) -> f64 {
    counts
        .into_iter()
        .max_by_key(|(size, n)| (*n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
}

impl GlyphSink for Layout {
    fn begin_page(&mut self, height: f64) {
        self.height = height.max(1.0);
    }
    fn glyph(&mut self, trm: &[f64; 6], width: f64, font_size: f64, ch: &str) {
        // The text rendering matrix scales the font size; its effective size is the geometric
        // mean of the scaled unit square's sides.
        let vx = font_size * (trm[0] + trm[2]);
        let vy = font_size * (trm[1] + trm[3]);
        let size = (vx * vy).abs().sqrt().max(1.0);
        let g = Glyph {
            x: trm[4],
            y: self.height - trm[5],
            end: trm[4] + width * size,
            size,
        };
        if ch.chars().all(char::is_whitespace) {
            self.pending_space = true;
            if let Some(last) = &mut self.last {
                last.end = last.end.max(g.end);
            }
            if let Some((l, i)) = self.cur {
                if let Some(p) = self.lines.get_mut(l).and_then(|l| l.glyphs.get_mut(i)) {
                    p.end = p.end.max(g.end);
                    p.space_after = true;
                }
            }
            return;
        }
        let place = match (&self.last, self.cur) {
            (Some(last), Some((l, i))) => {
                let dy = g.y - last.y;
                let size = last.size.max(g.size);
                if dy.abs() > size * 0.5 || g.x < last.x - size * 0.5 {
                    // A new line, unless the glyph fills a gap of a line on its baseline.
                    match self.same_baseline(&g) {
                        Some(at) => at,
                        None => {
                            let break_before = dy > size * 1.7 || dy < -size * 2.0;
                            self.new_line(&g, break_before)
                        }
                    }
                } else {
                    // After the last glyph placed, and after any glyph of the line it passes.
                    let line = self.lines.get(l).map_or(&[][..], |x| &x.glyphs[..]);
                    let mut at = i + 1;
                    while line.get(at).is_some_and(|p| p.x < g.x) {
                        at += 1;
                    }
                    if line.len().saturating_sub(at) > MAX_SHIFT {
                        self.new_line(&g, false)
                    } else {
                        (l, at)
                    }
                }
            }
            _ => self.new_line(&g, false),
        };
        self.pending_space = false;
        if let Some(line) = self.lines.get_mut(place.0) {
            line.insert(place.1, &g, ch);
            self.cur = Some((place.0, place.1.min(line.glyphs.len() - 1)));
        }
        self.last = Some(g);
    }
}

impl Layout {
    /// Open a new line for `g`: where its first glyph goes.
    fn new_line(&mut self, g: &Glyph, break_before: bool) -> (usize, usize) {
        self.lines.push(Line::new(
            (g.y / self.height).clamp(0.0, 1.0),
            g.y,
            break_before,
            g.size,
        ));
        (self.lines.len() - 1, 0)
    }
}

/// Running headers and footers sit in this share of the page at its top or bottom.
const MARGIN: f64 = 0.12;
/// Running lines are short.
const RUNNING_MAX_WORDS: usize = 10;

/// A line with its numbers masked (`Sivu 12 / 158` → `Sivu # / #`), if it is in the top or
/// bottom margin and short enough to be a running line.
fn running_key(line: &Line) -> Option<String> {
    let text = line.text.trim();
    if !in_margin(line) || text.is_empty() || text.split_whitespace().count() > RUNNING_MAX_WORDS {
        return None;
    }
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    Some(key)
}

/// Remove margin lines that recur on at least half of the pages (and at least three), numbers
/// aside. Returns how many were removed.
fn remove_running_lines(pages: &mut [Vec<Line>]) -> usize {
    if pages.len() < 3 {
        return 0;
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<String> = p.iter().filter_map(running_key).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let min = (pages.len() / 2).max(3);
    counts.retain(|_, n| *n >= min);
    let mut removed = 0;
    for p in pages.iter_mut() {
        let before = p.len();
        p.retain(|l| !running_key(l).is_some_and(|k| counts.contains_key(&k)));
        removed += before - p.len();
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::{
        Inflate, Line, body_size, defuse, inflate_bounded, lzw_decode, measure_xref_streams,
        named_filters, read_limited, remove_running_lines, render,
    };
    use lopdf::{Dictionary, Object, Stream};
    use std::io::Write;
    use std::sync::atomic::AtomicU64;

    /// Pack LZW codes (9 to 12 bits, MSB first) with the widths a decoder with EarlyChange 1
    /// reads them at: the width grows with the table, which gains one entry per code after the
    /// first one following a clear.
    fn lzw_pack(codes: &[u16]) -> Vec<u8> {
        let (mut out, mut acc, mut bits) = (Vec::new(), 0u64, 0u32);
        let mut since_clear = 0usize;
        for &c in codes {
            let entries = since_clear.saturating_sub(1).min(4096 - 258);
            let width = match 258 + entries + 1 {
                ..512 => 9,
                512..1024 => 10,
                1024..2048 => 11,
                _ => 12,
            };
            acc = (acc << width) | u64::from(c);
            bits += width;
            while bits >= 8 {
                out.push((acc >> (bits - 8)) as u8);
                bits -= 8;
            }
            since_clear = if c == 256 { 0 } else { since_clear + 1 };
        }
        if bits > 0 {
            out.push((acc << (8 - bits)) as u8);
        }
        out
    }

    /// `bytes` as literal codes (valid LZW, no compression), clearing before the table grows.
    fn lzw_literal(bytes: &[u8]) -> Vec<u8> {
        let mut codes = Vec::new();
        for chunk in bytes.chunks(200) {
            codes.push(256);
            codes.extend(chunk.iter().map(|&b| u16::from(b)));
        }
        codes.push(257);
        lzw_pack(&codes)
    }

    /// An LZW bomb: each code repeats the previous string plus one byte, so `n` codes give
    /// n(n+1)/2 zero bytes.
    fn lzw_zeros(n: u16) -> Vec<u8> {
        let mut codes = vec![256, 0];
        codes.extend((0..n - 1).map(|i| 258 + i));
        codes.push(257);
        lzw_pack(&codes)
    }

    fn stream(filter: &str, params: Option<Dictionary>, content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        if !filter.is_empty() {
            dict.set("Filter", Object::Name(filter.as_bytes().to_vec()));
        }
        if let Some(p) = params {
            dict.set("DecodeParms", Object::Dictionary(p));
        }
        Stream::new(dict, content)
    }

    #[test]
    fn lzw_decodes_the_reference_example_and_stops_at_the_limit() {
        // PDF Reference, LZWDecode: `-----A---B` is coded 80 0B 60 50 22 0C 0C 85 01.
        let coded = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(lzw_decode(&coded, true, 100).unwrap(), b"-----A---B");
        assert!(lzw_decode(&coded, true, 9).is_err());
        let text = "Liikuntapaikkoja kunnostetaan. ".repeat(40);
        assert_eq!(
            lzw_decode(&lzw_literal(text.as_bytes()), true, 1 << 20).unwrap(),
            text.as_bytes()
        );
        // 2 000 codes, 2 MB of zeros, from 3 KB.
        let bomb = lzw_zeros(2000);
        assert!(bomb.len() < 4 << 10, "{}", bomb.len());
        assert_eq!(
            lzw_decode(&bomb, true, 4 << 20).unwrap().len(),
            2000 * 2001 / 2
        );
        assert!(lzw_decode(&bomb, true, 1 << 20).is_err());
    }

    #[test]
    fn lzw_and_predictor_streams_inflate_within_the_limit() {
        let mut lzw = stream("LZWDecode", None, lzw_zeros(2000));
        assert!(matches!(
            inflate_bounded(&mut lzw, &AtomicU64::new(0), 1 << 20),
            Inflate::TooBig
        ));
        // Flate with a PNG predictor (rows of 100 bytes, each after a filter byte 0): lopdf
        // inflated these without a limit.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![0u8; 101 * 40_000]).unwrap();
        let mut params = Dictionary::new();
        params.set("Predictor", 12);
        params.set("Columns", 100);
        let packed = z.finish().unwrap();
        let mut bomb = stream("FlateDecode", Some(params.clone()), packed.clone());
        assert!(matches!(
            inflate_bounded(&mut bomb, &AtomicU64::new(0), 1 << 20),
            Inflate::TooBig
        ));
        let mut ok = stream("FlateDecode", Some(params), packed);
        assert!(matches!(
            inflate_bounded(&mut ok, &AtomicU64::new(0), 8 << 20),
            Inflate::Done
        ));
        assert_eq!(ok.content.len(), 100 * 40_000);
        assert!(ok.dict.get(b"Filter").is_err() && ok.dict.get(b"DecodeParms").is_err());
        // A predictor row wider than the data is not allocated.
        let mut wide = Dictionary::new();
        wide.set("Predictor", 12);
        wide.set("Columns", i64::MAX);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"\x00abc").unwrap();
        let mut s = stream("FlateDecode", Some(wide), z.finish().unwrap());
        assert!(matches!(
            inflate_bounded(&mut s, &AtomicU64::new(0), 1 << 20),
            Inflate::Done
        ));
        assert!(s.content.is_empty());
        // Filters lopdf cannot decode either are left alone.
        let mut dct = stream("DCTDecode", None, vec![1, 2, 3]);
        assert!(matches!(
            inflate_bounded(&mut dct, &AtomicU64::new(0), 1 << 20),
            Inflate::Unsupported
        ));
    }

    /// A one-page PDF whose content stream is `content` under `filter`.
    fn pdf_with_content(filter: &str, content: Vec<u8>) -> Vec<u8> {
        pdf_with_pages(filter, vec![content])
    }

    /// A PDF of A4 pages with these content streams, in Helvetica as `/F1`.
    fn pdf_with_pages(filter: &str, contents: Vec<Vec<u8>>) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type1".to_vec()));
        font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
        font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        let font_id = doc.add_object(Object::Dictionary(font));
        let mut fonts = Dictionary::new();
        fonts.set("F1", Object::Reference(font_id));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Dictionary(fonts));
        let mut kids = Vec::new();
        for content in contents {
            let content_id = doc.add_object(Object::Stream(stream(filter, None, content)));
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference(pages_id));
            page.set("Contents", Object::Reference(content_id));
            page.set("Resources", Object::Dictionary(resources.clone()));
            page.set(
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
            );
            kids.push(Object::Reference(doc.add_object(Object::Dictionary(page))));
        }
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", kids.len() as i64);
        pages.set("Kids", Object::Array(kids));
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        let catalog_id = doc.add_object(Object::Dictionary(catalog));
        doc.trailer.set("Root", Object::Reference(catalog_id));
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_table_row_cut_by_a_page_break_is_read_as_one_past_the_running_lines() {
        // Three pages with a running header and footer; page 1 ends in a table whose last row
        // goes on at the top of page 2, under the running header, and a new row follows.
        let page = |body: &str, n: usize| {
            format!(
                "BT /F1 10 Tf 72 820 Td (Talousarvio 2026) Tj ET {body} BT /F1 10 Tf 72 30 Td (Sivu {n}) Tj ET"
            )
            .into_bytes()
        };
        let row = |y: u32, a: &str, b: &str| {
            format!("BT /F1 12 Tf 72 {y} Td ({a}) Tj 228 0 Td ({b}) Tj ET ")
        };
        let pdf = pdf_with_pages(
            "",
            vec![
                page(
                    &(row(700, "Tavoite", "Mittari")
                        + &row(686, "Liikunta lisaantyy", "Kavijoita")),
                    1,
                ),
                page(
                    &(row(740, "kylissa.", "500 vuodessa.")
                        + &row(726, "Kirjasto uudistuu.", "Lainoja 10 000.")),
                    2,
                ),
                page("BT /F1 12 Tf 72 700 Td (Loppu.) Tj ET", 3),
            ],
        );
        let pages = read_limited(&pdf, 1 << 20).unwrap().pages;
        assert_eq!(
            pages[0],
            "| Tavoite | Mittari |\n| Liikunta lisaantyy kylissa. | Kavijoita 500 vuodessa. |"
        );
        assert_eq!(
            pages[1],
            format!(
                "{}\n| Kirjasto uudistuu. | Lainoja 10 000. |",
                crate::segment::TABLE_CONTINUES
            )
        );
        assert_eq!(pages[2], "Loppu.");
    }

    #[test]
    fn a_pdf_with_lzw_content_is_read_and_an_lzw_bomb_refused() {
        let text = b"BT /F1 12 Tf 72 700 Td (Liikuntapaikkoja kunnostetaan) Tj ET";
        let pdf = pdf_with_content("LZWDecode", lzw_literal(text));
        assert!(pdf.len() < 10 << 10);
        let pages = read_limited(&pdf, 1 << 20).unwrap().pages;
        assert!(
            pages[0].contains("Liikuntapaikkoja kunnostetaan"),
            "{pages:?}"
        );

        let bomb = pdf_with_content("LZWDecode", lzw_zeros(2000));
        assert!(bomb.len() < 10 << 10);
        let err = read_limited(&bomb, 1 << 20).unwrap_err();
        assert!(err.contains("decompression bomb"), "{err}");
    }

    fn flate_stream(bytes: &[u8]) -> lopdf::Stream {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(bytes).unwrap();
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        lopdf::Stream::new(dict, z.finish().unwrap())
    }

    /// A PDF of one page ("Liikunta") whose extra object 5 is `fifth` (a stream dictionary and
    /// its data); with `xref_stream`, object 5 is the cross-reference section itself
    /// (`startxref` points at it), else a classic table lists it.
    fn pdf_with_fifth(fifth: &[u8], xref_stream: bool) -> Vec<u8> {
        let content = b"BT /F1 12 Tf 72 700 Td (Liikunta) Tj ET";
        let objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>".to_vec(),
            [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
            fifth.to_vec(),
        ];
        let mut out = b"%PDF-1.5\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        let start = if xref_stream {
            offsets[4]
        } else {
            let at = out.len();
            out.extend(b"xref\n0 6\n0000000000 65535 f \n");
            for o in &offsets {
                out.extend(format!("{o:010} 00000 n \n").as_bytes());
            }
            out.extend(b"trailer\n<< /Size 6 /Root 1 0 R >>\n");
            at
        };
        out.extend(format!("startxref\n{start}\n%%EOF\n").as_bytes());
        out
    }

    /// A Flate stream object of `dict` entries whose data inflate to `bytes`.
    fn flate_object(dict: &str, bytes: &[u8]) -> Vec<u8> {
        let data = flate_stream(bytes).content;
        [
            format!(
                "<< {dict} /Filter /FlateDecode /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
            &data,
            b"\nendstream",
        ]
        .concat()
    }

    #[test]
    fn object_and_cross_reference_streams_are_measured_before_lopdf_inflates_them() {
        // A well-formed file with both: read, and their bytes counted.
        let mut doc = lopdf::Document::load_mem(&pdf_with_content(
            "",
            b"BT /F1 12 Tf 72 700 Td (Liikuntapaikkoja kunnostetaan) Tj ET".to_vec(),
        ))
        .unwrap();
        let mut modern = Vec::new();
        doc.save_modern(&mut modern).unwrap();
        assert!(modern.windows(7).any(|w| w == b"/ObjStm"));
        assert!(modern.windows(5).any(|w| w == b"/XRef"));
        assert!(matches!(
            measure_xref_streams(&modern, &AtomicU64::new(0), 1 << 20),
            Inflate::Done
        ));
        let pages = read_limited(&modern, 1 << 20).unwrap().pages;
        assert!(pages[0].contains("Liikuntapaikkoja"), "{pages:?}");

        // The same page beside a harmless object stream, then beside bombs of each kind: 4 MB
        // of zeros against a 1 MB limit. lopdf would inflate them while loading the file.
        let harmless = flate_object("/Type /ObjStm /N 1 /First 4", b"6 0 << /A 1 >>");
        assert!(read_limited(&pdf_with_fifth(&harmless, false), 1 << 20).is_ok());
        let zeros = vec![0u8; 4 << 20];
        // Object streams are bounded as lopdf itself reads them (its load filter), so escaped
        // names, an escaped filter or the letters `obj` in a key do not hide them.
        for (dict, xref) in [
            ("/Type /ObjStm /N 1 /First 4", false),
            ("/Type /Obj#53tm /N 1 /First 4", false),
            ("/Nobj 1 /Type /ObjStm /N 1 /First 4", false),
            ("/Type/XRef /Size 6 /W [1 4 2] /Root 1 0 R", true),
        ] {
            let bomb = pdf_with_fifth(&flate_object(dict, &zeros), xref);
            assert!(bomb.len() < 64 << 10, "{}", bomb.len());
            let err = read_limited(&bomb, 1 << 20).unwrap_err();
            assert!(err.contains("decompression bomb"), "{dict}: {err}");
        }
        let data = flate_stream(&zeros).content;
        let escaped = [
            format!(
                "<< /Type /ObjStm /N 1 /First 4 /Filter /Fl#61teDecode /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
            &data,
            b"\nendstream",
        ]
        .concat();
        let err = read_limited(&pdf_with_fifth(&escaped, false), 1 << 20).unwrap_err();
        assert!(err.contains("decompression bomb"), "{err}");
    }

    #[test]
    fn a_file_full_of_stream_type_names_is_read_in_one_pass() {
        // 2 MB of names with no stream after them: each used to search 64 KB ahead (seconds to
        // minutes); one pass takes milliseconds. Then streams far apart.
        let names = b"/XRef /XRef ".repeat(150_000);
        assert!(matches!(
            measure_xref_streams(&names, &AtomicU64::new(0), 1 << 20),
            Inflate::Done
        ));
        let mut sparse = Vec::new();
        for _ in 0..2_000 {
            sparse.extend(b"1 0 obj << /Type /XRef /Filter /FlateDecode >> stream\n");
            sparse.extend(flate_stream(b"6 0 << >>").content);
            sparse.extend(b"\nendstream endobj ");
            sparse.extend(b"/XRefStm ".repeat(100));
        }
        let total = AtomicU64::new(0);
        assert!(matches!(
            measure_xref_streams(&sparse, &total, 1 << 20),
            Inflate::Done
        ));
        assert_eq!(total.into_inner(), 2_000 * 9);
    }

    #[test]
    fn the_filters_lopdf_would_run_are_read_from_a_stream_dictionary() {
        let names = |d: &[u8]| {
            named_filters(d)
                .into_iter()
                .map(|n| String::from_utf8(n).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(b"<< /Type /XRef /Filter /FlateDecode /W [1 2 1] "),
            ["FlateDecode"]
        );
        assert_eq!(
            names(b"<</Filter[/ASCII85Decode /FlateDecode]/Length 9"),
            ["ASCII85Decode", "FlateDecode"]
        );
        // lopdf inflates the stages before one it cannot decode, then fails.
        assert_eq!(
            names(b"/Filter [/FlateDecode /DCTDecode /FlateDecode]"),
            ["FlateDecode"]
        );
        assert!(names(b"<< /Type /ObjStm /N 3 /First 20 /Length 9 >>").is_empty());
    }

    #[test]
    fn flate_streams_inflate_within_a_limit() {
        let mut small = flate_stream(b"BT (Liikunta) Tj ET");
        assert!(matches!(
            inflate_bounded(&mut small, &AtomicU64::new(0), 1 << 20),
            Inflate::Done
        ));
        assert_eq!(small.content, b"BT (Liikunta) Tj ET");
        assert!(small.dict.get(b"Filter").is_err());
        // A bomb: 4 MB of zeros in a few kilobytes, against a 1 MB limit.
        let mut bomb = flate_stream(&vec![0u8; 4 << 20]);
        assert!(bomb.content.len() < 64 << 10, "{}", bomb.content.len());
        assert!(matches!(
            inflate_bounded(&mut bomb, &AtomicU64::new(0), 1 << 20),
            Inflate::TooBig
        ));
    }

    #[test]
    fn images_and_chains_lopdf_cannot_decode_are_emptied() {
        let bomb = || flate_stream(&vec![b' '; 4 << 20]);
        // An image, even a page's content stream marked as one: emptied, not inflated.
        let mut image = bomb();
        image.dict.set("Subtype", Object::Name(b"Image".to_vec()));
        let total = AtomicU64::new(0);
        assert!(matches!(defuse(&mut image, &total, 1 << 20), Inflate::Done));
        assert!(image.content.is_empty() && image.dict.get(b"Filter").is_err());
        // Flate then a filter lopdf cannot decode: emptied before lopdf inflates the first stage.
        for second in ["RunLengthDecode", "ASCIIHexDecode", "DCTDecode"] {
            let mut chain = bomb();
            chain.dict.set(
                "Filter",
                Object::Array(vec![
                    Object::Name(b"FlateDecode".to_vec()),
                    Object::Name(second.as_bytes().to_vec()),
                ]),
            );
            assert!(matches!(defuse(&mut chain, &total, 1 << 20), Inflate::Done));
            assert!(chain.content.is_empty(), "{second}");
            assert!(chain.dict.get(b"Filter").is_err(), "{second}");
        }
        assert_eq!(total.into_inner(), 0);
        // Other streams are decoded under the limit as before.
        let mut text = flate_stream(b"BT (Liikunta) Tj ET");
        assert!(matches!(
            defuse(&mut text, &AtomicU64::new(0), 1 << 20),
            Inflate::Done
        ));
        assert_eq!(text.content, b"BT (Liikunta) Tj ET");
        assert!(matches!(
            defuse(&mut bomb(), &AtomicU64::new(0), 1 << 20),
            Inflate::TooBig
        ));
    }

    fn line(text: &str, at: f64) -> Line {
        Line::of_text(text.into(), at, at * 842.0, false, 10.0)
    }

    #[test]
    fn running_headers_and_footers_go_body_stays() {
        let mut pages: Vec<Vec<Line>> = (1..=6)
            .map(|i| {
                vec![
                    line("Kauhavan kaupunki", 0.03),
                    line("Tilinpäätös 2024", 0.05),
                    line("Kirjasto avattiin.", 0.3),
                    line(&format!("Sivu {i} / 6"), 0.97),
                    // A short line that recurs in the middle of pages is body text.
                    line("TA 2024 TP 2023", 0.5),
                ]
            })
            .collect();
        assert_eq!(remove_running_lines(&mut pages), 18);
        assert_eq!(
            render(&pages[0], 10.0),
            "Kirjasto avattiin.\nTA 2024 TP 2023"
        );
    }

    #[test]
    fn larger_type_becomes_headings() {
        let mut h = line("Sitovat tavoitteet 2026", 0.2);
        h.size = 14.0;
        let mut big_sentence = line("Tämä on iso lause.", 0.3);
        big_sentence.size = 14.0;
        let lines = [
            line("Teksti alkaa", 0.1),
            h,
            line(
                "Taulukko jatkuu pitkällä leipätekstillä, joka ratkaisee perustekstin koon.",
                0.25,
            ),
            big_sentence,
        ];
        assert_eq!(
            render(&lines, body_size(&[lines.to_vec()])),
            "Teksti alkaa\n\n## Sitovat tavoitteet 2026\n\nTaulukko jatkuu pitkällä leipätekstillä, joka ratkaisee perustekstin koon.\nTämä on iso lause."
        );
    }
}
