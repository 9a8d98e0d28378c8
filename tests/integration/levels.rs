//! Document levels from titles (sector programmes are not the welfare report; budget
//! instructions, interim reports, tasekirja), minutes split into `§` item sections, and the
//! guardrails of the analysis.

use crate::util::{Scratch, lexicon, root, run, skipped, stdout};
use linjaus::classify::{infer_level, title_level};
use linjaus::model::{Level, Unit, UnitKind};
use serde_json::Value;

fn unit(i: usize, text: &str) -> Unit {
    Unit {
        index: i,
        kind: UnitKind::Paragraph,
        page: 1,
        page_label: None,
        heading_path: Vec::new(),
        text: text.into(),
        table_header: None,
        cells: Vec::new(),
    }
}

/// The level of a document with this title, a file name made of it, and an opening that holds
/// the welfare report's own body cues (as sector plans do: they cite Sotkanet and describe
/// the state of wellbeing), checked against the title alone too.
fn placed(title: &str) -> (Option<Level>, Option<Level>) {
    let lex = lexicon();
    let units = [
        unit(0, title),
        unit(
            1,
            "Sotkanet-indikaattorit kuvaavat hyvinvoinnin tila väestöryhmittäin. Tuloslaskelma ja ennuste.",
        ),
    ];
    let refs: Vec<&Unit> = units.iter().collect();
    let file = title.to_lowercase().replace(' ', "-");
    let doc = infer_level(Some(title), &file, &refs, &lex).map(|i| i.level);
    (doc, title_level(title, &lex))
}

fn assert_level(titles: &[&str], want: Level) {
    for t in titles {
        assert_eq!(placed(t), (Some(want), Some(want)), "{t}");
    }
}

#[test]
fn sector_programmes_are_programmes_not_the_welfare_report() {
    assert_level(
        &[
            "Lasten ja nuorten hyvinvointisuunnitelma 2025–2028",
            "Suunnitelma ikääntyneen väestön tukemiseksi 2025–2027",
            "Liikuntaohjelma 2025–2030",
            "Liikuntasuunnitelma 2026",
            "Päihdeohjelma 2024–2027",
            "Ehkäisevän päihdetyön suunnitelma 2025",
            "Kotouttamisohjelma 2025–2028",
            "Yhdenvertaisuussuunnitelma 2025",
            "Tasa-arvosuunnitelma 2025–2027",
            "Tasa-arvo- ja yhdenvertaisuussuunnitelma 2025–2027",
            "Kulttuurihyvinvointisuunnitelma 2025–2028",
            "Kulttuurihyvinvointiohjelma 2025",
        ],
        Level::Programme,
    );
    assert_level(
        &[
            "Välfärdsplan för barn och unga 2025–2028",
            "Barn- och ungdomsplan 2025–2028",
            "Plan för att stödja den äldre befolkningen 2025–2027",
            "Äldreplan 2025–2027",
            "Jämställdhets- och likabehandlingsplan 2025",
            "Integrationsprogram 2025–2028",
            "Motions- och idrottsprogram 2025",
            "Drogpolitiskt program 2025–2028",
        ],
        Level::Programme,
    );
}

#[test]
fn the_municipalitys_own_welfare_report_is_the_hvk() {
    assert_level(
        &[
            "Laaja hyvinvointikertomus 2021–2024",
            "Hyvinvointikertomus ja -suunnitelma 2025–2028",
            "Kunnan hyvinvointisuunnitelma 2026",
            "Välfärdsberättelse 2025",
            "Välfärdsplan 2025–2028",
        ],
        Level::Hvk,
    );
}

