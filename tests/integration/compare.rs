//! `linjaus compare`: municipalities derived from the sample with planted, different drop-offs;
//! goals never paired across municipalities; one municipality's two budgets compared; a mixed
//! folder reported and its goals kept apart.

use crate::util::{Scratch, parse_csv, run, sample, stderr, stdout};
use serde_json::Value;

/// Copy the sample into `s/folder` as municipality `name` (genitive `genitive`): every
/// `Järvelä`/`Järvelän` renamed (the manifest too), then `edits` (file, from, to) applied;
/// the files in `skip` are left out.
fn municipality(
    s: &Scratch,
    folder: &str,
    name: &str,
    genitive: &str,
    edits: &[(&str, &str, &str)],
    skip: &[&str],
) {
    for e in std::fs::read_dir(sample()).unwrap().flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if skip.contains(&file.as_str()) {
            continue;
        }
        let mut text = std::fs::read_to_string(e.path()).unwrap();
        text = text.replace("Järvelän", genitive).replace("Järvelä", name);
        for (f, from, to) in edits.iter().filter(|(f, _, _)| *f == file) {
            assert!(text.contains(from), "{f} holds `{from}`");
            text = text.replace(from, to);
        }
        s.write(&format!("{folder}/{file}"), text);
    }
}

const SUBSTANCE_IN_STRATEGY: (&str, &str, &str) = (
    "02-kuntastrategia-2025-2030.md",
    "### 5 Talous tasapainossa",
    "### 6 Päihteetön arki\n\nTavoitteena on, että nuorten päihteiden käyttö vähenee.\n\n### 5 Talous tasapainossa",
);
const NO_ACTIVITY_EVALUATED: (&str, &str, &str) = (
    "10-arviointikertomus-2026.md",
    "### Liikunta\n\nTarkastuslautakunta toteaa, että kuntalaisten liikuntaa koskeva tavoite toteutui ja että\nliikuntapaikkojen käyttökertojen mittari on toimiva.\n",
    "",
);

fn compare_json(args: &[&str]) -> (Value, std::process::Output) {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--no-cache"]);
    let out = run(&all, None);
    let v = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (v, out)
}

fn by_name<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("municipality {name} in {v}"))
}

fn three() -> Scratch {
    let s = Scratch::new("compare-three");
    municipality(&s, "jarvela", "Järvelä", "Järvelän", &[], &[]);
    municipality(
        &s,
        "koivula",
        "Koivula",
        "Koivulan",
        &[SUBSTANCE_IN_STRATEGY],
        &[],
    );
    municipality(
        &s,
        "mantyla",
        "Mäntylä",
        "Mäntylän",
        &[NO_ACTIVITY_EVALUATED],
        &[],
    );
    s
}

