//! HTML to plain text, for articles dumped as HTML.
//!
//! A single forward scan over the input (linear time, no recursion, no DOM): tags are
//! dropped, `<script>`, `<style>`, `<head>` (and `<noscript>`, `<template>`) contents are
//! skipped, comments removed, entities decoded, and block elements become line breaks so
//! paragraphs survive. Whitespace inside text is collapsed as a browser would; the result
//! has single spaces, no trailing spaces and at most one empty line between paragraphs.

/// Elements whose start or end tag breaks the line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
    "title",
];

/// Elements whose whole content is dropped.
const SKIP_TAGS: &[&str] = &["script", "style", "head", "noscript", "template"];

/// Tags whose presence makes a text HTML for [`looks_like_html`].
const KNOWN_TAGS: &[&str] = &[
    "html",
    "head",
    "body",
    "p",
    "div",
    "br",
    "span",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "article",
    "section",
    "script",
    "style",
    "meta",
    "link",
    "title",
    "figure",
    "blockquote",
    "font",
    "iframe",
    "header",
    "footer",
    "nav",
    "main",
    "hr",
    "sup",
    "sub",
    "u",
    "center",
    "pre",
];

/// True when `s` contains markup: a doctype, a comment, or a start/end tag of a common HTML element.
pub fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        i += k;
        let rest = &b[i + 1..];
        if starts_with_ci(rest, b"!doctype") || rest.starts_with(b"!--") {
            return true;
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let name_len = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len > 0 && name_len <= 10 {
            let after = rest.get(name_len).copied();
            let ends_ok = matches!(after, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'));
            if ends_ok
                && KNOWN_TAGS
                    .iter()
                    .any(|t| rest[..name_len].eq_ignore_ascii_case(t.as_bytes()))
            {
                return true;
            }
        }
        i += 1;
    }
    false
}

#[inline]
fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// First index >= `from` where `needle` (ASCII, lowercase) occurs, case-insensitively.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        if hay[i].to_ascii_lowercase() == *first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// End (exclusive) of the tag starting at `start` (`hay[start] == b'<'`), honouring quotes.
fn tag_end(hay: &[u8], start: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = start + 1;
    while i < hay.len() {
        let c = hay[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    hay.len()
}

/// Named entities (without `&` and `;`).
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "nbsp" => " ",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup2" => "²",
        "sup3" => "³",
        "percnt" => "%",
        "euro" => "€",
        "cent" => "¢",
        "pound" => "£",
        "yen" => "¥",
        "sect" => "§",
        "para" => "¶",
        "shy" => "\u{AD}",
        "zwj" => "\u{200D}",
        "zwnj" => "\u{200C}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "igrave" => "ì",
        "iacute" => "í",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ugrave" => "ù",
        "uacute" => "ú",
        "yacute" => "ý",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Yacute" => "Ý",
        "ETH" => "Ð",
        "eth" => "ð",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "ccedil" => "ç",
        "ntilde" => "ñ",
        _ => return None,
    })
}

/// Decodes the entity starting at `b[i] == b'&'`: (text, bytes consumed).
fn entity(s: &str, i: usize) -> Option<(EntityText, usize)> {
    let b = s.as_bytes();
    let max = (i + 34).min(b.len());
    let semi = (i + 1..max).find(|&k| b[k] == b';')?;
    let body = &s[i + 1..semi];
    let consumed = semi + 1 - i;
    if let Some(num) = body.strip_prefix('#') {
        let value = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = match value {
            0 => '\u{FFFD}',
            // Windows-1252 numeric references (&#150; for –) as browsers read them.
            0x80..=0x9F => {
                let k = usize::try_from(value - 0x80).ok()?;
                WIN1252_C1.get(k).copied().unwrap_or('\u{FFFD}')
            }
            _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
        };
        return Some((EntityText::Char(c), consumed));
    }
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    named_entity(body).map(|t| (EntityText::Str(t), consumed))
}

enum EntityText {
    Char(char),
    Str(&'static str),
}

const WIN1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Builds the output, collapsing whitespace as it goes.
struct Out {
    s: String,
    /// Pending line breaks (0, 1, or 2+) and pending space, emitted before the next text.
    newlines: usize,
    space: bool,
}

impl Out {
    fn text_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = true;
            return;
        }
        if !self.s.is_empty() {
            if self.newlines > 0 {
                for _ in 0..self.newlines.min(2) {
                    self.s.push('\n');
                }
            } else if self.space {
                self.s.push(' ');
            }
        }
        self.newlines = 0;
        self.space = false;
        self.s.push(c);
    }

    fn text_str(&mut self, t: &str) {
        t.chars().for_each(|c| self.text_char(c));
    }

    fn block(&mut self, n: usize) {
        self.newlines = self.newlines.max(n);
        self.space = false;
    }
}

