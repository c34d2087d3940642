//! Lowercasing that keeps byte offsets: rules match a lowercased copy of the
//! normalised text, and offsets found there are valid in the original.

use std::borrow::Cow;

/// Lowercase `s` character by character, keeping a character unchanged where
/// its lowercase form would have another UTF-8 length (never the case for
/// Vietnamese letters). Borrowed when `s` has no uppercase letter.
///
/// ```
/// let s = "Công Đoàn Viên chức TP Hà Nội";
/// let l = solieu::text::fold::lowercase(s);
/// assert_eq!(l, "công đoàn viên chức tp hà nội");
/// assert_eq!(l.len(), s.len());
/// ```
pub fn lowercase(s: &str) -> Cow<'_, str> {
    lowercase_checked(s).0
}

/// [`lowercase`], and whether the result equals `str::to_lowercase` of `s`
/// (it does unless `s` holds a letter whose lowercase has another length or
/// depends on its neighbours, such as "İ" or "Σ"). When it does, any slice
/// of the result is the standard lowercase of the same slice of `s`, so
/// callers can compare lines with lowercased markers without lowercasing
/// each line again.
///
/// ```
/// let (l, exact) = solieu::text::fold::lowercase_checked("Thứ Năm, 21/03/2024");
/// assert_eq!(l, "thứ năm, 21/03/2024");
/// assert!(exact);
/// assert!(!solieu::text::fold::lowercase_checked("İzmir").1);
/// ```
pub fn lowercase_checked(s: &str) -> (Cow<'_, str>, bool) {
    // Two cheap passes instead of one branchy one: the letters outside
    // ASCII are looked at only at the lead bytes of their characters (most
    // are lowercase Vietnamese vowels, recognised by their bytes), and ASCII
    // is lowercased in one vectorised copy. Every change keeps the UTF-8
    // length, so the few non-ASCII capitals are replaced in place.
    let bytes = s.as_bytes();
    let mut exact = true;
    let mut edits: Vec<(usize, usize, char)> = Vec::new();
    // Lead bytes (0b11xxxxxx) found eight at a time: bit 7 of each byte
    // of `w & w << 1` is set where bits 7 and 6 of that byte are.
    let mut k = 0;
    while k + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[k..k + 8]);
        let w = u64::from_le_bytes(word);
        let mut leads = w & (w << 1) & 0x8080_8080_8080_8080;
        while leads != 0 {
            look(
                s,
                k + (leads.trailing_zeros() / 8) as usize,
                &mut exact,
                &mut edits,
            );
            leads &= leads - 1;
        }
        k += 8;
    }
    for (i, &b) in bytes.iter().enumerate().skip(k) {
        if b >= 0xC0 {
            look(s, i, &mut exact, &mut edits);
        }
    }
    if edits.is_empty() && !bytes.iter().any(u8::is_ascii_uppercase) {
        return (Cow::Borrowed(s), exact);
    }
    let mut out = s.to_ascii_lowercase();
    let mut buf = [0u8; 4];
    for (at, len, lower) in edits {
        out.replace_range(at..at + len, lower.encode_utf8(&mut buf));
    }
    (Cow::Owned(out), exact)
}

