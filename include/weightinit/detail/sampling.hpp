// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/sampling.hpp: from random words to uniform, normal and truncated-normal
// values, addressed by the element's logical row-major index.
//
// Stream layout of the default generator (part of the value contract):
// - key = (low 32 bits of seed, high 32 bits of seed);
// - element i belongs to block b = i / L, lane i % L, where L = 4 for float compute (float,
//   half, bfloat16) and L = 2 for double; the block's words are
//   philox4x32_10({b_lo, b_hi, 0, 0}, key);
// - retries of a rejection sampler for element i use philox4x32_10({i_lo, i_hi, k, 1}, key)
//   for k = 0, 1, ...
// A value therefore depends only on (seed, parameters, index, scalar type), never on where a
// fill starts: a partial block is computed whole and the lanes outside the range discarded.
//
// Transforms (float compute; double uses 64-bit lanes a = w0 | w1 << 32, b = w2 | w3 << 32):
// - uniform [0, 1): (w >> 8) 2^-24 per word (double: (a >> 11) 2^-53);
// - normal: Box-Muller on word pairs (w0, w1) and (w2, w3): r = sqrt(-2 ln((w0 + 1) 2^-32)),
//   angle 2 pi w1 / 2^32, lanes cos and sin (double: r from (a >> 11) + 1 over 2^53, angle
//   from b / 2^64);
// - truncated normal: see truncated_normal_plan.
#ifndef WEIGHTINIT_DETAIL_SAMPLING_HPP_
#define WEIGHTINIT_DETAIL_SAMPLING_HPP_

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "weightinit/detail/det_math.hpp"
#include "weightinit/detail/exact_math.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/philox.hpp"
#include "weightinit/seed.hpp"

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail {

using block = std::array<std::uint32_t, 4>;
using index_t = std::uint64_t;

inline constexpr std::uint32_t lo32(std::uint64_t x) { return static_cast<std::uint32_t>(x); }
inline constexpr std::uint32_t hi32(std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); }

/// The default generator: blocks addressed by counter, so any element is computed directly.
struct philox_source {
  std::array<std::uint32_t, 2> key;
  explicit philox_source(seed_type seed) : key{lo32(seed), hi32(seed)} {}
  block main_block(index_t b) const { return philox4x32_10({lo32(b), hi32(b), 0, 0}, key); }
  block retry_block(index_t element, std::uint32_t attempt) const {
    return philox4x32_10({lo32(element), hi32(element), attempt, 1}, key);
  }
};

/// Any standard UniformRandomBitGenerator, consumed sequentially, 32 bits at a time. Engines
/// whose range is not a power of two are handled by rejection, bit-exact for a given engine.
template <class Urbg>
class urbg_source {
 public:
  explicit urbg_source(Urbg& engine) : engine_(engine) {}
  block main_block(index_t) { return next_block(); }
  block retry_block(index_t, std::uint32_t) { return next_block(); }

 private:
  using result = typename Urbg::result_type;
  static constexpr std::uint64_t span = std::uint64_t(Urbg::max()) - std::uint64_t(Urbg::min());
  static constexpr int bits_per_draw = [] {
    int bits = 0;
    while (bits < 64 && ((span >> bits) & 1)) ++bits;  // low run of ones: full bits usable
    if (bits < 64 && (span >> bits) != 0) {            // not of the form 2^k - 1
      bits = 0;
      while (bits < 63 && (std::uint64_t{2} << bits) - 1 <= span) ++bits;
    }
    return bits;
  }();
  static_assert(bits_per_draw >= 1, "the generator must produce at least one random bit");

  std::uint64_t draw_bits() {  // uniform on [0, 2^bits_per_draw)
    for (;;) {
      const std::uint64_t x = std::uint64_t(engine_()) - std::uint64_t(Urbg::min());
      if constexpr (bits_per_draw == 64) {
        return x;
      } else if ((x >> bits_per_draw) == 0) {
        return x;
      }
    }
  }
  // 64-bit draws give two words; 32..63-bit draws one (the excess bits are dropped); narrower
  // draws are concatenated until 32 bits are filled.
  std::uint32_t next_word() {
    if constexpr (bits_per_draw == 64) {
      if (has_high_) {
        has_high_ = false;
        return high_;
      }
      const std::uint64_t x = draw_bits();
      high_ = hi32(x);
      has_high_ = true;
      return lo32(x);
    } else if constexpr (bits_per_draw >= 32) {
      return lo32(draw_bits());
    } else {
      std::uint64_t word = 0;
      for (int filled = 0; filled < 32; filled += bits_per_draw) word |= draw_bits() << filled;
      return lo32(word);
    }
  }
  block next_block() { return {next_word(), next_word(), next_word(), next_word()}; }

