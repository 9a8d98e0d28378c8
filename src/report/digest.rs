//! What the HTML, Markdown and table reports share: selections from the typed view (the most
//! serious drop-offs, how many themes and goals still reach each level, the evidence of a cell
//! best first) and the handling of document text (control codes made visible, matched words
//! located). Nothing here computes a new figure: it orders, counts what the view says and cuts.

use super::i18n;
use super::view::{
    DocumentView, EvidenceView, GoalItemView, RatioView, Report, ThemeView, goal_dropoff,
};
use crate::goals::Status;
use crate::model::{Lang, Level};

/// How many evidence units of one cell the HTML and Markdown reports show (the JSON has all).
pub const EVIDENCE_PER_CELL: usize = 8;

/// Document text with its control codes made visible: C0 codes (but tab and newline) as their
/// Unicode control pictures (`ESC` → `␛`), DEL and C1 codes as `�`. A terminal escape sequence
/// from a document never reaches a file raw.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\x7f'..='\u{9f}' => '\u{fffd}',
            _ => c,
        })
        .collect()
}

/// Byte ranges of `text` where one of `words` occurs (exactly as written, or in lower case),
/// sorted and merged; the ranges lie on character boundaries.
pub fn marks(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lower-casing may change byte lengths (rare outside ASCII/Latin); then only exact matches.
    let same_len = lower.len() == text.len();
    let mut ranges = Vec::new();
    for w in words.iter().filter(|w| !w.trim().is_empty()) {
        let wl = w.to_lowercase();
        for (hay, needle) in [(text, w.as_str()), (lower.as_str(), wl.as_str())] {
            if !same_len && !std::ptr::eq(hay, text) {
                continue;
            }
            let mut from = 0;
            while let Some(i) = hay[from..].find(needle) {
                let start = from + i;
                let end = start + needle.len();
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    ranges.push((start, end));
                }
                from = end;
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// `text` cut into (piece, marked) parts by [`marks`].
pub fn marked_parts<'a>(text: &'a str, words: &[String]) -> Vec<(&'a str, bool)> {
    let mut parts = Vec::new();
    let mut at = 0;
    for (s, e) in marks(text, words) {
        if s > at {
            parts.push((&text[at..s], false));
        }
        parts.push((&text[s..e], true));
        at = e;
    }
    if at < text.len() {
        parts.push((&text[at..], false));
    }
    parts
}

/// Up to `n` drop-offs, most serious first: the earliest level in the chain (a theme lost early
/// is missing from everything after), then the widest gap between the rung found and the
/// expected one, then the theme's HVK weight (the view's theme order).
pub fn serious_dropoffs(r: &Report, n: usize) -> Vec<&ThemeView> {
    let mut v: Vec<(usize, &ThemeView)> = r
        .themes
        .iter()
        .enumerate()
        .filter(|(_, t)| t.dropoff.is_some())
        .collect();
    v.sort_by_key(|(i, t)| {
        let d = t
            .dropoff
            .as_ref()
            .map(|d| (d.expected.saturating_sub(d.rung), d.level));
        let (gap, level) = d.unwrap_or((0, Level::Hvk));
        (level, std::cmp::Reverse(gap), *i)
    });
    v.into_iter().take(n).map(|(_, t)| t).collect()
}

/// One step of a funnel: a level (`None`: the start, before any level) and how many of
/// `total` still reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub level: Option<Level>,
    pub count: usize,
    pub total: usize,
}

/// Traced themes that have not dropped off by each judged level (the HVK first, then the
/// levels present that have an expected rung); without an HVK, a start step with all of them.
pub fn theme_funnel(r: &Report) -> Vec<Step> {
    let total = r.themes.len();
    let start = (!r.levels_present.contains(&Level::Hvk)).then_some(Step {
        level: None,
        count: total,
        total,
    });
    let steps = r
        .levels_present
        .iter()
        .filter(|l| **l == Level::Hvk || l.expected_rung().is_some())
        .map(|&level| Step {
            level: Some(level),
            count: r
                .themes
                .iter()
                .filter(|t| t.dropoff.as_ref().is_none_or(|d| d.level > level))
                .count(),
            total,
        });
    start.into_iter().chain(steps).collect()
}

/// HVK goals that are covered at every traced level up to and including each level.
pub fn goal_funnel(r: &Report) -> Vec<Step> {
    let items = &r.goals.items;
    let total = items.len();
    if total == 0 {
        return Vec::new();
    }
    let reaches = |i: &GoalItemView, level: Level| goal_dropoff(i).is_none_or(|d| d.level > level);
    let mut levels: Vec<Level> = vec![Level::Hvk];
    for l in items.iter().flat_map(|i| i.trace.iter().map(|t| t.level)) {
        if !levels.contains(&l) {
            levels.push(l);
        }
    }
    levels.sort();
    levels
        .into_iter()
        .map(|level| Step {
            level: Some(level),
            count: items.iter().filter(|i| reaches(i, level)).count(),
            total,
        })
        .collect()
}

/// The evidence of a cell, best first (highest rung, then document and position), at most
/// [`EVIDENCE_PER_CELL`]; and how many more the cell has.
pub fn best_evidence(e: &[EvidenceView]) -> (Vec<&EvidenceView>, usize) {
    let mut v: Vec<&EvidenceView> = e.iter().collect();
    v.sort_by(|a, b| {
        b.rung
            .cmp(&a.rung)
            .then_with(|| a.document.cmp(&b.document))
            .then(a.unit.cmp(&b.unit))
    });
    let more = v.len().saturating_sub(EVIDENCE_PER_CELL);
    v.truncate(EVIDENCE_PER_CELL);
    (v, more)
}

/// A ratio as `5/8 = 0,62` (decimal comma in Finnish and Swedish), `–` when there is none.
pub fn ratio(r: Option<RatioView>, lang: Lang) -> String {
    match r.and_then(|r| r.value.map(|v| (r, v))) {
        Some((r, v)) => format!(
            "{}/{} = {}",
            r.numerator,
            r.denominator,
            decimal(v, 2, lang)
        ),
        None => "–".into(),
    }
}

/// `x` with `places` decimals, a decimal comma in Finnish and Swedish.
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let s = format!("{x:.places$}");
    match lang {
        Lang::En => s,
        Lang::Fi | Lang::Sv => s.replace('.', ","),
    }
}

