//! `solieu extract` — figures and articles from any input.
//!
//! ```text
//! solieu extract INPUT... --out DIR [--format jsonl,parquet,csv] [--rules DIR]
//!                [--threads N] [--shard K/N] [--strict] [--quiet]
//! ```
//!
//! INPUT is a .txt or .html file, a folder (walked recursively), a JSON Lines
//! dump (.jsonl or .ndjson, also .gz and .zst: one article per line with
//! `id` and `text`, optional `title`, `url`, `published`), a .json file (an
//! array of such records, or JSON Lines), or `-` for JSON Lines on standard
//! input. A pipe or device (`<(zcat dump.gz)`) is streamed: JSON Lines when
//! it starts with `{`, else one plain-text article. A file of any other kind
//! is refused. Writes DIR/figures.*, DIR/articles.* and DIR/_SUCCESS, all at
//! once at the end.

use super::run::{exit_code, job, print_summary, JobArgs};
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, folders, or - for JSON Lines on stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    job: JobArgs,
}

pub fn main(args: Args) -> Result<i32> {
    let done = job(Some(&args.inputs), &args.out, &args.job, false)?;
    done.staging.commit()?;
    let summary = done.summary;
    if !args.job.quiet {
        print_summary(&summary, &args.out);
    }
    Ok(exit_code(&summary, &args.job))
}
