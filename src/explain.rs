//! Why a number became a figure, or did not: every quantity of one article
//! with what became of it — the view of `solieu explain`.
//!
//! The article goes through the same stages as in a run (decoding,
//! normalisation, cleaning, extraction, attribution); the explanation adds,
//! for each quantity of its text, which rule decided and how, and for the
//! quantities in lines the cleaner dropped as page furniture, that they
//! were never read.

use crate::classify::Decision;
use crate::corpus::RawArticle;
use crate::extract;
use crate::figure::{Figure, Processed};
use crate::pipeline::Engine;
use crate::quantity::{self, Found};
use crate::text::fold;

/// What became of one quantity.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// It is this figure of the article's output.
    Figure(Figure),
    /// A figure of the title that the body repeats, kept once from the body.
    RepeatedTitle { metric: String, rule: String },
    /// A `skip` rule dropped it.
    Skipped { rule: String, reason: String },
    /// No rule of the pack claimed it.
    Unclaimed,
    /// It stands in a line the cleaner dropped (navigation, related news,
    /// captions, bylines), which extraction never reads.
    NotRead,
}

/// One quantity of the article's normalised text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Byte range of the quantity's phrase in [`Explanation::text`].
    pub start: usize,
    pub end: usize,
    /// The value read (the low end of a range).
    pub value: f64,
    pub outcome: Outcome,
}

/// Every quantity of one article.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The article as processed (status, metadata, figures, normalised text).
    pub processed: Processed,
    /// Its quantities in text order.
    pub quantities: Vec<Quantity>,
}

impl Explanation {
    /// The normalised text the byte ranges refer to.
    pub fn text(&self) -> &str {
        &self.processed.text
    }
}

/// Process `raw` as a run would and explain each of its quantities.
pub fn explain(engine: &Engine, raw: RawArticle) -> Explanation {
    let given_title = raw.title.clone();
    let processed = engine.process(raw);
    let text = processed.text.as_str();
    if text.trim().is_empty() {
        return Explanation {
            processed,
            quantities: Vec::new(),
        };
    }
    let (folded, exact) = fold::lowercase_checked(text);
    let cleaned = engine.clean(text, exact.then_some(&*folded), given_title.as_deref());
    let pack = &engine.pack;

    let mut read: Vec<(usize, usize)> = cleaned.title.into_iter().collect();
    read.extend(cleaned.body.iter().copied());
    read.sort_unstable();
    let mut quantities = Vec::new();
    for (found, decision) in extract::decisions(pack, text, &folded, &read) {
        let outcome = match decision {
            Decision::Figure(hit) => {
                match processed
                    .figures
                    .iter()
                    .find(|f| f.start as usize == hit.start && f.end as usize == hit.end)
                {
                    Some(f) => Outcome::Figure(f.clone()),
                    None => {
                        let rule = &pack.rules[hit.rule];
                        Outcome::RepeatedTitle {
                            metric: rule.def.metric.clone().unwrap_or_default(),
                            rule: rule.def.id.clone(),
                        }
                    }
                }
            }
            Decision::Skipped(i) => {
                let def = &pack.rules[i].def;
                Outcome::Skipped {
                    rule: def.id.clone(),
                    reason: def.skip.clone().unwrap_or_default(),
                }
            }
            Decision::Unclaimed => Outcome::Unclaimed,
        };
        quantities.push(entry(&found, outcome));
    }
    // Lines the cleaner dropped: their quantities were never read.
    let mut found = Vec::new();
    let mut at = 0;
    for &(s, e) in read
        .iter()
        .chain(std::iter::once(&(text.len(), text.len())))
    {
        if s > at {
            found.clear();
            quantity::find_in(&folded, at, s, &mut found);
            quantities.extend(found.iter().map(|q| entry(q, Outcome::NotRead)));
        }
        at = at.max(e);
    }
    quantities.sort_by_key(|q| (q.start, q.end));
    Explanation {
        processed,
        quantities,
    }
}

fn entry(q: &Found, outcome: Outcome) -> Quantity {
    Quantity {
        start: q.start,
        end: q.end(),
        value: q.reading.quantity.value,
        outcome,
    }
}

/// The words right after byte `end` of `text`, at most `n`.
pub fn words_after(text: &str, end: usize, n: usize) -> String {
    text.get(end..)
        .unwrap_or("")
        .split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Payload;

    fn raw(text: &str) -> RawArticle {
        RawArticle {
            article_id: "a".into(),
            source: "a.txt".into(),
            payload: Payload::Text(text.into()),
            title: None,
            published: None,
            html: false,
        }
    }

    fn engine() -> Engine {
        Engine::new(crate::rules::builtin()).expect("engine")
    }

    #[test]
    fn each_quantity_says_what_it_became() {
        let e = engine();
        let x = explain(
            &e,
            raw("Tin công đoàn\nNăm 2019, ngày 30/8, công đoàn cơ sở có 120 đoàn viên và trao 3 bằng khen.\nXem thêm: 5 cách phòng bệnh"),
        );
        let said: Vec<(&str, &Outcome)> = x
            .quantities
            .iter()
            .map(|q| (&x.text()[q.start..q.end], &q.outcome))
            .collect();
        let at = |s: &str| {
            said.iter()
                .find(|(t, _)| *t == s)
                .map(|(_, o)| *o)
                .unwrap_or_else(|| panic!("{s} not found in {said:?}"))
        };
        match at("120") {
            Outcome::Figure(f) => {
                assert_eq!(f.metric, "members");
                assert_eq!(f.value, 120.0);
                assert_eq!(f.year, Some(2019));
            }
            o => panic!("120: {o:?}"),
        }
        assert!(matches!(at("3"), Outcome::Figure(f) if f.metric == "awards"));
        assert!(matches!(at("5"), Outcome::NotRead), "{said:?}");
        // Every figure of the run is one of the explained quantities.
        let figures = x
            .quantities
            .iter()
            .filter(|q| matches!(q.outcome, Outcome::Figure(_)))
            .count();
        assert_eq!(figures, x.processed.figures.len());
    }

    #[test]
    fn skipped_and_unclaimed_numbers_name_the_reason() {
        let e = engine();
        let x = explain(&e, raw("Tin\nAnh 45 tuổi, làm việc 12 năm ở Quận 1."));
        let outcome = |s: &str| {
            x.quantities
                .iter()
                .find(|q| &x.text()[q.start..q.end] == s)
                .map(|q| q.outcome.clone())
                .unwrap_or_else(|| panic!("{s}: {:?}", x.quantities))
        };
        for n in ["45", "12", "1"] {
            match outcome(n) {
                Outcome::Skipped { rule, reason } => {
                    assert!(rule.starts_with("skip."), "{n}: {rule}");
                    assert!(!reason.is_empty(), "{n}");
                }
                o => panic!("{n}: {o:?}"),
            }
        }
        assert!(x.processed.figures.is_empty(), "{:?}", x.processed.figures);
    }
}
