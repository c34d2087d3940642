//! Extraction: one pass of the pack's joined regex over the lowercased text,
//! word boundaries and number context checked in code, quantities read by
//! [`crate::number`].

use crate::number::{self, Qualifier};
use crate::rules::{CompiledRule, RulePack};
use regex_automata::nfa::thompson::backtrack;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID};

pub use crate::rules::MAX_FIGURE;

/// A figure as found by a rule, before attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into [`RulePack::rules`].
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Qualifier,
    pub label: Option<String>,
}

/// Reusable scratch space for [`find_into`]: each rule's capture engine
/// cache and slots, one set per thread.
pub struct Scratch {
    caps: Vec<(backtrack::Cache, Captures)>,
}

impl Scratch {
    pub fn new(pack: &RulePack) -> Scratch {
        Scratch {
            caps: pack
                .rules
                .iter()
                .map(|r| (r.captures.create_cache(), r.captures.create_captures()))
                .collect(),
        }
    }
}

/// Find every figure in `folded` (the lowercased normalised text, see
/// [`crate::text::fold`]) inside the byte ranges `regions`.
pub fn find(pack: &RulePack, folded: &str, regions: &[(usize, usize)]) -> Vec<Hit> {
    let mut out = Vec::new();
    find_into(pack, folded, regions, &mut Scratch::new(pack), &mut out);
    out
}

/// [`find`] appending to `out`, reusing `scratch`.
///
/// The joined regex finds the next place where some rule matches and the
/// first rule (in priority order) matching there; that rule's backtracker
/// then reads the value and label groups. A match
/// that fails the word-boundary or number-context checks, or does not read as
/// a quantity, gives way to the next rule at the same place, then to the
/// next place.
pub fn find_into(
    pack: &RulePack,
    folded: &str,
    regions: &[(usize, usize)],
    scratch: &mut Scratch,
    out: &mut Vec<Hit>,
) {
    for &(rs, re) in regions {
        let Some(hay) = folded.get(..re) else {
            continue;
        };
        let mut pos = rs;
        while pos < re {
            let Some(m) = pack.joined.search(&Input::new(hay).range(pos..)) else {
                break;
            };
            let start = m.start();
            let hit = if left_ok(folded, start) {
                at_position(pack, hay, start, (m.pattern().as_usize(), m.end()), scratch)
            } else {
                None
            };
            match hit {
                Some(h) => {
                    pos = h.end.max(next_char(hay, start));
                    out.push(h);
                }
                // No figure starts inside a word: skip the rest of this one,
                // so a run of a million digits is scanned once, not once per digit.
                None => pos = word_end(hay, start).max(next_char(hay, start)),
            }
        }
    }
}

/// The highest-priority rule that yields a figure starting at `start`.
/// `first` is what the joined regex reported there: the first rule (in
/// priority order) that matches at `start`, and where its match ends. The
/// rules before it do not match at all, and its own span is known, so in
/// the common case only its capture engine runs.
fn at_position(
    pack: &RulePack,
    hay: &str,
    start: usize,
    first: (usize, usize),
    scratch: &mut Scratch,
) -> Option<Hit> {
    // A figure is a short phrase: the rules see at most MAX_FIGURE bytes, so
    // the capture engines work on a small haystack however long the line.
    let mut cap = (start + MAX_FIGURE).min(hay.len());
    while !hay.is_char_boundary(cap) {
        cap -= 1;
    }
    let tail = hay.get(start..cap)?;
    let (first_rule, first_end) = first;
    for (k, rule) in pack.rules.iter().enumerate().skip(first_rule) {
        // The span comes from the joined scan for the first rule, from the
        // joined regex anchored to the rule's pattern for the others; the
        // capture engine then only runs on the matched span.
        let len = if k == first_rule && first_end - start <= tail.len() {
            first_end - start
        } else {
            let input = Input::new(tail).anchored(Anchored::Pattern(PatternID::new_unchecked(k)));
            match pack.joined.search(&input) {
                Some(m) => m.end(),
                None => continue,
            }
        };
        if len == 0 || !right_ok(hay, start + len) {
            continue;
        }
        let (cache, caps) = &mut scratch.caps[k];
        let input = Input::new(&tail[..len]).anchored(Anchored::Yes);
        // Spans are at most MAX_FIGURE bytes, which every capture engine
        // accepts (see rules::compile), so the search cannot fail.
        if rule.captures.try_search(cache, &input, caps).is_err() {
            continue;
        }
        let group = |g: usize| caps.get_group(g).map(|s| (s.start + start, s.end + start));
        let (Some(span), Some(value)) = (group(0), group(rule.value_group)) else {
            continue;
        };
        let label = rule.label_group.and_then(group);
        if let Some(h) = build_hit(pack, k, rule, hay, span, value, label) {
            return Some(h);
        }
    }
    None
}

