// SPDX-License-Identifier: Apache-2.0
// weightinit/torch.hpp: the PyTorch dialect, weightinit::torch, with the names, parameters,
// defaults and layout of torch.nn.init (and LibTorch's torch::nn::init).
//
//   namespace wt = weightinit::torch;
//   Eigen::Tensor<float, 4> conv(64, 3, 7, 7);          // PyTorch layout (out, in, k...)
//   wt::kaiming_normal_(conv, 0, "fan_out", "relu", 42);  // in place, returns the target
//   Eigen::MatrixXf w(256, 784);
//   wt::xavier_uniform_(w, wt::calculate_gain("tanh"));  // seed drawn once (seed.hpp)
//   std::mt19937 gen(7);
//   wt::trunc_normal_(w, 0.0, 0.02, -0.04, 0.04, gen);    // PyTorch's generator=
//   wt::KaimingUniform init(std::sqrt(5.0));               // as an initializer object
//   Eigen::Tensor<float, 2> bias = init({16, 8});
//
// Every function fills any target the library accepts (Eigen::Tensor / TensorMap of any rank,
// Matrix, Array, Map, Block, Ref, row_major_span; float, double, Eigen::half, Eigen::bfloat16)
// and returns it. An Eigen matrix is the 2-D weight (rows, cols) = (size(0), size(1)).
//
// Each function is a thin call of an initializer class (Uniform, Normal, TruncNormal, Constant,
// Ones, Zeros, Eye, Dirac, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal,
// Orthogonal, Sparse), which works everywhere an initializer does (shapes, slices, engines).
//
// Seeds: the random functions take a last `std::optional<seed_type> seed`. Given, the values
// are a pure function of (seed, parameters, shape, element index, scalar type), as for every
// weightinit initializer; absent, a seed is drawn from the process-wide sequence (so repeated
// calls differ, like PyTorch's advancing global generator, and set_global_seed makes a run
// reproducible). In place of the seed, any std UniformRandomBitGenerator may be passed (as
// PyTorch's `generator=`); it is consumed sequentially.
//
// Differences from PyTorch, all for input PyTorch mishandles or for determinism:
// - invalid parameters throw weightinit::invalid_argument (a std::invalid_argument) naming the
//   function, the parameter and the value, where PyTorch raises ValueError, fails later or
//   produces nan: non-finite values, std < 0, b < a, sparsity outside [0, 1], groups < 1;
// - constant_ rejects non-finite values (PyTorch fills nan or inf);
// - trunc_normal_ samples exactly whatever the interval (no warning when the mean is more than
//   2 std outside [a, b]; PyTorch <= 2.11 warns that its inverse-CDF method degrades there);
//   std == 0 gives the mean clamped into [a, b] (PyTorch divides by zero);
// - the rows that sparse_ zeroes are drawn from the seed too (PyTorch's randperm ignores
//   `generator=`), so they are reproducible;
// - xavier_*, orthogonal_, sparse_ and dirac_ on a tensor without elements do nothing after
//   checking the rank, like PyTorch main (whose xavier_ divides by zero when fan_in + fan_out
//   is 0); kaiming_* do nothing before checking it, as in PyTorch (which warns).
// The random streams are weightinit's (Philox4x32-10), not PyTorch's: values follow the same
// distributions, not the same bits.
#ifndef WEIGHTINIT_TORCH_HPP_
#define WEIGHTINIT_TORCH_HPP_

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "weightinit/constant.hpp"
#include "weightinit/detail/distribution.hpp"
#include "weightinit/detail/sampling.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/detail/shape.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/fans.hpp"
#include "weightinit/identity.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/orthogonal.hpp"
#include "weightinit/seed.hpp"
#include "weightinit/variance_scaling.hpp"

