//! Table rows rebuilt from glyph positions: a table whose cells wrap over several lines (or are
//! drawn cell by cell, each cell's lines one after another) is read back as one line per row,
//! `| cell | cell |`, the form the structured formats give the segmenter.
//!
//! A table is only looked for under a header line: a line drawn as one line, outside the page's
//! margins, with a gap of two font sizes between two of its parts (a tab), two to eight parts
//! (split at gaps of [`CELL_GAP`] font sizes) of at most six words each, none ending a
//! sentence, each with a letter. Its parts give the column bands. The lines drawn after it
//! belong to the table while each of their parts starts at a column's start (or overlaps that
//! column's header), ends before the next column, no two parts fall into one column, and the
//! line is at most [`MAX_ROW_GAP`] font sizes below the table so far. A header-like line that
//! would carry on further as the header of a new table than as a row of the current one starts
//! that new table.
//!
//! Inside a table, a cell is a part and the lines that continue it in its column one line below:
//! a line drawn alone in that column right after the previous line of the same cell (a cell
//! drawn line by line), or one that continues its text (starts in lower case or with a digit, or
//! the cell's text so far ends with a hyphen or comma and not with a full stop). Cells that start
//! on the same baseline make one row. A table is rebuilt only when that changes something — a
//! cell spans several lines, or a row joins parts drawn apart — and it has a header and at least
//! one row with two filled cells; otherwise its lines stay as they were, so ordinary two-column
//! text (whose columns are drawn one after the other, never as one line with a gap), justified
//! paragraphs and tables of one line per row come out as before.
//!
//! Tables are looked for after the running headers and footers are removed (the lines keep
//! their parts, [`prepare`], when their glyphs are dropped), on all pages at once, so that a
//! table that runs to the last line of a page can go on at the top of the next: the next page's
//! first lines belong to it while they fit its column bands as above (they may sit in the top
//! margin, where the running header was, but a single part there with nothing of the table
//! right below it is the page's own header), none is in a larger type than the table, and none
//! would rather head a table of its own (a header-like first line, such as a repeated header,
//! always does, unless it starts in lower case); they end before the first table the page has
//! of its own. The lines of the next page are read as if they followed right below the table.
//! At the break, lines whose every part goes on with the open cell of its column by its text
//! (lower case, a digit, after a comma, hyphen or conjunction: no new row starts) continue the
//! row the break cut, which becomes one row; then rows start as on one page. The next page goes
//! on with the table only if a row the break cut goes on there or a row with two filled cells
//! starts there; else the pages stay as they were (a heading or paragraph in the first column
//! never joins the table). A page that has any line after the table (a footnote, a page
//! number the running lines did not catch) is not continued. A table may go on over several
//! pages, to at most
//! [`MAX_SPAN_LINES`] lines.
//!
//! Each row stays on the page its first line is on: units carry one page, so **a row cut by a
//! page break cites the page it starts on** (its text from the next page moves there), and a
//! row that starts on the next page cites that page. A page whose first rows go on with the
//! table the page before ended in starts with the line [`TABLE_CONTINUES`]; the segmenter then
//! keeps that table open over the break, so those rows keep its header row (and the facets its
//! cells give, as on the table's first page). The work stays bounded: each page's search, and
//! each look at a page's first lines for a continued table, has its own budget, every line is
//! in at most one table, and a continued table is read at most twice.

use super::{Line, in_margin};
use crate::ingest::guard;
use crate::segment::TABLE_CONTINUES;
use rayon::prelude::*;
use std::cell::Cell;

/// Gap between the parts of a line, in font sizes, that separates two cells.
const CELL_GAP: f64 = 1.2;
/// Most font sizes a table line may be below the table's lowest line so far (a blank line ends
/// the table).
const MAX_ROW_GAP: f64 = 1.9;
/// Most lines one table may have (also bounds the look-ahead).
const MAX_TABLE_LINES: usize = 400;
/// Pages with more lines than this are left as they are.
const MAX_PAGE_LINES: usize = 4000;
/// Lines the table search may look at on one page (a line is looked at again for each table
/// it might belong to); past it the rest of the page stays as it is.
const MAX_PAGE_WORK: usize = 200_000;
/// Most lines a table continued over page breaks may have on all its pages.
const MAX_SPAN_LINES: usize = MAX_PAGE_LINES;

/// A part of a line: words with no gap of [`CELL_GAP`] font sizes between them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Part {
    x0: f64,
    x1: f64,
    text: String,
}

/// The parts of a line, left to right.
fn parts(line: &Line) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut prev: Option<&super::Placed> = None;
    for g in &line.glyphs {
        let text = line.glyph_text(g);
        match prev {
            Some(p) => {
                let size = p.size.max(g.size);
                let gap = g.x - p.end;
                let last = out
                    .last_mut()
                    .expect("a part is open after the first glyph");
                if gap > size * CELL_GAP {
                    out.push(Part {
                        x0: g.x,
                        x1: g.end,
                        text: text.to_string(),
                    });
                } else {
                    if p.space_after || gap > size * 0.2 {
                        last.text.push(' ');
                    }
                    last.text.push_str(text);
                    last.x1 = last.x1.max(g.end);
                }
            }
            None => out.push(Part {
                x0: g.x,
                x1: g.end,
                text: text.to_string(),
            }),
        }
        prev = Some(g);
    }
    for p in &mut out {
        p.text = p.text.trim().to_string();
    }
    out.retain(|p| !p.text.is_empty());
    out
}