/// The level's word for how a document got it: `manifesti`, `päätelty 89 %`, `tuntematon`.
pub fn level_source(d: &DocumentView, lang: Lang) -> String {
    let w = i18n::report_words(lang);
    match (d.level_source, d.level_confidence) {
        ("inferred", Some(c)) => format!("{} {:.0} %", w.inferred, c * 100.0),
        ("inferred", None) => w.inferred.into(),
        ("manifest", _) => w.manifest.into(),
        _ => w.unknown.into(),
    }
}

/// The status of a goal at a level, in words.
pub fn status_word(s: Status, lang: Lang) -> &'static str {
    let w = i18n::report_words(lang);
    match s {
        Status::Covered => w.covered,
        Status::Shallow => w.shallow,
        Status::Uncovered => w.uncovered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_codes_become_visible() {
        assert_eq!(
            visible("a\x1b[31mb\x07\tc\n\u{9b}"),
            "a␛[31mb␇\tc\n\u{fffd}"
        );
    }

    #[test]
    fn marks_find_words_in_any_case_and_merge() {
        let t = "Liikunta ja liikuntapaikat: LIIKUNTA";
        let m = marks(t, &["liikunta".into(), "liikuntapaikat".into()]);
        assert_eq!(m, vec![(0, 8), (12, 26), (28, 36)]);
        let parts = marked_parts("äö liikunta", &["liikunta".into()]);
        assert_eq!(parts, vec![("äö ", false), ("liikunta", true)]);
        assert!(marks("abc", &[String::new()]).is_empty());
    }
}
