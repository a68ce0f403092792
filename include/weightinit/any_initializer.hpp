// SPDX-License-Identifier: Apache-2.0
// weightinit/any_initializer.hpp: `weightinit::Initializer`, a value that holds any
// initializer, and the name registry behind `weightinit::get`.
//
// Initializer is what a layer stores as its kernel or bias initializer (Keras's base class
// name). It is copyable and cheap (a shared pointer to an immutable model), and holds
//   - a built-in:           Initializer k = weightinit::GlorotUniform(42);
//   - a Keras name:         Initializer k = "glorot_uniform";   (same as weightinit::get)
//   - a callable (see below) or a user class, with or without parameters and get_config().
// It derives from initializer_base, so every call a built-in has works on it: k({64, 32}),
// k(matrix), k(tensor_map), k(row_major_span), k(target, slice_of{...}), k(target, engine).
// With the default generator it gives exactly the values of the initializer it holds.
//
// Callables: any of these forms (checked in this order) is an initializer:
//   f(const shape_type& shape, weightinit::scalar_tag<T>) -> a sized range of T (row-major);
//   f(const shape_type& shape) -> a sized range of numbers, row-major (e.g. std::vector<double>);
//   f(std::int64_t index, const shape_type& shape) -> a number: element `index` (row-major).
// The first two are called once per fill with the whole logical shape (a slice fill computes
// the whole tensor and keeps its part); the last once per element. A callable draws nothing
// from a generator passed at the call; it is responsible for its own randomness. A callable
// class may also have `static constexpr std::string_view name` (its class name),
// `config get_config() const` and `static constexpr std::string_view registered_name`.
//
// Names and configs (Keras 3 semantics, one table for get, from_config and listing):
//   weightinit::get("he_normal")                      every Keras 3 class name and alias
//   weightinit::get("RandomNormal", {{"stddev", 0.1}, {"seed", 7}})
//   init.get_config(), Initializer::from_config(class_name, config), init.clone()
//   weightinit::register_initializer("Custom>MyInit", factory)   user classes by name
#ifndef WEIGHTINIT_ANY_INITIALIZER_HPP_
#define WEIGHTINIT_ANY_INITIALIZER_HPP_

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "weightinit/config.hpp"
#include "weightinit/constant.hpp"
#include "weightinit/errors.hpp"
#include "weightinit/fans.hpp"
#include "weightinit/identity.hpp"
#include "weightinit/initializer.hpp"
#include "weightinit/orthogonal.hpp"
#include "weightinit/random.hpp"
#include "weightinit/seed.hpp"
#include "weightinit/variance_scaling.hpp"

namespace weightinit {

/// Names the scalar type a typed callable initializer is asked for:
/// `[](const shape_type& shape, auto tag) { using T = typename decltype(tag)::type; ... }`.
template <class T>
struct scalar_tag {
  using type = T;
};

class Initializer;

/// What one built-in parameter is in a config.
enum class param_kind {
  number,  ///< an integer or a finite double
  text,    ///< a string (mode, distribution)
  seed,    ///< an integer or null
  axes     ///< an integer, a list of integers or null
};

/// One parameter of a built-in initializer: its Keras config key, kind and default.
struct param_info {
  std::string_view key;
  param_kind kind;
  config_value default_value;
};

/// One built-in initializer: Keras class name, the other names Keras accepts, the parameters
/// in Keras's get_config order, and how to build it from a complete, checked config.
struct initializer_info {
  std::string_view class_name;
  std::vector<std::string_view> aliases;
  std::vector<param_info> params;
  Initializer (*make)(const config& complete, fan_convention convention);
  bool computes_whole = false;  ///< a slice still costs the whole tensor (Orthogonal's QR)

  /// The parameter `key`, or nullptr.
  const param_info* param(std::string_view key) const {
    for (const param_info& p : params) {
      if (p.key == key) return &p;
    }
    return nullptr;
  }
};

/// The built-in initializers of keras.initializers (Keras 3), in Keras's documentation order.
const std::vector<initializer_info>& builtin_initializers();

/// The built-in whose class name or alias is `name` (case-sensitive, as Keras), or nullptr.
const initializer_info* find_builtin(std::string_view name);

namespace detail {

// ---------------------------------------------------------------------------------------------
// Type erasure of samplers and sources

/// A block source behind a virtual interface: what a URBG (any source) looks like once erased.
class block_source_ref {
 public:
  virtual block main_block(index_t b) = 0;
  virtual block retry_block(index_t element, std::uint32_t attempt) = 0;

