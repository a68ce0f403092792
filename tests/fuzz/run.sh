#!/usr/bin/env bash
# Fuzzes the Keras JSON reader with libFuzzer + ASan + UBSan for a bounded time.
#   tests/fuzz/run.sh [seconds] [runs]   (default 60 s; with runs, at most that many inputs)
# WEIGHTINIT_FUZZ_SEED fixes libFuzzer's seed (CI uses a fixed seed and a fixed number of runs,
# so that its verdict is reproducible; explore with other seeds and longer runs by hand).
# Needs clang++ with libFuzzer (Debian: clang, libclang-rt-14-dev), Eigen and nlohmann-json.
# Starts from tests/fuzz/corpus (the Keras fixtures) plus the known regressions; new
# coverage goes to a scratch corpus (the seed corpus stays as committed). A crashing input is
# copied to tests/fuzz/regressions/, which tests/fuzz_regressions_test.cpp replays in every
# unit-test run, and the script exits non-zero.
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
RUNS="${2:--1}"
FUZZ_SEED="${WEIGHTINIT_FUZZ_SEED:-0}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${WEIGHTINIT_FUZZ_WORK:-${TMPDIR:-/tmp}/weightinit-fuzz}"
CXX="${CXX_FUZZ:-clang++}"
mkdir -p "$WORK/corpus" "$WORK/artifacts" "$HERE/regressions"

"$CXX" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -std=c++17 -I "$ROOT/include" -isystem /usr/include/eigen3 \
  "$HERE/keras_json_fuzzer.cpp" -o "$WORK/keras_json_fuzzer"

status=0
(cd "$WORK" && ./keras_json_fuzzer -max_total_time="$SECONDS_TO_RUN" -runs="$RUNS" -seed="$FUZZ_SEED" \
  -max_len=4096 -timeout=5 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$WORK/artifacts/" \
  "$WORK/corpus" "$HERE/corpus" "$HERE/regressions") || status=$?

found=0
for artifact in "$WORK"/artifacts/*; do
  [ -e "$artifact" ] || continue
  cp "$artifact" "$HERE/regressions/$(basename "$artifact")"
  echo "finding kept: tests/fuzz/regressions/$(basename "$artifact")" >&2
  rm -f "$artifact"
  found=1
done
if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
  echo "fuzzing found a problem (exit $status)" >&2
  exit 1
fi
echo "fuzzing: no findings (at most ${SECONDS_TO_RUN} s, runs limit ${RUNS}, seed ${FUZZ_SEED})"
