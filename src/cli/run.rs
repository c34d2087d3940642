//! `solieu run` — the main job.
//!
//! ```text
//! solieu run [--corpus PATH] [--rules DIR] [--out DIR] [--format parquet,jsonl,csv]
//!            [--threads N] [--shard K/N] [--partition-by year] [--limit N]
//!            [--csv-bom] [--strict] [--quiet]
//! ```
//!
//! Reads the corpus (default: the sample corpus built into solieu), applies
//! the rule pack (default: `--rules`, else `$SOLIEU_RULES`, else the built-in
//! pack), writes `figures.*`, `articles.*`, `yoy.*` and `report.html` (see
//! `solieu report`) into the output folder (default `output/`) and prints a summary: articles and their statuses,
//! figures per metric, and the first rows of the year-over-year table.

use super::{load_pack, usage};
use crate::analysis;
use crate::corpus::{Corpus, JsonFields, ReadOptions};
use crate::export::{self, Format};
use crate::figure::YoyRow;
use crate::pipeline::{self, RunOptions, Summary};
use crate::report;
use crate::text::tone::TonePlacement;
use anyhow::Result;
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
    /// Stop reading any one input (file or stream) after this many bytes,
    /// so that an endless stream ends; the cut is reported as an error
    /// record. Default: no limit.
    #[arg(long, value_name = "BYTES")]
    pub max_input_bytes: Option<u64>,
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
    /// Write CSV with a UTF-8 byte order mark, so that Excel shows
    /// Vietnamese text right.
    #[arg(long)]
    pub csv_bom: bool,
    /// Fail (exit 1) when any record is not ok.
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input folder or file (default: the sample corpus built into solieu).
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Rows of the year-over-year table to print (all are written).
    #[arg(long, value_name = "N", default_value_t = 40)]
    limit: usize,
    #[command(flatten)]
    job: JobArgs,
}

pub fn main(args: Args) -> Result<i32> {
    if args.corpus.is_none() && !args.job.quiet {
        println!("Reading the sample corpus built into solieu (--corpus PATH reads yours).");
    }
    let inputs = args.corpus.as_ref().map(std::slice::from_ref);
    let done = job(inputs, &args.out, &args.job, true)?;
    // Everything is written into the staging folder, made visible at once.
    let staged = done.staging.dir().to_path_buf();
    let formats = parse_formats(&args.job.format)?;
    let table = done
        .figures
        .as_deref()
        .map(|figures| analysis::yoy(figures, &done.engine.pack, &Default::default()))
        .transpose();
    let rows = match table {
        Ok(Some(df)) => analysis::rows(&df),
        Ok(None) => Ok(Vec::new()),
        Err(e) => Err(e),
    };
    let page = match (&rows, &done.figures) {
        (Ok(rows), Some(figures)) => Some(report_page(
            &done.summary,
            figures,
            &args
                .out
                .join(figures.strip_prefix(&staged).unwrap_or(figures)),
            rows,
        )),
        _ => None,
    };
    if let Some(side) = &done.side_figures {
        // A scratch table, made only for the lines above.
        let _ = std::fs::remove_file(side);
    }
    let rows = rows?;
    export::write_yoy(&staged, &formats, &rows, args.job.csv_bom)?;
    if let Some(page) = page {
        report::write(&staged.join("report.html"), &report::render(&page?)?)?;
    }
    done.staging.commit()?;
    if !args.job.quiet {
        print_summary(&done.summary, &args.out);
        println!(
            "\nYear over year ({} rows, actual figures and targets apart):",
            rows.len()
        );
        let shown = rows.len().min(args.limit);
        print!("{}", analysis::render(&rows[..shown]));
        if rows.len() > shown {
            let files: Vec<String> = formats
                .iter()
                .map(|f| format!("{}/yoy.{}", args.out.display(), f.ext()))
                .collect();
            println!(
                "… {} more row(s) in {} (--limit N prints more).",
                rows.len() - shown,
                files.join(", ")
            );
        }
        if done.figures.is_some() {
            println!(
                "\nCharts, figures and the sentence of each: open {} in a browser.",
                args.out.join("report.html").display()
            );
        }
    }
    Ok(exit_code(&done.summary, &args.job))
}

