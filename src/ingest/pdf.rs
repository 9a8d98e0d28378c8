//! PDF: text per page, pure Rust (pdf-extract on lopdf), pages read in parallel.
//!
//! The glyphs pdf-extract reports, with their positions, are laid out again here: a new line
//! when the baseline moves by half a font size or the text goes back left; a blank line (new
//! paragraph) after a vertical gap of two font sizes; a space after a horizontal gap of a fifth
//! of the font size; a tab after a gap of two font sizes, so that table rows stay on one line with
//! their cells apart (the segmenter reads tab-separated lines as table rows). Words hyphenated
//! across lines are joined later by `analyse::text::normalise`, like every other text.
//!
//! Running headers and footers — lines among the first or last three of a page that recur, digits
//! aside, on at least half of the pages (and at least three) — are removed.
//!
//! A panic inside the PDF libraries becomes an error for that page (or, while loading, for the
//! document); streams may inflate to at most 512 MB per document; an encrypted file is opened with the empty user password or reported; a file with
//! pages but no text is reported as a probable scan.

use super::guard;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Pages; warnings about pages that could not be read.
pub fn read(bytes: &[u8]) -> Result<(Vec<String>, Vec<String>), String> {
    let mut doc = guard(|| pdf_extract::Document::load_mem(bytes))
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
    // per page that uses them; images are left alone (they are not read). Flate streams are
    // inflated with a limit, so a decompression bomb is refused instead of filling memory.
    let inflated = AtomicU64::new(0);
    let too_big = AtomicBool::new(false);
    doc.objects.par_iter_mut().for_each(|(_, obj)| {
        if let pdf_extract::Object::Stream(s) = obj {
            let image = s
                .dict
                .get(b"Subtype")
                .and_then(|o| o.as_name())
                .is_ok_and(|n| n == b"Image");
            if image || too_big.load(Ordering::Relaxed) {
                return;
            }
            match inflate_bounded(s, &inflated, MAX_INFLATED) {
                Inflate::Done => {}
                Inflate::TooBig => too_big.store(true, Ordering::Relaxed),
                Inflate::NotFlate => {
                    let _ = guard(|| s.decompress());
                }
            }
        }
    });
    if too_big.load(Ordering::Relaxed) {
        return Err(format!(
            "its compressed streams inflate to more than {} MB: refused as a possible decompression bomb",
            MAX_INFLATED >> 20
        ));
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    let doc = &doc;
    let laid_out: Vec<Result<Vec<Line>, String>> = pages
        .par_iter()
        .map(|&n| {
            let mut dev = Layout::default();
            match guard(|| pdf_extract::output_doc_page(doc, &mut dev, n)) {
                Ok(Ok(())) => Ok(dev.finish()),
                Ok(Err(e)) => Err(format!("page {n} could not be read ({e}); skipped")),
                Err(p) => Err(format!(
                    "page {n} could not be read (the PDF reader failed: {p}); skipped"
                )),
            }
        })
        .collect();
    let mut warnings = Vec::new();
    let mut texts = Vec::with_capacity(laid_out.len());
    for r in laid_out {
        match r {
            Ok(t) => texts.push(t),
            Err(w) => {
                warnings.push(w);
                texts.push(Vec::new());
            }
        }
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
    let removed = remove_running_lines(&mut texts);
    if removed > 0 {
        warnings.push(format!("{removed} running header/footer lines removed"));
    }
    let body = body_size(&texts);
    Ok((texts.iter().map(|t| render(t, body)).collect(), warnings))
}

/// Most bytes all the streams of one PDF may inflate to.
const MAX_INFLATED: u64 = 512 * 1024 * 1024;

enum Inflate {
    Done,
    TooBig,
    /// Not a plain Flate stream (other filters, predictors): left to lopdf.
    NotFlate,
}

/// Inflate a plain `/FlateDecode` stream in place, counting the bytes against `total`.
fn inflate_bounded(s: &mut pdf_extract::Stream, total: &AtomicU64, limit: u64) -> Inflate {
    let flate = match s.dict.get(b"Filter") {
        Ok(pdf_extract::Object::Name(n)) => n == b"FlateDecode",
        Ok(pdf_extract::Object::Array(a)) => {
            a.len() == 1 && a[0].as_name().is_ok_and(|n| n == b"FlateDecode")
        }
        _ => false,
    };
    if !flate || s.dict.has(b"DecodeParms") {
        return Inflate::NotFlate;
    }
    let left = limit.saturating_sub(total.load(Ordering::Relaxed));
    let mut out = Vec::new();
    let read = flate2::read::ZlibDecoder::new(&s.content[..])
        .take(left + 1)
        .read_to_end(&mut out);
    if total.fetch_add(out.len() as u64, Ordering::Relaxed) + out.len() as u64 > limit {
        return Inflate::TooBig;
    }
    if read.is_err() && out.is_empty() {
        return Inflate::NotFlate;
    }
    s.dict.remove(b"Filter");
    s.set_content(out);
    Inflate::Done
}

/// One glyph as pdf-extract reports it, in page coordinates with y growing downwards.
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
}

/// A laid-out line: its text, its baseline as a share of the page height (0 = top), and whether
/// a paragraph break comes before it.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    at: f64,
    break_before: bool,
    /// Largest font size on the line.
    size: f64,
}

