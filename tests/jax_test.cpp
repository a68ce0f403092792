// The JAX dialect (jax.hpp) and compute_fans_jax (fans.hpp).
//
// Expected values are computed here independently of the library: fans with JAX's own float
// formula (rf = numel / in_size / out_size / batch_size), distributions from the parameters
// (KS tests with p > 1e-4 on >= 1e5 values, tests/support/stats.hpp), orthogonal layouts by
// explicit multi-index moves. The shape/dtype smoke test follows JAX's
// tests/nn_test.py::NNInitializersTest records. Seeds are fixed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "support/checks.hpp"
#include "support/stats.hpp"
#include "weightinit/jax.hpp"

namespace {

using namespace weightinit;
namespace st = weightinit::test;
using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using st::expect_invalid;
using st::ks_min_p;
constexpr double tn_factor = 0.87962566103423978;

template <class T>
double as_double(T v) {
  if constexpr (std::is_same_v<T, double>) {
    return v;
  } else {
    return double(static_cast<float>(v));
  }
}

template <class T>
std::vector<double> doubles(const std::vector<T>& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const T& v : values) out.push_back(as_double(v));
  return out;
}

std::int64_t numel(const shape_type& shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  return n;
}

// ---------------------------------------------------------------------------------------------
// compute_fans_jax
// ---------------------------------------------------------------------------------------------

// JAX's formula, in floats, as jax/_src/nn/initializers.py _compute_fans writes it.
std::pair<double, double> jax_float_fans(const shape_type& shape, const std::vector<int>& in,
                                         const std::vector<int>& out,
                                         const std::vector<int>& batch) {
  const int rank = int(shape.size());
  const auto size = [&](const std::vector<int>& axes) {
    double p = 1;
    for (int a : axes) p *= double(shape[std::size_t(a < 0 ? a + rank : a)]);
    return p;
  };
  const double in_size = size(in), out_size = size(out), batch_size = size(batch);
  const double rf = double(numel(shape)) / in_size / out_size / batch_size;
  return {in_size * rf, out_size * rf};
}

TEST(ComputeFansJax, DefaultsAreKerasRuleForRankTwoAndMore) {
  for (const shape_type& shape :
       {shape_type{2, 3}, shape_type{784, 256}, shape_type{3, 3, 16, 32}, shape_type{4, 3, 2},
        shape_type{2, 3, 4, 5, 6}, shape_type{1, 1, 7, 9}}) {
    EXPECT_EQ(compute_fans_jax(shape), compute_fans(shape)) << ::testing::PrintToString(shape);
  }
  EXPECT_EQ(compute_fans_jax({3, 3, 16, 32}), (fans{3 * 3 * 16, 3 * 3 * 32}));
}

TEST(ComputeFansJax, EveryAxisAssignmentMatchesJaxsFloatFormula) {
  // Each axis goes to none, in, out, batch, or both in and out (allowed, as in JAX); axes are
  // written alternately as positive and negative indices.
  const std::vector<shape_type> shapes = {{6},       {2, 3},       {3, 1, 4},   {4, 3, 2},
                                          {5, 7, 2}, {2, 3, 4, 5}, {5, 1, 2, 7}};
  int cases = 0;
  for (const shape_type& shape : shapes) {
    const int rank = int(shape.size());
    int combos = 1;
    for (int k = 0; k < rank; ++k) combos *= 5;
    for (int code = 0; code < combos; ++code) {
      std::vector<int> in, out, batch;
      int c = code;
      for (int k = 0; k < rank; ++k, c /= 5) {
        const int axis = (k + code) % 2 ? k - rank : k;
        switch (c % 5) {
          case 1:
            in.push_back(axis);
            break;
          case 2:
            out.push_back(axis);
            break;
          case 3:
            batch.push_back(axis);
            break;
          case 4:
            in.push_back(axis);
            out.push_back(axis);
            break;
          default:
            break;
        }
      }
      const auto expected = jax_float_fans(shape, in, out, batch);
      const fans got = compute_fans_jax(shape, in, out, batch);
      SCOPED_TRACE(::testing::PrintToString(shape) + " in " + ::testing::PrintToString(in) +
                   " out " + ::testing::PrintToString(out) + " batch " +
                   ::testing::PrintToString(batch));
      EXPECT_NEAR(double(got.fan_in), expected.first, 1e-12 * expected.first);
      EXPECT_NEAR(double(got.fan_out), expected.second, 1e-12 * expected.second);
      ++cases;
    }
  }
  EXPECT_GT(cases, 1000);
}

TEST(ComputeFansJax, HandWrittenCases) {
  // Multi-axis in / out (Keras 3.16's EinsumDense example, here with JAX's receptive field).
  EXPECT_EQ(compute_fans_jax({512, 8, 64}, {0}, {1, 2}), (fans{512, 512}));
  EXPECT_EQ(compute_fans_jax({512, 8, 64}, {0, 1}, {2}), (fans{4096, 64}));
  // Unnamed axes are receptive field, unlike Keras's explicit axes.
  EXPECT_EQ(compute_fans_jax({512, 8, 64}, {-3}, {-1}), (fans{512 * 8, 64 * 8}));
  // A batch axis counts in neither fan: a stack of 8 conv kernels.
  EXPECT_EQ(compute_fans_jax({8, 3, 3, 16, 32}, {-2}, {-1}, {0}), (fans{144, 288}));
  // Flax's default embedding initializer: variance_scaling(1, "fan_in", "normal", out_axis=0)
  // on (vocab, features); in_axis -2 and out_axis 0 are the same axis.
  EXPECT_EQ(compute_fans_jax({1000, 64}, {-2}, {0}), (fans{64, 64}));
  // Rank 0 and 1 with explicit (empty) axes.
  EXPECT_EQ(compute_fans_jax({}, {}, {}), (fans{1, 1}));
  EXPECT_EQ(compute_fans_jax({5}, {}, {0}), (fans{1, 5}));
  EXPECT_EQ(compute_fans_jax({5}, {0}, {}), (fans{5, 1}));
  // Empty shapes: the product rule (JAX's division gives nan).
  EXPECT_EQ(compute_fans_jax({0, 5}), (fans{0, 5}));
  EXPECT_EQ(compute_fans_jax({3, 0, 4}), (fans{0, 12}));
}

