//! Year-over-year charts: small multiples, one panel per metric (and unit),
//! a line per organisation (and label, for metrics counted per label),
//! years on x, targets dashed. Drawn with plotters, as SVG or PNG.
//!
//! Text is laid out with DejaVu Sans, compiled in, which has every
//! Vietnamese letter: PNG text is drawn with it, SVG text names the
//! viewer's sans-serif font.

use crate::figure::{Modality, YoyRow};
use anyhow::{anyhow, bail, Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Lines drawn per panel at most: the series with the most years.
pub const MAX_SERIES: usize = 8;

/// One line of a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub org: Option<String>,
    pub label: Option<String>,
    pub modality: Modality,
    /// (year, value), by year.
    pub points: Vec<(i32, f64)>,
}

impl Series {
    /// The legend text: organisation, label, "(mục tiêu)" for targets.
    pub fn name(&self) -> String {
        let mut s = self
            .org
            .clone()
            .unwrap_or_else(|| "(không rõ tổ chức)".into());
        if let Some(l) = &self.label {
            s.push_str(" · ");
            s.push_str(l);
        }
        if self.modality == Modality::Target {
            s.push_str(" (mục tiêu)");
        }
        s
    }
}

/// One panel: a metric in one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub metric: String,
    pub unit: String,
    pub series: Vec<Series>,
    /// Series of this metric and unit that were not drawn.
    pub left_out: usize,
}

/// The panels of a year-over-year table: per metric and unit, the
/// `max_series` series with the most years (then the largest last value).
pub fn panels(rows: &[YoyRow], max_series: usize) -> Vec<Panel> {
    type Key = (Option<String>, Option<String>, Modality);
    type Lines = BTreeMap<Key, Vec<(i32, f64)>>;
    let mut by_panel: BTreeMap<(String, String), Lines> = BTreeMap::new();
    for r in rows {
        by_panel
            .entry((r.metric.clone(), r.unit.clone()))
            .or_default()
            .entry((r.org.clone(), r.label.clone(), r.modality))
            .or_default()
            .push((r.year, r.value));
    }
    by_panel
        .into_iter()
        .map(|((metric, unit), series)| {
            let mut series: Vec<Series> = series
                .into_iter()
                .map(|((org, label, modality), mut points)| {
                    points.sort_by_key(|p| p.0);
                    Series {
                        org,
                        label,
                        modality,
                        points,
                    }
                })
                .collect();
            let total = series.len();
            // Most years first; then the largest latest value; then by name.
            series.sort_by(|a, b| {
                b.points
                    .len()
                    .cmp(&a.points.len())
                    .then_with(|| {
                        let last = |s: &Series| s.points.last().map_or(0.0, |p| p.1);
                        last(b).total_cmp(&last(a))
                    })
                    .then_with(|| a.name().cmp(&b.name()))
            });
            series.truncate(max_series);
            Panel {
                metric,
                unit,
                left_out: total - series.len(),
                series,
            }
        })
        .collect()
}

/// A drawn point, in the pixel space of the whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub panel: usize,
    pub series: usize,
    pub year: i32,
    pub value: f64,
    pub x: i32,
    pub y: i32,
}

/// Chart size in pixels for `n` panels: two columns of 600 × 420.
pub fn size(n: usize) -> (u32, u32) {
    let cols = n.clamp(1, 2) as u32;
    let rows = n.div_ceil(2).max(1) as u32;
    (600 * cols, 420 * rows)
}

/// A value written the Vietnamese way: 1,5 tỷ, 12 triệu, 10.000, 0,5.
pub fn compact(v: f64) -> String {
    let (x, unit) = match v.abs() {
        a if a >= 1e9 => (v / 1e9, " tỷ"),
        a if a >= 1e6 => (v / 1e6, " triệu"),
        _ => (v, ""),
    };
    if (x - x.round()).abs() >= 0.05 {
        return format!("{x:.1}{unit}").replace('.', ",");
    }
    let digits = format!("{:.0}", x.round().abs());
    let mut s = String::with_capacity(digits.len() + 4);
    if x.round() < 0.0 {
        s.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            s.push('.');
        }
        s.push(c);
    }
    s + unit
}

/// Line colours, told apart in print and by most colour-blind readers.
const COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(100, 100, 100),
    RGBColor(240, 228, 66),
];

