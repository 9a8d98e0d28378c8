//! Stage 2, segment: a document's pages → units (headings, paragraphs, list items, table
//! rows), each knowing its page and heading path.
//!
//! Contract: never fails. Text it cannot structure becomes paragraphs; anything odd (an empty
//! page, an over-long paragraph that had to be cut) is recorded as a warning.
//!
//! Recognised layout, in plain text and Markdown:
//! - headings: `#`…`######` lines; numbered lines (`2.1 Liikunta`) without a final full stop;
//!   short all-capitals lines. Not headings: a table of contents' entries (dot leaders, page
//!   numbers; see [`toc_entries`]), numbered lines that continue or open a wrapped sentence or
//!   start with a year or date (`2026. Niissä …`), attachment file names, and numbered lines
//!   that do not fit the open numbering (an enumeration inside `1.4`). A heading's path is its
//!   ancestors: by level, by section number (`1.1` under `### 1.`), all-capitals and code-led
//!   labels below the open section; a `§` item of minutes closes all;
//! - list items: lines starting with `-`, `*`, `•`, `–` or `1)`/`a)`; continuation lines are
//!   joined to the item;
//! - table rows: lines with `|` cells (Markdown tables; the row above a `|---|` line is the
//!   header) or with tab-separated cells; a table's first row is its header;
//! - paragraphs: runs of other lines up to a blank line.

use crate::analyse::text::normalise;
use crate::model::{Document, Unit, UnitKind};

/// The first line of a page whose first rows go on with the table the page before ended in (a
/// PDF table continued over a page break, see `ingest::pdf_rows`): the rows keep that table's
/// header. Control characters only, so it is never a heading and never a unit's text.
pub(crate) const TABLE_CONTINUES: &str = "\u{1E}\u{1E}";

/// Paragraphs longer than this (bytes) are cut at sentence ends, with a warning.
const MAX_UNIT: usize = 4000;

#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub units: Vec<Unit>,
    pub warnings: Vec<String>,
}

pub fn segment(doc: &Document) -> Segmented {
    let mut s = Segmenter::default();
    let mut empty = Vec::new();
    for (pi, page) in doc.pages.iter().enumerate() {
        let page_no = pi + 1;
        let text = normalise(page);
        if text.trim().is_empty() && doc.pages.len() > 1 {
            empty.push(page_no.to_string());
        }
        s.page_label = doc.page_labels.get(pi).cloned().flatten();
        s.page(&text, page_no);
    }
    if !empty.is_empty() {
        let more = if empty.len() > 10 {
            format!(" and {} more", empty.len() - 10)
        } else {
            String::new()
        };
        let list = empty
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let pages = if empty.len() == 1 { "page" } else { "pages" };
        s.out
            .warnings
            .push(format!("{pages} {list}{more}: no text"));
    }
    if s.out.units.is_empty() {
        s.out.warnings.push("no text units found".into());
    }
    s.out
}

#[derive(Default)]
struct Segmenter {
    out: Segmented,
    /// (level, text, an all-capitals line) of the open headings.
    headings: Vec<(usize, String, bool)>,
    para: Vec<String>,
    para_kind: Option<UnitKind>,
    /// Header row of the table being read, and whether the table is still open.
    table_header: Option<usize>,
    in_table: bool,
    /// The last page with text ended in a table (which a page starting with
    /// [`TABLE_CONTINUES`] goes on with).
    table_at_break: bool,
    /// Depths of the section numbers of the `#` headings seen (`### 2. Selonteko`: 1).
    marked_up_depths: std::collections::BTreeSet<usize>,
    /// The open paragraph is a table of contents' entries.
    in_toc: bool,
    page: usize,
    page_label: Option<String>,
}

