// RandomNormal, RandomUniform and TruncatedNormal (random.hpp), and the truncated-normal sampler
// behind them (detail/distribution.hpp, detail/sampling.hpp).
//
// The properties under test are distributional: every check compares the values with the exact
// analytic distribution (KS tests with p > 1e-4 on >= 1e5 values, moments with tolerances chosen
// for a stated false-failure probability, see tests/support/stats.hpp), plus the hard
// guarantees of the design: truncated values never leave their bounds in any scalar type,
// RandomUniform never reaches maxval, the truncated-normal sampler is exact and cheap for any
// interval, and bad parameters throw with a message naming the initializer, the parameter and
// the value. All seeds are fixed, so every run sees the same values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iomanip>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "support/checks.hpp"
#include "support/samples.hpp"
#include "support/stats.hpp"
#include "weightinit/detail/distribution.hpp"
#include "weightinit/random.hpp"

namespace {

using namespace weightinit;
namespace st = weightinit::test;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A correct implementation fails a moment check or a "the tail is reached" check with at most
// this probability (for a random seed; the seeds below are fixed).
constexpr double false_failure = 1e-6;
// Sample size of the KS tests.
constexpr std::int64_t ks_n = 200000;

using st::expect_invalid;
using st::expect_moments;
using st::format_of;
using st::is_half_v;
using st::ks_for_type;
using st::to_double;
using st::to_doubles;

// ---------------------------------------------------------------------------------------------
// Exact bounds. A bound such as mean - 2 stddev is a real number that a double may not hold
// (0.1 - 2 * 0.3 = -0.49999999999999997224..., which rounds to -0.5). It is kept exactly as an
// unevaluated sum hi + lo (Knuth's TwoSum), and values are compared with it exactly.
// ---------------------------------------------------------------------------------------------
struct exact_value {
  double hi, lo;  // the value is hi + lo exactly, hi = fl(hi + lo)
};

exact_value exact_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  const double err = (a - (s - bb)) + (b - bb);
  return {s, err};
}

// mean + k * stddev exactly, for k a power of two (k * stddev is then exact).
exact_value exact_bound(double mean, double k, double stddev) {
  return exact_sum(mean, k * stddev);
}

// v >= b and v <= b, exactly. hi is the double nearest to hi + lo, so a double v above hi is
// above the value too, and a double below hi is below it.
bool at_least(double v, exact_value b) { return v > b.hi || (v == b.hi && b.lo <= 0); }
bool at_most(double v, exact_value b) { return v < b.hi || (v == b.hi && b.lo >= 0); }
bool below(double v, exact_value b) { return v < b.hi || (v == b.hi && b.lo > 0); }

// Every finite value of a 16-bit type, ascending.
template <class T>
const std::vector<double>& all_finite_values() {
  static const std::vector<double> values = [] {
    std::vector<double> out;
    for (std::uint32_t bits = 0; bits <= 0xffffu; ++bits) {
      const T t = Eigen::numext::bit_cast<T>(static_cast<std::uint16_t>(bits));
      const double d = to_double(t);
      if (std::isfinite(d)) out.push_back(d);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());  // +0 and -0
    return out;
  }();
  return values;
}

// The smallest value of T inside a lower bound (>= b) / the largest inside an upper bound (<= b,
// or < b when strict), by search over the type's values, independent of the library.
template <class T>
double smallest_at_least(exact_value b) {
  if constexpr (is_half_v<T>) {
    for (double v : all_finite_values<T>()) {
      if (at_least(v, b)) return v;
    }
    return inf;
  } else {
    T t = static_cast<T>(b.hi);
    while (!at_least(double(t), b)) t = std::nextafter(t, std::numeric_limits<T>::infinity());
    for (T p = std::nextafter(t, -std::numeric_limits<T>::infinity()); at_least(double(p), b);
         p = std::nextafter(p, -std::numeric_limits<T>::infinity())) {
      t = p;
    }
    return double(t);
  }
}
template <class T>
double largest_below(exact_value b, bool strict) {
  const auto inside = [&](double v) { return strict ? below(v, b) : at_most(v, b); };
  if constexpr (is_half_v<T>) {
    const auto& values = all_finite_values<T>();
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
      if (inside(*it)) return *it;
    }
    return -inf;
  } else {
    T t = static_cast<T>(b.hi);
    while (!inside(double(t))) t = std::nextafter(t, -std::numeric_limits<T>::infinity());
    for (T p = std::nextafter(t, std::numeric_limits<T>::infinity()); inside(double(p));
         p = std::nextafter(p, std::numeric_limits<T>::infinity())) {
      t = p;
    }
    return double(t);
  }
}

