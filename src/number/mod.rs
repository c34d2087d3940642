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
//! 7. Single spaces (NBSP and U+202F are spaces after normalisation): thousands
//!    grouping when the first group has 1–3 digits, not starting with `0`, and
//!    every later group exactly three (`10 141` = 10141, `1 234 567`); the
//!    lexer joins such groups into one numeral only then, so "2019 141" stays
//!    two numbers.
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
//!
//! # Layout
//!
//! [`lexer`] tokens, [`digits`] numerals in digits, [`words`] numbers in
//! words, [`scale`] multipliers, [`phrase`] whole quantity phrases
//! (qualifiers, units, ranges), [`context`] checks around a quantity.

mod context;
mod digits;
mod lexer;
mod phrase;
mod scale;
mod words;

pub use context::context_ok;
pub use digits::parse_digits;
pub use phrase::{bound_at, parse_quantity, read_quantity, Reading};
pub use words::parse_words;

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

#[cfg(test)]
mod tests {
    use super::*;
    use Qualifier::{About as A, Exact as E, Over as O, Range as R, Under as U};

    #[test]
    fn qualifier_names() {
        for q in [A, E, O, U, R] {
            assert_eq!(Qualifier::parse(q.as_str()), Some(q));
        }
        assert_eq!(Qualifier::parse(" Over "), Some(O));
        assert_eq!(Qualifier::parse("trên"), None);
    }
}
