//! Legacy 8-bit Vietnamese encodings and mojibake repair.
//!
//! Older dumps hold articles in Windows-1258, TCVN3 (ABC, TCVN 5712:1993 VN3) or
//! VNI-Windows, and some were already "converted" to UTF-8 the wrong way, giving
//! mojibake such as `C«ng ®oµn` (TCVN3 read as Windows-1252) or `Coâng ñoaøn`
//! (VNI read as Windows-1252). [`decode`] turns the bytes of one article into
//! Unicode text, choosing the encoding whose decoding yields the most valid
//! Vietnamese syllables; [`repair_mojibake`] fixes already-decoded text.
//!
//! TCVN3 table: bytes 0xA0–0xFF follow TCVN 5712:1993 (VN3 lowercase letters and
//! Ă Â Ê Ô Ơ Ư Đ, plus the VN1 capitals at positions VN3 leaves free). VN3 has no
//! room for most toned capitals (the ABC fonts drew them from a separate capitals
//! font with the lowercase codes), so bytes 0x80–0x9F are read as Windows-1252
//! punctuation (“ ” – …, which real files contain) and [`encode_tcvn3`] writes a
//! toned capital that VN3 cannot hold (À, Ủ, Ộ …) with its lowercase code.
//!
//! VNI-Windows: an ASCII base letter followed by a mark byte (lowercase marks in
//! 0xE0–0xFF, capitals in 0xC0–0xDF): `oâ` = ô, `aø` = à, `aá` = ấ, `aé` = ắ;
//! ơ/ư are single bytes (`ô`/`ö`), đ is `ñ`, and the toned i's and ỵ are single bytes.

use std::iter::Peekable;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tone::{compose, is_syllable, vowel_info};

/// One article decoded to Unicode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text (NFC for the legacy encodings; UTF-8 input is passed through as is).
    pub text: String,
    /// `utf-8`, `tcvn3-mojibake`, `vni-mojibake`, `windows-1258`, `tcvn3`, `vni` or `utf-8-lossy`.
    pub encoding: &'static str,
    /// Number of U+FFFD inserted (only for `utf-8-lossy`).
    pub replaced: usize,
}

/// Windows-1252 0x80–0x9F (undefined positions map to the C1 control of the same value).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// TCVN 5712:1993, bytes 0xA0–0xFF.
const TCVN3_HIGH: [char; 96] = [
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // A0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // B0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F0
];

/// TCVN 5712:1993 VN1 capitals in C0 control positions.
const TCVN3_C0: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

const fn build_tcvn3() -> [char; 256] {
    let mut t = ['\0'; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = b as u8 as char;
        b += 1;
    }
    let mut k = 0;
    while k < TCVN3_C0.len() {
        t[TCVN3_C0[k].0 as usize] = TCVN3_C0[k].1;
        k += 1;
    }
    let mut k = 0;
    while k < 32 {
        t[0x80 + k] = CP1252_HIGH[k];
        k += 1;
    }
    let mut k = 0;
    while k < 96 {
        t[0xA0 + k] = TCVN3_HIGH[k];
        k += 1;
    }
    t
}

static TCVN3: [char; 256] = build_tcvn3();

/// Windows-1252 / Latin-1 reading of one byte.
#[inline]
fn cp1252_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        CP1252_HIGH[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// The byte a Windows-1252 (or Latin-1) decoder turned into `c`, if any.
#[inline]
fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x100 {
        return u8::try_from(cp).ok();
    }
    CP1252_HIGH
        .iter()
        .position(|&x| x == c)
        .and_then(|k| u8::try_from(0x80 + k).ok())
}

/// A byte of the legacy encoding, or a character that was never a legacy byte.
#[derive(Clone, Copy)]
enum Unit {
    Byte(u8),
    Char(char),
}

fn byte_units(bytes: &[u8]) -> impl Iterator<Item = Unit> + '_ {
    bytes.iter().map(|&b| Unit::Byte(b))
}

/// Text that went through a Windows-1252 (or Latin-1) decoder, back to its bytes.
fn mojibake_units(s: &str) -> impl Iterator<Item = Unit> + '_ {
    s.chars().map(|c| match cp1252_byte(c) {
        Some(b) => Unit::Byte(b),
        None => Unit::Char(c),
    })
}

