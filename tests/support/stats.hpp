// Test-only statistics support for weightinit's tests.
//
// Header-only, standard library only. Everything here exists so that tests of
// the initializers can check *distributions* (KS tests, moments with
// principled tolerances) instead of eyeballed magic numbers.  Nothing in this
// header is part of the library's public API.
//
// Numerical notes and references are given next to each function.  The
// expected values in tests/stats_support_test.cpp were derived independently
// with scipy 1.10 (and, where scipy itself is not accurate enough, a 80-digit
// Python `decimal` computation).
#ifndef WEIGHTINIT_TESTS_SUPPORT_STATS_HPP
#define WEIGHTINIT_TESTS_SUPPORT_STATS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <type_traits>
#include <vector>

// Everything here relies on IEEE semantics (NaN/inf propagation, exact
// rounding-edge arithmetic, erfc/expm1/log1p accuracy).
#if defined(__FAST_MATH__)
#error "tests/support/stats.hpp must not be compiled with -ffast-math"
#endif

namespace weightinit::test {

namespace detail {

inline constexpr double sqrt1_2 = 0.70710678118654752440084436210484903;       // 1/sqrt(2)
inline constexpr double inv_sqrt_2pi = 0.39894228040143267793994605993438187;  // 1/sqrt(2*pi)
inline constexpr double log_sqrt_2pi = 0.91893853320467274178032973640561764;  // log(sqrt(2*pi))
inline constexpr double sqrt_2pi = 2.50662827463100050241576528481104525;      // sqrt(2*pi)
inline constexpr double pi = 3.14159265358979323846264338327950288;
inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Below this point the Mills ratio is computed as erfc/pdf; above it by
// Laplace's continued fraction, which needs <= 60 terms for full double
// precision at x = 3 (fewer for larger x; checked against an 80-digit
// reference).
inline constexpr double mills_cf_threshold = 3.0;
inline constexpr int mills_cf_depth = 80;

// c(x) = 1/R(x) - x for x >= mills_cf_threshold, where R is the Mills ratio.
// Laplace's continued fraction (Abramowitz & Stegun 26.2.14):
//   R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))),
// so 1/R(x) - x = 1/(x + 2/(x + 3/(x + ...))) is obtained *without* the
// cancellation of computing 1/R(x) and subtracting x.  Evaluated backward with
// a fixed depth (stable: all partial denominators are positive).
inline double mills_cf_tail(double x) {
  double t = x;
  for (int k = mills_cf_depth; k >= 2; --k) {
    t = x + static_cast<double>(k) / t;
  }
  return 1.0 / t;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Standard normal distribution
// ---------------------------------------------------------------------------

// Density phi(x).  x*x is split exactly as hi + lo (lo = fma(x, x, -hi)):
// the rounding error of x*x alone would cost a relative error ~x^2 * 1e-16
// in exp(-x^2/2) (~1e-13 at x = 30); this way phi is accurate to a few ulp
// for every x (it underflows to 0 beyond |x| ~ 38.6).
inline double normal_pdf(double x) {
  const double hi = x * x;
  const double lo = std::fma(x, x, -hi);
  return detail::inv_sqrt_2pi * std::exp(-0.5 * hi) * std::exp(-0.5 * lo);
}

namespace detail {
// Mills ratio for x >= mills_cf_threshold by the continued fraction.
inline double mills_ratio_cf(double x) { return 1.0 / (x + mills_cf_tail(x)); }
}  // namespace detail

// Phi(x).  For x > -3 via erfc rather than 0.5*(1+erf), since erfc keeps full
// relative accuracy; for x <= -3 as phi(x) * R(-x) (Mills ratio by continued
// fraction, see below), because erfc(-x/sqrt 2) inherits a relative error
// ~x^2 * 1e-16 from rounding the argument x/sqrt 2.  Few-ulp accurate
// everywhere (Phi(-30) ~ 4.9e-198 included).  Underflows (to 0) only below
// x ~ -38.5; use log_normal_cdf beyond that.
inline double normal_cdf(double x) {
  if (x <= -detail::mills_cf_threshold) {
    if (x == -detail::inf) return 0.0;
    return normal_pdf(x) * detail::mills_ratio_cf(-x);
  }
  return 0.5 * std::erfc(-x * detail::sqrt1_2);
}

// Survival function Phi_bar(x) = 1 - Phi(x) = Phi(-x), accurate in the upper tail.
inline double normal_sf(double x) { return normal_cdf(-x); }

// Mills ratio R(x) = Phi_bar(x) / phi(x), for x >= 0 (any x where it does not
// overflow, i.e. x > -37).  R(+inf) = 0.  For x >= 3 uses Laplace's continued
// fraction (see detail::mills_cf_tail), which never underflows: this is what
// makes the far-tail functions below work for arbitrarily large |x|.
inline double normal_mills_ratio(double x) {
  if (std::isnan(x)) return x;
  if (x == detail::inf) return 0.0;
  if (x < detail::mills_cf_threshold) return 0.5 * std::erfc(x * detail::sqrt1_2) / normal_pdf(x);
  return detail::mills_ratio_cf(x);
}

// log Phi_bar(x), finite for every finite x.  For x >= 3 it is
// log R(x) - x^2/2 - log sqrt(2 pi) (no underflow; erfc itself underflows for
// x >~ 38), with x^2 split exactly as for normal_pdf.  For x < -1,
// log1p(-Phi(x)) keeps the tiny value accurate.
inline double log_normal_sf(double x) {
  if (std::isnan(x)) return x;
  if (x == detail::inf) return -detail::inf;
  if (x >= detail::mills_cf_threshold) {
    const double hi = x * x;
    const double lo = std::fma(x, x, -hi);
    return std::log(detail::mills_ratio_cf(x)) - detail::log_sqrt_2pi - 0.5 * lo - 0.5 * hi;
  }
  if (x < -1.0) return std::log1p(-normal_cdf(x));
  return std::log(normal_sf(x));
}

// log Phi(x) = log Phi_bar(-x).
inline double log_normal_cdf(double x) { return log_normal_sf(-x); }

// Inverse of Phi (quantile function) for p in (0, 1).
// P. J. Acklam's rational approximation (2003, relative error < 1.15e-9)
// followed by one Halley step x -= u / (1 + x u / 2), u = (Phi(x) - p)/phi(x),
// which brings it to (near) full double precision.  Accurate for
// p >= ~1e-300 (below that phi(x) underflows and the refinement is skipped).
// Antisymmetry Phi^-1(p) = -Phi^-1(1-p) is used for p > 1/2 (1-p is exact
// there), so the computation always happens in the lower half.
inline double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return detail::nan;
  if (p == 0.0) return -detail::inf;
  if (p == 1.0) return detail::inf;
  if (p > 0.5) return -normal_quantile(1.0 - p);

  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;

  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  // One Halley step (Acklam's refinement).
  const double pdf = normal_pdf(x);
  if (pdf > 0.0) {
    const double u = (normal_cdf(x) - p) / pdf;
    x = x - u / (1.0 + 0.5 * x * u);
  }
  return x;
}

// Inverse survival function: the x with Phi_bar(x) = q.  Accurate for tiny q.
inline double normal_isf(double q) { return -normal_quantile(q); }

// ---------------------------------------------------------------------------
// Uniform distribution
// ---------------------------------------------------------------------------

// CDF of U(lo, hi).  NaN unless lo < hi.
inline double uniform_cdf(double x, double lo, double hi) {
  if (!(lo < hi) || std::isnan(x)) return detail::nan;
  if (x <= lo) return 0.0;
  if (x >= hi) return 1.0;
  return (x - lo) / (hi - lo);
}

// ---------------------------------------------------------------------------
// Truncated normal distribution
// ---------------------------------------------------------------------------
//
// N(mean, stddev^2) conditioned on [lo, hi]; lo may be -inf and hi +inf.
// Work in standard units alpha = (lo-mean)/stddev, beta = (hi-mean)/stddev.
//
// Why not just (Phi(z)-Phi(alpha))/(Phi(beta)-Phi(alpha))?  On a far-tail
// interval such as [8, 9] both Phi values round to 1 (Phi_bar(8) ~ 6e-16), and
// on [-40, -39] they underflow to 0: the naive formula returns 0/0.
// Instead, when the whole interval lies on one side of the mean, we express
// everything through ratios of the *small* side, Phi_bar(t)/Phi_bar(s) for
// 0 <= s <= t, computed in log space as
//   log(Phi_bar(t)/Phi_bar(s)) = -(t-s)(t+s)/2 + log(R(t)/R(s))
// with R the Mills ratio (never underflows).  Writing t^2-s^2 as (t-s)(t+s)
// keeps it accurate when t ~ s, and expm1 keeps 1 - ratio accurate.
// (scipy's truncnorm likewise works in log space.)
//
// Supported range: any alpha, beta (infinite bounds included); only overflow
// of (t-s)*(t+s) near |t| ~ 1e154 limits it.  Measured relative accuracy of
// the CDF against 80-digit references: <= 4e-15 on [8, 9], [35, 36],
// [-40, -39], [100, 101] and one-sided tails, where erfc alone underflows
// beyond |x| ~ 38.  Intervals straddling the mean use erf differences, whose
// total mass is not tiny unless the interval is; very narrow intervals
// (width w) lose relative accuracy ~1e-16/w in the CDF.

namespace detail {

// log(Phi_bar(t) / Phi_bar(s)) for 0 <= s <= t (t may be +inf).
inline double log_sf_ratio(double t, double s) {
  if (t == inf) return -inf;
  return -0.5 * (t - s) * (t + s) + std::log(normal_mills_ratio(t) / normal_mills_ratio(s));
}

// P(X <= z | alpha <= X <= beta) for X standard normal and 0 <= alpha <= z <= beta.
inline double tn_cdf_upper_tail(double z, double alpha, double beta) {
  // (Phi_bar(alpha) - Phi_bar(z)) / (Phi_bar(alpha) - Phi_bar(beta))
  return std::expm1(log_sf_ratio(z, alpha)) / std::expm1(log_sf_ratio(beta, alpha));
}

// Standardized truncated normal moments for 0 <= alpha < beta <= +inf.
// a = phi(alpha)/Z, b = phi(beta)/Z, Z = Phi_bar(alpha) - Phi_bar(beta):
//   a = 1/(R(alpha) D) with D = 1 - Phi_bar(beta)/Phi_bar(alpha),
//   b = a * phi(beta)/phi(alpha).
// mean m = a - b; variance 1 + alpha a - beta b - m^2 rewritten as
//   1 - m (m - alpha) - (beta - alpha) b,
// with m - alpha = (c + alpha E)/D - b, E = 1 - D, c = 1/R(alpha) - alpha
// taken from the continued fraction (no cancellation).  The remaining
// cancellation in 1 - m(m-alpha) costs a relative error ~1e-16 * alpha^2 in
// the variance (e.g. ~2e-13 at alpha = 40).
struct std_moments {
  double mean;
  double variance;
};

inline std_moments tn_moments_upper_tail(double alpha, double beta) {
  const double log_e = log_sf_ratio(beta, alpha);  // log(Phi_bar(beta)/Phi_bar(alpha))
  const double e = std::exp(log_e);
  const double dd = -std::expm1(log_e);
  const double c =
      alpha < mills_cf_threshold ? 1.0 / normal_mills_ratio(alpha) - alpha : mills_cf_tail(alpha);
  const double a = (alpha + c) / dd;
  const double b = beta == inf ? 0.0 : a * std::exp(-0.5 * (beta - alpha) * (beta + alpha));
  const double m_minus_alpha = (c + alpha * e) / dd - b;
  const double m = alpha + m_minus_alpha;
  const double wb = beta == inf ? 0.0 : (beta - alpha) * b;
  return {m, 1.0 - m * m_minus_alpha - wb};
}

inline std_moments tn_moments_closed_form(double alpha, double beta) {
  if (alpha >= 0.0) return tn_moments_upper_tail(alpha, beta);
  if (beta <= 0.0) {  // mirror image of an upper-tail interval
    const std_moments r = tn_moments_upper_tail(-beta, -alpha);
    return {-r.mean, r.variance};
  }
  // Straddles the mean: Z >= min(Phi(beta)-1/2, 1/2-Phi(alpha)) is not tiny
  // unless the interval itself is tiny; direct formulas (e.g. Johnson, Kotz
  // & Balakrishnan, Continuous Univariate Distributions vol. 1, ch. 13).
  const double z = 0.5 * (std::erf(beta * sqrt1_2) - std::erf(alpha * sqrt1_2));
  const double a = alpha == -inf ? 0.0 : normal_pdf(alpha) / z;
  const double b = beta == inf ? 0.0 : normal_pdf(beta) / z;
  const double m = a - b;
  const double alpha_a = alpha == -inf ? 0.0 : alpha * a;
  const double beta_b = beta == inf ? 0.0 : beta * b;
  return {m, 1.0 + alpha_a - beta_b - m * m};
}

// Standardized mean, variance and 4th central moment by composite Simpson
// quadrature of the unnormalized density exp(-(x^2 - x0^2)/2), x0 = the
// point of [alpha, beta] closest to 0 (so the integrand is <= 1 and never
// underflows), over [alpha, beta] clipped to where it exceeds e^-70.  The
// density varies on a scale 1/(1 + |x0|), so the panel width is kept below
// 1/(400 (1 + |x0|)) (>= 4000 panels; at most ~60000 thanks to the
// clipping).  Central moments are taken about the numerically computed mean,
// in coordinates relative to the left end, so nothing cancels.  Checked
// against 80-digit references: stddev to ~1e-12 relative or better.
struct std_moments4 {
  double mean;
  double variance;
  double central4;
};

inline std_moments4 tn_moments_quadrature(double alpha, double beta) {
  const double x0 = alpha > 0.0 ? alpha : (beta < 0.0 ? beta : 0.0);
  const double reach = std::sqrt(x0 * x0 + 140.0);  // (x^2 - x0^2)/2 <= 70
  alpha = std::max(alpha, -reach);
  beta = std::min(beta, reach);
  const int panels =
      2 *
      static_cast<int>(std::ceil(std::max(2000.0, 200.0 * (beta - alpha) * (1.0 + std::fabs(x0)))));
  const double h = (beta - alpha) / panels;
  const auto weight = [panels](int i) {
    return (i == 0 || i == panels) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
  };
  const auto density = [x0](double x) { return std::exp(-0.5 * (x - x0) * (x + x0)); };
  double m0 = 0.0, m1 = 0.0;
  for (int i = 0; i <= panels; ++i) {
    const double y = static_cast<double>(i) * h;  // offset from alpha
    const double w = weight(i) * density(alpha + y);
    m0 += w;
    m1 += w * y;
  }
  const double mu = m1 / m0;  // mean, as offset from alpha
  double c2 = 0.0, c4 = 0.0;
  for (int i = 0; i <= panels; ++i) {
    const double y = static_cast<double>(i) * h;
    const double w = weight(i) * density(alpha + y);
    const double dy2 = (y - mu) * (y - mu);
    c2 += w * dy2;
    c4 += w * dy2 * dy2;
  }
  return {alpha + mu, c2 / m0, c4 / m0};
}

// Intervals narrower than this (in standard units) use the quadrature for
// mean and variance: there the closed form's variance (~w^2/12) is a
// difference of O(1 + x0^2) terms and loses ~log10(1/w^2) digits (1e-3
// relative at w = 1e-4), while the quadrature stays at ~1e-12.
inline constexpr double tn_narrow_width = 0.5;

inline std_moments tn_moments_standard(double alpha, double beta) {
  if (beta - alpha < tn_narrow_width) {
    const std_moments4 q = tn_moments_quadrature(alpha, beta);
    return {q.mean, q.variance};
  }
  return tn_moments_closed_form(alpha, beta);
}

}  // namespace detail

// CDF of N(mean, stddev^2) truncated to [lo, hi].  NaN for invalid parameters.
inline double truncated_normal_cdf(double x, double mean, double stddev, double lo, double hi) {
  if (!(stddev > 0.0) || !(lo < hi) || std::isnan(x) || std::isnan(mean)) return detail::nan;
  if (x <= lo) return 0.0;
  if (x >= hi) return 1.0;
  const double alpha = (lo - mean) / stddev;
  const double beta = (hi - mean) / stddev;
  const double z = std::clamp((x - mean) / stddev, alpha, beta);
  double f;
  if (alpha >= 0.0) {
    f = detail::tn_cdf_upper_tail(z, alpha, beta);
  } else if (beta <= 0.0) {
    // Mirror: with Y = -X on [-beta, -alpha], P(X <= z) = P(Y >= -z) =
    // (Phi_bar(-z) - Phi_bar(-alpha)) / (Phi_bar(-beta) - Phi_bar(-alpha)),
    // written with ratios relative to Phi_bar(-beta) (the largest of them).
    const double p = -z, a2 = -beta, b2 = -alpha;
    f = std::exp(detail::log_sf_ratio(p, a2)) * std::expm1(detail::log_sf_ratio(b2, p)) /
        std::expm1(detail::log_sf_ratio(b2, a2));
  } else {
    f = (std::erf(z * detail::sqrt1_2) - std::erf(alpha * detail::sqrt1_2)) /
        (std::erf(beta * detail::sqrt1_2) - std::erf(alpha * detail::sqrt1_2));
  }
  return std::clamp(f, 0.0, 1.0);
}

struct mean_stddev {
  double mean;
  double stddev;
};

// Exact mean and standard deviation of N(mean, stddev^2) truncated to [lo, hi]
// (standard formulas with phi and Phi, evaluated stably in the tails as
// described above; intervals narrower than 0.5 standard deviations by
// quadrature).  Accuracy against 80-digit references: ~1e-15 relative for
// intervals straddling the mean or near it; for an interval alpha standard
// deviations out the stddev's relative error grows like ~1e-16 * alpha^2
// (1e-14 at alpha = 8, 1e-13 at alpha = 100); for widths down to 1e-4 it is
// <= ~3e-11.
inline mean_stddev truncated_normal_moments(double mean, double stddev, double lo, double hi) {
  if (!(stddev > 0.0) || !(lo < hi) || std::isnan(mean)) return {detail::nan, detail::nan};
  const double alpha = (lo - mean) / stddev;
  const double beta = (hi - mean) / stddev;
  const detail::std_moments r = detail::tn_moments_standard(alpha, beta);
  return {mean + stddev * r.mean, stddev * std::sqrt(std::max(r.variance, 0.0))};
}

// Excess kurtosis of the truncated normal (location/scale invariant; mean and
// stddev are accepted only to match the other functions), for
// stddev_tolerance().  Computed by quadrature (detail::tn_moments_quadrature)
// because the closed-form raw-moment recursion cancels catastrophically in
// far tails; agrees with 80-digit references to ~1e-10 absolute.
// Reference values: 0 for the normal, -1.2 for a uniform (narrow interval),
// 6 for an exponential (one-sided far tail).
inline double truncated_normal_excess_kurtosis(double mean, double stddev, double lo, double hi) {
  if (!(stddev > 0.0) || !(lo < hi) || std::isnan(mean)) return detail::nan;
  const detail::std_moments4 q =
      detail::tn_moments_quadrature((lo - mean) / stddev, (hi - mean) / stddev);
  return q.central4 / (q.variance * q.variance) - 3.0;
}

// ---------------------------------------------------------------------------
// Sample moments
// ---------------------------------------------------------------------------

struct moments {
  double mean, stddev, min, max;
  std::size_t n;
};

// Mean, Bessel-corrected (n-1) sample standard deviation, min, max.
// Two-pass algorithm in long double (first the mean, then the sum of squared
// deviations), which avoids the cancellation of sum(x^2) - n*mean^2 (Chan,
// Golub & LeVeque, "Algorithms for computing the sample variance", 1983).
// Elements are converted with static_cast<double>, so Eigen::half /
// Eigen::bfloat16 / float all work.  Requires forward iterators.  Empty range:
// everything NaN; n == 1: stddev NaN.  Any NaN element makes mean, stddev,
// min and max NaN (so a test comparing them fails loudly).
template <class It>
moments compute_moments(It first, It last) {
  static_assert(std::is_base_of_v<std::forward_iterator_tag,
                                  typename std::iterator_traits<It>::iterator_category>,
                "compute_moments makes two passes: needs forward iterators");
  moments r{detail::nan, detail::nan, detail::nan, detail::nan, 0};
  long double sum = 0.0L;
  double lo = detail::inf, hi = -detail::inf;
  bool saw_nan = false;
  std::size_t n = 0;
  for (It it = first; it != last; ++it) {
    const double v = static_cast<double>(*it);
    if (std::isnan(v)) saw_nan = true;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += static_cast<long double>(v);
    ++n;
  }
  r.n = n;
  if (n == 0 || saw_nan) return r;
  const long double mean = sum / static_cast<long double>(n);
  long double ss = 0.0L;
  for (It it = first; it != last; ++it) {
    const long double dv = static_cast<long double>(static_cast<double>(*it)) - mean;
    ss += dv * dv;
  }
  r.mean = static_cast<double>(mean);
  r.min = lo;
  r.max = hi;
  if (n > 1) r.stddev = static_cast<double>(std::sqrt(ss / static_cast<long double>(n - 1)));
  return r;
}

// ---------------------------------------------------------------------------
// Tolerances for moment checks
// ---------------------------------------------------------------------------
//
// Instead of ad-hoc "EXPECT_NEAR(mean, 0, 0.01)", choose the tolerance so that
// a *correct* implementation fails with probability false_failure_prob (e.g.
// 1e-6): tolerance = z * standard_error with z = Phi_bar^-1(p/2) (two-sided).
// Relies on the CLT (n large, finite fourth moment), which holds for every
// initializer distribution.

// Two-sided z for a given false-failure probability: Phi_bar^-1(p/2).
inline double two_sided_z(double false_failure_prob) {
  return normal_isf(0.5 * false_failure_prob);
}

// |sample mean - mu| <= tolerance with probability 1 - false_failure_prob,
// since the sample mean has standard error sigma/sqrt(n).
inline double mean_tolerance(double sigma, std::size_t n, double false_failure_prob) {
  return two_sided_z(false_failure_prob) * sigma / std::sqrt(static_cast<double>(n));
}

// |sample stddev - sigma| <= tolerance with probability ~1 - false_failure_prob.
// The unbiased sample variance s^2 of iid data has
//   Var(s^2) = sigma^4 (kurtosis_excess/n + 2/(n-1))
// (standard result from E[(x-mu)^4] = (kurtosis_excess + 3) sigma^4), i.e.
// standard error ~ sigma^2 sqrt((kurtosis_excess + 2)/n) asymptotically; by
// the delta method s has standard error SE(s^2)/(2 sigma).
// kurtosis_excess: 0 normal, -1.2 uniform, truncated normal: see
// truncated_normal_excess_kurtosis (e.g. -0.634 on [-2, 2]).  Overstating it
// only loosens the tolerance.
inline double stddev_tolerance(double sigma, double kurtosis_excess, std::size_t n,
                               double false_failure_prob) {
  const double nd = static_cast<double>(n);
  const double var_s2 = kurtosis_excess / nd + 2.0 / (nd - 1.0);  // in units of sigma^4
  return two_sided_z(false_failure_prob) * 0.5 * sigma * std::sqrt(std::max(var_s2, 0.0));
}

// ---------------------------------------------------------------------------
// Kolmogorov-Smirnov test
// ---------------------------------------------------------------------------

struct ks_result {
  double statistic;  // D = sup_x |F_n(x) - F(x)|
  double p_value;    // asymptotic (Kolmogorov) p-value, see ks_p_value
};

// Kolmogorov distribution survival function
//   Q_KS(lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2).
// That series converges slowly for small lambda, so for lambda < 1.18 the
// equivalent Jacobi-theta form
//   Q_KS = 1 - sqrt(2 pi)/lambda sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2))
// is used (as in Numerical Recipes 3rd ed., sec. 6.14, KSdist).  Both agree
// with scipy.special.kolmogorov to ~1e-15.
inline double kolmogorov_sf(double lambda) {
  if (std::isnan(lambda)) return lambda;
  if (lambda <= 0.0) return 1.0;
  if (lambda < 1.18) {
    const double f = -detail::pi * detail::pi / (8.0 * lambda * lambda);
    double s = 0.0;
    for (int k = 1; k <= 20; ++k) {
      const double j = 2.0 * k - 1.0;
      const double term = std::exp(f * j * j);
      s += term;
      if (term < 1e-18 * s) break;
    }
    return std::clamp(1.0 - detail::sqrt_2pi / lambda * s, 0.0, 1.0);
  }
  const double f = -2.0 * lambda * lambda;
  double s = 0.0;
  for (int k = 1; k <= 20; ++k) {
    const double term = std::exp(f * k * k);
    s += (k % 2 == 1) ? term : -term;
    if (term < 1e-18 * s) break;
  }
  return std::clamp(2.0 * s, 0.0, 1.0);
}

// p-value of the one-sample KS statistic D for sample size n, using
// Stephens' finite-n correction (M. A. Stephens, J. R. Stat. Soc. B 32, 1970)
// lambda = (sqrt(n) + 0.12 + 0.11/sqrt(n)) D
// as in Numerical Recipes (3rd ed., sec. 14.3, ksone).  Against the exact
// finite-n distribution (scipy.stats.kstwo.sf)
// the relative error for p in [1e-5, 0.5] is below 3% for n >= 1000 and below
// 0.4% for n >= 1e5 -- ample for our "p > 1e-4 with n >= 1e5" criterion.
inline double ks_p_value(double d, std::size_t n) {
  const double sn = std::sqrt(static_cast<double>(n));
  return kolmogorov_sf((sn + 0.12 + 0.11 / sn) * d);
}

namespace detail {
template <class It>
bool sorted_sample(It first, It last, std::vector<double>& xs) {
  for (It it = first; it != last; ++it) {
    const double v = static_cast<double>(*it);
    if (std::isnan(v)) return false;
    xs.push_back(v);
  }
  std::sort(xs.begin(), xs.end());
  return true;
}
inline ks_result ks_failure() { return {nan, 0.0}; }
}  // namespace detail

// One-sample KS test of [first, last) against a *continuous* CDF (callable
// double -> double).  Sorts a copy; D = max(D+, D-) with
//   D+ = max_i (i/n - F(x_(i))),  D- = max_i (F(x_(i)) - (i-1)/n),
// which is sup |F_n - F| also when the sample has ties.
//
// Discreteness caveat: samples of float, half or bfloat16 (upcast to double)
// come from a DISCRETE distribution -- the continuous one rounded to the
// representable values -- while this test compares with the continuous CDF.
// Rounding moves each value by at most half a spacing, so D is biased by up
// to ~ the CDF's change across half a rounding step, roughly
// sup_x |x f(x)| * 2^-digits: for float32 (24 bits) ~1e-8 for a normal,
// utterly negligible against the KS resolution ~1/sqrt(n) (1e-3.5 at
// n = 1e7).  For bfloat16 (8 bits) it is ~1e-3 and for half (11 bits) ~1e-4,
// comparable to D at n ~ 1e6: use ks_test_discrete / ks_test_rounded there.
//
// Returns {NaN, 0} (a failing result) if any sample or CDF value is NaN;
// {NaN, NaN} for an empty range.
template <class It, class Cdf>
ks_result ks_test(It first, It last, Cdf cdf) {
  std::vector<double> xs;
  if (!detail::sorted_sample(first, last, xs)) return detail::ks_failure();
  if (xs.empty()) return {detail::nan, detail::nan};
  const std::size_t n = xs.size();
  const double nd = static_cast<double>(n);
  double d = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double f = static_cast<double>(cdf(xs[i]));
    if (std::isnan(f)) return detail::ks_failure();
    d = std::max({d, static_cast<double>(i + 1) / nd - f, f - static_cast<double>(i) / nd});
  }
  return {d, ks_p_value(d, n)};
}

// KS test against the DISCRETE distribution obtained by rounding a continuous
// distribution (CDF `cdf`) to representable values.  lo_edge(v) / hi_edge(v)
// give the rounding interval of representable value v: every x in
// [lo_edge(v), hi_edge(v)) rounds to v (edges are measure-zero for a
// continuous cdf, so it does not matter which side ties go to).  The
// intervals of consecutive representable values must be adjacent, and every
// sample must be a representable value.
//
// The rounded distribution has P(V <= v) = cdf(hi_edge(v)) and
// P(V < v) = cdf(lo_edge(v)).  Both F_n and this CDF are step functions that
// jump only at representable values, so the supremum of |F_n - F| is attained
// at a distinct sample value v, either at v itself or just below it:
//   D = max_v max(|F_n(v) - cdf(hi_edge(v))|, |F_n(v-) - cdf(lo_edge(v))|).
// The p-value uses the same Kolmogorov asymptotics as ks_test; for a
// discrete null distribution this is CONSERVATIVE (the true p-value is
// smaller: D is stochastically smaller than in the continuous case; Noether
// 1963, Conover 1972), so it never causes false failures, at the price of
// some power -- negligible when there are many atoms.
template <class It, class Cdf, class LoEdge, class HiEdge>
ks_result ks_test_discrete(It first, It last, Cdf cdf, LoEdge lo_edge, HiEdge hi_edge) {
  std::vector<double> xs;
  if (!detail::sorted_sample(first, last, xs)) return detail::ks_failure();
  if (xs.empty()) return {detail::nan, detail::nan};
  const std::size_t n = xs.size();
  const double nd = static_cast<double>(n);
  double d = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && xs[j] == xs[i]) ++j;  // [i, j) hold the value v
    const double v = xs[i];
    const double below = static_cast<double>(cdf(static_cast<double>(lo_edge(v))));
    const double upto = static_cast<double>(cdf(static_cast<double>(hi_edge(v))));
    if (std::isnan(below) || std::isnan(upto)) return detail::ks_failure();
    d = std::max({d, std::fabs(static_cast<double>(i) / nd - below),
                  std::fabs(static_cast<double>(j) / nd - upto)});
    i = j;
  }
  return {d, ks_p_value(d, n)};
}

