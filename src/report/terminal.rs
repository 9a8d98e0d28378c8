//! The terminal table: traced themes × levels present, the rung in each cell, the drop-off
//! cell marked with `!` (and red when colour is on), then the drop-offs in words.

use super::ReportInput;
use crate::corpus::LevelSource;
use crate::model::{Facet, Lang, Level};
use crate::score::{DropOff, Ratio, TracedFrom};
use std::fmt::Write;

const LABEL_WIDTH: usize = 44;

fn t(lang: Lang, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

fn facet_word(f: Facet, lang: Lang) -> &'static str {
    match f {
        Facet::Goal => t(lang, "tavoite", "mål", "goal"),
        Facet::Action => t(lang, "toimenpide", "åtgärd", "action"),
        Facet::Indicator => t(lang, "mittari", "mätare", "indicator"),
        Facet::Target => t(lang, "tavoitetaso", "målnivå", "target level"),
        Facet::Binding => t(lang, "sitovuus", "bindande", "binding"),
        Facet::Owner => t(lang, "vastuutaho", "ansvarig", "owner"),
        Facet::Resources => t(lang, "resurssit", "resurser", "resources"),
        Facet::Outcome => t(lang, "toteuma", "utfall", "outcome"),
        Facet::Evaluation => t(lang, "arvio", "utvärdering", "evaluation"),
    }
}

/// The drop-off in words, e.g. "Talousarvio: R2 tavoitteena, odotettu R5; puuttuu: mittari, …".
pub fn dropoff_reason(d: &DropOff, lang: Lang) -> String {
    let level = d.level.label(lang);
    if d.rung.0 == 0 {
        return format!(
            "{level}: {}",
            t(
                lang,
                "teema puuttuu kokonaan",
                "temat saknas helt",
                "theme absent"
            )
        );
    }
    let mut s = format!(
        "{level}: R{} {}, {} R{}",
        d.rung.0,
        d.rung.label(lang),
        t(lang, "odotettu", "förväntat", "expected"),
        d.expected.0
    );
    if !d.missing.is_empty() {
        let words: Vec<&str> = d.missing.iter().map(|f| facet_word(*f, lang)).collect();
        let _ = write!(
            s,
            "; {}: {}",
            t(lang, "ei löytynyt", "saknas", "not found"),
            words.join(", ")
        );
    }
    s
}

fn ratio(r: Option<Ratio>) -> String {
    match r.and_then(|r| r.value().map(|v| (r, v))) {
        Some((r, v)) => format!("{}/{} = {:.2}", r.num, r.den, v),
        None => "–".into(),
    }
}

