// Tests of the test-only statistics support (tests/support/stats.hpp).
//
// Every expected value below was derived offline (never at test time) with
// scipy 1.10.1 / numpy 1.24 under /usr/bin/python3; the producing call is
// named next to each value.  Where scipy itself is not accurate enough (far
// tails of the truncated normal, where scipy's truncnorm is good only to
// ~1e-13 for the CDF and ~1e-8 for the moments), the value comes from an
// 80-digit Python `decimal` computation ("hp" below):
//   Q(x) = 1 - Phi(x) = phi(x) * R(x) with R(x) = 1/(x + 1/(x + 2/(x + ...)))
//   (20000 terms) for x >= 5, and by the Taylor series
//   Phi(x) = 1/2 + phi(x) sum x^(2n+1)/(2n+1)!! for x < 5;
//   truncnorm cdf = (Q(a) - Q(x)) / (Q(a) - Q(b)), Z = Q(a) - Q(b),
//   mean = (phi(a) - phi(b))/Z,  var = 1 + (a phi(a) - b phi(b))/Z - mean^2
// (lower tails by symmetry; "inf" replaced by b = 60 or 80, whose mass is
// beyond double precision).  hp agrees with scipy where scipy is accurate,
// and with an independent 600-digit Taylor-series evaluation on the [8, 9]
// and [-40, -39] cases.
#include "support/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace wt = weightinit::test;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

::testing::AssertionResult rel_near(double actual, double expected, double rel) {
  const double err = std::fabs(actual - expected);
  if (err <= rel * std::fabs(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "actual " << actual << " expected " << expected << " relative error "
         << err / std::fabs(expected) << " > " << rel;
}

#define EXPECT_REL(actual, expected, rel) EXPECT_TRUE(rel_near((actual), (expected), (rel)))

}  // namespace

// ---------------------------------------------------------------------------
// Normal distribution
// ---------------------------------------------------------------------------

TEST(NormalDistribution, CdfMatchesScipy) {
  struct Case {
    double x, cdf;
  };
  // scipy.stats.norm.cdf(x)
  const Case cases[] = {
      {-1.5, 0.06680720126885807}, {0.0, 0.5},
      {0.5, 0.6914624612740131},   {1.96, 0.9750021048517795},
      {5.0, 0.9999997133484281},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.x);
    EXPECT_REL(wt::normal_cdf(c.x), c.cdf, 1e-15);
  }
  // Lower tail: hp Q(-x) (80 digits).  scipy.stats.norm.cdf(x) is less
  // accurate here (it rounds x/sqrt 2 before erfc): it gives
  // 4.906713927147908e-198 (-5.7e-14), 7.61985302416047e-24 (-7e-15),
  // 2.866515718791933e-07 (-2e-15).
  EXPECT_REL(wt::normal_cdf(-30.0), 4.906713927148187e-198, 1e-15);
  EXPECT_REL(wt::normal_cdf(-10.0), 7.619853024160525e-24, 1e-15);
  EXPECT_REL(wt::normal_cdf(-5.0), 2.866515718791939e-07, 1e-15);
  // hp Q(8) (scipy.stats.norm.sf(8) = 6.22096057427174e-16, -7e-15);
  // scipy.stats.norm.sf(1.96)
  EXPECT_REL(wt::normal_sf(8.0), 6.220960574271784e-16, 1e-15);
  EXPECT_REL(wt::normal_sf(1.96), 0.024997895148220435, 1e-15);
  EXPECT_EQ(wt::normal_cdf(-inf), 0.0);
  EXPECT_EQ(wt::normal_cdf(inf), 1.0);
}

TEST(NormalDistribution, PdfMatchesScipy) {
  // scipy.stats.norm.pdf(x)
  EXPECT_REL(wt::normal_pdf(0.0), 0.3989422804014327, 1e-15);
  EXPECT_REL(wt::normal_pdf(1.0), 0.24197072451914337, 1e-15);
  EXPECT_REL(wt::normal_pdf(-2.5), 0.017528300493568537, 1e-15);
  EXPECT_REL(wt::normal_pdf(10.0), 7.69459862670642e-23, 1e-14);
  EXPECT_REL(wt::normal_pdf(37.0), 2.120006551524606e-298, 1e-13);
}

TEST(NormalDistribution, LogCdfAndSfInFarTails) {
  // scipy.special.log_ndtr(x)
  EXPECT_REL(wt::log_normal_cdf(-5.0), -15.064998393988727, 1e-15);
  EXPECT_REL(wt::log_normal_cdf(3.0), -0.001350809964748193, 1e-14);
  EXPECT_REL(wt::log_normal_cdf(-38.0), -726.5572160188201, 1e-15);
  EXPECT_REL(wt::log_normal_cdf(-40.0), -804.6084420137539, 1e-15);
  EXPECT_REL(wt::log_normal_cdf(-100.0), -5005.524208694205, 1e-15);
  EXPECT_REL(wt::log_normal_cdf(-1000.0), -500007.8266948122, 1e-15);
  EXPECT_REL(wt::log_normal_cdf(-1e4), -50000010.12927892, 1e-15);
  // log Phi_bar(x) = log_ndtr(-x)
  EXPECT_REL(wt::log_normal_sf(40.0), -804.6084420137539, 1e-15);
  EXPECT_REL(wt::log_normal_sf(-3.0), -0.001350809964748193, 1e-14);
  EXPECT_EQ(wt::log_normal_sf(inf), -inf);
}

