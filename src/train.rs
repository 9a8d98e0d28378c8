//! `linjaus train`: fit the learned layer ([`crate::analyse::learned`]) to labelled units (the
//! `eval` input) and estimate what it does by cross-validation: the units of one document stay
//! in one fold (its `doc` key; a unit without one is its own group), so a fold is scored by a
//! model that never saw its documents.
//!
//! Examples: every candidate theme of every unit as the rules alone analyse it, labelled right
//! when the unit's gold themes hold it; an optional gold theme gives no example.

use crate::analyse::learned::{self, TrainOptions};
use crate::analyse::lexicon::Lexicon;
use crate::analyse::text::{lang_cues, normalise, tokenize};
use crate::analyse::{Rule, analyse_tokens};
use crate::eval::{Evaluation, Gold, score};
use crate::model::FacetSet;
use std::collections::{BTreeMap, BTreeSet};

/// The training examples of each unit of `gold` under the rules of `lex` (the learned layer
/// switched off), in the units' order.
pub fn examples_by_unit(gold: &[Gold], lex: &Lexicon) -> Vec<Vec<(Vec<String>, bool)>> {
    let mut rules_only = lex.clone();
    rules_only.rules = rules_only.rules.without(Rule::Learned);
    gold.iter()
        .map(|g| {
            let text = normalise(&g.text);
            let tokens = tokenize(&text);
            // As `analyse_text_in` reads it: the unit's own language cues, else its `lang`.
            let lang = lang_cues(&tokens).unwrap_or(g.lang.unwrap_or(crate::model::Lang::Fi));
            let a = analyse_tokens(&text, &tokens, &rules_only, FacetSet::default(), lang);
            learned::candidates(&a, &tokens, &text, &rules_only)
                .into_iter()
                .filter(|(t, _)| !g.themes_optional.contains(&lex.themes[*t].id))
                .map(|(t, features)| (features, g.themes.contains(&lex.themes[t].id)))
                .collect()
        })
        .collect()
}

/// Cross-validation: (the rules alone, the rules and a model fitted to the other folds),
/// both scored on every unit once.
pub struct CrossValidation {
    pub folds: usize,
    pub rules: Evaluation,
    pub learned: Evaluation,
}

/// `folds`-fold cross-validation of a model over `gold` (whose examples, by unit, are
/// `examples`: [`examples_by_unit`], built once), folds by document: the distinct
/// documents, sorted, are dealt to the folds in turn (a unit without `doc` is its own document).
/// `Err` when there are fewer documents than folds (a fold would be empty or its model would
/// learn from nothing).
pub fn cross_validate(
    gold: &[Gold],
    examples: &[Vec<(Vec<String>, bool)>],
    lex: &Lexicon,
    opt: TrainOptions,
    folds: usize,
) -> Result<CrossValidation, String> {
    let folds = folds.max(2);
    let key = |i: usize, g: &Gold| g.group.clone().unwrap_or_else(|| format!("#{i}"));
    let groups: BTreeSet<String> = gold.iter().enumerate().map(|(i, g)| key(i, g)).collect();
    if groups.len() < folds {
        return Err(format!(
            "{} documents for {folds} cross-validation folds: give units a `doc`, or use fewer --folds",
            groups.len()
        ));
    }
    let fold_of: BTreeMap<&String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g, i % folds))
        .collect();
    let assigned: Vec<usize> = gold
        .iter()
        .enumerate()
        .map(|(i, g)| fold_of[&key(i, g)])
        .collect();
    let mut rules_only = lex.clone();
    rules_only.rules = rules_only.rules.without(Rule::Learned);
    let mut cv = CrossValidation {
        folds,
        rules: Evaluation::default(),
        learned: Evaluation::default(),
    };
    for k in 0..folds {
        let part = |inside: bool| {
            gold.iter()
                .zip(&assigned)
                .filter(move |(_, f)| (**f == k) == inside)
                .map(|(g, _)| g)
        };
        let mut with_model = rules_only.clone();
        with_model.rules = with_model.rules.with(Rule::Learned);
        let training: Vec<(Vec<String>, bool)> = examples
            .iter()
            .zip(&assigned)
            .filter(|(_, f)| **f != k)
            .flat_map(|(e, _)| e.iter().cloned())
            .collect();
        with_model.learned = Some(learned::train(&training, opt));
        cv.rules.merge(score(part(true), &rules_only));
        cv.learned.merge(score(part(true), &with_model));
    }
    Ok(cv)
}