pub fn render(input: &ReportInput) -> String {
    let ReportInput {
        corpus,
        scores,
        goals,
        lexicon,
        lang,
        color,
    } = input;
    let lang = *lang;
    let mut o = String::new();
    let name = corpus
        .municipality
        .clone()
        .unwrap_or_else(|| corpus.root.display().to_string());
    let _ = writeln!(
        o,
        "linjaus — {name}{}",
        corpus
            .term
            .as_ref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "{}: {}",
        t(lang, "Asiakirjoja", "Dokument", "Documents"),
        corpus.docs.len()
    );
    for d in &corpus.docs {
        let level = d
            .level
            .map_or("?".to_string(), |l| l.label(lang).to_string());
        let how = match &d.level_source {
            LevelSource::Manifest => String::new(),
            LevelSource::Inferred(i) => format!(
                " [{} {:.0} %]",
                t(lang, "päätelty", "härlett", "inferred"),
                i.confidence * 100.0
            ),
            LevelSource::Unknown => format!(
                " [{}]",
                t(lang, "taso tuntematon", "nivå okänd", "level unknown")
            ),
        };
        let _ = writeln!(o, "  {:<44} {level}{how}", d.id);
    }
    o.push('\n');
    if scores.traced_from == TracedFrom::AllThemesNoHvk {
        let _ = writeln!(
            o,
            "{}\n",
            t(
                lang,
                "Aineistossa ei ole hyvinvointikertomusta: seurataan kaikkia oletusteemoja.",
                "Materialet saknar välfärdsberättelse: alla standardteman följs.",
                "No welfare report in the corpus: all default themes are traced."
            )
        );
    }
    if scores.traced.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            t(
                lang,
                "Ei seurattavia teemoja.",
                "Inga teman att följa.",
                "No themes to trace."
            )
        );
        return o;
    }
    let levels: &[Level] = &scores.levels;
    let _ = write!(o, "{:<LABEL_WIDTH$}", t(lang, "Teema", "Tema", "Theme"));
    for l in levels {
        let _ = write!(o, " {:>5}", l.short());
    }
    let _ = writeln!(o, "  {}", t(lang, "katkeaa", "faller bort", "drops off"));
    for tr in &scores.traced {
        let label: String = lexicon.themes[tr.theme]
            .label(lang)
            .chars()
            .take(LABEL_WIDTH - 1)
            .collect();
        let _ = write!(o, "{label:<LABEL_WIDTH$}");
        for l in levels {
            let rung = tr.by_level.get(l).map_or(0, |c| c.rung.0);
            let drop = tr.dropoff.as_ref().is_some_and(|d| d.level == *l);
            let cell = format!("R{rung}{}", if drop { "!" } else { " " });
            if drop && *color {
                let _ = write!(o, " \x1b[31;1m{cell:>5}\x1b[0m");
            } else {
                let _ = write!(o, " {cell:>5}");
            }
        }
        let _ = writeln!(
            o,
            "  {}",
            tr.dropoff.as_ref().map_or("–", |d| d.level.short())
        );
    }
    let _ = writeln!(
        o,
        "\n{}",
        t(
            lang,
            "R0 puuttuu · R1 mainittu · R2 tavoitteena · R3 toimenpide · R4 mitattava · R5 sitova/vastuutettu · R6 resursoitu · R7 raportoitu · R8 arvioitu · ! = katkeamiskohta",
            "R0 saknas · R1 nämnt · R2 som mål · R3 åtgärd · R4 mätbart · R5 bindande/ansvar · R6 resurserat · R7 rapporterat · R8 utvärderat · ! = punkt där temat faller bort",
            "R0 absent · R1 mentioned · R2 goal · R3 action · R4 measurable · R5 binding/owned · R6 resourced · R7 reported · R8 evaluated · ! = drop-off point"
        )
    );
    let codes: Vec<String> = levels
        .iter()
        .map(|l| format!("{} {}", l.short(), l.label(lang)))
        .collect();
    let _ = writeln!(o, "{}\n", codes.join(" · "));
    let drops: Vec<_> = scores
        .traced
        .iter()
        .filter_map(|tr| tr.dropoff.as_ref().map(|d| (tr, d)))
        .collect();
    if !drops.is_empty() {
        let _ = writeln!(
            o,
            "{}:",
            t(
                lang,
                "Katkeamiskohdat",
                "Där teman faller bort",
                "Drop-off points"
            )
        );
        for (tr, d) in drops {
            let _ = writeln!(
                o,
                "  {} — {}",
                lexicon.themes[tr.theme].label(lang),
                dropoff_reason(d, lang)
            );
        }
        o.push('\n');
    }
    let dropping: Vec<_> = goals
        .items
        .iter()
        .filter_map(|i| i.dropoff().map(|d| (i, d)))
        .collect();
    if !goals.items.is_empty() {
        let _ = writeln!(
            o,
            "{} ({}/{} {}):",
            t(
                lang,
                "Hyvinvointikertomuksen tavoitteet, jotka katkeavat",
                "Välfärdsberättelsens mål som faller bort",
                "Welfare-report goals that drop off"
            ),
            dropping.len(),
            goals.items.len(),
            t(lang, "tavoitetta", "mål", "goals")
        );
        for (i, d) in &dropping {
            let status = match d.status {
                crate::goals::Status::Shallow => t(lang, "liian ohuesti", "för tunt", "shallow"),
                _ => t(lang, "ei löydy", "saknas", "not found"),
            };
            let _ = writeln!(o, "  {} — {}: {status}", i.goal.goal, d.level.label(lang));
        }
        let lists = [
            (
                &goals.reported_without_plan,
                t(
                    lang,
                    "Raportoitu ilman suunniteltua tavoitetta",
                    "Rapporterat utan planerat mål",
                    "Reported without a planned goal",
                ),
            ),
            (
                &goals.planned_not_reported,
                t(
                    lang,
                    "Sitova tavoite, jota ei raportoitu",
                    "Bindande mål som inte rapporterades",
                    "Binding goals not reported back",
                ),
            ),
        ];
        for (units, label) in lists.iter().filter(|(u, _)| !u.is_empty()) {
            let names: Vec<&str> = units.iter().map(|g| g.goal.as_str()).collect();
            let _ = writeln!(o, "{label}: {}", names.join("; "));
        }
        o.push('\n');
    }
    let _ = writeln!(
        o,
        "{}: {}",
        t(
            lang,
            "Ketjukattavuus (≥R4 talousarviossa / ≥R2 HVK:ssa)",
            "Kedjetäckning (≥R4 i budget / ≥R2 i VB)",
            "Chain coverage (≥R4 in budget / ≥R2 in HVK)"
        ),
        ratio(scores.chain_coverage)
    );
    let _ = writeln!(
        o,
        "{}: {}",
        t(
            lang,
            "Raportointiaste (≥R7 TP/TK / ≥R5 talousarviossa)",
            "Återrapportering (≥R7 bokslut / ≥R5 i budget)",
            "Report-back (≥R7 in FS/AR / ≥R5 in budget)"
        ),
        ratio(scores.report_back)
    );
    let warnings =
        corpus.warnings.len() + corpus.docs.iter().map(|d| d.warnings.len()).sum::<usize>();
    if !corpus.errors.is_empty() || warnings > 0 {
        let _ = writeln!(
            o,
            "\n{}: {} · {}: {} ({})",
            t(lang, "Virheitä", "Fel", "Errors"),
            corpus.errors.len(),
            t(lang, "varoituksia", "varningar", "warnings"),
            warnings,
            t(lang, "katso stderr", "se stderr", "see stderr")
        );
    }
    o
}
