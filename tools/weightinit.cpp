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
#include <random>
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
#include <weightinit/keras_json.hpp>
#include <weightinit/weightinit.hpp>

namespace wi = weightinit;
namespace wt = weightinit::torch;
namespace wj = weightinit::jax;
using json = nlohmann::json;
using wi::shape_type;

namespace {

// Bad command-line usage or input (the library's own errors derive from std::invalid_argument).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Largest number of elements `sample` produces: a clear error beats a failed allocation.
constexpr std::int64_t max_elements = 1'000'000'000;

std::string in_quotes(std::string_view text) {
  std::string quoted(1, '"');  // appends only: GCC 12 misreads "\"" + string (-Wrestrict)
  return quoted.append(text) += '"';
}

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
// Expected distributions: what `stats` compares a sample with

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double pi = 3.14159265358979323846;

using real_function = std::function<double(double)>;

// The distribution of one element of an initializer's output for a given shape.
struct expected_model {
  std::string description;             // "normal, mean 0, stddev 0.05"
  std::optional<double> mean, std;     // of one element
  std::optional<double> lower, upper;  // the values lie in [lower, upper] (or [lower, upper))
  bool upper_open = false;
  std::optional<double> constant;        // every element equals it (before rounding)
  real_function cdf, pdf;                // a continuous distribution: the KS test's reference
  std::function<real_function()> sweep;  // a faster cdf for non-decreasing arguments, if any
  std::string no_test;                   // why there is no KS test (cdf empty)

  // The CDF, to be called with non-decreasing arguments (a sweep over sorted values).
  real_function ascending_cdf() const { return sweep ? sweep() : cdf; }
};

// The standard normal distribution. Phi(z) = erfc(-z / sqrt 2) / 2 keeps full relative accuracy
// in the lower tail, where 1 - erf would cancel.
namespace standard_normal {
constexpr double log_sqrt_2pi = 0.91893853320467274178;
constexpr double sqrt1_2 = 0.70710678118654752440;
double log_pdf(double z) { return -0.5 * z * z - log_sqrt_2pi; }
double cdf(double z) { return 0.5 * std::erfc(-z * sqrt1_2); }
// log(1 - Phi(z)), finite for every finite z: erfc up to z = 8, beyond (where erfc underflows
// from z ~ 38) the Mills ratio R(z) = (1 - Phi(z)) / phi(z) = 1 / (z + 1 / (z + 2 / (z + ...)))
// by Laplace's continued fraction, evaluated backwards (converged at this depth for z >= 8).
double log_sf(double z) {
  if (z < 8) return std::log(0.5 * std::erfc(z * sqrt1_2));
  if (std::isinf(z)) return -infinity;
  double tail = 0;
  for (int k = 40; k >= 1; --k) tail = k / (z + tail);
  return log_pdf(z) - std::log(z + tail);
}
}  // namespace standard_normal

// N(0, 1) conditioned on [alpha, beta] (alpha < beta, either may be infinite): CDF, density
// and moments, accurate also for intervals far in a tail. An interval on the negative side is
// the mirror image of one on the positive side. There the mass and the CDF use the complementary
// side, as ratios of log(1 - Phi): F(z) = expm1(log_sf(z) - log_sf(lo)) / expm1(log_sf(hi) -
// log_sf(lo)), so that neither 1 - Phi(lo) nor their difference is lost to rounding or
// underflow. An interval around 0 uses erf, exact enough there.
class truncated_standard_normal {
 public:
  truncated_standard_normal(double alpha, double beta)
      : alpha_(alpha),
        beta_(beta),
        mirrored_(beta <= 0),
        lo_(mirrored_ ? -beta : alpha),
        hi_(mirrored_ ? -alpha : beta),
        tail_(lo_ >= 0) {
    if (tail_) {
      log_sf_lo_ = standard_normal::log_sf(lo_);
      mass_ratio_ = std::expm1(standard_normal::log_sf(hi_) - log_sf_lo_);  // in [-1, 0)
      log_mass_ = log_sf_lo_ + std::log(-mass_ratio_);
    } else {
      erf_lo_ = std::erf(lo_ * standard_normal::sqrt1_2);
      erf_hi_ = std::erf(hi_ * standard_normal::sqrt1_2);
      log_mass_ = std::log(0.5 * (erf_hi_ - erf_lo_));
    }
  }

  double cdf(double z) const { return mirrored_ ? 1 - positive_cdf(-z) : positive_cdf(z); }
  double pdf(double z) const {
    return z < alpha_ || z > beta_ ? 0 : std::exp(standard_normal::log_pdf(z) - log_mass_);
  }
  // E[z] = (phi(lo) - phi(hi)) / Z and Var[z] = 1 + (lo phi(lo) - hi phi(hi)) / Z - E[z]^2.
  double mean() const {
    const double m = density(lo_) - density(hi_);
    return mirrored_ ? -m : m;
  }
  double variance() const {
    const double m = density(lo_) - density(hi_);
    const auto moment = [&](double x) { return std::isinf(x) ? 0.0 : x * density(x); };
    return std::max(0.0, 1 + moment(lo_) - moment(hi_) - m * m);
  }

 private:
  double density(double x) const {  // phi(x) / Z, x a bound of the positive-side interval
    return std::isinf(x) ? 0.0 : std::exp(standard_normal::log_pdf(x) - log_mass_);
  }
  double positive_cdf(double z) const {
    if (!(z > lo_)) return 0;
    if (z >= hi_) return 1;
    if (tail_) return std::expm1(standard_normal::log_sf(z) - log_sf_lo_) / mass_ratio_;
    return (std::erf(z * standard_normal::sqrt1_2) - erf_lo_) / (erf_hi_ - erf_lo_);
  }

  double alpha_, beta_;
  bool mirrored_;
  double lo_, hi_;  // the interval on the positive side (lo_ >= 0) or around 0
  bool tail_;
  double log_sf_lo_ = 0, mass_ratio_ = 0, erf_lo_ = 0, erf_hi_ = 0, log_mass_ = 0;
};

// The continued fraction of the regularized incomplete beta function (Numerical Recipes,
// betacf, modified Lentz); converges in O(sqrt(max(a, b))) steps for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300, epsilon = 1e-15;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  const auto guard = [](double v) { return std::fabs(v) < tiny ? tiny : v; };
  double c = 1, d = 1 / guard(1 - qab * x / qap), h = d;
  for (int m = 1; m <= 100000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 / guard(1 + aa * d);
    c = guard(1 + aa / c);
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 / guard(1 + aa * d);
    c = guard(1 + aa / c);
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < epsilon) break;
  }
  return h;
}

