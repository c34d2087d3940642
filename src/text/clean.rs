//! Article structure from normalised text: title, publication date, byline,
//! and the body with boilerplate left out.
//!
//! Nothing is cut out of the text: the result is a set of byte ranges of the
//! body, so offsets of later stages stay valid in the normalised text. The
//! markers are data (`[boilerplate]` in the rule pack); the line shapes
//! recognised here (date headers, counters, stray numbers, bylines) are the
//! ones every Vietnamese news site shares.

use std::borrow::Cow;

use crate::rules::BoilerplateDef;
use crate::text::fold;

/// What `clean` learnt about an article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cleaned {
    /// Byte range of the title line (without a glued section name).
    pub title: Option<(usize, usize)>,
    /// ISO date or date-time from a header line, a stamp or the lead.
    pub published: Option<String>,
    /// Month and day of the day of writing when the text leaves its year
    /// out ("Sáng nay (12/4)"): the year is the one the article is about.
    pub published_day: Option<(u32, u32)>,
    pub author: Option<String>,
    /// Byte ranges of the body lines, in order (the title excluded).
    pub body: Vec<(usize, usize)>,
}

/// Lowercased, trimmed markers, prepared once per pack.
#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    end_markers: Vec<String>,
    line_prefixes: Vec<String>,
    line_contains: Vec<String>,
    leading_noise: Vec<String>,
    date_words: Vec<String>,
    published_words: Vec<String>,
    today_words: Vec<String>,
}

impl Boilerplate {
    pub fn new(def: &BoilerplateDef) -> Boilerplate {
        let prep = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect()
        };
        Boilerplate {
            end_markers: prep(&def.end_markers),
            line_prefixes: prep(&def.line_prefixes),
            line_contains: prep(&def.line_contains),
            leading_noise: prep(&def.leading_noise),
            date_words: prep(&def.date_words),
            published_words: prep(&def.published_words),
            today_words: prep(&def.today_words),
        }
    }
}

/// A line of the text with its byte range (without the newline).
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    text.split('\n').map(move |l| {
        let s = pos;
        pos += l.len() + 1;
        (s, s + l.len())
    })
}

fn trim_range(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let line = &text[s..e];
    let lead = line.len() - line.trim_start().len();
    let trail = line.len() - line.trim_end().len();
    (s + lead, (e - trail).max(s + lead))
}

/// Lowercased lines of the text, for comparing with the markers.
struct Lower<'a> {
    text: &'a str,
    /// The whole text lowercased with the same byte offsets, when that
    /// equals the standard lowercase (then a line is a slice of it).
    folded: Option<&'a str>,
}

impl<'a> Lower<'a> {
    fn of(&self, s: usize, e: usize) -> Cow<'a, str> {
        match self.folded {
            Some(f) => Cow::Borrowed(&f[s..e]),
            None => Cow::Owned(self.text[s..e].to_lowercase()),
        }
    }
}

/// Split `text` into title, header, body and trailer. When the record came
/// with its title (`given_title`), the text's first line is the title only if
/// it repeats it; otherwise a title line is a short first line that does not
/// end a sentence and is followed by more text.
pub fn clean(text: &str, bp: &Boilerplate, given_title: Option<&str>) -> Cleaned {
    let (folded, exact) = fold::lowercase_checked(text);
    clean_folded(text, exact.then_some(&*folded), bp, given_title)
}

