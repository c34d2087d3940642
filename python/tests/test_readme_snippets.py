"""The README's "Use the data" snippets, run as a user would: on the
outputs of `solieu run` for the sample corpus, from the folder that holds
them. The test checks the types and values each snippet loads."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli

HANOI = "Công đoàn Viên chức thành phố Hà Nội"


def snippets() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use the data\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3, "the README should have pandas, polars and DuckDB snippets"
    return blocks


@pytest.fixture(scope="module")
def outputs(cli: Path, tmp_path_factory) -> Path:
    """output/ and hive/ as the README's two `solieu run` lines make them."""
    d = tmp_path_factory.mktemp("use-the-data")
    corpus = str(REPO / "corpus")
    run_cli(cli, "run", "--quiet", "--corpus", corpus, "--out", str(d / "output"))
    run_cli(
        cli, "run", "--quiet", "--corpus", corpus, "--out", str(d / "hive"),
        "--partition-by", "year",
    )
    return d


def run_snippet(code: str, where: Path) -> dict:
    here = os.getcwd()
    os.chdir(where)
    try:
        ns: dict = {"__name__": "__snippet__"}
        exec(compile(code, "README.md", "exec"), ns)
        return ns
    finally:
        os.chdir(here)


def test_pandas(outputs: Path) -> None:
    import pyarrow as pa

    ns = run_snippet(snippets()[0], outputs)
    figures, articles, members = ns["figures"], ns["articles"], ns["members"]
    assert figures["value"].dtype.pyarrow_dtype == pa.float64()
    assert figures["year"].dtype.pyarrow_dtype == pa.int32()
    assert pa.types.is_date32(articles["published"].dtype.pyarrow_dtype)
    assert articles["chars"].dtype.pyarrow_dtype == pa.int64()
    hanoi = members[members["org"] == HANOI]
    assert sorted(zip(hanoi["year"], hanoi["value"])) == [(2017, 10141.0), (2019, 9697.0)]
    assert all(d >= datetime.date(2019, 1, 1) for d in ns["recent"]["published"])


def test_polars(outputs: Path) -> None:
    import polars as pl

    ns = run_snippet(snippets()[1], outputs)
    hanoi = ns["hanoi"]
    assert hanoi.schema["year"] == pl.Int32 and hanoi.schema["value"] == pl.Float64
    last = hanoi.sort("year").row(-1, named=True)
    assert (last["year"], last["value"], last["prev_value"], last["change"]) == (
        2019, 9697.0, 10141.0, -444.0
    )
    money = ns["money_by_year"]
    assert money.height > 0 and money["year"].is_sorted()
    assert money["dong"].sum() > 0


def test_duckdb(outputs: Path) -> None:
    ns = run_snippet(snippets()[2], outputs)
    by_year = ns["by_year"]
    assert len(by_year) > 0
    assert {"members", "unions"} <= set(by_year["metric"])
    assert 2019 in {int(y) for y in by_year["year"]}
    assert ns["dated"] >= 1
