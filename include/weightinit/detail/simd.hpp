// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/simd.hpp: the default generator's float lanes, many blocks at a time.
//
// Philox4x32-10 and the uniform and Box-Muller transforms of sampling.hpp, for float lanes
// (and for the double lanes of float64 targets), computed with AVX2 (8 words) or AVX-512 (16
// words). Every operation is the scalar code's operation, in the same order, with the same IEEE
// rounding and no fused multiply-add, so the values are the scalar values bit for bit
// (tests/simd_test.cpp compares every kernel with the scalar code; the golden tests and the
// same-bits CI run them too).
//
// The instruction set is chosen at run time (cpu.hpp): both kernel sets are compiled in every
// build, each in its own target region, whatever the -march of the user's build, and the first
// fill picks the best one the processor runs (AVX-512, AVX2, else the scalar code). Translation
// units compiled with different flags share one definition.
//
// Layout: a vector holds whole Philox blocks, four words each ("array of structures"), so the
// lanes come out in element order. For Box-Muller, two vectors of blocks are split into
// radius words (even) and angle words (odd), so every lane of the transcendental code is used,
// and the results are interleaved back.
#ifndef WEIGHTINIT_DETAIL_SIMD_HPP_
#define WEIGHTINIT_DETAIL_SIMD_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "weightinit/detail/cpu.hpp"
#include "weightinit/detail/det_math.hpp"
#include "weightinit/detail/exact_math.hpp"
#include "weightinit/philox.hpp"

WEIGHTINIT_EXACT_MATH_BEGIN
namespace weightinit::detail::simd {

/// The vector kernels of one instruction set, as plain functions over arrays.
struct kernels {
  const char* name;
  /// Writes the 4 * blocks uniform [0, 1) lanes of blocks [first_block, first_block + blocks).
  void (*uniform_blocks)(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                         std::size_t blocks, float* out);
  /// Writes the 4 * blocks standard normal (Box-Muller) lanes of the blocks.
  void (*normal_blocks)(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                        std::size_t blocks, float* out);
  /// Writes the 4 * blocks Philox4x32-10 words of the blocks (the generator without a
  /// transform: for tests and the benchmarks' ceiling rows).
  void (*word_blocks)(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                      std::size_t blocks, std::uint32_t* out);
  /// Truncated normal retries: for each of the n chunk positions p (element first + p, whose
  /// values[p] was rejected), the normal lanes 0 and 1 of the element's first retry block; the
  /// first inside [alpha, beta] replaces values[p], else the second (outside). Writes the
  /// positions where both are outside to `failed`, in order, and returns their number.
  std::size_t (*retry_first_pairs)(std::array<std::uint32_t, 2> key, std::uint64_t first,
                                   const std::uint32_t* positions, std::size_t n, float alpha,
                                   float beta, float* values, std::uint32_t* failed);
  /// Writes the positions i < n with !(lo <= v[i] <= hi), in order; returns their number.
  /// `positions` has room for n + 16 entries (the ones past the count are scratch).
  std::size_t (*outside)(const float* v, std::size_t n, float lo, float hi,
                         std::uint32_t* positions);
  /// out[i] = clamp(a + b * in[i], lo, hi), in float.
  void (*affine_clamp)(const float* in, std::size_t n, float a, float b, float lo, float hi,
                       float* out);
  /// Rounds floats to bfloat16 / IEEE half bits, to nearest even (no NaNs).
  void (*to_bfloat16)(const float* in, std::size_t n, std::uint16_t* out);
  void (*to_half)(const float* in, std::size_t n, std::uint16_t* out);
  /// For tests: ln((w + 1) 2^-32) and sin, cos of 2 pi w / 2^32 of n words (n a multiple of 16).
  void (*log_uniform)(const std::uint32_t* w, std::size_t n, float* out);
  void (*sincos)(const std::uint32_t* w, std::size_t n, float* sin_out, float* cos_out);

