//! `solieu gen-corpus` — a synthetic corpus for benchmarks and accuracy at scale.
//!
//! ```text
//! solieu gen-corpus --size 1GiB --out FILE.jsonl.zst [--seed N] [--gold FILE]
//! ```

use anyhow::{bail, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Approximate size of the text, e.g. 100MB, 1GiB.
    #[arg(long, default_value = "100MB")]
    size: String,
    /// Output file (.jsonl, .jsonl.gz or .jsonl.zst).
    #[arg(long)]
    out: PathBuf,
    /// Random seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Gold file of planted figures (default: OUT with .gold.jsonl).
    #[arg(long)]
    gold: Option<PathBuf>,
}

pub fn main(args: Args) -> Result<i32> {
    let _ = (&args.size, &args.out, args.seed, &args.gold);
    bail!("gen-corpus is not available in this build")
}
