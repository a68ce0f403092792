// SPDX-License-Identifier: Apache-2.0
// weightinit: the command-line tool. Lists the initializers, samples one into text, JSON or a
// NumPy .npy file, and walks through the Keras initializers notebook (`weightinit demo`).
//
// One name registry (below) drives everything: `list` prints it, `sample NAME --set K=V` and
// `sample --config JSON` build an initializer from it, and the demo's layer looks names up
// in it. Usage errors exit with status 2 and one line "error: ..." on stderr.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <weightinit/weightinit.hpp>

namespace wi = weightinit;
using json = nlohmann::json;
using wi::shape_type;

namespace {

// Bad command-line usage or input (the library's own errors derive from std::invalid_argument).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Largest number of elements `sample` produces: a clear error beats a failed allocation.
constexpr std::int64_t max_elements = 1'000'000'000;

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? std::string(separator) : "") + items[i];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Number text

// Shortest decimal that reads back as the same value (std::to_chars' guarantee).
template <class F>
std::string shortest(F value, std::chars_format format = std::chars_format::general) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[400];  // enough for any double in fixed notation
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, result.ptr);
}

// As Python's repr(float): "0.0", "0.05", "1e-05".
std::string python_float(double value) {
  std::string text = shortest(value);
  if (text.find_first_of(".eni") == std::string::npos) text += ".0";
  return text;
}

// As a Python shape tuple: "()", "(5,)", "(2, 3)".
std::string python_tuple(const shape_type& shape) {
  std::vector<std::string> dims;
  for (std::int64_t d : shape) dims.push_back(std::to_string(d));
  return "(" + join(dims, ", ") + (shape.size() == 1 ? ",)" : ")");
}

// The whole of `text` as a number of type N (no sign, space or suffix tolerated around it).
template <class N>
std::optional<N> parse_number(std::string_view text) {
  N value{};
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// Keras seeds are Python ints; negative ones wrap modulo 2^64 like the library's seed_type.
std::optional<wi::seed_type> parse_seed(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    if (const auto value = parse_number<std::int64_t>(text))
      return static_cast<wi::seed_type>(*value);
    return std::nullopt;
  }
  return parse_number<wi::seed_type>(text);
}

