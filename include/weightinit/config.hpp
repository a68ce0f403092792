// SPDX-License-Identifier: Apache-2.0
// weightinit/config.hpp: an initializer's configuration, as Keras's get_config() dict.
//
// A `config` is an insertion-ordered map from a key to a `config_value`, which is one of
// null | bool | int64 | double | string | list of int64: everything Keras puts in a built-in
// initializer's config, and enough for most user ones. It needs nothing beyond the standard
// library, so the core stays JSON-free; weightinit/keras_json.hpp converts to and from JSON.
//
//   weightinit::config c{{"seed", 42}, {"mean", 0.0}, {"stddev", 0.1}};
//   c.at("stddev").as_double();        // 0.1
//   c == weightinit::get("RandomNormal", c).get_config()   // true: round trips are exact
#ifndef WEIGHTINIT_CONFIG_HPP_
#define WEIGHTINIT_CONFIG_HPP_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "weightinit/errors.hpp"

namespace weightinit {

/// One value of a config: null (Python's None), bool, 64-bit integer, double, string or a list
/// of integers (axes). Integers wider than int64 (unsigned seeds >= 2^63) wrap modulo 2^64,
/// as seeds do everywhere in the library.
class config_value {
 public:
  using list = std::vector<std::int64_t>;
  using variant = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, list>;

  config_value() = default;
  config_value(std::nullptr_t) {}  // NOLINT: implicit, as in {"seed", nullptr}
  config_value(bool value) : value_(value) {}
  template <class Int,
            std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  config_value(Int value) : value_(static_cast<std::int64_t>(value)) {}
  config_value(double value) : value_(value) {}
  config_value(float value) : value_(double(value)) {}
  config_value(const char* value) : value_(std::string(value)) {}
  config_value(std::string value) : value_(std::move(value)) {}
  config_value(std::string_view value) : value_(std::string(value)) {}
  config_value(list value) : value_(std::move(value)) {}
  config_value(const std::vector<int>& value) : value_(list(value.begin(), value.end())) {}

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(value_); }
  bool is_bool() const { return std::holds_alternative<bool>(value_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(value_); }
  bool is_double() const { return std::holds_alternative<double>(value_); }
  /// An integer or a double (not a bool).
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  bool is_list() const { return std::holds_alternative<list>(value_); }

  /// The value; each throws std::bad_variant_access for another alternative.
  bool as_bool() const { return std::get<bool>(value_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(value_); }
  /// A number as double (an integer converts).
  double as_double() const {
    return is_int() ? double(std::get<std::int64_t>(value_)) : std::get<double>(value_);
  }
  const std::string& as_string() const { return std::get<std::string>(value_); }
  const list& as_list() const { return std::get<list>(value_); }

  const variant& get() const { return value_; }

  /// Equal alternatives and equal values (1 and 1.0 differ, as their JSON forms do).
  friend bool operator==(const config_value& a, const config_value& b) {
    return a.value_ == b.value_;
  }
  friend bool operator!=(const config_value& a, const config_value& b) { return !(a == b); }

 private:
  variant value_{nullptr};
};

/// The type name of a value for messages: "null", "bool", "integer", "number", "string",
/// "list".
inline std::string_view type_name(const config_value& value) {
  static constexpr std::string_view names[] = {"null",   "bool",   "integer",
                                               "number", "string", "list"};
  return names[value.get().index()];
}

/// JSON-like text of a value: null, true, 42, 0.05, "fan_in", [0, 1].
inline std::string to_string(const config_value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::nullptr_t>) {
          return "null";
        } else if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<V, double>) {
          std::string text = detail::to_text(v);
          if (text.find_first_of(".en") == std::string::npos) text += ".0";
          return text;
        } else if constexpr (std::is_same_v<V, std::string>) {
          return detail::to_text(std::string_view(v));
        } else {
          std::string text = "[";
          for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + std::to_string(v[i]);
          return text + "]";
        }
      },
      value.get());
}

/// An initializer's configuration: keys in insertion order (Keras's get_config order), each at
/// most once. Equality ignores the order, as for Python dicts.
class config {
 public:
  using entry = std::pair<std::string, config_value>;
  using const_iterator = std::vector<entry>::const_iterator;

  config() = default;
  /// config{{"mean", 0.0}, {"stddev", 0.05}}; a repeated key keeps the last value.
  config(std::initializer_list<entry> entries) {
    for (const entry& e : entries) set(e.first, e.second);
  }

  /// Sets `key` (replacing its value, or appending it).
  void set(std::string_view key, config_value value) {
    for (entry& e : entries_) {
      if (e.first == key) {
        e.second = std::move(value);
        return;
      }
    }
    entries_.emplace_back(std::string(key), std::move(value));
  }
  /// The value of `key`, or nullptr.
  const config_value* find(std::string_view key) const {
    for (const entry& e : entries_) {
      if (e.first == key) return &e.second;
    }
    return nullptr;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// The value of `key`; throws invalid_argument naming the key when absent.
  const config_value& at(std::string_view key) const {
    if (const config_value* value = find(key)) return *value;
    throw invalid_argument("config: no key " + detail::to_text(key));
  }
  /// Removes `key`; returns whether it was there.
  bool erase(std::string_view key) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first == key) {
        entries_.erase(it);
        return true;
      }
    }
    return false;
  }

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

  friend bool operator==(const config& a, const config& b) {
    if (a.size() != b.size()) return false;
    for (const entry& e : a) {
      const config_value* other = b.find(e.first);
      if (other == nullptr || *other != e.second) return false;
    }
    return true;
  }
  friend bool operator!=(const config& a, const config& b) { return !(a == b); }

 private:
  std::vector<entry> entries_;
};

/// JSON-like text of a config: {"seed": 42, "mean": 0.0, "stddev": 0.05}.
inline std::string to_string(const config& c) {
  std::string text = "{";
  bool first = true;
  for (const auto& [key, value] : c) {
    text += (first ? "" : ", ") + detail::to_text(std::string_view(key)) + ": " + to_string(value);
    first = false;
  }
  return text + "}";
}

}  // namespace weightinit

#endif  // WEIGHTINIT_CONFIG_HPP_
