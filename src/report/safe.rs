//! Text that came from a document or a file name, made safe to print on a terminal: control
//! characters (C0 except newline and tab, DEL, C1) and the bidirectional formatting characters
//! are shown escaped (`\x1b`, `\u{202e}`), so a document cannot clear the screen, set the
//! window title, open a hyperlink (OSC 8), ring the bell, overwrite a line with a carriage
//! return or reorder what the reader sees. JSON needs none of this: it escapes as JSON does.

use std::borrow::Cow;
use std::fmt::Write;

fn unsafe_char(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates; the marks (LRM, RLM, ALM) are harmless.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c, keep_newlines) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// `s` for a terminal, its lines kept (a whole rendered report or message).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// `s` for one cell or line of a terminal report: newlines and tabs escaped too.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_shown_escaped() {
        let hostile = "a\x1b]0;title\x07b\x1b[2Jc\rd\u{9b}31me\u{202e}fdp.exe";
        assert_eq!(
            line(hostile),
            "a\\x1b]0;title\\x07b\\x1b[2Jc\\x0dd\\x9b31me\\u{202e}fdp.exe"
        );
        assert_eq!(text("rivi 1\nrivi\t2"), "rivi 1\nrivi\t2");
        assert_eq!(line("rivi 1\nrivi\t2"), "rivi 1\\x0arivi\\x092");
        assert!(matches!(text("Liikunta ja äänestys"), Cow::Borrowed(_)));
    }
}
