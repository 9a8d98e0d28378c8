//! `linjaus check` on a copy of the sample corpus: the default policy, each rule passing and
//! failing, severities, exit codes 0/1/2 (2 beating 1), draft mode, the baseline cycle, JUnit
//! XML checked with a parser, GitHub annotations, and policy problems with file and line.

use crate::util::{Scratch, run, sample, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

const BUDGET: &str = "05-talousarvio-2026.md";
const EMPLOYMENT_ROW: &str = "| Pitkäaikaistyöttömyys vähenee |";
const EMPLOYMENT_GOAL: &str = "hvk-06-pitkaaikaistyottomyys-vahenee";

/// A copy of the sample corpus in a scratch folder (the checkout is never written).
fn corpus(name: &str) -> Scratch {
    let s = Scratch::new(name);
    for e in std::fs::read_dir(sample()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), s.path().join(e.file_name())).unwrap();
    }
    s
}

fn check(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", dir.to_str().unwrap(), "--no-cache", "--lang", "en"];
    args.extend_from_slice(extra);
    run(&args, None)
}

fn json(dir: &Path, extra: &[&str]) -> (Option<i32>, Value, String) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let o = check(dir, &args);
    let v: Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(&o), stderr(&o)));
    (o.status.code(), v, stderr(&o))
}

/// Results of one outcome as `rule subject level` strings.
fn with_outcome(v: &Value, outcome: &str) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == outcome)
        .map(|r| {
            format!(
                "{} {} {}",
                r["rule"].as_str().unwrap(),
                r["subject"].as_str().unwrap(),
                r["level"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn result<'a>(v: &'a Value, key: &str) -> &'a Value {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            format!(
                "{} {} {}",
                r["rule"].as_str().unwrap(),
                r["subject"].as_str().unwrap(),
                r["level"].as_str().unwrap_or("-")
            ) == key
        })
        .unwrap_or_else(|| panic!("no result {key} in {v:#}"))
}

fn policy(s: &Scratch, text: &str) -> PathBuf {
    s.write("policy.toml", text)
}

#[test]
fn default_policy_on_the_sample() {
    let s = corpus("default");
    let (code, v, err) = json(s.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["policy"], "default");
    assert_eq!(v["exit_code"], 1);
    let fails = with_outcome(&v, "fail");
    // The sample's known gaps: substance use is absent from the budget, the operating plan
    // leaves out five themes, loneliness is shallow in the budget, one binding goal is not
    // reported back.
    for want in [
        "min_rung substance-use budget",
        "min_rung loneliness-community budget",
        "min_rung mental-health operating-plan",
        "goals_covered hvk-02-yksinaisyys-vahenee-kaikissa-ikaryhmissa budget",
        "goals_covered hvk-04-paihteiden-kaytto-vahenee budget",
        "binding_reported budget-nuorten-mielenterveytta-tuetaan-ylakoulussa budget",
        "no_dropoff_before mental-health financial-statement",
    ] {
        assert!(fails.contains(&want.to_string()), "{want} in {fails:#?}");
    }
    let passes = with_outcome(&v, "pass");
    assert!(passes.contains(&"min_rung physical-activity budget".to_string()));
    assert!(passes.contains(&format!("goals_covered {EMPLOYMENT_GOAL} budget")));
    // Nothing found: the documents searched are named; found: the best evidence.
    let absent = result(&v, "min_rung substance-use budget");
    assert_eq!(absent["found"]["rung"], 0);
    assert_eq!(absent["required"]["rung"], 4);
    assert!(absent["evidence"].is_null());
    assert_eq!(absent["searched"], serde_json::json!([BUDGET]));
    let shallow = result(&v, "min_rung loneliness-community budget");
    assert_eq!(shallow["found"]["rung"], 2);
    assert_eq!(shallow["evidence"]["document"], BUDGET);
    assert_eq!(shallow["evidence"]["page"], 1);
    assert!(
        shallow["evidence"]["text"]
            .as_str()
            .unwrap()
            .contains("Yksinäisyyden vähentäminen")
    );
    // The drop-off rule is a warning by default: it does not count as an error.
    let d = result(&v, "no_dropoff_before mental-health financial-statement");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["found"]["dropoff_level"], "operating-plan");
    let errors = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "fail" && r["severity"] == "error")
        .count();
    assert_eq!(v["summary"]["errors"], errors);
    assert!(v["summary"]["warnings"].as_u64().unwrap() >= 1);

    // The terminal: one line per failure, then the counts.
    let o = check(s.path(), &[]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with(
        "error: min_rung · Budget · Substance use and addiction (substance-use): found R0 (absent); required R4 — nothing found; searched: 05-talousarvio-2026.md"
    )), "{out}");
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("error: ")).count(),
        errors
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with(&format!("{errors} errors, ")),
        "{out}"
    );
}

