//! `solieu._solieu`: the native half of the Python package.
//!
//! The Python layer (`python/solieu/__init__.py`) turns whatever the caller
//! passes into a Python list or an Arrow C stream, and calls the functions
//! here. They run the same engine and build the same polars frames as the
//! CLI (`pipeline::Engine`, `figure::{figure_rows, article_rows}`,
//! `frame::{figures_frame, articles_frame}`, `analysis::yoy_of`), with the
//! GIL released and the work on rayon, and hand the frames back through the
//! Arrow C stream interface: no per-row Python object is made for results.

use anyhow::Context;
use polars::prelude::{CompatLevel, DataFrame, IntoColumn, SchemaExt, Series};
use polars_arrow::array::{
    new_empty_array, Array, BinaryArray, BinaryViewArray, StructArray, Utf8Array, Utf8ViewArray,
};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{self, ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyCapsule, PyList, PyString, PyTuple};
use rayon::prelude::*;
use solieu::corpus::{Payload, RawArticle};
use solieu::figure::{article_rows, figure_rows, Processed, Status};
use solieu::pipeline::{Engine, Scratch};
use solieu::rules::PackLocation;
use std::ffi::CStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pyo3::create_exception!(
    solieu,
    RulePackError,
    PyValueError,
    "The rule pack cannot be used: the message names the file and the rule, as `solieu` prints them."
);

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// Articles processed per batch: the CLI's default (bounded memory between
/// the engine's results and the frames).
const BATCH: usize = 2048;

// ---------------------------------------------------------------- errors

/// A Python exception for an error of the engine: a bad rule pack becomes
/// `RulePackError` with the CLI's message, anything else `RuntimeError`.
fn py_err(e: anyhow::Error) -> PyErr {
    if let Some(p) = e.downcast_ref::<solieu::cli::PackError>() {
        return RulePackError::new_err(p.to_string());
    }
    if let Some(u) = e.downcast_ref::<solieu::cli::UsageError>() {
        return PyValueError::new_err(u.to_string());
    }
    PyRuntimeError::new_err(format!("{e:#}"))
}

fn arrow_err(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: cannot read the Arrow data: {e}"))
}

// ---------------------------------------------------------------- engines

/// The built-in pack, loaded and checked once per process.
static BUILTIN: OnceLock<Arc<Engine>> = OnceLock::new();

/// The engine of `rules` (a rule pack folder), else of `$SOLIEU_RULES`,
/// else the built-in pack, loaded and checked as the CLI does.
fn engine(rules: Option<&Path>) -> anyhow::Result<Arc<Engine>> {
    match PackLocation::resolve(rules) {
        PackLocation::Builtin => {
            if let Some(e) = BUILTIN.get() {
                return Ok(e.clone());
            }
            let e = Arc::new(solieu::cli::load_pack(None)?);
            Ok(BUILTIN.get_or_init(|| e).clone())
        }
        PackLocation::Dir(dir) => Ok(Arc::new(solieu::cli::load_pack(Some(&dir))?)),
    }
}

// ---------------------------------------------------------------- input

/// One value of an input column.
enum Cell {
    Null,
    Text(String),
    Bytes(Vec<u8>),
}

impl Cell {
    /// The value as text: bytes with invalid UTF-8 replaced.
    fn into_text(self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Text(t) => Some(t),
            Cell::Bytes(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        }
    }
}

/// An input column as the Python layer hands it over.
fn read_column(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Cell>> {
    if let Ok(list) = obj.cast::<PyList>() {
        return cells_of_items(list.iter(), list.len(), what);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return cells_of_items(tuple.iter(), tuple.len(), what);
    }
    let (field, arrays) = import(obj, what)?;
    let mut cells = Vec::new();
    for a in &arrays {
        cells_of_array(column_of(a.as_ref(), &field, what)?, what, &mut cells)?;
    }
    Ok(cells)
}

fn cells_of_items<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    what: &str,
) -> PyResult<Vec<Cell>> {
    let mut cells = Vec::with_capacity(len);
    for (i, item) in items.enumerate() {
        cells.push(cell_of(&item, what, i)?);
    }
    Ok(cells)
}