 protected:
  block_source_ref() = default;
  block_source_ref(const block_source_ref&) = default;
  block_source_ref& operator=(const block_source_ref&) = default;
  ~block_source_ref() = default;
};

template <class Source>
class block_source_adapter final : public block_source_ref {
 public:
  explicit block_source_adapter(Source& source) : source_(source) {}
  block main_block(index_t b) override { return source_.main_block(b); }
  block retry_block(index_t element, std::uint32_t attempt) override {
    return source_.retry_block(element, attempt);
  }

 private:
  Source& source_;
};

/// Values of logical indices [first, first + count) of one tensor shape, in scalar type T.
template <class T>
class sampler_model {
 public:
  virtual ~sampler_model() = default;
  /// From the held initializer's own default source (Philox with its seed, or none).
  virtual void generate(std::uint64_t first, std::uint64_t count, T* out) = 0;
  /// From `source` (an erased URBG), consumed as the held initializer would consume it.
  virtual void generate(std::uint64_t first, std::uint64_t count, T* out,
                        block_source_ref& source) = 0;
  /// Whether generate() may run concurrently on disjoint ranges (parallel fills): only for
  /// built-in and user classes whose sampler says so, never for callables.
  virtual bool concurrent() const { return false; }
};

/// What Initializer holds: an immutable model of one initializer.
class initializer_model {
 public:
  virtual ~initializer_model() = default;
  virtual std::string_view class_name() const = 0;
  /// The name the type declares for serialization; empty for built-ins.
  virtual std::optional<std::string> registered_name() const = 0;
  virtual config get_config() const = 0;
  virtual std::unique_ptr<sampler_model<float>> sampler(const shape_type&,
                                                        scalar_tag<float>) const = 0;
  virtual std::unique_ptr<sampler_model<double>> sampler(const shape_type&,
                                                         scalar_tag<double>) const = 0;
  virtual std::unique_ptr<sampler_model<Eigen::half>> sampler(const shape_type&,
                                                              scalar_tag<Eigen::half>) const = 0;
  virtual std::unique_ptr<sampler_model<Eigen::bfloat16>> sampler(
      const shape_type&, scalar_tag<Eigen::bfloat16>) const = 0;
};

/// Implements the four sampler() overloads with Impl::make_sampler<T>(shape).
template <class Impl>
class model_base : public initializer_model {
 public:
  std::unique_ptr<sampler_model<float>> sampler(const shape_type& shape,
                                                scalar_tag<float>) const override {
    return self().template make_sampler<float>(shape);
  }
  std::unique_ptr<sampler_model<double>> sampler(const shape_type& shape,
                                                 scalar_tag<double>) const override {
    return self().template make_sampler<double>(shape);
  }
  std::unique_ptr<sampler_model<Eigen::half>> sampler(const shape_type& shape,
                                                      scalar_tag<Eigen::half>) const override {
    return self().template make_sampler<Eigen::half>(shape);
  }
  std::unique_ptr<sampler_model<Eigen::bfloat16>> sampler(
      const shape_type& shape, scalar_tag<Eigen::bfloat16>) const override {
    return self().template make_sampler<Eigen::bfloat16>(shape);
  }

