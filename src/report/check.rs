//! The outputs of `linjaus check`: terminal (one line per failure), JSON (versioned, keys
//! sorted), JUnit XML (one test case per rule × theme or goal × level) and GitHub workflow
//! commands (`::error file=…::…`). Every renderer reads the typed [`CheckResult`]; every fixed
//! word comes from [`i18n`]. Document text is cleaned of control characters before it is
//! printed, and escaped for XML or for workflow commands.

use super::i18n::{self, CheckWords};
use super::json;
use crate::analyse::lexicon::Lexicon;
use crate::check::{Case, CheckResult, Cite, Found, Outcome, Policy, Required, Subject};
use crate::check::{RuleId, Severity, policy::Source};
use crate::goals::Status;
use crate::model::Lang;
use serde::Serialize;
use std::fmt::Write;

/// The version of the JSON output of `linjaus check`.
pub const CHECK_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Terminal,
    Json,
    Junit,
    Github,
}

/// What a check report is made from: the result, the policy it applied, the lexicon in force
/// (theme labels) and the run's problems (errors, exit code 2) as one line each.
pub struct Input<'a> {
    pub result: &'a CheckResult,
    pub policy: &'a Policy,
    pub lexicon: &'a Lexicon,
    pub problems: &'a [String],
    pub lang: Lang,
}

pub fn render(format: CheckFormat, input: &Input) -> String {
    match format {
        CheckFormat::Terminal => terminal(input),
        CheckFormat::Json => json::render(&view(input)),
        CheckFormat::Junit => junit(input),
        CheckFormat::Github => github(input),
    }
}

/// Text from a document, safe to print: control characters become spaces, runs of white space
/// one space, and at most `max` characters are kept (`…` marks a cut).
pub fn clean(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space = false;
    for c in text.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if space || out.is_empty() {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        if n == max {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push('…');
            return out;
        }
        out.push(c);
        n += 1;
    }
    out.trim_end().to_string()
}

fn policy_name(p: &Policy) -> String {
    match &p.source {
        Source::Default => "default".to_string(),
        Source::Manifest(f) | Source::File(f) => f.clone(),
    }
}

fn subject_label(s: &Subject, lex: &Lexicon, lang: Lang) -> String {
    match s {
        Subject::Theme(id) => match lex.theme(id) {
            Some(t) => format!("{} ({id})", t.label(lang)),
            None => id.clone(),
        },
        Subject::Goal { id, text } => format!("{id} “{}”", clean(text, 80)),
        Subject::Rule => String::new(),
    }
}

fn found_text(c: &Case, w: &CheckWords, lang: Lang) -> String {
    match &c.found {
        Found::Rung(r) => format!("{} R{} ({})", w.found, r.0, i18n::rung_label(*r, lang)),
        Found::Goal(Status::Covered, r) => {
            format!("{} R{}", w.covered, r.map_or(0, |r| r.0))
        }
        Found::Goal(Status::Shallow, r) => {
            format!("{} R{}, {}", w.found, r.map_or(0, |r| r.0), w.shallow)
        }
        Found::Goal(Status::Uncovered, _) => w.uncovered.to_string(),
        Found::Reported(true) => w.reported.to_string(),
        Found::Reported(false) => w.not_reported.to_string(),
        Found::DropOff(None) => w.no_dropoff.to_string(),
        Found::DropOff(Some(d)) => i18n::dropoff_reason(d, lang),
        Found::Nothing => String::new(),
    }
}

fn required_text(r: Required, w: &CheckWords, lang: Lang) -> String {
    match r {
        Required::Rung(n) => format!("{} R{}", w.required, n.0),
        Required::Covered(n) => format!("{} {} (≥R{})", w.required, w.covered, n.0),
        Required::ReportedBack => w.reported_back.to_string(),
        Required::NoDropOffBefore(l) => {
            format!("{} {}", w.drops_off_before, i18n::level_label(l, lang))
        }
    }
}

fn cite_text(c: &Cite, lang: Lang) -> String {
    format!(
        "{} {}: “{}”",
        c.doc,
        i18n::cite_page(lang, c.page, c.page_label.as_deref()),
        clean(&c.text, 120)
    )
}

/// Where the case's evidence is, or that nothing was found and where it was looked for.
fn evidence_text(c: &Case, w: &CheckWords, lang: Lang) -> String {
    match &c.evidence {
        Some(e) => cite_text(e, lang),
        None => format!(
            "{}; {}: {}",
            w.nothing_found,
            w.searched,
            if c.searched.is_empty() {
                w.no_documents.to_string()
            } else {
                c.searched.join(", ")
            }
        ),
    }
}

