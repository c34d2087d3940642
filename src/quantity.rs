//! Finding quantities: every number of the text, once.
//!
//! One pass over the lowercased text stops at digits and at the words that
//! start a number written in words (một, hai, … mười, hàng). At each such
//! anchor [`number::read_quantity`] reads the whole phrase — with the
//! qualifier or "từ"/"giữa" written just before it, multipliers, a range,
//! a written unit (đồng, %), the whole of a fraction — and
//! [`number::context_ok`] rejects what is part of a date, a time, a code or
//! a word. What each quantity counts is decided later, from its context
//! (see `classify`).

use crate::number::{self, Reading};
use crate::text::chars::{byte_starts_word_char, is_letter, is_word};
use regex_automata::{meta, Input};
use std::sync::OnceLock;

/// A quantity found in the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    /// Where the phrase starts (its qualifier, "từ", a currency written first).
    pub start: usize,
    pub reading: Reading,
}

impl Found {
    /// Where the phrase ends.
    pub fn end(&self) -> usize {
        self.reading.end
    }
}

/// Words that may stand right before a number as part of its phrase.
const LEAD_WORDS: &[&str] = &[
    "trên", "hơn", "vượt", "quá", "ít", "nhất", "tối", "thiểu", "đa", "dưới", "chưa", "đến", "tới",
    "đầy", "không", "gần", "khoảng", "chừng", "xấp", "xỉ", "tầm", "ước", "tính", "cỡ", "từ",
    "giữa", "vnd", "vnđ",
];

/// How many words before a number may belong to its phrase
/// ("khoảng chừng từ 10 đến 15").
const MAX_LEAD: usize = 3;

/// Every quantity in the byte ranges `regions` of `folded` (the lowercased
/// normalised text), in text order.
pub fn find(folded: &str, regions: &[(usize, usize)]) -> Vec<Found> {
    let mut out = Vec::new();
    for &(from, to) in regions {
        find_in(folded, from, to, &mut out);
    }
    out
}

/// [`find`] for one region, appending to `out`.
pub fn find_in(folded: &str, from: usize, to: usize, out: &mut Vec<Found>) {
    let Some(hay) = folded.get(..to) else {
        return;
    };
    let mut i = from;
    while let Some(at) = next_anchor(hay, i) {
        i = match read_at(hay, from, at) {
            Some(f) => {
                out.push(f);
                f.end().max(at + 1)
            }
            // Nothing starts inside this token: skip it whole, so a run of a
            // million digits is read once.
            None => token_end(hay, at),
        };
    }
}

/// Where a quantity may start: a digit or a word that starts a number, after
/// a space, an opening bracket or quote, a comma or colon, a sign after a
/// space or bracket ("(-19,7%)"), or a slash after a word ("đoàn
/// viên/10.159"): never inside a date, time, code or word
/// ("30/8", "15:07", "2016-2021", "u23"). One lazy-DFA scan finds them
/// (several times faster than a byte loop on Vietnamese text); the words it
/// cannot decide alone ("năm") are checked in [`starts_number_word`].
fn anchors() -> &'static meta::Regex {
    static ANCHORS: OnceLock<meta::Regex> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        meta::Regex::new(
            r#"(?:^|[\t\n\r (\[“"'‘«,;:!?+₫]|[( ]-|\p{L}/)(?:[0-9]|(?:một|mười|hai|hàng|ba|bốn|bảy|bẩy|năm|sáu|tám|chín)(?:$|[^\p{L}\p{N}]))"#,
        )
        .expect("the anchor pattern is valid")
    })
}

/// The next place from `i` where a quantity may start.
#[inline]
fn next_anchor(hay: &str, mut i: usize) -> Option<usize> {
    while i < hay.len() {
        // The pattern includes the character before the anchor: start one
        // character back, so an anchor right at `i` is found.
        let back = hay[..i].chars().next_back().map_or(0, char::len_utf8);
        let m = anchors().find(Input::new(hay).range(i - back..))?;
        let matched = &hay[m.start()..m.end()];
        // The anchor is the match less the characters before it (none at
        // the start of the text; a letter and a slash in "đoàn viên/10.159").
        let b = hay.as_bytes();
        let lead = matched
            .char_indices()
            .find(|&(k, c)| {
                c.is_ascii_digit() || (is_letter(c) && starts_number_word(&b[m.start() + k..]))
            })
            .map_or(0, |(k, _)| k);
        let at = m.start() + lead;
        if at >= i && (b[at].is_ascii_digit() || starts_number_word(&b[at..])) {
            return Some(at);
        }
        i = at.max(i) + 1;
        while i < hay.len() && !hay.is_char_boundary(i) {
            i += 1;
        }
    }
    None
}

