"""The Spark recipe (python/examples/spark_extract.py) in local mode gives the
CLI's figures on the same dump, row for row (order aside)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from conftest import REPO, run_cli

pyspark = pytest.importorskip("pyspark", reason="pip install pyspark (scripts/test-python does)")

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17)", allow_module_level=True)


def load_recipe():
    path = REPO / "python" / "examples" / "spark_extract.py"
    spec = importlib.util.spec_from_file_location("spark_extract", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("solieu-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        # Several Arrow batches per task, to exercise the batch loop.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        # Small input splits: several tasks on the 2 MB dump.
        .config("spark.sql.files.maxPartitionBytes", str(512 * 1024))
        .getOrCreate()
    )
    yield session
    session.stop()


def rows(table: pa.Table) -> list:
    cols = sorted(table.column_names)
    table = table.select(cols)
    out = [tuple(r[c] for c in cols) for r in table.to_pylist()]
    return sorted(out, key=repr)


def test_spark_recipe_matches_the_cli(spark, cli: Path, corpus: Path, tmp_path: Path):
    recipe = load_recipe()
    out = tmp_path / "figures"
    recipe.extract(spark, str(corpus), str(out))

    # Hive layout by year, as `solieu extract --partition-by year` writes.
    years = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert years and all(y.startswith("year=") for y in years)

    spark_figures = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    spark_figures = spark_figures.set_column(
        spark_figures.schema.get_field_index("year"),
        "year",
        spark_figures.column("year").cast(pa.int32()),
    )

    cli_dir = tmp_path / "cli"
    run_cli(cli, "extract", str(corpus), "--out", str(cli_dir), "--format", "parquet", "--quiet")
    cli_figures = pq.read_table(cli_dir / "figures.parquet")

    assert cli_figures.num_rows > 1000
    assert sorted(spark_figures.column_names) == sorted(cli_figures.column_names)
    # Same values whatever the string width Spark writes.
    spark_figures = spark_figures.select(cli_figures.column_names).cast(
        pa.schema([pa.field(f.name, f.type) for f in cli_figures.schema])
    )
    assert rows(spark_figures) == rows(cli_figures)


def test_spark_recipe_command_line(cli: Path, tmp_path: Path):
    """The script runs as a program (`python spark_extract.py DUMP OUT --master local[2]`)."""
    import subprocess

    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        '{"id": "a", "published": "2023-04-01", "text": "Năm 2023, Công đoàn huyện Gia Lâm có 1.234 đoàn viên."}\n'
        '{"id": "b", "text": "Trời hôm nay đẹp."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    subprocess.run(
        [sys.executable, str(REPO / "python" / "examples" / "spark_extract.py"), str(dump), str(out),
         "--master", "local[2]"],
        check=True, env=env, capture_output=True, text=True,
    )
    t = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert t.column("value").to_pylist() == [1234.0]
    assert t.column("source").to_pylist() == ["dump.jsonl"]
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["year=2023"]
