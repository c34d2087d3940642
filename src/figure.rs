//! The rows solieu produces: one [`Figure`] per extracted figure and one
//! [`ArticleInfo`] per input record. Their columns are the output contract
//! described in DESIGN.md; [`FIGURE_COLUMNS`] and [`ARTICLE_COLUMNS`] fix the
//! order in every output format.

use crate::number::Qualifier;
use serde::Serialize;

/// Column order of `figures.*`.
pub const FIGURE_COLUMNS: &[&str] = &[
    "article_id",
    "source",
    "metric",
    "value",
    "value_max",
    "total",
    "qualifier",
    "unit",
    "label",
    "year",
    "org",
    "modality",
    "rule",
    "text",
    "start",
    "end",
    "sentence",
    "part_of",
];

/// Column order of `articles.*`.
pub const ARTICLE_COLUMNS: &[&str] = &[
    "article_id",
    "source",
    "title",
    "published",
    "published_time",
    "year",
    "org",
    "author",
    "encoding",
    "chars",
    "figures",
    "status",
    "detail",
];

/// Column order of `yoy.*`.
pub const YOY_COLUMNS: &[&str] = &[
    "org",
    "metric",
    "label",
    "modality",
    "unit",
    "year",
    "value",
    "prev_year",
    "prev_value",
    "change",
    "pct_change",
    "n_articles",
];

/// Whether a figure reports what happened or what is aimed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Actual,
    Target,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Actual => "actual",
            Modality::Target => "target",
        }
    }
}

/// One extracted figure, with offsets into the article's normalised text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub metric: String,
    pub value: f64,
    pub value_max: Option<f64>,
    /// The whole of a fraction ("215/340 trường": 340).
    pub total: Option<f64>,
    pub qualifier: Qualifier,
    pub unit: String,
    pub label: Option<String>,
    pub year: Option<i32>,
    pub org: Option<String>,
    pub modality: Modality,
    pub rule: String,
    /// Byte offsets of the matched span in the normalised text.
    pub start: u32,
    pub end: u32,
    /// Byte range of the sentence the figure came from.
    pub sentence: (u32, u32),
    /// For a part of a total just given ("trong đó …"), the total's start.
    pub part_of: Option<u32>,
}

/// Why an input record did or did not yield figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Read, decoded and processed.
    Ok,
    /// Processed, but invalid UTF-8 had to be replaced (see `detail`).
    DecodedLossy,
    /// Nothing but whitespace.
    Empty,
    /// Not text (NUL bytes or mostly control characters).
    Binary,
    /// A JSON Lines record that could not be read (see `detail`).
    BadJson,
    /// Larger than the configured limit.
    TooLarge,
    /// Any other failure (see `detail`).
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::DecodedLossy => "decoded_lossy",
            Status::Empty => "empty",
            Status::Binary => "binary",
            Status::BadJson => "bad_json",
            Status::TooLarge => "too_large",
            Status::Error => "error",
        }
    }

    /// Statuses whose figures were still extracted.
    pub fn processed(self) -> bool {
        matches!(self, Status::Ok | Status::DecodedLossy)
    }
}

/// One row of `articles.*`.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleInfo {
    pub article_id: String,
    pub source: String,
    pub title: Option<String>,
    /// ISO 8601 date (`2019-09-03`) or date and time (`2019-09-03T15:07`).
    pub published: Option<String>,
    /// The year the article reports on (publication year, else the year it is about).
    pub year: Option<i32>,
    pub org: Option<String>,
    pub author: Option<String>,
    pub encoding: String,
    /// Characters of normalised text.
    pub chars: i64,
    pub figures: i64,
    pub status: Status,
    pub detail: Option<String>,
}

/// Everything the pipeline knows about one article after extraction.
#[derive(Clone, Debug)]
pub struct Processed {
    pub info: ArticleInfo,
    /// The normalised text all offsets refer to.
    pub text: String,
    pub figures: Vec<Figure>,
}

impl Processed {
    /// The matched span of a figure.
    pub fn span(&self, f: &Figure) -> &str {
        self.text
            .get(f.start as usize..f.end as usize)
            .unwrap_or_default()
    }

    /// The sentence a figure came from, on one line.
    pub fn sentence(&self, f: &Figure) -> &str {
        self.text
            .get(f.sentence.0 as usize..f.sentence.1 as usize)
            .unwrap_or_default()
    }
}

/// One row of `yoy.*`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct YoyRow {
    pub org: Option<String>,
    pub metric: String,
    pub label: Option<String>,
    pub modality: Modality,
    pub unit: String,
    pub year: i32,
    pub value: f64,
    pub prev_year: Option<i32>,
    pub prev_value: Option<f64>,
    pub change: Option<f64>,
    pub pct_change: Option<f64>,
    pub n_articles: i64,
}