impl Segmenter {
    fn page(&mut self, text: &str, page: usize) {
        self.page = page;
        let lines: Vec<&str> = text.lines().collect();
        let toc = toc_entries(&lines);
        for (i, raw) in lines.iter().enumerate() {
            if i == 0 && *raw == TABLE_CONTINUES {
                // The table the page before ended in goes on: its rows keep its header.
                self.in_table = self.table_at_break;
                continue;
            }
            let line = raw.trim();
            if line.is_empty() {
                self.flush();
                self.in_table = false;
                continue;
            }
            if toc[i] {
                // An entry of a table of contents: never a heading (it would head everything up
                // to the next heading) nor a table row (tab leaders). The entries in a row form
                // one unit of their own, the contents block.
                if !self.in_toc {
                    self.flush();
                    self.in_toc = true;
                    self.para_kind = Some(UnitKind::Paragraph);
                }
                self.in_table = false;
                let entry = line.trim_start_matches('#').split_whitespace();
                self.para.push(entry.collect::<Vec<_>>().join(" "));
                continue;
            }
            if self.in_toc {
                self.flush();
            }
            if is_table_rule(line) {
                // Markdown `|---|---|`: the row before it was the header.
                continue;
            }
            if let Some(cells) = table_cells(raw) {
                self.flush();
                let next_is_rule = lines.get(i + 1).is_some_and(|l| is_table_rule(l.trim()));
                if !self.in_table || next_is_rule {
                    self.in_table = true;
                    self.table_header = Some(self.out.units.len());
                }
                let header = if self.table_header == Some(self.out.units.len()) {
                    None
                } else {
                    self.table_header
                };
                self.push(UnitKind::TableRow, cells.join(" | "), header);
                if let Some(u) = self.out.units.last_mut() {
                    u.cells = cells;
                }
                continue;
            }
            self.in_table = false;
            if let Some((level, title)) = heading(line) {
                let numbered =
                    !line.starts_with('#') && line.starts_with(|c: char| c.is_ascii_digit());
                if numbered && self.continues_sentence() {
                    // `… käynnistyy syksyllä` / `2025. Hanke …`: the line goes on with the
                    // open paragraph's sentence; it only happens to start with a number.
                    self.para.push(line.to_string());
                    continue;
                }
                if numbered && runs_on(line, lines.get(i + 1).map(|l| l.trim())) {
                    // The item or sentence goes on on the next line.
                    self.flush();
                    self.para_kind = Some(UnitKind::Paragraph);
                    self.para.push(line.to_string());
                    continue;
                }
                if numbered && !self.fits_numbering(title) {
                    // An item of an enumeration, on a line of its own: a unit of its own.
                    self.flush();
                    self.para_kind = Some(UnitKind::Paragraph);
                    self.para.push(line.to_string());
                    self.flush();
                    continue;
                }
                self.flush();
                // A short all-capitals line (`TOIMINTAKULUT`, `INVESTOINNIT`) or a line led by a
                // code rather than a section number (`100 VAALIT`, `90432 Vanhan Paukun`) is
                // most often a label inside the current section, a table's or a form's: it goes
                // below the open headings that are not such labels, and replaces the label
                // before it.
                let caps = !line.starts_with('#') && section_number(title).is_none();
                let level = if caps {
                    self.headings
                        .iter()
                        .rev()
                        .find(|h| !h.2)
                        .map_or(1, |h| h.0 + 1)
                } else {
                    self.level_by_number(level, title)
                };
                // A heading's own path is its ancestors: headings of its level or deeper
                // (its previous siblings and their children) are closed first, and so are
                // numbered headings whose number is not a prefix of its own (`1.6` at `2.`).
                let num = section_number(title);
                self.headings.retain(|(l, t, _)| {
                    *l < level
                        && match (&num, section_number(t)) {
                            (Some(m), Some(n)) => n.len() < m.len() && m.starts_with(&n),
                            _ => true,
                        }
                });
                self.push(UnitKind::Heading, title.to_string(), None);
                if let Some(n) = num.as_ref().filter(|_| line.starts_with('#')) {
                    self.marked_up_depths.insert(n.len());
                }
                self.headings.push((level, title.to_string(), caps));
                continue;
            }
            if crate::minutes::item_start(line).is_some() {
                // `§ 26 Tilinpäätös 2024`: a matter of minutes of its own; the headings of the
                // item before it (its attachment lists, its numbered decisions) are closed.
                self.flush();
                self.headings.clear();
            }
            if let Some(item) = list_item(line) {
                self.flush();
                self.para_kind = Some(UnitKind::ListItem);
                self.para.push(item.to_string());
                continue;
            }
            if self.para_kind.is_none() {
                self.para_kind = Some(UnitKind::Paragraph);
            }
            self.para.push(line.to_string());
        }
        // A page break ends a paragraph: units never span pages, so every unit has one page.
        // (A table row cut by a page break is joined by the PDF reader, on the page it starts
        // on.)
        self.flush();
        if lines
            .iter()
            .any(|l| !l.trim().is_empty() && *l != TABLE_CONTINUES)
        {
            self.table_at_break = self.in_table;
        }
        self.in_table = false;
    }

