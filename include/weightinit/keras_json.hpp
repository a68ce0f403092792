// SPDX-License-Identifier: Apache-2.0
// weightinit/keras_json.hpp: Keras JSON for initializers (optional; needs nlohmann/json, which
// the rest of the library does not use, so weightinit.hpp does not include this header).
//
// Writes Keras 3's format (keras.saving.serialize_keras_object):
//   {"module": "keras.initializers", "class_name": "GlorotUniform",
//    "config": {"seed": 42, "input_axes": null, "output_axes": null}, "registered_name": null}
// or tf.keras 2.x's legacy format {"class_name": ..., "config": {...}}, and reads both back,
// as well as a bare name string ("he_normal"), as keras.initializers.get does. When reading:
// - a VarianceScaling "distribution": "normal" means "truncated_normal" (tf.compat.v1);
// - a seed may be a serialized keras.random.SeedGenerator
//   {"class_name": "SeedGenerator", "config": {"seed": N, ...}}: N is used;
// - an unsigned seed >= 2^63 wraps modulo 2^64 (seeds are 64-bit);
// - a user initializer is found by its registered_name ("Custom>MyInit", see
//   weightinit::register_initializer), or in the legacy format by its class_name;
// - tf.keras's compatibility class names "GlorotUniformV2" etc. are accepted without module.
// Anything else (malformed JSON, unknown keys or classes, wrong types, non-finite or
// out-of-range numbers, nesting deeper than 32 levels) throws weightinit::invalid_argument
// with a message naming the offending key and value.
#ifndef WEIGHTINIT_KERAS_JSON_HPP_
#define WEIGHTINIT_KERAS_JSON_HPP_

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "weightinit/any_initializer.hpp"
#include "weightinit/config.hpp"
#include "weightinit/errors.hpp"

namespace weightinit {

/// Which Keras JSON format to write.
enum class keras_format {
  keras3,  ///< {"module", "class_name", "config", "registered_name"} (Keras 3, tf.keras >= 2.13)
  legacy   ///< {"class_name", "config"} (tf.keras <= 2.12)
};

/// Deepest JSON nesting the readers accept (a Keras initializer needs 3 levels).
inline constexpr int keras_json_max_depth = 32;

namespace detail {

inline std::string json_text(const nlohmann::json& value) {
  std::string text;
  try {
    text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
    text = "<unprintable>";
  }
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

[[noreturn]] inline void json_fail(std::string_view where, std::string_view requirement,
                                   const nlohmann::json& value) {
  throw invalid_argument("keras json: " + std::string(where) + " " + std::string(requirement) +
                         ", got " + json_text(value));
}

/// An integer JSON value as int64; unsigned values >= 2^63 wrap only when `wrap`.
inline std::int64_t json_int(const nlohmann::json& value, std::string_view where, bool wrap) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max()) && !wrap) {
      json_fail(where, "is out of the 64-bit integer range", value);
    }
    return static_cast<std::int64_t>(u);
  }
  return value.get<std::int64_t>();
}

/// One config value from JSON; `key` is the config key (for messages and the seed rules).
inline config_value config_value_from_json(const nlohmann::json& value, std::string_view key) {
  const std::string where = "config key " + quoted_name(key);
  const bool is_seed = key == "seed";
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return nullptr;
    case nlohmann::json::value_t::boolean:
      return value.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return json_int(value, where, is_seed);
    case nlohmann::json::value_t::number_float: {
      const double d = value.get<double>();
      if (!std::isfinite(d)) json_fail(where, "must be finite", value);
      return d;
    }
    case nlohmann::json::value_t::string:
      return value.get<std::string>();
    case nlohmann::json::value_t::array: {
      config_value::list items;
      for (const nlohmann::json& item : value) {
        if (!item.is_number_integer()) json_fail(where, "must be a list of integers", value);
        items.push_back(json_int(item, where, false));
      }
      return items;
    }
    case nlohmann::json::value_t::object:
      // A serialized keras.random.SeedGenerator: its integer seed.
      if (is_seed && value.contains("class_name") && value["class_name"] == "SeedGenerator") {
        const auto inner = value.find("config");
        if (inner != value.end() && inner->is_object()) {
          const auto seed = inner->find("seed");
          if (seed != inner->end() && (seed->is_number_integer() || seed->is_null())) {
            return config_value_from_json(*seed, key);
          }
        }
        json_fail(where, "must be a SeedGenerator with an integer config.seed", value);
      }
      json_fail(where, "must be null, a bool, a number, a string or a list of integers", value);
    default:
      json_fail(where, "has an unsupported JSON type", value);
  }
}

/// Rejects input nested deeper than keras_json_max_depth, before parsing (so that no
/// recursive walk of the parsed value can be deep).
inline void check_json_depth(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > keras_json_max_depth) {
        throw invalid_argument("keras json: nested deeper than " +
                               std::to_string(keras_json_max_depth) + " levels");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

}  // namespace detail

