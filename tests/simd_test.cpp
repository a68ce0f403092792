// The vectorized default generator (detail/simd.hpp) against the scalar code that defines the
// values (sampling.hpp, det_math.hpp): bit for bit, on the words where the vector code takes
// different routes (powers of two, the sqrt(2) thresholds of the log's reduction, quadrant and
// reflection boundaries of the angle, the word that wraps to 0), on many random words, on
// whole Philox blocks near counter boundaries, and through the initializers on ranges that
// start and end mid-block. Every kernel set the processor runs is tested, whatever the build's
// -march: the sets are chosen at run time.
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/weightinit.hpp"

namespace {

using namespace weightinit;
using namespace weightinit::detail;

#if WEIGHTINIT_SIMD

std::uint32_t float_bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Words that exercise every branch of the scalar log and sincos, plus random ones.
std::vector<std::uint32_t> test_words() {
  std::vector<std::uint32_t> words = {0u, 1u, 2u, 3u, 0xFFFFFFFFu, 0xFFFFFFFEu, 0x7FFFFFFFu};
  const auto add_around = [&](std::uint64_t centre) {
    for (std::int64_t d = -3; d <= 3; ++d) {
      const std::int64_t w = std::int64_t(centre) + d;
      if (w >= 0 && w <= 0xFFFFFFFFll) words.push_back(std::uint32_t(w));
    }
  };
  for (int e = 0; e <= 32; ++e) {
    add_around((std::uint64_t{1} << e) - 1);  // m = w + 1 = 2^e
    // m = ceil(sqrt2 2^e), the switch of the reduction to the next power of two.
    add_around(std::uint64_t(std::ceil(1.4142135623730951 * std::ldexp(1.0, e))) - 1);
  }
  for (std::uint64_t q = 0; q < 4; ++q) {  // quadrants and the reflection at pi/4
    add_around(q << 30);
    add_around((q << 30) + (1u << 29));
  }
  std::uint64_t state = 12345;
  for (int i = 0; i < (1 << 18); ++i) words.push_back(std::uint32_t(splitmix64(state++) >> 7));
  while (words.size() % 64 != 0) words.push_back(0x12345678u);
  return words;
}

// Every kernel set this processor runs.
class SimdKernels : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    kernels_ = simd::kernels_named(GetParam());
    if (kernels_ == nullptr) GTEST_SKIP() << "this processor does not run " << GetParam();
  }
  const simd::kernels* kernels_ = nullptr;
};
INSTANTIATE_TEST_SUITE_P(Sets, SimdKernels, ::testing::Values("avx2", "avx512"));

TEST_P(SimdKernels, LogOfUniformMatchesTheScalarLogBitForBit) {
  const auto words = test_words();
  std::vector<float> got(words.size());
  kernels_->log_uniform(words.data(), words.size(), got.data());
  for (std::size_t i = 0; i < words.size(); ++i) {
    ASSERT_EQ(float_bits(got[i]), float_bits(log_uniform_lane<float>(words[i])))
        << "w = " << words[i];
  }
}

TEST_P(SimdKernels, SinCosOfTheAngleMatchesTheScalarKernelBitForBit) {
  const auto words = test_words();
  std::vector<float> s(words.size()), c(words.size());
  kernels_->sincos(words.data(), words.size(), s.data(), c.data());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto [ws, wc] = sincos_turns<float>(words[i], 32);
    ASSERT_EQ(float_bits(s[i]), float_bits(ws)) << "w = " << words[i];
    ASSERT_EQ(float_bits(c[i]), float_bits(wc)) << "w = " << words[i];
  }
}

TEST_P(SimdKernels, BlocksMatchTheScalarLanesNearCounterBoundaries) {
  const philox_source source(0x0123456789ABCDEFull);
  constexpr std::size_t blocks = 64;
  for (std::uint64_t start : {std::uint64_t{0}, std::uint64_t{8}, (std::uint64_t{1} << 32) - 16,
                              ~std::uint64_t{0} - 63}) {
    std::vector<float> uniform(4 * blocks), normal(4 * blocks);
    std::vector<std::uint32_t> words(4 * blocks);
    kernels_->uniform_blocks(source.key, start, blocks, uniform.data());
    kernels_->normal_blocks(source.key, start, blocks, normal.data());
    kernels_->word_blocks(source.key, start, blocks, words.data());
    for (std::size_t b = 0; b < blocks; ++b) {
      const block w = source.main_block(start + b);
      const auto u = uniform_lanes<float>(w).v;
      const auto z = normal_lanes<float>(w).v;
      for (std::size_t l = 0; l < 4; ++l) {
        ASSERT_EQ(words[4 * b + l], w[l]) << start << "+" << b;
        ASSERT_EQ(float_bits(uniform[4 * b + l]), float_bits(u[l])) << start << "+" << b;
        ASSERT_EQ(float_bits(normal[4 * b + l]), float_bits(z[l])) << start << "+" << b;
      }
    }
  }
}