/// One row of `figures.*`, borrowed from the processed article: what every
/// output format writes.
#[derive(Clone, Serialize)]
pub struct FigureRow<'a> {
    pub article_id: &'a str,
    pub source: &'a str,
    pub metric: &'a str,
    pub value: f64,
    pub value_max: Option<f64>,
    pub total: Option<f64>,
    pub qualifier: &'static str,
    pub unit: &'a str,
    pub label: Option<&'a str>,
    pub year: Option<i32>,
    pub org: Option<&'a str>,
    pub modality: &'static str,
    pub rule: &'a str,
    pub text: &'a str,
    pub start: i64,
    pub end: i64,
    pub sentence: &'a str,
    pub part_of: Option<i64>,
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
                total: f.total,
                qualifier: f.qualifier.as_str(),
                unit: &f.unit,
                label: f.label.as_deref(),
                year: f.year,
                org: f.org.as_deref(),
                modality: f.modality.as_str(),
                rule: &f.rule,
                text: p.span(f),
                start: i64::from(f.start),
                end: i64::from(f.end),
                sentence: p.sentence(f),
                part_of: f.part_of.map(i64::from),
            });
        }
    }
    rows
}

/// One row of `articles.*`.
#[derive(Serialize)]
pub struct ArticleRow<'a> {
    pub article_id: &'a str,
    pub source: &'a str,
    pub title: Option<&'a str>,
    /// The publication date (`2019-09-03`), null when no day is known.
    pub published: Option<String>,
    /// The publication time (`15:07:00`), null when none is known.
    pub published_time: Option<String>,
    pub year: Option<i32>,
    pub org: Option<&'a str>,
    pub author: Option<&'a str>,
    pub encoding: &'a str,
    pub chars: i64,
    pub figures: i64,
    pub status: &'static str,
    pub detail: Option<&'a str>,
}

/// Article rows of a batch.
pub fn article_rows(batch: &[Processed]) -> Vec<ArticleRow<'_>> {
    batch
        .iter()
        .map(|p| {
            let a = &p.info;
            let (date, time) = a.published.as_deref().map_or((None, None), published_parts);
            ArticleRow {
                article_id: &a.article_id,
                source: &a.source,
                title: a.title.as_deref(),
                published: date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
                published_time: time.map(|(h, mi, s)| format!("{h:02}:{mi:02}:{s:02}")),
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

/// A civil date: year, month, day.
pub type Ymd = (i32, u32, u32);
/// A time of day: hour, minute, second.
pub type Hms = (u32, u32, u32);

/// The date and time of a publication stamp as records and pages write it:
/// ISO (`2019-09-03`, `2019-09-03T15:07`, `2019-09-03 15:07:12+07:00`) or
/// day first (`03/09/2019`, `3-9-2019 15:07`). A month alone (`2021-01`) or
/// anything else gives no date.
pub fn published_parts(s: &str) -> (Option<Ymd>, Option<Hms>) {
    let s = s.trim();
    let num = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date_part, rest) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let fields: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let ymd = |y: &str, m: &str, d: &str| Some((num(y)?, num(m)?, num(d)?));
    let date = match fields.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d),
        [d, m, y] if y.len() == 4 => ymd(y, m, d),
        _ => None,
    }
    .filter(|&(y, m, d)| {
        (1000..=9999).contains(&y)
            && (1..=12).contains(&m)
            && (1..=days_in_month(y, m)).contains(&d)
    })
    .map(|(y, m, d)| (y as i32, m, d));
    let time = date.and_then(|_| {
        let clock = rest.split(['+', 'Z', 'z']).next().unwrap_or("");
        let mut parts = clock.split(':');
        let h = num(parts.next()?)?;
        let mi = num(parts.next()?)?;
        let sec = parts
            .next()
            .map_or(Some(0), |x| num(x.split('.').next().unwrap_or("")))?;
        (h < 24 && mi < 60 && sec < 61).then_some((h, mi, sec.min(59)))
    });
    (date, time)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_since_epoch(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_stamps() {
        assert_eq!(published_parts("2019-09-03"), (Some((2019, 9, 3)), None));
        assert_eq!(
            published_parts("2019-09-03T15:07"),
            (Some((2019, 9, 3)), Some((15, 7, 0)))
        );
        assert_eq!(
            published_parts("03/09/2019 15:07:12"),
            (Some((2019, 9, 3)), Some((15, 7, 12)))
        );
        assert_eq!(
            published_parts("2019-09-03 15:07:12+07:00"),
            (Some((2019, 9, 3)), Some((15, 7, 12)))
        );
        for s in ["2021-01", "2019-02-30", "hôm qua", "", "2019-13-01"] {
            assert_eq!(published_parts(s), (None, None), "{s}");
        }
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_since_epoch(1970, 1, 1), 0);
        assert_eq!(days_since_epoch(2000, 3, 1), 11_017);
        assert_eq!(days_since_epoch(1969, 12, 31), -1);
        assert_eq!(days_since_epoch(2024, 2, 29), 19_782);
    }
}
