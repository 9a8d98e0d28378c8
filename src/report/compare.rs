//! `linjaus compare`: the typed view of a [`Comparison`] (labelled in the report language,
//! rounded; nothing new computed), its JSON (own schema version, keys sorted) and the terminal
//! report. Other formats read [`CompareReport`] the same way.

use super::i18n;
use crate::compare::{Comparison, Summary, status_rank};
use crate::goals::Status;
use crate::model::{Lang, Level};
use crate::score::{Ratio, TracedFrom};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Version of the compare JSON; fields are only added, a removal or change bumps it.
pub const COMPARE_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct CompareReport {
    pub schema_version: u32,
    pub kind: &'static str,
    pub tool: super::view::Tool,
    pub label_language: &'static str,
    /// Figure id → its definition in the report language.
    pub definitions: BTreeMap<&'static str, &'static str>,
    pub levels_present: Vec<Level>,
    pub municipalities: Vec<MunicipalityView>,
    pub themes: Vec<ThemeSetView>,
    /// Drop-off level (or `none`) → (municipality, theme) pairs, over all themes.
    pub dropoffs_overall: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize)]
pub struct MunicipalityView {
    pub name: String,
    pub path: String,
    pub term: Option<String>,
    pub documents: usize,
    pub pages: usize,
    pub levels: Vec<Level>,
    pub traced_from: &'static str,
    pub chain_coverage: Option<super::view::RatioView>,
    pub report_back: Option<super::view::RatioView>,
    pub mean_reach: Option<f64>,
    pub rank: Option<usize>,
    pub themes: BTreeMap<String, MatrixCell>,
    pub goals: Vec<GoalView>,
    pub years: Vec<YearsView>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// One municipality × theme.
#[derive(Debug, Serialize)]
pub struct MatrixCell {
    pub dropoff: Option<Level>,
    /// The drop-off in words (report language).
    pub dropoff_reason: Option<String>,
    pub rungs: BTreeMap<Level, u8>,
    pub reach: Option<f64>,
    pub mean_rung: Option<f64>,
    pub rank: Option<usize>,
    pub pinned: bool,
}

#[derive(Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub goal: String,
    pub themes: Vec<String>,
    pub dropoff: Option<Level>,
    pub statuses: BTreeMap<Level, Status>,
}

#[derive(Debug, Serialize)]
pub struct YearsView {
    pub level: Level,
    pub from: u32,
    pub to: u32,
    pub themes: Vec<ThemeChangeView>,
    pub goals: Vec<GoalChangeView>,
}

#[derive(Debug, Serialize)]
pub struct ThemeChangeView {
    pub theme: String,
    pub label: String,
    pub from: u8,
    pub to: u8,
    /// `gained` or `lost`.
    pub change: &'static str,
    pub newly_dropped_off: bool,
    pub newly_met: bool,
}

#[derive(Debug, Serialize)]
pub struct GoalChangeView {
    pub id: String,
    pub goal: String,
    pub from: Status,
    pub to: Status,
    pub change: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ThemeSetView {
    pub id: String,
    pub label: super::view::Labels,
    pub traced_by: usize,
    /// Best first: municipality name, rank, reach, mean rung.
    pub ranking: Vec<RankedView>,
    /// Drop-off level id (or `none`: held down the whole chain) → municipalities.
    pub dropoffs: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize)]
pub struct RankedView {
    /// The municipality's position in `municipalities` (not in the JSON).
    #[serde(skip)]
    pub index: usize,
    pub municipality: String,
    pub rank: usize,
    pub reach: Option<f64>,
    pub mean_rung: Option<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn ratio(r: Option<Ratio>) -> Option<super::view::RatioView> {
    r.map(|r| super::view::RatioView {
        numerator: r.num,
        denominator: r.den,
        value: r.value(),
    })
}

fn level_key(l: Option<Level>) -> String {
    l.map_or_else(|| "none".to_string(), |l| l.id().to_string())
}

fn change(up: bool) -> &'static str {
    if up { "gained" } else { "lost" }
}