/// Keep each line's parts and drop its glyphs (tables are rebuilt from the parts, after the
/// running headers and footers are gone, by [`rebuild`]).
pub(super) fn prepare(lines: &mut [Line]) {
    for l in lines {
        l.parts = parts(l);
        l.glyphs = Vec::new();
        l.buf = String::new();
    }
}

/// A page's lines, and the work the table search may still do on it (lines looked at), so
/// that no page, however hostile, makes it slow.
struct Page<'a> {
    lines: &'a [Line],
    budget: Cell<usize>,
}

impl<'a> Page<'a> {
    fn new(lines: &'a [Line]) -> Self {
        Page {
            lines,
            budget: Cell::new(MAX_PAGE_WORK),
        }
    }

    /// Count one line looked at; `false` when the page's budget is spent.
    fn spend(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    /// The column bands of line `i` as a header line, if it is one.
    fn header(&self, i: usize) -> Option<&'a [Part]> {
        let line = &self.lines[i];
        if in_margin(line) || !line.text.contains('\t') {
            return None;
        }
        let ps = &line.parts;
        let ok = (2..=8).contains(&ps.len())
            && ps.iter().all(|p| {
                p.text.split_whitespace().count() <= 6
                    && !p.text.ends_with(['.', '!', '?', ';'])
                    && p.text.chars().any(char::is_alphabetic)
            });
        ok.then_some(&ps[..])
    }

    /// Does line `j` fit a table with `bands` whose header is at `top` and whose lowest line
    /// so far is at `bottom`?
    fn fits(&self, j: usize, bands: &[Part], top: f64, bottom: f64, size: f64) -> bool {
        self.fits_below(j, bands, top, bottom, size, false)
    }

    /// [`Page::fits`], and with `top_margin`, also in the page's top margin (where a table
    /// continued from the page before may start once the running lines are gone).
    fn fits_below(
        &self,
        j: usize,
        bands: &[Part],
        top: f64,
        bottom: f64,
        size: f64,
        top_margin: bool,
    ) -> bool {
        let l = &self.lines[j];
        self.spend()
            && (!in_margin(l) || top_margin && l.at < 0.5)
            && !l.parts.is_empty()
            && l.y >= top - size * 0.3
            && l.y <= bottom + size * MAX_ROW_GAP
            && columns(&l.parts, bands, size).is_some()
    }

    /// How many lines from `from` on belong to a table with `bands` (see [`Page::fits`]).
    fn extent(&self, from: usize, bands: &[Part], top: f64, mut bottom: f64, size: f64) -> usize {
        let mut n = 0;
        for j in (from..self.lines.len()).take(MAX_TABLE_LINES) {
            if !self.fits(j, bands, top, bottom, size) {
                break;
            }
            bottom = bottom.max(self.lines[j].y);
            n += 1;
        }
        n
    }

    /// Would the header-like line `j` rather start a table of its own than carry on as a line
    /// of the table with `bands` (it carries fewer lines on that way)? `tie` decides an even
    /// count.
    fn starts_fresh(
        &self,
        j: usize,
        own: &[Part],
        bands: &[Part],
        (top, bottom, size): (f64, f64, f64),
        tie: bool,
    ) -> bool {
        let l = &self.lines[j];
        let carry_on = self.extent(j, bands, top, bottom, size);
        let fresh = 1 + self.extent(j + 1, own, l.y, l.y, l.size);
        fresh > carry_on || tie && fresh == carry_on
    }

    /// The end (exclusive) of the table whose header is line `h`.
    fn table_end(&self, h: usize, bands: &[Part]) -> usize {
        let (size, top) = (self.lines[h].size, self.lines[h].y);
        let mut bottom = top;
        let mut j = h + 1;
        while j < self.lines.len() && j - h < MAX_TABLE_LINES {
            if !self.fits(j, bands, top, bottom, size) {
                break;
            }
            if let Some(own) = self.header(j) {
                if self.starts_fresh(j, own, bands, (top, bottom, size), false) {
                    break;
                }
            }
            bottom = bottom.max(self.lines[j].y);
            j += 1;
        }
        j
    }

    /// How many of the page's first lines (before line `limit`, where a table of the page's
    /// own starts) go on with a table with `bands` from the page before, whose header is in
    /// `size` and whose largest line is in `largest`: lines that fit the bands one below the
    /// other ([`Page::fits`]), none in a larger type, up to a line that would rather start a
    /// table of its own. A header-like first line is a new table's header (0).
    fn continuation(&self, bands: &[Part], size: f64, largest: f64, limit: usize) -> usize {
        let Some(first) = self.lines.first() else {
            return 0;
        };
        let top = first.y;
        let mut bottom = top;
        let mut j = 0;
        while j < limit.min(self.lines.len()) && j < MAX_TABLE_LINES {
            let l = &self.lines[j];
            if l.size > largest * 1.1 || !self.fits_below(j, bands, top, bottom, size, true) {
                break;
            }
            // A first line in lower case goes on with a cell: no header.
            let lower = j == 0
                && l.parts
                    .iter()
                    .all(|p| p.text.starts_with(char::is_lowercase));
            if let Some(own) = self.header(j).filter(|_| !lower) {
                if self.starts_fresh(j, own, bands, (top, bottom, size), j == 0) {
                    break;
                }
            }
            bottom = bottom.max(l.y);
            j += 1;
        }
        // A line alone in the top margin, far above the rest, is the page's own furniture (a
        // header that did not recur), not the table's.
        if j == 1 && in_margin(first) && first.parts.len() == 1 {
            return 0;
        }
        j
    }
}

