// SPDX-License-Identifier: Apache-2.0
// weightinit/orthogonal.hpp: Orthogonal, a random orthogonal matrix (Haar distributed).
#ifndef WEIGHTINIT_ORTHOGONAL_HPP_
#define WEIGHTINIT_ORTHOGONAL_HPP_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>

#include "weightinit/detail/distribution.hpp"
#include "weightinit/detail/householder.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/seed.hpp"

namespace weightinit {

namespace detail {

/// Matrices with min(rows, cols) >= this take the blocked path (detail/householder.hpp) for
/// float, half and bfloat16 targets; smaller ones, and float64 targets, keep Eigen's
/// HouseholderQR in double. The blocked path is faster at every size (measured on one thread:
/// 2.3x at 64 x 64, 2.7x at 256 x 256, 3.2x at 512 x 512); the threshold keeps the exact
/// double values where they cost little (under 1.5 ms) and keeps pinned small values (golden
/// test) unchanged.
constexpr std::int64_t orthogonal_blocked_min = 128;

inline std::atomic<unsigned>& orthogonal_thread_setting() {
  static std::atomic<unsigned> threads{0};
  return threads;
}

/// The whole orthogonal matrix is computed once, on the first request, and any run of
/// logical indices is then copied out of it. A slice therefore costs a full QR: every shard
/// computes the same global matrix and keeps its part.
///
/// generate() may be called concurrently from several threads: the first call computes the
/// matrix under std::call_once (the others wait for it), later calls only read. Copies of a
/// sampler share the matrix.
///
/// Two paths, both QR of the same Gaussian matrix G (max x min, element (i, j) at logical
/// index i * min + j, drawn in double) with the sign(diag R) fix:
///   - small matrices and float64 targets: Eigen's HouseholderQR in double;
///   - min(rows, cols) >= orthogonal_blocked_min with a float, half or bfloat16 target: G
///     rounded to float, blocked Householder QR in float forming only the min(rows, cols)
///     needed columns of Q (householder_q), bit-reproducible on every build, machine and thread
///     count. The float QR's rounding error stays well inside what a float result promises:
///     max |W^T W - gain^2 I| about 5.5e-7 gain^2 and max |W - W_double| about 4e-6 gain at
///     1024 x 1024 (measured over seeds 1-3), against 1e-5 tolerated by the tests.
template <class T>
class orthogonal_sampler {
 public:
  orthogonal_sampler(std::int64_t rows, std::int64_t cols, double gain)
      : rows_(rows), cols_(cols), gain_(gain), state_(std::make_shared<state>()) {}

  /// Parallel fills may call generate() concurrently (see above).
  bool concurrent() const { return true; }

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    std::call_once(state_->once, [&] { compute(source); });
    if (blocked()) {
      copy_blocked(first, count, out);
      return;
    }
    const std::vector<T>& q = state_->q;
    std::copy(q.begin() + std::ptrdiff_t(first), q.begin() + std::ptrdiff_t(first + count), out);
  }

  /// Whether this matrix takes the blocked float path.
  bool blocked() const {
    return !std::is_same_v<T, double> && std::min(rows_, cols_) >= orthogonal_blocked_min;
  }

 private:
  struct state {
    std::once_flag once;
    std::vector<T> q;  // the exact path: the matrix, row-major
    // The blocked path: Q (tall x wide, row stride ld) as householder_q leaves it, and the
    // scale of each column, gain or -gain (sign(diag R)). Rounded to T on the way out: no
    // second matrix-sized buffer (fresh memory costs a page fault per 4 KiB).
    std::unique_ptr<float[]> blocked_q;
    std::int64_t ld = 0;
    std::vector<double> column_scale;
  };

