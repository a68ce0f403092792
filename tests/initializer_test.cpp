// The calls every initializer offers (initializer.hpp): new tensors, in-place fills of every
// Eigen target kind and storage order, slices, and pluggable engines. The property under test
// is the value contract: an element's value depends on its logical row-major index, never on
// the storage order, the kind of target or how the tensor is split.
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/weightinit.hpp"

namespace {

using namespace weightinit;

// Every elementwise random initializer, for typed tests.
template <class Init>
class ElementwiseInitializer : public ::testing::Test {
 protected:
  Init init{make()};
  static Init make() {
    if constexpr (std::is_same_v<Init, RandomNormal> || std::is_same_v<Init, TruncatedNormal>) {
      return Init(0.5, 2.0, 1234);
    } else if constexpr (std::is_same_v<Init, RandomUniform>) {
      return Init(-1.0, 3.0, 1234);
    } else {
      return Init(1234);
    }
  }
};
using ElementwiseTypes =
    ::testing::Types<RandomNormal, RandomUniform, TruncatedNormal, GlorotNormal, GlorotUniform,
                     HeNormal, HeUniform, LecunNormal, LecunUniform>;
TYPED_TEST_SUITE(ElementwiseInitializer, ElementwiseTypes);

TYPED_TEST(ElementwiseInitializer, RowMajorAndColMajorTensorsAgreeElementByElement) {
  Eigen::Tensor<float, 3, Eigen::RowMajor> row(4, 5, 6);
  Eigen::Tensor<float, 3, Eigen::ColMajor> col(4, 5, 6);
  this->init(row);
  this->init(col);
  const std::vector<float> flat = this->init.template values<float>({4, 5, 6});
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 6; ++k) {
        ASSERT_EQ(row(i, j, k), col(i, j, k));
        ASSERT_EQ(row(i, j, k), flat[std::size_t((i * 5 + j) * 6 + k)]);
      }
}

TYPED_TEST(ElementwiseInitializer, MatricesArraysMapsAndBlocksFollowTheLogicalIndex) {
  const std::vector<double> flat = this->init.template values<double>({7, 9});
  Eigen::MatrixXd col_major(7, 9);
  Eigen::Matrix<double, 7, 9, Eigen::RowMajor> row_major;
  Eigen::ArrayXXd array(7, 9);
  std::vector<double> storage(7 * 9);
  Eigen::Map<Eigen::MatrixXd> map(storage.data(), 7, 9);
  this->init(col_major);
  this->init(row_major);
  this->init(array);
  this->init(map);
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 9; ++j) {
      const double expected = flat[std::size_t(i * 9 + j)];
      ASSERT_EQ(col_major(i, j), expected);
      ASSERT_EQ(row_major(i, j), expected);
      ASSERT_EQ(array(i, j), expected);
      ASSERT_EQ(map(i, j), expected);
    }
  // A block is a (rows, cols) target of its own: it gets the values of a 3 x 4 tensor.
  Eigen::MatrixXd big = Eigen::MatrixXd::Constant(10, 10, -7.0);
  this->init(big.block(2, 3, 3, 4));
  const std::vector<double> small = this->init.template values<double>({3, 4});
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) {
      const bool inside = i >= 2 && i < 5 && j >= 3 && j < 7;
      ASSERT_EQ(big(i, j), inside ? small[std::size_t((i - 2) * 4 + (j - 3))] : -7.0);
    }
}

TYPED_TEST(ElementwiseInitializer, StridedMapsAndTensorMaps) {
  const std::vector<float> flat = this->init.template values<float>({5, 3});
  std::vector<float> storage(40, -1.0f);
  Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>> strided(storage.data(), 5, 3,
                                                               Eigen::OuterStride<>(8));
  this->init(strided);
  std::vector<float> tensor_storage(15);
  Eigen::TensorMap<Eigen::Tensor<float, 2>> tensor_map(tensor_storage.data(), 5, 3);
  this->init(tensor_map);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) {
      ASSERT_EQ(strided(i, j), flat[std::size_t(i * 3 + j)]);
      ASSERT_EQ(tensor_map(i, j), flat[std::size_t(i * 3 + j)]);
    }
  EXPECT_EQ(storage[5], -1.0f);  // the gap between strided columns is untouched
}

TYPED_TEST(ElementwiseInitializer, ShapeCallMatchesInPlaceFill) {
  const Eigen::Tensor<float, 2> made = this->init({6, 4});
  Eigen::Tensor<float, 2> filled(6, 4);
  this->init(filled);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) ASSERT_EQ(made(i, j), filled(i, j));
  const Eigen::Tensor<double, 1> made_double = this->init.template make<double>({11});
  const std::vector<double> flat = this->init.template values<double>({11});
  for (int i = 0; i < 11; ++i) ASSERT_EQ(made_double(i), flat[std::size_t(i)]);
}

TYPED_TEST(ElementwiseInitializer, EverySliceEqualsTheSameSliceOfTheWhole) {
  const shape_type global{6, 7, 5};
  const std::vector<float> whole = this->init.template values<float>(global);
  // Slices that cut every dimension, that are single elements, rows, and full.
  const std::vector<std::pair<shape_type, shape_type>> slices = {
      {{0, 0, 0}, {6, 7, 5}}, {{1, 2, 3}, {2, 3, 2}}, {{5, 6, 4}, {1, 1, 1}},
      {{0, 3, 0}, {6, 4, 5}}, {{2, 0, 0}, {3, 7, 5}}, {{0, 0, 1}, {6, 7, 3}}};
  for (const auto& [offsets, extents] : slices) {
    Eigen::Tensor<float, 3> part(extents[0], extents[1], extents[2]);  // ColMajor on purpose
    this->init(part, slice_of{global, offsets});
    for (std::int64_t i = 0; i < extents[0]; ++i)
      for (std::int64_t j = 0; j < extents[1]; ++j)
        for (std::int64_t k = 0; k < extents[2]; ++k) {
          const std::int64_t g =
              ((offsets[0] + i) * global[1] + offsets[1] + j) * global[2] + offsets[2] + k;
          ASSERT_EQ(part(i, j, k), whole[std::size_t(g)])
              << "slice at " << offsets[0] << "," << offsets[1] << "," << offsets[2];
        }
  }
}

