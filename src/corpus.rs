//! Reading inputs: `.txt`/`.html` files, folders of them, JSON Lines dumps
//! (plain, `.gz`, `.zst`) and standard input, streamed record by record in a
//! deterministic order.
//!
//! Records are never dropped: one that cannot be read becomes a
//! [`RawArticle`] whose payload says why, and is reported in `articles.*`.
//! Folder walks cannot loop and never read solieu's own outputs; special
//! files are reported without being opened; streams are bounded (see
//! [`Corpus::open_for`]).

use crate::figure::Status;
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What a record holds.
#[derive(Clone, Debug)]
pub enum Payload {
    /// Raw bytes of a file (any encoding).
    Bytes(Vec<u8>),
    /// Text from a JSON field.
    Text(String),
    /// Text from a JSON line whose invalid UTF-8 was replaced (count).
    LossyText(String, usize),
    /// Unreadable record: status and reason.
    Failed(Status, String),
    /// Text read from a compressed stream that later failed its integrity
    /// check: processed, but reported `decoded_lossy` with the reason.
    Damaged(String, String),
}

/// One input record.
#[derive(Clone, Debug)]
pub struct RawArticle {
    pub article_id: String,
    /// Path relative to the input root (for JSON Lines: the file's).
    pub source: String,
    pub payload: Payload,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The text is HTML (file extension or content).
    pub html: bool,
}

/// JSON field names, first present wins.
#[derive(Clone, Debug)]
pub struct JsonFields {
    pub id: Vec<String>,
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub published: Vec<String>,
    pub html: Vec<String>,
}

impl Default for JsonFields {
    fn default() -> Self {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        JsonFields {
            id: v(&["id", "article_id"]),
            text: v(&["text", "content", "body"]),
            title: v(&["title"]),
            published: v(&["published", "date", "published_at"]),
            html: v(&["html"]),
        }
    }
}

/// Reader options.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub fields: JsonFields,
    /// Records larger than this many bytes are reported `too_large`.
    pub max_bytes: usize,
    /// Process only shard `k` (0-based) of `n`.
    pub shard: Option<(usize, usize)>,
    /// Stop reading any one input (a file, a stream) after this many bytes
    /// (after decompression): an endless stream ends with an `error` record
    /// saying where it was cut.
    pub max_input_bytes: Option<u64>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            fields: JsonFields::default(),
            max_bytes: 64 << 20,
            shard: None,
            max_input_bytes: None,
        }
    }
}

/// One thing to read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Input {
    /// A single file; `source` is its name relative to the root given.
    File {
        path: PathBuf,
        source: String,
    },
    /// Something in a folder that is not a regular file (a FIFO, a device,
    /// a socket): reported `error`, never opened (opening a FIFO blocks).
    Special {
        source: String,
        kind: &'static str,
    },
    /// A pipe, device or socket given explicitly (`<(zcat dump.gz)`):
    /// streamed, JSON Lines when its first record starts with `{`, else one
    /// plain-text article of at most `max_bytes`.
    Stream {
        path: PathBuf,
        source: String,
    },
    /// An article compiled into solieu (the sample corpus).
    Builtin {
        source: String,
        text: &'static str,
    },
    Stdin,
}

/// The inputs of a run, resolved and checked before anything is written.
#[derive(Clone, Debug)]
pub struct Corpus {
    inputs: Vec<Input>,
    /// Total bytes of the files (for progress); unknown when an input is
    /// compressed or standard input.
    pub total_bytes: Option<u64>,
    /// What the folder walk did not read, and why (for the summary).
    pub skipped: Vec<String>,
}

fn is_jsonl(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        ".jsonl",
        ".jsonl.gz",
        ".jsonl.zst",
        ".ndjson",
        ".ndjson.gz",
        ".ndjson.zst",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

/// A `.json` file: a JSON array of records, or JSON Lines.
fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

fn is_article_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".txt")
        || n.ends_with(".html")
        || n.ends_with(".htm")
        || is_jsonl(&n)
        || is_json(&n)
}

