//! Stage 5, report: the only module that knows output formats. Renderers are pure: they take
//! typed views of the analysis ([`view`]) and return a string; the binary decides where it goes.
//! Every fixed word in fi/sv/en is in [`i18n`].
//!
//! A new format is one module here that reads [`view::Report`] plus one arm in [`render`].

pub mod compare;
pub mod explain;
pub mod i18n;
pub mod json;
pub mod lines;
pub mod terminal;
pub mod view;

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