fn tcvn3_decode_units(units: impl Iterator<Item = Unit>, mut out: impl FnMut(char)) {
    for u in units {
        match u {
            Unit::Byte(b) => out(TCVN3[usize::from(b)]),
            Unit::Char(c) => out(c),
        }
    }
}

// VNI vowel bases (vowel indexes of `tone`).
const V_A: u8 = 0;
const V_AW: u8 = 1;
const V_AA: u8 = 2;
const V_E: u8 = 3;
const V_EE: u8 = 4;
const V_I: u8 = 5;
const V_O: u8 = 6;
const V_OO: u8 = 7;
const V_OW: u8 = 8;
const V_U: u8 = 9;
const V_UW: u8 = 10;
const V_Y: u8 = 11;

/// VNI base letter: (vowel index, uppercase).
fn vni_base(b: u8) -> Option<(u8, bool)> {
    Some(match b {
        b'a' => (V_A, false),
        b'A' => (V_A, true),
        b'e' => (V_E, false),
        b'E' => (V_E, true),
        b'o' => (V_O, false),
        b'O' => (V_O, true),
        b'u' => (V_U, false),
        b'U' => (V_U, true),
        b'y' => (V_Y, false),
        b'Y' => (V_Y, true),
        0xF4 => (V_OW, false),
        0xD4 => (V_OW, true),
        0xF6 => (V_UW, false),
        0xD6 => (V_UW, true),
        _ => return None,
    })
}

/// Tone index from a VNI tone byte (lowercase form).
fn vni_tone(b: u8) -> Option<u8> {
    match b {
        0xF8 => Some(1),
        0xF9 => Some(2),
        0xFB => Some(3),
        0xF5 => Some(4),
        0xEF => Some(5),
        _ => None,
    }
}

/// Applies a VNI mark byte to a base vowel: the resulting (vowel, tone).
fn vni_mark(base: u8, mark: u8) -> Option<(u8, u8)> {
    let m = match mark {
        0xE0..=0xFF => mark,
        0xC0..=0xDF => mark + 0x20,
        _ => return None,
    };
    let circumflex = match m {
        0xE2 => Some(0),
        0xE0 => Some(1),
        0xE1 => Some(2),
        0xE5 => Some(3),
        0xE3 => Some(4),
        0xE4 => Some(5),
        _ => None,
    };
    let breve = match m {
        0xEA => Some(0),
        0xE8 => Some(1),
        0xE9 => Some(2),
        0xFA => Some(3),
        0xFC => Some(4),
        0xEB => Some(5),
        _ => None,
    };
    match (base, circumflex, breve, vni_tone(m)) {
        (V_A, Some(t), _, _) => Some((V_AA, t)),
        (V_A, _, Some(t), _) => Some((V_AW, t)),
        (V_E, Some(t), _, _) => Some((V_EE, t)),
        (V_O, Some(t), _, _) => Some((V_OO, t)),
        (V_A | V_E | V_O | V_OW | V_U | V_UW | V_Y, _, _, Some(t)) => Some((base, t)),
        _ => None,
    }
}

/// VNI single-byte letters (đ, toned i, ỵ).
fn vni_single(b: u8) -> Option<char> {
    Some(match b {
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xEC => 'ì',
        0xED => 'í',
        0xE6 => 'ỉ',
        0xF3 => 'ĩ',
        0xF2 => 'ị',
        0xEE => 'ỵ',
        0xCC => 'Ì',
        0xCD => 'Í',
        0xC6 => 'Ỉ',
        0xD3 => 'Ĩ',
        0xD2 => 'Ị',
        0xCE => 'Ỵ',
        _ => return None,
    })
}

fn vni_decode_units(units: impl Iterator<Item = Unit>, mut out: impl FnMut(char)) {
    let mut it: Peekable<_> = units.peekable();
    while let Some(u) = it.next() {
        let b = match u {
            Unit::Char(c) => {
                out(c);
                continue;
            }
            Unit::Byte(b) => b,
        };
        if let Some((base, upper)) = vni_base(b) {
            let marked = match it.peek() {
                Some(&Unit::Byte(m)) => vni_mark(base, m),
                _ => None,
            };
            match marked {
                Some((v, t)) => {
                    it.next();
                    out(compose(v, t, upper));
                }
                None => out(compose(base, 0, upper)),
            }
        } else if let Some(c) = vni_single(b) {
            out(c);
        } else {
            out(cp1252_char(b));
        }
    }
}

