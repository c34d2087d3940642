//! Deciding what a quantity is, from its context, by the pack's rules.
//!
//! Rules are tried highest priority first; the first whose conditions all
//! hold decides: a figure of its metric, or — for a `skip` rule — nothing,
//! with the reason. Conditions look at the quantity itself (its written
//! unit, multiplier, fraction, words) and at windows of its sentence: what
//! follows it (`after`, anchored at the next word), what precedes it
//! (`before`, ending where it starts), the sentence around it (`near`), and
//! whether an open noun phrase follows (see [`crate::noun`]). A condition
//! never matches part of a word (see `rules::Cond`), so rule regexes never
//! need `\b`.

use crate::noun::{self, NounPhrase};
use crate::number::{Qualifier, UnitHint};
use crate::quantity::Found;
use crate::rules::{written, CompiledRule, Cond, LabelSpec, RulePack, WINDOW};
use regex::CaptureLocations;

/// A figure decided by a rule, before attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into [`RulePack::rules`].
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    /// The whole of a fraction.
    pub total: Option<f64>,
    pub qualifier: Qualifier,
    pub label: Option<String>,
    /// The unit a rule read from the text (`(?P<unit>…)`), else the rule's.
    pub unit: Option<String>,
    /// The start of the total this figure is a part of (see `extract`).
    pub part_of: Option<usize>,
}

/// What became of a quantity.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Figure(Hit),
    /// Dropped by the `skip` rule at this index.
    Skipped(usize),
    /// No rule claimed it.
    Unclaimed,
}

/// The text around one quantity.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The normalised text, in its own case.
    pub text: &'a str,
    /// The same text lowercased (same byte offsets).
    pub folded: &'a str,
    /// The byte range of the quantity's sentence.
    pub sentence: (usize, usize),
}

/// Capture slots of the `after`, `before` and `near` conditions of every
/// rule, reused across quantities.
pub struct Scratch {
    slots: Vec<[Option<CaptureLocations>; 3]>,
}

impl Scratch {
    pub fn new(pack: &RulePack) -> Scratch {
        let loc = |c: &Option<Cond>| c.as_ref().map(|c| c.re.capture_locations());
        Scratch {
            slots: pack
                .rules
                .iter()
                .map(|r| [loc(&r.after), loc(&r.before), loc(&r.near)])
                .collect(),
        }
    }
}

/// Decide what `q` is.
pub fn classify(pack: &RulePack, cx: &Context<'_>, q: &Found, scratch: &mut Scratch) -> Decision {
    let mut noun: Option<Option<NounPhrase>> = None;
    for (k, rule) in pack.rules.iter().enumerate() {
        if let Some(d) = try_rule(pack, k, rule, cx, q, &mut noun, scratch) {
            return d;
        }
    }
    Decision::Unclaimed
}

/// A matched condition: the end of its match (absolute) and the spans of
/// its label and unit groups.
#[derive(Clone, Copy, Default)]
struct Matched {
    end: usize,
    label: Option<(usize, usize)>,
    unit: Option<(usize, usize)>,
}

