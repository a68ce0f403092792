// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/distribution.hpp: the elementwise sampler behind every elementwise
// initializer: constant, uniform, normal and truncated normal, computed in the compute type
// and rounded once to the target type.
#ifndef WEIGHTINIT_DETAIL_DISTRIBUTION_HPP_
#define WEIGHTINIT_DETAIL_DISTRIBUTION_HPP_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "weightinit/detail/exact_math.hpp"
#include "weightinit/detail/sampling.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/detail/simd.hpp"
#include "weightinit/errors.hpp"

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail {

/// A distribution with its parameters, as initializers describe it (all in double).
struct distribution_spec {
  enum class kind { constant, uniform, normal, truncated_normal };
  kind type = kind::constant;
  double a = 0;                 // constant: value; uniform: minval; (truncated) normal: mean
  double b = 0;                 // uniform: maxval; (truncated) normal: stddev
  double alpha = -2, beta = 2;  // truncated normal: bounds in units of stddev around the mean
  // Truncated normal with absolute bounds (PyTorch's trunc_normal_): the values are kept in
  // [lo, hi] exactly, and alpha, beta are (lo - mean) / stddev, (hi - mean) / stddev.
  bool absolute = false;
  double lo = 0, hi = 0;

  static distribution_spec constant(double value) { return {kind::constant, value, 0, 0, 0}; }
  static distribution_spec uniform(double lo, double hi) { return {kind::uniform, lo, hi, 0, 0}; }
  static distribution_spec normal(double mean, double stddev) {
    return {kind::normal, mean, stddev, 0, 0};
  }
  /// N(mean, stddev^2) truncated to [mean + alpha stddev, mean + beta stddev], the bounds
  /// computed exactly (Keras's TruncatedNormal: alpha = -2, beta = 2).
  static distribution_spec truncated_normal(double mean, double stddev, double alpha, double beta) {
    return {kind::truncated_normal, mean, stddev, alpha, beta};
  }
  /// N(mean, stddev^2) truncated to the absolute interval [lo, hi] (finite, lo <= hi,
  /// stddev >= 0). Degenerate cases are point masses at the limit of the distribution:
  /// stddev == 0 or lo == hi gives clamp(mean, lo, hi); so does an interval whose nearer end
  /// lies more than 1e30 standard deviations from the mean (the values then spread over less
  /// than 1e-60 of that distance, below the resolution of every scalar type).
  static distribution_spec truncated_normal_between(double mean, double stddev, double lo,
                                                    double hi) {
    distribution_spec spec{kind::truncated_normal, mean, stddev, 0, 0};
    spec.absolute = true;
    spec.lo = lo;
    spec.hi = hi;
    const double alpha = stddev > 0 ? (lo - mean) / stddev : 0;
    const double beta = stddev > 0 ? (hi - mean) / stddev : 0;
    constexpr double far = 1e30;
    const bool point = !(stddev > 0) || !(lo < hi) || alpha > far || beta < -far;
    if (!point) {
      spec.alpha = alpha;
      spec.beta = beta;
    } else {  // stays a truncated normal with stddev 0, which the sampler turns into a constant
      spec.b = 0;
    }
    return spec;
  }
};

/// Generates the values of a distribution_spec for any run of logical indices, for a
/// floating-point T.
template <class T>
class distribution_sampler {
  static_assert(is_real_scalar_v<T>, "distribution_sampler needs a floating-point target");
  using C = compute_t<T>;
  using kind = distribution_spec::kind;

 public:
  distribution_sampler(std::string_view who, const distribution_spec& spec)
      : spec_(spec), plan_(spec.alpha, spec.beta) {
    // Values of a truncated normal with absolute bounds stay in [lo, hi], also when it
    // degenerates to a constant.
    if (spec.type == kind::truncated_normal && spec.absolute) {
      keep_inside(who, representable_interval<T>({spec.lo}, {spec.hi}, false),
                  "the truncation interval [", spec.lo, spec.hi, "]");
    }
    // Degenerate distributions (uniform with minval == maxval, stddev == 0) are constants;
    // with absolute bounds, the mean clamped into them.
    if ((spec.type == kind::uniform && !(spec.b > spec.a)) ||
        ((spec.type == kind::normal || spec.type == kind::truncated_normal) && spec.b == 0)) {
      const bool absolute = spec.type == kind::truncated_normal && spec.absolute;
      spec_ = distribution_spec::constant(absolute ? std::clamp(spec.a, spec.lo, spec.hi) : spec.a);
    }
    if (spec_.type == kind::uniform) {
      keep_inside(who, representable_interval<T>({spec.a}, {spec.b}, true), "[minval, maxval) = [",
                  spec.a, spec.b, ")");
    }
    if (spec_.type == kind::truncated_normal && !spec.absolute) {
      const exact_bound lo = affine_bound(spec.a, spec.alpha, spec.b);
      const exact_bound hi = affine_bound(spec.a, spec.beta, spec.b);
      keep_inside(who, representable_interval<T>(lo, hi, false), "the truncation interval [",
                  lo.value, hi.value, "]");
    }
  }

  /// generate() keeps no state: disjoint ranges may be generated concurrently.
  bool concurrent() const { return true; }

  template <class Source>
  void generate(std::uint64_t first, std::uint64_t count, T* out, Source& source) const {
    if (spec_.type == kind::constant) {
      const T value = rounded(spec_.a);
      for (std::uint64_t i = 0; i < count; ++i) out[i] = value;
      return;
    }
    const bool normal_rejection = plan_.kind == truncated_normal_plan::method::normal_rejection;
#if WEIGHTINIT_SIMD
    if constexpr (std::is_same_v<Source, philox_source>) {
      const simd::kernels* kernels = simd::best_kernels();
      if (kernels != nullptr && (spec_.type != kind::truncated_normal || normal_rejection)) {
        if constexpr (std::is_same_v<C, float>) {
          generate_simd(*kernels, first, count, out, source);
        } else {
          generate_simd_double(*kernels, first, count, out, source);
        }
        return;
      }
    }
#endif
    const C a = static_cast<C>(spec_.a);
    const C b = static_cast<C>(spec_.type == kind::uniform ? spec_.b - spec_.a : spec_.b);
    const auto affine = [&](std::uint64_t position, C x, std::uint64_t) {
      out[position] = rounded(a + b * x);
    };
    const auto truncated = [&](std::uint64_t position, C z, std::uint64_t index) {
      out[position] = truncated_value(index, z, source);
    };
    if (spec_.type == kind::uniform) {
      for_each_in_blocks<C>(first, count, source, uniform_lanes<C>, affine);
    } else if (spec_.type == kind::normal) {
      for_each_in_blocks<C>(first, count, source, normal_lanes<C>, affine);
    } else if (normal_rejection) {
      for_each_in_blocks<C>(first, count, source, normal_lanes<C>, truncated);
    } else {  // these methods draw only from the element's own retry blocks
      for (std::uint64_t i = 0; i < count; ++i) truncated(i, C(0), first + i);
    }
  }

 private:
  template <class From>
  T rounded(From value) const {
    const T t = round_to<T>(value);
    return inside_ ? inside_->clamp(t) : t;
  }

  // The truncated normal value of element `index`, given its main-block normal lane z.
  template <class Source>
  T truncated_value(std::uint64_t index, C z, Source& source) const {
    const C t = truncated_normal_one<C>(plan_, index, z, source);
    if (spec_.absolute) {
      // In double: the mean and stddev exactly, whatever C (the mean may lie far outside the
      // interval, and stddev beyond the range of float).
      return rounded(spec_.a + spec_.b * static_cast<double>(t));
    }
    return rounded(static_cast<C>(spec_.a) + static_cast<C>(spec_.b) * t);
  }

#if WEIGHTINIT_SIMD
  // The vector kernels work on runs of whole blocks: chunks of at most chunk_blocks blocks (a
  // whole number of kernel steps) covering [first, first + count). Calls
  // chunk(first_block, blocks, from, to) for each, [from, to) the chunk's part of the range.
  static constexpr std::uint64_t chunk_blocks = 256;
  static_assert(chunk_blocks % simd::blocks_per_step == 0, "whole steps per chunk");
  template <class Chunk>
  static void for_each_chunk(std::uint64_t first, std::uint64_t count, const Chunk& chunk) {
    constexpr std::uint64_t L = lanes_v<C>, step = simd::blocks_per_step;
    const std::uint64_t end = first + count;
    for (std::uint64_t chunk_first = first / L; chunk_first * L < end;
         chunk_first += chunk_blocks) {
      const std::uint64_t needed = (end - chunk_first * L + L - 1) / L;
      const std::uint64_t blocks = std::min(chunk_blocks, (needed + step - 1) / step * step);
      chunk(chunk_first, std::size_t(blocks), std::max(first, chunk_first * L),
            std::min(end, (chunk_first + blocks) * L));
    }
  }

  // The same values as the scalar path, from the vector kernels: whole chunks of blocks into a
  // buffer, then the affine map (or the truncation) and the rounding per element. The double
  // lanes have no further vector stages: the per-element step is cheap beside the generator.
  void generate_simd_double(const simd::kernels& vector, std::uint64_t first, std::uint64_t count,
                            T* out, const philox_source& source) const {
    alignas(64) double buffer[2 * chunk_blocks];
    const C a = static_cast<C>(spec_.a);
    const C b = static_cast<C>(spec_.type == kind::uniform ? spec_.b - spec_.a : spec_.b);
    for_each_chunk(
        first, count,
        [&](std::uint64_t first_block, std::size_t blocks, std::uint64_t from, std::uint64_t to) {
          if (spec_.type == kind::uniform) {
            vector.uniform_blocks_double(source.key, first_block, blocks, buffer);
          } else {
            vector.normal_blocks_double(source.key, first_block, blocks, buffer);
          }
          const double* values = buffer + (from - first_block * 2);
          T* target = out + (from - first);
          if (spec_.type == kind::truncated_normal) {
            for (std::uint64_t i = 0; i < to - from; ++i) {
              target[i] = truncated_value(from + i, values[i], source);
            }
          } else {
            for (std::uint64_t i = 0; i < to - from; ++i) target[i] = rounded(a + b * values[i]);
          }
        });
  }

  void generate_simd(const simd::kernels& vector, std::uint64_t first, std::uint64_t count, T* out,
                     const philox_source& source) const {
    alignas(64) float buffer[4 * chunk_blocks];
    // Truncated normal retries: the chunk positions rejected (room for outside's scratch), and
    // those whose first two retry candidates are rejected too.
    std::uint32_t retry_at[4 * chunk_blocks + 16], failed[4 * chunk_blocks];
    const bool uniform = spec_.type == kind::uniform;
    const float a = static_cast<float>(spec_.a);
    const float b = static_cast<float>(uniform ? spec_.b - spec_.a : spec_.b);
    const float alpha = static_cast<float>(plan_.alpha), beta = static_cast<float>(plan_.beta);
    constexpr float infinity = std::numeric_limits<float>::infinity();
    float lo = -infinity, hi = infinity;
    if (inside_) {
      lo = static_cast<float>(to_double(inside_->lo));
      hi = static_cast<float>(to_double(inside_->hi));
    }
    for_each_chunk(
        first, count,
        [&](std::uint64_t first_block, std::size_t blocks, std::uint64_t from, std::uint64_t to) {
          if (uniform) {
            vector.uniform_blocks(source.key, first_block, blocks, buffer);
          } else {
            vector.normal_blocks(source.key, first_block, blocks, buffer);
          }
          float* values = buffer + (from - first_block * 4);
          T* target = out + (from - first);
          const std::size_t n = std::size_t(to - from);
          if (spec_.type == kind::truncated_normal) {
            // Elements whose main-block lane is rejected: the first two candidates of their
            // first retry block for all of them at once, then the scalar sampler (from its start)
            // for the few both reject.
            const std::size_t rejected = vector.outside(values, n, alpha, beta, retry_at);
            const std::size_t failures = vector.retry_first_pairs(
                source.key, from, retry_at, rejected, alpha, beta, values, failed);
            for (std::size_t r = 0; r < failures; ++r) {  // value: a rejected candidate
              float& value = values[failed[r]];
              value = truncated_normal_one<float>(plan_, from + failed[r], value, source);
            }
            if (spec_.absolute) {
              for (std::size_t i = 0; i < n; ++i) {
                target[i] = rounded(spec_.a + spec_.b * static_cast<double>(values[i]));
              }
              return;
            }
          }
          // Clamping in float, then rounding, equals rounding, then clamping: the bounds are
          // values of T and rounding is monotonic.
          if constexpr (std::is_same_v<T, float>) {
            vector.affine_clamp(values, n, a, b, lo, hi, target);
          } else {
            std::uint16_t bits[4 * chunk_blocks];
            vector.affine_clamp(values, n, a, b, lo, hi, values);
            if constexpr (std::is_same_v<T, Eigen::bfloat16>) {
              vector.to_bfloat16(values, n, bits);
            } else {
              vector.to_half(values, n, bits);
            }
            std::memcpy(static_cast<void*>(target), bits, n * sizeof(T));
          }
        });
  }
#endif

  // Values are clamped to the representable part of their interval: rounding to T can
  // otherwise leave it by half an ulp (or reach an open upper bound).
  void keep_inside(std::string_view who, const representable_interval<T>& interval,
                   const char* what, double lo, double hi, const char* close) {
    if (interval.empty) {
      throw invalid_argument(std::string(who) + ": no " + std::string(scalar_traits<T>::name) +
                             " value lies in " + what + to_text(lo) + ", " + to_text(hi) + close);
    }
    inside_ = interval;
  }

  distribution_spec spec_;
  truncated_normal_plan plan_;
  std::optional<representable_interval<T>> inside_;
};

/// Fills with one value, for any arithmetic or half type (Zeros, Ones and Constant accept
/// integer targets, as Keras's do).
template <class T>
struct constant_sampler {
  T value;
  bool concurrent() const { return true; }
  template <class Source>
  void generate(std::uint64_t, std::uint64_t count, T* out, Source&) const {
    if constexpr (std::is_arithmetic_v<T>) {
      std::fill_n(out, count, value);
    } else {
      // Compilers do not vectorize assignments of Eigen::half / bfloat16 (classes): store
      // their 16-bit pattern through a may_alias type instead.
      static_assert(sizeof(T) == 2 && std::is_trivially_copyable_v<T>, "a 16-bit half type");
#if defined(__GNUC__) || defined(__clang__)
      using bits_t = std::uint16_t __attribute__((may_alias));
      std::uint16_t bits;
      std::memcpy(&bits, &value, sizeof bits);
      std::fill_n(reinterpret_cast<bits_t*>(out), count, bits);
#else
      std::fill_n(out, count, value);
#endif
    }
  }
};

}  // namespace weightinit::detail

WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_DISTRIBUTION_HPP_
