//! Every word a report prints in Finnish, Swedish or English, in one place: level names and
//! column codes, rung and facet words, drop-off wording and the definitions of the figures.
//! Theme labels are lexicon data (`lexicons/themes/*.toml`), not here.

use crate::analyse::Rule;
use crate::model::{Facet, Lang, Level, Rung};
use crate::score::DropOff;
use std::fmt::Write;

/// The text for `lang` of a fixed Finnish/Swedish/English triple (only here: every word a
/// report prints comes from this module).
fn t(lang: Lang, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

pub fn level_label(level: Level, lang: Lang) -> &'static str {
    use Level::*;
    match level {
        Hvk => t(
            lang,
            "Hyvinvointikertomus",
            "Välfärdsberättelse",
            "Welfare report",
        ),
        Strategy => t(lang, "Kuntastrategia", "Kommunstrategi", "Strategy"),
        Programme => t(lang, "Ohjelmat", "Program", "Programmes"),
        BudgetInstructions => t(
            lang,
            "TA-laadintaohje",
            "Budgetdirektiv",
            "Budget instructions",
        ),
        Budget => t(lang, "Talousarvio", "Budget", "Budget"),
        OperatingPlan => t(
            lang,
            "Käyttösuunnitelma",
            "Dispositionsplan",
            "Operating plan",
        ),
        InterimReport => t(lang, "Osavuosikatsaus", "Delårsrapport", "Interim report"),
        FinancialStatement => t(lang, "Tilinpäätös", "Bokslut", "Financial statement"),
        AnnualReport => t(
            lang,
            "Toimintakertomus",
            "Verksamhetsberättelse",
            "Annual report",
        ),
        EvaluationReport => t(
            lang,
            "Arviointikertomus",
            "Utvärderingsberättelse",
            "Evaluation report",
        ),
    }
}

/// Short column header of a level (Finnish abbreviations, as municipal documents use them).
pub fn level_short(level: Level) -> &'static str {
    match level {
        Level::Hvk => "HVK",
        Level::Strategy => "STRAT",
        Level::Programme => "OHJ",
        Level::BudgetInstructions => "OHJE",
        Level::Budget => "TA",
        Level::OperatingPlan => "KS",
        Level::InterimReport => "OVK",
        Level::FinancialStatement => "TP",
        Level::AnnualReport => "TK",
        Level::EvaluationReport => "AK",
    }
}

pub fn rung_label(rung: Rung, lang: Lang) -> &'static str {
    const FI: [&str; 9] = [
        "puuttuu",
        "mainittu",
        "tavoitteena",
        "toimenpide",
        "mitattava",
        "sitova/vastuutettu",
        "resursoitu",
        "raportoitu",
        "arvioitu",
    ];
    const SV: [&str; 9] = [
        "saknas",
        "nämnt",
        "som mål",
        "åtgärd",
        "mätbart",
        "bindande/ansvarsatt",
        "resurserat",
        "rapporterat",
        "utvärderat",
    ];
    const EN: [&str; 9] = [
        "absent",
        "mentioned",
        "goal",
        "action",
        "measurable",
        "binding/owned",
        "resourced",
        "reported",
        "evaluated",
    ];
    let i = usize::from(rung.0.min(8));
    match lang {
        Lang::Fi => FI[i],
        Lang::Sv => SV[i],
        Lang::En => EN[i],
    }
}

/// The legend under the terminal table: every rung in words, and the drop-off mark.
pub fn rung_legend(lang: Lang) -> String {
    let rungs: Vec<String> = (0..=8)
        .map(|r| format!("R{r} {}", rung_label(Rung(r), lang)))
        .collect();
    format!(
        "{} · ! = {}",
        rungs.join(" · "),
        t(
            lang,
            "katkeamiskohta",
            "punkt där temat faller bort",
            "drop-off point"
        )
    )
}

pub fn facet_word(f: Facet, lang: Lang) -> &'static str {
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

/// The drop-off in words, e.g. "Talousarvio: R2 tavoitteena, odotettu R5; ei löytynyt: mittari, …".
pub fn dropoff_reason(d: &DropOff, lang: Lang) -> String {
    let level = level_label(d.level, lang);
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
        rung_label(d.rung, lang),
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

/// How the chain-coverage figure is defined.
pub fn chain_coverage_definition(lang: Lang) -> &'static str {
    t(
        lang,
        "Ketjukattavuus (≥R4 talousarviossa / ≥R2 HVK:ssa)",
        "Kedjetäckning (≥R4 i budget / ≥R2 i HVK)",
        "Chain coverage (≥R4 in budget / ≥R2 in HVK)",
    )
}