  Urbg& engine_;
  std::uint32_t high_ = 0;
  bool has_high_ = false;
};

template <class C>
struct lanes {
  std::array<C, lanes_v<C>> v;
};

inline std::uint64_t join(std::uint32_t lo, std::uint32_t hi) {
  return std::uint64_t{lo} | (std::uint64_t{hi} << 32);
}

/// Uniform on [0, 1) with 24 (float) or 53 (double) random bits per lane.
template <class C>
lanes<C> uniform_lanes(const block& w) {
  if constexpr (sizeof(C) == 4) {
    constexpr float scale = 1.0f / 16777216.0f;  // 2^-24
    return {
        {C(w[0] >> 8) * scale, C(w[1] >> 8) * scale, C(w[2] >> 8) * scale, C(w[3] >> 8) * scale}};
  } else {
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
    return {{C(join(w[0], w[1]) >> 11) * scale, C(join(w[2], w[3]) >> 11) * scale}};
  }
}

/// ln of a uniform variate in (0, 1], from one lane's bits.
template <class C>
C log_uniform_lane(std::uint64_t bits) {
  if constexpr (sizeof(C) == 4) {
    return log_of_fraction<C>(bits + 1, 32);
  } else {
    return log_of_fraction<C>((bits >> 11) + 1, 53);
  }
}

/// Uniform on [0, 1) from one lane's bits.
template <class C>
C uniform_lane(std::uint64_t bits) {
  if constexpr (sizeof(C) == 4) {
    return C(static_cast<std::uint32_t>(bits) >> 8) * (1.0f / 16777216.0f);
  } else {
    return C(bits >> 11) * (1.0 / 9007199254740992.0);
  }
}

/// Box-Muller: one radius lane and one angle lane give two independent N(0, 1) values.
template <class C>
std::array<C, 2> box_muller(std::uint64_t radius_bits, std::uint64_t angle_bits) {
  const C r = std::sqrt(C(-2) * log_uniform_lane<C>(radius_bits));
  const auto [s, c] = sincos_turns<C>(angle_bits, sizeof(C) == 4 ? 32 : 64);
  return {r * c, r * s};
}

/// Standard normal lanes of a block.
template <class C>
lanes<C> normal_lanes(const block& w) {
  if constexpr (sizeof(C) == 4) {
    const auto p = box_muller<C>(w[0], w[1]);
    const auto q = box_muller<C>(w[2], w[3]);
    return {{p[0], p[1], q[0], q[1]}};
  } else {
    const auto p = box_muller<C>(join(w[0], w[1]), join(w[2], w[3]));
    return {{p[0], p[1]}};
  }
}

/// The lanes of a block as (proposal, acceptance) word pairs: two per float block, one per
/// double block.
template <class C>
constexpr int pairs_per_block = sizeof(C) == 4 ? 2 : 1;
template <class C>
std::array<std::uint64_t, 2> lane_pair(const block& w, int pair) {
  if constexpr (sizeof(C) == 4) {
    return {w[std::size_t(2 * pair)], w[std::size_t(2 * pair + 1)]};
  } else {
    return {join(w[0], w[1]), join(w[2], w[3])};
  }
}

/// How a standard normal truncated to [alpha, beta] is sampled. The choice depends only on the
/// bounds and is exact for every interval, with bounded expected cost (acceptance rate above
/// about 0.3 in every case):
/// - interval containing 0 and at least sqrt(2 pi) wide: normal proposals, rejected outside
///   (the main block's normal lane first, then retry blocks);
/// - interval containing 0 and narrower: uniform proposals accepted with prob exp(-x^2 / 2);
/// - interval on one side of 0 (mirrored to the positive side): Robert's algorithm (C. P.
///   Robert, "Simulation of truncated normal variables", Statistics and Computing 5, 1995):
///   uniform proposals accepted with prob exp((alpha^2 - x^2) / 2) when the interval is
///   narrow, otherwise translated-exponential proposals with the optimal rate
///   lambda = (alpha + sqrt(alpha^2 + 4)) / 2, accepted with prob exp(-(x - lambda)^2 / 2).
/// Acceptance tests compare logarithms, so only our deterministic log is needed.
struct truncated_normal_plan {
  enum class method { normal_rejection, uniform_centered, uniform_tail, exponential_tail };
  method kind;
  double alpha, beta;  // in the sampling frame (mirrored to alpha >= 0 for tails)
  bool mirrored = false;
  double lambda = 0;

