//! Property tests ("fuzzing" with proptest) of the stages that see raw input:
//! the normaliser never panics and is idempotent, the legacy decoder and the
//! HTML reducer never panic, the JSON Lines reader accounts for every line,
//! and the whole per-article pipeline never panics and keeps its offsets
//! inside the text.
//!
//! Case counts are bounded so the file runs in a few seconds
//! (`SOLIEU_FUZZ_CASES=100000` for a deeper run); no failure files are
//! written. The random seed is fixed so that the test suite gives the same
//! verdict on every run; `SOLIEU_FUZZ_SEED=random` (or a number) explores
//! new inputs, and what such a run finds belongs in `tests/fuzz-corpus/` or
//! in a unit test.

use proptest::prelude::*;
use solieu::corpus::{Corpus, Payload, ReadOptions};
use solieu::pipeline::Engine;
use solieu::text::{html, legacy, normalize};
use std::sync::OnceLock;

mod common;
use common::proptest_config as config;

/// Characters that stress the normaliser: Vietnamese letters precomposed and
/// not, combining tone marks, Ð/ð/Đ/đ, zero-width and odd spaces, line breaks.
const TRICKY: &[char] = &[
    'a',
    'o',
    'u',
    'y',
    'i',
    'e',
    'h',
    'n',
    'g',
    't',
    'q',
    'A',
    'O',
    'U',
    'Y',
    'ă',
    'â',
    'ê',
    'ô',
    'ơ',
    'ư',
    'Ă',
    'Ơ',
    'Ư',
    'à',
    'á',
    'ả',
    'ã',
    'ạ',
    'ò',
    'ó',
    'ỏ',
    'õ',
    'ọ',
    'ờ',
    'ớ',
    'ở',
    'ỡ',
    'ợ',
    'ù',
    'ú',
    'ủ',
    'ũ',
    'ụ',
    'ừ',
    'ứ',
    'ử',
    'ữ',
    'ự',
    'ỳ',
    'ý',
    'ỷ',
    'ỹ',
    'ỵ',
    'í',
    'ì',
    'ỉ',
    'ĩ',
    'ị',
    'ệ',
    'ế',
    'Ệ',
    'Ỹ',
    '\u{300}',
    '\u{301}',
    '\u{303}',
    '\u{309}',
    '\u{323}',
    '\u{302}',
    '\u{306}',
    '\u{31B}',
    'Ð',
    'ð',
    'Đ',
    'đ',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{AD}',
    '\u{A0}',
    '\u{2009}',
    '\u{3000}',
    '\u{85}',
    '\u{2028}',
    '\u{2029}',
    '\t',
    '\r',
    '\n',
    ' ',
    ' ',
    ' ',
    '.',
    ',',
    '-',
    '0',
    '1',
    '5',
    '9',
    '%',
    'Σ',
    'ß',
    'İ',
    '\u{10FFFF}',
];

/// Strings mostly made of [`TRICKY`], with any other character mixed in.
fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        6 => prop::sample::select(TRICKY),
        1 => any::<char>(),
    ];
    prop::collection::vec(ch, 0..max).prop_map(|v| v.into_iter().collect())
}

/// Vietnamese words (also in tone variants), so hòa/hoà and thủy/thuỷ and
/// word-level Ð handling get exercised.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "hòa",
        "hoà",
        "thủy",
        "thuỷ",
        "hoàn",
        "thuyết",
        "khoẻ",
        "khỏe",
        "Ðoàn",
        "ðoàn",
        "Đoàn",
        "viên",
        "trên",
        "hơn",
        "khoảng",
        "công",
        "đoàn",
        "năm",
        "2019",
        "10.141",
        "1,5",
        "tỷ",
        "triệu",
        "đồng",
        "85-90%",
        "Quý",
        "quý",
        "gì",
        "giữ",
        "QUẢ",
        "Oà",
        "uỷ",
        "ủy",
        "x",
        "\u{200B}",
        "\u{A0}",
        "\n\n\n",
        "\r\n",
        "\u{0301}",
        "o\u{0300}a",
        "ươ\u{0301}",
    ]);
    let sep = prop::sample::select(vec![" ", "", "  ", "\n", "\t", ". ", ", "]);
    prop::collection::vec((word, sep), 0..40)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect::<String>())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![tricky_string(80), vietnamese_text(), any::<String>()]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn normalize_never_panics_and_is_idempotent(s in any_text()) {
        let opts = normalize::NormalizeOptions::default();
        let once = normalize::normalize(&s, &opts).into_owned();
        let twice = normalize::normalize(&once, &opts);
        prop_assert_eq!(twice.as_ref(), once.as_str(), "input {:?}", s);
        // What normalize promises to remove is gone.
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{A0}', '\r'] {
            prop_assert!(!once.contains(c), "{:?} left in {:?} (input {:?})", c, once, s);
        }
        prop_assert!(!once.contains("\n\n\n"), "{:?} (input {:?})", once, s);
    }
}