/// How Vietnamese a text looks: tokens with non-ASCII letters that are / are not valid syllables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Score {
    good: usize,
    bad: usize,
}

impl Score {
    fn net(self) -> i64 {
        i64::try_from(self.good).unwrap_or(i64::MAX) - i64::try_from(self.bad).unwrap_or(i64::MAX)
    }
}

const TOKEN_BUF: usize = 8;

#[derive(Default)]
struct Scorer {
    buf: [char; TOKEN_BUF],
    len: usize,
    non_ascii: bool,
    score: Score,
}

impl Scorer {
    #[inline]
    fn is_token_char(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            !(c.is_whitespace() || ('\u{2000}'..='\u{206F}').contains(&c))
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        if Self::is_token_char(c) {
            if self.len < TOKEN_BUF {
                self.buf[self.len] = c;
            }
            self.len += 1;
            self.non_ascii |= !c.is_ascii();
        } else {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.len > 0 && self.non_ascii {
            if self.len <= TOKEN_BUF && is_syllable(&self.buf[..self.len]) {
                self.score.good += 1;
            } else {
                self.score.bad += 1;
            }
        }
        self.len = 0;
        self.non_ascii = false;
    }

    fn finish(mut self) -> Score {
        self.flush();
        self.score
    }
}

fn score_str(s: &str) -> Score {
    let mut sc = Scorer::default();
    s.chars().for_each(|c| sc.push(c));
    sc.finish()
}

fn nfc_string(s: String) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// Decodes TCVN3 bytes (NFC output).
fn decode_tcvn3(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + bytes.len() / 2);
    tcvn3_decode_units(byte_units(bytes), |c| s.push(c));
    nfc_string(s)
}

/// Decodes VNI-Windows bytes (NFC output).
fn decode_vni(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + bytes.len() / 2);
    vni_decode_units(byte_units(bytes), |c| s.push(c));
    nfc_string(s)
}

/// Decodes Windows-1258 bytes (NFC output: 1258 writes tones as combining marks).
fn decode_1258(bytes: &[u8]) -> String {
    let (text, _had_errors) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    nfc_string(text.into_owned())
}

/// UTF-16 text with its byte order mark (Notepad's "Unicode"), decoded;
/// `None` for anything else. Such text is full of NUL bytes, so it must be
/// recognised before the check for binary data.
pub fn decode_utf16(bytes: &[u8]) -> Option<Decoded> {
    let (encoding, name, lossy_name) = if bytes.starts_with(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE, "utf-16le", "utf-16le-lossy")
    } else if bytes.starts_with(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE, "utf-16be", "utf-16be-lossy")
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
    // Count only what decoding replaced: a U+FFFD written in the text itself is not damage.
    let replaced = if had_errors {
        let written = utf16_units(&bytes[2..], name == "utf-16le")
            .filter(|&u| u == 0xFFFD)
            .count();
        text.matches('\u{fffd}').count().saturating_sub(written)
    } else {
        0
    };
    Some(Decoded {
        text: text.into_owned(),
        encoding: if replaced > 0 { lossy_name } else { name },
        replaced,
    })
}

/// The 16-bit units of UTF-16 bytes (an odd last byte is dropped).
fn utf16_units(bytes: &[u8], little_endian: bool) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(move |p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    })
}

