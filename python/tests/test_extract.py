"""solieu from Python: inputs, output contract, errors, and equality with the CLI.

The sentences are written for these tests (no press text)."""

from __future__ import annotations

import datetime as dt
import pydoc
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import solieu

from conftest import cli_env, run_cli

SENTENCES = [
    "Năm 2023, Công đoàn huyện Gia Lâm có 1.234 đoàn viên.",
    "Năm 2022, Liên đoàn Lao động tỉnh Bắc Ninh kết nạp 560 đoàn viên mới.",
    "Năm 2023, Liên đoàn Lao động tỉnh Bắc Ninh kết nạp 700 đoàn viên mới.",
    "Trời hôm nay đẹp.",
    "Năm 2024, Công đoàn huyện Gia Lâm trao 15 bằng khen và hỗ trợ 2,5 tỷ đồng cho đoàn viên.",
]

# A district's union body is its labour federation (rules/organisations.toml,
# prefix_aliases): "Công đoàn huyện Gia Lâm" comes out under that name.
EXPECTED = [
    ("0", "members", 1234.0, 2023, "Liên đoàn Lao động huyện Gia Lâm"),
    ("1", "new_members", 560.0, 2022, "Liên đoàn Lao động tỉnh Bắc Ninh"),
    ("2", "new_members", 700.0, 2023, "Liên đoàn Lao động tỉnh Bắc Ninh"),
    ("4", "awards", 15.0, 2024, "Liên đoàn Lao động huyện Gia Lâm"),
    ("4", "money", 2.5e9, 2024, "Liên đoàn Lao động huyện Gia Lâm"),
]

FIGURE_COLUMNS = [
    "article_id", "source", "metric", "value", "value_max", "total", "qualifier",
    "unit", "label", "year", "org", "modality", "rule", "text", "start", "end",
    "sentence", "part_of",
]  # fmt: skip


def summary(table: pa.Table) -> list:
    cols = ["article_id", "metric", "value", "year", "org"]
    return [tuple(r[c] for c in cols) for r in table.select(cols).to_pylist()]


# ------------------------------------------------------------------ inputs


def test_list_input():
    t = solieu.extract(SENTENCES)
    assert isinstance(t, pa.Table)
    assert t.column_names == FIGURE_COLUMNS
    assert summary(t) == EXPECTED
    row = t.to_pylist()[0]
    assert row["text"] == "1.234 đoàn viên"
    assert row["sentence"] == SENTENCES[0]
    assert row["unit"] == "person" and row["modality"] == "actual"


def test_pyarrow_inputs():
    want = summary(solieu.extract(SENTENCES))
    assert summary(solieu.extract(pa.array(SENTENCES))) == want
    assert summary(solieu.extract(pa.array(SENTENCES, pa.large_string()))) == want
    chunked = pa.chunked_array([SENTENCES[:2], SENTENCES[2:]])
    assert summary(solieu.extract(chunked)) == want
    table = pa.table({"id": [f"a{i}" for i in range(5)], "text": SENTENCES})
    t = solieu.extract(table["text"], table["id"])
    assert t.column("article_id").to_pylist() == ["a0", "a1", "a2", "a4", "a4"]
    # A one-column table is its column.
    assert summary(solieu.extract(table.select(["text"]))) == want
    with pytest.raises(TypeError, match="2 columns"):
        solieu.extract(table)


def test_string_view_input():
    if not hasattr(pa, "string_view"):
        pytest.skip("pyarrow without string_view")
    arr = pa.array(SENTENCES).cast(pa.string_view())
    assert summary(solieu.extract(arr)) == summary(solieu.extract(SENTENCES))


def test_polars_input_and_output():
    pl = pytest.importorskip("polars")
    s = pl.Series("text", SENTENCES)
    t = solieu.extract(s, pl.Series("id", [10, 11, 12, 13, 14]))
    assert t.column("article_id").to_pylist() == ["10", "11", "12", "14", "14"]
    df = pl.from_arrow(t)
    assert isinstance(df, pl.DataFrame)
    assert df.height == 5
    assert df["value"].to_list() == [e[2] for e in EXPECTED]
    assert df.schema["year"] == pl.Int32


