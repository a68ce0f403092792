// SPDX-License-Identifier: Apache-2.0
// weightinit/fans.hpp: fan-in and fan-out of a weight shape, the one computation behind every
// variance-scaling initializer.
//
// Conventions:
// - keras (default; keras.initializers compute_fans): rank 0 -> (1, 1); rank 1 (n) -> (n, n);
//   rank 2 (in, out); rank >= 3 (..., in, out), both multiplied by the receptive field, the
//   product of the leading dimensions (channels-last convolution kernels).
// - torch (torch.nn.init._calculate_fan_in_and_fan_out): layout (out, in, k...), both
//   multiplied by the product of the trailing kernel dimensions; rank < 2 is an error.
// - explicit axes (Keras 3.16 input_axes / output_axes): fan_in is the product of the input
//   axes' sizes, fan_out that of the output axes; other axes do not count.
#ifndef WEIGHTINIT_FANS_HPP_
#define WEIGHTINIT_FANS_HPP_

#include <cstdint>
#include <string_view>
#include <vector>

#include "weightinit/detail/shape.hpp"
#include "weightinit/errors.hpp"

namespace weightinit {

/// Fan-in and fan-out of a shape.
struct fans {
  std::int64_t fan_in;
  std::int64_t fan_out;
  friend bool operator==(const fans& a, const fans& b) {
    return a.fan_in == b.fan_in && a.fan_out == b.fan_out;
  }
  template <class Stream>
  friend Stream& operator<<(Stream& out, const fans& f) {
    return out << "fans{" << f.fan_in << ", " << f.fan_out << "}";
  }
};

/// Which framework's layout a shape follows.
enum class fan_convention { keras, torch };

namespace detail {

// The computations, with the name of the caller for error messages.
inline fans fans_by_convention(std::string_view who, const shape_type& shape,
                               fan_convention convention) {
  detail::checked_numel(who, shape);
  const std::size_t rank = shape.size();
  if (convention == fan_convention::torch) {
    if (rank < 2) {
      detail::fail(who, "shape", "must have at least 2 dimensions for the torch convention", shape);
    }
    std::int64_t receptive_field = 1;
    for (std::size_t i = 2; i < rank; ++i) receptive_field *= shape[i];
    return {shape[1] * receptive_field, shape[0] * receptive_field};
  }
  if (rank == 0) return {1, 1};
  if (rank == 1) return {shape[0], shape[0]};
  std::int64_t receptive_field = 1;
  for (std::size_t i = 0; i + 2 < rank; ++i) receptive_field *= shape[i];
  return {shape[rank - 2] * receptive_field, shape[rank - 1] * receptive_field};
}

inline fans fans_by_axes(std::string_view who, const shape_type& shape,
                         const std::vector<int>& input_axes, const std::vector<int>& output_axes) {
  detail::checked_numel(who, shape);
  const int rank = static_cast<int>(shape.size());
  std::vector<bool> used(shape.size(), false);
  const auto product = [&](const std::vector<int>& axes, std::string_view name) {
    std::int64_t p = 1;
    for (int axis : axes) {
      const int a = axis < 0 ? axis + rank : axis;
      if (a < 0 || a >= rank) {
        detail::fail(who, name, "must be axes of a rank-" + std::to_string(rank) + " shape", axes);
      }
      if (used[std::size_t(a)]) detail::fail(who, name, "must not repeat an axis", axes);
      used[std::size_t(a)] = true;
      p *= shape[std::size_t(a)];
    }
    return p;
  };
  const std::int64_t fan_in = product(input_axes, "input_axes");
  return {fan_in, product(output_axes, "output_axes")};
}

}  // namespace detail

/// Fans of `shape` under a layout convention (Keras's by default).
inline fans compute_fans(const shape_type& shape,
                         fan_convention convention = fan_convention::keras) {
  return detail::fans_by_convention("compute_fans", shape, convention);
}

/// Fans from explicit axes (negative axes count from the end), as Keras 3.16's
/// compute_fans(shape, input_axes, output_axes).
inline fans compute_fans(const shape_type& shape, const std::vector<int>& input_axes,
                         const std::vector<int>& output_axes) {
  return detail::fans_by_axes("compute_fans", shape, input_axes, output_axes);
}

/// How a variance-scaling initializer finds its fans: a convention, or explicit axes.
struct fan_rule {
  fan_convention convention = fan_convention::keras;
  bool use_axes = false;  // Keras: axes count only when both input_axes and output_axes are set
  std::vector<int> input_axes;
  std::vector<int> output_axes;

  /// The fans of `shape`; errors name `who` (the initializer).
  fans operator()(const shape_type& shape, std::string_view who = "compute_fans") const {
    if (use_axes) return detail::fans_by_axes(who, shape, input_axes, output_axes);
    return detail::fans_by_convention(who, shape, convention);
  }
};

}  // namespace weightinit

#endif  // WEIGHTINIT_FANS_HPP_
