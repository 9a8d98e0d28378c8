//! A document's level in the chain, inferred from its title, file name and body when the
//! manifest does not say (domain brief §4). A weighted vote per level:
//! - 3 points when one of its title cues is in the document's title, and 2 more when that cue is
//!   the title's last cue (a Finnish title's head word: "Talousarvion 2026 laadintaohje" is an
//!   instruction, not a budget). The title is the manifest's, else the first short unit on the
//!   first pages that holds any title cue (so an e-signature sheet or a cover logo is passed over);
//! - 2 points when a title or file-name cue is in the file name (compared without diacritics:
//!   `tilinpaatos` is `tilinpäätös`);
//! - 1 point per distinct title or body cue found in the first units (at most 5).
//!
//! The confidence is the winner's share of the points of the two best levels.

use crate::analyse::lexicon::{Key, Lexicon, Term};
use crate::analyse::{matcher, text};
use crate::model::{Level, Unit};

/// How many units from the start of a document are searched for body cues.
const BODY_UNITS: usize = 400;
const MAX_BODY_POINTS: u32 = 5;
const TITLE_POINTS: u32 = 3;
const NAME_POINTS: u32 = 2;
const HEAD_POINTS: u32 = 2;
/// The title is looked for among the first units of these pages that have at most this many words.
const TITLE_PAGES: usize = 3;
const TITLE_MAX_WORDS: usize = 12;

#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub level: Level,
    /// 0–1: the winner's share of the points of the two best levels.
    pub confidence: f64,
    /// The cues that voted for the winner, as `title: …`, `file name: …`, `body: …`.
    pub cues: Vec<String>,
}

/// The document's title: the first short unit on the first pages that holds a title cue.
pub fn find_title(units: &[&Unit], lex: &Lexicon) -> Option<String> {
    units
        .iter()
        .filter(|u| u.page <= TITLE_PAGES && u.text.split_whitespace().count() <= TITLE_MAX_WORDS)
        .find(|u| {
            let toks = text::tokenize(&u.text);
            lex.levels
                .iter()
                .flat_map(|l| &l.title)
                .any(|t| !matcher::find(t, &toks).is_empty())
        })
        .map(|u| u.text.clone())
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ä' | 'å' | 'Ä' | 'Å' => 'a',
            'ö' | 'Ö' => 'o',
            _ => c,
        })
        .collect()
}

fn folded(t: &Term) -> Term {
    let words = t
        .words
        .iter()
        .map(|alts| {
            alts.iter()
                .map(|k| match k {
                    Key::Prefix(s) => Key::Prefix(fold(s)),
                    Key::Exact(s) => Key::Exact(fold(s)),
                })
                .collect()
        })
        .collect();
    Term {
        text: t.text.clone(),
        words,
        weak: t.weak,
        first: Vec::new(),
    }
}

/// Vote for a level. `title` is the document's title (manifest or [`find_title`]), if any.
pub fn infer_level(
    title: Option<&str>,
    file_name: &str,
    units: &[&Unit],
    lex: &Lexicon,
) -> Option<Inferred> {
    let title_tokens = text::tokenize(&text::normalise(title.unwrap_or("")));
    let name_tokens = text::tokenize(&fold(&file_name.replace(['-', '_', '.'], " ")));
    let body: Vec<Vec<text::Token>> = units
        .iter()
        .take(BODY_UNITS)
        .map(|u| text::tokenize(&u.text))
        .collect();
    // One key-index pass over the lower-cased body lets cues that cannot occur be skipped.
    let body_lower: String = units
        .iter()
        .take(BODY_UNITS)
        .map(|u| u.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let present = lex.index.present(&body_lower);
    let mut votes: Vec<(u32, Level, Vec<String>)> = Vec::new();
    let mut head: Option<(usize, Level)> = None;
    for lc in &lex.levels {
        let (mut points, mut cues) = (0u32, Vec::new());
        let (mut in_title, mut in_name) = (false, false);
        for t in &lc.title {
            if let Some(last) = matcher::find(t, &title_tokens).last() {
                in_title = true;
                cues.push(format!("title: {}", t.text));
                if head.is_none_or(|(pos, _)| last.last >= pos) {
                    head = Some((last.last, lc.level));
                }
            }
        }
        for t in lc.title.iter().chain(&lc.file_name) {
            if !matcher::find(&folded(t), &name_tokens).is_empty() {
                in_name = true;
                cues.push(format!("file name: {}", t.text));
            }
        }
        points += if in_title { TITLE_POINTS } else { 0 } + if in_name { NAME_POINTS } else { 0 };
        let mut body_points = 0;
        for t in lc.title.iter().chain(&lc.body) {
            if body_points < MAX_BODY_POINTS
                && matcher::may_occur(t, &body_lower, &present)
                && body.iter().any(|toks| !matcher::find(t, toks).is_empty())
            {
                body_points += 1;
                cues.push(format!("body: {}", t.text));
            }
        }
        points += body_points;
        if points > 0 {
            votes.push((points, lc.level, cues));
        }
    }
    if let Some((_, level)) = head {
        if let Some(v) = votes.iter_mut().find(|v| v.1 == level) {
            v.0 += HEAD_POINTS;
            v.2.push("title: head word".into());
        }
    }
    votes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, level, cues) = votes.first()?.clone();
    let second = votes.get(1).map_or(0, |v| v.0);
    Some(Inferred {
        level,
        confidence: f64::from(best) / f64::from(best + second),
        cues,
    })
}

/// Years a title names: `2025`, `2025–2028` (every year of a range), most recent last.
pub fn years_in(title: &str) -> Vec<u32> {
    let t = text::tokenize(title);
    let mut years: Vec<u32> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        let Ok(y) = tok.text.parse::<u32>() else {
            continue;
        };
        if !(1990..=2100).contains(&y) || tok.text.len() != 4 {
            continue;
        }
        // A range: the next year token right after a dash.
        if let Some(next) = t.get(i + 1) {
            let between = &title[tok.end..next.start];
            if let Ok(y2) = next.text.parse::<u32>()
                && between.trim().chars().all(|c| matches!(c, '-' | '–' | '—'))
                && !between.trim().is_empty()
                && (y..=y + 10).contains(&y2)
            {
                years.extend(y..y2);
            }
        }
        years.push(y);
    }
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::years_in;

    #[test]
    fn years_from_titles() {
        assert_eq!(years_in("Talousarvio 2025"), [2025]);
        assert_eq!(years_in("TS 2025–2027"), [2025, 2026, 2027]);
        assert_eq!(
            years_in("Laaja hyvinvointikertomus 2025-2028, 150 000 €"),
            [2025, 2026, 2027, 2028]
        );
        assert!(years_in("Tilinpäätös").is_empty());
    }
}