// Splits at `separator`, trimming spaces so "2, 3" (as Python prints shapes) reads too.
std::vector<std::string_view> split(std::string_view text, char separator) {
  const auto trim = [](std::string_view part) {
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    return part;
  };
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(separator);
    parts.push_back(trim(text.substr(0, at)));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Scalar types

template <class T>
struct dtype_traits;
template <>
struct dtype_traits<float> {
  static constexpr std::string_view name = "float32";
};
template <>
struct dtype_traits<double> {
  static constexpr std::string_view name = "float64";
};
template <>
struct dtype_traits<Eigen::half> {
  static constexpr std::string_view name = "float16";
};
template <>
struct dtype_traits<Eigen::bfloat16> {
  static constexpr std::string_view name = "bfloat16";
};

template <class T>
double to_double(T value) {
  if constexpr (std::is_same_v<T, double>) {
    return value;
  } else {
    return static_cast<double>(static_cast<float>(value));  // exact for every other dtype
  }
}

// Text of one element that reads back exactly: float32 as its shortest float text (what numpy
// shows), the others as the shortest double text of their exact value.
template <class T>
std::string element_text(T value, std::chars_format format) {
  if constexpr (std::is_same_v<T, float>) {
    return shortest(value, format);
  } else {
    return shortest(to_double(value), format);
  }
}

// ---------------------------------------------------------------------------------------------
// Type-erased initializer: any library initializer, filled into any scalar type as a slice.

using any_span = std::variant<wi::row_major_span<float>, wi::row_major_span<double>,
                              wi::row_major_span<Eigen::half>, wi::row_major_span<Eigen::bfloat16>>;

class any_initializer {
 public:
  template <class Init,
            std::enable_if_t<std::is_base_of_v<wi::initializer_base<Init>, Init>, int> = 0>
  explicit any_initializer(Init init)
      : fill_([init = std::move(init)](any_span target, const wi::slice_of& slice) {
          std::visit([&](auto& span) { init(span, slice); }, target);
        }) {}

  // Values of the slice `slice` (global shape + offsets) with extents `local`, row-major.
  template <class T>
  std::vector<T> values(const shape_type& local, const wi::slice_of& slice) const {
    std::int64_t count = 1;
    for (std::int64_t d : local) count *= d;
    std::vector<T> data(static_cast<std::size_t>(count));
    fill_(wi::row_major_span<T>{data.data(), local}, slice);
    return data;
  }
  template <class T>
  std::vector<T> values(const shape_type& shape) const {
    return values<T>(shape, wi::slice_of{shape, shape_type(shape.size(), 0)});
  }

 private:
  std::function<void(any_span, const wi::slice_of&)> fill_;
};

// ---------------------------------------------------------------------------------------------
// The name registry

enum class param_kind { number, text, seed, axes };

// A parameter value; std::monostate is Python's None.
using param_value =
    std::variant<std::monostate, double, std::string, wi::seed_type, std::vector<int>>;

struct param_info {
  std::string_view key;  // the Keras config name
  param_kind kind;
  param_value default_value;
};

// Every parameter of one initializer, defaults filled in.
class param_values {
 public:
  void set(std::string_view key, param_value value) {
    values_[std::string(key)] = std::move(value);
  }
  double number(std::string_view key) const { return std::get<double>(at(key)); }
  const std::string& text(std::string_view key) const { return std::get<std::string>(at(key)); }
  std::optional<wi::seed_type> seed() const { return optional<wi::seed_type>("seed"); }
  std::optional<std::vector<int>> axes(std::string_view key) const {
    return optional<std::vector<int>>(key);
  }

 private:
  const param_value& at(std::string_view key) const { return values_.find(key)->second; }
  template <class V>
  std::optional<V> optional(std::string_view key) const {
    const param_value& value = at(key);
    if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
    return std::get<V>(value);
  }
  std::map<std::string, param_value, std::less<>> values_;
};

struct initializer_info {
  std::string_view class_name;
  std::vector<std::string_view> aliases;
  std::vector<param_info> params;
  any_initializer (*make)(const param_values&, wi::fan_convention);
  bool computes_whole = false;  // a slice still costs the whole tensor (Orthogonal's QR)

  bool has(std::string_view key) const {
    return std::any_of(params.begin(), params.end(),
                       [&](const param_info& p) { return p.key == key; });
  }
  const param_info& param(std::string_view key) const {
    for (const param_info& p : params) {
      if (p.key == key) return p;
    }
    std::vector<std::string> keys;
    for (const param_info& p : params) keys.emplace_back(p.key);
    throw usage_error(
        std::string(class_name) + " has no parameter " + in_quotes(key) +
        (keys.empty() ? " (it takes none)" : " (its parameters: " + join(keys, ", ") + ")"));
  }
  param_values defaults() const {
    param_values values;
    for (const param_info& p : params) values.set(p.key, p.default_value);
    return values;
  }
};

// Fans by the CLI's --convention, or by explicit axes when both are given (as Keras does).
template <class Init>
any_initializer variance_scaling(Init init, const param_values& p, wi::fan_convention convention) {
  init = init.with_fan_convention(convention);
  auto input_axes = p.axes("input_axes");
  auto output_axes = p.axes("output_axes");
  if (input_axes && output_axes)
    init = init.with_axes(std::move(*input_axes), std::move(*output_axes));
  return any_initializer(std::move(init));
}

template <class Preset>
any_initializer make_preset(const param_values& p, wi::fan_convention convention) {
  return variance_scaling(Preset(p.seed()), p, convention);
}

// Keras 3's keras.initializers: class name, snake_case name and compatibility aliases, and the
// constructor's parameters in order with Keras's defaults.
const std::vector<initializer_info>& registry() {
  static const std::vector<initializer_info> table = [] {
    using k = param_kind;
    const param_info seed{"seed", k::seed, std::monostate{}};
    const param_info input_axes{"input_axes", k::axes, std::monostate{}};
    const param_info output_axes{"output_axes", k::axes, std::monostate{}};
    const std::vector<param_info> preset{seed, input_axes, output_axes};
    return std::vector<initializer_info>{
        {"Zeros",
         {"zeros", "zero"},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wi::Zeros()); }},
        {"Ones",
         {"ones", "one"},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wi::Ones()); }},
        {"Constant",
         {"constant"},
         {{"value", k::number, 0.0}},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wi::Constant(p.number("value")));
         }},
        {"RandomNormal",
         {"random_normal", "normal"},
         {{"mean", k::number, 0.0}, {"stddev", k::number, 0.05}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wi::RandomNormal(p.number("mean"), p.number("stddev"), p.seed()));
         }},
        {"RandomUniform",
         {"random_uniform", "uniform"},
         {{"minval", k::number, -0.05}, {"maxval", k::number, 0.05}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(
               wi::RandomUniform(p.number("minval"), p.number("maxval"), p.seed()));
         }},
        {"TruncatedNormal",
         {"truncated_normal"},
         {{"mean", k::number, 0.0}, {"stddev", k::number, 0.05}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(
               wi::TruncatedNormal(p.number("mean"), p.number("stddev"), p.seed()));
         }},
        {"VarianceScaling",
         {"variance_scaling"},
         {{"scale", k::number, 1.0},
          {"mode", k::text, std::string("fan_in")},
          {"distribution", k::text, std::string("truncated_normal")},
          seed,
          input_axes,
          output_axes},
         [](const param_values& p, wi::fan_convention convention) {
           return variance_scaling(wi::VarianceScaling(p.number("scale"), p.text("mode"),
                                                       p.text("distribution"), p.seed()),
                                   p, convention);
         }},
        {"GlorotNormal", {"glorot_normal"}, preset, make_preset<wi::GlorotNormal>},
        {"GlorotUniform", {"glorot_uniform"}, preset, make_preset<wi::GlorotUniform>},
        {"HeNormal", {"he_normal"}, preset, make_preset<wi::HeNormal>},
        {"HeUniform", {"he_uniform"}, preset, make_preset<wi::HeUniform>},
        {"LecunNormal", {"lecun_normal"}, preset, make_preset<wi::LecunNormal>},
        {"LecunUniform", {"lecun_uniform"}, preset, make_preset<wi::LecunUniform>},
        {"Orthogonal",
         {"orthogonal", "OrthogonalInitializer"},
         {{"gain", k::number, 1.0}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wi::Orthogonal(p.number("gain"), p.seed()));
         },
         true},
        {"Identity",
         {"identity", "IdentityInitializer"},
         {{"gain", k::number, 1.0}},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wi::Identity(p.number("gain")));
         }},
    };
  }();
  return table;
}

// Lower case without underscores, to suggest the right spelling of "henormal" or "Random_Normal".
std::string loose_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != '_') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

