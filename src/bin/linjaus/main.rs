//! The `linjaus` binary: parses arguments, calls the library ([`linjaus::pipeline`]), renders
//! with [`linjaus::report`], writes the output and sets the exit code. No pipeline logic here.
//!
//! Exit codes: 0 success; 1 a failed check (`linjaus check`); 2 the tool could not do its job fully
//! (bad manifest, unreadable document, invalid lexicon, bad input line) — the rest of the batch
//! is still processed and reported first.

mod progress;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use linjaus::analyse::lexicon::Lexicon;
use linjaus::error::Error;
use linjaus::model::{Lang, Level};
use linjaus::pipeline::{self, CacheMode, Options};
use linjaus::report::{self, Format, Style, safe};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const EXIT_INCOMPLETE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "linjaus",
    version,
    about = "Trace a municipality's welfare-report themes down its document chain.",
    long_about = "Trace a municipality's welfare-report themes (hyvinvointikertomus) down its \
chain of planning and reporting documents — strategy, budget, operating plans, interim report, \
financial statement, evaluation report — and show, with page-cited evidence, where they fade.",
    after_help = "Examples:\n  linjaus analyse corpus-samples/jarvela\n  linjaus analyse kunta/ --format json -o raportti.json\n  linjaus search liikunta kunta/ --level budget\n\nExit codes: 0 success · 1 a failed check (linjaus check) · 2 the job could not be done fully (errors are listed on stderr; the rest of the batch is still reported)"
)]
struct Cli {
    /// Lexicon folder (themes/, facets.toml, levels.toml, common.toml) to use instead of the
    /// built-in lexicons; also `LINJAUS_LEXICONS`.
    #[arg(long, global = true, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Print only errors on stderr (no warnings, no progress line).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// List every warning (else each document's first, with a count), and print what the run
    /// did on stderr: documents read from the cache or analysed afresh, documents re-indexed.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

/// Where output goes and whether it is coloured.
#[derive(Args, Clone)]
struct Out {
    /// Write to FILE (atomically: a temporary file, then renamed) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour in terminal output: `auto` colours when stdout is a terminal and `NO_COLOR` is
    /// unset.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

/// Where the analysis cache lives.
#[derive(Args, Clone)]
struct CacheArgs {
    /// Keep the analysis cache (and search index) in DIR instead of `.linjaus/` in the corpus
    /// folder.
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Analyse every document afresh and write no cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

/// What one document may cost to read (see `linjaus::budget`).
#[derive(Args, Clone)]
struct BudgetArgs {
    /// Longest time one document may take to read (`60s`, `500ms`, `2m`); a document over it
    /// is an error and the rest are still analysed. PDF, office and spreadsheet files (and text
    /// over 1 MB) are read by a worker process that is stopped when this is spent.
    #[arg(long, value_name = "TIME", default_value = "60s", value_parser = linjaus::budget::parse_duration)]
    time_budget: std::time::Duration,
    /// Most memory (address space) the worker reading one document may use (`2G`, `512M`).
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = linjaus::budget::parse_size)]
    memory_budget: u64,
    /// Largest document file read (`256M`); a bigger one is an error.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = linjaus::budget::parse_size)]
    max_file: u64,
    /// Read every document in this process, without the worker (no time or memory budget).
    #[arg(long)]
    in_process: bool,
}

impl BudgetArgs {
    fn apply(&self, opts: &mut Options) {
        opts.budget = linjaus::budget::Budget {
            time: self.time_budget,
            memory: self.memory_budget,
            max_file: self.max_file,
        };
        opts.extraction = match std::env::current_exe() {
            Ok(exe) if !self.in_process => linjaus::budget::Extraction::Worker { exe },
            _ => linjaus::budget::Extraction::InProcess,
        };
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Analyse a municipality's folder of documents (or one document): themes × levels, drop-off
    /// points, goal traces, with page-cited evidence.
    #[command(
        after_help = "Examples:\n  linjaus analyse corpus-samples/jarvela\n  linjaus analyse kunta/ --lang sv\n  linjaus analyse kunta/ --format json -o analyysi.json\n  linjaus analyse kunta/ --format html -o raportti.html\n  linjaus analyse kunta/ --format xlsx -o raportti.xlsx\n  linjaus analyse kunta/ --format csv -o taulukot/"
    )]
    Analyse {
        /// The municipality's folder (walked recursively) or one document.
        path: PathBuf,
        /// Output format: `html` one self-contained page, `markdown`, `xlsx` a workbook
        /// (needs `-o FILE`), `csv` four tables written into the folder `-o DIR` (cells.csv,
        /// dropoffs.csv, goals.csv, evidence.csv; `;`, decimal comma, UTF-8 with BOM).
        #[arg(long, value_enum, default_value_t = AnalyseFormat::Terminal)]
        format: AnalyseFormat,
        /// Language of the report's labels.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        #[command(flatten)]
        out: Out,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// Check a corpus (or a draft in its place) against a policy: the gate before a document
    /// goes to the council. Exit code 1 when a rule with severity `error` fails.
    #[command(
        after_help = "Examples:\n  linjaus check kunta/\n  linjaus check kunta/ --draft talousarvio-2027-luonnos.docx --level budget\n  linjaus check kunta/ --baseline .linjaus-baseline.json --format github\n  linjaus check kunta/ --format junit -o linjaus-junit.xml\n\nExit codes: 0 every rule holds · 1 a rule with severity error failed · 2 the check could not be done fully (unreadable document, bad policy or baseline; wins over 1)"
    )]
    Check {
        /// The municipality's folder (walked recursively).
        path: PathBuf,
        /// Policy file (TOML: the rules at the top level or under `[check]`); default: the
        /// manifest's `[check]` table, else the default policy.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// Analyse this draft in place of the corpus's documents of its level.
        #[arg(long, value_name = "FILE")]
        draft: Option<PathBuf>,
        /// The draft's level (inferred from the draft when not given).
        #[arg(long, value_name = "ID", value_parser = parse_level, requires = "draft")]
        level: Option<Level>,
        /// Report only failures that are not in this baseline, and baseline entries that no
        /// longer fail.
        #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
        baseline: Option<PathBuf>,
        /// Record today's failures in FILE (JSON); they are then known, not failing.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormatArg::Terminal)]
        format: CheckFormatArg,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        #[command(flatten)]
        out: Out,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// Compare municipalities side by side (a folder of municipality folders, or two or more
    /// corpus folders): drop-offs and rungs per theme, rankings, where welfare fades, and each
    /// municipality's years.
    #[command(
        after_help = "Examples:\n  linjaus compare kunnat/\n  linjaus compare kunnat/jarvela kunnat/koivula --lang en\n  linjaus compare kunnat/ --format json -o vertailu.json --cache-dir /var/cache/linjaus\n  linjaus compare kunnat/ --format csv -o vertailu.csv"
    )]
    Compare {
        /// One folder whose sub-folders are municipalities, or two or more municipality folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format: `csv` one row per municipality × theme (`;`, decimal comma, UTF-8
        /// with BOM), `markdown` (or `md`) the same table in Markdown.
        #[arg(long, value_enum, default_value_t = CompareFormat::Terminal)]
        format: CompareFormat,
        /// Language of the report's labels.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        /// Municipalities analysed at once, each held in memory until it is summarised
        /// (default: the number of cores).
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        jobs: Option<u64>,
        #[command(flatten)]
        out: Out,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// Tag JSON Lines (`id`, `text`, optional `lang`: "fi" or "sv", the language of a text with
    /// no language cue of its own, as `units` prints it) with themes and facets, one JSON line
    /// out per line in.
    #[command(
        after_help = "Examples:\n  linjaus tag kappaleet.jsonl\n  echo '{\"id\": 1, \"text\": \"Nuorten yksinäisyys vähenee.\"}' | linjaus tag -"
    )]
    Tag {
        /// The JSON Lines file; `-` reads stdin.
        input: PathBuf,
        #[command(flatten)]
        out: Out,
    },
    /// Score themes and facets against your own labelled units (JSON Lines: the `tag` input
    /// plus `themes` and `facets`, optionally `themes_optional` / `facets_optional`): micro and
    /// per-label precision, recall and F1.
    #[command(
        after_help = "Examples:\n  linjaus eval merkityt.jsonl\n  linjaus eval merkityt.jsonl --format json -o tulos.json\n  linjaus eval merkityt.jsonl --without-rule long-unit\n\nExit codes: 0 scored · 2 a line could not be read (named file:line; the other lines are still scored)"
    )]
    Eval {
        /// The labelled JSON Lines file; `-` reads stdin.
        input: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        /// Switch off one analysis rule (an id of `linjaus::analyse::Rule`, e.g. `long-unit`);
        /// repeatable. Measures what the rule does.
        #[arg(long, value_name = "ID", value_parser = parse_rule)]
        without_rule: Vec<linjaus::analyse::Rule>,
        #[command(flatten)]
        out: Out,
    },
    /// Train the learned layer on your labelled units (the `eval` input; a `doc` key keeps a
    /// document's units in one fold) and report what it does by cross-validation; with
    /// `--model`, write the model fitted to all units (`learned.toml` of a lexicon folder).
    #[command(
        after_help = "Examples:\n  linjaus train merkityt.jsonl\n  linjaus train a.jsonl b.jsonl --model omat-sanastot/learned.toml\n\nExit codes: 0 trained · 2 a line could not be read (named file:line; the other lines are used)"
    )]
    Train {
        /// Labelled JSON Lines files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write the model here (atomically).
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// Cross-validation folds (by document).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
        folds: u16,
        /// L2 penalty: larger keeps the weights smaller.
        #[arg(long, default_value_t = 1.0)]
        l2: f64,
        /// A candidate theme counts when the model's probability is at least this.
        #[arg(long, default_value_t = 0.4)]
        threshold: f64,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        #[command(flatten)]
        out: Out,
    },
    /// Validate the lexicons and run every theme's example sentences.
    #[command(
        after_help = "Examples:\n  linjaus lexicons\n  linjaus lexicons --lexicons omat-sanastot/"
    )]
    Lexicons {
        #[command(flatten)]
        out: Out,
    },
    /// List the themes of the lexicons: ids and labels.
    #[command(after_help = "Examples:\n  linjaus themes\n  linjaus themes --lang en --format json")]
    Themes {
        /// Language of the labels.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        #[command(flatten)]
        out: Out,
    },
    /// Search the units of a corpus: inflected and compound forms find each other.
    #[command(
        after_help = "Examples:\n  linjaus search liikunta corpus-samples/jarvela\n  linjaus search \"nuorten mielenterveys\" kunta/ --level budget --year 2026 --format json"
    )]
    Search {
        /// Words to find; every word must occur in a unit.
        query: String,
        /// The corpus folder (its index is kept in `.linjaus/` inside it).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Only units that mention this theme (an id of `linjaus themes`).
        #[arg(long, value_name = "ID")]
        theme: Option<String>,
        /// Only units that count for this level.
        #[arg(long, value_name = "ID", value_parser = parse_level)]
        level: Option<Level>,
        /// Only this document (its path, as in the reports).
        #[arg(long, value_name = "PATH")]
        doc: Option<String>,
        /// Only documents that cover this year.
        #[arg(long, value_name = "YYYY")]
        year: Option<u32>,
        /// At most N results (1 or more).
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        /// Language of the words around the results (the results are the documents' own text).
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        #[command(flatten)]
        out: Out,
        /// Keep the analysis cache and the index in DIR instead of `.linjaus/` in the corpus
        /// folder.
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// Show what each stage saw in one document: level cues, units, tokens, matched and dropped
    /// terms, facets and rungs.
    #[command(
        after_help = "Examples:\n  linjaus explain kunta/talousarvio-2026.pdf --page 12\n  linjaus explain kunta/talousarvio-2026.pdf --unit 340 --format json\n  linjaus explain kunta/ --goal hvk-03-nuorten-mielenterveys-vahvistuu"
    )]
    Explain {
        /// The document (with --goal: the corpus folder).
        file: PathBuf,
        /// Explain how this HVK goal (its id, `hvk-03-…`) was paired at each level: every unit
        /// that shares a word with it, accepted or rejected and why. FILE is then the corpus
        /// folder (analysed without the cache).
        #[arg(long, value_name = "ID", conflicts_with_all = ["page", "unit"])]
        goal: Option<String>,
        /// Only the units of this page (1-based, the file's own page order).
        #[arg(long, value_name = "N")]
        page: Option<usize>,
        /// Only this unit (its position in the document, as `unit` in every report).
        #[arg(long, value_name = "N")]
        unit: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Terminal)]
        format: OutFormat,
        /// Language of the labels.
        #[arg(long, value_enum, default_value_t = LangArg::Fi)]
        lang: LangArg,
        #[command(flatten)]
        out: Out,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// Print the units documents are cut into, as JSON Lines (`doc`, `page`, `unit` = position
    /// in the document, `on_page` = position on the page, `kind`, `heading_path`, `lang` = the
    /// language the unit is analysed in, `text`): the input for `tag` and for labelling.
    #[command(after_help = "Examples:\n  linjaus units kunta/talousarvio-2026.pdf > yksikot.jsonl")]
    Units {
        /// The documents.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        out: Out,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  linjaus completions bash > ~/.local/share/bash-completion/completions/linjaus\n  linjaus completions zsh > ~/.zfunc/_linjaus"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
        #[command(flatten)]
        out: Out,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Examples:\n  linjaus man > linjaus.1 && man ./linjaus.1")]
    Man {
        #[command(flatten)]
        out: Out,
    },
    /// The worker: read documents from stdin, write their pages to stdout (`linjaus::budget`).
    #[command(name = "__extract", hide = true)]
    Extract,
}