template <class T>
void expect_all_finite(const std::vector<T>& values) {
  for (const T& v : values) ASSERT_TRUE(std::isfinite(to_double(v))) << to_double(v);
}

// init.values<T>({n}) computed by up to four threads, each filling a slice (the value contract
// makes a slice equal to the same part of the whole): keeps the 1e7-value checks fast.
template <class T, class Init>
std::vector<T> values_in_parallel(const Init& init, std::int64_t n) {
  std::vector<T> data(std::size_t(n), T(0));
  const std::int64_t shards = std::clamp<std::int64_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<std::thread> threads;
  for (std::int64_t s = 0; s < shards; ++s) {
    const std::int64_t begin = n * s / shards, end = n * (s + 1) / shards;
    threads.emplace_back([&init, &data, n, begin, end] {
      init(row_major_span<T>{data.data() + begin, {end - begin}}, slice_of{{n}, {begin}});
    });
  }
  for (std::thread& t : threads) t.join();
  return data;
}

// The CDF of N(0, 1) truncated to [a, b], for KS tests of 1e5 values on tail intervals.
// st::truncated_normal_cdf is accurate everywhere but, on a one-sided interval, evaluates four
// 80-term continued fractions per call (~1 us: 0.1 s per KS test). Here the constants are
// computed once, and Phibar(x) = erfc(x / sqrt 2) / 2, whose relative error ~x^2 1e-16 is
// harmless for a KS test, is used up to x = 30 (no underflow); beyond that, one Mills ratio
// per call in log space. Tested against st::truncated_normal_cdf below.
class standard_truncated_normal_cdf {
 public:
  standard_truncated_normal_cdf(double a, double b) : a_(a), b_(b) {
    mirrored_ = b <= 0 && a < 0;
    one_sided_ = a >= 0 || mirrored_;
    lo_ = mirrored_ ? -b : a;  // the interval on the positive side
    hi_ = mirrored_ ? -a : b;
    far_ = hi_ > 30;
    if (far_) {
      log_r_lo_ = std::log(st::normal_mills_ratio(lo_));
      l_hi_ = log_ratio(hi_);
    } else {
      q_lo_ = q(lo_);
      q_hi_ = q(hi_);
    }
  }
  double operator()(double x) const {
    if (!one_sided_) return st::truncated_normal_cdf(x, 0, 1, a_, b_);
    if (x <= a_) return 0;
    if (x >= b_) return 1;
    const double t = mirrored_ ? -x : x;
    double f;
    if (far_) {
      // With L(t) = log(Phibar(t) / Phibar(lo)): upper interval (1 - e^L(x)) / (1 - e^L(hi)),
      // mirrored P(Y >= t) = (e^L(t) - e^L(hi)) / (1 - e^L(hi)).
      const double l = log_ratio(t);
      f = mirrored_ ? (std::exp(l) - std::exp(l_hi_)) / -std::expm1(l_hi_)
                    : std::expm1(l) / std::expm1(l_hi_);
    } else {
      f = mirrored_ ? (q(t) - q_hi_) / (q_lo_ - q_hi_) : (q_lo_ - q(t)) / (q_lo_ - q_hi_);
    }
    return std::clamp(f, 0.0, 1.0);
  }

 private:
  static double q(double t) { return 0.5 * std::erfc(t / std::sqrt(2.0)); }
  double log_ratio(double t) const {
    return -0.5 * (t - lo_) * (t + lo_) + std::log(st::normal_mills_ratio(t)) - log_r_lo_;
  }
  double a_, b_, lo_ = 0, hi_ = 0;
  bool mirrored_ = false, one_sided_ = false, far_ = false;
  double q_lo_ = 0, q_hi_ = 0, log_r_lo_ = 0, l_hi_ = 0;
};

// Moments of N(0, 1) truncated to [-2, 2], from the textbook formulas (Johnson, Kotz &
// Balakrishnan): variance 1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2,
// Z = Phi(b) - Phi(a); with a = -2, b = 2 the mean is 0 and the variance 1 - 4 phi(2) / Z.
double tn2_stddev_factor() {
  const double z = st::normal_cdf(2.0) - st::normal_cdf(-2.0);
  return std::sqrt(1.0 - 4.0 * st::normal_pdf(2.0) / z);
}

// ---------------------------------------------------------------------------------------------
// Typed tests over the four scalar types.
// ---------------------------------------------------------------------------------------------
template <class T>
class RandomInitializers : public ::testing::Test {};
using ScalarTypes = ::testing::Types<float, double, Eigen::half, Eigen::bfloat16>;
TYPED_TEST_SUITE(RandomInitializers, ScalarTypes);

