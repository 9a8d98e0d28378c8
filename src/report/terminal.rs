//! The terminal table: traced themes × levels present, the rung in each cell, the drop-off
//! cell marked with `!` (and red when colour is on), then the drop-offs in words. Reads the
//! typed view ([`super::view::Report`]); every word comes from [`super::i18n`].

use super::i18n;
use super::safe;
use super::view::{CiteView, RatioView, Report, documents_at, goal_dropoff};
use crate::goals::Status;
use crate::model::{Lang, Level};
use std::fmt::Write;

const LABEL_WIDTH: usize = 44;

fn ratio(r: Option<RatioView>, lang: Lang) -> String {
    match r.and_then(|r| r.value.map(|v| (r, v))) {
        Some((r, v)) => format!(
            "{}/{} = {}",
            r.numerator,
            r.denominator,
            i18n::decimal(v, 2, lang)
        ),
        None => "–".into(),
    }
}

/// `s` in at most `width` characters: a longer text keeps its end behind `…` (file names
/// differ at the end), so a column stays a column.
fn fit_end(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    std::iter::once('…')
        .chain(s.chars().skip(n - width + 1))
        .collect()
}

/// `document p12 (s. 10)`.
fn cite(c: &CiteView, lang: Lang) -> String {
    format!(
        "{} {}",
        safe::line(&c.document),
        safe::line(&i18n::cite_page(lang, c.page, c.page_label.as_deref()))
    )
}

/// `; best evidence: doc p3` or, when nothing was found, `; searched: a.pdf, b.docx`.
fn cite_or_searched(r: &Report, found: Option<CiteView>, level: Level, lang: Lang) -> String {
    let w = i18n::table_words(lang);
    match found {
        Some(c) => format!("; {}: {}", w.best_evidence, cite(&c, lang)),
        None => {
            // Three names at most, so that a line stays about one line.
            let docs = documents_at(r, level);
            let more = docs.len().saturating_sub(3);
            let shown: Vec<_> = docs[..docs.len() - more]
                .iter()
                .map(|d| safe::line(d))
                .collect();
            let mut list = shown.join(", ");
            if more > 0 {
                let _ = write!(list, " +{more}");
            }
            format!("; {}: {list}", w.searched)
        }
    }
}

