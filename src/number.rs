//! Vietnamese numerals, money and percentages.
//!
//! The pure core of figure extraction: the rule engine matches a rule's
//! `(?P<value>…)` group with the fragments of `rules/fragments.toml` and hands
//! exactly that text to [`parse_quantity`]. Everything here works on `&str`
//! slices, allocates nothing and runs in time linear in the input.
//!
//! # Digit grouping: the ambiguity policy
//!
//! Vietnamese writes `.` between thousands and `,` before decimals
//! (`10.141` = 10141, `1,5 tỷ` = 1.5e9); dumps also carry English-style text
//! (`1,234,567`, `7.4%`). [`parse_digits`] decides as follows, in this order:
//!
//! 1. Digits only: an integer, leading zeros allowed (`03` = 3). A run of four
//!    or more digits that starts with `0` (`0912345678`, `0243…`) is a phone
//!    number or an identifier, not a quantity: `None`.
//! 2. Both `.` and `,` present: the mark that occurs last is the decimal mark
//!    and must occur once; the other one groups thousands and must group
//!    correctly (first group 1–3 digits, then groups of exactly 3):
//!    `10.000,50` = 10000.5, `1,234,567.89` = 1234567.89. Anything else: `None`.
//! 3. Only dots, two or more: thousands grouping, which must be well formed
//!    (`1.234.567`); otherwise `None` (`1.2.3`, `0912.345.678`, `1.5.2019`).
//! 4. Only one dot: grouping when it is followed by exactly three digits and
//!    preceded by 1–3 digits not starting with `0` (`10.141` = 10141,
//!    `1.500` = 1500 — Vietnamese wins over English here); otherwise a decimal
//!    mark (`7.4`, `4.0`, `1.50`, `0.500`, `1234.567`).
//! 5. Only commas, two or more: English thousands grouping, well formed
//!    (`1,234,567`); otherwise `None`.
//! 6. Only one comma: always the Vietnamese decimal mark (`1,5` = 1.5,
//!    `10,141` = 10.141 — a single comma followed by three digits is *not*
//!    read as English grouping).
//!
//! A trailing or doubled separator is not a number (`10.`, `1..2`: `None`).
//!
//! # Multipliers and number words
//!
//! nghìn/ngàn/k = 1e3, vạn = 1e4, triệu/tr = 1e6, tỷ/tỉ = 1e9, trăm = 100;
//! consecutive multipliers multiply (`nghìn tỷ` = 1e12); a later, smaller
//! group adds (`1 tỷ 200 triệu` = 1.2e9); `rưỡi` adds half of the last
//! multiplier (`1 triệu rưỡi` = 1.5e6, `trăm rưỡi` = 150). Digits glued after a
//! glued `tr`/`k` are the decimal fraction of that multiplier (`1tr5` = 1.5e6,
//! `1tr250` = 1.25e6, `2k5` = 2500); the spaced colloquial form `1 triệu 2` is
//! not read (`None`) because it is ambiguous in running text. In words, a lone
//! digit after a multiplier or `trăm` is the next lower place, as spoken:
//! `ba nghìn hai` = 3200, `hai trăm mốt` = 210.
//!
//! # Qualifiers and ranges
//!
//! over: trên, hơn, vượt, vượt quá, ít nhất, tối thiểu, "… trở lên";
//! under: dưới, chưa đến/tới/đầy, không quá/đến/tới, ít hơn, tối đa, gần,
//! "… trở xuống"; about: khoảng (chừng), xấp xỉ, tầm, chừng, ước (tính),
//! cỡ, trên dưới, hàng (`hàng trăm` = about 100, `hàng chục nghìn` = about 1e4).
//! Exception: `vượt X%` is read as exact (it reports by how much a plan was
//! exceeded: "vượt 98% kế hoạch", as annotated in the gold set).
//! Ranges (`x-y`, `x – y`, `x đến y`, `từ x đến/tới y`, `giữa x và y`) give
//! qualifier `range`, value = low end, value_max = high end; the unit of either
//! end applies to both and the right end's multiplier applies to a bare left
//! end when that keeps the range ordered (`10-50 triệu đồng` = 1e7..5e7, but
//! `900.000 - 1 triệu đồng` = 9e5..1e6). A range whose low end exceeds its high
//! end is not a range (`30-4` is a date): `None`; so is a unitless range of two
//! plain years 1900–2100 (`2016-2021`).

/// How a figure relates to the reported value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    Over,
    Under,
    About,
    Range,
}

impl Qualifier {
    /// The name used in the output contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Over => "over",
            Qualifier::Under => "under",
            Qualifier::About => "about",
            Qualifier::Range => "range",
        }
    }

    /// Inverse of [`Qualifier::as_str`] (ASCII case-insensitive, surrounding
    /// whitespace ignored).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        [
            Qualifier::Exact,
            Qualifier::Over,
            Qualifier::Under,
            Qualifier::About,
            Qualifier::Range,
        ]
        .into_iter()
        .find(|q| q.as_str().eq_ignore_ascii_case(s))
    }
}

/// The unit the phrase itself states, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitHint {
    None,
    Vnd,
    Percent,
}

/// A parsed quantity phrase.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    /// The value (low end for ranges), in đồng for money.
    pub value: f64,
    /// High end of a range.
    pub value_max: Option<f64>,
    pub qualifier: Qualifier,
    pub unit: UnitHint,
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok<'a> {
    /// `[0-9]+([.,][0-9]+)*`
    Num(&'a str),
    /// A run of alphabetic characters.
    Word(&'a str),
    Percent,
    Dash,
    Slash,
    /// `₫`
    DongSign,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    tok: Tok<'a>,
    /// Whitespace precedes the token.
    spaced: bool,
}

#[derive(Clone, Copy, Debug)]
struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Self {
        Lexer { s, pos: 0 }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        let mut spaced = false;
        let rest = self.s.get(self.pos..)?;
        let mut chars = rest.char_indices();
        let (start_off, first) = loop {
            let (i, c) = chars.next()?;
            if c.is_whitespace() {
                spaced = true;
            } else {
                break (i, c);
            }
        };
        let start = self.pos + start_off;
        let bytes = self.s.as_bytes();
        let tok = if first.is_ascii_digit() {
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            while end + 1 < bytes.len()
                && (bytes[end] == b'.' || bytes[end] == b',')
                && bytes[end + 1].is_ascii_digit()
            {
                end += 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
            }
            self.pos = end;
            return Some(Token {
                tok: Tok::Num(&self.s[start..end]),
                spaced,
            });
        } else if first.is_alphabetic() {
            let mut end = start + first.len_utf8();
            for (i, c) in self.s[end..].char_indices() {
                if !c.is_alphabetic() {
                    end += i;
                    self.pos = end;
                    return Some(Token {
                        tok: Tok::Word(&self.s[start..end]),
                        spaced,
                    });
                }
            }
            end = self.s.len();
            self.pos = end;
            return Some(Token {
                tok: Tok::Word(&self.s[start..end]),
                spaced,
            });
        } else {
            match first {
                '%' => Tok::Percent,
                '-' | '–' | '—' | '‐' | '‑' | '−' | '~' => Tok::Dash,
                '/' => Tok::Slash,
                '₫' => Tok::DongSign,
                _ => Tok::Other,
            }
        };
        self.pos = start + first.len_utf8();
        Some(Token { tok, spaced })
    }

    fn peek(&self) -> Option<Token<'a>> {
        let mut c = *self;
        c.next_token()
    }

    fn at_end(&self) -> bool {
        self.peek().is_none()
    }

    /// Consume the word `lit` (lowercase) if it comes next.
    fn eat_word(&mut self, lit: &str) -> bool {
        let mut c = *self;
        match c.next_token() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if word_eq(w, lit) => {
                *self = c;
                true
            }
            _ => false,
        }
    }

    /// Consume the words of `lits` in sequence, or nothing.
    fn eat_words(&mut self, lits: &[&str]) -> bool {
        let mut c = *self;
        for lit in lits {
            if !c.eat_word(lit) {
                return false;
            }
        }
        *self = c;
        true
    }

    fn eat_dash(&mut self) -> bool {
        if matches!(self.peek(), Some(Token { tok: Tok::Dash, .. })) {
            self.next_token();
            true
        } else {
            false
        }
    }
}

