//! The `linjaus` binary: parses arguments, runs the library, owns stdout/stderr and exit codes.
//!
//! Exit codes: 0 success; 1 reserved for a failed check; 2 the tool could not do its job fully
//! (bad manifest, unreadable document, invalid lexicon, bad input line) — the rest of the batch
//! is still processed and reported first.

use clap::{Parser, Subcommand, ValueEnum};
use linjaus::analyse::lexicon::Lexicon;
use linjaus::model::{Lang, Level};
use linjaus::report::{self, ReportInput};
use linjaus::{corpus, score, tag};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "linjaus",
    version,
    about = "Trace a municipality's welfare-report themes down its document chain.",
    after_help = "Exit codes: 0 success · 1 reserved for failed checks · 2 the job could not be done fully (errors are listed on stderr; the rest of the batch is still reported)"
)]
struct Cli {
    /// Lexicon folder (themes/, facets.toml, levels.toml).
    #[arg(long, global = true, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Analyse a municipality's folder of documents (or one document).
    Analyse {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        /// Label language.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        /// Write the report to FILE (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
        /// Where to keep the analysis cache (default: `.linjaus/` in the corpus folder).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Analyse every document afresh and keep no cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Tag JSON Lines (`id`, `text`) with themes and facets; `-` reads stdin.
    Tag {
        input: PathBuf,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Validate the lexicons and run every theme's example sentences.
    Lexicons,
    /// Search the units of a corpus: inflected and compound forms find each other.
    Search {
        query: String,
        /// The corpus folder (its index is kept in `.linjaus/` inside it).
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long)]
        theme: Option<String>,
        /// Level id (hvk, strategy, budget, …).
        #[arg(long)]
        level: Option<String>,
        /// Document path, as in the reports.
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        year: Option<u32>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
    },
    /// Show what each stage saw in one document: level cues, units, tokens, matched and dropped
    /// terms, facets and rungs.
    Explain {
        file: PathBuf,
        /// Only the units of this page.
        #[arg(long)]
        page: Option<usize>,
        /// Only this unit (its position in the document, as in the JSON evidence).
        #[arg(long)]
        unit: Option<usize>,
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
    },
    /// Print the units a document is cut into, as JSON Lines (`doc`, `page`, `unit` = position
    /// on the page, `kind`, `heading_path`, `text`): the input for `tag` and for labelling.
    Units { files: Vec<PathBuf> },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Terminal,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Fi,
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fi => Lang::Fi,
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

const EXIT_INCOMPLETE: u8 = 2;

fn main() -> ExitCode {
    // Panics that the library catches and reports (a PDF reader failing on a malformed file)
    // are not printed; any other panic is.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !linjaus::ingest::in_guard() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let lex_dir = cli
        .lexicons
        .clone()
        .unwrap_or_else(linjaus::default_lexicon_dir);
    let mut lex = match Lexicon::load(&lex_dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: invalid lexicon in {}:\n{e}", lex_dir.display());
            return ExitCode::from(EXIT_INCOMPLETE);
        }
    };
    match cli.cmd {
        Cmd::Analyse {
            path,
            format,
            lang,
            output,
            color,
            cache_dir,
            no_cache,
        } => {
            let cache_dir = if no_cache {
                None
            } else {
                cache_dir.or_else(|| {
                    path.is_dir()
                        .then(|| path.join(linjaus::cache::DEFAULT_DIR))
                })
            };
            let cache = linjaus::cache::Cache::new(cache_dir);
            analyse(
                &path,
                &mut lex,
                format,
                lang,
                output.as_deref(),
                color,
                &cache,
            )
        }
        Cmd::Tag { input, output } => run_tag(&input, &lex, output.as_deref()),
        Cmd::Lexicons => check_lexicons(&lex),
        Cmd::Units { files } => units(&files),
        Cmd::Search {
            query,
            path,
            theme,
            level,
            doc,
            year,
            limit,
            format,
            cache_dir,
        } => {
            let level = match level.as_deref().map(|l| (l, Level::from_id(l))) {
                Some((l, None)) => {
                    eprintln!(
                        "error: unknown level `{l}`; valid levels: {}",
                        Level::valid_ids()
                    );
                    return ExitCode::from(EXIT_INCOMPLETE);
                }
                Some((_, level)) => level,
                None => None,
            };
            let filters = linjaus::index::Filters {
                theme,
                level,
                doc,
                year,
            };
            search(&query, &path, &mut lex, &filters, limit, format, cache_dir)
        }
        Cmd::Explain {
            file,
            page,
            unit,
            format,
            lang,
        } => explain(
            &file,
            &mut lex,
            report::explain::Selection { page, unit },
            format,
            lang.into(),
        ),
    }
}