def test_pandas_input():
    pd = pytest.importorskip("pandas")
    s = pd.Series(SENTENCES + [None])
    f, a = solieu.extract_articles(s)
    assert summary(f) == EXPECTED
    assert a.num_rows == 6
    assert a.column("status").to_pylist()[-1] == "empty"
    assert f.to_pandas()["value"].tolist() == [e[2] for e in EXPECTED]


def test_duckdb_reads_the_result():
    duckdb = pytest.importorskip("duckdb")
    figures = solieu.extract(SENTENCES)  # noqa: F841 (read by DuckDB by name)
    rows = duckdb.sql(
        "select metric, sum(value) as v from figures group by metric order by metric"
    ).fetchall()
    assert rows == [("awards", 15.0), ("members", 1234.0), ("money", 2.5e9), ("new_members", 1260.0)]


def test_iterables_tuples_and_generators():
    want = summary(solieu.extract(SENTENCES))
    assert summary(solieu.extract(tuple(SENTENCES))) == want
    assert summary(solieu.extract(s for s in SENTENCES)) == want


def test_ids_titles_published_sources():
    f, a = solieu.extract_articles(
        SENTENCES[:2],
        ["x", "y"],
        titles=["Tin công đoàn", None],
        published=[dt.date(2021, 3, 4), "2020-01-02T08:30:00+07:00"],
        sources="dump.jsonl",
    )
    arts = a.to_pylist()
    assert [r["article_id"] for r in arts] == ["x", "y"]
    assert arts[0]["title"] == "Tin công đoàn"
    assert arts[0]["published"] == dt.date(2021, 3, 4)
    assert arts[1]["published"] == dt.date(2020, 1, 2)
    assert arts[1]["published_time"] == dt.time(8, 30)
    assert set(f.column("source").to_pylist()) == {"dump.jsonl"}
    # Arrow dates for published, one source per article.
    f2, a2 = solieu.extract_articles(
        SENTENCES[:2],
        published=pa.array([dt.date(2021, 3, 4), None]),
        sources=["a.txt", "b.txt"],
    )
    assert a2.column("published").to_pylist() == [dt.date(2021, 3, 4), None]
    assert a2.column("source").to_pylist() == ["a.txt", "b.txt"]


def test_empty_input():
    f, a = solieu.extract_articles([])
    assert f.num_rows == 0 and a.num_rows == 0
    assert f.schema == solieu.extract(SENTENCES).schema
    assert f.column_names == FIGURE_COLUMNS
    assert solieu.extract(pa.array([], pa.string())).num_rows == 0
    assert solieu.extract(pa.chunked_array([], pa.string())).num_rows == 0
    y = solieu.yoy(f)
    assert y.num_rows == 0 and "pct_change" in y.column_names


# ------------------------------------------------------------------ contract


def test_types_match_the_cli_parquet(cli_out: Path, corpus_records: list):
    """Same columns, types and rows as `solieu extract --format parquet`."""
    recs = corpus_records
    f, a = solieu.extract_articles(
        [r["text"] for r in recs],
        [r["id"] for r in recs],
        titles=[r.get("title") for r in recs],
        published=[r.get("published") for r in recs],
        sources="corpus.jsonl",
    )
    cli_f = pq.read_table(cli_out / "figures.parquet")
    cli_a = pq.read_table(cli_out / "articles.parquet")
    assert f.schema.remove_metadata() == cli_f.schema.remove_metadata()
    assert a.schema.remove_metadata() == cli_a.schema.remove_metadata()
    for field in list(f.schema) + list(a.schema):
        assert field.type not in (getattr(pa, "string_view", pa.null)(),), field
    assert f.num_rows > 1000
    assert f.equals(cli_f)
    assert a.equals(cli_a)


