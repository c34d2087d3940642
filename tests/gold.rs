//! Extraction and attribution quality on the sample corpus (corpus/), scored
//! against its gold annotations (tests/data/seeds.gold.jsonl). Prints
//! precision and recall per metric.
//!
//! A gold figure counts once per (metric, value) in its article; `alt` lists
//! metrics also accepted; `optional` figures are neither required nor false
//! positives. A range contributes both ends.

use serde_json::Value;
use solieu::corpus::{Corpus, ReadOptions};
use solieu::figure::{Figure, Processed};
use solieu::pipeline::Engine;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const METRICS: &[&str] = &[
    "members",
    "new_members",
    "unions",
    "money",
    "awards",
    "percent",
    "count",
];

struct Gold {
    file: String,
    metric: String,
    accepted: BTreeSet<String>,
    values: Vec<f64>,
    optional: bool,
    year: Option<i64>,
    modality: String,
    org: Option<String>,
    text: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gold_path() -> PathBuf {
    root().join("tests/data/seeds.gold.jsonl")
}

fn load_gold() -> Vec<Gold> {
    let text = std::fs::read_to_string(gold_path()).expect("gold file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("gold line");
            let metric = v["metric"].as_str().unwrap().to_string();
            let mut accepted: BTreeSet<String> = BTreeSet::from([metric.clone()]);
            if let Some(alt) = v["alt"].as_array() {
                accepted.extend(alt.iter().filter_map(|a| a.as_str().map(String::from)));
            }
            let mut values = vec![v["value"].as_f64().unwrap()];
            if let Some(m) = v["value_max"].as_f64() {
                values.push(m);
            }
            Gold {
                file: v["file"].as_str().unwrap().to_string(),
                metric,
                accepted,
                values,
                optional: v["optional"].as_bool().unwrap_or(false),
                year: v["year"].as_i64(),
                modality: v["modality"].as_str().unwrap_or("actual").to_string(),
                org: v["org"].as_str().map(String::from),
                text: v["text"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn run_corpus() -> Vec<Processed> {
    let pack = solieu::rules::load(&root().join("rules")).expect("rule pack");
    let engine = Engine::new(pack).expect("engine");
    let corpus = Corpus::open(&[root().join("corpus")]).expect("corpus");
    corpus
        .records(&ReadOptions::default())
        .map(|r| engine.process(r))
        .collect()
}

fn values_of(f: &Figure) -> Vec<f64> {
    let mut v = vec![f.value];
    v.extend(f.value_max);
    v
}

#[test]
fn sample_corpus_matches_gold() {
    let gold = load_gold();
    let processed = run_corpus();
    let by_file: BTreeMap<String, &Processed> = processed
        .iter()
        .map(|p| {
            (
                Path::new(&p.info.source)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();

    let mut report = String::new();
    let mut total = (0usize, 0usize, 0usize);
    let mut missed = Vec::new();
    let mut spurious = Vec::new();
    for metric in METRICS {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (file, p) in &by_file {
            let golds: Vec<&Gold> = gold.iter().filter(|g| &g.file == file).collect();
            // Gold (metric, value) items of this metric.
            let mut seen = BTreeSet::new();
            for g in golds.iter().filter(|g| g.metric == *metric) {
                for &v in &g.values {
                    if !seen.insert(v.to_bits()) {
                        continue;
                    }
                    let hit = p.figures.iter().any(|f| {
                        g.accepted.contains(&f.metric) && values_of(f).iter().any(|&x| close(x, v))
                    });
                    match (hit, g.optional) {
                        (true, false) => tp += 1,
                        (false, false) => {
                            fn_ += 1;
                            missed.push(format!("{file}: {metric} {v} ({})", g.text));
                        }
                        _ => {}
                    }
                }
            }
            // Predicted (metric, value) pairs not explained by any gold figure.
            let mut preds = BTreeSet::new();
            for f in p.figures.iter().filter(|f| f.metric == *metric) {
                for v in values_of(f) {
                    if preds.insert(v.to_bits()) {
                        let explained = golds.iter().any(|g| {
                            g.accepted.contains(*metric) && g.values.iter().any(|&x| close(x, v))
                        });
                        if !explained {
                            fp += 1;
                            spurious.push(format!("{file}: {metric} {v} ({:?})", p.span(f)));
                        }
                    }
                }
            }
        }
        let prec = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            1.0
        };
        let rec = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            1.0
        };
        report.push_str(&format!(
            "{metric:<12} tp {tp:>3} fp {fp:>3} fn {fn_:>3}  P {prec:.3}  R {rec:.3}\n"
        ));
        total.0 += tp;
        total.1 += fp;
        total.2 += fn_;
    }
    let (tp, fp, fn_) = total;
    report.push_str(&format!(
        "overall      tp {tp:>3} fp {fp:>3} fn {fn_:>3}  P {:.3}  R {:.3}\n",
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fn_).max(1) as f64
    ));
    println!("{report}");
    assert!(
        missed.is_empty(),
        "gold figures missed:\n{}",
        missed.join("\n")
    );
    assert!(
        spurious.is_empty(),
        "figures not in the gold:\n{}",
        spurious.join("\n")
    );
}

/// The predicted figure a gold figure corresponds to: same metric family and
/// value, span inside the gold text's sentence, nearest to the gold text.
fn matching<'a>(p: &'a Processed, g: &Gold) -> Option<&'a Figure> {
    let key: String = g.text.chars().take(12).collect();
    p.figures
        .iter()
        .filter(|f| g.accepted.contains(&f.metric) && close(f.value, g.values[0]))
        .min_by_key(|f| {
            let sentence = p.sentence(f);
            match sentence.find(&key) {
                Some(at) => {
                    let span_at = (f.start - f.sentence.0) as usize;
                    (0, at.abs_diff(span_at))
                }
                None => (1, 0),
            }
        })
}

#[test]
fn attribution_matches_gold() {
    let gold = load_gold();
    let processed = run_corpus();
    let mut checked = 0;
    let mut right = 0;
    let mut wrong = Vec::new();
    let mut org_wrong = Vec::new();
    for g in &gold {
        let Some(p) = processed.iter().find(|p| p.info.source.ends_with(&g.file)) else {
            continue;
        };
        let Some(f) = matching(p, g) else { continue };
        checked += 1;
        let year_ok = g.year.is_none() || f.year.map(i64::from) == g.year;
        let modality_ok = f.modality.as_str() == g.modality;
        if year_ok && modality_ok {
            right += 1;
        } else {
            wrong.push(format!(
                "{}: {} {} ({}): year {:?} want {:?}, {} want {}",
                g.file,
                g.metric,
                g.values[0],
                g.text,
                f.year,
                g.year,
                f.modality.as_str(),
                g.modality
            ));
        }
        if let Some(org) = &g.org {
            if ["members", "unions"].contains(&g.metric.as_str()) && f.org.as_deref() != Some(org) {
                org_wrong.push(format!(
                    "{}: {} {}: org {:?}, want {org}",
                    g.file, g.metric, g.values[0], f.org
                ));
            }
        }
    }
    let share = right as f64 / checked.max(1) as f64;
    println!(
        "year and modality right for {right}/{checked} matched gold figures ({:.1}%)",
        share * 100.0
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(checked >= 40, "only {checked} gold figures matched");
    assert!(
        share >= 0.95,
        "attribution below 95%:\n{}",
        wrong.join("\n")
    );
    assert!(org_wrong.is_empty(), "{}", org_wrong.join("\n"));
}