TEST_P(SimdKernels, RetriesTakeTheFirstAcceptedCandidateOfTheFirstRetryBlock) {
  const philox_source source(0x0123456789ABCDEFull);
  // A narrow interval, so that both candidates are often rejected (about half the elements).
  const float alpha = -0.5f, beta = 0.25f, untouched = 7.0f;
  const auto inside = [&](float x) { return x >= alpha && x <= beta; };
  for (std::uint64_t first : {std::uint64_t{0}, (std::uint64_t{1} << 32) - 40,
                              ~std::uint64_t{0} - 100}) {  // carries into the high word, wraps
    for (std::size_t n : {0u, 1u, 7u, 16u, 17u, 53u}) {    // whole steps and partial ones
      std::vector<std::uint32_t> positions;                // every third chunk position
      for (std::size_t i = 0; i < n; ++i) positions.push_back(std::uint32_t(3 * i + 1));
      std::vector<float> values(3 * n + 2, untouched), expected = values;
      std::vector<std::uint32_t> failed(n), expected_failed;
      const std::size_t failures = kernels_->retry_first_pairs(
          source.key, first, positions.data(), n, alpha, beta, values.data(), failed.data());
      for (std::uint32_t p : positions) {
        const auto r = normal_lanes<float>(source.retry_block(first + p, 0)).v;
        if (inside(r[0])) {
          expected[p] = r[0];
        } else if (inside(r[1])) {
          expected[p] = r[1];
        } else {  // both outside: the second is written, the scalar sampler takes over
          expected[p] = r[1];
          expected_failed.push_back(p);
        }
      }
      failed.resize(failures);
      EXPECT_EQ(failed, expected_failed) << first << ", n = " << n;
      for (std::size_t i = 0; i < values.size(); ++i) {
        ASSERT_EQ(float_bits(values[i]), float_bits(expected[i])) << first << "+" << i;
      }
      if (n == 53) {
        EXPECT_GT(expected_failed.size(), 5u);  // the failure path is exercised
      }
    }
  }
}

TEST_P(SimdKernels, AffineClampAndOutsideAreTheScalarExpressions) {
  std::vector<float> in = {-3.0f, -0.0f, 0.0f, 0.25f, 1.0f, 7.5f, 1e30f, -1e30f, 0.5f};
  for (int i = 0; i < 40; ++i) in.push_back(float(i % 7) - 3.0f);  // full vectors and a tail
  std::vector<float> out(in.size());
  kernels_->affine_clamp(in.data(), in.size(), 0.5f, -2.0f, -1.0f, 4.0f, out.data());
  std::vector<std::uint32_t> positions(in.size() + 16), expected;  // room for 16 more
  const std::size_t found = kernels_->outside(in.data(), in.size(), -1.0f, 0.5f, positions.data());
  for (std::size_t i = 0; i < in.size(); ++i) {
    float v = 0.5f + -2.0f * in[i];
    if (v < -1.0f) v = -1.0f;
    if (v > 4.0f) v = 4.0f;
    EXPECT_EQ(float_bits(out[i]), float_bits(v)) << i;
    if (!(in[i] >= -1.0f && in[i] <= 0.5f)) expected.push_back(std::uint32_t(i));
  }
  positions.resize(found);
  EXPECT_EQ(positions, expected);
}

std::uint64_t double_bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// 64-bit lanes for the float64 transforms: m = (a >> 11) + 1 at and around 2^e and
// ceil(sqrt2 2^e) (the log's reduction), angles at and around the quadrant and reflection
// boundaries, the extremes, and random lanes.
std::vector<std::uint64_t> test_lanes64() {
  std::vector<std::uint64_t> lanes = {0u, 1u, ~std::uint64_t{0}, ~std::uint64_t{0} - 2048};
  const auto add_around = [&](std::uint64_t centre, std::uint64_t unit) {
    for (int d = -3; d <= 3; ++d) lanes.push_back(centre + std::uint64_t(std::int64_t(d)) * unit);
  };
  for (int e = 0; e <= 53; ++e) {
    const std::uint64_t at_power = (std::uint64_t{1} << e) - 1;  // m - 1, shifted into place
    add_around(at_power << 11, 2048);
    const double sqrt2_power = 1.4142135623730951 * std::ldexp(1.0, e);
    if (e < 53) add_around((std::uint64_t(std::ceil(sqrt2_power)) - 1) << 11, 2048);
  }
  for (std::uint64_t q = 0; q < 4; ++q) {
    add_around(q << 62, 1);
    add_around((q << 62) + (std::uint64_t{1} << 61), 1);
    add_around((q << 62) + (std::uint64_t{1} << 61), 1024);  // steps near 2^61: rounded
  }
  std::uint64_t state = 54321;
  for (int i = 0; i < (1 << 17); ++i) lanes.push_back(splitmix64(state++));
  while (lanes.size() % 64 != 0) lanes.push_back(0x0123456789ABCDEFu);
  return lanes;
}