/// A case in one line: rule · level · subject: found; required — evidence (or why skipped).
pub fn message(c: &Case, lex: &Lexicon, lang: Lang) -> String {
    let w = i18n::check_words(lang);
    let mut head = vec![c.rule.id().to_string()];
    head.extend(c.level.map(|l| i18n::level_label(l, lang).to_string()));
    let subject = subject_label(&c.subject, lex, lang);
    if !subject.is_empty() {
        head.push(subject);
    }
    let head = head.join(" · ");
    if let Outcome::Skipped(s) = c.outcome {
        return format!("{head}: {}", i18n::check_skip(s, lang));
    }
    let mut s = format!(
        "{head}: {}; {}",
        found_text(c, &w, lang),
        required_text(c.required, &w, lang)
    );
    if c.outcome != Outcome::Pass || c.evidence.is_some() {
        let _ = write!(s, " — {}", evidence_text(c, &w, lang));
    }
    s
}

fn severity_word(s: Severity, w: &CheckWords) -> &'static str {
    match s {
        Severity::Error => w.error,
        Severity::Warning => w.warning,
    }
}

/// The counts line: errors, warnings, passed, skipped, known.
fn summary(r: &CheckResult, lang: Lang) -> String {
    i18n::check_counts(
        lang,
        r.count(Case::fails_check),
        r.count(|c| c.outcome == Outcome::Fail && c.severity == Severity::Warning),
        r.count(|c| c.outcome == Outcome::Pass),
        r.count(|c| matches!(c.outcome, Outcome::Skipped(_))),
        r.baseline.then(|| r.count(|c| c.outcome == Outcome::Known)),
    )
}

fn terminal(input: &Input) -> String {
    let (r, lang) = (input.result, input.lang);
    let w = i18n::check_words(lang);
    let mut out = format!("linjaus check ({})\n", policy_name(input.policy));
    if let Some(d) = &r.draft {
        let _ = writeln!(
            out,
            "{} {} ({}) {}: {}",
            w.draft,
            d.id,
            i18n::level_label(d.level, lang),
            w.replaces,
            if d.replaced.is_empty() {
                "–".to_string()
            } else {
                d.replaced.join(", ")
            }
        );
    }
    for c in r.cases.iter().filter(|c| c.outcome == Outcome::Fail) {
        let _ = writeln!(
            out,
            "{}: {}",
            severity_word(c.severity, &w),
            message(c, input.lexicon, lang)
        );
    }
    for c in &r.cases {
        if let Outcome::Skipped(_) = c.outcome {
            let _ = writeln!(out, "{}: {}", w.skipped, message(c, input.lexicon, lang));
        }
    }
    if !r.stale.is_empty() {
        let _ = writeln!(out, "{}:", w.stale);
        for k in &r.stale {
            let _ = writeln!(out, "  {} · {} · {}", k.rule, k.subject, k.level);
        }
    }
    if !r.failed() && input.problems.is_empty() {
        let _ = write!(out, "{}. ", w.all_hold);
    }
    let _ = writeln!(out, "{}", summary(r, lang));
    out
}

// ---- JSON ----

#[derive(Serialize)]
struct JsonReport {
    schema_version: u32,
    policy: String,
    /// 0 all rules hold, 1 a rule with severity error failed, 2 the job could not be done.
    exit_code: u8,
    summary: JsonSummary,
    results: Vec<JsonCase>,
    stale: Vec<crate::check::Key>,
    problems: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<JsonDraft>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    passed: usize,
    skipped: usize,
    known: usize,
    baseline: bool,
}

#[derive(Serialize)]
struct JsonDraft {
    document: String,
    file: String,
    level: &'static str,
    replaced: Vec<String>,
}

#[derive(Serialize)]
struct JsonCase {
    rule: &'static str,
    severity: &'static str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    skip_reason: Option<&'static str>,
    /// `theme`, `goal` or `rule`.
    subject_kind: &'static str,
    /// The theme or goal id (`*` for the rule as a whole).
    subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal: Option<String>,
    level: Option<&'static str>,
    found: JsonFound,
    required: JsonRequired,
    evidence: Option<JsonCite>,
    searched: Vec<String>,
    message: String,
}

#[derive(Serialize, Default)]
struct JsonFound {
    #[serde(skip_serializing_if = "Option::is_none")]
    rung: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropoff_level: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_rung: Option<u8>,
}