#[test]
fn three_municipalities_give_the_planted_matrix_and_rankings() {
    let s = three();
    let (v, out) = compare_json(&[s.arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["kind"], "compare");
    let dropoff = |m: &str, theme: &str| by_name(&v, m)["themes"][theme]["dropoff"].clone();
    // The sample's drop-offs, and the two planted changes.
    for m in ["Järvelä", "Koivula", "Mäntylä"] {
        assert_eq!(dropoff(m, "loneliness-community"), "budget", "{m}");
        assert_eq!(dropoff(m, "mental-health"), "operating-plan", "{m}");
        assert_eq!(dropoff(m, "older-people"), "annual-report", "{m}");
        assert_eq!(dropoff(m, "employment-income"), "evaluation-report", "{m}");
    }
    assert_eq!(dropoff("Järvelä", "substance-use"), "strategy");
    assert_eq!(dropoff("Koivula", "substance-use"), "budget");
    assert_eq!(dropoff("Mäntylä", "substance-use"), "strategy");
    assert_eq!(dropoff("Järvelä", "physical-activity"), Value::Null);
    assert_eq!(dropoff("Koivula", "physical-activity"), Value::Null);
    assert_eq!(dropoff("Mäntylä", "physical-activity"), "evaluation-report");
    // Rungs per level, reach over the seven judged levels.
    let cell = |m: &str, t: &str| by_name(&v, m)["themes"][t].clone();
    assert_eq!(cell("Koivula", "substance-use")["rungs"]["strategy"], 2);
    assert_eq!(cell("Järvelä", "substance-use")["rungs"]["strategy"], 0);
    assert_eq!(
        cell("Mäntylä", "physical-activity")["rungs"]["evaluation-report"],
        0
    );
    assert_eq!(
        cell("Järvelä", "physical-activity")["rungs"]["evaluation-report"],
        8
    );
    assert_eq!(cell("Koivula", "substance-use")["reach"], 0.14);
    assert_eq!(cell("Mäntylä", "physical-activity")["reach"], 0.86);
    assert_eq!(cell("Järvelä", "physical-activity")["reach"], 1.0);
    // Chain coverage and report-back per municipality.
    for m in ["Järvelä", "Koivula", "Mäntylä"] {
        assert_eq!(by_name(&v, m)["chain_coverage"]["numerator"], 5, "{m}");
        assert_eq!(by_name(&v, m)["report_back"]["numerator"], 3, "{m}");
    }
    // Rankings per theme (ties share a rank) and overall.
    let ranking = |theme: &str| -> Vec<(String, u64)> {
        let t = v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == theme)
            .unwrap();
        t["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["municipality"].as_str().unwrap().to_string(),
                    r["rank"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let owned = |x: &[(&str, u64)]| -> Vec<(String, u64)> {
        x.iter().map(|(n, r)| (n.to_string(), *r)).collect()
    };
    assert_eq!(
        ranking("substance-use"),
        owned(&[("Koivula", 1), ("Järvelä", 2), ("Mäntylä", 2)])
    );
    assert_eq!(
        ranking("physical-activity"),
        owned(&[("Järvelä", 1), ("Koivula", 1), ("Mäntylä", 3)])
    );
    assert_eq!(by_name(&v, "Koivula")["rank"], 1);
    assert_eq!(by_name(&v, "Järvelä")["rank"], 2);
    assert_eq!(by_name(&v, "Mäntylä")["rank"], 3);
    // Where welfare fades.
    let dist = |theme: &str| {
        v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == theme)
            .unwrap()["dropoffs"]
            .clone()
    };
    assert_eq!(
        dist("physical-activity"),
        serde_json::json!({"none": 2, "evaluation-report": 1})
    );
    assert_eq!(
        dist("substance-use"),
        serde_json::json!({"strategy": 2, "budget": 1})
    );
    assert_eq!(
        dist("mental-health"),
        serde_json::json!({"operating-plan": 3})
    );
    // Every figure is defined in the report.
    for k in [
        "reach",
        "mean_rung",
        "theme_rank",
        "overall_rank",
        "chain_coverage",
        "report_back",
    ] {
        assert!(v["definitions"][k].is_string(), "definition of {k}");
    }
}

#[test]
fn goals_are_never_paired_across_municipalities() {
    // The three share every goal's wording; only Mäntylä's evaluation report leaves physical
    // activity out, so its HVK goal must not be found evaluated there via the others.
    let s = three();
    let (v, _) = compare_json(&[s.arg()]);
    let status = |m: &str| -> Value {
        by_name(&v, m)["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["goal"] == "Kuntalaisten liikunta lisääntyy")
            .unwrap_or_else(|| panic!("{m} has the goal"))["statuses"]["evaluation-report"]
            .clone()
    };
    assert_eq!(status("Järvelä"), "covered");
    assert_eq!(status("Koivula"), "covered");
    assert_ne!(status("Mäntylä"), "covered");
}

#[test]
fn terminal_and_swedish_name_the_figures_and_where_welfare_fades() {
    let s = three();
    let out = run(&["compare", s.arg(), "--no-cache", "--lang", "sv"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    crate::snapshots::snapshot("compare-three-sv.txt", &text);
    assert!(
        text.starts_with("linjaus — jämförelse — 3 kommuner"),
        "{text}"
    );
    assert!(text.contains("Var välfärden faller bort"), "{text}");
    assert!(text.contains("Räckvidd = "), "{text}");
    // The overall ranking table, best first.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            ["Järvelä ", "Koivula ", "Mäntylä "]
                .iter()
                .any(|n| l.starts_with(n))
        })
        .collect();
    assert!(
        rows[0].starts_with("Koivula") && rows[0].trim_end().ends_with(" 1"),
        "{rows:?}"
    );
    assert!(
        rows[2].starts_with("Mäntylä") && rows[2].trim_end().ends_with(" 3"),
        "{rows:?}"
    );
}

#[test]
fn one_bad_municipality_is_named_and_the_rest_compared() {
    let s = three();
    s.write("rikki/linjaus.toml", "municipality = \"Rikkilä\"\n");
    s.write("rikki/talousarvio-2026.pdf", "%PDF-1.4 truncated");
    let (v, out) = compare_json(&[s.arg()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: Rikkilä: ") && l.contains("talousarvio-2026.pdf")),
        "{err}"
    );
    assert_eq!(v["municipalities"].as_array().unwrap().len(), 4);
    assert_eq!(by_name(&v, "Koivula")["rank"], 1);
    assert!(by_name(&v, "Rikkilä")["errors"].as_array().unwrap().len() == 1);
}

#[test]
fn a_root_without_municipality_folders_is_an_error() {
    let s = Scratch::new("compare-flat");
    s.write("muistiinpanot.xyz", "ei asiakirja");
    let out = run(&["compare", s.arg(), "--no-cache"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no documents and no municipality folders"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn two_budgets_of_one_municipality_give_the_planted_gains_and_losses() {
    let s = Scratch::new("compare-years");
    municipality(&s, "jarvela", "Järvelä", "Järvelän", &[], &[]);
    // The 2027 budget: youth mental health no longer a binding goal, loneliness becomes one.
    let budget = std::fs::read_to_string(sample().join("05-talousarvio-2026.md")).unwrap();
    let mental = "| Nuorten mielenterveyttä tuetaan yläkoulussa | Ahdistuneisuutta kokevien osuus, kouluterveyskysely | alle 15 % | Sivistysjohtaja |";
    let lonely = "| Yksinäisyys vähenee kylissä | Yksinäisyyttä kokevien osuus | alle 9 % | Sivistysjohtaja |";
    assert!(budget.contains(mental));
    let b2027 = budget
        .replace("2027–2028", "2028–2029")
        .replace("2026", "2027")
        .replace(mental, lonely);
    s.write("jarvela/05b-talousarvio-2027.md", b2027);
    let manifest = std::fs::read_to_string(s.path().join("jarvela/linjaus.toml")).unwrap();
    s.write(
        "jarvela/linjaus.toml",
        format!(
            "{manifest}\n[[document]]\npath = \"05b-talousarvio-2027.md\"\nlevel = \"budget\"\nyear = 2027\n"
        ),
    );
    let path = s.path().join("jarvela");
    let other = s.path().join("jarvela-copy");
    municipality(&s, "jarvela-copy", "Kopio", "Kopion", &[], &[]);
    let (v, out) = compare_json(&[path.to_str().unwrap(), other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let years = by_name(&v, "Järvelä")["years"].as_array().unwrap().clone();
    assert_eq!(years.len(), 1, "{years:?}");
    let y = &years[0];
    assert_eq!(
        (y["level"].as_str(), y["from"].as_u64(), y["to"].as_u64()),
        (Some("budget"), Some(2026), Some(2027))
    );
    let theme = |id: &str| {
        y["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["theme"] == id)
            .unwrap_or_else(|| panic!("{id} changed: {y}"))
            .clone()
    };
    let m = theme("mental-health");
    assert_eq!(
        (m["from"].as_u64(), m["to"].as_u64(), m["change"].as_str()),
        (Some(5), Some(0), Some("lost"))
    );
    assert_eq!(m["newly_dropped_off"], true);
    let l = theme("loneliness-community");
    assert_eq!(
        (l["from"].as_u64(), l["change"].as_str()),
        (Some(2), Some("gained"))
    );
    assert!(l["to"].as_u64().unwrap() >= 4, "{l}");
    assert_eq!(l["newly_met"], true);
    // Physical activity is the same in both budgets: not listed.
    assert!(
        y["themes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["theme"] != "physical-activity")
    );
    // HVK goals: the youth mental-health goal lost its budget row, loneliness gained one.
    let goal = |text: &str| {
        y["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["goal"] == text)
            .unwrap_or_else(|| panic!("goal {text} changed: {y}"))
            .clone()
    };
    assert_eq!(goal("Nuorten mielenterveys vahvistuu")["change"], "lost");
    assert_eq!(
        goal("Yksinäisyys vähenee kaikissa ikäryhmissä")["change"],
        "gained"
    );
    assert_eq!(
        goal("Yksinäisyys vähenee kaikissa ikäryhmissä")["to"],
        "covered"
    );
    // A municipality with one budget has no year comparison.
    assert!(by_name(&v, "Kopio")["years"].as_array().unwrap().is_empty());
    // One municipality's own folder is compared with itself over the years.
    let (one, out) = compare_json(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(one["municipalities"].as_array().unwrap().len(), 1);
    assert_eq!(
        by_name(&one, "Järvelä")["years"],
        by_name(&v, "Järvelä")["years"]
    );
}

#[test]
fn a_mixed_folder_is_reported_and_its_goals_kept_apart() {
    // Järvelä's documents and Koivula's in one folder, no manifest; Järvelä's budget left out,
    // so only Koivula's budget carries the shared goal wording.
    let s = Scratch::new("compare-mixed");
    let mix = Scratch::new("compare-mixed-src");
    municipality(&mix, "k", "Koivula", "Koivulan", &[], &[]);
    for e in std::fs::read_dir(sample()).unwrap().flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        if f.ends_with(".md") && f != "05-talousarvio-2026.md" {
            s.write(&format!("j-{f}"), std::fs::read(e.path()).unwrap());
        }
    }
    for e in std::fs::read_dir(mix.path().join("k")).unwrap().flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        if f.ends_with(".md") {
            s.write(&format!("k-{f}"), std::fs::read(e.path()).unwrap());
        }
    }
    let out = run(
        &["analyse", s.arg(), "--format", "json", "--no-cache"],
        None,
    );
    let err = stderr(&out);
    assert!(
        err.contains("holds documents of 2 municipalities") && err.contains("linjaus compare"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("2 municipalities")),
        "the JSON says so too"
    );
    let items = v["goals"]["items"].as_array().unwrap();
    assert!(
        items.len() >= 12,
        "both welfare reports' goals: {}",
        items.len()
    );
    let mut budget_matches = 0;
    for i in items {
        let src = i["source"]["document"].as_str().unwrap();
        for t in i["trace"].as_array().unwrap() {
            if let Some(doc) = t["match"]["document"].as_str() {
                assert_eq!(&doc[..2], &src[..2], "{src} paired with {doc}");
                if t["level"] == "budget" {
                    budget_matches += 1;
                }
            }
        }
    }
    // Koivula's goals still find Koivula's budget.
    assert!(budget_matches > 0);
}

#[test]
fn a_rerun_reuses_unchanged_municipalities_and_sees_a_changed_one() {
    let s = three();
    let cache = Scratch::new("compare-cache");
    let a = [
        "compare",
        s.arg(),
        "--format",
        "json",
        "--cache-dir",
        cache.arg(),
        "-v",
    ];
    let first = run(&a, None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(!stderr(&first).contains("summary read from the cache"));
    let again = run(&a, None);
    let err = stderr(&again);
    for m in ["Järvelä", "Koivula", "Mäntylä"] {
        assert!(
            err.contains(&format!(
                "note: {m}: no file changed, its summary read from the cache"
            )),
            "{err}"
        );
    }
    assert_eq!(
        stdout(&first),
        stdout(&again),
        "the same report from the summaries"
    );
    // Koivula's strategy loses its substance-use goal: Koivula is analysed again, and its
    // drop-off moves back to the strategy; the others are still read from the cache.
    let strategy = s.path().join("koivula/02-kuntastrategia-2025-2030.md");
    let text = std::fs::read_to_string(&strategy).unwrap();
    std::fs::write(
        &strategy,
        text.replace(SUBSTANCE_IN_STRATEGY.2, SUBSTANCE_IN_STRATEGY.1),
    )
    .unwrap();
    let third = run(&a, None);
    let err = stderr(&third);
    assert!(
        err.contains("note: Koivula: 1 documents read from the cache")
            || err.contains("note: Koivula: 9 documents read from the cache, 1 analysed afresh"),
        "{err}"
    );
    assert!(err.contains("note: Järvelä: no file changed"), "{err}");
    let v: Value = serde_json::from_str(&stdout(&third)).unwrap();
    assert_eq!(
        by_name(&v, "Koivula")["themes"]["substance-use"]["dropoff"],
        "strategy"
    );
}

fn compare_out(args: &[&str]) -> String {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.push("--no-cache");
    let out = run(&all, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn csv_holds_the_json_cells_one_row_per_municipality_and_theme() {
    let s = three();
    let text = compare_out(&[s.arg(), "--format", "csv"]);
    let (v, _) = compare_json(&[s.arg()]);
    let rows = parse_csv(&text);
    let header = &rows[0];
    let levels: Vec<&str> = v["levels_present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(&header[..3], ["kunta", "teema_id", "teema"]);
    assert_eq!(header[3], "porras: Hyvinvointikertomus");
    assert_eq!(header.len(), 3 + levels.len() + 6, "{header:?}");
    assert_eq!(
        &header[3 + levels.len()..],
        [
            "katkeamiskohta_id",
            "katkeamiskohta",
            "selitys",
            "ulottuvuus",
            "keskiporras",
            "sija"
        ]
    );
    // Every municipality × traced theme once, every figure the JSON's.
    let cells: usize = v["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["themes"].as_object().unwrap().len())
        .sum();
    assert_eq!(rows.len() - 1, cells);
    let num = |j: &Value| {
        j.as_f64()
            .map_or(String::new(), |x| x.to_string().replace('.', ","))
    };
    for row in &rows[1..] {
        assert_eq!(row.len(), header.len(), "{row:?}");
        let cell = &by_name(&v, &row[0])["themes"][&row[1]];
        assert!(cell.is_object(), "{row:?}");
        for (k, l) in levels.iter().enumerate() {
            let rung = cell["rungs"][l]
                .as_u64()
                .map_or(String::new(), |r| r.to_string());
            assert_eq!(row[3 + k], rung, "{row:?} at {l}");
        }
        let rest = &row[3 + levels.len()..];
        assert_eq!(rest[0], cell["dropoff"].as_str().unwrap_or(""), "{row:?}");
        assert_eq!(rest[3], num(&cell["reach"]), "{row:?}");
        assert_eq!(rest[4], num(&cell["mean_rung"]), "{row:?}");
        assert_eq!(rest[5], num(&cell["rank"]), "{row:?}");
    }
    // The planted drop-off, in words.
    let koivula = rows
        .iter()
        .find(|r| r[0] == "Koivula" && r[1] == "substance-use")
        .unwrap();
    assert_eq!(koivula[3 + levels.len() + 1], "Talousarvio");
    assert_eq!(koivula[3 + levels.len() + 3], "0,14");
    crate::snapshots::snapshot("compare-three.csv", &text);
}

#[test]
fn markdown_holds_the_same_table() {
    let s = three();
    let text = compare_out(&[s.arg(), "--format", "md"]);
    crate::snapshots::snapshot("compare-three-fi.md", &text);
    assert!(
        text.starts_with("# linjaus — vertailu — 3 kuntaa\n"),
        "{text}"
    );
    let csv = compare_out(&[s.arg(), "--format", "csv"]);
    let rows = parse_csv(&csv);
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with("| ")).collect();
    // Header, alignment row, the CSV's rows.
    assert_eq!(table.len(), rows.len() + 1);
    assert!(
        table[1].starts_with("| --- | --- | --- | ---: |"),
        "{}",
        table[1]
    );
    assert!(
        table
            .iter()
            .any(|l| l.starts_with("| Koivula | substance-use |")
                && l.contains("| budget | Talousarvio |")
                && l.contains("| 0,14 |")),
        "{text}"
    );
    assert!(text.contains("\n## Luvut\n"), "{text}");
}

#[test]
fn swedish_csv_headers_and_output_to_a_file() {
    let s = three();
    let out_file = s.path().join("jämförelse.csv");
    let out = run(
        &[
            "compare",
            s.arg(),
            "--no-cache",
            "--format",
            "csv",
            "--lang",
            "sv",
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let text = std::fs::read_to_string(&out_file).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(
        &rows[0][..4],
        ["kommun", "tema_id", "tema", "steg: Välfärdsberättelse"]
    );
    assert!(
        rows[0].contains(&"steg: Bokslut".to_string()),
        "{:?}",
        rows[0]
    );
    assert_eq!(
        &rows[0][rows[0].len() - 6..],
        [
            "faller bort_id",
            "faller bort",
            "förklaring",
            "räckvidd",
            "medelsteg",
            "rang"
        ]
    );
    let row = rows
        .iter()
        .find(|r| r[0] == "Koivula" && r[1] == "substance-use")
        .unwrap();
    assert_eq!(row[2], "Rusmedel och beroende", "{row:?}");
    assert!(
        text.lines().all(|l| !l.contains("Talousarvio")),
        "Swedish words only"
    );
}

#[test]
fn hostile_municipality_and_theme_names_stay_in_their_field_and_never_run() {
    let s = Scratch::new("compare-hostile");
    municipality(&s, "jarvela", "Järvelä", "Järvelän", &[], &[]);
    municipality(&s, "paha", "Pahala", "Pahalan", &[], &[]);
    let manifest = s.path().join("paha/linjaus.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap().replace(
        "municipality = \"Pahala\"\n",
        "municipality = \"=HYPERLINK(\\\"x\\\"), \\\"Pahala\\\"; rivi\\nkaksi\\u001b[2J\"\nthemes = [\"pyoraily\"]\n",
    );
    s.write(
        "paha/linjaus.toml",
        format!(
            "{toml}\n[[theme]]\nid = \"pyoraily\"\nlabel = {{ fi = \"@Pyöräily, \\\"fillari\\\"; kulku\\nteema\", sv = \"Cykling\", en = \"Cycling\" }}\nfi.terms = [\"pyöräily\"]\n"
        ),
    );
    let text = compare_out(&[s.arg(), "--format", "csv"]);
    let rows = parse_csv(&text);
    let header_len = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == header_len), "{rows:?}");
    let name = "'=HYPERLINK(\"x\"), \"Pahala\"; rivi\nkaksi\u{241b}[2J";
    let paha: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == name).collect();
    assert!(!paha.is_empty(), "{text}");
    let theme = paha
        .iter()
        .find(|r| r[1] == "pyoraily")
        .expect("pinned theme row");
    assert_eq!(theme[2], "'@Pyöräily, \"fillari\"; kulku\nteema");
    assert!(!text.contains('\u{1b}'), "no raw escape code");
    // No field of the file starts like a formula.
    for r in &rows {
        for f in r {
            assert!(!f.starts_with(['=', '+', '@']), "{f:?}");
        }
    }
    // Markdown: one table line per row, nothing unescaped.
    let md = compare_out(&[s.arg(), "--format", "markdown"]);
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(table.len(), rows.len() + 1, "{md}");
    assert!(!md.contains('\u{1b}'));
    assert!(
        md.contains("=HYPERLINK(\"x\"), \"Pahala\"; rivi kaksi␛\\[2J"),
        "{md}"
    );
}
