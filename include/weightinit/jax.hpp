// SPDX-License-Identifier: Apache-2.0
// weightinit/jax.hpp: the JAX dialect, weightinit::jax, mirroring jax.nn.initializers (which
// Flax re-exports).
//
// JAX's initializers are builders: `jax.nn.initializers.glorot_normal(in_axis=-2)` returns a
// function `init(key, shape, dtype)`. Here each builder is a function of the same name,
// parameters and defaults, returning an initializer object usable everywhere an initializer is
// (shape calls, in-place fills of any Eigen target, slices, URBGs; initializer.hpp):
//
//   auto init = weightinit::jax::variance_scaling(2.0, "fan_in", "normal", {0, 1}, 2);
//   Eigen::Tensor<float, 3> w = init({4, 8, 16});
//   weightinit::jax::orthogonal(1.0, 0, 42)(matrix);              // fills in place
//
// JAX's explicit key becomes the trailing optional `seed`: given, every call returns the same
// values (as one key does); absent, a seed is drawn once, at construction, as everywhere in
// the library (seed.hpp). The seed comes after all of JAX's parameters, so a seeded preset is
// `glorot_uniform(-2, -1, {}, 42)` (`glorot_uniform(42)` would mean in_axis 42, which throws
// when called). JAX's `dtype` becomes the scalar type of the call (float, double,
// Eigen::half, Eigen::bfloat16).
//
// The returned types live in weightinit::jax and are named after the builder in PascalCase:
// jax::Uniform, jax::Normal, jax::TruncatedNormal, jax::VarianceScaling (also what the glorot /
// he / lecun builders return), jax::Orthogonal, jax::DeltaOrthogonal. Their semantics and
// defaults are JAX's, not those of the Keras classes of the same names in weightinit:
// qualify them. zeros(), ones() and constant() return the library's Zeros, Ones, Constant.
// Error messages name the builder as "jax.<builder>".
//
// Differences from JAX (all where JAX accepts input that is almost surely a mistake):
// - parameters are validated when the initializer is built (JAX checks variance_scaling's mode
//   and distribution only when the initializer is called, and checks no scale): uniform's
//   scale and the stddevs must be finite and >= 0, variance_scaling's scale > 0,
//   truncated_normal's bounds finite with lower < upper (JAX also takes infinite bounds);
// - shape problems (ranks, axes out of range, repeated within a list or shared by batch_axis
//   and in_axis / out_axis) throw weightinit::invalid_argument naming the parameter and value
//   (JAX raises IndexError / ValueError, or silently computes fractional fans);
// - fans are exact integers (compute_fans_jax, fans.hpp), and an empty shape simply yields an
//   empty result (JAX divides by a zero fan; its inf never reaches a value either).
// Complex dtypes (which JAX's variance_scaling supports) are out of scope. Values are a pure
// function of (seed, parameters, shape, index, scalar type) with Philox4x32-10, not JAX's
// threefry streams.
#ifndef WEIGHTINIT_JAX_HPP_
#define WEIGHTINIT_JAX_HPP_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weightinit/constant.hpp"
#include "weightinit/detail/distribution.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/fans.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/orthogonal.hpp"
#include "weightinit/seed.hpp"
#include "weightinit/variance_scaling.hpp"

namespace weightinit {

namespace detail {

// The axis `axis` of a rank-`rank` shape, negative from the end; throws naming `parameter`.
inline std::size_t jax_axis(std::string_view who, std::string_view parameter, int axis,
                            std::size_t rank) {
  const int r = static_cast<int>(rank);
  const int a = axis < 0 ? axis + r : axis;
  if (a < 0 || a >= r)
    fail(who, parameter, "must be an axis of a rank-" + std::to_string(r) + " shape", axis);
  return std::size_t(a);
}

/// JAX's orthogonal for a shape whose columns lie along any axis: the library's Haar
/// orthogonal matrix Q of shape (n_rows, n_cols) (orthogonal_sampler), n_cols =
/// shape[column_axis], n_rows = the product of the other dimensions, reshaped to the shape
/// without column_axis followed by n_cols, then with that last axis moved to column_axis
/// (jnp.moveaxis(-1, column_axis)). With the dimensions before column_axis flattened to a and
/// those after it to b (of size `inner`), element (a, j, b) is Q[a * inner + b, j].
template <class T>
class jax_orthogonal_sampler {
 public:
  jax_orthogonal_sampler(std::int64_t rows, std::int64_t cols, std::int64_t inner, double scale)
      : q_(rows, cols, scale), cols_(std::uint64_t(cols)), inner_(std::uint64_t(inner)) {}

