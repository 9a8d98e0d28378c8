//! `--format html`: one self-contained page to hand on — no script, no external style, font or
//! image, so it works from `file://` and as an e-mail attachment; a Content-Security-Policy
//! that allows only its own inline style. Sections: summary (documents and levels, the two
//! figures, the most serious drop-offs), the theme × level heatmap (rung in every cell, a
//! single-hue blue scale whose text colour is chosen per cell for WCAG AA contrast, drop-off
//! cells framed in orange and marked `!`), funnels of themes and goals as inline SVG, the goal
//! traces, and the evidence of every cell in `<details>`. Print styles give a clean A4 PDF.
//!
//! Every piece of document text goes through [`escape`].

use super::digest::{self, Step, visible};
use super::i18n;
use super::view::{CellView, EvidenceView, GoalUnitView, Report};
use crate::goals::Status;
use crate::model::{Lang, Level};
use std::fmt::Write;

/// Text for HTML element content and quoted attribute values: `& < > " '` as references,
/// control codes made visible ([`visible`]).
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in visible(s).chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Background of rungs R0..R8 (a drop-off cell is framed in orange, `#d94801`, apart from
/// every blue): ColorBrewer's sequential "Blues" (one hue, lightness carries
/// the order, so it reads the same with red–green colour blindness and in grey).
pub const RUNG_COLOURS: [&str; 9] = [
    "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
    "#08306b",
];

fn channel(hex: &str, i: usize) -> f64 {
    let v = hex
        .get(1 + 2 * i..3 + 2 * i)
        .and_then(|h| u8::from_str_radix(h, 16).ok())
        .unwrap_or(0);
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance of `#rrggbb`.
pub fn luminance(hex: &str) -> f64 {
    0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Black or white, whichever contrasts more with `background`.
pub fn text_colour(background: &str) -> &'static str {
    if contrast(background, "#000000") >= contrast(background, "#ffffff") {
        "#000000"
    } else {
        "#ffffff"
    }
}

const STYLE: &str = r#"
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff}
body{max-width:72rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.45}
.t,blockquote,.where,h1,h3,li,p,summary{overflow-wrap:anywhere}
.nw{white-space:nowrap}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:2px solid #c6dbef}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem}
th,td{border:1px solid #bbb;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#eef3f8}
.num{text-align:right}
.figs{display:flex;gap:2rem;flex-wrap:wrap;margin:.6rem 0}
.fig b{display:block;font-size:1.6rem}
.heat td.r{text-align:center;font-weight:600;min-width:3.2rem;padding:0}
.heat td.r a{display:block;padding:.3rem .2rem;color:inherit;text-decoration:none}
.heat td.drop{outline:4px solid #d94801;outline-offset:-4px}
.heat th.lv{text-align:center;font-size:.85rem}
.heat th.lv small{display:block;font-weight:400}
.legend span{display:inline-block;padding:.1rem .45rem;margin:.1rem;border:1px solid #bbb;font-size:.85rem}
.legend .drop{outline:3px solid #d94801;outline-offset:-3px}
.note{color:#444;font-size:.9rem}
.st{white-space:nowrap}
.covered::before{content:"✓ "}.shallow::before{content:"◐ "}.uncovered::before{content:"✗ "}
.shallow,.uncovered{font-weight:600}
details{margin:.25rem 0;border-left:3px solid #c6dbef;padding-left:.5rem}
summary{cursor:pointer}
.ev summary{font-weight:600}
details ul{margin:.3rem 0;padding-left:1.2rem}
.ev li{margin:.35rem 0}
.where{font-size:.85rem;color:#444}
mark{background:#ffe08a;color:#000;padding:0 .1em}
blockquote{margin:.2rem 0 .2rem .5rem;padding-left:.5rem;border-left:2px solid #ddd}
svg text{font-family:inherit;font-size:13px}
footer{margin-top:2rem;font-size:.8rem;color:#555}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{max-width:none;padding:0;font-size:9.5pt}
 .heat{font-size:8pt}
 .heat td.r{min-width:2.4rem}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}
 tr,li,.goal,figure,details{break-inside:avoid}
 details{border-left:none;padding-left:0}
 details::details-content{content-visibility:visible;display:block}
 summary{list-style:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

fn cite(lang: Lang, doc: &str, page: usize, label: Option<&str>) -> String {
    format!(
        "{}, {}",
        escape(doc),
        escape(&i18n::cite_page(lang, page, label))
    )
}

/// A snippet with its matched words in `<mark>`.
fn marked(text: &str, words: &[String]) -> String {
    let text = visible(text);
    let mut o = String::new();
    for (piece, mark) in digest::marked_parts(&text, words) {
        if mark {
            let _ = write!(o, "<mark>{}</mark>", escape(piece));
        } else {
            o.push_str(&escape(piece));
        }
    }
    o
}

fn evidence_item(o: &mut String, lang: Lang, e: &EvidenceView) {
    let heading = if e.heading_path.is_empty() {
        String::new()
    } else {
        format!(" · {}", escape(&e.heading_path.join(" › ")))
    };
    let _ = writeln!(
        o,
        "<li><span class=\"where\">{} · R{} {}{heading}</span><blockquote>{}</blockquote></li>",
        cite(lang, &e.document, e.page, e.page_label.as_deref()),
        e.rung,
        escape(i18n::rung_label(crate::model::Rung(e.rung), lang)),
        marked(&e.snippet, &e.matched)
    );
}

/// A horizontal bar funnel as inline SVG.
fn funnel(o: &mut String, lang: Lang, title: &str, steps: &[Step]) {
    if steps.is_empty() {
        return;
    }
    const LABEL: f64 = 190.0;
    const BAR: f64 = 380.0;
    const ROW: f64 = 26.0;
    let height = ROW * steps.len() as f64 + 30.0;
    let _ = writeln!(
        o,
        "<figure><svg role=\"img\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title)
    );
    let _ = writeln!(
        o,
        "<text x=\"0\" y=\"16\" font-weight=\"600\">{}</text>",
        escape(title)
    );
    for (i, s) in steps.iter().enumerate() {
        let y = 26.0 + ROW * i as f64;
        let w = if s.total == 0 {
            0.0
        } else {
            BAR * s.count as f64 / s.total as f64
        };
        let _ = writeln!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#2171b5\"/><rect x=\"{LABEL}\" y=\"{y}\" width=\"{BAR}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/><text x=\"{}\" y=\"{}\">{}/{}</text>",
            LABEL - 8.0,
            y + 15.0,
            escape(
                s.level
                    .map_or(i18n::report_words(lang).traced, |l| i18n::level_label(
                        l, lang
                    ))
            ),
            ROW - 6.0,
            ROW - 6.0,
            LABEL + BAR + 8.0,
            y + 15.0,
            s.count,
            s.total
        );
    }
    o.push_str("</svg></figure>\n");
}

fn cell_id(theme: usize, level: Level) -> String {
    format!("e{theme}-{}", level.id())
}

fn heat_cell(
    o: &mut String,
    lang: Lang,
    theme: usize,
    level: Level,
    c: Option<&CellView>,
    drop: bool,
) {
    let rung = c.map_or(0, |c| c.rung);
    let bg = RUNG_COLOURS[usize::from(rung.min(8))];
    let fg = text_colour(bg);
    let title = match c {
        Some(c) => format!(
            "{} · R{rung} {} · {} {}",
            i18n::level_label(level, lang),
            i18n::rung_label(crate::model::Rung(rung), lang),
            c.units,
            i18n::report_words(lang).units
        ),
        None => i18n::level_label(level, lang).to_string(),
    };
    let mark = if drop { " !" } else { "" };
    let class = if drop { "r drop" } else { "r" };
    let has_evidence = c.is_some_and(|c| c.evidence.as_ref().is_some_and(|e| !e.is_empty()));
    let text = if has_evidence {
        format!("<a href=\"#{}\">R{rung}{mark}</a>", cell_id(theme, level))
    } else {
        format!("<a>R{rung}{mark}</a>")
    };
    let _ = write!(
        o,
        "<td class=\"{class}\" style=\"background:{bg};color:{fg}\" title=\"{}\">{text}</td>",
        escape(&title)
    );
}

fn goal_unit_line(lang: Lang, g: &GoalUnitView) -> String {
    format!(
        "<li>{} <span class=\"where\">({})</span></li>",
        escape(&g.goal),
        cite(lang, &g.document, g.page, g.page_label.as_deref())
    )
}

pub fn render(r: &Report, lang: Lang) -> String {
    let w = i18n::report_words(lang);
    let tw = i18n::table_words(lang);
    let name = r.municipality.as_deref().unwrap_or(&r.root);
    let term = r
        .term
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let title = format!("linjaus — {name}{term}");
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>",
        lang.id(),
        escape(&title),
        escape(&title)
    );

    // Summary.
    let _ = writeln!(o, "<section id=\"summary\"><h2>{}</h2>", w.summary);
    let _ = writeln!(o, "<div class=\"figs\">");
    for (def, ratio) in [
        (i18n::chain_coverage_definition(lang), r.chain_coverage),
        (i18n::report_back_definition(lang), r.report_back),
    ] {
        let _ = writeln!(
            o,
            "<div class=\"fig\"><b>{}</b>{}</div>",
            escape(&digest::ratio(ratio, lang)),
            escape(def)
        );
    }
    let _ = writeln!(o, "</div>");
    if r.traced_from == "all-themes-no-hvk" {
        let _ = writeln!(o, "<p>{}</p>", escape(tw.no_hvk));
    }
    let _ = writeln!(o, "<h3>{}</h3>", w.serious_dropoffs);
    let serious = digest::serious_dropoffs(r, 5);
    if serious.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", w.no_dropoffs);
    } else {
        o.push_str("<ol>\n");
        for th in serious {
            if let Some(d) = &th.dropoff {
                let _ = writeln!(
                    o,
                    "<li><strong>{}</strong> — {}</li>",
                    escape(th.label.get(lang)),
                    escape(&d.reason)
                );
            }
        }
        o.push_str("</ol>\n");
    }
    let _ = writeln!(
        o,
        "<h3>{}</h3>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        w.documents, w.document, w.title, w.level, w.level_source, w.year, w.pages
    );
    for d in &r.documents {
        let _ = writeln!(
            o,
            "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{}</td><td class=\"nw\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&d.path),
            escape(&d.title),
            d.level.map_or("–", |l| i18n::level_label(l, lang)),
            escape(&digest::level_source(d, lang)),
            d.year.map_or("–".into(), |y| y.to_string()),
            d.pages
        );
    }
    o.push_str("</tbody></table>\n</section>\n");

    // Heatmap.
    let _ = writeln!(o, "<section id=\"heatmap\"><h2>{}</h2>", w.heatmap);
    if r.themes.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", tw.no_themes);
    } else {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(w.heatmap_note));
        let _ = write!(o, "<table class=\"heat\"><thead><tr><th>{}</th>", tw.theme);
        for l in &r.levels_present {
            let (judged, small) = l.expected_rung().map_or_else(
                || (w.not_judged.to_string(), "–".to_string()),
                |e| (format!("{} R{}", w.expected, e.0), format!("(R{})", e.0)),
            );
            let _ = write!(
                o,
                "<th class=\"lv\" title=\"{} — {}\">{}<small>{small}</small></th>",
                escape(i18n::level_label(*l, lang)),
                escape(&judged),
                i18n::level_short(*l, lang),
            );
        }
        let _ = writeln!(o, "<th>{}</th></tr></thead><tbody>", tw.drops_off);
        for (i, th) in r.themes.iter().enumerate() {
            let _ = write!(
                o,
                "<tr><th scope=\"row\" class=\"t\">{}</th>",
                escape(th.label.get(lang))
            );
            for l in &r.levels_present {
                let drop = th.dropoff.as_ref().is_some_and(|d| d.level == *l);
                heat_cell(&mut o, lang, i, *l, th.levels.get(l), drop);
            }
            let _ = writeln!(
                o,
                "<td class=\"nw\">{}</td></tr>",
                th.dropoff
                    .as_ref()
                    .map_or("–", |d| i18n::level_label(d.level, lang))
            );
        }
        o.push_str("</tbody></table>\n<p class=\"legend\">");
        for (n, bg) in RUNG_COLOURS.iter().enumerate() {
            let _ = write!(
                o,
                "<span style=\"background:{bg};color:{}\">R{n} {}</span>",
                text_colour(bg),
                escape(i18n::rung_label(crate::model::Rung(n as u8), lang))
            );
        }
        let _ = writeln!(
            o,
            "<span class=\"drop\">R ! {}</span></p>",
            escape(tw.dropoff_points)
        );
    }
    o.push_str("</section>\n");

    // Funnels.
    let _ = writeln!(
        o,
        "<section id=\"funnel\"><h2>{}</h2><p class=\"note\">{}</p>",
        w.funnel, w.funnel_note
    );
    funnel(&mut o, lang, w.themes, &digest::theme_funnel(r));
    funnel(&mut o, lang, w.goals, &digest::goal_funnel(r));
    o.push_str("</section>\n");

    // All drop-offs.
    let drops: Vec<_> = r.dropoffs().collect();
    if !drops.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"dropoffs\"><h2>{}</h2><ul>",
            tw.dropoff_points
        );
        for (th, d) in drops {
            let _ = writeln!(
                o,
                "<li><strong>{}</strong> — {}</li>",
                escape(th.label.get(lang)),
                escape(&d.reason)
            );
        }
        o.push_str("</ul></section>\n");
    }

    // Goal traces.
    let _ = writeln!(o, "<section id=\"goals\"><h2>{}</h2>", w.goal_traces);
    let goals = &r.goals;
    if goals.items.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", w.no_goals);
    }
    for (n, i) in goals.items.iter().enumerate() {
        let s = &i.source;
        let _ = writeln!(
            o,
            "<div class=\"goal\"><h3>{}. {}</h3><p class=\"where\">{}: {}</p>",
            n + 1,
            escape(&s.goal),
            w.source,
            cite(lang, &s.document, s.page, s.page_label.as_deref())
        );
        let _ = writeln!(
            o,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.level, w.status, w.matched_unit
        );
        for t in &i.trace {
            let class = t.status.id();
            let status = digest::status_word(t.status, lang);
            let matched = match &t.found {
                None => "–".to_string(),
                Some(m) => {
                    let words: Vec<String> = m
                        .paired_by
                        .goal_words
                        .iter()
                        .chain(&m.paired_by.indicator_words)
                        .cloned()
                        .collect();
                    format!(
                        "<details><summary>{} · R{}</summary><blockquote>{}</blockquote></details>",
                        cite(lang, &m.document, m.page, m.page_label.as_deref()),
                        m.rung,
                        marked(&m.snippet, &stem_words(&m.snippet, &words))
                    )
                }
            };
            let expected = if t.status == Status::Covered {
                String::new()
            } else {
                format!(" ({} R{})", w.expected, t.expected_rung)
            };
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"st {class}\">{status}{expected}</td><td class=\"t\">{matched}</td></tr>",
                i18n::level_label(t.level, lang)
            );
        }
        o.push_str("</tbody></table></div>\n");
    }
    let lists = [
        (&goals.reported_without_plan, tw.reported_without_plan),
        (&goals.planned_not_reported, tw.binding_not_reported),
    ];
    for (units, label) in lists.iter().filter(|(u, _)| !u.is_empty()) {
        // A long list (a corpus without plans) opens on demand, like the evidence.
        let _ = writeln!(
            o,
            "<h3>{label} ({})</h3><details{}><summary>{} {}</summary><ul>",
            units.len(),
            if units.len() <= 10 { " open" } else { "" },
            units.len(),
            w.units
        );
        for g in units.iter() {
            o.push_str(&goal_unit_line(lang, g));
            o.push('\n');
        }
        o.push_str("</ul></details>\n");
    }
    o.push_str("</section>\n");

    // Evidence.
    let _ = writeln!(
        o,
        "<section id=\"evidence\"><h2>{}</h2><p class=\"note\">{}</p>",
        w.evidence, w.evidence_note
    );
    for (i, th) in r.themes.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", escape(th.label.get(lang)));
        for l in &r.levels_present {
            let Some(c) = th.levels.get(l) else { continue };
            let ev = c.evidence.as_deref().unwrap_or(&[]);
            if ev.is_empty() {
                continue;
            }
            let (best, more) = digest::best_evidence(ev);
            let _ = writeln!(
                o,
                "<details id=\"{}\" class=\"ev\"><summary>{} · R{} {} · {} {}</summary><ul>",
                cell_id(i, *l),
                i18n::level_label(*l, lang),
                c.rung,
                escape(c.rung_label),
                ev.len(),
                w.units
            );
            for e in best {
                evidence_item(&mut o, lang, e);
            }
            if more > 0 {
                let _ = writeln!(o, "<li class=\"note\">+{more} {}</li>", w.more_in_json);
            }
            o.push_str("</ul></details>\n");
        }
    }
    o.push_str("</section>\n");

    if !r.errors.is_empty() || !r.warnings.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"problems\"><h2>{} {} · {} {}</h2><ul>",
            tw.errors,
            r.errors.len(),
            tw.warnings,
            r.warnings.len()
        );
        for e in &r.errors {
            let _ = writeln!(o, "<li>{}</li>", escape(e));
        }
        o.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        o,
        "<footer>{} · {} linjaus {}</footer>\n</body>\n</html>",
        escape(&i18n::rung_legend(lang)),
        w.generated_by,
        escape(r.tool.version)
    );
    o
}