// I_x(a, b), the CDF of Beta(a, b) at x (Numerical Recipes, betai).
double beta_cdf(double a, double b, double x) {
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

expected_model point_model(double value) {
  expected_model m;
  m.description = "the constant " + shortest(value);
  m.mean = value;
  m.std = 0;
  m.lower = m.upper = m.constant = value;
  m.no_test = "a constant";
  return m;
}

expected_model normal_model(double mean, double stddev) {
  expected_model m;
  m.description = "normal, mean " + shortest(mean) + ", stddev " + shortest(stddev);
  m.mean = mean;
  m.std = stddev;
  m.cdf = [=](double x) { return standard_normal::cdf((x - mean) / stddev); };
  m.pdf = [=](double x) {
    const double z = (x - mean) / stddev;
    return std::exp(standard_normal::log_pdf(z)) / stddev;
  };
  return m;
}

// U[a, b): mean (a + b) / 2, stddev (b - a) / sqrt(12).
expected_model uniform_model(double a, double b) {
  expected_model m;
  m.description = "uniform on [" + shortest(a) + ", " + shortest(b) + ")";
  m.mean = a / 2 + b / 2;
  m.std = (b - a) / std::sqrt(12.0);
  m.lower = a;
  m.upper = b;
  m.upper_open = true;
  m.cdf = [=](double x) { return std::clamp((x - a) / (b - a), 0.0, 1.0); };
  m.pdf = [=](double x) { return x >= a && x < b ? 1 / (b - a) : 0.0; };
  return m;
}

// N(mean, stddev^2) truncated to [lo, hi] = mean + [alpha, beta] stddev.
expected_model truncated_normal_model(double mean, double stddev, double alpha, double beta,
                                      double lo, double hi) {
  const truncated_standard_normal z(alpha, beta);
  expected_model m;
  m.description = "normal, mean " + shortest(mean) + ", stddev " + shortest(stddev) +
                  ", truncated to [" + shortest(lo) + ", " + shortest(hi) + "]";
  m.mean = mean + stddev * z.mean();
  m.std = stddev * std::sqrt(z.variance());
  m.lower = lo;
  m.upper = hi;
  m.cdf = [=](double x) { return z.cdf((x - mean) / stddev); };
  m.pdf = [=](double x) { return x < lo || x > hi ? 0.0 : z.pdf((x - mean) / stddev) / stddev; };
  return m;
}

// An element of a Haar-random (rows, cols) matrix with orthonormal rows or columns, times
// gain: a coordinate of a uniform unit vector of R^n, n = max(rows, cols) (the orthonormal
// side), so x / gain = 2B - 1 with B ~ Beta((n - 1) / 2, (n - 1) / 2): mean 0, variance
// gain^2 / n.
expected_model orthogonal_model(double gain, std::int64_t rows, std::int64_t cols) {
  const std::int64_t n = std::max(rows, cols);
  const double g = std::fabs(gain);
  if (g == 0) return point_model(0.0);
  expected_model m;
  m.description = "an entry of a Haar-random orthogonal " + std::to_string(rows) + "x" +
                  std::to_string(cols) + " matrix times " + shortest(gain) +
                  ": gain * (2 Beta(a, a) - 1), a = (" + std::to_string(n) + " - 1) / 2";
  m.mean = 0;
  m.std = g / std::sqrt(double(n));
  m.lower = -g;
  m.upper = g;
  if (n < 2) {
    m.no_test = "a 1x1 orthogonal matrix is +-gain";
    return m;
  }
  const double a = (double(n) - 1) / 2;
  // log density of x / g: (a - 1) log((1 - u^2) / 4) - log B(a, a), with B(a, a) from lgamma.
  const double log_norm = std::lgamma(2 * a) - 2 * std::lgamma(a) - (a - 1) * std::log(4.0);
  const auto pdf = [=](double x) {
    const double u = x / g;
    if (!(std::fabs(u) < 1)) return 0.0;
    return std::exp((a - 1) * std::log1p(-u * u) + log_norm) / (2 * g);
  };
  const auto cdf = [=](double x) { return beta_cdf(a, a, std::clamp((x / g + 1) / 2, 0.0, 1.0)); };
  m.pdf = pdf;
  m.cdf = cdf;
  if (a > 50) {
    // The continued fraction needs O(sqrt(a)) steps per point; over sorted points, add the
    // integral of the density from the previous point instead (3-point Gauss-Legendre, exact
    // to 1e-16 over steps below stddev / 100), re-anchored on the exact CDF every 1024 steps.
    const double largest_step = *m.std / 100;
    m.sweep = [=] {
      return [=, last = -infinity, value = 0.0, steps = 0](double x) mutable {
        if (x <= -g) return 0.0;
        if (x >= g) return 1.0;
        if (x < last || x - last > largest_step || steps >= 1024) {
          value = cdf(x);
          steps = 0;
        } else if (x > last) {
          const double mid = (last + x) / 2, half = (x - last) / 2;
          const double node = half * 0.77459666924148337704;  // sqrt(3 / 5)
          value += half * (5 * pdf(mid - node) + 8 * pdf(mid) + 5 * pdf(mid + node)) / 9;
          ++steps;
        }
        last = x;
        return std::clamp(value, 0.0, 1.0);
      };
    };
  }
  return m;
}

// An initializer without a distribution to test against; mean and stddev when known.
expected_model untested_model(std::string description, std::optional<double> mean,
                              std::optional<double> stddev, std::string no_test) {
  expected_model m;
  m.description = std::move(description);
  m.mean = mean;
  m.std = stddev;
  m.no_test = std::move(no_test);
  return m;
}

// k of the n elements equal `value`, the others 0 (the identity, eye_, dirac_).
expected_model ones_model(std::string description, double value, std::int64_t k, std::int64_t n) {
  const double share = double(k) / double(n);
  const double mean = value * share;
  return untested_model(
      std::move(description) + ": " + std::to_string(k) + " of " + std::to_string(n) +
          " elements equal " + shortest(value) + ", the others 0",
      mean, std::sqrt(std::max(0.0, value * value * share - mean * mean)), "deterministic values");
}

// The distribution of an elementwise initializer, with the sampler's own degenerate cases
// (an empty interval, stddev 0) as constants.
expected_model model_of(const wi::detail::distribution_spec& spec) {
  using kind = wi::detail::distribution_spec::kind;
  switch (spec.type) {
    case kind::constant:
      return point_model(spec.a);
    case kind::uniform:
      return spec.b > spec.a ? uniform_model(spec.a, spec.b) : point_model(spec.a);
    case kind::normal:
      return spec.b > 0 ? normal_model(spec.a, spec.b) : point_model(spec.a);
    case kind::truncated_normal:
      if (!(spec.b > 0))
        return point_model(spec.absolute ? std::clamp(spec.a, spec.lo, spec.hi) : spec.a);
      return truncated_normal_model(spec.a, spec.b, spec.alpha, spec.beta,
                                    spec.absolute ? spec.lo : spec.a + spec.alpha * spec.b,
                                    spec.absolute ? spec.hi : spec.a + spec.beta * spec.b);
  }
  return untested_model("unknown", std::nullopt, std::nullopt, "unknown distribution");
}

template <class Init, class = void>
struct has_spec : std::false_type {};
template <class Init>
struct has_spec<Init, std::void_t<decltype(std::declval<const Init&>().spec(shape_type{}))>>
    : std::true_type {};

std::int64_t element_count(const shape_type& shape) {
  std::int64_t count = 1;
  for (std::int64_t d : shape) count *= d;
  return count;
}

// The distribution of one element of init(shape), for a shape with elements the initializer
// accepts: exact for the elementwise initializers (their spec(shape)) and the orthogonal ones,
// moments only for the deterministic and sparse ones.
template <class Init>
expected_model expected_of(const Init& init, const shape_type& shape) {
  const std::int64_t n = element_count(shape);
  if constexpr (has_spec<Init>::value) {
    return model_of(init.spec(shape));
  } else if constexpr (std::is_same_v<Init, wi::Zeros> || std::is_same_v<Init, wi::Ones>) {
    return point_model(std::is_same_v<Init, wi::Ones> ? 1.0 : 0.0);
  } else if constexpr (std::is_same_v<Init, wi::Constant> ||
                       std::is_base_of_v<wi::detail::torch_constant<Init>, Init>) {
    return point_model(init.value());
  } else if constexpr (std::is_same_v<Init, wi::Orthogonal>) {  // Keras: (prod(shape[:-1]), -1)
    return orthogonal_model(init.gain(), n / shape.back(), shape.back());
  } else if constexpr (std::is_same_v<Init, wt::Orthogonal>) {  // PyTorch: (shape[0], -1)
    return orthogonal_model(init.gain(), shape[0], n / shape[0]);
  } else if constexpr (std::is_same_v<Init, wj::Orthogonal>) {  // JAX: columns on column_axis
    const int rank = static_cast<int>(shape.size());
    const int axis = init.column_axis() < 0 ? init.column_axis() + rank : init.column_axis();
    const std::int64_t cols = shape[std::size_t(axis)];
    return orthogonal_model(init.scale(), n / cols, cols);
  } else if constexpr (std::is_same_v<Init, wi::Identity> || std::is_same_v<Init, wt::Eye>) {
    double gain = 1;
    if constexpr (std::is_same_v<Init, wi::Identity>) gain = init.gain();
    return ones_model("the identity matrix", gain, std::min(shape[0], shape[1]), n);
  } else if constexpr (std::is_same_v<Init, wt::Dirac>) {
    const std::int64_t groups = init.groups();
    return ones_model("the Dirac delta", 1.0, groups * std::min(shape[0] / groups, shape[1]), n);
  } else if constexpr (std::is_same_v<Init, wj::DeltaOrthogonal>) {
    // An orthogonal (in, out) matrix (in <= out: orthonormal rows) at the centre tap: the
    // squares sum to in * scale^2.
    const std::int64_t in = shape[shape.size() - 2];
    return untested_model("an orthogonal (" + std::to_string(in) + ", " +
                              std::to_string(shape.back()) + ") matrix times " +
                              shortest(init.scale()) + " at the centre tap, zeros elsewhere",
                          0.0, std::fabs(init.scale()) * std::sqrt(double(in) / double(n)),
                          "zeros outside the centre tap");
  } else if constexpr (std::is_same_v<Init, wt::Sparse>) {
    const std::int64_t rows = shape[0];
    const auto zeros = std::min<std::int64_t>(
        static_cast<std::int64_t>(std::ceil(init.sparsity() * double(rows))), rows);
    return untested_model("normal, mean 0, stddev " + shortest(init.std()) + ", with " +
                              std::to_string(zeros) + " of the " + std::to_string(rows) +
                              " rows of each column zeroed",
                          0.0, init.std() * std::sqrt(double(rows - zeros) / double(rows)),
                          "a fixed number of zeros per column");
  } else {
    return untested_model(std::string(Init::name), std::nullopt, std::nullopt,
                          "no model of its distribution");
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
      : any_initializer(init,
                        [init](const shape_type& shape) { return expected_of(init, shape); }) {}
  // With the distribution given separately (a wi::Initializer hides its typed initializer).
  template <class Init,
            std::enable_if_t<std::is_base_of_v<wi::initializer_base<Init>, Init>, int> = 0>
  any_initializer(Init init, std::function<expected_model(const shape_type&)> expected)
      : fill_([init = std::move(init)](any_span target, const wi::slice_of& slice) {
          std::visit([&](auto& span) { init(span, slice); }, target);
        }),
        expected_(std::move(expected)) {}

  // The distribution of one element for the (global) shape `shape`, which has elements.
  expected_model expected(const shape_type& shape) const { return expected_(shape); }

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
  std::function<expected_model(const shape_type&)> expected_;
};

// ---------------------------------------------------------------------------------------------
// The name registry

// number: a double; text: a string; seed: an integer or None; axis_list: JAX's
// `int | Sequence[int]`; integer: an int.
enum class param_kind { number, text, seed, axis_list, integer };

// The default of a parameter the framework requires (torch.constant_'s val, ...).
struct required_param {};

// A parameter value; std::monostate is Python's None.
using param_value = std::variant<std::monostate, double, std::string, wi::seed_type,
                                 std::vector<int>, std::int64_t, required_param>;

struct param_info {
  std::string_view key;  // the framework's parameter name
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
  std::int64_t integer(std::string_view key) const { return std::get<std::int64_t>(at(key)); }
  const std::vector<int>& list(std::string_view key) const {
    return std::get<std::vector<int>>(at(key));
  }
  // Whether a required parameter was left without a value.
  bool missing(std::string_view key) const {
    return std::holds_alternative<required_param>(at(key));
  }
  std::optional<wi::seed_type> seed() const { return optional<wi::seed_type>("seed"); }

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

// torch.nn.init's xavier_*_(gain) and kaiming_*_(a, mode, nonlinearity); PyTorch's layout.
template <class Init>
any_initializer make_torch_xavier(const param_values& p, wi::fan_convention) {
  return any_initializer(Init(p.number("gain"), p.seed()));
}
template <class Init>
any_initializer make_torch_kaiming(const param_values& p, wi::fan_convention) {
  return any_initializer(Init(p.number("a"), p.text("mode"), p.text("nonlinearity"), p.seed()));
}

// jax.nn.initializers' variance-scaling presets: builder(in_axis, out_axis, batch_axis).
using jax_preset_builder = wj::VarianceScaling (*)(wj::axes, wj::axes, wj::axes,
                                                   std::optional<wi::seed_type>);
template <jax_preset_builder Builder>
any_initializer make_jax_preset(const param_values& p, wi::fan_convention) {
  return any_initializer(
      Builder(p.list("in_axis"), p.list("out_axis"), p.list("batch_axis"), p.seed()));
}

int axis_parameter(const param_values& p, std::string_view key) {
  return static_cast<int>(p.integer(key));  // parsed as an int (param_from_text / _json)
}

// The PyTorch and JAX dialects, in two groups told apart by the name's prefix (see
// framework_of); Keras's names are the library's (wi::builtin_initializers()):
// - torch.nn.init's functions as "torch.NAME_", with PyTorch's parameter names and defaults;
// - jax.nn.initializers' builders as "jax.NAME" (aliases too), with JAX's.
const std::vector<initializer_info>& registry() {
  static const std::vector<initializer_info> table = [] {
    using k = param_kind;
    const param_info seed{"seed", k::seed, std::monostate{}};
    const param_info gain{"gain", k::number, 1.0};
    const std::vector<param_info> kaiming{{"a", k::number, 0.0},
                                          {"mode", k::text, std::string("fan_in")},
                                          {"nonlinearity", k::text, std::string("leaky_relu")},
                                          seed};
    const param_info in_axis{"in_axis", k::axis_list, std::vector<int>{-2}};
    const param_info out_axis{"out_axis", k::axis_list, std::vector<int>{-1}};
    const param_info batch_axis{"batch_axis", k::axis_list, std::vector<int>{}};
    const std::vector<param_info> jax_preset{in_axis, out_axis, batch_axis, seed};
    const std::vector<param_info> jax_orthogonal{
        {"scale", k::number, 1.0}, {"column_axis", k::integer, std::int64_t{-1}}, seed};
    return std::vector<initializer_info>{
        {"torch.uniform_",
         {},
         {{"a", k::number, 0.0}, {"b", k::number, 1.0}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Uniform(p.number("a"), p.number("b"), p.seed()));
         }},
        {"torch.normal_",
         {},
         {{"mean", k::number, 0.0}, {"std", k::number, 1.0}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Normal(p.number("mean"), p.number("std"), p.seed()));
         }},
        {"torch.trunc_normal_",
         {},
         {{"mean", k::number, 0.0},
          {"std", k::number, 1.0},
          {"a", k::number, -2.0},
          {"b", k::number, 2.0},
          seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::TruncNormal(p.number("mean"), p.number("std"), p.number("a"),
                                                  p.number("b"), p.seed()));
         }},
        {"torch.constant_",
         {},
         {{"val", k::number, required_param{}}},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Constant(p.number("val")));
         }},
        {"torch.ones_",
         {},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wt::Ones()); }},
        {"torch.zeros_",
         {},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wt::Zeros()); }},
        {"torch.eye_",
         {},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wt::Eye()); }},
        {"torch.dirac_",
         {},
         {{"groups", k::integer, std::int64_t{1}}},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Dirac(p.integer("groups")));
         }},
        {"torch.xavier_uniform_", {}, {gain, seed}, make_torch_xavier<wt::XavierUniform>},
        {"torch.xavier_normal_", {}, {gain, seed}, make_torch_xavier<wt::XavierNormal>},
        {"torch.kaiming_uniform_", {}, kaiming, make_torch_kaiming<wt::KaimingUniform>},
        {"torch.kaiming_normal_", {}, kaiming, make_torch_kaiming<wt::KaimingNormal>},
        {"torch.orthogonal_",
         {},
         {gain, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Orthogonal(p.number("gain"), p.seed()));
         },
         true},
        {"torch.sparse_",
         {},
         {{"sparsity", k::number, required_param{}}, {"std", k::number, 0.01}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wt::Sparse(p.number("sparsity"), p.number("std"), p.seed()));
         }},

        {"jax.zeros",
         {},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wj::zeros()); }},
        {"jax.ones",
         {},
         {},
         [](const param_values&, wi::fan_convention) { return any_initializer(wj::ones()); }},
        {"jax.constant",
         {},
         {{"value", k::number, required_param{}}},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wj::constant(p.number("value")));
         }},
        {"jax.uniform",
         {},
         {{"scale", k::number, 1e-2}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wj::uniform(p.number("scale"), p.seed()));
         }},
        {"jax.normal",
         {},
         {{"stddev", k::number, 1e-2}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wj::normal(p.number("stddev"), p.seed()));
         }},
        {"jax.truncated_normal",
         {},
         {{"stddev", k::number, 1e-2}, {"lower", k::number, -2.0}, {"upper", k::number, 2.0}, seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wj::truncated_normal(p.number("stddev"), p.number("lower"),
                                                       p.number("upper"), p.seed()));
         }},
        {"jax.variance_scaling",
         {},
         {{"scale", k::number, required_param{}},
          {"mode", k::text, required_param{}},
          {"distribution", k::text, required_param{}},
          in_axis,
          out_axis,
          batch_axis,
          seed},
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(wj::variance_scaling(
               p.number("scale"), p.text("mode"), p.text("distribution"), p.list("in_axis"),
               p.list("out_axis"), p.list("batch_axis"), p.seed()));
         }},
        {"jax.glorot_uniform",
         {"jax.xavier_uniform"},
         jax_preset,
         make_jax_preset<wj::glorot_uniform>},
        {"jax.glorot_normal",
         {"jax.xavier_normal"},
         jax_preset,
         make_jax_preset<wj::glorot_normal>},
        {"jax.lecun_uniform", {}, jax_preset, make_jax_preset<wj::lecun_uniform>},
        {"jax.lecun_normal", {}, jax_preset, make_jax_preset<wj::lecun_normal>},
        {"jax.he_uniform", {"jax.kaiming_uniform"}, jax_preset, make_jax_preset<wj::he_uniform>},
        {"jax.he_normal", {"jax.kaiming_normal"}, jax_preset, make_jax_preset<wj::he_normal>},
        {"jax.orthogonal",
         {},
         jax_orthogonal,
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(
               wj::orthogonal(p.number("scale"), axis_parameter(p, "column_axis"), p.seed()));
         },
         true},
        {"jax.delta_orthogonal",
         {},
         jax_orthogonal,
         [](const param_values& p, wi::fan_convention) {
           return any_initializer(
               wj::delta_orthogonal(p.number("scale"), axis_parameter(p, "column_axis"), p.seed()));
         },
         true},
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

