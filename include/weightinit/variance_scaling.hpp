// SPDX-License-Identifier: Apache-2.0
// weightinit/variance_scaling.hpp: VarianceScaling and the initializers built on it:
// GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform.
//
// VarianceScaling is the one engine: it computes the fans of the shape (fans.hpp), divides
// `scale` by n = max(1, fan) for the chosen mode, and samples
// - truncated_normal: N(0, sigma^2) truncated to +-2 sigma, sigma = sqrt(scale / n) /
//   0.87962566103423978, so the values' standard deviation is exactly sqrt(scale / n)
//   (0.8796... is the standard deviation of N(0, 1) truncated to [-2, 2]);
// - untruncated_normal: N(0, scale / n);
// - uniform: U[-limit, limit), limit = sqrt(3 scale / n).
// Keras: keras.initializers.VarianceScaling (keras/src/initializers/random_initializers.py).
// The distribution for a given variance (detail::variance_scaling_spec) and the divisor for a
// mode (detail::fan_divisor) are shared with JAX's variance_scaling (jax.hpp).
#ifndef WEIGHTINIT_VARIANCE_SCALING_HPP_
#define WEIGHTINIT_VARIANCE_SCALING_HPP_

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weightinit/detail/distribution.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/fans.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/seed.hpp"

namespace weightinit {

/// Which fan a variance-scaling initializer divides by. fan_geo_avg (sqrt(fan_in * fan_out))
/// is JAX's (jax::variance_scaling); Keras's VarianceScaling rejects it, as Keras does.
enum class fan_mode { fan_in, fan_out, fan_avg, fan_geo_avg };

/// What a variance-scaling initializer samples.
enum class distribution { truncated_normal, untruncated_normal, uniform };

/// The spelling of a mode: "fan_in", "fan_out", "fan_avg", "fan_geo_avg".
inline std::string_view to_string(fan_mode mode) {
  switch (mode) {
    case fan_mode::fan_in:
      return "fan_in";
    case fan_mode::fan_out:
      return "fan_out";
    case fan_mode::fan_geo_avg:
      return "fan_geo_avg";
    default:
      return "fan_avg";
  }
}
inline std::string_view to_string(distribution d) {
  switch (d) {
    case distribution::truncated_normal:
      return "truncated_normal";
    case distribution::untruncated_normal:
      return "untruncated_normal";
    default:
      return "uniform";
  }
}

/// Parses a mode as Keras does (exact match).
inline fan_mode parse_fan_mode(std::string_view text, std::string_view who = "VarianceScaling") {
  for (fan_mode m : {fan_mode::fan_in, fan_mode::fan_out, fan_mode::fan_avg}) {
    if (text == to_string(m)) return m;
  }
  detail::fail(who, "mode", "must be one of \"fan_in\", \"fan_out\", \"fan_avg\"", text);
}

/// Parses a distribution as Keras does: case-insensitive, and "normal" means
/// "truncated_normal" (compatibility with tf.compat.v1 configs).
inline distribution parse_distribution(std::string_view text,
                                       std::string_view who = "VarianceScaling") {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "normal") return distribution::truncated_normal;
  for (distribution d :
       {distribution::truncated_normal, distribution::untruncated_normal, distribution::uniform}) {
    if (lower == to_string(d)) return d;
  }
  detail::fail(who, "distribution",
               "must be one of \"truncated_normal\", \"untruncated_normal\", \"uniform\"", text);
}

/// Standard deviation of N(0, 1) truncated to [-2, 2]:
/// sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)), Keras's constant.
inline constexpr double truncated_normal_stddev_factor = 0.87962566103423978;