  /// The float64 lanes: 2 * blocks uniform [0, 1) / standard normal lanes of the blocks.
  void (*uniform_blocks_double)(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                                std::size_t blocks, double* out);
  void (*normal_blocks_double)(std::array<std::uint32_t, 2> key, std::uint64_t first_block,
                               std::size_t blocks, double* out);
  /// For tests: ln(((a >> 11) + 1) 2^-53) and sin, cos of 2 pi b / 2^64 (n a multiple of 8).
  void (*log_uniform_double)(const std::uint64_t* a, std::size_t n, double* out);
  void (*sincos_double)(const std::uint64_t* b, std::size_t n, double* sin_out, double* cos_out);
};

/// Block counts passed to the kernels are multiples of this (a whole step of every set).
inline constexpr std::size_t blocks_per_step = 8;

#if WEIGHTINIT_SIMD

// The kernels keep small fixed-count loops over registers; unrolled even at -O2 (otherwise the
// arrays of vectors live in memory and the kernels run at half speed).
#define WEIGHTINIT_UNROLL _Pragma("GCC unroll 16")

// The kernels of one instruction set as plain functions (defined inside its target region).
#define WEIGHTINIT_SIMD_ENTRY_POINTS                                                               \
  inline void uniform_blocks(std::array<std::uint32_t, 2> key, std::uint64_t first_block,          \
                             std::size_t blocks, float* out) {                                     \
    block_loops::uniform<lanes>(key, first_block, blocks, out);                                    \
  }                                                                                                \
  inline void normal_blocks(std::array<std::uint32_t, 2> key, std::uint64_t first_block,           \
                            std::size_t blocks, float* out) {                                      \
    block_loops::normal<lanes>(key, first_block, blocks, out);                                     \
  }                                                                                                \
  inline void word_blocks(std::array<std::uint32_t, 2> key, std::uint64_t first_block,             \
                          std::size_t blocks, std::uint32_t* out) {                                \
    block_loops::uniform<word_lanes>(key, first_block, blocks, out);                               \
  }                                                                                                \
  inline std::size_t retry_first_pairs(std::array<std::uint32_t, 2> key, std::uint64_t first,      \
                                       const std::uint32_t* positions, std::size_t n, float alpha, \
                                       float beta, float* values, std::uint32_t* failed) {         \
    return lanes::retry_first_pairs(key, first, positions, n, alpha, beta, values, failed);        \
  }                                                                                                \
  inline std::size_t outside(const float* v, std::size_t n, float lo, float hi,                    \
                             std::uint32_t* positions) {                                           \
    return lanes::outside(v, n, lo, hi, positions);                                                \
  }                                                                                                \
  inline void affine_clamp(const float* in, std::size_t n, float a, float b, float lo, float hi,   \
                           float* out) {                                                           \
    lanes::affine_clamp(in, n, a, b, lo, hi, out);                                                 \
  }                                                                                                \
  inline void to_bfloat16(const float* in, std::size_t n, std::uint16_t* out) {                    \
    lanes::to_bfloat16(in, n, out);                                                                \
  }                                                                                                \
  inline void to_half(const float* in, std::size_t n, std::uint16_t* out) {                        \
    lanes::to_half(in, n, out);                                                                    \
  }                                                                                                \
  inline void log_uniform(const std::uint32_t* w, std::size_t n, float* out) {                     \
    for (std::size_t i = 0; i < n; i += isa::width) {                                              \
      const isa::vi words[1] = {isa::load_words(w + i)};                                           \
      isa::vf result[1];                                                                           \
      lanes::log_uniform(words, result);                                                           \
      isa::store(out + i, result[0]);                                                              \
    }                                                                                              \
  }                                                                                                \
  inline void sincos(const std::uint32_t* w, std::size_t n, float* sin_out, float* cos_out) {      \
    for (std::size_t i = 0; i < n; i += isa::width) {                                              \
      const isa::vi words[1] = {isa::load_words(w + i)};                                           \
      isa::vf s[1], c[1];                                                                          \
      lanes::sincos(words, s, c);                                                                  \
      isa::store(sin_out + i, s[0]);                                                               \
      isa::store(cos_out + i, c[0]);                                                               \
    }                                                                                              \
  }                                                                                                \
  inline void uniform_blocks_double(std::array<std::uint32_t, 2> key, std::uint64_t first_block,   \
                                    std::size_t blocks, double* out) {                             \
    block_loops::uniform<double_lanes>(key, first_block, blocks, out);                             \
  }                                                                                                \
  inline void normal_blocks_double(std::array<std::uint32_t, 2> key, std::uint64_t first_block,    \
                                   std::size_t blocks, double* out) {                              \
    block_loops::normal<double_lanes>(key, first_block, blocks, out);                              \
  }                                                                                                \
  inline void log_uniform_double(const std::uint64_t* a, std::size_t n, double* out) {             \
    for (std::size_t i = 0; i < n; i += isa::width / 2) {                                          \
      const isa::vi words[1] = {isa::load_words64(a + i)};                                         \
      isa::vd result[1];                                                                           \
      double_lanes::log_uniform(words, result);                                                    \
      isa::store(out + i, result[0]);                                                              \
    }                                                                                              \
  }                                                                                                \
  inline void sincos_double(const std::uint64_t* b, std::size_t n, double* sin_out,                \
                            double* cos_out) {                                                     \
    for (std::size_t i = 0; i < n; i += isa::width / 2) {                                          \
      const isa::vi words[1] = {isa::load_words64(b + i)};                                         \
      isa::vd s[1], c[1];                                                                          \
      double_lanes::sincos(words, s, c);                                                           \
      isa::store(sin_out + i, s[0]);                                                               \
      isa::store(cos_out + i, c[0]);                                                               \
    }                                                                                              \
  }                                                                                                \
  inline constexpr kernels table = {name,                                                          \
                                    uniform_blocks,                                                \
                                    normal_blocks,                                                 \
                                    word_blocks,                                                   \
                                    retry_first_pairs,                                             \
                                    outside,                                                       \
                                    affine_clamp,                                                  \
                                    to_bfloat16,                                                   \
                                    to_half,                                                       \
                                    log_uniform,                                                   \
                                    sincos,                                                        \
                                    uniform_blocks_double,                                         \
                                    normal_blocks_double,                                          \
                                    log_uniform_double,                                            \
                                    sincos_double};

// ---------------------------------------------------------------------------------------------
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,f16c"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,f16c")
#endif
namespace avx2 {
inline constexpr const char* name = "avx2";

/// AVX2: 8 lanes, two Philox blocks per vector. Masks are vectors of all-ones lanes.
struct isa {
  static constexpr int width = 8;
  static constexpr int steps_at_once = 4;  // Box-Muller steps interleaved (measured best)
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
  // Lanes where the single bit `bit` is set.
  static mask bit_set(vi a, vi bit) { return _mm256_cmpeq_epi32(bit_and(a, bit), bit); }
  static mask mask_xor(mask a, mask b) { return _mm256_xor_si256(a, b); }
  // lo <= v <= hi (false for NaN), and a mask's lanes as the bits of an integer.
  static mask inside(vf v, vf lo, vf hi) {
    return _mm256_castps_si256(
        _mm256_and_ps(_mm256_cmp_ps(v, lo, _CMP_GE_OQ), _mm256_cmp_ps(v, hi, _CMP_LE_OQ)));
  }
  static unsigned lane_bits(mask m) {
    return static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(m)));
  }
  // Lane 4 j + q holds block 2 q + j (the retry kernel's order): back to block order.
  static vf to_block_order(vf v) {
    return _mm256_permutevar8x32_ps(v, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  }
  static mask mask64_xor(mask a, mask b) { return _mm256_xor_si256(a, b); }
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
  template <int N>
  static void philox10(vi (&c)[N], const vi* keys) {
    const vi multipliers = set4(philox_m0, 0, philox_m1, 0);
    WEIGHTINIT_UNROLL
    for (int r = 0; r < 10; ++r) {
      WEIGHTINIT_UNROLL
      for (int q = 0; q < N; ++q) {
        const vi products = _mm256_shuffle_epi32(_mm256_mul_epu32(c[q], multipliers), 0x1B);
        c[q] = _mm256_xor_si256(_mm256_xor_si256(products, _mm256_srli_epi64(c[q], 32)), keys[r]);
      }
    }
  }
  static vi first_counters(std::uint64_t b) {
    return _mm256_setr_epi64x(static_cast<long long>(b), 0, static_cast<long long>(b + 1), 0);
  }
  static vi counter_step() { return _mm256_setr_epi64x(2, 0, 2, 0); }
  // The first retry blocks (lo, hi, 0, 1) of elements first + p[0], first + p[1].
  static vi retry_counters(std::uint64_t first, const std::uint32_t* p) {
    const __m128i index =
        _mm_add_epi64(_mm_cvtepu32_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))),
                      _mm_set1_epi64x(static_cast<long long>(first)));
    return _mm256_blend_epi32(_mm256_permute4x64_epi64(_mm256_castsi128_si256(index), 0x50),
                              _mm256_set1_epi64x(1ll << 32), 0xCC);
  }
  static vi add64(vi a, vi b) { return _mm256_add_epi64(a, b); }
  static vf even_words(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0x88); }
  static vf odd_words(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0xDD); }
  static vf interleave_low(vf a, vf b) { return _mm256_unpacklo_ps(a, b); }
  static vf interleave_high(vf a, vf b) { return _mm256_unpackhi_ps(a, b); }
  static vf low_pairs(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0x44); }   // a0 a1 b0 b1
  static vf high_pairs(vf a, vf b) { return _mm256_shuffle_ps(a, b, 0xEE); }  // a2 a3 b2 b3
  static vf load(const float* p) { return _mm256_loadu_ps(p); }
  // The low 16 bits of each lane (values below 2^16), packed.
  static void store_low_halves(std::uint16_t* p, vi a) {
    const vi packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, a), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(packed));
  }
  static void store_half(std::uint16_t* p, vf v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
  }
  // Lanes with !(lo <= v <= hi), as the bits of an integer.
  // Appends first + j for the lanes j with !(lo <= v <= hi); returns how many (branch-free:
  // rejections are unpredictable).
  static std::size_t append_outside(vf v, vf lo, vf hi, std::uint32_t first,
                                    std::uint32_t* positions) {
    const vf out =
        _mm256_or_ps(_mm256_cmp_ps(v, lo, _CMP_NGE_UQ), _mm256_cmp_ps(v, hi, _CMP_NLE_UQ));
    const unsigned bits = static_cast<unsigned>(_mm256_movemask_ps(out));
    std::size_t count = 0;
    for (unsigned j = 0; j < 8; ++j) {
      positions[count] = first + j;
      count += (bits >> j) & 1u;
    }
    return count;
  }
  static vi load_words(const std::uint32_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static void store(float* p, vf v) { _mm256_storeu_ps(p, v); }
  static void store(std::uint32_t* p, vi v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
  }

  // Double lanes (64-bit integer lanes in vi), for the float64 generator.
  using vd = __m256d;
  using mask64 = __m256i;
  static vi set1_64(std::uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
  static vd set1d(double x) { return _mm256_set1_pd(x); }
  static vi sub64(vi a, vi b) { return _mm256_sub_epi64(a, b); }
  static vi bit_or(vi a, vi b) { return _mm256_or_si256(a, b); }
  template <int n>
  static vi shift_right64(vi a) {
    return _mm256_srli_epi64(a, n);
  }
  template <int n>
  static vi shift_left64(vi a) {
    return _mm256_slli_epi64(a, n);
  }
  static mask64 greater64(vi a, vi b) { return _mm256_cmpgt_epi64(a, b); }  // signed
  static mask64 bit_set64(vi a, vi bit) { return _mm256_cmpeq_epi64(bit_and(a, bit), bit); }
  static mask64 greater_equal(vd a, vd b) {
    return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_GE_OQ));
  }
  static vi select64(mask64 m, vi a, vi b) { return _mm256_blendv_epi8(b, a, m); }
  static vd select(mask64 m, vd a, vd b) { return _mm256_blendv_pd(b, a, _mm256_castsi256_pd(m)); }
  static vd as_double(vi a) { return _mm256_castsi256_pd(a); }
  static vi as_int(vd a) { return _mm256_castpd_si256(a); }
  static vd add(vd a, vd b) { return _mm256_add_pd(a, b); }
  static vd sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
  static vd mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
  static vd div(vd a, vd b) { return _mm256_div_pd(a, b); }
  static vd sqrt(vd a) { return _mm256_sqrt_pd(a); }
  static vd interleave_low(vd a, vd b) { return _mm256_unpacklo_pd(a, b); }
  static vd interleave_high(vd a, vd b) { return _mm256_unpackhi_pd(a, b); }
  static vi load_words64(const std::uint64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static void store(double* p, vd v) { _mm256_storeu_pd(p, v); }
};