  bool concurrent() const { return true; }  // the held orthogonal sampler is

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    if (inner_ == 1) {  // the columns are the last axis (up to trailing size-1 axes)
      q_.generate(first, count, out, source);
      return;
    }
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t index = first + i;
      const std::uint64_t b = index % inner_;
      const std::uint64_t j = (index / inner_) % cols_;
      const std::uint64_t a = index / inner_ / cols_;
      q_.generate((a * inner_ + b) * cols_ + j, 1, out + i, source);
    }
  }

 private:
  orthogonal_sampler<T> q_;
  std::uint64_t cols_, inner_;
};

// The sampler of jax.orthogonal(scale, column_axis) for `shape`, errors naming `who`.
template <class T>
jax_orthogonal_sampler<T> make_jax_orthogonal_sampler(std::string_view who, const shape_type& shape,
                                                      int column_axis, double scale) {
  if (shape.size() < 2) fail(who, "shape", "must have rank >= 2", shape);
  const std::size_t c = jax_axis(who, "column_axis", column_axis, shape.size());
  shape_type others;  // the shape without column_axis
  std::int64_t inner = 1;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (k != c) others.push_back(shape[k]);
    if (k > c) inner *= shape[k];  // <= rows, checked just below
  }
  const std::int64_t rows = checked_numel(who, others);  // may be huge only for empty shapes
  return {rows, shape[c], inner, scale};
}

/// JAX's delta_orthogonal: an orthogonal (in, out) matrix at the spatial centre tap, whose
/// logical indices are [centre * in * out, (centre + 1) * in * out), zeros elsewhere.
template <class T>
class jax_delta_orthogonal_sampler {
 public:
  jax_delta_orthogonal_sampler(jax_orthogonal_sampler<T> matrix, std::uint64_t centre_first,
                               std::uint64_t matrix_size)
      : matrix_(std::move(matrix)), begin_(centre_first), end_(centre_first + matrix_size) {}

  bool concurrent() const { return true; }  // the held orthogonal sampler is

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    const T zero = round_to<T>(0.0);
    const std::uint64_t last = first + count;
    const std::uint64_t lo = std::max(first, begin_), hi = std::min(last, end_);
    if (lo >= hi) {
      std::fill(out, out + count, zero);
      return;
    }
    std::fill(out, out + (lo - first), zero);
    matrix_.generate(lo - begin_, hi - lo, out + (lo - first), source);
    std::fill(out + (hi - first), out + count, zero);
  }

 private:
  jax_orthogonal_sampler<T> matrix_;
  std::uint64_t begin_, end_;
};

}  // namespace detail

namespace jax {

/// One or more axes, as JAX's `int | Sequence[int]` axis parameters: `-2`, `{0, 1}`, `{}`
/// (no axis), or a std::vector<int>. Negative axes count from the end.
class axes {
 public:
  axes() = default;
  axes(int axis) : list_{axis} {}  // NOLINT(google-explicit-constructor): JAX's int form
  axes(std::initializer_list<int> list) : list_(list) {}
  axes(std::vector<int> list) : list_(std::move(list)) {}  // NOLINT(google-explicit-constructor)
  const std::vector<int>& list() const { return list_; }