/// Lowercase `w` into `buf`; `None` when it does not fit (then it is no word
/// we know).
fn lower_into<'b>(w: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut n = 0;
    for c in w.chars().flat_map(char::to_lowercase) {
        let l = c.len_utf8();
        if n + l > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + l]);
        n += l;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// `w` equals the lowercase literal `lit`, ignoring case.
fn word_eq(w: &str, lit: &str) -> bool {
    if w == lit {
        return true;
    }
    if w.len() > 4 * lit.len() + 4 || !w.chars().any(char::is_uppercase) {
        return false;
    }
    w.chars().flat_map(char::to_lowercase).eq(lit.chars())
}

// ---------------------------------------------------------------------------
// Number words
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum W {
    Digit(u8),
    /// mười (10)
    Muoi10,
    /// mươi (x10)
    Muoi,
    Tram,
    Chuc,
    Linh,
    Ruoi,
    /// nghìn, ngàn, vạn, triệu, tỷ, tỉ
    Scale(f64),
    /// glued `tr` (triệu)
    Tr,
    /// glued `k` (nghìn)
    K,
    Currency,
    Unknown,
}

fn lookup(w: &str) -> W {
    match w {
        "không" => W::Digit(0),
        "một" | "mốt" => W::Digit(1),
        "hai" => W::Digit(2),
        "ba" => W::Digit(3),
        "bốn" | "tư" => W::Digit(4),
        "năm" | "lăm" | "nhăm" => W::Digit(5),
        "sáu" => W::Digit(6),
        "bảy" | "bẩy" => W::Digit(7),
        "tám" => W::Digit(8),
        "chín" => W::Digit(9),
        "mười" => W::Muoi10,
        "mươi" => W::Muoi,
        "trăm" => W::Tram,
        "chục" => W::Chuc,
        "linh" | "lẻ" => W::Linh,
        "rưỡi" => W::Ruoi,
        "nghìn" | "ngàn" => W::Scale(1e3),
        "vạn" => W::Scale(1e4),
        "triệu" => W::Scale(1e6),
        "tỷ" | "tỉ" => W::Scale(1e9),
        "tr" => W::Tr,
        "k" => W::K,
        "đồng" | "đ" | "ð" | "vnđ" | "vnd" | "vnð" => W::Currency,
        _ => W::Unknown,
    }
}

fn classify(w: &str) -> W {
    match lookup(w) {
        W::Unknown if w.chars().any(char::is_uppercase) => {
            let mut buf = [0u8; 32];
            match lower_into(w, &mut buf) {
                Some(l) => lookup(l),
                None => W::Unknown,
            }
        }
        x => x,
    }
}

fn peek_w(lx: &Lexer<'_>) -> Option<(W, bool)> {
    match lx.peek() {
        Some(Token {
            tok: Tok::Word(w),
            spaced,
        }) => Some((classify(w), spaced)),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Last {
    Start,
    Tram,
    Tens,
    Linh,
    Done,
}

/// One group below a thousand, in words ("hai trăm linh năm").
#[derive(Clone, Copy, Debug)]
struct WordGroup {
    value: f64,
    /// A single digit word and nothing else ("hai").
    bare_digit: Option<u8>,
}

fn read_word_group(lx: &mut Lexer<'_>) -> Option<WordGroup> {
    let mut val = 0.0f64;
    let mut pending: Option<(u8, Last)> = None;
    let (mut hundreds, mut tens, mut units) = (false, false, false);
    let mut last = Last::Start;
    let mut ntok = 0usize;
    while let Some((w, _)) = peek_w(lx) {
        let ok = match w {
            W::Digit(d) => {
                if pending.is_some() || units || last == Last::Done {
                    false
                } else {
                    pending = Some((d, last));
                    true
                }
            }
            W::Muoi10 => {
                if pending.is_some() || tens || units || last == Last::Done {
                    false
                } else {
                    val += 10.0;
                    tens = true;
                    last = Last::Tens;
                    true
                }
            }
            W::Muoi | W::Chuc => match pending {
                Some((d, Last::Start | Last::Tram)) if !tens && (d >= 1 || w == W::Chuc) => {
                    val += f64::from(d) * 10.0;
                    pending = None;
                    tens = true;
                    last = Last::Tens;
                    true
                }
                None if w == W::Chuc && ntok == 0 => {
                    val += 10.0;
                    tens = true;
                    last = Last::Tens;
                    true
                }
                _ => false,
            },
            W::Tram => {
                if hundreds || tens || units || last == Last::Done {
                    false
                } else {
                    match pending {
                        Some((d, Last::Start)) => {
                            val += f64::from(d) * 100.0;
                            pending = None;
                            hundreds = true;
                            last = Last::Tram;
                            true
                        }
                        None if ntok == 0 => {
                            val += 100.0;
                            hundreds = true;
                            last = Last::Tram;
                            true
                        }
                        _ => false,
                    }
                }
            }
            W::Linh if last == Last::Tram && pending.is_none() => {
                tens = true;
                last = Last::Linh;
                true
            }
            W::Ruoi if last == Last::Tram && pending.is_none() => {
                val += 50.0;
                tens = true;
                units = true;
                last = Last::Done;
                true
            }
            _ => false,
        };
        if !ok {
            break;
        }
        lx.next_token();
        ntok += 1;
    }
    if ntok == 0 || last == Last::Linh && pending.is_none() {
        return None;
    }
    let mut bare_digit = None;
    if let Some((d, after)) = pending {
        let d = f64::from(d);
        match after {
            Last::Start => {
                val += d;
                if ntok == 1 {
                    bare_digit = pending.map(|p| p.0);
                }
            }
            Last::Tram => val += d * 10.0,
            Last::Tens | Last::Linh | Last::Done => val += d,
        }
    }
    Some(WordGroup {
        value: val,
        bare_digit,
    })
}

fn starts_word_group(lx: &Lexer<'_>) -> bool {
    matches!(
        peek_w(lx),
        Some((W::Digit(_) | W::Muoi10 | W::Tram | W::Chuc, _))
    )
}

/// A parsed number expression (digits or words, with multipliers).
#[derive(Clone, Copy, Debug)]
struct NumExpr {
    value: f64,
    /// A multiplier word was applied.
    scaled: bool,
    /// The multiplier applied to the first group (1 when none).
    lead_factor: f64,
    /// A single plain 4-digit token between 1900 and 2100.
    plain_year: bool,
}

/// Accumulates groups and multipliers.
struct Acc {
    total: f64,
    last_factor: f64,
    lead_factor: f64,
    lead_open: bool,
    scaled: bool,
}

impl Acc {
    fn new() -> Self {
        Acc {
            total: 0.0,
            last_factor: 1.0,
            lead_factor: 1.0,
            lead_open: true,
            scaled: false,
        }
    }

    /// Apply multiplier `s` to `group` (`None`: directly after another
    /// multiplier, as in "nghìn tỷ").
    fn apply(&mut self, group: Option<f64>, s: f64) {
        self.scaled = true;
        match group {
            None => {
                self.total *= s;
                self.last_factor *= s;
                if self.lead_open {
                    self.lead_factor *= s;
                }
            }
            Some(g) => {
                if self.total > 0.0 && self.total < s {
                    self.total = (self.total + g) * s;
                } else {
                    self.total += g * s;
                }
                if self.total > 0.0 && self.last_factor > 1.0 {
                    self.lead_open = false;
                }
                if self.lead_open {
                    self.lead_factor = s;
                }
                self.last_factor = s;
            }
        }
    }

    fn finish(&self, plain_year: bool) -> Option<NumExpr> {
        if self.total.is_finite() && self.total >= 0.0 {
            Some(NumExpr {
                value: self.total,
                scaled: self.scaled,
                lead_factor: self.lead_factor,
                plain_year,
            })
        } else {
            None
        }
    }
}

/// A digit-only token read as a fraction ("5" = 0.5, "25" = 0.25).
fn fraction_of(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    Some(v / 10f64.powi(i32::try_from(s.len()).ok()?))
}

fn digits_scale(lx: &Lexer<'_>) -> Option<f64> {
    match lx.peek() {
        Some(Token {
            tok: Tok::Word(w),
            spaced,
        }) => match classify(w) {
            W::Scale(s) => Some(s),
            W::Tram => Some(100.0),
            W::Tr if !spaced => Some(1e6),
            W::K if !spaced => Some(1e3),
            _ => None,
        },
        _ => None,
    }
}

fn parse_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
    match lx.peek()?.tok {
        Tok::Num(_) => parse_digit_number(lx),
        Tok::Word(_) => parse_word_number(lx),
        _ => None,
    }
}

fn parse_digit_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
    let first = match lx.next_token()?.tok {
        Tok::Num(n) => n,
        _ => return None,
    };
    let mut g = parse_digits(first)?;
    let plain_year = first.len() == 4
        && first.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..=2100.0).contains(&g);
    let mut acc = Acc::new();
    loop {
        let mut applied = false;
        while let Some(s) = digits_scale(lx) {
            lx.next_token();
            acc.apply(if applied { None } else { Some(g) }, s);
            applied = true;
        }
        if !applied {
            acc.total += g;
            break;
        }
        if matches!(peek_w(lx), Some((W::Ruoi, _))) {
            lx.next_token();
            acc.total += acc.last_factor / 2.0;
            break;
        }
        match lx.peek() {
            Some(Token {
                tok: Tok::Num(n),
                spaced: false,
            }) => {
                lx.next_token();
                acc.total += fraction_of(n)? * acc.last_factor;
                break;
            }
            Some(Token {
                tok: Tok::Num(n),
                spaced: true,
            }) => {
                let mut c = *lx;
                c.next_token();
                let next_scale = match c.peek() {
                    Some(Token {
                        tok: Tok::Word(w), ..
                    }) => matches!(classify(w), W::Scale(_) | W::Tram),
                    _ => false,
                };
                if !next_scale {
                    break;
                }
                *lx = c;
                g = parse_digits(n)?;
            }
            _ => break,
        }
    }
    acc.finish(plain_year && !acc.scaled)
}

