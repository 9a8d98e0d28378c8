//! Stage 3, analyse: the text of one unit → theme hits and facet cues.
//!
//! Contract: never fails (lexicon validity is checked when it is loaded); deterministic; the
//! same chain (`text`) is applied to lexicon terms and to document text.
//!
//! Rules applied on top of raw term matches, so a hit means a substantive mention:
//! 1. a look-alike listed under `exclude` that covers the same compound part cancels the hit
//!    (`hyvinvointialue` is not the wellbeing theme, `tietoturva` not safety);
//! 2. a theme word followed in the same compound by an organisation head (`common.toml`:
//!    `opetuslautakunta`, `liikuntajohtaja`) names a body or role, not the theme;
//! 3. weak terms count only when the same theme also has a strong term in the unit;
//! 4. passing mentions are dropped: in a listing unit (five or more themes, fewer than eight
//!    words per theme, such as a finance table naming service areas) and in a long unit (60 words
//!    or more), a theme counts only when it is named in at least two places;
//! 5. weak facet cues (`vähintään`, `yli`, goal verbs) count only with a second cue of the same
//!    facet (for target and resources, a number in the unit also suffices).
//!
//! Each rule has an id (`rules::Rule`: `lookalike`, `organisation-head`, `weak-alone`,
//! `listing`, `long-unit`, `enumeration`, `weak-cue`, `number-counts`, and the inheritance rules
//! `heading-facets`, `table-header-facets` applied in `corpus::analyse_units`); `lex.rules` says
//! which are in force, and a dropped match names the rule that dropped it.

pub mod context;
pub mod learned;
pub mod lexicon;
pub mod lexicon_examples;
pub mod matcher;
pub mod rules;
pub mod text;

use crate::model::{Facet, FacetSet, Lang};
use lexicon::Lexicon;
pub use rules::{Rule, RuleSet};
use text::Token;

/// One theme term found in a unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThemeHit {
    /// Index into `Lexicon::themes`.
    pub theme: usize,
    pub term: String,
    /// The words of the text that matched, as written.
    pub matched: String,
    pub weak: bool,
    /// Index of the first matched token in the unit.
    pub token: usize,
    /// Byte range of the matched key inside that token (the compound part).
    pub part: (usize, usize),
}

/// A term match that did not count, and the rule that dropped it (for `linjaus explain`, which
/// words the reason in the report language: `report::i18n::rule_reason`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dropped {
    pub hit: ThemeHit,
    pub rule: Rule,
}

/// One facet cue found in a unit (or inherited from its heading or table header).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FacetCue {
    pub facet: Facet,
    pub cue: String,
    pub matched: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UnitAnalysis {
    pub lang: Lang,
    pub words: usize,
    pub hits: Vec<ThemeHit>,
    /// The unit's own facets plus the inherited ones.
    pub facets: FacetSet,
    /// The unit's own facet cues.
    pub cues: Vec<FacetCue>,
    /// Matches that were found but did not count, with the rule that dropped them.
    pub dropped: Vec<Dropped>,
    /// The learned layer's decision on each candidate theme (empty without a model).
    #[serde(default)]
    pub decisions: Vec<learned::Decision>,
}

impl UnitAnalysis {
    /// Theme indices with at least one hit, ascending.
    pub fn themes(&self) -> Vec<usize> {
        let mut t: Vec<usize> = self.hits.iter().map(|h| h.theme).collect();
        t.sort_unstable();
        t.dedup();
        t
    }
}

/// In a unit of at least this many words, a theme named in one place only is a passing mention.
const PASSING_MIN_WORDS: usize = 60;
/// In a unit of at least this many words, a theme named only inside enumerations ("mm.
/// koulutukseen, energiantuotantoon, asumiseen ja tapahtumiin") is a passing mention.
const ENUMERATION_MIN_WORDS: usize = 20;
/// Minimum distinct themes for the listing rule.
const LISTING_THEMES: usize = 5;
/// A unit is a listing when it has fewer than this many words per theme.
const LISTING_WORDS_PER_THEME: usize = 8;

/// Analyse one unit of normalised text. `inherited` are facets the unit gets from its headings
/// or its table's header row. A unit with no language cue of its own is taken for Finnish.
pub fn analyse_text(text: &str, lex: &Lexicon, inherited: FacetSet) -> UnitAnalysis {
    analyse_text_in(text, lex, inherited, Lang::Fi)
}

