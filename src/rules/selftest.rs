//! Rule examples as tests: every example text is run through normalisation
//! and the whole pack, and the figures of the rule's metric (and of any
//! metric an expectation names) must be exactly the expected ones, in order.

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

/// Run every example of every rule.
pub fn run_examples(engine: &Engine) -> Vec<ExampleFailure> {
    let pack = &engine.pack;
    let mut failures = Vec::new();
    for rule in &pack.rules {
        let own = &pack.metrics[rule.metric].id;
        for ex in &rule.def.examples {
            let text = normalize::normalize(&ex.text, &engine.normalize);
            let folded = fold::lowercase(&text);
            let hits = extract::find(pack, &folded, &[(0, folded.len())]);
            let mut metrics: Vec<&str> = vec![own.as_str()];
            for e in &ex.expect {
                if let Some(m) = &e.metric {
                    if !metrics.contains(&m.as_str()) {
                        metrics.push(m);
                    }
                }
            }
            let found: Vec<_> = hits
                .iter()
                .filter(|h| metrics.contains(&pack.metrics[pack.rules[h.rule].metric].id.as_str()))
                .map(|h| {
                    (
                        pack.metrics[pack.rules[h.rule].metric].id.clone(),
                        h.value,
                        h.value_max,
                        h.qualifier.as_str().to_string(),
                        h.label.clone(),
                    )
                })
                .collect();
            let ok = found.len() == ex.expect.len()
                && found.iter().zip(&ex.expect).all(|(f, e)| {
                    f.0 == e.metric.clone().unwrap_or_else(|| own.clone())
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
                            e.metric.clone().unwrap_or_else(|| own.clone()),
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}
