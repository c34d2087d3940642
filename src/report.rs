//! The HTML report: one self-contained file an analyst opens in a browser,
//! with no network access needed. It holds a summary (articles, statuses,
//! figures per metric), the year-over-year charts as inline SVG, the
//! year-over-year table, a filterable table of figures, and for every
//! figure its sentence with the figure marked, its source article and the
//! rule that took it. Clicking a point of a chart, a row of the
//! year-over-year table or a figure shows where the number came from.
//!
//! [`render`] is the pure core (data in, HTML out, byte-identical for the
//! same data); [`load_figures`] and [`read_articles`] read the tables.

use crate::analysis;
use crate::chart::{self, Marker, Panel};
use crate::figure::YoyRow;
use anyhow::{Context, Result};
use polars::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Figures embedded in a report at most; the report says how many more the
/// dataset holds.
pub const MAX_FIGURES: usize = 20_000;

/// Year-over-year rows listed in a report's table at most (all are drawn).
pub const MAX_YOY_ROWS: usize = 5_000;

/// Articles read, by status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Articles {
    pub total: usize,
    pub by_status: Vec<(String, usize)>,
}

/// One figure as the report shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
    pub article_id: String,
    pub source: String,
    pub metric: String,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: String,
    pub unit: String,
    pub label: Option<String>,
    pub year: Option<i32>,
    pub org: Option<String>,
    pub modality: String,
    pub rule: String,
    pub text: String,
    pub sentence: String,
}

/// Everything a report shows.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Where the figures came from, as the user named it.
    pub origin: String,
    /// `None` when no articles table was found.
    pub articles: Option<Articles>,
    /// Figures in the dataset, by metric (all of them, not only those embedded).
    pub by_metric: Vec<(String, usize)>,
    /// The figures embedded, at most [`MAX_FIGURES`], in dataset order.
    pub figures: Vec<Figure>,
    pub yoy: Vec<YoyRow>,
}

impl Report {
    pub fn figures_total(&self) -> usize {
        self.by_metric.iter().map(|(_, n)| n).sum()
    }
}

/// The columns a report reads from a figures table.
fn report_columns() -> [(&'static str, DataType); 14] {
    [
        ("article_id", DataType::String),
        ("source", DataType::String),
        ("metric", DataType::String),
        ("value", DataType::Float64),
        ("value_max", DataType::Float64),
        ("qualifier", DataType::String),
        ("unit", DataType::String),
        ("label", DataType::String),
        ("year", DataType::Int32),
        ("org", DataType::String),
        ("modality", DataType::String),
        ("rule", DataType::String),
        ("text", DataType::String),
        ("sentence", DataType::String),
    ]
}

/// The first `cap` figures of the dataset at `path` (a file, a folder of
/// shard outputs or a hive dataset, as `solieu yoy` reads them).
pub fn load_figures(path: &Path, cap: usize) -> Result<Vec<Figure>> {
    let lf = analysis::scan_figure_columns(path, &report_columns())?;
    let df = lf
        .limit(cap.min(IdxSize::MAX as usize) as IdxSize)
        .collect()
        .map_err(|e| anyhow::anyhow!("{}: reading figures: {e}", path.display()))?;
    figures_of(&df).map_err(|e| anyhow::anyhow!("{}: reading figures: {e}", path.display()))
}

fn figures_of(df: &DataFrame) -> PolarsResult<Vec<Figure>> {
    let s = |name: &str| df.column(name).and_then(|c| c.str().cloned());
    let (ids, sources, metrics) = (s("article_id")?, s("source")?, s("metric")?);
    let (qualifiers, units, labels) = (s("qualifier")?, s("unit")?, s("label")?);
    let (orgs, modalities, rules) = (s("org")?, s("modality")?, s("rule")?);
    let (texts, sentences) = (s("text")?, s("sentence")?);
    let values = df.column("value")?.f64()?.clone();
    let maxima = df.column("value_max")?.f64()?.clone();
    let years = df.column("year")?.i32()?.clone();
    let owned = |v: Option<&str>| v.unwrap_or_default().to_string();
    Ok((0..df.height())
        .map(|i| Figure {
            article_id: owned(ids.get(i)),
            source: owned(sources.get(i)),
            metric: owned(metrics.get(i)),
            value: values.get(i).unwrap_or(f64::NAN),
            value_max: maxima.get(i),
            qualifier: owned(qualifiers.get(i)),
            unit: owned(units.get(i)),
            label: labels.get(i).map(str::to_string),
            year: years.get(i),
            org: orgs.get(i).map(str::to_string),
            modality: owned(modalities.get(i)),
            rule: owned(rules.get(i)),
            text: owned(texts.get(i)),
            sentence: owned(sentences.get(i)),
        })
        .collect())
}

/// Figures per metric in the dataset at `path`, by metric name.
pub fn count_by_metric(path: &Path) -> Result<Vec<(String, usize)>> {
    let lf = analysis::scan_figure_columns(path, &[("metric", DataType::String)])?;
    let df = lf
        .group_by([col("metric")])
        .agg([len().alias("n")])
        .sort(["metric"], SortMultipleOptions::default())
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| anyhow::anyhow!("{}: counting figures: {e}", path.display()))?
        .unwrap_single();
    let metrics = df.column("metric")?.str()?;
    let n = df.column("n")?.cast(&DataType::UInt64)?;
    let n = n.u64()?;
    Ok(metrics
        .iter()
        .zip(n.iter())
        .map(|(m, n)| (m.unwrap_or_default().to_string(), n.unwrap_or(0) as usize))
        .collect())
}