fn cell_of(item: &Bound<'_, PyAny>, what: &str, i: usize) -> PyResult<Cell> {
    if item.is_none() {
        return Ok(Cell::Null);
    }
    if let Ok(s) = item.cast::<PyString>() {
        return match s.to_cow() {
            Ok(t) => Ok(Cell::Text(t.into_owned())),
            // Lone surrogates (text decoded with `surrogateescape`): the
            // original bytes, read as the CLI reads invalid UTF-8.
            Err(_) => {
                let b = s.call_method1("encode", ("utf-8", "surrogateescape"))?;
                Ok(Cell::Bytes(b.cast::<PyBytes>()?.as_bytes().to_vec()))
            }
        };
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        return Ok(Cell::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = item.cast::<PyByteArray>() {
        return Ok(Cell::Bytes(b.to_vec()));
    }
    let kind = item
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "{what}[{i}] is {kind}, not str or bytes (None for a missing value); nothing was processed"
    )))
}

/// The Arrow data of `obj`: an object with `__arrow_c_stream__` or
/// `__arrow_c_array__` (the Arrow PyCapsule interface), a stream capsule,
/// or an `_ImportSlot` an old pyarrow exported into.
fn import(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<(Field, Vec<Box<dyn Array>>)> {
    if let Ok(slot) = obj.cast::<ImportSlot>() {
        let stream = slot.borrow().take()?;
        return read_stream(stream, what);
    }
    if let Ok(capsule) = obj.cast::<PyCapsule>() {
        return read_stream(take_stream(capsule)?, what);
    }
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        return read_stream(take_stream(capsule.cast::<PyCapsule>()?)?, what);
    }
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
        let schema = schema.cast::<PyCapsule>()?;
        let array = array.cast::<PyCapsule>()?;
        let sp = schema
            .pointer_checked(Some(SCHEMA))?
            .cast::<ffi::ArrowSchema>();
        // SAFETY: the capsule holds an ArrowSchema (checked by its name),
        // alive as long as the capsule.
        let field =
            unsafe { ffi::import_field_from_c(sp.as_ref()) }.map_err(|e| arrow_err(what, e))?;
        let ap = array
            .pointer_checked(Some(ARRAY))?
            .cast::<ffi::ArrowArray>();
        // SAFETY: the capsule holds an ArrowArray (checked by its name); it
        // is moved out and its release marked done, as the interface says.
        let raw = unsafe { std::ptr::replace(ap.as_ptr(), ffi::ArrowArray::empty()) };
        let a = unsafe { ffi::import_array_from_c(raw, field.dtype.clone()) }
            .map_err(|e| arrow_err(what, e))?;
        return Ok((field, vec![a]));
    }
    let kind = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "{what}: a {kind} is neither a list nor Arrow data"
    )))
}

/// Move the stream out of a capsule (the consumer's part of the protocol).
fn take_stream(capsule: &Bound<'_, PyCapsule>) -> PyResult<Box<ArrowArrayStream>> {
    let p = capsule
        .pointer_checked(Some(STREAM))?
        .cast::<ArrowArrayStream>();
    // SAFETY: the capsule holds an ArrowArrayStream (checked by its name);
    // the struct is moved out and an empty (released) one left behind.
    let stream = unsafe { std::ptr::replace(p.as_ptr(), ArrowArrayStream::empty()) };
    Ok(Box::new(stream))
}

fn read_stream(
    stream: Box<ArrowArrayStream>,
    what: &str,
) -> PyResult<(Field, Vec<Box<dyn Array>>)> {
    // SAFETY: a stream given by an Arrow producer through the C interface.
    let mut reader =
        unsafe { ArrowArrayStreamReader::try_new(stream) }.map_err(|e| arrow_err(what, e))?;
    let mut arrays = Vec::new();
    // SAFETY: as above; each array is imported with the stream's schema.
    while let Some(a) = unsafe { reader.next() } {
        arrays.push(a.map_err(|e| arrow_err(what, e))?);
    }
    Ok((reader.field().clone(), arrays))
}

/// The column of `a`: itself, or the only column of a one-column table.
fn column_of<'a>(a: &'a dyn Array, field: &Field, what: &str) -> PyResult<&'a dyn Array> {
    if let ArrowDataType::Struct(fields) = field.dtype() {
        let s = a
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or_else(|| arrow_err(what, "not a struct array"))?;
        if fields.len() != 1 {
            return Err(PyTypeError::new_err(format!(
                "{what}: a table of {} columns, not one column: pass one of its columns",
                fields.len()
            )));
        }
        return Ok(s.values()[0].as_ref());
    }
    Ok(a)
}

