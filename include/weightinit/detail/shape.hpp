// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/shape.hpp: shape validation and element counts without overflow.
#ifndef WEIGHTINIT_DETAIL_SHAPE_HPP_
#define WEIGHTINIT_DETAIL_SHAPE_HPP_

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "weightinit/errors.hpp"

namespace weightinit {

/// A logical shape, outermost dimension first (row-major), as a Keras shape tuple.
using shape_type = std::vector<std::int64_t>;

namespace detail {

/// Number of elements of `shape`; throws if a dimension is negative or the count overflows.
inline std::int64_t checked_numel(std::string_view who, const shape_type& shape) {
  std::int64_t count = 1;
  for (std::int64_t d : shape) {
    if (d < 0) fail(who, "shape", "must have non-negative dimensions", shape);
  }
  for (std::int64_t d : shape) {
    if (d == 0) return 0;
  }
  for (std::int64_t d : shape) {
    if (count > std::numeric_limits<std::int64_t>::max() / d) {
      fail(who, "shape", "has more elements than fit in 64 bits", shape);
    }
    count *= d;
  }
  return count;
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_SHAPE_HPP_