/// The column of each part of a line under `bands`, or `None` when the line does not fit.
fn columns(parts: &[Part], bands: &[Part], size: f64) -> Option<Vec<usize>> {
    let tol = size * 1.5;
    let mut out: Vec<usize> = Vec::with_capacity(parts.len());
    for p in parts {
        let k = bands.iter().rposition(|b| b.x0 - tol <= p.x0)?;
        let b = &bands[k];
        let aligned = (p.x0 - b.x0).abs() <= tol || (p.x0 <= b.x1 && p.x1 >= b.x0);
        let inside = bands.get(k + 1).is_none_or(|n| p.x1 <= n.x0 + size * 0.3);
        if !aligned || !inside || out.contains(&k) {
            return None;
        }
        out.push(k);
    }
    (!out.is_empty()).then_some(out)
}

/// A cell being read: its column, first and last baseline, text and the lines it came from.
struct TableCell {
    band: usize,
    top: f64,
    last_y: f64,
    x0: f64,
    text: String,
    lines: Vec<usize>,
    size: f64,
}

/// Does `next` continue the text `prev` of a cell (rather than start a new row)? A header cell
/// (`in_header`) only by a number (`Tavoitetaso` / `2026`) or after a hyphen, comma or
/// conjunction: body text in lower case right under a header is a row of its own.
fn continues(prev: &str, next: &str, in_header: bool) -> bool {
    let first = next.chars().next();
    if prev.ends_with(['.', '!', '?', ':', ';']) {
        return false;
    }
    let open_end = prev.ends_with(['-', ',', '–'])
        || prev
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "ja" | "tai" | "sekä" | "eli" | "och" | "eller" | "samt"));
    let digit = first.is_some_and(|c| c.is_ascii_digit());
    if in_header {
        return open_end || digit;
    }
    open_end || digit || first.is_some_and(char::is_lowercase)
}

/// `next` appended to a cell's text: a word hyphenated over the line end is joined (as the text
/// normaliser joins it across lines), otherwise a space.
fn join(text: &mut String, next: &str) {
    let hyphenated = text.ends_with('-')
        && text[..text.len() - 1]
            .chars()
            .last()
            .is_some_and(char::is_alphabetic);
    let word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
    let lower = word.chars().next().is_some_and(char::is_lowercase);
    let conjunction = matches!(
        word.as_str(),
        "ja" | "tai" | "sekä" | "eli" | "että" | "och" | "eller" | "samt"
    );
    let range = text.ends_with(['-', '–'])
        && text
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit());
    if hyphenated && lower && !conjunction {
        text.pop();
    } else if !text.is_empty() && !range {
        text.push(' ');
    }
    text.push_str(next);
}

/// A line of a table as [`rows`] reads it: its baseline in the table's own coordinates (the
/// lines of a later page are placed right below the table so far), and whether it is the first
/// line of a later page.
struct Src<'a> {
    line: &'a Line,
    y: f64,
    seam: bool,
}

/// A rebuilt row: its line, the first and last table lines it was read from (indices into the
/// table's lines), and how many of its cells are filled.
struct Row {
    line: Line,
    first: usize,
    last: usize,
    filled: usize,
}