TYPED_TEST(RandomInitializers, RandomNormalFollowsTheNormalDistribution) {
  using T = TypeParam;
  constexpr double mean = 0.3, stddev = 1.7;
  const std::vector<T> values = RandomNormal(mean, stddev, 20240601).values<T>({ks_n});
  expect_all_finite(values);
  EXPECT_KS_PASSES(
      ks_for_type(values, [&](double x) { return st::normal_cdf((x - mean) / stddev); }));
  expect_moments(values, mean, stddev, 0.0);
}

TYPED_TEST(RandomInitializers, RandomUniformFollowsTheUniformDistribution) {
  using T = TypeParam;
  constexpr double minval = -2.0, maxval = 5.0;
  const std::vector<T> values = RandomUniform(minval, maxval, 977).values<T>({ks_n});
  expect_all_finite(values);
  const double lowest = smallest_at_least<T>({minval, 0});
  const double highest = largest_below<T>({maxval, 0}, /*strict=*/true);
  EXPECT_KS_PASSES(ks_for_type(
      values, [&](double x) { return st::uniform_cdf(x, minval, maxval); }, lowest, highest));
  // U[a, b): mean (a + b) / 2, standard deviation (b - a) / sqrt(12), excess kurtosis -1.2.
  expect_moments(values, (minval + maxval) / 2, (maxval - minval) / std::sqrt(12.0), -1.2);
}

TYPED_TEST(RandomInitializers, TruncatedNormalFollowsTheTruncatedNormalDistribution) {
  using T = TypeParam;
  constexpr double mean = 0.3, stddev = 1.7;
  const std::vector<T> values = TruncatedNormal(mean, stddev, 4242).values<T>({ks_n});
  expect_all_finite(values);
  const double lo = mean - 2 * stddev, hi = mean + 2 * stddev;
  const double lowest = smallest_at_least<T>(exact_bound(mean, -2, stddev));
  const double highest = largest_below<T>(exact_bound(mean, 2, stddev), false);
  EXPECT_KS_PASSES(ks_for_type(
      values, [&](double x) { return st::truncated_normal_cdf(x, mean, stddev, lo, hi); }, lowest,
      highest));
  // Symmetric truncation: the mean stays; the standard deviation shrinks by the [-2, 2] factor.
  expect_moments(values, mean, stddev * tn2_stddev_factor(),
                 st::truncated_normal_excess_kurtosis(0, 1, -2, 2));
}

// Truncated values never leave mean +- 2 stddev (the exact real bounds), also when the bounds
// are not representable (mean 0.1, stddev 0.3), and the extremes come close to the bounds: the
// tails are sampled, not clipped early.
//
// How close: the density of N(0, 1) truncated to [-2, 2] at a bound is f = phi(2) / Z (per
// standard unit), and it only grows inwards, so P(no value within t of the bound) <=
// (1 - f t / stddev)^n <= exp(-n f t / stddev). t = stddev ln(1 / p) / (n f) makes that p =
// false_failure. At n = 1e7 and stddev 0.05 this is t ~ 1.2e-6, ~165 float ulps at 0.1; the
// expected distance is 14 times smaller (~12 ulps). For the 16-bit types t is far below the
// spacing of the type, so the extreme must be exactly the representable value nearest the bound
// on the inside.
template <class T>
void expect_truncated_within_bounds(double mean, double stddev, std::int64_t n, seed_type seed) {
  SCOPED_TRACE(testing::Message() << "mean " << mean << " stddev " << stddev << " n " << n);
  const std::vector<T> values = values_in_parallel<T>(TruncatedNormal(mean, stddev, seed), n);
  const exact_value lo = exact_bound(mean, -2, stddev), hi = exact_bound(mean, 2, stddev);
  double min = inf, max = -inf;
  std::size_t outside = 0;
  for (const T& t : values) {
    const double v = to_double(t);
    if (!(at_least(v, lo) && at_most(v, hi))) ++outside;
    min = std::min(min, v);
    max = std::max(max, v);
  }
  EXPECT_EQ(outside, 0u) << "min " << std::setprecision(20) << min << " max " << max << "; bounds "
                         << lo.hi << " + " << lo.lo << ", " << hi.hi << " + " << hi.lo;
  const double z = st::normal_cdf(2.0) - st::normal_cdf(-2.0);
  const double density_at_bound = st::normal_pdf(2.0) / z;
  const double reach = stddev * std::log(1 / false_failure) / (double(n) * density_at_bound);
  const double lowest = smallest_at_least<T>(lo);
  const double highest = largest_below<T>(hi, false);
  EXPECT_TRUE(min <= lo.hi + reach || min == lowest)
      << std::setprecision(20) << "min " << min << " lowest representable " << lowest << " reach "
      << reach;
  EXPECT_TRUE(max >= hi.hi - reach || max == highest)
      << std::setprecision(20) << "max " << max << " highest representable " << highest << " reach "
      << reach;
  if constexpr (is_half_v<T>) {
    EXPECT_EQ(min, lowest);
    EXPECT_EQ(max, highest);
  }
}