namespace weightinit {

namespace detail {

/// PyTorch's gain table (torch.nn.init.calculate_gain); errors name `who`.
inline double torch_gain(std::string_view who, std::string_view nonlinearity,
                         std::optional<double> param) {
  if (param && !std::isfinite(*param)) fail(who, "param", "must be finite", *param);
  for (std::string_view linear : {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                                  "conv_transpose2d", "conv_transpose3d", "sigmoid"}) {
    if (nonlinearity == linear) return 1.0;
  }
  if (nonlinearity == "tanh") return 5.0 / 3;
  if (nonlinearity == "relu") return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") {
    const double slope = param ? *param : 0.01;
    return std::sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity == "selu") return 3.0 / 4;  // found empirically (PyTorch PR #50664)
  fail(who, "nonlinearity",
       "must be one of \"linear\", \"conv1d\", \"conv2d\", \"conv3d\", \"conv_transpose1d\", "
       "\"conv_transpose2d\", \"conv_transpose3d\", \"sigmoid\", \"tanh\", \"relu\", "
       "\"leaky_relu\", \"selu\"",
       nonlinearity);
}

/// PyTorch's _calculate_correct_fan: the mode lower-cased, "fan_in" or "fan_out".
inline fan_mode torch_fan_mode(std::string_view who, std::string_view mode) {
  std::string lower(mode);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "fan_in") return fan_mode::fan_in;
  if (lower == "fan_out") return fan_mode::fan_out;
  fail(who, "mode", "must be \"fan_in\" or \"fan_out\"", mode);
}
inline fan_mode torch_fan_mode(std::string_view who, fan_mode mode) {
  if (mode != fan_mode::fan_in && mode != fan_mode::fan_out) {
    fail(who, "mode", "must be \"fan_in\" or \"fan_out\"", to_string(mode));
  }
  return mode;
}

inline void torch_check_std(std::string_view who, double stddev) {
  if (!std::isfinite(stddev) || stddev < 0) fail(who, "std", "must be finite and >= 0", stddev);
}

/// Base of the dialect's elementwise random initializers: Derived gives `name` and
/// `distribution_spec spec(const shape_type&) const`.
template <class Derived>
class torch_elementwise : public initializer_base<Derived>, public seeded {
 public:
  template <class T>
  distribution_sampler<T> sampler(const shape_type& shape) const {
    return {Derived::name, static_cast<const Derived&>(*this).spec(shape)};
  }

 protected:
  explicit torch_elementwise(std::optional<seed_type> seed) : seeded(seed) {}
};

/// Base of the dialect's constant fills (constant_, ones_, zeros_): one value, integer targets
/// allowed (as PyTorch's fill_).
template <class Derived>
class torch_constant : public initializer_base<Derived> {
 public:
  static constexpr bool allows_integers = true;
  double value() const { return value_; }
  template <class T>
  constant_sampler<T> sampler(const shape_type&) const {
    return {convert_constant<T>(value_)};
  }

 protected:
  explicit torch_constant(double value) : value_(value) {
    require_finite(Derived::name, "val", value);
  }

 private:
  double value_;
};

/// The one class behind xavier_* and kaiming_*: a zero-mean normal or uniform whose standard
/// deviation comes from the PyTorch fans (layout (out, in, k...), fan_in = size(1) * rf,
/// fan_out = size(0) * rf, rf = product of the kernel dims; rank < 2 throws), computed with
/// PyTorch's formulas in double:
/// - xavier (mode fan_avg): std = gain * sqrt(2 / (fan_in + fan_out));
/// - kaiming (mode fan_in or fan_out): std = gain / sqrt(fan);
/// - uniform: U[-bound, bound), bound = sqrt(3) * std; normal: N(0, std^2), untruncated.
/// PyTorch's formulas are used as written (not VarianceScaling with scale gain^2, which
/// computes sqrt(3 gain^2 / n) and rejects gain 0), so the bounds are PyTorch's doubles.
template <class Derived, bool Uniform>
class torch_fan_scaled : public torch_elementwise<Derived> {
 public:
  /// The gain that multiplies the standard deviation.
  double gain() const { return gain_; }
  /// fan_in or fan_out (kaiming), fan_avg (xavier: fan_in + fan_out).
  fan_mode mode() const { return mode_; }

  distribution_spec spec(const shape_type& shape) const {
    const std::int64_t numel = checked_numel(Derived::name, shape);
    // kaiming_ returns before computing fans when there is no element (any rank); xavier_
    // checks the rank first. Either way an empty tensor is left alone.
    if (numel == 0 && (mode_ != fan_mode::fan_avg || shape.size() >= 2)) {
      return distribution_spec::constant(0.0);
    }
    const fans f = fans_by_convention(Derived::name, shape, fan_convention::torch);
    const double stddev =
        mode_ == fan_mode::fan_avg
            ? gain_ * std::sqrt(2.0 / double(f.fan_in + f.fan_out))
            : gain_ / std::sqrt(double(mode_ == fan_mode::fan_in ? f.fan_in : f.fan_out));
    if constexpr (Uniform) {
      const double bound = std::sqrt(3.0) * stddev;
      return distribution_spec::uniform(-bound, bound);
    } else {
      return distribution_spec::normal(0.0, stddev);
    }
  }

 protected:
  torch_fan_scaled(double gain, fan_mode mode, std::optional<seed_type> seed)
      : torch_elementwise<Derived>(seed), gain_(gain), mode_(mode) {}