#[derive(Serialize, Default)]
struct JsonRequired {
    #[serde(skip_serializing_if = "Option::is_none")]
    rung: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_dropoff_before: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonCite {
    document: String,
    file: String,
    page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_label: Option<String>,
    unit: usize,
    text: String,
}

fn exit_code(input: &Input) -> u8 {
    if !input.problems.is_empty() {
        2
    } else if input.result.failed() {
        1
    } else {
        0
    }
}

fn view(input: &Input) -> JsonReport {
    let r = input.result;
    let results = r
        .cases
        .iter()
        .map(|c| {
            let found = match &c.found {
                Found::Rung(n) => JsonFound {
                    rung: Some(n.0),
                    ..JsonFound::default()
                },
                Found::Goal(s, n) => JsonFound {
                    rung: n.map(|n| n.0),
                    status: Some(s.id()),
                    ..JsonFound::default()
                },
                Found::Reported(b) => JsonFound {
                    reported: Some(*b),
                    ..JsonFound::default()
                },
                Found::DropOff(d) => JsonFound {
                    rung: d.as_ref().map(|d| d.rung.0),
                    dropoff_level: d.as_ref().map(|d| d.level.id()),
                    expected_rung: d.as_ref().map(|d| d.expected.0),
                    ..JsonFound::default()
                },
                Found::Nothing => JsonFound::default(),
            };
            let required = match c.required {
                Required::Rung(n) => JsonRequired {
                    rung: Some(n.0),
                    ..JsonRequired::default()
                },
                Required::Covered(n) => JsonRequired {
                    rung: Some(n.0),
                    status: Some(Status::Covered.id()),
                    ..JsonRequired::default()
                },
                Required::ReportedBack => JsonRequired {
                    reported: Some(true),
                    ..JsonRequired::default()
                },
                Required::NoDropOffBefore(l) => JsonRequired {
                    no_dropoff_before: Some(l.id()),
                    ..JsonRequired::default()
                },
            };
            JsonCase {
                rule: c.rule.id(),
                severity: c.severity.id(),
                outcome: c.outcome.id(),
                skip_reason: match c.outcome {
                    Outcome::Skipped(s) => Some(s.id()),
                    _ => None,
                },
                subject_kind: match c.subject {
                    Subject::Theme(_) => "theme",
                    Subject::Goal { .. } => "goal",
                    Subject::Rule => "rule",
                },
                subject: c.subject.key().to_string(),
                goal: match &c.subject {
                    Subject::Goal { text, .. } => Some(text.clone()),
                    _ => None,
                },
                level: c.level.map(|l| l.id()),
                found,
                required,
                evidence: c.evidence.as_ref().map(|e| JsonCite {
                    document: e.doc.clone(),
                    file: r.file_of(&e.doc).display().to_string(),
                    page: e.page,
                    page_label: e.page_label.clone(),
                    unit: e.unit,
                    text: e.text.clone(),
                }),
                searched: c.searched.clone(),
                message: message(c, input.lexicon, input.lang),
            }
        })
        .collect();
    JsonReport {
        schema_version: CHECK_SCHEMA_VERSION,
        policy: policy_name(input.policy),
        exit_code: exit_code(input),
        summary: JsonSummary {
            errors: r.count(Case::fails_check),
            warnings: r.count(|c| c.outcome == Outcome::Fail && c.severity == Severity::Warning),
            passed: r.count(|c| c.outcome == Outcome::Pass),
            skipped: r.count(|c| matches!(c.outcome, Outcome::Skipped(_))),
            known: r.count(|c| c.outcome == Outcome::Known),
            baseline: r.baseline,
        },
        results,
        stale: r.stale.clone(),
        problems: input.problems.to_vec(),
        draft: r.draft.as_ref().map(|d| JsonDraft {
            document: d.id.clone(),
            file: d.path.display().to_string(),
            level: d.level.id(),
            replaced: d.replaced.clone(),
        }),
    }
}

// ---- JUnit XML ----

/// Text for XML content or a double-quoted attribute: the five special characters escaped,
/// characters XML 1.0 does not allow removed, line breaks and tabs as character references
/// (so attributes keep them).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn junit_name(c: &Case) -> String {
    let level = c.level.map_or("-", |l| l.id());
    format!("{} @ {level}", c.subject.key())
}

