//! The policy of `linjaus check`: rules read from the manifest's `[check]` table, from a file
//! given with `--policy`, or the default ([`DEFAULT_POLICY`]). Every problem is a
//! `file:line: message`; a bad entry costs only itself (the rest of the policy is still
//! applied, and the run exits 2).

use crate::analyse::lexicon::{Lexicon, toml_problem};
use crate::config::MANIFEST;
use crate::error::line_of;
use crate::model::{Level, Rung};
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The policy that applies when neither the manifest nor `--policy` gives one. Theme rungs
/// follow the drop-off rule of the analysis (a planning level may be one rung below its
/// expected rung); drop-offs before the reports are warnings, since `min_rung` and
/// `goals_covered` already fail the planning levels that matter.
pub const DEFAULT_POLICY: &str = r#"# linjaus check: the default policy
min_rung = { budget = 4, operating-plan = 4 }
goals_covered = ["budget", "operating-plan"]
binding_reported = true
no_dropoff_before = { level = "financial-statement", severity = "warning" }
"#;

/// The rules, in the order they are evaluated and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    MinRung,
    GoalsCovered,
    BindingReported,
    NoDropoffBefore,
}

impl RuleId {
    pub const ALL: [RuleId; 4] = [
        RuleId::MinRung,
        RuleId::GoalsCovered,
        RuleId::BindingReported,
        RuleId::NoDropoffBefore,
    ];
    pub fn id(self) -> &'static str {
        match self {
            RuleId::MinRung => "min_rung",
            RuleId::GoalsCovered => "goals_covered",
            RuleId::BindingReported => "binding_reported",
            RuleId::NoDropoffBefore => "no_dropoff_before",
        }
    }
    pub fn from_id(s: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.id() == s)
    }
}

/// `error` fails the check (exit code 1); `warning` is reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A theme id as the policy names it, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeRef {
    pub id: String,
    pub line: usize,
}

/// `themes` / `exclude_themes`: which themes a rule (or every rule) looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrowing {
    /// Only these themes; `None` = every traced theme.
    pub themes: Option<Vec<ThemeRef>>,
    pub exclude: Vec<ThemeRef>,
}

/// What a rule requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// Every traced theme reaches this rung at this level.
    MinRung(Vec<(Level, Rung)>),
    /// Every HVK goal is covered at these levels.
    GoalsCovered(Vec<Level>),
    /// Every binding budget goal is reported back in the financial statement or annual report.
    BindingReported,
    /// No traced theme drops off at a level before this one.
    NoDropoffBefore(Level),
}

