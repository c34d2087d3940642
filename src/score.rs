//! Scoring figures against gold annotations, per metric.
//!
//! A gold file is JSON Lines, one figure a line: `file` (the article's file
//! name), `metric`, `value`, optional `value_max`, `alt` (other metrics
//! accepted), `optional` (neither required nor a false positive), `text`,
//! and where known `year`, `modality`, `org`. Matching is per article, as
//! sets of (metric, value): a range contributes both ends, values agree to
//! 1e-6 relative, a prediction matches a gold figure of its metric or of an
//! `alt` metric, and the same (metric, value) counts once in an article.
//! Predictions of a metric the gold never annotates in that article are not
//! counted against the overall score unless the metric is one the gold file
//! annotates anywhere.

use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One gold figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Gold {
    pub file: String,
    pub metric: String,
    /// The metric and its `alt` metrics.
    pub accepted: BTreeSet<String>,
    /// `value`, and `value_max` for a range.
    pub values: Vec<f64>,
    pub optional: bool,
    pub year: Option<i32>,
    pub modality: Option<String>,
    pub org: Option<String>,
    /// The line was annotated for attribution (it has an `org` key, maybe
    /// null): its `org`, `year` and `modality` are all stated, nulls included.
    pub attributed: bool,
    pub text: String,
}

/// One predicted figure, as scoring sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Predicted {
    /// The file name of the article's source.
    pub file: String,
    pub metric: String,
    pub values: Vec<f64>,
    pub year: Option<i32>,
    pub modality: String,
    pub org: Option<String>,
    pub text: String,
}

/// Call `each` with every JSON object of a JSON Lines file and where it is
/// (`path:line`), blank lines skipped; the first error stops the reading.
pub fn for_each_json_line(
    path: &Path,
    mut each: impl FnMut(&str, &Value) -> Result<()>,
) -> Result<()> {
    use std::io::BufRead;
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let at = format!("{}:{}", path.display(), i + 1);
        let line = line.with_context(|| format!("{at}: cannot read"))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(&line).with_context(|| format!("{at}: invalid JSON"))?;
        each(&at, &v)?;
    }
    Ok(())
}

/// Read a gold file.
pub fn load_gold(path: &Path) -> Result<Vec<Gold>> {
    let mut out = Vec::new();
    for_each_json_line(path, |at, v| {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(file), Some(metric), Some(value)) = (
            s("file"),
            s("metric"),
            v.get("value").and_then(Value::as_f64),
        ) else {
            anyhow::bail!("{at}: a gold figure needs `file`, `metric` and `value`");
        };
        let mut accepted = BTreeSet::from([metric.clone()]);
        if let Some(alt) = v.get("alt").and_then(Value::as_array) {
            accepted.extend(alt.iter().filter_map(|a| a.as_str().map(str::to_string)));
        }
        let mut values = vec![value];
        values.extend(v.get("value_max").and_then(Value::as_f64));
        out.push(Gold {
            file,
            metric,
            accepted,
            values,
            optional: v.get("optional").and_then(Value::as_bool).unwrap_or(false),
            year: v.get("year").and_then(Value::as_i64).map(|y| y as i32),
            modality: s("modality"),
            org: s("org"),
            attributed: v.get("org").is_some(),
            text: s("text").unwrap_or_default(),
        });
        Ok(())
    })?;
    Ok(out)
}

/// An article's attribution: its main organisation, the year it reports on
/// and its publication date (`YYYY-MM-DD`, or `YYYY-MM` when the day is not
/// known), as annotated or as solieu found them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleAttribution {
    pub file: String,
    pub org: Option<String>,
    pub year: Option<i32>,
    pub published: Option<String>,
}

/// Read an articles gold file: one JSON object a line with `file`, `org`,
/// `year` and `published` (each may be null).
pub fn load_articles(path: &Path) -> Result<Vec<ArticleAttribution>> {
    let mut out = Vec::new();
    for_each_json_line(path, |at, v| {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let Some(file) = s("file") else {
            anyhow::bail!("{at}: an article needs `file`");
        };
        out.push(ArticleAttribution {
            file,
            org: s("org"),
            year: v.get("year").and_then(Value::as_i64).map(|y| y as i32),
            published: s("published"),
        });
        Ok(())
    })?;
    Ok(out)
}

