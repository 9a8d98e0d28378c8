//! Context that cancels a theme term: the words around a match, not more single words.
//!
//! - `procedural-context`: the match sits in procurement, contract, insurance, property or
//!   street wording: a procedural head in the rest of its own compound (`ruokapalvelusopimus`)
//!   or in the word right before or after it within the sentence, over one short linking word
//!   (`ruokapalvelujen hankintasopimus`, `siivoussopimus uimahallissa`, `städtjänster i
//!   simhallen`, `Koulukadun risteys`); a word coordinated with such a word, in the same case,
//!   shares its context (`städtjänster i simhallen och idrottshallen`). Heads: `common.toml`
//!   `procedural_heads`.
//! - `organ-phrase`: the match is followed by a word that is a body or role (`ympäristö-
//!   terveydenhuollon yhteistoimintajaosto`, `nuorisovaltuuston edustaja`, `liikunta- ja
//!   nuorisolautakunta`, `liikunta- ja vapaa-aikalautakunta`): the theme word names the organ,
//!   as the organisation-head rule does inside one compound. Heads: `common.toml`
//!   `organisation_heads`. Also a role followed by a person's name, two capitalised words in the
//!   same sentence and cell (`hyvinvointikoordinaattori Riina Turja`): the person, not the work.
//! - `personnel-context`: the unit is about the municipality's own personnel: a cue of
//!   `common.toml` `personnel_cues` is part of one of its words (`täyttölupa`,
//!   `tehtävänkuvaan`), or, for a two-word cue, is the first of two words in a row and begins
//!   the second (`viran täyttäminen`; not `viranomaisten täytyy`).
//! - `finance-row`: the unit reads as a row or list of a finance table, not as a sentence: it
//!   holds a finance word (`common.toml` `finance_cues`: `toteuma`, `TA`, `Tot`, `investoinnit`)
//!   and numbers make up over a third of its tokens (`20 000` is one), or it has at most two other
//!   lower-case words and does not end as a sentence (`Talousarvion investointien toteuma:
//!   Yläkoulun irtaimisto Lukio Alakoulut`); or, not ending as a sentence, it is over half
//!   numbers and one of them is a cost, a negative amount of a thousand or more
//!   (`Liikuntatoimi | -20.000 -6.738 | 33,7`, its finance word only in the heading). Its theme
//!   words name cost centres, which the labelling guide counts as no theme. A minutes item's
//!   title (`§ 22 Terveyden edistämisen määrärahan käyttö`) is no row.

use super::matcher::Span;
use super::text::Token;

/// Are two tokens (`a` first) in one sentence, a colon not ending it (`Tavoite: 80 %`)? A
/// sentence ends at `!`, `?`, `;`, or a `.` followed (after spaces) by a capital letter or a line
/// break, not at an abbreviation (`n. 60 %`, `v. 2027`, `milj. euroa`).
pub fn same_sentence(text: &str, a: &Token, b: &Token) -> bool {
    let Some(gap) = text.get(a.end..b.start) else {
        return a.start == b.start;
    };
    !gap.contains(['!', '?', ';'])
        && !gap.match_indices('.').any(|(i, _)| {
            let next = text[a.end + i + 1..].trim_start_matches([' ', '\t']);
            next.starts_with(['\n', '\r']) || next.chars().next().is_some_and(char::is_uppercase)
        })
}

/// Is there a sentence break (`.`, `;`, `:`, `!`, `?`) in `text` between two tokens?
pub fn broken(text: &str, a: &Token, b: &Token) -> bool {
    text.get(a.end..b.start)
        .is_none_or(|gap| gap.contains(['.', ';', ':', '!', '?']))
}

fn has_head(token: &str, heads: &[String]) -> bool {
    heads.iter().any(|h| token.contains(h.as_str()))
}

