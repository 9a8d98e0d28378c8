//! `linjaus explain FOLDER --goal ID`: why an HVK goal paired as it did — at each level of the
//! chain its status, the match, and every unit that shared a word with the goal, accepted or
//! rejected, with its pairing score, the distinctive words it shares and the reason it was
//! rejected (another theme, only generic words, a weak score) or is only shallow (a vision, a
//! list of the welfare report's goals, below the level's rung).

use super::i18n;
use crate::goals::{GoalItem, LevelExplanation};
use crate::model::Lang;
use serde_json::{Value, json};
use std::fmt::Write;

/// Units shown per level (the best first).
const SHOWN: usize = 8;

/// Document text on one line of the report: a line break, tab, vertical tab (Word's manual line
/// break) or line separator inside it becomes a space, runs of spaces one. Control characters
/// left are escaped with the rest of the report ([`super::safe::text`]).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file name on one line: only line-breaking characters become spaces, so the name still
/// finds its file (`a  b.pdf` keeps both spaces).
fn name_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(
                c,
                '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            ) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub fn terminal(item: &GoalItem, levels: &[LevelExplanation], lang: Lang) -> String {
    let w = i18n::goal_explain_words(lang);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} “{}”",
        item.id,
        w.goal,
        one_line(&item.goal.goal)
    );
    let _ = writeln!(
        o,
        "{}: {} · {}",
        w.own_themes,
        item.goal.own_themes.join(", "),
        name_line(&item.goal.doc)
    );
    for l in levels {
        let status = l
            .trace
            .as_ref()
            .map_or("–", |t| i18n::status_word(t.status, lang));
        let why = l
            .trace
            .as_ref()
            .and_then(|t| t.shortfall)
            .map(|s| format!(" ({})", i18n::pairing_reason(s.id(), lang)))
            .unwrap_or_default();
        let expected = l.trace.as_ref().map_or(0, |t| t.expected.0);
        let _ = writeln!(
            o,
            "\n{}: {status}{why} · ≥R{expected}",
            i18n::level_label(l.level, lang)
        );
        if l.considered.is_empty() {
            let _ = writeln!(o, "  {}", w.nothing);
        }
        for k in l.considered.iter().take(SHOWN) {
            let verdict = match k.rejection {
                None => w.accepted.to_string(),
                Some(r) => format!("{}: {}", w.rejected, i18n::pairing_reason(r.id(), lang)),
            };
            let mut notes = Vec::new();
            if k.pairing.goal_unit {
                notes.push(w.goal_unit.to_string());
            }
            if k.vision {
                notes.push(i18n::pairing_reason("vision", lang).to_string());
            }
            if k.in_hvk_list {
                notes.push(i18n::pairing_reason("list-of-hvk-goals", lang).to_string());
            }
            let mut shared: Vec<&str> = k
                .pairing
                .goal_words
                .iter()
                .chain(&k.pairing.indicator_words)
                .map(String::as_str)
                .collect();
            shared.sort_unstable();
            shared.dedup();
            let _ = writeln!(
                o,
                "  {} {} u{} R{} · {verdict} · {} {:.2} · {}: {} · {}: {}{}",
                name_line(&k.doc),
                i18n::cite_page(lang, k.page, k.page_label.as_deref()),
                k.unit,
                k.rung.0,
                w.score,
                k.pairing.score,
                w.distinctive,
                k.pairing.distinctive_words.join(", "),
                w.shared,
                shared.join(", "),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", notes.join(", "))
                }
            );
            let _ = writeln!(o, "    {}", super::view::snippet(&one_line(&k.text), 160));
        }
    }
    // Document text is in every line: nothing from it reaches the terminal raw.
    super::safe::text(&o).into_owned()
}

pub fn json(item: &GoalItem, levels: &[LevelExplanation]) -> String {
    let levels: Vec<Value> = levels
        .iter()
        .map(|l| {
            json!({
                "level": l.level.id(),
                "status": l.trace.as_ref().map(|t| t.status.id()),
                "expected_rung": l.trace.as_ref().map(|t| t.expected.0),
                "reason": l.trace.as_ref().and_then(|t| t.shortfall).map(|s| s.id()),
                "considered": l.considered.iter().map(|k| json!({
                    "document": k.doc, "page": k.page, "page_label": k.page_label, "unit": k.unit,
                    "rung": k.rung.0, "themes": k.themes, "snippet": super::view::snippet(&k.text, 300),
                    "accepted": k.rejection.is_none(),
                    "rejection": k.rejection.map(|r| r.id()),
                    "vision": k.vision, "in_hvk_list": k.in_hvk_list,
                    "goal_unit": k.pairing.goal_unit, "score": k.pairing.score,
                    "distinctive_words": k.pairing.distinctive_words,
                    "goal_words": k.pairing.goal_words, "indicator_words": k.pairing.indicator_words,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "id": item.id, "goal": item.goal.goal, "document": item.goal.doc,
        "themes": item.goal.themes, "own_themes": item.goal.own_themes, "levels": levels,
    });
    super::json::render(&v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn document_text_stays_on_one_line() {
        assert_eq!(
            super::one_line("Nuorten\nmielenterveys\u{2028}vahvistuu\u{000B}\t kaikilla\r\n"),
            "Nuorten mielenterveys vahvistuu kaikilla"
        );
        assert_eq!(
            super::name_line("hvk  2025\u{2028}2028.pdf"),
            "hvk  2025 2028.pdf"
        );
    }
}
