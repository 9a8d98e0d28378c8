//! `linjaus check`: a policy applied to a typed [`Analysis`], the gate before a document goes to
//! the council. [`policy`] reads the rules (manifest `[check]`, `--policy FILE`, or the
//! default); [`evaluate`] turns them into one [`Case`] per rule × theme or goal × level, each
//! with what was found, what was required and the best evidence (or the documents searched);
//! [`baseline`] records known failures so that only new ones fail. Renderers are in
//! `report::check`. Pure: no I/O except reading the policy and baseline files.

pub mod baseline;
pub mod policy;

use crate::corpus::{AnalysedDoc, DraftInfo};
use crate::goals::{GoalUnit, Status};
use crate::model::{Level, Rung};
use crate::pipeline::Analysis;
use crate::score::{Cell, DropOff};
pub use baseline::{Baseline, Key};
pub use policy::{Narrowing, Policy, Requirement, RuleId, Severity};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What a case is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A traced theme, by id.
    Theme(String),
    /// A goal: an HVK goal item (`hvk-01-…`) or a binding budget goal (`budget-…`).
    Goal { id: String, text: String },
    /// The rule as a whole (a skipped level).
    Rule,
}

impl Subject {
    /// The id a baseline keys on: the theme or goal id (`*` for the rule as a whole).
    pub fn key(&self) -> &str {
        match self {
            Subject::Theme(id) | Subject::Goal { id, .. } => id,
            Subject::Rule => "*",
        }
    }
}

/// Why a case could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The corpus has no document of the level.
    LevelAbsent,
    /// The welfare report gave no goals to trace.
    NoHvkGoals,
    /// The policy names a theme the corpus does not trace.
    NotTraced,
    /// No financial statement or annual report to report binding goals back in.
    NoReport,
    /// The budget has no binding goal that a report of its year could come back to.
    NoBindingGoals,
}

impl Skip {
    pub fn id(self) -> &'static str {
        match self {
            Skip::LevelAbsent => "level-absent",
            Skip::NoHvkGoals => "no-hvk-goals",
            Skip::NotTraced => "not-traced",
            Skip::NoReport => "no-report",
            Skip::NoBindingGoals => "no-binding-goals",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// A failure recorded in the baseline: reported as known, never fails the check.
    Known,
    Skipped(Skip),
}

impl Outcome {
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Known => "known",
            Outcome::Skipped(_) => "skipped",
        }
    }
}

/// What was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The theme's rung at the level.
    Rung(Rung),
    /// The goal's status at the level and the rung of its best match.
    Goal(Status, Option<Rung>),
    /// Whether a binding goal is reported back.
    Reported(bool),
    /// Where the theme drops off, if it does before the rule's level.
    DropOff(Option<DropOff>),
    /// Nothing could be checked (a skipped case).
    Nothing,
}

/// What the rule required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Rung(Rung),
    /// Covered: a match reaching this rung (the level's expected rung less the tolerance).
    Covered(Rung),
    ReportedBack,
    NoDropOffBefore(Level),
}

/// A place in a document: the best evidence of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    pub doc: String,
    pub page: usize,
    pub page_label: Option<String>,
    pub unit: usize,
    pub text: String,
}

/// One rule × theme or goal × level.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub rule: RuleId,
    pub severity: Severity,
    pub subject: Subject,
    /// The level the case is about (`None` for a theme not traced at all).
    pub level: Option<Level>,
    pub outcome: Outcome,
    pub found: Found,
    pub required: Required,
    /// The best evidence (the highest-rung unit, or the goal's match), if anything was found.
    pub evidence: Option<Cite>,
    /// The documents of the level searched (named when nothing was found).
    pub searched: Vec<String>,
}

impl Case {
    pub fn key(&self) -> Key {
        Key {
            rule: self.rule.id().to_string(),
            subject: self.subject.key().to_string(),
            level: self.level.map_or_else(String::new, |l| l.id().to_string()),
        }
    }
    /// A failure that fails the check.
    pub fn fails_check(&self) -> bool {
        self.outcome == Outcome::Fail && self.severity == Severity::Error
    }
}

/// The outcome of a check.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub cases: Vec<Case>,
    /// Baseline entries that no longer fail.
    pub stale: Vec<Key>,
    /// Whether a baseline was applied.
    pub baseline: bool,
    /// The corpus folder as given (document files are `root` joined with their ids).
    pub root: PathBuf,
    pub draft: Option<DraftInfo>,
}