pub fn render(r: &Report, lang: Lang, color: bool) -> String {
    let w = i18n::table_words(lang);
    let mut o = String::new();
    // Municipality, term, file names and goal wording come from files: escaped for the
    // terminal (every other word is the lexicon's or i18n's).
    let name = r.municipality.as_ref().unwrap_or(&r.root);
    let name = safe::line(name);
    let term = r
        .term
        .as_ref()
        .map(|t| format!(" ({})", safe::line(t)))
        .unwrap_or_default();
    let _ = writeln!(o, "linjaus — {name}{term}");
    let _ = writeln!(o, "{}: {}", w.documents, r.documents.len());
    for d in &r.documents {
        let level = d.level.map_or("?", |l| i18n::level_label(l, lang));
        let how = match (d.level_source, d.level_confidence) {
            ("inferred", Some(c)) => format!(" [{} {:.0} %]", w.inferred, c * 100.0),
            ("unknown", _) => format!(" [{}]", w.level_unknown),
            _ => String::new(),
        };
        let path = fit_end(&safe::line(&d.path), 44);
        let _ = writeln!(o, "  {path:<44} {level}{how}");
    }
    if !r.guardrails.is_empty() {
        let _ = writeln!(o, "\n{}:", i18n::guardrails_heading(lang));
        for g in &r.guardrails {
            // The message names documents: file content, escaped.
            let _ = writeln!(o, "  ! {}", safe::line(&g.message));
        }
    }
    o.push('\n');
    if r.traced_from == "all-themes-no-hvk" {
        let _ = writeln!(o, "{}\n", w.no_hvk);
    }
    if r.themes.is_empty() {
        let _ = writeln!(o, "{}", w.no_themes);
        return o;
    }
    let _ = write!(o, "{:<LABEL_WIDTH$}", w.theme);
    for l in &r.levels_present {
        let _ = write!(o, " {:>5}", i18n::level_short(*l, lang));
    }
    let _ = writeln!(o, "  {}", w.drops_off);
    for th in &r.themes {
        // A manifest's own theme labels are file content too.
        let full = safe::line(th.label.get(lang));
        let label: String = if full.chars().count() < LABEL_WIDTH {
            full.to_string()
        } else {
            full.chars().take(LABEL_WIDTH - 2).chain(['…']).collect()
        };
        let _ = write!(o, "{label:<LABEL_WIDTH$}");
        for l in &r.levels_present {
            let rung = th.levels.get(l).map_or(0, |c| c.rung);
            let drop = th.dropoff.as_ref().is_some_and(|d| d.level == *l);
            let cell = format!("R{rung}{}", if drop { "!" } else { " " });
            if drop && color {
                let _ = write!(o, " \x1b[31;1m{cell:>5}\x1b[0m");
            } else {
                let _ = write!(o, " {cell:>5}");
            }
        }
        let _ = writeln!(
            o,
            "  {}",
            th.dropoff
                .as_ref()
                .map_or("–", |d| i18n::level_short(d.level, lang))
        );
    }
    let _ = writeln!(o, "\n{}", i18n::rung_legend(lang));
    let _ = writeln!(o, "{}\n", i18n::level_codes(&r.levels_present, lang));
    let drops: Vec<_> = r.dropoffs().collect();
    if !drops.is_empty() {
        let _ = writeln!(o, "{}:", w.dropoff_points);
        for (th, d) in drops {
            let at = cite_or_searched(r, d.best_evidence.clone(), d.level, lang);
            let label = safe::line(th.label.get(lang));
            let _ = writeln!(o, "  {label} — {}{at}", d.reason);
        }
        o.push('\n');
    }
    let goals = &r.goals;
    if !goals.items.is_empty() {
        let dropping: Vec<_> = goals
            .items
            .iter()
            .filter_map(|i| goal_dropoff(i).map(|d| (i, d)))
            .collect();
        let _ = writeln!(
            o,
            "{} ({}/{} {}):",
            w.hvk_goals_dropping,
            dropping.len(),
            goals.items.len(),
            w.goals
        );
        for (i, d) in &dropping {
            let status = match d.status {
                Status::Shallow => w.shallow,
                _ => w.not_found,
            };
            let found = d.found.as_ref().map(|m| CiteView {
                document: m.document.clone(),
                page: m.page,
                page_label: m.page_label.clone(),
                unit: m.unit,
            });
            let at = cite_or_searched(r, found, d.level, lang);
            let _ = writeln!(
                o,
                "  {} — {}: {status}{at}",
                safe::line(&i.source.goal),
                i18n::level_label(d.level, lang)
            );
        }
        let lists = [
            (&goals.reported_without_plan, w.reported_without_plan),
            (&goals.planned_not_reported, w.binding_not_reported),
        ];
        for (units, label) in lists.iter().filter(|(u, _)| !u.is_empty()) {
            let names: Vec<_> = units.iter().map(|g| safe::line(&g.goal)).collect();
            let _ = writeln!(o, "{label}: {}", names.join("; "));
        }
        o.push('\n');
    }
    let _ = writeln!(
        o,
        "{}: {}",
        i18n::chain_coverage_definition(lang),
        ratio(r.chain_coverage, lang)
    );
    let _ = writeln!(
        o,
        "{}: {}",
        i18n::report_back_definition(lang),
        ratio(r.report_back, lang)
    );
    if !r.errors.is_empty() || !r.warnings.is_empty() {
        let _ = writeln!(
            o,
            "\n{}: {} · {}: {} ({})",
            w.errors,
            r.errors.len(),
            w.warnings,
            r.warnings.len(),
            w.see_stderr
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::fit_end;

    #[test]
    fn long_names_keep_their_end_in_the_column() {
        assert_eq!(fit_end("lyhyt.pdf", 12), "lyhyt.pdf");
        let cut = fit_end("hyvinvointikertomus-ja-suunnitelma-2025-2028.pdf", 20);
        assert_eq!(cut, "…telma-2025-2028.pdf");
        assert_eq!(cut.chars().count(), 20);
    }
}
