// SPDX-License-Identifier: Apache-2.0
// weightinit/seed.hpp: seeds, with Keras 3 semantics, and the process-wide seed sequence.
//
// An initializer given an integer seed returns the same values on every call. One given no
// seed draws a seed once, at construction, from a process-wide sequence; that sequence starts
// from std::random_device unless `set_global_seed(s)` fixes it, after which the n-th unseeded
// initializer constructed gets the same seed in every run (as keras.utils.set_random_seed).
#ifndef WEIGHTINIT_SEED_HPP_
#define WEIGHTINIT_SEED_HPP_

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

namespace weightinit {

/// A seed: any 64-bit value. Keras accepts Python ints; negative ones wrap modulo 2^64 here.
using seed_type = std::uint64_t;

namespace detail {

// SplitMix64's finalizer (Steele, Lea, Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): a bijective mix so consecutive sequence positions give
// unrelated seeds.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class global_seed_sequence {
 public:
  static global_seed_sequence& instance() {
    static global_seed_sequence sequence;
    return sequence;
  }
  void reset(seed_type seed) {
    std::lock_guard<std::mutex> lock(mutex_);
    base_ = seed;
    position_ = 0;
  }
  seed_type next() {
    std::lock_guard<std::mutex> lock(mutex_);
    return splitmix64(base_ ^ splitmix64(position_++));
  }

 private:
  global_seed_sequence() {
    std::random_device device;
    base_ = (std::uint64_t{device()} << 32) ^ device();
  }
  std::mutex mutex_;
  seed_type base_ = 0;
  std::uint64_t position_ = 0;
};

}  // namespace detail

/// Makes unseeded initializers reproducible: after this call, the n-th initializer constructed
/// without a seed draws the same seed in every run. Thread-safe.
inline void set_global_seed(seed_type seed) {
  detail::global_seed_sequence::instance().reset(seed);
}

/// The next seed of the process-wide sequence (what an unseeded initializer takes).
inline seed_type draw_seed() { return detail::global_seed_sequence::instance().next(); }

}  // namespace weightinit

#endif  // WEIGHTINIT_SEED_HPP_
