// SPDX-License-Identifier: Apache-2.0
// weightinit/philox.hpp: the raw Philox4x32-10 block function, the default generator's core.
//
// Philox4x32-10 is the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel
// random numbers: as easy as 1, 2, 3" (SC 2011). A block of four 32-bit words is a pure
// function of a 128-bit counter and a 64-bit key, so any element's random bits can be computed
// directly from its index: this is what makes weightinit's values independent of threading,
// storage order and sharding. The function agrees bit for bit with the Random123 reference
// (`r123::Philox4x32_10`); tests/philox_test.cpp checks it.
#ifndef WEIGHTINIT_PHILOX_HPP_
#define WEIGHTINIT_PHILOX_HPP_

#include <array>
#include <cstdint>

namespace weightinit {

namespace detail {
inline constexpr std::uint32_t philox_m0 = 0xD2511F53u;
inline constexpr std::uint32_t philox_m1 = 0xCD9E8D57u;
inline constexpr std::uint32_t philox_w0 = 0x9E3779B9u;  // golden ratio
inline constexpr std::uint32_t philox_w1 = 0xBB67AE85u;  // sqrt(3) - 1

constexpr std::array<std::uint32_t, 4> philox_round(std::array<std::uint32_t, 4> c,
                                                    std::uint32_t k0, std::uint32_t k1) {
  const std::uint64_t p0 = std::uint64_t{philox_m0} * c[0];
  const std::uint64_t p1 = std::uint64_t{philox_m1} * c[2];
  return {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<std::uint32_t>(p1),
          static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<std::uint32_t>(p0)};
}
}  // namespace detail

/// Philox4x32-10: ten rounds of the Philox S-box on `counter` under `key`.
/// Returns four uniformly distributed 32-bit words.
constexpr std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                                     std::array<std::uint32_t, 2> key) {
  std::uint32_t k0 = key[0];
  std::uint32_t k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += detail::philox_w0;
      k1 += detail::philox_w1;
    }
    counter = detail::philox_round(counter, k0, k1);
  }
  return counter;
}

}  // namespace weightinit

#endif  // WEIGHTINIT_PHILOX_HPP_
