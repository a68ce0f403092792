// Test-only checks shared by the statistical tests: KS tests that know about half types,
// moment checks with tolerances from a false-failure probability, and error-message checks.
#ifndef WEIGHTINIT_TESTS_SUPPORT_CHECKS_HPP_
#define WEIGHTINIT_TESTS_SUPPORT_CHECKS_HPP_

#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "support/samples.hpp"
#include "support/stats.hpp"

namespace weightinit::test {

/// KS acceptance threshold (PyTorch's: p_value > 0.0001).
inline constexpr double ks_min_p = 1e-4;
/// Probability with which a correct implementation fails a moment check.
inline constexpr double moment_false_failure = 1e-6;

/// KS test of `values` against a continuous CDF.
///
/// float and double: the plain KS test (rounding to float moves the CDF by ~1e-8, far below
/// the KS resolution ~1/sqrt(n)).
///
/// Eigen::half and Eigen::bfloat16: the values come from a DISCRETE distribution, the
/// continuous one rounded to the type (bfloat16 has 8 significant bits, so the CDF jumps by up
/// to ~1e-3 per value: the plain test would reject a perfect sampler). They are compared with
/// the rounded distribution: value v has probability cdf(hi_edge(v)) - cdf(lo_edge(v)) of its
/// rounding interval. The library clamps values into the representable part of a bounded
/// support, so the extreme representable values `lowest` / `highest` also collect the mass
/// rounded beyond them: their outer edges are -inf / +inf.
template <class T, class Cdf>
ks_result ks_for_type(const std::vector<T>& values, Cdf cdf,
                      double lowest = -std::numeric_limits<double>::infinity(),
                      double highest = std::numeric_limits<double>::infinity()) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> xs = to_doubles(values);
  if constexpr (is_half_v<T>) {
    const float_format f = format_of<T>();
    return ks_test_discrete(
        xs.begin(), xs.end(), cdf,
        [f, lowest](double v) { return v <= lowest ? -inf : binary_rounding_interval(v, f).lo; },
        [f, highest](double v) { return v >= highest ? inf : binary_rounding_interval(v, f).hi; });
  } else {
    return ks_test(xs.begin(), xs.end(), cdf);
  }
}

#define EXPECT_KS_PASSES(result)                                \
  do {                                                          \
    const ::weightinit::test::ks_result ks_result_ = (result);  \
    EXPECT_GT(ks_result_.p_value, ::weightinit::test::ks_min_p) \
        << "KS statistic " << ks_result_.statistic;             \
  } while (false)

/// Sample mean and standard deviation against the expected ones, with tolerances such that a
/// correct sampler fails with probability `false_failure`.
template <class T>
void expect_moments(const std::vector<T>& values, double mean, double stddev,
                    double excess_kurtosis, double false_failure = moment_false_failure) {
  const moments m = compute_moments(values.begin(), values.end());
  EXPECT_NEAR(m.mean, mean, mean_tolerance(stddev, m.n, false_failure));
  EXPECT_NEAR(m.stddev, stddev, stddev_tolerance(stddev, excess_kurtosis, m.n, false_failure));
}

/// Expects `f()` to throw std::invalid_argument whose message contains every part.
template <class F>
void expect_invalid(F&& f, std::initializer_list<std::string_view> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception thrown";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    for (std::string_view part : parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" does not mention \"" << part << "\"";
    }
  }
}

}  // namespace weightinit::test

#endif  // WEIGHTINIT_TESTS_SUPPORT_CHECKS_HPP_
