//! `linjaus eval`: a user's labelled units scored against the analysis.

use crate::util::{Scratch, run, stderr, stdout};
use serde_json::Value;

/// Two units whose analysis is known (the same texts as the `tag` test): the first is tagged
/// children-youth-families + loneliness-community with goal + indicator, the second nothing.
/// Gold: unit 1 themes {loneliness-community, mental-health}, facets {goal}, optional
/// facet indicator; unit 2 themes {}, facets {resources}.
/// Themes: tp 1 (loneliness), fp 1 (children), fn 1 (mental-health) → P 0.5, R 0.5.
/// Facets: goal tp, indicator optional (ignored), resources fn → P 1, R 0.5, F1 0.6667.
/// Facets on themed units: only unit 1 → tp 1, P 1, R 1.
const INPUT: &str = concat!(
    "{\"id\": \"a\", \"text\": \"Tavoitteena on vähentää nuorten yksinäisyyttä. Mittari: kouluterveyskysely.\", \"themes\": [\"loneliness-community\", \"mental-health\"], \"facets\": [\"goal\"], \"facets_optional\": [\"indicator\"]}\n",
    "{\"id\": 7, \"text\": \"Tuloslaskelman mukaan vuosikate oli hyvä.\", \"themes\": [], \"facets\": [\"resources\"]}\n",
);

#[test]
fn eval_json_matches_the_hand_computed_scores() {
    let out = run(&["eval", "-", "--format", "json"], Some(INPUT));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let t = &v["themes"];
    assert_eq!(t["units"], 2);
    assert_eq!(t["micro"]["tp"], 1);
    assert_eq!(t["micro"]["fp"], 1);
    assert_eq!(t["micro"]["fn"], 1);
    assert_eq!(t["micro"]["precision"], 0.5);
    assert_eq!(t["micro"]["recall"], 0.5);
    assert_eq!(t["per_label"]["children-youth-families"]["fp"], 1);
    assert_eq!(t["per_label"]["mental-health"]["fn"], 1);
    assert_eq!(t["per_label"]["mental-health"]["precision"], Value::Null);
    let f = &v["facets"]["micro"];
    assert_eq!(
        (f["tp"].clone(), f["fp"].clone(), f["fn"].clone()),
        (1.into(), 0.into(), 1.into())
    );
    assert_eq!(f["f1"], 0.666667);
    assert!(v["facets"]["per_label"].get("indicator").is_none());
    assert_eq!(v["facets_themed"]["units"], 1);
    assert_eq!(v["facets_themed"]["micro"]["recall"], 1.0);
}

#[test]
fn eval_terminal_table_has_micro_and_per_label_rows() {
    let out = run(&["eval", "-"], Some(INPUT));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "themes: 2 units, precision 0.500, recall 0.500, F1 0.500 (tp 1, fp 1, fn 1)"
        ),
        "{text}"
    );
    assert!(text.contains("facets on themed units: 1 units"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("mental-health") && l.contains("  -  ")),
        "{text}"
    );
}

#[test]
fn eval_names_bad_lines_by_file_and_line_exits_2_and_scores_the_rest() {
    let s = Scratch::new("eval");
    let f = s.write(
        "merkityt.jsonl",
        format!(
            "{}{}\n{}\n{}\n",
            INPUT,
            "{\"id\": 3, \"text\": \"x\", \"themes\": [\"hyvinvointi\"], \"facets\": []}",
            "{\"id\": 4, \"text\": \"x\", \"themes\": []}",
            "{\"id\": 5, \"text\": \"x\", \"themes\": [], \"facets\": \"goal\"}",
        ),
    );
    let out = run(&["eval", f.to_str().unwrap(), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("merkityt.jsonl:3: `themes`: unknown id `hyvinvointi`"),
        "{err}"
    );
    assert!(err.contains("merkityt.jsonl:4: missing `facets`"), "{err}");
    assert!(
        err.contains("merkityt.jsonl:5: `facets` is not an array"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["themes"]["units"], 2);
}

#[test]
fn eval_without_rule_switches_a_rule_off() {
    // `tietoturvallisuus` is a look-alike of safety: with the rule off, it is a false safety theme.
    let input =
        "{\"text\": \"Tietoturvallisuutta parannetaan.\", \"themes\": [], \"facets\": []}\n";
    let with = run(&["eval", "-", "--format", "json"], Some(input));
    let without = run(
        &[
            "eval",
            "-",
            "--format",
            "json",
            "--without-rule",
            "lookalike",
        ],
        Some(input),
    );
    let fp = |o: &std::process::Output| {
        serde_json::from_str::<Value>(&stdout(o)).unwrap()["themes"]["micro"]["fp"].clone()
    };
    assert_eq!(fp(&with), 0);
    assert_eq!(fp(&without), 1);
    let bad = run(&["eval", "-", "--without-rule", "nosuch"], Some(input));
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("valid rules: lookalike"),
        "{}",
        stderr(&bad)
    );
}