/// The inputs solieu reads, for messages.
pub const INPUT_KINDS: &str =
    ".txt, .html/.htm, .json (an array of records or JSON Lines), .jsonl/.ndjson (also .gz, .zst), a folder of them, or - (JSON Lines on standard input)";

impl Corpus {
    /// Resolve paths (`-` is standard input). A missing path is an error
    /// naming it. Folders are walked recursively, files sorted by path (see
    /// [`Corpus::open_for`]).
    pub fn open(paths: &[PathBuf]) -> Result<Corpus> {
        Corpus::open_for(paths, None)
    }

    /// [`Corpus::open`] for a run writing into `out`: solieu's own output
    /// folders (`out`, and any folder holding a run's `_SUCCESS` marker or
    /// staging folder) are never read as input.
    ///
    /// The walk reads each folder once (by device and inode): links to files
    /// are followed, a link to a folder already read (`ln -s . self`) is
    /// not, and what was left out is listed in [`Corpus::skipped`]. Entries
    /// that are not regular files (FIFOs, devices, sockets) with an input's
    /// name become `error` records without being opened.
    pub fn open_for(paths: &[PathBuf], out: Option<&Path>) -> Result<Corpus> {
        let mut inputs = Vec::new();
        let mut total = 0;
        let mut walker = Walker {
            seen: std::collections::HashSet::new(),
            exclude: out
                .and_then(|o| std::fs::metadata(o).ok())
                .and_then(|m| file_id(&m)),
            skipped: Vec::new(),
        };
        for p in paths {
            if p.as_os_str() == "-" {
                inputs.push(Input::Stdin);
                continue;
            }
            let meta = std::fs::metadata(p)
                .with_context(|| format!("{}: input not found", p.display()))?;
            if meta.is_dir() {
                let mut files = Vec::new();
                let before = inputs.len();
                let walked = walker
                    .walk(p, p, &mut files)
                    .with_context(|| format!("{}: cannot read folder", p.display()))?;
                files.sort_by(|a, b| a.0.cmp(&b.0));
                for (f, source, kind) in files {
                    match kind {
                        Some(kind) => inputs.push(Input::Special { source, kind }),
                        None => {
                            total += std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
                            inputs.push(Input::File { path: f, source });
                        }
                    }
                }
                if walked && inputs.len() == before {
                    let skipped = if walker.skipped.is_empty() {
                        String::new()
                    } else {
                        format!(" (skipped: {})", walker.skipped.join("; "))
                    };
                    bail!(
                        "{}: the folder holds no file solieu reads ({INPUT_KINDS}){skipped}",
                        p.display()
                    );
                }
            } else if !meta.is_file() {
                // A pipe, device or socket named explicitly: streamed.
                inputs.push(Input::Stream {
                    path: p.clone(),
                    source: p.display().to_string(),
                });
            } else {
                let source = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.display().to_string());
                // Never read a file of another kind as article text: a CSV or
                // a spreadsheet would come out as one article, silently wrong.
                if !is_article_file(&source) {
                    bail!("{}: not an input solieu reads ({INPUT_KINDS})", p.display());
                }
                total += meta.len();
                inputs.push(Input::File {
                    path: p.clone(),
                    source,
                });
            }
        }
        if inputs.is_empty() {
            if walker.skipped.is_empty() {
                bail!("no input given");
            }
            bail!("nothing to read: {}", walker.skipped.join("; "));
        }
        let known = inputs.iter().all(|i| match i {
            Input::File { source, .. } => {
                let s = source.to_ascii_lowercase();
                !(s.ends_with(".gz") || s.ends_with(".zst"))
            }
            Input::Builtin { .. } | Input::Special { .. } => true,
            Input::Stdin | Input::Stream { .. } => false,
        });
        Ok(Corpus {
            inputs,
            total_bytes: known.then_some(total),
            skipped: walker.skipped,
        })
    }

    /// The sample corpus compiled into solieu (`corpus/` of its sources).
    pub fn builtin() -> Corpus {
        let inputs: Vec<Input> = crate::builtin::CORPUS
            .iter()
            .map(|(name, text)| Input::Builtin {
                source: name.to_string(),
                text,
            })
            .collect();
        let total = crate::builtin::CORPUS
            .iter()
            .map(|(_, t)| t.len() as u64)
            .sum();
        Corpus {
            inputs,
            total_bytes: Some(total),
            skipped: Vec::new(),
        }
    }

    /// All records, in input order.
    pub fn records(&self, opts: &ReadOptions) -> Records {
        Records {
            inputs: self.inputs.clone().into_iter(),
            current: None,
            queued: std::collections::VecDeque::new(),
            opts: opts.clone(),
            index: 0,
        }
    }
}

