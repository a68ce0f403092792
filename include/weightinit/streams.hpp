// SPDX-License-Identifier: Apache-2.0
// weightinit/streams.hpp: per-parameter seeds derived from a global seed and the parameter's
// path, so a model's weights do not depend on the order in which parameters are created.
//
//   const seed_type s = parameter_seed(42, "encoder/layer_3/kernel");
//   GlorotUniform init(s);
//
// Flax derives parameter keys from module paths in the same spirit (SHA-1 of each path
// component folded into the key). Ours is a documented, stable 64-bit function, part of the
// value contract like the generator itself:
//
//   h    = FNV-1a 64 of the path's bytes (offset 0xcbf29ce484222325, prime 0x100000001b3)
//   seed = splitmix64(global ^ splitmix64(h))
//
// where splitmix64(x) is SplitMix64's output for state x: z = x + 0x9e3779b97f4a7c15, then
// z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9, z = (z ^ (z >> 27)) * 0x94d049bb133111eb,
// z ^ (z >> 31), all modulo 2^64. Paths are compared byte for byte (no normalization).
#ifndef WEIGHTINIT_STREAMS_HPP_
#define WEIGHTINIT_STREAMS_HPP_

#include <cstdint>
#include <string_view>

#include "weightinit/seed.hpp"

namespace weightinit {

namespace detail {
constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}
}  // namespace detail

/// The seed of the parameter at `path` (e.g. "encoder/layer_3/kernel") under `global_seed`.
constexpr seed_type parameter_seed(seed_type global_seed, std::string_view path) {
  return detail::splitmix64(global_seed ^ detail::splitmix64(detail::fnv1a64(path)));
}

}  // namespace weightinit

#endif  // WEIGHTINIT_STREAMS_HPP_
