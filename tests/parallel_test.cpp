// Parallel fills (parallel.hpp): the property under test is that the thread count never
// changes a value. Grains of a few elements force many threads onto small tensors, with range
// boundaries falling inside Philox blocks, inside runs of a slice and inside the chunks of
// non-contiguous targets.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/checks.hpp"
#include "weightinit/weightinit.hpp"

namespace {

using namespace weightinit;
using weightinit::test::expect_invalid;

template <class T>
std::vector<T> parallel_values(const Initializer& init, const shape_type& shape, parallel p) {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  std::vector<T> data(static_cast<std::size_t>(n));
  init(row_major_span<T>{data.data(), shape}, p);
  return data;
}

template <class T>
void expect_same_bits(const std::vector<T>& a, const std::vector<T>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(std::memcmp(&a[i], &b[i], sizeof(T)) == 0) << what << " at " << i;
  }
}

std::vector<Initializer> every_kind() {
  return {RandomNormal(0.5, 2.0, 7),
          RandomUniform(-1.0, 3.0, 7),
          TruncatedNormal(0.0, 1.0, 7),
          GlorotUniform(7),
          HeNormal(7),
          LecunNormal(7),
          VarianceScaling(2.0, "fan_avg", "truncated_normal", 7),
          Zeros(),
          Constant(0.25),
          Identity(2.0),
          Orthogonal(1.0, 7),
          torch::TruncNormal(0.0, 1.0, -0.5, 3.0, 7),
          torch::Sparse(0.5, 0.01, 7)};
}

TEST(Parallel, EveryThreadCountGivesTheSingleThreadedValues) {
  const shape_type shape{37, 29};  // 1073 elements: boundaries fall mid-block and mid-row
  for (const Initializer& init : every_kind()) {
    const auto reference = init.values<float>(shape);
    const auto reference_bf16 = init.values<Eigen::bfloat16>(shape);
    const auto reference_double = init.values<double>(shape);
    for (int threads : {1, 2, 3, 5, 8}) {
      const parallel p{threads, 1};
      const std::string what =
          std::string(init.class_name()) + " threads " + std::to_string(threads);
      expect_same_bits(parallel_values<float>(init, shape, p), reference, what);
      expect_same_bits(parallel_values<Eigen::bfloat16>(init, shape, p), reference_bf16, what);
      expect_same_bits(parallel_values<double>(init, shape, p), reference_double, what);
    }
  }
}

TEST(Parallel, NonContiguousTargetsAndSlicesMatch) {
  const RandomNormal init(0.0, 1.0, 11);
  Eigen::MatrixXf col_major(45, 31), single(45, 31);
  init(col_major, parallel{4, 1});
  init(single);
  EXPECT_TRUE(col_major == single);

  Eigen::MatrixXf big = Eigen::MatrixXf::Zero(60, 50);
  init(big.block(3, 4, 45, 31), parallel{3, 7});
  EXPECT_TRUE(big.block(3, 4, 45, 31) == single);

  const shape_type global{8, 30, 20};
  Eigen::Tensor<float, 3, Eigen::RowMajor> whole(8, 30, 20), shard(3, 11, 20);
  init(whole);
  init(shard, slice_of{global, {2, 9, 0}}, parallel{5, 3});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 11; ++j)
      for (int k = 0; k < 20; ++k) ASSERT_EQ(shard(i, j, k), whole(i + 2, j + 9, k));
}

TEST(Parallel, HardwareThreadsAndLargeGrainsAreFine) {
  const RandomUniform init(-1.0, 1.0, 3);
  const auto reference = init.values<float>({300, 300});
  std::vector<float> data(90000);
  init(row_major_span<float>{data.data(), {300, 300}}, parallel{});  // all hardware threads
  EXPECT_EQ(data, reference);
  init(row_major_span<float>{data.data(), {300, 300}}, parallel{64, 1 << 30});  // one thread
  EXPECT_EQ(data, reference);
}

TEST(Parallel, ThreadCountFollowsTheGrain) {
  EXPECT_EQ(detail::threads_for("x", parallel{8, 100}, 99), 1);
  EXPECT_EQ(detail::threads_for("x", parallel{8, 100}, 350), 3);
  EXPECT_EQ(detail::threads_for("x", parallel{2, 100}, 1000000), 2);
  EXPECT_GE(detail::threads_for("x", parallel{0, 1}, 1000000), 1);
}

TEST(Parallel, InvalidSettingsNameTheParameter) {
  const RandomNormal init(0.0, 1.0, 1);
  Eigen::MatrixXf m(4, 4);
  expect_invalid([&] { init(m, parallel{-1}); }, {"RandomNormal", "parallel.threads", "-1"});
  expect_invalid([&] { init(m, parallel{2, 0}); }, {"RandomNormal", "parallel.grain", "0"});
}

}  // namespace
