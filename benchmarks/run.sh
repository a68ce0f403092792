#!/usr/bin/env bash
# Runs every benchmark program of a build directory (default build-bench) with JSON output, then
# compare_peers.py on the results (NumPy and PyTorch timed in the same run): make bench calls
# this. Writes BUILD_DIR/results/bench_<program>.json, compare_peers.json and bench.md (the
# Markdown tables, also printed).
#
#   benchmarks/run.sh [BUILD_DIR]
#
# Environment (all optional):
#   PYTHON             interpreter for compare_peers.py (default /usr/bin/python3 if present:
#                      Debian's, which sees python3-numpy and python3-torch)
#   BENCH_MIN_TIME     --benchmark_min_time per repetition, seconds (default 0.3)
#   BENCH_REPETITIONS  --benchmark_repetitions (default 3; compare_peers.py uses the median)
#   BENCH_FILTER       --benchmark_filter regex for every program (default: all rows)
#   BENCH_ARGS         more arguments for every benchmark program
#   PEERS_ARGS         more arguments for compare_peers.py (e.g. --no-torch, --repetitions 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-build-bench}"
out="$build/results"
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
min_time="${BENCH_MIN_TIME:-0.3}"
repetitions="${BENCH_REPETITIONS:-3}"
filter="${BENCH_FILTER:-.}"

mkdir -p "$out"
rm -f "$out"/bench_*.json "$out/compare_peers.json" "$out/bench.md"  # no stale results
programs=0
for program in "$build"/bin/bench_*; do
  [ -x "$program" ] || continue
  programs=$((programs + 1))
  name="$(basename "$program")"
  echo "== $name"
  # shellcheck disable=SC2086  # BENCH_ARGS is a list of arguments
  "$program" --benchmark_out="$out/$name.json" --benchmark_out_format=json \
    --benchmark_min_time="$min_time" --benchmark_repetitions="$repetitions" \
    --benchmark_display_aggregates_only=true --benchmark_filter="$filter" ${BENCH_ARGS:-}
done
if [ "$programs" -eq 0 ]; then
  echo "run.sh: no benchmark programs in $build/bin (build with -DWEIGHTINIT_BUILD_BENCHMARKS=ON)" >&2
  exit 1
fi

echo "== compare_peers.py ($PYTHON)"
# shellcheck disable=SC2086  # PEERS_ARGS is a list of arguments
"$PYTHON" "$here/compare_peers.py" "$out"/bench_*.json \
  --out-json "$out/compare_peers.json" --out-md "$out/bench.md" ${PEERS_ARGS:-}
echo "results: $out/ (bench.md: the tables)"
