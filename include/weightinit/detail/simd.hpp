// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/simd.hpp: the default generator's float lanes, many blocks at a time.
//
// Philox4x32-10 and the float uniform and Box-Muller transforms of sampling.hpp, computed with
// AVX2 (8 lanes) or AVX-512 (16 lanes) when the compiler targets them (-mavx2, -march=x86-64-v3,
// -march=native, ...). Every operation is the scalar code's operation, in the same order, with
// the same IEEE rounding and no fused multiply-add, so the values are the scalar values bit for
// bit (tests/simd_test.cpp compares them on every lane path; the golden tests and the same-bits
// CI build these paths too). Without AVX2 the scalar code runs: WEIGHTINIT_SIMD is 0.
//
// Layout: a vector holds whole Philox blocks, four words each ("array of structures"), so the
// lanes come out in element order. One Philox round is then one 32x32->64-bit multiply of the
// even words, one word shuffle and two xors. For Box-Muller, two vectors of blocks are split
// into radius words (even) and angle words (odd), so every lane of the transcendental code is
// used, and the results are interleaved back.
#ifndef WEIGHTINIT_DETAIL_SIMD_HPP_
#define WEIGHTINIT_DETAIL_SIMD_HPP_

#include <cstddef>
#include <cstdint>

#include "weightinit/detail/det_math.hpp"
#include "weightinit/detail/exact_math.hpp"
#include "weightinit/philox.hpp"

#if !defined(WEIGHTINIT_NO_SIMD) && defined(__AVX512F__)
#define WEIGHTINIT_SIMD 512
#elif !defined(WEIGHTINIT_NO_SIMD) && defined(__AVX2__)
#define WEIGHTINIT_SIMD 256
#else
#define WEIGHTINIT_SIMD 0
#endif

#if WEIGHTINIT_SIMD
#include <immintrin.h>
#endif

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail::simd {

#if WEIGHTINIT_SIMD == 256

/// AVX2: 8 lanes, two Philox blocks per vector. Masks are vectors of all-ones lanes.
struct isa {
  static constexpr int width = 8;
  using vi = __m256i;
  using vf = __m256;
  using mask = __m256i;
  static vi set1(std::uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
  static vi set4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
    return _mm256_setr_epi32(int(a), int(b), int(c), int(d), int(a), int(b), int(c), int(d));
  }
  static vf set1f(float x) { return _mm256_set1_ps(x); }
  static vi add(vi a, vi b) { return _mm256_add_epi32(a, b); }
  static vi sub(vi a, vi b) { return _mm256_sub_epi32(a, b); }
  static vi bit_and(vi a, vi b) { return _mm256_and_si256(a, b); }
  static vi bit_xor(vi a, vi b) { return _mm256_xor_si256(a, b); }
  template <int n>
  static vi shift_right(vi a) {
    return _mm256_srli_epi32(a, n);
  }
  template <int n>
  static vi shift_left(vi a) {
    return _mm256_slli_epi32(a, n);
  }
  static vi shift_right(vi a, vi n) { return _mm256_srlv_epi32(a, n); }
  static vi shift_left(vi a, vi n) { return _mm256_sllv_epi32(a, n); }
  static vi max(vi a, vi b) { return _mm256_max_epi32(a, b); }
  static vi min(vi a, vi b) { return _mm256_min_epi32(a, b); }
  static mask greater(vi a, vi b) { return _mm256_cmpgt_epi32(a, b); }
  static mask equal(vi a, vi b) { return _mm256_cmpeq_epi32(a, b); }
  static mask greater_equal_unsigned(vi a, vi b) {
    return _mm256_cmpeq_epi32(_mm256_max_epu32(a, b), a);
  }
  static mask low_bit_set(vi a) {
    return _mm256_sub_epi32(_mm256_setzero_si256(), bit_and(a, set1(1)));
  }
  static mask mask_xor(mask a, mask b) { return _mm256_xor_si256(a, b); }
  static vi select(mask m, vi a, vi b) { return _mm256_blendv_epi8(b, a, m); }
  static vf select(mask m, vf a, vf b) { return _mm256_blendv_ps(b, a, _mm256_castsi256_ps(m)); }
  static vi plus_one_where(mask m, vi a) { return _mm256_sub_epi32(a, m); }
  static vf to_float(vi a) { return _mm256_cvtepi32_ps(a); }
  static vf as_float(vi a) { return _mm256_castsi256_ps(a); }
  static vi as_int(vf a) { return _mm256_castps_si256(a); }
  static vf add(vf a, vf b) { return _mm256_add_ps(a, b); }
  static vf sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
  static vf mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
  static vf div(vf a, vf b) { return _mm256_div_ps(a, b); }
  static vf sqrt(vf a) { return _mm256_sqrt_ps(a); }
  // max(lo, v) is v unless lo > v, min(hi, v) is v unless hi < v: the scalar clamp exactly.
  static vf clamp(vf v, vf lo, vf hi) { return _mm256_min_ps(hi, _mm256_max_ps(lo, v)); }
  // Philox round on whole blocks (c0, c1, c2, c3): the products m0 c0 and m1 c2 of the even
  // words land as (lo, hi) word pairs, reversed they are (hi(m1 c2), lo(m1 c2), hi(m0 c0),
  // lo(m0 c0)); the odd words shifted down and the key (k0, 0, k1, 0) are xored in.
  static vi round_key(std::uint32_t k0, std::uint32_t k1) { return set4(k0, 0, k1, 0); }
  static vi philox10(vi c, const vi* keys) {
    const vi multipliers = set4(philox_m0, 0, philox_m1, 0);
    for (int r = 0; r < 10; ++r) {
      const vi products = _mm256_shuffle_epi32(_mm256_mul_epu32(c, multipliers), 0x1B);
      c = _mm256_xor_si256(_mm256_xor_si256(products, _mm256_srli_epi64(c, 32)), keys[r]);
    }
    return c;
  }
  static vi first_counters(std::uint64_t b) {
    return _mm256_setr_epi64x(static_cast<long long>(b), 0, static_cast<long long>(b + 1), 0);
  }
  static vi counter_step() { return _mm256_setr_epi64x(2, 0, 2, 0); }
  static vi add64(vi a, vi b) { return _mm256_add_epi64(a, b); }
  static vf even_words(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0x88); }
  static vf odd_words(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0xDD); }
  static vf interleave_low(vf a, vf b) { return _mm256_unpacklo_ps(a, b); }
  static vf interleave_high(vf a, vf b) { return _mm256_unpackhi_ps(a, b); }
  static vf load(const float* p) { return _mm256_loadu_ps(p); }
  // Lanes with !(lo <= v <= hi), as the bits of an integer.
  static unsigned outside_bits(vf v, vf lo, vf hi) {
    const vf out =
        _mm256_or_ps(_mm256_cmp_ps(v, lo, _CMP_NGE_UQ), _mm256_cmp_ps(v, hi, _CMP_NLE_UQ));
    return static_cast<unsigned>(_mm256_movemask_ps(out));
  }
  static vi load_words(const std::uint32_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static void store(float* p, vf v) { _mm256_storeu_ps(p, v); }
};

