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