fn analyse(
    path: &Path,
    lex: &mut Lexicon,
    format: OutFormat,
    lang: LangArg,
    output: Option<&Path>,
    color: ColorArg,
    cache: &linjaus::cache::Cache,
) -> ExitCode {
    let c = corpus::analyse_corpus_cached(path, lex, cache);
    let pinned: Vec<usize> = c
        .pinned
        .iter()
        .filter_map(|id| lex.themes.iter().position(|t| &t.id == id))
        .collect();
    let scores = score::score(&c.docs, lex.themes.len(), &pinned);
    let goals = linjaus::goals::trace(&c.docs, lex, &scores.levels);
    let lang: Lang = lang.into();
    let color = match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let format = match format {
        OutFormat::Terminal => report::Format::Terminal,
        OutFormat::Json => report::Format::Json,
    };
    let text = report::render(
        format,
        &ReportInput {
            corpus: &c,
            scores: &scores,
            goals: &goals,
            lexicon: lex,
            lang,
            color,
        },
    );
    for w in c
        .warnings
        .iter()
        .chain(c.docs.iter().flat_map(|d| &d.warnings))
    {
        eprintln!("warning: {w}");
    }
    for e in &c.errors {
        eprintln!("error: {e}");
    }
    let mut code = if c.errors.is_empty() {
        0
    } else {
        EXIT_INCOMPLETE
    };
    if let Err(e) = emit(output, &text) {
        eprintln!("error: {e}");
        code = EXIT_INCOMPLETE;
    }
    ExitCode::from(code)
}

fn run_tag(input: &Path, lex: &Lexicon, output: Option<&Path>) -> ExitCode {
    let reader: Box<dyn BufRead> = if input == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("error: {}: {e}", input.display());
                return ExitCode::from(EXIT_INCOMPLETE);
            }
        }
    };
    let mut out = String::new();
    let mut failed = 0usize;
    for (i, line) in reader.lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", input.display(), i + 1);
                failed += 1;
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match tag::tag_line(&line, lex) {
            Ok(v) => {
                out.push_str(&v.to_string());
                out.push('\n');
            }
            Err(e) => {
                eprintln!("error: {}:{}: {e}", input.display(), i + 1);
                failed += 1;
            }
        }
    }
    let mut code = if failed == 0 { 0 } else { EXIT_INCOMPLETE };
    if let Err(e) = emit(output, &out) {
        eprintln!("error: {e}");
        code = EXIT_INCOMPLETE;
    }
    ExitCode::from(code)
}

fn search(
    query: &str,
    path: &Path,
    lex: &mut Lexicon,
    filters: &linjaus::index::Filters,
    limit: usize,
    format: OutFormat,
    cache_dir: Option<PathBuf>,
) -> ExitCode {
    if !path.is_dir() {
        eprintln!("error: {}: search takes a corpus folder", path.display());
        return ExitCode::from(EXIT_INCOMPLETE);
    }
    if let Some(t) = &filters.theme {
        if lex.theme(t).is_none() {
            eprintln!("error: unknown theme `{t}`");
            return ExitCode::from(EXIT_INCOMPLETE);
        }
    }
    let dir = cache_dir.unwrap_or_else(|| path.join(linjaus::cache::DEFAULT_DIR));
    let c =
        corpus::analyse_corpus_cached(path, lex, &linjaus::cache::Cache::new(Some(dir.clone())));
    for e in &c.errors {
        eprintln!("error: {e}");
    }
    let found = linjaus::index::UnitIndex::open(&dir)
        .and_then(|ix| {
            ix.update(&c.docs, lex, linjaus::cache::lexicon_fingerprint(lex))
                .map(|_| ix)
        })
        .and_then(|ix| ix.search(query, filters, limit));
    let found = match found {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INCOMPLETE);
        }
    };
    let keys = linjaus::index::query_keys(query);
    let text = match format {
        OutFormat::Json => {
            let v: Vec<serde_json::Value> = found
                .iter()
                .map(|r| serde_json::json!({
                    "document": r.doc, "level": r.level, "page": r.page, "unit": r.unit, "heading_path": r.heading,
                    "themes": r.themes, "facets": r.facets, "score": r.score, "snippet": linjaus::index::snippet(&r.text, &keys, 200),
                }))
                .collect();
            let mut s = serde_json::to_string_pretty(
                &serde_json::json!({"query": query, "keys": keys, "results": v}),
            )
            .unwrap_or_default();
            s.push('\n');
            s
        }
        OutFormat::Terminal => {
            let mut s = String::new();
            for r in &found {
                s.push_str(&format!(
                    "{} p{} u{} [{}] {}\n  {}\n",
                    r.doc,
                    r.page,
                    r.unit,
                    r.level.as_deref().unwrap_or("–"),
                    r.heading,
                    linjaus::index::snippet(&r.text, &keys, 200)
                ));
            }
            s.push_str(&format!(
                "{} results for {} ({})\n",
                found.len(),
                query,
                keys.join(" + ")
            ));
            s
        }
    };
    match emit(None, &text) {
        Ok(()) if c.errors.is_empty() => ExitCode::SUCCESS,
        _ => ExitCode::from(EXIT_INCOMPLETE),
    }
}

