#!/usr/bin/env bash
# Time against record length: one record of 1, 2, 4 and 8 MB of each
# pathological pattern, extracted alone, and the growth from 1 to 8 MB.
#
#   benches/linear.sh [SIZES_MB]        e.g. benches/linear.sh "1 2 4 8 16"
#
# Patterns (each one line, no sentence end, the worst case for every stage
# that looks around a figure):
#   dots      "1.1.1.…"              a digit run with separators
#   words     "hai mươi hai mươi …"  number words
#   scales    "1 tỷ 1 tỷ …"          scale words
#   heads     "Công đoàn Công đoàn …" organisation heads (name completion)
#   articles  the sample corpus joined into one line, again and again
#
# Prints seconds and peak RSS per pattern and size (GNU time when present),
# the fastest of REPEAT runs (default 3), and the ratio of the time at the
# largest size to the time at the smallest: linear work gives about the size
# ratio (8 for 1 → 8 MB), quadratic work its square (64).
#
# SOLIEU_BIN: a solieu binary to measure instead of building one.
set -euo pipefail

cd "$(dirname "$0")/.."
sizes="${1:-1 2 4 8}"
repeat="${REPEAT:-3}"
if [ -z "${SOLIEU_BIN:-}" ]; then
  cargo build --release --quiet
  SOLIEU_BIN="$PWD/target/release/solieu"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" $sizes <<'EOF'
import glob, os, sys
work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
units = {"dots": "1.", "words": "hai mươi ", "scales": "1 tỷ ", "heads": "Công đoàn "}
joined = " ".join(open(f, encoding="utf-8").read().replace("\n", " ")
                  for f in sorted(glob.glob("corpus/*.txt"))) + " "
for mb in sizes:
    n = mb << 20
    for name, unit in units.items():
        text = unit * (n // len(unit.encode()))
        open(os.path.join(work, f"{name}-{mb}.txt"), "w", encoding="utf-8").write(text)
    text = joined * (n // len(joined.encode()) + 1)
    text = text.encode()[:n].decode("utf-8", "ignore")
    open(os.path.join(work, f"articles-{mb}.txt"), "w", encoding="utf-8").write(text)
EOF

gnu_time=""
if /usr/bin/time -f %M true >/dev/null 2>&1; then gnu_time=/usr/bin/time; fi

printf '%-9s' pattern
for mb in $sizes; do printf '%17s' "${mb} MB"; done
printf '%10s\n' growth
for name in dots words scales heads articles; do
  printf '%-9s' "$name"
  first="" last=""
  for mb in $sizes; do
    best="" rss=0
    for _ in $(seq "$repeat"); do
      out="$work/out"
      start=$(date +%s.%N)
      if [ -n "$gnu_time" ]; then
        kb=$($gnu_time -f %M "$SOLIEU_BIN" extract "$work/$name-$mb.txt" --out "$out" \
              --format jsonl --quiet 2>&1 >/dev/null | tail -1)
      else
        "$SOLIEU_BIN" extract "$work/$name-$mb.txt" --out "$out" --format jsonl --quiet
        kb=0
      fi
      end=$(date +%s.%N)
      t=$(echo "$end - $start" | bc -l)
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
      [ "$kb" -gt "$rss" ] && rss=$kb
    done
    printf '%8.2f s %3d MB' "$best" $((rss / 1024))
    [ -z "$first" ] && first=$best
    last=$best
  done
  printf '%9.1fx\n' "$(echo "$last / $first" | bc -l)"
done