 private:
  std::vector<int> list_;
};

/// JAX's mode names, exactly: "fan_in", "fan_out", "fan_avg", "fan_geo_avg".
inline fan_mode parse_mode(std::string_view text, std::string_view who = "jax.variance_scaling") {
  for (fan_mode m :
       {fan_mode::fan_in, fan_mode::fan_out, fan_mode::fan_avg, fan_mode::fan_geo_avg}) {
    if (text == to_string(m)) return m;
  }
  detail::fail(who, "mode", "must be one of \"fan_in\", \"fan_out\", \"fan_avg\", \"fan_geo_avg\"",
               text);
}

/// JAX's distribution names, exactly: "truncated_normal", "normal" (untruncated, unlike
/// Keras's alias), "uniform".
inline distribution parse_distribution(std::string_view text,
                                       std::string_view who = "jax.variance_scaling") {
  if (text == "truncated_normal") return distribution::truncated_normal;
  if (text == "normal") return distribution::untruncated_normal;
  if (text == "uniform") return distribution::uniform;
  detail::fail(who, "distribution", "must be one of \"truncated_normal\", \"normal\", \"uniform\"",
               text);
}

/// JAX's name of a distribution: "truncated_normal", "normal" or "uniform".
inline std::string_view distribution_name(distribution dist) {
  switch (dist) {
    case distribution::truncated_normal:
      return "truncated_normal";
    case distribution::untruncated_normal:
      return "normal";
    default:
      return "uniform";
  }
}

/// jax.nn.initializers.uniform(scale): w ~ U[0, scale). Not symmetric, unlike Keras's
/// RandomUniform. Default scale 1e-2. Throws unless scale is finite and >= 0 (JAX accepts a
/// negative scale, giving (scale, 0]).
class Uniform : public initializer_base<Uniform>, public seeded {
 public:
  static constexpr std::string_view name = "jax.uniform";

  explicit Uniform(double scale = 1e-2, std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), scale_(scale) {
    if (!std::isfinite(scale) || scale < 0)
      detail::fail(name, "scale", "must be finite and >= 0", scale);
  }
  double scale() const { return scale_; }
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::uniform(0.0, scale_);
  }
  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type&) const {
    return {name, spec()};
  }

 private:
  double scale_;
};

/// jax.nn.initializers.normal(stddev): w ~ N(0, stddev^2). Default stddev 1e-2. Throws
/// unless stddev is finite and >= 0.
class Normal : public initializer_base<Normal>, public seeded {
 public:
  static constexpr std::string_view name = "jax.normal";

  explicit Normal(double stddev = 1e-2, std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), stddev_(stddev) {
    if (!std::isfinite(stddev) || stddev < 0) {
      detail::fail(name, "stddev", "must be finite and >= 0", stddev);
    }
  }
  double stddev() const { return stddev_; }
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::normal(0.0, stddev_);
  }
  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type&) const {
    return {name, spec()};
  }

 private:
  double stddev_;
};

/// jax.nn.initializers.truncated_normal(stddev, lower, upper): w = stddev * z with z ~ N(0, 1)
/// conditioned on lower <= z <= upper. The bounds are in units of stddev and stddev is the
/// standard deviation before truncation: no correction is applied (the variance-scaling
/// initializers apply it). Defaults: stddev 1e-2, lower -2, upper 2. Sampling is exact and
/// values stay within [lower stddev, upper stddev] in every scalar type. Throws unless stddev
/// is finite and >= 0 and lower < upper are finite (JAX also accepts infinite bounds).
class TruncatedNormal : public initializer_base<TruncatedNormal>, public seeded {
 public:
  static constexpr std::string_view name = "jax.truncated_normal";

  explicit TruncatedNormal(double stddev = 1e-2, double lower = -2.0, double upper = 2.0,
                           std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), stddev_(stddev), lower_(lower), upper_(upper) {
    if (!std::isfinite(stddev) || stddev < 0) {
      detail::fail(name, "stddev", "must be finite and >= 0", stddev);
    }
    detail::require_finite(name, "lower", lower);
    detail::require_finite(name, "upper", upper);
    if (!(lower < upper)) {
      detail::fail(name, "upper", "must be > lower (" + detail::to_text(lower) + ")", upper);
    }
  }
  double stddev() const { return stddev_; }
  double lower() const { return lower_; }
  double upper() const { return upper_; }
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::truncated_normal(0.0, stddev_, lower_, upper_);
  }
  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type&) const {
    return {name, spec()};
  }

 private:
  double stddev_, lower_, upper_;
};

/// jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis, out_axis,
/// batch_axis): adapts its scale to the shape of the weights.
///
///   fans as compute_fans_jax(shape, in_axis, out_axis, batch_axis) (fans.hpp): the product
///   of the in / out axes' sizes times the receptive field (all axes in no list);
///   n = fan_in | fan_out | (fan_in + fan_out) / 2 | sqrt(fan_in fan_out)   (by mode)
///   "truncated_normal": w ~ TN(0, sigma^2, +-2 sigma), sigma = sqrt(scale / n) / 0.8796...
///   "normal":           w ~ N(0, scale / n), UNTRUNCATED (Keras's "normal" is truncated)
///   "uniform":          w ~ U[-sqrt(3 scale / n), sqrt(3 scale / n))
///
/// The distributions are Keras's VarianceScaling's (detail::variance_scaling_spec), but JAX
/// divides by n itself, not max(1, n), and its fans are never below 1 for a non-empty shape.
/// An empty shape has nothing to draw (JAX's inf variance never reaches a value either): it
/// fills nothing and its spec() is the constant 0. Glorot & Bengio 2010; He et al. 2015;
/// LeCun et al. 1998; Klambauer et al. 2017.
///
/// JAX: scale, mode and distribution are required; defaults in_axis -2, out_axis -1,
/// batch_axis (). Throws at construction for scale <= 0 or not finite and an unknown mode or
/// distribution (JAX: at call time); at call time for axes out of range, repeated or shared
/// by batch_axis and in_axis / out_axis, and for rank <= 1 with the default in_axis -2 (as
/// JAX). in_axis and out_axis may share axes, as Flax's embedding initializer
/// variance_scaling(1.0, "fan_in", "normal", -2, 0) does.
class VarianceScaling : public initializer_base<VarianceScaling>, public seeded {
 public:
  static constexpr std::string_view name = "jax.variance_scaling";

  VarianceScaling(double scale, fan_mode mode, weightinit::distribution dist, axes in_axis = -2,
                  axes out_axis = -1, axes batch_axis = {},
                  std::optional<seed_type> seed = std::nullopt)
      : seeded(seed),
        scale_(scale),
        mode_(mode),
        distribution_(dist),
        in_axis_(in_axis.list()),
        out_axis_(out_axis.list()),
        batch_axis_(batch_axis.list()) {
    detail::check_variance_scale(name, scale);
  }
  /// With JAX's strings: VarianceScaling(2.0, "fan_in", "normal").
  VarianceScaling(double scale, std::string_view mode, std::string_view dist, axes in_axis = -2,
                  axes out_axis = -1, axes batch_axis = {},
                  std::optional<seed_type> seed = std::nullopt)
      : VarianceScaling(scale, parse_mode(mode), parse_distribution(dist), std::move(in_axis),
                        std::move(out_axis), std::move(batch_axis), seed) {}

  double scale() const { return scale_; }
  fan_mode mode() const { return mode_; }
  weightinit::distribution distribution() const { return distribution_; }
  const std::vector<int>& in_axis() const { return in_axis_; }
  const std::vector<int>& out_axis() const { return out_axis_; }
  const std::vector<int>& batch_axis() const { return batch_axis_; }

  /// The fans of `shape` under this initializer's axes.
  fans fans_for(const shape_type& shape) const {
    return detail::fans_jax(name, shape, in_axis_, out_axis_, batch_axis_);
  }