/// [`clean`] given the text lowercased by [`fold::lowercase_checked`]
/// (`None` when that fold was not exact): each line is then compared with
/// the markers as a slice of it, without lowercasing it again.
pub fn clean_folded(
    text: &str,
    folded: Option<&str>,
    bp: &Boilerplate,
    given_title: Option<&str>,
) -> Cleaned {
    debug_assert!(folded.is_none_or(|f| f.len() == text.len()));
    let lower_of = Lower { text, folded };
    let mut out = Cleaned::default();
    let mut all: Vec<(usize, usize)> = lines(text)
        .map(|r| trim_range(text, r))
        .filter(|&(s, e)| e > s)
        .collect();
    // A dump's date stamp opening the text ("date 2025-10-14 Ngày 14-10, …"):
    // the publication date, and the rest of its line is content.
    if let Some(&(s, e)) = all.first() {
        if let Some((date, len)) = dump_date(&text[s..e]) {
            out.published = Some(date);
            if s + len < e {
                all[0] = (s + len, e);
            } else {
                all.remove(0);
            }
        }
    }

    // Title: the first line among the first few that is not navigation noise,
    // a date header or a lowercase fragment. A long line of prose before any
    // title is the body's start: then there is no title line.
    let mut first_body = 0;
    // The surest publication date seen, the first of equals.
    // Among equally sure dates, one after the title beats one before it
    // (a site's clock in its header).
    let mut best: Option<((Sureness, bool), String)> = None;
    let mut offer = |d: DateLine, before_title: bool| {
        let sure = match d.sure {
            Sureness::Header if before_title => Sureness::SiteHeader,
            s => s,
        };
        let key = (sure, !before_title);
        if best.as_ref().is_none_or(|(b, _)| key > *b) {
            best = Some((key, d.iso));
        }
    };
    for (i, &(s, e)) in all.iter().enumerate().take(8) {
        let line = &text[s..e];
        let lower = lower_of.of(s, e);
        if bp.leading_noise.iter().any(|n| *n == *lower) {
            continue;
        }
        if let Some(d) = date_line(line, &lower, bp) {
            let only = d.only_date;
            offer(d, true);
            if only {
                continue;
            }
        }
        if line.len() > 200 && (line.ends_with('.') || !starts_upper(line)) {
            break;
        }
        if !starts_upper(line) {
            continue;
        }
        if let Some(t) = given_title {
            if lower.trim() != t.trim().to_lowercase() {
                break;
            }
        } else if line.len() > 300 || line.ends_with('.') || i + 1 >= all.len() {
            break;
        }
        let mut ts = s;
        for n in &bp.leading_noise {
            if lower.starts_with(n.as_str()) && line.len() > n.len() {
                let rest = &text[s + n.len()..e];
                if starts_upper(rest) {
                    ts = s + n.len();
                }
            }
        }
        out.title = Some((ts, e));
        first_body = i + 1;
        break;
    }

    // The body ends at the first end marker after the title.
    let mut end = all.len();
    for (i, &(s, e)) in all.iter().enumerate().skip(first_body) {
        // Markers are short lines; prose is never lowercased here.
        if e - s > 80 {
            continue;
        }
        let l = lower_of.of(s, e);
        let l = l.trim_end_matches(':').trim();
        if bp.end_markers.iter().any(|m| m == l) {
            end = i;
            break;
        }
    }

    let mut body: Vec<(usize, usize)> = Vec::new();
    for (i, &(s, e)) in all.iter().enumerate().take(end).skip(first_body) {
        let line = &text[s..e];
        // Dates near the top, and a stamp closing the article ("Lan Anh
        // 28/07/2024 16:29").
        let near_top = i < first_body + 4;
        if near_top || i + 3 >= end {
            let lower = lower_of.of(s, e);
            if let Some(d) =
                date_line(line, &lower, bp).filter(|d| near_top || d.sure == Sureness::Stamp)
            {
                let only = d.only_date;
                offer(d, false);
                if only {
                    continue;
                }
            }
        }
        if is_noise_line(line, || lower_of.of(s, e), bp) {
            continue;
        }
        body.push((s, e));
    }
    // The day of writing said in the lead ("Sáng nay (12/4)").
    if best
        .as_ref()
        .is_none_or(|((b, _), _)| *b < Sureness::Header)
    {
        let lead = body
            .iter()
            .take(3)
            .find_map(|&(s, e)| today_date(&lower_of.of(s, e), bp));
        match lead {
            Some((Some(y), m, d)) => {
                best = Some(((Sureness::Header, true), format!("{y:04}-{m:02}-{d:02}")))
            }
            Some((None, m, d)) if best.is_none() => out.published_day = Some((m, d)),
            _ => {}
        }
    }
    if out.published.is_none() {
        out.published = best.map(|(_, iso)| iso);
    }
    // The byline: a short name line closing the body.
    if let Some(&(s, e)) = body.last() {
        if let Some(name) = byline(&text[s..e]) {
            out.author = Some(name.to_string());
            body.pop();
        }
    }
    out.body = body;
    out
}

