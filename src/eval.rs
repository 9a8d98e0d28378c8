//! `linjaus eval`: score the analysis against a user's own labelled units, as Annif's `eval`
//! does. Input: JSON Lines, each the `tag` input (`id`, `text`) plus the gold labels `themes`
//! and `facets` (arrays of ids) and, optionally, `themes_optional` / `facets_optional`: labels
//! that are neither rewarded nor penalised (one annotator of two gave them). Output: micro
//! precision, recall and F1 over all labels, and per theme and per facet; facets also on the
//! units that have a gold theme (the units whose concreteness the reports grade).
//!
//! Contract: a bad line (not JSON, no `text`, an unknown theme or facet id) is an error naming
//! its line; the other lines are still scored. Deterministic. Never panics on input.

use crate::analyse::lexicon::Lexicon;
use crate::model::{Facet, Lang};
use crate::tag::{input_lang, tag_text};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One labelled unit read from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    pub id: Value,
    pub text: String,
    pub themes: BTreeSet<String>,
    pub facets: BTreeSet<String>,
    pub themes_optional: BTreeSet<String>,
    pub facets_optional: BTreeSet<String>,
    /// The unit's document (`doc`, optional, a string or a number): `linjaus train` keeps a
    /// document's units in one cross-validation fold, and `eval`'s bootstrap resamples them
    /// together.
    pub group: Option<String>,
    /// The language to read the text in when it has no language cue (`lang`, optional, as
    /// `linjaus units` prints it; else Finnish).
    pub lang: Option<Lang>,
}

/// Counts for one label (or all labels, micro).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    /// Precision; `None` when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall; `None` when nothing was to be found.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1, the harmonic mean of precision and recall; `None` when either is undefined.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
            .filter(|_| self.precision().is_some() && self.recall().is_some())
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The scores of one kind of label (themes, facets, facets on themed units).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Units scored.
    pub units: usize,
    pub micro: Counts,
    /// Per label id, sorted by id.
    pub per_label: BTreeMap<String, Counts>,
    /// Units and micro counts per cluster (a document, or a unit that names none), indexed as
    /// [`Evaluation`] numbers its clusters: what [`Scores::interval`] resamples.
    pub clusters: Vec<(usize, Counts)>,
}

impl Scores {
    /// Score one unit: `want` gold, `optional` neither rewarded nor penalised, `got` predicted.
    fn unit(
        &mut self,
        cluster: usize,
        want: &BTreeSet<String>,
        optional: &BTreeSet<String>,
        got: &BTreeSet<String>,
    ) {
        self.units += 1;
        self.cluster(cluster).0 += 1;
        let mut add = |id: &String, c: Counts| {
            self.micro.add(c);
            self.cluster(cluster).1.add(c);
            self.per_label.entry(id.clone()).or_default().add(c);
        };
        for id in got.difference(optional) {
            if want.contains(id) {
                add(
                    id,
                    Counts {
                        tp: 1,
                        fp: 0,
                        fn_: 0,
                    },
                );
            } else {
                add(
                    id,
                    Counts {
                        tp: 0,
                        fp: 1,
                        fn_: 0,
                    },
                );
            }
        }
        for id in want.difference(got) {
            add(
                id,
                Counts {
                    tp: 0,
                    fp: 0,
                    fn_: 1,
                },
            );
        }
    }
}

impl Scores {
    /// Add `o`'s counts; `o`'s cluster `i` becomes cluster `to[i]`.
    fn merge(&mut self, o: Scores, to: &[usize]) {
        self.units += o.units;
        self.micro.add(o.micro);
        for (id, c) in o.per_label {
            self.per_label.entry(id).or_default().add(c);
        }
        for (i, (units, c)) in o.clusters.into_iter().enumerate() {
            let at = self.cluster(to[i]);
            at.0 += units;
            at.1.add(c);
        }
    }

    /// Cluster `i`'s units and counts, the list grown to hold it.
    fn cluster(&mut self, i: usize) -> &mut (usize, Counts) {
        if self.clusters.len() <= i {
            self.clusters.resize(i + 1, (0, Counts::default()));
        }
        &mut self.clusters[i]
    }

