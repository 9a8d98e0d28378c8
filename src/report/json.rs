//! `--format json`: the typed view serialised, keys sorted (serde_json's default map),
//! documents by path, traced themes by HVK weight. The schema is documented in the README
//! ("JSON output") and versioned by [`super::view::SCHEMA_VERSION`].

use serde::Serialize;
use std::fmt::Write;

/// JSON escapes C0 controls itself; C1 controls and bidi formatting characters are escaped
/// here too (`\u009b`, the same string to a JSON reader), so JSON shown on a terminal is as
/// safe as the terminal formats. They can only occur inside strings.
fn escape_terminal_codes(s: String) -> String {
    let risky = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(risky) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if risky(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Any view as pretty JSON with sorted keys and a final newline.
pub fn render<T: Serialize>(view: &T) -> String {
    // Through `Value` so that keys are sorted whatever the struct's field order.
    let mut s = serde_json::to_value(view)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .map(escape_terminal_codes)
        .unwrap_or_default();
    s.push('\n');
    s
}

/// One compact JSON line (for JSON Lines output).
pub fn line<T: Serialize>(view: &T) -> String {
    let mut s = serde_json::to_value(view)
        .map(|v| escape_terminal_codes(v.to_string()))
        .unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn c1_and_bidi_codes_are_escaped_and_read_back_the_same() {
        let text = "a\u{9b}31m b\u{202e}c \u{1b}[2J";
        let out = super::line(&text);
        assert_eq!(out, "\"a\\u009b31m b\\u202ec \\u001b[2J\"\n");
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text);
    }
}