def test_threads_do_not_change_the_result(corpus_records: list):
    texts = [r["text"] for r in corpus_records]
    one = solieu.extract(texts, threads=1)
    two = solieu.extract(texts, threads=2)
    default = solieu.extract(texts)
    assert one.equals(two) and one.equals(default)
    with pytest.raises(ValueError, match="threads"):
        solieu.extract(texts, threads=0)


def test_help_reads_like_documentation():
    doc = pydoc.render_doc(solieu.extract, renderer=pydoc.plaintext)
    for words in ("texts", "ids", "published", "rules", "threads", "pyarrow.Table", "figures.parquet"):
        assert words in doc
    assert "Returns" in pydoc.render_doc(solieu.yoy, renderer=pydoc.plaintext)
    stub = Path(solieu.__file__).with_name("_solieu.pyi")
    assert stub.exists()


# ------------------------------------------------------------------ errors


def test_non_string_element_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match=r"texts\[2\] is int"):
        solieu.extract([SENTENCES[0], SENTENCES[1], 42])
    with pytest.raises(TypeError, match=r"titles\[1\] is dict"):
        solieu.extract(SENTENCES[:2], titles=["a", {}])
    with pytest.raises(TypeError, match="not strings"):
        solieu.extract(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="one str"):
        solieu.extract(SENTENCES[0])


def test_none_is_a_missing_text_and_nothing_is_lost():
    f, a = solieu.extract_articles([SENTENCES[0], None, "", SENTENCES[1]])
    assert a.num_rows == 4
    assert a.column("article_id").to_pylist() == ["0", "1", "2", "3"]
    assert a.column("status").to_pylist() == ["ok", "empty", "empty", "ok"]
    assert f.column("article_id").to_pylist() == ["0", "3"]


def test_lengths_must_match():
    with pytest.raises(ValueError, match="ids has 1 values but texts has 2"):
        solieu.extract(SENTENCES[:2], ["a"])


def test_invalid_utf8_bytes_are_read_lossy_like_the_cli(cli: Path, tmp_path: Path):
    """Bytes with invalid UTF-8 are decoded as the CLI decodes a .txt file:
    bad sequences replaced, status decoded_lossy, the figures kept."""
    good = "Năm 2022, Công đoàn xã Yên Lạc có".encode()
    raw = good + b" \xff\xfe " + " 12 đoàn viên.".encode()
    f, a = solieu.extract_articles([raw, SENTENCES[0].encode(), bytearray(b"\x00\x01\x02binary")])
    arts = a.to_pylist()
    assert [r["status"] for r in arts] == ["decoded_lossy", "ok", "binary"]
    assert "invalid UTF-8" in arts[0]["detail"]
    assert f.column("value").to_pylist() == [12.0, 1234.0]
    # The CLI on the same bytes as a file.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "0.txt").write_bytes(raw)
    run_cli(cli, "extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--format", "parquet", "--quiet")
    cli_a = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()[0]
    cli_f = pq.read_table(tmp_path / "out" / "figures.parquet")
    assert (cli_a["status"], cli_a["detail"], cli_a["encoding"]) == (
        arts[0]["status"], arts[0]["detail"], arts[0]["encoding"],
    )
    assert cli_f.column("value").to_pylist() == [12.0]
    # Arrow binary columns too, and str with surrogate escapes.
    f2, a2 = solieu.extract_articles(pa.array([raw], pa.binary()))
    assert a2.column("status").to_pylist() == ["decoded_lossy"]
    assert f2.column("value").to_pylist() == [12.0]
    f3, a3 = solieu.extract_articles([raw.decode("utf-8", "surrogateescape")])
    assert a3.column("status").to_pylist() == ["decoded_lossy"]
    assert f3.column("value").to_pylist() == [12.0]


