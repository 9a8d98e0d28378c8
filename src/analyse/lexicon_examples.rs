//! Running the `match` / `no_match` example sentences every theme file carries.

use super::lexicon::Lexicon;
use super::{analyse_text, text};
use crate::model::FacetSet;

/// One line per example that does not behave as its theme file says.
pub fn failures(lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for (ti, t) in lex.themes.iter().enumerate() {
        for (sentences, want) in [(&t.examples_match, true), (&t.examples_no_match, false)] {
            for s in sentences {
                let got = analyse_text(&text::normalise(s), lex, FacetSet::default())
                    .themes()
                    .contains(&ti);
                if got != want {
                    let what = if want {
                        "should match but does not"
                    } else {
                        "should not match but does"
                    };
                    out.push(format!(
                        "{}: theme `{}`: example {what}: {s}",
                        t.source, t.id
                    ));
                }
            }
        }
    }
    out
}