 private:
  const Impl& self() const { return static_cast<const Impl&>(*this); }
};

// ---------------------------------------------------------------------------------------------
// Reading a typed initializer's parameters by Keras config key

#define WEIGHTINIT_DETAIL_HAS_MEMBER(member)                                              \
  template <class T, class = void>                                                        \
  struct has_member_##member : std::false_type {};                                        \
  template <class T>                                                                      \
  struct has_member_##member<T, std::void_t<decltype(std::declval<const T&>().member())>> \
      : std::true_type {};
WEIGHTINIT_DETAIL_HAS_MEMBER(given_seed)
WEIGHTINIT_DETAIL_HAS_MEMBER(mean)
WEIGHTINIT_DETAIL_HAS_MEMBER(stddev)
WEIGHTINIT_DETAIL_HAS_MEMBER(minval)
WEIGHTINIT_DETAIL_HAS_MEMBER(maxval)
WEIGHTINIT_DETAIL_HAS_MEMBER(scale)
WEIGHTINIT_DETAIL_HAS_MEMBER(mode)
WEIGHTINIT_DETAIL_HAS_MEMBER(distribution)
WEIGHTINIT_DETAIL_HAS_MEMBER(gain)
WEIGHTINIT_DETAIL_HAS_MEMBER(value)
WEIGHTINIT_DETAIL_HAS_MEMBER(fans_by)
WEIGHTINIT_DETAIL_HAS_MEMBER(get_config)
#undef WEIGHTINIT_DETAIL_HAS_MEMBER

template <class T, class = void>
struct has_static_name : std::false_type {};
template <class T>
struct has_static_name<T, std::void_t<decltype(std::string_view(T::name))>> : std::true_type {};
template <class T, class = void>
struct has_static_registered_name : std::false_type {};
template <class T>
struct has_static_registered_name<T, std::void_t<decltype(std::string_view(T::registered_name))>>
    : std::true_type {};

/// The value of Keras config key `key` of a built-in initializer, from its accessors: the
/// table lists the keys, this reads them, so no initializer has its own get_config code.
template <class Init>
config_value param_of(const Init& init, std::string_view key) {
  // clang-format off
  if constexpr (has_member_given_seed<Init>::value) {
    if (key == "seed") {
      const auto seed = init.given_seed();
      return seed ? config_value(*seed) : config_value(nullptr);
    }
  }
  if constexpr (has_member_mean<Init>::value) if (key == "mean") return init.mean();
  if constexpr (has_member_stddev<Init>::value) if (key == "stddev") return init.stddev();
  if constexpr (has_member_minval<Init>::value) if (key == "minval") return init.minval();
  if constexpr (has_member_maxval<Init>::value) if (key == "maxval") return init.maxval();
  if constexpr (has_member_scale<Init>::value) if (key == "scale") return init.scale();
  if constexpr (has_member_mode<Init>::value) if (key == "mode") return to_string(init.mode());
  if constexpr (has_member_distribution<Init>::value) {
    if (key == "distribution") return to_string(init.distribution());
  }
  if constexpr (has_member_gain<Init>::value) if (key == "gain") return init.gain();
  if constexpr (has_member_value<Init>::value) if (key == "value") return init.value();
  if constexpr (has_member_fans_by<Init>::value) {
    const fan_rule& rule = init.fans_by();
    if (key == "input_axes") return rule.use_axes ? config_value(rule.input_axes) : nullptr;
    if (key == "output_axes") return rule.use_axes ? config_value(rule.output_axes) : nullptr;
  }
  // clang-format on
  throw invalid_argument(std::string(Init::name) + ": no accessor for config key " + to_text(key));
}

/// The source a typed initializer fills from by default.
template <class Init>
auto default_source_of(const Init& init) {
  if constexpr (has_seed<Init>::value) {
    return philox_source(init.seed());
  } else {
    (void)init;
    return no_source{};
  }
}

// ---------------------------------------------------------------------------------------------
// Models

/// An initializer class (built-in or user) deriving from initializer_base.
template <class Init>
class object_model final : public model_base<object_model<Init>> {
 public:
  explicit object_model(Init init) : init_(std::move(init)) {}

  std::string_view class_name() const override { return Init::name; }
  std::optional<std::string> registered_name() const override {
    if constexpr (has_static_registered_name<Init>::value) {
      return std::string(Init::registered_name);
    } else {
      if (find_builtin(Init::name) != nullptr) return std::nullopt;
      return std::string(Init::name);  // Keras: an unregistered class serializes as itself
    }
  }
  config get_config() const override {
    if constexpr (has_member_get_config<Init>::value) {
      return init_.get_config();
    } else {
      config result;
      const initializer_info* info = find_builtin(Init::name);
      if (info != nullptr && info->class_name == Init::name) {
        for (const param_info& p : info->params) result.set(p.key, param_of(init_, p.key));
      }
      return result;
    }
  }

  template <class T>
  std::unique_ptr<sampler_model<T>> make_sampler(const shape_type& shape) const {
    using sampler_type = decltype(init_.template sampler<T>(shape));
    using source_type = decltype(default_source_of(init_));
    class impl final : public sampler_model<T> {
     public:
      impl(sampler_type sampler, source_type source)
          : sampler_(std::move(sampler)), source_(std::move(source)) {}
      void generate(std::uint64_t first, std::uint64_t count, T* out) override {
        sampler_.generate(first, count, out, source_);
      }
      void generate(std::uint64_t first, std::uint64_t count, T* out,
                    block_source_ref& source) override {
        sampler_.generate(first, count, out, source);
      }
      bool concurrent() const override { return allows_concurrent_generate(sampler_); }

     private:
      sampler_type sampler_;
      source_type source_;
    };
    return std::make_unique<impl>(init_.template sampler<T>(shape), default_source_of(init_));
  }

