#!/usr/bin/env bash
# End-to-end benchmark of `solieu extract` on synthetic corpora.
#
#   benches/e2e.sh [SIZES] [THREADS]      e.g. benches/e2e.sh "100MB 1GB" "1 2"
#
# REPEAT=N (default 3) runs each configuration N times and reports the
# fastest run and the highest peak RSS: shared virtual machines vary by tens
# of percent from run to run, and the fastest run is the one least disturbed.
#
# Builds the release binary, generates the corpora with `solieu gen-corpus`
# (seed 1, zstd; cached in target/bench-corpus/ and reused while present),
# runs `solieu extract` (default formats: parquet and JSON Lines) on each at each thread count and
# prints a table: size, threads, seconds, MB/s (of article text, as `--size`
# counts it), peak RSS in MB.
#
# Peak RSS comes from GNU time (`apt-get install time`); without it the script
# falls back to VmHWM polled from /proc/PID/status every 0.1 s, which may miss
# a short peak.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${1:-"100MB 1GB"}
THREADS=${2:-"1 2"}
REPEAT=${REPEAT:-3}
CACHE=target/bench-corpus
mkdir -p "$CACHE"

cargo build --release --quiet
BIN=target/release/solieu

# Bytes of text per size, as gen-corpus counts them (decimal units).
text_mb() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "$1" | sed 's/[^0-9.]//g'
import sys
s = sys.argv[1].strip().lower()
units = {"gib": 1024**3, "mib": 1024**2, "kib": 1024, "gb": 1e9, "mb": 1e6, "kb": 1e3, "g": 1e9, "m": 1e6, "k": 1e3, "b": 1}
for u, m in units.items():
    if s.endswith(u):
        print(float(s[: -len(u)]) * m / 1e6)
        break
else:
    print(float(s) / 1e6)
PY
}

# Run a command; print "seconds peak_rss_kb".
measure() {
  if [ -x /usr/bin/time ]; then
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log"
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    rm -f "$log"
    # h:mm:ss or m:ss.ss → seconds
    echo "$wall" | awk -F: -v rss="$rss" '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f %d\n", s, rss }'
  else
    local start end pid peak=0 hwm
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
      sleep 0.1
    done
    wait "$pid"
    end=$(date +%s.%N)
    echo "$start $end $peak" | awk '{ printf "%.2f %d\n", $2 - $1, $3 }'
  fi
}

for size in $SIZES; do
  corpus="$CACHE/synth-$size.jsonl.zst"
  if [ ! -s "$corpus" ]; then
    echo "generating $corpus ..." >&2
    "$BIN" gen-corpus --size "$size" --out "$corpus" --seed 1 >&2
  fi
done

printf '%-8s %7s %9s %8s %12s\n' size threads seconds MB/s "peak RSS MB"
for size in $SIZES; do
  corpus="$CACHE/synth-$size.jsonl.zst"
  mb=$(text_mb "$size")
  for t in $THREADS; do
    secs=""
    rss=0
    for _ in $(seq "$REPEAT"); do
      out=$(mktemp -d)
      read -r s1 r1 < <(measure "$BIN" extract "$corpus" --out "$out" --threads "$t" --quiet)
      rm -rf "$out"
      if [ -z "$secs" ] || awk -v a="$s1" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s1; fi
      [ "$r1" -gt "$rss" ] && rss=$r1
    done
    awk -v size="$size" -v t="$t" -v s="$secs" -v mb="$mb" -v rss="$rss" \
      'BEGIN { printf "%-8s %7d %9.2f %8.2f %12.1f\n", size, t, s, (s > 0 ? mb / s : 0), rss / 1024 }'
  done
done