// Looks a name up as Keras does: exact (case-sensitive) class name or alias.
const initializer_info& find_initializer(std::string_view name) {
  for (const initializer_info& info : registry()) {
    if (info.class_name == name) return info;
    for (std::string_view alias : info.aliases) {
      if (alias == name) return info;
    }
  }
  if (loose_key(name) == "stft" || loose_key(name) == "stftinitializer" ||
      loose_key(name) == "initializer") {
    throw usage_error("initializer " + in_quotes(name) +
                      " is a Keras name weightinit does not provide");
  }
  std::string hint = " (see 'weightinit list')";
  for (const initializer_info& info : registry()) {
    if (loose_key(info.class_name) == loose_key(name)) {
      hint = " (names are case-sensitive: did you mean " + in_quotes(info.class_name) + "?)";
    }
  }
  throw usage_error("unknown initializer " + in_quotes(name) + hint);
}

std::string default_text(const param_value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "None";
        } else if constexpr (std::is_same_v<V, double>) {
          return python_float(v);
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<V, wi::seed_type>) {
          return std::to_string(v);
        } else {
          std::vector<std::string> items;
          for (int axis : v) items.push_back(std::to_string(axis));
          return join(items, ",");
        }
      },
      value);
}

// ---------------------------------------------------------------------------------------------
// Parameters from --set text and from --config JSON

param_value param_from_text(const initializer_info& info, const param_info& param,
                            std::string_view text) {
  const auto bad = [&](std::string_view requirement) {
    return usage_error(std::string(info.class_name) + ": " + std::string(param.key) + " " +
                       std::string(requirement) + ", got " + in_quotes(text));
  };
  const bool none = text == "None" || text == "null";
  switch (param.kind) {
    case param_kind::number:
      if (const auto value = parse_number<double>(text)) return *value;
      throw bad("must be a number");
    case param_kind::text:
      return std::string(text);
    case param_kind::seed:
      if (none) return std::monostate{};
      if (const auto value = parse_seed(text)) return *value;
      throw bad("must be an integer in [-2^63, 2^64) or None");
    case param_kind::axes: {
      if (none) return std::monostate{};
      std::vector<int> axes;
      if (text.empty()) return axes;
      for (std::string_view item : split(text, ',')) {
        const auto axis = parse_number<int>(item);
        if (!axis) throw bad("must be a comma-separated list of integer axes or None");
        axes.push_back(*axis);
      }
      return axes;
    }
  }
  throw bad("has an unknown kind");
}

param_value param_from_json(const initializer_info& info, const param_info& param,
                            const json& value) {
  const auto bad = [&](std::string_view requirement) {
    return usage_error("config: " + std::string(info.class_name) + ": " + std::string(param.key) +
                       " " + std::string(requirement) + ", got " + value.dump());
  };
  switch (param.kind) {
    case param_kind::number:
      if (!value.is_number()) throw bad("must be a number");
      if (!std::isfinite(value.get<double>())) throw bad("must be finite");
      return value.get<double>();
    case param_kind::text:
      if (!value.is_string()) throw bad("must be a string");
      return value.get<std::string>();
    case param_kind::seed:
      if (value.is_null()) return std::monostate{};
      if (value.is_number_unsigned()) return value.get<wi::seed_type>();
      if (value.is_number_integer()) return static_cast<wi::seed_type>(value.get<std::int64_t>());
      // A keras.random.SeedGenerator serializes as {"class_name": "SeedGenerator", "config":
      // {"seed": N, ...}}: its integer seed is the one to use.
      if (value.is_object() && value.value("class_name", json()) == "SeedGenerator" &&
          value.contains("config") && value["config"].is_object() &&
          value["config"].contains("seed")) {
        return param_from_json(info, param, value["config"]["seed"]);
      }
      throw bad("must be an integer or null");
    case param_kind::axes: {
      if (value.is_null()) return std::monostate{};
      const auto axis = [&](const json& item) {
        constexpr int lowest = std::numeric_limits<int>::min(),
                      highest = std::numeric_limits<int>::max();
        const bool fits = item.is_number_unsigned()
                              ? item.get<std::uint64_t>() <= std::uint64_t(highest)
                          : item.is_number_integer() ? item.get<std::int64_t>() >= lowest
                                                     : false;
        if (!fits) throw bad("must be an integer, a list of integers or null");
        return static_cast<int>(item.get<std::int64_t>());
      };
      if (value.is_number()) return std::vector<int>{axis(value)};
      if (!value.is_array()) throw bad("must be an integer, a list of integers or null");
      std::vector<int> axes;
      for (const json& item : value) axes.push_back(axis(item));
      return axes;
    }
  }
  throw bad("has an unknown kind");
}

// An initializer spec: which one, and every parameter's value.
struct initializer_spec {
  const initializer_info* info;
  param_values values;
};

// A Keras-serialized initializer: {"class_name": ..., "config": {...}} with optional "module"
// and "registered_name" (Keras 3), or just a name string as keras.initializers.get accepts.
initializer_spec spec_from_config(const json& config) {
  if (config.is_string()) {
    const initializer_info& info = find_initializer(config.get<std::string>());
    return {&info, info.defaults()};
  }
  if (!config.is_object()) throw usage_error("config: must be a JSON object, got " + config.dump());
  for (const auto& item : config.items()) {
    const std::string& key = item.key();
    if (key != "class_name" && key != "config" && key != "module" && key != "registered_name") {
      throw usage_error("config: unknown key " + in_quotes(key) +
                        " (expected class_name, config, module, registered_name)");
    }
    if ((key == "module" || key == "registered_name") && !item.value().is_string() &&
        !item.value().is_null()) {
      throw usage_error("config: " + key + " must be a string or null, got " + item.value().dump());
    }
  }
  if (!config.contains("class_name") || !config["class_name"].is_string()) {
    throw usage_error("config: class_name must be a string, got " +
                      (config.contains("class_name") ? config["class_name"].dump() : "nothing"));
  }
  const initializer_info& info = find_initializer(config["class_name"].get<std::string>());
  initializer_spec spec{&info, info.defaults()};
  const json inner = config.value("config", json::object());
  if (!inner.is_object() && !inner.is_null()) {
    throw usage_error("config: config must be an object, got " + inner.dump());
  }
  if (inner.is_object()) {
    for (const auto& item : inner.items()) {
      const param_info& param = info.param(item.key());
      spec.values.set(param.key, param_from_json(info, param, item.value()));
    }
  }
  return spec;
}