namespace detail {

/// n, what a mode divides the scale by: fan_in, fan_out, their arithmetic mean or (JAX's
/// fan_geo_avg) their geometric mean.
inline double fan_divisor(const fans& f, fan_mode mode) {
  switch (mode) {
    case fan_mode::fan_in:
      return double(f.fan_in);
    case fan_mode::fan_out:
      return double(f.fan_out);
    case fan_mode::fan_geo_avg:
      return std::sqrt(double(f.fan_in) * double(f.fan_out));
    default:
      return (double(f.fan_in) + double(f.fan_out)) / 2.0;
  }
}

/// The zero-mean distribution of variance `variance` that a variance-scaling initializer
/// samples, shared by Keras's VarianceScaling and JAX's variance_scaling:
/// - truncated_normal: N(0, sigma^2) truncated to +-2 sigma, sigma = sqrt(variance) /
///   0.87962566103423978 (so the values' variance is `variance`);
/// - untruncated_normal: N(0, variance);
/// - uniform: U[-limit, limit), limit = sqrt(3 variance).
inline distribution_spec variance_scaling_spec(double variance, weightinit::distribution dist) {
  switch (dist) {
    case distribution::truncated_normal:
      return distribution_spec::truncated_normal(
          0.0, std::sqrt(variance) / truncated_normal_stddev_factor, -2.0, 2.0);
    case distribution::untruncated_normal:
      return distribution_spec::normal(0.0, std::sqrt(variance));
    default: {
      const double limit = std::sqrt(3.0 * variance);
      return distribution_spec::uniform(-limit, limit);
    }
  }
}

/// A variance-scaling scale must be positive and finite (Keras's check; JAX documents it).
inline void check_variance_scale(std::string_view who, double scale) {
  if (!std::isfinite(scale) || scale <= 0) {
    fail(who, "scale", "must be a positive finite number", scale);
  }
}

/// The shared implementation; Derived fixes the Keras class name.
template <class Derived>
class variance_scaling_base : public initializer_base<Derived>, public seeded {
 public:
  double scale() const { return scale_; }
  fan_mode mode() const { return mode_; }
  weightinit::distribution distribution() const { return distribution_; }
  const fan_rule& fans_by() const { return fans_; }

  /// A copy that computes fans with another layout convention (Keras's is the default).
  Derived with_fan_convention(fan_convention convention) const {
    Derived copy = static_cast<const Derived&>(*this);
    copy.fans_.convention = convention;
    return copy;
  }
  /// A copy that computes fans from explicit axes (Keras 3.16 input_axes / output_axes).
  Derived with_axes(std::vector<int> input_axes, std::vector<int> output_axes) const {
    Derived copy = static_cast<const Derived&>(*this);
    copy.fans_.use_axes = true;
    copy.fans_.input_axes = std::move(input_axes);
    copy.fans_.output_axes = std::move(output_axes);
    return copy;
  }

  /// The distribution this initializer samples for `shape`.
  distribution_spec spec(const shape_type& shape) const {
    const double n = fan_divisor(fans_(shape, Derived::name), mode_);
    return variance_scaling_spec(scale_ / std::max(1.0, n), distribution_);
  }

  template <class T>
  distribution_sampler<T> sampler(const shape_type& shape) const {
    return {Derived::name, spec(shape)};
  }

 protected:
  variance_scaling_base(double scale, fan_mode mode, weightinit::distribution dist,
                        std::optional<seed_type> seed)
      : seeded(seed), scale_(scale), mode_(mode), distribution_(dist) {
    check_variance_scale(Derived::name, scale);
    if (mode == fan_mode::fan_geo_avg) {
      fail(Derived::name, "mode",
           "must be one of \"fan_in\", \"fan_out\", \"fan_avg\" (fan_geo_avg is JAX's: "
           "jax::variance_scaling)",
           to_string(mode));
    }
  }

 private:
  double scale_;
  fan_mode mode_;
  weightinit::distribution distribution_;
  fan_rule fans_;
};

}  // namespace detail

/// VarianceScaling: adapts its scale to the shape of the weights.
///
///   n = max(1, fan_in | fan_out | (fan_in + fan_out) / 2)   (by mode)
///   truncated_normal:   w ~ TN(0, sigma^2, +-2 sigma), sigma = sqrt(scale / n) / 0.8796...
///   untruncated_normal: w ~ N(0, scale / n)
///   uniform:            w ~ U[-sqrt(3 scale / n), sqrt(3 scale / n))
///
/// Keras: `keras.initializers.VarianceScaling(scale=1.0, mode="fan_in",
/// distribution="truncated_normal", seed=None)`, names "VarianceScaling", "variance_scaling".
/// Throws for scale <= 0 or not finite, or an unknown mode or distribution name.
/// Fans follow Keras's layout; see with_fan_convention() and with_axes().
class VarianceScaling : public detail::variance_scaling_base<VarianceScaling> {
 public:
  static constexpr std::string_view name = "VarianceScaling";

