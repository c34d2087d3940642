//! Tone-mark placement for Vietnamese syllables.
//!
//! A Vietnamese syllable is `onset? nucleus coda?`; the tone mark (huyền, sắc,
//! hỏi, ngã, nặng) belongs to the whole syllable but is written on one vowel of
//! the nucleus. Two conventions coexist in the press: the *classic* one (hòa,
//! thủy, khỏe) and the *modern* one (hoà, thuỷ, khoẻ); they only differ for the
//! open syllables `oa`, `oe`, `uy`. Text typed with sloppy input methods also
//! carries misplaced marks (hòan, lựơng, baỏ), which both styles repair.
//!
//! The analysis works on one word at a time (a maximal run of alphabetic
//! characters) of NFC text. Words that do not parse as a single Vietnamese
//! syllable (foreign words, multi-syllable tokens, letters f/j/w/z, several
//! tone marks) are left untouched. Besides [`place_tones`], the module exposes
//! crate-internal helpers on the vowel tables that `legacy` and `normalize` use.

use std::borrow::Cow;

/// How tone marks are placed by [`place_tones`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TonePlacement {
    /// Mark on the first vowel of open `oa`/`oe`/`uy` (hòa, thủy, khỏe): what most of the press uses.
    #[default]
    Classic,
    /// Mark on the second vowel of open `oa`/`oe`/`uy` (hoà, thuỷ, khoẻ).
    Modern,
    /// Leave tone marks exactly as written (no repair either).
    Keep,
}

// Vowel indexes (base letter plus shape modifier, without tone).
const A: u8 = 0;
const AW: u8 = 1; // ă
const AA: u8 = 2; // â
const E: u8 = 3;
const EE: u8 = 4; // ê
const I: u8 = 5;
const O: u8 = 6;
const OO: u8 = 7; // ô
const OW: u8 = 8; // ơ
const U: u8 = 9;
const UW: u8 = 10; // ư
const Y: u8 = 11;

/// `[vowel][tone]`, tone order: none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot).
const LOWER: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];
const UPPER: [[char; 6]; 12] = [
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

const LOW_END: u32 = 0x01B1; // covers ASCII, Latin-1, Latin Extended-A and ơ/ư (U+01A0..U+01B0)
const EXT_BASE: u32 = 0x1EA0; // Latin Extended Additional, Vietnamese block
const EXT_END: u32 = 0x1EFA;

/// Entry: 0 = not a Vietnamese vowel, else `1 + vowel * 8 + tone`, bit 7 = uppercase.
const fn build_tables() -> ([u8; LOW_END as usize], [u8; (EXT_END - EXT_BASE) as usize]) {
    let mut low = [0u8; LOW_END as usize];
    let mut ext = [0u8; (EXT_END - EXT_BASE) as usize];
    let mut v = 0;
    while v < 12 {
        let mut t = 0;
        while t < 6 {
            let code = (1 + v * 8 + t) as u8;
            let lo = LOWER[v][t] as u32;
            let up = UPPER[v][t] as u32;
            if lo < LOW_END {
                low[lo as usize] = code;
            } else {
                ext[(lo - EXT_BASE) as usize] = code;
            }
            if up < LOW_END {
                low[up as usize] = code | 0x80;
            } else {
                ext[(up - EXT_BASE) as usize] = code | 0x80;
            }
            t += 1;
        }
        v += 1;
    }
    (low, ext)
}

const TABLES: ([u8; LOW_END as usize], [u8; (EXT_END - EXT_BASE) as usize]) = build_tables();
static LOW_TABLE: [u8; LOW_END as usize] = TABLES.0;
static EXT_TABLE: [u8; (EXT_END - EXT_BASE) as usize] = TABLES.1;

/// A Vietnamese vowel letter split into (vowel index 0..12, tone 0..6, uppercase).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VowelInfo {
    pub vowel: u8,
    pub tone: u8,
    pub upper: bool,
}

#[inline]
fn table_entry(c: char) -> u8 {
    let cp = c as u32;
    if cp < LOW_END {
        LOW_TABLE[cp as usize]
    } else if (EXT_BASE..EXT_END).contains(&cp) {
        EXT_TABLE[(cp - EXT_BASE) as usize]
    } else {
        0
    }
}