  /// The distribution this initializer samples for `shape`.
  detail::distribution_spec spec(const shape_type& shape) const {
    const double n = detail::fan_divisor(fans_for(shape), mode_);
    if (n == 0) return detail::distribution_spec::constant(0.0);  // only for empty shapes
    return detail::variance_scaling_spec(scale_ / n, distribution_);
  }

  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type& shape) const {
    return {name, spec(shape)};
  }

 private:
  double scale_;
  fan_mode mode_;
  weightinit::distribution distribution_;
  std::vector<int> in_axis_, out_axis_, batch_axis_;
};

/// jax.nn.initializers.orthogonal(scale, column_axis): a Haar-distributed orthogonal matrix
/// times scale, whose columns lie along column_axis.
///
///   n_cols = shape[column_axis], n_rows = numel / n_cols; Q (n_rows, n_cols) from the QR of
///   an N(0, 1) (max, min) matrix with the sign(diag R) fix, transposed when n_rows < n_cols
///   (Orthogonal's algorithm and values); reshaped to shape without column_axis + (n_cols,);
///   then the last axis moved to column_axis; w = scale Q.
///
/// Rows are orthonormal when n_rows <= n_cols, columns when n_rows >= n_cols. With
/// column_axis -1 the values equal weightinit::Orthogonal(scale, seed)'s. Saxe, McClelland &
/// Ganguli, ICLR 2014; Mezzadri, math-ph/0609050. JAX defaults: scale 1, column_axis -1. An
/// empty shape is filled with nothing (JAX: zeros). Throws at call time for rank < 2 or a
/// column_axis out of range, at construction for a non-finite scale.
class Orthogonal : public initializer_base<Orthogonal>, public seeded {
 public:
  static constexpr std::string_view name = "jax.orthogonal";

  explicit Orthogonal(double scale = 1.0, int column_axis = -1,
                      std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), scale_(scale), column_axis_(column_axis) {
    detail::require_finite(name, "scale", scale);
  }
  double scale() const { return scale_; }
  int column_axis() const { return column_axis_; }

  template <class T>
  detail::jax_orthogonal_sampler<T> sampler(const shape_type& shape) const {
    return detail::make_jax_orthogonal_sampler<T>(name, shape, column_axis_, scale_);
  }

 private:
  double scale_;
  int column_axis_;
};

/// jax.nn.initializers.delta_orthogonal(scale, column_axis): the delta-orthogonal kernel of
/// Xiao et al., "Dynamical Isometry and a Mean Field Theory of CNNs", ICML 2018
/// (arXiv:1806.05393), for a channels-last convolution kernel (k..., in, out) of rank 3, 4
/// or 5:
///
///   w[c_1, ..., c_s, :, :] = orthogonal(scale, column_axis) of shape (in, out),
///   c_i = (k_i - 1) // 2 (JAX's centre; PyTorch's dirac_ uses k_i // 2), w = 0 elsewhere.
///
/// in <= out is required, so the centre matrix has orthonormal rows (W W^T = scale^2 I); its
/// values equal jax::orthogonal(scale, column_axis, seed) on (in, out), so column_axis must be
/// an axis of that 2-D shape (-2, -1, 0 or 1). JAX defaults: scale 1, column_axis -1. Throws at
/// call time for ranks other than 3, 4, 5, for in > out ("fan_in must be <= fan_out") and
/// for a column_axis out of range.
class DeltaOrthogonal : public initializer_base<DeltaOrthogonal>, public seeded {
 public:
  static constexpr std::string_view name = "jax.delta_orthogonal";

  explicit DeltaOrthogonal(double scale = 1.0, int column_axis = -1,
                           std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), scale_(scale), column_axis_(column_axis) {
    detail::require_finite(name, "scale", scale);
  }
  double scale() const { return scale_; }
  int column_axis() const { return column_axis_; }