fn municipality(c: &Comparison, i: usize, m: &Summary, lang: Lang) -> MunicipalityView {
    let theme_rank = |id: &str| {
        c.theme_rankings
            .get(id)
            .and_then(|r| r.iter().find(|(j, _)| *j == i).map(|(_, rank)| *rank))
    };
    MunicipalityView {
        name: m.name.clone(),
        path: m.path.clone(),
        term: m.term.clone(),
        documents: m.documents,
        pages: m.pages,
        levels: m.levels.clone(),
        traced_from: match m.traced_from {
            TracedFrom::Hvk => "hvk",
            TracedFrom::AllThemesNoHvk => "all-themes-no-hvk",
        },
        chain_coverage: ratio(m.chain_coverage),
        report_back: ratio(m.report_back),
        mean_reach: m.mean_reach().map(round2),
        rank: c.overall.iter().find(|(j, _)| *j == i).map(|(_, r)| *r),
        themes: m
            .themes
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    MatrixCell {
                        dropoff: t.dropoff.as_ref().map(|d| d.level),
                        dropoff_reason: t.dropoff.as_ref().map(|d| i18n::dropoff_reason(d, lang)),
                        rungs: t.rungs.iter().map(|(l, r)| (*l, r.0)).collect(),
                        reach: t.reach.map(round2),
                        mean_rung: t.mean_rung.map(round2),
                        rank: theme_rank(&t.id),
                        pinned: t.pinned,
                    },
                )
            })
            .collect(),
        goals: m
            .goals
            .iter()
            .map(|g| GoalView {
                id: g.id.clone(),
                goal: g.goal.clone(),
                themes: g.themes.clone(),
                dropoff: g.dropoff,
                statuses: g.statuses.iter().copied().collect(),
            })
            .collect(),
        years: m
            .years
            .iter()
            .map(|y| YearsView {
                level: y.level,
                from: y.from,
                to: y.to,
                themes: y
                    .themes
                    .iter()
                    .map(|t| ThemeChangeView {
                        theme: t.theme.clone(),
                        label: t.label.get(lang).to_string(),
                        from: t.from.0,
                        to: t.to.0,
                        change: change(t.to > t.from),
                        newly_dropped_off: t.newly_dropped_off,
                        newly_met: t.newly_met,
                    })
                    .collect(),
                goals: y
                    .goals
                    .iter()
                    .map(|g| GoalChangeView {
                        id: g.id.clone(),
                        goal: g.goal.clone(),
                        from: g.from,
                        to: g.to,
                        change: change(status_rank(g.to) > status_rank(g.from)),
                    })
                    .collect(),
            })
            .collect(),
        errors: m.errors.iter().map(ToString::to_string).collect(),
        warnings: m.warnings.iter().map(ToString::to_string).collect(),
    }
}

/// The view of a comparison, labelled in `lang`.
pub fn view(c: &Comparison, lang: Lang) -> CompareReport {
    let municipalities = c
        .municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| municipality(c, i, m, lang))
        .collect();
    let themes = c
        .themes
        .iter()
        .map(|id| {
            let label = c
                .municipalities
                .iter()
                .find_map(|m| m.theme(id))
                .map(|t| t.label.clone());
            let get = |l: Lang| label.as_ref().map_or(id.as_str(), |t| t.get(l)).to_string();
            let dist = c.dropoffs.get(id);
            ThemeSetView {
                id: id.clone(),
                label: super::view::Labels {
                    fi: get(Lang::Fi),
                    sv: get(Lang::Sv),
                    en: get(Lang::En),
                },
                traced_by: dist.map_or(0, |d| d.values().sum()),
                ranking: c
                    .theme_rankings
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(|(i, rank)| {
                        let m = &c.municipalities[*i];
                        let t = m.theme(id);
                        RankedView {
                            index: *i,
                            municipality: m.name.clone(),
                            rank: *rank,
                            reach: t.and_then(|t| t.reach).map(round2),
                            mean_rung: t.and_then(|t| t.mean_rung).map(round2),
                        }
                    })
                    .collect(),
                dropoffs: dist
                    .into_iter()
                    .flatten()
                    .map(|(l, n)| (level_key(*l), *n))
                    .collect(),
            }
        })
        .collect();
    let mut overall: BTreeMap<String, usize> = BTreeMap::new();
    for d in c.dropoffs.values() {
        for (l, n) in d {
            *overall.entry(level_key(*l)).or_default() += n;
        }
    }
    CompareReport {
        schema_version: COMPARE_SCHEMA_VERSION,
        kind: "compare",
        tool: super::view::Tool {
            name: "linjaus",
            version: env!("CARGO_PKG_VERSION"),
        },
        label_language: lang.id(),
        definitions: i18n::compare_definitions(lang).into_iter().collect(),
        levels_present: c.levels.clone(),
        municipalities,
        themes,
        dropoffs_overall: overall,
    }
}