 private:
  double gain_;
  fan_mode mode_;
};

/// xavier_uniform_ / xavier_normal_: parameters (gain = 1, seed).
template <class Derived, bool Uniform>
class torch_xavier : public torch_fan_scaled<Derived, Uniform> {
 public:
  explicit torch_xavier(double gain = 1.0, std::optional<seed_type> seed = std::nullopt)
      : torch_fan_scaled<Derived, Uniform>(checked(gain), fan_mode::fan_avg, seed) {}

 private:
  static double checked(double gain) {
    if (!std::isfinite(gain) || gain < 0) {
      fail(Derived::name, "gain", "must be finite and >= 0", gain);
    }
    return gain;
  }
};

/// kaiming_uniform_ / kaiming_normal_: parameters (a = 0, mode = "fan_in", nonlinearity =
/// "leaky_relu", seed); gain = calculate_gain(nonlinearity, a).
template <class Derived, bool Uniform>
class torch_kaiming : public torch_fan_scaled<Derived, Uniform> {
 public:
  explicit torch_kaiming(double a = 0.0, std::string_view mode = "fan_in",
                         std::string_view nonlinearity = "leaky_relu",
                         std::optional<seed_type> seed = std::nullopt)
      : torch_kaiming(a, torch_fan_mode(Derived::name, mode), nonlinearity, seed) {}
  torch_kaiming(double a, fan_mode mode, std::string_view nonlinearity = "leaky_relu",
                std::optional<seed_type> seed = std::nullopt)
      : torch_fan_scaled<Derived, Uniform>(torch_gain(Derived::name, nonlinearity, checked(a)),
                                           torch_fan_mode(Derived::name, mode), seed),
        a_(a),
        nonlinearity_(nonlinearity) {}

  /// The negative slope of the rectifier (used by "leaky_relu" only).
  double a() const { return a_; }
  const std::string& nonlinearity() const { return nonlinearity_; }

 private:
  static double checked(double a) {
    require_finite(Derived::name, "a", a);
    return a;
  }
  double a_;
  std::string nonlinearity_;
};

/// Values of dirac_: 1 at (g * out_per_group + d, d, k1 / 2, ...) for d < min(out_per_group,
/// in), 0 elsewhere. An element (o, i, k) of a (out, in, kernel...) tensor is one of those
/// exactly when k is the centre tap and i == o % out_per_group (then d = i < in).
template <class T>
struct dirac_sampler {
  std::uint64_t in, taps, centre, out_per_group;
  T one, zero;
  bool concurrent() const { return true; }
  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source&) const {
    for (std::uint64_t n = 0; n < count; ++n) {
      const std::uint64_t index = first + n;
      const std::uint64_t tap = index % taps;
      const std::uint64_t i = index / taps % in;
      const std::uint64_t o = index / taps / in;
      out[n] = tap == centre && i == o % out_per_group ? one : zero;
    }
  }
};