#elif WEIGHTINIT_SIMD == 512

/// AVX-512: 16 lanes, four Philox blocks per vector. Masks are mask registers.
struct isa {
  static constexpr int width = 16;
  using vi = __m512i;
  using vf = __m512;
  using mask = __mmask16;
  static vi set1(std::uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
  static vi set4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
    return _mm512_setr4_epi32(int(a), int(b), int(c), int(d));
  }
  static vf set1f(float x) { return _mm512_set1_ps(x); }
  static vi add(vi a, vi b) { return _mm512_add_epi32(a, b); }
  static vi sub(vi a, vi b) { return _mm512_sub_epi32(a, b); }
  static vi bit_and(vi a, vi b) { return _mm512_and_si512(a, b); }
  static vi bit_xor(vi a, vi b) { return _mm512_xor_si512(a, b); }
  template <int n>
  static vi shift_right(vi a) {
    return _mm512_srli_epi32(a, n);
  }
  template <int n>
  static vi shift_left(vi a) {
    return _mm512_slli_epi32(a, n);
  }
  static vi shift_right(vi a, vi n) { return _mm512_srlv_epi32(a, n); }
  static vi shift_left(vi a, vi n) { return _mm512_sllv_epi32(a, n); }
  static vi max(vi a, vi b) { return _mm512_max_epi32(a, b); }
  static vi min(vi a, vi b) { return _mm512_min_epi32(a, b); }
  static mask greater(vi a, vi b) { return _mm512_cmpgt_epi32_mask(a, b); }
  static mask equal(vi a, vi b) { return _mm512_cmpeq_epi32_mask(a, b); }
  static mask greater_equal_unsigned(vi a, vi b) { return _mm512_cmpge_epu32_mask(a, b); }
  static mask low_bit_set(vi a) { return _mm512_test_epi32_mask(a, set1(1)); }
  static mask mask_xor(mask a, mask b) { return static_cast<mask>(a ^ b); }
  static vi select(mask m, vi a, vi b) { return _mm512_mask_blend_epi32(m, b, a); }
  static vf select(mask m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); }
  static vi plus_one_where(mask m, vi a) { return _mm512_mask_add_epi32(a, m, a, set1(1)); }
  static vf to_float(vi a) { return _mm512_cvtepi32_ps(a); }
  static vf as_float(vi a) { return _mm512_castsi512_ps(a); }
  static vi as_int(vf a) { return _mm512_castps_si512(a); }
  static vf add(vf a, vf b) { return _mm512_add_ps(a, b); }
  static vf sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
  static vf mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
  static vf div(vf a, vf b) { return _mm512_div_ps(a, b); }
  static vf sqrt(vf a) { return _mm512_sqrt_ps(a); }
  static vf clamp(vf v, vf lo, vf hi) { return _mm512_min_ps(hi, _mm512_max_ps(lo, v)); }
  // Philox round with three instructions: blocks are kept as (c2, c1, c0, c3), so the
  // products m1 c2 and m0 c0 land as (lo(m1 c2), hi(m1 c2), lo(m0 c0), hi(m0 c0)) next to c1
  // and c3; one masked ternary xor adds c1 ^ k0 and c3 ^ k1 to the odd words, giving
  // (c1', c0', c3', c2'), and one word rotation restores the layout ((c0', c1', c2', c3') after
  // the last round).
  static vi round_key(std::uint32_t k0, std::uint32_t k1) { return set4(0, k0, 0, k1); }
  static vi philox10(vi c, const vi* keys) {
    const vi multipliers = set4(philox_m1, 0, philox_m0, 0);
    c = _mm512_shuffle_epi32(c, static_cast<_MM_PERM_ENUM>(0xC6));  // (c2, c1, c0, c3)
    for (int r = 0; r < 10; ++r) {
      const vi t = _mm512_mask_ternarylogic_epi32(_mm512_mul_epu32(c, multipliers), 0xAAAA, c,
                                                  keys[r], 0x96);
      c = _mm512_shuffle_epi32(t, static_cast<_MM_PERM_ENUM>(r < 9 ? 0x93 : 0xB1));
    }
    return c;
  }
  static vi first_counters(std::uint64_t b) {
    const auto c = [b](std::uint64_t k) { return static_cast<long long>(b + k); };
    return _mm512_setr_epi64(c(0), 0, c(1), 0, c(2), 0, c(3), 0);
  }
  static vi counter_step() { return _mm512_setr_epi64(4, 0, 4, 0, 4, 0, 4, 0); }
  static vi add64(vi a, vi b) { return _mm512_add_epi64(a, b); }
  static vf even_words(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0x88); }
  static vf odd_words(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0xDD); }
  static vf interleave_low(vf a, vf b) { return _mm512_unpacklo_ps(a, b); }
  static vf interleave_high(vf a, vf b) { return _mm512_unpackhi_ps(a, b); }
  static vf load(const float* p) { return _mm512_loadu_ps(p); }
  static unsigned outside_bits(vf v, vf lo, vf hi) {
    return _mm512_cmp_ps_mask(v, lo, _CMP_NGE_UQ) | _mm512_cmp_ps_mask(v, hi, _CMP_NLE_UQ);
  }
  static vi load_words(const std::uint32_t* p) { return _mm512_loadu_si512(p); }
  static void store(float* p, vf v) { _mm512_storeu_ps(p, v); }
};