/// Bytes that look like Vietnamese in some encoding, or anything at all.
fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        prop::collection::vec(0x80u8..=0xFF, 0..200),
        tricky_string(60).prop_map(|s| s.into_bytes()),
        (
            tricky_string(40),
            prop::collection::vec(any::<u8>(), 0..8),
            tricky_string(40)
        )
            .prop_map(|(a, junk, b)| {
                let mut v = a.into_bytes();
                v.extend(junk);
                v.extend(b.into_bytes());
                v
            }),
        tricky_string(60).prop_map(|s| legacy::encode_tcvn3(&s)),
        tricky_string(60).prop_map(|s| legacy::encode_vni(&s)),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn legacy_decode_never_panics(bytes in any_bytes()) {
        let d = legacy::decode(&bytes);
        if std::str::from_utf8(&bytes).is_ok() {
            prop_assert_eq!(d.replaced, 0);
        }
        if d.replaced > 0 {
            // Damaged text is named lossy: UTF-16 when it opened with a UTF-16 byte order
            // mark, UTF-8 otherwise.
            let expected = if bytes.starts_with(b"\xFF\xFE") {
                "utf-16le-lossy"
            } else if bytes.starts_with(b"\xFE\xFF") {
                "utf-16be-lossy"
            } else {
                "utf-8-lossy"
            };
            prop_assert_eq!(d.encoding, expected);
            prop_assert!(d.text.contains(char::REPLACEMENT_CHARACTER), "no U+FFFD");
        }
        // Mojibake repair of the decoded text must not panic either.
        let _ = legacy::repair_mojibake(&d.text);
    }
}

/// HTML-ish text: tags, entities, comments, scripts and text mixed.
fn html_ish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "<div>", "</div>", "<p>", "</p>", "<br>", "<br/>", "<p class=\"a\">", "<a href='x'>",
            "</a>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<!DOCTYPE html>",
            "&amp;", "&nbsp;", "&#7843;", "&#x1EA3;", "&#99999999999;", "&#x110000;", "&#;", "&",
            "&lt;", "<", ">", "</", "<li>", "<table><tr><td>", "</td></tr></table>", "<h1>",
            "</h1>", "<![CDATA[", "]]>", "<p\n>", "<img src=x>", "\"", "'",
        ]).prop_map(str::to_string),
        2 => tricky_string(12),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn html_to_text_never_panics(s in html_ish()) {
        let text = html::html_to_text(&s);
        let _ = html::looks_like_html(&s);
        // The text goes on through normalize: that must hold too.
        let _ = normalize::normalize(&text, &Default::default());
    }
}

/// Lines of a dump: arbitrary bytes, valid records, records with odd fields.
fn dump_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..60),
        1 => prop::collection::vec(prop::sample::select(b" \t\r\x0b\x0c".to_vec()), 0..4),
        2 => any_text().prop_map(|t| serde_json::json!({ "id": "x", "text": t }).to_string().into_bytes()),
        1 => any_text().prop_map(|t| serde_json::json!({ "content": t }).to_string().into_bytes()),
        1 => prop::sample::select(vec![
            r#"{"text": null}"#, r#"{"text": []}"#, r#"{"text": {}}"#, r#"{"text": 1e400}"#,
            r#"{"id": null, "text": "a"}"#, r#"{"id": "", "text": "a"}"#, r#"[]"#, r#"null"#,
            r#"{"#, r#"{"text": "\ud800"}"#, r#"{"html": "<p>Có 5 đoàn viên</p>"}"#,
            "\u{FEFF}{\"text\": \"a\"}", r#"{"text": "a"} trailing"#, r#"{"text":"a","text":"b"}"#,
        ]).prop_map(|s| s.as_bytes().to_vec()),
    ]
    .prop_map(|mut v| {
        v.retain(|&b| b != b'\n');
        v
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn jsonl_reader_yields_one_record_per_non_blank_line(
        lines in prop::collection::vec(dump_line(), 0..30),
        trailing_newline in any::<bool>(),
        max_bytes in prop::sample::select(vec![16usize, 64, 64 << 20]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump.jsonl");
        let mut data = lines.join(&b'\n');
        if trailing_newline {
            data.push(b'\n');
        }
        std::fs::write(&path, &data).unwrap();
        let expected: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                // The reader drops one trailing CR, then skips blank lines.
                let l = l.strip_suffix(b"\r").unwrap_or(l);
                !l.iter().all(u8::is_ascii_whitespace)
            })
            .map(|(i, _)| i + 1)
            .collect();
        let corpus = Corpus::open(std::slice::from_ref(&path)).unwrap();
        let opts = ReadOptions { max_bytes, ..ReadOptions::default() };
        let records: Vec<_> = corpus.records(&opts).collect();
        prop_assert_eq!(records.len(), expected.len(), "lines {:?}", lines);
        for (r, line) in records.iter().zip(&expected) {
            prop_assert_eq!(&r.source, "dump.jsonl");
            prop_assert!(!r.article_id.is_empty());
            match &r.payload {
                Payload::Failed(_, detail) => prop_assert!(
                    detail.starts_with(&format!("line {line}:")),
                    "{:?} for line {}", detail, line
                ),
                Payload::Text(_) | Payload::LossyText(..) | Payload::Damaged(..) => {}
                Payload::Bytes(_) => prop_assert!(false, "bytes payload from JSON Lines"),
            }
        }
        // The library's default options read the same number of records.
        let again = Corpus::open(&[path]).unwrap().records(&Default::default()).count();
        prop_assert!(max_bytes != 64 << 20 || again == records.len());
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let pack = solieu::rules::builtin();
        Engine::new(pack).expect("engine")
    })
}