/// [`analyse_text`] for a unit of a document in `doc_lang`: a unit with no language cue of its
/// own (a heading, a table row: `Idrottshallen | 300 000 €`) is taken to be in it.
pub fn analyse_text_in(
    text: &str,
    lex: &Lexicon,
    inherited: FacetSet,
    doc_lang: Lang,
) -> UnitAnalysis {
    let tokens = text::tokenize(text);
    let lang = text::lang_cues(&tokens).unwrap_or(doc_lang);
    analyse_tokens(text, &tokens, lex, inherited, lang)
}

/// [`analyse_text`] of a unit already tokenised (`text::tokenize(text)`) whose language is
/// decided: a document's units are tokenised once, for its language and for their analysis.
pub fn analyse_tokens(
    text: &str,
    tokens: &[Token],
    lex: &Lexicon,
    inherited: FacetSet,
    lang: Lang,
) -> UnitAnalysis {
    let lower = text.to_lowercase();
    let present = lex.index.present(&lower);
    let words = tokens
        .iter()
        .filter(|t| t.text.chars().next().is_some_and(char::is_alphabetic))
        .count();
    let matched = |s: &matcher::Span| text[tokens[s.first].start..tokens[s.last].end].to_string();
    let on = |r: Rule| lex.rules.enabled(r);

    let mut hits = Vec::new();
    let mut dropped = Vec::new();
    for (ti, theme) in lex.themes.iter().enumerate() {
        let set = theme.terms(lang);
        let mut own: Vec<ThemeHit> = Vec::new();
        let mut ex: Option<Vec<matcher::Span>> = None;
        for term in set
            .terms
            .iter()
            .filter(|t| matcher::may_occur(t, &lower, &present))
        {
            for span in matcher::find(term, tokens) {
                let hit = ThemeHit {
                    theme: ti,
                    term: term.text.clone(),
                    matched: matched(&span),
                    weak: term.weak,
                    token: span.first,
                    part: (span.part_start, span.part_end),
                };
                if on(Rule::Lookalike)
                    && matcher::excluded(
                        &span,
                        ex.get_or_insert_with(|| {
                            matcher::exclusion_spans(&set.exclude, tokens, &lower, &present)
                        }),
                    )
                {
                    dropped.push(Dropped {
                        hit,
                        rule: Rule::Lookalike,
                    });
                } else if on(Rule::OrganisationHead)
                    && names_organisation(&span, tokens, &lex.organisation_heads)
                {
                    dropped.push(Dropped {
                        hit,
                        rule: Rule::OrganisationHead,
                    });
                } else if on(Rule::ProceduralContext)
                    && context::procedural(&span, tokens, text, &lex.procedural_heads)
                {
                    dropped.push(Dropped {
                        hit,
                        rule: Rule::ProceduralContext,
                    });
                } else if on(Rule::OrganPhrase)
                    && (context::organ_phrase(&span, tokens, text, &lex.organisation_heads)
                        || context::titles_person(&span, tokens, text, &lex.organisation_heads))
                {
                    dropped.push(Dropped {
                        hit,
                        rule: Rule::OrganPhrase,
                    });
                } else {
                    own.push(hit);
                }
            }
        }
        if !on(Rule::WeakAlone) || own.iter().any(|h| !h.weak) {
            hits.extend(own);
        } else {
            dropped.extend(own.into_iter().map(|hit| Dropped {
                hit,
                rule: Rule::WeakAlone,
            }));
        }
    }
    let themes: Vec<usize> = {
        let mut t: Vec<usize> = hits.iter().map(|h| h.theme).collect();
        t.dedup();
        t
    };
    // Mentions = distinct places, not terms (`nuorisotyö` hits three terms of one theme).
    let places = |t: usize| {
        let mut at: Vec<usize> = hits
            .iter()
            .filter(|h| h.theme == t)
            .map(|h| h.token)
            .collect();
        at.sort_unstable();
        at.dedup();
        at.len()
    };
    // A facility (`uimahalli`) named in a list of investments or a finance row is about the
    // facility; a cost centre's name is not.
    let facility = |h: &ThemeHit| {
        lex.facilities
            .iter()
            .any(|p| tokens[h.token].text.contains(p.as_str()))
    };
    let listing = themes.len() >= LISTING_THEMES && words < LISTING_WORDS_PER_THEME * themes.len();
    // The first passing-mention rule that applies to the unit decides (listing, long unit,
    // enumeration); a rule that is switched off passes the decision to the next one.
    let passing = |t: usize| -> Option<Rule> {
        if listing && on(Rule::Listing) {
            return (places(t) < 2).then_some(Rule::Listing);
        }
        if words >= PASSING_MIN_WORDS && on(Rule::LongUnit) {
            // A phrase term (`lapsivaikutusten arviointi`) is a deliberate mention.
            let phrase = hits
                .iter()
                .any(|h| h.theme == t && !h.weak && h.term.contains(' '));
            return (places(t) < 2 && !phrase).then_some(Rule::LongUnit);
        }
        let all_enumerated = || {
            hits.iter()
                .filter(|h| h.theme == t)
                .all(|h| enumerated(text, &tokens[h.token]) && !facility(h))
        };
        (words >= ENUMERATION_MIN_WORDS && on(Rule::Enumeration) && all_enumerated())
            .then_some(Rule::Enumeration)
    };
    let drop: Vec<(usize, Rule)> = themes
        .iter()
        .filter_map(|&t| passing(t).map(|r| (t, r)))
        .collect();
    let (kept, gone): (Vec<ThemeHit>, Vec<ThemeHit>) = hits
        .into_iter()
        .partition(|h| !drop.iter().any(|(t, _)| *t == h.theme));
    let mut hits = kept;
    // Rules that take every theme from the unit; the first that applies decides.
    if !hits.is_empty() {
        let rule = if on(Rule::PersonnelContext)
            && context::personnel(tokens, &lower, &lex.personnel_cues)
        {
            Some(Rule::PersonnelContext)
        } else if on(Rule::FinanceRow)
            && context::finance_row(tokens, text, &lower, &lex.finance_cues)
        {
            Some(Rule::FinanceRow)
        } else {
            None
        };
        if let Some(rule) = rule {
            let (stay, go): (Vec<ThemeHit>, Vec<ThemeHit>) = hits
                .drain(..)
                .partition(|h| rule == Rule::FinanceRow && facility(h));
            hits = stay;
            dropped.extend(go.into_iter().map(|hit| Dropped { hit, rule }));
        }
    }
    for hit in gone {
        if let Some((_, rule)) = drop.iter().find(|(t, _)| *t == hit.theme) {
            dropped.push(Dropped { hit, rule: *rule });
        }
    }

    let has_number = tokens.iter().any(Token::is_number);
    let mut cues = Vec::new();
    let mut facets = inherited;
    let inherited_target = inherited.contains(Facet::Target);
    // Target set by weak cues only, for the `target-needs-goal` rule, and where the goal and
    // target cues of the unit's own matched.
    let mut weak_target = false;
    let inherited_goal = inherited.contains(Facet::Goal);
    let (mut goal_at, mut target_at) = (Vec::new(), Vec::new());
    for fc in &lex.facets {
        let (list, context, suffixes, exclude) = if lang == Lang::Sv {
            (&fc.sv, &fc.sv_context, &fc.sv_suffix, &fc.sv_exclude)
        } else {
            (&fc.fi, &fc.fi_context, &fc.fi_suffix, &fc.fi_exclude)
        };
        let ex = if on(Rule::Lookalike) {
            matcher::exclusion_spans(exclude, tokens, &lower, &present)
        } else {
            Vec::new()
        };
        // (weak, the token where it matched first, the cue)
        let mut own: Vec<(bool, usize, FacetCue)> = Vec::new();
        // Every token where a cue of the unit's own matched (for the context cues' sentences).
        let mut own_at: Vec<usize> = Vec::new();
        // (every token where it matched, the cue)
        let mut ctx: Vec<(Vec<usize>, FacetCue)> = Vec::new();
        for (term, is_context) in list
            .iter()
            .map(|t| (t, false))
            .chain(context.iter().map(|t| (t, true)))
            .filter(|(t, _)| matcher::may_occur(t, &lower, &present))
        {
            let mut spans = matcher::find(term, tokens)
                .into_iter()
                .filter(|s| !matcher::excluded(s, &ex));
            if let Some(span) = spans.next() {
                let cue = FacetCue {
                    facet: fc.facet,
                    cue: term.text.clone(),
                    matched: matched(&span),
                };
                let at = std::iter::once(span.first).chain(spans.map(|s| s.first));
                if is_context && on(Rule::ContextCue) {
                    ctx.push((at.collect(), cue));
                } else {
                    own_at.extend(at);
                    own.push((term.weak || is_context, span.first, cue));
                }
            }
        }
        if on(Rule::SuffixCue) {
            for suffix in suffixes {
                let found = tokens.iter().enumerate().find(|(i, t)| {
                    t.text.ends_with(suffix.as_str())
                        && t.text.chars().count() >= suffix.chars().count() + 3
                        && !matcher::excluded(
                            &matcher::Span {
                                first: *i,
                                last: *i,
                                part_start: 0,
                                part_end: t.text.len(),
                            },
                            &ex,
                        )
                });
                if let Some((i, _)) = found {
                    own.push((
                        false,
                        i,
                        FacetCue {
                            facet: fc.facet,
                            cue: format!("-{suffix}"),
                            matched: matched(&matcher::Span {
                                first: i,
                                last: i,
                                part_start: 0,
                                part_end: 0,
                            }),
                        },
                    ));
                }
            }
        }
        // Two weak cues must be two places, not two terms matching one word.
        let places = |list: &mut dyn Iterator<Item = usize>| {
            let mut at: Vec<usize> = list.collect();
            at.sort_unstable();
            at.dedup();
            at.len()
        };
        let any_strong = own.iter().any(|(weak, _, _)| !weak);
        let strong = !on(Rule::WeakCue) || any_strong;
        let weak_places = places(&mut own.iter().map(|(_, i, _)| *i));
        // A context cue counts in the sentence of a cue of the unit's own (`Tekninen lautakunta
        // vastaa …`), not anywhere in it.
        let with_context = own_at.iter().any(|i| {
            ctx.iter()
                .flat_map(|(at, _)| at)
                .any(|j| j != i && !context::broken(text, &tokens[*i.min(j)], &tokens[*i.max(j)]))
        });
        let number_counts = on(Rule::NumberCounts)
            && matches!(fc.facet, Facet::Target | Facet::Resources)
            && has_number;
        if !own.is_empty() && (strong || weak_places >= 2 || with_context || number_counts) {
            facets.insert(fc.facet);
            if fc.facet == Facet::Target && !any_strong {
                weak_target = true;
                target_at = std::mem::take(&mut own_at);
            }
            if fc.facet == Facet::Goal {
                goal_at = std::mem::take(&mut own_at);
            }
            cues.extend(own.into_iter().map(|(_, _, c)| c));
            if with_context {
                cues.extend(ctx.into_iter().map(|(_, c)| c));
            }
        }
    }
    // A percentage or a bound is a target when it quantifies a goal: the heading's, or one
    // stated in the same sentence (not a realised share elsewhere in the unit).
    let goal_in_sentence = || {
        target_at.iter().any(|t| {
            goal_at
                .iter()
                .any(|g| context::same_sentence(text, &tokens[*t.min(g)], &tokens[*t.max(g)]))
        })
    };
    if weak_target
        && !inherited_target
        && on(Rule::TargetNeedsGoal)
        && !inherited_goal
        && !goal_in_sentence()
    {
        facets.remove(Facet::Target);
        cues.retain(|c| c.facet != Facet::Target);
    }
    let mut a = UnitAnalysis {
        lang,
        words,
        hits,
        facets,
        cues,
        dropped,
        decisions: Vec::new(),
    };
    if let Some(model) = lex.learned.as_ref().filter(|_| on(Rule::Learned)) {
        learned::apply(model, &mut a, tokens, text, lex);
    }
    a
}

