//! Year over year: one value per organisation × metric (× label, for metrics
//! that count different things) × modality × year, and its change from the
//! previous year that has a value.
//!
//! How a year's reports become one value is the metric's `aggregate` in the
//! rule pack: `latest` (stocks: the last report in input order), `sum` (flows:
//! the sum of distinct reports: every figure of an article, but a value
//! reported again by other articles only once) or `max`. Actual figures and targets
//! are kept apart: a target never enters an actual value. Figures without a
//! year cannot be placed and are left out.

use crate::figure::{Modality, Processed, YOY_COLUMNS};
use crate::frame::FigureRecord;
use crate::rules::{Aggregate, RulePack};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    pub n_articles: u32,
}

#[derive(Clone, Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }
    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(u32::MAX, |s| self.id(s))
    }
    fn name(&self, i: u32) -> Option<&str> {
        self.names.get(i as usize).map(String::as_str)
    }
}

/// A compact figure: what year over year needs, interned.
#[derive(Clone, Copy, Debug)]
struct Rec {
    org: u32,
    metric: u32,
    label: u32,
    unit: u32,
    target: bool,
    year: i32,
    value: f64,
    article: u32,
}

/// Figures collected for year over year, small enough to hold for a whole
/// corpus (about 40 bytes a figure).
#[derive(Clone, Debug, Default)]
pub struct YoyInput {
    strings: Interner,
    articles: Interner,
    recs: Vec<Rec>,
}

impl YoyInput {
    /// Add the dated figures of an article.
    pub fn add(&mut self, p: &Processed, pack: &RulePack) {
        for f in &p.figures {
            self.push(
                pack,
                &p.info.article_id,
                &f.metric,
                f.value,
                f.label.as_deref(),
                f.year,
                f.org.as_deref(),
                f.modality == Modality::Target,
                &f.unit,
                f.part_of.is_some(),
            );
        }
    }

