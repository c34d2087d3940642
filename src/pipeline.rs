//! The pipeline: the only module that knows about threads, batches, progress
//! and files. Per-article work ([`Engine::process`]) is a pure function; runs
//! stream records in batches, process each batch in parallel with rayon and
//! hand the results to the writers in input order, so output is identical
//! whatever the thread count and memory does not grow with the corpus.

use crate::attribute::{ArticleContext, Attributor};
use crate::corpus::{Corpus, Payload, Pending, RawArticle, ReadOptions};
use crate::export::{Format, Sinks};
use crate::extract;
use crate::figure::{ArticleInfo, Figure, Modality, Processed, Status};
use crate::rules::RulePack;
use crate::text::clean::{self, Boilerplate};
use crate::text::normalize::{self, NormalizeOptions};
use crate::text::{fold, html, legacy, segment};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Per-worker working memory: the rules' capture caches and the canonical
/// form of each organisation name seen (articles of a dump name the same
/// organisations again and again). Reusing it changes no result.
pub struct Scratch {
    extract: extract::Scratch,
    org_names: HashMap<String, String>,
}

/// The fewest bytes of a paragraph that may be the lead (shorter ones are
/// captions, credits, players).
const LEAD_MIN: usize = 60;

/// Organisation names remembered per worker before the memo starts afresh.
const ORG_NAME_CACHE: usize = 50_000;

/// A rule pack prepared for processing articles.
pub struct Engine {
    pub pack: RulePack,
    boilerplate: Boilerplate,
    attributor: Attributor,
    pub normalize: NormalizeOptions,
}

impl Engine {
    pub fn new(pack: RulePack) -> Result<Engine> {
        let attributor = Attributor::new(&pack.attribution, &pack.org)
            .context("rule pack: invalid [attribution] or [org] pattern")?;
        Ok(Engine {
            boilerplate: Boilerplate::new(&pack.boilerplate),
            attributor,
            pack,
            normalize: NormalizeOptions::default(),
        })
    }

