//! Goal units and goal-level tracing: the goal structures of the fixture
//! `tests/fixtures/goals/` (goal cards, numbered goals, labelled blocks, goal tables, Swedish
//! ones) parsed into goal units, the examples of `lexicons/goals.toml`, and every HVK goal's
//! status at every level of the sample.

use crate::util::{lexicon, root, run, sample, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The goal units of `linjaus analyse tests/fixtures/goals --format json --no-cache`, run once
/// for all the tests that read them (nothing is written into the checkout).
fn fixture_units() -> &'static [Value] {
    static V: OnceLock<Vec<Value>> = OnceLock::new();
    V.get_or_init(|| {
        let dir = root().join("tests/fixtures/goals");
        let args = [
            "analyse",
            dir.to_str().unwrap(),
            "--format",
            "json",
            "--no-cache",
        ];
        let out = run(&args, None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["goals"]["units"].as_array().unwrap().clone()
    })
}

/// The fields of a goal unit as (facet, text) pairs, in order.
fn fields(u: &Value) -> Vec<(String, String)> {
    u["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["facet"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Assert that `doc` gives a goal unit with this goal text, on this page, with exactly these
/// fields.
fn assert_goal(doc: &str, goal: &str, page: u64, want: &[(&str, &str)]) {
    let units = fixture_units();
    let of_doc: Vec<&Value> = units.iter().filter(|u| u["document"] == doc).collect();
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    let found = of_doc
        .iter()
        .filter(|u| u["goal"] == goal)
        .find(|u| fields(u) == want);
    let Some(u) = found else {
        let got: Vec<(String, Vec<(String, String)>)> = of_doc
            .iter()
            .map(|u| (u["goal"].as_str().unwrap().to_string(), fields(u)))
            .collect();
        panic!("{doc}: no goal unit {goal:?} with fields {want:?}; goal units: {got:#?}");
    };
    assert_eq!(u["page"], page, "{doc}: page of {goal:?}");
}

fn goals_of(doc: &str) -> Vec<String> {
    fixture_units()
        .iter()
        .filter(|u| u["document"] == doc)
        .map(|u| u["goal"].as_str().unwrap().to_string())
        .collect()
}

const STATEMENT: &str = "koivula-tilinpaatos-2026.md";
const BUDGET: &str = "koivula-talousarvio-2026.md";
const SWEDISH: &str = "bjorkby-budget-2026.md";

#[test]
fn goal_cards_over_several_units_become_goal_units() {
    // Head row, goal, status, indicator rows (name, current, target, outcome).
    assert_goal(
        STATEMENT,
        "Kuntalaisten liikunta lisääntyy.",
        1,
        &[
            (
                "outcome",
                "Liikuntapaikkojen käyttö kasvoi, ja tavoite saavutettiin.",
            ),
            ("indicator", "Liikuntapaikkojen käyttökerrat"),
            ("target", "150 000"),
            ("outcome", "151 200"),
            ("indicator", "Liikkuvien nuorten osuus"),
            ("target", "45 %"),
            ("outcome", "43 %"),
        ],
    );
    // A card whose head names no status: the card before it ends where this one opens.
    assert_goal(
        STATEMENT,
        "Ikääntyneiden yksinäisyys vähenee.",
        1,
        &[
            (
                "indicator",
                "Yksinäisyyttä kokevien 75 vuotta täyttäneiden osuus",
            ),
            ("target", "10 %"),
            ("outcome", "11 %"),
        ],
    );
}

#[test]
fn numbered_goals_in_one_paragraph_become_goal_units() {
    assert_goal(
        STATEMENT,
        "Kohtuulliset ryhmäkoot perusopetuksessa",
        2,
        &[("outcome", "Ryhmäkoot on pidetty alle 22 oppilaan")],
    );
    assert_goal(
        STATEMENT,
        "Oppilaiden tuki vahvistuu",
        2,
        &[("outcome", "Erityisopettajia palkattiin kaksi lisää")],
    );
}

#[test]
fn numbered_goal_or_list_item_then_its_outcome_becomes_a_goal_unit() {
    assert_goal(
        STATEMENT,
        "Koulupsykologin palvelut turvataan",
        2,
        &[(
            "outcome",
            "Koulupsykologin vastaanotolle pääsi viikon kuluessa.",
        )],
    );
    assert_goal(
        STATEMENT,
        "Lasten harrastusmahdollisuudet paranevat",
        2,
        &[(
            "outcome",
            "Harrastustakuu otettiin käyttöön kaikissa kouluissa.",
        )],
    );
    // Swedish: `Utfall:` after a numbered goal.
    assert_goal(
        SWEDISH,
        "Fler unga idrottar i föreningar",
        1,
        &[(
            "outcome",
            "Antalet unga medlemmar i idrottsföreningar ökade med 120.",
        )],
    );
}

#[test]
fn labelled_blocks_become_goal_units() {
    assert_goal(
        BUDGET,
        "Ikääntyneiden yksinäisyys vähenee",
        1,
        &[
            ("action", "Kerhotoiminta palvelukeskuksissa"),
            (
                "indicator",
                "Yksinäisyyttä kokevien 75 vuotta täyttäneiden osuus",
            ),
            ("target", "enintään 10 %"),
            ("owner", "Vanhuspalvelujen johtaja"),
            ("resources", "20 000 €"),
        ],
    );
}

#[test]
fn goal_table_rows_become_goal_units() {
    assert_goal(
        BUDGET,
        "Nuorten mielenterveys vahvistuu",
        1,
        &[
            ("action", "Koulukuraattorien lisäys"),
            ("indicator", "Ahdistuneisuutta kokevien osuus"),
            ("target", "alle 15 %"),
            ("owner", "Sivistysjohtaja"),
            ("resources", "90 000 €"),
        ],
    );
    assert_goal(
        BUDGET,
        "Kuntalaisten liikunta lisääntyy",
        1,
        &[
            ("action", "Lähiliikuntapaikkojen kunnostus"),
            ("indicator", "Liikuntapaikkojen käyttökerrat"),
            ("target", "150 000 käyttökertaa"),
            ("owner", "Vapaa-aikajohtaja"),
            ("resources", "120 000 €"),
        ],
    );
    // A finance table with a `Toteuma` column but no goal column is not a goal table.
    assert!(
        !goals_of(BUDGET)
            .iter()
            .any(|g| g.contains("Toimintatuotot")),
        "{:?}",
        goals_of(BUDGET)
    );
}

#[test]
fn swedish_goal_table_and_labelled_block_become_goal_units() {
    assert_goal(
        SWEDISH,
        "Barn och unga rör på sig mer",
        1,
        &[
            ("action", "Rörelsepauser i alla skolor"),
            (
                "indicator",
                "Andelen elever som rör på sig en timme om dagen",
            ),
            ("owner", "Bildningschefen"),
            ("resources", "30 000 €"),
        ],
    );
    assert_goal(
        SWEDISH,
        "Ensamheten bland äldre minskar",
        1,
        &[
            ("action", "Mötesplatser på biblioteket"),
            ("indicator", "Andelen äldre som känner sig ensamma"),
            ("owner", "Socialnämnden"),
        ],
    );
}

#[test]
fn every_goal_example_gives_the_goal_it_states() {
    let lex = lexicon();
    let examples = &lex.goals.examples;
    assert!(examples.len() >= 8, "{}", examples.len());
    assert!(
        examples.iter().any(|e| e.text.contains("Mål:")),
        "a Swedish labelled example"
    );
    assert!(
        examples.iter().any(|e| e.goal.is_none()),
        "a no-goal example"
    );
    let failures = linjaus::analyse::lexicon_examples::goal_failures(&lex);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_goal_example_that_fails_is_reported_with_file_and_line() {
    let mut lex = lexicon();
    let e = lex.goals.examples[0].clone();
    let mut wrong = e.clone();
    wrong.goal = Some("jotain muuta".into());
    lex.goals.examples = vec![e.clone(), wrong];
    let failures = linjaus::analyse::lexicon_examples::goal_failures(&lex);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains(&format!("goals.toml:{}: goal example", e.line)),
        "{failures:?}"
    );
}

#[test]
fn every_hvk_goal_has_the_planted_status_at_every_level() {
    let out = run(
        &[
            "analyse",
            sample().to_str().unwrap(),
            "--format",
            "json",
            "--no-cache",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let goals = &v["goals"];
    let got: BTreeMap<String, Vec<String>> = goals["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let statuses = i["trace"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    format!(
                        "{}:{}",
                        t["level"].as_str().unwrap(),
                        t["status"].as_str().unwrap()
                    )
                })
                .collect();
            (i["id"].as_str().unwrap().to_string(), statuses)
        })
        .collect();
    let row = |s: [&str; 7]| -> Vec<String> {
        [
            "strategy",
            "budget",
            "operating-plan",
            "interim-report",
            "financial-statement",
            "annual-report",
            "evaluation-report",
        ]
        .iter()
        .zip(s)
        .map(|(l, s)| format!("{l}:{s}"))
        .collect()
    };
    let (c, s, u) = ("covered", "shallow", "uncovered");
    let want: BTreeMap<String, Vec<String>> = [
        (
            "hvk-01-kuntalaisten-liikunta-lisaantyy",
            row([c, c, c, c, c, c, c]),
        ),
        (
            "hvk-02-yksinaisyys-vahenee-kaikissa-ikaryhmissa",
            row([c, s, u, u, u, u, u]),
        ),
        (
            "hvk-03-nuorten-mielenterveys-vahvistuu",
            row([c, c, u, c, u, u, u]),
        ),
        (
            "hvk-04-paihteiden-kaytto-vahenee",
            row([u, u, u, u, u, u, u]),
        ),
        (
            "hvk-05-ikaantyneiden-kotona-asuminen-jatkuu",
            row([c, c, c, c, c, u, c]),
        ),
        (
            "hvk-06-pitkaaikaistyottomyys-vahenee",
            row([c, c, c, c, c, c, u]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(got, want);

    // The source of each item is the HVK goal table row, with its columns read as facets.
    let first = &goals["items"][0]["source"];
    assert_eq!(first["goal"], "Kuntalaisten liikunta lisääntyy");
    assert_eq!(first["document"], "01-hyvinvointikertomus-2025-2028.md");
    let fields: Vec<&str> = first["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["facet"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["action", "target", "owner", "resources"]);
    let match_at = |item: usize, level: &str| -> &Value {
        let trace = goals["items"][item]["trace"].as_array().unwrap();
        &trace.iter().find(|t| t["level"] == level).unwrap()["match"]
    };
    // A covered level points at the row that carries the goal.
    let budget = match_at(0, "budget");
    assert_eq!(budget["document"], "05-talousarvio-2026.md");
    assert_eq!(budget["rung"], 6);
    assert_eq!(
        budget["paired_by"]["goal_words"],
        serde_json::json!(["kunta", "liiku", "lisää"])
    );
    // The interim report words the mental-health goal differently ("Yläkoulun hyvinvointityö")
    // but measures the same thing: paired by what the HVK indicator measures alone.
    let interim = match_at(2, "interim-report");
    assert_eq!(interim["document"], "07-osavuosikatsaus-2026.md");
    assert_eq!(interim["paired_by"]["goal_words"], serde_json::json!([]));
    assert_eq!(
        interim["paired_by"]["indicator_words"],
        serde_json::json!(["ahdis"])
    );

    let reported: Vec<&str> = goals["reported_without_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["goal"].as_str().unwrap())
        .collect();
    assert_eq!(reported, ["Kirjaston aukioloajat laajenevat"]);
    let unreported: Vec<&str> = goals["planned_not_reported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["goal"].as_str().unwrap())
        .collect();
    assert_eq!(unreported, ["Nuorten mielenterveyttä tuetaan yläkoulussa"]);

    let text = stdout(&run(
        &["analyse", sample().to_str().unwrap(), "--no-cache"],
        None,
    ));
    assert!(
        text.contains("Hyvinvointikertomuksen tavoitteet, jotka katkeavat (5/6 tavoitetta):"),
        "{text}"
    );
    assert!(
        text.contains("Päihteiden käyttö vähenee — Kuntastrategia: ei löydy"),
        "{text}"
    );
    assert!(
        text.contains("Yksinäisyys vähenee kaikissa ikäryhmissä — Talousarvio: liian ohuesti"),
        "{text}"
    );
}