fn parse_rule(s: &str) -> Result<linjaus::analyse::Rule, String> {
    linjaus::analyse::Rule::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = linjaus::analyse::Rule::ALL.iter().map(|r| r.id()).collect();
        format!("unknown rule `{s}`; valid rules: {}", ids.join(", "))
    })
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::from_id(s)
        .ok_or_else(|| format!("unknown level `{s}`; valid levels: {}", Level::valid_ids()))
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Terminal,
    Json,
}

impl From<OutFormat> for Format {
    fn from(f: OutFormat) -> Format {
        match f {
            OutFormat::Terminal => Format::Terminal,
            OutFormat::Json => Format::Json,
        }
    }
}

/// The formats of `compare`.
#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Terminal,
    Json,
    Csv,
    #[value(alias = "md")]
    Markdown,
}

/// The formats of `analyse`.
#[derive(Clone, Copy, ValueEnum)]
enum AnalyseFormat {
    Terminal,
    Json,
    Html,
    Markdown,
    Csv,
    Xlsx,
}

impl From<AnalyseFormat> for report::ReportFormat {
    fn from(f: AnalyseFormat) -> report::ReportFormat {
        use report::ReportFormat as R;
        match f {
            AnalyseFormat::Terminal => R::Terminal,
            AnalyseFormat::Json => R::Json,
            AnalyseFormat::Html => R::Html,
            AnalyseFormat::Markdown => R::Markdown,
            AnalyseFormat::Csv => R::Csv,
            AnalyseFormat::Xlsx => R::Xlsx,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormatArg {
    Terminal,
    Json,
    Junit,
    Github,
}

impl From<CheckFormatArg> for report::check::CheckFormat {
    fn from(f: CheckFormatArg) -> Self {
        use report::check::CheckFormat;
        match f {
            CheckFormatArg::Terminal => CheckFormat::Terminal,
            CheckFormatArg::Json => CheckFormat::Json,
            CheckFormatArg::Junit => CheckFormat::Junit,
            CheckFormatArg::Github => CheckFormat::Github,
        }
    }
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

impl Out {
    fn style(&self, lang: LangArg) -> Style {
        let color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                self.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style {
            lang: lang.into(),
            color,
        }
    }
}

impl CacheArgs {
    fn options(&self) -> Options {
        let cache = match (&self.cache_dir, self.no_cache) {
            (_, true) => CacheMode::Off,
            (Some(d), false) => CacheMode::Dir(d.clone()),
            (None, false) => CacheMode::InCorpus,
        };
        Options {
            cache,
            ..Options::default()
        }
    }
}

/// What a command ended with: its output and whether the job was done completely.
struct Run {
    quiet: bool,
    verbose: bool,
    failed: bool,
}

impl Run {
    // Messages name files and quote documents: escaped for the terminal.
    fn error(&mut self, e: impl std::fmt::Display) {
        eprintln!("error: {}", safe::text(&e.to_string()));
        self.failed = true;
    }
    fn warning(&self, w: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {}", safe::text(&w.to_string()));
        }
    }
    fn note(&self, n: impl std::fmt::Display) {
        if self.verbose {
            eprintln!("note: {}", safe::text(&n.to_string()));
        }
    }
    /// Write `text` to stdout or atomically to a file; a failed write is an error.
    fn emit(&mut self, out: Option<&Path>, text: &str) {
        let r = match out {
            // A closed pipe (`| head`) ends quietly, as other Unix tools do; any other write
            // error (a full disk, `> /dev/full`) is an error.
            None => {
                let mut stdout = std::io::stdout().lock();
                match stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
                {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(format!("stdout: {e}"))
                    }
                    _ => Ok(()),
                }
            }
            Some(path) => {
                linjaus::output::atomic_write(path, text.as_bytes()).map_err(|e| e.to_string())
            }
        };
        if let Err(e) = r {
            self.error(e);
        }
    }
    /// Write an analysis report: text like [`Run::emit`], CSV tables as files into the folder
    /// `out` (created when missing), a workbook to the file `out` (checked by
    /// [`report_target`]).
    fn emit_report(&mut self, out: Option<&Path>, output: report::Output) {
        match (output, out) {
            (report::Output::Text(text), out) => self.emit(out, &text),
            (report::Output::Binary(bytes), Some(path)) => {
                if let Err(e) = linjaus::output::atomic_write(path, &bytes) {
                    self.error(e);
                }
            }
            (report::Output::Files(files), Some(dir)) => {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    return self.error(format_args!("{}: {e}", dir.display()));
                }
                for (name, text) in files {
                    self.emit(Some(&dir.join(name)), &text);
                }
            }
            (_, None) => self.error("this format needs -o"),
        }
    }
    fn exit(&self) -> ExitCode {
        ExitCode::from(if self.failed { EXIT_INCOMPLETE } else { 0 })
    }
}

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
    let mut run = Run {
        quiet: cli.quiet,
        verbose: cli.verbose,
        failed: false,
    };
    match cli.cmd {
        Cmd::Completions { shell, out } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "linjaus", &mut buf);
            run.emit(out.output.as_deref(), &String::from_utf8_lossy(&buf));
            return run.exit();
        }
        Cmd::Man { out } => {
            let mut buf = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                run.error(e);
            }
            run.emit(out.output.as_deref(), &String::from_utf8_lossy(&buf));
            return run.exit();
        }
        Cmd::Extract => {
            return if linjaus::budget::worker_main() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_INCOMPLETE)
            };
        }
        _ => {}
    }
    let lex = match load_lexicon(cli.lexicons.as_deref()) {
        Ok(l) => Arc::new(l),
        Err(e) => {
            run.error(e);
            return run.exit();
        }
    };
    match cli.cmd {
        Cmd::Analyse {
            path,
            format,
            lang,
            out,
            cache,
            budget,
        } => {
            if let Err(e) = report_target(format, out.output.as_deref()) {
                run.error(e);
                return run.exit();
            }
            let mut opts = cache.options();
            budget.apply(&mut opts);
            let bar = progress::Bar::start(run.quiet);
            opts.progress = bar.as_ref().map(|b| b.counters.clone());
            let a = pipeline::analyse(&path, &lex, &opts);
            drop(bar);
            report_problems(&mut run, &a.corpus.errors, a.corpus.all_warnings());
            run.note(format_args!(
                "{} documents read from the cache, {} analysed afresh",
                a.cache.hits, a.cache.misses
            ));
            if !a.is_empty() {
                match report::report(format.into(), &a, out.style(lang)) {
                    Ok(output) => run.emit_report(out.output.as_deref(), output),
                    Err(e) => run.error(e),
                }
            }
            // The process ends next: freeing the analysis unit by unit would only cost time.
            std::mem::forget(a);
        }
        Cmd::Check {
            path,
            policy,
            draft,
            level,
            baseline,
            write_baseline,
            format,
            lang,
            out,
            cache,
            budget,
        } => {
            let mut opts = cache.options();
            budget.apply(&mut opts);
            let args = CheckArgs {
                path: &path,
                policy: policy.as_deref(),
                draft: draft.map(|file| linjaus::corpus::Draft { file, level }),
                baseline: baseline.as_deref(),
                write_baseline: write_baseline.as_deref(),
            };
            let failed = check(&mut run, &lex, &args, format, out.style(lang), &out, &opts);
            return ExitCode::from(if run.failed {
                EXIT_INCOMPLETE
            } else {
                u8::from(failed)
            });
        }
        Cmd::Compare {
            paths,
            format,
            lang,
            jobs,
            out,
            cache,
            budget,
        } => compare(
            &mut run, &paths, &lex, format, lang, jobs, &out, &cache, &budget,
        ),
        Cmd::Tag { input, out } => tag(&mut run, &input, &lex, out.output.as_deref()),
        Cmd::Eval {
            input,
            format,
            without_rule,
            out,
        } => {
            let mut l = (*lex).clone();
            for r in without_rule {
                l.rules = l.rules.without(r);
            }
            eval(&mut run, &input, &l, format, out.output.as_deref());
        }
        Cmd::Train {
            inputs,
            model,
            folds,
            l2,
            threshold,
            format,
            out,
        } => train(
            &mut run,
            &inputs,
            &lex,
            model.as_deref(),
            usize::from(folds),
            (l2, threshold),
            format,
            out.output.as_deref(),
        ),
        Cmd::Lexicons { out } => {
            let mut failures = linjaus::analyse::lexicon_examples::failures(&lex);
            failures.extend(linjaus::analyse::lexicon_examples::goal_failures(&lex));
            failures.extend(linjaus::classify::example_failures(&lex));
            for f in &failures {
                run.error(f);
            }
            let warnings = linjaus::analyse::lexicon_examples::warnings(&lex);
            for w in &warnings {
                run.warning(w);
            }
            let text = format!(
                "{} themes, {} facets, {} levels; {} example failures, {} warnings\n",
                lex.themes.len(),
                lex.facets.len(),
                lex.levels.len(),
                failures.len(),
                warnings.len()
            );
            run.emit(out.output.as_deref(), &text);
        }
        Cmd::Themes { lang, format, out } => {
            let text = report::lines::themes(format.into(), &lex, lang.into());
            run.emit(out.output.as_deref(), &text);
        }
        Cmd::Units { files, out } => {
            let mut text = String::new();
            for r in pipeline::units(&files) {
                match r {
                    Ok(d) => text.push_str(&report::lines::units(&d.name, &d.units, &d.langs)),
                    Err(e) => run.error(e),
                }
            }
            run.emit(out.output.as_deref(), &text);
        }
        Cmd::Search {
            query,
            path,
            theme,
            level,
            doc,
            year,
            limit,
            format,
            lang,
            out,
            cache_dir,
            budget,
        } => {
            let filters = linjaus::index::Filters {
                theme,
                level,
                doc,
                year,
            };
            let bar = progress::Bar::start(run.quiet);
            let mut opts = Options {
                cache: cache_dir.map_or(CacheMode::InCorpus, CacheMode::Dir),
                progress: bar.as_ref().map(|b| b.counters.clone()),
                ..Options::default()
            };
            budget.apply(&mut opts);
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let found = pipeline::search(&path, &lex, &opts, &query, &filters, limit);
            drop(bar);
            match found {
                Ok(s) => {
                    report_problems(
                        &mut run,
                        &s.analysis.corpus.errors,
                        s.analysis.corpus.all_warnings(),
                    );
                    if s.reindexed > 0 {
                        run.note(format_args!(
                            "search index: {} changed documents indexed",
                            s.reindexed
                        ));
                    }
                    let text = report::lines::search(
                        format.into(),
                        lang.into(),
                        &query,
                        &s.query,
                        &s.found,
                        limit,
                        s.reindexed,
                    );
                    run.emit(out.output.as_deref(), &text);
                }
                Err(e) => run.error(e),
            }
        }
        Cmd::Explain {
            file,
            goal: Some(id),
            format,
            lang,
            out,
            budget,
            ..
        } => {
            let mut opts = Options {
                cache: CacheMode::Off,
                ..Options::default()
            };
            budget.apply(&mut opts);
            let a = pipeline::analyse(&file, &lex, &opts);
            report_problems(&mut run, &a.corpus.errors, a.corpus.warnings.iter());
            let mixed = linjaus::municipality::mixed(&a.corpus, &a.lexicon);
            let same = |x: &str, y: &str| mixed.as_ref().is_none_or(|m| m.same(x, y));
            let levels = &a.scores.levels;
            match linjaus::goals::explain(
                &a.goals.items,
                &id,
                &a.corpus.docs,
                &a.lexicon,
                levels,
                &same,
            ) {
                None => {
                    let known: Vec<&str> = a.goals.items.iter().map(|i| i.id.as_str()).collect();
                    run.error(format_args!(
                        "{}: {} `{id}` (ids: {})",
                        file.display(),
                        report::i18n::goal_explain_words(out.style(lang).lang).unknown_goal,
                        if known.is_empty() {
                            "–".to_string()
                        } else {
                            known.join(", ")
                        }
                    ));
                }
                Some(levels) => {
                    let item = a
                        .goals
                        .items
                        .iter()
                        .find(|i| i.id == id)
                        .expect("explained");
                    let text = match format {
                        OutFormat::Terminal => {
                            report::goal_explain::terminal(item, &levels, out.style(lang).lang)
                        }
                        OutFormat::Json => report::goal_explain::json(item, &levels),
                    };
                    run.emit(out.output.as_deref(), &text);
                }
            }
        }
        Cmd::Explain {
            file,
            page,
            unit,
            format,
            lang,
            out,
            budget,
            ..
        } => {
            let mut opts = Options::default();
            budget.apply(&mut opts);
            let (doc, lex, corpus) = pipeline::analyse_document_with(&file, &lex, &opts);
            let warnings = corpus
                .warnings
                .iter()
                .chain(doc.iter().flat_map(|d| &d.warnings));
            report_problems(&mut run, &corpus.errors, warnings);
            if let Some(doc) = doc {
                let sel = report::explain::Selection { page, unit };
                if !sel.selects_any(&doc) {
                    run.error(format_args!(
                        "{}: no unit matches --page {} --unit {} (the document has {} pages and units 0–{})",
                        file.display(),
                        page.map_or("–".to_string(), |p| p.to_string()),
                        unit.map_or("–".to_string(), |u| u.to_string()),
                        doc.pages,
                        doc.units.len().saturating_sub(1)
                    ));
                    return run.exit();
                }
                let text = match format {
                    OutFormat::Terminal => {
                        report::explain::terminal(&doc, &lex, sel, out.style(lang).lang)
                    }
                    OutFormat::Json => report::explain::json(&doc, &lex, sel),
                };
                run.emit(out.output.as_deref(), &text);
            }
        }
        Cmd::Completions { .. } | Cmd::Man { .. } | Cmd::Extract => {
            unreachable!("handled above")
        }
    }
    run.exit()
}