TEST(NormalDistribution, MillsRatio) {
  // scipy.special.ndtr(-x) / scipy.stats.norm.pdf(x)  (both sides of the
  // erfc / continued-fraction switch at x = 3)
  EXPECT_REL(wt::normal_mills_ratio(0.0), 1.2533141373155001, 1e-15);
  EXPECT_REL(wt::normal_mills_ratio(1.0), 0.6556795424187986, 1e-15);
  EXPECT_REL(wt::normal_mills_ratio(2.9), 0.3134486582862317, 1e-14);
  EXPECT_REL(wt::normal_mills_ratio(3.1), 0.296191247991527, 1e-14);
  // hp: R(x) by an 80-digit continued fraction
  EXPECT_REL(wt::normal_mills_ratio(5.0), 0.19280810471531576, 1e-15);
  EXPECT_REL(wt::normal_mills_ratio(10.0), 0.09902859647173193, 1e-15);
  EXPECT_REL(wt::normal_mills_ratio(40.0), 0.02498440420572057, 1e-15);
  EXPECT_REL(wt::normal_mills_ratio(1000.0), 0.0009999990000029999, 1e-15);
  EXPECT_EQ(wt::normal_mills_ratio(inf), 0.0);
}

TEST(NormalDistribution, QuantileMatchesScipy) {
  struct Case {
    double p, x;
  };
  // scipy.stats.norm.ppf(p)
  const Case cases[] = {
      {1e-300, -37.0470962993612},   {1e-20, -9.262340089798409},    {1e-10, -6.361340902404056},
      {0.02425, -1.972961051311885}, {0.3, -0.5244005127080409},     {0.7, 0.5244005127080407},
      {0.975, 1.959963984540054},    {0.9999999, 5.199337582290661},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.p);
    EXPECT_REL(wt::normal_quantile(c.p), c.x, 1e-14);
  }
  EXPECT_EQ(wt::normal_quantile(0.5), 0.0);
  EXPECT_EQ(wt::normal_quantile(0.0), -inf);
  EXPECT_EQ(wt::normal_quantile(1.0), inf);
  EXPECT_TRUE(std::isnan(wt::normal_quantile(1.5)));
  // scipy.stats.norm.isf(q)
  EXPECT_REL(wt::normal_isf(1e-300), 37.0470962993612, 1e-14);
  EXPECT_REL(wt::normal_isf(5e-7), 4.891638475698591, 1e-14);
  EXPECT_REL(wt::normal_isf(0.025), 1.9599639845400545, 1e-14);
}

TEST(NormalDistribution, QuantileRoundTrip) {
  // Phi(x(1 + d)) = Phi(x)(1 + ~x^2 d): rounding x to double alone costs
  // ~x^2 * 1.1e-16 relative, so the tolerance grows with x^2.
  for (double lp = -300.0; lp < -0.302; lp += 0.37) {  // p from 1e-300 to ~0.5
    const double p = std::pow(10.0, lp);
    const double x = wt::normal_quantile(p);
    SCOPED_TRACE(p);
    EXPECT_REL(wt::normal_cdf(x), p, 1e-15 + 2.5e-16 * x * x);
    EXPECT_REL(wt::normal_sf(wt::normal_isf(p)), p, 1e-15 + 2.5e-16 * x * x);
  }
}

TEST(UniformDistribution, Cdf) {
  EXPECT_EQ(wt::uniform_cdf(-1.0, -0.5, 1.5), 0.0);
  EXPECT_EQ(wt::uniform_cdf(-0.5, -0.5, 1.5), 0.0);
  EXPECT_EQ(wt::uniform_cdf(0.0, -0.5, 1.5), 0.25);
  EXPECT_EQ(wt::uniform_cdf(1.0, -0.5, 1.5), 0.75);
  EXPECT_EQ(wt::uniform_cdf(1.5, -0.5, 1.5), 1.0);
  EXPECT_EQ(wt::uniform_cdf(7.0, -0.5, 1.5), 1.0);
  EXPECT_TRUE(std::isnan(wt::uniform_cdf(0.0, 1.0, 1.0)));
}

// ---------------------------------------------------------------------------
// Truncated normal
// ---------------------------------------------------------------------------

struct TnCdfCase {
  double x, lo, hi, cdf;
};

