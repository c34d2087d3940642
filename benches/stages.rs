//! Throughput of each pipeline stage on the sample corpus repeated 20 times
//! (about 0.9 MB of text), so users and developers can see where the time of
//! a run goes: read (JSON Lines records), normalise, clean, extract (rules
//! over the lowercased text), frame (the figures as a polars DataFrame) and
//! write (figures and articles as parquet).
//!
//! Run: `cargo bench --bench stages` (criterion prints time per iteration
//! and bytes/second as "thrpt"; the bytes are those of the article texts).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use solieu::corpus::{Corpus, ReadOptions};
use solieu::export::{Format, Sinks};
use solieu::figure::Processed;
use solieu::pipeline::Engine;
use solieu::text::{clean, fold, normalize};
use std::io::Write;

const REPEAT: usize = 20;

/// The sample articles built into solieu, in file name order.
fn samples() -> Vec<(String, String)> {
    solieu::builtin::CORPUS
        .iter()
        .map(|(name, text)| (name.trim_end_matches(".txt").to_string(), text.to_string()))
        .collect()
}

fn stages(c: &mut Criterion) {
    let pack = solieu::rules::builtin();
    let engine = Engine::new(pack).expect("engine");
    let samples = samples();
    let texts: Vec<String> = (0..REPEAT)
        .flat_map(|_| samples.iter().map(|(_, t)| t.clone()))
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();

    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("samples.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&dump).expect("create dump"));
        for r in 0..REPEAT {
            for (id, text) in &samples {
                let rec = serde_json::json!({ "id": format!("{id}-{r}"), "text": text });
                serde_json::to_writer(&mut f, &rec).expect("write dump");
                f.write_all(b"\n").expect("write dump");
            }
        }
        f.flush().expect("flush dump");
    }

    let normalised: Vec<String> = texts
        .iter()
        .map(|t| normalize::normalize(t, &engine.normalize).into_owned())
        .collect();
    let boilerplate = clean::Boilerplate::new(&engine.pack.boilerplate);
    let cleaned: Vec<clean::Cleaned> = normalised
        .iter()
        .map(|t| clean::clean(t, &boilerplate, None))
        .collect();
    let processed: Vec<Processed> = normalised
        .iter()
        .enumerate()
        .map(|(i, t)| engine.process_text(&format!("a{i}"), t))
        .collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("read", |b| {
        b.iter(|| {
            let corpus = Corpus::open(std::slice::from_ref(&dump)).expect("open dump");
            corpus.records(&ReadOptions::default()).count()
        })
    });
    g.bench_function("normalise", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| normalize::normalize(black_box(t), &engine.normalize).len())
                .sum::<usize>()
        })
    });
    g.bench_function("clean", |b| {
        b.iter(|| {
            normalised
                .iter()
                .map(|t| clean::clean(black_box(t), &boilerplate, None).body.len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            normalised
                .iter()
                .zip(&cleaned)
                .map(|(t, c)| {
                    let folded = fold::lowercase(t);
                    solieu::extract::find(&engine.pack, t, &folded, &c.body).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("frame", |b| {
        b.iter(|| {
            solieu::frame::figures_frame(&solieu::figure::figure_rows(black_box(&processed)))
                .expect("figures frame")
                .height()
        })
    });
    g.bench_function("write", |b| {
        b.iter(|| write_parquet(dir.path(), &processed))
    });
    g.finish();
}

/// figures.parquet and articles.parquet of `batch` into `dir/out`.
fn write_parquet(dir: &std::path::Path, batch: &[Processed]) {
    let out = dir.join("out");
    let mut sinks =
        Sinks::create(&out, &[Format::Parquet], false, false, None).expect("create sinks");
    sinks.write(batch).expect("write parquet");
    sinks.finish().expect("finish parquet");
}

criterion_group!(benches, stages);
criterion_main!(benches);