impl Requirement {
    pub fn rule(&self) -> RuleId {
        match self {
            Requirement::MinRung(_) => RuleId::MinRung,
            Requirement::GoalsCovered(_) => RuleId::GoalsCovered,
            Requirement::BindingReported => RuleId::BindingReported,
            Requirement::NoDropoffBefore(_) => RuleId::NoDropoffBefore,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub requirement: Requirement,
    pub severity: Severity,
    /// The rule's own narrowing (on top of the policy's).
    pub narrowing: Narrowing,
}

impl Rule {
    pub fn id(&self) -> RuleId {
        self.requirement.rule()
    }
}

/// Where the policy came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The `[check]` table of the manifest at this path.
    Manifest(String),
    /// A `--policy` file.
    File(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub source: Source,
    /// The rules, in [`RuleId`] order.
    pub rules: Vec<Rule>,
    /// The narrowing every rule starts from.
    pub narrowing: Narrowing,
    /// `file:line: message` problems; the entries they are about are left out.
    pub problems: Vec<String>,
}

const TOP_KEYS: &str = "`min_rung`, `goals_covered`, `binding_reported`, `no_dropoff_before`, `themes`, `exclude_themes`";
const LONG_KEYS: [&str; 3] = ["severity", "themes", "exclude_themes"];

impl Policy {
    /// The default policy ([`DEFAULT_POLICY`]).
    pub fn default_policy() -> Policy {
        let mut p = Policy::parse(DEFAULT_POLICY, "(default policy)");
        p.source = Source::Default;
        p
    }

    /// The policy for a corpus: `--policy FILE` when given, else the `[check]` table of the
    /// corpus's manifest, else the default. A manifest that does not parse gives no rules (its
    /// syntax error is the analysis's error already).
    pub fn for_corpus(root: &Path, file: Option<&Path>) -> Policy {
        if let Some(f) = file {
            let name = f.display().to_string();
            return match std::fs::read_to_string(f) {
                Ok(src) => {
                    let mut p = Policy::parse(&src, &name);
                    p.source = Source::File(name);
                    p
                }
                Err(e) => Policy {
                    source: Source::File(name.clone()),
                    rules: Vec::new(),
                    narrowing: Narrowing::default(),
                    problems: vec![format!("{name}: {e}")],
                },
            };
        }
        let path = root.join(MANIFEST);
        let Ok(src) = std::fs::read_to_string(&path) else {
            return Policy::default_policy();
        };
        let name = path.display().to_string();
        let Ok(top) = DeTable::parse(&src) else {
            return Policy {
                source: Source::Manifest(name),
                rules: Vec::new(),
                narrowing: Narrowing::default(),
                problems: Vec::new(),
            };
        };
        match top.get_ref().get("check") {
            None => Policy::default_policy(),
            Some(v) => {
                let mut problems = Vec::new();
                let mut p = match v.get_ref().as_table() {
                    Some(t) => from_table(t, &src, &name, &mut problems),
                    None => {
                        problems.push(format!(
                            "{name}:{}: `check` must be a table (`[check]`), not {}",
                            line_of(&src, v.span().start),
                            v.get_ref().type_str()
                        ));
                        Policy::empty()
                    }
                };
                p.problems = problems;
                p.source = Source::Manifest(name);
                p
            }
        }
    }

    fn empty() -> Policy {
        Policy {
            source: Source::Default,
            rules: Vec::new(),
            narrowing: Narrowing::default(),
            problems: Vec::new(),
        }
    }

    /// Parse a policy file: the rules at the top level, or under a `[check]` table (so a
    /// manifest can be given as a policy too).
    pub fn parse(src: &str, file: &str) -> Policy {
        let top = match DeTable::parse(src) {
            Ok(t) => t,
            Err(e) => {
                let mut p = Policy::empty();
                p.problems.push(toml_problem(file, src, &e));
                return p;
            }
        };
        let mut problems = Vec::new();
        let table = top.get_ref();
        let mut p = match table.get("check").map(|v| v.get_ref()) {
            Some(DeValue::Table(t)) => from_table(t, src, file, &mut problems),
            _ => from_table(table, src, file, &mut problems),
        };
        p.problems = problems;
        p.source = Source::File(file.to_string());
        p
    }

    /// Theme ids the lexicon in force does not have, as `file:line` problems. Theme ids can
    /// only be checked against the analysis's lexicon (the manifest may add themes).
    pub fn theme_problems(&self, lex: &Lexicon) -> Vec<String> {
        let file = match &self.source {
            Source::Default => "(default policy)",
            Source::Manifest(f) | Source::File(f) => f.as_str(),
        };
        let all = std::iter::once(&self.narrowing).chain(self.rules.iter().map(|r| &r.narrowing));
        let mut out: Vec<String> = all
            .flat_map(|n| n.themes.iter().flatten().chain(&n.exclude))
            .filter(|t| lex.theme(&t.id).is_none())
            .map(|t| {
                format!(
                    "{file}:{}: unknown theme `{}`; valid themes: {}",
                    t.line,
                    t.id,
                    lex.theme_ids().join(", ")
                )
            })
            .collect();
        out.sort_by_key(|p| problem_line(p, file));
        out.dedup();
        out
    }
}

fn problem_line(p: &str, file: &str) -> usize {
    p.get(file.len() + 1..)
        .and_then(|rest| rest.split(':').next())
        .and_then(|l| l.parse().ok())
        .unwrap_or(0)
}

/// Reads the values of one policy table, recording problems with their lines.
struct Reader<'a> {
    src: &'a str,
    file: &'a str,
    problems: &'a mut Vec<String>,
}

impl Reader<'_> {
    fn line(&self, v: &Spanned<DeValue<'_>>) -> usize {
        line_of(self.src, v.span().start)
    }
    fn problem(&mut self, line: usize, msg: String) {
        self.problems.push(format!("{}:{line}: {msg}", self.file));
    }
    fn wrong_type(&mut self, key: &str, expected: &str, v: &Spanned<DeValue<'_>>) {
        let line = self.line(v);
        self.problem(
            line,
            format!(
                "`{key}`: expected {expected}, found {}",
                v.get_ref().type_str()
            ),
        );
    }

