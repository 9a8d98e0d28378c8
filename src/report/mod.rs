//! Stage 5, report: the only module that knows output formats. Renderers are pure: they take
//! typed views of the analysis ([`view`]) and return a string (the workbook: bytes; CSV: one
//! string per table); the binary decides where it goes.
//! Every fixed word in fi/sv/en is in [`i18n`].
//!
//! A new format is one module here that reads [`view::Report`] plus one arm in [`render`].

pub mod check;
pub mod compare;
pub mod compare_table;
pub mod csv;
pub mod digest;
pub mod eval;
pub mod explain;
pub mod goal_explain;
pub mod html;
pub mod i18n;
pub mod json;
pub mod lines;
pub mod markdown;
pub mod safe;
pub mod tables;
pub mod terminal;
pub mod view;
pub mod xlsx;

use crate::model::Lang;
use crate::pipeline::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
}

/// How a report looks: label language and terminal colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub lang: Lang,
    pub color: bool,
}

/// The analysis report in `format`.
pub fn render(format: Format, analysis: &Analysis, style: Style) -> String {
    match format {
        Format::Terminal => {
            let v = view::report(analysis, style.lang, view::Detail::Figures);
            terminal::render(&v, style.lang, style.color)
        }
        Format::Json => json::render(&view::report(analysis, style.lang, view::Detail::Evidence)),
    }
}

/// Every format of the analysis report (`analyse --format`): the two of [`Format`] and the
/// reports people hand on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Terminal,
    Json,
    Html,
    Markdown,
    /// Four CSV files (cells, drop-offs, goal traces, evidence).
    Csv,
    /// A workbook with the same four tables as sheets.
    Xlsx,
}

/// A rendered analysis report.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Text for stdout or one file.
    Text(String),
    /// Files (name, text) to write into one folder: the CSV tables.
    Files(Vec<(String, String)>),
    /// Bytes for one file, never for a terminal: the workbook.
    Binary(Vec<u8>),
}

/// The analysis report in any format; `Err` only when the workbook cannot be built.
pub fn report(format: ReportFormat, analysis: &Analysis, style: Style) -> Result<Output, String> {
    let lang = style.lang;
    let full = || view::report(analysis, lang, view::Detail::Evidence);
    Ok(match format {
        ReportFormat::Terminal => Output::Text(render(Format::Terminal, analysis, style)),
        ReportFormat::Json => Output::Text(render(Format::Json, analysis, style)),
        ReportFormat::Html => Output::Text(html::render(&full(), lang)),
        ReportFormat::Markdown => Output::Text(markdown::render(&full(), lang)),
        ReportFormat::Csv => Output::Files(csv::render(&full(), lang)),
        ReportFormat::Xlsx => Output::Binary(xlsx::render(&full(), lang)?),
    })
}
