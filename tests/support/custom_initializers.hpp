// SPDX-License-Identifier: Apache-2.0
// User initializers for the tests: a class with parameters (the notebook's
// ExampleRandomNormal) and a callable class, both with get_config().
#ifndef WEIGHTINIT_TESTS_SUPPORT_CUSTOM_INITIALIZERS_HPP_
#define WEIGHTINIT_TESTS_SUPPORT_CUSTOM_INITIALIZERS_HPP_

#include <cstdint>
#include <optional>
#include <string_view>

#include <weightinit/any_initializer.hpp>

namespace test_support {

/// The notebook's ExampleRandomNormal(mean, stddev), seeded like the built-ins.
class ExampleRandomNormal : public weightinit::initializer_base<ExampleRandomNormal> {
 public:
  static constexpr std::string_view name = "ExampleRandomNormal";
  static constexpr std::string_view registered_name = "Custom>ExampleRandomNormal";

  ExampleRandomNormal(double mean, double stddev, std::optional<weightinit::seed_type> seed = {})
      : normal_(mean, stddev, seed) {}

  weightinit::seed_type seed() const { return normal_.seed(); }
  template <class T>
  auto sampler(const weightinit::shape_type& shape) const {
    return normal_.sampler<T>(shape);
  }

  weightinit::config get_config() const {
    const auto seed = normal_.given_seed();
    return {{"mean", normal_.mean()},
            {"stddev", normal_.stddev()},
            {"seed", seed ? weightinit::config_value(*seed) : weightinit::config_value(nullptr)}};
  }
  static ExampleRandomNormal from_config(const weightinit::config& c) {
    const auto number = [&](std::string_view key, double fallback) {
      const weightinit::config_value* v = c.find(key);
      if (v == nullptr) return fallback;
      if (!v->is_number()) {
        throw weightinit::invalid_argument("ExampleRandomNormal: " + std::string(key) +
                                           " must be a number, got " + to_string(*v));
      }
      return v->as_double();
    };
    std::optional<weightinit::seed_type> seed;
    if (const weightinit::config_value* v = c.find("seed"); v != nullptr && v->is_int()) {
      seed = static_cast<weightinit::seed_type>(v->as_int());
    }
    return ExampleRandomNormal(number("mean", 0.0), number("stddev", 1.0), seed);
  }

 private:
  weightinit::RandomNormal normal_;
};

/// A callable class: element i of any shape is scale * i.
struct ScaledRamp {
  static constexpr std::string_view name = "ScaledRamp";
  double scale = 1.0;
  double operator()(std::int64_t index, const weightinit::shape_type&) const {
    return scale * double(index);
  }
  weightinit::config get_config() const { return {{"scale", scale}}; }
};

}  // namespace test_support

#endif  // WEIGHTINIT_TESTS_SUPPORT_CUSTOM_INITIALIZERS_HPP_
