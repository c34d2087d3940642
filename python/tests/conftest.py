"""Shared fixtures: the solieu CLI (to compare with) and a generated corpus."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli_path() -> Path:
    """The CLI built from this repository: $SOLIEU_BIN, else the release
    binary in $CARGO_TARGET_DIR or the repository's target/."""
    if os.environ.get("SOLIEU_BIN"):
        return Path(os.environ["SOLIEU_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    return target / "release" / "solieu"


@pytest.fixture(scope="session")
def cli() -> Path:
    path = cli_path()
    if not path.exists():
        pytest.fail(f"{path}: no solieu binary (cargo build --release, or set SOLIEU_BIN)")
    return path


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(cli), *args], check=True, capture_output=True, text=True, env=cli_env()
    )


def cli_env() -> dict:
    env = dict(os.environ)
    env.pop("SOLIEU_RULES", None)
    return env


@pytest.fixture(scope="session")
def corpus(cli: Path, tmp_path_factory) -> Path:
    """A 2 MB generated corpus (JSON Lines with id, title, published, text)."""
    d = tmp_path_factory.mktemp("corpus")
    path = d / "corpus.jsonl"
    run_cli(cli, "gen-corpus", "--size", "2MB", "--out", str(path), "--seed", "1")
    return path


@pytest.fixture(scope="session")
def corpus_records(corpus: Path) -> list:
    with open(corpus, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def cli_out(cli: Path, corpus: Path, tmp_path_factory) -> Path:
    """`solieu extract corpus.jsonl --format parquet`'s output folder."""
    out = tmp_path_factory.mktemp("cli-out")
    run_cli(cli, "extract", str(corpus), "--out", str(out), "--format", "parquet", "--quiet")
    return out