TEST_P(SimdKernels, DoubleLogAndSinCosMatchTheScalarCodeBitForBit) {
  const auto lanes = test_lanes64();
  std::vector<double> log_u(lanes.size()), s(lanes.size()), c(lanes.size());
  kernels_->log_uniform_double(lanes.data(), lanes.size(), log_u.data());
  kernels_->sincos_double(lanes.data(), lanes.size(), s.data(), c.data());
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    ASSERT_EQ(double_bits(log_u[i]), double_bits(log_uniform_lane<double>(lanes[i])))
        << "a = " << lanes[i];
    const auto [ws, wc] = sincos_turns<double>(lanes[i], 64);
    ASSERT_EQ(double_bits(s[i]), double_bits(ws)) << "b = " << lanes[i];
    ASSERT_EQ(double_bits(c[i]), double_bits(wc)) << "b = " << lanes[i];
  }
}

TEST_P(SimdKernels, DoubleBlocksMatchTheScalarLanesNearCounterBoundaries) {
  const philox_source source(0xFEDCBA9876543210ull);
  constexpr std::size_t blocks = 72;  // whole steps and a remainder
  for (std::uint64_t start : {std::uint64_t{0}, std::uint64_t{8}, (std::uint64_t{1} << 32) - 16,
                              ~std::uint64_t{0} - 71}) {
    std::vector<double> uniform(2 * blocks), normal(2 * blocks);
    kernels_->uniform_blocks_double(source.key, start, blocks, uniform.data());
    kernels_->normal_blocks_double(source.key, start, blocks, normal.data());
    for (std::size_t b = 0; b < blocks; ++b) {
      const auto u = uniform_lanes<double>(source.main_block(start + b)).v;
      const auto z = normal_lanes<double>(source.main_block(start + b)).v;
      for (std::size_t l = 0; l < 2; ++l) {
        ASSERT_EQ(double_bits(uniform[2 * b + l]), double_bits(u[l])) << start << "+" << b;
        ASSERT_EQ(double_bits(normal[2 * b + l]), double_bits(z[l])) << start << "+" << b;
      }
    }
  }
}

TEST(Simd, TheBestSetIsUsed) {
  const simd::kernels* best = simd::best_kernels();
  ASSERT_NE(best, nullptr) << "no vector kernels on an x86-64 processor with AVX2?";
  if (simd::kernels_named("avx512") != nullptr) {
    EXPECT_STREQ(best->name, "avx512");
  }
}

#endif  // WEIGHTINIT_SIMD

// The same source under another type: the sampler's scalar path.
struct scalar_path_source : philox_source {
  using philox_source::philox_source;
};

template <class T>
void expect_paths_agree(const distribution_spec& spec) {
  const distribution_sampler<T> sampler("test", spec);
  philox_source fast(20261129);
  scalar_path_source slow(20261129);
  for (std::uint64_t first : {std::uint64_t{0}, std::uint64_t{3}, std::uint64_t{1001}}) {
    for (std::uint64_t count : {std::uint64_t{1}, std::uint64_t{5}, std::uint64_t{4099}}) {
      std::vector<T> a(count), b(count);
      sampler.generate(first, count, a.data(), fast);
      sampler.generate(first, count, b.data(), slow);
      ASSERT_EQ(std::memcmp(a.data(), b.data(), count * sizeof(T)), 0)
          << "first " << first << " count " << count;
    }
  }
}

template <class T>
class SimdPaths : public ::testing::Test {};
using ScalarTypes = ::testing::Types<float, double, Eigen::half, Eigen::bfloat16>;
TYPED_TEST_SUITE(SimdPaths, ScalarTypes);

TYPED_TEST(SimdPaths, EveryDistributionGivesTheScalarValues) {
  using T = TypeParam;
  expect_paths_agree<T>(distribution_spec::uniform(-0.3, 0.7));
  expect_paths_agree<T>(distribution_spec::uniform(1.0, 1.0 + 1e-3));  // clamped at the ends
  expect_paths_agree<T>(distribution_spec::normal(0.1, 2.5));
  expect_paths_agree<T>(distribution_spec::truncated_normal(0.1, 0.3, -2.0, 2.0));
  expect_paths_agree<T>(distribution_spec::truncated_normal(0.0, 1.0, -0.5, 3.0));  // retries
  expect_paths_agree<T>(distribution_spec::truncated_normal(0.0, 1.0, 1.0, 4.0));   // tail
  expect_paths_agree<T>(distribution_spec::truncated_normal_between(0.0, 1.0, -2.0, 2.0));
  expect_paths_agree<T>(distribution_spec::truncated_normal_between(5.0, 2.0, 4.0, 9.5));
}

}  // namespace
