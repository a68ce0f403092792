// Golden values: the default generator's outputs, pinned bit for bit.
//
// What is promised: for a given seed, initializer, parameters, shape and scalar type, these
// values never change between releases, compilers, instruction sets or platforms (the CI also
// builds this test at several -march levels). Changing any of them is a breaking change that
// needs a major version.
//
// The pinned numbers were not just copied from the implementation: every one of the
// elementwise initializers is also recomputed here from the documented stream layout
// (detail/sampling.hpp) with Random123's Philox and long-double libm arithmetic, and must
// agree within a few ulps; the pins then add the last bits.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "weightinit/weightinit.hpp"

#if WEIGHTINIT_HAVE_RANDOM123
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif
#include <Random123/philox.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#endif

namespace {

using namespace weightinit;

constexpr seed_type kSeed = 0x0000002A0000002Aull;  // both key words non-zero

struct golden {
  std::string name;
  std::vector<std::uint32_t> float_bits;
  std::vector<std::uint64_t> double_bits;
};

// Shape (2, 3), seed kSeed. RandomNormal(0, 1), RandomUniform(-1, 1), TruncatedNormal(0, 1),
// VarianceScaling(0.1, "fan_in", "uniform"), Orthogonal(1.0), the rest with defaults.
const std::vector<golden> kGolden = {
    {"RandomNormal",
     {0xbf14b7d4u, 0xbfc1040bu, 0xbe8cb471u, 0xbf07004fu, 0xbf584f42u, 0xbeb7cd7bu},
     {0xbfd967f38fdbb2d8ull, 0xbfe8604e77c724d7ull, 0x3fc0bac16f4c94c4ull, 0xbff0ff46176dc247ull,
      0xbfb861dc987c4706ull, 0xbfcedf2e47b3320eull}},
    {"RandomUniform",
     {0xbeea81bcu, 0x3ec411f0u, 0x3f2d0660u, 0x3eb1b4d0u, 0x3e9fdd58u, 0x3e02f368u},
     {0x3fd8823e5022afc8ull, 0x3fd6369a476b4198ull, 0x3fc05e6d56a7f750ull, 0x3fe13f366869027aull,
      0x3fede24fa834d6dcull, 0x3fd8569393b63c04ull}},
    {"TruncatedNormal",
     {0xbf14b7d4u, 0xbfc1040bu, 0xbe8cb471u, 0xbf07004fu, 0xbf584f42u, 0xbeb7cd7bu},
     {0xbfd967f38fdbb2d8ull, 0xbfe8604e77c724d7ull, 0x3fc0bac16f4c94c4ull, 0xbff0ff46176dc247ull,
      0xbfb861dc987c4706ull, 0xbfcedf2e47b3320eull}},
    {"VarianceScaling",
     {0xbe35a5efu, 0x3e17e010u, 0x3e860646u, 0x3e09a694u, 0x3df7a948u, 0x3d4ade40u},
     {0x3fc2fc020f686c54ull, 0x3fc134d2cf2ce750ull, 0x3fa95bc8210a8798ull, 0x3fcab804913202f0ull,
      0x3fd725e7d1b2b304ull, 0x3fc2da2f0c69f9ecull}},
    {"GlorotNormal",
     {0xbed5dbb2u, 0xbf8ac786u, 0xbe4a55c8u, 0xbec22218u, 0xbf1b871bu, 0xbe8427b4u},
     {0xbfd244602cc9cf95ull, 0xbfe186d047f5d86bull, 0x3fb80ea5ed12c634ull, 0xbfe8712d93c37562ull,
      0xbfb187ee897dd4efull, 0xbfc6326dd5f71baaull}},
    {"GlorotUniform",
     {0xbf0071d5u, 0x3ed6c8b4u, 0x3f3d8a0eu, 0x3ec2aae0u, 0x3eaf1f78u, 0x3e0f7310u},
     {0x3fdad916dbfb85bcull, 0x3fd8555c70d0d074ull, 0x3fc1ee6205c1f690ull, 0x3fe2e49f7cd3b3caull,
      0x3ff05e3f7c90d093ull, 0x3fdaa9412ae34c3cull}},
    {"HeNormal",
     {0xbf2911dau, 0xbfdb6df2u, 0xbe9ff5bdu, 0xbf1979cbu, 0xbf75e936u, 0xbed0f49fu},
     {0xbfdce1ffca1231cdull, 0xbfebb64673b76198ull, 0x3fc304d6bfd0b893ull, 0xbff352bbcbe0e5a9ull,
      0xbfbbb80b0ffda771ull, 0xbfd18c5ac78622dfull}},
    {"HeUniform",
     {0xbf4b16bdu, 0x3f29cd3au, 0x3f95d80du, 0x3f19e5eeu, 0x3f0a7262u, 0x3e62d040u},
     {0x3fe539a778867fc4ull, 0x3fe33cbe0b2e0b8cull, 0x3fcc5a085baa63e8ull, 0x3feddf5f57877e04ull,
      0x3ff9e15d22c42a90ull, 0x3fe513d666c35894ull}},
    {"LecunNormal",
     {0xbeef19c9u, 0xbf9b28fau, 0xbe6237aeu, 0xbed90c28u, 0xbf2de2a4u, 0xbe93c0ffu},
     {0xbfd46c58d241092cull, 0xbfe39868fc8fb31cull, 0x3fbae593f4dbe1b2ull, 0xbfeb53bcdb13982cull,
      0xbfb399a907cdcfd3ull, 0xbfc8d126188e6dfaull}},
    {"LecunUniform",
     {0xbf0f9b01u, 0x3ef022c4u, 0x3f53e94eu, 0x3ed9a518u, 0x3ec3cb1cu, 0x3e2061a0u},
     {0x3fde0458f1bc4b70ull, 0x3fdb34a32ee0004cull, 0x3fc40c3440287228ull, 0x3fe51f8247785282ull,
      0x3ff24cd6f535cd66ull, 0x3fddceddd83b8514ull}},
    {"Orthogonal",
     {0xbf6d14ccu, 0x3e9c1d4fu, 0xbe638710u, 0xbe923f91u, 0xbf738f5bu, 0xbdeb9ca6u},
     {0xbfeda2998f466934ull, 0x3fd383a9de4453f6ull, 0xbfcc70e1f55345a0ull, 0xbfd247f216e91d84ull,
      0xbfee71eb6e9dd705ull, 0xbfbd7394bf3fc24eull}},
};

template <class T>
std::vector<T> sample(const std::string& name, const shape_type& shape) {
  if (name == "RandomNormal") return RandomNormal(0.0, 1.0, kSeed).values<T>(shape);
  if (name == "RandomUniform") return RandomUniform(-1.0, 1.0, kSeed).values<T>(shape);
  if (name == "TruncatedNormal") return TruncatedNormal(0.0, 1.0, kSeed).values<T>(shape);
  if (name == "VarianceScaling") {
    return VarianceScaling(0.1, "fan_in", "uniform", kSeed).values<T>(shape);
  }
  if (name == "GlorotNormal") return GlorotNormal(kSeed).values<T>(shape);
  if (name == "GlorotUniform") return GlorotUniform(kSeed).values<T>(shape);
  if (name == "HeNormal") return HeNormal(kSeed).values<T>(shape);
  if (name == "HeUniform") return HeUniform(kSeed).values<T>(shape);
  if (name == "LecunNormal") return LecunNormal(kSeed).values<T>(shape);
  if (name == "LecunUniform") return LecunUniform(kSeed).values<T>(shape);
  if (name == "Orthogonal") return Orthogonal(1.0, kSeed).values<T>(shape);
  ADD_FAILURE() << "unknown " << name;
  return {};
}

template <class Bits, class T>
Bits bits_of(T value) {
  Bits b;
  std::memcpy(&b, &value, sizeof b);
  return b;
}

TEST(Golden, ValuesArePinnedBitForBit) {
  for (const auto& g : kGolden) {
    const auto f = sample<float>(g.name, {2, 3});
    const auto d = sample<double>(g.name, {2, 3});
    ASSERT_EQ(f.size(), g.float_bits.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(bits_of<std::uint32_t>(f[i]), g.float_bits[i])
          << g.name << " float32 [" << i << "]";
      EXPECT_EQ(bits_of<std::uint64_t>(d[i]), g.double_bits[i])
          << g.name << " float64 [" << i << "]";
    }
  }
}

#if WEIGHTINIT_HAVE_RANDOM123

// An independent reading of the documented stream layout.
class reference_stream {
 public:
  explicit reference_stream(seed_type seed) {
    key_.v[0] = std::uint32_t(seed);
    key_.v[1] = std::uint32_t(seed >> 32);
  }
  std::array<std::uint32_t, 4> block(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                                     std::uint32_t c3) const {
    r123::Philox4x32_R<10> philox;
    r123::Philox4x32_R<10>::ctr_type counter = {{c0, c1, c2, c3}};
    const auto out = philox(counter, key_);
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
  }
  std::array<std::uint32_t, 4> main_block(std::uint64_t b) const {
    return block(std::uint32_t(b), std::uint32_t(b >> 32), 0, 0);
  }
  std::array<std::uint32_t, 4> retry_block(std::uint64_t i, std::uint32_t k) const {
    return block(std::uint32_t(i), std::uint32_t(i >> 32), k, 1);
  }

