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

/// Short column header of a level in `lang` (the abbreviations municipal documents use).
pub fn level_short(level: Level, lang: Lang) -> &'static str {
    use Level::*;
    match level {
        Hvk => t(lang, "HVK", "VFB", "WR"),
        Strategy => "STRAT",
        Programme => t(lang, "OHJ", "PROG", "PROG"),
        BudgetInstructions => t(lang, "OHJE", "DIR", "INSTR"),
        Budget => t(lang, "TA", "BU", "BUD"),
        OperatingPlan => t(lang, "KS", "DP", "OP"),
        InterimReport => t(lang, "OVK", "DÅR", "IR"),
        FinancialStatement => t(lang, "TP", "BS", "FS"),
        AnnualReport => t(lang, "TK", "VB", "AR"),
        EvaluationReport => t(lang, "AK", "UB", "ER"),
    }
}

/// The key to the column codes of `levels`: `TA Talousarvio · KS Käyttösuunnitelma`.
pub fn level_codes(levels: &[Level], lang: Lang) -> String {
    let codes: Vec<String> = levels
        .iter()
        .map(|l| format!("{} {}", level_short(*l, lang), level_label(*l, lang)))
        .collect();
    codes.join(" · ")
}

/// `x` with `places` decimals and the decimal separator of `lang` (a comma in Finnish and
/// Swedish).
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let s = format!("{x:.places$}");
    match lang {
        Lang::En => s,
        Lang::Fi | Lang::Sv => s.replace('.', ","),
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
        "Kedjetäckning (≥R4 i budgeten / ≥R2 i välfärdsberättelsen)",
        "Chain coverage (≥R4 in the budget / ≥R2 in the welfare report)",
    )
}

