//! `solieu gen-corpus` — a synthetic corpus for benchmarks and accuracy at scale.
//!
//! ```text
//! solieu gen-corpus --size 1GiB --out FILE.jsonl.zst [--seed N] [--gold FILE]
//!                   [--kind synthetic|sample-like]
//! ```
//!
//! `--kind synthetic` (the default) writes a JSON Lines dump (`{"id","title","published","text"}` per line;
//! `.gz` and `.zst` compress it) whose article texts add up to `--size` bytes,
//! built from the sample articles (`corpus/`) with figures of every metric
//! planted in them, and a gold file listing each planted figure
//! (`{"file","article_id","metric","value","value_max","qualifier","label",
//! "year","org","text"}`, `file` being the article id). The same seed gives
//! the same corpus; memory stays constant whatever the size.
//!
//! Score an extraction of it by matching figures to the gold file on
//! article_id, metric and value (see `tests/scale.rs`).
//!
//! `--kind sample-like` writes the sample articles themselves, over and over,
//! every number in digits varied by the seed in its own format (see
//! [`synth::vary_numbers`]): text like real press text, for benchmarks. It
//! writes no gold file (only the originals' figures are annotated).

use crate::synth::{self, Filler, Generator, SampleLike};
use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Approximate size of the text, e.g. 100MB, 1GiB.
    #[arg(long, default_value = "100MB")]
    size: String,
    /// Output file (.jsonl, .jsonl.gz or .jsonl.zst).
    #[arg(long)]
    out: PathBuf,
    /// Random seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Gold file of planted figures (default: OUT with .gold.jsonl;
    /// synthetic corpora only).
    #[arg(long)]
    gold: Option<PathBuf>,
    /// What to write: `synthetic` (planted figures of every metric, with a
    /// gold file) or `sample-like` (the sample articles with varied numbers,
    /// no gold file).
    #[arg(long, value_enum, default_value_t = Kind::Synthetic)]
    kind: Kind,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Synthetic,
    SampleLike,
}

/// `dump.jsonl.zst` → `dump.gold.jsonl`.
pub fn default_gold(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let stem = [
        ".jsonl.gz",
        ".jsonl.zst",
        ".ndjson",
        ".jsonl",
        ".json",
        ".gz",
        ".zst",
    ]
    .iter()
    .find(|ext| lower.ends_with(*ext) && lower.len() > ext.len())
    .map_or(name.as_str(), |ext| &name[..name.len() - ext.len()]);
    out.with_file_name(format!("{stem}.gold.jsonl"))
}

/// A writer that compresses by the file extension.
enum Sink {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

impl Sink {
    fn create(path: &Path) -> Result<Sink> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let buf = BufWriter::with_capacity(1 << 20, file);
        let name = path.to_string_lossy().to_ascii_lowercase();
        Ok(if name.ends_with(".gz") {
            Sink::Gzip(flate2::write::GzEncoder::new(
                buf,
                flate2::Compression::default(),
            ))
        } else if name.ends_with(".zst") {
            Sink::Zstd(zstd::stream::write::Encoder::new(buf, 3).context("zstd")?)
        } else {
            Sink::Plain(buf)
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w,
            Sink::Zstd(w) => w,
        }
    }

    /// Flush and close the compressed stream.
    fn finish(self) -> std::io::Result<()> {
        let mut buf = match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w.finish()?,
            Sink::Zstd(w) => w.finish()?,
        };
        buf.flush()
    }
}

