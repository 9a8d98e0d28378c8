//! `--format json`: the typed view serialised, keys sorted (serde_json's default map),
//! documents by path, traced themes by HVK weight. The schema is documented in the README
//! ("JSON output") and versioned by [`super::view::SCHEMA_VERSION`].

use serde::Serialize;

/// Any view as pretty JSON with sorted keys and a final newline.
pub fn render<T: Serialize>(view: &T) -> String {
    // Through `Value` so that keys are sorted whatever the struct's field order.
    let mut s = serde_json::to_value(view)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_default();
    s.push('\n');
    s
}

/// One compact JSON line (for JSON Lines output).
pub fn line<T: Serialize>(view: &T) -> String {
    let mut s = serde_json::to_value(view)
        .map(|v| v.to_string())
        .unwrap_or_default();
    s.push('\n');
    s
}
