//! Budgets per document: a document over its time, memory or file-size budget is an error that
//! names it and the budget, exit 2, and the rest of the batch is analysed. PDF, office and
//! spreadsheet files are read by a worker process whose output equals reading in process.

use crate::util::{Scratch, root, run, stderr, stdout};
use serde_json::Value;
use std::time::{Duration, Instant};

/// `analyse DIR --format json` with extra flags: the report (Null when none), the output, the
/// time it took.
fn analyse(dir: &Scratch, flags: &[&str]) -> (Value, std::process::Output, Duration) {
    let mut args = vec!["analyse", dir.arg(), "--format", "json"];
    args.extend_from_slice(flags);
    let started = Instant::now();
    let out = run(&args, None);
    let took = started.elapsed();
    let text = stdout(&out);
    let v = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
    };
    (v, out, took)
}

fn doc_ids(v: &Value) -> Vec<String> {
    v["documents"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["path"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A corpus with two good documents beside the bad one: a Markdown file (read in process) and
/// a PDF (read by the worker under the same budgets).
fn corpus_with(name: &str, bytes: &[u8]) -> Scratch {
    let s = Scratch::new("budget");
    let formats = root().join("corpus-samples/formats");
    s.write(
        "good.md",
        std::fs::read(formats.join("talousarvio-2026.md")).unwrap(),
    );
    s.write(
        "good.pdf",
        std::fs::read(formats.join("talousarvio-2026.pdf")).unwrap(),
    );
    s.write(name, bytes);
    s
}

/// The error line about `name`, which must name the budget.
fn error_about(out: &std::process::Output, name: &str, budget: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: ") && l.contains(name) && l.contains(budget)),
        "no error naming {name} and `{budget}`: {err}"
    );
}

/// A mutated ODS (from `../shared/bugs/hang-ods-282a493db6`) sends the spreadsheet reader into
/// an endless loop: the watchdog stops it at the time budget, the other documents are read.
#[test]
fn a_document_over_the_time_budget_is_stopped_and_named() {
    let ods = std::fs::read(root().join("tests/fixtures/bugs/hang-ods-282a493db6.ods")).unwrap();
    let s = corpus_with("hang.ods", &ods);
    let (v, out, took) = analyse(&s, &["--no-cache", "--time-budget", "2s"]);
    error_about(&out, "hang.ods", "time budget of 2 s");
    assert_eq!(doc_ids(&v), ["good.md", "good.pdf"]);
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

/// Text over 1 MB goes to the worker as well, so the time budget holds for it; a small text file
/// is read in process and is not affected.
#[test]
fn big_text_is_read_by_the_worker_within_the_time_budget() {
    let para = "Tavoitteena on lisätä liikuntaa ja vähentää yksinäisyyttä.\n\n";
    let big = para.repeat((2 << 20) / para.len());
    let s = corpus_with("big.md", big.as_bytes());
    std::fs::remove_file(s.path().join("good.pdf")).unwrap();
    let (v, out, _) = analyse(&s, &["--no-cache", "--time-budget", "1ms"]);
    error_about(&out, "big.md", "time budget of 1 ms");
    assert_eq!(doc_ids(&v), ["good.md"]);
}

/// A PDF whose one content stream inflates to 320 MB (generated here) breaks a 192 MB memory
/// budget: the worker is stopped, the error names the budget, the other PDF is read by a worker
/// under the same budget.
#[test]
fn a_document_over_the_memory_budget_is_stopped_and_named() {
    let s = corpus_with("bomb.pdf", &bomb_pdf(320 << 20));
    // A generous time budget, so that on a loaded machine the memory budget is still what stops
    // the worker (this raced under load with the default 60 s).
    let (v, out, took) = analyse(
        &s,
        &[
            "--no-cache",
            "--memory-budget",
            "192M",
            "--time-budget",
            "600s",
        ],
    );
    error_about(&out, "bomb.pdf", "memory budget of 192 MB");
    assert_eq!(doc_ids(&v), ["good.md", "good.pdf"]);
    assert!(took < Duration::from_secs(300), "took {took:?}");
}

/// A mutated XLS (from `../shared/bugs/memory-xls-01afdab355`) makes calamine allocate without
/// bound: stopped at the memory budget.
#[test]
fn a_spreadsheet_that_allocates_without_bound_is_stopped() {
    let xls = std::fs::read(root().join("tests/fixtures/bugs/memory-xls-01afdab355.xls")).unwrap();
    let s = corpus_with("grows.xls", &xls);
    let (v, out, _) = analyse(&s, &["--no-cache", "--memory-budget", "256M"]);
    error_about(&out, "grows.xls", "memory budget of 256 MB");
    assert_eq!(doc_ids(&v), ["good.md", "good.pdf"]);
}

/// Under an inherited address-space limit (`ulimit -v`) lower than `--memory-budget`, the worker
/// runs under the inherited one and the error names that limit, not the flag.
#[test]
fn an_inherited_ulimit_is_the_budget_named() {
    let xls = std::fs::read(root().join("tests/fixtures/bugs/memory-xls-01afdab355.xls")).unwrap();
    let s = corpus_with("grows.xls", &xls);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 786432 && exec "$0" analyse "$1" --no-cache --format json"#)
        .arg(env!("CARGO_BIN_EXE_linjaus"))
        .arg(s.arg())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    error_about(
        &out,
        "grows.xls",
        "memory budget of 768 MB (the ulimit -v this run inherited)",
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc_ids(&v), ["good.md", "good.pdf"]);
}

#[test]
fn a_file_over_the_file_size_budget_is_refused() {
    let s = corpus_with(
        "big.md",
        "Liikunta lisääntyy.\n\n".repeat(10_000).as_bytes(),
    );
    let (v, out, _) = analyse(&s, &["--no-cache", "--max-file", "100K"]);
    error_about(&out, "big.md", "file-size budget of 100 KB");
    assert_eq!(doc_ids(&v), ["good.md", "good.pdf"]);
    let (v, out, _) = analyse(&s, &["--no-cache", "--max-file", "1M"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(doc_ids(&v), ["big.md", "good.md", "good.pdf"]);
}

/// The worker's output is the in-process output: the JSON reports are identical, for every
/// sample format and the sample municipality.
#[test]
fn worker_output_equals_in_process_output() {
    for corpus in ["corpus-samples/formats", "corpus-samples/jarvela"] {
        let path = root().join(corpus);
        let path = path.to_str().unwrap();
        let args = ["analyse", path, "--no-cache", "--format", "json"];
        let worker = run(&args, None);
        let in_process = run(&[&args[..], &["--in-process"]].concat(), None);
        assert_eq!(worker.status.code(), Some(0), "{}", stderr(&worker));
        assert!(!worker.stdout.is_empty());
        assert_eq!(
            stdout(&worker),
            stdout(&in_process),
            "{corpus}: worker and in-process reports differ"
        );
        assert_eq!(stderr(&worker), stderr(&in_process));
    }
}

/// A one-page PDF whose content stream inflates to about `size` bytes of text operators.
fn bomb_pdf(size: usize) -> Vec<u8> {
    use flate2::{Compression, write::ZlibEncoder};
    use std::io::Write;
    let line = b"BT /F1 11 Tf 72 700 Td (Liikunta lisaantyy) Tj ET\n";
    let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
    let block = line.repeat(64 * 1024 / line.len());
    for _ in 0..size / block.len() {
        z.write_all(&block).unwrap();
    }
    let stream = z.finish().unwrap();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>".to_vec(),
        [
            format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len()).as_bytes(),
            &stream,
            b"\nendstream",
        ]
        .concat(),
    ];
    crate::pdf::assemble(&objects)
}