/// The `procedural-context` rule (see the module doc).
pub fn procedural(span: &Span, tokens: &[Token], text: &str, heads: &[String]) -> bool {
    if heads.is_empty() {
        return false;
    }
    let own = &tokens[span.first];
    if span.first == span.last
        && own
            .text
            .get(span.part_end..)
            .is_some_and(|rest| has_head(rest, heads))
    {
        return true;
    }
    // The word before and after in the sentence, over one short linking word (`städtjänster
    // i simhallen`, `Koulukadun ja Liikuntapolun`).
    let back = |i: usize| i.checked_sub(1);
    let head = |t: &Token| !t.is_number() && has_head(&t.text, heads);
    let before = beside(tokens, text, span.first, back);
    let after = beside(tokens, text, span.last, |i| i.checked_add(1));
    if before.into_iter().chain(after).any(head) {
        return true;
    }
    // The second of two coordinated words shares the first one's context (`städtjänster i
    // simhallen och idrottshallen`, `uimahallin ja jäähallin siivous` is caught above).
    let Some(c) = span.first.checked_sub(1) else {
        return false;
    };
    let Some(p) = c.checked_sub(1) else {
        return false;
    };
    let (partner, and) = (&tokens[p], &tokens[c]);
    // Two words of the same kind end alike (`simhallen och idrottshallen`, `uimahallissa ja
    // jäähallissa`); a clause after `ja` does not (`sopimus uusitaan ja liikuntaneuvonta`).
    let ending = |t: &Token| t.text.chars().rev().take(2).collect::<String>();
    COORDINATORS.contains(&and.text.as_str())
        && !broken(text, partner, and)
        && !broken(text, and, own)
        && ending(partner) == ending(own)
        && beside(tokens, text, p, back).is_some_and(head)
}

/// The first word from `tokens[from]` in the direction of `step`, in the same sentence, over at
/// most one short linking word.
fn beside<'a>(
    tokens: &'a [Token],
    text: &str,
    from: usize,
    step: fn(usize) -> Option<usize>,
) -> Option<&'a Token> {
    let origin = &tokens[from];
    let mut at = step(from)?;
    for _ in 0..2 {
        let t = tokens.get(at)?;
        let (a, b) = if at < from { (t, origin) } else { (origin, t) };
        if broken(text, a, b) {
            return None;
        }
        if t.text.chars().count() > LINK_CHARS || t.is_number() {
            return Some(t);
        }
        at = step(at)?;
    }
    None
}

/// Words that join two words of the same kind (`simhallen och idrottshallen`).
const COORDINATORS: [&str; 6] = ["ja", "sekä", "tai", "och", "samt", "eller"];

/// A word of at most this many letters between a theme word and a procedural head is a link
/// (`i`, `av`, `för`, `ja`), not a word of its own.
const LINK_CHARS: usize = 3;

/// The `organ-phrase` rule (see the module doc).
pub fn organ_phrase(span: &Span, tokens: &[Token], text: &str, heads: &[String]) -> bool {
    let last = &tokens[span.last];
    let Some(mut next) = tokens.get(span.last + 1) else {
        return false;
    };
    // `liikunta- ja nuorisolautakunta`: a truncated compound joined to the organ by a
    // conjunction.
    let truncated = text
        .get(last.end..next.start)
        .is_some_and(|g| g.starts_with('-'));
    let mut at = span.last + 1;
    if truncated && matches!(next.text.as_str(), "ja" | "sekä" | "tai" | "och" | "eller") {
        at += 1;
        match tokens.get(at) {
            Some(t) => next = t,
            None => return false,
        }
        // The partner may be a hyphenated compound itself: `kulttuuri- ja vapaa-aikalautakunta`.
        while let Some(t) = tokens
            .get(at + 1)
            .filter(|t| text.get(next.end..t.start) == Some("-"))
        {
            at += 1;
            next = t;
        }
    }
    !broken(text, last, next) && has_head(&next.text, heads)
}

/// Does a number of a thousand or more follow a minus sign (`-20.000`, `- 1 250 000`,
/// `−3.410`, `–20.000`)? A dash after a number is a range, not a sign (`2019-2020`, `1-6`,
/// `2021 - 2025`), and a year is no amount (`Liikuntasuunnitelma 2022 -2025`).
fn negative_thousands(tokens: &[Token], original: &str) -> bool {
    let minus = |t: &Token| {
        let head = original.get(..t.start).unwrap_or("");
        let spaced = head.ends_with(' ');
        let Some(b) = head.trim_end_matches(' ').strip_suffix(['-', '−', '–']) else {
            return false;
        };
        let before = if spaced { b.trim_end_matches(' ') } else { b };
        !before.ends_with(|c: char| c.is_ascii_digit())
    };
    let year =
        |t: &Token| t.text.len() == 4 && (t.text.starts_with("19") || t.text.starts_with("20"));
    tokens.iter().enumerate().any(|(i, t)| {
        let group = thousands_group(tokens, original, i + 1, &[" ", "."]);
        t.is_number() && minus(t) && (group || (t.text.len() >= 4 && !year(t)))
    })
}