    /// Working memory for [`Engine::process_with`], one per worker.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            extract: extract::Scratch::new(&self.pack),
            org_names: HashMap::new(),
        }
    }

    /// Decode, normalise, clean, segment, extract and attribute one record.
    pub fn process(&self, raw: RawArticle) -> Processed {
        self.process_with(raw, &mut self.scratch())
    }

    /// [`Engine::process`] reusing a worker's scratch space.
    pub fn process_with(&self, raw: RawArticle, scratch: &mut Scratch) -> Processed {
        let mut info = ArticleInfo {
            article_id: raw.article_id,
            source: raw.source,
            title: raw.title,
            published: raw.published,
            year: None,
            org: None,
            author: None,
            encoding: "utf-8".into(),
            chars: 0,
            figures: 0,
            status: Status::Ok,
            detail: None,
        };
        let decoded = match raw.payload {
            Payload::Failed(status, detail) => {
                info.status = status;
                info.detail = Some(detail);
                info.encoding = String::new();
                return Processed {
                    info,
                    text: String::new(),
                    figures: Vec::new(),
                };
            }
            Payload::Bytes(bytes) => {
                if looks_binary(&bytes) && legacy::decode_utf16(&bytes).is_none() {
                    info.status = Status::Binary;
                    info.detail = Some(format!("{} bytes of non-text data", bytes.len()));
                    info.encoding = String::new();
                    return Processed {
                        info,
                        text: String::new(),
                        figures: Vec::new(),
                    };
                }
                let d = legacy::decode(&bytes);
                if d.replaced > 0 {
                    info.status = Status::DecodedLossy;
                    let source = if d.encoding.starts_with("utf-16") {
                        "UTF-16"
                    } else {
                        "UTF-8"
                    };
                    info.detail = Some(format!(
                        "{} invalid {source} sequences replaced",
                        d.replaced
                    ));
                }
                info.encoding = d.encoding.to_string();
                d.text
            }
            Payload::LossyText(t, replaced) => {
                info.status = Status::DecodedLossy;
                info.detail = Some(format!("{replaced} invalid UTF-8 sequences replaced"));
                t
            }
            Payload::Damaged(t, why) => {
                info.status = Status::DecodedLossy;
                info.detail = Some(why);
                t
            }
            Payload::Text(t) => match legacy::repair_mojibake(&t) {
                Some((fixed, enc)) => {
                    info.encoding = enc.to_string();
                    fixed
                }
                None => t,
            },
        };
        let plain = if raw.html || html::looks_like_html(&decoded) {
            html::html_to_text(&decoded)
        } else {
            decoded
        };
        let text = match normalize::normalize(&plain, &self.normalize) {
            std::borrow::Cow::Borrowed(_) => plain,
            std::borrow::Cow::Owned(s) => s,
        };
        info.chars = text.chars().count() as i64;
        if text.trim().is_empty() {
            info.status = Status::Empty;
            info.detail = Some("no text".into());
            return Processed {
                info,
                text,
                figures: Vec::new(),
            };
        }
        let figures = self.figures(&text, &mut info, scratch);
        info.figures = figures.len() as i64;
        Processed {
            info,
            text,
            figures,
        }
    }

    /// The title, header and body lines of a normalised text, as the
    /// pack's boilerplate markers see them; `folded` is the text lowercased
    /// by [`fold::lowercase_checked`] when that fold was exact.
    pub fn clean(
        &self,
        text: &str,
        folded: Option<&str>,
        given_title: Option<&str>,
    ) -> clean::Cleaned {
        clean::clean_folded(text, folded, &self.boilerplate, given_title)
    }

    /// Clean, segment, extract and attribute; fills title, date, year, org
    /// and author of `info`.
    fn figures(&self, text: &str, info: &mut ArticleInfo, scratch: &mut Scratch) -> Vec<Figure> {
        let (folded, exact) = fold::lowercase_checked(text);
        let folded: &str = &folded;
        let cleaned = self.clean(text, exact.then_some(folded), info.title.as_deref());
        if info.title.is_none() {
            info.title = cleaned.title.map(|(s, e)| text[s..e].to_string());
        }
        if info.published.is_none() {
            info.published = cleaned.published.clone();
        }
        info.author = cleaned.author.clone();

        let published_year = info.published.as_deref().and_then(year_of_date);

        let mut hits = Vec::new();
        extract::find_into(
            &self.pack,
            text,
            folded,
            &cleaned.body,
            &mut scratch.extract,
            &mut hits,
        );
        // The title's figures, where the body does not repeat them (an
        // excerpt's first line may be its first sentence, not a headline).
        if let Some(title) = cleaned.title {
            let mut in_title = Vec::new();
            extract::find_into(
                &self.pack,
                text,
                folded,
                &[title],
                &mut scratch.extract,
                &mut in_title,
            );
            let metric = |h: &extract::Hit| self.pack.rules[h.rule].metric;
            in_title.retain(|t| {
                !hits
                    .iter()
                    .any(|h| metric(h) == metric(t) && h.value == t.value)
            });
            if !in_title.is_empty() {
                in_title.append(&mut hits);
                hits = in_title;
            }
        }

        // Attribution reads the title, the lead and the paragraphs holding
        // figures; nothing else of the article is scanned.
        let body = &cleaned.body;
        let mut paragraphs: Vec<(usize, usize)> = Vec::new();
        for h in &hits {
            let i = body.partition_point(|&(_, e)| e <= h.start);
            if let Some(&p) = body.get(i).filter(|p| p.0 <= h.start) {
                if paragraphs.last() != Some(&p) {
                    paragraphs.push(p);
                }
            }
        }
        let mut ranges: Vec<(usize, usize)> = cleaned.title.into_iter().collect();
        if let Some(&lead) = body.first() {
            if paragraphs.first() != Some(&lead) {
                ranges.push(lead);
            }
        }
        ranges.extend(paragraphs.iter().copied());
        let scan = self.attributor.scan(folded, &ranges);
        let mut published_year = published_year;
        // The year reported on: the publication year, or the year before it
        // when the title or lead names that one (a January review of the
        // past year); without a date, the year the text is about.
        let year = match published_year {
            Some(p) => match self.attributor.headline_year(&scan, cleaned.title, body) {
                Some(t) if t == p - 1 => Some(t),
                _ => Some(p),
            },
            None => self
                .attributor
                .topic_year(&scan, folded, cleaned.title, body),
        };
        // "Sáng nay (12/4)": the day of writing, in the year the article is about.
        if let (None, Some((m, d)), Some(y)) = (&info.published, cleaned.published_day, year) {
            info.published = Some(format!("{y:04}-{m:02}-{d:02}"));
            published_year = Some(y);
        }

        // Organisations: title first, then the scanned paragraphs; short
        // names completed to the longer names they begin.
        let mut mentions = Vec::new();
        if scratch.org_names.len() > ORG_NAME_CACHE {
            scratch.org_names.clear();
        }
        let names = &mut scratch.org_names;
        let n_title = match cleaned.title {
            Some((s, e)) => {
                mentions.extend(self.attributor.orgs_in(text, folded, s, e, names));
                mentions.len()
            }
            None => 0,
        };
        // The first paragraphs say who the article is about; the others
        // scanned are the ones holding figures.
        let prose: Vec<(usize, usize)> = body
            .iter()
            .filter(|(s, e)| e - s >= LEAD_MIN)
            .take(3)
            .copied()
            .collect();
        let mut org_ranges = prose.clone();
        org_ranges.extend(paragraphs.iter().copied());
        org_ranges.sort_unstable();
        org_ranges.dedup();
        for &(s, e) in &org_ranges {
            mentions.extend(self.attributor.orgs_in(text, folded, s, e, names));
        }
        let place_ranges: Vec<(usize, usize)> = cleaned
            .title
            .into_iter()
            .chain(org_ranges.iter().copied())
            .collect();
        self.attributor
            .complete_places(text, folded, &place_ranges, &mut mentions);
        self.attributor.complete_names(&mut mentions);
        let mut metrics: Vec<&str> = hits
            .iter()
            .filter_map(|h| self.pack.metric_of(&self.pack.rules[h.rule]))
            .map(|m| m.id.as_str())
            .collect();
        metrics.sort_unstable();
        metrics.dedup();
        let org =
            self.attributor
                .main_org(folded, &mentions, n_title, prose.first().copied(), &metrics);
        let body_orgs = &mentions[n_title..];
        info.year = year;
        info.org = org.clone();
        let ctx = ArticleContext {
            published_year,
            year,
            org,
        };
        if hits.is_empty() {
            return Vec::new();
        }
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        let prepared = self.attributor.prepare(folded, &scan, body_orgs, &spans);
        let mut figures = Vec::with_capacity(hits.len());
        for h in hits {
            let sentence = segment::Sentence {
                start: h.sentence.0,
                end: h.sentence.1,
                paragraph: 0,
            };
            let rule = &self.pack.rules[h.rule];
            let Some(metric) = self.pack.metric_of(rule) else {
                continue;
            };
            let a = self.attributor.attribute(
                &prepared,
                (h.start, h.end),
                &sentence,
                h.paragraph,
                &ctx,
                &metric.id,
            );
            figures.push(Figure {
                metric: metric.id.clone(),
                value: h.value,
                value_max: h.value_max,
                total: h.total,
                qualifier: h.qualifier,
                unit: h.unit.unwrap_or_else(|| rule.unit.clone()),
                label: h.label,
                year: a.year,
                org: a.org,
                modality: if a.target {
                    Modality::Target
                } else {
                    Modality::Actual
                },
                rule: rule.def.id.clone(),
                start: h.start as u32,
                end: h.end as u32,
                sentence: provenance(
                    text,
                    sentence.start,
                    sentence.end.max(h.end),
                    h.start,
                    h.end,
                ),
                part_of: h.part_of.map(|p| p as u32),
            });
        }
        figures
    }

    /// Figures of one text, as `process` would give for a record holding it.
    pub fn process_text(&self, id: &str, text: &str) -> Processed {
        self.process(RawArticle {
            article_id: id.to_string(),
            source: id.to_string(),
            payload: Payload::Text(text.to_string()),
            title: None,
            published: None,
            html: false,
        })
    }
}