/// The quantity whose numeral starts at `anchor`, read from the earliest
/// lead word before it that still belongs to the phrase.
#[inline(never)]
fn read_at(hay: &str, from: usize, anchor: usize) -> Option<Found> {
    let mut starts = [0usize; MAX_LEAD];
    let mut n = 0;
    let mut pos = anchor;
    // A dong sign written first: "₫50.000".
    let sign = hay[from..anchor]
        .trim_end()
        .strip_suffix('₫')
        .map(|s| from + s.len());
    if let Some(s) = sign {
        starts[0] = s;
        n = 1;
    } else {
        while n < MAX_LEAD {
            let Some((ws, w)) = word_before(hay, from, pos) else {
                break;
            };
            if !LEAD_WORDS.contains(&w) {
                break;
            }
            starts[n] = ws;
            n += 1;
            pos = ws;
        }
    }
    for &start in starts[..n].iter().rev() {
        if let Some(f) = accept(hay, start, anchor) {
            return Some(f);
        }
    }
    accept(hay, anchor, anchor)
}

fn accept(hay: &str, start: usize, anchor: usize) -> Option<Found> {
    let r = number::read_quantity(hay, start)?;
    if r.num_start != anchor || r.end <= anchor {
        return None;
    }
    let (before, text, after) = (&hay[..r.num_start], &hay[r.num_start..r.end], &hay[r.end..]);
    if !number::context_ok(before, text, after) {
        return None;
    }
    // "năm" alone is "year"; other single number words are numbers.
    if r.bare_word && text == "năm" {
        return None;
    }
    // The next group of a number written in groups ("0243 825 1234"), or
    // the right end of a range that is no quantity ("2023 – 2028", "30 - 4").
    if follows_digits(before) {
        return None;
    }
    Some(Found { start, reading: r })
}

/// `before` ends with a digit, then spaces, a dash, a slash or a spaced
/// comma ("0243 825 1234", "2023 – 2028", "6 , 4 tỉ": a number written apart).
fn follows_digits(before: &str) -> bool {
    let t = before.trim_end_matches([' ', '\t']);
    if t.len() == before.len() {
        return false;
    }
    // A comma counts only with a space before it too ("6 , 4"): "5, 6 người"
    // is five or six.
    let t = match t.strip_suffix(['-', '–', '—', '/']) {
        Some(s) => s.trim_end_matches([' ', '\t']),
        None => t
            .strip_suffix(" ,")
            .map_or(t, |s| s.trim_end_matches([' ', '\t'])),
    };
    t.ends_with(|c: char| c.is_ascii_digit())
}

/// The word ending right before `pos` (after spaces), within `from..`.
fn word_before(hay: &str, from: usize, pos: usize) -> Option<(usize, &str)> {
    let head = hay.get(from..pos)?;
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() && !head.is_empty() {
        // Glued to the number: no lead word.
        return None;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_letter(c))
        .last()
        .map(|(k, _)| k)?;
    Some((from + word_start, &trimmed[word_start..]))
}

/// A word that starts a number begins `rest` (the bytes of the folded text
/// at a word start): một … mười, and "hàng" (hàng trăm). "năm" alone is the
/// noun "year" far more often than five, so `accept` keeps it only as the
/// start of a longer number ("năm mươi", "năm trăm triệu").
#[inline(never)]
fn starts_number_word(rest: &[u8]) -> bool {
    let candidates: &[&str] = match rest[0] {
        b'm' => &["một", "mười"],
        b'h' => &["hai", "hàng"],
        b'b' => &["ba", "bốn", "bảy", "bẩy"],
        b'n' => &["năm"],
        b's' => &["sáu"],
        b't' => &["tám"],
        b'c' => &["chín"],
        _ => return false,
    };
    let hit = candidates.iter().find(|w| {
        rest.starts_with(w.as_bytes())
            && !rest
                .get(w.len())
                .is_some_and(|&n| byte_starts_word_char(n).unwrap_or(true))
    });
    match hit {
        // "năm" starts a number only before tens, hundreds or a multiplier.
        Some(&"năm") => {
            let next = &rest["năm".len()..];
            let next = &next[next.iter().take_while(|&&b| b == b' ').count()..];
            [
                "mươi", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn", "chục", "phần",
            ]
            .iter()
            .any(|w| next.starts_with(w.as_bytes()))
        }
        Some(_) => true,
        None => false,
    }
}

