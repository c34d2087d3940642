//! Writing datasets: parquet (zstd, one row group per batch), JSON Lines and
//! CSV, streamed batch by batch.
//!
//! Every file is written under a temporary name in the output folder and
//! renamed into place only when complete, so an interrupted run never leaves
//! a truncated file that looks finished, and a rerun overwrites cleanly.

use crate::analysis::YoyRow;
use crate::figure::{Processed, ARTICLE_COLUMNS, FIGURE_COLUMNS, YOY_COLUMNS};
use crate::frame;
use anyhow::{bail, Context, Result};
use polars::prelude::{BatchedWriter, DataFrame, ParquetCompression, ParquetWriter};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Parquet,
    Jsonl,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    /// Parse a comma list such as `parquet,jsonl`.
    pub fn parse_list(s: &str) -> Result<Vec<Format>> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = match part.to_ascii_lowercase().as_str() {
                "parquet" => Format::Parquet,
                "jsonl" | "json" | "ndjson" => Format::Jsonl,
                "csv" => Format::Csv,
                other => bail!("unknown format `{other}` (parquet, jsonl, csv)"),
            };
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            bail!("no output format given (parquet, jsonl, csv)");
        }
        Ok(out)
    }
}

/// A file being written under a temporary name.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<(AtomicFile, File)> {
        let dir = dest.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
        Ok((
            AtomicFile {
                tmp,
                dest: dest.to_path_buf(),
            },
            file,
        ))
    }

    /// Flush to disk and move into place.
    pub fn commit(self, file: File) -> Result<()> {
        file.sync_all()
            .with_context(|| format!("{}: cannot write", self.tmp.display()))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest)
            .with_context(|| format!("{}: cannot move into place", self.dest.display()))?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Only an uncommitted file still has its temporary name.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Remove the temporary files that runs killed before they finished left in
/// `dir` (`.<name>.<pid>.partial` of a process that no longer exists). Where
/// processes cannot be checked (no /proc), nothing is removed.
pub fn remove_stale_partials(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".partial"))
        else {
            continue;
        };
        let Some(pid) = stem.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A streaming writer of one table in one format.
enum TableWriter {
    Parquet {
        atomic: AtomicFile,
        writer: Option<Box<BatchedWriter<File>>>,
        file: Option<File>,
    },
    Lines {
        atomic: AtomicFile,
        out: BufWriter<File>,
        csv: bool,
    },
}

impl TableWriter {
    /// `header`: the column names, written first in CSV.
    fn create(dest: &Path, format: Format, header: &[&str]) -> Result<TableWriter> {
        let (atomic, file) = AtomicFile::create(dest)?;
        Ok(match format {
            Format::Parquet => TableWriter::Parquet {
                atomic,
                writer: None,
                file: Some(file),
            },
            Format::Jsonl | Format::Csv => {
                let mut out = BufWriter::with_capacity(1 << 20, file);
                if format == Format::Csv {
                    let mut w = csv::Writer::from_writer(&mut out);
                    w.write_record(header)?;
                    w.flush()?;
                }
                TableWriter::Lines {
                    atomic,
                    out,
                    csv: format == Format::Csv,
                }
            }
        })
    }

    fn write_frame(&mut self, df: &DataFrame) -> Result<()> {
        let TableWriter::Parquet { writer, file, .. } = self else {
            bail!("not a parquet writer");
        };
        if writer.is_none() {
            let f = file.take().context("parquet writer already finished")?;
            let w = ParquetWriter::new(f)
                .with_compression(ParquetCompression::Zstd(None))
                .batched(df.schema())?;
            *writer = Some(Box::new(w));
        }
        if df.height() > 0 {
            if let Some(w) = writer.as_mut() {
                w.write_batch(df)?;
            }
        }
        Ok(())
    }