  template <class T>
  detail::jax_delta_orthogonal_sampler<T> sampler(const shape_type& shape) const {
    const std::size_t rank = shape.size();
    if (rank < 3 || rank > 5) detail::fail(name, "shape", "must be 3-D, 4-D or 5-D", shape);
    const std::int64_t in = shape[rank - 2], out = shape[rank - 1];
    if (in > out) {
      detail::fail(name, "shape",
                   "must have fan_in = shape[-2] <= fan_out = shape[-1] (" + std::to_string(in) +
                       " > " + std::to_string(out) + ")",
                   shape);
    }
    std::uint64_t centre = 0;
    for (std::size_t k = 0; k + 2 < rank; ++k) {
      // (k - 1) // 2, Python's floor division: -1 for an empty spatial axis (nothing to fill).
      const std::int64_t c = shape[k] > 0 ? (shape[k] - 1) / 2 : 0;
      centre = centre * std::uint64_t(shape[k]) + std::uint64_t(c);
    }
    const std::uint64_t size = std::uint64_t(detail::checked_numel(name, {in, out}));
    return {detail::make_jax_orthogonal_sampler<T>(name, {in, out}, column_axis_, scale_),
            centre * size, size};
  }

 private:
  double scale_;
  int column_axis_;
};

// --- Builders: jax.nn.initializers' functions --------------------------------------------

/// jax.nn.initializers.zeros: every element 0. The seed is accepted and ignored, as JAX
/// ignores the key.
inline Zeros zeros(std::optional<seed_type> /*seed*/ = std::nullopt) { return Zeros(); }

/// jax.nn.initializers.ones: every element 1. The seed is ignored, as JAX ignores the key.
inline Ones ones(std::optional<seed_type> /*seed*/ = std::nullopt) { return Ones(); }

/// jax.nn.initializers.constant(value): every element `value` (finite). The seed is ignored.
inline Constant constant(double value, std::optional<seed_type> /*seed*/ = std::nullopt) {
  return Constant(value);
}

/// jax.nn.initializers.uniform(scale=1e-2): U[0, scale). See jax::Uniform.
inline Uniform uniform(double scale = 1e-2, std::optional<seed_type> seed = std::nullopt) {
  return Uniform(scale, seed);
}

/// jax.nn.initializers.normal(stddev=1e-2): N(0, stddev^2). See jax::Normal.
inline Normal normal(double stddev = 1e-2, std::optional<seed_type> seed = std::nullopt) {
  return Normal(stddev, seed);
}

/// jax.nn.initializers.truncated_normal(stddev=1e-2, lower=-2.0, upper=2.0): stddev times a
/// standard normal truncated to [lower, upper], no stddev correction. See jax::TruncatedNormal.
inline TruncatedNormal truncated_normal(double stddev = 1e-2, double lower = -2.0,
                                        double upper = 2.0,
                                        std::optional<seed_type> seed = std::nullopt) {
  return TruncatedNormal(stddev, lower, upper, seed);
}

/// jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis=-2, out_axis=-1,
/// batch_axis=()): modes "fan_in", "fan_out", "fan_avg", "fan_geo_avg"; distributions
/// "truncated_normal", "normal" (untruncated), "uniform". See jax::VarianceScaling.
inline VarianceScaling variance_scaling(double scale, std::string_view mode, std::string_view dist,
                                        axes in_axis = -2, axes out_axis = -1, axes batch_axis = {},
                                        std::optional<seed_type> seed = std::nullopt) {
  return VarianceScaling(scale, mode, dist, std::move(in_axis), std::move(out_axis),
                         std::move(batch_axis), seed);
}
/// The same with the mode and distribution as enumerators (untruncated_normal is JAX's
/// "normal").
inline VarianceScaling variance_scaling(double scale, fan_mode mode, distribution dist,
                                        axes in_axis = -2, axes out_axis = -1, axes batch_axis = {},
                                        std::optional<seed_type> seed = std::nullopt) {
  return VarianceScaling(scale, mode, dist, std::move(in_axis), std::move(out_axis),
                         std::move(batch_axis), seed);
}

