"""solieu — figures from Vietnamese press articles, as Arrow tables.

The same engine, rule pack and output contract as the ``solieu`` command
line, in the Python process: texts go in as a list or an Arrow/polars/pandas
column, figures come out as a ``pyarrow.Table`` with exactly the columns and
types of ``solieu extract``'s ``figures.parquet`` (plain UTF-8 strings, not
string views). Results cross from Rust as Arrow record batches through the
Arrow C stream interface, so no Python object is made per row, and
``polars.from_arrow``, ``pandas`` and DuckDB read them without copies.

    >>> import solieu
    >>> figures = solieu.extract(["Năm 2023, Công đoàn huyện Gia Lâm có 1.234 đoàn viên."])
    >>> figures.select(["metric", "value", "year", "org"]).to_pylist()[0]["value"]
    1234.0

Functions:

* :func:`extract` — the figures table.
* :func:`extract_articles` — the figures and the articles tables.
* :func:`yoy` — the year-over-year table of a figures table.

Errors raise Python exceptions carrying the CLI's messages:
:class:`RulePackError` (a :class:`ValueError`) for a rule pack that cannot be
used, :class:`TypeError` for an input element that is neither text nor
bytes, :class:`ValueError` for columns of different lengths.

The Rust work runs with the GIL released, on rayon's worker threads
(``threads=None``: one per core; ``threads=N``: a pool of N for this call).
Output order is input order whatever the thread count.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _solieu
from ._solieu import RulePackError

__all__ = ["extract", "extract_articles", "yoy", "RulePackError", "__version__"]

__version__: str = _solieu._version()

PathLike = Union[str, "os.PathLike[str]"]


# --------------------------------------------------------------- Arrow glue

# What this pyarrow has of the Arrow PyCapsule interface (pyarrow >= 14);
# without it, C structs are passed by address.
_FROM_STREAM = hasattr(pa.RecordBatchReader, "from_stream")  # pyarrow >= 15
_IMPORT_CAPSULE = hasattr(pa.RecordBatchReader, "_import_from_c_capsule")
_EXPORT_CAPSULE = hasattr(pa.Table, "__arrow_c_stream__")


def _to_table(stream: Any) -> pa.Table:
    """A pyarrow Table of an ``ArrowStream`` from the native module."""
    rbr = pa.RecordBatchReader
    if _FROM_STREAM:
        reader = rbr.from_stream(stream)
    elif _IMPORT_CAPSULE:  # pyarrow 14
        reader = rbr._import_from_c_capsule(stream.__arrow_c_stream__())
    else:  # older pyarrow: the C struct by address
        reader = rbr._import_from_c(stream._address())
    return reader.read_all()


def _slot_of(table: "pa.Table") -> Any:
    """An old pyarrow's table exported into a C stream struct of ours."""
    slot = _solieu._ImportSlot()
    table.to_reader()._export_to_c(slot._address())
    return slot


def _module(x: Any) -> str:
    return type(x).__module__.split(".")[0]


def _as_arrow(x: Any, what: str) -> Union[pa.Array, pa.ChunkedArray]:
    """A pyarrow array of a column given as pyarrow, polars, pandas, numpy
    or anything with the Arrow PyCapsule interface."""
    if isinstance(x, (pa.Array, pa.ChunkedArray)):
        return x
    if isinstance(x, (pa.Table, pa.RecordBatch)):
        if x.num_columns != 1:
            raise TypeError(
                f"{what}: a table of {x.num_columns} columns, not one column: "
                f"pass one of its columns, e.g. table['text']"
            )
        return x.column(0)
    mod = _module(x)
    if mod == "pandas":
        if hasattr(x, "columns"):
            raise TypeError(f"{what}: a pandas DataFrame, not a column: pass df['text']")
        return pa.Array.from_pandas(x)
    if mod == "polars":
        if hasattr(x, "columns"):
            raise TypeError(f"{what}: a polars DataFrame, not a column: pass df['text']")
        return x.to_arrow()
    if mod == "numpy":
        return pa.array(x.tolist())
    if hasattr(x, "__arrow_c_stream__"):
        return pa.chunked_array(x)
    if hasattr(x, "__arrow_c_array__"):
        return pa.array(x)
    raise TypeError(f"{what}: expected a sequence or a column, got {type(x).__name__}")