#endif

#if WEIGHTINIT_SIMD

/// Float lanes of the default generator, `blocks_per_step` blocks at a time.
template <class B>
struct lanes_of {
  using vi = typename B::vi;
  using vf = typename B::vf;
  static constexpr int blocks_per_vector = B::width / 4;
  /// Whole steps only: callers compute a multiple of this many blocks.
  static constexpr int blocks_per_step = 2 * blocks_per_vector;

  struct keys {
    vi round[10];
    explicit keys(std::array<std::uint32_t, 2> key) {
      std::uint32_t k0 = key[0], k1 = key[1];
      for (int r = 0; r < 10; ++r) {
        round[r] = B::round_key(k0, k1);
        k0 += philox_w0;
        k1 += philox_w1;
      }
    }
  };

  static vi philox(vi counter, const keys& k) { return B::philox10(counter, k.round); }

  /// (w >> 8) 2^-24, as uniform_lanes<float>.
  static vf uniform(vi w) {
    return B::mul(B::to_float(B::template shift_right<8>(w)), B::set1f(1.0f / 16777216.0f));
  }

  /// ln((w + 1) 2^-32), as log_uniform_lane<float> = log_of_fraction<float>(w + 1, 32): the
  /// same reduction m = (1 + g) 2^E, found without a count-leading-zeros instruction.
  static vf log_uniform(vi w) {
    const vi m = B::add(w, B::set1(1));  // wraps to 0 for w = 2^32 - 1, fixed at the end
    // e = floor(log2(m)) or e + 1; float(m >> 1) rounds up to 2^e only when
    // m >= 2^(e+1) - 2^(e-24), which is above sqrt(2) 2^e, so E is found either way.
    const vi biased =
        B::template shift_right<23>(B::as_int(B::to_float(B::template shift_right<1>(m))));
    const vi e = B::max(B::sub(biased, B::set1(126)), B::set1(0));
    // E = e + [m >= sqrt2 2^e], with sqrt2 the double of log_of_fraction: m is an integer
    // and sqrt2 2^e is not (e <= 31), so m >= ceil(sqrt2 2^e) = floor(sqrt2 2^31) >> (31 - e) + 1.
    const vi threshold =
        B::add(B::shift_right(B::set1(0xB504F333u), B::sub(B::set1(31), e)), B::set1(1));
    const vi E = B::min(B::plus_one_where(B::greater_equal_unsigned(m, threshold), e), B::set1(32));
    const vi d = B::sub(m, B::shift_left(B::set1(1), E));  // m - 2^E, exact in int32
    const vf scale = B::as_float(B::template shift_left<23>(B::sub(B::set1(127), E)));  // 2^-E
    const vf g = B::mul(B::to_float(d), scale);
    const vf k = B::to_float(B::sub(E, B::set1(32)));
    // log1p_reduced<float>(g, k), operation for operation.
    using K = log_constants<float>;
    const vf s = B::div(g, B::add(B::set1f(2.0f), g));
    const vf z = B::mul(s, s);
    vf poly = B::set1f(0.0f);
    for (int j = K::terms; j >= 1; --j) {
      poly = B::mul(B::add(poly, B::set1f(K::series[std::size_t(j - 1)])), z);
    }
    const vf ln_f = B::add(B::mul(B::set1f(2.0f), s), B::mul(s, poly));
    const vf result =
        B::add(B::mul(k, B::set1f(K::ln2_hi)), B::add(B::mul(k, B::set1f(K::ln2_lo)), ln_f));
    return B::select(B::equal(w, B::set1(0xFFFFFFFFu)), B::set1f(0.0f), result);  // ln 1 = 0
  }

