//! Throughput of the whole per-article work (`Engine::process`: decode,
//! normalise, clean, segment, extract, attribute) on the sample corpus, in
//! bytes of article text per second, on one thread. A run's throughput is
//! close to this times the number of threads, less reading and writing (see
//! `benches/stages.rs` and `benches/e2e.sh`).
//!
//! Run: `cargo bench --bench extract`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use solieu::corpus::{Corpus, ReadOptions};
use solieu::pipeline::Engine;

fn process(c: &mut Criterion) {
    let pack = solieu::rules::builtin();
    let engine = Engine::new(pack).expect("engine");
    let corpus = Corpus::builtin();
    let records: Vec<_> = corpus.records(&ReadOptions::default()).collect();
    let bytes: u64 = records
        .iter()
        .map(|r| match &r.payload {
            solieu::corpus::Payload::Bytes(b) => b.len() as u64,
            solieu::corpus::Payload::Text(t)
            | solieu::corpus::Payload::LossyText(t, _)
            | solieu::corpus::Payload::Damaged(t, _) => t.len() as u64,
            solieu::corpus::Payload::Failed(..) => 0,
        })
        .sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("process", |b| {
        b.iter(|| {
            records
                .iter()
                .map(|r| engine.process(black_box(r.clone())).figures.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, process);
criterion_main!(benches);