/// Draw `panels` on `root`; returns where each point landed.
fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, panels: &[Panel]) -> Result<Vec<Marker>>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("drawing the chart: {e}");
    root.fill(&WHITE).map_err(err)?;
    let cols = panels.len().clamp(1, 2);
    let areas = root.split_evenly((panels.len().div_ceil(2).max(1), cols));
    let mut markers = Vec::new();
    for (p, (area, panel)) in areas.iter().zip(panels).enumerate() {
        let (w, h) = area.dim_in_pixel();
        // The legend takes the lower part of the panel, one line a series.
        let legend_h = (16 * panel.series.len() as u32 + 8).min(h / 2);
        let (plot, legend) = area.split_vertically(h - legend_h);
        let years = panel
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let (y0, y1) = match (years.clone().min(), years.max()) {
            (Some(a), Some(b)) => (a, b),
            _ => continue,
        };
        let values = panel
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1));
        let lo = values.clone().fold(f64::INFINITY, f64::min).min(0.0);
        let hi = values.fold(f64::NEG_INFINITY, f64::max).max(lo + 1.0);
        let mut caption = if panel.unit.is_empty() {
            panel.metric.clone()
        } else {
            format!("{} ({})", panel.metric, panel.unit)
        };
        if panel.left_out > 0 {
            caption.push_str(&format!(
                " — {} of {} series",
                panel.series.len(),
                panel.series.len() + panel.left_out
            ));
        }
        let mut chart = ChartBuilder::on(&plot)
            .caption(caption, ("sans-serif", 17))
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(62)
            .build_cartesian_2d(y0 - 1..y1 + 1, lo..hi * 1.08)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(((y1 - y0 + 3) as usize).min(10))
            .x_label_formatter(&|y| y.to_string())
            .y_label_formatter(&|v| compact(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(225, 225, 225))
            .y_labels(8)
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(err)?;
        for (i, s) in panel.series.iter().enumerate() {
            let c = COLOURS[i % COLOURS.len()];
            let pts = s.points.clone();
            if s.modality == Modality::Target {
                chart
                    .draw_series(DashedLineSeries::new(pts.clone(), 7, 5, c.stroke_width(2)))
                    .map_err(err)?;
                chart
                    .draw_series(pts.iter().map(|p| Circle::new(*p, 3, c.stroke_width(2))))
                    .map_err(err)?;
            } else {
                chart
                    .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
                    .map_err(err)?;
                chart
                    .draw_series(pts.iter().map(|p| Circle::new(*p, 3, c.filled())))
                    .map_err(err)?;
            }
            for &(year, value) in &s.points {
                let (x, y) = chart.backend_coord(&(year, value));
                markers.push(Marker {
                    panel: p,
                    series: i,
                    year,
                    value,
                    x,
                    y,
                });
            }
        }
        let room = w.saturating_sub(70) as usize / 7;
        for (i, s) in panel.series.iter().enumerate() {
            let c = COLOURS[i % COLOURS.len()];
            let y = 4 + 16 * i as i32;
            let style = if s.modality == Modality::Target {
                c.stroke_width(2)
            } else {
                c.filled().stroke_width(2)
            };
            let line: Vec<(i32, i32)> = if s.modality == Modality::Target {
                vec![(20, y + 7), (27, y + 7)]
            } else {
                vec![(20, y + 7), (44, y + 7)]
            };
            legend.draw(&PathElement::new(line, style)).map_err(err)?;
            if s.modality == Modality::Target {
                legend
                    .draw(&PathElement::new(vec![(33, y + 7), (44, y + 7)], style))
                    .map_err(err)?;
            }
            let mut name = s.name();
            if name.chars().count() > room {
                name = name
                    .chars()
                    .take(room.saturating_sub(1))
                    .collect::<String>()
                    + "…";
            }
            legend
                .draw(&Text::new(name, (52, y), ("sans-serif", 13)))
                .map_err(err)?;
        }
    }
    root.present().map_err(err)?;
    Ok(markers)
}

/// The panels as an SVG document, and where each point landed.
pub fn svg(panels: &[Panel]) -> Result<(String, Vec<Marker>)> {
    register_font()?;
    let mut out = String::new();
    let markers = {
        let root = SVGBackend::with_string(&mut out, size(panels.len())).into_drawing_area();
        draw(&root, panels)?
    };
    Ok((out, markers))
}