// Whether NAME is in the PyTorch or JAX dialect (the tool's table), not a Keras name.
bool is_dialect_name(std::string_view name) {
  return name.rfind("torch.", 0) == 0 || name.rfind("jax.", 0) == 0;
}

// Looks a PyTorch or JAX name up: exact (case-sensitive) name or alias.
const initializer_info& find_initializer(std::string_view name) {
  for (const initializer_info& info : registry()) {
    if (info.class_name == name) return info;
    for (std::string_view alias : info.aliases) {
      if (alias == name) return info;
    }
  }
  std::string hint = " (see 'weightinit list')";
  const auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (const initializer_info& info : registry()) {
    std::vector<std::string_view> names{info.class_name};
    names.insert(names.end(), info.aliases.begin(), info.aliases.end());
    for (std::string_view candidate : names) {
      if (loose_key(candidate) != loose_key(name)) continue;
      hint = lower(candidate) == lower(name)
                 ? " (names are case-sensitive: did you mean " + in_quotes(candidate) + "?)"
                 : " (did you mean " + in_quotes(candidate) + "?)";
    }
  }
  throw usage_error("unknown initializer " + in_quotes(name) + hint);
}

// Which framework's conventions a registry entry follows, from its name's prefix.
std::string_view framework_of(const initializer_info& info) {
  return info.class_name.rfind("torch.", 0) == 0 ? "PyTorch" : "JAX";
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
        } else if constexpr (std::is_same_v<V, wi::seed_type> || std::is_same_v<V, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<V, required_param>) {
          return "<required>";
        } else {
          if (v.empty()) return "()";  // Python's empty tuple, as JAX's batch_axis=()
          std::vector<std::string> items;
          for (int axis : v) items.push_back(std::to_string(axis));
          return join(items, ",");
        }
      },
      value);
}