/// Values of sparse_: N(0, std^2), then in each column c the rows listed by the first `zeros`
/// entries of a Fisher-Yates shuffle of 0..rows-1 are zeroed. The shuffle of column c draws its
/// words from the retry blocks of index c, source.retry_block(c, k) for k = 0, 1, ...
/// (philox4x32_10({c_lo, c_hi, k, 1}, key) with the default generator; the normal values use
/// main blocks only), four words per block in order. A draw below n takes the low
/// ceil(log2 n) bits of one word (of two words, low then high, when n > 2^32) and rejects
/// values >= n; after 64 rejections in a row (never with a working generator) it takes the
/// value modulo n. The zero rows of a column are computed on its first use and cached.
template <class T>
class sparse_sampler {
 public:
  sparse_sampler(std::string_view who, std::int64_t rows, std::int64_t cols, std::int64_t zeros,
                 double stddev)
      : values_(who, distribution_spec::normal(0.0, stddev)),
        rows_(rows),
        cols_(cols),
        zeros_(zeros),
        zero_(round_to<T>(0.0)) {}

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    values_.generate(first, count, out, source);
    if (zeros_ == 0) return;
    if (!state_) state_ = std::make_shared<state>(rows_, cols_);
    for (std::uint64_t n = 0; n < count; ++n) {
      const std::uint64_t index = first + n;
      const std::uint64_t row = index / std::uint64_t(cols_);
      const std::uint64_t col = index % std::uint64_t(cols_);
      if (!state_->done[col]) shuffle(col, source);
      if (state_->zero[col * std::uint64_t(rows_) + row]) out[n] = zero_;
    }
  }

 private:
  struct state {
    state(std::int64_t rows, std::int64_t cols)
        : zero(std::size_t(rows * cols), false), done(std::size_t(cols), false) {}
    std::vector<bool> zero;  // column-major: zero[col * rows + row]
    std::vector<bool> done;
    std::vector<std::uint64_t> order;  // scratch permutation
  };

  template <class Source>
  struct word_stream {
    Source& source;
    std::uint64_t column;
    std::uint32_t attempt = 0;
    block words{};
    int used = 4;
    std::uint32_t next() {
      if (used == 4) {
        words = source.retry_block(column, attempt++);
        used = 0;
      }
      return words[std::size_t(used++)];
    }
  };

  // Uniform on [0, n), n >= 1.
  template <class Source>
  static std::uint64_t below(std::uint64_t n, word_stream<Source>& words) {
    const bool wide = n > (std::uint64_t{1} << 32);
    std::uint64_t mask = n - 1;
    for (int shift = 1; shift < 64; shift *= 2) mask |= mask >> shift;
    std::uint64_t x = 0;
    for (int attempt = 0; attempt < 64; ++attempt) {
      x = words.next();
      if (wide) x |= std::uint64_t{words.next()} << 32;
      x &= mask;
      if (x < n) return x;
    }
    return x % n;
  }

  template <class Source>
  void shuffle(std::uint64_t col, Source& source) const {
    state& s = *state_;
    const std::uint64_t rows = std::uint64_t(rows_);
    s.order.resize(std::size_t(rows));
    std::iota(s.order.begin(), s.order.end(), std::uint64_t{0});
    word_stream<Source> words{source, col};
    for (std::uint64_t i = 0; i < std::uint64_t(zeros_); ++i) {
      const std::uint64_t j = i + below(rows - i, words);
      std::swap(s.order[std::size_t(i)], s.order[std::size_t(j)]);
      s.zero[std::size_t(col * rows + s.order[std::size_t(i)])] = true;
    }
    s.done[std::size_t(col)] = true;
  }

  distribution_sampler<T> values_;
  std::int64_t rows_, cols_, zeros_;
  T zero_;
  mutable std::shared_ptr<state> state_;
};

template <class Target>
inline constexpr bool is_torch_target_v = is_target_v<std::remove_reference_t<Target>>;
template <class Target, class Urbg>
inline constexpr bool is_torch_target_and_urbg_v =
    std::conjunction_v<is_urbg<Urbg>, std::bool_constant<is_torch_target_v<Target>>>;

/// The seed of an initializer called with a generator: unused, and fixed so that the
/// process-wide seed sequence is not advanced.
inline constexpr seed_type torch_unused_seed = 0;

/// Fills `target` with `init` (from `engine` if one is given) and returns it.
template <class Init, class Target, class... Engine>
Target&& torch_fill(const Init& init, Target&& target, Engine&... engine) {
  init(target, engine...);
  return std::forward<Target>(target);
}

}  // namespace detail

/// The PyTorch dialect: torch.nn.init's functions and, for each, an initializer class.
namespace torch {

/// The recommended gain for a nonlinearity (torch.nn.init.calculate_gain):
///
///   linear, conv1d, conv2d, conv3d, conv_transpose1d/2d/3d, sigmoid   1
///   tanh                                                              5 / 3
///   relu                                                              sqrt(2)
///   leaky_relu                                  sqrt(2 / (1 + negative_slope^2))
///   selu                                                              3 / 4
///
/// `param` is leaky_relu's negative slope (default 0.01) and is ignored by the others. For
/// self-normalizing networks (SELU, Klambauer et al. 2017) PyTorch recommends "linear": the
/// selu gain 3/4 trades the normalization for stable gradients. Throws for an unknown
/// nonlinearity (names are case-sensitive, as in PyTorch) or a non-finite param.
inline double calculate_gain(std::string_view nonlinearity,
                             std::optional<double> param = std::nullopt) {
  return detail::torch_gain("torch.calculate_gain", nonlinearity, param);
}

/// Uniform: U(a, b), as torch.nn.init.uniform_(tensor, a=0.0, b=1.0, generator=None).
/// b is never reached, also after rounding to a half type; a == b fills with a. Throws for
/// non-finite bounds or b < a.
class Uniform : public detail::torch_elementwise<Uniform> {
 public:
  static constexpr std::string_view name = "torch.uniform_";

  explicit Uniform(double a = 0.0, double b = 1.0, std::optional<seed_type> seed = std::nullopt)
      : torch_elementwise(seed), a_(a), b_(b) {
    detail::require_finite(name, "a", a);
    detail::require_finite(name, "b", b);
    if (b < a) detail::fail(name, "b", "must be >= a (" + detail::to_text(a) + ")", b);
  }
  double a() const { return a_; }
  double b() const { return b_; }
  detail::distribution_spec spec(const shape_type&) const {
    return detail::distribution_spec::uniform(a_, b_);
  }

