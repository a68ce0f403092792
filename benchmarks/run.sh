#!/usr/bin/env bash
# Runs every benchmark program of a build directory (default build-bench), writing JSON
# results next to it: make bench calls this.
set -euo pipefail
build="${1:-build-bench}"
out="$build/results"
mkdir -p "$out"
for program in "$build"/bin/bench_*; do
  [ -x "$program" ] || continue
  name="$(basename "$program")"
  echo "== $name"
  "$program" --benchmark_out="$out/$name.json" --benchmark_out_format=json
done
echo "results: $out/"