    fn write_rows<T: Serialize>(&mut self, rows: &[T]) -> Result<()> {
        let TableWriter::Lines { out, csv, .. } = self else {
            bail!("not a line writer");
        };
        if *csv {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *out);
            for row in rows {
                w.serialize(row)?;
            }
            w.flush()?;
        } else {
            for row in rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(self, empty_schema: impl Fn() -> Result<DataFrame>) -> Result<()> {
        match self {
            TableWriter::Parquet {
                atomic,
                writer,
                file,
            } => {
                let w = match writer {
                    Some(w) => *w,
                    None => {
                        // No batch: an empty table with the full schema.
                        let f = file.context("parquet writer already finished")?;
                        let df = empty_schema()?;
                        let mut w = ParquetWriter::new(f)
                            .with_compression(ParquetCompression::Zstd(None))
                            .batched(df.schema())?;
                        w.write_batch(&df)?;
                        w
                    }
                };
                w.finish()?;
                drop(w);
                let file = File::options()
                    .append(true)
                    .open(&atomic.tmp)
                    .with_context(|| format!("{}: cannot reopen", atomic.tmp.display()))?;
                atomic.commit(file)
            }
            TableWriter::Lines { atomic, out, .. } => {
                let file = out.into_inner().map_err(|e| e.into_error())?;
                atomic.commit(file)
            }
        }
    }
}

/// One row of `figures.*`, borrowed from the processed article.
#[derive(Serialize)]
pub struct FigureRow<'a> {
    article_id: &'a str,
    source: &'a str,
    metric: &'a str,
    value: f64,
    value_max: Option<f64>,
    qualifier: &'static str,
    unit: &'a str,
    label: Option<&'a str>,
    year: Option<i32>,
    org: Option<&'a str>,
    modality: &'static str,
    rule: &'a str,
    text: &'a str,
    start: u32,
    end: u32,
    sentence: &'a str,
}

/// Figure rows of a batch, in column order.
pub fn figure_rows(batch: &[Processed]) -> Vec<FigureRow<'_>> {
    let mut rows = Vec::new();
    for p in batch {
        for f in &p.figures {
            rows.push(FigureRow {
                article_id: &p.info.article_id,
                source: &p.info.source,
                metric: &f.metric,
                value: f.value,
                value_max: f.value_max,
                qualifier: f.qualifier.as_str(),
                unit: &f.unit,
                label: f.label.as_deref(),
                year: f.year,
                org: f.org.as_deref(),
                modality: f.modality.as_str(),
                rule: &f.rule,
                text: p.span(f),
                start: f.start,
                end: f.end,
                sentence: p.sentence(f),
            });
        }
    }
    rows
}

/// One row of `articles.*`.
#[derive(Serialize)]
pub struct ArticleRow<'a> {
    article_id: &'a str,
    source: &'a str,
    title: Option<&'a str>,
    published: Option<&'a str>,
    year: Option<i32>,
    org: Option<&'a str>,
    author: Option<&'a str>,
    encoding: &'a str,
    chars: u64,
    figures: u32,
    status: &'static str,
    detail: Option<&'a str>,
}

/// Article rows of a batch.
pub fn article_rows(batch: &[Processed]) -> Vec<ArticleRow<'_>> {
    batch
        .iter()
        .map(|p| {
            let a = &p.info;
            ArticleRow {
                article_id: &a.article_id,
                source: &a.source,
                title: a.title.as_deref(),
                published: a.published.as_deref(),
                year: a.year,
                org: a.org.as_deref(),
                author: a.author.as_deref(),
                encoding: &a.encoding,
                chars: a.chars,
                figures: a.figures,
                status: a.status.as_str(),
                detail: a.detail.as_deref(),
            }
        })
        .collect()
}

/// One row of `yoy.*`.
#[derive(Serialize)]
pub struct YoyOut<'a> {
    org: Option<&'a str>,
    metric: &'a str,
    label: Option<&'a str>,
    modality: &'static str,
    unit: &'a str,
    year: i32,
    value: f64,
    prev_year: Option<i32>,
    prev_value: Option<f64>,
    change: Option<f64>,
    pct_change: Option<f64>,
    n_articles: u32,
}

/// Year-over-year rows.
pub fn yoy_rows(rows: &[YoyRow]) -> Vec<YoyOut<'_>> {
    rows.iter()
        .map(|r| YoyOut {
            org: r.org.as_deref(),
            metric: &r.metric,
            label: r.label.as_deref(),
            modality: r.modality.as_str(),
            unit: &r.unit,
            year: r.year,
            value: r.value,
            prev_year: r.prev_year,
            prev_value: r.prev_value,
            change: r.change,
            pct_change: r.pct_change,
            n_articles: r.n_articles,
        })
        .collect()
}

