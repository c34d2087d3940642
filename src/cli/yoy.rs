//! `solieu yoy` — the year-over-year table from extracted figures.
//!
//! ```text
//! solieu yoy --figures FILE|DIR [--metric M] [--org TEXT] [--rules DIR]
//!            [--out DIR --format parquet,jsonl,csv] [--plot FILE.svg|FILE.png]
//! ```
//!
//! FILE is a figures.parquet or figures.jsonl; DIR a folder of them (shard
//! outputs, a hive-partitioned figures/ dataset), read as one dataset. The
//! rule pack supplies each metric's aggregation. Prints a readable table, or
//! writes DIR/yoy.* with --out; --plot draws the table as small multiples, one
//! panel per metric, a line per organisation, targets dashed.

use crate::analysis;
use crate::chart;
use crate::export;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// figures.parquet / figures.jsonl, or a folder of them.
    #[arg(long, value_name = "PATH")]
    figures: PathBuf,
    /// Only this metric.
    #[arg(long)]
    metric: Option<String>,
    /// Only organisations whose name contains this text (case-insensitive).
    #[arg(long)]
    org: Option<String>,
    /// Rule pack folder (for each metric's aggregation).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Write yoy.* into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Formats for --out.
    #[arg(long, value_name = "LIST", default_value = "parquet,jsonl")]
    format: String,
    /// Also draw the table: FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
}

pub fn main(args: Args) -> Result<i32> {
    let formats = super::run::parse_formats(&args.format)?;
    if let Some(plot) = &args.plot {
        chart::check_path(plot).map_err(|e| super::usage(format!("--plot {e}")))?;
    }
    let engine = super::load_pack(args.rules.as_deref())?;
    if let Some(m) = &args.metric {
        if engine.pack.metric(m).is_none() {
            let known: Vec<&str> = engine.pack.metrics.iter().map(|m| m.id.as_str()).collect();
            return Err(super::usage(format!(
                "--metric {m}: no such metric (the pack has {})",
                known.join(", ")
            )));
        }
    }
    let filter = analysis::YoyFilter {
        metric: args.metric.clone(),
        org: args.org.clone(),
    };
    export::check_complete(&analysis::figure_files(&args.figures)?)?;
    let rows = analysis::rows(&analysis::yoy(&args.figures, &engine.pack, &filter)?)?;
    match &args.out {
        Some(out) => {
            export::write_yoy(out, &formats, &rows, false)?;
            println!(
                "Wrote {} year-over-year rows to {}/",
                rows.len(),
                out.display()
            );
        }
        None if args.plot.is_none() => print!("{}", analysis::render(&rows)),
        None => {}
    }
    if let Some(plot) = &args.plot {
        chart::write(plot, &rows)?;
        println!(
            "Drew {} year-over-year rows in {}",
            rows.len(),
            plot.display()
        );
    }
    Ok(0)
}
