// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/exact_math.hpp: a region in which the compiler may not fuse a * b + c
// into a fused multiply-add.
//
// Why: contraction changes the last bit of results, and the default generator's values are a
// published contract, equal on every compiler and instruction set. GCC contracts across
// statements by default in GNU mode (-ffp-contract=fast) and Clang within expressions, as soon
// as the target has FMA (-march=native, x86-64-v3). The CMake target passes -ffp-contract=off;
// these pragmas keep the value code exact for users who include the headers without it.
#ifndef WEIGHTINIT_DETAIL_EXACT_MATH_HPP_
#define WEIGHTINIT_DETAIL_EXACT_MATH_HPP_

#include <cfloat>

#if defined(__FAST_MATH__)
#error \
    "weightinit: -ffast-math changes floating-point results; the value contract needs IEEE arithmetic"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "weightinit: needs FLT_EVAL_METHOD == 0 (SSE2 or better, not x87)"
#endif

#if defined(__clang__)
#define WEIGHTINIT_EXACT_MATH_BEGIN _Pragma("float_control(push)") _Pragma("clang fp contract(off)")
#define WEIGHTINIT_EXACT_MATH_END _Pragma("float_control(pop)")
#elif defined(__GNUC__)
#define WEIGHTINIT_EXACT_MATH_BEGIN \
  _Pragma("GCC push_options") _Pragma("GCC optimize(\"fp-contract=off\")")
#define WEIGHTINIT_EXACT_MATH_END _Pragma("GCC pop_options")
#else  // MSVC contracts only under /fp:contract or /fp:fast
#define WEIGHTINIT_EXACT_MATH_BEGIN
#define WEIGHTINIT_EXACT_MATH_END
#endif

#endif  // WEIGHTINIT_DETAIL_EXACT_MATH_HPP_