 private:
  Init init_;
};

template <class F, class T>
inline constexpr bool is_typed_callable_v =
    std::is_invocable_v<const F&, const shape_type&, scalar_tag<T>>;
template <class F>
inline constexpr bool is_whole_callable_v = std::is_invocable_v<const F&, const shape_type&>;
template <class F>
inline constexpr bool is_element_callable_v =
    std::is_invocable_r_v<double, const F&, std::int64_t, const shape_type&>;
template <class F>
inline constexpr bool is_initializer_callable_v =
    std::is_copy_constructible_v<F> &&
    ((is_typed_callable_v<F, float> && is_typed_callable_v<F, double> &&
      is_typed_callable_v<F, Eigen::half> && is_typed_callable_v<F, Eigen::bfloat16>) ||
     is_whole_callable_v<F> || is_element_callable_v<F>);

/// A user value (of T or any number type) rounded to T.
template <class T, class V>
T to_scalar(const V& value) {
  if constexpr (std::is_same_v<std::decay_t<V>, T>) {
    return value;
  } else {
    return round_to<T>(to_double(value));
  }
}

/// A callable (lambda, function pointer, or class with operator()).
template <class F>
class callable_model final : public model_base<callable_model<F>> {
 public:
  callable_model(std::string name, F f) : name_(std::move(name)), f_(std::move(f)) {}

  std::string_view class_name() const override { return name_; }
  std::optional<std::string> registered_name() const override {
    if constexpr (has_static_registered_name<F>::value) {
      return std::string(F::registered_name);
    } else {
      return name_;
    }
  }
  config get_config() const override {
    if constexpr (has_member_get_config<F>::value) {
      return f_.get_config();
    } else {
      return {};
    }
  }

  template <class T>
  std::unique_ptr<sampler_model<T>> make_sampler(const shape_type& shape) const {
    const std::int64_t numel = checked_numel(name_, shape);
    if constexpr (is_typed_callable_v<F, T> || is_whole_callable_v<F>) {
      std::vector<T> values;
      values.reserve(std::size_t(numel));
      const auto append = [&](const auto& range) {
        for (const auto& v : range) values.push_back(to_scalar<T>(v));
      };
      if constexpr (is_typed_callable_v<F, T>) {
        append(f_(shape, scalar_tag<T>{}));
      } else {
        append(f_(shape));
      }
      if (values.size() != std::size_t(numel)) {
        throw invalid_argument(name_ + ": returned " + std::to_string(values.size()) +
                               " values for shape " + to_text(shape) + ", expected " +
                               std::to_string(numel));
      }
      class impl final : public sampler_model<T> {
       public:
        explicit impl(std::vector<T> v) : values_(std::move(v)) {}
        void generate(std::uint64_t first, std::uint64_t count, T* out) override {
          std::copy_n(values_.begin() + std::ptrdiff_t(first), std::ptrdiff_t(count), out);
        }
        void generate(std::uint64_t first, std::uint64_t count, T* out,
                      block_source_ref&) override {
          generate(first, count, out);
        }

       private:
        std::vector<T> values_;
      };
      return std::make_unique<impl>(std::move(values));
    } else {
      class impl final : public sampler_model<T> {
       public:
        impl(const F& f, shape_type s) : f_(f), shape_(std::move(s)) {}
        void generate(std::uint64_t first, std::uint64_t count, T* out) override {
          for (std::uint64_t i = 0; i < count; ++i) {
            out[i] = round_to<T>(double(f_(std::int64_t(first + i), shape_)));
          }
        }
        void generate(std::uint64_t first, std::uint64_t count, T* out,
                      block_source_ref&) override {
          generate(first, count, out);
        }

       private:
        const F& f_;
        shape_type shape_;
      };
      return std::make_unique<impl>(f_, shape);
    }
  }

 private:
  std::string name_;
  F f_;
};

/// Any Initializer's sampler: forwards to the model's, with the fill's source erased.
template <class T>
class any_sampler {
 public:
  explicit any_sampler(std::unique_ptr<sampler_model<T>> model) : model_(std::move(model)) {}

  bool concurrent() const { return model_->concurrent(); }

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    if constexpr (std::is_same_v<Source, no_source>) {
      model_->generate(first, count, out);
    } else {
      block_source_adapter<Source> adapter(source);
      model_->generate(first, count, out, adapter);
    }
  }

