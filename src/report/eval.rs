//! `linjaus eval` output: the scores of [`crate::eval::Evaluation`] as a terminal table or JSON.

use super::json;
use crate::eval::{Counts, Evaluation, RESAMPLES, Scores};
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
    /// The micro scores' 95 % bootstrap interval; `null` with fewer than two clusters.
    interval: Option<IntervalView>,
    per_label: BTreeMap<String, CountsView>,
}

#[derive(Serialize)]
struct IntervalView {
    resampled: &'static str,
    clusters: usize,
    resamples: usize,
    precision: Option<[f64; 2]>,
    recall: Option<[f64; 2]>,
    f1: Option<[f64; 2]>,
}

impl ScoresView {
    fn new(s: &Scores, resampled: &'static str) -> Self {
        let pair = |x: Option<(f64, f64)>| x.map(|(a, b)| [round(a), round(b)]);
        ScoresView {
            units: s.units,
            micro: (&s.micro).into(),
            interval: s.interval().map(|i| IntervalView {
                resampled,
                clusters: i.clusters,
                resamples: RESAMPLES,
                precision: pair(i.precision),
                recall: pair(i.recall),
                f1: pair(i.f1),
            }),
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

/// `--format json`: micro and per-label counts and scores (6 decimals; `null` when undefined),
/// and each kind's 95 % bootstrap interval of the micro scores.
pub fn json(ev: &Evaluation) -> String {
    json::render(&EvalView {
        themes: ScoresView::new(&ev.themes, ev.resampled(&ev.themes)),
        facets: ScoresView::new(&ev.facets, ev.resampled(&ev.facets)),
        facets_themed: ScoresView::new(&ev.facets_themed, ev.resampled(&ev.facets_themed)),
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
        out.push_str(&micro(name, s));
        out.push_str(&interval(s, ev.resampled(s)));
        out.push_str(&labels(s));
        out.push('\n');
    }
    out
}

/// `  95 % interval (bootstrap, 1000 resamples of 12 documents): precision 0.701–0.802, …`.
fn interval(s: &Scores, resampled: &str) -> String {
    let Some(i) = s.interval() else {
        return format!("  95 % interval: - (fewer than two {resampled} to resample)\n");
    };
    let range = |x: Option<(f64, f64)>| {
        x.map_or_else(|| "-".to_string(), |(a, b)| format!("{a:.3}–{b:.3}"))
    };
    // A handful of documents cannot say much about the next one.
    let rough = if i.clusters < FEW_CLUSTERS {
        format!(" (only {} {resampled}: a rough interval)", i.clusters)
    } else {
        String::new()
    };
    format!(
        "  95 % interval (bootstrap, {RESAMPLES} resamples of {} {resampled}): precision {}, recall {}, F1 {}{rough}\n",
        i.clusters,
        range(i.precision),
        range(i.recall),
        range(i.f1)
    )
}

/// Below this many clusters the terminal calls an interval rough.
const FEW_CLUSTERS: usize = 10;

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
    micro(name, s) + &labels(s)
}

/// One row per label.
fn labels(s: &Scores) -> String {
    let mut out = String::new();
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
        "rules": ScoresView::new(&cv.rules.themes, cv.rules.resampled(&cv.rules.themes)),
        "learned": ScoresView::new(&cv.learned.themes, cv.learned.resampled(&cv.learned.themes)),
    }))
}