TEST(ComputeFansJax, ErrorsNameTheParameterAndValue) {
  // JAX PR #13995: rank <= 1 with the default in_axis.
  expect_invalid([] { compute_fans_jax({5}); }, {"compute_fans_jax", "shape", "in_axis", "(5,)"});
  expect_invalid([] { compute_fans_jax({}); }, {"shape", "in_axis", "()"});
  expect_invalid([] { compute_fans_jax({4, 5}, {2}); }, {"in_axis", "rank-2", "got 2"});
  expect_invalid([] { compute_fans_jax({4, 5}, {0}, {-3}); }, {"out_axis", "got -3"});
  expect_invalid([] { compute_fans_jax({4, 5, 6}, {1}, {2}, {5}); }, {"batch_axis", "got 5"});
  expect_invalid([] { compute_fans_jax({4, 5, 6}, {0, 0}, {2}); }, {"in_axis", "repeat", "(0, 0)"});
  expect_invalid(
      [] {
        compute_fans_jax({4, 5, 6}, {1}, {2}, {-2});
      },
      {"batch_axis", "in_axis", "-2"});
  expect_invalid(
      [] {
        compute_fans_jax({4, 5, 6}, {1}, {2}, {0, 2});
      },
      {"batch_axis", "out_axis", "(0, 2)"});
  expect_invalid([] { compute_fans_jax({4, -5}); }, {"shape", "-5"});
}

TEST(ComputeFans, KerasAxesKeepTheirBehaviour) {
  EXPECT_EQ(compute_fans({512, 8, 64}, {0}, {1, 2}), (fans{512, 512}));
  expect_invalid([] { compute_fans({4, 5}, {2}, {1}); }, {"input_axes", "rank-2", "(2,)"});
  expect_invalid([] { compute_fans({4, 5}, {0}, {0}); }, {"output_axes", "input_axes"});
  expect_invalid([] { compute_fans({4, 5}, {0, 0}, {1}); }, {"input_axes", "repeat"});
}

// ---------------------------------------------------------------------------------------------
// Shape and dtype records (JAX's nn_test.py): every builder, shapes filtered by rank, in every
// scalar type.
// ---------------------------------------------------------------------------------------------

const std::vector<shape_type> kJaxShapes = {{},     {2},       {2, 2},    {2, 3},
                                            {3, 2}, {2, 3, 4}, {4, 3, 2}, {2, 3, 4, 5}};

template <class T, class Init>
void expect_shape_and_dtype(const Init& init, std::size_t min_rank, std::size_t max_rank,
                            bool needs_in_le_out = false) {
  int used = 0;
  for (const shape_type& shape : kJaxShapes) {
    if (shape.size() < min_rank || shape.size() > max_rank) continue;
    if (needs_in_le_out && shape[shape.size() - 2] > shape.back()) continue;
    SCOPED_TRACE(std::string(Init::name) + " " + ::testing::PrintToString(shape));
    const std::vector<T> values = init.template values<T>(shape);
    ASSERT_EQ(std::int64_t(values.size()), numel(shape));
    for (const T& v : values) ASSERT_TRUE(std::isfinite(as_double(v)));
    ++used;
  }
  EXPECT_GT(used, 0) << Init::name;
}

template <class T>
class JaxRecords : public ::testing::Test {};
using ScalarTypes = ::testing::Types<float, double, Eigen::half, Eigen::bfloat16>;
TYPED_TEST_SUITE(JaxRecords, ScalarTypes);