/// Does `tok` sit in an enumeration: two or more commas near it within its sentence?
fn enumerated(text: &str, tok: &Token) -> bool {
    const REACH: usize = 60;
    let mut lo = tok.start.saturating_sub(REACH);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (tok.end + REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let before = &text[lo..tok.start];
    let start = before.rfind(". ").map_or(lo, |i| lo + i + 2);
    let after = &text[tok.end..hi];
    let end = after.find(". ").map_or(hi, |i| tok.end + i);
    list_commas(text, start, tok.start) + list_commas(text, tok.end, end) >= 2
}

/// The commas in `text[from..to]` that separate words: a decimal comma (`25,8 %`) does not.
fn list_commas(text: &str, from: usize, to: usize) -> usize {
    let b = text.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    text[from..to]
        .match_indices(',')
        .filter(|&(i, _)| {
            let at = from + i;
            !(digit(at.checked_sub(1)) && digit(Some(at + 1)))
        })
        .count()
}

/// Is a one-word hit followed, inside its token, by an organisation head (`opetus` in
/// `opetuslautakunta`)?
fn names_organisation(span: &matcher::Span, tokens: &[Token], heads: &[String]) -> bool {
    span.first == span.last && {
        let rest = &tokens[span.first].text[span.part_end..];
        heads.iter().any(|h| rest.contains(h.as_str()))
    }
}

/// The facets a heading passes down to the units under it: a goal or binding heading
/// ("Sitovat tavoitteet", "Painopisteet") makes its units goal-bearing.
pub fn heading_facets(heading: &UnitAnalysis) -> FacetSet {
    let mut f = FacetSet::default();
    for facet in [Facet::Goal, Facet::Binding] {
        if heading.facets.contains(facet) {
            f.insert(facet);
        }
    }
    f
}