 private:
  std::unique_ptr<sampler_model<T>> model_;
};

template <class T>
inline constexpr bool is_initializer_object_v =
    std::is_base_of_v<initializer_base<T>, T> && !std::is_same_v<T, Initializer>;

std::string quoted_name(std::string_view name);

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Initializer

/// Any initializer, as a value: a built-in, a name, a callable or a user class (see the top of
/// this file). Copies share the held initializer, so they give the same values; clone() makes
/// an independent one as Keras does (same seed if one was given, otherwise a new draw).
///
/// Through Initializer, a fill with the default generator gives exactly the held initializer's
/// values; with a URBG, the engine is consumed exactly as the held initializer would consume it.
class Initializer : public initializer_base<Initializer> {
 public:
  /// Keras's base-class name; class_name() is the held initializer's.
  static constexpr std::string_view name = "Initializer";

  /// A built-in or user initializer class (anything deriving from initializer_base).
  template <class Init, std::enable_if_t<detail::is_initializer_object_v<Init>, int> = 0>
  Initializer(Init init)  // NOLINT: implicit, as Keras accepts an initializer object
      : model_(std::make_shared<detail::object_model<Init>>(std::move(init))) {}

  /// A callable (see the file comment for the accepted forms). Its class name is F::name when
  /// F has one, otherwise "function".
  template <class F, std::enable_if_t<!detail::is_initializer_object_v<F> &&
                                          !std::is_same_v<F, Initializer> &&
                                          detail::is_initializer_callable_v<F>,
                                      int> = 0>
  Initializer(F f)  // NOLINT: implicit, as Keras accepts any callable
      : Initializer(default_callable_name<F>(), std::move(f)) {}

  /// A callable with an explicit class name (used in messages and serialization).
  template <class F, std::enable_if_t<!detail::is_initializer_object_v<F> &&
                                          detail::is_initializer_callable_v<F>,
                                      int> = 0>
  Initializer(std::string class_name, F f)
      : model_(std::make_shared<detail::callable_model<F>>(std::move(class_name), std::move(f))) {}

  /// By Keras name or alias, or a registered name: the same as weightinit::get(name).
  Initializer(std::string_view keras_name);  // NOLINT: implicit, as Keras's "glorot_uniform"
  Initializer(const char* keras_name) : Initializer(std::string_view(keras_name)) {}  // NOLINT
  Initializer(const std::string& keras_name)                                          // NOLINT
      : Initializer(std::string_view(keras_name)) {}

  /// The held initializer's class name ("GlorotUniform", a user class's name, "function").
  std::string_view class_name() const { return model_->class_name(); }
  /// Keras's registered_name: empty for built-ins; for a user initializer the name it was
  /// registered under ("Custom>MyInit"), else its own class name.
  std::optional<std::string> registered_name() const {
    if (!registered_name_.empty()) return registered_name_;
    return model_->registered_name();
  }
  /// Keras's get_config(): the parameters by Keras config key, in Keras's order. The seed is
  /// the one given at construction (null when the seed was drawn).
  config get_config() const { return model_->get_config(); }

  /// Keras's clone(), i.e. from_config(get_config()): a seeded initializer gives the same
  /// values, an unseeded one draws a new seed. Built-ins are rebuilt with Keras's fan
  /// convention. An initializer that is neither built-in nor registered is copied.
  Initializer clone() const;

  /// Keras's from_config: the same as weightinit::get(class_name, config).
  static Initializer from_config(std::string_view class_name, const config& c);

  /// What initializer_base fills with: values of the held initializer for `shape`.
  template <class T>
  detail::any_sampler<T> sampler(const shape_type& shape) const {
    return detail::any_sampler<T>(model_->sampler(shape, scalar_tag<T>{}));
  }

  /// Whether both hold the same initializer object (copies of one another).
  bool same_as(const Initializer& other) const { return model_ == other.model_; }

 private:
  friend Initializer get(std::string_view, const config&, fan_convention);

  template <class F>
  static std::string default_callable_name() {
    if constexpr (detail::has_static_name<F>::value) {
      return std::string(F::name);
    } else {
      return "function";
    }
  }

  std::shared_ptr<const detail::initializer_model> model_;
  std::string registered_name_;  // set when built by a registered factory
};

// ---------------------------------------------------------------------------------------------
// The registry

/// Builds a user initializer from its config (what register_initializer takes).
using initializer_factory = std::function<Initializer(const config&)>;

namespace detail {

struct custom_registry {
  std::mutex mutex;
  std::map<std::string, initializer_factory, std::less<>> factories;

