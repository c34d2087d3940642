//! Numbers written in words: "hai mươi mốt nghìn không trăm mười một",
//! "một trăm lẻ ba", "ba nghìn hai". The grammar is read group by group
//! (below a thousand), each group scaled by the multiplier words after it.

use super::lexer::{lower_into, Lexer, Tok, Token};
use super::scale::{Acc, NumExpr};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum W {
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

pub(super) fn lookup(w: &str) -> W {
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

pub(super) fn classify(w: &str) -> W {
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

pub(super) fn peek_w(lx: &Lexer<'_>) -> Option<(W, bool)> {
    match lx.peek() {
        Some(Token {
            tok: Tok::Word(w),
            spaced,
        }) => Some((classify(w), spaced)),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Last {
    Start,
    Tram,
    Tens,
    Linh,
    Done,
}

/// One group below a thousand, in words ("hai trăm linh năm").
#[derive(Clone, Copy, Debug)]
pub(super) struct WordGroup {
    pub(super) value: f64,
    /// A single digit word and nothing else ("hai").
    pub(super) bare_digit: Option<u8>,
}

pub(super) fn read_word_group(lx: &mut Lexer<'_>) -> Option<WordGroup> {
    let mut val = 0.0f64;
    let mut pending: Option<(u8, Last)> = None;
    let (mut hundreds, mut tens, mut units) = (false, false, false);
    let mut last = Last::Start;
    let mut ntok = 0usize;
    while let Some((w, _)) = peek_w(lx) {
        let ok = match w {
            W::Digit(d) => {
                // "hai mươi năm", "một trăm năm": years; 25 is "hai mươi lăm".
                if pending.is_some()
                    || units
                    || last == Last::Done
                    || (matches!(last, Last::Tens | Last::Tram) && year_word_next(lx))
                {
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

/// "năm" comes next and is the noun "year", not five: no tens or hundreds
/// follow it ("ba nghìn năm", "hai mươi năm"; but "hai trăm năm mươi").
fn year_word_next(lx: &Lexer<'_>) -> bool {
    let mut c = *lx;
    match c.next_token() {
        Some(Token {
            tok: Tok::Word(w), ..
        }) if super::lexer::word_eq(w, "năm") => {}
        _ => return false,
    }
    !matches!(
        peek_w(&c),
        Some((W::Muoi | W::Chuc | W::Tram | W::Scale(_), _))
    )
}

pub(super) fn starts_word_group(lx: &Lexer<'_>) -> bool {
    matches!(
        peek_w(lx),
        Some((W::Digit(_) | W::Muoi10 | W::Tram | W::Chuc, _))
    )
}

/// A parsed number expression (digits or words, with multipliers).
pub(super) fn parse_word_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
    let mut acc = Acc::new();
    let mut first = true;
    loop {
        if !first && (!starts_word_group(lx) || year_word_next(lx)) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