#[test]
fn budget_instructions_interim_reports_operating_plans_and_tasekirja() {
    assert_level(
        &[
            "Talousarvioraami ja laatimisohjeet 2026",
            "Raami ja laatimisohjeet vuodelle 2026",
            "Talousarvion 2026 laadintaohje",
            "Talousarvion 2026 laatimisohje hallintokunnille",
            "Ohje hallintokunnille",
            "Talousarvion 2024 täytäntöönpano-ohjeet",
            "Budgetram 2026",
            "Budgetdirektiv 2026",
            "Anvisningar för budget 2026",
        ],
        Level::BudgetInstructions,
    );
    assert_level(
        &[
            "Seurantaraportti 1–8/2025",
            "Talouden toteutumaraportti 1.1.–30.9.2025",
            "Osavuosikatsaus 1.1.–30.6.2025",
            "Delårsrapport januari–juni 2025",
            "Uppföljningsrapport 2/2025",
        ],
        Level::InterimReport,
    );
    assert_level(
        &[
            "Tasekirja 2024",
            "Tilinpäätös 2024",
            "Balansbok 2024",
            "Bokslut 2024",
        ],
        Level::FinancialStatement,
    );
    assert_level(
        &[
            "Sivistyslautakunnan palvelu- ja vuosisuunnitelma 2026",
            "Bildningsnämndens verksamhetsplan 2026",
        ],
        Level::OperatingPlan,
    );
    assert_level(
        &["Talousarvio 2026", "Budget 2026 och ekonomiplan 2027–2028"],
        Level::Budget,
    );
}

fn analyse_json(dir: &str) -> Value {
    let out = run(&["analyse", dir, "--format", "json", "--no-cache"], None);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn theme<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("{id} not traced"))
}

fn doc<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == path)
        .unwrap_or_else(|| panic!("no document {path}"))
}

/// (title's first words, level) of every item section of a document.
fn items(d: &Value) -> Vec<(String, Option<String>)> {
    d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| {
            let title = s["title"].as_str()?;
            Some((
                title
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" "),
                s["level"].as_str().map(String::from),
            ))
        })
        .collect()
}

fn s(n: &str, l: Option<&str>) -> (String, Option<String>) {
    (n.to_string(), l.map(String::from))
}

