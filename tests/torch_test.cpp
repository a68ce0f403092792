// The PyTorch dialect (torch.hpp): PyTorch's own test/nn/test_init.py (TestNNInit and, from
// PyTorch main, TestNNInitDevice) carried over to GoogleTest, with the same properties and
// thresholds (KS p > 1e-4, orthogonality atol 1e-6, exact constants), plus what the dialect
// adds: every scalar type, every target kind, seeds and generators, errors naming the function.
//
// Shapes and parameters are drawn as PyTorch's test draws them (random sizes and parameters in
// the same ranges), from a std::mt19937 seeded with 123 (PyTorch: random.seed(123)); the fills
// use fixed seeds, so every run sees the same values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "support/checks.hpp"
#include "support/stats.hpp"
#include "weightinit/torch.hpp"

namespace {

namespace wt = weightinit::torch;
namespace st = weightinit::test;
using weightinit::row_major_span;
using weightinit::shape_type;

constexpr double inf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// Helpers: parameters drawn like Python's random module (but portable across standard
// libraries), scalar conversions, KS tests for every scalar type.
// ---------------------------------------------------------------------------------------------
class python_random {
 public:
  python_random() : engine_(123) {}
  double random() { return double(engine_()) / 4294967296.0; }  // [0, 1)
  double uniform(double a, double b) { return a + (b - a) * random(); }
  std::int64_t randint(std::int64_t lo, std::int64_t hi) {  // [lo, hi]
    return lo + std::int64_t(engine_() % std::uint32_t(hi - lo + 1));
  }
  shape_type sizes(int dims, std::int64_t lo, std::int64_t hi) {
    shape_type shape;
    for (int k = 0; k < dims; ++k) shape.push_back(randint(lo, hi));
    return shape;
  }

 private:
  std::mt19937 engine_;
};

using st::is_half_v;
using st::ks_min_p;
using st::to_double;
using st::to_doubles;

std::int64_t numel(const shape_type& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

// A runtime-rank tensor filled by `fill(row_major_span)`.
template <class T, class Fill>
std::vector<T> filled(const shape_type& shape, Fill fill) {
  std::vector<T> data(std::size_t(numel(shape)), T(0.0f));
  fill(row_major_span<T>{data.data(), shape});
  return data;
}

// At most this many values enter a KS test: PyTorch's 4-D tensors (sizes 30-50, up to 6.25M
// elements) are filled whole, and an evenly strided subsample of them (itself an iid sample)
// is tested, so that the file runs in well under 3 s.
constexpr std::size_t ks_max_n = 250000;

// KS test of values of type T against a continuous CDF. Half types are compared with the
// distribution rounded to the type; values at `lowest` / `highest` (the extreme representable
// values of a truncated support) also hold the mass rounded beyond them.
template <class T, class Cdf>
double ks_p(const std::vector<T>& values, Cdf cdf, double lowest = -inf, double highest = inf) {
  std::vector<T> subsample;
  const std::size_t stride = (values.size() + ks_max_n - 1) / ks_max_n;
  for (std::size_t i = 0; i < values.size(); i += stride) subsample.push_back(values[i]);
  return st::ks_for_type(subsample, cdf, lowest, highest).p_value;
}

template <class T>
bool is_normal(const std::vector<T>& values, double mean, double std) {
  return ks_p(values, [&](double x) { return st::normal_cdf((x - mean) / std); }) > ks_min_p;
}
template <class T>
bool is_uniform(const std::vector<T>& values, double a, double b) {
  return ks_p(values, [&](double x) { return st::uniform_cdf(x, a, b); }) > ks_min_p;
}
template <class T>
bool is_trunc_normal(const std::vector<T>& values, double mean, double std, double a, double b) {
  return ks_p(
             values, [&](double x) { return st::truncated_normal_cdf(x, mean, std, a, b); }, a, b) >
         ks_min_p;
}

// The error message of `f`, which must throw weightinit::invalid_argument.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const weightinit::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "no weightinit::invalid_argument thrown";
  return "";
}
#define EXPECT_ERROR_MENTIONS(statement, ...)                                               \
  do {                                                                                      \
    const std::string message_ = error_of([&] { statement; });                              \
    for (const char* part_ : {__VA_ARGS__}) {                                               \
      EXPECT_NE(message_.find(part_), std::string::npos) << message_ << " lacks " << part_; \
    }                                                                                       \
  } while (false)

using AllScalars = ::testing::Types<float, double, Eigen::half, Eigen::bfloat16>;
using HalfScalars = ::testing::Types<Eigen::half, Eigen::bfloat16>;

// ---------------------------------------------------------------------------------------------
// calculate_gain
// ---------------------------------------------------------------------------------------------
TEST(TorchCalculateGain, Linear) {
  for (const char* fn : {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                         "conv_transpose2d", "conv_transpose3d"}) {
    EXPECT_EQ(wt::calculate_gain(fn), 1.0) << fn;
  }
}

TEST(TorchCalculateGain, Nonlinear) {
  EXPECT_EQ(wt::calculate_gain("sigmoid"), 1.0);
  EXPECT_EQ(wt::calculate_gain("tanh"), 1.6666666666666667);
  EXPECT_EQ(wt::calculate_gain("relu"), 1.4142135623730951);
  EXPECT_EQ(wt::calculate_gain("leaky_relu"), 1.4141428569978354);
  EXPECT_EQ(wt::calculate_gain("selu"), 0.75);
  EXPECT_EQ(wt::calculate_gain("relu", 10.0), 1.4142135623730951);  // param only for leaky_relu
}

TEST(TorchCalculateGain, LeakyRelu) {
  EXPECT_EQ(wt::calculate_gain("leaky_relu", std::nullopt), 1.4141428569978354);  // slope 0.01
  EXPECT_EQ(wt::calculate_gain("leaky_relu", 0.0), 1.4142135623730951);           // as ReLU
  EXPECT_EQ(wt::calculate_gain("leaky_relu", 0.01), 1.4141428569978354);
  EXPECT_EQ(wt::calculate_gain("leaky_relu", 10.0), 0.14071950894605836);
}

TEST(TorchCalculateGain, OnlyAcceptsFiniteParams) {
  for (double param : {inf, -inf, std::nan("")}) {
    EXPECT_ERROR_MENTIONS(wt::calculate_gain("leaky_relu", param), "torch.calculate_gain", "param");
  }
}

TEST(TorchCalculateGain, OnlyAcceptsValidNonlinearities) {
  python_random random;
  for (int n : {2, 5, 25}) {
    std::string name;
    for (int i = 0; i < n; ++i) name += char('a' + random.randint(0, 25));
    EXPECT_ERROR_MENTIONS(wt::calculate_gain(name), "torch.calculate_gain", "nonlinearity",
                          name.c_str());
  }
  EXPECT_THROW({ wt::calculate_gain("ReLU"); }, weightinit::invalid_argument);  // case-sensitive
  EXPECT_THROW({ wt::calculate_gain(""); }, std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// uniform_, normal_, trunc_normal_ (TestNNInit.test_uniform, test_normal; TestNNInitDevice
// trunc_normal_ tests).
// ---------------------------------------------------------------------------------------------
TEST(TorchUniform, FollowsUniform) {
  python_random random;
  std::uint64_t seed = 100;
  for (int dims : {1, 2, 4}) {
    const shape_type shape = random.sizes(dims, 30, 50);
    const double a = random.uniform(-3, 3);
    const double b = a + random.uniform(1, 5);
    const auto values = filled<float>(shape, [&](auto w) { wt::uniform_(w, a, b, ++seed); });
    EXPECT_TRUE(is_uniform(values, a, b)) << dims << "-D, U(" << a << ", " << b << ")";
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    EXPECT_GE(*lo, a);
    EXPECT_LT(*hi, b);
  }
}

TEST(TorchNormal, FollowsNormal) {
  python_random random;
  std::uint64_t seed = 200;
  for (int dims : {1, 2, 4}) {
    const shape_type shape = random.sizes(dims, 30, 50);
    const double mean = random.uniform(-3, 3);
    const double std = random.uniform(1, 5);
    const auto values = filled<float>(shape, [&](auto w) { wt::normal_(w, mean, std, ++seed); });
    EXPECT_TRUE(is_normal(values, mean, std)) << dims << "-D, N(" << mean << ", " << std << ")";
  }
}

template <class T>
class TorchTruncNormal : public ::testing::Test {};
TYPED_TEST_SUITE(TorchTruncNormal, AllScalars);

// test_trunc_normal_all_dtypes (float32, float64 in PyTorch; every type here): random mean in
// [-3, 3], std in [0.01, 1], a in [mean - 2 std, mean], b in [mean, mean + 2 std]. PyTorch
// compares with the bounds rounded to the type; values here are within the exact bounds.
TYPED_TEST(TorchTruncNormal, AllDtypes) {
  using T = TypeParam;
  python_random random;
  std::uint64_t seed = 300;
  for (int dims : {1, 2, 4}) {
    const shape_type shape = random.sizes(dims, 30, 50);
    const double mean = random.uniform(-3, 3);
    const double std = random.uniform(0.01, 1);
    const double a = random.uniform(mean - 2 * std, mean);
    const double b = random.uniform(mean, mean + 2 * std);
    SCOPED_TRACE(testing::Message()
                 << dims << "-D, N(" << mean << ", " << std << ") on [" << a << ", " << b << "]");
    const auto values =
        filled<T>(shape, [&](auto w) { wt::trunc_normal_(w, mean, std, a, b, ++seed); });
    const std::vector<double> xs = to_doubles(values);
    EXPECT_GE(*std::min_element(xs.begin(), xs.end()), a);
    EXPECT_LE(*std::max_element(xs.begin(), xs.end()), b);
    if constexpr (is_half_v<T>) {
      // The bounds may fall between representable values: the extreme values then hold the
      // mass rounded beyond them.
      const double lowest =
          to_double(weightinit::detail::representable_within<T>({a}, true, false));
      const double highest =
          to_double(weightinit::detail::representable_within<T>({b}, false, false));
      EXPECT_GT(ks_p(
                    values, [&](double x) { return st::truncated_normal_cdf(x, mean, std, a, b); },
                    lowest, highest),
                ks_min_p);
    } else {
      EXPECT_TRUE(is_trunc_normal(values, mean, std, a, b));
    }
  }
}

// test_trunc_normal_low_precision (float16, bfloat16): N(0, 1) on [-2, 2], n = 10000.
TYPED_TEST(TorchTruncNormal, LowPrecisionDefaults) {
  using T = TypeParam;
  const auto values =
      filled<T>({10000}, [&](auto w) { wt::trunc_normal_(w, 0.0, 1.0, -2.0, 2.0, 7); });
  const std::vector<double> xs = to_doubles(values);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), -2.0);
  EXPECT_LE(*std::max_element(xs.begin(), xs.end()), 2.0);
  EXPECT_TRUE(is_trunc_normal(values, 0.0, 1.0, -2.0, 2.0));
}

// test_trunc_normal_narrow_interval: mean -3, std 1 on [-0.5, 0.5] (all 2.5 std or more from
// the mean), n = 10000.
TYPED_TEST(TorchTruncNormal, NarrowIntervalAwayFromTheMean) {
  using T = TypeParam;
  const auto values =
      filled<T>({10000}, [&](auto w) { wt::trunc_normal_(w, -3.0, 1.0, -0.5, 0.5, 11); });
  const std::vector<double> xs = to_doubles(values);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), -0.5);
  EXPECT_LE(*std::max_element(xs.begin(), xs.end()), 0.5);
  EXPECT_TRUE(is_trunc_normal(values, -3.0, 1.0, -0.5, 0.5));
}

