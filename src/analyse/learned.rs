//! The learned layer over the matcher (the pattern of Annif's MLLM backend): the lexicon and
//! the rules propose candidate themes of a unit, and a small logistic model trained on labelled
//! units decides which of them count, from features a person can read: the theme, the terms
//! that matched, the rule (if any) that dropped them, how often they matched and whether the
//! key ended its word (`part=`: an inflected or compound-initial match is not told apart), the
//! words next to them (also paired with the theme), and the shape of the unit
//! (length, how many themes, numbers, e-mail addresses, `§`).
//!
//! No model is shipped: on the project's 978 labelled units of 28 documents (own labels and the
//! held-out development part), cross-validation by document gave themes F1 0.747–0.773 with a
//! model (3, 5, 10 folds) against 0.758 for the rules alone: within the noise (README,
//! *Accuracy*). `linjaus train` lets an evaluator with
//! more labels of their own find out whether it pays on their documents.
//!
//! The model is `lexicons/learned.toml` (weights by feature name, written by `linjaus train`);
//! without it, or with the rule `learned` switched off, the rules alone decide. Every decision
//! keeps its probability and the features that weighed most ([`Decision`]), so `explain` can
//! say why a theme was kept or dropped.
//!
//! Contract: deterministic (features are sorted, training visits examples in input order);
//! never fails on text; a model file that is not valid is a lexicon problem reported at load.

use super::UnitAnalysis;
use super::lexicon::Lexicon;
use super::text::Token;
use crate::model::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Words on each side of a match that become context features.
const CONTEXT: usize = 3;
/// Context and unit words are cut to this many characters: a cheap stem that survives Finnish
/// inflection (`sopimus`, `sopimuksen` → `sopim`).
const STEM: usize = 5;
/// How many features `explain` shows for a decision.
const TOP: usize = 4;

/// A logistic model: weights by feature name (the feature `bias` is always present).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// A candidate counts when its probability is at least this.
    pub threshold: f64,
    pub weights: BTreeMap<String, f64>,
}

/// The decision on one candidate theme of a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Index into `Lexicon::themes`.
    pub theme: usize,
    /// The model's probability that the theme is substantive in the unit.
    pub p: f64,
    pub kept: bool,
    /// The features that weighed most, with their weight, largest effect first.
    pub top: Vec<(String, f64)>,
}

impl Model {
    /// The probability for a feature list, and each known feature's weight.
    pub fn score(&self, features: &[String]) -> (f64, Vec<(String, f64)>) {
        let mut z = self.weights.get("bias").copied().unwrap_or(0.0);
        let mut parts = Vec::new();
        for f in features {
            if let Some(&w) = self.weights.get(f) {
                z += w;
                parts.push((f.clone(), w));
            }
        }
        (sigmoid(z), parts)
    }

    /// Read a model from its TOML text; problems are added to `problems` naming `file`.
    pub fn parse(src: &str, file: &str, problems: &mut Vec<String>) -> Option<Model> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            themes: Model,
        }
        match toml::from_str::<File>(src) {
            Ok(f) => {
                let m = f.themes;
                let bad = !(0.0..=1.0).contains(&m.threshold)
                    || m.weights.values().any(|w| !w.is_finite());
                if bad {
                    problems.push(format!(
                        "{file}: [themes] threshold must be in 0..1 and every weight a finite number"
                    ));
                    return None;
                }
                Some(m)
            }
            Err(e) => {
                problems.push(format!("{file}: {}", e.message()));
                None
            }
        }
    }

    /// The model as the TOML text `parse` reads (weights sorted by name, rounded to 4 places).
    pub fn to_toml(&self, header: &str) -> String {
        let mut s = String::from(header);
        s.push_str(&format!(
            "[themes]\nthreshold = {}\n\n[themes.weights]\n",
            self.threshold
        ));
        for (k, w) in &self.weights {
            let w = (w * 10_000.0).round() / 10_000.0;
            if w != 0.0 {
                s.push_str(&format!("{} = {w}\n", toml_key(k)));
            }
        }
        s
    }
}

