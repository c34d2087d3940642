//! Accuracy at scale: a synthetic corpus of about 2 MB (fixed seed) is
//! generated with `solieu::synth`, extracted with the default rule pack
//! through the library, and the figures are scored against the gold file of
//! planted figures. Matching is per article (`article_id`), as sets of
//! (metric, value) pairs; a range contributes both ends, as `solieu score`
//! matches.
//!
//! Run: `cargo test --release --test scale -- --nocapture` to see the scores.

use solieu::corpus::Corpus;
use solieu::export::Format;
use solieu::pipeline::{self, Engine, RunOptions};
use solieu::synth::{self, Filler, Generator};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufWriter, Write};

mod common;
use common::jsonl;

/// (article_id, metric, value in thousandths): values are whole numbers or
/// have one decimal in the synthetic corpus.
type Key = (String, String, i64);

fn key(article: &str, metric: &str, v: f64) -> Key {
    (
        article.to_string(),
        metric.to_string(),
        (v * 1000.0).round() as i64,
    )
}

#[test]
fn planted_figures_are_found_at_scale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("synth.jsonl");
    let gold_path = dir.path().join("synth.gold.jsonl");

    let filler = Filler::builtin();
    let mut gen = Generator::new(filler, 20_240_601).expect("generator");
    let written = {
        let mut c = BufWriter::new(std::fs::File::create(&dump).expect("create dump"));
        let mut g = BufWriter::new(std::fs::File::create(&gold_path).expect("create gold"));
        let w = synth::write_corpus(&mut gen, 2_000_000, &mut c, &mut g).expect("write corpus");
        c.flush().expect("flush");
        g.flush().expect("flush");
        w
    };
    assert!(
        written.articles > 100 && written.figures > 500,
        "{written:?}"
    );

    let pack = solieu::rules::builtin();
    let engine = Engine::new(pack).expect("engine");
    let corpus = Corpus::open(std::slice::from_ref(&dump)).expect("corpus");
    let out = dir.path().join("out");
    let opts = RunOptions {
        formats: vec![Format::Jsonl],
        threads: Some(2),
        ..RunOptions::default()
    };
    let summary = pipeline::run(&engine, &corpus, &out, &opts).expect("run");
    assert_eq!(summary.articles as u64, written.articles);
    assert_eq!(summary.not_ok(), 0, "{:?}", summary.by_status);

    // Gold: every planted figure, with its qualifier and year for the
    // secondary agreement figures.
    let mut gold: HashMap<Key, (String, i64, String)> = HashMap::new();
    for g in jsonl(&gold_path) {
        let id = g["article_id"].as_str().expect("article_id");
        let metric = g["metric"].as_str().expect("metric");
        let q = g["qualifier"].as_str().unwrap_or("").to_string();
        let year = g["year"].as_i64().unwrap_or(0);
        let text = g["text"].as_str().unwrap_or("").to_string();
        for v in [g["value"].as_f64(), g["value_max"].as_f64()]
            .into_iter()
            .flatten()
        {
            // The same (metric, value) planted twice in an article with
            // different qualifiers: only (metric, value) is compared then.
            gold.entry(key(id, metric, v))
                .and_modify(|e| {
                    if e.0 != q {
                        e.0 = "?".into();
                    }
                })
                .or_insert((q.clone(), year, text.clone()));
        }
    }

    let mut predicted: HashMap<Key, (String, i64, String)> = HashMap::new();
    for f in jsonl(&out.join("figures.jsonl")) {
        let id = f["article_id"].as_str().expect("article_id");
        let metric = f["metric"].as_str().expect("metric");
        let q = f["qualifier"].as_str().unwrap_or("").to_string();
        let year = f["year"].as_i64().unwrap_or(0);
        let text = f["text"].as_str().unwrap_or("").to_string();
        for v in [f["value"].as_f64(), f["value_max"].as_f64()]
            .into_iter()
            .flatten()
        {
            predicted
                .entry(key(id, metric, v))
                .or_insert((q.clone(), year, text.clone()));
        }
    }

    let tp: BTreeSet<&Key> = gold.keys().filter(|k| predicted.contains_key(*k)).collect();
    let recall = tp.len() as f64 / gold.len() as f64;
    let precision = tp.len() as f64 / predicted.len().max(1) as f64;

    // Per metric, and the misses and false positives, for whoever tunes the
    // rules or the generator.
    let mut per_metric: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for k in gold.keys() {
        let e = per_metric.entry(k.1.as_str()).or_default();
        e.1 += 1;
        if tp.contains(k) {
            e.0 += 1;
        }
    }
    for k in predicted.keys() {
        per_metric.entry(k.1.as_str()).or_default().2 += 1;
    }
    let qualifier_ok = tp
        .iter()
        .filter(|k| gold[**k].0 == predicted[**k].0 || gold[**k].0 == "?")
        .count();
    let year_ok = tp
        .iter()
        .filter(|k| gold[**k].1 == predicted[**k].1)
        .count();
    println!(
        "scale: {} articles, {:.2} MB text, {} planted (metric, value) pairs, {} predicted",
        written.articles,
        written.text_bytes as f64 / 1e6,
        gold.len(),
        predicted.len()
    );
    println!(
        "{:<12} {:>6} {:>6} {:>6} {:>7} {:>7}",
        "metric", "tp", "gold", "pred", "recall", "prec"
    );
    for (m, (t, g, p)) in &per_metric {
        println!(
            "{m:<12} {t:>6} {g:>6} {p:>6} {:>7.4} {:>7.4}",
            *t as f64 / (*g).max(1) as f64,
            *t as f64 / (*p).max(1) as f64
        );
    }
    println!(
        "overall recall {recall:.4} precision {precision:.4}; of the matches, qualifier agrees {:.4}, year agrees {:.4}",
        qualifier_ok as f64 / tp.len().max(1) as f64,
        year_ok as f64 / tp.len().max(1) as f64
    );
    let mut misses: Vec<_> = gold
        .iter()
        .filter(|(k, _)| !predicted.contains_key(*k))
        .collect();
    misses.sort();
    for (k, g) in misses.iter().take(20) {
        println!(
            "  missed {} {} {} ({:?})",
            k.0,
            k.1,
            k.2 as f64 / 1000.0,
            g.2
        );
    }
    let mut extra: Vec<_> = predicted
        .iter()
        .filter(|(k, _)| !gold.contains_key(*k))
        .collect();
    extra.sort();
    for (k, p) in extra.iter().take(20) {
        println!(
            "  unplanted {} {} {} ({:?})",
            k.0,
            k.1,
            k.2 as f64 / 1000.0,
            p.2
        );
    }
    for k in tp
        .iter()
        .filter(|k| gold[**k].0 != predicted[**k].0 && gold[**k].0 != "?")
        .take(10)
    {
        let (g, p) = (&gold[*k], &predicted[*k]);
        println!(
            "  qualifier {} vs {} in {} {:?} ({:?})",
            p.0, g.0, k.0, k.1, p.2
        );
    }
    for k in tp
        .iter()
        .filter(|k| gold[**k].1 != predicted[**k].1)
        .take(10)
    {
        let (g, p) = (&gold[*k], &predicted[*k]);
        println!("  year {} vs {} in {} {:?} ({:?})", p.1, g.1, k.0, k.1, p.2);
    }
    assert!(recall >= 0.99, "recall {recall:.4} < 0.99");
}
