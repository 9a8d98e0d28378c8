//! The light markup every structured format is turned into, which the segmenter reads:
//! `#` headings, `- ` list items, `| a | b |` table rows (consecutive rows form one table, the
//! first is its header), blank lines between blocks and form feeds between pages.

#[derive(Default)]
pub struct Blocks {
    out: String,
    in_table: bool,
}

impl Blocks {
    fn start_block(&mut self) {
        if self.in_table {
            self.in_table = false;
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with('\u{000C}') {
            self.out.push_str(if self.out.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
    }

    fn clean(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn heading(&mut self, level: usize, text: &str) {
        let text = Self::clean(text);
        if text.is_empty() {
            return;
        }
        self.start_block();
        self.out.push_str(&"#".repeat(level.clamp(1, 6)));
        self.out.push(' ');
        self.out.push_str(&text);
    }

    pub fn paragraph(&mut self, text: &str) {
        let text = Self::clean(text);
        if text.is_empty() {
            return;
        }
        self.start_block();
        // A paragraph that happens to start like markup is kept as text.
        if text.starts_with('#') || text.starts_with('|') || text.starts_with("- ") {
            self.out.push(' ');
        }
        self.out.push_str(&text);
    }

    pub fn item(&mut self, text: &str) {
        let text = Self::clean(text);
        if text.is_empty() {
            return;
        }
        self.start_block();
        self.out.push_str("- ");
        self.out.push_str(&text);
    }

    pub fn row(&mut self, cells: &[String]) {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| Self::clean(c).replace('|', "/"))
            .collect();
        if cells.iter().all(String::is_empty) {
            return;
        }
        if self.in_table {
            self.out.push('\n');
        } else {
            self.start_block();
            self.in_table = true;
        }
        self.out.push_str("| ");
        self.out.push_str(&cells.join(" | "));
        self.out.push_str(" |");
    }

    pub fn end_table(&mut self) {
        self.in_table = false;
    }

    pub fn page_break(&mut self) {
        self.in_table = false;
        if !self.out.is_empty() && !self.out.ends_with('\u{000C}') {
            self.out.push('\u{000C}');
        }
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Table bookkeeping shared by the XML readers: tables nested inside a cell are flattened into
/// that cell's text.
#[derive(Default)]
pub struct Tables {
    depth: usize,
    row: Vec<String>,
    cell: String,
}

impl Tables {
    pub fn in_table(&self) -> bool {
        self.depth > 0
    }
    pub fn start_table(&mut self) {
        self.depth += 1;
    }
    pub fn end_table(&mut self, b: &mut Blocks) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            b.end_table();
        }
    }
    pub fn start_row(&mut self) {
        if self.depth == 1 {
            self.row.clear();
        }
    }
    pub fn end_row(&mut self, b: &mut Blocks) {
        if self.depth == 1 {
            b.row(&std::mem::take(&mut self.row));
        }
    }
    pub fn start_cell(&mut self) {
        if self.depth == 1 {
            self.cell.clear();
        }
    }
    pub fn end_cell(&mut self) {
        if self.depth == 1 {
            self.row.push(std::mem::take(&mut self.cell));
        }
    }
    /// A paragraph of text inside the current cell.
    pub fn text(&mut self, text: &str) {
        if !self.cell.is_empty() {
            self.cell.push(' ');
        }
        self.cell.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::Blocks;

    #[test]
    fn blocks_render_as_the_segmenter_expects() {
        let mut b = Blocks::default();
        b.heading(2, " Liikunta ");
        b.paragraph("Kunta  lisää\nliikuntaa.");
        b.item("Uimahalli");
        b.row(&["Tavoite".into(), "Mittari".into()]);
        b.row(&["Liikunta | lisääntyy".into(), "Käyttökerrat".into()]);
        b.end_table();
        b.page_break();
        b.paragraph("# ei otsikko");
        assert_eq!(
            b.finish(),
            "## Liikunta\n\nKunta lisää liikuntaa.\n\n- Uimahalli\n\n| Tavoite | Mittari |\n| Liikunta / lisääntyy | Käyttökerrat |\u{000C} # ei otsikko"
        );
    }
}
