// Fill rates of the initializers against the baselines that bound them: std::fill (the memory
// bandwidth roof), std::mt19937 with the standard distributions, and Eigen's setRandom.
// Compare the rows of one run as ratios; absolute numbers on a shared machine are noise.
// benchmarks/compare_peers.py turns this program's JSON into the ratios of issue #5.
//
// Naming scheme (every row; compare_peers.py parses it):
//
//   BM_<Name>/<dtype>/<rows>x<cols>/threads:<n>/real_time
//
//   <Name>     a Keras class (RandomNormal, GlorotUniform, ...), a PyTorch dialect class written
//              torch_<function> (torch_normal_, torch_kaiming_normal_, ...: weightinit::torch's
//              classes, which the torch:: functions call), or a baseline:
//                StdFill                std::fill with 1 (the memory bandwidth roof; bfloat16
//                                       as its bit pattern in std::uint16_t)
//                StdMt19937Normal       std::mt19937 + std::normal_distribution<float>(0, 1)
//                StdMt19937Uniform      std::mt19937 + std::uniform_real_distribution<float>(-1, 1)
//                EigenSetRandom         Eigen::MatrixXf::setRandom()
//                GeneratorUniform       the default generator's vector kernel alone, for as
//                GeneratorNormal        many values: Philox4x32-10 and the uniform / Box-Muller
//                                       transform into a 4 KiB buffer that stays in the L1
//                                       cache (no memory traffic, no affine step): the ceiling
//                                       of RandomUniform / RandomNormal on one thread, whatever
//                                       the memory (float32, threads:1 only)
//                GeneratorPhilox        the same loop writing the Philox4x32-10 words
//                                       themselves (one per value, as uniform and normal values
//                                       take): the floor under any transform of those words
//   <dtype>    float32 or bfloat16 (Eigen::bfloat16)
//   <rows>x<cols>  the 2-D shape filled, 1024x1024 (1M elements) and 4096x4096 (16M), so that
//              the fan-based initializers see real fans (fan_in = rows, fan_out = cols in Keras's
//              layout)
//   threads:<n> 1: the plain call `init(row_major_span<T>{data, {rows, cols}})`; 2: the same
//              with `weightinit::parallel{2}` as second argument (only when the library has it,
//              see WEIGHTINIT_BENCH_HAVE_PARALLEL); StdFill with 2 threads fills one half on the
//              calling thread and the other on a std::thread started in each iteration.
//   /real_time Google Benchmark's suffix: every row is timed by wall-clock time (UseRealTime),
//              the threaded ones must be, and 1- and 2-thread rows are only comparable on one
//              clock (compare_peers.py times its peers by wall-clock time too).
//
// Every row reports items_per_second (elements written) and bytes_per_second (bytes written).
// Constructor arguments are Keras's / PyTorch's defaults with seed 1, except VarianceScaling,
// which is measured as VarianceScaling(2, "fan_avg", "untruncated_normal") so that the one
// distribution no preset uses is covered (its defaults are LecunNormal's). Orthogonal is
// benchmarked in bench_orthogonal.cpp.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>
#include <Eigen/Core>
#include <weightinit/weightinit.hpp>

// The 2-thread rows need the opt-in parallel fill `init(target, weightinit::parallel{n})`.
// Defined (to 1) when <weightinit/parallel.hpp> exists; may also be given on the command line.
#ifndef WEIGHTINIT_BENCH_HAVE_PARALLEL
#if defined(__has_include)
#if __has_include(<weightinit/parallel.hpp>)
#define WEIGHTINIT_BENCH_HAVE_PARALLEL 1
#endif
#endif
#endif
#ifndef WEIGHTINIT_BENCH_HAVE_PARALLEL
#define WEIGHTINIT_BENCH_HAVE_PARALLEL 0
#endif
#if WEIGHTINIT_BENCH_HAVE_PARALLEL && defined(__has_include)
#if __has_include(<weightinit/parallel.hpp>)
#include <weightinit/parallel.hpp>
#endif
#endif

#ifndef WEIGHTINIT_BENCH_ARCH_NAME
#define WEIGHTINIT_BENCH_ARCH_NAME ""
#endif