#[test]
fn swedish_and_finnish_messages() {
    let s = corpus("sv");
    let o = run(&["check", s.arg(), "--no-cache", "--lang", "sv"], None);
    let out = stdout(&o);
    assert!(
        out.contains("fel: min_rung · Budget · Rusmedel och beroende (substance-use): hittat R0 (saknas); krävs R4 — inget hittat; sökt i: 05-talousarvio-2026.md"),
        "{out}"
    );
    let o = run(&["check", s.arg(), "--no-cache"], None);
    assert!(
        stdout(&o).contains("virhe: min_rung · Talousarvio"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_manifest_check_table_is_the_policy() {
    let s = corpus("manifest-policy");
    let manifest = std::fs::read_to_string(s.path().join("linjaus.toml")).unwrap();
    s.write(
        "linjaus.toml",
        format!("{manifest}\n[check]\nmin_rung = {{ budget = 2 }}\nexclude_themes = [\"substance-use\"]\n"),
    );
    let (code, v, err) = json(s.path(), &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(v["policy"].as_str().unwrap().ends_with("linjaus.toml"));
    assert!(with_outcome(&v, "fail").is_empty());
    assert_eq!(
        with_outcome(&v, "pass").len(),
        7,
        "eight traced, one excluded"
    );
}

#[test]
fn min_rung_passes_and_fails() {
    let s = corpus("min-rung");
    let p = policy(
        &s,
        "min_rung = { budget = 6 }\nthemes = [\"physical-activity\", \"mental-health\"]\n",
    );
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        with_outcome(&v, "pass"),
        ["min_rung physical-activity budget"]
    );
    assert_eq!(with_outcome(&v, "fail"), ["min_rung mental-health budget"]);
    let m = result(&v, "min_rung mental-health budget");
    assert_eq!(
        (m["found"]["rung"].as_u64(), m["required"]["rung"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(m["evidence"]["document"], BUDGET);
}

#[test]
fn goals_covered_passes_and_fails() {
    let s = corpus("goals");
    let p = policy(
        &s,
        "goals_covered = { levels = [\"budget\"], themes = [\"physical-activity\", \"loneliness-community\"] }\n",
    );
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let fails = with_outcome(&v, "fail");
    assert_eq!(
        fails,
        ["goals_covered hvk-02-yksinaisyys-vahenee-kaikissa-ikaryhmissa budget"]
    );
    let f = result(&v, &fails[0]);
    assert_eq!(f["found"]["status"], "shallow");
    assert_eq!(f["required"]["status"], "covered");
    assert_eq!(f["goal"], "Yksinäisyys vähenee kaikissa ikäryhmissä");
    assert_eq!(
        with_outcome(&v, "pass").len(),
        1,
        "the physical-activity goal"
    );
}

#[test]
fn binding_reported_passes_and_fails() {
    let s = corpus("binding");
    let p = policy(&s, "binding_reported = true\n");
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        with_outcome(&v, "fail"),
        ["binding_reported budget-nuorten-mielenterveytta-tuetaan-ylakoulussa budget"]
    );
    assert_eq!(
        with_outcome(&v, "pass").len(),
        3,
        "the other three binding goals"
    );
    let p = policy(
        &s,
        "[binding_reported]\nexclude_themes = [\"mental-health\", \"children-youth-families\"]\n",
    );
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v:#}");
    assert!(with_outcome(&v, "fail").is_empty());
}

#[test]
fn no_dropoff_before_passes_and_fails() {
    let s = corpus("dropoff");
    let p = policy(
        &s,
        "no_dropoff_before = \"financial-statement\"\nthemes = [\"mental-health\", \"physical-activity\"]\n",
    );
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        with_outcome(&v, "fail"),
        ["no_dropoff_before mental-health financial-statement"]
    );
    assert_eq!(
        with_outcome(&v, "pass"),
        ["no_dropoff_before physical-activity financial-statement"]
    );
    // Mental health drops off at the operating plan, which is not before the operating plan.
    let p = policy(
        &s,
        "no_dropoff_before = \"operating-plan\"\nthemes = [\"mental-health\"]\n",
    );
    let (code, _, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_warning_is_reported_but_does_not_fail() {
    let s = corpus("severity");
    let p = policy(
        &s,
        "[min_rung]\nlevels = { budget = 6 }\nseverity = \"warning\"\n",
    );
    let o = check(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("warning: min_rung · Budget · Mental health")),
        "{out}"
    );
    assert!(!out.contains("error:"), "{out}");
}

#[test]
fn levels_not_in_the_corpus_are_skipped_and_said_so() {
    let s = corpus("skip");
    std::fs::remove_file(s.path().join("07-osavuosikatsaus-2026.md")).unwrap();
    let p = policy(
        &s,
        "min_rung = { interim-report = 7, budget = 2 }\nthemes = [\"physical-activity\", \"safety\"]\n",
    );
    let (code, v, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let skipped = with_outcome(&v, "skipped");
    assert!(
        skipped.contains(&"min_rung * interim-report".to_string()),
        "{skipped:?}"
    );
    assert_eq!(
        result(&v, "min_rung * interim-report")["skip_reason"],
        "level-absent"
    );
    // A theme the policy names that the welfare report does not trace.
    assert_eq!(result(&v, "min_rung safety -")["skip_reason"], "not-traced");
    let o = check(s.path(), &["--policy", p.to_str().unwrap()]);
    assert!(
        stdout(&o).contains(
            "skipped: min_rung · Interim report: no document of this level in the corpus"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_unreadable_document_exits_2_even_when_rules_fail_and_everything_is_reported() {
    let s = corpus("exit2");
    s.write("11-rikki.pdf", b"%PDF-1.7\n\x00\x01 not a pdf at all");
    let (code, v, err) = json(s.path(), &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("11-rikki.pdf"), "{err}");
    assert_eq!(v["exit_code"], 2);
    assert!(v["problems"][0].as_str().unwrap().contains("11-rikki.pdf"));
    // The failures are still reported.
    assert!(with_outcome(&v, "fail").contains(&"min_rung substance-use budget".to_string()));
    // And with rules that hold: still 2.
    let p = policy(
        &s,
        "min_rung = { budget = 1 }\nthemes = [\"physical-activity\"]\n",
    );
    let (code, _, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    // A folder without documents checks nothing: 2, and no rule is said to pass.
    let empty = Scratch::new("empty");
    let (code, v, _) = json(empty.path(), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(v["results"], serde_json::json!([]));
    // Without the broken file, the same policy holds: 0.
    std::fs::remove_file(s.path().join("11-rikki.pdf")).unwrap();
    let (code, _, _) = json(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
}

#[test]
fn policy_problems_name_file_and_line_and_the_rest_is_checked() {
    let s = corpus("bad-policy");
    let p = policy(
        &s,
        "min_rung = { budjetti = 5, budget = 9, operating-plan = 4 }\nthemes = [\"physical-activity\", \"liikuntaa\"]\ngoals_covered = \"budget\"\n[no_dropoff_before]\nlevel = \"financial-statement\"\nseverity = \"fatal\"\n",
    );
    let ps = p.to_str().unwrap();
    let (code, v, err) = json(s.path(), &["--policy", ps]);
    assert_eq!(code, Some(2), "{err}");
    for want in [
        format!("{ps}:1: `min_rung`: unknown level `budjetti`"),
        format!("{ps}:1: `min_rung.budget`: rung 9 is outside 0–8"),
        format!("{ps}:2: unknown theme `liikuntaa`; valid themes: "),
        format!("{ps}:3: `goals_covered`: expected an array of level ids, found string"),
        format!("{ps}:6: `no_dropoff_before.severity`: unknown severity `fatal`"),
    ] {
        assert!(err.contains(&want), "{want}\nin\n{err}");
    }
    // What could be read was checked: the operating-plan rung of physical activity.
    assert_eq!(
        with_outcome(&v, "pass"),
        ["min_rung physical-activity operating-plan"]
    );
    // In the manifest, the lines are the manifest's.
    let manifest = std::fs::read_to_string(s.path().join("linjaus.toml")).unwrap();
    let at = manifest.lines().count() + 3;
    s.write(
        "linjaus.toml",
        format!("{manifest}\n[check]\nmin_rung = {{ budget = \"5\" }}\n"),
    );
    let o = check(s.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let want = format!(
        "linjaus.toml:{at}: `min_rung.budget`: expected a rung 0–8 (integer), found string"
    );
    assert!(stderr(&o).contains(&want), "{want}\n{}", stderr(&o));
    // A policy file that does not parse.
    let p = policy(&s, "min_rung = { budget = 5\n");
    let o = check(s.path(), &["--policy", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:1:", p.display())),
        "{}",
        stderr(&o)
    );
}

/// The sample budget without the binding goal on long-term unemployment.
fn budget_without_employment() -> String {
    let text = std::fs::read_to_string(sample().join(BUDGET)).unwrap();
    let out: String = text
        .lines()
        .filter(|l| !l.starts_with(EMPLOYMENT_ROW))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(out.len(), text.len() + 1, "the row was there to remove");
    out
}

#[test]
fn a_draft_replaces_the_budget() {
    let s = corpus("draft");
    let drafts = Scratch::new("drafts");
    let p = policy(
        &s,
        "goals_covered = [\"budget\"]\nthemes = [\"employment-income\"]\n",
    );
    let ps = p.to_str().unwrap();
    // The corpus as it is: the employment goal is covered in the budget.
    let (code, v, _) = json(s.path(), &["--policy", ps]);
    assert_eq!(code, Some(0), "{v:#}");
    // A draft that drops the binding goal fails, naming it.
    let draft = drafts.write("talousarvio-2026-luonnos.md", budget_without_employment());
    let (code, v, err) = json(
        s.path(),
        &["--policy", ps, "--draft", draft.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        with_outcome(&v, "fail"),
        [format!("goals_covered {EMPLOYMENT_GOAL} budget")]
    );
    assert_eq!(v["draft"]["level"], "budget", "inferred from the draft");
    assert_eq!(v["draft"]["replaced"], serde_json::json!([BUDGET]));
    assert_eq!(
        result(&v, &format!("goals_covered {EMPLOYMENT_GOAL} budget"))["searched"],
        serde_json::json!(["talousarvio-2026-luonnos.md"])
    );
    let o = check(
        s.path(),
        &["--policy", ps, "--draft", draft.to_str().unwrap()],
    );
    assert!(
        stdout(&o).contains("Pitkäaikaistyöttömyys vähenee"),
        "{}",
        stdout(&o)
    );
    // A draft that adds it back passes; the level may be given.
    let text = budget_without_employment().replace(
        "| Kuntalaisten liikunta lisääntyy |",
        "| Pitkäaikaistyöttömyys vähenee | Työllisyyspalvelut | Pitkäaikaistyöttömien määrä | enintään 190 | Elinvoimajohtaja | 250 000 € |\n| Kuntalaisten liikunta lisääntyy |",
    );
    let fixed = drafts.write("ta-luonnos-2.md", text);
    let (code, v, err) = json(
        s.path(),
        &[
            "--policy",
            ps,
            "--draft",
            fixed.to_str().unwrap(),
            "--level",
            "budget",
        ],
    );
    assert_eq!(code, Some(0), "{err}\n{v:#}");
    assert_eq!(
        with_outcome(&v, "pass"),
        [format!("goals_covered {EMPLOYMENT_GOAL} budget")]
    );
    // The evidence names the draft, and GitHub annotations point at its file.
    assert_eq!(
        result(&v, &format!("goals_covered {EMPLOYMENT_GOAL} budget"))["evidence"]["file"],
        fixed.to_str().unwrap()
    );
    // A draft whose level nothing tells is an error (2) asking for --level.
    let vague = drafts.write("luonnos.md", "# Muistio\n\nLiikuntaa lisätään.\n");
    let (code, _, err) = json(
        s.path(),
        &["--policy", ps, "--draft", vague.to_str().unwrap()],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("luonnos.md: the draft's level cannot be told") && err.contains("--level"),
        "{err}"
    );
    // A draft that cannot be read is an error (2), and the budget is not checked in its stead.
    let (code, v, err) = json(
        s.path(),
        &[
            "--policy",
            ps,
            "--draft",
            "/nonexistent/luonnos.md",
            "--level",
            "budget",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("/nonexistent/luonnos.md"), "{err}");
    assert_eq!(
        result(&v, "goals_covered * budget")["skip_reason"],
        "level-absent"
    );
}

#[test]
fn the_baseline_cycle() {
    let s = corpus("baseline");
    let b = s.path().join("baseline.json");
    let bs = b.to_str().unwrap();
    // Write: today's failures are recorded, and the run passes.
    let (code, v, err) = json(s.path(), &["--write-baseline", bs]);
    assert_eq!(code, Some(0), "{err}");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["entries"].as_array().unwrap();
    assert_eq!(
        entries.len(),
        v["summary"]["known"].as_u64().unwrap() as usize
    );
    assert!(entries.contains(&serde_json::json!({
        "rule": "min_rung", "subject": "substance-use", "level": "budget"
    })));
    // With the baseline: nothing new, nothing stale.
    let (code, v, _) = json(s.path(), &["--baseline", bs]);
    assert_eq!(code, Some(0));
    assert!(with_outcome(&v, "fail").is_empty());
    assert_eq!(
        v["summary"]["known"].as_u64().unwrap() as usize,
        entries.len()
    );
    assert_eq!(v["stale"], serde_json::json!([]));
    // A new gap: the budget loses its employment goal; only that fails.
    s.write(BUDGET, budget_without_employment());
    let (code, v, _) = json(s.path(), &["--baseline", bs]);
    assert_eq!(code, Some(1));
    let fails = with_outcome(&v, "fail");
    assert!(
        fails.contains(&format!("goals_covered {EMPLOYMENT_GOAL} budget")),
        "{fails:?}"
    );
    assert!(
        fails
            .iter()
            .all(|f| f.contains("employment-income") || f.contains("pitkaaikaistyottomyys")),
        "only the new gap fails: {fails:?}"
    );
    // An old gap fixed: the budget gets a binding goal on substance use; its entries are stale.
    let budget = std::fs::read_to_string(sample().join(BUDGET)).unwrap().replace(
        "| Nuorten mielenterveyttä tuetaan yläkoulussa |",
        "| Päihteiden käyttö vähenee nuorilla | Päihteitä kokeilleiden osuus, kouluterveyskysely | alle 10 % | Sivistysjohtaja |\n| Nuorten mielenterveyttä tuetaan yläkoulussa |",
    );
    s.write(BUDGET, budget);
    let (_, v, _) = json(s.path(), &["--baseline", bs]);
    let stale: Vec<String> = v["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            format!(
                "{} {} {}",
                k["rule"].as_str().unwrap(),
                k["subject"].as_str().unwrap(),
                k["level"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        stale.contains(&"min_rung substance-use budget".to_string()),
        "{stale:?}"
    );
    assert!(
        stale.contains(&"goals_covered hvk-04-paihteiden-kaytto-vahenee budget".to_string()),
        "{stale:?}"
    );
    assert!(!with_outcome(&v, "fail").contains(&"min_rung substance-use budget".to_string()));
    let o = check(s.path(), &["--baseline", bs]);
    assert!(
        stdout(&o).contains("Baseline entries that no longer fail:\n  "),
        "{}",
        stdout(&o)
    );
    // A baseline that is not one is an error naming the file.
    let bad = s.write("bad.json", "{\"version\": 1, \"entries\": [{\"rule\": 3}]}");
    let o = check(s.path(), &["--baseline", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:1:", bad.display())),
        "{}",
        stderr(&o)
    );
}

/// Attributes of an XML element as (name, value) pairs.
fn attrs(
    e: &quick_xml::events::BytesStart,
    d: quick_xml::encoding::Decoder,
) -> Vec<(String, String)> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                a.decode_and_unescape_value(d).unwrap().into_owned(),
            )
        })
        .collect()
}

fn attr(a: &[(String, String)], name: &str) -> Option<String> {
    a.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[test]
fn junit_is_well_formed_and_its_counts_add_up() {
    use quick_xml::events::Event;
    let s = corpus("junit");
    // A broken document (a problem, reported as an error test case) and a control character
    // and markup in the evidence text.
    s.write("11-rikki.pdf", b"%PDF-1.7\n\x00 broken");
    let budget = std::fs::read_to_string(s.path().join(BUDGET))
        .unwrap()
        .replace(
            "Yksinäisyyden vähentäminen",
            "Yksinäisyyden <b>&</b> \u{1b}vähentäminen",
        );
    s.write(BUDGET, budget);
    let out_file = s.path().join("junit.xml");
    let o = check(
        s.path(),
        &["--format", "junit", "-o", out_file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let xml = std::fs::read_to_string(&out_file).unwrap();
    assert!(!xml.contains('\u{1b}'), "no control characters");
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    // (declared tests, failures, errors, skipped) of the root and of each suite.
    let mut root = None;
    let mut suites: Vec<([usize; 4], [usize; 4])> = Vec::new();
    let mut messages = Vec::new();
    let count = |a: &[(String, String)], k: &str| -> usize {
        attr(a, k)
            .unwrap_or_else(|| panic!("{k} missing"))
            .parse()
            .unwrap()
    };
    loop {
        let ev = r.read_event().expect("well-formed XML");
        let (e, empty) = match &ev {
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let a = attrs(&e, r.decoder());
        let parent = stack.last().map(String::as_str);
        match (name.as_str(), parent) {
            ("testsuites", None) => {
                root = Some([
                    count(&a, "tests"),
                    count(&a, "failures"),
                    count(&a, "errors"),
                    count(&a, "skipped"),
                ]);
            }
            ("testsuite", Some("testsuites")) => {
                assert!(attr(&a, "name").is_some());
                suites.push((
                    [
                        count(&a, "tests"),
                        count(&a, "failures"),
                        count(&a, "errors"),
                        count(&a, "skipped"),
                    ],
                    [0; 4],
                ));
            }
            ("testcase", Some("testsuite")) => {
                assert!(attr(&a, "name").is_some() && attr(&a, "classname").is_some());
                suites.last_mut().unwrap().1[0] += 1;
            }
            ("failure" | "error" | "skipped", Some("testcase")) => {
                let i = ["failure", "error", "skipped"]
                    .iter()
                    .position(|n| *n == name)
                    .unwrap();
                suites.last_mut().unwrap().1[i + 1] += 1;
                let m = attr(&a, "message").expect("a message");
                messages.push(m);
            }
            other => panic!("unexpected element {other:?}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    let root = root.expect("a testsuites root");
    let mut sum = [0; 4];
    for (declared, seen) in &suites {
        assert_eq!(declared, seen, "a suite's counts match its test cases");
        for i in 0..4 {
            sum[i] += seen[i];
        }
    }
    assert_eq!(root, sum, "the root's counts are the sums");
    assert_eq!(suites.len(), 5, "four rules and the run's problems");
    assert!(root[1] > 0 && root[2] == 1, "{root:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("Yksinäisyyden <b>&</b> vähentäminen")),
        "markup survives escaping"
    );
    assert!(messages.iter().any(|m| m.contains("11-rikki.pdf")));
}

#[test]
fn github_annotations_name_the_document_file() {
    let s = corpus("github");
    // A control character in the text, and `,` `%` `:` in a file name (escaped as GitHub says).
    let budget = std::fs::read_to_string(s.path().join(BUDGET))
        .unwrap()
        .replace(
            "Yksinäisyyden vähentäminen",
            "Yksinäisyyden\u{7} vähentäminen",
        );
    s.write(BUDGET, budget);
    std::fs::rename(
        s.path().join("06-kayttosuunnitelma-2026.md"),
        s.path().join("06-kayttosuunnitelma,2026%:x.md"),
    )
    .unwrap();
    let o = check(s.path(), &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains('\u{7}'));
    let file = s.path().join(BUDGET).display().to_string();
    let want = format!(
        "::error file={file},title=linjaus check%3A min_rung::min_rung · Budget · Substance use and addiction (substance-use): found R0 (absent); required R4 — nothing found; searched: 05-talousarvio-2026.md"
    );
    assert!(out.lines().any(|l| l == want), "{want}\nin\n{out}");
    assert!(out.contains("Yksinäisyyden vähentäminen"), "{out}");
    let plan = s.path().join("06-kayttosuunnitelma%2C2026%25%3Ax.md");
    assert!(
        out.contains(&format!("::error file={},title=", plan.display())),
        "{out}"
    );
    assert!(
        out.contains("searched: 06-kayttosuunnitelma,2026%25:x.md"),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("::warning file=")),
        "{out}"
    );
    let errors = out.lines().filter(|l| l.starts_with("::error ")).count();
    let (_, v, _) = json(s.path(), &[]);
    assert_eq!(errors as u64, v["summary"]["errors"].as_u64().unwrap());
    for l in out.lines() {
        assert!(l.starts_with("::"), "one command per line: {l}");
    }
}

#[test]
fn the_readme_shows_the_default_policy() {
    let readme = std::fs::read_to_string(crate::util::root().join("README.md")).unwrap();
    let body: String = linjaus::check::policy::DEFAULT_POLICY
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        readme.contains(&format!("```toml\n{body}```")),
        "README's default policy differs from DEFAULT_POLICY:\n{body}"
    );
}

/// The sample under the default policy, as read by a person: terminal in Finnish and Swedish,
/// and the JUnit file.
#[test]
fn snapshots_of_the_sample() {
    let dir = sample();
    let dir = dir.to_str().unwrap();
    for (name, args) in [
        ("check-jarvela-fi.txt", vec!["check", dir, "--no-cache"]),
        (
            "check-jarvela-sv.txt",
            vec!["check", dir, "--no-cache", "--lang", "sv"],
        ),
        (
            "check-jarvela.junit.xml",
            vec!["check", dir, "--no-cache", "--format", "junit"],
        ),
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        crate::snapshots::snapshot(name, &stdout(&o));
    }
}
