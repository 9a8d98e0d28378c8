//! THE analysis chain, used for lexicon terms and document text alike: normalise → tokenise →
//! match keys. Keeping one chain is what makes a term and the text it should find agree.
//!
//! Finnish has no reliable stemmer in pure Rust (the Snowball one cuts `lapsi` to `lap` but
//! `lasten` to `last`), so a term is turned into one or more *keys*: prefixes that every
//! inflected form shares. [`term_key`] derives a key from a base form by removing the part of
//! the word that inflection changes (final vowel, consonant gradation, `-nen`, `-us/-ys`,
//! `-nut/-nyt`); lexicons add keys for stems the rule cannot reach (`lapsi|lasten`). A key
//! matches a token at its start (inflection: `liikun` in `liikunnan`) or, when the key is long
//! enough, inside it (compound head or modifier: `liikun` in `kuntoliikuntapaikkojen`).

use crate::model::Lang;
use rust_stemmers::{Algorithm, Stemmer};

/// The identity of this analysis chain (normalisation, tokenisation, key derivation, language
/// guess). It is part of the cache fingerprint and the search index state, so analyses made
/// by another chain are never mixed with this one's: change it whenever the chain changes what
/// it produces.
pub const CHAIN: &str = "fi-sv-keys-1";

/// Keys shorter than this only match at the start of a token.
pub const MIN_INNER_KEY: usize = 5;
/// Keys shorter than this are rejected by lexicon validation (use `=word` for exact tokens).
pub const MIN_KEY: usize = 4;

