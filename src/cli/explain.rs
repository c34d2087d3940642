//! `solieu explain` — why a number became a figure, or did not.
//!
//! ```text
//! solieu explain ARTICLE [--id ID] [--rules DIR] [--tones STYLE] [--json]
//! solieu explain --text "…"
//! ```
//!
//! ARTICLE is a .txt or .html file, or a dump (.jsonl, .ndjson, .json, also
//! compressed) with `--id` naming the record (without it, the first
//! record). Prints the article's normalised text with every quantity marked
//! and numbered, then what each became: the figure (metric, value,
//! qualifier, label, year, org, modality, rule), the `skip` rule that
//! dropped it and why, that no rule claimed it (with the words after it), or
//! that it stands in a line the cleaner dropped as page furniture.

use super::{load_pack, usage};
use crate::corpus::{Corpus, Payload, RawArticle, ReadOptions};
use crate::explain::{self, Explanation, Outcome};
use crate::text::tone::TonePlacement;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The article: a .txt/.html file, or a dump with --id.
    #[arg(value_name = "ARTICLE", required_unless_present = "text")]
    article: Option<PathBuf>,
    /// The record of a dump to explain (its `id`, or FILE:LINE).
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// Explain this text instead of a file.
    #[arg(long, value_name = "TEXT", conflicts_with = "article")]
    text: Option<String>,
    /// Rule pack folder.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Tone-mark placement: classic, modern or keep.
    #[arg(long, value_name = "STYLE", default_value = "classic")]
    tones: String,
    /// One JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub fn main(args: Args) -> Result<i32> {
    let tones = match args.tones.as_str() {
        "classic" => TonePlacement::Classic,
        "modern" => TonePlacement::Modern,
        "keep" => TonePlacement::Keep,
        other => return Err(usage(format!("--tones {other}: classic, modern or keep"))),
    };
    let mut engine = load_pack(args.rules.as_deref())?;
    engine.normalize.tones = tones;
    let raw = match (&args.text, &args.article) {
        (Some(t), _) => RawArticle {
            article_id: "text".into(),
            source: "--text".into(),
            payload: Payload::Text(t.clone()),
            title: None,
            published: None,
            html: false,
        },
        (None, Some(path)) => find(path, args.id.as_deref())?,
        (None, None) => return Err(usage("give an ARTICLE file or --text")),
    };
    let x = explain::explain(&engine, raw);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json(&x))?);
    } else {
        print!("{}", render(&x));
    }
    Ok(0)
}

/// The record `id` of `path` (the first record without an id).
fn find(path: &std::path::Path, id: Option<&str>) -> Result<RawArticle> {
    let corpus = Corpus::open(std::slice::from_ref(&path.to_path_buf()))?;
    let opts = ReadOptions::default();
    let mut records = corpus.records(&opts);
    while let Some(p) = records.next_pending() {
        let raw = p.materialise(&opts);
        if id.is_none_or(|id| raw.article_id == id) {
            return Ok(raw);
        }
    }
    match id {
        Some(id) => anyhow::bail!("{}: no record with id {id}", path.display()),
        None => anyhow::bail!("{}: no record", path.display()),
    }
}

/// Subscript digits, to number the marked quantities.
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// The explanation as text: header, marked text, one line per quantity.
pub fn render(x: &Explanation) -> String {
    let info = &x.processed.info;
    let text = x.text();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {}, {} figure(s){}",
        info.article_id,
        info.source,
        info.status.as_str(),
        x.processed.figures.len(),
        info.detail
            .as_deref()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default()
    );
    let year = info.year.map_or("-".into(), |y| y.to_string());
    let _ = writeln!(
        out,
        "article year {year}, organisation {}\n",
        info.org.as_deref().unwrap_or("-")
    );
    let mut at = 0;
    for (i, q) in x.quantities.iter().enumerate() {
        if q.start < at {
            continue;
        }
        out.push_str(&text[at..q.start]);
        let _ = write!(out, "⟦{}⟧{}", &text[q.start..q.end], subscript(i + 1));
        at = q.end;
    }
    out.push_str(&text[at..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    if x.quantities.is_empty() {
        out.push_str("No quantity in this text.\n");
    }
    for (i, q) in x.quantities.iter().enumerate() {
        let phrase = &text[q.start..q.end];
        let _ = write!(out, "{:>3}. {phrase} → ", i + 1);
        let _ = match &q.outcome {
            Outcome::Figure(f) => {
                let mut s = format!(
                    "{} {}{} ({})",
                    f.metric,
                    crate::analysis::human(f.value),
                    f.value_max
                        .map(|m| format!("–{}", crate::analysis::human(m)))
                        .unwrap_or_default(),
                    f.qualifier.as_str()
                );
                if let Some(l) = &f.label {
                    let _ = write!(s, ", label «{l}»");
                }
                let _ = write!(
                    s,
                    ", year {}, org {}, {}, rule {}",
                    f.year.map_or("-".into(), |y| y.to_string()),
                    f.org.as_deref().unwrap_or("-"),
                    f.modality.as_str(),
                    f.rule
                );
                if f.part_of.is_some() {
                    s.push_str(", a part of the total before it");
                }
                writeln!(out, "{s}")
            }
            Outcome::RepeatedTitle { metric, rule } => writeln!(
                out,
                "not taken: a {metric} figure of the title the body repeats (rule {rule}); the body's is kept"
            ),
            Outcome::Skipped { rule, reason } => {
                writeln!(out, "skipped by {rule}: {reason}")
            }
            Outcome::Unclaimed => writeln!(
                out,
                "not taken: no rule claims it (followed by «{}»)",
                explain::words_after(text, q.end, 4)
            ),
            Outcome::NotRead => writeln!(
                out,
                "not read: its line was dropped as page furniture (navigation, related news, caption, byline)"
            ),
        };
    }
    out
}

fn json(x: &Explanation) -> serde_json::Value {
    let text = x.text();
    let quantities: Vec<serde_json::Value> = x
        .quantities
        .iter()
        .map(|q| {
            let outcome = match &q.outcome {
                Outcome::Figure(f) => serde_json::json!({
                    "kind": "figure",
                    "metric": f.metric,
                    "value": f.value,
                    "value_max": f.value_max,
                    "qualifier": f.qualifier.as_str(),
                    "unit": f.unit,
                    "label": f.label,
                    "year": f.year,
                    "org": f.org,
                    "modality": f.modality.as_str(),
                    "rule": f.rule,
                    "text": &text[f.start as usize..f.end as usize],
                }),
                Outcome::RepeatedTitle { metric, rule } => serde_json::json!({
                    "kind": "repeated_title", "metric": metric, "rule": rule,
                }),
                Outcome::Skipped { rule, reason } => serde_json::json!({
                    "kind": "skipped", "rule": rule, "reason": reason,
                }),
                Outcome::Unclaimed => serde_json::json!({
                    "kind": "unclaimed", "next_words": explain::words_after(text, q.end, 4),
                }),
                Outcome::NotRead => serde_json::json!({ "kind": "not_read" }),
            };
            serde_json::json!({
                "start": q.start,
                "end": q.end,
                "text": &text[q.start..q.end],
                "value": q.value,
                "outcome": outcome,
            })
        })
        .collect();
    let info = &x.processed.info;
    serde_json::json!({
        "article_id": info.article_id,
        "source": info.source,
        "status": info.status.as_str(),
        "year": info.year,
        "org": info.org,
        "text": text,
        "quantities": quantities,
    })
}
