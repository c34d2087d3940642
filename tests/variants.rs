//! Whatever form an article arrives in, the same figures come out: every
//! sample article is rebuilt as NFD, with swapped tone placement, Ð for Đ,
//! NBSP for spaces, in Windows-1258, TCVN3 and VNI bytes, as TCVN3 mojibake
//! in UTF-8, and wrapped in HTML with a related-news block.

use solieu::corpus::{Payload, RawArticle};
use solieu::pipeline::Engine;
use solieu::text::legacy;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn engine() -> Engine {
    Engine::new(solieu::rules::load(&root().join("rules")).unwrap()).unwrap()
}

fn figures(engine: &Engine, payload: Payload, html: bool) -> Vec<(String, u64, Option<i32>)> {
    let p = engine.process(RawArticle {
        article_id: "x".into(),
        source: "x".into(),
        payload,
        title: None,
        published: None,
        html,
    });
    assert!(p.info.status.processed(), "{:?}", p.info);
    let mut v: Vec<_> = p
        .figures
        .iter()
        .map(|f| (f.metric.clone(), f.value.to_bits(), f.year))
        .collect();
    v.sort();
    v
}

/// Move tone marks of open oa/oe/uy syllables to the other vowel.
fn swap_tones(s: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("òa", "oà"),
        ("óa", "oá"),
        ("ỏa", "oả"),
        ("õa", "oã"),
        ("ọa", "oạ"),
        ("òe", "oè"),
        ("óe", "oé"),
        ("ỏe", "oẻ"),
        ("ủy", "uỷ"),
        ("úy", "uý"),
        ("ùy", "uỳ"),
        ("ũy", "uỹ"),
        ("ụy", "uỵ"),
    ];
    let mut out = s.to_string();
    for (a, b) in PAIRS {
        out = out.replace(a, b);
    }
    out
}

/// Windows-1258 keeps tone marks as combining characters: decompose, then
/// recompose only the vowel shapes (â, ă, ơ …) it has as single bytes.
fn to_windows_1258(text: &str) -> Vec<u8> {
    let is_shape = |c: char| matches!(c, '\u{302}' | '\u{306}' | '\u{31b}');
    let is_mark = |c: char| ('\u{300}'..='\u{36f}').contains(&c);
    let mut out = String::new();
    let chars: Vec<char> = text.nfd().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        while j < chars.len() && is_mark(chars[j]) {
            j += 1;
        }
        let mut base: String = chars[i].to_string();
        for &m in &chars[i + 1..j] {
            if is_shape(m) {
                base = format!("{base}{m}").nfc().collect();
            }
        }
        out.push_str(&base);
        out.extend(chars[i + 1..j].iter().filter(|m| !is_shape(**m)));
        i = j;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&out);
    assert!(!unmappable, "text not representable in windows-1258");
    bytes.into_owned()
}

fn to_html(text: &str) -> String {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default();
    let mut h = format!(
        "<html><head><title>t</title><style>p{{}}</style></head><body><h1>{title}</h1><article>"
    );
    for l in lines {
        h.push_str("<p>");
        h.push_str(&l.replace('&', "&amp;").replace('<', "&lt;"));
        h.push_str("</p>\n");
    }
    h.push_str("</article><div class=\"related\"><h3>Tin liên quan</h3><ul><li>LĐLĐ quận trao 777 triệu đồng cho 99 đoàn viên</li></ul></div></body></html>");
    h
}

#[test]
fn every_variant_gives_the_same_figures() {
    let engine = engine();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let base = figures(&engine, Payload::Text(text.clone()), false);
        assert!(!base.is_empty(), "{name}");
        let variants: Vec<(&str, Payload, bool)> = vec![
            ("NFD", Payload::Text(text.nfd().collect()), false),
            ("tones swapped", Payload::Text(swap_tones(&text)), false),
            (
                "Ð for Đ",
                Payload::Text(text.replace('Đ', "Ð").replace('đ', "ð")),
                false,
            ),
            ("NBSP", Payload::Text(text.replace(' ', "\u{a0}")), false),
            (
                "zero-width",
                Payload::Text(text.replace("đoàn", "đo\u{200b}àn")),
                false,
            ),
            (
                "windows-1258",
                Payload::Bytes(to_windows_1258(&text)),
                false,
            ),
            ("TCVN3", Payload::Bytes(legacy::encode_tcvn3(&text)), false),
            ("VNI", Payload::Bytes(legacy::encode_vni(&text)), false),
            (
                "TCVN3 mojibake",
                Payload::Text(
                    legacy::encode_tcvn3(&text)
                        .iter()
                        .map(|&b| b as char)
                        .collect(),
                ),
                false,
            ),
            ("HTML", Payload::Text(to_html(&text)), true),
            (
                "HTML bytes",
                Payload::Bytes(to_html(&text).into_bytes()),
                true,
            ),
        ];
        for (what, payload, html) in variants {
            let got = figures(&engine, payload, html);
            assert_eq!(got, base, "{name}: {what} variant differs");
        }
    }
}