json read_config(const std::string& argument) {
  std::string text = argument;
  if (!argument.empty() && argument.front() == '@') {
    std::ifstream file(argument.substr(1), std::ios::binary);
    if (!file) throw usage_error("config: cannot read file " + in_quotes(argument.substr(1)));
    std::ostringstream contents;
    contents << file.rdbuf();
    text = contents.str();
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw usage_error(std::string("config: invalid JSON: ") + e.what());
  }
}

// ---------------------------------------------------------------------------------------------
// Output formats

// numpy-style text: values aligned on the decimal point, positional unless the magnitudes call
// for scientific notation (numpy's rule), every value with enough digits to read back exactly.
template <class T>
class text_writer {
 public:
  text_writer(const T* data, std::int64_t count) : data_(data) {
    double max_abs = 0, min_abs = std::numeric_limits<double>::infinity();
    for (std::int64_t i = 0; i < count; ++i) {
      const double a = std::fabs(to_double(data[i]));
      if (a == 0 || !std::isfinite(a)) continue;
      max_abs = std::max(max_abs, a);
      min_abs = std::min(min_abs, a);
    }
    scientific_ = max_abs >= 1e8 || (max_abs > 0 && (min_abs < 1e-4 || max_abs / min_abs > 1e3));
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string text = cell(data[i]);
      const std::size_t dot = text.find('.');
      left_ = std::max(left_, dot);
      right_ = std::max(right_, text.size() - dot);
    }
  }

  void write(std::ostream& out, const shape_type& shape) const {
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) {
      out << "[]";  // as numpy prints any empty array; the shape line has the extents
    } else {
      write_axis(out, shape, 0, 0);
    }
  }

 private:
  std::string cell(T value) const {
    std::string text =
        element_text(value, scientific_ ? std::chars_format::scientific : std::chars_format::fixed);
    if (text.find('.') == std::string::npos) {  // "1" -> "1.", "1e-05" -> "1.e-05" as numpy
      const std::size_t e = text.find('e');
      text.insert(e == std::string::npos ? text.size() : e, ".");
    }
    return text;
  }

  void write_axis(std::ostream& out, const shape_type& shape, std::size_t axis,
                  std::int64_t first) const {
    if (axis == shape.size()) {
      const std::string text = cell(data_[first]);
      const std::size_t dot = text.find('.');
      out << std::string(left_ - dot, ' ') << text
          << std::string(right_ - (text.size() - dot), ' ');
      return;
    }
    std::int64_t stride = 1;
    for (std::size_t k = axis + 1; k < shape.size(); ++k) stride *= shape[k];
    out << '[';
    for (std::int64_t i = 0; i < shape[axis]; ++i) {
      if (i > 0 && axis + 1 == shape.size()) out << ", ";
      if (i > 0 && axis + 1 < shape.size()) {  // numpy: a blank line per extra dimension
        out << ',' << std::string(shape.size() - axis - 1, '\n') << std::string(axis + 1, ' ');
      }
      write_axis(out, shape, axis + 1, first + i * stride);
    }
    out << ']';
  }

  const T* data_;
  bool scientific_ = false;
  std::size_t left_ = 0, right_ = 0;
};

template <class T>
void write_text(std::ostream& out, const std::vector<T>& data, const shape_type& shape) {
  out << "shape=" << python_tuple(shape) << ", dtype=" << dtype_traits<T>::name << '\n';
  text_writer<T>(data.data(), std::int64_t(data.size())).write(out, shape);
  out << '\n';
}

// Numbers as the shortest double text of the exact value, so any JSON reader gets it exactly.
template <class T>
void write_json_values(std::ostream& out, const T* data, const shape_type& shape,
                       std::size_t axis) {
  if (axis == shape.size()) {
    const double value = to_double(*data);
    std::string text = std::isfinite(value) ? shortest(value) : "null";
    if (text.find_first_of(".eln") == std::string::npos) text += ".0";  // stays a float
    out << text;
    return;
  }
  std::int64_t stride = 1;
  for (std::size_t k = axis + 1; k < shape.size(); ++k) stride *= shape[k];
  out << '[';
  for (std::int64_t i = 0; i < shape[axis]; ++i) {
    if (i > 0) out << ',';
    write_json_values(out, data + i * stride, shape, axis + 1);
  }
  out << ']';
}

template <class T>
void write_json(std::ostream& out, const std::vector<T>& data, const shape_type& shape) {
  std::vector<std::string> dims;
  for (std::int64_t d : shape) dims.push_back(std::to_string(d));
  out << "{\"shape\":[" << join(dims, ",") << "],\"dtype\":\"" << dtype_traits<T>::name
      << "\",\"values\":";
  write_json_values(out, data.data(), shape, 0);
  out << "}\n";
}

// Little-endian bytes of an unsigned integer, whatever the host's byte order.
template <class U>
void put_le(std::string& out, U bits) {
  for (std::size_t i = 0; i < sizeof(U); ++i) out += static_cast<char>((bits >> (8 * i)) & 0xffu);
}