TYPED_TEST(RandomInitializers, TruncatedNormalNeverLeavesItsBoundsAndReachesThem) {
  using T = TypeParam;
  // 1e7 values in float and bfloat16 (the types computed in float whose spacing matters most:
  // the finest and the coarsest), 1e6 in double and half.
  const std::int64_t n =
      std::is_same_v<T, float> || std::is_same_v<T, Eigen::bfloat16> ? 10000000 : 1000000;
  expect_truncated_within_bounds<T>(0.0, 0.05, n, 11);  // Keras's default
  expect_truncated_within_bounds<T>(0.1, 0.3, n, 12);   // bounds not representable
}

TYPED_TEST(RandomInitializers, RandomUniformNeverReachesMaxval) {
  using T = TypeParam;
  // [0, 1): 1 is representable in every type, and in bfloat16 every value above 1 - 2^-9
  // rounds to it; [-3, 1e-3): the top cell of the 16-bit types is tiny.
  for (const auto& [minval, maxval] :
       {std::pair{0.0, 1.0}, std::pair{-0.05, 0.05}, std::pair{1.0, 3.0}, std::pair{-3.0, 1e-3}}) {
    SCOPED_TRACE(testing::Message() << "[" << minval << ", " << maxval << ")");
    const std::vector<T> values = RandomUniform(minval, maxval, 31).values<T>({1000000});
    const st::moments m = st::compute_moments(values.begin(), values.end());
    EXPECT_GE(m.min, minval);
    EXPECT_LT(m.max, maxval);
    if constexpr (is_half_v<T>) {
      // The extreme cells of the type inside the interval are hit whenever they are wide enough:
      // with mass w, P(no hit in n values) = (1 - w)^n <= exp(-n w) <= false_failure once
      // n w >= ln(1 / false_failure). Everything from the top cell's lower rounding edge up to
      // maxval ends there (rounding up to maxval is clamped back).
      const double n = double(values.size()), width = maxval - minval;
      const double top = largest_below<T>({maxval, 0}, true);
      const double bottom = smallest_at_least<T>({minval, 0});
      const double top_mass =
          (maxval - st::binary_rounding_interval(top, format_of<T>()).lo) / width;
      const double bottom_mass =
          (st::binary_rounding_interval(bottom, format_of<T>()).hi - minval) / width;
      if (n * top_mass >= std::log(1 / false_failure)) {
        EXPECT_EQ(m.max, top);
      }
      if (n * bottom_mass >= std::log(1 / false_failure)) {
        EXPECT_EQ(m.min, bottom);
      }
    }
  }
}

// Engines that always return the largest or the smallest word push u to its extremes
// (1 - 2^-24 and 0): minval + (maxval - minval) u then rounds to maxval in float for [1, 3)
// (3 - 2^-23 is a tie that rounds to even, 3), and in double similarly; the result must still
// stay below maxval. The truncated normal must stay inside its bounds whatever the engine.
struct constant_engine {
  using result_type = std::uint32_t;
  result_type word;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }
  result_type operator()() { return word; }
};

TYPED_TEST(RandomInitializers, ExtremeGeneratorOutputsStayInsideTheInterval) {
  using T = TypeParam;
  // Without the library's clamp, the largest u would give exactly maxval:
  EXPECT_EQ(1.0f + 2.0f * (1.0f - 0x1p-24f), 3.0f);
  EXPECT_EQ(1.0 + 2.0 * (1.0 - 0x1p-53), 3.0);
  for (std::uint32_t word : {0xffffffffu, 0u}) {
    SCOPED_TRACE(word);
    constant_engine engine{word};
    Eigen::Tensor<T, 1> t(16);
    RandomUniform(1.0, 3.0, 1)(t, engine);
    for (Eigen::Index i = 0; i < t.size(); ++i) {
      EXPECT_GE(to_double(t(i)), 1.0);
      EXPECT_LT(to_double(t(i)), 3.0);
    }
    TruncatedNormal(0.1, 0.3, 1)(t, engine);
    for (Eigen::Index i = 0; i < t.size(); ++i) {
      EXPECT_TRUE(at_least(to_double(t(i)), exact_bound(0.1, -2, 0.3))) << to_double(t(i));
      EXPECT_TRUE(at_most(to_double(t(i)), exact_bound(0.1, 2, 0.3))) << to_double(t(i));
    }
    RandomNormal(0.1, 0.3, 1)(t, engine);
    for (Eigen::Index i = 0; i < t.size(); ++i) EXPECT_TRUE(std::isfinite(to_double(t(i))));
  }
}

