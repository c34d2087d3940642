//! Multipliers: a number expression accumulates groups scaled by nghìn,
//! triệu, tỷ … ("1 tỷ 200 triệu", "nghìn tỷ", "hai triệu rưỡi").

use super::digits::parse_digit_number;
use super::lexer::{Lexer, Tok};
use super::words::parse_word_number;

#[derive(Clone, Copy, Debug)]
pub(super) struct NumExpr {
    pub(super) value: f64,
    /// A multiplier word was applied.
    pub(super) scaled: bool,
    /// The multiplier applied to the first group (1 when none).
    pub(super) lead_factor: f64,
    /// A single plain 4-digit token between 1900 and 2100.
    pub(super) plain_year: bool,
}

/// Accumulates groups and multipliers.
pub(super) struct Acc {
    pub(super) total: f64,
    pub(super) last_factor: f64,
    pub(super) lead_factor: f64,
    pub(super) lead_open: bool,
    pub(super) scaled: bool,
}

impl Acc {
    pub(super) fn new() -> Self {
        Acc {
            total: 0.0,
            last_factor: 1.0,
            lead_factor: 1.0,
            lead_open: true,
            scaled: false,
        }
    }

    /// Apply multiplier `s` to `group` (`None`: directly after another
    /// multiplier, as in "nghìn tỷ").
    pub(super) fn apply(&mut self, group: Option<f64>, s: f64) {
        self.scaled = true;
        match group {
            None => {
                self.total *= s;
                self.last_factor *= s;
                if self.lead_open {
                    self.lead_factor *= s;
                }
            }
            Some(g) => {
                if self.total > 0.0 && self.total < s {
                    self.total = (self.total + g) * s;
                } else {
                    self.total += g * s;
                }
                if self.total > 0.0 && self.last_factor > 1.0 {
                    self.lead_open = false;
                }
                if self.lead_open {
                    self.lead_factor = s;
                }
                self.last_factor = s;
            }
        }
    }

    pub(super) fn finish(&self, plain_year: bool) -> Option<NumExpr> {
        if self.total.is_finite() && self.total >= 0.0 {
            Some(NumExpr {
                value: self.total,
                scaled: self.scaled,
                lead_factor: self.lead_factor,
                plain_year,
            })
        } else {
            None
        }
    }
}

/// A digit-only token read as a fraction ("5" = 0.5, "25" = 0.25).
pub(super) fn parse_number(lx: &mut Lexer<'_>) -> Option<NumExpr> {
    match lx.peek()?.tok {
        Tok::Num(_) => parse_digit_number(lx),
        Tok::Word(_) => parse_word_number(lx),
        _ => None,
    }
}
