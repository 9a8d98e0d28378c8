//! Accuracy of `tag` against the hand labels in eval/, on ../shared/real-corpus. Runs where the
//! corpus and `pdftotext` exist (`.ci/run` installs poppler-utils); skips cleanly elsewhere.
//! The same measurement, with per-theme figures, is `python3 eval/measure.py`.

use crate::util::{Scratch, lexicon, root};
use linjaus::analyse::{analyse_text, text::normalise};
use linjaus::model::FacetSet;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::Command;
use std::sync::OnceLock;

fn fnv(text: &str) -> String {
    format!("{:016x}", linjaus::cache::fnv64(text.as_bytes()))
}

/// `linjaus analyse ../shared/real-corpus --format json --no-cache`, run once for all the tests
/// that read it (the analysis is deterministic); `None` without the corpus.
fn real_corpus_analysis() -> Option<&'static Value> {
    static V: OnceLock<Option<Value>> = OnceLock::new();
    V.get_or_init(|| {
        let corpus = root().join("../shared/real-corpus");
        if !corpus.is_dir() {
            return None;
        }
        let args = [
            "analyse",
            corpus.to_str()?,
            "--format",
            "json",
            "--no-cache",
        ];
        let out = crate::util::run(&args, None);
        assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
        Some(serde_json::from_str(&crate::util::stdout(&out)).unwrap())
    })
    .as_ref()
}

fn labels() -> Vec<Value> {
    ["eval/labels.jsonl", "eval/labels-welfare.jsonl"]
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(root().join(f))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<Value>>()
        })
        .collect()
}

#[test]
fn labels_are_stored_by_position_not_text() {
    let labels = labels();
    assert!(
        labels.len() >= 200,
        "at least 200 labelled units, got {}",
        labels.len()
    );
    for v in &labels {
        assert!(
            v["doc"].is_string()
                && v["page"].is_u64()
                && v["on_page"].is_u64()
                && v["fp"].is_string()
                && v["themes"].is_array(),
            "{v}"
        );
        assert!(
            v.get("text").is_none(),
            "labels must not carry municipal text"
        );
    }
}