/// How the report-back figure is defined.
pub fn report_back_definition(lang: Lang) -> &'static str {
    t(
        lang,
        "Raportointiaste (≥R7 TP/TK / ≥R5 talousarviossa)",
        "Återrapportering (≥R7 i TP/TK / ≥R5 i budget)",
        "Report-back (≥R7 in FS/AR / ≥R5 in budget)",
    )
}

/// The fixed words of the terminal report.
pub struct TableWords {
    pub documents: &'static str,
    pub inferred: &'static str,
    pub level_unknown: &'static str,
    pub no_hvk: &'static str,
    pub no_themes: &'static str,
    pub theme: &'static str,
    pub drops_off: &'static str,
    pub dropoff_points: &'static str,
    pub hvk_goals_dropping: &'static str,
    pub goals: &'static str,
    pub shallow: &'static str,
    pub not_found: &'static str,
    pub reported_without_plan: &'static str,
    pub binding_not_reported: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub see_stderr: &'static str,
}

pub fn table_words(lang: Lang) -> TableWords {
    match lang {
        Lang::Fi => TableWords {
            documents: "Asiakirjoja",
            inferred: "päätelty",
            level_unknown: "taso tuntematon",
            no_hvk: "Aineistossa ei ole hyvinvointikertomusta: seurataan kaikkia oletusteemoja.",
            no_themes: "Ei seurattavia teemoja.",
            theme: "Teema",
            drops_off: "katkeaa",
            dropoff_points: "Katkeamiskohdat",
            hvk_goals_dropping: "Hyvinvointikertomuksen tavoitteet, jotka katkeavat",
            goals: "tavoitetta",
            shallow: "liian ohuesti",
            not_found: "ei löydy",
            reported_without_plan: "Raportoitu ilman suunniteltua tavoitetta",
            binding_not_reported: "Sitova tavoite, jota ei raportoitu",
            errors: "Virheitä",
            warnings: "varoituksia",
            see_stderr: "katso stderr",
        },
        Lang::Sv => TableWords {
            documents: "Dokument",
            inferred: "härlett",
            level_unknown: "nivå okänd",
            no_hvk: "Materialet saknar välfärdsberättelse: alla standardteman följs.",
            no_themes: "Inga teman att följa.",
            theme: "Tema",
            drops_off: "faller bort",
            dropoff_points: "Där teman faller bort",
            hvk_goals_dropping: "Välfärdsberättelsens mål som faller bort",
            goals: "mål",
            shallow: "för tunt",
            not_found: "saknas",
            reported_without_plan: "Rapporterat utan planerat mål",
            binding_not_reported: "Bindande mål som inte rapporterades",
            errors: "Fel",
            warnings: "varningar",
            see_stderr: "se stderr",
        },
        Lang::En => TableWords {
            documents: "Documents",
            inferred: "inferred",
            level_unknown: "level unknown",
            no_hvk: "No welfare report in the corpus: all default themes are traced.",
            no_themes: "No themes to trace.",
            theme: "Theme",
            drops_off: "drops off",
            dropoff_points: "Drop-off points",
            hvk_goals_dropping: "Welfare-report goals that drop off",
            goals: "goals",
            shallow: "shallow",
            not_found: "not found",
            reported_without_plan: "Reported without a planned goal",
            binding_not_reported: "Binding goals not reported back",
            errors: "Errors",
            warnings: "warnings",
            see_stderr: "see stderr",
        },
    }
}