/// How the report-back figure is defined.
pub fn report_back_definition(lang: Lang) -> &'static str {
    t(
        lang,
        "Raportointiaste (≥R7 TP/TK / ≥R5 talousarviossa)",
        "Återrapportering (≥R7 i BS/VB / ≥R5 i budgeten)",
        "Report-back (≥R7 in FS/AR / ≥R5 in the budget)",
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
    /// Before the document and page of a drop-off's best evidence.
    pub best_evidence: &'static str,
    /// Before the documents searched when nothing was found.
    pub searched: &'static str,
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
            best_evidence: "paras näyttö",
            searched: "haettu",
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
            best_evidence: "bästa belägg",
            searched: "sökt i",
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
            best_evidence: "best evidence",
            searched: "searched",
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
        Rule::ProceduralContext => t(
            lang,
            "hankinta-, sopimus-, vakuutus-, kiinteistö- tai katuyhteydessä",
            "i upphandlings-, avtals-, försäkrings-, fastighets- eller gatusammanhang",
            "in procurement, contract, insurance, property or street wording",
        ),
        Rule::OrganPhrase => t(
            lang,
            "toimielimen nimessä (seuraava sana on toimielin tai tehtävä)",
            "i namnet på ett organ (nästa ord är ett organ eller en befattning)",
            "names a body (the next word is a body or role)",
        ),
        Rule::ContextCue => t(
            lang,
            "toimielimen nimi lasketaan vain toisena vihjeenä",
            "ett organs namn räknas bara som andra ledtråd",
            "a body's name counts only as a second cue",
        ),
        Rule::SuffixCue => t(
            lang,
            "sanan pääte vihjeenä (-ttiin)",
            "ordets ändelse som ledtråd (-ades)",
            "a word ending as a cue (-ttiin)",
        ),
        Rule::TargetNeedsGoal => t(
            lang,
            "tavoitetaso vaatii tavoitteen samassa virkkeessä tai otsikossa",
            "målnivå kräver ett mål i samma mening eller rubrik",
            "a target level needs a goal in its sentence or heading",
        ),
        Rule::Learned => t(
            lang,
            "opittu malli arvioi maininnan epäolennaiseksi",
            "den inlärda modellen bedömde omnämnandet som oväsentligt",
            "the learned model judged the mention not substantive",
        ),
        Rule::PersonnelContext => t(
            lang,
            "kunnan oma henkilöstö (viran täyttö, tehtävänkuva, lomat)",
            "kommunens egen personal (tillsättning, befattningsbeskrivning, semester)",
            "the municipality's own personnel (post filling, job description, holidays)",
        ),
        Rule::FinanceRow => t(
            lang,
            "talousrivi tai -luettelo: teemasana nimeää kustannuspaikan",
            "ekonomirad eller -lista: temaordet namnger ett kostnadsställe",
            "a finance row or list: the theme word names a cost centre",
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
    /// The learned model's verdicts: kept, dropped.
    pub verdict: [&'static str; 2],
    /// Row labels: text, tokens, theme, dropped, model, facet, rung (padded to one width).
    pub rows: [&'static str; 7],
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
            verdict: ["pidetty", "hylätty"],
            rows: [
                "teksti:  ",
                "sanat:   ",
                "teema:   ",
                "hylätty: ",
                "malli:   ",
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
            verdict: ["behållet", "bortfallet"],
            rows: [
                "text:    ",
                "ord:     ",
                "tema:    ",
                "bortfall:",
                "modell:  ",
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
            verdict: ["kept", "dropped"],
            rows: [
                "text:    ",
                "tokens:  ",
                "theme:   ",
                "dropped: ",
                "model:   ",
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

/// A level cue of the classifier (`title: ~ohjelma`, `file name: …`, `body: …`, `title: head
/// word`; English in the JSON) in the reader's language.
pub fn level_cue(cue: &str, lang: Lang) -> String {
    if cue == "title: head word" {
        return t(
            lang,
            "otsikko: pääsana",
            "rubrik: huvudord",
            "title: head word",
        )
        .to_string();
    }
    for (prefix, fi, sv) in [
        ("title: ", "otsikko: ", "rubrik: "),
        ("file name: ", "tiedostonimi: ", "filnamn: "),
        ("body: ", "teksti: ", "text: "),
    ] {
        if let Some(rest) = cue.strip_prefix(prefix) {
            let word = match lang {
                Lang::En => prefix,
                Lang::Fi => fi,
                Lang::Sv => sv,
            };
            return format!("{word}{rest}");
        }
    }
    cue.to_string()
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

/// The fixed words of the reports people hand on (`--format html|markdown|csv|xlsx`).
pub struct ReportWords {
    pub summary: &'static str,
    pub documents: &'static str,
    pub document: &'static str,
    pub title: &'static str,
    pub level: &'static str,
    pub level_source: &'static str,
    pub manifest: &'static str,
    pub inferred: &'static str,
    pub unknown: &'static str,
    pub year: &'static str,
    pub pages: &'static str,
    pub page: &'static str,
    pub serious_dropoffs: &'static str,
    pub no_dropoffs: &'static str,
    pub heatmap: &'static str,
    pub heatmap_note: &'static str,
    pub not_judged: &'static str,
    pub funnel: &'static str,
    pub funnel_note: &'static str,
    pub themes: &'static str,
    pub goals: &'static str,
    /// The start of the funnel when there is no welfare report.
    pub traced: &'static str,
    pub goal_traces: &'static str,
    pub no_goals: &'static str,
    pub source: &'static str,
    pub status: &'static str,
    pub matched_unit: &'static str,
    pub covered: &'static str,
    pub shallow: &'static str,
    pub uncovered: &'static str,
    pub evidence: &'static str,
    pub evidence_note: &'static str,
    pub units: &'static str,
    pub more_in_json: &'static str,
    pub no_evidence: &'static str,
    pub expected: &'static str,
    pub figures: &'static str,
    pub generated_by: &'static str,
    /// Sheet names (at most 31 characters) of cells, drop-offs, goal traces, evidence.
    pub sheets: [&'static str; 4],
}

pub fn report_words(lang: Lang) -> ReportWords {
    match lang {
        Lang::Fi => ReportWords {
            summary: "Yhteenveto",
            documents: "Asiakirjat",
            document: "Asiakirja",
            title: "Otsikko",
            level: "Taso",
            level_source: "Tason lähde",
            manifest: "manifesti",
            inferred: "päätelty",
            unknown: "tuntematon",
            year: "Vuosi",
            pages: "Sivuja",
            page: "Sivu",
            serious_dropoffs: "Vakavimmat katkeamiskohdat",
            no_dropoffs: "Yksikään seurattu teema ei katkea.",
            heatmap: "Teemat tasoittain",
            heatmap_note: "Solussa teeman korkein porras tasolla (R0–R8), sarakkeen otsikossa tason odotettu porras (R5). ! ja oranssi kehys = katkeamiskohta. Solusta pääsee sen näyttöön.",
            not_judged: "ei arvioida teemoittain",
            funnel: "Kuinka moni yltää kullekin tasolle",
            funnel_note: "Teemat ja hyvinvointikertomuksen tavoitteet, jotka eivät ole katkenneet tasolle mennessä.",
            themes: "Teemat",
            goals: "Tavoitteet",
            traced: "Seurattavat",
            goal_traces: "Hyvinvointikertomuksen tavoitteet tasoittain",
            no_goals: "Hyvinvointikertomuksesta ei löytynyt tavoitteita.",
            source: "Lähde",
            status: "Tila",
            matched_unit: "Vastaava kohta",
            covered: "katettu",
            shallow: "liian ohuesti",
            uncovered: "ei löydy",
            evidence: "Näyttö",
            evidence_note: "Jokainen solu avautuu tekstikohtiin, joista se on laskettu (parhaat ensin).",
            units: "kohtaa",
            more_in_json: "lisää JSON-raportissa",
            no_evidence: "ei mainintoja",
            expected: "odotettu",
            figures: "Tunnusluvut",
            generated_by: "Tehty ohjelmalla",
            sheets: ["Solut", "Katkeamiskohdat", "Tavoitteet", "Näyttö"],
        },
        Lang::Sv => ReportWords {
            summary: "Sammanfattning",
            documents: "Dokument",
            document: "Dokument",
            title: "Titel",
            level: "Nivå",
            level_source: "Nivåns källa",
            manifest: "manifest",
            inferred: "härlett",
            unknown: "okänd",
            year: "År",
            pages: "Sidor",
            page: "Sida",
            serious_dropoffs: "De allvarligaste avbrotten",
            no_dropoffs: "Inget av de följda temana faller bort.",
            heatmap: "Teman per nivå",
            heatmap_note: "Cellen visar temats högsta steg på nivån (R0–R8), i kolumnens rubrik nivåns förväntade steg (R5). ! och orange ram = där temat faller bort. Cellen leder till beläggen.",
            not_judged: "bedöms inte per tema",
            funnel: "Hur många som når varje nivå",
            funnel_note: "Teman och välfärdsberättelsens mål som inte har fallit bort före nivån.",
            themes: "Teman",
            goals: "Mål",
            traced: "Följda",
            goal_traces: "Välfärdsberättelsens mål per nivå",
            no_goals: "Inga mål hittades i välfärdsberättelsen.",
            source: "Källa",
            status: "Status",
            matched_unit: "Motsvarande ställe",
            covered: "täckt",
            shallow: "för tunt",
            uncovered: "saknas",
            evidence: "Belägg",
            evidence_note: "Varje cell öppnas till de textställen den räknats från (de bästa först).",
            units: "ställen",
            more_in_json: "fler i JSON-rapporten",
            no_evidence: "inga omnämnanden",
            expected: "förväntat",
            figures: "Nyckeltal",
            generated_by: "Gjord med",
            sheets: ["Celler", "Avbrott", "Mål", "Belägg"],
        },
        Lang::En => ReportWords {
            summary: "Summary",
            documents: "Documents",
            document: "Document",
            title: "Title",
            level: "Level",
            level_source: "Level from",
            manifest: "manifest",
            inferred: "inferred",
            unknown: "unknown",
            year: "Year",
            pages: "Pages",
            page: "Page",
            serious_dropoffs: "Most serious drop-offs",
            no_dropoffs: "No traced theme drops off.",
            heatmap: "Themes by level",
            heatmap_note: "Each cell holds the theme's highest rung at the level (R0–R8); under the column head, the level’s expected rung (R5). ! and an orange frame = drop-off point. A cell links to its evidence.",
            not_judged: "not judged theme by theme",
            funnel: "How many reach each level",
            funnel_note: "Themes and welfare-report goals that have not dropped off by the level.",
            themes: "Themes",
            goals: "Goals",
            traced: "Traced",
            goal_traces: "Welfare-report goals level by level",
            no_goals: "No goals were found in the welfare report.",
            source: "Source",
            status: "Status",
            matched_unit: "Matched unit",
            covered: "covered",
            shallow: "shallow",
            uncovered: "not found",
            evidence: "Evidence",
            evidence_note: "Every cell opens to the units of text it was computed from (best first).",
            units: "units",
            more_in_json: "more in the JSON report",
            no_evidence: "no mentions",
            expected: "expected",
            figures: "Figures",
            generated_by: "Made with",
            sheets: ["Cells", "Drop-offs", "Goal traces", "Evidence"],
        },
    }
}

/// Column headers of the tables of `--format csv|xlsx`: cells, drop-offs, goal traces,
/// evidence (ids stay English in the `*_id` columns so that scripts can rely on them).
pub fn table_headers(lang: Lang) -> [&'static [&'static str]; 4] {
    match lang {
        Lang::Fi => [
            &[
                "teema_id",
                "teema",
                "taso_id",
                "taso",
                "porras",
                "odotettu porras",
                "pisteet",
                "syvyys",
                "laajuus",
                "osumia",
                "kohtia",
                "tavoitekohtia",
                "sanoja",
                "osumia / 10 000 sanaa",
                "piirteet",
                "katkeamiskohta",
            ],
            &[
                "teema_id",
                "teema",
                "taso_id",
                "taso",
                "porras",
                "odotettu porras",
                "puuttuvat piirteet",
                "selitys",
            ],
            &[
                "tavoite_id",
                "tavoite",
                "lähde",
                "lähteen sivu",
                "taso_id",
                "taso",
                "tila_id",
                "tila",
                "odotettu porras",
                "asiakirja",
                "sivu",
                "painettu sivu",
                "kohta",
                "porras",
                "ote",
            ],
            &[
                "teema_id",
                "teema",
                "taso_id",
                "taso",
                "asiakirja",
                "sivu",
                "painettu sivu",
                "kohta",
                "laji",
                "otsikkopolku",
                "porras",
                "piirteet",
                "osuneet sanat",
                "ote",
            ],
        ],
        Lang::Sv => [
            &[
                "tema_id",
                "tema",
                "nivå_id",
                "nivå",
                "steg",
                "förväntat steg",
                "poäng",
                "djup",
                "bredd",
                "träffar",
                "ställen",
                "målställen",
                "ord",
                "träffar / 10 000 ord",
                "aspekter",
                "faller bort",
            ],
            &[
                "tema_id",
                "tema",
                "nivå_id",
                "nivå",
                "steg",
                "förväntat steg",
                "saknade aspekter",
                "förklaring",
            ],
            &[
                "mål_id",
                "mål",
                "källa",
                "källans sida",
                "nivå_id",
                "nivå",
                "status_id",
                "status",
                "förväntat steg",
                "dokument",
                "sida",
                "tryckt sida",
                "ställe",
                "steg",
                "utdrag",
            ],
            &[
                "tema_id",
                "tema",
                "nivå_id",
                "nivå",
                "dokument",
                "sida",
                "tryckt sida",
                "ställe",
                "typ",
                "rubrikstig",
                "steg",
                "aspekter",
                "träffade ord",
                "utdrag",
            ],
        ],
        Lang::En => [
            &[
                "theme_id",
                "theme",
                "level_id",
                "level",
                "rung",
                "expected rung",
                "score",
                "depth",
                "breadth",
                "hits",
                "units",
                "goal units",
                "words",
                "hits per 10,000 words",
                "facets",
                "drop-off",
            ],
            &[
                "theme_id",
                "theme",
                "level_id",
                "level",
                "rung",
                "expected rung",
                "missing facets",
                "reason",
            ],
            &[
                "goal_id",
                "goal",
                "source",
                "source page",
                "level_id",
                "level",
                "status_id",
                "status",
                "expected rung",
                "document",
                "page",
                "printed page",
                "unit",
                "rung",
                "snippet",
            ],
            &[
                "theme_id",
                "theme",
                "level_id",
                "level",
                "document",
                "page",
                "printed page",
                "unit",
                "kind",
                "heading path",
                "rung",
                "facets",
                "matched words",
                "snippet",
            ],
        ],
    }
}

/// The fixed words of `linjaus check`.
pub struct CheckWords {
    pub error: &'static str,
    pub warning: &'static str,
    pub skipped: &'static str,
    pub found: &'static str,
    pub required: &'static str,
    pub nothing_found: &'static str,
    pub searched: &'static str,
    pub no_documents: &'static str,
    pub shallow: &'static str,
    pub uncovered: &'static str,
    pub covered: &'static str,
    pub reported: &'static str,
    pub not_reported: &'static str,
    pub reported_back: &'static str,
    pub no_dropoff: &'static str,
    pub drops_off_before: &'static str,
    pub all_hold: &'static str,
    pub stale: &'static str,
    pub draft: &'static str,
    pub replaces: &'static str,
    /// A known failure, as a skipped JUnit case says it.
    pub known_in_baseline: &'static str,
}

pub fn check_words(lang: Lang) -> CheckWords {
    match lang {
        Lang::Fi => CheckWords {
            error: "virhe",
            warning: "varoitus",
            skipped: "ohitettu",
            found: "löytyi",
            required: "vaaditaan",
            nothing_found: "ei löytynyt",
            searched: "haettu",
            no_documents: "ei asiakirjoja",
            shallow: "liian ohuesti",
            uncovered: "puuttuu",
            covered: "katettu",
            reported: "raportoitu",
            not_reported: "ei raportoitu takaisin",
            reported_back: "raportoitava tilinpäätöksessä tai toimintakertomuksessa",
            no_dropoff: "ei katkea",
            drops_off_before: "ei katkeamista ennen tasoa",
            all_hold: "Kaikki säännöt täyttyvät",
            stale: "Perustason merkinnät, jotka eivät enää epäonnistu",
            draft: "Luonnos",
            replaces: "korvaa",
            known_in_baseline: "tunnettu puute (perustaso)",
        },
        Lang::Sv => CheckWords {
            error: "fel",
            warning: "varning",
            skipped: "överhoppat",
            found: "hittat",
            required: "krävs",
            nothing_found: "inget hittat",
            searched: "sökt i",
            no_documents: "inga dokument",
            shallow: "för tunt",
            uncovered: "saknas",
            covered: "täckt",
            reported: "rapporterat",
            not_reported: "inte återrapporterat",
            reported_back: "ska rapporteras i bokslutet eller verksamhetsberättelsen",
            no_dropoff: "faller inte bort",
            drops_off_before: "inget bortfall före nivån",
            all_hold: "Alla regler uppfylls",
            stale: "Poster i baslinjen som inte längre fallerar",
            draft: "Utkast",
            replaces: "ersätter",
            known_in_baseline: "känd brist (baslinjen)",
        },
        Lang::En => CheckWords {
            error: "error",
            warning: "warning",
            skipped: "skipped",
            found: "found",
            required: "required",
            nothing_found: "nothing found",
            searched: "searched",
            no_documents: "no documents",
            shallow: "shallow",
            uncovered: "uncovered",
            covered: "covered",
            reported: "reported",
            not_reported: "not reported back",
            reported_back: "reported back in the financial statement or annual report",
            no_dropoff: "no drop-off",
            drops_off_before: "no drop-off before",
            all_hold: "All rules hold",
            stale: "Baseline entries that no longer fail",
            draft: "Draft",
            replaces: "replaces",
            known_in_baseline: "known failure (baseline)",
        },
    }
}

/// The counts line of `linjaus check`: errors, warnings, passed, skipped and (with a baseline)
/// known failures, singular where the count is one.
pub fn check_counts(
    lang: Lang,
    errors: usize,
    warnings: usize,
    passed: usize,
    skipped: usize,
    known: Option<usize>,
) -> String {
    let pick = |n: usize, one: [&'static str; 3], many: [&'static str; 3]| {
        let [fi, sv, en] = if n == 1 { one } else { many };
        format!("{n} {}", t(lang, fi, sv, en))
    };
    let mut parts = vec![
        pick(
            errors,
            ["virhe", "fel", "error"],
            ["virhettä", "fel", "errors"],
        ),
        pick(
            warnings,
            ["varoitus", "varning", "warning"],
            ["varoitusta", "varningar", "warnings"],
        ),
        pick(
            passed,
            ["läpi", "godkänd", "passed"],
            ["läpi", "godkända", "passed"],
        ),
        pick(
            skipped,
            ["ohitettu", "överhoppad", "skipped"],
            ["ohitettu", "överhoppade", "skipped"],
        ),
    ];
    if let Some(k) = known {
        parts.push(pick(
            k,
            [
                "tunnettu (perustaso)",
                "känd (baslinjen)",
                "known (baseline)",
            ],
            [
                "tunnettua (perustaso)",
                "kända (baslinjen)",
                "known (baseline)",
            ],
        ));
    }
    parts.join(", ")
}

/// Why a case of `linjaus check` was skipped.
pub fn check_skip(skip: crate::check::Skip, lang: Lang) -> &'static str {
    use crate::check::Skip::*;
    match skip {
        LevelAbsent => t(
            lang,
            "aineistossa ei ole tämän tason asiakirjaa",
            "materialet saknar dokument på denna nivå",
            "no document of this level in the corpus",
        ),
        NoHvkGoals => t(
            lang,
            "hyvinvointikertomuksesta ei löytynyt tavoitteita",
            "inga mål hittades i välfärdsberättelsen",
            "no goals found in the welfare report",
        ),
        NotTraced => t(
            lang,
            "teemaa ei seurata: hyvinvointikertomus ei aseta sille tavoitetta",
            "temat följs inte: välfärdsberättelsen sätter inget mål för det",
            "theme not traced: the welfare report sets it no goal",
        ),
        NoReport => t(
            lang,
            "aineistossa ei ole tilinpäätöstä eikä toimintakertomusta",
            "materialet saknar bokslut och verksamhetsberättelse",
            "no financial statement or annual report in the corpus",
        ),
        NoBindingGoals => t(
            lang,
            "talousarviossa ei ole sitovia tavoitteita, joiden vuoden raportti olisi aineistossa",
            "budgeten har inga bindande mål vars årsrapport finns i materialet",
            "the budget has no binding goal whose year's report is in the corpus",
        ),
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
/// Words of `linjaus explain --goal`: why an HVK goal was or was not paired with a unit.
pub struct GoalExplainWords {
    pub goal: &'static str,
    pub own_themes: &'static str,
    pub accepted: &'static str,
    pub rejected: &'static str,
    pub score: &'static str,
    pub distinctive: &'static str,
    pub shared: &'static str,
    pub goal_unit: &'static str,
    pub nothing: &'static str,
    pub unknown_goal: &'static str,
}

pub fn goal_explain_words(lang: Lang) -> GoalExplainWords {
    match lang {
        Lang::Fi => GoalExplainWords {
            goal: "tavoite",
            own_themes: "omat teemat",
            accepted: "hyväksytty",
            rejected: "hylätty",
            score: "pisteet",
            distinctive: "erottavat sanat",
            shared: "yhteiset sanat",
            goal_unit: "tavoiteyksikkö",
            nothing: "mikään yksikkö ei jaa tavoitteen sanoja",
            unknown_goal: "hyvinvointikertomuksessa ei ole tavoitetta",
        },
        Lang::Sv => GoalExplainWords {
            goal: "mål",
            own_themes: "egna teman",
            accepted: "godtagen",
            rejected: "avvisad",
            score: "poäng",
            distinctive: "särskiljande ord",
            shared: "gemensamma ord",
            goal_unit: "målenhet",
            nothing: "ingen enhet delar målets ord",
            unknown_goal: "välfärdsberättelsen har inget mål",
        },
        Lang::En => GoalExplainWords {
            goal: "goal",
            own_themes: "own themes",
            accepted: "accepted",
            rejected: "rejected",
            score: "score",
            distinctive: "distinctive words",
            shared: "shared words",
            goal_unit: "goal unit",
            nothing: "no unit shares the goal's words",
            unknown_goal: "the welfare report has no goal",
        },
    }
}

/// Why a goal pairing was rejected, or a matched goal is only shallow (ids of
/// `goals::Rejection` and `goals::Shortfall`).
pub fn pairing_reason(id: &str, lang: Lang) -> &'static str {
    match (id, lang) {
        ("other-theme", Lang::Fi) => "ei käsittele tavoitteen omaa teemaa",
        ("other-theme", Lang::Sv) => "handlar inte om målets eget tema",
        ("other-theme", _) => "not about the goal's own theme",
        ("only-generic-words", Lang::Fi) => "vain yleisiä sanoja yhteisiä",
        ("only-generic-words", Lang::Sv) => "bara allmänna ord gemensamma",
        ("only-generic-words", _) => "shares only generic words",
        ("weak-score", Lang::Fi) => "yhteiset sanat painavat liian vähän",
        ("weak-score", Lang::Sv) => "de gemensamma orden väger för lite",
        ("weak-score", _) => "the shared words weigh too little",
        ("vision", Lang::Fi) => "visio, ei tavoite",
        ("vision", Lang::Sv) => "en vision, inte ett mål",
        ("vision", _) => "a vision, not a goal",
        ("list-of-hvk-goals", Lang::Fi) => "vain hyvinvointikertomuksen tavoitteiden luettelossa",
        ("list-of-hvk-goals", Lang::Sv) => "bara i en lista över välfärdsberättelsens mål",
        ("list-of-hvk-goals", _) => "only in a list of the welfare report's goals",
        ("below-expected-rung", Lang::Fi) => "tasolta odotettua porrasta matalampi",
        ("below-expected-rung", Lang::Sv) => "under nivåns förväntade steg",
        ("below-expected-rung", _) => "below the level's expected rung",
        _ => "",
    }
}

pub fn status_word(s: crate::goals::Status, lang: Lang) -> &'static str {
    use crate::goals::Status::*;
    match s {
        Covered => t(lang, "katettu", "täckt", "covered"),
        Shallow => t(lang, "ohut", "tunt", "shallow"),
        Uncovered => t(lang, "ei löydy", "saknas", "not found"),
    }
}

/// The level line of a minutes document (`explain`): it has no level of its own.
pub fn minutes_label(lang: Lang) -> &'static str {
    t(
        lang,
        "pöytäkirja: §-asioilla omat tasonsa",
        "protokoll: §-ärendena har egna nivåer",
        "minutes: each § item has its own level",
    )
}

/// The heading of the guardrails in the terminal report.
pub fn guardrails_heading(lang: Lang) -> &'static str {
    t(
        lang,
        "Huomioitavaa",
        "Att beakta",
        "Before you rely on this",
    )
}

/// One guardrail in words. Document names are the caller's to escape.
pub fn guardrail_message(g: &crate::guardrails::Guardrail, lang: Lang) -> String {
    use crate::guardrails::Guardrail::*;
    // At most three documents by name, then how many more.
    let list = |d: &[String]| {
        let mut s = d.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
        if d.len() > 3 {
            let _ = write!(s, " +{}", d.len() - 3);
        }
        s
    };
    match g {
        TwoWelfareReports { docs } => format!(
            "{}: {}",
            t(
                lang,
                "useampi asiakirja on hyvinvointikertomuksen tasolla; tarkista, mikä on kunnan hyvinvointikertomus",
                "flera dokument står på välfärdsberättelsens nivå; kontrollera vilken som är kommunens välfärdsberättelse",
                "more than one document is at the welfare-report level; check which one is the municipality's welfare report",
            ),
            list(docs)
        ),
        LevelTie { doc, level, other } => format!(
            "{doc}: {} {} / {} {}",
            t(
                lang,
                "tason päättely tasapeli:",
                "nivån är oavgjord:",
                "level inference is a tie:",
            ),
            level_label(*level, lang),
            level_label(*other, lang),
            t(
                lang,
                "(anna taso manifestissa)",
                "(ange nivån i manifestet)",
                "(set the level in the manifest)",
            ),
        ),
        LevelWeak {
            doc,
            level,
            confidence,
        } => format!(
            "{doc}: {} {} ({} {}) {}",
            t(
                lang,
                "taso päätelty heikoin perustein:",
                "nivån är svagt härledd:",
                "level inferred on weak cues:",
            ),
            level_label(*level, lang),
            t(lang, "varmuus", "säkerhet", "confidence"),
            decimal(*confidence, 2, lang),
            t(
                lang,
                "(otsikko tai tiedostonimi ei nimeä tasoa, tai ero seuraavaan on pieni)",
                "(titeln eller filnamnet nämner inte nivån, eller skillnaden till nästa är liten)",
                "(neither title nor file name names it, or the runner-up is close)",
            ),
        ),
        YearsMixed { level, years, docs } => format!(
            "{}: {} {} ({})",
            level_label(*level, lang),
            t(
                lang,
                "asiakirjat ovat eri vuosilta, ja tason solu yhdistää ne:",
                "dokumenten är från olika år, och nivåns cell slår ihop dem:",
                "documents of different years, pooled in the level's cell:",
            ),
            years
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            list(docs)
        ),
        PartlyCovered { level, docs } => format!(
            "{}: {} ({})",
            level_label(*level, lang),
            t(
                lang,
                "taso on vain osin mukana (pöytäkirjan §-asioita tai yhden toimielimen asiakirjoja); teeman puuttuminen ei osoita, että se puuttuu kaikista tason asiakirjoista",
                "nivån är bara delvis med (§-ärenden i protokoll eller ett organs dokument); att ett tema saknas visar inte att det saknas i alla nivåns dokument",
                "the level is only partly covered (§ items of minutes or one body's documents); a theme absent here is not shown absent from all of the level's documents",
            ),
            list(docs)
        ),
    }
}

/// Column headers of `compare --format csv|markdown` (one row per municipality × theme); the
/// rung columns are `{rung}: {level}`, one per level present.
pub struct CompareTableWords {
    pub municipality: &'static str,
    pub theme_id: &'static str,
    pub theme: &'static str,
    pub rung: &'static str,
    pub dropoff_id: &'static str,
    pub dropoff: &'static str,
    pub reason: &'static str,
    pub reach: &'static str,
    pub mean_rung: &'static str,
    pub rank: &'static str,
}

pub fn compare_table_words(lang: Lang) -> CompareTableWords {
    match lang {
        Lang::Fi => CompareTableWords {
            municipality: "kunta",
            theme_id: "teema_id",
            theme: "teema",
            rung: "porras",
            dropoff_id: "katkeamiskohta_id",
            dropoff: "katkeamiskohta",
            reason: "selitys",
            reach: "ulottuvuus",
            mean_rung: "keskiporras",
            rank: "sija",
        },
        Lang::Sv => CompareTableWords {
            municipality: "kommun",
            theme_id: "tema_id",
            theme: "tema",
            rung: "steg",
            dropoff_id: "faller bort_id",
            dropoff: "faller bort",
            reason: "förklaring",
            reach: "räckvidd",
            mean_rung: "medelsteg",
            rank: "rang",
        },
        Lang::En => CompareTableWords {
            municipality: "municipality",
            theme_id: "theme_id",
            theme: "theme",
            rung: "rung",
            dropoff_id: "drop-off_id",
            dropoff: "drop-off",
            reason: "explanation",
            reach: "reach",
            mean_rung: "mean rung",
            rank: "rank",
        },
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
    fn level_codes_are_distinct_in_each_language() {
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            let mut codes: Vec<_> = Level::ALL.iter().map(|l| level_short(*l, lang)).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), Level::ALL.len(), "{lang:?}");
            assert!(codes.iter().all(|c| c.chars().count() <= 5), "{codes:?}");
        }
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(0.625, 2, Lang::Fi), "0,62");
        assert_eq!(decimal(0.6, 2, Lang::Sv), "0,60");
        assert_eq!(decimal(0.6, 2, Lang::En), "0.60");
    }

    #[test]
    fn legend_names_every_rung() {
        let s = rung_legend(Lang::Sv);
        assert!(s.starts_with("R0 saknas · R1 nämnt"), "{s}");
        assert!(s.contains("R8 utvärderat"), "{s}");
    }
}
