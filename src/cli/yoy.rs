//! `solieu yoy` — the year-over-year table from extracted figures.
//!
//! ```text
//! solieu yoy --figures FILE|DIR [--metric M] [--org TEXT] [--rules DIR]
//!            [--out DIR --format parquet,jsonl,csv]
//! ```
//!
//! FILE is a figures.parquet or figures.jsonl; DIR a folder of them (shard
//! outputs, a hive-partitioned figures/ dataset), read as one dataset. The
//! rule pack supplies each metric's aggregation. Prints a readable table, or
//! writes DIR/yoy.* with --out.

use crate::analysis::{self, YoyInput};
use crate::export::{self, Format};
use crate::frame;
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
}

pub fn main(args: Args) -> Result<i32> {
    let formats = Format::parse_list(&args.format)?;
    let engine = super::load_pack(&args.rules.clone().unwrap_or_else(crate::rules::default_dir))?;
    let mut records = frame::read_figures(&args.figures)?;
    if let Some(m) = &args.metric {
        records.retain(|r| &r.metric == m);
    }
    if let Some(o) = &args.org {
        let o = o.to_lowercase();
        records.retain(|r| {
            r.org
                .as_deref()
                .is_some_and(|x| x.to_lowercase().contains(&o))
        });
    }
    let mut input = YoyInput::default();
    input.add_records(&records, &engine.pack);
    let rows = input.table(&engine.pack);
    match &args.out {
        Some(out) => {
            export::write_yoy(out, &formats, &rows)?;
            println!(
                "Wrote {} year-over-year rows to {}/",
                rows.len(),
                out.display()
            );
        }
        None => print!("{}", analysis::render(&rows)),
    }
    Ok(0)
}