TYPED_TEST(RandomInitializers, DegenerateParametersGiveConstants) {
  using T = TypeParam;
  const double expected =
      std::is_same_v<T, double> ? 0.7 : st::round_to_format(0.7, format_of<T>());
  for (const std::vector<T>& values :
       {RandomNormal(0.7, 0.0, 5).values<T>({1000}), TruncatedNormal(0.7, 0.0, 5).values<T>({1000}),
        RandomUniform(0.7, 0.7, 5).values<T>({1000})}) {
    for (const T& v : values) ASSERT_EQ(to_double(v), expected);
  }
}

// PyTorch's test_trunc_normal-style check that half types are not collapsed onto few values.
TYPED_TEST(RandomInitializers, TruncatedNormalHasManyDistinctValues) {
  using T = TypeParam;
  const std::vector<T> values = TruncatedNormal(0.0, 1.0, 99).values<T>({10000});
  expect_all_finite(values);
  const std::vector<double> xs = to_doubles(values);
  const std::size_t distinct = std::set<double>(xs.begin(), xs.end()).size();
  const std::size_t required = std::is_same_v<T, Eigen::half>       ? 3000
                               : std::is_same_v<T, Eigen::bfloat16> ? 1000
                                                                    : 5000;
  EXPECT_GT(distinct, required);
}

// ---------------------------------------------------------------------------------------------
// The truncated-normal sampler on arbitrary intervals.
// ---------------------------------------------------------------------------------------------

// philox_source with a count of the blocks it hands out.
struct counting_source {
  detail::philox_source inner;
  std::uint64_t blocks = 0;
  explicit counting_source(seed_type seed) : inner(seed) {}
  detail::block main_block(detail::index_t b) {
    ++blocks;
    return inner.main_block(b);
  }
  detail::block retry_block(detail::index_t element, std::uint32_t attempt) {
    ++blocks;
    return inner.retry_block(element, attempt);
  }
};

// The expected number of Philox blocks per element of the method the sampler documents for
// [a, b] (sampling.hpp, truncated_normal_plan), from its acceptance probability p, with `lanes`
// values per block (4 for float compute, 2 for double) and lanes / 2 (proposal, test) pairs:
// - [a, b] containing 0, at least sqrt(2 pi) wide: normal proposals, p = Z = Phi(b) - Phi(a).
//   One main block per `lanes` elements; an element whose main-block value is rejected draws
//   retry blocks of `lanes` proposals until one is accepted.
// - containing 0 and narrower: uniform proposals accepted with prob exp(-x^2/2):
//   p = integral over [a, b] of exp(-x^2/2) / (b - a) = sqrt(2 pi) Z / (b - a).
// - one-sided (mirrored to 0 <= a < b): Robert (1995). Uniform proposals accepted with
//   exp((a^2 - x^2)/2) when b - a < 2 / (a + r) exp((a^2 - a r)/4 + 1/2), r = sqrt(a^2 + 4):
//   p = (Phibar(a) - Phibar(b)) / (phi(a) (b - a)) = R(a) D / (b - a), R the Mills ratio and
//   D = 1 - Phibar(b) / Phibar(a). Otherwise exponential proposals x = a + Exp(lambda),
//   lambda = (a + r) / 2, accepted when x <= b with prob exp(-(x - lambda)^2 / 2):
//   p = integral_a^b lambda e^{-lambda (x - a)} e^{-(x - lambda)^2 / 2} dx
//     = lambda e^{lambda a - lambda^2 / 2} sqrt(2 pi) (Phibar(a) - Phibar(b))
//     = lambda R(a) D exp(-(lambda - a)^2 / 2).
// Retry-only methods draw blocks of lanes / 2 proposals until one is accepted. Returns the
// mean and standard deviation of the blocks per element.
struct cost {
  double mean, stddev;
};
cost expected_blocks_per_element(double a, double b, int lanes) {
  const double sqrt_2pi = std::sqrt(2 * std::acos(-1.0));
  // Blocks until success when a block succeeds with probability q: geometric.
  const auto geometric = [](double q) { return cost{1 / q, std::sqrt(1 - q) / q}; };
  if (a <= 0 && b >= 0) {
    const double z = st::normal_cdf(b) - st::normal_cdf(a);
    if (b - a >= sqrt_2pi) {
      const double q = 1 - std::pow(1 - z, lanes);  // some lane of a retry block accepted
      // Retry blocks R: 0 with prob z, else geometric(q) >= 1.
      const double mean_r = (1 - z) / q;
      const double second_r = (1 - z) * (2 - q) / (q * q);
      return {1.0 / lanes + mean_r, std::sqrt(second_r - mean_r * mean_r)};
    }
    const double p = sqrt_2pi * z / (b - a);
    return geometric(1 - std::pow(1 - p, lanes / 2));
  }
  if (b < 0) {
    const double t = -a;
    a = -b;
    b = t;
  }
  // D = 1 - Phibar(b) / Phibar(a), Phibar(b) / Phibar(a) = e^{-(b - a)(b + a) / 2} R(b) / R(a).
  const double ratio =
      std::exp(-(b - a) * (b + a) / 2) * st::normal_mills_ratio(b) / st::normal_mills_ratio(a);
  const double d = 1 - ratio;
  const double r = std::sqrt(a * a + 4);
  const double threshold = 2 / (a + r) * std::exp((a * a - a * r) / 4 + 0.5);
  double p;
  if (b - a < threshold) {
    p = st::normal_mills_ratio(a) * d / (b - a);
  } else {
    const double lambda = (a + r) / 2;
    p = lambda * st::normal_mills_ratio(a) * d * std::exp(-(lambda - a) * (lambda - a) / 2);
  }
  return geometric(1 - std::pow(1 - p, lanes / 2));
}