TYPED_TEST(JaxRecords, EveryBuilderOnEveryShapeOfItsRanks) {
  using T = TypeParam;
  expect_shape_and_dtype<T>(jax::zeros(), 0, 4);
  expect_shape_and_dtype<T>(jax::ones(), 0, 4);
  expect_shape_and_dtype<T>(jax::constant(-0.5), 0, 4);
  expect_shape_and_dtype<T>(jax::uniform(), 0, 4);
  expect_shape_and_dtype<T>(jax::normal(), 0, 4);
  expect_shape_and_dtype<T>(jax::truncated_normal(), 1, 4);
  for (const char* dist : {"truncated_normal", "normal", "uniform"}) {
    for (const char* mode : {"fan_in", "fan_out", "fan_avg", "fan_geo_avg"}) {
      expect_shape_and_dtype<T>(jax::variance_scaling(1.0, mode, dist), 2, 4);
    }
  }
  expect_shape_and_dtype<T>(jax::variance_scaling(1.0, "fan_in", "normal", {}, {}), 0, 0);
  expect_shape_and_dtype<T>(jax::glorot_uniform(), 2, 4);
  expect_shape_and_dtype<T>(jax::xavier_uniform(), 2, 4);
  expect_shape_and_dtype<T>(jax::glorot_normal(), 2, 4);
  expect_shape_and_dtype<T>(jax::xavier_normal(), 2, 4);
  expect_shape_and_dtype<T>(jax::lecun_uniform(), 2, 4);
  expect_shape_and_dtype<T>(jax::lecun_normal(), 2, 4);
  expect_shape_and_dtype<T>(jax::he_uniform(), 2, 4);
  expect_shape_and_dtype<T>(jax::kaiming_uniform(), 2, 4);
  expect_shape_and_dtype<T>(jax::he_normal(), 2, 4);
  expect_shape_and_dtype<T>(jax::kaiming_normal(), 2, 4);
  expect_shape_and_dtype<T>(jax::orthogonal(), 2, 4);
  expect_shape_and_dtype<T>(jax::orthogonal(1.0, 0), 2, 4);
  expect_shape_and_dtype<T>(jax::delta_orthogonal(), 3, 5, true);
  // Multi-axis and batch-axis variance scaling keeps the shape (JAX's test as well).
  expect_shape_and_dtype<T>(jax::variance_scaling(1.0, "fan_in", "normal", {0, 1}, 2), 3, 3);
  expect_shape_and_dtype<T>(jax::variance_scaling(1.0, "fan_avg", "uniform", 1, 2, 0), 3, 3);
  // Tensors of a compile-time rank, too.
  const Eigen::Tensor<T, 3> t = jax::he_normal(-2, -1, {}, 3).template make<T>({2, 3, 4});
  EXPECT_EQ(t.dimension(0), 2);
  EXPECT_EQ(t.dimension(2), 4);
}

TEST(JaxBuilders, ConstantsAreTheLibrarysAndExact) {
  static_assert(std::is_same_v<decltype(jax::zeros()), Zeros>);
  static_assert(std::is_same_v<decltype(jax::ones()), Ones>);
  static_assert(std::is_same_v<decltype(jax::constant(1.0)), Constant>);
  static_assert(std::is_same_v<decltype(jax::glorot_normal()), jax::VarianceScaling>);
  EXPECT_EQ(jax::zeros(7).values<double>({2, 3}), std::vector<double>(6, 0.0));
  EXPECT_EQ(jax::ones().values<float>({4}), std::vector<float>(4, 1.0f));
  EXPECT_EQ(jax::constant(3.25).values<double>({2, 2}), std::vector<double>(4, 3.25));
  Eigen::MatrixXi ints(2, 2);
  jax::ones()(ints);
  EXPECT_EQ(ints.sum(), 4);
}

// ---------------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------------

TEST(JaxUniform, IsZeroToScaleNotSymmetric) {
  const double scale = 0.3;
  const auto cdf = [&](double x) { return st::uniform_cdf(x, 0.0, scale); };
  const shape_type shape{400, 300};
  {
    const std::vector<double> v = jax::uniform(scale, 1).values<double>(shape);
    EXPECT_GT(st::ks_test(v.begin(), v.end(), cdf).p_value, ks_min_p);
    EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0);
    EXPECT_LT(*std::max_element(v.begin(), v.end()), scale);
  }
  {
    const std::vector<double> v = doubles(jax::uniform(scale, 2).values<float>(shape));
    EXPECT_GT(st::ks_test_rounded(v.begin(), v.end(), cdf, st::float32_format).p_value, ks_min_p);
    EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0);
    EXPECT_LT(*std::max_element(v.begin(), v.end()), scale);
  }
  {
    const std::vector<double> v = doubles(jax::uniform(scale, 3).values<Eigen::half>(shape));
    EXPECT_GT(st::ks_test_rounded(v.begin(), v.end(), cdf, st::float16_format).p_value, ks_min_p);
    EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0);
    EXPECT_LT(*std::max_element(v.begin(), v.end()), scale);
  }
  // The default scale is 1e-2.
  EXPECT_EQ(jax::uniform().scale(), 1e-2);
  const std::vector<double> d = jax::uniform().values<double>({1000});
  EXPECT_LT(*std::max_element(d.begin(), d.end()), 1e-2);
}

TEST(JaxNormal, HasStandardDeviationStddev) {
  const double stddev = 0.2;
  const auto cdf = [&](double x) { return st::normal_cdf(x / stddev); };
  const std::vector<double> v = jax::normal(stddev, 4).values<double>({100000});
  EXPECT_GT(st::ks_test(v.begin(), v.end(), cdf).p_value, ks_min_p);
  const st::moments m = st::compute_moments(v.begin(), v.end());
  EXPECT_NEAR(m.stddev, stddev, st::stddev_tolerance(stddev, 0.0, m.n, 1e-6));
  const std::vector<double> b = doubles(jax::normal(stddev, 5).values<Eigen::bfloat16>({100000}));
  EXPECT_GT(st::ks_test_rounded(b.begin(), b.end(), cdf, st::bfloat16_format).p_value, ks_min_p);
  EXPECT_EQ(jax::normal().stddev(), 1e-2);
}