// ---------------------------------------------------------------------------------------------
// Parameters from --set text and from --config JSON

// "0,1", also as a Python tuple or list: "(0, 1)", "[0, 1]", "()" and Python's one-element
// tuple "(0,)"; nullopt when an item is not an int.
std::optional<std::vector<int>> axes_from_text(std::string_view list) {
  if (list.size() >= 2 && ((list.front() == '(' && list.back() == ')') ||
                           (list.front() == '[' && list.back() == ']'))) {
    list = list.substr(1, list.size() - 2);
    while (!list.empty() && list.back() == ' ') list.remove_suffix(1);
    if (!list.empty() && list.back() == ',') list.remove_suffix(1);
  }
  std::vector<int> axes;
  if (list.find_first_not_of(' ') == std::string_view::npos) return axes;
  for (std::string_view item : split(list, ',')) {
    const auto axis = parse_number<int>(item);
    if (!axis) return std::nullopt;
    axes.push_back(*axis);
  }
  return axes;
}

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
    case param_kind::integer:
      if (const auto value = parse_number<int>(text)) return std::int64_t{*value};
      throw bad("must be an integer");
    case param_kind::axis_list:
      if (auto axes = axes_from_text(text)) return std::move(*axes);
      throw bad("must be an integer axis or a comma-separated list of them");
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
    case param_kind::integer:
    case param_kind::axis_list: {
      const bool list = param.kind != param_kind::integer;
      const char* requirement =
          !list ? "must be an integer" : "must be an integer or a list of integers";
      const auto axis = [&](const json& item) {
        constexpr int lowest = std::numeric_limits<int>::min(),
                      highest = std::numeric_limits<int>::max();
        const bool fits = item.is_number_unsigned()
                              ? item.get<std::uint64_t>() <= std::uint64_t(highest)
                          : item.is_number_integer() ? item.get<std::int64_t>() >= lowest
                                                     : false;
        if (!fits) throw bad(requirement);
        return static_cast<int>(item.get<std::int64_t>());
      };
      if (!list) return std::int64_t{axis(value)};
      if (value.is_number()) return std::vector<int>{axis(value)};
      if (!value.is_array()) throw bad(requirement);
      std::vector<int> axes;
      for (const json& item : value) axes.push_back(axis(item));
      return axes;
    }
  }
  throw bad("has an unknown kind");
}

// The distribution of one element of a Keras built-in for `stats`, from its class name and
// complete config: wi::Initializer does not expose the typed initializer's spec(shape), so this
// rebuilds the typed one (it draws nothing; the seed does not matter).
template <class Init>
expected_model keras_fans_expected(Init init, const wi::config& c, wi::fan_convention convention,
                                   const shape_type& shape) {
  init = init.with_fan_convention(convention);
  const wi::config_value& in = c.at("input_axes");
  const wi::config_value& out = c.at("output_axes");
  const auto ints = [](const wi::config_value& v) {
    std::vector<int> axes;
    for (std::int64_t axis : v.as_list()) axes.push_back(static_cast<int>(axis));
    return axes;
  };
  if (!in.is_null() && !out.is_null()) init = init.with_axes(ints(in), ints(out));
  return expected_of(init, shape);
}

expected_model keras_expected(const wi::Initializer& init, wi::fan_convention convention,
                              const shape_type& shape) {
  const wi::config c = init.get_config();
  const std::string_view name = init.class_name();
  const auto number = [&](std::string_view key) { return c.at(key).as_double(); };
  const wi::seed_type seed = 0;
  if (name == "Zeros") return expected_of(wi::Zeros(), shape);
  if (name == "Ones") return expected_of(wi::Ones(), shape);
  if (name == "Constant") return expected_of(wi::Constant(number("value")), shape);
  if (name == "RandomNormal")
    return expected_of(wi::RandomNormal(number("mean"), number("stddev"), seed), shape);
  if (name == "RandomUniform")
    return expected_of(wi::RandomUniform(number("minval"), number("maxval"), seed), shape);
  if (name == "TruncatedNormal")
    return expected_of(wi::TruncatedNormal(number("mean"), number("stddev"), seed), shape);
  if (name == "VarianceScaling") {
    return keras_fans_expected(wi::VarianceScaling(number("scale"), c.at("mode").as_string(),
                                                   c.at("distribution").as_string(), seed),
                               c, convention, shape);
  }
  if (name == "GlorotNormal")
    return keras_fans_expected(wi::GlorotNormal(seed), c, convention, shape);
  if (name == "GlorotUniform")
    return keras_fans_expected(wi::GlorotUniform(seed), c, convention, shape);
  if (name == "HeNormal") return keras_fans_expected(wi::HeNormal(seed), c, convention, shape);
  if (name == "HeUniform") return keras_fans_expected(wi::HeUniform(seed), c, convention, shape);
  if (name == "LecunNormal")
    return keras_fans_expected(wi::LecunNormal(seed), c, convention, shape);
  if (name == "LecunUniform")
    return keras_fans_expected(wi::LecunUniform(seed), c, convention, shape);
  if (name == "Orthogonal") return expected_of(wi::Orthogonal(number("gain"), seed), shape);
  if (name == "Identity") return expected_of(wi::Identity(number("gain")), shape);
  return untested_model(std::string(name), std::nullopt, std::nullopt,
                        "no model of its distribution");
}

// An initializer spec: a Keras built-in (the library's) with its config, or a PyTorch or JAX
// entry of the tool's table with every parameter's value.
struct initializer_spec {
  const wi::initializer_info* keras = nullptr;
  wi::config config;  // Keras config keys; the library fills in the defaults
  const initializer_info* info = nullptr;
  param_values values;

  std::string_view class_name() const { return keras ? keras->class_name : info->class_name; }
  bool has_seed() const { return keras ? keras->param("seed") != nullptr : info->has("seed"); }
  std::optional<wi::seed_type> seed() const {
    if (!keras) return values.seed();
    const wi::config_value* seed = config.find("seed");
    if (seed == nullptr || seed->is_null()) return std::nullopt;
    return static_cast<wi::seed_type>(seed->as_int());
  }
  void set_seed(wi::seed_type seed) {
    if (keras) {
      config.set("seed", static_cast<std::int64_t>(seed));  // the library reads it back as is
    } else {
      values.set("seed", seed);
    }
  }
  bool computes_whole() const { return keras ? keras->computes_whole : info->computes_whole; }
  any_initializer make(wi::fan_convention convention) const {
    if (!keras) return info->make(values, convention);
    const wi::Initializer init = wi::get(keras->class_name, config, convention);
    return any_initializer(init, [init, convention](const shape_type& shape) {
      return keras_expected(init, convention, shape);
    });
  }
};

// --set KEY=VALUE of a Keras built-in: the text as a config value of the parameter's kind.
wi::config_value keras_value_from_text(const wi::initializer_info& info, std::string_view key,
                                       std::string_view text) {
  const wi::param_info* param = info.param(key);
  if (param == nullptr) {
    std::vector<std::string> keys;
    for (const wi::param_info& p : info.params) keys.emplace_back(p.key);
    throw usage_error(
        std::string(info.class_name) + " has no parameter " + in_quotes(key) +
        (keys.empty() ? " (it takes none)" : " (its parameters: " + join(keys, ", ") + ")"));
  }
  const auto bad = [&](std::string_view requirement) {
    return usage_error(std::string(info.class_name) + ": " + std::string(key) + " " +
                       std::string(requirement) + ", got " + in_quotes(text));
  };
  const bool none = text == "None" || text == "null";
  switch (param->kind) {
    case wi::param_kind::number:
      if (const auto value = parse_number<double>(text)) return *value;
      throw bad("must be a number");
    case wi::param_kind::text:
      return std::string(text);
    case wi::param_kind::seed:
      if (none) return nullptr;
      if (const auto value = parse_seed(text)) return static_cast<std::int64_t>(*value);
      throw bad("must be an integer in [-2^63, 2^64) or None");
    case wi::param_kind::axes:
      if (none) return nullptr;
      if (const auto axes = axes_from_text(text)) return *axes;
      throw bad("must be a comma-separated list of integer axes or None");
  }
  throw bad("has an unknown kind");
}

