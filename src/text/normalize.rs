//! The one normalised text every later stage (and every output offset) refers to.
//!
//! [`normalize`] applies, in this order: removal of zero-width characters
//! (U+200B..U+200D, U+2060, U+FEFF) and soft hyphens; CRLF/CR, NEL, LS, PS to `\n`;
//! tabs, NBSP and the other Unicode spaces to `' '`; NFC; Ð/ð (U+00D0/U+00F0) to
//! Đ/đ in Vietnamese words; tone placement per [`NormalizeOptions::tones`]; finally
//! runs of spaces become one space, trailing spaces on a line are trimmed and three
//! or more line breaks become two.
//!
//! Clean text (the common case) is recognised by a byte scan that only does
//! per-character work on non-ASCII characters that could need it, and is returned
//! as `Cow::Borrowed`. The function is idempotent.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tone::{self, TonePlacement};

/// Options for [`normalize`].
#[derive(Clone, Debug, Default)]
pub struct NormalizeOptions {
    /// Tone-mark convention to enforce (default: classic, as most of the press).
    pub tones: TonePlacement,
}

/// Normalises one article text (see the module docs). Returns `Cow::Borrowed` when nothing changes.
pub fn normalize<'a>(s: &'a str, opts: &NormalizeOptions) -> Cow<'a, str> {
    if is_clean(s, opts.tones) {
        return Cow::Borrowed(s);
    }
    let out = normalize_slow(s, opts.tones);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// What the character pass does with one character.
enum Map {
    Keep,
    Drop,
    Space,
    Newline,
}

#[inline]
fn map_char(c: char) -> Map {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Map::Drop,
        '\t'
        | '\u{0B}'
        | '\u{0C}'
        | '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Map::Space,
        '\u{85}' | '\u{2028}' | '\u{2029}' => Map::Newline,
        _ => Map::Keep,
    }
}