TEST(JaxTruncatedNormal, BoundsAreInSigmaUnitsWithoutCorrection) {
  // stddev 0.5 on [-1, 3] sigma: values in [-0.5, 1.5], N(0, 0.25) restricted there.
  const double stddev = 0.5, lower = -1.0, upper = 3.0;
  const auto cdf = [&](double x) {
    return st::truncated_normal_cdf(x, 0.0, stddev, lower * stddev, upper * stddev);
  };
  for (seed_type seed : {6u, 7u}) {
    const std::vector<double> v =
        seed == 6
            ? jax::truncated_normal(stddev, lower, upper, seed).values<double>({100000})
            : doubles(jax::truncated_normal(stddev, lower, upper, seed).values<float>({100000}));
    EXPECT_GT(st::ks_test(v.begin(), v.end(), cdf).p_value, ks_min_p);
    EXPECT_GE(*std::min_element(v.begin(), v.end()), lower * stddev);
    EXPECT_LE(*std::max_element(v.begin(), v.end()), upper * stddev);
  }
  // Defaults: stddev 1e-2 before truncation at +-2 sigma; no 0.8796 correction.
  const jax::TruncatedNormal d = jax::truncated_normal(1e-2, -2.0, 2.0, 8);
  EXPECT_EQ(d.stddev(), 1e-2);
  EXPECT_EQ(d.lower(), -2.0);
  EXPECT_EQ(d.upper(), 2.0);
  const std::vector<double> v = d.values<double>({100000});
  const st::moments m = st::compute_moments(v.begin(), v.end());
  const double sd = st::truncated_normal_moments(0.0, 1e-2, -2e-2, 2e-2).stddev;
  EXPECT_NEAR(sd, 1e-2 * tn_factor, 1e-12);
  EXPECT_NEAR(m.stddev, sd, st::stddev_tolerance(sd, 0.0, m.n, 1e-6));
  EXPECT_LE(*std::max_element(v.begin(), v.end()), 2e-2);
}

// The distribution expected of variance_scaling for a variance, independently written.
struct expected_distribution {
  distribution dist;
  double variance;
  double cdf(double x) const {
    const double sd = std::sqrt(variance);
    switch (dist) {
      case distribution::truncated_normal:
        return st::truncated_normal_cdf(x, 0.0, sd / tn_factor, -2 * sd / tn_factor,
                                        2 * sd / tn_factor);
      case distribution::untruncated_normal:
        return st::normal_cdf(x / sd);
      default:
        return st::uniform_cdf(x, -std::sqrt(3 * variance), std::sqrt(3 * variance));
    }
  }
};

template <class Init>
void expect_variance_scaling(const Init& init, const shape_type& shape,
                             expected_distribution expected) {
  ASSERT_GE(numel(shape), 100000);
  const std::vector<double> v = init.template values<double>(shape);
  const auto cdf = [&](double x) { return expected.cdf(x); };
  EXPECT_GT(st::ks_test(v.begin(), v.end(), cdf).p_value, ks_min_p);
  const st::moments m = st::compute_moments(v.begin(), v.end());
  const double sd = std::sqrt(expected.variance);
  const double kurtosis = expected.dist == distribution::untruncated_normal ? 0.0 : -0.5;
  EXPECT_NEAR(m.stddev, sd, st::stddev_tolerance(sd, kurtosis, m.n, 1e-6));
}

TEST(JaxVarianceScaling, NormalIsUntruncatedUnlikeKerasNormal) {
  // (400, 250), scale 2, fan_in: variance 2 / 400.
  const shape_type shape{400, 250};
  const double sd = std::sqrt(2.0 / 400);
  const std::vector<double> v =
      jax::variance_scaling(2.0, "fan_in", "normal", -2, -1, {}, 11).values<double>(shape);
  EXPECT_GT(
      st::ks_test(v.begin(), v.end(), [&](double x) { return st::normal_cdf(x / sd); }).p_value,
      ks_min_p);
  // About 4.55% of the values lie beyond 2 sd (4550 expected of 1e5); truncation would leave 0.
  const auto beyond =
      std::count_if(v.begin(), v.end(), [&](double x) { return std::abs(x) > 2 * sd; });
  EXPECT_GT(beyond, 4000);
  EXPECT_LT(beyond, 5100);
  // Keras's "normal" is an alias of truncated_normal: nothing beyond 2 sigma (pre-truncation).
  const std::vector<double> k = VarianceScaling(2.0, "fan_in", "normal", 11).values<double>(shape);
  const double sigma = sd / tn_factor;
  EXPECT_LE(*std::max_element(k.begin(), k.end()), 2 * sigma);
  EXPECT_GE(*std::min_element(k.begin(), k.end()), -2 * sigma);
  EXPECT_LT(
      st::ks_test(k.begin(), k.end(), [&](double x) { return st::normal_cdf(x / sd); }).p_value,
      ks_min_p);
}

TEST(JaxVarianceScaling, EveryModeAndDistributionFollowsTheFormula) {
  // A batched conv stack (6, 5, 5, 20, 40) with batch axis 0: fan_in 500, fan_out 1000.
  const shape_type shape{6, 5, 5, 20, 40};
  const double fan_in = 500, fan_out = 1000;
  const double n_of[] = {fan_in, fan_out, (fan_in + fan_out) / 2, std::sqrt(fan_in * fan_out)};
  const char* modes[] = {"fan_in", "fan_out", "fan_avg", "fan_geo_avg"};
  const std::pair<const char*, distribution> dists[] = {
      {"truncated_normal", distribution::truncated_normal},
      {"normal", distribution::untruncated_normal},
      {"uniform", distribution::uniform}};
  seed_type seed = 20;
  for (int m = 0; m < 4; ++m) {
    for (const auto& [dist_name, dist] : dists) {
      SCOPED_TRACE(std::string(modes[m]) + " " + dist_name);
      const double scale = 1.5;
      const auto init = jax::variance_scaling(scale, modes[m], dist_name, -2, -1, 0, seed++);
      EXPECT_EQ(init.fans_for(shape), (fans{500, 1000}));
      const double variance = scale / n_of[m];
      const detail::distribution_spec spec = init.spec(shape);
      switch (dist) {
        case distribution::truncated_normal:
          EXPECT_EQ(spec.type, detail::distribution_spec::kind::truncated_normal);
          EXPECT_DOUBLE_EQ(spec.b, std::sqrt(variance) / tn_factor);
          EXPECT_EQ(spec.alpha, -2.0);
          EXPECT_EQ(spec.beta, 2.0);
          break;
        case distribution::untruncated_normal:
          EXPECT_EQ(spec.type, detail::distribution_spec::kind::normal);
          EXPECT_DOUBLE_EQ(spec.b, std::sqrt(variance));
          break;
        default:
          EXPECT_EQ(spec.type, detail::distribution_spec::kind::uniform);
          EXPECT_DOUBLE_EQ(spec.b, std::sqrt(3 * variance));
          EXPECT_DOUBLE_EQ(spec.a, -std::sqrt(3 * variance));
          break;
      }
      if (m == 0 || m == 3) expect_variance_scaling(init, shape, {dist, variance});
    }
  }
}

