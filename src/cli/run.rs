//! `solieu run` — the main job.
//!
//! ```text
//! solieu run [--corpus DIR] [--rules DIR] [--out DIR] [--format parquet,jsonl,csv]
//!            [--threads N] [--shard K/N] [--partition-by year] [--strict] [--quiet]
//! ```
//!
//! Reads the corpus (default `corpus/`), applies the rule pack (default
//! `rules/`), writes `figures.*`, `articles.*` and `yoy.*` into the output
//! folder (default `output/`) and prints a summary: articles and their
//! statuses, figures per metric, and the year-over-year table.

use super::load_pack;
use crate::analysis;
use crate::corpus::{Corpus, JsonFields, ReadOptions};
use crate::export::{self, Format};
use crate::pipeline::{self, RunOptions, Summary};
use crate::text::tone::TonePlacement;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Options shared by `run` and `extract`.
#[derive(clap::Args, Debug, Clone)]
pub struct JobArgs {
    /// Rule pack folder (every *.toml in it).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Output formats, a comma list of parquet, jsonl, csv.
    #[arg(long, value_name = "LIST", default_value = "parquet,jsonl")]
    pub format: String,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Process only shard K of N (1-based), e.g. 3/8, for array jobs.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Write figures parquet as a hive-partitioned dataset (figures/year=YYYY/).
    #[arg(long, value_name = "COLUMN")]
    pub partition_by: Option<String>,
    /// Records larger than this many bytes are reported too_large.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_bytes: usize,
    /// JSON field(s) holding the article text, comma separated.
    #[arg(long, value_name = "NAMES")]
    pub text_field: Option<String>,
    /// JSON field(s) holding the article id, comma separated.
    #[arg(long, value_name = "NAMES")]
    pub id_field: Option<String>,
    /// Tone-mark placement: classic (hòa, thủy: what most of the press uses),
    /// modern (hoà, thuỷ) or keep (as written).
    #[arg(long, value_name = "STYLE", default_value = "classic")]
    pub tones: String,
    /// Fail (exit 1) when any record is not ok.
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input folder or file(s).
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    #[command(flatten)]
    job: JobArgs,
}

/// `corpus/` in the working folder, else the sample corpus beside the crate.
fn default_corpus() -> PathBuf {
    crate::corpus::shipped_dir("corpus")
}

pub fn main(args: Args) -> Result<i32> {
    let corpus = args.corpus.clone().unwrap_or_else(default_corpus);
    let (summary, engine) = job(&[corpus], &args.out, &args.job, true)?;
    let rows = summary.yoy.table(&engine.pack);
    let formats = Format::parse_list(&args.job.format)?;
    export::write_yoy(&args.out, &formats, &rows)?;
    if !args.job.quiet {
        print_summary(&summary, &args.out);
        println!(
            "\nYear over year ({} rows, actual figures and targets apart):",
            rows.len()
        );
        print!("{}", analysis::render(&rows));
    }
    Ok(exit_code(&summary, &args.job))
}

pub fn exit_code(summary: &Summary, job: &JobArgs) -> i32 {
    if job.strict && summary.not_ok() > 0 {
        eprintln!("error: {} record(s) not ok (--strict)", summary.not_ok());
        1
    } else {
        0
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize)> {
    let (k, n) = s.split_once('/').context("--shard takes K/N, e.g. 2/8")?;
    let k: usize = k.trim().parse().context("--shard: K is not a number")?;
    let n: usize = n.trim().parse().context("--shard: N is not a number")?;
    if n == 0 || k == 0 || k > n {
        bail!("--shard {s}: K must be between 1 and N");
    }
    Ok((k - 1, n))
}

/// Check everything, then process `inputs` into `out`.
pub fn job(
    inputs: &[PathBuf],
    out: &Path,
    job: &JobArgs,
    collect_yoy: bool,
) -> Result<(Summary, pipeline::Engine)> {
    // Everything that can be wrong is checked before any output is touched.
    let formats = Format::parse_list(&job.format)?;
    let tones = match job.tones.as_str() {
        "classic" => TonePlacement::Classic,
        "modern" => TonePlacement::Modern,
        "keep" => TonePlacement::Keep,
        other => bail!("--tones {other}: classic, modern or keep"),
    };
    let mut engine = load_pack(&job.rules.clone().unwrap_or_else(crate::rules::default_dir))?;
    engine.normalize.tones = tones;
    let corpus = Corpus::open(inputs)?;
    let partition_by_year = match job.partition_by.as_deref() {
        None => false,
        Some("year") => true,
        Some(other) => bail!("--partition-by {other}: only `year` is supported"),
    };
    let mut fields = JsonFields::default();
    let split = |s: &str| {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    };
    if let Some(t) = &job.text_field {
        fields.text = split(t);
    }
    if let Some(t) = &job.id_field {
        fields.id = split(t);
    }
    let opts = RunOptions {
        formats,
        threads: job.threads,
        read: ReadOptions {
            fields,
            max_bytes: job.max_bytes,
            shard: job.shard.as_deref().map(parse_shard).transpose()?,
        },
        progress: !job.quiet,
        partition_by_year,
        collect_yoy,
        ..RunOptions::default()
    };
    let summary = pipeline::run(&engine, &corpus, out, &opts)?;
    Ok((summary, engine))
}

pub fn print_summary(s: &Summary, out: &Path) {
    let statuses: Vec<String> = s
        .by_status
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!(
        "Read {} article(s) ({}), {} not ok.",
        s.articles,
        statuses.join(", "),
        s.not_ok()
    );
    let mb = s.bytes as f64 / 1e6;
    println!(
        "Extracted {} figure(s) from {:.2} MB in {:.2} s ({:.1} MB/s).",
        s.figures,
        mb,
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 }
    );
    for (m, n) in &s.by_metric {
        println!("  {m:<12} {n}");
    }
    println!("Wrote {}/", out.display());
}
