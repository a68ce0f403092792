// SPDX-License-Identifier: Apache-2.0
// weightinit/errors.hpp: the exception thrown for bad input, and how its message is built.
//
// Every invalid parameter, shape or configuration throws `weightinit::invalid_argument`, which
// derives from `std::invalid_argument`. The message names the initializer, the parameter and
// the offending value, e.g. "RandomNormal: stddev must be finite and >= 0, got -1".
#ifndef WEIGHTINIT_ERRORS_HPP_
#define WEIGHTINIT_ERRORS_HPP_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace weightinit {

/// Thrown for any invalid parameter, shape or configuration.
class invalid_argument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

namespace detail {

// Shortest text that reads back to the same double ("0.1", not "0.10000000000000001").
inline std::string to_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}
template <class Int, std::enable_if_t<std::is_integral_v<Int>, int> = 0>
std::string to_text(Int value) {
  return std::to_string(value);
}
inline std::string to_text(std::string_view value) {
  std::string quoted(1, '"');  // appends only: GCC 12 misreads "\"" + string (-Wrestrict)
  quoted.append(value);
  quoted += '"';
  return quoted;
}
inline std::string to_text(const char* value) { return to_text(std::string_view(value)); }
template <class Int>
std::string to_text(const std::vector<Int>& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + to_text(values[i]);
  return text + (values.size() == 1 ? ",)" : ")");
}

/// Throws invalid_argument("<who>: <parameter> <requirement>, got <value>").
template <class Value>
[[noreturn]] void fail(std::string_view who, std::string_view parameter,
                       std::string_view requirement, const Value& value) {
  throw invalid_argument(std::string(who) + ": " + std::string(parameter) + " " +
                         std::string(requirement) + ", got " + to_text(value));
}

inline void require_finite(std::string_view who, std::string_view parameter, double value) {
  if (!std::isfinite(value)) fail(who, parameter, "must be finite", value);
}

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_ERRORS_HPP_
