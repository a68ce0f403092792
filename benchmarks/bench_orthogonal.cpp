// Orthogonal on large matrices against the plain Eigen computation it replaces: Householder QR
// of an N(0, 1) matrix (the very matrix Orthogonal draws) and its Q evaluated into a dense
// matrix, Eigen::HouseholderQR<MatrixXf> + householderQ(). Orthogonal's rows include drawing
// the Gaussian matrix (BM_GaussianDraw alone), the sign fix and the copy into the target;
// Eigen's rows do the QR and Q only. Wall-clock times (Orthogonal may use several threads:
// /threads:0 is the default, all hardware threads; /threads:1 one thread); items are matrix
// elements. Compare rows of one run as ratios: on a shared machine absolute numbers are noise.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>
#include <Eigen/QR>
#include <weightinit/weightinit.hpp>

namespace {

using namespace weightinit;

// Orthogonal(1, seed 1) filling a rows x cols row-major buffer, with `threads` threads.
template <class T>
void BM_Orthogonal(benchmark::State& state) {
  const std::int64_t rows = state.range(0), cols = state.range(1);
  const unsigned previous = set_orthogonal_threads(unsigned(state.range(2)));
  const Orthogonal init(1.0, 1);
  std::vector<T> data(std::size_t(rows * cols));
  for (auto _ : state) {
    init(row_major_span<T>{data.data(), {rows, cols}});
    benchmark::DoNotOptimize(data.data());
    benchmark::ClobberMemory();
  }
  set_orthogonal_threads(previous);
  state.SetItemsProcessed(state.iterations() * rows * cols);
}

// The Gaussian matrix Orthogonal factors (double, element (i, j) at index i * cols + j).
std::vector<double> gaussian_values(std::int64_t rows, std::int64_t cols) {
  return RandomNormal(0.0, 1.0, 1).values<double>({rows, cols});
}

template <class Matrix>
Matrix gaussian(std::int64_t rows, std::int64_t cols) {
  const std::vector<double> g = gaussian_values(rows, cols);
  Matrix m(rows, cols);
  for (std::int64_t i = 0; i < rows; ++i) {
    for (std::int64_t j = 0; j < cols; ++j) {
      m(i, j) = typename Matrix::Scalar(g[std::size_t(i * cols + j)]);
    }
  }
  return m;
}

// Plain Eigen: HouseholderQR of the Gaussian matrix, Q evaluated into a dense matrix.
template <class Matrix>
void BM_EigenHouseholderQR(benchmark::State& state) {
  const std::int64_t rows = state.range(0), cols = state.range(1);
  const Matrix g = gaussian<Matrix>(rows, cols);
  Matrix q(rows, rows);
  for (auto _ : state) {
    const Eigen::HouseholderQR<Matrix> qr(g);
    q = qr.householderQ();
    benchmark::DoNotOptimize(q.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * rows * cols);
}

// Drawing the Gaussian matrix alone (double normals from the Philox stream, one thread).
void BM_GaussianDraw(benchmark::State& state) {
  const std::int64_t rows = state.range(0), cols = state.range(1);
  std::vector<double> data(std::size_t(rows * cols));
  const RandomNormal normal(0.0, 1.0, 1);
  for (auto _ : state) {
    normal(row_major_span<double>{data.data(), {rows, cols}});
    benchmark::DoNotOptimize(data.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * rows * cols);
}

void common(benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond)->UseRealTime(); }

}  // namespace

BENCHMARK(BM_EigenHouseholderQR<Eigen::MatrixXf>)->Args({1024, 1024})->Apply(common);
BENCHMARK(BM_Orthogonal<float>)
    ->ArgNames({"rows", "cols", "threads"})
    ->Args({1024, 1024, 0})
    ->Args({1024, 1024, 1})
    ->Args({512, 512, 0})
    ->Args({512, 512, 1})
    ->Args({2048, 512, 0})
    ->Apply(common);
BENCHMARK(BM_Orthogonal<Eigen::bfloat16>)
    ->ArgNames({"rows", "cols", "threads"})
    ->Args({1024, 1024, 0})
    ->Apply(common);
BENCHMARK(BM_EigenHouseholderQR<Eigen::MatrixXf>)->Args({512, 512})->Apply(common);
BENCHMARK(BM_EigenHouseholderQR<Eigen::MatrixXd>)->Args({1024, 1024})->Apply(common);
BENCHMARK(BM_Orthogonal<double>)
    ->ArgNames({"rows", "cols", "threads"})
    ->Args({1024, 1024, 0})
    ->Apply(common);
BENCHMARK(BM_GaussianDraw)->Args({1024, 1024})->Apply(common);

BENCHMARK_MAIN();