pub fn main(args: Args) -> Result<i32> {
    if args.kind == Kind::SampleLike {
        return sample_like(args);
    }
    let size = synth::parse_size(&args.size)?;
    let gold_path = args.gold.clone().unwrap_or_else(|| default_gold(&args.out));
    let filler = Filler::builtin();
    let mut gen = Generator::new(filler, args.seed)?;
    let mut corpus = Sink::create(&args.out)?;
    let mut gold = Sink::create(&gold_path)?;
    // serde_json writes many small pieces: buffer them before the encoders.
    let written = {
        let mut c = BufWriter::with_capacity(1 << 16, corpus.writer());
        let mut g = BufWriter::with_capacity(1 << 16, gold.writer());
        let w = synth::write_corpus(&mut gen, size, &mut c, &mut g)
            .and_then(|w| {
                c.flush()?;
                g.flush()?;
                Ok(w)
            })
            .with_context(|| format!("cannot write {}", args.out.display()))?;
        w
    };
    corpus
        .finish()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    gold.finish()
        .with_context(|| format!("cannot write {}", gold_path.display()))?;
    println!(
        "Wrote {} article(s), {:.1} MB of text, to {} and {} planted figure(s) to {}.",
        written.articles,
        written.text_bytes as f64 / 1e6,
        args.out.display(),
        written.figures,
        gold_path.display()
    );
    Ok(0)
}

/// `--kind sample-like`: the corpus only.
fn sample_like(args: Args) -> Result<i32> {
    if let Some(gold) = &args.gold {
        anyhow::bail!(
            "--gold {}: a sample-like corpus has no gold file (its varied figures are not annotated); use --kind synthetic",
            gold.display()
        );
    }
    let size = synth::parse_size(&args.size)?;
    let mut gen = SampleLike::builtin(args.seed)?;
    let mut corpus = Sink::create(&args.out)?;
    let written = {
        let mut c = BufWriter::with_capacity(1 << 16, corpus.writer());
        synth::write_articles(&mut gen, size, &mut c, None)
            .and_then(|w| {
                c.flush()?;
                Ok(w)
            })
            .with_context(|| format!("cannot write {}", args.out.display()))?
    };
    corpus
        .finish()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "Wrote {} sample-like article(s), {:.1} MB of text, to {} (no gold file).",
        written.articles,
        written.text_bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Payload, ReadOptions};

    /// A sample-like dump reads back as the records solieu extracts from,
    /// in every compression, and the same seed writes the same bytes.
    #[test]
    fn sample_like_dump_reads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["a.jsonl", "a.jsonl.gz", "a.jsonl.zst", "b.jsonl.zst"] {
            let out = dir.path().join(name);
            let code = main(Args {
                size: "150KB".into(),
                out: out.clone(),
                seed: 9,
                gold: None,
                kind: Kind::SampleLike,
            })
            .expect("gen-corpus");
            assert_eq!(code, 0);
            assert!(!default_gold(&out).exists());
            let corpus = Corpus::open(std::slice::from_ref(&out)).expect("open");
            let mut bytes = 0;
            let mut n = 0;
            for rec in corpus.records(&ReadOptions::default()) {
                let Payload::Text(t) = &rec.payload else {
                    panic!("{}: {:?}", rec.article_id, rec.payload)
                };
                assert!(rec.article_id.starts_with("sample-9-"));
                assert!(rec.title.is_some() && rec.published.is_some());
                bytes += t.len();
                n += 1;
            }
            assert!(bytes >= 150_000 && n > 10, "{name}: {bytes} bytes, {n}");
        }
        let a = std::fs::read(dir.path().join("a.jsonl.zst")).expect("a");
        let b = std::fs::read(dir.path().join("b.jsonl.zst")).expect("b");
        assert_eq!(a, b);
        assert!(main(Args {
            size: "1KB".into(),
            out: dir.path().join("c.jsonl"),
            seed: 1,
            gold: Some(dir.path().join("c.gold.jsonl")),
            kind: Kind::SampleLike,
        })
        .is_err());
    }

    #[test]
    fn gold_names() {
        assert_eq!(
            default_gold(Path::new("a/c.jsonl.zst")),
            PathBuf::from("a/c.gold.jsonl")
        );
        assert_eq!(
            default_gold(Path::new("c.jsonl")),
            PathBuf::from("c.gold.jsonl")
        );
        assert_eq!(
            default_gold(Path::new("c.txt")),
            PathBuf::from("c.txt.gold.jsonl")
        );
    }
}
