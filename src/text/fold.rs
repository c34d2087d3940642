//! Lowercasing that keeps byte offsets: rules match a lowercased copy of the
//! normalised text, and offsets found there are valid in the original.

use std::borrow::Cow;

/// Lowercase `s` character by character, keeping a character unchanged where
/// its lowercase form would have another UTF-8 length (never the case for
/// Vietnamese letters). Borrowed when `s` has no uppercase letter.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    let first_upper = s.char_indices().find(|&(_, c)| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            c.is_uppercase()
        }
    });
    let Some((at, _)) = first_upper else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..at]);
    for c in s[at..].chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets() {
        for s in [
            "Công Đoàn VIÊN CHỨC Thành Phố",
            "ĐẠI HỘI lần thứ XVI",
            "İstanbul ẞ straße",
            "",
        ] {
            let l = lowercase(s);
            assert_eq!(l.len(), s.len(), "{s}");
            for (i, _) in s.char_indices() {
                assert!(l.is_char_boundary(i));
            }
        }
        assert_eq!(lowercase("Công Đoàn ĐẠI"), "công đoàn đại");
        assert!(matches!(lowercase("đã xong 12"), Cow::Borrowed(_)));
    }
}