fn cells_of_array(a: &dyn Array, what: &str, out: &mut Vec<Cell>) -> PyResult<()> {
    fn push<'x>(out: &mut Vec<Cell>, it: impl Iterator<Item = Option<&'x str>>) {
        out.extend(it.map(|v| v.map_or(Cell::Null, |s| Cell::Text(s.to_string()))));
    }
    fn push_bytes<'x>(out: &mut Vec<Cell>, it: impl Iterator<Item = Option<&'x [u8]>>) {
        out.extend(it.map(|v| v.map_or(Cell::Null, |b| Cell::Bytes(b.to_vec()))));
    }
    let any = a.as_any();
    let wrong = || arrow_err(what, format!("unexpected array for {:?}", a.dtype()));
    match a.dtype().to_storage() {
        ArrowDataType::LargeUtf8 => push(
            out,
            any.downcast_ref::<Utf8Array<i64>>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::Utf8 => push(
            out,
            any.downcast_ref::<Utf8Array<i32>>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::Utf8View => push(
            out,
            any.downcast_ref::<Utf8ViewArray>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::LargeBinary => push_bytes(
            out,
            any.downcast_ref::<BinaryArray<i64>>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::Binary => push_bytes(
            out,
            any.downcast_ref::<BinaryArray<i32>>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::BinaryView => push_bytes(
            out,
            any.downcast_ref::<BinaryViewArray>()
                .ok_or_else(wrong)?
                .iter(),
        ),
        ArrowDataType::Null => out.extend((0..a.len()).map(|_| Cell::Null)),
        other => {
            return Err(PyTypeError::new_err(format!(
                "{what}: an Arrow column of {other:?}, not strings or bytes"
            )))
        }
    }
    Ok(())
}

/// An optional column, of the same length as the texts.
fn optional_column(
    obj: Option<&Bound<'_, PyAny>>,
    what: &str,
    n: usize,
) -> PyResult<Option<Vec<Cell>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let cells = read_column(obj, what)?;
    if cells.len() != n {
        return Err(PyValueError::new_err(format!(
            "{what} has {} values but texts has {n}",
            cells.len()
        )));
    }
    Ok(Some(cells))
}

// ---------------------------------------------------------------- output

/// An Arrow C stream of record batches, exported through the Arrow
/// PyCapsule interface (`__arrow_c_stream__`). It can be consumed once.
#[pyclass(module = "solieu._solieu", name = "ArrowStream", frozen)]
struct ArrowStream {
    stream: Mutex<Option<Box<ArrowArrayStream>>>,
}

impl ArrowStream {
    fn new(field: Field, arrays: Vec<Box<dyn Array>>) -> ArrowStream {
        let iter = Box::new(arrays.into_iter().map(Ok));
        ArrowStream {
            stream: Mutex::new(Some(Box::new(ffi::export_iterator(iter, field)))),
        }
    }
}

#[pymethods]
impl ArrowStream {
    /// The stream as an `arrow_array_stream` capsule (moved out: a second
    /// call raises).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let stream = self
            .stream
            .lock()
            .map_err(|_| PyRuntimeError::new_err("stream lock poisoned"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this Arrow stream was already consumed"))?;
        PyCapsule::new_with_value(py, *stream, STREAM)
    }

    /// Address of the C struct, for pyarrow versions without the capsule
    /// interface (`pyarrow.RecordBatchReader._import_from_c`), which move it
    /// out and leave it released.
    fn _address(&self) -> PyResult<usize> {
        let guard = self
            .stream
            .lock()
            .map_err(|_| PyRuntimeError::new_err("stream lock poisoned"))?;
        let s = guard
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("this Arrow stream was already consumed"))?;
        Ok(&**s as *const ArrowArrayStream as usize)
    }
}

/// An empty C stream struct for an old pyarrow to export into
/// (`RecordBatchReader._export_to_c(slot._address())`), then passed as input.
#[pyclass(module = "solieu._solieu", name = "_ImportSlot", frozen)]
struct ImportSlot {
    stream: Mutex<Option<Box<ArrowArrayStream>>>,
}

impl ImportSlot {
    fn take(&self) -> PyResult<Box<ArrowArrayStream>> {
        self.stream
            .lock()
            .map_err(|_| PyRuntimeError::new_err("stream lock poisoned"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this import slot was already used"))
    }
}

#[pymethods]
impl ImportSlot {
    #[new]
    fn py_new() -> ImportSlot {
        ImportSlot {
            stream: Mutex::new(Some(Box::new(ArrowArrayStream::empty()))),
        }
    }

    fn _address(&self) -> PyResult<usize> {
        let guard = self
            .stream
            .lock()
            .map_err(|_| PyRuntimeError::new_err("stream lock poisoned"))?;
        let s = guard
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("this import slot was already used"))?;
        Ok(&**s as *const ArrowArrayStream as usize)
    }
}

/// The struct field of a frame's record batches, with plain (large) UTF-8
/// strings as the CLI's parquet files declare them.
fn struct_field(df: &DataFrame) -> Field {
    let schema = df.schema().to_arrow(CompatLevel::oldest());
    let fields: Vec<Field> = schema.iter_values().cloned().collect();
    Field::new("".into(), ArrowDataType::Struct(fields), false)
}

/// Append `df` as struct arrays (record batches) to `out`.
fn push_batches(mut df: DataFrame, out: &mut Vec<Box<dyn Array>>) -> anyhow::Result<()> {
    if df.height() == 0 {
        return Ok(());
    }
    df.rechunk_mut();
    for batch in df.iter_chunks(CompatLevel::oldest(), false) {
        let fields: Vec<Field> = batch.schema().iter_values().cloned().collect();
        let height = batch.height();
        let arr = StructArray::try_new(
            ArrowDataType::Struct(fields),
            height,
            batch.into_arrays(),
            None,
        )
        .context("cannot build an Arrow record batch")?;
        out.push(Box::new(arr));
    }
    Ok(())
}

// ---------------------------------------------------------------- extract

/// The inputs of one `extract` call, owned (the GIL is released while
/// they are processed).
struct Job {
    texts: Vec<Cell>,
    ids: Option<Vec<Cell>>,
    titles: Option<Vec<Cell>>,
    published: Option<Vec<Cell>>,
    sources: Option<Vec<Cell>>,
    source: Option<String>,
}

impl Job {
    /// The records of inputs `from..to`, their cells moved out.
    fn records(&mut self, from: usize, to: usize) -> Vec<RawArticle> {
        fn take(col: &mut Option<Vec<Cell>>, i: usize) -> Option<String> {
            col.as_mut()
                .and_then(|c| std::mem::replace(&mut c[i], Cell::Null).into_text())
        }
        (from..to)
            .map(|i| {
                let id = take(&mut self.ids, i).unwrap_or_else(|| i.to_string());
                let source = take(&mut self.sources, i)
                    .or_else(|| self.source.clone())
                    .unwrap_or_else(|| id.clone());
                let payload = match std::mem::replace(&mut self.texts[i], Cell::Null) {
                    Cell::Text(t) => Payload::Text(t),
                    Cell::Bytes(b) => Payload::Bytes(b),
                    Cell::Null => Payload::Failed(Status::Empty, "no text (null)".into()),
                };
                RawArticle {
                    article_id: id,
                    source,
                    payload,
                    title: take(&mut self.titles, i),
                    published: take(&mut self.published, i),
                    html: false,
                }
            })
            .collect()
    }
}

/// Record batches (struct arrays) of one table.
type Batches = Vec<Box<dyn Array>>;

/// Process every record of `job` in input order, batch by batch, on the
/// current rayon pool; the figures (and articles) as record batches.
fn run(engine: &Engine, mut job: Job, articles: bool) -> anyhow::Result<(Batches, Batches)> {
    let n = job.texts.len();
    // One scratch per worker thread, as `pipeline::run` keeps them.
    let scratches: Vec<Mutex<Scratch>> = (0..rayon::current_num_threads())
        .map(|_| Mutex::new(engine.scratch()))
        .collect();
    let (mut figs, mut arts) = (Vec::new(), Vec::new());
    let mut from = 0;
    while from < n {
        let to = (from + BATCH).min(n);
        let batch = job.records(from, to);
        let processed: Vec<Processed> = batch
            .into_par_iter()
            .map(
                |raw| match rayon::current_thread_index().and_then(|i| scratches.get(i)) {
                    Some(s) => {
                        let mut s = s.lock().unwrap_or_else(|e| e.into_inner());
                        engine.process_with(raw, &mut s)
                    }
                    None => engine.process(raw),
                },
            )
            .collect();
        push_batches(
            solieu::frame::figures_frame(&figure_rows(&processed))?,
            &mut figs,
        )?;
        if articles {
            push_batches(
                solieu::frame::articles_frame(&article_rows(&processed))?,
                &mut arts,
            )?;
        }
        from = to;
    }
    Ok((figs, arts))
}

/// See `solieu.extract_articles` (the Python layer normalises the inputs).
#[pyfunction]
#[pyo3(signature = (texts, ids=None, titles=None, published=None, sources=None, source=None, rules=None, threads=None, articles=true))]
#[allow(clippy::too_many_arguments)]
fn _extract(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    titles: Option<&Bound<'_, PyAny>>,
    published: Option<&Bound<'_, PyAny>>,
    sources: Option<&Bound<'_, PyAny>>,
    source: Option<String>,
    rules: Option<PathBuf>,
    threads: Option<usize>,
    articles: bool,
) -> PyResult<(ArrowStream, Option<ArrowStream>)> {
    let texts = read_column(texts, "texts")?;
    let n = texts.len();
    let job = Job {
        ids: optional_column(ids, "ids", n)?,
        titles: optional_column(titles, "titles", n)?,
        published: optional_column(published, "published", n)?,
        sources: optional_column(sources, "sources", n)?,
        source,
        texts,
    };
    let result = py.detach(move || -> anyhow::Result<_> {
        let engine = engine(rules.as_deref())?;
        let out = match threads.filter(|&t| t > 0) {
            Some(t) => rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .context("cannot start worker threads")?
                .install(|| run(&engine, job, articles))?,
            None => run(&engine, job, articles)?,
        };
        let fig_field = struct_field(&solieu::frame::figures_frame(&[])?);
        let art_field = struct_field(&solieu::frame::articles_frame(&[])?);
        Ok((out, fig_field, art_field))
    });
    let ((figs, arts), fig_field, art_field) = result.map_err(py_err)?;
    let articles = articles.then(|| ArrowStream::new(art_field, arts));
    Ok((ArrowStream::new(fig_field, figs), articles))
}

// ---------------------------------------------------------------- yoy

/// A frame of the record batches of an Arrow table.
fn frame_of(field: &Field, arrays: Vec<Box<dyn Array>>) -> anyhow::Result<DataFrame> {
    let ArrowDataType::Struct(fields) = field.dtype() else {
        anyhow::bail!("figures: a table is needed, not one column");
    };
    let arrays = if arrays.is_empty() {
        vec![new_empty_array(field.dtype().clone())]
    } else {
        arrays
    };
    let mut out: Option<DataFrame> = None;
    for a in arrays {
        let s = a
            .as_any()
            .downcast_ref::<StructArray>()
            .context("figures: not a record batch")?;
        let mut columns = Vec::with_capacity(fields.len());
        for (f, values) in fields.iter().zip(s.values()) {
            let series = Series::from_arrow(f.name.clone(), values.clone())
                .with_context(|| format!("figures: column `{}`", f.name))?;
            columns.push(series.into_column());
        }
        let df = DataFrame::new(s.len(), columns)?;
        match &mut out {
            Some(all) => {
                all.vstack_mut_owned(df)?;
            }
            None => out = Some(df),
        }
    }
    out.context("figures: no data")
}

/// See `solieu.yoy`.
#[pyfunction]
#[pyo3(signature = (figures, rules=None, metric=None, org=None))]
fn _yoy(
    py: Python<'_>,
    figures: &Bound<'_, PyAny>,
    rules: Option<PathBuf>,
    metric: Option<String>,
    org: Option<String>,
) -> PyResult<ArrowStream> {
    let (field, arrays) = import(figures, "figures")?;
    let result = py.detach(move || -> anyhow::Result<_> {
        let engine = engine(rules.as_deref())?;
        if let Some(m) = &metric {
            if engine.pack.metric(m).is_none() {
                let known: Vec<&str> = engine.pack.metrics.iter().map(|m| m.id.as_str()).collect();
                return Err(solieu::cli::usage(format!(
                    "metric={m}: no such metric (the pack has {})",
                    known.join(", ")
                )));
            }
        }
        // A table that is not a figures table is a bad argument.
        let figures = frame_of(&field, arrays)
            .and_then(solieu::analysis::figures_of_frame)
            .map_err(|e| solieu::cli::usage(format!("{e:#}")))?;
        let filter = solieu::analysis::YoyFilter { metric, org };
        let yoy = solieu::analysis::yoy_of(figures, &engine.pack, &filter)?;
        // Same types as `solieu yoy --out` writes.
        let yoy = solieu::frame::yoy_frame(&solieu::analysis::rows(&yoy)?)?;
        let field = struct_field(&yoy);
        let mut out = Vec::new();
        push_batches(yoy, &mut out)?;
        Ok((field, out))
    });
    let (field, out) = result.map_err(py_err)?;
    Ok(ArrowStream::new(field, out))
}

/// The version of the solieu crate this module was built from.
#[pyfunction]
fn _version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _solieu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_extract, m)?)?;
    m.add_function(wrap_pyfunction!(_yoy, m)?)?;
    m.add_function(wrap_pyfunction!(_version, m)?)?;
    m.add_class::<ArrowStream>()?;
    m.add_class::<ImportSlot>()?;
    m.add("RulePackError", m.py().get_type::<RulePackError>())?;
    Ok(())
}