// test_trunc_normal_unique_values: n = 10000 from N(0, 1) on [-2, 2] has more than 5000
// distinct float32/float64 values, 3000 float16, 1000 bfloat16; none infinite or nan.
TYPED_TEST(TorchTruncNormal, ManyUniqueValues) {
  using T = TypeParam;
  const std::size_t min_unique = std::is_same_v<T, Eigen::bfloat16> ? 1000
                                 : std::is_same_v<T, Eigen::half>   ? 3000
                                                                    : 5000;
  const auto values =
      filled<T>({10000}, [&](auto w) { wt::trunc_normal_(w, 0.0, 1.0, -2.0, 2.0, 13); });
  const std::vector<double> xs = to_doubles(values);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), -2.0);
  EXPECT_LE(*std::max_element(xs.begin(), xs.end()), 2.0);
  EXPECT_GT(std::set<double>(xs.begin(), xs.end()).size(), min_unique);
  for (double x : xs) ASSERT_TRUE(std::isfinite(x));
}

// test_trunc_normal_no_boundary_values_small_std: N(0, 0.1^2) on [-2, 2] (20 std) never
// produces the bounds themselves (no clamping to the boundary by mistake).
TYPED_TEST(TorchTruncNormal, NoBoundaryValuesForSmallStd) {
  using T = TypeParam;
  const auto values =
      filled<T>({10000}, [&](auto w) { wt::trunc_normal_(w, 0.0, 0.1, -2.0, 2.0, 17); });
  for (const T& v : values) {
    ASSERT_NE(to_double(v), -2.0);
    ASSERT_NE(to_double(v), 2.0);
  }
}

// Beyond PyTorch: exact in far tails and far from the mean (PyTorch <= 2.11 warns there).
TYPED_TEST(TorchTruncNormal, ExactFarFromTheMean) {
  using T = TypeParam;
  struct case_ {
    double mean, std, a, b;
  };
  for (const case_& c : {case_{0.0, 1.0, 8.0, 9.0}, case_{-20.0, 1.0, 0.0, 1.0},
                         case_{5.0, 0.5, -1.0, 0.0}, case_{0.0, 2.0, -100.0, -30.0}}) {
    SCOPED_TRACE(testing::Message()
                 << "N(" << c.mean << ", " << c.std << ") on [" << c.a << ", " << c.b << "]");
    const auto values =
        filled<T>({10000}, [&](auto w) { wt::trunc_normal_(w, c.mean, c.std, c.a, c.b, 19); });
    const std::vector<double> xs = to_doubles(values);
    EXPECT_GE(*std::min_element(xs.begin(), xs.end()), c.a);
    EXPECT_LE(*std::max_element(xs.begin(), xs.end()), c.b);
    EXPECT_TRUE(is_trunc_normal(values, c.mean, c.std, c.a, c.b));
  }
}