/// The rows of the table `src` (its header first) with `bands`, or `None` when it has no row
/// with two filled cells or (unless `force`) rebuilding it would change nothing.
fn rows(src: &[Src], bands: &[Part], force: bool) -> Option<Vec<Row>> {
    let size = src.first()?.line.size;
    // A line in a larger type over two columns is two headings, not a table's header.
    let body = src[1..].iter().map(|s| s.line.size).fold(0.0, f64::max);
    if size > body * 1.1 {
        return None;
    }
    let mut cells: Vec<TableCell> = Vec::new();
    // Per column, the cell its last part went to.
    let mut last_in: Vec<Option<usize>> = vec![None; bands.len()];
    let mut prev_single: Option<usize> = None;
    // From a page break on, lines whose every part goes on with the open cell of its column
    // (by its text: no new row starts there) continue the row the break cut.
    let mut carrying = false;
    for (i, s) in src.iter().enumerate() {
        let ps = &s.line.parts;
        let cols = columns(ps, bands, size)?;
        if s.seam {
            prev_single = None;
            carrying = true;
        }
        let single = ps.len() == 1 && i > 0;
        // One line below the cell's last line.
        let below = |cell: &TableCell| {
            let dy = s.y - cell.last_y;
            dy > size * 0.5 && dy < size * 1.45
        };
        let carried: Option<Vec<usize>> = if carrying {
            ps.iter()
                .zip(&cols)
                .map(|(p, &k)| {
                    last_in[k].filter(|&c| {
                        below(&cells[c])
                            && continues(&cells[c].text, &p.text, cells[c].lines[0] == 0)
                    })
                })
                .collect()
        } else {
            None
        };
        carrying = carried.is_some();
        let mut this_single = None;
        for (n, (p, &k)) in ps.iter().zip(&cols).enumerate() {
            let open = match &carried {
                Some(cs) => cs.get(n).copied(),
                None => last_in[k].filter(|&c| {
                    single
                        && below(&cells[c])
                        && (prev_single == Some(c)
                            || continues(&cells[c].text, &p.text, cells[c].lines[0] == 0))
                }),
            };
            let c = match open {
                Some(c) => {
                    let cell = &mut cells[c];
                    join(&mut cell.text, &p.text);
                    cell.last_y = s.y;
                    cell.lines.push(i);
                    cell.size = cell.size.max(s.line.size);
                    c
                }
                None => {
                    cells.push(TableCell {
                        band: k,
                        top: s.y,
                        last_y: s.y,
                        x0: p.x0,
                        text: p.text.clone(),
                        lines: vec![i],
                        size: s.line.size,
                    });
                    cells.len() - 1
                }
            };
            last_in[k] = Some(c);
            if single {
                this_single = Some(c);
            }
        }
        prev_single = this_single;
    }
    // Cells that start on one baseline make a row, and so does a cell that starts above the
    // last line of a row's cells (a paragraph of a cell, a line not read as continuing).
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        cells[a]
            .top
            .total_cmp(&cells[b].top)
            .then(cells[a].x0.total_cmp(&cells[b].x0))
    });
    let mut grouped: Vec<Vec<usize>> = Vec::new();
    let mut row_bottom = f64::NEG_INFINITY;
    for c in order {
        let cell = &cells[c];
        match grouped.last_mut() {
            Some(row) if cell.top <= row_bottom + size * 0.3 => {
                row.push(c);
                row_bottom = row_bottom.max(cell.last_y);
            }
            _ => {
                grouped.push(vec![c]);
                row_bottom = cell.last_y;
            }
        }
    }
    let filled = |row: &[usize]| {
        let mut bands: Vec<usize> = row.iter().map(|&c| cells[c].band).collect();
        bands.sort_unstable();
        bands.dedup();
        bands.len()
    };
    let wrapped = cells.iter().any(|c| c.lines.len() > 1);
    let drawn_apart = grouped.iter().any(|row| {
        let first = cells[row[0]].lines[0];
        row.iter().any(|&c| cells[c].lines[0] != first)
    });
    let two_filled = grouped.iter().skip(1).any(|row| filled(row) >= 2);
    if grouped.len() < 2 || !two_filled || !(force || wrapped || drawn_apart) {
        return None;
    }
    let mut out = Vec::with_capacity(grouped.len());
    for (r, row) in grouped.iter().enumerate() {
        let mut texts = vec![String::new(); bands.len()];
        let mut row_size: f64 = 0.0;
        for &c in row {
            let cell = &cells[c];
            join(&mut texts[cell.band], &cell.text);
            row_size = row_size.max(cell.size);
        }
        let texts: Vec<String> = texts.iter().map(|t| t.replace('|', "/")).collect();
        let text = format!("| {} |", texts.join(" | "));
        // The row stands where its top cell starts (on the page of that line).
        let top = src[cells[row[0]].lines[0]].line;
        let first = row.iter().map(|&c| cells[c].lines[0]).min().unwrap_or(0);
        let last = row
            .iter()
            .filter_map(|&c| cells[c].lines.last().copied())
            .max()
            .unwrap_or(first);
        out.push(Row {
            line: Line::of_text(text, top.at, top.y, r == 0, row_size),
            first,
            last,
            filled: filled(row),
        });
    }
    Some(out)
}

/// What the table search found on one page.
struct Found<'a> {
    /// Tables rebuilt: (first line, end, rows).
    tables: Vec<(usize, usize, Vec<Line>)>,
    /// The table that runs to the page's last line, rebuilt or not: its header line and bands.
    tail: Option<(usize, &'a [Part])>,
    /// The first line of the first table rebuilt or of the tail (else the page's length): a
    /// table continued from the page before ends before it.
    first: usize,
}

impl Found<'_> {
    fn none(len: usize) -> Self {
        Found {
            tables: Vec::new(),
            tail: None,
            first: len,
        }
    }
}