/// Bytes of one article -> Unicode text (see the module docs).
///
/// Strips a UTF-8 BOM. Valid UTF-8 is returned as `utf-8` unless it is TCVN3 or VNI mojibake,
/// which is repaired (`tcvn3-mojibake` / `vni-mojibake`). Invalid UTF-8 is decoded as
/// `windows-1258`, `tcvn3` or `vni`, whichever yields the most valid Vietnamese syllables;
/// when none is convincing it is decoded lossily as `utf-8-lossy`.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(d) = decode_utf16(bytes) {
        return d;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return match repair_mojibake(s) {
            Some((text, encoding)) => Decoded {
                text,
                encoding,
                replaced: 0,
            },
            None => Decoded {
                text: s.to_owned(),
                encoding: "utf-8",
                replaced: 0,
            },
        };
    }
    let lossy = String::from_utf8_lossy(bytes).into_owned();
    let replaced = bytes
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .count();
    let lossy_score = score_str(&lossy);
    let mut best: Option<(Score, String, &'static str)> = None;
    for (name, text) in [
        ("windows-1258", decode_1258(bytes)),
        ("tcvn3", decode_tcvn3(bytes)),
        ("vni", decode_vni(bytes)),
    ] {
        let sc = score_str(&text);
        let better = match &best {
            Some((b, _, _)) => sc.net() > b.net(),
            None => true,
        };
        if better {
            best = Some((sc, text, name));
        }
    }
    match best {
        Some((sc, text, encoding))
            if sc.good >= 1 && sc.good > 2 * sc.bad && sc.net() > lossy_score.net() =>
        {
            Decoded {
                text,
                encoding,
                replaced: 0,
            }
        }
        _ => Decoded {
            text: lossy,
            encoding: "utf-8-lossy",
            replaced,
        },
    }
}

/// Latin-1 supplement characters that Vietnamese text does not use (mojibake
/// candidates): the definition [`suspicious_pair`] is checked against.
#[cfg(test)]
const fn suspicious_latin1(cp: u32) -> bool {
    match cp {
        0x80..=0x9F => true,
        0xA0 => false,
        0xA1..=0xBF => true,
        // Everything but à á â ã è é ê ì í ò ó ô õ ù ú ý and their capitals.
        0xC0..=0xFF => !matches!(
            cp | 0x20,
            0xE0..=0xE3 | 0xE8..=0xEA | 0xEC | 0xED | 0xF2..=0xF5 | 0xF9 | 0xFA | 0xFD
        ),
        _ => false,
    }
}

/// [`suspicious_latin1`] of the character whose UTF-8 form starts with the
/// byte pair `x`, `y` (false for any pair that is not a Latin-1 character).
/// Comparisons only, no table: the block loop of [`has_suspicious`]
/// vectorises. After 0xC2 every second byte but 0xA0 (NBSP) is suspicious;
/// after 0xC3, the low five bits of the second byte are those of the
/// lowercase letter, and Vietnamese uses à á â ã (0–3), è é ê (8–10),
/// ì í (12, 13), ò ó ô õ (18–21), ù ú (25, 26) and ý (29).
#[inline(always)]
fn suspicious_pair(x: u8, y: u8) -> bool {
    let v = y & 0x1F;
    let vietnamese = (v < 4)
        | (v.wrapping_sub(8) < 3)
        | (v.wrapping_sub(12) < 2)
        | (v.wrapping_sub(18) < 4)
        | (v.wrapping_sub(25) < 2)
        | (v == 29);
    ((x == 0xC2) & (y != 0xA0)) | ((x == 0xC3) & !vietnamese)
}

/// Fast scan: any Latin-1 character Vietnamese does not use? Does not allocate.
/// Every byte pair is looked at without branching (a continuation byte is
/// never 0xC2 or 0xC3, so pairs starting inside a character never count);
/// blocks end early once one is found.
fn has_suspicious(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 {
        return false;
    }
    b[..b.len() - 1]
        .chunks(512)
        .zip(b[1..].chunks(512))
        .any(|(xs, ys)| {
            xs.iter()
                .zip(ys)
                .fold(false, |acc, (&x, &y)| acc | suspicious_pair(x, y))
        })
}