fn explain(
    file: &Path,
    lex: &mut Lexicon,
    sel: report::explain::Selection,
    format: OutFormat,
    lang: Lang,
) -> ExitCode {
    if file.is_dir() {
        eprintln!(
            "error: {}: explain takes one document, not a folder",
            file.display()
        );
        return ExitCode::from(EXIT_INCOMPLETE);
    }
    let c = corpus::analyse_corpus(file, lex);
    for e in &c.errors {
        eprintln!("error: {e}");
    }
    let Some(doc) = c.docs.first() else {
        return ExitCode::from(EXIT_INCOMPLETE);
    };
    let text = match format {
        OutFormat::Terminal => report::explain::terminal(doc, lex, sel, lang),
        OutFormat::Json => report::explain::json(doc, lex, sel),
    };
    match emit(None, &text) {
        Ok(()) if c.errors.is_empty() => ExitCode::SUCCESS,
        Ok(()) => ExitCode::from(EXIT_INCOMPLETE),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INCOMPLETE)
        }
    }
}

fn units(files: &[PathBuf]) -> ExitCode {
    let mut out = String::new();
    let mut code = 0;
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match linjaus::ingest::ingest(f, &name) {
            Ok(doc) => {
                let seg = linjaus::segment::segment(&doc);
                let mut last_page = 0;
                let mut on_page = 0;
                for u in seg.units {
                    if u.page != last_page {
                        (last_page, on_page) = (u.page, 0);
                    }
                    let v = serde_json::json!({"doc": name, "page": u.page, "unit": on_page, "kind": u.kind.id(), "heading_path": u.heading_path, "text": u.text});
                    out.push_str(&v.to_string());
                    out.push('\n');
                    on_page += 1;
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_INCOMPLETE;
            }
        }
    }
    if let Err(e) = emit(None, &out) {
        eprintln!("error: {e}");
        code = EXIT_INCOMPLETE;
    }
    ExitCode::from(code)
}

fn check_lexicons(lex: &Lexicon) -> ExitCode {
    let failures = linjaus::analyse::lexicon_examples::failures(lex);
    for f in &failures {
        eprintln!("error: {f}");
    }
    let warnings = linjaus::analyse::lexicon_examples::warnings(lex);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "{} themes, {} facets, {} levels; {} example failures, {} warnings",
        lex.themes.len(),
        lex.facets.len(),
        lex.levels.len(),
        failures.len(),
        warnings.len()
    );
    ExitCode::from(if failures.is_empty() {
        0
    } else {
        EXIT_INCOMPLETE
    })
}

/// Write to stdout, or atomically to a file (temporary file in the same folder, then rename).
/// A closed stdout (broken pipe) is not an error.
fn emit(output: Option<&Path>, text: &str) -> Result<(), String> {
    match output {
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
            _ => Ok(()),
        },
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = dir.join(format!(
                ".{}.tmp-{}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
                std::process::id()
            ));
            std::fs::write(&tmp, text)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    format!("{}: {e}", path.display())
                })
        }
    }
}