    /// The 95 % interval of micro precision, recall and F1 by a bootstrap over the clusters:
    /// [`RESAMPLES`] times, n clusters are drawn with replacement from the n there are (a fixed
    /// seed, so the same input gives the same interval) and scored; the interval runs from the
    /// 2.5th to the 97.5th percentile of what was drawn. Units of one document go together,
    /// because they are not independent (one document's wording recurs). `None` with fewer than
    /// two clusters. Clusters with no unit of this kind (documents without a themed unit, for
    /// facets on themed units) are not drawn.
    pub fn interval(&self) -> Option<Interval> {
        let clusters: Vec<Counts> = self
            .clusters
            .iter()
            .filter(|(units, _)| *units > 0)
            .map(|&(_, c)| c)
            .collect();
        let n = clusters.len();
        if n < 2 {
            return None;
        }
        let mut rng = SplitMix64(0x6c69_6e6a_6175_7321);
        let (mut p, mut r, mut f) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RESAMPLES {
            let mut c = Counts::default();
            for _ in 0..n {
                c.add(clusters[rng.below(n)]);
            }
            p.extend(c.precision());
            r.extend(c.recall());
            f.extend(c.f1());
        }
        Some(Interval {
            clusters: n,
            precision: percentiles(p),
            recall: percentiles(r),
            f1: percentiles(f),
        })
    }
}

/// Bootstrap resamples behind [`Scores::interval`].
pub const RESAMPLES: usize = 1000;

/// A 95 % bootstrap interval of micro scores (low, high); a score is `None` when fewer than
/// nine in ten resamples defined it (nothing predicted or nothing to find in most of them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Clusters resampled: documents, and units that name no document.
    pub clusters: usize,
    pub precision: Option<(f64, f64)>,
    pub recall: Option<(f64, f64)>,
    pub f1: Option<(f64, f64)>,
}

fn percentiles(mut v: Vec<f64>) -> Option<(f64, f64)> {
    if v.len() * 10 < RESAMPLES * 9 {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((v.len() - 1) as f64 * q).round() as usize;
        v[i]
    };
    Some((at(0.025), at(0.975)))
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fixed-seed generator, enough for resampling.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0; the modulo bias is below 2^-40 for any realistic `n`).
    fn below(&mut self, n: usize) -> usize {
        #[allow(clippy::cast_possible_truncation)]
        let i = (self.next() % n as u64) as usize;
        i
    }
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    pub themes: Scores,
    pub facets: Scores,
    /// Facets on the units that have at least one gold theme.
    pub facets_themed: Scores,
    /// The cluster number of each document (`doc`) seen; a unit without one is a cluster of
    /// its own. Clusters are numbered `0..clusters` as they are first seen (the documents of a
    /// merged evaluation in name order).
    documents: BTreeMap<String, usize>,
    clusters: usize,
}

impl Evaluation {
    /// Add another evaluation's counts (cross-validation folds). A document scored in both
    /// stays one cluster.
    pub fn merge(&mut self, o: Evaluation) {
        let mut to: Vec<Option<usize>> = vec![None; o.clusters];
        for (doc, i) in o.documents {
            to[i] = Some(self.cluster(Some(&doc)));
        }
        let to: Vec<usize> = to
            .into_iter()
            .map(|t| t.unwrap_or_else(|| self.cluster(None)))
            .collect();
        self.themes.merge(o.themes, &to);
        self.facets.merge(o.facets, &to);
        self.facets_themed.merge(o.facets_themed, &to);
    }

    fn cluster(&mut self, doc: Option<&str>) -> usize {
        let next = self.clusters;
        let i = match doc {
            Some(d) => *self.documents.entry(d.to_string()).or_insert(next),
            None => next,
        };
        if i == next {
            self.clusters += 1;
        }
        i
    }

    /// Add one unit's gold labels and the predicted `themes` and `facets`.
    pub fn add(&mut self, gold: &Gold, themes: &BTreeSet<String>, facets: &BTreeSet<String>) {
        let c = self.cluster(gold.group.as_deref());
        self.themes
            .unit(c, &gold.themes, &gold.themes_optional, themes);
        self.facets
            .unit(c, &gold.facets, &gold.facets_optional, facets);
        if !gold.themes.is_empty() {
            self.facets_themed
                .unit(c, &gold.facets, &gold.facets_optional, facets);
        }
    }

    /// What the bootstrap of `s`'s [`Scores::interval`] resamples (`s` is one of this
    /// evaluation's kinds): `documents` when every unit of that kind named its `doc`, `units`
    /// when none did, else `documents and units without doc`.
    pub fn resampled(&self, s: &Scores) -> &'static str {
        let drawn = |i: usize| s.clusters.get(i).is_some_and(|(units, _)| *units > 0);
        let documents = self.documents.values().filter(|&&i| drawn(i)).count();
        let all = (0..s.clusters.len()).filter(|&i| drawn(i)).count();
        match documents {
            0 => "units",
            d if d == all => "documents",
            _ => "documents and units without doc",
        }
    }
}

