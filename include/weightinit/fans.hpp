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
// - JAX (jax.nn.initializers._compute_fans, compute_fans_jax): in_axis, out_axis and batch_axis
//   (default -2, -1, none); every axis in none of them is receptive field, fan_in = in_size *
//   rf and fan_out = out_size * rf; batch axes count in neither.
#ifndef WEIGHTINIT_FANS_HPP_
#define WEIGHTINIT_FANS_HPP_

#include <cstdint>
#include <limits>
#include <string>
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

// Which axes of `shape` the parameter `name` lists (negative axes count from the end); throws
// naming it for an axis out of range or listed twice. `as_int`: a one-axis list is shown as
// the int it was given as (JAX's int-or-sequence axis parameters).
inline std::vector<bool> axis_marks(std::string_view who, const shape_type& shape,
                                    const std::vector<int>& axes, std::string_view name,
                                    bool as_int = false) {
  const int rank = static_cast<int>(shape.size());
  const auto reject = [&](const std::string& requirement) {
    if (as_int && axes.size() == 1) detail::fail(who, name, requirement, axes[0]);
    detail::fail(who, name, requirement, axes);
  };
  std::vector<bool> marks(shape.size(), false);
  for (int axis : axes) {
    const int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) reject("must be axes of a rank-" + std::to_string(rank) + " shape");
    if (marks[std::size_t(a)]) reject("must not repeat an axis");
    marks[std::size_t(a)] = true;
  }
  return marks;
}

// Throws naming `name` (whose list is `axes`) if marks `a` and `b` share an axis.
inline void require_disjoint(std::string_view who, const std::vector<bool>& a,
                             const std::vector<bool>& b, std::string_view name,
                             const std::vector<int>& axes, std::string_view other,
                             bool as_int = false) {
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] && b[k]) {
      const std::string requirement = "must not share an axis with " + std::string(other);
      if (as_int && axes.size() == 1) detail::fail(who, name, requirement, axes[0]);
      detail::fail(who, name, requirement, axes);
    }
  }
}

// The product of shape[k] over the k with take(k), or an error naming the shape when it
// overflows 64 bits (possible only for an empty shape: checked_numel bounds the others).
template <class Take>
std::int64_t product_of(std::string_view who, const shape_type& shape, Take take) {
  std::int64_t p = 1;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (!take(k)) continue;
    if (shape[k] != 0 && p > std::numeric_limits<std::int64_t>::max() / shape[k]) {
      detail::fail(who, "shape", "has fans that do not fit in 64 bits", shape);
    }
    p *= shape[k];
  }
  return p;
}

inline fans fans_by_axes(std::string_view who, const shape_type& shape,
                         const std::vector<int>& input_axes, const std::vector<int>& output_axes) {
  detail::checked_numel(who, shape);
  const std::vector<bool> in = axis_marks(who, shape, input_axes, "input_axes");
  const std::vector<bool> out = axis_marks(who, shape, output_axes, "output_axes");
  require_disjoint(who, out, in, "output_axes", output_axes, "input_axes");
  return {product_of(who, shape, [&](std::size_t k) { return bool(in[k]); }),
          product_of(who, shape, [&](std::size_t k) { return bool(out[k]); })};
}

// JAX's _compute_fans in exact integer arithmetic. JAX computes rf = numel / in_size /
// out_size / batch_size as a float, then fan_in = in_size * rf = numel / (out_size *
// batch_size) and fan_out = numel / (in_size * batch_size): the products of the sizes of the
// axes outside out_axis and batch_axis, resp. outside in_axis and batch_axis, which is what is
// computed here. That is exact whenever JAX's result is meaningful, including in_axis and
// out_axis sharing axes (Flax's embedding initializer), and stays defined for empty shapes
// (where JAX's division gives nan).
inline fans fans_jax(std::string_view who, const shape_type& shape, const std::vector<int>& in_axis,
                     const std::vector<int>& out_axis, const std::vector<int>& batch_axis) {
  detail::checked_numel(who, shape);
  if (shape.size() <= 1 && in_axis == std::vector<int>{-2}) {
    detail::fail(who, "shape",
                 "must be at least 2-D to compute fans with the default in_axis -2 (specify "
                 "in_axis explicitly for a rank-0 or rank-1 weight)",
                 shape);
  }
  const std::vector<bool> in = axis_marks(who, shape, in_axis, "in_axis", true);
  const std::vector<bool> out = axis_marks(who, shape, out_axis, "out_axis", true);
  const std::vector<bool> batch = axis_marks(who, shape, batch_axis, "batch_axis", true);
  require_disjoint(who, batch, in, "batch_axis", batch_axis, "in_axis", true);
  require_disjoint(who, batch, out, "batch_axis", batch_axis, "out_axis", true);
  return {product_of(who, shape, [&](std::size_t k) { return !out[k] && !batch[k]; }),
          product_of(who, shape, [&](std::size_t k) { return !in[k] && !batch[k]; })};
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

/// Fans as JAX computes them (jax.nn.initializers._compute_fans). in_axis, out_axis and
/// batch_axis are lists of axes (negative from the end, possibly empty; JAX's int is a
/// one-element list), with products in_size, out_size, batch_size; every axis in none of them
/// is receptive field, rf = numel / (in_size * out_size * batch_size); fan_in = in_size * rf,
/// fan_out = out_size * rf. Batch axes count in neither fan. Default: (..., in, out) kernels,
/// as Keras's rule for rank >= 2.
///
/// in_axis and out_axis may share axes, as in JAX: Flax's default embedding initializer,
/// variance_scaling(1, "fan_in", "normal", out_axis=0) on (vocab, features), gets fans
/// (features, features) that way. Differences from JAX, for input it mishandles: an axis out
/// of range, repeated within a list, or shared by batch_axis and in_axis / out_axis throws,
/// naming the parameter and value (JAX raises IndexError or returns fractional fans); the fans
/// are exact 64-bit integers, fan_in = product of the sizes outside out_axis and batch_axis,
/// fan_out = outside in_axis and batch_axis (JAX: the same as floats, nan for empty shapes).
/// As in JAX, a rank-0 or rank-1 shape with the default in_axis -2 throws (JAX PR #13995); rank
/// 0 works with in_axis = out_axis = {}, giving (1, 1).
inline fans compute_fans_jax(const shape_type& shape, const std::vector<int>& in_axis = {-2},
                             const std::vector<int>& out_axis = {-1},
                             const std::vector<int>& batch_axis = {}) {
  return detail::fans_jax("compute_fans_jax", shape, in_axis, out_axis, batch_axis);
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
