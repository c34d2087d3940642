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
use crate::rules::{
    written, CompiledRule, Cond, LabelSpec, RulePack, AFTER, BEFORE, NEAR, NOT_AFTER, NOT_BEFORE,
    NOT_NEAR, SHORT_BEFORE, WINDOW,
};
use crate::text::chars::is_word;
use regex::CaptureLocations;
use regex_automata::{Input, PatternID, PatternSet};

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
    /// The byte ranges of its sentence and paragraph.
    pub sentence: (usize, usize),
    pub paragraph: (usize, usize),
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
    /// The byte range of its paragraph.
    pub paragraph: (usize, usize),
}

/// Working memory of [`classify`], reused across quantities: capture slots
/// of the `after`, `before` and `near` conditions of every rule, and which
/// conditions of each kind can match around the current quantity.
pub struct Scratch {
    slots: Vec<[Option<CaptureLocations>; 3]>,
    matched: [PatternSet; 6],
    /// The text (its address) and window each kind's set was last run on.
    windows: [(usize, usize, usize); 6],
}

impl Scratch {
    pub fn new(pack: &RulePack) -> Scratch {
        let set = |k: usize| PatternSet::new(pack.sets.forward[k].pattern_len());
        Scratch {
            slots: vec![[None, None, None]; pack.rules.len()],
            matched: [set(0), set(1), set(2), set(3), set(4), set(5)],
            windows: [(0, usize::MAX, 0); 6],
        }
    }
}

/// Decide what `q` is.
pub fn classify(pack: &RulePack, cx: &Context<'_>, q: &Found, scratch: &mut Scratch) -> Decision {
    let w = Windows::around(cx, q);
    let mut noun: Option<Option<NounPhrase>> = None;
    for (k, rule) in pack.rules.iter().enumerate() {
        if let Some(d) = try_rule(pack, k, rule, cx, q, &w, &mut noun, scratch) {
            return d;
        }
    }
    Decision::Unclaimed
}

/// The windows of a quantity's sentence that conditions look at.
struct Windows {
    /// After the quantity, from the next word.
    after: (usize, usize),
    /// Before the quantity, up to where it starts (trailing spaces trimmed).
    before: (usize, usize),
    /// Around it.
    near: (usize, usize),
}

impl Windows {
    fn around(cx: &Context<'_>, q: &Found) -> Windows {
        let r = &q.reading;
        let (s_start, s_end) = cx.sentence;
        let after_end = floor(cx.folded, s_end.min(r.end + WINDOW)).max(r.end);
        let before_from = ceil(cx.folded, s_start.max(q.start.saturating_sub(WINDOW))).min(q.start);
        let before_to = before_from + cx.folded[before_from..q.start].trim_end().len();
        // The whole sentence when it is not too long (then every quantity of
        // the sentence shares the window and its scan), else around the
        // quantity.
        let (near_from, near_to) = if s_end - s_start <= 6 * WINDOW {
            (s_start.min(q.start), s_end.max(r.end))
        } else {
            (
                ceil(cx.folded, s_start.max(q.start.saturating_sub(2 * WINDOW))).min(q.start),
                floor(cx.folded, s_end.min(r.end + 2 * WINDOW)).max(r.end),
            )
        };
        Windows {
            after: (next_word(cx.folded, r.end, after_end), after_end),
            before: (before_from, before_to),
            near: (near_from, near_to),
        }
    }

    fn of(&self, kind: usize) -> (usize, usize) {
        match kind {
            AFTER | NOT_AFTER => self.after,
            BEFORE | NOT_BEFORE => self.before,
            _ => self.near,
        }
    }
}

