//! Numerals in digits, with the grouping policy of the module docs, and
//! digit numbers with their multipliers ("654 triệu", "1tr5", "1 tỷ 200
//! triệu").

use super::lexer::{Lexer, Tok, Token};
use super::scale::{Acc, NumExpr};
use super::words::{classify, peek_w, W};

/// Whether `groups` (the digit runs between grouping marks) group thousands
/// correctly: first 1–3 digits, then exactly 3.
pub(super) fn grouping_ok<'a>(mut groups: impl Iterator<Item = &'a str>) -> bool {
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
    // Thousands grouped with single spaces ("10 141"): nothing else mixed in.
    if s.contains(' ') {
        let ok = s.bytes().all(|c| c.is_ascii_digit() || c == b' ')
            && !s.starts_with('0')
            && grouping_ok(s.split(' '));
        return if ok { digits_value(s, None) } else { None };
    }
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
pub(super) fn digits_value(int_part: &str, frac_part: Option<&str>) -> Option<f64> {
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

pub(super) fn fraction_of(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    Some(v / 10f64.powi(i32::try_from(s.len()).ok()?))
}

pub(super) fn digits_scale(lx: &Lexer<'_>) -> Option<f64> {
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

pub(super) fn parse_digit_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            ("10 141", 10141.0),
            ("1 000", 1000.0),
            ("1 234 567", 1234567.0),
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
            "1 00",
            "1234 567",
            "1  000",
            "1 000,5",
            "01 000",
            " 100",
            "-5",
            "1a",
            "١٢",
        ] {
            assert_eq!(parse_digits(s), None, "{s}");
        }
    }
}
