// Orthogonal (orthogonal.hpp): W^T W = gain^2 I (or W W^T) after Keras's flattening, for
// square, tall, wide and N-D shapes in every scalar type; Haar distribution checks; errors.
#include <cmath>
#include <numeric>
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

}  // namespace