  explicit VarianceScaling(double scale = 1.0, fan_mode mode = fan_mode::fan_in,
                           weightinit::distribution dist = distribution::truncated_normal,
                           std::optional<seed_type> seed = std::nullopt)
      : variance_scaling_base(scale, mode, dist, seed) {}
  /// With Keras's strings: VarianceScaling(2.0, "fan_out", "uniform", 42).
  VarianceScaling(double scale, std::string_view mode, std::string_view dist,
                  std::optional<seed_type> seed = std::nullopt)
      : variance_scaling_base(scale, parse_fan_mode(mode), parse_distribution(dist), seed) {}
};

#define WEIGHTINIT_VARIANCE_SCALING_PRESET(Name, Scale, Mode, Dist)                 \
  class Name : public detail::variance_scaling_base<Name> {                         \
   public:                                                                          \
    static constexpr std::string_view name = #Name;                                 \
    explicit Name(std::optional<seed_type> seed = std::nullopt)                     \
        : variance_scaling_base(Scale, fan_mode::Mode, distribution::Dist, seed) {} \
  }

/// GlorotNormal (Xavier normal): truncated normal with standard deviation
/// sqrt(2 / (fan_in + fan_out)), i.e. VarianceScaling(1.0, "fan_avg", "truncated_normal").
/// Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
/// networks", AISTATS 2010. Keras: `keras.initializers.GlorotNormal(seed=None)`.
WEIGHTINIT_VARIANCE_SCALING_PRESET(GlorotNormal, 1.0, fan_avg, truncated_normal);

/// GlorotUniform (Xavier uniform): U[-limit, limit), limit = sqrt(6 / (fan_in + fan_out)),
/// i.e. VarianceScaling(1.0, "fan_avg", "uniform"). Glorot & Bengio, AISTATS 2010.
/// Keras: `keras.initializers.GlorotUniform(seed=None)`; the Dense layer's default kernel.
WEIGHTINIT_VARIANCE_SCALING_PRESET(GlorotUniform, 1.0, fan_avg, uniform);

/// HeNormal (Kaiming normal): truncated normal with standard deviation sqrt(2 / fan_in),
/// i.e. VarianceScaling(2.0, "fan_in", "truncated_normal"). He et al., "Delving deep into
/// rectifiers", ICCV 2015. Keras: `keras.initializers.HeNormal(seed=None)`.
WEIGHTINIT_VARIANCE_SCALING_PRESET(HeNormal, 2.0, fan_in, truncated_normal);

/// HeUniform (Kaiming uniform): U[-limit, limit), limit = sqrt(6 / fan_in), i.e.
/// VarianceScaling(2.0, "fan_in", "uniform"). He et al., ICCV 2015.
/// Keras: `keras.initializers.HeUniform(seed=None)`.
WEIGHTINIT_VARIANCE_SCALING_PRESET(HeUniform, 2.0, fan_in, uniform);

/// LecunNormal: truncated normal with standard deviation sqrt(1 / fan_in), i.e.
/// VarianceScaling(1.0, "fan_in", "truncated_normal"). LeCun et al., "Efficient BackProp",
/// 1998; Klambauer et al., "Self-Normalizing Neural Networks", NeurIPS 2017.
/// Keras: `keras.initializers.LecunNormal(seed=None)`.
WEIGHTINIT_VARIANCE_SCALING_PRESET(LecunNormal, 1.0, fan_in, truncated_normal);

/// LecunUniform: U[-limit, limit), limit = sqrt(3 / fan_in), i.e.
/// VarianceScaling(1.0, "fan_in", "uniform"). LeCun et al., 1998.
/// Keras: `keras.initializers.LecunUniform(seed=None)`.
WEIGHTINIT_VARIANCE_SCALING_PRESET(LecunUniform, 1.0, fan_in, uniform);

#undef WEIGHTINIT_VARIANCE_SCALING_PRESET

}  // namespace weightinit

#endif  // WEIGHTINIT_VARIANCE_SCALING_HPP_