TEST(TruncatedNormal, CdfCentralIntervals) {
  // scipy.stats.truncnorm.cdf(x, lo, hi)
  const TnCdfCase cases[] = {
      {0.5, -2.0, 2.0, 0.7005893286629716},
      {-1.9, -2.0, 2.0, 0.006250842867886078},  // hp: 0.0062508428678860846
      {1.99, -2.0, 2.0, 0.9994286684622264},
      {0.3, -0.5, 1.0, 0.5806488335734186},
  };
  for (const TnCdfCase& c : cases) {
    SCOPED_TRACE(c.x);
    EXPECT_REL(wt::truncated_normal_cdf(c.x, 0.0, 1.0, c.lo, c.hi), c.cdf, 1e-14);
  }
  // Location/scale: scipy.stats.truncnorm.cdf(1.625, -2, 2, loc=1.5, scale=0.25)
  // (= the standardized value at 0.5; all numbers are exact in binary).
  EXPECT_REL(wt::truncated_normal_cdf(1.625, 1.5, 0.25, 1.0, 2.0), 0.7005893286629716, 1e-14);
}

TEST(TruncatedNormal, CdfFarTailIntervals) {
  const TnCdfCase cases[] = {
      // hp (scipy.stats.truncnorm.cdf agrees to the relative error in brackets)
      {8.5, 8.0, 9.0, 0.9849406286168291},             // (2e-16)
      {8.01, 8.0, 9.0, 0.07806294368032436},           // (1.3e-13)
      {8.999, 8.0, 9.0, 0.9999983397992195},           // (1e-17)
      {-39.5, -40.0, -39.0, 2.961048103554563e-09},    // (1.1e-14)
      {-39.99, -40.0, -39.0, 3.3609341912283725e-18},  // (2.7e-13)
      {-39.01, -40.0, -39.0, 0.6768496987271487},      // (3e-14)
      {35.5, 35.0, 36.0, 0.9999999781521193},          // (4e-17)
      {100.01, 100.0, 101.0, 0.6321757274157787},      // (1.4e-13)
      {8.2, 8.0, inf, 0.8067926745518263},             // (2e-15)
      {-40.1, -inf, -40.0, 0.0181788985743223},        // (8e-14)
  };
  for (const TnCdfCase& c : cases) {
    SCOPED_TRACE(::testing::Message() << c.x << " in [" << c.lo << ", " << c.hi << "]");
    EXPECT_REL(wt::truncated_normal_cdf(c.x, 0.0, 1.0, c.lo, c.hi), c.cdf, 1e-14);
  }
  // Same far-tail interval in scaled units: N(1, 0.5^2) on [5, 5.5] is
  // standardized [8, 9]; x = 5.25 is 8.5.
  EXPECT_REL(wt::truncated_normal_cdf(5.25, 1.0, 0.5, 5.0, 5.5), 0.9849406286168291, 1e-14);
}

TEST(TruncatedNormal, CdfEdgesMonotonicityAndInvalidParameters) {
  const double intervals[][2] = {{-2.0, 2.0}, {8.0, 9.0}, {-40.0, -39.0}, {0.0, inf}, {-inf, -3.0}};
  for (const auto& iv : intervals) {
    const double lo = iv[0], hi = iv[1];
    SCOPED_TRACE(::testing::Message() << "[" << lo << ", " << hi << "]");
    EXPECT_EQ(wt::truncated_normal_cdf(lo, 0.0, 1.0, lo, hi), 0.0);
    EXPECT_EQ(wt::truncated_normal_cdf(hi, 0.0, 1.0, lo, hi), 1.0);
    EXPECT_EQ(wt::truncated_normal_cdf(-inf, 0.0, 1.0, lo, hi), 0.0);
    EXPECT_EQ(wt::truncated_normal_cdf(inf, 0.0, 1.0, lo, hi), 1.0);
    const double a = std::isinf(lo) ? hi - 10.0 : lo;
    const double b = std::isinf(hi) ? lo + 10.0 : hi;
    double prev = 0.0;
    for (int i = 0; i <= 1000; ++i) {
      const double x = a + (b - a) * i / 1000.0;
      const double f = wt::truncated_normal_cdf(x, 0.0, 1.0, lo, hi);
      ASSERT_GE(f, prev) << "x = " << x;
      ASSERT_LE(f, 1.0);
      prev = f;
    }
  }
  EXPECT_TRUE(std::isnan(wt::truncated_normal_cdf(0.0, 0.0, 0.0, -1.0, 1.0)));
  EXPECT_TRUE(std::isnan(wt::truncated_normal_cdf(0.0, 0.0, 1.0, 1.0, -1.0)));
}