/// The most text of a sentence kept on each side of a figure.
pub const CONTEXT: usize = 400;

/// The sentence range shown with a figure: the whole sentence, or for a run
/// of text without sentence ends, `CONTEXT` bytes either side of the figure,
/// cut at spaces.
fn provenance(text: &str, s: usize, e: usize, fs: usize, fe: usize) -> (u32, u32) {
    let mut from = s.max(fs.saturating_sub(CONTEXT));
    if from > s {
        while from < fs && !text.is_char_boundary(from) {
            from += 1;
        }
        from = text
            .get(from..fs)
            .and_then(|t| t.find(' '))
            .map_or(fs, |k| from + k + 1);
    }
    let mut to = e.min(fe + CONTEXT);
    if to < e {
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        to = text
            .get(fe..to)
            .and_then(|t| t.rfind(' '))
            .map_or(fe, |k| fe + k);
    }
    (from as u32, to as u32)
}

/// Year of an ISO date or of a `dd/mm/yyyy` date.
pub fn year_of_date(s: &str) -> Option<i32> {
    let digits: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .collect();
    digits
        .first()
        .and_then(|y| y.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
}

/// NUL bytes or mostly control characters: not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    !head.is_empty() && control * 10 > head.len()
}

/// Options of a run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub formats: Vec<Format>,
    pub threads: Option<usize>,
    pub read: ReadOptions,
    /// Records per batch (bounded memory).
    pub batch: usize,
    /// Input bytes per batch (bounded memory with large records).
    pub batch_bytes: usize,
    pub progress: bool,
    /// Partition figures by year (hive layout) for parquet.
    pub partition_by_year: bool,
    /// Also write the figures as parquet to this file (see [`Sinks::create`]).
    pub side_figures: Option<PathBuf>,
    /// CSV files open with a UTF-8 byte order mark.
    pub csv_bom: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            formats: vec![Format::Parquet, Format::Jsonl],
            threads: None,
            read: ReadOptions::default(),
            batch: 2048,
            batch_bytes: 64 << 20,
            progress: false,
            partition_by_year: false,
            side_figures: None,
            csv_bom: false,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub by_status: BTreeMap<&'static str, usize>,
    pub figures: usize,
    pub by_metric: BTreeMap<String, usize>,
    pub bytes: u64,
    pub seconds: f64,
}