/// Where a report of `format` may go, checked before the analysis: a workbook is binary and
/// needs `-o FILE`; the CSV tables are four files and need `-o DIR` (a folder, not a file).
fn report_target(format: AnalyseFormat, out: Option<&Path>) -> Result<(), String> {
    match (format, out) {
        (AnalyseFormat::Xlsx, None) => Err(
            "--format xlsx writes a binary workbook, not text for a terminal: give -o FILE.xlsx"
                .into(),
        ),
        (AnalyseFormat::Xlsx, Some(p)) if p.is_dir() => Err(format!(
            "{}: is a folder; --format xlsx needs -o FILE.xlsx",
            p.display()
        )),
        (AnalyseFormat::Csv, None) => Err(
            "--format csv writes four files (cells.csv, dropoffs.csv, goals.csv, evidence.csv): give -o FOLDER"
                .into(),
        ),
        (AnalyseFormat::Csv, Some(p))
            if p.is_file() || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            Err(format!(
                "{}: --format csv writes four files into a folder: give -o FOLDER",
                p.display()
            ))
        }
        _ => Ok(()),
    }
}

/// The lexicons: `--lexicons DIR`, else `LINJAUS_LEXICONS`, else the ones built into the binary.
fn load_lexicon(dir: Option<&Path>) -> Result<Lexicon, String> {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("LINJAUS_LEXICONS").map(PathBuf::from));
    match dir {
        Some(d) => {
            Lexicon::load(&d).map_err(|e| format!("invalid lexicon in {}:\n{e}", d.display()))
        }
        None => Lexicon::builtin().map_err(|e| format!("invalid built-in lexicon:\n{e}")),
    }
}

