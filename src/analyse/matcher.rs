//! Finding lexicon terms in a token sequence, compound-aware.

use super::lexicon::{Key, Term};
use super::text::{MIN_INNER_KEY, Token};
use aho_corasick::AhoCorasick;

const MIN_LEFT_PART: usize = 3;

/// Where a term matched: tokens `first..=last`, and the byte span of the key inside the first
/// token (so exclusions can tell whether they cover the same compound part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: usize,
    pub last: usize,
    pub part_start: usize,
    pub part_end: usize,
}

/// Does `key` occur in `token`: whole token, token start, or inside it as a compound part?
/// Returns the byte span of the occurrence in the token.
pub fn key_in_token(key: &Key, token: &str, allow_inner: bool) -> Option<(usize, usize)> {
    match key {
        Key::Exact(k) => (token == k).then_some((0, token.len())),
        Key::Prefix(k) => {
            if token.starts_with(k.as_str()) {
                return Some((0, k.len()));
            }
            // (Counting characters only when the byte length leaves it open.)
            if !allow_inner || (k.len() < 2 * MIN_INNER_KEY && k.chars().count() < MIN_INNER_KEY) {
                return None;
            }
            let skip = token.char_indices().nth(MIN_LEFT_PART).map(|(i, _)| i)?;
            find_bytes(&token.as_bytes()[skip..], k.as_bytes())
                .map(|p| (skip + p, skip + p + k.len()))
        }
    }
}

/// Where `needle` first occurs in `hay`. A token is a few dozen bytes, so a plain scan beats
/// setting up `str::find`'s two-way searcher for each of the millions of (term, token) pairs a
/// corpus has. Both are UTF-8, so a match always starts on a character boundary.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last = hay.len().checked_sub(needle.len())?;
    (0..=last).find(|&i| hay[i] == first && &hay[i + 1..i + needle.len()] == rest)
}

/// All first-word keys of a lexicon in one Aho-Corasick automaton: one pass over a unit's
/// lower-cased text tells which keys occur in it anywhere, so most terms are skipped without
/// looking at tokens.
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    ac: Option<AhoCorasick>,
    len: usize,
}

impl KeyIndex {
    pub fn build(keys: Vec<String>) -> KeyIndex {
        let len = keys.len();
        KeyIndex {
            ac: AhoCorasick::new(keys).ok(),
            len,
        }
    }

    /// Which keys occur in `lower`.
    pub fn present(&self, lower: &str) -> Present {
        let mut seen = vec![false; self.len];
        match &self.ac {
            Some(ac) => {
                for m in ac.find_overlapping_iter(lower) {
                    seen[m.pattern().as_usize()] = true;
                }
                Present { seen: Some(seen) }
            }
            None => Present { seen: None },
        }
    }
}

/// The keys found in one unit.
pub struct Present {
    seen: Option<Vec<bool>>,
}

/// Could `term` occur in a unit whose lower-cased text is `lower`? Uses the unit's key index
/// result when the term has key ids, else a substring test on its first word's keys.
pub fn may_occur(term: &Term, lower: &str, present: &Present) -> bool {
    match &present.seen {
        Some(seen) if !term.first.is_empty() => term
            .first
            .iter()
            .any(|&i| seen.get(i as usize).copied().unwrap_or(true)),
        _ => term.words.first().is_some_and(|alts| {
            alts.iter().any(|k| match k {
                Key::Prefix(k) | Key::Exact(k) => lower.contains(k.as_str()),
            })
        }),
    }
}

/// All places where `term` matches in `tokens`. The first word of a phrase may sit inside a
/// compound; later words must start their token (`ehkäisevää päihdetyötä`).
pub fn find(term: &Term, tokens: &[Token]) -> Vec<Span> {
    let n = term.words.len();
    let mut out = Vec::new();
    if n == 0 || tokens.len() < n {
        return out;
    }
    'start: for i in 0..=tokens.len() - n {
        let Some((ps, pe)) = term.words[0]
            .iter()
            .find_map(|k| key_in_token(k, &tokens[i].text, true))
        else {
            continue;
        };
        for (w, alts) in term.words.iter().enumerate().skip(1) {
            if !alts
                .iter()
                .any(|k| matches!(key_in_token(k, &tokens[i + w].text, false), Some((0, _))))
            {
                continue 'start;
            }
        }
        out.push(Span {
            first: i,
            last: i + n - 1,
            part_start: ps,
            part_end: pe,
        });
    }
    out
}