// Degenerate parameters give the limit distribution, a point mass at clamp(mean, a, b).
TYPED_TEST(TorchTruncNormal, DegenerateParametersGiveTheClampedMean) {
  using T = TypeParam;
  const auto all_equal = [](const std::vector<T>& values, double expected) {
    for (const T& v : values) {
      if (to_double(v) != expected) return false;
    }
    return true;
  };
  const auto fill = [](double mean, double std, double a, double b) {
    return filled<T>({3, 5}, [&](auto w) { wt::trunc_normal_(w, mean, std, a, b, 23); });
  };
  EXPECT_TRUE(all_equal(fill(0.5, 0.0, -1.0, 1.0), to_double(T(0.5f))));  // std == 0
  EXPECT_TRUE(all_equal(fill(3.0, 0.0, -1.0, 1.0), 1.0));                 // clamped
  EXPECT_TRUE(all_equal(fill(-3.0, 0.0, -1.0, 1.0), -1.0));
  EXPECT_TRUE(all_equal(fill(0.0, 1.0, 0.25, 0.25), 0.25));  // a == b
  EXPECT_TRUE(all_equal(fill(0.0, 1e-31, 1.0, 2.0), 1.0));   // 1e31 std away
  EXPECT_TRUE(all_equal(fill(0.0, 1e-31, -2.0, -1.0), -1.0));
}

// test_trunc_normal_generator: a generator in place of the seed, consumed sequentially: the
// same engine state gives the same values.
TEST(TorchTruncNormal, Generator) {
  std::mt19937 gen(42);
  std::vector<float> input(5), ref(5);
  wt::trunc_normal_(row_major_span<float>{input.data(), {5}}, 0.0, 1.0, -2.0, 2.0, gen);
  std::mt19937 gen2(42);
  wt::trunc_normal_(row_major_span<float>{ref.data(), {5}}, 0.0, 1.0, -2.0, 2.0, gen2);
  EXPECT_EQ(input, ref);
  // And the distribution from a generator is right.
  std::mt19937 gen3(42);
  const auto values =
      filled<double>({20000}, [&](auto w) { wt::trunc_normal_(w, 0.0, 1.0, -2.0, 2.0, gen3); });
  EXPECT_TRUE(is_trunc_normal(values, 0.0, 1.0, -2.0, 2.0));
}

// ---------------------------------------------------------------------------------------------
// constant_, ones_, zeros_, eye_ (test_constant, test_ones_and_zeros, test_eye,
// test_eye_only_works_on_2d_inputs).
// ---------------------------------------------------------------------------------------------
TEST(TorchConstant, FillsTheValue) {
  python_random random;
  for (int dims : {1, 2, 4}) {
    const shape_type shape = random.sizes(dims, 1, 5);
    const double val = random.uniform(1, 10);
    for (float v : filled<float>(shape, [&](auto w) { wt::constant_(w, val); })) {
      ASSERT_EQ(v, static_cast<float>(val));
    }
    for (double v : filled<double>(shape, [&](auto w) { wt::constant_(w, val); })) {
      ASSERT_EQ(v, val);
    }
  }
}

TEST(TorchConstant, OnesAndZeros) {
  python_random random;
  for (int dims : {1, 2, 4}) {
    const shape_type shape = random.sizes(dims, 1, 5);
    for (float v : filled<float>(shape, [&](auto w) { wt::ones_(w); })) ASSERT_EQ(v, 1.0f);
    std::vector<float> data(std::size_t(numel(shape)), 5.0f);
    wt::zeros_(row_major_span<float>{data.data(), shape});
    for (float v : data) ASSERT_EQ(v, 0.0f);
  }
  Eigen::Tensor<int, 3> integers(2, 3, 4);
  wt::ones_(integers);
  for (Eigen::Index i = 0; i < integers.size(); ++i) ASSERT_EQ(integers.data()[i], 1);
  wt::constant_(integers, 7);
  for (Eigen::Index i = 0; i < integers.size(); ++i) ASSERT_EQ(integers.data()[i], 7);
}

TEST(TorchConstant, RejectsNonFiniteValues) {
  Eigen::MatrixXf w(2, 2);
  EXPECT_ERROR_MENTIONS(wt::constant_(w, std::nan("")), "torch.constant_", "val", "nan");
  EXPECT_ERROR_MENTIONS(wt::constant_(w, inf), "torch.constant_", "val", "inf");
}

TEST(TorchEye, IsTheIdentityElementwise) {
  python_random random;
  for (int trial = 0; trial < 5; ++trial) {
    const shape_type shape = random.sizes(2, 1, 5);
    Eigen::Tensor<float, 2> t(shape[0], shape[1]);
    t.setConstant(9.0f);
    wt::eye_(t);
    for (Eigen::Index i = 0; i < t.dimension(0); ++i) {
      for (Eigen::Index j = 0; j < t.dimension(1); ++j) {
        ASSERT_EQ(t(i, j), i == j ? 1.0f : 0.0f) << i << ", " << j;
      }
    }
  }
  // Matrices of either storage order, and a block.
  Eigen::Matrix<double, 3, 5, Eigen::RowMajor> r;
  Eigen::Matrix<double, 3, 5, Eigen::ColMajor> c;
  wt::eye_(r);
  wt::eye_(c);
  EXPECT_EQ(r, (Eigen::Matrix<double, 3, 5>::Identity()));
  EXPECT_EQ(c, (Eigen::Matrix<double, 3, 5>::Identity()));
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(6, 6, 4.0);
  wt::eye_(m.block(1, 2, 3, 2));
  EXPECT_EQ(m.block(1, 2, 3, 2), Eigen::MatrixXd::Identity(3, 2));
  EXPECT_EQ(m(0, 0), 4.0);
}

TEST(TorchEye, OnlyWorksOn2dInputs) {
  Eigen::Tensor<float, 1> t1(3);
  Eigen::Tensor<float, 3> t3(2, 2, 2);
  EXPECT_THROW({ wt::eye_(t1); }, weightinit::invalid_argument);
  EXPECT_ERROR_MENTIONS(wt::eye_(t3), "torch.eye_", "shape", "(2, 2, 2)");
}

// ---------------------------------------------------------------------------------------------
// dirac_ (test_dirac_properties, test_dirac_identity, test_dirac_only_works_on_3_4_5d_inputs).
// ---------------------------------------------------------------------------------------------
TEST(TorchDirac, Properties) {
  python_random random;
  std::uint64_t seed = 400;
  for (int dims : {3, 4, 5}) {
    for (std::int64_t groups : {1, 2, 3}) {
      const std::int64_t a = random.randint(1, 5), c = random.randint(1, 5),
                         d = random.randint(1, 5), e = random.randint(1, 5);
      const std::int64_t b = random.randint(1, 5 * groups);
      shape_type shape = {a * groups, b, c, d, e};
      shape.resize(std::size_t(dims));
      std::vector<double> data(std::size_t(numel(shape)));
      row_major_span<double> w{data.data(), shape};
      wt::normal_(w, 0.0, 1.0, ++seed);  // random contents, which dirac_ must clear
      wt::dirac_(w, groups);
      const std::int64_t c_out = shape[0] / groups, c_in = shape[1];
      const std::int64_t min_d = std::min(c_out, c_in);
      EXPECT_EQ(std::count_if(data.begin(), data.end(), [](double v) { return v != 0; }),
                min_d * groups)
          << dims << "-D, groups " << groups;
      EXPECT_EQ(std::accumulate(data.begin(), data.end(), 0.0), double(min_d * groups));
    }
  }
}