/// Lays glyphs out as lines of text.
#[derive(Default)]
struct Layout {
    height: f64,
    lines: Vec<Line>,
    last: Option<Glyph>,
    pending_space: bool,
}

impl Layout {
    fn finish(self) -> Vec<Line> {
        self.lines
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
fn body_size(pages: &[Vec<Line>]) -> f64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for l in pages.iter().flatten().filter(|l| !l.text.contains('\t')) {
        *counts.entry((l.size * 2.0).round() as i64).or_default() += l.text.chars().count();
    }
    counts
        .into_iter()
        .max_by_key(|(size, n)| (*n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
}

impl OutputDev for Layout {
    fn begin_page(
        &mut self,
        _n: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = (media_box.ury - media_box.lly).abs().max(1.0);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        // The text rendering matrix scales the font size; its effective size is the geometric
        // mean of the scaled unit square's sides.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt().max(1.0);
        let g = Glyph {
            x: trm.m31,
            y: self.height - trm.m32,
            end: trm.m31 + width * size,
            size,
        };
        if ch.chars().all(char::is_whitespace) {
            self.pending_space = true;
            if let Some(last) = &mut self.last {
                last.end = last.end.max(g.end);
            }
            return Ok(());
        }
        let new_line = match &self.last {
            None => Some(false),
            Some(last) => {
                let dy = g.y - last.y;
                let size = last.size.max(g.size);
                if dy.abs() > size * 0.5 || g.x < last.x - size * 0.5 {
                    Some(dy > size * 1.7 || dy < -size * 2.0)
                } else {
                    let gap = g.x - last.end;
                    let line = self
                        .lines
                        .last_mut()
                        .expect("a line is open after the first glyph");
                    if gap > size * 2.0 {
                        line.text.push('\t');
                    } else if self.pending_space || gap > size * 0.2 {
                        line.text.push(' ');
                    }
                    None
                }
            }
        };
        if let Some(break_before) = new_line {
            self.lines.push(Line {
                text: String::new(),
                at: (g.y / self.height).clamp(0.0, 1.0),
                break_before,
                size: g.size,
            });
        }
        self.pending_space = false;
        if let Some(line) = self.lines.last_mut() {
            line.text.push_str(ch);
            line.size = line.size.max(g.size);
        }
        self.last = Some(g);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
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
    let in_margin = line.at < MARGIN || line.at > 1.0 - MARGIN;
    if !in_margin || text.is_empty() || text.split_whitespace().count() > RUNNING_MAX_WORDS {
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
    use super::{Inflate, Line, body_size, inflate_bounded, remove_running_lines, render};
    use std::io::Write;
    use std::sync::atomic::AtomicU64;

    fn flate_stream(bytes: &[u8]) -> pdf_extract::Stream {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(bytes).unwrap();
        let mut dict = pdf_extract::Dictionary::new();
        dict.set("Filter", pdf_extract::Object::Name(b"FlateDecode".to_vec()));
        pdf_extract::Stream::new(dict, z.finish().unwrap())
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

    fn line(text: &str, at: f64) -> Line {
        Line {
            text: text.into(),
            at,
            break_before: false,
            size: 10.0,
        }
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
