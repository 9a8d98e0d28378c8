//! `linjaus tag`: JSON Lines in, JSON Lines out.

use crate::util::{Scratch, run, stderr, stdout};
use serde_json::Value;

#[test]
fn tag_reads_stdin_and_writes_sorted_themes_and_facets() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Tavoitteena on vähentää nuorten yksinäisyyttä. Mittari: kouluterveyskysely.\", \"extra\": 1}\n",
        "\n",
        "{\"id\": 7, \"text\": \"Tuloslaskelman mukaan vuosikate oli 3,2 milj. euroa.\"}\n",
    );
    let out = run(&["tag", "-"], Some(input));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(
        lines[0]["themes"],
        serde_json::json!(["children-youth-families", "loneliness-community"])
    );
    assert_eq!(lines[0]["facets"], serde_json::json!(["goal", "indicator"]));
    assert!(
        lines[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["matched"] == "yksinäisyyttä")
    );
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["themes"], serde_json::json!([]));
    assert_eq!(lines[1]["facets"], serde_json::json!(["resources"]));
}

#[test]
fn tag_reports_bad_lines_by_number_and_goes_on() {
    let s = Scratch::new("tag");
    let f = s.write("in.jsonl", "{\"id\": \"x\", \"text\": \"Liikuntaa lisätään.\"}\nnot json\n{\"text\": \"ei id:tä\"}\n{\"id\": \"y\", \"text\": \"Kirjasto avataan.\"}\n");
    let out = run(&["tag", f.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("in.jsonl:2: not valid JSON"), "{err}");
    assert!(err.contains("in.jsonl:3: missing `id`"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn missing_input_file_exits_2() {
    let out = run(&["tag", "/nonexistent/in.jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/in.jsonl"));
}
