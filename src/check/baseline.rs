//! The baseline of `linjaus check`: today's failures, keyed by rule, theme or goal id and
//! level (never by wording, so a re-worded document does not churn it), as a small JSON file.
//! With a baseline, only failures that are not in it fail the check; entries that no longer
//! fail are reported as stale.

use super::{CheckResult, Outcome};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The format version of a baseline file.
pub const BASELINE_VERSION: u32 = 1;

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub rule: String,
    /// The theme id or goal id.
    pub subject: String,
    /// The level id (empty for a case without a level).
    pub level: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    pub entries: BTreeSet<Key>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Key>,
}

impl Baseline {
    /// Every failure of a check (errors and warnings; known ones too).
    pub fn of(result: &CheckResult) -> Baseline {
        Baseline {
            entries: result
                .cases
                .iter()
                .filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Known))
                .map(super::Case::key)
                .collect(),
        }
    }

    /// The file's text: versioned JSON, entries sorted, one per line-block.
    pub fn to_json(&self) -> String {
        let f = File {
            version: BASELINE_VERSION,
            entries: self.entries.iter().cloned().collect(),
        };
        crate::report::json::render(&f)
    }

    pub fn parse(text: &str, file: &Path) -> Result<Baseline, Error> {
        let invalid = |line: usize, msg: String| Error::Invalid {
            problems: vec![format!("{}:{line}: {msg}", file.display())],
        };
        let f: File = serde_json::from_str(text).map_err(|e| invalid(e.line(), e.to_string()))?;
        if f.version != BASELINE_VERSION {
            return Err(invalid(
                1,
                format!(
                    "baseline version {} is not supported (this linjaus writes version {BASELINE_VERSION})",
                    f.version
                ),
            ));
        }
        Ok(Baseline {
            entries: f.entries.into_iter().collect(),
        })
    }

    pub fn load(file: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, &e))?;
        Baseline::parse(&text, file)
    }
}
