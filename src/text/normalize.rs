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
    // Most text has nothing to change but, in some outlets, the tone marks
    // ("hoà" for "hòa"): where the block scan vouches for everything else,
    // tone placement is the whole of the work, done in one pass that copies
    // only when a word changes.
    if bytes_clean(s.as_bytes()) {
        return match opts.tones {
            TonePlacement::Keep => Cow::Borrowed(s),
            style => tone::place_tones(s, style),
        };
    }
    if precise_is_clean(s, opts.tones) {
        return Cow::Borrowed(s);
    }
    let out = normalize_slow(s, opts.tones);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
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
    let prev_plain =
        i == 0 || ascii_non_vowel(b[i - 1]) || (i >= 2 && b[i - 2] == 0xC4 && b[i - 1] | 1 == 0x91); // đ / Đ
    let next_plain = end_or_ascii_non_vowel(b.get(i + len));
    (prev_plain && next_plain) || tone_ok_near_vowel(s, i, len, cp, style, checked_until)
}

/// [`tone_ok`] without the cheap neighbour test.
#[inline]
fn tone_ok_near_vowel(
    s: &str,
    i: usize,
    len: usize,
    cp: u32,
    style: TonePlacement,
    checked_until: &mut usize,
) -> bool {
    if i < *checked_until {
        return true;
    }
    let Some(c) = char::from_u32(cp) else {
        return true;
    };
    if !tone::is_toned(c) || tone::tone_ok_locally(s, i, c, style) {
        return true;
    }
    let (start, end) = tone::word_bounds(s, i, len);
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

/// One byte `x` of the text with the two bytes after it (0 past the end): true when it needs a
/// closer look. Everything but the tone question: ASCII whitespace that would change (space
/// before whitespace or at the end, tab, CR, VT, FF, three line breaks), characters that are
/// mapped or removed (NEL, NBSP, soft hyphen, Ð, ð, the Unicode spaces, zero-width
/// characters), combining marks, and any character outside the ranges known to be NFC-stable
/// (ASCII, U+0080..U+02FF, U+1E00..U+1EFF, most of U+2000..U+20BF).
/// Branch-free so the block loop vectorises.
#[inline(always)]
fn byte_needs_look(x: u8, y: u8, z: u8) -> bool {
    let space_before_ws = (x == b' ') & (y <= b' ');
    let control = (x.wrapping_sub(0x09) < 5) & (x != b'\n');
    let three_newlines = (x == b'\n') & (y == b'\n') & (z == b'\n');
    let c2 = (x == 0xC2) & ((y == 0x85) | (y == 0xA0) | (y == 0xAD));
    let eth = (x == 0xC3) & ((y == 0x90) | (y == 0xB0));
    let combining_or_other = x.wrapping_sub(0xCC) < 0x14; // CC..=DF
    let e1 = (x == 0xE1) & (y.wrapping_sub(0xB8) >= 4); // U+1E00..U+1EFF are fine
    let e2_ok = ((y == 0x80)
        & ((z.wrapping_sub(0x8E) < 0x1A) | (z.wrapping_sub(0xAA) < 5) | (z >= 0xB0)))
        | ((y == 0x81) & (z < 0x9F))
        | ((y == 0x82) & (z >= 0xA0));
    let e2 = (x == 0xE2) & !e2_ok;
    let other = (x == 0xE0) | (x >= 0xE3);
    space_before_ws | control | three_newlines | c2 | eth | combining_or_other | e1 | e2 | other
}

/// Block scan for everything but tones; `false` means "look closer", not "dirty".
fn bytes_clean(b: &[u8]) -> bool {
    let n = b.len();
    let main = n.saturating_sub(2);
    let mut k = 0;
    while k < main {
        let end = (k + 512).min(main);
        let mut look = false;
        for ((&x, &y), &z) in b[k..end]
            .iter()
            .zip(&b[k + 1..end + 1])
            .zip(&b[k + 2..end + 2])
        {
            look |= byte_needs_look(x, y, z);
        }
        if look {
            return false;
        }
        k = end;
    }
    (main..n).all(|k| {
        let y = b.get(k + 1).copied().unwrap_or(0);
        let z = b.get(k + 2).copied().unwrap_or(0);
        !byte_needs_look(b[k], y, z)
    })
}

/// Tone pass for text that passed [`bytes_clean`]: every toned vowel that may be next to
/// another vowel is checked (a toned vowel between non-vowels is a one-vowel nucleus, always
/// right).
#[cfg(test)]
fn tones_clean(s: &str, style: TonePlacement) -> bool {
    // `place_tones` only allocates once it has found a word to change.
    matches!(tone::place_tones(s, style), Cow::Borrowed(_))
}

/// True when [`normalize`] would certainly return `s` unchanged. Conservative: a `false`
/// only sends the text to the full pass, which still returns `Borrowed` if nothing changes.
/// ([`normalize`] runs the same two scans, the tone pass as its own work.)
#[cfg(test)]
fn is_clean(s: &str, style: TonePlacement) -> bool {
    if !bytes_clean(s.as_bytes()) {
        return precise_is_clean(s, style);
    }
    style == TonePlacement::Keep || tones_clean(s, style)
}

/// Byte-at-a-time version of [`is_clean`] for texts the block scan cannot vouch for (rare
/// characters, or something to change). Per byte it only tests ASCII controls and spaces;
/// per non-ASCII character it decodes and range-checks; only a toned vowel next to another
/// vowel costs a syllable check (a toned vowel without vowel neighbours is a one-vowel
/// nucleus, which is always right).
fn precise_is_clean(s: &str, style: TonePlacement) -> bool {
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

/// Ð/ð -> Đ/đ where it starts a Vietnamese syllable (followed by a vowel), in
/// "ð/c", or, for Ð,
/// inside an all-capitals abbreviation (CÐ, LÐLÐ, ÐH).
fn fix_eth(s: String) -> String {
    // Ð and ð are C3 90 and C3 B0 in UTF-8: a byte search, not a char walk.
    let b = s.as_bytes();
    if memchr::memmem::find(b, "Ð".as_bytes()).is_none()
        && memchr::memmem::find(b, "ð".as_bytes()).is_none()
    {
        return s;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        if c != 'Ð' && c != 'ð' {
            out.push(c);
            continue;
        }
        // "ð/c" (đồng chí) is the one Vietnamese abbreviation of đ before a slash.
        let next_vowel = chars.get(k + 1).is_some_and(|&n| tone::is_vowel(n))
            || (chars.get(k + 1) == Some(&'/')
                && chars.get(k + 2).is_some_and(|&n| n == 'c' || n == 'C'));
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

/// Pass 1: drop invisible characters, unify line breaks and spaces. Copies unchanged runs.
fn map_chars(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let n = b.len();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let mut out = String::new();
    let mut copied = 0usize;
    let mut i = 0;
    while i < n {
        // Only these bytes can start something to map.
        if !matches!(
            b[i],
            b'\t' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF
        ) {
            i += 1;
            continue;
        }
        let (len, rep): (usize, Option<&str>) = match b[i] {
            b'\r' if at(i + 1) == b'\n' => (2, Some("\n")),
            b'\r' => (1, Some("\n")),
            b'\t' | 0x0B | 0x0C => (1, Some(" ")),
            0xC2 => match at(i + 1) {
                0x85 => (2, Some("\n")),
                0xA0 => (2, Some(" ")),
                0xAD => (2, Some("")),
                _ => (2, None),
            },
            0xE1 if at(i + 1) == 0x9A && at(i + 2) == 0x80 => (3, Some(" ")),
            0xE2 => match (at(i + 1), at(i + 2)) {
                (0x80, 0x80..=0x8A | 0xAF) | (0x81, 0x9F) => (3, Some(" ")),
                (0x80, 0x8B..=0x8D) | (0x81, 0xA0) => (3, Some("")),
                (0x80, 0xA8 | 0xA9) => (3, Some("\n")),
                _ => (3, None),
            },
            0xE3 if at(i + 1) == 0x80 && at(i + 2) == 0x80 => (3, Some(" ")),
            0xEF if at(i + 1) == 0xBB && at(i + 2) == 0xBF => (3, Some("")),
            _ => (1, None),
        };
        if let Some(rep) = rep {
            if out.capacity() == 0 {
                out.reserve(n);
            }
            out.push_str(&s[copied..i]);
            out.push_str(rep);
            copied = i + len;
        }
        i += len;
    }
    if copied == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// True when every character is in a range known to be NFC-stable on its own (after
/// [`map_chars`], which removed U+2000/U+2001); otherwise asks unicode-normalization.
fn is_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let unsure = |x: u8, y: u8, z: u8| {
        (x.wrapping_sub(0xCC) < 0x14) // combining marks, Greek and beyond (U+0300..U+07FF)
            | (x == 0xE0)
            | (x >= 0xE3)
            | ((x == 0xE1) & (y.wrapping_sub(0xB8) >= 4))
            | ((x == 0xE2) & ((y > 0x82) | ((y == 0x80) & (z < 0x82))))
    };
    let n = b.len();
    let main = n.saturating_sub(2);
    let mut any = false;
    if n >= 2 {
        for ((&x, &y), &z) in b[..main].iter().zip(&b[1..]).zip(&b[2..]) {
            any |= unsure(x, y, z);
        }
    }
    for k in main..n {
        let y = b.get(k + 1).copied().unwrap_or(0);
        any |= unsure(b[k], y, 0);
    }
    !any || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Pass 5: one space per run of spaces, no trailing spaces, at most one empty line.
fn collapse_whitespace(text: String) -> String {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = String::new();
    let mut copied = 0usize;
    let mut i = 0;
    while i < n {
        let x = b[i];
        if x != b' ' && x != b'\n' {
            i += 1;
            continue;
        }
        // A lone space or line break between two other characters is already canonical.
        if i + 1 < n && b[i + 1] != b' ' && b[i + 1] != b'\n' && i > 0 && x == b' ' {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut newlines = 0usize;
        while j < n && (b[j] == b' ' || b[j] == b'\n') {
            newlines += usize::from(b[j] == b'\n');
            j += 1;
        }
        let space_after = j < n && b[j - 1] == b' ';
        let rep = match (newlines.min(2), space_after) {
            (0, true) => " ",
            (0, false) => "",
            (1, false) => "\n",
            (1, true) => "\n ",
            (_, false) => "\n\n",
            (_, true) => "\n\n ",
        };
        if &text[i..j] != rep {
            if out.capacity() == 0 {
                out.reserve(n);
            }
            out.push_str(&text[copied..i]);
            out.push_str(rep);
            copied = j;
        }
        i = j;
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

fn normalize_slow(s: &str, style: TonePlacement) -> String {
    // 1. Drop invisible characters, unify line breaks and spaces.
    let mapped = map_chars(s);
    // 2. NFC.
    let composed = if is_nfc(&mapped) {
        mapped.into_owned()
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
    // 5. Whitespace.
    collapse_whitespace(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::random_texts;

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

    /// The straightforward char-by-char pipeline the optimised passes must match.
    fn normalize_reference(s: &str, style: TonePlacement) -> String {
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
        let text = match crate::text::tone::place_tones(&text, style) {
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

    #[test]
    fn passes_match_char_by_char_reference() {
        let pieces = [
            "a", " ", "  ", "\n", "\n\n\n", "\t", "\r\n", "\r", "hoà", "hòan", "Ð", "ð", "oàn",
            "\u{A0}", "\u{200B}", "\u{AD}", "\u{301}", "e\u{302}", "Ω", "😀", "người", "\u{2028}",
            "\u{2029}", "\u{85}", "\u{FEFF}", "\u{2000}", "\u{2001}", "\u{202F}", "\u{205F}",
            "\u{2060}", "\u{3000}", "\u{1680}", "\u{0B}", "\u{0C}", "“", "–", "x",
        ];
        for s in random_texts(&pieces, 0x0BAD_F00D, 20_000, 10) {
            for style in [TonePlacement::Classic, TonePlacement::Keep] {
                assert_eq!(
                    normalize_slow(&s, style),
                    normalize_reference(&s, style),
                    "{s:?}"
                );
            }
        }
    }

    fn norm(s: &str) -> String {
        normalize(s, &NormalizeOptions::default()).into_owned()
    }

    fn seeds() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
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
        for s in random_texts(&pieces, 0x9E37_79B9, 4000, 9) {
            for style in [
                TonePlacement::Classic,
                TonePlacement::Modern,
                TonePlacement::Keep,
            ] {
                let full = normalize_slow(&s, style);
                if precise_is_clean(&s, style) {
                    assert_eq!(full, s, "precise scan missed a change in {s:?}");
                }
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
    fn random_text_never_panics_and_is_idempotent() {
        let alphabet: Vec<char> =
            "aăâeêioôơuưyđĐÐð hoàqugiýỷ\n\r\t\u{A0}\u{AD}\u{200B}\u{301}\u{323}\u{2028}Ω😀“.,"
                .chars()
                .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(x % 24) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            for style in [
                TonePlacement::Classic,
                TonePlacement::Modern,
                TonePlacement::Keep,
            ] {
                let opts = NormalizeOptions { tones: style };
                let once = normalize(&s, &opts).into_owned();
                assert!(
                    matches!(normalize(&once, &opts), Cow::Borrowed(_)),
                    "not idempotent: {s:?} -> {once:?}"
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
