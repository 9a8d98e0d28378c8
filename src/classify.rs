//! A document's level in the chain, inferred from its title, file name and body when the
//! manifest does not say (domain brief §4). A weighted vote per level:
//! - 3 points when one of its title cues is in the document's title, and 3 more when that cue is
//!   the title's head cue (the last in a Finnish title: "Talousarvion 2026 laadintaohje" is an
//!   instruction, not a budget; the first in a Swedish one: "Anvisningar för budget 2026"). Of
//!   two overlapping title cues of different levels only the more specific counts (the one that
//!   begins earlier, or covers more from the same start): "Lasten ja nuorten
//!   hyvinvointisuunnitelma" is a programme, not the HVK. The title is the manifest's, else the
//!   first short unit on the first pages that holds any title cue (so an e-signature sheet or a
//!   cover logo is passed over);
//! - 2 points when a title or file-name cue is in the file name (compared without diacritics:
//!   `tilinpaatos` is `tilinpäätös`);
//! - 1 point per distinct title or body cue found in the first units (at most 5).
//!
//! The confidence is the winner's share of the points of the two best levels; a tie, a winner
//! without a title or file-name cue, or a share below [`WEAK_CONFIDENCE`] is a guardrail
//! (`src/guardrails.rs`). [`title_level`] is the title's level alone, as minutes items are placed.

use crate::analyse::lexicon::{Key, Lexicon, Term};
use crate::analyse::{matcher, text};
use crate::model::{Lang, Level, Unit};

/// How many units from the start of a document are searched for body cues.
const BODY_UNITS: usize = 400;
const MAX_BODY_POINTS: u32 = 5;
const TITLE_POINTS: u32 = 3;
const NAME_POINTS: u32 = 2;
const HEAD_POINTS: u32 = 3;
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
    /// The winner's points.
    pub points: u32,
    /// The second best level and its points, if any level but the winner had a cue.
    pub runner_up: Option<(Level, u32)>,
    /// Whether a title or file-name cue voted for the winner (else body cues alone did).
    pub titled: bool,
}

/// A confidence below this makes an inference weak.
pub const WEAK_CONFIDENCE: f64 = 0.55;

impl Inferred {
    /// The two best levels had the same points (the winner is the earlier in the chain).
    pub fn is_tie(&self) -> bool {
        self.runner_up.is_some_and(|(_, p)| p == self.points)
    }

    /// Neither the title nor the file name named the winner (body cues alone placed the
    /// document), or the winner had less than [`WEAK_CONFIDENCE`] of the two best levels'
    /// points. A tie is not counted here.
    pub fn is_weak(&self) -> bool {
        !self.is_tie() && (!self.titled || self.confidence < WEAK_CONFIDENCE)
    }
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

/// `s` without the diacritics file names often lose (`tilinpaatos` for `tilinpäätös`).
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ä' | 'å' | 'Ä' | 'Å' => 'a',
            'ö' | 'Ö' => 'o',
            _ => c,
        })
        .collect()
}

/// `t` with its keys [`fold`]ed, to be matched in a folded file name.
pub(crate) fn folded(t: &Term) -> Term {
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

/// One title cue found in a title or file name.
#[derive(Debug, Clone)]
struct Hit<'a> {
    level: Level,
    span: matcher::Span,
    cue: &'a Term,
}

impl Hit<'_> {
    /// Where the match begins: token, then byte within the token.
    fn start(&self) -> (usize, usize) {
        (self.span.first, self.span.part_start)
    }
    fn overlaps(&self, o: &Hit) -> bool {
        self.span.first <= o.span.last && o.span.first <= self.span.last
    }
}

