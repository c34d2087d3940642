//! Polars frames: the figures, articles and year-over-year rows as
//! DataFrames with the contract's column names and types.
//!
//! Polars stays behind this module, `analysis` and `export`.

use crate::figure::{ArticleRow, FigureRow, YoyRow, ARTICLE_COLUMNS, FIGURE_COLUMNS, YOY_COLUMNS};
use anyhow::Result;
use polars::prelude::*;

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

/// A date column (`YYYY-MM-DD` strings; the rows give only valid dates).
fn date_col<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> PolarsResult<Column> {
    let days: Vec<Option<i32>> = values
        .map(|v| {
            let (date, _) = crate::figure::published_parts(v?);
            date.map(|(y, m, d)| crate::figure::days_since_epoch(y, m, d))
        })
        .collect();
    Ok(Series::new(name.into(), days)
        .cast(&DataType::Date)?
        .into_column())
}

/// A time-of-day column (`HH:MM:SS` strings).
fn time_col<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> PolarsResult<Column> {
    let nanos: Vec<Option<i64>> = values
        .map(|v| {
            let mut p = v?.split(':').map(|x| x.parse::<i64>().ok());
            let (h, m, s) = (p.next()??, p.next()??, p.next()??);
            Some(((h * 60 + m) * 60 + s) * 1_000_000_000)
        })
        .collect();
    Ok(Series::new(name.into(), nanos)
        .cast(&DataType::Time)?
        .into_column())
}

/// The articles frame of `articles.*` rows.
pub fn articles_frame(rows: &[ArticleRow<'_>]) -> Result<DataFrame> {
    let columns = vec![
        field("article_id", rows, |r| r.article_id),
        field("source", rows, |r| r.source),
        field("title", rows, |r| r.title),
        date_col("published", rows.iter().map(|r| r.published.as_deref()))?,
        time_col(
            "published_time",
            rows.iter().map(|r| r.published_time.as_deref()),
        )?,
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