// A PyTorch or JAX initializer serialized like a Keras one: {"class_name": ..., "config":
// {...}} with optional "module" and "registered_name", or just a name string.
initializer_spec spec_from_config(const json& config) {
  if (config.is_string()) {
    const initializer_info& info = find_initializer(config.get<std::string>());
    initializer_spec spec;
    spec.info = &info;
    spec.values = info.defaults();
    return spec;
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
  initializer_spec spec;
  spec.info = &info;
  spec.values = info.defaults();
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

// --config JSON: the JSON text itself, or @FILE.
std::string read_config(const std::string& argument) {
  if (argument.empty() || argument.front() != '@') return argument;
  std::ifstream file(argument.substr(1), std::ios::binary);
  if (!file) throw usage_error("config: cannot read file " + in_quotes(argument.substr(1)));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// A Keras-serialized initializer (Keras 3 or legacy, or a name string), read by the library;
// a PyTorch or JAX name in the same form is read with the tool's table.
initializer_spec spec_from_config_text(const std::string& text) {
  try {
    const wi::Initializer init = wi::parse_keras_json(text);
    initializer_spec spec;
    spec.keras = wi::find_builtin(init.class_name());
    if (spec.keras == nullptr) throw usage_error("config: not a built-in initializer");
    spec.config = init.get_config();
    return spec;
  } catch (const wi::invalid_argument&) {
    if (text.find("torch.") == std::string::npos && text.find("jax.") == std::string::npos) throw;
    const json parsed = json::parse(text, nullptr, false);  // discarded when malformed
    const json name = parsed.is_object() ? parsed.value("class_name", json()) : parsed;
    if (!name.is_string() || !is_dialect_name(name.get<std::string>())) throw;
    return spec_from_config(parsed);
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
      const std::size_t e = std::min(text.find('e'), text.size());
      text = text.substr(0, e).append(1, '.').append(text, e);
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

// One output: FILE, or standard output for none or "-".
struct output {
  std::optional<std::string> path;
  std::function<void(std::ostream&)> write;
};

// Writes each file to a temporary file next to it, then standard output, and renames the
// temporaries only when all succeeded, so a failed run leaves no file behind.
void emit_all(const std::vector<output>& outputs) {
  struct temporary {
    std::string name, path;
    bool renamed = false;
  };
  std::vector<temporary> files;
  const auto cleanup = [&] {
    for (const temporary& t : files) std::remove((t.renamed ? t.path : t.name).c_str());
  };
  try {
    for (const output& o : outputs) {
      if (!o.path || *o.path == "-") continue;
      files.push_back({*o.path + ".tmp." + std::to_string(::getpid()), *o.path});
      std::ofstream file(files.back().name, std::ios::binary | std::ios::trunc);
      if (!file) throw usage_error("cannot create output file " + in_quotes(*o.path));
      o.write(file);
      file.close();
      if (!file) throw usage_error("cannot write output file " + in_quotes(*o.path));
    }
    for (const output& o : outputs) {
      if (o.path && *o.path != "-") continue;
      o.write(std::cout);
      std::cout.flush();
      if (!std::cout) throw usage_error("cannot write to standard output");
    }
    for (temporary& t : files) {
      if (std::rename(t.name.c_str(), t.path.c_str()) != 0) {
        throw usage_error("cannot create output file " + in_quotes(t.path) + ": " +
                          std::strerror(errno));
      }
      t.renamed = true;
    }
  } catch (...) {
    cleanup();
    throw;
  }
}

void emit(const std::optional<std::string>& path, const std::function<void(std::ostream&)>& write) {
  emit_all({{path, write}});
}

// ---------------------------------------------------------------------------------------------
// stats: a sample against the expected distribution

// The values of a scalar type, for comparing rounded samples with a continuous distribution.
struct value_grid {
  bool continuous;                        // float64: rounding intervals are negligible
  double (*round)(double x);              // the nearest value of the type
  double (*step)(double value, bool up);  // the next value of the type above or below
};

template <class T>
double round_as(double x) {
  if constexpr (std::is_same_v<T, double>) {
    return x;
  } else if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>(x);
  } else {
    return to_double(T(static_cast<float>(x)));
  }
}

template <class T>
double step_as(double value, bool up) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    return std::nextafter(static_cast<T>(value), up ? std::numeric_limits<T>::infinity()
                                                    : -std::numeric_limits<T>::infinity());
  } else {  // sign and magnitude in 16 bits
    auto bits = Eigen::numext::bit_cast<std::uint16_t>(T(static_cast<float>(value)));
    if ((bits & 0x7fffu) == 0) {
      bits = up ? 0x0001u : 0x8001u;  // from +-0 to the smallest subnormal that way
    } else if (bool(bits & 0x8000u) == up) {
      bits = static_cast<std::uint16_t>(bits - 1);  // towards zero
    } else {
      bits = static_cast<std::uint16_t>(bits + 1);  // away from zero
    }
    return to_double(Eigen::numext::bit_cast<T>(bits));
  }
}

template <class T>
constexpr value_grid grid_of{std::is_same_v<T, double>, round_as<T>, step_as<T>};

// The x that the sampler turns into the value v of the grid: [lo, hi], half-way to the
// neighbours (a point for float64). At a bound of the distribution the interval extends to
// it: the library keeps rounded values inside their bounds.
std::pair<double, double> rounding_interval(double v, const value_grid& grid,
                                            const expected_model& m) {
  if (grid.continuous) return {v, v};
  const double below = grid.step(v, false), above = grid.step(v, true);
  double lo = v / 2 + below / 2, hi = v / 2 + above / 2;  // exact: v, below, above are halves
  if (std::isinf(below)) lo = -infinity;
  if (std::isinf(above)) hi = infinity;
  if (m.lower && below < *m.lower) lo = -infinity;
  if (m.upper && (above > *m.upper || (m.upper_open && above >= *m.upper))) hi = infinity;
  return {lo, hi};
}

// P(rounded value < x) under the model's cdf.
double rounded_cdf_below(double x, const value_grid& grid, const expected_model& m,
                         const real_function& cdf) {
  if (grid.continuous) return cdf(x);
  double v = grid.round(x);
  if (v < x) v = grid.step(v, true);
  return cdf(rounding_interval(v, grid, m).first);
}

// Kolmogorov's limiting distribution: Q(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2),
// by its dual series below 1.18 where this one converges slowly (Numerical Recipes, qks).
double kolmogorov_q(double lambda) {
  if (!(lambda > 0.04)) return 1;
  if (lambda < 1.18) {
    const double y = std::exp(-pi * pi / (8 * lambda * lambda));
    const double sum = y + std::pow(y, 9) + std::pow(y, 25) + std::pow(y, 49);
    return std::clamp(1 - std::sqrt(2 * pi) / lambda * sum, 0.0, 1.0);
  }
  const double x = std::exp(-2 * lambda * lambda);
  return std::clamp(2 * (x - std::pow(x, 4) + std::pow(x, 9)), 0.0, 1.0);
}

struct ks_result {
  double d, p;
};

// One-sample Kolmogorov-Smirnov test of sorted values against the model's CDF, rounded to the
// grid: for each distinct value v, |F_n(v) - F(hi(v))| and |F_n(v-) - F(lo(v))| where [lo(v),
// hi(v)] is v's rounding interval. p from the limiting distribution with Stephens' correction,
// Q((sqrt(n) + 0.12 + 0.11 / sqrt(n)) D) (conservative for a rounded distribution).
ks_result ks_test(const std::vector<double>& sorted, const value_grid& grid,
                  const expected_model& m) {
  const real_function cdf = m.ascending_cdf();
  const double n = double(sorted.size());
  double d = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto [lo, hi] = rounding_interval(sorted[i], grid, m);
    d = std::max({d, std::fabs(double(i) / n - cdf(lo)), std::fabs(double(j) / n - cdf(hi))});
    i = j;
  }
  const double root = std::sqrt(n);
  return {d, kolmogorov_q((root + 0.12 + 0.11 / root) * d)};
}

struct histogram {
  std::vector<double> edges;  // bin k is [edges[k], edges[k + 1]), the last one closed
  std::vector<std::int64_t> counts;
  std::vector<double> expected;  // expected counts (empty without a distribution)
};

// Bins over [min, max] of the sorted (non-empty) values; expected counts from the model's
// CDF of rounded values, or the whole count in the constant's bin.
histogram make_histogram(const std::vector<double>& sorted, std::size_t bins,
                         const value_grid& grid, const expected_model& m) {
  histogram h;
  const double lo = sorted.front(), hi = sorted.back();
  if (!(hi > lo)) bins = 1;
  const double width = (hi - lo) / double(bins);
  for (std::size_t k = 0; k < bins; ++k) h.edges.push_back(lo + width * double(k));
  h.edges.push_back(hi);
  const double n = double(sorted.size());
  std::size_t below = 0;
  for (std::size_t k = 0; k < bins; ++k) {
    const std::size_t upto =
        k + 1 == bins ? sorted.size()
                      : std::size_t(std::lower_bound(sorted.begin(), sorted.end(), h.edges[k + 1]) -
                                    sorted.begin());
    h.counts.push_back(std::int64_t(upto - below));
    below = upto;
  }
  if (m.cdf) {
    const real_function cdf = m.ascending_cdf();
    double previous = rounded_cdf_below(lo, grid, m, cdf);
    for (std::size_t k = 0; k < bins; ++k) {
      const double next = k + 1 == bins ? cdf(rounding_interval(hi, grid, m).second)
                                        : rounded_cdf_below(h.edges[k + 1], grid, m, cdf);
      h.expected.push_back(n * std::max(0.0, next - previous));
      previous = next;
    }
  } else if (m.constant) {
    h.expected.assign(bins, 0.0);
    const double c = grid.round(*m.constant);
    for (std::size_t k = 0; k < bins; ++k) {
      if (c >= h.edges[k] && (c < h.edges[k + 1] || k + 1 == bins)) h.expected[k] = n;
    }
  }
  return h;
}

struct stats_report {
  std::string initializer, dtype;
  shape_type shape;
  std::optional<wi::seed_type> seed;
  std::int64_t n = 0;
  double mean = 0, std = 0, min = 0, max = 0;  // observed (std with divisor n, as numpy's)
  expected_model model;
  std::optional<ks_result> ks;
  std::string test_note;  // why there is no KS test, or how a constant compares
  histogram bins;
};

stats_report analyse(std::vector<double> values, const value_grid& grid, expected_model model,
                     std::size_t bins) {
  stats_report r;
  r.model = std::move(model);
  r.n = std::int64_t(values.size());
  if (values.empty()) {
    r.test_note = "no elements";
    return r;
  }
  std::sort(values.begin(), values.end());
  long double sum = 0, squares = 0;
  for (double v : values) sum += v;
  r.mean = double(sum / values.size());
  for (double v : values) squares += (v - r.mean) * (v - r.mean);
  r.std = double(std::sqrt(squares / values.size()));
  r.min = values.front();
  r.max = values.back();
  if (r.model.cdf) {
    r.ks = ks_test(values, grid, r.model);
  } else if (r.model.constant) {
    const double c = grid.round(*r.model.constant);
    const auto equal = std::count(values.begin(), values.end(), c);
    r.test_note = equal == r.n
                      ? "not applicable: all " + std::to_string(r.n) +
                            " values equal the constant " + shortest(c) + ", as expected"
                      : "not applicable, but " + std::to_string(r.n - equal) + " of " +
                            std::to_string(r.n) + " values differ from the constant " + shortest(c);
  } else {
    r.test_note = "skipped: " + r.model.no_test;
  }
  r.bins = make_histogram(values, bins, grid, r.model);
  return r;
}

// Observed values with 6 significant digits; expected ones exactly (shortest round trip).
std::string observed_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string p_value_text(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", p);
  return buffer;
}

std::string bound_text(const std::optional<double>& bound, double missing, bool excluded) {
  if (!bound) return shortest(missing);
  return shortest(*bound) + (excluded ? " (excluded)" : "");
}

void write_stats_text(std::ostream& out, const stats_report& r) {
  const expected_model& m = r.model;
  out << "weightinit stats: " << r.initializer << ", shape " << python_tuple(r.shape) << ", dtype "
      << r.dtype;
  if (r.seed) out << ", seed " << *r.seed;
  out << "\nexpected: " << (r.n ? m.description : "nothing (no elements)") << "\n\n";
  const auto row = [&](std::string_view label, const std::string& observed,
                       const std::string& expected) {
    std::string line = std::string(label);
    line.resize(13, ' ');
    line += observed;
    if (!expected.empty()) {
      line.resize(std::max<std::size_t>(line.size() + 2, 13 + 24), ' ');
      line += expected;
    }
    out << line << '\n';
  };
  row("", "observed", "expected");
  row("n", std::to_string(r.n), "");
  if (r.n == 0) return;
  const auto maybe = [](const std::optional<double>& v) { return v ? shortest(*v) : "?"; };
  row("mean", observed_text(r.mean), maybe(m.mean));
  row("std", observed_text(r.std), maybe(m.std));
  const bool bounded = m.lower || m.upper || m.cdf;
  row("min", shortest(r.min), bounded ? bound_text(m.lower, -infinity, false) : "?");
  row("max", shortest(r.max), bounded ? bound_text(m.upper, infinity, m.upper_open) : "?");
  out << '\n';
  if (r.ks) {
    out << "KS test      D = " << observed_text(r.ks->d) << ", p-value = " << p_value_text(r.ks->p)
        << "\n             (one-sample Kolmogorov-Smirnov against the expected CDF"
        << (r.dtype == "float64" ? "" : " of " + r.dtype + " values") << ", n = " << r.n << ")\n";
    if (r.n < 100) out << "             (few values: pass a larger --shape for a useful test)\n";
  } else {
    out << "KS test      " << r.test_note << '\n';
  }

  const histogram& h = r.bins;
  const std::size_t bins = h.counts.size();
  out << "\nhistogram    " << bins << (bins == 1 ? " bin" : " bins") << " on [" << shortest(r.min)
      << ", " << shortest(r.max) << "]; '#' observed count"
      << (h.expected.empty() ? "" : ", '|' expected count") << '\n';
  double top = 1;
  for (std::size_t k = 0; k < bins; ++k) {
    top = std::max({top, double(h.counts[k]), h.expected.empty() ? 0.0 : h.expected[k]});
  }
  constexpr int width = 50;
  for (std::size_t k = 0; k < bins; ++k) {
    std::string bar(width + 1, ' ');
    const auto length = [&](double count) {
      return std::clamp(static_cast<int>(std::lround(count / top * width)), 0, width);
    };
    bar.replace(0, std::size_t(length(double(h.counts[k]))),
                std::size_t(length(double(h.counts[k]))), '#');
    if (!h.expected.empty()) bar[std::size_t(length(h.expected[k]))] = '|';
    char line[160];
    std::snprintf(line, sizeof line, "  %13.6g  %s %10lld", h.edges[k], bar.c_str(),
                  static_cast<long long>(h.counts[k]));
    out << line;
    if (!h.expected.empty()) {
      std::snprintf(line, sizeof line, " %12.1f", h.expected[k]);
      out << line;
    }
    out << '\n';
  }
}

void write_stats_json(std::ostream& out, const stats_report& r) {
  const auto number = [](const std::optional<double>& v) -> json {
    return v && std::isfinite(*v) ? json(*v) : json(nullptr);
  };
  const expected_model& m = r.model;
  json report = {
      {"initializer", r.initializer},
      {"shape", r.shape},
      {"dtype", r.dtype},
      {"seed", r.seed ? json(*r.seed) : json(nullptr)},
      {"n", r.n},
  };
  if (r.n > 0) {
    report["observed"] = {{"mean", r.mean}, {"std", r.std}, {"min", r.min}, {"max", r.max}};
    report["expected"] = {{"distribution", m.description}, {"mean", number(m.mean)},
                          {"std", number(m.std)},          {"min", number(m.lower)},
                          {"max", number(m.upper)},        {"max_excluded", m.upper_open}};
    report["ks"] = r.ks ? json{{"D", r.ks->d}, {"p_value", r.ks->p}} : json{{"note", r.test_note}};
    report["histogram"] = {{"edges", r.bins.edges}, {"counts", r.bins.counts}};
    if (!r.bins.expected.empty()) report["histogram"]["expected"] = r.bins.expected;
  }
  out << report.dump(1) << '\n';
}

// ---------------------------------------------------------------------------------------------
// stats --svg: the histogram with the expected density

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// About `target` round tick values (1, 2 or 5 times a power of 10) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target) {
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; ++k) {
    ticks.push_back(k * step == 0 ? 0.0 : k * step);
  }
  return ticks;
}