/// Title cues of every level found in `tokens`, each occurrence once; `fold_keys` compares
/// without diacritics (file names). A cue that overlaps a cue of another level which begins
/// earlier (`lasten ja nuorten hyvinvointisuunnitelma` over `hyvinvointisuunnitelma`,
/// `kulttuurihyvinvointi…` over `…hyvinvointisuunnitelma`), or begins at the same place and
/// is longer (`talousarvioraami` over `talousarvio`), is the more specific name, and the other
/// is dropped: a sector programme is not the welfare report, a budget frame not the budget.
fn title_hits<'a>(
    tokens: &[text::Token],
    lex: &'a Lexicon,
    also_file_name_cues: bool,
    fold_keys: bool,
) -> Vec<Hit<'a>> {
    let mut hits: Vec<Hit<'a>> = Vec::new();
    for lc in &lex.levels {
        let extra = if also_file_name_cues {
            lc.file_name.iter()
        } else {
            [].iter()
        };
        for t in lc.title.iter().chain(extra) {
            let found = if fold_keys {
                matcher::find(&folded(t), tokens)
            } else {
                matcher::find(t, tokens)
            };
            for span in found {
                hits.push(Hit {
                    level: lc.level,
                    span,
                    cue: t,
                });
            }
        }
    }
    // How much of the title a match covers: tokens, then the key's bytes in its first token.
    let cue_len = |h: &Hit| {
        (
            h.span.last - h.span.first,
            h.span.part_end - h.span.part_start,
        )
    };
    let dominated = |h: &Hit| {
        hits.iter().any(|o| {
            o.level != h.level
                && o.overlaps(h)
                && (o.start() < h.start() || o.start() == h.start() && cue_len(o) > cue_len(h))
        })
    };
    let kept: Vec<bool> = hits.iter().map(|h| !dominated(h)).collect();
    hits.into_iter()
        .zip(kept)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

/// The head of a title's cues: the level of the last cue in a Finnish title (its head word:
/// "Talousarvion 2026 laadintaohje" is an instruction), of the first in a Swedish one
/// ("Anvisningar för budget 2026").
fn head(hits: &[Hit], tokens: &[text::Token]) -> Option<Level> {
    let order = |h: &&Hit| (h.span.last, h.span.part_end);
    match text::detect_lang(tokens) {
        Lang::Sv => hits.iter().min_by_key(|h| h.start()),
        _ => hits.iter().max_by_key(order),
    }
    .map(|h| h.level)
}

/// The level a title alone names (its head cue after more specific cues have won), as a §
/// item of minutes is placed and as the `examples` of `levels.toml` are checked.
pub fn title_level(title: &str, lex: &Lexicon) -> Option<Level> {
    let tokens = text::tokenize(&text::normalise(title));
    head(&title_hits(&tokens, lex, false, false), &tokens)
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
    let in_title = title_hits(&title_tokens, lex, false, false);
    let in_name = title_hits(&name_tokens, lex, true, true);
    let head = head(&in_title, &title_tokens);
    let mut votes: Vec<(u32, Level, Vec<String>, bool)> = Vec::new();
    for lc in &lex.levels {
        let (mut points, mut cues) = (0u32, Vec::new());
        let seen = |hits: &[Hit], what: &str, cues: &mut Vec<String>| {
            let mut any = false;
            for h in hits.iter().filter(|h| h.level == lc.level) {
                any = true;
                let cue = format!("{what}: {}", h.cue.text);
                if !cues.contains(&cue) {
                    cues.push(cue);
                }
            }
            any
        };
        let titled = seen(&in_title, "title", &mut cues);
        let named = seen(&in_name, "file name", &mut cues);
        points += if titled { TITLE_POINTS } else { 0 } + if named { NAME_POINTS } else { 0 };
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
        if head == Some(lc.level) && titled {
            points += HEAD_POINTS;
            cues.push("title: head word".into());
        }
        if points > 0 {
            votes.push((points, lc.level, cues, titled || named));
        }
    }
    votes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, level, cues, titled) = votes.first()?.clone();
    let runner_up = votes.get(1).map(|v| (v.1, v.0));
    let second = runner_up.map_or(0, |v| v.1);
    Some(Inferred {
        level,
        confidence: f64::from(best) / f64::from(best + second),
        cues,
        points: best,
        runner_up,
        titled,
    })
}

/// One line per `examples` title of `levels.toml` that does not get its level (a level's
/// examples), or gets one (the `[minutes]` examples: item titles that are no part of the chain).
pub fn example_failures(lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for lc in &lex.levels {
        for (line, ex) in &lc.examples {
            let alone = title_level(ex, lex);
            let inferred = infer_level(Some(ex), "", &[], lex).map(|i| i.level);
            if alone != Some(lc.level) || inferred != Some(lc.level) {
                let got = alone.or(inferred).map_or("no level", Level::id);
                out.push(format!(
                    "levels.toml:{line}: level `{}`: example gets {got}: {ex}",
                    lc.level.id()
                ));
            }
        }
    }
    for (line, ex) in &lex.minutes.examples {
        if let Some(l) = crate::minutes::item_level(ex, lex) {
            out.push(format!(
                "levels.toml:{line}: minutes: example should get no level but gets {}: {ex}",
                l.id()
            ));
        }
    }
    out
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