/// The theme and facet ids the analysis gives a labelled unit (what `linjaus tag` prints for
/// its text and `lang`).
pub fn predict(g: &Gold, lex: &Lexicon) -> (BTreeSet<String>, BTreeSet<String>) {
    let a = tag_text(&g.text, g.lang, lex);
    let themes = a
        .themes()
        .into_iter()
        .map(|t| lex.themes[t].id.clone())
        .collect();
    let facets = a.facets.ids().into_iter().map(str::to_string).collect();
    (themes, facets)
}

/// Read one labelled line. `Err` says what is wrong (the caller adds file and line).
pub fn parse_line(line: &str, lex: &Lexicon) -> Result<Gold, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    if !v.is_object() {
        return Err("not a JSON object".to_string());
    }
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or("missing string `text`")?
        .to_string();
    let themes_known = |id: &str| lex.theme(id).is_some();
    let facet_known = |id: &str| Facet::from_id(id).is_some();
    let list = |key: &str, required: bool, known: &dyn Fn(&str) -> bool| {
        let Some(val) = v.get(key).filter(|x| !x.is_null()) else {
            return if required {
                Err(format!("missing `{key}` (an array of ids, may be empty)"))
            } else {
                Ok(BTreeSet::new())
            };
        };
        let arr = val
            .as_array()
            .ok_or_else(|| format!("`{key}` is not an array of ids"))?;
        let mut out = BTreeSet::new();
        for x in arr {
            let id = x
                .as_str()
                .ok_or_else(|| format!("`{key}` holds a value that is not a string: {x}"))?;
            if !known(id) {
                return Err(format!("`{key}`: unknown id `{}`", id.escape_debug()));
            }
            out.insert(id.to_string());
        }
        Ok(out)
    };
    Ok(Gold {
        id: v.get("id").cloned().unwrap_or(Value::Null),
        text,
        themes: list("themes", true, &themes_known)?,
        facets: list("facets", true, &facet_known)?,
        themes_optional: list("themes_optional", false, &themes_known)?,
        facets_optional: list("facets_optional", false, &facet_known)?,
        group: v.get("doc").and_then(|d| match d {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        lang: input_lang(&v)?,
    })
}

/// Read labelled JSON Lines from `reader`, handing each unit to `each`, until `each` says
/// stop. Returns the bad lines as (1-based line number, message). A read error ends the input
/// (reported as that line's error).
fn each_gold<R: std::io::BufRead>(
    reader: R,
    lex: &Lexicon,
    mut each: impl FnMut(usize, Gold) -> bool,
) -> Vec<(usize, String)> {
    let mut bad = Vec::new();
    for (n, line) in crate::tag::json_lines(reader) {
        match line.and_then(|l| parse_line(&l, lex)) {
            Ok(g) => {
                if !each(n, g) {
                    break;
                }
            }
            Err(e) => bad.push((n, e)),
        }
    }
    bad
}

/// Read labelled JSON Lines from `reader` (for `linjaus train`): the units and the bad lines.
/// Past [`MAX_TRAIN_BYTES`] of unit text the rest is not read (one bad line says so), so that
/// training cannot take unbounded memory.
pub fn read_gold<R: std::io::BufRead>(
    reader: R,
    lex: &Lexicon,
) -> (Vec<Gold>, Vec<(usize, String)>) {
    read_gold_within(reader, lex, MAX_TRAIN_BYTES)
}

fn read_gold_within<R: std::io::BufRead>(
    reader: R,
    lex: &Lexicon,
    limit: usize,
) -> (Vec<Gold>, Vec<(usize, String)>) {
    let mut gold = Vec::new();
    let mut bytes = 0usize;
    let mut full = None;
    let mut bad = each_gold(reader, lex, |n, g| {
        bytes += g.text.len();
        if bytes > limit {
            full = Some(n);
            return false;
        }
        gold.push(g);
        true
    });
    if let Some(line) = full {
        bad.push((
            line,
            format!(
                "training input over {} MiB of text: this line and the rest were not read",
                limit >> 20
            ),
        ));
    }
    (gold, bad)
}

/// The most unit text `linjaus train` reads (bytes).
pub const MAX_TRAIN_BYTES: usize = 256 << 20;

/// Score labelled units against the analysis `lex` gives them.
pub fn score<'a>(gold: impl IntoIterator<Item = &'a Gold>, lex: &Lexicon) -> Evaluation {
    let mut ev = Evaluation::default();
    for g in gold {
        let (themes, facets) = predict(g, lex);
        ev.add(g, &themes, &facets);
    }
    ev
}