    /// The level of a heading that carries a section number, from the open headings' numbers
    /// rather than from its markup or its number's depth alone (a document that mixes the two,
    /// `### 1. Olennaiset tapahtumat` then `1.1 Kaupunginjohtajan katsaus`, would otherwise
    /// close `1.` at `1.1`): one below the deepest open heading whose number is a prefix of it,
    /// else the level of an open sibling (`1.2` after `1.1`), else `level`.
    fn level_by_number(&self, level: usize, title: &str) -> usize {
        let Some(num) = section_number(title) else {
            return level;
        };
        let numbered = || {
            self.headings
                .iter()
                .filter_map(|(l, t, _)| Some((*l, section_number(t)?)))
        };
        if let Some(parent) = numbered()
            .filter(|(_, n)| n.len() < num.len() && num.starts_with(n))
            .map(|(l, _)| l)
            .max()
        {
            return level.max(parent + 1);
        }
        numbered()
            .filter(|(_, n)| n.len() == num.len() && n[..n.len() - 1] == num[..num.len() - 1])
            .map(|(l, _)| l)
            .next_back()
            .unwrap_or(level)
    }

    /// Can a plain numbered line be a heading? Not at a depth whose numbered headings the
    /// document marks up. Inside `1.4` the Inside `1.4` the
    /// next heading is below it (`1.4.1`) or follows it or one of its ancestors (`1.5`, `2`; one
    /// number skipped for a heading not recognised): `4. Tasehallintatavoite` or `1. Jatkuvasti
    /// laadukas …` there is an item of an enumeration. With no numbered heading open, any fits.
    fn fits_numbering(&self, title: &str) -> bool {
        let Some(num) = section_number(title) else {
            return true;
        };
        if self.marked_up_depths.contains(&num.len()) {
            // The document marks its headings of this depth up (`### 2. Selonteko`, a larger
            // type): a plain `2. Lainamäärätavoite` is an item.
            return false;
        }
        let Some(open) = self
            .headings
            .iter()
            .rev()
            .find_map(|(_, t, _)| section_number(t))
        else {
            return true;
        };
        if num.len() > open.len() && num.starts_with(&open) {
            return true;
        }
        // Chapters may skip numbers (`5 Palvelut`, then `8 Liikunta`): any later chapter
        // follows a chapter; else one gap would demote every heading after it.
        if num.len() == 1 && open.len() == 1 && num[0] > open[0] {
            return true;
        }
        (0..num.len().min(open.len()))
            .any(|k| num[..k] == open[..k] && (open[k] + 1..=open[k] + 2).contains(&num[k]))
    }

    /// Does the open paragraph end in the middle of a sentence (a wrapped line that stops at a
    /// lowercase word, a comma, a hyphen or dash, a `§`)? Then its next line continues it.
    fn continues_sentence(&self) -> bool {
        if self.para_kind != Some(UnitKind::Paragraph) && self.para_kind != Some(UnitKind::ListItem)
        {
            return false;
        }
        let Some(last) = self.para.last() else {
            return false;
        };
        last.chars().count() >= WRAPPED_LINE
            && last
                .chars()
                .next_back()
                .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | '-' | '–' | '—' | '§' | '('))
    }

    fn flush(&mut self) {
        self.in_toc = false;
        if self.para.is_empty() {
            self.para_kind = None;
            return;
        }
        let text = self.para.join(" ");
        let kind = self.para_kind.take().unwrap_or(UnitKind::Paragraph);
        self.para.clear();
        if text.len() <= MAX_UNIT {
            self.push(kind, text, None);
            return;
        }
        let pieces = split_long(&text);
        self.out.warnings.push(format!(
            "page {}: a {}-byte paragraph was cut into {} units",
            self.page,
            text.len(),
            pieces.len()
        ));
        for p in pieces {
            self.push(kind, p, None);
        }
    }

    fn push(&mut self, kind: UnitKind, text: String, table_header: Option<usize>) {
        let heading_path = self.headings.iter().map(|(_, h, _)| h.clone()).collect();
        self.out.units.push(Unit {
            index: self.out.units.len(),
            kind,
            page: self.page,
            page_label: self.page_label.clone(),
            heading_path,
            text,
            table_header,
            cells: Vec::new(),
        });
    }
}

