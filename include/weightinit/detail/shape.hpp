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

/// Number of elements of `shape`; throws if a dimension is negative or if the product of the
/// non-zero dimensions overflows 64 bits. The latter bound makes every partial product (fans,
/// receptive fields, strides) safe, also for shapes with a zero dimension.
inline std::int64_t checked_numel(std::string_view who, const shape_type& shape) {
  for (std::int64_t d : shape) {
    if (d < 0) fail(who, "shape", "must have non-negative dimensions", shape);
  }
  std::int64_t product = 1;
  bool empty = false;
  for (std::int64_t d : shape) {
    if (d == 0) {
      empty = true;
    } else if (product > std::numeric_limits<std::int64_t>::max() / d) {
      fail(who, "shape", "has dimensions whose product does not fit in 64 bits", shape);
    } else {
      product *= d;
    }
  }
  return empty ? 0 : product;
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_SHAPE_HPP_
