//! Polars frames: the figures, articles and year-over-year tables as
//! DataFrames with the contract's column names and types, and reading a
//! figures table back from parquet or JSON Lines.
//!
//! Polars stays behind this module and `export`.

use crate::analysis::YoyRow;
use crate::figure::{Processed, ARTICLE_COLUMNS, FIGURE_COLUMNS};
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

/// The figures of a batch of articles (only rows with `keep(year)`).
pub fn figures_frame(batch: &[Processed], keep: impl Fn(Option<i32>) -> bool) -> Result<DataFrame> {
    let n: usize = batch.iter().map(|p| p.figures.len()).sum();
    let mut article_id = Vec::with_capacity(n);
    let mut source = Vec::with_capacity(n);
    let mut metric = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    let mut value_max = Vec::with_capacity(n);
    let mut qualifier = Vec::with_capacity(n);
    let mut unit = Vec::with_capacity(n);
    let mut label = Vec::with_capacity(n);
    let mut year = Vec::with_capacity(n);
    let mut org = Vec::with_capacity(n);
    let mut modality = Vec::with_capacity(n);
    let mut rule = Vec::with_capacity(n);
    let mut text = Vec::with_capacity(n);
    let mut start = Vec::with_capacity(n);
    let mut end = Vec::with_capacity(n);
    let mut sentence = Vec::with_capacity(n);
    for p in batch {
        for f in &p.figures {
            if !keep(f.year) {
                continue;
            }
            article_id.push(p.info.article_id.as_str());
            source.push(p.info.source.as_str());
            metric.push(f.metric.as_str());
            value.push(f.value);
            value_max.push(f.value_max);
            qualifier.push(f.qualifier.as_str());
            unit.push(f.unit.as_str());
            label.push(f.label.as_deref());
            year.push(f.year);
            org.push(f.org.as_deref());
            modality.push(f.modality.as_str());
            rule.push(f.rule.as_str());
            text.push(p.span(f));
            start.push(f.start);
            end.push(f.end);
            sentence.push(p.sentence(f));
        }
    }
    let h = article_id.len();
    let columns = vec![
        col("article_id", article_id),
        col("source", source),
        col("metric", metric),
        col("value", value),
        col("value_max", value_max),
        col("qualifier", qualifier),
        col("unit", unit),
        col("label", label),
        col("year", year),
        col("org", org),
        col("modality", modality),
        col("rule", rule),
        col("text", text),
        col("start", start),
        col("end", end),
        col("sentence", sentence),
    ];
    debug_assert_eq!(columns.len(), FIGURE_COLUMNS.len());
    Ok(DataFrame::new(h, columns)?)
}

/// One row per article of the batch.
pub fn articles_frame(batch: &[Processed]) -> Result<DataFrame> {
    let i = batch.iter().map(|p| &p.info);
    let columns = vec![
        col(
            "article_id",
            i.clone().map(|a| a.article_id.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "source",
            i.clone().map(|a| a.source.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "title",
            i.clone().map(|a| a.title.as_deref()).collect::<Vec<_>>(),
        ),
        col(
            "published",
            i.clone()
                .map(|a| a.published.as_deref())
                .collect::<Vec<_>>(),
        ),
        col("year", i.clone().map(|a| a.year).collect::<Vec<_>>()),
        col(
            "org",
            i.clone().map(|a| a.org.as_deref()).collect::<Vec<_>>(),
        ),
        col(
            "author",
            i.clone().map(|a| a.author.as_deref()).collect::<Vec<_>>(),
        ),
        col(
            "encoding",
            i.clone().map(|a| a.encoding.as_str()).collect::<Vec<_>>(),
        ),
        col("chars", i.clone().map(|a| a.chars).collect::<Vec<_>>()),
        col("figures", i.clone().map(|a| a.figures).collect::<Vec<_>>()),
        col(
            "status",
            i.clone().map(|a| a.status.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "detail",
            i.clone().map(|a| a.detail.as_deref()).collect::<Vec<_>>(),
        ),
    ];
    debug_assert_eq!(columns.len(), ARTICLE_COLUMNS.len());
    Ok(DataFrame::new(batch.len(), columns)?)
}

/// The year-over-year table.
pub fn yoy_frame(rows: &[YoyRow]) -> Result<DataFrame> {
    let r = rows.iter();
    let columns = vec![
        col(
            "org",
            r.clone().map(|x| x.org.as_deref()).collect::<Vec<_>>(),
        ),
        col(
            "metric",
            r.clone().map(|x| x.metric.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "label",
            r.clone().map(|x| x.label.as_deref()).collect::<Vec<_>>(),
        ),
        col(
            "modality",
            r.clone().map(|x| x.modality.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "unit",
            r.clone().map(|x| x.unit.as_str()).collect::<Vec<_>>(),
        ),
        col("year", r.clone().map(|x| x.year).collect::<Vec<_>>()),
        col("value", r.clone().map(|x| x.value).collect::<Vec<_>>()),
        col(
            "prev_year",
            r.clone().map(|x| x.prev_year).collect::<Vec<_>>(),
        ),
        col(
            "prev_value",
            r.clone().map(|x| x.prev_value).collect::<Vec<_>>(),
        ),
        col("change", r.clone().map(|x| x.change).collect::<Vec<_>>()),
        col(
            "pct_change",
            r.clone().map(|x| x.pct_change).collect::<Vec<_>>(),
        ),
        col(
            "n_articles",
            r.clone().map(|x| x.n_articles).collect::<Vec<_>>(),
        ),
    ];
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
        });
    }
    Ok(out)
}