TEST(TruncatedNormal, Moments) {
  struct Case {
    double lo, hi, mean, stddev, mean_rel, std_rel;
  };
  const Case cases[] = {
      // scipy.stats.truncnorm.stats(lo, hi, moments='mv') -> (mean, sqrt(var))
      {-2.0, 2.0, 0.0, 0.8796256610342398, 0.0, 1e-14},
      {-1.0, 3.0, 0.28278611072715404, 0.7849469634044259, 1e-14, 1e-14},
      {0.0, inf, 0.7978845608028654, 0.6028102749890869, 1e-15, 1e-14},
      {-0.5, 1.0, 0.20663121806153306, 0.41566002825204773, 1e-14, 1e-14},
      // hp (scipy's stddev is off by 2e-11 .. 8e-8 relative here)
      {8.0, 9.0, 8.121188992979796, 0.11894764723502567, 1e-14, 1e-12},
      {-40.0, -39.0, -39.02560741993011, 0.025590677409816204, 1e-14, 1e-11},
      {35.0, 36.0, 35.028524970596685, 0.02850184499961821, 1e-14, 1e-11},
      {8.0, inf, 8.121368112236112, 0.119686605112439, 1e-14, 1e-12},
      {-inf, -40.0, -40.02496884720726, 0.024953323998846103, 1e-14, 1e-11},
      {100.0, 101.0, 100.00999800099926, 0.009997002048027372, 1e-14, 1e-10},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "[" << c.lo << ", " << c.hi << "]");
    const wt::mean_stddev m = wt::truncated_normal_moments(0.0, 1.0, c.lo, c.hi);
    if (c.mean == 0.0) {
      EXPECT_NEAR(m.mean, 0.0, 1e-16);
    } else {
      EXPECT_REL(m.mean, c.mean, c.mean_rel);
    }
    EXPECT_REL(m.stddev, c.stddev, c.std_rel);
  }
  // Location/scale: N(1.5, 0.25^2) on [1.25, 2.25] is standardized [-1, 3]
  // (all numbers exact in binary).
  const wt::mean_stddev m = wt::truncated_normal_moments(1.5, 0.25, 1.25, 2.25);
  EXPECT_REL(m.mean, 1.5 + 0.25 * 0.28278611072715404, 1e-15);
  EXPECT_REL(m.stddev, 0.25 * 0.7849469634044259, 1e-14);
}

TEST(TruncatedNormal, MomentsOfNarrowIntervals) {
  // Width w << 1: the stddev ~ w/sqrt(12) is a tiny difference of O(1) terms
  // in the closed form (which would be off by up to 1e-2 here); the support
  // switches to quadrature.  hp, 80 digits: (mean, stddev) on [lo, lo + w].
  // (The hp inputs are the decimal numbers as written, e.g. exactly 5.0001.)
  struct Case {
    double lo, hi, mean, stddev;
  };
  const Case cases[] = {
      {-0.0005, 0.0005, 0.0, 0.00028867512978356064},
      {0.0, 0.0001, 4.9999999958333334e-05, 2.8867513454670037e-05},
      {3.0, 3.01, 3.004974958793672, 0.002886681368217148},
      {5.0, 5.0001, 5.000049995833292, 2.886751327424447e-05},
      {8.0, 8.001, 8.0004993332924, 0.0002886746678464485},
      {40.0, 40.0001, 40.00004996666664, 2.8867501907640815e-05},
      {-100.001, -100.0, -100.00049166801385, 0.0002886029798964729},  // mirror of [100, 100.001]
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "[" << c.lo << ", " << c.hi << "]");
    const wt::mean_stddev m = wt::truncated_normal_moments(0.0, 1.0, c.lo, c.hi);
    // Inputs like 5.0001 are themselves rounded (relative 1e-16 of 5, i.e.
    // 1e-12 of the width), hence the tolerances.
    EXPECT_NEAR(m.mean, c.mean, 1e-9 * (c.hi - c.lo) + 4e-16 * std::fabs(c.mean));
    EXPECT_REL(m.stddev, c.stddev, 1e-9);
  }
}

TEST(TruncatedNormal, ExcessKurtosis) {
  struct Case {
    double lo, hi, kurt;
  };
  const Case cases[] = {
      // scipy.stats.truncnorm.stats(lo, hi, moments='k')
      {-2.0, 2.0, -0.6344632828703505},
      {-1.0, 3.0, -0.20582065135274608},
      {0.0, inf, 0.8691773036059725},
      {-0.5, 1.0, -1.1021705138976785},
      // hp (raw-moment recursion m_k = (k-1) m_{k-2} + (a^{k-1} phi(a) - b^{k-1} phi(b))/Z)
      {8.0, 9.0, 4.678063491684261},
      {-40.0, -39.0, 5.968744357649675},
      {8.0, 30.0, 5.38635372345687},
      {5.0, 5.01, -1.1995814641541374},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "[" << c.lo << ", " << c.hi << "]");
    EXPECT_NEAR(wt::truncated_normal_excess_kurtosis(0.0, 1.0, c.lo, c.hi), c.kurt, 1e-6);
  }
  // Location/scale invariant.
  EXPECT_NEAR(wt::truncated_normal_excess_kurtosis(3.0, 0.5, 2.0, 4.0), -0.6344632828703505, 1e-6);
}

// ---------------------------------------------------------------------------
// Sample moments and tolerances
// ---------------------------------------------------------------------------

