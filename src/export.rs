//! Writing datasets: parquet (zstd, one row group per batch), JSON Lines and
//! CSV, streamed batch by batch.
//!
//! Every file is written under a temporary name and renamed into place only
//! when complete, inside a staging folder that [`Staging::commit`] makes the
//! output folder's content at the end, with a `_SUCCESS` marker: an
//! interrupted run never leaves a truncated file, or a mix of two runs'
//! tables, that looks finished.

use crate::figure::{
    article_rows, figure_rows, FigureRow, Processed, YoyRow, ARTICLE_COLUMNS, FIGURE_COLUMNS,
    YOY_COLUMNS,
};
use crate::frame;
use anyhow::{bail, Context, Result};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::{
    CompatLevel, DataFrame, KeyValueMetadata, ParquetCompression, ParquetWriter, Schema, SchemaExt,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Parquet,
    Jsonl,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    /// Parse a comma list such as `parquet,jsonl`.
    pub fn parse_list(s: &str) -> Result<Vec<Format>> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = match part.to_ascii_lowercase().as_str() {
                "parquet" => Format::Parquet,
                "jsonl" | "json" | "ndjson" => Format::Jsonl,
                "csv" => Format::Csv,
                other => bail!("unknown format `{other}` (parquet, jsonl, csv)"),
            };
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            bail!("no output format given (parquet, jsonl, csv)");
        }
        Ok(out)
    }
}

/// A file being written under a temporary name.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<(AtomicFile, File)> {
        let dir = dest.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
        Ok((
            AtomicFile {
                tmp,
                dest: dest.to_path_buf(),
            },
            file,
        ))
    }

    /// Flush to disk and move into place.
    pub fn commit(self, file: File) -> Result<()> {
        file.sync_all()
            .with_context(|| format!("{}: cannot write", self.tmp.display()))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest)
            .with_context(|| format!("{}: cannot move into place", self.dest.display()))?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Only an uncommitted file still has its temporary name.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Remove the temporary files that runs killed before they finished left in
/// `dir` (`.<name>.<pid>.partial` of a process that no longer exists). Where
/// processes cannot be checked (no /proc), nothing is removed.
pub fn remove_stale_partials(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".partial"))
        else {
            continue;
        };
        let Some(pid) = stem.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The completion marker of an output folder: present only while the folder
/// holds one complete run. `yoy` and `report` refuse a run folder without it.
pub const SUCCESS: &str = "_SUCCESS";

/// The first line of the marker: tells solieu's output folders from other
/// folders holding a `_SUCCESS` file (Spark's), so that input walks skip
/// only solieu's.
pub const SUCCESS_HEADER: &str = "solieu run complete\n";

/// Prefix of the folder a run writes into before it commits.
const STAGING_PREFIX: &str = ".solieu-staging.";

/// Every name a run writes into its output folder (a file, or the hive
/// `figures/` folder). A commit replaces the whole set: what the new run did
/// not write is removed, so no table of an earlier run stays beside it.
pub const OUTPUT_NAMES: &[&str] = &[
    "figures.parquet",
    "figures.jsonl",
    "figures.csv",
    "articles.parquet",
    "articles.jsonl",
    "articles.csv",
    "yoy.parquet",
    "yoy.jsonl",
    "yoy.csv",
    "report.html",
    "figures",
    ".figures-for-yoy.parquet",
];

