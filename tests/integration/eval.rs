//! `linjaus eval`: a user's labelled units scored against the analysis.

use crate::util::{Scratch, root, run, stderr, stdout};
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
    // Two units without `doc`: each is resampled on its own.
    let i = &t["interval"];
    assert_eq!(i["resampled"], "units");
    assert_eq!(i["clusters"], 2);
    assert_eq!(i["resamples"], 1000);
    // A quarter of the resamples draw the second unit twice, which predicts nothing: precision
    // is then undefined too often for an interval.
    assert_eq!(i["precision"], Value::Null);
    // One themed unit: too few to resample.
    assert_eq!(v["facets_themed"]["interval"], Value::Null);
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
        text.contains("  95 % interval (bootstrap, 1000 resamples of 2 units): precision ")
            && text.contains("(only 2 units: a rough interval)"),
        "{text}"
    );
    assert!(
        text.contains("  95 % interval: - (fewer than two units to resample)"),
        "{text}"
    );
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

/// A labelled set where the library theme is right next to `aukioloaikoja` and wrong next to
/// `logoa` (a rule could not know that; a model learns it), in documents `a`…`f`.
fn library_set() -> String {
    let mut s = String::new();
    for (i, doc) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        for (text, themes) in [
            (
                "Kirjaston aukioloaikoja pidennetään.",
                "[\"culture-leisure\"]",
            ),
            ("Kirjaston logoa uudistetaan.", "[]"),
        ] {
            s.push_str(&format!(
                "{{\"id\": \"{doc}{i}\", \"doc\": \"{doc}\", \"text\": \"{text}\", \"themes\": {themes}, \"facets\": []}}\n"
            ));
        }
    }
    s
}

#[test]
fn train_writes_a_model_that_a_lexicon_folder_then_uses() {
    let s = Scratch::new("train");
    let labels = s.write("merkityt.jsonl", library_set());
    // The lexicon folder: a copy of the project's, plus the trained model.
    let lex = s.path().join("sanastot");
    std::fs::create_dir_all(lex.join("themes")).unwrap();
    for sub in ["", "themes"] {
        for e in std::fs::read_dir(root().join("lexicons").join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(&p, lex.join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    let model = lex.join("learned.toml");
    let out = run(
        &[
            "train",
            labels.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
            "--folds",
            "3",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("12 labelled units, 12 candidate themes (6 right)"),
        "{report}"
    );
    assert!(
        report.contains("themes, rules alone: 12 units, precision 0.500"),
        "{report}"
    );
    // Every fold's model learned from the other documents: the logo units lose the theme.
    assert!(
        report.contains("themes, with the model: 12 units, precision 1.000, recall 1.000"),
        "{report}"
    );
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(
        text.contains("\"near:culture-leisure=logoa\" = -"),
        "{text}"
    );

    let probe =
        "{\"id\": 1, \"text\": \"Kirjaston logoa uudistetaan.\", \"themes\": [], \"facets\": []}\n";
    let fp = |o: &std::process::Output| {
        serde_json::from_str::<Value>(&stdout(o)).unwrap()["themes"]["micro"]["fp"].clone()
    };
    let lex_arg = lex.to_str().unwrap();
    let with = run(
        &["eval", "-", "--format", "json", "--lexicons", lex_arg],
        Some(probe),
    );
    let rules = run(&["eval", "-", "--format", "json"], Some(probe));
    let off = run(
        &[
            "eval",
            "-",
            "--format",
            "json",
            "--lexicons",
            lex_arg,
            "--without-rule",
            "learned",
        ],
        Some(probe),
    );
    assert_eq!(
        (fp(&rules), fp(&with), fp(&off)),
        (1.into(), 0.into(), 1.into())
    );

    // A broken model is a lexicon problem naming the file.
    std::fs::write(&model, "[themes]\nthreshold = 7\n[themes.weights]\n").unwrap();
    let bad = run(&["eval", "-", "--lexicons", lex_arg], Some(probe));
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("learned.toml: [themes] threshold"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn train_names_bad_lines_and_refuses_to_train_on_nothing() {
    let s = Scratch::new("train-bad");
    let f = s.write("merkityt.jsonl", "{\"text\": \"x\"}\n");
    let out = run(&["train", f.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("merkityt.jsonl:1: missing `themes`"), "{err}");
    assert!(err.contains("no labelled units to train on"), "{err}");
    // One document cannot be cross-validated in five folds: said, not scored from nothing.
    let one_doc: String = (0..6)
        .map(|i| format!("{{\"id\": {i}, \"doc\": \"A\", \"text\": \"Kirjaston aukioloaikoja pidennetään.\", \"themes\": [\"culture-leisure\"], \"facets\": []}}\n"))
        .collect();
    let f = s.write("yksi.jsonl", one_doc);
    let out = run(&["train", f.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("1 documents for 5 cross-validation folds"),
        "{}",
        stderr(&out)
    );
}

/// A line longer than the 16 MiB limit is reported by number and skipped; the lines after it
/// are still read (tag and eval share the reader), and memory stays bounded.
#[test]
fn an_overlong_line_is_named_and_the_rest_is_read() {
    let long = format!(
        "{{\"id\": \"x\", \"text\": \"{}\", \"themes\": [], \"facets\": []}}\n",
        "a".repeat(linjaus::tag::MAX_LINE_BYTES)
    );
    let input = format!("{long}{INPUT}");
    let out = run(&["eval", "-", "--format", "json"], Some(&input));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(":1: line longer than 16 MiB"),
        "{}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["themes"]["units"], 2);
    let out = run(&["tag", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(":1: line longer than 16 MiB"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 2);
    // A line of exactly the limit is read, with LF or CRLF.
    let head = "{\"id\": \"x\", \"text\": \"";
    let tail = "\"}";
    let exact = format!(
        "{head}{}{tail}",
        "a".repeat(linjaus::tag::MAX_LINE_BYTES - head.len() - tail.len())
    );
    assert_eq!(exact.len(), linjaus::tag::MAX_LINE_BYTES);
    for end in ["\n", "\r\n"] {
        let out = run(&["tag", "-"], Some(&format!("{exact}{end}")));
        assert_eq!(out.status.code(), Some(0), "{end:?}: {}", stderr(&out));
    }
}
