#!/usr/bin/env bash
# The default generator's values must be identical on every build: compile the golden-value
# test (which pins them bit for bit) with g++ and clang++ at several -march levels, in ISO and
# GNU modes, without the CMake target's -ffp-contract=off (the headers must hold by
# themselves), and run each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for cxx in g++ clang++; do
  # GNU mode is where GCC contracts most eagerly; ISO mode once, at the widest target.
  for config in "x86-64 gnu++17" "x86-64-v3 gnu++17" "native gnu++17" "native c++17"; do
    read -r march std <<<"$config"
    {
      name="$cxx -march=$march -std=$std"
      "$cxx" "-std=$std" -O2 "-march=$march" -DWEIGHTINIT_HAVE_RANDOM123=1 -Iinclude -Itests \
        -isystem /usr/include/eigen3 tests/golden_test.cpp -o "$out/golden" \
        -lgtest -lgtest_main -pthread
      if "$out/golden" --gtest_brief=1 >"$out/log" 2>&1; then
        echo "same bits: $name"
      else
        cat "$out/log"
        echo "DIFFERENT BITS: $name" >&2
        exit 1
      fi
    }
  done
done
