// Test-only helpers for samples of any scalar type: conversion to double and the floating
// format that the rounded KS test needs.
#ifndef WEIGHTINIT_TESTS_SUPPORT_SAMPLES_HPP_
#define WEIGHTINIT_TESTS_SUPPORT_SAMPLES_HPP_

#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "support/stats.hpp"

namespace weightinit::test {

template <class T>
double to_double(T v) {
  return static_cast<double>(v);
}

template <class T>
std::vector<double> to_doubles(const std::vector<T>& v) {
  std::vector<double> out;
  out.reserve(v.size());
  for (const T& x : v) out.push_back(to_double(x));
  return out;
}

template <class T>
constexpr bool is_half_v = std::is_same_v<T, Eigen::half> || std::is_same_v<T, Eigen::bfloat16>;

/// The binary format of T, for ks_test_rounded and rounding intervals.
template <class T>
float_format format_of() {
  if constexpr (std::is_same_v<T, Eigen::half>) {
    return float16_format;
  } else if constexpr (std::is_same_v<T, Eigen::bfloat16>) {
    return bfloat16_format;
  } else if constexpr (std::is_same_v<T, float>) {
    return float32_format;
  } else {
    return float64_format;
  }
}

}  // namespace weightinit::test

#endif  // WEIGHTINIT_TESTS_SUPPORT_SAMPLES_HPP_
