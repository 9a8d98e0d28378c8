//! The lexicon files: every theme's examples behave as stated; errors name file and line.

use crate::util::{Scratch, lexicon, root, run, stderr, stdout};
use linjaus::analyse::lexicon_examples;

#[test]
fn every_theme_example_behaves_as_its_file_says() {
    let lex = lexicon();
    assert_eq!(lex.themes.len(), 25);
    let examples: usize = lex
        .themes
        .iter()
        .map(|t| t.examples_match.len() + t.examples_no_match.len())
        .sum();
    assert!(
        examples >= 75,
        "each theme carries match and no_match examples ({examples})"
    );
    assert!(
        lex.themes
            .iter()
            .all(|t| !t.examples_match.is_empty() && !t.examples_no_match.is_empty())
    );
    let failures = lexicon_examples::failures(&lex);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every `no_match` example has a term of its theme that a rule must drop (else it cannot
/// fail), and every `exclude` entry covers a match of its theme in some example or in its own
/// text (else it changes nothing).
#[test]
fn no_vacuous_no_match_examples_and_no_dead_exclusions() {
    let warnings: Vec<String> = lexicon_examples::warnings(&lexicon())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn theme_ids_are_the_documented_ones() {
    let ids: Vec<String> = lexicon().themes.iter().map(|t| t.id.clone()).collect();
    for id in [
        "wellbeing-promotion",
        "children-youth-families",
        "older-people",
        "welfare-management",
        "services-cooperation",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id}");
    }
}

#[test]
fn lexicons_command_checks_and_invalid_lexicon_exits_2_with_locations() {
    let out = run(&["lexicons"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("25 themes"));
    assert!(stdout(&out).contains("0 warnings"), "{}", stdout(&out));

    let s = Scratch::new("lex");
    let src = std::fs::read_to_string(root().join("lexicons/facets.toml")).unwrap();
    s.write("facets.toml", src);
    s.write(
        "levels.toml",
        std::fs::read_to_string(root().join("lexicons/levels.toml")).unwrap(),
    );
    s.write(
        "themes/a.toml",
        "id = \"b\"\n[label]\nfi = \"A\"\nsv = \"A\"\nen = \"A\"\n[fi]\nterms = [\n  \"ikä\",\n]\n",
    );
    s.write("themes/c.toml", "[label]\nfi = \"C\"\n");
    let out = run(
        &[
            "--lexicons",
            s.arg(),
            "analyse",
            root().join("corpus-samples/jarvela").to_str().unwrap(),
            "--no-cache",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("themes/a.toml:1: id `b` differs from the file name `a`"),
        "{err}"
    );
    assert!(err.contains("themes/a.toml:8: term `ikä`"), "{err}");
    assert!(
        err.contains("themes/c.toml:1:") || err.contains("themes/c.toml:2:"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn manifest_can_add_and_pin_themes() {
    let s = Scratch::new("own");
    s.write(
        "strategia.txt",
        "# Kuntastrategia\n\nTavoitteena on lisätä pyöräilyä ja kävelyä.\n",
    );
    s.write(
        "linjaus.toml",
        "themes = [\"cycling\", \"violence\"]\n\n[[theme]]\nid = \"cycling\"\nlabel = { fi = \"Pyöräily\", sv = \"Cykling\", en = \"Cycling\" }\nfi.terms = [\"pyöräily\"]\n",
    );
    let out = run(&["analyse", s.arg(), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let t = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "cycling")
        .unwrap();
    assert_eq!(t["levels"]["strategy"]["rung"], 2);

    s.write("linjaus.toml", "themes = [\"nosuch\"]\n");
    let out = run(&["analyse", s.arg()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("linjaus.toml:1: pinned theme `nosuch` is not in the lexicon"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_term_another_term_of_its_theme_already_covers_is_a_warning() {
    // `~liikuntapaik` and the weak `liikuntaryhmä` match only where `liikunta` matches, and
    // `~idrottshall` only where `idrott` does: each word would count twice. Not redundant:
    // `yhdyspintasopimus` (written with a contract head, which would otherwise cancel
    // `yhdyspinta`), a strong term a weak one covers, and an exact key.
    let s = Scratch::new("lex-redundant");
    for f in ["facets.toml", "levels.toml", "common.toml", "goals.toml"] {
        s.write(
            f,
            std::fs::read_to_string(root().join("lexicons").join(f)).unwrap(),
        );
    }
    s.write(
        "themes/t.toml",
        concat!(
            "id = \"t\"\n[label]\nfi = \"T\"\nsv = \"T\"\nen = \"T\"\n",
            "[fi]\nterms = [\n  \"liikunta\",\n  \"~liikuntapaik\",\n  \"yhdyspinta\",\n",
            "  \"yhdyspintasopimus\",\n  \"kuntosaliharjoittelu\",\n  \"=hyte\",\n]\n",
            "weak = [\n  \"liikuntaryhmä\",\n  \"kuntosali\",\n]\n",
            "[sv]\nterms = [\n  \"idrott\",\n  \"~idrottshall\",\n]\n",
            "[examples]\nmatch = [\"Liikuntaa lisätään.\"]\n",
        ),
    );
    let out = run(&["lexicons", "--lexicons", s.arg()], None);
    let err = stderr(&out);
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("adds nothing")).collect();
    assert_eq!(warned.len(), 3, "{err}");
    for (line, term, by) in [
        (9, "~liikuntapaik", "liikunta"),
        (16, "liikuntaryhmä", "liikunta"),
        (22, "~idrottshall", "idrott"),
    ] {
        assert!(
            warned
                .iter()
                .any(|w| w.contains(&format!("themes/t.toml:{line}:"))
                    && w.contains(&format!("term `{term}` adds nothing: `{by}`"))),
            "{term}: {err}"
        );
    }
    assert!(stdout(&out).contains("3 warnings"), "{}", stdout(&out));
}
