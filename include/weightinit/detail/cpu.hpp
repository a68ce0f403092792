// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/cpu.hpp: which vector instruction sets the library's kernels may use, for
// both users of run-time dispatch (the generator's kernels in simd.hpp, the Householder strip
// kernels in householder.hpp).
//
// On x86-64 (and x86) with GCC or Clang, kernels for AVX2 and AVX-512 are compiled into every
// build, each in its own target region, and the best set the processor runs is chosen on first
// use: a plain -O2 build is fast on a modern machine. Every set computes the same IEEE
// operations in the same order, so the choice never changes a value. Define
// WEIGHTINIT_NO_SIMD to compile the portable code only.
#ifndef WEIGHTINIT_DETAIL_CPU_HPP_
#define WEIGHTINIT_DETAIL_CPU_HPP_

#include <initializer_list>

#if !defined(WEIGHTINIT_NO_SIMD) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
#define WEIGHTINIT_SIMD 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define WEIGHTINIT_SIMD 0
#endif

// Kernels keep arrays of vectors in registers only when their building blocks are inlined
// (otherwise they live in memory and the kernels run at half speed, also at -O2).
#if defined(__GNUC__) || defined(__clang__)
#define WEIGHTINIT_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define WEIGHTINIT_ALWAYS_INLINE inline
#endif

namespace weightinit::detail::cpu {

/// Vector instruction sets, narrowest first.
enum class vector_level { none = 0, avx2 = 1, avx512 = 2 };

#if WEIGHTINIT_SIMD
/// F16C (the half conversions), from CPUID leaf 1 (Clang 14 has no "f16c" for
/// __builtin_cpu_supports).
inline bool has_f16c() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_F16C) != 0;
}

/// Whether this processor runs the kernels of `level`: AVX-512 (F) or AVX2, each with F16C
/// (every processor with AVX2 has it).
inline bool runs(vector_level level) {
  __builtin_cpu_init();
  switch (level) {
    case vector_level::avx512:
      return __builtin_cpu_supports("avx512f") && has_f16c();
    case vector_level::avx2:
      return __builtin_cpu_supports("avx2") && has_f16c();
    default:
      return true;
  }
}
#else
inline bool runs(vector_level level) { return level == vector_level::none; }
#endif

/// The widest level this processor runs, at most `cap`.
inline vector_level best(vector_level cap = vector_level::avx512) {
  for (vector_level level : {vector_level::avx512, vector_level::avx2}) {
    if (level <= cap && runs(level)) return level;
  }
  return vector_level::none;
}

}  // namespace weightinit::detail::cpu

#endif  // WEIGHTINIT_DETAIL_CPU_HPP_
