// Accuracy of the deterministic log / sin / cos against the C library's (which are accurate
// to about 1 ulp): ours must stay within a few ulps over the whole range the samplers use.
#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "weightinit/detail/det_math.hpp"

namespace {

using weightinit::detail::det_log;
using weightinit::detail::log_of_fraction;
using weightinit::detail::sincos_turns;

// ln(m 2^-bits): log1p of an exact long double argument avoids the cancellation of
// log(m) - bits ln 2 near 1, where the sampler needs relative precision too (small radii).
double exact_log_fraction(std::uint64_t m, int bits) {
  const long double top = std::ldexp(1.0L, bits);
  return double(std::log1p(((long double)m - top) / top));
}

// Distance in units of the last place of `reference`, at C's precision.
template <class C>
double ulps(C value, double reference) {
  const double ulp = std::ldexp(1.0, std::ilogb(reference) - std::numeric_limits<C>::digits + 1);
  return std::abs(double(value) - reference) / ulp;
}

template <class C>
class DetMath : public ::testing::Test {};
using ComputeTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(DetMath, ComputeTypes);

TYPED_TEST(DetMath, LogOfFractionIsAccurateFromTheSmallestToTheLargestUniform) {
  using C = TypeParam;
  const int bits = sizeof(C) == 4 ? 32 : 53;
  const std::uint64_t top = std::uint64_t{1} << bits;
  double worst = 0;
  // Every power of two and its neighbours, plus a dense sweep near 1 (cancellation risk).
  for (int e = 0; e <= bits; ++e) {
    for (std::int64_t delta : {-3, -1, 0, 1, 5}) {
      const std::int64_t m = std::int64_t(std::uint64_t{1} << e) + delta;
      if (m < 1 || std::uint64_t(m) > top) continue;
      const double exact = exact_log_fraction(std::uint64_t(m), bits);
      if (exact == 0) {
        EXPECT_EQ(log_of_fraction<C>(std::uint64_t(m), bits), C(0));
        continue;
      }
      worst = std::max(worst, ulps(log_of_fraction<C>(std::uint64_t(m), bits), exact));
    }
  }
  for (std::uint64_t k = 1; k < 20000; ++k) {
    const std::uint64_t m = top - k * (top >> 16);
    const double exact = exact_log_fraction(m, bits);
    if (exact != 0) worst = std::max(worst, ulps(log_of_fraction<C>(m, bits), exact));
  }
  EXPECT_LE(worst, 4.0);
}

TYPED_TEST(DetMath, LogOfPositiveNumbers) {
  using C = TypeParam;
  double worst = 0;
  for (double x = 1e-30; x < 1e30; x *= 1.37) {
    const C xc = static_cast<C>(x);
    const double exact = double(std::log((long double)xc));
    if (std::abs(exact) < 1e-3) continue;
    worst = std::max(worst, ulps(det_log(xc), exact));
  }
  EXPECT_LE(worst, 4.0);
  EXPECT_EQ(det_log(C(1)), C(0));
}

TYPED_TEST(DetMath, SinCosOfTurnsOverTheWholeCircle) {
  using C = TypeParam;
  const int bits = sizeof(C) == 4 ? 32 : 64;
  const long double two_pi = 6.283185307179586476925286766559L;
  double worst_abs = 0;
  for (std::uint64_t i = 0; i < 100000; ++i) {
    // Spread over the circle, including exact quadrant and octant boundaries.
    const std::uint64_t r =
        bits == 64 ? i * 0x9E3779B97F4A7C15ull : (i * 0x9E3779B9ull) & 0xFFFFFFFFull;
    const long double angle = two_pi * (long double)r / std::ldexp(1.0L, bits);
    const auto [s, c] = sincos_turns<C>(r, bits);
    worst_abs = std::max(worst_abs, double(std::abs(s - std::sin(angle))));
    worst_abs = std::max(worst_abs, double(std::abs(c - std::cos(angle))));
  }
  // Absolute error a few ulps of 1 (the angle itself is rounded to C before the kernel).
  EXPECT_LE(worst_abs, 4 * std::numeric_limits<C>::epsilon());
  for (int q = 0; q < 4; ++q) {  // exact quadrant points
    const std::uint64_t r = std::uint64_t(q) << (bits - 2);
    const auto [s, c] = sincos_turns<C>(r, bits);
    EXPECT_EQ(s, C(q == 1 ? 1 : q == 3 ? -1 : 0) + C(0)) << q;
    EXPECT_EQ(c, C(q == 0 ? 1 : q == 2 ? -1 : 0) + C(0)) << q;
  }
}

}  // namespace
