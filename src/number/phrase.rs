//! Quantity phrases: qualifier, amount (digits or words, multipliers,
//! currency, percent), ranges, "trở lên".

use super::lexer::{word_eq, Lexer, Tok, Token};
use super::scale::{parse_number, NumExpr};
use super::words::{classify, peek_w, W};
use super::{Qualifier, Quantity, UnitHint};

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
            if classify(w) == W::Currency && !super::context::dong_compound(lx) {
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

/// "trở lên" / "trở xuống" at byte `pos` of `s` (after any spaces): the
/// bound a figure's words end with ("từ 20 học sinh trở lên").
pub fn bound_at(s: &str, pos: usize) -> Option<Qualifier> {
    parse_tro(&mut Lexer::at(s, pos))
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
    let r = read(s, 0, false)?;
    (r.end == s.trim_end().len() && r.total.is_none()).then_some(r.quantity)
}

/// A quantity read from running text by [`read_quantity`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub quantity: Quantity,
    /// The whole of a fraction: "215/340" reads 215 of 340.
    pub total: Option<f64>,
    /// Where the first numeral starts (after qualifier words, "từ", "giữa").
    pub num_start: usize,
    /// Where the phrase ends.
    pub end: usize,
    /// A multiplier word scales the amount ("12 triệu", "hàng nghìn").
    pub scaled: bool,
    /// The amount is written in words ("ba", "hai mươi").
    pub words: bool,
    /// A single digit word and nothing else ("ba", "một").
    pub bare_word: bool,
    /// A plain four-digit number 1900–2100 ("2019").
    pub year_like: bool,
    /// A fraction that could be a day and a month ("3/5").
    pub date_like: bool,
}

/// Read the longest quantity phrase starting at byte `at` of `s` (which
/// must be a char boundary): qualifier, "từ"/"giữa", the amount, a range
/// or "trở lên/xuống", the unit, and the whole of a fraction ("31/36").
/// Unlike [`parse_quantity`] the phrase may be followed by anything; a
/// range whose right end is no number ("từ 2019 đến nay") is read as its
/// left end alone, and a range that is a period or a date ("2016-2021",
/// "30-4") is no quantity.
pub fn read_quantity(s: &str, at: usize) -> Option<Reading> {
    read(s, at, true)
}

fn read(s: &str, at: usize, greedy: bool) -> Option<Reading> {
    let mut lx = Lexer::at(s, at);
    let qual = parse_qualifier(&mut lx);
    let from = lx.eat_word("từ");
    let between = !from && lx.eat_word("giữa");
    let (num_start, words) = {
        // Past a currency written first ("vnd 50.000"), where the numeral starts.
        let mut c = lx;
        eat_prefix_currency(&mut c);
        let words = matches!(c.peek()?.tok, Tok::Word(w) if !word_eq(w, "hàng"));
        (c.next_start(), words)
    };
    let a = parse_amount(&mut lx)?;
    let a_end = lx.pos;
    let bare_word = words && !a.about && !s[num_start..a_end].contains(char::is_whitespace);
    let mut total = None;
    let mut date_like = false;
    let mut a = a;
    if !from && !between && !words && a.unit == UnitHint::None && !a.num.scaled && !a.about {
        if let Some(f) = fraction(&mut lx, &s[num_start..a_end])? {
            total = Some(f.whole);
            date_like = f.date_like;
            a.num.value = f.value;
            a.num.scaled = f.scaled;
            a.unit = f.unit;
        }
    }
    let mut b = None;
    let mut tro = None;
    if total.is_some() {
        // A fraction stands alone: no range, no "trở lên".
    } else if between {
        if !lx.eat_word("và") {
            return None;
        }
        b = Some(parse_amount(&mut lx)?);
    } else {
        let before_range = lx;
        if eat_range_word(&mut lx) {
            match parse_amount(&mut lx) {
                Some(x) => b = Some(x),
                None if greedy => lx = before_range,
                None => return None,
            }
        }
        if b.is_none() {
            tro = parse_tro(&mut lx);
            if from && tro.is_none() {
                return None;
            }
        }
    }
    let finite = |v: f64| v.is_finite() && v >= 0.0;
    let quantity = match b {
        None => {
            let unit = a.unit;
            let qualifier = match (tro, qual) {
                (Some(q), _) => q,
                (None, Some(QualWord::Vuot)) if unit == UnitHint::Percent => Qualifier::Exact,
                (None, Some(QualWord::Over | QualWord::Vuot)) => Qualifier::Over,
                (None, Some(QualWord::Under)) => Qualifier::Under,
                (None, Some(QualWord::About)) => Qualifier::About,
                (None, None) if a.about => Qualifier::About,
                (None, None) => Qualifier::Exact,
            };
            if !finite(a.num.value) {
                return None;
            }
            Quantity {
                value: a.num.value,
                value_max: None,
                qualifier,
                unit,
            }
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
            Quantity {
                value: lo,
                value_max: Some(hi),
                qualifier: Qualifier::Range,
                unit,
            }
        }
    };
    let scaled = a.num.scaled || a.about || b.is_some_and(|b| b.num.scaled);
    let quantity = Quantity {
        value: tidy(quantity.value),
        value_max: quantity.value_max.map(tidy),
        ..quantity
    };
    Some(Reading {
        quantity,
        total: total.map(tidy),
        num_start,
        end: lx.pos,
        scaled,
        words,
        bare_word: bare_word && b.is_none(),
        year_like: a.num.plain_year && b.is_none() && total.is_none(),
        date_like,
    })
}