/// Why a rule dropped a match, in words (the rule's id is shown beside it).
pub fn rule_reason(rule: Rule, lang: Lang) -> &'static str {
    match rule {
        Rule::Lookalike => t(
            lang,
            "kuuluu `exclude`-listan näköissanaan",
            "täcks av ett liknande ord under `exclude`",
            "covered by a look-alike listed under `exclude`",
        ),
        Rule::OrganisationHead => t(
            lang,
            "osa toimielimen tai tehtävän nimeä",
            "del av namnet på ett organ eller en befattning",
            "part of the name of a body or role (organisation head)",
        ),
        Rule::WeakAlone => t(
            lang,
            "heikko termi ilman teeman vahvaa termiä",
            "svag term utan temats starka term",
            "weak term without a strong term of the theme",
        ),
        Rule::Listing => t(
            lang,
            "ohimennen: mainittu kerran luettelossa",
            "i förbigående: nämnt en gång i en uppräkning",
            "passing mention: named once in a listing unit",
        ),
        Rule::LongUnit => t(
            lang,
            "ohimennen: mainittu kerran pitkässä tekstissä",
            "i förbigående: nämnt en gång i en lång text",
            "passing mention: named once in a long unit",
        ),
        Rule::Enumeration => t(
            lang,
            "ohimennen: mainittu vain luettelon osana",
            "i förbigående: nämnt bara i en uppräkning",
            "passing mention: named only inside an enumeration",
        ),
        Rule::WeakCue => t(
            lang,
            "heikko vihje ilman toista",
            "svag ledtråd utan en andra",
            "weak cue without a second one",
        ),
        Rule::NumberCounts => t(
            lang,
            "luku toisena vihjeenä",
            "ett tal som andra ledtråd",
            "a number as the second cue",
        ),
        Rule::HeadingFacets => t(
            lang,
            "perii otsikon tavoitteen tai sitovuuden",
            "ärver rubrikens mål eller bindande",
            "goal or binding inherited from a heading",
        ),
        Rule::TableHeaderFacets => t(
            lang,
            "perii taulukon otsikkorivin piirteet",
            "ärver tabellhuvudets aspekter",
            "facets inherited from the table header",
        ),
    }
}