/// The character whose lead byte is at `i` of `s`: whether its fold is
/// exact, and an edit when its lowercase differs.
#[inline(always)]
fn look(s: &str, i: usize, exact: &mut bool, edits: &mut Vec<(usize, usize, char)>) {
    let bytes = s.as_bytes();
    let b = bytes[i];
    // `s` is valid UTF-8: a lead byte's continuation bytes exist.
    let b1 = bytes[i + 1];
    let (cp, len) = match b {
        // à á â ã è é ê ì í ò ó ô õ ù ú ý and the rest of U+00E0..U+00FF
        // are lowercase already; so are ă đ ĩ (odd code points of
        // U+0100..U+012F), ũ (odd in U+014A..U+0177), ơ and ư.
        0xC3 if b1 >= 0xA0 => return,
        0xC4 if b1 <= 0xAF && b1 & 1 == 1 => return,
        0xC5 if (0x8A..=0xB7).contains(&b1) && b1 & 1 == 1 => return,
        0xC6 if b1 == 0xA1 || b1 == 0xB0 => return,
        // U+0080..U+00BF (NBSP, signs) and U+2000..U+20BF (punctuation,
        // super- and subscripts, currency signs) hold no capitals.
        0xC2 => return,
        0xE2 if b1 <= 0x82 => return,
        0xC0..=0xDF => ((u32::from(b & 0x1F) << 6) | u32::from(b1 & 0x3F), 2),
        0xE0..=0xEF => {
            // U+1E00..U+1EFF (Latin Extended Additional, the toned
            // vowels): lowercase letters have odd code points.
            if b == 0xE1 && (0xB8..=0xBB).contains(&b1) && bytes[i + 2] & 1 == 1 {
                return;
            }
            (
                (u32::from(b & 0x0F) << 12)
                    | (u32::from(b1 & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F),
                3,
            )
        }
        _ => {
            let c = s[i..].chars().next().unwrap_or('\u{fffd}');
            (c as u32, c.len_utf8())
        }
    };
    if let Some(c) = char::from_u32(cp) {
        let (lower, same) = lower_char_checked(c);
        *exact &= same;
        if lower != c {
            edits.push((i, len, lower));
        }
    }
}

/// Lowercase of one character when it has the same UTF-8 length, else the
/// character itself. Vietnamese letters (Latin-1, Latin Extended-A/B,
/// Latin Extended Additional) are mapped by their code-point pairing without
/// a Unicode table lookup.
#[cfg(test)]
fn lower_char(c: char) -> char {
    lower_char_checked(c).0
}

/// [`lower_char`], and whether it agrees with the standard lowercasing of a
/// string at that character: not where the lowercase has another length or
/// more characters, nor for "Σ" (final sigma depends on what follows).
fn lower_char_checked(c: char) -> (char, bool) {
    let u = c as u32;
    let paired = |u: u32| {
        if u % 2 == 0 {
            char::from_u32(u + 1).unwrap_or(c)
        } else {
            c
        }
    };
    let one = match u {
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20).unwrap_or(c),
        0xDF..=0xFF => c,
        0x100..=0x12F | 0x14A..=0x177 => paired(u),
        0x1A0 => '\u{1a1}',
        0x1AF => '\u{1b0}',
        0x1A1 | 0x1B0 => c,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF => paired(u),
        _ if c.is_alphabetic() => {
            let mut l = c.to_lowercase();
            return match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => (x, c != 'Σ'),
                (Some(x), None) => (c, x == c),
                _ => (c, false),
            };
        }
        _ => c,
    };
    (one, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_unicode() {
        for u in 0..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut l = c.to_lowercase();
            let want = match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            };
            assert_eq!(lower_char(c), want, "U+{u:04X}");
        }
    }

    /// The hand-decoding loop and its fast path for U+1E00..U+1EFF agree
    /// with lowercasing character by character.
    #[test]
    fn agrees_with_per_character_lowercasing() {
        let naive = |s: &str| -> String { s.chars().map(lower_char).collect() };
        for s in [
            "ẬP BẮC Ập Bắc ập bắc",
            "ĐOÀN VIÊN Đoàn Viên đoàn viên",
            "ƠN ƯỚC Ơn Ước",
            "Ẳ Ẵ Ặ Ẹ Ỉ Ọ Ụ Ỳ Ỵ Ỷ Ỹ ẞ",
            "Ĩ Ũ Ơ Ư Ă Â Ê Ô",
            "MỘT 10.141 ĐOÀN VIÊN, 65 CĐCS — “TRÊN 654 TRIỆU ĐỒNG” ₫ 😀 中文 ΑΒΓ",
            "",
        ] {
            let l = lowercase(s);
            assert_eq!(l, naive(s), "{s}");
            assert_eq!(l.len(), s.len(), "{s}");
        }
    }

    /// The byte-level shortcuts (lowercase vowels, punctuation) agree with
    /// the per-character definition for every character they can meet.
    #[test]
    fn every_character_alone_agrees_with_the_definition() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let t = format!("x{c}y");
            let (l, exact) = lowercase_checked(&t);
            let (lower, same) = lower_char_checked(c);
            assert_eq!(l, format!("x{lower}y"), "U+{u:04X}");
            assert_eq!(exact, same, "U+{u:04X}");
        }
    }

    /// Random mixes of ASCII, Vietnamese capitals and small letters, and
    /// letters of other scripts: the same as lowercasing character by
    /// character, with the same exactness as checking each character.
    #[test]
    fn random_texts_agree_with_per_character_lowercasing() {
        let pieces: Vec<String> = "aZ 09.,ĐđẬậƠơƯưĂăÂâÊêÔôĨĩŨũÀàÝýẞßİΣσΑαЖж中😀\nÉéỲỳẸẹ"
            .chars()
            .map(String::from)
            .collect();
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        for t in crate::text::random_texts(&pieces, 0x1234_5678, 2000, 40) {
            let want: String = t.chars().map(lower_char).collect();
            let want_exact = t.chars().all(|c| lower_char_checked(c).1);
            let (l, exact) = lowercase_checked(&t);
            assert_eq!(l, want, "{t:?}");
            assert_eq!(exact, want_exact, "{t:?}");
            assert_eq!(matches!(l, Cow::Borrowed(_)), want == t, "{t:?}");
        }
    }

    /// Where `lowercase_checked` says the fold is exact, every slice on
    /// character boundaries is the standard lowercase of that slice.
    #[test]
    fn exact_folds_agree_with_std_on_every_slice() {
        for s in [
            "Công Đoàn VIÊN CHỨC Thành Phố",
            "ĐẠI HỘI lần thứ XVI, ƠN ƯỚC",
            "Thứ Năm, 21/03/2024 | 14:20 GMT+7",
            "₫ 😀 中文 ΑΒΓ",
        ] {
            let (l, exact) = lowercase_checked(s);
            assert!(exact, "{s}");
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    assert_eq!(&l[a..b], s[a..b].to_lowercase(), "{s} [{a}..{b}]");
                }
            }
        }
        for s in [
            "İstanbul",
            "ẞ straße",
            "ΟΔΟΣ",
            "Ω ohm \u{2126}",
            "\u{212A}elvin",
        ] {
            assert!(!lowercase_checked(s).1, "{s}");
        }
    }

    #[test]
    fn keeps_offsets() {
        for s in [
            "Công Đoàn VIÊN CHỨC Thành Phố",
            "ĐẠI HỘI lần thứ XVI",
            "İstanbul ẞ straße",
            "",
        ] {
            let l = lowercase(s);
            assert_eq!(l.len(), s.len(), "{s}");
            for (i, _) in s.char_indices() {
                assert!(l.is_char_boundary(i));
            }
        }
        assert_eq!(lowercase("Công Đoàn ĐẠI"), "công đoàn đại");
        assert!(matches!(lowercase("đã xong 12"), Cow::Borrowed(_)));
    }
}