  truncated_normal_plan(double a, double b) : alpha(a), beta(b) {
    constexpr double sqrt_two_pi = 2.5066282746310002;
    if (a <= 0 && b >= 0) {
      kind = b - a >= sqrt_two_pi ? method::normal_rejection : method::uniform_centered;
      return;
    }
    if (b < 0) {
      mirrored = true;
      alpha = -b;
      beta = -a;
    }
    const double root = std::sqrt(alpha * alpha + 4);
    lambda = (alpha + root) / 2;
    // Robert's rule: uniform proposals when beta - alpha < (2 / (alpha + root)) *
    // exp((alpha^2 - alpha root) / 4 + 1/2), compared in logs.
    const double log_threshold =
        det_log(2 / (alpha + root)) + (alpha * alpha - alpha * root) / 4 + 0.5;
    const bool narrow = std::isfinite(beta) && det_log(beta - alpha) < log_threshold;
    kind = narrow ? method::uniform_tail : method::exponential_tail;
  }
};

/// Retry blocks are capped so that a fill always terminates; reaching the cap has probability
/// below 1e-100 for every plan, and then the last proposal is clamped into the interval.
inline constexpr std::uint32_t max_retry_blocks = 1024;

/// One standard normal truncated to the plan's interval, for element `index`, given the
/// element's normal lane of the main block (used by normal rejection only).
template <class C, class Source>
C truncated_normal_one(const truncated_normal_plan& plan, index_t index, C first_candidate,
                       Source& source) {
  using method = truncated_normal_plan::method;
  const C alpha = static_cast<C>(plan.alpha);
  const C beta = static_cast<C>(plan.beta);
  if (plan.kind == method::normal_rejection) {
    if (first_candidate >= alpha && first_candidate <= beta) return first_candidate;
    C z = first_candidate;
    for (std::uint32_t k = 0; k < max_retry_blocks; ++k) {
      for (C candidate : normal_lanes<C>(source.retry_block(index, k)).v) {
        if (candidate >= alpha && candidate <= beta) return candidate;
        z = candidate;
      }
    }
    return z < alpha ? alpha : beta;
  }
  const C width = beta - alpha;
  const C lambda = static_cast<C>(plan.lambda);
  C x = alpha;
  for (std::uint32_t k = 0; k < max_retry_blocks; ++k) {
    const block w = source.retry_block(index, k);
    for (int p = 0; p < pairs_per_block<C>; ++p) {
      const auto [proposal, test] = lane_pair<C>(w, p);
      const C log_v = log_uniform_lane<C>(test);
      bool accept = false;
      switch (plan.kind) {
        case method::uniform_centered:
          x = alpha + width * uniform_lane<C>(proposal);
          accept = log_v <= -(x * x) / 2;
          break;
        case method::uniform_tail:
          x = alpha + width * uniform_lane<C>(proposal);
          accept = log_v <= (alpha - x) * (alpha + x) / 2;
          break;
        default:  // exponential_tail
          x = alpha - log_uniform_lane<C>(proposal) / lambda;
          accept = x <= beta && log_v <= -((x - lambda) * (x - lambda)) / 2;
          break;
      }
      if (x > beta) x = beta;  // rounding of alpha + width u, or the capped fallback
      if (accept) return plan.mirrored ? -x : x;
    }
  }
  return plan.mirrored ? -x : x;
}

/// Calls emit(position, value, index) for each element index in [first, first + count), where
/// `values(block_words)` gives the L lane values of a block.
template <class C, class Source, class Values, class Emit>
void for_each_in_blocks(index_t first, index_t count, Source& source, Values values, Emit emit) {
  constexpr index_t L = lanes_v<C>;
  const index_t end = first + count;
  for (index_t b = first / L; b * L < end; ++b) {
    const auto lane_values = values(source.main_block(b));
    for (index_t lane = 0; lane < L; ++lane) {
      const index_t index = b * L + lane;
      if (index >= first && index < end) emit(index - first, lane_values.v[lane], index);
    }
  }
}

}  // namespace weightinit::detail

WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_SAMPLING_HPP_