/// Is `tokens[i]` a group of three digits after a number and one of `gaps` (`20 000`,
/// `20.000`)?
fn thousands_group(tokens: &[Token], original: &str, i: usize, gaps: &[&str]) -> bool {
    i > 0
        && tokens.get(i).is_some_and(|t| {
            t.is_number()
                && t.text.len() == 3
                && tokens[i - 1].is_number()
                && original
                    .get(tokens[i - 1].end..t.start)
                    .is_some_and(|g| gaps.contains(&g))
        })
}

/// The first character of `token` as written in `original`.
fn first_char(token: &Token, original: &str) -> Option<char> {
    original.get(token.start..).and_then(|s| s.chars().next())
}

/// Does `token` hold a finance cue: a word part, or with `=` a whole token written with a capital
/// (`TA 2025`, `Tot.`; not the Swedish verb `ta`)?
fn finance_word(token: &Token, original: &str, cues: &[&String]) -> bool {
    cues.iter().any(|c| match c.strip_prefix('=') {
        Some(whole) => {
            token.text == whole && first_char(token, original).is_some_and(char::is_uppercase)
        }
        None => token.text.contains(c.as_str()),
    })
}

/// The cues that occur in `lower` (the unit's lower-case text) at all: the per-token search then
/// looks for these only, and for none in most units.
fn occurring<'a>(cues: &'a [String], lower: &str, word: fn(&str) -> &str) -> Vec<&'a String> {
    cues.iter().filter(|c| lower.contains(word(c))).collect()
}

/// The `finance-row` rule (see the module doc). `tokens` are lower-case, `original` is the text
/// they were cut from and `lower` that text lower-cased.
pub fn finance_row(tokens: &[Token], original: &str, lower: &str, cues: &[String]) -> bool {
    // A minutes item's title (`§ 22 Terveyden edistämisen määrärahan käyttö`) is no table row.
    if original.trim_start().starts_with('§') {
        return false;
    }
    let count = |gaps: &[&str], numbers_only: bool| {
        (0..tokens.len())
            .filter(|&i| {
                (!numbers_only || tokens[i].is_number())
                    && !thousands_group(tokens, original, i, gaps)
            })
            .count()
    };
    let sentence = original.trim_end().ends_with(['.', '!', '?']);
    // Costs written as negative amounts of a thousand or more (`Liikuntatoimi -20.000 -6.738 |
    // 33,7`, `Varhaiskasvatus 5 120 000 5 340 000 -220 000`): a row of a budget table, even with
    // its finance word only in the heading. Here an amount's groups join it, over a space or a
    // dot, so that both ways of writing it count alike.
    let (amounts, items) = (count(&[" ", "."], true), count(&[" ", "."], false));
    if !sentence && amounts * 2 > items && negative_thousands(tokens, original) {
        return true;
    }
    // For a row with a finance word, numbers, a group after a space counting with its number.
    let numbers = count(&[" "], true);
    let cues = occurring(cues, lower, |c| c.trim_start_matches('='));
    if cues.is_empty() {
        return false;
    }
    let finance: Vec<bool> = tokens
        .iter()
        .map(|t| finance_word(t, original, &cues))
        .collect();
    if !finance.contains(&true) {
        return false;
    }
    if numbers * 3 > tokens.len() {
        return true;
    }
    // Lower-case words other than finance words: a sentence has many, a row of cost-centre names
    // (`Yläkoulun irtaimisto Lukio Alakoulut`) few; a short sentence (`Liikuntapalvelujen
    // investoinnit kasvavat.`) ends as one.
    let other = tokens
        .iter()
        .zip(&finance)
        .filter(|&(t, &fin)| {
            !fin && !t.is_number() && first_char(t, original).is_some_and(char::is_lowercase)
        })
        .count();
    !sentence && other <= 2
}