// Direct cross-correlation, as F.conv{1,2,3}d with stride 1, dilation 1, groups 1 and zero
// padding `pad`: input (batch, in, S...), weight (out, in, K...), output (batch, out, O...)
// with O = S + 2 pad - K + 1 along each of the 1, 2 or 3 spatial dimensions (missing ones are
// treated as size 1 without padding).
struct conv_result {
  shape_type shape;
  std::vector<double> values;
};
conv_result conv(const std::vector<double>& input, const shape_type& in_shape,
                 const std::vector<double>& weight, const shape_type& w_shape, std::int64_t pad) {
  const std::size_t spatial = in_shape.size() - 2;
  const std::int64_t batch = in_shape[0], in_c = in_shape[1], out_c = w_shape[0];
  std::int64_t S[3] = {1, 1, 1}, K[3] = {1, 1, 1}, O[3] = {1, 1, 1}, P[3] = {0, 0, 0};
  shape_type out_shape = {batch, out_c};
  for (std::size_t k = 0; k < spatial; ++k) {
    S[k] = in_shape[2 + k];
    K[k] = w_shape[2 + k];
    P[k] = pad;
    O[k] = S[k] + 2 * pad - K[k] + 1;
    out_shape.push_back(O[k]);
  }
  conv_result r{out_shape, std::vector<double>(std::size_t(numel(out_shape)), 0.0)};
  std::size_t out_flat = 0;
  for (std::int64_t n = 0; n < batch; ++n) {
    for (std::int64_t o = 0; o < out_c; ++o) {
      for (std::int64_t x0 = 0; x0 < O[0]; ++x0) {
        for (std::int64_t x1 = 0; x1 < O[1]; ++x1) {
          for (std::int64_t x2 = 0; x2 < O[2]; ++x2) {
            double sum = 0;
            for (std::int64_t i = 0; i < in_c; ++i) {
              for (std::int64_t t0 = 0; t0 < K[0]; ++t0) {
                for (std::int64_t t1 = 0; t1 < K[1]; ++t1) {
                  for (std::int64_t t2 = 0; t2 < K[2]; ++t2) {
                    const std::int64_t y0 = x0 + t0 - P[0], y1 = x1 + t1 - P[1],
                                       y2 = x2 + t2 - P[2];
                    if (y0 < 0 || y0 >= S[0] || y1 < 0 || y1 >= S[1] || y2 < 0 || y2 >= S[2]) {
                      continue;
                    }
                    const std::int64_t w = (((o * in_c + i) * K[0] + t0) * K[1] + t1) * K[2] + t2;
                    const std::int64_t x = (((n * in_c + i) * S[0] + y0) * S[1] + y1) * S[2] + y2;
                    sum += weight[std::size_t(w)] * input[std::size_t(x)];
                  }
                }
              }
            }
            r.values[out_flat++] = sum;
          }
        }
      }
    }
  }
  return r;
}

// A convolution with a dirac_ kernel copies input channel c to output channel
// g * out_per_group + c of every group g (for c < min(out_per_group, in)), shifted by the centre
// tap k // 2 minus the padding, and gives zero in the other outputs. PyTorch's test: batch 8,
// in 3, out 9, size 5, kernel 3, groups 1 and 3, no padding (input cropped to [1:-1]). Here
// also with padding k // 2 (output = input) and an even kernel (centre tap 2 of 4).
TEST(TorchDirac, Identity) {
  const std::int64_t batch = 8, in_c = 3, out_c = 9, size = 5;
  std::uint64_t seed = 500;
  for (std::int64_t groups : {1, 3}) {
    const std::int64_t eff_out_c = out_c / groups;
    for (std::size_t spatial : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
      for (const auto& [kernel, pad] :
           {std::pair<std::int64_t, std::int64_t>{3, 0}, {3, 1}, {4, 0}}) {
        SCOPED_TRACE(testing::Message() << "conv" << spatial << "d, groups " << groups
                                        << ", kernel " << kernel << ", padding " << pad);
        shape_type in_shape = {batch, in_c}, w_shape = {out_c, in_c};
        for (std::size_t k = 0; k < spatial; ++k) {
          in_shape.push_back(size);
          w_shape.push_back(kernel);
        }
        const auto input =
            filled<double>(in_shape, [&](auto w) { wt::normal_(w, 0.0, 1.0, ++seed); });
        const auto weight = filled<double>(w_shape, [&](auto w) { wt::dirac_(w, groups); });
        const conv_result out = conv(input, in_shape, weight, w_shape, pad);
        const std::int64_t shift = kernel / 2 - pad;
        // Walk the output; each value must be the shifted input channel or zero.
        shape_type index(out.shape.size(), 0);
        std::int64_t checked = 0;
        for (std::size_t flat = 0; flat < out.values.size(); ++flat) {
          std::size_t rest = flat;
          for (std::size_t k = out.shape.size(); k-- > 0;) {
            index[k] = std::int64_t(rest % std::size_t(out.shape[k]));
            rest /= std::size_t(out.shape[k]);
          }
          const std::int64_t channel = index[1] % eff_out_c;
          if (channel >= in_c) {
            ASSERT_EQ(out.values[flat], 0.0) << "extra output channel " << index[1];
            continue;
          }
          std::int64_t in_flat = index[0] * in_c + channel;
          for (std::size_t k = 0; k < spatial; ++k) in_flat = in_flat * size + index[2 + k] + shift;
          ASSERT_EQ(out.values[flat], input[std::size_t(in_flat)]) << "output channel " << index[1];
          ++checked;
        }
        EXPECT_GT(checked, 0);
      }
    }
  }
}

TEST(TorchDirac, OnlyWorksOn345dInputsAndDivisibleGroups) {
  Eigen::Tensor<float, 1> t1(2);
  Eigen::Tensor<float, 2> t2(2, 2);
  Eigen::Tensor<float, 6> t6(1, 1, 1, 1, 1, 1);
  EXPECT_THROW({ wt::dirac_(t1); }, weightinit::invalid_argument);
  EXPECT_THROW({ wt::dirac_(t2); }, weightinit::invalid_argument);
  EXPECT_ERROR_MENTIONS(wt::dirac_(t6), "torch.dirac_", "shape", "(1, 1, 1, 1, 1, 1)");
  Eigen::Tensor<float, 3> t3(4, 2, 3);
  EXPECT_ERROR_MENTIONS(wt::dirac_(t3, 3), "torch.dirac_", "groups", "3");
  EXPECT_ERROR_MENTIONS(wt::dirac_(t3, 0), "torch.dirac_", "groups", "0");
  EXPECT_NO_THROW({ wt::dirac_(t3, 4); });
}

// ---------------------------------------------------------------------------------------------
// xavier_*, kaiming_* (test_xavier_uniform, test_xavier_normal, test_kaiming_uniform,
// test_kaiming_normal, the *_errors_on_inputs_smaller_than_2d tests and the zero-element
// warnings). Fans are recomputed here independently: fan_in = size(1) * rf, fan_out = size(0)
// * rf, rf = the product of the kernel dims.
// ---------------------------------------------------------------------------------------------
struct torch_fans {
  double fan_in, fan_out;
};
torch_fans expected_fans(const shape_type& shape) {
  double rf = 1;
  for (std::size_t k = 2; k < shape.size(); ++k) rf *= double(shape[k]);
  return {double(shape[1]) * rf, double(shape[0]) * rf};
}