struct interval {
  double alpha, beta;
};
// Every method of the sampler, including the boundaries between them.
const interval sampler_intervals[] = {
    {-2, 2},          // normal rejection (Keras's interval)
    {-1, 30},         // normal rejection, effectively one-sided
    {0, 2.6},         // normal rejection from the mean
    {-0.1, 0.2},      // narrow around 0: uniform proposals
    {0, 0.01},        // very narrow, starting at the mean
    {-2.4, 0},        // just narrower than sqrt(2 pi), ending at the mean
    {1, 1.5},         // one-sided, narrow: uniform tail proposals
    {8, 8.05},        // far tail, narrow: uniform tail proposals
    {0.5, 3},         // one-sided near the mean: exponential proposals
    {3, 10},          // tail: exponential proposals
    {8, 9},           // far tail
    {5, 60},          // long far tail (the mass beyond 60 is below 1e-780)
    {-40, -39},       // very far tail, mirrored: plain Phi underflows here
    {-12.5, -12.25},  // mirrored far tail, narrow
};

template <class T>
class TruncatedNormalSampler : public ::testing::Test {};
using ComputeTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(TruncatedNormalSampler, ComputeTypes);

TYPED_TEST(TruncatedNormalSampler, ExactInsideAndCheapOnEveryInterval) {
  using T = TypeParam;
  constexpr std::uint64_t n = 100000;
  constexpr int lanes = sizeof(T) == 4 ? 4 : 2;
  std::uint64_t seed = 1000;
  for (const interval& iv : sampler_intervals) {
    SCOPED_TRACE(testing::Message() << "[" << iv.alpha << ", " << iv.beta << "]");
    const detail::distribution_sampler<T> sampler(
        "test", detail::distribution_spec::truncated_normal(0.0, 1.0, iv.alpha, iv.beta));
    counting_source source(++seed);
    std::vector<T> values(n);
    sampler.generate(0, n, values.data(), source);

    double min = inf, max = -inf;
    for (const T& v : values) {
      min = std::min(min, double(v));
      max = std::max(max, double(v));
    }
    EXPECT_GE(min, iv.alpha);
    EXPECT_LE(max, iv.beta);
    const standard_truncated_normal_cdf cdf(iv.alpha, iv.beta);
    for (int k = 0; k <= 100; ++k) {  // the fast CDF is the CDF of stats.hpp
      const double x = iv.alpha + (iv.beta - iv.alpha) * k / 100.0;
      ASSERT_NEAR(cdf(x), st::truncated_normal_cdf(x, 0, 1, iv.alpha, iv.beta), 1e-12) << x;
    }
    EXPECT_KS_PASSES(ks_for_type(values, cdf));
    const st::mean_stddev expected = st::truncated_normal_moments(0, 1, iv.alpha, iv.beta);
    expect_moments(values, expected.mean, expected.stddev,
                   st::truncated_normal_excess_kurtosis(0, 1, iv.alpha, iv.beta));

    // Bounded cost: the average number of blocks per element is at most its expectation under
    // the documented method plus a tolerance for false_failure, and that is below 4 for every
    // interval (every method accepts with probability above ~0.3).
    const cost c = expected_blocks_per_element(iv.alpha, iv.beta, lanes);
    const double measured = double(source.blocks) / double(n);
    EXPECT_LT(c.mean, 4.0);
    EXPECT_LT(measured, 4.0);
    EXPECT_LE(measured, c.mean + st::mean_tolerance(c.stddev, n, false_failure))
        << "expected " << c.mean << " blocks per element";
  }
}