fn parse_word_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
    let mut acc = Acc::new();
    let mut first = true;
    loop {
        if !first && !starts_word_group(lx) {
            break;
        }
        let grp = read_word_group(lx)?;
        first = false;
        let mut applied = false;
        while let Some((W::Scale(s), _)) = peek_w(lx) {
            lx.next_token();
            acc.apply(if applied { None } else { Some(grp.value) }, s);
            applied = true;
        }
        if !applied {
            match grp.bare_digit {
                Some(d) if acc.scaled => acc.total += f64::from(d) * acc.last_factor / 10.0,
                _ => acc.total += grp.value,
            }
            break;
        }
        if matches!(peek_w(lx), Some((W::Ruoi, _))) {
            lx.next_token();
            acc.total += acc.last_factor / 2.0;
            break;
        }
    }
    acc.finish(false)
}

// ---------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum QualWord {
    Over,
    Vuot,
    Under,
    About,
}

/// Qualifier phrases, longest first where one is a prefix of another.
const QUALIFIERS: &[(&[&str], QualWord)] = &[
    (&["trên", "dưới"], QualWord::About),
    (&["trên"], QualWord::Over),
    (&["hơn"], QualWord::Over),
    (&["vượt", "quá"], QualWord::Over),
    (&["vượt"], QualWord::Vuot),
    (&["ít", "nhất"], QualWord::Over),
    (&["tối", "thiểu"], QualWord::Over),
    (&["dưới"], QualWord::Under),
    (&["chưa", "đến"], QualWord::Under),
    (&["chưa", "tới"], QualWord::Under),
    (&["chưa", "đầy"], QualWord::Under),
    (&["không", "quá"], QualWord::Under),
    (&["không", "đến"], QualWord::Under),
    (&["không", "tới"], QualWord::Under),
    (&["ít", "hơn"], QualWord::Under),
    (&["tối", "đa"], QualWord::Under),
    (&["gần"], QualWord::Under),
    (&["khoảng", "chừng"], QualWord::About),
    (&["khoảng"], QualWord::About),
    (&["xấp", "xỉ"], QualWord::About),
    (&["tầm"], QualWord::About),
    (&["chừng"], QualWord::About),
    (&["ước", "tính"], QualWord::About),
    (&["ước"], QualWord::About),
    (&["cỡ"], QualWord::About),
];

fn parse_qualifier(lx: &mut Lexer<'_>) -> Option<QualWord> {
    let w = match lx.peek()?.tok {
        Tok::Word(w) => w,
        _ => return None,
    };
    // Cheap pre-filter: the first letter of every qualifier.
    let c = w.chars().next()?.to_lowercase().next()?;
    if !matches!(c, 't' | 'h' | 'v' | 'í' | 'd' | 'c' | 'k' | 'g' | 'x' | 'ư') {
        return None;
    }
    QUALIFIERS
        .iter()
        .filter(|(words, _)| words.first().is_some_and(|f| word_eq(w, f)))
        .find(|(words, _)| lx.eat_words(words))
        .map(|&(_, q)| q)
}

#[derive(Clone, Copy, Debug)]
struct Amount {
    num: NumExpr,
    unit: UnitHint,
    /// "hàng trăm", "hàng nghìn": an order of magnitude.
    about: bool,
}

fn parse_unit(lx: &mut Lexer<'_>) -> UnitHint {
    match lx.peek().map(|t| t.tok) {
        Some(Tok::Percent) => {
            lx.next_token();
            UnitHint::Percent
        }
        Some(Tok::DongSign) => {
            lx.next_token();
            eat_rate(lx);
            UnitHint::Vnd
        }
        Some(Tok::Word(w)) => {
            if classify(w) == W::Currency {
                lx.next_token();
                eat_rate(lx);
                UnitHint::Vnd
            } else if lx.eat_words(&["phần", "trăm"]) {
                UnitHint::Percent
            } else {
                UnitHint::None
            }
        }
        _ => UnitHint::None,
    }
}

/// "/ngày", "/người/tháng" after a currency: the rate keeps the amount.
fn eat_rate(lx: &mut Lexer<'_>) {
    loop {
        let mut c = *lx;
        match (c.next_token(), c.next_token()) {
            (
                Some(Token {
                    tok: Tok::Slash, ..
                }),
                Some(Token {
                    tok: Tok::Word(w), ..
                }),
            ) if w.chars().nth(1).is_some() => *lx = c,
            _ => return,
        }
    }
}

/// Currency written before the amount: "vnd 50.000", "₫50.000".
fn eat_prefix_currency(lx: &mut Lexer<'_>) -> bool {
    let is_prefix = match lx.peek().map(|t| t.tok) {
        Some(Tok::DongSign) => true,
        Some(Tok::Word(w)) => word_eq(w, "vnd") || word_eq(w, "vnđ"),
        _ => false,
    };
    if is_prefix {
        lx.next_token();
    }
    is_prefix
}

fn parse_amount(lx: &mut Lexer<'_>) -> Option<Amount> {
    if lx.eat_word("hàng") {
        let mut v = 1.0f64;
        let mut n = 0;
        while let Some((w, _)) = peek_w(lx) {
            let f = match w {
                W::Chuc if n == 0 => 10.0,
                W::Tram if n == 0 => 100.0,
                W::Scale(s) => s,
                _ => break,
            };
            lx.next_token();
            v *= f;
            n += 1;
        }
        if n == 0 {
            return None;
        }
        let unit = parse_unit(lx);
        return Some(Amount {
            num: NumExpr {
                value: v,
                scaled: true,
                lead_factor: v,
                plain_year: false,
            },
            unit,
            about: true,
        });
    }
    let prefix_vnd = eat_prefix_currency(lx);
    let num = parse_number(lx)?;
    let unit = match (prefix_vnd, parse_unit(lx)) {
        (false, u) => u,
        (true, UnitHint::None | UnitHint::Vnd) => UnitHint::Vnd,
        (true, UnitHint::Percent) => return None,
    };
    Some(Amount {
        num,
        unit,
        about: false,
    })
}

fn eat_range_word(lx: &mut Lexer<'_>) -> bool {
    lx.eat_dash() || lx.eat_word("đến") || lx.eat_word("tới")
}

/// "trở lên" / "trở xuống".
fn parse_tro(lx: &mut Lexer<'_>) -> Option<Qualifier> {
    if lx.eat_words(&["trở", "lên"]) {
        Some(Qualifier::Over)
    } else if lx.eat_words(&["trở", "xuống"]) {
        Some(Qualifier::Under)
    } else {
        None
    }
}

