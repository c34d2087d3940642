//! Scale-out paths: `--shard K/N` splits one input into disjoint parts that
//! together are the whole; `--partition-by year` writes a hive dataset; and
//! `solieu yoy` reads a folder of shard outputs or a hive dataset as one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{jsonl, root};

fn solieu(args: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run solieu");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A dump of the sample articles, each three times under different ids.
fn dump(dir: &Path) -> PathBuf {
    let mut out = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for round in 0..3 {
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let id = format!("{}-{round}", f.file_stem().unwrap().to_string_lossy());
            out.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
            out.push('\n');
        }
    }
    let p = dir.join("dump.jsonl");
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn shards_partition_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dump(dir.path());
    let whole = dir.path().join("whole");
    solieu(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        whole.to_str().unwrap(),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    let mut ids = BTreeSet::new();
    let mut figures = 0;
    for k in 1..=3 {
        let out = dir.path().join(format!("parts/shard{k}"));
        let shard = format!("{k}/3");
        solieu(&[
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "jsonl,parquet",
            "--shard",
            &shard,
            "--quiet",
        ]);
        let articles = jsonl(&out.join("articles.jsonl"));
        assert_eq!(articles.len(), 5, "shard {k}");
        for a in &articles {
            assert!(
                ids.insert(a["article_id"].as_str().unwrap().to_string()),
                "{a} in two shards"
            );
        }
        figures += jsonl(&out.join("figures.jsonl")).len();
    }
    assert_eq!(ids.len(), 15);
    assert_eq!(figures, jsonl(&whole.join("figures.jsonl")).len());

    // yoy over the folder of shard outputs equals yoy over the whole.
    let parts = solieu(&[
        "yoy",
        "--figures",
        dir.path().join("parts").to_str().unwrap(),
        "--metric",
        "members",
    ]);
    let all = solieu(&[
        "yoy",
        "--figures",
        whole.join("figures.jsonl").to_str().unwrap(),
        "--metric",
        "members",
    ]);
    let (parts, all) = (
        String::from_utf8_lossy(&parts.stdout),
        String::from_utf8_lossy(&all.stdout),
    );
    assert!(parts.contains("9697") && parts.contains("10141"), "{parts}");
    // Same rows; n_articles may differ in order of reading only.
    assert_eq!(parts, all);
}

#[test]
fn partition_by_year_writes_a_hive_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    solieu(&[
        "run",
        "--out",
        out.to_str().unwrap(),
        "--partition-by",
        "year",
        "--format",
        "parquet",
        "--quiet",
    ]);
    let fig = out.join("figures");
    for year in ["2014", "2015", "2016", "2017", "2018", "2019"] {
        let part = fig.join(format!("year={year}")).join("part-00000.parquet");
        assert!(part.is_file(), "{}", part.display());
    }
    assert!(!out.join("figures.parquet").exists());
    let o = solieu(&[
        "yoy",
        "--figures",
        fig.to_str().unwrap(),
        "--metric",
        "unions",
    ]);
    let s = String::from_utf8_lossy(&o.stdout);
    let line = s
        .lines()
        .find(|l| l.contains("2019") && l.contains("Hà Nội"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.contains("63") && line.contains("65"), "{line}");
}
