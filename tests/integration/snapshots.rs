//! Snapshots of the CLI: every output format of every command on the bundled samples, the exit
//! codes, and the README's examples. The expected outputs are files in `tests/snapshots/`,
//! read by a person when they were written; `UPDATE_SNAPSHOTS=1 cargo test --release` rewrites
//! them (then read the diff before committing). Corpora are copied to scratch folders or run
//! with `--no-cache`, so nothing is written into the checkout.

use crate::util::{Scratch, root, run, sample, stderr, stdout};
use std::path::Path;

/// Compare `actual` with `tests/snapshots/NAME`; on a difference, show the first differing line.
pub(crate) fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run UPDATE_SNAPSHOTS=1 cargo test --release, then read it",
            path.display()
        )
    });
    if expected != actual {
        let (i, (want, got)) = expected
            .lines()
            .chain(std::iter::repeat("<end>"))
            .zip(actual.lines().chain(std::iter::repeat("<end>")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("", "")));
        panic!(
            "{name} differs from its snapshot at line {}:\n  snapshot: {want}\n  now:      {got}\n(UPDATE_SNAPSHOTS=1 rewrites it; read the diff)",
            i + 1
        );
    }
}

/// Run and snapshot stdout, asserting the exit code and an empty stderr.
fn ok(name: &str, args: &[&str]) -> String {
    let out = run(args, None);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert_eq!(stderr(&out), "", "{args:?}");
    let text = stdout(&out);
    snapshot(name, &text);
    text
}

/// A scratch copy of a sample folder (files only).
fn copy(from: &Path, name: &str) -> Scratch {
    let s = Scratch::new(name);
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), s.path().join(e.file_name())).unwrap();
        }
    }
    s
}

fn sample_arg() -> String {
    sample().to_str().unwrap().to_string()
}

#[test]
fn analyse_terminal_in_three_languages() {
    let p = sample_arg();
    for lang in ["fi", "sv", "en"] {
        ok(
            &format!("analyse-jarvela-{lang}.txt"),
            &["analyse", &p, "--no-cache", "--lang", lang],
        );
    }
}

#[test]
fn analyse_json() {
    let p = sample_arg();
    ok(
        "analyse-jarvela.json",
        &["analyse", &p, "--no-cache", "--format", "json"],
    );
    let one = sample().join("05-talousarvio-2026.md");
    ok(
        "analyse-one-budget.json",
        &[
            "analyse",
            one.to_str().unwrap(),
            "--no-cache",
            "--format",
            "json",
            "--lang",
            "en",
        ],
    );
}

#[test]
fn analyse_of_every_format() {
    let p = root().join("corpus-samples/formats");
    let out = run(
        &["analyse", p.to_str().unwrap(), "--no-cache", "--lang", "en"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    snapshot("analyse-formats.txt", &stdout(&out));
    snapshot("analyse-formats.stderr", &stderr(&out));
}

#[test]
fn explain_terminal_and_json() {
    let doc = sample().join("05-talousarvio-2026.md");
    let d = doc.to_str().unwrap();
    ok("explain-budget.txt", &["explain", d]);
    ok(
        "explain-budget-unit12.json",
        &["explain", d, "--unit", "12", "--format", "json"],
    );
    ok(
        "explain-budget-unit.sv.txt",
        &["explain", d, "--unit", "12", "--lang", "sv"],
    );
}

#[test]
fn units_lines() {
    let doc = sample().join("05-talousarvio-2026.md");
    ok("units-budget.jsonl", &["units", doc.to_str().unwrap()]);
}

#[test]
fn tag_lines_and_a_bad_line() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"Tavoitteena on vähentää nuorten yksinäisyyttä. Mittari: kouluterveyskysely.\"}\n",
        "{\"id\": \"sv-1\", \"text\": \"Målet är att öka barnens fysiska aktivitet. Ansvarig: idrottschefen.\"}\n",
        "not json\n",
        "{\"id\": 3, \"text\": \"Opetuslautakunta kokoontui.\"}\n",
    );
    let out = run(&["tag", "-"], Some(input));
    assert_eq!(out.status.code(), Some(2));
    snapshot("tag.jsonl", &stdout(&out));
    snapshot("tag.stderr", &stderr(&out));
}