/// Errors in full; warnings in full under `--verbose`, else a document's first warning with
/// how many more it has, and at the end how many were not shown.
fn report_problems<'a>(
    run: &mut Run,
    errors: &[Error],
    warnings: impl Iterator<Item = &'a linjaus::error::Warning>,
) {
    let mut hidden = 0;
    let mut warnings = warnings.peekable();
    while let Some(w) = warnings.next() {
        let mut more = 0;
        while !run.verbose && w.doc.is_some() && warnings.peek().is_some_and(|n| n.doc == w.doc) {
            warnings.next();
            more += 1;
        }
        hidden += more;
        match more {
            0 => run.warning(w),
            1 => run.warning(format_args!("{w} (and 1 more warning)")),
            _ => run.warning(format_args!("{w} (and {more} more warnings)")),
        }
    }
    match hidden {
        0 => {}
        1 => run.warning("1 more warning not shown; --verbose lists them all"),
        _ => run.warning(format_args!(
            "{hidden} more warnings not shown; --verbose lists them all"
        )),
    }
    for e in errors {
        run.error(e);
    }
}

struct CheckArgs<'a> {
    path: &'a Path,
    policy: Option<&'a Path>,
    draft: Option<linjaus::corpus::Draft>,
    baseline: Option<&'a Path>,
    write_baseline: Option<&'a Path>,
}

