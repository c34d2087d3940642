//! Extraction: find every quantity of the body once ([`crate::quantity`]),
//! decide what each one is from its sentence ([`crate::classify`]), and
//! mark the figures that break down a total just given ("hỗ trợ 95 mái ấm;
//! trong đó 90 … 5 …"): parts are never added to their total.

pub use crate::classify::Hit;
use crate::classify::{self, Context, Decision};
use crate::number::UnitHint;
use crate::quantity::{self, Found};
use crate::rules::RulePack;
use crate::text::chars::is_word;
use crate::text::segment::{self, Sentence};

/// Reusable working memory of [`find_into`], one per thread.
pub struct Scratch {
    classify: classify::Scratch,
    found: Vec<Found>,
    sentences: Vec<Sentence>,
}

impl Scratch {
    pub fn new(pack: &RulePack) -> Scratch {
        Scratch {
            classify: classify::Scratch::new(pack),
            found: Vec::new(),
            sentences: Vec::new(),
        }
    }
}

/// Every figure in the byte ranges `regions` (paragraphs) of `text`, whose
/// lowercased form is `folded` (same offsets).
pub fn find(pack: &RulePack, text: &str, folded: &str, regions: &[(usize, usize)]) -> Vec<Hit> {
    let mut out = Vec::new();
    find_into(
        pack,
        text,
        folded,
        regions,
        &mut Scratch::new(pack),
        &mut out,
    );
    out
}

/// [`find`] appending to `out`, reusing `scratch`.
pub fn find_into(
    pack: &RulePack,
    text: &str,
    folded: &str,
    regions: &[(usize, usize)],
    scratch: &mut Scratch,
    out: &mut Vec<Hit>,
) {
    let first = out.len();
    each_decision(pack, text, folded, regions, scratch, |_, d| {
        if let Decision::Figure(h) = d {
            out.push(h);
        }
    });
    mark_parts(pack, folded, &mut out[first..]);
}

/// Every quantity of `regions` with what became of it, in text order: the
/// view of `solieu explain`.
pub fn decisions(
    pack: &RulePack,
    text: &str,
    folded: &str,
    regions: &[(usize, usize)],
) -> Vec<(Found, Decision)> {
    let mut out = Vec::new();
    each_decision(
        pack,
        text,
        folded,
        regions,
        &mut Scratch::new(pack),
        |q, d| {
            out.push((q, d));
        },
    );
    out
}

fn each_decision(
    pack: &RulePack,
    text: &str,
    folded: &str,
    regions: &[(usize, usize)],
    scratch: &mut Scratch,
    mut emit: impl FnMut(Found, Decision),
) {
    for &region in regions {
        scratch.found.clear();
        quantity::find_in(folded, region.0, region.1, &mut scratch.found);
        if scratch.found.is_empty() {
            continue;
        }
        scratch.sentences.clear();
        segment::sentences_into(text, std::slice::from_ref(&region), &mut scratch.sentences);
        let mut si = 0;
        // The last figure of the current sentence, which a list item may
        // continue: its quantity and where it ends (its label is read again
        // only in the rare case a list continues it).
        let mut last: Option<(Found, usize, (usize, usize))> = None;
        for q in &scratch.found {
            while si + 1 < scratch.sentences.len() && scratch.sentences[si].end <= q.start {
                si += 1;
            }
            let sentence = scratch
                .sentences
                .get(si)
                .map_or(region, |s| (s.start.min(q.start), s.end.max(q.end())));
            let cx = Context {
                text,
                folded,
                sentence,
                paragraph: region,
            };
            let mut d = classify::classify(pack, &cx, q, &mut scratch.classify);
            if last.is_some_and(|(_, _, s)| s != cx.sentence) {
                last = None;
            }
            let mut continued = None;
            if d == Decision::Unclaimed {
                if let Some((first, end, _)) = last {
                    if let Some(item) = list_item(pack, &cx, q, first, end, &mut scratch.classify) {
                        d = Decision::Figure(item);
                        continued = Some(first);
                    }
                }
            }
            if let Decision::Figure(h) = &d {
                // A list item keeps pointing at the list's first figure.
                last = Some((continued.unwrap_or(*q), h.end, h.sentence));
            }
            emit(*q, d);
        }
    }
}

/// A bare number that continues a list whose first item said what is
/// counted ("… đón 1,5 triệu lượt khách, Đà Nẵng hơn 600.000"): the list's
/// first figure, read from `first`, with this number's value and qualifier,
/// when the pack's `[lists]` allow it; `end` is where the item before ends.
fn list_item(
    pack: &RulePack,
    cx: &Context<'_>,
    q: &Found,
    first: Found,
    end: usize,
    scratch: &mut classify::Scratch,
) -> Option<Hit> {
    let lists = pack.lists.as_ref()?;
    let r = &q.reading;
    let bare = r.quantity.unit == UnitHint::None
        && r.total.is_none()
        && !r.year_like
        && !r.date_like
        && !r.words;
    if !bare || end > q.start {
        return None;
    }
    let gap = cx.text.get(end..q.start)?;
    let after = cx.folded.get(r.end..cx.sentence.1.max(r.end))?;
    if !lists.gap.is_match(gap) || !lists.after.is_match(after) {
        return None;
    }
    // Rare from here on: what the first item was, read again.
    let Decision::Figure(before) = classify::classify(pack, cx, &first, scratch) else {
        return None;
    };
    let metric = pack.rules.get(before.rule)?.metric?;
    if !lists.metrics.contains(&metric) {
        return None;
    }
    Some(Hit {
        start: q.start,
        end: r.end,
        value: r.quantity.value,
        value_max: r.quantity.value_max,
        total: None,
        qualifier: r.quantity.qualifier,
        part_of: None,
        ..before
    })
}