TEST(SampleMoments, SmallKnownSample) {
  const std::vector<double> x = {1.0, 2.0, 3.0, 4.0, 10.0};
  const wt::moments m = wt::compute_moments(x.begin(), x.end());
  // numpy: x.mean(), x.std(ddof=1)
  EXPECT_EQ(m.n, 5u);
  EXPECT_DOUBLE_EQ(m.mean, 4.0);
  EXPECT_REL(m.stddev, 3.5355339059327378, 1e-15);
  EXPECT_EQ(m.min, 1.0);
  EXPECT_EQ(m.max, 10.0);
}

TEST(SampleMoments, TwoPassSurvivesLargeOffsetAndFloatInput) {
  // sum(x^2) - n mean^2 would lose everything here; two-pass gives exactly 1.
  const std::vector<double> x = {1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0};
  const wt::moments m = wt::compute_moments(x.begin(), x.end());
  EXPECT_EQ(m.mean, 1e9 + 2.0);
  EXPECT_EQ(m.stddev, 1.0);

  const std::vector<float> f = {0.5f, -0.25f, 2.0f, 1.75f};
  const wt::moments mf = wt::compute_moments(f.begin(), f.end());
  EXPECT_EQ(mf.n, 4u);
  EXPECT_EQ(mf.mean, 1.0);
  EXPECT_REL(mf.stddev, 1.0606601717798212, 1e-15);  // numpy: std(ddof=1) = sqrt(4.5/4)
  EXPECT_EQ(mf.min, -0.25);
  EXPECT_EQ(mf.max, 2.0);
}

TEST(SampleMoments, DegenerateInputs) {
  const std::vector<double> empty;
  const wt::moments me = wt::compute_moments(empty.begin(), empty.end());
  EXPECT_EQ(me.n, 0u);
  EXPECT_TRUE(std::isnan(me.mean));
  const std::vector<double> one = {3.0};
  const wt::moments m1 = wt::compute_moments(one.begin(), one.end());
  EXPECT_EQ(m1.mean, 3.0);
  EXPECT_TRUE(std::isnan(m1.stddev));
  const std::vector<double> with_nan = {1.0, std::nan(""), 2.0};
  const wt::moments mn = wt::compute_moments(with_nan.begin(), with_nan.end());
  EXPECT_TRUE(std::isnan(mn.mean));
  EXPECT_TRUE(std::isnan(mn.stddev));
  EXPECT_TRUE(std::isnan(mn.min));
}

TEST(Tolerances, MatchScipyFormulas) {
  // z = scipy.stats.norm.isf(0.5e-6) = 4.891638475698591
  EXPECT_REL(wt::two_sided_z(1e-6), 4.891638475698591, 1e-14);
  EXPECT_REL(wt::two_sided_z(0.05), 1.9599639845400545, 1e-14);  // norm.isf(0.025)
  // z * 2 / sqrt(10000)
  EXPECT_REL(wt::mean_tolerance(2.0, 10000, 1e-6), 0.09783276951397182, 1e-14);
  // z * (2/2) * sqrt(kurt/n + 2/(n-1)) with kurt = 0 and kurt = -1.2
  EXPECT_REL(wt::stddev_tolerance(2.0, 0.0, 10000, 1e-6), 0.06918167391576723, 1e-14);
  EXPECT_REL(wt::stddev_tolerance(2.0, -1.2, 10000, 1e-6), 0.04375761383525576, 1e-14);
}

// ---------------------------------------------------------------------------
// Kolmogorov-Smirnov
// ---------------------------------------------------------------------------

TEST(Kolmogorov, SurvivalFunctionMatchesScipy) {
  struct Case {
    double lambda, q;
  };
  // scipy.special.kolmogorov(lambda); covers both series (switch at 1.18)
  const Case cases[] = {
      {0.2, 0.999999999999495},     {0.5, 0.9639452436648751},    {0.8, 0.5441424115741981},
      {1.0, 0.26999967167735456},   {1.18, 0.1234538094297657},   {1.5, 0.022217962616525127},
      {2.0, 0.0006709252557796953}, {3.0, 3.045995948942526e-08}, {5.0, 3.8574996959278356e-22},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.lambda);
    EXPECT_REL(wt::kolmogorov_sf(c.lambda), c.q, 1e-13);
  }
  EXPECT_EQ(wt::kolmogorov_sf(0.0), 1.0);
  EXPECT_EQ(wt::kolmogorov_sf(0.01), 1.0);
}