/// Organisation names agree when they are equal case-folded, whitespace
/// collapsed.
pub fn same_org(a: Option<&str>, b: Option<&str>) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    match (a, b) {
        (Some(a), Some(b)) => fold(a) == fold(b),
        (None, None) => true,
        _ => false,
    }
}

/// A gold date (`YYYY-MM-DD` or `YYYY-MM`) and a found one agree on what
/// the gold states; a date-time is compared by its date.
pub fn same_date(gold: Option<&str>, found: Option<&str>) -> bool {
    match (gold, found) {
        (Some(g), Some(f)) => f.get(..g.len()) == Some(g),
        (None, None) => true,
        _ => false,
    }
}

/// How often one measure agrees with the gold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    pub right: usize,
    pub compared: usize,
}

impl Agreement {
    fn add(&mut self, right: bool) {
        self.compared += 1;
        self.right += usize::from(right);
    }
    pub fn ratio(&self) -> f64 {
        ratio(self.right, self.compared)
    }
}

/// Attribution measured against the gold: per article, and per matched
/// figure of the attribution metrics.
#[derive(Clone, Debug, Default)]
pub struct AttributionScore {
    pub article_org: Agreement,
    pub published: Agreement,
    pub article_year: Agreement,
    pub figure_year: Agreement,
    pub modality: Agreement,
    pub figure_org: Agreement,
    /// What disagreed, a line each, for `--misses`.
    pub mismatches: Vec<String>,
}

/// The metrics whose figures are annotated for attribution.
pub const ATTRIBUTION_METRICS: &[&str] = &["members", "new_members", "unions", "money"];

/// Score articles and the figures of annotated gold lines (those with an
/// `org` key) for organisation, year and modality. Gold articles missing
/// from `found` count as wrong (nothing found).
pub fn attribution_score(
    gold: &[Gold],
    preds: &[Predicted],
    gold_articles: &[ArticleAttribution],
    found: &[ArticleAttribution],
) -> AttributionScore {
    let mut out = AttributionScore::default();
    let none = ArticleAttribution::default();
    for g in gold_articles {
        let f = found.iter().find(|a| a.file == g.file).unwrap_or(&none);
        let org = same_org(g.org.as_deref(), f.org.as_deref());
        let published = same_date(g.published.as_deref(), f.published.as_deref());
        let year = g.year == f.year;
        out.article_org.add(org);
        out.published.add(published);
        out.article_year.add(year);
        let mut show = |what: &str, gold: &dyn std::fmt::Debug, found: &dyn std::fmt::Debug| {
            out.mismatches.push(format!(
                "article  {}  {what}: gold {gold:?}, found {found:?}",
                g.file
            ))
        };
        if !org {
            show("org", &g.org, &f.org);
        }
        if !published {
            show("published", &g.published, &f.published);
        }
        if !year {
            show("year", &g.year, &f.year);
        }
    }
    for g in gold.iter().filter(|g| g.attributed && !g.optional) {
        let Some(p) = preds.iter().find(|p| {
            p.file == g.file
                && g.accepted.contains(&p.metric)
                && p.values.iter().any(|&v| close(v, g.values[0]))
        }) else {
            continue;
        };
        let year = p.year == g.year;
        let modality = g.modality.as_deref().unwrap_or("actual") == p.modality;
        let org = same_org(g.org.as_deref(), p.org.as_deref());
        out.figure_year.add(year);
        out.modality.add(modality);
        out.figure_org.add(org);
        let mut show = |what: &str, gold: &dyn std::fmt::Debug, found: &dyn std::fmt::Debug| {
            out.mismatches.push(format!(
                "figure   {}  {} {}  «{}»  {what}: gold {gold:?}, found {found:?}",
                g.file, g.metric, g.values[0], g.text
            ))
        };
        if !year {
            show("year", &g.year, &p.year);
        }
        if !modality {
            show("modality", &g.modality, &p.modality);
        }
        if !org {
            show("org", &g.org, &p.org);
        }
    }
    out
}