/// The articles tables written beside the figures at `path`: the folder of
/// a figures file, or the folder above a hive `figures/year=…/` dataset.
pub fn articles_beside(path: &Path) -> Vec<PathBuf> {
    let Ok(files) = analysis::figure_files(path) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = Vec::new();
    for f in files {
        let Some(dir) = crate::export::run_folder(&f) else {
            continue;
        };
        let found = ["articles.parquet", "articles.jsonl"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file());
        if let Some(p) = found {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Articles and statuses of `articles.*` tables (parquet or JSON Lines).
pub fn read_articles(paths: &[PathBuf]) -> Result<Articles> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for p in paths {
        let at = p.display().to_string();
        let lf = if p.extension().is_some_and(|e| e == "parquet") {
            LazyFrame::scan_parquet(at.as_str().into(), ScanArgsParquet::default())
        } else {
            LazyJsonLineReader::new(at.as_str().into())
                .with_infer_schema_length(None)
                .finish()
        };
        let df = lf
            .and_then(|lf| lf.select([col("status").cast(DataType::String)]).collect())
            .map_err(|e| anyhow::anyhow!("{at}: not a readable articles table: {e}"))?;
        for s in df.column("status")?.str()?.iter() {
            *counts
                .entry(s.unwrap_or("unknown").to_string())
                .or_default() += 1;
        }
    }
    Ok(Articles {
        total: counts.values().sum(),
        by_status: counts.into_iter().collect(),
    })
}

/// Write `html` to `out` (`-`: standard output), whole or not at all.
pub fn write(out: &Path, html: &str) -> Result<()> {
    if out == Path::new("-") {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(html.as_bytes())?;
        return Ok(stdout.flush()?);
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
    }
    let (file, mut f) = crate::export::AtomicFile::create(out)?;
    std::io::Write::write_all(&mut f, html.as_bytes())
        .with_context(|| format!("{}: cannot write", out.display()))?;
    file.commit(f)
}

/// Text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A number as a data attribute: integers without a fraction.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The figures as JSON for the page's script: column names and one array
/// per figure. `<` is escaped so that no text can close the script element.
fn figures_json(figures: &[Figure]) -> String {
    #[derive(Serialize)]
    struct Row<'a>(
        &'a str,
        &'a str,
        &'a str,
        Option<f64>,
        Option<f64>,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<i32>,
        Option<&'a str>,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
    );
    #[derive(Serialize)]
    struct Data<'a> {
        cols: [&'static str; 14],
        rows: Vec<Row<'a>>,
    }
    let rows = figures
        .iter()
        .map(|f| {
            Row(
                &f.article_id,
                &f.source,
                &f.metric,
                f.value.is_finite().then_some(f.value),
                f.value_max,
                &f.qualifier,
                &f.unit,
                f.label.as_deref(),
                f.year,
                f.org.as_deref(),
                &f.modality,
                &f.rule,
                &f.text,
                &f.sentence,
            )
        })
        .collect();
    let data = Data {
        cols: report_columns().map(|(n, _)| n),
        rows,
    };
    serde_json::to_string(&data)
        .unwrap_or_else(|_| "{\"cols\":[],\"rows\":[]}".into())
        .replace('<', "\\u003c")
}

/// A chart's SVG with a transparent, clickable circle over every point,
/// carrying the point's keys.
fn chart_with_points(panel: &Panel, svg: &str, markers: &[Marker]) -> String {
    let mut points = String::new();
    for m in markers {
        let s = &panel.series[m.series];
        let org = s.org.as_deref().unwrap_or("");
        let label = s.label.as_deref().unwrap_or("");
        let _ = write!(
            points,
            "<circle class=\"pt\" cx=\"{}\" cy=\"{}\" r=\"8\" tabindex=\"0\" role=\"button\" \
             data-metric=\"{}\" data-unit=\"{}\" data-org=\"{}\" data-label=\"{}\" \
             data-modality=\"{}\" data-year=\"{}\" data-value=\"{}\">\
             <title>{} — {} {}: {} {}</title></circle>",
            m.x,
            m.y,
            esc(&panel.metric),
            esc(&panel.unit),
            esc(org),
            esc(label),
            s.modality.as_str(),
            m.year,
            num(m.value),
            esc(&s.name()),
            esc(&panel.metric),
            m.year,
            esc(&chart::compact(m.value)),
            esc(&panel.unit),
        );
    }
    match svg.rfind("</svg>") {
        Some(at) => format!(
            "{}<g class=\"points\">{points}</g>{}",
            &svg[..at],
            &svg[at..]
        ),
        None => svg.to_string(),
    }
}

/// The report as one HTML document.
pub fn render(r: &Report) -> Result<String> {
    let mut h = String::with_capacity(64 * 1024 + r.figures.len() * 400);
    h.push_str("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    let _ = writeln!(h, "<title>solieu — {}</title>", esc(&r.origin));
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        h,
        "<header><h1>solieu report</h1><p class=\"sub\">Figures from <code>{}</code> · solieu {}</p></header>",
        esc(&r.origin),
        env!("CARGO_PKG_VERSION")
    );

    // Summary.
    h.push_str("<section id=\"summary\" class=\"cards\">\n");
    match &r.articles {
        Some(a) => {
            let _ = write!(
                h,
                "<div class=\"card\"><div class=\"big\" id=\"n-articles\">{}</div><div>articles</div><ul class=\"statuses\">",
                a.total
            );
            for (status, n) in &a.by_status {
                let _ = write!(
                    h,
                    "<li class=\"status-{0}\"><span>{0}</span> {1}</li>",
                    esc(status),
                    n
                );
            }
            h.push_str("</ul></div>\n");
        }
        None => h.push_str(
            "<div class=\"card\"><div class=\"big\">—</div><div>articles (no articles table beside the figures)</div></div>\n",
        ),
    }
    let _ = write!(
        h,
        "<div class=\"card\"><div class=\"big\" id=\"n-figures\">{}</div><div>figures</div><table class=\"metrics\">",
        r.figures_total()
    );
    for (metric, n) in &r.by_metric {
        let _ = write!(
            h,
            "<tr><td><a href=\"#figures\" data-filter-metric=\"{0}\">{0}</a></td><td class=\"num\">{1}</td></tr>",
            esc(metric),
            n
        );
    }
    h.push_str("</table></div>\n");
    let years: Vec<i32> = r.figures.iter().filter_map(|f| f.year).collect();
    if let (Some(lo), Some(hi)) = (years.iter().min(), years.iter().max()) {
        let _ = writeln!(
            h,
            "<div class=\"card\"><div class=\"big\">{lo}–{hi}</div><div>years of the figures shown</div></div>"
        );
    }
    h.push_str("</section>\n");

    // Charts.
    h.push_str("<section id=\"charts\">\n<h2>Year over year</h2>\n");
    let panels = chart::panels(&r.yoy, chart::MAX_SERIES);
    if panels.is_empty() {
        h.push_str("<p class=\"hint\">No figure has a year and an organisation to compare.</p>\n");
    } else {
        h.push_str("<p class=\"hint\">One panel per metric, a line per organisation, targets dashed. Click a point to see the figures behind it.</p>\n<div class=\"charts\">\n");
        for panel in &panels {
            let (svg, markers) = chart::svg(std::slice::from_ref(panel))?;
            let _ = writeln!(
                h,
                "<figure class=\"chart\" data-metric=\"{}\" data-unit=\"{}\">{}</figure>",
                esc(&panel.metric),
                esc(&panel.unit),
                chart_with_points(panel, &svg, &markers)
            );
        }
        h.push_str("</div>\n");
    }
    yoy_table(&mut h, &r.yoy);
    h.push_str("</section>\n");

    // Figures and their provenance.
    let shown = r.figures.len();
    let total = r.figures_total().max(shown);
    h.push_str("<div class=\"explore\">\n<section id=\"figures\">\n<h2>Figures</h2>\n");
    if shown < total {
        let _ = writeln!(
            h,
            "<p class=\"hint\">The first {shown} of {total} figures are in this report; every figure is in the dataset (parquet, JSON Lines).</p>"
        );
    }
    h.push_str(
        "<div class=\"filters\">\
<label>Metric <select id=\"f-metric\"><option value=\"\">all</option></select></label>\
<label>Year <select id=\"f-year\"><option value=\"\">all</option></select></label>\
<label>Organisation <input id=\"f-org\" type=\"search\" placeholder=\"part of a name\"></label>\
<label>Text <input id=\"f-q\" type=\"search\" placeholder=\"in the figure or its sentence\"></label>\
<button id=\"f-reset\" type=\"button\">Show all</button></div>\n\
<p id=\"f-count\" class=\"hint\"></p>\n\
<table id=\"ftable\"><thead><tr><th>Year</th><th>Organisation</th><th>Metric</th><th>Label</th>\
<th class=\"num\">Value</th><th>Unit</th><th>Kind</th><th>As written</th></tr></thead><tbody></tbody></table>\n\
</section>\n\
<aside id=\"detail\"><h2>Where it came from</h2><p class=\"hint\" id=\"d-empty\">Click a figure, a point of a chart or a row of the year-over-year table.</p><div id=\"d-body\" hidden></div></aside>\n</div>\n",
    );
    let _ = writeln!(
        h,
        "<script type=\"application/json\" id=\"data\">{}</script>",
        figures_json(&r.figures)
    );
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body>\n</html>");
    Ok(h)
}

fn yoy_table(h: &mut String, rows: &[YoyRow]) {
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<details id=\"yoy\"><summary>Year-over-year table ({} rows)</summary>\
<table class=\"yoy\"><thead><tr><th>Organisation</th><th>Metric</th><th>Label</th><th>Kind</th>\
<th>Unit</th><th>Year</th><th class=\"num\">Value</th><th>Previous</th><th class=\"num\">Change</th>\
<th class=\"num\">%</th><th class=\"num\">Articles</th></tr></thead><tbody>",
        rows.len()
    );
    for y in rows.iter().take(MAX_YOY_ROWS) {
        let prev = match (y.prev_year, y.prev_value) {
            (Some(py), Some(pv)) => format!("{} ({py})", chart::compact(pv)),
            _ => String::new(),
        };
        let change = y.change.map(chart::compact).unwrap_or_default();
        let pct = y
            .pct_change
            .map(|p| format!("{p:+.1}").replace('.', ","))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr class=\"yrow\" tabindex=\"0\" data-metric=\"{m}\" data-unit=\"{u}\" data-org=\"{o}\" data-label=\"{l}\" \
data-modality=\"{k}\" data-year=\"{yr}\" data-value=\"{v}\"><td>{o}</td><td>{m}</td><td>{l}</td><td>{k}</td>\
<td>{u}</td><td>{yr}</td><td class=\"num\">{vs}</td><td>{prev}</td><td class=\"num\">{change}</td>\
<td class=\"num\">{pct}</td><td class=\"num\">{n}</td></tr>",
            m = esc(&y.metric),
            u = esc(&y.unit),
            o = esc(y.org.as_deref().unwrap_or("")),
            l = esc(y.label.as_deref().unwrap_or("")),
            k = y.modality.as_str(),
            yr = y.year,
            v = num(y.value),
            vs = esc(&chart::compact(y.value)),
            prev = esc(&prev),
            n = y.n_articles,
        );
    }
    h.push_str("</tbody></table>");
    if rows.len() > MAX_YOY_ROWS {
        let _ = write!(
            h,
            "<p class=\"hint\">{} more rows are in yoy.parquet / yoy.jsonl.</p>",
            rows.len() - MAX_YOY_ROWS
        );
    }
    h.push_str("</details>\n");
}

