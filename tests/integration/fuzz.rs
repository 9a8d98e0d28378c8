//! A seeded mutation fuzz loop over the sample files of every format: mutants (bytes flipped,
//! overwritten with boundary values, slices repeated, truncated; the XML inside zip packages
//! mutated and re-zipped) are analysed in one batch under small budgets. Every mutant must be
//! either analysed or named in an error, nothing may panic, and the run must end in time.
//!
//! The test suite runs one short round. A long run of one format for 30 minutes:
//! `LINJAUS_FUZZ_FORMATS=pdf LINJAUS_FUZZ_MINUTES=30 LINJAUS_FUZZ_SEED=7 cargo test --release --test integration fuzz -- --nocapture`
//! (`LINJAUS_FUZZ_ROUNDS=N` runs N rounds instead; `LINJAUS_FUZZ_FORMATS` takes a comma list of
//! extensions). It prints the mutants, documents analysed, errors named and seconds per round.
//! A failure names the seed, round and mutant, which reproduce it.

use crate::util::{Scratch, root, run, stderr, stdout};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"999999999999",
    b"-1",
    b"\x7f\xff\xff\xff",
    b"<",
    b"(",
    b"obj",
    b"<<",
    b"\xc3",
    b"\x1b[2J",
];

/// Mutate `data` in place: one to four operations; returns their names.
fn mutate(data: &mut Vec<u8>, rng: &mut Rng) -> Vec<&'static str> {
    let mut ops = Vec::new();
    for _ in 0..1 + rng.below(4) {
        if data.is_empty() {
            data.push(b'x');
        }
        let at = rng.below(data.len());
        match rng.below(5) {
            0 => {
                for _ in 0..1 + rng.below(16) {
                    let i = rng.below(data.len());
                    data[i] ^= 1 << rng.below(8);
                }
                ops.push("flip");
            }
            1 => {
                let v = INTERESTING[rng.below(INTERESTING.len())];
                let end = (at + v.len()).min(data.len());
                data.splice(at..end, v.iter().copied());
                ops.push("interesting");
            }
            2 => {
                let len = 1 + rng.below(256).min(data.len() - at - 1);
                let slice = data[at..(at + len).min(data.len())].to_vec();
                let times = 1 + rng.below((64 * 1024) / slice.len().max(1));
                let rep = slice.repeat(times);
                data.splice(at..at, rep);
                ops.push("repeat");
            }
            3 => {
                data.truncate(at.max(1));
                ops.push("truncate");
            }
            _ => {
                let from = rng.below(data.len());
                let len = rng.below(512).min(data.len() - from);
                let chunk = data[from..from + len].to_vec();
                data.splice(at..at, chunk);
                ops.push("splice");
            }
        }
    }
    ops
}

/// Mutate one entry of a zip package and zip it again; `None` when `bytes` is no zip.
fn mutate_zip(bytes: &[u8], rng: &mut Rng) -> Option<(Vec<u8>, Vec<&'static str>)> {
    let mut ar = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let target = rng.below(ar.len());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut ops = Vec::new();
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).ok()?;
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        if i == target {
            ops = mutate(&mut data, rng);
        }
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        w.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .ok()?;
        w.write_all(&data).ok()?;
    }
    Some((w.finish().ok()?.into_inner(), ops))
}

/// The seed files, narrowed to the extensions in `formats` when it is not empty.
fn seeds(formats: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["corpus-samples/formats", "tests/fixtures/bugs"] {
        let mut files: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let ext = f.extension().unwrap().to_string_lossy().into_owned();
            // The looping ODS would only test the time budget again, slowly.
            if f.to_string_lossy().contains("hang-")
                || !(formats.is_empty() || formats.contains(&ext))
            {
                continue;
            }
            out.push((ext, std::fs::read(&f).unwrap()));
        }
    }
    out
}

/// One batch of mutants; returns (mutants, analysed, named in an error).
fn one_round(seed: u64, round: u64, per_seed: usize, seeds: &[(String, Vec<u8>)]) -> [usize; 3] {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ round.wrapping_add(1));
    let s = Scratch::new("fuzz");
    let mut made = Vec::new();
    for (k, (ext, bytes)) in seeds.iter().enumerate() {
        for m in 0..per_seed {
            let zipped = bytes.starts_with(b"PK\x03\x04") && rng.below(2) == 0;
            let (data, ops) = match zipped.then(|| mutate_zip(bytes, &mut rng)).flatten() {
                Some(z) => z,
                None => {
                    let mut d = bytes.clone();
                    let ops = mutate(&mut d, &mut rng);
                    (d, ops)
                }
            };
            let name = format!("m{k}-{m}.{ext}");
            s.write(&name, &data);
            made.push((name, ops));
        }
    }
    let started = Instant::now();
    let out = run(
        &[
            "analyse",
            s.arg(),
            "--no-cache",
            "--format",
            "json",
            "--time-budget",
            "10s",
            "--memory-budget",
            "768M",
        ],
        None,
    );
    let took = started.elapsed();
    let err = stderr(&out);
    let ctx = format!("seed {seed} round {round}");
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{ctx}: exit {:?}: {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{ctx}: a panic: {err}");
    let text = stdout(&out);
    let report: serde_json::Value = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{ctx}: bad JSON {e}"))
    };
    let analysed: Vec<&str> = report["documents"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["path"].as_str()).collect())
        .unwrap_or_default();
    let mut named_count = 0;
    for (name, ops) in &made {
        let named = err
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains(name.as_str()));
        named_count += usize::from(named);
        assert!(
            analysed.contains(&name.as_str()) || named,
            "{ctx}: {name} ({ops:?}) neither analysed nor named in an error: {err}"
        );
    }
    // Every document within its 10 s budget, two workers at a time, plus slack.
    let bound = Duration::from_secs(10 * made.len() as u64 / 2 + 30);
    assert!(took < bound, "{ctx}: took {took:?}");
    [made.len(), analysed.len(), named_count]
}

#[test]
fn mutants_of_every_format_are_read_or_named() {
    let seed = std::env::var("LINJAUS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261129);
    let var = |k: &str| std::env::var(k).ok().and_then(|s| s.parse::<u64>().ok());
    let rounds = var("LINJAUS_FUZZ_ROUNDS").unwrap_or(1);
    let minutes = var("LINJAUS_FUZZ_MINUTES");
    let formats: Vec<String> = std::env::var("LINJAUS_FUZZ_FORMATS")
        .unwrap_or_default()
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    let seeds = seeds(&formats);
    assert!(!seeds.is_empty(), "no seed file of the formats {formats:?}");
    let started = Instant::now();
    let mut total = [0usize; 3];
    let mut round = 0;
    loop {
        let done = match minutes {
            Some(m) => started.elapsed() >= Duration::from_secs(m * 60),
            None => round >= rounds,
        };
        if done {
            break;
        }
        let t = Instant::now();
        let got = one_round(seed, round, 6, &seeds);
        for (a, b) in total.iter_mut().zip(got) {
            *a += b;
        }
        if minutes.is_some() || rounds > 1 {
            println!(
                "fuzz seed {seed} round {round}: {} mutants, {} analysed, {} named in errors, {:.1} s",
                got[0],
                got[1],
                got[2],
                t.elapsed().as_secs_f64()
            );
        }
        round += 1;
    }
    println!(
        "fuzz seed {seed} formats {formats:?}: {round} rounds, {} mutants, {} analysed, {} named in errors, {:.0} s, no panic, hang or budget overrun",
        total[0],
        total[1],
        total[2],
        started.elapsed().as_secs_f64()
    );
}