/// Whether the condition `c` of kind `kind` can match in its window. Each
/// kind's set is run once per window (for the conditions before the
/// quantity: on the last [`SHORT_BEFORE`] bytes, all its members can
/// match); a condition outside its set runs its own regex.
fn may_match(
    pack: &RulePack,
    cx: &Context<'_>,
    w: &Windows,
    kind: usize,
    c: &Cond,
    s: &mut Scratch,
) -> bool {
    let (mut from, to) = w.of(kind);
    let Some(index) = c.set_index else {
        return c.re.is_match(&cx.folded[from..to]);
    };
    if matches!(kind, BEFORE | NOT_BEFORE) {
        from = ceil(cx.folded, from.max(to.saturating_sub(SHORT_BEFORE)));
    }
    let key = (cx.folded.as_ptr() as usize, from, to);
    if s.windows[kind] != key {
        s.windows[kind] = key;
        s.matched[kind].clear();
        // The window is the haystack: `^` and `$` anchor at its ends.
        let input = Input::new(&cx.folded[from..to]);
        pack.sets.forward[kind].which_overlapping_matches(&input, &mut s.matched[kind]);
    }
    s.matched[kind].contains(PatternID::new_unchecked(index))
}

/// A matched condition: the end of its match (absolute) and the spans of
/// its label and unit groups.
#[derive(Clone, Copy, Default)]
struct Matched {
    end: usize,
    label: Option<(usize, usize)>,
    unit: Option<(usize, usize)>,
}