/// The second case of `organ-phrase`: the match is a role (its word holds a role head,
/// `hyvinvointikoordinaattori`) followed, in the same sentence and cell, by a person's name: two
/// capitalised words (`kuuli hyvinvointikoordinaattori Riina Turjaa`). It names the person, not
/// the work. A label (`Aikataulu:`), a table cell (`|`) or brackets (`(HYTE)`) are no name.
pub fn titles_person(span: &Span, tokens: &[Token], text: &str, heads: &[String]) -> bool {
    let last = &tokens[span.last];
    let (Some(first), Some(second)) = (tokens.get(span.last + 1), tokens.get(span.last + 2)) else {
        return false;
    };
    let apart = |a: &Token, b: &Token| {
        broken(text, a, b)
            || text
                .get(a.end..b.start)
                .is_none_or(|gap| gap.contains(['|', '(', ')']))
    };
    let name = |t: &Token| {
        !t.is_number()
            && first_char(t, text).is_some_and(char::is_uppercase)
            && t.text.chars().all(char::is_alphabetic)
    };
    has_head(&last.text, heads)
        && !apart(last, first)
        && !apart(first, second)
        && name(first)
        && name(second)
}

/// The `personnel-context` rule (see the module doc).
pub fn personnel(tokens: &[Token], lower: &str, cues: &[String]) -> bool {
    occurring(cues, lower, |c| c.split(' ').next().unwrap_or(c))
        .into_iter()
        .any(|cue| match cue.split_once(' ') {
            None => tokens.iter().any(|t| t.text.contains(cue.as_str())),
            // The first word whole (`viran`, not `viranomaisten`), the second its start.
            Some((a, b)) => tokens
                .windows(2)
                .any(|w| w[0].text == a && w[1].text.starts_with(b)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::text::tokenize;

    fn span_of(tokens: &[Token], word: &str) -> Span {
        let i = tokens.iter().position(|t| t.text == word).unwrap();
        Span {
            first: i,
            last: i,
            part_start: 0,
            part_end: tokens[i].text.len(),
        }
    }

    #[test]
    fn procedural_words_around_a_match_cancel_it() {
        let heads = vec!["hankin".to_string(), "sopimu".to_string()];
        let text = "Siivoussopimus uimahallissa jatkuu.";
        let t = tokenize(text);
        assert!(procedural(&span_of(&t, "uimahallissa"), &t, text, &heads));
        let text = "Uimahallissa on uusi allas. Siivoussopimus jatkuu.";
        let t = tokenize(text);
        assert!(!procedural(&span_of(&t, "uimahallissa"), &t, text, &heads));
        // A sentence break between them: not the same phrase.
        let text = "Käynnit uimahallissa. Siivoussopimus jatkuu.";
        let t = tokenize(text);
        assert!(!procedural(&span_of(&t, "uimahallissa"), &t, text, &heads));
        // The head in the same compound after the matched part.
        let text = "ruokapalvelusopimus";
        let t = tokenize(text);
        let s = Span {
            first: 0,
            last: 0,
            part_start: 0,
            part_end: "ruokapalvelu".len(),
        };
        assert!(procedural(&s, &t, text, &heads));
    }

    #[test]
    fn an_organ_after_the_match_makes_it_a_name() {
        let heads = vec!["jaost".to_string(), "lautakun".to_string()];
        let text = "valitaan ympäristöterveydenhuollon yhteistoimintajaostoon edustaja";
        let t = tokenize(text);
        assert!(organ_phrase(
            &span_of(&t, "ympäristöterveydenhuollon"),
            &t,
            text,
            &heads
        ));
        let text = "liikunta- ja nuorisolautakunta päättää";
        let t = tokenize(text);
        assert!(organ_phrase(&span_of(&t, "liikunta"), &t, text, &heads));
        let text = "ympäristöterveydenhuollon palvelut paranevat";
        let t = tokenize(text);
        assert!(!organ_phrase(
            &span_of(&t, "ympäristöterveydenhuollon"),
            &t,
            text,
            &heads
        ));
    }
}