  /// sin and cos of 2 pi w / 2^32, as sincos_turns<float>(w, 32).
  static void sincos(vi w, vf& sin_out, vf& cos_out) {
    const vi quadrant = B::template shift_right<30>(w);
    const vi within = B::bit_and(w, B::set1(0x3FFFFFFFu));
    const auto reflect = B::greater(within, B::set1(0x20000000u));
    const vi steps = B::select(reflect, B::sub(B::set1(0x40000000u), within), within);
    const float step = static_cast<float>(1.5707963267948966 * pow2<double>(-30));
    const vf x = B::mul(B::to_float(steps), B::set1f(step));
    // sincos_kernel<float>(x)
    constexpr int sin_terms = 4, cos_terms = 5;
    static constexpr auto sin_c = alternating_inverse_factorials<float, sin_terms>(1);
    static constexpr auto cos_c = alternating_inverse_factorials<float, cos_terms>(0);
    const vf t = B::mul(x, x);
    vf sin_poly = B::set1f(0.0f);
    for (int j = sin_terms - 1; j >= 0; --j) {
      sin_poly = B::mul(B::add(sin_poly, B::set1f(sin_c[std::size_t(j)])), t);
    }
    vf cos_poly = B::set1f(0.0f);
    for (int j = cos_terms - 1; j >= 0; --j) {
      cos_poly = B::mul(B::add(cos_poly, B::set1f(cos_c[std::size_t(j)])), t);
    }
    const vf s0 = B::add(x, B::mul(x, sin_poly));
    const vf c0 = B::add(B::set1f(1.0f), cos_poly);
    // Reflection and odd quadrants swap sine and cosine; quadrants 2, 3 negate the sine and
    // 1, 2 the cosine (a sign flip, as the scalar unary minus).
    const auto swap = B::mask_xor(reflect, B::low_bit_set(quadrant));
    const vi sin_sign = B::template shift_left<31>(B::template shift_right<1>(quadrant));
    const vi cos_sign =
        B::template shift_left<31>(B::bit_xor(quadrant, B::template shift_right<1>(quadrant)));
    sin_out = B::as_float(B::bit_xor(B::as_int(B::select(swap, c0, s0)), sin_sign));
    cos_out = B::as_float(B::bit_xor(B::as_int(B::select(swap, s0, c0)), cos_sign));
  }

