//! The domain vocabulary, defined once: levels of the document chain, facets, rungs, documents
//! and the units they are cut into. Plain data; output formats have their own view types and
//! every label in `report::view` and `report::i18n`.

use std::path::PathBuf;

/// Language of a unit of text (or of the labels a report uses).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub fn id(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
    pub fn from_id(s: &str) -> Option<Lang> {
        match s {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A level of the municipal document chain (domain brief §2.1), in chain order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Hvk,
    Strategy,
    Programme,
    BudgetInstructions,
    Budget,
    OperatingPlan,
    InterimReport,
    FinancialStatement,
    AnnualReport,
    EvaluationReport,
}

impl Level {
    pub const ALL: [Level; 10] = [
        Level::Hvk,
        Level::Strategy,
        Level::Programme,
        Level::BudgetInstructions,
        Level::Budget,
        Level::OperatingPlan,
        Level::InterimReport,
        Level::FinancialStatement,
        Level::AnnualReport,
        Level::EvaluationReport,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Level::Hvk => "hvk",
            Level::Strategy => "strategy",
            Level::Programme => "programme",
            Level::BudgetInstructions => "budget-instructions",
            Level::Budget => "budget",
            Level::OperatingPlan => "operating-plan",
            Level::InterimReport => "interim-report",
            Level::FinancialStatement => "financial-statement",
            Level::AnnualReport => "annual-report",
            Level::EvaluationReport => "evaluation-report",
        }
    }

    pub fn from_id(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == s)
    }

    pub fn valid_ids() -> String {
        Level::ALL
            .iter()
            .map(|l| l.id())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The rung a welfare theme is expected to reach at this level (domain brief §2.1, lower
    /// bound of each range). `None` for levels that are not judged theme by theme: programmes
    /// are theme-specific (a sports programme is not expected to carry every theme) and budget
    /// instructions address the budgeting process, not individual themes.
    pub fn expected_rung(self) -> Option<Rung> {
        match self {
            Level::Hvk => Some(Rung(6)),
            Level::Strategy => Some(Rung(2)),
            Level::Programme | Level::BudgetInstructions => None,
            Level::Budget | Level::OperatingPlan => Some(Rung(5)),
            Level::InterimReport | Level::FinancialStatement | Level::AnnualReport => Some(Rung(7)),
            Level::EvaluationReport => Some(Rung(8)),
        }
    }
}

/// Visibility depth R0–R8 (domain brief §3).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Rung(pub u8);

/// What makes a unit concrete (domain brief §3.1, labelling guide).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Facet {
    Action,
    Binding,
    Evaluation,
    Goal,
    Indicator,
    Outcome,
    Owner,
    Resources,
    Target,
}

impl Facet {
    /// Alphabetical, which is also the order of `tag`'s sorted output.
    pub const ALL: [Facet; 9] = [
        Facet::Action,
        Facet::Binding,
        Facet::Evaluation,
        Facet::Goal,
        Facet::Indicator,
        Facet::Outcome,
        Facet::Owner,
        Facet::Resources,
        Facet::Target,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Facet::Action => "action",
            Facet::Binding => "binding",
            Facet::Evaluation => "evaluation",
            Facet::Goal => "goal",
            Facet::Indicator => "indicator",
            Facet::Outcome => "outcome",
            Facet::Owner => "owner",
            Facet::Resources => "resources",
            Facet::Target => "target",
        }
    }

    pub fn from_id(s: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.id() == s)
    }

    /// The rung this facet lifts a goal-bearing unit to (domain brief §3).
    pub fn rung(self) -> Rung {
        Rung(match self {
            Facet::Goal => 2,
            Facet::Action => 3,
            Facet::Indicator | Facet::Target => 4,
            Facet::Binding | Facet::Owner => 5,
            Facet::Resources => 6,
            Facet::Outcome => 7,
            Facet::Evaluation => 8,
        })
    }
}

/// A small set of facets, as a bit set so units can carry it cheaply.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct FacetSet(u16);

impl FacetSet {
    pub fn insert(&mut self, f: Facet) {
        self.0 |= 1 << f as u16;
    }
    pub fn contains(self, f: Facet) -> bool {
        self.0 & (1 << f as u16) != 0
    }
    pub fn remove(&mut self, f: Facet) {
        self.0 &= !(1 << f as u16);
    }
    pub fn union(self, other: FacetSet) -> FacetSet {
        FacetSet(self.0 | other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Facet> {
        Facet::ALL.into_iter().filter(move |f| self.contains(*f))
    }
    pub fn ids(self) -> Vec<&'static str> {
        self.iter().map(Facet::id).collect()
    }
    /// Highest rung whose own facet is present, provided the goal facet (R2 precondition) is;
    /// without a goal any theme hit is R1 (domain brief §3, design rules).
    pub fn rung(self) -> Rung {
        if !self.contains(Facet::Goal) {
            return Rung(1);
        }
        self.iter().map(Facet::rung).max().unwrap_or(Rung(2))
    }
}

/// A document after ingest: its text by page, plus what is known about it.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the corpus root, with `/` separators: the document's identity in reports.
    pub id: String,
    pub path: PathBuf,
    /// Text of each page; page numbers are 1-based indices into this.
    pub pages: Vec<String>,
    /// The number each page prints (its label): from a PDF's `/PageLabels`, or detected in the
    /// page's running header or footer; `None` when unknown. One per page; a shorter list (or
    /// an empty one) means the missing pages have none.
    pub page_labels: Vec<Option<String>>,
    /// Encoding the bytes were decoded from (`utf-8`, `windows-1252`, …), or the format's
    /// name for binary formats (`pdf`).
    pub encoding: &'static str,
    /// Problems met while reading that did not stop it (an unreadable page, say).
    pub warnings: Vec<String>,
}

/// What kind of text a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UnitKind {
    Heading,
    Paragraph,
    ListItem,
    TableRow,
}

impl UnitKind {
    pub fn id(self) -> &'static str {
        match self {
            UnitKind::Heading => "heading",
            UnitKind::Paragraph => "paragraph",
            UnitKind::ListItem => "list-item",
            UnitKind::TableRow => "table-row",
        }
    }
}

/// A piece of a document that is analysed on its own: a heading, paragraph, list item or
/// table row, with where it sits.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Unit {
    /// 0-based position in the document.
    pub index: usize,
    pub kind: UnitKind,
    /// 1-based page.
    pub page: usize,
    /// The number printed on that page (`"47"`, `"iii"`), when known: what an auditor cites.
    #[serde(default)]
    pub page_label: Option<String>,
    /// Headings above this unit, outermost first.
    pub heading_path: Vec<String>,
    pub text: String,
    /// For table rows: the index of the table's header row, if the table has one.
    pub table_header: Option<usize>,
    /// For table rows: the cells as read (`text` joins them with ` | `); empty otherwise.
    /// Whoever needs the cells reads them here rather than splitting `text` again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
}