/// Parse a quantity phrase (lowercase or any case; NFC): qualifier words,
/// digits or number words, multipliers, currency, percent, ranges.
/// `value` is the low end and `value_max` the high end of a range (qualifier
/// [`Qualifier::Range`]); the multiplier and unit of the right end apply to
/// both ends (`10-50 triệu đồng` = 1e7..5e7, `85-90%`). `None` when the phrase
/// is not (entirely) a quantity. See the module docs for the policy.
///
/// ```
/// use solieu::number::{parse_quantity, Qualifier, UnitHint};
///
/// let q = parse_quantity("trên 654 triệu đồng").unwrap();
/// assert_eq!((q.value, q.qualifier, q.unit), (654e6, Qualifier::Over, UnitHint::Vnd));
///
/// let r = parse_quantity("85-90%").unwrap();
/// assert_eq!((r.value, r.value_max, r.qualifier), (85.0, Some(90.0), Qualifier::Range));
///
/// assert_eq!(parse_quantity("hai mươi mốt nghìn không trăm mười một").map(|q| q.value), Some(21011.0));
/// assert!(parse_quantity("năm 2019").is_none());
/// ```
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let mut lx = Lexer::new(s);
    let qual = parse_qualifier(&mut lx);
    let from = lx.eat_word("từ");
    let between = !from && lx.eat_word("giữa");
    let a = parse_amount(&mut lx)?;
    let mut b = None;
    let mut tro = None;
    if between {
        if !lx.eat_word("và") {
            return None;
        }
        b = Some(parse_amount(&mut lx)?);
    } else if eat_range_word(&mut lx) {
        b = Some(parse_amount(&mut lx)?);
    } else {
        tro = parse_tro(&mut lx);
        if from && tro.is_none() {
            return None;
        }
    }
    if !lx.at_end() {
        return None;
    }
    let finite = |v: f64| v.is_finite() && v >= 0.0;
    match b {
        None => {
            let unit = merge_unit(a.unit, UnitHint::None)?;
            let qualifier = match (tro, qual) {
                (Some(q), _) => q,
                (None, Some(QualWord::Vuot)) if unit == UnitHint::Percent => Qualifier::Exact,
                (None, Some(QualWord::Over | QualWord::Vuot)) => Qualifier::Over,
                (None, Some(QualWord::Under)) => Qualifier::Under,
                (None, Some(QualWord::About)) => Qualifier::About,
                (None, None) if a.about => Qualifier::About,
                (None, None) => Qualifier::Exact,
            };
            finite(a.num.value).then_some(Quantity {
                value: a.num.value,
                value_max: None,
                qualifier,
                unit,
            })
        }
        Some(b) => {
            let unit = merge_unit(a.unit, b.unit)?;
            if unit == UnitHint::None && a.num.plain_year && b.num.plain_year {
                return None;
            }
            let hi = b.num.value;
            let mut lo = a.num.value;
            if !a.num.scaled && b.num.scaled {
                let scaled = lo * b.num.lead_factor;
                if scaled <= hi {
                    lo = scaled;
                }
            }
            if !(finite(lo) && finite(hi)) || lo > hi {
                return None;
            }
            Some(Quantity {
                value: lo,
                value_max: Some(hi),
                qualifier: Qualifier::Range,
                unit,
            })
        }
    }
}

fn merge_unit(a: UnitHint, b: UnitHint) -> Option<UnitHint> {
    match (a, b) {
        (UnitHint::None, u) | (u, UnitHint::None) => Some(u),
        (x, y) if x == y => Some(x),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Digits
// ---------------------------------------------------------------------------

/// Whether `groups` (the digit runs between grouping marks) group thousands
/// correctly: first 1–3 digits, then exactly 3.
fn grouping_ok<'a>(mut groups: impl Iterator<Item = &'a str>) -> bool {
    match groups.next() {
        Some(g) if (1..=3).contains(&g.len()) => groups.all(|g| g.len() == 3),
        _ => false,
    }
}

/// A single numeral in digits, read with the policy in the module docs:
/// Vietnamese grouping and decimal comma (`10.141` = 10141, `1.234.567`,
/// `1,5` = 1.5, `10.000,50` = 10000.5, `03` = 3) and unambiguous English
/// style (`1,234,567`, `7.4`).
pub fn parse_digits(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (&first, &last) = (b.first()?, b.last()?);
    if !first.is_ascii_digit() || !last.is_ascii_digit() {
        return None;
    }
    let (mut dots, mut commas, mut last_dot, mut last_comma) = (0usize, 0usize, 0usize, 0usize);
    let mut prev_sep = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => prev_sep = false,
            b'.' | b',' => {
                if prev_sep {
                    return None;
                }
                prev_sep = true;
                if c == b'.' {
                    dots += 1;
                    last_dot = i;
                } else {
                    commas += 1;
                    last_comma = i;
                }
            }
            _ => return None,
        }
    }
    // (grouping mark, decimal mark position)
    let (group, dec): (Option<u8>, Option<usize>) = match (dots, commas) {
        (0, 0) => {
            if first == b'0' && b.len() >= 4 {
                return None;
            }
            (None, None)
        }
        (d, c) if d > 0 && c > 0 => {
            if last_dot > last_comma {
                if d != 1 {
                    return None;
                }
                (Some(b','), Some(last_dot))
            } else {
                if c != 1 {
                    return None;
                }
                (Some(b'.'), Some(last_comma))
            }
        }
        (1, 0) => {
            let int = &s[..last_dot];
            let frac = &s[last_dot + 1..];
            if frac.len() == 3 && int.len() <= 3 && !int.starts_with('0') {
                (Some(b'.'), None)
            } else {
                (None, Some(last_dot))
            }
        }
        (_, 0) => (Some(b'.'), None),
        (0, 1) => (None, Some(last_comma)),
        (0, _) => (Some(b','), None),
        _ => return None,
    };
    let int_part = &s[..dec.unwrap_or(s.len())];
    let frac_part = dec.map(|d| &s[d + 1..]);
    if let Some(g) = group {
        if !grouping_ok(int_part.split(char::from(g))) {
            return None;
        }
    }
    digits_value(int_part, frac_part)
}

/// The value of `int_part` (digits and grouping marks) with an optional
/// fraction (digits only); exact rounding through a stack buffer.
fn digits_value(int_part: &str, frac_part: Option<&str>) -> Option<f64> {
    let mut buf = [0u8; 80];
    let mut n = 0usize;
    let mut fits = true;
    let digits = int_part.bytes().filter(u8::is_ascii_digit);
    for c in digits {
        if n >= buf.len() {
            fits = false;
            break;
        }
        buf[n] = c;
        n += 1;
    }
    if let Some(f) = frac_part {
        if fits && n + 1 + f.len() <= buf.len() {
            buf[n] = b'.';
            buf[n + 1..n + 1 + f.len()].copy_from_slice(f.as_bytes());
            n += 1 + f.len();
        } else {
            fits = false;
        }
    }
    let v = if fits {
        std::str::from_utf8(&buf[..n]).ok()?.parse::<f64>().ok()?
    } else {
        // Too long to be a real figure: a linear estimate that is infinite
        // or far beyond any plausible value.
        let mut v = 0.0f64;
        for c in int_part.bytes().filter(u8::is_ascii_digit) {
            v = v * 10.0 + f64::from(c - b'0');
        }
        v
    };
    v.is_finite().then_some(v)
}

/// Number words: không, một/mốt, hai, ba, bốn/tư, năm/lăm/nhăm, sáu,
/// bảy/bẩy, tám, chín, mười, mươi, chục, trăm, nghìn/ngàn, vạn, triệu, tỷ/tỉ,
/// linh/lẻ, rưỡi: "hai mươi mốt nghìn không trăm mười một" = 21011,
/// "một trăm lẻ ba" = 103, "mười lăm" = 15. `None` unless the whole string is
/// one well-formed number.
pub fn parse_words(s: &str) -> Option<f64> {
    let mut lx = Lexer::new(s);
    if !matches!(lx.peek()?.tok, Tok::Word(_)) {
        return None;
    }
    let n = parse_word_number(&mut lx)?;
    lx.at_end().then_some(n.value)
}

