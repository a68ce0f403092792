// compute_fans: Keras's rules (keras/src/initializers/random_initializers.py compute_fans and
// its tests), PyTorch's (_calculate_fan_in_and_fan_out) and explicit axes. Expected values are
// written from those rules by hand, independently of the implementation.
#include <gtest/gtest.h>

#include "weightinit/fans.hpp"

namespace {

using weightinit::compute_fans;
using weightinit::fan_convention;
using weightinit::fan_rule;
using weightinit::fans;
using weightinit::shape_type;

TEST(ComputeFans, KerasRankZeroAndOne) {
  EXPECT_EQ(compute_fans({}), (fans{1, 1}));
  EXPECT_EQ(compute_fans({7}), (fans{7, 7}));
}

TEST(ComputeFans, KerasDenseKernelIsInOut) {
  EXPECT_EQ(compute_fans({784, 256}), (fans{784, 256}));
}

TEST(ComputeFans, KerasConvKernelsMultiplyTheReceptiveField) {
  // Conv2D kernel (kh, kw, in, out): receptive field kh * kw.
  EXPECT_EQ(compute_fans({3, 5, 16, 32}), (fans{3 * 5 * 16, 3 * 5 * 32}));
  // Keras's (512, 8, 64) without axes: receptive field 512.
  EXPECT_EQ(compute_fans({512, 8, 64}), (fans{512 * 8, 512 * 64}));
  EXPECT_EQ(compute_fans({2, 3, 4, 5, 6}), (fans{2 * 3 * 4 * 5, 2 * 3 * 4 * 6}));
}

TEST(ComputeFans, KerasExplicitAxesAsInKeras316Tests) {
  EXPECT_EQ(compute_fans({512, 8, 64}, {0}, {1, 2}), (fans{512, 512}));
  EXPECT_EQ(compute_fans({512, 8, 64}, {0, 1}, {2}), (fans{4096, 64}));
  EXPECT_EQ(compute_fans({512, 8, 64}, {-3}, {-1}), (fans{512, 64}));  // unnamed axis ignored
  EXPECT_EQ(compute_fans({32, 4, 16}, {0}, {1, 2}), (fans{32, 64}));
}

TEST(ComputeFans, TorchLayoutIsOutInKernel) {
  EXPECT_EQ(compute_fans({256, 784}, fan_convention::torch), (fans{784, 256}));
  // Conv2d weight (out, in, kh, kw).
  EXPECT_EQ(compute_fans({64, 32, 3, 3}, fan_convention::torch), (fans{32 * 9, 64 * 9}));
  EXPECT_EQ(compute_fans({8, 4, 5}, fan_convention::torch), (fans{4 * 5, 8 * 5}));
}

TEST(ComputeFans, TorchRejectsRankBelowTwo) {
  EXPECT_THROW(compute_fans({5}, fan_convention::torch), std::invalid_argument);
  EXPECT_THROW(compute_fans({}, fan_convention::torch), std::invalid_argument);
}

TEST(ComputeFans, ZeroSizedDimensionsGiveZeroFans) {
  EXPECT_EQ(compute_fans({0, 5}), (fans{0, 5}));
  EXPECT_EQ(compute_fans({3, 0, 4}), (fans{0 * 3, 4 * 3}));
}

TEST(ComputeFans, BadShapesAndAxesNameTheProblem) {
  try {
    compute_fans({2, -1});
    FAIL() << "negative dimension accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("shape"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("-1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(compute_fans({1 << 30, 1 << 30, 1 << 30}), std::invalid_argument);  // overflow
  // A zero dimension does not hide an overflowing receptive field.
  EXPECT_THROW(compute_fans({0, std::int64_t{1} << 40, std::int64_t{1} << 40}),
               std::invalid_argument);
  EXPECT_THROW(
      compute_fans({std::int64_t{1} << 40, std::int64_t{1} << 40, 0, 3}, fan_convention::torch),
      std::invalid_argument);
  try {
    compute_fans({4, 5}, {2}, {1});
    FAIL() << "axis out of range accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("input_axes"), std::string::npos) << e.what();
  }
  EXPECT_THROW(compute_fans({4, 5}, {0}, {0}), std::invalid_argument);  // repeated axis
}

TEST(FanRule, AxesReplaceTheConventionWhenSet) {
  fan_rule rule;
  EXPECT_EQ(rule({512, 8, 64}), (fans{4096, 32768}));
  rule.use_axes = true;
  rule.input_axes = {0};
  rule.output_axes = {1, 2};
  EXPECT_EQ(rule({512, 8, 64}), (fans{512, 512}));
  fan_rule torch{fan_convention::torch, false, {}, {}};
  EXPECT_EQ(torch({64, 32, 3, 3}), (fans{288, 576}));
}

}  // namespace
