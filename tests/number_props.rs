//! Property tests of the Vietnamese number reader (`solieu::number`):
//! it never panics and stays linear on any input, and numbers generated in
//! every supported style read back exactly.

use std::collections::HashMap;

use proptest::prelude::*;

mod common;
use solieu::number::{
    parse_digits, parse_quantity, parse_words, read_quantity, Qualifier, UnitHint,
};

// ---------------------------------------------------------------------------
// Writers: integers in each style
// ---------------------------------------------------------------------------

/// Vietnamese grouping: 1234567 -> "1.234.567".
fn vn_grouped(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Spelling variants, picked by the bits of `v`.
struct Variant(u32);

impl Variant {
    fn pick<'a>(&self, bit: u32, a: &'a str, b: &'a str) -> &'a str {
        if self.0 >> bit & 1 == 0 {
            a
        } else {
            b
        }
    }
}

/// One group 0..=999. `full`: a group after a higher one ("không trăm",
/// "linh"). Returns words appended to `out`.
fn group_words(n: u64, full: bool, v: &Variant, out: &mut Vec<String>) {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let has_hundreds = h > 0 || full;
    if has_hundreds {
        out.push(DIGITS[h].to_string());
        out.push("trăm".to_string());
    }
    match t {
        0 => {
            if u > 0 {
                if has_hundreds {
                    out.push(v.pick(0, "linh", "lẻ").to_string());
                }
                out.push(DIGITS[u].to_string());
            }
        }
        1 => {
            out.push("mười".to_string());
            match u {
                0 => {}
                5 => out.push("lăm".to_string()),
                _ => out.push(DIGITS[u].to_string()),
            }
        }
        _ => {
            out.push(DIGITS[t].to_string());
            out.push("mươi".to_string());
            match u {
                0 => {}
                1 => out.push("mốt".to_string()),
                4 => out.push(v.pick(1, "tư", "bốn").to_string()),
                5 => out.push(v.pick(2, "lăm", "nhăm").to_string()),
                _ => out.push(DIGITS[u].to_string()),
            }
        }
    }
}

/// Integers below 1e15 in words, as written out in full:
/// 21011 -> "hai mươi mốt nghìn không trăm mười một",
/// 1_234_000_000_000 -> "một nghìn hai trăm ba mươi tư tỷ".
fn words(n: u64, v: &Variant) -> String {
    if n == 0 {
        return "không".to_string();
    }
    let mut out = Vec::new();
    let ty = n / 1_000_000_000;
    let rest = n % 1_000_000_000;
    let mut started = false;
    if ty > 0 {
        below_billion(ty, false, v, &mut out);
        out.push(v.pick(3, "tỷ", "tỉ").to_string());
        started = true;
    }
    below_billion(rest, started, v, &mut out);
    out.join(" ")
}

fn below_billion(n: u64, started: bool, v: &Variant, out: &mut Vec<String>) {
    let nghin = v.pick(4, "nghìn", "ngàn");
    let scales: [(u64, &str); 3] = [(1_000_000, "triệu"), (1_000, nghin), (1, "")];
    let mut started = started;
    for (s, name) in scales {
        let g = n / s % 1000;
        if g == 0 {
            continue;
        }
        group_words(g, started, v, out);
        if !name.is_empty() {
            out.push(name.to_string());
        }
        started = true;
    }
}

// ---------------------------------------------------------------------------
// A grammar of quantity phrases, to generate strings the reader must read
// whole: every qualifier, multiplier, range and currency form it supports.
// ---------------------------------------------------------------------------

const GRAMMAR: &[(&str, &str)] = &[
    ("digits", r"(?:[0-9]+(?:[.,][0-9]+)*)"),
    ("nw_digit", r"(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)"),
    (
        "nw_word",
        r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|chục|trăm|linh|lẻ|không|rưỡi|nghìn|ngàn|vạn|triệu|tỷ|tỉ)",
    ),
    ("scale_word", r"(?:nghìn|ngàn|vạn|triệu|tỷ|tỉ)"),
    (
        "number_word",
        r"(?:(?:{nw_digit}|mười|không\s+trăm)(?:\s+{nw_word})*)",
    ),
    ("number", r"(?:{digits}|{number_word})"),
    (
        "mult_base",
        r"(?:(?:trăm|{scale_word})(?:\s+{scale_word}){0,2})",
    ),
    ("multiplier", r"(?:{mult_base}(?:\s+rưỡi)?)"),
    (
        "num_scaled",
        r"(?:{digits}(?:(?:tr|k)[0-9]{0,3}|\s*{mult_base}(?:\s+{digits}\s*{mult_base})*(?:\s+rưỡi)?))",
    ),
    ("amount", r"(?:{num_scaled}|{digits}|{number_word})"),
    (
        "hang_amount",
        r"(?:hàng\s+(?:chục|trăm|{scale_word})(?:\s+{scale_word}){0,2})",
    ),
    (
        "qualifier",
        r"(?:trên(?:\s+dưới)?|hơn|vượt(?:\s+quá)?|ít\s+(?:nhất|hơn)|tối\s+(?:thiểu|đa)|dưới|chưa\s+(?:đến|tới|đầy)|không\s+(?:quá|đến|tới)|gần|khoảng(?:\s+chừng)?|xấp\s+xỉ|tầm|chừng|ước(?:\s+tính)?|cỡ)",
    ),
    ("range_sep", r"(?:\s*[-–—]\s*)"),
    ("range_to", r"(?:\s*[-–—]\s*|\s+(?:đến|tới)\s+)"),
    ("tro", r"(?:\s+trở\s+(?:lên|xuống))"),
    ("count_amount", r"(?:{amount}|{hang_amount})"),
    (
        "count",
        r"(?:(?:{qualifier}\s+)?(?:từ\s+{count_amount}(?:{range_to}{count_amount}|{tro})|giữa\s+{count_amount}\s+và\s+{count_amount}|{count_amount}(?:{range_to}{count_amount}|{tro})?))",
    ),
    ("currency", r"(?:vnđ|vnd|đồng|[đð]|₫)"),
    ("currency_word", r"(?:vnđ|vnd|đồng|₫)"),
    ("rate", r"(?:\s*/\s*\pL{2,}){0,2}"),
    (
        "money_amount",
        r"(?:(?:(?:{num_scaled}|{hang_amount}|{number_word})(?:\s+{currency_word}|\s*₫)|{digits}(?:\s*{currency_word}|[đð])){rate}|(?:vnđ|vnd|₫)\s*(?:{num_scaled}|{digits})|{digits}tr[0-9]{0,3})",
    ),
    (
        "money_left",
        r"(?:(?:{num_scaled}|{number_word})(?:\s+{currency_word}|\s*₫)?|{digits}(?:\s*{currency_word}|[đð])?)",
    ),
    (
        "money",
        r"(?:(?:{qualifier}\s+)?(?:từ\s+(?:{money_left}{range_to}{money_amount}|{money_amount}{tro})|giữa\s+{money_left}\s+và\s+{money_amount}|{money_left}{range_to}{money_amount}|{money_amount}{tro}?))",
    ),
    ("pct_num", r"(?:{digits}|{number_word})"),
    ("pct_sign", r"(?:\s*%|\s+phần\s+trăm)"),
    (
        "percent",
        r"(?:(?:{qualifier}\s+)?(?:từ\s+{pct_num}(?:{pct_sign}?{range_to}{pct_num}{pct_sign}|{pct_sign}{tro})|giữa\s+{pct_num}{pct_sign}?\s+và\s+{pct_num}{pct_sign}|{pct_num}{pct_sign}?{range_to}{pct_num}{pct_sign}|{pct_num}{pct_sign}{tro}?))",
    ),
];