  static custom_registry& instance() {
    static custom_registry registry;
    return registry;
  }
  std::optional<initializer_factory> find(std::string_view name) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = factories.find(name);
    if (it == factories.end()) return std::nullopt;
    return it->second;
  }
};

inline std::optional<seed_type> seed_of(const config& complete) {
  const config_value& seed = complete.at("seed");
  if (seed.is_null()) return std::nullopt;
  return static_cast<seed_type>(seed.as_int());
}

inline std::vector<int> axes_of(const config_value& value) {
  std::vector<int> axes;
  for (std::int64_t axis : value.as_list()) axes.push_back(static_cast<int>(axis));
  return axes;
}

template <class Init>
Initializer make_variance_scaling(Init init, const config& complete, fan_convention convention) {
  init = init.with_fan_convention(convention);
  const config_value& input_axes = complete.at("input_axes");
  const config_value& output_axes = complete.at("output_axes");
  // As Keras: explicit axes count only when both are given.
  if (!input_axes.is_null() && !output_axes.is_null()) {
    init = init.with_axes(axes_of(input_axes), axes_of(output_axes));
  }
  return Initializer(std::move(init));
}

template <class Preset>
Initializer make_preset(const config& complete, fan_convention convention) {
  return make_variance_scaling(Preset(seed_of(complete)), complete, convention);
}

/// User text in messages: quoted, at most 64 characters, control characters escaped.
inline std::string quoted_name(std::string_view name) {
  std::string text = "\"";
  const std::size_t limit = 64;
  for (std::size_t i = 0; i < name.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      text += "\\x";
      text += hex[c >> 4];
      text += hex[c & 15];
    } else {
      text += char(c);
    }
  }
  if (name.size() > limit) text += "...";
  return text + "\"";
}

inline std::string value_text(const config_value& value) {
  if (value.is_string()) return quoted_name(value.as_string());
  std::string text = to_string(value);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

/// Levenshtein distance, case-insensitive (so "glorotuniform" and "GlorotUniform" are close).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// Every name get() accepts: built-in class names and aliases, then registered names.
inline std::vector<std::string> every_name() {
  std::vector<std::string> names;
  for (const initializer_info& info : builtin_initializers()) {
    names.emplace_back(info.class_name);
    for (std::string_view alias : info.aliases) names.emplace_back(alias);
  }
  custom_registry& registry = custom_registry::instance();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (const auto& entry : registry.factories) names.push_back(entry.first);
  return names;
}

[[noreturn]] inline void unknown_initializer(std::string_view name) {
  static constexpr std::string_view not_provided[] = {"STFT", "stft", "STFTInitializer",
                                                      "Initializer", "initializer"};
  if (std::find(std::begin(not_provided), std::end(not_provided), name) != std::end(not_provided)) {
    throw invalid_argument("initializer " + quoted_name(name) +
                           " is a Keras name weightinit does not provide");
  }
  const std::vector<std::string> names = every_name();
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> close;
  const std::string_view probe = name.substr(0, 256);
  for (const std::string& candidate : names) {
    const std::size_t d = edit_distance(probe, candidate);
    if (d < best) {
      best = d;
      close.clear();
    }
    if (d == best && close.size() < 4) close.push_back(candidate);
  }
  std::string message = "unknown initializer " + quoted_name(name);
  if (best <= std::max<std::size_t>(2, name.size() / 3)) {
    message += " (did you mean ";
    for (std::size_t i = 0; i < close.size(); ++i) {
      message += (i == 0 ? "" : i + 1 == close.size() ? " or " : ", ") + quoted_name(close[i]);
    }
    message += best == 0 ? "? names are case-sensitive)" : "?)";
  } else {
    message += "; known initializers:";
    for (const initializer_info& info : builtin_initializers()) {
      message += " " + std::string(info.class_name);
    }
  }
  throw invalid_argument(message);
}

/// `c` checked against the built-in's parameters, with every default filled in: unknown keys,
/// wrong types and non-finite numbers throw, naming the initializer, the key and the value.
inline config complete_config(const initializer_info& info, const config& c) {
  const std::string who(info.class_name);
  const auto bad = [&](std::string_view key, std::string_view requirement,
                       const config_value& value) -> invalid_argument {
    return invalid_argument(who + ": config key " + quoted_name(key) + " " +
                            std::string(requirement) + ", got " + value_text(value));
  };
  for (const auto& [key, value] : c) {
    if (key == "dtype" && (value.is_null() || value.is_string())) continue;  // tf.keras 2.x
    const param_info* p = info.param(key);
    if (p == nullptr) {
      std::string keys;
      for (const param_info& q : info.params)
        keys += (keys.empty() ? "" : ", ") + std::string(q.key);
      throw invalid_argument(who + ": unknown config key " + quoted_name(key) + " (value " +
                             value_text(value) + "); " +
                             (keys.empty() ? "it takes none" : "its keys: " + keys));
    }
    switch (p->kind) {
      case param_kind::number:
        if (!value.is_number()) throw bad(key, "must be a number", value);
        if (!std::isfinite(value.as_double())) throw bad(key, "must be finite", value);
        break;
      case param_kind::text:
        if (!value.is_string()) throw bad(key, "must be a string", value);
        break;
      case param_kind::seed:
        if (!value.is_null() && !value.is_int())
          throw bad(key, "must be an integer or null", value);
        break;
      case param_kind::axes:
        if (value.is_int() || value.is_list()) {
          const config_value::list axes =
              value.is_int() ? config_value::list{value.as_int()} : value.as_list();
          for (std::int64_t axis : axes) {
            if (axis < std::numeric_limits<int>::min() || axis > std::numeric_limits<int>::max()) {
              throw bad(key, "must hold axes in the range of int", value);
            }
          }
        } else if (!value.is_null()) {
          throw bad(key, "must be an integer, a list of integers or null", value);
        }
        break;
    }
  }
  config complete;
  for (const param_info& p : info.params) {
    const config_value* given = c.find(p.key);
    config_value value = given != nullptr ? *given : p.default_value;
    if (p.kind == param_kind::number && value.is_int()) value = value.as_double();
    if (p.kind == param_kind::axes && value.is_int()) value = config_value::list{value.as_int()};
    complete.set(p.key, std::move(value));
  }
  return complete;
}

}  // namespace detail