fn is_table_rule(line: &str) -> bool {
    line.starts_with('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// Cells of a table row: `| a | b |` (Markdown) or two or more tab-separated cells.
fn table_cells(raw: &str) -> Option<Vec<String>> {
    let line = raw.trim();
    let cells: Vec<String> = if line.starts_with('|') && line.len() > 1 {
        line.trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    } else if raw.contains('\t') {
        raw.split('\t')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    } else {
        return None;
    };
    (cells.len() >= 2).then_some(cells)
}

/// A paragraph line at least this long (characters) that stops mid-sentence was wrapped.
const WRAPPED_LINE: usize = 40;

/// Does a numbered line run on into the next line in lowercase (or with `§`)? Then it opens a
/// wrapped sentence or list item (`4. Jäsenten vaalikelpoisuudesta on … kuntalain 74` /
/// `§:ssä.`, `2. Yhtymähallitukseen kaksi (2) jäsentä ja` / `heille varajäsenet`), not a heading.
/// A heading wrapped inside a word (`1.2 Selonteko … järjestämi-` / `sestä`) stays one unless its
/// second line ends a sentence, which a heading never does.
fn runs_on(line: &str, next: Option<&str>) -> bool {
    let Some(next) = next.filter(|n| !n.is_empty()) else {
        return false;
    };
    if !next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c == '§')
    {
        return false;
    }
    let mut end = line.chars().rev();
    let broken_word = end.next() == Some('-') && end.next().is_some_and(char::is_alphabetic);
    !broken_word || next.ends_with(['.', '!', '?'])
}

/// Does the line end in a table of contents' dot leaders: a run of four or more dots (also
/// spaced, `. . . .`) or of two or more ellipses, followed by nothing but a page number?
fn has_leaders(line: &str) -> bool {
    let t = line.trim_end();
    // The page number after the leaders: Arabic digits or a lowercase Roman numeral.
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, 'i' | 'v' | 'x'));
    let body = body.trim_end_matches([' ', '\t', '\u{00A0}']);
    let lead = body.trim_end_matches(['.', '…', ' ', '\t', '\u{00A0}']);
    let run = &body[lead.len()..];
    let dots = run.chars().filter(|c| *c == '.').count();
    let ellipses = run.chars().filter(|c| *c == '…').count();
    dots >= 4 || ellipses >= 2 || (ellipses >= 1 && dots >= 1)
}

/// The page number a table-of-contents line ends with (`… 12`, `…… 12`), if any.
fn toc_page(line: &str) -> Option<u32> {
    let t = line.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let before = &t[..t.len() - digits];
    // `… 12` or `……12`, not `2.12` or `A12`.
    if !before.ends_with([' ', '\t', '.', '…', '\u{00A0}'])
        || before.trim_end().ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    // The title has words.
    if !before.chars().any(char::is_alphabetic) {
        return None;
    }
    t[t.len() - digits..].parse().ok()
}

/// Which lines of a page are entries of a table of contents:
/// - a line ending in dot leaders (with or without its page number) always;
/// - a line that would be a heading and ends in a page number (`3.2 Hyvinvointilautakunta 45`,
///   the leaders lost) when the page holds three or more lines with leaders, or when it is one
///   of three or more such lines in a row (blank lines between allowed) whose numbers do not
///   go down;
/// - on a page with three or more lines with leaders, a numbered line that would be a heading
///   and runs on into a line with leaders (an entry wrapped over two lines).
fn toc_entries(lines: &[&str]) -> Vec<bool> {
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let leaders: Vec<bool> = trimmed.iter().map(|l| has_leaders(l)).collect();
    let mut toc = leaders.clone();
    // Markup headings (`#`, from a format's own heading styles) are trusted unless they have
    // leaders.
    let is_heading = |l: &str| !l.starts_with('#') && heading(l).is_some();
    let page_of: Vec<Option<u32>> = trimmed
        .iter()
        .zip(&leaders)
        .map(|(l, &lead)| {
            if lead || is_heading(l) {
                toc_page(l)
            } else {
                None
            }
        })
        .collect();
    if leaders.iter().filter(|b| **b).count() >= 3 {
        for i in 0..lines.len() {
            if page_of[i].is_some() {
                toc[i] = true;
            }
            let wrapped = trimmed[i].starts_with(|c: char| c.is_ascii_digit())
                && is_heading(trimmed[i])
                && leaders.get(i + 1).copied().unwrap_or(false);
            if wrapped {
                toc[i] = true;
            }
        }
    }
    // Runs of lines that end in page numbers.
    let mut run: Vec<usize> = Vec::new();
    let close = |run: &mut Vec<usize>, toc: &mut Vec<bool>| {
        if run.len() >= 3 {
            for &j in run.iter() {
                toc[j] = true;
            }
        }
        run.clear();
    };
    for i in 0..lines.len() {
        if trimmed[i].is_empty() {
            continue;
        }
        match page_of[i] {
            Some(p) => {
                if run
                    .last()
                    .is_some_and(|&j| page_of[j].is_some_and(|q| q > p))
                {
                    close(&mut run, &mut toc);
                }
                run.push(i);
            }
            None => close(&mut run, &mut toc),
        }
    }
    close(&mut run, &mut toc);
    toc
}

