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

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "weightinit/detail/shape.hpp"
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

/// Writes sampler values for the slice `offsets` + view extents of a tensor `global`.
template <class View, class Sampler, class Source>
void fill_slice(const View& view, const shape_type& global, const shape_type& offsets,
                Sampler& sampler, Source& source) {
  using T = typename View::scalar;
  const shape_type& local = view.shape();
  const std::size_t rank = local.size();
  for (std::int64_t d : local) {
    if (d == 0) return;
  }
  // Dimensions from `split` on are covered whole (except `split` itself), so each combination
  // of the outer indices is one run of consecutive logical indices.
  std::size_t split = rank == 0 ? 0 : rank - 1;
  while (split > 0 && local[split] == global[split]) --split;
  std::vector<std::int64_t> global_strides(rank, 1), local_strides(rank, 1);
  for (std::size_t k = rank; k-- > 1;) {
    global_strides[k - 1] = global_strides[k] * global[k];
    local_strides[k - 1] = local_strides[k] * local[k];
  }
  std::int64_t run = 1;
  for (std::size_t k = split; k < rank; ++k) run *= local[k];

  T* contiguous = view.contiguous_row_major();
  constexpr std::int64_t chunk = 4096;
  std::array<T, chunk> buffer;
  std::vector<std::int64_t> outer(split, 0);  // multi-index over dimensions < split
  std::vector<std::int64_t> index(rank, 0);   // local multi-index of the element written next
  for (;;) {
    std::int64_t first = 0;
    std::int64_t local_first = 0;
    for (std::size_t k = 0; k < split; ++k) {
      first += (offsets[k] + outer[k]) * global_strides[k];
      local_first += outer[k] * local_strides[k];
    }
    if (rank > 0) first += offsets[split] * global_strides[split];
    if (contiguous != nullptr) {
      sampler.generate(std::uint64_t(first), std::uint64_t(run), contiguous + local_first, source);
    } else {
      for (std::size_t k = 0; k < rank; ++k) index[k] = k < split ? outer[k] : 0;
      for (std::int64_t done = 0; done < run; done += chunk) {
        const std::int64_t n = run - done < chunk ? run - done : chunk;
        sampler.generate(std::uint64_t(first + done), std::uint64_t(n), buffer.data(), source);
        for (std::int64_t i = 0; i < n; ++i) {
          view.at(index.data()) = buffer[std::size_t(i)];
          for (std::size_t k = rank; k-- > split;) {  // row-major increment within the run
            if (++index[k] < local[k] || k == split) break;
            index[k] = 0;
          }
        }
      }
    }
    std::size_t k = split;  // next outer multi-index
    while (k > 0 && ++outer[k - 1] == local[k - 1]) outer[--k] = 0;
    if (k == 0) return;
  }
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_FILL_HPP_
