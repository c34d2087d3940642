//! Paragraphs and sentences of the article body, as byte ranges of the
//! normalised text.
//!
//! A sentence ends at `.`, `!`, `?` or `…` followed by a space and a capital,
//! a digit or an opening quote, or at a dot glued to a capitalised word after
//! a lowercase word (`Giấy khen.Trong năm`). It does not end after an
//! abbreviation (`TP.`, `Q.`, `TS.`, `ThS.`, `PGS.`, `St.`, initials), inside
//! a number (`1.234`, `4.0`), or inside `đ/c`.

/// A sentence and the paragraph (body line) it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// Abbreviations after which a dot does not end a sentence (compared
/// case-sensitively with the word before the dot).
const ABBREVIATIONS: &[&str] = &[
    "TP", "Tp", "tp", "Q", "P", "TS", "ThS", "Ths", "PGS", "GS", "BS", "KS", "CN", "St", "Mr",
    "Mrs", "Dr", "TT", "Tr", "tr", "đ/c", "Đ/c", "NXB", "No", "Th", "TX", "H",
];

/// Split the body paragraphs into sentences.
pub fn sentences(text: &str, paragraphs: &[(usize, usize)]) -> Vec<Sentence> {
    let mut out = Vec::new();
    sentences_into(text, paragraphs, &mut out);
    out
}

/// [`sentences`], appending to `out`.
pub fn sentences_into(text: &str, paragraphs: &[(usize, usize)], out: &mut Vec<Sentence>) {
    for (p, &(ps, pe)) in paragraphs.iter().enumerate() {
        split_paragraph(text, ps, pe, p, out);
    }
}

fn split_paragraph(text: &str, ps: usize, pe: usize, p: usize, out: &mut Vec<Sentence>) {
    let para = &text[ps..pe];
    let b = para.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Terminators are rare: jump between them (`.`, `!`, `?`, and the
    // ellipsis `…`, whose first byte is 0xE2).
    let ellipsis = |from: usize| memchr::memmem::find(&b[from..], "…".as_bytes()).map(|k| from + k);
    let mut next_ellipsis = ellipsis(0);
    loop {
        if next_ellipsis.is_some_and(|e| e < i) {
            next_ellipsis = ellipsis(i);
        }
        let dot = memchr::memchr3(b'.', b'!', b'?', &b[i..]).map(|k| i + k);
        i = match (dot, next_ellipsis) {
            (Some(d), Some(e)) => d.min(e),
            (Some(d), None) => d,
            (None, Some(e)) => e,
            (None, None) => break,
        };
        let len = if b[i] == 0xE2 { '…'.len_utf8() } else { 1 };
        // Runs of terminators ("...", "?!") end together.
        let mut j = i + len;
        while j < b.len() && (matches!(b[j], b'.' | b'!' | b'?') || para[j..].starts_with('…')) {
            j += if b[j] == 0xE2 { '…'.len_utf8() } else { 1 };
        }
        // Closing quotes and brackets stay with the sentence.
        while j < b.len() {
            let rest = &para[j..];
            let q = rest.chars().next().unwrap_or(' ');
            if matches!(q, '"' | '”' | '’' | ')' | '\'' | '»') {
                j += q.len_utf8();
            } else {
                break;
            }
        }
        if boundary(para, i, j) {
            push(out, ps, start, j, p, para);
            let rest = &para[j..];
            start = j + (rest.len() - rest.trim_start().len());
            i = start;
        } else {
            i = j;
        }
    }
    push(out, ps, start, b.len(), p, para);
}

fn push(out: &mut Vec<Sentence>, ps: usize, s: usize, e: usize, p: usize, para: &str) {
    let piece = &para[s..e];
    let trimmed = piece.trim_end();
    if trimmed.trim_start().is_empty() {
        return;
    }
    out.push(Sentence {
        start: ps + s,
        end: ps + s + trimmed.len(),
        paragraph: p,
    });
}

/// Does the terminator at `i..j` end a sentence?
fn boundary(para: &str, i: usize, j: usize) -> bool {
    let before = &para[..i];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let after = &para[j..];
    let spaced = after.starts_with(char::is_whitespace);
    let next = after.trim_start().chars().next();
    let Some(next) = next else {
        return true;
    };
    let single_dot = j - i == 1 && para.as_bytes()[i] == b'.';
    if single_dot {
        // Numbers: 1.234 and 4.0 never split.
        if before.ends_with(|c: char| c.is_ascii_digit()) && next.is_ascii_digit() && !spaced {
            return false;
        }
        if ABBREVIATIONS.contains(&word) {
            return false;
        }
        // Initials such as "H." or "N.V." before a name.
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return false;
        }
        if word.contains('.') && word.split('.').all(|w| w.chars().count() <= 2) {
            return false;
        }
    }
    let opener = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '(' | '-' | '–');
    if spaced {
        return opener;
    }
    // Glued: "khen.Trong" splits when a lowercase word precedes a capital.
    next.is_uppercase()
        && (j - i > 1
            || (word.chars().count() > 2 && word.chars().last().is_some_and(char::is_lowercase)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &[(0, text.len())])
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_sentence_ends() {
        assert_eq!(
            split("Năm 2017 có 65 CĐCS. Năm 2019 có 63 CĐCS! Vậy sao? Được."),
            vec![
                "Năm 2017 có 65 CĐCS.",
                "Năm 2019 có 63 CĐCS!",
                "Vậy sao?",
                "Được."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_numbers_and_comrades() {
        for s in [
            "LĐLĐ TP. Hồ Chí Minh có 1.234 đoàn viên.",
            "Trụ sở ở Q. 1 và Q.1 của TP.HCM.",
            "Có 1 đ/c trúng cử, cách mạng 4.0 và 1,5 tỷ đồng.",
            "Ông N.V. An và TS. Lê Hà tham dự.",
        ] {
            assert_eq!(split(s), vec![s], "{s}");
        }
    }

    #[test]
    fn glued_and_ellipsis_boundaries() {
        assert_eq!(
            split("tặng Giấy khen.Trong năm 2017, có 291 đoàn viên."),
            vec!["tặng Giấy khen.", "Trong năm 2017, có 291 đoàn viên."]
        );
        assert_eq!(
            split("đời sống CBCCVCLĐ...Một số chỉ tiêu là 100% CĐCS."),
            vec!["đời sống CBCCVCLĐ...", "Một số chỉ tiêu là 100% CĐCS."]
        );
        assert_eq!(
            split("Họ nói: \"Tốt.\" Sau đó về."),
            vec!["Họ nói: \"Tốt.\"", "Sau đó về."]
        );
    }

    #[test]
    fn paragraphs_are_separate() {
        let t = "Một. Hai\nBa";
        let s = sentences(t, &[(0, 8), (9, 11)]);
        assert_eq!(s.len(), 3);
        assert_eq!(s[2].paragraph, 1);
    }
}