TEST(JaxVarianceScaling, FanGeoAvgIsTheGeometricMean) {
  const shape_type shape{100, 1000};  // n = sqrt(1e5)
  const auto init = jax::variance_scaling(2.0, "fan_geo_avg", "normal", -2, -1, {}, 31);
  EXPECT_DOUBLE_EQ(init.spec(shape).b, std::sqrt(2.0 / std::sqrt(1e5)));
  expect_variance_scaling(init, shape, {distribution::untruncated_normal, 2.0 / std::sqrt(1e5)});
  // The enumerator form is the same initializer.
  const auto by_enum = jax::variance_scaling(2.0, fan_mode::fan_geo_avg,
                                             distribution::untruncated_normal, -2, -1, {}, 31);
  EXPECT_EQ(by_enum.values<float>({30, 40}), init.values<float>({30, 40}));
}

TEST(JaxVarianceScaling, PresetsAreKerasScaleModeAndDistribution) {
  struct preset {
    jax::VarianceScaling init;
    double scale;
    fan_mode mode;
    distribution dist;
  };
  const preset presets[] = {
      {jax::glorot_uniform(), 1.0, fan_mode::fan_avg, distribution::uniform},
      {jax::xavier_uniform(), 1.0, fan_mode::fan_avg, distribution::uniform},
      {jax::glorot_normal(), 1.0, fan_mode::fan_avg, distribution::truncated_normal},
      {jax::xavier_normal(), 1.0, fan_mode::fan_avg, distribution::truncated_normal},
      {jax::lecun_uniform(), 1.0, fan_mode::fan_in, distribution::uniform},
      {jax::lecun_normal(), 1.0, fan_mode::fan_in, distribution::truncated_normal},
      {jax::he_uniform(), 2.0, fan_mode::fan_in, distribution::uniform},
      {jax::kaiming_uniform(), 2.0, fan_mode::fan_in, distribution::uniform},
      {jax::he_normal(), 2.0, fan_mode::fan_in, distribution::truncated_normal},
      {jax::kaiming_normal(), 2.0, fan_mode::fan_in, distribution::truncated_normal},
  };
  for (const preset& p : presets) {
    EXPECT_EQ(p.init.scale(), p.scale);
    EXPECT_EQ(p.init.mode(), p.mode);
    EXPECT_EQ(p.init.distribution(), p.dist);
    EXPECT_EQ(p.init.in_axis(), std::vector<int>{-2});
    EXPECT_EQ(p.init.out_axis(), std::vector<int>{-1});
    EXPECT_TRUE(p.init.batch_axis().empty());
  }
  // With default axes on rank >= 2, JAX's fans are Keras's: the same distributions.
  const auto same = [](const detail::distribution_spec& a, const detail::distribution_spec& b) {
    return a.type == b.type && a.a == b.a && a.b == b.b && a.alpha == b.alpha && a.beta == b.beta;
  };
  for (const shape_type& shape :
       {shape_type{30, 70}, shape_type{3, 3, 16, 32}, shape_type{5, 2, 9}}) {
    EXPECT_TRUE(same(jax::glorot_uniform().spec(shape), GlorotUniform().spec(shape)));
    EXPECT_TRUE(same(jax::glorot_normal().spec(shape), GlorotNormal().spec(shape)));
    EXPECT_TRUE(same(jax::lecun_uniform().spec(shape), LecunUniform().spec(shape)));
    EXPECT_TRUE(same(jax::lecun_normal().spec(shape), LecunNormal().spec(shape)));
    EXPECT_TRUE(same(jax::he_uniform().spec(shape), HeUniform().spec(shape)));
    EXPECT_TRUE(same(jax::he_normal().spec(shape), HeNormal().spec(shape)));
  }
  // Axes are passed through: lecun_normal on a (4, 8, 16) kernel with in_axis (0, 1).
  EXPECT_DOUBLE_EQ(jax::lecun_normal({0, 1}, 2).spec({4, 8, 16}).b,
                   std::sqrt(1.0 / 32) / tn_factor);
  // Flax's embedding initializer: fan_in = features.
  EXPECT_DOUBLE_EQ(jax::variance_scaling(1.0, "fan_in", "normal", -2, 0).spec({1000, 64}).b,
                   std::sqrt(1.0 / 64));
}

TEST(JaxVarianceScaling, EmptyShapesFillNothing) {
  const auto init = jax::he_normal(-2, -1, {}, 1);
  EXPECT_TRUE(init.values<float>({0, 5}).empty());
  EXPECT_TRUE(init.values<double>({3, 0, 4}).empty());
  EXPECT_EQ(init.spec({0, 5}).type, detail::distribution_spec::kind::constant);
  Eigen::Tensor<float, 3> t(2, 0, 3);
  EXPECT_NO_THROW(init(t));
}

