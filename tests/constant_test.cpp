// Zeros, Ones, Constant (constant.hpp): exact values for every scalar type and target.
#include <cmath>
#include <limits>
#include <type_traits>

#include <gtest/gtest.h>

#include "weightinit/constant.hpp"

namespace {

using namespace weightinit;

template <class T>
class ConstantInitializers : public ::testing::Test {};
using ScalarTypes = ::testing::Types<float, double, Eigen::half, Eigen::bfloat16>;
TYPED_TEST_SUITE(ConstantInitializers, ScalarTypes);

TYPED_TEST(ConstantInitializers, FillExactly) {
  using T = TypeParam;
  for (const T v : Zeros().values<T>({3, 3})) EXPECT_EQ(float(v), 0.0f);
  for (const T v : Ones().values<T>({3, 3})) EXPECT_EQ(float(v), 1.0f);
  for (const T v : Constant(6.0).values<T>({3, 3})) EXPECT_EQ(float(v), 6.0f);
  // A value that is not representable is rounded to nearest (half types via float, as all
  // their values are computed).
  const T expected = std::is_same_v<T, double> ? T(0.1) : T(0.1f);
  for (const T v : Constant(0.1).values<T>({4})) EXPECT_EQ(v, expected) << float(v);
}

TEST(Constant, DefaultsAreKeras) {
  EXPECT_EQ(Constant().value(), 0.0);
  const Eigen::Tensor<float, 2> t = Constant(3.0)({2, 2});  // the notebook's Constant(3)
  for (int i = 0; i < 4; ++i) EXPECT_EQ(t.data()[i], 3.0f);
}

TEST(Constant, NonFiniteValuesAreRejectedWithTheirValue) {
  for (double bad : {std::numeric_limits<double>::infinity(), std::nan("")}) {
    try {
      Constant c(bad);
      FAIL() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("Constant"), std::string::npos) << what;
      EXPECT_NE(what.find("value"), std::string::npos) << what;
      EXPECT_TRUE(what.find("inf") != std::string::npos || what.find("nan") != std::string::npos)
          << what;
    }
  }
}

}  // namespace
