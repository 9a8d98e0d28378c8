//! Plain text and Markdown: decode bytes to a string. A byte-order mark decides first (UTF-8,
//! UTF-16LE/BE); then valid UTF-8 is UTF-8; then an encoding the document declares (an HTML
//! `<meta charset>`, found by the caller); and only then is the legacy 8-bit encoding guessed,
//! by `chardetng` (Firefox's detector) told that the text comes from Finland, which favours
//! Windows-1252 — the encoding Finnish and Swedish offices still produce — while still telling
//! Cyrillic, Central European and other encodings apart. `encoding_rs` does the decoding.
//!
//! The name returned is what reports print: `utf-8`, `utf-16`, `windows-1252`, `iso-8859-1`
//! (Windows-1252 text that uses none of the bytes 0x80–0x9F, so reads the same in both), or
//! the lower-case WHATWG name of another encoding (`iso-8859-15`, `windows-1251`, …). All of
//! them are in [`NAMES`].

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Every encoding name [`decode`] can return.
pub const NAMES: &[&str] = &[
    "utf-8",
    "utf-16",
    "windows-1252",
    "iso-8859-1",
    "ibm866",
    "iso-8859-2",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-8-i",
    "iso-8859-10",
    "iso-8859-13",
    "iso-8859-14",
    "iso-8859-15",
    "iso-8859-16",
    "koi8-r",
    "koi8-u",
    "macintosh",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "x-mac-cyrillic",
    "gbk",
    "gb18030",
    "big5",
    "euc-jp",
    "iso-2022-jp",
    "shift_jis",
    "euc-kr",
];

/// Non-ASCII letters needed before a guess other than Windows-1252 is believed.
const MIN_LETTERS: usize = 8;

/// The name reports print for text decoded as `enc` from `bytes`.
fn name(enc: &'static Encoding, bytes: &[u8]) -> &'static str {
    if enc == WINDOWS_1252 && !bytes.iter().any(|b| (0x80..0xA0).contains(b)) {
        return "iso-8859-1";
    }
    NAMES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(enc.name()))
        .copied()
        .unwrap_or("windows-1252")
}

/// Decode text bytes; `declared` is the encoding the document names for itself (an HTML
/// `<meta charset>`), honoured when there is no byte-order mark and the bytes are not UTF-8.
/// The error says why the bytes are not text in a known encoding.
pub fn decode(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<(String, &'static str), String> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        if enc == UTF_8 {
            return std::str::from_utf8(rest)
                .map(|s| (s.to_string(), "utf-8"))
                .map_err(|e| {
                    format!(
                        "has a UTF-8 byte-order mark but invalid UTF-8 at byte {}",
                        e.valid_up_to() + bom
                    )
                });
        }
        return enc
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|s| (s.into_owned(), "utf-16"))
            .ok_or_else(|| "has a UTF-16 byte-order mark but invalid UTF-16".to_string());
    }
    if bytes.contains(&0) {
        return Err(
            "not a text file: it contains NUL bytes (binary data or an unknown encoding)".into(),
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "utf-8"));
    }
    // A declared encoding is taken when it can decode the bytes: a page that declares UTF-8
    // but is not, or declares UTF-16 without a byte-order mark (which the web reads as UTF-8),
    // falls through to the guess.
    if let Some(enc) = declared.filter(|e| ![UTF_8, UTF_16LE, UTF_16BE].contains(e)) {
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            if plausible(&s) {
                return Ok((s.into_owned(), name(enc, bytes)));
            }
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"fi"), Utf8Detection::Deny);
    let s = enc
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            format!(
                "unknown encoding: not UTF-8, and not valid {} either (the best guess)",
                enc.name()
            )
        })?;
    if !plausible(&s) {
        return Err(format!(
            "unknown encoding: not UTF-8, and too many control or symbol characters for {} (the best guess)",
            enc.name()
        ));
    }
    // Windows-1252 is the expected case. Another encoding is taken only on enough evidence:
    // a few bytes that Windows-1252 leaves undefined are noise, not Cyrillic or Japanese text.
    let letters = s
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        .count();
    if enc != WINDOWS_1252 && letters < MIN_LETTERS {
        return Err(format!(
            "unknown encoding: neither UTF-8 nor Windows-1252, and too little text to tell which ({} is a guess from {letters} letters)",
            enc.name()
        ));
    }
    Ok((s.into_owned(), name(enc, bytes)))
}

/// Legacy 8-bit text is mostly letters; control characters (Windows-1252's five undefined
/// bytes decode to C1 controls) or a high share of Latin-1 symbols mean the bytes are not text
/// in this encoding.
fn plausible(s: &str) -> bool {
    let mut odd = 0usize;
    let mut all = 0usize;
    for c in s.chars() {
        all += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{000C}'))
            || matches!(c, '\u{00A1}'..='\u{00BF}')
        {
            odd += 1;
        }
    }
    odd * 20 <= all
}

#[cfg(test)]
mod tests {
    use super::NAMES;

