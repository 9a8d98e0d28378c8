//! Helpers: run the binary, make scratch folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample() -> PathBuf {
    root().join("corpus-samples/jarvela")
}

pub fn lexicon() -> linjaus::analyse::lexicon::Lexicon {
    linjaus::analyse::lexicon::Lexicon::load(&root().join("lexicons"))
        .expect("bundled lexicon loads")
}

/// Run `linjaus ARGS` with optional stdin. Tests never write into the checkout: an `analyse`,
/// `check` or `search` of a path inside it must say `--no-cache` or `--cache-dir` (else this panics).
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let caches = matches!(
        args.first(),
        Some(&"analyse" | &"search" | &"check" | &"compare")
    ) && !args
        .iter()
        .any(|a| *a == "--no-cache" || *a == "--cache-dir");
    let in_checkout = args
        .iter()
        .any(|a| Path::new(a).is_absolute() && Path::new(a).starts_with(root()));
    assert!(
        !(caches && in_checkout),
        "a test would write a cache into the checkout: {args:?}"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linjaus"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("LINJAUS_LEXICONS");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binary runs");
    if let Some(input) = stdin {
        use std::io::Write;
        // A child that refuses its arguments exits before reading: a closed pipe is its answer,
        // not a test failure (this raced under load).
        if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty folder under the system temp dir (removed on drop).
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "linjaus-test-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Say that a test skipped, where cargo shows it: straight to stderr, past the test harness's
/// output capture (which takes only `eprintln!`), with the test's name.
pub fn skipped(why: &str) {
    use std::io::Write;
    let name = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(std::io::stderr(), "SKIPPED {name}: {why}");
}

/// RFC 4180 with `;` between fields (the tool's CSV): the rows of `text`, BOM and CRLF checked.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    assert!(body.ends_with("\r\n"), "CRLF line ends");
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, body.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, '"') => panic!("a bare quote inside an unquoted field: {text}"),
            (false, ';') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR only before LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF outside quotes: {text}"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && row.is_empty() && field.is_empty(),
        "ends cleanly"
    );
    rows
}