std::string tick_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

void write_svg(std::ostream& out, const stats_report& r) {
  constexpr double width = 980, height = 560;
  constexpr double left = 84, right = 700, top = 78, bottom = 486;  // the plot area
  const histogram& h = r.bins;
  const expected_model& m = r.model;
  char buf[512];
  const auto text = [&](double x, double y, const std::string& s, std::string attributes = "") {
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    out << buf << attributes << '>' << xml_escape(s) << "</text>\n";
  };
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height
      << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  text(left, 30,
       r.initializer + ", shape " + python_tuple(r.shape) + ", " + r.dtype +
           (r.seed ? ", seed " + std::to_string(*r.seed) : ""),
       " font-size=\"17\" font-weight=\"bold\"");
  text(left, 52, "expected: " + (r.n ? m.description : "nothing (no elements)"),
       " font-size=\"12\" fill=\"#444\"");

  // Domain: the bins; a single bin (a constant) gets a width around its value.
  double x0 = 0, x1 = 1;
  if (!h.counts.empty()) {
    x0 = h.edges.front();
    x1 = h.edges.back();
    if (!(x1 > x0)) {
      const double pad = x0 != 0 ? std::fabs(x0) * 0.05 : 0.05;
      x0 -= pad;
      x1 += pad;
    }
  }
  const double bin_width =
      h.counts.size() <= 1 ? (x1 - x0) / 5 : (x1 - x0) / double(h.counts.size());
  // The density in counts per bin: n * pdf(x) * bin width, on a fine grid.
  std::vector<std::pair<double, double>> curve;
  if (m.pdf && r.n > 0) {
    constexpr int points = 600;
    for (int i = 0; i <= points; ++i) {
      const double x = x0 + (x1 - x0) * i / points;
      curve.emplace_back(x, double(r.n) * bin_width * m.pdf(x));
    }
  }
  double y_max = 1;
  for (std::size_t k = 0; k < h.counts.size(); ++k) {
    y_max = std::max({y_max, double(h.counts[k]), h.expected.empty() ? 0.0 : h.expected[k]});
  }
  const double bar_max = y_max;
  for (const auto& point : curve) y_max = std::max(y_max, std::min(point.second, 1.5 * bar_max));
  const std::vector<double> y_ticks = nice_ticks(0, y_max * 1.05, 6);
  y_max = std::max(y_max * 1.05, y_ticks.back());
  const auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  const auto py = [&](double y) { return bottom - std::min(y, y_max) / y_max * (bottom - top); };

  // Grid lines and axes with tick labels.
  out << "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n";
  for (double t : y_ticks) {
    std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                  left, py(t), right, py(t));
    out << buf;
  }
  out << "</g>\n";
  // Bars.
  out << "<g fill=\"#9ecae1\" stroke=\"#4a90c2\" stroke-width=\"0.6\">\n";
  for (std::size_t k = 0; k < h.counts.size(); ++k) {
    double a = h.edges[k], b = h.edges[k + 1];
    if (!(b > a)) {
      a = (x0 + x1) / 2 - bin_width / 2;
      b = a + bin_width;
    }
    std::snprintf(buf, sizeof buf, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>\n",
                  px(a), py(double(h.counts[k])), std::max(px(b) - px(a), 0.5),
                  bottom - py(double(h.counts[k])));
    out << buf;
  }
  out << "</g>\n";
  // Expected count of each bin (of the rounded distribution): a short dark dash.
  if (!h.expected.empty()) {
    out << "<g stroke=\"#222\" stroke-width=\"2\">\n";
    for (std::size_t k = 0; k < h.expected.size(); ++k) {
      const double a = px(h.edges[k]), b = px(h.edges[k + 1]);
      const double inset = std::min((b - a) * 0.2, 3.0);
      std::snprintf(buf, sizeof buf, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
                    a + inset, py(h.expected[k]), std::max(b - inset, a + inset + 1),
                    py(h.expected[k]));
      out << buf;
    }
    out << "</g>\n";
  }
  // The expected density.
  if (!curve.empty()) {
    out << "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2.2\" "
           "stroke-linejoin=\"round\" points=\"";
    for (const auto& [x, y] : curve) {
      std::snprintf(buf, sizeof buf, "%.2f,%.2f ", px(x), py(y));
      out << buf;
    }
    out << "\"/>\n";
  }
  // Axes.
  std::snprintf(buf, sizeof buf,
                "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"#222\" "
                "stroke-width=\"1.2\"/>\n",
                left, top - 6, bottom, right + 6);
  out << buf;
  for (double t : y_ticks) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n",
                  left - 5, py(t), left, py(t));
    out << buf;
    text(left - 8, py(t) + 4, tick_text(t), " text-anchor=\"end\"");
  }
  for (double t : nice_ticks(x0, x1, 7)) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n",
                  px(t), bottom, px(t), bottom + 5);
    out << buf;
    text(px(t), bottom + 20, tick_text(t), " text-anchor=\"middle\"");
  }
  text((left + right) / 2, bottom + 46, "value", " text-anchor=\"middle\"");
  std::snprintf(buf, sizeof buf, " text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\"",
                24.0, (top + bottom) / 2);
  text(24, (top + bottom) / 2,
       h.counts.empty() ? "count per bin" : "count per bin (width " + tick_text(bin_width) + ")",
       buf);

  // Legend.
  double y = top + 4;
  const double lx = right + 36;
  std::snprintf(buf, sizeof buf,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"#9ecae1\" "
                "stroke=\"#4a90c2\"/>\n",
                lx, y - 10);
  out << buf;
  text(lx + 26, y, "observed (n = " + std::to_string(r.n) + ")");
  y += 22;
  if (!curve.empty()) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" "
                  "stroke-width=\"2.2\"/>\n",
                  lx, y - 4, lx + 18, y - 4);
    out << buf;
    text(lx + 26, y, "expected density");
    y += 22;
  }
  if (!h.expected.empty()) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" "
                  "stroke-width=\"2\"/>\n",
                  lx + 3, y - 4, lx + 15, y - 4);
    out << buf;
    text(lx + 26, y, "expected count per bin");
    y += 22;
  }
  y += 12;
  const auto pair = [&](const std::string& label, const std::string& observed,
                        const std::string& expected) {
    text(lx, y, label, " font-weight=\"bold\"");
    text(lx + 62, y, observed);
    text(lx + 160, y, expected);
    y += 20;
  };
  const auto maybe = [](const std::optional<double>& v) { return v ? observed_text(*v) : "?"; };
  if (r.n > 0) {
    pair("", "observed", "expected");
    pair("mean", observed_text(r.mean), maybe(m.mean));
    pair("std", observed_text(r.std), maybe(m.std));
    const bool bounded = m.lower || m.upper || m.cdf;
    pair("min", observed_text(r.min), !bounded ? "?" : m.lower ? observed_text(*m.lower) : "-inf");
    pair("max", observed_text(r.max), !bounded ? "?" : m.upper ? observed_text(*m.upper) : "inf");
    y += 12;
    if (r.ks) {
      text(lx, y, "Kolmogorov-Smirnov", " font-weight=\"bold\"");
      y += 20;
      text(lx, y, "D = " + observed_text(r.ks->d) + ",  p = " + p_value_text(r.ks->p),
           r.ks->p < 1e-3 ? " fill=\"#c00000\"" : "");
    } else {  // "skipped: reason" or "not applicable: ..." on two lines
      const std::size_t colon = r.test_note.find(':');
      text(lx, y, "KS test " + r.test_note.substr(0, colon), " font-weight=\"bold\"");
      // The reason, wrapped to the legend's width.
      std::istringstream words(colon == std::string::npos ? "" : r.test_note.substr(colon + 1));
      std::string line;
      const auto flush = [&] {
        if (!line.empty()) text(lx, y += 17, line, " font-size=\"11\" fill=\"#444\"");
        line.clear();
      };
      for (std::string word; words >> word;) {
        if (line.size() + 1 + word.size() > 36) flush();
        line += (line.empty() ? "" : " ") + word;
      }
      flush();
    }
  }
  out << "</svg>\n";
}

