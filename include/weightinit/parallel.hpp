// SPDX-License-Identifier: Apache-2.0
// weightinit/parallel.hpp: opt-in multi-threaded fills.
//
//   init(target, weightinit::parallel{4});                 // up to 4 threads
//   init(target, slice_of{global, offsets}, parallel{2});  // a shard, with 2 threads
//
// The target's elements are split into contiguous ranges of logical indices, one per thread
// (plain std::thread, started per call and joined before the call returns). Values depend only
// on the element's index, so the result is bit-identical to the single-threaded fill whatever
// the thread count. A fill uses at most one thread per `grain` elements: small tensors stay on
// the calling thread, where starting threads would cost more than it saves.
//
// Initializers whose sampler keeps lazily built state (torch::Sparse) and callables wrapped in
// an Initializer fill on the calling thread only; engines passed at the call (std::mt19937 &c.)
// are sequential by nature and have no parallel overload.
#ifndef WEIGHTINIT_PARALLEL_HPP_
#define WEIGHTINIT_PARALLEL_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include "weightinit/errors.hpp"

namespace weightinit {

/// How many threads a fill may use. `threads` = 0 means std::thread::hardware_concurrency();
/// `grain` is the least number of elements worth a thread (default 2^16 = 64Ki elements).
struct parallel {
  int threads = 0;
  std::int64_t grain = std::int64_t{1} << 16;
};

namespace detail {

/// The number of threads to use for `count` elements (>= 1); throws for invalid settings.
inline int threads_for(std::string_view who, const parallel& p, std::int64_t count) {
  if (p.threads < 0)
    fail(who, "parallel.threads", "must be >= 0 (0: all hardware threads)", p.threads);
  if (p.grain < 1) fail(who, "parallel.grain", "must be >= 1", p.grain);
  std::int64_t threads = p.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::int64_t worth = count / p.grain;
  if (threads > worth) threads = worth;
  return threads < 1 ? 1 : int(threads);
}

/// Whether a sampler's generate() may run concurrently on disjoint ranges: samplers say so
/// with `bool concurrent() const` (or a static constexpr member `concurrent`).
template <class S, class = void>
struct has_concurrent : std::false_type {};
template <class S>
struct has_concurrent<S, std::void_t<decltype(std::declval<const S&>().concurrent())>>
    : std::true_type {};

template <class Sampler>
bool allows_concurrent_generate(const Sampler& sampler) {
  if constexpr (has_concurrent<Sampler>::value) {
    return bool(sampler.concurrent());
  } else {
    return false;
  }
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_PARALLEL_HPP_
