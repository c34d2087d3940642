"""solieu's parquet files open in old Arrow readers: plain UTF-8 strings
(large_string), dates, times and 64-bit counts, read with the oldest pyarrow
that installs as a binary wheel on this Python, in a virtual environment of
its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import REPO, run_cli

# Oldest first. pyarrow publishes wheels for a Python from some version on
# (3.11: 10.0.1); the first that installs is the oldest this machine can run.
CANDIDATES = ["7.0.0", "8.0.0", "9.0.0", "10.0.1", "11.0.0", "12.0.1", "13.0.0", "14.0.2", "15.0.2"]

READ = r"""
import json, sys
import pyarrow as pa, pyarrow.parquet as pq
out = {"version": pa.__version__}
for name in ("figures", "articles", "yoy"):
    t = pq.read_table(f"{sys.argv[1]}/{name}.parquet")
    out[name] = {f.name: str(f.type) for f in t.schema}
    out[name + "_rows"] = t.num_rows
members = [r for r in pq.read_table(f"{sys.argv[1]}/figures.parquet").to_pylist()
           if r["metric"] == "members"]
out["members"] = sorted((r["year"], r["value"]) for r in members)
print(json.dumps(out))
"""


def old_pyarrow_env() -> tuple[Path, str]:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    home = target / "py-old-pyarrow"
    py = home / "bin" / "python"
    marker = home / "pyarrow-version"
    if marker.exists() and py.exists():
        return py, marker.read_text().strip()
    venv.create(home, with_pip=True)
    for v in CANDIDATES:
        r = subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--only-binary", ":all:", f"pyarrow=={v}", "numpy<2"],
            capture_output=True, text=True,
        )
        if r.returncode == 0:
            marker.write_text(v)
            return py, v
    pytest.fail(f"no pyarrow of {CANDIDATES} installs on Python {sys.version_info[:2]}")


def test_oldest_installable_pyarrow_reads_the_parquet_files(cli: Path, tmp_path: Path) -> None:
    py, version = old_pyarrow_env()
    out = tmp_path / "output"
    run_cli(cli, "run", "--quiet", "--corpus", str(REPO / "corpus"), "--out", str(out))
    r = subprocess.run([str(py), "-c", READ, str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    print(f"pyarrow {got['version']} read figures, articles and yoy")
    assert got["version"] == version
    assert got["figures"]["org"] == "large_string"
    assert got["figures"]["value"] == "double"
    assert got["figures"]["start"] == "int64"
    assert got["articles"]["published"] == "date32[day]"
    assert got["articles"]["published_time"] == "time64[ns]"
    assert got["articles"]["chars"] == "int64"
    assert got["yoy"]["n_articles"] == "int64"
    assert got["articles_rows"] == 5
    assert [2017, 10141.0] in got["members"] and [2019, 9697.0] in got["members"]