// NumPy .npy (format 1.0; 2.0 only if the header outgrows 64 KiB): C order, little-endian.
// numpy has no bfloat16, so bfloat16 is stored as <f4 holding exactly the same values.
template <class T>
void write_npy(std::ostream& out, const std::vector<T>& data, const shape_type& shape) {
  constexpr bool half = std::is_same_v<T, Eigen::half>;
  constexpr bool wide = std::is_same_v<T, double>;
  const std::string descr = half ? "<f2" : wide ? "<f8" : "<f4";
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + python_tuple(shape) + ", }";
  const bool v2 = header.size() + 1 + 64 > 65535;  // padded 1.0 headers must fit 16 bits
  const std::size_t prefix = v2 ? 12 : 10;         // magic, version, header length
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(v2 ? 2 : 1);
  bytes += '\0';
  if (v2) {
    put_le(bytes, static_cast<std::uint32_t>(header.size()));
  } else {
    put_le(bytes, static_cast<std::uint16_t>(header.size()));
  }
  out << bytes << header;
  constexpr std::size_t chunk = 1 << 16;
  bytes.reserve(chunk * sizeof(T) * 2);
  for (std::size_t first = 0; first < data.size(); first += chunk) {
    bytes.clear();
    for (std::size_t i = first; i < std::min(data.size(), first + chunk); ++i) {
      if constexpr (half) {
        put_le(bytes, Eigen::numext::bit_cast<std::uint16_t>(data[i]));
      } else if constexpr (wide) {
        put_le(bytes, Eigen::numext::bit_cast<std::uint64_t>(data[i]));
      } else {
        put_le(bytes, Eigen::numext::bit_cast<std::uint32_t>(static_cast<float>(data[i])));
      }
    }
    out << bytes;
  }
}

// Writes through `write` to standard output, or to FILE via a temporary file next to it that is
// renamed on success and removed on failure, so a failed run leaves no file behind.
void emit(const std::optional<std::string>& path, const std::function<void(std::ostream&)>& write) {
  if (!path || *path == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw usage_error("cannot write to standard output");
    return;
  }
  const std::string temporary = *path + ".tmp." + std::to_string(::getpid());
  struct remover {
    const std::string& name;
    bool keep = false;
    ~remover() {
      if (!keep) std::remove(name.c_str());
    }
  } guard{temporary};
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw usage_error("cannot create output file " + in_quotes(*path));
    write(file);
    file.close();
    if (!file) throw usage_error("cannot write output file " + in_quotes(*path));
  }
  if (std::rename(temporary.c_str(), path->c_str()) != 0) {
    throw usage_error("cannot create output file " + in_quotes(*path) + ": " +
                      std::strerror(errno));
  }
  guard.keep = true;
}

// ---------------------------------------------------------------------------------------------
// sample

struct sample_options {
  std::optional<std::string> name, config, output, slice;
  shape_type shape{2, 2};
  std::string dtype = "float32";
  std::string format = "text";
  std::optional<wi::seed_type> seed;
  std::vector<std::string> sets;
  wi::fan_convention convention = wi::fan_convention::keras;
};

template <class T>
void sample_as(const any_initializer& init, const shape_type& local, const wi::slice_of& slice,
               const sample_options& options) {
  const std::vector<T> data = init.values<T>(local, slice);
  emit(options.output, [&](std::ostream& out) {
    if (options.format == "npy") {
      write_npy(out, data, local);
    } else if (options.format == "json") {
      write_json(out, data, local);
    } else {
      write_text(out, data, local);
    }
  });
}

using sample_function = void (*)(const any_initializer&, const shape_type&, const wi::slice_of&,
                                 const sample_options&);
struct dtype_entry {
  std::string_view name;
  sample_function sample;
};
constexpr dtype_entry dtypes[] = {
    {dtype_traits<float>::name, sample_as<float>},
    {dtype_traits<double>::name, sample_as<double>},
    {dtype_traits<Eigen::half>::name, sample_as<Eigen::half>},
    {dtype_traits<Eigen::bfloat16>::name, sample_as<Eigen::bfloat16>},
};

const dtype_entry& find_dtype(std::string_view name) {
  for (const dtype_entry& entry : dtypes) {
    if (entry.name == name) return entry;
  }
  throw usage_error("--dtype must be float32, float64, float16 or bfloat16, got " +
                    in_quotes(name));
}

shape_type parse_shape(std::string_view text) {
  shape_type shape;
  if (text.empty()) return shape;  // rank 0: a scalar
  for (std::string_view item : split(text, ',')) {
    const auto dim = parse_number<std::int64_t>(item);
    if (!dim || *dim < 0) {
      throw usage_error("--shape dimensions must be non-negative integers, got " + in_quotes(item) +
                        " in " + in_quotes(text));
    }
    shape.push_back(*dim);
  }
  return shape;
}