/// Repairs TCVN3 / VNI mojibake in already-decoded text.
///
/// Returns the repaired text and the encoding it was repaired from (`tcvn3-mojibake` or
/// `vni-mojibake`), or `None` when the text is fine. Normal Vietnamese UTF-8 is recognised by
/// a byte scan without allocating; a repair is only made when it clearly yields more valid
/// Vietnamese syllables than the text had.
pub fn repair_mojibake(s: &str) -> Option<(String, &'static str)> {
    if !has_suspicious(s) {
        return None;
    }
    let orig = score_str(s);
    let mut tcvn = Scorer::default();
    tcvn3_decode_units(mojibake_units(s), |c| tcvn.push(c));
    let tcvn = tcvn.finish();
    let mut vni = Scorer::default();
    vni_decode_units(mojibake_units(s), |c| vni.push(c));
    let vni = vni.finish();
    let (rep, name) = if vni.net() > tcvn.net() {
        (vni, "vni-mojibake")
    } else {
        (tcvn, "tcvn3-mojibake")
    };
    let convincing = rep.good >= 1
        && rep.good > orig.good
        && rep.good > rep.bad
        && rep.net() >= orig.net().saturating_add(2);
    if !convincing {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    if name == "vni-mojibake" {
        vni_decode_units(mojibake_units(s), |c| out.push(c));
    } else {
        tcvn3_decode_units(mojibake_units(s), |c| out.push(c));
    }
    Some((nfc_string(out), name))
}

/// Byte for `c` in TCVN3, if it has one.
fn tcvn3_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return u8::try_from(c as u32).ok();
    }
    TCVN3
        .iter()
        .skip(0x80)
        .position(|&x| x == c)
        .and_then(|k| u8::try_from(0x80 + k).ok())
        .or_else(|| TCVN3_C0.iter().find(|&&(_, x)| x == c).map(|&(b, _)| b))
}

/// Unicode Vietnamese -> TCVN3 (ABC) bytes.
///
/// Toned capitals that TCVN3 cannot hold (those VN1 puts at 0x80–0x9F, e.g. À, Ủ, Ộ) are
/// written with their lowercase code, as the ABC fonts did; other unmappable characters become `?`.
pub fn encode_tcvn3(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.nfc() {
        let b = tcvn3_byte(c).or_else(|| {
            let v = vowel_info(c)?;
            tcvn3_byte(compose(v.vowel, v.tone, false))
        });
        out.push(b.unwrap_or(b'?'));
    }
    out
}