/// A folder or file's identity: device and inode.
#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// What kind of special file `m` is, for messages.
fn special_kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = m;
    "not a regular file"
}

/// A folder holding a solieu run's outputs: its completion marker (written
/// by solieu) or a staging folder.
fn is_output_folder(dir: &Path) -> bool {
    let marker = std::fs::read(dir.join(crate::export::SUCCESS))
        .is_ok_and(|b| b.starts_with(crate::export::SUCCESS_HEADER.as_bytes()));
    marker || !crate::export::staging_folders(dir).is_empty()
}

/// The folder walk of [`Corpus::open_for`].
struct Walker {
    /// Folders read so far.
    seen: std::collections::HashSet<(u64, u64)>,
    /// The run's output folder.
    exclude: Option<(u64, u64)>,
    skipped: Vec<String>,
}

/// A file found by the walk: path, name relative to the root, and what kind
/// of special file it is (`None`: a regular file).
type Found = (PathBuf, String, Option<&'static str>);

impl Walker {
    /// Walk `dir` into `out`; false when the folder itself was skipped.
    fn walk(&mut self, root: &Path, dir: &Path, out: &mut Vec<Found>) -> std::io::Result<bool> {
        let meta = std::fs::metadata(dir)?;
        let rel = |p: &Path| {
            let r = p.strip_prefix(root).unwrap_or(p);
            let r = r.to_string_lossy().replace('\\', "/");
            if r.is_empty() {
                ".".to_string()
            } else {
                r
            }
        };
        if let Some(id) = file_id(&meta) {
            if self.exclude == Some(id) {
                self.skipped
                    .push(format!("{}: the output folder of this run", dir.display()));
                return Ok(false);
            }
            if !self.seen.insert(id) {
                let what = if dir.is_symlink() {
                    "a link to a folder already read"
                } else {
                    "a folder already read"
                };
                self.skipped.push(format!("{}: {what}", dir.display()));
                return Ok(false);
            }
        }
        if is_output_folder(dir) {
            self.skipped
                .push(format!("{}: solieu's output folder", dir.display()));
            return Ok(false);
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Follows links; a dangling link is skipped and said.
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    if is_article_file(&name) {
                        self.skipped
                            .push(format!("{}: cannot read ({e})", path.display()));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                self.walk(root, &path, out)?;
            } else if !is_article_file(&name) {
                continue;
            } else if meta.is_file() {
                out.push((path.clone(), rel(&path), None));
            } else {
                out.push((path.clone(), rel(&path), Some(special_kind(&meta))));
            }
        }
        Ok(true)
    }
}

/// Iterator over the records of a corpus.
pub struct Records {
    inputs: std::vec::IntoIter<Input>,
    current: Option<JsonLines>,
    /// Records of a JSON array, read whole.
    queued: std::collections::VecDeque<Pending>,
    opts: ReadOptions,
    /// Running record number, for sharding.
    index: usize,
}

struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    source: String,
    line: usize,
    done: bool,
    /// Why the records of this input may be corrupt (a compressed file
    /// failing its integrity check).
    damaged: Option<Arc<str>>,
    /// Bytes read so far and the most to read (`--max-input-bytes`).
    count: Option<(Arc<AtomicU64>, u64)>,
}

