// SPDX-License-Identifier: Apache-2.0
// weightinit/identity.hpp: Identity, the (possibly rectangular) identity matrix times a gain.
#ifndef WEIGHTINIT_IDENTITY_HPP_
#define WEIGHTINIT_IDENTITY_HPP_

#include <cstdint>
#include <string_view>

#include "weightinit/detail/scalar.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/initializer.hpp"

namespace weightinit {

namespace detail {
template <class T>
struct identity_sampler {
  std::uint64_t cols;
  T gain;
  bool concurrent() const { return true; }
  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source&) const {
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t index = first + i;
      out[i] = index / cols == index % cols ? gain : T(0);
    }
  }
};
}  // namespace detail

/// Identity: gain times the identity matrix; rectangular shapes get ones on the main
/// diagonal.
///
///   w[i][j] = gain if i == j else 0
///
/// Keras: `keras.initializers.Identity(gain=1.0)`, names "Identity", "identity",
/// "IdentityInitializer". Defaults: gain 1. Only 2-D shapes: others throw, as in Keras.
class Identity : public initializer_base<Identity> {
 public:
  static constexpr std::string_view name = "Identity";

  explicit Identity(double gain = 1.0) : gain_(gain) { detail::require_finite(name, "gain", gain); }
  double gain() const { return gain_; }

  template <class T>
  detail::identity_sampler<T> sampler(const shape_type& shape) const {
    if (shape.size() != 2) detail::fail(name, "shape", "must be 2-D", shape);
    return {std::uint64_t(shape[1] > 0 ? shape[1] : 1), detail::round_to<T>(gain_)};
  }

 private:
  double gain_;
};

}  // namespace weightinit

#endif  // WEIGHTINIT_IDENTITY_HPP_