// "START:STOP,..." (half-open, one per dimension; an empty bound means 0 or the dimension).
wi::slice_of parse_slice(std::string_view text, const shape_type& shape, shape_type& local) {
  const std::vector<std::string_view> items =
      text.empty() ? std::vector<std::string_view>{} : split(text, ',');
  if (items.size() != shape.size()) {
    throw usage_error("--slice needs one START:STOP per dimension of --shape " +
                      python_tuple(shape) + ", got " + in_quotes(text));
  }
  wi::slice_of slice{shape, {}};
  local.clear();
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const std::size_t colon = items[k].find(':');
    const auto bound = [&](std::string_view part, std::int64_t fallback) {
      return part.empty() ? std::optional<std::int64_t>(fallback)
                          : parse_number<std::int64_t>(part);
    };
    const auto start =
        colon == std::string_view::npos ? std::nullopt : bound(items[k].substr(0, colon), 0);
    const auto stop = colon == std::string_view::npos ? std::nullopt
                                                      : bound(items[k].substr(colon + 1), shape[k]);
    if (!start || !stop || *start < 0 || *start > *stop || *stop > shape[k]) {
      throw usage_error("--slice " + in_quotes(items[k]) +
                        " must be START:STOP with 0 <= START <= STOP <= " +
                        std::to_string(shape[k]) + " (dimension " + std::to_string(k) + ")");
    }
    slice.offsets.push_back(*start);
    local.push_back(*stop - *start);
  }
  return slice;
}

void check_size(const shape_type& shape, std::string_view what) {
  std::int64_t count = 1;
  for (std::int64_t d : shape) {
    if (d == 0) return;
  }
  for (std::int64_t d : shape) {
    if (count > max_elements / d) {
      throw usage_error(std::string(what) + " " + python_tuple(shape) + " has more than " +
                        std::to_string(max_elements) + " elements, the limit of this tool");
    }
    count *= d;
  }
}

initializer_spec resolve_spec(const sample_options& options) {
  if (options.name && options.config)
    throw usage_error("sample takes a NAME or --config, not both");
  if (!options.name && !options.config) throw usage_error("sample needs a NAME or --config JSON");
  initializer_spec spec = [&]() -> initializer_spec {
    if (options.config) return spec_from_config(read_config(*options.config));
    const initializer_info& info = find_initializer(*options.name);
    return {&info, info.defaults()};
  }();
  for (const std::string& assignment : options.sets) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos)
      throw usage_error("--set needs KEY=VALUE, got " + in_quotes(assignment));
    const param_info& param = spec.info->param(std::string_view(assignment).substr(0, equals));
    spec.values.set(param.key, param_from_text(*spec.info, param,
                                               std::string_view(assignment).substr(equals + 1)));
  }
  // --seed overrides the config; initializers that draw nothing ignore it.
  if (options.seed && spec.info->has("seed")) spec.values.set("seed", *options.seed);
  return spec;
}

void run_sample(const sample_options& options) {
  const dtype_entry& dtype = find_dtype(options.dtype);
  const initializer_spec spec = resolve_spec(options);
  const any_initializer init = spec.info->make(spec.values, options.convention);
  shape_type local = options.shape;
  const wi::slice_of slice = options.slice
                                 ? parse_slice(*options.slice, options.shape, local)
                                 : wi::slice_of{options.shape, shape_type(options.shape.size(), 0)};
  check_size(local, options.slice ? "--slice" : "--shape");
  if (spec.info->computes_whole) check_size(options.shape, "--shape");
  dtype.sample(init, local, slice, options);
}

// ---------------------------------------------------------------------------------------------
// list

void run_list() {
  for (const initializer_info& info : registry()) {
    std::vector<std::string> aliases(info.aliases.begin(), info.aliases.end());
    std::vector<std::string> params;
    for (const param_info& p : info.params) {
      params.push_back(std::string(p.key) + "=" + default_text(p.default_value));
    }
    std::cout << info.class_name << " (" << join(aliases, ", ") << ")"
              << (params.empty() ? "" : ": " + join(params, " ")) << '\n';
  }
}

// ---------------------------------------------------------------------------------------------
// demo: the seed notebook (a Keras initializers walk-through), in C++

template <class T>
void show(std::string_view label, const std::vector<T>& values, const shape_type& shape) {
  std::cout << label << ": ";
  write_text(std::cout, values, shape);
}

// Anything a layer takes as kernel_initializer / bias_initializer, as Keras allows: a
// weightinit initializer, a Keras name, or any callable (shape, dtype) -> values.
class layer_initializer {
 public:
  using function = std::function<std::vector<float>(const shape_type&, std::string_view dtype)>;

  template <class Init,
            std::enable_if_t<std::is_base_of_v<wi::initializer_base<Init>, Init>, int> = 0>
  layer_initializer(Init init)  // NOLINT(google-explicit-constructor): as Keras's arguments
      : function_([init](const shape_type& shape, std::string_view) {
          return init.template values<float>(shape);
        }) {}
  layer_initializer(const char* keras_name)  // NOLINT(google-explicit-constructor)
      : function_([init = by_name(keras_name)](const shape_type& shape, std::string_view) {
          return init.values<float>(shape);
        }) {}
  template <class F, std::enable_if_t<std::is_invocable_r_v<std::vector<float>, const F&,
                                                            const shape_type&, std::string_view>,
                                      int> = 0>
  layer_initializer(F custom) : function_(std::move(custom)) {}  // NOLINT

  std::vector<float> operator()(const shape_type& shape) const {
    std::vector<float> values = function_(shape, "float32");
    std::int64_t count = 1;
    for (std::int64_t d : shape) count *= d;
    if (values.size() != std::size_t(count)) {
      throw wi::invalid_argument("dense_layer: an initializer returned " +
                                 std::to_string(values.size()) + " values for shape " +
                                 python_tuple(shape));
    }
    return values;
  }

 private:
  static any_initializer by_name(std::string_view name) {
    const initializer_info& info = find_initializer(name);
    return info.make(info.defaults(), wi::fan_convention::keras);
  }
  function function_;
};

// keras.layers.Dense's weights: kernel (input_dim, units), bias (units). Row-major storage, so
// data() is in the logical order the initializers fill.
struct dense_layer {
  Eigen::Tensor<float, 2, Eigen::RowMajor> kernel;
  Eigen::Tensor<float, 1, Eigen::RowMajor> bias;

