//! The PDF text layer: a content-stream interpreter over lopdf's object model that does only
//! what text needs, and the fonts it reads, decoded once per document.
//!
//! Interpreted: `BT`/`ET`, `Tf Tc Tw Tz TL Ts`, `Td TD Tm T*`, `Tj TJ ' "`, `cm q Q`, and `Do` of
//! form XObjects (with their `/Matrix` and resources, nested at most [`MAX_FORM_DEPTH`] deep and
//! never into a form already being shown). Everything else is skipped, inline images included.
//! Each glyph goes to a [`GlyphSink`] with its text rendering matrix, its advance width (in text
//! space units per unit font size) and its text as a `&str` borrowed from the font.
//!
//! Fonts ([`Font::decode`]): simple fonts (Type1, TrueType, MMType1) through `ToUnicode`, else
//! their encoding (WinAnsi, MacRoman or Standard base plus `Differences`, glyph names through the
//! Adobe glyph list and `uniXXXX`/`uXXXX`/`a_b`/`a.suffix` names), widths from `/Widths` or the
//! core-14 metrics; composite fonts (Type0) through `ToUnicode` with their code lengths from the
//! encoding CMap's code space (`Identity-H`/`-V` = two bytes) and CID widths from `/W` and
//! `/DW`; Type3 fonts with widths scaled by their `/FontMatrix`. A glyph without a mapping gives
//! an empty text.
//!
//! Streams are read as they are in the document: the caller has decoded them under its
//! decompression limit before (and emptied what it would not decode). Malformed content never
//! panics: operators with missing or wrongly typed operands are skipped, and the operand stack,
//! the `q` nesting and form nesting are bounded.

use super::pdf_tables;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::sync::Arc;

/// Receives the glyphs of a page.
pub trait GlyphSink {
    /// A page begins: its height (of its media box; 792 when it has none).
    fn begin_page(&mut self, height: f64);
    /// One glyph: the text rendering matrix `[a b c d e f]` (without the font size), the glyph's
    /// advance in text space per unit font size, the font size, and its text.
    fn glyph(&mut self, trm: &[f64; 6], width: f64, font_size: f64, text: &str);
}