/// Does the line end in a file name (an attachment list: `1 Kartta / Möttönen.pdf`)?
fn names_a_file(line: &str) -> bool {
    let Some((_, ext)) = line.rsplit_once('.') else {
        return false;
    };
    const EXTENSIONS: &[&str] = &[
        "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "txt", "jpg",
        "jpeg", "png", "zip",
    ];
    EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
}

/// The section number a heading begins with (`2.1 Liikunta` → `[2, 1]`; `3. Talous` → `[3]`):
/// components of one or two digits, so that a year or a cost centre (`2026`, `620`) is none.
fn section_number(title: &str) -> Option<Vec<u32>> {
    let num = title.split_whitespace().next()?;
    let parts: Vec<&str> = num.trim_end_matches('.').split('.').collect();
    parts
        .iter()
        .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| parts.iter().filter_map(|p| p.parse().ok()).collect())
}

/// A heading and its level, if the line is one.
fn heading(line: &str) -> Option<(usize, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        let t = line[hashes..].trim();
        return (!t.is_empty()).then_some((hashes, t));
    }
    if line.chars().count() > 90
        || names_a_file(line)
        || line.ends_with('.')
        || line.ends_with(',')
        || line.ends_with(':')
    {
        return None;
    }
    // Numbered heading: `3`, `3.2`, `3.2.1` followed by a capitalised title.
    let num: String = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if !num.is_empty() && num.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let rest = line[num.len()..].trim_start();
        let numbers = num.trim_end_matches('.').split('.').count();
        let long = num.split('.').any(|n| n.len() >= 4);
        if long && (numbers > 1 || num.ends_with('.')) {
            // `2026. Niissä määrärahat …`, `29.5.2024. Tilinpäätöksen …`: a year or a date that
            // ends a sentence on the line before; no section is numbered in the thousands.
            return None;
        }
        if rest.len() < line.len() - num.len()
            && rest.chars().next().is_some_and(char::is_uppercase)
            && num.len() <= 8
        {
            return Some((numbers, line));
        }
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase()) {
        return Some((1, line));
    }
    None
}

fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "• ", "– ", "— ", "▪ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    let mark: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
    if !mark.is_empty() && mark.chars().count() <= 2 && line[mark.len()..].starts_with(") ") {
        return Some(line[mark.len() + 2..].trim());
    }
    None
}