/// A whole run, written into a hidden staging folder inside the output
/// folder and made visible at the end by [`Staging::commit`]: the previous
/// marker goes first, the tables and partitions are moved into place, and a
/// new `_SUCCESS` marker is written last. A run stopped at any point leaves
/// either the previous complete set with its marker, or a folder without a
/// marker that readers refuse; never a mix that looks complete. Dropped
/// without a commit (an error), the staging folder is removed.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Create `out` and its staging folder, removing what runs that were
    /// killed left behind (their staging folders and temporary files).
    pub fn begin(out: &Path) -> Result<Staging> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create output folder", out.display()))?;
        remove_stale_partials(out);
        remove_stale_staging(out);
        let dir = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("{}: cannot clear", dir.display()))?;
        }
        std::fs::create_dir(&dir)
            .with_context(|| format!("{}: cannot create staging folder", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The folder the run writes into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Make the staged run the content of the output folder (see
    /// [`Staging`]).
    pub fn commit(mut self) -> Result<()> {
        let marker = self.out.join(SUCCESS);
        match std::fs::remove_file(&marker) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("{}: cannot remove", marker.display()))
            }
        }
        sync_dir(&self.out);
        let mut staged: Vec<String> = std::fs::read_dir(&self.dir)
            .with_context(|| format!("{}: cannot read staging folder", self.dir.display()))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<_>>()
            .with_context(|| format!("{}: cannot read staging folder", self.dir.display()))?;
        staged.sort();
        for name in OUTPUT_NAMES {
            let old = self.out.join(name);
            let is_dir = old.is_dir() && !old.is_symlink();
            // A file is replaced by the rename below; a folder must go first.
            if staged.iter().any(|s| s == name) && !is_dir {
                continue;
            }
            let gone = if is_dir {
                std::fs::remove_dir_all(&old)
            } else {
                std::fs::remove_file(&old)
            };
            match gone {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("{}: cannot replace", old.display()))
                }
            }
        }
        for name in &staged {
            let (from, to) = (self.dir.join(name), self.out.join(name));
            std::fs::rename(&from, &to)
                .with_context(|| format!("{}: cannot move into place", to.display()))?;
        }
        sync_dir(&self.out);
        let listing: String = std::iter::once(SUCCESS_HEADER.to_string())
            .chain(
                staged
                    .iter()
                    .filter(|n| !n.starts_with('.'))
                    .map(|n| format!("{n}\n")),
            )
            .collect();
        let (atomic, mut file) = AtomicFile::create(&marker)?;
        file.write_all(listing.as_bytes())
            .with_context(|| format!("{}: cannot write", marker.display()))?;
        atomic.commit(file)?;
        sync_dir(&self.out);
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Flush a folder's entries (renames) to disk, where the system allows it.
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// The staging folders of `dir` (of any run, finished or not).
pub fn staging_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(STAGING_PREFIX))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Remove the staging folders that killed runs left in `dir` (of processes
/// that no longer exist). Where processes cannot be checked (no /proc), a
/// staging folder is removed when it has not changed for a day.
fn remove_stale_staging(dir: &Path) {
    let proc = Path::new("/proc");
    let checkable = proc.join("self").exists();
    for path in staging_folders(dir) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = name
            .strip_prefix(STAGING_PREFIX)
            .and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if checkable => !proc.join(pid.to_string()).exists(),
            _ => std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400),
        };
        if stale {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The output folder a table file was written to: its own folder, or for a
/// partition of a hive dataset (`figures/year=2019/part-00000.parquet`) the
/// folder holding `figures/`.
pub fn run_folder(table: &Path) -> Option<&Path> {
    let dir = table.parent()?;
    if dir
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("year="))
    {
        dir.parent().and_then(Path::parent)
    } else {
        Some(dir)
    }
}