impl CheckResult {
    /// A rule with severity `error` failed (exit code 1).
    pub fn failed(&self) -> bool {
        self.cases.iter().any(Case::fails_check)
    }
    pub fn count(&self, f: impl Fn(&Case) -> bool) -> usize {
        self.cases.iter().filter(|c| f(c)).count()
    }
    /// The file of a document id, as the user would open it: the draft's path as given, else
    /// the corpus folder joined with the id.
    pub fn file_of(&self, doc: &str) -> PathBuf {
        match &self.draft {
            Some(d) if d.id == doc => d.path.clone(),
            _ => self.root.join(doc),
        }
    }
    /// Mark failures the baseline knows as [`Outcome::Known`] and list its entries that no
    /// longer fail.
    pub fn apply_baseline(&mut self, b: &Baseline) {
        let mut failing = BTreeSet::new();
        for c in &mut self.cases {
            if c.outcome == Outcome::Fail {
                let key = c.key();
                if b.entries.contains(&key) {
                    c.outcome = Outcome::Known;
                }
                failing.insert(key);
            }
        }
        self.stale = b
            .entries
            .iter()
            .filter(|k| !failing.contains(*k))
            .cloned()
            .collect();
        self.baseline = true;
    }
}

/// Which themes a rule looks at: its own list (else the policy's, else all), less both
/// exclusions.
struct Scope<'a> {
    only: Option<BTreeSet<&'a str>>,
    exclude: BTreeSet<&'a str>,
}

impl<'a> Scope<'a> {
    fn new(policy: &'a Narrowing, rule: &'a Narrowing) -> Scope<'a> {
        let only = rule
            .themes
            .as_ref()
            .or(policy.themes.as_ref())
            .map(|t| t.iter().map(|t| t.id.as_str()).collect());
        let exclude = policy
            .exclude
            .iter()
            .chain(&rule.exclude)
            .map(|t| t.id.as_str())
            .collect();
        Scope { only, exclude }
    }
    fn theme(&self, id: &str) -> bool {
        self.only.as_ref().is_none_or(|o| o.contains(id)) && !self.exclude.contains(id)
    }
    /// A goal is in scope when one of its themes is.
    fn goal(&self, themes: &[String]) -> bool {
        themes.iter().any(|t| self.theme(t))
    }
    /// Themes the rule names that the corpus does not trace.
    fn untraced(&self, traced: &[&str]) -> Vec<&'a str> {
        self.only
            .iter()
            .flatten()
            .filter(|t| !traced.contains(t) && !self.exclude.contains(*t))
            .copied()
            .collect()
    }
}

fn doc_has_level(d: &AnalysedDoc, l: Level) -> bool {
    d.level == Some(l) || d.sections.iter().any(|s| s.level == Some(l))
}

fn docs_of(a: &Analysis, levels: &[Level]) -> Vec<String> {
    a.corpus
        .docs
        .iter()
        .filter(|d| levels.iter().any(|l| doc_has_level(d, *l)))
        .map(|d| d.id.clone())
        .collect()
}

/// The best evidence of a cell: its highest-rung unit (the first, in document order, of those).
fn best(cell: Option<&Cell>) -> Option<Cite> {
    let ev = &cell?.evidence;
    let top = ev.iter().map(|e| e.rung).max()?;
    ev.iter().find(|e| e.rung == top).map(|e| Cite {
        doc: e.doc.clone(),
        page: e.page,
        page_label: e.page_label.clone(),
        unit: e.unit,
        text: e.text.clone(),
    })
}

fn goal_cite(g: &GoalUnit) -> Cite {
    Cite {
        doc: g.doc.clone(),
        page: g.page,
        page_label: g.page_label.clone(),
        unit: g.unit,
        text: g.goal.clone(),
    }
}