// ---------------------------------------------------------------------------------------------
// sample

// The options of `sample` and `stats` (which alone takes --svg).
struct sample_options {
  std::string command = "sample";
  std::optional<std::string> name, config, output, slice, svg;
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

// The values as doubles (exact for every dtype), for `stats`.
template <class T>
std::vector<double> values_as_double(const any_initializer& init, const shape_type& local,
                                     const wi::slice_of& slice) {
  const std::vector<T> data = init.values<T>(local, slice);
  std::vector<double> values(data.size());
  std::transform(data.begin(), data.end(), values.begin(), [](T v) { return to_double(v); });
  return values;
}

using sample_function = void (*)(const any_initializer&, const shape_type&, const wi::slice_of&,
                                 const sample_options&);
using values_function = std::vector<double> (*)(const any_initializer&, const shape_type&,
                                                const wi::slice_of&);
struct dtype_entry {
  std::string_view name;
  sample_function sample;
  values_function values;
  value_grid grid;
};
template <class T>
constexpr dtype_entry dtype_entry_of{dtype_traits<T>::name, sample_as<T>, values_as_double<T>,
                                     grid_of<T>};
constexpr dtype_entry dtypes[] = {dtype_entry_of<float>, dtype_entry_of<double>,
                                  dtype_entry_of<Eigen::half>, dtype_entry_of<Eigen::bfloat16>};

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
    throw usage_error(options.command + " takes a NAME or --config, not both");
  if (!options.name && !options.config)
    throw usage_error(options.command + " needs a NAME or --config JSON");
  initializer_spec spec;
  if (options.config) {
    spec = spec_from_config_text(read_config(*options.config));
  } else if (is_dialect_name(*options.name)) {
    spec.info = &find_initializer(*options.name);
    spec.values = spec.info->defaults();
  } else {
    spec.keras = wi::find_builtin(*options.name);
    if (spec.keras == nullptr) wi::get(*options.name);  // throws, suggesting the closest names
  }
  for (const std::string& assignment : options.sets) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos)
      throw usage_error("--set needs KEY=VALUE, got " + in_quotes(assignment));
    const std::string_view key = std::string_view(assignment).substr(0, equals);
    const std::string_view text = std::string_view(assignment).substr(equals + 1);
    if (spec.keras) {
      spec.config.set(key, keras_value_from_text(*spec.keras, key, text));
    } else {
      const param_info& param = spec.info->param(key);
      spec.values.set(param.key, param_from_text(*spec.info, param, text));
    }
  }
  // --seed overrides the config; initializers that draw nothing ignore it.
  if (options.seed && spec.has_seed()) spec.set_seed(*options.seed);
  if (spec.keras) return spec;
  for (const param_info& param : spec.info->params) {
    if (spec.values.missing(param.key)) {
      throw usage_error(std::string(spec.info->class_name) + ": parameter " + in_quotes(param.key) +
                        " is required (--set " + std::string(param.key) + "=VALUE)");
    }
  }
  return spec;
}

