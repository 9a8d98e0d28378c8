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
fn tag_reports_a_line_that_is_not_utf8_and_tags_the_next() {
    let s = Scratch::new("tag-utf8");
    let mut input = b"{\"id\": 1, \"text\": \"Liikuntaa.\"}\r\n{\"id\": 2, \"text\": \"".to_vec();
    input.extend_from_slice(b"\xff\xfe\"}\n{\"id\": 3, \"text\": \"Kirjasto avataan.\"}\n");
    let f = s.write("in.jsonl", input);
    let out = run(&["tag", f.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("in.jsonl:2: not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    let ids: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [Value::from(1), Value::from(3)]);
}

#[test]
fn missing_input_file_exits_2() {
    let out = run(&["tag", "/nonexistent/in.jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/in.jsonl"));
}

#[test]
fn explain_shows_tokens_parts_dropped_matches_and_inherited_facets() {
    let doc = crate::util::sample().join("05-talousarvio-2026.md");
    let out = run(
        &["explain", doc.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["document"], "05-talousarvio-2026.md");
    assert_eq!(v["level"], "budget");
    let units = v["units"].as_array().unwrap();
    let row = units
        .iter()
        .find(|u| {
            u["text"]
                .as_str()
                .unwrap()
                .starts_with("Kuntalaisten liikunta lisääntyy")
        })
        .unwrap();
    assert_eq!(row["kind"], "table-row");
    assert!(
        row["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["theme"] == "physical-activity" && h["token"] == "[liikun]ta"),
        "{row}"
    );
    for f in ["binding", "goal", "indicator", "owner", "resources"] {
        assert!(
            row["inherited_facets"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == f)
                || row["facet_cues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["facet"] == f),
            "{f}: {row}"
        );
    }
    assert_eq!(row["rung"], 6);

    // One unit, terminal: a look-alike is listed as dropped with its reason.
    let s = Scratch::new("explain");
    let f = s.write(
        "muistio.txt",
        "Hyvinvointialueen laskutus siirtyi uuteen järjestelmään.\n",
    );
    let out = run(
        &[
            "explain",
            f.to_str().unwrap(),
            "--unit",
            "0",
            "--lang",
            "en",
        ],
        None,
    );
    let text = stdout(&out);
    assert!(text.contains("p1 u0 paragraph"), "{text}");
    assert!(text.contains("(rule `lookalike`)"), "{text}");
    // The same in Finnish, as `analyse` speaks it by default.
    let fi = stdout(&run(&["explain", f.to_str().unwrap(), "--unit", "0"], None));
    assert!(
        fi.contains("hylätty: wellbeing-promotion") && fi.contains("(sääntö `lookalike`)"),
        "{fi}"
    );
    assert!(
        text.contains("dropped: wellbeing-promotion") && text.contains("look-alike"),
        "{text}"
    );
    assert!(
        text.contains("theme:   services-cooperation")
            || text.contains("dropped: services-cooperation"),
        "{text}"
    );
}

#[test]
fn explain_refuses_a_folder() {
    let out = run(&["explain", crate::util::sample().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("explain takes one document"));
}

/// A copy of the sample corpus in a scratch folder, and how many documents it holds.
fn sample_copy(name: &str) -> (Scratch, usize) {
    let s = Scratch::new(name);
    let mut docs = 0;
    for e in std::fs::read_dir(crate::util::sample())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
    {
        std::fs::copy(e.path(), s.path().join(e.file_name())).unwrap();
        docs += usize::from(e.file_name() != "linjaus.toml");
    }
    (s, docs)
}

/// `linjaus search ARGS FOLDER --format json --limit 50`, expecting success.
fn search_json(s: &Scratch, args: &[&str]) -> Value {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[s.arg(), "--format", "json", "--limit", "50"]);
    let out = run(&all, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn search_finds_inflected_and_compound_forms_with_filters() {
    let (s, n) = sample_copy("search");
    let search = |args: &[&str]| search_json(&s, args);
    // An inflected query finds the compound `Lähiliikuntapaikkojen` and the base form.
    let v = search(&["liikunnan"]);
    assert_eq!(v["reindexed"], n, "the first search indexes every document");
    let results = v["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["snippet"]
            .as_str()
            .unwrap()
            .contains("Lähiliikuntapaikkojen")),
        "{v}"
    );
    assert!(
        results
            .iter()
            .any(|r| r["snippet"].as_str().unwrap().contains("[liikunta]")),
        "{v}"
    );
    assert!(
        results
            .iter()
            .all(|r| r["page"].as_u64().is_some() && r["document"].is_string())
    );
    // Filters by level, theme and document.
    let v = search(&["liikunta", "--level", "budget"]);
    assert!(!v["results"].as_array().unwrap().is_empty());
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["level"] == "budget"),
        "{v}"
    );
    let v = search(&[
        "kotona",
        "--theme",
        "older-people",
        "--doc",
        "05-talousarvio-2026.md",
    ]);
    let r = v["results"].as_array().unwrap();
    assert!(
        !r.is_empty()
            && r.iter().all(|r| r["document"] == "05-talousarvio-2026.md"
                && r["themes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == "older-people")),
        "{v}"
    );
    // Every query word must be found.
    assert!(
        search(&["liikunta ydinvoimala"])["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The index is kept and reused: later searches re-index nothing, and after one document's
    // bytes change, that document only.
    assert_eq!(search(&["liikunta"])["reindexed"], 0);
    let doc = s.path().join("03-liikuntaohjelma-2025-2028.md");
    let mut bytes = std::fs::read(&doc).unwrap();
    bytes.extend_from_slice("\nFrisbeegolfrata avataan kesällä.\n".as_bytes());
    std::fs::write(&doc, bytes).unwrap();
    let v = search(&["frisbeegolfrata"]);
    assert_eq!(v["reindexed"], 1, "{v}");
    assert_eq!(
        v["results"][0]["document"],
        "03-liikuntaohjelma-2025-2028.md"
    );
    assert_eq!(search(&["frisbeegolfrata"])["reindexed"], 0);
    let out = run(
        &["search", "liikunta", s.arg(), "--level", "budjetti"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown level `budjetti`"));
}

#[test]
fn search_children_query_finds_lasten_as_the_lexicon_term_does() {
    let (s, _) = sample_copy("search-lapsi");
    let v = search_json(&s, &["lapsi"]);
    let results = v["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("[lasten")),
        "{v}"
    );
    assert_eq!(v["keys"][0], "laps|lasten|lapse|lapsi");
}

#[test]
fn search_sees_a_level_and_year_changed_in_the_manifest() {
    let (s, n) = sample_copy("search-level");
    let doc = "02-kuntastrategia-2025-2030.md";
    let of_doc = |v: &Value| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["document"] == doc)
            .count()
    };
    let v = search_json(&s, &["yksinäisyyttä", "--level", "operating-plan"]);
    assert_eq!(v["reindexed"], n);
    assert_eq!(of_doc(&v), 0, "{v}");
    let manifest = s.path().join("linjaus.toml");
    let src = std::fs::read_to_string(&manifest).unwrap();
    let changed = src.replace(
        "path = \"02-kuntastrategia-2025-2030.md\"\nlevel = \"strategy\"\nyear = 2025",
        "path = \"02-kuntastrategia-2025-2030.md\"\nlevel = \"operating-plan\"\nyear = 2027",
    );
    assert_ne!(src, changed);
    std::fs::write(&manifest, changed).unwrap();
    let v = search_json(&s, &["yksinäisyyttä", "--level", "operating-plan"]);
    assert_eq!(
        v["reindexed"], 1,
        "only the document whose level changed: {v}"
    );
    assert!(of_doc(&v) > 0, "{v}");
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["level"] == "operating-plan"),
        "{v}"
    );
    let v = search_json(&s, &["yksinäisyyttä", "--year", "2027"]);
    assert_eq!(v["reindexed"], 0);
    assert!(of_doc(&v) > 0, "{v}");
    assert!(of_doc(&search_json(&s, &["yksinäisyyttä", "--level", "strategy"])) == 0);
}

#[test]
fn two_searches_at_once_on_a_fresh_index_both_succeed() {
    let (s, n) = sample_copy("search-concurrent");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_linjaus"))
            .args(["search", "liikunta", s.arg(), "--format", "json"])
            .env_remove("LINJAUS_LEXICONS")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let mut reindexed = 0;
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert!(!v["results"].as_array().unwrap().is_empty(), "{v}");
        reindexed += v["reindexed"].as_u64().unwrap();
    }
    // One indexed the corpus, the other waited and found it up to date.
    assert_eq!(reindexed, n as u64);
}

#[test]
fn units_print_each_units_language_and_tag_and_eval_read_it_back() {
    // A Swedish budget: its table row has no language cue of its own, so `analyse` reads it
    // as Swedish (the document's language). `units` says so, and `tag` given that `lang`
    // finds the Swedish term; without it the row is read as Finnish and has no theme.
    let s = Scratch::new("units-lang");
    let doc = s.write(
        "budget.md",
        "# Budget 2026\n\nKommunen satsar på motion och idrott för alla invånare och stöder föreningarna.\n\n| Objekt | Anslag |\n| --- | --- |\n| Idrottshallen, renovering | 300 000 € |\n",
    );
    let out = run(&["units", doc.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let units: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = units
        .iter()
        .find(|u| u["text"].as_str().unwrap().starts_with("Idrottshallen"))
        .expect("the table row");
    assert_eq!(row["lang"], "sv", "{row}");
    assert!(units.iter().all(|u| u["lang"] == "sv"), "{units:?}");

    let themes = |line: &str| -> Value {
        let out = run(&["tag", "-"], Some(line));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_str::<Value>(stdout(&out).trim()).unwrap()["themes"].clone()
    };
    let text = row["text"].as_str().unwrap();
    let with = serde_json::json!({"id": 1, "text": text, "lang": "sv"}).to_string();
    let without = serde_json::json!({"id": 1, "text": text}).to_string();
    assert_eq!(themes(&with), serde_json::json!(["physical-activity"]));
    assert_eq!(themes(&without), serde_json::json!([]));
    // A unit with Swedish cues of its own stays Swedish whatever the prior says.
    let own = serde_json::json!({"id": 2, "lang": "fi",
        "text": "Barnens fysiska aktivitet ökar i skolan och i föreningarna."})
    .to_string();
    assert!(
        themes(&own)
            .as_array()
            .unwrap()
            .contains(&Value::from("physical-activity"))
    );

    // `eval` reads `lang` the same way: the row is a true positive with it, a miss without.
    let gold = |lang: Option<&str>| {
        let mut g = serde_json::json!({"text": text, "themes": ["physical-activity"], "facets": ["resources"]});
        if let Some(l) = lang {
            g["lang"] = Value::from(l);
        }
        let out = run(&["eval", "-", "--format", "json"], Some(&g.to_string()));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["themes"]["micro"]["tp"].clone()
    };
    assert_eq!(gold(Some("sv")), 1);
    assert_eq!(gold(None), 0);

    // Any other `lang` is an error for that line; the rest is tagged.
    let input = format!("{{\"id\": 1, \"text\": \"x\", \"lang\": \"de\"}}\n{without}\n");
    let out = run(&["tag", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(":1: `lang` must be \"fi\" or \"sv\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1);
}
