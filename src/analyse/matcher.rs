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
            token[skip..]
                .find(k.as_str())
                .map(|p| (skip + p, skip + p + k.len()))
        }
    }
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