/// The longest stretch between a total and the cue announcing its parts.
const BREAKDOWN_GAP: usize = 200;

/// Mark figures that break down a total: after a figure, a breakdown cue
/// of the pack ("trong đó", "gồm", "cụ thể") opens a list; the figures of
/// the same metric that follow it in that sentence, each no larger than
/// the total, are its parts (`part_of` = the total's start).
fn mark_parts(pack: &RulePack, folded: &str, hits: &mut [Hit]) {
    let Some(cues) = &pack.breakdown else {
        return;
    };
    for i in 1..hits.len() {
        if hits[i].part_of.is_some() {
            continue;
        }
        let metric = pack.rules[hits[i].rule].metric;
        // The nearest earlier figure of the same metric that is no part itself.
        let Some(t) = (0..i)
            .rev()
            .find(|&t| pack.rules[hits[t].rule].metric == metric)
        else {
            continue;
        };
        if hits[t].part_of.is_some() || hits[i].start < hits[t].end {
            continue;
        }
        let Some(between) = folded.get(hits[t].end..hits[i].start) else {
            continue;
        };
        if between.len() > BREAKDOWN_GAP {
            continue;
        }
        let bounded = |m: &regex::Match<'_>| {
            let (s, e) = (hits[t].end + m.start(), hits[t].end + m.end());
            let inside = |i: usize| word_char_before(folded, i) && word_char_at(folded, i);
            !inside(s) && !inside(e)
        };
        let Some(cue) = cues.find_iter(between).find(bounded) else {
            continue;
        };
        // The parts run from the cue to the end of its sentence.
        let total = hits[t].value_max.unwrap_or(hits[t].value);
        let from = hits[t].end + cue.end();
        let sentence_end = clause_end(&folded[from..]).map_or(folded.len(), |k| from + k);
        let start = hits[t].start;
        for h in hits[i..].iter_mut() {
            if h.start >= sentence_end {
                break;
            }
            if pack.rules[h.rule].metric == metric && h.value <= total {
                h.part_of = Some(start);
            }
        }
    }
}

/// Where the sentence or clause of `s` ends: `;`, a line end, or a dot
/// that is no part of a number (followed by a space or the end).
fn clause_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&k| match b[k] {
        b';' | b'\n' => true,
        b'.' => b.get(k + 1).is_none_or(|n| n.is_ascii_whitespace()),
        _ => false,
    })
}

fn word_char_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(is_word)
}

fn word_char_before(s: &str, i: usize) -> bool {
    s[..i].chars().next_back().is_some_and(is_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn pack() -> RulePack {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        crate::rules::load(&dir).expect("default pack")
    }

    fn hits(pack: &RulePack, text: &str) -> Vec<Hit> {
        let folded = fold::lowercase(text);
        find(pack, text, &folded, &[(0, text.len())])
    }

    #[test]
    fn parts_of_a_total_point_to_it() {
        let p = pack();
        let text = "Năm qua hỗ trợ xây 95 mái ấm công đoàn, trong đó 90 mái ấm xây mới và 5 mái ấm sửa chữa. Ngoài ra tặng 300 suất quà.";
        let h = hits(&p, text);
        let values: Vec<(f64, Option<usize>)> = h.iter().map(|h| (h.value, h.part_of)).collect();
        let total = text.find("95").unwrap();
        assert_eq!(
            values,
            vec![
                (95.0, None),
                (90.0, Some(total)),
                (5.0, Some(total)),
                (300.0, None)
            ]
        );
    }

    #[test]
    fn a_part_needs_a_cue_and_no_more_than_its_total() {
        let p = pack();
        let h = hits(&p, "Tặng 20 suất quà, 30 suất quà khác trao sau.");
        assert!(h.iter().all(|h| h.part_of.is_none()));
        let h = hits(&p, "Có 20 hộ, trong đó 30 hộ nghèo.");
        assert!(h.iter().all(|h| h.part_of.is_none()), "{h:?}");
    }

    #[test]
    fn every_quantity_gets_a_decision_with_its_rule() {
        let p = pack();
        let text = "Ông 62 tuổi đã kết nạp 15 đoàn viên và 2.000 ngày.";
        let folded = fold::lowercase(text);
        let d = decisions(&p, text, &folded, &[(0, text.len())]);
        let rule = |k: usize| p.rules[k].def.id.as_str();
        let got: Vec<String> = d
            .iter()
            .map(|(_, d)| match d {
                Decision::Figure(h) => format!("figure {}", rule(h.rule)),
                Decision::Skipped(k) => format!("skipped {}", rule(*k)),
                Decision::Unclaimed => "unclaimed".into(),
            })
            .collect();
        assert_eq!(
            got,
            [
                "skipped skip.age",
                "figure new_members.admitted",
                "skipped skip.time"
            ]
        );
    }
}
