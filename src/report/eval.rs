//! `linjaus eval` output: the scores of [`crate::eval::Evaluation`] as a terminal table or JSON.

use super::json;
use crate::eval::{Counts, Evaluation, Scores};
use crate::train::CrossValidation;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Serialize)]
struct CountsView {
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
}

impl From<&Counts> for CountsView {
    fn from(c: &Counts) -> Self {
        CountsView {
            tp: c.tp,
            fp: c.fp,
            fn_: c.fn_,
            precision: c.precision().map(round),
            recall: c.recall().map(round),
            f1: c.f1().map(round),
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1_000_000.0).round() / 1_000_000.0
}

#[derive(Serialize)]
struct ScoresView {
    units: usize,
    micro: CountsView,
    per_label: BTreeMap<String, CountsView>,
}

impl From<&Scores> for ScoresView {
    fn from(s: &Scores) -> Self {
        ScoresView {
            units: s.units,
            micro: (&s.micro).into(),
            per_label: s
                .per_label
                .iter()
                .map(|(k, c)| (k.clone(), c.into()))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct EvalView {
    themes: ScoresView,
    facets: ScoresView,
    facets_themed: ScoresView,
}

/// `--format json`: micro and per-label counts and scores (6 decimals; `null` when undefined).
pub fn json(ev: &Evaluation) -> String {
    json::render(&EvalView {
        themes: (&ev.themes).into(),
        facets: (&ev.facets).into(),
        facets_themed: (&ev.facets_themed).into(),
    })
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// The terminal table: one block per kind, micro scores first, then one row per label.
pub fn terminal(ev: &Evaluation) -> String {
    let mut out = String::new();
    for (name, s) in [
        ("themes", &ev.themes),
        ("facets", &ev.facets),
        ("facets on themed units", &ev.facets_themed),
    ] {
        out.push_str(&block(name, s));
        out.push('\n');
    }
    out
}

fn micro(name: &str, s: &Scores) -> String {
    let m = &s.micro;
    format!(
        "{name}: {} units, precision {}, recall {}, F1 {} (tp {}, fp {}, fn {})\n",
        s.units,
        num(m.precision()),
        num(m.recall()),
        num(m.f1()),
        m.tp,
        m.fp,
        m.fn_
    )
}

fn block(name: &str, s: &Scores) -> String {
    let mut out = micro(name, s);
    let _ = writeln!(
        out,
        "  {:<26} {:>4} {:>4} {:>4}  {:>5}  {:>5}  {:>5}",
        "id", "tp", "fp", "fn", "prec", "rec", "F1"
    );
    for (id, c) in &s.per_label {
        let _ = writeln!(
            out,
            "  {:<26} {:>4} {:>4} {:>4}  {:>5}  {:>5}  {:>5}",
            id,
            c.tp,
            c.fp,
            c.fn_,
            num(c.precision()),
            num(c.recall()),
            num(c.f1())
        );
    }
    out
}

/// `linjaus train`: what was learned from, and the cross-validated themes, the rules alone
/// against the rules with the model.
pub fn train_terminal(units: usize, examples: usize, right: usize, cv: &CrossValidation) -> String {
    let mut out = format!(
        "{units} labelled units, {examples} candidate themes ({right} right)\n\
         cross-validation, {} folds by document:\n",
        cv.folds
    );
    out.push_str(&micro("themes, rules alone", &cv.rules.themes));
    out.push_str(&block("themes, with the model", &cv.learned.themes));
    out
}

/// `linjaus train --format json`.
pub fn train_json(units: usize, examples: usize, right: usize, cv: &CrossValidation) -> String {
    json::render(&serde_json::json!({
        "units": units,
        "examples": examples,
        "right": right,
        "folds": cv.folds,
        "rules": ScoresView::from(&cv.rules.themes),
        "learned": ScoresView::from(&cv.learned.themes),
    }))
}