#[test]
fn minutes_items_are_sections_with_their_own_level_in_finnish_and_swedish() {
    let dir = root().join("tests/fixtures/minutes");
    let v = analyse_json(dir.to_str().unwrap());
    let fi = doc(&v, "sivistyslautakunta-poytakirja-2025-08-19.md");
    assert_eq!(fi["level"], Value::Null);
    assert_eq!(fi["level_source"], "minutes");
    // The list of items and the officials' decision list inside § 45 are not items.
    assert_eq!(
        items(fi),
        [
            s("§ 40", None),
            s("§ 41", Some("budget")),
            s("§ 42", Some("interim-report")),
            s("§ 43", Some("programme")),
            s("§ 44", None),
            s("§ 45", None),
        ]
    );
    let sv = doc(&v, "bildningsnamnden-protokoll-2025-09-10.md");
    assert_eq!(sv["level_source"], "minutes");
    assert_eq!(
        items(sv),
        [
            s("§ 50", None),
            s("§ 51", Some("budget")),
            s("§ 52", Some("interim-report")),
            s("§ 53", Some("programme")),
            s("§ 54", None),
        ]
    );
    // The cover and list of items precede the first item: a section without a level.
    let first = &fi["sections"][0];
    assert_eq!(
        (first["from_unit"].as_u64(), &first["level"]),
        (Some(0), &Value::Null)
    );
    // The levels the items carry are in the chain; the budget item's goal is budget evidence,
    // and the interim item's text is not.
    let present: Vec<&str> = v["levels_present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(present, ["programme", "budget", "interim-report"]);
    let pa = theme(&v, "physical-activity");
    let budget_ev = pa["levels"]["budget"]["evidence"].as_array().unwrap();
    assert!(
        budget_ev.iter().any(|e| e["snippet"]
            .as_str()
            .unwrap()
            .contains("liikunta-aktiivisuus")),
        "{budget_ev:?}"
    );
    assert!(
        pa["levels"]["interim-report"]["evidence"]
            .as_array()
            .is_none_or(|e| e
                .iter()
                .all(|e| !e["snippet"].as_str().unwrap().contains("liikunta"))),
    );
    // Minutes alone cover every level only partly: said, in the JSON.
    let kinds: Vec<&str> = v["guardrails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"level-partly-covered"), "{kinds:?}");
}

#[test]
fn real_minutes_are_split_into_items_with_levels() {
    let dir = root().join("../shared/real-corpus-minutes");
    if !dir.is_dir() {
        skipped("needs ../shared/real-corpus-minutes");
        return;
    }
    let tmp = Scratch::new("real-minutes");
    for f in [
        "lapua-tarkastuslautakunta-2025-04-09-poytakirja.pdf",
        "lapua-hyvinvointilautakunta-2025-08-26-poytakirja.pdf",
        "lapua-kaupunginhallitus-2024-11-21-poytakirja.pdf",
        "lapua-hyvinvointilautakunta-2025-03-13-poytakirja.pdf",
    ] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    let v = analyse_json(tmp.arg());
    let levelled = |path: &str| -> Vec<(String, Option<String>)> {
        let d = doc(&v, path);
        assert_eq!(d["level_source"], "minutes", "{path}");
        items(d).into_iter().filter(|(_, l)| l.is_some()).collect()
    };
    let count = |path: &str| items(doc(&v, path)).len();
    // Audit committee: the financial statement and the evaluation report's preparation.
    let p = "lapua-tarkastuslautakunta-2025-04-09-poytakirja.pdf";
    assert_eq!(count(p), 6, "{:?}", items(doc(&v, p)));
    assert_eq!(
        levelled(p),
        [
            s("§ 26", Some("financial-statement")),
            s("§ 27", Some("evaluation-report"))
        ]
    );
    // Welfare committee: evaluation report, two interim reports, the budget proposal.
    let p = "lapua-hyvinvointilautakunta-2025-08-26-poytakirja.pdf";
    assert_eq!(
        levelled(p),
        [
            s("§ 96", Some("evaluation-report")),
            s("§ 97", Some("interim-report")),
            s("§ 98", Some("interim-report")),
            s("§ 99", Some("budget")),
        ]
    );
    // City board: 22 items (§ 321–342, as its list of items says); the council decisions
    // quoted inside § 338 (§ 74–80) are not items.
    let p = "lapua-kaupunginhallitus-2024-11-21-poytakirja.pdf";
    let all = items(doc(&v, p));
    assert_eq!(all.len(), 22, "{all:?}");
    assert!(all.iter().all(|(n, _)| n.as_str() >= "§ 321"), "{all:?}");
    assert_eq!(
        levelled(p),
        [
            s("§ 324", Some("budget")),
            s("§ 329", Some("interim-report"))
        ]
    );
    // The welfare report presented to the committee is an HVK item; it does not make the
    // minutes a second welfare report.
    let p = "lapua-hyvinvointilautakunta-2025-03-13-poytakirja.pdf";
    assert_eq!(levelled(p)[0], s("§ 26", Some("hvk")));
    assert!(
        v["guardrails"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["kind"] != "two-welfare-reports")
    );
}

#[test]
fn guardrails_are_said_in_the_terminal_and_the_json() {
    let s = Scratch::new("guardrails");
    s.write(
        "hyvinvointikertomus-2024.md",
        "# Laaja hyvinvointikertomus 2024\n\nLasten liikunta lisääntyy.\n",
    );
    s.write(
        "hyvinvointikertomus-2025.md",
        "# Hyvinvointikertomus 2025\n\nLasten liikunta lisääntyy.\n",
    );
    s.write(
        "sivistyslautakunnan-kayttosuunnitelma-2025.md",
        "# Sivistyslautakunnan käyttösuunnitelma 2025\n\nLiikuntatunteja lisätään.\n",
    );
    // No title or file-name cue: body cues alone place it.
    s.write(
        "muistio.md",
        "# Muistio\n\nTuloslaskelma ja rahoituslaskelma esitetään liitetiedot mukaan lukien.\n",
    );
    let v = analyse_json(s.arg());
    let kinds: Vec<(String, Vec<String>)> = v["guardrails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["kind"].as_str().unwrap().to_string(),
                g["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let has = |k: &str, d: &str| {
        kinds
            .iter()
            .any(|(kk, ds)| kk == k && ds.iter().any(|x| x == d))
    };
    assert!(
        has("two-welfare-reports", "hyvinvointikertomus-2025.md"),
        "{kinds:?}"
    );
    assert!(
        has("years-mixed", "hyvinvointikertomus-2024.md"),
        "{kinds:?}"
    );
    assert!(has("level-weak", "muistio.md"), "{kinds:?}");
    assert!(
        has(
            "level-partly-covered",
            "sivistyslautakunnan-kayttosuunnitelma-2025.md"
        ),
        "{kinds:?}"
    );
    // One committee's plan is partial; the welfare reports are not.
    assert!(!kinds.iter().any(|(k, d)| k == "level-partly-covered"
        && d.iter().any(|x| x.starts_with("hyvinvointikertomus"))));
    for (lang, heading, word) in [
        ("fi", "Huomioitavaa:", "vain osin"),
        ("sv", "Att beakta:", "bara delvis"),
        ("en", "Before you rely on this:", "only partly"),
    ] {
        let out = run(&["analyse", s.arg(), "--lang", lang, "--no-cache"], None);
        let text = stdout(&out);
        assert!(
            text.contains(heading) && text.contains(word),
            "{lang}: {text}"
        );
    }
}

#[test]
fn level_examples_of_the_lexicon_hold_and_a_wrong_one_is_reported() {
    let lex = lexicon();
    let failures = linjaus::classify::example_failures(&lex);
    assert!(failures.is_empty(), "{failures:#?}");
    // An example placed under the wrong level is reported with its file and line.
    let mut wrong = lex.clone();
    let hvk = wrong
        .levels
        .iter_mut()
        .find(|l| l.level == Level::Hvk)
        .unwrap();
    hvk.examples
        .push((7, "Lasten ja nuorten hyvinvointisuunnitelma 2025".into()));
    wrong
        .minutes
        .examples
        .push((9, "§ 3 Talousarvio 2026".into()));
    let failures = linjaus::classify::example_failures(&wrong);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures[0].starts_with("levels.toml:7: level `hvk`: example gets programme"),
        "{failures:#?}"
    );
    assert!(failures[1].contains("gets budget"), "{failures:#?}");
}

#[test]
fn a_minutes_item_counts_for_the_year_its_title_names() {
    // Minutes of 2025 treat the budget for 2026, minutes of 2024 the budget for 2025: the
    // budget level's years are the budgets' years, not the meetings'.
    let fi = std::fs::read_to_string(
        root().join("tests/fixtures/minutes/sivistyslautakunta-poytakirja-2025-08-19.md"),
    )
    .unwrap();
    let s = Scratch::new("minutes-years");
    s.write("sivistyslautakunta-poytakirja-2025-08-19.md", &fi);
    let older = fi.replace("7/2025", "7/2024").replace(
        "Talousarvio 2026 ja taloussuunnitelma 2027–2028",
        "Talousarvio 2025 ja taloussuunnitelma 2026–2027 LAPDno-2023-17",
    );
    assert_ne!(older, fi);
    s.write("sivistyslautakunta-poytakirja-2024-08-20.md", &older);
    let v = analyse_json(s.arg());
    let pa = theme(&v, "physical-activity");
    let years: Vec<&String> = pa["level_years"]["budget"]
        .as_object()
        .unwrap_or_else(|| panic!("{pa}"))
        .keys()
        .collect();
    assert_eq!(years, ["2025", "2026"]);
}
