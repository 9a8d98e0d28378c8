//! Per-stage benchmarks on the bundled sample corpus: segment, analyse, score (and the whole
//! corpus run). Plain `Instant` timing, no framework: `cargo bench` prints the median of each.
//! Run: `cargo bench --bench pipeline`.

use linjaus::analyse::lexicon::Lexicon;
use linjaus::corpus::{self, AnalysedDoc};
use linjaus::ingest;
use linjaus::pipeline::{self, CacheMode, Options};
use linjaus::score;
use linjaus::segment;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("corpus-samples/jarvela");
    let lex = Arc::new(Lexicon::load(&root.join("lexicons")).expect("lexicon"));
    let mut files: Vec<_> = std::fs::read_dir(&sample)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| ingest::is_document(p))
        .collect();
    files.sort();
    let docs: Vec<_> = files
        .iter()
        .map(|p| ingest::ingest(p, &p.display().to_string()).unwrap())
        .collect();
    let words: usize = docs
        .iter()
        .flat_map(|d| &d.pages)
        .map(|p| p.split_whitespace().count())
        .sum();
    let runs = 30;

    let seg = median(
        || {
            black_box(docs.iter().map(segment::segment).count());
        },
        runs,
    );
    let segmented: Vec<_> = docs.iter().map(|d| segment::segment(d).units).collect();
    let units: usize = segmented.iter().map(Vec::len).sum();
    let ana = median(
        || {
            black_box(
                segmented
                    .iter()
                    .map(|u| corpus::analyse_units(u.clone(), &lex).len())
                    .sum::<usize>(),
            );
        },
        runs,
    );

    let no_cache = Options {
        cache: CacheMode::Off,
        ..Options::default()
    };
    let analysed: Vec<AnalysedDoc> = pipeline::analyse(&sample, &lex, &no_cache).corpus.docs;
    let sc = median(
        || {
            black_box(score::score(&analysed, &lex, &[]).traced.len());
        },
        runs,
    );
    let whole = median(
        || {
            black_box(
                pipeline::analyse(&sample, &lex, &no_cache)
                    .corpus
                    .docs
                    .len(),
            );
        },
        10,
    );

    println!(
        "sample corpus: {} documents, {units} units, {words} words",
        docs.len()
    );
    println!(
        "segment   {:>10.3} ms  ({:.0} units/s)",
        seg.as_secs_f64() * 1e3,
        units as f64 / seg.as_secs_f64()
    );
    println!(
        "analyse   {:>10.3} ms  ({:.0} units/s)",
        ana.as_secs_f64() * 1e3,
        units as f64 / ana.as_secs_f64()
    );
    println!("score     {:>10.3} ms", sc.as_secs_f64() * 1e3);
    println!(
        "pipeline  {:>10.3} ms  (ingest + segment + analyse + classify + score + goals)",
        whole.as_secs_f64() * 1e3
    );
}
