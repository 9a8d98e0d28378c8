//! What a run says on stderr: a progress line only on a terminal, warnings summarised per
//! document unless `--verbose`.

use crate::util::{Scratch, run, sample, stderr};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_linjaus");

/// `linjaus ARGS` under a pseudo-terminal (util-linux `script`), stdout and stderr together.
fn on_a_terminal(args: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        crate::util::skipped(
            "`script` (util-linux) is not installed; no pseudo-terminal to test on",
        );
        return None;
    }
    let out = Command::new("script")
        .args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .env("LINJAUS_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .env("TERM", "xterm")
        .output()
        .expect("script runs");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_is_drawn_on_a_terminal_and_cleared() {
    // Enough documents that the run lasts well past the first redraw.
    let s = Scratch::new("progress-tty");
    let text =
        "Liikuntapaikkoja kunnostetaan. Mittari: käyntikerrat. Vastuu: liikuntapalvelut.\n\n"
            .repeat(40);
    for i in 0..400 {
        s.write(
            &format!("docs/talousarvio-{i}.md"),
            format!("# Talousarvio 2026\n\n{text}"),
        );
    }
    let report = s.0.join("r.txt");
    let args = format!(
        "analyse {} --no-cache -o {}",
        s.0.join("docs").display(),
        report.display()
    );
    let Some(tty) = on_a_terminal(&args) else {
        return;
    };
    assert!(tty.contains("/400 documents"), "{tty:?}");
    assert!(tty.ends_with("\r\x1b[2K"), "the line is cleared: {tty:?}");
    // --quiet silences it; so does CI.
    let quiet = on_a_terminal(&format!("{args} --quiet")).unwrap();
    assert!(!quiet.contains("documents"), "{quiet:?}");
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let s = Scratch::new("progress-pipe");
    let report = s.0.join("r.txt");
    let mut cmd = Command::new(BIN);
    cmd.args(["analyse", sample().to_str().unwrap(), "--no-cache", "-o"])
        .arg(&report)
        .env("LINJAUS_PROGRESS_DELAY_MS", "0")
        .env_remove("CI");
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("documents") && !err.contains('\r'), "{err:?}");
    assert!(std::fs::read_to_string(&report).unwrap().contains("R6"));
}

/// A paragraph over the unit size limit is cut with a warning; two of them give two warnings.
fn corpus_with_warnings() -> Scratch {
    let s = Scratch::new("warnings");
    let long = "Liikuntapaikkoja kunnostetaan kaikissa kylissä vuoden aikana. ".repeat(120);
    s.write(
        "a-talousarvio-2026.md",
        format!("# Talousarvio 2026\n\n{long}\n\n{long}\n"),
    );
    s.write(
        "b-talousarvio-2027.md",
        format!("# Talousarvio 2027\n\n{long}\n"),
    );
    s
}

#[test]
fn warnings_are_summarised_per_document_and_listed_under_verbose() {
    let s = corpus_with_warnings();
    let out = run(&["analyse", s.arg(), "--no-cache"], None);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("warning: a-talousarvio-2026.md: ")
            && lines[0].ends_with("(and 1 more warning)"),
        "{err}"
    );
    assert!(lines[1].starts_with("warning: b-talousarvio-2027.md: ") && !lines[1].contains("more"));
    assert_eq!(
        lines[2],
        "warning: 1 more warning not shown; --verbose lists them all"
    );

    let verbose = stderr(&run(&["analyse", s.arg(), "--no-cache", "-v"], None));
    let warnings = verbose
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .count();
    assert_eq!(warnings, 3, "{verbose}");
    assert!(!verbose.contains("not shown"), "{verbose}");

    let quiet = stderr(&run(&["analyse", s.arg(), "--no-cache", "-q"], None));
    assert_eq!(quiet, "");
}

/// Control codes from a document's text or its file name never reach the terminal raw.
#[test]
fn document_text_and_file_names_are_escaped_for_the_terminal() {
    let s = Scratch::new("escapes");
    let hostile = "\x1b]0;TITLE\x07 \x1b[2J\x1b[H \x1b]8;;http://evil.example/\x07LINK\x1b]8;;\x07 \u{9b}31m \r\u{202e}";
    s.write(
        "01-hyvinvointikertomus-2025.md",
        format!("# Hyvinvointikertomus 2025\n\nTavoite: liikunta lisääntyy {hostile}. Mittari: liikkuvien osuus.\n"),
    );
    let budget = s.write(
        "05-talousarvio-2026-\x1b[31mred\x07.md",
        format!("# Talousarvio 2026 {hostile}\n\nLiikuntapaikkojen kunnostus on tavoitteena {hostile}. Vastuu: liikuntapalvelut.\n\n\u{1}\n"),
    );
    let raw = |out: &str| {
        out.chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
    };
    let cache = s.0.join("cache");
    let runs = [
        run(&["analyse", s.arg(), "--no-cache", "--lang", "en"], None),
        run(
            &[
                "search",
                "liikunta",
                s.arg(),
                "--cache-dir",
                cache.to_str().unwrap(),
            ],
            None,
        ),
        run(&["explain", budget.to_str().unwrap()], None),
        run(&["units", budget.to_str().unwrap()], None),
    ];
    for out in &runs {
        let (o, e) = (crate::util::stdout(out), stderr(out));
        assert!(!raw(&o), "stdout: {o:?}");
        assert!(!raw(&e), "stderr: {e:?}");
    }
    // The analysis and the search still found the theme, and show the codes escaped.
    let analysis = crate::util::stdout(&runs[0]);
    assert!(analysis.contains("\\x1b[31mred\\x07.md"), "{analysis}");
    assert!(crate::util::stdout(&runs[1]).contains("\\x1b]0;TITLE\\x07"));
}

#[test]
fn a_failed_write_to_stdout_is_an_error_and_a_closed_pipe_is_not() {
    let full = std::path::Path::new("/dev/full");
    if full.exists() {
        let out = Command::new(BIN)
            .arg("themes")
            .stdout(std::fs::File::create(full).unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("stdout: "), "{}", stderr(&out));
    } else {
        crate::util::skipped("no /dev/full; the full-disk case was not tested");
    }
    // A reader that stops early: the rest of the output is dropped quietly.
    let mut child = Command::new(BIN)
        .args(["themes", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[cfg(unix)]
#[test]
fn output_onto_a_link_is_refused_and_the_link_kept() {
    let s = Scratch::new("out-link");
    let target = s.write("target.txt", "keep");
    let link = s.0.join("report.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(&["themes", "-o", link.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}
