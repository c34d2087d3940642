"""Figures per second: ``solieu.extract`` on one thread against the CLI.

    python python/bench/bench_extract.py [--size 20MB] [--repeat 3] [--cli target/release/solieu]

Generates a corpus with ``solieu gen-corpus``, then times, best of
``--repeat`` runs:

* the CLI, ``solieu extract CORPUS --threads 1 --format parquet --quiet``
  (reads and parses the JSON Lines, extracts on one worker, writes parquet
  on a writer thread), wall clock and CPU time (user + system);
* ``solieu.extract(texts, ids, titles=, published=, sources=, threads=1)``
  on the same records already in Python lists (the notebook case: the JSON
  is parsed before the clock starts), wall clock and CPU time of the process.

Prints figures per second for both and the ratio. Not a test: the numbers
depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def default_cli() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    return target / "release" / "solieu"


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_cli(cli: Path, corpus: Path, out: Path) -> tuple[float, float, int]:
    import pyarrow.parquet as pq

    cpu0, t0 = children_cpu(), time.perf_counter()
    subprocess.run(
        [str(cli), "extract", str(corpus), "--out", str(out), "--threads", "1",
         "--format", "parquet", "--quiet"],
        check=True,
    )
    wall, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    n = pq.read_metadata(out / "figures.parquet").num_rows
    return wall, cpu, n


def time_python(records: list, source: str) -> tuple[float, float, int]:
    import solieu

    texts = [r["text"] for r in records]
    ids = [r["id"] for r in records]
    titles = [r.get("title") for r in records]
    published = [r.get("published") for r in records]
    cpu0, t0 = time.process_time(), time.perf_counter()
    figures = solieu.extract(texts, ids, titles=titles, published=published, sources=source, threads=1)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return wall, cpu, figures.num_rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", default="20MB", help="corpus size for gen-corpus (default 20MB)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    p.add_argument("--cli", type=Path, default=default_cli(), help="the solieu binary")
    p.add_argument("--seed", default="1")
    args = p.parse_args()

    import solieu

    solieu.extract(["Năm 2023, Công đoàn huyện Gia Lâm có 1.234 đoàn viên."])  # load the pack

    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "bench.jsonl"
        subprocess.run(
            [str(args.cli), "gen-corpus", "--size", args.size, "--out", str(corpus), "--seed", args.seed],
            check=True, capture_output=True,
        )
        with open(corpus, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        mb = corpus.stat().st_size / 1e6

        cli_runs, py_runs = [], []
        for i in range(args.repeat):
            cli_runs.append(time_cli(args.cli, corpus, Path(d) / f"out{i}"))
            py_runs.append(time_python(records, corpus.name))
        cli_wall, cli_cpu, n_cli = min(cli_runs)
        py_wall, py_cpu, n_py = min(py_runs)
        # CPU time: the lowest of the runs, each measured on its own.
        cli_cpu = min(r[1] for r in cli_runs)
        py_cpu = min(r[1] for r in py_runs)

    if n_cli != n_py:
        print(f"figures differ: CLI {n_cli}, Python {n_py}", file=sys.stderr)
        return 1
    print(f"corpus: {len(records)} articles, {mb:.1f} MB, {n_cli} figures; best of {args.repeat}")
    print(f"{'':28}{'wall s':>8}{'fig/s (wall)':>14}{'CPU s':>8}{'fig/CPU s':>12}")
    for name, wall, cpu in (
        ("CLI extract --threads 1", cli_wall, cli_cpu),
        ("solieu.extract threads=1", py_wall, py_cpu),
    ):
        print(f"{name:28}{wall:8.2f}{n_cli / wall:14,.0f}{cpu:8.2f}{n_cli / cpu:12,.0f}")
    print(
        f"Python / CLI: {cli_wall / py_wall:.2f}x figures per second (wall), "
        f"{cli_cpu / py_cpu:.2f}x per CPU second"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