  dense_layer(Eigen::Index input_dim, Eigen::Index units,
              const layer_initializer& kernel_initializer = "glorot_uniform",
              const layer_initializer& bias_initializer = "zeros")
      : kernel(input_dim, units), bias(units) {
    const std::vector<float> k = kernel_initializer({input_dim, units});
    const std::vector<float> b = bias_initializer({units});
    std::copy(k.begin(), k.end(), kernel.data());
    std::copy(b.begin(), b.end(), bias.data());
  }

  void print() const {
    show("kernel", std::vector<float>(kernel.data(), kernel.data() + kernel.size()),
         {kernel.dimension(0), kernel.dimension(1)});
    show("bias", std::vector<float>(bias.data(), bias.data() + bias.size()), {bias.dimension(0)});
  }
};

// The notebook's custom initializer class: Keras's Initializer protocol is __call__(shape,
// dtype) plus get_config(); here operator() and get_config() play those parts.
class ExampleRandomNormal {
 public:
  ExampleRandomNormal(double mean, double stddev) : mean_(mean), stddev_(stddev) {}
  std::vector<float> operator()(const shape_type& shape, std::string_view /*dtype*/) const {
    return wi::RandomNormal(mean_, stddev_).values<float>(shape);  // as tf.random.normal
  }
  json get_config() const { return {{"mean", mean_}, {"stddev", stddev_}}; }

 private:
  double mean_, stddev_;
};

std::vector<float> row_major_values(const Eigen::Tensor<float, 2>& tensor) {
  const Eigen::Tensor<float, 2, Eigen::RowMajor> row_major =
      tensor.swap_layout().shuffle(Eigen::array<int, 2>{1, 0});
  return std::vector<float>(row_major.data(), row_major.data() + row_major.size());
}

struct demo_call {
  std::string_view code;
  Eigen::Tensor<float, 2> (*call)();
};

// Each entry prints the very code that produced it.
// clang-format off
#define WEIGHTINIT_DEMO_CALL(...) \
  demo_call{#__VA_ARGS__, [] { const auto init = __VA_ARGS__; return init({2, 2}); }}

#define WEIGHTINIT_DEMO_LAYER(...)                              \
  do {                                                          \
    std::cout << "\ndense_layer layer(" #__VA_ARGS__ ");\n";    \
    dense_layer(__VA_ARGS__).print();                           \
  } while (false)
// clang-format on

void run_demo() {
  std::cout << "weightinit demo: the Keras initializers notebook, in C++\n"
               "=========================================================\n\n"
               "Call an initializer on a shape to get a filled Eigen tensor, as Keras's\n"
               "initializer(shape=(2, 2)). Each is seeded (the last argument), so these values\n"
               "are the same on every run and machine.\n";
  const demo_call calls[] = {
      WEIGHTINIT_DEMO_CALL(weightinit::RandomNormal(0.0, 1.0, 42)),
      WEIGHTINIT_DEMO_CALL(weightinit::RandomUniform(0.0, 1.0, 42)),
      WEIGHTINIT_DEMO_CALL(weightinit::TruncatedNormal(0.0, 1.0, 42)),
      WEIGHTINIT_DEMO_CALL(weightinit::Zeros()),
      WEIGHTINIT_DEMO_CALL(weightinit::Ones()),
      WEIGHTINIT_DEMO_CALL(weightinit::GlorotNormal(42)),
      WEIGHTINIT_DEMO_CALL(weightinit::GlorotUniform(42)),
      WEIGHTINIT_DEMO_CALL(weightinit::HeNormal(42)),
      WEIGHTINIT_DEMO_CALL(weightinit::HeUniform(42)),
      WEIGHTINIT_DEMO_CALL(weightinit::Identity()),
      WEIGHTINIT_DEMO_CALL(weightinit::Orthogonal(1.0, 42)),
      WEIGHTINIT_DEMO_CALL(weightinit::Constant(3.0)),
      WEIGHTINIT_DEMO_CALL(weightinit::VarianceScaling(0.1, "fan_in", "uniform", 42)),
  };
  for (const demo_call& c : calls) {
    std::cout << "\n" << c.code << "({2, 2})\n";
    write_text(std::cout, row_major_values(c.call()), {2, 2});
  }

  std::cout << "\nUsing initializers in a layer\n"
               "-----------------------------\n"
               "A dense layer with 3 units on 4 inputs takes a kernel and a bias initializer,\n"
               "as keras.layers.Dense does. Unseeded initializers draw their seed from the\n"
               "process-wide sequence; weightinit::set_global_seed(42) makes that reproducible.\n";
  wi::set_global_seed(42);

  std::cout << "\nOption 1: initializer objects";
  WEIGHTINIT_DEMO_LAYER(4, 3, weightinit::RandomNormal(0.0, 0.01), weightinit::Zeros());

  std::cout << "\nOption 2: Keras names (any name or alias `weightinit list` shows)";
  WEIGHTINIT_DEMO_LAYER(4, 3, "random_normal", "zeros");

  std::cout << "\nCustom initializers: any callable (shape, dtype) -> values";
  const auto my_init = [](const shape_type& shape, std::string_view /*dtype*/) {
    return weightinit::RandomNormal(0.0, 1.0).values<float>(shape);
  };
  std::cout << "\nauto my_init = [](const shape_type& shape, std::string_view dtype) {\n"
               "  return weightinit::RandomNormal(0.0, 1.0).values<float>(shape);\n"
               "};";
  WEIGHTINIT_DEMO_LAYER(4, 3, my_init);

  std::cout << "\n... or a class with operator()(shape, dtype) and get_config()";
  const ExampleRandomNormal example(0.0, 0.01);
  std::cout << "\nExampleRandomNormal example(0.0, 0.01);  // get_config(): "
            << example.get_config().dump();
  WEIGHTINIT_DEMO_LAYER(4, 3, example);

  std::cout
      << "\nNext: `weightinit list` shows every initializer; try\n"
         "`weightinit sample he_normal --shape 3,3 --seed 1` or `--format npy --output w.npy`.\n";
}

#undef WEIGHTINIT_DEMO_CALL
#undef WEIGHTINIT_DEMO_LAYER

// ---------------------------------------------------------------------------------------------
// Command line

constexpr std::string_view usage_text = R"(usage: weightinit list
       weightinit sample NAME [options]
       weightinit sample --config JSON|@FILE [options]
       weightinit demo
       weightinit --help

Neural-network weight initializers with Keras's names, parameters and conventions.

commands:
  list                   every initializer with its aliases and parameter defaults
  sample                 draw one tensor from an initializer and print or save it
  demo                   walk through the Keras initializers notebook in C++

sample options:
  NAME                   a Keras name or alias: he_normal, GlorotUniform, normal, ...
  --config JSON|@FILE    a Keras-serialized initializer {"class_name": ..., "config": {...}}
  --set KEY=VALUE        a parameter by its Keras config name (repeatable): stddev=0.1,
                         mode=fan_out, distribution=uniform, seed=7, input_axes=0,1
  --seed N               integer seed (negative wraps modulo 2^64); overrides the config;
                         without a seed the values differ per run; initializers that
                         draw nothing (zeros, constant, identity...) ignore it
  --shape D0,D1,...      logical shape, row-major (default 2,2; '' for a scalar)
  --dtype TYPE           float32 (default), float64, float16 or bfloat16
  --convention C         fan layout of the variance-scaling family: keras (..., in, out;
                         the default) or torch (out, in, ...)
  --slice A:B,...        output only this hyper-rectangle, one START:STOP per dimension
                         (equal to the same slice of the whole tensor)
  --format F             text (default), json, or npy (NumPy .npy; bfloat16 as <f4)
  --output FILE          write to FILE instead of standard output

Exit status: 0 on success, 2 on bad usage or input (one "error: ..." line on stderr).
)";