// ---------------------------------------------------------------------------
// Context checks for the engine
// ---------------------------------------------------------------------------

/// Words that turn a preceding "đồng" into something else than money
/// ("04 đồng chí", "50 đồng nghiệp").
const DONG_COMPOUNDS: &[&str] = &[
    "chí", "nghiệp", "bào", "thời", "ý", "hành", "lòng", "tâm", "đội", "phục", "loạt", "cấp", "hồ",
    "nhất", "chủ", "minh", "hương", "ruộng", "khởi", "diễn", "thuận", "sáng", "dạng", "môn",
    "niên", "hạng", "cảm", "lứa", "tộc", "quê", "đẳng", "tình",
];

/// Context checks the regex fragments cannot express (the `regex` crate has
/// no look-around). `before` is the text before the match, `matched` the
/// matched quantity phrase (or the whole rule match), `after` the text after;
/// all from the lowercased normalised text. Returns false when the match is
/// not a figure:
///
/// * glued on the left to a letter or digit, or to `/`, `:`, `.`, `,`, `-`,
///   `–` that follows a digit (`u23`, `30/8`, `15:07`, `2016-2021`, `1.234`;
///   but "đoàn viên/10.159" is a figure);
/// * followed by `/`, `:` or `-` and a digit or letter (`30/8`, `15:07`,
///   `01-ct/ubnd`); a letter right after is left to the rule and the
///   engine's word-boundary check of the whole match (`01tập thể`, `5g`);
/// * money ending in "đồng" that is really a compound word
///   ("04 đồng chí", "đồng nghiệp", "đồng thời"), or in "đ" followed by "/c"
///   ("1 đ/c" = đồng chí);
/// * a bare 4-digit number 1900–2100 right after "năm", "nhiệm kỳ",
///   "giai đoạn", "khóa" (a year, never a quantity);
/// * right after "thứ" or "lần" ("lần thứ 5", "thứ 2": ordinals, weekdays).
pub fn context_ok(before: &str, matched: &str, after: &str) -> bool {
    let mut bc = before.chars().rev();
    if let Some(c) = bc.next() {
        if c.is_alphanumeric() {
            return false;
        }
        // "30/8", "15:07", "2016-2021"; but "đoàn viên/10.159 CBCCVCLĐ" is a figure.
        if matches!(c, '/' | ':' | '.' | ',' | '-' | '–' | '—')
            && bc.next().is_some_and(|p| p.is_ascii_digit())
        {
            return false;
        }
    }
    // A letter right after the quantity is the rule's business ("01tập thể");
    // the engine checks the boundaries of the whole match.
    let mut ac = after.chars();
    if let Some(c) = ac.next() {
        if matches!(c, '/' | ':' | '-' | '–')
            && ac.next().is_some_and(|n| n.is_alphanumeric())
            && !(matched.ends_with('đ') || matched.ends_with("đồng"))
        {
            return false;
        }
    }
    let m = matched.trim_end();
    if m.ends_with("đồng") {
        let next = after.split_whitespace().next().unwrap_or("");
        let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
        if DONG_COMPOUNDS.contains(&next) {
            return false;
        }
    }
    if m.ends_with('đ') && after.starts_with("/c") {
        return false;
    }
    let prev_word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let lead = matched.trim_start();
    let ndig = lead.bytes().take_while(u8::is_ascii_digit).count();
    let glued_more = matches!(lead.as_bytes().get(ndig), Some(b'.' | b','))
        && lead
            .as_bytes()
            .get(ndig + 1)
            .is_some_and(u8::is_ascii_digit);
    let is_year = ndig == 4
        && !glued_more
        && lead[..4]
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y));
    if is_year && matches!(prev_word, "năm" | "kỳ" | "đoạn" | "khóa" | "khoá") {
        return false;
    }
    if matches!(prev_word, "thứ" | "lần") {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    use Qualifier::{About as A, Exact as E, Over as O, Range as R, Under as U};
    use UnitHint::{None as N, Percent as P, Vnd as V};

    type Case = (&'static str, f64, Option<f64>, Qualifier, UnitHint);

    /// phrase -> (value, value_max, qualifier, unit). Every phrase is also
    /// matched whole by the fragment of its unit (money, percent, count).
    const TABLE: &[Case] = &[
        // money: digit styles
        ("654 triệu đồng", 654e6, None, E, V),
        ("trên 654 triệu đồng", 654e6, None, O, V),
        ("trên 900 tỷ đồng", 900e9, None, O, V),
        ("trên 6 triệu đồng", 6e6, None, O, V),
        ("50.000đ", 5e4, None, E, V),
        ("50.000 đồng", 5e4, None, E, V),
        ("50.000 vnđ", 5e4, None, E, V),
        ("50.000vnd", 5e4, None, E, V),
        ("50.000₫", 5e4, None, E, V),
        ("50.000 ₫", 5e4, None, E, V),
        ("100.000ð", 1e5, None, E, V),
        ("vnd 50.000", 5e4, None, E, V),
        ("vnđ 2 triệu", 2e6, None, E, V),
        ("₫50.000", 5e4, None, E, V),
        ("1.234.567 đồng", 1234567.0, None, E, V),
        ("1.234.567.890 đồng", 1234567890.0, None, E, V),
        ("10.000,50 đồng", 10000.5, None, E, V),
        ("1,234,567 đồng", 1234567.0, None, E, V),
        ("1,234,567.50 đồng", 1234567.5, None, E, V),
        ("300 đồng", 300.0, None, E, V),
        ("03 triệu đồng", 3e6, None, E, V),
        // money: multipliers and compounds
        ("1,5 tỷ đồng", 1.5e9, None, E, V),
        ("2,5 triệu đồng", 2.5e6, None, E, V),
        ("5.2 triệu đồng", 5.2e6, None, E, V),
        ("1.200 tỷ đồng", 1.2e12, None, E, V),
        ("30 nghìn tỷ đồng", 3e13, None, E, V),
        ("2 ngàn tỷ đồng", 2e12, None, E, V),
        ("1 tỷ 200 triệu đồng", 1.2e9, None, E, V),
        ("3 triệu 500 nghìn đồng", 3.5e6, None, E, V),
        ("2 tỷ 350 triệu đồng", 2.35e9, None, E, V),
        ("1 tỷ 200 triệu 500 nghìn đồng", 1_200_500_000.0, None, E, V),
        ("1 triệu rưỡi đồng", 1.5e6, None, E, V),
        ("2 tỷ rưỡi đồng", 2.5e9, None, E, V),
        ("1tr5 đồng", 1.5e6, None, E, V),
        ("500k đồng", 5e5, None, E, V),
        ("500 nghìn đồng", 5e5, None, E, V),
        ("500 ngàn đồng", 5e5, None, E, V),
        ("10 vạn đồng", 1e5, None, E, V),
        ("600 triệu vnđ", 6e8, None, E, V),
        ("5 trăm triệu đồng", 5e8, None, E, V),
        ("1,5tỷ đồng", 1.5e9, None, E, V),
        ("12 tỉ đồng", 12e9, None, E, V),
        // money: rates
        ("50.000đ/ngày", 5e4, None, E, V),
        ("50.000 đồng/người/tháng", 5e4, None, E, V),
        ("200.000 đồng/suất", 2e5, None, E, V),
        ("12 triệu đồng/tháng", 12e6, None, E, V),
        ("3,5 triệu đồng / người", 3.5e6, None, E, V),
        // money: ranges
        ("10-50 triệu đồng", 1e7, Some(5e7), R, V),
        ("10 - 50 triệu đồng", 1e7, Some(5e7), R, V),
        ("10 – 50 triệu đồng", 1e7, Some(5e7), R, V),
        ("50.000đ-100.000đ", 5e4, Some(1e5), R, V),
        ("50.000đ - 100.000đ", 5e4, Some(1e5), R, V),
        ("50.000 - 100.000 đồng", 5e4, Some(1e5), R, V),
        ("từ 1 đến 2 triệu đồng", 1e6, Some(2e6), R, V),
        ("từ 1 tới 2 triệu đồng", 1e6, Some(2e6), R, V),
        ("từ 500 nghìn đến 1 triệu đồng", 5e5, Some(1e6), R, V),
        ("500 nghìn - 1 triệu đồng", 5e5, Some(1e6), R, V),
        ("500 nghìn đồng đến 1 triệu đồng", 5e5, Some(1e6), R, V),
        ("900.000 - 1 triệu đồng", 9e5, Some(1e6), R, V),
        ("1,5-2 tỷ đồng", 1.5e9, Some(2e9), R, V),
        ("5-7 nghìn tỷ đồng", 5e12, Some(7e12), R, V),
        ("giữa 3 và 5 triệu đồng", 3e6, Some(5e6), R, V),
        ("khoảng 10-15 triệu đồng", 1e7, Some(1.5e7), R, V),
        // money: qualifiers
        ("từ 5 triệu đồng trở lên", 5e6, None, O, V),
        ("10 triệu đồng trở lên", 1e7, None, O, V),
        ("500 nghìn đồng trở xuống", 5e5, None, U, V),
        ("hơn 1 tỷ đồng", 1e9, None, O, V),
        ("gần 2 tỷ đồng", 2e9, None, U, V),
        ("khoảng 300 triệu đồng", 3e8, None, A, V),
        ("xấp xỉ 1,2 tỷ đồng", 1.2e9, None, A, V),
        ("dưới 5 triệu đồng", 5e6, None, U, V),
        ("chưa đến 100 triệu đồng", 1e8, None, U, V),
        ("không quá 2 triệu đồng", 2e6, None, U, V),
        ("ít nhất 1 triệu đồng", 1e6, None, O, V),
        ("tối đa 50 triệu đồng", 5e7, None, U, V),
        ("tầm 500 nghìn đồng", 5e5, None, A, V),
        ("vượt 1 tỷ đồng", 1e9, None, O, V),
        ("vượt quá 500 triệu đồng", 5e8, None, O, V),
        ("trên dưới 1 tỷ đồng", 1e9, None, A, V),
        ("ước tính 3 tỷ đồng", 3e9, None, A, V),
        ("hàng trăm triệu đồng", 1e8, None, A, V),
        ("hàng tỷ đồng", 1e9, None, A, V),
        ("hàng chục tỷ đồng", 1e10, None, A, V),
        // money: words
        ("năm triệu đồng", 5e6, None, E, V),
        ("hai trăm nghìn đồng", 2e5, None, E, V),
        ("một tỷ đồng", 1e9, None, E, V),
        ("ba trăm triệu đồng", 3e8, None, E, V),
        ("hai mươi triệu đồng", 2e7, None, E, V),
        ("một triệu rưỡi đồng", 1.5e6, None, E, V),
        ("một nghìn tỷ đồng", 1e12, None, E, V),
        ("hơn hai tỷ đồng", 2e9, None, O, V),
        // percent
        ("98%", 98.0, None, E, P),
        ("vượt 98%", 98.0, None, E, P),
        ("100%", 100.0, None, E, P),
        ("100 %", 100.0, None, E, P),
        ("trên 70%", 70.0, None, O, P),
        ("hơn 80%", 80.0, None, O, P),
        ("ít nhất 50%", 50.0, None, O, P),
        ("tối thiểu 30%", 30.0, None, O, P),
        ("85-90%", 85.0, Some(90.0), R, P),
        ("85 - 90%", 85.0, Some(90.0), R, P),
        ("85 – 90 %", 85.0, Some(90.0), R, P),
        ("85%-90%", 85.0, Some(90.0), R, P),
        ("85% - 90%", 85.0, Some(90.0), R, P),
        ("từ 85 đến 90%", 85.0, Some(90.0), R, P),
        ("từ 85% đến 90%", 85.0, Some(90.0), R, P),
        ("từ 85% tới 90%", 85.0, Some(90.0), R, P),
        ("giữa 10 và 20%", 10.0, Some(20.0), R, P),
        ("khoảng 85-90%", 85.0, Some(90.0), R, P),
        ("0,5%", 0.5, None, E, P),
        ("2.5%", 2.5, None, E, P),
        ("7.4%", 7.4, None, E, P),
        ("12,75%", 12.75, None, E, P),
        ("33,3 %", 33.3, None, E, P),
        ("50 phần trăm", 50.0, None, E, P),
        ("năm mươi phần trăm", 50.0, None, E, P),
        ("một trăm phần trăm", 100.0, None, E, P),
        ("gần 100%", 100.0, None, U, P),
        ("khoảng 60%", 60.0, None, A, P),
        ("xấp xỉ 95%", 95.0, None, A, P),
        ("trên dưới 50%", 50.0, None, A, P),
        ("chừng 40%", 40.0, None, A, P),
        ("tầm 15%", 15.0, None, A, P),
        ("ước tính 60%", 60.0, None, A, P),
        ("dưới 5%", 5.0, None, U, P),
        ("chưa đến 10%", 10.0, None, U, P),
        ("không quá 3%", 3.0, None, U, P),
        ("ít hơn 20%", 20.0, None, U, P),
        ("90% trở lên", 90.0, None, O, P),
        ("từ 70% trở lên", 70.0, None, O, P),
        ("30% trở xuống", 30.0, None, U, P),
        // counts: digits
        ("10.141", 10141.0, None, E, N),
        ("9697", 9697.0, None, E, N),
        ("03", 3.0, None, E, N),
        ("01", 1.0, None, E, N),
        ("65", 65.0, None, E, N),
        ("1.500", 1500.0, None, E, N),
        ("0.500", 0.5, None, E, N),
        ("100.000", 1e5, None, E, N),
        ("1.000.000", 1e6, None, E, N),
        ("12.345.678", 12345678.0, None, E, N),
        ("1,234,567", 1234567.0, None, E, N),
        ("7.4", 7.4, None, E, N),
        ("0,5", 0.5, None, E, N),
        ("1,5 nghìn", 1500.0, None, E, N),
        ("5 vạn", 5e4, None, E, N),
        ("1tr5", 1.5e6, None, E, N),
        ("7tr", 7e6, None, E, N),
        ("2k5", 2500.0, None, E, N),
        // counts: qualifiers
        ("hơn 500", 500.0, None, O, N),
        ("hơn 30 nghìn", 3e4, None, O, N),
        ("hơn 1,2 triệu", 1.2e6, None, O, N),
        ("trên 200", 200.0, None, O, N),
        ("ít nhất 2", 2.0, None, O, N),
        ("tối thiểu 5", 5.0, None, O, N),
        ("khoảng 2.000", 2000.0, None, A, N),
        ("gần 1.500", 1500.0, None, U, N),
        ("xấp xỉ 300", 300.0, None, A, N),
        ("cỡ 200", 200.0, None, A, N),
        ("chừng 40", 40.0, None, A, N),
        ("khoảng chừng 60", 60.0, None, A, N),
        ("ước 1.000", 1000.0, None, A, N),
        ("trên dưới 100", 100.0, None, A, N),
        ("dưới 100", 100.0, None, U, N),
        ("chưa tới 50", 50.0, None, U, N),
        ("chưa đầy 20", 20.0, None, U, N),
        ("không đến 10", 10.0, None, U, N),
        ("không tới 10", 10.0, None, U, N),
        ("tối đa 30", 30.0, None, U, N),
        ("hàng trăm", 100.0, None, A, N),
        ("hàng nghìn", 1000.0, None, A, N),
        ("hàng ngàn", 1000.0, None, A, N),
        ("hàng chục", 10.0, None, A, N),
        ("hàng chục nghìn", 1e4, None, A, N),
        ("hàng trăm nghìn", 1e5, None, A, N),
        ("hàng vạn", 1e4, None, A, N),
        ("hàng triệu", 1e6, None, A, N),
        // counts: ranges
        ("10-15", 10.0, Some(15.0), R, N),
        ("10 – 15", 10.0, Some(15.0), R, N),
        ("10 đến 15", 10.0, Some(15.0), R, N),
        ("từ 10 đến 15", 10.0, Some(15.0), R, N),
        ("từ 10 tới 15", 10.0, Some(15.0), R, N),
        ("từ 10 - 15", 10.0, Some(15.0), R, N),
        ("giữa 10 và 15", 10.0, Some(15.0), R, N),
        ("1.500-2.000", 1500.0, Some(2000.0), R, N),
        ("2-3 nghìn", 2000.0, Some(3000.0), R, N),
        ("năm đến bảy", 5.0, Some(7.0), R, N),
        ("từ 50 trở lên", 50.0, None, O, N),
        ("50 trở lên", 50.0, None, O, N),
        ("từ 50 trở xuống", 50.0, None, U, N),
        // counts: words
        ("hai trăm", 200.0, None, E, N),
        ("mười lăm", 15.0, None, E, N),
        ("một trăm lẻ ba", 103.0, None, E, N),
        (
            "hai mươi mốt nghìn không trăm mười một",
            21011.0,
            None,
            E,
            N,
        ),
        ("ba", 3.0, None, E, N),
        ("năm", 5.0, None, E, N),
        ("mười", 10.0, None, E, N),
        ("hai mươi", 20.0, None, E, N),
        ("hai mươi tư", 24.0, None, E, N),
        ("ba mươi lăm", 35.0, None, E, N),
        ("bốn mươi tư", 44.0, None, E, N),
        ("năm mươi nhăm", 55.0, None, E, N),
        ("sáu mươi lăm", 65.0, None, E, N),
        ("bẩy mươi", 70.0, None, E, N),
        ("hai chục", 20.0, None, E, N),
        ("một nghìn", 1000.0, None, E, N),
        ("ba nghìn hai trăm", 3200.0, None, E, N),
        ("ba nghìn hai", 3200.0, None, E, N),
        ("hai trăm mốt", 210.0, None, E, N),
        ("một trăm linh năm", 105.0, None, E, N),
        ("một trăm rưỡi", 150.0, None, E, N),
        ("tám trăm linh tám", 808.0, None, E, N),
        ("chín trăm chín mươi chín", 999.0, None, E, N),
        ("một nghìn không trăm linh một", 1001.0, None, E, N),
        ("mười một nghìn", 11000.0, None, E, N),
        ("mười hai nghìn", 12000.0, None, E, N),
        ("một trăm nghìn", 1e5, None, E, N),
        ("năm trăm triệu", 5e8, None, E, N),
        ("một triệu", 1e6, None, E, N),
        ("hai triệu rưỡi", 2.5e6, None, E, N),
        ("hai tỷ", 2e9, None, E, N),
        ("bốn tỷ ba trăm triệu", 4.3e9, None, E, N),
        ("hơn hai trăm", 200.0, None, O, N),
        ("khoảng ba nghìn", 3000.0, None, A, N),
        ("gần một trăm", 100.0, None, U, N),
    ];

    /// Read by parse_quantity, not (necessarily) matched by a fragment.
    const PARSE_ONLY: &[Case] = &[
        ("Trên 50%", 50.0, None, O, P),
        ("HƠN 1 TỶ ĐỒNG", 1e9, None, O, V),
        ("Hai Mươi Mốt", 21.0, None, E, N),
        ("1tr250", 1.25e6, None, E, N),
        ("50.000 VNĐ", 5e4, None, E, V),
        ("50\u{a0}000", 0.0, None, E, N), // see NONE: not a single numeral
        ("một triệu một", 1.1e6, None, E, N),
        ("trăm", 100.0, None, E, N),
        ("15 triệu đồng/người/năm", 15e6, None, E, V),
        ("100000 đồng", 1e5, None, E, V),
        ("5 triệu đ", 5e6, None, E, V),
    ];

    /// Not quantities.
    const NONE: &[&str] = &[
        "",
        " ",
        "%",
        "đồng",
        "năm 2019",
        "năm nay",
        "một số",
        "ba mẹ",
        "2016-2021",
        "2016 – 2021",
        "15:07",
        "03/02/2017",
        "30/8",
        "30-4",
        "1.2.3",
        "1.5.2019",
        "0912345678",
        "0912.345.678",
        "u23",
        "5g",
        "xvi",
        "số 01-ct/ubnd",
        "04/kh-lđlđ",
        "mươi",
        "hai ba",
        "ba năm",
        "một trăm lẻ",
        "từ 50",
        "lần thứ 5",
        "10.",
        "1..2",
        ",5",
        "hàng năm",
        "vài trăm",
        "kỷ niệm 90 năm",
        "90 ngày",
        "1 đ/c",
        "04 đồng chí",
        "lượt xem: 1117",
        "1 triệu 2",
        "50 usd",
        "20-10",
        "50% đồng",
        "₫ 5%",
        "1.2345.678",
        "1,23.4",
        "10.000,5,5",
        "50\u{a0}000",
    ];

    fn check(c: &Case, got: Option<Quantity>) {
        let (s, v, max, q, u) = *c;
        let got = got.unwrap_or_else(|| panic!("{s:?}: no quantity"));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(close(got.value, v), "{s:?}: value {} != {v}", got.value);
        match (got.value_max, max) {
            (None, None) => {}
            (Some(a), Some(b)) => assert!(close(a, b), "{s:?}: value_max {a} != {b}"),
            (a, b) => panic!("{s:?}: value_max {a:?} != {b:?}"),
        }
        assert_eq!(got.qualifier, q, "{s:?}");
        assert_eq!(got.unit, u, "{s:?}");
    }

    #[test]
    fn table_parses() {
        assert!(TABLE.len() >= 150, "{} cases", TABLE.len());
        for c in TABLE {
            check(c, parse_quantity(c.0));
        }
        for c in PARSE_ONLY.iter().filter(|c| c.1 != 0.0) {
            check(c, parse_quantity(c.0));
        }
    }

    #[test]
    fn not_quantities() {
        for s in NONE {
            assert_eq!(parse_quantity(s), None, "{s:?}");
        }
    }

    #[test]
    fn digits_policy() {
        let ok: &[(&str, f64)] = &[
            ("10.141", 10141.0),
            ("1.234.567", 1234567.0),
            ("1,5", 1.5),
            ("10.000,50", 10000.5),
            ("03", 3.0),
            ("003", 3.0),
            ("0", 0.0),
            ("1,234,567", 1234567.0),
            ("1,234,567.89", 1234567.89),
            ("7.4", 7.4),
            ("4.0", 4.0),
            ("1.50", 1.5),
            ("1.5000", 1.5),
            ("0.500", 0.5),
            ("1234.567", 1234.567),
            ("10,141", 10.141),
            ("1.234,5", 1234.5),
            ("2019", 2019.0),
            ("0,1", 0.1),
            ("999.999.999.999", 999_999_999_999.0),
        ];
        for &(s, v) in ok {
            assert_eq!(parse_digits(s), Some(v), "{s}");
        }
        for s in [
            "",
            ".",
            ",",
            "1.",
            ".5",
            "1..2",
            "1.,2",
            "1.2.3",
            "12.34.567",
            "1,2,3",
            "1.000,5,5",
            "0912345678",
            "1 000",
            "-5",
            "1a",
            "١٢",
        ] {
            assert_eq!(parse_digits(s), None, "{s}");
        }
    }

    #[test]
    fn words() {
        let ok: &[(&str, f64)] = &[
            ("hai mươi mốt nghìn không trăm mười một", 21011.0),
            ("một trăm lẻ ba", 103.0),
            ("mười lăm", 15.0),
            ("không", 0.0),
            ("mốt", 1.0),
            (
                "chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
                999_999.0,
            ),
            ("hai tỷ không trăm linh năm triệu", 2_005_000_000.0),
            ("một nghìn tỷ", 1e12),
            ("ba vạn", 3e4),
            ("hai nghìn rưỡi", 2500.0),
            ("bảy trăm nghìn", 7e5),
        ];
        for &(s, v) in ok {
            assert_eq!(parse_words(s), Some(v), "{s}");
        }
        for s in [
            "",
            "năm 2019",
            "5",
            "hai hai",
            "mươi",
            "trăm trăm",
            "linh",
            "rưỡi",
            "tỷ",
        ] {
            assert_eq!(parse_words(s), None, "{s}");
        }
    }

    #[test]
    fn qualifier_names() {
        for q in [A, E, O, U, R] {
            assert_eq!(Qualifier::parse(q.as_str()), Some(q));
        }
        assert_eq!(Qualifier::parse(" Over "), Some(O));
        assert_eq!(Qualifier::parse("trên"), None);
    }

    #[test]
    fn context_checks() {
        let ok = [
            (
                "quyên góp được ",
                "trên 654 triệu đồng",
                " cho chương trình",
            ),
            ("", "85-90%", " nữ cán bộ"),
            ("với ", "10.141", " đoàn viên/10.159"),
            ("hỗ trợ ", "50.000đ/ngày", ", "),
            ("(", "100%", ")"),
            ("đoàn viên/", "10.159", " cbccvclđ"),
            ("trong đó, ", "01", "tập thể được"),
        ];
        for (b, m, a) in ok {
            assert!(context_ok(b, m, a), "{b}|{m}|{a}");
        }
        let bad = [
            ("u", "23", " việt nam"),
            ("ngày 03/", "02", "/2017"),
            ("lúc ", "15", ":07"),
            ("giai đoạn 2016-", "2021", ""),
            ("số ", "01", "-ct/ubnd"),
            ("kết nạp được ", "04 đồng", " chí vào"),
            ("có ", "50 đồng", " nghiệp"),
            ("", "1 đ", "/c trúng cử"),
            ("năm ", "2019", ", công đoàn"),
            ("nhiệm kỳ ", "2018", " - 2023"),
            ("lần thứ ", "5", ", "),
        ];
        for (b, m, a) in bad {
            assert!(!context_ok(b, m, a), "{b}|{m}|{a}");
        }
    }

    // ----- fragments ---------------------------------------------------------

    /// The `[fragments]` table of rules/fragments.toml: `name = '…'` lines
    /// (TOML literal strings), comments and blank lines.
    fn load_fragments() -> HashMap<String, String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/fragments.toml");
        let text = std::fs::read_to_string(path).expect("rules/fragments.toml");
        let mut out = HashMap::new();
        let mut in_table = false;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                in_table = line == "[fragments]";
                continue;
            }
            assert!(in_table, "outside [fragments]: {line}");
            let (name, val) = line.split_once('=').expect("name = '…'");
            let val = val.trim();
            assert!(
                val.len() >= 2 && val.starts_with('\'') && val.ends_with('\''),
                "not a literal string: {line}"
            );
            let prev = out.insert(name.trim().to_string(), val[1..val.len() - 1].to_string());
            assert!(prev.is_none(), "duplicate fragment {name}");
        }
        out
    }

    /// Expand `{name}` references (identifiers only; `{2,3}` is left alone).
    fn expand(frags: &HashMap<String, String>, pat: &str, depth: usize) -> String {
        assert!(depth < 32, "fragment cycle in {pat}");
        let mut out = String::new();
        let mut rest = pat;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let is_ref = name_len > 0
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && after[name_len..].starts_with('}');
            if is_ref {
                let body = frags
                    .get(name)
                    .unwrap_or_else(|| panic!("unknown fragment {{{name}}}"));
                out.push_str("(?:");
                out.push_str(&expand(frags, body, depth + 1));
                out.push(')');
                rest = &after[name_len + 1..];
            } else {
                out.push('{');
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }

    fn compiled() -> HashMap<String, regex::Regex> {
        let frags = load_fragments();
        let mut out = HashMap::new();
        for (name, body) in &frags {
            assert!(!body.contains("\\b"), "{name}: no \\b");
            assert!(!body.contains("(?i"), "{name}: no (?i)");
            assert!(!body.contains("\\d"), "{name}: use [0-9]");
            let mut esc = 0;
            for c in body.chars() {
                if esc > 0 {
                    esc = if c == 'p' || c == 'P' { 1 } else { 0 };
                    continue;
                }
                if c == '\\' {
                    esc = 1;
                    continue;
                }
                assert!(!c.is_uppercase(), "{name}: lowercase only");
            }
            let full = format!("^(?:{})$", expand(&frags, body, 0));
            let re = regex::Regex::new(&full).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.insert(name.clone(), re);
        }
        for name in [
            "digits",
            "number_word",
            "number",
            "multiplier",
            "qualifier",
            "count",
            "money",
            "percent",
        ] {
            assert!(out.contains_key(name), "missing fragment {name}");
        }
        out
    }

    fn fragment_for(u: UnitHint) -> &'static str {
        match u {
            UnitHint::Vnd => "money",
            UnitHint::Percent => "percent",
            UnitHint::None => "count",
        }
    }

    #[test]
    fn fragments_match_table() {
        let res = compiled();
        for c in TABLE {
            let name = fragment_for(c.4);
            let m = res[name]
                .find(c.0)
                .unwrap_or_else(|| panic!("{name} does not match {:?}", c.0));
            check(c, parse_quantity(m.as_str()));
        }
        for s in ["10.141", "1,5", "1.234.567", "03"] {
            assert!(res["digits"].is_match(s), "digits {s}");
        }
        for s in [
            "hai mươi mốt nghìn không trăm mười một",
            "một trăm lẻ ba",
            "mười lăm",
        ] {
            assert!(res["number_word"].is_match(s), "number_word {s}");
        }
        for s in [
            "nghìn",
            "ngàn",
            "vạn",
            "triệu",
            "tỷ",
            "tỉ",
            "nghìn tỷ",
            "triệu rưỡi",
        ] {
            assert!(res["multiplier"].is_match(s), "multiplier {s}");
        }
    }

    #[test]
    fn fragments_reject() {
        let res = compiled();
        for name in ["money", "percent"] {
            for s in [
                "năm 2019",
                "2016-2021",
                "15:07",
                "03/02/2017",
                "4.0",
                "5g",
                "u23",
                "một số",
                "năm nay",
                "ba mẹ",
                "90 ngày",
                "1 đ",
                "hàng năm",
                "2019",
            ] {
                assert!(!res[name].is_match(s), "{name} matches {s:?}");
            }
        }
        for s in [
            "năm nay",
            "một số",
            "ba mẹ",
            "hàng năm",
            "không",
            "tư",
            "mươi",
        ] {
            assert!(!res["count"].is_match(s), "count matches {s:?}");
        }
        // Runs of number words are matched loosely; the grammar is checked
        // by parse_quantity, which the engine runs on every match.
        for s in ["ba năm", "hai tư", "một không", "mười mười"] {
            assert!(res["count"].is_match(s), "count {s:?}");
            assert!(parse_quantity(s).is_none(), "parsed {s:?}");
        }
    }

    /// Scan like the engine: leftmost matches, context checks, parse.
    fn scan(re: &regex::Regex, text: &str) -> Vec<(String, Quantity)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = re.find_at(text, pos) {
            let (b, a) = (&text[..m.start()], &text[m.end()..]);
            match parse_quantity(m.as_str()).filter(|_| context_ok(b, m.as_str(), a)) {
                Some(q) => {
                    out.push((m.as_str().to_string(), q));
                    pos = m.end();
                }
                None => {
                    pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
            if pos >= text.len() {
                break;
            }
        }
        out
    }

    #[test]
    fn scanning_sentences() {
        let frags = load_fragments();
        let re = |n: &str| regex::Regex::new(&expand(&frags, &frags[n], 0)).expect("compiles");
        let (money, percent) = (re("money"), re("percent"));
        let none = [
            "Ngày 30/8/2019, lúc 15:07 - 03/09/2019, giai đoạn 2016-2021, năm 2019.",
            "Cách mạng công nghiệp 4.0 và mạng 5G, đội U23 Việt Nam.",
            "Kết nạp được 04 đồng chí, 1 đ/c trúng cử, 50 đồng nghiệp.",
            "Lượt xem: 1117 | số 01-CT/UBND, 04/KH-LĐLĐ.",
        ];
        for s in none {
            let l = s.to_lowercase();
            assert!(
                scan(&money, &l).is_empty(),
                "money in {s}: {:?}",
                scan(&money, &l)
            );
            assert!(scan(&percent, &l).is_empty(), "percent in {s}");
        }
        let l = "năm 2014, quyên góp trên 654 triệu đồng, vượt 98% kế hoạch; 85-90% nữ cán bộ.";
        let m = scan(&money, l);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].1.value, 654e6);
        let p = scan(&percent, l);
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].1.value_max, Some(90.0));
    }

    #[test]
    fn linear_on_huge_input() {
        let big = "9".repeat(1_000_000);
        assert_eq!(parse_digits(&big), None);
        assert_eq!(parse_quantity(&big), None);
        let dotted = "1.000".repeat(100_000);
        assert_eq!(parse_digits(&dotted), None);
        let words = "một ".repeat(100_000);
        assert_eq!(parse_words(&words), None);
    }
}