/// A config as a JSON object (keys in the config's order).
inline nlohmann::ordered_json config_to_json(const config& c) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [key, value] : c) {
    std::visit(
        [&, k = &key](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::nullptr_t>) {
            object[*k] = nullptr;
          } else {
            object[*k] = v;
          }
        },
        value.get());
  }
  return object;
}

/// A JSON object as a config: null, bool, integers, finite numbers, strings, lists of
/// integers, and (for "seed") a serialized SeedGenerator. Throws naming the key and value.
inline config config_from_json(const nlohmann::json& object) {
  if (!object.is_object()) detail::json_fail("config", "must be an object", object);
  config c;
  for (const auto& item : object.items()) {
    c.set(item.key(), detail::config_value_from_json(item.value(), item.key()));
  }
  return c;
}

/// Keras's serialize(initializer), in Keras 3's format or tf.keras's legacy one. A registered
/// user initializer has "module": null and its registered_name (legacy: as class_name).
inline nlohmann::ordered_json to_keras_json(const Initializer& init,
                                            keras_format format = keras_format::keras3) {
  const std::optional<std::string> registered = init.registered_name();
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (format == keras_format::keras3) {
    out["module"] =
        registered ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json("keras.initializers");
    out["class_name"] = std::string(init.class_name());
  } else {
    out["class_name"] = registered ? *registered : std::string(init.class_name());
  }
  out["config"] = config_to_json(init.get_config());
  if (format == keras_format::keras3) {
    out["registered_name"] =
        registered ? nlohmann::ordered_json(*registered) : nlohmann::ordered_json(nullptr);
  }
  return out;
}

/// to_keras_json as text (compact, or indented by `indent` spaces).
inline std::string to_keras_json_string(const Initializer& init,
                                        keras_format format = keras_format::keras3,
                                        int indent = -1) {
  try {
    return to_keras_json(init, format).dump(indent);
  } catch (const nlohmann::json::exception& e) {  // e.g. a registered name not in UTF-8
    throw invalid_argument(std::string("keras json: cannot serialize: ") + e.what());
  }
}

/// Keras's initializers.get(identifier) for a parsed JSON value: a name string, or a
/// serialized initializer in Keras 3's or the legacy format. See the file comment.
inline Initializer from_keras_json(const nlohmann::json& value,
                                   fan_convention convention = fan_convention::keras) {
  if (value.is_string()) return get(value.get_ref<const std::string&>(), {}, convention);
  if (!value.is_object()) {
    detail::json_fail("initializer", "must be a name or an object with class_name", value);
  }
  for (const auto& item : value.items()) {
    const std::string& key = item.key();
    if (key != "module" && key != "class_name" && key != "config" && key != "registered_name") {
      throw invalid_argument("keras json: unknown key " + detail::quoted_name(key) + " (value " +
                             detail::json_text(item.value()) +
                             "); expected module, class_name, config, registered_name");
    }
    if ((key == "module" || key == "registered_name") && !item.value().is_string() &&
        !item.value().is_null()) {
      detail::json_fail(key, "must be a string or null", item.value());
    }
  }
  const auto class_name = value.find("class_name");
  if (class_name == value.end()) detail::json_fail("initializer", "needs a class_name", value);
  if (!class_name->is_string()) detail::json_fail("class_name", "must be a string", *class_name);
  std::string name = class_name->get<std::string>();

  config c;
  const auto inner = value.find("config");
  if (inner != value.end() && !inner->is_null()) {
    if (!inner->is_object()) detail::json_fail("config", "must be an object or null", *inner);
    c = config_from_json(*inner);
  }

  const auto registered = value.find("registered_name");
  if (registered != value.end() && registered->is_string() &&
      detail::custom_registry::instance().find(registered->get_ref<const std::string&>())) {
    name = registered->get<std::string>();
  } else if (value.find("module") == value.end() && find_builtin(name) == nullptr &&
             name.size() > 2 && name.compare(name.size() - 2, 2, "V2") == 0 &&
             find_builtin(std::string_view(name).substr(0, name.size() - 2)) != nullptr) {
    name.resize(name.size() - 2);  // tf.keras's "GlorotUniformV2" compatibility names
  }
  return get(name, c, convention);
}

/// Parses `text` as JSON and reads it with from_keras_json. Malformed JSON, nesting deeper
/// than keras_json_max_depth and numbers out of double's range throw invalid_argument.
inline Initializer parse_keras_json(std::string_view text,
                                    fan_convention convention = fan_convention::keras) {
  detail::check_json_depth(text);
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // parse_error; out_of_range for 1e999
    throw invalid_argument(std::string("keras json: invalid JSON: ") + e.what());
  }
  return from_keras_json(value, convention);
}

}  // namespace weightinit

#endif  // WEIGHTINIT_KERAS_JSON_HPP_