sample_options parse_sample(const std::vector<std::string>& args) {
  sample_options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string option = args[i];
    std::optional<std::string> value;
    if (option.size() > 2 && option.compare(0, 2, "--") == 0) {
      if (const std::size_t equals = option.find('='); equals != std::string::npos) {
        value = option.substr(equals + 1);
        option.resize(equals);
      }
    } else if (!option.empty() && option.front() == '-' && option != "-") {
      throw usage_error("unknown option " + in_quotes(option) + " (see 'weightinit --help')");
    } else {
      if (options.name)
        throw usage_error("sample takes one NAME, got " + in_quotes(*options.name) + " and " +
                          in_quotes(option));
      options.name = option;
      continue;
    }
    const auto take = [&]() -> std::string {
      if (value) return *value;
      if (i + 1 >= args.size()) throw usage_error(option + " needs a value");
      return args[++i];
    };
    if (option == "--shape") {
      options.shape = parse_shape(take());
    } else if (option == "--dtype") {
      options.dtype = take();
      find_dtype(options.dtype);
    } else if (option == "--seed") {
      const std::string text = take();
      options.seed = parse_seed(text);
      if (!options.seed)
        throw usage_error("--seed must be an integer in [-2^63, 2^64), got " + in_quotes(text));
    } else if (option == "--set") {
      options.sets.push_back(take());
    } else if (option == "--config") {
      options.config = take();
    } else if (option == "--convention") {
      const std::string text = take();
      if (text != "keras" && text != "torch") {
        throw usage_error("--convention must be keras or torch, got " + in_quotes(text));
      }
      options.convention = text == "torch" ? wi::fan_convention::torch : wi::fan_convention::keras;
    } else if (option == "--format") {
      options.format = take();
      if (options.format != "text" && options.format != "json" && options.format != "npy") {
        throw usage_error("--format must be text, json or npy, got " + in_quotes(options.format));
      }
    } else if (option == "--output") {
      options.output = take();
      if (options.output->empty()) throw usage_error("--output needs a file name");
    } else if (option == "--slice") {
      options.slice = take();
    } else {
      throw usage_error("unknown option " + in_quotes(option) + " (see 'weightinit --help')");
    }
  }
  return options;
}

int run(const std::vector<std::string>& args) {
  const auto wants_help = [&] {
    return std::any_of(args.begin(), args.end(),
                       [](const std::string& a) { return a == "--help" || a == "-h"; });
  };
  if (args.empty()) {
    std::cout << usage_text;
    throw usage_error("no command given");
  }
  if (wants_help() || args[0] == "help") {
    std::cout << usage_text;
    return 0;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "sample") {
    run_sample(parse_sample(rest));
  } else if (command == "list" || command == "demo") {
    if (!rest.empty())
      throw usage_error(command + " takes no arguments, got " + in_quotes(rest[0]));
    command == "list" ? run_list() : run_demo();
  } else {
    throw usage_error("unknown command " + in_quotes(command) + " (expected list, sample or demo)");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');  // exactly one line
    std::cout.flush();
    std::cerr << "error: " << message << '\n';
  } catch (...) {
    std::cerr << "error: unexpected failure\n";
  }
  return 2;
}