/// The attribution table: each measure, right of compared, and its aim.
pub fn attribution_report(a: &AttributionScore) -> String {
    let rows = [
        ("article's main organisation", a.article_org, 0.85),
        ("publication date", a.published, 0.90),
        ("article's year", a.article_year, 0.90),
        ("year a figure describes", a.figure_year, 0.90),
        ("actual vs target", a.modality, 0.95),
        ("organisation of a figure", a.figure_org, 0.80),
    ];
    let mut s = format!(
        "{:<30} {:>9} {:>7} {:>5}\n",
        "measure", "right", "share", "aim"
    );
    for (name, agr, aim) in rows {
        s.push_str(&format!(
            "{:<30} {:>9} {:>7.3} {:>5.2}{}\n",
            name,
            format!("{}/{}", agr.right, agr.compared),
            agr.ratio(),
            aim,
            if agr.compared > 0 && agr.ratio() < aim {
                "  below aim"
            } else {
                ""
            }
        ));
    }
    s
}

/// Counts of one scoring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A gold figure missed or a prediction not in the gold.
#[derive(Clone, Debug, PartialEq)]
pub struct Miss {
    pub file: String,
    pub metric: String,
    pub value: f64,
    pub text: String,
}

/// The result of scoring one set of metrics.
#[derive(Clone, Debug, Default)]
pub struct Scored {
    pub counts: Counts,
    pub missed: Vec<Miss>,
    pub spurious: Vec<Miss>,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Score `preds` against `gold` for the metrics `only` (all metrics when
/// `None`); with `use_metric = false` only values are compared.
pub fn score(
    gold: &[Gold],
    preds: &[Predicted],
    only: Option<&BTreeSet<String>>,
    use_metric: bool,
) -> Scored {
    let files: BTreeSet<&str> = gold.iter().map(|g| g.file.as_str()).collect();
    let gold_metrics: BTreeSet<&str> = gold
        .iter()
        .flat_map(|g| g.accepted.iter().map(String::as_str))
        .collect();
    let wanted = |m: &str| only.is_none_or(|o| o.contains(m)) || !use_metric;
    let mut out = Scored::default();
    for file in files {
        // Gold (metric, value) items, once each.
        let mut seen = BTreeSet::new();
        let mut items: Vec<(&Gold, f64)> = Vec::new();
        for g in gold.iter().filter(|g| g.file == file && wanted(&g.metric)) {
            for &v in &g.values {
                let key = (
                    if use_metric { g.metric.as_str() } else { "" },
                    // Six decimals, as text: no overflow for amounts in đồng.
                    format!("{v:.6}"),
                );
                if seen.insert(key) {
                    items.push((g, v));
                }
            }
        }
        // Predicted (metric, value) pairs, once each, with a text to show.
        let mut pairs: BTreeMap<(String, u64), &Predicted> = BTreeMap::new();
        for p in preds.iter().filter(|p| p.file == file && wanted(&p.metric)) {
            for &v in &p.values {
                let m = if use_metric {
                    p.metric.clone()
                } else {
                    String::new()
                };
                pairs.entry((m, v.to_bits())).or_insert(p);
            }
        }
        let accepts = |g: &Gold, m: &str| !use_metric || g.accepted.contains(m);
        let mut matched: BTreeSet<(String, u64)> = BTreeSet::new();
        for (g, v) in &items {
            let hit = pairs
                .keys()
                .find(|(m, pv)| close(f64::from_bits(*pv), *v) && accepts(g, m));
            match hit {
                Some(k) => {
                    matched.insert(k.clone());
                    if !g.optional {
                        out.counts.tp += 1;
                    }
                }
                None if !g.optional => {
                    out.counts.fn_ += 1;
                    out.missed.push(Miss {
                        file: file.to_string(),
                        metric: g.metric.clone(),
                        value: *v,
                        text: g.text.clone(),
                    });
                }
                None => {}
            }
        }
        for ((m, bits), p) in &pairs {
            if matched.contains(&(m.clone(), *bits)) {
                continue;
            }
            let v = f64::from_bits(*bits);
            if items.iter().any(|(g, gv)| close(v, *gv) && accepts(g, m)) {
                continue;
            }
            if use_metric && only.is_none() && !gold_metrics.contains(m.as_str()) {
                continue;
            }
            out.counts.fp += 1;
            out.spurious.push(Miss {
                file: file.to_string(),
                metric: p.metric.clone(),
                value: v,
                text: p.text.clone(),
            });
        }
    }
    out
}

/// The metrics of the output contract that the independent evaluation
/// scores.
pub const CONTRACT_METRICS: &[&str] = &[
    "awards",
    "count",
    "members",
    "money",
    "new_members",
    "percent",
    "unions",
];

/// A per-metric table: each metric the gold or the predictions name, the
/// values alone, and the overall score over the contract metrics.
pub fn report(gold: &[Gold], preds: &[Predicted]) -> (String, Counts) {
    let mut metrics: BTreeSet<String> = CONTRACT_METRICS.iter().map(|m| m.to_string()).collect();
    metrics.extend(gold.iter().map(|g| g.metric.clone()));
    let mut s = format!(
        "{:<14} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}\n",
        "metric", "tp", "fp", "fn", "P", "R", "F1"
    );
    let row = |name: &str, c: Counts| {
        format!(
            "{:<14} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3}\n",
            name,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        )
    };
    for m in &metrics {
        let only = BTreeSet::from([m.clone()]);
        s.push_str(&row(m, score(gold, preds, Some(&only), true).counts));
    }
    s.push_str(&row("values", score(gold, preds, None, false).counts));
    let contract: BTreeSet<String> = CONTRACT_METRICS.iter().map(|m| m.to_string()).collect();
    let overall = score(gold, preds, Some(&contract), true).counts;
    s.push_str(&format!(
        "overall P={:.3} R={:.3} F1={:.3} (tp={} fp={} fn={}; the seven contract metrics)\n",
        overall.precision(),
        overall.recall(),
        overall.f1(),
        overall.tp,
        overall.fp,
        overall.fn_
    ));
    (s, overall)
}

/// Year and modality of predictions that match a gold figure which states
/// them: (right, compared) for each.
pub fn attribution_agreement(
    gold: &[Gold],
    preds: &[Predicted],
) -> ((usize, usize), (usize, usize)) {
    let (mut year, mut modality) = ((0, 0), (0, 0));
    for g in gold.iter().filter(|g| !g.optional) {
        let Some(p) = preds.iter().find(|p| {
            p.file == g.file
                && g.accepted.contains(&p.metric)
                && p.values.iter().any(|&v| close(v, g.values[0]))
        }) else {
            continue;
        };
        if let Some(y) = g.year {
            year.1 += 1;
            year.0 += usize::from(p.year == Some(y));
        }
        if let Some(m) = &g.modality {
            modality.1 += 1;
            modality.0 += usize::from(&p.modality == m);
        }
    }
    (year, modality)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(file: &str, metric: &str, values: &[f64], alt: &[&str], optional: bool) -> Gold {
        let mut accepted = BTreeSet::from([metric.to_string()]);
        accepted.extend(alt.iter().map(|a| a.to_string()));
        Gold {
            file: file.into(),
            metric: metric.into(),
            accepted,
            values: values.to_vec(),
            optional,
            year: None,
            modality: None,
            org: None,
            attributed: false,
            text: String::new(),
        }
    }

    fn pred(file: &str, metric: &str, values: &[f64]) -> Predicted {
        Predicted {
            file: file.into(),
            metric: metric.into(),
            values: values.to_vec(),
            year: None,
            modality: "actual".into(),
            org: None,
            text: String::new(),
        }
    }

    #[test]
    fn counts_follow_the_matching_rules() {
        let g = vec![
            gold("a", "count", &[5.0], &["awards"], false),
            gold("a", "percent", &[85.0, 90.0], &[], false),
            gold("a", "count", &[7.0], &[], true),
            gold("a", "money", &[1e6], &[], false),
        ];
        let p = vec![
            pred("a", "awards", &[5.0]),
            pred("a", "percent", &[85.0, 90.0]),
            pred("a", "count", &[7.0]),
            pred("a", "count", &[9.0]),
            pred("b", "count", &[1.0]),
        ];
        let all = score(&g, &p, None, true).counts;
        // 5 (alt), 85, 90 found; 1e6 missed; 9 spurious; the optional 7 and
        // the article without gold are not counted.
        assert_eq!(
            all,
            Counts {
                tp: 3,
                fp: 1,
                fn_: 1
            }
        );
        let values = score(&g, &p, None, false).counts;
        assert_eq!(
            values,
            Counts {
                tp: 3,
                fp: 1,
                fn_: 1
            }
        );
        let only = BTreeSet::from(["count".to_string()]);
        assert_eq!(
            score(&g, &p, Some(&only), true).counts,
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
    }
}
