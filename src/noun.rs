//! The noun phrase after a quantity: what a count counts.
//!
//! Nouns are an open class, so the phrase is found by what ends it, from
//! the pack's `[nouns]` data: a stop word (function words, verbs,
//! adjectives that follow numbers), punctuation, a digit, or `max_words`
//! words — unless a longer known phrase ("mái ấm công đoàn", "người lao
//! động") starts there. Quantifier nouns at the start are skipped ("30%
//! số hộ" counts "hộ"); a capitalised person's or place's name is no noun
//! ("số 12 Lê Lợi").

use crate::rules::Nouns;
use crate::text::chars::is_letter;

/// A noun phrase found after a quantity; byte offsets in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NounPhrase {
    pub start: usize,
    pub end: usize,
}

/// The most words looked at after a quantity.
const MAX_SCAN: usize = 8;

/// The noun phrase starting right after `pos` in `folded` (lowercased;
/// `text` is the same text in its own case), not reaching past `limit`.
pub fn after(
    nouns: &Nouns,
    text: &str,
    folded: &str,
    pos: usize,
    limit: usize,
) -> Option<NounPhrase> {
    let hay = folded.get(..limit.min(folded.len()))?;
    let glued = hay[pos..].starts_with(is_letter);
    // A quoted name of what is counted: 25 “mái ấm tình thương”.
    let rest = &hay[pos..];
    let unquoted = rest.trim_start_matches([' ', '\t']);
    let pos = match unquoted.strip_prefix(['“', '"', '‘', '«']) {
        Some(q) => hay.len() - q.len(),
        None => pos,
    };
    let mut words = [(0usize, 0usize); MAX_SCAN];
    let n = scan_words(hay, pos, &mut words);
    if n == 0 {
        return None;
    }
    if glued && hay[words[0].0..words[0].1].chars().count() < 3 {
        // "5g", "3d", "10a1": a code, not "01tập thể".
        return None;
    }
    let word = |k: usize| &hay[words[k].0..words[k].1];
    let mut first = 0;
    if let Some(lead) = nouns
        .skip_first
        .iter()
        .find(|p| p.len() < n && (0..p.len()).all(|k| word(k) == p[k]))
    {
        first = lead.len();
    }
    let known = nouns
        .phrases
        .iter()
        .find(|p| first + p.len() <= n && (0..p.len()).all(|k| word(first + k) == p[k]));
    if known.is_none() && nouns.stop_words.contains(word(first)) {
        return None;
    }
    let (fs, fe) = words[first];
    let own_case = text.get(fs..fe).unwrap_or("");
    if own_case.starts_with(char::is_uppercase) && nouns.proper_names.contains(own_case) {
        return None;
    }
    let last = match known {
        Some(p) => first + p.len() - 1,
        None => {
            let mut last = first;
            while last + 1 < n
                && last + 1 - first < nouns.max_words
                && !nouns.stop_words.contains(word(last + 1))
            {
                last += 1;
            }
            last
        }
    };
    Some(NounPhrase {
        start: fs,
        end: words[last].1,
    })
}

/// Up to `MAX_SCAN` words from `pos`, separated by single runs of spaces;
/// a word is letters, with `/` or `-` between letters ("đ/c", "cnvc-lđ").
/// Anything else (punctuation, digits, a line end) ends the scan.
fn scan_words(hay: &str, pos: usize, out: &mut [(usize, usize); MAX_SCAN]) -> usize {
    let mut n = 0;
    let mut i = pos;
    let b = hay.as_bytes();
    while n < MAX_SCAN {
        let mut s = i;
        while s < b.len() && (b[s] == b' ' || b[s] == b'\t') {
            s += 1;
        }
        if n > 0 && s == i {
            break;
        }
        let mut e = s;
        let mut chars = hay[s..].char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            if is_letter(c) {
                e = s + k + c.len_utf8();
            } else if (c == '/' || c == '-')
                && e == s + k
                && e > s
                && chars.peek().is_some_and(|&(_, d)| is_letter(d))
            {
                continue;
            } else {
                break;
            }
        }
        if e == s {
            break;
        }
        out[n] = (s, e);
        n += 1;
        i = e;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::NounsDef;

    fn nouns() -> Nouns {
        let def = NounsDef {
            max_words: Some(2),
            stop_words: ["được", "có", "và", "cho", "tại", "đạt", "tham", "so"]
                .map(String::from)
                .to_vec(),
            skip_first: ["số", "tổng số"].map(String::from).to_vec(),
            phrases: ["mái ấm công đoàn", "người lao động"]
                .map(String::from)
                .to_vec(),
            proper_names: ["Lê", "Nguyễn"].map(String::from).to_vec(),
        };
        crate::rules::Nouns::from_def(&def)
    }

    fn label(text: &str, at: usize) -> Option<String> {
        let folded = text.to_lowercase();
        after(&nouns(), text, &folded, at, folded.len()).map(|p| folded[p.start..p.end].to_string())
    }

    #[test]
    fn phrases_end_where_the_grammar_says() {
        assert_eq!(
            label("12 trường học trên địa bàn", 2).as_deref(),
            Some("trường học")
        );
        assert_eq!(
            label("300 đoàn viên có hoàn cảnh", 3).as_deref(),
            Some("đoàn viên")
        );
        assert_eq!(
            label("95 Mái ấm Công đoàn mới", 2).as_deref(),
            Some("mái ấm công đoàn")
        );
        assert_eq!(
            label("1.200 người lao động được", 5).as_deref(),
            Some("người lao động")
        );
        assert_eq!(label("30% số hộ nghèo", 3).as_deref(), Some("hộ nghèo"));
        assert_eq!(label("5 người, 3 hộ", 1).as_deref(), Some("người"));
        assert_eq!(label("1 đ/c trúng cử", 1).as_deref(), Some("đ/c trúng"));
        assert_eq!(label("01tập thể", 2).as_deref(), Some("tập thể"));
        assert_eq!(
            label("25 “mái ấm công đoàn”", 2).as_deref(),
            Some("mái ấm công đoàn")
        );
    }

    #[test]
    fn no_noun_after() {
        assert_eq!(label("98% so với", 3), None);
        assert_eq!(label("đạt 1.200, tăng", 9), None);
        assert_eq!(label("số 12 Lê Lợi", 6), None);
        assert_eq!(label("mạng 5g", 6), None);
        assert_eq!(label("12 được", 2), None);
        assert_eq!(label("12.", 2), None);
    }
}