/// Article-like text: numbers, multipliers, qualifiers, units and noise.
fn article_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => prop::sample::select(vec![
            "trên", "hơn", "khoảng", "gần", "dưới", "từ", "đến", "-", "–", "5", "03", "10.141",
            "1,5", "1.500", "85-90%", "%", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "tr", "đồng",
            "đoàn viên", "công đoàn cơ sở", "bằng khen", "giấy khen", "hai trăm", "mười lăm",
            "năm", "2019", "ngày 30/8", "số 01-CT/UBND", "Công đoàn", "LĐLĐ", "TP", "Hà Nội",
            "phấn đấu", "chỉ tiêu", "năm nay", "Tin liên quan", ".", ",", "\n", "\n\n", ":", "(",
            ")", "Ðoàn", "hoà", "\u{200B}", "1tr5", "01tập thể", "vượt", "kế hoạch",
        ]).prop_map(str::to_string),
        1 => tricky_string(6),
        1 => "[0-9]{1,12}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn processing_never_panics_and_offsets_point_into_the_text(s in prop_oneof![
        3 => article_text(),
        1 => any_text(),
    ]) {
        let p = engine().process_text("fuzz", &s);
        prop_assert_eq!(p.info.figures as usize, p.figures.len());
        for f in &p.figures {
            let (a, b) = (f.start as usize, f.end as usize);
            prop_assert!(a < b && b <= p.text.len(), "{:?} in {:?}", f, p.text);
            prop_assert!(p.text.is_char_boundary(a) && p.text.is_char_boundary(b));
            let (sa, sb) = (f.sentence.0 as usize, f.sentence.1 as usize);
            prop_assert!(sa <= a && b <= sb && sb <= p.text.len(), "{:?}", f);
            prop_assert!(p.text.is_char_boundary(sa) && p.text.is_char_boundary(sb));
            prop_assert!(f.value.is_finite(), "{:?}", f);
            prop_assert_eq!(p.span(f), &p.text[a..b]);
        }
    }
}

/// The fuzz corpus kept in tests/fuzz-corpus/: inputs that once broke or
/// slowed solieu, or that sit on the edges of its readers, replayed through
/// every stage on every test run.
#[test]
fn fuzz_corpus_replays_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "fuzz corpus missing");
    let engine = solieu::pipeline::Engine::new(
        solieu::rules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
            .unwrap(),
    )
    .unwrap();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let decoded = solieu::text::legacy::decode(&bytes);
        let text = solieu::text::normalize::normalize(&decoded.text, &Default::default());
        assert_eq!(
            solieu::text::normalize::normalize(&text, &Default::default()),
            text,
            "{}: normalisation not idempotent",
            path.display()
        );
        let _ = solieu::text::html::html_to_text(&decoded.text);
        for line in decoded.text.lines() {
            let _ = solieu::number::parse_quantity(line);
        }
        // Every record of the file comes back with a status.
        let corpus = Corpus::open(std::slice::from_ref(path)).unwrap();
        let n = corpus
            .records(&ReadOptions::default())
            .map(|r| engine.process(r))
            .inspect(|p| {
                for f in &p.figures {
                    assert!(f.value.is_finite(), "{}: {f:?}", path.display());
                    assert!(p.text.is_char_boundary(f.start as usize));
                }
            })
            .count();
        assert!(n >= 1, "{}: no record", path.display());
    }
}