 private:
  double a_, b_;
};

/// Normal: N(mean, std^2), as torch.nn.init.normal_(tensor, mean=0.0, std=1.0,
/// generator=None). Throws for a non-finite mean or std, or std < 0 (std == 0 fills with mean).
class Normal : public detail::torch_elementwise<Normal> {
 public:
  static constexpr std::string_view name = "torch.normal_";

  explicit Normal(double mean = 0.0, double std = 1.0, std::optional<seed_type> seed = std::nullopt)
      : torch_elementwise(seed), mean_(mean), std_(std) {
    detail::require_finite(name, "mean", mean);
    detail::torch_check_std(name, std);
  }
  double mean() const { return mean_; }
  double std() const { return std_; }
  detail::distribution_spec spec(const shape_type&) const {
    return detail::distribution_spec::normal(mean_, std_);
  }

 private:
  double mean_, std_;
};

/// TruncNormal: N(mean, std^2) truncated to the ABSOLUTE interval [a, b] (not in units of std;
/// PyTorch's defaults give N(0, 1) on [-2, 2]), as torch.nn.init.trunc_normal_(tensor,
/// mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None). std is the standard deviation before
/// truncation.
///
/// Sampling is exact for every interval, including intervals far in a tail of the normal
/// (PyTorch <= 2.11 warns there and its inverse CDF degrades; we use the rejection samplers of
/// weightinit's TruncatedNormal at bounded cost), and values stay in [a, b] after rounding to
/// any scalar type. Degenerate parameters give the limit: std == 0 or a == b fills with
/// clamp(mean, a, b), as does an interval more than 1e30 std away from the mean. Throws for
/// non-finite parameters, std < 0, b < a, or an interval without a value of the target type.
class TruncNormal : public detail::torch_elementwise<TruncNormal> {
 public:
  static constexpr std::string_view name = "torch.trunc_normal_";

  explicit TruncNormal(double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0,
                       std::optional<seed_type> seed = std::nullopt)
      : torch_elementwise(seed), mean_(mean), std_(std), a_(a), b_(b) {
    detail::require_finite(name, "mean", mean);
    detail::torch_check_std(name, std);
    detail::require_finite(name, "a", a);
    detail::require_finite(name, "b", b);
    if (b < a) detail::fail(name, "b", "must be >= a (" + detail::to_text(a) + ")", b);
  }
  double mean() const { return mean_; }
  double std() const { return std_; }
  double a() const { return a_; }
  double b() const { return b_; }
  detail::distribution_spec spec(const shape_type&) const {
    return detail::distribution_spec::truncated_normal_between(mean_, std_, a_, b_);
  }

 private:
  double mean_, std_, a_, b_;
};

/// Constant: every element equals `val`, as torch.nn.init.constant_(tensor, val). Throws for
/// a non-finite val (PyTorch fills it). Integer targets are allowed.
class Constant : public detail::torch_constant<Constant> {
 public:
  static constexpr std::string_view name = "torch.constant_";
  explicit Constant(double val) : torch_constant(val) {}
};

/// Ones: every element is 1, as torch.nn.init.ones_(tensor).
class Ones : public detail::torch_constant<Ones> {
 public:
  static constexpr std::string_view name = "torch.ones_";
  Ones() : torch_constant(1.0) {}
};

/// Zeros: every element is 0, as torch.nn.init.zeros_(tensor).
class Zeros : public detail::torch_constant<Zeros> {
 public:
  static constexpr std::string_view name = "torch.zeros_";
  Zeros() : torch_constant(0.0) {}
};

/// Eye: the (possibly rectangular) identity matrix, as torch.nn.init.eye_(tensor): preserves
/// the identity of the inputs of Linear layers, as many as possible. 2-D only (other ranks
/// throw); no gain (see weightinit::Identity for Keras's). Integer targets are allowed.
class Eye : public initializer_base<Eye> {
 public:
  static constexpr std::string_view name = "torch.eye_";
  static constexpr bool allows_integers = true;

  template <class T>
  detail::identity_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() != 2) detail::fail(name, "shape", "must be 2-D", shape);
    return {std::uint64_t(shape[1] > 0 ? shape[1] : 1), detail::convert_constant<T>(1.0)};
  }
};