TEST(Kolmogorov, StephensPValueVersusExactDistribution) {
  struct Case {
    double d;
    std::size_t n;
    double p;
  };
  // scipy.stats.kstwo.sf(d, n) (exact finite-n distribution).  Scanning
  // p in [1e-5, 0.5] with kstwo.isf, the Stephens approximation's worst
  // relative error was 2.2% (n=100), 2.9% (n=1e3), 1.2% (n=1e4),
  // 0.39% (n=1e5), 0.13% (n=1e6); we allow 5% for n >= 1000.
  const Case cases[] = {
      {0.05, 1000, 0.013012074781090332},        {0.03, 1000, 0.3226902143914636},
      {0.01, 10000, 0.2682191277029192},         {0.02, 10000, 0.0006616848639387309},
      {0.004, 100000, 0.08130148920222469},      {0.006, 100000, 0.0014871489301131564},
      {0.001, 1000000, 0.26982107442589376},     {0.0015, 1000000, 0.022195758430640866},
      {0.0025, 1000000, 7.4407859767776965e-06},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "D = " << c.d << ", n = " << c.n);
    EXPECT_REL(wt::ks_p_value(c.d, c.n), c.p, 0.05);
  }
}

TEST(KsTest, StatisticMatchesScipyKstest) {
  // scipy.stats.kstest([0.1, 0.4, 0.35, 0.8, 0.95], 'uniform').statistic
  const std::vector<double> u = {0.1, 0.4, 0.35, 0.8, 0.95};
  const wt::ks_result ru =
      wt::ks_test(u.begin(), u.end(), [](double x) { return wt::uniform_cdf(x, 0.0, 1.0); });
  EXPECT_NEAR(ru.statistic, 0.20000000000000007, 1e-15);
  // scipy.stats.kstest([-1.2, 0.3, 0.05, 2.2, -0.4, 0.9], 'norm').statistic
  const std::vector<float> z = {-1.2f, 0.3f, 0.05f, 2.2f, -0.4f, 0.9f};
  const wt::ks_result rz = wt::ks_test(z.begin(), z.end(), wt::normal_cdf);
  EXPECT_NEAR(rz.statistic, 0.18660547250503917, 1e-7);  // float inputs
}

TEST(KsTest, PerfectGridPasses) {
  // (i + 0.5)/n is the best possible n-point approximation of U(0,1):
  // D = 0.5/n exactly, p = 1 to double precision.
  const std::size_t n = 100000;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  const auto cdf = [](double v) { return wt::uniform_cdf(v, 0.0, 1.0); };
  const wt::ks_result r = wt::ks_test(x.begin(), x.end(), cdf);
  EXPECT_NEAR(r.statistic, 0.5 / static_cast<double>(n), 1e-15);
  EXPECT_GT(r.p_value, 0.9999);
  // Order of the input must not matter (a copy is sorted).
  std::vector<double> rev(x.rbegin(), x.rend());
  EXPECT_EQ(wt::ks_test(rev.begin(), rev.end(), cdf).statistic, r.statistic);
}

TEST(KsTest, ShiftedGridFails) {
  const std::size_t n = 100000;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = (static_cast<double>(i) + 0.5) / static_cast<double>(n) + 0.01;
  }
  const wt::ks_result r =
      wt::ks_test(x.begin(), x.end(), [](double v) { return wt::uniform_cdf(v, 0.0, 1.0); });
  EXPECT_NEAR(r.statistic, 0.01 + 0.5 / static_cast<double>(n), 1e-12);
  // scipy.stats.kstwo.sf(0.01 + 0.5/1e5, 100000) = 4.012188860829484e-09
  EXPECT_REL(r.p_value, 4.012188860829484e-09, 0.05);
  EXPECT_LT(r.p_value, 1e-6);
}

TEST(KsTest, NanAndEmptyInputFailLoudly) {
  const std::vector<double> with_nan = {0.1, std::nan(""), 0.5};
  const wt::ks_result r = wt::ks_test(with_nan.begin(), with_nan.end(), wt::normal_cdf);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_EQ(r.p_value, 0.0);
  const std::vector<double> ok = {0.1, 0.5};
  const wt::ks_result rc = wt::ks_test(ok.begin(), ok.end(), [](double) { return std::nan(""); });
  EXPECT_EQ(rc.p_value, 0.0);
  const std::vector<double> empty;
  EXPECT_TRUE(std::isnan(wt::ks_test(empty.begin(), empty.end(), wt::normal_cdf).p_value));
}

// ---------------------------------------------------------------------------
// Discrete (rounded) KS
// ---------------------------------------------------------------------------

TEST(KsTestDiscrete, HandComputedStatistic) {
  // Atoms at k/4 with truncation intervals [k/4, (k+1)/4), null = U(0,1)
  // rounded down, i.e. each atom has probability 1/4.
  const std::vector<double> x = {0.0, 0.0, 0.5, 0.75};
  const auto cdf = [](double v) { return wt::uniform_cdf(v, 0.0, 1.0); };
  const auto lo = [](double v) { return v; };
  const auto hi = [](double v) { return v + 0.25; };
  // F_n(0) = 1/2 vs F(0) = 1/4 -> 0.25; everything else matches.
  EXPECT_DOUBLE_EQ(wt::ks_test_discrete(x.begin(), x.end(), cdf, lo, hi).statistic, 0.25);
  // Against the continuous CDF the ties at 0 look like a 0.5 deviation.
  EXPECT_DOUBLE_EQ(wt::ks_test(x.begin(), x.end(), cdf).statistic, 0.5);
  // rounded_cdf: P(V <= 0.5) = 3/4.
  EXPECT_DOUBLE_EQ(wt::rounded_cdf(cdf, hi)(0.5), 0.75);
}