/// The words of `text` that begin with one of the pairing stems (`liiku` → `liikunta`), so
/// that a goal match marks what paired it.
fn stem_words(text: &str, stems: &[String]) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let lw = w.to_lowercase();
            !w.is_empty()
                && stems
                    .iter()
                    .any(|s| !s.is_empty() && lw.starts_with(s.as_str()))
        })
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        assert_eq!(escape("</details>]]>"), "&lt;/details&gt;]]&gt;");
        assert_eq!(escape("a\x1b[31m"), "a␛[31m");
        assert_eq!(escape("Järvelä"), "Järvelä");
    }

    #[test]
    fn every_rung_colour_passes_wcag_aa_with_its_text_colour() {
        for bg in RUNG_COLOURS {
            let c = contrast(bg, text_colour(bg));
            assert!(c >= 4.5, "{bg}: contrast {c:.2}");
        }
        // The scale is ordered by lightness (so it reads in grey and for colour-blind readers).
        for w in RUNG_COLOURS.windows(2) {
            assert!(luminance(w[0]) > luminance(w[1]), "{w:?}");
        }
    }

    #[test]
    fn marked_words_are_escaped_inside_mark() {
        assert_eq!(
            marked("a <b> liikunta", &["liikunta".into(), "<b>".into()]),
            "a <mark>&lt;b&gt;</mark> <mark>liikunta</mark>"
        );
    }
}
