//! Plain text and Markdown: decode bytes to a string. UTF-8 (with or without BOM), UTF-16 with
//! BOM, and the legacy 8-bit encodings Finnish offices still produce (Windows-1252, ISO-8859-1).

/// Windows-1252 code points for bytes 0x80–0x9F; `None` marks the five undefined bytes.
const CP1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Decode text bytes; the error says why the bytes are not text in a known encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "utf-8"))
            .map_err(|e| {
                format!(
                    "has a UTF-8 byte-order mark but invalid UTF-8 at byte {}",
                    e.valid_up_to() + 3
                )
            });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units)
            .map(|s| (s, "utf-16"))
            .map_err(|_| "has a UTF-16 byte-order mark but invalid UTF-16".to_string());
    }
    if bytes.contains(&0) {
        return Err(
            "not a text file: it contains NUL bytes (binary data or an unknown encoding)".into(),
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "utf-8"));
    }
    let windows = bytes.iter().any(|b| (0x80..0xA0).contains(b));
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        let c = match b {
            0x80..=0x9F => CP1252[usize::from(b - 0x80)].ok_or_else(|| {
                format!("unknown encoding: byte 0x{b:02X} is neither UTF-8 nor Windows-1252")
            })?,
            _ => char::from(b),
        };
        out.push(c);
    }
    // Legacy 8-bit text is mostly ASCII with some letters above 0x7F; control characters or a
    // high share of symbols mean the guess is wrong.
    let odd = out
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{000C}'))
                || matches!(c, '\u{00A1}'..='\u{00BF}')
        })
        .count();
    if odd * 20 > out.chars().count() {
        return Err("unknown encoding: not UTF-8, and too many control or symbol characters for Windows-1252/ISO-8859-1".into());
    }
    Ok((
        out,
        if windows {
            "windows-1252"
        } else {
            "iso-8859-1"
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::decode;

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
}
