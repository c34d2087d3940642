//! Polars frames: the figures, articles and year-over-year tables as
//! DataFrames with the contract's column names and types, and reading a
//! figures table back from parquet or JSON Lines.
//!
//! Polars stays behind this module and `export`.

use crate::analysis::YoyRow;
use crate::figure::{ArticleRow, FigureRow, ARTICLE_COLUMNS, FIGURE_COLUMNS, YOY_COLUMNS};
use anyhow::{bail, Context, Result};
use polars::prelude::*;
use std::io::BufRead;
use std::path::Path;

fn col<T, P: ?Sized>(name: &str, v: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Series::new(name.into(), v).into_column()
}

/// Column `name` from one field of every row.
fn field<'r, R, T, P: ?Sized>(name: &str, rows: &'r [R], get: impl Fn(&'r R) -> T) -> Column
where
    Series: NamedFrom<Vec<T>, P>,
{
    col(name, rows.iter().map(get).collect::<Vec<T>>())
}

/// The figures frame of `figures.*` rows.
pub fn figures_frame(rows: &[FigureRow<'_>]) -> Result<DataFrame> {
    let columns = vec![
        field("article_id", rows, |r| r.article_id),
        field("source", rows, |r| r.source),
        field("metric", rows, |r| r.metric),
        field("value", rows, |r| r.value),
        field("value_max", rows, |r| r.value_max),
        field("total", rows, |r| r.total),
        field("qualifier", rows, |r| r.qualifier),
        field("unit", rows, |r| r.unit),
        field("label", rows, |r| r.label),
        field("year", rows, |r| r.year),
        field("org", rows, |r| r.org),
        field("modality", rows, |r| r.modality),
        field("rule", rows, |r| r.rule),
        field("text", rows, |r| r.text),
        field("start", rows, |r| r.start),
        field("end", rows, |r| r.end),
        field("sentence", rows, |r| r.sentence),
        field("part_of", rows, |r| r.part_of),
    ];
    debug_assert_eq!(columns.len(), FIGURE_COLUMNS.len());
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The articles frame of `articles.*` rows.
pub fn articles_frame(rows: &[ArticleRow<'_>]) -> Result<DataFrame> {
    let columns = vec![
        field("article_id", rows, |r| r.article_id),
        field("source", rows, |r| r.source),
        field("title", rows, |r| r.title),
        field("published", rows, |r| r.published),
        field("year", rows, |r| r.year),
        field("org", rows, |r| r.org),
        field("author", rows, |r| r.author),
        field("encoding", rows, |r| r.encoding),
        field("chars", rows, |r| r.chars),
        field("figures", rows, |r| r.figures),
        field("status", rows, |r| r.status),
        field("detail", rows, |r| r.detail),
    ];
    debug_assert_eq!(columns.len(), ARTICLE_COLUMNS.len());
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The year-over-year table.
pub fn yoy_frame(rows: &[YoyRow]) -> Result<DataFrame> {
    let columns = vec![
        field("org", rows, |r| r.org.as_deref()),
        field("metric", rows, |r| r.metric.as_str()),
        field("label", rows, |r| r.label.as_deref()),
        field("modality", rows, |r| r.modality.as_str()),
        field("unit", rows, |r| r.unit.as_str()),
        field("year", rows, |r| r.year),
        field("value", rows, |r| r.value),
        field("prev_year", rows, |r| r.prev_year),
        field("prev_value", rows, |r| r.prev_value),
        field("change", rows, |r| r.change),
        field("pct_change", rows, |r| r.pct_change),
        field("n_articles", rows, |r| r.n_articles),
    ];
    debug_assert_eq!(columns.len(), YOY_COLUMNS.len());
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The columns of a figures table that year over year needs.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureRecord {
    pub article_id: String,
    pub metric: String,
    pub value: f64,
    pub label: Option<String>,
    pub year: Option<i32>,
    pub org: Option<String>,
    pub modality: String,
    pub unit: String,
    /// The start of the total this figure is a part of.
    pub part_of: Option<u32>,
}

/// Read a figures table: a `.parquet` or `.jsonl` file, or a folder of them
/// (shard outputs, a hive-partitioned dataset), read in path order.
pub fn read_figures(path: &Path) -> Result<Vec<FigureRecord>> {
    if path.is_dir() {
        let mut files = Vec::new();
        collect_tables(path, &mut files)?;
        files.sort();
        if files.is_empty() {
            bail!(
                "{}: no figures*.parquet or figures*.jsonl files",
                path.display()
            );
        }
        // A folder with both formats of the same run: prefer parquet.
        let has_parquet = files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "parquet"));
        let mut out = Vec::new();
        for f in files {
            if has_parquet && f.extension().is_some_and(|e| e == "jsonl") {
                continue;
            }
            out.extend(read_figures_file(&f)?);
        }
        return Ok(out);
    }
    read_figures_file(path)
}

fn collect_tables(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for e in
        std::fs::read_dir(dir).with_context(|| format!("{}: cannot read folder", dir.display()))?
    {
        let p = e?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if name == "figures"
                || name.starts_with("year=")
                || name.starts_with("shard")
                || !name.starts_with('.')
            {
                collect_tables(&p, out)?;
            }
        } else if !name.starts_with('.')
            && (name.ends_with(".parquet") || name.ends_with(".jsonl"))
            && (name.starts_with("figures") || name.starts_with("part-"))
        {
            out.push(p);
        }
    }
    Ok(())
}

fn read_figures_file(path: &Path) -> Result<Vec<FigureRecord>> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".parquet") {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{}: cannot open", path.display()))?;
        let mut df = anyhow::Context::with_context(ParquetReader::new(file).finish(), || {
            format!("{}: not a readable parquet file", path.display())
        })?;
        // A hive partition holds the year in its folder name.
        if df.column("year").is_err() {
            let year = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| {
                    n.to_string_lossy()
                        .strip_prefix("year=")
                        .map(str::to_string)
                })
                .and_then(|y| y.parse::<i32>().ok());
            let h = df.height();
            df.with_column(Series::new("year".into(), vec![year; h]).into_column())?;
        }
        frame_records(&df).with_context(|| format!("{}: not a figures table", path.display()))
    } else if name.ends_with(".jsonl") {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{}: cannot open", path.display()))?;
        let mut out = Vec::new();
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line =
                line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: invalid JSON", path.display(), i + 1))?;
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let (Some(metric), Some(value)) =
                (s("metric"), v.get("value").and_then(|x| x.as_f64()))
            else {
                bail!(
                    "{}:{}: a figure needs `metric` and `value`",
                    path.display(),
                    i + 1
                );
            };
            out.push(FigureRecord {
                article_id: s("article_id").unwrap_or_default(),
                metric,
                value,
                label: s("label"),
                year: v.get("year").and_then(|x| x.as_i64()).map(|y| y as i32),
                org: s("org"),
                modality: s("modality").unwrap_or_else(|| "actual".into()),
                unit: s("unit").unwrap_or_default(),
                part_of: v.get("part_of").and_then(|x| x.as_u64()).map(|p| p as u32),
            });
        }
        Ok(out)
    } else {
        bail!("{}: figures must be .parquet or .jsonl", path.display())
    }
}