impl JsonLines {
    fn new(reader: Box<dyn BufRead + Send>, source: String, opts: &ReadOptions) -> JsonLines {
        let (reader, count) = match opts.max_input_bytes {
            Some(limit) => {
                let n = Arc::new(AtomicU64::new(0));
                let counted = Counted {
                    inner: reader,
                    n: n.clone(),
                    cap: limit.saturating_add(1),
                };
                let r: Box<dyn BufRead + Send> = Box::new(BufReader::new(counted));
                (r, Some((n, limit)))
            }
            None => (reader, None),
        };
        JsonLines {
            reader,
            source,
            line: 0,
            done: false,
            damaged: None,
            count,
        }
    }

    /// Reading stopped at `--max-input-bytes`: the bytes read, and the limit.
    fn cut(&self) -> Option<(u64, u64)> {
        let (n, limit) = self.count.as_ref()?;
        let n = n.load(Ordering::Relaxed);
        (n > *limit).then_some((n, *limit))
    }
}

/// A reader that ends after `cap` bytes, counting what it read.
struct Counted<R> {
    inner: R,
    n: Arc<AtomicU64>,
    cap: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let done = self.n.load(Ordering::Relaxed);
        let left = self.cap.saturating_sub(done);
        if left == 0 {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let k = self.inner.read(&mut buf[..want])?;
        self.n.fetch_add(k as u64, Ordering::Relaxed);
        Ok(k)
    }
}

impl Iterator for Records {
    type Item = RawArticle;

    fn next(&mut self) -> Option<RawArticle> {
        let pending = self.next_pending()?;
        Some(pending.materialise(&self.opts))
    }
}

/// A record read but not yet parsed: JSON Lines records are parsed by
/// [`Pending::materialise`], so that work can run on worker threads (and is
/// skipped for records of other shards).
pub enum Pending {
    Ready(RawArticle),
    Line {
        bytes: Vec<u8>,
        source: String,
        line: usize,
        truncated: Option<usize>,
        /// The input failed its integrity check (see [`Payload::Damaged`]).
        damaged: Option<Arc<str>>,
    },
}

impl Pending {
    /// Bytes the record holds in memory.
    pub fn size(&self) -> usize {
        match self {
            Pending::Ready(a) => match &a.payload {
                Payload::Bytes(b) => b.len(),
                Payload::Text(t) | Payload::LossyText(t, _) | Payload::Damaged(t, _) => t.len(),
                Payload::Failed(..) => 0,
            },
            Pending::Line { bytes, .. } => bytes.len(),
        }
    }

    /// Parse the record.
    pub fn materialise(self, opts: &ReadOptions) -> RawArticle {
        match self {
            Pending::Ready(a) => a,
            Pending::Line {
                bytes,
                source,
                line,
                truncated,
                damaged,
            } => {
                let a = parse_json_line(&bytes, &source, line, truncated, opts);
                match damaged {
                    Some(why) => a.damaged(&why),
                    None => a,
                }
            }
        }
    }
}

impl Records {
    /// The next record of this shard, unparsed.
    pub fn next_pending(&mut self) -> Option<Pending> {
        loop {
            let rec = self.next_any()?;
            let i = self.index;
            self.index += 1;
            match self.opts.shard {
                Some((k, n)) if n > 1 && i % n != k => continue,
                _ => return Some(rec),
            }
        }
    }