namespace {

namespace wi = weightinit;

struct shape2 {
  std::int64_t rows, cols;
  std::int64_t elements() const { return rows * cols; }
};
constexpr shape2 kShapes[] = {{1024, 1024}, {4096, 4096}};
constexpr bool kHaveParallel = WEIGHTINIT_BENCH_HAVE_PARALLEL != 0;

template <class T>
constexpr const char* dtype_name() {
  if constexpr (std::is_same_v<T, float>) {
    return "float32";
  } else {
    static_assert(std::is_same_v<T, Eigen::bfloat16>);
    return "bfloat16";
  }
}

std::string row_name(const std::string& name, const char* dtype, shape2 shape, int threads) {
  return "BM_" + name + "/" + dtype + "/" + std::to_string(shape.rows) + "x" +
         std::to_string(shape.cols) + "/threads:" + std::to_string(threads);
}

template <class T>
void set_rates(benchmark::State& state, std::int64_t elements) {
  state.SetItemsProcessed(std::int64_t(state.iterations()) * elements);
  state.SetBytesProcessed(std::int64_t(state.iterations()) * elements * std::int64_t(sizeof(T)));
}

void add_row(const std::string& name, std::function<void(benchmark::State&)> body) {
  benchmark::RegisterBenchmark(name.c_str(), [body](benchmark::State& state) { body(state); })
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

// One initializer, one dtype, one shape, one thread count.
template <class T, class Init>
void fill_rows(const std::string& name, const Init& init, shape2 shape, int threads) {
  add_row(row_name(name, dtype_name<T>(), shape, threads), [=](benchmark::State& state) {
    std::vector<T> data(std::size_t(shape.elements()));
    wi::row_major_span<T> span{data.data(), {shape.rows, shape.cols}};
    for (auto _ : state) {
      if (threads == 1) {
        init(span);
      } else {
#if WEIGHTINIT_BENCH_HAVE_PARALLEL
        init(span, wi::parallel{threads});
#else
        state.SkipWithError("weightinit::parallel is not available");
        break;
#endif
      }
      benchmark::DoNotOptimize(data.data());
      benchmark::ClobberMemory();
    }
    set_rates<T>(state, shape.elements());
  });
}

// Every (dtype, shape, threads) row of one initializer; the 2-thread rows only with the
// parallel API.
template <class Init>
void initializer(const std::string& name, const Init& init) {
  for (shape2 shape : kShapes) {
    for (int threads : {1, 2}) {
      if (threads > 1 && !kHaveParallel) continue;
      fill_rows<float>(name, init, shape, threads);
      fill_rows<Eigen::bfloat16>(name, init, shape, threads);
    }
  }
}

// std::fill of the whole buffer, split in `threads` contiguous parts (the caller fills the
// first, one std::thread per other part, started and joined in every iteration). bfloat16 is
// filled as its bit pattern in std::uint16_t: g++ does not vectorize std::fill over
// Eigen::bfloat16 (a class type), which would make the roof lower than the memory allows.
template <class T>
void std_fill_rows(shape2 shape, int threads) {
  using storage = std::conditional_t<std::is_same_v<T, float>, float, std::uint16_t>;
  add_row(row_name("StdFill", dtype_name<T>(), shape, threads), [=](benchmark::State& state) {
    std::vector<storage> data(std::size_t(shape.elements()));
    const T one(1.0f);
    storage value;
    static_assert(sizeof(value) == sizeof(one));
    std::memcpy(&value, &one, sizeof(value));
    const std::size_t n = data.size();
    const auto part = [&](int k) {
      std::fill(data.begin() + std::ptrdiff_t(n * std::size_t(k) / std::size_t(threads)),
                data.begin() + std::ptrdiff_t(n * std::size_t(k + 1) / std::size_t(threads)),
                value);
    };
    std::vector<std::thread> workers;
    for (auto _ : state) {
      for (int k = 1; k < threads; ++k) workers.emplace_back(part, k);
      part(0);
      for (std::thread& worker : workers) worker.join();
      workers.clear();
      benchmark::DoNotOptimize(data.data());
      benchmark::ClobberMemory();
    }
    set_rates<T>(state, shape.elements());
  });
}

template <class Distribution>
void std_distribution_rows(const std::string& name, Distribution distribution, shape2 shape) {
  add_row(row_name(name, "float32", shape, 1), [=](benchmark::State& state) mutable {
    std::vector<float> data(std::size_t(shape.elements()));
    std::mt19937 engine(1);
    for (auto _ : state) {
      for (float& x : data) x = distribution(engine);
      benchmark::DoNotOptimize(data.data());
      benchmark::ClobberMemory();
    }
    set_rates<float>(state, shape.elements());
  });
}

void eigen_set_random_rows(shape2 shape) {
  add_row(row_name("EigenSetRandom", "float32", shape, 1), [=](benchmark::State& state) {
    Eigen::MatrixXf m = Eigen::MatrixXf::Zero(shape.rows, shape.cols);
    for (auto _ : state) {
      m.setRandom();
      benchmark::DoNotOptimize(m.data());
      benchmark::ClobberMemory();
    }
    set_rates<float>(state, shape.elements());
  });
}

// The generator's own rate (see GeneratorUniform above), through the kernels the fills use.
enum class generator_output { words, uniform, normal };
void generator_rows(const std::string& name, generator_output output, shape2 shape) {
  add_row(row_name(name, "float32", shape, 1), [=](benchmark::State& state) {
    const wi::detail::simd::kernels* kernels = wi::detail::simd::best_kernels();
    if (kernels == nullptr) {
      state.SkipWithError("no vector kernels on this processor or build");
      return;
    }
    constexpr std::size_t chunk_blocks = 256;  // 1024 floats
    alignas(64) static float buffer[4 * chunk_blocks];
    alignas(64) static std::uint32_t words[4 * chunk_blocks];
    const wi::detail::philox_source source(1);
    const std::uint64_t blocks = std::uint64_t(shape.elements()) / 4;
    for (auto _ : state) {
      for (std::uint64_t b = 0; b < blocks; b += chunk_blocks) {
        switch (output) {
          case generator_output::words:
            kernels->word_blocks(source.key, b, chunk_blocks, words);
            break;
          case generator_output::uniform:
            kernels->uniform_blocks(source.key, b, chunk_blocks, buffer);
            break;
          case generator_output::normal:
            kernels->normal_blocks(source.key, b, chunk_blocks, buffer);
            break;
        }
        benchmark::DoNotOptimize(buffer);
        benchmark::DoNotOptimize(words);
      }
      benchmark::ClobberMemory();
    }
    set_rates<float>(state, shape.elements());
  });
}

void register_all() {
  constexpr std::uint64_t seed = 1;

  // Baselines first: the rows every other row is read against.
  for (shape2 shape : kShapes) {
    for (int threads : {1, 2}) {
      std_fill_rows<float>(shape, threads);
      std_fill_rows<Eigen::bfloat16>(shape, threads);
    }
    std_distribution_rows("StdMt19937Normal", std::normal_distribution<float>(0.0f, 1.0f), shape);
    std_distribution_rows("StdMt19937Uniform", std::uniform_real_distribution<float>(-1.0f, 1.0f),
                          shape);
    eigen_set_random_rows(shape);
    generator_rows("GeneratorPhilox", generator_output::words, shape);
    generator_rows("GeneratorUniform", generator_output::uniform, shape);
    generator_rows("GeneratorNormal", generator_output::normal, shape);
  }

  // keras.initializers, in the README's order (Orthogonal: bench_orthogonal.cpp).
  initializer("Zeros", wi::Zeros());
  initializer("Ones", wi::Ones());
  initializer("Constant", wi::Constant(0.5));
  initializer("RandomNormal", wi::RandomNormal(0.0, 0.05, seed));
  initializer("RandomUniform", wi::RandomUniform(-0.05, 0.05, seed));
  initializer("TruncatedNormal", wi::TruncatedNormal(0.0, 0.05, seed));
  initializer("VarianceScaling", wi::VarianceScaling(2.0, "fan_avg", "untruncated_normal", seed));
  initializer("GlorotNormal", wi::GlorotNormal(seed));
  initializer("GlorotUniform", wi::GlorotUniform(seed));
  initializer("HeNormal", wi::HeNormal(seed));
  initializer("HeUniform", wi::HeUniform(seed));
  initializer("LecunNormal", wi::LecunNormal(seed));
  initializer("LecunUniform", wi::LecunUniform(seed));
  initializer("Identity", wi::Identity());

  // torch.nn.init (weightinit::torch), PyTorch's defaults: the same samplers under PyTorch's
  // parameters, fans in PyTorch's (out, in) layout.
  initializer("torch_uniform_", wi::torch::Uniform(0.0, 1.0, seed));
  initializer("torch_normal_", wi::torch::Normal(0.0, 1.0, seed));
  initializer("torch_trunc_normal_", wi::torch::TruncNormal(0.0, 1.0, -2.0, 2.0, seed));
  initializer("torch_xavier_uniform_", wi::torch::XavierUniform(1.0, seed));
  initializer("torch_xavier_normal_", wi::torch::XavierNormal(1.0, seed));
  initializer("torch_kaiming_uniform_",
              wi::torch::KaimingUniform(0.0, "fan_in", "leaky_relu", seed));
  initializer("torch_kaiming_normal_", wi::torch::KaimingNormal(0.0, "fan_in", "leaky_relu", seed));
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::AddCustomContext("weightinit_version", std::to_string(WEIGHTINIT_VERSION_MAJOR) + "." +
                                                        std::to_string(WEIGHTINIT_VERSION_MINOR) +
                                                        "." +
                                                        std::to_string(WEIGHTINIT_VERSION_PATCH));
  benchmark::AddCustomContext("weightinit_bench_arch", WEIGHTINIT_BENCH_ARCH_NAME);
  benchmark::AddCustomContext("weightinit_parallel", kHaveParallel ? "yes" : "no");
  benchmark::AddCustomContext("weightinit_naming",
                              "BM_<Name>/<dtype>/<rows>x<cols>/threads:<n>/real_time");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