// A sweep over interval positions and widths, including the switch points between methods
// (width sqrt(2 pi) ~ 2.5066 around 0, Robert's threshold in the tails): every value inside, and
// the cost per element at most its expectation under the documented method (plus tolerance),
// which is below 4 blocks everywhere.
TYPED_TEST(TruncatedNormalSampler, BoundedCostAndInsideForAnyInterval) {
  using T = TypeParam;
  constexpr std::uint64_t n = 2000;
  constexpr int lanes = sizeof(T) == 4 ? 4 : 2;
  std::uint64_t seed = 5000;
  for (double alpha :
       {-1000.0, -50.0, -8.0, -3.0, -1.0, -0.3, 0.0, 1e-3, 0.3, 1.0, 3.0, 8.0, 50.0, 1000.0}) {
    for (double width : {1e-3, 0.1, 1.0, 1.6, 2.5, 2.51, 10.0, 100.0}) {
      const double beta = alpha + width;
      SCOPED_TRACE(testing::Message() << "[" << alpha << ", " << beta << "]");
      const detail::distribution_sampler<T> sampler(
          "test", detail::distribution_spec::truncated_normal(0.0, 1.0, alpha, beta));
      counting_source source(++seed);
      std::vector<T> values(n);
      sampler.generate(0, n, values.data(), source);
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
      EXPECT_GE(double(*lo), alpha);
      EXPECT_LE(double(*hi), beta);
      const cost c = expected_blocks_per_element(alpha, beta, lanes);
      EXPECT_LT(c.mean, 4.0);
      EXPECT_LE(double(source.blocks) / double(n),
                c.mean + st::mean_tolerance(c.stddev, n, false_failure));
    }
  }
}

// Even a generator that repeats one word forever (every proposal rejected) ends: the retries are
// capped and the fallback stays inside the interval.
TYPED_TEST(TruncatedNormalSampler, DegenerateGeneratorsTerminateInsideTheInterval) {
  using T = TypeParam;
  for (const interval& iv : sampler_intervals) {
    SCOPED_TRACE(testing::Message() << "[" << iv.alpha << ", " << iv.beta << "]");
    const detail::distribution_sampler<T> sampler(
        "test", detail::distribution_spec::truncated_normal(0.0, 1.0, iv.alpha, iv.beta));
    for (std::uint32_t word : {0xffffffffu, 0u, 0x80000000u}) {
      constant_engine engine{word};
      detail::urbg_source<constant_engine> source(engine);
      std::vector<T> values(8);
      sampler.generate(0, values.size(), values.data(), source);
      for (const T& v : values) {
        EXPECT_GE(double(v), iv.alpha) << word;
        EXPECT_LE(double(v), iv.beta) << word;
      }
    }
  }
}