#[allow(clippy::too_many_arguments)]
fn try_rule(
    pack: &RulePack,
    k: usize,
    rule: &CompiledRule,
    cx: &Context<'_>,
    q: &Found,
    w: &Windows,
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
    let qualified = matches!(
        r.quantity.qualifier,
        Qualifier::Over | Qualifier::Under | Qualifier::About
    );
    if !(flag(def.scaled, r.scaled)
        && flag(def.qualified, qualified)
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
    if let Some(want) = def.capitalised {
        if want != capitalised(cx, q) {
            return None;
        }
    }
    let phrase =
        *noun.get_or_insert_with(|| noun::after(&pack.nouns, cx.text, cx.folded, r.end, w.after.1));
    if def.noun.is_some_and(|want| want != phrase.is_some()) {
        return None;
    }
    if rule.label == LabelSpec::Noun && phrase.is_none() {
        return None;
    }

    // Each window condition: first whether its set says it can match, then
    // (for what must match, or to confirm what must not) the rule's own regex.
    let conds = [
        (AFTER, &rule.after),
        (BEFORE, &rule.before),
        (NEAR, &rule.near),
        (NOT_AFTER, &rule.not_after),
        (NOT_BEFORE, &rule.not_before),
        (NOT_NEAR, &rule.not_near),
    ];
    for (kind, c) in conds {
        if let Some(c) = c {
            let may = may_match(pack, cx, w, kind, c, scratch);
            let positive = matches!(kind, AFTER | BEFORE | NEAR);
            if positive && !may {
                return None;
            }
            if !positive && may && matched(c, kind, cx.folded, w, &mut None).is_some() {
                return None;
            }
        }
    }
    let slots = &mut scratch.slots[k];
    let run_positive = |kind: usize, c: &Option<Cond>, slot: &mut Option<CaptureLocations>| match c
    {
        Some(c) => {
            // Capture slots are made on first use: most rules never get here.
            if slot.is_none() {
                *slot = Some(c.re.capture_locations());
            }
            matched(c, kind, cx.folded, w, slot).map(Some)
        }
        None => Some(None),
    };
    let [s_after, s_before, s_near] = slots;
    let after = run_positive(AFTER, &rule.after, s_after)?;
    let before = run_positive(BEFORE, &rule.before, s_before)?;
    let near = run_positive(NEAR, &rule.near, s_near)?;

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
        // "… trở lên/trở xuống" after the figure's words makes it a bound (the
        // number reader takes them only right after the number and unit).
        (None, Qualifier::Exact) => {
            crate::number::bound_at(cx.folded, end).unwrap_or(Qualifier::Exact)
        }
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
        sentence: cx.sentence,
        paragraph: cx.paragraph,
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

/// Run condition `c` of kind `kind` on its window.
fn matched(
    c: &Cond,
    kind: usize,
    hay: &str,
    w: &Windows,
    slot: &mut Option<CaptureLocations>,
) -> Option<Matched> {
    let (from, to) = w.of(kind);
    match kind {
        AFTER | NOT_AFTER => match_after(c, hay, from, to, slot),
        BEFORE | NOT_BEFORE => match_before(c, hay, from, to, slot),
        _ => match_near(c, hay, from, to, slot),
    }
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
    before.is_some_and(is_word) && at.is_some_and(is_word)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_sources, RulePack};
    use crate::text::fold;

    fn pack(src: &str) -> RulePack {
        let head =
            "[[metric]]\nid = \"m\"\nunit = \"u\"\n[nouns]\nstop_words = [\"được\", \"và\"]\n";
        let s = load_sources(vec![("t.toml".into(), format!("{head}{src}"))]).expect("parses");
        RulePack::compile(s).expect("compiles")
    }

    /// (rule id or "-", value, label, unit) of every quantity of `text`.
    fn decide(pack: &RulePack, text: &str) -> Vec<(String, f64, Option<String>, Option<String>)> {
        let folded = fold::lowercase(text);
        crate::extract::decisions(pack, text, &folded, &[(0, text.len())])
            .into_iter()
            .map(|(q, d)| match d {
                Decision::Figure(h) => {
                    (pack.rules[h.rule].def.id.clone(), h.value, h.label, h.unit)
                }
                Decision::Skipped(k) => (
                    format!("skip:{}", pack.rules[k].def.id),
                    q.reading.quantity.value,
                    None,
                    None,
                ),
                Decision::Unclaimed => ("-".into(), q.reading.quantity.value, None, None),
            })
            .collect()
    }

    #[test]
    fn the_first_rule_that_holds_decides() {
        let p = pack(
            "[[rule]]\nid = \"noun\"\nmetric = \"m\"\nlabel = \"{noun}\"\n\
             [[rule]]\nid = \"age\"\nskip = \"an age\"\npriority = 9\nafter = 'tuổi'\n\
             [[rule]]\nid = \"kg\"\nmetric = \"m\"\npriority = 5\nafter = '(?P<unit>kg|ki lô)'\n[units]\n\"ki lô\" = \"kg\"\n",
        );
        assert_eq!(
            decide(&p, "có 5 tuổi, 7 hộ nghèo và 3 ki lô, 8 được"),
            vec![
                ("skip:age".into(), 5.0, None, None),
                ("noun".into(), 7.0, Some("hộ nghèo".into()), None),
                ("kg".into(), 3.0, None, Some("kg".into())),
                ("-".into(), 8.0, None, None),
            ]
        );
    }

    #[test]
    fn conditions_never_match_part_of_a_word() {
        let p = pack(
            "[[rule]]\nid = \"after\"\nmetric = \"m\"\nafter = 'giải\\s+[a-c]|giải'\nlabel = \"x\"\n\
             [[rule]]\nid = \"before\"\nmetric = \"m\"\nbefore = 'có'\n",
        );
        // "giải c…" stops inside "chung": the shorter alternative "giải" holds.
        assert_eq!(decide(&p, "có 2 giải chung")[0].0, "after");
        // "khoá có" ends with "có" as a word, "lócó" does not.
        assert_eq!(decide(&p, "khoá có 4, lócó 5")[0].0, "before");
        assert_eq!(decide(&p, "khoá có 4, lócó 5")[1].0, "-");
    }

    #[test]
    fn bare_one_and_written_units() {
        let p = pack(
            "[[rule]]\nid = \"count\"\nmetric = \"m\"\nwritten = [\"none\"]\nlabel = \"{noun}\"\n\
             [[rule]]\nid = \"award\"\nmetric = \"m\"\nbare_one = true\npriority = 3\nafter = 'bằng khen'\n",
        );
        let d = decide(&p, "Có một người nhận một bằng khen, 5% hộ và 2 hộ.");
        let ids: Vec<&str> = d.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(ids, ["-", "award", "-", "count"]);
    }
}