/// Most operands kept on the stack (a `TJ` array or a CMap block counts each element).
const MAX_OPERANDS: usize = 1 << 16;
/// Most nested `q` kept; deeper saves are counted and their `Q` ignored.
const MAX_SAVES: usize = 1024;
/// Most nested form XObjects.
const MAX_FORM_DEPTH: usize = 16;
/// Most entries one CMap range may define.
const MAX_RANGE: u32 = 1 << 16;
/// Most code → text entries of one CMap, and most CID widths of one font (a Unicode plane and
/// more; a few hostile `bfrange` or `/W` lines must not fill memory).
const MAX_CMAP_ENTRIES: usize = 1 << 17;
/// Most code-space ranges of one CMap (real ones have a handful; each code looks at all).
const MAX_CODE_RANGES: usize = 64;
/// Most UTF-16 units of one `bfrange` destination (copied into every code of the range).
const MAX_DST_UNITS: usize = 256;
/// Work one page may take: operators interpreted plus bytes of shown strings, forms included
/// (a few nested forms each shown many times would otherwise multiply without end).
const MAX_PAGE_WORK: usize = 1 << 22;
/// Most bytes of the content streams of one page (one stream named many times in `/Contents`
/// would otherwise get round the inflate limit).
const MAX_PAGE_CONTENT: usize = 256 << 20;

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` (row vectors, as PDF writes them: `b` applied after `a`).
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// `T(tx, ty) × m`.
fn translate(m: &Matrix, tx: f64, ty: f64) -> Matrix {
    [
        m[0],
        m[1],
        m[2],
        m[3],
        tx * m[0] + ty * m[2] + m[4],
        tx * m[1] + ty * m[3] + m[5],
    ]
}

// ---------------------------------------------------------------------------------------------
// Lexer: content streams and CMaps share the PostScript-like syntax.

#[derive(Clone, Copy, Debug, PartialEq)]
enum Operand {
    Num(f64),
    /// A string's bytes: a range of the lexer's byte buffer.
    Str(u32, u32),
    /// A name's bytes (without `/`): a range of the byte buffer.
    Name(u32, u32),
    ArrayOpen,
    ArrayClose,
    /// Dictionaries, booleans, null: kept only so operand counts stay right.
    Other,
}

/// Reads operands onto a stack and returns operators, one at a time.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    ops: Vec<Operand>,
    bytes: Vec<u8>,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            ops: Vec::with_capacity(64),
            bytes: Vec::with_capacity(256),
        }
    }

    fn clear(&mut self) {
        self.ops.clear();
        self.bytes.clear();
    }

    fn push(&mut self, o: Operand) {
        if self.ops.len() < MAX_OPERANDS {
            self.ops.push(o);
        }
    }

    fn str_bytes(&self, start: u32, end: u32) -> &[u8] {
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The next operator (its bytes), with its operands on `self.ops`; `None` at the end.
    fn next_op(&mut self) -> Option<&'a [u8]> {
        let data = self.data;
        loop {
            let b = *data.get(self.pos)?;
            match b {
                _ if is_white(b) => self.pos += 1,
                b'%' => {
                    while self.pos < data.len() && !matches!(data[self.pos], b'\n' | b'\r') {
                        self.pos += 1;
                    }
                }
                b'(' => self.literal_string(),
                b'<' => {
                    if data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        self.push(Operand::Other);
                    } else {
                        self.hex_string();
                    }
                }
                b'>' => {
                    self.pos += if data.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                }
                b'[' => {
                    self.pos += 1;
                    self.push(Operand::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    self.push(Operand::ArrayClose);
                }
                b'{' | b'}' | b')' => self.pos += 1,
                b'/' => {
                    self.pos += 1;
                    let start = self.bytes.len();
                    while let Some(&c) = data.get(self.pos) {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        if c == b'#' {
                            if let (Some(h), Some(l)) = (
                                data.get(self.pos + 1).copied().and_then(hex),
                                data.get(self.pos + 2).copied().and_then(hex),
                            ) {
                                self.bytes.push(h << 4 | l);
                                self.pos += 3;
                                continue;
                            }
                        }
                        self.bytes.push(c);
                        self.pos += 1;
                    }
                    let o = Operand::Name(start as u32, self.bytes.len() as u32);
                    self.push(o);
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let o = self.number();
                    self.push(o);
                }
                _ => {
                    let start = self.pos;
                    while let Some(&c) = data.get(self.pos) {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    let word = &data[start..self.pos];
                    match word {
                        b"true" | b"false" | b"null" => self.push(Operand::Other),
                        b"ID" => {
                            self.skip_inline_image();
                            return Some(word);
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn number(&mut self) -> Operand {
        let data = self.data;
        let start = self.pos;
        let mut neg = false;
        let mut v = 0.0f64;
        let mut digits = false;
        let mut frac = 0.0f64;
        let mut scale = 0.1f64;
        let mut dot = false;
        while let Some(&c) = data.get(self.pos) {
            match c {
                b'+' | b'-' if self.pos == start || !digits && !dot => {
                    // PostScript allows several signs (`--5`); the last one counts.
                    neg = c == b'-';
                }
                b'0'..=b'9' => {
                    digits = true;
                    let d = f64::from(c - b'0');
                    if dot {
                        frac += d * scale;
                        scale *= 0.1;
                    } else {
                        v = v * 10.0 + d;
                    }
                }
                b'.' if !dot => dot = true,
                _ if is_white(c) || is_delim(c) => break,
                _ => {
                    // Not a number after all (`1.2.3`, `-abc`): an operand we cannot use.
                    while let Some(&c) = data.get(self.pos) {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Operand::Other;
                }
            }
            self.pos += 1;
        }
        let v = v + frac;
        Operand::Num(if neg { -v } else { v })
    }

    fn literal_string(&mut self) {
        let data = self.data;
        self.pos += 1;
        let start = self.bytes.len();
        let mut depth = 1usize;
        while let Some(&c) = data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    self.bytes.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.bytes.push(c);
                }
                b'\\' => {
                    let Some(&e) = data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => self.bytes.push(b'\n'),
                        b'r' => self.bytes.push(b'\r'),
                        b't' => self.bytes.push(b'\t'),
                        b'b' => self.bytes.push(8),
                        b'f' => self.bytes.push(12),
                        b'\r' => {
                            if data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            self.bytes.push(v as u8);
                        }
                        _ => self.bytes.push(e),
                    }
                }
                _ => self.bytes.push(c),
            }
        }
        let o = Operand::Str(start as u32, self.bytes.len() as u32);
        self.push(o);
    }

    fn hex_string(&mut self) {
        let data = self.data;
        self.pos += 1;
        let start = self.bytes.len();
        let mut high: Option<u8> = None;
        while let Some(&c) = data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex(c) {
                match high.take() {
                    Some(h) => self.bytes.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            self.bytes.push(h << 4);
        }
        let o = Operand::Str(start as u32, self.bytes.len() as u32);
        self.push(o);
    }

    /// After `ID`: skip the image data up to `EI` between white space (or the end).
    fn skip_inline_image(&mut self) {
        let data = self.data;
        self.pos += 1;
        while self.pos < data.len() {
            if data[self.pos] == b'E'
                && data.get(self.pos + 1) == Some(&b'I')
                && self.pos > 0
                && is_white(data[self.pos - 1])
                && data.get(self.pos + 2).is_none_or(|&c| is_white(c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts.

/// How a font's string bytes become codes.
#[derive(Debug)]
enum Codes {
    /// One byte per code (simple fonts).
    OneByte,
    /// Code space ranges `(bytes, low, high)` of a composite font.
    Ranges(Vec<(u8, u32, u32)>),
}

/// A font, decoded for text: codes to Unicode and to widths.
#[derive(Debug)]
pub struct Font {
    codes: Codes,
    /// The texts of all glyphs, one after another.
    text: String,
    /// Simple fonts: per byte, its text (a range of `text`) and its width.
    simple: Vec<(u32, u32, f32)>,
    /// Composite fonts: code → text range.
    to_unicode: HashMap<u32, (u32, u32)>,
    /// Composite fonts: code → CID (identity when empty).
    cids: Vec<(u32, u32, u32)>,
    /// Composite fonts: CID → width (per 1000), and the default.
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    /// Multiplies widths into text space (1/1000, or a Type3 font's matrix).
    scale: f64,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, d, key).and_then(|o| o.as_name().ok())
}

/// A stream's bytes as they are now (decoded by the caller), for a `ToUnicode` or CMap.
fn stream_bytes<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a [u8]> {
    match deref(doc, o) {
        Object::Stream(s) => Some(&s.content),
        _ => None,
    }
}

/// Unicode of a glyph name, appended to `out`; false if the name is unknown.
fn glyph_name_to(name: &[u8], out: &mut String) -> bool {
    let Ok(name) = std::str::from_utf8(name) else {
        return false;
    };
    if let Ok(i) = pdf_tables::GLYPH_NAMES.binary_search_by(|(n, _)| n.cmp(&name)) {
        if let Some(c) = char::from_u32(u32::from(pdf_tables::GLYPH_NAMES[i].1)) {
            out.push(c);
            return true;
        }
    }
    // `uniXXXX[XXXX…]`: UTF-16 code units; `uXXXX[XX]`: one code point.
    if let Some(hexes) = name.strip_prefix("uni") {
        if !hexes.is_empty() && hexes.len() % 4 == 0 && hexes.bytes().all(|b| hex(b).is_some()) {
            let units: Vec<u16> = (0..hexes.len() / 4)
                .filter_map(|i| u16::from_str_radix(&hexes[i * 4..i * 4 + 4], 16).ok())
                .collect();
            let before = out.len();
            out.extend(char::decode_utf16(units).filter_map(Result::ok));
            return out.len() > before;
        }
    }
    if let Some(hexes) = name.strip_prefix('u') {
        if (4..=6).contains(&hexes.len()) && hexes.bytes().all(|b| hex(b).is_some()) {
            if let Some(c) = u32::from_str_radix(hexes, 16).ok().and_then(char::from_u32) {
                out.push(c);
                return true;
            }
        }
    }
    // `a.sc`, `f_f_i`: the base name, the ligature's parts.
    if let Some((base, _)) = name.split_once('.') {
        return !base.is_empty() && glyph_name_to(base.as_bytes(), out);
    }
    if name.contains('_') {
        let before = out.len();
        for part in name.split('_') {
            if !glyph_name_to(part.as_bytes(), out) {
                out.truncate(before);
                return false;
            }
        }
        return true;
    }
    false
}

/// A parsed CMap: code space, code → Unicode (UTF-16BE bytes decoded), code → CID.
#[derive(Default)]
struct CMap {
    ranges: Vec<(u8, u32, u32)>,
    unicode: Vec<(u32, String)>,
    cids: Vec<(u32, u32, u32)>,
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | u32::from(x))
}

fn utf16_to(bytes: &[u8], out: &mut String) {
    let units = bytes
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]));
    out.extend(char::decode_utf16(units).filter_map(Result::ok));
}

fn parse_cmap(data: &[u8]) -> CMap {
    let mut cmap = CMap::default();
    let mut lx = Lexer::new(data);
    while let Some(op) = lx.next_op() {
        if cmap.unicode.len() >= MAX_CMAP_ENTRIES || cmap.cids.len() >= MAX_CMAP_ENTRIES {
            break;
        }
        let ops = &lx.ops;
        match op {
            b"endcodespacerange" => {
                for p in ops.chunks_exact(2) {
                    if let [Operand::Str(a, b), Operand::Str(c, d)] = p {
                        let lo = lx.str_bytes(*a, *b);
                        let hi = lx.str_bytes(*c, *d);
                        if (1..=4).contains(&lo.len()) && cmap.ranges.len() < MAX_CODE_RANGES {
                            cmap.ranges.push((lo.len() as u8, code_of(lo), code_of(hi)));
                        }
                    }
                }
            }
            b"endbfchar" => {
                for p in ops.chunks_exact(2) {
                    if let [Operand::Str(a, b), Operand::Str(c, d)] = p {
                        let mut s = String::new();
                        utf16_to(lx.str_bytes(*c, *d), &mut s);
                        cmap.unicode.push((code_of(lx.str_bytes(*a, *b)), s));
                    }
                }
            }
            b"endbfrange" => {
                let mut i = 0;
                while i + 2 < ops.len() {
                    let (Operand::Str(a, b), Operand::Str(c, d)) = (ops[i], ops[i + 1]) else {
                        i += 1;
                        continue;
                    };
                    let lo = code_of(lx.str_bytes(a, b));
                    let hi = code_of(lx.str_bytes(c, d)).max(lo);
                    let n = (hi - lo).min(MAX_RANGE);
                    match ops[i + 2] {
                        Operand::Str(e, f) => {
                            let dst = lx.str_bytes(e, f);
                            let mut units: Vec<u16> = dst
                                .chunks_exact(2)
                                .take(MAX_DST_UNITS)
                                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                                .collect();
                            for k in 0..=n {
                                if cmap.unicode.len() >= MAX_CMAP_ENTRIES {
                                    break;
                                }
                                let mut s = String::new();
                                s.extend(
                                    char::decode_utf16(units.iter().copied())
                                        .filter_map(Result::ok),
                                );
                                cmap.unicode.push((lo + k, s));
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                        Operand::ArrayOpen => {
                            let mut j = i + 3;
                            let mut k = 0;
                            while j < ops.len() && ops[j] != Operand::ArrayClose {
                                if let Operand::Str(e, f) = ops[j] {
                                    if k <= n && cmap.unicode.len() < MAX_CMAP_ENTRIES {
                                        let mut s = String::new();
                                        utf16_to(lx.str_bytes(e, f), &mut s);
                                        cmap.unicode.push((lo + k, s));
                                    }
                                    k += 1;
                                }
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => i += 3,
                    }
                }
            }
            b"endcidrange" => {
                for p in ops.chunks_exact(3) {
                    if let [Operand::Str(a, b), Operand::Str(c, d), Operand::Num(cid)] = p {
                        let lo = code_of(lx.str_bytes(*a, *b));
                        let hi = code_of(lx.str_bytes(*c, *d)).max(lo);
                        cmap.cids.push((lo, hi, *cid as u32));
                    }
                }
            }
            b"endcidchar" => {
                for p in ops.chunks_exact(2) {
                    if let [Operand::Str(a, b), Operand::Num(cid)] = p {
                        let c = code_of(lx.str_bytes(*a, *b));
                        cmap.cids.push((c, c, *cid as u32));
                    }
                }
            }
            _ => {}
        }
        lx.clear();
    }
    cmap
}

/// The core-14 metrics a base font name stands for (subset prefix, common aliases).
fn core_metrics(base: &[u8]) -> Option<&'static [(u16, u16)]> {
    let base = std::str::from_utf8(base).ok()?;
    let base = match base.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => base,
    };
    let lower = base.to_ascii_lowercase().replace([' ', '-', ','], "");
    let bold = lower.contains("bold");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let family = if lower.starts_with("courier") {
        "Courier"
    } else if lower.starts_with("times") {
        "Times"
    } else if lower.starts_with("helvetica") || lower.starts_with("arial") {
        "Helvetica"
    } else {
        return None;
    };
    let name = match (family, bold, italic) {
        ("Times", false, false) => "Times-Roman".to_string(),
        ("Times", true, false) => "Times-Bold".into(),
        ("Times", false, true) => "Times-Italic".into(),
        ("Times", true, true) => "Times-BoldItalic".into(),
        (f, false, false) => f.into(),
        (f, true, false) => format!("{f}-Bold"),
        (f, false, true) => format!("{f}-Oblique"),
        (f, true, true) => format!("{f}-BoldOblique"),
    };
    pdf_tables::CORE_FONTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| *w)
}

fn base_table(name: &[u8]) -> Option<&'static [u16; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&pdf_tables::WIN_ANSI),
        b"MacRomanEncoding" => Some(&pdf_tables::MAC_ROMAN),
        b"StandardEncoding" => Some(&pdf_tables::STANDARD),
        _ => None,
    }
}

impl Font {
    /// Decode a font dictionary (never fails: what cannot be read maps to nothing).
    pub fn decode(doc: &Document, font: &Dictionary) -> Font {
        let subtype = name(doc, font, b"Subtype").unwrap_or(b"");
        let to_unicode = get(doc, font, b"ToUnicode")
            .and_then(|o| stream_bytes(doc, o))
            .map(parse_cmap)
            .unwrap_or_default();
        let mut f = Font {
            codes: Codes::OneByte,
            text: String::new(),
            simple: Vec::new(),
            to_unicode: HashMap::new(),
            cids: Vec::new(),
            cid_widths: HashMap::new(),
            default_width: 1000.0,
            scale: 0.001,
        };
        if subtype == b"Type0" {
            f.composite(doc, font, to_unicode);
        } else {
            f.simple(doc, font, subtype, to_unicode);
        }
        f
    }

    fn composite(&mut self, doc: &Document, font: &Dictionary, to_unicode: CMap) {
        let mut ranges = Vec::new();
        if let Some(Object::Stream(s)) = get(doc, font, b"Encoding") {
            let cmap = parse_cmap(&s.content);
            ranges = cmap.ranges;
            self.cids = cmap.cids;
            // Sorted by first code, so that a code finds its range by binary search.
            self.cids.sort_by_key(|&(lo, _, _)| lo);
        }
        if ranges.is_empty() {
            ranges = to_unicode.ranges.clone();
        }
        if ranges.is_empty() {
            ranges.push((2, 0, 0xffff));
        }
        self.codes = Codes::Ranges(ranges);
        for (code, s) in to_unicode.unicode {
            let start = self.text.len() as u32;
            self.text.push_str(&s);
            self.to_unicode
                .insert(code, (start, self.text.len() as u32));
        }
        let descendant = get(doc, font, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o).as_dict().ok());
        if let Some(cid) = descendant {
            if let Some(dw) = get(doc, cid, b"DW").and_then(num) {
                self.default_width = dw as f32;
            }
            if let Some(w) = get(doc, cid, b"W").and_then(|o| o.as_array().ok()) {
                let mut i = 0;
                while i + 1 < w.len() {
                    let Some(first) = num(deref(doc, &w[i])) else {
                        break;
                    };
                    let first = first.max(0.0) as u32;
                    match deref(doc, &w[i + 1]) {
                        Object::Array(ws) => {
                            for (k, wv) in ws.iter().enumerate().take(MAX_RANGE as usize) {
                                if self.cid_widths.len() >= MAX_CMAP_ENTRIES {
                                    break;
                                }
                                if let Some(wv) = num(deref(doc, wv)) {
                                    self.cid_widths
                                        .insert(first.saturating_add(k as u32), wv as f32);
                                }
                            }
                            i += 2;
                        }
                        o => {
                            let (Some(last), Some(wv)) =
                                (num(o), w.get(i + 2).and_then(|x| num(deref(doc, x))))
                            else {
                                break;
                            };
                            let last = (last.max(0.0) as u32).min(first.saturating_add(MAX_RANGE));
                            for c in first..=last {
                                if self.cid_widths.len() >= MAX_CMAP_ENTRIES {
                                    break;
                                }
                                self.cid_widths.insert(c, wv as f32);
                            }
                            i += 3;
                        }
                    }
                }
            }
        }
    }

    fn simple(&mut self, doc: &Document, font: &Dictionary, subtype: &[u8], to_unicode: CMap) {
        // The encoding: a base table and the differences (as glyph names).
        let default_base: &[u16; 256] = if matches!(subtype, b"Type1" | b"MMType1") {
            &pdf_tables::STANDARD
        } else {
            &pdf_tables::WIN_ANSI
        };
        let mut table: [u16; 256] = *default_base;
        let mut names: Vec<(usize, &[u8])> = Vec::new();
        match get(doc, font, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(t) = base_table(n) {
                    table = *t;
                }
            }
            Some(Object::Dictionary(e)) => {
                if let Some(t) = name(doc, e, b"BaseEncoding").and_then(base_table) {
                    table = *t;
                }
                if let Some(diffs) = get(doc, e, b"Differences").and_then(|o| o.as_array().ok()) {
                    let mut code: i64 = 0;
                    for o in diffs {
                        match deref(doc, o) {
                            Object::Integer(i) => code = *i,
                            Object::Name(n) => {
                                if (0..256).contains(&code) {
                                    names.push((code as usize, n));
                                }
                                code = code.saturating_add(1);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        // Texts per code: ToUnicode first, else the encoding.
        let mut from_cmap: Vec<Option<&str>> = vec![None; 256];
        for (code, s) in &to_unicode.unicode {
            if let Some(slot) = from_cmap.get_mut(*code as usize) {
                *slot = Some(s);
            }
        }
        let mut diff_name: Vec<Option<&[u8]>> = vec![None; 256];
        for (code, n) in names {
            diff_name[code] = Some(n);
        }
        // Unicode per code as the encoding gives it (for the core-font widths too).
        let mut unicode_of = [0u32; 256];
        self.simple = Vec::with_capacity(256);
        for code in 0..256 {
            let start = self.text.len() as u32;
            if let Some(s) = from_cmap[code] {
                self.text.push_str(s);
            }
            let mut enc = String::new();
            let named = diff_name[code].is_some_and(|n| glyph_name_to(n, &mut enc));
            if !named {
                if let Some(c) = char::from_u32(u32::from(table[code])).filter(|&c| c != '\0') {
                    enc.push(c);
                }
            }
            unicode_of[code] = enc.chars().next().map_or(0, u32::from);
            if from_cmap[code].is_none() {
                self.text.push_str(&enc);
            }
            self.simple.push((start, self.text.len() as u32, 0.0));
        }
        // Widths.
        if subtype == b"Type3" {
            if let Some(m) = get(doc, font, b"FontMatrix").and_then(|o| o.as_array().ok()) {
                if let Some(a) = m.first().and_then(|o| num(deref(doc, o))) {
                    self.scale = a;
                }
            }
        }
        let widths = get(doc, font, b"Widths").and_then(|o| o.as_array().ok());
        let first = get(doc, font, b"FirstChar").and_then(num).unwrap_or(0.0);
        if let Some(widths) = widths {
            let missing = get(doc, font, b"FontDescriptor")
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| get(doc, d, b"MissingWidth"))
                .and_then(num)
                .unwrap_or(0.0) as f32;
            for e in &mut self.simple {
                e.2 = missing;
            }
            for (i, w) in widths.iter().enumerate() {
                let code = (first as i64).saturating_add(i as i64);
                if let (Some(e), Some(w)) = (
                    usize::try_from(code)
                        .ok()
                        .and_then(|c| self.simple.get_mut(c)),
                    num(deref(doc, w)),
                ) {
                    e.2 = w as f32;
                }
            }
        } else if let Some(metrics) = name(doc, font, b"BaseFont").and_then(core_metrics) {
            for (code, e) in self.simple.iter_mut().enumerate() {
                if let Ok(i) =
                    metrics.binary_search_by_key(&unicode_of[code], |(u, _)| u32::from(*u))
                {
                    e.2 = f32::from(metrics[i].1);
                }
            }
        }
    }

    /// The next code of `s` from `i`: (code, bytes it took), or `None` at the end.
    fn next_code(&self, s: &[u8], i: usize) -> Option<(u32, usize)> {
        match &self.codes {
            Codes::OneByte => s.get(i).map(|&b| (u32::from(b), 1)),
            Codes::Ranges(ranges) => {
                let mut code = 0u32;
                for len in 1..=4usize {
                    code = code << 8 | u32::from(*s.get(i + len - 1)?);
                    if ranges
                        .iter()
                        .any(|&(n, lo, hi)| usize::from(n) == len && (lo..=hi).contains(&code))
                    {
                        return Some((code, len));
                    }
                }
                // No range matches: take the bytes of the shortest range as the code.
                let len = ranges.iter().map(|r| usize::from(r.0)).min().unwrap_or(1);
                let bytes = s.get(i..i + len)?;
                Some((code_of(bytes), len))
            }
        }
    }

    /// The text and width (in text space per unit font size) of a code.
    fn glyph(&self, code: u32) -> (&str, f64) {
        match self.codes {
            Codes::OneByte => {
                let (a, b, w) = self
                    .simple
                    .get(code as usize)
                    .copied()
                    .unwrap_or((0, 0, 0.0));
                (
                    self.text.get(a as usize..b as usize).unwrap_or(""),
                    f64::from(w) * self.scale,
                )
            }
            Codes::Ranges(_) => {
                let text = self
                    .to_unicode
                    .get(&code)
                    .and_then(|&(a, b)| self.text.get(a as usize..b as usize))
                    .unwrap_or("");
                let cid = if self.cids.is_empty() {
                    code
                } else {
                    // The last range that starts at or before the code, if it reaches it.
                    let at = self.cids.partition_point(|&(lo, _, _)| lo <= code);
                    at.checked_sub(1)
                        .and_then(|i| self.cids.get(i))
                        .filter(|&&(_, hi, _)| code <= hi)
                        .map_or(0, |&(lo, _, dst)| dst.wrapping_add(code - lo))
                };
                let w = self
                    .cid_widths
                    .get(&cid)
                    .copied()
                    .unwrap_or(self.default_width);
                (text, f64::from(w) * self.scale)
            }
        }
    }
}

/// The fonts of a document, decoded once, by object id.
pub struct Fonts {
    by_id: HashMap<ObjectId, Arc<Font>>,
}

impl Fonts {
    /// Decode every font dictionary of the document (in parallel).
    pub fn of(doc: &Document) -> Fonts {
        use rayon::prelude::*;
        let ids: Vec<(ObjectId, &Dictionary)> = doc
            .objects
            .iter()
            .filter_map(|(id, o)| {
                let d = o.as_dict().ok()?;
                let font = d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font");
                let sub = d.get(b"Subtype").ok().and_then(|t| t.as_name().ok());
                let top = matches!(
                    sub,
                    Some(b"Type0" | b"Type1" | b"TrueType" | b"Type3" | b"MMType1")
                );
                (top && (font || d.has(b"BaseFont") || sub == Some(b"Type3"))).then_some((*id, d))
            })
            .collect();
        let by_id = ids
            .into_par_iter()
            .map(|(id, d)| (id, Arc::new(Font::decode(doc, d))))
            .collect();
        Fonts { by_id }
    }
}

// ---------------------------------------------------------------------------------------------
// The interpreter.

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Arc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scaling: f64,
    leading: f64,
    rise: f64,
}

impl State {
    /// The graphics and text state at the start of a page (PDF 32000-1 §8.4.1, §9.3.1).
    fn initial() -> Self {
        State {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

struct Interp<'d, 's> {
    doc: &'d Document,
    fonts: &'d Fonts,
    sink: &'s mut dyn GlyphSink,
    /// Fonts that are direct dictionaries in a resource dictionary, decoded on use.
    direct: Vec<(*const Dictionary, Arc<Font>)>,
    /// Fonts by reference that the document-wide table did not decode, decoded once here.
    by_ref: HashMap<ObjectId, Arc<Font>>,
    forms: Vec<ObjectId>,
    /// Work done on this page so far (see [`MAX_PAGE_WORK`]).
    work: usize,
}

impl<'d, 's> Interp<'d, 's> {
    fn new(doc: &'d Document, fonts: &'d Fonts, sink: &'s mut dyn GlyphSink) -> Self {
        Interp {
            doc,
            fonts,
            sink,
            direct: Vec::new(),
            by_ref: HashMap::new(),
            forms: Vec::new(),
            work: 0,
        }
    }
}

/// Interpret one page's content, sending its glyphs to `sink`. Returns whether the page was cut
/// at its work limit ([`MAX_PAGE_WORK`]): the text after that point is missing.
pub fn page(doc: &Document, fonts: &Fonts, page_id: ObjectId, sink: &mut dyn GlyphSink) -> bool {
    // Resources and the media box may be inherited from the page tree.
    let mut resources: Option<&Dictionary> = None;
    let mut media: Option<&Vec<Object>> = None;
    let mut node = doc.get_dictionary(page_id).ok();
    let mut page_dict = node;
    for _ in 0..64 {
        let Some(d) = node else { break };
        if resources.is_none() {
            resources = get(doc, d, b"Resources").and_then(|o| o.as_dict().ok());
        }
        if media.is_none() {
            media = get(doc, d, b"MediaBox").and_then(|o| o.as_array().ok());
        }
        node = get(doc, d, b"Parent").and_then(|o| o.as_dict().ok());
    }
    let height = media
        .and_then(|m| {
            let v: Vec<f64> = m.iter().filter_map(|o| num(deref(doc, o))).collect();
            (v.len() == 4).then(|| (v[3] - v[1]).abs())
        })
        .unwrap_or(792.0);
    sink.begin_page(height);
    let Some(page) = page_dict.take() else {
        return false;
    };
    let empty = Dictionary::new();
    let resources = resources.unwrap_or(&empty);
    let mut interp = Interp::new(doc, fonts, sink);
    let state = State::initial();
    match page.get(b"Contents").ok().map(|o| deref(doc, o)) {
        Some(Object::Stream(s)) => interp.run(&s.content, resources, state),
        Some(Object::Array(parts)) => {
            let mut all = Vec::new();
            let mut seen = Vec::new();
            for p in parts {
                // Each stream once, and no more bytes in all than one page may have.
                if let Object::Reference(id) = p {
                    if seen.contains(id) {
                        continue;
                    }
                    seen.push(*id);
                }
                if let Object::Stream(s) = deref(doc, p) {
                    if all.len() + s.content.len() > MAX_PAGE_CONTENT {
                        break;
                    }
                    all.extend_from_slice(&s.content);
                    all.push(b'\n');
                }
            }
            interp.run(&all, resources, state);
        }
        _ => {}
    }
    interp.work > MAX_PAGE_WORK
}

fn nums<const N: usize>(ops: &[Operand]) -> Option<[f64; N]> {
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (o, v) in out.iter_mut().zip(tail) {
        match v {
            Operand::Num(n) if n.is_finite() => *o = *n,
            _ => return None,
        }
    }
    Some(out)
}

impl Interp<'_, '_> {
    fn font(&mut self, resources: &Dictionary, key: &[u8]) -> Option<Arc<Font>> {
        let doc = self.doc;
        let fonts = get(doc, resources, b"Font")?.as_dict().ok()?;
        match fonts.get(key).ok()? {
            Object::Reference(id) => match self.fonts.by_id.get(id).or(self.by_ref.get(id)) {
                Some(f) => Some(f.clone()),
                None => {
                    let d = doc.get_dictionary(*id).ok()?;
                    let f = Arc::new(Font::decode(doc, d));
                    self.by_ref.insert(*id, f.clone());
                    Some(f)
                }
            },
            Object::Dictionary(d) => {
                let ptr = d as *const Dictionary;
                if let Some((_, f)) = self.direct.iter().find(|(p, _)| *p == ptr) {
                    return Some(f.clone());
                }
                let f = Arc::new(Font::decode(doc, d));
                self.direct.push((ptr, f.clone()));
                Some(f)
            }
            _ => None,
        }
    }

    fn run(&mut self, content: &[u8], resources: &Dictionary, mut gs: State) {
        let mut lx = Lexer::new(content);
        let mut saved: Vec<State> = Vec::new();
        let mut lost_saves = 0usize;
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        while let Some(op) = lx.next_op() {
            self.work += 1;
            if self.work > MAX_PAGE_WORK {
                return;
            }
            let ops = &lx.ops;
            match op {
                b"BT" | b"ET" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"q" => {
                    if saved.len() < MAX_SAVES {
                        saved.push(gs.clone());
                    } else {
                        lost_saves += 1;
                    }
                }
                b"Q" => {
                    if lost_saves > 0 {
                        lost_saves -= 1;
                    } else if let Some(s) = saved.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = nums::<6>(ops) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"Tf" => {
                    if let (Some(&Operand::Name(a, b)), Some(&Operand::Num(size))) = (
                        ops.len().checked_sub(2).and_then(|i| ops.get(i)),
                        ops.last(),
                    ) {
                        let key = lx.str_bytes(a, b).to_vec();
                        gs.font = self.font(resources, &key);
                        gs.size = if size.is_finite() { size } else { 0.0 };
                    }
                }
                b"Tc" => {
                    if let Some([v]) = nums::<1>(ops) {
                        gs.char_spacing = v;
                    }
                }
                b"Tw" => {
                    if let Some([v]) = nums::<1>(ops) {
                        gs.word_spacing = v;
                    }
                }
                b"Tz" => {
                    if let Some([v]) = nums::<1>(ops) {
                        gs.scaling = v / 100.0;
                    }
                }
                b"TL" => {
                    if let Some([v]) = nums::<1>(ops) {
                        gs.leading = v;
                    }
                }
                b"Ts" => {
                    if let Some([v]) = nums::<1>(ops) {
                        gs.rise = v;
                    }
                }
                b"Td" | b"TD" => {
                    if let Some([tx, ty]) = nums::<2>(ops) {
                        if op == b"TD" {
                            gs.leading = -ty;
                        }
                        tlm = translate(&tlm, tx, ty);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = nums::<6>(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = translate(&tlm, 0.0, -gs.leading);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        if op == b"\"" {
                            if let Some([aw, ac]) =
                                ops.len().checked_sub(1).and_then(|n| nums::<2>(&ops[..n]))
                            {
                                gs.word_spacing = aw;
                                gs.char_spacing = ac;
                            }
                        }
                        tlm = translate(&tlm, 0.0, -gs.leading);
                        tm = tlm;
                    }
                    if let Some(&Operand::Str(a, b)) = ops.last() {
                        self.show(&gs, &mut tm, lx.str_bytes(a, b));
                    }
                }
                b"TJ" => {
                    let start = ops
                        .iter()
                        .rposition(|o| *o == Operand::ArrayOpen)
                        .map_or(0, |i| i + 1);
                    for o in &ops[start..] {
                        match *o {
                            Operand::Str(a, b) => self.show(&gs, &mut tm, lx.str_bytes(a, b)),
                            Operand::Num(n) if n.is_finite() => {
                                let tx = -n / 1000.0 * gs.size * gs.scaling;
                                tm = translate(&tm, tx, 0.0);
                            }
                            _ => {}
                        }
                    }
                }
                b"Do" => {
                    if let Some(&Operand::Name(a, b)) = ops.last() {
                        let key = lx.str_bytes(a, b).to_vec();
                        self.form(resources, &key, &gs);
                    }
                }
                _ => {}
            }
            lx.clear();
        }
    }

    fn form(&mut self, resources: &Dictionary, key: &[u8], gs: &State) {
        if self.forms.len() >= MAX_FORM_DEPTH {
            return;
        }
        let doc = self.doc;
        let Some(xobjects) = get(doc, resources, b"XObject").and_then(|o| o.as_dict().ok()) else {
            return;
        };
        let Ok(Object::Reference(id)) = xobjects.get(key) else {
            return;
        };
        if self.forms.contains(id) {
            return;
        }
        let Ok(Object::Stream(s)) = doc.get_object(*id) else {
            return;
        };
        if s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) != Some(b"Form") {
            return;
        }
        let mut state = gs.clone();
        if let Some(m) = get(doc, &s.dict, b"Matrix").and_then(|o| o.as_array().ok()) {
            let v: Vec<f64> = m.iter().filter_map(|o| num(deref(doc, o))).collect();
            if let Ok(m) = <[f64; 6]>::try_from(v.as_slice()) {
                state.ctm = mul(&m, &state.ctm);
            }
        }
        let inner = get(doc, &s.dict, b"Resources")
            .and_then(|o| o.as_dict().ok())
            .unwrap_or(resources);
        self.forms.push(*id);
        self.run(&s.content, inner, state);
        self.forms.pop();
    }

    fn show(&mut self, gs: &State, tm: &mut Matrix, s: &[u8]) {
        let Some(font) = gs.font.as_deref() else {
            return;
        };
        self.work += s.len();
        if self.work > MAX_PAGE_WORK {
            return;
        }
        let mut i = 0;
        while let Some((code, len)) = font.next_code(s, i) {
            i += len;
            let (text, w0) = font.glyph(code);
            let tsm_tm = [
                gs.scaling * tm[0],
                gs.scaling * tm[1],
                tm[2],
                tm[3],
                gs.rise * tm[2] + tm[4],
                gs.rise * tm[3] + tm[5],
            ];
            let trm = mul(&tsm_tm, &gs.ctm);
            self.sink.glyph(&trm, w0, gs.size, text);
            let mut spacing = gs.char_spacing;
            if code == 32 && len == 1 {
                spacing += gs.word_spacing;
            }
            let tx = gs.scaling * (w0 * gs.size + spacing);
            *tm = translate(tm, tx, 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(String, Vec<f64>);
    impl GlyphSink for Collect {
        fn begin_page(&mut self, _height: f64) {}
        fn glyph(&mut self, trm: &[f64; 6], _w: f64, _size: f64, text: &str) {
            self.0.push_str(text);
            self.1.push(trm[4]);
        }
    }

    #[test]
    fn lexer_reads_strings_names_numbers_and_skips_inline_images() {
        let src =
            b"/F#31 -12.5 .5 (a\\(b\\)\\101\\\n(c)) <48 6> [1 (x)] Tj BI /W 1 ID \x00EI\xffEI EI q";
        let mut lx = Lexer::new(src);
        assert_eq!(lx.next_op(), Some(&b"Tj"[..]));
        let ops = lx.ops.clone();
        assert!(matches!(ops[0], Operand::Name(a, b) if lx.str_bytes(a, b) == b"F1"));
        assert_eq!(ops[1], Operand::Num(-12.5));
        assert_eq!(ops[2], Operand::Num(0.5));
        assert!(matches!(ops[3], Operand::Str(a, b) if lx.str_bytes(a, b) == b"a(b)A(c)"));
        assert!(matches!(ops[4], Operand::Str(a, b) if lx.str_bytes(a, b) == b"H`"));
        assert_eq!(ops[5], Operand::ArrayOpen);
        lx.clear();
        assert_eq!(lx.next_op(), Some(&b"BI"[..]));
        lx.clear();
        assert_eq!(lx.next_op(), Some(&b"ID"[..]));
        lx.clear();
        assert_eq!(lx.next_op(), Some(&b"q"[..]));
        assert_eq!(lx.next_op(), None);
    }

    #[test]
    fn cmaps_map_chars_ranges_and_arrays() {
        let cmap = parse_cmap(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar\n\
              2 beginbfrange <0044> <0046> <00E4> <0050> <0051> [<00F6> <00E5>] endbfrange",
        );
        assert_eq!(cmap.ranges, vec![(2, 0, 0xffff)]);
        let m: HashMap<u32, String> = cmap.unicode.into_iter().collect();
        assert_eq!(m[&3], " ");
        assert_eq!(m[&0x11], "fi");
        assert_eq!(m[&0x44], "ä");
        assert_eq!(m[&0x46], "æ");
        assert_eq!(m[&0x50], "ö");
        assert_eq!(m[&0x51], "å");
    }

    #[test]
    fn glyph_names_cover_nordic_letters_ligatures_and_dashes() {
        for (n, want) in [
            ("adieresis", "ä"),
            ("odieresis", "ö"),
            ("aring", "å"),
            ("Aring", "Å"),
            ("eacute", "é"),
            ("udieresis", "ü"),
            ("fi", "ﬁ"),
            ("fl", "ﬂ"),
            ("endash", "–"),
            ("emdash", "—"),
            ("quotedblright", "\u{201d}"),
            ("quoteright", "\u{2019}"),
            ("uni00E4", "ä"),
            ("u1F600", "😀"),
            ("a.sc", "a"),
            ("f_f_i", "ﬃ"),
            ("T_h", "Th"),
        ] {
            let mut s = String::new();
            assert!(glyph_name_to(n.as_bytes(), &mut s), "{n}");
            assert_eq!(s, want, "{n}");
        }
        assert!(!glyph_name_to(b"g123", &mut String::new()));
    }

    fn stream(dict: Dictionary, content: &[u8]) -> Object {
        Object::Stream(lopdf::Stream::new(dict, content.to_vec()))
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    /// A page with a Type0 font (Identity-H, ToUnicode, /W widths), a Type1 font with
    /// Differences, and a form XObject (scaled by its /Matrix) that shows text in its own font.
    fn sample() -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.5");
        let to_unicode = doc.add_object(stream(
            Dictionary::new(),
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0001> <004B> <0002> <00E4> endbfchar\n\
              1 beginbfrange <0003> <0004> [<0074> <00F6>] endbfrange\n\
              endcmap",
        ));
        let mut cid = Dictionary::new();
        cid.set("Type", name("Font"));
        cid.set("Subtype", name("CIDFontType2"));
        cid.set("DW", 500);
        cid.set(
            "W",
            Object::Array(vec![
                1.into(),
                Object::Array(vec![600.into(), 550.into()]),
                3.into(),
                4.into(),
                400.into(),
            ]),
        );
        let cid = doc.add_object(Object::Dictionary(cid));
        let mut t0 = Dictionary::new();
        t0.set("Type", name("Font"));
        t0.set("Subtype", name("Type0"));
        t0.set("BaseFont", name("ABCDEF+Arial"));
        t0.set("Encoding", name("Identity-H"));
        t0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid)]),
        );
        t0.set("ToUnicode", Object::Reference(to_unicode));
        let t0 = doc.add_object(Object::Dictionary(t0));
        let mut enc = Dictionary::new();
        enc.set("BaseEncoding", name("WinAnsiEncoding"));
        enc.set(
            "Differences",
            Object::Array(vec![
                1.into(),
                name("aring"),
                name("fi"),
                name("endash"),
                name("uni00D6"),
            ]),
        );
        let mut t1 = Dictionary::new();
        t1.set("Type", name("Font"));
        t1.set("Subtype", name("Type1"));
        t1.set("BaseFont", name("Helvetica"));
        t1.set("Encoding", Object::Dictionary(enc));
        let t1 = doc.add_object(Object::Dictionary(t1));
        let mut form_fonts = Dictionary::new();
        form_fonts.set("F9", Object::Reference(t1));
        let mut form_res = Dictionary::new();
        form_res.set("Font", Object::Dictionary(form_fonts));
        let mut form = Dictionary::new();
        form.set("Type", name("XObject"));
        form.set("Subtype", name("Form"));
        form.set(
            "Matrix",
            Object::Array(vec![
                2.into(),
                0.into(),
                0.into(),
                2.into(),
                100.into(),
                0.into(),
            ]),
        );
        form.set("Resources", Object::Dictionary(form_res));
        let form = doc.add_object(stream(form, b"BT /F9 10 Tf 0 10 Td (Form) Tj ET"));
        let mut fonts = Dictionary::new();
        fonts.set("F0", Object::Reference(t0));
        fonts.set("F1", Object::Reference(t1));
        let mut xobjects = Dictionary::new();
        xobjects.set("X1", Object::Reference(form));
        let mut res = Dictionary::new();
        res.set("Font", Object::Dictionary(fonts));
        res.set("XObject", Object::Dictionary(xobjects));
        let content = doc.add_object(stream(
            Dictionary::new(),
            b"q 1 0 0 1 0 0 cm BT /F0 10 Tf 72 700 Td <0001000200030004> Tj ET Q\n\
              BT /F1 12 Tf 14 TL 72 600 Td [(S) 100 (\\001) -250 (\\002n)] TJ T* (a\\003b \\004) Tj\n\
              2 0 (c) \" ET\n\
              q /X1 Do Q BI /W 2 /H 2 ID \x00\x01EI\x02 EI Q BT /F1 12 Tf 1 0 0 1 72 500 Tm (d) Tj ET",
        ));
        let mut page = Dictionary::new();
        page.set("Type", name("Page"));
        page.set("Contents", Object::Reference(content));
        page.set("Resources", Object::Dictionary(res));
        page.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
        );
        let page = doc.add_object(Object::Dictionary(page));
        (doc, page)
    }

    #[derive(Default)]
    struct Glyphs(Vec<(String, [f64; 6], f64, f64)>, f64);
    impl GlyphSink for Glyphs {
        fn begin_page(&mut self, height: f64) {
            self.1 = height;
        }
        fn glyph(&mut self, trm: &[f64; 6], w: f64, size: f64, text: &str) {
            self.0.push((text.to_string(), *trm, w, size));
        }
    }

    #[test]
    fn a_page_with_cid_simple_and_form_fonts_reads_with_positions() {
        let (doc, page_id) = sample();
        let fonts = Fonts::of(&doc);
        // Both fonts decoded once, up front, by id.
        assert_eq!(fonts.by_id.len(), 2);
        let mut g = Glyphs::default();
        page(&doc, &fonts, page_id, &mut g);
        assert_eq!(g.1, 842.0);
        let text: String = g.0.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(text, "KätöS\u{e5}\u{fb01}na\u{2013}b \u{d6}cFormd");
        // Type0 widths: /W array for CIDs 1–2, the 3–4 range, DW otherwise.
        let x: Vec<f64> = g.0.iter().map(|x| x.1[4]).collect();
        assert_eq!(g.0[0].2, 0.6);
        assert!(
            (x[1] - 78.0).abs() < 1e-9 && (x[2] - 83.5).abs() < 1e-9,
            "{x:?}"
        );
        assert_eq!(g.0[3].2, 0.4);
        // TJ: S (Helvetica 667) then -100/1000 em, then the Differences glyph.
        assert!((x[5] - (72.0 + 0.667 * 12.0 - 1.2)).abs() < 1e-9, "{x:?}");
        // T* moved down by TL; \" set word spacing 2 and moved down again.
        assert!((g.0[8].1[5] - 586.0).abs() < 1e-9);
        assert!((g.0[12].1[5] - 586.0).abs() < 1e-9);
        assert!((g.0[13].1[5] - 572.0).abs() < 1e-9);
        // The form: its Matrix scales by 2 and shifts by 100.
        let f = g.0.iter().position(|x| x.0 == "F").unwrap();
        assert_eq!((g.0[f].1[0], g.0[f].1[4], g.0[f].1[5]), (2.0, 100.0, 20.0));
        // After the inline image, the text goes on.
        assert_eq!(g.0.last().unwrap().1[5], 500.0);
    }

    #[test]
    fn hostile_cmaps_stay_bounded() {
        // A thousand full-plane ranges, each with a long destination, and too many code spaces.
        let mut src = b"200 begincodespacerange ".to_vec();
        src.extend(b"<00> <FF> ".repeat(200));
        src.extend(b"endcodespacerange 1000 beginbfrange ");
        let dst = format!("<{}>", "0041".repeat(5000));
        for _ in 0..1000 {
            src.extend(b"<0000> <FFFF> ");
            src.extend(dst.as_bytes());
            src.push(b' ');
        }
        src.extend(b"endbfrange");
        let cmap = parse_cmap(&src);
        assert_eq!(cmap.ranges.len(), MAX_CODE_RANGES);
        assert_eq!(cmap.unicode.len(), MAX_CMAP_ENTRIES);
        assert!(
            cmap.unicode
                .iter()
                .all(|(_, s)| s.chars().count() <= MAX_DST_UNITS)
        );
    }

    #[test]
    fn a_page_stops_at_its_work_limit() {
        let doc = Document::with_version("1.5");
        let fonts = Fonts {
            by_id: HashMap::new(),
        };
        let mut sink = Collect::default();
        let mut interp = Interp::new(&doc, &fonts, &mut sink);
        let content = b"q Q ".repeat(MAX_PAGE_WORK / 2 + 1000);
        interp.run(&content, &Dictionary::new(), State::initial());
        assert_eq!(interp.work, MAX_PAGE_WORK + 1);
    }

    #[test]
    fn malformed_content_never_panics() {
        let doc = Document::with_version("1.5");
        let fonts = Fonts {
            by_id: HashMap::new(),
        };
        let mut sink = Collect::default();
        let mut interp = Interp::new(&doc, &fonts, &mut sink);
        let state = State::initial();
        let mut deep = b"q ".repeat(5000);
        deep.extend_from_slice(&b"Q ".repeat(6000));
        for src in [
            &b"BT Tj TJ ' \" Td Tm cm Tf 1 2 3 Tf ( <zz [ ] ] << >> >> /#"[..],
            b"1e999999 2 Td -- 3 .. cm (unterminated",
            b"[ [ [ [ (a) 1 (b) TJ ET Do /X Do",
            &deep,
        ] {
            interp.run(src, &Dictionary::new(), state.clone());
        }
    }
}
