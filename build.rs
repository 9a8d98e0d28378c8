//! Builds the default lexicons into the binary, so a copied executable works without the
//! `lexicons/` folder (`--lexicons DIR` still overrides them).

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, p));
        }
    }
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    // The real-corpus tests skip without ../shared; say so where cargo shows it (a build
    // warning), not only in the captured test output. A missing path is checked again on every
    // build.
    let shared = manifest_dir.join("../shared/real-corpus");
    println!("cargo:rerun-if-changed={}", shared.display());
    if !shared.is_dir() {
        println!(
            "cargo:warning=../shared/real-corpus not found: the real-corpus tests (accuracy floors, extraction quality, levels, printed page numbers) will skip"
        );
    }
    let root = manifest_dir.join("lexicons");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed={}", root.join("themes").display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut src = String::from(
        "/// The lexicon files built into the binary: (path under `lexicons/`, text).\npub static BUILTIN: &[(&str, &str)] = &[\n",
    );
    for (rel, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            src,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_lexicons.rs");
    std::fs::write(out, src).unwrap();
}
