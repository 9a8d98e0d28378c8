//! Page labels: the number a page prints, so that evidence can be cited the way an auditor
//! cites it ("p. 47" of a financial statement that is PDF page 49).
//!
//! Two sources, in this order:
//! 1. a PDF's `/PageLabels` number tree (PDF 32000-1 §12.4.2): ranges of pages, each with a
//!    numbering style (decimal, roman, letters), a prefix and a start value;
//! 2. the number printed on the page itself: a short line (or a tab-separated cell of one) in
//!    the top or bottom band of the page that is a page number — `12`, `- 12 -`, `12 (148)`,
//!    `12/148`, `Sivu 12`, `s. 12`, `Sida 12`, `Page 12`, or a roman numeral — and that goes up
//!    by one from page to page. A number is only taken when at least [`MIN_RUN`] pages agree on
//!    it (the same difference between printed number and page index, at most [`MAX_GAP`] pages
//!    apart), so a stray number in a footer or a table is not taken for a page number. Pages
//!    between two pages of one run that print no number of their own (a full-page picture, a
//!    landscape table) get the number the run gives them. A believed run also goes on over a
//!    few pages the numbering does not count (a section's title page): a page up to
//!    [`EXTEND_GAP`] pages on that prints the next number continues it, even alone.
//!
//! Work is per line of a page's margins, never per glyph.

use std::collections::{HashMap, HashSet};

/// Pages that must agree before printed numbers are believed (fewer in a shorter document, but
/// never fewer than two).
pub const MIN_RUN: usize = 3;
/// Most pages from one page of a run to the next (pages without a number in between are
/// allowed).
pub const MAX_GAP: usize = 10;

/// Farthest a believed run is continued over pages it does not count.
pub const EXTEND_GAP: usize = 3;

/// How a page number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Decimal,
    RomanUpper,
    RomanLower,
    LettersUpper,
    LettersLower,
}

/// `n` (≥ 1) written in `style`. Roman numerals above 4999 and letters beyond 50 repeats are
/// written as decimals (a label that long is a broken file, not a page number).
pub fn format(style: Style, n: u64) -> String {
    match style {
        Style::RomanUpper | Style::RomanLower if (1..5000).contains(&n) => {
            let r = roman(n);
            if style == Style::RomanLower {
                r.to_ascii_lowercase()
            } else {
                r
            }
        }
        Style::LettersUpper | Style::LettersLower if (1..=26 * 50).contains(&n) => {
            // A–Z, then AA–ZZ, then AAA–ZZZ, … (§12.4.2).
            let base = if style == Style::LettersUpper {
                b'A'
            } else {
                b'a'
            };
            let letter = char::from(base + ((n - 1) % 26) as u8);
            std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: u64) -> String {
    const PARTS: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in PARTS {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The value of a canonical roman numeral (`iv`, not `iiii`), all upper or all lower case.
fn parse_roman(s: &str) -> Option<(u64, Style)> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let style = if s.bytes().all(|b| b"ivxlcdm".contains(&b)) {
        Style::RomanLower
    } else if s.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        Style::RomanUpper
    } else {
        return None;
    };
    let value = |c: u8| -> i64 {
        match c.to_ascii_uppercase() {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            b'C' => 100,
            b'D' => 500,
            _ => 1000,
        }
    };
    let bytes = s.as_bytes();
    let mut n: i64 = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let v = value(c);
        if bytes.get(i + 1).is_some_and(|&next| value(next) > v) {
            n -= v;
        } else {
            n += v;
        }
    }
    let n = u64::try_from(n).ok().filter(|n| *n >= 1)?;
    (format(style, n) == s).then_some((n, style))
}

/// Words that may come before a printed page number (compared without case).
const PREFIXES: [&str; 8] = ["sivu", "sida", "sid.", "page", "s.", "p.", "s", "p"];

/// The page number a short piece of text is, if it is one: `12`, `- 12 -`, `– 12 –`,
/// `12 (148)`, `12/148`, `12 / 148`, `Sivu 12`, `Sivu 12 / 148`, `s. 12`, `Sida 12`,
/// `Page 12 of 148`, `iii`, `- IV -`. A total must not be smaller than the number.
pub fn printed_number(text: &str) -> Option<(u64, Style)> {
    let s = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'));
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let mut rest = s;
    for p in PREFIXES {
        if let Some(head) = s.get(..p.len()) {
            let after = &s[p.len()..];
            let joined = after.starts_with(|c: char| c.is_whitespace())
                || p.ends_with('.') && after.starts_with(|c: char| c.is_ascii_digit());
            if head.eq_ignore_ascii_case(p) && joined {
                rest = after.trim_start();
                break;
            }
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return parse_roman(rest);
    }
    if digits > 5 {
        return None;
    }
    let n: u64 = rest[..digits].parse().ok()?;
    if n == 0 {
        return None;
    }
    let tail = rest[digits..].trim();
    if tail.is_empty() {
        return Some((n, Style::Decimal));
    }
    // A total: `/ 148`, `(148)`, `of 148`, `av 148`, `(148)`.
    let total = if let Some(t) = tail.strip_prefix('/') {
        t.trim()
    } else if let Some(t) = tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        t.trim()
    } else {
        let lower = tail.get(..3).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("of " | "av ") => tail[3..].trim(),
            _ => return None,
        }
    };
    let total_digits = total.bytes().take_while(u8::is_ascii_digit).count();
    if total_digits == 0 || total_digits > 5 || total_digits != total.len() {
        return None;
    }
    let total: u64 = total.parse().ok()?;
    (total >= n).then_some((n, Style::Decimal))
}

