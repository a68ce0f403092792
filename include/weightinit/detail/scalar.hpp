// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/scalar.hpp: what the library needs to know about each scalar type.
//
// float, Eigen::half and Eigen::bfloat16 are computed in float and rounded once (as TF and
// PyTorch do for half types); double is computed in double. The compute type also fixes how
// many elements one Philox block feeds: four 32-bit lanes for float, two 64-bit lanes for
// double.
#ifndef WEIGHTINIT_DETAIL_SCALAR_HPP_
#define WEIGHTINIT_DETAIL_SCALAR_HPP_

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>

#include <Eigen/Core>
#include "weightinit/detail/exact_math.hpp"

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail {

template <class T>
struct scalar_traits {
  static constexpr bool supported = false;
};
template <>
struct scalar_traits<float> {
  static constexpr bool supported = true;
  using compute = float;
  static constexpr std::string_view name = "float32";
};
template <>
struct scalar_traits<double> {
  static constexpr bool supported = true;
  using compute = double;
  static constexpr std::string_view name = "float64";
};
template <>
struct scalar_traits<Eigen::half> {
  static constexpr bool supported = true;
  using compute = float;
  static constexpr std::string_view name = "float16";
};
template <>
struct scalar_traits<Eigen::bfloat16> {
  static constexpr bool supported = true;
  using compute = float;
  static constexpr std::string_view name = "bfloat16";
};

template <class T>
inline constexpr bool is_real_scalar_v = scalar_traits<std::remove_cv_t<T>>::supported;

template <class T>
using compute_t = typename scalar_traits<T>::compute;

/// Elements fed by one Philox block (four 32-bit words).
template <class C>
inline constexpr int lanes_v = sizeof(C) == 4 ? 4 : 2;

/// Rounds a compute-type (or double) value to T, to nearest even.
template <class T, class From>
T round_to(From value) {
  if constexpr (std::is_same_v<T, From>) {
    return value;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<T>(value);
  } else {
    return T(static_cast<float>(value));  // Eigen::half / bfloat16 round to nearest even
  }
}

template <class T>
double to_double(T value) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<double>(value);
  } else {
    return static_cast<double>(static_cast<float>(value));
  }
}

/// The next representable T above (up = true) or below x; x finite.
template <class T>
T next_representable(T x, bool up) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::nextafter(
        x, up ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity());
  } else {
    static_assert(sizeof(T) == 2, "half types are 16-bit sign-magnitude");
    std::uint16_t bits = Eigen::numext::bit_cast<std::uint16_t>(x);
    const bool negative = bits & 0x8000u;
    if ((bits & 0x7fffu) == 0) {
      bits = up ? 0x0001u : 0x8001u;  // from +-0 to the smallest subnormal of that direction
    } else if (negative == up) {
      bits = static_cast<std::uint16_t>(bits - 1);  // towards zero
    } else {
      bits = static_cast<std::uint16_t>(bits + 1);  // away from zero
    }
    return Eigen::numext::bit_cast<T>(bits);
  }
}

/// A bound known more precisely than one double: value + error exactly (error tiny).
struct exact_bound {
  double value;
  double error = 0;
};

/// mean + z * stddev as value + error, exact: a truncation bound such as 0.1 - 2 * 0.3 rounds
/// to -0.5 in double although the true bound is slightly above it.
inline exact_bound affine_bound(double mean, double z, double stddev) {
  const double product = z * stddev;
  if (!std::isfinite(product)) return {mean + product, 0};     // an infinite bound is exact
  const double product_error = std::fma(z, stddev, -product);  // exact (Dekker)
  const double sum = mean + product;
  const double back = sum - product;  // TwoSum (Knuth): the exact rounding error of the sum
  const double sum_error = (mean - back) + (product - (sum - back));
  return {sum, sum_error + product_error};
}

/// The smallest T >= bound (above = true) or the largest T <= bound; with `strict`, > or <.
template <class T>
T representable_within(exact_bound bound, bool above, bool strict) {
  T t = round_to<T>(bound.value);
  if (std::isinf(bound.value)) return t;  // no constraint on that side
  const auto inside = [&](T v) {
    // v - bound.value is exact when the two are close, which is when the sign matters.
    const double d = to_double(v) - bound.value;
    return above ? (strict ? d > bound.error : d >= bound.error)
                 : (strict ? d < bound.error : d <= bound.error);
  };
  while (!inside(t)) t = next_representable(t, above);
  for (T v = next_representable(t, !above); inside(v); v = next_representable(v, !above)) t = v;
  return t;
}

/// The values of T inside an interval, used to keep results inside their bounds after
/// rounding: rounding a value of [lo, hi] to T can leave the interval by half a T ulp.
template <class T>
struct representable_interval {
  T lo, hi;
  bool empty;
  representable_interval(exact_bound lower, exact_bound upper, bool upper_open)
      : lo(representable_within<T>(lower, true, false)),
        hi(representable_within<T>(upper, false, upper_open)),
        empty(to_double(lo) > to_double(hi)) {}
  T clamp(T v) const {
    if (to_double(v) < to_double(lo)) return lo;
    if (to_double(v) > to_double(hi)) return hi;
    return v;
  }
};

}  // namespace weightinit::detail

WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_SCALAR_HPP_