/// Byte range of the word (letters per `tone::letter_kind`, the segmentation `place_tones`
/// uses) around the character at `i..i + len`.
fn word_bounds(s: &str, i: usize, len: usize) -> (usize, usize) {
    let mut start = i;
    while let Some(c) = s[..start].chars().next_back() {
        if tone::letter_kind(c) == tone::NOT_LETTER {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = i + len;
    while let Some(c) = s[end..].chars().next() {
        if tone::letter_kind(c) == tone::NOT_LETTER {
            break;
        }
        end += c.len_utf8();
    }
    (start, end)
}

/// True for ASCII bytes that are not vowel letters (consonants, digits, spaces, punctuation).
#[inline]
fn ascii_non_vowel(b: u8) -> bool {
    b < 0x80 && !matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Tone check for the letter `cp` at `i..i + len` (a fast-path Latin letter): true when its
/// word needs no tone change. `checked_until` skips words already checked in full.
#[inline]
fn tone_ok(
    s: &str,
    i: usize,
    len: usize,
    cp: u32,
    style: TonePlacement,
    checked_until: &mut usize,
) -> bool {
    let b = s.as_bytes();
    // Most marks sit on a vowel between ASCII consonants or spaces: nothing to move.
    let prev_plain = i == 0 || ascii_non_vowel(b[i - 1]);
    let next_plain = end_or_ascii_non_vowel(b.get(i + len));
    if (prev_plain && next_plain) || i < *checked_until {
        return true;
    }
    let Some(c) = char::from_u32(cp) else {
        return true;
    };
    if tone::letter_kind(c) != tone::TONED_VOWEL || tone::tone_ok_locally(s, i, c, style) {
        return true;
    }
    let (start, end) = word_bounds(s, i, len);
    *checked_until = end;
    !tone::word_needs_fix(&s[start..end], style)
}

/// `None` (end of text) or an ASCII non-vowel byte.
#[inline]
fn end_or_ascii_non_vowel(b: Option<&u8>) -> bool {
    match b {
        None => true,
        Some(&b) => ascii_non_vowel(b),
    }
}

/// True when [`normalize`] would certainly return `s` unchanged. Conservative: a `false`
/// only sends the text to the full pass, which still returns `Borrowed` if nothing changes.
///
/// Per byte it only tests ASCII controls and spaces; per non-ASCII character it decodes and
/// range-checks; only a toned vowel next to another vowel costs a syllable check (a toned
/// vowel without vowel neighbours is a one-vowel nucleus, which is always right).
fn is_clean(s: &str, style: TonePlacement) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let check_tones = style != TonePlacement::Keep;
    let mut needs_nfc_check = false;
    let mut checked_until = 0usize;
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c < 0x80 {
            if c > b' ' {
                i += 1;
                continue;
            }
            match c {
                b' ' => {
                    if matches!(b.get(i + 1), None | Some(b' ' | b'\n' | b'\r' | b'\t')) {
                        return false;
                    }
                }
                b'\n' if b.get(i + 1) == Some(&b'\n') && b.get(i + 2) == Some(&b'\n') => {
                    return false;
                }
                b'\t' | b'\r' | 0x0B | 0x0C => return false,
                _ => {}
            }
            i += 1;
            continue;
        }
        // Non-ASCII. Fast paths for the lead bytes of Vietnamese text first.
        match c {
            0xC3 => {
                // U+00C0..U+00FF: Ð / ð need context, the rest are letters (many toned vowels).
                let c2 = b[i + 1];
                if c2 == 0x90 || c2 == 0xB0 {
                    return false;
                }
                let cp = (u32::from(c & 0x1F) << 6) | u32::from(c2 & 0x3F);
                if check_tones && !tone_ok(s, i, 2, cp, style, &mut checked_until) {
                    return false;
                }
                i += 2;
                continue;
            }
            0xC4 | 0xC5 => {
                // ĩ Ĩ ũ Ũ are the toned vowels here.
                let cp = (u32::from(c & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F);
                if check_tones
                    && (b[i + 1] == 0xA8 || b[i + 1] == 0xA9)
                    && !tone_ok(s, i, 2, cp, style, &mut checked_until)
                {
                    return false;
                }
                i += 2;
                continue;
            }
            0xC6..=0xCB => {
                // U+0180..U+02FF (ơ ư, Latin Extended-B, IPA, modifiers): nothing to do.
                i += 2;
                continue;
            }
            0xE1 if b[i + 1] == 0xBA || b[i + 1] == 0xBB => {
                // U+1E80..U+1EFF: toned vowels from U+1EA0.
                let cp = 0x1000 | (u32::from(b[i + 1] & 0x3F) << 6) | u32::from(b[i + 2] & 0x3F);
                if check_tones && !tone_ok(s, i, 3, cp, style, &mut checked_until) {
                    return false;
                }
                i += 3;
                continue;
            }
            _ => {}
        }
        // Decode one character (s is valid UTF-8, so the continuation bytes exist).
        let (cp, len) = if c < 0xE0 {
            ((u32::from(c & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F), 2)
        } else if c < 0xF0 {
            let cp = (u32::from(c & 0x0F) << 12)
                | (u32::from(b[i + 1] & 0x3F) << 6)
                | u32::from(b[i + 2] & 0x3F);
            (cp, 3)
        } else {
            (0x10000, 4) // astral: never a Vietnamese letter; only the NFC question
        };
        match cp {
            0x85 | 0xA0 | 0xAD | 0x300..=0x36F => return false,
            0x1680 | 0x2000..=0x200D | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x2060 | 0x3000 => {
                return false
            }
            0xFEFF => return false,
            0x80..=0x2FF | 0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20CF => {}
            _ => needs_nfc_check = true,
        }
        i += len;
    }
    !needs_nfc_check || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Ð/ð -> Đ/đ where it starts a Vietnamese syllable (followed by a vowel) or, for Ð,
/// inside an all-capitals abbreviation (CÐ, LÐLÐ, ÐH).
fn fix_eth(s: String) -> String {
    if !s.contains(['Ð', 'ð']) {
        return s;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        if c != 'Ð' && c != 'ð' {
            out.push(c);
            continue;
        }
        let next_vowel = chars.get(k + 1).is_some_and(|&n| tone::is_vowel(n));
        let abbreviation = c == 'Ð' && {
            let is_cap = |x: char| x.is_ascii_uppercase() || x == 'Ð' || x == 'Đ';
            let mut lo = k;
            while lo > 0 && chars[lo - 1].is_alphabetic() {
                lo -= 1;
            }
            let mut hi = k + 1;
            while hi < chars.len() && chars[hi].is_alphabetic() {
                hi += 1;
            }
            hi - lo >= 2 && chars[lo..hi].iter().all(|&x| is_cap(x))
        };
        out.push(match (c, next_vowel || abbreviation) {
            ('Ð', true) => 'Đ',
            ('ð', true) => 'đ',
            _ => c,
        });
    }
    out
}

fn normalize_slow(s: &str, style: TonePlacement) -> String {
    // 1. Character pass: drop invisible characters, unify line breaks and spaces.
    let mut mapped = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            mapped.push('\n');
            continue;
        }
        match map_char(c) {
            Map::Keep => mapped.push(c),
            Map::Drop => {}
            Map::Space => mapped.push(' '),
            Map::Newline => mapped.push('\n'),
        }
    }
    // 2. NFC.
    let composed = if is_nfc_quick(mapped.chars()) == IsNormalized::Yes {
        mapped
    } else {
        mapped.nfc().collect()
    };
    // 3. Ð -> Đ.
    let text = fix_eth(composed);
    // 4. Tone placement.
    let text = match tone::place_tones(&text, style) {
        Cow::Borrowed(_) => text,
        Cow::Owned(t) => t,
    };
    // 5. Whitespace: one space per run, no trailing spaces, at most one empty line.
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut newlines = 0usize;
    for c in text.chars() {
        match c {
            ' ' => space = true,
            '\n' => {
                space = false;
                newlines += 1;
            }
            _ => {
                for _ in 0..newlines.min(2) {
                    out.push('\n');
                }
                if space {
                    out.push(' ');
                }
                newlines = 0;
                space = false;
                out.push(c);
            }
        }
    }
    for _ in 0..newlines.min(2) {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, &NormalizeOptions::default()).into_owned()
    }

    fn seeds() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    #[test]
    fn nfd_to_nfc() {
        let nfc = "Công đoàn Viên chức thành phố Hà Nội được";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfd, nfc);
        assert_eq!(norm(&nfd), nfc);
    }

    #[test]
    fn eth_to_d_stroke() {
        assert_eq!(
            norm("Ðoàn, ðoàn, ÐẠI HỘI, CÐ Viên chức, LÐLÐ tỉnh, ÐH"),
            "Đoàn, đoàn, ĐẠI HỘI, CĐ Viên chức, LĐLĐ tỉnh, ĐH"
        );
        assert_eq!(norm("Icelandic: með, Ð alone"), "Icelandic: með, Ð alone");
    }

    #[test]
    fn spaces_and_invisibles() {
        assert_eq!(
            norm("10\u{A0}141 đoàn\u{202F}viên\u{2009}mới"),
            "10 141 đoàn viên mới"
        );
        assert_eq!(
            norm("Công\u{200B} đoàn\u{FEFF}\u{2060}\u{200D}"),
            "Công đoàn"
        );
        assert_eq!(norm("hoàn\u{AD}thành"), "hoànthành");
        assert_eq!(norm("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        assert_eq!(norm("a  \t b   \nc \n\n\n\n d\t\n"), "a b\nc\n\n d\n");
        assert_eq!(norm("x \n \n \n y"), "x\n\n y");
        assert_eq!(norm("end   "), "end");
    }

    #[test]
    fn tone_options() {
        let s = "sức lan toả, hòan thành, thuỷ lợi";
        assert_eq!(norm(s), "sức lan tỏa, hoàn thành, thủy lợi");
        let modern = NormalizeOptions {
            tones: TonePlacement::Modern,
        };
        assert_eq!(normalize(s, &modern), "sức lan toả, hoàn thành, thuỷ lợi");
        let keep = NormalizeOptions {
            tones: TonePlacement::Keep,
        };
        assert!(matches!(normalize(s, &keep), Cow::Borrowed(_)));
    }

    #[test]
    fn borrowed_on_clean_text() {
        let clean = "Công đoàn Viên chức thành phố Hà Nội: Xứng danh lá cờ đầu\n\nNăm 2014 có 10.141 đoàn viên – “tăng” 5%…";
        assert!(matches!(
            normalize(clean, &NormalizeOptions::default()),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize("", &NormalizeOptions::default()),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize("plain ascii", &NormalizeOptions::default()),
            Cow::Borrowed(_)
        ));
        // Clean text the fast scan cannot vouch for (Greek, emoji) is still borrowed.
        let other = "Ω ≠ 😀 — Привет";
        assert!(matches!(
            normalize(other, &NormalizeOptions::default()),
            Cow::Borrowed(_)
        ));
        let seeds = seeds();
        assert_eq!(seeds.len(), 5);
        for seed in seeds {
            let once = norm(&seed);
            assert!(matches!(
                normalize(&once, &NormalizeOptions::default()),
                Cow::Borrowed(_)
            ));
        }
    }

    #[test]
    fn fast_scan_agrees_with_full_pass() {
        // Whenever the fast scan says clean, the full pass must agree.
        let pieces = [
            "a", " ", "  ", "\n", "\n\n\n", "\t", "\r\n", "hoà", "hòa", "hoàn", "hòan", "toả", "Ð",
            "ð", "oàn", "\u{A0}", "\u{200B}", "\u{AD}", "\u{301}", "e\u{302}", "Ω", "Ω", "😀",
            "người", "ngừơi", "Ủy", "x", "CÐ", "quý", "qúy", "gìa", ",", "“", "\u{2028}",
            "\u{FEFF}",
        ];
        let mut x: u32 = 0x9E37_79B9;
        for _ in 0..4000 {
            let mut s = String::new();
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                s.push_str(pieces[(x as usize) % pieces.len()]);
            }
            for style in [
                TonePlacement::Classic,
                TonePlacement::Modern,
                TonePlacement::Keep,
            ] {
                let full = normalize_slow(&s, style);
                if is_clean(&s, style) {
                    assert_eq!(full, s, "fast scan missed a change in {s:?}");
                }
                let opts = NormalizeOptions { tones: style };
                let once = normalize(&s, &opts).into_owned();
                assert_eq!(once, full);
                let twice = normalize(&once, &opts);
                assert!(
                    matches!(twice, Cow::Borrowed(_)),
                    "not idempotent: {s:?} -> {once:?} -> {twice:?}"
                );
            }
        }
    }

    #[test]
    fn idempotent_on_seeds_and_variants() {
        for seed in seeds() {
            let nfd: String = seed.nfd().collect();
            let messy = seed.replace(' ', " \u{A0}").replace('\n', " \r\n");
            for input in [seed.as_str(), nfd.as_str(), messy.as_str()] {
                let once = norm(input);
                assert_eq!(norm(&once), once);
                assert_eq!(once, norm(&seed));
            }
        }
    }
}