#[test]
fn search_terminal_and_json_with_index_reuse() {
    let s = copy(&sample(), "snap-search");
    // The first search indexes every document, a second one none.
    let first = run(&["search", "liikunnan", s.arg(), "--format", "json"], None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let v: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(v["reindexed"], 10);
    ok(
        "search-liikunnan.json",
        &["search", "liikunnan", s.arg(), "--format", "json"],
    );
    ok(
        "search-nuori-budget.txt",
        &["search", "nuori", s.arg(), "--level", "budget"],
    );
    ok("search-lapsi.txt", &["search", "lapsi", s.arg()]);
}

#[test]
fn themes_and_lexicons() {
    ok("themes-sv.txt", &["themes", "--lang", "sv"]);
    ok(
        "themes.json",
        &["themes", "--format", "json", "--lang", "en"],
    );
    ok("lexicons.txt", &["lexicons"]);
}

#[test]
fn help_names_every_command() {
    ok("help.txt", &["--help"]);
}

/// Exit code and stderr of a run that cannot do its job, with scratch paths made stable.
fn failing(name: &str, args: &[&str], scratch: Option<&Scratch>) {
    let out = run(args, None);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let mut err = stderr(&out);
    if let Some(s) = scratch {
        err = err.replace(s.arg(), "$CORPUS");
    }
    snapshot(name, &format!("stdout:\n{}stderr:\n{err}", stdout(&out)));
}

#[test]
fn exit_codes_and_messages_when_the_job_cannot_be_done() {
    // A path that does not exist, and an empty folder: an error, and no report of empty cells.
    failing(
        "missing-path.out",
        &["analyse", "/nonexistent/kunta", "--no-cache"],
        None,
    );
    let empty = Scratch::new("snap-empty");
    failing(
        "empty-folder.out",
        &["analyse", empty.arg(), "--no-cache"],
        Some(&empty),
    );
    // One bad manifest entry: reported, the rest of the manifest still used.
    let s = Scratch::new("snap-manifest");
    s.write(
        "linjaus.toml",
        "municipality = \"Koivula\"\n\n[[document]]\npath = \"ta.md\"\nlevel = \"budjetti\"\n\n[[document]]\npath = \"hvk.md\"\nlevel = \"hvk\"\n",
    );
    s.write("ta.md", "# Talousarvio 2026\n\nSitova tavoite: liikunta lisääntyy. Mittari: käyttökerrat. Vastuu: liikuntapäällikkö.\n");
    s.write(
        "hvk.md",
        "# Laaja hyvinvointikertomus\n\nTavoite: liikunta lisääntyy. Mittari: liikkuvien osuus.\n",
    );
    failing(
        "bad-manifest-entry.out",
        &["analyse", s.arg(), "--no-cache"],
        Some(&s),
    );
    // An unknown theme or level is answered with the valid ones.
    let c = copy(&sample(), "snap-theme");
    failing(
        "unknown-theme.out",
        &["search", "liikunta", c.arg(), "--theme", "sports"],
        Some(&c),
    );
    failing(
        "unknown-document.out",
        &["search", "liikunta", c.arg(), "--doc", "nope.md"],
        Some(&c),
    );
    failing("empty-query.out", &["search", " ", c.arg()], Some(&c));
    failing(
        "unknown-level.out",
        &["search", "liikunta", c.arg(), "--level", "budjetti"],
        Some(&c),
    );
}

/// The README's quick-start output (abridged with `...`) is what the first README command
/// prints: every line it shows is a line of the real output, in order.
#[test]
fn readme_quick_start_output_is_true() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("The first command prints")
        .expect("README quick-start output");
    let block = readme[start..]
        .split("```")
        .nth(1)
        .expect("a code block after it");
    let out = stdout(&run(&["analyse", &sample_arg(), "--no-cache"], None));
    let mut lines = out.lines();
    for want in block
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "...")
    {
        assert!(
            lines.any(|l| l == want),
            "README line not in the output (or out of order): {want}\n---\n{out}"
        );
    }
}

/// Every `linjaus` command in the README's command table parses (`--help` of each exists).
#[test]
fn readme_commands_exist() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for cmd in [
        "analyse",
        "tag",
        "units",
        "search",
        "explain",
        "lexicons",
        "themes",
        "compare",
        "completions",
        "man",
    ] {
        assert!(
            readme.contains(&format!("`linjaus {cmd}")),
            "README does not document `linjaus {cmd}`"
        );
        let out = run(&[cmd, "--help"], None);
        assert_eq!(out.status.code(), Some(0), "{cmd} --help");
        assert!(
            stdout(&out).contains("Examples:"),
            "{cmd} --help has an example"
        );
    }
}

#[test]
fn completions_and_man_page() {
    let out = run(&["completions", "bash"], None);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout(&out);
    assert!(
        script.contains("_linjaus()")
            && script.contains("search")
            && script.contains("--cache-dir"),
        "bash completion names sub-commands and options: {}",
        &script[..300.min(script.len())]
    );
    let out = run(&["man"], None);
    assert_eq!(out.status.code(), Some(0));
    let man = stdout(&out);
    assert!(
        man.starts_with(".ie") || man.contains(".TH linjaus"),
        "{}",
        &man[..200.min(man.len())]
    );
}
