//! Conformance cases as data (tests/conformance/*.toml): each an input
//! sentence and the figures the default pack must extract from it, in order
//! (metric, value, value_max, qualifier), or none. All cases run through the
//! extraction core; every fourth also end to end through `solieu extract` on
//! a JSON Lines file.

use serde::Deserialize;
use solieu::pipeline::Engine;
use solieu::text::{fold, normalize};
use std::path::{Path, PathBuf};

mod common;
use common::root;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    #[serde(default)]
    expect: Vec<Want>,
    /// Why the expectation of a case changed (tests/conformance/changed.toml).
    #[serde(default)]
    #[allow(dead_code)]
    reason: Option<String>,
}

#[derive(Deserialize, Debug)]
struct Want {
    metric: String,
    value: f64,
    value_max: Option<f64>,
    qualifier: Option<String>,
}

type Got = (String, f64, Option<f64>, String);

fn cases() -> Vec<Case> {
    let dir = root().join("tests/conformance");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            toml::from_str::<File>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .case
        })
        .collect()
}

fn engine() -> Engine {
    let pack = solieu::rules::load(&root().join("rules")).unwrap_or_else(|e| panic!("{e}"));
    Engine::new(pack).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn agrees(got: &[Got], want: &[Want]) -> bool {
    got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| {
            g.0 == w.metric
                && close(g.1, w.value)
                && match (g.2, w.value_max) {
                    (None, None) => true,
                    (Some(a), Some(b)) => close(a, b),
                    _ => false,
                }
                && w.qualifier.as_ref().is_none_or(|q| *q == g.3)
        })
}

fn extract(engine: &Engine, text: &str) -> Vec<Got> {
    let norm = normalize::normalize(text, &engine.normalize);
    let folded = fold::lowercase(&norm);
    solieu::extract::find(&engine.pack, &norm, &folded, &[(0, folded.len())])
        .into_iter()
        .filter_map(|h| {
            let rule = &engine.pack.rules[h.rule];
            Some((
                engine.pack.metric_of(rule)?.id.clone(),
                h.value,
                h.value_max,
                h.qualifier.as_str().to_string(),
            ))
        })
        .collect()
}

#[test]
fn conformance_cases() {
    let engine = engine();
    let cases = cases();
    let mut failures = Vec::new();
    for c in &cases {
        let got = extract(&engine, &c.text);
        if !agrees(&got, &c.expect) {
            failures.push(format!(
                "{:?}\n    want {:?}\n    got  {:?}",
                c.text, c.expect, got
            ));
        }
    }
    let none = cases.iter().filter(|c| c.expect.is_empty()).count();
    println!(
        "{} conformance cases ({} without a figure): {} passed, {} failed",
        cases.len(),
        none,
        cases.len() - failures.len(),
        failures.len()
    );
    for f in &failures {
        println!("  {f}");
    }
    assert!(cases.len() >= 300);
    assert!(
        failures.is_empty(),
        "{} conformance case(s) failed",
        failures.len()
    );
}

#[test]
fn conformance_cases_end_to_end() {
    let cases = cases();
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("cases.jsonl");
    let mut lines = String::new();
    let chosen: Vec<(usize, &Case)> = cases
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0)
        .collect();
    for (i, c) in &chosen {
        let rec =
            serde_json::json!({"id": format!("case{i}"), "title": "Ca kiểm thử", "text": c.text});
        lines.push_str(&rec.to_string());
        lines.push('\n');
    }
    std::fs::write(&dump, lines).unwrap();
    let out = dir.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args([
            "extract",
            dump.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "jsonl",
            "--quiet",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let figures: Vec<serde_json::Value> = std::fs::read_to_string(out.join("figures.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut failures = Vec::new();
    for (i, c) in &chosen {
        let id = format!("case{i}");
        let got: Vec<Got> = figures
            .iter()
            .filter(|f| f["article_id"] == id.as_str())
            .map(|f| {
                (
                    f["metric"].as_str().unwrap().to_string(),
                    f["value"].as_f64().unwrap(),
                    f["value_max"].as_f64(),
                    f["qualifier"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if !agrees(&got, &c.expect) {
            failures.push(format!("{:?}: want {:?}, got {:?}", c.text, c.expect, got));
        }
    }
    println!(
        "{} cases end to end, {} failed",
        chosen.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = Path::new("");
}