// The sampler's values stay inside the interval after rounding to every type, also when the
// bounds fall between representable values.
TYPED_TEST(RandomInitializers, SamplerKeepsRoundedValuesInsideNarrowIntervals) {
  using T = TypeParam;
  for (const interval& iv : {interval{0.1, 0.11}, interval{-3.3, -3.29}, interval{8, 8.05}}) {
    SCOPED_TRACE(testing::Message() << "[" << iv.alpha << ", " << iv.beta << "]");
    const detail::distribution_sampler<T> sampler(
        "test", detail::distribution_spec::truncated_normal(0.0, 1.0, iv.alpha, iv.beta));
    detail::philox_source source(77);
    std::vector<T> values(20000);
    sampler.generate(0, values.size(), values.data(), source);
    for (const T& v : values) {
      ASSERT_GE(to_double(v), iv.alpha);
      ASSERT_LE(to_double(v), iv.beta);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors and defaults.
// ---------------------------------------------------------------------------------------------
TEST(RandomInitializerErrors, NegativeOrNonFiniteStddevOrMean) {
  expect_invalid([] { RandomNormal{0.0, -1.0}; }, {"RandomNormal", "stddev", "-1"});
  expect_invalid([] { RandomNormal{0.0, inf}; }, {"RandomNormal", "stddev", "inf"});
  expect_invalid([] { RandomNormal{0.0, nan}; }, {"RandomNormal", "stddev", "nan"});
  expect_invalid([] { RandomNormal{nan, 1.0}; }, {"RandomNormal", "mean", "nan"});
  expect_invalid([] { RandomNormal{-inf, 1.0}; }, {"RandomNormal", "mean", "-inf"});
  expect_invalid([] { TruncatedNormal{0.0, -0.5}; }, {"TruncatedNormal", "stddev", "-0.5"});
  expect_invalid([] { TruncatedNormal{0.0, inf}; }, {"TruncatedNormal", "stddev", "inf"});
  expect_invalid([] { TruncatedNormal{inf, 1.0}; }, {"TruncatedNormal", "mean", "inf"});
  expect_invalid([] { TruncatedNormal{nan, 1.0}; }, {"TruncatedNormal", "mean", "nan"});
  // The exception type is the library's, derived from std::invalid_argument.
  EXPECT_THROW((void)(RandomNormal{0.0, -1.0}), weightinit::invalid_argument);
}

TEST(RandomInitializerErrors, BadUniformBounds) {
  expect_invalid([] { RandomUniform{2.0, 1.0}; }, {"RandomUniform", "maxval", "1", "2"});
  expect_invalid([] { RandomUniform{nan, 1.0}; }, {"RandomUniform", "minval", "nan"});
  expect_invalid([] { RandomUniform{-inf, 1.0}; }, {"RandomUniform", "minval", "-inf"});
  expect_invalid([] { RandomUniform{0.0, inf}; }, {"RandomUniform", "maxval", "inf"});
  expect_invalid([] { RandomUniform{0.0, nan}; }, {"RandomUniform", "maxval", "nan"});
  EXPECT_THROW((void)(RandomUniform{1.0, 0.5}), std::invalid_argument);
}

TEST(RandomInitializerErrors, IntervalsWithoutARepresentableValue) {
  // The bfloat16 values near 1 are 1 and 1.0078125: none lies in [1.001, 1.002).
  const RandomUniform uniform(1.001, 1.002, 3);
  expect_invalid([&] { uniform.values<Eigen::bfloat16>({4}); },
                 {"RandomUniform", "bfloat16", "1.001", "1.002"});
  EXPECT_NO_THROW(uniform.values<float>({4}));
  EXPECT_NO_THROW(uniform.values<Eigen::half>({4}));  // half: 1.0009765625 spacing, 1.0019531
  // [1.0003, 1.0007]: nothing in half (spacing 2^-10) or bfloat16.
  const TruncatedNormal truncated(1.0005, 0.0001, 3);
  expect_invalid([&] { truncated.values<Eigen::half>({4}); }, {"TruncatedNormal", "float16"});
  expect_invalid([&] { truncated.values<Eigen::bfloat16>({4}); }, {"TruncatedNormal", "bfloat16"});
  EXPECT_NO_THROW(truncated.values<float>({4}));
}

TEST(RandomInitializerDefaults, AreKerasDefaults) {
  const RandomNormal normal;
  EXPECT_EQ(normal.mean(), 0.0);
  EXPECT_EQ(normal.stddev(), 0.05);
  const RandomUniform uniform;
  EXPECT_EQ(uniform.minval(), -0.05);
  EXPECT_EQ(uniform.maxval(), 0.05);
  const TruncatedNormal truncated;
  EXPECT_EQ(truncated.mean(), 0.0);
  EXPECT_EQ(truncated.stddev(), 0.05);
  // The values follow those parameters too.
  const std::vector<float> u = RandomUniform{}.values<float>({10000});
  EXPECT_GE(*std::min_element(u.begin(), u.end()), -0.05f);
  EXPECT_LT(*std::max_element(u.begin(), u.end()), 0.05f);
  const std::vector<float> t = TruncatedNormal{}.values<float>({10000});
  EXPECT_GE(*std::min_element(t.begin(), t.end()), -0.1f);
  EXPECT_LE(*std::max_element(t.begin(), t.end()), 0.1f);
  const std::vector<double> r = RandomNormal{}.values<double>({ks_n});
  expect_moments(r, 0.0, 0.05, 0.0);
}

}  // namespace

namespace {

// Half-infinite and infinite intervals (a torch-style trunc_normal_ with b = inf): exact, and
// they terminate (the bounds used to make the representable-interval search loop forever).
TYPED_TEST(TruncatedNormalSampler, InfiniteBounds) {
  using T = TypeParam;
  constexpr std::uint64_t n = 100000;
  std::uint64_t seed = 9000;
  for (const interval& iv :
       {interval{-inf, inf}, interval{1, inf}, interval{-inf, -3}, interval{-inf, 0.5}}) {
    SCOPED_TRACE(testing::Message() << "[" << iv.alpha << ", " << iv.beta << "]");
    const detail::distribution_sampler<T> sampler(
        "test", detail::distribution_spec::truncated_normal(0.0, 1.0, iv.alpha, iv.beta));
    detail::philox_source source(++seed);
    std::vector<T> values(n);
    sampler.generate(0, n, values.data(), source);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    EXPECT_GE(double(*lo), iv.alpha);
    EXPECT_LE(double(*hi), iv.beta);
    const auto cdf = [&](double x) { return st::truncated_normal_cdf(x, 0, 1, iv.alpha, iv.beta); };
    EXPECT_KS_PASSES(ks_for_type(values, cdf));
  }
}

}  // namespace
