//! Council and committee minutes (pöytäkirja, protokoll): a document whose `§` items are
//! matters of their own. Like the financial statement's two-level book, each item is a section
//! with its own level — the item's title names the document it carries (`§ 26 Tilinpäätös
//! 2024`, `§ 99 Talousarvio 2026 …`, `§ 17 Talousarvion toteutuminen … (neljännesvuosiraportti)`)
//! — or none: most items (appointments, land use, procurement) are no part of the chain.
//!
//! - A document is minutes when a `[minutes]` title cue of `levels.toml` is in its file name or
//!   in a short unit of its first pages, or a `[minutes]` body cue (`käsitellyt asiat`,
//!   `pöytäkirjan tarkastus`, `protokolljustering`) is in its opening units; and at least
//!   [`MIN_ITEMS`] items are found. A manifest's level for the file wins: it is then one
//!   document of that level.
//! - An item starts at a unit (not a table row) that begins `§ 12 Title` or `12 § Title`, the
//!   title beginning with a capital letter. The table of contents lists the same numbers first,
//!   so a candidate whose number comes again later is dropped; of the rest, the longest run of
//!   rising numbers is kept (a decision list inside an item, `§ 74 … Päätöksestä ilmoitetaan`,
//!   quotes other numbers).
//! - An item's level is [`classify::title_level`] of its title (the head cue after more
//!   specific cues have won), and none when the title holds an `external` cue of `[minutes]`
//!   (a request for a statement on another body's budget, a ministry's programme).
//!   Units before the first item (cover, list of items, attendance) have no level.

use crate::analyse::lexicon::{Lexicon, Term};
use crate::analyse::{matcher, text};
use crate::classify;
use crate::model::{Level, Unit, UnitKind};
use std::collections::HashSet;

/// Fewer items than this and the document is not read as minutes.
pub const MIN_ITEMS: usize = 2;
/// Opening units searched for `[minutes]` cues.
const OPENING_UNITS: usize = 80;
const TITLE_PAGES: usize = 3;
const TITLE_MAX_WORDS: usize = 12;
/// An item's title is cut to this many characters (a paragraph may run on into the text).
const MAX_TITLE: usize = 160;

/// One `§` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub number: u32,
    /// `§ 26 Tilinpäätös 2024`.
    pub title: String,
    /// The unit the item begins at.
    pub from_unit: usize,
    pub level: Option<Level>,
}