#include "weightinit/detail/simd_kernels.inc"
WEIGHTINIT_SIMD_ENTRY_POINTS
}  // namespace avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

// ---------------------------------------------------------------------------------------------
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,f16c"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,f16c")
#endif
namespace avx512 {
inline constexpr const char* name = "avx512";

/// AVX-512: 16 lanes, four Philox blocks per vector. Masks are mask registers.
struct isa {
  static constexpr int width = 16;
  static constexpr int steps_at_once = 4;  // Box-Muller steps interleaved (measured best)
  using vi = __m512i;
  using vf = __m512;
  using mask = __mmask16;
  // Zero-masking forms with all lanes on (the same instructions): GCC 12's unmasked forms
  // pass an "undefined" vector that trips -Wmaybe-uninitialized in users' builds.
  static constexpr __mmask16 all = 0xFFFF;
  static constexpr __mmask8 all_pairs = 0xFF;
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
    return _mm512_maskz_srli_epi32(all, a, n);
  }
  template <int n>
  static vi shift_left(vi a) {
    return _mm512_maskz_slli_epi32(all, a, n);
  }
  static vi shift_right(vi a, vi n) { return _mm512_maskz_srlv_epi32(all, a, n); }
  static vi shift_left(vi a, vi n) { return _mm512_maskz_sllv_epi32(all, a, n); }
  static vi max(vi a, vi b) { return _mm512_maskz_max_epi32(all, a, b); }
  static vi min(vi a, vi b) { return _mm512_maskz_min_epi32(all, a, b); }
  static mask greater(vi a, vi b) { return _mm512_cmpgt_epi32_mask(a, b); }
  static mask equal(vi a, vi b) { return _mm512_cmpeq_epi32_mask(a, b); }
  static mask greater_equal_unsigned(vi a, vi b) { return _mm512_cmpge_epu32_mask(a, b); }
  static mask bit_set(vi a, vi bit) { return _mm512_test_epi32_mask(a, bit); }
  static mask mask_xor(mask a, mask b) { return static_cast<mask>(a ^ b); }
  static mask inside(vf v, vf lo, vf hi) {
    return _mm512_mask_cmp_ps_mask(_mm512_cmp_ps_mask(v, lo, _CMP_GE_OQ), v, hi, _CMP_LE_OQ);
  }
  static unsigned lane_bits(mask m) { return m; }
  // Lane 4 j + q holds block 4 q + j (the retry kernel's order): back to block order.
  static vf to_block_order(vf v) {
    return _mm512_maskz_permutexvar_ps(
        all, _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), v);
  }
  static vi select(mask m, vi a, vi b) { return _mm512_mask_blend_epi32(m, b, a); }
  static vf select(mask m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); }
  static vi plus_one_where(mask m, vi a) { return _mm512_mask_add_epi32(a, m, a, set1(1)); }
  static vf to_float(vi a) { return _mm512_maskz_cvtepi32_ps(all, a); }
  static vf as_float(vi a) { return _mm512_castsi512_ps(a); }
  static vi as_int(vf a) { return _mm512_castps_si512(a); }
  static vf add(vf a, vf b) { return _mm512_add_ps(a, b); }
  static vf sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
  static vf mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
  static vf div(vf a, vf b) { return _mm512_div_ps(a, b); }
  static vf sqrt(vf a) { return _mm512_maskz_sqrt_ps(all, a); }
  static vf clamp(vf v, vf lo, vf hi) {
    return _mm512_maskz_min_ps(all, hi, _mm512_maskz_max_ps(all, lo, v));
  }
  // Philox round with three instructions: blocks are kept as (c2, c1, c0, c3), so the
  // products m1 c2 and m0 c0 land as (lo(m1 c2), hi(m1 c2), lo(m0 c0), hi(m0 c0)) next to c1
  // and c3; one masked ternary xor adds c1 ^ k0 and c3 ^ k1 to the odd words, giving
  // (c1', c0', c3', c2'), and one word rotation restores the layout ((c0', c1', c2', c3') after
  // the last round).
  static vi round_key(std::uint32_t k0, std::uint32_t k1) { return set4(0, k0, 0, k1); }
  template <int N>
  static void philox10(vi (&c)[N], const vi* keys) {
    const vi multipliers = set4(philox_m1, 0, philox_m0, 0);
    const auto half_round = [&](vi state, int r) {  // up to the rotation
      return _mm512_mask_ternarylogic_epi32(_mm512_maskz_mul_epu32(all_pairs, state, multipliers),
                                            0xAAAA, state, keys[r], 0x96);
    };
    WEIGHTINIT_UNROLL
    for (int q = 0; q < N; ++q) {
      c[q] =
          _mm512_maskz_shuffle_epi32(all, c[q], static_cast<_MM_PERM_ENUM>(0xC6));  // c2 c1 c0 c3
    }
    WEIGHTINIT_UNROLL
    for (int r = 0; r < 9; ++r) {
      WEIGHTINIT_UNROLL
      for (int q = 0; q < N; ++q) {
        c[q] =
            _mm512_maskz_shuffle_epi32(all, half_round(c[q], r), static_cast<_MM_PERM_ENUM>(0x93));
      }
    }
    WEIGHTINIT_UNROLL
    for (int q = 0; q < N; ++q) {
      c[q] = _mm512_maskz_shuffle_epi32(all, half_round(c[q], 9), static_cast<_MM_PERM_ENUM>(0xB1));
    }
  }
  static vi first_counters(std::uint64_t b) {
    const auto c = [b](std::uint64_t k) { return static_cast<long long>(b + k); };
    return _mm512_setr_epi64(c(0), 0, c(1), 0, c(2), 0, c(3), 0);
  }
  static vi counter_step() { return _mm512_setr_epi64(4, 0, 4, 0, 4, 0, 4, 0); }
  // The first retry blocks (lo, hi, 0, 1) of elements first + p[0], ..., first + p[3].
  static vi retry_counters(std::uint64_t first, const std::uint32_t* p) {
    const __m256i index = _mm256_add_epi64(
        _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
        _mm256_set1_epi64x(static_cast<long long>(first)));
    return _mm512_permutex2var_epi64(_mm512_castsi256_si512(index),
                                     _mm512_setr_epi64(0, 8, 1, 8, 2, 8, 3, 8),
                                     _mm512_set1_epi64(1ll << 32));
  }
  static vi add64(vi a, vi b) { return _mm512_add_epi64(a, b); }
  static vf even_words(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0x88); }
  static vf odd_words(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0xDD); }
  static vf interleave_low(vf a, vf b) { return _mm512_maskz_unpacklo_ps(all, a, b); }
  static vf interleave_high(vf a, vf b) { return _mm512_maskz_unpackhi_ps(all, a, b); }
  static vf low_pairs(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0x44); }
  static vf high_pairs(vf a, vf b) { return _mm512_shuffle_ps(a, b, 0xEE); }
  static vf load(const float* p) { return _mm512_loadu_ps(p); }
  static void store_low_halves(std::uint16_t* p, vi a) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_maskz_cvtepi32_epi16(all, a));
  }
  static void store_half(std::uint16_t* p, vf v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm512_maskz_cvtps_ph(all, v, _MM_FROUND_TO_NEAREST_INT));
  }
  static std::size_t append_outside(vf v, vf lo, vf hi, std::uint32_t first,
                                    std::uint32_t* positions) {
    const __mmask16 out =
        _mm512_cmp_ps_mask(v, lo, _CMP_NGE_UQ) | _mm512_cmp_ps_mask(v, hi, _CMP_NLE_UQ);
    const vi index = _mm512_add_epi32(
        set1(first), _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    // Compress in a register, then store all 16 lanes (the caller leaves room): a masked
    // compress to memory is microcoded and slow on some processors (AMD Zen 4).
    _mm512_storeu_si512(positions, _mm512_maskz_compress_epi32(out, index));
    return static_cast<std::size_t>(__builtin_popcount(out));
  }
  static vi load_words(const std::uint32_t* p) { return _mm512_loadu_si512(p); }
  static void store(float* p, vf v) { _mm512_storeu_ps(p, v); }
  static void store(std::uint32_t* p, vi v) { _mm512_storeu_si512(p, v); }

  // Double lanes (64-bit integer lanes in vi), for the float64 generator.
  using vd = __m512d;
  using mask64 = __mmask8;
  static vi set1_64(std::uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
  static vd set1d(double x) { return _mm512_set1_pd(x); }
  static vi sub64(vi a, vi b) { return _mm512_sub_epi64(a, b); }
  static vi bit_or(vi a, vi b) { return _mm512_or_si512(a, b); }
  template <int n>
  static vi shift_right64(vi a) {
    return _mm512_maskz_srli_epi64(all_pairs, a, n);
  }
  template <int n>
  static vi shift_left64(vi a) {
    return _mm512_maskz_slli_epi64(all_pairs, a, n);
  }
  static mask64 greater64(vi a, vi b) { return _mm512_cmpgt_epi64_mask(a, b); }
  static mask64 mask64_xor(mask64 a, mask64 b) { return static_cast<mask64>(a ^ b); }
  static mask64 bit_set64(vi a, vi bit) { return _mm512_test_epi64_mask(a, bit); }
  static mask64 greater_equal(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GE_OQ); }
  static vi select64(mask64 m, vi a, vi b) { return _mm512_mask_blend_epi64(m, b, a); }
  static vd select(mask64 m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }
  static vd as_double(vi a) { return _mm512_castsi512_pd(a); }
  static vi as_int(vd a) { return _mm512_castpd_si512(a); }
  static vd add(vd a, vd b) { return _mm512_add_pd(a, b); }
  static vd sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
  static vd mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
  static vd div(vd a, vd b) { return _mm512_div_pd(a, b); }
  static vd sqrt(vd a) { return _mm512_maskz_sqrt_pd(all_pairs, a); }
  static vd interleave_low(vd a, vd b) { return _mm512_maskz_unpacklo_pd(all_pairs, a, b); }
  static vd interleave_high(vd a, vd b) { return _mm512_maskz_unpackhi_pd(all_pairs, a, b); }
  static vi load_words64(const std::uint64_t* p) { return _mm512_loadu_si512(p); }
  static void store(double* p, vd v) { _mm512_storeu_pd(p, v); }
};