/// DejaVu Sans, registered once as plotters' "sans-serif" for bitmaps.
fn register_font() -> Result<()> {
    static FONT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *FONT.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
            .is_ok()
    });
    if ok {
        Ok(())
    } else {
        bail!("the built-in font could not be loaded")
    }
}

/// The chart format named by a path's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Svg,
    Png,
}

/// The kind of chart `path` asks for; an error for other extensions.
pub fn check_path(path: &Path) -> Result<Kind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => Ok(Kind::Svg),
        "png" => Ok(Kind::Png),
        _ => bail!("{}: a chart is .svg or .png", path.display()),
    }
}

/// Write the panels of `rows` to `path`: `.svg` or `.png`, by extension.
pub fn write(path: &Path, rows: &[YoyRow]) -> Result<()> {
    let kind = check_path(path)?;
    let panels = panels(rows, MAX_SERIES);
    if panels.is_empty() {
        bail!(
            "{}: nothing to plot (no year-over-year rows)",
            path.display()
        );
    }
    match kind {
        Kind::Svg => {
            let (doc, _) = svg(&panels)?;
            std::fs::write(path, doc).with_context(|| format!("{}: cannot write", path.display()))
        }
        Kind::Png => {
            register_font()?;
            let root = BitMapBackend::new(path, size(panels.len())).into_drawing_area();
            draw(&root, &panels).with_context(|| format!("{}: cannot write", path.display()))?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org: &str, metric: &str, modality: Modality, year: i32, value: f64) -> YoyRow {
        YoyRow {
            org: Some(org.into()),
            metric: metric.into(),
            label: None,
            modality,
            unit: "person".into(),
            year,
            value,
            prev_year: None,
            prev_value: None,
            change: None,
            pct_change: None,
            n_articles: 1,
        }
    }

    #[test]
    fn one_panel_per_metric_a_line_per_org_targets_apart() {
        let rows = vec![
            row("Công đoàn A", "members", Modality::Actual, 2017, 10141.0),
            row("Công đoàn A", "members", Modality::Actual, 2019, 9697.0),
            row("Công đoàn A", "members", Modality::Target, 2020, 10500.0),
            row("Công đoàn B", "members", Modality::Actual, 2019, 300.0),
            row("Công đoàn A", "unions", Modality::Actual, 2017, 65.0),
        ];
        let p = panels(&rows, MAX_SERIES);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].metric, "members");
        let names: Vec<String> = p[0].series.iter().map(Series::name).collect();
        assert_eq!(
            names,
            ["Công đoàn A", "Công đoàn A (mục tiêu)", "Công đoàn B"]
        );
        assert_eq!(p[0].series[0].points, [(2017, 10141.0), (2019, 9697.0)]);
        let p = panels(&rows, 1);
        assert_eq!(p[0].left_out, 2);
    }

    #[test]
    fn svg_has_every_point_and_vietnamese_text() {
        let rows = vec![
            row(
                "Công đoàn Viên chức thành phố Hà Nội",
                "members",
                Modality::Actual,
                2017,
                10141.0,
            ),
            row(
                "Công đoàn Viên chức thành phố Hà Nội",
                "members",
                Modality::Actual,
                2019,
                9697.0,
            ),
            row(
                "Công đoàn Viên chức thành phố Hà Nội",
                "members",
                Modality::Target,
                2020,
                10500.0,
            ),
        ];
        let (doc, markers) = svg(&panels(&rows, MAX_SERIES)).expect("svg");
        assert!(doc.starts_with("<svg"), "{}", &doc[..40]);
        assert!(doc.contains("Công đoàn Viên chức thành phố Hà Nội"));
        assert!(doc.contains("stroke-dasharray") || doc.matches("<polyline").count() > 1);
        assert_eq!(markers.len(), 3);
        // Later years lie to the right; more members lie higher.
        assert!(markers[1].x > markers[0].x);
        assert!(markers[1].y > markers[0].y);
    }

    #[test]
    fn compact_values_read_in_vietnamese() {
        assert_eq!(compact(1.5e9), "1,5 tỷ");
        assert_eq!(compact(12e6), "12 triệu");
        assert_eq!(compact(35_000.0), "35.000");
        assert_eq!(compact(-10_141.0), "-10.141");
        assert_eq!(compact(980.0), "980");
        assert_eq!(compact(0.5), "0,5");
    }
}