inline const std::vector<initializer_info>& builtin_initializers() {
  static const std::vector<initializer_info> table = [] {
    using k = param_kind;
    const param_info seed{"seed", k::seed, nullptr};
    const param_info input_axes{"input_axes", k::axes, nullptr};
    const param_info output_axes{"output_axes", k::axes, nullptr};
    const std::vector<param_info> preset{seed, input_axes, output_axes};
    return std::vector<initializer_info>{
        {"Zeros",
         {"zeros", "zero"},
         {},
         [](const config&, fan_convention) { return Initializer(Zeros()); }},
        {"Ones",
         {"ones", "one"},
         {},
         [](const config&, fan_convention) { return Initializer(Ones()); }},
        {"Constant",
         {"constant"},
         {{"value", k::number, 0.0}},
         [](const config& c, fan_convention) {
           return Initializer(Constant(c.at("value").as_double()));
         }},
        {"RandomNormal",
         {"random_normal", "normal"},
         {seed, {"mean", k::number, 0.0}, {"stddev", k::number, 0.05}},
         [](const config& c, fan_convention) {
           return Initializer(RandomNormal(c.at("mean").as_double(), c.at("stddev").as_double(),
                                           detail::seed_of(c)));
         }},
        {"RandomUniform",
         {"random_uniform", "uniform"},
         {seed, {"minval", k::number, -0.05}, {"maxval", k::number, 0.05}},
         [](const config& c, fan_convention) {
           return Initializer(RandomUniform(c.at("minval").as_double(), c.at("maxval").as_double(),
                                            detail::seed_of(c)));
         }},
        {"TruncatedNormal",
         {"truncated_normal"},
         {seed, {"mean", k::number, 0.0}, {"stddev", k::number, 0.05}},
         [](const config& c, fan_convention) {
           return Initializer(TruncatedNormal(c.at("mean").as_double(), c.at("stddev").as_double(),
                                              detail::seed_of(c)));
         }},
        {"VarianceScaling",
         {"variance_scaling"},
         {seed,
          {"scale", k::number, 1.0},
          {"mode", k::text, "fan_in"},
          {"distribution", k::text, "truncated_normal"},
          input_axes,
          output_axes},
         [](const config& c, fan_convention convention) {
           return detail::make_variance_scaling(
               VarianceScaling(c.at("scale").as_double(), c.at("mode").as_string(),
                               c.at("distribution").as_string(), detail::seed_of(c)),
               c, convention);
         }},
        {"GlorotNormal", {"glorot_normal"}, preset, detail::make_preset<GlorotNormal>},
        {"GlorotUniform", {"glorot_uniform"}, preset, detail::make_preset<GlorotUniform>},
        {"HeNormal", {"he_normal"}, preset, detail::make_preset<HeNormal>},
        {"HeUniform", {"he_uniform"}, preset, detail::make_preset<HeUniform>},
        {"LecunNormal", {"lecun_normal"}, preset, detail::make_preset<LecunNormal>},
        {"LecunUniform", {"lecun_uniform"}, preset, detail::make_preset<LecunUniform>},
        {"Orthogonal",
         {"orthogonal", "OrthogonalInitializer"},
         {seed, {"gain", k::number, 1.0}},
         [](const config& c, fan_convention) {
           return Initializer(Orthogonal(c.at("gain").as_double(), detail::seed_of(c)));
         },
         true},
        {"Identity",
         {"identity", "IdentityInitializer"},
         {{"gain", k::number, 1.0}},
         [](const config& c, fan_convention) {
           return Initializer(Identity(c.at("gain").as_double()));
         }},
    };
  }();
  return table;
}