/// The end of the digit run (with its separators) or word starting at `i`.
fn token_end(hay: &str, i: usize) -> usize {
    let b = hay.as_bytes();
    if b[i].is_ascii_digit() {
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.' || b[j] == b',') {
            j += 1;
        }
        j
    } else {
        hay[i..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(hay.len(), |(k, _)| i + k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Qualifier;

    /// Span, value, value_max, total, qualifier.
    type Read = (String, f64, Option<f64>, Option<f64>, Qualifier);

    fn quantities(text: &str) -> Vec<Read> {
        find(text, &[(0, text.len())])
            .into_iter()
            .map(|f| {
                let q = f.reading.quantity;
                (
                    text[f.start..f.end()].to_string(),
                    q.value,
                    q.value_max,
                    f.reading.total,
                    q.qualifier,
                )
            })
            .collect()
    }

    fn spans(text: &str) -> Vec<String> {
        quantities(text).into_iter().map(|q| q.0).collect()
    }

    #[test]
    fn every_number_once_with_its_phrase() {
        use Qualifier::*;
        let t = "năm 2014, quyên góp trên 654 triệu đồng, vượt 98% kế hoạch; 85-90% nữ cán bộ, \
                 khoảng chừng 10 đến 15 người và ba nhà tình nghĩa.";
        assert_eq!(
            quantities(t),
            vec![
                ("trên 654 triệu đồng".into(), 654e6, None, None, Over),
                ("vượt 98%".into(), 98.0, None, None, Exact),
                ("85-90%".into(), 85.0, Some(90.0), None, Range),
                (
                    "khoảng chừng 10 đến 15".into(),
                    10.0,
                    Some(15.0),
                    None,
                    Range
                ),
                ("ba".into(), 3.0, None, None, Exact),
            ]
        );
    }

    #[test]
    fn fractions_keep_their_whole() {
        let q = quantities("đã có 31/36 công đoàn cơ sở và 215/340 trường");
        assert_eq!(q[0].1, 31.0);
        assert_eq!(q[0].3, Some(36.0));
        assert_eq!(q[1].3, Some(340.0));
        let f = find("ngày 3/5 và 3/5 trường", &[(0, 24)]);
        assert!(f.iter().all(|f| f.reading.date_like));
    }

    #[test]
    fn not_quantities() {
        for s in [
            "Ngày 30/8/2019, lúc 15:07 - 03/09/2019, giai đoạn 2016-2021, năm 2019.",
            "mạng 5g, đội u23, số 01-ct/ubnd, 04/kh-lđlđ, covid-19",
            "năm nay, hàng năm, một số, năm học, lần thứ 5",
        ] {
            let s = s.to_lowercase();
            let found: Vec<String> = spans(&s)
                .into_iter()
                .filter(|q| q != "một" && q != "5")
                .collect();
            assert!(found.is_empty(), "{s}: {found:?}");
        }
    }

    #[test]
    fn numbers_written_apart_are_not_read_in_pieces() {
        assert_eq!(spans("gọi 0243 825 1234 ngay"), Vec::<String>::new());
        assert_eq!(spans("nhiệm kỳ 2023 – 2028 có 5 hộ"), ["5"]);
        assert_eq!(spans("quyên góp 6 , 4 tỉ đồng"), ["6"]);
        assert_eq!(spans("có 5, 6 người"), ["5", "6"]);
    }

    #[test]
    fn a_failed_range_reads_its_left_end() {
        assert_eq!(spans("từ 2019 đến nay có 12 người"), ["2019", "12"]);
        assert_eq!(spans("120 - hà nội"), ["120"]);
    }

    #[test]
    fn lead_words_only_when_they_belong() {
        assert_eq!(spans("nhiều hơn 5 người"), ["hơn 5"]);
        assert_eq!(spans("đến 5 người"), ["5"]);
        assert_eq!(spans("từ 5 trở lên"), ["từ 5 trở lên"]);
        assert_eq!(
            spans("giá ₫50.000 và vnd 20.000"),
            ["₫50.000", "vnd 20.000"]
        );
    }

    #[test]
    fn linear_on_long_runs() {
        let digits = "9".repeat(200_000);
        assert!(find(&digits, &[(0, digits.len())]).is_empty());
        let words = "hai ".repeat(50_000);
        assert!(find(&words, &[(0, words.len())]).len() <= 50_000);
    }
}