    fn decode(b: &[u8]) -> Result<(String, &'static str), String> {
        super::decode(b, None)
    }

    fn cp1252(s: &str) -> Vec<u8> {
        let (b, _, bad) = encoding_rs::WINDOWS_1252.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    #[test]
    fn encodings() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFLiikunta").unwrap(),
            ("Liikunta".to_string(), "utf-8")
        );
        assert_eq!(decode("Päihteet".as_bytes()).unwrap().1, "utf-8");
        assert_eq!(
            decode(b"P\xE4ihteet ja v\xE4kivalta").unwrap(),
            ("Päihteet ja väkivalta".to_string(), "iso-8859-1")
        );
        assert_eq!(
            decode(b"Hinta 5 \x80 \x96 ik\xE4").unwrap(),
            ("Hinta 5 € – ikä".to_string(), "windows-1252")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Ikä".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16).unwrap().0, "Ikä");
        assert!(decode(b"abc\x00def").unwrap_err().contains("NUL"));
        assert!(
            decode(b"\x81\x8D\x8F")
                .unwrap_err()
                .contains("unknown encoding")
        );
        assert!(
            decode(&[0xA1u8, 0xA2, 0xA3, 0xA4, 0x41][..])
                .unwrap_err()
                .contains("unknown encoding")
        );
    }

    #[test]
    fn finnish_and_swedish_windows_1252() {
        let fi = "Hyvinvointikertomus 2025\n\nLasten ja nuorten liikunta-aktiivisuus on \
                  heikentynyt. Yksinäisyyttä kokevien osuus on kasvanut, ja päihteiden käyttö \
                  on vähentynyt. Määrärahaa lisätään 50 000 € vuodessa – ikääntyneiden \
                  palveluihin ”kotiin annettavina” tukina.\n";
        assert_eq!(
            decode(&cp1252(fi)).unwrap(),
            (fi.to_string(), "windows-1252")
        );
        let sv = "Välfärdsberättelse för åren 2025–2028\n\nÅtgärderna för barnens och de \
                  ungas välbefinnande fortsätter. Målet är att minska ensamheten bland äldre \
                  och att öka den fysiska aktiviteten på fritiden.\n";
        assert_eq!(
            decode(&cp1252(sv)).unwrap(),
            (sv.to_string(), "windows-1252")
        );
        // The same Swedish text without the en dash uses no byte 0x80–0x9F: ISO-8859-1.
        let sv_latin1 = sv.replace('–', "-");
        assert_eq!(
            decode(&cp1252(&sv_latin1)).unwrap(),
            (sv_latin1.clone(), "iso-8859-1")
        );
    }

    #[test]
    fn utf16_with_either_byte_order_mark() {
        let text = "Åtgärder ja tavoitteet: päihteet, €\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), (text.to_string(), "utf-16"));
        assert_eq!(decode(&be).unwrap(), (text.to_string(), "utf-16"));
        // A lone surrogate is not UTF-16.
        assert!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00])
                .unwrap_err()
                .contains("UTF-16")
        );
    }

    #[test]
    fn short_ambiguous_text_is_read_as_western() {
        // Two bytes above 0x7F could be many encodings; Finnish text favours Windows-1252.
        assert_eq!(
            decode(b"ty\xF6").unwrap(),
            ("työ".to_string(), "iso-8859-1")
        );
        assert_eq!(
            decode(b"P\xE4iv\xE4").unwrap(),
            ("Päivä".to_string(), "iso-8859-1")
        );
        assert_eq!(
            decode(b"\xC5bo").unwrap(),
            ("Åbo".to_string(), "iso-8859-1")
        );
    }

    #[test]
    fn other_legacy_encodings_are_named() {
        // Russian in Windows-1251 (information pages of eastern municipalities).
        let ru = "Информация для жителей о социальных услугах и здравоохранении города.";
        let (b, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
        assert_eq!(decode(&b).unwrap(), (ru.to_string(), "windows-1251"));
        assert!(NAMES.contains(&"windows-1251"));
    }

    #[test]
    fn a_declared_encoding_is_honoured_only_when_the_bytes_are_not_utf8() {
        // ISO-8859-15 puts € at 0xA4, where Windows-1252 has ¤.
        let bytes = b"Hinta 5 \xA4 ik\xE4\xE4ntyneille";
        let latin9 = encoding_rs::Encoding::for_label(b"iso-8859-15");
        assert_eq!(
            super::decode(bytes, latin9).unwrap(),
            ("Hinta 5 € ikääntyneille".to_string(), "iso-8859-15")
        );
        assert_eq!(decode(bytes).unwrap().0, "Hinta 5 ¤ ikääntyneille");
        // UTF-8 bytes stay UTF-8 whatever is declared; a declared UTF-8 that is not is guessed.
        assert_eq!(super::decode("ikä".as_bytes(), latin9).unwrap().1, "utf-8");
        assert_eq!(
            super::decode(b"ik\xE4", Some(encoding_rs::UTF_8)).unwrap(),
            ("ikä".to_string(), "iso-8859-1")
        );
    }
}
