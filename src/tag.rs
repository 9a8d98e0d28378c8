//! `linjaus tag`: JSON Lines in (`id`, `text`, other fields ignored), one JSON line out per
//! input with `id`, sorted `themes`, sorted `facets`, `lang` and the evidence.

use crate::analyse::lexicon::Lexicon;
use crate::analyse::{analyse_text, text::normalise};
use crate::model::FacetSet;
use serde_json::{Value, json};

/// Tag one JSON line. `Err` carries a message for stderr (the line number is added by the caller).
pub fn tag_line(line: &str, lex: &Lexicon) -> Result<Value, String> {
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
    Ok(tag_text(id, text, lex))
}

pub fn tag_text(id: Value, text: &str, lex: &Lexicon) -> Value {
    let a = analyse_text(&normalise(text), lex, FacetSet::default());
    let themes: Vec<&str> = a
        .themes()
        .into_iter()
        .map(|t| lex.themes[t].id.as_str())
        .collect();
    let mut themes = themes;
    themes.sort_unstable();
    let evidence: Vec<Value> = a.hits.iter().map(|h| json!({"theme": lex.themes[h.theme].id, "term": h.term, "matched": h.matched, "weak": h.weak})).collect();
    let cues: Vec<Value> = a
        .cues
        .iter()
        .map(|c| json!({"facet": c.facet.id(), "cue": c.cue, "matched": c.matched}))
        .collect();
    json!({"id": id, "themes": themes, "facets": a.facets.ids(), "lang": a.lang.id(), "evidence": evidence, "facet_cues": cues})
}