fn starts_upper(s: &str) -> bool {
    s.trim_start_matches(['"', '“', '‘', '\'', '(', '['])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// "date 2025-10-14 …", "date 2021-01 …": the stamp some page dumps put
/// before the text. Returns the ISO date and the length of the stamp with
/// the spaces after it.
fn dump_date(line: &str) -> Option<(String, usize)> {
    let rest = line.strip_prefix("date ")?;
    let b = rest.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7)) {
        return None;
    }
    let len = if b.get(7) == Some(&b'-') && digits(8..10) {
        10
    } else {
        7
    };
    if b.get(len).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let after = &rest[len..];
    let skip = after.len() - after.trim_start().len();
    Some((rest[..len].to_string(), "date ".len() + len + skip))
}

/// Lines that carry no article content.
fn is_noise_line<'a>(line: &str, lower: impl FnOnce() -> Cow<'a, str>, bp: &Boilerplate) -> bool {
    // A stray number alone on a line (an id, a counter, a media player's
    // "0:00 / 3:15").
    if line
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':' | b'/' | b' '))
        && line.bytes().any(|b| b.is_ascii_digit())
    {
        return true;
    }
    // A teaser repeating the lead, cut with an ellipsis.
    let t = line.trim_end();
    if t.ends_with("[…]") || t.ends_with("[...]") || t.ends_with("(…)") {
        return true;
    }
    // Boilerplate lines are short; prose is never dropped by a marker.
    if line.len() > 300 {
        return false;
    }
    let lower = lower();
    bp.line_prefixes
        .iter()
        .any(|p| lower.starts_with(p.as_str()))
        || bp.line_contains.iter().any(|p| lower.contains(p.as_str()))
}

/// A byline: one to five capitalised words, optionally followed by a
/// parenthesised role such as "(thực hiện)", no digits, no sentence end.
pub fn byline(line: &str) -> Option<&str> {
    let line = line.trim();
    let name = match line.find('(') {
        Some(p) if line.ends_with(')') => line[..p].trim(),
        Some(_) => return None,
        None => line,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || name.chars().count() > 40 {
        return None;
    }
    let ok = words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_alphabetic() || c == '.')
    });
    ok.then_some(name)
}

/// How surely a line gives the article's publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sureness {
    /// A bare date header before the title: often the site's "today".
    SiteHeader,
    /// A date header line, or "Sáng nay (12/4/2024)" in the lead.
    Header,
    /// A date with its time ("21/03/2024 14:20") or a "Cập nhật" label.
    Stamp,
}

/// A publication date found on a line.
#[derive(Clone, Debug, PartialEq)]
struct DateLine {
    /// ISO `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    iso: String,
    sure: Sureness,
    /// The line holds nothing but the date, its time and header words.
    only_date: bool,
}

