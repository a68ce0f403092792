// VarianceScaling and its presets (variance_scaling.hpp).
//
// The expected distribution of every case is computed here, independently of the library, from
// the shape (Keras's fan rules: rank 2 is (in, out); rank >= 3 multiplies both by the receptive
// field, the product of the leading dimensions), the mode and the scale; the values are then
// compared with it by KS tests (p > 1e-4 on >= 1e5 values) and moment checks whose tolerances
// are set by a false-failure probability (tests/support/stats.hpp). Seeds are fixed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iomanip>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "support/checks.hpp"
#include "support/samples.hpp"
#include "support/stats.hpp"
#include "weightinit/variance_scaling.hpp"

namespace {

using namespace weightinit;
namespace st = weightinit::test;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A correct implementation fails a moment check or an extreme-value check with at most this
// probability (for a random seed; the seeds below are fixed).
constexpr double false_failure = 1e-6;
constexpr std::size_t ks_min_n = 100000;

using st::expect_invalid;
using st::expect_moments;
using st::format_of;
using st::is_half_v;
using st::ks_for_type;
using st::to_double;
using st::to_doubles;

// The smallest value of a 16-bit type T that is >= x, and the largest <= x, by search over all
// of the type's values (independent of the library's own rounding helpers).
template <class T>
std::vector<double> all_finite_values() {
  std::vector<double> out;
  for (std::uint32_t bits = 0; bits <= 0xffffu; ++bits) {
    const double d = to_double(Eigen::numext::bit_cast<T>(static_cast<std::uint16_t>(bits)));
    if (std::isfinite(d)) out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}
template <class T>
double smallest_at_least(double x) {
  const std::vector<double> values = all_finite_values<T>();
  return *std::lower_bound(values.begin(), values.end(), x);
}
template <class T>
double largest_at_most(double x) {
  const std::vector<double> values = all_finite_values<T>();
  return *(std::upper_bound(values.begin(), values.end(), x) - 1);
}

// Values of the initializers make(seed) for seeds first_seed, first_seed + 1, ... on `shape`,
// concatenated until there are at least `at_least` (independent streams: Philox keys differ).
template <class T, class Make>
std::vector<T> gather(Make make, const shape_type& shape, std::size_t at_least,
                      seed_type first_seed = 1) {
  std::vector<T> all;
  for (seed_type seed = first_seed; all.size() < at_least; ++seed) {
    const std::vector<T> v = make(seed).template values<T>(shape);
    all.insert(all.end(), v.begin(), v.end());
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// The expected distribution, computed independently.
// ---------------------------------------------------------------------------------------------

// Standard deviation of N(0, 1) truncated to [-2, 2] from the textbook moments (Johnson, Kotz &
// Balakrishnan): variance 1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2 with
// Z = Phi(b) - Phi(a); for a = -2, b = 2 the mean vanishes and the variance is 1 - 4 phi(2) / Z.
// (40-digit value: 0.8796256610342397504128..., mpmath.)
double truncation_factor() {
  const double z = st::normal_cdf(2.0) - st::normal_cdf(-2.0);
  return std::sqrt(1.0 - 4.0 * st::normal_pdf(2.0) / z);
}

// Keras's fan rule: rank 0 (1, 1); rank 1 (n, n); rank 2 (in, out); rank >= 3 (..., in, out)
// times the receptive field.
struct fan_pair {
  double in, out;
};
fan_pair keras_fans(const shape_type& shape) {
  const std::size_t rank = shape.size();
  if (rank == 0) return {1, 1};
  if (rank == 1) return {double(shape[0]), double(shape[0])};
  double receptive_field = 1;
  for (std::size_t i = 0; i + 2 < rank; ++i) receptive_field *= double(shape[i]);
  return {double(shape[rank - 2]) * receptive_field, double(shape[rank - 1]) * receptive_field};
}

double divisor(fan_pair f, fan_mode mode) {
  const double n = mode == fan_mode::fan_in    ? f.in
                   : mode == fan_mode::fan_out ? f.out
                                               : (f.in + f.out) / 2;
  return std::max(1.0, n);
}

// The distribution a variance-scaling initializer must sample.
struct expected_distribution {
  distribution dist;
  double target_stddev;  // sqrt(scale / n): the values' standard deviation
  double param;          // truncated: sigma before truncation; normal: stddev; uniform: limit
  double cdf(double x) const {
    switch (dist) {
      case distribution::truncated_normal:
        return st::truncated_normal_cdf(x, 0, param, -2 * param, 2 * param);
      case distribution::untruncated_normal:
        return st::normal_cdf(x / param);
      default:
        return st::uniform_cdf(x, -param, param);
    }
  }
  double excess_kurtosis() const {
    switch (dist) {
      case distribution::truncated_normal:
        return st::truncated_normal_excess_kurtosis(0, 1, -2, 2);
      case distribution::untruncated_normal:
        return 0;
      default:
        return -1.2;
    }
  }
};

expected_distribution expect_for(double scale, distribution dist, double n) {
  const double s = std::sqrt(scale / n);
  switch (dist) {
    case distribution::truncated_normal:
      return {dist, s, s / truncation_factor()};
    case distribution::untruncated_normal:
      return {dist, s, s};
    default:
      return {dist, s, std::sqrt(3 * scale / n)};  // U[-l, l) has stddev l / sqrt(3)
  }
}

// Checks values of type T against the expected distribution: KS, mean and standard deviation,
// and the support: truncated values inside +-2 sigma and uniform values inside [-limit, limit)
// (the library's own sigma and limit, which must agree with the expected ones to rounding).
template <class T, class Init>
void expect_distribution(const Init& init, const shape_type& shape, const std::vector<T>& values,
                         const expected_distribution& e) {
  ASSERT_GE(values.size(), ks_min_n);
  const detail::distribution_spec spec = init.spec(shape);
  EXPECT_NEAR(spec.b, e.param, 1e-14 * e.param);
  double lowest = -inf, highest = inf;  // representable support, for the rounded KS test
  double lo = -inf, hi = inf;
  if (e.dist == distribution::truncated_normal) {
    EXPECT_EQ(spec.type, detail::distribution_spec::kind::truncated_normal);
    EXPECT_EQ(spec.a, 0.0);
    EXPECT_EQ(spec.alpha, -2.0);
    EXPECT_EQ(spec.beta, 2.0);
    // The post-truncation standard deviation is sqrt(scale / n), to rounding.
    EXPECT_NEAR(spec.b * truncation_factor(), e.target_stddev, 1e-15 * e.target_stddev);
    lo = -2 * spec.b;
    hi = 2 * spec.b;
    if constexpr (is_half_v<T>) {
      lowest = smallest_at_least<T>(lo);
      highest = largest_at_most<T>(hi);
    }
  } else if (e.dist == distribution::uniform) {
    EXPECT_EQ(spec.type, detail::distribution_spec::kind::uniform);
    EXPECT_EQ(spec.a, -spec.b);
    lo = spec.a;
    hi = spec.b;
    if constexpr (is_half_v<T>) {
      lowest = smallest_at_least<T>(lo);
      highest = largest_at_most<T>(hi);
      if (highest == hi) highest = largest_at_most<T>(std::nextafter(hi, 0.0));
    }
  } else {
    EXPECT_EQ(spec.type, detail::distribution_spec::kind::normal);
    EXPECT_EQ(spec.a, 0.0);
  }
  const st::moments m = st::compute_moments(values.begin(), values.end());
  EXPECT_TRUE(std::isfinite(m.mean));
  EXPECT_GE(m.min, lo) << std::setprecision(17) << m.min;
  if (e.dist == distribution::uniform) {
    EXPECT_LT(m.max, hi) << std::setprecision(17) << m.max;
  } else {
    EXPECT_LE(m.max, hi) << std::setprecision(17) << m.max;
  }
  EXPECT_KS_PASSES(ks_for_type(
      values, [&e](double x) { return e.cdf(x); }, lowest, highest));
  expect_moments(values, 0.0, e.target_stddev, e.excess_kurtosis());
}

TEST(VarianceScalingConstant, TruncationFactorIsTheStddevOfTheTruncatedStandardNormal) {
  EXPECT_NEAR(truncation_factor(), truncated_normal_stddev_factor, 1e-15);
  // The same from the truncated-normal moments of the stats support.
  EXPECT_NEAR(st::truncated_normal_moments(0, 1, -2, 2).stddev, truncated_normal_stddev_factor,
              1e-15);
}

// ---------------------------------------------------------------------------------------------
// Every mode x distribution on a dense and a convolution kernel.
// ---------------------------------------------------------------------------------------------
using vs_case = std::tuple<fan_mode, distribution, shape_type>;
class VarianceScalingCase : public ::testing::TestWithParam<vs_case> {};

TEST_P(VarianceScalingCase, FollowsTheDistributionOfItsFans) {
  const auto& [mode, dist, shape] = GetParam();
  constexpr double scale = 1.7;
  const double n = divisor(keras_fans(shape), mode);
  const auto make = [mode = mode, dist = dist](seed_type seed) {
    return VarianceScaling(scale, mode, dist, seed);
  };
  const std::vector<float> values = gather<float>(make, shape, ks_min_n, 100);
  expect_distribution(make(0), shape, values, expect_for(scale, dist, n));
}

std::string case_name(const ::testing::TestParamInfo<vs_case>& info) {
  const auto& [mode, dist, shape] = info.param;
  std::string name = std::string(to_string(mode)) + "_" + std::string(to_string(dist));
  for (std::int64_t d : shape) name += "_" + std::to_string(d);
  return name;
}

INSTANTIATE_TEST_SUITE_P(
    ModesDistributionsShapes, VarianceScalingCase,
    ::testing::Combine(::testing::Values(fan_mode::fan_in, fan_mode::fan_out, fan_mode::fan_avg),
                       ::testing::Values(distribution::truncated_normal,
                                         distribution::untruncated_normal, distribution::uniform),
                       ::testing::Values(shape_type{300, 200}, shape_type{3, 3, 64, 32})),
    case_name);

// ---------------------------------------------------------------------------------------------
// Presets.
// ---------------------------------------------------------------------------------------------
template <class T, class Preset>
void expect_same_values(const Preset& preset, const VarianceScaling& reference) {
  for (const shape_type& shape : {shape_type{300, 200}, shape_type{3, 3, 64, 32}, shape_type{7},
                                  shape_type{}, shape_type{0, 5}, shape_type{2, 3, 5, 7, 11}}) {
    EXPECT_EQ(to_doubles(preset.template values<T>(shape)),
              to_doubles(reference.template values<T>(shape)))
        << Preset::name << " shape rank " << shape.size();
  }
}

template <class Preset>
void expect_preset(double scale, fan_mode mode, distribution dist) {
  SCOPED_TRACE(Preset::name);
  constexpr seed_type seed = 2718;
  const Preset preset(seed);
  EXPECT_EQ(preset.scale(), scale);
  EXPECT_EQ(preset.mode(), mode);
  EXPECT_EQ(preset.distribution(), dist);
  const VarianceScaling reference(scale, mode, dist, seed);
  expect_same_values<float>(preset, reference);
  expect_same_values<double>(preset, reference);
  expect_same_values<Eigen::half>(preset, reference);
  expect_same_values<Eigen::bfloat16>(preset, reference);
}

TEST(VarianceScalingPresets, EqualVarianceScalingWithKerasParameters) {
  expect_preset<GlorotNormal>(1.0, fan_mode::fan_avg, distribution::truncated_normal);
  expect_preset<GlorotUniform>(1.0, fan_mode::fan_avg, distribution::uniform);
  expect_preset<HeNormal>(2.0, fan_mode::fan_in, distribution::truncated_normal);
  expect_preset<HeUniform>(2.0, fan_mode::fan_in, distribution::uniform);
  expect_preset<LecunNormal>(1.0, fan_mode::fan_in, distribution::truncated_normal);
  expect_preset<LecunUniform>(1.0, fan_mode::fan_in, distribution::uniform);
}

// Uniform presets stay inside [-limit, limit) and come close to the limit: for U[-l, l),
// P(|w| < l (1 - t)) = 1 - t, so with t = ln(1 / false_failure) / n all n values stay below
// l (1 - t) with probability <= false_failure.
template <class Preset>
void expect_uniform_limit(double limit) {
  SCOPED_TRACE(Preset::name);
  const std::vector<float> w = Preset(161).template values<float>({300, 200});
  double max_abs = 0;
  for (float v : w) {
    ASSERT_GE(double(v), -limit);
    ASSERT_LT(double(v), limit);
    max_abs = std::max(max_abs, std::fabs(double(v)));
  }
  EXPECT_GT(max_abs, limit * (1 - std::log(1 / false_failure) / double(w.size())));
}

TEST(VarianceScalingPresets, UniformLimits) {
  constexpr double fan_in = 300, fan_out = 200;
  expect_uniform_limit<GlorotUniform>(std::sqrt(6 / (fan_in + fan_out)));
  expect_uniform_limit<HeUniform>(std::sqrt(6 / fan_in));
  expect_uniform_limit<LecunUniform>(std::sqrt(3 / fan_in));
}

TEST(VarianceScalingPresets, NormalPresetsHaveTheirStddevAfterTruncation) {
  const shape_type shape{300, 200};
  const std::vector<float> he =
      gather<float>([](seed_type s) { return HeNormal(s); }, shape, ks_min_n);
  expect_distribution(HeNormal(1), shape, he,
                      expect_for(2.0, distribution::truncated_normal, 300));  // sqrt(2 / fan_in)
  const std::vector<float> glorot =
      gather<float>([](seed_type s) { return GlorotNormal(s); }, shape, ks_min_n);
  expect_distribution(GlorotNormal(1), shape, glorot,
                      expect_for(1.0, distribution::truncated_normal, 250));  // 2 / (in + out)
}

// ---------------------------------------------------------------------------------------------
// Fan conventions and explicit axes.
// ---------------------------------------------------------------------------------------------
TEST(VarianceScalingFans, TorchConventionReadsOutInKernelLayout) {
  // PyTorch's (out, in, kh, kw): fan_in = in * kh * kw = 288, fan_out = 576. Keras's rule would
  // read the same shape as (..., in = 3, out = 3) with receptive field 64 * 32.
  const shape_type shape{64, 32, 3, 3};
  const auto make = [](seed_type s) {
    return HeNormal(s).with_fan_convention(fan_convention::torch);
  };
  const std::vector<float> values = gather<float>(make, shape, ks_min_n);
  expect_distribution(make(1), shape, values,
                      expect_for(2.0, distribution::truncated_normal, 32 * 3 * 3));
  // fan_out and fan_avg read the torch fans too; the default is Keras's.
  const auto torch = [](fan_mode mode) {
    return VarianceScaling(1.0, mode, distribution::untruncated_normal, 1)
        .with_fan_convention(fan_convention::torch);
  };
  EXPECT_DOUBLE_EQ(torch(fan_mode::fan_out).spec(shape).b, std::sqrt(1.0 / 576));
  EXPECT_DOUBLE_EQ(torch(fan_mode::fan_avg).spec(shape).b, std::sqrt(1.0 / 432));
  EXPECT_DOUBLE_EQ(HeUniform(1).with_fan_convention(fan_convention::torch).spec(shape).b,
                   std::sqrt(6.0 / 288));
  EXPECT_DOUBLE_EQ(HeUniform(1).spec(shape).b, std::sqrt(6.0 / (3 * 64 * 32)));
}

TEST(VarianceScalingFans, ExplicitAxesAsInKeras) {
  // Keras 3's compute_fans test: (512, 8, 64) with input axes [0] and output axes [1, 2] has
  // fans (512, 512); with [0, 1] and [2], (4096, 64). Other axes do not count.
  const shape_type shape{512, 8, 64};
  const auto vs = [](fan_mode mode) {
    return VarianceScaling(1.0, mode, distribution::untruncated_normal, 6);
  };
  for (fan_mode mode : {fan_mode::fan_in, fan_mode::fan_out, fan_mode::fan_avg}) {
    SCOPED_TRACE(to_string(mode));
    EXPECT_DOUBLE_EQ(vs(mode).with_axes({0}, {1, 2}).spec(shape).b, std::sqrt(1.0 / 512));
    const double n = mode == fan_mode::fan_in ? 4096 : mode == fan_mode::fan_out ? 64 : 2080;
    EXPECT_DOUBLE_EQ(vs(mode).with_axes({0, 1}, {2}).spec(shape).b, std::sqrt(1.0 / n));
  }
  const auto init = vs(fan_mode::fan_avg).with_axes({0}, {1, 2});
  const std::vector<float> values = init.values<float>(shape);
  expect_distribution(init, shape, values, expect_for(1.0, distribution::untruncated_normal, 512));
  // Negative axes count from the end.
  EXPECT_EQ(values, vs(fan_mode::fan_avg).with_axes({-3}, {-2, -1}).values<float>(shape));
}

TEST(VarianceScalingFans, KerasVarianceScalingWithAxesTest) {
  // Keras's test_variance_scaling_with_axes: shape (32, 4, 16), input axis 0, output axes 1 and
  // 2, scale 2, fan_in: stddev sqrt(2 / 32). Without the axes Keras's rank-3 rule gives
  // fan_in = 4 * 32 = 128.
  const shape_type shape{32, 4, 16};
  const auto with_axes = [](seed_type s) {
    return VarianceScaling(2.0, fan_mode::fan_in, distribution::truncated_normal, s)
        .with_axes({0}, {1, 2});
  };
  const std::vector<float> a = gather<float>(with_axes, shape, ks_min_n);
  expect_distribution(with_axes(1), shape, a, expect_for(2.0, distribution::truncated_normal, 32));
  const auto without = [](seed_type s) {
    return VarianceScaling(2.0, fan_mode::fan_in, distribution::truncated_normal, s);
  };
  const std::vector<float> b = gather<float>(without, shape, ks_min_n);
  expect_distribution(without(1), shape, b, expect_for(2.0, distribution::truncated_normal, 128));
}

// ---------------------------------------------------------------------------------------------
// max(1, fan): no division by zero.
// ---------------------------------------------------------------------------------------------
TEST(VarianceScalingFans, DividesByAtLeastOne) {
  constexpr double scale = 2.0;
  for (distribution dist :
       {distribution::truncated_normal, distribution::untruncated_normal, distribution::uniform}) {
    SCOPED_TRACE(to_string(dist));
    const expected_distribution unit = expect_for(scale, dist, 1);
    for (fan_mode mode : {fan_mode::fan_in, fan_mode::fan_out, fan_mode::fan_avg}) {
      SCOPED_TRACE(to_string(mode));
      const VarianceScaling init(scale, mode, dist, 3);
      // Zero-size shapes: fans (0, 5), (5, 0), (0, 0) and (0, 1), whose average 0.5 is also
      // raised to 1; the values are empty and nothing throws.
      for (const shape_type& shape : {shape_type{0, 5}, shape_type{5, 0}, shape_type{3, 0, 4},
                                      shape_type{0, 1}, shape_type{0}}) {
        const double n = divisor(keras_fans(shape), mode);
        const detail::distribution_spec spec = init.spec(shape);
        EXPECT_TRUE(std::isfinite(spec.b));
        EXPECT_NEAR(spec.b, expect_for(scale, dist, n).param, 1e-15);
        EXPECT_TRUE(init.values<float>(shape).empty());
      }
      EXPECT_NEAR(init.spec({}).b, unit.param, 1e-15);
    }
    // Rank 0 (fans (1, 1)): one value per call; over many seeds they have stddev sqrt(scale).
    std::vector<double> scalars;
    for (seed_type seed = 0; seed < 20000; ++seed) {
      const std::vector<float> v =
          VarianceScaling(scale, fan_mode::fan_avg, dist, seed).values<float>({});
      ASSERT_EQ(v.size(), 1u);
      scalars.push_back(double(v[0]));
    }
    expect_moments(scalars, 0.0, unit.target_stddev, unit.excess_kurtosis());
  }
}

// ---------------------------------------------------------------------------------------------
// Keras's strings and errors.
// ---------------------------------------------------------------------------------------------
TEST(VarianceScalingStrings, ParseAsKeras) {
  const shape_type shape{40, 30};
  // "normal" is tf.compat.v1's name for the truncated normal; distributions are case-insensitive.
  const VarianceScaling normal(1.0, "fan_in", "normal", 9);
  EXPECT_EQ(normal.distribution(), distribution::truncated_normal);
  EXPECT_EQ(normal.values<float>(shape),
            VarianceScaling(1.0, "fan_in", "truncated_normal", 9).values<float>(shape));
  EXPECT_EQ(VarianceScaling(1.0, "fan_out", "Uniform", 9).values<float>(shape),
            VarianceScaling(1.0, fan_mode::fan_out, distribution::uniform, 9).values<float>(shape));
  EXPECT_EQ(parse_distribution("UNTRUNCATED_Normal"), distribution::untruncated_normal);
  EXPECT_EQ(parse_distribution("Truncated_Normal"), distribution::truncated_normal);
  EXPECT_EQ(parse_distribution("NORMAL"), distribution::truncated_normal);
  EXPECT_EQ(parse_fan_mode("fan_in"), fan_mode::fan_in);
  EXPECT_EQ(parse_fan_mode("fan_out"), fan_mode::fan_out);
  EXPECT_EQ(parse_fan_mode("fan_avg"), fan_mode::fan_avg);
  // Modes are matched exactly, as Keras does.
  expect_invalid([] { parse_fan_mode("Fan_In"); }, {"VarianceScaling", "mode", "Fan_In"});
  expect_invalid([] { parse_fan_mode("FAN_AVG"); }, {"VarianceScaling", "mode", "FAN_AVG"});
  expect_invalid([] { parse_fan_mode(" fan_in"); }, {"VarianceScaling", "mode"});
}

TEST(VarianceScalingErrors, NameTheInitializerTheParameterAndTheValue) {
  expect_invalid([] { VarianceScaling{0.0}; }, {"VarianceScaling", "scale", "0"});
  expect_invalid([] { VarianceScaling{-1.5}; }, {"VarianceScaling", "scale", "-1.5"});
  expect_invalid([] { VarianceScaling{nan}; }, {"VarianceScaling", "scale", "nan"});
  expect_invalid([] { VarianceScaling{inf}; }, {"VarianceScaling", "scale", "inf"});
  expect_invalid([] { VarianceScaling(1.0, "fan_sum", "uniform"); },
                 {"VarianceScaling", "mode", "fan_sum"});
  expect_invalid([] { VarianceScaling(1.0, "fan_in", "cauchy"); },
                 {"VarianceScaling", "distribution", "cauchy"});
  EXPECT_THROW((void)(VarianceScaling{-1.0}), weightinit::invalid_argument);
  // Shape errors of the presets name the preset.
  expect_invalid(
      [] {
        HeNormal(1).with_axes({3}, {0}).values<float>({2, 3});
      },
      {"HeNormal", "input_axes", "3"});
  expect_invalid(
      [] {
        LecunUniform(1).with_axes({0}, {0}).values<float>({2, 3});
      },
      {"LecunUniform", "output_axes", "0"});
  expect_invalid(
      [] { GlorotUniform(1).with_fan_convention(fan_convention::torch).values<float>({5}); },
      {"GlorotUniform", "shape", "5"});
}

// ---------------------------------------------------------------------------------------------
// Half types.
// ---------------------------------------------------------------------------------------------
template <class T>
class VarianceScalingHalf : public ::testing::Test {};
using HalfTypes = ::testing::Types<Eigen::half, Eigen::bfloat16>;
TYPED_TEST_SUITE(VarianceScalingHalf, HalfTypes);

// GlorotNormal in a 16-bit type: the rounded distribution passes the discrete KS test, and no
// value leaves +-2 sigma after rounding (1e6 values). The extreme representable values inside
// the bounds are reached: their rounding cells (~1e-3 sigma wide at least) carry an expected
// count of >= 40 values, so missing one has probability < e^-40.
TYPED_TEST(VarianceScalingHalf, GlorotNormalRoundedStaysInside) {
  using T = TypeParam;
  const shape_type shape{1000, 1000};
  const GlorotNormal init(31337);
  const std::vector<T> values = init.values<T>(shape);
  expect_distribution(init, shape, values, expect_for(1.0, distribution::truncated_normal, 1000));
  const double sigma = init.spec(shape).b;
  const st::moments m = st::compute_moments(values.begin(), values.end());
  EXPECT_EQ(m.min, smallest_at_least<T>(-2 * sigma));
  EXPECT_EQ(m.max, largest_at_most<T>(2 * sigma));
}

}  // namespace