TYPED_TEST(ElementwiseInitializer, RowChunksOfARawBufferEqualTheWhole) {
  // Filling a row-major buffer in row blocks of any size (as threads or shards would).
  const shape_type global{13, 8};
  const std::vector<float> whole = this->init.template values<float>(global);
  for (std::int64_t rows_per_chunk : {1, 3, 5, 13}) {
    std::vector<float> chunked(whole.size());
    for (std::int64_t r = 0; r < 13; r += rows_per_chunk) {
      const std::int64_t n = std::min<std::int64_t>(rows_per_chunk, 13 - r);
      this->init(row_major_span<float>{chunked.data() + r * 8, {n, 8}}, slice_of{global, {r, 0}});
    }
    ASSERT_EQ(chunked, whole) << rows_per_chunk;
  }
}

TYPED_TEST(ElementwiseInitializer, SameSeedSameValuesOnEveryCallAndEveryCopy) {
  const auto copy = this->init;
  EXPECT_EQ(this->init.template values<float>({50}), this->init.template values<float>({50}));
  EXPECT_EQ(copy.template values<float>({50}), this->init.template values<float>({50}));
  const TypeParam other = [] {
    if constexpr (std::is_same_v<TypeParam, RandomNormal> ||
                  std::is_same_v<TypeParam, TruncatedNormal>) {
      return TypeParam(0.5, 2.0, 1235);
    } else if constexpr (std::is_same_v<TypeParam, RandomUniform>) {
      return TypeParam(-1.0, 3.0, 1235);
    } else {
      return TypeParam(1235);
    }
  }();
  EXPECT_NE(other.template values<float>({50}), this->init.template values<float>({50}));
}

TYPED_TEST(ElementwiseInitializer, AnyEngineCanBePluggedInAndIsConsumedSequentially) {
  std::mt19937 a(99), b(99);
  Eigen::MatrixXf first(6, 5), second(6, 5);
  this->init(first, a);
  this->init(second, b);
  EXPECT_EQ(first, second);  // same engine state, same values
  this->init(second, b);
  EXPECT_NE(first, second);  // the engine advanced
  // 64-bit and narrow-range engines work too.
  std::mt19937_64 wide(5);
  std::minstd_rand narrow(5);
  Eigen::Tensor<double, 2> t(4, 4);
  this->init(t, wide);
  this->init(t, narrow);
}

TEST(Initializer, HalfTypesAreFilledLikeFloatThenRounded) {
  // float, half and bfloat16 share the float computation: half values are float values
  // rounded to nearest.
  const RandomUniform init(-2.0, 2.0, 77);
  const auto f = init.values<float>({1000});
  const auto h = init.values<Eigen::half>({1000});
  const auto b = init.values<Eigen::bfloat16>({1000});
  for (std::size_t i = 0; i < f.size(); ++i) {
    ASSERT_EQ(float(h[i]), float(Eigen::half(f[i])));
    ASSERT_EQ(float(b[i]), float(Eigen::bfloat16(f[i])));
  }
}

TEST(Initializer, RankZeroAndEmptyTensors) {
  Eigen::Tensor<float, 0> scalar;
  Constant(2.5)(scalar);
  EXPECT_EQ(scalar(), 2.5f);
  RandomNormal(0.0, 1.0, 3)(scalar);
  EXPECT_EQ(scalar(), RandomNormal(0.0, 1.0, 3).values<float>({})[0]);
  Eigen::Tensor<float, 2> empty(0, 5);
  GlorotUniform(1)(empty);  // nothing to do, no error
  Eigen::MatrixXd none(3, 0);
  Orthogonal(1.0, 1)(none);
  EXPECT_EQ(HeNormal(1).values<float>({4, 0}).size(), 0u);
}

TEST(Initializer, BadSlicesAreRejectedWithTheirValues) {
  Eigen::Tensor<float, 2> part(2, 3);
  const RandomNormal init(0.0, 1.0, 1);
  EXPECT_THROW(init(part, slice_of{{4, 4}, {3, 0}}), std::invalid_argument);  // past the end
  EXPECT_THROW(init(part, slice_of{{4, 4}, {-1, 0}}), std::invalid_argument);
  EXPECT_THROW(init(part, slice_of{{4, 4, 1}, {0, 0, 0}}), std::invalid_argument);  // rank
  try {
    init(part, slice_of{{4, 4}, {0, 2}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("RandomNormal"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("offsets"), std::string::npos) << e.what();
  }
}

TEST(Initializer, OverflowingShapesAreRejected) {
  try {
    RandomNormal(0.0, 1.0, 1).values<float>({std::int64_t(1) << 40, std::int64_t(1) << 40});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("shape"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Zeros().values<float>({3, -2}), std::invalid_argument);
}

TEST(Initializer, ConstantInitializersAcceptIntegerTargets) {
  Eigen::Tensor<int, 2> t(2, 3);
  Ones()(t);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(t.data()[i], 1);
  Eigen::Matrix<std::int64_t, 2, 2> m;
  Constant(7.0)(m);
  EXPECT_EQ(m(1, 1), 7);
  Zeros()(m);
  EXPECT_EQ(m.sum(), 0);
}

}  // namespace
