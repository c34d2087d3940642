//! `solieu score` — figures scored against gold annotations, per metric.
//!
//! ```text
//! solieu score --gold GOLD.jsonl INPUT... [--rules DIR] [--misses] [--min-f1 X]
//! solieu score --gold GOLD.jsonl --figures FIGURES.jsonl [--misses] [--min-f1 X]
//! ```
//!
//! Extracts the figures of INPUT (files or folders, as `extract` reads them)
//! in memory, or reads a `figures.jsonl` written by `extract`, and prints
//! precision, recall and F1 per metric against the gold file (see
//! `solieu::score` for the matching rules), the values alone, the overall
//! score over the seven contract metrics, and how often the year and the
//! modality of matched figures agree with the gold. Annotated texts absent
//! from INPUT (not rebuilt on this machine) are named and left out of the
//! score. `--misses` lists every
//! gold figure missed and every figure not in the gold. With `--min-f1`,
//! exit 1 when the overall F1 is below it.
//!
//! For example, the sample corpus: `solieu score --gold
//! tests/data/seeds.gold.jsonl corpus`.

use super::load_pack;
use crate::corpus::{Corpus, ReadOptions};
use crate::score::{self, ArticleAttribution, Predicted};
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold annotations (JSON Lines).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Files or folders to extract figures from.
    #[arg(value_name = "INPUT", required_unless_present = "figures")]
    inputs: Vec<PathBuf>,
    /// A figures.jsonl to score instead of extracting.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    figures: Option<PathBuf>,
    /// Rule pack folder.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// List the gold figures missed and the figures not in the gold.
    #[arg(long)]
    misses: bool,
    /// Attribution gold (`articles.jsonl`: file, org, year, published per
    /// article): also score organisations, years, publication dates and
    /// modality (figure lines of the gold that carry an `org` key).
    #[arg(long, value_name = "FILE")]
    articles: Option<PathBuf>,
    /// Exit 1 when the overall F1 is below this.
    #[arg(long, value_name = "X")]
    min_f1: Option<f64>,
}

pub fn main(args: Args) -> Result<i32> {
    let mut gold = score::load_gold(&args.gold)?;
    let mut gold_articles = args
        .articles
        .as_deref()
        .map(score::load_articles)
        .transpose()?;
    let (preds, found) = match &args.figures {
        Some(f) => {
            // The articles table written beside the figures, if any.
            let beside = f.with_file_name("articles.jsonl");
            let found = match &gold_articles {
                Some(_) if beside.is_file() => read_articles(&beside)?,
                _ => Vec::new(),
            };
            (read_figures(f)?, found)
        }
        None => {
            let (preds, found) = extract(&args.inputs, args.rules.as_deref())?;
            // Texts that could not be rebuilt (a page gone, no network) are
            // left out of the score, and said so, rather than counted wrong.
            let read: std::collections::HashSet<&str> =
                found.iter().map(|a| a.file.as_str()).collect();
            let mut absent: Vec<String> = gold
                .iter()
                .map(|g| g.file.clone())
                .chain(gold_articles.iter().flatten().map(|a| a.file.clone()))
                .filter(|f| !read.contains(f.as_str()))
                .collect();
            absent.sort();
            absent.dedup();
            if !absent.is_empty() {
                println!(
                    "{} annotated texts are not in the input and are left out of the score: {}",
                    absent.len(),
                    absent.join(", ")
                );
                gold.retain(|g| read.contains(g.file.as_str()));
                if let Some(ga) = &mut gold_articles {
                    ga.retain(|a| read.contains(a.file.as_str()));
                }
            }
            (preds, found)
        }
    };
    let (table, overall) = score::report(&gold, &preds);
    print!("{table}");
    let ((yr, yn), (mr, mn)) = score::attribution_agreement(&gold, &preds);
    if yn > 0 || mn > 0 {
        println!(
            "year right for {yr}/{yn} matched gold figures that state one; modality for {mr}/{mn}"
        );
    }
    let attribution = gold_articles
        .as_ref()
        .map(|ga| score::attribution_score(&gold, &preds, ga, &found));
    if let Some(a) = &attribution {
        print!("{}", score::attribution_report(a));
    }
    if args.misses {
        for m in attribution.iter().flat_map(|a| &a.mismatches) {
            println!("{m}");
        }
        let all = score::score(&gold, &preds, None, true);
        for m in &all.missed {
            println!(
                "missed   {}  {} {}  «{}»",
                m.file, m.metric, m.value, m.text
            );
        }
        for m in &all.spurious {
            println!(
                "spurious {}  {} {}  «{}»",
                m.file, m.metric, m.value, m.text
            );
        }
    }
    Ok(match args.min_f1 {
        Some(min) if overall.f1() < min => 1,
        _ => 0,
    })
}

