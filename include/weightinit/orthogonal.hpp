// SPDX-License-Identifier: Apache-2.0
// weightinit/orthogonal.hpp: Orthogonal, a random orthogonal matrix (Haar distributed).
#ifndef WEIGHTINIT_ORTHOGONAL_HPP_
#define WEIGHTINIT_ORTHOGONAL_HPP_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>

#include "weightinit/detail/distribution.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/seed.hpp"

namespace weightinit {

namespace detail {

/// The whole orthogonal matrix is computed once, on the first request, and any run of
/// logical indices is then copied out of it. A slice therefore costs a full QR: every shard
/// computes the same global matrix and keeps its part.
template <class T>
class orthogonal_sampler {
 public:
  orthogonal_sampler(std::int64_t rows, std::int64_t cols, double gain)
      : rows_(rows), cols_(cols), gain_(gain) {}

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    if (!q_) compute(source);
    std::copy(q_->begin() + std::ptrdiff_t(first), q_->begin() + std::ptrdiff_t(first + count),
              out);
  }

 private:
  template <class Source>
  void compute(Source& source) const {
    using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const std::int64_t tall = std::max(rows_, cols_);
    const std::int64_t wide = std::min(rows_, cols_);
    // Gaussian (tall x wide), element (i, j) at logical index i * wide + j, in double.
    matrix gaussian(tall, wide);
    distribution_sampler<double>("Orthogonal", distribution_spec::normal(0.0, 1.0))
        .generate(0, std::uint64_t(tall * wide), gaussian.data(), source);
    const Eigen::HouseholderQR<matrix> qr(gaussian);
    matrix q = qr.householderQ() * matrix::Identity(tall, wide);
    // sign(diag R) makes the distribution Haar (Mezzadri, math-ph/0609050).
    const auto& r = qr.matrixQR();
    for (std::int64_t j = 0; j < wide; ++j) {
      if (r(j, j) < 0) q.col(j) = -q.col(j);
    }
    if (rows_ < cols_) q.transposeInPlace();  // now rows_ x cols_
    q_ = std::make_shared<std::vector<T>>(std::size_t(rows_ * cols_));
    for (std::int64_t i = 0; i < rows_ * cols_; ++i) {
      (*q_)[std::size_t(i)] = round_to<T>(gain_ * q.data()[i]);
    }
  }

  std::int64_t rows_, cols_;
  double gain_;
  mutable std::shared_ptr<std::vector<T>> q_;
};

}  // namespace detail

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
/// "orthogonal", "OrthogonalInitializer". Defaults: gain 1. Computed in double for every
/// scalar type, then rounded. Throws for rank < 2 or a non-finite gain.
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
