//! The library entry every command builds on: `linjaus::pipeline::analyse` returns an immutable
//! analysis that owns its lexicon view, keeps years apart and names themes by id.

use crate::util::{Scratch, lexicon};
use linjaus::model::Level;
use linjaus::pipeline::{self, CacheMode, Options};
use std::sync::Arc;

fn no_cache() -> Options {
    Options {
        cache: CacheMode::Off,
        ..Options::default()
    }
}

/// The JSON report's view of one theme.
fn json_theme(a: &pipeline::Analysis, id: &str) -> serde_json::Value {
    let json = linjaus::report::render(
        linjaus::report::Format::Json,
        a,
        linjaus::report::Style {
            lang: linjaus::model::Lang::En,
            color: false,
        },
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("theme {id} in the JSON"))
        .clone()
}

/// Two municipalities, one with a theme of its own, analysed from one base lexicon: the base is
/// not changed, each analysis has its own lexicon, and results name themes by id.
#[test]
fn own_themes_stay_with_their_municipality() {
    let base = Arc::new(lexicon());
    let n = base.themes.len();
    let a = Scratch::new("own-theme");
    a.write(
        "linjaus.toml",
        "municipality = \"Pyöräkylä\"\nthemes = [\"cycling\"]\n\n[[theme]]\nid = \"cycling\"\nlabel = { fi = \"Pyöräily\", sv = \"Cykling\", en = \"Cycling\" }\nfi.terms = [\"pyöräily\", \"pyörätie\"]\n",
    );
    a.write(
        "talousarvio-2026.md",
        "# Talousarvio 2026\n\nSitova tavoite: pyöräily lisääntyy. Mittari: pyöräilijämäärä. Vastuu: tekninen johtaja.\n",
    );
    let b = Scratch::new("no-own-theme");
    b.write(
        "talousarvio-2026.md",
        "# Talousarvio 2026\n\nSitova tavoite: pyöräily lisääntyy. Mittari: pyöräilijämäärä.\n",
    );
    let with = pipeline::analyse(a.path(), &base, &no_cache());
    let without = pipeline::analyse(b.path(), &base, &no_cache());
    assert_eq!(base.themes.len(), n, "the base lexicon is not changed");
    assert!(base.theme("cycling").is_none());
    assert!(with.lexicon.theme("cycling").is_some());
    assert!(without.lexicon.theme("cycling").is_none());
    assert!(
        Arc::ptr_eq(&without.lexicon, &base),
        "no own themes: the base itself"
    );
    let cycling = with
        .scores
        .traced
        .iter()
        .find(|t| t.theme == "cycling")
        .expect("the pinned own theme is traced, named by id");
    assert_eq!(cycling.by_level[&Level::Budget].rung.0, 5);
    assert!(without.scores.traced.iter().all(|t| t.theme != "cycling"));
    // Goal units name their themes by id, the municipality's own theme too.
    assert!(with.corpus.errors.is_empty(), "{:?}", with.corpus.errors);
    assert!(
        with.goals
            .units
            .iter()
            .any(|g| g.themes.iter().any(|t| t == "cycling")),
        "{:?}",
        with.goals.units
    );
}

/// Budgets of two years stay apart per year, while the level cell joins them.
#[test]
fn years_are_kept_apart() {
    let s = Scratch::new("two-years");
    s.write(
        "talousarvio-2025.md",
        "# Talousarvio 2025\n\nKunta kannustaa liikuntaan.\n",
    );
    s.write(
        "talousarvio-2026.md",
        "# Talousarvio 2026\n\nSitova tavoite: liikunta lisääntyy. Mittari: käyttökerrat. Vastuu: liikuntapäällikkö. Määräraha 20 000 €.\n",
    );
    let base = Arc::new(lexicon());
    let a = pipeline::analyse(s.path(), &base, &no_cache());
    let years: Vec<_> = a.corpus.docs.iter().map(|d| d.year).collect();
    assert_eq!(years, [Some(2025), Some(2026)]);
    let t = a
        .scores
        .traced
        .iter()
        .find(|t| t.theme == "physical-activity")
        .unwrap();
    let by_year = &t.by_level_year[&Level::Budget];
    assert_eq!(by_year[&2025].rung.0, 1, "2025 only mentions it");
    assert!(by_year[&2026].rung.0 >= 5, "2026 binds it");
    assert_eq!(t.by_level[&Level::Budget].rung, by_year[&2026].rung);
    // The JSON shows the split for a level with two years.
    let theme = json_theme(&a, "physical-activity");
    assert_eq!(theme["level_years"]["budget"]["2025"]["rung"], 1);
    assert_eq!(
        theme["level_years"]["budget"]["2026"]["rung"],
        by_year[&2026].rung.0
    );
}

/// A missing path and a folder without documents are errors, with nothing to report.
#[test]
fn nothing_to_analyse_is_an_error() {
    let base = Arc::new(lexicon());
    let a = pipeline::analyse(std::path::Path::new("/nonexistent/x"), &base, &no_cache());
    assert!(a.is_empty() && a.incomplete());
    assert_eq!(a.corpus.errors[0].kind(), "ingest");
    let s = Scratch::new("empty");
    let a = pipeline::analyse(s.path(), &base, &no_cache());
    assert!(a.is_empty() && a.incomplete());
}

/// Evidence cites the file's page and the number the page prints, in the JSON and in search.
#[test]
fn evidence_cites_the_printed_page_number() {
    let s = Scratch::new("printed-pages");
    let pages: Vec<String> = (1..=4)
        .map(|i| {
            format!(
                "Talousarvio 2026\n\nSitova tavoite: liikunta lisääntyy sivulla {i}. Mittari: käyttökerrat. Vastuu: liikuntapäällikkö.\n\nSivu {}\n",
                i + 10
            )
        })
        .collect();
    s.write("talousarvio-2026.txt", pages.join("\u{c}"));
    let base = Arc::new(lexicon());
    let a = pipeline::analyse(s.path(), &base, &no_cache());
    let theme = json_theme(&a, "physical-activity");
    let ev = theme["levels"]["budget"]["evidence"].as_array().unwrap();
    let third = ev
        .iter()
        .find(|e| e["page"] == 3)
        .expect("evidence on page 3");
    assert_eq!(third["page_label"], "13", "{third}");
}
