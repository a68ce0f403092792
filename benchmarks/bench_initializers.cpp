// Fill rates of the initializers against the baselines that bound them: std::fill (the memory
// bandwidth roof) and std::mt19937 with the standard distributions. Compare the rows of one run
// as ratios; absolute numbers on a shared machine are noise.
#include <algorithm>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <weightinit/weightinit.hpp>

namespace {

using namespace weightinit;

template <class Init, class T>
void fill_with(benchmark::State& state, const Init& init) {
  const std::int64_t n = state.range(0);
  std::vector<T> data(static_cast<std::size_t>(n));
  for (auto _ : state) {
    init(row_major_span<T>{data.data(), {n}});
    benchmark::DoNotOptimize(data.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * std::int64_t(sizeof(T)));
}

void BM_Zeros(benchmark::State& s) { fill_with<Zeros, float>(s, Zeros()); }
void BM_RandomUniform(benchmark::State& s) {
  fill_with<RandomUniform, float>(s, RandomUniform(-1, 1, 1));
}
void BM_RandomNormal(benchmark::State& s) {
  fill_with<RandomNormal, float>(s, RandomNormal(0, 1, 1));
}
void BM_TruncatedNormal(benchmark::State& s) {
  fill_with<TruncatedNormal, float>(s, TruncatedNormal(0, 1, 1));
}
void BM_GlorotUniform(benchmark::State& s) { fill_with<GlorotUniform, float>(s, GlorotUniform(1)); }
void BM_HeNormal(benchmark::State& s) { fill_with<HeNormal, float>(s, HeNormal(1)); }
void BM_RandomNormal_bfloat16(benchmark::State& s) {
  fill_with<RandomNormal, Eigen::bfloat16>(s, RandomNormal(0, 1, 1));
}

void BM_StdFill(benchmark::State& state) {
  std::vector<float> data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::fill(data.begin(), data.end(), 1.0f);
    benchmark::DoNotOptimize(data.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

template <class Distribution>
void std_distribution(benchmark::State& state, Distribution distribution) {
  std::vector<float> data(static_cast<std::size_t>(state.range(0)));
  std::mt19937 engine(1);
  for (auto _ : state) {
    for (float& x : data) x = distribution(engine);
    benchmark::DoNotOptimize(data.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_StdNormalDistribution(benchmark::State& s) {
  std_distribution(s, std::normal_distribution<float>(0, 1));
}
void BM_StdUniformDistribution(benchmark::State& s) {
  std_distribution(s, std::uniform_real_distribution<float>(-1, 1));
}

constexpr std::int64_t kElements = 1 << 20;
BENCHMARK(BM_StdFill)->Arg(kElements);
BENCHMARK(BM_StdUniformDistribution)->Arg(kElements);
BENCHMARK(BM_StdNormalDistribution)->Arg(kElements);
BENCHMARK(BM_Zeros)->Arg(kElements);
BENCHMARK(BM_RandomUniform)->Arg(kElements);
BENCHMARK(BM_RandomNormal)->Arg(kElements);
BENCHMARK(BM_RandomNormal_bfloat16)->Arg(kElements);
BENCHMARK(BM_TruncatedNormal)->Arg(kElements);
BENCHMARK(BM_GlorotUniform)->Arg(kElements);
BENCHMARK(BM_HeNormal)->Arg(kElements);

}  // namespace

BENCHMARK_MAIN();
