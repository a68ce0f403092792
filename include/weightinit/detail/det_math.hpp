// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/det_math.hpp: logarithm, sine and cosine in plain IEEE arithmetic.
//
// Why: the default generator's values are a published contract, identical on every platform,
// compiler and instruction set. libm's log/sin/cos may differ in the last bit between
// implementations, so the transforms use these instead. Only +, -, *, /, sqrt (all correctly
// rounded by IEEE 754) and exact scalings by powers of two (ldexp, frexp) are used, with no
// fused multiply-add: the library's CMake target compiles with -ffp-contract=off, and the
// polynomials are written so that each operation's rounding is specified.
#ifndef WEIGHTINIT_DETAIL_DET_MATH_HPP_
#define WEIGHTINIT_DETAIL_DET_MATH_HPP_

#include <array>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#include "weightinit/detail/exact_math.hpp"

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail {

/// 2^k as C, exactly, for k in C's normal exponent range (a cheaper std::ldexp(1, k)).
template <class C>
C pow2(int k) {
  if constexpr (sizeof(C) == 4) {
    const std::uint32_t bits = std::uint32_t(127 + k) << 23;
    float result;
    std::memcpy(&result, &bits, sizeof result);
    return result;
  } else {
    const std::uint64_t bits = std::uint64_t(1023 + k) << 52;
    double result;
    std::memcpy(&result, &bits, sizeof result);
    return result;
  }
}

/// floor(log2(m)) for m >= 1.
inline int floor_log2(std::uint64_t m) {
#if defined(__GNUC__) || defined(__clang__)
  return 63 - __builtin_clzll(m);
#else
  int e = 63;
  while (!(m >> e)) --e;
  return e;
#endif
}

template <class C>
struct log_constants;
template <>
struct log_constants<float> {
  // Cody-Waite split of ln 2: k * ln2_hi is exact for |k| < 512.
  static constexpr float ln2_hi = 0.693145751953125f;
  static constexpr float ln2_lo = 1.428606765330187e-06f;
  static constexpr float sqrt2 = 1.41421356f;
  static constexpr int terms = 5;  // |s| <= 0.1716: s^11 / 11 < 2^-24 |s|
  static constexpr std::array<float, terms> series = {2.0f / 3, 2.0f / 5, 2.0f / 7, 2.0f / 9,
                                                      2.0f / 11};
};
template <>
struct log_constants<double> {
  static constexpr double ln2_hi = 6.93147180369123816490e-01;  // fdlibm
  static constexpr double ln2_lo = 1.90821492927058770002e-10;
  static constexpr double sqrt2 = 1.4142135623730951;
  static constexpr int terms = 10;  // s^21 / 21 < 2^-53 |s|
  static constexpr std::array<double, terms> series = {2.0 / 3,  2.0 / 5,  2.0 / 7,  2.0 / 9,
                                                       2.0 / 11, 2.0 / 13, 2.0 / 15, 2.0 / 17,
                                                       2.0 / 19, 2.0 / 21};
};

/// ln((1 + g) 2^k) for 1 + g in [sqrt(1/2), sqrt(2)], by the series
/// ln(1 + g) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = g / (2 + g). Taking g rather
/// than 1 + g keeps full relative precision near 1.
template <class C>
C log1p_reduced(C g, int k) {
  using K = log_constants<C>;
  const C s = g / (C(2) + g);
  const C z = s * s;
  C poly = C(0);
  for (int j = K::terms; j >= 1; --j) poly = (poly + K::series[std::size_t(j - 1)]) * z;
  const C ln_f = C(2) * s + s * poly;
  return static_cast<C>(k) * K::ln2_hi + (static_cast<C>(k) * K::ln2_lo + ln_f);
}

/// ln(x) for finite x > 0.
template <class C>
C det_log(C x) {
  int e = 0;
  C f = std::frexp(x, &e) * C(2);  // exact: x = f 2^(e-1), f in [1, 2)
  int k = e - 1;
  if (f > log_constants<C>::sqrt2) {
    f = f * C(0.5);
    k += 1;
  }
  return log1p_reduced(f - C(1), k);  // f - 1 is exact (Sterbenz)
}

/// ln(m 2^-bits) for an integer m in [1, 2^bits], bits <= 62: the logarithm of a uniform
/// variate in (0, 1] straight from its integer. m = (1 + g) 2^E with 1 + g in
/// [sqrt(1/2), sqrt(2)), and g = (m - 2^E) 2^-E is formed from the exact integer difference,
/// so values near 0 and near 1 both keep full relative precision.
template <class C>
C log_of_fraction(std::uint64_t m, int bits) {
  const int e = floor_log2(m);  // 2^e <= m < 2^(e+1)
  // double(m) is exact for the m we use (at most 2^53); the comparison only picks the range.
  const int big = double(m) >= 1.4142135623730951 * pow2<double>(e) ? 1 : 0;
  const int E = e + big;
  const std::int64_t g_scaled = std::int64_t(m) - (std::int64_t{1} << E);
  return log1p_reduced(static_cast<C>(g_scaled) * pow2<C>(-E), E - bits);  // exact scaling
}

// (-1)^j / (2j + first)! for j = 1..N, built in double and rounded once to C.
template <class C, int N>
constexpr std::array<C, N> alternating_inverse_factorials(int first) {
  std::array<C, N> coefficients{};
  for (int j = 1; j <= N; ++j) {
    double factorial = 1;
    for (int i = 2; i <= 2 * j + first; ++i) factorial *= i;
    coefficients[static_cast<std::size_t>(j - 1)] =
        static_cast<C>((j % 2 ? -1.0 : 1.0) / factorial);
  }
  return coefficients;
}

/// sin and cos of x in [0, pi/4] by their Taylor series (truncation error below half an ulp).
template <class C>
std::pair<C, C> sincos_kernel(C x) {
  constexpr int sin_terms = sizeof(C) == 4 ? 4 : 8;  // up to x^9 / x^17
  constexpr int cos_terms = sizeof(C) == 4 ? 5 : 8;  // up to x^10 / x^16
  static constexpr auto sin_c = alternating_inverse_factorials<C, sin_terms>(1);
  static constexpr auto cos_c = alternating_inverse_factorials<C, cos_terms>(0);
  const C t = x * x;
  C sin_poly = C(0);
  for (int j = sin_terms - 1; j >= 0; --j) sin_poly = (sin_poly + sin_c[std::size_t(j)]) * t;
  C cos_poly = C(0);
  for (int j = cos_terms - 1; j >= 0; --j) cos_poly = (cos_poly + cos_c[std::size_t(j)]) * t;
  return {x + x * sin_poly, C(1) + cos_poly};
}

/// sin and cos of the angle 2 pi r / 2^bits, for r < 2^bits (bits <= 64). The quadrant and
/// the reflection about pi/4 are taken from r's integer bits, so the argument reduction is
/// exact and only an angle in [0, pi/4] reaches the polynomials.
template <class C>
std::pair<C, C> sincos_turns(std::uint64_t r, int bits) {
  const int quadrant = static_cast<int>(r >> (bits - 2));
  const std::uint64_t within = bits - 2 == 64 ? r : r & ((std::uint64_t{1} << (bits - 2)) - 1);
  const std::uint64_t quarter = std::uint64_t{1} << (bits - 2);
  const bool reflect = within > quarter / 2;
  const std::uint64_t steps = reflect ? quarter - within : within;
  const C step = static_cast<C>(1.5707963267948966 * pow2<double>(2 - bits));  // (pi/2) / quarter
  const auto [s0, c0] = sincos_kernel(static_cast<C>(steps) * step);
  const C s = reflect ? c0 : s0;  // sin(pi/2 - x) = cos x
  const C c = reflect ? s0 : c0;
  switch (quadrant) {
    case 0:
      return {s, c};
    case 1:
      return {c, -s};
    case 2:
      return {-s, -c};
    default:
      return {-c, s};
  }
}

}  // namespace weightinit::detail

WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_DET_MATH_HPP_