  template <class Source>
  void compute(Source& source) const {
    const std::int64_t tall = std::max(rows_, cols_);
    const std::int64_t wide = std::min(rows_, cols_);
    if (blocked()) {
      compute_blocked(tall, wide, source);
    } else {
      std::vector<T> result(static_cast<std::size_t>(rows_ * cols_));
      compute_exact(tall, wide, source, result);
      state_->q = std::move(result);
    }
  }

  // Elements [first, first + count) of W = gain Q diag(sign(diag R)), transposed when
  // rows < cols: W(r, c) = Q(r, c) or Q(c, r). (-gain) x equals gain (-x) bit for bit.
  void copy_blocked(std::uint64_t first, std::uint64_t count, T* out) const {
    const state& s = *state_;
    const bool transposed = rows_ < cols_;
    std::int64_t r = std::int64_t(first) / cols_, c = std::int64_t(first) % cols_;
    for (std::uint64_t k = 0; k < count;) {
      const std::int64_t n = std::min<std::int64_t>(cols_ - c, std::int64_t(count - k));
      for (std::int64_t e = 0; e < n; ++e, ++c) {
        const std::int64_t i = transposed ? c : r, j = transposed ? r : c;
        const double x = double(s.blocked_q[std::size_t(i * s.ld + j)]);
        out[k++] = round_to<T>(s.column_scale[std::size_t(j)] * x);
      }
      c = 0;
      ++r;
    }
  }

  // Gaussian (tall x wide), element (i, j) at logical index i * wide + j, in double, written to
  // `put(first_row, row_count, values)` in runs of whole rows.
  template <class Source, class Put>
  void gaussian(std::int64_t tall, std::int64_t wide, Source& source, thread_team& team,
                const Put& put) const {
    const distribution_sampler<double> normal("Orthogonal", distribution_spec::normal(0.0, 1.0));
    if constexpr (std::is_same_v<Source, philox_source>) {
      // Counter-based: each element depends on its index only, so runs may be drawn by
      // several threads (each with its own copy of the source) with the same values.
      // Runs of at most 8192 values: 64 KiB buffers, below malloc's mmap threshold.
      const std::int64_t rows_per_run = std::max<std::int64_t>(1, (std::int64_t(1) << 13) / wide);
      team.run((tall + rows_per_run - 1) / rows_per_run, [&](std::int64_t r) {
        philox_source copy = source;
        const std::int64_t first = r * rows_per_run, n = std::min(rows_per_run, tall - first);
        std::vector<double> run(static_cast<std::size_t>(n * wide));
        normal.generate(std::uint64_t(first * wide), std::uint64_t(n * wide), run.data(), copy);
        put(first, n, run.data());
      });
    } else {  // a sequential engine: in one call, in order, on this thread
      std::vector<double> all(static_cast<std::size_t>(tall * wide));
      normal.generate(0, std::uint64_t(tall * wide), all.data(), source);
      put(0, tall, all.data());
    }
  }

  template <class Source>
  void compute_exact(std::int64_t tall, std::int64_t wide, Source& source,
                     std::vector<T>& out) const {
    using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    matrix g(tall, wide);
    thread_team alone(1);
    gaussian(tall, wide, source, alone, [&](std::int64_t first, std::int64_t n, const double* x) {
      std::copy(x, x + n * wide, g.data() + first * wide);
    });
    const Eigen::HouseholderQR<matrix> qr(g);
    matrix q = qr.householderQ() * matrix::Identity(tall, wide);
    // sign(diag R) makes the distribution Haar (Mezzadri, math-ph/0609050).
    const auto& r = qr.matrixQR();
    for (std::int64_t j = 0; j < wide; ++j) {
      if (r(j, j) < 0) q.col(j) = -q.col(j);
    }
    if (rows_ < cols_) q.transposeInPlace();  // now rows_ x cols_
    for (std::int64_t i = 0; i < rows_ * cols_; ++i) {
      out[std::size_t(i)] = round_to<T>(gain_ * q.data()[i]);
    }
  }

