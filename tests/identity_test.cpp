// Identity (identity.hpp): exact (rectangular) identity times gain; non-2-D shapes rejected.
#include <gtest/gtest.h>

#include "weightinit/identity.hpp"

namespace {

using namespace weightinit;

TEST(Identity, SquareAndRectangularAreExact) {
  for (const auto& [rows, cols] : {std::pair{3, 3}, {2, 5}, {5, 2}, {1, 1}}) {
    Eigen::MatrixXd m(rows, cols);
    Identity(2.0)(m);
    EXPECT_EQ(m, 2.0 * Eigen::MatrixXd::Identity(rows, cols)) << rows << "x" << cols;
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r(rows, cols);
    Identity()(r);
    EXPECT_EQ(r, (Eigen::MatrixXf::Identity(rows, cols)));
  }
  const Eigen::Tensor<Eigen::bfloat16, 2> t = Identity(0.5).make<Eigen::bfloat16>({2, 3});
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(float(t(i, j)), i == j ? 0.5f : 0.0f);
}

TEST(Identity, OnlyTwoDimensionalShapes) {
  for (const shape_type& bad : {shape_type{3}, shape_type{2, 2, 2}, shape_type{}}) {
    try {
      Identity().values<float>(bad);
      FAIL();
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("Identity"), std::string::npos) << what;
      EXPECT_NE(what.find("shape"), std::string::npos) << what;
    }
  }
  EXPECT_THROW(Identity{std::nan("")}, std::invalid_argument);
}

}  // namespace
