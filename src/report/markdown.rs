//! `--format markdown`: the report for an evaluation report or an issue tracker — the summary,
//! the heatmap as a table, the drop-offs, the goal traces, and the evidence as footnotes
//! (`[^n]`: document, page). Document text goes through [`escape`], so a `|`, a `*` or a line
//! break in a document never breaks a table or starts markup; GitHub-flavoured Markdown.

use super::digest::{self, visible};
use super::i18n;
use super::view::{EvidenceView, GoalUnitView, Report};
use crate::model::Lang;
use std::fmt::Write;

/// Document text for Markdown: control codes visible, line breaks as spaces, and every
/// character that could start markup or end a table cell escaped with a backslash.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '\n' | '\r' | '\t' => o.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' | '$'
            | '^' => {
                o.push('\\');
                o.push(c);
            }
            _ => o.push(c),
        }
    }
    o
}

/// Footnotes collected while the body is written.
struct Notes {
    lines: Vec<String>,
}

impl Notes {
    /// Add a footnote; its reference `[^n]`.
    fn add(&mut self, text: String) -> String {
        self.lines.push(text);
        format!("[^{}]", self.lines.len())
    }
}

fn cite(lang: Lang, doc: &str, page: usize, label: Option<&str>) -> String {
    format!("{}, {}", escape(doc), i18n::cite_page(lang, page, label))
}

fn evidence_note(lang: Lang, what: &str, evidence: &[EvidenceView]) -> String {
    let w = i18n::report_words(lang);
    let (best, more) = digest::best_evidence(evidence);
    // One citation per document page, with the best rung found there.
    let mut cites: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for e in best {
        let place = cite(lang, &e.document, e.page, e.page_label.as_deref());
        if !seen.contains(&place) {
            cites.push(format!("{place} (R{})", e.rung));
            seen.push(place);
        }
    }
    let mut s = format!("{what}: {}", cites.join("; "));
    if more > 0 {
        let _ = write!(s, "; +{more} {}", w.more_in_json);
    }
    s
}

fn unit_line(lang: Lang, g: &GoalUnitView) -> String {
    format!(
        "{} ({})",
        escape(&g.goal),
        cite(lang, &g.document, g.page, g.page_label.as_deref())
    )
}