// ---------------------------------------------------------------------------------------------
// Orthogonal and delta orthogonal
// ---------------------------------------------------------------------------------------------

shape_type strides_of(const shape_type& shape) {
  shape_type strides(shape.size(), 1);
  for (std::size_t k = shape.size(); k-- > 1;) strides[k - 1] = strides[k] * shape[k];
  return strides;
}

// The values of a row-major `shape` moved so that `column_axis` is last, as an
// (n_rows, n_cols) matrix: JAX's layout undone by explicit multi-indices.
template <class T>
matrix columns_last(const std::vector<T>& values, const shape_type& shape, int column_axis) {
  const std::size_t rank = shape.size();
  const std::size_t c = std::size_t(column_axis < 0 ? column_axis + int(rank) : column_axis);
  shape_type others;
  for (std::size_t k = 0; k < rank; ++k) {
    if (k != c) others.push_back(shape[k]);
  }
  const shape_type strides = strides_of(shape), other_strides = strides_of(others);
  const std::int64_t cols = shape[c];
  matrix m(numel(shape) / std::max<std::int64_t>(cols, 1), cols);
  for (std::int64_t f = 0; f < numel(shape); ++f) {
    std::int64_t row = 0, rest = f;
    std::int64_t col = 0;
    for (std::size_t k = 0, o = 0; k < rank; ++k) {
      const std::int64_t i = rest / strides[k];
      rest %= strides[k];
      if (k == c) {
        col = i;
      } else {
        row += i * other_strides[o++];
      }
    }
    m(row, col) = as_double(values[std::size_t(f)]);
  }
  return m;
}

double orthogonality_error(const matrix& w, double scale) {
  const matrix gram = w.rows() >= w.cols() ? matrix(w.transpose() * w) : matrix(w * w.transpose());
  return (gram - scale * scale * matrix::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

const std::vector<shape_type> kOrthoShapes = {{5, 5},    {3, 4},       {4, 3},     {16, 6},
                                              {3, 4, 5}, {5, 2, 3},    {10, 9, 8}, {2, 3, 4, 5},
                                              {6, 1, 2}, {20, 2, 3, 4}};

TEST(JaxOrthogonal, ColumnAxisLastIsTheLibrarysOrthogonal) {
  for (const shape_type& shape : kOrthoShapes) {
    EXPECT_EQ(jax::orthogonal(1.5, -1, 9).values<double>(shape),
              Orthogonal(1.5, 9).values<double>(shape));
    EXPECT_EQ(jax::orthogonal(1.0, int(shape.size()) - 1, 9).values<float>(shape),
              Orthogonal(1.0, 9).values<float>(shape));
  }
}

TEST(JaxOrthogonal, EveryColumnAxisIsOrthogonalAfterMovingItLast) {
  for (const shape_type& shape : kOrthoShapes) {
    const int rank = int(shape.size());
    for (int axis = -rank; axis < rank; ++axis) {
      SCOPED_TRACE(::testing::PrintToString(shape) + " column_axis " + std::to_string(axis));
      const matrix d =
          columns_last(jax::orthogonal(2.0, axis, 13).values<double>(shape), shape, axis);
      EXPECT_LT(orthogonality_error(d, 2.0), 1e-12);
      const matrix f =
          columns_last(jax::orthogonal(1.0, axis, 14).values<float>(shape), shape, axis);
      EXPECT_LT(orthogonality_error(f, 1.0), 1e-5);
      // JAX's construction: the library's Q on the moved shape, then moveaxis(-1, axis).
      const std::size_t c = std::size_t(axis < 0 ? axis + rank : axis);
      shape_type moved;
      for (std::size_t k = 0; k < shape.size(); ++k) {
        if (k != c) moved.push_back(shape[k]);
      }
      moved.push_back(shape[c]);
      const matrix q = columns_last(Orthogonal(2.0, 13).values<double>(moved), moved, -1);
      EXPECT_EQ(d, q);
    }
  }
}

TEST(JaxOrthogonal, ZeroSizeShapes) {
  // JAX's testInitializerOrthogonalZeroSize: rows and cols from 0 to 3.
  for (std::int64_t rows = 0; rows <= 3; ++rows) {
    for (std::int64_t cols = 0; cols <= 3; ++cols) {
      for (int axis : {0, -1}) {
        const shape_type shape{rows, cols};
        const std::vector<double> v = jax::orthogonal(1.0, axis, 2).values<double>(shape);
        ASSERT_EQ(std::int64_t(v.size()), rows * cols);
        if (!v.empty()) {
          EXPECT_LT(orthogonality_error(columns_last(v, shape, axis), 1.0), 1e-12);
        }
      }
    }
  }
  Eigen::Tensor<float, 3> t(2, 0, 3);
  EXPECT_NO_THROW(jax::orthogonal(1.0, 1, 5)(t));
  EXPECT_TRUE(jax::orthogonal(1.0, 1, 5).values<float>({2, 0, 3}).empty());
}

TEST(JaxOrthogonal, TargetsSlicesAndEngines) {
  const auto init = jax::orthogonal(1.0, 0, 21);
  const std::vector<float> flat = init.values<float>({6, 4});
  Eigen::MatrixXf col_major(6, 4);
  init(col_major);
  Eigen::MatrixXf part(2, 3);
  init(part, slice_of{{6, 4}, {3, 1}});
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(col_major(i, j), flat[std::size_t(i * 4 + j)]);
      if (i >= 3 && i < 5 && j >= 1) {
        EXPECT_EQ(part(i - 3, j - 1), flat[std::size_t(i * 4 + j)]);
      }
    }
  }
  std::mt19937 engine(5);
  Eigen::MatrixXd w(3, 7);
  init(w, engine);
  EXPECT_LT(orthogonality_error(matrix(w), 1.0), 1e-12);
}