/// Evaluate JSON Lines from `reader` against `lex`, one line at a time (memory does not grow
/// with the file). Returns the scores and the bad lines as (1-based line number, message).
pub fn evaluate<R: std::io::BufRead>(
    reader: R,
    lex: &Lexicon,
) -> (Evaluation, Vec<(usize, String)>) {
    let mut ev = Evaluation::default();
    let bad = each_gold(reader, lex, |_, g| {
        let (themes, facets) = predict(&g, lex);
        ev.add(&g, &themes, &facets);
        true
    });
    (ev, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_string()).collect()
    }

    fn gold(themes: &[&str], optional: &[&str], facets: &[&str]) -> Gold {
        Gold {
            id: Value::Null,
            text: String::new(),
            themes: set(themes),
            facets: set(facets),
            themes_optional: set(optional),
            facets_optional: BTreeSet::new(),
            group: None,
            lang: None,
        }
    }

    /// Hand-computed: three units.
    /// 1. gold {a, b}, predicted {a, c}: a tp, c fp, b fn.
    /// 2. gold {c}, optional {d}, predicted {c, d}: c tp, d neither.
    /// 3. gold {}, predicted {a}: a fp.
    ///
    /// Micro: tp 2, fp 2, fn 1 → P 0.5, R 2/3, F1 4/7. Per label a: tp 1 fp 1; b: fn 1;
    /// c: tp 1 fp 1; d absent.
    #[test]
    fn hand_computed_micro_and_per_label() {
        let mut s = Scores::default();
        s.unit(0, &set(&["a", "b"]), &set(&[]), &set(&["a", "c"]));
        s.unit(1, &set(&["c"]), &set(&["d"]), &set(&["c", "d"]));
        s.unit(2, &set(&[]), &set(&[]), &set(&["a"]));
        assert_eq!(s.units, 3);
        assert_eq!(
            s.micro,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert_eq!(s.micro.precision(), Some(0.5));
        assert!((s.micro.recall().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.micro.f1().unwrap() - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(
            s.per_label["a"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            s.per_label["b"],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            s.per_label["c"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert!(!s.per_label.contains_key("d"));
        assert_eq!(s.per_label["b"].precision(), None);
        assert_eq!(s.per_label["b"].f1(), None);
    }

    fn in_doc(doc: Option<&str>, themes: &[&str]) -> Gold {
        Gold {
            group: doc.map(str::to_string),
            ..gold(themes, &[], &[])
        }
    }

    /// Twenty units, half right (tp) and half wrong (fp): one unit per cluster, or the same units
    /// in two documents, one all right and one all wrong.
    fn twenty(docs: bool) -> Evaluation {
        let mut ev = Evaluation::default();
        for i in 0..20 {
            let doc = match (docs, i < 10) {
                (false, _) => None,
                (true, true) => Some("a.pdf"),
                (true, false) => Some("b.pdf"),
            };
            let want: &[&str] = if i < 10 { &["safety"] } else { &[] };
            ev.add(&in_doc(doc, want), &set(&["safety"]), &set(&[]));
        }
        ev
    }

    #[test]
    fn the_interval_holds_the_score_is_repeatable_and_resamples_documents_whole() {
        let units = twenty(false);
        assert_eq!(units.resampled(&units.themes), "units");
        let i = units.themes.interval().unwrap();
        assert_eq!(i.clusters, 20);
        let (lo, hi) = i.precision.unwrap();
        assert!(lo < 0.5 && 0.5 < hi, "{i:?}");
        // Recall is 1 in every resample that has something to find.
        assert_eq!(i.recall, Some((1.0, 1.0)));
        assert_eq!(units.themes.interval(), Some(i), "a fixed seed");

        // The same units as two documents: two clusters, and a far wider interval (a resample
        // of two documents is all right, all wrong, or half and half).
        let docs = twenty(true);
        assert_eq!(docs.resampled(&docs.themes), "documents");
        let d = docs.themes.interval().unwrap();
        assert_eq!(d.clusters, 2);
        assert_eq!(d.precision, Some((0.0, 1.0)));

        // One document: nothing to resample.
        let mut one = Evaluation::default();
        one.add(
            &in_doc(Some("a.pdf"), &["safety"]),
            &set(&["safety"]),
            &set(&[]),
        );
        one.add(&in_doc(Some("a.pdf"), &[]), &set(&["safety"]), &set(&[]));
        assert_eq!(one.themes.interval(), None);
    }

    #[test]
    fn a_numbered_document_is_a_document() {
        let lex = Lexicon::builtin().unwrap();
        let line = |doc: &str| {
            format!("{{\"text\": \"x\", \"themes\": [], \"facets\": [], \"doc\": {doc}}}")
        };
        assert_eq!(
            parse_line(&line("3"), &lex).unwrap().group.as_deref(),
            Some("3")
        );
        assert_eq!(
            parse_line(&line("\"a.pdf\""), &lex)
                .unwrap()
                .group
                .as_deref(),
            Some("a.pdf")
        );
        assert_eq!(parse_line(&line("null"), &lex).unwrap().group, None);
    }

    #[test]
    fn merging_keeps_a_document_one_cluster_and_units_without_one_apart() {
        let mut a = Evaluation::default();
        a.add(
            &in_doc(Some("a.pdf"), &["safety"]),
            &set(&["safety"]),
            &set(&[]),
        );
        a.add(&in_doc(None, &[]), &set(&["safety"]), &set(&[]));
        let mut b = Evaluation::default();
        b.add(&in_doc(None, &[]), &set(&[]), &set(&[]));
        b.add(&in_doc(Some("a.pdf"), &[]), &set(&["safety"]), &set(&[]));
        a.merge(b);
        assert_eq!(a.resampled(&a.themes), "documents and units without doc");
        // Facets on themed units draw only a.pdf, which has the one themed unit.
        assert_eq!(a.resampled(&a.facets_themed), "documents");
        let counts = |tp, fp| Counts { tp, fp, fn_: 0 };
        assert_eq!(
            a.themes.clusters,
            [(2, counts(1, 1)), (1, counts(0, 1)), (1, counts(0, 0))]
        );
        // Facets on themed units: only a.pdf's first unit has a gold theme.
        assert_eq!(a.facets_themed.interval(), None);
    }

    #[test]
    fn facets_on_themed_units_count_only_units_with_a_gold_theme() {
        let mut ev = Evaluation::default();
        ev.add(
            &gold(&["safety"], &[], &["goal"]),
            &set(&[]),
            &set(&["goal"]),
        );
        ev.add(&gold(&[], &[], &["goal"]), &set(&[]), &set(&["owner"]));
        assert_eq!(ev.facets.units, 2);
        assert_eq!(
            ev.facets.micro,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(ev.facets_themed.units, 1);
        assert_eq!(
            ev.facets_themed.micro,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
    }

    #[test]
    fn bad_lines_are_named_and_the_rest_is_scored() {
        let lex = Lexicon::builtin().unwrap();
        let input = concat!(
            "{\"id\": 1, \"text\": \"Nuorten yksinäisyys vähenee.\", \"themes\": [\"loneliness-community\", \"children-youth-families\"], \"facets\": [\"goal\"]}\n",
            "\n",
            "{\"id\": 2, \"text\": \"x\", \"themes\": [\"no-such-theme\"], \"facets\": []}\n",
            "not json\n",
            "{\"id\": 4, \"text\": \"x\", \"themes\": []}\n",
            "{\"id\": 5, \"text\": \"x\", \"themes\": [], \"facets\": [\"goal\"], \"facets_optional\": [\"nope\"]}\n",
        );
        let (ev, bad) = evaluate(input.as_bytes(), &lex);
        let lines: Vec<usize> = bad.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(bad[0].1.contains("no-such-theme"), "{bad:?}");
        assert!(bad[2].1.contains("`facets`"), "{bad:?}");
        assert_eq!(ev.themes.units, 1);
        assert_eq!(ev.themes.micro.fn_ + ev.themes.micro.tp, 2);
    }

    #[test]
    fn training_input_stops_at_its_limit_and_says_where() {
        let lex = Lexicon::builtin().unwrap();
        let line = "{\"id\": 1, \"text\": \"Nuorten liikunta lisääntyy.\", \"themes\": [], \"facets\": []}\n";
        let input = line.repeat(3);
        // Each text is 29 bytes: two fit in 60, the third does not.
        let (gold, bad) = read_gold_within(input.as_bytes(), &lex, 60);
        assert_eq!(gold.len(), 2);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 3, "{bad:?}");
        assert!(
            bad[0].1.contains("this line and the rest were not read"),
            "{bad:?}"
        );
        let (gold, bad) = read_gold_within(input.as_bytes(), &lex, 1000);
        assert_eq!((gold.len(), bad.len()), (3, 0));
    }
}
