//! Context checks around a quantity that its own text cannot decide: glued
//! neighbours, dates and times, "đồng chí", years after "năm", ordinals.

/// Words that turn a preceding "đồng" into something else than money
/// ("04 đồng chí", "50 đồng nghiệp").
const DONG_COMPOUNDS: &[&str] = &[
    "chí", "nghiệp", "bào", "thời", "ý", "hành", "lòng", "tâm", "đội", "phục", "loạt", "cấp", "hồ",
    "nhất", "chủ", "minh", "hương", "ruộng", "khởi", "diễn", "thuận", "sáng", "dạng", "môn",
    "niên", "hạng", "cảm", "lứa", "tộc", "quê", "đẳng", "tình",
];

/// "đồng" or "đ" next is no currency but part of a word: "04 đồng chí",
/// "đồng nghiệp", "1 đ/c".
pub(super) fn dong_compound(lx: &super::lexer::Lexer<'_>) -> bool {
    let mut c = *lx;
    let Some(super::lexer::Token {
        tok: super::lexer::Tok::Word(w),
        ..
    }) = c.next_token()
    else {
        return false;
    };
    let w = w.to_lowercase();
    let rest = c.s.get(c.pos..).unwrap_or("");
    match w.as_str() {
        "đồng" => {
            let next = rest.split_whitespace().next().unwrap_or("");
            let next = next
                .trim_end_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase();
            rest.starts_with(char::is_whitespace) && DONG_COMPOUNDS.contains(&next.as_str())
        }
        // "đ/c" alone (đồng chí), but "đ/ca" is money per shift.
        "đ" | "ð" => {
            (rest.starts_with("/c") || rest.starts_with("/C"))
                && !rest[2..].starts_with(char::is_alphanumeric)
        }
        _ => false,
    }
}

/// Context checks the regex fragments cannot express (the `regex` crate has
/// no look-around). `before` is the text before the match, `matched` the
/// matched quantity phrase (or the whole rule match), `after` the text after;
/// all from the lowercased normalised text. Returns false when the match is
/// not a figure:
///
/// * glued on the left to a letter or digit, or to `/`, `:`, `.`, `,`, `-`,
///   `–` that follows a digit (`u23`, `30/8`, `15:07`, `2016-2021`, `1.234`;
///   but "đoàn viên/10.159" is a figure), or to a hyphen after a letter
///   (`covid-19`);
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
        let prev = bc.next();
        if matches!(c, '/' | ':' | '.' | ',' | '-' | '–' | '—')
            && prev.is_some_and(|p| p.is_ascii_digit())
        {
            return false;
        }
        // "covid-19", "mig-21": a name with a number glued by a hyphen.
        if c == '-' && prev.is_some_and(char::is_alphabetic) {
            return false;
        }
    }
    // A letter right after the quantity is the rule's business ("01tập thể");
    // the engine checks the boundaries of the whole match.
    let mut ac = after.chars();
    if let Some(c) = ac.next() {
        let next = ac.next();
        let rate = matched.ends_with('đ') || matched.ends_with("đồng");
        if matches!(c, ':' | '-' | '–') && next.is_some_and(char::is_alphanumeric) && !rate {
            return false;
        }
        // "30/8", "04/kh-lđlđ": a date or a document number. A word after the
        // slash is a rate ("5 triệu/người", "63 tạ/ha").
        if c == '/' && !rate {
            let code = after[1..]
                .trim_start_matches(char::is_alphabetic)
                .starts_with(['-', '/']);
            if next.is_some_and(|n| n.is_ascii_digit()) || code {
                return false;
            }
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
#[cfg(test)]
mod tests {
    use super::*;

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
}
