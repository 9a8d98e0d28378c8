//! The rules applied on top of raw term and cue matches, each with a stable id so that it can be
//! switched off one at a time (to measure what it does, and to test that it does something).
//!
//! A [`RuleSet`] travels with the [`Lexicon`](super::lexicon::Lexicon) (`lex.rules`, all rules
//! enabled by default) and is part of the cache fingerprint, so a cached analysis never mixes rule
//! sets.

use serde::{Deserialize, Serialize};

/// One rule of the analysis. Theme rules drop a term match (the match is kept in
/// `UnitAnalysis::dropped` with the rule's id); facet rules decide which facets a unit gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A look-alike listed under `exclude` that covers the same compound part cancels a hit.
    Lookalike,
    /// A theme word followed in its compound by an organisation head names a body or role.
    OrganisationHead,
    /// Weak terms count only when the same theme also has a strong term in the unit.
    WeakAlone,
    /// In a listing unit (five or more themes, few words each) a theme named once is dropped.
    Listing,
    /// In a long unit (60 words or more) a theme named once, and not by a phrase term, is dropped.
    LongUnit,
    /// In a unit of 20 words or more, a theme named only inside enumerations is dropped (not one
    /// named through a facility, `common.toml` `facilities`: an investment list's swimming hall).
    Enumeration,
    /// Weak facet cues count only with a second cue of the same facet.
    WeakCue,
    /// For target and resources, a number in the unit counts as the second cue of a weak cue.
    NumberCounts,
    /// A goal or binding heading passes those facets down to the units under it.
    HeadingFacets,
    /// A table's header row passes its facets down to the rows.
    TableHeaderFacets,
    /// Procurement, contract, insurance, property or street words in the match's compound or
    /// next to it cancel a theme term (`ruokapalvelujen hankintasopimus`).
    ProceduralContext,
    /// A theme word followed by a body or role word names the organ (`nuorisovaltuuston
    /// edustaja`, `liikunta- ja nuorisolautakunta`).
    OrganPhrase,
    /// Context facet cues (`fi_context`: body names for owner) count only as the second cue of
    /// a weak cue in the same sentence, never on their own or with each other.
    ContextCue,
    /// Word endings count as facet cues (`fi_suffix`: past passive `-ttiin` for action).
    SuffixCue,
    /// A target from weak cues only (`%`, `vähintään`, a number) needs a goal: its heading's, or a
    /// goal cue in the same sentence (a colon or an abbreviation does not end it), not a realised
    /// share elsewhere.
    TargetNeedsGoal,
    /// The learned layer (`lexicons/learned.toml`) decides which candidate themes count.
    Learned,
    /// A unit about the municipality's own personnel (post filling, job descriptions, staff
    /// holidays: `common.toml` `personnel_cues`) has no resident welfare theme.
    PersonnelContext,
    /// A unit that reads as a finance row or list (a finance word, and numbers for over a third
    /// of its tokens, or at most two other lower-case words and no sentence end:
    /// `common.toml` `finance_cues`; or, with no sentence end, numbers for over half of its
    /// tokens and a negative amount of a thousand or more, a cost) has no theme: its theme words
    /// name cost centres (a facility named in it, `facilities`, keeps its theme; a minutes item's
    /// title, `§ 22 …`, is no row).
    FinanceRow,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::Lookalike,
        Rule::OrganisationHead,
        Rule::WeakAlone,
        Rule::Listing,
        Rule::LongUnit,
        Rule::Enumeration,
        Rule::WeakCue,
        Rule::NumberCounts,
        Rule::HeadingFacets,
        Rule::TableHeaderFacets,
        Rule::ProceduralContext,
        Rule::OrganPhrase,
        Rule::ContextCue,
        Rule::SuffixCue,
        Rule::TargetNeedsGoal,
        Rule::Learned,
        Rule::PersonnelContext,
        Rule::FinanceRow,
    ];

    /// The stable id (`lookalike`, `organisation-head`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::Lookalike => "lookalike",
            Rule::OrganisationHead => "organisation-head",
            Rule::WeakAlone => "weak-alone",
            Rule::Listing => "listing",
            Rule::LongUnit => "long-unit",
            Rule::Enumeration => "enumeration",
            Rule::WeakCue => "weak-cue",
            Rule::NumberCounts => "number-counts",
            Rule::HeadingFacets => "heading-facets",
            Rule::TableHeaderFacets => "table-header-facets",
            Rule::ProceduralContext => "procedural-context",
            Rule::OrganPhrase => "organ-phrase",
            Rule::ContextCue => "context-cue",
            Rule::SuffixCue => "suffix-cue",
            Rule::TargetNeedsGoal => "target-needs-goal",
            Rule::Learned => "learned",
            Rule::PersonnelContext => "personnel-context",
            Rule::FinanceRow => "finance-row",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// The rules in force. Default: all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet(u32);

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::all()
    }
}

impl RuleSet {
    pub fn all() -> RuleSet {
        RuleSet(Rule::ALL.iter().fold(0, |b, r| b | r.bit()))
    }

    /// No rule at all: every term match counts (the raw candidates).
    pub fn none() -> RuleSet {
        RuleSet(0)
    }

    pub fn enabled(self, rule: Rule) -> bool {
        self.0 & rule.bit() != 0
    }

    /// This set without `rule`.
    pub fn without(self, rule: Rule) -> RuleSet {
        RuleSet(self.0 & !rule.bit())
    }

    /// This set with `rule`.
    pub fn with(self, rule: Rule) -> RuleSet {
        RuleSet(self.0 | rule.bit())
    }

    /// Ids of the enabled rules, in [`Rule::ALL`] order.
    pub fn ids(self) -> Vec<&'static str> {
        Rule::ALL
            .into_iter()
            .filter(|r| self.enabled(*r))
            .map(Rule::id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_sets_switch_one_rule() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(r));
            assert!(RuleSet::all().enabled(r));
            assert!(!RuleSet::all().without(r).enabled(r));
            assert_eq!(RuleSet::all().without(r).ids().len(), Rule::ALL.len() - 1);
            assert!(RuleSet::none().with(r).enabled(r));
        }
        assert_eq!(Rule::from_id("nosuch"), None);
        assert_eq!(RuleSet::default(), RuleSet::all());
        assert_eq!(
            serde_json::to_string(&Rule::OrganisationHead).unwrap(),
            "\"organisation-head\""
        );
    }
}
