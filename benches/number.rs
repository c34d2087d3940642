//! Throughput of the Vietnamese number reader on a mixed list of phrases as
//! the rule engine hands them over (the text of a rule's `value` group).
//!
//! Run: `cargo bench --bench number` (criterion prints time per iteration
//! and phrases/second as "thrpt").

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use solieu::number::{parse_digits, parse_quantity, parse_words};

const PHRASES: &[&str] = &[
    "trên 654 triệu đồng",
    "198",
    "vượt 98%",
    "hơn 500",
    "03",
    "01",
    "100%",
    "trên 70%",
    "hơn 30 nghìn",
    "trên 900 tỷ đồng",
    "65",
    "10.141",
    "10.159",
    "85-90%",
    "95%",
    "trên 200",
    "9697",
    "trên 6 triệu đồng",
    "04",
    "50.000đ/ngày",
    "1,5 tỷ đồng",
    "1 tỷ 200 triệu đồng",
    "30 nghìn tỷ đồng",
    "từ 1 đến 2 triệu đồng",
    "10-50 triệu đồng",
    "50.000đ - 100.000đ",
    "500 nghìn - 1 triệu đồng",
    "giữa 3 và 5 triệu đồng",
    "hàng trăm",
    "hàng chục tỷ đồng",
    "gần 1.500",
    "khoảng 2.000",
    "xấp xỉ 1,2 tỷ đồng",
    "chưa đến 10%",
    "không quá 2 triệu đồng",
    "từ 50 trở lên",
    "90% trở lên",
    "1tr5",
    "500k đồng",
    "vnd 50.000",
    "1,234,567 đồng",
    "10.000,50 đồng",
    "hai mươi mốt nghìn không trăm mười một",
    "một trăm lẻ ba",
    "năm mươi phần trăm",
    "mười lăm",
    "hai triệu rưỡi",
    "2016-2021",
    "năm 2019",
    "0912.345.678",
];

fn bench(c: &mut Criterion) {
    let bytes: usize = PHRASES.iter().map(|p| p.len()).sum();
    let parsed = PHRASES
        .iter()
        .filter(|p| parse_quantity(p).is_some())
        .count();
    println!(
        "number bench: {} phrases ({} read as quantities), {} bytes per pass",
        PHRASES.len(),
        parsed,
        bytes
    );

    let mut g = c.benchmark_group("number");
    g.throughput(Throughput::Elements(PHRASES.len() as u64));
    g.bench_function("parse_quantity/mixed", |b| {
        b.iter(|| {
            for p in PHRASES {
                black_box(parse_quantity(black_box(p)));
            }
        })
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_quantity/mixed_bytes", |b| {
        b.iter(|| {
            for p in PHRASES {
                black_box(parse_quantity(black_box(p)));
            }
        })
    });
    let digits = [
        "10.141",
        "1.234.567",
        "1,5",
        "10.000,50",
        "1,234,567",
        "7.4",
        "03",
    ];
    g.throughput(Throughput::Elements(digits.len() as u64));
    g.bench_function("parse_digits", |b| {
        b.iter(|| {
            for d in digits {
                black_box(parse_digits(black_box(d)));
            }
        })
    });
    let words = [
        "hai mươi mốt nghìn không trăm mười một",
        "một trăm lẻ ba",
        "mười lăm",
        "bốn tỷ ba trăm triệu",
    ];
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("parse_words", |b| {
        b.iter(|| {
            for w in words {
                black_box(parse_words(black_box(w)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