/// Parse a line holding the publication date: a header ("Thứ sáu, ngày 26
/// tháng 04 năm 2024", "Ngày đăng 21/07/2016 | 08:37 | Lượt xem: 1117"), a
/// labelled date ("Cập nhật lúc 03:36 ngày 10/10/2015") or a stamp, a date
/// with its time beside it, whatever else the line holds ("Lan Anh
/// 28/07/2024 16:29", "03-10-2025 - 09:18 AM | Xã hội"). A date in prose
/// ("Ngày 30/8/2019, Công đoàn tổ chức …") is none of these; lines longer
/// than a header are never dates.
fn date_line(line: &str, lower: &str, bp: &Boilerplate) -> Option<DateLine> {
    if line.chars().count() > 160 {
        return None;
    }
    let (date, at, end) = find_numeric_date(lower).or_else(|| find_worded_date(lower))?;
    let time = find_time(lower, at, end);
    // The time right beside the date, with at most a few separators between.
    let beside = time.is_some_and(|(_, _, ts, te)| {
        let gap = if te <= at {
            &lower[te..at]
        } else {
            &lower[end..ts.max(end)]
        };
        gap.len() <= 24
            && gap.split_whitespace().all(|w| {
                w.chars().all(|c| !c.is_alphanumeric()) || bp.date_words.iter().any(|d| d == w)
            })
    });
    let rest: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '-' | ',' | ':' | '/' | '(' | ')' | '[' | ']')
        })
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .collect();
    let header_word = |w: &&str| bp.date_words.iter().any(|d| d == w) || w.starts_with("gmt");
    let only_date = rest.iter().all(header_word);
    let labelled = bp.published_words.iter().any(|p| contains_words(lower, p));
    let sure = if beside || labelled {
        Sureness::Stamp
    } else if only_date {
        Sureness::Header
    } else {
        return None;
    };
    let iso = match time {
        Some((h, m, _, _)) if beside || only_date || labelled => format!("{date}T{h:02}:{m:02}"),
        _ => date,
    };
    Some(DateLine {
        iso,
        sure,
        only_date: only_date || (labelled && rest.len() <= 6),
    })
}