TEST(JaxDeltaOrthogonal, OrthogonalAtTheCentreTapZerosElsewhere) {
  const std::vector<shape_type> shapes = {{3, 4, 4},       {4, 3, 5},    {3, 3, 2, 4},
                                          {2, 2, 3, 3},    {4, 1, 2, 6}, {3, 2, 3, 2, 4},
                                          {1, 1, 1, 3, 3}, {2, 4, 2, 5}};
  for (const shape_type& shape : shapes) {
    for (int axis : {-1, 0, 1, -2}) {
      SCOPED_TRACE(::testing::PrintToString(shape) + " column_axis " + std::to_string(axis));
      const double scale = 1.5;
      const std::vector<double> v = jax::delta_orthogonal(scale, axis, 17).values<double>(shape);
      const std::size_t rank = shape.size();
      const std::int64_t in = shape[rank - 2], out = shape[rank - 1];
      // Centre (k - 1) // 2 along every spatial axis: k = 4 gives 1 (PyTorch's dirac_: 2).
      std::int64_t centre = 0;
      for (std::size_t k = 0; k + 2 < rank; ++k) centre = centre * shape[k] + (shape[k] - 1) / 2;
      const std::vector<double> expected =
          jax::orthogonal(scale, axis, 17).values<double>({in, out});
      matrix tap(in, out);
      for (std::int64_t f = 0; f < numel(shape); ++f) {
        const std::int64_t spatial = f / (in * out), m = f % (in * out);
        if (spatial == centre) {
          tap(m / out, m % out) = v[std::size_t(f)];
          EXPECT_EQ(v[std::size_t(f)], expected[std::size_t(m)]);
        } else {
          EXPECT_EQ(v[std::size_t(f)], 0.0) << "index " << f;
        }
      }
      // in <= out: the centre matrix has orthonormal rows (times scale).
      const matrix gram = tap * tap.transpose();
      EXPECT_LT((gram - scale * scale * matrix::Identity(in, in)).cwiseAbs().maxCoeff(), 1e-12);
    }
  }
  // Float: the same pattern within float precision.
  const std::vector<float> f = jax::delta_orthogonal(1.0, -1, 3).values<float>({3, 3, 8, 8});
  const std::vector<double> d = jax::delta_orthogonal(1.0, -1, 3).values<double>({3, 3, 8, 8});
  for (std::size_t i = 0; i < f.size(); ++i) EXPECT_NEAR(double(f[i]), d[i], 1e-6);
  // Slices and column-major targets agree with the flat values.
  const auto init = jax::delta_orthogonal(1.0, -1, 4);
  const std::vector<double> flat = init.values<double>({4, 3, 5});
  Eigen::Tensor<double, 3> whole(4, 3, 5);
  init(whole);
  Eigen::Tensor<double, 3, Eigen::RowMajor> middle(2, 3, 5);
  init(middle, slice_of{{4, 3, 5}, {1, 0, 0}});
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 3; ++b) {
      for (int c = 0; c < 5; ++c) {
        const double x = flat[std::size_t((a * 3 + b) * 5 + c)];
        EXPECT_EQ(whole(a, b, c), x);
        if (a >= 1 && a < 3) {
          EXPECT_EQ(middle(a - 1, b, c), x);
        }
      }
    }
  }
}

TEST(JaxDeltaOrthogonal, Errors) {
  expect_invalid(
      [] {
        jax::delta_orthogonal(1.0, -1, 1).values<float>({3, 5, 4});
      },
      {"jax.delta_orthogonal", "shape", "fan_in", "(3, 5, 4)"});
  expect_invalid(
      [] {
        jax::delta_orthogonal(1.0, -1, 1).values<float>({4, 4});
      },
      {"jax.delta_orthogonal", "3-D, 4-D or 5-D", "(4, 4)"});
  expect_invalid(
      [] {
        jax::delta_orthogonal(1.0, -1, 1).values<float>({1, 1, 1, 1, 2, 2});
      },
      {"3-D, 4-D or 5-D", "(1, 1, 1, 1, 2, 2)"});
  expect_invalid(
      [] {
        jax::delta_orthogonal(1.0, 2, 1).values<float>({3, 2, 2});
      },
      {"jax.delta_orthogonal", "column_axis", "rank-2", "got 2"});
  expect_invalid([] { jax::delta_orthogonal(inf); }, {"jax.delta_orthogonal", "scale", "inf"});
}

// ---------------------------------------------------------------------------------------------
// Errors, seeds, targets
// ---------------------------------------------------------------------------------------------