def _is_text_type(t: pa.DataType) -> bool:
    return (
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_null(t)
        or str(t) in ("string_view", "binary_view")
    )


def _native_column(x: Any, what: str, *, as_text: bool) -> Any:
    """``x`` as the native module reads it: a list, or Arrow data with the
    PyCapsule interface (or, with an old pyarrow, an import slot).

    ``as_text``: values of other types (numbers, dates, timestamps) are
    turned into text (ids, published dates); else they raise TypeError."""
    if x is None:
        return None
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{what}: expected a sequence of values, got one {type(x).__name__}")
    if isinstance(x, (list, tuple)):
        if as_text:
            return [_text_value(v) for v in x]
        return x
    if _module(x) not in ("pyarrow", "pandas", "polars", "numpy") and not (
        hasattr(x, "__arrow_c_stream__") or hasattr(x, "__arrow_c_array__")
    ):
        # Any other iterable (a generator, a range of strings...).
        try:
            items = list(x)
        except TypeError:
            raise TypeError(
                f"{what}: expected a sequence or a column, got {type(x).__name__}"
            ) from None
        return [_text_value(v) for v in items] if as_text else items
    arr = _as_arrow(x, what)
    if not _is_text_type(arr.type):
        if not as_text:
            raise TypeError(f"{what}: a column of {arr.type}, not strings or bytes")
        arr = arr.cast(pa.large_string())
    if isinstance(arr, pa.ChunkedArray) and arr.num_chunks == 0:
        return []
    if _EXPORT_CAPSULE and (hasattr(arr, "__arrow_c_stream__") or hasattr(arr, "__arrow_c_array__")):
        return arr
    # pyarrow < 14: through an exported C stream.
    chunked = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    return _slot_of(pa.Table.from_arrays([chunked], names=[what]))


def _text_value(v: Any) -> Any:
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v


def _threads(threads: Optional[int]) -> Optional[int]:
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive integer or None, not {threads!r}")
    return threads


def _rules(rules: Optional[PathLike]) -> Optional[str]:
    return None if rules is None else os.fspath(rules)


def _run(texts, ids, titles, published, sources, rules, threads, articles):
    source = sources if isinstance(sources, str) else None
    figs, arts = _solieu._extract(
        _native_column(texts, "texts", as_text=False),
        ids=_native_column(ids, "ids", as_text=True),
        titles=_native_column(titles, "titles", as_text=False),
        published=_native_column(published, "published", as_text=True),
        sources=None if source is not None else _native_column(sources, "sources", as_text=False),
        source=source,
        rules=_rules(rules),
        threads=_threads(threads),
        articles=articles,
    )
    return _to_table(figs), (None if arts is None else _to_table(arts))


# --------------------------------------------------------------- public API


def extract(
    texts: Any,
    ids: Any = None,
    *,
    titles: Any = None,
    published: Any = None,
    sources: Any = None,
    rules: Optional[PathLike] = None,
    threads: Optional[int] = None,
) -> pa.Table:
    """Extract the figures of Vietnamese texts: one row per figure.

    Parameters
    ----------
    texts:
        The articles' texts, one per article: a list (or tuple, or any
        iterable) of ``str``; a pyarrow ``Array``/``ChunkedArray`` (or a
        one-column ``Table``); a polars or pandas ``Series``; or any object
        with the Arrow PyCapsule interface (``__arrow_c_stream__`` /
        ``__arrow_c_array__``). Plain text or HTML. ``bytes`` (or an Arrow
        binary column) are decoded as ``solieu extract`` decodes files:
        legacy Vietnamese encodings are detected, and invalid UTF-8 is
        replaced and the article reported ``decoded_lossy``. ``None`` (a null)
        is a missing text: no figures, status ``empty``. Any other element
        raises ``TypeError`` naming its index, before anything is processed.
    ids:
        Article ids, same length as ``texts`` (``str`` or ``int``); default the
        position, ``"0"``, ``"1"``, ...
    titles:
        Titles, same length (``None`` where unknown: the first line of the
        text may then be taken as the title, as the CLI does).
    published:
        Publication dates, same length: ISO ``2024-11-05`` or ``05/11/2024``
        strings, ``datetime.date``/``datetime`` objects, or an Arrow date or
        timestamp column. The year of a figure defaults to it.
    sources:
        The ``source`` column: one ``str`` for every article (e.g. the dump's
        file name, as the CLI writes it), or one per article; default the id.
    rules:
        A rule pack folder (``solieu rules init DIR`` writes the built-in one
        for editing); default ``$SOLIEU_RULES``, else the built-in pack. A pack
        that does not load raises :class:`RulePackError` with the CLI's
        message (file and rule id).
    threads:
        Worker threads: ``None`` uses rayon's pool (one per core), ``N`` a
        pool of N threads for this call. The result is the same either way.

    Returns
    -------
    pyarrow.Table
        The columns and types of ``figures.parquet`` from ``solieu extract``:
        ``article_id, source, metric, value, value_max, total, qualifier,
        unit, label, year, org, modality, rule, text, start, end, sentence,
        part_of``; strings are ``large_string``. In input order. Read it with
        ``polars.from_arrow(table)``, ``table.to_pandas()`` or DuckDB.

    Example
    -------
    >>> t = solieu.extract(["Năm 2023, Công đoàn huyện Gia Lâm có 1.234 đoàn viên."])
    >>> t.column("metric").to_pylist(), t.column("value").to_pylist()
    (['members'], [1234.0])
    """
    figures, _ = _run(texts, ids, titles, published, sources, rules, threads, False)
    return figures