// The CDF of the rounded distribution evaluated at representable values:
// v -> cdf(hi_edge(v)).  (Only meaningful at representable v.)
template <class Cdf, class HiEdge>
auto rounded_cdf(Cdf cdf, HiEdge hi_edge) {
  return [cdf, hi_edge](double v) { return cdf(hi_edge(v)); };
}

// ---------------------------------------------------------------------------
// Binary floating-point formats (for ks_test_discrete)
// ---------------------------------------------------------------------------

// digits: significand bits including the implicit one (std::numeric_limits
// <T>::digits); min_exponent: as std::numeric_limits<T>::min_exponent, i.e.
// the smallest normal is 2^(min_exponent-1).  digits <= 52 so that rounding
// edges are exact doubles.
struct float_format {
  int digits;
  int min_exponent;
};
inline constexpr float_format float32_format{24, -125};
inline constexpr float_format float64_format{53, -1021};  // IEEE binary64
inline constexpr float_format float16_format{11, -13};    // IEEE binary16 (Eigen::half)
inline constexpr float_format bfloat16_format{8, -125};   // Eigen::bfloat16

struct rounding_interval {
  double lo, hi;
};

// Round-to-nearest interval of a representable finite value v of format f:
// v +- half the spacing to each neighbour (the spacing below a power of two
// is half the spacing above it; subnormals have constant spacing
// 2^(min_exponent - digits)).  Ignores overflow at the largest finite value.
inline rounding_interval binary_rounding_interval(double v, float_format f) {
  const double tiny = std::ldexp(1.0, f.min_exponent - f.digits);  // subnormal spacing
  if (v == 0.0) return {-0.5 * tiny, 0.5 * tiny};
  const double a = std::fabs(v);
  const int e = std::ilogb(a);    // a in [2^e, 2^(e+1))
  double up = tiny, down = tiny;  // spacing away from / towards zero
  if (e >= f.min_exponent - 1) {
    up = std::ldexp(1.0, e - f.digits + 1);
    down = (a == std::ldexp(1.0, e) && e > f.min_exponent - 1) ? 0.5 * up : up;
  }
  if (v > 0.0) return {v - 0.5 * down, v + 0.5 * up};
  return {v - 0.5 * up, v + 0.5 * down};
}

// Round x to the nearest value of format f (ties to even), ignoring overflow.
// Handy for building expected values / rounded reference samples.
inline double round_to_format(double x, float_format f) {
  if (x == 0.0 || !std::isfinite(x)) return x;
  const int e = std::max(std::ilogb(std::fabs(x)), f.min_exponent - 1);
  const int shift = f.digits - 1 - e;  // x * 2^shift has `digits` integer bits
  return std::ldexp(std::nearbyint(std::ldexp(x, shift)), -shift);
}

// KS test of samples stored in (or rounded to) format f against a continuous
// CDF, accounting for the rounding (see ks_test_discrete).
template <class It, class Cdf>
ks_result ks_test_rounded(It first, It last, Cdf cdf, float_format f) {
  return ks_test_discrete(
      first, last, cdf, [f](double v) { return binary_rounding_interval(v, f).lo; },
      [f](double v) { return binary_rounding_interval(v, f).hi; });
}

}  // namespace weightinit::test

#endif  // WEIGHTINIT_TESTS_SUPPORT_STATS_HPP