TEST(TorchXavier, Uniform) {
  python_random random;
  std::uint64_t seed = 600;
  for (bool use_gain : {true, false}) {
    for (int dims : {2, 4}) {
      const shape_type shape = random.sizes(dims, 20, 25);
      const double gain = use_gain ? random.uniform(0.1, 2) : 1.0;
      const auto values = filled<float>(shape, [&](auto w) {
        if (use_gain) {
          wt::xavier_uniform_(w, gain, ++seed);
        } else {
          weightinit::set_global_seed(++seed);  // the default arguments, seed included
          wt::xavier_uniform_(w);
        }
      });
      const torch_fans f = expected_fans(shape);
      const double expected_std = gain * std::sqrt(2.0 / (f.fan_in + f.fan_out));
      const double bounds = expected_std * std::sqrt(3.0);
      EXPECT_TRUE(is_uniform(values, -bounds, bounds)) << dims << "-D, gain " << gain;
    }
  }
}

TEST(TorchXavier, Normal) {
  python_random random;
  std::uint64_t seed = 700;
  for (bool use_gain : {true, false}) {
    for (int dims : {2, 4}) {
      const shape_type shape = random.sizes(dims, 20, 25);
      const double gain = use_gain ? random.uniform(0.1, 2) : 1.0;
      const auto values = filled<float>(shape, [&](auto w) {
        if (use_gain) {
          wt::xavier_normal_(w, gain, ++seed);
        } else {
          weightinit::set_global_seed(++seed);
          const wt::XavierNormal init;  // the defaults, seed from the process-wide sequence
          init(w);
        }
      });
      const torch_fans f = expected_fans(shape);
      const double expected_std = gain * std::sqrt(2.0 / (f.fan_in + f.fan_out));
      EXPECT_TRUE(is_normal(values, 0.0, expected_std)) << dims << "-D, gain " << gain;
    }
  }
}

template <bool Uniform>
void check_kaiming(std::uint64_t seed) {
  python_random random;
  for (bool use_a : {true, false}) {
    for (int dims : {2, 4}) {
      for (const char* mode : {"fan_in", "fan_out"}) {
        const shape_type shape = random.sizes(dims, 20, 25);
        const double a = use_a ? random.uniform(0.1, 2) : 0.0;
        const auto values = filled<float>(shape, [&](auto w) {
          weightinit::set_global_seed(++seed);  // for the calls without a seed
          if constexpr (Uniform) {
            if (use_a) {
              wt::kaiming_uniform_(w, a, mode, "leaky_relu", seed);
            } else {
              wt::kaiming_uniform_(w, 0.0, mode);
            }
          } else {
            if (use_a) {
              wt::kaiming_normal_(w, a, mode, "leaky_relu", seed);
            } else {
              wt::kaiming_normal_(w, 0.0, mode);
            }
          }
        });
        const torch_fans f = expected_fans(shape);
        const double n = std::string(mode) == "fan_in" ? f.fan_in : f.fan_out;
        const double expected_std = std::sqrt(2.0 / ((1 + a * a) * n));
        SCOPED_TRACE(testing::Message() << dims << "-D, a " << a << ", " << mode);
        if constexpr (Uniform) {
          const double bounds = expected_std * std::sqrt(3.0);
          EXPECT_TRUE(is_uniform(values, -bounds, bounds));
        } else {
          EXPECT_TRUE(is_normal(values, 0.0, expected_std));
        }
      }
    }
  }
}

TEST(TorchKaiming, Uniform) { check_kaiming<true>(800); }
TEST(TorchKaiming, Normal) { check_kaiming<false>(900); }

TEST(TorchKaiming, DefaultsAreLeakyReluWithSlopeZeroFanIn) {
  // The defaults (a = 0, "fan_in", "leaky_relu") give the ReLU gain: std = sqrt(2 / fan_in).
  const wt::KaimingNormal init;
  EXPECT_EQ(init.gain(), std::sqrt(2.0));
  EXPECT_EQ(init.a(), 0.0);
  EXPECT_EQ(init.mode(), weightinit::fan_mode::fan_in);
  EXPECT_EQ(init.nonlinearity(), "leaky_relu");
  // PyTorch's Linear default kaiming_uniform_(a = sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  const auto spec = wt::KaimingUniform(std::sqrt(5.0)).spec({16, 9});
  EXPECT_NEAR(spec.b, 1.0 / 3.0, 1e-15);
  EXPECT_EQ(spec.a, -spec.b);
}

TEST(TorchKaiming, ModeIsCaseInsensitiveAndNonlinearityIsUsed) {
  const shape_type shape = {30, 20};
  EXPECT_EQ(
      filled<float>(shape, [](auto w) { wt::kaiming_normal_(w, 0.0, "FAN_OUT", "relu", 5); }),
      filled<float>(shape, [](auto w) { wt::kaiming_normal_(w, 0.0, "fan_out", "relu", 5); }));
  EXPECT_EQ(wt::KaimingNormal(0.0, weightinit::fan_mode::fan_out, "tanh", 5).gain(), 5.0 / 3);
  // std = gain / sqrt(fan_out) with the tanh gain, exactly PyTorch's formula.
  EXPECT_EQ(wt::KaimingNormal(0.3, "fan_out", "tanh", 5).spec(shape).b,
            (5.0 / 3) / std::sqrt(30.0));
  EXPECT_EQ(wt::KaimingUniform(0.3, "fan_in", "leaky_relu", 5).spec(shape).b,
            std::sqrt(3.0) * (std::sqrt(2.0 / (1 + 0.3 * 0.3)) / std::sqrt(20.0)));
}

TEST(TorchFans, ErrorsOnInputsSmallerThan2d) {
  Eigen::Tensor<float, 0> t0;
  Eigen::Tensor<float, 1> t1(1);
  EXPECT_ERROR_MENTIONS(wt::xavier_uniform_(t0), "torch.xavier_uniform_", "shape", "()");
  EXPECT_ERROR_MENTIONS(wt::xavier_uniform_(t1), "torch.xavier_uniform_", "shape", "(1,)");
  EXPECT_ERROR_MENTIONS(wt::xavier_normal_(t0), "torch.xavier_normal_", "shape");
  EXPECT_ERROR_MENTIONS(wt::xavier_normal_(t1), "torch.xavier_normal_", "shape");
  EXPECT_ERROR_MENTIONS(wt::kaiming_uniform_(t0), "torch.kaiming_uniform_", "shape");
  EXPECT_ERROR_MENTIONS(wt::kaiming_uniform_(t1), "torch.kaiming_uniform_", "shape", "(1,)");
  EXPECT_ERROR_MENTIONS(wt::kaiming_normal_(t0), "torch.kaiming_normal_", "shape");
  EXPECT_ERROR_MENTIONS(wt::kaiming_normal_(t1), "torch.kaiming_normal_", "shape");
  EXPECT_ERROR_MENTIONS(wt::orthogonal_(t0), "torch.orthogonal_", "shape");
  EXPECT_ERROR_MENTIONS(wt::orthogonal_(t1), "torch.orthogonal_", "shape", "(1,)");
}