fn toml_key(k: &str) -> String {
    let mut q = String::from("\"");
    for c in k.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => q.push_str(&format!("\\u{:04X}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn stem(word: &str) -> String {
    word.chars().take(STEM).collect()
}

/// The label of the range `n` falls in: `edges` are the ranges' lower bounds after the first,
/// `labels` one more than the edges (`words=8-19`, `places=3+`).
fn bucket(n: usize, edges: &[usize], labels: &[&'static str]) -> &'static str {
    labels[edges.iter().take_while(|&&e| n >= e).count()]
}

/// The candidate themes of a unit analysed by the rules alone (its hits and the matches the
/// rules dropped), each with its features, sorted by theme.
pub fn candidates(
    a: &UnitAnalysis,
    tokens: &[Token],
    text: &str,
    lex: &Lexicon,
) -> Vec<(usize, Vec<String>)> {
    let mut themes: BTreeSet<usize> = a.hits.iter().map(|h| h.theme).collect();
    themes.extend(a.dropped.iter().map(|d| d.hit.theme));
    let n_themes = themes.len();
    let mut shape = vec![
        format!(
            "words={}",
            bucket(
                a.words,
                &[8, 20, 60, 150],
                &["0-7", "8-19", "20-59", "60-149", "150+"]
            )
        ),
        format!(
            "themes={}",
            bucket(n_themes, &[2, 3, 5], &["1", "2", "3-4", "5+"])
        ),
    ];
    if a.lang == Lang::Sv {
        shape.push("lang=sv".into());
    }
    if text.contains('@') {
        shape.push("unit-has-email".into());
    }
    if text.contains('§') {
        shape.push("unit-has-section-sign".into());
    }
    let numbers = tokens.iter().filter(|t| t.is_number()).count();
    if numbers * 4 >= tokens.len().max(1) {
        shape.push("unit-mostly-numbers".into());
    }
    themes
        .into_iter()
        .map(|t| {
            let id = &lex.themes[t].id;
            let kept: Vec<_> = a.hits.iter().filter(|h| h.theme == t).collect();
            let dropped: Vec<_> = a.dropped.iter().filter(|d| d.hit.theme == t).collect();
            let mut f: BTreeSet<String> = shape.iter().cloned().collect();
            f.insert(format!("theme={id}"));
            if kept.is_empty() {
                for d in &dropped {
                    f.insert(format!("dropped-by={}", d.rule.id()));
                }
            } else {
                f.insert("rules-kept".into());
                f.insert(format!("rules-kept:{id}"));
            }
            let all = kept.iter().copied().chain(dropped.iter().map(|d| &d.hit));
            let mut places = BTreeSet::new();
            let mut strong = false;
            for h in all {
                places.insert(h.token);
                strong |= !h.weak;
                f.insert(format!("term={}", h.term));
                f.insert(format!("term:{id}={}", h.term));
                let Some(tok) = tokens.get(h.token) else {
                    continue;
                };
                let len = tok.text.len();
                f.insert(
                    match (h.part.0 > 0, h.part.1 < len && h.part.1 > 0) {
                        (false, false) => "part=word",
                        (true, false) => "part=head",
                        (false, true) => "part=modifier",
                        (true, true) => "part=middle",
                    }
                    .into(),
                );
                let lo = h.token.saturating_sub(CONTEXT);
                let hi = (h.token + CONTEXT + 1).min(tokens.len());
                for (i, t) in tokens.iter().enumerate().take(hi).skip(lo) {
                    if i != h.token && t.text.chars().next().is_some_and(char::is_alphabetic) {
                        let w = stem(&t.text);
                        f.insert(format!("near:{id}={w}"));
                        f.insert(format!("near={w}"));
                    }
                }
            }
            f.insert(format!(
                "places={}",
                bucket(places.len(), &[2, 3], &["1", "2", "3+"])
            ));
            if !strong {
                f.insert("weak-only".into());
            }
            (t, f.into_iter().collect())
        })
        .collect()
}

/// Let the model decide on the candidate themes of `a` (analysed by the rules alone): a kept
/// candidate gets back the matches the rules dropped (except look-alikes, which are other
/// words), a dropped one loses its hits to `dropped` with the rule `learned`.
pub fn apply(model: &Model, a: &mut UnitAnalysis, tokens: &[Token], text: &str, lex: &Lexicon) {
    use super::{Dropped, Rule};
    for (t, features) in candidates(a, tokens, text, lex) {
        let (p, mut parts) = model.score(&features);
        parts.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
        parts.truncate(TOP);
        // Matches the rules dropped come back only when the rules kept none of the theme (the
        // case the model judged from `dropped-by` features); look-alikes are other words.
        let rules_kept = a.hits.iter().any(|h| h.theme == t);
        let rescuable = |d: &Dropped| !rules_kept && d.hit.theme == t && d.rule != Rule::Lookalike;
        let kept = p >= model.threshold && (rules_kept || a.dropped.iter().any(rescuable));
        if kept {
            let (back, stay): (Vec<Dropped>, Vec<Dropped>) = std::mem::take(&mut a.dropped)
                .into_iter()
                .partition(rescuable);
            a.dropped = stay;
            a.hits.extend(back.into_iter().map(|d| d.hit));
        } else {
            let (gone, stay): (Vec<_>, Vec<_>) = std::mem::take(&mut a.hits)
                .into_iter()
                .partition(|h| h.theme == t);
            a.hits = stay;
            a.dropped.extend(gone.into_iter().map(|hit| Dropped {
                hit,
                rule: Rule::Learned,
            }));
        }
        a.decisions.push(Decision {
            theme: t,
            p,
            kept,
            top: parts,
        });
    }
    a.hits.sort_by_key(|h| (h.token, h.theme));
}

/// Options of [`train`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// L2 penalty on every weight but `bias`.
    pub l2: f64,
    /// Passes over the examples.
    pub epochs: usize,
    /// A feature seen in fewer examples than this gets no weight.
    pub min_count: usize,
    pub threshold: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            l2: 1.0,
            epochs: 300,
            min_count: 2,
            threshold: 0.4,
        }
    }
}

/// Fit a logistic model to `(features, is the theme right)` examples: full-batch gradient
/// descent with AdaGrad steps, in input order, so the same examples give the same model.
pub fn train(examples: &[(Vec<String>, bool)], opt: TrainOptions) -> Model {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (fs, _) in examples {
        for f in fs {
            *count.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<&str> = vec!["bias"];
    names.extend(
        count
            .iter()
            .filter(|(f, n)| **n >= opt.min_count && **f != "bias")
            .map(|(f, _)| *f),
    );
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows: Vec<(Vec<usize>, f64)> = examples
        .iter()
        .map(|(fs, y)| {
            let mut ix: Vec<usize> = vec![0];
            ix.extend(fs.iter().filter_map(|f| index.get(f.as_str()).copied()));
            ix.sort_unstable();
            ix.dedup();
            (ix, if *y { 1.0 } else { 0.0 })
        })
        .collect();
    let mut w = vec![0.0_f64; names.len()];
    let mut g2 = vec![1e-8_f64; names.len()];
    const RATE: f64 = 0.5;
    for _ in 0..opt.epochs {
        let mut grad = vec![0.0_f64; names.len()];
        for (ix, y) in &rows {
            let z: f64 = ix.iter().map(|&i| w[i]).sum();
            let e = sigmoid(z) - y;
            for &i in ix {
                grad[i] += e;
            }
        }
        for i in 1..w.len() {
            grad[i] += opt.l2 * w[i];
        }
        for i in 0..w.len() {
            g2[i] += grad[i] * grad[i];
            w[i] -= RATE * grad[i] / g2[i].sqrt();
        }
    }
    Model {
        threshold: opt.threshold,
        weights: names
            .iter()
            .zip(w)
            .map(|(n, w)| (n.to_string(), w))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(fs: &[&str], y: bool) -> (Vec<String>, bool) {
        (fs.iter().map(|s| s.to_string()).collect(), y)
    }

    #[test]
    fn training_learns_a_separating_feature_and_scores_by_it() {
        let mut data = Vec::new();
        for _ in 0..20 {
            data.push(ex(&["theme=a", "near=sopim"], false));
            data.push(ex(&["theme=a", "near=lapse"], true));
        }
        let m = train(&data, TrainOptions::default());
        assert!(m.weights["near=sopim"] < -0.5, "{m:?}");
        assert!(m.weights["near=lapse"] > 0.5, "{m:?}");
        let (p, parts) = m.score(&["theme=a".into(), "near=sopim".into(), "unseen".into()]);
        assert!(p < 0.2, "{p}");
        assert_eq!(parts.len(), 2, "unknown features carry no weight");
        let (p, _) = m.score(&["theme=a".into(), "near=lapse".into()]);
        assert!(p > 0.8, "{p}");
    }

    #[test]
    fn rare_features_get_no_weight_and_training_is_deterministic() {
        let data = vec![
            ex(&["x", "once"], true),
            ex(&["x"], false),
            ex(&["x"], true),
        ];
        let m = train(&data, TrainOptions::default());
        assert!(!m.weights.contains_key("once"));
        assert_eq!(m, train(&data, TrainOptions::default()));
    }

    fn model(bias: f64) -> Model {
        Model {
            threshold: 0.5,
            weights: [("bias".to_string(), bias)].into_iter().collect(),
        }
    }

    fn analysed(text: &str, m: Option<Model>) -> (UnitAnalysis, Lexicon) {
        let mut lex = Lexicon::builtin().unwrap();
        lex.learned = m;
        (
            crate::analyse::analyse_text(text, &lex, crate::model::FacetSet::default()),
            lex,
        )
    }

    #[test]
    fn a_model_drops_and_rescues_candidate_themes_and_says_why() {
        let text = "Kirjaston aukioloaikoja pidennetään.";
        let (rules, lex) = analysed(text, None);
        let culture = lex
            .themes
            .iter()
            .position(|t| t.id == "culture-leisure")
            .unwrap();
        assert!(rules.themes().contains(&culture) && rules.decisions.is_empty());
        let (a, _) = analysed(text, Some(model(-5.0)));
        assert!(!a.themes().contains(&culture));
        assert!(
            a.dropped
                .iter()
                .any(|d| d.hit.theme == culture && d.rule == crate::analyse::Rule::Learned)
        );
        let d = a.decisions.iter().find(|d| d.theme == culture).unwrap();
        assert!(!d.kept && d.p < 0.01);

        // One mention in a long unit: the rules drop it, a confident model brings it back.
        let long = format!(
            "{} Kirjaston aukioloaikoja pidennetään.",
            "alfa beeta gamma ".repeat(25)
        );
        let (rules, _) = analysed(&long, None);
        assert!(!rules.themes().contains(&culture), "long-unit drops it");
        let (a, _) = analysed(&long, Some(model(5.0)));
        assert!(a.themes().contains(&culture));
        assert!(a.decisions.iter().any(|d| d.theme == culture && d.kept));
        // Switched off, the rules alone decide again.
        let mut lex = Lexicon::builtin().unwrap();
        lex.learned = Some(model(5.0));
        lex.rules = lex.rules.without(crate::analyse::Rule::Learned);
        let a = crate::analyse::analyse_text(&long, &lex, crate::model::FacetSet::default());
        assert!(!a.themes().contains(&culture) && a.decisions.is_empty());
    }

    #[test]
    fn features_name_theme_terms_context_and_rule() {
        let text = "Kirjaston aukioloaikoja pidennetään.";
        let mut lex = Lexicon::builtin().unwrap();
        lex.learned = None;
        let a = crate::analyse::analyse_text(text, &lex, crate::model::FacetSet::default());
        let tokens = crate::analyse::text::tokenize(text);
        let c = candidates(&a, &tokens, text, &lex);
        let (_, f) = c
            .iter()
            .find(|(t, _)| lex.themes[*t].id == "culture-leisure")
            .unwrap();
        for want in [
            "theme=culture-leisure",
            "rules-kept",
            "near=aukio",
            "near:culture-leisure=aukio",
            "places=1",
            "words=0-7",
            "themes=1",
            "part=modifier",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} not in {f:?}");
        }
        assert!(f.iter().any(|x| x.starts_with("term=")), "{f:?}");
    }

    #[test]
    fn model_round_trips_through_toml_and_bad_files_are_problems() {
        let mut m = Model {
            threshold: 0.5,
            weights: BTreeMap::new(),
        };
        m.weights.insert("bias".into(), -0.25);
        m.weights.insert("term=\"odd\"".into(), 1.5);
        let text = m.to_toml("# test\n");
        let mut problems = Vec::new();
        assert_eq!(Model::parse(&text, "l.toml", &mut problems), Some(m));
        assert!(problems.is_empty());
        Model::parse(
            "[themes]\nthreshold = 2.0\n[themes.weights]\n",
            "l.toml",
            &mut problems,
        );
        assert!(
            problems[0].starts_with("l.toml: [themes] threshold"),
            "{problems:?}"
        );
        Model::parse("[other]\n", "l.toml", &mut problems);
        assert_eq!(problems.len(), 2);
    }
}
