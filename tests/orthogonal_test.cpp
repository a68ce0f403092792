// Orthogonal (orthogonal.hpp): W^T W = gain^2 I (or W W^T) after Keras's flattening, for
// square, tall, wide and N-D shapes in every scalar type; Haar distribution checks; errors;
// the blocked float path for large matrices (detail/householder.hpp): accuracy, agreement
// with the double path, independence of the thread count, concurrent first calls.
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/orthogonal.hpp"

namespace {

using namespace weightinit;
using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The flattened (prod(shape[:-1]), shape[-1]) matrix of a row-major fill.
template <class T>
matrix flattened(const Orthogonal& init, const shape_type& shape) {
  const std::vector<T> values = init.values<T>(shape);
  const std::int64_t cols = shape.back();
  const std::int64_t rows = std::int64_t(values.size()) / cols;
  matrix w(rows, cols);
  for (std::int64_t i = 0; i < rows * cols; ++i) {
    const T v = values[std::size_t(i)];
    if constexpr (std::is_same_v<T, double>) {
      w.data()[i] = v;
    } else {
      w.data()[i] = double(static_cast<float>(v));
    }
  }
  return w;
}

double orthogonality_error(const matrix& w, double gain) {
  const matrix gram = w.rows() >= w.cols() ? matrix(w.transpose() * w) : matrix(w * w.transpose());
  return (gram - gain * gain * matrix::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

const std::vector<shape_type> kShapes = {{5, 5},      {3, 4},        {4, 3},
                                         {64, 16},    {16, 64},      {10, 9, 8},
                                         {100, 5, 5}, {20, 2, 3, 4}, {2, 3, 4, 5}};

TEST(Orthogonal, DoubleIsOrthogonalWithin1e12) {
  for (const auto& shape : kShapes) {
    for (double gain : {1.0, 2.0, 0.5}) {
      EXPECT_LT(orthogonality_error(flattened<double>(Orthogonal(gain, 7), shape), gain), 1e-12)
          << "gain " << gain;
    }
  }
}

TEST(Orthogonal, FloatIsOrthogonalWithin1e5) {
  for (const auto& shape : kShapes) {
    EXPECT_LT(orthogonality_error(flattened<float>(Orthogonal(1.0, 11), shape), 1.0), 1e-5);
    EXPECT_LT(orthogonality_error(flattened<float>(Orthogonal(2.0, 11), shape), 2.0), 4e-5);
  }
}

TEST(Orthogonal, HalfTypesAreComputedInDoubleThenRounded) {
  // Rounding error only: within a few half / bfloat16 ulps of the double result.
  for (const auto& shape : kShapes) {
    const matrix exact = flattened<double>(Orthogonal(1.0, 3), shape);
    const matrix half = flattened<Eigen::half>(Orthogonal(1.0, 3), shape);
    const matrix bf16 = flattened<Eigen::bfloat16>(Orthogonal(1.0, 3), shape);
    EXPECT_LE((half - exact).cwiseAbs().maxCoeff(), std::ldexp(1.0, -11));
    EXPECT_LE((bf16 - exact).cwiseAbs().maxCoeff(), std::ldexp(1.0, -8));
  }
}

TEST(Orthogonal, MatricesAndSlicesAgreeWithTheFlatValues) {
  const Orthogonal init(1.0, 21);
  const std::vector<float> flat = init.values<float>({6, 4});
  Eigen::MatrixXf col_major(6, 4);
  init(col_major);
  Eigen::MatrixXf part(2, 4);
  init(part, slice_of{{6, 4}, {3, 0}});
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(col_major(i, j), flat[std::size_t(i * 4 + j)]);
      if (i >= 3 && i < 5) {
        EXPECT_EQ(part(i - 3, j), flat[std::size_t(i * 4 + j)]);
      }
    }
}

TEST(Orthogonal, SignFixMakesTheFirstEntryDistributionSymmetric) {
  // Haar measure on O(n) is invariant under negating any row, so each entry of a 3 x 3 Haar
  // matrix is symmetric about 0, with E[w_ij^2] = 1/3. Without the sign(diag R) fix the
  // diagonal of Q would be biased positive. 4000 draws: the mean of w_00 has standard error
  // sqrt(1/3 / 4000) = 0.0091; we allow 5 standard errors (false failure ~ 6e-7).
  const int draws = 4000;
  double sum_diag = 0, sum_sq = 0;
  for (int s = 0; s < draws; ++s) {
    const std::vector<double> w = Orthogonal(1.0, seed_type(s)).values<double>({3, 3});
    sum_diag += w[0];
    sum_sq += w[0] * w[0];
  }
  EXPECT_LT(std::abs(sum_diag / draws), 5 * std::sqrt(1.0 / 3 / draws));
  // Var(w^2) <= E[w^4] = 1/5 for the sphere coordinate; 5 standard errors.
  EXPECT_LT(std::abs(sum_sq / draws - 1.0 / 3), 5 * std::sqrt(0.2 / draws));
}

TEST(Orthogonal, SeedSemantics) {
  EXPECT_EQ(Orthogonal(1.0, 5).values<float>({4, 4}), Orthogonal(1.0, 5).values<float>({4, 4}));
  EXPECT_NE(Orthogonal(1.0, 5).values<float>({4, 4}), Orthogonal(1.0, 6).values<float>({4, 4}));
  const Orthogonal unseeded;
  EXPECT_EQ(unseeded.values<float>({4, 4}), unseeded.values<float>({4, 4}));
}

TEST(Orthogonal, RankBelowTwoAndBadGainAreRejected) {
  for (const shape_type& bad : {shape_type{5}, shape_type{}}) {
    try {
      Orthogonal(1.0, 1).values<float>(bad);
      FAIL();
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("Orthogonal"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("rank"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(Orthogonal{std::numeric_limits<double>::infinity()}, std::invalid_argument);
  EXPECT_EQ(Orthogonal().gain(), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Large matrices: min(rows, cols) >= 128 with a float, half or bfloat16 target take the
// blocked float QR; float64 keeps Eigen's QR in double.

const std::vector<shape_type> kLargeShapes = {{256, 256}, {300, 128}, {128, 300}, {2, 100, 160}};

// Restores the thread setting at the end of a test.
struct thread_setting {
  explicit thread_setting(unsigned threads) : previous(set_orthogonal_threads(threads)) {}
  ~thread_setting() { set_orthogonal_threads(previous); }
  unsigned previous;
};

TEST(OrthogonalLarge, TakesTheBlockedPathFromMinDimension128ForFloatTargets) {
  EXPECT_TRUE(Orthogonal(1.0, 1).sampler<float>({128, 400}).blocked());
  EXPECT_TRUE(Orthogonal(1.0, 1).sampler<Eigen::bfloat16>({2, 64, 128}).blocked());
  EXPECT_FALSE(Orthogonal(1.0, 1).sampler<float>({127, 400}).blocked());
  EXPECT_FALSE(Orthogonal(1.0, 1).sampler<double>({1024, 1024}).blocked());
  EXPECT_FALSE(Orthogonal(1.0, 1).sampler<float>({2, 3}).blocked());  // the golden values' path
}

TEST(OrthogonalLarge, FloatIsOrthogonalWithin1e5) {
  for (const auto& shape : kLargeShapes) {
    for (double gain : {1.0, 1.5}) {
      EXPECT_LT(orthogonality_error(flattened<float>(Orthogonal(gain, 31), shape), gain),
                1e-5 * gain * gain)
          << detail::to_text(shape) << " gain " << gain;
    }
  }
  EXPECT_LT(orthogonality_error(flattened<float>(Orthogonal(1.0, 32), {640, 512}), 1.0), 1e-5);
}

TEST(OrthogonalLarge, DoubleIsOrthogonalWithin1e12) {
  for (const auto& shape : kLargeShapes) {
    EXPECT_LT(orthogonality_error(flattened<double>(Orthogonal(2.0, 33), shape), 2.0), 4e-12)
        << detail::to_text(shape);
  }
}

TEST(OrthogonalLarge, FloatAgreesWithTheDoublePathWithin1e5) {
  // The same Gaussian matrix, the same sign(diag R) fix: the blocked float result differs
  // from the double one by rounding error only (measured: at most 4.2e-6 at 1024 x 1024).
  for (const auto& shape : kLargeShapes) {
    const matrix exact = flattened<double>(Orthogonal(1.0, 34), shape);
    const matrix fast = flattened<float>(Orthogonal(1.0, 34), shape);
    EXPECT_LT((fast - exact).cwiseAbs().maxCoeff(), 1e-5) << detail::to_text(shape);
  }
}

TEST(OrthogonalLarge, HalfTypesAreTheFloatResultRounded) {
  for (const auto& shape : kLargeShapes) {
    const Orthogonal init(0.8, 35);
    const std::vector<float> f = init.values<float>(shape);
    const std::vector<Eigen::bfloat16> bf16 = init.values<Eigen::bfloat16>(shape);
    const std::vector<Eigen::half> half = init.values<Eigen::half>(shape);
    for (std::size_t i = 0; i < f.size(); ++i) {
      ASSERT_EQ(Eigen::numext::bit_cast<std::uint16_t>(bf16[i]),
                Eigen::numext::bit_cast<std::uint16_t>(Eigen::bfloat16(f[i])))
          << detail::to_text(shape) << " [" << i << "]";
      ASSERT_EQ(Eigen::numext::bit_cast<std::uint16_t>(half[i]),
                Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(f[i])))
          << detail::to_text(shape) << " [" << i << "]";
    }
    // bfloat16 keeps 8 bits: W^T W = gain^2 I up to a few of its ulps.
    EXPECT_LT(orthogonality_error(flattened<Eigen::bfloat16>(init, shape), 0.8), 1e-2);
  }
}

TEST(OrthogonalLarge, SignFixMakesTheTraceCentred) {
  // The trace of a Haar orthogonal matrix has mean 0 and variance 1. Householder's Q without
  // the sign(diag R) fix has a trace near -sqrt(8 n / pi) (about -18 at n = 128).
  double sum = 0;
  for (seed_type s = 0; s < 4; ++s) sum += flattened<float>(Orthogonal(1.0, s), {128, 128}).trace();
  EXPECT_LT(std::abs(sum), 10.0);  // 5 standard deviations of a sum of 4 traces
}

TEST(OrthogonalLarge, ValuesDoNotDependOnTheThreadCount) {
  for (const shape_type& shape : {shape_type{300, 200}, shape_type{160, 520}}) {
    std::vector<std::vector<float>> runs;
    for (unsigned threads : {1u, 2u, 3u, 8u, 0u}) {
      const thread_setting setting(threads);
      runs.push_back(Orthogonal(1.0, 36).values<float>(shape));
    }
    for (std::size_t r = 1; r < runs.size(); ++r) {
      EXPECT_EQ(0, std::memcmp(runs[0].data(), runs[r].data(), runs[0].size() * sizeof(float)))
          << detail::to_text(shape) << " run " << r;
    }
  }
}

TEST(OrthogonalLarge, ValuesDoNotDependOnTheKernels) {
  // Baseline, AVX2 and AVX-512 kernels (those this machine has) give the same bits.
  std::vector<std::vector<float>> runs;
  for (int cap : {2, 1, 0}) {
    detail::householder_kernel_cap() = cap;
    runs.push_back(Orthogonal(1.0, 38).values<float>({260, 200}));
  }
  detail::householder_kernel_cap() = 2;
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

TEST(OrthogonalLarge, FirstCallsFromSeveralThreadsAgree) {
  // generate() may be called concurrently on a fresh sampler: one thread computes the matrix,
  // the others wait for it.
  const Orthogonal init(1.0, 37);
  const shape_type shape{256, 192};
  const std::vector<float> expected = init.values<float>(shape);
  const auto sampler = init.sampler<float>(shape);
  std::vector<float> got(expected.size());
  std::vector<std::thread> threads;
  const std::uint64_t part = expected.size() / 4;
  for (std::uint64_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      detail::philox_source source(37);
      sampler.generate(t * part, part, got.data() + t * part, source);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(got, expected);
}

TEST(OrthogonalLarge, EnginesAreConsumedInOrder) {
  // A sequential engine draws the Gaussian matrix in one pass, as on the exact path.
  std::mt19937 a(5), b(5);
  Eigen::MatrixXf m1(200, 150), m2(200, 150);
  Orthogonal(1.0, 1)(m1, a);
  Orthogonal(1.0, 1)(m2, b);
  EXPECT_EQ(m1, m2);
  EXPECT_LT(orthogonality_error(m1.cast<double>(), 1.0), 1e-5);
}

}  // namespace
