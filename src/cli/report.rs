//! `solieu report` — one self-contained HTML page of a figures dataset.
//!
//! ```text
//! solieu report --figures FILE|DIR [--articles FILE] [--out report.html]
//!               [--rules DIR] [--max-figures N]
//! ```
//!
//! FILE|DIR is what `solieu yoy` reads (a figures table, a folder of shard
//! outputs, a hive dataset). The articles table beside it (articles.parquet
//! or articles.jsonl) gives the summary of statuses; `--articles` names
//! another. The page opens without network access: summary, year-over-year
//! charts and table, the figures with filters, and each figure's sentence,
//! article and rule. `--out -` writes the page to standard output.

use crate::analysis;
use crate::report::{self, Report};
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// figures.parquet / figures.jsonl, or a folder of them.
    #[arg(long, value_name = "PATH")]
    figures: PathBuf,
    /// The articles table (default: articles.* beside the figures).
    #[arg(long, value_name = "FILE")]
    articles: Option<PathBuf>,
    /// The page to write (`-`: standard output).
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    out: PathBuf,
    /// Rule pack folder (for each metric's year-over-year aggregation).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Figures embedded in the page at most (the first ones of the dataset).
    #[arg(long, value_name = "N", default_value_t = report::MAX_FIGURES)]
    max_figures: usize,
}

pub fn main(args: Args) -> Result<i32> {
    if args.out.is_dir() {
        return Err(super::usage(format!(
            "--out {}: a folder; name the page to write, e.g. report.html",
            args.out.display()
        )));
    }
    let engine = super::load_pack(args.rules.as_deref())?;
    // Fails early, with "not found", when the figures are not there.
    crate::export::check_complete(&analysis::figure_files(&args.figures)?)?;
    let articles = match &args.articles {
        Some(p) if !p.is_file() => anyhow::bail!("{}: not found", p.display()),
        Some(p) => Some(report::read_articles(std::slice::from_ref(p))?),
        None => {
            let beside = report::articles_beside(&args.figures);
            (!beside.is_empty())
                .then(|| report::read_articles(&beside))
                .transpose()?
        }
    };
    let yoy = analysis::rows(&analysis::yoy(
        &args.figures,
        &engine.pack,
        &Default::default(),
    )?)?;
    let page = Report {
        origin: args.figures.display().to_string(),
        articles,
        by_metric: report::count_by_metric(&args.figures)?,
        figures: report::load_figures(&args.figures, args.max_figures)?,
        yoy,
    };
    let html = report::render(&page)?;
    report::write(&args.out, &html)?;
    if args.out != std::path::Path::new("-") {
        println!(
            "Wrote {} ({} figures, {} year-over-year rows)",
            args.out.display(),
            page.figures.len(),
            page.yoy.len()
        );
    }
    Ok(0)
}
