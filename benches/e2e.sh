#!/usr/bin/env bash
# End-to-end benchmark of `solieu extract`, with a plain Python pipeline as a
# peer measured in the same run on the same text.
#
#   benches/e2e.sh [SIZES] [THREADS]      e.g. benches/e2e.sh "200MB 2GB" "1 2"
#
# SIZES defaults to 200MB; THREADS to the powers of two up to `nproc`, and
# `nproc` itself (1 2 4 8 16 on 16 cores, 1 2 4 6 on 6).
#
# Environment:
#   KINDS="synthetic sample-like"   which corpora (`solieu gen-corpus --kind`):
#                                   synthetic is dense with planted figures,
#                                   sample-like is the sample articles with
#                                   varied numbers, text like real press text
#   REPEAT=3     runs of each configuration; the fastest run and the highest
#                peak RSS are reported: shared virtual machines vary by tens of
#                percent from run to run, and the fastest run is the one least
#                disturbed
#   PEER=1       also run benches/python_peer.py (0: skip it); PEER_REPEAT
#                runs of it (default 1), the fastest reported
#   SOLIEU_BIN   a solieu binary to measure instead of building one
#
# Builds the release binary and measures a copy of it (target/bench-bin/), so
# that a build in the same target directory during the run changes nothing.
# Generates the corpora with `solieu gen-corpus --seed 1` as zstd JSON Lines,
# cached in target/bench-corpus/ and reused while present (delete them after
# changing the generator). Runs `solieu extract CORPUS --out DIR --format
# parquet --threads N` on each, from a warm page cache, and prints per kind,
# size and thread count: seconds, MB/s (of article text, as `--size` counts
# it), speed-up over 1 thread, CPU seconds (user + system, all threads) and
# peak RSS in MB. The peer reads the same file and writes parquet; solieu's
# ratio over it is printed per core: wall time at one thread (solieu's reader
# and writer threads may use a second core) and CPU time (all cores counted).
#
# Peak RSS and CPU time come from GNU time (`apt-get install time`); without
# it the script falls back to VmHWM polled from /proc/PID/status every 0.1 s,
# which may miss a short peak, and prints no CPU time.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${1:-"200MB"}
default_threads() {
  local n t=1 out=""
  n=$(nproc)
  while [ "$t" -lt "$n" ]; do
    out="$out $t"
    t=$((t * 2))
  done
  echo "$out $n"
}
THREADS=${2:-$(default_threads)}
KINDS=${KINDS:-"synthetic sample-like"}
REPEAT=${REPEAT:-3}
PEER=${PEER:-1}
PEER_REPEAT=${PEER_REPEAT:-1}
CACHE=target/bench-corpus
mkdir -p "$CACHE" target/bench-bin

if [ -n "${SOLIEU_BIN:-}" ]; then
  BIN=$SOLIEU_BIN
else
  cargo build --release --quiet
  BIN=target/bench-bin/solieu
  cp target/release/solieu "$BIN"
fi

# Bytes of text per size, in MB, as gen-corpus counts them (decimal units).
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

# Run a command; print "seconds peak_rss_kb cpu_seconds" (cpu 0 when unknown).
measure() {
  if [ -x /usr/bin/time ]; then
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || {
      cat "$log" >&2
      rm -f "$log"
      return 1
    }
    local wall rss user sys
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    user=$(grep 'User time (seconds)' "$log" | awk '{print $NF}')
    sys=$(grep 'System time (seconds)' "$log" | awk '{print $NF}')
    rm -f "$log"
    # h:mm:ss or m:ss.ss → seconds
    echo "$wall" | awk -F: -v rss="$rss" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
      '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f %d %.2f\n", s, rss, cpu }'
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
    echo "$start $end $peak" | awk '{ printf "%.2f %d 0\n", $2 - $1, $3 }'
  fi
}