// test_kaiming_*_warning_on_0element_tensor: a no-op (PyTorch warns), before the fans, so
// even a 1-D empty tensor is accepted.
TEST(TorchKaiming, ZeroElementTensorIsANoOp) {
  Eigen::Tensor<float, 2> empty(0, 1);
  EXPECT_EQ(&wt::kaiming_uniform_(empty), &empty);
  EXPECT_EQ(&wt::kaiming_normal_(empty), &empty);
  Eigen::Tensor<float, 1> empty1(0);
  EXPECT_NO_THROW({ wt::kaiming_normal_(empty1); });
  EXPECT_THROW({ wt::xavier_normal_(empty1); }, weightinit::invalid_argument);  // rank first
}

// TestNNInitDevice.test_init_methods_zero_element: every function accepts a tensor whose
// dim 0 is 0 and returns it.
TEST(TorchAll, ZeroElementTensorsAreNoOps) {
  Eigen::Tensor<float, 2> t(0, 5);
  Eigen::Tensor<float, 3> k(0, 16, 5);
  EXPECT_EQ(&wt::uniform_(t), &t);
  EXPECT_EQ(&wt::normal_(t), &t);
  EXPECT_EQ(&wt::trunc_normal_(t), &t);
  EXPECT_EQ(&wt::constant_(t, 0.3), &t);
  EXPECT_EQ(&wt::ones_(t), &t);
  EXPECT_EQ(&wt::zeros_(t), &t);
  EXPECT_EQ(&wt::eye_(t), &t);
  EXPECT_EQ(&wt::dirac_(k), &k);
  EXPECT_EQ(&wt::xavier_uniform_(t), &t);
  EXPECT_EQ(&wt::xavier_normal_(t), &t);
  EXPECT_EQ(&wt::kaiming_uniform_(t), &t);
  EXPECT_EQ(&wt::kaiming_normal_(t), &t);
  EXPECT_EQ(&wt::orthogonal_(t), &t);
  EXPECT_EQ(&wt::sparse_(t, 0.1), &t);
  Eigen::Tensor<float, 2> both(0, 0);  // fan_in + fan_out == 0
  EXPECT_NO_THROW({ wt::xavier_uniform_(both); });
  EXPECT_NO_THROW({ wt::xavier_normal_(both); });
}

// test_init_methods_no_error with ALL_INIT_FNS' shapes: every function returns its target.
TEST(TorchAll, ReturnTheirTarget) {
  Eigen::Tensor<float, 2> t(3, 5);
  Eigen::Tensor<float, 3> k(3, 16, 5);
  EXPECT_EQ(&wt::uniform_(t), &t);
  EXPECT_EQ(&wt::trunc_normal_(t), &t);
  EXPECT_EQ(&wt::dirac_(k), &k);
  EXPECT_EQ(&wt::orthogonal_(t), &t);
  EXPECT_EQ(&wt::sparse_(t, 0.1), &t);
  std::mt19937 gen(1);
  EXPECT_EQ(&wt::kaiming_uniform_(t, 0.0, "fan_in", "leaky_relu", gen), &t);
}

// ---------------------------------------------------------------------------------------------
// sparse_ (test_sparse_only_works_on_2d_inputs, test_sparse_default_std).
// ---------------------------------------------------------------------------------------------
TEST(TorchSparse, DefaultStdAndZerosPerColumn) {
  python_random random;
  std::uint64_t seed = 1000;
  for (bool use_random_std : {true, false}) {
    const shape_type shape = random.sizes(2, 30, 35);
    const std::int64_t rows = shape[0], cols = shape[1];
    const double sparsity = random.uniform(0.1, 0.2);
    const double std = use_random_std ? random.uniform(0.01, 0.2) : 0.01;
    Eigen::MatrixXd w(rows, cols);
    if (use_random_std) {
      wt::sparse_(w, sparsity, std, ++seed);
    } else {
      wt::sparse_(w, sparsity, 0.01, ++seed);
    }
    const auto zeros = std::int64_t(std::ceil(sparsity * double(rows)));
    std::vector<double> nonzero;
    for (std::int64_t c = 0; c < cols; ++c) {
      std::int64_t column_zeros = 0;
      for (std::int64_t r = 0; r < rows; ++r) {
        if (w(r, c) == 0) {
          ++column_zeros;
        } else {
          nonzero.push_back(w(r, c));
        }
      }
      EXPECT_GE(column_zeros, zeros) << "column " << c;
    }
    EXPECT_TRUE(is_normal(nonzero, 0.0, std)) << "std " << std;
  }
}

TEST(TorchSparse, ZeroRowsAreUniformAndFixedBySeedAndIndex) {
  // 10 rows, 3 zeroed per column: each row is zeroed in 30% of the columns, binomially.
  const std::int64_t rows = 10, cols = 20000;
  const auto values = filled<float>({rows, cols}, [](auto w) { wt::sparse_(w, 0.3, 1.0, 77); });
  std::vector<std::int64_t> per_row(rows, 0);
  for (std::int64_t c = 0; c < cols; ++c) {
    std::int64_t column_zeros = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
      if (values[std::size_t(r * cols + c)] == 0.0f) {
        ++column_zeros;
        ++per_row[std::size_t(r)];
      }
    }
    ASSERT_EQ(column_zeros, 3) << "column " << c;
  }
  const double mean = 0.3 * cols, sd = std::sqrt(cols * 0.3 * 0.7);
  for (std::int64_t count : per_row) EXPECT_LT(std::abs(double(count) - mean), 6 * sd) << count;

  // A slice filled alone equals the same slice of the whole (also the zero pattern), and a
  // ColMajor matrix equals a RowMajor one.
  const std::int64_t r0 = 3, c0 = 11, h = 4, wdt = 7;
  Eigen::Tensor<float, 2, Eigen::RowMajor> part(h, wdt);
  wt::Sparse(0.3, 1.0, 77)(part, weightinit::slice_of{{rows, cols}, {r0, c0}});
  for (std::int64_t r = 0; r < h; ++r) {
    for (std::int64_t c = 0; c < wdt; ++c) {
      ASSERT_EQ(part(r, c), values[std::size_t((r0 + r) * cols + c0 + c)]);
    }
  }
  Eigen::MatrixXf col_major(rows, 50);
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major(rows, 50);
  wt::sparse_(col_major, 0.3, 1.0, 77);
  wt::sparse_(row_major, 0.3, 1.0, 77);
  EXPECT_EQ(col_major, row_major);
}

TEST(TorchSparse, OnlyWorksOn2dInputsAndValidParameters) {
  python_random random;
  for (int dims : {1, 3}) {
    const double sparsity = random.uniform(0.1, 0.9);
    const shape_type shape = random.sizes(dims, 1, 3);
    std::vector<float> data(std::size_t(numel(shape)));
    EXPECT_ERROR_MENTIONS(wt::sparse_(row_major_span<float>{data.data(), shape}, sparsity),
                          "torch.sparse_", "shape");
  }
  Eigen::MatrixXf w(4, 4);
  EXPECT_ERROR_MENTIONS(wt::sparse_(w, 1.5), "torch.sparse_", "sparsity", "1.5");
  EXPECT_ERROR_MENTIONS(wt::sparse_(w, -0.1), "torch.sparse_", "sparsity");
  EXPECT_ERROR_MENTIONS(wt::sparse_(w, std::nan("")), "torch.sparse_", "sparsity");
  EXPECT_ERROR_MENTIONS(wt::sparse_(w, 0.1, -1.0), "torch.sparse_", "std", "-1");
  wt::sparse_(w, 1.0, 1.0, 3);  // every row zeroed
  EXPECT_EQ(w, Eigen::MatrixXf::Zero(4, 4));
}

