// Per-parameter seeds (streams.hpp). The expected values were computed independently, with a
// Python implementation of the documented formula (FNV-1a 64 of the UTF-8 path, SplitMix64):
//   M = 2**64 - 1
//   def fnv(b): h = 0xcbf29ce484222325; [h := ((h ^ c) * 0x100000001b3) & M for c in b]
//   def sm(x): z = (x + 0x9e3779b97f4a7c15) & M; z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
//              z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M; return z ^ (z >> 31)
//   seed = sm(g ^ sm(fnv(path.encode())))
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/streams.hpp"
#include "weightinit/weightinit.hpp"

namespace {

using namespace weightinit;

TEST(ParameterSeed, MatchesTheDocumentedFormula) {
  EXPECT_EQ(parameter_seed(42, "encoder/layer_3/kernel"), 0xec8d688ff7eba1d7ull);
  EXPECT_EQ(parameter_seed(42, "encoder/layer_3/bias"), 0x2edab00bd8e6e7bfull);
  EXPECT_EQ(parameter_seed(0, ""), 0x21fa69a58f3d62f5ull);
  EXPECT_EQ(parameter_seed(~seed_type{0}, "decoder/attention/query/kernel"), 0x545a3b74a14ceac6ull);
  EXPECT_EQ(parameter_seed(7, "\xc3\xa9mbedding/table"), 0xe63f93a0d604edfbull);  // UTF-8 bytes
  static_assert(parameter_seed(42, "encoder/layer_3/kernel") == 0xec8d688ff7eba1d7ull,
                "usable at compile time");
}

TEST(ParameterSeed, WeightsDoNotDependOnCreationOrder) {
  const std::vector<std::string> paths = {"encoder/layer_0/kernel", "encoder/layer_1/kernel",
                                          "decoder/layer_0/kernel"};
  const auto build = [&](const std::vector<std::size_t>& order) {
    std::vector<std::vector<float>> weights(paths.size());
    for (std::size_t i : order) {
      weights[i] = GlorotUniform(parameter_seed(2024, paths[i])).values<float>({16, 8});
    }
    return weights;
  };
  EXPECT_EQ(build({0, 1, 2}), build({2, 0, 1}));
}

TEST(ParameterSeed, DistinctPathsAndGlobalSeedsGiveDistinctSeeds) {
  std::set<seed_type> seeds;
  for (seed_type global : {0ull, 1ull, 42ull}) {
    for (int layer = 0; layer < 200; ++layer) {
      for (const char* leaf : {"kernel", "bias"}) {
        seeds.insert(parameter_seed(global, "model/layer_" + std::to_string(layer) + "/" + leaf));
      }
    }
  }
  EXPECT_EQ(seeds.size(), 3u * 200u * 2u);
}

}  // namespace