    fn level(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Level> {
        let Some(s) = v.get_ref().as_str() else {
            self.wrong_type(key, "a level id (string)", v);
            return None;
        };
        let l = Level::from_id(s);
        if l.is_none() {
            let line = self.line(v);
            self.problem(
                line,
                format!(
                    "`{key}`: unknown level `{s}`; valid levels: {}",
                    Level::valid_ids()
                ),
            );
        }
        l
    }

    /// A level at which HVK goals are traced (one with an expected rung, after the HVK).
    fn goal_level(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Level> {
        let l = self.level(key, v)?;
        if l == Level::Hvk || l.expected_rung().is_none() {
            let valid: Vec<&str> = Level::ALL
                .into_iter()
                .filter(|l| *l != Level::Hvk && l.expected_rung().is_some())
                .map(Level::id)
                .collect();
            let line = self.line(v);
            self.problem(
                line,
                format!(
                    "`{key}`: goals are not traced at level `{}`; valid levels: {}",
                    l.id(),
                    valid.join(", ")
                ),
            );
            return None;
        }
        Some(l)
    }

    fn themes(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Vec<ThemeRef>> {
        let Some(a) = v.get_ref().as_array() else {
            self.wrong_type(key, "an array of theme ids", v);
            return None;
        };
        let mut out = Vec::new();
        for t in a.iter() {
            match t.get_ref().as_str() {
                Some(id) => out.push(ThemeRef {
                    id: id.to_string(),
                    line: self.line(t),
                }),
                None => self.wrong_type(key, "a theme id (string)", t),
            }
        }
        Some(out)
    }

    fn severity(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Severity> {
        match v.get_ref().as_str() {
            Some("error") => Some(Severity::Error),
            Some("warning") => Some(Severity::Warning),
            Some(s) => {
                let line = self.line(v);
                self.problem(
                    line,
                    format!("`{key}`: unknown severity `{s}`; valid: error, warning"),
                );
                None
            }
            None => {
                self.wrong_type(key, "`error` or `warning`", v);
                None
            }
        }
    }

    /// `level = rung` pairs of `min_rung`.
    fn rungs(&mut self, key: &str, t: &DeTable<'_>) -> Vec<(Level, Rung)> {
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            let Some(level) = Level::from_id(name) else {
                let line = line_of(self.src, k.span().start);
                self.problem(
                    line,
                    format!(
                        "`{key}`: unknown level `{name}`; valid levels: {}",
                        Level::valid_ids()
                    ),
                );
                continue;
            };
            let Some(n) = v.get_ref().as_integer() else {
                self.wrong_type(&format!("{key}.{name}"), "a rung 0–8 (integer)", v);
                continue;
            };
            let digits = n.as_str().replace('_', "");
            match i64::from_str_radix(&digits, n.radix()) {
                Ok(r @ 0..=8) => out.push((level, Rung(r as u8))),
                _ => {
                    let line = self.line(v);
                    self.problem(
                        line,
                        format!("`{key}.{name}`: rung {} is outside 0–8", n.as_str()),
                    );
                }
            }
        }
        out.sort();
        out
    }

    /// A rule's value: the short form (`goals_covered = ["budget"]`) or the long one, a table
    /// with the value under `main` beside `severity`, `themes` and `exclude_themes`. Returns
    /// the value, the severity and the rule's narrowing; `None` when the rule is unusable.
    fn long_form<'v, 'i>(
        &mut self,
        key: &str,
        v: &'v Spanned<DeValue<'i>>,
        main: &str,
        is_long: bool,
    ) -> Option<(Option<&'v Spanned<DeValue<'i>>>, Severity, Narrowing)> {
        let mut severity = Severity::Error;
        let mut narrowing = Narrowing::default();
        let t = match v.get_ref() {
            DeValue::Table(t) if is_long => t,
            _ => return Some((Some(v), severity, narrowing)),
        };
        let mut value = None;
        let mut ok = true;
        for (k, x) in t.iter() {
            let name = k.get_ref().as_ref();
            let path = format!("{key}.{name}");
            match name {
                n if n == main => value = Some(x),
                "severity" => match self.severity(&path, x) {
                    Some(s) => severity = s,
                    None => ok = false,
                },
                "themes" => narrowing.themes = self.themes(&path, x),
                "exclude_themes" => narrowing.exclude = self.themes(&path, x).unwrap_or_default(),
                other => {
                    let line = line_of(self.src, k.span().start);
                    self.problem(
                        line,
                        format!(
                            "in `{key}`: unknown field `{other}`, expected one of `{main}`, `severity`, `themes`, `exclude_themes`"
                        ),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some((value, severity, narrowing))
    }
}

fn from_table(t: &DeTable<'_>, src: &str, file: &str, problems: &mut Vec<String>) -> Policy {
    let mut r = Reader {
        src,
        file,
        problems,
    };
    let mut rules = Vec::new();
    let mut narrowing = Narrowing::default();
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let as_table = v.get_ref().as_table();
        let has_long_key = |main: &str| {
            as_table.is_some_and(|t| {
                t.iter()
                    .any(|(k, _)| k.get_ref() == main || LONG_KEYS.contains(&k.get_ref().as_ref()))
            })
        };
        let rule = match key {
            "themes" => {
                narrowing.themes = r.themes(key, v);
                continue;
            }
            "exclude_themes" => {
                narrowing.exclude = r.themes(key, v).unwrap_or_default();
                continue;
            }
            "min_rung" => {
                let long = has_long_key("levels");
                r.long_form(key, v, "levels", long).and_then(|(x, sev, n)| {
                    let path = if long { "min_rung.levels" } else { "min_rung" };
                    let Some(x) = x else {
                        r.problem(r.line(v), "`min_rung`: missing field `levels`".into());
                        return None;
                    };
                    let Some(t) = x.get_ref().as_table() else {
                        r.wrong_type(path, "a table of level = rung", x);
                        return None;
                    };
                    let rungs = r.rungs(path, t);
                    Some((Requirement::MinRung(rungs), sev, n))
                })
            }
            "goals_covered" => {
                let long = as_table.is_some();
                r.long_form(key, v, "levels", long).and_then(|(x, sev, n)| {
                    let path = if long {
                        "goals_covered.levels"
                    } else {
                        "goals_covered"
                    };
                    let Some(x) = x else {
                        r.problem(r.line(v), "`goals_covered`: missing field `levels`".into());
                        return None;
                    };
                    let Some(a) = x.get_ref().as_array() else {
                        r.wrong_type(path, "an array of level ids", x);
                        return None;
                    };
                    let mut levels: Vec<Level> =
                        a.iter().filter_map(|l| r.goal_level(path, l)).collect();
                    levels.sort();
                    levels.dedup();
                    Some((Requirement::GoalsCovered(levels), sev, n))
                })
            }
            "binding_reported" => {
                let long = as_table.is_some();
                r.long_form(key, v, "enabled", long)
                    .and_then(|(x, sev, n)| {
                        let on = match x {
                            None => true,
                            Some(x) => match x.get_ref().as_bool() {
                                Some(b) => b,
                                None => {
                                    let path = if long {
                                        "binding_reported.enabled"
                                    } else {
                                        "binding_reported"
                                    };
                                    r.wrong_type(path, "true or false", x);
                                    return None;
                                }
                            },
                        };
                        on.then_some((Requirement::BindingReported, sev, n))
                    })
            }
            "no_dropoff_before" => {
                let long = as_table.is_some();
                r.long_form(key, v, "level", long).and_then(|(x, sev, n)| {
                    let path = if long {
                        "no_dropoff_before.level"
                    } else {
                        "no_dropoff_before"
                    };
                    let Some(x) = x else {
                        r.problem(
                            r.line(v),
                            "`no_dropoff_before`: missing field `level`".into(),
                        );
                        return None;
                    };
                    let l = r.level(path, x)?;
                    Some((Requirement::NoDropoffBefore(l), sev, n))
                })
            }
            other => {
                let line = line_of(src, k.span().start);
                r.problem(
                    line,
                    format!("unknown field `{other}`, expected one of {TOP_KEYS}"),
                );
                continue;
            }
        };
        if let Some((requirement, severity, narrowing)) = rule {
            rules.push(Rule {
                requirement,
                severity,
                narrowing,
            });
        }
    }
    rules.sort_by_key(Rule::id);
    problems.sort_by_key(|p| problem_line(p, file));
    Policy {
        source: Source::File(file.to_string()),
        rules,
        narrowing,
        problems: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(p: &Policy) -> Vec<&str> {
        p.problems
            .iter()
            .map(|s| &s[..s.find(": ").unwrap()])
            .collect()
    }

    #[test]
    fn default_policy_parses_without_problems() {
        let p = Policy::default_policy();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let ids: Vec<_> = p.rules.iter().map(Rule::id).collect();
        assert_eq!(ids, RuleId::ALL);
        assert_eq!(p.rules[3].severity, Severity::Warning);
        assert_eq!(p.source, Source::Default);
    }

    #[test]
    fn short_and_long_forms() {
        let src = "min_rung = { budget = 5, operating-plan = 5, financial-statement = 7 }\n\
                   goals_covered = { levels = [\"budget\"], severity = \"warning\", themes = [\"liikunta\"] }\n\
                   binding_reported = false\n\
                   [no_dropoff_before]\nlevel = \"financial-statement\"\nexclude_themes = [\"paihteet\"]\n";
        let p = Policy::parse(src, "p.toml");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.rules.len(), 3, "binding_reported = false is off");
        assert_eq!(
            p.rules[0].requirement,
            Requirement::MinRung(vec![
                (Level::Budget, Rung(5)),
                (Level::OperatingPlan, Rung(5)),
                (Level::FinancialStatement, Rung(7))
            ])
        );
        assert_eq!(p.rules[1].severity, Severity::Warning);
        assert_eq!(
            p.rules[1].narrowing.themes.as_ref().unwrap()[0].id,
            "liikunta"
        );
        assert_eq!(
            p.rules[2].requirement,
            Requirement::NoDropoffBefore(Level::FinancialStatement)
        );
        assert_eq!(p.rules[2].narrowing.exclude[0].line, 6);
    }

    #[test]
    fn every_bad_entry_is_a_problem_with_its_line_and_the_rest_applies() {
        let src = "[check]\n\
                   min_rung = { budjetti = 5, budget = 9, operating-plan = \"5\" }\n\
                   goals_covered = [\"hvk\", \"budget\", \"nowhere\"]\n\
                   binding_reported = \"yes\"\n\
                   no_dropoff_before = { level = \"budget\", severity = \"fatal\" }\n\
                   colour = 1\n";
        let p = Policy::parse(src, "p.toml");
        assert_eq!(
            lines(&p),
            [
                "p.toml:2", "p.toml:2", "p.toml:2", "p.toml:3", "p.toml:3", "p.toml:4", "p.toml:5",
                "p.toml:6"
            ],
            "{:#?}",
            p.problems
        );
        let all = p.problems.join("\n");
        for want in [
            "unknown level `budjetti`",
            "rung 9 is outside 0–8",
            "`min_rung.operating-plan`: expected a rung 0–8 (integer), found string",
            "goals are not traced at level `hvk`",
            "unknown level `nowhere`",
            "`binding_reported`: expected true or false, found string",
            "unknown severity `fatal`",
            "unknown field `colour`",
        ] {
            assert!(all.contains(want), "{want} in {all}");
        }
        // What could be read is kept: min_rung without its bad levels, goals_covered at the budget.
        assert_eq!(p.rules.len(), 2, "{:?}", p.rules);
        assert_eq!(p.rules[0].requirement, Requirement::MinRung(vec![]));
        assert_eq!(
            p.rules[1].requirement,
            Requirement::GoalsCovered(vec![Level::Budget])
        );
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let p = Policy::parse("min_rung = { budget = 5\n", "p.toml");
        assert!(p.problems[0].starts_with("p.toml:1:"), "{:?}", p.problems);
        assert!(p.rules.is_empty());
    }

    #[test]
    fn unknown_themes_are_found_against_the_lexicon() {
        let lex = Lexicon::builtin().unwrap();
        let src = "themes = [\"physical-activity\", \"liikuntaa\"]\n[goals_covered]\nlevels = [\"budget\"]\nexclude_themes = [\"nope\"]\n";
        let p = Policy::parse(src, "p.toml");
        let probs = p.theme_problems(&lex);
        assert_eq!(probs.len(), 2, "{probs:?}");
        assert!(
            probs[0].starts_with("p.toml:1: unknown theme `liikuntaa`; valid themes: "),
            "{probs:?}"
        );
        assert!(
            probs[1].starts_with("p.toml:4: unknown theme `nope`"),
            "{probs:?}"
        );
    }
}