fn try_rule(
    pack: &RulePack,
    k: usize,
    rule: &CompiledRule,
    cx: &Context<'_>,
    q: &Found,
    noun: &mut Option<Option<NounPhrase>>,
    scratch: &mut Scratch,
) -> Option<Decision> {
    let r = &q.reading;
    let def = &rule.def;
    let bare_one = r.bare_word && r.quantity.value == 1.0 && r.quantity.value_max.is_none();
    if bare_one && !def.bare_one && rule.metric.is_some() {
        return None;
    }
    if rule.written != 0 {
        let bit = match r.quantity.unit {
            UnitHint::Vnd => written::VND,
            UnitHint::Percent => written::PERCENT,
            UnitHint::None => written::NONE,
        };
        if rule.written & bit == 0 {
            return None;
        }
    }
    let flag = |want: Option<bool>, have: bool| want.is_none_or(|w| w == have);
    if !(flag(def.scaled, r.scaled)
        && flag(def.fraction, r.total.is_some())
        && flag(def.date_like, r.date_like)
        && flag(def.words, r.words)
        && flag(def.year_like, r.year_like))
    {
        return None;
    }
    if let Some(c) = &rule.phrase {
        if !c.re.is_match(cx.folded.get(q.start..r.end)?) {
            return None;
        }
    }
    let (s_start, s_end) = cx.sentence;
    if let Some(want) = def.capitalised {
        if want != capitalised(cx, q) {
            return None;
        }
    }
    let after_end = floor(cx.folded, s_end.min(r.end + WINDOW)).max(r.end);
    let phrase =
        *noun.get_or_insert_with(|| noun::after(&pack.nouns, cx.text, cx.folded, r.end, after_end));
    if def.noun.is_some_and(|want| want != phrase.is_some()) {
        return None;
    }
    if rule.label == LabelSpec::Noun && phrase.is_none() {
        return None;
    }

    let slots = &mut scratch.slots[k];
    // after: anchored at the next word (or glued letters) after the quantity.
    let after_from = next_word(cx.folded, r.end, after_end);
    let after = match &rule.after {
        Some(c) => Some(match_after(
            c,
            cx.folded,
            after_from,
            after_end,
            &mut slots[0],
        )?),
        None => None,
    };
    if let Some(c) = &rule.not_after {
        if match_after(c, cx.folded, after_from, after_end, &mut None).is_some() {
            return None;
        }
    }
    let before_from = ceil(cx.folded, s_start.max(q.start.saturating_sub(WINDOW))).min(q.start);
    let before = match &rule.before {
        Some(c) => Some(match_before(
            c,
            cx.folded,
            before_from,
            q.start,
            &mut slots[1],
        )?),
        None => None,
    };
    if let Some(c) = &rule.not_before {
        if match_before(c, cx.folded, before_from, q.start, &mut None).is_some() {
            return None;
        }
    }
    let near_from = ceil(cx.folded, s_start.max(q.start.saturating_sub(2 * WINDOW))).min(q.start);
    let near_to = floor(cx.folded, s_end.min(r.end + 2 * WINDOW)).max(r.end);
    let near = match &rule.near {
        Some(c) => Some(match_near(c, cx.folded, near_from, near_to, &mut slots[2])?),
        None => None,
    };
    if let Some(c) = &rule.not_near {
        if match_near(c, cx.folded, near_from, near_to, &mut None).is_some() {
            return None;
        }
    }

    if rule.metric.is_none() {
        return Some(Decision::Skipped(k));
    }
    let text = |(s, e): (usize, usize)| &cx.folded[s..e];
    let label = match &rule.label {
        LabelSpec::Fixed(l) => Some(l.clone()),
        LabelSpec::Noun => phrase.map(|p| canonical(pack, text((p.start, p.end)))),
        LabelSpec::Group => [after, before, near]
            .iter()
            .flatten()
            .find_map(|m| m.label)
            .map(|span| canonical(pack, text(span))),
    };
    let unit = after.and_then(|m| m.unit).map(|span| {
        let u = collapse(text(span));
        pack.units.get(&u).cloned().unwrap_or(u)
    });
    let end = match (&after, &rule.label, phrase) {
        (Some(m), _, _) => m.end.max(r.end),
        (None, LabelSpec::Noun, Some(p)) => p.end,
        _ => r.end,
    };
    let qualifier = match (rule.qualifier, r.quantity.qualifier) {
        (_, Qualifier::Range) => Qualifier::Range,
        (Some(fixed), _) => fixed,
        (None, read) => read,
    };
    Some(Decision::Figure(Hit {
        rule: k,
        start: q.start,
        end,
        value: r.quantity.value,
        value_max: r.quantity.value_max,
        total: r.total,
        qualifier,
        label,
        unit,
        part_of: None,
    }))
}

