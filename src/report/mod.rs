//! Stage 5, report: the only module that knows output formats. Renderers are pure: they take
//! the analysed corpus and scores and return a string; the binary decides where it goes.

pub mod explain;
pub mod json;
pub mod terminal;

use crate::analyse::lexicon::Lexicon;
use crate::corpus::Corpus;
use crate::model::Lang;
use crate::score::Scores;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
}

/// Everything a renderer needs.
pub struct ReportInput<'a> {
    pub corpus: &'a Corpus,
    pub scores: &'a Scores,
    pub goals: &'a crate::goals::Goals,
    pub lexicon: &'a Lexicon,
    pub lang: Lang,
    pub color: bool,
}

pub fn render(format: Format, input: &ReportInput) -> String {
    match format {
        Format::Terminal => terminal::render(input),
        Format::Json => json::render(input),
    }
}