/// The tables of one page (see the module comment).
fn search(lines: &[Line]) -> Found<'_> {
    let mut found = Found::none(lines.len());
    if lines.len() > MAX_PAGE_LINES {
        return found;
    }
    let page = Page::new(lines);
    // Headers whose table runs to the page's last line.
    let mut to_end: Vec<(usize, &[Part])> = Vec::new();
    let mut i = 0;
    while i < lines.len() && page.budget.get() > 0 {
        if let Some(bands) = page.header(i) {
            let end = page.table_end(i, bands);
            if end == lines.len() {
                to_end.push((i, bands));
            }
            let src: Vec<Src> = lines[i..end]
                .iter()
                .map(|line| Src {
                    line,
                    y: line.y,
                    seam: false,
                })
                .collect();
            if let Some(rows) = rows(&src, bands, false) {
                found
                    .tables
                    .push((i, end, rows.into_iter().map(|r| r.line).collect()));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    // A page the search did not finish has no tail: what it did not look at may follow.
    if i >= lines.len() {
        let after = found.tables.last().map_or(0, |t| t.0);
        found.tail = to_end.into_iter().find(|&(h, _)| h >= after);
    }
    found.first = found
        .tables
        .first()
        .map(|t| t.0)
        .into_iter()
        .chain(found.tail.map(|t| t.0))
        .min()
        .unwrap_or(lines.len());
    found
}

/// Lines of a page replaced by others: (first line, end, the lines put in their place).
type Edit = (usize, usize, Vec<Line>);

/// A table continued over page breaks: the edits it makes on its pages, and the page and
/// first line of the table it replaces (rebuilt on its first page alone, or left as it was).
struct Span {
    edits: Vec<(usize, Edit)>,
    replaces: (usize, usize),
}

/// Where the lines of a later page go, below the table so far, in font sizes of its header:
/// one line below, as a cell's next line would be.
const PAGE_SEAM: f64 = 1.2;

/// The tables that continue over page breaks (see the module comment).
fn spans(pages: &[Vec<Line>], found: &[Found]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < pages.len() {
        let Some((h, bands)) = found.get(p).and_then(|f| f.tail) else {
            p += 1;
            continue;
        };
        let lines = &pages[p];
        let size = lines[h].size;
        let largest = lines[h..].iter().map(|l| l.size).fold(size, f64::max);
        // (page, first line, end) of each page's part of the table.
        let mut segs = vec![(p, h, lines.len())];
        let mut total = lines.len() - h;
        let mut q = p + 1;
        while let (Some(next), Some(f)) = (pages.get(q), found.get(q)) {
            let k = Page::new(next).continuation(bands, size, largest, f.first);
            if k == 0 || total + k > MAX_SPAN_LINES {
                break;
            }
            segs.push((q, 0, k));
            total += k;
            if k < next.len() {
                break;
            }
            q += 1;
        }
        match span(pages, segs, bands) {
            Some((span, last)) => {
                out.push(span);
                p = last.max(p + 1);
            }
            None => p += 1,
        }
    }
    out
}

/// The rows of a table whose parts `segs` are on several pages, and the last page it is on;
/// `None` when a later page's part neither goes on with a row the break cut nor starts a row
/// with two filled cells (the table is then cut before that page, once).
fn span(
    pages: &[Vec<Line>],
    mut segs: Vec<(usize, usize, usize)>,
    bands: &[Part],
) -> Option<(Span, usize)> {
    for pass in 0..2 {
        if segs.len() < 2 {
            return None;
        }
        let size = pages[segs[0].0][segs[0].1].size;
        let mut src: Vec<Src> = Vec::new();
        // Where each page's part starts among the table's lines.
        let mut seams: Vec<usize> = Vec::with_capacity(segs.len() + 1);
        let mut bottom = f64::NEG_INFINITY;
        for (s, &(q, a, b)) in segs.iter().enumerate() {
            let part = &pages[q][a..b];
            let shift = match part.first() {
                Some(first) if s > 0 => bottom + size * PAGE_SEAM - first.y,
                _ => 0.0,
            };
            seams.push(src.len());
            for (n, line) in part.iter().enumerate() {
                let y = line.y + shift;
                bottom = bottom.max(y);
                src.push(Src {
                    line,
                    y,
                    seam: s > 0 && n == 0,
                });
            }
        }
        seams.push(src.len());
        let rows = rows(&src, bands, true)?;
        let goes_on = |s: usize| {
            let (a, b) = (seams[s], seams[s + 1]);
            rows.iter().any(|r| {
                (r.first < a && r.last >= a) || (r.first >= a && r.first < b && r.filled >= 2)
            })
        };
        if let Some(s) = (1..segs.len()).find(|&s| !goes_on(s)) {
            if pass == 0 {
                segs.truncate(s);
                continue;
            }
            return None;
        }
        // Each row goes to the page its first line is on.
        let mut per_seg: Vec<Vec<Line>> = vec![Vec::new(); segs.len()];
        for r in rows {
            let s = seams.partition_point(|&a| a <= r.first).saturating_sub(1);
            if let Some(v) = per_seg.get_mut(s) {
                v.push(r.line);
            }
        }
        let mut edits = Vec::with_capacity(segs.len());
        for (s, (&(q, a, b), mut lines)) in segs.iter().zip(per_seg).enumerate() {
            if s > 0 {
                if let Some(first) = lines.first_mut() {
                    first.break_before = false;
                    let marker = Line::of_text(
                        TABLE_CONTINUES.to_string(),
                        first.at,
                        first.y,
                        false,
                        first.size,
                    );
                    lines.insert(0, marker);
                }
            }
            edits.push((q, (a, b, lines)));
        }
        let last = segs.last().map_or(0, |s| s.0);
        return Some((
            Span {
                edits,
                replaces: (segs[0].0, segs[0].1),
            },
            last,
        ));
    }
    None
}

/// The pages' lines with the tables found rebuilt as rows, tables that continue over a page
/// break read as one (see the module comment). Runs after the running headers and footers are
/// removed.
pub(super) fn rebuild(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    let edits: Vec<Vec<Edit>> = {
        let found: Vec<Found> = pages
            .par_iter()
            .map(|p| guard(|| search(p)).unwrap_or_else(|_| Found::none(p.len())))
            .collect();
        let spans = guard(|| spans(&pages, &found)).unwrap_or_default();
        let mut edits: Vec<Vec<Edit>> = Vec::with_capacity(pages.len());
        let replaced: Vec<(usize, usize)> = spans.iter().map(|s| s.replaces).collect();
        for (p, f) in found.into_iter().enumerate() {
            edits.push(
                f.tables
                    .into_iter()
                    .filter(|t| !replaced.contains(&(p, t.0)))
                    .collect(),
            );
        }
        for (p, e) in spans.into_iter().flat_map(|s| s.edits) {
            if let Some(v) = edits.get_mut(p) {
                v.push(e);
            }
        }
        for v in &mut edits {
            v.sort_by_key(|e| e.0);
        }
        edits
    };
    pages
        .into_iter()
        .zip(edits)
        .map(|(lines, e)| apply(lines, e))
        .collect()
}

/// A page's lines with `edits` (sorted, apart) made; the line after an edit starts a new block.
fn apply(lines: Vec<Line>, edits: Vec<Edit>) -> Vec<Line> {
    if edits.is_empty() {
        return lines;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut edits = edits.into_iter().peekable();
    let mut skip_to = 0;
    let mut break_next = false;
    for (i, mut l) in lines.into_iter().enumerate() {
        while edits.peek().is_some_and(|e| e.0 < i) {
            edits.next();
        }
        if let Some((_, end, rows)) = edits.next_if(|e| e.0 == i && i >= skip_to) {
            out.extend(rows);
            skip_to = end;
            break_next = true;
        }
        if i < skip_to {
            continue;
        }
        if break_next {
            l.break_before = true;
            break_next = false;
        }
        out.push(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Layout, Line, pdf_text::GlyphSink, render};
    use super::{prepare, rebuild};
    use crate::model::{Document, UnitKind};
    use crate::segment::{TABLE_CONTINUES, segment};

    /// Draw `text` at (x, y) (PDF coordinates, y up) in a 10-point font whose glyphs are all
    /// half a font size wide.
    fn draw(dev: &mut Layout, x: f64, y: f64, text: &str) {
        for (i, c) in text.chars().enumerate() {
            let trm = [1.0, 0.0, 0.0, 1.0, x + 5.0 * i as f64, y];
            dev.glyph(&trm, 0.5, 10.0, c.encode_utf8(&mut [0; 4]));
        }
    }

    /// A page's lines, laid out from runs of glyphs, as the reader keeps them.
    fn lay_out(runs: &[(f64, f64, &str)]) -> Vec<Line> {
        let mut dev = Layout::default();
        dev.begin_page(842.0);
        for (x, y, t) in runs {
            draw(&mut dev, *x, *y, t);
        }
        let mut lines = dev.finish();
        prepare(&mut lines);
        lines
    }

    fn pages(runs: &[&[(f64, f64, &str)]]) -> Vec<Vec<String>> {
        rebuild(runs.iter().map(|r| lay_out(r)).collect())
            .into_iter()
            .map(|p| p.into_iter().map(|l| l.text).collect())
            .collect()
    }

    fn page(runs: &[(f64, f64, &str)]) -> Vec<String> {
        pages(&[runs]).remove(0)
    }

    /// The units of pages rebuilt and rendered as the PDF reader does: (page, kind, text, the
    /// text of the unit that is the row's table header).
    fn units(runs: &[&[(f64, f64, &str)]]) -> Vec<(usize, UnitKind, String, Option<String>)> {
        let pages = rebuild(runs.iter().map(|r| lay_out(r)).collect());
        let doc = Document {
            id: "t.pdf".into(),
            path: "t.pdf".into(),
            pages: pages.iter().map(|p| render(p, 10.0)).collect(),
            page_labels: Vec::new(),
            encoding: "pdf",
            warnings: Vec::new(),
        };
        let units = segment(&doc).units;
        units
            .iter()
            .map(|u| {
                let header = u.table_header.map(|h| units[h].text.clone());
                (u.page, u.kind, u.text.clone(), header)
            })
            .collect()
    }

    const HEADER: [(f64, f64, &str); 2] = [(50.0, 700.0, "Tavoite"), (250.0, 700.0, "Mittari")];

    #[test]
    fn a_glyph_drawn_after_its_neighbour_joins_its_line_only_in_a_narrow_gap() {
        // `2 (` then `)` then the `8` between them, back to the left.
        let lines = page(&[
            (400.0, 800.0, "2 ("),
            (421.0, 800.0, ")"),
            (415.0, 800.0, "8"),
        ]);
        assert_eq!(lines, ["2 (8)"]);
        // A run drawn later into the gutter between two cells stays a line of its own.
        let lines = page(&[
            (50.0, 700.0, "Talous"),
            (300.0, 700.0, "Yhteensa"),
            (150.0, 700.0, "TA"),
        ]);
        assert_eq!(lines, ["Talous\tYhteensa", "TA"]);
    }

    #[test]
    fn a_long_line_drawn_twice_over_is_not_woven_glyph_by_glyph() {
        // A hostile page draws a 5,000-glyph line and then another into its gaps: weaving each
        // glyph of the second into the first would move thousands of glyphs per glyph
        // (quadratic time). Glyphs near the line's end may join it; the rest start lines of
        // their own, and no glyph is lost.
        let mut dev = Layout::default();
        dev.begin_page(842.0);
        // Glyphs two points wide every five points, then the same into the gaps.
        for start in [0.0, 2.5] {
            for i in 0..5000 {
                let trm = [1.0, 0.0, 0.0, 1.0, start + 5.0 * f64::from(i), 400.0];
                dev.glyph(&trm, 0.2, 10.0, "l");
            }
        }
        let mut lines = dev.finish();
        prepare(&mut lines);
        let lines: Vec<String> = rebuild(vec![lines])
            .into_iter()
            .flatten()
            .map(|l| l.text)
            .collect();
        assert!(lines.len() > 1, "{} lines", lines.len());
        let glyphs: usize = lines.iter().map(|l| l.matches('l').count()).sum();
        assert_eq!(glyphs, 10_000);
    }

    #[test]
    fn cells_drawn_one_after_the_other_become_one_row() {
        let lines = page(&[
            (50.0, 700.0, "Tavoite"),
            (250.0, 700.0, "Tilanne"),
            (50.0, 688.0, "Liikunta lisaantyy."),
            (50.0, 676.0, "Kylat mukaan."),
            (250.0, 688.0, "Toteutui"),
            (250.0, 676.0, "osittain."),
            (50.0, 600.0, "Tavoitteita seurataan."),
        ]);
        assert_eq!(
            lines,
            [
                "| Tavoite | Tilanne |",
                "| Liikunta lisaantyy. Kylat mukaan. | Toteutui osittain. |",
                "Tavoitteita seurataan."
            ]
        );
    }

    #[test]
    fn a_page_of_header_like_lines_stays_fast() {
        let runs: Vec<(f64, f64, String)> = (0..3000)
            .flat_map(|i| {
                let y = 800.0 - 0.25 * f64::from(i);
                [(50.0, y, format!("A{i}")), (250.0, y, "B".to_string())]
            })
            .collect();
        let mut dev = Layout::default();
        dev.begin_page(842.0);
        for (x, y, t) in &runs {
            draw(&mut dev, *x, *y, t);
        }
        let mut lines = dev.finish();
        prepare(&mut lines);
        let n = lines.len();
        let started = std::time::Instant::now();
        let out = rebuild(vec![lines]);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert!(out[0].len() <= n);
    }

    #[test]
    fn a_table_goes_on_after_a_page_break_under_its_header() {
        // Page 1 ends in the table (its cells drawn one after the other); page 2 goes on with
        // two rows in the same columns, then a paragraph.
        let first = [
            HEADER[0],
            HEADER[1],
            (50.0, 688.0, "Liikunta lisaantyy,"),
            (50.0, 676.0, "ja kylat mukaan"),
            (250.0, 688.0, "Kavijoita 500"),
        ];
        let second = [
            (50.0, 740.0, "Uimahalli valmistuu."),
            (250.0, 740.0, "Avattu 2026."),
            (50.0, 728.0, "Kirjasto uudistuu."),
            (250.0, 728.0, "Lainoja 10 000."),
            (50.0, 600.0, "Tavoitteita seurataan."),
        ];
        let out = pages(&[&first, &second]);
        assert_eq!(
            out[0],
            [
                "| Tavoite | Mittari |",
                "| Liikunta lisaantyy, ja kylat mukaan | Kavijoita 500 |"
            ]
        );
        assert_eq!(
            out[1],
            [
                TABLE_CONTINUES,
                "| Uimahalli valmistuu. | Avattu 2026. |",
                "| Kirjasto uudistuu. | Lainoja 10 000. |",
                "Tavoitteita seurataan."
            ]
        );
        // The rows on page 2 cite page 2 and keep the header on page 1.
        let u = units(&[&first, &second]);
        let header = Some("Tavoite | Mittari".to_string());
        assert_eq!(
            u[2..],
            [
                (
                    2,
                    UnitKind::TableRow,
                    "Uimahalli valmistuu. | Avattu 2026.".to_string(),
                    header.clone()
                ),
                (
                    2,
                    UnitKind::TableRow,
                    "Kirjasto uudistuu. | Lainoja 10 000.".to_string(),
                    header.clone()
                ),
                (
                    2,
                    UnitKind::Paragraph,
                    "Tavoitteita seurataan.".to_string(),
                    None
                ),
            ]
        );
        assert_eq!(u[1].3, header);
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_one_row_on_the_page_it_starts_on() {
        // The row's cells go on at the top of page 2 (in lower case, with a number), then a
        // new row starts.
        let first = [
            HEADER[0],
            HEADER[1],
            (50.0, 688.0, "Liikunta lisaantyy"),
            (250.0, 688.0, "Kavijoita"),
        ];
        let second = [
            (50.0, 740.0, "kylissa."),
            (250.0, 740.0, "500 vuodessa."),
            (50.0, 728.0, "Kirjasto uudistuu."),
            (250.0, 728.0, "Lainoja 10 000."),
        ];
        let out = pages(&[&first, &second]);
        assert_eq!(
            out[0],
            [
                "| Tavoite | Mittari |",
                "| Liikunta lisaantyy kylissa. | Kavijoita 500 vuodessa. |"
            ]
        );
        assert_eq!(
            out[1],
            [TABLE_CONTINUES, "| Kirjasto uudistuu. | Lainoja 10 000. |"]
        );
        // Only one cell goes on, and nothing of the table follows: the page keeps the rest.
        let second = [
            (250.0, 740.0, "500 vuodessa."),
            (50.0, 600.0, "Muuta tekstia."),
        ];
        let out = pages(&[&first, &second]);
        assert_eq!(
            out[0][1],
            "| Liikunta lisaantyy | Kavijoita 500 vuodessa. |"
        );
        assert_eq!(out[1], ["Muuta tekstia."]);
        let u = units(&[&first, &second]);
        assert_eq!(
            (u[1].0, u[1].2.as_str(), u[1].3.as_deref()),
            (
                1,
                "Liikunta lisaantyy | Kavijoita 500 vuodessa.",
                Some("Tavoite | Mittari")
            )
        );
        assert_eq!((u[2].0, u[2].1), (2, UnitKind::Paragraph));
    }

    #[test]
    fn a_next_page_in_other_columns_or_under_a_header_of_its_own_stays_apart() {
        let first = [
            HEADER[0],
            HEADER[1],
            (50.0, 688.0, "Liikunta lisaantyy."),
            (250.0, 688.0, "Kavijoita 500."),
        ];
        // Other columns: the second cell far right of the header's.
        let other = [
            (50.0, 740.0, "Kirjasto uudistuu."),
            (400.0, 740.0, "Lainoja 10 000."),
        ];
        let out = pages(&[&first, &other]);
        assert_eq!(
            out[0],
            ["Tavoite\tMittari", "Liikunta lisaantyy.\tKavijoita 500."]
        );
        assert_eq!(out[1], ["Kirjasto uudistuu.\tLainoja 10 000."]);
        // A header of its own (a table rebuilt on its page, and one that is not).
        let header = [
            (50.0, 740.0, "Arviointi"),
            (250.0, 740.0, "Tila"),
            (50.0, 728.0, "Toteutui osittain,"),
            (50.0, 716.0, "kylat mukana."),
            (250.0, 728.0, "Valmis."),
        ];
        let out = pages(&[&first, &header]);
        assert_eq!(out[0][0], "Tavoite\tMittari");
        assert_eq!(
            out[1],
            [
                "| Arviointi | Tila |",
                "| Toteutui osittain, kylat mukana. | Valmis. |"
            ]
        );
        let repeated = [
            (50.0, 740.0, "Tavoite"),
            (250.0, 740.0, "Mittari"),
            (50.0, 728.0, "Kirjasto uudistuu."),
            (250.0, 728.0, "Lainoja 10 000."),
        ];
        let out = pages(&[&first, &repeated]);
        assert_eq!(
            out[1],
            ["Tavoite\tMittari", "Kirjasto uudistuu.\tLainoja 10 000."]
        );
        // A heading-like line alone in the first column, then a paragraph: no row of the table.
        let heading = [
            (50.0, 740.0, "Toiminta"),
            (
                50.0,
                700.0,
                "Toiminta jatkuu ennallaan koko vuoden ajan kaikissa kylissa.",
            ),
        ];
        let out = pages(&[&first, &heading]);
        assert_eq!(out[1][0], "Toiminta");
        assert!(out.iter().flatten().all(|l| l != TABLE_CONTINUES));
        // A line alone in the top margin, in lower case: the page's header, not the row's end.
        let furniture = [
            (50.0, 800.0, "kaupunginhallitus"),
            (
                50.0,
                700.0,
                "Toiminta jatkuu ennallaan koko vuoden ajan kaikissa kylissa.",
            ),
        ];
        let open = [
            HEADER[0],
            HEADER[1],
            (50.0, 688.0, "Liikunta lisaantyy"),
            (250.0, 688.0, "Kavijoita 500."),
        ];
        let out = pages(&[&open, &furniture]);
        assert_eq!(out[0][1], "Liikunta lisaantyy\tKavijoita 500.");
        assert_eq!(out[1][0], "kaupunginhallitus");
        assert!(out.iter().flatten().all(|l| l != TABLE_CONTINUES));
    }

    #[test]
    fn tables_over_many_pages_stay_fast() {
        // Three hundred pages of rows in the header's columns, each row's first cell wrapped
        // onto the next line: one table would run over all of them.
        let texts: Vec<Vec<(f64, f64, String)>> = (0..300)
            .map(|p| {
                let mut runs = Vec::new();
                if p == 0 {
                    runs.push((50.0, 740.0, "Tavoite".to_string()));
                    runs.push((250.0, 740.0, "Mittari".to_string()));
                }
                for i in 0..25 {
                    let y = 728.0 - 24.0 * f64::from(i);
                    runs.push((50.0, y, format!("Rivi {p} {i}")));
                    runs.push((250.0, y, "Arvo.".to_string()));
                    runs.push((50.0, y - 12.0, "jatkuu".to_string()));
                }
                runs
            })
            .collect();
        let runs: Vec<Vec<(f64, f64, &str)>> = texts
            .iter()
            .map(|p| p.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect())
            .collect();
        let laid: Vec<Vec<Line>> = runs.iter().map(|r| lay_out(r)).collect();
        let n: usize = laid.iter().map(Vec::len).sum();
        let started = std::time::Instant::now();
        let out = rebuild(laid);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(out.len(), 300);
        // The table stops at the most lines one table may have; the pages after it stay.
        assert!(out[0][0].text.starts_with("| Tavoite"));
        assert!(out[1][0].text == TABLE_CONTINUES);
        assert!(out[299][0].text.starts_with("Rivi 299 0"));
        assert!(out.iter().map(Vec::len).sum::<usize>() <= n + 300);
    }
}