    fn next_any(&mut self) -> Option<Pending> {
        loop {
            if let Some(p) = self.queued.pop_front() {
                return Some(p);
            }
            if let Some(jl) = &mut self.current {
                if !jl.done {
                    match read_capped_line(&mut jl.reader, self.opts.max_bytes) {
                        Ok(Some((bytes, truncated))) => {
                            jl.line += 1;
                            if let Some((n, limit)) = jl.cut() {
                                // The line reading stopped in: the input ends.
                                jl.done = true;
                                return Some(Pending::Ready(failed(
                                    format!("{}:{}", jl.source, jl.line),
                                    jl.source.clone(),
                                    Status::Error,
                                    format!("line {}: input cut after {limit} bytes (--max-input-bytes); {} byte(s) or more not read", jl.line, n - limit),
                                )));
                            }
                            if bytes.iter().all(u8::is_ascii_whitespace) && truncated.is_none() {
                                continue;
                            }
                            return Some(Pending::Line {
                                bytes,
                                source: jl.source.clone(),
                                line: jl.line,
                                truncated,
                                damaged: jl.damaged.clone(),
                            });
                        }
                        Ok(None) => jl.done = true,
                        Err(e) => {
                            jl.done = true;
                            jl.line += 1;
                            return Some(Pending::Ready(failed(
                                format!("{}:{}", jl.source, jl.line),
                                jl.source.clone(),
                                Status::Error,
                                format!("read error: {e}"),
                            )));
                        }
                    }
                }
                self.current = None;
            }
            let input = self.inputs.next()?;
            match input {
                Input::Stdin => {
                    self.current = Some(JsonLines::new(
                        Box::new(BufReader::new(std::io::stdin())),
                        "-".into(),
                        &self.opts,
                    ));
                }
                Input::Special { source, kind } => {
                    return Some(Pending::Ready(failed(
                        id_from_source(&source),
                        source,
                        Status::Error,
                        format!("not a regular file ({kind}): not opened"),
                    )));
                }
                Input::Stream { path, source } => match open_stream(&path) {
                    Err(e) => {
                        return Some(Pending::Ready(failed(
                            source.clone(),
                            source,
                            Status::Error,
                            format!("{e:#}"),
                        )))
                    }
                    Ok(mut reader) => match sniff_json_lines(&mut reader) {
                        Ok(true) => {
                            self.current = Some(JsonLines::new(reader, source, &self.opts));
                        }
                        Ok(false) => {
                            return Some(Pending::Ready(read_stream_text(
                                reader,
                                source,
                                self.opts.max_bytes,
                            )))
                        }
                        Err(e) => {
                            return Some(Pending::Ready(failed(
                                source.clone(),
                                source,
                                Status::Error,
                                format!("read error: {e}"),
                            )))
                        }
                    },
                },
                Input::Builtin { source, text } => {
                    return Some(Pending::Ready(RawArticle {
                        article_id: id_from_source(&source),
                        source,
                        payload: Payload::Bytes(text.as_bytes().to_vec()),
                        title: None,
                        published: None,
                        html: false,
                    }));
                }
                Input::File { path, source } if is_json(&source) || is_jsonl(&source) => {
                    let opened = if is_json(&source) {
                        read_json(&path, &source, self.opts.max_bytes)
                    } else {
                        open_jsonl(&path).map(JsonFile::Lines)
                    };
                    // A compressed file is checked whole first: records read
                    // before a failing checksum would otherwise look sound.
                    let damaged = verify_compressed(&path).map(Arc::from);
                    match opened {
                        Ok(JsonFile::Array(mut records)) => {
                            if let Some(why) = &damaged {
                                for r in &mut records {
                                    if let Pending::Line { damaged, .. } = r {
                                        *damaged = Some(Arc::clone(why));
                                    }
                                }
                            }
                            self.queued.extend(records)
                        }
                        Ok(JsonFile::Lines(reader)) => {
                            let mut jl = JsonLines::new(reader, source, &self.opts);
                            jl.damaged = damaged;
                            self.current = Some(jl);
                        }
                        Err(e) => {
                            return Some(Pending::Ready(failed(
                                source.clone(),
                                source,
                                Status::Error,
                                format!("{e:#}"),
                            )))
                        }
                    }
                }
                Input::File { path, source } => {
                    return Some(Pending::Ready(read_file(
                        &path,
                        source,
                        self.opts.max_bytes,
                    )));
                }
            }
        }
    }
}