/// The quantity starts with a capital letter mid-sentence and so does the
/// word after it.
fn capitalised(cx: &Context<'_>, q: &Found) -> bool {
    let upper = |i: usize| {
        cx.text
            .get(i..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let r = &q.reading;
    r.num_start > cx.sentence.0
        && upper(r.num_start)
        && upper(next_word(cx.text, r.end, cx.text.len()))
}

fn match_after(
    c: &Cond,
    hay: &str,
    from: usize,
    to: usize,
    slot: &mut Option<CaptureLocations>,
) -> Option<Matched> {
    run(c, hay.get(from..to)?, 0, slot).map(|m| shift(m, from))
}

fn match_before(
    c: &Cond,
    hay: &str,
    from: usize,
    to: usize,
    slot: &mut Option<CaptureLocations>,
) -> Option<Matched> {
    let m = run(c, hay.get(from..to)?.trim_end(), 0, slot)?;
    (!inside_word(hay, from + m.start)).then(|| shift(m, from))
}

/// The first match in the window that does not start inside a word.
fn match_near(
    c: &Cond,
    hay: &str,
    from: usize,
    to: usize,
    slot: &mut Option<CaptureLocations>,
) -> Option<Matched> {
    let win = hay.get(from..to)?;
    let mut at = 0;
    loop {
        let m = run(c, win, at, slot)?;
        if !inside_word(hay, from + m.start) {
            return Some(shift(m, from));
        }
        at = m.start + win[m.start..].chars().next().map_or(1, char::len_utf8);
        if at > win.len() {
            return None;
        }
    }
}

/// A match starting at `i` would start inside a word.
fn inside_word(hay: &str, i: usize) -> bool {
    let before = hay[..i].chars().next_back();
    let at = hay[i..].chars().next();
    before.is_some_and(char::is_alphanumeric) && at.is_some_and(char::is_alphanumeric)
}

/// A match relative to its window.
struct Rel {
    start: usize,
    end: usize,
    label: Option<(usize, usize)>,
    unit: Option<(usize, usize)>,
}

/// Run a condition on its window from byte `at`: the span of its own match
/// (group 1) and of its groups. Without capture slots (the `not_*`
/// conditions) the spans are those of the whole match, groups unread.
fn run(c: &Cond, win: &str, at: usize, slot: &mut Option<CaptureLocations>) -> Option<Rel> {
    match slot {
        Some(locs) => {
            c.re.captures_read_at(locs, win, at)?;
            let (start, end) = locs.get(1)?;
            let group = |g: Option<usize>| g.and_then(|g| locs.get(g));
            Some(Rel {
                start,
                end,
                label: group(c.label),
                unit: group(c.unit),
            })
        }
        None => c.re.find_at(win, at).map(|m| Rel {
            start: m.start(),
            end: m.end(),
            label: None,
            unit: None,
        }),
    }
}

fn shift(m: Rel, by: usize) -> Matched {
    Matched {
        end: m.end + by,
        label: m.label.map(|(s, e)| (s + by, e + by)),
        unit: m.unit.map(|(s, e)| (s + by, e + by)),
    }
}

/// Where the next word after `pos` starts: right at `pos` when letters are
/// glued to the number ("01tập", "2km"), else after the spaces.
fn next_word(hay: &str, pos: usize, limit: usize) -> usize {
    let b = hay.as_bytes();
    let mut i = pos;
    while i < limit && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whitespace collapsed to single spaces, commas and dots trimmed.
fn collapse(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s.trim_matches(|c: char| c == ',' || c == '.').to_string()
}

/// A label as the pack names it: collapsed, then mapped by `[labels]`.
fn canonical(pack: &RulePack, raw: &str) -> String {
    let s = collapse(raw);
    pack.labels.get(&s).cloned().unwrap_or(s)
}