/// Normalise text: Unicode oddities seen in municipal PDFs and Word files are removed or
/// mapped (soft hyphen, zero-width spaces, no-break spaces, typographic dashes), and words
/// hyphenated across line breaks are joined (`hyvinvointi-\nkertomus`) unless the next word
/// shows the hyphen is real (`sosiaali-\nja terveyspalvelut`). Case is kept: tokens are
/// lower-cased by [`tokenize`] so snippets stay readable.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' => out.push(' '),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\r' => {}
            '-' if out.chars().last().is_some_and(char::is_alphabetic) => {
                // Look past spaces to a newline: a hyphenated line break.
                let rest: String = chars
                    .clone()
                    .take_while(|c| *c == ' ' || *c == '\n')
                    .collect();
                if rest.contains('\n') {
                    let after: String = chars
                        .clone()
                        .skip(rest.chars().count())
                        .take_while(|c| c.is_alphanumeric())
                        .collect();
                    let starts_lower = after.chars().next().is_some_and(char::is_lowercase);
                    if starts_lower && !is_conjunction(&after) {
                        for _ in 0..rest.chars().count() {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push('-');
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_conjunction(w: &str) -> bool {
    matches!(
        w,
        "ja" | "tai" | "sekä" | "eli" | "että" | "och" | "eller" | "samt"
    )
}

/// A token: lower-cased text and its byte span in the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Written with a capital first letter (`Kan-hanke`, a name, not the Swedish verb `kan`).
    pub capital: bool,
}

impl Token {
    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Split normalised text into word, number and symbol tokens. Words are runs of letters and
/// digits; a hyphen splits a word into its parts (`liikunta-aktiivisuus` → two tokens), so each
/// part is matched on its own. `%` and `€` are tokens of their own (facet cues).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let flush = |tokens: &mut Vec<Token>, s: usize, e: usize| {
        tokens.push(Token {
            text: text[s..e].to_lowercase(),
            start: s,
            end: e,
            capital: text[s..e].chars().next().is_some_and(char::is_uppercase),
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            flush(&mut tokens, s, i);
        }
        if c == '%' || c == '€' {
            flush(&mut tokens, i, i + c.len_utf8());
        }
    }
    if let Some(s) = start {
        flush(&mut tokens, s, text.len());
    }
    tokens
}

/// Guess the language of a unit from function words (and `å`): Swedish when Swedish cues are
/// present and Finnish ones absent, or Swedish cues clearly outnumber Finnish ones.
pub fn detect_lang(tokens: &[Token]) -> Lang {
    lang_cues(tokens).unwrap_or(Lang::Fi)
}

/// The language a unit's own cues (function words, `å`) point to; `None` when it has none (a
/// heading or a table row of names and numbers), so the document's language can decide.
pub fn lang_cues(tokens: &[Token]) -> Option<Lang> {
    let (mut fi, mut sv) = (0usize, 0usize);
    for t in tokens {
        match t.text.as_str() {
            "ja" | "on" | "ovat" | "että" | "sekä" | "tai" | "myös" | "ei" | "kunnan"
            | "kaupungin" | "vuonna" | "mukaan" | "joka" | "jotka" | "tavoite" | "tavoitteena" => {
                fi += 1
            }
            "och" | "att" | "för" | "som" | "av" | "med" | "det" | "är" | "till" | "på" | "i"
            | "en" | "ett" | "de" | "kommunens" | "staden" | "mål" | "inom" | "bland"
            | "mellan" | "genom" | "får" | "ska" | "kommunen" | "vi" | "samt" | "om" => sv += 1,
            // Also the start of names (`Kan-hanke`, `Den Haagin`, `Inte Oy`): only in lower case.
            "den" | "har" | "vid" | "inte" | "eller" | "kan" | "efter" | "sina" if !t.capital => {
                sv += 1
            }
            w if ["heten", "ningen", "arnas", "erna", "orna"]
                .iter()
                .any(|s| w.ends_with(s)) =>
            {
                sv += 1
            }
            _ => {}
        }
    }
    if tokens.iter().any(|t| t.text.contains('å')) {
        sv += 1;
    }
    if sv == 0 && fi == 0 {
        None
    } else if (sv >= 1 && fi == 0) || (sv >= 2 && sv > fi * 2) {
        Some(Lang::Sv)
    } else {
        Some(Lang::Fi)
    }
}

/// The key of one lexicon word: the prefix all its inflected forms share.
///
/// Finnish (rules applied in order, documented in `lexicons/README.md`):
/// `-nen` → drop it (`ihminen` → `ihmi`); `-nut/-nyt` → drop two (`ikääntynyt` → `ikääntyn`);
/// `-us/-ys/-os/-ös` → drop the `s` (`terveys` → `tervey`); `-nne` in a word of more than seven
/// letters → drop `ne` (`liikenne` → `liiken`, for `liikenteen`); a final vowel is dropped, and
/// then a consonant that gradates (`nt`, `lt`, `rt`, `mp`, `nk`, doubled `kk/pp/tt`, a single
/// `k/p/t/d` after a vowel or `h`) loses its last letter (`liikunta` → `liikun`, `väkivalta` →
/// `väkival`, `kotihoito` → `kotihoi`, `päihde` → `päih`). Words ending in other consonants are
/// kept whole.
///
/// Swedish: the Snowball stem, when it is a prefix of the word, else the word.
pub fn term_key(word: &str, lang: Lang) -> String {
    let w = word.to_lowercase();
    match lang {
        Lang::Sv => {
            let stem = Stemmer::create(Algorithm::Swedish).stem(&w).into_owned();
            if w.starts_with(&stem) && stem.chars().count() >= MIN_KEY {
                stem
            } else {
                w
            }
        }
        _ => finnish_key(&w),
    }
}

/// The key by which two words of running text are compared (goal pairing): the word's
/// [`term_key`], cut to [`MIN_INNER_KEY`] letters. `term_key` expects a base form and keeps most
/// inflected forms whole (`vähenee` → `vähene`, `vähentää` → `vähentä`); cutting its key to the
/// length at which a key is trusted inside compounds lets the forms of one word meet (`vähen`).
/// Lexicon words that must meet such keys (goal-lexicon measure words) go through the same
/// function.
pub fn word_key(word: &str, lang: Lang) -> String {
    term_key(word, lang).chars().take(MIN_INNER_KEY).collect()
}

fn finnish_key(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    let ends = |s: &str| w.ends_with(s);
    if n <= 4 {
        return w.to_string();
    }
    let is_vowel = |c: char| "aeiouyäöå".contains(c);
    let take = |k: usize| chars[..k].iter().collect::<String>();
    if ends("nen") {
        return take(n - 3);
    }
    if ends("nut") || ends("nyt") {
        return take(n - 2);
    }
    if (ends("us") || ends("ys") || ends("os") || ends("ös")) && n > 5 {
        return take(n - 1);
    }
    // Inverse gradation of `-nne` nouns: `liikenne` → `liikenteen`, `liikennettä`.
    if ends("nne") && n > 7 {
        return take(n - 2);
    }
    if !is_vowel(chars[n - 1]) {
        return w.to_string();
    }
    let mut k = n - 1; // drop the final vowel
    let last = chars[k - 1];
    let before = chars[k - 2];
    let gradates = matches!(last, 'k' | 'p' | 't' | 'd')
        && (before == last
            || is_vowel(before)
            || matches!(
                (before, last),
                ('n', 't')
                    | ('l', 't')
                    | ('r', 't')
                    | ('m', 'p')
                    | ('n', 'k')
                    | ('h', 'd')
                    | ('h', 't')
            ));
    if gradates && k > MIN_KEY {
        k -= 1;
    }
    take(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_keys_cover_inflection() {
        for (base, forms) in [
            (
                "liikunta",
                &["liikunnan", "liikuntaa", "liikuntapaikka"][..],
            ),
            ("väkivalta", &["väkivallan", "väkivaltaa"]),
            ("kotihoito", &["kotihoidon", "kotihoitoa"]),
            ("terveys", &["terveyden", "terveyttä"]),
            ("ikääntynyt", &["ikääntyneiden", "ikääntyneet"]),
            ("ihminen", &["ihmisten", "ihmisiä"]),
            ("tavoite", &["tavoitteet", "tavoitteena"]),
            ("toimintakyky", &["toimintakyvyn", "toimintakykyä"]),
            ("päihde", &["päihteiden", "päihdetyö"]),
            ("liikenne", &["liikenteen", "liikennettä"]),
            (
                "yhdyskuntarakenne",
                &["yhdyskuntarakenteen", "yhdyskuntarakennetta"],
            ),
        ] {
            let key = term_key(base, Lang::Fi);
            for f in forms {
                assert!(f.starts_with(&key), "{base} key {key} misses {f}");
            }
        }
        assert_eq!(
            term_key("toimintakyky", Lang::Fi),
            "toimintaky",
            "must not swallow toimintakulut"
        );
    }

    #[test]
    fn hyphenated_line_breaks_join_but_real_hyphens_stay() {
        assert_eq!(normalise("hyvinvointi-\nkertomus"), "hyvinvointikertomus");
        assert_eq!(
            normalise("sosiaali-\nja terveyspalvelut"),
            "sosiaali-\nja terveyspalvelut"
        );
        assert_eq!(normalise("kesä-heinäkuu"), "kesä-heinäkuu");
        assert_eq!(normalise("lii\u{00AD}kunta 1\u{200B}000"), "liikunta 1000");
    }

    #[test]
    fn tokens_split_hyphens_and_keep_symbols() {
        let t: Vec<String> = tokenize("Liikunta-aktiivisuus 80 % ja 5 000 €")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            ["liikunta", "aktiivisuus", "80", "%", "ja", "5", "000", "€"]
        );
    }

    #[test]
    fn swedish_is_detected_by_function_words() {
        assert_eq!(
            detect_lang(&tokenize(
                "Kommunen ska främja motion och idrott för barn och unga."
            )),
            Lang::Sv
        );
        assert_eq!(
            detect_lang(&tokenize(
                "Kunnan tavoitteena on lisätä liikuntaa ja vähentää yksinäisyyttä."
            )),
            Lang::Fi
        );
        // A short decision sentence: one Swedish function word and no Finnish one.
        assert_eq!(
            detect_lang(&tokenize(
                "Kommunstyrelsen godkänner den uppdaterade beredskapsplanen."
            )),
            Lang::Sv
        );
        // A name that begins like a Swedish word does not make a Finnish unit Swedish.
        for fi in [
            "Kan-hanke jatkuu.",
            "Vid-hankkeen loppuraportti hyväksytään.",
            "Den Haagin sopimus.",
        ] {
            assert_eq!(detect_lang(&tokenize(fi)), Lang::Fi, "{fi}");
        }
    }
}