impl RawArticle {
    /// This record came from an input that failed its integrity check.
    fn damaged(mut self, why: &str) -> RawArticle {
        self.payload = match self.payload {
            Payload::Text(t) => Payload::Damaged(t, why.to_string()),
            Payload::LossyText(t, n) => {
                Payload::Damaged(t, format!("{why}; {n} invalid UTF-8 sequences replaced"))
            }
            other => other,
        };
        self
    }
}

/// Decompress a `.gz` or `.zst` file to its end without keeping anything:
/// why it is damaged (a failing checksum, a truncated stream), if it is.
fn verify_compressed(path: &Path) -> Option<String> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if !(name.ends_with(".gz") || name.ends_with(".zst")) {
        return None;
    }
    let result = open_jsonl(path)
        .and_then(|mut r| std::io::copy(&mut r, &mut std::io::sink()).map_err(anyhow::Error::from));
    result.err().map(|e| {
        format!(
            "read from a compressed file that fails its integrity check ({e:#}): it may be corrupt"
        )
    })
}

/// Open a pipe, device or socket for reading. A FIFO is opened without
/// waiting for a writer (a FIFO nobody writes to reads as empty rather than
/// blocking the run forever); reads then wait for data as usual.
fn open_stream(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::io::AsRawFd;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        // Back to blocking reads now that it is open.
        // SAFETY: fcntl on a descriptor this function owns.
        unsafe {
            let fd = f.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
        f
    };
    #[cfg(not(unix))]
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, file)))
}

