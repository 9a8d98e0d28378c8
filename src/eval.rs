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
    /// The unit's document (`doc`, optional): `linjaus train` keeps a document's units in one
    /// cross-validation fold.
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
}

impl Scores {
    /// Score one unit: `want` gold, `optional` neither rewarded nor penalised, `got` predicted.
    fn unit(
        &mut self,
        want: &BTreeSet<String>,
        optional: &BTreeSet<String>,
        got: &BTreeSet<String>,
    ) {
        self.units += 1;
        let mut add = |id: &String, c: Counts| {
            self.micro.add(c);
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
    fn merge(&mut self, o: Scores) {
        self.units += o.units;
        self.micro.add(o.micro);
        for (id, c) in o.per_label {
            self.per_label.entry(id).or_default().add(c);
        }
    }
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    pub themes: Scores,
    pub facets: Scores,
    /// Facets on the units that have at least one gold theme.
    pub facets_themed: Scores,
}

impl Evaluation {
    /// Add another evaluation's counts (cross-validation folds).
    pub fn merge(&mut self, o: Evaluation) {
        self.themes.merge(o.themes);
        self.facets.merge(o.facets);
        self.facets_themed.merge(o.facets_themed);
    }

    /// Add one unit's gold labels and the predicted `themes` and `facets`.
    pub fn add(&mut self, gold: &Gold, themes: &BTreeSet<String>, facets: &BTreeSet<String>) {
        self.themes
            .unit(&gold.themes, &gold.themes_optional, themes);
        self.facets
            .unit(&gold.facets, &gold.facets_optional, facets);
        if !gold.themes.is_empty() {
            self.facets_themed
                .unit(&gold.facets, &gold.facets_optional, facets);
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
        group: v.get("doc").and_then(Value::as_str).map(str::to_string),
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
        s.unit(&set(&["a", "b"]), &set(&[]), &set(&["a", "c"]));
        s.unit(&set(&["c"]), &set(&["d"]), &set(&["c", "d"]));
        s.unit(&set(&[]), &set(&[]), &set(&["a"]));
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