/// `(number, title)` when the text opens an item: `§ 12 Title` or `12 § Title`.
pub(crate) fn item_start(s: &str) -> Option<(u32, &str)> {
    let s = s.trim();
    let digits = |t: &str| -> Option<(u32, usize)> {
        let n = t.chars().take_while(char::is_ascii_digit).count();
        if !(1..=4).contains(&n) {
            return None;
        }
        Some((t[..n].parse().ok()?, n))
    };
    let rest = if let Some(r) = s.strip_prefix('§') {
        let r = r.trim_start();
        let (n, len) = digits(r)?;
        (n, &r[len..])
    } else {
        let (n, len) = digits(s)?;
        let r = s[len..].trim_start().strip_prefix('§')?;
        (n, r)
    };
    let (n, r) = rest;
    // A space, then a title that begins with a capital letter.
    if !r.starts_with(char::is_whitespace) {
        return None;
    }
    let title = r.trim_start();
    title
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some((n, title))
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// The `§` items of a document's units (without levels), in order.
pub fn items(units: &[&Unit]) -> Vec<Item> {
    let cands: Vec<Item> = units
        .iter()
        .filter(|u| u.kind != UnitKind::TableRow)
        .filter_map(|u| {
            let (n, title) = item_start(&u.text)?;
            Some(Item {
                number: n,
                title: cut(&format!("§ {n} {title}"), MAX_TITLE),
                from_unit: u.index,
                level: None,
            })
        })
        .collect();
    // The list of items comes first: keep a number's last occurrence only (one pass from the
    // end, remembering the numbers seen).
    let mut seen = HashSet::new();
    let mut cands: Vec<Item> = cands
        .into_iter()
        .rev()
        .filter(|c| seen.insert(c.number))
        .collect();
    cands.reverse();
    // The longest run of rising numbers (quadratic; minutes have tens of items).
    let n = cands.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if cands[j].number < cands[i].number && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![cands[i].clone()];
    while prev[i] != usize::MAX {
        i = prev[i];
        out.push(cands[i].clone());
    }
    out.reverse();
    out
}

fn any_in(terms: &[Term], toks: &[text::Token]) -> bool {
    terms.iter().any(|t| !matcher::find(t, toks).is_empty())
}

/// Is the document minutes by its cues (file name, opening units)? Items are not counted here.
pub fn has_minutes_cues(file_name: &str, units: &[&Unit], lex: &Lexicon) -> bool {
    let m = &lex.minutes;
    let name = text::tokenize(&classify::fold(&file_name.replace(['-', '_', '.'], " ")));
    let title_in_name = m
        .title
        .iter()
        .any(|t| !matcher::find(&classify::folded(t), &name).is_empty());
    title_in_name
        || units.iter().take(OPENING_UNITS).any(|u| {
            let toks = text::tokenize(&u.text);
            let short =
                u.page <= TITLE_PAGES && u.text.split_whitespace().count() <= TITLE_MAX_WORDS;
            (short && any_in(&m.title, &toks)) || any_in(&m.body, &toks)
        })
}

/// The level of an item with this title: none when the title names another body's document
/// (an `external` cue), else the title's own level.
pub fn item_level(title: &str, lex: &Lexicon) -> Option<Level> {
    let toks = text::tokenize(&text::normalise(title));
    if any_in(&lex.minutes.external, &toks) {
        return None;
    }
    classify::title_level(title, lex)
}

/// The document's items with their levels, when it is minutes (see the module comment).
pub fn split(file_name: &str, units: &[&Unit], lex: &Lexicon) -> Option<Vec<Item>> {
    if !has_minutes_cues(file_name, units, lex) {
        return None;
    }
    let mut items = items(units);
    if items.len() < MIN_ITEMS {
        return None;
    }
    for it in &mut items {
        it.level = item_level(&it.title, lex);
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_openings() {
        assert_eq!(
            item_start("§ 26 Tilinpäätös 2024"),
            Some((26, "Tilinpäätös 2024"))
        );
        assert_eq!(
            item_start("48 § Mötets laglighet"),
            Some((48, "Mötets laglighet"))
        );
        // A decision list inside an item, a reference, a table of contents row's tail.
        assert_eq!(item_start("§ 2 - 5.11.2024 - Poikkeavat aukioloajat"), None);
        assert_eq!(item_start("§ 84 / Nuorisovaltuutetun eroanomus."), None);
        assert_eq!(item_start("§:ssä."), None);
        assert_eq!(item_start("81 §: Esityslista"), None);
        assert_eq!(item_start("§ 12345 Liian pitkä"), None);
    }

    fn unit(index: usize, text: &str) -> Unit {
        Unit {
            index,
            kind: UnitKind::Paragraph,
            page: 1,
            page_label: None,
            heading_path: Vec::new(),
            text: text.into(),
            table_header: None,
            cells: Vec::new(),
        }
    }

    #[test]
    fn the_list_of_items_gives_way_to_the_items() {
        let texts = [
            "§ 1 Kokouksen laillisuus",
            "§ 2 Talousarvio 2026",
            "§ 3 Muut asiat",
            "§ 1 Kokouksen laillisuus",
            "Teksti.",
            "§ 2 Talousarvio 2026",
            "Päätös § 2 Talousarvio hyväksyttiin",
            "§ 3 Muut asiat",
        ];
        let units: Vec<Unit> = texts.iter().enumerate().map(|(i, t)| unit(i, t)).collect();
        let refs: Vec<&Unit> = units.iter().collect();
        let got: Vec<(u32, usize)> = items(&refs)
            .iter()
            .map(|i| (i.number, i.from_unit))
            .collect();
        // Each number's last occurrence: the items, not the list on the first page.
        assert_eq!(got, [(1, 3), (2, 5), (3, 7)]);
        // A long series (a year of minutes in one file): each number's last occurrence.
        let many: Vec<Unit> = (0..20_000)
            .map(|i| unit(i, &format!("§ {} Asia", i % 5000 + 1)))
            .collect();
        let refs: Vec<&Unit> = many.iter().collect();
        let got = items(&refs);
        assert_eq!(got.len(), 5000);
        assert_eq!((got[0].number, got[0].from_unit), (1, 15_000));
    }
}