/// Dirac: the Dirac delta of a convolution kernel of layout (out, in, k1[, k2[, k3]]), as
/// torch.nn.init.dirac_(tensor, groups=1): zero everywhere except
///
///   w[g * out_g + d, d, k1 / 2, ...] = 1   for g < groups, d < min(out_g, in),
///
/// out_g = out / groups, so a convolution with this kernel copies its input channels to its
/// output channels (within each group), as many as possible; the remaining outputs are zero.
/// The centre tap is size // 2 (for even kernel sizes, the later of the two middle taps; JAX's
/// delta_orthogonal uses (size - 1) // 2). Only 3-, 4- and 5-D shapes; groups >= 1 must divide
/// dim 0. Integer targets are allowed.
class Dirac : public initializer_base<Dirac> {
 public:
  static constexpr std::string_view name = "torch.dirac_";
  static constexpr bool allows_integers = true;

  explicit Dirac(std::int64_t groups = 1) : groups_(groups) {
    if (groups < 1) detail::fail(name, "groups", "must be >= 1", groups);
  }
  std::int64_t groups() const { return groups_; }

  template <class T>
  detail::dirac_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() < 3 || shape.size() > 5) {
      detail::fail(name, "shape", "must have 3, 4 or 5 dimensions", shape);
    }
    detail::checked_numel(name, shape);
    if (shape[0] % groups_ != 0) {
      detail::fail(name, "groups", "must divide dim 0 of shape " + detail::to_text(shape), groups_);
    }
    std::uint64_t taps = 1, centre = 0;
    for (std::size_t k = 2; k < shape.size(); ++k) {
      taps *= std::uint64_t(shape[k]);
      centre = centre * std::uint64_t(shape[k]) + std::uint64_t(shape[k] / 2);
    }
    return {std::uint64_t(std::max<std::int64_t>(shape[1], 1)),
            std::max<std::uint64_t>(taps, 1),
            centre,
            std::uint64_t(std::max<std::int64_t>(shape[0] / groups_, 1)),
            detail::convert_constant<T>(1.0),
            detail::convert_constant<T>(0.0)};
  }

 private:
  std::int64_t groups_;
};

/// XavierUniform (Glorot uniform): U(-bound, bound) with
///
///   bound = gain * sqrt(6 / (fan_in + fan_out))   (computed as sqrt(3) * std),
///
/// as torch.nn.init.xavier_uniform_(tensor, gain=1.0, generator=None). Glorot & Bengio,
/// "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
/// Fans use PyTorch's layout (out, in, k...): fan_in = size(1) * rf, fan_out = size(0) * rf;
/// an Eigen matrix W(out, in) is a Linear weight used as x W^T. Throws for rank < 2, or a
/// negative or non-finite gain.
class XavierUniform : public detail::torch_xavier<XavierUniform, true> {
 public:
  static constexpr std::string_view name = "torch.xavier_uniform_";
  using torch_xavier::torch_xavier;
};

/// XavierNormal (Glorot normal): N(0, std^2), untruncated, with
///
///   std = gain * sqrt(2 / (fan_in + fan_out)),
///
/// as torch.nn.init.xavier_normal_(tensor, gain=1.0, generator=None). Glorot & Bengio,
/// AISTATS 2010. Keras's GlorotNormal is truncated instead. Fans as XavierUniform's.
class XavierNormal : public detail::torch_xavier<XavierNormal, false> {
 public:
  static constexpr std::string_view name = "torch.xavier_normal_";
  using torch_xavier::torch_xavier;
};

/// KaimingUniform (He uniform): U(-bound, bound) with
///
///   bound = gain * sqrt(3 / fan_mode),   gain = calculate_gain(nonlinearity, a),
///
/// as torch.nn.init.kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu",
/// generator=None); the defaults give the ReLU gain sqrt(2) (a leaky slope of 0). He, Zhang,
/// Ren & Sun, "Delving deep into rectifiers: Surpassing human-level performance on ImageNet
/// classification", ICCV 2015. mode is "fan_in" (preserves the variance in the forward pass)
/// or "fan_out" (backward pass), case-insensitive as in PyTorch; fans as XavierUniform's.
/// PyTorch's Linear and Conv layers use KaimingUniform(sqrt(5)), i.e. U(-1/sqrt(fan_in),
/// 1/sqrt(fan_in)). A tensor without elements is left alone (PyTorch warns), whatever its rank.
/// Throws for rank < 2, a non-finite a, an unknown mode or nonlinearity.
class KaimingUniform : public detail::torch_kaiming<KaimingUniform, true> {
 public:
  static constexpr std::string_view name = "torch.kaiming_uniform_";
  using torch_kaiming::torch_kaiming;
};