/// Cut an over-long paragraph at sentence ends into pieces of at most about `MAX_UNIT` bytes.
fn split_long(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        if cur.len() + word.len() > MAX_UNIT && !cur.is_empty() {
            pieces.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        if cur.len() > MAX_UNIT / 2
            && (word.ends_with('.') || word.ends_with('?') || word.ends_with('!'))
        {
            pieces.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        pieces.push(cur);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn doc(pages: &[&str]) -> Document {
        Document {
            id: "d.txt".into(),
            path: PathBuf::from("d.txt"),
            pages: pages.iter().map(|p| p.to_string()).collect(),
            page_labels: Vec::new(),
            encoding: "utf-8",
            warnings: Vec::new(),
        }
    }

    #[test]
    fn units_know_page_heading_and_kind() {
        let s = segment(&doc(&[
            "# Hyvinvointisuunnitelma\n\n## 2.1 Liikunta\n\nKunta lisää liikuntaa\nkaikille.\n\n- Uimahalli avataan.\n- Polut kunnostetaan\n  syksyllä.\n",
            "| Tavoite | Mittari |\n|---|---|\n| Liikunta lisääntyy | Kouluterveyskysely |\n",
        ]));
        let kinds: Vec<_> = s
            .units
            .iter()
            .map(|u| (u.kind, u.page, u.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (UnitKind::Heading, 1, "Hyvinvointisuunnitelma"),
                (UnitKind::Heading, 1, "2.1 Liikunta"),
                (UnitKind::Paragraph, 1, "Kunta lisää liikuntaa kaikille."),
                (UnitKind::ListItem, 1, "Uimahalli avataan."),
                (UnitKind::ListItem, 1, "Polut kunnostetaan syksyllä."),
                (UnitKind::TableRow, 2, "Tavoite | Mittari"),
                (
                    UnitKind::TableRow,
                    2,
                    "Liikunta lisääntyy | Kouluterveyskysely"
                ),
            ]
        );
        assert_eq!(
            s.units[2].heading_path,
            ["Hyvinvointisuunnitelma", "2.1 Liikunta"]
        );
        assert_eq!(s.units[6].table_header, Some(5));
        assert_eq!(s.units[5].table_header, None);
        // Table rows keep their cells, so no later stage splits `text` again.
        assert_eq!(
            s.units[6].cells,
            ["Liikunta lisääntyy", "Kouluterveyskysely"]
        );
        assert!(s.units[2].cells.is_empty());
    }

    #[test]
    fn a_page_that_goes_on_with_a_table_keeps_its_header() {
        let c = TABLE_CONTINUES;
        let header_of = |pages: &[&str]| -> Vec<(usize, String, Option<usize>)> {
            segment(&doc(pages))
                .units
                .into_iter()
                .map(|u| (u.page, u.text, u.table_header))
                .collect()
        };
        // Page 2 goes on with the table page 1 ended in: its rows keep the header on page 1.
        let table = "| Tavoite | Mittari |\n| Liikunta lisääntyy | Kävijät |";
        let next = format!("{c}\n| Uimahalli valmistuu | Avattu |\n\nMuuta.");
        assert_eq!(
            header_of(&[table, &next]),
            [
                (1, "Tavoite | Mittari".to_string(), None),
                (1, "Liikunta lisääntyy | Kävijät".to_string(), Some(0)),
                (2, "Uimahalli valmistuu | Avattu".to_string(), Some(0)),
                (2, "Muuta.".to_string(), None),
            ]
        );
        // Without the mark, or after a page that did not end in the table, a page's first row
        // heads a table of its own; the mark is never text.
        let plain = "| Uimahalli valmistuu | Avattu |";
        assert_eq!(header_of(&[table, plain])[2].2, None);
        let ended = format!("{table}\n\nMuuta.");
        let u = header_of(&[&ended, &next]);
        assert_eq!(u[3], (2, "Uimahalli valmistuu | Avattu".to_string(), None));
        assert!(u.iter().all(|(_, t, _)| !t.contains('\u{1E}')));
    }

    #[test]
    fn units_carry_the_label_of_their_page() {
        let mut d = doc(&["Kansi", "Johdanto", "Liikunta lisääntyy."]);
        d.page_labels = vec![None, Some("iii".into())];
        let labels: Vec<_> = segment(&d)
            .units
            .iter()
            .map(|u| (u.page, u.page_label.clone()))
            .collect();
        assert_eq!(labels, [(1, None), (2, Some("iii".to_string())), (3, None)]);
        // A unit cached before labels existed still reads, without one.
        let old = r#"{"index":0,"kind":"Paragraph","page":2,"heading_path":[],"text":"x","table_header":null}"#;
        let u: Unit = serde_json::from_str(old).unwrap();
        assert_eq!((u.page, u.page_label), (2, None));
    }

    #[test]
    fn long_paragraphs_are_cut_with_a_warning_and_empty_pages_noted() {
        let long = "Sana on tässä. ".repeat(1000);
        let s = segment(&doc(&[&long, "  "]));
        assert!(s.units.len() > 2);
        assert!(s.units.iter().all(|u| u.text.len() <= MAX_UNIT + 20));
        assert!(s.warnings.iter().any(|w| w.contains("cut into")));
        assert!(s.warnings.iter().any(|w| w == "page 2: no text"));
        let blank: Vec<&str> = vec![" "; 13];
        let s = segment(&doc(&blank));
        assert_eq!(
            s.warnings,
            [
                "pages 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more: no text",
                "no text units found"
            ]
        );
    }

    /// (kind is heading, text, heading path) of each unit.
    fn outline(pages: &[&str]) -> Vec<(bool, String, Vec<String>)> {
        segment(&doc(pages))
            .units
            .into_iter()
            .map(|u| (u.kind == UnitKind::Heading, u.text, u.heading_path))
            .collect()
    }

    fn path_of<'a>(o: &'a [(bool, String, Vec<String>)], text: &str) -> &'a [String] {
        &o.iter()
            .find(|u| u.1.starts_with(text))
            .unwrap_or_else(|| panic!("no unit {text:?} in {o:?}"))
            .2
    }

    #[test]
    fn table_of_contents_lines_are_entries_not_headings() {
        let toc = "SISÄLLYS\n\nI TOIMINTAKERTOMUS ............................ 1\n1.\tOlennaiset tapahtumat ........................ 1\n1.1 Kaupunginjohtajan katsaus .................. 2\n1.2 Talousarvion sitovuus ........ 12\n1.3 Yhteenveto toteutumisesta 14\nII TOTEUTUMISVERTAILU ………… 75\n";
        let plain = "3.1 Sivistyslautakunta 40\n\n3.2 Hyvinvointilautakunta 45\n3.3 Tekninen lautakunta 52\n";
        let body = "1 Johdanto\n\nKunta lisää liikuntaa.\n\n2.1 Tavoite 1\n\nTeksti yksi.\n\n2.2 Tavoite 2\n\nTeksti kaksi.";
        let o = outline(&[toc, plain, body]);
        let headings: Vec<&str> = o.iter().filter(|u| u.0).map(|u| u.1.as_str()).collect();
        assert_eq!(
            headings,
            ["SISÄLLYS", "1 Johdanto", "2.1 Tavoite 1", "2.2 Tavoite 2"]
        );
        // The entries in a row are one unit of their own (a tab leader does not make a table
        // row), under the contents' own title; they never enter a later unit's path.
        assert_eq!(path_of(&o, "I TOIMINTAKERTOMUS"), ["SISÄLLYS"]);
        assert!(o.iter().any(|u| u.1
            == "I TOIMINTAKERTOMUS ............................ 1 1. Olennaiset tapahtumat ........................ 1 1.1 Kaupunginjohtajan katsaus .................. 2 1.2 Talousarvion sitovuus ........ 12 1.3 Yhteenveto toteutumisesta 14 II TOTEUTUMISVERTAILU ………… 75"));
        assert!(o.iter().any(|u| u.1 == "3.1 Sivistyslautakunta 40"));
        assert_eq!(path_of(&o, "3.2 Hyvinvointilautakunta 45"), ["SISÄLLYS"]);
        assert_eq!(path_of(&o, "Kunta lisää"), ["1 Johdanto"]);
        // Headings that end in a number but are no run of entries stay headings.
        assert_eq!(path_of(&o, "Teksti kaksi"), ["2.2 Tavoite 2"]);
        assert!(has_leaders("Talousarvion sitovuus ........ 12"));
        assert!(has_leaders("Liite . . . . . iv"));
        assert!(!has_leaders("Kunta lisää liikuntaa..."));
        assert_eq!(toc_page("3.2 Hyvinvointilautakunta 45"), Some(45));
        assert_eq!(toc_page("1.1.1 Katsaus vuoteen 2024"), None);
    }

    #[test]
    fn wrapped_lines_that_start_with_a_year_or_number_are_no_headings() {
        // (A word broken over two lines is joined before segmenting.)
        let page = "1 Talous\n\nLisäksi kaupungissa on käynnistymässä uimahallin rakentamishanke syksyllä\n2025. Uimahallirakentaminen edellyttää laajaa osaamista, joten\ntoimi perustetaan.\n\nSuunnitelmissa on täyttää vapaana oleva opettajan tehtävä v.\n2026. Niissä määrärahat riittävät\n\nHallinto-oikeus on hylännyt valituksen valtuuston päätöksestä 16.9.2024 §\n63. Tämä ilmoitus on nähtävillä kaupungin verkkosivuilla\n\n4. Lautakunnan jäsenten vaalikelpoisuudesta on tarkemmat määräykset kuntalain 74\n§:ssä.\n29.5.2024. Tilinpäätöksen hyväksymistä käsiteltiin\n\n2 Kartta / Möttönen.pdf\n\n1.2 Selonteko sisäisen valvonnan järjestämi-\nsestä\n\nTeksti.";
        let o = outline(&[page]);
        let headings: Vec<&str> = o.iter().filter(|u| u.0).map(|u| u.1.as_str()).collect();
        assert_eq!(
            headings,
            [
                "1 Talous",
                "1.2 Selonteko sisäisen valvonnan järjestämisestä"
            ]
        );
        assert!(o.iter().any(|u| u.1
            == "Lisäksi kaupungissa on käynnistymässä uimahallin rakentamishanke syksyllä 2025. Uimahallirakentaminen edellyttää laajaa osaamista, joten toimi perustetaan."));
        // A numbered line that runs on into a lowercase line opens a unit of its own.
        assert!(o.iter().any(|u| u.1
            == "4. Lautakunnan jäsenten vaalikelpoisuudesta on tarkemmat määräykset kuntalain 74 §:ssä. 29.5.2024. Tilinpäätöksen hyväksymistä käsiteltiin"));
        assert_eq!(path_of(&o, "2 Kartta"), ["1 Talous"]);
        assert_eq!(
            path_of(&o, "Teksti."),
            [
                "1 Talous",
                "1.2 Selonteko sisäisen valvonnan järjestämisestä"
            ]
        );
    }

    #[test]
    fn a_heading_path_holds_ancestors_only() {
        let o = outline(&["# A\n\n## B\n\nx\n\n## C\n\n### D\n\ny\n\n## E\n\nz"]);
        assert_eq!(path_of(&o, "C"), ["A"], "not its previous sibling B");
        assert_eq!(path_of(&o, "D"), ["A", "C"]);
        assert_eq!(path_of(&o, "E"), ["A"]);
        assert_eq!(path_of(&o, "z"), ["A", "E"]);
    }

    #[test]
    fn a_gap_in_chapter_numbers_keeps_the_later_chapters_headings() {
        let o = outline(&[
            "4 Talous\n\nA.\n\n5 Palvelut\n\nB.\n\n8 Liikunta\n\nC.\n\n9 Kulttuuri\n\nD.\n\n10 Ikääntyneet\n\nE.",
        ]);
        assert_eq!(path_of(&o, "C."), ["8 Liikunta"]);
        assert_eq!(path_of(&o, "D."), ["9 Kulttuuri"]);
        assert_eq!(path_of(&o, "E."), ["10 Ikääntyneet"]);
    }

    #[test]
    fn numbers_and_labels_place_headings_in_the_outline() {
        // Markup levels and section numbers mixed, as a PDF's type sizes give them.
        let o = outline(&[
            "### 1. Olennaiset tapahtumat\n\n1.1 Katsaus\n\nTeksti yksi.\n\n1.2 Hallinto\n\nTeksti kaksi.\n\nTOIMINTAKULUT\nHenkilöstökulut 5\n\nTOIMINTATUOTOT\nMyyntituotot 3\n\n1.3 Talous\n\nTeksti kolme.\n\n### 2. Selonteko\n\nTeksti neljä.\n\n100 VAALIT\n\nTeksti viisi.",
        ]);
        assert_eq!(
            path_of(&o, "Teksti yksi"),
            ["1. Olennaiset tapahtumat", "1.1 Katsaus"]
        );
        assert_eq!(
            path_of(&o, "Teksti kaksi"),
            ["1. Olennaiset tapahtumat", "1.2 Hallinto"]
        );
        // An all-capitals label sits inside the section and gives way to the next label.
        assert_eq!(
            path_of(&o, "Myyntituotot"),
            ["1. Olennaiset tapahtumat", "1.2 Hallinto", "TOIMINTATUOTOT"]
        );
        assert_eq!(
            path_of(&o, "Teksti kolme"),
            ["1. Olennaiset tapahtumat", "1.3 Talous"]
        );
        assert_eq!(path_of(&o, "Teksti neljä"), ["2. Selonteko"]);
        assert_eq!(path_of(&o, "Teksti viisi"), ["2. Selonteko", "100 VAALIT"]);
        // An enumeration inside a numbered section is no heading.
        let o = outline(&[
            "1.4 Talouden kehitys\n\nTavoitteet ovat:\n\n1. Käyttötalous on tasapainossa\n\n4. Tasehallintatavoite\n\nTeksti.\n\n1.5 Ympäristö\n\n2 Toteutuminen\n\n2.1 Tavoitteet\n\n2.3 Käyttötalous",
        ]);
        let headings: Vec<&str> = o.iter().filter(|u| u.0).map(|u| u.1.as_str()).collect();
        assert_eq!(
            headings,
            [
                "1.4 Talouden kehitys",
                "1.5 Ympäristö",
                "2 Toteutuminen",
                "2.1 Tavoitteet",
                "2.3 Käyttötalous"
            ]
        );
        assert_eq!(path_of(&o, "Teksti."), ["1.4 Talouden kehitys"]);
        // Where chapters are marked up, a plain `2.` line is an item.
        let o = outline(&[
            "## 1. Olennaiset tapahtumat\n\n1.4 Talous\n\n2. Lainamäärätavoite\n\nTeksti.\n\n## 2. Selonteko\n\nTeksti kaksi.",
        ]);
        assert_eq!(
            path_of(&o, "Teksti."),
            ["1. Olennaiset tapahtumat", "1.4 Talous"]
        );
        assert_eq!(path_of(&o, "Teksti kaksi"), ["2. Selonteko"]);
        // A `§` item of minutes closes the headings of the item before it.
        let o = outline(&[
            "1 Kartta Lapuasta\n\n§ 80 Kulttuuritoimen avustukset\n\nAvustuksia myönnetään.",
        ]);
        assert_eq!(path_of(&o, "Avustuksia"), [] as [String; 0]);
    }
}