/// The figure of rule `k` matching `span` of `hay`, with its value and
/// label groups at `value` and `label`, if the value reads as a quantity.
fn build_hit(
    pack: &RulePack,
    k: usize,
    rule: &CompiledRule,
    hay: &str,
    (start, end): (usize, usize),
    (vs, ve): (usize, usize),
    label: Option<(usize, usize)>,
) -> Option<Hit> {
    let vtext = hay.get(vs..ve)?;
    if !number::context_ok(&hay[..vs], vtext, &hay[ve..]) {
        return None;
    }
    let q = number::parse_quantity(vtext)?;
    // "một" alone is the article "a", not a count ("có một thiết chế").
    if !rule.def.bare_one
        && q.value == 1.0
        && q.value_max.is_none()
        && !vtext.bytes().any(|b| b.is_ascii_digit())
    {
        let word = vtext.trim();
        if word == "một" || word == "mốt" {
            return None;
        }
    }
    if !q.value.is_finite() {
        return None;
    }
    let qualifier = match (rule.qualifier, q.qualifier) {
        (_, Qualifier::Range) => Qualifier::Range,
        (Some(fixed), _) => fixed,
        (None, parsed) => parsed,
    };
    let label = match label {
        Some((ls, le)) => hay.get(ls..le).map(|l| canonical_label(pack, l)),
        None => rule.def.label.clone(),
    };
    Some(Hit {
        rule: k,
        start,
        end,
        value: q.value,
        value_max: q.value_max,
        qualifier,
        label,
    })
}

/// Labels are lowercased already; collapse whitespace and map aliases.
fn canonical_label(pack: &RulePack, raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    let s = s.trim_matches(|c: char| c == ',' || c == '.').to_string();
    pack.labels.get(&s).cloned().unwrap_or(s)
}

/// The end of the word (letters and digits) starting at `i`.
fn word_end(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(s.len(), |(k, _)| i + k)
}

fn next_char(s: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < s.len() && !s.is_char_boundary(j) {
        j += 1;
    }
    j
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The match may not start inside a word.
fn left_ok(text: &str, start: usize) -> bool {
    let first = text[start..].chars().next();
    let before = text[..start].chars().next_back();
    match (before, first) {
        (Some(b), Some(f)) => !(is_word(b) && is_word(f)),
        _ => true,
    }
}

/// The match may not end inside a word.
fn right_ok(text: &str, end: usize) -> bool {
    let last = text[..end].chars().next_back();
    let after = text.get(end..).and_then(|t| t.chars().next());
    match (last, after) {
        (Some(l), Some(a)) => !(is_word(l) && is_word(a)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared number-context check, on the value at `vs..ve` of `text`.
    fn number_context_ok(text: &str, vs: usize, ve: usize) -> bool {
        number::context_ok(&text[..vs], &text[vs..ve], &text[ve..])
    }

    fn pack(rules: &[(&str, i32, &str)]) -> RulePack {
        let mut src = String::from("[[metric]]\nid = \"m\"\nunit = \"u\"\n");
        for (id, priority, pattern) in rules {
            src.push_str(&format!(
                "[[rule]]\nid = \"{id}\"\nmetric = \"m\"\npriority = {priority}\npattern = '{pattern}'\n"
            ));
        }
        let sources = crate::rules::load_sources(vec![("t.toml".into(), src)]).expect("pack");
        RulePack::compile(sources).expect("pack compiles")
    }

    fn found(pack: &RulePack, text: &str) -> Vec<(String, f64, usize, usize)> {
        find(pack, text, &[(0, text.len())])
            .into_iter()
            .map(|h| (pack.rules[h.rule].def.id.clone(), h.value, h.start, h.end))
            .collect()
    }

    /// The joined scan names the first rule matching at a place; when that
    /// rule's match ends inside a word or does not read as a number, the
    /// next rules at the same place get their turn, then the next place.
    #[test]
    fn a_rejected_match_gives_way_to_the_next_rule() {
        let p = pack(&[
            ("short", 9, r"(?P<value>[0-9]+)\s+a"),
            ("long", 1, r"(?P<value>[0-9]+)\s+ab"),
        ]);
        assert_eq!(p.rules[0].def.id, "short");
        // "5 a" ends inside "ab": the lower-priority "5 ab" is taken.
        assert_eq!(found(&p, "có 5 ab."), vec![("long".into(), 5.0, 4, 8)]);
        assert_eq!(found(&p, "có 5 a."), vec![("short".into(), 5.0, 4, 7)]);
        // Neither fits "5 abc"; the scan moves on to the next figure.
        assert_eq!(found(&p, "5 abc, 7 a"), vec![("short".into(), 7.0, 7, 10)]);

        let p = pack(&[
            ("wide", 9, r"(?P<value>[0-9]+\s+[a-z]+)\s+x"),
            ("narrow", 1, r"(?P<value>[0-9]+)\s+ab\s+x"),
        ]);
        // "5 ab" does not read as a quantity: the next rule reads "5".
        assert_eq!(found(&p, "5 ab x"), vec![("narrow".into(), 5.0, 0, 6)]);
    }

    #[test]
    fn boundaries() {
        assert!(left_ok("a 12", 2));
        assert!(!left_ok("a12", 1));
        assert!(left_ok("(12", 1));
        assert!(right_ok("12 a", 2));
        assert!(!right_ok("12đ", 2));
        assert!(right_ok("12đ.", 4));
    }

    #[test]
    fn dates_times_and_fractions_are_not_numbers() {
        let date = "ngày 03/02/2017";
        let at = date.find("02/").unwrap();
        assert!(!number_context_ok(date, at, at + 2));
        assert!(!number_context_ok("15:07 - x", 0, 2));
        assert!(!number_context_ok("14/29 đại biểu", 3, 5));
        assert!(!number_context_ok("14/29 đại biểu", 0, 2));
        let rate = "đoàn viên/10.159 x";
        let at = rate.find("10.").unwrap();
        assert!(number_context_ok(rate, at, at + 6));
        assert!(!number_context_ok("2016-2021", 5, 9));
    }
}