/// Apply a policy to an analysis. Rules are evaluated in [`RuleId`] order; within a rule,
/// levels in chain order, then themes in the analysis's order (HVK weight) or goals by id. An
/// analysis without documents checks nothing (its error says why).
pub fn evaluate(a: &Analysis, policy: &Policy) -> CheckResult {
    let mut cases = Vec::new();
    let rules = if a.is_empty() {
        &[][..]
    } else {
        &policy.rules[..]
    };
    let levels = &a.scores.levels;
    let traced: Vec<&str> = a.scores.traced.iter().map(|t| t.theme.as_str()).collect();
    for rule in rules {
        let scope = Scope::new(&policy.narrowing, &rule.narrowing);
        let (id, severity) = (rule.id(), rule.severity);
        let case = |subject, level, outcome, found, required| Case {
            rule: id,
            severity,
            subject,
            level,
            outcome,
            found,
            required,
            evidence: None,
            searched: Vec::new(),
        };
        let skip_level = |level: Level, why: Skip, required: Required| {
            case(
                Subject::Rule,
                Some(level),
                Outcome::Skipped(why),
                Found::Nothing,
                required,
            )
        };
        let not_traced = |required: Required, cases: &mut Vec<Case>| {
            let known = |t: &&str| a.lexicon.theme(t).is_some();
            for t in scope.untraced(&traced).into_iter().filter(known) {
                cases.push(case(
                    Subject::Theme(t.to_string()),
                    None,
                    Outcome::Skipped(Skip::NotTraced),
                    Found::Nothing,
                    required,
                ));
            }
        };
        match &rule.requirement {
            Requirement::MinRung(rungs) => {
                for &(level, need) in rungs {
                    let required = Required::Rung(need);
                    if !levels.contains(&level) {
                        cases.push(skip_level(level, Skip::LevelAbsent, required));
                        continue;
                    }
                    let searched = docs_of(a, &[level]);
                    for t in a.scores.traced.iter().filter(|t| scope.theme(&t.theme)) {
                        let cell = t.by_level.get(&level);
                        let rung = cell.map_or(Rung(0), |c| c.rung);
                        let outcome = if rung >= need {
                            Outcome::Pass
                        } else {
                            Outcome::Fail
                        };
                        let mut c = case(
                            Subject::Theme(t.theme.clone()),
                            Some(level),
                            outcome,
                            Found::Rung(rung),
                            required,
                        );
                        c.evidence = best(cell);
                        c.searched = searched.clone();
                        cases.push(c);
                    }
                }
                if let Some(&(_, need)) = rungs.first() {
                    not_traced(Required::Rung(need), &mut cases);
                }
            }
            Requirement::GoalsCovered(want) => {
                for &level in want {
                    let expected = level.expected_rung().unwrap_or_default();
                    let tolerance = if expected <= Rung(6) { 1 } else { 0 };
                    let required = Required::Covered(Rung(expected.0.saturating_sub(tolerance)));
                    if !levels.contains(&level) {
                        cases.push(skip_level(level, Skip::LevelAbsent, required));
                        continue;
                    }
                    if a.goals.items.is_empty() {
                        cases.push(skip_level(level, Skip::NoHvkGoals, required));
                        continue;
                    }
                    let searched = docs_of(a, &[level]);
                    for item in a.goals.items.iter().filter(|i| scope.goal(&i.goal.themes)) {
                        let Some(tr) = item.trace.iter().find(|t| t.level == level) else {
                            continue;
                        };
                        let outcome = if tr.status == Status::Covered {
                            Outcome::Pass
                        } else {
                            Outcome::Fail
                        };
                        let mut c = case(
                            Subject::Goal {
                                id: item.id.clone(),
                                text: item.goal.goal.clone(),
                            },
                            Some(level),
                            outcome,
                            Found::Goal(tr.status, tr.found.as_ref().map(|m| m.rung)),
                            required,
                        );
                        c.evidence = tr.found.as_ref().map(|m| Cite {
                            doc: m.doc.clone(),
                            page: m.page,
                            page_label: m.page_label.clone(),
                            unit: m.unit,
                            text: m.text.clone(),
                        });
                        c.searched = searched.clone();
                        cases.push(c);
                    }
                }
            }
            Requirement::BindingReported => {
                let required = Required::ReportedBack;
                let reports = [Level::FinancialStatement, Level::AnnualReport];
                if !levels.contains(&Level::Budget) {
                    cases.push(skip_level(Level::Budget, Skip::LevelAbsent, required));
                } else if !reports.iter().any(|l| levels.contains(l)) {
                    cases.push(skip_level(Level::Budget, Skip::NoReport, required));
                } else if a.goals.binding.is_empty() {
                    cases.push(skip_level(Level::Budget, Skip::NoBindingGoals, required));
                } else {
                    let searched = docs_of(a, &reports);
                    let mut ids = BTreeSet::new();
                    for g in a.goals.binding.iter().filter(|g| scope.goal(&g.themes)) {
                        let reported = !a
                            .goals
                            .planned_not_reported
                            .iter()
                            .any(|p| p.doc == g.doc && p.unit == g.unit);
                        // An id from the goal's own words, unique within the run.
                        let base = format!("budget-{}", crate::goals::slug(&g.goal));
                        let mut id = base.clone();
                        let mut n = 2;
                        while !ids.insert(id.clone()) {
                            id = format!("{base}-{n}");
                            n += 1;
                        }
                        let mut c = case(
                            Subject::Goal {
                                id,
                                text: g.goal.clone(),
                            },
                            Some(Level::Budget),
                            if reported {
                                Outcome::Pass
                            } else {
                                Outcome::Fail
                            },
                            Found::Reported(reported),
                            required,
                        );
                        c.evidence = Some(goal_cite(g));
                        c.searched = searched.clone();
                        cases.push(c);
                    }
                }
            }
            Requirement::NoDropoffBefore(bound) => {
                let required = Required::NoDropOffBefore(*bound);
                for t in a.scores.traced.iter().filter(|t| scope.theme(&t.theme)) {
                    let early = t.dropoff.as_ref().filter(|d| d.level < *bound);
                    let mut c = case(
                        Subject::Theme(t.theme.clone()),
                        Some(*bound),
                        if early.is_some() {
                            Outcome::Fail
                        } else {
                            Outcome::Pass
                        },
                        Found::DropOff(early.cloned()),
                        required,
                    );
                    if let Some(d) = early {
                        c.evidence = best(t.by_level.get(&d.level));
                        c.searched = docs_of(a, &[d.level]);
                    }
                    cases.push(c);
                }
                not_traced(required, &mut cases);
            }
        }
    }
    CheckResult {
        cases,
        stale: Vec::new(),
        baseline: false,
        root: a.corpus.root.clone(),
        draft: a.corpus.draft.clone(),
    }
}