/// `linjaus check`: analyse (with the draft in place), apply the policy and the baseline,
/// render. Returns whether a rule with severity `error` failed; problems (exit code 2) are
/// reported through `run`.
fn check(
    run: &mut Run,
    lex: &Arc<Lexicon>,
    args: &CheckArgs,
    format: CheckFormatArg,
    style: Style,
    out: &Out,
    opts: &Options,
) -> bool {
    use linjaus::check::{self, Baseline, Policy};
    let a = match &args.draft {
        Some(d) => pipeline::analyse_with_draft(args.path, lex, opts, d),
        None => pipeline::analyse(args.path, lex, opts),
    };
    report_problems(run, &a.corpus.errors, a.corpus.all_warnings());
    let mut problems: Vec<String> = a.corpus.errors.iter().map(ToString::to_string).collect();
    let policy = Policy::for_corpus(&a.corpus.root, args.policy);
    problems.extend(policy.problems.iter().cloned());
    problems.extend(policy.theme_problems(&a.lexicon));
    let mut result = check::evaluate(&a, &policy);
    if let Some(f) = args.baseline {
        match Baseline::load(f) {
            Ok(b) => result.apply_baseline(&b),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if let Some(f) = args.write_baseline {
        let b = Baseline::of(&result);
        match linjaus::output::atomic_write(f, b.to_json().as_bytes()) {
            Ok(()) => result.apply_baseline(&b),
            Err(e) => problems.push(e.to_string()),
        }
    }
    for p in problems.iter().skip(a.corpus.errors.len()) {
        run.error(p);
    }
    let input = report::check::Input {
        result: &result,
        policy: &policy,
        lexicon: &a.lexicon,
        problems: &problems,
        lang: style.lang,
    };
    let text = report::check::render(format.into(), &input);
    run.emit(out.output.as_deref(), &text);
    result.failed()
}

/// Standard input for `-`, else the file; an unreadable file is reported (exit 2).
fn open_lines(run: &mut Run, input: &Path) -> Option<Box<dyn BufRead>> {
    if input == Path::new("-") {
        return Some(Box::new(std::io::stdin().lock()));
    }
    match std::fs::File::open(input) {
        Ok(f) => Some(Box::new(std::io::BufReader::new(f))),
        Err(e) => {
            run.error(format_args!("{}: {e}", input.display()));
            None
        }
    }
}

fn tag(run: &mut Run, input: &Path, lex: &Lexicon, output: Option<&Path>) {
    let Some(reader) = open_lines(run, input) else {
        return;
    };
    let mut out = String::new();
    for (n, r) in linjaus::tag::tag_lines(reader, lex) {
        match r {
            Ok((id, analysis)) => out.push_str(&report::lines::tag(&id, &analysis, lex)),
            Err(e) => run.error(format_args!("{}:{n}: {e}", input.display())),
        }
    }
    run.emit(output, &out);
}

fn eval(run: &mut Run, input: &Path, lex: &Lexicon, format: OutFormat, output: Option<&Path>) {
    let Some(reader) = open_lines(run, input) else {
        return;
    };
    let (ev, bad) = linjaus::eval::evaluate(reader, lex);
    for (n, e) in &bad {
        run.error(format_args!("{}:{n}: {e}", input.display()));
    }
    let text = match format {
        OutFormat::Terminal => report::eval::terminal(&ev),
        OutFormat::Json => report::eval::json(&ev),
    };
    run.emit(output, &text);
}

#[allow(clippy::too_many_arguments)]
fn train(
    run: &mut Run,
    inputs: &[PathBuf],
    lex: &Lexicon,
    model: Option<&Path>,
    folds: usize,
    (l2, threshold): (f64, f64),
    format: OutFormat,
    output: Option<&Path>,
) {
    if !(l2.is_finite() && l2 >= 0.0) {
        run.error("--l2 must be a number of at least 0");
        return;
    }
    if !(0.0..=1.0).contains(&threshold) {
        run.error("--threshold must be between 0 and 1");
        return;
    }
    let mut gold = Vec::new();
    for input in inputs {
        let Some(reader) = open_lines(run, input) else {
            continue;
        };
        let (g, bad) = linjaus::eval::read_gold(reader, lex);
        for (n, e) in &bad {
            run.error(format_args!("{}:{n}: {e}", input.display()));
        }
        gold.extend(g);
    }
    if gold.is_empty() {
        run.error("no labelled units to train on");
        return;
    }
    let opt = linjaus::analyse::learned::TrainOptions {
        l2,
        threshold,
        ..Default::default()
    };
    let by_unit = linjaus::train::examples_by_unit(&gold, lex);
    let cv = match linjaus::train::cross_validate(&gold, &by_unit, lex, opt, folds) {
        Ok(cv) => cv,
        Err(e) => {
            run.error(e);
            return;
        }
    };
    let examples: Vec<(Vec<String>, bool)> = by_unit.into_iter().flatten().collect();
    let right = examples.iter().filter(|(_, y)| *y).count();
    if let Some(path) = model {
        let header = format!(
            "# The learned layer of linjaus (src/analyse/learned.rs): a logistic model over the\n\
             # candidate themes the lexicon and rules propose. Written by `linjaus train` from {} labelled\n\
             # units ({} candidates, {right} right), L2 {l2}. A positive weight speaks for the theme.\n\n",
            gold.len(),
            examples.len()
        );
        let text = linjaus::analyse::learned::train(&examples, opt).to_toml(&header);
        if let Err(e) = linjaus::output::atomic_write(path, text.as_bytes()) {
            run.error(e);
        }
    }
    let text = match format {
        OutFormat::Terminal => report::eval::train_terminal(gold.len(), examples.len(), right, &cv),
        OutFormat::Json => report::eval::train_json(gold.len(), examples.len(), right, &cv),
    };
    run.emit(output, &text);
}

#[allow(clippy::too_many_arguments)]
fn compare(
    run: &mut Run,
    paths: &[PathBuf],
    lex: &Arc<Lexicon>,
    format: CompareFormat,
    lang: LangArg,
    jobs: Option<u64>,
    out: &Out,
    cache: &CacheArgs,
    budget: &BudgetArgs,
) {
    let (inputs, errors, warnings) = linjaus::compare::inputs(paths);
    report_problems(run, &errors, warnings.iter());
    if inputs.is_empty() {
        return;
    }
    let opts = linjaus::compare::Options {
        cache: cache.options().cache,
        jobs: jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |j| usize::try_from(j).unwrap_or(1),
        ),
        analysis: {
            let mut o = Options::default();
            budget.apply(&mut o);
            o
        },
    };
    let verbose = run.verbose;
    let progress = |done: usize, total: usize| {
        if verbose {
            eprintln!("note: {done}/{total} municipalities analysed");
        }
    };
    let c = linjaus::compare::run(&inputs, lex, &opts, &progress);
    // Each municipality's problems, named by it; the others are still compared.
    for m in &c.municipalities {
        for w in &m.warnings {
            run.warning(format_args!("{}: {w}", m.name));
        }
        for e in &m.errors {
            run.error(format_args!("{}: {e}", m.name));
        }
        if m.reused {
            run.note(format_args!(
                "{}: no file changed, its summary read from the cache",
                m.name
            ));
        } else {
            run.note(format_args!(
                "{}: {} documents read from the cache, {} analysed afresh",
                m.name, m.cache.hits, m.cache.misses
            ));
        }
    }
    if c.municipalities.iter().all(|m| m.documents == 0) {
        return;
    }
    let style = out.style(lang);
    let view = || report::compare::view(&c, style.lang);
    let text = match format {
        CompareFormat::Terminal => report::compare::terminal(&view(), style.lang, style.color),
        CompareFormat::Json => report::compare::json(&c, style.lang),
        CompareFormat::Csv => report::compare_table::csv(&view(), style.lang),
        CompareFormat::Markdown => report::compare_table::markdown(&view(), style.lang),
    };
    run.emit(out.output.as_deref(), &text);
}
