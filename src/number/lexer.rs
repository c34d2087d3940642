//! Tokens of a quantity phrase: digit runs with their separators, words,
//! `%`, dashes, `/` and `₫`. The lexer is a cursor (`Copy`), so parsers try
//! a reading on a copy and keep it only when it succeeds.

use crate::text::chars::is_letter;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Tok<'a> {
    /// `[0-9]+([.,][0-9]+)*`
    Num(&'a str),
    /// A run of alphabetic characters.
    Word(&'a str),
    Percent,
    Dash,
    Slash,
    /// `₫`
    DongSign,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'a> {
    pub(super) tok: Tok<'a>,
    /// Whitespace precedes the token.
    pub(super) spaced: bool,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Lexer<'a> {
    pub(super) s: &'a str,
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Lexer { s, pos: 0 }
    }

    /// A lexer over `s` starting at byte `pos` (a char boundary).
    pub(super) fn at(s: &'a str, pos: usize) -> Self {
        Lexer { s, pos }
    }

    /// Where the next token starts (after whitespace), or the end.
    pub(super) fn next_start(&self) -> usize {
        let rest = self.s.get(self.pos..).unwrap_or("");
        self.pos + (rest.len() - rest.trim_start().len())
    }

    pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
        let mut spaced = false;
        let rest = self.s.get(self.pos..)?;
        let mut chars = rest.char_indices();
        let (start_off, first) = loop {
            let (i, c) = chars.next()?;
            if c.is_whitespace() {
                spaced = true;
            } else {
                break (i, c);
            }
        };
        let start = self.pos + start_off;
        let bytes = self.s.as_bytes();
        let tok = if first.is_ascii_digit() {
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            // Thousands grouped with spaces (NBSP and U+202F are spaces by
            // now): "10 141", "1 234 567": a first group of 1–3 digits (not
            // starting with 0), then groups of exactly three, each after one
            // space and followed by no digit, letter or decimal part.
            if (1..=3).contains(&(end - start)) && bytes[start] != b'0' {
                let mut e = end;
                while bytes.get(e) == Some(&b' ')
                    && bytes
                        .get(e + 1..e + 4)
                        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                {
                    let after = bytes.get(e + 4).copied();
                    let glued = after.is_some_and(|c| c.is_ascii_alphanumeric())
                        || (matches!(after, Some(b'.' | b','))
                            && bytes.get(e + 5).is_some_and(u8::is_ascii_digit));
                    if glued {
                        break;
                    }
                    e += 4;
                }
                if e > end {
                    self.pos = e;
                    return Some(Token {
                        tok: Tok::Num(&self.s[start..e]),
                        spaced,
                    });
                }
            }
            while end + 1 < bytes.len()
                && (bytes[end] == b'.' || bytes[end] == b',')
                && bytes[end + 1].is_ascii_digit()
            {
                end += 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
            }
            self.pos = end;
            return Some(Token {
                tok: Tok::Num(&self.s[start..end]),
                spaced,
            });
        } else if is_letter(first) {
            let mut end = start + first.len_utf8();
            for (i, c) in self.s[end..].char_indices() {
                if !is_letter(c) {
                    end += i;
                    self.pos = end;
                    return Some(Token {
                        tok: Tok::Word(&self.s[start..end]),
                        spaced,
                    });
                }
            }
            end = self.s.len();
            self.pos = end;
            return Some(Token {
                tok: Tok::Word(&self.s[start..end]),
                spaced,
            });
        } else {
            match first {
                '%' => Tok::Percent,
                '-' | '–' | '—' | '‐' | '‑' | '−' | '~' => Tok::Dash,
                '/' => Tok::Slash,
                '₫' => Tok::DongSign,
                _ => Tok::Other,
            }
        };
        self.pos = start + first.len_utf8();
        Some(Token { tok, spaced })
    }

    pub(super) fn peek(&self) -> Option<Token<'a>> {
        let mut c = *self;
        c.next_token()
    }

    pub(super) fn at_end(&self) -> bool {
        self.peek().is_none()
    }

    /// Consume the word `lit` (lowercase) if it comes next.
    pub(super) fn eat_word(&mut self, lit: &str) -> bool {
        // Fast path for lowercase text (what the engine reads): compare the
        // bytes, no token built. Only a capital letter next needs the slow,
        // case-folding path.
        let rest = self.s.get(self.pos..).unwrap_or("");
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix(lit) {
            if !after.starts_with(is_letter) {
                self.pos = self.s.len() - after.len();
                return true;
            }
        }
        let first = trimmed.chars().next();
        if !first.is_some_and(|f| f.is_ascii_uppercase() || (!f.is_ascii() && f.is_uppercase())) {
            return false;
        }
        let mut c = *self;
        match c.next_token() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if word_eq(w, lit) => {
                *self = c;
                true
            }
            _ => false,
        }
    }

    /// Consume the words of `lits` in sequence, or nothing.
    pub(super) fn eat_words(&mut self, lits: &[&str]) -> bool {
        let mut c = *self;
        for lit in lits {
            if !c.eat_word(lit) {
                return false;
            }
        }
        *self = c;
        true
    }

    pub(super) fn eat_dash(&mut self) -> bool {
        if matches!(self.peek(), Some(Token { tok: Tok::Dash, .. })) {
            self.next_token();
            true
        } else {
            false
        }
    }
}

/// Lowercase `w` into `buf`; `None` when it does not fit (then it is no word
/// we know).
pub(super) fn lower_into<'b>(w: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut n = 0;
    for c in w.chars().flat_map(char::to_lowercase) {
        let l = c.len_utf8();
        if n + l > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + l]);
        n += l;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// `w` equals the lowercase literal `lit`, ignoring case.
pub(super) fn word_eq(w: &str, lit: &str) -> bool {
    if w == lit {
        return true;
    }
    // Lowercase text (what the engine reads) never needs the slow path.
    if w.len() > 4 * lit.len() + 4
        || !w
            .chars()
            .any(|c| c.is_ascii_uppercase() || (!c.is_ascii() && c.is_uppercase()))
    {
        return false;
    }
    w.chars().flat_map(char::to_lowercase).eq(lit.chars())
}