 private:
  r123::Philox4x32_R<10>::key_type key_;
};

using real = long double;
const real kTwoPi = 6.283185307179586476925286766559L;

// Uniform [0, 1) of lane `lane`: float lanes are words, double lanes pairs of words.
real ref_uniform(const std::array<std::uint32_t, 4>& w, int lane, bool is_double) {
  if (!is_double) return real(w[std::size_t(lane)] >> 8) / 16777216.0L;
  const std::uint64_t x =
      std::uint64_t(w[std::size_t(2 * lane)]) | (std::uint64_t(w[std::size_t(2 * lane + 1)]) << 32);
  return real(x >> 11) / 9007199254740992.0L;
}

// Box-Muller normals of a block: 4 (float) or 2 (double).
std::vector<real> ref_normals(const std::array<std::uint32_t, 4>& w, bool is_double) {
  if (!is_double) {
    std::vector<real> z;
    for (int p = 0; p < 2; ++p) {
      const real r = std::sqrt(-2 * std::log((real(w[std::size_t(2 * p)]) + 1) / 4294967296.0L));
      const real theta = kTwoPi * real(w[std::size_t(2 * p + 1)]) / 4294967296.0L;
      z.push_back(r * std::cos(theta));
      z.push_back(r * std::sin(theta));
    }
    return z;
  }
  const std::uint64_t a = std::uint64_t(w[0]) | (std::uint64_t(w[1]) << 32);
  const std::uint64_t b = std::uint64_t(w[2]) | (std::uint64_t(w[3]) << 32);
  const real r = std::sqrt(-2 * std::log((real(a >> 11) + 1) / 9007199254740992.0L));
  const real theta = kTwoPi * real(b) / 18446744073709551616.0L;
  return {r * std::cos(theta), r * std::sin(theta)};
}

enum class kind { uniform, normal, truncated };

// Reference value of element i of U[lo, hi), N(mean, sd) or N(mean, sd) truncated to +-2 sd.
real reference(const reference_stream& s, kind k, double p0, double p1, std::uint64_t i,
               bool is_double) {
  const std::uint64_t lanes = is_double ? 2 : 4;
  const auto w = s.main_block(i / lanes);
  const int lane = int(i % lanes);
  if (k == kind::uniform) return p0 + (p1 - p0) * ref_uniform(w, lane, is_double);
  real z = ref_normals(w, is_double)[std::size_t(lane)];
  if (k == kind::truncated) {
    for (std::uint32_t attempt = 0; std::abs(z) > 2; ++attempt) {
      for (real candidate : ref_normals(s.retry_block(i, attempt), is_double)) {
        z = candidate;
        if (std::abs(z) <= 2) break;
      }
    }
  }
  return p0 + p1 * z;
}

struct reference_case {
  std::string name;
  kind k;
  double p0, p1;  // parameters of the distribution for shape (2, 3)
};

// Parameters for shape (2, 3): fan_in 2, fan_out 3, fan_avg 2.5; truncated normals divide
// their standard deviation by 0.87962566103423978.
std::vector<reference_case> reference_cases() {
  const double c = 0.87962566103423978;
  return {{"RandomNormal", kind::normal, 0, 1},
          {"RandomUniform", kind::uniform, -1, 1},
          {"TruncatedNormal", kind::truncated, 0, 1},
          {"VarianceScaling", kind::uniform, -std::sqrt(0.3 / 2), std::sqrt(0.3 / 2)},
          {"GlorotNormal", kind::truncated, 0, std::sqrt(1 / 2.5) / c},
          {"GlorotUniform", kind::uniform, -std::sqrt(3 / 2.5), std::sqrt(3 / 2.5)},
          {"HeNormal", kind::truncated, 0, std::sqrt(2 / 2.0) / c},
          {"HeUniform", kind::uniform, -std::sqrt(6 / 2.0), std::sqrt(6 / 2.0)},
          {"LecunNormal", kind::truncated, 0, std::sqrt(1 / 2.0) / c},
          {"LecunUniform", kind::uniform, -std::sqrt(3 / 2.0), std::sqrt(3 / 2.0)}};
}

TEST(Golden, PinsAgreeWithAnIndependentReference) {
  const reference_stream stream(kSeed);
  for (const auto& rc : reference_cases()) {
    const auto f = sample<float>(rc.name, {2, 3});
    const auto d = sample<double>(rc.name, {2, 3});
    for (std::uint64_t i = 0; i < 6; ++i) {
      const real rf = reference(stream, rc.k, rc.p0, rc.p1, i, false);
      const real rd = reference(stream, rc.k, rc.p0, rc.p1, i, true);
      // Float: the uniform variate and the angle are rounded to 24 bits; a few float ulps.
      EXPECT_NEAR(double(f[i]), double(rf), 4e-7 * (1 + std::abs(double(rf)))) << rc.name << i;
      EXPECT_NEAR(d[i], double(rd), 1e-14 * (1 + std::abs(double(rd)))) << rc.name << i;
    }
  }
}

TEST(Golden, LongRunsAgreeWithTheReferenceIncludingRejections) {
  // 20000 truncated normals hit the retry path about 900 times.
  const reference_stream stream(kSeed);
  const auto f = TruncatedNormal(0.0, 1.0, kSeed).values<float>({20000});
  const auto d = TruncatedNormal(0.0, 1.0, kSeed).values<double>({20000});
  const auto n = RandomNormal(0.0, 1.0, kSeed).values<float>({20000});
  int retried = 0;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    retried += std::abs(n[i]) > 2;
    const real rf = reference(stream, kind::truncated, 0, 1, i, false);
    const real rd = reference(stream, kind::truncated, 0, 1, i, true);
    ASSERT_NEAR(double(f[i]), double(rf), 1e-6) << i;
    ASSERT_NEAR(d[i], double(rd), 1e-14) << i;
  }
  EXPECT_GT(retried, 500);
}

#else
TEST(Golden, PinsAgreeWithAnIndependentReference) {
  GTEST_FAIL() << "built without Random123 (Debian librandom123-dev), the reference oracle";
}
#endif

}  // namespace