/// `--format json`.
pub fn json(c: &Comparison, lang: Lang) -> String {
    super::json::render(&view(c, lang))
}

const NAME_WIDTH: usize = 24;

/// Text from folder names and documents, escaped for the terminal.
fn safe(s: &str) -> String {
    super::safe::line(s).into_owned()
}

/// At most `width` characters, `…` when cut, padded to `width`.
fn fit(s: &str, width: usize) -> String {
    let s = safe(s);
    let cut: String = if s.chars().count() <= width {
        s.to_string()
    } else {
        s.chars().take(width - 1).chain(['…']).collect()
    };
    format!("{cut:<width$}")
}

fn num(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(|| "–".to_string(), |v| i18n::decimal(v, 2, lang))
}

/// The terminal report: the municipalities with their figures and overall rank; per theme the
/// matrix (rung per level, drop-off marked `!`, reach, rank) and the distribution of drop-off
/// levels; the year-on-year changes; the definitions.
pub fn terminal(r: &CompareReport, lang: Lang, color: bool) -> String {
    let w = i18n::compare_words(lang);
    let tw = i18n::table_words(lang);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} {}\n",
        w.title,
        r.municipalities.len(),
        w.municipalities
    );
    let _ = writeln!(
        o,
        "{:<NAME_WIDTH$} {:>6} {:>6} {:>10} {:>10} {:>10} {:>5}",
        w.municipality, w.documents, w.pages, w.coverage, w.report_back, w.mean_reach, w.rank
    );
    let mut order: Vec<&MunicipalityView> = r.municipalities.iter().collect();
    order.sort_by_key(|m| m.rank.unwrap_or(usize::MAX));
    for m in &order {
        let _ = write!(
            o,
            "{} {:>6} {:>6} {:>10} {:>10} {:>10} {:>5}",
            fit(&m.name, NAME_WIDTH),
            m.documents,
            m.pages,
            num(m.chain_coverage.and_then(|c| c.value), lang),
            num(m.report_back.and_then(|c| c.value), lang),
            num(m.mean_reach, lang),
            m.rank.map_or("–".to_string(), |r| r.to_string())
        );
        if m.documents == 0 {
            let _ = write!(o, "  ({})", w.not_analysed);
        } else if m.traced_from == "all-themes-no-hvk" {
            let _ = write!(o, "  ({})", w.no_hvk);
        }
        o.push('\n');
    }
    for th in &r.themes {
        let _ = writeln!(
            o,
            "\n{} — {} {}/{}",
            safe(th.label.get(lang)),
            w.traced_by,
            th.traced_by,
            r.municipalities.len()
        );
        let _ = write!(o, "  {:<NAME_WIDTH$}", "");
        for l in &r.levels_present {
            let _ = write!(o, " {:>5}", i18n::level_short(*l, lang));
        }
        let _ = writeln!(
            o,
            "  {:<7} {:>10} {:>5}",
            tw.drops_off, w.mean_reach, w.rank
        );
        for rk in &th.ranking {
            let Some(m) = r.municipalities.get(rk.index) else {
                continue;
            };
            let Some(cell) = m.themes.get(&th.id) else {
                continue;
            };
            let _ = write!(o, "  {}", fit(&m.name, NAME_WIDTH));
            for l in &r.levels_present {
                let text = match cell.rungs.get(l) {
                    None => "·".to_string(),
                    Some(rung) => {
                        let drop = cell.dropoff == Some(*l);
                        format!("R{rung}{}", if drop { "!" } else { " " })
                    }
                };
                if cell.dropoff == Some(*l) && color {
                    let _ = write!(o, " \x1b[31;1m{text:>5}\x1b[0m");
                } else {
                    let _ = write!(o, " {text:>5}");
                }
            }
            let _ = writeln!(
                o,
                "  {:<7} {:>10} {:>5}",
                cell.dropoff.map_or("–", |d| i18n::level_short(d, lang)),
                num(cell.reach, lang),
                rk.rank
            );
        }
    }
    let _ = writeln!(o, "\n{}:", w.where_fades);
    let dist = |d: &BTreeMap<String, usize>| -> String {
        let mut parts: Vec<String> = r
            .levels_present
            .iter()
            .filter_map(|l| {
                d.get(l.id())
                    .map(|n| format!("{} {n}", i18n::level_short(*l, lang)))
            })
            .collect();
        parts.push(format!(
            "{} {}",
            w.held,
            d.get("none").copied().unwrap_or(0)
        ));
        parts.join(" · ")
    };
    for th in &r.themes {
        let _ = writeln!(
            o,
            "  {} {}",
            fit(th.label.get(lang), 44),
            dist(&th.dropoffs)
        );
    }
    let _ = writeln!(o, "  {} {}", fit("Σ", 44), dist(&r.dropoffs_overall));
    let changes: Vec<(&MunicipalityView, &YearsView)> = r
        .municipalities
        .iter()
        .flat_map(|m| m.years.iter().map(move |y| (m, y)))
        .collect();
    if !changes.is_empty() {
        let _ = writeln!(o, "\n{}:", w.years);
        for (m, y) in changes {
            let _ = writeln!(
                o,
                "  {} — {} {}→{}{}",
                safe(&m.name),
                i18n::level_label(y.level, lang),
                y.from,
                y.to,
                if y.themes.is_empty() && y.goals.is_empty() {
                    format!(": {}", w.no_year_changes)
                } else {
                    String::new()
                }
            );
            let reporting = y.level.expected_rung().is_some_and(|e| e.0 >= 7);
            for t in &y.themes {
                let mut notes = vec![if t.change == "gained" {
                    w.gained
                } else {
                    w.lost
                }];
                if t.newly_dropped_off {
                    notes.push(w.newly_dropped_off);
                }
                if t.newly_met {
                    notes.push(if reporting {
                        w.newly_reported
                    } else {
                        w.newly_met
                    });
                }
                let _ = writeln!(
                    o,
                    "    {} R{}→R{} ({})",
                    safe(&t.label),
                    t.from,
                    t.to,
                    notes.join(", ")
                );
            }
            for g in &y.goals {
                let _ = writeln!(
                    o,
                    "    {} {}: {} → {} ({})",
                    w.goals,
                    safe(&g.goal),
                    i18n::status_word(g.from, lang),
                    i18n::status_word(g.to, lang),
                    if g.change == "gained" {
                        w.gained
                    } else {
                        w.lost
                    }
                );
            }
        }
    }
    let _ = writeln!(o, "\n{}:", w.definitions);
    for (_, d) in i18n::compare_definitions(lang) {
        let _ = writeln!(o, "  {d}");
    }
    let _ = writeln!(o, "  {}", i18n::level_codes(&r.levels_present, lang));
    let (errors, warnings): (usize, usize) = r.municipalities.iter().fold((0, 0), |(e, w), m| {
        (e + m.errors.len(), w + m.warnings.len())
    });
    if errors + warnings > 0 {
        let _ = writeln!(
            o,
            "\n{}: {errors} · {}: {warnings} ({})",
            tw.errors, tw.warnings, tw.see_stderr
        );
    }
    o
}