/// KaimingNormal (He normal): N(0, std^2), untruncated, with
///
///   std = gain / sqrt(fan_mode),   gain = calculate_gain(nonlinearity, a),
///
/// as torch.nn.init.kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu",
/// generator=None). He et al., ICCV 2015. Keras's HeNormal is truncated instead. Parameters,
/// fans and errors as KaimingUniform's.
class KaimingNormal : public detail::torch_kaiming<KaimingNormal, false> {
 public:
  static constexpr std::string_view name = "torch.kaiming_normal_";
  using torch_kaiming::torch_kaiming;
};

/// Orthogonal: a (semi-)orthogonal matrix, Haar distributed, times gain, as
/// torch.nn.init.orthogonal_(tensor, gain=1, generator=None). PyTorch flattens the trailing
/// dimensions: rows = size(0), cols = numel / rows (Keras keeps the last axis instead). With G
/// an N(0, 1) matrix of shape (max, min) and G = QR, W = Q diag(sign(diag R)), transposed when
/// rows < cols: the rows of W are orthonormal when rows <= cols (W W^T = gain^2 I), its columns
/// otherwise (W^T W = gain^2 I). Saxe, McClelland & Ganguli, "Exact solutions to the nonlinear
/// dynamics of learning in deep linear neural networks", ICLR 2014; Mezzadri, "How to generate
/// random matrices from the classical compact groups", 2007. Computed as Orthogonal does (in
/// double, or in float for large float/half/bfloat16 matrices), then rounded.
/// Throws for rank < 2 or a non-finite gain; a tensor without elements is left alone.
class Orthogonal : public initializer_base<Orthogonal>, public seeded {
 public:
  static constexpr std::string_view name = "torch.orthogonal_";

  explicit Orthogonal(double gain = 1.0, std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), gain_(gain) {
    detail::require_finite(name, "gain", gain);
  }
  double gain() const { return gain_; }

  template <class T>
  detail::orthogonal_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() < 2) {
      detail::fail(name, "shape", "must have at least 2 dimensions", shape);
    }
    const std::int64_t numel = detail::checked_numel(name, shape);
    const std::int64_t rows = shape[0];
    return {rows, numel == 0 ? 0 : numel / rows, gain_};
  }

 private:
  double gain_;
};

/// Sparse: a sparse 2-D matrix, as torch.nn.init.sparse_(tensor, sparsity, std=0.01,
/// generator=None): values from N(0, std^2), then in every column ceil(sparsity * rows)
/// distinct rows, chosen uniformly at random, set to zero. Martens, "Deep learning via
/// Hessian-free optimization", ICML 2010.
///
/// Unlike PyTorch's (whose torch.randperm ignores the generator), the zeroed rows are fixed by
/// the seed too: column c's rows are the first ceil(sparsity * rows) entries of a Fisher-Yates
/// shuffle driven by Philox blocks at counters {c, k, 1} (the retry stream of index c, see
/// detail::sparse_sampler), so every value is a function of (seed, index) and a slice equals
/// the same slice of the whole. Throws for a shape that is not 2-D, sparsity outside [0, 1],
/// or a negative or non-finite std.
class Sparse : public initializer_base<Sparse>, public seeded {
 public:
  static constexpr std::string_view name = "torch.sparse_";

  explicit Sparse(double sparsity, double std = 0.01, std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), sparsity_(sparsity), std_(std) {
    if (!(sparsity >= 0 && sparsity <= 1)) {
      detail::fail(name, "sparsity", "must be in [0, 1]", sparsity);
    }
    detail::torch_check_std(name, std);
  }
  double sparsity() const { return sparsity_; }
  double std() const { return std_; }

  template <class T>
  detail::sparse_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() != 2) detail::fail(name, "shape", "must be 2-D", shape);
    detail::checked_numel(name, shape);
    const auto zeros = static_cast<std::int64_t>(std::ceil(sparsity_ * double(shape[0])));
    return {name, shape[0], shape[1], std::min(zeros, shape[0]), std_};
  }

 private:
  double sparsity_, std_;
};

// The functions of torch.nn.init. Each fills `tensor` in place and returns it; the random ones
// take a seed (absent: drawn once per call) or, in its place, a UniformRandomBitGenerator.

