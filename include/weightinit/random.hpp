// SPDX-License-Identifier: Apache-2.0
// weightinit/random.hpp: RandomNormal, RandomUniform and TruncatedNormal, the fixed-scale
// random initializers of keras.initializers.
//
// All three take Keras's parameters in Keras's order with the seed last. Given a seed, every
// call returns the same values; without one, a seed is drawn at construction (seed.hpp).
#ifndef WEIGHTINIT_RANDOM_HPP_
#define WEIGHTINIT_RANDOM_HPP_

#include <optional>
#include <string_view>

#include "weightinit/detail/distribution.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/seed.hpp"

namespace weightinit {

namespace detail {
/// What RandomNormal and TruncatedNormal share: a validated mean and stddev, and a seed.
template <class Derived>
class mean_stddev_base : public initializer_base<Derived>, public seeded {
 public:
  double mean() const { return mean_; }
  double stddev() const { return stddev_; }

 protected:
  mean_stddev_base(double mean, double stddev, std::optional<seed_type> seed)
      : seeded(seed), mean_(mean), stddev_(stddev) {
    require_finite(Derived::name, "mean", mean);
    if (!std::isfinite(stddev) || stddev < 0) {
      fail(Derived::name, "stddev", "must be finite and >= 0", stddev);
    }
  }

 private:
  double mean_, stddev_;
};
}  // namespace detail

/// RandomNormal: samples from the normal distribution N(mean, stddev^2).
///
///   w ~ N(mean, stddev^2)
///
/// Keras: `keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)`, names
/// "RandomNormal", "random_normal", "normal". Defaults: mean 0, stddev 0.05.
/// Throws if mean is not finite or stddev is negative or not finite.
class RandomNormal : public detail::mean_stddev_base<RandomNormal> {
 public:
  static constexpr std::string_view name = "RandomNormal";

  explicit RandomNormal(double mean = 0.0, double stddev = 0.05,
                        std::optional<seed_type> seed = std::nullopt)
      : mean_stddev_base(mean, stddev, seed) {}

  /// The distribution the values follow (the same for every shape).
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::normal(mean(), stddev());
  }

  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type& shape) const {
    return {name, spec(shape)};
  }
};

/// RandomUniform: samples from the uniform distribution on [minval, maxval).
///
///   w ~ U[minval, maxval)
///
/// Keras: `keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=None)`, names
/// "RandomUniform", "random_uniform", "uniform". Defaults: minval -0.05, maxval 0.05.
/// maxval is never reached, also after rounding to a half type. Throws if a bound is not
/// finite or minval > maxval (minval == maxval fills with minval).
class RandomUniform : public initializer_base<RandomUniform>, public seeded {
 public:
  static constexpr std::string_view name = "RandomUniform";

  explicit RandomUniform(double minval = -0.05, double maxval = 0.05,
                         std::optional<seed_type> seed = std::nullopt)
      : seeded(seed), minval_(minval), maxval_(maxval) {
    detail::require_finite(name, "minval", minval);
    detail::require_finite(name, "maxval", maxval);
    if (minval > maxval) {
      detail::fail(name, "maxval", "must be >= minval (" + detail::to_text(minval) + ")", maxval);
    }
  }
  double minval() const { return minval_; }
  double maxval() const { return maxval_; }

  /// The distribution the values follow (the same for every shape).
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::uniform(minval_, maxval_);
  }

  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type& shape) const {
    return {name, spec(shape)};
  }

 private:
  double minval_, maxval_;
};

/// TruncatedNormal: samples from N(mean, stddev^2) restricted to [mean - 2 stddev,
/// mean + 2 stddev]; stddev is the standard deviation before truncation, so the values'
/// standard deviation is 0.87962566103423978 stddev (Keras applies no correction here; the
/// variance-scaling initializers do).
///
///   w ~ N(mean, stddev^2) conditioned on |w - mean| <= 2 stddev
///
/// Keras: `keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)`, names
/// "TruncatedNormal", "truncated_normal". Defaults: mean 0, stddev 0.05.
/// Sampling is exact (rejection, never clipping) and values stay within the bounds after
/// rounding to any scalar type. Throws if mean is not finite or stddev is negative.
class TruncatedNormal : public detail::mean_stddev_base<TruncatedNormal> {
 public:
  static constexpr std::string_view name = "TruncatedNormal";

  explicit TruncatedNormal(double mean = 0.0, double stddev = 0.05,
                           std::optional<seed_type> seed = std::nullopt)
      : mean_stddev_base(mean, stddev, seed) {}

  /// The distribution the values follow (the same for every shape).
  detail::distribution_spec spec(const shape_type& = {}) const {
    return detail::distribution_spec::truncated_normal(mean(), stddev(), -2.0, 2.0);
  }

  template <class T>
  detail::distribution_sampler<T> sampler(const shape_type& shape) const {
    return {name, spec(shape)};
  }
};

}  // namespace weightinit

#endif  // WEIGHTINIT_RANDOM_HPP_