fn junit(input: &Input) -> String {
    let (r, lang) = (input.result, input.lang);
    let w = i18n::check_words(lang);
    let is_fail = |c: &Case| c.outcome == Outcome::Fail;
    let is_skip = |c: &Case| matches!(c.outcome, Outcome::Skipped(_) | Outcome::Known);
    let mut suites = String::new();
    let mut rules: Vec<RuleId> = input.policy.rules.iter().map(|r| r.id()).collect();
    rules.dedup();
    for rule in rules {
        let cases: Vec<&Case> = r.cases.iter().filter(|c| c.rule == rule).collect();
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">",
            rule.id(),
            cases.len(),
            cases.iter().filter(|c| is_fail(c)).count(),
            cases.iter().filter(|c| is_skip(c)).count()
        );
        for c in cases {
            let _ = write!(
                suites,
                "    <testcase name=\"{}\" classname=\"linjaus.check.{}\" time=\"0\"",
                xml_escape(&junit_name(c)),
                rule.id()
            );
            let msg = xml_escape(&message(c, input.lexicon, lang));
            match c.outcome {
                Outcome::Pass => suites.push_str("/>\n"),
                Outcome::Fail => {
                    let _ = writeln!(
                        suites,
                        ">\n      <failure message=\"{msg}\" type=\"{}\">{}: {msg}</failure>\n    </testcase>",
                        c.severity.id(),
                        severity_word(c.severity, &w),
                    );
                }
                Outcome::Known => {
                    let _ = writeln!(
                        suites,
                        ">\n      <skipped message=\"{}: {msg}\"/>\n    </testcase>",
                        w.known_in_baseline
                    );
                }
                Outcome::Skipped(_) => {
                    let _ = writeln!(
                        suites,
                        ">\n      <skipped message=\"{msg}\"/>\n    </testcase>"
                    );
                }
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    if !input.problems.is_empty() {
        let _ = writeln!(
            suites,
            "  <testsuite name=\"linjaus\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\" time=\"0\">",
            n = input.problems.len()
        );
        for (i, p) in input.problems.iter().enumerate() {
            let p = xml_escape(p);
            let _ = writeln!(
                suites,
                "    <testcase name=\"problem {}\" classname=\"linjaus.run\" time=\"0\">\n      <error message=\"{p}\" type=\"error\">{p}</error>\n    </testcase>",
                i + 1
            );
        }
        suites.push_str("  </testsuite>\n");
    }
    let tests = r.cases.len() + input.problems.len();
    let failures = r.count(is_fail);
    let skipped = r.count(is_skip);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"linjaus check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\" skipped=\"{skipped}\" time=\"0\">\n{suites}</testsuites>\n",
        input.problems.len()
    )
}

// ---- GitHub workflow commands ----

/// A workflow command's message: `%`, CR and LF escaped (GitHub's rules).
pub fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`gh_data`], and `:` and `,` too.
pub fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(input: &Input) -> String {
    let (r, lang) = (input.result, input.lang);
    let mut out = String::new();
    for p in input.problems {
        let _ = writeln!(out, "::error title=linjaus::{}", gh_data(p));
    }
    for c in &r.cases {
        let cmd = match (c.outcome, c.severity) {
            (Outcome::Fail, Severity::Error) => "error",
            (Outcome::Fail, Severity::Warning) => "warning",
            (Outcome::Skipped(_), _) => "notice",
            _ => continue,
        };
        let doc = c
            .evidence
            .as_ref()
            .map(|e| e.doc.as_str())
            .or(c.searched.first().map(String::as_str));
        let mut props = Vec::new();
        if let Some(d) = doc {
            props.push(format!(
                "file={}",
                gh_property(&r.file_of(d).display().to_string())
            ));
        }
        props.push(format!(
            "title={}",
            gh_property(&format!("linjaus check: {}", c.rule.id()))
        ));
        let _ = writeln!(
            out,
            "::{cmd} {}::{}",
            props.join(","),
            gh_data(&message(c, input.lexicon, lang))
        );
    }
    for k in &r.stale {
        let _ = writeln!(
            out,
            "::notice title={}::{}",
            gh_property("linjaus check: stale baseline entry"),
            gh_data(&format!("{} · {} · {}", k.rule, k.subject, k.level))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_cuts() {
        assert_eq!(clean("a\u{1b}[31mb\n\n c\u{7}", 50), "a [31mb c");
        assert_eq!(clean("abcdef", 3), "abc…");
    }

    #[test]
    fn xml_escape_handles_specials_and_forbidden_characters() {
        assert_eq!(
            xml_escape("a<b>&\"'\u{0}\u{1b}\n"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;"
        );
    }

    #[test]
    fn github_escapes() {
        assert_eq!(gh_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(gh_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
