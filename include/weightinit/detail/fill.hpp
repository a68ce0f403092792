// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/fill.hpp: the one fill loop every initializer goes through.
//
// A target is always filled as a slice (offsets + the target's own extents) of a logical
// tensor of some global shape; a whole fill is the slice at offset 0 of its own shape. The
// slice is walked as runs of consecutive logical row-major indices, and a sampler produces the
// values of each run from the indices alone, so the result never depends on storage order or
// on how the work is split.
#ifndef WEIGHTINIT_DETAIL_FILL_HPP_
#define WEIGHTINIT_DETAIL_FILL_HPP_

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "weightinit/detail/shape.hpp"
#include "weightinit/detail/thread_team.hpp"
#include "weightinit/errors.hpp"

namespace weightinit {

/// Where a target sits inside a larger logical tensor: its global shape and the offset of the
/// target's first element along each dimension. The target's own extents give the slice's
/// extents.
struct slice_of {
  shape_type global_shape;
  shape_type offsets;
};

namespace detail {

inline void check_slice(std::string_view who, const shape_type& local, const slice_of& slice) {
  checked_numel(who, slice.global_shape);
  if (slice.global_shape.size() != local.size() || slice.offsets.size() != local.size()) {
    fail(who, "slice",
         "must have the target's rank " + std::to_string(local.size()) +
             " in global_shape and offsets",
         slice.global_shape);
  }
  for (std::size_t k = 0; k < local.size(); ++k) {
    if (slice.offsets[k] < 0 || slice.offsets[k] > slice.global_shape[k] - local[k]) {
      fail(who, "slice.offsets",
           "must place the target inside global_shape " + to_text(slice.global_shape) +
               " with extents " + to_text(local),
           slice.offsets);
    }
  }
}

/// The walk of a slice `offsets` + view extents of a tensor `global` as runs of consecutive
/// logical indices: the view's elements in local row-major order, cut where a run ends.
template <class View>
class slice_walk {
 public:
  slice_walk(const View& view, const shape_type& global, const shape_type& offsets)
      : view_(view), local_(view.shape()), offsets_(offsets), rank_(local_.size()) {
    // Dimensions from `split_` on are covered whole (except `split_` itself), so each
    // combination of the outer indices is one run of consecutive logical indices.
    split_ = rank_ == 0 ? 0 : rank_ - 1;
    while (split_ > 0 && local_[split_] == global[split_]) --split_;
    global_strides_.assign(rank_, 1);
    for (std::size_t k = rank_; k-- > 1;) global_strides_[k - 1] = global_strides_[k] * global[k];
    for (std::size_t k = split_; k < rank_; ++k) run_ *= local_[k];
    for (std::int64_t d : local_) size_ *= d;
  }

  /// Number of elements of the view.
  std::int64_t size() const { return size_; }

  /// Writes the sampler's values for the view's elements [begin, end) in local row-major order.
  template <class Sampler, class Source>
  void fill(std::int64_t begin, std::int64_t end, Sampler& sampler, Source& source) const {
    using T = typename View::scalar;
    T* contiguous = view_.contiguous_row_major();
    constexpr std::int64_t chunk = 4096;
    std::array<T, chunk> buffer;
    std::vector<std::int64_t> index(rank_, 0);  // local multi-index of the element written next
    while (begin < end) {
      const std::int64_t run_index = begin / run_;
      const std::int64_t within = begin - run_index * run_;
      const std::int64_t n = std::min(end - begin, run_ - within);
      // Local multi-index of `begin`, and the logical index of the run's first element.
      std::int64_t rest = begin;
      for (std::size_t k = rank_; k-- > 0;) {
        index[k] = rest % local_[k];
        rest /= local_[k];
      }
      std::int64_t first = within;
      for (std::size_t k = 0; k < split_; ++k)
        first += (offsets_[k] + index[k]) * global_strides_[k];
      if (rank_ > 0) first += offsets_[split_] * global_strides_[split_];
      if (contiguous != nullptr) {
        sampler.generate(std::uint64_t(first), std::uint64_t(n), contiguous + begin, source);
      } else {
        for (std::int64_t done = 0; done < n; done += chunk) {
          const std::int64_t m = std::min(n - done, chunk);
          sampler.generate(std::uint64_t(first + done), std::uint64_t(m), buffer.data(), source);
          for (std::int64_t i = 0; i < m; ++i) {
            view_.at(index.data()) = buffer[std::size_t(i)];
            for (std::size_t k = rank_; k-- > 0;) {  // row-major increment
              if (++index[k] < local_[k] || k == 0) break;
              index[k] = 0;
            }
          }
        }
      }
      begin += n;
    }
  }

 private:
  const View& view_;
  const shape_type& local_;
  const shape_type& offsets_;
  std::size_t rank_;
  std::size_t split_ = 0;
  std::vector<std::int64_t> global_strides_;
  std::int64_t run_ = 1;
  std::int64_t size_ = 1;
};

/// Writes sampler values for the slice `offsets` + view extents of a tensor `global`, on up to
/// `threads` threads (contiguous ranges of the view's elements; same values whatever the
/// split).
template <class View, class Sampler, class Source>
void fill_slice(const View& view, const shape_type& global, const shape_type& offsets,
                Sampler& sampler, Source& source, int threads = 1) {
  const slice_walk<View> walk(view, global, offsets);
  const std::int64_t size = walk.size();
  if (size == 0) return;
  if (threads <= 1) {
    walk.fill(0, size, sampler, source);
    return;
  }
  // A few ranges per thread, so that a thread the system starts late leaves its share to the
  // others; ranges start on multiples of 64 elements, so threads share no cache line and no
  // block.
  constexpr std::int64_t ranges_per_thread = 4;
  const std::int64_t ranges = std::min<std::int64_t>(threads * ranges_per_thread, (size + 63) / 64);
  const auto boundary = [&](std::int64_t r) {
    return r == ranges ? size : size / ranges * r / 64 * 64;
  };
  thread_team team(static_cast<unsigned>(threads));
  team.run(ranges,
           [&](std::int64_t r) { walk.fill(boundary(r), boundary(r + 1), sampler, source); });
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_FILL_HPP_