/// `phrase` (lowercase words) occurs in `lower` between word boundaries.
fn contains_words(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(i, m)| {
        !lower[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !lower[i + m.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The publication date of a header line, if it is one (see [`date_line`]).
pub fn parse_date_line(line: &str, bp: &Boilerplate) -> Option<String> {
    date_line(line, &line.to_lowercase(), bp).map(|d| d.iso)
}

/// "Sáng nay (12/4)", "Hôm nay (ngày 3.5.2019)": the day of writing, said
/// in the lead. Returns (year, month, day), the year when the text gives it.
fn today_date(lower: &str, bp: &Boilerplate) -> Option<(Option<u32>, u32, u32)> {
    for phrase in &bp.today_words {
        for (i, _) in lower.match_indices(phrase.as_str()) {
            if lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let rest = lower[i + phrase.len()..].trim_start();
            let Some(inner) = rest.strip_prefix('(') else {
                continue;
            };
            let inner = inner.strip_prefix("ngày").unwrap_or(inner).trim_start();
            let b = inner.as_bytes();
            let Some((d, j)) = digits_at(b, 0, 1, 2) else {
                continue;
            };
            let Some(&sep) = b.get(j).filter(|c| matches!(c, b'/' | b'.' | b'-')) else {
                continue;
            };
            let Some((m, k)) = digits_at(b, j + 1, 1, 2) else {
                continue;
            };
            let (year, close) = match b.get(k) {
                Some(&c) if c == sep => match digits_at(b, k + 1, 4, 4) {
                    Some((y, l)) => (Some(y), l),
                    None => continue,
                },
                _ => (None, k),
            };
            if b.get(close) == Some(&b')') && valid(year.unwrap_or(2000), m, d) {
                return Some((year, m, d));
            }
        }
    }
    None
}

fn digits_at(s: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < s.len() && j - i < max && s[j].is_ascii_digit() {
        j += 1;
    }
    if j - i < min || (j < s.len() && s[j].is_ascii_digit()) {
        return None;
    }
    let v = std::str::from_utf8(&s[i..j]).ok()?.parse().ok()?;
    Some((v, j))
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// `dd/mm/yyyy` (also with `-` or `.`); returns the ISO date and its byte
/// range.
fn find_numeric_date(s: &str) -> Option<(String, usize, usize)> {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let Some((d, j)) = digits_at(b, i, 1, 2) else {
            continue;
        };
        let Some(&sep) = b.get(j) else { continue };
        if !matches!(sep, b'/' | b'-' | b'.') {
            continue;
        }
        let Some((m, k)) = digits_at(b, j + 1, 1, 2) else {
            continue;
        };
        if b.get(k) != Some(&sep) {
            continue;
        }
        let Some((y, end)) = digits_at(b, k + 1, 4, 4) else {
            continue;
        };
        if valid(y, m, d) {
            return Some((format!("{y:04}-{m:02}-{d:02}"), i, end));
        }
    }
    None
}

/// "ngày 26 tháng 04 năm 2024"; returns the ISO date and its byte range.
fn find_worded_date(s: &str) -> Option<(String, usize, usize)> {
    let at = s.find("ngày ")?;
    let words: Vec<&str> = s[at..].split_whitespace().take(6).collect();
    if words.len() == 6 && words[2] == "tháng" && words[4] == "năm" {
        let d: u32 = words[1].trim_matches(',').parse().ok()?;
        let m: u32 = words[3].parse().ok()?;
        let year = words[5].trim_matches(|c: char| !c.is_ascii_digit());
        let y: u32 = year.parse().ok()?;
        if valid(y, m, d) {
            let end = s[at..].find(year).map_or(s.len(), |k| at + k + year.len());
            return Some((format!("{y:04}-{m:02}-{d:02}"), at, end));
        }
    }
    None
}

/// `hh:mm` anywhere on the line outside the date at `date_at..date_end`:
/// hour, minute and the time's byte range.
fn find_time(s: &str, date_at: usize, date_end: usize) -> Option<(u32, u32, usize, usize)> {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] != b':' || i == 0 || (date_at..date_end).contains(&i) {
            continue;
        }
        let mut st = i;
        while st > 0 && b[st - 1].is_ascii_digit() && i - st < 2 {
            st -= 1;
        }
        if st == i || (st > 0 && b[st - 1].is_ascii_digit()) {
            continue;
        }
        let Some((h, _)) = digits_at(b, st, 1, 2) else {
            continue;
        };
        let Some((m, end)) = digits_at(b, i + 1, 2, 2) else {
            continue;
        };
        if h < 24 && m < 60 {
            return Some((h, m, st, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp() -> Boilerplate {
        Boilerplate::new(&BoilerplateDef {
            end_markers: vec![
                "Có thể bạn quan tâm".into(),
                "Tin khác".into(),
                "Trả lời".into(),
            ],
            line_prefixes: vec!["Tags:".into()],
            line_contains: vec!["lượt xem".into()],
            leading_noise: vec!["các bài viết chuyên sâu".into(), "Tin ngành".into()],
            ..dates()
        })
    }

    /// The pack's date vocabulary, read from rules/dates.toml.
    fn dates() -> BoilerplateDef {
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/dates.toml"));
        let file: crate::rules::PackFile = toml::from_str(text).expect("rules/dates.toml parses");
        file.boilerplate
            .expect("rules/dates.toml has [boilerplate]")
    }

    #[test]
    fn header_dates() {
        let cases = [
            ("15:07 - 03/09/2019", Some("2019-09-03T15:07")),
            (
                "Ngày đăng 21/07/2016 | 08:37  | Lượt xem: 1117",
                Some("2016-07-21T08:37"),
            ),
            ("Thứ sáu, ngày 26 tháng 04 năm 2024", Some("2024-04-26")),
            (
                "Cập nhật lúc 03:36 ngày 10/10/2015",
                Some("2015-10-10T03:36"),
            ),
            ("Ngày 30/8/2019, Công đoàn tổ chức tọa đàm", None),
            ("Có 63 công đoàn cơ sở", None),
            // A stamp: the time beside the date, whatever else the line holds.
            ("Xã hội 22/11/2024 15:21", Some("2024-11-22T15:21")),
            ("Thu Hà 05/02/2023 09:40 (GMT+7)", Some("2023-02-05T09:40")),
            ("17-04-2022 - 10:05 AM | Kinh tế", Some("2022-04-17T10:05")),
            (
                "Thứ 4, 12/06/2019 | 07:15:33 [GMT +7] A A",
                Some("2019-06-12T07:15"),
            ),
            (
                "Cập nhật: 08:10, Thứ Ba, 02/05/2017 (GMT+7)",
                Some("2017-05-02T08:10"),
            ),
            ("Đăng lúc: 11:20:04 14/09/2016", Some("2016-09-14T11:20")),
            ("(ngày 3.5.2019)", Some("2019-05-03")),
            // A date in prose with a time further on is an event.
            (
                "Ngày 30/8/2019, hội nghị khai mạc lúc 8:00 tại hội trường lớn",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse_date_line(line, &bp()).as_deref(), want, "{line}");
        }
    }

    #[test]
    fn a_dump_date_stamp_is_the_date_and_its_line_is_content() {
        let text = " date 2025-10-14 Ngày 14-10, quỹ đã tiếp nhận hơn 4.500 lượt ủng hộ với tổng số tiền hơn 17 tỷ đồng, một con số lớn được nhiều người quan tâm chia sẻ.\nTiêu đề ngắn\nĐoạn hai.";
        let c = clean(text, &bp(), None);
        assert_eq!(c.published.as_deref(), Some("2025-10-14"));
        let first = c.body.first().map(|&(s, e)| &text[s..e]).unwrap_or("");
        assert!(first.starts_with("Ngày 14-10"), "{first}");
        assert_eq!(c.title, None);
        let text = "date 2021-01\nTiêu đề\nThân bài có 5 hộ.";
        let c = clean(text, &bp(), None);
        assert_eq!(c.published.as_deref(), Some("2021-01"));
        assert_eq!(c.title.map(|(s, e)| &text[s..e]), Some("Tiêu đề"));
        assert_eq!(dump_date("date 2021-01x"), None);
        assert_eq!(dump_date("dated 2021-01"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("Phạm Diệp"), Some("Phạm Diệp"));
        assert_eq!(byline("Phạm Diệp (thực hiện)"), Some("Phạm Diệp"));
        assert_eq!(byline("Khánh Vân"), Some("Khánh Vân"));
        assert_eq!(byline("Xin trân trọng cảm ơn đồng chí!"), None);
        assert_eq!(byline("Có 63 đơn vị"), None);
    }

    #[test]
    fn structure_of_an_article() {
        let text = "các bài viết chuyên sâu\n\nTin ngànhCông đoàn phường X: thành tích\nNgày đăng 21/07/2016 | 08:37  | Lượt xem: 1117\n\nĐoạn một có 5 đoàn viên.\n58639\nTóm tắt có 5 đoàn viên và […]\nĐoạn hai.\nPhạm Diệp\nCó thể bạn quan tâm\nTin có 100 triệu đồng";
        let c = clean(text, &bp(), None);
        let (ts, te) = c.title.unwrap();
        assert_eq!(&text[ts..te], "Công đoàn phường X: thành tích");
        assert_eq!(c.published.as_deref(), Some("2016-07-21T08:37"));
        assert_eq!(c.author.as_deref(), Some("Phạm Diệp"));
        let body: Vec<&str> = c.body.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(body, vec!["Đoạn một có 5 đoàn viên.", "Đoạn hai."]);
    }

    #[test]
    fn a_single_sentence_is_body_not_title() {
        let text = "Công đoàn có 5 đoàn viên.";
        let c = clean(text, &bp(), None);
        assert_eq!(c.title, None);
        assert_eq!(c.body, vec![(0, text.len())]);
        let two = "Tin vắn\nCông đoàn có 5 đoàn viên.";
        let c = clean(two, &bp(), Some("Tiêu đề khác"));
        assert_eq!(c.title, None);
        assert_eq!(c.body.len(), 2);
        let c = clean(two, &bp(), Some("tin vắn"));
        assert_eq!(c.title, Some((0, 9)));
    }
}