/// The figures and articles of `inputs`, extracted in memory on all cores.
fn extract(
    inputs: &[PathBuf],
    rules: Option<&Path>,
) -> Result<(Vec<Predicted>, Vec<ArticleAttribution>)> {
    let engine = load_pack(rules)?;
    let corpus = Corpus::open(inputs)?;
    let records: Vec<_> = corpus.records(&ReadOptions::default()).collect();
    let processed: Vec<_> = records.into_par_iter().map(|r| engine.process(r)).collect();
    let mut out = Vec::new();
    let mut articles = Vec::new();
    for p in &processed {
        let file = file_name(&p.info.source);
        articles.push(ArticleAttribution {
            file: file.clone(),
            org: p.info.org.clone(),
            year: p.info.year,
            published: p.info.published.as_deref().and_then(|d| {
                let (date, _) = crate::figure::published_parts(d);
                date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
                    .or_else(|| month_of(d))
            }),
        });
        for f in &p.figures {
            let mut values = vec![f.value];
            values.extend(f.value_max);
            out.push(Predicted {
                file: file.clone(),
                metric: f.metric.clone(),
                values,
                year: f.year,
                modality: f.modality.as_str().to_string(),
                org: f.org.clone(),
                text: p.span(f).to_string(),
            });
        }
    }
    Ok((out, articles))
}

/// "2021-01" (a month without its day) as it is.
fn month_of(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit()))
    .then(|| s.to_string())
}

/// The articles of an `articles.jsonl` written by `extract`.
fn read_articles(path: &Path) -> Result<Vec<ArticleAttribution>> {
    let mut out = Vec::new();
    score::for_each_json_line(path, |_, v| {
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        out.push(ArticleAttribution {
            file: file_name(&s("source").or_else(|| s("article_id")).unwrap_or_default()),
            org: s("org"),
            year: v.get("year").and_then(|x| x.as_i64()).map(|y| y as i32),
            published: s("published"),
        });
        Ok(())
    })?;
    Ok(out)
}

fn file_name(source: &str) -> String {
    Path::new(source)
        .file_name()
        .map_or_else(|| source.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The figures of a `figures.jsonl`.
fn read_figures(path: &Path) -> Result<Vec<Predicted>> {
    if !path.to_string_lossy().ends_with(".jsonl") {
        bail!("{}: --figures reads a figures.jsonl", path.display());
    }
    let mut out = Vec::new();
    score::for_each_json_line(path, |at, v| {
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let (Some(metric), Some(value)) = (s("metric"), v.get("value").and_then(|x| x.as_f64()))
        else {
            bail!("{at}: a figure needs `metric` and `value`");
        };
        let mut values = vec![value];
        values.extend(v.get("value_max").and_then(|x| x.as_f64()));
        out.push(Predicted {
            file: file_name(&s("source").or_else(|| s("article_id")).unwrap_or_default()),
            metric,
            values,
            year: v.get("year").and_then(|x| x.as_i64()).map(|y| y as i32),
            modality: s("modality").unwrap_or_else(|| "actual".into()),
            org: s("org"),
            text: s("text").unwrap_or_default(),
        });
        Ok(())
    })?;
    Ok(out)
}