const STYLE: &str = r##"
:root{--ink:#1d2329;--muted:#5d6a75;--line:#dde3e8;--accent:#0072b2;--mark:#ffe08a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,"Segoe UI","Noto Sans","DejaVu Sans",sans-serif;color:var(--ink);background:#f6f8fa}
header{padding:18px 28px;background:#fff;border-bottom:1px solid var(--line)}
h1{margin:0;font-size:22px}h2{font-size:18px;margin:0 0 10px}
.sub,.hint{color:var(--muted);margin:4px 0 10px}
section,aside{padding:16px 28px}
.cards{display:flex;flex-wrap:wrap;gap:14px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:190px}
.big{font-size:28px;font-weight:600}
.statuses{list-style:none;padding:0;margin:6px 0 0}.statuses span{display:inline-block;min-width:90px;color:var(--muted)}
.metrics td{padding:1px 8px 1px 0}
.charts{display:flex;flex-wrap:wrap;gap:14px}
.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px;max-width:100%}
.chart svg{display:block;max-width:100%;height:auto}
.pt{fill:transparent;stroke:transparent;cursor:pointer}
.pt:hover,.pt:focus,.pt.on{stroke:#222;stroke-width:2;outline:none}
table{border-collapse:collapse;background:#fff}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eef2f5;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin-top:14px}summary{cursor:pointer;font-weight:600}
.explore{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr);align-items:start}
#figures{overflow-x:auto}
#ftable tbody tr,.yrow{cursor:pointer}
#ftable tbody tr:hover,.yrow:hover,tr.on{background:#e8f2fa}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin-bottom:6px}
.filters label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
input,select,button{font:inherit;padding:3px 6px}
#detail{position:sticky;top:0}
#d-body{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
#d-body .value{font-size:24px;font-weight:600}
blockquote{margin:10px 0;padding:8px 12px;border-left:4px solid var(--accent);background:#f3f7fa}
mark{background:var(--mark);padding:0 2px;border-radius:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:900px){.explore{grid-template-columns:1fr}}
"##;

const SCRIPT: &str = r##"
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const figs = data.rows.map(function (r) {
    const f = {};
    data.cols.forEach(function (c, i) { f[c] = r[i]; });
    return f;
  });
  const $ = function (id) { return document.getElementById(id); };
  const SHOW = 500;
  const nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  const QUAL = { over: "over ", under: "under ", about: "about " };
  const state = { metric: "", year: "", org: "", q: "", exact: null };

  function fmt(f) {
    if (f.value === null) return "";
    let s = nf.format(f.value);
    if (f.value_max !== null && f.value_max !== undefined) s += "–" + nf.format(f.value_max);
    return (QUAL[f.qualifier] || "") + s;
  }
  function options(sel, values) {
    values.forEach(function (v) {
      const o = document.createElement("option");
      o.value = String(v); o.textContent = String(v);
      sel.appendChild(o);
    });
  }
  function uniq(key) {
    const s = new Set();
    figs.forEach(function (f) { if (f[key] !== null && f[key] !== "") s.add(f[key]); });
    return Array.from(s).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
  }
  options($("f-metric"), uniq("metric"));
  options($("f-year"), uniq("year"));

  function matches(f) {
    if (state.metric && f.metric !== state.metric) return false;
    if (state.year && String(f.year) !== state.year) return false;
    if (state.org && (f.org || "").toLowerCase().indexOf(state.org) < 0) return false;
    if (state.q) {
      const hay = (f.text + " " + f.sentence + " " + (f.label || "") + " " + (f.org || "")).toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    const e = state.exact;
    if (e) {
      if ((f.org || "") !== e.org || (f.label || "") !== e.label || f.unit !== e.unit || f.modality !== e.modality) return false;
    }
    return true;
  }
  function cell(tr, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function draw() {
    const body = document.querySelector("#ftable tbody");
    body.textContent = "";
    let n = 0;
    const frag = document.createDocumentFragment();
    figs.forEach(function (f, i) {
      if (!matches(f)) return;
      n += 1;
      if (n > SHOW) return;
      const tr = document.createElement("tr");
      tr.tabIndex = 0;
      tr.dataset.i = String(i);
      cell(tr, f.year === null ? "" : String(f.year));
      cell(tr, f.org || "");
      cell(tr, f.metric);
      cell(tr, f.label || "");
      const v = cell(tr, fmt(f), "num value");
      v.dataset.value = f.value === null ? "" : String(f.value);
      cell(tr, f.unit);
      cell(tr, f.modality);
      cell(tr, f.text);
      frag.appendChild(tr);
    });
    body.appendChild(frag);
    let msg = n === 1 ? "1 figure" : n + " figures";
    if (n > SHOW) msg += " (the first " + SHOW + " listed; narrow the filters to see the rest)";
    if (state.exact) msg += " — " + (state.exact.org || "(no organisation)") + (state.exact.label ? " · " + state.exact.label : "") + ", " + state.exact.modality;
    $("f-count").textContent = msg;
  }
  function show(i) {
    const f = figs[i];
    if (!f) return;
    document.querySelectorAll("tr.on").forEach(function (t) { t.classList.remove("on"); });
    const row = document.querySelector('#ftable tr[data-i="' + i + '"]');
    if (row) row.classList.add("on");
    const d = $("d-body");
    d.textContent = "";
    const v = document.createElement("div");
    v.className = "value";
    v.textContent = fmt(f) + " " + f.unit;
    d.appendChild(v);
    const q = document.createElement("blockquote");
    q.id = "d-sentence";
    const at = f.sentence.indexOf(f.text);
    if (at >= 0 && f.text) {
      q.appendChild(document.createTextNode(f.sentence.slice(0, at)));
      const m = document.createElement("mark");
      m.textContent = f.text;
      q.appendChild(m);
      q.appendChild(document.createTextNode(f.sentence.slice(at + f.text.length)));
    } else {
      q.textContent = f.sentence;
      const m = document.createElement("mark");
      m.textContent = f.text;
      q.appendChild(document.createTextNode(" "));
      q.appendChild(m);
    }
    d.appendChild(q);
    const dl = document.createElement("dl");
    [["Metric", f.metric], ["Label", f.label], ["Year", f.year], ["Organisation", f.org], ["Kind", f.modality],
     ["Qualifier", f.qualifier], ["Article", f.article_id], ["Source", f.source], ["Rule", f.rule]].forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      const dt = document.createElement("dt"); dt.textContent = p[0];
      const dd = document.createElement("dd"); dd.textContent = String(p[1]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
    d.appendChild(dl);
    $("d-empty").hidden = true;
    d.hidden = false;
  }
  function sync() {
    $("f-metric").value = state.metric;
    $("f-year").value = state.year;
    $("f-org").value = state.org;
    $("f-q").value = state.q;
  }
  // A point of a chart or a row of the year-over-year table: the figures
  // behind that value, the one with the same value first.
  function pick(el) {
    const k = el.dataset;
    state.metric = k.metric; state.year = k.year; state.org = ""; state.q = "";
    state.exact = { org: k.org, label: k.label, unit: k.unit, modality: k.modality };
    sync();
    draw();
    const rows = figs.map(function (f, i) { return i; }).filter(function (i) { return matches(figs[i]); });
    const same = rows.filter(function (i) { return String(figs[i].value) === k.value; });
    const first = same.length ? same[0] : rows[0];
    document.querySelectorAll(".pt.on").forEach(function (p) { p.classList.remove("on"); });
    el.classList.add("on");
    if (first !== undefined) show(first);
    $("figures").scrollIntoView({ block: "start" });
  }
  function free() { state.exact = null; }
  $("f-metric").addEventListener("change", function (e) { free(); state.metric = e.target.value; draw(); });
  $("f-year").addEventListener("change", function (e) { free(); state.year = e.target.value; draw(); });
  $("f-org").addEventListener("input", function (e) { free(); state.org = e.target.value.trim().toLowerCase(); draw(); });
  $("f-q").addEventListener("input", function (e) { free(); state.q = e.target.value.trim().toLowerCase(); draw(); });
  $("f-reset").addEventListener("click", function () {
    state.metric = ""; state.year = ""; state.org = ""; state.q = ""; free(); sync(); draw();
  });
  document.querySelector("#ftable tbody").addEventListener("click", function (e) {
    const tr = e.target.closest("tr");
    if (tr) show(Number(tr.dataset.i));
  });
  document.querySelectorAll(".pt, .yrow").forEach(function (el) {
    el.addEventListener("click", function () { pick(el); });
    el.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(el); } });
  });
  document.querySelector("#ftable tbody").addEventListener("keydown", function (e) {
    const tr = e.target.closest("tr");
    if (tr && e.key === "Enter") show(Number(tr.dataset.i));
  });
  document.querySelectorAll("[data-filter-metric]").forEach(function (a) {
    a.addEventListener("click", function () {
      state.metric = a.dataset.filterMetric; state.year = ""; state.org = ""; state.q = ""; free(); sync(); draw();
    });
  });
  draw();
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::Modality;

    fn figure(value: f64, year: i32, text: &str, sentence: &str) -> Figure {
        Figure {
            article_id: "a1".into(),
            source: "a1.txt".into(),
            metric: "members".into(),
            value,
            qualifier: "exact".into(),
            unit: "person".into(),
            year: Some(year),
            org: Some("Công đoàn Viên chức thành phố Hà Nội".into()),
            modality: "actual".into(),
            rule: "members.stock".into(),
            text: text.into(),
            sentence: sentence.into(),
            ..Figure::default()
        }
    }

    fn yoy(year: i32, value: f64, prev: Option<(i32, f64)>) -> YoyRow {
        YoyRow {
            org: Some("Công đoàn Viên chức thành phố Hà Nội".into()),
            metric: "members".into(),
            label: None,
            modality: Modality::Actual,
            unit: "person".into(),
            year,
            value,
            prev_year: prev.map(|p| p.0),
            prev_value: prev.map(|p| p.1),
            change: prev.map(|p| value - p.1),
            pct_change: prev.map(|p| (value - p.1) / p.1 * 100.0),
            n_articles: 1,
        }
    }

    fn sample() -> Report {
        Report {
            origin: "output/figures.parquet".into(),
            articles: Some(Articles {
                total: 3,
                by_status: vec![("empty".into(), 1), ("ok".into(), 2)],
            }),
            by_metric: vec![("members".into(), 2)],
            figures: vec![
                figure(
                    10141.0,
                    2017,
                    "10.141 đoàn viên",
                    "Năm 2017 có 10.141 đoàn viên.",
                ),
                figure(
                    9697.0,
                    2019,
                    "9.697 đoàn viên",
                    "Đến 2019 còn 9.697 đoàn viên </script>.",
                ),
            ],
            yoy: vec![
                yoy(2017, 10141.0, None),
                yoy(2019, 9697.0, Some((2017, 10141.0))),
            ],
        }
    }

    #[test]
    fn one_file_with_summary_charts_points_and_data() {
        let html = render(&sample()).expect("render");
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("id=\"n-articles\">3<"));
        assert!(html.contains("<li class=\"status-empty\"><span>empty</span> 1</li>"));
        assert!(html.contains("<svg"));
        for v in ["10141", "9697"] {
            assert!(
                html.contains(&format!(
                    "data-year=\"{}\" data-value=\"{v}\"",
                    if v == "10141" { 2017 } else { 2019 }
                )),
                "no chart point for {v}"
            );
        }
        // Nothing is fetched: no external scripts, styles or images.
        for needle in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn article_text_cannot_close_the_data_script() {
        let html = render(&sample()).expect("render");
        let data = html
            .split("<script type=\"application/json\" id=\"data\">")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .expect("data script");
        let v: serde_json::Value = serde_json::from_str(data).expect("json");
        assert_eq!(v["rows"][1][3], 9697.0);
        assert_eq!(v["rows"][1][13], "Đến 2019 còn 9.697 đoàn viên </script>.");
    }

    #[test]
    fn same_data_same_bytes() {
        assert_eq!(render(&sample()).unwrap(), render(&sample()).unwrap());
    }

    #[test]
    fn names_are_escaped() {
        let mut r = sample();
        r.origin = "<b>x</b>".into();
        r.yoy[0].org = Some("A & \"B\"".into());
        let html = render(&r).expect("render");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(html.contains("data-org=\"A &amp; &quot;B&quot;\""));
    }
}