/// Splits a Vietnamese vowel letter (any case, any tone) into its parts.
#[inline]
pub(crate) fn vowel_info(c: char) -> Option<VowelInfo> {
    let e = table_entry(c);
    if e == 0 {
        return None;
    }
    let k = (e & 0x7F) - 1;
    Some(VowelInfo {
        vowel: k >> 3,
        tone: k & 7,
        upper: e & 0x80 != 0,
    })
}

/// True for a Vietnamese vowel carrying a tone mark.
#[inline]
pub(crate) fn is_toned(c: char) -> bool {
    let e = table_entry(c);
    e != 0 && ((e & 0x7F) - 1) & 7 != 0
}

/// Word-segmentation class of a character, consistent with `char::is_alphabetic`.
pub(crate) const NOT_LETTER: u8 = 0;
/// A letter that is not a Vietnamese vowel.
pub(crate) const OTHER_LETTER: u8 = 1;
/// A Vietnamese vowel without tone mark.
pub(crate) const PLAIN_VOWEL: u8 = 2;
/// A Vietnamese vowel with a tone mark.
pub(crate) const TONED_VOWEL: u8 = 3;

/// Classifies `c` for word segmentation (letters are exactly `char::is_alphabetic`).
#[inline]
pub(crate) fn letter_kind(c: char) -> u8 {
    let e = table_entry(c);
    if e != 0 {
        return if ((e & 0x7F) - 1) & 7 != 0 {
            TONED_VOWEL
        } else {
            PLAIN_VOWEL
        };
    }
    let cp = c as u32;
    let letter = match cp {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0x24F => cp != 0xD7 && cp != 0xF7,
        0x2000..=0x206F => false,
        _ => c.is_alphabetic(),
    };
    if letter {
        OTHER_LETTER
    } else {
        NOT_LETTER
    }
}

/// True for any Vietnamese vowel letter (a, ă, â, e, ê, i, o, ô, ơ, u, ư, y; any tone, any case).
#[inline]
pub(crate) fn is_vowel(c: char) -> bool {
    table_entry(c) != 0
}

/// Builds the letter for (vowel, tone, case). Out-of-range parts are clamped.
#[inline]
pub(crate) fn compose(vowel: u8, tone: u8, upper: bool) -> char {
    let v = usize::from(vowel.min(11));
    let t = usize::from(tone.min(5));
    if upper {
        UPPER[v][t]
    } else {
        LOWER[v][t]
    }
}

/// Longest word (in chars) that can be one Vietnamese syllable ("nghiêng" has 7).
const MAX_SYLLABLE: usize = 7;

#[derive(Clone, Copy, Default)]
struct Letter {
    /// Vowel index, or `NOT_VOWEL` for consonants.
    vowel: u8,
    /// Lowercase ASCII consonant, `b'#'` for đ.
    cons: u8,
    tone: u8,
}
const NOT_VOWEL: u8 = 0xFF;

/// Result of parsing one word as a syllable.
struct Syllable {
    letters: [Letter; MAX_SYLLABLE],
    len: usize,
    /// Index (into `letters`) of the first nucleus vowel and the nucleus length.
    nucleus_start: usize,
    nucleus_len: usize,
    has_coda: bool,
    /// Tone of the syllable and the letter index it currently sits on (tone 0: none).
    tone: u8,
    tone_at: usize,
}

fn letter_of(c: char) -> Option<Letter> {
    if let Some(v) = vowel_info(c) {
        return Some(Letter {
            vowel: v.vowel,
            cons: 0,
            tone: v.tone,
        });
    }
    let cons = match c {
        'đ' | 'Đ' => b'#',
        'b'..='d' | 'g'..='h' | 'k'..='n' | 'p'..='t' | 'v' | 'x' => c as u8,
        'B'..='D' | 'G'..='H' | 'K'..='N' | 'P'..='T' | 'V' | 'X' => (c as u8).to_ascii_lowercase(),
        _ => return None,
    };
    Some(Letter {
        vowel: NOT_VOWEL,
        cons,
        tone: 0,
    })
}