    /// Add figures read back from a table.
    pub fn add_records(&mut self, rows: &[FigureRecord], pack: &RulePack) {
        for f in rows {
            self.push(
                pack,
                &f.article_id,
                &f.metric,
                f.value,
                f.label.as_deref(),
                f.year,
                f.org.as_deref(),
                f.modality == "target",
                &f.unit,
                f.part_of.is_some(),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        pack: &RulePack,
        article: &str,
        metric: &str,
        value: f64,
        label: Option<&str>,
        year: Option<i32>,
        org: Option<&str>,
        target: bool,
        unit: &str,
        part: bool,
    ) {
        // Figures without a year cannot be placed in a year-over-year table.
        let Some(year) = year else { return };
        // A part of a total given just before ("trong đó …") is never the
        // year's value: flows would count it twice, stocks take the whole.
        if part {
            return;
        }
        let label = label.filter(|_| pack.metric(metric).is_some_and(|m| m.by_label));
        let rec = Rec {
            org: self.strings.opt(org),
            metric: self.strings.id(metric),
            label: self.strings.opt(label),
            unit: self.strings.id(unit),
            target,
            year,
            value,
            article: self.articles.id(article),
        };
        self.recs.push(rec);
    }

    /// The year-over-year table, sorted by org, metric, label, modality, year.
    pub fn table(&self, pack: &RulePack) -> Vec<YoyRow> {
        type Key = (u32, u32, u32, bool);
        let mut groups: BTreeMap<(Key, i32), Vec<&Rec>> = BTreeMap::new();
        for r in &self.recs {
            groups
                .entry(((r.org, r.metric, r.label, r.target), r.year))
                .or_default()
                .push(r);
        }
        let mut rows: Vec<(Key, YoyRow)> = Vec::with_capacity(groups.len());
        for ((key, year), recs) in groups {
            let metric = self.strings.name(key.1).unwrap_or_default().to_string();
            let agg = pack
                .metric(&metric)
                .map(|m| m.aggregate)
                .unwrap_or_default();
            let value = match agg {
                Aggregate::Latest => recs.last().map_or(0.0, |r| {
                    // The last article's first report of the year.
                    recs.iter()
                        .find(|x| x.article == r.article)
                        .map_or(r.value, |x| x.value)
                }),
                Aggregate::Sum => sum_of_reports(&recs),
                Aggregate::Max => recs.iter().map(|r| r.value).fold(f64::MIN, f64::max),
            };
            let n_articles = recs
                .iter()
                .map(|r| r.article)
                .collect::<BTreeSet<_>>()
                .len() as u32;
            rows.push((
                key,
                YoyRow {
                    org: self.strings.name(key.0).map(str::to_string),
                    metric,
                    label: self.strings.name(key.2).map(str::to_string),
                    modality: if key.3 {
                        Modality::Target
                    } else {
                        Modality::Actual
                    },
                    unit: self
                        .strings
                        .name(recs[0].unit)
                        .unwrap_or_default()
                        .to_string(),
                    year,
                    value,
                    prev_year: None,
                    prev_value: None,
                    change: None,
                    pct_change: None,
                    n_articles,
                },
            ));
        }
        // Readable order: names, not intern ids.
        rows.sort_by(|a, b| {
            let ka = (&a.1.org, &a.1.metric, &a.1.label, a.1.modality, a.1.year);
            let kb = (&b.1.org, &b.1.metric, &b.1.label, b.1.modality, b.1.year);
            ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut out: Vec<YoyRow> = Vec::with_capacity(rows.len());
        let mut prev: Option<(Key, i32, f64)> = None;
        for (key, mut row) in rows {
            if let Some((pk, py, pv)) = prev {
                if pk == key {
                    row.prev_year = Some(py);
                    row.prev_value = Some(pv);
                    row.change = Some(row.value - pv);
                    row.pct_change = (pv != 0.0).then(|| (row.value - pv) / pv * 100.0);
                }
            }
            prev = Some((key, row.year, row.value));
            out.push(row);
        }
        out
    }
}

/// The sum of distinct reports: figures of one article all count, while a
/// value that several articles report (the same news republished) counts
/// as many times as the article that reports it most often.
fn sum_of_reports(recs: &[&Rec]) -> f64 {
    // value → (article, count in it) → highest count over articles
    let mut per_article: BTreeMap<(u64, u32), usize> = BTreeMap::new();
    for r in recs {
        *per_article
            .entry((r.value.to_bits(), r.article))
            .or_default() += 1;
    }
    let mut most: BTreeMap<u64, usize> = BTreeMap::new();
    for ((v, _), n) in per_article {
        let m = most.entry(v).or_default();
        *m = (*m).max(n);
    }
    most.into_iter()
        .map(|(v, n)| f64::from_bits(v) * n as f64)
        .sum()
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

    fn pack() -> RulePack {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        crate::rules::load(&dir).expect("default pack")
    }

    fn rec(article: &str, metric: &str, value: f64, year: i32, modality: &str) -> FigureRecord {
        FigureRecord {
            article_id: article.into(),
            metric: metric.into(),
            value,
            label: Some("bằng khen".into()),
            year: Some(year),
            org: Some("Công đoàn X".into()),
            modality: modality.into(),
            unit: "u".into(),
            part_of: None,
        }
    }

    #[test]
    fn stocks_take_the_latest_report_and_flows_sum_reports() {
        let pack = pack();
        let mut input = YoyInput::default();
        input.add_records(
            &[
                rec("a", "members", 100.0, 2017, "actual"),
                rec("b", "members", 120.0, 2017, "actual"),
                rec("c", "members", 90.0, 2019, "actual"),
                rec("c", "members", 500.0, 2019, "target"),
                // Two awards of 1 in one article, the same 1 republished in another.
                rec("a", "awards", 1.0, 2017, "actual"),
                rec("a", "awards", 1.0, 2017, "actual"),
                rec("b", "awards", 1.0, 2017, "actual"),
                rec("b", "awards", 9.0, 2017, "actual"),
            ],
            &pack,
        );
        let rows = input.table(&pack);
        let find = |m: &str, y: i32, t: Modality| {
            rows.iter()
                .find(|r| r.metric == m && r.year == y && r.modality == t)
                .unwrap_or_else(|| panic!("{m} {y} {t:?}: {rows:?}"))
        };
        assert_eq!(find("members", 2017, Modality::Actual).value, 120.0);
        let m19 = find("members", 2019, Modality::Actual);
        assert_eq!(
            (m19.value, m19.prev_year, m19.prev_value),
            (90.0, Some(2017), Some(120.0))
        );
        assert_eq!(m19.change, Some(-30.0));
        assert_eq!(m19.pct_change, Some(-25.0));
        assert_eq!(find("members", 2019, Modality::Target).value, 500.0);
        assert_eq!(find("members", 2019, Modality::Target).prev_year, None);
        let a = find("awards", 2017, Modality::Actual);
        assert_eq!((a.value, a.n_articles), (11.0, 2));
    }
}
