#!/usr/bin/env python3
"""A plain Python pipeline: the peer `benches/e2e.sh` measures solieu against.

    benches/python_peer.py INPUT.jsonl[.gz|.zst] OUT.parquet|OUT_DIR
    benches/python_peer.py --setup        install what it needs, then exit

What a data engineer would write in an afternoon to pull figures out of a
JSON Lines dump of Vietnamese articles, single process: read the records
(gzip or zstd streams too), `json.loads`, Unicode NFC, one compiled regular
expression for a number (`10.141`, `1,5`, `85-90`, with `nghìn`, `triệu`,
`tỷ`) followed by `%` or a noun of one or two words that is not a function
or time word, the value parsed, a pandas DataFrame of the figures, parquet
written by pyarrow. It reads no rules, attributes no year or organisation
and classifies nothing: it is a floor, not an equal.

It needs pandas, pyarrow and zstandard. When the running Python lacks them,
it creates a virtual environment in target/bench-venv, installs them there
with pip and runs itself again with that Python.

Prints one line: records, figures, seconds, MB of JSON Lines read
(decompressed) per second.
"""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "bench-venv")
VENV_PY = os.path.join(VENV, "bin", "python")
NEEDS = ["pandas", "pyarrow", "zstandard"]


def have_modules():
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import zstandard  # noqa: F401
    except ImportError:
        return False
    return True


def ensure_venv():
    """Create target/bench-venv with pandas, pyarrow and zstandard."""
    if not os.path.exists(VENV_PY):
        print(f"python_peer: creating {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    ok = subprocess.run(
        [VENV_PY, "-c", "import pandas, pyarrow, zstandard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode == 0
    if not ok:
        print(f"python_peer: installing {' '.join(NEEDS)} into {VENV}", file=sys.stderr)
        subprocess.run(
            [VENV_PY, "-m", "pip", "install", "--quiet", *NEEDS],
            check=True,
        )


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


if "--setup" in sys.argv[1:]:
    if not have_modules():
        ensure_venv()
    sys.exit(0)

if not have_modules():
    if in_venv() or os.environ.get("PYTHON_PEER_REEXEC"):
        sys.exit(f"python_peer: cannot import {', '.join(NEEDS)} in {sys.prefix}")
    ensure_venv()
    os.environ["PYTHON_PEER_REEXEC"] = "1"
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *sys.argv[1:]])

import gzip  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import unicodedata  # noqa: E402

import pandas as pd  # noqa: E402
import zstandard  # noqa: E402

# Words that, right after a number, say it counts nothing: function words,
# verbs and time words ("năm 2014 là", "85 năm", "8 giờ").
STOP = (
    "là|có|được|và|của|cho|tại|ở|trong|trên|từ|đến|với|về|theo|đã|đang|sẽ|"
    "các|những|này|đó|khi|sau|trước|đạt|tăng|giảm|năm|tháng|ngày|tuần|quý|"
    "giờ|phút|giây"
)
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
WORD = rf"(?!(?:{STOP})\b)[^\W\d_]+"
FIGURE = re.compile(
    rf"(?<![\w.,/:])(?P<value>{NUMBER})"
    rf"(?:[ \t]*[-–][ \t]*(?P<max>{NUMBER}))?"
    r"[ \t]*(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)?[ \t]*"
    rf"(?P<unit>%|phần trăm|{WORD}(?: {WORD})?)",
    re.IGNORECASE,
)
MULT = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def number(s):
    """`10.141` → 10141, `1,5` → 1.5."""
    return float(s.replace(".", "").replace(",", "."))


def open_lines(path):
    """The file's lines as bytes, decompressed by its extension."""
    raw = open(path, "rb")
    if path.endswith(".zst"):
        stream = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return io.BufferedReader(stream, buffer_size=1 << 20)
    if path.endswith(".gz"):
        return io.BufferedReader(gzip.GzipFile(fileobj=raw), buffer_size=1 << 20)
    return raw


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src, out = argv
    if os.path.isdir(out):
        out = os.path.join(out, "figures.parquet")
    start = time.perf_counter()
    ids, values, maxes, units, texts = [], [], [], [], []
    records = 0
    read = 0
    with open_lines(src) as lines:
        for line in lines:
            read += len(line)
            if not line.strip():
                continue
            rec = json.loads(line)
            records += 1
            text = unicodedata.normalize("NFC", rec.get("text") or "")
            aid = str(rec.get("id", records))
            for m in FIGURE.finditer(text):
                mult = MULT.get((m.group("mult") or "").lower(), 1.0)
                ids.append(aid)
                values.append(number(m.group("value")) * mult)
                hi = m.group("max")
                maxes.append(number(hi) * mult if hi else None)
                units.append(m.group("unit").lower())
                texts.append(m.group(0))
    df = pd.DataFrame(
        {
            "article_id": ids,
            "value": values,
            "value_max": pd.array(maxes, dtype="Float64"),
            "unit": units,
            "text": texts,
        }
    )
    df.to_parquet(out, engine="pyarrow", index=False)
    secs = time.perf_counter() - start
    print(
        f"records {records} figures {len(df)} seconds {secs:.2f} "
        f"MB/s {read / 1e6 / secs:.2f} (of JSON Lines read)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
