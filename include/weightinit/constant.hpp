// SPDX-License-Identifier: Apache-2.0
// weightinit/constant.hpp: Zeros, Ones and Constant (keras.initializers.Zeros / Ones /
// Constant). They accept integer targets too, as Keras's do.
#ifndef WEIGHTINIT_CONSTANT_HPP_
#define WEIGHTINIT_CONSTANT_HPP_

#include <string_view>
#include <type_traits>

#include "weightinit/detail/distribution.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/initializer.hpp"

namespace weightinit {

namespace detail {
template <class T>
T convert_constant(double value) {
  if constexpr (is_real_scalar_v<T>) {
    return round_to<T>(value);
  } else {
    return static_cast<T>(value);  // integer targets: as Keras's cast
  }
}
}  // namespace detail

/// Constant: every element equals `value`.
///
///   w = value
///
/// Keras: `keras.initializers.Constant(value=0.0)`, names "Constant", "constant".
/// Defaults: value 0. Throws if value is not finite.
class Constant : public initializer_base<Constant> {
 public:
  static constexpr std::string_view name = "Constant";
  static constexpr bool allows_integers = true;

  explicit Constant(double value = 0.0) : value_(value) {
    detail::require_finite(name, "value", value);
  }
  double value() const { return value_; }

  template <class T>
  detail::constant_sampler<T> sampler(const shape_type&) const {
    return {detail::convert_constant<T>(value_)};
  }

 private:
  double value_;
};

/// Zeros: every element is 0. Keras: `keras.initializers.Zeros()`, names "Zeros", "zeros",
/// "zero".
class Zeros : public initializer_base<Zeros> {
 public:
  static constexpr std::string_view name = "Zeros";
  static constexpr bool allows_integers = true;

  template <class T>
  detail::constant_sampler<T> sampler(const shape_type&) const {
    return {detail::convert_constant<T>(0.0)};
  }
};

/// Ones: every element is 1. Keras: `keras.initializers.Ones()`, names "Ones", "ones", "one".
class Ones : public initializer_base<Ones> {
 public:
  static constexpr std::string_view name = "Ones";
  static constexpr bool allows_integers = true;

  template <class T>
  detail::constant_sampler<T> sampler(const shape_type&) const {
    return {detail::convert_constant<T>(1.0)};
  }
};

}  // namespace weightinit

#endif  // WEIGHTINIT_CONSTANT_HPP_