TEST(JaxBuilders, ParameterErrorsNameTheBuilderParameterAndValue) {
  expect_invalid([] { jax::uniform(-1.0); }, {"jax.uniform", "scale", "-1"});
  expect_invalid([] { jax::uniform(nan); }, {"jax.uniform", "scale", "nan"});
  expect_invalid([] { jax::normal(-0.5); }, {"jax.normal", "stddev", "-0.5"});
  expect_invalid([] { jax::truncated_normal(inf); }, {"jax.truncated_normal", "stddev", "inf"});
  expect_invalid([] { jax::truncated_normal(1.0, 2.0, 1.0); },
                 {"jax.truncated_normal", "upper", "lower", "got 1"});
  expect_invalid([] { jax::truncated_normal(1.0, -inf, 1.0); },
                 {"jax.truncated_normal", "lower", "-inf"});
  expect_invalid([] { jax::truncated_normal(1.0, -1.0, nan); }, {"upper", "nan"});
  expect_invalid([] { jax::variance_scaling(1.0, "fan_sum", "normal"); },
                 {"jax.variance_scaling", "mode", "\"fan_sum\""});
  // JAX's names exactly: no Keras alias, no case folding.
  expect_invalid([] { jax::variance_scaling(1.0, "fan_in", "untruncated_normal"); },
                 {"jax.variance_scaling", "distribution", "\"untruncated_normal\""});
  expect_invalid([] { jax::variance_scaling(1.0, "fan_in", "Normal"); },
                 {"distribution", "\"Normal\""});
  expect_invalid([] { jax::variance_scaling(0.0, "fan_in", "normal"); },
                 {"jax.variance_scaling", "scale", "got 0"});
  expect_invalid([] { jax::variance_scaling(-2.0, fan_mode::fan_in, distribution::uniform); },
                 {"scale", "-2"});
  expect_invalid([] { jax::orthogonal(nan); }, {"jax.orthogonal", "scale", "nan"});
  // Keras's VarianceScaling keeps Keras's three modes.
  expect_invalid([] { VarianceScaling(1.0, fan_mode::fan_geo_avg); },
                 {"VarianceScaling", "mode", "fan_geo_avg"});
  expect_invalid([] { VarianceScaling(1.0, "fan_geo_avg", "normal"); },
                 {"VarianceScaling", "mode", "\"fan_geo_avg\""});
}

TEST(JaxBuilders, ShapeErrorsAtCallTime) {
  expect_invalid([] { jax::lecun_normal()({5}); }, {"jax.variance_scaling", "in_axis", "(5,)"});
  expect_invalid(
      [] {
        jax::glorot_uniform(3).values<float>({4, 5});
      },
      {"jax.variance_scaling", "in_axis", "rank-2", "got 3"});
  expect_invalid(
      [] {
        jax::he_normal(-2, -1, {0, 1}).values<float>({2, 3, 4});
      },
      {"batch_axis", "in_axis", "(0, 1)"});
  expect_invalid([] { jax::orthogonal(1.0, -1, 1).values<float>({5}); },
                 {"jax.orthogonal", "shape", "rank >= 2", "(5,)"});
  expect_invalid(
      [] {
        jax::orthogonal(1.0, 2, 1).values<float>({5, 4});
      },
      {"jax.orthogonal", "column_axis", "got 2"});
  expect_invalid(
      [] {
        jax::orthogonal(1.0, -3, 1).values<float>({5, 4});
      },
      {"column_axis", "got -3"});
}

TEST(JaxBuilders, SeedSemantics) {
  EXPECT_EQ(jax::normal(1.0, 5).values<float>({8, 8}), jax::normal(1.0, 5).values<float>({8, 8}));
  EXPECT_NE(jax::normal(1.0, 5).values<float>({8, 8}), jax::normal(1.0, 6).values<float>({8, 8}));
  EXPECT_EQ(jax::he_uniform(-2, -1, {}, 3).values<float>({8, 8}),
            jax::he_uniform(-2, -1, {}, 3).values<float>({8, 8}));
  const auto unseeded = jax::glorot_normal();
  EXPECT_FALSE(unseeded.given_seed().has_value());
  EXPECT_EQ(unseeded.values<float>({8, 8}), unseeded.values<float>({8, 8}));
  set_global_seed(77);
  const std::vector<float> first = jax::delta_orthogonal().values<float>({3, 4, 4});
  set_global_seed(77);
  EXPECT_EQ(jax::delta_orthogonal().values<float>({3, 4, 4}), first);
}

TEST(JaxBuilders, EveryTargetAgreesWithTheFlatValues) {
  const auto check = [](const auto& init) {
    SCOPED_TRACE(std::string(std::decay_t<decltype(init)>::name));
    const std::vector<float> flat = init.template values<float>({5, 6});
    Eigen::MatrixXf col_major(5, 6);
    init(col_major);
    Eigen::Matrix<float, 5, 6, Eigen::RowMajor> fixed;
    init(fixed);
    Eigen::MatrixXf big = Eigen::MatrixXf::Zero(7, 8);
    init(big.block(1, 1, 5, 6));
    Eigen::MatrixXf part(2, 6);
    init(part, slice_of{{5, 6}, {2, 0}});
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 6; ++j) {
        const float x = flat[std::size_t(i * 6 + j)];
        EXPECT_EQ(col_major(i, j), x);
        EXPECT_EQ(fixed(i, j), x);
        EXPECT_EQ(big(i + 1, j + 1), x);
        if (i >= 2 && i < 4) {
          EXPECT_EQ(part(i - 2, j), x);
        }
      }
    }
    std::mt19937 engine(1);
    Eigen::MatrixXd w(5, 6);
    init(w, engine);
    EXPECT_TRUE(w.allFinite());
  };
  check(jax::uniform(1.0, 1));
  check(jax::normal(1.0, 2));
  check(jax::truncated_normal(1.0, -1.0, 0.5, 3));
  check(jax::variance_scaling(1.0, "fan_geo_avg", "normal", 0, 1, {}, 4));
  check(jax::glorot_uniform(-2, -1, {}, 5));
  check(jax::orthogonal(1.0, 0, 6));
}

}  // namespace