fn valid_onset(c: &[u8]) -> bool {
    matches!(
        c,
        [] | [b'b' | b'c' | b'd' | b'#' | b'g' | b'h' | b'k' | b'l' | b'm' | b'n']
            | [b'p' | b'q' | b'r' | b's' | b't' | b'v' | b'x']
            | [b'c', b'h']
            | [b'g', b'h']
            | [b'k', b'h']
            | [b'n', b'g']
            | [b'n', b'h']
            | [b'p', b'h']
            | [b't', b'h']
            | [b't', b'r']
            | [b'n', b'g', b'h']
    )
}

fn valid_coda(c: &[u8]) -> bool {
    matches!(
        c,
        [] | [b'c' | b'm' | b'n' | b'p' | b't'] | [b'c', b'h'] | [b'n', b'g'] | [b'n', b'h']
    )
}

/// Valid nuclei; the flag says whether the nucleus needs a final consonant.
fn valid_nucleus(n: &[u8], has_coda: bool) -> bool {
    let needs_coda = match n {
        [A] | [E] | [EE] | [I] | [O] | [OO] | [OW] | [U] | [UW] | [Y] => false,
        [AW] | [AA] => true,
        [A, I] | [A, O] | [A, U] | [A, Y] | [AA, U] | [AA, Y] | [E, O] | [EE, U] => false,
        [I, A] | [I, U] | [O, A] | [O, E] | [O, I] | [OO, I] | [OW, I] | [U, A] => false,
        [U, EE] | [U, I] | [U, OW] | [U, Y] | [UW, A] | [UW, I] | [UW, U] => false,
        [I, EE] | [O, AW] | [O, O] | [U, AA] | [U, OO] | [UW, OW] | [Y, EE] => true,
        [I, EE, U] | [O, A, I] | [O, A, Y] | [O, A, O] | [O, E, O] | [U, AA, Y] => false,
        [U, OO, I] | [U, Y, A] | [U, Y, U] | [UW, OW, I] | [UW, OW, U] | [Y, EE, U] => false,
        [U, Y, EE] => true,
        _ => return false,
    };
    // Open-only nuclei (ending in a semivowel i/y/o/u or the glide a of ia/ua/ưa) take no coda.
    let open_only =
        n.len() >= 2 && matches!(n[n.len() - 1], I | Y | O | U) && !matches!(n, [O, O] | [U, Y]);
    let open_only = open_only || matches!(n, [I, A] | [U, A] | [UW, A] | [U, Y, A]);
    if has_coda {
        !open_only
    } else {
        !needs_coda
    }
}

fn is_modified(v: u8) -> bool {
    matches!(v, AW | AA | EE | OO | OW | UW)
}

/// Parses a word (given as chars) as one Vietnamese syllable.
fn parse(chars: &[char]) -> Option<Syllable> {
    if chars.is_empty() || chars.len() > MAX_SYLLABLE {
        return None;
    }
    let mut letters = [Letter::default(); MAX_SYLLABLE];
    let mut tone = 0u8;
    let mut tone_at = 0usize;
    for (k, &c) in chars.iter().enumerate() {
        let l = letter_of(c)?;
        if l.tone != 0 {
            if tone != 0 {
                return None; // two tone marks: not something we can repair safely
            }
            tone = l.tone;
            tone_at = k;
        }
        letters[k] = l;
    }
    let len = chars.len();
    let letters_ref = &letters[..len];
    // Onset: leading consonants.
    let mut onset = [0u8; 3];
    let mut k = 0;
    while k < len && letters_ref[k].vowel == NOT_VOWEL {
        if k >= 3 {
            return None;
        }
        onset[k] = letters_ref[k].cons;
        k += 1;
    }
    if !valid_onset(&onset[..k]) {
        return None;
    }
    let is_vowel_at = |j: usize| j < len && letters_ref[j].vowel != NOT_VOWEL;
    // qu + vowel, gi + vowel: the u / i belongs to the onset.
    if k == 1 && onset[0] == b'q' {
        if !(is_vowel_at(1) && letters_ref[1].vowel == U && is_vowel_at(2)) {
            return None;
        }
        k = 2;
    } else if k == 1
        && onset[0] == b'g'
        && is_vowel_at(1)
        && letters_ref[1].vowel == I
        && is_vowel_at(2)
    {
        k = 2;
    }
    let nucleus_start = k;
    let mut nucleus = [0u8; 3];
    while k < len && letters_ref[k].vowel != NOT_VOWEL {
        let j = k - nucleus_start;
        if j >= 3 {
            return None;
        }
        nucleus[j] = letters_ref[k].vowel;
        k += 1;
    }
    let nucleus_len = k - nucleus_start;
    if nucleus_len == 0 {
        return None;
    }
    let coda_start = k;
    let mut coda = [0u8; 2];
    while k < len {
        if letters_ref[k].vowel != NOT_VOWEL || k - coda_start >= 2 {
            return None;
        }
        coda[k - coda_start] = letters_ref[k].cons;
        k += 1;
    }
    let coda = &coda[..len - coda_start];
    if !valid_coda(coda) {
        return None;
    }
    let has_coda = !coda.is_empty();
    if !valid_nucleus(&nucleus[..nucleus_len], has_coda) {
        return None;
    }
    Some(Syllable {
        letters,
        len,
        nucleus_start,
        nucleus_len,
        has_coda,
        tone,
        tone_at,
    })
}