impl Summary {
    pub fn not_ok(&self) -> usize {
        self.by_status
            .iter()
            .filter(|(s, _)| **s != "ok")
            .map(|(_, n)| n)
            .sum()
    }
}

/// Read `corpus`, process every record and write `figures.*` and
/// `articles.*` into `out`. Output files appear only when complete.
///
/// The calling thread reads batches of records; the worker pool parses and
/// processes each batch in parallel; a writer thread writes finished batches
/// in input order while the next one is processed.
pub fn run(engine: &Engine, corpus: &Corpus, out: &Path, opts: &RunOptions) -> Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut sinks = Sinks::create(
        out,
        &opts.formats,
        opts.partition_by_year,
        opts.csv_bom,
        opts.side_figures.as_deref(),
    )?;
    let started = Instant::now();
    let progress = crate::cli::progress::Progress::new(opts.progress, corpus.total_bytes);
    let mut records = corpus.records(&opts.read);
    let read_opts = &opts.read;
    let progress = &progress;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Processed>>(1);
    let mut summary = std::thread::scope(|scope| -> Result<Summary> {
        let writer = scope.spawn(move || -> Result<Summary> {
            let mut summary = Summary::default();
            for processed in rx {
                for p in &processed {
                    summary.articles += 1;
                    *summary.by_status.entry(p.info.status.as_str()).or_default() += 1;
                    summary.figures += p.figures.len();
                    summary.bytes += p.text.len() as u64;
                    for f in &p.figures {
                        *summary.by_metric.entry(f.metric.clone()).or_default() += 1;
                    }
                }
                sinks.write(&processed)?;
                progress.advance(
                    processed.len(),
                    processed.iter().map(|p| p.text.len() as u64).sum(),
                );
            }
            sinks.finish()?;
            Ok(summary)
        });
        // The reader fills the next batch while the workers process this one.
        let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Vec<Pending>>(1);
        let (batch_size, batch_bytes) = (opts.batch.max(1), opts.batch_bytes);
        let reader = scope.spawn(move || loop {
            // A batch ends at `batch` records or `batch_bytes` of input,
            // whichever comes first, so a dump of large records stays bounded.
            let mut batch = Vec::new();
            let mut bytes = 0usize;
            while batch.len() < batch_size && bytes < batch_bytes {
                let Some(p) = records.next_pending() else {
                    break;
                };
                bytes += p.size();
                batch.push(p);
            }
            if batch.is_empty() || batch_tx.send(batch).is_err() {
                break;
            }
        });
        // One scratch per worker thread, kept for the whole run.
        let scratches: Vec<Mutex<Scratch>> = (0..pool.current_num_threads())
            .map(|_| Mutex::new(engine.scratch()))
            .collect();
        for batch in batch_rx {
            let processed: Vec<Processed> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|r| {
                        let raw = r.materialise(read_opts);
                        match rayon::current_thread_index().and_then(|i| scratches.get(i)) {
                            Some(scratch) => {
                                // Only its own worker locks a scratch; a
                                // poisoned one is still valid working memory.
                                let mut scratch = scratch.lock().unwrap_or_else(|e| e.into_inner());
                                engine.process_with(raw, &mut scratch)
                            }
                            None => engine.process(raw),
                        }
                    })
                    .collect()
            });
            if tx.send(processed).is_err() {
                // The writer stopped on an error: report it below.
                break;
            }
        }
        // Dropping the receiver above (end of the loop) stops the reader.
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
        drop(tx);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    })?;
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker's scratch carries over from article to article without
    /// changing any result.
    #[test]
    fn reused_scratch_gives_the_same_figures() {
        let pack = crate::rules::builtin();
        let engine = Engine::new(pack).expect("engine");
        let texts = [
            "Công đoàn Viên chức thành phố Hà Nội hiện có 65 công đoàn cơ sở với 10.141 đoàn viên.",
            "Năm 2019, LĐLĐ tỉnh Nghệ An kết nạp 2.062 đoàn viên, trao 03 bằng khen và trên 654 triệu đồng.",
            "Công đoàn Viên chức thành phố Hà Nội hỗ trợ hai mươi lăm đoàn viên 1,5 tỷ đồng.",
        ];
        let mut scratch = engine.scratch();
        for round in 0..2 {
            for (i, t) in texts.iter().enumerate() {
                let raw = || RawArticle {
                    article_id: format!("a{i}"),
                    source: "test".into(),
                    payload: Payload::Text(t.to_string()),
                    title: None,
                    published: None,
                    html: false,
                };
                let fresh = engine.process(raw());
                let reused = engine.process_with(raw(), &mut scratch);
                assert_eq!(fresh.figures, reused.figures, "round {round}, text {i}");
                assert_eq!(fresh.info.org, reused.info.org);
                assert!(!fresh.figures.is_empty());
            }
        }
    }

    #[test]
    fn provenance_is_bounded_and_on_boundaries() {
        let run = "đoàn viên ".repeat(200);
        let text = format!("{run}có 5 đoàn viên {run}");
        let fs = run.len() + "có ".len();
        let fe = fs + "5 đoàn viên".len();
        let (a, b) = provenance(&text, 0, text.len(), fs, fe);
        let (a, b) = (a as usize, b as usize);
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        assert!(a <= fs && b >= fe);
        assert!(b - a <= 2 * CONTEXT + (fe - fs));
        assert_eq!(provenance("có 5 đoàn viên.", 0, 17, 3, 14), (0, 17));
    }
}
