//! Lowercasing that keeps byte offsets: rules match a lowercased copy of the
//! normalised text, and offsets found there are valid in the original.

use std::borrow::Cow;

/// Lowercase `s` character by character, keeping a character unchanged where
/// its lowercase form would have another UTF-8 length (never the case for
/// Vietnamese letters). Borrowed when `s` has no uppercase letter.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    // Fast scan for the first byte that may start an uppercase letter.
    let Some(first) = bytes
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
    else {
        return Cow::Borrowed(s);
    };
    let mut out: Option<String> = None;
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                let o = out.get_or_insert_with(|| start_copy(s, i));
                o.push(b.to_ascii_lowercase() as char);
            } else if let Some(o) = out.as_mut() {
                o.push(b as char);
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        let len = c.len_utf8();
        let lower = if c.is_uppercase() {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == len => x,
                _ => c,
            }
        } else {
            c
        };
        if lower != c {
            out.get_or_insert_with(|| start_copy(s, i)).push(lower);
        } else if let Some(o) = out.as_mut() {
            o.push(c);
        }
        i += len;
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(s),
    }
}

fn start_copy(s: &str, upto: usize) -> String {
    let mut o = String::with_capacity(s.len());
    o.push_str(&s[..upto]);
    o
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