/// Unicode Vietnamese -> VNI-Windows bytes. Unmappable characters become `?`.
pub fn encode_vni(s: &str) -> Vec<u8> {
    const TONE: [u8; 6] = [0, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF];
    const CIRC: [u8; 6] = [0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4];
    const BREVE: [u8; 6] = [0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB];
    const I_TONE: [u8; 6] = [b'i', 0xEC, 0xED, 0xE6, 0xF3, 0xF2];
    let mut out = Vec::with_capacity(s.len() + s.len() / 4);
    for c in s.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if c == 'đ' || c == 'Đ' {
            out.push(if c == 'đ' { 0xF1 } else { 0xD1 });
            continue;
        }
        let Some(v) = vowel_info(c) else {
            // Only punctuation and symbols: 0xC0-0xFF are VNI letters and marks.
            let b = cp1252_byte(c).filter(|&b| (0x80..0xC0).contains(&b));
            out.push(b.unwrap_or(b'?'));
            continue;
        };
        let case = |b: u8| if v.upper { b - 0x20 } else { b };
        let t = usize::from(v.tone);
        match v.vowel {
            V_I => out.push(case(I_TONE[t])),
            V_Y if v.tone == 5 => out.push(case(0xEE)),
            _ => {
                let (base, marks): (u8, Option<&[u8; 6]>) = match v.vowel {
                    V_A => (b'a', None),
                    V_AW => (b'a', Some(&BREVE)),
                    V_AA => (b'a', Some(&CIRC)),
                    V_E => (b'e', None),
                    V_EE => (b'e', Some(&CIRC)),
                    V_O => (b'o', None),
                    V_OO => (b'o', Some(&CIRC)),
                    V_OW => (0xF4, None),
                    V_U => (b'u', None),
                    V_UW => (0xF6, None),
                    _ => (b'y', None),
                };
                out.push(case(base));
                match marks {
                    Some(m) => out.push(case(m[t])),
                    None if t > 0 => out.push(case(TONE[t])),
                    None => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {

    /// Every byte pair valid UTF-8 can hold (after a lead 0xC2 or 0xC3 comes
    /// a continuation byte): the comparisons give the definition for the
    /// two-byte forms of U+0080..U+00FF and nothing else.
    #[test]
    fn suspicious_pair_is_the_definition_for_every_pair() {
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                let lead = (x & 0xFE) == 0xC2;
                let continuation = (y & 0xC0) == 0x80;
                if lead && !continuation {
                    continue;
                }
                let latin1 = lead && continuation;
                let cp = 0x80 + ((u32::from(x & 1) << 6) | u32::from(y & 0x3F));
                let want = latin1 && suspicious_latin1(cp);
                assert_eq!(suspicious_pair(x, y), want, "{x:02X} {y:02X}");
            }
        }
    }

    /// The branch-free byte scan finds exactly the characters the per-character
    /// definition calls suspicious, wherever they sit.
    #[test]
    fn suspicious_scan_agrees_with_the_definition() {
        let by_char = |s: &str| s.chars().any(|c| suspicious_latin1(c as u32));
        for cp in 0x80u32..=0xFF {
            let c = char::from_u32(cp).unwrap();
            for s in [
                format!("{c}"),
                format!("Công đoàn {c}"),
                format!("{c} đoàn viên"),
                format!("{}{c}", "ạ".repeat(300)),
                format!("{}{c}x", "a".repeat(511)),
            ] {
                assert_eq!(has_suspicious(&s), by_char(&s), "U+{cp:04X} in {s:?}");
            }
        }
        for s in [
            "",
            "a",
            "Tiếng Việt có dấu: đoàn viên, ưu đãi, Ánh",
            "₫ 😀 中文",
        ] {
            assert_eq!(has_suspicious(s), by_char(s), "{s}");
        }
    }

    use super::*;

    fn seeds() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("seed is UTF-8");
                (p.display().to_string(), text)
            })
            .collect()
    }

    /// What TCVN3 can represent: toned capitals outside VN3 fall back to lowercase.
    fn tcvn3_expected(s: &str) -> String {
        s.chars()
            .map(|c| match (tcvn3_byte(c), vowel_info(c)) {
                (None, Some(v)) => compose(v.vowel, v.tone, false),
                _ => c,
            })
            .collect()
    }

    fn encode_1258(s: &str) -> Vec<u8> {
        const COMBINING: [char; 6] = ['\0', '\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
        let mut split = String::new();
        for c in s.chars() {
            match vowel_info(c) {
                Some(v) if v.tone > 0 => {
                    split.push(compose(v.vowel, 0, v.upper));
                    split.push(COMBINING[usize::from(v.tone)]);
                }
                _ => split.push(c),
            }
        }
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1258.encode(&split);
        assert!(!had_errors);
        bytes.into_owned()
    }

    #[test]
    fn seeds_present() {
        assert_eq!(seeds().len(), 5, "expected the five seed articles");
    }

    #[test]
    fn utf8_seeds_are_utf8() {
        for (name, text) in seeds() {
            let d = decode(text.as_bytes());
            assert_eq!(d.encoding, "utf-8", "{name}");
            assert_eq!(d.text, text);
            assert!(repair_mojibake(&text).is_none(), "{name}");
            let mut bom = b"\xEF\xBB\xBF".to_vec();
            bom.extend_from_slice(text.as_bytes());
            assert_eq!(decode(&bom).text, text);
        }
    }

    #[test]
    fn tcvn3_round_trip_and_detection() {
        for (name, text) in seeds() {
            let bytes = encode_tcvn3(&text);
            let d = decode(&bytes);
            assert_eq!(d.encoding, "tcvn3", "{name}");
            assert_eq!(d.text, tcvn3_expected(&text), "{name}");
        }
        assert_eq!(decode(&encode_tcvn3("Ủy ban")).text, "ủy ban");
    }

    #[test]
    fn vni_round_trip_and_detection() {
        for (name, text) in seeds() {
            let bytes = encode_vni(&text);
            let d = decode(&bytes);
            assert_eq!(d.encoding, "vni", "{name}");
            assert_eq!(d.text, text, "{name}");
        }
        assert_eq!(encode_vni("Công đoàn"), b"Co\xE2ng \xF1oa\xF8n");
        assert_eq!(encode_vni("ĐƯỢC"), b"\xD1\xD6\xD4\xCFC");
    }

    #[test]
    fn windows_1258_round_trip_and_detection() {
        for (name, text) in seeds() {
            let d = decode(&encode_1258(&text));
            assert_eq!(d.encoding, "windows-1258", "{name}");
            assert_eq!(d.text, text, "{name}");
        }
    }

    #[test]
    fn mojibake_repair() {
        assert_eq!(
            repair_mojibake("C«ng ®oµn"),
            Some(("Công đoàn".to_string(), "tcvn3-mojibake"))
        );
        assert_eq!(
            repair_mojibake("Coâng ñoaøn"),
            Some(("Công đoàn".to_string(), "vni-mojibake"))
        );
        let d = decode("C«ng ®oµn".as_bytes());
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Công đoàn", "tcvn3-mojibake")
        );
        for (name, text) in seeds() {
            // Mojibake made the way it happens: legacy bytes read as Windows-1252.
            let moji: String = encode_tcvn3(&text)
                .iter()
                .map(|&b| cp1252_char(b))
                .collect();
            let d = decode(moji.as_bytes());
            assert_eq!(d.encoding, "tcvn3-mojibake", "{name}");
            assert_eq!(d.text, tcvn3_expected(&text), "{name}");
            let moji: String = encode_vni(&text).iter().map(|&b| cp1252_char(b)).collect();
            let d = decode(moji.as_bytes());
            assert_eq!(d.encoding, "vni-mojibake", "{name}");
            assert_eq!(d.text, text, "{name}");
        }
    }

    #[test]
    fn no_false_positives() {
        for s in [
            "",
            "Plain ASCII English text, nothing to see here. 100% fine.",
            "Nhiệt độ 30°C, «trích dẫn» © 2024 – giá 1.500 ₫",
            "Café au lait, naïve façade, Müller, São Paulo, Ærø",
            "Công đoàn Viên chức thành phố Hà Nội",
        ] {
            assert!(repair_mojibake(s).is_none(), "{s}");
            let d = decode(s.as_bytes());
            assert_eq!(d.encoding, "utf-8");
            assert_eq!(d.text, s);
        }
    }

    #[test]
    fn invalid_utf8_without_vietnamese_is_lossy() {
        let d = decode(b"abc \xFF\xFE def \xC3");
        assert_eq!(d.encoding, "utf-8-lossy");
        assert_eq!(d.replaced, 3);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 3);
        // A Latin-1 French word is not Vietnamese in any encoding.
        let d = decode(b"caf\xE9 cr\xE8me br\xFBl\xE9e");
        assert_eq!(d.encoding, "utf-8-lossy");
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf16_is_decoded_and_damage_is_named_lossy() {
        let d = decode(&utf16le("Có 65 công đoàn cơ sở"));
        assert_eq!((d.encoding, d.replaced), ("utf-16le", 0));
        assert_eq!(d.text, "Có 65 công đoàn cơ sở");

        // A lone high surrogate and an odd last byte: two units replaced.
        let mut bytes = utf16le("Có 65 công đoàn");
        bytes.extend([0x00, 0xD8, 0x41, 0x00, 0x42]);
        let d = decode(&bytes);
        assert_eq!((d.encoding, d.replaced), ("utf-16le-lossy", 2));

        // A replacement character the writer put in the text is not damage.
        let d = decode(&utf16le("giá \u{FFFD} 12 đồng"));
        assert_eq!((d.encoding, d.replaced), ("utf-16le", 0));

        let mut be = vec![0xFE, 0xFF];
        be.extend("Có 65".encode_utf16().flat_map(u16::to_be_bytes));
        be.extend([0xDC, 0x00]);
        let d = decode(&be);
        assert_eq!((d.encoding, d.replaced), ("utf-16be-lossy", 1));
    }

    #[test]
    fn mostly_utf8_with_a_bad_byte_stays_utf8_lossy() {
        for (name, text) in seeds() {
            let mid = (text.len() / 2..text.len())
                .find(|&k| text.is_char_boundary(k))
                .unwrap_or(0);
            let mut bytes = text.into_bytes();
            bytes.insert(mid, 0xFF);
            let d = decode(&bytes);
            assert_eq!(d.encoding, "utf-8-lossy", "{name}");
            assert_eq!(d.replaced, 1, "{name}");
        }
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        let mut x: u32 = 0x1234_5678;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x >> 24) as u8
                })
                .collect();
            let d = decode(&bytes);
            assert!(!d.encoding.is_empty());
            let _ = repair_mojibake(&String::from_utf8_lossy(&bytes));
        }
    }
}