/// The page numbers a page may print: each given line, and each tab-separated cell of it, that
/// [`printed_number`] reads.
pub fn candidates<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<(u64, Style)> {
    let mut out = Vec::new();
    for line in lines {
        let cells = std::iter::once(line).chain(line.split('\t').filter(|_| line.contains('\t')));
        for cell in cells {
            if let Some(c) = printed_number(cell) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Labels from the candidates of each page: a candidate is believed when it belongs to a run of
/// pages that agree on it (see the module comment).
pub fn labels_from_candidates(pages: &[Vec<(u64, Style)>]) -> Vec<Option<String>> {
    let n = pages.len();
    let min_run = MIN_RUN.min(n).max(2);
    // (style, printed number − page index) → pages that print a number with that difference.
    let mut by_offset: HashMap<(Style, i64), Vec<usize>> = HashMap::new();
    for (i, cands) in pages.iter().enumerate() {
        for &(value, style) in cands {
            let pages = by_offset
                .entry((style, value as i64 - i as i64))
                .or_default();
            if pages.last() != Some(&i) {
                pages.push(i);
            }
        }
    }
    // Runs: pages of one difference at most MAX_GAP apart.
    let mut runs: Vec<(Style, i64, Vec<usize>)> = Vec::new();
    for ((style, offset), pages) in by_offset {
        let mut run: Vec<usize> = Vec::new();
        for p in pages {
            if run.last().is_some_and(|&last| p - last > MAX_GAP) {
                runs.push((style, offset, std::mem::take(&mut run)));
            }
            run.push(p);
        }
        runs.push((style, offset, run));
    }
    runs.retain(|(_, _, pages)| pages.len() >= min_run);
    // Longer runs first; ties in page order, then by style and offset, so the result never
    // depends on hashing.
    runs.sort_by_key(|(style, offset, pages)| {
        (std::cmp::Reverse(pages.len()), pages[0], *style, *offset)
    });
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for (r, (_, _, pages)) in runs.iter().enumerate() {
        for &p in pages {
            owner[p].get_or_insert(r);
        }
    }
    // Pages between two pages of the same run take the run's number too.
    let mut last: Option<usize> = None;
    for p in 0..n {
        let Some(r) = owner[p] else { continue };
        if let Some(l) = last.filter(|&l| owner[l] == Some(r) && p - l <= MAX_GAP) {
            owner[l + 1..p].fill(Some(r));
        }
        last = Some(p);
    }
    let mut values: Vec<Option<(u64, Style)>> = owner
        .iter()
        .enumerate()
        .map(|(p, r)| {
            let (style, offset, _) = runs[(*r)?];
            u64::try_from(offset + p as i64)
                .ok()
                .filter(|v| *v >= 1)
                .map(|v| (v, style))
        })
        .collect();
    // A believed run goes on over pages the numbering does not count (a section's title
    // page): the next page, a few pages on, that prints the next number continues it; and so
    // backwards from the run's first page.
    let next = |p: usize, q: usize, values: &mut Vec<Option<(u64, Style)>>, step: i64| {
        if let (Some((v, style)), None) = (values[p], values[q]) {
            let want = v.checked_add_signed(step).filter(|w| *w >= 1);
            if let Some(w) = want.filter(|w| pages[q].contains(&(*w, style))) {
                values[q] = Some((w, style));
            }
        }
    };
    for q in 1..n {
        if let Some(p) = (q.saturating_sub(EXTEND_GAP)..q)
            .rev()
            .find(|&p| values[p].is_some())
        {
            next(p, q, &mut values, 1);
        }
    }
    for q in (0..n.saturating_sub(1)).rev() {
        if let Some(p) = (q + 1..(q + 1 + EXTEND_GAP).min(n)).find(|&p| values[p].is_some()) {
            next(p, q, &mut values, -1);
        }
    }
    values
        .into_iter()
        .map(|v| v.map(|(v, style)| format(style, v)))
        .collect()
}

/// Most words a line may have to be read as a page number line in plain text.
const SHORT_LINE_WORDS: usize = 6;

/// Labels of a plain text with form-feed pages: the first and the last non-blank line of each
/// page, when short, are read for a printed number. A single page has no label.
pub fn text_labels(pages: &[String]) -> Vec<Option<String>> {
    if pages.len() < 2 {
        return vec![None; pages.len()];
    }
    let cands: Vec<Vec<(u64, Style)>> = pages
        .iter()
        .map(|p| {
            let mut lines = p.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next();
            let last = lines.next_back();
            candidates(
                first
                    .into_iter()
                    .chain(last)
                    .filter(|l| l.split_whitespace().count() <= SHORT_LINE_WORDS),
            )
        })
        .collect();
    labels_from_candidates(&cands)
}

/// One range of a `/PageLabels` tree: style (`None`: prefix only), prefix, first value.
struct LabelRange {
    style: Option<Style>,
    prefix: String,
    start: u64,
}

impl LabelRange {
    fn label(&self, k: usize) -> Option<String> {
        let mut l = self.prefix.clone();
        if let Some(style) = self.style {
            l.push_str(&format(style, self.start.saturating_add(k as u64)));
        }
        (!l.trim().is_empty()).then_some(l)
    }
}

/// Most entries read from a `/PageLabels` tree, and its deepest nesting.
const MAX_RANGES: usize = 100_000;
const MAX_DEPTH: usize = 32;
/// Most characters kept of a label's prefix.
const MAX_PREFIX: usize = 40;

/// Labels of the `pages` pages of a PDF from its catalogue's `/PageLabels` number tree; `None`
/// when it has none (or none that can be read).
pub fn pdf_page_labels(doc: &lopdf::Document, pages: usize) -> Option<Vec<Option<String>>> {
    let catalog = doc.catalog().ok()?;
    let (_, tree) = doc.dereference(catalog.get(b"PageLabels").ok()?).ok()?;
    let mut ranges: Vec<(usize, LabelRange)> = Vec::new();
    let mut seen = HashSet::new();
    collect_ranges(doc, tree, 0, &mut seen, &mut ranges);
    if ranges.is_empty() {
        return None;
    }
    // Stable: the first entry for a page index wins.
    ranges.sort_by_key(|(start, _)| *start);
    ranges.dedup_by_key(|(start, _)| *start);
    let labels = (0..pages)
        .map(|i| {
            let at = ranges.partition_point(|(start, _)| *start <= i);
            let (start, range) = &ranges[at.checked_sub(1)?];
            range.label(i - start)
        })
        .collect();
    Some(labels)
}

fn collect_ranges<'a>(
    doc: &'a lopdf::Document,
    node: &'a lopdf::Object,
    depth: usize,
    seen: &mut HashSet<lopdf::ObjectId>,
    out: &mut Vec<(usize, LabelRange)>,
) {
    use lopdf::Object;
    let deref = |o: &'a Object| -> Option<&'a Object> { doc.dereference(o).ok().map(|(_, o)| o) };
    let Some(node) = deref(node).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(nums) = node
        .get(b"Nums")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_array().ok())
    {
        for pair in nums.chunks_exact(2) {
            if out.len() >= MAX_RANGES {
                return;
            }
            let key = deref(&pair[0]).and_then(|o| o.as_i64().ok());
            let dict = deref(&pair[1]).and_then(|o| o.as_dict().ok());
            let (Some(key), Some(dict)) = (key.and_then(|k| usize::try_from(k).ok()), dict) else {
                continue;
            };
            let get = |k: &[u8]| dict.get(k).ok().and_then(deref);
            let style = get(b"S")
                .and_then(|o| o.as_name().ok())
                .and_then(|n| match n {
                    b"D" => Some(Style::Decimal),
                    b"R" => Some(Style::RomanUpper),
                    b"r" => Some(Style::RomanLower),
                    b"A" => Some(Style::LettersUpper),
                    b"a" => Some(Style::LettersLower),
                    _ => None,
                });
            // A prefix is a few characters ("A-", "Liite "); a long one is cut so that a broken
            // file cannot make every page's label large.
            let prefix = get(b"P")
                .and_then(|o| lopdf::decode_text_string(o).ok())
                .map(|p| p.chars().take(MAX_PREFIX).collect())
                .unwrap_or_default();
            let start = get(b"St")
                .and_then(|o| o.as_i64().ok())
                .map_or(1, |s| s.max(1) as u64);
            out.push((
                key,
                LabelRange {
                    style,
                    prefix,
                    start,
                },
            ));
        }
    }
    if let Some(kids) = node
        .get(b"Kids")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_array().ok())
    {
        for kid in kids {
            if let Ok(id) = kid.as_reference() {
                if !seen.insert(id) {
                    continue;
                }
            }
            collect_ranges(doc, kid, depth + 1, seen, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u64) -> (u64, Style) {
        (n, Style::Decimal)
    }

    #[test]
    fn numbers_print_in_every_style() {
        assert_eq!(format(Style::Decimal, 47), "47");
        assert_eq!(format(Style::RomanLower, 4), "iv");
        assert_eq!(format(Style::RomanUpper, 1994), "MCMXCIV");
        assert_eq!(format(Style::LettersUpper, 1), "A");
        assert_eq!(format(Style::LettersUpper, 26), "Z");
        assert_eq!(format(Style::LettersLower, 28), "bb");
        assert_eq!(format(Style::RomanLower, 10_000), "10000");
        assert_eq!(parse_roman("xiv"), Some((14, Style::RomanLower)));
        assert_eq!(parse_roman("IX"), Some((9, Style::RomanUpper)));
        assert_eq!(parse_roman("iiii"), None);
        assert_eq!(parse_roman("Xi"), None);
        assert_eq!(parse_roman("VX"), None);
    }

    #[test]
    fn printed_page_numbers_are_read_in_their_usual_forms() {
        for (text, n) in [
            ("12", 12),
            ("- 12 -", 12),
            ("– 12 –", 12),
            ("12 (148)", 12),
            ("12/148", 12),
            ("12 / 148", 12),
            ("Sivu 12", 12),
            ("SIVU 12 / 148", 12),
            ("s. 12", 12),
            ("s.12", 12),
            ("Sida 12", 12),
            ("Sida 12 av 40", 12),
            ("Page 12 of 148", 12),
        ] {
            assert_eq!(printed_number(text), Some(d(n)), "{text}");
        }
        assert_eq!(printed_number("- iii -"), Some((3, Style::RomanLower)));
        for text in [
            "",
            "0",
            "2024 Tilinpäätös",
            "12.3.2024",
            "148/12",
            "12 (ks. liite)",
            "Sivut 12",
            "sivu",
            "123456",
            "12,5",
            "Liite 3",
            "s12",
        ] {
            assert_eq!(printed_number(text), None, "{text}");
        }
        assert_eq!(
            candidates(["Seinäjoen kaupunki\tTilinpäätös 2024\t47", "47"]),
            [d(47)]
        );
    }

    fn labels(pages: &[&[(u64, Style)]]) -> Vec<Option<String>> {
        labels_from_candidates(&pages.iter().map(|p| p.to_vec()).collect::<Vec<_>>())
    }

    fn some(labels: &[&str]) -> Vec<Option<String>> {
        labels
            .iter()
            .map(|l| (!l.is_empty()).then(|| l.to_string()))
            .collect()
    }

    #[test]
    fn a_run_of_numbers_becomes_labels_and_fills_its_gaps() {
        // A cover without a number, then 3, 4, (a picture page), 6, 7.
        assert_eq!(
            labels(&[&[], &[d(3)], &[d(4)], &[], &[d(6)], &[d(7)]]),
            some(&["", "3", "4", "5", "6", "7"])
        );
        // Roman front matter, then decimals from 1.
        let r = |n| (n, Style::RomanLower);
        assert_eq!(
            labels(&[&[r(1)], &[r(2)], &[r(3)], &[d(1)], &[d(2)], &[d(3)]]),
            some(&["i", "ii", "iii", "1", "2", "3"])
        );
    }

    #[test]
    fn stray_numbers_are_not_labels() {
        // A year on every page, a table total on one: no run.
        assert_eq!(
            labels(&[&[d(2024)], &[d(2024), d(15)], &[d(2024)], &[d(2024)]]),
            some(&["", "", "", ""])
        );
        // Two pages agree, but a longer document asks for three.
        assert_eq!(
            labels(&[&[], &[d(5)], &[d(6)], &[], &[], &[]]),
            some(&["", "", "", "", "", ""])
        );
        // A stray number on a numbered page does not move the label; one that happens to
        // fit a run elsewhere does not either.
        assert_eq!(
            labels(&[&[d(1)], &[d(2), d(9)], &[d(3)], &[d(4)]]),
            some(&["1", "2", "3", "4"])
        );
        // Two pages of a two-page document are enough.
        assert_eq!(labels(&[&[d(1)], &[d(2)]]), some(&["1", "2"]));
        // Runs too far apart are not joined through the gap.
        let mut far: Vec<Vec<(u64, Style)>> = vec![Vec::new(); 30];
        for p in [0, 1, 2, 25, 26, 27] {
            far[p] = vec![d(p as u64 + 1)];
        }
        let l = labels_from_candidates(&far);
        assert_eq!(l[2].as_deref(), Some("3"));
        assert_eq!(l[10], None);
        assert_eq!(l[25].as_deref(), Some("26"));
    }

    #[test]
    fn a_run_goes_on_over_pages_the_numbering_does_not_count() {
        // Seinäjoki's financial statement: section title pages print nothing and are not
        // counted; the pages after them go on from the last number, even one or two alone.
        assert_eq!(
            labels(&[
                &[d(1)],
                &[d(2)],
                &[d(3)],
                &[],
                &[d(4)],
                &[d(5)],
                &[],
                &[d(6)],
                &[],
                &[d(12), d(7)],
            ]),
            some(&["1", "2", "3", "", "4", "5", "", "6", "", "7"])
        );
        // Backwards too; but a number that does not follow is not taken.
        assert_eq!(
            labels(&[
                &[d(1)],
                &[],
                &[d(2)],
                &[d(3)],
                &[d(4)],
                &[],
                &[],
                &[],
                &[],
                &[d(5)]
            ]),
            some(&["1", "", "2", "3", "4", "", "", "", "", ""])
        );
    }

    #[test]
    fn text_pages_read_their_first_and_last_lines() {
        let pages: Vec<String> = [
            "Hyvinvointikertomus 2024\n\nKansilehti\n",
            "Johdanto\n\nTekstiä, jossa on luku 40 ja taulukko.\n\n- 2 -\n",
            "Sivu 3\nLiikunta lisääntyy.\n",
            "Kaupunki avasi 4 uimahallia.\n\n4\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(text_labels(&pages), some(&["", "2", "3", "4"]));
        assert_eq!(text_labels(&pages[..1]), [None]);
    }
}