# Run "$@" REPEAT times (first argument: the count); print the fastest
# "seconds cpu" and the highest peak RSS as "seconds rss_kb cpu".
best_of() {
  local n=$1 secs="" cpu=0 rss=0 s1 r1 c1 out
  shift
  for _ in $(seq "$n"); do
    out=$(mktemp -d)
    read -r s1 r1 c1 < <(measure "$@" "$out")
    rm -rf "$out"
    if [ -z "$secs" ] || awk -v a="$s1" -v b="$secs" 'BEGIN { exit !(a < b) }'; then
      secs=$s1
      cpu=$c1
    fi
    [ "$r1" -gt "$rss" ] && rss=$r1
  done
  echo "$secs $rss $cpu"
}

corpus_path() {
  case "$1" in
    synthetic) echo "$CACHE/synth-$2.jsonl.zst" ;;
    *) echo "$CACHE/$1-$2.jsonl.zst" ;;
  esac
}

for kind in $KINDS; do
  for size in $SIZES; do
    corpus=$(corpus_path "$kind" "$size")
    if [ ! -s "$corpus" ]; then
      echo "generating $corpus ..." >&2
      "$BIN" gen-corpus --kind "$kind" --size "$size" --out "$corpus" --seed 1 >&2
    fi
  done
done

if [ "$PEER" != 0 ]; then
  python3 benches/python_peer.py --setup
  PEER_PY=target/bench-venv/bin/python
  python3 -c 'import pandas, pyarrow, zstandard' 2>/dev/null && PEER_PY=python3
fi

if [ -n "${SOLIEU_BIN:-}" ]; then
  WHAT="$SOLIEU_BIN (given by SOLIEU_BIN)"
else
  WHAT=$(git describe --always --dirty 2>/dev/null || echo '?')
fi
echo "solieu $WHAT, $(nproc) cores, REPEAT=$REPEAT, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-7s %7s %9s %8s %9s %9s %12s\n' corpus size threads seconds MB/s speed-up "CPU s" "peak RSS MB"
peer_lines=()
for kind in $KINDS; do
  for size in $SIZES; do
    corpus=$(corpus_path "$kind" "$size")
    mb=$(text_mb "$size")
    one=""
    one_cpu=""
    for t in $THREADS; do
      read -r secs rss cpu < <(best_of "$REPEAT" "$BIN" extract "$corpus" --format parquet --threads "$t" --quiet --out)
      if [ "$t" = 1 ]; then
        one=$secs
        one_cpu=$cpu
      fi
      awk -v k="$kind" -v size="$size" -v t="$t" -v s="$secs" -v mb="$mb" -v rss="$rss" -v cpu="$cpu" -v one="$one" \
        'BEGIN { up = (one != "" && s > 0) ? sprintf("%.2fx", one / s) : "-";
                 printf "%-12s %-7s %7d %9.2f %8.2f %9s %9.2f %12.1f\n", k, size, t, s, (s > 0 ? mb / s : 0), up, cpu, rss / 1024 }'
    done
    if [ "$PEER" != 0 ]; then
      read -r psecs prss pcpu < <(best_of "$PEER_REPEAT" "$PEER_PY" benches/python_peer.py "$corpus")
      awk -v k="$kind" -v size="$size" -v s="$psecs" -v mb="$mb" -v rss="$prss" -v cpu="$pcpu" \
        'BEGIN { printf "%-12s %-7s %7s %9.2f %8.2f %9s %9.2f %12.1f\n", k, size, "python", s, mb / s, "-", cpu, rss / 1024 }'
      if [ -n "$one" ]; then
        peer_lines+=("$(awk -v k="$kind" -v size="$size" -v s="$psecs" -v one="$one" -v c="$pcpu" -v onec="$one_cpu" \
          'BEGIN { printf "%s %s: solieu at 1 thread is %.1fx the Python peer by wall time", k, size, s / one;
                   if (c > 0 && onec > 0) printf ", %.1fx by CPU time", c / onec; printf "\n" }')")
      fi
    fi
  done
done
for l in "${peer_lines[@]+"${peer_lines[@]}"}"; do
  echo "$l"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every row)"