  /// Writes the 4 * blocks uniform lanes of blocks [first_block, first_block + blocks).
  static void uniform_blocks(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                             std::size_t blocks, float* out) {
    const keys k(key);
    vi counter = B::first_counters(first_block);
    for (std::size_t done = 0; done < blocks; done += blocks_per_vector) {
      B::store(out + 4 * done, uniform(philox(counter, k)));
      counter = B::add64(counter, B::counter_step());
    }
  }

  /// Box-Muller on the words of two vectors of blocks: writes their 2 * width normal lanes.
  static void box_muller(vf a, vf b, float* out) {
    // Per 128-bit lane: radius words (a0, a2, b0, b2), angle words (a1, a3, b1, b3).
    const vf radius = B::sqrt(B::mul(B::set1f(-2.0f), log_uniform(B::as_int(B::even_words(a, b)))));
    vf sin_v, cos_v;
    sincos(B::as_int(B::odd_words(a, b)), sin_v, cos_v);
    const vf rc = B::mul(radius, cos_v);
    const vf rs = B::mul(radius, sin_v);
    B::store(out, B::interleave_low(rc, rs));  // a's blocks: rc0 rs0 rc1 rs1
    B::store(out + B::width, B::interleave_high(rc, rs));
  }

  /// Writes the 4 * blocks standard normal lanes (Box-Muller) of the blocks.
  static void normal_blocks(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                            std::size_t blocks, float* out) {
    const keys k(key);
    vi counter = B::first_counters(first_block);
    for (std::size_t done = 0; done < blocks; done += blocks_per_step) {
      const vf a = B::as_float(philox(counter, k));
      counter = B::add64(counter, B::counter_step());
      const vf b = B::as_float(philox(counter, k));
      counter = B::add64(counter, B::counter_step());
      box_muller(a, b, out + 4 * done);
    }
  }

  /// The same for blocks of arbitrary counters (four words per block, e.g. retry blocks).
  static void normal_blocks_at(std::array<std::uint32_t, 2> key, const std::uint32_t* counters,
                               std::size_t blocks, float* out) {
    const keys k(key);
    for (std::size_t done = 0; done < blocks; done += blocks_per_step) {
      const vf a = B::as_float(philox(B::load_words(counters + 4 * done), k));
      const vf b = B::as_float(philox(B::load_words(counters + 4 * done + B::width), k));
      box_muller(a, b, out + 4 * done);
    }
  }

  /// Writes the positions i < n with !(lo <= v[i] <= hi), in order; returns their number.
  static std::size_t outside(const float* v, std::size_t n, float lo, float hi,
                             std::uint32_t* positions) {
    const vf vlo = B::set1f(lo), vhi = B::set1f(hi);
    std::size_t count = 0, i = 0;
    for (; i + B::width <= n; i += B::width) {
      for (unsigned bits = B::outside_bits(B::load(v + i), vlo, vhi); bits != 0; bits &= bits - 1) {
        positions[count++] = static_cast<std::uint32_t>(i + unsigned(__builtin_ctz(bits)));
      }
    }
    for (; i < n; ++i) {
      if (!(v[i] >= lo && v[i] <= hi)) positions[count++] = static_cast<std::uint32_t>(i);
    }
    return count;
  }

  /// out[i] = clamp(a + b * in[i], lo, hi), in float, for n elements.
  static void affine_clamp(const float* in, std::size_t n, float a, float b, float lo, float hi,
                           float* out) {
    const vf va = B::set1f(a), vb = B::set1f(b), vlo = B::set1f(lo), vhi = B::set1f(hi);
    std::size_t i = 0;
    for (; i + B::width <= n; i += B::width) {
      B::store(out + i, B::clamp(B::add(va, B::mul(vb, B::load(in + i))), vlo, vhi));
    }
    for (; i < n; ++i) {
      float v = a + b * in[i];
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      out[i] = v;
    }
  }
};

using lanes = lanes_of<isa>;

#endif  // WEIGHTINIT_SIMD

}  // namespace weightinit::detail::simd

WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_SIMD_HPP_