/// The report of a run: its summary, the first figures it wrote and the
/// year-over-year rows.
fn report_page(
    s: &Summary,
    figures: &Path,
    origin: &Path,
    yoy: &[YoyRow],
) -> Result<report::Report> {
    Ok(report::Report {
        origin: origin.display().to_string(),
        articles: Some(report::Articles {
            total: s.articles,
            by_status: s
                .by_status
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
        }),
        by_metric: s.by_metric.iter().map(|(k, n)| (k.clone(), *n)).collect(),
        figures: report::load_figures(figures, report::MAX_FIGURES)?,
        yoy: yoy.to_vec(),
    })
}

/// `--format`, a usage error when it names no known format.
pub fn parse_formats(s: &str) -> Result<Vec<Format>> {
    Format::parse_list(s).map_err(|e| usage(format!("--format {s}: {e}")))
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
    let bad = || usage(format!("--shard {s}: K/N with 1 ≤ K ≤ N, e.g. 2/8"));
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    Ok((k - 1, n))
}

/// Check everything, then process `inputs` (the built-in sample corpus when
/// `None`) into the staging folder of `out` (see [`export::Staging`]; the
/// caller commits it). With `for_yoy`, the figures are also left where year
/// over year can scan them.
pub fn job(inputs: Option<&[PathBuf]>, out: &Path, job: &JobArgs, for_yoy: bool) -> Result<Done> {
    // Everything that can be wrong is checked before any output is touched.
    let formats = parse_formats(&job.format)?;
    let tones = match job.tones.as_str() {
        "classic" => TonePlacement::Classic,
        "modern" => TonePlacement::Modern,
        "keep" => TonePlacement::Keep,
        other => return Err(usage(format!("--tones {other}: classic, modern or keep"))),
    };
    if out.as_os_str() == "-" {
        return Err(usage(
            "--out -: outputs are several files; give a folder (JSON Lines can be read from standard input, not written to it)",
        ));
    }
    let partition_by_year = match job.partition_by.as_deref() {
        None => false,
        Some("year") => true,
        Some(other) => {
            return Err(usage(format!(
                "--partition-by {other}: only `year` is supported"
            )))
        }
    };
    let shard = job.shard.as_deref().map(parse_shard).transpose()?;
    let mut engine = load_pack(job.rules.as_deref())?;
    engine.normalize.tones = tones;
    let corpus = match inputs {
        Some(paths) => Corpus::open_for(paths, Some(out))?,
        None => Corpus::builtin(),
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
            shard,
            max_input_bytes: job.max_input_bytes,
        },
        progress: !job.quiet,
        partition_by_year,
        csv_bom: job.csv_bom,
        ..RunOptions::default()
    };
    // Year over year scans the figures parquet (or JSON Lines) just
    // written; a CSV-only run writes a scratch parquet copy for it.
    let staging = export::Staging::begin(out)?;
    let staged = staging.dir().to_path_buf();
    let (figures, side_figures) = if !for_yoy {
        (None, None)
    } else if opts.formats.contains(&Format::Parquet) {
        let name = if partition_by_year {
            "figures"
        } else {
            "figures.parquet"
        };
        (Some(staged.join(name)), None)
    } else if opts.formats.contains(&Format::Jsonl) {
        (Some(staged.join("figures.jsonl")), None)
    } else {
        let side = staged.join(".figures-for-yoy.parquet");
        (Some(side.clone()), Some(side))
    };
    let opts = RunOptions {
        side_figures: side_figures.clone(),
        ..opts
    };
    let summary = pipeline::run(&engine, &corpus, &staged, &opts)?;
    if !job.quiet {
        for s in &corpus.skipped {
            eprintln!("note: not read: {s}");
        }
    }
    Ok(Done {
        summary,
        engine,
        figures,
        side_figures,
        staging,
    })
}

/// What [`job`] did.
pub struct Done {
    pub summary: Summary,
    pub engine: pipeline::Engine,
    /// The figures table year over year reads.
    pub figures: Option<PathBuf>,
    /// A scratch figures file to remove after use.
    pub side_figures: Option<PathBuf>,
    /// The run's outputs, to commit.
    pub staging: export::Staging,
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