#[test]
fn tag_meets_the_accuracy_floor_on_labelled_real_paragraphs() {
    let corpus = root().join("../shared/real-corpus");
    if !corpus.is_dir() || Command::new("pdftotext").arg("-v").output().is_err() {
        crate::util::skipped("needs ../shared/real-corpus and pdftotext");
        return;
    }
    let labels = labels();
    let docs: BTreeSet<String> = labels
        .iter()
        .map(|l| l["doc"].as_str().unwrap().to_string())
        .collect();
    let tmp = Scratch::new("real");
    let mut units: HashMap<(String, u64, u64), String> = HashMap::new();
    for d in &docs {
        let txt = tmp.path().join(d.replace(".pdf", ".txt"));
        let ok = Command::new("pdftotext")
            .arg(corpus.join(d))
            .arg(&txt)
            .status()
            .unwrap()
            .success();
        assert!(ok, "pdftotext {d}");
        let doc = linjaus::ingest::ingest(&txt, d).unwrap();
        let mut per_page: HashMap<usize, u64> = HashMap::new();
        for u in linjaus::segment::segment(&doc).units {
            let n = per_page.entry(u.page).or_insert(0);
            units.insert((d.clone(), u.page as u64, *n), u.text);
            *n += 1;
        }
    }
    let lex = lexicon();
    let (mut tp, mut fp, mut fn_, mut drift) = (0usize, 0usize, 0usize, 0usize);
    let (mut ftp, mut ffp, mut ffn) = (0usize, 0usize, 0usize);
    for l in &labels {
        let key = (
            l["doc"].as_str().unwrap().to_string(),
            l["page"].as_u64().unwrap(),
            l["on_page"].as_u64().unwrap(),
        );
        let Some(text) = units
            .get(&key)
            .filter(|t| fnv(t) == l["fp"].as_str().unwrap())
        else {
            drift += 1;
            continue;
        };
        let a = analyse_text(&normalise(text), &lex, FacetSet::default());
        // Adds one unit's true and false positives and false negatives to `counts`.
        let count =
            |counts: (&mut usize, &mut usize, &mut usize), got: BTreeSet<&str>, key: &str| {
                let want: BTreeSet<&str> = l[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect();
                *counts.0 += got.intersection(&want).count();
                *counts.1 += got.difference(&want).count();
                *counts.2 += want.difference(&got).count();
            };
        let themes = a.themes().into_iter().map(|t| lex.themes[t].id.as_str());
        count((&mut tp, &mut fp, &mut fn_), themes.collect(), "themes");
        count(
            (&mut ftp, &mut ffp, &mut ffn),
            a.facets.ids().into_iter().collect(),
            "facets",
        );
    }
    assert!(
        drift * 20 < labels.len(),
        "{drift} labelled units no longer match the segmentation"
    );
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!("theme precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})");
    assert!(precision >= 0.85, "precision {precision:.3}");
    assert!(recall >= 0.80, "recall {recall:.3}");
    // Facets are the weaker part (README "Accuracy"): a floor just under today's figures, so a
    // change that makes them worse fails.
    let fprecision = ftp as f64 / (ftp + ffp) as f64;
    let frecall = ftp as f64 / (ftp + ffn) as f64;
    eprintln!(
        "facet precision {fprecision:.3}, recall {frecall:.3} (tp {ftp}, fp {ffp}, fn {ffn})"
    );
    assert!(fprecision >= 0.48, "facet precision {fprecision:.3}");
    assert!(frecall >= 0.70, "facet recall {frecall:.3}");
}

#[test]
fn real_pdfs_get_their_levels_without_a_manifest() {
    let Some(v) = real_corpus_analysis() else {
        crate::util::skipped("needs ../shared/real-corpus");
        return;
    };
    let level = |p: &str| {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == p)
            .map(|d| d["level"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(
        level("kauhava-tilinpaatos-2024.pdf").as_deref(),
        Some("financial-statement")
    );
    assert_eq!(
        level("seinajoki-tilinpaatos-2024.pdf").as_deref(),
        Some("financial-statement")
    );
    assert_eq!(
        level("lapua-lautakuntien-talousarviot-2025.pdf").as_deref(),
        Some("budget")
    );
    assert_eq!(
        level("lapua-talousarvion-taytantoonpano-ohjeet-2024.pdf").as_deref(),
        Some("budget-instructions")
    );
    let pages: u64 = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pages"].as_u64().unwrap())
        .sum();
    assert_eq!(pages, 354);
    // The financial statements carry their toimintakertomus as an annual-report section.
    for p in [
        "kauhava-tilinpaatos-2024.pdf",
        "seinajoki-tilinpaatos-2024.pdf",
    ] {
        let d = v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == p)
            .unwrap();
        assert!(
            d["sections"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["level"] == "annual-report"),
            "{p}"
        );
    }
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn pdf_extraction_finds_what_pdftotext_finds() {
    let corpus = root().join("../shared/real-corpus");
    if !corpus.is_dir() || Command::new("pdftotext").arg("-v").output().is_err() {
        crate::util::skipped("needs ../shared/real-corpus and pdftotext");
        return;
    }
    let tmp = Scratch::new("extract");
    for entry in std::fs::read_dir(&corpus).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let txt = tmp.path().join("ref.txt");
        assert!(
            Command::new("pdftotext")
                .arg(&p)
                .arg(&txt)
                .status()
                .unwrap()
                .success()
        );
        let reference = std::fs::read_to_string(&txt).unwrap();
        // pdftotext joins words hyphenated across lines; so does linjaus's normaliser.
        let reference = linjaus::analyse::text::normalise(&reference);
        let doc = linjaus::ingest::ingest(&p, "x").unwrap();
        let ours: String = linjaus::segment::segment(&doc)
            .units
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let (r, g) = (words(&reference), words(&ours));
        let coverage = r.intersection(&g).count() as f64 / r.len() as f64;
        let fragments = g.difference(&r).count() as f64 / g.len() as f64;
        eprintln!(
            "{}: coverage {coverage:.4}, fragments {fragments:.4}",
            p.display()
        );
        assert!(coverage >= 0.99, "{}: coverage {coverage:.4}", p.display());
        assert!(
            fragments < 0.005,
            "{}: fragments {fragments:.4}",
            p.display()
        );
    }
}

#[test]
fn a_mixed_folder_of_real_pdfs_and_sample_formats_gets_every_level_right() {
    let corpus = root().join("../shared/real-corpus");
    if !corpus.is_dir() {
        crate::util::skipped("needs ../shared/real-corpus");
        return;
    }
    let tmp = Scratch::new("mixed");
    for dir in [corpus, root().join("corpus-samples/formats")] {
        for e in std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
        {
            std::fs::copy(e.path(), tmp.path().join(e.file_name())).unwrap();
        }
    }
    let out = crate::util::run(&["analyse", tmp.arg(), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
    let v: Value = serde_json::from_str(&crate::util::stdout(&out)).unwrap();
    let got: Vec<(String, String)> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["level"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for (path, level) in &got {
        let want = if path.contains("tilinpaatos") {
            "financial-statement"
        } else if path.contains("ohjeet") {
            "budget-instructions"
        } else {
            "budget"
        };
        assert_eq!(level, want, "{path}");
    }
    assert_eq!(got.len(), 11, "{got:?}");
}

#[test]
fn goal_cards_and_tables_of_the_real_financial_statements_become_goal_units() {
    let Some(v) = real_corpus_analysis() else {
        crate::util::skipped("needs ../shared/real-corpus");
        return;
    };
    let units = v["goals"]["units"].as_array().unwrap();
    let of = |doc: &str| {
        units
            .iter()
            .filter(|u| u["document"] == doc)
            .collect::<Vec<_>>()
    };
    // Seinäjoki: one goal card per "Talousarviotavoite" (96), nearly all with indicators.
    let sj = of("seinajoki-tilinpaatos-2024.pdf");
    assert!(sj.len() >= 90, "{}", sj.len());
    let with_indicator = sj
        .iter()
        .filter(|u| {
            u["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["facet"] == "indicator")
        })
        .count();
    assert!(
        with_indicator * 10 >= sj.len() * 8,
        "{with_indicator} of {}",
        sj.len()
    );
    // Kauhava: the subsidiaries' goal tables (Tavoite | Toimenpide/mittari).
    let kv = of("kauhava-tilinpaatos-2024.pdf");
    assert!(kv.len() >= 20, "{}", kv.len());
    assert!(
        kv.iter()
            .any(|u| u["goal"] == "Yhtiön maksuvalmius on hyvä")
    );
}
