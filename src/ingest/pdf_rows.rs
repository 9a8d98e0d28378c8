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
//! Not done: rows that continue after a page break stay two rows (units never span pages).

use super::{Line, in_margin};
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

/// A part of a line: words with no gap of [`CELL_GAP`] font sizes between them.
#[derive(Debug, Clone)]
struct Part {
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

/// A page's lines with their parts (computed once), and the work the table search may still
/// do on it (lines looked at), so that no page, however hostile, makes it slow.
struct Page<'a> {
    lines: &'a [Line],
    parts: Vec<Vec<Part>>,
    budget: Cell<usize>,
}

impl Page<'_> {
    /// Count one line looked at; `false` when the page's budget is spent.
    fn spend(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    /// The column bands of line `i` as a header line, if it is one.
    fn header(&self, i: usize) -> Option<&[Part]> {
        let line = &self.lines[i];
        if in_margin(line) || !line.text.contains('\t') {
            return None;
        }
        let ps = &self.parts[i];
        let ok = (2..=8).contains(&ps.len())
            && ps.iter().all(|p| {
                p.text.split_whitespace().count() <= 6
                    && !p.text.ends_with(['.', '!', '?', ';'])
                    && p.text.chars().any(char::is_alphabetic)
            });
        ok.then_some(ps)
    }

    /// Does line `j` fit a table with `bands` whose header is at `top` and whose lowest line
    /// so far is at `bottom`?
    fn fits(&self, j: usize, bands: &[Part], top: f64, bottom: f64, size: f64) -> bool {
        let l = &self.lines[j];
        self.spend()
            && !in_margin(l)
            && !l.glyphs.is_empty()
            && l.y >= top - size * 0.3
            && l.y <= bottom + size * MAX_ROW_GAP
            && columns(&self.parts[j], bands, size).is_some()
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

    /// The end (exclusive) of the table whose header is line `h`.
    fn table_end(&self, h: usize, bands: &[Part]) -> usize {
        let (size, top) = (self.lines[h].size, self.lines[h].y);
        let mut bottom = top;
        let mut j = h + 1;
        while j < self.lines.len() && j - h < MAX_TABLE_LINES {
            if !self.fits(j, bands, top, bottom, size) {
                break;
            }
            let l = &self.lines[j];
            if let Some(own) = self.header(j) {
                let carry_on = self.extent(j, bands, top, bottom, size);
                let fresh = 1 + self.extent(j + 1, own, l.y, l.y, l.size);
                if fresh > carry_on {
                    break;
                }
            }
            bottom = bottom.max(l.y);
            j += 1;
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

/// The rows of the table `lines[h..end]` with `bands`, or `None` when rebuilding it would change
/// nothing or it has no row with two filled cells.
fn rows(page: &Page, h: usize, end: usize, bands: &[Part]) -> Option<Vec<Line>> {
    let lines = page.lines;
    let size = lines[h].size;
    // A line in a larger type over two columns is two headings, not a table's header.
    let body = lines[h + 1..end].iter().map(|l| l.size).fold(0.0, f64::max);
    if size > body * 1.1 {
        return None;
    }
    let mut cells: Vec<TableCell> = Vec::new();
    // Per column, the cell its last part went to.
    let mut last_in: Vec<Option<usize>> = vec![None; bands.len()];
    let mut prev_single: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().take(end).skip(h) {
        let ps = &page.parts[i];
        let cols = columns(ps, bands, size)?;
        let single = ps.len() == 1 && i > h;
        let mut this_single = None;
        for (p, &k) in ps.iter().zip(&cols) {
            let open = last_in[k].filter(|&c| {
                let cell = &cells[c];
                let dy = l.y - cell.last_y;
                single
                    && dy > size * 0.5
                    && dy < size * 1.45
                    && (prev_single == Some(c)
                        || continues(&cell.text, &p.text, cell.lines[0] == h))
            });
            let c = match open {
                Some(c) => {
                    let cell = &mut cells[c];
                    join(&mut cell.text, &p.text);
                    cell.last_y = l.y;
                    cell.lines.push(i);
                    cell.size = cell.size.max(l.size);
                    c
                }
                None => {
                    cells.push(TableCell {
                        band: k,
                        top: l.y,
                        last_y: l.y,
                        x0: p.x0,
                        text: p.text.clone(),
                        lines: vec![i],
                        size: l.size,
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
    let wrapped = cells.iter().any(|c| c.lines.len() > 1);
    let drawn_apart = grouped.iter().any(|row| {
        let first = cells[row[0]].lines[0];
        row.iter().any(|&c| cells[c].lines[0] != first)
    });
    let two_filled = grouped.iter().skip(1).any(|row| {
        let mut bands: Vec<usize> = row.iter().map(|&c| cells[c].band).collect();
        bands.dedup();
        bands.len() >= 2
    });
    if grouped.len() < 2 || !two_filled || !(wrapped || drawn_apart) {
        return None;
    }
    let height = lines[h].y / lines[h].at.max(f64::MIN_POSITIVE);
    let mut out = Vec::with_capacity(grouped.len());
    for (r, row) in grouped.iter().enumerate() {
        let mut texts = vec![String::new(); bands.len()];
        let mut row_size: f64 = 0.0;
        for &c in row {
            let cell = &cells[c];
            join(&mut texts[cell.band], &cell.text);
            row_size = row_size.max(cell.size);
        }
        let top = cells[row[0]].top;
        let cells: Vec<String> = texts.iter().map(|t| t.replace('|', "/")).collect();
        let text = format!("| {} |", cells.join(" | "));
        let at = if lines[h].at > 0.0 && height.is_finite() {
            (top / height).clamp(0.0, 1.0)
        } else {
            lines[h].at
        };
        out.push(Line::of_text(text, at, top, r == 0, row_size));
    }
    Some(out)
}

/// The page's lines with the tables found rebuilt as rows (see the module comment).
pub(super) fn rebuild(lines: Vec<Line>) -> Vec<Line> {
    if lines.len() > MAX_PAGE_LINES {
        return lines;
    }
    // (first line, end, rows) of each table rebuilt.
    let mut tables: Vec<(usize, usize, Vec<Line>)> = Vec::new();
    {
        let page = Page {
            lines: &lines,
            parts: lines.iter().map(parts).collect(),
            budget: Cell::new(MAX_PAGE_WORK),
        };
        let mut i = 0;
        while i < lines.len() && page.budget.get() > 0 {
            if let Some(bands) = page.header(i) {
                let end = page.table_end(i, bands);
                if let Some(rows) = rows(&page, i, end, bands) {
                    tables.push((i, end, rows));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
    if tables.is_empty() {
        return lines;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut tables = tables.into_iter().peekable();
    let mut break_next = false;
    for (i, mut l) in lines.into_iter().enumerate() {
        if let Some((start, end, _)) = tables.peek() {
            if i >= *start && i < *end {
                if i + 1 == *end {
                    let (_, _, rows) = tables.next().expect("peeked");
                    out.extend(rows);
                    break_next = true;
                }
                continue;
            }
        }
        // The line after a table starts a new block.
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
    use super::super::{Layout, pdf_text::GlyphSink};
    use super::rebuild;

    /// Draw `text` at (x, y) (PDF coordinates, y up) in a 10-point font whose glyphs are all
    /// half a font size wide.
    fn draw(dev: &mut Layout, x: f64, y: f64, text: &str) {
        for (i, c) in text.chars().enumerate() {
            let trm = [1.0, 0.0, 0.0, 1.0, x + 5.0 * i as f64, y];
            dev.glyph(&trm, 0.5, 10.0, c.encode_utf8(&mut [0; 4]));
        }
    }

    fn page(runs: &[(f64, f64, &str)]) -> Vec<String> {
        let mut dev = Layout::default();
        dev.begin_page(842.0);
        for (x, y, t) in runs {
            draw(&mut dev, *x, *y, t);
        }
        rebuild(dev.finish()).into_iter().map(|l| l.text).collect()
    }

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
        let lines: Vec<String> = rebuild(dev.finish()).into_iter().map(|l| l.text).collect();
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
        let lines = dev.finish();
        let n = lines.len();
        let started = std::time::Instant::now();
        let out = rebuild(lines);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert!(out.len() <= n);
    }
}
