//! Goal-level tracing on the sample: every HVK goal's status at every level.

use crate::util::{run, sample, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;

#[test]
fn every_hvk_goal_has_the_planted_status_at_every_level() {
    let out = run(
        &["analyse", sample().to_str().unwrap(), "--format", "json"],
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
            "hvk-05-ikaantyneiden-kotona-asuminen-tukee",
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

    let text = stdout(&run(&["analyse", sample().to_str().unwrap()], None));
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
