//! `linjaus analyse` on the bundled sample and on broken corpora.

use crate::util::{Scratch, run, sample, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;

fn analyse_json(path: &str) -> (Value, std::process::Output) {
    let out = run(&["analyse", path, "--format", "json", "--no-cache"], None);
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", stderr(&out)));
    (v, out)
}

#[test]
fn sample_finds_exactly_the_planted_dropoffs() {
    let (v, out) = analyse_json(sample().to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: BTreeMap<String, Option<String>> = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["dropoff"]["level"].as_str().map(str::to_string),
            )
        })
        .collect();
    let want: BTreeMap<String, Option<String>> = [
        ("physical-activity", None),
        ("loneliness-community", Some("budget")),
        ("wellbeing-promotion", Some("budget")),
        ("substance-use", Some("strategy")),
        ("mental-health", Some("operating-plan")),
        ("children-youth-families", Some("operating-plan")),
        ("older-people", Some("annual-report")),
        ("employment-income", Some("evaluation-report")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
    assert_eq!(v["traced_from"], "hvk");
    assert_eq!(v["chain_coverage"]["numerator"], 5);
    assert_eq!(v["chain_coverage"]["denominator"], 8);
    assert_eq!(v["report_back"]["numerator"], 3);
    assert_eq!(v["report_back"]["denominator"], 5);
}

#[test]
fn sample_levels_are_given_or_inferred_right() {
    let (v, _) = analyse_json(sample().to_str().unwrap());
    let docs = v["documents"].as_array().unwrap();
    let level = |p: &str| {
        docs.iter()
            .find(|d| d["path"] == p)
            .map(|d| {
                (
                    d["level"].as_str().unwrap().to_string(),
                    d["level_source"].as_str().unwrap().to_string(),
                )
            })
            .unwrap()
    };
    for (doc, want, source) in [
        ("03-liikuntaohjelma-2025-2028.md", "programme", "inferred"),
        (
            "04-talousarvion-laadintaohje-2026.md",
            "budget-instructions",
            "inferred",
        ),
        ("06-kayttosuunnitelma-2026.md", "operating-plan", "inferred"),
        ("07-osavuosikatsaus-2026.md", "interim-report", "inferred"),
        (
            "10-arviointikertomus-2026.md",
            "evaluation-report",
            "inferred",
        ),
        ("05-talousarvio-2026.md", "budget", "manifest"),
    ] {
        assert_eq!(level(doc), (want.into(), source.into()), "{doc}");
    }
    let inferred: Vec<&str> = v["inferred_levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(inferred.len(), 5);
    let ohje = docs
        .iter()
        .find(|d| d["path"] == "04-talousarvion-laadintaohje-2026.md")
        .unwrap();
    assert!(
        ohje["level_cues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "title: laadintaohje"),
        "{ohje}"
    );
}

#[test]
fn every_cell_carries_citable_evidence() {
    let (v, _) = analyse_json(sample().to_str().unwrap());
    let t = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "physical-activity")
        .unwrap();
    let budget = &t["levels"]["budget"];
    assert_eq!(budget["rung"], 6);
    assert_eq!(budget["expected_rung"], 5);
    let ev = budget["evidence"].as_array().unwrap();
    let row = ev.iter().find(|e| e["rung"] == 6).expect("an R6 unit");
    assert_eq!(row["document"], "05-talousarvio-2026.md");
    assert_eq!(row["page"], 1);
    assert_eq!(row["kind"], "table-row");
    assert!(
        row["heading_path"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "Sitovat tavoitteet 2026")
    );
    assert!(
        row["matched"].as_array().unwrap().iter().any(|m| m
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("liikun"))
    );
    for f in ["binding", "goal", "indicator", "owner", "resources"] {
        assert!(
            row["facets"].as_array().unwrap().iter().any(|x| x == f),
            "{f} in {row}"
        );
    }
    // Document cells carry the figures; their evidence is the level evidence naming them.
    let doc = &t["documents"]["05-talousarvio-2026.md"];
    assert!(doc.get("evidence").is_none(), "{doc}");
    let named = ev
        .iter()
        .filter(|e| e["document"] == "05-talousarvio-2026.md")
        .count();
    assert_eq!(doc["units"].as_u64().unwrap() as usize, named);
    // Score parts add up to the score.
    let parts = &budget["score_parts"];
    let sum = parts["depth"].as_f64().unwrap() + parts["breadth"].as_f64().unwrap();
    assert_eq!(budget["score"].as_f64().unwrap(), sum.round());
    // The drop-off says why in words.
    let lone = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "loneliness-community")
        .unwrap();
    assert_eq!(lone["dropoff"]["rung"], 2);
    assert!(
        lone["dropoff"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Talousarvio: R2"),
        "{}",
        lone["dropoff"]
    );
}

#[test]
fn terminal_table_marks_dropoffs_without_colour() {
    let out = run(&["analyse", sample().to_str().unwrap(), "--no-cache"], None);
    let s = stdout(&out);
    assert!(
        !s.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let line = s
        .lines()
        .find(|l| l.starts_with("Päihteet ja riippuvuudet"))
        .unwrap();
    assert!(line.contains("R0!"), "{line}");
    assert!(line.trim_end().ends_with("STRAT"), "{line}");
    let en = stdout(&run(
        &[
            "analyse",
            sample().to_str().unwrap(),
            "--lang",
            "en",
            "--no-cache",
        ],
        None,
    ));
    assert!(en.contains("Substance use and addiction"));
    let forced = stdout(&run(
        &[
            "analyse",
            sample().to_str().unwrap(),
            "--color",
            "always",
            "--no-cache",
        ],
        None,
    ));
    assert!(forced.contains("\x1b[31;1m"));
}

#[test]
fn no_hvk_traces_all_themes_and_says_so() {
    let s = Scratch::new("nohvk");
    s.write("talousarvio-2026.txt", "# Talousarvio 2026\n\nSitova tavoite: liikunta lisääntyy. Mittari: käyttökerrat. Vastuu: vapaa-aikajohtaja.\n");
    let (v, out) = analyse_json(s.arg());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(v["traced_from"], "all-themes-no-hvk");
    assert_eq!(v["themes"].as_array().unwrap().len(), 25);
    let t = stdout(&run(&["analyse", s.arg()], None));
    assert!(t.contains("ei ole hyvinvointikertomusta"), "{t}");
}

#[test]
fn bad_documents_are_named_and_the_rest_is_analysed() {
    let s = Scratch::new("bad");
    s.write(
        "hyvinvointikertomus.txt",
        "# Hyvinvointikertomus 2025\n\nTavoite: liikunta lisääntyy.\n",
    );
    s.write("tyhja.txt", "");
    s.write("binaari.txt", b"\x00\x01\x02liikunta\x00");
    s.write("talousarvio.pdf", b"%PDF-1.7\n");
    s.write(
        "linjaus.toml",
        "[[document]]\npath = \"puuttuu.txt\"\nlevel = \"budget\"\n\n[[document]]\npath = \"hyvinvointikertomus.txt\"\nlevel = \"hvk\"\n",
    );
    let (v, out) = analyse_json(s.arg());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("tyhja.txt: file is empty"), "{err}");
    assert!(err.contains("binaari.txt: not a text file"), "{err}");
    assert!(err.contains("talousarvio.pdf: not a readable PDF"), "{err}");
    assert!(
        err.contains("puuttuu.txt") && err.contains("listed in linjaus.toml line 2"),
        "{err}"
    );
    assert_eq!(v["errors"].as_array().unwrap().len(), 4);
    assert_eq!(
        v["documents"].as_array().unwrap().len(),
        1,
        "the good document is still analysed"
    );
    assert_eq!(v["themes"][0]["id"], "physical-activity");
}

#[test]
fn unknown_level_in_manifest_is_reported_with_line_and_valid_ids() {
    let s = Scratch::new("badlevel");
    s.write("a.txt", "Liikunta lisääntyy.\n");
    s.write(
        "linjaus.toml",
        "municipality = \"X\"\n\n[[document]]\npath = \"a.txt\"\nlevel = \"budjetti\"\n",
    );
    let out = run(&["analyse", s.arg()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("linjaus.toml:5: unknown level `budjetti` for `a.txt`; valid levels: hvk, strategy, programme, budget-instructions, budget, operating-plan, interim-report, financial-statement, annual-report, evaluation-report"), "{err}");
    assert!(
        stdout(&out).contains("a.txt"),
        "the document is still analysed"
    );
}

#[test]
fn legacy_encodings_are_read() {
    let s = Scratch::new("enc");
    s.write("latin1.txt", b"# Hyvinvointikertomus\n\nTavoitteena on v\xE4hent\xE4\xE4 yksin\xE4isyytt\xE4 ja p\xE4ihteiden k\xE4ytt\xF6\xE4.\n");
    s.write("bom.txt", b"\xEF\xBB\xBF# Strategia\n\nTavoitteena on v\xC3\xA4hent\xC3\xA4\xC3\xA4 yksin\xC3\xA4isyytt\xC3\xA4.\n");
    let (v, out) = analyse_json(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let enc: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(enc, ["utf-8", "iso-8859-1"]);
    let ids: Vec<&str> = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"loneliness-community") && ids.contains(&"substance-use"),
        "{ids:?}"
    );
}

#[test]
fn form_feed_is_a_page_break_and_output_file_is_written() {
    let s = Scratch::new("pages");
    s.write(
        "hyvinvointikertomus.txt",
        "# Hyvinvointikertomus\n\nJohdanto.\n\u{000C}Tavoitteena on lisätä liikuntaa.\n",
    );
    let out_file = s.path().join("out/report.json");
    std::fs::create_dir_all(out_file.parent().unwrap()).unwrap();
    let out = run(
        &[
            "analyse",
            s.arg(),
            "--format",
            "json",
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    let ev = &v["themes"][0]["levels"]["hvk"]["evidence"][0];
    assert_eq!(ev["page"], 2);
    assert_eq!(
        std::fs::read_dir(out_file.parent().unwrap())
            .unwrap()
            .count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn level_is_inferred_past_a_signature_page_and_from_an_ascii_file_name() {
    let s = Scratch::new("infer");
    s.write(
        "kaupunki-tilinpaatos-2024.txt",
        "Asiakirjan ovat allekirjoittaneet\n\nMATTI MEIKÄLÄINEN\n\nTelia Tunnistus\n\u{000C}Esimerkkilän kaupunki\n\nTilinpäätös 2024\n\nTuloslaskelma ja rahoituslaskelma.\n",
    );
    s.write("ohje.txt", "Vuoden 2024 talousarvion täytäntöönpano-ohjeet\n\n1. Käyttösuunnitelmien tarkistaminen\n\nToimielinten tulee tarkistaa käyttösuunnitelmansa.\n");
    s.write("muistio.txt", "Kokouksessa keskusteltiin säästä.\n");
    let (v, out) = analyse_json(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = |p: &str| {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == p)
            .unwrap()
            .clone()
    };
    let tp = doc("kaupunki-tilinpaatos-2024.txt");
    assert_eq!(tp["level"], "financial-statement");
    assert_eq!(tp["title"], "Tilinpäätös 2024");
    assert_eq!(tp["years"], serde_json::json!([2024]));
    assert!(
        tp["level_cues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "file name: tilinpäätös"),
        "{tp}"
    );
    assert_eq!(doc("ohje.txt")["level"], "budget-instructions");
    let memo = doc("muistio.txt");
    assert_eq!(memo["level"], serde_json::Value::Null);
    assert_eq!(memo["level_source"], "unknown");
    assert!(
        stderr(&out).contains("muistio.txt: no level cue found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn arbitrary_bytes_never_panic_and_link_cycles_end() {
    // A small deterministic generator (xorshift): bytes biased towards text, newlines, form
    // feeds, hyphens, pipes and multi-byte letters.
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet: Vec<&str> = vec![
        "a", "ä", "ö", "-", "\n", "\u{000C}", "|", " ", "#", "1", ".", ",", "\u{00AD}", "€", "%",
        "liikunta", "Tavoite", "\t", "•", "İ",
    ];
    let s = Scratch::new("fuzz");
    let mut lines = String::new();
    for i in 0..60 {
        let len = (next() % 400) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        s.write(&format!("doc{i}.txt"), &text);
        lines.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        lines.push('\n');
    }
    let raw: Vec<u8> = (0..4000).map(|_| (next() & 0xFF) as u8).collect();
    s.write("raw.txt", &raw);
    #[cfg(unix)]
    std::os::unix::fs::symlink(s.path(), s.path().join("loop")).unwrap();
    let out = run(&["analyse", s.arg(), "--format", "json"], None);
    assert!(matches!(out.status.code(), Some(0 | 2)), "{}", stderr(&out));
    assert!(serde_json::from_str::<Value>(&stdout(&out)).is_ok());
    let out = run(&["tag", "-"], Some(&lines));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 60);
}

#[test]
fn a_financial_statement_book_carries_its_annual_report_as_a_section() {
    let s = Scratch::new("book");
    s.write(
        "tilinpaatos-2025.md",
        "# Tilinpäätös 2025\n\n## 1 Toimintakertomus\n\nTavoite liikunnan lisäämisestä toteutui: käyttökertoja oli 158 300.\n\n\u{000C}## 2 Tuloslaskelma\n\n| Tuloslaskelma | 2025 |\n|---|---|\n| Toimintatuotot | 9 800 000 |\n",
    );
    let (v, out) = analyse_json(s.arg());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = &v["documents"][0];
    assert_eq!(d["level"], "financial-statement");
    let sections: Vec<(String, u64)> = d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["level"].as_str().unwrap().to_string(),
                x["from_page"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("financial-statement".into(), 1),
            ("annual-report".into(), 1),
            ("financial-statement".into(), 2)
        ]
    );
    assert_eq!(
        v["levels_present"],
        serde_json::json!(["financial-statement", "annual-report"])
    );
    let t = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "physical-activity")
        .unwrap();
    assert_eq!(t["levels"]["annual-report"]["rung"], 7, "{t}");
    assert_eq!(t["levels"]["financial-statement"]["rung"], 0, "{t}");
}

/// `analyse --format json --verbose` with the cache: the report and the cache counts the run
/// notes on stderr (documents read from the cache, documents analysed afresh).
fn analyse_cached(path: &str) -> (Value, usize, usize) {
    let out = run(&["analyse", path, "--format", "json", "--verbose"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let note = err
        .lines()
        .find(|l| l.contains("read from the cache"))
        .unwrap_or_else(|| panic!("no cache note: {err}"));
    let n: Vec<usize> = note
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let v = serde_json::from_str(&stdout(&out)).unwrap();
    (v, n[0], n[1])
}

#[test]
fn the_cache_gives_the_same_report_and_re_reads_only_changed_documents() {
    let s = Scratch::new("cache");
    for e in std::fs::read_dir(sample())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
    {
        std::fs::copy(e.path(), s.path().join(e.file_name())).unwrap();
    }
    let cache = s.path().join(".linjaus/cache");
    let entries = || {
        let mut v: Vec<String> = std::fs::read_dir(&cache)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let (first, hits, misses) = analyse_cached(s.arg());
    assert_eq!(
        (hits, misses),
        (0, 10),
        "a cold run analyses every document"
    );
    let after_first = entries();
    assert_eq!(after_first.len(), 10, "one entry per document");
    let (second, hits, misses) = analyse_cached(s.arg());
    assert_eq!(
        (hits, misses),
        (10, 0),
        "a warm run reads every document from the cache"
    );
    assert_eq!(first, second, "a cached run reports exactly the same");
    assert_eq!(entries(), after_first);

    // One document changes: only it is analysed again, and only its entry is replaced.
    let budget = s.path().join("05-talousarvio-2026.md");
    let mut text = std::fs::read_to_string(&budget).unwrap();
    text.push_str("\nUimahallin kävijämäärä kasvoi.\n");
    std::fs::write(&budget, text).unwrap();
    let (third, hits, misses) = analyse_cached(s.arg());
    assert_eq!((hits, misses), (9, 1));
    let after_change = entries();
    assert_eq!(after_change.len(), 10);
    assert_eq!(
        after_change
            .iter()
            .filter(|e| after_first.contains(e))
            .count(),
        9,
        "the unchanged documents' entries are kept"
    );
    assert_ne!(
        third["documents"][4]["words"],
        first["documents"][4]["words"]
    );

    // A corrupt entry is ignored (a miss, analysed afresh), and --no-cache neither reads nor
    // writes.
    for e in &after_change {
        std::fs::write(cache.join(e), "not json").unwrap();
    }
    let (fourth, hits, misses) = analyse_cached(s.arg());
    assert_eq!((hits, misses), (0, 10));
    assert_eq!(fourth, third);
    std::fs::remove_dir_all(s.path().join(".linjaus")).unwrap();
    let out = run(&["analyse", s.arg(), "--no-cache"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(!s.path().join(".linjaus").exists());
}

/// Links inside the corpus are read; nothing is read from outside it, neither through a linked
/// file nor through a manifest path that runs through a linked folder.
#[cfg(unix)]
#[test]
fn nothing_is_read_from_outside_the_corpus_folder() {
    let s = Scratch::new("outside");
    s.write(
        "outside-secret.md",
        "Liikuntapaikkojen kunnostus SALAISUUS tavoitteena.\n",
    );
    let corpus = s.0.join("corp");
    s.write(
        "corp/05-talousarvio-2026.md",
        "# Talousarvio 2026\n\nLiikuntapaikkojen kunnostus on tavoitteena.\n",
    );
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::os::unix::fs::symlink(&s.0, corpus.join("sub/updir")).unwrap();
    std::os::unix::fs::symlink(s.0.join("outside-secret.md"), corpus.join("link-secret.md"))
        .unwrap();
    std::os::unix::fs::symlink(
        corpus.join("05-talousarvio-2026.md"),
        corpus.join("inside-link.md"),
    )
    .unwrap();
    s.write(
        "corp/linjaus.toml",
        "municipality = \"Testi\"\n[[document]]\npath = \"sub/updir/outside-secret.md\"\nlevel = \"strategy\"\n",
    );
    let (v, out) = analyse_json(corpus.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    assert!(!stdout(&out).contains("SALAISUUS"), "{}", stdout(&out));
    let err = stderr(&out);
    for name in ["link-secret.md", "sub/updir/outside-secret.md"] {
        assert!(
            err.contains(&format!("{name}: leads outside the corpus folder")),
            "{name}: {err}"
        );
    }
    let docs: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["05-talousarvio-2026.md", "inside-link.md"]);
}

/// A folder that cannot be read is an error (exit 2), not a silent gap.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("unreadable");
    s.write(
        "05-talousarvio-2026.md",
        "# Talousarvio 2026\n\nLiikunta.\n",
    );
    s.write(
        "locked/06-kayttosuunnitelma-2026.md",
        "# Käyttösuunnitelma\n",
    );
    let locked = s.0.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        crate::util::skipped("running as root, a folder cannot be made unreadable");
        return;
    }
    let (v, out) = analyse_json(s.arg());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("locked: "), "{}", stderr(&out));
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

/// Two runs on one corpus at once (CI jobs sharing a workspace) both succeed with the same
/// report: cache entries are written whole and renamed into place.
#[test]
fn two_analyses_at_once_on_one_corpus_both_succeed() {
    let s = Scratch::new("parallel");
    for e in std::fs::read_dir(sample()).unwrap().flatten() {
        std::fs::copy(e.path(), s.0.join(e.file_name())).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_linjaus");
    let start = || {
        std::process::Command::new(bin)
            .args(["analyse", s.arg(), "--format", "json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let (a, b) = (start(), start());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
        assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
        assert_eq!(stdout(&a), stdout(&b));
    }
    let leftovers: Vec<_> = std::fs::read_dir(s.0.join(".linjaus/cache"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