def _bad_pack(cli: Path, tmp_path: Path) -> Path:
    pack = tmp_path / "rules"
    run_cli(cli, "rules", "init", str(pack))
    p = pack / "percent.toml"
    text = p.read_text(encoding="utf-8")
    assert "before = 'vượt'" in text
    p.write_text(text.replace("before = 'vượt'", "before = 'vượt(('", 1), encoding="utf-8")
    return pack


def test_bad_rule_pack_raises_the_cli_message(cli: Path, tmp_path: Path):
    pack = _bad_pack(cli, tmp_path)
    with pytest.raises(solieu.RulePackError) as e:
        solieu.extract(SENTENCES, rules=pack)
    msg = str(e.value)
    assert "percent.toml" in msg and "percent.of_plan" in msg
    assert isinstance(e.value, ValueError)
    proc = subprocess.run(
        [str(cli), "extract", str(tmp_path), "--out", str(tmp_path / "o"), "--rules", str(pack)],
        capture_output=True, text=True, env=cli_env(),
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {msg}"
    with pytest.raises(solieu.RulePackError):
        solieu.yoy(solieu.extract(SENTENCES), rules=pack)


def test_edited_rule_pack_is_used(cli: Path, tmp_path: Path):
    pack = tmp_path / "rules"
    run_cli(cli, "rules", "init", str(pack))
    assert summary(solieu.extract(SENTENCES, rules=pack)) == EXPECTED


# ------------------------------------------------------------------ yoy


def test_yoy_round_trip_matches_the_cli(cli: Path, cli_out: Path, corpus_records: list, tmp_path: Path):
    recs = corpus_records
    figures = solieu.extract(
        [r["text"] for r in recs],
        [r["id"] for r in recs],
        titles=[r.get("title") for r in recs],
        published=[r.get("published") for r in recs],
        sources="corpus.jsonl",
    )
    ours = solieu.yoy(figures)
    run_cli(cli, "yoy", "--figures", str(cli_out / "figures.parquet"), "--out", str(tmp_path), "--format", "parquet")
    theirs = pq.read_table(tmp_path / "yoy.parquet")
    assert ours.num_rows > 10
    assert ours.schema.remove_metadata() == theirs.schema.remove_metadata()
    assert ours.equals(theirs)
    # From a parquet file read back, from polars, and with the filters.
    assert solieu.yoy(pq.read_table(cli_out / "figures.parquet")).equals(ours)
    pl = pytest.importorskip("polars")
    assert solieu.yoy(pl.from_arrow(figures)).equals(ours)
    members = solieu.yoy(figures, metric="members")
    assert set(members.column("metric").to_pylist()) == {"members"}
    with pytest.raises(ValueError, match="no such metric"):
        solieu.yoy(figures, metric="nope")


def test_yoy_small():
    y = solieu.yoy(solieu.extract(SENTENCES), metric="new_members").to_pylist()
    assert [(r["year"], r["value"], r["prev_value"], r["pct_change"]) for r in y] == [
        (2022, 560.0, None, None),
        (2023, 700.0, 560.0, 25.0),
    ]
    with pytest.raises(ValueError, match="no `metric` column"):
        solieu.yoy(pa.table({"article_id": ["a"]}))


# ------------------------------------------------------------------ old pyarrow path


def test_without_the_capsule_interface(monkeypatch):
    """The paths for pyarrow < 14 (C structs by address) give the same tables."""
    want = solieu.extract(SENTENCES)
    want_yoy = solieu.yoy(want)
    for flag in ("_FROM_STREAM", "_IMPORT_CAPSULE", "_EXPORT_CAPSULE"):
        monkeypatch.setattr(solieu, flag, False)
    assert solieu.extract(SENTENCES).equals(want)
    assert solieu.extract(pa.array(SENTENCES)).equals(want)
    assert solieu.yoy(want).equals(want_yoy)
    table = pa.table({"text": SENTENCES})
    slot = solieu._slot_of(table)
    assert solieu._to_table(solieu._solieu._extract(slot, articles=False)[0]).equals(want)
    assert solieu._to_table(solieu._solieu._yoy(solieu._slot_of(want))).equals(want_yoy)