/// Where the look-alikes `exclude` occur in `tokens` (computed once per theme and unit).
pub fn exclusion_spans(
    exclude: &[Term],
    tokens: &[Token],
    lower: &str,
    present: &Present,
) -> Vec<Span> {
    exclude
        .iter()
        .filter(|t| may_occur(t, lower, present))
        .flat_map(|t| find(t, tokens))
        .collect()
}

/// Is `span` covered by one of the look-alike occurrences `ex` (same token and overlapping
/// part, or overlapping tokens for phrases)?
pub fn excluded(span: &Span, ex: &[Span]) -> bool {
    ex.iter().any(|e| {
        if e.first == e.last && span.first == e.first {
            e.part_start <= span.part_start && span.part_start < e.part_end
        } else {
            e.first <= span.last && span.first <= e.last
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::compile_term;
    use super::super::text::tokenize;
    use super::*;
    use crate::model::Lang;

    #[test]
    fn byte_search_finds_the_first_occurrence_on_character_boundaries() {
        let at = |h: &str, n: &str| find_bytes(h.as_bytes(), n.as_bytes());
        assert_eq!(at("lähiliikuntapaikkojen", "liikun"), Some(5));
        assert_eq!(at("kuntakunta", "kunta"), Some(0));
        assert_eq!(at("päiväkoti", "koti"), Some(7));
        assert_eq!(at("päiväkoti", "kotit"), None);
        assert_eq!(at("ää", "ä"), Some(0));
        assert_eq!(at("aä", "ä"), Some(1));
        assert_eq!(at("koti", "kotihoito"), None);
        assert_eq!(at("koti", ""), None);
        // As `str::find` after the first three letters of a compound.
        assert_eq!(
            key_in_token(&Key::Prefix("liikun".into()), "lähiliikuntapaikkojen", true),
            Some((5, 11))
        );
    }

    fn hits(term: &str, text: &str) -> usize {
        find(
            &compile_term(term, Lang::Fi, false).unwrap(),
            &tokenize(text),
        )
        .len()
    }

    #[test]
    fn compounds_and_phrases() {
        assert_eq!(hits("liikunta", "kuntoliikuntapaikkojen kunnostus"), 1);
        assert_eq!(hits("väkivalta", "lähisuhdeväkivallan ehkäisy"), 1);
        assert_eq!(
            hits("ehkäisevä päihdetyö", "ehkäisevää päihdetyötä tehdään"),
            1
        );
        assert_eq!(
            hits("ehkäisevä päihdetyö", "ehkäisevää työtä päihteistä"),
            0
        );
        assert_eq!(hits("=hyte", "hyte-kerroin"), 1);
        assert_eq!(hits("=hyte", "hytetoiminta"), 0);
        // Short keys do not match inside words.
        assert_eq!(hits("nuori", "ammattinuori"), 0);
    }

    #[test]
    fn exclusions_cover_the_same_part() {
        let term = compile_term("hyvinvointi", Lang::Fi, false).unwrap();
        let ex = [compile_term("hyvinvointialue", Lang::Fi, false).unwrap()];
        let text = "hyvinvointialueen palvelut";
        let t = tokenize(text);
        let spans = exclusion_spans(&ex, &t, text, &KeyIndex::default().present(text));
        assert!(find(&term, &t).iter().all(|s| excluded(s, &spans)));
        let text = "kuntalaisten hyvinvointi";
        let t = tokenize(text);
        let spans = exclusion_spans(&ex, &t, text, &KeyIndex::default().present(text));
        assert!(find(&term, &t).iter().all(|s| !excluded(s, &spans)));
    }
}