pub fn render(r: &Report, lang: Lang) -> String {
    let w = i18n::report_words(lang);
    let tw = i18n::table_words(lang);
    let mut notes = Notes { lines: Vec::new() };
    let mut o = String::new();
    let name = r.municipality.as_deref().unwrap_or(&r.root);
    let term = r
        .term
        .as_deref()
        .map(|t| format!(" ({})", escape(t)))
        .unwrap_or_default();
    let _ = writeln!(o, "# linjaus — {}{term}\n", escape(name));

    let _ = writeln!(o, "## {}\n", w.summary);
    let _ = writeln!(
        o,
        "| {} | {} | {} | {} | {} | {} |",
        w.document, w.title, w.level, w.level_source, w.year, w.pages
    );
    o.push_str("| --- | --- | --- | --- | ---: | ---: |\n");
    for d in &r.documents {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&d.path),
            escape(&d.title),
            d.level.map_or("–", |l| i18n::level_label(l, lang)),
            digest::level_source(d, lang),
            d.year.map_or("–".into(), |y| y.to_string()),
            d.pages
        );
    }
    o.push('\n');
    if r.traced_from == "all-themes-no-hvk" {
        let _ = writeln!(o, "{}\n", tw.no_hvk);
    }
    let _ = writeln!(
        o,
        "- {}: **{}**",
        i18n::chain_coverage_definition(lang),
        digest::ratio(r.chain_coverage, lang)
    );
    let _ = writeln!(
        o,
        "- {}: **{}**\n",
        i18n::report_back_definition(lang),
        digest::ratio(r.report_back, lang)
    );
    let _ = writeln!(o, "### {}\n", w.serious_dropoffs);
    let serious = digest::serious_dropoffs(r, 5);
    if serious.is_empty() {
        let _ = writeln!(o, "{}\n", w.no_dropoffs);
    }
    for (n, th) in serious.iter().enumerate() {
        if let Some(d) = &th.dropoff {
            let _ = writeln!(
                o,
                "{}. **{}** — {}",
                n + 1,
                escape(th.label.get(lang)),
                escape(&d.reason)
            );
        }
    }
    if !serious.is_empty() {
        o.push('\n');
    }

    if r.themes.is_empty() {
        let _ = writeln!(o, "{}\n", tw.no_themes);
    } else {
        let _ = writeln!(o, "## {}\n", w.heatmap);
        let _ = write!(o, "| {} |", tw.theme);
        for l in &r.levels_present {
            let _ = write!(o, " {} |", i18n::level_short(*l, lang));
        }
        let _ = writeln!(o, " {} |", tw.drops_off);
        o.push_str("| --- |");
        for _ in &r.levels_present {
            o.push_str(" :---: |");
        }
        o.push_str(" :---: |\n");
        for th in &r.themes {
            let label = escape(th.label.get(lang));
            let _ = write!(o, "| {label} |");
            for l in &r.levels_present {
                let cell = th.levels.get(l);
                let rung = cell.map_or(0, |c| c.rung);
                let drop = th.dropoff.as_ref().is_some_and(|d| d.level == *l);
                let text = if drop {
                    format!("**R{rung} !**")
                } else {
                    format!("R{rung}")
                };
                let evidence = cell.and_then(|c| c.evidence.as_deref()).unwrap_or(&[]);
                let note = if evidence.is_empty() {
                    String::new()
                } else {
                    notes.add(evidence_note(
                        lang,
                        &format!("{label} · {}", i18n::level_label(*l, lang)),
                        evidence,
                    ))
                };
                let _ = write!(o, " {text}{note} |");
            }
            let _ = writeln!(
                o,
                " {} |",
                th.dropoff
                    .as_ref()
                    .map_or("–", |d| i18n::level_short(d.level, lang))
            );
        }
        let _ = writeln!(o, "\n{}\n", i18n::rung_legend(lang));
        let _ = writeln!(o, "{}\n", i18n::level_codes(&r.levels_present, lang));

        let drops: Vec<_> = r.dropoffs().collect();
        if !drops.is_empty() {
            let _ = writeln!(o, "## {}\n", tw.dropoff_points);
            for (th, d) in drops {
                let _ = writeln!(
                    o,
                    "- **{}** — {}",
                    escape(th.label.get(lang)),
                    escape(&d.reason)
                );
            }
            o.push('\n');
        }
    }

    let _ = writeln!(o, "## {}\n", w.goal_traces);
    let goals = &r.goals;
    if goals.items.is_empty() {
        let _ = writeln!(o, "{}\n", w.no_goals);
    }
    for (n, i) in goals.items.iter().enumerate() {
        let s = &i.source;
        let _ = writeln!(o, "### {}. {}\n", n + 1, escape(&s.goal));
        let _ = writeln!(
            o,
            "{}: {}\n",
            w.source,
            cite(lang, &s.document, s.page, s.page_label.as_deref())
        );
        let _ = writeln!(o, "| {} | {} | {} |", w.level, w.status, w.matched_unit);
        o.push_str("| --- | --- | --- |\n");
        for t in &i.trace {
            let status = digest::status_word(t.status, lang);
            let matched = t.found.as_ref().map_or("–".to_string(), |m| {
                let place = cite(lang, &m.document, m.page, m.page_label.as_deref());
                let note = notes.add(format!("{place}: “{}”", escape(&m.snippet)));
                format!("{place}, R{}{note}", m.rung)
            });
            let _ = writeln!(
                o,
                "| {} | {status} | {matched} |",
                i18n::level_label(t.level, lang)
            );
        }
        o.push('\n');
    }
    let lists = [
        (&goals.reported_without_plan, tw.reported_without_plan),
        (&goals.planned_not_reported, tw.binding_not_reported),
    ];
    for (units, label) in lists.iter().filter(|(u, _)| !u.is_empty()) {
        let _ = writeln!(o, "**{label}**\n");
        for g in units.iter() {
            let _ = writeln!(o, "- {}", unit_line(lang, g));
        }
        o.push('\n');
    }

    if !r.errors.is_empty() || !r.warnings.is_empty() {
        let _ = writeln!(o, "## {} ({})\n", tw.errors, r.errors.len());
        for e in &r.errors {
            let _ = writeln!(o, "- {}", escape(e));
        }
        let _ = writeln!(o, "\n{}: {}\n", tw.warnings, r.warnings.len());
    }

    if !notes.lines.is_empty() {
        let _ = writeln!(o, "## {}\n", w.evidence);
        for (n, line) in notes.lines.iter().enumerate() {
            let _ = writeln!(o, "[^{}]: {line}", n + 1);
        }
        o.push('\n');
    }
    let _ = writeln!(o, "---\n{} linjaus {}", w.generated_by, r.tool.version);
    o
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_a_table_cell_one_cell() {
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(escape("a\\|"), "a\\\\\\|");
        assert_eq!(escape("\x1b[1m"), "␛\\[1m");
    }
}
