#!/usr/bin/env bash
# The default generator's values must be identical on every build. For g++ and clang++ at
# several -march levels, in GNU and ISO modes, and without the CMake target's
# -ffp-contract=off (the headers must hold by themselves):
#   - the golden-value test (exact pins) must pass;
#   - tests/same_bits/digest.cpp (digests of large fills of every initializer, scalar type
#     and dialect) must print exactly what the first build printed, and float64 orthogonal
#     matrices (Eigen's QR uses FMA where the target has it) stay within the documented bound.
#     Large float orthogonal matrices (the blocked float QR) are in the exact digests: with each
#     kernel the machine has (baseline, AVX2, AVX-512) and on 1 and 3 threads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
flags=(-O2 -DWEIGHTINIT_HAVE_RANDOM123=1 -Iinclude -Itests -isystem /usr/include/eigen3)
reference=""
for cxx in g++ clang++; do
  # GNU mode is where GCC contracts most eagerly; ISO mode once, at the widest target. The
  # first build is the scalar code alone (WEIGHTINIT_NO_SIMD); the others pick the vector
  # kernels the machine runs (AVX-512 or AVX2) at run time.
  for config in "x86-64 gnu++17 -DWEIGHTINIT_NO_SIMD" "x86-64 gnu++17" "x86-64-v3 gnu++17" \
    "native gnu++17" "native c++17"; do
    read -r march std defines <<<"$config"
    name="$cxx -march=$march -std=$std $defines"
    "$cxx" "-std=$std" "-march=$march" $defines "${flags[@]}" tests/golden_test.cpp \
      -o "$out/golden" -lgtest -lgtest_main -pthread
    "$cxx" "-std=$std" "-march=$march" $defines "${flags[@]}" tests/same_bits/digest.cpp \
      -o "$out/digest"
    if ! "$out/golden" --gtest_brief=1 >"$out/log" 2>&1; then
      cat "$out/log"
      echo "DIFFERENT BITS (golden values): $name" >&2
      exit 1
    fi
    "$out/digest" >"$out/digest.txt"
    if [ -z "$reference" ]; then
      reference="$name"
      cp "$out/digest.txt" "$out/reference.txt"
      "$out/digest" --orthogonal-dump "$out/orthogonal.bin"
    elif ! diff "$out/reference.txt" "$out/digest.txt"; then
      echo "DIFFERENT BITS (large fills): $name vs $reference" >&2
      exit 1
    elif ! "$out/digest" --orthogonal-compare "$out/orthogonal.bin"; then
      echo "float64 orthogonal beyond its documented bound: $name vs $reference" >&2
      exit 1
    fi
    echo "same bits: $name"
  done
done