namespace {
std::vector<double> uniform_grid(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  return x;
}
}  // namespace

TEST(KsTestDiscrete, GridOf256NeedsDiscreteTest) {
  // U(0,1) samples truncated to multiples of 1/256 (8-bit fixed point).  The
  // sample is "perfect" for the rounded distribution, but plain KS sees the
  // empirical CDF jump 1/256 above the continuous CDF at every atom.
  const std::size_t n = 1000000;
  std::vector<double> x = uniform_grid(n);
  for (double& v : x) v = std::floor(v * 256.0) / 256.0;
  const auto cdf = [](double v) { return wt::uniform_cdf(v, 0.0, 1.0); };

  const wt::ks_result rd = wt::ks_test_discrete(
      x.begin(), x.end(), cdf, [](double v) { return v; },
      [](double v) { return v + 1.0 / 256.0; });
  EXPECT_LE(rd.statistic, 1.0 / static_cast<double>(n));
  EXPECT_GT(rd.p_value, 0.999);

  const wt::ks_result rc = wt::ks_test(x.begin(), x.end(), cdf);
  EXPECT_NEAR(rc.statistic, 1.0 / 256.0, 1.0 / static_cast<double>(n));
  // scipy.stats.kstwo.sf(1/256, 1000000) = 1.1123494341842783e-13
  EXPECT_LT(rc.p_value, 1e-10);
}

TEST(KsTestDiscrete, RoundToNearestGridOf256) {
  // Same with round-to-nearest: intervals [v - 1/512, v + 1/512) (clipped to
  // [0, 1] by the CDF).  The bias of the plain test is half as large:
  // D = 1/512, scipy.stats.kstwo.sf(1/512, 1000000) = 9.706406820167608e-04,
  // still a spurious "significant" result, while the discrete test is exact.
  const std::size_t n = 1000000;
  std::vector<double> x = uniform_grid(n);
  for (double& v : x) v = std::nearbyint(v * 256.0) / 256.0;
  const auto cdf = [](double v) { return wt::uniform_cdf(v, 0.0, 1.0); };
  const wt::ks_result rd = wt::ks_test_discrete(
      x.begin(), x.end(), cdf, [](double v) { return v - 1.0 / 512.0; },
      [](double v) { return v + 1.0 / 512.0; });
  EXPECT_LE(rd.statistic, 1.0 / static_cast<double>(n));
  EXPECT_GT(rd.p_value, 0.999);
  const wt::ks_result rc = wt::ks_test(x.begin(), x.end(), cdf);
  EXPECT_NEAR(rc.statistic, 1.0 / 512.0, 1.0 / static_cast<double>(n));
  EXPECT_REL(rc.p_value, 9.706406820167608e-04, 0.05);
}

// ---------------------------------------------------------------------------
// Floating-point formats
// ---------------------------------------------------------------------------