/// The double nearest to `v` written with 15 significant digits: a decimal
/// scaled by a multiplier carries binary noise ("8,3 triệu" is 8.3 × 10⁶ =
/// 8300000.000000001), which a figure must not. Any value written with at
/// most 15 significant digits comes back exactly as written.
pub(crate) fn tidy(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let e = v.abs().log10().floor() as i32;
    if !(-8..=300).contains(&e) {
        return v;
    }
    if e <= 14 {
        // 10^(14 - e) is exact up to 10^22, so the division rounds correctly.
        let p = 10f64.powi(14 - e);
        (v * p).round() / p
    } else {
        let p = 10f64.powi(e - 14);
        (v / p).round() * p
    }
}

/// "/M" glued after the numerator: the whole of a fraction ("31/36"), or
/// an achieved-over-planned pair written the same way ("2.090/2.060 tỷ
/// đồng"). The multiplier and unit after the whole apply to both ("25/128
/// tỉ đồng" = 25e9 of 128e9). Returns the numerator's value (scaled), the
/// whole, its unit, and whether "n/M" could be a day and a month.
/// `Some(None)`: no fraction follows; `None`: what follows makes it no
/// quantity (a full date "3/5/2019", a document number "01/2020/tt").
fn fraction(lx: &mut Lexer<'_>, n: &str) -> Option<Option<Fraction>> {
    let mut c = *lx;
    let (Some(slash), Some(den)) = (c.next_token(), c.peek()) else {
        return Some(None);
    };
    let m_text = match (slash, den) {
        (
            Token {
                tok: Tok::Slash,
                spaced: false,
            },
            Token {
                tok: Tok::Num(m),
                spaced: false,
            },
        ) => m,
        _ => return Some(None),
    };
    let whole = parse_amount(&mut c)?;
    // "3/5/2019", "01/2020/tt-blđtbxh": a date or a document number.
    if let Some(Token {
        tok: Tok::Slash,
        spaced: false,
    }) = c.peek()
    {
        return None;
    }
    let nv = super::parse_digits(n)?;
    let int = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let year = |t: &str, v: f64| t.len() == 4 && int(t) && (1900.0..=2100.0).contains(&v);
    // "2023/2024": a school or fiscal year.
    if year(n, nv) && year(m_text, whole.num.value) {
        return None;
    }
    let plain = !whole.num.scaled && whole.unit == UnitHint::None;
    let date_like = plain
        && int(n)
        && int(m_text)
        && (1.0..=31.0).contains(&nv)
        && (1.0..=12.0).contains(&whole.num.value);
    if whole.num.value <= 0.0 || whole.about {
        return None;
    }
    *lx = c;
    Some(Some(Fraction {
        value: nv * whole.num.lead_factor,
        whole: whole.num.value,
        unit: whole.unit,
        scaled: whole.num.scaled,
        date_like,
    }))
}

struct Fraction {
    value: f64,
    whole: f64,
    unit: UnitHint,
    scaled: bool,
    date_like: bool,
}

fn merge_unit(a: UnitHint, b: UnitHint) -> Option<UnitHint> {
    match (a, b) {
        (UnitHint::None, u) | (u, UnitHint::None) => Some(u),
        (x, y) if x == y => Some(x),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_decimals_are_exact() {
        for (text, value) in [
            ("8,3 triệu lượt", 8_300_000.0),
            ("17,1 tỉ USD", 17_100_000_000.0),
            ("1,506 triệu", 1_506_000.0),
            ("2,35 nghìn", 2_350.0),
        ] {
            let r = read_quantity(text, 0).expect(text);
            assert_eq!(r.quantity.value, value, "{text}");
        }
        assert_eq!(tidy(1.2345 * 1000.0), 1234.5);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        for v in [3.5, 10141.0, 0.06, 1e-9, 123456789012345.0, -4.4] {
            assert_eq!(tidy(v), v);
        }
    }
    use crate::number::{parse_digits, parse_words};

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
        // "đ/c" is đồng chí, but a rate per shift is money.
        ("300.000đ/ca", 3e5, None, E, V),
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