/// Whether a stream holds JSON Lines: its first non-blank byte (after a
/// UTF-8 byte order mark) is `{`. Reads no more than that.
fn sniff_json_lines(r: &mut Box<dyn BufRead + Send>) -> std::io::Result<bool> {
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(false);
        }
        let body = buf.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(buf);
        match body.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(body[i] == b'{'),
            None => {
                // Whitespace only so far: drop it and look further.
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// A stream that is not JSON Lines: one article of at most `max` bytes. A
/// longer (or endless, `/dev/zero`) stream is reported `too_large` without
/// reading past the limit.
fn read_stream_text(r: Box<dyn BufRead + Send>, source: String, max: usize) -> RawArticle {
    let id = id_from_source(&source);
    let mut bytes = Vec::new();
    let cap = (max as u64).saturating_add(1);
    match r.take(cap).read_to_end(&mut bytes) {
        Err(e) => failed(id, source, Status::Error, format!("read error: {e}")),
        Ok(_) if bytes.len() > max => failed(
            id,
            source,
            Status::TooLarge,
            format!("a stream of more than {max} bytes (not read further)"),
        ),
        Ok(_) => RawArticle {
            article_id: id,
            source,
            payload: Payload::Bytes(bytes),
            title: None,
            published: None,
            html: false,
        },
    }
}

fn failed(article_id: String, source: String, status: Status, detail: String) -> RawArticle {
    RawArticle {
        article_id,
        source,
        payload: Payload::Failed(status, detail),
        title: None,
        published: None,
        html: false,
    }
}

/// `path/to/002_abc.txt` → `path/to/002_abc`.
fn id_from_source(source: &str) -> String {
    for ext in [".txt", ".html", ".htm"] {
        if source.len() > ext.len() && source.to_ascii_lowercase().ends_with(ext) {
            return source[..source.len() - ext.len()].to_string();
        }
    }
    source.to_string()
}

fn read_file(path: &Path, source: String, max: usize) -> RawArticle {
    let id = id_from_source(&source);
    let html = {
        let l = source.to_ascii_lowercase();
        l.ends_with(".html") || l.ends_with(".htm")
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > max as u64 {
        return failed(
            id,
            source,
            Status::TooLarge,
            format!("{size} bytes, limit {max}"),
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => RawArticle {
            article_id: id,
            source,
            payload: Payload::Bytes(bytes),
            title: None,
            published: None,
            html,
        },
        Err(e) => failed(id, source, Status::Error, format!("cannot read: {e}")),
    }
}

/// What a `.json` file holds.
enum JsonFile {
    /// A JSON array: its records, numbered from 1 like lines.
    Array(Vec<Pending>),
    /// Anything else is read as JSON Lines.
    Lines(Box<dyn BufRead + Send>),
}

/// Open a `.json` file: an array of records (read whole, at most `max`
/// bytes) or JSON Lines (streamed).
fn read_json(path: &Path, source: &str, max: usize) -> Result<JsonFile> {
    let mut reader = open_jsonl(path)?;
    let first = loop {
        let buf = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", path.display()))?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break Some(buf[i]),
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    if first != Some(b'[') {
        return Ok(JsonFile::Lines(reader));
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > max as u64 {
        bail!("a JSON array of {size} bytes is read whole, over the limit of {max}: write JSON Lines (.jsonl) instead");
    }
    let items: Vec<serde_json::Value> = serde_json::from_reader(reader)
        .with_context(|| format!("{}: not a JSON array of records", path.display()))?;
    Ok(JsonFile::Array(
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| Pending::Line {
                bytes: serde_json::to_vec(&v).unwrap_or_default(),
                source: source.to_string(),
                line: i + 1,
                truncated: None,
                damaged: None,
            })
            .collect(),
    ))
}

fn open_jsonl(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let name = path.to_string_lossy().to_ascii_lowercase();
    let reader: Box<dyn Read + Send> = if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else if name.ends_with(".zst") {
        Box::new(zstd::stream::read::Decoder::new(file).context("zstd")?)
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

/// Read one line of at most `max` bytes. A longer line is consumed to its end
/// and returned empty with its length, so memory stays bounded.
fn read_capped_line(
    r: &mut dyn BufRead,
    max: usize,
) -> std::io::Result<Option<(Vec<u8>, Option<usize>)>> {
    let mut out = Vec::new();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i)),
            None => (buf, None),
        };
        total += chunk.len();
        if total <= max {
            out.extend_from_slice(chunk);
        } else if !out.is_empty() {
            out = Vec::new();
        }
        let used = found.map_or(chunk.len(), |i| i + 1);
        r.consume(used);
        if found.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if out.last() == Some(&b'\r') {
        out.pop();
    }
    Ok(Some((out, (total > max).then_some(total))))
}

fn field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    names: &[String],
) -> Option<&'a serde_json::Value> {
    names
        .iter()
        .find_map(|n| obj.get(n).filter(|v| !v.is_null()))
}

/// [`field`], moved out of the record (an article's text is not copied).
fn take_field(
    obj: &mut serde_json::Map<String, serde_json::Value>,
    names: &[String],
) -> Option<serde_json::Value> {
    let name = names
        .iter()
        .find(|n| obj.get(n.as_str()).is_some_and(|v| !v.is_null()))?;
    obj.remove(name.as_str())
}

fn as_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_json_line(
    bytes: &[u8],
    source: &str,
    line: usize,
    truncated: Option<usize>,
    opts: &ReadOptions,
) -> RawArticle {
    let fallback_id = format!("{source}:{line}");
    if let Some(n) = truncated {
        return failed(
            fallback_id,
            source.to_string(),
            Status::TooLarge,
            format!("line {line}: {n} bytes, limit {}", opts.max_bytes),
        );
    }
    // A UTF-8 byte order mark (editors on Windows put one before the first
    // line) is no part of the record.
    let bytes = bytes
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(bytes);
    // A line with invalid UTF-8 is read with the bad bytes replaced (and
    // reported decoded_lossy) rather than lost.
    let mut replaced = 0;
    let parsed = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            replaced = text.matches('\u{fffd}').count();
            serde_json::from_str(&text)
        }
    };
    let value: serde_json::Value = match parsed {
        Ok(v) => v,
        Err(e) => {
            return failed(
                fallback_id,
                source.to_string(),
                Status::BadJson,
                format!("line {line}: {e}"),
            )
        }
    };
    let serde_json::Value::Object(obj) = value else {
        return failed(
            fallback_id,
            source.to_string(),
            Status::BadJson,
            format!("line {line}: not a JSON object"),
        );
    };
    let id = field(&obj, &opts.fields.id)
        .and_then(as_text)
        .filter(|s| !s.is_empty())
        .unwrap_or(fallback_id);
    let title = field(&obj, &opts.fields.title).and_then(as_text);
    let published = field(&obj, &opts.fields.published).and_then(as_text);
    let mut obj = obj;
    let (text, html) = match take_field(&mut obj, &opts.fields.text) {
        Some(serde_json::Value::String(s)) => (s, false),
        Some(other) => {
            return failed(
                id,
                source.to_string(),
                Status::BadJson,
                format!(
                    "line {line}: text field is {}, not a string",
                    json_type(&other)
                ),
            )
        }
        None => match take_field(&mut obj, &opts.fields.html) {
            Some(serde_json::Value::String(s)) => (s, true),
            _ => {
                return failed(
                    id,
                    source.to_string(),
                    Status::BadJson,
                    format!(
                        "line {line}: no text field ({})",
                        opts.fields.text.join(", ")
                    ),
                )
            }
        },
    };
    RawArticle {
        article_id: id,
        source: source.to_string(),
        payload: if replaced > 0 {
            Payload::LossyText(text, replaced)
        } else {
            Payload::Text(text)
        },
        title,
        published,
        html,
    }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_stay_bounded() {
        let data = b"short\nxxxxxxxxxxxxxxxxxxxx\nend";
        let mut r: &[u8] = data;
        let a = read_capped_line(&mut r, 10).unwrap().unwrap();
        assert_eq!(a, (b"short".to_vec(), None));
        let b = read_capped_line(&mut r, 10).unwrap().unwrap();
        assert_eq!(b, (Vec::new(), Some(20)));
        let c = read_capped_line(&mut r, 10).unwrap().unwrap();
        assert_eq!(c.0, b"end".to_vec());
        assert!(read_capped_line(&mut r, 10).unwrap().is_none());
    }

    #[test]
    fn json_records() {
        let o = ReadOptions::default();
        let a = parse_json_line(
            r#"{"id": 7, "text": "Có 5 đoàn viên"}"#.as_bytes(),
            "d.jsonl",
            1,
            None,
            &o,
        );
        assert_eq!(a.article_id, "7");
        assert!(matches!(a.payload, Payload::Text(_)));
        let b = parse_json_line(br#"{"id": "x", "text": 5}"#, "d.jsonl", 2, None, &o);
        assert!(
            matches!(b.payload, Payload::Failed(Status::BadJson, ref d) if d.contains("a number"))
        );
        let c = parse_json_line(b"{nope", "d.jsonl", 3, None, &o);
        assert_eq!(c.article_id, "d.jsonl:3");
        assert!(matches!(c.payload, Payload::Failed(Status::BadJson, _)));
        let d = parse_json_line(br#"{"content": "t"}"#, "d.jsonl", 4, None, &o);
        assert_eq!(d.article_id, "d.jsonl:4");
    }

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_from_source("002_429a.txt"), "002_429a");
        assert_eq!(id_from_source("a/b.html"), "a/b");
    }
}