/// The fixed words of `linjaus explain`.
pub struct ExplainWords {
    pub manifest: &'static str,
    pub inferred: &'static str,
    pub confidence: &'static str,
    pub no_cue: &'static str,
    pub pages: &'static str,
    pub units: &'static str,
    pub words: &'static str,
    pub section_from: &'static str,
    pub language: &'static str,
    pub weak: &'static str,
    pub inherited: &'static str,
    pub counts_for: &'static str,
    pub rule: &'static str,
    /// Row labels: text, tokens, theme, dropped, facet, rung (padded to one width).
    pub rows: [&'static str; 6],
}

pub fn explain_words(lang: Lang) -> ExplainWords {
    match lang {
        Lang::Fi => ExplainWords {
            manifest: "manifesti",
            inferred: "päätelty",
            confidence: "varmuus",
            no_cue: "tasoa osoittavaa vihjettä ei löytynyt",
            pages: "sivua",
            units: "yksikköä",
            words: "sanaa",
            section_from: "osio yksiköstä",
            language: "kieli",
            weak: "heikko",
            inherited: "peritty otsikoilta tai taulukon otsikkoriviltä",
            counts_for: "lasketaan tasolle",
            rule: "sääntö",
            rows: [
                "teksti:  ",
                "sanat:   ",
                "teema:   ",
                "hylätty: ",
                "piirre:  ",
                "porras:  ",
            ],
        },
        Lang::Sv => ExplainWords {
            manifest: "manifest",
            inferred: "härlett",
            confidence: "säkerhet",
            no_cue: "ingen ledtråd till nivån hittades",
            pages: "sidor",
            units: "enheter",
            words: "ord",
            section_from: "avsnitt från enhet",
            language: "språk",
            weak: "svag",
            inherited: "ärvt från rubriker eller tabellhuvudet",
            counts_for: "räknas för nivån",
            rule: "regel",
            rows: [
                "text:    ",
                "ord:     ",
                "tema:    ",
                "bortfall:",
                "aspekt:  ",
                "steg:    ",
            ],
        },
        Lang::En => ExplainWords {
            manifest: "manifest",
            inferred: "inferred",
            confidence: "confidence",
            no_cue: "no level cue found",
            pages: "pages",
            units: "units",
            words: "words",
            section_from: "section from unit",
            language: "lang",
            weak: "weak",
            inherited: "inherited from headings or the table header",
            counts_for: "counts for",
            rule: "rule",
            rows: [
                "text:    ",
                "tokens:  ",
                "theme:   ",
                "dropped: ",
                "facet:   ",
                "rung:    ",
            ],
        },
    }
}

/// `N results for QUERY (keys)` under search results; `limited` when there may be more.
pub fn search_summary(lang: Lang, n: usize, query: &str, keys: &str, limited: bool) -> String {
    let one = n == 1;
    let mut s = match lang {
        Lang::Fi => format!(
            "{n} {} haulle {query} ({keys})",
            if one { "tulos" } else { "tulosta" }
        ),
        Lang::Sv => format!(
            "{n} {} för {query} ({keys})",
            if one { "träff" } else { "träffar" }
        ),
        Lang::En => format!(
            "{n} {} for {query} ({keys})",
            if one { "result" } else { "results" }
        ),
    };
    if limited {
        s.push_str(t(
            lang,
            "; voi olla enemmän: --limit N näyttää useampia",
            "; det kan finnas fler: --limit N visar fler",
            "; there may be more: --limit N shows more",
        ));
    }
    s
}

/// A page as the terminal cites it: `p12`, or with the number the page prints when that
/// differs (`p12 (s. 10)`).
pub fn cite_page(lang: Lang, page: usize, label: Option<&str>) -> String {
    match label {
        Some(l) if l != page.to_string() => {
            format!("p{page} ({} {l})", t(lang, "s.", "s.", "printed p."))
        }
        _ => format!("p{page}"),
    }
}

/// The fixed words of `linjaus compare`.
pub struct CompareWords {
    pub title: &'static str,
    pub municipality: &'static str,
    pub municipalities: &'static str,
    pub documents: &'static str,
    pub pages: &'static str,
    pub coverage: &'static str,
    pub report_back: &'static str,
    pub mean_reach: &'static str,
    pub rank: &'static str,
    pub reach: &'static str,
    pub mean_rung: &'static str,
    pub drops_off: &'static str,
    pub held: &'static str,
    pub not_traced: &'static str,
    pub traced_by: &'static str,
    pub where_fades: &'static str,
    pub years: &'static str,
    pub no_year_changes: &'static str,
    pub gained: &'static str,
    pub lost: &'static str,
    pub newly_dropped_off: &'static str,
    pub newly_met: &'static str,
    pub newly_reported: &'static str,
    pub goals: &'static str,
    pub no_hvk: &'static str,
    pub not_analysed: &'static str,
    pub definitions: &'static str,
}

pub fn compare_words(lang: Lang) -> CompareWords {
    match lang {
        Lang::Fi => CompareWords {
            title: "linjaus — vertailu",
            municipality: "Kunta",
            municipalities: "kuntaa",
            documents: "Asiak.",
            pages: "Sivuja",
            coverage: "Kattavuus",
            report_back: "Rap.aste",
            mean_reach: "Ulottuvuus",
            rank: "Sija",
            reach: "ulottuvuus",
            mean_rung: "keskiporras",
            drops_off: "katkeaa",
            held: "ei katkea",
            not_traced: "ei seurata",
            traced_by: "seuraa",
            where_fades: "Missä hyvinvointi katkeaa (kuntia tasoittain)",
            years: "Vuosivertailu",
            no_year_changes: "ei muutoksia",
            gained: "nousi",
            lost: "laski",
            newly_dropped_off: "katkeaa nyt",
            newly_met: "täyttää nyt odotuksen",
            newly_reported: "raportoidaan nyt",
            goals: "tavoite",
            no_hvk: "ei hyvinvointikertomusta: kaikki teemat",
            not_analysed: "ei analysoitu",
            definitions: "Luvut",
        },
        Lang::Sv => CompareWords {
            title: "linjaus — jämförelse",
            municipality: "Kommun",
            municipalities: "kommuner",
            documents: "Dok.",
            pages: "Sidor",
            coverage: "Täckning",
            report_back: "Återrapp.",
            mean_reach: "Räckvidd",
            rank: "Rang",
            reach: "räckvidd",
            mean_rung: "medelsteg",
            drops_off: "faller bort",
            held: "faller inte bort",
            not_traced: "följs inte",
            traced_by: "följs av",
            where_fades: "Var välfärden faller bort (kommuner per nivå)",
            years: "Jämförelse mellan år",
            no_year_changes: "inga förändringar",
            gained: "steg",
            lost: "sjönk",
            newly_dropped_off: "faller nu bort",
            newly_met: "når nu förväntan",
            newly_reported: "rapporteras nu",
            goals: "mål",
            no_hvk: "ingen välfärdsberättelse: alla teman",
            not_analysed: "inte analyserad",
            definitions: "Talen",
        },
        Lang::En => CompareWords {
            title: "linjaus — comparison",
            municipality: "Municipality",
            municipalities: "municipalities",
            documents: "Docs",
            pages: "Pages",
            coverage: "Coverage",
            report_back: "Rep.back",
            mean_reach: "Reach",
            rank: "Rank",
            reach: "reach",
            mean_rung: "mean rung",
            drops_off: "drops off",
            held: "holds",
            not_traced: "not traced",
            traced_by: "traced by",
            where_fades: "Where welfare fades (municipalities per level)",
            years: "Year on year",
            no_year_changes: "no changes",
            gained: "gained",
            lost: "lost",
            newly_dropped_off: "now drops off",
            newly_met: "now meets the expectation",
            newly_reported: "now reported",
            goals: "goal",
            no_hvk: "no welfare report: all themes",
            not_analysed: "not analysed",
            definitions: "Figures",
        },
    }
}

/// The definitions of the comparison's figures (README "linjaus compare" says the same).
pub fn compare_definitions(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "reach",
            t(
                lang,
                "Ulottuvuus = arvioidut tasot, joilla teema pysyy ennen katkeamiskohtaa ÷ kunnan arvioidut tasot (HVK:n jälkeiset tasot, joilla on odotettu porras); 1 = ei katkea",
                "Räckvidd = bedömda nivåer som temat håller före bortfallet ÷ kommunens bedömda nivåer (nivåerna efter HVK med förväntat steg); 1 = faller inte bort",
                "Reach = judged levels the theme holds before its drop-off ÷ the municipality's judged levels (levels after the HVK with an expected rung); 1 = never drops off",
            ),
        ),
        (
            "mean_rung",
            t(
                lang,
                "Keskiporras = teeman portaiden (0–8) keskiarvo arvioiduilla tasoilla",
                "Medelsteg = medelvärdet av temats steg (0–8) på de bedömda nivåerna",
                "Mean rung = the mean of the theme's rungs (0–8) over the judged levels",
            ),
        ),
        (
            "theme_rank",
            t(
                lang,
                "Teeman sija: ulottuvuuden, sitten keskiportaan mukaan; samat luvut, sama sija",
                "Temats rang: efter räckvidd, sedan medelsteg; samma tal, samma rang",
                "Theme rank: by reach, then mean rung; equal figures share a rank",
            ),
        ),
        (
            "overall_rank",
            t(
                lang,
                "Kokonaissija: seurattujen teemojen keskimääräisen ulottuvuuden, sitten ketjukattavuuden, sitten raportointiasteen mukaan",
                "Total rang: efter de följda temanas medelräckvidd, sedan kedjetäckning, sedan återrapportering",
                "Overall rank: by mean reach over the traced themes, then chain coverage, then report-back",
            ),
        ),
        ("chain_coverage", chain_coverage_definition(lang)),
        ("report_back", report_back_definition(lang)),
        (
            "dropoff_distribution",
            t(
                lang,
                "Katkeamisjakauma: teemaa seuraavista kunnista kuinka moni katkaisee sen kullakin tasolla ja kuinka monella se ei katkea",
                "Bortfallsfördelning: hur många av kommunerna som följer temat tappar det på varje nivå och hur många håller det hela kedjan",
                "Drop-off distribution: of the municipalities tracing the theme, how many drop it at each level and how many hold it down the whole chain",
            ),
        ),
        (
            "years",
            t(
                lang,
                "Vuosivertailu: tasolla, jolla kunnalla on kahden tai useamman vuoden asiakirjoja, peräkkäisten vuosien portaat ja HVK-tavoitteiden tilat",
                "Jämförelse mellan år: på en nivå där kommunen har dokument från två eller flera år, stegen och HVK-målens status år för år",
                "Year on year: at a level where the municipality has documents of two or more years, consecutive years' rungs and HVK goal statuses",
            ),
        ),
    ]
}

/// An HVK goal status in words.
pub fn status_word(s: crate::goals::Status, lang: Lang) -> &'static str {
    use crate::goals::Status::*;
    match s {
        Covered => t(lang, "katettu", "täckt", "covered"),
        Shallow => t(lang, "ohut", "tunt", "shallow"),
        Uncovered => t(lang, "ei löydy", "saknas", "not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_three_distinct_labels_but_budget() {
        for l in Level::ALL {
            let [fi, sv, en] = [Lang::Fi, Lang::Sv, Lang::En].map(|g| level_label(l, g));
            assert!(!fi.is_empty() && !sv.is_empty() && !en.is_empty());
            assert_ne!(fi, sv, "{l:?}");
        }
    }

    #[test]
    fn explain_row_labels_line_up() {
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            let w = explain_words(lang);
            assert!(
                w.rows.iter().all(|r| r.chars().count() == 9),
                "{:?}",
                w.rows
            );
        }
    }

    #[test]
    fn legend_names_every_rung() {
        let s = rung_legend(Lang::Sv);
        assert!(s.starts_with("R0 saknas · R1 nämnt"), "{s}");
        assert!(s.contains("R8 utvärderat"), "{s}");
    }
}