/// Index (into the word) where the tone mark belongs.
fn target_index(s: &Syllable, style: TonePlacement) -> usize {
    let n = &s.letters[s.nucleus_start..s.nucleus_start + s.nucleus_len];
    let rel = if let Some(last_mod) = n.iter().rposition(|l| is_modified(l.vowel)) {
        last_mod
    } else if n.len() == 1 {
        0
    } else if s.has_coda {
        n.len() - 1
    } else if n.len() == 3 {
        1
    } else {
        let pair = (n[0].vowel, n[1].vowel);
        let modern_pair = matches!(pair, (O, A) | (O, E) | (U, Y));
        if style == TonePlacement::Modern && modern_pair {
            1
        } else {
            0
        }
    };
    s.nucleus_start + rel
}

/// True when `chars` parse as one Vietnamese syllable (onset, nucleus, coda, at most one tone).
pub(crate) fn is_syllable(chars: &[char]) -> bool {
    parse(chars).is_some()
}

/// Collects a word into a fixed buffer; None when it is too long to be a syllable.
fn word_chars(word: &str) -> Option<([char; MAX_SYLLABLE], usize)> {
    let mut buf = ['\0'; MAX_SYLLABLE];
    let mut n = 0;
    for c in word.chars() {
        if n == MAX_SYLLABLE {
            return None;
        }
        buf[n] = c;
        n += 1;
    }
    Some((buf, n))
}

/// Where the tone of `word` should move to, if it is misplaced: (from, to) char indexes.
fn misplacement(chars: &[char], style: TonePlacement) -> Option<(usize, usize, Syllable)> {
    if style == TonePlacement::Keep {
        return None;
    }
    let s = parse(chars)?;
    if s.tone == 0 {
        return None;
    }
    let to = target_index(&s, style);
    if to == s.tone_at {
        return None;
    }
    Some((s.tone_at, to, s))
}

/// True when `word` (one alphabetic run) would be changed by [`place_tones`]. Does not allocate.
pub(crate) fn word_needs_fix(word: &str, style: TonePlacement) -> bool {
    match word_chars(word) {
        Some((buf, n)) => misplacement(&buf[..n], style).is_some(),
        None => false,
    }
}