  template <class Source>
  void compute_blocked(std::int64_t tall, std::int64_t wide, Source& source) const {
    thread_team team(thread_count());
    const std::int64_t ld = householder_q<float>::stride_for(wide);
    // Not zeroed here: the draw writes every row whole (the scratch columns past `wide` as
    // zeros) on the team's threads, which also share the first-touch page faults.
    std::unique_ptr<float[]> a(new float[std::size_t(tall * ld)]);
    gaussian(tall, wide, source, team, [&](std::int64_t first, std::int64_t n, const double* x) {
      for (std::int64_t i = 0; i < n; ++i) {
        float* row = a.get() + (first + i) * ld;
        for (std::int64_t j = 0; j < wide; ++j) row[j] = static_cast<float>(x[i * wide + j]);
        std::fill(row + wide, row + ld, 0.0f);
      }
    });
    std::vector<bool> negative;
    householder_q<float>(tall, wide, ld).run(a.get(), negative, team);  // a := Q
    state_->column_scale.resize(std::size_t(wide));
    for (std::int64_t j = 0; j < wide; ++j) {
      state_->column_scale[std::size_t(j)] = negative[std::size_t(j)] ? -gain_ : gain_;
    }
    state_->blocked_q = std::move(a);
    state_->ld = ld;
  }

  static unsigned thread_count() {
    const unsigned threads = orthogonal_thread_setting().load();
    return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  }

  std::int64_t rows_, cols_;
  double gain_;
  std::shared_ptr<state> state_;
};

}  // namespace detail

/// The number of threads Orthogonal may use to compute one large matrix (the blocked float
/// path, min(rows, cols) >= 128): 0, the default, means std::thread::hardware_concurrency(),
/// 1 computes on the calling thread only. Values never depend on it. Returns the previous
/// setting.
inline unsigned set_orthogonal_threads(unsigned threads) {
  return detail::orthogonal_thread_setting().exchange(threads);
}

/// Orthogonal: a random orthogonal matrix, Haar distributed, times `gain`.
///
/// The shape is flattened to (prod(shape[:-1]), shape[-1]) as Keras does. With G an
/// N(0, 1) matrix of shape (max, min) and G = QR its QR decomposition, W = Q diag(sign(diag
/// R)), transposed when rows < cols, then scaled: rows of W are orthonormal when rows <= cols,
/// columns when rows >= cols, so W^T W = gain^2 I or W W^T = gain^2 I.
/// Saxe, McClelland & Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep
/// linear neural networks", ICLR 2014; Mezzadri, "How to generate random matrices from the
/// classical compact groups", 2007.
///
/// Keras: `keras.initializers.Orthogonal(gain=1.0, seed=None)`, names "Orthogonal",
/// "orthogonal", "OrthogonalInitializer". Defaults: gain 1. Computed in double, then rounded,
/// except for float, half and bfloat16 targets with min(rows, cols) >= 128: those use a
/// blocked QR in float (same Gaussian matrix, same sign fix, rounding error only; see
/// detail::orthogonal_sampler), bit-reproducible and multi-threaded (set_orthogonal_threads).
/// Throws for rank < 2 or a non-finite gain.
class Orthogonal : public initializer_base<Orthogonal>, public seeded {
 public:
  static constexpr std::string_view name = "Orthogonal";

  explicit Orthogonal(double gain = 1.0, std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), gain_(gain) {
    detail::require_finite(name, "gain", gain);
  }
  double gain() const { return gain_; }

  template <class T>
  detail::orthogonal_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() < 2) detail::fail(name, "shape", "must have rank >= 2", shape);
    const std::int64_t cols = shape.back();
    std::int64_t rows = 1;
    for (std::size_t k = 0; k + 1 < shape.size(); ++k) rows *= shape[k];
    return {rows, cols, gain_};
  }

 private:
  double gain_;
};

}  // namespace weightinit

#endif  // WEIGHTINIT_ORTHOGONAL_HPP_
