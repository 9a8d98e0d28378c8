//! `linjaus tag`: JSON Lines in (`id`, `text`, other fields ignored), one analysis out per
//! input line; `report::lines::tag` prints it.

use crate::analyse::lexicon::Lexicon;
use crate::analyse::{UnitAnalysis, analyse_text, text::normalise};
use crate::model::FacetSet;
use serde_json::Value;

/// Read and analyse one JSON line: its `id` and the analysis of its `text`. `Err` carries a
/// message for stderr (the line number is added by the caller).
pub fn tag_line(line: &str, lex: &Lexicon) -> Result<(Value, UnitAnalysis), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let id = v
        .get("id")
        .cloned()
        .filter(|i| !i.is_null())
        .ok_or("missing `id`")?;
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or("missing string `text`")?;
    Ok((id, tag_text(text, lex)))
}

/// The analysis `tag` gives a piece of text (normalised first, as documents are).
pub fn tag_text(text: &str, lex: &Lexicon) -> UnitAnalysis {
    analyse_text(&normalise(text), lex, FacetSet::default())
}

/// Tag JSON Lines from `reader`: for every non-empty line its 1-based number and the result.
/// A line that cannot be read (not UTF-8, an I/O error) is an error for that line and ends the
/// input, since what follows it cannot be trusted to be aligned.
pub fn tag_lines<'a, R: std::io::BufRead + 'a>(
    reader: R,
    lex: &'a Lexicon,
) -> impl Iterator<Item = (usize, Result<(Value, UnitAnalysis), String>)> + 'a {
    let mut failed = false;
    // Split on bytes, not `lines()`: a line that is not UTF-8 is reported and the next one is
    // still tagged (only a read error ends the input).
    reader
        .split(b'\n')
        .enumerate()
        .map_while(move |(i, line)| {
            if failed {
                return None;
            }
            Some(match line {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(l) if l.trim().is_empty() => None,
                    Ok(l) => Some((i + 1, tag_line(l.trim_end_matches('\r'), lex))),
                    Err(_) => Some((i + 1, Err("not valid UTF-8".to_string()))),
                },
                Err(e) => {
                    failed = true;
                    Some((i + 1, Err(e.to_string())))
                }
            })
        })
        .flatten()
}