/// Fills with U(a, b); see Uniform.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& uniform_(Target&& tensor, double a = 0.0, double b = 1.0,
                  std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(Uniform(a, b, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& uniform_(Target&& tensor, double a, double b, Urbg& generator) {
  return detail::torch_fill(Uniform(a, b, detail::torch_unused_seed), std::forward<Target>(tensor),
                            generator);
}

/// Fills with N(mean, std^2); see Normal.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& normal_(Target&& tensor, double mean = 0.0, double std = 1.0,
                 std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(Normal(mean, std, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& normal_(Target&& tensor, double mean, double std, Urbg& generator) {
  return detail::torch_fill(Normal(mean, std, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with N(mean, std^2) truncated to the absolute interval [a, b]; see TruncNormal.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& trunc_normal_(Target&& tensor, double mean = 0.0, double std = 1.0, double a = -2.0,
                       double b = 2.0, std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(TruncNormal(mean, std, a, b, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& trunc_normal_(Target&& tensor, double mean, double std, double a, double b,
                       Urbg& generator) {
  return detail::torch_fill(TruncNormal(mean, std, a, b, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with `val`; see Constant.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& constant_(Target&& tensor, double val) {
  return detail::torch_fill(Constant(val), std::forward<Target>(tensor));
}

/// Fills with 1.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& ones_(Target&& tensor) {
  return detail::torch_fill(Ones(), std::forward<Target>(tensor));
}

/// Fills with 0.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& zeros_(Target&& tensor) {
  return detail::torch_fill(Zeros(), std::forward<Target>(tensor));
}

/// Fills a 2-D tensor with the identity matrix; see Eye.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& eye_(Target&& tensor) {
  return detail::torch_fill(Eye(), std::forward<Target>(tensor));
}

/// Fills a 3-, 4- or 5-D convolution kernel with the Dirac delta; see Dirac.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& dirac_(Target&& tensor, std::int64_t groups = 1) {
  return detail::torch_fill(Dirac(groups), std::forward<Target>(tensor));
}

/// Fills with U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out)); see XavierUniform.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& xavier_uniform_(Target&& tensor, double gain = 1.0,
                         std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(XavierUniform(gain, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& xavier_uniform_(Target&& tensor, double gain, Urbg& generator) {
  return detail::torch_fill(XavierUniform(gain, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)); see XavierNormal.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& xavier_normal_(Target&& tensor, double gain = 1.0,
                        std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(XavierNormal(gain, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& xavier_normal_(Target&& tensor, double gain, Urbg& generator) {
  return detail::torch_fill(XavierNormal(gain, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with U(-bound, bound), bound = gain * sqrt(3 / fan), gain = calculate_gain(
/// nonlinearity, a); see KaimingUniform.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& kaiming_uniform_(Target&& tensor, double a = 0.0, std::string_view mode = "fan_in",
                          std::string_view nonlinearity = "leaky_relu",
                          std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(KaimingUniform(a, mode, nonlinearity, seed),
                            std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& kaiming_uniform_(Target&& tensor, double a, std::string_view mode,
                          std::string_view nonlinearity, Urbg& generator) {
  return detail::torch_fill(KaimingUniform(a, mode, nonlinearity, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with N(0, std^2), std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a);
/// see KaimingNormal.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& kaiming_normal_(Target&& tensor, double a = 0.0, std::string_view mode = "fan_in",
                         std::string_view nonlinearity = "leaky_relu",
                         std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(KaimingNormal(a, mode, nonlinearity, seed),
                            std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& kaiming_normal_(Target&& tensor, double a, std::string_view mode,
                         std::string_view nonlinearity, Urbg& generator) {
  return detail::torch_fill(KaimingNormal(a, mode, nonlinearity, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills with a (semi-)orthogonal matrix times gain, trailing dims flattened; see Orthogonal.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& orthogonal_(Target&& tensor, double gain = 1.0,
                     std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(Orthogonal(gain, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& orthogonal_(Target&& tensor, double gain, Urbg& generator) {
  return detail::torch_fill(Orthogonal(gain, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

/// Fills a 2-D tensor with N(0, std^2) and zeroes ceil(sparsity * rows) rows per column; see
/// Sparse.
template <class Target, std::enable_if_t<detail::is_torch_target_v<Target>, int> = 0>
Target&& sparse_(Target&& tensor, double sparsity, double std = 0.01,
                 std::optional<seed_type> seed = std::nullopt) {
  return detail::torch_fill(Sparse(sparsity, std, seed), std::forward<Target>(tensor));
}
template <class Target, class Urbg,
          std::enable_if_t<detail::is_torch_target_and_urbg_v<Target, Urbg>, int> = 0>
Target&& sparse_(Target&& tensor, double sparsity, double std, Urbg& generator) {
  return detail::torch_fill(Sparse(sparsity, std, detail::torch_unused_seed),
                            std::forward<Target>(tensor), generator);
}

}  // namespace torch
}  // namespace weightinit

#endif  // WEIGHTINIT_TORCH_HPP_
