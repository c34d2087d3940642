//! Rule examples as tests: every example text is run through normalisation
//! and the whole pack, and the figures of the rule's metric (and of any
//! metric an expectation names; of every metric for a `skip` rule) must be
//! exactly the expected ones, in order.

use crate::corpus::{Payload, RawArticle};
use crate::extract;
use crate::pipeline::Engine;
use crate::text::{fold, normalize};
use std::fmt;
use std::path::PathBuf;

/// An example whose figures differ from what it expects.
#[derive(Clone, Debug)]
pub struct ExampleFailure {
    pub file: PathBuf,
    pub rule: String,
    pub text: String,
    pub expected: String,
    pub found: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: rule `{}`: example {:?}: expected {}, found {}",
            self.file.display(),
            self.rule,
            self.text,
            self.expected,
            self.found
        )
    }
}

/// A figure as examples compare it: metric, value, value_max, qualifier, label.
type Seen = (String, f64, Option<f64>, String, Option<String>);

fn show(items: &[Seen]) -> String {
    if items.is_empty() {
        return "no figure".into();
    }
    items
        .iter()
        .map(|(m, v, vm, q, l)| {
            let mut s = format!("{m} {v}");
            if let Some(vm) = vm {
                s.push_str(&format!("..{vm}"));
            }
            s.push_str(&format!(" {q}"));
            if let Some(l) = l {
                s.push_str(&format!(" [{l}]"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Run every example of every rule, then the attribution examples.
pub fn run_examples(engine: &Engine) -> Vec<ExampleFailure> {
    let mut failures = run_rule_examples(engine);
    failures.extend(run_attribution_examples(engine));
    failures
}

/// Run every example of every rule.
fn run_rule_examples(engine: &Engine) -> Vec<ExampleFailure> {
    let pack = &engine.pack;
    let mut failures = Vec::new();
    let metric_of = |h: &extract::Hit| {
        pack.metric_of(&pack.rules[h.rule])
            .map_or("", |m| m.id.as_str())
    };
    for rule in &pack.rules {
        let own = pack.metric_of(rule).map_or("", |m| m.id.as_str());
        for ex in &rule.def.examples {
            let text = normalize::normalize(&ex.text, &engine.normalize);
            let folded = fold::lowercase(&text);
            let hits = extract::find(pack, &text, &folded, &[(0, folded.len())]);
            let mut metrics: Vec<&str> = vec![own];
            for e in &ex.expect {
                if let Some(m) = &e.metric {
                    if !metrics.contains(&m.as_str()) {
                        metrics.push(m);
                    }
                }
            }
            let any_metric = rule.metric.is_none();
            let found: Vec<_> = hits
                .iter()
                .filter(|h| any_metric || metrics.contains(&metric_of(h)))
                .map(|h| {
                    (
                        metric_of(h).to_string(),
                        h.value,
                        h.value_max,
                        h.qualifier.as_str().to_string(),
                        h.label.clone(),
                    )
                })
                .collect();
            let ok = found.len() == ex.expect.len()
                && found.iter().zip(&ex.expect).all(|(f, e)| {
                    f.0 == e.metric.as_deref().unwrap_or(own)
                        && close(f.1, e.value)
                        && match (f.2, e.value_max) {
                            (None, None) => true,
                            (Some(a), Some(b)) => close(a, b),
                            _ => false,
                        }
                        && e.qualifier.as_ref().is_none_or(|q| *q == f.3)
                        && e.label.as_ref().is_none_or(|l| Some(l) == f.4.as_ref())
                });
            if !ok {
                let expected: Vec<_> = ex
                    .expect
                    .iter()
                    .map(|e| {
                        (
                            e.metric.clone().unwrap_or_else(|| own.to_string()),
                            e.value,
                            e.value_max,
                            e.qualifier.clone().unwrap_or_else(|| "*".into()),
                            e.label.clone(),
                        )
                    })
                    .collect();
                failures.push(ExampleFailure {
                    file: rule.file.clone(),
                    rule: rule.def.id.clone(),
                    text: ex.text.clone(),
                    expected: show(&expected),
                    found: show(&found),
                });
            }
        }
    }
    failures
}

/// Run every attribution example: the whole article through the engine,
/// then its main organisation, year and publication date, and the
/// organisation, year and modality of the figures it names.
pub fn run_attribution_examples(engine: &Engine) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (file, ex) in &engine.pack.attribution_examples {
        let p = engine.process(RawArticle {
            article_id: "example".into(),
            source: "example".into(),
            payload: Payload::Text(ex.text.clone()),
            title: ex.title.clone(),
            published: ex.published.clone(),
            html: false,
        });
        let mut wrong: Vec<(String, String)> = Vec::new();
        let none_if_empty =
            |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(org) = &ex.org {
            let want = none_if_empty(&Some(org.clone()));
            if p.info.org != want {
                wrong.push((format!("org {want:?}"), format!("org {:?}", p.info.org)));
            }
        }
        if let Some(y) = ex.year {
            if p.info.year != Some(y).filter(|&y| y != 0) {
                wrong.push((format!("year {y}"), format!("year {:?}", p.info.year)));
            }
        }
        if let Some(d) = &ex.date {
            let want = none_if_empty(&Some(d.clone()));
            let found = p
                .info
                .published
                .as_deref()
                .map(|f| f.get(..10).unwrap_or(f).to_string());
            if found != want {
                wrong.push((format!("date {want:?}"), format!("date {found:?}")));
            }
        }
        for e in &ex.figures {
            let Some(f) = p.figures.iter().find(|f| close(f.value, e.value)) else {
                wrong.push((format!("a figure of {}", e.value), "none".into()));
                continue;
            };
            if let Some(org) = &e.org {
                let want = none_if_empty(&Some(org.clone()));
                if f.org != want {
                    wrong.push((
                        format!("{}: org {want:?}", e.value),
                        format!("org {:?}", f.org),
                    ));
                }
            }
            if let Some(y) = e.year {
                if f.year != Some(y).filter(|&y| y != 0) {
                    wrong.push((
                        format!("{}: year {y}", e.value),
                        format!("year {:?}", f.year),
                    ));
                }
            }
            if let Some(m) = &e.modality {
                if f.modality.as_str() != m {
                    wrong.push((format!("{}: {m}", e.value), f.modality.as_str().to_string()));
                }
            }
        }
        if !wrong.is_empty() {
            failures.push(ExampleFailure {
                file: file.clone(),
                rule: format!("attribution example «{}»", ex.about),
                text: ex.text.clone(),
                expected: wrong
                    .iter()
                    .map(|w| w.0.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                found: wrong
                    .iter()
                    .map(|w| w.1.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
    }
    failures
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}
