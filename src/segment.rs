//! Stage 2, segment: a document's pages → units (headings, paragraphs, list items, table
//! rows), each knowing its page and heading path.
//!
//! Contract: never fails. Text it cannot structure becomes paragraphs; anything odd (an empty
//! page, an over-long paragraph that had to be cut) is recorded as a warning.
//!
//! Recognised layout, in plain text and Markdown:
//! - headings: `#`…`######` lines; numbered lines (`2.1 Liikunta`) without a final full stop;
//!   short all-capitals lines;
//! - list items: lines starting with `-`, `*`, `•`, `–` or `1)`/`a)`; continuation lines are
//!   joined to the item;
//! - table rows: lines with `|` cells (Markdown tables; the row above a `|---|` line is the
//!   header) or with tab-separated cells; a table's first row is its header;
//! - paragraphs: runs of other lines up to a blank line.

use crate::analyse::text::normalise;
use crate::model::{Document, Unit, UnitKind};

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
    /// (level, text) of the open headings.
    headings: Vec<(usize, String)>,
    para: Vec<String>,
    para_kind: Option<UnitKind>,
    /// Header row of the table being read, and whether the table is still open.
    table_header: Option<usize>,
    in_table: bool,
    page: usize,
    page_label: Option<String>,
}

impl Segmenter {
    fn page(&mut self, text: &str, page: usize) {
        self.page = page;
        let lines: Vec<&str> = text.lines().collect();
        for (i, raw) in lines.iter().enumerate() {
            let line = raw.trim();
            if line.is_empty() {
                self.flush();
                self.in_table = false;
                continue;
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
                self.flush();
                self.push(UnitKind::Heading, title.to_string(), None);
                self.headings.retain(|(l, _)| *l < level);
                self.headings.push((level, title.to_string()));
                continue;
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
        self.flush();
        self.in_table = false;
    }

    fn flush(&mut self) {
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
        let heading_path = self.headings.iter().map(|(_, h)| h.clone()).collect();
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

/// A heading and its level, if the line is one.
fn heading(line: &str) -> Option<(usize, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        let t = line[hashes..].trim();
        return (!t.is_empty()).then_some((hashes, t));
    }
    if line.chars().count() > 90
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
}
