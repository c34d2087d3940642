//! Year over year, in polars: one value per organisation × metric (× label,
//! for metrics that count different things) × modality × unit × year, and
//! its change from the previous year that has a value. Quantities in
//! different units (tấn and ha, USD and EUR) are never added.
//!
//! The figures are read lazily from a dataset — one parquet or JSON Lines
//! file, a folder of shard outputs, a hive-partitioned `figures/year=…/`
//! folder — and the query runs on polars' streaming engine, so a dataset
//! larger than memory is aggregated in bounded memory.
//!
//! How a year's reports become one value is the metric's `aggregate` in the
//! rule pack: `latest` (stocks: the first report, in that article, of the
//! last article of the year, in input order), `sum` (flows: the sum of
//! distinct reports — every figure of an article, but a value that other
//! articles report again counts as often as the article reporting it most
//! often) or `max`. Parts of a total (`part_of`) never enter a value, and
//! targets are kept apart from actual figures. Figures without a year are
//! left out. `pct_change` is the change in per cent of the previous value;
//! for percentages it is the relative change of the share (from 80% to 90%
//! is +12.5), and shares are only compared within one label.

use crate::figure::{Modality, YoyRow, YOY_COLUMNS};
use crate::rules::{Aggregate, RulePack};
use anyhow::{bail, Result};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// The columns of a figures table that year over year reads, with their types.
fn figure_columns() -> [(&'static str, DataType); 9] {
    [
        ("article_id", DataType::String),
        ("metric", DataType::String),
        ("value", DataType::Float64),
        ("label", DataType::String),
        ("year", DataType::Int32),
        ("org", DataType::String),
        ("modality", DataType::String),
        ("unit", DataType::String),
        ("part_of", DataType::Int64),
    ]
}

/// The figures tables of `path`: the file itself, or the `figures*.parquet`
/// / `figures*.jsonl` files (and hive `part-*` files) of a folder, in path
/// order. One table written in two formats by one run (`figures.parquet` and
/// `figures.jsonl` side by side, or a hive `figures/` folder beside
/// `figures.jsonl`) is read once, from parquet; tables of different runs are
/// all read, whatever their format. A run folder holding both a flat
/// `figures.parquet` and a partitioned `figures/` is refused: they are not
/// one table, and reading both would count figures twice.
pub fn figure_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.exists() {
        bail!("{}: not found", path.display());
    }
    if !path.is_dir() {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if !(name.ends_with(".parquet") || name.ends_with(".jsonl")) {
            bail!(
                "{}: a figures table is a .parquet or .jsonl file, or a folder of them",
                path.display()
            );
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_tables(path, &mut files)?;
    files.sort();
    // Each table by the folder it was written into and its name; a hive
    // dataset is the table `figures` of the folder holding `figures/`.
    let mut tables: std::collections::BTreeMap<(PathBuf, String), Table> = Default::default();
    for f in files {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partition = f.parent().filter(|d| hive_dir(d));
        let (key, layout) = match partition.and_then(Path::parent) {
            Some(dataset) => {
                let run = dataset.parent().unwrap_or(Path::new("")).to_path_buf();
                let name = dataset
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ((run, name), Layout::Hive)
            }
            None => {
                let run = f.parent().unwrap_or(Path::new("")).to_path_buf();
                let stem = f
                    .file_stem()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ((run, stem), Layout::Flat)
            }
        };
        let t = tables.entry(key).or_default();
        match (layout, ext.as_str()) {
            (Layout::Hive, _) => t.hive.push(f),
            (Layout::Flat, "parquet") => t.parquet.push(f),
            _ => t.jsonl.push(f),
        }
    }
    let mut out = Vec::new();
    for ((run, name), t) in tables {
        if !t.hive.is_empty() && !t.parquet.is_empty() {
            bail!(
                "{}: holds both a flat {name}.parquet and a partitioned {name}/ dataset (from different runs); reading both would count the figures twice. Give one of them with --figures, or remove the other",
                run.display()
            );
        }
        // The same table in two formats: read it once, from parquet.
        if !t.hive.is_empty() {
            out.extend(t.hive);
        } else if !t.parquet.is_empty() {
            out.extend(t.parquet);
        } else {
            out.extend(t.jsonl);
        }
    }
    out.sort();
    if out.is_empty() {
        bail!(
            "{}: no figures*.parquet or figures*.jsonl files",
            path.display()
        );
    }
    Ok(out)
}

/// The files of one figures table, by layout and format.
#[derive(Default)]
struct Table {
    hive: Vec<PathBuf>,
    parquet: Vec<PathBuf>,
    jsonl: Vec<PathBuf>,
}

#[derive(Clone, Copy)]
enum Layout {
    Hive,
    Flat,
}

/// A hive partition folder (`year=2019`).
fn hive_dir(dir: &Path) -> bool {
    dir.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("year="))
}

fn collect_tables(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot read folder: {e}", dir.display()))?
    {
        let p = e?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            collect_tables(&p, out)?;
        } else if (name.ends_with(".parquet") || name.ends_with(".jsonl"))
            && (name.starts_with("figures") || name.starts_with("part-"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// The year of a hive partition folder (`year=2019`).
fn hive_year(file: &Path) -> Option<i32> {
    file.parent()?
        .file_name()?
        .to_str()?
        .strip_prefix("year=")?
        .parse()
        .ok()
}

/// The figures of `path` (see [`figure_files`]) as one lazy frame with the
/// columns year over year reads, typed alike whatever the file format, and
/// a `row` column numbering the figures in input order.
pub fn scan_figures(path: &Path) -> Result<LazyFrame> {
    Ok(scan_figure_columns(path, &figure_columns())?.with_row_index("row", None))
}

/// The figures of `path` (see [`figure_files`]) as one lazy frame of the
/// given columns, cast to the given types. `year` comes from the hive
/// partition where a file has no such column; `part_of`, `label`, `org` and
/// `value_max` may be missing (null).
pub fn scan_figure_columns(path: &Path, columns: &[(&str, DataType)]) -> Result<LazyFrame> {
    let mut frames = Vec::new();
    for file in figure_files(path)? {
        let at = file.display().to_string();
        let lf: PolarsResult<LazyFrame> = if file.extension().is_some_and(|e| e == "parquet") {
            LazyFrame::scan_parquet(at.as_str().into(), ScanArgsParquet::default())
        } else {
            LazyJsonLineReader::new(at.as_str().into())
                .with_infer_schema_length(None)
                .finish()
        };
        let lf = lf.map_err(|e| anyhow::anyhow!("{at}: not a readable figures table: {e}"))?;
        frames.push(select_columns(lf, &at, hive_year(&file), columns)?);
    }
    Ok(concat(
        frames,
        UnionArgs {
            rechunk: false,
            ..UnionArgs::default()
        },
    )?)
}

/// The figures of a frame already in memory (the Python package's
/// `solieu.yoy`), as [`scan_figures`] gives those of files.
pub fn figures_of_frame(df: DataFrame) -> Result<LazyFrame> {
    Ok(select_figures(df.lazy(), "figures", None)?.with_row_index("row", None))
}

/// The columns year over year reads of one figures table `at`, typed alike
/// whatever the format; `year` is the hive partition's year where the
/// table has no such column.
fn select_figures(lf: LazyFrame, at: &str, year: Option<i32>) -> Result<LazyFrame> {
    select_columns(lf, at, year, &figure_columns())
}

/// `columns` of the figures table `at`, as [`scan_figure_columns`] reads them.
fn select_columns(
    mut lf: LazyFrame,
    at: &str,
    year: Option<i32>,
    wanted: &[(&str, DataType)],
) -> Result<LazyFrame> {
    let unreadable = |e: PolarsError| anyhow::anyhow!("{at}: not a readable figures table: {e}");
    let schema = lf.collect_schema().map_err(unreadable)?;
    let mut columns = Vec::new();
    for (name, dtype) in wanted {
        let name = *name;
        let c = if schema.contains(name) {
            col(name).strict_cast(dtype.clone())
        } else if name == "year" {
            match year {
                Some(y) => lit(y),
                None => lit(NULL),
            }
            .cast(dtype.clone())
        } else if matches!(name, "part_of" | "label" | "org" | "value_max") {
            lit(NULL).cast(dtype.clone())
        } else {
            bail!("{at}: not a figures table (no `{name}` column)");
        };
        columns.push(c.alias(name));
    }
    Ok(lf.select(columns))
}

/// The metrics of `pack` as a frame: id and aggregate.
fn metrics_frame(pack: &RulePack) -> PolarsResult<LazyFrame> {
    let ids: Vec<&str> = pack.metrics.iter().map(|m| m.id.as_str()).collect();
    let aggs: Vec<&str> = pack.metrics.iter().map(|m| m.aggregate.as_str()).collect();
    Ok(DataFrame::new(
        ids.len(),
        vec![
            Column::new("metric".into(), ids),
            Column::new("aggregate".into(), aggs),
        ],
    )?
    .lazy())
}

/// The year-over-year query over `figures` (as [`scan_figures`] gives
/// them), sorted by org, metric, label, modality, unit, year; its columns
/// are `YOY_COLUMNS`.
///
/// Every step over the figures themselves is a group-by with streamable
/// aggregations (len, min, max, sum), so the streaming engine holds one
/// small record per article and value, never the figures: the memory a
/// year-over-year table takes grows with the distinct reports, not with
/// the size of the dataset.
pub fn yoy_query(figures: LazyFrame, pack: &RulePack) -> PolarsResult<LazyFrame> {
    const SERIES: [&str; 5] = ["org", "metric", "label", "modality", "unit"];
    let cols = |names: &[&str]| names.iter().map(|c| col(*c)).collect::<Vec<_>>();
    let keys = || {
        let mut k = cols(&SERIES);
        k.push(col("year"));
        k
    };
    let with = |extra: &[&str]| {
        let mut k = keys();
        k.extend(cols(extra));
        k
    };
    // Labels split the rows only where the metric says so.
    let by_label = pack
        .metrics
        .iter()
        .filter(|m| m.by_label)
        .fold(lit(false), |e, m| {
            e.or(col("metric").eq(lit(m.id.as_str())))
        });
    let figures = figures
        .filter(col("year").is_not_null().and(col("part_of").is_null()))
        .with_column(
            when(by_label)
                .then(col("label"))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias("label"),
        );
    // One record per article and value reported: how often the article
    // reports it, and where it first does.
    let reports = figures
        .group_by(with(&["article_id", "value"]))
        .agg([len().alias("n"), col("row").min().alias("row")]);
    // Per year: the latest report is the first figure of the article that
    // starts last (an article's figures are adjacent, in input order).
    let articles = reports
        .clone()
        .group_by(with(&["article_id"]))
        .agg([col("row").min()])
        .group_by(keys())
        .agg([
            col("row").max().alias("latest_row"),
            len().cast(DataType::Int64).alias("n_articles"),
        ]);
    let mut exact = JoinArgs::new(JoinType::Inner);
    exact.nulls_equal = true;
    let mut latest_keys = keys();
    latest_keys.push(col("latest_row"));
    let mut report_keys = keys();
    report_keys.push(col("row"));
    let latest = articles.join(
        reports.clone().select(with(&["row", "value"])),
        latest_keys,
        report_keys,
        exact.clone(),
    );
    // The sum of distinct reports: a value counts as often as the article
    // that reports it most often.
    let totals = reports
        .group_by(with(&["value"]))
        .agg([col("n").max()])
        .group_by(keys())
        .agg([
            (col("value") * col("n").cast(DataType::Float64))
                .sum()
                .alias("sum"),
            col("value").max().alias("max"),
        ]);
    let per_year = latest
        .select(with(&["n_articles", "value"]))
        .join(totals, keys(), keys(), exact)
        .left_join(metrics_frame(pack)?, col("metric"), col("metric"));
    let value = when(col("aggregate").eq(lit(Aggregate::Sum.as_str())))
        .then(col("sum"))
        .when(col("aggregate").eq(lit(Aggregate::Max.as_str())))
        .then(col("max"))
        .otherwise(col("value"));
    let prev = |c: &str| col(c).shift(lit(1)).over(cols(&SERIES));
    let mut order: Vec<&str> = SERIES.to_vec();
    order.push("year");
    Ok(per_year
        .with_column(value.alias("value"))
        .sort(order, SortMultipleOptions::default())
        .with_columns([
            prev("year")?.alias("prev_year"),
            prev("value")?.alias("prev_value"),
        ])
        .with_columns([
            (col("value") - col("prev_value")).alias("change"),
            when(col("prev_value").neq(lit(0.0)))
                .then((col("value") - col("prev_value")) / col("prev_value") * lit(100.0))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("pct_change"),
        ])
        .select(cols(YOY_COLUMNS)))
}

/// Filters of a year-over-year table.
#[derive(Clone, Debug, Default)]
pub struct YoyFilter {
    /// Only this metric.
    pub metric: Option<String>,
    /// Only organisations whose name contains this (any case).
    pub org: Option<String>,
}

/// The year-over-year table of the figures at `path`, computed on the
/// streaming engine.
pub fn yoy(path: &Path, pack: &RulePack, filter: &YoyFilter) -> Result<DataFrame> {
    yoy_of(scan_figures(path)?, pack, filter)
}

/// The year-over-year table of `figures` (as [`scan_figures`] or
/// [`figures_of_frame`] give them), computed on the streaming engine.
pub fn yoy_of(figures: LazyFrame, pack: &RulePack, filter: &YoyFilter) -> Result<DataFrame> {
    let mut figures = figures;
    if let Some(m) = &filter.metric {
        figures = figures.filter(col("metric").eq(lit(m.as_str())));
    }
    let df = yoy_query(figures, pack)?.collect_with_engine(Engine::Streaming);
    let df = df
        .map_err(|e| anyhow::anyhow!("year over year: {e}"))?
        .unwrap_single();
    let Some(o) = &filter.org else {
        return Ok(df);
    };
    // The table is small: the organisation filter runs on its rows.
    let o = o.to_lowercase();
    let orgs = df.column("org")?.str()?;
    let keep: BooleanChunked = orgs
        .iter()
        .map(|n| n.is_some_and(|n| n.to_lowercase().contains(&o)))
        .collect();
    Ok(df.filter(&keep)?)
}

/// The rows of a year-over-year frame.
pub fn rows(df: &DataFrame) -> Result<Vec<YoyRow>> {
    let s = |c: &str| -> Result<StringChunked> { Ok(df.column(c)?.str()?.clone()) };
    let f = |c: &str| -> Result<Float64Chunked> {
        Ok(df.column(c)?.cast(&DataType::Float64)?.f64()?.clone())
    };
    let i = |c: &str| -> Result<Int64Chunked> {
        Ok(df.column(c)?.cast(&DataType::Int64)?.i64()?.clone())
    };
    let (org, metric, label, modality, unit) = (
        s("org")?,
        s("metric")?,
        s("label")?,
        s("modality")?,
        s("unit")?,
    );
    let (year, prev_year, n) = (i("year")?, i("prev_year")?, i("n_articles")?);
    let (value, prev, change, pct) = (
        f("value")?,
        f("prev_value")?,
        f("change")?,
        f("pct_change")?,
    );
    let mut out = Vec::with_capacity(df.height());
    for k in 0..df.height() {
        out.push(YoyRow {
            org: org.get(k).map(str::to_string),
            metric: metric.get(k).unwrap_or_default().to_string(),
            label: label.get(k).map(str::to_string),
            modality: if modality.get(k) == Some("target") {
                Modality::Target
            } else {
                Modality::Actual
            },
            unit: unit.get(k).unwrap_or_default().to_string(),
            year: year.get(k).unwrap_or_default() as i32,
            value: value.get(k).unwrap_or_default(),
            prev_year: prev_year.get(k).map(|y| y as i32),
            prev_value: prev.get(k),
            change: change.get(k),
            pct_change: pct.get(k),
            n_articles: n.get(k).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Format a number for people: integers without decimals, others with two.
pub fn human(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The year-over-year table as aligned text.
pub fn render(rows: &[YoyRow]) -> String {
    // The table's columns but the unit, which the value's metric implies.
    let header: Vec<&str> = YOY_COLUMNS
        .iter()
        .copied()
        .filter(|c| *c != "unit")
        .collect();
    let cells: Vec<[String; 11]> = rows
        .iter()
        .map(|r| {
            [
                r.org.clone().unwrap_or_else(|| "-".into()),
                r.metric.clone(),
                r.label.clone().unwrap_or_else(|| "-".into()),
                r.modality.as_str().to_string(),
                r.year.to_string(),
                human(r.value),
                r.prev_year.map_or("-".into(), |y| y.to_string()),
                r.prev_value.map_or("-".into(), human),
                r.change.map_or("-".into(), |c| {
                    let s = human(c);
                    if c > 0.0 {
                        format!("+{s}")
                    } else {
                        s
                    }
                }),
                r.pct_change.map_or("-".into(), |p| format!("{p:+.1}%")),
                r.n_articles.to_string(),
            ]
        })
        .collect();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, row: &[String]| {
        for (i, c) in row.iter().enumerate() {
            let pad = width[i] - c.chars().count();
            let numeric = i >= 4;
            if i > 0 {
                out.push_str("  ");
            }
            if numeric {
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            } else {
                out.push_str(c);
                if i + 1 < row.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
        }
        out.push('\n');
    };
    line(
        &mut out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for row in &cells {
        line(&mut out, row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(extra: &str) -> RulePack {
        let mut sources = crate::rules::builtin_sources().expect("built-in pack");
        if !extra.is_empty() {
            sources.extend(
                crate::rules::load_sources(vec![("extra.toml".into(), extra.to_string())])
                    .expect("extra pack"),
            );
        }
        RulePack::compile(sources).expect("pack")
    }

    /// Figures: (article, metric, value, label, year, org, modality, part_of).
    type Fig<'a> = (
        &'a str,
        &'a str,
        f64,
        Option<&'a str>,
        Option<i32>,
        Option<&'a str>,
        &'a str,
        Option<i64>,
    );

    fn figures(rows: &[Fig<'_>]) -> LazyFrame {
        figures_in(rows, &vec!["u"; rows.len()])
    }

    /// Figures whose units are `units`, one per row.
    fn figures_in(rows: &[Fig<'_>], units: &[&str]) -> LazyFrame {
        let n = rows.len();
        let df = DataFrame::new(
            n,
            vec![
                Column::new(
                    "article_id".into(),
                    rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    "metric".into(),
                    rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                ),
                Column::new("value".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
                Column::new("label".into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
                Column::new("year".into(), rows.iter().map(|r| r.4).collect::<Vec<_>>()),
                Column::new("org".into(), rows.iter().map(|r| r.5).collect::<Vec<_>>()),
                Column::new(
                    "modality".into(),
                    rows.iter().map(|r| r.6).collect::<Vec<_>>(),
                ),
                Column::new("unit".into(), units.to_vec()),
                Column::new(
                    "part_of".into(),
                    rows.iter().map(|r| r.7).collect::<Vec<_>>(),
                ),
            ],
        )
        .expect("frame");
        df.lazy().with_row_index("row", None)
    }

    fn table(pack: &RulePack, figs: &[Fig<'_>]) -> Vec<YoyRow> {
        run(pack, figures(figs), Engine::Streaming)
    }

    fn run(pack: &RulePack, figures: LazyFrame, engine: Engine) -> Vec<YoyRow> {
        let df = yoy_query(figures, pack)
            .expect("query")
            .collect_with_engine(engine)
            .expect("collect")
            .unwrap_single();
        rows(&df).expect("rows")
    }

    #[test]
    fn quantities_in_different_units_are_never_added() {
        let pack = pack("");
        let figs: Vec<Fig<'_>> = vec![
            (
                "a",
                "measure",
                5.0,
                Some("lúa"),
                Some(2020),
                X,
                "actual",
                None,
            ),
            (
                "a",
                "measure",
                7.0,
                Some("lúa"),
                Some(2020),
                X,
                "actual",
                None,
            ),
            (
                "b",
                "measure",
                3.0,
                Some("lúa"),
                Some(2021),
                X,
                "actual",
                None,
            ),
        ];
        let got = run(
            &pack,
            figures_in(&figs, &["tấn", "ha", "tấn"]),
            Engine::Streaming,
        );
        let cells: Vec<(&str, i32, f64, Option<i32>)> = got
            .iter()
            .map(|r| (r.unit.as_str(), r.year, r.value, r.prev_year))
            .collect();
        assert_eq!(
            cells,
            [
                ("ha", 2020, 7.0, None),
                ("tấn", 2020, 5.0, None),
                ("tấn", 2021, 3.0, Some(2020))
            ]
        );
    }

    /// The streaming engine gives the in-memory engine's table, on figures
    /// made to collide: few articles, orgs, labels, values and years.
    #[test]
    fn streaming_and_in_memory_engines_agree() {
        let pack = pack("");
        let (articles, metrics) = (
            ["a", "b", "c", "d", "e", "f"],
            ["members", "awards", "count", "percent"],
        );
        let (labels, orgs) = ([None, Some("x"), Some("y")], [None, X, Some("Công đoàn Y")]);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut figs: Vec<Fig<'_>> = Vec::new();
        for i in 0..3000 {
            // Articles stay adjacent, as in a figures table.
            let article = articles[(i / 50) % articles.len()];
            figs.push((
                article,
                metrics[next(metrics.len())],
                (next(5) * 10) as f64,
                labels[next(labels.len())],
                [None, Some(2018), Some(2019), Some(2020)][next(4)],
                orgs[next(orgs.len())],
                ["actual", "target"][next(2)],
                (next(10) == 0).then_some(1),
            ));
        }
        let streamed = run(&pack, figures(&figs), Engine::Streaming);
        let in_memory = run(&pack, figures(&figs), Engine::InMemory);
        assert!(streamed.len() > 50, "{} rows", streamed.len());
        assert_eq!(streamed, in_memory);
    }

    /// (org, metric, label, modality, year, value, prev_year, prev_value, change, pct, n).
    type Want<'a> = (
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        &'a str,
        i32,
        f64,
        Option<i32>,
        Option<f64>,
        Option<f64>,
        Option<f64>,
        i64,
    );

    fn check(got: &[YoyRow], want: &[Want<'_>]) {
        let got: Vec<Want<'_>> = got
            .iter()
            .map(|r| {
                (
                    r.org.as_deref(),
                    r.metric.as_str(),
                    r.label.as_deref(),
                    r.modality.as_str(),
                    r.year,
                    r.value,
                    r.prev_year,
                    r.prev_value,
                    r.change,
                    r.pct_change,
                    r.n_articles,
                )
            })
            .collect();
        assert_eq!(got, want);
    }

    const X: Option<&str> = Some("Công đoàn X");

    #[test]
    fn stocks_take_the_latest_report_flows_sum_distinct_reports() {
        let pack = pack("");
        let got = table(
            &pack,
            &[
                // members: a stock; 2017's latest article is b, whose first report is 120.
                ("a", "members", 100.0, None, Some(2017), X, "actual", None),
                ("b", "members", 120.0, None, Some(2017), X, "actual", None),
                ("b", "members", 125.0, None, Some(2017), X, "actual", None),
                ("c", "members", 90.0, None, Some(2019), X, "actual", None),
                ("c", "members", 500.0, None, Some(2019), X, "target", None),
                // awards: a flow; two 1s in a, the same 1 republished in b, and a 9.
                (
                    "a",
                    "awards",
                    1.0,
                    Some("bằng khen"),
                    Some(2017),
                    X,
                    "actual",
                    None,
                ),
                (
                    "a",
                    "awards",
                    1.0,
                    Some("bằng khen"),
                    Some(2017),
                    X,
                    "actual",
                    None,
                ),
                (
                    "b",
                    "awards",
                    1.0,
                    Some("bằng khen"),
                    Some(2017),
                    X,
                    "actual",
                    None,
                ),
                (
                    "b",
                    "awards",
                    9.0,
                    Some("bằng khen"),
                    Some(2017),
                    X,
                    "actual",
                    None,
                ),
                (
                    "b",
                    "awards",
                    4.0,
                    Some("giấy khen"),
                    Some(2017),
                    X,
                    "actual",
                    None,
                ),
                // No year: not placed.
                (
                    "d",
                    "awards",
                    7.0,
                    Some("bằng khen"),
                    None,
                    X,
                    "actual",
                    None,
                ),
            ],
        );
        check(
            &got,
            &[
                (
                    X,
                    "awards",
                    Some("bằng khen"),
                    "actual",
                    2017,
                    11.0,
                    None,
                    None,
                    None,
                    None,
                    2,
                ),
                (
                    X,
                    "awards",
                    Some("giấy khen"),
                    "actual",
                    2017,
                    4.0,
                    None,
                    None,
                    None,
                    None,
                    1,
                ),
                (
                    X, "members", None, "actual", 2017, 120.0, None, None, None, None, 2,
                ),
                (
                    X,
                    "members",
                    None,
                    "actual",
                    2019,
                    90.0,
                    Some(2017),
                    Some(120.0),
                    Some(-30.0),
                    Some(-25.0),
                    1,
                ),
                (
                    X, "members", None, "target", 2019, 500.0, None, None, None, None, 1,
                ),
            ],
        );
    }

    #[test]
    fn parts_are_never_added_and_percentages_compare_within_a_label() {
        let pack = pack("");
        let got = table(
            &pack,
            &[
                // 95 homes, of which 90 and 5: the year's value is 95, not 190.
                (
                    "a",
                    "count",
                    95.0,
                    Some("mái ấm"),
                    Some(2019),
                    None,
                    "actual",
                    None,
                ),
                (
                    "a",
                    "count",
                    90.0,
                    Some("mái ấm"),
                    Some(2019),
                    None,
                    "actual",
                    Some(10),
                ),
                (
                    "a",
                    "count",
                    5.0,
                    Some("mái ấm"),
                    Some(2019),
                    None,
                    "actual",
                    Some(10),
                ),
                (
                    "b",
                    "count",
                    100.0,
                    Some("mái ấm"),
                    Some(2020),
                    None,
                    "actual",
                    None,
                ),
                // Shares of different things are different rows.
                (
                    "a",
                    "percent",
                    98.0,
                    Some("kế hoạch"),
                    Some(2019),
                    None,
                    "actual",
                    None,
                ),
                (
                    "b",
                    "percent",
                    100.0,
                    Some("công đoàn cơ sở"),
                    Some(2020),
                    None,
                    "actual",
                    None,
                ),
                (
                    "c",
                    "percent",
                    90.0,
                    Some("công đoàn cơ sở"),
                    Some(2021),
                    None,
                    "actual",
                    None,
                ),
            ],
        );
        check(
            &got,
            &[
                (
                    None,
                    "count",
                    Some("mái ấm"),
                    "actual",
                    2019,
                    95.0,
                    None,
                    None,
                    None,
                    None,
                    1,
                ),
                (
                    None,
                    "count",
                    Some("mái ấm"),
                    "actual",
                    2020,
                    100.0,
                    Some(2019),
                    Some(95.0),
                    Some(5.0),
                    Some(5.0 / 95.0 * 100.0),
                    1,
                ),
                (
                    None,
                    "percent",
                    Some("công đoàn cơ sở"),
                    "actual",
                    2020,
                    100.0,
                    None,
                    None,
                    None,
                    None,
                    1,
                ),
                (
                    None,
                    "percent",
                    Some("công đoàn cơ sở"),
                    "actual",
                    2021,
                    90.0,
                    Some(2020),
                    Some(100.0),
                    Some(-10.0),
                    Some(-10.0),
                    1,
                ),
                (
                    None,
                    "percent",
                    Some("kế hoạch"),
                    "actual",
                    2019,
                    98.0,
                    None,
                    None,
                    None,
                    None,
                    1,
                ),
            ],
        );
    }

    #[test]
    fn labels_split_only_where_the_metric_says_and_max_takes_the_largest() {
        let pack = pack("[[metric]]\nid = \"peak\"\nunit = \"u\"\naggregate = \"max\"\n");
        let got = table(
            &pack,
            &[
                // unions: no labels, whatever a figure carries.
                (
                    "a",
                    "unions",
                    60.0,
                    Some("x"),
                    Some(2018),
                    X,
                    "actual",
                    None,
                ),
                (
                    "b",
                    "unions",
                    62.0,
                    Some("y"),
                    Some(2018),
                    X,
                    "actual",
                    None,
                ),
                ("a", "peak", 3.0, None, Some(2018), X, "actual", None),
                ("b", "peak", 8.0, None, Some(2018), X, "actual", None),
                ("c", "peak", 5.0, None, Some(2018), X, "actual", None),
                ("c", "peak", 0.0, None, Some(2017), X, "actual", None),
            ],
        );
        check(
            &got,
            &[
                (
                    X, "peak", None, "actual", 2017, 0.0, None, None, None, None, 1,
                ),
                (
                    X,
                    "peak",
                    None,
                    "actual",
                    2018,
                    8.0,
                    Some(2017),
                    Some(0.0),
                    Some(8.0),
                    None,
                    3,
                ),
                (
                    X, "unions", None, "actual", 2018, 62.0, None, None, None, None, 2,
                ),
            ],
        );
    }
}
