// Seeds (seed.hpp) with Keras 3 semantics: a seeded initializer repeats itself; an unseeded
// one draws its seed once, at construction; set_global_seed makes unseeded ones reproducible.
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/weightinit.hpp"

namespace {

using namespace weightinit;

TEST(Seed, UnseededInitializersRepeatThemselvesButDifferFromEachOther) {
  const RandomNormal a, b;
  EXPECT_EQ(a.values<float>({20}), a.values<float>({20}));
  EXPECT_NE(a.values<float>({20}), b.values<float>({20}));
  EXPECT_FALSE(a.given_seed().has_value());
  EXPECT_EQ(RandomNormal(0.0, 1.0, 42).given_seed(), std::optional<seed_type>(42));
  EXPECT_EQ(RandomNormal(0.0, 1.0, 42).seed(), 42u);
}

TEST(Seed, SetGlobalSeedMakesUnseededInitializersReproducible) {
  set_global_seed(2024);
  const GlorotUniform first_a;
  const HeNormal second_a;
  set_global_seed(2024);
  const GlorotUniform first_b;
  const HeNormal second_b;
  EXPECT_EQ(first_a.values<float>({8, 8}), first_b.values<float>({8, 8}));
  EXPECT_EQ(second_a.values<float>({8, 8}), second_b.values<float>({8, 8}));
  EXPECT_NE(first_a.seed(), second_a.seed());
  set_global_seed(2025);
  EXPECT_NE(GlorotUniform().seed(), first_a.seed());
}

TEST(Seed, TheSequenceGivesDistinctSeedsAcrossThreads) {
  set_global_seed(7);
  std::vector<std::vector<seed_type>> drawn(4);
  std::vector<std::thread> threads;
  for (auto& out : drawn) {
    threads.emplace_back([&out] {
      for (int i = 0; i < 1000; ++i) out.push_back(draw_seed());
    });
  }
  for (auto& t : threads) t.join();
  std::set<seed_type> all;
  for (const auto& d : drawn) all.insert(d.begin(), d.end());
  EXPECT_EQ(all.size(), 4000u);
}

TEST(Seed, NegativeKerasSeedsWrapModulo2To64) {
  // Keras seeds are Python ints; -1 becomes 2^64 - 1 here, a valid and distinct seed.
  const RandomUniform init(0.0, 1.0, static_cast<seed_type>(-1));
  EXPECT_EQ(init.seed(), ~seed_type{0});
  EXPECT_NE(init.values<float>({8}), RandomUniform(0.0, 1.0, 1).values<float>({8}));
}

}  // namespace