// The variance-scaling presets: builder(in_axis=-2, out_axis=-1, batch_axis=(), seed).
#define WEIGHTINIT_JAX_PRESET(builder, scale, mode, dist)                                     \
  inline VarianceScaling builder(axes in_axis = -2, axes out_axis = -1, axes batch_axis = {}, \
                                 std::optional<seed_type> seed = std::nullopt) {              \
    return VarianceScaling(scale, fan_mode::mode, distribution::dist, std::move(in_axis),     \
                           std::move(out_axis), std::move(batch_axis), seed);                 \
  }

/// jax.nn.initializers.glorot_uniform (alias xavier_uniform): variance_scaling(1.0, "fan_avg",
/// "uniform"): U[-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). Glorot & Bengio,
/// "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
WEIGHTINIT_JAX_PRESET(glorot_uniform, 1.0, fan_avg, uniform)
/// Alias of glorot_uniform.
WEIGHTINIT_JAX_PRESET(xavier_uniform, 1.0, fan_avg, uniform)

/// jax.nn.initializers.glorot_normal (alias xavier_normal): variance_scaling(1.0, "fan_avg",
/// "truncated_normal"): standard deviation sqrt(2 / (fan_in + fan_out)) after truncation to
/// +-2 sigma. Glorot & Bengio, AISTATS 2010.
WEIGHTINIT_JAX_PRESET(glorot_normal, 1.0, fan_avg, truncated_normal)
/// Alias of glorot_normal.
WEIGHTINIT_JAX_PRESET(xavier_normal, 1.0, fan_avg, truncated_normal)

/// jax.nn.initializers.lecun_uniform: variance_scaling(1.0, "fan_in", "uniform"):
/// U[-limit, limit), limit = sqrt(3 / fan_in). LeCun et al., "Efficient BackProp", 1998.
WEIGHTINIT_JAX_PRESET(lecun_uniform, 1.0, fan_in, uniform)

/// jax.nn.initializers.lecun_normal: variance_scaling(1.0, "fan_in", "truncated_normal"):
/// standard deviation sqrt(1 / fan_in). LeCun et al. 1998; Klambauer et al.,
/// "Self-Normalizing Neural Networks", NeurIPS 2017. Flax's default kernel initializer.
WEIGHTINIT_JAX_PRESET(lecun_normal, 1.0, fan_in, truncated_normal)

/// jax.nn.initializers.he_uniform (alias kaiming_uniform): variance_scaling(2.0, "fan_in",
/// "uniform"): U[-limit, limit), limit = sqrt(6 / fan_in). He et al., "Delving deep into
/// rectifiers", ICCV 2015.
WEIGHTINIT_JAX_PRESET(he_uniform, 2.0, fan_in, uniform)
/// Alias of he_uniform.
WEIGHTINIT_JAX_PRESET(kaiming_uniform, 2.0, fan_in, uniform)

/// jax.nn.initializers.he_normal (alias kaiming_normal): variance_scaling(2.0, "fan_in",
/// "truncated_normal"): standard deviation sqrt(2 / fan_in). He et al., ICCV 2015.
WEIGHTINIT_JAX_PRESET(he_normal, 2.0, fan_in, truncated_normal)
/// Alias of he_normal.
WEIGHTINIT_JAX_PRESET(kaiming_normal, 2.0, fan_in, truncated_normal)

#undef WEIGHTINIT_JAX_PRESET

/// jax.nn.initializers.orthogonal(scale=1.0, column_axis=-1). See jax::Orthogonal.
inline Orthogonal orthogonal(double scale = 1.0, int column_axis = -1,
                             std::optional<seed_type> seed = std::nullopt) {
  return Orthogonal(scale, column_axis, seed);
}

/// jax.nn.initializers.delta_orthogonal(scale=1.0, column_axis=-1). See jax::DeltaOrthogonal.
inline DeltaOrthogonal delta_orthogonal(double scale = 1.0, int column_axis = -1,
                                        std::optional<seed_type> seed = std::nullopt) {
  return DeltaOrthogonal(scale, column_axis, seed);
}

}  // namespace jax
}  // namespace weightinit

#endif  // WEIGHTINIT_JAX_HPP_