// ---------------------------------------------------------------------------------------------
// orthogonal_ (test_orthogonal): after flattening to (rows, prod(rest)), W^T W (rows > cols)
// or W W^T equals gain^2 I, atol 1e-6 (double; 1e-5 float).
// ---------------------------------------------------------------------------------------------
template <class T>
double orthogonality_error(const shape_type& shape, double gain, std::uint64_t seed) {
  using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const auto values = filled<T>(shape, [&](auto w) { wt::orthogonal_(w, gain, seed); });
  const std::int64_t rows = shape[0], cols = numel(shape) / rows;
  matrix w(rows, cols);
  for (std::int64_t i = 0; i < rows * cols; ++i) w.data()[i] = to_double(values[std::size_t(i)]);
  const matrix gram = rows > cols ? matrix(w.transpose() * w) : matrix(w * w.transpose());
  return (gram - gain * gain * matrix::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

TEST(TorchOrthogonal, IsOrthogonalAfterPyTorchsFlattening) {
  python_random random;
  std::uint64_t seed = 1100;
  for (bool use_gain : {true, false}) {
    for (const shape_type& shape :
         {shape_type{3, 4}, shape_type{4, 3}, shape_type{20, 2, 3, 4}, shape_type{2, 3, 4, 5}}) {
      const double gain = use_gain ? random.uniform(0.1, 2) : 1.0;
      SCOPED_TRACE(testing::Message()
                   << "shape " << weightinit::detail::to_text(shape) << ", gain " << gain);
      EXPECT_LE(orthogonality_error<double>(shape, gain, ++seed), 1e-6);
      EXPECT_LE(orthogonality_error<float>(shape, gain, ++seed), 1e-5);
    }
  }
}

TEST(TorchOrthogonal, FlattensTrailingDimsUnlikeKeras) {
  // (2, 3, 4, 5): PyTorch's rows are size(0) = 2 (orthonormal rows of length 60); Keras's
  // flattening would be (24, 5).
  const auto values = filled<double>({2, 3, 4, 5}, [](auto w) { wt::orthogonal_(w, 1.0, 3); });
  double dot = 0, norm0 = 0;
  for (std::size_t j = 0; j < 60; ++j) {
    dot += values[j] * values[60 + j];
    norm0 += values[j] * values[j];
  }
  EXPECT_NEAR(dot, 0.0, 1e-12);
  EXPECT_NEAR(norm0, 1.0, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Every function on half and bfloat16 targets (and the others).
// ---------------------------------------------------------------------------------------------
template <class T>
class TorchEveryType : public ::testing::Test {};
TYPED_TEST_SUITE(TorchEveryType, AllScalars);

TYPED_TEST(TorchEveryType, EveryFunctionWorks) {
  using T = TypeParam;
  const double eps = std::is_same_v<T, Eigen::bfloat16> ? 1.0 / 128
                     : std::is_same_v<T, Eigen::half>   ? 1.0 / 1024
                     : std::is_same_v<T, float>         ? 1.2e-7
                                                        : 2.3e-16;
  const shape_type shape = {64, 48};
  const auto in_range = [](const std::vector<T>& v, double lo, double hi) {
    for (const T& x : v) {
      if (!(to_double(x) >= lo && to_double(x) <= hi)) return false;
    }
    return true;
  };
  const auto u = filled<T>(shape, [](auto w) { wt::uniform_(w, -1.0, 3.0, 1); });
  EXPECT_TRUE(in_range(u, -1.0, 3.0));
  EXPECT_TRUE(std::none_of(u.begin(), u.end(), [](T x) { return to_double(x) == 3.0; }));
  EXPECT_TRUE(is_uniform(u, -1.0, 3.0));
  const auto n = filled<T>(shape, [](auto w) { wt::normal_(w, 1.0, 2.0, 2); });
  EXPECT_TRUE(is_normal(n, 1.0, 2.0));
  const auto tn = filled<T>(shape, [](auto w) { wt::trunc_normal_(w, 0.0, 1.0, -0.5, 1.5, 3); });
  EXPECT_TRUE(in_range(tn, -0.5, 1.5));
  EXPECT_TRUE(is_trunc_normal(tn, 0.0, 1.0, -0.5, 1.5));
  const auto c = filled<T>(shape, [](auto w) { wt::constant_(w, 0.25); });
  EXPECT_TRUE(in_range(c, 0.25, 0.25));
  EXPECT_TRUE(in_range(filled<T>(shape, [](auto w) { wt::ones_(w); }), 1.0, 1.0));
  EXPECT_TRUE(in_range(filled<T>(shape, [](auto w) { wt::zeros_(w); }), 0.0, 0.0));
  const auto e = filled<T>(shape, [](auto w) { wt::eye_(w); });
  for (std::int64_t i = 0; i < 64; ++i) {
    for (std::int64_t j = 0; j < 48; ++j) {
      ASSERT_EQ(to_double(e[std::size_t(i * 48 + j)]), i == j ? 1.0 : 0.0);
    }
  }
  const auto d = filled<T>({6, 4, 3, 3}, [](auto w) { wt::dirac_(w, 2); });
  EXPECT_EQ(std::count_if(d.begin(), d.end(), [](T x) { return to_double(x) == 1.0; }), 6);
  const double xavier_bound = std::sqrt(6.0 / (64 + 48));
  const auto xu = filled<T>(shape, [](auto w) { wt::xavier_uniform_(w, 1.0, 4); });
  EXPECT_TRUE(in_range(xu, -xavier_bound, xavier_bound));
  EXPECT_TRUE(is_uniform(xu, -xavier_bound, xavier_bound));
  EXPECT_TRUE(is_normal(filled<T>(shape, [](auto w) { wt::xavier_normal_(w, 2.0, 5); }), 0.0,
                        2.0 * std::sqrt(2.0 / (64 + 48))));
  const double kaiming_bound = std::sqrt(6.0 / 48);
  const auto ku =
      filled<T>(shape, [](auto w) { wt::kaiming_uniform_(w, 0.0, "fan_in", "leaky_relu", 6); });
  EXPECT_TRUE(in_range(ku, -kaiming_bound, kaiming_bound));
  EXPECT_TRUE(
      is_normal(filled<T>(shape, [](auto w) { wt::kaiming_normal_(w, 0.0, "fan_out", "relu", 7); }),
                0.0, std::sqrt(2.0 / 64)));
  // Orthogonal: computed in double and rounded once, so W W^T is gain^2 I up to rounding.
  EXPECT_LE(orthogonality_error<T>({16, 24}, 1.5, 8), 24 * 2.25 * 2 * eps);
  const auto sp = filled<T>(shape, [](auto w) { wt::sparse_(w, 0.25, 0.5, 9); });
  for (std::int64_t col = 0; col < 48; ++col) {
    std::int64_t zeros = 0;
    for (std::int64_t row = 0; row < 64; ++row)
      zeros += to_double(sp[std::size_t(row * 48 + col)]) == 0.0;
    ASSERT_GE(zeros, 16);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeds, generators, targets: the library's guarantees hold in the dialect.
// ---------------------------------------------------------------------------------------------
TEST(TorchSeeds, SeedFixesValuesAndObjectsEqualFunctions) {
  const shape_type shape = {8, 6, 3};
  const auto f1 = filled<float>(
      shape, [](auto w) { wt::kaiming_normal_(w, 0.2, "fan_out", "leaky_relu", 42); });
  const auto f2 = filled<float>(
      shape, [](auto w) { wt::kaiming_normal_(w, 0.2, "fan_out", "leaky_relu", 42); });
  EXPECT_EQ(f1, f2);
  EXPECT_EQ(f1, wt::KaimingNormal(0.2, "fan_out", "leaky_relu", 42).values<float>(shape));
  EXPECT_NE(f1, filled<float>(shape, [](auto w) {
              wt::kaiming_normal_(w, 0.2, "fan_out", "leaky_relu", 43);
            }));
  // Without a seed, every call draws a new one; set_global_seed makes the sequence repeat.
  weightinit::set_global_seed(5);
  const auto a1 = filled<float>(shape, [](auto w) { wt::normal_(w); });
  const auto a2 = filled<float>(shape, [](auto w) { wt::normal_(w); });
  weightinit::set_global_seed(5);
  const auto b1 = filled<float>(shape, [](auto w) { wt::normal_(w); });
  EXPECT_NE(a1, a2);
  EXPECT_EQ(a1, b1);
  // A generator does not advance the process-wide sequence.
  weightinit::set_global_seed(5);
  std::mt19937_64 gen(9);
  filled<float>(shape, [&](auto w) { wt::xavier_normal_(w, 1.0, gen); });
  EXPECT_EQ(a1, filled<float>(shape, [](auto w) { wt::normal_(w); }));
}

// Every random function takes a generator in place of the seed (PyTorch's generator=): the
// same engine state gives the same values, and the engine is consumed.
TEST(TorchSeeds, EveryRandomFunctionTakesAGenerator) {
  const shape_type shape = {12, 10};
  const auto twice = [&](auto fill) {
    std::mt19937 g1(3), g2(3);
    const auto first = filled<float>(shape, [&](auto w) { fill(w, g1); });
    const auto second = filled<float>(shape, [&](auto w) { fill(w, g2); });
    const auto third = filled<float>(shape, [&](auto w) { fill(w, g2); });  // advanced
    return first == second && first != third;
  };
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::uniform_(w, -1.0, 1.0, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::normal_(w, 0.0, 1.0, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::trunc_normal_(w, 0.0, 1.0, -0.3, 0.2, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::xavier_uniform_(w, 1.0, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::xavier_normal_(w, 1.0, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::kaiming_uniform_(w, 0.0, "fan_in", "relu", g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::kaiming_normal_(w, 0.0, "fan_in", "relu", g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::orthogonal_(w, 1.0, g); }));
  EXPECT_TRUE(twice([](auto w, auto& g) { wt::sparse_(w, 0.5, 1.0, g); }));
  std::mt19937 g(4);
  const auto sparse = filled<float>(shape, [&](auto w) { wt::sparse_(w, 0.5, 1.0, g); });
  for (std::int64_t c = 0; c < 10; ++c) {
    std::int64_t zeros = 0;
    for (std::int64_t r = 0; r < 12; ++r) zeros += sparse[std::size_t(r * 10 + c)] == 0.0f;
    EXPECT_EQ(zeros, 6);
  }
}

TEST(TorchSeeds, ValuesDoNotDependOnStorageOrTarget) {
  Eigen::Tensor<double, 4, Eigen::RowMajor> r(5, 4, 3, 2);
  Eigen::Tensor<double, 4, Eigen::ColMajor> c(5, 4, 3, 2);
  wt::trunc_normal_(r, 0.1, 0.5, -0.2, 0.9, 31);
  wt::trunc_normal_(c, 0.1, 0.5, -0.2, 0.9, 31);
  for (Eigen::Index i = 0; i < 5; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) {
      for (Eigen::Index k = 0; k < 3; ++k) {
        for (Eigen::Index l = 0; l < 2; ++l) ASSERT_EQ(r(i, j, k, l), c(i, j, k, l));
      }
    }
  }
  Eigen::MatrixXf m(7, 9);
  wt::orthogonal_(m, 1.0, 4);
  Eigen::Tensor<float, 2, Eigen::RowMajor> t(7, 9);
  wt::orthogonal_(t, 1.0, 4);
  for (Eigen::Index i = 0; i < 7; ++i) {
    for (Eigen::Index j = 0; j < 9; ++j) ASSERT_EQ(m(i, j), t(i, j));
  }
  Eigen::MatrixXf big = Eigen::MatrixXf::Zero(10, 10);
  wt::uniform_(big.block(2, 3, 7, 5), -1.0, 1.0, 8);  // a temporary block target
  EXPECT_EQ(big(0, 0), 0.0f);
  EXPECT_NE(big(2, 3), 0.0f);
}

// ---------------------------------------------------------------------------------------------
// Parameter errors: each names the function, the parameter and the value.
// ---------------------------------------------------------------------------------------------
TEST(TorchErrors, NameTheFunctionParameterAndValue) {
  Eigen::MatrixXf w(3, 4);
  EXPECT_ERROR_MENTIONS(wt::uniform_(w, 1.0, 0.0), "torch.uniform_", "b", "0");
  EXPECT_ERROR_MENTIONS(wt::uniform_(w, -inf, 0.0), "torch.uniform_", "a", "-inf");
  EXPECT_ERROR_MENTIONS(wt::normal_(w, 0.0, -1.0), "torch.normal_", "std", "-1");
  EXPECT_ERROR_MENTIONS(wt::normal_(w, std::nan(""), 1.0), "torch.normal_", "mean", "nan");
  EXPECT_ERROR_MENTIONS(wt::trunc_normal_(w, 0.0, 1.0, 1.0, -1.0), "torch.trunc_normal_", "b",
                        "-1");
  EXPECT_ERROR_MENTIONS(wt::trunc_normal_(w, 0.0, -0.5), "torch.trunc_normal_", "std", "-0.5");
  EXPECT_ERROR_MENTIONS(wt::trunc_normal_(w, 0.0, 1.0, -inf), "torch.trunc_normal_", "a", "-inf");
  EXPECT_ERROR_MENTIONS(wt::xavier_uniform_(w, -1.0), "torch.xavier_uniform_", "gain", "-1");
  EXPECT_ERROR_MENTIONS(wt::kaiming_normal_(w, 0.0, "fan_avg"), "torch.kaiming_normal_", "mode",
                        "fan_avg");
  EXPECT_ERROR_MENTIONS(wt::KaimingUniform(0.0, weightinit::fan_mode::fan_avg),
                        "torch.kaiming_uniform_", "mode");
  EXPECT_ERROR_MENTIONS(wt::kaiming_uniform_(w, 0.0, "fan_in", "gelu"), "torch.kaiming_uniform_",
                        "nonlinearity", "gelu");
  EXPECT_ERROR_MENTIONS(wt::kaiming_uniform_(w, inf), "torch.kaiming_uniform_", "a", "inf");
  EXPECT_ERROR_MENTIONS(wt::orthogonal_(w, std::nan("")), "torch.orthogonal_", "gain", "nan");
  // No value of the type in the interval.
  Eigen::Matrix<Eigen::half, 2, 2> h;
  EXPECT_ERROR_MENTIONS(wt::trunc_normal_(h, 0.0, 1.0, 1.0001, 1.0002), "torch.trunc_normal_",
                        "float16");
}

}  // namespace