/// Strips markup from `s` (see the module docs). Linear time, constant stack depth.
pub fn html_to_text(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Out {
        s: String::with_capacity(s.len() / 2),
        newlines: 0,
        space: false,
    };
    // Whether a closing tag for a skip element exists later (None = not searched yet).
    let mut no_close_after: [usize; 5] = [usize::MAX; 5];
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'<' && c != b'&' {
            i += 1;
            continue;
        }
        // Flush the plain text before this point.
        out.text_str(&s[text_start..i]);
        if c == b'&' {
            match entity(s, i) {
                Some((EntityText::Char(ch), n)) => {
                    out.text_char(ch);
                    i += n;
                }
                Some((EntityText::Str(t), n)) => {
                    // &nbsp; is a space that does not collapse into a line break.
                    if t == " " {
                        out.space = true;
                    } else {
                        out.text_str(t);
                    }
                    i += n;
                }
                None => {
                    out.text_char('&');
                    i += 1;
                }
            }
            text_start = i;
            continue;
        }
        // c == b'<'
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            i = find_ci(b, i + 4, b"-->").map_or(b.len(), |k| k + 3);
            text_start = i;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_from = i + 1 + usize::from(closing);
        // A tag name starts with a letter: "tỷ lệ <50%" and "a < b" are text.
        let name = &b[name_from.min(b.len())..];
        let name_len = if name.first().is_some_and(u8::is_ascii_alphabetic) {
            name.iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count()
        } else {
            0
        };
        let is_tag = name_len > 0 || rest.first().is_some_and(|&c| c == b'!' || c == b'?');
        if !is_tag {
            // A lone '<' in text ("a < b").
            out.text_char('<');
            i += 1;
            text_start = i;
            continue;
        }
        let name = &s[name_from..name_from + name_len];
        let end = tag_end(b, i);
        i = end;
        text_start = i;
        if name_len == 0 {
            continue; // <!...> or <?...?>
        }
        if BLOCK_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            let n = if name.eq_ignore_ascii_case("br") {
                1
            } else {
                2
            };
            out.block(n);
            continue;
        }
        if name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th") {
            out.space = true;
            continue;
        }
        if closing {
            continue;
        }
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if self_closing {
            continue;
        }
        if let Some(k) = SKIP_TAGS.iter().position(|t| name.eq_ignore_ascii_case(t)) {
            if i >= no_close_after[k] {
                continue;
            }
            let mut needle = [0u8; 12];
            needle[0] = b'<';
            needle[1] = b'/';
            let tag = SKIP_TAGS[k].as_bytes();
            needle[2..2 + tag.len()].copy_from_slice(tag);
            match find_ci(b, i, &needle[..2 + tag.len()]) {
                Some(close) => {
                    i = tag_end(b, close);
                    text_start = i;
                    if k == 2 {
                        out.block(2);
                    }
                }
                None => {
                    // Unclosed <head>: keep going (its text is usually the title); an
                    // unclosed script or style swallows the rest, as in a browser.
                    if k == 2 {
                        no_close_after[k] = i;
                    } else {
                        i = b.len();
                        text_start = i;
                    }
                }
            }
        }
    }
    out.text_str(&s[text_start.min(b.len())..]);
    out.s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html() {
        assert!(looks_like_html("<p>Công đoàn</p>"));
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("text <br/> more"));
        assert!(looks_like_html("<DIV class=\"x\">a</DIV>"));
        assert!(!looks_like_html("Tăng 5% so với năm 2013, a < b và c > d"));
        assert!(!looks_like_html("Plain text with <unknown> marker"));
        assert!(!looks_like_html(""));
    }

    #[test]
    fn strips_tags_and_decodes_entities() {
        let html = "<html><head><title>T</title><style>p{color:red}</style></head>\
            <body><h1>Công&nbsp;đoàn</h1><p>Ho&agrave;n th&#224;nh &#x111;&#7863;t 100&#37; &amp; h&ocirc;m nay&hellip;</p>\
            <script>var x = '<p>no</p>';</script><div>Dòng 2<br>Dòng 3</div>\
            <p>a &lt; b &unknown; &#0; &#150;</p></body></html>";
        assert_eq!(
            html_to_text(html),
            "Công đoàn\n\nHoàn thành đặt 100% & hôm nay…\n\nDòng 2\nDòng 3\n\na < b &unknown; \u{FFFD} –"
        );
    }

    #[test]
    fn nested_and_inline_tags() {
        let html = "<div><div><p>Một <b>hai <i>ba</i></b> bốn</p>\n\n   <ul><li>năm</li><li>sáu</li></ul></div></div>";
        assert_eq!(html_to_text(html), "Một hai ba bốn\n\nnăm\n\nsáu");
        assert_eq!(
            html_to_text("<a href=\"x>y\">link</a> <!-- c <p> -->after"),
            "link after"
        );
        assert_eq!(
            html_to_text("<table><tr><td>1</td><td>2</td></tr></table>"),
            "1 2"
        );
    }

    #[test]
    fn unclosed_and_malformed() {
        assert_eq!(html_to_text("a <script>never closed"), "a");
        assert_eq!(
            html_to_text("<head><title>x</title> body text"),
            "x\n\nbody text"
        );
        assert_eq!(html_to_text("<p unclosed attr=\"..."), "");
        assert_eq!(html_to_text("x < y & z"), "x < y & z");
        assert_eq!(
            html_to_text("&#xFFFFFFFFF; &#99999999999;"),
            "&#xFFFFFFFFF; &#99999999999;"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let mut html = String::with_capacity(n * 12);
        for _ in 0..n {
            html.push_str("<div>");
        }
        html.push_str("sâu");
        for _ in 0..n {
            html.push_str("</div>");
        }
        assert_eq!(html_to_text(&html), "sâu");
        // Many unclosed <head> tags stay linear.
        let heads = "<head>x".repeat(20_000);
        assert_eq!(html_to_text(&heads).len(), "x".repeat(20_000).len());
    }
}