fn frame_records(df: &DataFrame) -> Result<Vec<FigureRecord>> {
    let article = df.column("article_id")?.str()?;
    let metric = df.column("metric")?.str()?;
    let value = df.column("value")?.f64()?;
    let label = df.column("label")?.str()?;
    let year_col = df.column("year")?.cast(&DataType::Int32)?;
    let year = year_col.i32()?;
    let org = df.column("org")?.str()?;
    let modality = df.column("modality")?.str()?;
    let unit = df.column("unit")?.str()?;
    // Tables written before parts were marked have no `part_of`.
    let part_col = df
        .column("part_of")
        .ok()
        .map(|c| c.cast(&DataType::UInt32))
        .transpose()?;
    let part_of = part_col.as_ref().map(|c| c.u32()).transpose()?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let (Some(m), Some(v)) = (metric.get(i), value.get(i)) else {
            continue;
        };
        out.push(FigureRecord {
            article_id: article.get(i).unwrap_or_default().to_string(),
            metric: m.to_string(),
            value: v,
            label: label.get(i).map(str::to_string),
            year: year.get(i),
            org: org.get(i).map(str::to_string),
            modality: modality.get(i).unwrap_or("actual").to_string(),
            unit: unit.get(i).unwrap_or_default().to_string(),
            part_of: part_of.and_then(|p| p.get(i)),
        });
    }
    Ok(out)
}