inline const initializer_info* find_builtin(std::string_view name) {
  for (const initializer_info& info : builtin_initializers()) {
    if (info.class_name == name) return &info;
    for (std::string_view alias : info.aliases) {
      if (alias == name) return &info;
    }
  }
  return nullptr;
}

/// Keras's initializers.get / deserialize: the initializer `name` (any Keras 3 class name or
/// alias, case-sensitive, or a registered name) built from `c` (Keras config keys; missing
/// keys take Keras's defaults). `convention` selects how built-in variance-scaling
/// initializers compute fans (Keras's by default). Throws weightinit::invalid_argument for an
/// unknown name (suggesting the closest valid ones), an unknown key, a value of the wrong
/// type, a non-finite or out-of-range value, naming the initializer, key and value.
inline Initializer get(std::string_view name, const config& c = {},
                       fan_convention convention = fan_convention::keras) {
  if (const initializer_info* info = find_builtin(name)) {
    return info->make(detail::complete_config(*info, c), convention);
  }
  if (auto factory = detail::custom_registry::instance().find(name)) {
    Initializer result = (*factory)(c);
    result.registered_name_ = std::string(name);
    return result;
  }
  detail::unknown_initializer(name);
}

/// Registers a user initializer under `registered_name` (Keras's "package>Name", e.g.
/// "Custom>MyInit"): get(registered_name, config) and the JSON reader then call `factory`,
/// and the initializers it makes serialize with that registered_name. Registering a name
/// again replaces its factory. Throws for an empty name or a built-in name. Thread-safe.
inline void register_initializer(std::string registered_name, initializer_factory factory) {
  if (registered_name.empty()) throw invalid_argument("register_initializer: empty name");
  if (find_builtin(registered_name) != nullptr) {
    throw invalid_argument("register_initializer: " + detail::quoted_name(registered_name) +
                           " is a built-in initializer name");
  }
  if (!factory) throw invalid_argument("register_initializer: empty factory");
  detail::custom_registry& registry = detail::custom_registry::instance();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.factories[std::move(registered_name)] = std::move(factory);
}

/// Registers the class Init, built by its `static Init from_config(const config&)`.
template <class Init>
void register_initializer(std::string registered_name) {
  register_initializer(std::move(registered_name),
                       [](const config& c) { return Initializer(Init::from_config(c)); });
}

/// Removes a registered name; returns whether it was registered.
inline bool unregister_initializer(std::string_view registered_name) {
  detail::custom_registry& registry = detail::custom_registry::instance();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto it = registry.factories.find(registered_name);
  if (it == registry.factories.end()) return false;
  registry.factories.erase(it);
  return true;
}

/// The class names of the built-ins (Keras's order), then the registered names (sorted).
inline std::vector<std::string> initializer_names() {
  std::vector<std::string> names;
  for (const initializer_info& info : builtin_initializers()) names.emplace_back(info.class_name);
  detail::custom_registry& registry = detail::custom_registry::instance();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (const auto& entry : registry.factories) names.push_back(entry.first);
  return names;
}

inline Initializer::Initializer(std::string_view keras_name) : Initializer(get(keras_name)) {}

inline Initializer Initializer::from_config(std::string_view class_name, const config& c) {
  return get(class_name, c);
}

inline Initializer Initializer::clone() const {
  const std::optional<std::string> registered = registered_name();
  if (!registered) return get(class_name(), get_config());
  if (detail::custom_registry::instance().find(*registered)) return get(*registered, get_config());
  return *this;
}

}  // namespace weightinit

#endif  // WEIGHTINIT_ANY_INITIALIZER_HPP_
