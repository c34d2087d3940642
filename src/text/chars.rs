//! Character classes on the hot path. `char::is_alphabetic` looks non-ASCII
//! characters up in Unicode tables; Vietnamese letters all lie in a few
//! Latin blocks, which are decided by a range check first.

/// A letter: ASCII letters, the Latin-1 and Latin Extended letters,
/// Latin Extended Additional (every precomposed Vietnamese letter), and
/// anything else Unicode calls alphabetic.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        '\u{00d7}' | '\u{00f7}' => false,
        '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphabetic(),
    }
}

/// A letter or a digit: what a word is made of.
#[inline]
pub fn is_word(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

/// Whether the byte `b` of UTF-8 text starts (or continues) a word character
/// for a byte-wise scan: ASCII letters and digits, and every non-ASCII
/// character except the punctuation and symbols of U+0080–U+00BF (lead
/// byte C2: NBSP, «, °) and U+2000–U+2FFF (lead byte E2: dashes, quotes,
/// ellipsis). Continuation bytes (80–BF) belong to the character before,
/// so a scan keeps the state it had at the lead byte.
#[inline]
pub fn byte_starts_word_char(b: u8) -> Option<bool> {
    match b {
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => Some(true),
        0x00..=0x7f => Some(false),
        0x80..=0xbf => None,
        0xc2 | 0xe2 => Some(false),
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_unicode() {
        for c in ('\0'..='\u{2fff}').chain('\u{1e00}'..='\u{1eff}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
        for s in ["ạ", "đ", "Ư", "ỹ", "a", "5"] {
            assert_eq!(byte_starts_word_char(s.as_bytes()[0]), Some(true), "{s}");
        }
        for s in ["–", "“", "\u{a0}", "«", " ", ","] {
            assert_eq!(byte_starts_word_char(s.as_bytes()[0]), Some(false), "{s}");
        }
    }
}
