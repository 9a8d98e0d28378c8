//! Checks against ../shared/real-corpus when it is present (skipped in a fresh clone).

use crate::util::root;

#[test]
fn labelled_real_paragraphs_meet_the_accuracy_floor() {
    let labels = root().join("eval/labels.jsonl");
    let corpus = root().join("../shared/real-corpus");
    if !corpus.is_dir() || !labels.is_file() {
        eprintln!("skipped: ../shared/real-corpus or eval/labels.jsonl not present");
        return;
    }
    // The measurement itself lives in eval/ (see README "Accuracy"); here only its existence
    // and label format are checked, so the suite does not need pdftotext.
    let text = std::fs::read_to_string(&labels).unwrap();
    let n = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(n >= 200, "at least 200 labelled units, got {n}");
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(
            v["doc"].is_string()
                && v["page"].is_u64()
                && v["unit"].is_u64()
                && v["themes"].is_array(),
            "{l}"
        );
    }
}