// The values of the slice of --shape that the options select, checked for size.
struct selection {
  shape_type local;
  wi::slice_of slice;
};
selection select(const sample_options& options, const initializer_spec& spec) {
  shape_type local = options.shape;
  const wi::slice_of slice = options.slice
                                 ? parse_slice(*options.slice, options.shape, local)
                                 : wi::slice_of{options.shape, shape_type(options.shape.size(), 0)};
  check_size(local, options.slice ? "--slice" : "--shape");
  if (spec.computes_whole()) check_size(options.shape, "--shape");
  return {local, slice};
}

void run_sample(const sample_options& options) {
  const dtype_entry& dtype = find_dtype(options.dtype);
  const initializer_spec spec = resolve_spec(options);
  const any_initializer init = spec.make(options.convention);
  const selection s = select(options, spec);
  dtype.sample(init, s.local, s.slice, options);
}

void run_stats(const sample_options& options) {
  const dtype_entry& dtype = find_dtype(options.dtype);
  if (options.format == "npy")
    throw usage_error("stats --format must be text or json, got \"npy\"");
  initializer_spec spec = resolve_spec(options);
  // A drawn seed is printed, so that the run can be repeated with --seed.
  if (spec.has_seed() && !spec.seed()) {
    std::random_device device;
    spec.set_seed((wi::seed_type{device()} << 32) | device());
  }
  const any_initializer init = spec.make(options.convention);
  const selection s = select(options, spec);
  std::vector<double> values = dtype.values(init, s.local, s.slice);
  expected_model model = values.empty() ? expected_model{} : init.expected(s.slice.global_shape);
  if (options.slice && !model.cdf && !model.constant && (model.mean || model.std)) {
    // Moments of a structured tensor (the identity, sparse_...) are those of the whole.
    model.mean = model.std = std::nullopt;
    model.description += " (moments of the whole tensor, not of a slice)";
  }
  const std::size_t bins =
      std::size_t(std::clamp<double>(std::ceil(std::sqrt(double(values.size()))), 5, 40));
  stats_report report = analyse(std::move(values), dtype.grid, std::move(model), bins);
  const std::string class_name(spec.class_name());
  report.initializer = !options.name                 ? class_name + " (--config)"
                       : *options.name == class_name ? *options.name
                                                     : *options.name + " (" + class_name + ")";
  report.shape = s.local;
  report.dtype = options.dtype;
  report.seed = spec.has_seed() ? spec.seed() : std::nullopt;
  std::vector<output> outputs;
  if (options.svg)
    outputs.push_back({options.svg, [&](std::ostream& out) { write_svg(out, report); }});
  outputs.push_back({options.output, [&](std::ostream& out) {
                       options.format == "json" ? write_stats_json(out, report)
                                                : write_stats_text(out, report);
                     }});
  emit_all(outputs);
}

// ---------------------------------------------------------------------------------------------
// list

// JSON as Python's json.dumps writes it (", " and ": " separators), as Keras shows configs.
std::string python_json(const nlohmann::ordered_json& value) {
  std::vector<std::string> items;
  if (value.is_object()) {
    for (const auto& item : value.items())
      items.push_back(json(item.key()).dump() + ": " + python_json(item.value()));
    return "{" + join(items, ", ") + "}";
  }
  if (value.is_array()) {
    for (const auto& item : value) items.push_back(python_json(item));
    return "[" + join(items, ", ") + "]";
  }
  return value.dump();
}

// Grouped by framework, each entry with its aliases and its defaults: for Keras its
// serialized config (the library's get_config), for PyTorch and JAX its parameters.
void run_list() {
  std::cout << "Keras (keras.initializers; layout (..., in, out)):\n";
  for (const wi::initializer_info& info : wi::builtin_initializers()) {
    std::vector<std::string> aliases(info.aliases.begin(), info.aliases.end());
    std::cout << info.class_name << (aliases.empty() ? "" : " (" + join(aliases, ", ") + ")")
              << ": " << python_json(wi::to_keras_json(wi::get(info.class_name))) << '\n';
  }
  std::string_view group;
  for (const initializer_info& info : registry()) {
    if (framework_of(info) != group) {
      group = framework_of(info);
      std::cout << '\n'
                << (group == "PyTorch" ? "PyTorch (torch.nn.init; layout (out, in, k...)):"
                                       : "JAX (jax.nn.initializers; in_axis/out_axis/batch_axis):")
                << '\n';
    }
    std::vector<std::string> aliases(info.aliases.begin(), info.aliases.end());
    std::vector<std::string> params;
    for (const param_info& p : info.params) {
      params.push_back(std::string(p.key) + "=" + default_text(p.default_value));
    }
    std::cout << info.class_name << (aliases.empty() ? "" : " (" + join(aliases, ", ") + ")")
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
      : function_([init = wi::Initializer(keras_name)](const shape_type& shape, std::string_view) {
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
       weightinit stats NAME|--config JSON|@FILE [options] [--svg FILE]
       weightinit demo
       weightinit --help

Neural-network weight initializers with the names, parameters and conventions of Keras,
PyTorch (torch.nn.init) and JAX (jax.nn.initializers).

commands:
  list                   every initializer with its aliases and parameter defaults
  sample                 draw one tensor from an initializer and print or save it
  stats                  draw one tensor and compare it with the expected distribution:
                         mean, std, min, max, a Kolmogorov-Smirnov test, a histogram
  demo                   walk through the Keras initializers notebook in C++

options of sample and stats:
  NAME                   a Keras name or alias (he_normal, GlorotUniform, normal, ...), a
                         PyTorch function torch.NAME_ (torch.kaiming_normal_, ...) or a JAX
                         builder jax.NAME (jax.variance_scaling, jax.xavier_uniform, ...)
  --config JSON|@FILE    a Keras-serialized initializer {"class_name": ..., "config": {...}}
  --set KEY=VALUE        a parameter by its framework's name (repeatable). Keras: stddev=0.1,
                         mode=fan_out, distribution=uniform, seed=7, input_axes=0,1;
                         PyTorch: a=0, mode=fan_out, nonlinearity=relu, std=0.02, val=3;
                         JAX: scale=2, mode=fan_avg, distribution=normal, in_axis=-2,
                         batch_axis=0,1, column_axis=0
  --seed N               integer seed (negative wraps modulo 2^64); overrides the config;
                         without a seed the values differ per run (stats prints the seed it
                         drew); initializers that draw nothing (zeros, constant...) ignore it
  --shape D0,D1,...      logical shape, row-major (default 2,2; '' for a scalar)
  --dtype TYPE           float32 (default), float64, float16 or bfloat16
  --convention C         fan layout of Keras's variance-scaling family: keras (..., in, out;
                         the default) or torch (out, in, ...); torch.* and jax.* names
                         always use their framework's layout
  --slice A:B,...        only this hyper-rectangle, one START:STOP per dimension
                         (equal to the same slice of the whole tensor)
  --format F             sample: text (default), json, or npy (NumPy .npy; bfloat16 as <f4);
                         stats: text (default) or json
  --output FILE          write to FILE instead of standard output
  --svg FILE             stats only: also draw the histogram and expected density as SVG

Exit status: 0 on success, 2 on bad usage or input (one "error: ..." line on stderr).
)";

sample_options parse_sample(const std::string& command, const std::vector<std::string>& args) {
  sample_options options;
  options.command = command;
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
        throw usage_error(options.command + " takes one NAME, got " + in_quotes(*options.name) +
                          " and " + in_quotes(option));
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
      if (command == "stats" && options.format != "text" && options.format != "json") {
        throw usage_error("stats --format must be text or json, got " + in_quotes(options.format));
      }
      if (options.format != "text" && options.format != "json" && options.format != "npy") {
        throw usage_error("--format must be text, json or npy, got " + in_quotes(options.format));
      }
    } else if (option == "--output") {
      options.output = take();
      if (options.output->empty()) throw usage_error("--output needs a file name");
    } else if (option == "--slice") {
      options.slice = take();
    } else if (option == "--svg") {
      if (command != "stats") throw usage_error("--svg is an option of stats, not " + command);
      options.svg = take();
      if (options.svg->empty() || *options.svg == "-") throw usage_error("--svg needs a file name");
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
    run_sample(parse_sample(command, rest));
  } else if (command == "stats") {
    run_stats(parse_sample(command, rest));
  } else if (command == "list" || command == "demo") {
    if (!rest.empty())
      throw usage_error(command + " takes no arguments, got " + in_quotes(rest[0]));
    command == "list" ? run_list() : run_demo();
  } else {
    throw usage_error("unknown command " + in_quotes(command) +
                      " (expected list, sample, stats or demo)");
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