/// Appends `word` to `out` with its tone moved where `style` wants it; false if unchanged.
fn fix_word_into(word: &str, style: TonePlacement, out: &mut String) -> bool {
    let Some((buf, n)) = word_chars(word) else {
        return false;
    };
    let Some((from, to, syl)) = misplacement(&buf[..n], style) else {
        return false;
    };
    debug_assert!(syl.len == n);
    for (k, &c) in buf[..n].iter().enumerate() {
        if k == from || k == to {
            match vowel_info(c) {
                Some(v) => {
                    let tone = if k == to { syl.tone } else { 0 };
                    out.push(compose(v.vowel, tone, v.upper));
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    true
}

#[inline]
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// ASCII vowel letter, or any byte of a non-ASCII character.
#[inline(always)]
fn maybe_vowel(c: u8) -> bool {
    let l = c | 0x20;
    (c >= 0x80) | (l == b'a') | (l == b'e') | (l == b'i') | (l == b'o') | (l == b'u') | (l == b'y')
}

/// Byte `x` starts a toned-vowel candidate that may sit next to another vowel, given the two
/// bytes before it (`pp`, `p`) and the three after (`y`, `n2`, `n3`). Branch-free.
#[inline(always)]
fn tone_candidate(pp: u8, p: u8, x: u8, y: u8, n2: u8, n3: u8) -> bool {
    let lead2 = (x == 0xC3) | (((x == 0xC4) | (x == 0xC5)) & ((y | 1) == 0xA9));
    let lead3 = (x == 0xE1) & ((y | 1) == 0xBB);
    let after_d = (pp == 0xC4) & ((p | 1) == 0x91); // đ / Đ before the vowel
    let prev = maybe_vowel(p) & !after_d;
    (lead2 & (prev | maybe_vowel(n2))) | (lead3 & (prev | maybe_vowel(n3)))
}

/// Calls `f` with the byte offset of every precomposed toned-vowel candidate that may sit next
/// to another vowel (a superset: any non-ASCII neighbour counts), in increasing order, until
/// `f` returns false; returns false if it did. Candidates are flagged 64 bytes at a time by a
/// branch-free loop the compiler vectorises.
pub(crate) fn for_each_candidate(s: &str, mut f: impl FnMut(usize) -> bool) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let scalar = |i: usize| {
        let pp = if i >= 2 { b[i - 2] } else { 0 };
        let p = if i >= 1 { b[i - 1] } else { 0 };
        tone_candidate(pp, p, b[i], at(i + 1), at(i + 2), at(i + 3))
    };
    // Body: positions 2..n-3, where b[i-2..i+4] is in bounds.
    let body_end = n.saturating_sub(3).max(2);
    for i in 0..2.min(n) {
        if scalar(i) && !f(i) {
            return false;
        }
    }
    let mut flags = [0u8; 64];
    let mut start = 2;
    while start < body_end {
        let end = (start + 64).min(body_end);
        let len = end - start;
        let it = b[start - 2..end - 2]
            .iter()
            .zip(&b[start - 1..end - 1])
            .zip(&b[start..end])
            .zip(&b[start + 1..end + 1])
            .zip(&b[start + 2..end + 2])
            .zip(&b[start + 3..end + 3]);
        for (flag, (((((&pp, &p), &x), &y), &n2), &n3)) in flags[..len].iter_mut().zip(it) {
            *flag = u8::from(tone_candidate(pp, p, x, y, n2, n3));
        }
        flags[len..].fill(0);
        for (c, chunk) in flags.chunks_exact(8).enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let mut w = u64::from_le_bytes(word);
            while w != 0 {
                let k = (w.trailing_zeros() / 8) as usize;
                w &= !(0xFF << (8 * k));
                if !f(start + 8 * c + k) {
                    return false;
                }
            }
        }
        start = end;
    }
    for i in body_end..n {
        if scalar(i) && !f(i) {
            return false;
        }
    }
    true
}

/// Moves tone marks to where `style` puts them, word by word, on NFC text.
///
/// Words that are not a single valid Vietnamese syllable are left untouched, as is any word
/// directly followed by a combining mark (that is non-NFC text; normalise first).
/// Returns `Cow::Borrowed` when nothing changes.
pub fn place_tones(s: &str, style: TonePlacement) -> Cow<'_, str> {
    if style == TonePlacement::Keep || s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out: Option<String> = None;
    let mut copied = 0usize; // bytes of `s` already copied into `out`
    let mut done_until = 0usize;
    for_each_candidate(s, |i| {
        if i < done_until {
            return true;
        }
        let Some(c) = char_at(s, i) else {
            return true;
        };
        if !is_toned(c) || tone_ok_locally(s, i, c, style) {
            return true;
        }
        let (start, end) = word_bounds(s, i, c.len_utf8());
        done_until = end;
        let before_mark = char_at(s, end).is_some_and(is_combining_mark);
        let word = &s[start..end];
        if !before_mark && word_needs_fix(word, style) {
            let buf = out.get_or_insert_with(|| String::with_capacity(s.len()));
            buf.push_str(&s[copied..start]);
            fix_word_into(word, style, buf);
            copied = end;
        }
        true
    });
    match out {
        Some(mut buf) => {
            buf.push_str(&s[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(s),
    }
}

/// Byte range of the word (letters per [`letter_kind`], i.e. `char::is_alphabetic`) around
/// the character at `i..i + len`.
pub(crate) fn word_bounds(s: &str, i: usize, len: usize) -> (usize, usize) {
    let mut start = i;
    while let Some(c) = char_before(s, start) {
        if letter_kind(c) == NOT_LETTER {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = i + len;
    while let Some(c) = char_at(s, end) {
        if letter_kind(c) == NOT_LETTER {
            break;
        }
        end += c.len_utf8();
    }
    (start, end)
}

/// The character ending at byte `end` of `s` (a char boundary).
#[inline]
fn char_before(s: &str, end: usize) -> Option<char> {
    let x = *s.as_bytes().get(end.checked_sub(1)?)?;
    if x < 0x80 {
        return Some(char::from(x));
    }
    s.get(..end)?.chars().next_back()
}

/// The character starting at byte `i` of `s` (a char boundary).
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    let x = *s.as_bytes().get(i)?;
    if x < 0x80 {
        return Some(char::from(x));
    }
    s.get(i..)?.chars().next()
}

/// Quick local verdict for the toned vowel `c` at byte `i` of `s`: true when
/// [`place_tones`] certainly leaves its word unchanged (the mark already sits where `style`
/// wants it, judged from the vowel cluster and its neighbours only). False means "run the
/// full syllable check"; it is never wrong in the other direction.
pub(crate) fn tone_ok_locally(s: &str, i: usize, c: char, style: TonePlacement) -> bool {
    let Some(t) = vowel_info(c) else {
        return false;
    };
    let len = c.len_utf8();
    // The vowel cluster around the mark: up to 2 vowels on each side.
    let mut before = [0u8; 2];
    let mut n_before = 0;
    let mut start = i;
    while let Some(c) = char_before(s, start) {
        let Some(v) = vowel_info(c) else { break };
        if n_before == 2 || v.tone != 0 {
            return false;
        }
        before[n_before] = v.vowel;
        n_before += 1;
        start -= c.len_utf8();
    }
    let mut after = [0u8; 2];
    let mut n_after = 0;
    let mut end = i + len;
    while let Some(c) = char_at(s, end) {
        let Some(v) = vowel_info(c) else { break };
        if n_after == 2 || v.tone != 0 {
            return false;
        }
        after[n_after] = v.vowel;
        n_after += 1;
        end += c.len_utf8();
    }
    if n_before + n_after == 0 {
        // A one-vowel nucleus always carries its own mark.
        return true;
    }
    if is_modified(t.vowel) {
        return !after[..n_after].iter().any(|&v| is_modified(v));
    }
    if before[..n_before]
        .iter()
        .chain(&after[..n_after])
        .any(|&v| is_modified(v))
    {
        return false;
    }
    // cluster[0..n]: vowels in order; the mark is at index n_before.
    let mut cluster = [0u8; 5];
    for k in 0..n_before {
        cluster[k] = before[n_before - 1 - k];
    }
    cluster[n_before] = t.vowel;
    cluster[n_before + 1..n_before + 1 + n_after].copy_from_slice(&after[..n_after]);
    let n = n_before + 1 + n_after;
    // qu / gi onsets take the first vowel.
    let c0 = char_before(s, start);
    let before_c0 = || c0.and_then(|c| char_before(s, start - c.len_utf8()));
    let onset_vowel = match c0 {
        Some('q' | 'Q') => cluster[0] == U,
        Some('g' | 'G') => cluster[0] == I && !matches!(before_c0(), Some(c) if c.is_alphabetic()),
        _ => false,
    };
    let skip = usize::from(onset_vowel && n >= 2);
    if n_before < skip {
        return false; // the mark sits on the onset's u / i
    }
    let nucleus = &cluster[skip..n];
    let at = n_before - skip;
    let has_coda = char_at(s, end).is_some_and(char::is_alphabetic);
    let target = if nucleus.len() == 1 {
        0
    } else if has_coda {
        nucleus.len() - 1
    } else if nucleus.len() == 3 {
        1
    } else {
        let modern_pair = matches!((nucleus[0], nucleus[1]), (O, A) | (O, E) | (U, Y));
        usize::from(style == TonePlacement::Modern && modern_pair)
    };
    at == target
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference implementation: every word (by `char::is_alphabetic`) gets the full check.
    fn place_tones_reference(s: &str, style: TonePlacement) -> String {
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String, next: Option<char>| {
            let before_mark = next.is_some_and(is_combining_mark);
            if before_mark || !fix_word_into(word, style, out) {
                out.push_str(word);
            }
            word.clear();
        };
        let chars: Vec<char> = s.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            if c.is_alphabetic() {
                word.push(c);
                if !chars.get(k + 1).is_some_and(|n| n.is_alphabetic()) {
                    flush(&mut word, &mut out, chars.get(k + 1).copied());
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn fast_placement_matches_reference() {
        let pieces = [
            "hoà", "hòa", "hòan", "qúy", "quý", "gìa", "gì", "giữa", "lựơng", "ngừơi", "baỏ",
            "khuỷu", "thuỷ", "Ủy", "ĐOÀN", "đoàn", "a", "o", "u", "y", "ê", "ơ", "ư", "à", "ố",
            "ạ", "ĩ", "ũ", "q", "g", "h", "ng", "t", "c", " ", ".", "\u{301}", "é", "ç", "x",
        ];
        let mut x: u32 = 0x1357_9BDF;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(x % 7) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                s.push_str(pieces[(x as usize) % pieces.len()]);
            }
            for style in [TonePlacement::Classic, TonePlacement::Modern] {
                assert_eq!(
                    place_tones(&s, style),
                    place_tones_reference(&s, style),
                    "{s:?} {style:?}"
                );
            }
        }
    }

    /// (input, classic, modern)
    const TABLE: &[(&str, &str, &str)] = &[
        ("hoà", "hòa", "hoà"),
        ("hòa", "hòa", "hoà"),
        ("hoá", "hóa", "hoá"),
        ("hóa", "hóa", "hoá"),
        ("thuỷ", "thủy", "thuỷ"),
        ("thủy", "thủy", "thuỷ"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("khỏe", "khỏe", "khoẻ"),
        ("tuỳ", "tùy", "tuỳ"),
        ("tùy", "tùy", "tuỳ"),
        ("uý", "úy", "uý"),
        ("úy", "úy", "uý"),
        ("toả", "tỏa", "toả"),
        ("hoàn", "hoàn", "hoàn"),
        ("hòan", "hoàn", "hoàn"),
        ("toán", "toán", "toán"),
        ("tóan", "toán", "toán"),
        ("thuyết", "thuyết", "thuyết"),
        ("thúyêt", "thuyết", "thuyết"),
        ("ngoài", "ngoài", "ngoài"),
        ("ngòai", "ngoài", "ngoài"),
        ("khuỷu", "khuỷu", "khuỷu"),
        ("quyết", "quyết", "quyết"),
        ("quý", "quý", "quý"),
        ("qúy", "quý", "quý"),
        ("giữa", "giữa", "giữa"),
        ("gìa", "già", "già"),
        ("gì", "gì", "gì"),
        ("lựơng", "lượng", "lượng"),
        ("lượng", "lượng", "lượng"),
        ("baỏ", "bảo", "bảo"),
        ("bảo", "bảo", "bảo"),
        ("mùa", "mùa", "mùa"),
        ("múa", "múa", "múa"),
        ("của", "của", "của"),
        ("cuả", "của", "của"),
        ("người", "người", "người"),
        ("ngừơi", "người", "người"),
        ("được", "được", "được"),
        ("đựơc", "được", "được"),
        ("huỳnh", "huỳnh", "huỳnh"),
        ("Hòa", "Hòa", "Hoà"),
        ("HOÀ", "HÒA", "HOÀ"),
        ("Ủy", "Ủy", "Uỷ"),
        ("thuở", "thuở", "thuở"),
        ("tuổi", "tuổi", "tuổi"),
        ("khuya", "khuya", "khuya"),
        ("xoáy", "xoáy", "xoáy"),
        ("nghiêng", "nghiêng", "nghiêng"),
        ("hoạch", "hoạch", "hoạch"),
        ("mía", "mía", "mía"),
        ("rượu", "rượu", "rượu"),
        ("giúp", "giúp", "giúp"),
        ("quốc", "quốc", "quốc"),
        ("xoòng", "xoòng", "xoòng"),
        ("café", "café", "café"),
        ("Hué", "Hué", "Hué"),
        ("naïve", "naïve", "naïve"),
    ];

    #[test]
    fn tone_table_classic_and_modern() {
        assert!(TABLE.len() >= 40);
        for &(input, classic, modern) in TABLE {
            assert_eq!(
                place_tones(input, TonePlacement::Classic),
                classic,
                "classic {input}"
            );
            assert_eq!(
                place_tones(input, TonePlacement::Modern),
                modern,
                "modern {input}"
            );
            assert_eq!(
                place_tones(input, TonePlacement::Keep),
                input,
                "keep {input}"
            );
        }
    }

    #[test]
    fn idempotent_and_borrowed() {
        for &(input, _, _) in TABLE {
            for style in [TonePlacement::Classic, TonePlacement::Modern] {
                let once = place_tones(input, style).into_owned();
                assert!(
                    matches!(place_tones(&once, style), Cow::Borrowed(_)),
                    "{once}"
                );
            }
        }
        let clean = "Công đoàn Viên chức thành phố Hà Nội hoàn thành xuất sắc nhiệm vụ năm 2014.";
        assert!(matches!(
            place_tones(clean, TonePlacement::Classic),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sentences_keep_surroundings() {
        let s = "Sức lan toả, (hòan thành) 100% kế hoạch; thuỷ lợi!";
        assert_eq!(
            place_tones(s, TonePlacement::Classic),
            "Sức lan tỏa, (hoàn thành) 100% kế hoạch; thủy lợi!"
        );
        assert_eq!(
            place_tones(s, TonePlacement::Modern),
            "Sức lan toả, (hoàn thành) 100% kế hoạch; thuỷ lợi!"
        );
        // NFD word followed by a combining mark is left alone.
        let nfd = "hoa\u{0300}";
        assert_eq!(place_tones(nfd, TonePlacement::Modern), nfd);
    }

    #[test]
    fn vowel_tables() {
        assert_eq!(
            vowel_info('Ự'),
            Some(VowelInfo {
                vowel: UW,
                tone: 5,
                upper: true
            })
        );
        assert_eq!(letter_kind('ề'), TONED_VOWEL);
        assert_eq!(letter_kind('ê'), PLAIN_VOWEL);
        assert_eq!(letter_kind('đ'), OTHER_LETTER);
        assert_eq!(letter_kind('“'), NOT_LETTER);
        assert_eq!(letter_kind('×'), NOT_LETTER);
        assert!(is_vowel('y'));
        assert!(!is_vowel('đ'));
        assert_eq!(compose(OO, 2, false), 'ố');
        for v in 0..12u8 {
            for t in 0..6u8 {
                for up in [false, true] {
                    let c = compose(v, t, up);
                    assert_eq!(
                        vowel_info(c),
                        Some(VowelInfo {
                            vowel: v,
                            tone: t,
                            upper: up
                        })
                    );
                }
            }
        }
    }

    #[test]
    fn syllable_validity() {
        let ok = |w: &str| is_syllable(&w.chars().collect::<Vec<_>>());
        for w in ["công", "đoàn", "nghiêng", "giữa", "quý", "khuỷu", "Người"] {
            assert!(ok(w), "{w}");
        }
        for w in [
            "C«ng", "®oµn", "Coâng", "café", "ab", "strength", "ăn", /* valid */
        ] {
            if w == "ăn" {
                assert!(ok(w));
            } else {
                assert!(!ok(w), "{w}");
            }
        }
    }
}