/// Check that the tables at `path` (a figures file, a run's output folder, a
/// hive `figures/` folder or a folder of such outputs) belong to runs that
/// finished: each run folder holding solieu's tables has its `_SUCCESS`
/// marker. A lone table file in a folder without any of solieu's other
/// outputs (written by another tool) is accepted as given.
pub fn check_complete(tables: &[PathBuf]) -> Result<()> {
    let mut checked: Vec<PathBuf> = Vec::new();
    for table in tables {
        let Some(dir) = run_folder(table) else {
            continue;
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if checked.iter().any(|c| c == dir) {
            continue;
        }
        checked.push(dir.to_path_buf());
        if dir.join(SUCCESS).is_file() {
            continue;
        }
        let staging = staging_folders(dir);
        let run_folder = !staging.is_empty()
            || OUTPUT_NAMES
                .iter()
                .filter(|n| n.starts_with("articles") || **n == "figures")
                .any(|n| dir.join(n).exists());
        if !run_folder {
            continue;
        }
        bail!(
            "{}: incomplete output, no {SUCCESS} marker: the run writing it was stopped before it finished{} (its tables may be of different runs, or partial). Run it again; if these tables are complete, create {} to read them anyway",
            dir.display(),
            if staging.is_empty() { "" } else { " or is still running" },
            dir.join(SUCCESS).display()
        );
    }
    Ok(())
}

/// A batched parquet writer: zstd, and an Arrow schema (the `ARROW:schema`
/// key Arrow readers take column types from) with plain UTF-8 strings, not
/// the string views of recent Arrow, which older readers cannot read.
fn parquet_writer(file: File, schema: &Schema) -> Result<BatchedWriter<File>> {
    let arrow = polars_parquet::arrow::write::schema_to_metadata_key(
        &schema.to_arrow(CompatLevel::oldest()),
    );
    let meta = KeyValueMetadata::from_static(vec![
        (arrow.key, arrow.value.unwrap_or_default()),
        (
            "writer".into(),
            format!("solieu {}", env!("CARGO_PKG_VERSION")),
        ),
    ]);
    Ok(ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_key_value_metadata(Some(meta))
        .batched(schema)?)
}

/// A streaming writer of one table in one format.
enum TableWriter {
    Parquet {
        atomic: AtomicFile,
        writer: Option<Box<BatchedWriter<File>>>,
        file: Option<File>,
    },
    Lines {
        atomic: AtomicFile,
        out: BufWriter<File>,
        csv: bool,
    },
}

impl TableWriter {
    /// `header`: the column names, written first in CSV (after a UTF-8 byte
    /// order mark with `bom`).
    fn create(dest: &Path, format: Format, header: &[&str], bom: bool) -> Result<TableWriter> {
        let (atomic, file) = AtomicFile::create(dest)?;
        Ok(match format {
            Format::Parquet => TableWriter::Parquet {
                atomic,
                writer: None,
                file: Some(file),
            },
            Format::Jsonl | Format::Csv => {
                let mut out = BufWriter::with_capacity(1 << 20, file);
                if format == Format::Csv {
                    if bom {
                        out.write_all("\u{feff}".as_bytes())?;
                    }
                    let mut w = csv::Writer::from_writer(&mut out);
                    w.write_record(header)?;
                    w.flush()?;
                }
                TableWriter::Lines {
                    atomic,
                    out,
                    csv: format == Format::Csv,
                }
            }
        })
    }

    /// The file being written, for messages (a full disk names it).
    fn dest(&self) -> &Path {
        match self {
            TableWriter::Parquet { atomic, .. } | TableWriter::Lines { atomic, .. } => &atomic.dest,
        }
    }

    fn write_frame(&mut self, df: &DataFrame) -> Result<()> {
        let dest = self.dest().to_path_buf();
        self.write_frame_inner(df)
            .with_context(|| format!("{}: cannot write", dest.display()))
    }

    fn write_rows<T: Serialize>(&mut self, rows: &[T]) -> Result<()> {
        let dest = self.dest().to_path_buf();
        self.write_rows_inner(rows)
            .with_context(|| format!("{}: cannot write", dest.display()))
    }

    fn finish(self, empty_schema: impl Fn() -> Result<DataFrame>) -> Result<()> {
        let dest = self.dest().to_path_buf();
        self.finish_inner(empty_schema)
            .with_context(|| format!("{}: cannot write", dest.display()))
    }

    fn write_frame_inner(&mut self, df: &DataFrame) -> Result<()> {
        let TableWriter::Parquet { writer, file, .. } = self else {
            bail!("not a parquet writer");
        };
        if writer.is_none() {
            let f = file.take().context("parquet writer already finished")?;
            *writer = Some(Box::new(parquet_writer(f, df.schema())?));
        }
        if df.height() > 0 {
            if let Some(w) = writer.as_mut() {
                w.write_batch(df)?;
            }
        }
        Ok(())
    }

    fn write_rows_inner<T: Serialize>(&mut self, rows: &[T]) -> Result<()> {
        let TableWriter::Lines { out, csv, .. } = self else {
            bail!("not a line writer");
        };
        if *csv {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *out);
            for row in rows {
                w.serialize(row)?;
            }
            w.flush()?;
        } else {
            for row in rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish_inner(self, empty_schema: impl Fn() -> Result<DataFrame>) -> Result<()> {
        match self {
            TableWriter::Parquet {
                atomic,
                writer,
                file,
            } => {
                let w = match writer {
                    Some(w) => *w,
                    None => {
                        // No batch: an empty table with the full schema.
                        let f = file.context("parquet writer already finished")?;
                        let df = empty_schema()?;
                        let mut w = parquet_writer(f, df.schema())?;
                        w.write_batch(&df)?;
                        w
                    }
                };
                w.finish()?;
                drop(w);
                let file = File::options()
                    .append(true)
                    .open(&atomic.tmp)
                    .with_context(|| format!("{}: cannot reopen", atomic.tmp.display()))?;
                atomic.commit(file)
            }
            TableWriter::Lines { atomic, out, .. } => {
                let file = out.into_inner().map_err(|e| e.into_error())?;
                atomic.commit(file)
            }
        }
    }
}

/// The writers of a run's `figures.*` and `articles.*`.
pub struct Sinks {
    out: PathBuf,
    figures: Vec<(Format, TableWriter)>,
    articles: Vec<(Format, TableWriter)>,
    /// Hive layout: one parquet writer per year.
    partitions: Option<BTreeMap<Option<i32>, TableWriter>>,
    part_name: String,
}

impl Sinks {
    /// `csv_bom`: CSV files open with a UTF-8 byte order mark (for Excel).
    /// `side_figures`: also write the figures as parquet to this file (for
    /// year over year when no format polars scans was asked for).
    pub fn create(
        out: &Path,
        formats: &[Format],
        partition_by_year: bool,
        csv_bom: bool,
        side_figures: Option<&Path>,
    ) -> Result<Sinks> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create output folder", out.display()))?;
        remove_stale_partials(out);
        let mut figures = Vec::new();
        let mut articles = Vec::new();
        for &f in formats {
            if !(partition_by_year && f == Format::Parquet) {
                figures.push((
                    f,
                    TableWriter::create(
                        &out.join(format!("figures.{}", f.ext())),
                        f,
                        FIGURE_COLUMNS,
                        csv_bom,
                    )?,
                ));
            }
            articles.push((
                f,
                TableWriter::create(
                    &out.join(format!("articles.{}", f.ext())),
                    f,
                    ARTICLE_COLUMNS,
                    csv_bom,
                )?,
            ));
        }
        if let Some(side) = side_figures {
            figures.push((
                Format::Parquet,
                TableWriter::create(side, Format::Parquet, FIGURE_COLUMNS, false)?,
            ));
        }
        let partitions =
            (partition_by_year && formats.contains(&Format::Parquet)).then(BTreeMap::new);
        if partitions.is_some() {
            let dir = out.join("figures");
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("{}: cannot replace", dir.display()))?;
            }
        }
        Ok(Sinks {
            out: out.to_path_buf(),
            figures,
            articles,
            partitions,
            part_name: "part-00000.parquet".into(),
        })
    }

    /// Write one processed batch.
    pub fn write(&mut self, batch: &[Processed]) -> Result<()> {
        let figures = figure_rows(batch);
        let articles = article_rows(batch);
        for (f, w) in &mut self.figures {
            match f {
                Format::Parquet => w.write_frame(&frame::figures_frame(&figures)?)?,
                _ => w.write_rows(&figures)?,
            }
        }
        for (f, w) in &mut self.articles {
            match f {
                Format::Parquet => w.write_frame(&frame::articles_frame(&articles)?)?,
                _ => w.write_rows(&articles)?,
            }
        }
        if let Some(parts) = &mut self.partitions {
            let years: std::collections::BTreeSet<Option<i32>> =
                figures.iter().map(|r| r.year).collect();
            for y in years {
                let w = match parts.entry(y) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        let dir = match y {
                            Some(y) => format!("year={y}"),
                            None => "year=__HIVE_DEFAULT_PARTITION__".into(),
                        };
                        let dest = self.out.join("figures").join(dir).join(&self.part_name);
                        e.insert(TableWriter::create(
                            &dest,
                            Format::Parquet,
                            FIGURE_COLUMNS,
                            false,
                        )?)
                    }
                };
                let part: Vec<FigureRow<'_>> =
                    figures.iter().filter(|r| r.year == y).cloned().collect();
                w.write_frame(&frame::figures_frame(&part)?.drop("year")?)?;
            }
        }
        Ok(())
    }

    /// Complete every file and move it into place.
    pub fn finish(self) -> Result<()> {
        for (_, w) in self.figures {
            w.finish(|| frame::figures_frame(&[]))?;
        }
        for (_, w) in self.articles {
            w.finish(|| frame::articles_frame(&[]))?;
        }
        if let Some(parts) = self.partitions {
            for (_, w) in parts {
                w.finish(|| Ok(frame::figures_frame(&[])?.drop("year")?))?;
            }
        }
        Ok(())
    }
}

/// Write the year-over-year table as `out/yoy.<ext>` for each format.
pub fn write_yoy(out: &Path, formats: &[Format], rows: &[YoyRow], csv_bom: bool) -> Result<()> {
    for &f in formats {
        let dest = out.join(format!("yoy.{}", f.ext()));
        let mut w = TableWriter::create(&dest, f, YOY_COLUMNS, csv_bom)?;
        match f {
            Format::Parquet => w.write_frame(&frame::yoy_frame(rows)?)?,
            _ => w.write_rows(rows)?,
        }
        w.finish(|| frame::yoy_frame(&[]))?;
    }
    Ok(())
}
