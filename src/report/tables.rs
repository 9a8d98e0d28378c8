//! The four tables of `--format csv` and `--format xlsx`, read off the typed view: cells
//! (theme × level), drop-offs, goal traces (with the unplanned outcomes and unreported binding
//! goals) and evidence. CSV files and workbook sheets are two renderings of these same rows,
//! so they hold the same cells. Headers and words in the report language; `*_id` columns keep
//! the JSON's ids.

use super::digest::visible;
use super::i18n;
use super::view::{GoalUnitView, Report};
use crate::goals::Status;
use crate::model::{Facet, Lang, Level};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

pub struct Table {
    /// File stem of the CSV file: `cells`, `dropoffs`, `goals`, `evidence`.
    pub id: &'static str,
    /// Sheet name in the report language.
    pub name: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<Value>>,
}

/// A text cell, control codes made visible.
pub(super) fn text(s: &str) -> Value {
    Value::Text(visible(s))
}

/// An integer cell (empty if it does not fit).
pub(super) fn int<T: TryInto<i64>>(n: T) -> Value {
    n.try_into().map_or(Value::Empty, Value::Int)
}

fn facets(ids: &[&str], lang: Lang) -> Value {
    let words: Vec<&str> = ids
        .iter()
        .filter_map(|id| Facet::from_id(id))
        .map(|f| i18n::facet_word(f, lang))
        .collect();
    Value::Text(words.join(", "))
}

/// The words once each, in their first order.
fn unique(words: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = Vec::new();
    for w in words {
        if !v.contains(&w.as_str()) {
            v.push(w);
        }
    }
    v
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Empty, text)
}

/// The four tables of a report, in the order cells, drop-offs, goals, evidence.
pub fn tables(r: &Report, lang: Lang) -> Vec<Table> {
    let w = i18n::report_words(lang);
    let tw = i18n::table_words(lang);
    let [h_cells, h_drops, h_goals, h_evidence] = i18n::table_headers(lang);
    let level = |l: Level| [Value::Text(l.id().into()), text(i18n::level_label(l, lang))];

    let mut cells = Vec::new();
    let mut evidence = Vec::new();
    for th in &r.themes {
        let theme = [text(&th.id), text(th.label.get(lang))];
        for (l, c) in &th.levels {
            let drop = th.dropoff.as_ref().is_some_and(|d| d.level == *l);
            let mut row = theme.to_vec();
            row.extend(level(*l));
            row.extend([
                int(c.rung),
                c.expected_rung.map_or(Value::Empty, int),
                int(c.score),
                Value::Num(c.score_parts.depth),
                Value::Num(c.score_parts.breadth),
                int(c.hits),
                int(c.units),
                int(c.goal_units),
                int(c.words),
                Value::Num(c.density_per_10k),
                facets(&c.facets, lang),
                if drop {
                    Value::Text("!".into())
                } else {
                    Value::Empty
                },
            ]);
            cells.push(row);
            for e in c.evidence.iter().flatten() {
                let mut row = theme.to_vec();
                row.extend(level(*l));
                row.extend([
                    text(&e.document),
                    int(e.page),
                    opt_text(e.page_label.as_deref()),
                    int(e.unit),
                    Value::Text(e.kind.into()),
                    text(&e.heading_path.join(" › ")),
                    int(e.rung),
                    facets(&e.facets, lang),
                    text(&unique(&e.matched).join(", ")),
                    text(&e.snippet),
                ]);
                evidence.push(row);
            }
        }
    }

    let drops = r
        .dropoffs()
        .map(|(th, d)| {
            let mut row = vec![text(&th.id), text(th.label.get(lang))];
            row.extend(level(d.level));
            row.extend([
                int(d.rung),
                int(d.expected),
                facets(&d.missing_facets, lang),
                text(&d.reason),
            ]);
            row
        })
        .collect();

    let mut goals = Vec::new();
    for i in &r.goals.items {
        for t in &i.trace {
            let status = match t.status {
                Status::Covered => w.covered,
                Status::Shallow => w.shallow,
                Status::Uncovered => w.uncovered,
            };
            let mut row = vec![
                text(&i.id),
                text(&i.source.goal),
                text(&i.source.document),
                int(i.source.page),
            ];
            row.extend(level(t.level));
            row.extend([
                Value::Text(t.status.id().into()),
                Value::Text(status.into()),
                int(t.expected_rung),
            ]);
            match &t.found {
                Some(m) => row.extend([
                    text(&m.document),
                    int(m.page),
                    opt_text(m.page_label.as_deref()),
                    int(m.unit),
                    int(m.rung),
                    text(&m.snippet),
                ]),
                None => row.extend(std::iter::repeat_n(Value::Empty, 6)),
            }
            goals.push(row);
        }
    }
    let lists: [(&[GoalUnitView], &str, &str); 2] = [
        (
            &r.goals.reported_without_plan,
            "reported-without-plan",
            tw.reported_without_plan,
        ),
        (
            &r.goals.planned_not_reported,
            "planned-not-reported",
            tw.binding_not_reported,
        ),
    ];
    for (units, id, word) in lists {
        for g in units {
            let mut row = vec![Value::Empty, text(&g.goal), text(&g.document), int(g.page)];
            match g.level {
                Some(l) => row.extend(level(l)),
                None => row.extend([Value::Empty, Value::Empty]),
            }
            row.extend([
                Value::Text(id.into()),
                Value::Text(word.into()),
                Value::Empty,
                text(&g.document),
                int(g.page),
                opt_text(g.page_label.as_deref()),
                int(g.unit),
                int(g.rung),
                text(&g.goal),
            ]);
            goals.push(row);
        }
    }

    vec![
        Table {
            id: "cells",
            name: w.sheets[0],
            headers: h_cells,
            rows: cells,
        },
        Table {
            id: "dropoffs",
            name: w.sheets[1],
            headers: h_drops,
            rows: drops,
        },
        Table {
            id: "goals",
            name: w.sheets[2],
            headers: h_goals,
            rows: goals,
        },
        Table {
            id: "evidence",
            name: w.sheets[3],
            headers: h_evidence,
            rows: evidence,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::super::i18n;
    use crate::model::Lang;

    #[test]
    fn headers_have_the_same_columns_in_every_language() {
        let [fi, sv, en] = [Lang::Fi, Lang::Sv, Lang::En].map(i18n::table_headers);
        for t in 0..4 {
            assert_eq!(fi[t].len(), sv[t].len());
            assert_eq!(fi[t].len(), en[t].len());
        }
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            assert!(
                i18n::report_words(lang)
                    .sheets
                    .iter()
                    .all(|s| s.len() <= 31)
            );
        }
    }
}