/// The writers of a run's `figures.*` and `articles.*`.
pub struct Sinks {
    out: PathBuf,
    figures: Vec<(Format, TableWriter)>,
    articles: Vec<(Format, TableWriter)>,
    /// Hive layout: one parquet writer per year.
    partitions: Option<BTreeMap<Option<i32>, TableWriter>>,
    part_name: String,
}

impl Sinks {
    pub fn create(out: &Path, formats: &[Format], partition_by_year: bool) -> Result<Sinks> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create output folder", out.display()))?;
        remove_stale_partials(out);
        let mut figures = Vec::new();
        let mut articles = Vec::new();
        for &f in formats {
            if !(partition_by_year && f == Format::Parquet) {
                figures.push((
                    f,
                    TableWriter::create(
                        &out.join(format!("figures.{}", f.ext())),
                        f,
                        FIGURE_COLUMNS,
                    )?,
                ));
            }
            articles.push((
                f,
                TableWriter::create(
                    &out.join(format!("articles.{}", f.ext())),
                    f,
                    ARTICLE_COLUMNS,
                )?,
            ));
        }
        let partitions =
            (partition_by_year && formats.contains(&Format::Parquet)).then(BTreeMap::new);
        if partitions.is_some() {
            let dir = out.join("figures");
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("{}: cannot replace", dir.display()))?;
            }
        }
        Ok(Sinks {
            out: out.to_path_buf(),
            figures,
            articles,
            partitions,
            part_name: "part-00000.parquet".into(),
        })
    }

    /// Write one processed batch.
    pub fn write(&mut self, batch: &[Processed]) -> Result<()> {
        let need_lines = self
            .figures
            .iter()
            .chain(&self.articles)
            .any(|(f, _)| *f != Format::Parquet);
        let (fig_rows, art_rows) = if need_lines {
            (figure_rows(batch), article_rows(batch))
        } else {
            (Vec::new(), Vec::new())
        };
        for (f, w) in &mut self.figures {
            match f {
                Format::Parquet => w.write_frame(&frame::figures_frame(batch, |_| true)?)?,
                _ => w.write_rows(&fig_rows)?,
            }
        }
        for (f, w) in &mut self.articles {
            match f {
                Format::Parquet => w.write_frame(&frame::articles_frame(batch)?)?,
                _ => w.write_rows(&art_rows)?,
            }
        }
        if let Some(parts) = &mut self.partitions {
            let years: std::collections::BTreeSet<Option<i32>> = batch
                .iter()
                .flat_map(|p| p.figures.iter().map(|f| f.year))
                .collect();
            for y in years {
                let w = match parts.entry(y) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        let dir = match y {
                            Some(y) => format!("year={y}"),
                            None => "year=__HIVE_DEFAULT_PARTITION__".into(),
                        };
                        let dest = self.out.join("figures").join(dir).join(&self.part_name);
                        e.insert(TableWriter::create(&dest, Format::Parquet, FIGURE_COLUMNS)?)
                    }
                };
                let df = frame::figures_frame(batch, |fy| fy == y)?.drop("year")?;
                w.write_frame(&df)?;
            }
        }
        Ok(())
    }

    /// Complete every file and move it into place.
    pub fn finish(self) -> Result<()> {
        for (_, w) in self.figures {
            w.finish(|| frame::figures_frame(&[], |_| true))?;
        }
        for (_, w) in self.articles {
            w.finish(|| frame::articles_frame(&[]))?;
        }
        if let Some(parts) = self.partitions {
            for (_, w) in parts {
                w.finish(|| Ok(frame::figures_frame(&[], |_| true)?.drop("year")?))?;
            }
        }
        Ok(())
    }
}

/// Write the year-over-year table as `out/yoy.<ext>` for each format.
pub fn write_yoy(out: &Path, formats: &[Format], rows: &[YoyRow]) -> Result<()> {
    for &f in formats {
        let dest = out.join(format!("yoy.{}", f.ext()));
        let mut w = TableWriter::create(&dest, f, YOY_COLUMNS)?;
        match f {
            Format::Parquet => w.write_frame(&frame::yoy_frame(rows)?)?,
            _ => w.write_rows(&yoy_rows(rows))?,
        }
        w.finish(|| frame::yoy_frame(&[]))?;
    }
    Ok(())
}