fn fragments() -> HashMap<String, String> {
    GRAMMAR
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn expand(frags: &HashMap<String, String>, pat: &str) -> String {
    let mut out = String::new();
    let mut rest = pat;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let n = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..n];
        if n > 0 && !name.starts_with(|c: char| c.is_ascii_digit()) && after[n..].starts_with('}') {
            out.push_str("(?:");
            out.push_str(&expand(frags, &frags[name]));
            out.push(')');
            rest = &after[n + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The grammar of numbers in words that `parse_words` reads (the
/// `{number_word}` above is looser: any run of number words).
const NUMBER_WORD_GRAMMAR: [(&str, &str); 6] = [
    // After tens or hundreds, five is "lăm"/"nhăm": "hai mươi năm" is twenty years.
    ("nw_unit", "(?:một|mốt|hai|ba|bốn|tư|lăm|nhăm|sáu|bảy|bẩy|tám|chín)"),
    ("nw_tens", "(?:mười(?:\\s+{nw_unit})?|{nw_digit}\\s+(?:mươi(?:\\s+{nw_unit})?|chục))"),
    ("nw_hundreds", "(?:(?:{nw_digit}|không)\\s+trăm(?:\\s+(?:(?:linh|lẻ)\\s+{nw_unit}|{nw_tens}|rưỡi|{nw_unit}))?)"),
    ("nw_below1000", "(?:{nw_hundreds}|{nw_tens}|{nw_digit})"),
    ("nw_chunk", "(?:{nw_below1000}\\s+{scale_word}(?:\\s+{scale_word})?)"),
    // After a multiplier a lone "năm" is the noun year ("ba nghìn năm").
    ("number_word", "(?:{nw_chunk}(?:\\s+{nw_chunk})*(?:\\s+(?:rưỡi|{nw_hundreds}|{nw_tens}|{nw_unit}))?|{nw_below1000})"),
];

/// The expanded fragment `name`, with `{digits}` narrowed to well-formed
/// Vietnamese numerals, `{number_word}` to the grammar of number words and
/// whitespace to plain spaces, so that every string generated from it must
/// read back.
fn wellformed(name: &str) -> String {
    let mut f = fragments();
    f.insert(
        "digits".into(),
        "(?:[1-9][0-9]{0,2}(?:\\.[0-9]{3}){0,3}(?:,[0-9]{1,2})?)".into(),
    );
    for (k, v) in NUMBER_WORD_GRAMMAR {
        f.insert(k.into(), v.into());
    }
    for v in f.values_mut() {
        *v = v.replace("\\s*", " ?").replace("\\s+", " ");
    }
    expand(&f, &f[name])
}

fn is_range_phrase(s: &str) -> bool {
    s.contains(['-', '–', '—']) || s.contains("đến") || s.contains("tới") || s.contains(" và ")
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(common::proptest_config(512))]

    #[test]
    fn never_panics_on_any_string(s in ".*") {
        let _ = parse_quantity(&s);
        let _ = parse_digits(&s);
        let _ = parse_words(&s);
    }

    #[test]
    fn never_panics_on_number_like_text(
        parts in prop::collection::vec(
            prop_oneof![
                "[0-9]{1,6}", Just(".".to_string()), Just(",".to_string()),
                Just(" ".to_string()), Just("-".to_string()), Just("–".to_string()),
                Just("%".to_string()), Just("/".to_string()), Just("₫".to_string()),
                Just("đ".to_string()), Just("đồng".to_string()), Just("tr".to_string()),
                Just("k".to_string()), Just("triệu".to_string()), Just("tỷ".to_string()),
                Just("nghìn".to_string()), Just("trăm".to_string()), Just("mươi".to_string()),
                Just("mười".to_string()), Just("lẻ".to_string()), Just("rưỡi".to_string()),
                Just("hai".to_string()), Just("năm".to_string()), Just("không".to_string()),
                Just("trên".to_string()), Just("từ".to_string()), Just("đến".to_string()),
                Just("giữa".to_string()), Just("và".to_string()), Just("trở".to_string()),
                Just("lên".to_string()), Just("hàng".to_string()), Just("phần".to_string()),
                Just("\u{a0}".to_string()), Just("Đ".to_string()),
            ],
            0..24,
        )
    ) {
        let s: String = parts.concat();
        let _ = parse_quantity(&s);
        let _ = parse_digits(&s);
        let _ = parse_words(&s);
    }

    #[test]
    fn plain_and_grouped_digits(n in 0u64..1_000_000_000_000_000) {
        let exact = n as f64;
        prop_assert_eq!(parse_digits(&n.to_string()), Some(exact));
        let vn = vn_grouped(n, '.');
        prop_assert_eq!(parse_digits(&vn), Some(exact), "{}", vn);
        let q = parse_quantity(&format!("{vn} đồng")).expect("money");
        prop_assert_eq!(q.value, exact);
        prop_assert_eq!(q.unit, UnitHint::Vnd);
        if n >= 1_000_000 {
            let en = vn_grouped(n, ',');
            prop_assert_eq!(parse_digits(&en), Some(exact), "{}", en);
        }
    }

    #[test]
    fn vn_decimals(int in 0u64..1_000_000, frac in 1u32..100) {
        let s = format!("{},{:02}", vn_grouped(int, '.'), frac);
        let want: f64 = format!("{int}.{frac:02}").parse().expect("f64");
        prop_assert_eq!(parse_digits(&s), Some(want), "{}", s);
        let q = parse_quantity(&format!("{s}%")).expect("percent");
        prop_assert_eq!(q.value, want);
        prop_assert_eq!(q.unit, UnitHint::Percent);
    }

    #[test]
    fn multipliers(a in 1u64..1000, b in 1u64..1000, c in 1u64..1000) {
        let want = (a * 1_000_000_000 + b * 1_000_000) as f64;
        let q = parse_quantity(&format!("{a} tỷ {b} triệu đồng")).expect("compound");
        prop_assert_eq!(q.value, want);
        prop_assert_eq!(q.unit, UnitHint::Vnd);
        let q = parse_quantity(&format!("trên {a} tỷ {b} triệu")).expect("compound");
        prop_assert_eq!(q.value, want);
        prop_assert_eq!(q.qualifier, Qualifier::Over);
        let want3 = (a * 1_000_000 + b * 1_000) as f64;
        prop_assert_eq!(parse_quantity(&format!("{a} triệu {b} nghìn")).map(|q| q.value), Some(want3));
        prop_assert_eq!(parse_quantity(&format!("{c} nghìn tỷ")).map(|q| q.value), Some(c as f64 * 1e12));
        let (lo, hi) = (a.min(b), a.max(b));
        let q = parse_quantity(&format!("{lo}-{hi} triệu đồng")).expect("range");
        prop_assert_eq!(q.value, lo as f64 * 1e6);
        prop_assert_eq!(q.value_max, Some(hi as f64 * 1e6));
        prop_assert_eq!(q.qualifier, Qualifier::Range);
    }

    #[test]
    fn number_words(n in 0u64..1_000_000_000_000_000, variant in any::<u32>()) {
        let w = words(n, &Variant(variant));
        prop_assert_eq!(parse_words(&w), Some(n as f64), "{}", w);
    }

    #[test]
    fn small_number_words(n in 0u64..100_000, variant in any::<u32>()) {
        let w = words(n, &Variant(variant));
        prop_assert_eq!(parse_words(&w), Some(n as f64), "{}", w);
        if n > 0 {
            let q = parse_quantity(&format!("khoảng {w} đồng")).expect("words money");
            prop_assert_eq!(q.value, n as f64);
            prop_assert_eq!(q.qualifier, Qualifier::About);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// Every well-formed string of the grammar reads back, by
    /// `parse_quantity` and, whole, by `read_quantity` (ranges may be out of
    /// order, then None is right).
    #[test]
    fn fragment_strings_read_back(
        money in proptest::string::string_regex(&wellformed("money")).expect("money regex"),
        percent in proptest::string::string_regex(&wellformed("percent")).expect("percent regex"),
        count in proptest::string::string_regex(&wellformed("count")).expect("count regex"),
    ) {
        for (s, unit) in [(&money, Some(UnitHint::Vnd)), (&percent, Some(UnitHint::Percent)), (&count, None)] {
            let read = read_quantity(s, 0);
            prop_assert_eq!(read.map(|r| r.quantity), parse_quantity(s), "{:?}", s);
            if let Some(r) = read {
                prop_assert_eq!(r.end, s.len(), "{:?} read in part", s);
            }
            match parse_quantity(s) {
                Some(q) => {
                    if let Some(u) = unit {
                        // "7tr" is money without a currency word.
                        prop_assert!(q.unit == u || (u == UnitHint::Vnd && q.unit == UnitHint::None), "{:?}: {:?}", s, q);
                    }
                }
                None => prop_assert!(is_range_phrase(s), "{:?} is not read", s),
            }
        }
    }
}

#[test]
fn linear_time_on_huge_inputs() {
    let inputs = [
        "9".repeat(1_000_000),
        "1.000".repeat(200_000),
        "1,".repeat(500_000),
        "hai ".repeat(250_000),
        "một trăm ".repeat(100_000),
        "- ".repeat(500_000),
        format!("trên {} đồng", "9".repeat(1_000_000)),
        "đ/".repeat(300_000),
    ];
    // Linear time is what keeps these fast; speed itself is measured by
    // `cargo bench --bench number`, not asserted here.
    for s in &inputs {
        let _ = parse_quantity(s);
        let _ = parse_digits(s);
        let _ = parse_words(s);
    }
    assert_eq!(parse_quantity(&"9".repeat(1_000_000)), None);
}