def extract_articles(
    texts: Any,
    ids: Any = None,
    *,
    titles: Any = None,
    published: Any = None,
    sources: Any = None,
    rules: Optional[PathLike] = None,
    threads: Optional[int] = None,
) -> Tuple[pa.Table, pa.Table]:
    """Extract figures and describe every article: ``(figures, articles)``.

    Takes the arguments of :func:`extract`. ``figures`` is what
    :func:`extract` returns; ``articles`` has one row per input, in input
    order, nothing dropped, with the columns and types of
    ``articles.parquet``: ``article_id, source, title, published`` (date32),
    ``published_time`` (time64[ns]), ``year, org, author, encoding, chars,
    figures, status, detail``. ``status`` is ``ok``, ``decoded_lossy``
    (invalid UTF-8 replaced; ``detail`` says how many), ``empty`` (no text or
    ``None``) or ``binary``.
    """
    figures, articles = _run(texts, ids, titles, published, sources, rules, threads, True)
    assert articles is not None
    return figures, articles


def yoy(
    figures: Any,
    *,
    rules: Optional[PathLike] = None,
    metric: Optional[str] = None,
    org: Optional[str] = None,
) -> pa.Table:
    """The year-over-year table of a figures table, as ``solieu yoy`` makes it.

    Parameters
    ----------
    figures:
        A figures table: what :func:`extract` returns, a polars or pandas
        DataFrame of it, ``pyarrow.parquet.read_table`` of a
        ``figures.parquet``, or any object with ``__arrow_c_stream__``.
        Columns read: ``article_id, metric, value, label, year, org, modality,
        unit, part_of`` (``label``, ``org``, ``part_of`` may be missing).
    rules:
        The rule pack whose metrics say how a year's values aggregate
        (default as in :func:`extract`).
    metric:
        Only this metric (``ValueError`` if the pack has no such metric).
    org:
        Only organisations whose name contains this text (any case).

    Returns
    -------
    pyarrow.Table
        ``org, metric, label, modality, unit, year, value, prev_year,
        prev_value, change, pct_change, n_articles``, sorted by series and
        year: the same rows and types as ``solieu yoy --out`` writes.
    """
    if isinstance(figures, (pa.Table, pa.RecordBatch)):
        table = figures if isinstance(figures, pa.Table) else pa.Table.from_batches([figures])
    elif _module(figures) == "pandas":
        table = pa.Table.from_pandas(figures, preserve_index=False)
    elif _module(figures) == "polars" and hasattr(figures, "to_arrow"):
        table = figures.to_arrow()
    elif hasattr(figures, "__arrow_c_stream__"):
        table = figures
    else:
        raise TypeError(f"figures: expected a table, got {type(figures).__name__}")
    if isinstance(table, pa.Table) and not _EXPORT_CAPSULE:
        table = _slot_of(table)
    stream = _solieu._yoy(table, rules=_rules(rules), metric=metric, org=org)
    return _to_table(stream)
