//! `linjaus tag`: JSON Lines in (`id`, `text`, optional `lang`, other fields ignored), one
//! analysis out per input line; `report::lines::tag` prints it.

use crate::analyse::lexicon::Lexicon;
use crate::analyse::{UnitAnalysis, analyse_text_in, text::normalise};
use crate::model::{FacetSet, Lang};
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
    Ok((id, tag_text(text, input_lang(&v)?, lex)))
}

/// A line's optional `lang` (`"fi"` or `"sv"`, as `linjaus units` prints it): the language to
/// read the text in when it has no language cue of its own, as a document's language is in
/// `analyse`. Without it, such a text is read as Finnish.
pub fn input_lang(v: &Value) -> Result<Option<Lang>, String> {
    match v.get("lang") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s == "fi" => Ok(Some(Lang::Fi)),
        Some(Value::String(s)) if s == "sv" => Ok(Some(Lang::Sv)),
        Some(other) => {
            let shown: String = other.to_string().chars().take(40).collect();
            Err(format!(
                "`lang` must be \"fi\" or \"sv\", not {}",
                crate::report::safe::line(&shown)
            ))
        }
    }
}

/// The analysis `tag` gives a piece of text (normalised first, as documents are), read in
/// `lang` when it has no language cue of its own (else as Finnish).
pub fn tag_text(text: &str, lang: Option<Lang>, lex: &Lexicon) -> UnitAnalysis {
    analyse_text_in(
        &normalise(text),
        lex,
        FacetSet::default(),
        lang.unwrap_or(Lang::Fi),
    )
}

/// The longest input line `tag`, `eval` and `train` read (bytes); a longer one is reported and
/// skipped, so that one line cannot take unbounded memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// The non-empty lines of JSON Lines input, each with its 1-based number: the line (without a
/// final `\r`) or why it cannot be read (not UTF-8, longer than [`MAX_LINE_BYTES`], which is
/// skipped to the next newline). An I/O error is reported and ends the input, since what follows
/// it cannot be trusted to be aligned.
pub fn json_lines<R: std::io::BufRead>(
    mut reader: R,
) -> impl Iterator<Item = (usize, Result<String, String>)> {
    let mut n = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            n += 1;
            let mut line = Vec::new();
            let mut too_long = false;
            loop {
                let buf = match reader.fill_buf() {
                    Ok(b) => b,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        done = true;
                        return Some((n, Err(e.to_string())));
                    }
                };
                if buf.is_empty() {
                    done = true;
                    break;
                }
                let (take, end) = match buf.iter().position(|&b| b == b'\n') {
                    Some(i) => (i, true),
                    None => (buf.len(), false),
                };
                // One byte more for a final `\r` (a CRLF line of exactly the limit).
                if !too_long && line.len() + take <= MAX_LINE_BYTES + 1 {
                    line.extend_from_slice(&buf[..take]);
                } else {
                    too_long = true;
                    line = Vec::new();
                }
                reader.consume(take + usize::from(end));
                if end {
                    break;
                }
            }
            too_long |= line.len() > MAX_LINE_BYTES && line.last() != Some(&b'\r');
            if too_long {
                return Some((
                    n,
                    Err(format!("line longer than {} MiB", MAX_LINE_BYTES >> 20)),
                ));
            }
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            match String::from_utf8(line) {
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => return Some((n, Ok(l))),
                Err(_) => return Some((n, Err("not valid UTF-8".to_string()))),
            }
        }
        None
    })
}

/// Tag JSON Lines from `reader`: for every non-empty line its 1-based number and the result
/// (see [`json_lines`] for the lines that cannot be read).
pub fn tag_lines<'a, R: std::io::BufRead + 'a>(
    reader: R,
    lex: &'a Lexicon,
) -> impl Iterator<Item = (usize, Result<(Value, UnitAnalysis), String>)> + 'a {
    json_lines(reader).map(move |(n, line)| (n, line.and_then(|l| tag_line(&l, lex))))
}