namespace {
float float_from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
std::uint32_t bits_from_float(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
// splitmix64 (Steele, Lea & Flood 2014) -- deterministic test inputs.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

TEST(FloatFormats, Float32RoundingIntervalsMatchNextafter) {
  std::vector<float> values = {1.0f,
                               -1.0f,
                               1.5f,
                               0.75f,
                               -0.75f,
                               2.0f,
                               1e-30f,
                               3.0e38f,
                               std::numeric_limits<float>::min(),  // smallest normal
                               -std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::denorm_min(),
                               float_from_bits(0x00400000u)};  // a subnormal
  std::uint64_t s = 42;
  for (int i = 0; i < 10000; ++i) {
    const float f = float_from_bits(static_cast<std::uint32_t>(splitmix64(s) >> 32));
    if (std::isfinite(f) && std::fabs(f) < std::numeric_limits<float>::max()) values.push_back(f);
  }
  for (const float f : values) {
    if (f == 0.0f) continue;
    SCOPED_TRACE(f);
    const wt::rounding_interval r = wt::binary_rounding_interval(f, wt::float32_format);
    const double v = f;
    EXPECT_EQ(r.lo, 0.5 * (v + static_cast<double>(std::nextafter(f, -INFINITY))));
    EXPECT_EQ(r.hi, 0.5 * (v + static_cast<double>(std::nextafter(f, INFINITY))));
    // Values just inside the interval round to f, just outside do not.
    EXPECT_EQ(static_cast<float>(std::nextafter(r.lo, inf)), f);
    EXPECT_EQ(static_cast<float>(std::nextafter(r.hi, -inf)), f);
  }
  const wt::rounding_interval z = wt::binary_rounding_interval(0.0, wt::float32_format);
  EXPECT_EQ(z.hi, 0.5 * static_cast<double>(std::numeric_limits<float>::denorm_min()));
  EXPECT_EQ(z.lo, -z.hi);
}

TEST(FloatFormats, Bfloat16RoundingIntervalsMatchBitNeighbours) {
  // bfloat16 = upper 16 bits of a float; neighbours differ by 0x10000 in the
  // float bit pattern.
  std::uint64_t s = 7;
  for (int i = 0; i < 10000; ++i) {
    std::uint32_t u = static_cast<std::uint32_t>(splitmix64(s) >> 32) & 0xffff0000u;
    if (i < 4)
      u = (i % 2 ? 0x80000000u : 0u) |
          (i < 2 ? 0x00010000u : 0x00800000u);  // subnormal, min normal
    const std::uint32_t mag = u & 0x7fffffffu;
    if (mag == 0 || mag >= 0x7f7f0000u) continue;  // zero, largest finite, inf, nan
    const float f = float_from_bits(u);
    SCOPED_TRACE(f);
    const float toward0 = float_from_bits(u - 0x10000u);
    const float away = float_from_bits(u + 0x10000u);
    const float below = f > 0 ? toward0 : away;
    const float above = f > 0 ? away : toward0;
    const wt::rounding_interval r = wt::binary_rounding_interval(f, wt::bfloat16_format);
    EXPECT_EQ(r.lo, 0.5 * (static_cast<double>(f) + static_cast<double>(below)));
    EXPECT_EQ(r.hi, 0.5 * (static_cast<double>(f) + static_cast<double>(above)));
  }
}

TEST(FloatFormats, Float16RoundingIntervalsHandPicked) {
  // IEEE half: 11-bit significand, smallest normal 2^-14, subnormal spacing 2^-24.
  wt::rounding_interval r = wt::binary_rounding_interval(1.0, wt::float16_format);
  EXPECT_EQ(r.lo, 1.0 - std::ldexp(1.0, -12));
  EXPECT_EQ(r.hi, 1.0 + std::ldexp(1.0, -11));
  r = wt::binary_rounding_interval(-1.5, wt::float16_format);
  EXPECT_EQ(r.lo, -1.5 - std::ldexp(1.0, -11));
  EXPECT_EQ(r.hi, -1.5 + std::ldexp(1.0, -11));
  r = wt::binary_rounding_interval(std::ldexp(1.0, -14), wt::float16_format);
  EXPECT_EQ(r.lo, std::ldexp(1.0, -14) - std::ldexp(1.0, -25));
  EXPECT_EQ(r.hi, std::ldexp(1.0, -14) + std::ldexp(1.0, -25));
  r = wt::binary_rounding_interval(std::ldexp(3.0, -24), wt::float16_format);  // subnormal
  EXPECT_EQ(r.lo, std::ldexp(2.5, -24));
  EXPECT_EQ(r.hi, std::ldexp(3.5, -24));
}

TEST(FloatFormats, RoundToFormatMatchesFloatConversion) {
  std::uint64_t s = 99;
  for (int i = 0; i < 100000; ++i) {
    // doubles spanning normal and subnormal float ranges
    const double mant = static_cast<double>(splitmix64(s) >> 11) * 0x1p-53 * 2.0 - 1.0;
    const int e = static_cast<int>(splitmix64(s) % 280) - 160;  // |x| < 2^120
    const double x = std::ldexp(mant, e);
    SCOPED_TRACE(x);
    ASSERT_EQ(wt::round_to_format(x, wt::float32_format),
              static_cast<double>(static_cast<float>(x)));
    // bfloat16: round-to-nearest-even on the bits of a float value
    const float f = static_cast<float>(x);
    const std::uint32_t u = bits_from_float(f);
    const std::uint32_t rounded = (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
    if (std::fabs(f) < 3e38f) {
      ASSERT_EQ(wt::round_to_format(static_cast<double>(f), wt::bfloat16_format),
                static_cast<double>(float_from_bits(rounded)));
    }
  }
}

TEST(KsTestDiscrete, Bfloat16NormalSampleNeedsRoundingAwareTest) {
  // A perfect N(0,1) quantile grid rounded to bfloat16 precision: the
  // rounding-aware test sees D ~ 1/n; the plain one sees the rounding bias
  // (~1e-3, the CDF change across half a bfloat16 step).
  const std::size_t n = 1000000;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = wt::round_to_format(
        wt::normal_quantile((static_cast<double>(i) + 0.5) / static_cast<double>(n)),
        wt::bfloat16_format);
  }
  const wt::ks_result rd =
      wt::ks_test_rounded(x.begin(), x.end(), wt::normal_cdf, wt::bfloat16_format);
  EXPECT_LE(rd.statistic, 1.0 / static_cast<double>(n));
  EXPECT_GT(rd.p_value, 0.999);
  const wt::ks_result rc = wt::ks_test(x.begin(), x.end(), wt::normal_cdf);
  EXPECT_GT(rc.statistic, 5e-4);
}
