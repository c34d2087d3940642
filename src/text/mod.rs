//! Text stages, each a pure function of a string:
//!
//! * [`legacy`] — bytes to Unicode, including legacy Vietnamese encodings;
//! * [`html`] — HTML to plain text with paragraph breaks;
//! * [`normalize`] — the one normalised text all offsets refer to;
//! * [`tone`] — tone-mark placement, used by `normalize`;
//! * [`chars`] — letter and word classes on the hot path;
//! * [`clean`] — title, date, byline and boilerplate: the article body;
//! * [`segment`] — paragraphs and sentences of the body;
//! * [`fold`] — the lowercased copy (same byte offsets) rules are matched on.

pub mod chars;
pub mod clean;
pub mod fold;
pub mod html;
pub mod legacy;
pub mod normalize;
pub mod segment;
pub mod tone;

/// `count` strings of up to `max - 1` pieces each, drawn by an xorshift
/// generator from `seed`: the random texts of the stages' unit tests.
#[cfg(test)]
pub(crate) fn random_texts(pieces: &[&str], seed: u32, count: usize, max: u32) -> Vec<String> {
    let mut x = seed;
    (0..count)
        .map(|_| {
            let mut s = String::new();
            for _ in 0..(x % max) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                s.push_str(pieces[(x as usize) % pieces.len()]);
            }
            s
        })
        .collect()
}