#include "weightinit/detail/simd_kernels.inc"
WEIGHTINIT_SIMD_ENTRY_POINTS
}  // namespace avx512
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#undef WEIGHTINIT_SIMD_ENTRY_POINTS
#undef WEIGHTINIT_UNROLL

/// The kernels of an instruction set if this processor runs it ("avx512", "avx2"), else null.
inline const kernels* kernels_named(const char* name) {
  const std::string_view n(name);
  if (n == "avx512" && cpu::runs(cpu::vector_level::avx512)) return &avx512::table;
  if (n == "avx2" && cpu::runs(cpu::vector_level::avx2)) return &avx2::table;
  return nullptr;
}

/// The best kernels this processor runs, or null (then the scalar code runs).
inline const kernels* best_kernels() {
  static const kernels* const best = [] {
    switch (cpu::best()) {
      case cpu::vector_level::avx512:
        return &avx512::table;
      case cpu::vector_level::avx2:
        return &avx2::table;
      default:
        return static_cast<const kernels*>(nullptr);
    }
  }();
  return best;
}

#else

inline const kernels* kernels_named(const char*) { return nullptr; }
inline const kernels* best_kernels() { return nullptr; }

#endif  // WEIGHTINIT_SIMD

}  // namespace weightinit::detail::simd
WEIGHTINIT_EXACT_MATH_END

#endif  // WEIGHTINIT_DETAIL_SIMD_HPP_
